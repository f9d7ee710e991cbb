"""Staff login and window authorisation: who may act where, sessions, rate limits and CSRF."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from queue_server import staff
from queue_server.models import AuditEntry, StaffUser, WindowSession
from queue_server.realtime import socketio
from tests.actors import Clerk, add_staff, log_in
from tests.catalog_lookup import service_named
from tests.screens import events, snapshots

PASSWORD = "a-long-password"
HALL_PASSWORD_METHOD = staff.PASSWORD_METHOD  # read at import, before conftest.py swaps it



@pytest.fixture
def loan(hall):
    return service_named(hall.catalog, "助学贷款", window=3).id


def window_state(hall, window_no: int) -> dict:
    """The window's snapshot read straight from the database, with no login."""
    from queue_server.screens.clerk import window_snapshot

    with hall.reading() as session:
        return window_snapshot(session, hall, window_no, at=hall.clock.now())


def test_a_clerk_of_window_8_cannot_call_finish_or_transfer_for_window_3(
        kiosk, clerk, clerk_of, hall, published, loan, household):
    kiosk.take(loan)
    kiosk.take(loan)
    clerk.open(3)
    clerk.call(3)
    before = window_state(hall, 3)
    published.clear()
    intruder = clerk_of(8)
    for action, body in [("call", {}), ("finish", {}), ("transfer", {"service_id": household}),
                         ("no-show", {}), ("recall", {}), ("pause", {"reason": "x"}),
                         ("close", {}), ("call", {"ticket_id": before["waiting"][0]["id"]})]:
        response = intruder.act(3, action, **body)
        assert response.status_code == 403, action
        assert response.json["error"] == "forbidden" and response.json["window"] == 3
    assert intruder.client.get("/api/windows/3").status_code == 403
    assert published == []
    assert window_state(hall, 3) == before


def test_a_clerk_acts_at_their_own_window_under_their_name(kiosk, clerk_of, hall, household):
    kiosk.take(household)
    li = clerk_of(8, name="李老师")
    assert li.open(8).status_code == 200
    assert li.call(8).json["current"]["state"] == "called"
    with hall.reading() as session:
        sitting = session.scalars(select(WindowSession)).one()
        actors = set(session.scalars(select(AuditEntry.actor).where(
            AuditEntry.kind.in_(["window.opened", "ticket.called"]))))
    assert sitting.clerk == "李老师" and actors == {"李老师"}


def test_a_clerk_of_two_windows_may_use_both(clerk_of):
    both = clerk_of(14, 15)
    assert both.open(14).status_code == 200
    assert both.open(15).status_code == 200
    assert both.open(8).status_code == 403


def test_anonymous_callers_are_refused_and_pages_send_them_to_login(client, hall):
    response = client.post("/api/windows/8/call", json={})
    assert response.status_code == 401 and response.json["error"] == "login_required"
    assert client.get("/api/windows/8").status_code == 401
    page = client.get("/window/8")
    assert page.status_code == 302 and page.headers["Location"] == "/login?next=/window/8"
    assert window_state(hall, 8)["window"]["clerk"] is None


def test_public_endpoints_stay_public(client, household):
    issued = client.post("/api/tickets", json={"service_id": household})
    assert issued.status_code == 201
    token = issued.json["status_url"].rsplit("/", 1)[1]
    for url in ("/api/board", "/api/catalog", "/api/services?q=户籍", f"/api/tickets/{token}",
                f"/api/services/{household}", "/api/csrf"):
        assert client.get(url).status_code == 200, url


def test_login_page_is_chinese_first_with_english_on_request(client):
    assert "员工登录" in client.get("/login").text
    english = client.get("/login?lang=en").text
    assert "Staff login" in english and "Password" in english


def test_login_goes_back_to_the_page_asked_for(client, hall):
    add_staff(hall, "zhang", PASSWORD, role="clerk", windows=[8])
    response = client.post("/login", data={"name": "zhang", "password": PASSWORD,
                                           "next": "/window/8?lang=en"})
    assert response.status_code == 302 and response.headers["Location"] == "/window/8?lang=en"


def test_login_never_redirects_to_another_site(client, hall):
    add_staff(hall, "zhang", PASSWORD, role="clerk", windows=[8])
    response = client.post("/login", data={"name": "zhang", "password": PASSWORD,
                                           "next": "//evil.example/steal"})
    assert response.headers["Location"] == "/window/8"  # a clerk of one window lands there


