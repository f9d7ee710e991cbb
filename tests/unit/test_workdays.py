"""The hall's calendar: national holidays, make-up workdays, admin overrides, unknown years."""

from __future__ import annotations

from datetime import date

import pytest

from catalog.workdays import DayKind, Workdays


@pytest.mark.parametrize(
    ("day", "kind"),
    [
        (date(2026, 12, 3), DayKind.WORKDAY),  # a Thursday
        (date(2026, 12, 5), DayKind.WEEKEND),  # a Saturday
        (date(2026, 10, 1), DayKind.HOLIDAY),  # National Day
        (date(2026, 10, 5), DayKind.HOLIDAY),  # a Monday inside the National Day week
        (date(2026, 9, 20), DayKind.MAKEUP_WORKDAY),  # a Sunday worked for National Day
        (date(2026, 10, 10), DayKind.MAKEUP_WORKDAY),  # a Saturday worked for National Day
    ],
)
def test_kind_of_follows_the_national_calendar(days, day, kind):
    assert days.kind_of(day) is kind


def test_holiday_has_a_chinese_name(days):
    assert days.holiday_name(date(2026, 10, 1)) == "国庆节"
    assert days.holiday_name(date(2026, 12, 3)) is None


def test_hours_weekday_is_none_on_a_holiday_and_monday_on_a_makeup_workday(days):
    assert days.hours_weekday(date(2026, 10, 1)) is None
    assert days.hours_weekday(date(2026, 9, 20)) == 0
    assert days.hours_weekday(date(2026, 12, 4)) == 4  # a Friday is a Friday
    assert days.hours_weekday(date(2026, 12, 5)) == 5  # a Saturday keeps its own (empty) hours


def test_makeup_workday_can_follow_another_weekday():
    assert Workdays(makeup_weekday=4).hours_weekday(date(2026, 9, 20)) == 4


def test_admin_overrides_win_over_the_national_calendar():
    days = Workdays(
        holidays={date(2026, 12, 3): "校庆"},
        makeup_workdays={date(2026, 10, 1): "补班"},
    )
    assert days.kind_of(date(2026, 12, 3)) is DayKind.HOLIDAY
    assert days.holiday_name(date(2026, 12, 3)) == "校庆"
    assert days.kind_of(date(2026, 10, 1)) is DayKind.MAKEUP_WORKDAY


def test_a_day_cannot_be_both_holiday_and_makeup_workday():
    with pytest.raises(ValueError, match="both"):
        Workdays(holidays={date(2027, 1, 1): "元旦"}, makeup_workdays={date(2027, 1, 1): "x"})


def test_a_later_year_uses_provisional_statutory_holidays(days):
    assert not days.is_known(2027) and days.is_provisional(2027)
    assert days.kind_of(date(2027, 1, 1)) is DayKind.HOLIDAY  # 元旦, computed
    assert days.holiday_name(date(2027, 1, 1)) == "元旦"
    assert days.kind_of(date(2027, 2, 8)) is DayKind.HOLIDAY  # 春节
    assert days.kind_of(date(2027, 1, 4)) is DayKind.WORKDAY  # a Monday
    assert days.kind_of(date(2027, 1, 2)) is DayKind.WEEKEND  # a Saturday
    assert days.hours_weekday(date(2027, 1, 1)) is None


def test_a_provisional_year_warns_staff_in_chinese_and_english(days):
    warning = days.warning_on(date(2027, 1, 4))
    assert warning is not None
    assert "2027年节假日为暂定" in warning and "holidays for 2027 are provisional" in warning
    assert days.warning_on(date(2026, 12, 31)) is None


def test_a_confirmed_year_follows_the_admins_entries_only():
    days = Workdays(holidays={date(2027, 2, 11): "春节"},
                    makeup_workdays={date(2027, 2, 20): "春节调休"}, confirmed_years={2027})
    assert days.is_known(2027) and not days.is_provisional(2027)
    assert days.warning_on(date(2027, 1, 4)) is None
    assert days.kind_of(date(2027, 1, 1)) is DayKind.WORKDAY  # not entered by the admin
    assert days.kind_of(date(2027, 2, 11)) is DayKind.HOLIDAY
    assert days.kind_of(date(2027, 2, 20)) is DayKind.MAKEUP_WORKDAY


def test_an_admin_entry_wins_over_a_provisional_day():
    days = Workdays(makeup_workdays={date(2027, 1, 1): "值班"})
    assert days.is_provisional(2027)
    assert days.kind_of(date(2027, 1, 1)) is DayKind.MAKEUP_WORKDAY
