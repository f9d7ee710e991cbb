"""Reads that the write path and the screens both need: a post's queue in calling order (the
one `calling_order`: booked slots and fair 绿色通道), the estimate (`post_outlook` →
`Estimate`, the one place it is computed, by `estimator.py`; the naive estimate of before is
kept for the simulator), tickets' print states, the ticket a window finished last and
tickets' ratings.

Nothing here writes; `tickets.py` and `screens/` both stand on it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, time, timedelta

from sqlalchemy import func, select

from catalog.hours import HALL_TZ, open_spans
from queue_server.estimator import Desk, Forecast, ServiceTimes, forecast, remaining_minutes
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

LATE_LUNCH = timedelta(minutes=15)  # a clerk may go to lunch this long after its plan
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
                  service_time: timedelta = timedelta(0),
                  green_calls: tuple[GreenCall, ...] = ()) -> list[InLine]:
    """The one calling order of a post's waiting tickets (pure; `stored` in stored order:
    transferred-in first, then by queue key, booked tickets keyed by their slot).

    绿色通道 tickets go first, but fairly: at most one in every `every` calls while regular
    tickets wait (`regular_since_green`: regular calls made since the last green one), and
    none ahead of a regular ticket it would put more than `max_delay` past its estimate (a
    green call holds the others back by about one `service_time`). Over its whole wait a
    regular ticket gives green tickets at most `max_delay` of the windows' time: the minutes
    the greens called since it was issued really took (`green_calls`, the post's green calls
    today) and one `service_time` for each green this order puts ahead of it. A green ticket
    held back by these rules keeps at least its own place: ahead of those who came after
    it. A booked ticket keeps its place but is skipped by a call before its slot
    (`InLine.ready`)."""
    greens = [t for t in stored if t.green]
    regulars = [t for t in stored if not t.green]
    overdue = {t.id for t in regulars if at + service_time - t.due_at > max_delay}
    given = [sum((c.minutes for c in green_calls
                  if t.issued_at is None or c.called_at >= t.issued_at), timedelta(0))
             for t in regulars]  # windows' time each regular ticket has already given greens
    most_given = given[:]  # from each place on: the most any later ticket has given
    for i in range(len(most_given) - 2, -1, -1):
        most_given[i] = max(most_given[i], most_given[i + 1])
    budgeted = service_time > timedelta(0)
    order: list[InLine] = []
    since, g, r = regular_since_green, 0, 0
    while g < len(greens) or r < len(regulars):
        if g < len(greens) and r < len(regulars):
            take_green = (_came_first(greens[g], regulars[r])  # it passes nobody
                          or since >= every - 1 and not overdue
                          and (not budgeted  # g greens already put ahead, this one too
                               or most_given[r] + (g + 1) * service_time <= max_delay))
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


def _came_first(green: InLine, regular: InLine) -> bool:
    """A green ticket that the rules keep from jumping still never falls behind a walk-in
    who came after it (a transferred-in ticket, which goes first anyway, excepted)."""
    if regular.priority > 0 or green.issued_at is None or regular.issued_at is None:
        return False
    return green.issued_at < (regular.slot_at or regular.issued_at)


@dataclass(frozen=True)
class GreenCall:
    """A 绿色通道 ticket called today: when, and the windows' time it took (to its end, or
    so far and at least one mean service while it is still at the window)."""

    called_at: datetime
    minutes: timedelta


def green_calls_today(session, post_id: str, service_day, *, at: datetime,
                      service_time: timedelta) -> tuple[GreenCall, ...]:
    """The post's 绿色通道 calls today (a ticket put back or transferred in: its call here,
    once it has one)."""
    rows = session.execute(select(Ticket.called_at, Ticket.ended_at).where(
        Ticket.post_id == post_id, Ticket.service_day == service_day,
        Ticket.priority_reason.is_not(None), Ticket.called_at.is_not(None)))
    return tuple(GreenCall(called, ended - called if ended is not None
                           else max(at - called, service_time)) for called, ended in rows)


LUNCH_LOOKBACK = timedelta(hours=1)  # greens called this long before lunch move it


def planned_lunch(local: datetime, place: int, settings,
                  greens: Sequence[Sequence[GreenCall]] = ()) -> tuple[datetime, timedelta] | None:
    """The lunch of a post's `place`-th window today: the hall's plan (the windows take
    turns from `lunch_at`) and, under the rule `lunch_after_greens`, later by the minutes
    of a window's 绿色通道 calls in the hour before its lunch (`greens[k]`: the calls of
    the post's `k`-th window), so the regular ticket a green call pushed back is still
    served before lunch; the next window's turn starts when the one before is back."""
    if settings.lunch_at is None or not settings.lunch_minutes:
        return None
    length = timedelta(minutes=settings.lunch_minutes)
    start = datetime.combine(local.date(), settings.lunch_at, HALL_TZ)
    for turn in range(place + 1):
        moved = timedelta(0)
        if settings.lunch_after_greens and turn < len(greens):
            for call in sorted(greens[turn], key=lambda c: c.called_at):
                if start - LUNCH_LOOKBACK <= call.called_at < start + moved:
                    moved += call.minutes
        start += moved
        if turn < place:
            start += length
    return start, length


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
    green_calls = green_calls_today(session, post_id, service_day, at=at,
                                    service_time=service_time)
    return calling_order(stored, at=at, every=settings.priority_every,
                         max_delay=settings.priority_max_delay, regular_since_green=since,
                         service_time=service_time, green_calls=green_calls)


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
class Pace:
    """The naive estimate's view of a post (issue 13; kept for `bench/simulate_day.py` to
    compare with): mean service minutes and the windows it counts (serving, else open by the
    hours, else opening at `from_at` later today; 0: none today)."""

    mean_minutes: float
    windows: int
    serving: bool
    from_at: datetime | None = None

    def minutes(self, people_ahead: int) -> int | None:
        if not self.windows:
            return None
        return wait_minutes(people_ahead, self.mean_minutes, self.windows)


