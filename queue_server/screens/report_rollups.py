"""Per-day rollups of the reports: each closed day's figures per group, stored once, so a
report over a month or a year reads ~one small row per day and group instead of every
ticket (the read side is `reports.load_rollups`; the figures are `reports.Tally`).

A day is rolled up only when it is closed (from 00:10 after it, or after its tickets' rating
window, `HallSettings.rating_days`) and settled (no ticket of it still open; the scheduler
expires them after midnight): from then on nothing changes its tickets, transfers, refusals
or ratings, so a rollup is written once and is never stale. An admin's follow-up of a
rating may come any day: follow-ups are never rolled up, reports count them live. A closed
month whose every day is rolled up is rolled up again as one (grouping `service:month`
etc., on its 1st), so a year reads twelve rows per group. Filled by the scheduler's tick (`pending_days` then `compute` on a read session,
`store` in a short write) and by a report that counted a closed day live (`reports.report`'s
`keep`); `store` skips a day already stored, so running either twice changes nothing.
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date, datetime, timedelta

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from queue_server.models import IssueRefusal, ReportRollup, ReportRollupDay, Ticket
from queue_server.screens.reports import (
    GROUPINGS,
    Period,
    Tally,
    day_tallies,
    dump_tally,
    load_rollups,
    month_end,
    month_grouping,
    settled_days,
)

DAYS_PER_TICK = 5  # a year's backlog is rolled up in ~50 ticks, each a short write
# A day counts as closed this long after its midnight: a clerk's action begun on the day
# (a requeue) may still commit just after it.
SETTLE_AFTER = timedelta(minutes=10)


def closed_before(now: datetime, rating_days: int = 0) -> date:
    """The first day not yet closed at `now` (hall time): a day closes 10 minutes after the
    midnight that ends it, or after the last day its tickets may be rated
    (`HallSettings.rating_days`)."""
    return (now - SETTLE_AFTER).date() - timedelta(days=rating_days)


def pending_days(session: Session, *, today: date, most: int = DAYS_PER_TICK) -> list[date]:
    """Up to `most` closed, settled days (oldest first) some grouping has not rolled up."""
    firsts = [d for d in (session.scalar(select(func.min(Ticket.service_day))),
                          session.scalar(select(func.min(IssueRefusal.service_day))))
              if d is not None]
    if not firsts:
        return []
    first = min(firsts).replace(day=1)  # from the 1st: whole months are rolled up again
    done = set(session.scalars(
        select(ReportRollupDay.day).where(ReportRollupDay.grouping.in_(GROUPINGS),
                                          ReportRollupDay.day >= first,
                                          ReportRollupDay.day < today)
        .group_by(ReportRollupDay.day)
        .having(func.count() == len(GROUPINGS))))
    missing = [first + timedelta(days=k) for k in range((today - first).days)]
    missing = [day for day in missing if day not in done]
    settled: list[date] = []
    for start in range(0, len(missing), 4 * most):  # few days in one query, most settled
        settled += settled_days(session, missing[start:start + 4 * most])
        if len(settled) >= most:
            break
    return settled[:most]


def compute(session: Session, days: list[date]) -> dict[str, dict[date, dict]]:
    """Every grouping's live figures of `days`: {grouping: {day: {group: Tally}}}."""
    if not days:
        return {}
    return {by: {day: per_day.get(day, {}) for day in days}
            for by in GROUPINGS for per_day in (day_tallies(session, by, days),)}


def store(session: Session, by: str, fresh: dict[date, dict], *, at: datetime) -> list[date]:
    """Write grouping `by`'s figures of the days in `fresh` ({day: {group: Tally}}; a
    month's grouping: {its 1st: …}), but of days already stored; the days written. Two writers of one day: the second one's
    insert of the day's mark fails and its transaction rolls back (nothing half-written)."""
    if not fresh:
        return []
    have = set(session.scalars(select(ReportRollupDay.day).where(
        ReportRollupDay.grouping == by, ReportRollupDay.day.in_(list(fresh)))))
    days = sorted(day for day in fresh if day not in have)
    if not days:
        return []
    session.execute(insert(ReportRollupDay), [
        {"grouping": by, "day": day, "rolled_at": at} for day in days])
    rows = [{"grouping": by, "day": day, "key": json.dumps(key, ensure_ascii=False),
             "figures": dump_tally(tally)}
            for day in days for key, tally in fresh[day].items()]
    if rows:
        session.execute(insert(ReportRollup), rows)
    return days


def pending_months(session: Session, *, today: date) -> list[tuple[str, date]]:
    """(grouping, the month's 1st) of closed months whose every day is rolled up in that
    grouping but the month is not yet rolled up as one."""
    days: dict = {}
    for by, day in session.execute(select(ReportRollupDay.grouping, ReportRollupDay.day)
                                   .where(ReportRollupDay.grouping.in_(GROUPINGS),
                                          ReportRollupDay.day < today)):
        days.setdefault((by, day.replace(day=1)), set()).add(day)
    done = set(session.execute(select(ReportRollupDay.grouping, ReportRollupDay.day).where(
        ReportRollupDay.grouping.in_([month_grouping(by) for by in GROUPINGS]))).all())
    return sorted((by, first) for (by, first), marked in days.items()
                  if month_end(first) < today
                  and len(marked) == (month_end(first) - first).days + 1
                  and (month_grouping(by), first) not in done)


def compute_month(session: Session, by: str, first: date) -> dict:
    """A month's figures of grouping `by` merged from its rolled-up days, {group: Tally}."""
    tallies: dict = defaultdict(Tally)
    load_rollups(session, by, Period(first, month_end(first)), tallies, months=False)
    return dict(tallies)
