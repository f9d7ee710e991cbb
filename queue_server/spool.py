"""The print spool: queued print jobs go to the printer in order, retried with backoff.

Issuing never waits on the printer: the job is a row written in the ticket's own
transaction, and this worker prints it later. A crash after the printer took the bytes but
before the job was marked printed reprints that one ticket on restart: the only duplicate
allowed (docs/architecture.md).
"""

from __future__ import annotations

import logging
import threading
from datetime import datetime, timedelta

from sqlalchemy import select

from printer.devices import PrinterStatus
from printer.errors import PrinterError
from printer.layout import TicketView, ticket_bytes
from queue_server.db import UnitOfWork
from queue_server.events import PrintFailed, TicketPrinted
from queue_server.models import PrintJob, PrintJobState, Ticket
from queue_server.printer_link import PrinterState

log = logging.getLogger(__name__)

MAX_BACKOFF = timedelta(seconds=60)
CLAIM = timedelta(seconds=30)  # a job being sent is left alone by other processes this long
TOO_LATE = timedelta(minutes=15)  # a ticket not printed by then is not printed at all
POLL_SECONDS = 2.0


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
        materials=tuple(job_view["materials"]), status_url=job_view["status_url"])


def print_due(hall) -> int:
    """Send the due jobs in order; on a failure keep the job, back off and stop. Jobs sent."""
    sent = 0
    while True:
        with hall.unit_of_work() as uow:
            claimed = claim_head(uow)
        if claimed is None:
            return sent
        job_id, view, stale = claimed
        if stale:
            with hall.unit_of_work() as uow:
                give_up(uow, job_id, reason="too late to print: the visitor was told on screen")
            continue
        try:
            data = ticket_bytes(ticket_view_of(view), paper_mm=hall.settings.paper_mm)
        except (ValueError, KeyError) as err:  # a job that can never print must not block
            log.error("print job %s cannot be laid out: %s", job_id, err)
            with hall.unit_of_work() as uow:
                give_up(uow, job_id, reason=f"cannot lay out the ticket: {err}")
            continue
        try:
            hall.printer.device.send(data)
        except Exception as err:  # noqa: BLE001 - any failure: keep the job, back off
            with hall.unit_of_work() as uow:
                retry_later(uow, job_id, reason=str(err) or type(err).__name__)
            hall.printer.state = PrinterState.of(err)
            return sent
        with hall.unit_of_work() as uow:
            mark_printed(uow, job_id)
        hall.printer.state = PrinterState("ok")
        sent += 1


def claim_head(uow: UnitOfWork) -> tuple[int, dict, bool] | None:
    """Take the oldest queued job if it is due, for CLAIM_SECONDS: another server process
    (or this one, after a crash) leaves it alone until then. Tickets print in the order they
    were issued, so a head that is not due yet holds the ones behind it."""
    job = uow.session.scalars(
        select(PrintJob).where(PrintJob.state == PrintJobState.QUEUED)
        .order_by(PrintJob.id).limit(1).with_for_update()).first()
    if job is None or job.next_try_at > uow.now:
        return None
    job.next_try_at = uow.now + CLAIM
    return job.id, job.view, uow.now - job.created_at > TOO_LATE


def mark_printed(uow: UnitOfWork, job_id: int) -> None:
    job = uow.session.get(PrintJob, job_id)
    if job is None or job.state is PrintJobState.PRINTED:
        return  # printed already: running twice changes nothing
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
    """Ask the device (short timeout); a printer that does not answer is not OK."""
    try:
        status = hall.printer.device.status()
    except PrinterError as err:
        state = PrinterState.of(err)
    else:
        state = PrinterState({PrinterStatus.OK: "ok", PrinterStatus.OFFLINE: "offline",
                              PrinterStatus.OUT_OF_PAPER: "out_of_paper"}.get(status, "unknown"))
    hall.printer.state = state
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
        check_printer(self.hall)
        while not self._stop.is_set():
            try:
                print_due(self.hall)
            except Exception:  # the jobs are rows: nothing is lost, try again next round
                log.exception("print spool round failed")
            self.wakeup.wait(POLL_SECONDS)
            self.wakeup.clear()
