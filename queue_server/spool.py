"""The print spool: queued print jobs go to the printer in order, each confirmed by it.

Issuing never waits on the printer: the job is a row written in the ticket's own
transaction, and this worker prints it later. A job is marked printed only when the device
confirms the ticket (an ESC/POS printer answers its status query after the ticket); no
answer keeps the job and retries it whole. A crash after the printer confirmed but before
the job was marked printed reprints that one ticket on restart: the only duplicate allowed
(docs/architecture.md).

A ticket not printed within TOO_LATE of being issued is given up, never printed for the next
person at the kiosk; staff see it in the live view's list of unprinted tickets. The spool
asks the printer's status on each round while it is not ok (and `SpoolWorker` when idle),
and records `PrinterStateChanged` when what it sees changes, so screens show it at once.
"""

from __future__ import annotations

import logging
import threading
import time
from datetime import datetime, timedelta
from typing import Self

from sqlalchemy import select

from printer.devices import PrinterStatus
from printer.layout import TicketView, ticket_bytes
from queue_server.db import UnitOfWork
from queue_server.events import PrinterStateChanged, PrintFailed, TicketPrinted
from queue_server.models import PrintJob, PrintJobState, Ticket
from queue_server.printer_link import PrinterState

log = logging.getLogger(__name__)

MAX_BACKOFF = timedelta(seconds=60)
CLAIM = timedelta(seconds=5)  # a job being sent is left alone this long; its sender renews it
RENEW_SECONDS = 1.5  # while a send lasts, its claim is renewed this often
TOO_LATE = timedelta(minutes=1)  # not printed within a minute of issue: given up, listed
POLL_SECONDS = 2.0
IDLE_PROBE_SECONDS = 5.0  # an idle spool asks the printer's status this often


def backoff(attempts: int) -> timedelta:
    """1, 2, 4, … seconds after each failed attempt, at most a minute."""
    return min(timedelta(seconds=2 ** max(attempts - 1, 0)), MAX_BACKOFF)


def ticket_view_of(job_view: dict) -> TicketView:
    """The frozen print view stored with the job, as the printer package's TicketView."""
    return TicketView(
        hall_name=job_view["hall_name"], number=job_view["number"],
        post_name=job_view["post_name"], windows_label=job_view["windows_label"],
        service_name=job_view["service_name"], people_ahead=job_view["people_ahead"],
        estimated_wait_minutes=job_view["estimated_wait_minutes"],
        issued_at=datetime.fromisoformat(job_view["issued_at"]),
        materials=tuple(job_view["materials"]), status_url=job_view["status_url"],
        **_rules_of(job_view))


def _rules_of(job_view: dict) -> dict:
    """What jobs stored since the hall's rules are printed (footer, estimate, 补打) carry;
    older jobs print as before."""
    extra = {key: job_view[key] for key in ("footer", "show_estimate", "estimate_text")
             if key in job_view}
    if job_view.get("reprinted_at"):
        extra["reprinted_at"] = datetime.fromisoformat(job_view["reprinted_at"])
    return extra


