"""Reports: a period's tickets counted and timed by service, post, window, clerk, hour of day
or weekday. Pure query and arithmetic over the rows, no Flask and no words but the catalog's.

The database does the counting: one GROUP BY per figure family (counts with the waiting-time
histogram, the service-time histogram, issues per hour, refusals, ratings), each by the
day, the group and, for the times, by the whole minute. Percentiles are read off those
per-minute histograms, so a year of tickets never crosses into Python one by one. Closed
days are read from their per-day rollups instead (`report_rollups`: the same figures,
stored once), so a year adds up ~250 small rows per group plus today's tickets; the
results are the same either way. The times are the integers the write path keeps on each
ticket (`issue_hour`, `wait_ms`, `service_ms`; see `models.Ticket`), so no stored instant
is parsed to group them.

Each ticket counts once, in the group where it ended: its last service and post, the window
and clerk of its latest call (none if it was never called), and for `hour`/`weekday` its
issue time. Transfers are moves, counted out of the group the ticket left and into the one
it went to (for a window or a clerk: the one that next called it). So each count's groups
add up to the period's total. A transfer counts on its ticket's day when made that day.
"""

from __future__ import annotations

import json
import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from itertools import zip_longest

from sqlalchemy import Integer, case, cast, extract, func, literal, or_, select
from sqlalchemy.orm import Session

from catalog.hours import HALL_TZ
from catalog.model import Catalog, UnknownEntry
from catalog.workdays import DayKind, Workdays
from queue_server.errors import BadRequest
from queue_server.models import (
    ACTIVE_STATES,
    AuditEntry,
    Booking,
    BookingState,
    CalendarDay,
    IssueRefusal,
    Rating,
    ReportRollup,
    ReportRollupDay,
    Ticket,
    TicketState,
)

GROUPINGS = ("service", "post", "window", "clerk", "hour", "weekday")
VERDICTS = ("closed", "by_notice", "past_cutoff")
MAX_DAYS = 731  # two years, a leap day included
WITHIN = (15, 30)  # minutes: the "called within" shares
SATISFIED = 4  # 满意 or better
WEEKDAYS = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")
NOT_CALLED = "未叫号"  # the window/clerk group of tickets nobody called
OPEN_STATES = (TicketState.WAITING, *ACTIVE_STATES)
COUNTS = ("issued", "served", "no_show", "cancelled", "expired", "transferred_in",
          "transferred_out")
# 预约 and 绿色通道: bookings of the period (not cancelled) and those never checked in once
# their slot was over (in the group of the booked service, post, window, slot hour and day);
# tickets marked 绿色通道, in the ticket's group
QUEUE_DISCIPLINE = ("booked", "booked_no_show", "prioritised")


# ---- arithmetic (pure) ----

def percentile_minutes(histogram: Mapping[int, int], fraction: float, *,
                       cap: float | None = None) -> float | None:
    """The `fraction` percentile (nearest rank) of times counted per whole minute.

    A minute bucket m holds times from m to m+1 minutes; the answer is its middle, m + 0.5,
    so it is within half a minute of the exact figure — and never above `cap` (the exact
    maximum, when known). None when nothing was counted."""
    total = sum(histogram.values())
    if total == 0:
        return None
    rank = max(1, math.ceil(fraction * total))
    seen = 0
    for minute in sorted(histogram):
        seen += histogram[minute]
        if seen >= rank:
            value = minute + 0.5
            return round(min(value, cap) if cap is not None else value, 1)
    raise AssertionError("unreachable: the ranks add up to the total")


def share(part: int, whole: int) -> float | None:
    """part / whole to four places; None when there is no whole."""
    return round(part / whole, 4) if whole else None


def busiest(per_hour: Mapping[int, int]) -> int | None:
    """The hour with the most tickets (the earliest of a tie); None when there are none."""
    if not any(per_hour.values()):
        return None
    return min(per_hour, key=lambda hour: (-per_hour[hour], hour))


