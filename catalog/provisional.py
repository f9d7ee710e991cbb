"""Provisional statutory holidays for the years the official calendar does not know yet.

`chinese_calendar` carries the State Council's notices (1.11 stops at 2026). For a later
year, python-holidays computes China's statutory holidays from the rules (元旦, 春节, …);
the hall treats them as *provisional* until an admin confirms or edits the year from the
State Council's notice. python-holidays knows no make-up workdays (调休上班) ahead of the
notice: an admin enters them. Pure: no clock, no database.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from functools import lru_cache
from types import MappingProxyType

import holidays


@lru_cache(maxsize=32)
def provisional_holidays(year: int) -> Mapping[date, str]:
    """The statutory holidays of `year` as python-holidays computes them, named in Chinese."""
    computed = holidays.China(years=year, language="zh_CN")
    return MappingProxyType({day: name for day, name in sorted(computed.items())
                             if day.year == year})
