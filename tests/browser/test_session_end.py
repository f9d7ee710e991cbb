"""A clerk's open window page when their login ends elsewhere (logout on another computer):
the server drops its socket and the page says the login ended, offering the login page."""

from __future__ import annotations

from tests.actors import Clerk, PageClient, add_staff
from tests.browser.test_hall_flow import PASSWORD, log_in


def test_the_window_page_says_so_when_its_login_ends(live_hall, page):
    add_staff(live_hall.hall, "窗口八", PASSWORD, role="clerk", windows=(8,))
    log_in(page, live_hall, "窗口八", "/window/8")
    page.wait_for_selector("#link[data-state=live]")
    app = live_hall.app
    elsewhere = Clerk(PageClient(app, app.response_class, use_cookies=True))
    elsewhere.log_in("窗口八", PASSWORD)
    assert elsewhere.client.post("/logout").status_code == 302  # ends every session
    page.wait_for_selector("#link[data-state=offline]")
    assert page.locator("#link").inner_text() == "登录已失效，请重新登录"
    assert page.locator("a[href^='/login']").count() >= 1
    page.reload()
    page.wait_for_url("**/login?next=/window/8")
