"""A real hall issues tickets to registered kiosks only: pairing, the device credential
(X-Kiosk-Key), revoking, the per-kiosk limit, the card rule and remote join from a phone."""

from __future__ import annotations

import os
import uuid

import pytest
from sqlalchemy import func, select

import run
from queue_server.config import Config
from queue_server.models import Ticket
from queue_server.settings import HallSettings
from tests.actors import Kiosk, add_kiosk


@pytest.fixture
def rules() -> dict:
    """The hall's rules for a test (parametrize `rules` to change them): a real hall."""
    return {}


@pytest.fixture
def config(tmp_path, database_url, rules) -> Config:
    return Config.for_tests(tmp_path, database_url=database_url,
                            settings=HallSettings(**rules))


def issued(hall) -> list[Ticket]:
    with hall.reading() as session:
        return list(session.scalars(select(Ticket).order_by(Ticket.id)))


def count_tickets(hall) -> int:
    with hall.reading() as session:
        return session.scalar(select(func.count()).select_from(Ticket))


@pytest.fixture
def east_gate(app, hall) -> Kiosk:
    """A registered kiosk, 东门1号机, on a client of its own."""
    return Kiosk(app.test_client(), name="ignored-label", key=add_kiosk(hall, "东门1号机"))


def test_a_real_hall_gives_no_ticket_without_a_registered_kiosk(client, hall, household,
                                                                  published):
    refused = Kiosk(client).take(household)
    assert refused.status_code == 403
    assert refused.json["error"] == "remote_join_closed"
    assert refused.json["message"] == "请到大厅的自助取号机取号"
    english = client.post("/api/tickets?lang=en", json={"service_id": household})
    assert english.json["message"] == "Please take a ticket at a kiosk in the hall"
    assert count_tickets(hall) == 0 and published == []


def test_a_registered_kiosks_ticket_carries_its_name(east_gate, hall, household):
    response = east_gate.take(household)
    assert response.status_code == 201 and response.json["number"] == "H001"
    ticket = issued(hall)[0]
    assert (ticket.kiosk_device, ticket.kiosk) == ("东门1号机", "东门1号机")


def test_a_kiosk_program_sends_only_its_credential_no_session_no_csrf_token(
        app, east_gate, household):
    program = app.test_client()
    program.send_csrf = False  # no cookie, no token: only the header
    taken = program.post("/api/tickets", json={"service_id": household},
                         headers={"X-Kiosk-Key": east_gate.key})
    assert taken.status_code == 201
    forged = program.post("/api/tickets", json={"service_id": household})
    assert forged.status_code == 400 and forged.json["error"] == "csrf_failed"


def test_an_unknown_key_is_401_and_a_revoked_kiosk_403_and_nothing_is_issued(
        app, clerk, east_gate, hall, household, published):
    stranger = Kiosk(app.test_client(), key="hk_made-up")
    refused = stranger.take(household)
    assert refused.status_code == 401 and refused.json["error"] == "kiosk_key_unknown"
    assert "未登记" in refused.json["message"]
    listed = clerk.client.get("/api/kiosk-devices").json["kiosks"]
    revoked = clerk.client.post(f"/api/kiosk-devices/{listed[0]['id']}/revoke")
    assert revoked.status_code == 200 and revoked.json["revoked"] is True
    refused = east_gate.take(household)
    assert refused.status_code == 403 and refused.json["error"] == "kiosk_revoked"
    assert "东门1号机" in refused.json["message"]
    assert east_gate.client.get("/api/kiosk-device",
                                headers={"X-Kiosk-Key": east_gate.key}).status_code == 403
    assert count_tickets(hall) == 0 and published == []


def test_an_admin_pairs_a_kiosk_with_a_code_typed_once(app, clerk, hall, household, clock):
    made = clerk.client.post("/api/kiosk-devices/pairings", json={"name": "北门2号机"})
    assert made.status_code == 201
    code = made.json["code"]
    assert len(code) == 8 and made.json["pair_url"].endswith(f"/kiosk?pair={code}")
    kiosk_client = app.test_client()
    typed = code[:4].lower() + "-" + code[4:].lower()  # case and a dash do not matter
    paired = kiosk_client.post("/api/kiosk-devices/pair", json={"code": typed})
    assert paired.status_code == 201 and paired.json["name"] == "北门2号机"
    key = paired.json["key"]
    assert kiosk_client.get("/api/kiosk-device",
                            headers={"X-Kiosk-Key": key}).json == {"name": "北门2号机"}
    assert Kiosk(kiosk_client, key=key).take(household).status_code == 201
    again = app.test_client().post("/api/kiosk-devices/pair", json={"code": code})
    assert again.status_code == 400 and again.json["error"] == "pairing_refused"
    assert again.json["field"] == "code"
    [kiosk] = clerk.client.get("/api/kiosk-devices").json["kiosks"]
    assert (kiosk["name"], kiosk["tickets_today"], kiosk["revoked"]) == ("北门2号机", 1, False)
    assert kiosk["last_seen_at"] == clock.now().isoformat()
    # the key is stored only as a hash
    with hall.reading() as session:
        from queue_server.models import KioskDevice, KioskPairing
        stored = session.scalars(select(KioskDevice)).one()
        assert key not in stored.key_hash
        assert all(code not in p.code_hash for p in session.scalars(select(KioskPairing)))


