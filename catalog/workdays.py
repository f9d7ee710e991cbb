"""Which kind of day a date is in the hall (workday, weekend, holiday, make-up workday).

Wraps `chinese_calendar`; admin overrides win. For a year the package does not know yet
(chinese_calendar raises NotImplementedError), the statutory holidays python-holidays computes
are used, marked provisional (catalog/provisional.py), until an admin confirms the year; a
confirmed year follows the admin's entries and plain Monday-Friday otherwise.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from datetime import date
from functools import lru_cache
from types import MappingProxyType

import chinese_calendar

from catalog.provisional import provisional_holidays

_EMPTY: Mapping[date, str] = MappingProxyType({})

# chinese_calendar's answer for a date never changes within a process: remember it (the
# screens ask about the same few weeks many times a second).
_holiday_detail = lru_cache(maxsize=8192)(chinese_calendar.get_holiday_detail)


@lru_cache(maxsize=64)
def _calendar_knows_year(year: int) -> bool:
    """Whether chinese_calendar knows the holidays of `year` (1.11.0 stops at 2026)."""
    try:
        chinese_calendar.is_holiday(date(year, 1, 1))
    except NotImplementedError:
        return False
    return True
_CHINESE_NAMES = {holiday.value: holiday.chinese for holiday in chinese_calendar.Holiday}


class DayKind(enum.Enum):
    WORKDAY = "workday"
    WEEKEND = "weekend"
    HOLIDAY = "holiday"
    MAKEUP_WORKDAY = "makeup_workday"  # 调休上班: a Saturday or Sunday that is a workday


class Workdays:
    """The hall's calendar: national holidays and make-up workdays, plus admin overrides.

    `makeup_weekday` is the weekday whose schedule a make-up workday follows (0 = Monday);
    `makeup_follows` names another for some days.
    """

    def __init__(
        self,
        holidays: Mapping[date, str] = _EMPTY,
        makeup_workdays: Mapping[date, str] = _EMPTY,
        makeup_weekday: int = 0,
        confirmed_years: frozenset[int] = frozenset(),
        makeup_follows: Mapping[date, int] = _EMPTY,
    ) -> None:
        if not 0 <= makeup_weekday <= 6:
            raise ValueError(f"makeup_weekday must be 0..6, not {makeup_weekday}")
        both = set(holidays) & set(makeup_workdays)
        if both:
            raise ValueError(f"a day cannot be both a holiday and a make-up workday: {sorted(both)}")
        self.holidays: Mapping[date, str] = MappingProxyType(dict(holidays))
        self.makeup_workdays: Mapping[date, str] = MappingProxyType(dict(makeup_workdays))
        self.makeup_weekday = makeup_weekday
        self.confirmed_years = frozenset(confirmed_years)  # admin-confirmed provisional years
        # per make-up day, the weekday whose hours it follows instead of `makeup_weekday`
        self.makeup_follows: Mapping[date, int] = MappingProxyType(dict(makeup_follows))

    def __repr__(self) -> str:
        return (
            f"Workdays(holidays={len(self.holidays)}, makeup_workdays={len(self.makeup_workdays)},"
            f" makeup_weekday={self.makeup_weekday})"
        )

    def _calendar_knows(self, year: int) -> bool:
        return _calendar_knows_year(year)

    def is_known(self, year: int) -> bool:
        """True when the holidays of `year` are known: from chinese_calendar or confirmed by an
        admin (a provisional year is not known)."""
        return self._calendar_knows(year) or year in self.confirmed_years

    def is_provisional(self, year: int) -> bool:
        """True when `year`'s holidays are python-holidays' computation, not yet confirmed."""
        return not self.is_known(year)

    def provisional_holidays(self, year: int) -> Mapping[date, str]:
        """The computed holidays of a provisional year (empty for a known one)."""
        return provisional_holidays(year) if self.is_provisional(year) else _EMPTY

    def kind_of(self, day: date) -> DayKind:
        if day in self.holidays:
            return DayKind.HOLIDAY
        if day in self.makeup_workdays:
            return DayKind.MAKEUP_WORKDAY
        weekend = day.weekday() >= 5
        if not self._calendar_knows(day.year):
            if day in self.provisional_holidays(day.year):
                return DayKind.HOLIDAY
            return DayKind.WEEKEND if weekend else DayKind.WORKDAY
        is_holiday, name = _holiday_detail(day)
        if is_holiday:
            return DayKind.HOLIDAY if name else DayKind.WEEKEND
        return DayKind.MAKEUP_WORKDAY if weekend else DayKind.WORKDAY

    def holiday_name(self, day: date) -> str | None:
        """The holiday's name (Chinese where known), or None when `day` is not a holiday."""
        if day in self.holidays:
            return self.holidays[day]
        if self.kind_of(day) is not DayKind.HOLIDAY:
            return None
        if not self._calendar_knows(day.year):
            return self.provisional_holidays(day.year).get(day)
        _, name = _holiday_detail(day)
        return _CHINESE_NAMES.get(name, name)

    def hours_weekday(self, day: date) -> int | None:
        """The weekday whose schedule applies on `day`; None on a holiday."""
        kind = self.kind_of(day)
        if kind is DayKind.HOLIDAY:
            return None
        if kind is DayKind.MAKEUP_WORKDAY:
            return self.makeup_follows.get(day, self.makeup_weekday)
        return day.weekday()

    def warning_on(self, day: date) -> str | None:
        """A message for staff when the holidays of `day`'s year are provisional, else None."""
        if self.is_known(day.year):
            return None
        year = day.year
        return (
            f"{year}年节假日为暂定（按 python-holidays 推算，未含调休上班日），请管理员依照"
            f"国务院办公厅通知确认或修改。 The holidays for {year} are provisional (computed by"
            " python-holidays, no make-up workdays) until an admin confirms or edits the year"
            " from the State Council's notice."
        )