def print_due(hall, *, renew_every: float = RENEW_SECONDS) -> int:
    """One round. Ask the printer first unless it was last seen printable; give up the
    tickets too old to print; then send the due jobs in order, each confirmed by the printer.
    On a failure keep the job, back off and stop. Returns the jobs printed."""
    if not hall.printer.state.can_print:
        check_printer(hall)
    with hall.unit_of_work() as uow:
        give_up_stale(uow)
    if not hall.printer.state.can_print:
        with hall.unit_of_work() as uow:
            tell_waiting(uow, hall.printer.state)
        return 0
    sent = 0
    while True:
        with hall.unit_of_work() as uow:
            claimed = claim_head(uow)
        if claimed is None:
            return sent
        job_id, view, stale = claimed
        if stale:
            with hall.unit_of_work() as uow:
                give_up(uow, job_id, reason=GIVEN_UP)
            continue
        try:
            data = ticket_bytes(ticket_view_of(view), paper_mm=hall.settings.paper_mm)
        except (ValueError, KeyError) as err:  # a job that can never print must not block
            log.error("print job %s cannot be laid out: %s", job_id, err)
            with hall.unit_of_work() as uow:
                give_up(uow, job_id, reason=f"cannot lay out the ticket: {err}")
            continue
        try:
            with ClaimKept(hall, job_id, every=renew_every):
                confirmed = hall.printer.device.send(data)
        except Exception as err:  # noqa: BLE001 - any failure: keep the job, back off
            state = PrinterState.of(err)
            with hall.unit_of_work() as uow:
                note_state(uow, hall, state)
                tell_waiting(uow, state, besides=job_id)
                retry_later(uow, job_id, reason=state.error)
            return sent
        with hall.unit_of_work() as uow:
            note_state(uow, hall, PrinterState.answered(confirmed or PrinterStatus.OK))
            mark_printed(uow, job_id)
        sent += 1


GIVEN_UP = "too late to print: the visitor was told on screen"


def claim_head(uow: UnitOfWork) -> tuple[int, dict, bool] | None:
    """Take the oldest queued job if it is due, for CLAIM: another server process leaves it
    alone until then, and the sender renews the claim while it sends (`ClaimKept`), so a
    crashed process's claim runs out within CLAIM. Tickets print in the order they were
    issued, so a head that is not due yet holds the ones behind it."""
    job = uow.session.scalars(
        select(PrintJob).where(PrintJob.state == PrintJobState.QUEUED)
        .order_by(PrintJob.id).limit(1).with_for_update()).first()
    if job is None or job.next_try_at > uow.now:
        return None
    job.next_try_at = uow.now + CLAIM
    return job.id, job.view, uow.now - job.created_at > TOO_LATE


def renew_claim(uow: UnitOfWork, job_id: int) -> None:
    """Keep a job being sent claimed for another CLAIM from now."""
    job = uow.session.get(PrintJob, job_id)
    if job is not None and job.state is PrintJobState.QUEUED:
        job.next_try_at = max(job.next_try_at, uow.now + CLAIM)


class ClaimKept:
    """While a send lasts, renew its job's claim every `every` seconds (a thread; a send
    that returns at once never renews)."""

    def __init__(self, hall, job_id: int, *, every: float = RENEW_SECONDS) -> None:
        self.hall, self.job_id, self.every = hall, job_id, every
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, name="print-claim", daemon=True)

    def __enter__(self) -> Self:
        self._thread.start()
        return self

    def __exit__(self, *_exc) -> None:
        self._done.set()
        self._thread.join(timeout=10)

    def _run(self) -> None:
        while not self._done.wait(self.every):
            try:
                with self.hall.unit_of_work() as uow:
                    renew_claim(uow, self.job_id)
            except Exception:  # the send goes on; at worst the claim runs out
                log.exception("renewing the claim of print job %s failed", self.job_id)


def give_up_stale(uow: UnitOfWork) -> int:
    """Give up every queued job issued more than TOO_LATE ago (its visitor was told on screen
    and may have gone; the next person at the kiosk must not get the ticket). Jobs given up."""
    stale = uow.session.scalars(
        select(PrintJob).where(PrintJob.state == PrintJobState.QUEUED,
                               PrintJob.created_at < uow.now - TOO_LATE)
        .order_by(PrintJob.id).with_for_update()).all()
    for job in stale:
        give_up(uow, job.id, reason=GIVEN_UP)
    return len(stale)


