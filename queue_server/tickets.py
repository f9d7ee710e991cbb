"""The ticket service: every change of a ticket goes through one of these functions.

Each takes an open UnitOfWork, decides (router, hours, rules), changes rows, records one
event per change and returns; the caller's `with` commits and then the events are published.
"""

from __future__ import annotations

import secrets
from datetime import datetime

from sqlalchemy import func, select

from queue_server import kiosks, windows
from queue_server.cards import require_card_free
from queue_server.db import UnitOfWork
from queue_server.errors import (
    BadRequest,
    IllegalMove,
    IssueRefused,
    NotYourTicket,
    RequestKeyReused,
    RequeueRefused,
    TransferRefused,
    UnknownTicket,
    WindowBusy,
    in_catalog,
)
from queue_server.events import (
    ServiceStarted,
    TicketCalled,
    TicketCancelled,
    TicketCheckedIn,
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
    AuditEntry,
    PrintJob,
    PrintJobState,
    Ticket,
    TicketState,
    hall_hour,
)
from queue_server.numbering import format_number, next_seq
from queue_server.overrides import calendar_at
from queue_server.queues import (
    Estimate,
    count_waiting,
    next_to_call,
    post_outlook,
    waiting_in_order,
)
from queue_server.router import (
    Route,
    Verdict,
    may_call,
    may_enter,
    may_open,
    post_state,
    route_of,
)

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
    today = uow.now.date()
    calendar = calendar_at(uow.session, catalog, at=uow.now)
    post = catalog.post(calendar.periods.post_of(service, today))  # a move (periods.py)
    ahead = count_waiting(uow.session, post.id, today)
    state = post_state(catalog, post.id, at=uow.now, days=calendar.workdays,
                       overrides_of=calendar.of, cutoff=settings.cutoff)
    wait = post_outlook(uow.session, post, state, at=uow.now, settings=settings,
                        calendar=calendar).estimate(ahead)
    decided = route_of(catalog, service, state, at=uow.now,
                       estimated_wait=wait.wait,
                       suspension=calendar.periods.suspension_of(service.id, today))
    return decided, ahead, wait


# ---- issue ----

def issue_ticket(uow: UnitOfWork, service_id: str, *, kiosk: str, print_ticket: bool = True,
                 request_key: str | None = None, kiosk_id: int | None = None,
                 card_hash: str | None = None) -> Ticket:
    """Give the visitor the next number of the service's queue, or IssueRefused.

    A repeated `request_key` from the same kiosk (a double tap, a retried request) gives
    back the ticket already issued for it, and issues nothing new. `kiosk_id`: the
    registered kiosk asking (its name goes on the ticket; KioskRevoked if revoked meanwhile);
    `card_hash`: the keyed hash of the card read, held to the card limit at the post.
    """
    device = kiosks.issuing_kiosk(uow, kiosk_id) if kiosk_id is not None else None
    kiosk = (device or kiosk)[:40]
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
    if card_hash is not None:
        require_card_free(uow.session, card_hash, post_id=decided.post.id, day=uow.now.date(),
                          limit=uow.settings.open_tickets_per_card)
    ticket = _new_ticket(uow, decided.post, service_id, prefix=decided.post.prefix,
                         kiosk=kiosk, request_key=request_key, ahead=ahead, wait=wait,
                         queue_key=_key_of(uow.now), print_ticket=print_ticket,
                         kiosk_device=device, card_hash=card_hash)
    uow.record(TicketIssued(at=uow.now, actor=f"kiosk:{kiosk}", **_ids(ticket),
                            service_id=service_id, kiosk=kiosk))
    return ticket


