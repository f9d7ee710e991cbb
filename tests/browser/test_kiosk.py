"""The kiosk in a real browser is pushed what changes: the hours, its ticket's printing, the
printer's state. It never reloads itself and never asks a status endpoint."""

from __future__ import annotations

from urllib.parse import urlparse

from queue_server import tickets
from queue_server.printer_link import PrinterState
from queue_server.spool import print_due
from tests.actors import add_staff
from tests.browser.conftest import log_in_page
from tests.catalog_lookup import service_named

PASSWORD = "hall-admin-password"
WINDOW_8 = "a.k-post[href='/kiosk/posts/w8'] .k-post-meta"
HOUSEHOLD = "/kiosk/services/8-kjhjzm"  # 开具户籍证明 at window 8
# what a kiosk may fetch after load: its socket, files (and the browser its favicon)
PUSH_ONLY = ("/socket.io/", "/static/", "/favicon.ico")


def open_kiosk(page, url: str) -> list[str]:
    """Open a kiosk page, wait for its socket, mark the document; the paths it asks for next."""
    page.goto(url)
    page.wait_for_function("window.hallKiosk && hallKiosk.socket.connected")
    page.evaluate("window.__stillHere = true")
    asked: list[str] = []
    page.on("request", lambda request: asked.append(urlparse(request.url).path))
    return asked


def assert_pushed_only(page, asked: list[str]) -> None:
    """The same document (no reload, no navigation), and nothing asked but socket and files."""
    assert page.evaluate("window.__stillHere === true")
    assert [path for path in asked if not path.startswith(PUSH_ONLY)] == []


def close_window_8_from_the_admin_page(admin_page, live_hall) -> None:
    add_staff(live_hall.hall, "大厅管理员", PASSWORD, role="admin")
    log_in_page(admin_page, live_hall.url, "大厅管理员", PASSWORD, "/admin")
    form = admin_page.locator("#override-form")
    form.locator("select[name=kind]").select_option("closure")
    form.locator("select[name=window_no]").select_option("8")
    form.locator("input[name=start_at]").fill("2026-12-03T09:50")
    form.locator("input[name=end_at]").fill("2026-12-03T17:00")
    form.locator("input[name=reason]").fill("户籍系统升级")
    form.locator("button").click()
    admin_page.wait_for_selector("#overrides td:has-text('户籍系统升级')")


def test_an_admins_closure_is_pushed_to_the_kiosk_home_and_service_page(live_hall, new_page):
    home, service, admin = new_page(), new_page(), new_page(1280, 800)
    home_asked = open_kiosk(home, f"{live_hall.url}/kiosk")
    service_asked = open_kiosk(service, f"{live_hall.url}{HOUSEHOLD}")
    assert "开放至 17:00" in home.locator(WINDOW_8).inner_text()
    assert home.locator(f"{WINDOW_8} .k-dot").get_attribute("class").endswith("is-open")
    assert service.locator("#status-headline").inner_text() == "现在可以办理"
    assert service.locator("#take").is_enabled()

    close_window_8_from_the_admin_page(admin, live_hall)

    home.wait_for_function(
        f"!document.querySelector(\"{WINDOW_8}\").textContent.includes('开放至')")
    assert "明天" in home.locator(WINDOW_8).inner_text()
    assert "is-closed" in home.locator(f"{WINDOW_8} .k-dot").get_attribute("class")
    service.wait_for_function(
        "document.getElementById('status-headline').textContent === '现在不办理'")
    assert "户籍系统升级" in service.locator("#status-lines").inner_text()
    assert service.locator("#take").is_disabled()
    assert service.locator("#take").inner_text() == "暂不能取号"
    assert_pushed_only(home, home_asked)
    assert_pushed_only(service, service_asked)


