"""Dated changes on top of the catalog file: hours by period, suspended and moved services.

The catalog file stays the base. An admin's period (stored by queue_server/periods.py) is
checked here against the catalog and the other periods, and the ones in force arrive back
as plain values: `HoursPeriod`s join a window's Overrides (catalog/hours.py reads them),
`Suspension`s and `Move`s are asked by the router's callers. Pure: no clock, no database.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from catalog.errors import CatalogError
from catalog.hours import HoursPeriod, parse_hours
from catalog.model import Catalog, Service

KINDS = ("hours", "suspension", "move")
LONGEST = timedelta(days=366)  # a period lasts a year at most


class PeriodError(ValueError):
    """A period that cannot be: `field` names the input at fault."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class Suspension:
    """A service takes no ticket on days first..last; the reason is shown at the kiosk."""

    service_id: str
    first: date
    last: date
    reason: str

    def covers(self, day: date) -> bool:
        return self.first <= day <= self.last


@dataclass(frozen=True)
class Move:
    """A service is done at another post from `first` on."""

    service_id: str
    post_id: str
    first: date


@dataclass(frozen=True)
class PeriodDraft:
    """One period as an admin gives it (or as stored): checked by `check_period`."""

    kind: str
    first: date
    last: date | None = None
    post_id: str | None = None  # hours: the post, or
    window_no: int | None = None  # hours: one window
    service_id: str | None = None  # suspension, move
    to_post_id: str | None = None  # move
    hours_text: str = ""
    reason: str = ""
    id: int | None = None  # the stored row's id; None for a new one


@dataclass(frozen=True)
class Periods:
    """The periods in force around an instant, as plain values."""

    post_hours: dict[str, tuple[HoursPeriod, ...]] = field(default_factory=dict)
    window_hours: dict[int, tuple[HoursPeriod, ...]] = field(default_factory=dict)
    suspensions: tuple[Suspension, ...] = ()
    moves: tuple[Move, ...] = ()

    def hours_of_window(self, catalog: Catalog, window_no: int) -> tuple[HoursPeriod, ...]:
        """The window's own periods first, then its post's."""
        post_id = catalog.window(window_no).post_id
        return self.window_hours.get(window_no, ()) + self.post_hours.get(post_id, ())

    def post_of(self, service: Service, day: date) -> str:
        """The post that does `service` on `day`: the latest move in force, else the catalog's."""
        moves = [m for m in self.moves if m.service_id == service.id and m.first <= day]
        return max(moves, key=lambda m: m.first).post_id if moves else service.post_id

    def suspension_of(self, service_id: str, day: date) -> Suspension | None:
        return next((s for s in self.suspensions
                     if s.service_id == service_id and s.covers(day)), None)


NO_PERIODS = Periods()


def check_period(catalog: Catalog, draft: PeriodDraft,
                 others: Iterable[PeriodDraft] = ()) -> PeriodDraft:
    """The draft, checked and tidied, or PeriodError naming the field at fault: an unknown
    post, window or service, a period ending before it starts, hours that do not parse, or
    one overlapping another of the same post or window (or service)."""
    if draft.kind not in KINDS:
        raise PeriodError("kind must be 'hours', 'suspension' or 'move'", "kind")
    reason = " ".join(draft.reason.split())[:200]
    if draft.kind == "move":
        if draft.last is not None:
            raise PeriodError("a move has no last day: it holds from first_day on", "last_day")
    else:
        if draft.last is None:
            raise PeriodError("give the period's last day", "last_day")
        if draft.last < draft.first:
            raise PeriodError("the period ends before it starts", "last_day")
        if draft.last - draft.first > LONGEST:
            raise PeriodError("a period lasts a year at most", "last_day")
    others = [o for o in others if draft.id is None or o.id != draft.id]
    if draft.kind == "hours":
        checked = _check_hours(catalog, draft, reason)
        _refuse_overlap(catalog, checked, [o for o in others if o.kind == "hours"])
        return checked
    service = _service(catalog, draft.service_id)
    if draft.kind == "suspension":
        if not reason:
            raise PeriodError("give a reason: visitors see it at the kiosk", "reason")
        checked = PeriodDraft("suspension", draft.first, draft.last, service_id=service.id,
                              reason=reason, id=draft.id)
        for other in others:
            if other.kind == "suspension" and other.service_id == service.id \
                    and _overlap(checked, other):
                raise PeriodError(f"overlaps the suspension {_span(other)} of the same service",
                                  "first_day")
        return checked
    to_post = _post(catalog, draft.to_post_id, "to_post_id")
    checked = PeriodDraft("move", draft.first, None, service_id=service.id,
                          to_post_id=to_post.id, reason=reason, id=draft.id)
    for other in others:
        if other.kind == "move" and other.service_id == service.id and other.first == draft.first:
            raise PeriodError("the service already moves on that day", "first_day")
    return checked


