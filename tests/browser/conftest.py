"""Browser tests: the real app served on a free loopback port, driven by Playwright in
Debian's headless Chromium. The hall clock is a FixedClock the test moves; nothing sleeps
to wait for a clock."""

from __future__ import annotations

import shutil
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from queue_server.app import create_app
from queue_server.clock import FixedClock
from queue_server.config import Config
from queue_server.hall import Hall
from tests.actors import Clerk, Kiosk, PageClient, add_staff
from tests.ports import free_port

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--autoplay-policy=no-user-gesture-required"]

pytestmark = pytest.mark.browser


@dataclass
class LiveHall:
    """A running hall: its URL, its clock and its Hall, restartable on the same port."""

    config: Config
    clock: FixedClock
    port: int
    app: object = None
    _server: object = None
    _thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def hall(self) -> Hall:
        return self.app.extensions["hall"]

    def start(self) -> LiveHall:
        self.app = create_app(self.config, clock=self.clock)
        self._server = make_server("127.0.0.1", self.port, self.app, threaded=True)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._thread.join(timeout=10)
            self.hall.database.engine.dispose()
            self._server = None

    def restart(self) -> LiveHall:
        """Stop the server and start a fresh process-like app on the same port and data."""
        self.stop()
        return self.start()


DESK_PASSWORD = "board-test-password-1"


def log_in_page(page, url: str, name: str, password: str, then: str) -> None:
    """Log a browser page in through /login, as staff do, and land on `then`."""
    page.goto(f"{url}/login?next={then}")
    page.fill("#name", name)
    page.fill("#password", password)
    page.click("button[type=submit]")
    page.wait_for_url(f"**{then}")


@pytest.fixture
def start_live_hall(tmp_path: Path, sqlite_template, clock):
    """Start a hall on a copy of the migrated SQLite file; `Config` overrides as keywords
    (a test's own catalog_path, say), the hall's rules as `rules` (HallSettings fields).
    Stopped when the test ends."""
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (.ci/run installs it)")
    started: list[LiveHall] = []

    def start(rules: dict | None = None, **overrides) -> LiveHall:
        shutil.copy(sqlite_template, tmp_path / "hall.db")
        port = free_port()
        config = Config.for_tests(tmp_path, settings=_settings(port, **(rules or {})),
                                  **overrides)
        started.append(LiveHall(config, clock, port).start())
        return started[-1]

    yield start
    for hall in started:
        hall.stop()


@pytest.fixture
def live_hall(start_live_hall) -> LiveHall:
    return start_live_hall()


@pytest.fixture
def desk(live_hall) -> tuple[Kiosk, Clerk]:
    """A kiosk and a logged-in admin clerk acting on the live hall through its endpoints."""
    app = live_hall.app
    add_staff(live_hall.hall, "李老师", DESK_PASSWORD, role="admin")
    kiosk = Kiosk(PageClient(app, app.response_class, use_cookies=True))
    clerk = Clerk(PageClient(app, app.response_class, use_cookies=True)).log_in("李老师",
                                                                                 DESK_PASSWORD)
    return kiosk, clerk


def _settings(port: int, **rules):
    """Open issuing unless a test says otherwise (test_kiosk_pairing.py pairs a kiosk)."""
    from queue_server.settings import HallSettings

    return HallSettings(public_base_url=f"http://127.0.0.1:{port}",
                        **{"open_issuing": True, **rules})


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (.ci/run installs it)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True,
                                              args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


# Behaviour tests wait on pages with Playwright's `wait_for_function`, which evaluates its
# predicate as a string: the hall's CSP (no eval) refuses that, so these contexts bypass it.
# tests/browser/test_csp.py loads every page with the CSP in force.


@pytest.fixture
def page(browser):
    """A fresh browser context (own cookies) at a 1920×1080 screen, Chinese first."""
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="zh-CN",
                                  bypass_csp=True)  # no eval under the CSP
    context.set_default_timeout(5000)
    yield context.new_page()
    context.close()


@pytest.fixture
def new_page(browser):
    """More pages with their own cookies: a kiosk, a clerk and the board at once."""
    contexts = []

    def make(width: int = 1920, height: int = 1080):
        context = browser.new_context(viewport={"width": width, "height": height},
                                      locale="zh-CN", bypass_csp=True)  # no eval under the CSP
        context.set_default_timeout(5000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()
