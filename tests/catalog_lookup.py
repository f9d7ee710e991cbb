"""Find catalog entries the way a person would: by the names the guide uses."""

from __future__ import annotations

from catalog.model import Catalog, Service


def service_named(catalog: Catalog, text: str, *, window: int | None = None) -> Service:
    """The first service whose name contains `text` (at `window`'s post if given)."""
    for service in catalog.services:
        post = catalog.post(service.post_id)
        if text in service.name and (window is None or window in post.windows):
            return service
    raise LookupError(f"no service named like {text!r}")
