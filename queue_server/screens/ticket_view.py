"""A ticket as its holder (the phone page, the kiosk's ticket screen) and the clerk see it:
number, post, people ahead and the estimate now, printing state, and its rating (好差评):
the one the server holds, or whether it may be rated now."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from queue_server.hall import Hall
from queue_server.models import Rating, Ticket, TicketState
from queue_server.overrides import HallCalendar, calendar_at
from queue_server.queues import (
    Estimate,
    Outlook,
    hall_today,
    post_outlook,
    print_states_of,
    ratings_of,
    waiting_ids_in_order,
)
from queue_server.rating_rules import rating_closes_at
from queue_server.router import post_state


def iso(at: datetime | None) -> str | None:
    return at.isoformat() if at else None


def ticket_by_token(session, token: str) -> Ticket | None:
    """The ticket its holder's unguessable token opens, or None."""
    if not isinstance(token, str) or not 8 <= len(token) <= 40:
        return None
    return session.scalars(select(Ticket).where(Ticket.token == token)).first()


def ticket_view(session, hall: Hall, ticket: Ticket, *, at: datetime,
                calendar: HallCalendar | None = None) -> dict:
    """A ticket as its holder and the clerk see it, with live people ahead and estimate
    (`estimate`: minutes, from when they count, whether a clerk serves its post now)."""
    return ticket_views(session, hall, posts=set(), tokens={ticket.token}, at=at,
                        calendar=calendar)[ticket.token]


def ticket_views(session, hall: Hall, *, posts: set[str], tokens: set[str], at: datetime,
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
    outlooks: dict[str, Outlook] = {}
    today_reads = None
    for post_id in {t.post_id for t in found if t.state is TicketState.WAITING}:
        today_reads = today_reads or hall_today(session, at=at)
        ranks.update((ticket_id, rank) for rank, ticket_id in
                     enumerate(waiting_ids_in_order(
                         session, post_id, today, at=at, settings=hall.settings,
                         windows=hall.catalog.post(post_id).windows)))
        state = post_state(hall.catalog, post_id, at=at, days=calendar.workdays,
                           overrides_of=calendar.of, cutoff=hall.settings.cutoff)
        outlooks[post_id] = post_outlook(session, hall.catalog.post(post_id), state, at=at,
                                         settings=hall.settings, calendar=calendar,
                                         today=today_reads)
    printing = print_states_of(session, [t.id for t in found])
    rated = ratings_of(session, [t.id for t in found if t.state is TicketState.DONE])
    views = {}
    for ticket in found:
        ahead, wait = ranks.get(ticket.id, 0), NOT_WAITING
        if ticket.state is TicketState.WAITING:
            wait = outlooks[ticket.post_id].estimate(ahead).not_before(ticket.slot_at)
        views[ticket.token] = _ticket_body(hall, ticket, ahead, wait, printing.get(ticket.id),
                                           at=at, **_rating_fields(hall, ticket, rated, at))
    return views


NOT_WAITING = Estimate("none")  # a ticket no longer waiting: nothing to wait for


def _rating_fields(hall: Hall, ticket: Ticket, rated: dict[int, Rating], at: datetime) -> dict:
    """What the holder's page shows of the rating: the one held, or whether one may be given
    (a finished ticket, unrated, before the end of its rating time)."""
    rating = rated.get(ticket.id)
    can_rate = (ticket.state is TicketState.DONE and rating is None
                and at < rating_closes_at(ticket.service_day, hall.settings))
    return {"rating": {"score": rating.score, "source": rating.source} if rating else None,
            "can_rate": can_rate}


def _ticket_body(hall: Hall, ticket: Ticket, ahead: int, wait: Estimate,
                 printing: dict | None, *, at: datetime, rating: dict | None = None,
                 can_rate: bool = False) -> dict:
    post, service = hall.catalog.post(ticket.post_id), hall.catalog.service(ticket.service_id)
    return {
        "id": ticket.id,
        "number": ticket.number,
        "state": ticket.state.value,
        "service": {"id": service.id, "name": service.name, "name_en": service.name_en},
        "post": {"id": post.id, "name": post.name, "name_en": post.name_en,
                 "prefix": post.prefix},
        "windows": list(post.windows),
        "windows_label": post.windows_label,
        "window_no": ticket.window_no,
        "people_ahead": ahead,
        # None: cannot estimate, or the hall's rule shows no estimate
        "estimated_wait_minutes": wait.minutes if hall.settings.show_estimate else None,
        "estimate": wait.as_json(at, shown=hall.settings.show_estimate),
        "issued_at": iso(ticket.issued_at),
        "slot_at": iso(ticket.slot_at),  # 预约: not called before this
        "called_at": iso(ticket.called_at),
        "recall_count": ticket.recall_count,
        "status_url": f"/t/{ticket.token}",
        "print": printing,
        "rating": rating,
        "can_rate": can_rate,
    }
