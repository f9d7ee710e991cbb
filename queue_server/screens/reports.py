"""Reports: a period's tickets counted and timed by service, post, window, clerk, hour of day
or weekday. Pure query and arithmetic over the rows, no Flask and no words but the catalog's.

The database does the counting: one GROUP BY per figure family (counts with the waiting-time
histogram, the service-time histogram, issues per hour, refusals, ratings), each by the
group and, for the times, by the whole minute. Percentiles are read off those per-minute
histograms, so a year of tickets never crosses into Python one by one. The times are the
integers the write path keeps on each ticket (`issue_hour`, `wait_ms`, `service_ms`; see
`models.Ticket`), so no stored instant is parsed to group them.

Each ticket counts once, in the group where it ended: its last service and post, the window
and clerk of its latest call (none if it was never called), and for `hour`/`weekday` its
issue time. Transfers are moves, counted out of the group the ticket left and into the one
it went to (for a window or a clerk: the one that next called it). So each count's groups
add up to the period's total.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy import Integer, case, cast, extract, func, literal, select
from sqlalchemy.orm import Session

from catalog.hours import HALL_TZ
from catalog.model import Catalog, UnknownEntry
from catalog.workdays import DayKind, Workdays
from queue_server.errors import BadRequest
from queue_server.models import (
    AuditEntry,
    Booking,
    BookingState,
    CalendarDay,
    IssueRefusal,
    Rating,
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
    wait_max_seconds: float | None = None
    service_max_seconds: float | None = None
    per_hour: Counter = field(default_factory=Counter)
    refused: Counter = field(default_factory=Counter)
    ratings: Counter = field(default_factory=Counter)  # count, score_sum, satisfied, followed

    def add(self, other: Tally) -> None:
        for mine, theirs in ((self.counts, other.counts), (self.waits, other.waits),
                             (self.services, other.services), (self.per_hour, other.per_hour),
                             (self.refused, other.refused), (self.ratings, other.ratings)):
            mine.update(theirs)
        self.wait_max_seconds = _max(self.wait_max_seconds, other.wait_max_seconds)
        self.service_max_seconds = _max(self.service_max_seconds, other.service_max_seconds)

    def figures(self) -> dict:
        wait_max = _minutes(self.wait_max_seconds)
        service_max = _minutes(self.service_max_seconds)
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


def _minutes(seconds: float | None) -> float | None:
    return None if seconds is None else round(max(seconds, 0) / 60, 1)


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
    """Dialect-aware expressions: hour of day in hall time (for refusals; tickets keep
    theirs), weekday of a date (0 = Monday). SQLite keeps instants as UTC text; Asia/Shanghai has
    kept UTC+8 without summer time since 1991, so its hour is the UTC hour plus 8."""

    def __init__(self, dialect: str) -> None:
        self.sqlite = dialect == "sqlite"

    def hour(self, at):
        if self.sqlite:
            return cast(func.strftime("%H", at, f"+{_UTC_OFFSET_HOURS} hours"), Integer)
        return cast(extract("hour", func.timezone(str(HALL_TZ), at)), Integer)

    def weekday(self, day):
        if self.sqlite:
            return (cast(func.strftime("%w", day), Integer) + 6) % 7
        return cast(extract("isodow", day), Integer) - 1


def _ticket_group(sql: Sql, by: str):
    return {"service": Ticket.service_id, "post": Ticket.post_id, "window": Ticket.window_no,
            "clerk": Ticket.called_by, "hour": Ticket.issue_hour,
            "weekday": sql.weekday(Ticket.service_day)}[by]


def _refusal_group(sql: Sql, by: str):
    return {"service": IssueRefusal.service_id, "post": IssueRefusal.post_id,
            "window": literal(None), "clerk": literal(None),
            "hour": sql.hour(IssueRefusal.at),
            "weekday": sql.weekday(IssueRefusal.service_day)}[by]


def _is(state: TicketState):
    return func.sum(case((Ticket.state == state.value, 1), else_=0))


# ---- the report ----

def report(session: Session, catalog: Catalog, *, first_day: date, last_day: date,
           by: str, at: datetime | None = None) -> dict:
    """The period's figures per group (`by`), their totals and the period's days; a booking
    is a no-show once its slot ended before `at` (None: every booking not checked in)."""
    period = check_request(first_day, last_day, by)
    sql = Sql(session.get_bind().dialect.name)
    tallies: dict = defaultdict(Tally)
    in_period = Ticket.service_day.between(period.first_day, period.last_day)
    group = _ticket_group(sql, by).label("g")

    # counts and the waiting time (issue → first call) per whole minute, in one scan of the
    # period's tickets; the times are the integers the write path stored (Ticket.issue_hour,
    # wait_ms, service_ms), so no instant is parsed
    wait_minute = (Ticket.wait_ms // 60000).label("m")
    for g, minute, issued, done, missed, cancelled, expired, wait_max in session.connection().execute(
            select(group, wait_minute, func.count(), _is(TicketState.DONE),
                   _is(TicketState.MISSED), _is(TicketState.CANCELLED),
                   _is(TicketState.EXPIRED), func.max(Ticket.wait_ms))
            .where(in_period).group_by(group, wait_minute)):
        tally = tallies[g]
        tally.counts.update(issued=issued, served=done, no_show=missed, cancelled=cancelled,
                            expired=expired)
        if minute is None:  # never called: gave up (cancelled, expired) or still waiting
            tally.counts["wait_known"] += cancelled + expired
        else:
            tally.waits[minute] += issued
            tally.counts["wait_known"] += issued
            tally.wait_max_seconds = _max(tally.wait_max_seconds, wait_max / 1000)

    # the issues per hour of day (apart: grouped with the minutes, a year is ~10× the rows)
    hour = Ticket.issue_hour.label("h")
    for g, h, issued in session.connection().execute(
            select(group, hour, func.count()).where(in_period).group_by(group, hour)):
        tallies[g].per_hour[h] += issued

    # the service time (call → finish) of served tickets
    service_minute = (Ticket.service_ms // 60000).label("m")
    for g, minute, served, service_max in session.connection().execute(
            select(group, service_minute, func.count(), func.max(Ticket.service_ms))
            .where(in_period, Ticket.service_ms.is_not(None))
            .group_by(group, service_minute)):
        tally = tallies[g]
        tally.services[minute] += served
        tally.service_max_seconds = _max(tally.service_max_seconds, service_max / 1000)

    # refused at the kiosk
    refusal_group = _refusal_group(sql, by).label("g")
    for g, verdict, refused in session.connection().execute(
            select(refusal_group, IssueRefusal.verdict, func.count())
            .where(IssueRefusal.service_day.between(period.first_day, period.last_day))
            .group_by(refusal_group, IssueRefusal.verdict)):
        tallies[g].refused[verdict] += refused

    # ratings of the period's tickets, in their ticket's group
    for g, count, score_sum, satisfied, followed_up in session.connection().execute(
            select(group, func.count(), func.sum(Rating.score),
                   func.sum(case((Rating.score >= SATISFIED, 1), else_=0)),
                   func.sum(case((Rating.followed_up_at.is_not(None), 1), else_=0)))
            .select_from(Rating).join(Ticket, Ticket.id == Rating.ticket_id)
            .where(in_period).group_by(group)):
        tallies[g].ratings.update(count=count, score_sum=int(score_sum),
                                  satisfied=int(satisfied), followed_up=int(followed_up))

    _count_queue_discipline(session, period, by, sql, tallies, at)

    for g_out, g_in in _transfer_moves(session, period, by, sql):
        tallies[g_out].counts["transferred_out"] += 1
        tallies[g_in].counts["transferred_in"] += 1

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

def _count_queue_discipline(session: Session, period: Period, by: str, sql: Sql,
                            tallies: dict, at: datetime | None) -> None:
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
    group = _ticket_group(sql, by).label("g")
    for g, marked in session.connection().execute(
            select(group, func.count(func.distinct(Ticket.id))).select_from(AuditEntry)
            .join(Ticket, Ticket.id == AuditEntry.ticket_id)
            .where(AuditEntry.kind == "ticket.prioritised",
                   AuditEntry.at >= period.starts_at, AuditEntry.at < period.ends_at,
                   Ticket.service_day.between(period.first_day, period.last_day))
            .group_by(group)):
        tallies[g].counts["prioritised"] += marked



# ---- transfers: moves read from the audit log ----

def _transfer_moves(session: Session, period: Period, by: str, sql: Sql
                    ) -> list[tuple[object, object]]:
    """(group left, group entered) for every transfer of a ticket of the period."""
    transfers = (select(AuditEntry.ticket_id)
                 .where(AuditEntry.kind == "ticket.transferred",
                        AuditEntry.at >= period.starts_at, AuditEntry.at < period.ends_at)
                 .join(Ticket, Ticket.id == AuditEntry.ticket_id)
                 .where(Ticket.service_day.between(period.first_day, period.last_day)))
    if by in ("hour", "weekday"):  # both ends in the ticket's own issue hour or day
        key = _ticket_group(sql, by)
        return [(g, g) for g, moves in session.connection().execute(
            select(key, func.count()).select_from(AuditEntry)
            .join(Ticket, Ticket.id == AuditEntry.ticket_id)
            .where(AuditEntry.id.in_(select(AuditEntry.id).where(
                AuditEntry.kind == "ticket.transferred",
                AuditEntry.at >= period.starts_at, AuditEntry.at < period.ends_at)),
                Ticket.service_day.between(period.first_day, period.last_day))
            .group_by(key)) for _ in range(moves)]
    kinds = {"post": ("ticket.transferred",), "service": ("ticket.issued", "ticket.transferred"),
             "window": ("ticket.called", "ticket.transferred"),
             "clerk": ("ticket.called", "ticket.transferred")}[by]
    # the payload's ids read by the database, not decoded here (a year has ~10,000 moves)
    ids = [AuditEntry.payload[name].as_string().label(name) if by in ("service", "post")
           else literal(None).label(name) for name in ("service_id", "post_id", "from_post_id")]
    # SQLite: `kind || ''`, so the entries are found by ticket (a few per transfer), not by
    # kind (every issue of the year); PostgreSQL's planner does so unaided, and misjudges it
    kind = AuditEntry.kind + literal("") if sql.sqlite else AuditEntry.kind
    entries = defaultdict(list)
    for entry in session.connection().execute(
            select(AuditEntry.ticket_id, AuditEntry.kind, AuditEntry.actor,
                   AuditEntry.window_no, *ids)
            .where(AuditEntry.ticket_id.in_(transfers), kind.in_(kinds))
            .order_by(AuditEntry.ticket_id, AuditEntry.id)):
        entries[entry.ticket_id].append(entry)
    moves = []
    for log in entries.values():
        moves.extend(_moves_of(log, by))
    return moves


def _moves_of(log: list, by: str) -> list[tuple[object, object]]:
    moves, service, pending = [], None, []
    for entry in log:
        if entry.kind == "ticket.issued":
            service = entry.service_id
        elif entry.kind == "ticket.called":
            for index in pending:  # the window and clerk that took the transferred ticket
                moves[index] = (moves[index][0], entry.window_no if by == "window"
                                else entry.actor)
            pending = []
        else:  # ticket.transferred
            out_in = {"service": (service, entry.service_id),
                      "post": (entry.from_post_id, entry.post_id),
                      "window": (entry.window_no, None), "clerk": (entry.actor, None)}[by]
            moves.append(out_in)
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