def issue_booked_ticket(uow: UnitOfWork, service_id: str, *, slot_at: datetime, kiosk: str,
                        booking_id: int, print_ticket: bool = True) -> Ticket:
    """A booked visitor's ticket (`bookings.check_in` decides that they may have it): the
    booking prefix, not called before `slot_at`, keyed by the slot (ahead of walk-ins who
    came after it); a late visitor keyed by now under the hall's rule "arrival"."""
    with in_catalog():
        service = uow.catalog.service(service_id)
    post = uow.catalog.post(service.post_id)
    settings = uow.settings
    key_at = slot_at if settings.booking_rule == "slot" else max(uow.now, slot_at)
    ahead = sum(1 for t in waiting_in_order(uow.session, post.id, uow.now.date())
                if t.queue_key < _key_of(key_at))
    calendar = calendar_at(uow.session, uow.catalog, at=uow.now)
    state = post_state(uow.catalog, post.id, at=uow.now, days=calendar.workdays,
                       overrides_of=calendar.of, cutoff=settings.cutoff)
    wait = post_outlook(uow.session, post, state, at=uow.now, settings=settings,
                        calendar=calendar).estimate(ahead).not_before(slot_at)
    ticket = _new_ticket(uow, post, service_id, prefix=settings.booking_prefix, kiosk=kiosk,
                         request_key=None, ahead=ahead, wait=wait, queue_key=_key_of(key_at),
                         print_ticket=print_ticket, slot_at=slot_at)
    uow.record(TicketCheckedIn(at=uow.now, actor=f"kiosk:{kiosk}", **_ids(ticket),
                               service_id=service_id, kiosk=kiosk, booking_id=booking_id,
                               slot_at=slot_at.isoformat()))
    return ticket


def _new_ticket(uow: UnitOfWork, post, service_id: str, *, prefix: str, kiosk: str,
                request_key: str | None, ahead: int, wait: Estimate, queue_key: int,
                print_ticket: bool, slot_at: datetime | None = None,
                kiosk_device: str | None = None, card_hash: str | None = None) -> Ticket:
    """The ticket row and its print job, in the issuing transaction."""
    today = uow.now.date()
    seq = next_seq(uow.session, today, prefix)
    ticket = Ticket(
        token=secrets.token_urlsafe(16), service_day=today, prefix=prefix, seq=seq,
        number=format_number(prefix, seq), issued_post_id=post.id, post_id=post.id,
        service_id=service_id, state=TicketState.WAITING, kiosk=kiosk, request_key=request_key,
        kiosk_device=kiosk_device, card_hash=card_hash,
        issued_at=uow.now, issue_hour=hall_hour(uow.now),
        # open now, so there is an estimate (a window opens or serves now)
        people_ahead_at_issue=ahead, wait_minutes_at_issue=wait.minutes or 0, priority=0,
        queue_key=queue_key, recall_count=0, transfer_count=0, slot_at=slot_at,
        priority_note="")
    uow.session.add(ticket)
    uow.session.flush()
    if print_ticket:
        uow.session.add(PrintJob(ticket_id=ticket.id, created_at=uow.now,
                                 state=PrintJobState.QUEUED, view=print_view(uow, ticket, wait),
                                 attempts=0, next_try_at=uow.now, last_error=""))
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
        "footer": no_show_rule(settings), "show_estimate": settings.show_estimate,
    }


def no_show_rule(settings) -> str:
    """The printed ticket's footer: the put-back rule in force."""
    if settings.requeue_times == 0:
        return "请留意叫号，过号需重新取号"
    times = "一次" if settings.requeue_times == 1 else f"{settings.requeue_times}次"
    return f"请留意叫号，过号可回队{times}（后移{settings.requeue_places}位），再过号需重新取号"


# ---- a window calls ----

def call_next(uow: UnitOfWork, window_no: int, *, actor: str,
              finish_current: bool | int = False) -> Ticket | None:
    """Give the window the next waiting ticket of its post, or None when the queue is empty."""
    windows.require_serving(uow, window_no)
    _make_window_free(uow, window_no, actor=actor, finish_current=finish_current)
    post_id = windows.post_of(uow, window_no)
    hours = windows.hours_now(uow, window_no)
    windows.refuse(may_open(hours), window_no)  # never under an admin closure
    ticket = next_to_call(uow.session, post_id, uow.now.date(), at=uow.now,
                          settings=uow.settings, window_no=window_no,
                          accept=lambda t: may_call(hours, t.issued_at) is None)
    if ticket is None:  # after its hours: only tickets issued before the window closed
        for waiting in waiting_in_order(uow.session, post_id, uow.now.date()):
            windows.refuse(may_call(hours, waiting.issued_at), window_no)
        return None
    return _call(uow, ticket, window_no, actor)