def test_the_hall_keeps_passwords_as_scrypt_hashes(client, hall, monkeypatch):
    """The suite hashes with one round for speed (tests/conftest.py); the hall uses scrypt."""
    monkeypatch.setattr(staff, "PASSWORD_METHOD", HALL_PASSWORD_METHOD)
    add_staff(hall, "zhang", PASSWORD, role="clerk", windows=[8])
    with hall.reading() as session:
        stored = session.scalars(select(StaffUser.password_hash)).one()
    assert stored.startswith("scrypt:") and PASSWORD not in stored
    assert log_in(client, "zhang", PASSWORD).status_code == 302
    assert log_in(client, "zhang", "not-the-password").status_code == 401


def test_wrong_password_and_unknown_name_get_the_same_answer(client, hall):
    add_staff(hall, "zhang", PASSWORD, role="clerk", windows=[8])
    wrong = log_in(client, "zhang", "not-the-password")
    unknown = log_in(client, "nobody", PASSWORD)
    assert wrong.status_code == unknown.status_code == 401
    assert "用户名或密码错误" in wrong.text and "用户名或密码错误" in unknown.text
    assert client.get("/api/windows/8").status_code == 401
    with hall.reading() as session:
        kinds = list(session.scalars(select(AuditEntry.kind)))
    assert kinds.count("staff.login_failed") == 2


def test_a_disabled_account_cannot_log_in(client, hall):
    add_staff(hall, "zhang", PASSWORD, role="clerk", windows=[8])
    with hall.unit_of_work() as uow:
        staff.disable_user(uow, "zhang", actor="admin")
    response = log_in(client, "zhang", PASSWORD)
    assert response.status_code == 403 and "账号已停用" in response.text
    assert client.get("/api/windows/8").status_code == 401


def test_disabling_an_account_ends_its_session(clerk_of, hall):
    zhang = clerk_of(8, name="zhang")
    assert zhang.client.get("/api/windows/8").status_code == 200
    with hall.unit_of_work() as uow:
        staff.disable_user(uow, "zhang", actor="admin")
    assert zhang.open(8).status_code == 401


def test_a_new_password_ends_the_old_sessions(clerk_of, hall, app):
    zhang = clerk_of(8, name="zhang")
    with hall.unit_of_work() as uow:
        staff.set_password(uow, "zhang", "a-brand-new-password", actor="admin")
    assert zhang.client.get("/api/windows/8").status_code == 401
    again = Clerk(app.test_client()).log_in("zhang", "a-brand-new-password")
    assert again.client.get("/api/windows/8").status_code == 200


def test_logout_ends_the_session(clerk):
    assert clerk.client.get("/api/windows/8").status_code == 200
    response = clerk.client.post("/logout")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert clerk.client.get("/api/windows/8").status_code == 401


def test_guessing_one_accounts_password_locks_that_account_only(app, client, hall):
    add_staff(hall, "zhang", PASSWORD, role="clerk", windows=[8])
    add_staff(hall, "li", PASSWORD, role="clerk", windows=[14])
    for _ in range(5):
        assert log_in(client, "zhang", "guess-guess").status_code == 401
    blocked = log_in(client, "zhang", PASSWORD)
    assert blocked.status_code == 429 and "登录尝试过多" in blocked.text
    assert client.get("/api/windows/8").status_code == 401
    colleague = app.test_client()  # the same office address: li still logs in
    assert log_in(colleague, "li", PASSWORD).status_code == 302


def test_successful_logins_never_count_against_anyone(app, hall):
    add_staff(hall, "zhang", PASSWORD, role="clerk", windows=[8])
    for _ in range(12):
        assert log_in(app.test_client(), "zhang", PASSWORD).status_code == 302


def test_many_failures_from_one_address_are_limited_across_accounts(app, client, hall):
    for n in range(30):
        assert log_in(client, f"nobody-{n}", "guess-guess").status_code == 401
    assert log_in(client, "nobody-31", "guess-guess").status_code == 429


