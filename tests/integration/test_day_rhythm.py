"""A day at the hall, driven by the clock alone: openings, cutoffs, closings, end of day,
holidays, make-up workdays, by-notice sessions and closures. Nothing sleeps."""

from __future__ import annotations

from datetime import date, timedelta

import chinese_calendar
import pytest

from queue_server import overrides
from queue_server.clock import hall_time
from queue_server.events import HoursBoundaryPassed, TicketExpired
from queue_server.realtime import socketio
from queue_server.scheduler import run_day_rhythm
from tests.screens import event_names


def boundaries(events, post_id="w8"):
    return [(e.boundary, e.boundary_at[11:16]) for e in events
            if isinstance(e, HoursBoundaryPassed) and e.post_id == post_id]


def test_a_whole_friday_at_window_8(hall, clock, kiosk, clerk, published, household, app,
                                    client):
    clock.set(hall_time("2026-12-04 08:59"))
    run_day_rhythm(hall)
    board = socketio.test_client(app, flask_test_client=client, auth={"screen": "board"})
    board.get_received()

    clock.set(hall_time("2026-12-04 09:00"))
    assert boundaries(run_day_rhythm(hall)) == [("opens", "09:00")]
    received = board.get_received()
    assert "hall.hours" in event_names(received)
    window_8 = next(w for w in received[-1]["args"][0]["windows"] if w["number"] == 8)
    assert window_8["open_by_hours"] is True

    clock.set(hall_time("2026-12-04 11:40"))
    early = kiosk.number(household)
    clock.set(hall_time("2026-12-04 11:45"))
    assert boundaries(run_day_rhythm(hall)) == [("cutoff", "11:45")]
    assert kiosk.take(household).json["verdict"] == "past_cutoff"

    clock.set(hall_time("2026-12-04 12:00"))
    assert boundaries(run_day_rhythm(hall)) == [("closes", "12:00")]
    board_now = client.get("/api/board").json
    window_8 = next(w for w in board_now["windows"] if w["number"] == 8)
    assert window_8["state"] == "closed" and window_8["opens_at"].startswith("2026-12-07T09:00")

    clock.set(hall_time("2026-12-04 12:20"))  # issued before closing: still served
    clerk.open(8)
    assert clerk.called_number(8) == early
    kiosk_late = [kiosk.take(household) for _ in range(2)]
    assert all(r.status_code == 409 for r in kiosk_late)


def test_end_of_day_expires_the_waiting_and_numbers_start_afresh(hall, clock, kiosk, household,
                                                                 published):
    clock.set(hall_time("2026-12-03 16:00"))
    first = kiosk.number(household)
    kiosk.number(household)
    clock.set(hall_time("2026-12-04 00:00"))
    published.clear()
    run_day_rhythm(hall)
    assert [type(e) for e in published].count(TicketExpired) == 2
    clock.set(hall_time("2026-12-04 09:10"))
    assert kiosk.number(household) == first  # H001 again on a new day


def test_running_the_job_twice_changes_nothing(hall, clock, published):
    clock.set(hall_time("2026-12-03 08:00"))
    run_day_rhythm(hall)
    clock.set(hall_time("2026-12-03 09:30"))
    assert run_day_rhythm(hall)
    published.clear()
    assert run_day_rhythm(hall) == [] and published == []


def test_a_national_holiday_passes_without_boundaries(hall, clock, kiosk, household):
    clock.set(hall_time("2026-10-01 08:00"))
    run_day_rhythm(hall)
    clock.set(hall_time("2026-10-01 18:00"))
    assert run_day_rhythm(hall) == []
    clock.set(hall_time("2026-10-01 10:00"))
    assert kiosk.take(household).json["verdict"] == "closed"


def makeup_workday_2026() -> date:
    day = date(2026, 1, 1)
    while not (day.weekday() >= 5 and chinese_calendar.is_workday(day)):
        day += timedelta(days=1)
    return day


def test_a_makeup_workday_keeps_monday_hours(hall, clock, kiosk, household):
    day = makeup_workday_2026()
    clock.set(hall_time(f"{day} 08:00"))
    run_day_rhythm(hall)
    clock.set(hall_time(f"{day} 18:00"))
    assert boundaries(run_day_rhythm(hall)) == [("opens", "09:00"), ("cutoff", "16:45"),
                                                ("closes", "17:00")]
    clock.set(hall_time(f"{day} 15:00"))
    assert kiosk.take(household).status_code == 201


