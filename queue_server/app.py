"""The application factory: the only place where the parts of the hall meet."""

from __future__ import annotations

import logging

from flask import Flask

import display
from catalog.loader import load_catalog
from catalog.search import SearchIndex
from printer.devices import device_from_url
from queue_server.clock import Clock
from queue_server.config import Config
from queue_server.db import Database
from queue_server.events import EventBus, TicketIssued
from queue_server.hall import Hall
from queue_server.printer_link import PrinterLink
from queue_server.realtime import socketio
from queue_server.screens import Screens
from queue_server.screens.broadcast import Broadcaster
from queue_server.screens.relay import EventRelay
from queue_server.spool import SpoolWorker
from queue_server.web import (
    admin,
    api,
    assets,
    auth,
    booking,
    errors,
    home,
    i18n,
    kiosk,
    live,
    phone,
    priority,
    qr,
    ratings,
    reports,
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
    hall = Hall(catalog=catalog, search=SearchIndex(catalog),
                clock=clock or config.make_clock(), database=Database.connect(config.database_url),
                bus=EventBus(),
                printer=PrinterLink(device or device_from_url(config.printer_url,
                                                              data_dir=config.data_dir)),
                settings=config.settings)
    screens = Screens(hall, kiosk_words=kiosk.kiosk_words)
    # threading set explicitly: installing gevent or eventlet must not change the server.
    # Each process serves its own sockets; other processes' events come through the relay.
    socketio.init_app(app, async_mode="threading")
    broadcaster = Broadcaster(screens, socketio)
    hall.bus.subscribe_batches(broadcaster)
    relay = None
    if config.message_queue_url:
        relay = EventRelay(config.message_queue_url, deliver=broadcaster,
                           refresh=broadcaster.refresh)
        hall.bus.subscribe_batches(relay)
    spool = SpoolWorker(hall)
    hall.bus.subscribe(TicketIssued, lambda _event: spool.wakeup.set())
    app.extensions.update(hall=hall, hall_screens=screens, hall_broadcaster=broadcaster,
                          hall_workers=Workers(hall, broadcaster, spool, relay))
    errors.register(app)
    i18n.install(app)
    auth.install(app)
    for blueprint in (home.bp, api.bp, assets.bp, auth.bp, window.bp, admin.bp, display.bp,
                      kiosk.bp, live.bp, phone.bp, qr.bp, ratings.bp, reports.bp, booking.bp,
                      priority.bp):
        app.register_blueprint(blueprint)
    logging.getLogger("queue_server").setLevel(logging.INFO)
    return app
