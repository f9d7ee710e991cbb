"""The Hall: the parts handed in (catalog, clock, database, bus, printer) and the settings."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from catalog.model import Catalog
from catalog.search import SearchIndex
from queue_server.clock import Clock
from queue_server.db import UnitOfWork
from queue_server.events import EventBus


@dataclass(frozen=True)
class HallSettings:
    """Rules an admin may tune; documented in docs/architecture.md."""

    cutoff: timedelta = timedelta(minutes=15)  # last ticket this long before closing
    default_service_minutes: float = 5.0  # estimate until a post has history today
    recent_tickets_for_mean: int = 20  # finished tickets the mean service time looks at
    requeue_places: int = 3  # a returning no-show goes back this many places down
    public_base_url: str = "http://127.0.0.1:5000"  # for the status page's QR code
    kiosk_idle_seconds: int = 20  # the issued ticket stays on the kiosk screen this long
    kiosk_browse_idle_seconds: int = 90  # an untouched kiosk page goes back home after this
    alert_when_ahead: int = 3  # the phone page alerts when this few people are ahead
    paper_mm: int = 80  # ticket paper width: 58 or 80


@dataclass
class Hall:
    catalog: Catalog
    clock: Clock
    writes: sessionmaker
    reads: sessionmaker
    bus: EventBus
    settings: HallSettings = field(default_factory=HallSettings)
    device: Any = None
    search: SearchIndex | None = None
    write_lock: Any = None  # SQLite: in-process writers take turns (db.make_write_lock)
    engine: Any = None  # the SQLAlchemy engine (disposed by tests and benchmarks)
    broadcaster: Any = None  # realtime.Broadcaster; run.py serve starts its thread
    spool: Any = None  # spool.SpoolWorker; run.py serve starts its thread
    printer_state: Any = None  # spool.PrinterState, as the spool last saw the printer

    def __post_init__(self) -> None:
        if self.search is None:
            self.search = SearchIndex(self.catalog)

    def unit_of_work(self, *, read_only: bool = False) -> UnitOfWork:
        """One transaction; `read_only` ones never take SQLite's write lock."""
        if read_only:
            uow = UnitOfWork(self.reads, self.bus, self.clock)
        else:
            uow = UnitOfWork(self.writes, self.bus, self.clock, self.write_lock)
        uow.hall = self
        return uow

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A read-only session (never takes SQLite's write lock)."""
        session = self.reads()
        try:
            yield session
        finally:
            session.close()  # ends the transaction; loaded rows stay readable
