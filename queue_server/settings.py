"""The hall's rules an admin may tune (cutoff, put-back places, paper width, ...)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time, timedelta


@dataclass(frozen=True)
class HallSettings:
    """Rules an admin may tune; documented in docs/architecture.md."""

    cutoff: timedelta = timedelta(minutes=15)  # last ticket this long before closing
    default_service_minutes: float = 5.0  # estimate until a post has history today
    recent_tickets_for_mean: int = 20  # finished tickets the mean service time looks at
    # clerks pause for lunch from lunch_at, a post's windows one after another, so many
    # minutes each (the estimator counts it; None: no planned lunch); an unplanned pause
    # is expected to last pause_minutes
    lunch_at: time | None = time(12, 0)
    lunch_minutes: int = 45
    pause_minutes: int = 10
    history_days: int = 28  # past days whose service times the estimator starts from
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
