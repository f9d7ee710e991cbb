"""A visitor, a clerk and the lobby board in three real browsers, as a morning at the hall
goes: take a ticket at the kiosk, follow it on the phone, get called at window 8."""

from __future__ import annotations

import time

import pytest

from tests.actors import add_staff
from tests.browser.conftest import log_in_page
from tests.catalog_lookup import service_named

PASSWORD = "window-8-password"


def log_in(page, live_hall, name: str, next_path: str) -> None:
    log_in_page(page, live_hall.url, name, PASSWORD, next_path)


def take_ticket(page, live_hall, service_id: str) -> str:
    page.goto(f"{live_hall.url}/kiosk/services/{service_id}")
    page.click("#take")
    page.wait_for_selector("#ticket-number:not(:empty)")
    return page.locator("#ticket-number").inner_text()


@pytest.mark.alone
def test_a_ticket_from_the_kiosk_is_called_at_window_8_and_the_board_shows_it(
        live_hall, new_page):
    hall = live_hall.hall
    household = service_named(hall.catalog, "户籍证明", window=8).id
    add_staff(hall, "窗口八", PASSWORD, role="clerk", windows=(8,))
    kiosk, clerk, board, phone = new_page(1920, 1080), new_page(1280, 800), new_page(), \
        new_page(390, 844)

    number = take_ticket(kiosk, live_hall, household)
    assert "8" in kiosk.locator("#ticket-windows").inner_text()
    token = kiosk.evaluate("document.getElementById('ticket-qr').src").split("%2Ft%2F")[-1]
    phone.goto(f"{live_hall.url}/t/{token}")
    assert phone.locator("#number").inner_text() == number

    log_in(clerk, live_hall, "窗口八", "/window/8")
    clerk.click("[data-action=open]")
    clerk.wait_for_selector("#queue li")
    board.goto(f"{live_hall.url}/board")
    board.wait_for_function("window.hallBoard && window.hallBoard.snapshot !== null")

    clerk.click("[data-action=call]")
    called_at = time.monotonic()
    board.wait_for_function("hallBoard.announcements.length === 1", timeout=1000)
    board.wait_for_selector("#now-calling.fresh", timeout=1000)
    assert time.monotonic() - called_at < 1.0
    assert board.locator("#now-number").inner_text() == number
    assert board.evaluate("hallBoard.announcements") == [f"请{number}号到8号窗口"]

    clerk.wait_for_function(f"document.getElementById('current-number').textContent === "
                            f"'{number}'")
    phone.wait_for_selector("#state[data-state=called]")
    assert "8" in phone.locator("#state-headline").inner_text()


def test_a_double_tap_on_the_kiosk_issues_one_ticket(live_hall, page):
    household = service_named(live_hall.hall.catalog, "户籍证明", window=8).id
    page.goto(f"{live_hall.url}/kiosk/services/{household}")
    page.dblclick("#take")
    page.wait_for_selector("#ticket-number:not(:empty)")
    board = page.request.get(f"{live_hall.url}/api/board").json()
    assert next(p for p in board["posts"] if 8 in p["windows"])["waiting"] == 1


def test_a_clerk_of_window_8_cannot_act_at_window_3(live_hall, page):
    add_staff(live_hall.hall, "窗口八", PASSWORD, role="clerk", windows=(8,))
    log_in(page, live_hall, "窗口八", "/window/8")
    page.goto(f"{live_hall.url}/window/3")
    assert "没有权限" in page.locator("h1").inner_text()
    token = page.request.get(f"{live_hall.url}/api/csrf").json()["csrf_token"]
    refused = page.request.post(f"{live_hall.url}/api/windows/3/open",
                                headers={"X-CSRFToken": token})
    assert refused.status == 403 and refused.json()["error"] == "forbidden"


def test_a_visitor_cancels_from_the_phone_page(live_hall, desk, page):
    kiosk, _clerk = desk
    household = service_named(live_hall.hall.catalog, "户籍证明", window=8).id
    token = kiosk.take(household).json["status_url"].rsplit("/", 1)[1]
    page.goto(f"{live_hall.url}/t/{token}")
    page.click("#cancel")
    page.click("#confirm-yes")  # the page's POST carries the CSRF token, or it is refused
    page.wait_for_selector("#state[data-state=cancelled]")
    board = page.request.get(f"{live_hall.url}/api/board").json()
    assert next(p for p in board["posts"] if 8 in p["windows"])["waiting"] == 0
