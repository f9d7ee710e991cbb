"""Unit fixtures: the committed catalog (loaded once) and the plain calendar."""

from __future__ import annotations

import pytest

from catalog.loader import load_catalog
from catalog.model import Catalog
from catalog.workdays import Workdays


@pytest.fixture(scope="session")
def buct() -> Catalog:
    """The committed catalog, catalog/data/buct.yaml."""
    return load_catalog()


@pytest.fixture(scope="session")
def days() -> Workdays:
    """The national calendar with no admin overrides."""
    return Workdays()
