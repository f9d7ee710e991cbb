"""The Hall: the parts handed in when it is built (catalog, clock, database, bus, printer,
settings), typed and frozen; every request, job and screen reaches the hall through it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy.orm import Session

from catalog.model import Catalog
from catalog.search import SearchIndex
from queue_server.clock import Clock
from queue_server.db import Database, UnitOfWork
from queue_server.events import EventBus
from queue_server.printer_link import PrinterLink
from queue_server.rules import RulesProvider
from queue_server.settings import HallSettings


@dataclass(frozen=True)
class Hall:
    catalog: Catalog
    search: SearchIndex
    clock: Clock
    database: Database
    bus: EventBus
    printer: PrinterLink
    rules: RulesProvider  # the rules in force now (an admin changes them on the web)

    @property
    def settings(self) -> HallSettings:
        """The hall's rules now: the start's settings with an admin's changes on top."""
        return self.rules.current()

    def unit_of_work(self, *, read_only: bool = False) -> UnitOfWork:
        """One transaction; `read_only` ones never take SQLite's write lock."""
        db = self.database
        return UnitOfWork(db.reads if read_only else db.writes, self.bus, self.clock,
                          None if read_only else db.write_lock,
                          catalog=self.catalog, settings=self.settings)

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A read-only session (never takes SQLite's write lock)."""
        session = self.database.reads()
        try:
            yield session
        finally:
            session.close()  # ends the transaction; loaded rows stay readable
