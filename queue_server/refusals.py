"""Tickets the kiosk refused: one row each, for the reports (closed, by notice, past cutoff).

A refused issue rolls its own transaction back, so the API records the refusal afterwards in
a unit of work of its own; it changes no ticket and publishes nothing.
"""

from __future__ import annotations

import logging

from catalog.model import UnknownEntry
from queue_server.db import UnitOfWork
from queue_server.models import IssueRefusal

log = logging.getLogger(__name__)

VERDICTS = ("closed", "by_notice", "past_cutoff")


def record_refusal(uow: UnitOfWork, service_id: str, *, kiosk: str, verdict: str
                   ) -> IssueRefusal | None:
    """Note that `kiosk` was refused a ticket for `service_id`; None for an unknown service
    or verdict (nothing to count it under)."""
    try:
        service = uow.catalog.service(service_id)
    except UnknownEntry:
        return None
    if verdict not in VERDICTS:
        return None
    row = IssueRefusal(at=uow.now, service_day=uow.now.date(), service_id=service_id,
                       post_id=service.post_id, kiosk=kiosk[:40], verdict=verdict)
    uow.session.add(row)
    log.info("issue.refused %s %s %s", service_id, kiosk, verdict)
    return row
