"""The estimator: when will each place of a post's queue be called today. Pure: the queue
(each waiting ticket's expected service minutes, in calling order), the post's windows as
`Desk`s (when each can call next, when it stops calling, the pauses it will take) and the
instant arrive as plain values; no Flask, no database, no clock.

It plays the queue forward: the earliest free window takes the next ticket, keeps it for
that ticket's expected service time, pauses when a planned pause (lunch) comes due, and
calls no one from its closing on. A place that no window reaches before closing is "not
today". The spread of a place grows with the work ahead of it, so the estimate is a short
range of clock times, never a false minute (`Forecast.low_at`..`high_at`).

`docs/performance.md` says how it was checked: `bench/simulate_day.py` replays a day of the
hall through the real service functions and compares each ticket's estimate with its wait.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

ROUND = timedelta(minutes=5)  # a range's ends fall on 5-minute marks
MIN_HALF_WIDTH = timedelta(minutes=3)  # a range is never narrower than ±3 minutes
PRIOR_WEIGHT = 3.0  # a service's own mean counts as much as the post's after 3 tickets
SERVICE_CV = 0.5  # spread of one service time relative to its mean (lognormal, σ≈0.5)
RESIDUAL_SHARE = 0.35  # a ticket served longer than expected still needs this share of it


@dataclass(frozen=True)
class Desk:
    """A window as the estimator sees it: it can call from `free_at`, calls no one from
    `closes_at` on, and takes the pauses in `pauses` (start, minutes) when it is free at or
    after their start."""

    number: int
    free_at: datetime
    closes_at: datetime
    pauses: tuple[tuple[datetime, timedelta], ...] = ()
    serving: bool = False  # a clerk sits there now, unpaused


@dataclass(frozen=True)
class Forecast:
    """When one place of the queue is called: `at` (None: not before closing), and the
    range `low_at`..`high_at` (rounded to 5 minutes) it is shown as."""

    at: datetime | None
    low_at: datetime | None = None
    high_at: datetime | None = None
    first_call_at: datetime | None = None  # when the post's first window can call at all


@dataclass(frozen=True)
class ServiceTimes:
    """Expected minutes a window spends on a ticket of each service (call → end, no-shows
    included): each service's own mean today blended with a prior (its mean on past days,
    else the post's mean today, else the hall's default)."""

    today: Mapping[str, tuple[int, float]] = field(default_factory=dict)  # id → (n, mean)
    past: Mapping[str, float] = field(default_factory=dict)  # id → mean on past days
    post_mean: float | None = None  # the post's mean today, every service
    default: float = 5.0

    def minutes(self, service_id: str) -> float:
        prior = self.past.get(service_id) or self.post_mean or self.default
        n, mean = self.today.get(service_id, (0, 0.0))
        return max((n * mean + PRIOR_WEIGHT * prior) / (n + PRIOR_WEIGHT), 0.5)


def remaining_minutes(expected: float, elapsed: float) -> float:
    """Minutes still to go for a ticket at a window for `elapsed` minutes already."""
    return max(expected - elapsed, RESIDUAL_SHARE * expected)


def forecast(queue_minutes: Sequence[float], desks: Sequence[Desk], *, at: datetime
             ) -> list[Forecast]:
    """The forecast of every place: index i is the ticket with i tickets ahead of it (so the
    list has one more entry than the queue: the last one is for a ticket issued now)."""
    places = len(queue_minutes) + 1
    if not desks:
        return [Forecast(None)] * places
    heap = [(max(d.free_at, at), i) for i, d in enumerate(desks)]
    heapq.heapify(heap)
    pauses = [sorted(d.pauses) for d in desks]
    first_call = min(t for t, _ in heap)
    calls: list[datetime | None] = []
    for place in range(places):
        called = _next_call(heap, desks, pauses)
        calls.append(called[0] if called else None)
        if called is None:
            calls.extend([None] * (places - place - 1))
            break
        if place < len(queue_minutes):
            heapq.heappush(heap, (called[0] + timedelta(minutes=queue_minutes[place]),
                                  called[1]))
    return _with_ranges(calls, queue_minutes, desks, at=at, first_call=first_call)


def _next_call(heap, desks: Sequence[Desk], pauses: list[list]) -> tuple[datetime, int] | None:
    """The earliest (instant, desk) that can call: a desk free past a pause's start takes the
    pause first; a desk free at or after its closing is done for the day."""
    while heap:
        free_at, i = heapq.heappop(heap)
        if pauses[i] and free_at >= pauses[i][0][0]:
            _start, length = pauses[i].pop(0)
            heapq.heappush(heap, (free_at + length, i))
            continue
        if free_at >= desks[i].closes_at:
            continue
        return free_at, i
    return None


def _with_ranges(calls: list[datetime | None], queue_minutes: Sequence[float],
                 desks: Sequence[Desk], *, at: datetime, first_call: datetime
                 ) -> list[Forecast]:
    """Each call with its range: ± the spread of the work ahead shared by the desks."""
    width = max(len(desks), 1)
    variance, out = 0.0, []
    for place, called in enumerate(calls):
        if called is None:
            out.append(Forecast(None, first_call_at=first_call))
        else:
            spread = max(timedelta(minutes=SERVICE_CV * math.sqrt(variance) / width),
                         MIN_HALF_WIDTH)
            low = max(called - spread, at)
            out.append(Forecast(called, _floor(low), _ceil(max(called + spread, low + ROUND)),
                                first_call_at=first_call))
        if place < len(queue_minutes):
            variance += queue_minutes[place] ** 2
    return out


def _floor(at: datetime) -> datetime:
    minutes = at.minute - at.minute % 5
    return at.replace(minute=minutes, second=0, microsecond=0)


def _ceil(at: datetime) -> datetime:
    floor = _floor(at)
    return floor if floor == at else floor + ROUND
