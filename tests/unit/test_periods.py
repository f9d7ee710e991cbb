"""catalog/periods.py: checking dated changes, and the hours they put in force."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from catalog.hours import HALL_TZ, Overrides, is_open_at
from catalog.loader import load_catalog
from catalog.periods import PeriodDraft, PeriodError, as_periods, check_period
from catalog.workdays import Workdays

WINTER = PeriodDraft("hours", date(2027, 1, 18), date(2027, 2, 28), post_id="w14-15",
                     hours_text="周二、周四 9:00-11:30", reason="寒假")


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=HALL_TZ)


def test_a_period_replaces_the_weekly_hours_on_its_days_only(catalog):
    periods = as_periods(catalog, [check_period(catalog, WINTER)])
    overrides = Overrides(periods=periods.hours_of_window(catalog, 14))
    hours, days = catalog.post("w14-15").hours, Workdays()
    assert not is_open_at(hours, at("2027-01-18T10:00"), days, overrides)  # Monday
    assert is_open_at(hours, at("2027-01-19T11:00"), days, overrides)  # Tuesday
    assert not is_open_at(hours, at("2027-01-19T14:00"), days, overrides)
    assert is_open_at(hours, at("2027-03-01T14:00"), days, overrides)  # after it: Monday 9-17


@pytest.mark.parametrize(("change", "field"), [
    ({"last": date(2027, 1, 1)}, "last_day"),
    ({"last": None}, "last_day"),
    ({"hours_text": "每天上午"}, "hours"),
    ({"post_id": "nope"}, "post_id"),
    ({"post_id": None, "window_no": 99}, "window_no"),
    ({"post_id": None}, "post_id"),
    ({"kind": "holiday"}, "kind"),
])
def test_bad_periods_name_the_field(catalog, change, field):
    with pytest.raises(PeriodError) as refused:
        check_period(catalog, PeriodDraft(**{**WINTER.__dict__, **change}))
    assert refused.value.field == field


def test_overlapping_periods_of_the_same_post_or_its_window_are_refused(catalog):
    later = PeriodDraft(**{**WINTER.__dict__, "first": date(2027, 2, 28),
                           "last": date(2027, 3, 5)})
    with pytest.raises(PeriodError, match="overlaps"):
        check_period(catalog, later, [WINTER])
    window = PeriodDraft(**{**later.__dict__, "post_id": None, "window_no": 15})
    with pytest.raises(PeriodError, match="overlaps"):
        check_period(catalog, window, [WINTER])
    other_post = PeriodDraft(**{**later.__dict__, "post_id": "w8"})
    assert check_period(catalog, other_post, [WINTER]).post_id == "w8"
    editing_itself = PeriodDraft(**{**WINTER.__dict__, "id": 7})
    assert check_period(catalog, editing_itself, [PeriodDraft(**{**WINTER.__dict__, "id": 7})])


def test_moves_and_suspensions_in_force(catalog):
    service = catalog.services_of("w8")[0]
    periods = as_periods(catalog, [
        PeriodDraft("move", date(2027, 1, 4), service_id=service.id, to_post_id="w21"),
        PeriodDraft("suspension", date(2027, 1, 1), date(2027, 1, 2), service_id=service.id,
                    reason="系统升级")])
    assert periods.post_of(service, date(2027, 1, 3)) == "w8"
    assert periods.post_of(service, date(2027, 1, 4)) == "w21"
    assert periods.suspension_of(service.id, date(2027, 1, 2)).reason == "系统升级"
    assert periods.suspension_of(service.id, date(2027, 1, 3)) is None


def test_a_stored_period_for_an_entry_gone_from_the_catalog_is_left_out(catalog):
    periods = as_periods(catalog, [PeriodDraft("suspension", date(2027, 1, 1), date(2027, 1, 2),
                                               service_id="gone", reason="x")])
    assert periods.suspensions == ()


def test_the_router_says_the_periods_name_and_a_suspensions_reason(catalog):
    from catalog.periods import Suspension
    from queue_server.router import Verdict, post_state, route_of

    periods = as_periods(catalog, [check_period(catalog, WINTER)])
    def overrides_of(n):
        return Overrides(periods=periods.hours_of_window(catalog, n))
    monday = at("2027-01-18T10:00")
    state = post_state(catalog, "w14-15", at=monday, days=Workdays(), overrides_of=overrides_of)
    assert state.verdict is Verdict.CLOSED
    assert state.reason == "寒假：周二、周四 9:00-11:30"
    assert state.opens_at == at("2027-01-19T09:00")
    service = catalog.services_of("w14-15")[0]
    open_state = post_state(catalog, "w14-15", at=at("2027-01-19T10:00"), days=Workdays(),
                            overrides_of=overrides_of)
    assert open_state.verdict is Verdict.OPEN
    route = route_of(catalog, service, open_state, at=at("2027-01-19T10:00"),
                     suspension=Suspension(service.id, date(2027, 1, 19), date(2027, 1, 20),
                                           "系统升级"))
    assert route.verdict is Verdict.CLOSED and not route.can_issue
    assert "系统升级" in route.reason and "2027-01-20" in route.reason
