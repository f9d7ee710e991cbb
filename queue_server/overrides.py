"""Admin overrides of the catalog hours: closures, extra sessions, calendar days, the notice.

Reading them gives the router and the screens a `HallCalendar` (the workdays and each
window's overrides); changing them goes through the service functions here, each recording
one event, like every other change.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import select

from catalog.hours import Closure, Opening, Overrides
from catalog.model import Catalog
from catalog.periods import NO_PERIODS, Periods
from catalog.workdays import Workdays
from queue_server.db import UnitOfWork
from queue_server.errors import BadRequest, NotFound, in_catalog
from queue_server.events import CalendarChanged, NoticeChanged, OverrideAdded, OverrideCancelled
from queue_server.holiday_years import confirmed_years
from queue_server.models import CalendarDay, HoursOverride, Notice, OverrideKind
from queue_server.periods import periods_at
from queue_server.rules import stored_values
from queue_server.settings import HallSettings

LOOK_AROUND = timedelta(days=60)  # overrides further than this from `at` do not matter now


@dataclass(frozen=True)
class HallCalendar:
    """What the clock is measured against at one instant: workdays and per-window overrides."""

    workdays: Workdays
    by_window: dict[int, Overrides]
    notice: str = ""
    periods: Periods = field(default=NO_PERIODS)  # suspended and moved services, dated hours

    def of(self, window_no: int) -> Overrides:
        return self.by_window.get(window_no, Overrides())


def calendar_at(session, catalog: Catalog, *, at: datetime) -> HallCalendar:
    """Read the overrides that matter around `at` (two months either way)."""
    rows = session.scalars(select(HoursOverride).where(
        HoursOverride.cancelled_at.is_(None),
        HoursOverride.end_at > at - LOOK_AROUND,
        HoursOverride.start_at < at + LOOK_AROUND).order_by(HoursOverride.start_at)).all()
    periods = periods_at(session, catalog, at=at)
    by_window: dict[int, Overrides] = {}
    for window in catalog.windows:
        mine = [r for r in rows if r.window_no in (None, window.number)]
        by_window[window.number] = Overrides(
            openings=tuple(Opening(r.start_at, r.end_at, r.reason)
                           for r in mine if r.kind is OverrideKind.OPENING),
            closures=tuple(Closure(r.start_at, r.end_at, r.reason)
                           for r in mine if r.kind is OverrideKind.CLOSURE),
            periods=periods.hours_of_window(catalog, window.number))
    days = session.scalars(select(CalendarDay)).all()
    workdays = Workdays(holidays={d.day: d.name for d in days if d.kind == "holiday"},
                        makeup_workdays={d.day: d.name for d in days if d.kind == "workday"},
                        confirmed_years=confirmed_years(session),
                        makeup_weekday=_makeup_weekday(session),
                        makeup_follows={d.day: d.follows_weekday for d in days
                                        if d.follows_weekday is not None})
    notice = session.scalars(select(Notice).order_by(Notice.id.desc())).first()
    return HallCalendar(workdays, by_window, notice.text if notice else "", periods)


def _makeup_weekday(session) -> int:
    """The hall's rule (rules.py, read in this transaction): a make-up workday's hours."""
    value = stored_values(session).get("makeup_weekday")
    return value if isinstance(value, int) and 0 <= value <= 6 else HallSettings.makeup_weekday


# ---- admin changes ----

def add_override(uow: UnitOfWork, *, kind: str, window_no: int | None, start_at: datetime,
                 end_at: datetime, reason: str, actor: str) -> HoursOverride:
    """Close a window (or the hall) for a while, or open an extra session; with a reason."""
    try:
        kind_ = OverrideKind(kind)
    except ValueError:
        raise BadRequest("kind must be 'closure' or 'opening'", kind=kind) from None
    if window_no is not None:
        with in_catalog():
            uow.catalog.window(window_no)
    elif kind_ is OverrideKind.OPENING:
        raise BadRequest("an extra session is for one window; give window_no")
    if start_at.tzinfo is None or end_at.tzinfo is None:
        raise BadRequest("start_at and end_at need a time zone (e.g. +08:00)")
    if end_at <= start_at:
        raise BadRequest("end_at must come after start_at")
    if end_at - start_at > timedelta(days=366):
        raise BadRequest("an override lasts a year at most")
    reason = reason.strip()
    if not reason:
        raise BadRequest("give a reason: visitors see it on the kiosk and the board")
    row = HoursOverride(kind=kind_, window_no=window_no, start_at=start_at, end_at=end_at,
                        reason=reason[:200], created_by=actor, created_at=uow.now)
    uow.session.add(row)
    uow.session.flush()
    uow.record(OverrideAdded(at=uow.now, actor=actor, override_id=row.id, kind=kind_.value,
                             window_no=window_no, start_at=start_at.isoformat(),
                             end_at=end_at.isoformat(), reason=row.reason))
    return row


def cancel_override(uow: UnitOfWork, override_id: int, *, actor: str) -> HoursOverride:
    row = uow.session.get(HoursOverride, override_id)
    if row is None or row.cancelled_at is not None:
        raise NotFound(f"no active override {override_id}", override_id=override_id)
    row.cancelled_at = uow.now
    uow.record(OverrideCancelled(at=uow.now, actor=actor, override_id=row.id,
                                 window_no=row.window_no))
    return row


def set_notice(uow: UnitOfWork, text: str, *, actor: str) -> None:
    """The board's notice line ('' clears it)."""
    text = " ".join(text.split())
    if len(text) > 300:
        raise BadRequest("the notice is longer than 300 characters")
    uow.session.add(Notice(text=text, set_by=actor, set_at=uow.now))
    uow.record(NoticeChanged(at=uow.now, actor=actor, text=text))


def set_calendar_day(uow: UnitOfWork, day: date, *, kind: str, name: str, actor: str,
                     follows_weekday: int | None = None) -> None:
    """Enter a holiday or a make-up workday (kind 'holiday' | 'workday'), or clear ('normal').
    A make-up workday may follow another weekday's hours than the hall's rule says."""
    if kind not in ("holiday", "workday", "normal"):
        raise BadRequest("kind must be 'holiday', 'workday' or 'normal'", kind=kind)
    if follows_weekday is not None and (kind != "workday" or not 0 <= follows_weekday <= 6):
        raise BadRequest("follows_weekday is 0 (Monday) to 6 (Sunday), for a make-up workday",
                         field="follows_weekday")
    row = uow.session.get(CalendarDay, day)
    if kind == "normal":
        if row is not None:
            uow.session.delete(row)
    elif row is None:
        uow.session.add(CalendarDay(day=day, kind=kind, name=name.strip()[:80], set_by=actor,
                                    follows_weekday=follows_weekday))
    else:
        row.kind, row.name, row.set_by = kind, name.strip()[:80], actor
        row.follows_weekday = follows_weekday
    uow.record(CalendarChanged(at=uow.now, actor=actor, day=day.isoformat(), kind=kind,
                               name=name.strip()[:80]))