def test_a_pairing_code_expires_after_ten_minutes(app, clerk, clock):
    code = clerk.client.post("/api/kiosk-devices/pairings", json={"name": "k9"}).json["code"]
    clock.advance(minutes=10)
    late = app.test_client().post("/api/kiosk-devices/pair", json={"code": code})
    assert late.status_code == 400 and late.json["error"] == "pairing_refused"


def test_only_an_admin_registers_or_lists_kiosks(client, clerk_of):
    assert client.post("/api/kiosk-devices/pairings", json={"name": "k"}).status_code == 401
    assert client.get("/api/kiosk-devices").status_code == 401
    clerk = clerk_of(8)
    assert clerk.client.post("/api/kiosk-devices/pairings",
                             json={"name": "k"}).status_code == 403
    assert clerk.client.post("/api/kiosk-devices/1/revoke").status_code == 403


def test_a_registered_name_is_not_paired_twice_until_revoked(clerk, east_gate):
    taken = clerk.client.post("/api/kiosk-devices/pairings", json={"name": "东门1号机"})
    assert taken.status_code == 409 and taken.json["error"] == "kiosk_exists"
    blank = clerk.client.post("/api/kiosk-devices/pairings", json={"name": "  "})
    assert blank.status_code == 400 and blank.json["field"] == "name"


def test_guessing_pairing_codes_is_stopped(app):
    guesser = app.test_client()
    answers = [guesser.post("/api/kiosk-devices/pair", json={"code": f"WRONG{n:03d}"})
               for n in range(11)]
    assert [a.status_code for a in answers] == [400] * 10 + [429]
    assert int(answers[-1].headers["Retry-After"]) > 0


def test_a_flood_from_one_kiosk_is_429_and_nothing_more_is_issued(app, hall, east_gate,
                                                                   household, transcript):
    taken = [east_gate.take(household if n % 2 else transcript) for n in range(6)]
    assert [t.status_code for t in taken] == [201] * 6
    flood = east_gate.take(household)
    assert flood.status_code == 429 and flood.json["error"] == "too_many_requests"
    assert 1 <= int(flood.headers["Retry-After"]) <= 60
    assert flood.json["message"].startswith("取号太频繁，请")
    east_gate.client.get("/kiosk?lang=en")
    assert east_gate.take(household).json["message"].startswith("Too many tickets")
    assert count_tickets(hall) == 6
    other = Kiosk(app.test_client(), key=add_kiosk(hall, "西门机"))
    assert other.take(household).status_code == 201  # the limit is per kiosk


@pytest.mark.parametrize("rules", [{"card_required": True}])
def test_a_card_holds_one_open_ticket_per_post(east_gate, hall, household, transcript):
    missing = east_gate.take(household)
    assert missing.status_code == 422 and missing.json["error"] == "card_required"
    assert missing.json["field"] == "card"
    for bad in ("12", "2019-0123-45", "学号2019", "9" * 21, "9" * 500, 2019012345, ["x"]):
        malformed = east_gate.take(household, card=bad)
        assert malformed.status_code == 422 and malformed.json["error"] == "card_malformed"
        assert malformed.json["field"] == "card"
    assert east_gate.take(household, card="2019012345").status_code == 201
    twice = east_gate.take(household, card=" 2019012345\n")
    assert twice.status_code == 409 and twice.json["error"] == "card_limit"
    assert east_gate.take(transcript, card="2019012345").status_code == 201  # another post
    assert east_gate.take(household, card="11010519491231002x").status_code == 201
    stored = [t.card_hash for t in issued(hall)]
    assert len(stored) == 3 and len(set(stored)) == 2 and stored[0] == stored[1]
    assert all(len(h) == 64 and "2019012345" not in h for h in stored)
    east_gate.client.get("/kiosk?lang=en")  # the kiosk page's language, kept in a cookie
    english = east_gate.take(household, card="2019012345")
    assert english.json["message"] == ("This card already holds a ticket at this desk; please "
                                       "wait until it is called")


