"""Staff accounts on the web: an admin adds a clerk or a supervisor, chooses windows,
disables, resets a password (shown once) and sees last logins; every change audited; the
command line keeps working on the same accounts."""

from __future__ import annotations

from queue_server.models import AuditEntry
from tests.actors import Clerk, log_in


def test_an_admin_adds_a_clerk_who_then_serves_their_window(app, clerk, hall):
    made = clerk.client.post("/api/admin/staff", json={
        "name": "李老师", "role": "clerk", "windows": [8, 14]})
    assert made.status_code == 201, made.json
    assert made.json["windows"] == [8, 14] and len(made.json["password"]) >= 8
    new = Clerk(app.test_client()).log_in("李老师", made.json["password"])
    assert new.open(8).status_code == 200
    assert new.open(20).status_code == 403
    listed = {s["name"]: s for s in clerk.client.get("/api/admin/staff").json["staff"]}
    assert listed["李老师"]["last_login_at"].startswith("2026-12-03T10:00")
    assert listed["王老师"]["role"] == "admin"
    with hall.reading() as session:
        added = session.query(AuditEntry).filter_by(kind="staff.added").all()
    assert any(e.actor == "王老师" and e.payload["name"] == "李老师" for e in added)


def test_bad_accounts_are_refused_naming_the_field(clerk):
    def add(**body):
        return clerk.client.post("/api/admin/staff", json={"role": "clerk", **body})

    assert add(name="王老师", windows=[8]).status_code == 409
    assert add(name="王老师", windows=[8]).json["field"] == "name"
    unknown_window = add(name="赵老师", windows=[8, 99])
    assert unknown_window.status_code == 400 and unknown_window.json["field"] == "windows"
    assert unknown_window.json["windows"] == [99]
    assert add(name="赵老师", windows=[]).json["field"] == "windows"
    role = clerk.client.post("/api/admin/staff", json={"name": "赵老师", "role": "boss"})
    assert role.status_code == 400 and role.json["field"] == "role"
    admin = clerk.client.post("/api/admin/staff", json={"name": "赵老师", "role": "admin"})
    assert admin.status_code == 400 and admin.json["field"] == "role"
    short = add(name="赵老师", windows=[8], password="short")
    assert short.status_code == 400 and short.json["field"] == "password"
    names = [s["name"] for s in clerk.client.get("/api/admin/staff").json["staff"]]
    assert "赵老师" not in names  # nothing half-written


def test_windows_disable_enable_and_reset(app, clerk, clerk_of):
    other = clerk_of(8, name="钱老师")
    changed = clerk.client.patch("/api/admin/staff/钱老师", json={"windows": [14, 15]})
    assert changed.status_code == 200 and changed.json["windows"] == [14, 15]
    assert other.open(8).status_code == 403 and other.open(14).status_code == 200
    bad = clerk.client.patch("/api/admin/staff/钱老师", json={"windows": [77]})
    assert bad.status_code == 400 and bad.json["field"] == "windows"
    assert clerk.client.patch("/api/admin/staff/钱老师",
                              json={"disabled": True}).json["disabled"] is True
    assert other.client.get("/api/windows/14").status_code == 401  # its session ended
    assert clerk.client.patch("/api/admin/staff/钱老师",
                              json={"disabled": False}).status_code == 200
    again = Clerk(app.test_client()).log_in("钱老师", "counter-password")
    assert again.client.get("/api/windows/14").status_code == 200
    reset = clerk.client.post("/api/admin/staff/钱老师/password")
    assert reset.status_code == 200 and len(reset.json["password"]) >= 8
    assert again.client.get("/api/windows/14").status_code == 401  # a reset ends its logins
    assert log_in(app.test_client(), "钱老师", "counter-password").status_code != 302
    assert log_in(app.test_client(), "钱老师", reset.json["password"]).status_code == 302
    assert clerk.client.patch("/api/admin/staff/nobody", json={"disabled": True}) \
        .status_code == 404
    self_off = clerk.client.patch("/api/admin/staff/王老师", json={"disabled": True})
    assert self_off.status_code == 400 and self_off.json["field"] == "disabled"


def test_only_an_admin_manages_staff(client, clerk_of):
    assert client.get("/api/admin/staff").status_code == 401
    mere = clerk_of(8)
    assert mere.client.get("/api/admin/staff").status_code == 403
    assert mere.client.post("/api/admin/staff", json={
        "name": "x1", "role": "clerk", "windows": [8]}).status_code == 403


def test_the_command_line_sees_accounts_made_on_the_web(clerk, hall):
    from queue_server import staff

    clerk.client.post("/api/admin/staff", json={"name": "孙老师", "role": "supervisor"})
    with hall.unit_of_work() as uow:
        assert "孙老师" in [a.name for a in staff.list_users(uow)]
