"""A clerk's page at a window: the window, its ticket, the post's queue, today's counts, the
no-shows a clerk may put back, the post's bookings today, and the ticket printer's state."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select

from catalog.hours import HALL_TZ
from queue_server.hall import Hall
from queue_server.models import AuditEntry, Ticket, TicketState
from queue_server.overrides import calendar_at
from queue_server.queues import LATE_LUNCH, hall_today, planned_lunch, waiting_in_order
from queue_server.screens.bookings import day_bookings
from queue_server.screens.printer import printer_view
from queue_server.screens.ticket_view import iso, ticket_view
from queue_server.screens.window_state import window_state


def window_snapshot(session, hall: Hall, window_no: int, *, at: datetime) -> dict:
    """What a clerk's page shows: the window, its ticket, the post's queue, today's counts."""
    calendar = calendar_at(session, hall.catalog, at=at)
    state = window_state(session, hall, window_no, at=at, calendar=calendar)
    current = None
    if state["current"]:
        ticket = session.get(Ticket, state["current"]["id"])
        current = ticket_view(session, hall, ticket, at=at, calendar=calendar)
    queue = waiting_in_order(session, state["post_id"], at.date(), at=at,
                             settings=hall.settings, windows=(window_no,))
    counts = dict(session.execute(
        select(AuditEntry.kind, func.count()).where(
            AuditEntry.window_no == window_no, AuditEntry.at >= _day_start(at))
        .group_by(AuditEntry.kind)).all())
    return {
        "window": state,
        "calendar_warning": calendar.workdays.warning_on(at.date()) or "",
        "current": current,
        "waiting": [{"id": t.id, "number": t.number, "service_id": t.service_id,
                     "issued_at": iso(t.issued_at), "transferred": t.transfer_count > 0,
                     "priority_reason": t.priority_reason, "slot_at": iso(t.slot_at)}
                    for t in queue],
        "today": {"called": counts.get("ticket.called", 0),
                  "finished": counts.get("ticket.finished", 0),
                  "missed": counts.get("ticket.missed", 0),
                  "transferred": counts.get("ticket.transferred", 0)},
        "missed": missed_at_window(session, window_no, at.date()),
        # the put-back rule in force (an admin may change it; every screen is refreshed)
        "requeue": {"places": hall.settings.requeue_places,
                    "times": hall.settings.requeue_times},
        "bookings": day_bookings(session, hall.catalog, at.date(), at=at,
                                 posts={state["post_id"]})["bookings"],
        "printer": printer_view(session, hall),
        "lunch": lunch_view(session, hall, state["post_id"], window_no, at=at),
    }


def lunch_view(session, hall: Hall, post_id: str, window_no: int, *, at: datetime
               ) -> dict | None:
    """The window's lunch still to come today (`queues.planned_lunch`): when, and by how
    many minutes its 绿色通道 calls moved it; None once it is more than a quarter past."""
    post = hall.catalog.post(post_id)
    lunch = hall_today(session, at=at, post=post).lunch_of(post, window_no, at=at,
                                                             settings=hall.settings)
    if lunch is None or at > lunch[0] + LATE_LUNCH:
        return None
    plan = planned_lunch(at.astimezone(HALL_TZ), post.windows.index(window_no), hall.settings)
    return {"at": iso(lunch[0]), "minutes": round(lunch[1].total_seconds() / 60),
            "moved_minutes": round((lunch[0] - plan[0]).total_seconds() / 60)}


def missed_at_window(session, window_no: int, service_day, limit: int = 10) -> list[dict]:
    """Today's no-shows of the window, newest first: the ones a clerk may put back."""
    missed = session.scalars(select(Ticket).where(
        Ticket.window_no == window_no, Ticket.state == TicketState.MISSED,
        Ticket.service_day == service_day).order_by(Ticket.ended_at.desc()).limit(limit))
    return [{"id": t.id, "number": t.number, "service_id": t.service_id,
             "missed_at": iso(t.ended_at)} for t in missed]


def _day_start(at: datetime) -> datetime:
    return at.replace(hour=0, minute=0, second=0, microsecond=0)