def test_an_admin_holiday_closes_a_day_the_calendar_does_not_know(hall, clock, kiosk,
                                                                  household):
    with hall.unit_of_work() as uow:
        overrides.set_calendar_day(uow, date(2027, 1, 1), kind="holiday", name="元旦",
                                   actor="admin")
    clock.set(hall_time("2027-01-01 10:00"))
    assert kiosk.take(household).json["verdict"] == "closed"
    clock.set(hall_time("2027-01-04 10:00"))  # the hall does not stop in an unknown year
    assert kiosk.take(household).status_code == 201


def test_window_7_opens_only_during_a_published_session(hall, clock, kiosk, client):
    legal = hall.catalog.services_of(hall.catalog.post_of_window(7).id)[0].id
    assert kiosk.take(legal).json["verdict"] == "by_notice"
    with hall.unit_of_work() as uow:
        overrides.add_override(uow, kind="opening", window_no=7,
                               start_at=hall_time("2026-12-03 09:30"),
                               end_at=hall_time("2026-12-03 11:30"), reason="北化法援值班",
                               actor="admin")
    assert kiosk.take(legal).status_code == 201
    clock.set(hall_time("2026-12-03 11:30"))
    assert kiosk.take(legal).json["verdict"] == "by_notice"


def test_a_closure_shows_its_reason_on_the_board_and_the_kiosk(hall, kiosk, client, household):
    with hall.unit_of_work() as uow:
        overrides.add_override(uow, kind="closure", window_no=None,
                               start_at=hall_time("2026-12-03 00:00"),
                               end_at=hall_time("2026-12-04 00:00"), reason="全体员工会议",
                               actor="admin")
    board = client.get("/api/board").json
    assert {w["closure_reason"] for w in board["windows"]} == {"全体员工会议"}
    refused = kiosk.take(household).json
    assert refused["verdict"] == "closed" and refused["reason"] == "全体员工会议"


def test_the_notice_line_reaches_the_board(hall, client):
    with hall.unit_of_work() as uow:
        overrides.set_notice(uow, "今天下午 3 点起 8 号窗口暂停办理", actor="admin")
    assert client.get("/api/board").json["notice"] == "今天下午 3 点起 8 号窗口暂停办理"


def test_bad_overrides_are_refused(hall):
    from queue_server.errors import BadRequest, UnknownWindow

    cases = [
        ({"kind": "closure", "window_no": 8, "reason": ""}, BadRequest),
        ({"kind": "holiday", "window_no": 8, "reason": "x"}, BadRequest),
        ({"kind": "closure", "window_no": 99, "reason": "x"}, UnknownWindow),
        ({"kind": "opening", "window_no": None, "reason": "x"}, BadRequest),
    ]
    for fields, error in cases:
        with pytest.raises(error), hall.unit_of_work() as uow:
            overrides.add_override(uow, start_at=hall_time("2026-12-03 09:00"),
                                   end_at=hall_time("2026-12-03 10:00"), actor="admin", **fields)
    with pytest.raises(BadRequest), hall.unit_of_work() as uow:
        overrides.add_override(uow, kind="closure", window_no=8, reason="x", actor="admin",
                               start_at=hall_time("2026-12-03 10:00"),
                               end_at=hall_time("2026-12-03 09:00"))



def test_a_new_day_starts_with_free_windows(hall, clock, kiosk, clerk, client, household):
    kiosk.take(household)
    clerk.open(8)
    clerk.call(8)  # left called when the clerk went home
    clock.set(hall_time("2026-12-04 08:30"))
    run_day_rhythm(hall)
    window_8 = next(w for w in client.get("/api/board").json["windows"] if w["number"] == 8)
    assert window_8["current"] is None and window_8["state"] == "closed"
    clock.set(hall_time("2026-12-04 09:00"))
    assert clerk.open(8).status_code == 200
    assert clerk.call(8).json["current"] is None  # yesterday's ticket is not called again


def test_two_processes_first_ticks_at_once_on_a_fresh_database(hall, clock):
    """The other process has added the day-rhythm mark but not yet committed when this one
    ticks: this one waits for it, then runs behind it (no UniqueViolation, no lost tick)."""
    import threading

    from sqlalchemy import insert

    from queue_server.models import SchedulerMark
    from queue_server.scheduler import MARK

    other = hall.database.writes()  # the other process's first tick, mid-transaction
    other.execute(insert(SchedulerMark).values(name=MARK, checked_until=clock.now()))
    other.flush()
    outcome: list = []
    ticking = threading.Thread(target=lambda: outcome.append(_tick_or_error(hall)))
    ticking.start()
    ticking.join(timeout=0.5)  # it waits on the other's row (or SQLite's write lock)
    other.commit()
    other.close()
    ticking.join(timeout=30)
    assert outcome and not isinstance(outcome[0], Exception), outcome


def _tick_or_error(hall):
    try:
        return run_day_rhythm(hall)
    except Exception as err:  # noqa: BLE001 - the test reports what went wrong
        return err
