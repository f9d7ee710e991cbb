"""The API keeps its contract: schemathesis generates requests from /api/openapi.json for
every operation, anonymous and as a logged-in admin (session cookie + CSRF token), and every
answer must be documented, match its schema and never be a 5xx. A bounded number of cases
per operation keeps it to seconds (FUZZ_EXAMPLES raises it for a deeper run by hand)."""

from __future__ import annotations

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import (
    content_type_conformance,
    negative_data_rejection,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.generation import GenerationMode

from queue_server.clock import FixedClock, hall_time
from queue_server.config import Config
from queue_server.migrate import upgrade
from queue_server.web.api import ACTIONS
from queue_server.web.openapi import openapi_document
from tests.actors import Clerk, PageClient, add_staff

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "6"))
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance, negative_data_rejection]
ADMIN = ("契约管理员", "contract-password")


@pytest.fixture(scope="module")
def contract_app(tmp_path_factory):
    from printer.devices import MemoryDevice
    from queue_server.app import create_app

    data = tmp_path_factory.mktemp("contract")
    config = Config.for_tests(data)
    upgrade(config.database_url)
    app = create_app(config, clock=FixedClock(hall_time("2026-12-03 10:00")),
                     device=MemoryDevice())
    app.test_client_class = PageClient
    add_staff(app.extensions["hall"], ADMIN[0], ADMIN[1], role="admin")
    yield app
    app.extensions["hall"].database.engine.dispose()


@pytest.fixture(scope="module")
def api_schema(contract_app):
    return schemathesis.openapi.from_wsgi("/api/openapi.json", contract_app)


@pytest.fixture(scope="module")
def visitors(contract_app) -> dict[str, tuple[dict, dict]]:
    """(cookies, headers) of an anonymous page (its CSRF token) and of a logged-in admin."""
    anonymous = contract_app.test_client()
    token = anonymous.csrf_token()
    admin = Clerk(contract_app.test_client()).log_in(*ADMIN)
    return {
        "anonymous": ({"session": anonymous.get_cookie("session").value},
                      {"X-CSRFToken": token}),
        "admin": ({"session": admin.client.get_cookie("session").value},
                  {"X-CSRFToken": admin.client.csrf_token()}),
    }


FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                suppress_health_check=list(HealthCheck))
OPERATIONS = [(method.upper(), path)
              for path, operations in openapi_document(sorted(ACTIONS))["paths"].items()
              for method in operations]


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE],
                         ids=["valid", "invalid"])
@pytest.mark.parametrize("who", ["anonymous", "admin"])
@pytest.mark.parametrize(("method", "path"), OPERATIONS)
def test_every_answer_is_documented_and_never_a_server_error(api_schema, visitors, who,
                                                             method, path, mode):
    """Valid requests (by the document) and invalid ones (which must get a 4xx)."""
    cookies, headers = visitors[who]

    @FUZZ
    @given(case=api_schema[path][method].as_strategy(generation_mode=mode))
    def fuzz(case):
        case.call_and_validate(cookies=cookies, headers=headers, checks=CHECKS)

    try:
        fuzz()
    except Unsatisfiable:  # nothing in the request can be made invalid (no body, no number)
        assert mode is GenerationMode.NEGATIVE


def test_a_bad_filter_on_the_ratings_is_refused_not_ignored(contract_app):
    """Found by the fuzzer: ?bad=<anything> listed every rating as if the filter were off."""
    admin = Clerk(contract_app.test_client()).log_in(*ADMIN)
    refused = admin.client.get("/api/admin/ratings?bad=yes")
    assert refused.status_code == 400 and refused.json["field"] == "bad"
    assert admin.client.get("/api/admin/ratings?bad=1").status_code == 200


def test_the_document_lists_the_shared_answers_with_their_bodies(contract_app):
    document = contract_app.test_client().get("/api/openapi.json").json
    answers = document["components"]["responses"]
    assert answers["MethodNotAllowed"]["headers"]["Allow"]
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            codes = set(operation["responses"])
            assert "405" in codes, (method, path)
            if method == "post":
                assert "400" in codes, (method, path)  # csrf_failed
            if path.startswith("/api/admin/"):
                assert {"401", "403"} <= codes, (method, path)
    transfer = document["paths"]["/api/windows/{window_no}/transfer"]["post"]
    assert transfer["requestBody"]["content"]["application/json"]["schema"]["required"] == [
        "service_id"]


def test_what_the_document_allows_as_null_or_empty_the_server_takes(contract_app):
    """A calendar day's name and the notice may be null or empty (no name; clears the
    notice): the document says so, so a client built from it is not refused."""
    document = contract_app.test_client().get("/api/openapi.json").json
    body = "/api/admin/calendar", "/api/admin/notice"
    schemas = [document["paths"][p]["post"]["requestBody"]["content"]["application/json"]
               ["schema"]["properties"] for p in body]
    assert schemas[0]["name"]["nullable"] and schemas[1]["text"]["nullable"]
    admin = Clerk(contract_app.test_client()).log_in(*ADMIN).client
    assert admin.post(body[0], json={"day": "2026-12-24", "kind": "holiday",
                                     "name": None}).status_code == 200
    assert admin.post(body[1], json={"text": ""}).json == {"notice": ""}
    refused = admin.post(body[0], json={"day": "2026-12-24", "kind": None})
    assert refused.status_code == 400 and refused.json["field"] == "kind"  # required: no null


def test_an_empty_report_day_is_documented_as_the_default(contract_app):
    """Found by the fuzzer: `?to=` (a form's unfilled date) is the default day, not a bad
    date; the document now says so, and a real bad date is still refused."""
    document = contract_app.test_client().get("/api/openapi.json").json
    to = next(p for p in document["paths"]["/api/reports"]["get"]["parameters"]
              if p["name"] == "to")
    assert {"type": "string", "enum": [""]} in to["schema"]["anyOf"]
    admin = Clerk(contract_app.test_client()).log_in(*ADMIN).client
    assert admin.get("/api/reports?from=2026-12-01&to=").status_code == 200
    refused = admin.get("/api/reports?to=12/01")
    assert refused.status_code == 400 and refused.json["field"] == "to"