def as_periods(catalog: Catalog, drafts: Iterable[PeriodDraft]) -> Periods:
    """The stored periods as plain values; one that no longer fits the catalog (an entry gone
    with a new guide) is left out."""
    post_hours: dict[str, list[HoursPeriod]] = {}
    window_hours: dict[int, list[HoursPeriod]] = {}
    suspensions, moves = [], []
    for draft in drafts:
        try:
            if draft.kind == "hours":
                period = HoursPeriod(draft.first, draft.last, parse_hours(draft.hours_text),
                                     draft.reason)
                if draft.window_no is not None:
                    catalog.window(draft.window_no)
                    window_hours.setdefault(draft.window_no, []).append(period)
                else:
                    catalog.post(draft.post_id)
                    post_hours.setdefault(draft.post_id, []).append(period)
            elif draft.kind == "suspension":
                catalog.service(draft.service_id)
                suspensions.append(Suspension(draft.service_id, draft.first, draft.last,
                                              draft.reason))
            elif draft.kind == "move":
                catalog.service(draft.service_id)
                catalog.post(draft.to_post_id)
                moves.append(Move(draft.service_id, draft.to_post_id, draft.first))
        except (CatalogError, ValueError):
            continue
    return Periods({k: tuple(v) for k, v in post_hours.items()},
                   {k: tuple(v) for k, v in window_hours.items()},
                   tuple(suspensions), tuple(moves))


def _check_hours(catalog: Catalog, draft: PeriodDraft, reason: str) -> PeriodDraft:
    if (draft.post_id is None) == (draft.window_no is None):
        raise PeriodError("give either post_id or window_no", "post_id")
    if draft.window_no is not None:
        try:
            catalog.window(draft.window_no)
        except CatalogError:
            raise PeriodError(f"no window {draft.window_no} in the catalog", "window_no") from None
    else:
        _post(catalog, draft.post_id, "post_id")
    text = " ".join(draft.hours_text.split())
    try:
        parse_hours(text)
    except ValueError as err:
        raise PeriodError(f"hours: {err}", "hours") from None
    return PeriodDraft("hours", draft.first, draft.last, post_id=draft.post_id,
                       window_no=draft.window_no, hours_text=text, reason=reason, id=draft.id)


def _refuse_overlap(catalog: Catalog, draft: PeriodDraft, others: list[PeriodDraft]) -> None:
    mine = _post_of(catalog, draft)
    for other in others:
        if not _overlap(draft, other):
            continue
        same = (draft.window_no is not None and draft.window_no == other.window_no) or (
            (draft.window_no is None or other.window_no is None) and mine == _post_of(catalog, other))
        if same:
            raise PeriodError(f"overlaps the period {other.reason or ''} {_span(other)} of the "
                              "same post or window", "first_day")


def _post_of(catalog: Catalog, draft: PeriodDraft) -> str | None:
    if draft.window_no is not None:
        try:
            return catalog.window(draft.window_no).post_id
        except CatalogError:
            return None
    return draft.post_id


def _overlap(a: PeriodDraft, b: PeriodDraft) -> bool:
    a_last, b_last = a.last or date.max, b.last or date.max
    return a.first <= b_last and b.first <= a_last


def _span(draft: PeriodDraft) -> str:
    return f"{draft.first.isoformat()}…{draft.last.isoformat() if draft.last else ''}"


def _service(catalog: Catalog, service_id: str | None) -> Service:
    try:
        return catalog.service(service_id or "")
    except CatalogError:
        raise PeriodError(f"no service {service_id!r} in the catalog", "service_id") from None


def _post(catalog: Catalog, post_id: str | None, name: str):
    try:
        return catalog.post(post_id or "")
    except CatalogError:
        raise PeriodError(f"no post {post_id!r} in the catalog", name) from None
