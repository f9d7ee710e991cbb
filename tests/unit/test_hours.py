"""Hours at the edges: Friday noon, 12号's Thursday afternoon, holidays, make-up workdays,
an unknown year, by-notice 7号, closures and openings, and the next opening."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from catalog.hours import (
    HALL_TZ,
    NO_OVERRIDES,
    Closure,
    Opening,
    Overrides,
    closing_at,
    closure_at,
    is_open_at,
    next_opening_at,
    parse_hours,
)
from catalog.model import Span
from catalog.workdays import Workdays
from queue_server.clock import hall_time as at


def hours_of(buct, window: int):
    return buct.post_of_window(window).hours


# --------------------------------------------------------------------------- parse_hours


def test_parse_hours_reads_two_day_ranges():
    hours = parse_hours("周一至周四9:00-17:00 / 周五9:00-12:00")
    assert hours.spans_on(0) == hours.spans_on(3) == (Span(time(9), time(17)),)
    assert hours.spans_on(4) == (Span(time(9), time(12)),)
    assert hours.spans_on(5) == hours.spans_on(6) == ()
    assert not hours.by_notice
    assert hours.text == "周一至周四9:00-17:00 / 周五9:00-12:00"


def test_parse_hours_reads_colons_after_the_weekday():
    assert parse_hours("周一至周四:9:00-17:00 / 周五:9:00-12:00") == parse_hours(
        "周一至周四:9:00-17:00 / 周五:9:00-12:00"
    )
    assert parse_hours("周一至周四:9:00-17:00 周五:9:00-12:00").spans_on(4) == (
        Span(time(9), time(12)),
    )


@pytest.mark.parametrize("text", ["周四14:00-17:00", "每周四14:00-17:00", "星期四 14:00～17:00"])
def test_parse_hours_reads_one_weekday(text):
    hours = parse_hours(text)
    assert hours.spans_on(3) == (Span(time(14), time(17)),)
    assert sum(len(hours.spans_on(d)) for d in range(7)) == 1


def test_parse_hours_reads_several_spans_a_day():
    hours = parse_hours("周一、周三9:00-11:30、14:00-16:00")
    assert hours.spans_on(0) == hours.spans_on(2) == (
        Span(time(9), time(11, 30)),
        Span(time(14), time(16)),
    )


def test_parse_hours_reads_by_notice_text():
    hours = parse_hours("以“北化法援”公众号推送通知为准。")
    assert hours.by_notice
    assert not any(hours.week)


@pytest.mark.parametrize(
    "text", ["", "下午", "9:00-17:00", "周一", "周一17:00-9:00", "周一25:00-26:00", "周五9:00-12:00 午饭"]
)
def test_parse_hours_refuses_what_it_cannot_read(text):
    with pytest.raises(ValueError):
        parse_hours(text)


# --------------------------------------------------------------------------- is_open_at


@pytest.mark.parametrize(("hhmm", "is_open"), [("08:59", False), ("09:00", True),
                                               ("11:59", True), ("12:00", False)])
def test_window_8_closes_at_friday_noon(buct, days, hhmm, is_open):
    assert is_open_at(hours_of(buct, 8), at(f"2026-12-04 {hhmm}"), days) is is_open


@pytest.mark.parametrize(("hhmm", "is_open"), [("13:59", False), ("14:00", True),
                                               ("16:59", True), ("17:00", False)])
def test_window_12_opens_only_thursday_afternoon(buct, days, hhmm, is_open):
    assert is_open_at(hours_of(buct, 12), at(f"2026-12-03 {hhmm}"), days) is is_open


def test_window_12_is_closed_on_other_weekdays(buct, days):
    assert not is_open_at(hours_of(buct, 12), at("2026-12-02 15:00"), days)


def test_window_17_opens_only_on_thursday(buct, days):
    assert is_open_at(hours_of(buct, 17), at("2026-12-03 10:00"), days)
    assert not is_open_at(hours_of(buct, 17), at("2026-12-02 10:00"), days)


@pytest.mark.parametrize("window", [1, 8, 14, 20, 25])
def test_saturday_is_closed(buct, days, window):
    assert not is_open_at(hours_of(buct, window), at("2026-12-05 10:00"), days)


def test_national_holiday_is_closed(buct, days):
    assert is_open_at(hours_of(buct, 8), at("2026-10-08 10:00"), days)
    assert not is_open_at(hours_of(buct, 8), at("2026-10-01 10:00"), days)  # a Thursday


def test_makeup_workday_takes_mondays_hours(buct, days):
    # 2026-10-10 is a Saturday worked for National Day: Monday's 9:00-17:00 applies.
    assert is_open_at(hours_of(buct, 8), at("2026-10-10 16:30"), days)
    # 2026-09-20 is a Sunday worked too; 12号 (Thursday only) stays closed.
    assert not is_open_at(hours_of(buct, 12), at("2026-09-20 15:00"), days)


def test_makeup_weekday_setting_changes_whose_hours_apply(buct):
    friday_rules = Workdays(makeup_weekday=4)
    assert not is_open_at(hours_of(buct, 8), at("2026-10-10 16:30"), friday_rules)
    assert is_open_at(hours_of(buct, 8), at("2026-10-10 11:00"), friday_rules)


def test_unknown_year_still_follows_the_weekly_schedule(buct, days):
    assert is_open_at(hours_of(buct, 8), at("2027-01-04 10:00"), days)
    assert not is_open_at(hours_of(buct, 8), at("2027-01-08 12:00"), days)  # Friday noon
    assert "2027" in days.warning_on(date(2027, 1, 4))


def test_window_7_is_closed_unless_an_opening_covers_the_instant(buct, days):
    hours = hours_of(buct, 7)
    assert hours.by_notice
    assert not is_open_at(hours, at("2026-12-03 10:00"), days)
    session = Overrides(openings=(Opening(at("2026-12-03 14:00"), at("2026-12-03 16:00"),
                                          "法律咨询专场"),))
    assert is_open_at(hours, at("2026-12-03 14:00"), days, session)
    assert not is_open_at(hours, at("2026-12-03 16:00"), days, session)


def test_opening_opens_on_a_holiday(buct, days):
    extra = Overrides(openings=(Opening(at("2026-10-01 09:00"), at("2026-10-01 11:00"), "迎新"),))
    assert is_open_at(hours_of(buct, 8), at("2026-10-01 10:00"), days, extra)


def test_closure_closes_with_its_reason(buct, days):
    meeting = Closure(at("2026-12-03 14:00"), at("2026-12-03 15:30"), "全体业务培训")
    overrides = Overrides(closures=(meeting,))
    assert not is_open_at(hours_of(buct, 8), at("2026-12-03 14:00"), days, overrides)
    assert is_open_at(hours_of(buct, 8), at("2026-12-03 15:30"), days, overrides)
    assert closure_at(at("2026-12-03 15:00"), overrides).reason == "全体业务培训"
    assert closure_at(at("2026-12-03 15:30"), overrides) is None


def test_closure_beats_an_opening(buct, days):
    overrides = Overrides(
        openings=(Opening(at("2026-12-03 14:00"), at("2026-12-03 16:00"), "专场"),),
        closures=(Closure(at("2026-12-03 13:00"), at("2026-12-03 18:00"), "停电"),),
    )
    assert not is_open_at(hours_of(buct, 7), at("2026-12-03 15:00"), days, overrides)


def test_instants_in_other_time_zones_are_read_in_hall_time(buct, days):
    utc_0359 = datetime(2026, 12, 4, 3, 59, tzinfo=UTC)  # 11:59 in Beijing
    assert is_open_at(hours_of(buct, 8), utc_0359, days)
    assert not is_open_at(hours_of(buct, 8), utc_0359 + timedelta(minutes=1), days)


def test_naive_datetimes_are_refused(buct, days):
    with pytest.raises(ValueError, match="naive"):
        is_open_at(hours_of(buct, 8), datetime(2026, 12, 4, 11, 59), days)
    with pytest.raises(ValueError, match="naive"):
        Closure(datetime(2026, 12, 4, 9), at("2026-12-04 10:00"), "x")


def test_override_must_end_after_it_starts():
    with pytest.raises(ValueError):
        Opening(at("2026-12-04 10:00"), at("2026-12-04 10:00"), "nothing")


# ------------------------------------------------------------ next_opening_at, closing_at


def test_next_opening_after_friday_noon_is_monday_nine(buct, days):
    assert next_opening_at(hours_of(buct, 8), at("2026-12-04 12:00"), days) == at(
        "2026-12-07 09:00"
    )


def test_next_opening_while_open_is_after_the_current_span(buct, days):
    assert next_opening_at(hours_of(buct, 8), at("2026-12-03 10:00"), days) == at(
        "2026-12-04 09:00"
    )


def test_next_opening_is_in_hall_time(buct, days):
    assert next_opening_at(hours_of(buct, 8), at("2026-12-04 12:00"), days).tzinfo == HALL_TZ


def test_next_opening_skips_the_national_day_week(buct, days):
    assert next_opening_at(hours_of(buct, 8), at("2026-09-30 17:00"), days) == at(
        "2026-10-08 09:00"
    )


def test_next_opening_of_window_12_is_next_thursday_afternoon(buct, days):
    assert next_opening_at(hours_of(buct, 12), at("2026-12-03 17:00"), days) == at(
        "2026-12-10 14:00"
    )


def test_next_opening_of_window_7_is_none_without_a_session(buct, days):
    assert next_opening_at(hours_of(buct, 7), at("2026-12-03 10:00"), days) is None
    session = Overrides(openings=(Opening(at("2026-12-10 14:00"), at("2026-12-10 16:00"), "专场"),))
    assert next_opening_at(hours_of(buct, 7), at("2026-12-03 10:00"), days, session) == at(
        "2026-12-10 14:00"
    )


def test_next_opening_after_a_closure_is_when_it_ends(buct, days):
    overrides = Overrides(closures=(Closure(at("2026-12-07 00:00"), at("2026-12-07 13:00"), "x"),))
    assert next_opening_at(hours_of(buct, 8), at("2026-12-04 12:00"), days, overrides) == at(
        "2026-12-07 13:00"
    )


def test_closing_at_is_the_end_of_the_current_span(buct, days):
    assert closing_at(hours_of(buct, 8), at("2026-12-04 11:00"), days) == at("2026-12-04 12:00")
    assert closing_at(hours_of(buct, 8), at("2026-12-04 12:00"), days) is None


def test_closing_at_stops_at_a_closure(buct, days):
    overrides = Overrides(closures=(Closure(at("2026-12-03 15:00"), at("2026-12-03 16:00"), "x"),))
    assert closing_at(hours_of(buct, 8), at("2026-12-03 10:00"), days, overrides) == at(
        "2026-12-03 15:00"
    )


def test_closing_at_extends_over_an_adjoining_opening(buct, days):
    overtime = Overrides(openings=(Opening(at("2026-12-04 12:00"), at("2026-12-04 13:00"), "延时"),))
    assert closing_at(hours_of(buct, 8), at("2026-12-04 11:00"), days, overtime) == at(
        "2026-12-04 13:00"
    )


def test_no_overrides_is_empty():
    assert NO_OVERRIDES.openings == () and NO_OVERRIDES.closures == ()
