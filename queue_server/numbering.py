"""Ticket numbers: a counter row per queue and day, advanced in the ticket's own transaction.

The only dialect-aware code: an INSERT … ON CONFLICT DO UPDATE … RETURNING on both SQLite
and PostgreSQL, so concurrent kiosks never get the same number and no number is skipped
(a rolled-back ticket rolls its counter back with it).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from queue_server.models import QueueCounter


def next_seq(session: Session, service_day: date, prefix: str) -> int:
    """Advance and return the queue's counter for the day (1 for the day's first ticket)."""
    dialect = session.get_bind().dialect.name
    insert = {"postgresql": postgresql.insert, "sqlite": sqlite.insert}.get(dialect)
    if insert is None:
        raise RuntimeError(f"numbering does not support the {dialect} database")
    table = QueueCounter.__table__
    statement = (
        insert(table)
        .values(service_day=service_day, prefix=prefix, last_seq=1)
        .on_conflict_do_update(
            index_elements=[table.c.service_day, table.c.prefix],
            set_={"last_seq": table.c.last_seq + 1},
        )
        .returning(table.c.last_seq)
    )
    return session.execute(statement).scalar_one()


def format_number(prefix: str, seq: int) -> str:
    """A001 … A999, then A1000: the hall never runs out, it only grows a digit."""
    return f"{prefix}{seq:03d}"
