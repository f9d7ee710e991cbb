"""Ratings (好差评) as the admin's 差评回访 list shows them (with the clerk, for staff eyes
only) and as the visitor who gave one sees it."""

from __future__ import annotations

from sqlalchemy import select

from queue_server.hall import Hall
from queue_server.models import Rating, Ticket
from queue_server.rating_rules import SCORES, is_bad
from queue_server.screens.ticket_view import iso

LIST_LIMIT = 200


def visitor_rating_json(rating: Rating) -> dict:
    """What the visitor is answered: their own rating, no staff name."""
    return {"id": rating.id, "score": rating.score, "label": SCORES[rating.score],
            "reasons": list(rating.reasons), "comment": rating.comment,
            "source": rating.source, "rated_at": iso(rating.rated_at)}


def staff_rating_json(hall: Hall, rating: Rating, number: str) -> dict:
    """A rating for the admin and supervisor: the ticket, service, window, clerk and the
    follow-up (who, when, the note)."""
    service = hall.catalog.service(rating.service_id)
    return {**visitor_rating_json(rating), "ticket_id": rating.ticket_id, "number": number,
            "service": {"id": service.id, "name": service.name},
            "post_id": rating.post_id, "window_no": rating.window_no, "clerk": rating.clerk,
            "service_day": rating.service_day.isoformat(), "bad": is_bad(rating.score),
            "follow_up": ({"at": iso(rating.followed_up_at), "by": rating.followed_up_by,
                           "note": rating.follow_up_note}
                          if rating.followed_up_at else None)}


def rating_list(session, hall: Hall, *, bad_only: bool, limit: int = LIST_LIMIT) -> dict:
    """The latest ratings, newest first (only scores 1–2 when `bad_only`)."""
    query = select(Rating, Ticket.number).join(Ticket, Ticket.id == Rating.ticket_id)
    if bad_only:
        query = query.where(Rating.score <= max(s for s in SCORES if is_bad(s)))
    rows = session.execute(query.order_by(Rating.rated_at.desc(), Rating.id.desc())
                           .limit(limit)).all()
    return {"ratings": [staff_rating_json(hall, rating, number) for rating, number in rows],
            "bad_only": bad_only, "limit": limit}