def post_pace(session, post, state: PostState, *, at: datetime, settings) -> Pace:
    """The naive pace at `at`: the windows a clerk has opened and not paused; before anyone
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


def naive_estimate(session, post, state: PostState, people_ahead: int, *, at: datetime,
                   settings) -> datetime | None:
    """The estimate before issue 15 (people ahead × the post's mean service time ÷ windows
    serving), as the instant it promised; only `bench/simulate_day.py` still asks for it."""
    pace = post_pace(session, post, state, at=at, settings=settings)
    minutes = pace.minutes(people_ahead)
    return None if minutes is None else (pace.from_at or at) + timedelta(minutes=minutes)


def wait_minutes(people_ahead: int, mean_minutes: float, windows_serving: int) -> int:
    """The naive estimate: people ahead × mean service time ÷ windows serving, rounded up."""
    if people_ahead <= 0:
        return 0
    return math.ceil(people_ahead * mean_minutes / max(windows_serving, 1))


# ---- the estimate (issue 15): the queue played forward by `estimator` ----

ESTIMATE_WORDS = {  # the Chinese of each kind; web/english.py has the English
    "range": "约 {low}–{high}",
    "opening": "约 {opens} 起",
    "not_today": "今日可能办不完",
    "none": "暂无法估计",
}


def hhmm(at: datetime | None) -> str:
    """A clock time as visitors read it: 9:05, 13:45."""
    if at is None:
        return ""
    local = at.astimezone(HALL_TZ)
    return f"{local.hour}:{local.minute:02d}"


@dataclass(frozen=True)
class Estimate:
    """When a waiting ticket is called: the one estimate the kiosk, the printed ticket, the
    phone page and the board all show.

    `kind`: "range" (called about `low_at`–`high_at`), "opening" (no window serves now; one
    opens at `opens_at` and calls this ticket first, or about then), "not_today" (no window
    reaches it before closing), "none" (no window serves or opens today: cannot estimate).
    `called_at` is the point the range is drawn around (what the simulator checks);
    `serving`: a clerk serves the post now.
    """

    kind: str
    made_at: datetime | None = None
    called_at: datetime | None = None
    low_at: datetime | None = None
    high_at: datetime | None = None
    opens_at: datetime | None = None
    serving: bool = True

    @property
    def can_estimate(self) -> bool:
        return self.kind in ("range", "opening")

    @property
    def past_closing(self) -> bool:
        return self.kind == "not_today"

    @property
    def minutes(self) -> int | None:
        """Whole minutes from when it was made until the call (None: no time to give)."""
        if self.called_at is None or self.made_at is None:
            return None
        return max(math.ceil((self.called_at - self.made_at).total_seconds() / 60), 0)

    @property
    def wait(self) -> timedelta:
        """The wait the router checks against closing (a day when no window reaches it)."""
        if self.past_closing:
            return timedelta(days=1)
        return timedelta(minutes=self.minutes or 0)

    def words(self) -> tuple[str, dict]:
        """The text in Chinese as a template and its values (hh:mm), for every screen."""
        return ESTIMATE_WORDS[self.kind], {"low": hhmm(self.low_at), "high": hhmm(self.high_at),
                                           "opens": hhmm(self.opens_at)}

    @property
    def text(self) -> str:
        template, values = self.words()
        return template.format(**values)

    def not_before(self, start: datetime | None) -> Estimate:
        """A booked ticket is not called before its slot `start`: about then at the
        earliest."""
        if start is None or self.called_at is None or self.called_at >= start:
            return self
        later = start - self.called_at  # the range moves with it
        return replace(self, kind="range", called_at=start,
                       low_at=max((self.low_at or start) + later, start),
                       high_at=max((self.high_at or start) + later, start), opens_at=None)

    def as_json(self, at: datetime | None = None, *, shown: bool = True) -> dict:
        """The estimate for the screens; `shown` False (a hall that shows no estimate, main's
        `show_estimate` rule) gives no time at all."""
        if not shown:
            return {"kind": "none", "text": "", "minutes": None, "can_estimate": False,
                    "serving": self.serving, "called_at": None, "called_by": None,
                    "low_at": None, "high_at": None, "low": "", "high": "", "from_at": None,
                    "opens": "", "shown": False}
        return {"kind": self.kind, "text": self.text, "minutes": self.minutes,
                "can_estimate": self.can_estimate, "serving": self.serving,
                "called_at": _iso(self.called_at), "called_by": _iso(self.called_at),
                "low_at": _iso(self.low_at), "high_at": _iso(self.high_at),
                "low": hhmm(self.low_at), "high": hhmm(self.high_at),
                "from_at": _iso(self.opens_at), "opens": hhmm(self.opens_at)}


def _iso(at: datetime | None) -> str | None:
    return at.isoformat() if at else None


NO_ESTIMATE = Estimate("none", serving=False)


@dataclass(frozen=True)
class Outlook:
    """A post's queue played forward from `made_at`: `forecasts[i]` is for the ticket with
    i tickets ahead (the last one: a ticket issued now)."""

    made_at: datetime
    forecasts: tuple[Forecast, ...]
    serving: bool
    any_window_today: bool
    numbers: tuple[str, ...] = ()  # the queue's ticket numbers, in calling order

    def newest(self) -> tuple[str, Estimate] | None:
        """The last ticket in the queue and its estimate (what the board shows)."""
        if not self.numbers:
            return None
        return self.numbers[-1], self.estimate(len(self.numbers) - 1)

    def estimate(self, ahead: int) -> Estimate:
        if not self.any_window_today:
            return NO_ESTIMATE
        place = self.forecasts[min(max(ahead, 0), len(self.forecasts) - 1)]
        if place.at is None:
            return Estimate("not_today", self.made_at, serving=self.serving)
        first = place.first_call_at
        if not self.serving and first is not None and first > self.made_at and \
                place.at - first < OPENING_SLACK:
            return Estimate("opening", self.made_at, place.at, opens_at=first,
                            serving=False)
        return Estimate("range", self.made_at, place.at, place.low_at, place.high_at,
                        opens_at=first if not self.serving and first and first > self.made_at
                        else None, serving=self.serving)


OPENING_SLACK = timedelta(minutes=5)  # called this soon after a window opens: "约 13:45 起"


@dataclass(frozen=True)
class HallToday:
    """What every post's outlook reads, read once for the whole hall (three queries): today's
    ended tickets (call → end) by post, the open window sessions and the windows' current
    tickets. A screen showing many posts reads it once, not per post."""

    ended: dict[str, list[tuple[str, datetime, datetime]]]
    sittings: dict[int, WindowSession]
    current: dict[int, Ticket]
    greens: dict[int, list[GreenCall]] = field(default_factory=dict)  # by window: called

    def lunch_of(self, post, window_no: int, *, at: datetime, settings
                 ) -> tuple[datetime, timedelta] | None:
        """The window's lunch today (`planned_lunch`) with the post's green calls so far."""
        place = post.windows.index(window_no)
        return planned_lunch(at.astimezone(HALL_TZ), place, settings,
                             [self._greens_at(number, at) for number in post.windows[:place + 1]])

    def _greens_at(self, window_no: int, at: datetime) -> list[GreenCall]:
        greens = list(self.greens.get(window_no, ()))
        ticket = self.current.get(window_no)
        if ticket is not None and ticket.priority_reason is not None and ticket.called_at:
            greens.append(GreenCall(ticket.called_at, at - ticket.called_at))
        return greens


def hall_today(session, *, at: datetime, post=None) -> HallToday:
    """The reads for every post (or only for `post`: issuing one ticket)."""
    ended_rows = (select(Ticket.post_id, Ticket.service_id, Ticket.called_at, Ticket.ended_at,
                         Ticket.window_no, Ticket.priority_reason.is_not(None))
                  .where(Ticket.service_day == at.date(),
                         Ticket.state.in_((TicketState.DONE, TicketState.MISSED)),
                         Ticket.called_at.is_not(None), Ticket.ended_at.is_not(None)))
    sessions = select(WindowSession).where(WindowSession.closed_at.is_(None))
    current = select(Ticket).where(Ticket.window_no.is_not(None),
                                   Ticket.state.in_((TicketState.CALLED, TicketState.SERVING)))
    if post is not None:
        ended_rows = ended_rows.where(Ticket.post_id == post.id)
        sessions = sessions.where(WindowSession.window_no.in_(post.windows))
        current = current.where(Ticket.window_no.in_(post.windows))
    ended: dict[str, list] = {}
    greens: dict[int, list[GreenCall]] = {}
    for post_id, service_id, called, end, window_no, green in session.execute(ended_rows):
        ended.setdefault(post_id, []).append((service_id, called, end))
        if green and window_no is not None:
            greens.setdefault(window_no, []).append(GreenCall(called, end - called))
    return HallToday(ended, {s.window_no: s for s in session.scalars(sessions)},
                     {t.window_no: t for t in session.scalars(current)}, greens)


def post_outlook(session, post, state: PostState, *, at: datetime, settings, calendar,
                 today: HallToday | None = None, waiting: int | None = None) -> Outlook:
    """The post's queue in calling order (`waiting_in_order`, the order `call_next` takes:
    priority, transfers and bookings as it places them) played forward by the estimator
    over its windows as they are now and will be later today. `today`: the hall's reads,
    when the caller has them for many posts; `waiting` 0: nobody waits (no queue to read)."""
    today = today or hall_today(session, at=at, post=post)
    queue = [] if waiting == 0 else waiting_in_order(session, post.id, at.date(), at=at,
                                                     settings=settings, windows=post.windows)
    times = service_times(session, post.id, at.date(), settings, today)
    expected = [times.minutes(ticket.service_id) for ticket in queue]
    desks = post_desks(post, at=at, settings=settings, calendar=calendar, times=times,
                       today=today)
    return Outlook(at, tuple(forecast(expected, desks, at=at)),
                   serving=any(d.serving for d in desks), any_window_today=bool(desks),
                   numbers=tuple(ticket.number for ticket in queue))


def service_times(session, post_id: str, service_day, settings, today: HallToday
                  ) -> ServiceTimes:
    """What a ticket of each of the post's services takes at a window: today's tickets
    (call → end, no-shows included) and, to start from, the mean of past days."""
    rows = today.ended.get(post_id, ())
    sums: dict[str, list[float]] = {}
    for service_id, called, ended in rows:
        entry = sums.setdefault(service_id, [0, 0.0])
        entry[0] += 1
        entry[1] += (ended - called).total_seconds() / 60
    means = {s: (int(n), total / n) for s, (n, total) in sums.items()}
    count = sum(n for n, _ in means.values())
    post_mean = sum(n * m for n, m in means.values()) / count if count else None
    return ServiceTimes(means, past_service_minutes(session, post_id, service_day, settings),
                        post_mean=post_mean, default=settings.default_service_minutes)


_PAST: dict[tuple, dict[str, float]] = {}  # (database, post, day, days) → means; one day kept


def past_service_minutes(session, post_id: str, service_day, settings) -> dict[str, float]:
    """Each service's mean minutes (call → finish) over the `history_days` before
    `service_day`. Past days do not change, so each process reads them once a day."""
    key = (str(session.get_bind().url), post_id, service_day, settings.history_days)
    if key not in _PAST:
        if any(k[2] != service_day for k in _PAST):
            _PAST.clear()  # a new day: forget the last one's
        rows = session.execute(
            select(Ticket.service_id, func.avg(Ticket.service_ms) / 60000.0)
            .where(Ticket.post_id == post_id,
                   Ticket.service_day >= service_day - timedelta(days=settings.history_days),
                   Ticket.service_day < service_day, Ticket.service_ms.is_not(None))
            .group_by(Ticket.service_id)).all()
        _PAST[key] = {service_id: float(mean) for service_id, mean in rows if mean}
    return _PAST[key]


def post_desks(post, *, at: datetime, settings, calendar, times: ServiceTimes,
               today: HallToday) -> list[Desk]:
    """The post's windows that call today, as the estimator sees them: when each can call
    next (now; after the ticket it serves; after its pause; at its opening), when it closes,
    and its planned lunch."""
    sittings, current = today.sittings, today.current
    local = at.astimezone(HALL_TZ)
    desks = []
    for number in post.windows:
        span = _span_today(post.hours, at, local, calendar.workdays, calendar.of(number))
        if span is None:
            continue
        opens, closes = span
        sitting, serving = sittings.get(number), False
        free_at = opens
        if sitting is not None and sitting.paused_at is not None:
            free_at = max(at + timedelta(minutes=1),
                          sitting.paused_at + _pause_length(sitting.paused_at, post, settings))
        elif sitting is not None:
            serving, ticket = True, current.get(number)
            if ticket is not None and ticket.called_at is not None:
                elapsed = (at - ticket.called_at).total_seconds() / 60
                free_at = at + timedelta(minutes=remaining_minutes(
                    times.minutes(ticket.service_id), elapsed))
        lunch = today.lunch_of(post, number, at=at, settings=settings)
        paused = sitting is not None and sitting.paused_at is not None
        pending = lunch is not None and not paused and (opens == at or opens <= lunch[0]) \
            and lunch[0] < closes and lunch[0] + LATE_LUNCH >= at
        desks.append(Desk(number, free_at, closes, (lunch,) if pending else (), serving))
    return desks


def _span_today(hours, at: datetime, local: datetime, days, overrides
               ) -> tuple[datetime, datetime] | None:
    """The window's open span now (from `at`) or the next one later today, or None."""
    for start, end in open_spans(hours, local.date(), local.date(), days, overrides):
        if start <= at < end:
            return at, end
        if start > at:
            return start, end
    return None


def _pause_length(paused_at: datetime, post, settings) -> timedelta:
    """How long a pause that started at `paused_at` is expected to last: lunch, if it began
    in the lunch hours, else `pause_minutes`."""
    lunch = planned_lunch(paused_at.astimezone(HALL_TZ), 0, settings)
    if lunch is not None:
        begins = lunch[0] - timedelta(minutes=30)
        ends = lunch[0] + len(post.windows) * lunch[1] + timedelta(minutes=30)
        if begins <= paused_at <= ends:
            return lunch[1]
    return timedelta(minutes=settings.pause_minutes)


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
