"""Read models: what screens and the API show (board, window, ticket), built from rows + clock.

Nothing here writes. Whether a window is open is derived here from the clock, the catalog
hours and the overrides; a window's staffing comes from its session row.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select

from catalog.hours import closing_at, closure_at, is_open_at, next_opening_at
from queue_server.models import AuditEntry, Ticket, TicketState, WindowSession
from queue_server.overrides import HallCalendar, calendar_at
from queue_server.spool import print_states_of
from queue_server.tickets import (
    post_pace,
    wait_minutes,
    waiting_ids_in_order,
    waiting_in_order,
)

CALL_KINDS = ("ticket.called", "ticket.recalled")


def _iso(at: datetime | None) -> str | None:
    return at.isoformat() if at else None


def ticket_by_token(session, token: str) -> Ticket | None:
    """The ticket its holder's unguessable token opens, or None."""
    if not isinstance(token, str) or not 8 <= len(token) <= 40:
        return None
    return session.scalars(select(Ticket).where(Ticket.token == token)).first()


def ticket_view(session, hall, ticket: Ticket, *, at: datetime,
                calendar: HallCalendar | None = None) -> dict:
    """A ticket as its holder and the clerk see it, with live people ahead and estimate."""
    return ticket_views(session, hall, posts=set(), tokens={ticket.token}, at=at,
                        calendar=calendar)[ticket.token]


def ticket_views(session, hall, *, posts: set[str], tokens: set[str], at: datetime,
                 among: set[str] | None = None, calendar: HallCalendar | None = None
                 ) -> dict[str, dict]:
    """Views of the given tickets and of every ticket waiting today in the given posts, by
    token, with a few queries for all of them (the broadcaster's fan-out to phones); only
    those `among` the given tokens when it is set (the phones someone has open)."""
    today = at.date()
    wanted = (Ticket.token.in_(tokens)) | (
        Ticket.post_id.in_(posts) & (Ticket.state == TicketState.WAITING)
        & (Ticket.service_day == today))
    if among is not None:
        wanted = wanted & Ticket.token.in_(among)
    found = session.scalars(select(Ticket).where(wanted)).all()
    if not found:
        return {}
    calendar = calendar or calendar_at(session, hall.catalog, at=at)
    ranks: dict[int, int] = {}
    minutes: dict[str, tuple[float, int]] = {}
    for post_id in {t.post_id for t in found if t.state is TicketState.WAITING}:
        ranks.update((ticket_id, rank) for rank, ticket_id in
                     enumerate(waiting_ids_in_order(session, post_id, today)))
        post = hall.catalog.post(post_id)
        open_now = sum(1 for n in post.windows
                       if is_open_at(post.hours, at, calendar.workdays, calendar.of(n)))
        minutes[post_id] = post_pace(session, post, today, hall.settings, open_now)
    printing = print_states_of(session, [t.id for t in found])
    views = {}
    for ticket in found:
        ahead, wait = ranks.get(ticket.id, 0), 0
        if ticket.state is TicketState.WAITING and ahead:
            wait = wait_minutes(ahead, *minutes[ticket.post_id])
        views[ticket.token] = _ticket_body(hall, ticket, ahead, wait, printing.get(ticket.id))
    return views


def issued_ticket_view(hall, ticket: Ticket) -> dict:
    """A ticket just issued, with the numbers decided in its own transaction."""
    return _ticket_body(hall, ticket, ticket.people_ahead_at_issue,
                        ticket.wait_minutes_at_issue, {"state": "queued", "error": ""})


def _ticket_body(hall, ticket: Ticket, ahead: int, wait: int, printing: dict | None) -> dict:
    post, service = hall.catalog.post(ticket.post_id), hall.catalog.service(ticket.service_id)
    return {
        "id": ticket.id,
        "number": ticket.number,
        "state": ticket.state.value,
        "service": {"id": service.id, "name": service.name},
        "post": {"id": post.id, "name": post.name, "prefix": post.prefix},
        "windows": list(post.windows),
        "windows_label": post.windows_label,
        "window_no": ticket.window_no,
        "people_ahead": ahead,
        "estimated_wait_minutes": wait,
        "issued_at": _iso(ticket.issued_at),
        "called_at": _iso(ticket.called_at),
        "recall_count": ticket.recall_count,
        "status_url": f"/t/{ticket.token}",
        "print": printing,
    }


