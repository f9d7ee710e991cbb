"""Reprint (补打): a ticket printed again, marked so on the paper, never a second number.

Staff reprint from a window (a ticket of the window's post, or the one at the window); a
visitor from a kiosk by showing the phone page's QR code (its token), a few times at most.
Each reprint is a print job through the spool, and one `TicketReprinted` (audited).
"""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from queue_server import windows
from queue_server.db import UnitOfWork
from queue_server.errors import Conflict, IllegalMove, NotYourTicket, UnknownTicket
from queue_server.events import TicketReprinted
from queue_server.models import AuditEntry, PrintJob, PrintJobState, Ticket, TicketState
from queue_server.queues import Estimate
from queue_server.tickets import print_view

REPRINTABLE = (TicketState.WAITING, TicketState.CALLED, TicketState.SERVING,
               TicketState.MISSED)
KIOSK_REPRINTS = 2  # a visitor may print their ticket again this many times


class ReprintRefused(Conflict):
    code = "reprint_refused"


def reprint_at_window(uow: UnitOfWork, window_no: int, *, actor: str,
                      ticket_id: int | None = None) -> Ticket:
    """A clerk (or an admin) prints a ticket of the window's post again; without
    `ticket_id`, the ticket at the window."""
    windows.post_of(uow, window_no)
    if ticket_id is None:
        ticket = windows.current_ticket(uow, window_no)
        if ticket is None:
            raise IllegalMove(f"window {window_no} has no ticket; choose one to reprint",
                              window=window_no)
    else:
        ticket = _ticket(uow, Ticket.id == ticket_id, f"no ticket {ticket_id}")
        if ticket.post_id != windows.post_of(uow, window_no) and ticket.window_no != window_no:
            raise NotYourTicket(f"ticket {ticket.number} belongs to another post",
                                number=ticket.number)
    return _reprint(uow, ticket, actor=actor)


def reprint_at_kiosk(uow: UnitOfWork, token: str, *, kiosk: str) -> Ticket:
    """The visitor shows the phone page's QR code at a kiosk: the same number, printed
    again (at most KIOSK_REPRINTS times)."""
    ticket = _ticket(uow, Ticket.token == token, "没有找到这张号 / no such ticket")
    done = uow.session.scalar(select(func.count()).select_from(AuditEntry).where(
        AuditEntry.ticket_id == ticket.id, AuditEntry.kind == TicketReprinted.wire_name,
        AuditEntry.actor.like("kiosk:%")))
    if done >= KIOSK_REPRINTS:
        raise ReprintRefused(f"这张号已补打 {done} 次，请到窗口咨询 / this ticket was printed "
                             f"again {done} times; please ask at a window", number=ticket.number)
    return _reprint(uow, ticket, actor=f"kiosk:{kiosk[:40]}", kiosk=kiosk[:40])


def _ticket(uow: UnitOfWork, where, message: str) -> Ticket:
    ticket = uow.session.scalars(select(Ticket).where(where).with_for_update()).first()
    if ticket is None:
        raise UnknownTicket(message)
    return ticket


def _reprint(uow: UnitOfWork, ticket: Ticket, *, actor: str, kiosk: str = "") -> Ticket:
    if ticket.state not in REPRINTABLE or ticket.service_day != uow.now.date():
        raise ReprintRefused(f"{ticket.number} 已{_STATE_WORDS.get(ticket.state, '结束')}，不能补打 "
                             f"/ ticket {ticket.number} is {ticket.state.value}",
                             number=ticket.number, state=ticket.state.value)
    view = {**_as_issued(uow, ticket), "reprinted_at": uow.now.isoformat()}
    uow.session.add(PrintJob(ticket_id=ticket.id, created_at=uow.now,
                             state=PrintJobState.QUEUED, view=view, attempts=0,
                             next_try_at=uow.now, last_error=""))
    uow.record(TicketReprinted(at=uow.now, actor=actor, ticket_id=ticket.id,
                               number=ticket.number, post_id=ticket.post_id,
                               token=ticket.token, kiosk=kiosk))
    return ticket


def _as_issued(uow: UnitOfWork, ticket: Ticket) -> dict:
    """The ticket as it was printed at issue (its first print job's view: the same number,
    people ahead and estimate); one issued without printing gets that view built now from
    what the ticket stored at issue."""
    first = uow.session.scalars(select(PrintJob).where(PrintJob.ticket_id == ticket.id)
                                .order_by(PrintJob.id)).first()
    if first is not None:
        return dict(first.view)
    called_at = ticket.issued_at + timedelta(minutes=ticket.wait_minutes_at_issue or 0)
    return print_view(uow, ticket, Estimate("range", ticket.issued_at, called_at, called_at,
                                            called_at))


_STATE_WORDS = {TicketState.DONE: "办结", TicketState.CANCELLED: "取消",
                TicketState.EXPIRED: "过期"}
