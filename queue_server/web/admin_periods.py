"""The admin's JSON API for dated changes on top of the catalog (hours by period, suspended
and moved services) and for confirming a provisional year's holidays (admin role only)."""

from __future__ import annotations

from datetime import date

from flask import Blueprint

from catalog.hours import HALL_TZ
from catalog.periods import PeriodDraft
from queue_server import holiday_years, periods
from queue_server.errors import BadRequest
from queue_server.overrides import calendar_at
from queue_server.web import hall
from queue_server.web.authorise import admin_actor
from queue_server.web.params import field, json_body

bp = Blueprint("admin_periods", __name__)


def _day(body: dict, name: str, *, required: bool = True) -> date | None:
    text = field(body, name, str, max_length=10) if required else field(
        body, name, str, max_length=10, default=None)
    if not text:
        if required:
            raise BadRequest(f"'{name}' is required", field=name)
        return None
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise BadRequest(f"'{name}' must be a date like 2027-01-18", field=name) from None
    if not 2000 <= day.year <= 2100:
        raise BadRequest(f"'{name}' must fall between the years 2000 and 2100", field=name)
    return day


def _draft(body: dict) -> PeriodDraft:
    kind = field(body, "kind", str, max_length=12)
    return PeriodDraft(
        kind=kind, first=_day(body, "first_day"),
        last=_day(body, "last_day", required=False),
        post_id=field(body, "post_id", str, default=None, max_length=40) or None,
        window_no=field(body, "window_no", int, default=None),
        service_id=field(body, "service_id", str, default=None, max_length=60) or None,
        to_post_id=field(body, "to_post_id", str, default=None, max_length=40) or None,
        hours_text=field(body, "hours", str, default="", max_length=200),
        reason=field(body, "reason", str, default="", max_length=200))


@bp.get("/api/admin/periods")
def list_periods():
    admin_actor()
    the_hall = hall()
    at = the_hall.clock.now()
    today = at.astimezone(HALL_TZ).date()
    with the_hall.reading() as session:
        calendar = calendar_at(session, the_hall.catalog, at=at)
        return {"periods": [periods.period_json(r)
                            for r in periods.listed(session, since=today)],
                "holiday_years": [holiday_years.year_view(session, year, calendar.workdays)
                                  for year in (today.year, today.year + 1)],
                "names": _names(the_hall.catalog)}


def _names(catalog) -> dict:
    """What the admin page writes for the ids in a period."""
    return {"posts": {p.id: f"{p.windows_label} · {p.name}" for p in catalog.posts},
            "services": {s.id: s.name for s in catalog.services}}


@bp.post("/api/admin/periods")
def add_period():
    actor = admin_actor()
    draft = _draft(json_body())
    with hall().unit_of_work() as uow:
        view = periods.period_json(periods.add_period(uow, draft, actor=actor))
    return view, 201


@bp.put("/api/admin/periods/<int(max=2147483647):period_id>")
def edit_period(period_id: int):
    actor = admin_actor()
    draft = _draft(json_body())
    with hall().unit_of_work() as uow:
        return periods.period_json(periods.edit_period(uow, period_id, draft, actor=actor))


@bp.delete("/api/admin/periods/<int(max=2147483647):period_id>")
def remove_period(period_id: int):
    actor = admin_actor()
    with hall().unit_of_work() as uow:
        return periods.period_json(periods.remove_period(uow, period_id, actor=actor))


@bp.get("/api/admin/holiday-years/<int(max=2100):year>")
def holiday_year(year: int):
    admin_actor()
    the_hall = hall()
    with the_hall.reading() as session:
        calendar = calendar_at(session, the_hall.catalog, at=the_hall.clock.now())
        return holiday_years.year_view(session, year, calendar.workdays)


@bp.post("/api/admin/holiday-years/<int(max=2100):year>/confirm")
def confirm_holiday_year(year: int):
    actor = admin_actor()
    body = json_body()
    days = body.get("days")
    if days is not None and not isinstance(days, list):
        raise BadRequest("'days' must be a list of {day, kind, name}", field="days")
    the_hall = hall()
    with the_hall.unit_of_work() as uow:
        holiday_years.confirm_year(uow, year, days, actor=actor)
    with the_hall.reading() as session:
        calendar = calendar_at(session, the_hall.catalog, at=the_hall.clock.now())
        return holiday_years.year_view(session, year, calendar.workdays)
