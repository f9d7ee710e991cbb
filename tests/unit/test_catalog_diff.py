"""catalog/diff.py: what a new catalog changes, and keeping what waiting tickets need."""

from __future__ import annotations

from dataclasses import replace

import pytest

from catalog.diff import diff_catalogs, keep_waiting
from catalog.errors import CatalogError
from catalog.hours import parse_hours
from catalog.loader import load_catalog


@pytest.fixture(scope="module")
def old():
    return load_catalog()


def _without(catalog, service_id):
    return replace(catalog, services=tuple(s for s in catalog.services if s.id != service_id),
                   _by_id={})


def test_the_same_catalog_changes_nothing(old):
    diff = diff_catalogs(old, old)
    assert diff.is_empty and diff.lines() == ["no change"]


def test_added_removed_and_changed_services_posts_windows_and_hours(old):
    gone = old.services_of("w8")[0]
    renamed = old.services_of("w12")[0]
    new = _without(old, gone.id)
    posts = tuple(replace(p, hours=parse_hours("周五9:00-11:00"), windows=(14,))
                  if p.id == "w14-15" else p for p in new.posts)
    services = tuple(replace(s, name=s.name + "（新）") if s.id == renamed.id else s
                     for s in new.services)
    new = replace(new, posts=posts, services=services, _by_id={})
    lines = diff_catalogs(old, new).lines()
    assert f"- service {gone.id} {gone.name} (post w8)" in lines
    assert f"~ service {renamed.id} {renamed.name}（新）: name" in lines
    assert "- window 15 (post w14-15)" in lines
    assert any(line.startswith("~ hours of post w14-15") and "周五9:00-11:00" in line
               for line in lines)


def test_a_dropped_service_with_waiting_tickets_is_kept_in_its_post(old):
    gone = old.services_of("w8")[0]
    keeping = keep_waiting(old, _without(old, gone.id), {("w8", gone.id): 2})
    assert keeping.catalog.service(gone.id).post_id == "w8"
    assert keeping.kept_service_ids == (gone.id,) and not keeping.orphaned


def test_a_dropped_service_without_waiting_tickets_goes(old):
    gone = old.services_of("w8")[0]
    keeping = keep_waiting(old, _without(old, gone.id), {("w14-15", "x"): 1})
    assert not keeping.kept
    with pytest.raises(CatalogError):
        keeping.catalog.service(gone.id)


def test_a_dropped_post_whose_window_is_given_away_orphans_its_tickets(old):
    posts = tuple(replace(p, windows=(21, 8)) if p.id == "w21" else p
                  for p in old.posts if p.id != "w8")
    services = tuple(s for s in old.services if s.post_id != "w8")
    new = replace(old, posts=posts, services=services, _by_id={})
    keeping = keep_waiting(old, new, {("w8", old.services_of("w8")[0].id): 1})
    assert keeping.orphaned and "window 8 now belongs to another post" in keeping.orphaned[0]
