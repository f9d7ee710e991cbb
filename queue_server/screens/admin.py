"""The admin page's read model: the closures and extra sessions in force or coming, the
board's notice, the calendar days entered by hand and the calendar's warnings."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select

from queue_server.hall import Hall
from queue_server.models import CalendarDay, HoursOverride
from queue_server.overrides import calendar_at


def override_json(row: HoursOverride) -> dict:
    return {"id": row.id, "kind": row.kind.value, "window_no": row.window_no,
            "start_at": row.start_at.isoformat(), "end_at": row.end_at.isoformat(),
            "reason": row.reason, "created_by": row.created_by}


def admin_overview(session, hall: Hall, *, at: datetime) -> dict:
    rows = session.scalars(select(HoursOverride).where(
        HoursOverride.cancelled_at.is_(None), HoursOverride.end_at > at)
        .order_by(HoursOverride.start_at)).all()
    calendar = calendar_at(session, hall.catalog, at=at)
    days = session.scalars(select(CalendarDay).order_by(CalendarDay.day)).all()
    next_year = date(at.year + 1, 1, 1)
    return {"overrides": [override_json(r) for r in rows], "notice": calendar.notice,
            "days": [{"day": d.day.isoformat(), "kind": d.kind, "name": d.name,
                      # a make-up day following its own weekday (else the hall's rule)
                      **({} if d.follows_weekday is None
                         else {"follows_weekday": d.follows_weekday})} for d in days],
            "warnings": [w for w in (calendar.workdays.warning_on(at.date()),
                                     calendar.workdays.warning_on(next_year)) if w]}
