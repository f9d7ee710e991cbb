"""The supervisor's live view in a real browser: a call made through the API appears without
a reload, alerts appear as the hall changes and as its clock passes `next_change_at`."""

from __future__ import annotations

from tests.actors import add_staff
from tests.browser.test_hall_flow import PASSWORD, log_in
from tests.catalog_lookup import service_named


def test_a_supervisor_sees_a_call_and_the_alerts_live(live_hall, page, desk, clock):
    kiosk, clerk = desk
    hall = live_hall.hall
    household = service_named(hall.catalog, "户籍证明", window=8).id
    loan = service_named(hall.catalog, "助学贷款", window=3).id
    add_staff(hall, "赵主管", PASSWORD, role="supervisor")
    log_in(page, live_hall, "赵主管", "/admin/live")
    page.wait_for_function("window.hallLive && window.hallLive.snapshot !== null")
    assert page.locator("#alerts .calm").inner_text() == "没有警报"
    page.evaluate("window.liveLoads = (window.liveLoads || 0) + 1")  # gone if the page reloads

    number = kiosk.number(household)
    clerk.open(8)
    clerk.call(8)
    card = page.locator("#windows li[data-window='8']")
    card.locator(".current", has_text=number).wait_for()
    assert card.get_attribute("data-state") == "serving"
    assert "李老师" in card.locator(".clerk").inner_text()

    kiosk.number(loan)  # nobody sits at window 3
    page.locator("#alerts li[data-kind=nobody_serving]").wait_for()
    assert "1 人等候" in page.locator("#alerts li[data-kind=nobody_serving]").inner_text()

    clerk.pause(8, reason="临时离开")  # the pause alert is due in 15 minutes of hall time
    page.wait_for_function("hallLive.snapshot.next_change_at !== null")
    resync_in = page.evaluate("hallLive.resyncIn")  # ms until the page asks by itself
    assert 14 * 60_000 < resync_in <= 15 * 60_000 + 250
    clock.advance(minutes=16)
    page.evaluate("hallLive.resync()")  # what the page's own timer does at next_change_at
    page.locator("#alerts li[data-kind=long_pause]").wait_for()
    assert "8号窗口暂停 16 分钟" in page.locator("#alerts li[data-kind=long_pause]").inner_text()
    assert page.evaluate("window.liveLoads") == 1
