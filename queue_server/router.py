"""The router: given a service and an instant, where does the visitor go, and why.

Pure: the catalog, the hours and the overrides arrive as arguments; no database, no clock.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from catalog.hours import (
    HALL_TZ,
    NO_OVERRIDES,
    Closure,
    Overrides,
    closing_at,
    closure_at,
    is_open_at,
    next_opening_at,
    open_spans,
    period_on,
)
from catalog.model import Catalog, Post, Service
from catalog.periods import Suspension
from catalog.workdays import Workdays

DEFAULT_CUTOFF = timedelta(minutes=15)

OverridesOf = Callable[[int], Overrides]


class Verdict(enum.StrEnum):
    OPEN = "open"  # take a ticket
    CLOSED = "closed"  # outside hours, a holiday or a closure; `opens_at` says when
    BY_NOTICE = "by_notice"  # hours announced by notice and no session published now
    PAST_CUTOFF = "past_cutoff"  # open, but too close to closing to take a new ticket


@dataclass(frozen=True)
class Route:
    service: Service
    post: Post
    verdict: Verdict
    open_windows: tuple[int, ...]
    opens_at: datetime | None = None
    closes_at: datetime | None = None
    cutoff_at: datetime | None = None
    reason: str = ""  # a closure's reason, or the by-notice text
    machines: tuple[str, ...] = ()  # self-service machines that do it without a ticket
    online: bool = False  # the online route does it without a ticket
    wait_runs_past_closing: bool = False

    @property
    def can_issue(self) -> bool:
        return self.verdict is Verdict.OPEN

    @property
    def no_ticket_needed(self) -> bool:
        """A machine or the online route does it; the visitor may still take a ticket."""
        return bool(self.machines) or self.online


@dataclass(frozen=True)
class PostState:
    """Whether a post takes tickets at one instant, and when that changes."""

    post: Post
    verdict: Verdict
    open_windows: tuple[int, ...]
    opens_at: datetime | None = None
    closes_at: datetime | None = None
    cutoff_at: datetime | None = None
    reason: str = ""
    opening_windows: tuple[int, ...] = ()  # closed: the windows that open at `opens_at`

    def wait_runs_past_closing(self, at: datetime, estimated_wait: timedelta) -> bool:
        """Open, but a visitor who waits `estimated_wait` from `at` reaches closing time."""
        return self.verdict is Verdict.OPEN and at + estimated_wait > self.closes_at


def post_state(
    catalog: Catalog,
    post_id: str,
    *,
    at: datetime,
    days: Workdays,
    overrides_of: OverridesOf = lambda _n: NO_OVERRIDES,
    cutoff: timedelta = DEFAULT_CUTOFF,
) -> PostState:
    """Decide for a post at instant `at`: open, past its cutoff, closed or by notice."""
    post = catalog.post(post_id)
    open_windows = tuple(
        n for n in post.windows if is_open_at(post.hours, at, days, overrides_of(n)))
    if not open_windows:
        return _closed(post, at, days, overrides_of)
    closes_at = max(closing_at(post.hours, at, days, overrides_of(n)) for n in open_windows)
    cutoff_at = closes_at - cutoff
    if at >= cutoff_at:
        return PostState(post, Verdict.PAST_CUTOFF, open_windows,
                         opens_at=_next_opening(post, closes_at, days, overrides_of),
                         closes_at=closes_at, cutoff_at=cutoff_at)
    return PostState(post, Verdict.OPEN, open_windows, closes_at=closes_at, cutoff_at=cutoff_at)


def route_of(catalog: Catalog, service: Service, state: PostState, *, at: datetime,
             estimated_wait: timedelta = timedelta(0),
             suspension: Suspension | None = None) -> Route:
    """The route of a service whose post's state is already decided; a suspension of the
    service (catalog/periods.py) closes it whatever its post does, with its reason."""
    if suspension is not None:
        return Route(
            service=service, post=state.post, verdict=Verdict.CLOSED, open_windows=(),
            reason=f"暂停办理：{suspension.reason}（至 {suspension.last.isoformat()}）",
            machines=tuple(catalog.machine(m).name for m in service.machine_ids),
            online=service.online_only)
    return Route(
        service=service, post=state.post, verdict=state.verdict,
        open_windows=state.open_windows, opens_at=state.opens_at, closes_at=state.closes_at,
        cutoff_at=state.cutoff_at, reason=state.reason,
        machines=tuple(catalog.machine(m).name for m in service.machine_ids),
        online=service.online_only,
        wait_runs_past_closing=state.wait_runs_past_closing(at, estimated_wait))


def _closed(post: Post, at: datetime, days: Workdays, overrides_of: OverridesOf) -> PostState:
    opens_at = _next_opening(post, at, days, overrides_of)
    opening = () if opens_at is None else tuple(
        n for n in post.windows if is_open_at(post.hours, opens_at, days, overrides_of(n)))
    closures = [closure_at(at, overrides_of(n)) for n in post.windows]
    closure = next((c for c in closures if c is not None), None)
    if closure is not None:
        return PostState(post, Verdict.CLOSED, (), opens_at=opens_at, reason=closure.reason,
                         opening_windows=opening)
    day = at.astimezone(HALL_TZ).date()
    period = next((p for n in post.windows if (p := period_on(day, overrides_of(n)))), None)
    if period is not None:  # a dated schedule (寒假…) says when it opens
        verdict = Verdict.BY_NOTICE if period.hours.by_notice else Verdict.CLOSED
        return PostState(post, verdict, (), opens_at=opens_at,
                         reason=f"{period.name}：{period.hours.text}".lstrip("："),
                         opening_windows=opening)
    if post.hours.by_notice:
        return PostState(post, Verdict.BY_NOTICE, (), opens_at=opens_at, reason=post.hours.text,
                         opening_windows=opening)
    return PostState(post, Verdict.CLOSED, (), opens_at=opens_at, opening_windows=opening)


def _next_opening(post: Post, at: datetime, days: Workdays,
                  overrides_of: OverridesOf) -> datetime | None:
    starts = [next_opening_at(post.hours, at, days, overrides_of(n)) for n in post.windows]
    starts = [s for s in starts if s is not None]
    return min(starts) if starts else None


# ---- what a window may do, and where a ticket may go (every write path asks here) ----

@dataclass(frozen=True)
class WindowHours:
    """One window at one instant: open by its hours, under an admin closure, when it last
    closed today and when it opens next."""

    window_no: int
    open_now: bool
    closure: Closure | None = None
    closed_at: datetime | None = None  # today's latest closing before `at`
    opens_at: datetime | None = None


@dataclass(frozen=True)
class Refusal:
    """Why the router says no, and when that may change (said in `reason` too)."""

    reason: str
    opens_at: datetime | None = None
    closure: str = ""  # the admin closure's own reason, when one is in force

    def __post_init__(self) -> None:
        if self.opens_at is not None:
            local = self.opens_at.astimezone(HALL_TZ)
            object.__setattr__(self, "reason", f"{self.reason}；下次开放 "
                               f"{local.month}月{local.day}日 {local:%H:%M}")


def window_hours(catalog: Catalog, window_no: int, *, at: datetime, days: Workdays,
                 overrides: Overrides = NO_OVERRIDES) -> WindowHours:
    """A window's hours at `at` (its post's weekly hours, its own overrides)."""
    hours = catalog.post(catalog.window(window_no).post_id).hours
    local = at.astimezone(HALL_TZ)
    ended = [end for _start, end in open_spans(hours, local.date(), local.date(), days,
                                               overrides) if end <= local]
    return WindowHours(window_no, is_open_at(hours, at, days, overrides),
                       closure=closure_at(at, overrides),
                       closed_at=max(ended) if ended else None,
                       opens_at=next_opening_at(hours, at, days, overrides))


def may_open(window: WindowHours) -> Refusal | None:
    """A clerk may open a window except under an admin closure."""
    if window.closure is not None:
        return Refusal(f"{window.window_no}号窗口暂停服务：{window.closure.reason}",
                       opens_at=window.opens_at, closure=window.closure.reason)
    return None


def may_call(window: WindowHours, issued_at: datetime) -> Refusal | None:
    """A window calls while open; after its hours only tickets issued before it closed;
    never under an admin closure."""
    if window.closure is not None:
        return may_open(window)
    if window.open_now or (window.closed_at is not None and issued_at < window.closed_at):
        return None
    return Refusal(f"{window.window_no}号窗口现在不在服务时间", opens_at=window.opens_at)


def may_enter(state: PostState) -> Refusal | None:
    """A ticket may join the post's queue from a window (a transfer) while a window of the
    post is open, past its cutoff included; not while the post is closed or by notice."""
    if state.verdict in (Verdict.OPEN, Verdict.PAST_CUTOFF):
        return None
    reason = {Verdict.CLOSED: f"{state.post.name}现在不办理业务",
              Verdict.BY_NOTICE: f"{state.post.name}服务时间以通知为准，现在没有开放"}[
        state.verdict]
    if state.reason:
        reason += f"（{state.reason}）"
    return Refusal(reason, opens_at=state.opens_at, closure=state.reason)
