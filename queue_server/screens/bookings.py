"""预约 as screens show them: the booked services and their slots (the phone page `/book`),
one booking as its visitor sees it, and a day's bookings for staff (a no-show is derived:
still booked once the slot is over)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import select

from catalog.model import Catalog
from queue_server.models import Booking, BookingState, Ticket
from queue_server.slots import offers, slots_on


def visible_state(booking: Booking, at: datetime) -> str:
    """booked, checked_in, cancelled, or no_show (still booked after its slot ended)."""
    end = booking.slot_at + timedelta(minutes=booking.slot_minutes)
    if booking.state is BookingState.BOOKED and at >= end:
        return "no_show"
    return booking.state.value


def offers_view(session, catalog: Catalog) -> list[dict]:
    """The services a visitor may book now, with their post and windows."""
    found = []
    for offer in offers(session, catalog).values():
        if not offer.enabled:
            continue
        service, post = catalog.service(offer.service_id), catalog.post(offer.post_id)
        found.append({**offer.as_json(), "service": _names(service), "post": _names(post),
                      "windows_label": (f"{offer.window_no}号窗口" if offer.window_no
                                        else post.windows_label)})
    return found


def slots_view(session, catalog: Catalog, service_id: str, day: date, *, at: datetime
               ) -> dict:
    offer = offers(session, catalog).get(service_id)
    slots = slots_on(session, catalog, offer, day) if offer and offer.enabled else []
    return {"service_id": service_id, "day": day.isoformat(),
            "slots": [slot.as_json(at) for slot in slots]}


def booking_view(session, catalog: Catalog, booking: Booking, *, at: datetime) -> dict:
    """A booking as its visitor sees it (the code is theirs; the contact is not shown)."""
    service, post = catalog.service(booking.service_id), catalog.post(booking.post_id)
    ticket = session.get(Ticket, booking.ticket_id) if booking.ticket_id else None
    state = visible_state(booking, at)
    return {
        "code": booking.code, "state": state,
        "service": _names(service), "post": _names(post),
        "windows_label": (f"{booking.window_no}号窗口" if booking.window_no
                          else post.windows_label),
        "day": booking.service_day.isoformat(),
        "slot_at": booking.slot_at.isoformat(),
        "slot_end_at": (booking.slot_at + timedelta(minutes=booking.slot_minutes)).isoformat(),
        "name": booking.name,
        "can_cancel": state == "booked" and booking.slot_at > at,
        "ticket": ({"number": ticket.number, "status_url": f"/t/{ticket.token}"}
                   if ticket else None),
        "late": booking.late,
    }


def day_bookings(session, catalog: Catalog, day: date, *, at: datetime,
                 posts: set[str] | None = None) -> dict:
    """A day's bookings for staff, by slot: who, their code, what became of them."""
    query = select(Booking).where(Booking.service_day == day).order_by(
        Booking.slot_at, Booking.id)
    if posts is not None:
        query = query.where(Booking.post_id.in_(posts))
    rows = session.scalars(query).all()
    numbers = dict(session.execute(select(Ticket.id, Ticket.number).where(
        Ticket.id.in_([b.ticket_id for b in rows if b.ticket_id]))).all()) if rows else {}
    bookings = [{
        "id": b.id, "code": b.code, "service_id": b.service_id,
        "service_name": catalog.service(b.service_id).name, "post_id": b.post_id,
        "slot_at": b.slot_at.isoformat(), "name": b.name, "contact": b.contact,
        "state": visible_state(b, at), "ticket_number": numbers.get(b.ticket_id),
        "late": b.late} for b in rows]
    counts = {state: sum(1 for b in bookings if b["state"] == state)
              for state in ("booked", "checked_in", "cancelled", "no_show")}
    return {"day": day.isoformat(), "bookings": bookings, "counts": counts}


def _names(entry) -> dict:
    return {"id": entry.id, "name": entry.name, "name_en": entry.name_en}
