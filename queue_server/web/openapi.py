"""The OpenAPI 3 document of the JSON API, written by hand next to the endpoints it describes."""

from __future__ import annotations

from queue_server.priority import REASONS as PRIORITY_REASONS
from queue_server.rating_rules import COMMENT_MAX, NOTE_MAX, REASONS
from queue_server.web.openapi_admin import admin_paths
from queue_server.web.openapi_periods import period_paths

ERROR = {"$ref": "#/components/schemas/Error"}


def _json(schema: dict, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


# Shared answers (components.responses), referred to by status code. `_complete` adds the ones
# every operation of a kind can give, so an endpoint lists only its own (401, 403, 409, ...).
ANSWERS = {
    400: ("BadInput", ("bad input (the message names the field; `field` too), or "
                       "`csrf_failed`: a POST without the session's CSRF token (X-CSRFToken "
                       "header; nothing was changed; `reason` says why)")),
    401: ("LoginRequired", "`login_required`: a staff endpoint without a staff session"),
    403: ("NotAllowed", ("`forbidden`: this staff role or window may not do it (or a staff "
                         "session where only a visitor may act)")),
    404: ("NotFound", "an unknown id, token, window or service (or no such path)"),
    405: ("MethodNotAllowed", "another method than the path allows (the `Allow` header)"),
    409: ("Refused", "refused by a rule of the hall (the `error` code says which)"),
    422: ("RequestKeyReused", "`request_key_reused`: the same request_key with another body"),
    429: ("TooMany", "`too_many_requests`: too many in a short time; try again later"),
}


def _errors(*codes: int) -> dict:
    return {str(c): {"$ref": f"#/components/responses/{ANSWERS[c][0]}"} for c in codes}


def _responses_component() -> dict:
    answers = {name: _json(ERROR, text) for name, text in ANSWERS.values()}
    answers["MethodNotAllowed"]["headers"] = {"Allow": {
        "description": "the methods this path allows", "schema": {"type": "string"}}}
    return answers


def _complete(paths: dict) -> dict:
    """Add the answers any operation of its kind can give: 405 to all, 400 to a POST (its
    CSRF token), 404 where the path names something."""
    for path, operations in paths.items():
        for method, operation in operations.items():
            extra = [405]
            if method == "post":
                extra.append(400)
            if "{" in path:
                extra.append(404)
            operation["responses"] = {**_errors(*extra), **operation["responses"]}
    return paths


RATING_REFUSALS = (
    "409: `already_rated` (one rating per ticket, phone or pad, whichever comes first), "
    "`not_finished` (only a done ticket), `rating_closed` (too late: after the ticket's "
    "service day, or at the pad more than 10 minutes after it finished); 400 names the bad "
    "field; 403 from a logged-in staff session.")


def _rating_errors() -> dict:
    return {**_errors(400, 403, 404), "409": _json(ERROR, RATING_REFUSALS)}


def _rating_paths() -> dict:
    """好差评: the visitor's rating (phone, pad) and the admin's follow-up."""
    rating = {"$ref": "#/components/schemas/Rating"}
    return {
        "/api/tickets/{token}/rating": {"post": {
            "summary": "The visitor rates their finished ticket (phone page; no staff login)",
            "parameters": [_path("token", "string")],
            "requestBody": {"required": True, "content": {"application/json": {"schema": {
                "type": "object", "required": ["score"], "properties": {
                    "score": {"type": "integer", "minimum": 1, "maximum": 5,
                              "description": "5 非常满意 … 1 非常不满意"},
                    "reasons": {"type": "array", "uniqueItems": True, "items": {
                        "type": "string", "enum": list(REASONS)},
                        "description": "only with a score of 1 or 2"},
                    "comment": {"type": "string", "maxLength": COMMENT_MAX}}}}}},
            "responses": {"201": _json(rating, "rated"), **_rating_errors()}}},
        "/api/windows/{window_no}/pad-rating": {"post": {
            "summary": "One tap on the window's rating pad (评价器): the window's most recently "
                       "finished ticket, unrated, within 10 minutes; no staff login",
            "parameters": [_path("window_no", "integer")],
            "requestBody": {"required": True, "content": {"application/json": {"schema": {
                "type": "object", "required": ["ticket_id", "score"], "properties": {
                    "ticket_id": {"type": "integer"},
                    "score": {"type": "integer", "minimum": 1, "maximum": 5}}}}}},
            "responses": {"201": _json(rating, "rated"), **_rating_errors()}}},
        "/api/admin/ratings": {"get": {
            "summary": "The latest ratings, newest first, with window, clerk and follow-up "
                       "(admin or supervisor)",
            "parameters": [{"name": "bad", "in": "query", "schema": {"type": "string",
                                                                     "enum": ["1"]},
                            "description": "1: only scores 1 and 2"}],
            "responses": {"200": _json(OBJECT, "ratings"), **_errors(400, 401, 403)}}},
        "/api/admin/ratings/{rating_id}/follow-up": {"post": {
            "summary": "Record the follow-up (回访) of a rating: the note, who and when; once "
                       "(admin)",
            "parameters": [_path("rating_id", "integer")],
            "requestBody": {"required": True, "content": {"application/json": {"schema": {
                "type": "object", "required": ["note"], "properties": {
                    "note": {"type": "string", "minLength": 1, "maxLength": NOTE_MAX}}}}}},
            "responses": {"200": _json(rating, "the rating with its follow-up"),
                          **_errors(400, 401, 403, 404),
                          "409": _json(ERROR, "already_followed_up")}}},
    }




OBJECT = {"type": "object"}

KIOSK_KEY = {"name": "X-Kiosk-Key", "in": "header", "required": False,
             "schema": {"type": "string"},
             "description": "a registered kiosk's device credential (pairing, or `run.py kiosk "
                            "add`); required unless the hall has open issuing or remote join. "
                            "With it, no session or CSRF token is needed"}


def _issue_operation() -> dict:
    """POST /api/tickets: who may issue (kiosks.py, web/kiosk_devices.py) and every refusal."""
    return {
        "summary": "Issue a ticket for a service: from a registered kiosk (X-Kiosk-Key), any "
                   "client where the hall has open issuing, or a phone where it allows "
                   "remote join",
        "parameters": [KIOSK_KEY],
        "requestBody": {"required": True, "content": {"application/json": {"schema": {
            "type": "object", "required": ["service_id"],
            "properties": {"service_id": {"type": "string"},
                           "kiosk": _optional({
                               "type": "string", "maxLength": 40,
                               "description": "a label for open issuing; a registered "
                                              "kiosk's own name is used instead"}),
                           "request_key": _optional({
                               "type": "string", "maxLength": 64,
                               "description": "same key, same ticket; the same key for "
                                              "another service: 422"}),
                           "card": {"type": "string", "maxLength": 40,
                                    "description": "the 校园卡/ID card number the kiosk's "
                                                   "reader typed (4-20 letters and digits); "
                                                   "required where the hall's rule says; only "
                                                   "its keyed hash is stored"}}}}}},
        "responses": {
            "201": _json({"$ref": "#/components/schemas/Ticket"}, "issued"),
            **_errors(400, 404),
            "401": _json(ERROR, "`kiosk_key_unknown`: the X-Kiosk-Key is no registered "
                                "kiosk's"),
            "403": _json(ERROR, "`kiosk_revoked`: the kiosk was revoked; "
                                "`remote_join_closed`: no kiosk key and the hall issues to "
                                "registered kiosks only"),
            "409": _json(ERROR, "`issue_refused` (closed, by notice, past the cutoff); "
                                "`card_limit`: the card already holds its open tickets at "
                                "this post"),
            "422": _json(ERROR, "`request_key_reused`; `card_required`; `card_malformed`"),
            "429": {"description": "`too_many_requests`: the kiosk's tickets a minute or the "
                                   "phone's an hour; nothing was issued",
                    "headers": {"Retry-After": {"schema": {"type": "integer"},
                                                "description": "seconds"}},
                    "content": {"application/json": {"schema": ERROR}}}}}


def _kiosk_paths() -> dict:
    """Registered kiosks: pairing, the kiosk's own check, the admin's list and revoke."""
    kiosk = {"$ref": "#/components/schemas/Kiosk"}
    return {
        "/api/kiosk-devices": {"get": {
            "summary": "The registered kiosks: name, last seen, tickets today, revoked (admin)",
            "responses": {"200": _json({"type": "object", "required": ["kiosks"],
                                        "properties": {"kiosks": {"type": "array",
                                                                  "items": kiosk},
                                                       "open_issuing": {"type": "boolean"}}},
                                       "the kiosks"), **_errors(401, 403)}}},
        "/api/kiosk-devices/pairings": {"post": {
            "summary": "A pairing code for a kiosk to be registered as `name`: typed or scanned "
                       "on the kiosk once within 10 minutes (admin)",
            "requestBody": {"required": True, "content": {"application/json": {"schema": {
                "type": "object", "required": ["name"], "properties": {
                    "name": {"type": "string", "minLength": 1, "maxLength": 40}}}}}},
            "responses": {"201": _json({"type": "object", "required": [
                "name", "code", "expires_at", "pair_url"], "properties": {
                    "name": {"type": "string"}, "code": {"type": "string"},
                    "expires_at": {"type": "string", "format": "date-time"},
                    "pair_url": {"type": "string",
                                 "description": "the kiosk page with the code, for a QR"}}},
                "the code"), **_errors(400, 401, 403),
                "409": _json(ERROR, "`kiosk_exists`: a kiosk of that name is registered")}}},
        "/api/kiosk-devices/pair": {"post": {
            "summary": "The kiosk trades a pairing code for its device credential (shown once)",
            "requestBody": {"required": True, "content": {"application/json": {"schema": {
                "type": "object", "required": ["code"], "properties": {
                    "code": {"type": "string", "maxLength": 200}}}}}},
            "responses": {"201": _json({"type": "object", "required": ["name", "key"],
                                        "properties": {"name": {"type": "string"},
                                                       "key": {"type": "string"},
                                                       "header": {"type": "string"}}},
                                       "paired: send `key` as X-Kiosk-Key"),
                          **_errors(400, 429),
                          "409": _json(ERROR, "`kiosk_exists`: a kiosk of the code's name was "
                                              "registered meanwhile")}}},
        "/api/kiosk-device": {"get": {
            "summary": "The kiosk a device credential belongs to (the kiosk checks its own)",
            "parameters": [dict(KIOSK_KEY, required=True)],
            "responses": {"200": _json({"type": "object", "required": ["name"], "properties": {
                "name": {"type": "string"}}}, "the kiosk"),
                "401": _json(ERROR, "`kiosk_key_unknown`"),
                "403": _json(ERROR, "`kiosk_revoked`")}}},
        "/api/kiosk-devices/{kiosk_id}/revoke": {"post": {
            "summary": "Stop a kiosk from issuing: its credential is refused from now on (admin)",
            "parameters": [_path("kiosk_id", "integer")],
            "responses": {"200": _json(kiosk, "the revoked kiosk"),
                          **_errors(401, 403, 404)}}},
    }


def _optional(schema: dict) -> dict:
    """An optional body field: null is taken as leaving it out (params.field), so allowed."""
    return dict(schema, nullable=True)


# a date, or empty as a form sends an unfilled date field (the default then)
DAY_OR_EMPTY = {"anyOf": [{"type": "string", "format": "date"},
                          {"type": "string", "enum": [""]}]}
WHOLE = {"type": "integer", "minimum": -(2**31 - 1), "maximum": 2**31 - 1}  # params.field
TICKET = {"ticket_id": _optional(dict(WHOLE, description="the ticket meant (default: the "
                                                         "window's current one)"))}
# Each window action's body: its required fields and its fields (POST /api/windows/N/<action>)
WINDOW_ACTION_BODIES = {
    "pause": ((), {"reason": _optional({"type": "string", "maxLength": 200})}),
    "call": ((), {**TICKET, "finish_current": _optional({"type": "boolean"}),
                  "finish_ticket_id": _optional(dict(
                      WHOLE, description="with finish_current: the ticket the clerk saw and "
                                         "means to finish"))}),
    "recall": ((), TICKET), "start": ((), TICKET), "finish": ((), TICKET),
    "no-show": ((), TICKET),
    "requeue": (("ticket_id",), {"ticket_id": WHOLE, "places": _optional(dict(
        WHOLE, description="how far back (default, and at most: the hall's rule "
                           "requeue_places)"))}),
    "transfer": (("service_id",), {**TICKET, "service_id": {
        "type": "string", "minLength": 1, "maxLength": 200, "pattern": r"\S"},
        "override_reason": _optional({
            "type": "string", "maxLength": 200,
            "description": "an admin sends to a post closed now, saying why"})}),
    "priority": (("ticket_id", "reason"), {
        "ticket_id": WHOLE, "reason": {"type": "string", "enum": list(PRIORITY_REASONS),
                                       "description": "绿色通道: why"},
        "note": _optional({"type": "string", "maxLength": 200,
                           "description": "required with reason 'other'"})}),
    "reprint": ((), TICKET),
}


def openapi_document(window_actions: list[str]) -> dict:
    paths: dict = {
        "/api/catalog": {"get": {"summary": "The hall's catalog: departments, posts, services",
                                 "responses": {"200": _json(OBJECT, "the catalog")}}},
        "/api/services": {"get": {
            "summary": "Search services (Chinese, pinyin, initials) and self-service machines",
            "parameters": [{"name": "q", "in": "query", "schema": {"type": "string"}}],
            "responses": {"200": _json(OBJECT, "ranked services and machines"),
                          **_errors(400)}}},
        "/api/services/{service_id}": {"get": {
            "summary": "One service with the router's decision now",
            "parameters": [_path("service_id", "string")],
            "responses": {"200": _json(OBJECT, "the service and its route"), **_errors(404)}}},
        "/api/tickets": {"post": _issue_operation()},
        "/api/tickets/{token}": {"get": {
            "summary": "A ticket by its unguessable token, with live people ahead",
            "parameters": [_path("token", "string")],
            "responses": {"200": _json({"$ref": "#/components/schemas/Ticket"}, "the ticket"),
                          **_errors(404)}}},
        "/api/tickets/{token}/cancel": {"post": {
            "summary": "The visitor gives up their ticket",
            "parameters": [_path("token", "string")],
            "responses": {"200": _json({"$ref": "#/components/schemas/Ticket"}, "cancelled"),
                          **_errors(404, 409)}}},
        "/api/printer": {"get": {"summary": "The ticket printer's state and queued jobs",
                                 "responses": {"200": _json(OBJECT, "status, error, queued")}}},
        "/api/csrf": {"get": {
            "summary": "The session's CSRF token: send it as the X-CSRFToken header on every POST",
            "responses": {"200": _json({"type": "object", "properties": {
                "csrf_token": {"type": "string"}}}, "the token")}}},
        "/api/board": {"get": {"summary": "Snapshot of the hall for the lobby board",
                               "responses": {"200": _json(OBJECT, "windows, queues, calls")}}},
        "/api/live": {"get": {
            "summary": "The supervisor's live view: every post's queue and longest wait, every "
                       "window with its clerk, the printer, the last calls, alerts and when "
                       "the next alert would start (admin or supervisor)",
            "responses": {"200": _json(OBJECT, "the live view's snapshot"),
                          **_errors(401, 403)}}},
        "/api/windows/{window_no}": {"get": {
            "summary": "A window's snapshot for its clerk",
            "parameters": [_path("window_no", "integer")],
            "responses": {"200": _json(OBJECT, "the window"), **_errors(401, 403, 404)}}},
    }
    override = {"type": "object", "required": ["kind", "start_at", "end_at", "reason"],
                "properties": {"kind": {"type": "string", "enum": ["closure", "opening"]},
                               "window_no": {"type": "integer", "nullable": True},
                               "start_at": {"type": "string", "format": "date-time"},
                               "end_at": {"type": "string", "format": "date-time"},
                               "reason": {"type": "string", "maxLength": 200}}}
    paths.update({
        "/api/admin/overrides": {
            "get": {"summary": "Active and coming overrides, the notice and calendar days "
                               "(admin)", "responses": {"200": _json(OBJECT, "overrides"),
                                                        **_errors(401, 403)}},
            "post": {"summary": "Close a window or the hall, or open an extra session (admin)",
                     "requestBody": {"required": True, "content": {
                         "application/json": {"schema": override}}},
                     "responses": {"201": _json(OBJECT, "the override"),
                                   **_errors(400, 401, 403, 404)}}},
        "/api/admin/overrides/{override_id}/cancel": {"post": {
            "summary": "Cancel an override (admin)",
            "parameters": [_path("override_id", "integer")],
            "responses": {"200": _json(OBJECT, "cancelled"), **_errors(401, 403, 404)}}},
        "/api/admin/notice": {"post": {
            "summary": "Set the board's notice line; empty clears it (admin)",
            "requestBody": {"required": True, "content": {"application/json": {"schema": {
                "type": "object", "properties": {"text": _optional({
                    "type": "string", "maxLength": 300,
                    "description": "empty, blank, null or left out: clears the notice"})}}}}},
            "responses": {"200": _json(OBJECT, "the notice"), **_errors(400, 401, 403)}}},
        "/api/admin/calendar": {"post": {
            "summary": "Enter a holiday or a make-up workday, or clear a day (admin)",
            "requestBody": {"required": True, "content": {"application/json": {"schema": {
                "type": "object", "required": ["day", "kind"],
                "properties": {"day": {"type": "string", "format": "date"},
                               "kind": {"type": "string",
                                        "enum": ["holiday", "workday", "normal"]},
                               "name": _optional({"type": "string", "maxLength": 80,
                                                  "description": "null or left out: none"})}}}}},
            "responses": {"200": _json(OBJECT, "the day"), **_errors(400, 401, 403)}}},
        "/api/reports": {"get": {
            "summary": "A period's figures per group, their totals and the period's days "
                       "(admin or supervisor); as JSON, CSV (UTF-8 with BOM) or XLSX",
            "parameters": [
                {"name": "from", "in": "query", "schema": DAY_OR_EMPTY,
                 "description": "first day (default, or empty: today)"},
                {"name": "to", "in": "query", "schema": DAY_OR_EMPTY,
                 "description": "last day (default, or empty: from); at most two years after "
                                "'from'"},
                {"name": "by", "in": "query", "schema": {
                    "type": "string", "default": "service",
                    "enum": ["service", "post", "window", "clerk", "hour", "weekday"]}},
                {"name": "format", "in": "query", "schema": {
                    "type": "string", "default": "json", "enum": ["json", "csv", "xlsx"]}}],
            "responses": {
                "200": {"description": "the report", "content": {
                    "application/json": {"schema": {"$ref": "#/components/schemas/Report"}},
                    "text/csv": {"schema": {"type": "string"}},
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
                        "schema": {"type": "string", "format": "binary"}}}},
                **_errors(400, 401, 403)}}},
    })
    paths.update(_rating_paths())
    paths.update(period_paths())
    paths.update(_kiosk_paths())
    paths.update(admin_paths())  # rules, staff, the kiosk's reprint (web/openapi_admin.py)
    paths.update(_booking_paths())
    for action in window_actions:
        required, properties = WINDOW_ACTION_BODIES.get(action, ((), {}))
        body = {"type": "object", "properties": properties}
        if required:
            body["required"] = list(required)
        paths[f"/api/windows/{{window_no}}/{action}"] = {"post": {
            "summary": f"Window action: {action}",
            "parameters": [_path("window_no", "integer")],
            "requestBody": {"required": bool(required), "content": {
                "application/json": {"schema": body}}},
            "responses": {"200": _json(OBJECT, "the window's snapshot after the action"),
                          **_errors(400, 401, 403, 404, 409)}}}
    return {
        "openapi": "3.0.3",
        "info": {"title": "Hall queue API", "version": "1"},
        "paths": _complete(paths),
        "components": {"responses": _responses_component(), "schemas": {
            "Error": {"type": "object", "required": ["error", "message"],
                      "properties": {"error": {"type": "string"},
                                     "message": {"type": "string"},
                                     "field": {"type": "string",
                                               "description": "the bad field, if one"},
                                     "reason": {"type": "string"}}},
            "Rating": {"type": "object", "properties": {
                "id": {"type": "integer"}, "score": {"type": "integer"},
                "label": {"type": "string"},
                "reasons": {"type": "array", "items": {"type": "string"}},
                "comment": {"type": "string"},
                "source": {"type": "string", "enum": ["phone", "pad"]},
                "rated_at": {"type": "string", "format": "date-time"}}},
            "Ticket": {"type": "object", "required": [
                "id", "number", "state", "windows", "window_no", "people_ahead",
                "estimated_wait_minutes", "status_url"], "properties": {
                "id": {"type": "integer"},
                "number": {"type": "string"}, "state": {"type": "string"},
                "window_no": {"type": "integer", "nullable": True,
                              "description": "the window that called it; null before"},
                "windows": {"type": "array", "items": {"type": "integer"}},
                "people_ahead": {"type": "integer"},
                "estimated_wait_minutes": {
                    "type": "integer", "nullable": True,
                    "description": "minutes from now to the expected call; null: no time is "
                                   "given (no window today, or not before closing)"},
                "estimate": {"type": "object", "properties": {
                    "kind": {"type": "string",
                             "enum": ["range", "opening", "not_today", "none"],
                             "description": "range: called about low–high; opening: no "
                                            "window serves yet, one opens at `opens`; "
                                            "not_today: no window reaches it before closing; "
                                            "none: no window today"},
                    "text": {"type": "string", "description": "the words every screen shows "
                                                              "(Chinese), e.g. 约 10:20–10:35"},
                    "low": {"type": "string", "description": "H:MM, start of the range"},
                    "high": {"type": "string", "description": "H:MM, end of the range"},
                    "opens": {"type": "string", "description": "H:MM of the opening"},
                    "low_at": {"type": "string", "format": "date-time", "nullable": True},
                    "high_at": {"type": "string", "format": "date-time", "nullable": True},
                    "called_at": {"type": "string", "format": "date-time", "nullable": True,
                                  "description": "the expected call the range is drawn around"},
                    "minutes": {"type": "integer", "nullable": True},
                    "can_estimate": {"type": "boolean"},
                    "from_at": {"type": "string", "format": "date-time", "nullable": True,
                                "description": "no window serves now: the first opening "
                                               "later today"},
                    "called_by": {"type": "string", "format": "date-time", "nullable": True,
                                  "description": "the same as called_at (older clients)"},
                    "serving": {"type": "boolean",
                                "description": "a clerk serves the post now; if not, its "
                                               "head is called first once a window opens"}}},
                "status_url": {"type": "string"},
                "slot_at": {"type": "string", "format": "date-time", "nullable": True,
                            "description": "预约: a booked ticket is not called before its "
                                           "slot"},
                "rating": {"type": "object", "nullable": True, "properties": {
                    "score": {"type": "integer"}, "source": {"type": "string"}}},
                "can_rate": {"type": "boolean",
                             "description": "done, unrated, within its rating time"}}},
            "Report": _report_schema(),
            "Kiosk": {"type": "object", "required": ["id", "name", "revoked"], "properties": {
                "id": {"type": "integer"}, "name": {"type": "string"},
                "created_at": {"type": "string", "format": "date-time"},
                "created_by": {"type": "string"},
                "last_seen_at": {"type": "string", "format": "date-time", "nullable": True},
                "revoked_at": {"type": "string", "format": "date-time", "nullable": True},
                "revoked": {"type": "boolean"}, "tickets_today": {"type": "integer"}}},
            "Booking": BOOKING_SCHEMA,
        }},
    }


