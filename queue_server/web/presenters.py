"""The catalog as JSON for pages and the API (services, posts, machines, route decisions)."""

from __future__ import annotations

from dataclasses import asdict
from datetime import datetime

from catalog.model import Catalog, Service
from queue_server.queues import Estimate
from queue_server.router import Route


def service_summary(catalog: Catalog, service: Service) -> dict:
    """What a list of services shows. The guide's editorial notes (staff_notes) never go here:
    visitors see this."""
    post = catalog.post(service.post_id)
    return {"id": service.id, "name": service.name, "name_en": service.name_en,
            "post_id": post.id, "post_name": post.name, "post_name_en": post.name_en,
            "windows_label": post.windows_label, "online_only": service.online_only}


def service_detail(catalog: Catalog, service: Service, staff: bool = False) -> dict:
    """A service in full; its staff_notes only for a staff page (`staff`), never a visitor's."""
    body = asdict(service)
    body.pop("staff_notes")
    body.update(service_summary(catalog, service))
    body["machines"] = [asdict(catalog.machine(m)) for m in service.machine_ids]
    if staff:
        body["staff_notes"] = list(service.staff_notes)
    return body


def catalog_json(catalog: Catalog) -> dict:
    return {
        "hall_name": catalog.hall_name,
        "departments": [
            {"id": d.id, "name": d.name, "phones": list(d.phones),
             "posts": [_post(catalog, p) for p in catalog.posts_of(d.id)]}
            for d in catalog.departments],
        "machines": [asdict(m) for m in catalog.machines],
    }


def _post(catalog: Catalog, post) -> dict:
    return {"id": post.id, "name": post.name, "prefix": post.prefix, "windows": list(post.windows),
            "windows_label": post.windows_label, "hours_text": post.hours.text,
            "by_notice": post.hours.by_notice, "phones": list(post.phones),
            "keywords": list(post.keywords), "summary": post.summary,
            "services": [service_summary(catalog, s) for s in catalog.services_of(post.id)]}


def route_json(decided: Route, people_waiting: int, estimate: Estimate, at: datetime) -> dict:
    def iso(at):
        return at.isoformat() if at else None
    return {"verdict": decided.verdict.value, "can_issue": decided.can_issue,
            "open_windows": list(decided.open_windows), "opens_at": iso(decided.opens_at),
            "closes_at": iso(decided.closes_at), "cutoff_at": iso(decided.cutoff_at),
            "reason": decided.reason, "machines": list(decided.machines),
            "online": decided.online, "no_ticket_needed": decided.no_ticket_needed,
            "people_waiting": people_waiting, "estimated_wait_minutes": estimate.minutes,
            "estimate": estimate.as_json(at),
            "wait_runs_past_closing": decided.wait_runs_past_closing}
