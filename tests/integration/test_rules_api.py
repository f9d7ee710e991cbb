"""The hall's rules on the web: `GET/PUT /api/admin/rules`, checked per field, audited, in
force at once; the start's settings are defaults only."""

from __future__ import annotations

from dataclasses import dataclass, field

from queue_server import rules
from queue_server.clock import hall_time
from queue_server.models import AuditEntry, HallRules
from queue_server.realtime import socketio
from queue_server.settings import HallSettings, rule
from tests.integration.test_board_page import page_config
from tests.screens import snapshots


def test_an_admin_reads_the_rules_as_one_object(clerk):
    shown = clerk.client.get("/api/admin/rules").json
    assert shown["cutoff_minutes"] == 15 and shown["requeue_places"] == 3
    assert shown["requeue_times"] == 1 and shown["makeup_weekday"] == 0
    assert shown["paper_mm"] == 80 and shown["show_estimate"] is True
    assert shown["announce_reading"] == "digits"
    assert "public_base_url" not in shown  # fixed at start, not a web rule
    fields = {f["key"]: f for f in clerk.client.get("/api/admin/rules/fields").json["fields"]}
    assert (fields["cutoff_minutes"]["low"], fields["cutoff_minutes"]["high"]) == (0, 120)
    assert fields["paper_mm"]["choices"] == [58, 80]


def test_only_an_admin_reads_or_changes_them(client, clerk_of):
    assert client.get("/api/admin/rules").status_code == 401
    clerk = clerk_of(8)
    assert clerk.client.get("/api/admin/rules").status_code == 403
    assert clerk.client.put("/api/admin/rules", json={"cutoff_minutes": 30}).status_code == 403


def test_a_changed_cutoff_is_in_force_at_once(clerk, kiosk, clock, household, hall):
    clock.set(hall_time("2026-12-03 16:20"))  # closes 17:00
    assert kiosk.take(household).status_code == 201
    answer = clerk.client.put("/api/admin/rules", json={"cutoff_minutes": 45})
    assert answer.status_code == 200 and answer.json["cutoff_minutes"] == 45
    refused = kiosk.take(household).json
    assert refused["verdict"] == "past_cutoff"
    with hall.reading() as session:
        entry = session.query(AuditEntry).filter_by(kind="hall.rules").one()
    assert entry.actor == "王老师" and entry.payload["changes"] == {"cutoff_minutes": [15, 45]}


def test_bad_rules_are_refused_naming_the_field_and_nothing_is_written(clerk, hall):
    cases = [({"cutoff_minutes": 121}, "cutoff_minutes"),
             ({"cutoff_minutes": -1}, "cutoff_minutes"),
             ({"requeue_places": 51}, "requeue_places"),
             ({"paper_mm": 70}, "paper_mm"),
             ({"show_estimate": "yes"}, "show_estimate"),
             ({"cutoff_minutes": "15"}, "cutoff_minutes"),
             ({"announce_reading": "klingon"}, "announce_reading"),
             ({"public_base_url": "http://evil"}, "public_base_url"),
             ({"no_such_rule": 1}, "no_such_rule"),
             ({"cutoff_minutes": 30, "requeue_places": 99}, "requeue_places")]
    for body, named in cases:
        answer = clerk.client.put("/api/admin/rules", json=body)
        assert answer.status_code == 400, body
        assert answer.json["field"] == named, (body, answer.json)
    assert clerk.client.put("/api/admin/rules", json={}).status_code == 400
    assert clerk.client.get("/api/admin/rules").json["cutoff_minutes"] == 15
    with hall.reading() as session:
        assert session.get(HallRules, 1) is None


def test_the_start_settings_are_defaults_only(tmp_path, clock, device, database_url):
    """CUTOFF_MINUTES and friends (run.py) fill what an admin never changed."""
    from queue_server.app import create_app
    from queue_server.config import Config

    config = Config.for_tests(tmp_path, database_url=database_url,
                              settings=HallSettings(requeue_places=5, paper_mm=58))
    app = create_app(config, clock=clock, device=device)
    hall = app.extensions["hall"]
    try:
        assert (hall.settings.requeue_places, hall.settings.paper_mm) == (5, 58)
        with hall.unit_of_work() as uow:
            rules.change_rules(uow, {"paper_mm": 80}, actor="admin")
        assert (hall.settings.requeue_places, hall.settings.paper_mm) == (5, 80)
    finally:
        hall.database.engine.dispose()


def test_the_board_reads_numbers_as_the_rule_says(clerk, client):
    assert page_config(client.get("/board").get_data(as_text=True))["reading"] == "digits"
    clerk.client.put("/api/admin/rules", json={"announce_reading": "natural"})
    assert page_config(client.get("/board").get_data(as_text=True))["reading"] == "natural"


def test_an_open_board_hears_the_new_reading_without_a_reload(app, clerk, client):
    board = socketio.test_client(app, flask_test_client=client, auth={"screen": "board"})
    assert snapshots(board.get_received())[-1]["reading"] == "digits"
    clerk.client.put("/api/admin/rules", json={"announce_reading": "natural"})
    assert snapshots(board.get_received())[-1]["reading"] == "natural"
    board.disconnect()


def test_a_new_field_needs_no_storage_code():
    """Another rule added to HallSettings is stored and checked by its declaration."""

    @dataclass(frozen=True)
    class Wider(HallSettings):
        priority_every: int = rule(3, low=1, high=10)
        open_issuing: bool = field(default=False)

    original = rules.HallSettings
    rules.HallSettings = Wider
    try:
        keys = {f["key"] for f in rules.described()}
        assert {"priority_every", "open_issuing"} <= keys
        stored = rules._from_stored(Wider(), {"priority_every": 7, "open_issuing": True,
                                              "gone_rule": 1})
        assert (stored.priority_every, stored.open_issuing) == (7, True)
        assert rules._from_stored(Wider(), {"priority_every": 70}).priority_every == 3
    finally:
        rules.HallSettings = original


def test_another_process_reads_the_new_rules_by_the_version_check(
        tmp_path, clock, device, database_url, clerk, hall, monkeypatch):
    """Without the relay's event, a process sees a change at its next version check (at
    most CHECK_SECONDS later): a second app on the same database stands for it."""
    from queue_server.app import create_app
    from queue_server.config import Config

    now = [1000.0]
    monkeypatch.setattr(rules.time, "monotonic", lambda: now[0])
    other_app = create_app(Config.for_tests(tmp_path / "other", database_url=database_url),
                           clock=clock, device=device)
    other = other_app.extensions["hall"]
    try:
        assert other.settings.cutoff.seconds == 900
        assert clerk.client.put("/api/admin/rules",
                                json={"cutoff_minutes": 30}).status_code == 200
        assert hall.settings.cutoff.seconds == 1800  # this process: at once
        assert other.settings.cutoff.seconds == 900  # the other: not yet checked
        now[0] += rules.CHECK_SECONDS
        assert other.settings.cutoff.seconds == 1800
    finally:
        other.database.engine.dispose()