def _report_schema() -> dict:
    minutes = {"type": "number", "nullable": True}
    share = {"type": "number", "nullable": True, "minimum": 0, "maximum": 1}
    counts = ("issued", "served", "no_show", "cancelled", "expired", "transferred_in",
              "transferred_out", "booked", "booked_no_show", "prioritised")
    figures = {"type": "object", "properties": {
        **{name: {"type": "integer"} for name in counts},
        **{name: minutes for name in (
            "wait_median_minutes", "wait_p90_minutes", "wait_max_minutes",
            "service_median_minutes", "service_p90_minutes")},
        "called_within_15_share": share, "called_within_30_share": share,
        "busiest_hour": {"type": "integer", "nullable": True, "minimum": 0, "maximum": 23},
        "refused": {"type": "object", "properties": {
            name: {"type": "integer"} for name in ("closed", "by_notice", "past_cutoff")}},
        "ratings": {"type": "object", "properties": {
            "count": {"type": "integer"}, "mean": {"type": "number", "nullable": True},
            "satisfied_share": share, "followed_up": {"type": "integer"}}}}}
    row = {"allOf": [figures, {"type": "object", "properties": {
        "key": {"nullable": True, "description": "the group's id (null: never called)"},
        "label": {"type": "string"}}}]}
    return {"type": "object", "properties": {
        "rows": {"type": "array", "items": row},
        "totals": figures,
        "days": {"type": "array", "items": {"type": "object", "properties": {
            "day": {"type": "string", "format": "date"},
            "kind": {"type": "string",
                     "enum": ["workday", "holiday", "makeup_workday", "weekend"]},
            "name": {"type": "string"}}}},
        "period": {"type": "object", "properties": {
            "from": {"type": "string", "format": "date"},
            "to": {"type": "string", "format": "date"}, "by": {"type": "string"},
            "days": {"type": "integer"}, "open_days": {"type": "integer"}}},
        "columns": {"type": "array", "items": {"type": "object"}}}}


