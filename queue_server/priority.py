"""绿色通道: a clerk (at a window of the ticket's post) or an admin marks a waiting ticket
priority, with a reason from the hall's list. One service function, one transaction, one
event; where the ticket then stands is `queues.calling_order`'s to say (fairly)."""

from __future__ import annotations

from queue_server import windows
from queue_server.db import UnitOfWork
from queue_server.errors import BadRequest, NotYourTicket, UnknownTicket
from queue_server.events import TicketPrioritised
from queue_server.models import Ticket
from queue_server.queues import GREEN

# the reasons a ticket may go first, as the hall words them (English in web/english.py)
REASONS = {
    "disability": "残障人士",
    "pregnancy": "孕产妇",
    "graduation": "毕业紧急事项",
    "other": "其他",
}
NOTE_MAX = 200


def mark_priority(uow: UnitOfWork, ticket_id: int, *, reason: str, actor: str,
                  note: str = "", window_no: int | None = None) -> Ticket:
    """Mark a waiting ticket 绿色通道. `window_no`: the clerk's window, whose post the ticket
    must wait in; None: an admin (the caller has checked the role). `other` needs a note."""
    if reason not in REASONS:
        raise BadRequest(f"'reason' must be one of {', '.join(REASONS)}", field="reason",
                         reasons=list(REASONS))
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise BadRequest(f"'note' is longer than {NOTE_MAX} characters", field="note")
    if reason == "other" and not note:
        raise BadRequest("reason 'other' needs a note saying why / 其他原因请注明",
                         field="note")
    if not isinstance(ticket_id, int) or isinstance(ticket_id, bool):
        raise BadRequest("'ticket_id' must be a whole number", field="ticket_id")
    ticket = uow.session.get(Ticket, ticket_id, with_for_update=True)
    if ticket is None:
        raise UnknownTicket(f"no ticket {ticket_id}", ticket_id=ticket_id)
    if window_no is not None and ticket.post_id != windows.post_of(uow, window_no):
        raise NotYourTicket(f"ticket {ticket.number} waits for another post, not window "
                            f"{window_no}", number=ticket.number, window=window_no)
    ticket.mark_prioritised(priority=GREEN, reason=reason, note=note, by=actor, at=uow.now)
    uow.record(TicketPrioritised(at=uow.now, actor=actor, ticket_id=ticket.id,
                                 number=ticket.number, post_id=ticket.post_id,
                                 token=ticket.token, priority_reason=reason,
                                 window_no=window_no))
    return ticket
