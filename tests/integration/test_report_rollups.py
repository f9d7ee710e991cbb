"""Per-day rollups of the reports: a report over rolled-up days says exactly what the same
report counted live from the tickets says, in every grouping; rolling up twice changes
nothing; a day with open tickets waits for the scheduler to expire them; ratings and
follow-ups that come after a day was rolled up are counted."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from catalog.workdays import DayKind, Workdays
from queue_server import ratings
from queue_server.clock import hall_time
from queue_server.models import Rating, ReportRollup, ReportRollupDay
from queue_server.scheduler import roll_up_reports, run_day_rhythm
from queue_server.screens import report_rollups
from queue_server.screens.reports import GROUPINGS, report
from tests.history import generate, rate

DECEMBER = [date(2026, 12, 1) + timedelta(days=k) for k in range(31)]


def open_days(days):
    workdays = Workdays()
    return [d for d in days if workdays.kind_of(d) in (DayKind.WORKDAY,
                                                       DayKind.MAKEUP_WORKDAY)]


def reports(hall, first_day, last_day, *, rolled_up):
    today = hall.clock.now().date()
    with hall.reading() as session:
        return {by: report(session, hall.catalog, first_day=first_day, last_day=last_day,
                           by=by, today=today, rolled_up=rolled_up) for by in GROUPINGS}


def rolled_days(hall, by):
    with hall.reading() as session:
        return set(session.scalars(select(ReportRollupDay.day).where(
            ReportRollupDay.grouping == by)))


def roll_up_everything(hall) -> list[date]:
    rolled = []
    while days := roll_up_reports(hall, most=7):
        rolled += days
    return rolled


@pytest.mark.parametrize("seed", [3, 4])
def test_a_rolled_up_month_reports_what_its_tickets_say(hall, clock, seed):
    generate(hall.database.engine, hall.catalog, open_days(DECEMBER), 60, seed=seed)
    clock.set(hall_time("2027-01-04 10:00"))  # December is closed
    live = reports(hall, DECEMBER[0], DECEMBER[-1], rolled_up=False)
    closed = DECEMBER + [date(2027, 1, d) for d in (1, 2, 3)]
    assert roll_up_everything(hall) == closed  # weekends and holidays too: empty rollups
    for by in GROUPINGS:
        assert rolled_days(hall, by) == set(closed)
        assert rolled_days(hall, f"{by}:month") == {DECEMBER[0]}  # read as one
    rolled = reports(hall, DECEMBER[0], DECEMBER[-1], rolled_up=True)
    for by in GROUPINGS:
        assert rolled[by] == live[by], by
    # a period half rolled up, half not (November was never rolled up: no tickets)
    assert reports(hall, date(2026, 11, 20), date(2026, 12, 10), rolled_up=True) == \
        reports(hall, date(2026, 11, 20), date(2026, 12, 10), rolled_up=False)


def test_rolling_up_twice_changes_nothing(hall, clock):
    generate(hall.database.engine, hall.catalog, open_days(DECEMBER[:5]), 30, seed=5)
    clock.set(hall_time("2026-12-08 09:00"))
    assert roll_up_everything(hall) == DECEMBER[:7]
    with hall.reading() as session:
        rows = session.scalar(select(func.count()).select_from(ReportRollup))
        again = report_rollups.compute(session, DECEMBER[:7])
    assert roll_up_reports(hall) == []
    with hall.unit_of_work() as uow:  # a late writer of the same days writes nothing
        for by, fresh in again.items():
            assert report_rollups.store(uow.session, by, fresh, at=uow.now) == []
    with hall.reading() as session:
        assert session.scalar(select(func.count()).select_from(ReportRollup)) == rows


def test_a_report_rolls_up_the_closed_days_it_counted(client, clerk, hall, clock):
    generate(hall.database.engine, hall.catalog, open_days(DECEMBER[:5]), 30, seed=6)
    clock.set(hall_time("2026-12-04 09:00"))
    first = client.get("/api/reports", query_string={
        "from": "2026-12-01", "to": "2026-12-04", "by": "window"}).json
    assert rolled_days(hall, "window") == set(DECEMBER[:3])  # not today, not another grouping
    assert rolled_days(hall, "clerk") == set()
    again = client.get("/api/reports", query_string={
        "from": "2026-12-01", "to": "2026-12-04", "by": "window"}).json
    assert again == first


def test_a_day_with_open_tickets_is_rolled_up_once_they_expired(
        client, clerk, hall, clock, kiosk, household):
    kiosk.number(household)  # Thursday 3 December, never called
    clock.set(hall_time("2026-12-04 00:20"))  # the scheduler stopped: not expired yet
    body = client.get("/api/reports", query_string={
        "from": "2026-12-03", "to": "2026-12-03", "by": "service"}).json
    assert (body["totals"]["issued"], body["totals"]["expired"]) == (1, 0)
    assert roll_up_reports(hall) == DECEMBER[:2]  # from the month's 1st, not the 3rd
    assert rolled_days(hall, "service") == set(DECEMBER[:2])
    run_day_rhythm(hall)  # expires it
    assert roll_up_reports(hall) == [date(2026, 12, 3)]
    body = client.get("/api/reports", query_string={
        "from": "2026-12-03", "to": "2026-12-03", "by": "service"}).json
    assert (body["totals"]["issued"], body["totals"]["expired"]) == (1, 1)
    assert body["totals"]["called_within_30_share"] == 0.0


def test_a_follow_up_after_the_day_was_rolled_up_is_counted(
        client, hall, clock, kiosk, clerk, household):
    number = kiosk.number(household)
    clerk.open(8)
    clock.advance(minutes=5)
    assert clerk.called_number(8) == number
    clock.advance(minutes=5)
    assert clerk.finish(8).status_code == 200
    rate(hall, number, 1)
    clock.set(hall_time("2026-12-04 00:05"))
    run_day_rhythm(hall)
    # not the 3rd yet: a requeue begun before midnight may still commit
    assert roll_up_reports(hall) == DECEMBER[:2]
    clock.set(hall_time("2026-12-04 09:00"))
    assert roll_up_reports(hall) == [date(2026, 12, 3)]
    with hall.unit_of_work() as uow:
        rating_id = uow.session.scalar(select(Rating.id))
        ratings.follow_up(uow, rating_id, note="电话回访，已解释", actor="王老师")
    body = client.get("/api/reports", query_string={
        "from": "2026-12-03", "to": "2026-12-03", "by": "clerk"}).json
    assert body["totals"]["served"] == 1
    assert body["totals"]["ratings"] == {"count": 1, "mean": 1.0, "satisfied_share": 0.0,
                                         "followed_up": 1}
    assert body == client.get("/api/reports", query_string={
        "from": "2026-12-03", "to": "2026-12-03", "by": "clerk"}).json


def test_a_day_closes_after_midnight_or_after_its_rating_window():
    assert report_rollups.closed_before(hall_time("2026-12-04 00:09")) == date(2026, 12, 3)
    assert report_rollups.closed_before(hall_time("2026-12-04 00:10")) == date(2026, 12, 4)
    # tickets may be rated for two more days: the 3rd closes on the 6th at 00:10
    assert report_rollups.closed_before(hall_time("2026-12-06 00:09"), 2) == date(2026, 12, 3)
    assert report_rollups.closed_before(hall_time("2026-12-06 00:10"), 2) == date(2026, 12, 4)
