"""The router decides at the clock's edges: Friday noon, 12号 on Thursday 14:00, the cutoff,
a holiday, a by-notice window, and a service a machine or the web does without a ticket."""

from __future__ import annotations

from datetime import timedelta

import pytest

from catalog.hours import NO_OVERRIDES, Closure, Opening, Overrides
from catalog.workdays import Workdays
from queue_server.clock import hall_time
from queue_server.router import DEFAULT_CUTOFF, Verdict, post_state, route_of
from tests.catalog_lookup import service_named

DAYS = Workdays()


def decide(catalog, service, when, *, overrides_of=lambda _n: NO_OVERRIDES,
           cutoff=DEFAULT_CUTOFF, estimated_wait=timedelta(0)):
    """The route as the ticket service decides it: the post's state, then the service's."""
    at = hall_time(when)
    state = post_state(catalog, service.post_id, at=at, days=DAYS, overrides_of=overrides_of,
                       cutoff=cutoff)
    return route_of(catalog, service, state, at=at, estimated_wait=estimated_wait)


@pytest.fixture(scope="module")
def household(buct):
    return service_named(buct, "户籍证明", window=8)


@pytest.fixture(scope="module")
def overseas(buct):
    return service_named(buct, "海外学习", window=12)


@pytest.mark.parametrize(("when", "verdict"), [
    ("2026-12-04 11:44", Verdict.OPEN),
    ("2026-12-04 11:45", Verdict.PAST_CUTOFF),
    ("2026-12-04 12:00", Verdict.CLOSED),
])
def test_window_8_on_friday_morning(buct, household, when, verdict):
    assert decide(buct, household, when).verdict is verdict


def test_after_friday_noon_the_router_says_monday_morning(buct, household):
    decided = decide(buct, household, "2026-12-04 12:00")
    assert decided.opens_at == hall_time("2026-12-07 09:00")


def test_past_cutoff_says_when_it_closes_and_opens_next(buct, household):
    decided = decide(buct, household, "2026-12-03 16:50")
    assert decided.verdict is Verdict.PAST_CUTOFF
    assert decided.closes_at == hall_time("2026-12-03 17:00")
    assert decided.opens_at == hall_time("2026-12-04 09:00")


def test_cutoff_is_configurable(buct, household):
    decided = decide(buct, household, "2026-12-03 16:50", cutoff=timedelta(minutes=5))
    assert decided.verdict is Verdict.OPEN


@pytest.mark.parametrize(("when", "verdict"), [
    ("2026-12-03 13:59", Verdict.CLOSED),
    ("2026-12-03 14:00", Verdict.OPEN),
    ("2026-12-02 14:00", Verdict.CLOSED),  # a Wednesday
])
def test_window_12_opens_thursday_afternoon_only(buct, overseas, when, verdict):
    assert decide(buct, overseas, when).verdict is verdict


def test_national_day_is_closed(buct, household):
    decided = decide(buct, household, "2026-10-01 10:00")
    assert decided.verdict is Verdict.CLOSED and decided.opens_at > hall_time("2026-10-01 10:00")


def test_window_7_is_by_notice_until_a_session_is_published(buct):
    legal = buct.services_of(buct.post_of_window(7).id)[0]
    assert decide(buct, legal, "2026-12-03 10:00").verdict is Verdict.BY_NOTICE
    session = Overrides(openings=(Opening(hall_time("2026-12-03 09:00"),
                                          hall_time("2026-12-03 11:00"), "法援值班"),))
    decided = decide(buct, legal, "2026-12-03 10:00", overrides_of=lambda n: session)
    assert decided.verdict is Verdict.OPEN and decided.closes_at == hall_time("2026-12-03 11:00")


def test_a_closure_closes_with_its_reason(buct, household):
    meeting = Overrides(closures=(Closure(hall_time("2026-12-03 00:00"),
                                          hall_time("2026-12-04 00:00"), "全体员工会议"),))
    decided = decide(buct, household, "2026-12-03 10:00", overrides_of=lambda n: meeting)
    assert decided.verdict is Verdict.CLOSED and decided.reason == "全体员工会议"


def test_wait_running_past_closing_is_flagged(buct, household):
    decided = decide(buct, household, "2026-12-04 11:00", estimated_wait=timedelta(minutes=61))
    assert decided.can_issue and decided.wait_runs_past_closing


def test_a_service_a_machine_does_needs_no_ticket_but_may_take_one(buct):
    transcript = service_named(buct, "成绩单", window=14)
    decided = decide(buct, transcript, "2026-12-03 10:00")
    assert decided.no_ticket_needed and decided.can_issue
    assert any("打印" in name for name in decided.machines)
