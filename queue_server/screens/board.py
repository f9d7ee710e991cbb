"""The lobby board's snapshot (also the per-window screens'): every window's state, waiting
per post, the last calls, the notice. Public: no staff name, no token."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from queue_server.hall import Hall
from queue_server.models import AuditEntry
from queue_server.overrides import calendar_at
from queue_server.queues import waiting_by_post
from queue_server.screens.ticket_view import iso
from queue_server.screens.window_state import window_states

CALL_KINDS = ("ticket.called", "ticket.recalled")


def last_calls(session, limit: int = 8, *, staff: bool = False) -> list[dict]:
    """The newest calls and recalls first; `staff` adds who called (never on the board)."""
    entries = session.scalars(
        select(AuditEntry).where(AuditEntry.kind.in_(CALL_KINDS))
        .order_by(AuditEntry.id.desc()).limit(limit))
    return [{"number": e.payload["number"], "window_no": e.window_no, "kind": e.kind,
             "at": iso(e.at), **({"clerk": e.actor} if staff else {})} for e in entries]


def board_snapshot(session, hall: Hall, *, at: datetime) -> dict:
    """The whole hall for the lobby board: windows, waiting per post, the last calls."""
    catalog = hall.catalog
    calendar = calendar_at(session, catalog, at=at)
    waiting = waiting_by_post(session, at.date())
    return {
        "at": at.isoformat(),
        "hall_name": catalog.hall_name,
        "notice": calendar.notice,
        "windows": [_without_clerk(w) for w in window_states(
            session, hall, [w.number for w in catalog.windows], at=at, calendar=calendar)],
        "posts": [{"id": p.id, "name": p.name, "prefix": p.prefix, "windows": list(p.windows),
                   "waiting": waiting.get(p.id, 0)} for p in catalog.posts],
        "last_calls": last_calls(session),
    }


def _without_clerk(state: dict) -> dict:
    """The public board shows a window's state, not who sits there."""
    return {k: v for k, v in state.items() if k != "clerk"}
