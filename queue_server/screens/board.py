"""The lobby board's snapshot (also the per-window screens'): every window's state, waiting
per post, the last calls, the notice. Public: no staff name, no token.

Every call carries `seq`, the id of its audit entry (the same `seq` the `ticket.called` and
`ticket.recalled` event bodies carry), so a board knows which calls it has already announced;
`recent_calls` (the last few minutes, oldest first) lets a board that reconnects or reloads
announce the calls it missed, in order."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from queue_server.hall import Hall
from queue_server.models import AuditEntry
from queue_server.overrides import calendar_at
from queue_server.queues import HallToday, hall_today, post_outlook, waiting_by_post
from queue_server.router import post_state
from queue_server.screens.ticket_view import iso
from queue_server.screens.window_state import window_states

CALL_KINDS = ("ticket.called", "ticket.recalled")
REPLAY_WINDOW = timedelta(minutes=5)  # calls older than this are not announced after a reconnect
REPLAY_LIMIT = 60


def last_calls(session, limit: int = 8, *, staff: bool = False) -> list[dict]:
    """The newest calls and recalls first; `staff` adds who called (never on the board)."""
    entries = session.scalars(
        select(AuditEntry).where(AuditEntry.kind.in_(CALL_KINDS))
        .order_by(AuditEntry.id.desc()).limit(limit))
    return [_call(e, staff=staff) for e in entries]


def recent_calls(session, *, at: datetime) -> list[dict]:
    """The calls and recalls of the last `REPLAY_WINDOW` before `at`, oldest first (at most
    `REPLAY_LIMIT`, the newest): what a reconnecting board may still announce."""
    entries = session.scalars(
        select(AuditEntry).where(AuditEntry.kind.in_(CALL_KINDS),
                                 AuditEntry.at >= at - REPLAY_WINDOW)
        .order_by(AuditEntry.id.desc()).limit(REPLAY_LIMIT))
    return [_call(e) for e in reversed(list(entries))]


def _call(entry: AuditEntry, *, staff: bool = False) -> dict:
    return {"seq": entry.id, "number": entry.payload["number"], "window_no": entry.window_no,
            "kind": entry.kind, "at": iso(entry.at),
            **({"clerk": entry.actor} if staff else {})}


def board_snapshot(session, hall: Hall, *, at: datetime) -> dict:
    """The whole hall for the lobby board: windows, waiting per post, the last calls."""
    catalog = hall.catalog
    calendar = calendar_at(session, catalog, at=at)
    waiting = waiting_by_post(session, at.date())
    today = hall_today(session, at=at) if waiting else None
    return {
        "at": at.isoformat(),
        "hall_name": catalog.hall_name,
        "notice": calendar.notice,
        "reading": hall.settings.announce_reading,  # the hall's rule: how calls are read
        "windows": [_without_clerk(w) for w in window_states(
            session, hall, [w.number for w in catalog.windows], at=at, calendar=calendar)],
        "posts": [{"id": p.id, "name": p.name, "prefix": p.prefix, "windows": list(p.windows),
                   "waiting": waiting.get(p.id, 0),
                   "newest": _newest(session, hall, p, calendar, at, today, waiting[p.id])
                   if waiting.get(p.id) else None} for p in catalog.posts],
        "last_calls": last_calls(session),
        "recent_calls": recent_calls(session, at=at),
    }


def _newest(session, hall: Hall, post, calendar, at: datetime, today: HallToday | None,
            waiting: int) -> dict | None:
    """The post's last waiting ticket and when it is expected to be called: the same
    estimate its holder sees on the phone and got on the kiosk and the printed ticket."""
    state = post_state(hall.catalog, post.id, at=at, days=calendar.workdays,
                       overrides_of=calendar.of, cutoff=hall.settings.cutoff)
    newest = post_outlook(session, post, state, at=at, settings=hall.settings,
                          calendar=calendar, today=today, waiting=waiting).newest()
    if newest is None:
        return None
    number, estimate = newest
    return {"number": number, "estimate": estimate.as_json(at)}


def _without_clerk(state: dict) -> dict:
    """The public board shows a window's state, not who sits there."""
    return {k: v for k, v in state.items() if k != "clerk"}