@dataclass
class Tally:
    """A group's raw figures: counts, histograms and sums that add across groups."""

    counts: Counter = field(default_factory=Counter)
    waits: Counter = field(default_factory=Counter)  # whole minutes → tickets
    services: Counter = field(default_factory=Counter)
    wait_max_ms: int | None = None
    service_max_ms: int | None = None
    per_hour: Counter = field(default_factory=Counter)
    refused: Counter = field(default_factory=Counter)
    ratings: Counter = field(default_factory=Counter)  # count, score_sum, satisfied, followed

    def add(self, other: Tally) -> None:
        for mine, theirs in ((self.counts, other.counts), (self.waits, other.waits),
                             (self.services, other.services), (self.per_hour, other.per_hour),
                             (self.refused, other.refused), (self.ratings, other.ratings)):
            mine.update(theirs)
        self.wait_max_ms = _max(self.wait_max_ms, other.wait_max_ms)
        self.service_max_ms = _max(self.service_max_ms, other.service_max_ms)

    def figures(self) -> dict:
        wait_max = _minutes(self.wait_max_ms)
        service_max = _minutes(self.service_max_ms)
        answered = self.counts["wait_known"]
        ratings = self.ratings
        return {
            **{name: self.counts[name] for name in COUNTS},
            **{name: self.counts[name] for name in QUEUE_DISCIPLINE},
            "wait_median_minutes": percentile_minutes(self.waits, 0.5, cap=wait_max),
            "wait_p90_minutes": percentile_minutes(self.waits, 0.9, cap=wait_max),
            "wait_max_minutes": wait_max,
            "service_median_minutes": percentile_minutes(self.services, 0.5, cap=service_max),
            "service_p90_minutes": percentile_minutes(self.services, 0.9, cap=service_max),
            **{f"called_within_{n}_share": share(
                sum(c for m, c in self.waits.items() if m < n), answered) for n in WITHIN},
            "busiest_hour": busiest(self.per_hour),
            "refused": {verdict: self.refused[verdict] for verdict in VERDICTS},
            "ratings": {
                "count": ratings["count"],
                "mean": round(ratings["score_sum"] / ratings["count"], 2)
                if ratings["count"] else None,
                "satisfied_share": share(ratings["satisfied"], ratings["count"]),
                "followed_up": ratings["followed_up"],
            },
        }


def _max(a: float | None, b: float | None) -> float | None:
    return b if a is None else a if b is None else max(a, b)


def _minutes(ms: int | None) -> float | None:
    return None if ms is None else round(max(ms / 1000, 0) / 60, 1)


# ---- the period ----

@dataclass(frozen=True)
class Period:
    first_day: date
    last_day: date

    @property
    def days(self) -> int:
        return (self.last_day - self.first_day).days + 1

    @property
    def starts_at(self) -> datetime:
        return datetime.combine(self.first_day, time(0), HALL_TZ)

    @property
    def ends_at(self) -> datetime:
        return datetime.combine(self.last_day + timedelta(days=1), time(0), HALL_TZ)

    def each_day(self) -> Iterable[date]:
        return (self.first_day + timedelta(days=k) for k in range(self.days))


def check_request(first_day: date, last_day: date, by: str) -> Period:
    """The period asked for, or BadRequest naming the field at fault."""
    if by not in GROUPINGS:
        raise BadRequest(f"'by' must be one of {', '.join(GROUPINGS)}, not {by!r}", field="by")
    if last_day < first_day:
        raise BadRequest(f"'to' ({last_day}) is before 'from' ({first_day})", field="to")
    period = Period(first_day, last_day)
    if period.days > MAX_DAYS:
        raise BadRequest(f"'to' makes a period of {period.days} days; a report covers at "
                         f"most two years ({MAX_DAYS} days)", field="to")
    return period


def calendar_days(session: Session, period: Period) -> list[dict]:
    """Every day of the period with its kind (workday, holiday, make-up workday, weekend)
    and the holiday's name, admin calendar entries included."""
    rows = session.scalars(select(CalendarDay).where(
        CalendarDay.day.between(period.first_day, period.last_day))).all()
    workdays = Workdays(holidays={d.day: d.name for d in rows if d.kind == "holiday"},
                        makeup_workdays={d.day: d.name for d in rows if d.kind == "workday"})
    days = []
    for day in period.each_day():
        kind = workdays.kind_of(day)
        name = ""
        if kind is DayKind.HOLIDAY:
            name = workdays.holiday_name(day) or ""
        elif kind is DayKind.MAKEUP_WORKDAY:
            name = workdays.makeup_workdays.get(day, "")
        days.append({"day": day.isoformat(), "kind": kind.value, "name": name})
    return days


# ---- SQL pieces (the dialects differ in date arithmetic) ----

