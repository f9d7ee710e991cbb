"""The hall's rules over HTTP: `GET/PUT /api/admin/rules` (admin only), thin over rules.py.

Both answer the rules as one flat JSON object (`cutoff_minutes`, `requeue_places`, ...);
`GET /api/admin/rules/fields` describes each (kind, range or choices, label)."""

from __future__ import annotations

from flask import Blueprint

from queue_server import rules
from queue_server.web import hall
from queue_server.web.authorise import admin_actor
from queue_server.web.params import json_body

bp = Blueprint("rules_admin", __name__)


@bp.get("/api/admin/rules")
def show_rules():
    admin_actor()
    return rules.as_json(hall().settings)


@bp.get("/api/admin/rules/fields")
def describe_rules():
    admin_actor()
    return {"fields": rules.described()}


@bp.put("/api/admin/rules")
def change_rules():
    actor = admin_actor()
    body = json_body()
    with hall().unit_of_work() as uow:
        after = rules.change_rules(uow, body, actor=actor)
    return rules.as_json(after)
