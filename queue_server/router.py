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
    Overrides,
    closing_at,
    closure_at,
    is_open_at,
    next_opening_at,
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