def test_a_request_without_the_csrf_token_is_refused_and_changes_nothing(
        clerk, kiosk, hall, published, household):
    kiosk.take(household)
    published.clear()
    clerk.client.send_csrf = False
    response = clerk.open(8)
    assert response.status_code == 400 and response.json["error"] == "csrf_failed"
    issued = clerk.client.post("/api/tickets", json={"service_id": household})
    assert issued.status_code == 400 and issued.json["error"] == "csrf_failed"
    forged = clerk.client.post("/api/windows/8/open", headers={"X-CSRFToken": "forged"})
    assert forged.status_code == 400
    assert published == []
    state = window_state(hall, 8)
    assert state["window"]["clerk"] is None and len(state["waiting"]) == 1


def test_the_login_form_needs_its_csrf_token(client, hall):
    add_staff(hall, "zhang", PASSWORD, role="clerk", windows=[8])
    client.send_csrf = False
    response = log_in(client, "zhang", PASSWORD)
    assert response.status_code == 400 and "页面已过期" in response.text
    assert client.get("/api/windows/8").status_code == 401


def test_the_session_cookie_is_httponly_and_samesite_lax(client):
    response = client.get("/api/csrf")
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


CSRF_META = re.compile(r'<meta name="csrf-token" content="([^"]+)">')


# The lobby board changes nothing, so it carries no token (display has its own base page).
@pytest.mark.parametrize("page", ["/login", "/kiosk", "/kiosk/services/{household}", "/t/{token}",
                                  "/window/8", "/admin"])
def test_every_page_hands_its_scripts_the_token_a_change_needs(clerk, kiosk, household, page):
    """A page embeds the session's token and loads csrf.js (which sends it on fetch); a
    change without the token is refused, the same change with the page's token is done."""
    token = kiosk.take(household).json["status_url"].rsplit("/", 1)[1]
    client = clerk.client
    client.send_csrf = False
    html = client.get(page.format(household=household, token=token)).text
    page_token = CSRF_META.search(html).group(1)
    scripts = re.findall(r'<script src="([^"]+)"', html)
    assert [src for src in scripts if src.endswith("/csrf.js")] == scripts[:1]
    with client.get(scripts[0]) as script:
        assert script.status_code == 200
    change = {"service_id": household, "kiosk": "kiosk-1"}
    refused = client.post("/api/tickets", json=change)
    assert refused.status_code == 400 and refused.json["error"] == "csrf_failed"
    taken = client.post("/api/tickets", json=change, headers={"X-CSRFToken": page_token})
    assert taken.status_code == 201


# ---- Socket.IO: staff screens are authenticated like the API ----

def connect(app, client, **auth):
    return socketio.test_client(app, flask_test_client=client, auth=auth)


def test_a_clerk_of_window_8_cannot_join_window_3s_room(app, clerk_of):
    clerk_8 = clerk_of(8)
    assert not connect(app, clerk_8.client, screen="window", window=3).is_connected()
    own = connect(app, clerk_8.client, screen="window", window=8)
    assert own.is_connected()
    assert own.get_received()[0]["name"] == "snapshot"


def test_a_clerk_of_window_8_hears_nothing_of_window_3(app, clerk, clerk_of, kiosk, loan):
    clerk_8 = clerk_of(8)
    own = connect(app, clerk_8.client, screen="window", window=8)
    own.get_received()
    kiosk.take(loan)
    clerk.open(3)
    clerk.call(3)
    received = own.get_received()
    assert all(event.get("window_no") != 3 for event in events(received))
    assert all(snapshot["window"]["number"] == 8 for snapshot in snapshots(received))


def test_anonymous_sockets_cannot_watch_a_window_but_may_watch_the_board(app, client):
    assert not connect(app, client, screen="window", window=8).is_connected()
    assert connect(app, client, screen="board").is_connected()


def test_a_supervisor_reads_but_acts_at_no_window(app, hall, kiosk, household):
    from flask_login import login_user

    from queue_server.web.auth import StaffLogin
    from queue_server.web.authorise import supervisor_actor

    add_staff(hall, "周主管", "supervisor-password", role="supervisor", windows=[8])
    supervisor = Clerk(app.test_client()).log_in("周主管", "supervisor-password")
    assert supervisor.open(8).status_code == 403
    assert supervisor.client.get("/api/windows/8").status_code == 403
    assert supervisor.client.get("/admin").status_code == 403
    with app.test_request_context():
        with hall.unit_of_work(read_only=True) as uow:
            account = staff.list_users(uow)[0]
        assert account.windows == () and account.may_supervise
        login_user(StaffLogin(account, "a-token-never-stored", None))
        assert supervisor_actor() == "周主管"
