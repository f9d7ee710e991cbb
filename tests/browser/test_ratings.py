"""好差评 in real browsers: a visitor's phone rates a finished ticket badly (a reason and a
comment) and the admin follows it up; the 评价器 at window 8 shows the finished ticket,
takes one tap, thanks and goes idle by itself."""

from __future__ import annotations

from tests.actors import PageClient
from tests.browser.conftest import DESK_PASSWORD, log_in_page
from tests.catalog_lookup import service_named


def test_a_phone_rates_a_finished_ticket_badly_and_the_admin_follows_it_up(
        live_hall, desk, new_page):
    kiosk, clerk = desk
    household = service_named(live_hall.hall.catalog, "户籍证明", window=8).id
    mine = kiosk.take(household).json
    token = mine["status_url"].rsplit("/", 1)[1]
    clerk.open(8)
    clerk.call(8)
    phone = new_page(390, 844)
    phone.goto(f"{live_hall.url}/t/{token}")
    phone.wait_for_selector("#live[data-live=on]")
    assert phone.locator("#rating").is_hidden()

    clerk.finish(8)  # the pushed view says done and can_rate: the page asks
    phone.wait_for_selector("#rating-form:visible")
    phone.click(".p-score[data-score='1']")
    phone.wait_for_selector("#rating-bad:visible")
    phone.click(".p-chip[data-reason='态度不好']")
    phone.fill("#rating-comment", "窗口说材料不对，但没有说缺什么")
    assert phone.locator("#rating-count").inner_text() == "15"
    phone.click("#rating-submit")
    phone.wait_for_selector("#rating-done:visible")
    assert phone.locator("#rating-done-title").inner_text() == "感谢您的评价！"
    assert "非常不满意" in phone.locator("#rating-done-score").inner_text()

    admin = new_page(1280, 900)
    log_in_page(admin, live_hall.url, "李老师", DESK_PASSWORD, "/admin/ratings")
    admin.wait_for_selector("#ratings tr[data-rating]")
    row = admin.locator("#ratings tr[data-rating]")
    text = row.inner_text()
    for shown in (mine["number"], mine["service"]["name"], "李老师", "非常不满意", "态度不好",
                  "窗口说材料不对，但没有说缺什么"):
        assert shown in text, shown
    row.locator("textarea").fill("已电话联系，致歉并说明户籍证明所需材料")
    row.locator("button").click()
    admin.wait_for_selector("#ratings .follow-up-by")
    assert "李老师" in row.locator(".follow-up-by").inner_text()
    assert "已电话联系" in row.inner_text()


def test_the_pad_at_window_8_takes_one_tap_thanks_and_goes_idle(live_hall, desk, new_page):
    kiosk, clerk = desk
    household = service_named(live_hall.hall.catalog, "户籍证明", window=8).id
    pad = new_page(1280, 800)
    pad.clock.install()  # the page's own timers (thanks for 8 s) run on a clock we move
    pad.goto(f"{live_hall.url}/rate/8")
    pad.wait_for_selector("#pad[data-pad=idle]")
    assert "请对本次服务进行评价" in pad.locator("#idle").inner_text()

    first = kiosk.take(household).json
    clerk.open(8)
    clerk.call(8)
    clerk.finish(8)
    pad.wait_for_selector("#pad[data-pad=rate]")
    assert pad.locator("#pad-number").inner_text() == first["number"]
    assert pad.locator("#pad-service").inner_text() == first["service"]["name"]
    pad.click(".pad-score[data-score='5']")
    pad.wait_for_selector("#pad[data-pad=thanks]")
    pad.clock.run_for(8_500)
    pad.wait_for_selector("#pad[data-pad=idle]")
    with live_hall.hall.reading() as session:
        from queue_server.models import Rating

        [rating] = session.query(Rating).all()
        assert (rating.score, rating.source, rating.window_no) == (5, "pad", 8)

    # the next ticket: rated on the phone instead, and the pad goes idle when told so
    second = kiosk.take(household).json
    clerk.call(8)
    clerk.finish(8)
    pad.wait_for_selector("#pad[data-pad=rate]")
    assert pad.locator("#pad-number").inner_text() == second["number"]
    app = live_hall.app
    phone = PageClient(app, app.response_class, use_cookies=True)
    token = second["status_url"].rsplit("/", 1)[1]
    assert phone.post(f"/api/tickets/{token}/rating", json={"score": 4}).status_code == 201
    pad.wait_for_selector("#pad[data-pad=idle]")
