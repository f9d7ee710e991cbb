"""The admin's dated changes on top of the catalog (hours by period, suspended and moved
services): stored as `HallPeriod` rows, read back as plain values for the router
(catalog/periods.py), and changed through the service functions here, each one transaction
and one `PeriodChanged` event (audited, pushed to every screen)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import or_, select

from catalog.hours import HALL_TZ
from catalog.model import Catalog
from catalog.periods import PeriodDraft, PeriodError, Periods, as_periods, check_period
from queue_server.db import UnitOfWork
from queue_server.errors import BadRequest, NotFound
from queue_server.events import PeriodChanged
from queue_server.models import HallPeriod, PeriodKind

LOOK_AROUND = timedelta(days=60)  # like the overrides: further periods do not matter now


def draft_of(row: HallPeriod) -> PeriodDraft:
    return PeriodDraft(kind=row.kind.value, first=row.first_day, last=row.last_day,
                       post_id=row.post_id, window_no=row.window_no, service_id=row.service_id,
                       to_post_id=row.to_post_id, hours_text=row.hours_text, reason=row.reason,
                       id=row.id)


def period_json(row: HallPeriod) -> dict:
    return {"id": row.id, "kind": row.kind.value, "post_id": row.post_id,
            "window_no": row.window_no, "service_id": row.service_id,
            "to_post_id": row.to_post_id, "first_day": row.first_day.isoformat(),
            "last_day": row.last_day.isoformat() if row.last_day else None,
            "hours": row.hours_text, "reason": row.reason, "created_by": row.created_by,
            "updated_by": row.updated_by, "removed": row.removed_at is not None}


def periods_at(session, catalog: Catalog, *, at: datetime) -> Periods:
    """The periods that matter around `at` (two months either way), as plain values."""
    day = at.astimezone(HALL_TZ).date()
    rows = session.scalars(select(HallPeriod).where(
        HallPeriod.removed_at.is_(None), HallPeriod.first_day <= day + LOOK_AROUND,
        or_(HallPeriod.last_day.is_(None), HallPeriod.last_day >= day - LOOK_AROUND))
        .order_by(HallPeriod.first_day, HallPeriod.id)).all()
    return as_periods(catalog, [draft_of(r) for r in rows])


def listed(session, *, since: date) -> list[HallPeriod]:
    """The periods in force or coming (moves always: they hold from their day on)."""
    return list(session.scalars(select(HallPeriod).where(
        HallPeriod.removed_at.is_(None),
        or_(HallPeriod.last_day.is_(None), HallPeriod.last_day >= since))
        .order_by(HallPeriod.first_day, HallPeriod.id)))


def _active(uow: UnitOfWork) -> list[PeriodDraft]:
    rows = uow.session.scalars(select(HallPeriod).where(HallPeriod.removed_at.is_(None)))
    return [draft_of(r) for r in rows]


def _checked(uow: UnitOfWork, draft: PeriodDraft) -> PeriodDraft:
    try:
        return check_period(uow.catalog, draft, _active(uow))
    except PeriodError as err:
        raise BadRequest(str(err), field=err.field) from None


def add_period(uow: UnitOfWork, draft: PeriodDraft, *, actor: str) -> HallPeriod:
    """Store a new period after checking it (4xx naming the field, nothing written)."""
    checked = _checked(uow, draft)
    row = HallPeriod(kind=PeriodKind(checked.kind), created_by=actor, created_at=uow.now,
                     updated_by="")
    _fill(row, checked)
    uow.session.add(row)
    uow.session.flush()
    uow.record(PeriodChanged(at=uow.now, actor=actor, period_id=row.id, change="added",
                             period=period_json(row)))
    return row


def edit_period(uow: UnitOfWork, period_id: int, draft: PeriodDraft, *,
                actor: str) -> HallPeriod:
    """Replace a period's days, target, hours or reason (its kind stays)."""
    row = _row(uow, period_id)
    if draft.kind != row.kind.value:
        raise BadRequest("a period's kind cannot change: remove it and add another",
                         field="kind")
    checked = _checked(uow, PeriodDraft(**{**draft.__dict__, "id": row.id}))
    _fill(row, checked)
    row.updated_by, row.updated_at = actor, uow.now
    uow.record(PeriodChanged(at=uow.now, actor=actor, period_id=row.id, change="edited",
                             period=period_json(row)))
    return row


def remove_period(uow: UnitOfWork, period_id: int, *, actor: str) -> HallPeriod:
    row = _row(uow, period_id)
    row.removed_at, row.updated_by, row.updated_at = uow.now, actor, uow.now
    uow.record(PeriodChanged(at=uow.now, actor=actor, period_id=row.id, change="removed",
                             period=period_json(row)))
    return row


def _row(uow: UnitOfWork, period_id: int) -> HallPeriod:
    row = uow.session.get(HallPeriod, period_id)
    if row is None or row.removed_at is not None:
        raise NotFound(f"no period {period_id}", period_id=period_id)
    return row


def _fill(row: HallPeriod, draft: PeriodDraft) -> None:
    row.post_id, row.window_no = draft.post_id, draft.window_no
    row.service_id, row.to_post_id = draft.service_id, draft.to_post_id
    row.first_day, row.last_day = draft.first, draft.last
    row.hours_text, row.reason = draft.hours_text, draft.reason


def period_view(hall, calendar, *, at: datetime) -> dict:
    """For the kiosk snapshot: the services moved or suspended today (`services`: post_id,
    suspension reason and last day), the posts whose hours a period replaces today
    (`dated_hours`) and today's holiday, provisional or not (`holiday`)."""
    day = at.astimezone(HALL_TZ).date()
    periods, services = calendar.periods, {}
    for service_id in {m.service_id for m in periods.moves} | {
            s.service_id for s in periods.suspensions}:
        service = hall.catalog.service(service_id)
        post_id, suspension = periods.post_of(service, day), periods.suspension_of(service_id, day)
        if post_id != service.post_id or suspension is not None:
            services[service_id] = {
                "post_id": post_id,
                "suspended": None if suspension is None else {
                    "reason": suspension.reason, "last_day": suspension.last.isoformat()}}
    hours = {}  # post_id: the dated hours in force today (a post's own, or its windows')
    for post in hall.catalog.posts:
        dated = [(None, p) for p in periods.post_hours.get(post.id, ()) if p.covers(day)]
        dated += [(n, p) for n in post.windows
                  for p in periods.window_hours.get(n, ()) if p.covers(day)]
        if dated:
            hours[post.id] = [{"window_no": n, "name": p.name, "text": p.hours.text,
                               "last_day": p.last.isoformat()} for n, p in dated]
    name = calendar.workdays.holiday_name(day)
    holiday = None if name is None else {
        "day": day.isoformat(), "name": name,
        "provisional": calendar.workdays.is_provisional(day.year)}
    return {"services": services, "holiday": holiday, "dated_hours": hours}