def tell_waiting(uow: UnitOfWork, state: PrinterState, *, besides: int | None = None) -> None:
    """Each queued job not yet told that the printer is failing is told once (a PrintFailed
    its kiosk and phone show), not only the head that met the failure."""
    reason = f"waiting for the printer ({state.status}): {state.error}".rstrip(": ")
    waiting = uow.session.scalars(
        select(PrintJob).where(PrintJob.state == PrintJobState.QUEUED, PrintJob.last_error == "")
        .order_by(PrintJob.id)).all()
    for job in waiting:
        if job.id != besides:
            job.last_error = reason[:500]
            _record_failure(uow, job)


def note_state(uow: UnitOfWork, hall, state: PrinterState) -> None:
    """Take `state` as the printer's; a change is recorded (PrinterStateChanged)."""
    was = hall.printer.update(state)
    if was is not None:
        log.info("printer %s -> %s %s", was.status, state.status, state.error)
        uow.record(PrinterStateChanged(at=uow.now, actor="spool", status=state.status,
                                       error=state.error, was=was.status))


def mark_printed(uow: UnitOfWork, job_id: int) -> None:
    job = uow.session.get(PrintJob, job_id)
    if job is None or job.state is PrintJobState.PRINTED:
        return  # printed already: running twice changes nothing
    # a job another process gave up while this one was sending it printed after all
    job.state, job.printed_at, job.attempts = PrintJobState.PRINTED, uow.now, job.attempts + 1
    ticket = uow.session.get(Ticket, job.ticket_id)
    uow.record(TicketPrinted(at=uow.now, actor="spool", ticket_id=ticket.id,
                             number=ticket.number, post_id=ticket.post_id, token=ticket.token,
                             kiosk=ticket.kiosk))


def retry_later(uow: UnitOfWork, job_id: int, *, reason: str) -> None:
    job = uow.session.get(PrintJob, job_id)
    if job is None or job.state is PrintJobState.PRINTED:
        return
    job.attempts += 1
    job.last_error = reason[:500]
    job.next_try_at = uow.now + backoff(job.attempts)
    _record_failure(uow, job)


def _record_failure(uow: UnitOfWork, job: PrintJob) -> None:
    ticket = uow.session.get(Ticket, job.ticket_id)
    uow.record(PrintFailed(at=uow.now, actor="spool", ticket_id=ticket.id,
                           number=ticket.number, post_id=ticket.post_id, token=ticket.token,
                           kiosk=ticket.kiosk, error=job.last_error, attempts=job.attempts))


def give_up(uow: UnitOfWork, job_id: int, *, reason: str) -> None:
    job = uow.session.get(PrintJob, job_id)
    if job is None or job.state is not PrintJobState.QUEUED:
        return
    job.state, job.last_error = PrintJobState.FAILED, reason[:500]
    _record_failure(uow, job)


def check_printer(hall) -> PrinterState:
    """Ask the device (short timeout); a printer that does not answer is not OK. A change of
    state is recorded."""
    try:
        state = PrinterState.answered(hall.printer.device.status())
    except Exception as err:  # noqa: BLE001 - whatever the device raises, it is not ok
        state = PrinterState.of(err)
    with hall.unit_of_work() as uow:
        note_state(uow, hall, state)
    return state


class SpoolWorker:
    """The background printer loop started by `run.py serve` (never by the factory)."""

    def __init__(self, hall) -> None:
        self.hall = hall
        self.wakeup = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, name="print-spool", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self.wakeup.set()
        if self._thread is not None:
            self._thread.join(timeout=10)

    def _run(self) -> None:
        contact = 0.0  # time.monotonic() when the printer last answered or was asked
        while not self._stop.is_set():
            try:
                if time.monotonic() - contact >= IDLE_PROBE_SECONDS:
                    check_printer(self.hall)
                    contact = time.monotonic()
                if print_due(self.hall) or not self.hall.printer.state.can_print:
                    contact = time.monotonic()  # printed, or print_due asked it just now
            except Exception:  # the jobs are rows: nothing is lost, try again next round
                log.exception("print spool round failed")
            self.wakeup.wait(POLL_SECONDS)
            self.wakeup.clear()
