"""Names and reasons that reach a page as data (catalog names, a clerk's pause reason, an
admin's closure reason) show as text on every screen that draws them from a snapshot or an
answer: markup in them is never parsed. The catalog here names window 8's post and its
household-certificate service with an <img onerror> that would set `window.__xss`."""

from __future__ import annotations

import pytest
import yaml

from catalog.loader import default_catalog_path
from queue_server import overrides
from queue_server.clock import hall_time
from tests.actors import add_staff
from tests.browser.conftest import log_in_page

MARKUP = '<img src=x onerror="window.__xss=1">'
POST_NAME = MARKUP + "户籍管理岗"
SERVICE_NAME = MARKUP + "开具户籍证明"
HOUSEHOLD = "8-kjhjzm"
PAUSE_REASON = MARKUP + "去复印"
CLOSURE_REASON = MARKUP + "系统升级"


@pytest.fixture
def live_hall(start_live_hall, tmp_path):
    """The hall with the marked-up catalog (overrides the plain one for `desk` too)."""
    data = yaml.safe_load(default_catalog_path().read_text(encoding="utf-8"))
    post = next(p for p in data["posts"] if p["id"] == "w8")
    service = next(s for s in data["services"] if s["id"] == HOUSEHOLD)
    post["name"], service["name"] = POST_NAME, SERVICE_NAME
    path = tmp_path / "marked-up.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return start_live_hall(catalog_path=path)


def shows_as_text(page, *texts: str) -> None:
    """Each text is on the page as written, and no markup from it became an element."""
    for text in texts:
        page.wait_for_function("text => document.body.innerText.includes(text)", arg=text)
    assert page.locator("img[src=x]").count() == 0
    assert page.evaluate("window.__xss") is None


def test_the_board_and_the_window_screen(live_hall, new_page, desk):
    kiosk, clerk = desk
    with live_hall.hall.unit_of_work() as uow:
        overrides.add_override(uow, kind="closure", window_no=14,
                               start_at=hall_time("2026-12-03 09:00"),
                               end_at=hall_time("2026-12-03 17:00"), reason=CLOSURE_REASON,
                               actor="admin")
    board, screen = new_page(), new_page()
    board.goto(f"{live_hall.url}/board")
    board.wait_for_function("window.hallBoard && window.hallBoard.snapshot !== null")
    screen.goto(f"{live_hall.url}/board/window/8")
    kiosk.number(HOUSEHOLD)
    assert clerk.open(8).status_code == 200
    assert clerk.pause(8, reason=PAUSE_REASON).status_code == 200
    shows_as_text(board, POST_NAME, PAUSE_REASON, CLOSURE_REASON)
    shows_as_text(screen, POST_NAME, PAUSE_REASON)


def test_the_clerk_page(live_hall, page, desk):
    kiosk, clerk = desk
    add_staff(live_hall.hall, "窗口八", "window-8-password", role="clerk", windows=(8,))
    kiosk.number(HOUSEHOLD)
    log_in_page(page, live_hall.url, "窗口八", "window-8-password", "/window/8")
    page.click("[data-action=open]")
    page.wait_for_selector("#queue li")
    shows_as_text(page, SERVICE_NAME)  # the waiting list
    page.click("[data-action=call]")
    page.wait_for_function("document.getElementById('current-service').textContent === "
                           f"{SERVICE_NAME!r}")
    shows_as_text(page, SERVICE_NAME)  # the current ticket and its service's materials
    assert clerk.finish(8).status_code == 200
    assert clerk.pause(8, reason=PAUSE_REASON).status_code == 200
    shows_as_text(page, PAUSE_REASON)


def test_the_supervisors_live_view(live_hall, page, desk):
    kiosk, clerk = desk
    with live_hall.hall.unit_of_work() as uow:
        overrides.add_override(uow, kind="closure", window_no=14,
                               start_at=hall_time("2026-12-03 09:00"),
                               end_at=hall_time("2026-12-03 17:00"), reason=CLOSURE_REASON,
                               actor="admin")
    add_staff(live_hall.hall, "主管", "supervisor-password", role="supervisor")
    log_in_page(page, live_hall.url, "主管", "supervisor-password", "/admin/live")
    page.wait_for_function("window.hallLive && window.hallLive.snapshot !== null")
    kiosk.number(HOUSEHOLD)  # waiting at window 8's post with nobody serving: an alert
    shows_as_text(page, POST_NAME, CLOSURE_REASON)
    assert clerk.open(8).status_code == 200
    assert clerk.pause(8, reason=PAUSE_REASON).status_code == 200
    shows_as_text(page, PAUSE_REASON)


def test_the_phone_page(live_hall, page, desk):
    kiosk, clerk = desk
    token = kiosk.take(HOUSEHOLD).json["status_url"].rsplit("/", 1)[1]
    page.goto(f"{live_hall.url}/t/{token}")
    clerk.open(8)
    clerk.call(8)  # the page redraws itself from the pushed snapshot
    page.wait_for_selector("#state[data-state=called]")
    shows_as_text(page, SERVICE_NAME, POST_NAME)


def test_the_kiosk_search_and_ticket(live_hall, page):
    page.goto(f"{live_hall.url}/kiosk")
    page.fill("#search-input", "户籍证明")
    page.wait_for_selector("#results-list li")
    shows_as_text(page, SERVICE_NAME)
    page.goto(f"{live_hall.url}/kiosk/services/{HOUSEHOLD}")
    page.click("#take")
    page.wait_for_selector("#ticket-number:not(:empty)")
    assert page.locator("#ticket-service").inner_text() == SERVICE_NAME
    shows_as_text(page, SERVICE_NAME)