def window_state(session, hall, window_no: int, *, at: datetime,
                 calendar: HallCalendar | None = None) -> dict:
    """One window: open by hours?, staffed?, paused?, its current ticket, next opening."""
    calendar = calendar or calendar_at(session, hall.catalog, at=at)
    return window_states(session, hall, [window_no], at=at, calendar=calendar)[0]


def window_states(session, hall, numbers: list[int], *, at: datetime,
                  calendar: HallCalendar) -> list[dict]:
    """The given windows' states, from two queries for all of them."""
    sittings = {s.window_no: s for s in session.scalars(select(WindowSession).where(
        WindowSession.window_no.in_(numbers), WindowSession.closed_at.is_(None)))}
    currents = {t.window_no: t for t in session.scalars(select(Ticket).where(
        Ticket.window_no.in_(numbers),
        Ticket.state.in_((TicketState.CALLED, TicketState.SERVING))))}
    return [_window_state(hall, n, sittings.get(n), currents.get(n), at, calendar)
            for n in numbers]


def _window_state(hall, window_no: int, sitting: WindowSession | None, current: Ticket | None,
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
        "closure_reason": closure.reason if closure else "",
        "hours_text": post.hours.text,
        "opens_at": None if open_by_hours else _iso(
            next_opening_at(post.hours, at, days, overrides)),
        "closes_at": _iso(closing_at(post.hours, at, days, overrides)),
        "current": {"id": current.id, "number": current.number, "state": current.state.value,
                    "service_id": current.service_id, "recall_count": current.recall_count}
        if current else None,
    }


def last_calls(session, limit: int = 8) -> list[dict]:
    entries = session.scalars(
        select(AuditEntry).where(AuditEntry.kind.in_(CALL_KINDS))
        .order_by(AuditEntry.id.desc()).limit(limit))
    return [{"number": e.payload["number"], "window_no": e.window_no, "kind": e.kind,
             "at": _iso(e.at)} for e in entries]


def board_snapshot(session, hall, *, at: datetime) -> dict:
    """The whole hall for the lobby board: windows, waiting per post, the last calls."""
    catalog = hall.catalog
    calendar = calendar_at(session, catalog, at=at)
    waiting = dict(session.execute(
        select(Ticket.post_id, func.count()).where(
            Ticket.service_day == at.date(), Ticket.state == TicketState.WAITING)
        .group_by(Ticket.post_id)).all())
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


def window_snapshot(session, hall, window_no: int, *, at: datetime) -> dict:
    """What a clerk's page shows: the window, its ticket, the post's queue, today's counts."""
    calendar = calendar_at(session, hall.catalog, at=at)
    state = window_state(session, hall, window_no, at=at, calendar=calendar)
    current = None
    if state["current"]:
        ticket = session.get(Ticket, state["current"]["id"])
        current = ticket_view(session, hall, ticket, at=at, calendar=calendar)
    queue = waiting_in_order(session, state["post_id"], at.date())
    counts = dict(session.execute(
        select(AuditEntry.kind, func.count()).where(
            AuditEntry.window_no == window_no, AuditEntry.at >= _day_start(at))
        .group_by(AuditEntry.kind)).all())
    return {
        "window": state,
        "calendar_warning": calendar.workdays.warning_on(at.date()) or "",
        "current": current,
        "waiting": [{"id": t.id, "number": t.number, "service_id": t.service_id,
                     "issued_at": _iso(t.issued_at), "transferred": t.priority > 0}
                    for t in queue],
        "today": {"called": counts.get("ticket.called", 0),
                  "finished": counts.get("ticket.finished", 0),
                  "missed": counts.get("ticket.missed", 0),
                  "transferred": counts.get("ticket.transferred", 0)},
        "missed": missed_at_window(session, window_no, at.date()),
    }


def missed_at_window(session, window_no: int, service_day, limit: int = 10) -> list[dict]:
    """Today's no-shows of the window, newest first: the ones a clerk may put back."""
    missed = session.scalars(select(Ticket).where(
        Ticket.window_no == window_no, Ticket.state == TicketState.MISSED,
        Ticket.service_day == service_day).order_by(Ticket.ended_at.desc()).limit(limit))
    return [{"id": t.id, "number": t.number, "service_id": t.service_id,
             "missed_at": _iso(t.ended_at)} for t in missed]


def _day_start(at: datetime) -> datetime:
    return at.replace(hour=0, minute=0, second=0, microsecond=0)
