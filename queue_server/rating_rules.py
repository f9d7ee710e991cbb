"""好差评 rules both sides need: the five scores, the reasons a bad rating may give, and until
when a finished ticket may be rated (on its phone page, on the window's pad). Pure: instants
arrive as arguments."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from catalog.hours import HALL_TZ
from queue_server.settings import HallSettings

SCORES = {5: "非常满意", 4: "满意", 3: "基本满意", 2: "不满意", 1: "非常不满意"}
BAD_SCORES = (1, 2)  # a bad rating may give reasons and waits for an admin's follow-up
REASONS = ("等候时间长", "态度不好", "业务不熟", "材料要求不清楚", "办理流程繁琐", "其他")
COMMENT_MAX = 200
NOTE_MAX = 500
SOURCES = ("phone", "pad")


def is_bad(score: int) -> bool:
    return score in BAD_SCORES


def rating_closes_at(service_day: date, settings: HallSettings) -> datetime:
    """The end of the ticket's service day (plus `rating_days` days), hall time."""
    last_day = service_day + timedelta(days=settings.rating_days)
    return datetime.combine(last_day + timedelta(days=1), time(0), HALL_TZ)


def pad_closes_at(finished_at: datetime, service_day: date, settings: HallSettings) -> datetime:
    """The window's pad offers a finished ticket for `pad_rating_minutes` after it finished."""
    return min(finished_at + timedelta(minutes=settings.pad_rating_minutes),
               rating_closes_at(service_day, settings))
