"""The application factory: the only place where the parts of the hall meet."""

from __future__ import annotations

import logging
from dataclasses import replace

from flask import Flask

import display
from catalog.loader import load_catalog
from catalog.search import SearchIndex
from printer.devices import device_from_url
from queue_server.clock import Clock
from queue_server.config import Config
from queue_server.db import Database
from queue_server.events import EventBus, TicketIssued, TicketReprinted
from queue_server.hall import Hall
from queue_server.printer_link import PrinterLink
from queue_server.realtime import StaffSockets, socketio
from queue_server.rules import RulesProvider
from queue_server.screens import Screens
from queue_server.screens.broadcast import Broadcaster
from queue_server.screens.relay import EventRelay
from queue_server.spool import SpoolWorker
from queue_server.web import (
    admin,
    admin_periods,
    api,
    assets,
    auth,
    booking,
    errors,
    headers,
    home,
    i18n,
    kiosk,
    kiosk_devices,
    live,
    phone,
    priority,
    proxy,
    qr,
    ratings,
    reports,
    reprint,
    rules_admin,
    staff_admin,
    window,
)
from queue_server.workers import Workers


def create_app(config: Config, *, clock: Clock | None = None, device=None) -> Flask:
    """Build the hall app; refuses to start on a malformed catalog (MalformedCatalog)."""
    app = Flask(__name__, instance_path=str(config.data_dir))
    app.config.update(SECRET_KEY=config.secret_key, TESTING=config.testing,
                      JSON_AS_ASCII=False, HALL_CONFIG=config,
                      ANNOUNCE_READING=config.announce_reading)
    app.json.ensure_ascii = False
    catalog = load_catalog(config.catalog_path)
    database = Database.connect(config.database_url)
    rules = RulesProvider(database, replace(config.settings,
                                            announce_reading=config.announce_reading))
    hall = Hall(catalog=catalog, search=SearchIndex(catalog),
                clock=clock or config.make_clock(), database=database,
                bus=EventBus(),
                printer=PrinterLink(device or device_from_url(config.printer_url,
                                                              data_dir=config.data_dir)),
                rules=rules)
    # the board's reading: an admin's rule wins over ANNOUNCE_READING (display/ asks this)
    app.config["ANNOUNCE_READING_RULE"] = lambda: rules.stored("announce_reading")
    screens = Screens(hall, kiosk_words=kiosk.kiosk_words)
    # threading set explicitly: installing gevent or eventlet must not change the server.
    # Each process serves its own sockets; other processes' events come through the relay.
    socketio.init_app(app, async_mode="threading")
    broadcaster = Broadcaster(screens, socketio)
    hall.bus.subscribe_batches(rules.heard)  # before the screens: they read the new rules
    hall.bus.subscribe_batches(broadcaster)
    staff_sockets = StaffSockets(socketio)  # ended logins leave the staff rooms
    hall.bus.subscribe_batches(staff_sockets)
    relay = None
    if config.message_queue_url:
        def deliver(events: list) -> None:  # another process's events
            rules.heard(events)
            broadcaster(events)
            staff_sockets(events)

        relay = EventRelay(config.message_queue_url, deliver=deliver,
                           refresh=broadcaster.refresh)
        hall.bus.subscribe_batches(relay)
    spool = SpoolWorker(hall)
    hall.bus.subscribe(TicketIssued, lambda _event: spool.wakeup.set())
    hall.bus.subscribe(TicketReprinted, lambda _event: spool.wakeup.set())
    app.extensions.update(hall=hall, hall_screens=screens, hall_broadcaster=broadcaster,
                          hall_staff_sockets=staff_sockets,
                          hall_workers=Workers(hall, broadcaster, spool, relay))
    errors.register(app)
    i18n.install(app)
    auth.install(app)
    kiosk_devices.install(app)
    headers.install(app)  # CSP, nosniff, Referrer-Policy, HSTS over TLS
    proxy.install(app, proxy.parse_trusted(config.trusted_proxies))
    for blueprint in (home.bp, api.bp, assets.bp, auth.bp, window.bp, admin.bp, display.bp,
                      kiosk.bp, kiosk_devices.bp, live.bp, phone.bp, qr.bp, ratings.bp,
                      reports.bp, rules_admin.bp, staff_admin.bp, reprint.bp, booking.bp,
                      priority.bp):
        app.register_blueprint(blueprint)
    app.register_blueprint(admin_periods.bp)  # dated hours, suspended and moved services
    logging.getLogger("queue_server").setLevel(logging.INFO)
    return app
