"""绿色通道 for an admin, at no window: `POST /api/tickets/<id>/priority`. A clerk marks
from their window (`POST /api/windows/<n>/priority`, `web/api.py`)."""

from __future__ import annotations

from flask import Blueprint

from queue_server import priority
from queue_server.screens.ticket_view import ticket_view
from queue_server.web import hall
from queue_server.web.authorise import admin_actor
from queue_server.web.params import field, json_body

bp = Blueprint("priority", __name__)


@bp.post("/api/tickets/<int:ticket_id>/priority")
def mark(ticket_id: int):
    actor = admin_actor()
    body = json_body()
    the_hall = hall()
    with the_hall.unit_of_work() as uow:
        ticket = priority.mark_priority(
            uow, ticket_id, reason=field(body, "reason", str, max_length=20),
            note=field(body, "note", str, default=""), actor=actor)
        view = ticket_view(uow.session, the_hall, ticket, at=uow.now)
    view.pop("status_url", None)  # the token is the visitor's, not the admin's
    return dict(view, priority_reason=ticket.priority_reason)
