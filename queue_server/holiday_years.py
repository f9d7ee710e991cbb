"""Confirming a provisional year's holidays (years `chinese_calendar` does not know yet).

Until confirmed, a year's statutory holidays are python-holidays' computation, marked
provisional (catalog/provisional.py). An admin confirms the year from the State Council's
notice: the days given (holidays and make-up workdays) become the year's calendar days, or,
with none given, the computed holidays are taken as they are. One transaction, one event.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import delete, select

from catalog.provisional import provisional_holidays
from catalog.workdays import Workdays
from queue_server.db import UnitOfWork
from queue_server.errors import BadRequest
from queue_server.events import HolidayYearConfirmed
from queue_server.models import CalendarDay, HolidayYear


def confirmed_years(session) -> frozenset[int]:
    return frozenset(session.scalars(select(HolidayYear.year)))


def year_view(session, year: int, workdays: Workdays) -> dict:
    """A year's holidays as the admin page shows them: provisional or confirmed, and the days."""
    if not workdays.is_provisional(year):
        entered = session.scalars(select(CalendarDay).where(
            CalendarDay.day >= date(year, 1, 1), CalendarDay.day <= date(year, 12, 31))
            .order_by(CalendarDay.day)).all()
        return {"year": year, "provisional": False,
                "official": year not in workdays.confirmed_years,
                "days": [{"day": d.day.isoformat(), "kind": d.kind, "name": d.name}
                         for d in entered]}
    return {"year": year, "provisional": True, "official": False,
            "days": [{"day": d.isoformat(), "kind": "holiday", "name": n}
                     for d, n in provisional_holidays(year).items()]}


def confirm_year(uow: UnitOfWork, year: int, days: list[dict] | None, *,
                 actor: str) -> HolidayYear:
    """Confirm `year`: `days` ([{day, kind: holiday|workday, name}]) replace the year's
    calendar days; None takes the computed holidays as they are."""
    if not 2000 <= year <= 2100:
        raise BadRequest("'year' must fall between 2000 and 2100", field="year")
    if Workdays().is_known(year):
        raise BadRequest(f"{year}'s holidays come from the official data; enter single days "
                         "on the calendar instead", field="year")
    if days is None:
        entries = {d: ("holiday", n) for d, n in provisional_holidays(year).items()}
    else:
        entries = {}
        for i, item in enumerate(days):
            entries.update([_entry(item, year, i)])
    uow.session.execute(delete(CalendarDay).where(
        CalendarDay.day >= date(year, 1, 1), CalendarDay.day <= date(year, 12, 31)))
    for day, (kind, name) in sorted(entries.items()):
        uow.session.add(CalendarDay(day=day, kind=kind, name=name, set_by=actor))
    row = uow.session.get(HolidayYear, year)
    if row is None:
        row = HolidayYear(year=year, confirmed_by=actor, confirmed_at=uow.now)
        uow.session.add(row)
    else:
        row.confirmed_by, row.confirmed_at = actor, uow.now
    uow.record(HolidayYearConfirmed(
        at=uow.now, actor=actor, year=year,
        holidays=sum(1 for k, _ in entries.values() if k == "holiday"),
        makeup_workdays=sum(1 for k, _ in entries.values() if k == "workday")))
    return row


def _entry(item, year: int, i: int) -> tuple[date, tuple[str, str]]:
    where = f"days[{i}]"
    if not isinstance(item, dict):
        raise BadRequest(f"'{where}' must be an object with day, kind and name", field="days")
    try:
        day = date.fromisoformat(str(item.get("day", "")))
    except ValueError:
        raise BadRequest(f"'{where}.day' must be a date like {year}-01-01", field="days") from None
    if day.year != year:
        raise BadRequest(f"'{where}.day' {day.isoformat()} is not in {year}", field="days")
    kind = item.get("kind")
    if kind not in ("holiday", "workday"):
        raise BadRequest(f"'{where}.kind' must be 'holiday' or 'workday'", field="days")
    name = item.get("name", "")
    if not isinstance(name, str):
        raise BadRequest(f"'{where}.name' must be text", field="days")
    return day, (kind, " ".join(name.split())[:80])
