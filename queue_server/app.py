"""The application factory: the only place where the parts of the hall meet."""

from __future__ import annotations

import logging

from flask import Flask

import display
from catalog.loader import load_catalog
from printer.devices import device_from_url
from queue_server.clock import Clock
from queue_server.config import Config
from queue_server.db import make_engine, make_sessions, make_write_lock
from queue_server.events import Event, EventBus, TicketIssued
from queue_server.hall import Hall
from queue_server.realtime import Broadcaster, socketio
from queue_server.spool import PrinterState, SpoolWorker
from queue_server.web import (
    admin,
    api,
    assets,
    auth,
    errors,
    home,
    i18n,
    kiosk,
    phone,
    qr,
    window,
)


def create_app(config: Config, *, clock: Clock | None = None, device=None) -> Flask:
    """Build the hall app; refuses to start on a malformed catalog (MalformedCatalog)."""
    app = Flask(__name__, instance_path=str(config.data_dir))
    app.config.update(SECRET_KEY=config.secret_key, TESTING=config.testing,
                      JSON_AS_ASCII=False, HALL_CONFIG=config,
                      ANNOUNCE_READING=config.announce_reading)
    app.json.ensure_ascii = False
    catalog = load_catalog(config.catalog_path)
    engine = make_engine(config.database_url)
    writes, reads = make_sessions(engine)
    hall = Hall(catalog=catalog, clock=clock or config.make_clock(), writes=writes,
                reads=reads, bus=EventBus(), settings=config.settings,
                device=device or device_from_url(config.printer_url, data_dir=config.data_dir))
    hall.engine = engine
    hall.write_lock = make_write_lock(engine)
    app.extensions["hall"] = hall
    # threading set explicitly: installing gevent or eventlet must not change the server.
    socketio.init_app(app, async_mode="threading", message_queue=config.message_queue_url)
    broadcaster = Broadcaster(hall, socketio)
    hall.broadcaster = broadcaster
    hall.bus.subscribe(Event, broadcaster)
    hall.spool = SpoolWorker(hall)
    hall.printer_state = PrinterState("unknown")
    hall.bus.subscribe(TicketIssued, lambda _event: hall.spool.wakeup.set())
    errors.register(app)
    i18n.install(app)
    auth.install(app)
    for blueprint in (home.bp, api.bp, assets.bp, auth.bp, window.bp, admin.bp, display.bp,
                      kiosk.bp, phone.bp, qr.bp):
        app.register_blueprint(blueprint)
    logging.getLogger("queue_server").setLevel(logging.INFO)
    return app
