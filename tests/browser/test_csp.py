"""Every page works under the strict Content-Security-Policy: loaded in Chromium and used a
little (a ticket taken with its QR code, a call announced on the board, the reports' charts
drawn), none reports a CSP violation, in the console or as a `securitypolicyviolation`."""

from __future__ import annotations

import pytest

from queue_server.clock import hall_time
from tests.actors import add_staff
from tests.browser.test_hall_flow import PASSWORD, log_in, take_ticket
from tests.catalog_lookup import service_named

WATCH = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
});
"""


@pytest.fixture
def watched(browser):
    """Pages with the CSP in force (the other browser tests bypass it to wait on predicates)
    whose violations, as events and console messages, are collected."""
    made, contexts = [], []

    def make(width: int = 1920, height: int = 1080):
        context = browser.new_context(viewport={"width": width, "height": height},
                                      locale="zh-CN")
        context.set_default_timeout(5000)
        contexts.append(context)
        page = context.new_page()
        page.add_init_script(WATCH)
        console: list[str] = []
        page.on("console", lambda m: console.append(m.text))
        made.append((page, console))
        return page

    def violations() -> list[str]:
        found = []
        for page, console in made:
            found += [m for m in console if "Content Security Policy" in m or "Refused to" in m]
            if not page.is_closed():
                found += page.evaluate("window.__csp || []")
        return found

    make.violations = violations
    yield make
    for context in contexts:
        context.close()


def until(page, expression: str) -> None:
    """Wait until the page's `expression` is true (Playwright's wait_for_function evaluates a
    string, which the CSP forbids; page.evaluate goes through the debugger, which it allows)."""
    for _ in range(100):
        if page.evaluate(expression):
            return
        page.wait_for_timeout(50)
    raise AssertionError(f"never true: {expression}")


def visit(page, url: str, ready: str) -> None:
    response = page.goto(url)
    assert "script-src 'self'" in response.headers["content-security-policy"]
    until(page, ready)


def test_every_page_runs_under_the_csp_without_a_violation(live_hall, watched, desk):
    _kiosk, clerk = desk
    hall, url = live_hall.hall, live_hall.url
    household = service_named(hall.catalog, "户籍证明", window=8).id
    add_staff(hall, "窗口八", PASSWORD, role="clerk", windows=(8,))
    add_staff(hall, "大厅管理员", PASSWORD, role="admin")

    board = watched()
    visit(board, f"{url}/board?voice=clips", "window.hallBoard && hallBoard.snapshot !== null")
    screen = watched()
    visit(screen, f"{url}/board/window/8", "document.body.innerText.length > 0")

    kiosk = watched(1080, 1920)
    visit(kiosk, f"{url}/kiosk", "document.querySelector('[data-service], a[href]') !== null")
    take_ticket(kiosk, live_hall, household)
    until(kiosk, "document.getElementById('ticket-qr').complete")
    assert kiosk.evaluate("document.getElementById('ticket-qr').naturalWidth") > 0
    token = kiosk.evaluate("document.getElementById('ticket-qr').src").split("%2Ft%2F")[-1]

    phone = watched(390, 844)
    visit(phone, f"{url}/t/{token}", "document.body.innerText.length > 0")

    window_page = watched(1280, 800)
    log_in(window_page, live_hall, "窗口八", "/window/8")
    until(window_page, "document.getElementById('link').dataset.state === 'live'")
    window_page.click("[data-action=open]")
    window_page.click("[data-action=call]")
    until(board, "document.body.innerText.includes('8号窗口') "
                            "|| document.body.innerText.includes('8')")
    window_page.click("[data-action=finish]")

    pad = watched(800, 1280)
    visit(pad, f"{url}/rate/8", "document.body.innerText.length > 0")

    admin = watched()
    log_in(admin, live_hall, "大厅管理员", "/admin")
    for path, ready in (("/admin/live", "window.hallLive && hallLive.snapshot !== null"),
                        ("/admin/reports", "document.querySelector('#chart-counts canvas')"),
                        ("/admin/ratings", "document.body.innerText.length > 0"),
                        ("/", "document.body.innerText.length > 0"),
                        ("/login", "document.body.innerText.length > 0")):
        visit(admin, f"{url}{path}", ready)
    assert clerk.client.get("/api/windows/8").status_code == 200
    assert watched.violations() == []


def test_the_booking_kiosk_admin_and_clerk_additions_run_under_the_csp(live_hall, watched,
                                                                        desk):
    """预约 on the phone through its QR, 预约签到 and 扫码补打 at the kiosk, 今日预约, the
    admin page's rules, staff, periods and kiosk pairing (with its QR), and the clerk's
    绿色通道 dialog and 补打."""
    kiosk_api, _clerk = desk
    hall, url, clock = live_hall.hall, live_hall.url, live_hall.clock
    academic = service_named(hall.catalog, "学业发展咨询预约服务", window=1).id
    add_staff(hall, "窗口一", PASSWORD, role="clerk", windows=(1,))
    add_staff(hall, "大厅管理员", PASSWORD, role="admin")

    phone = watched(390, 844)
    visit(phone, f"{url}/book", "document.querySelector('.b-slot') !== null")
    phone.click('.b-slot[data-slot-at^="2026-12-03T10:30"]')
    phone.fill("#name", "李同学")
    phone.fill("#contact", "13800138000")
    phone.click("#book-submit")
    phone.wait_for_url("**/book/*")
    until(phone, "document.querySelector('img.b-qr') && document.querySelector('img.b-qr')"
                 ".complete && document.querySelector('img.b-qr').naturalWidth > 0")
    code = phone.locator("#code").inner_text()

    clock.set(hall_time("2026-12-03 10:20"))
    kiosk = watched(1080, 1920)
    visit(kiosk, f"{url}/kiosk/check-in", "document.getElementById('check-in-code') !== null")
    kiosk.locator("#check-in-code").type(code)
    kiosk.keyboard.press("Enter")
    kiosk.wait_for_selector("#check-in-ticket:not([hidden])")
    until(kiosk, "document.getElementById('ticket-qr').naturalWidth > 0")

    issued = kiosk_api.take(academic).json
    visit(phone, f"{url}{issued['status_url']}", "document.body.innerText.length > 0")
    phone.click("#reprint summary")
    visit(kiosk, f"{url}/kiosk", "window.hallKiosk !== undefined")
    kiosk.click("#reprint-open")
    kiosk.fill("#reprint-code", url + issued["status_url"])  # as the scanner types it
    kiosk.press("#reprint-code", "Enter")
    kiosk.wait_for_selector("#reprint-result:not([hidden])")

    clerk = watched(1280, 900)
    log_in(clerk, live_hall, "窗口一", "/window/1")
    until(clerk, "document.getElementById('link').dataset.state === 'live'")
    clerk.click("[data-action=open]")
    clerk.wait_for_selector(f'#queue li[data-number="{issued["number"]}"]')
    clerk.click(f'#queue li[data-number="{issued["number"]}"] [data-priority-ticket]')
    clerk.check("input[name=priority-reason][value=disability]")
    clerk.click("#priority-ok")
    clerk.wait_for_selector(f'#queue li[data-number="{issued["number"]}"] .tag-priority')
    clerk.click("[data-action=call]")
    clerk.wait_for_selector("button[data-action=reprint]:not([disabled])")
    clerk.click("button[data-action=reprint]")
    clerk.wait_for_selector("#message:not([hidden])")

    admin = watched(1280, 900)
    log_in(admin, live_hall, "大厅管理员", "/admin")
    until(admin, "document.querySelector('#rules-form [name=cutoff_minutes]').value !== ''")
    admin.fill("#rules-form [name=cutoff_minutes]", "45")
    admin.click("#rules-form button")
    admin.wait_for_selector("#message:not(.bad):not([hidden])")
    admin.fill("#staff-form [name=name]", "窗口二")
    admin.select_option("#staff-form [name=windows]", "2")
    admin.click("#staff-form button")
    admin.wait_for_selector("#staff-password:not([hidden])")
    admin.wait_for_selector("#staff tr:has-text('窗口二')")
    period = admin.locator("#period-form")
    period.locator("select[name=kind]").select_option("hours")
    period.locator("input[name=first_day]").fill("2027-01-18")
    period.locator("input[name=last_day]").fill("2027-02-21")
    period.locator("input[name=hours]").fill("周一至周五 9:00-11:30")
    period.locator("input[name=reason]").fill("寒假")
    admin.click("#period-save")
    admin.wait_for_selector("#periods tr:has-text('寒假')")
    admin.fill("#kiosk-form input[name=name]", "东门1号机")
    admin.click("#kiosk-form button")
    admin.wait_for_selector("#pairing:not([hidden])")
    until(admin, "document.getElementById('pairing-qr').complete "
                 "&& document.getElementById('pairing-qr').naturalWidth > 0")

    visit(admin, f"{url}/admin/bookings", "document.body.innerText.includes('Y001')")
    assert watched.violations() == []


def test_the_kiosk_pairing_screen_runs_under_the_csp(start_live_hall, watched):
    live_hall = start_live_hall(rules={"open_issuing": False})
    kiosk = watched(1080, 1920)
    visit(kiosk, f"{live_hall.url}/kiosk", "!document.getElementById('pairing').hidden")
    kiosk.fill("#pairing-code", "hk_not-this-one")
    kiosk.click("#pairing-submit")
    until(kiosk, "document.getElementById('pairing-note').textContent.includes('未登记')")
    assert watched.violations() == []
