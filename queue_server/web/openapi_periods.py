"""The OpenAPI paths of the admin's dated changes and holiday years (web/admin_periods.py)."""

from __future__ import annotations


def _json(schema: dict, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _errors(*codes: int) -> dict:
    error = {"$ref": "#/components/schemas/Error"}
    names = {400: "bad input, `field` names it (or a missing CSRF token); nothing written",
             401: "login required", 403: "not an admin", 404: "no such period"}
    return {str(c): _json(error, names[c]) for c in codes}


DAY = {"type": "string", "format": "date"}
PERIOD_IN = {
    "type": "object", "required": ["kind", "first_day"],
    "description": "hours: post_id or window_no, last_day and hours; suspension: service_id, "
                   "last_day and reason; move: service_id and to_post_id (no last_day)",
    "properties": {
        "kind": {"type": "string", "enum": ["hours", "suspension", "move"]},
        "post_id": {"type": "string", "nullable": True},
        "window_no": {"type": "integer", "nullable": True},
        "service_id": {"type": "string", "nullable": True},
        "to_post_id": {"type": "string", "nullable": True},
        "first_day": DAY, "last_day": {**DAY, "nullable": True},
        "hours": {"type": "string", "maxLength": 200,
                  "description": "as the guide writes hours, e.g. 周二、周四 9:00-11:30"},
        "reason": {"type": "string", "maxLength": 200,
                   "description": "hours: the period's name (寒假); suspension: shown at the "
                                  "kiosk"}}}
PERIOD = {"type": "object", "required": ["id", "kind", "first_day"], "properties": {
    **PERIOD_IN["properties"], "id": {"type": "integer"}, "created_by": {"type": "string"},
    "updated_by": {"type": "string"}, "removed": {"type": "boolean"}}}
HOLIDAY_YEAR = {"type": "object", "required": ["year", "provisional", "days"], "properties": {
    "year": {"type": "integer"},
    "provisional": {"type": "boolean",
                    "description": "python-holidays' computation, not yet confirmed"},
    "official": {"type": "boolean", "description": "chinese_calendar's official data"},
    "days": {"type": "array", "items": {"type": "object", "properties": {
        "day": DAY, "kind": {"type": "string", "enum": ["holiday", "workday"]},
        "name": {"type": "string"}}}}}}


def _period_id() -> dict:
    return {"name": "period_id", "in": "path", "required": True, "schema": {"type": "integer"}}


def _year() -> dict:
    return {"name": "year", "in": "path", "required": True, "schema": {"type": "integer"}}


def period_paths() -> dict:
    body = {"required": True, "content": {"application/json": {"schema": PERIOD_IN}}}
    return {
        "/api/admin/periods": {
            "get": {"summary": "Dated changes in force or coming, this year's and next year's "
                               "holidays, the names of posts and services (admin)",
                    "responses": {"200": _json({"type": "object", "properties": {
                        "periods": {"type": "array", "items": PERIOD},
                        "holiday_years": {"type": "array", "items": HOLIDAY_YEAR},
                        "names": {"type": "object"}}}, "the periods"),
                        **_errors(401, 403)}},
            "post": {"summary": "Add hours for a period, a suspended or a moved service "
                                "(admin; audited, pushed to every screen)",
                     "requestBody": body,
                     "responses": {"201": _json(PERIOD, "the period"),
                                   **_errors(400, 401, 403)}}},
        "/api/admin/periods/{period_id}": {
            "put": {"summary": "Edit a period (its kind stays) (admin)",
                    "parameters": [_period_id()], "requestBody": body,
                    "responses": {"200": _json(PERIOD, "the period"),
                                  **_errors(400, 401, 403, 404)}},
            "delete": {"summary": "Remove a period (admin)", "parameters": [_period_id()],
                       "responses": {"200": _json(PERIOD, "the removed period"),
                                     **_errors(401, 403, 404)}}},
        "/api/admin/holiday-years/{year}": {"get": {
            "summary": "A year's holidays: official, provisional (computed) or confirmed (admin)",
            "parameters": [_year()],
            "responses": {"200": _json(HOLIDAY_YEAR, "the year"), **_errors(401, 403)}}},
        "/api/admin/holiday-years/{year}/confirm": {"post": {
            "summary": "Confirm a provisional year from the State Council's notice: `days` "
                       "(holidays and make-up workdays) replace the year's calendar days; "
                       "without `days` the computed holidays are taken (admin)",
            "parameters": [_year()],
            "requestBody": {"required": False, "content": {"application/json": {"schema": {
                "type": "object", "properties": {"days": {"type": "array", "items": {
                    "type": "object", "required": ["day", "kind"], "properties": {
                        "day": DAY, "kind": {"type": "string", "enum": ["holiday", "workday"]},
                        "name": {"type": "string", "maxLength": 80}}}}}}}}},
            "responses": {"200": _json(HOLIDAY_YEAR, "the confirmed year"),
                          **_errors(400, 401, 403)}}},
    }
