"""Reads that the write path and the screens both need: a post's queue in calling order (the
one `calling_order`: booked slots and fair 绿色通道), its
pace (mean service time, windows serving) and the estimate (`Estimate`, the one place it is
computed), tickets' print states, the ticket a window finished last and tickets' ratings.

Nothing here writes; `tickets.py` and `screens/` both stand on it.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from sqlalchemy import func, select

from catalog.hours import HALL_TZ
from queue_server.events import TicketCalled
from queue_server.models import (
    AuditEntry,
    PrintJob,
    PrintJobState,
    Rating,
    Ticket,
    TicketState,
    WindowSession,
)
from queue_server.router import PostState

GREEN = 2  # the priority of a 绿色通道 ticket (transferred-in: 1, walk-in and booked: 0)


def _in_stored_order(what, post_id: str, service_day):
    return (select(*what)
            .where(Ticket.post_id == post_id, Ticket.service_day == service_day,
                   Ticket.state == TicketState.WAITING)
            .order_by(Ticket.priority.desc(), Ticket.queue_key, Ticket.id))


@dataclass(frozen=True)
class InLine:
    """What the calling order needs of one waiting ticket."""

    id: int
    priority: int
    green: bool  # 绿色通道
    slot_at: datetime | None  # booked: not called before its slot starts
    due_at: datetime  # when its estimate at issue said it would be called
    issued_at: datetime | None = None

    def ready(self, at: datetime) -> bool:
        return self.slot_at is None or self.slot_at <= at


def calling_order(stored: list[InLine], *, at: datetime, every: int,
                  max_delay: timedelta, regular_since_green: int,
                  service_time: timedelta = timedelta(0)) -> list[InLine]:
    """The one calling order of a post's waiting tickets (pure; `stored` in stored order:
    transferred-in first, then by queue key, booked tickets keyed by their slot).

    绿色通道 tickets go first, but fairly: at most one in every `every` calls while regular
    tickets wait (`regular_since_green`: regular calls made since the last green one), and
    none ahead of a regular ticket it would put more than `max_delay` past its estimate (a
    green call holds the others back by about one `service_time`). A booked ticket
    keeps its place but is skipped by a call before its slot (`InLine.ready`)."""
    greens = [t for t in stored if t.green]
    regulars = [t for t in stored if not t.green]
    overdue = {t.id for t in regulars if at + service_time - t.due_at > max_delay}
    order: list[InLine] = []
    since, g, r = regular_since_green, 0, 0
    while g < len(greens) or r < len(regulars):
        if g < len(greens) and r < len(regulars):
            take_green = since >= every - 1 and not overdue
        else:
            take_green = g < len(greens)
        if take_green:
            order.append(greens[g])
            g, since = g + 1, 0
        else:
            order.append(regulars[r])
            overdue.discard(regulars[r].id)
            r, since = r + 1, since + 1
    return order


_LINE_COLUMNS = (Ticket.id, Ticket.priority, Ticket.priority_reason, Ticket.slot_at,
                 Ticket.issued_at, Ticket.wait_minutes_at_issue)


def _in_line(row) -> InLine:
    ticket_id, priority, reason, slot_at, issued_at, minutes = row
    start = max(issued_at, slot_at) if slot_at is not None else issued_at
    return InLine(ticket_id, priority, reason is not None and priority >= GREEN, slot_at,
                  start + timedelta(minutes=minutes or 0), issued_at)


def regular_since_green(session, windows: tuple[int, ...], service_day, every: int) -> int:
    """Regular calls the windows made today since their last 绿色通道 call, counted up to
    `every` - 1 (enough: a green ticket may be called)."""
    if every <= 1:
        return 0
    start = datetime.combine(service_day, time(0), HALL_TZ)
    greens = session.scalars(
        select(Ticket.priority_reason.is_not(None)).select_from(AuditEntry)
        .join(Ticket, Ticket.id == AuditEntry.ticket_id)
        .where(AuditEntry.kind == TicketCalled.wire_name, AuditEntry.at >= start,
               AuditEntry.window_no.in_(windows))
        .order_by(AuditEntry.id.desc()).limit(every - 1)).all()
    return next((n for n, green in enumerate(greens) if green), every - 1)


def line_of(session, post_id: str, service_day, *, at: datetime, settings,
            windows: tuple[int, ...]) -> list[InLine]:
    """The post's waiting tickets in calling order for `windows` (a window calling: its own;
    a screen: all of the post's)."""
    stored = [_in_line(row) for row in session.execute(
        _in_stored_order(_LINE_COLUMNS, post_id, service_day))]
    if not stored:
        return []
    if not any(t.green for t in stored):
        return stored  # no 绿色通道 today: the stored order is the calling order
    since = regular_since_green(session, windows, service_day, settings.priority_every)
    service_time = timedelta(minutes=mean_service_minutes(session, post_id, service_day,
                                                          settings))
    return calling_order(stored, at=at, every=settings.priority_every,
                         max_delay=settings.priority_max_delay, regular_since_green=since,
                         service_time=service_time)


def waiting_in_order(session, post_id: str, service_day, *, at: datetime | None = None,
                     settings=None, windows: tuple[int, ...] = ()) -> list[Ticket]:
    """The post's waiting tickets in calling order (`line_of`); without `at`, in stored
    order (what `tickets.requeue` places a returning ticket by)."""
    if at is None:
        return list(session.scalars(_in_stored_order((Ticket,), post_id, service_day)))
    ids = [t.id for t in line_of(session, post_id, service_day, at=at, settings=settings,
                                 windows=windows)]
    found = {t.id: t for t in session.scalars(select(Ticket).where(Ticket.id.in_(ids)))}
    return [found[i] for i in ids if i in found]


def next_to_call(session, post_id: str, service_day, *, at: datetime, settings,
                 window_no: int, accept: Callable[[InLine], bool] | None = None
                 ) -> Ticket | None:
    """The ticket the window calls next: the first ready one in its calling order that
    `accept` takes (e.g. the window's hours allow calling it), locked (PostgreSQL: FOR
    UPDATE SKIP LOCKED, so two windows never take the same one)."""
    ready = [t.id for t in line_of(session, post_id, service_day, at=at, settings=settings,
                                   windows=(window_no,))
             if t.ready(at) and (accept is None or accept(t))]
    for start in range(0, len(ready), 20):
        chunk = ready[start:start + 20]
        taken = {t.id: t for t in session.scalars(
            select(Ticket).where(Ticket.id.in_(chunk), Ticket.state == TicketState.WAITING)
            .with_for_update(skip_locked=True))}
        for ticket_id in chunk:
            if ticket_id in taken:
                return taken[ticket_id]
    return None


def waiting_ids_in_order(session, post_id: str, service_day, *, at: datetime, settings,
                         windows: tuple[int, ...]) -> list[int]:
    """The ids alone of the calling order: places in the queue without loading tickets."""
    return [t.id for t in line_of(session, post_id, service_day, at=at, settings=settings,
                                  windows=windows)]


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

    def not_before(self, start: datetime | None, at: datetime) -> Estimate:
        """A booked ticket is not called before its slot `start`: called then at the
        earliest."""
        called_by = self.called_by(at)
        if start is None or called_by is None or called_by >= start:
            return self
        return Estimate(0, from_at=start, serving=self.serving)

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