def test_the_ticket_screen_hears_that_its_ticket_printed(live_hall, page):
    page.goto(f"{live_hall.url}{HOUSEHOLD}")
    page.wait_for_function("window.hallKiosk && hallKiosk.socket.connected")
    page.click("#take")
    page.wait_for_selector("#ticket-number:not(:empty)")
    page.wait_for_function("hallKiosk.ticketSocket && hallKiosk.ticketSocket.connected")
    page.evaluate("window.__stillHere = true")
    asked: list[str] = []
    page.on("request", lambda request: asked.append(urlparse(request.url).path))
    assert page.locator("#print-status").get_attribute("data-state") == "printing"

    assert print_due(live_hall.hall) == 1

    page.wait_for_selector("#print-status[data-state=done]")
    assert page.locator("#print-status").inner_text() == "请取走小票"
    assert_pushed_only(page, asked)


def test_the_kiosk_warns_before_a_tap_while_the_printer_cannot_print(live_hall, new_page):
    home, service = new_page(), new_page()
    home_asked = open_kiosk(home, f"{live_hall.url}/kiosk")
    service_asked = open_kiosk(service, f"{live_hall.url}{HOUSEHOLD}")
    assert home.locator("#printer-banner").is_hidden()
    household = service_named(live_hall.hall.catalog, "户籍证明", window=8).id

    def something_happens():
        with live_hall.hall.unit_of_work() as uow:
            tickets.issue_ticket(uow, household, kiosk="test", print_ticket=False)

    live_hall.hall.printer.state = PrinterState("out_of_paper", "paper end")
    something_happens()
    for screen in (home, service):
        screen.wait_for_selector("#printer-banner", state="visible")
        assert screen.locator("#printer-banner-text").inner_text().startswith("打印机暂时无法出票")

    live_hall.hall.printer.state = PrinterState("ok")
    something_happens()
    for screen in (home, service):
        screen.wait_for_selector("#printer-banner", state="hidden")
    assert_pushed_only(home, home_asked)
    assert_pushed_only(service, service_asked)


def test_the_english_kiosk_says_it_in_english(live_hall, page):
    page.goto(f"{live_hall.url}/kiosk?lang=en")
    page.wait_for_function("window.hallKiosk && hallKiosk.socket.connected")
    live_hall.hall.printer.state = PrinterState("offline", "no answer")
    with live_hall.hall.unit_of_work() as uow:
        tickets.issue_ticket(uow, service_named(live_hall.hall.catalog, "户籍证明", window=8).id,
                             kiosk="test", print_ticket=False)
    page.wait_for_selector("#printer-banner", state="visible")
    assert page.locator("#printer-banner-text").inner_text().startswith("The printer is not working")
    assert "Open until 17:00" in page.locator(WINDOW_8).inner_text()


def test_the_home_page_turns_a_post_amber_at_its_cutoff(live_hall, page):
    from queue_server.clock import hall_time
    from queue_server.scheduler import run_day_rhythm

    live_hall.clock.set(hall_time("2026-12-03 16:40"))  # Thursday: window 8 closes at 17:00
    run_day_rhythm(live_hall.hall)  # the scheduler's mark, before the page opens
    asked = open_kiosk(page, f"{live_hall.url}/kiosk")
    dot = page.locator(f"{WINDOW_8} .k-dot")
    assert "开放至 17:00" in page.locator(WINDOW_8).inner_text()
    assert "is-open" in dot.get_attribute("class")

    live_hall.clock.set(hall_time("2026-12-03 16:46"))
    assert [b.boundary for b in run_day_rhythm(live_hall.hall) if b.post_id == "w8"] == [
        "cutoff"]

    page.wait_for_function(
        f"document.querySelector(\"{WINDOW_8}\").textContent.includes('今日取号已截止')")
    assert dot.get_attribute("class") == "k-dot is-closing"
    amber = "rgb(183, 110, 0)"  # hall.css --warn
    assert dot.evaluate("(node) => getComputedStyle(node).backgroundColor") == amber
    assert_pushed_only(page, asked)


def test_the_ticket_screen_says_first_when_the_window_opens_not_0_minutes(live_hall, page):
    page.goto(f"{live_hall.url}{HOUSEHOLD}")  # Thursday 10:00, no clerk at window 8 yet
    page.wait_for_function("window.hallKiosk && hallKiosk.socket.connected")
    page.click("#take")
    page.wait_for_selector("#ticket-number:not(:empty)")
    assert page.locator("#ticket-wait").inner_text() == "窗口开放后第一个叫您"
    assert page.locator("#ticket-wait-unit").is_hidden()
