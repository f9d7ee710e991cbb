"""The ticket service: every change of a ticket goes through one of these functions.

Each takes an open UnitOfWork, decides (router, hours, rules), changes rows, records one
event per change and returns; the caller's `with` commits and then the events are published.
"""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import select

from queue_server import windows
from queue_server.db import UnitOfWork
from queue_server.errors import (
    BadRequest,
    IllegalMove,
    IssueRefused,
    NotYourTicket,
    RequestKeyReused,
    UnknownTicket,
    WindowBusy,
    in_catalog,
)
from queue_server.events import (
    ServiceStarted,
    TicketCalled,
    TicketCancelled,
    TicketExpired,
    TicketFinished,
    TicketIssued,
    TicketMissed,
    TicketRecalled,
    TicketRequeued,
    TicketTransferred,
)
from queue_server.models import (
    ACTIVE_STATES,
    PrintJob,
    PrintJobState,
    Ticket,
    TicketState,
    hall_hour,
)
from queue_server.numbering import format_number, next_seq
from queue_server.overrides import calendar_at
from queue_server.queues import Estimate, count_waiting, post_outlook, waiting_in_order
from queue_server.router import Route, Verdict, post_state, route_of

REFUSALS = {
    Verdict.CLOSED: "本窗口现在不办理业务",
    Verdict.BY_NOTICE: "本窗口服务时间以通知为准，现在没有开放",
    Verdict.PAST_CUTOFF: "今天已停止取号",
}


def route_for(uow: UnitOfWork, service_id: str) -> tuple[Route, int, Estimate]:
    """The router's decision for a service now, with people waiting and the estimate."""
    catalog, settings = uow.catalog, uow.settings
    with in_catalog():
        service = catalog.service(service_id)
    post = catalog.post(service.post_id)
    today = uow.now.date()
    ahead = count_waiting(uow.session, post.id, today)
    calendar = calendar_at(uow.session, catalog, at=uow.now)
    state = post_state(catalog, post.id, at=uow.now, days=calendar.workdays,
                       overrides_of=calendar.of, cutoff=settings.cutoff)
    wait = post_outlook(uow.session, post, state, at=uow.now, settings=settings,
                        calendar=calendar).estimate(ahead)
    decided = route_of(catalog, service, state, at=uow.now,
                       estimated_wait=wait.wait)
    return decided, ahead, wait


# ---- issue ----

def issue_ticket(uow: UnitOfWork, service_id: str, *, kiosk: str, print_ticket: bool = True,
                 request_key: str | None = None) -> Ticket:
    """Give the visitor the next number of the service's queue, or IssueRefused.

    A repeated `request_key` from the same kiosk (a double tap, a retried request) gives
    back the ticket already issued for it, and issues nothing new.
    """
    kiosk = kiosk[:40]
    if request_key is not None:
        earlier = uow.session.scalars(select(Ticket).where(
            Ticket.kiosk == kiosk, Ticket.request_key == request_key)).first()
        if earlier is not None and not _same_request(uow, earlier, service_id):
            raise RequestKeyReused(
                f"request_key {request_key!r} was already used for ticket {earlier.number} "
                "of another service; send a new key for a new ticket", field="request_key")
        if earlier is not None:
            return earlier
    decided, ahead, wait = route_for(uow, service_id)
    if not decided.can_issue:
        raise IssueRefused(REFUSALS[decided.verdict], verdict=decided.verdict.value,
                           opens_at=decided.opens_at, reason=decided.reason)
    post = decided.post
    today = uow.now.date()
    seq = next_seq(uow.session, today, post.prefix)
    ticket = Ticket(
        token=secrets.token_urlsafe(16), service_day=today, prefix=post.prefix, seq=seq,
        number=format_number(post.prefix, seq), issued_post_id=post.id, post_id=post.id,
        service_id=service_id, state=TicketState.WAITING, kiosk=kiosk, request_key=request_key,
        issued_at=uow.now, issue_hour=hall_hour(uow.now),
        # open now, so there is an estimate (a window opens or serves now)
        people_ahead_at_issue=ahead, wait_minutes_at_issue=wait.minutes or 0, priority=0,
        queue_key=_key_of(uow.now), recall_count=0, transfer_count=0)
    uow.session.add(ticket)
    uow.session.flush()
    if print_ticket:
        uow.session.add(PrintJob(ticket_id=ticket.id, created_at=uow.now,
                                 state=PrintJobState.QUEUED, view=print_view(uow, ticket, wait),
                                 attempts=0, next_try_at=uow.now, last_error=""))
    uow.record(TicketIssued(at=uow.now, actor=f"kiosk:{kiosk}", **_ids(ticket),
                            service_id=service_id, kiosk=kiosk))
    return ticket


def _same_request(uow: UnitOfWork, earlier: Ticket, service_id: str) -> bool:
    """Whether a repeated request key asks for what it asked the first time (a retry): the
    same service, or, once the ticket was transferred away, a service of the post it was
    issued for."""
    if earlier.transfer_count == 0:
        return earlier.service_id == service_id
    with in_catalog():
        return uow.catalog.service(service_id).post_id == earlier.issued_post_id


