"""`run.py user add | list | passwd | disable`, as an installer types them."""

from __future__ import annotations

import io

import pytest

import run
from queue_server import staff
from queue_server.app import create_app
from queue_server.config import Config
from queue_server.migrate import upgrade
from queue_server.staff_cli import on_serve
from tests.actors import PageClient, log_in


@pytest.fixture
def data(tmp_path, monkeypatch):
    """A fresh data directory (SQLite) and no DATABASE_URL from the environment."""
    monkeypatch.delenv("DATABASE_URL", raising=False)
    return str(tmp_path / "hall-data")


def user(monkeypatch, capsys, *args: str, stdin: str = "") -> tuple[int, str, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = run.main(["user", *args])
    out, err = capsys.readouterr()
    return code, out, err


def accounts(data: str) -> dict[str, staff.Staff]:
    app = create_app(Config.from_env(data))
    hall = app.extensions["hall"]
    with hall.unit_of_work(read_only=True) as uow:
        found = {a.name: a for a in staff.list_users(uow)}
    hall.database.engine.dispose()
    return found


def can_log_in(data: str, name: str, password: str) -> bool:
    """Whether the login form lets `name` in with `password` (a 302 to their page)."""
    app = create_app(Config.from_env(data))
    app.test_client_class = PageClient
    try:
        return log_in(app.test_client(), name, password).status_code == 302
    finally:
        app.extensions["hall"].database.engine.dispose()


def test_add_a_clerk_of_two_windows_and_an_admin(data, monkeypatch, capsys):
    code, out, _ = user(monkeypatch, capsys, "add", "王老师", "--role", "clerk", "--window", "14",
                        "--window", "15", "--data", data, stdin="secret-password\n")
    assert code == 0 and "王老师" in out
    code, _, _ = user(monkeypatch, capsys, "add", "boss", "--role", "admin", "--data", data,
                      stdin="admin-password\n")
    assert code == 0
    found = accounts(data)
    assert found["王老师"].windows == (14, 15) and found["王老师"].role == "clerk"
    assert found["boss"].is_admin
    assert can_log_in(data, "王老师", "secret-password")


def test_list_shows_roles_windows_and_state(data, monkeypatch, capsys):
    user(monkeypatch, capsys, "add", "li", "--role", "clerk", "--window", "8", "--data", data,
         stdin="secret-password\n")
    code, out, _ = user(monkeypatch, capsys, "list", "--data", data)
    assert code == 0
    line = next(x for x in out.splitlines() if x.startswith("li"))
    assert "clerk" in line and "8" in line and "active" in line


def test_an_empty_list_says_how_to_begin(data, monkeypatch, capsys):
    code, out, _ = user(monkeypatch, capsys, "list", "--data", data)
    assert code == 0 and "user add" in out


@pytest.mark.parametrize(("stdin", "says"), [("\n", "empty"), ("", "empty"),
                                             ("short\n", "at least 8")])
def test_empty_or_short_passwords_are_refused(data, monkeypatch, capsys, stdin, says):
    code, _, err = user(monkeypatch, capsys, "add", "li", "--role", "admin", "--data", data,
                        stdin=stdin)
    assert code == 1 and says in err
    assert accounts(data) == {}


def test_unknown_windows_are_refused(data, monkeypatch, capsys):
    code, _, err = user(monkeypatch, capsys, "add", "li", "--role", "clerk", "--window", "99",
                        "--data", data, stdin="secret-password\n")
    assert code == 1 and "99" in err
    assert accounts(data) == {}


def test_a_clerk_needs_a_window(data, monkeypatch, capsys):
    code, _, err = user(monkeypatch, capsys, "add", "li", "--role", "clerk", "--data", data,
                        stdin="secret-password\n")
    assert code == 1 and "--window" in err


def test_a_name_is_added_once(data, monkeypatch, capsys):
    user(monkeypatch, capsys, "add", "li", "--role", "admin", "--data", data,
         stdin="secret-password\n")
    code, _, err = user(monkeypatch, capsys, "add", "li", "--role", "admin", "--data", data,
                        stdin="other-password\n")
    assert code == 1 and "already exists" in err


def test_passwd_sets_a_new_password(data, monkeypatch, capsys):
    user(monkeypatch, capsys, "add", "li", "--role", "admin", "--data", data,
         stdin="secret-password\n")
    code, _, _ = user(monkeypatch, capsys, "passwd", "li", "--data", data,
                      stdin="another-password\n")
    assert code == 0
    assert can_log_in(data, "li", "another-password")
    assert not can_log_in(data, "li", "secret-password")


def test_passwd_of_an_unknown_account_is_refused(data, monkeypatch, capsys):
    code, _, err = user(monkeypatch, capsys, "passwd", "nobody", "--data", data,
                        stdin="another-password\n")
    assert code == 1 and "nobody" in err


def test_disable_stops_the_login(data, monkeypatch, capsys):
    user(monkeypatch, capsys, "add", "li", "--role", "admin", "--data", data,
         stdin="secret-password\n")
    code, _, _ = user(monkeypatch, capsys, "disable", "li", "--data", data)
    assert code == 0
    assert not can_log_in(data, "li", "secret-password")
    _, out, _ = user(monkeypatch, capsys, "list", "--data", data)
    assert "disabled" in out


def test_demo_accounts_are_made_once(data):
    config = Config.from_env(data)
    upgrade(config.database_url)
    hall = create_app(config).extensions["hall"]
    out = io.StringIO()
    on_serve(hall, demo=True, out=out)
    on_serve(hall, demo=True, out=io.StringIO())
    assert "admin / hall-admin" in out.getvalue() and "clerk / hall-clerk" in out.getvalue()
    with hall.unit_of_work(read_only=True) as uow:
        made = {a.name: a for a in staff.list_users(uow)}
    hall.database.engine.dispose()
    assert made["admin"].is_admin and len(made["clerk"].windows) == 18
