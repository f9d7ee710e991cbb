"""The hall's rules an admin may tune (cutoff, put-back places, paper width, ...)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta


@dataclass(frozen=True)
class HallSettings:
    """Rules an admin may tune; documented in docs/architecture.md."""

    cutoff: timedelta = timedelta(minutes=15)  # last ticket this long before closing
    default_service_minutes: float = 5.0  # estimate until a post has history today
    recent_tickets_for_mean: int = 20  # finished tickets the mean service time looks at
    requeue_places: int = 3  # a returning no-show goes back this many places down
    public_base_url: str = "http://127.0.0.1:5000"  # for the status page's QR code
    kiosk_idle_seconds: int = 20  # the issued ticket stays on the kiosk screen this long
    kiosk_browse_idle_seconds: int = 90  # an untouched kiosk page goes back home after this
    alert_when_ahead: int = 3  # the phone page alerts when this few people are ahead
    paper_mm: int = 80  # ticket paper width: 58 or 80
    alert_wait: timedelta = timedelta(minutes=30)  # live view: someone has waited this long
    alert_pause: timedelta = timedelta(minutes=15)  # live view: a window paused this long
    rating_days: int = 0  # a finished ticket may be rated until the end of its day + this many
    pad_rating_minutes: int = 10  # the window's rating pad offers a ticket this long after it
    pad_thanks_seconds: int = 8  # the pad says thank you this long, then goes idle
    # 绿色通道 fairness: at most one priority call in every `priority_every` calls of a
    # window while regular tickets wait, and none once a regular ticket is this late
    # beyond its estimate (queues.calling_order)
    priority_every: int = 3
    priority_max_delay: timedelta = timedelta(minutes=10)
    # 预约: booked tickets' prefix; where a late (by less than `booking_late`) visitor's
    # ticket goes ("slot": the place of their slot, ahead of walk-ins who came after it;
    # "arrival": in line from check-in); later than `booking_late`, a walk-in's ticket.
    # Early or late, a booked ticket is never called before its slot.
    booking_prefix: str = "Y"
    booking_rule: str = "slot"
    booking_late: timedelta = timedelta(minutes=15)
    booking_name_required: bool = True
    booking_contact: str = "phone"  # what contact a booking requires: phone | email | none
    booking_days_ahead: int = 7  # slots are offered from today to this many days ahead