def print_view(uow: UnitOfWork, ticket: Ticket, estimate: Estimate) -> dict:
    """What the printed ticket shows, frozen at issue time (printer.layout.TicketView); no
    minutes when the estimate cannot be given (nobody serves and no window opens today)."""
    catalog, settings = uow.catalog, uow.settings
    post, service = catalog.post(ticket.post_id), catalog.service(ticket.service_id)
    return {
        "hall_name": catalog.hall_name, "number": ticket.number, "post_name": post.name,
        "windows_label": post.windows_label, "service_name": service.name,
        "people_ahead": ticket.people_ahead_at_issue,
        "estimated_wait_minutes": estimate.minutes,
        "estimate_text": estimate.text,
        "issued_at": ticket.issued_at.isoformat(),
        "materials": [m.text for m in service.materials],
        "status_url": f"{settings.public_base_url.rstrip('/')}/t/{ticket.token}",
    }


# ---- a window calls ----

def call_next(uow: UnitOfWork, window_no: int, *, actor: str,
              finish_current: bool | int = False) -> Ticket | None:
    """Give the window the next waiting ticket of its post, or None when the queue is empty."""
    windows.require_serving(uow, window_no)
    _make_window_free(uow, window_no, actor=actor, finish_current=finish_current)
    post_id = windows.post_of(uow, window_no)
    waiting = waiting_in_order(uow.session, post_id, uow.now.date(), lock=True, limit=1)
    if not waiting:
        return None
    return _call(uow, waiting[0], window_no, actor)


def call_ticket(uow: UnitOfWork, window_no: int, ticket_id: int, *, actor: str,
                finish_current: bool | int = False) -> Ticket:
    """Call one waiting ticket of the window's post out of order."""
    windows.require_serving(uow, window_no)
    _make_window_free(uow, window_no, actor=actor, finish_current=finish_current)
    ticket = _get(uow, ticket_id, lock=True)
    if ticket.post_id != windows.post_of(uow, window_no):
        raise NotYourTicket(f"ticket {ticket.number} waits for another post, not window "
                            f"{window_no}", number=ticket.number)
    return _call(uow, ticket, window_no, actor)


def _call(uow: UnitOfWork, ticket: Ticket, window_no: int, actor: str) -> Ticket:
    ticket.mark_called(window_no, at=uow.now, by=actor)
    uow.record(TicketCalled(at=uow.now, actor=actor, **_ids(ticket), window_no=window_no))
    return ticket


def _make_window_free(uow: UnitOfWork, window_no: int, *, actor: str,
                      finish_current: bool | int) -> None:
    """Finish the window's ticket first when asked (`finish_current` True, or the id of the
    ticket the clerk means: another one there now is refused, never finished by mistake)."""
    current = windows.current_ticket(uow, window_no)
    if current is None:
        return
    if finish_current is False:
        raise WindowBusy(f"window {window_no} still has ticket {current.number}; finish it or "
                         "mark it as no-show first", window=window_no, number=current.number)
    if finish_current is not True and finish_current != current.id:
        raise NotYourTicket(f"window {window_no} now has ticket {current.number}, not the one "
                            "shown; look again", number=current.number, window=window_no)
    current.mark_finished(at=uow.now)
    uow.record(TicketFinished(at=uow.now, actor=actor, **_ids(current), window_no=window_no))


def recall(uow: UnitOfWork, window_no: int, *, actor: str, ticket_id: int | None = None
           ) -> Ticket:
    """Announce the window's called ticket again."""
    windows.require_serving(uow, window_no)
    ticket = _current(uow, window_no, ticket_id)
    ticket.mark_recalled()
    uow.record(TicketRecalled(at=uow.now, actor=actor, **_ids(ticket), window_no=window_no,
                              recall_count=ticket.recall_count))
    return ticket


def start_service(uow: UnitOfWork, window_no: int, *, actor: str,
                  ticket_id: int | None = None) -> Ticket:
    """The visitor has arrived at the window."""
    windows.require_session(uow, window_no)
    ticket = _current(uow, window_no, ticket_id)
    ticket.mark_started(at=uow.now)
    uow.record(ServiceStarted(at=uow.now, actor=actor, **_ids(ticket), window_no=window_no))
    return ticket


def finish(uow: UnitOfWork, window_no: int, *, actor: str, ticket_id: int | None = None
           ) -> Ticket:
    windows.require_session(uow, window_no)
    ticket = _current(uow, window_no, ticket_id)
    ticket.mark_finished(at=uow.now)
    uow.record(TicketFinished(at=uow.now, actor=actor, **_ids(ticket), window_no=window_no))
    return ticket


def mark_no_show(uow: UnitOfWork, window_no: int, *, actor: str, ticket_id: int | None = None
                 ) -> Ticket:
    """Called, did not come: the ticket leaves the queue."""
    windows.require_session(uow, window_no)
    ticket = _current(uow, window_no, ticket_id)
    ticket.mark_missed(at=uow.now)
    uow.record(TicketMissed(at=uow.now, actor=actor, **_ids(ticket), window_no=window_no))
    return ticket


