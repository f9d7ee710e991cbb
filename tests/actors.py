"""Test actors that use the real endpoints, the way a kiosk and a clerk's page do.

`PageClient` is the Flask test client every `app` hands out: like a hall page (whose
base.html embeds the token), it sends the session's CSRF token as `X-CSRFToken` on every
state-changing request. CSRF stays on in tests; set `send_csrf = False` to act like a
forged cross-site request.
"""

from __future__ import annotations

from flask.testing import FlaskClient

from queue_server.web.api import ACTIONS

SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}


class PageClient(FlaskClient):
    send_csrf = True
    _csrf_token: str | None = None

    def csrf_token(self) -> str:
        """The session's token, from `GET /api/csrf` (as a page script may also get it)."""
        if self._csrf_token is None:
            response = self.get("/api/csrf")
            assert response.status_code == 200, response.data
            self._csrf_token = response.json["csrf_token"]
        return self._csrf_token

    def open(self, *args, **kwargs):
        method = str(kwargs.get("method", "GET")).upper()
        if self.send_csrf and method not in SAFE_METHODS and args and isinstance(args[0], str):
            headers = dict(kwargs.pop("headers", None) or {})
            headers.setdefault("X-CSRFToken", self.csrf_token())
            kwargs["headers"] = headers
        return super().open(*args, **kwargs)


def add_staff(hall, name: str, password: str, *, role: str = "clerk", windows=()) -> None:
    """An account made through the staff service, as `run.py user add` does."""
    from queue_server import staff

    with hall.unit_of_work() as uow:
        staff.add_user(uow, name, password, role=role, windows=list(windows), actor="test")


def log_in(client, name: str, password: str):
    """Log `client` in through the login form; returns the response (302 when it worked)."""
    return client.post("/login", data={"name": name, "password": password})


def add_kiosk(hall, name: str) -> str:
    """Register a kiosk as `run.py kiosk add` does; its device credential."""
    from queue_server import kiosks

    with hall.unit_of_work() as uow:
        return kiosks.add_kiosk(uow, name, actor="test")[1]


class Kiosk:
    """A kiosk taking tickets; with `key`, a registered kiosk sending its credential."""

    def __init__(self, client, name: str = "kiosk-1", key: str | None = None) -> None:
        self.client, self.name, self.key = client, name, key

    def take(self, service_id: str, **body):
        headers = {"X-Kiosk-Key": self.key} if self.key is not None else {}
        return self.client.post("/api/tickets", headers=headers,
                                json={"service_id": service_id, "kiosk": self.name, **body})

    def number(self, service_id: str) -> str:
        response = self.take(service_id)
        assert response.status_code == 201, response.json
        return response.json["number"]


class Clerk:
    def __init__(self, client, name: str = "") -> None:
        self.client, self.name = client, name

    def log_in(self, name: str, password: str) -> Clerk:
        response = log_in(self.client, name, password)
        assert response.status_code == 302, response.data
        self.name = name
        return self

    def act(self, window_no: int, action: str, **body):
        return self.client.post(f"/api/windows/{window_no}/{action}", json=body)

    def open(self, window_no: int):
        return self.act(window_no, "open")

    def call(self, window_no: int, **body):
        return self.act(window_no, "call", **body)

    def called_number(self, window_no: int) -> str | None:
        response = self.call(window_no)
        assert response.status_code == 200, response.json
        current = response.json["current"]
        return current["number"] if current else None

    def __getattr__(self, attribute: str):
        """`clerk.no_show(8)`, `clerk.pause(8, reason=…)`: one of the server's window actions
        (`queue_server.web.api.ACTIONS`). Anything else is an AttributeError, so a misspelt
        action fails loudly; send an unknown one on purpose with `act(window_no, action)`."""
        action = attribute.replace("_", "-")
        if attribute.startswith("_") or action not in ACTIONS:
            raise AttributeError(f"{type(self).__name__} has no {attribute!r}; window actions "
                                 f"are {', '.join(sorted(ACTIONS))} (act() sends any other)")
        return lambda window_no, **body: self.act(window_no, action, **body)
