"""Dated changes and provisional holidays from the admin page in a real browser: a winter
schedule is added, refused when it overlaps, edited and removed; a service is suspended and
the kiosk says why; 2027's provisional holidays show at the kiosk and are confirmed."""

from __future__ import annotations

from queue_server.clock import hall_time
from tests.browser.conftest import DESK_PASSWORD, log_in_page
from tests.catalog_lookup import service_named


def _log_in(page, live_hall):
    log_in_page(page, live_hall.url, "李老师", DESK_PASSWORD, "/admin")


def _add(page, *, kind="hours", where=None, service=None, first, last=None, hours=None,
         reason="", to_post="w21"):
    form = page.locator("#period-form")
    form.locator("select[name=kind]").select_option(kind)
    if kind == "move":
        form.locator("select[name=to_post_id]").select_option(to_post)
    if where:
        form.locator("select[name=where]").select_option(where)
    if service:
        form.locator("select[name=service_id]").select_option(service)
    form.locator("input[name=first_day]").fill(first)
    if last:
        form.locator("input[name=last_day]").fill(last)
    if hours:
        form.locator("input[name=hours]").fill(hours)
    form.locator("input[name=reason]").fill(reason)
    page.click("#period-save")


def test_an_admin_runs_the_winter_schedule_and_a_suspension_from_the_page(
        live_hall, desk, page, new_page):
    kiosk, _clerk = desk
    hall, clock = live_hall.hall, live_hall.clock
    _log_in(page, live_hall)
    page.wait_for_selector("#periods td")

    _add(page, where="post:w14-15", first="2027-01-18", last="2027-02-28",
         hours="周二、周四 9:00-11:30", reason="寒假")
    row = page.locator("#periods tr", has_text="寒假")
    row.wait_for()
    assert "周二、周四 9:00-11:30" in row.inner_text()

    _add(page, where="window:15", first="2027-02-01", last="2027-02-10",
         hours="周一 9:00-10:00", reason="值班")  # overlaps the post's winter schedule
    page.wait_for_selector("#message.bad")
    assert "first_day" in page.locator("#message").inner_text()
    assert page.locator("#periods tr", has_text="值班").count() == 0

    row.get_by_role("button", name="修改").click()
    page.locator("#period-form input[name=hours]").fill("周一至周五 9:00-11:30")
    page.click("#period-save")
    page.wait_for_selector("#periods tr:has-text('周一至周五 9:00-11:30')")
    transcript = service_named(hall.catalog, "成绩单", window=14)
    clock.set(hall_time("2027-01-18 10:00"))
    assert kiosk.take(transcript.id).status_code == 201  # the edited hours are in force
    clock.set(hall_time("2026-12-03 10:00"))

    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("#periods tr", has_text="寒假").get_by_role("button", name="删除").click()
    page.wait_for_selector("#periods tr:has-text('寒假')", state="detached")

    household = service_named(hall.catalog, "户籍证明", window=8)
    _add(page, kind="move", service=household.id, first="2027-03-01", reason="并入21号窗口")
    moved = page.locator("#periods tr", has_text="并入21号窗口")
    moved.wait_for()
    assert "21号窗口" in moved.inner_text() and "起" in moved.inner_text()
    _add(page, kind="suspension", service=household.id, first="2026-12-01",
         last="2026-12-10", reason="户籍系统升级")
    page.wait_for_selector("#periods tr:has-text('户籍系统升级')")
    screen = new_page()
    screen.goto(f"{live_hall.url}/kiosk/services/{household.id}")
    assert "暂停办理" in screen.locator("#status").inner_text()
    assert "户籍系统升级" in screen.locator("#status").inner_text()
    assert screen.locator("#take").is_disabled()


def test_2027_is_provisional_at_the_kiosk_until_the_admin_confirms_it(
        live_hall, desk, page, new_page):
    hall, clock = live_hall.hall, live_hall.clock
    transcript = service_named(hall.catalog, "成绩单", window=14)
    clock.set(hall_time("2027-01-01 10:00"))
    screen = new_page()
    screen.goto(f"{live_hall.url}/kiosk/services/{transcript.id}")
    status = screen.locator("#status").inner_text()
    assert "元旦" in status and "暂定" in status
    assert screen.locator("#take").is_disabled()

    _log_in(page, live_hall)
    year = page.locator(".holiday-year[data-year='2027']")
    year.wait_for()
    assert "暂定" in year.locator("h3").inner_text()
    box = year.locator("textarea")
    assert "2027-01-01 节假日 元旦" in box.input_value()
    box.fill("2027-01-01 节假日 元旦\n2027-02-20 调休上班 春节调休")
    year.get_by_role("button", name="按国务院通知确认").click()
    page.wait_for_selector(".holiday-year[data-year='2027'] h3:has-text('已确认')")
    assert "春节调休" in page.locator(".holiday-year[data-year='2027'] textarea").input_value()
    screen.reload()
    status = screen.locator("#status").inner_text()
    assert "元旦" in status and "暂定" not in status
