"""The hall clock, handed in: real, fixed (tests) or simulated (demos, training)."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from catalog.hours import HALL_TZ


class Clock(Protocol):
    def now(self) -> datetime:
        """The current instant, aware, in the hall's zone."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(HALL_TZ)


@dataclass
class FixedClock:
    """A clock that moves only when told to: tests set a Friday 11:59 or a holiday."""

    current: datetime

    def now(self) -> datetime:
        return self.current

    def advance(self, **delta: float) -> None:
        self.current += timedelta(**delta)

    def set(self, at: datetime) -> None:
        self.current = at


class SimulatedClock:
    """Starts at a given hall time and then ticks in real time (`run.py serve --clock`)."""

    def __init__(self, start: datetime, ticks: Callable[[], float] = time.monotonic) -> None:
        self._start, self._ticks, self._t0 = start, ticks, ticks()

    def now(self) -> datetime:
        return self._start + timedelta(seconds=self._ticks() - self._t0)


def hall_time(text: str) -> datetime:
    """Parse "YYYY-MM-DD HH:MM" as a wall time in the hall's zone."""
    try:
        naive = datetime.strptime(text.strip(), "%Y-%m-%d %H:%M")
    except ValueError:
        raise ValueError(f"expected a hall time like '2026-12-04 11:55', got {text!r}") from None
    return naive.replace(tzinfo=HALL_TZ)