@pytest.mark.parametrize("rules", [{"card_required": True}])
def test_a_card_may_take_another_ticket_once_its_first_is_done(east_gate, clerk, household):
    assert east_gate.take(household, card="2019012345").status_code == 201
    clerk.open(8)
    clerk.call(8)
    clerk.finish(8)
    assert east_gate.take(household, card="2019012345").status_code == 201


@pytest.mark.parametrize("rules", [{"remote_join": True, "remote_tickets_per_hour": 2}])
def test_remote_join_from_a_phone_has_its_own_tighter_limit(client, hall, household):
    phone = Kiosk(client, name="my-phone")
    assert [phone.take(household).status_code for _ in range(2)] == [201, 201]
    third = phone.take(household)
    assert third.status_code == 429 and int(third.headers["Retry-After"]) > 60
    assert "手机取号太频繁" in third.json["message"]
    assert [t.kiosk for t in issued(hall)] == ["phone", "phone"]
    assert all(t.kiosk_device is None for t in issued(hall))


@pytest.mark.parametrize("rules", [{"open_issuing": True}])
def test_open_issuing_takes_any_client_but_still_refuses_a_wrong_key(app, client, hall,
                                                                     household):
    assert Kiosk(client, name="lobby-pc").take(household).status_code == 201
    assert issued(hall)[0].kiosk == "lobby-pc" and issued(hall)[0].kiosk_device is None
    wrong = Kiosk(app.test_client(), key="hk_wrong").take(household)
    assert wrong.status_code == 401


def test_the_openapi_document_names_the_kiosk_key_and_its_refusals(client):
    paths = client.get("/api/openapi.json").json["paths"]
    issue = paths["/api/tickets"]["post"]
    assert any(p["name"] == "X-Kiosk-Key" and p["in"] == "header" for p in issue["parameters"])
    assert {"201", "401", "403", "409", "422", "429"} <= set(issue["responses"])
    assert "Retry-After" in issue["responses"]["429"]["headers"]
    assert "/api/kiosk-devices/pair" in paths and "/api/kiosk-devices/pairings" in paths


def test_run_py_kiosk_add_list_revoke(tmp_path, monkeypatch, capsys, household):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    data = str(tmp_path / "hall-data")
    assert run.main(["kiosk", "add", "大厅1号机", "--data", data]) == 0
    key = capsys.readouterr().out.strip().splitlines()[-1]
    assert key.startswith("hk_") and len(key) > 40
    assert run.main(["kiosk", "add", "大厅1号机", "--data", data]) == 1
    assert "已登记" in capsys.readouterr().err
    from queue_server.app import create_app
    from tests.actors import PageClient

    app = create_app(Config.from_env(data))
    app.test_client_class = PageClient
    taken = Kiosk(app.test_client(), key=key).take(household)  # the real clock: maybe closed
    assert taken.status_code == 201 or taken.json["error"] == "issue_refused"
    assert run.main(["kiosk", "list", "--data", data]) == 0
    listed = capsys.readouterr().out
    assert "大厅1号机" in listed and "启用 active" in listed
    assert run.main(["kiosk", "revoke", "大厅1号机", "--data", data]) == 0
    capsys.readouterr()
    refused = Kiosk(app.test_client(), key=key).take(household)
    assert refused.status_code == 403 and refused.json["error"] == "kiosk_revoked"
    assert run.main(["kiosk", "revoke", "没有这台", "--data", data]) == 1
    app.extensions["hall"].database.engine.dispose()


def test_demo_and_open_issuing_1_keep_issuing_open_and_a_real_hall_does_not(monkeypatch):
    monkeypatch.delenv("OPEN_ISSUING", raising=False)
    real = run.argparse.Namespace(host="0.0.0.0", port=5000, demo=False)
    assert run._settings_for(real).open_issuing is False
    assert run._settings_for(run.argparse.Namespace(host="127.0.0.1", port=5000,
                                                    demo=True)).open_issuing is True
    monkeypatch.setenv("OPEN_ISSUING", "1")
    assert run._settings_for(real).open_issuing is True


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="REDIS_URL is not set")
def test_two_processes_share_a_kiosks_limit_through_redis():
    from limits import RateLimitItemPerMinute

    from queue_server.web.kiosk_devices import IssueGate

    first, second = IssueGate(os.environ["REDIS_URL"]), IssueGate(os.environ["REDIS_URL"])
    kiosk, limit = f"test-{uuid.uuid4().hex}", RateLimitItemPerMinute(6)
    assert [first.take(limit, "kiosk-tickets", kiosk) for _ in range(4)] == [None] * 4
    assert [second.take(limit, "kiosk-tickets", kiosk) for _ in range(2)] == [None] * 2
    assert 1 <= first.take(limit, "kiosk-tickets", kiosk) <= 60
