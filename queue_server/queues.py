"""Reads that the write path and the screens both need: a post's queue in calling order, its
pace (mean service time, windows serving) and the estimate, tickets' print states, the
ticket a window finished last and tickets' ratings.

Nothing here writes; `tickets.py` and `screens/` both stand on it.
"""

from __future__ import annotations

import math

from sqlalchemy import func, select

from queue_server.models import (
    PrintJob,
    PrintJobState,
    Rating,
    Ticket,
    TicketState,
    WindowSession,
)


def _in_calling_order(what, post_id: str, service_day):
    return (select(what)
            .where(Ticket.post_id == post_id, Ticket.service_day == service_day,
                   Ticket.state == TicketState.WAITING)
            .order_by(Ticket.priority.desc(), Ticket.queue_key, Ticket.id))


def waiting_in_order(session, post_id: str, service_day, *, lock: bool = False, limit=None):
    """The post's waiting tickets in calling order: transferred-in first, then FIFO."""
    query = _in_calling_order(Ticket, post_id, service_day)
    if limit is not None:
        query = query.limit(limit)
    if lock:
        query = query.with_for_update(skip_locked=True)
    return list(session.scalars(query))


def waiting_ids_in_order(session, post_id: str, service_day) -> list[int]:
    """The ids alone of `waiting_in_order`: places in the queue without loading tickets."""
    return list(session.scalars(_in_calling_order(Ticket.id, post_id, service_day)))


def count_waiting(session, post_id: str, service_day) -> int:
    return session.scalar(
        select(func.count()).select_from(Ticket).where(
            Ticket.post_id == post_id, Ticket.service_day == service_day,
            Ticket.state == TicketState.WAITING)) or 0


def waiting_by_post(session, service_day) -> dict[str, int]:
    """How many wait in each post today (posts with nobody waiting are absent)."""
    return dict(session.execute(
        select(Ticket.post_id, func.count()).where(
            Ticket.service_day == service_day, Ticket.state == TicketState.WAITING)
        .group_by(Ticket.post_id)).all())


def mean_service_minutes(session, post_id: str, service_day, settings) -> float:
    """Mean minutes from call to finish over the post's recent finished tickets today."""
    rows = session.execute(
        select(Ticket.called_at, Ticket.ended_at)
        .where(Ticket.post_id == post_id, Ticket.service_day == service_day,
               Ticket.state == TicketState.DONE, Ticket.called_at.is_not(None))
        .order_by(Ticket.ended_at.desc())
        .limit(settings.recent_tickets_for_mean)).all()
    if not rows:
        return settings.default_service_minutes
    total = sum((ended - called).total_seconds() for called, ended in rows)
    return max(total / len(rows) / 60, 0.5)


def serving_windows(session, post_windows: tuple[int, ...]) -> int:
    """Windows of the post a clerk has opened and not paused."""
    return session.scalar(
        select(func.count()).select_from(WindowSession).where(
            WindowSession.window_no.in_(post_windows), WindowSession.closed_at.is_(None),
            WindowSession.paused_at.is_(None))) or 0


def post_pace(session, post, service_day, settings, open_windows: int) -> tuple[float, int]:
    """A post's mean service minutes and the windows serving it: those a clerk has opened
    and not paused, or, before anyone sits down, its windows open by the hours."""
    return (mean_service_minutes(session, post.id, service_day, settings),
            serving_windows(session, post.windows) or open_windows or 1)


def estimate_wait_minutes(session, post, people_ahead: int, service_day, settings,
                          open_windows: int) -> int:
    """people ahead × mean service time ÷ windows serving (see docs/architecture.md)."""
    if people_ahead <= 0:
        return 0
    return wait_minutes(people_ahead,
                        *post_pace(session, post, service_day, settings, open_windows))


def wait_minutes(people_ahead: int, mean_minutes: float, windows_serving: int) -> int:
    """The estimate itself: people ahead × mean service time ÷ windows serving, rounded up."""
    return math.ceil(people_ahead * mean_minutes / max(windows_serving, 1))


def print_states_of(session, ticket_ids: list[int]) -> dict[int, dict]:
    """What the kiosk and phone show of each ticket's printing (queued, retrying, printed,
    failed), by ticket id, for the tickets that have a print job."""
    jobs = session.scalars(select(PrintJob).where(PrintJob.ticket_id.in_(ticket_ids))
                           .order_by(PrintJob.id)).all()
    return {job.ticket_id: _print_state(job) for job in jobs}  # the newest job wins


def _print_state(job: PrintJob) -> dict:
    if job.state is PrintJobState.PRINTED:
        return {"state": "printed", "error": ""}
    if job.state is PrintJobState.FAILED:
        return {"state": "failed", "error": job.last_error}
    told = job.attempts or job.last_error  # failed once, or waits behind a failing printer
    return {"state": "retrying" if told else "queued", "error": job.last_error}


def queued_print_jobs(session) -> int:
    """Print jobs still waiting for the printer."""
    return session.scalar(select(func.count()).select_from(PrintJob)
                          .where(PrintJob.state == PrintJobState.QUEUED)) or 0


def latest_finished(session, window_no: int) -> Ticket | None:
    """The ticket most recently finished at the window (the one its pad offers)."""
    return session.scalars(
        select(Ticket).where(Ticket.window_no == window_no, Ticket.state == TicketState.DONE)
        .order_by(Ticket.ended_at.desc(), Ticket.id.desc()).limit(1)).first()


def ratings_of(session, ticket_ids: list[int]) -> dict[int, Rating]:
    """The ratings of these tickets, by ticket id."""
    if not ticket_ids:
        return {}
    return {r.ticket_id: r for r in session.scalars(
        select(Rating).where(Rating.ticket_id.in_(ticket_ids)))}
