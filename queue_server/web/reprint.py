"""The kiosk's reprint (补打): a visitor shows the phone page's QR code (its address, or
the bare token) to the kiosk's scanner and gets the same number printed again.
Staff reprint through the window action `POST /api/windows/<n>/reprint` (web/api.py)."""

from __future__ import annotations

from flask import Blueprint

from queue_server import reprints
from queue_server.errors import BadRequest
from queue_server.screens.ticket_view import ticket_view
from queue_server.web import hall
from queue_server.web.params import field, json_body

bp = Blueprint("reprint", __name__)


def token_of(code: str) -> str:
    """The ticket token in a scanned code: `…/t/<token>` or the token itself."""
    token = code.strip().rstrip("/").rsplit("/t/", 1)[-1].split("?")[0]
    if not token or len(token) > 32 or not all(c.isalnum() or c in "-_" for c in token):
        raise BadRequest("扫到的不是本大厅的号码二维码 / the code is not a ticket of this hall",
                         field="code")
    return token


@bp.post("/api/kiosk/reprint")
def reprint_at_kiosk():
    body = json_body()
    token = token_of(field(body, "code", str, max_length=300))
    kiosk = field(body, "kiosk", str, default="kiosk", max_length=40)
    the_hall = hall()
    with the_hall.unit_of_work() as uow:
        ticket = reprints.reprint_at_kiosk(uow, token, kiosk=kiosk)
        view = ticket_view(uow.session, the_hall, ticket, at=uow.now)
    view.pop("id", None)
    return view
