"""Fixtures for every layer: the clock, the printer, the app on SQLite (and PostgreSQL when
TEST_DATABASE_URL is set), the bus log, and actors that use the real endpoints."""

from __future__ import annotations

import fcntl
import ipaddress
import os
import shutil
import socket

import pytest
from sqlalchemy import MetaData, create_engine, text
from sqlalchemy.engine import make_url

from queue_server.clock import FixedClock, hall_time
from queue_server.config import Config
from queue_server.events import Event
from queue_server.migrate import upgrade
from queue_server.settings import HallSettings
from tests.actors import Clerk, Kiosk, PageClient, add_staff
from tests.databases import WORKER, fresh_database

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


# Tests whose server processes meet over Redis pub/sub (whose channels every Redis database
# shares) run one at a time, in one worker (`--dist loadgroup`): two of them at once would
# hear each other's halls.
REDIS_MODULES = {"test_scale_out.py", "test_rules_scale_out.py", "test_deploy.py",
                 "test_relay.py"}


def pytest_collection_modifyitems(items):
    for item in items:
        if item.path.name in REDIS_MODULES:
            item.add_marker(pytest.mark.xdist_group("redis"))


@pytest.fixture(autouse=True)
def alone_when_timed(request, tmp_path_factory):
    """Under xdist, a test marked `alone` (it asserts a real-time bound: a call on the board
    within a second, say) runs while the other worker waits between two of its tests; every
    other test shares the turn. A waiting `alone` test goes before the next shared one."""
    if not WORKER:
        yield
        return
    shared = tmp_path_factory.getbasetemp().parent  # the run's directory, above each worker's
    alone = request.node.get_closest_marker("alone") is not None
    with open(shared / "turn.lock", "a") as turn, open(shared / "gate.lock", "a") as gate:
        fcntl.flock(gate, fcntl.LOCK_EX)  # queue at the gate: a waiting `alone` test holds it
        fcntl.flock(turn, fcntl.LOCK_EX if alone else fcntl.LOCK_SH)
        fcntl.flock(gate, fcntl.LOCK_UN)
        yield
    # closing the files ends both locks


@pytest.fixture(scope="session")
def postgres_url():
    url = os.environ["TEST_DATABASE_URL"]
    if WORKER:  # the worker's own database (hall_test_gw0, …)
        url = fresh_database(make_url(url).database)
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    upgrade(url)
    return url


@pytest.fixture(scope="session")
def fresh_postgres(postgres_url):
    """Empty every table (all but alembic_version) and restart the ids, as TRUNCATE …
    RESTART IDENTITY CASCADE does; DELETE in foreign-key order and ALTER SEQUENCE … RESTART
    take milliseconds where TRUNCATE makes new files for every table and index (~0.1 s)."""
    engine = create_engine(postgres_url, pool_size=1)
    tables = MetaData()
    tables.reflect(engine)
    with engine.connect() as conn:
        sequences = conn.execute(text(
            "SELECT sequencename FROM pg_sequences WHERE schemaname='public'")).scalars().all()
    reset = "; ".join(
        [f"DELETE FROM {table.name}" for table in reversed(tables.sorted_tables)
         if table.name != "alembic_version"]
        + [f"ALTER SEQUENCE {name} RESTART" for name in sequences])

    def fresh() -> str:
        with engine.begin() as conn:
            conn.exec_driver_sql(reset)
        return postgres_url

    yield fresh
    engine.dispose()


@pytest.fixture(params=database_urls())
def database_url(request, tmp_path, sqlite_template) -> str:
    if request.param == "sqlite":
        path = tmp_path / "hall.db"
        shutil.copy(sqlite_template, path)
        return f"sqlite:///{path}"
    return request.getfixturevalue("fresh_postgres")()


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


QUICK_PASSWORD_METHOD = "pbkdf2:sha256:1"


@pytest.fixture(scope="session", autouse=True)
def quick_password_hashes():
    """Staff passwords hashed with one round of PBKDF2 instead of scrypt (~0.15 s a hash here,
    two for every logged-in clerk). What a test checks of a login is unchanged: the hash is
    still made and checked by werkzeug; test_auth.py checks the hall's own method."""
    from queue_server import staff

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(staff, "PASSWORD_METHOD", QUICK_PASSWORD_METHOD)
        staff._nobody_hash.cache_clear()
        yield
    staff._nobody_hash.cache_clear()
