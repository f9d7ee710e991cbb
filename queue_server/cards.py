"""The 校园卡/ID card rule: a kiosk's card reader (a keyboard-wedge reader types the number)
limits the open tickets of one card at one post. Only a keyed hash of the number is kept.

`card_hash` and `normal_card` are pure; `require_card_free` reads the day's tickets in the
issuing transaction.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from queue_server.errors import Conflict, HallError
from queue_server.models import Ticket, TicketState

# A campus card (digits, some with a letter) or a resident ID card (17 digits and a digit or X)
CARD = re.compile(r"[0-9A-Z]{4,20}")
OPEN_STATES = (TicketState.WAITING, TicketState.CALLED, TicketState.SERVING)
# a visitor reads these at the kiosk: Chinese here, English in web/english.py
CARD_UNREADABLE = "卡号无法识别，请重新刷卡"
CARD_HOLDS_A_TICKET = "这张卡在本岗位已有未办完的号，请等叫号后再取"


class CardMalformed(HallError):
    code = "card_malformed"
    status = 422


class CardLimitReached(Conflict):
    code = "card_limit"


def normal_card(text: str) -> str:
    """The number as the reader typed it, without spaces; CardMalformed unless 4 to 20
    letters and digits."""
    number = "".join(str(text or "").split()).upper()
    if not CARD.fullmatch(number):
        raise CardMalformed(CARD_UNREADABLE, field="card")
    return number


def card_hash(secret: str, number: str) -> str:
    """HMAC-SHA256 of the normalised number under the server's secret: the same card gives
    the same hash; the hash gives back no number without the secret."""
    return hmac.new(secret.encode(), b"card:" + number.encode(), hashlib.sha256).hexdigest()


def require_card_free(session: Session, hashed: str, *, post_id: str, day: date,
                      limit: int) -> None:
    """CardLimitReached if the card already holds `limit` open tickets at the post today."""
    held = session.scalar(select(func.count()).select_from(Ticket).where(
        Ticket.card_hash == hashed, Ticket.post_id == post_id, Ticket.service_day == day,
        Ticket.state.in_(OPEN_STATES)))
    if held >= limit:
        raise CardLimitReached(CARD_HOLDS_A_TICKET, field="card", limit=limit)
