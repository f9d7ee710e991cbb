"""A window's state now, derived from the clock, the catalog hours, the overrides and its
session row: closed, unstaffed, serving or paused, and its current ticket."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from catalog.hours import closing_at, closure_at, is_open_at, next_opening_at
from queue_server.hall import Hall
from queue_server.models import Ticket, TicketState, WindowSession
from queue_server.overrides import HallCalendar, calendar_at
from queue_server.screens.ticket_view import iso


def window_state(session, hall: Hall, window_no: int, *, at: datetime,
                 calendar: HallCalendar | None = None) -> dict:
    """One window: open by hours?, staffed?, paused?, its current ticket, next opening."""
    calendar = calendar or calendar_at(session, hall.catalog, at=at)
    return window_states(session, hall, [window_no], at=at, calendar=calendar)[0]


def window_states(session, hall: Hall, numbers: list[int], *, at: datetime,
                  calendar: HallCalendar) -> list[dict]:
    """The given windows' states, from two queries for all of them."""
    sittings = {s.window_no: s for s in session.scalars(select(WindowSession).where(
        WindowSession.window_no.in_(numbers), WindowSession.closed_at.is_(None)))}
    currents = {t.window_no: t for t in session.scalars(select(Ticket).where(
        Ticket.window_no.in_(numbers),
        Ticket.state.in_((TicketState.CALLED, TicketState.SERVING))))}
    return [_window_state(hall, n, sittings.get(n), currents.get(n), at, calendar)
            for n in numbers]


def _window_state(hall: Hall, window_no: int, sitting: WindowSession | None, current: Ticket | None,
                  at: datetime, calendar: HallCalendar) -> dict:
    post = hall.catalog.post_of_window(window_no)
    overrides, days = calendar.of(window_no), calendar.workdays
    open_by_hours = is_open_at(post.hours, at, days, overrides)
    closure = closure_at(at, overrides)
    if sitting is not None and sitting.paused_at is not None:
        state = "paused"
    elif sitting is not None:
        state = "serving"
    elif open_by_hours:
        state = "unstaffed"
    else:
        state = "closed"
    return {
        "number": window_no,
        "post_id": post.id,
        "post_name": post.name,
        "state": state,
        "open_by_hours": open_by_hours,
        "clerk": sitting.clerk if sitting else None,
        "pause_reason": sitting.pause_reason if sitting and sitting.paused_at else "",
        "paused_at": iso(sitting.paused_at) if sitting else None,
        "opened_at": iso(sitting.opened_at) if sitting else None,
        "closure_reason": closure.reason if closure else "",
        "hours_text": post.hours.text,
        "opens_at": None if open_by_hours else iso(
            next_opening_at(post.hours, at, days, overrides)),
        "closes_at": iso(closing_at(post.hours, at, days, overrides)),
        "current": {"id": current.id, "number": current.number, "state": current.state.value,
                    "service_id": current.service_id, "recall_count": current.recall_count,
                    "called_at": iso(current.called_at)}
        if current else None,
    }
