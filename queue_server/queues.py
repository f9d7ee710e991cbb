"""Reads that the write path and the screens both need: a post's queue in calling order, its
pace (mean service time, windows serving) and the estimate (`Estimate`, the one place it is
computed), tickets' print states, the ticket a window finished last and tickets' ratings.

Nothing here writes; `tickets.py` and `screens/` both stand on it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select

from catalog.hours import HALL_TZ
from queue_server.models import (
    PrintJob,
    PrintJobState,
    Rating,
    Ticket,
    TicketState,
    WindowSession,
)
from queue_server.router import PostState


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


@dataclass(frozen=True)
class Estimate:
    """How long until a ticket is called, given only from windows open now or later today.

    `minutes` counts from `from_at` (no window open now: the first opening later today) or
    from now; None when no window serves now and none opens today (cannot estimate).
    `serving`: a clerk serves the post now, so its head is next; without one, the head is
    called first once a window opens.
    """

    minutes: int | None
    from_at: datetime | None = None
    serving: bool = True

    @property
    def can_estimate(self) -> bool:
        return self.minutes is not None

    def called_by(self, at: datetime) -> datetime | None:
        """The instant the wait ends, counted from `from_at` or from `at` (now)."""
        if self.minutes is None:
            return None
        return (self.from_at or at) + timedelta(minutes=self.minutes)

    def as_json(self, at: datetime, *, shown: bool = True) -> dict:
        if not shown:  # the hall's rule `show_estimate` is off: no minutes, said as such
            return {"minutes": None, "can_estimate": False, "from_at": None,
                    "called_by": None, "serving": self.serving, "shown": False}
        return {"minutes": self.minutes, "can_estimate": self.can_estimate,
                "from_at": self.from_at.isoformat() if self.from_at else None,
                "called_by": _iso(self.called_by(at)), "serving": self.serving}


def _iso(at: datetime | None) -> str | None:
    return at.isoformat() if at else None


@dataclass(frozen=True)
class Pace:
    """A post's pace now: mean service minutes and the windows the estimate counts (serving,
    else open by the hours, else opening at `from_at` later today; 0: none today)."""

    mean_minutes: float
    windows: int
    serving: bool
    from_at: datetime | None = None

    def estimate(self, people_ahead: int) -> Estimate:
        if not self.windows:
            return Estimate(None, serving=False)
        return Estimate(wait_minutes(people_ahead, self.mean_minutes, self.windows),
                        from_at=self.from_at, serving=self.serving)


def post_pace(session, post, state: PostState, *, at: datetime, settings) -> Pace:
    """A post's pace at `at`: the windows a clerk has opened and not paused; before anyone
    sits down, its windows open by the hours; with none open now, those opening later today
    (the wait counts from that opening)."""
    mean = mean_service_minutes(session, post.id, at.date(), settings)
    serving = serving_windows(session, post.windows)
    if serving:
        return Pace(mean, serving, True)
    if state.open_windows:
        return Pace(mean, len(state.open_windows), False)
    opens_at = state.opens_at
    if opens_at is not None and opens_at.astimezone(HALL_TZ).date() == \
            at.astimezone(HALL_TZ).date():
        return Pace(mean, max(len(state.opening_windows), 1), False, from_at=opens_at)
    return Pace(mean, 0, False)


def estimate_wait(session, post, state: PostState, people_ahead: int, *, at: datetime,
                  settings) -> Estimate:
    """people ahead × mean service time ÷ windows serving (see docs/architecture.md)."""
    return post_pace(session, post, state, at=at, settings=settings).estimate(people_ahead)


def wait_minutes(people_ahead: int, mean_minutes: float, windows_serving: int) -> int:
    """The estimate itself: people ahead × mean service time ÷ windows serving, rounded up."""
    if people_ahead <= 0:
        return 0
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
