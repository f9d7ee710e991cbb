"""The router's answers for a window and for a ticket moving between posts: open under a
closure, call after the hours, enter a post closed now; and the make-up weekday per day."""

from __future__ import annotations

from datetime import date

from catalog.hours import Closure, Overrides
from catalog.workdays import Workdays
from queue_server.clock import hall_time
from queue_server.router import may_call, may_enter, may_open, post_state, window_hours

DAYS = Workdays()
TRAINING = Overrides(closures=(Closure(hall_time("2026-12-03 09:30"),
                                       hall_time("2026-12-03 11:00"), "培训"),))


def test_no_opening_and_no_calling_under_a_closure(buct):
    hours = window_hours(buct, 22, at=hall_time("2026-12-03 10:00"), days=DAYS,
                         overrides=TRAINING)
    refused = may_open(hours)
    assert refused.closure == "培训" and refused.opens_at == hall_time("2026-12-03 11:00")
    assert may_call(hours, hall_time("2026-12-03 09:10")) is not None
    after = window_hours(buct, 22, at=hall_time("2026-12-03 11:00"), days=DAYS,
                         overrides=TRAINING)
    assert may_open(after) is None and may_call(after, hall_time("2026-12-03 10:50")) is None


def test_after_the_hours_only_tickets_issued_before_closing(buct):
    friday_evening = window_hours(buct, 8, at=hall_time("2026-12-04 12:30"), days=DAYS)
    assert friday_evening.closed_at == hall_time("2026-12-04 12:00")
    assert may_call(friday_evening, hall_time("2026-12-04 11:59")) is None
    late = may_call(friday_evening, hall_time("2026-12-04 12:05"))
    assert late is not None and late.opens_at == hall_time("2026-12-07 09:00")
    before_opening = window_hours(buct, 8, at=hall_time("2026-12-04 08:30"), days=DAYS)
    assert may_call(before_opening, hall_time("2026-12-03 16:00")) is not None


def test_a_post_closed_now_takes_no_transfer_and_says_when_it_opens(buct):
    monday = hall_time("2026-11-30 10:00")
    finance = may_enter(post_state(buct, "w17", at=monday, days=DAYS))
    assert finance.opens_at == hall_time("2026-12-03 09:00")
    assert "以通知为准" in may_enter(post_state(buct, "w7", at=monday, days=DAYS)).reason
    assert may_enter(post_state(buct, "w8", at=monday, days=DAYS)) is None
    past_cutoff = post_state(buct, "w8", at=hall_time("2026-12-04 11:50"), days=DAYS)
    assert may_enter(past_cutoff) is None  # still open: a transfer may still join


def test_a_makeup_day_follows_the_rule_or_its_own_weekday():
    days = Workdays(makeup_weekday=3, makeup_follows={date(2026, 10, 10): 4})
    assert days.hours_weekday(date(2026, 9, 20)) == 3  # 调休上班 Sunday: the rule
    assert days.hours_weekday(date(2026, 10, 10)) == 4  # its own
    assert days.hours_weekday(date(2026, 12, 3)) == 3  # an ordinary Thursday
