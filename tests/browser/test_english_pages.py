"""The merged pages in English (`?lang=en`): booking, kiosk check-in and pairing, 今日预约,
the admin page's sections and the clerk's 绿色通道 dialog say nothing in Chinese of their
own; what Chinese is left is catalog data (services, posts, hours) or what people typed."""

from __future__ import annotations

import re

from catalog.loader import default_catalog_path
from queue_server.clock import hall_time
from tests.actors import add_staff
from tests.browser.test_hall_flow import PASSWORD, log_in
from tests.catalog_lookup import service_named

CHINESE = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]+")
# what people typed, and the hours format (catalog/hours.py reads Chinese weekdays)
TYPED = ("李同学", "东门1号机", "窗口一", "大厅管理员", "李老师", "寒假", "周二、周四",
         "中文")  # the language switch names Chinese in Chinese
# catalog/workdays.py warns of a provisional holiday year in both languages at once
BILINGUAL = re.compile(r"\d{4}年节假日为暂定.*?from the State Council's notice\.", re.DOTALL)


def untranslated(page, *, data: str) -> list[str]:
    """Runs of Chinese in the page's visible text (and its placeholders) that are neither
    catalog data nor typed by a person."""
    text = page.evaluate(
        "document.body.innerText + '\\n' + [...document.querySelectorAll("
        "'[placeholder], [title], [aria-label]')].map(e => [e.placeholder, e.title,"
        " e.getAttribute('aria-label')].join(' ')).join('\\n')")
    runs = set(CHINESE.findall(BILINGUAL.sub("", text)))
    return sorted(r for r in runs if r not in data and not any(r in t for t in TYPED)
                  and not re.fullmatch(r"[\u3000-\u303f\uff00-\uffef]+", r))


def test_the_merged_pages_speak_english(live_hall, new_page, desk):
    kiosk_api, _clerk = desk
    hall, url, clock = live_hall.hall, live_hall.url, live_hall.clock
    data = default_catalog_path().read_text(encoding="utf-8")
    academic = service_named(hall.catalog, "学业发展咨询预约服务", window=1).id
    add_staff(hall, "窗口一", PASSWORD, role="clerk", windows=(1,))
    add_staff(hall, "大厅管理员", PASSWORD, role="admin")
    found: dict[str, list[str]] = {}

    def check(page, name: str) -> None:
        if missing := untranslated(page, data=data):
            found[name] = missing

    phone = new_page(390, 844)
    phone.goto(f"{url}/book?lang=en")
    phone.wait_for_selector(".b-slot")
    check(phone, "/book")
    phone.click('.b-slot[data-slot-at^="2026-12-03T10:30"]')
    phone.fill("#name", "李同学")
    phone.fill("#contact", "13800138000")
    phone.click("#book-submit")
    phone.wait_for_url("**/book/*")
    phone.wait_for_selector("#code:not(:empty)")
    check(phone, "/book/<code>")
    code = phone.locator("#code").inner_text()

    clock.set(hall_time("2026-12-03 10:20"))
    kiosk = new_page(1080, 1920)
    kiosk.goto(f"{url}/kiosk/check-in?lang=en")
    check(kiosk, "/kiosk/check-in")
    kiosk.locator("#check-in-code").type("ZZZZZZ")  # the server refuses in both languages
    kiosk.keyboard.press("Enter")
    kiosk.wait_for_selector("#check-in-error:not(:empty)")
    assert kiosk.locator("#check-in-error").inner_text() == "no booking has this code"
    check(kiosk, "/kiosk/check-in (a wrong code)")
    kiosk.fill("#check-in-code", "")
    kiosk.locator("#check-in-code").type(code)
    kiosk.keyboard.press("Enter")
    kiosk.wait_for_selector("#check-in-ticket:not([hidden])")
    check(kiosk, "/kiosk/check-in (checked in)")
    kiosk.goto(f"{url}/kiosk?lang=en")
    kiosk.click("#reprint-open")
    check(kiosk, "/kiosk (扫码补打)")

    issued = kiosk_api.take(academic).json
    clerk = new_page(1280, 900)
    log_in(clerk, live_hall, "窗口一", "/window/1?lang=en")
    clerk.wait_for_selector("#link[data-state=live]")
    clerk.click("[data-action=open]")
    clerk.click(f'#queue li[data-number="{issued["number"]}"] [data-priority-ticket]')
    clerk.wait_for_selector("#priority-dialog[open]")
    check(clerk, "/window/1 (绿色通道)")
    clerk.check("input[name=priority-reason][value=disability]")
    clerk.click("#priority-ok")
    clerk.click("[data-action=call]")
    clerk.wait_for_selector("button[data-action=reprint]:not([disabled])")
    clerk.click("button[data-action=reprint]")
    clerk.wait_for_selector("#message:not([hidden])")
    check(clerk, "/window/1 (补打)")
    phone.goto(f"{url}{issued['status_url']}?lang=en")
    phone.click("#reprint summary")
    check(phone, "/t/<token> (扫码补打)")

    admin = new_page(1280, 900)
    log_in(admin, live_hall, "大厅管理员", "/admin?lang=en")
    admin.wait_for_function("document.querySelector('#rules-form [name=cutoff_minutes]')"
                            ".value !== ''")
    admin.wait_for_selector("#staff tr")
    admin.fill("#kiosk-form input[name=name]", "东门1号机")
    admin.click("#kiosk-form button")
    admin.wait_for_selector("#pairing:not([hidden])")
    check(admin, "/admin")
    admin.goto(f"{url}/admin/bookings?lang=en")
    admin.wait_for_selector("text=Y001")
    check(admin, "/admin/bookings")
    assert found == {}


def test_a_refusal_is_said_in_the_pages_language(live_hall, new_page):
    kiosk = new_page(1080, 1920)
    kiosk.goto(f"{live_hall.url}/kiosk/check-in?lang=zh-CN")
    kiosk.locator("#check-in-code").type("ZZZZZZ")
    kiosk.keyboard.press("Enter")
    kiosk.wait_for_selector("#check-in-error:not(:empty)")
    assert kiosk.locator("#check-in-error").inner_text() == "没有这个预约码"


def test_the_pairing_screen_speaks_english(start_live_hall, new_page):
    live_hall = start_live_hall(rules={"open_issuing": False})
    kiosk = new_page(1080, 1920)
    kiosk.goto(f"{live_hall.url}/kiosk?lang=en")
    kiosk.wait_for_selector("#pairing:not([hidden])")
    kiosk.fill("#pairing-code", "hk_not-this-one")
    kiosk.click("#pairing-submit")
    kiosk.wait_for_function("document.getElementById('pairing-note').textContent !== ''")
    data = default_catalog_path().read_text(encoding="utf-8")
    assert untranslated(kiosk, data=data) == []
