"""The ticket printer as screens show it: its last known state with the jobs waiting, and
the tickets given up today (never printed) for staff to hand out by number."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from queue_server.hall import Hall
from queue_server.models import PrintJob, PrintJobState, Ticket
from queue_server.queues import queued_print_jobs
from queue_server.screens.ticket_view import iso


def printer_view(session, hall: Hall) -> dict:
    """`status` (ok, near_end, offline, out_of_paper, unknown), `error`, `queued`, and `down`:
    a ticket taken now may not print (offline, out of paper, or not answering after a
    failure; a printer not yet asked is not down)."""
    state = hall.printer.state
    down = state.status in ("offline", "out_of_paper") or (
        state.status == "unknown" and bool(state.error))
    return {"status": state.status, "error": state.error, "down": down,
            "queued": queued_print_jobs(session)}


def unprinted_tickets(session, service_day: date, *, limit: int = 20) -> list[dict]:
    """Today's tickets whose printing was given up (too late, or cannot be laid out), newest
    first: number, post, issue time and why."""
    rows = session.execute(
        select(Ticket.number, Ticket.post_id, Ticket.issued_at, PrintJob.last_error)
        .join(PrintJob, PrintJob.ticket_id == Ticket.id)
        .where(Ticket.service_day == service_day, PrintJob.state == PrintJobState.FAILED)
        .order_by(PrintJob.id.desc()).limit(limit)).all()
    return [{"number": number, "post_id": post_id, "issued_at": iso(issued_at), "reason": why}
            for number, post_id, issued_at, why in rows]
