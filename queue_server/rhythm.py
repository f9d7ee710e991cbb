"""The day's rhythm, pure: which openings, last-ticket cutoffs and closings fall in an interval.

Whether a window is open stays a function of the clock; these boundaries only tell the
scheduler when the screens should be told that something changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from catalog.hours import open_spans
from catalog.model import Catalog
from catalog.workdays import Workdays


@dataclass(frozen=True, order=True)
class Boundary:
    at: datetime
    kind: str  # opens | cutoff | closes
    post_id: str


def boundaries_between(catalog: Catalog, after: datetime, until: datetime, *,
                       days: Workdays, overrides_of, cutoff: timedelta) -> list[Boundary]:
    """Every boundary with after < at <= until, in time order, once per post."""
    found: set[Boundary] = set()
    first, last = after.date() - timedelta(days=1), until.date()
    for post in catalog.posts:
        for window_no in post.windows:
            for start, end in open_spans(post.hours, first, last, days, overrides_of(window_no)):
                for at, kind in ((start, "opens"), (end - cutoff, "cutoff"), (end, "closes")):
                    if after < at <= until:
                        found.add(Boundary(at, kind, post.id))
    return sorted(found)
