"""The day's rhythm in motion: a job that tells the screens when hours boundaries pass,
expires yesterday's waiting tickets and ends staff logins idle or old past their limits. APScheduler 3 runs it every few seconds (timezone set
to Asia/Shanghai explicitly); any clock (real or simulated) drives it.

Run once across processes: the job moves a `scheduler_marks` row inside its transaction —
on SQLite the write transaction (BEGIN IMMEDIATE) serialises it, on PostgreSQL the row is
locked FOR UPDATE — so each boundary is announced once however many server processes (or a
reloader) run the job, and running it twice changes nothing.

After it, each tick rolls up a few closed days for the reports (`roll_up_reports`).
"""

from __future__ import annotations

import logging
from datetime import date, datetime, time, timedelta

from apscheduler.schedulers.background import BackgroundScheduler
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from catalog.hours import HALL_TZ
from queue_server import sessions, tickets, windows
from queue_server.events import HoursBoundaryPassed
from queue_server.models import SchedulerMark
from queue_server.overrides import calendar_at
from queue_server.rhythm import boundaries_between
from queue_server.screens import report_rollups
from queue_server.screens.reports import month_grouping

log = logging.getLogger(__name__)

MARK = "day-rhythm"
TICK_SECONDS = 5
MAX_CATCH_UP = timedelta(days=2)  # after a long stop, announce only recent boundaries


def run_day_rhythm(hall) -> list[HoursBoundaryPassed]:
    """One tick: announce boundaries passed since the last tick, expire past days' tickets.

    On a fresh database two processes' first ticks may both find no mark and both add it;
    the second one's insert fails, and it runs again behind the first's row lock."""
    try:
        return _tick_once(hall)
    except IntegrityError:
        return _tick_once(hall)


def _tick_once(hall) -> list[HoursBoundaryPassed]:
    with hall.unit_of_work() as uow:
        mark = uow.session.scalars(
            select(SchedulerMark).where(SchedulerMark.name == MARK).with_for_update()).first()
        if mark is None:
            mark = SchedulerMark(name=MARK, checked_until=uow.now)
            uow.session.add(mark)
        after = max(mark.checked_until, uow.now - MAX_CATCH_UP)
        announced = []
        if uow.now > after:
            calendar = calendar_at(uow.session, hall.catalog, at=uow.now)
            for boundary in boundaries_between(hall.catalog, after, uow.now,
                                               days=calendar.workdays,
                                               overrides_of=calendar.of,
                                               cutoff=hall.settings.cutoff):
                event = HoursBoundaryPassed(at=uow.now, actor="scheduler",
                                            boundary=boundary.kind, post_id=boundary.post_id,
                                            boundary_at=boundary.at.isoformat())
                uow.record(event)
                announced.append(event)
            mark.checked_until = uow.now
        today = uow.now.date()
        tickets.expire_waiting(uow, before_day=today)
        windows.close_past_sessions(uow, before=datetime.combine(today, time(0), HALL_TZ))
        sessions.end_lapsed(uow)
    return announced


def start_scheduler(hall) -> BackgroundScheduler:
    """Started by `run.py serve` only (never by the factory, so tests never run it twice)."""
    scheduler = BackgroundScheduler(timezone=HALL_TZ)
    scheduler.add_job(_tick, "interval", seconds=TICK_SECONDS, args=[hall], id=MARK,
                      max_instances=1, coalesce=True, replace_existing=True)
    scheduler.start()
    return scheduler


def roll_up_reports(hall, *, most: int = report_rollups.DAYS_PER_TICK) -> list[date]:
    """Roll up a few closed days the reports have not yet, and the months they complete:
    counted on a read session (no write lock held), stored in one short write; the days
    rolled up."""
    today = report_rollups.closed_before(hall.clock.now(),
                                           hall.settings.rating_days)
    with hall.reading() as session:
        days = report_rollups.pending_days(session, today=today, most=most)
        fresh = report_rollups.compute(session, days)
        months = {(by, first): report_rollups.compute_month(session, by, first) for by, first
                  in report_rollups.pending_months(session, today=today)[:most]}
    if not fresh and not months:
        return []
    try:
        with hall.unit_of_work() as uow:
            for by, per_day in fresh.items():
                report_rollups.store(uow.session, by, per_day, at=uow.now)
            for (by, first), tallies in months.items():
                report_rollups.store(uow.session, month_grouping(by), {first: tallies},
                                     at=uow.now)
    except IntegrityError:  # another process stored them first (PostgreSQL): the same
        return []
    return days


def _tick(hall) -> None:
    try:
        run_day_rhythm(hall)
    except Exception:  # the next tick catches up from the mark
        log.exception("day rhythm tick failed")
    try:
        roll_up_reports(hall)
    except Exception:  # the next tick tries again; reports count such days live meanwhile
        log.exception("report rollup tick failed")
