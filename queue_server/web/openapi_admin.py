"""The OpenAPI paths of running the hall from the web: its rules, staff accounts, and the
kiosk's reprint (part of the document `web/openapi.py` builds)."""

from __future__ import annotations

from queue_server import rules


def _json(schema: dict, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


ERROR = {"$ref": "#/components/schemas/Error"}
NAMED_ERROR = {"allOf": [ERROR, {"type": "object", "properties": {
    "field": {"type": "string", "description": "the field at fault"}}}]}


def _errors(**described: str) -> dict:
    return {code: _json(NAMED_ERROR, text) for code, text in described.items()}


AUTH = {"401": _json(ERROR, "login required"), "403": _json(ERROR, "not an admin")}


def _rules_schema() -> dict:
    kinds = {"minutes": {"type": "integer", "description": "whole minutes"},
             "boolean": {"type": "boolean"}, "integer": {"type": "integer"},
             "number": {"type": "number"}, "text": {"type": "string"}}
    properties = {}
    for rule in rules.described():
        schema = dict(kinds[rule["kind"]])
        if rule["low"] is not None:
            schema["minimum"] = rule["low"]
        if rule["high"] is not None:
            schema["maximum"] = rule["high"]
        if rule["choices"]:
            schema["enum"] = rule["choices"]
        schema["default"] = rule["default"]
        if rule["label"]:
            schema["description"] = rule["label"]
        properties[rule["key"]] = schema
    return {"type": "object", "properties": properties}


STAFF = {"type": "object", "required": ["name", "role", "windows", "disabled"], "properties": {
    "name": {"type": "string"}, "role": {"type": "string",
                                         "enum": ["admin", "supervisor", "clerk"]},
    "windows": {"type": "array", "items": {"type": "integer"}},
    "disabled": {"type": "boolean"},
    "created_at": {"type": "string", "format": "date-time", "nullable": True},
    "last_login_at": {"type": "string", "format": "date-time", "nullable": True}}}
WITH_PASSWORD = {"allOf": [STAFF, {"type": "object", "properties": {
    "password": {"type": "string", "description": "shown this once"}}}]}
NAME = {"name": "name", "in": "path", "required": True, "schema": {"type": "string"}}


def admin_paths() -> dict:
    rules_schema = _rules_schema()
    return {
        "/api/admin/rules": {
            "get": {"summary": "The hall's rules in force (admin)",
                    "responses": {"200": _json(rules_schema, "the rules"), **AUTH}},
            "put": {"summary": "Change some of the hall's rules; in force at once in every "
                               "server process, audited (admin)",
                    "requestBody": {"required": True, "content": {"application/json": {
                        "schema": {**rules_schema, "minProperties": 1}}}},
                    "responses": {"200": _json(rules_schema, "the rules now"),
                                  **_errors(**{"400": "an unknown rule or a value out of its "
                                               "range (`field` names it)"}), **AUTH}}},
        "/api/admin/rules/fields": {"get": {
            "summary": "Each rule: key, kind, range or choices, label, default (admin)",
            "responses": {"200": _json({"type": "object"}, "the rules' fields"), **AUTH}}},
        "/api/admin/staff": {
            "get": {"summary": "Staff accounts with their last login (admin)",
                    "responses": {"200": _json({"type": "object", "properties": {
                        "staff": {"type": "array", "items": STAFF}}}, "the accounts"),
                        **AUTH}},
            "post": {"summary": "Add a clerk or a supervisor (admin); without a password a "
                                "random one is made and answered once",
                     "requestBody": {"required": True, "content": {"application/json": {
                         "schema": {"type": "object", "required": ["name", "role"],
                                    "properties": {
                                        "name": {"type": "string", "maxLength": 80},
                                        "role": {"type": "string",
                                                 "enum": ["clerk", "supervisor"]},
                                        "windows": {"type": "array",
                                                    "items": {"type": "integer"},
                                                    "description": "a clerk's, at least one"},
                                        "password": {"type": "string", "minLength": 8}}}}}},
                     "responses": {"201": _json(WITH_PASSWORD, "added"),
                                   **_errors(**{"400": "bad name, unknown role, a window the "
                                                "hall does not have, a short password",
                                                "409": "the name is taken (field: name)"}),
                                   **AUTH}}},
        "/api/admin/staff/{name}": {"patch": {
            "summary": "Change a clerk's windows, disable or enable an account (admin)",
            "parameters": [NAME],
            "requestBody": {"required": True, "content": {"application/json": {"schema": {
                "type": "object", "minProperties": 1, "properties": {
                    "windows": {"type": "array", "items": {"type": "integer"}},
                    "disabled": {"type": "boolean"}}}}}},
            "responses": {"200": _json(STAFF, "the account"),
                          **_errors(**{"400": "bad windows, or disabling oneself",
                                       "404": "no such account"}), **AUTH}}},
        "/api/admin/staff/{name}/password": {"post": {
            "summary": "Reset a password: a new random one, answered once; the account's "
                       "logins end (admin)",
            "parameters": [NAME],
            "responses": {"200": _json(WITH_PASSWORD, "the new password"),
                          **_errors(**{"404": "no such account"}), **AUTH}}},
        "/api/kiosk/reprint": {"post": {
            "summary": "The kiosk prints a ticket again (补打) from the phone page's QR code; "
                       "the same number, at most twice per ticket",
            "requestBody": {"required": True, "content": {"application/json": {"schema": {
                "type": "object", "required": ["code"], "properties": {
                    "code": {"type": "string", "description": "the scanned address or token"},
                    "kiosk": {"type": "string", "maxLength": 40}}}}}},
            "responses": {"200": _json({"$ref": "#/components/schemas/Ticket"}, "reprinting"),
                          **_errors(**{"400": "not a ticket code (field: code)",
                                       "404": "no such ticket",
                                       "409": "finished, another day's, or reprinted enough "
                                              "(reprint_refused)"})}}},
    }