BOOKING_REFUSALS = (
    "409 `slot_unavailable` with `reason`: full, past, holiday, outside_hours, too_far; "
    "400 names the bad field (name, contact, slot_at); 404 `not_bookable` or "
    "`unknown_service`.")
CHECK_IN_REFUSALS = (
    "409 `booking_used` (already checked in, or cancelled), `booking_wrong_day` (with "
    "`day`), `issue_refused` (more than the late minutes after the slot: a walk-in's ticket, "
    "and the post is closed); 404 `unknown_booking`; 400 names `code`.")


def _booking_paths() -> dict:
    """预约 (book, cancel, check in; slots; the day's bookings) and 绿色通道 for an admin."""
    booking = {"$ref": "#/components/schemas/Booking"}
    code = _path("code", "string")
    day = {"name": "day", "in": "query", "schema": {"type": "string", "format": "date"}}
    return {
        "/api/bookings/offers": {"get": {
            "summary": "The services a visitor may book, with slot length and places",
            "responses": {"200": _json(OBJECT, "offers")}}},
        "/api/bookings/slots": {"get": {
            "summary": "A booked service's slots on a day, with free places",
            "parameters": [{"name": "service_id", "in": "query", "required": True,
                            "schema": {"type": "string"}}, dict(day, required=True)],
            "responses": {"200": _json({"type": "object", "properties": {
                "slots": {"type": "array", "items": {"type": "object", "properties": {
                    "start_at": {"type": "string", "format": "date-time"},
                    "end_at": {"type": "string", "format": "date-time"},
                    "places": {"type": "integer"}, "free": {"type": "integer"},
                    "bookable": {"type": "boolean"}}}}}}, "slots"),
                **_errors(400, 404)}}},
        "/api/bookings": {
            "post": {
                "summary": "Book a place in a slot (no login); the answer holds the booking "
                           "code (its QR: /book/{code}/qr.svg)",
                "requestBody": {"required": True, "content": {"application/json": {"schema": {
                    "type": "object", "required": ["service_id", "slot_at"], "properties": {
                        "service_id": {"type": "string"},
                        "slot_at": {"type": "string", "format": "date-time"},
                        "name": {"type": "string", "maxLength": 40,
                                 "description": "required unless the hall says not"},
                        "contact": {"type": "string", "maxLength": 80,
                                    "description": "the contact the hall requires "
                                                   "(phone by default)"}}}}}},
                "responses": {"201": _json(booking, "booked"), **_errors(400, 404),
                              "409": _json(ERROR, BOOKING_REFUSALS)}},
            "get": {
                "summary": "A day's bookings (admin, supervisor; a clerk: their windows' "
                           "posts); a booking never checked in after its slot is a no_show",
                "parameters": [day, {"name": "post_id", "in": "query",
                                     "schema": {"type": "string"}}],
                "responses": {"200": _json(OBJECT, "bookings and counts by state"),
                              **_errors(400, 401, 404)}}},
        "/api/bookings/{code}": {"get": {
            "summary": "A booking by its code", "parameters": [code],
            "responses": {"200": _json(booking, "the booking"), **_errors(400, 404)}}},
        "/api/bookings/{code}/cancel": {"post": {
            "summary": "The visitor cancels before the slot starts", "parameters": [code],
            "responses": {"200": _json(booking, "cancelled"), **_errors(400, 404),
                          "409": _json(ERROR, "booking_used (not booked any more), "
                                              "slot_unavailable (started)")}}},
        "/api/bookings/check-in": {"post": {
            "summary": "Check a booked visitor in at the kiosk with their code: a ticket "
                       "with the booking prefix, called from its slot",
            "requestBody": {"required": True, "content": {"application/json": {"schema": {
                "type": "object", "required": ["code"], "properties": {
                    "code": {"type": "string", "description": "typed, or scanned from the QR"},
                    "kiosk": {"type": "string", "maxLength": 40}}}}}},
            "responses": {"201": _json({"allOf": [{"$ref": "#/components/schemas/Ticket"}, {
                "type": "object", "properties": {"booking": booking}}]}, "checked in"),
                **_errors(400, 404), "409": _json(ERROR, CHECK_IN_REFUSALS)}}},
        "/api/admin/booking-offers": {
            "get": {"summary": "Every booked service's slots, defaults included (admin)",
                    "responses": {"200": _json(OBJECT, "offers"), **_errors(401, 403)}},
            "post": {
                "summary": "Set a service's slots: length, places, window, on or off (admin)",
                "requestBody": {"required": True, "content": {"application/json": {"schema": {
                    "type": "object", "required": ["service_id", "slot_minutes", "places"],
                    "properties": {
                        "service_id": {"type": "string"},
                        "slot_minutes": {"type": "integer", "minimum": 5, "maximum": 240},
                        "places": {"type": "integer", "minimum": 1, "maximum": 50},
                        "window_no": {"type": "integer", "nullable": True},
                        "enabled": {"type": "boolean", "default": True}}}}}},
                "responses": {"200": _json(OBJECT, "the offer"),
                              **_errors(400, 401, 403, 404)}}},
        "/api/tickets/{ticket_id}/priority": {"post": {
            "summary": "Mark a waiting ticket 绿色通道 (admin; a clerk uses "
                       "/api/windows/{window_no}/priority)",
            "parameters": [_path("ticket_id", "integer")],
            "requestBody": {"required": True, "content": {"application/json": {"schema": {
                "type": "object", "required": ["reason"], "properties": {
                    "reason": {"type": "string", "enum": list(PRIORITY_REASONS)},
                    "note": {"type": "string", "maxLength": 200,
                             "description": "required with 'other'"}}}}}},
            "responses": {"200": _json({"$ref": "#/components/schemas/Ticket"}, "marked"),
                          **_errors(400, 401, 403, 404),
                          "409": _json(ERROR, "illegal_move: not waiting, or already "
                                              "marked")}}},
    }


BOOKING_SCHEMA = {"type": "object", "properties": {
    "code": {"type": "string"},
    "state": {"type": "string", "enum": ["booked", "checked_in", "cancelled", "no_show"]},
    "service": OBJECT, "post": OBJECT, "windows_label": {"type": "string"},
    "day": {"type": "string", "format": "date"},
    "slot_at": {"type": "string", "format": "date-time"},
    "slot_end_at": {"type": "string", "format": "date-time"},
    "name": {"type": "string"}, "can_cancel": {"type": "boolean"},
    "ticket": {"type": "object", "nullable": True}, "late": {"type": "boolean"}}}


def _path(name: str, kind: str) -> dict:
    return {"name": name, "in": "path", "required": True, "schema": {"type": kind}}
