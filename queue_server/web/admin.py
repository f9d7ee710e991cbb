"""The admin's page and JSON API for the day's rhythm: closures, extra sessions, the
calendar's holidays and make-up workdays, and the board's notice line (admin role only)."""

from __future__ import annotations

from datetime import date, datetime

from flask import Blueprint, render_template
from flask_login import current_user, login_required

from catalog.hours import HALL_TZ
from queue_server import overrides, rules
from queue_server.errors import BadRequest
from queue_server.screens.admin import admin_overview, override_json
from queue_server.web import hall
from queue_server.web.authorise import admin_actor
from queue_server.web.params import field, json_body

bp = Blueprint("admin", __name__)

def _instant(body: dict, name: str) -> datetime:
    """An ISO instant; without an offset it is read as hall time (Asia/Shanghai)."""
    text = field(body, name, str, max_length=40)
    try:
        at = datetime.fromisoformat(text)
    except ValueError:
        raise BadRequest(f"'{name}' must be a date and time like 2026-12-24T09:00",
                         field=name) from None
    if not 2000 <= at.year <= 2100:
        raise BadRequest(f"'{name}' must fall between the years 2000 and 2100", field=name)
    return at if at.tzinfo else at.replace(tzinfo=HALL_TZ)


@bp.get("/admin")
@login_required
def page():
    if not current_user.is_admin:
        return render_template("forbidden.html", window_no=None), 403
    the_hall = hall()
    return render_template("admin.html", catalog=the_hall.catalog,
                           hall_name=the_hall.catalog.hall_name,
                           rule_fields=rules.described())  # admin_hall.html's rules form


@bp.get("/api/admin/overrides")
def list_overrides():
    admin_actor()
    the_hall = hall()
    with the_hall.reading() as session:
        return admin_overview(session, the_hall, at=the_hall.clock.now())


@bp.post("/api/admin/overrides")
def add_override():
    actor = admin_actor()
    body = json_body()
    with hall().unit_of_work() as uow:
        row = overrides.add_override(
            uow, kind=field(body, "kind", str), window_no=field(body, "window_no", int,
                                                                  default=None),
            start_at=_instant(body, "start_at"), end_at=_instant(body, "end_at"),
            reason=field(body, "reason", str), actor=actor)
        view = override_json(row)
    return view, 201


@bp.post("/api/admin/overrides/<int(max=2147483647):override_id>/cancel")
def cancel_override(override_id: int):
    actor = admin_actor()
    with hall().unit_of_work() as uow:
        return override_json(overrides.cancel_override(uow, override_id, actor=actor))


@bp.post("/api/admin/notice")
def set_notice():
    actor = admin_actor()
    text = field(json_body(), "text", str, default="", max_length=300)
    with hall().unit_of_work() as uow:
        overrides.set_notice(uow, text, actor=actor)
    return {"notice": " ".join(text.split())}


@bp.post("/api/admin/calendar")
def set_calendar_day():
    actor = admin_actor()
    body = json_body()
    try:
        day = date.fromisoformat(field(body, "day", str, max_length=10))
    except ValueError:
        raise BadRequest("'day' must be a date like 2027-01-01", field="day") from None
    with hall().unit_of_work() as uow:
        overrides.set_calendar_day(uow, day, kind=field(body, "kind", str),
                                   name=field(body, "name", str, default="", max_length=80),
                                   actor=actor, follows_weekday=field(body, "follows_weekday",
                                                                      int, default=None))
    return {"day": day.isoformat(), "kind": body["kind"],
            "follows_weekday": body.get("follows_weekday")}
