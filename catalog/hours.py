"""Opening hours: read the guide's hours text, and derive open/closed at an instant.

Whether a post is open is a function of its weekly hours, the calendar (Workdays) and the
overrides (ad-hoc openings and closures). Nothing is stored; instants arrive as arguments.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

from catalog.model import Span, WeeklyHours
from catalog.workdays import Workdays

HALL_TZ = ZoneInfo("Asia/Shanghai")
HORIZON_DAYS = 60  # how far next_opening_at looks ahead

_DAY_NUMBERS = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6}
_DAY = r"(?:周|星期)([一二三四五六日天])"
_DAYS_RE = re.compile(rf"每?{_DAY}(?:(?:至|到|~|～|-|—|－)(?:每?{_DAY}))?|(工作日)")
_TIME_RANGE_RE = re.compile(
    r"(\d{1,2})[:：](\d{2})\s*(?:-|–|—|－|~|～|至|到)\s*(\d{1,2})[:：](\d{2})"
)
_FILLER_RE = re.compile(r"[\s/、，,；;:：。.>（）()]|服务时间|工作时间|办公时间")
_NOTICE_RE = re.compile(r"通知|为准|另行|公告|预约")


def parse_hours(text: str) -> WeeklyHours:
    """Read hours as the guide writes them, e.g. "周一至周四9:00-17:00 / 周五9:00-12:00".

    Text that names no times but defers to a notice ("以…公众号推送通知为准") is by-notice.
    Raises ValueError for text it cannot read.
    """
    shown = " ".join(text.split())
    if not shown:
        raise ValueError("hours text is empty")
    week: list[list[Span]] = [[] for _ in range(7)]
    pending: list[int] = []
    last = ""
    rest = shown
    tokens = sorted(
        [(m.start(), "days", m) for m in _DAYS_RE.finditer(shown)]
        + [(m.start(), "time", m) for m in _TIME_RANGE_RE.finditer(shown)],
        key=lambda token: token[0],
    )
    for _, kind, match in tokens:
        rest = rest.replace(match.group(0), " ", 1)
        if kind == "days":
            days = _days_of(match)
            pending = pending + days if last == "days" else days
        else:
            if not pending:
                raise ValueError(f"hours {shown!r}: {match.group(0)!r} names no weekday")
            span = _span_of(match, shown)
            for day in pending:
                week[day].append(span)
        last = kind
    if tokens and last == "days":
        raise ValueError(f"hours {shown!r}: the last weekdays have no times")
    residue = _FILLER_RE.sub("", rest)
    if not tokens:
        if _NOTICE_RE.search(shown):
            return WeeklyHours(by_notice=True, text=shown)
        raise ValueError(f"cannot read hours {shown!r}: no weekday and time range found")
    if residue and not _NOTICE_RE.search(residue):
        raise ValueError(f"cannot read hours {shown!r}: unexpected {residue!r}")
    for day, spans in enumerate(week):
        spans.sort(key=lambda s: s.start)
        for earlier, later in pairwise(spans):
            if later.start < earlier.end:
                raise ValueError(f"hours {shown!r}: overlapping times on weekday {day}")
    return WeeklyHours(week=tuple(tuple(spans) for spans in week), text=shown)


def _days_of(match: re.Match[str]) -> list[int]:
    if match.group(3):
        return [0, 1, 2, 3, 4]
    first = _DAY_NUMBERS[match.group(1)]
    last = _DAY_NUMBERS[match.group(2)] if match.group(2) else first
    if last < first:
        raise ValueError(f"weekdays run backwards in {match.group(0)!r}")
    return list(range(first, last + 1))


def _span_of(match: re.Match[str], shown: str) -> Span:
    h1, m1, h2, m2 = (int(g) for g in match.groups())
    try:
        start, end = time(h1, m1), time(h2, m2)
    except ValueError:
        raise ValueError(f"hours {shown!r}: {match.group(0)!r} is not a time of day") from None
    if end <= start:
        raise ValueError(f"hours {shown!r}: {match.group(0)!r} ends before it starts")
    return Span(start, end)


@dataclass(frozen=True)
class _Interval:
    start_at: datetime
    end_at: datetime
    reason: str = ""

    def __post_init__(self) -> None:
        _check_interval(self.start_at, self.end_at)


class Opening(_Interval):
    """An ad-hoc session, e.g. a published by-notice session; opens even on a holiday."""


class Closure(_Interval):
    """A time the post is closed whatever its schedule says (training, a power cut, …)."""


@dataclass(frozen=True)
class HoursPeriod:
    """A dated schedule (寒假 2027-01-18 … 2027-02-28) replacing the weekly hours on its days."""

    first: date
    last: date
    hours: WeeklyHours
    name: str = ""

    def covers(self, day: date) -> bool:
        return self.first <= day <= self.last


@dataclass(frozen=True)
class Overrides:
    """The overrides that apply to one post. A closure beats everything, an opening."""

    openings: tuple[Opening, ...] = ()
    closures: tuple[Closure, ...] = ()
    periods: tuple[HoursPeriod, ...] = ()  # dated schedules replacing the weekly hours


NO_OVERRIDES = Overrides()


def period_on(day: date, overrides: Overrides) -> HoursPeriod | None:
    """The dated schedule in force on `day`, if any."""
    return next((p for p in overrides.periods if p.covers(day)), None)


def hours_on(hours: WeeklyHours, day: date, overrides: Overrides = NO_OVERRIDES) -> WeeklyHours:
    """The weekly hours that apply on `day`: a dated period's, else the catalog's."""
    period = period_on(day, overrides)
    return period.hours if period is not None else hours


def _check_interval(start_at: datetime, end_at: datetime) -> None:
    _local(start_at)
    _local(end_at)
    if end_at <= start_at:
        raise ValueError(f"{start_at.isoformat()} .. {end_at.isoformat()} ends before it starts")


def _local(at: datetime) -> datetime:
    if at.tzinfo is None or at.tzinfo.utcoffset(at) is None:
        raise ValueError(f"naive datetime {at.isoformat()}: give an aware datetime")
    return at.astimezone(HALL_TZ)


Interval = tuple[datetime, datetime]


def open_spans(
    hours: WeeklyHours, first: date, last: date, days: Workdays, overrides: Overrides = NO_OVERRIDES
) -> list[Interval]:
    """The open intervals touching days first..last (inclusive), merged, closures cut out."""
    window_start = datetime.combine(first, time(0), HALL_TZ)
    window_end = datetime.combine(last + timedelta(days=1), time(0), HALL_TZ)
    spans: list[Interval] = []
    day = first
    while day <= last:
        week = hours_on(hours, day, overrides)
        weekday = None if week.by_notice else days.hours_weekday(day)
        if weekday is not None:
            for span in week.spans_on(weekday):
                spans.append(
                    (
                        datetime.combine(day, span.start, HALL_TZ),
                        datetime.combine(day, span.end, HALL_TZ),
                    )
                )
        day += timedelta(days=1)
    for opening in overrides.openings:
        start, end = _local(opening.start_at), _local(opening.end_at)
        if start < window_end and end > window_start:
            spans.append((start, end))
    merged: list[Interval] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    for closure in overrides.closures:
        c_start, c_end = _local(closure.start_at), _local(closure.end_at)
        cut: list[Interval] = []
        for start, end in merged:
            if c_end <= start or c_start >= end:
                cut.append((start, end))
                continue
            if start < c_start:
                cut.append((start, c_start))
            if c_end < end:
                cut.append((c_end, end))
        merged = cut
    return merged


def closure_at(at: datetime, overrides: Overrides) -> Closure | None:
    """The closure covering `at`, if any (the first one listed)."""
    local = _local(at)
    for closure in overrides.closures:
        if _local(closure.start_at) <= local < _local(closure.end_at):
            return closure
    return None


def is_open_at(
    hours: WeeklyHours, at: datetime, days: Workdays, overrides: Overrides = NO_OVERRIDES
) -> bool:
    """Whether the post with these hours is open at `at`.

    A closure closes; else an opening opens (even a by-notice post or a holiday); else the
    weekly schedule of the day's hours weekday applies (none on a holiday or for by-notice).
    """
    return _span_containing(hours, _local(at), days, overrides) is not None


def closing_at(
    hours: WeeklyHours, at: datetime, days: Workdays, overrides: Overrides = NO_OVERRIDES
) -> datetime | None:
    """When the span open at `at` ends; None if closed at `at`."""
    span = _span_containing(hours, _local(at), days, overrides)
    return span[1] if span else None


def next_opening_at(
    hours: WeeklyHours, at: datetime, days: Workdays, overrides: Overrides = NO_OVERRIDES
) -> datetime | None:
    """The start of the next open span after `at` (after the current one if open now).

    Looks HORIZON_DAYS ahead; None when nothing opens in that time (a by-notice post with no
    published session, a post with no hours).
    """
    local = _local(at)
    spans = open_spans(
        hours, local.date() - timedelta(days=1), local.date() + timedelta(days=HORIZON_DAYS),
        days, overrides,
    )
    for start, _end in spans:
        if start > local:
            return start
    return None


def _span_containing(
    hours: WeeklyHours, local: datetime, days: Workdays, overrides: Overrides
) -> Interval | None:
    spans = open_spans(
        hours, local.date() - timedelta(days=1), local.date() + timedelta(days=1), days, overrides
    )
    for start, end in spans:
        if start <= local < end:
            return start, end
    return None