def requeue(uow: UnitOfWork, window_no: int, ticket_id: int, *, actor: str,
            places: int | None = None) -> Ticket:
    """Put a returning no-show visitor back, `places` places down the post's queue."""
    windows.require_session(uow, window_no)
    places = uow.settings.requeue_places if places is None else places
    if not isinstance(places, int) or places < 0 or places > 999:
        raise BadRequest("places must be a whole number from 0 to 999", places=places)
    ticket = _get(uow, ticket_id, lock=True)
    if ticket.post_id != windows.post_of(uow, window_no):
        raise NotYourTicket(f"ticket {ticket.number} belongs to another post",
                            number=ticket.number)
    if ticket.service_day != uow.now.date():
        raise IllegalMove(f"ticket {ticket.number} is from another day", number=ticket.number)
    queue = waiting_in_order(uow.session, ticket.post_id, ticket.service_day)
    priority, key = _slot_after(queue, places)
    ticket.mark_requeued(priority=priority, queue_key=key)
    uow.record(TicketRequeued(at=uow.now, actor=actor, **_ids(ticket), places_down=places))
    return ticket


def transfer(uow: UnitOfWork, window_no: int, service_id: str, *, actor: str,
             ticket_id: int | None = None) -> Ticket:
    """Send the window's ticket to another service's queue, ahead of its FIFO tickets,
    keeping its number and issue time."""
    windows.require_session(uow, window_no)
    with in_catalog():
        service = uow.catalog.service(service_id)
    ticket = _current(uow, window_no, ticket_id)
    from_post = ticket.post_id
    ticket.mark_transferred(post_id=service.post_id, service_id=service.id,
                            queue_key=_key_of(ticket.issued_at))
    uow.record(TicketTransferred(at=uow.now, actor=actor, **_ids(ticket),
                                 from_post_id=from_post, service_id=service.id,
                                 window_no=window_no))
    return ticket


def cancel(uow: UnitOfWork, ticket_id: int, *, actor: str) -> Ticket:
    """The visitor gives up (from the phone page or at a window)."""
    ticket = _get(uow, ticket_id, lock=True)
    ticket.mark_cancelled(at=uow.now)
    uow.record(TicketCancelled(at=uow.now, actor=actor, **_ids(ticket)))
    return ticket


def expire_waiting(uow: UnitOfWork, *, before_day, actor: str = "scheduler") -> int:
    """End of day: every ticket still open from a day before `before_day` expires (waiting,
    or called and never finished), so a new day starts with free windows."""
    stale = list(uow.session.scalars(
        select(Ticket).where(Ticket.state.in_((TicketState.WAITING, *ACTIVE_STATES)),
                             Ticket.service_day < before_day).order_by(Ticket.id)))
    for ticket in stale:
        ticket.mark_expired(at=uow.now)
        uow.record(TicketExpired(at=uow.now, actor=actor, **_ids(ticket)))
    return len(stale)


# ---- small pieces ----

def _get(uow: UnitOfWork, ticket_id, *, lock: bool = False) -> Ticket:
    if not isinstance(ticket_id, int) or isinstance(ticket_id, bool):
        raise BadRequest("ticket_id must be a whole number", ticket_id=ticket_id)
    query = select(Ticket).where(Ticket.id == ticket_id)
    if lock:
        query = query.with_for_update()
    ticket = uow.session.scalars(query).first()
    if ticket is None:
        raise UnknownTicket(f"no ticket {ticket_id}", ticket_id=ticket_id)
    return ticket


def _current(uow: UnitOfWork, window_no: int, ticket_id: int | None) -> Ticket:
    """The window's own called/serving ticket; refuses another window's ticket."""
    if ticket_id is not None:
        ticket = _get(uow, ticket_id, lock=True)
        if ticket.window_no != window_no or ticket.state not in ACTIVE_STATES:
            raise NotYourTicket(f"ticket {ticket.number} is not at window {window_no}",
                                number=ticket.number, window=window_no)
        return ticket
    ticket = windows.current_ticket(uow, window_no)
    if ticket is None:
        raise IllegalMove(f"window {window_no} has no called ticket", window=window_no)
    return ticket


def _ids(ticket: Ticket) -> dict:
    return {"ticket_id": ticket.id, "number": ticket.number, "post_id": ticket.post_id,
            "token": ticket.token}


def _key_of(at: datetime) -> int:
    """Queue order key: microseconds since the epoch of the issue time."""
    return int(at.timestamp() * 1_000_000)


def _slot_after(queue: list[Ticket], places: int) -> tuple[int, int]:
    """A (priority, key) that sorts just after the first `places` tickets of `queue`."""
    if places >= len(queue):
        fifo_keys = [t.queue_key for t in queue if t.priority == 0]
        return 0, (max(fifo_keys) + 1 if fifo_keys else 0)
    after = queue[places]
    before = queue[places - 1] if places else None
    if before is not None and before.priority == after.priority:
        return after.priority, (before.queue_key + after.queue_key) // 2
    return after.priority, after.queue_key - 1
