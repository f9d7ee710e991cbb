"""Unit fixtures: the committed catalog (loaded once), the plain calendar, and hall times."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import pytest

from catalog.loader import load_catalog
from catalog.model import Catalog
from catalog.workdays import Workdays
from tests.unit.timeutil import hall_time


@pytest.fixture(scope="session")
def buct() -> Catalog:
    """The committed catalog, catalog/data/buct.yaml."""
    return load_catalog()


@pytest.fixture(scope="session")
def days() -> Workdays:
    """The national calendar with no admin overrides."""
    return Workdays()


@pytest.fixture(name="hall_time", scope="session")
def hall_time_fixture() -> Callable[[str], datetime]:
    """hall_time as a fixture, for tests that would rather not import it."""
    return hall_time
