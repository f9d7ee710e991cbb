"""Every page works under the strict Content-Security-Policy: loaded in Chromium and used a
little (a ticket taken with its QR code, a call announced on the board, the reports' charts
drawn), none reports a CSP violation, in the console or as a `securitypolicyviolation`."""

from __future__ import annotations

import pytest

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
