"""预约: a visitor books a place in a slot of a booked service, may cancel it with its code,
and checks in at the kiosk with that code for a ticket; an admin sets a service's slots.
One service function per change, one transaction, events after commit (the simulator calls
`book` and `check_in` with its own clock, through a UnitOfWork like every caller)."""

from __future__ import annotations

import re
import secrets
from datetime import datetime, timedelta

from sqlalchemy import select

from catalog.hours import HALL_TZ
from catalog.workdays import DayKind
from queue_server import tickets
from queue_server.db import UnitOfWork
from queue_server.errors import BadRequest, Conflict, NotFound, in_catalog
from queue_server.events import BookingCancelled, BookingMade, BookingOfferSet
from queue_server.models import Booking, BookingOffer, BookingState, Ticket
from queue_server.overrides import calendar_at
from queue_server.slots import Offer, offers, slots_on

CODE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud, typed at a kiosk
CODE_LENGTH = 6
NAME_MAX = 40
CONTACT_MAX = 80
CONTACT_RULES = {
    "phone": (re.compile(r"^\+?[0-9][0-9 -]{5,18}[0-9]$"), "a phone number / 手机号"),
    "email": (re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$"), "an e-mail address / 电子邮箱"),
}
SLOT_MINUTES = (5, 240)
PLACES = (1, 50)


class NotBookable(NotFound):
    code = "not_bookable"


class UnknownBooking(NotFound):
    code = "unknown_booking"


class SlotUnavailable(Conflict):
    """Full, past, on a holiday, outside the post's hours, or too far ahead."""

    code = "slot_unavailable"


class BookingUsed(Conflict):
    """The code was already used to check in, or the booking was cancelled."""

    code = "booking_used"


class WrongDay(Conflict):
    code = "booking_wrong_day"


# ---- book and cancel ----

def book(uow: UnitOfWork, service_id: str, slot_at: datetime, *, name: str = "",
         contact: str = "", actor: str = "visitor") -> Booking:
    """Hold a place in the slot of `service_id` starting at `slot_at` for the visitor, or
    refuse (NotBookable, SlotUnavailable, BadRequest naming the field)."""
    offer = offer_of(uow, service_id)
    name, contact = _visitor(uow, name, contact)
    if slot_at.tzinfo is None:
        raise BadRequest("'slot_at' needs a time zone (+08:00)", field="slot_at")
    slot_at = slot_at.astimezone(HALL_TZ)
    day, today = slot_at.date(), uow.now.astimezone(HALL_TZ).date()
    if slot_at <= uow.now:
        raise SlotUnavailable("这个时段已开始或已过去 / this slot has started or is past",
                              field="slot_at", reason="past")
    if day > today + timedelta(days=uow.settings.booking_days_ahead):
        raise SlotUnavailable(f"只能预约 {uow.settings.booking_days_ahead} 天内的时段 / slots "
                              f"open {uow.settings.booking_days_ahead} days ahead",
                              field="slot_at", reason="too_far")
    slot = next((s for s in slots_on(uow.session, uow.catalog, offer, day)
                 if s.start_at == slot_at), None)
    if slot is None:
        workdays = calendar_at(uow.session, uow.catalog, at=slot_at).workdays
        if workdays.kind_of(day) is DayKind.HOLIDAY:
            raise SlotUnavailable(f"{day} 是节假日，不办理预约 / {day} is a holiday",
                                  field="slot_at", reason="holiday")
        raise SlotUnavailable("这个时间不在岗位的服务时间内 / no slot starts then within the "
                              "post's hours", field="slot_at", reason="outside_hours")
    held = set(uow.session.scalars(select(Booking.place).where(
        Booking.service_id == service_id, Booking.slot_at == slot_at,
        Booking.place.is_not(None))))
    place = next((p for p in range(1, offer.places + 1) if p not in held), None)
    if place is None:
        raise SlotUnavailable("这个时段已约满 / this slot is full", field="slot_at",
                              reason="full")
    booking = Booking(code=_new_code(uow), service_day=day, slot_at=slot_at,
                      slot_minutes=offer.slot_minutes, service_id=service_id,
                      post_id=offer.post_id, window_no=offer.window_no, place=place, name=name,
                      contact=contact, state=BookingState.BOOKED, created_at=uow.now,
                      late=False)
    uow.session.add(booking)
    uow.session.flush()  # a place taken by a racing booking fails here (unique)
    uow.record(BookingMade(at=uow.now, actor=actor, **_ids(booking)))
    return booking


def cancel_booking(uow: UnitOfWork, code: str, *, actor: str = "visitor") -> Booking:
    """The visitor gives their place back (before the slot starts)."""
    booking = find(uow, code)
    if booking.state is not BookingState.BOOKED:
        raise BookingUsed(f"预约已{_STATE_WORDS[booking.state]} / the booking is already "
                          f"{booking.state.value}", field="code", state=booking.state.value)
    if booking.slot_at <= uow.now:
        raise SlotUnavailable("时段已开始，不能取消 / the slot has started", field="code",
                              reason="past")
    booking.state, booking.place, booking.cancelled_at = BookingState.CANCELLED, None, uow.now
    uow.record(BookingCancelled(at=uow.now, actor=actor, **_ids(booking)))
    return booking


_STATE_WORDS = {BookingState.CANCELLED: "取消", BookingState.CHECKED_IN: "签到",
                BookingState.BOOKED: "预约"}


# ---- check in ----

def check_in(uow: UnitOfWork, code: str, *, kiosk: str, print_ticket: bool = True
             ) -> tuple[Booking, Ticket]:
    """The booked visitor's code at the kiosk (typed or scanned): a ticket placed by their
    slot, or, more than `booking_late` after the slot started, a walk-in's ticket."""
    booking = find(uow, code, lock=True)
    if booking.state is BookingState.CHECKED_IN:
        raise BookingUsed("这个预约码已经签到过 / this code was already used to check in",
                          field="code", state=booking.state.value)
    if booking.state is BookingState.CANCELLED:
        raise BookingUsed("这个预约已取消 / this booking was cancelled", field="code",
                          state=booking.state.value)
    today = uow.now.astimezone(HALL_TZ).date()
    if booking.service_day != today:
        raise WrongDay(f"这是 {booking.service_day} 的预约，不是今天的 / this booking is for "
                       f"{booking.service_day}, not today", field="code",
                       day=booking.service_day.isoformat())
    late = uow.now > booking.slot_at + uow.settings.booking_late
    kiosk = kiosk[:40]
    if late:
        ticket = tickets.issue_ticket(uow, booking.service_id, kiosk=kiosk,
                                      print_ticket=print_ticket)
    else:
        ticket = tickets.issue_booked_ticket(uow, booking.service_id, slot_at=booking.slot_at,
                                             kiosk=kiosk, booking_id=booking.id,
                                             print_ticket=print_ticket)
    booking.state, booking.checked_in_at = BookingState.CHECKED_IN, uow.now
    booking.ticket_id, booking.late = ticket.id, late
    return booking, ticket


def find(uow: UnitOfWork, code: str, *, lock: bool = False) -> Booking:
    """The booking of a code as typed, scanned (a URL ending in it) or spoken; UnknownBooking."""
    wanted = normal_code(code)
    query = select(Booking).where(Booking.code == wanted)
    booking = uow.session.scalars(query.with_for_update() if lock else query).first()
    if booking is None:
        raise UnknownBooking("没有这个预约码 / no booking has this code", field="code")
    return booking


def normal_code(code) -> str:
    if not isinstance(code, str) or not code.strip():
        raise BadRequest("'code' is required: the booking code / 请输入预约码", field="code")
    text = code.strip().rstrip("/").rsplit("/", 1)[-1].rsplit("=", 1)[-1]
    text = re.sub(r"[\s-]", "", text).upper()
    if len(text) > 20:
        raise BadRequest("'code' is too long", field="code")
    return text


# ---- the admin's offer ----

def set_offer(uow: UnitOfWork, service_id: str, *, slot_minutes: int, places: int,
              window_no: int | None, enabled: bool, actor: str) -> Offer:
    """Set a booked service's slots (any service of the catalog may be offered)."""
    with in_catalog():
        service = uow.catalog.service(service_id)
    post = uow.catalog.post(service.post_id)
    for field, value, (low, high) in (("slot_minutes", slot_minutes, SLOT_MINUTES),
                                      ("places", places, PLACES)):
        if not low <= value <= high:
            raise BadRequest(f"'{field}' must be from {low} to {high}", field=field)
    if window_no is not None and window_no not in post.windows:
        raise BadRequest(f"'window_no' must be one of the post's windows "
                         f"{', '.join(map(str, post.windows))}", field="window_no")
    row = uow.session.get(BookingOffer, service_id, with_for_update=True)
    if row is None:
        row = BookingOffer(service_id=service_id)
        uow.session.add(row)
    row.slot_minutes, row.places, row.window_no, row.enabled = (
        slot_minutes, places, window_no, enabled)
    row.set_by, row.set_at = actor, uow.now
    uow.record(BookingOfferSet(at=uow.now, actor=actor, service_id=service_id,
                               slot_minutes=slot_minutes, places=places, window_no=window_no,
                               enabled=enabled))
    return Offer(service_id, post.id, window_no, slot_minutes, places, enabled)


# ---- small pieces ----

def offer_of(uow: UnitOfWork, service_id: str) -> Offer:
    """The service's enabled offer; UnknownService or NotBookable."""
    with in_catalog():
        uow.catalog.service(service_id)
    offer = offers(uow.session, uow.catalog).get(service_id)
    if offer is None or not offer.enabled:
        raise NotBookable("这个事项不接受预约 / this service cannot be booked",
                          field="service_id", service_id=service_id)
    return offer


def _visitor(uow: UnitOfWork, name, contact) -> tuple[str, str]:
    settings = uow.settings
    name = name.strip() if isinstance(name, str) else ""
    contact = contact.strip() if isinstance(contact, str) else ""
    if len(name) > NAME_MAX:
        raise BadRequest(f"'name' is longer than {NAME_MAX} characters", field="name")
    if settings.booking_name_required and not name:
        raise BadRequest("'name' is required / 请填写姓名", field="name")
    if len(contact) > CONTACT_MAX:
        raise BadRequest(f"'contact' is longer than {CONTACT_MAX} characters", field="contact")
    rule = CONTACT_RULES.get(settings.booking_contact)
    if rule is not None:
        pattern, wanted = rule
        if not pattern.match(contact):
            raise BadRequest(f"'contact' must be {wanted}", field="contact",
                             contact_kind=settings.booking_contact)
    return name, contact


def _new_code(uow: UnitOfWork) -> str:
    while True:
        code = "".join(secrets.choice(CODE_LETTERS) for _ in range(CODE_LENGTH))
        if uow.session.scalar(select(Booking.id).where(Booking.code == code)) is None:
            return code


def _ids(booking: Booking) -> dict:
    return {"booking_id": booking.id, "service_id": booking.service_id,
            "post_id": booking.post_id, "slot_at": booking.slot_at.isoformat()}
