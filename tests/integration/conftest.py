"""Services the integration tests use by the guide's own names."""

from __future__ import annotations

import pytest

from tests.catalog_lookup import service_named


@pytest.fixture
def household(hall) -> str:
    """开具户籍证明 at window 8 (保卫处, 户籍管理岗, prefix H)."""
    return service_named(hall.catalog, "户籍证明", window=8).id


@pytest.fixture
def transcript(hall) -> str:
    """打印成绩单… at windows 14 and 15 (教务处, one post, prefix K)."""
    return service_named(hall.catalog, "成绩单", window=14).id
