"""Admin overrides of the catalog hours (closures, extra sessions), read for the router.

The day's-rhythm issue stores closures and by-notice sessions; until then every window
follows its catalog hours alone.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from catalog.hours import NO_OVERRIDES, Overrides
from catalog.model import Catalog


def overrides_of(session, catalog: Catalog, *, at: datetime) -> Callable[[int], Overrides]:
    """A function giving each window's overrides around instant `at`."""
    return lambda _window_no: NO_OVERRIDES