def call_ticket(uow: UnitOfWork, window_no: int, ticket_id: int, *, actor: str,
                finish_current: bool | int = False) -> Ticket:
    """Call one waiting ticket of the window's post out of order."""
    windows.require_serving(uow, window_no)
    _make_window_free(uow, window_no, actor=actor, finish_current=finish_current)
    ticket = _get(uow, ticket_id, lock=True)
    if ticket.post_id != windows.post_of(uow, window_no):
        raise NotYourTicket(f"ticket {ticket.number} waits for another post, not window "
                            f"{window_no}", number=ticket.number)
    windows.refuse(may_call(windows.hours_now(uow, window_no), ticket.issued_at), window_no)
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
    rule = uow.settings
    places = rule.requeue_places if places is None else places
    if not isinstance(places, int) or isinstance(places, bool) or not (
            0 <= places <= rule.requeue_places):
        raise BadRequest(f"places must be a whole number from 0 to {rule.requeue_places} "
                         "(the hall's put-back rule)", field="places", places=places)
    ticket = _get(uow, ticket_id, lock=True)
    if ticket.post_id != windows.post_of(uow, window_no):
        raise NotYourTicket(f"ticket {ticket.number} belongs to another post",
                            number=ticket.number)
    if ticket.service_day != uow.now.date():
        raise IllegalMove(f"ticket {ticket.number} is from another day", number=ticket.number)
    done = times_requeued(uow.session, ticket.id)
    if done >= rule.requeue_times:
        raise RequeueRefused(
            "过号需重新取号 / a no-show takes a new ticket" if rule.requeue_times == 0 else
            f"{ticket.number} 已回队 {done} 次，再过号需重新取号 / ticket {ticket.number} was "
            f"put back {done} time(s), the most the hall's rule allows",
            number=ticket.number, times=done, limit=rule.requeue_times)
    windows.refuse(may_call(windows.hours_now(uow, window_no), ticket.issued_at), window_no)
    queue = waiting_in_order(uow.session, ticket.post_id, ticket.service_day)
    priority, key = _slot_after(queue, places)
    ticket.mark_requeued(priority=priority, queue_key=key)
    uow.record(TicketRequeued(at=uow.now, actor=actor, **_ids(ticket), places_down=places))
    return ticket


def times_requeued(session, ticket_id: int) -> int:
    """How many times the ticket was put back (its audit log)."""
    return session.scalar(select(func.count()).select_from(AuditEntry).where(
        AuditEntry.ticket_id == ticket_id, AuditEntry.kind == TicketRequeued.wire_name))


def transfer(uow: UnitOfWork, window_no: int, service_id: str, *, actor: str,
             ticket_id: int | None = None, override_reason: str | None = None) -> Ticket:
    """Send the window's ticket to another service's queue, ahead of its FIFO tickets,
    keeping its number and issue time. The router refuses a post closed now, saying why
    and when it opens; `override_reason` (an admin's, checked by the caller) sends it anyway
    and is recorded."""
    windows.require_session(uow, window_no)
    with in_catalog():
        service = uow.catalog.service(service_id)
    ticket = _current(uow, window_no, ticket_id)
    calendar = calendar_at(uow.session, uow.catalog, at=uow.now)
    refusal = may_enter(post_state(uow.catalog, service.post_id, at=uow.now,
                                   days=calendar.workdays, overrides_of=calendar.of,
                                   cutoff=uow.settings.cutoff))
    override_reason = (override_reason or "").strip()[:200]
    if refusal is not None and not override_reason:
        raise TransferRefused(refusal.reason, field="service_id", service_id=service.id,
                              opens_at=refusal.opens_at, reason=refusal.closure)
    if refusal is None:
        override_reason = ""
    from_post = ticket.post_id
    post_id = calendar_at(uow.session, uow.catalog, at=uow.now).periods.post_of(
        service, uow.now.date())  # a service moved by an admin's period
    ticket.mark_transferred(post_id=post_id, service_id=service.id,
                            queue_key=_key_of(ticket.issued_at))
    uow.record(TicketTransferred(at=uow.now, actor=actor, **_ids(ticket),
                                 from_post_id=from_post, service_id=service.id,
                                 window_no=window_no, override_reason=override_reason))
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
