"""hall_time("2026-12-04 11:59"): an aware instant in the hall's time zone, for tests."""

from __future__ import annotations

from datetime import datetime

from catalog.hours import HALL_TZ


def hall_time(text: str) -> datetime:
    """An aware instant in Asia/Shanghai from "YYYY-MM-DD HH:MM"."""
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=HALL_TZ)
