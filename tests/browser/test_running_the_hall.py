"""Running the hall from the admin page in a real browser: the rules (a cutoff changed is in
force at the kiosk at once; a value out of range is refused), staff (a clerk added, their
password shown once, they log in and serve), and 补打 from the clerk's page and the kiosk."""

from __future__ import annotations

from queue_server.clock import hall_time
from queue_server.models import PrintJob
from tests.browser.conftest import DESK_PASSWORD, log_in_page
from tests.catalog_lookup import service_named


def test_an_admin_changes_the_cutoff_and_the_kiosk_follows(live_hall, desk, page):
    kiosk, _clerk = desk
    live_hall.clock.set(hall_time("2026-12-03 16:20"))  # 8号 closes at 17:00
    household = service_named(live_hall.hall.catalog, "户籍证明", window=8).id
    log_in_page(page, live_hall.url, "李老师", DESK_PASSWORD, "/admin")
    cutoff = page.locator("#rules-form [name=cutoff_minutes]")
    page.wait_for_function("document.querySelector('#rules-form [name=cutoff_minutes]')"
                           ".value === '15'")
    cutoff.fill("121")
    page.click("#rules-form button")
    assert page.locator("#rules-form :invalid").count() == 1  # the browser checks the range
    page.evaluate("document.querySelector('#rules-form').noValidate = true")
    page.click("#rules-form button")
    page.wait_for_selector("#message.bad:not([hidden])")
    assert "cutoff_minutes" in page.inner_text("#message")  # the server names the field
    assert kiosk.take(household).status_code == 201
    cutoff.fill("45")
    page.select_option("#rules-form [name=makeup_weekday]", "3")
    page.click("#rules-form button")
    page.wait_for_selector("#message:not(.bad):not([hidden])")
    assert kiosk.take(household).json["verdict"] == "past_cutoff"
    page.reload()
    page.wait_for_function("document.querySelector('#rules-form [name=cutoff_minutes]')"
                           ".value === '45'")
    assert page.locator("#rules-form [name=makeup_weekday]").input_value() == "3"

    # one make-up workday follows Friday's hours instead (the calendar form)
    page.fill("#calendar-form [name=day]", "2026-09-20")
    page.select_option("#calendar-form [name=kind]", "workday")
    page.fill("#calendar-form [name=name]", "国庆调休")
    page.select_option("#calendar-form [name=follows_weekday]", "4")
    page.click("#calendar-form button")
    page.wait_for_selector("#calendar tr:has-text('按周五')")
    live_hall.clock.set(hall_time("2026-09-20 10:00"))
    assert kiosk.take(service_named(live_hall.hall.catalog, "医药费", window=17).id) \
        .json["verdict"] == "closed"  # 17号 keeps Thursdays only


def test_an_admin_adds_a_clerk_who_logs_in_with_the_password_shown_once(
        live_hall, desk, page, new_page):
    log_in_page(page, live_hall.url, "李老师", DESK_PASSWORD, "/admin")
    page.wait_for_selector("#staff tr[data-name='李老师']")
    page.fill("#staff-form [name=name]", "周老师")
    page.select_option("#staff-form [name=windows]", ["8"])
    page.click("#staff-form button")
    page.wait_for_selector("#staff tr[data-name='周老师']")
    shown = page.inner_text("#staff-password")
    password = shown.rsplit(" · ", 1)[1].strip()
    row = page.locator("#staff tr[data-name='周老师']")
    assert "8" in row.inner_text() and "从未登录" in row.inner_text()
    page.fill("#staff-form [name=name]", "周老师")  # the same name again: refused
    page.select_option("#staff-form [name=windows]", ["8"])
    page.click("#staff-form button")
    page.wait_for_selector("#message.bad:not([hidden])")
    assert "已存在" in page.inner_text("#message")

    clerk_page = new_page()
    log_in_page(clerk_page, live_hall.url, "周老师", password, "/window/8")
    page.reload()
    page.wait_for_selector("#staff tr[data-name='周老师']")
    assert "从未登录" not in page.locator("#staff tr[data-name='周老师']").inner_text()
    page.on("dialog", lambda dialog: dialog.accept())
    row = page.locator("#staff tr[data-name='周老师']")
    row.get_by_role("button", name="停用").click()
    page.wait_for_selector("#staff tr[data-name='周老师'].disabled")


def test_a_clerk_reprints_and_a_visitor_reprints_at_the_kiosk(live_hall, desk, page,
                                                               new_page):
    kiosk, clerk = desk
    hall = live_hall.hall
    household = service_named(hall.catalog, "户籍证明", window=8).id
    issued = kiosk.take(household).json
    clerk.open(8)
    log_in_page(page, live_hall.url, "李老师", DESK_PASSWORD, "/window/8")
    clerk.call(8)
    button = page.locator("button[data-action=reprint]")
    page.wait_for_function("!document.querySelector('button[data-action=reprint]').disabled")
    button.click()
    page.wait_for_selector("#message:not([hidden])")
    assert "补打" in page.inner_text("#message")
    assert reprints(hall) == 1

    visitor = new_page()
    visitor.goto(live_hall.url + issued["status_url"])
    visitor.click("#reprint summary")
    assert visitor.locator("#reprint img").is_visible()
    kiosk_page = new_page()
    kiosk_page.goto(f"{live_hall.url}/kiosk")
    kiosk_page.click("#reprint-open")
    kiosk_page.fill("#reprint-code", live_hall.url + issued["status_url"])  # the scanner
    kiosk_page.press("#reprint-code", "Enter")
    kiosk_page.wait_for_selector("#reprint-result:not([hidden])")
    assert issued["number"] in kiosk_page.inner_text("#reprint-result")
    assert reprints(hall) == 2


def reprints(hall) -> int:
    """Print jobs marked 补打 (the spool prints them like any other; its tests cover that)."""
    with hall.reading() as session:
        return sum(1 for job in session.query(PrintJob) if job.view.get("reprinted_at"))
