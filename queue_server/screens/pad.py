"""The window's rating pad (评价器) snapshot: idle, or the ticket the window finished last,
while it may still be rated there (unrated, within the pad's minutes). Public: no staff
name, no token; the ticket's id is what the pad's one tap sends back."""

from __future__ import annotations

from datetime import datetime

from queue_server.hall import Hall
from queue_server.queues import latest_finished, ratings_of
from queue_server.rating_rules import pad_closes_at


def pad_snapshot(session, hall: Hall, window_no: int, *, at: datetime) -> dict:
    """UnknownEntry (a CatalogError) for a window the hall lacks."""
    catalog = hall.catalog
    post = catalog.post(catalog.window(window_no).post_id)
    body = {"at": at.isoformat(), "window_no": window_no, "post_name": post.name,
            "hall_name": catalog.hall_name, "state": "idle", "ticket": None,
            "seconds_left": 0, "thanks_seconds": hall.settings.pad_thanks_seconds}
    ticket = latest_finished(session, window_no)
    if ticket is None or ratings_of(session, [ticket.id]):
        return body
    closes_at = pad_closes_at(ticket.ended_at, ticket.service_day, hall.settings)
    if at >= closes_at:
        return body
    service = catalog.service(ticket.service_id)
    return {**body, "state": "rate", "seconds_left": int((closes_at - at).total_seconds()),
            "ticket": {"id": ticket.id, "number": ticket.number, "service": service.name,
                       "finished_at": ticket.ended_at.isoformat()}}
