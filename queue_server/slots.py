"""预约 slots: which services may be booked (the admin's offers over the defaults), and the
slots of one on a day, cut from its window's hours (holidays and closures excluded) with the
places taken. Reads only: `bookings.py` (the write path) and `screens/bookings.py` stand on it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select

from catalog.hours import HALL_TZ, open_spans
from catalog.model import Catalog
from queue_server.models import Booking, BookingOffer, BookingState
from queue_server.overrides import calendar_at

# The booked services the guide names, found by name; their post's window(s) hold the slots.
DEFAULT_OFFERS = (
    # (words in the service's name, slot minutes, places per slot)
    ("学业发展咨询预约服务", 30, 2),  # 1号 学生发展服务岗
    ("专家咨询预约", 30, 1),  # 7号 法律咨询岗 (its sessions are published: by notice)
)


@dataclass(frozen=True)
class Offer:
    """A booked service's slots: `slot_minutes` long, `places` visitors each, within the
    hours of `window_no` (None: every window of the post)."""

    service_id: str
    post_id: str
    window_no: int | None
    slot_minutes: int
    places: int
    enabled: bool = True

    def as_json(self) -> dict:
        return {"service_id": self.service_id, "post_id": self.post_id,
                "window_no": self.window_no, "slot_minutes": self.slot_minutes,
                "places": self.places, "enabled": self.enabled}


@dataclass(frozen=True)
class Slot:
    start_at: datetime
    end_at: datetime
    places: int
    taken: int

    @property
    def free(self) -> int:
        return max(self.places - self.taken, 0)

    def as_json(self, at: datetime) -> dict:
        return {"start_at": self.start_at.isoformat(), "end_at": self.end_at.isoformat(),
                "places": self.places, "free": self.free,
                "bookable": self.free > 0 and self.start_at > at}


def default_offers(catalog: Catalog) -> dict[str, Offer]:
    found = {}
    for words, minutes, places in DEFAULT_OFFERS:
        for service in catalog.services:
            if words in service.name:
                found[service.id] = Offer(service.id, service.post_id, None, minutes, places)
    return found


def offers(session, catalog: Catalog) -> dict[str, Offer]:
    """Every booked service's offer by service id, enabled or not: the admin's rows over the
    defaults (a row for a service the catalog no longer has is left out)."""
    known = {s.id: s for s in catalog.services}
    found = default_offers(catalog)
    for row in session.scalars(select(BookingOffer)):
        if row.service_id in known:
            found[row.service_id] = Offer(row.service_id, known[row.service_id].post_id,
                                          row.window_no, row.slot_minutes, row.places,
                                          row.enabled)
    return found


def slots_on(session, catalog: Catalog, offer: Offer, day: date) -> list[Slot]:
    """The offer's slots on `day`: its window's open spans (weekly hours on a workday,
    published sessions, closures cut out) cut into whole slots, with the places taken."""
    post = catalog.post(offer.post_id)
    windows = (offer.window_no,) if offer.window_no is not None else post.windows
    calendar = calendar_at(session, catalog, at=datetime.combine(day, time(12), HALL_TZ))
    starts: set[datetime] = set()
    length = timedelta(minutes=offer.slot_minutes)
    for window_no in windows:
        for start, end in open_spans(post.hours, day, day, calendar.workdays,
                                     calendar.of(window_no)):
            at = start
            while at + length <= end:
                if at.date() == day:
                    starts.add(at)
                at += length
    taken = dict(session.execute(
        select(Booking.slot_at, func.count()).where(
            Booking.service_id == offer.service_id, Booking.service_day == day,
            Booking.state != BookingState.CANCELLED).group_by(Booking.slot_at)).all())
    taken = {at.astimezone(HALL_TZ): n for at, n in taken.items()}
    return [Slot(at, at + length, offer.places, taken.get(at, 0)) for at in sorted(starts)]