_UTC_OFFSET_HOURS = int(HALL_TZ.utcoffset(datetime(2026, 1, 1)).total_seconds() // 3600)


class Sql:
    """Dialect-aware: the hour of day in hall time (for refusals; tickets keep theirs).
    SQLite keeps instants as UTC text; Asia/Shanghai has kept UTC+8 without summer time
    since 1991, so its hour is the UTC hour plus 8."""

    def __init__(self, dialect: str) -> None:
        self.sqlite = dialect == "sqlite"

    def hour(self, at):
        if self.sqlite:
            return cast(func.strftime("%H", at, f"+{_UTC_OFFSET_HOURS} hours"), Integer)
        return cast(extract("hour", func.timezone(str(HALL_TZ), at)), Integer)


def _ticket_group(by: str):
    """The ticket's group column; None by weekday (the day itself is grouped on)."""
    return {"service": Ticket.service_id, "post": Ticket.post_id, "window": Ticket.window_no,
            "clerk": Ticket.called_by, "hour": Ticket.issue_hour, "weekday": None}[by]


def _refusal_group(sql: Sql, by: str):
    return {"service": IssueRefusal.service_id, "post": IssueRefusal.post_id,
            "window": None, "clerk": None, "hour": sql.hour(IssueRefusal.at),
            "weekday": None}[by]


def _is(state: TicketState):
    return func.sum(case((Ticket.state == state.value, 1), else_=0))


def on_days(column, days: Iterable[date]):
    """`column` on one of `days`: a BETWEEN per run of consecutive days."""
    runs: list[list[date]] = []
    for day in sorted(days):
        if runs and day == runs[-1][1] + timedelta(days=1):
            runs[-1][1] = day
        else:
            runs.append([day, day])
    ranges = [column == a if a == b else column.between(a, b) for a, b in runs]
    return ranges[0] if len(ranges) == 1 else or_(*ranges)


class _Grouped:
    """The day and the group of a query's rows: `columns` to select and group by, `key` to
    read a row's (day, group) back (weekday: the day's, computed here)."""

    def __init__(self, day_column, group, by: str) -> None:
        self.columns = [day_column.label("d")]
        if group is not None:
            self.columns.append(group.label("g"))
        self.width, self.by = len(self.columns), by

    def key(self, row) -> tuple[date, object]:
        day = row[0]
        if self.by == "weekday":
            return day, day.weekday()
        return day, (row[1] if self.width == 2 else None)


# ---- the report ----

def report(session: Session, catalog: Catalog, *, first_day: date, last_day: date,
           by: str, today: date | None = None, rolled_up: bool = True,
           keep: dict | None = None, at: datetime | None = None) -> dict:
    """The period's figures per group (`by`), their totals and the period's days.

    Closed days already rolled up (`report_rollups`) are read from their rollup; the others
    are counted live from the tickets (`rolled_up=False`: every day is). When `keep` is a
    dict and `today` is given, the live per-day figures of days before `today` that no
    ticket can change any more (`settled_days`) are put in it, {day: {group: Tally}}, for the caller to
    store (`report_rollups.store`). Follow-ups of ratings are always counted live (one may
    come any day after), and so are bookings and 绿色通道 marks (a few a day); a booking is
    a no-show once its slot ended before `at` (None: every booking not checked in)."""
    period = check_request(first_day, last_day, by)
    sql = Sql(session.get_bind().dialect.name)
    tallies: dict = defaultdict(Tally)
    rolled = load_rollups(session, by, period, tallies) if rolled_up else set()
    live = [day for day in period.each_day() if day not in rolled]
    if live:
        # settled before they are counted: counted after, they are counted as they stay
        settled = (settled_days(session, [d for d in live if d < today])
                   if keep is not None and today is not None else [])
        per_day = day_tallies(session, by, live, sql)
        for groups in per_day.values():
            for key, tally in groups.items():
                tallies[key].add(tally)
        if settled:
            keep.update({day: per_day.get(day, {}) for day in settled})
    _count_follow_ups(session, by, period, tallies)
    _count_queue_discipline(session, period, by, tallies, at)

    total = Tally()
    for tally in tallies.values():
        total.add(tally)
    days = calendar_days(session, period)
    return {
        "rows": [{"key": key, "label": label_of(catalog, by, key), **tallies[key].figures()}
                 for key in sorted(tallies, key=lambda k: _order(catalog, by, k))],
        "totals": total.figures(),
        "days": days,
        "period": {"from": period.first_day.isoformat(), "to": period.last_day.isoformat(),
                   "by": by, "days": period.days,
                   "open_days": sum(d["kind"] in ("workday", "makeup_workday") for d in days)},
    }


# ---- 预约 and 绿色通道 ----

def _count_queue_discipline(session: Session, period: Period, by: str, tallies: dict,
                            at: datetime | None) -> None:
    """Bookings and their no-shows (a few a day: read as rows), and tickets marked 绿色通道
    (found through their audit entries, by kind and time)."""
    for booking in session.execute(
            select(Booking.service_id, Booking.post_id, Booking.window_no, Booking.slot_at,
                   Booking.slot_minutes, Booking.service_day, Booking.state)
            .where(Booking.service_day.between(period.first_day, period.last_day),
                   Booking.state != BookingState.CANCELLED)):
        g = {"service": booking.service_id, "post": booking.post_id,
             "window": booking.window_no, "clerk": None,
             "hour": booking.slot_at.astimezone(HALL_TZ).hour,
             "weekday": booking.service_day.weekday()}[by]
        tallies[g].counts["booked"] += 1
        over = at is None or booking.slot_at + timedelta(minutes=booking.slot_minutes) <= at
        if booking.state == BookingState.BOOKED and over:
            tallies[g].counts["booked_no_show"] += 1
    grouped = _Grouped(Ticket.service_day, _ticket_group(by), by)
    marked: Counter = Counter()
    for row in session.connection().execute(
            select(*grouped.columns, func.count(func.distinct(Ticket.id)))
            .select_from(AuditEntry).join(Ticket, Ticket.id == AuditEntry.ticket_id)
            .where(AuditEntry.kind == "ticket.prioritised",
                   AuditEntry.at >= period.starts_at, AuditEntry.at < period.ends_at,
                   Ticket.service_day.between(period.first_day, period.last_day))
            .group_by(*grouped.columns)):
        marked[grouped.key(row)[1]] += row[grouped.width]
    for g, count in marked.items():
        tallies[g].counts["prioritised"] += count


def settled_days(session: Session, days: list[date]) -> list[date]:
    """Those of `days` (closed days) with no ticket still open: the scheduler expires a past
    day's waiting and called tickets, after which nothing changes a day's tickets, transfers
    or refusals (a requeue or a transfer needs an open ticket of today)."""
    if not days:
        return []
    unsettled = set(session.scalars(
        select(Ticket.service_day).where(on_days(Ticket.service_day, days),
                                         Ticket.state.in_(OPEN_STATES)).distinct()))
    return [day for day in days if day not in unsettled]


def day_tallies(session: Session, by: str, days: list[date], sql: Sql | None = None
                ) -> dict[date, dict]:
    """The tickets, transfers, refusals and ratings of `days` counted live, {day: {group:
    Tally}} (no follow-ups). The database does the counting, by day, group and minute."""
    sql = sql or Sql(session.get_bind().dialect.name)
    tallies: dict = defaultdict(lambda: defaultdict(Tally))
    on = on_days(Ticket.service_day, days)
    grouped = _Grouped(Ticket.service_day, _ticket_group(by), by)
    columns, width = grouped.columns, grouped.width
    connection = session.connection()

    # counts and the waiting time (issue → first call) per whole minute, in one scan of the
    # days' tickets; the times are the integers the write path stored (Ticket.issue_hour,
    # wait_ms, service_ms), so no instant is parsed
    wait_minute = (Ticket.wait_ms // 60000).label("m")
    for row in connection.execute(
            select(*columns, wait_minute, func.count(), _is(TicketState.DONE),
                   _is(TicketState.MISSED), _is(TicketState.CANCELLED),
                   _is(TicketState.EXPIRED), func.max(Ticket.wait_ms))
            .where(on).group_by(*columns, wait_minute)):
        day, g = grouped.key(row)
        minute, issued, done, missed, cancelled, expired, wait_max = row[width:]
        tally = tallies[day][g]
        tally.counts.update(issued=issued, served=done, no_show=missed, cancelled=cancelled,
                            expired=expired)
        if minute is None:  # never called: gave up (cancelled, expired) or still waiting
            tally.counts["wait_known"] += cancelled + expired
        else:
            tally.waits[minute] += issued
            tally.counts["wait_known"] += issued
            tally.wait_max_ms = _max(tally.wait_max_ms, wait_max)

    # the issues per hour of day (apart: grouped with the minutes, a year is ~10× the rows)
    hour = Ticket.issue_hour.label("h")
    for row in connection.execute(
            select(*columns, hour, func.count()).where(on).group_by(*columns, hour)):
        day, g = grouped.key(row)
        tallies[day][g].per_hour[row[width]] += row[width + 1]

    # the service time (call → finish) of served tickets
    service_minute = (Ticket.service_ms // 60000).label("m")
    for row in connection.execute(
            select(*columns, service_minute, func.count(), func.max(Ticket.service_ms))
            .where(on, Ticket.service_ms.is_not(None))
            .group_by(*columns, service_minute)):
        day, g = grouped.key(row)
        minute, served, service_max = row[width:]
        tally = tallies[day][g]
        tally.services[minute] += served
        tally.service_max_ms = _max(tally.service_max_ms, service_max)

    # refused at the kiosk
    refusals = _Grouped(IssueRefusal.service_day, _refusal_group(sql, by), by)
    for row in connection.execute(
            select(*refusals.columns, IssueRefusal.verdict, func.count())
            .where(on_days(IssueRefusal.service_day, days))
            .group_by(*refusals.columns, IssueRefusal.verdict)):
        day, g = refusals.key(row)
        tallies[day][g].refused[row[refusals.width]] += row[refusals.width + 1]

    for day, g_out, g_in in _transfer_moves(session, days, by):
        tallies[day][g_out].counts["transferred_out"] += 1
        tallies[day][g_in].counts["transferred_in"] += 1
    _count_ratings(session, by, days, tallies)
    return tallies


def _ratings_query(by: str, *figures):
    """Ratings grouped by their day and their ticket's group (joined, but by weekday)."""
    if by == "weekday":
        return select(Rating.service_day, *figures), [Rating.service_day]
    group = _ticket_group(by).label("g")
    return (select(Rating.service_day, group, *figures).select_from(Rating)
            .join(Ticket, Ticket.id == Rating.ticket_id)), [Rating.service_day, group]


def _count_ratings(session: Session, by: str, days: list[date], tallies: dict) -> None:
    """The days' ratings (count, sum of scores, 满意 or better) in their ticket's group,
    by day; read from the ratings' own index by day (a rating keeps its ticket's day)."""
    grouped = _Grouped(Rating.service_day, None if by == "weekday" else _ticket_group(by), by)
    query, columns = _ratings_query(
        by, func.count(), func.sum(Rating.score),
        func.sum(case((Rating.score >= SATISFIED, 1), else_=0)))
    for row in session.connection().execute(
            query.where(on_days(Rating.service_day, days)).group_by(*columns)):
        day, g = grouped.key(row)
        count, score_sum, satisfied = row[grouped.width:]
        tallies[day][g].ratings.update(count=count, score_sum=int(score_sum),
                                       satisfied=int(satisfied))


def _count_follow_ups(session: Session, by: str, period: Period, tallies: dict) -> None:
    """The period's followed-up ratings per group, always live: a follow-up (回访) comes
    whenever the admin makes it. Few ratings are bad, fewer followed up."""
    grouped = _Grouped(Rating.service_day, None if by == "weekday" else _ticket_group(by), by)
    query, columns = _ratings_query(by, func.count())
    totals: Counter = Counter()
    for row in session.connection().execute(
            query.where(Rating.service_day.between(period.first_day, period.last_day),
                        Rating.followed_up_at.is_not(None)).group_by(*columns)):
        totals[grouped.key(row)[1]] += row[grouped.width]
    for g, followed_up in totals.items():
        tallies[g].ratings["followed_up"] += followed_up


# ---- rollups of closed days, read ----

RATINGS = ("count", "score_sum", "satisfied")  # rolled up; follow-ups are counted live


def _dense(histogram: Mapping[int, int]) -> list[int]:
    """{minute: n} as [lowest minute, n of it, n of the next, …] ([] when empty)."""
    if not histogram:
        return []
    low, high = min(histogram), max(histogram)
    return [low, *(histogram.get(m, 0) for m in range(low, high + 1))]


def _sum_dense(histograms: list[list[int]]) -> Counter:
    """The sum of dense histograms, as {minute: n}; added up column by column in C."""
    histograms = [h for h in histograms if h]
    if not histograms:
        return Counter()
    low = min(h[0] for h in histograms)
    padded = [[0] * (h[0] - low) + h[1:] if h[0] > low else h[1:] for h in histograms]
    return Counter({low + k: n for k, n in enumerate(
        map(sum, zip_longest(*padded, fillvalue=0))) if n})


def dump_tally(tally: Tally) -> str:
    """A day's (or month's) group's figures, follow-ups apart, as compact JSON for
    `ReportRollup.figures`: the counts in a fixed order, the histograms dense."""
    return json.dumps({"c": [tally.counts[name] for name in (*COUNTS, "wait_known")],
                       "r": [tally.refused[verdict] for verdict in VERDICTS],
                       "g": [tally.ratings[name] for name in RATINGS],
                       "w": _dense(tally.waits), "s": _dense(tally.services),
                       "h": _dense(tally.per_hour),
                       "wm": tally.wait_max_ms, "sm": tally.service_max_ms},
                      separators=(",", ":"))


def month_grouping(by: str) -> str:
    """The grouping name under which whole months of `by` are rolled up (day: the 1st)."""
    return f"{by}:month"


def month_end(first: date) -> date:
    return (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def load_rollups(session: Session, by: str, period: Period, tallies: dict, *,
                 months: bool = True) -> set[date]:
    """Add the period's rolled-up days of grouping `by` into `tallies`; the days read.

    Whole calendar months of the period rolled up as one are read as one row per group
    (`months`), the other days one row per day and group: a year by service is ~1,000
    rows, not ~20,000. Each group's rows are added up at the end, column by column."""
    rolled_months = []
    if months:
        rolled_months = [first for first in session.scalars(select(ReportRollupDay.day).where(
            ReportRollupDay.grouping == month_grouping(by),
            ReportRollupDay.day.between(period.first_day, period.last_day)))
            if month_end(first) <= period.last_day]
    covered = {first + timedelta(days=k) for first in rolled_months
               for k in range((month_end(first) - first).days + 1)}
    rolled_days = set(session.scalars(select(ReportRollupDay.day).where(
        ReportRollupDay.grouping == by,
        ReportRollupDay.day.between(period.first_day, period.last_day)))) - covered
    parts = []
    if rolled_months:
        parts.append(select(ReportRollup.key, ReportRollup.figures).where(
            ReportRollup.grouping == month_grouping(by),
            on_days(ReportRollup.day, rolled_months)))
    if rolled_days:
        parts.append(select(ReportRollup.key, ReportRollup.figures).where(
            ReportRollup.grouping == by, on_days(ReportRollup.day, rolled_days)))
    raw: dict = {}  # key → the rows' figures, added up once per group at the end
    for part in parts:
        for key, figures in session.connection().execute(part):
            f = json.loads(figures)
            rows = raw.get(key)
            if rows is None:
                raw[key] = rows = ([], [], [], [], [], [], [], [])
            for found, name in zip(rows, ("c", "r", "g", "w", "s", "h", "wm", "sm"),
                                   strict=True):
                found.append(f[name])
    for key, (counts, refused, ratings, waits, services, per_hour, wait_max, service_max) \
            in raw.items():
        tally = Tally(
            counts=Counter(dict(zip((*COUNTS, "wait_known"), map(sum, zip(*counts)),
                                    strict=True))),
            refused=Counter(dict(zip(VERDICTS, map(sum, zip(*refused)), strict=True))),
            ratings=Counter(dict(zip(RATINGS, map(sum, zip(*ratings)), strict=True))),
            waits=_sum_dense(waits), services=_sum_dense(services),
            per_hour=_sum_dense(per_hour),
            wait_max_ms=max((m for m in wait_max if m is not None), default=None),
            service_max_ms=max((m for m in service_max if m is not None), default=None))
        tallies[json.loads(key)].add(tally)
    return rolled_days | covered


# ---- transfers: moves read from the audit log ----

def _hall_day(at: datetime) -> date:
    return at.astimezone(HALL_TZ).date()


def _transfer_moves(session: Session, days: list[date], by: str
                    ) -> list[tuple[date, object, object]]:
    """(day, group left, group entered) for every transfer of a ticket of `days` made on
    the ticket's own day."""
    span = (datetime.combine(min(days), time(0), HALL_TZ),
            datetime.combine(max(days) + timedelta(days=1), time(0), HALL_TZ))
    on = on_days(Ticket.service_day, days)
    in_span = (AuditEntry.kind == "ticket.transferred", AuditEntry.at >= span[0],
               AuditEntry.at < span[1])
    if by in ("hour", "weekday"):  # both ends in the ticket's own issue hour or day
        return [(day, key, key) for day, hour, at in session.connection().execute(
            select(Ticket.service_day, Ticket.issue_hour, AuditEntry.at)
            .select_from(AuditEntry).join(Ticket, Ticket.id == AuditEntry.ticket_id)
            .where(AuditEntry.id.in_(select(AuditEntry.id).where(*in_span)), on))
            if _hall_day(at) == day
            for key in (day.weekday() if by == "weekday" else hour,)]
    transfers = (select(AuditEntry.ticket_id).where(*in_span)
                 .join(Ticket, Ticket.id == AuditEntry.ticket_id).where(on))
    day_of = dict(session.connection().execute(
        select(Ticket.id, Ticket.service_day).where(Ticket.id.in_(transfers))).all())
    kinds = {"post": ("ticket.transferred",), "service": ("ticket.issued", "ticket.transferred"),
             "window": ("ticket.called", "ticket.transferred"),
             "clerk": ("ticket.called", "ticket.transferred")}[by]
    # the payload's ids read by the database, not decoded here (a year has ~10,000 moves)
    ids = [AuditEntry.payload[name].as_string().label(name) if by in ("service", "post")
           else literal(None).label(name) for name in ("service_id", "post_id", "from_post_id")]
    # SQLite: `kind || ''`, so the entries are found by ticket (a few per transfer), not by
    # kind (every issue of the year); PostgreSQL's planner does so unaided, and misjudges it
    sqlite = session.get_bind().dialect.name == "sqlite"
    kind = AuditEntry.kind + literal("") if sqlite else AuditEntry.kind
    entries = defaultdict(list)
    for entry in session.connection().execute(
            select(AuditEntry.ticket_id, AuditEntry.kind, AuditEntry.actor,
                   AuditEntry.window_no, AuditEntry.at, *ids)
            .where(AuditEntry.ticket_id.in_(list(day_of)), kind.in_(kinds))
            .order_by(AuditEntry.ticket_id, AuditEntry.id)):
        entries[entry.ticket_id].append(entry)
    moves = []
    for ticket_id, log in entries.items():
        day = day_of[ticket_id]
        moves.extend((day, out, into) for at, out, into in _moves_of(log, by)
                     if _hall_day(at) == day)
    return moves


def _moves_of(log: list, by: str) -> list[tuple[datetime, object, object]]:
    moves, service, pending = [], None, []
    for entry in log:
        if entry.kind == "ticket.issued":
            service = entry.service_id
        elif entry.kind == "ticket.called":
            for index in pending:  # the window and clerk that took the transferred ticket
                moves[index] = (*moves[index][:2], entry.window_no if by == "window"
                                else entry.actor)
            pending = []
        else:  # ticket.transferred
            out_in = {"service": (service, entry.service_id),
                      "post": (entry.from_post_id, entry.post_id),
                      "window": (entry.window_no, None), "clerk": (entry.actor, None)}[by]
            moves.append((entry.at, *out_in))
            if by in ("window", "clerk"):
                pending.append(len(moves) - 1)
            service = entry.service_id
    return moves


# ---- groups' names and order ----

def label_of(catalog: Catalog, by: str, key) -> str:
    """The group's name: the catalog's (Chinese) for services and posts."""
    if key is None:
        return NOT_CALLED if by in ("window", "clerk") else "—"
    if by == "service":
        return _catalog_name(catalog.service, key)
    if by == "post":
        return _catalog_name(catalog.post, key)
    if by == "window":
        return f"{key}号窗口"
    if by == "hour":
        return f"{key:02d}:00–{key + 1:02d}:00"
    if by == "weekday":
        return WEEKDAYS[key]
    return str(key)


def _catalog_name(lookup, key: str) -> str:
    try:
        return lookup(key).name
    except UnknownEntry:  # a retired id still has a row of its own
        return key


def _order(catalog: Catalog, by: str, key) -> tuple:
    if key is None:
        return (2, 0, "")
    if by == "service":
        ids = [s.id for s in catalog.services]
        return (0, ids.index(key), "") if key in ids else (1, 0, str(key))
    if by == "post":
        ids = [p.id for p in catalog.posts]
        return (0, ids.index(key), "") if key in ids else (1, 0, str(key))
    if by == "clerk":
        return (0, 0, str(key))
    return (0, int(key), "")

