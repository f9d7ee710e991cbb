"""Server-side staff sessions: a copied cookie dies with its login; a new password, a disabled
account and logout end every session of the account; clerks' logins end when idle; a window
page whose login ended leaves its room."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from queue_server import staff
from queue_server.events import StaffSessionsEnded
from queue_server.models import StaffSession
from queue_server.realtime import socketio
from queue_server.scheduler import run_day_rhythm
from tests.actors import Clerk, add_staff
from tests.screens import snapshots

PASSWORD = "a-long-password"


@pytest.fixture
def zhang(app, hall) -> Clerk:
    """A clerk of window 8, logged in on a client of their own."""
    add_staff(hall, "zhang", PASSWORD, role="clerk", windows=[8])
    return Clerk(app.test_client()).log_in("zhang", PASSWORD)


def copy_of(app, client):
    """Another browser holding the same session cookie (copied before logout)."""
    thief = app.test_client()
    thief.set_cookie("session", client.get_cookie("session").value)
    return thief


def connect_window(app, client, window_no: int = 8):
    return socketio.test_client(app, flask_test_client=client,
                                auth={"screen": "window", "window": window_no})


def heard(page) -> list[dict]:
    """What the page received since last asked, also after the server disconnected it."""
    got = list(page.queue)
    page.queue.clear()
    return got


def assert_logged_out(client, window_no: int = 8) -> None:
    page = client.get(f"/window/{window_no}")
    assert page.status_code == 302 and page.headers["Location"].startswith("/login?next=")
    api = client.get(f"/api/windows/{window_no}")
    assert api.status_code == 401 and api.json["error"] == "login_required"
    assert not connect_window(client.application, client, window_no).is_connected()


def test_a_cookie_copied_before_logout_is_refused_after_it(app, zhang):
    thief = copy_of(app, zhang.client)
    assert thief.get("/api/windows/8").status_code == 200  # the copy works while logged in
    zhang.client.post("/logout")
    assert_logged_out(thief)
    thief.send_csrf = False  # its old page's token does not help either
    token = zhang.client.csrf_token()
    acted = thief.post("/api/windows/8/open", headers={"X-CSRFToken": token})
    assert acted.status_code in (400, 401)


def test_logout_ends_every_session_of_the_account(app, hall, zhang):
    second = Clerk(app.test_client()).log_in("zhang", PASSWORD)
    zhang.client.post("/logout")
    assert second.client.get("/api/windows/8").status_code == 401
    with hall.reading() as session:
        rows = session.scalars(select(StaffSession)).all()
    assert [(r.end_reason, r.ended_at is not None) for r in rows] == [("logout", True)] * 2


def test_a_new_password_ends_every_other_session(app, hall, zhang):
    thief = copy_of(app, zhang.client)
    with hall.unit_of_work() as uow:  # what `run.py user passwd zhang` does
        staff.set_password(uow, "zhang", "another-long-password", actor="cli")
    assert_logged_out(zhang.client)
    assert_logged_out(thief)
    fresh = Clerk(app.test_client()).log_in("zhang", "another-long-password")
    assert fresh.client.get("/api/windows/8").status_code == 200


def test_disabling_an_account_ends_its_sessions_and_drops_its_window_page(app, hall, zhang):
    page = connect_window(app, zhang.client)
    assert page.is_connected()
    with hall.unit_of_work() as uow:
        staff.disable_user(uow, "zhang", actor="admin")
    assert not page.is_connected()
    assert_logged_out(zhang.client)


def test_the_session_row_keeps_only_a_hash_of_the_cookies_id(hall, zhang):
    with hall.reading() as session:
        row = session.scalars(select(StaffSession)).one()
    token = zhang.client.get_cookie("session").value
    assert row.token_hash not in token and len(row.token_hash) == 64
    assert row.created_at == row.last_seen_at == hall.clock.now() and row.ended_at is None


def test_a_forged_or_unknown_session_cookie_sends_the_page_to_login(app, zhang):
    forged = app.test_client()
    forged.set_cookie("session", "eyJfdXNlcl9pZCI6ImFueSJ9.forged.signature")
    assert_logged_out(forged)
    # a well-signed cookie naming a session the server never made
    with forged.session_transaction() as cookie:
        cookie["_user_id"] = "x" * 43
    assert_logged_out(forged)


def test_a_clerks_login_ends_after_the_idle_time_and_use_keeps_it(app, hall, clock, zhang):
    assert hall.settings.clerk_idle.total_seconds() == 30 * 60
    clock.advance(minutes=29)
    assert zhang.client.get("/api/windows/8").status_code == 200  # used: seen again
    clock.advance(minutes=29)
    assert zhang.client.get("/api/windows/8").status_code == 200
    clock.advance(minutes=30)
    assert zhang.client.get("/api/windows/8").status_code == 401
    clock.advance(minutes=-30)  # even a clock put back does not revive it
    assert zhang.client.get("/api/windows/8").status_code == 401
    with hall.reading() as session:
        assert session.scalars(select(StaffSession.end_reason)).one() == "idle"


def test_an_admins_login_is_not_ended_by_idleness(clerk, clock):
    clock.advance(hours=3)
    assert clerk.client.get("/api/windows/8").status_code == 200


def test_an_idle_clerks_window_page_leaves_its_room_at_the_schedulers_tick(
        app, hall, clock, zhang, clerk, kiosk, household, published):
    page = connect_window(app, zhang.client)
    page.get_received()
    clock.advance(minutes=31)
    run_day_rhythm(hall)  # what the scheduler does every few seconds
    received = heard(page)
    assert [m["name"] for m in received] == ["session.ended"]
    assert received[0]["args"][0] == {"reason": "idle"}
    assert not page.is_connected()
    ended = [e for e in published if isinstance(e, StaffSessionsEnded)]
    assert [(e.account, e.reason, e.actor) for e in ended] == [("zhang", "idle", "scheduler")]
    kiosk.take(household)
    clerk.open(8)
    clerk.call(8)
    assert heard(page) == []


def test_after_logout_the_window_page_hears_no_more_window_events(
        app, zhang, clerk, kiosk, household):
    page = connect_window(app, zhang.client)
    other_device = Clerk(app.test_client()).log_in("zhang", PASSWORD)
    kiosk.take(household)
    clerk.open(8)
    assert snapshots(page.get_received())  # the page follows its window while logged in
    other_device.client.post("/logout")
    assert [m["name"] for m in heard(page)] == ["session.ended"]
    assert not page.is_connected()
    clerk.call(8)
    assert heard(page) == []


def test_ending_a_session_tells_no_public_screen(app, client, zhang):
    board = socketio.test_client(app, flask_test_client=client, auth={"screen": "board"})
    board.get_received()
    zhang.client.post("/logout")
    assert board.get_received() == [] and board.is_connected()


def test_a_resync_after_the_login_ended_is_refused(app, hall, clock, zhang):
    page = connect_window(app, zhang.client)
    page.get_received()
    clock.advance(minutes=31)  # idle, and no scheduler tick yet: found at the next event
    page.emit("resync", {"screen": "window", "window": 8})
    names = [m["name"] for m in heard(page)]
    assert "snapshot" not in names and "session.ended" in names
    assert not page.is_connected()


def test_run_py_user_passwd_logs_the_account_out_everywhere(tmp_path, monkeypatch, capsys):
    import io

    import run
    from queue_server.app import create_app
    from queue_server.config import Config
    from tests.actors import PageClient

    monkeypatch.delenv("DATABASE_URL", raising=False)
    data = str(tmp_path / "hall-data")

    def cli(*args: str, stdin: str = "") -> int:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        return run.main(["user", *args, "--data", data])

    assert cli("add", "zhang", "--role", "clerk", "--window", "8", stdin=PASSWORD + "\n") == 0
    app = create_app(Config.from_env(data))
    app.test_client_class = PageClient
    try:
        zhang = Clerk(app.test_client()).log_in("zhang", PASSWORD)
        assert zhang.client.get("/api/windows/8").status_code == 200
        assert cli("passwd", "zhang", stdin="another-long-password\n") == 0
        assert zhang.client.get("/api/windows/8").status_code == 401
    finally:
        app.extensions["hall"].database.engine.dispose()
    capsys.readouterr()


def test_a_session_ended_in_another_process_drops_this_processs_socket(app, hall, zhang):
    """The relay hands this process the other process's StaffSessionsEnded (as wire JSON)."""
    from queue_server.events import event_from_wire

    page = connect_window(app, zhang.client)
    with hall.reading() as session:
        session_id = session.scalars(select(StaffSession.id)).one()
    elsewhere = StaffSessionsEnded(at=hall.clock.now(), actor="zhang", account="zhang",
                                   session_ids=[session_id], reason="logout")
    app.extensions["hall_staff_sockets"]([event_from_wire(elsewhere.to_wire())])
    assert "session.ended" in [m["name"] for m in heard(page)]
    assert not page.is_connected()
