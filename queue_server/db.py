"""The database: engines (SQLite WAL with immediate writes, or PostgreSQL) and the UnitOfWork."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Self

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from catalog.model import Catalog
from queue_server.clock import Clock
from queue_server.events import Event, EventBus, payload_of
from queue_server.models import AuditEntry
from queue_server.settings import HallSettings

log = logging.getLogger(__name__)

SQLITE_BUSY_TIMEOUT_MS = 30_000


def make_engine(database_url: str) -> Engine:
    """An engine for the URL; SQLite gets WAL, a busy timeout and BEGIN IMMEDIATE writes."""
    if database_url.startswith("sqlite"):
        engine = create_engine(
            database_url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000,
                                        "check_same_thread": False})
        _make_sqlite_serialise_writers(engine)
        return engine
    return create_engine(database_url, pool_size=10, max_overflow=20, pool_pre_ping=True)


def _make_sqlite_serialise_writers(engine: Engine) -> None:
    # SQLAlchemy's documented pysqlite recipe: take over BEGIN from the driver, so a write
    # transaction takes the write lock at its start; two writers never read the same counter.
    @event.listens_for(engine, "connect")
    def on_connect(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(connection) -> None:
        if connection.get_execution_options().get("hall_read_only"):
            connection.exec_driver_sql("BEGIN")
        else:
            connection.exec_driver_sql("BEGIN IMMEDIATE")


def _make_write_lock(engine: Engine) -> threading.Lock | None:
    """SQLite takes one writer at a time; in-process writers queue on a lock in turn rather
    than poll the busy handler, whose growing sleeps starve some of them (seconds of tail
    latency under load). BEGIN IMMEDIATE still guards against other processes."""
    return threading.Lock() if engine.dialect.name == "sqlite" else None


@dataclass(frozen=True)
class Database:
    """The engine, session factories for writes and for reads (reads never take SQLite's
    write lock), and SQLite's in-process write lock."""

    engine: Engine
    writes: sessionmaker
    reads: sessionmaker
    write_lock: threading.Lock | None

    @classmethod
    def connect(cls, database_url: str) -> Database:
        engine = make_engine(database_url)
        return cls(engine=engine,
                   writes=sessionmaker(engine, expire_on_commit=False),
                   reads=sessionmaker(engine.execution_options(hall_read_only=True),
                                      expire_on_commit=False),
                   write_lock=_make_write_lock(engine))


class UnitOfWork:
    """One transaction. Events recorded inside it are published only after it commits."""

    session: Session
    now: datetime

    def __init__(self, sessions: sessionmaker, bus: EventBus, clock: Clock,
                 write_lock: threading.Lock | None = None, *, catalog: Catalog,
                 settings: HallSettings) -> None:
        self._sessions, self._bus, self._clock = sessions, bus, clock
        self.catalog, self.settings = catalog, settings  # what the service functions decide by
        self._write_lock = write_lock
        self._events: list[tuple[Event, AuditEntry]] = []

    def __enter__(self) -> Self:
        if self._write_lock is not None:
            self._write_lock.acquire()
        try:
            self.session, self.now, self._events = self._sessions(), self._clock.now(), []
        except BaseException:
            self._release()
            raise
        return self

    def _release(self) -> None:
        if self._write_lock is not None:
            self._write_lock.release()

    def record(self, event: Event) -> None:
        """Write the event's audit row in this transaction and publish it after commit."""
        entry = AuditEntry(
            at=event.at, kind=event.wire_name, actor=event.actor,
            ticket_id=getattr(event, "ticket_id", None),
            window_no=getattr(event, "window_no", None),
            payload=payload_of(event))
        self.session.add(entry)
        self._events.append((event, entry))
        log.info("%s %s", event.wire_name, payload_of(event))

    def __exit__(self, exc_type, exc, tb) -> None:
        events: list[Event] = []
        try:
            if exc_type is None:
                self.session.flush()  # the audit ids become the events' seq
                events = [replace(event, seq=entry.id) for event, entry in self._events]
                self.session.commit()
            else:
                self.session.rollback()
        finally:
            self.session.close()
            self._release()
        if exc_type is None:  # reached only if the commit succeeded
            self._events = []
            if events:
                self._bus.publish(events)
