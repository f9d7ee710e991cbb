"""Benchmark: the reports over a year of the hall. Writes 250 open days × 1,500 tickets
(bulk Ticket, AuditEntry, Rating and IssueRefusal rows shaped like the service functions'
own, `tests/history.py`) into a fresh SQLite file and, if given, a PostgreSQL database,
then times every grouping for one month and for the whole year (p95 of a few runs).
Run by hand; CI never does. Target: each ≤ 1 s p95.

    .venv/bin/python bench/report_year.py \
        [--postgres postgresql+psycopg://postgres@127.0.0.1:5432/hall_bench_reports]  # wiped

The time is the read model's (`screens.reports.report`, what `GET /api/reports` answers
with), on a read session, after the database's ANALYZE (PostgreSQL: VACUUM ANALYZE). The
last day is taken as today: it is counted live, and every day before it is rolled up first
(`screens/report_rollups.py`, as the scheduler's tick does; the time it takes is printed).
`--live` skips the rollups and counts every day from the tickets.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a file: the app and tests/ sit at the root

from sqlalchemy import create_engine, text

from catalog.hours import HALL_TZ
from catalog.loader import load_catalog
from catalog.workdays import DayKind, Workdays
from queue_server.db import Database
from queue_server.migrate import upgrade
from queue_server.screens import report_rollups
from queue_server.screens.reports import GROUPINGS, month_grouping, report
from tests.history import generate


def open_days(count: int, start: date = date(2026, 1, 1)) -> list[date]:
    workdays, days, day = Workdays(), [], start
    while len(days) < count:
        if workdays.kind_of(day) in (DayKind.WORKDAY, DayKind.MAKEUP_WORKDAY):
            days.append(day)
        day += timedelta(days=1)
    return days


def last_whole_month(days: list[date]) -> tuple[date, date]:
    """The last calendar month the days cover from its first to its last day: the month of
    the last day if that ends it, else the month before (the last day may start a month)."""
    first, last = days[0], days[-1]
    month_end = (last if (last + timedelta(days=1)).day == 1
                 else last.replace(day=1) - timedelta(days=1))
    month_start = month_end.replace(day=1)
    if month_start < first:
        raise SystemExit(f"the days ({first} … {last}) cover no whole calendar month")
    return month_start, month_end


def wipe_postgres(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def p95(samples: list[float]) -> float:
    ordered = sorted(samples)
    return ordered[max(0, round(0.95 * len(ordered) + 0.5) - 1)]


def roll_up(database: Database, today: date) -> int:
    """Roll up every closed day, then every closed month, as the scheduler's ticks would (a
    month of days at a time here): counted on a read session, stored in a write; the days
    rolled up."""
    rolled = 0
    while True:
        session = database.reads()
        try:
            days = report_rollups.pending_days(session, today=today, most=31)
            fresh = report_rollups.compute(session, days)
            months = {} if days else {
                (by, first): report_rollups.compute_month(session, by, first)
                for by, first in report_rollups.pending_months(session, today=today)}
        finally:
            session.close()
        if not days and not months:
            return rolled
        with database.writes() as session, session.begin():
            for by, per_day in fresh.items():
                report_rollups.store(session, by, per_day, at=datetime.now(HALL_TZ))
            for (by, first), tallies in months.items():
                report_rollups.store(session, month_grouping(by), {first: tallies},
                                     at=datetime.now(HALL_TZ))
        rolled += len(days)


def bench(name: str, url: str, days: list[date], per_day: int, repeat: int,
          rollups: bool = True) -> list[tuple]:
    catalog = load_catalog()
    upgrade(url)
    database = Database.connect(url)
    started = time.perf_counter()
    history = generate(database.engine, catalog, days, per_day, seed=2026)
    print(f"{name}: wrote {history.issued:,} tickets in {time.perf_counter() - started:.0f} s",
          flush=True)
    # PostgreSQL: VACUUM too (autovacuum's work on closed days), so the visibility map lets
    # the report read its covering index alone
    analyze = "ANALYZE" if url.startswith("sqlite") else "VACUUM ANALYZE"
    with database.engine.connect().execution_options(
            isolation_level="AUTOCOMMIT") as connection:
        connection.execute(text(analyze))
    last = days[-1]
    today = last  # the last day is today: counted live, every day before it rolled up
    if rollups:
        started = time.perf_counter()
        rolled = roll_up(database, today)
        print(f"{name}: rolled up {rolled} closed days in {time.perf_counter() - started:.0f}"
              f" s", flush=True)
        with database.engine.connect().execution_options(
                isolation_level="AUTOCOMMIT") as connection:
            connection.execute(text(analyze))
    month = last_whole_month(days)
    year = (days[0], last)
    results = []
    for span_name, (first_day, last_day) in (("month", month), ("year", year)):
        for by in GROUPINGS:
            samples = []
            for _ in range(repeat):
                session = database.reads()
                try:
                    t0 = time.perf_counter()
                    body = report(session, catalog, first_day=first_day, last_day=last_day,
                                  by=by, today=today, rolled_up=rollups)
                    samples.append(time.perf_counter() - t0)
                finally:
                    session.close()
            results.append((name, span_name, by, body["totals"]["issued"], len(body["rows"]),
                            statistics.median(samples), p95(samples)))
            print(f"  {span_name:5} {by:8} {p95(samples) * 1000:7.0f} ms p95", flush=True)
    database.engine.dispose()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", help="a PostgreSQL URL (its schema is wiped)")
    parser.add_argument("--days", type=int, default=250)
    parser.add_argument("--per-day", type=int, default=1500)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--live", action="store_true",
                        help="no rollups: count every day from the tickets")
    args = parser.parse_args()
    days = open_days(args.days)
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        results += bench("SQLite", f"sqlite:///{tmp}/hall.db", days, args.per_day,
                         args.repeat, not args.live)
    if args.postgres:
        wipe_postgres(args.postgres)
        results += bench("PostgreSQL", args.postgres, days, args.per_day, args.repeat,
                         not args.live)
    print(f"\n{args.days} open days × {args.per_day} tickets, {args.repeat} runs each\n")
    print("| database | period | by | tickets | groups | median ms | p95 ms |")
    print("| --- | --- | --- | ---: | ---: | ---: | ---: |")
    for name, span, by, issued, groups, median, top in results:
        print(f"| {name} | {span} | {by} | {issued:,} | {groups} | {median * 1000:.0f} | "
              f"{top * 1000:.0f} |")


if __name__ == "__main__":
    main()
