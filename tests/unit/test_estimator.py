"""The estimator (queue_server/estimator.py), pure: a queue played forward over the post's
windows, with openings later today, pauses, closing, and ranges instead of false minutes."""

from __future__ import annotations

from datetime import timedelta

from queue_server.clock import hall_time
from queue_server.estimator import Desk, ServiceTimes, forecast, remaining_minutes
from queue_server.queues import Outlook

NOW = hall_time("2026-12-03 10:00")
CLOSES = hall_time("2026-12-03 17:00")


def desk(number=8, free="10:00", closes=CLOSES, pauses=(), serving=True) -> Desk:
    return Desk(number, hall_time(f"2026-12-03 {free}"), closes, tuple(pauses), serving)


def called(forecasts) -> list[str]:
    return [f.at.strftime("%H:%M") if f.at else "-" for f in forecasts]


def test_one_window_calls_the_queue_one_after_another_by_each_services_own_time():
    assert called(forecast([4, 10, 6], [desk()], at=NOW)) == ["10:00", "10:04", "10:14", "10:20"]


def test_two_windows_share_the_queue():
    two = [desk(14), desk(15)]
    assert called(forecast([10, 10, 10, 10], two, at=NOW)) == [
        "10:00", "10:00", "10:10", "10:10", "10:20"]


def test_a_window_opening_later_today_is_waited_for():
    later = desk(12, free="14:00")
    assert called(forecast([5], [later], at=NOW)) == ["14:00", "14:05"]


def test_a_window_serving_a_ticket_is_free_after_what_is_left_of_it():
    busy = desk(free="10:07")  # the caller computes free_at from remaining_minutes
    assert called(forecast([], [busy], at=NOW)) == ["10:07"]
    assert remaining_minutes(10, 4) == 6
    assert remaining_minutes(10, 30) == 3.5  # overdue: still some of it to go


def test_a_planned_lunch_is_taken_when_the_window_is_free_past_its_start():
    lunch = (hall_time("2026-12-03 12:00"), timedelta(minutes=45))
    window = desk(free="11:50", pauses=[lunch])
    assert called(forecast([15, 5], [window], at=NOW)) == ["11:50", "12:50", "12:55"]


def test_nobody_past_closing_is_promised_a_time():
    closing = desk(closes=hall_time("2026-12-03 10:20"))
    assert called(forecast([10, 10, 10], [closing], at=NOW)) == ["10:00", "10:10", "-", "-"]


def test_no_window_today_gives_no_time():
    assert called(forecast([5], [], at=NOW)) == ["-", "-"]


def test_ranges_fall_on_five_minutes_and_widen_with_the_work_ahead():
    places = forecast([6] * 20, [desk()], at=NOW)
    first, tenth, last = places[0], places[10], places[20]
    assert (first.low_at, first.high_at) == (NOW, hall_time("2026-12-03 10:05"))
    assert tenth.low_at.minute % 5 == 0 and tenth.high_at.minute % 5 == 0
    assert tenth.low_at <= tenth.at <= tenth.high_at
    assert (last.high_at - last.low_at) > (tenth.high_at - tenth.low_at)


def test_a_services_own_time_takes_over_from_the_prior_as_tickets_are_served():
    times = ServiceTimes(today={"long": (9, 20.0)}, past={"long": 8.0, "short": 3.0},
                         post_mean=10.0)
    assert times.minutes("long") == (9 * 20 + 3 * 8) / 12  # mostly today's
    assert times.minutes("short") == 3.0  # past days, nothing today
    assert times.minutes("new") == 10.0  # the post's mean today
    assert ServiceTimes().minutes("any") == 5.0  # the hall's default


def outlook(desks, queue) -> Outlook:
    return Outlook(NOW, tuple(forecast(queue, desks, at=NOW)),
                   serving=any(d.serving for d in desks), any_window_today=bool(desks))


def test_no_window_open_now_says_from_when_not_zero_minutes():
    estimate = outlook([desk(12, free="13:45", serving=False)], []).estimate(0)
    assert estimate.kind == "opening" and estimate.text == "约 13:45 起"
    assert estimate.minutes == 225


def test_a_flood_beyond_closing_says_it_may_not_be_done_today():
    flood = outlook([desk(closes=hall_time("2026-12-03 12:00"))], [5.0] * 700).estimate(694)
    assert flood.kind == "not_today" and flood.text == "今日可能办不完"
    assert flood.minutes is None and flood.past_closing


def test_a_wait_is_a_short_range_of_clock_times():
    estimate = outlook([desk()], [5.0] * 4).estimate(4)
    assert estimate.kind == "range" and estimate.text == "约 10:15–10:25"  # 10:20 ± 5
    assert estimate.as_json()["low"] == "10:15" and estimate.minutes == 20


def test_nothing_today_cannot_be_estimated():
    estimate = outlook([], []).estimate(0)
    assert estimate.kind == "none" and estimate.text == "暂无法估计"
