"""Fixtures for every layer: the clock, the printer, the app on SQLite (and PostgreSQL when
TEST_DATABASE_URL is set), the bus log, and actors that use the real endpoints."""

from __future__ import annotations

import ipaddress
import os
import shutil
import socket

import pytest
from sqlalchemy import create_engine, text

from queue_server.clock import FixedClock, hall_time
from queue_server.config import Config
from queue_server.events import Event
from queue_server.migrate import upgrade
from queue_server.settings import HallSettings
from tests.actors import Clerk, Kiosk, PageClient, add_staff

# A Thursday: every window with weekly hours is open at 10:00 (12号 only 14:00-17:00).
THURSDAY_10 = "2026-12-03 10:00"


def database_urls() -> list[str]:
    urls = ["sqlite"]
    if os.environ.get("TEST_DATABASE_URL"):
        urls.append("postgresql")
    return urls


@pytest.fixture(autouse=True)
def only_loopback(monkeypatch):
    """Fail any test that tries to reach beyond this machine."""
    real_connect = socket.socket.connect

    def guarded(self, address):
        if self.family in (socket.AF_INET, socket.AF_INET6):
            host = address[0]
            try:
                loopback = host == "localhost" or ipaddress.ip_address(host).is_loopback
            except ValueError:
                loopback = False
            if not loopback:
                raise AssertionError(f"test tried to connect to {address!r}")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(hall_time(THURSDAY_10))


@pytest.fixture
def device():
    from printer.devices import MemoryDevice

    return MemoryDevice()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory):
    """One migrated SQLite file, copied for each test (migrations run once per session)."""
    path = tmp_path_factory.mktemp("template") / "hall.db"
    upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture(scope="session")
def postgres_url():
    url = os.environ["TEST_DATABASE_URL"]
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    upgrade(url)
    return url


def _fresh_postgres(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as conn:
        tables = conn.execute(text(
            "SELECT tablename FROM pg_tables WHERE schemaname='public' "
            "AND tablename <> 'alembic_version'")).scalars().all()
        if tables:
            conn.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
    engine.dispose()


@pytest.fixture(params=database_urls())
def database_url(request, tmp_path, sqlite_template) -> str:
    if request.param == "sqlite":
        path = tmp_path / "hall.db"
        shutil.copy(sqlite_template, path)
        return f"sqlite:///{path}"
    url = request.getfixturevalue("postgres_url")
    _fresh_postgres(url)
    return url


@pytest.fixture
def config(tmp_path, database_url) -> Config:
    """Open issuing: tests about other things take tickets without a registered kiosk
    (tests/integration/test_kiosk_devices.py is about the real hall's registered kiosks)."""
    return Config.for_tests(tmp_path, database_url=database_url,
                            settings=HallSettings(open_issuing=True))


@pytest.fixture
def app(config, clock, device):
    from queue_server.app import create_app

    app = create_app(config, clock=clock, device=device)
    app.test_client_class = PageClient  # sends the CSRF token, as the hall's pages do
    yield app
    app.extensions["hall"].database.engine.dispose()


@pytest.fixture
def hall(app):
    return app.extensions["hall"]


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def published(hall) -> list[Event]:
    """Every event the bus publishes (only after a commit)."""
    log: list[Event] = []
    hall.bus.subscribe(Event, log.append)
    return log


@pytest.fixture
def kiosk(client) -> Kiosk:
    return Kiosk(client)


CLERK_PASSWORD = "counter-password"


@pytest.fixture
def clerk(client, hall) -> Clerk:
    """The shared `client`, logged in through /login as an admin (may act at every window)."""
    add_staff(hall, "王老师", CLERK_PASSWORD, role="admin")
    return Clerk(client).log_in("王老师", CLERK_PASSWORD)


@pytest.fixture
def clerk_of(app, hall):
    """Make a clerk allowed only at the given windows, logged in on a client of their own."""
    made = []

    def make(*windows: int, name: str | None = None) -> Clerk:
        name = name or f"clerk{len(made) + 1}-" + "-".join(map(str, windows))
        add_staff(hall, name, CLERK_PASSWORD, role="clerk", windows=windows)
        made.append(name)
        return Clerk(app.test_client()).log_in(name, CLERK_PASSWORD)

    return make
