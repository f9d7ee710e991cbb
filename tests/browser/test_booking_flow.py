"""预约 and 绿色通道 in real browsers: a visitor books on the phone page, checks in at the
kiosk with the code (as a keyboard-wedge scanner types it), and the clerk at window 1 calls
them at their slot; then the clerk marks a ticket 绿色通道, the next call takes it, and the
fairness rule holds for the next one."""

from __future__ import annotations

from queue_server.clock import hall_time
from tests.actors import add_staff
from tests.browser.conftest import log_in_page
from tests.catalog_lookup import service_named

PASSWORD = "window-1-password"


def test_book_check_in_be_called_at_the_slot_then_priority_stays_fair(
        live_hall, new_page, desk):
    hall, clock = live_hall.hall, live_hall.clock
    kiosk_api, _clerk_api = desk
    academic = service_named(hall.catalog, "学业发展咨询预约服务", window=1).id
    add_staff(hall, "窗口一", PASSWORD, role="clerk", windows=(1,))
    phone, kiosk, clerk = new_page(390, 844), new_page(1920, 1080), new_page(1280, 900)

    # the phone: choose today's 10:30 slot, give a name and a phone number, book
    phone.goto(f"{live_hall.url}/book")
    phone.click('.b-slot[data-slot-at^="2026-12-03T10:30"]')
    phone.fill("#name", "李同学")
    phone.fill("#contact", "13800138000")
    phone.click("#book-submit")
    phone.wait_for_url("**/book/*")
    code = phone.locator("#code").inner_text()
    assert len(code) == 6
    assert phone.locator("img.b-qr").evaluate("img => img.complete && img.naturalWidth > 0")

    clock.set(hall_time("2026-12-03 10:20"))
    kiosk.goto(f"{live_hall.url}/kiosk")
    kiosk.click("text=预约签到")
    kiosk.wait_for_url("**/kiosk/check-in")
    kiosk.locator("#check-in-code").type(code)  # the scanner types the code, then Enter
    kiosk.keyboard.press("Enter")
    kiosk.wait_for_selector("#check-in-ticket:not([hidden])")
    assert kiosk.locator("#ticket-number").inner_text() == "Y001"
    assert "10:30" in kiosk.locator("#ticket-slot").inner_text()
    kiosk.wait_for_function("document.getElementById('ticket-qr').naturalWidth > 0")

    clock.set(hall_time("2026-12-03 10:25"))
    before = kiosk_api.number(academic)  # came before the slot: called first
    clock.set(hall_time("2026-12-03 10:31"))
    after = kiosk_api.number(academic)  # came after the slot: called after the booking

    log_in_page(clerk, live_hall.url, "窗口一", PASSWORD, "/window/1")
    clerk.click("[data-action=open]")
    clerk.wait_for_selector("#queue li[data-number]")
    assert "Y001" in clerk.locator("#bookings").inner_text()

    def call_next(expected: str) -> None:
        action = "finish-next" if clerk.locator("#current-number").inner_text() not in (
            "", "—") else "call"
        clerk.click(f"[data-action={action}]:not([hidden])")
        clerk.wait_for_function(
            f"document.getElementById('current-number').textContent === '{expected}'")

    clock.set(hall_time("2026-12-03 10:32"))
    call_next(before)
    call_next("Y001")
    call_next(after)

    walk_ins = []
    for minute in range(33, 38):
        clock.set(hall_time(f"2026-12-03 10:{minute}"))
        walk_ins.append(kiosk_api.number(academic))

    def mark(number: str, reason: str) -> None:
        clerk.click(f'#queue li[data-number="{number}"] [data-priority-ticket]')
        clerk.check(f'input[name=priority-reason][value={reason}]')
        clerk.click("#priority-ok")
        clerk.wait_for_selector(f'#queue li[data-number="{number}"] .tag-priority')

    mark(walk_ins[4], "disability")
    assert clerk.locator("#queue li[data-number]").first.get_attribute("data-number") == \
        walk_ins[4]
    call_next(walk_ins[4])  # the priority ticket is called next
    mark(walk_ins[3], "pregnancy")
    call_next(walk_ins[0])  # fairness: two regular calls before the next priority one
    call_next(walk_ins[1])
    call_next(walk_ins[3])


def test_a_booking_qr_scanned_on_the_kiosk_home_checks_in(live_hall, new_page, desk):
    hall, clock = live_hall.hall, live_hall.clock
    academic = service_named(hall.catalog, "学业发展咨询预约服务", window=1).id
    kiosk_api, _clerk = desk
    answer = kiosk_api.client.post("/api/bookings", json={
        "service_id": academic, "slot_at": "2026-12-03T11:00:00+08:00", "name": "王同学",
        "contact": "13900139000"})
    code = answer.json["code"]
    clock.set(hall_time("2026-12-03 10:50"))
    kiosk = new_page(1920, 1080)
    kiosk.goto(f"{live_hall.url}/kiosk")
    kiosk.keyboard.type(code, delay=5)  # a keyboard-wedge scanner: fast keys, then Enter
    kiosk.keyboard.press("Enter")
    kiosk.wait_for_url("**/kiosk/check-in**")
    kiosk.wait_for_selector("#check-in-ticket:not([hidden])")
    assert kiosk.locator("#ticket-number").inner_text() == "Y001"


def test_the_clerk_page_says_when_a_green_call_moved_the_windows_lunch(
        live_hall, new_page, desk):
    """Window 8 lunches from 12:00; a 绿色通道 ticket it served 11:31–11:43 moves that to
    12:12, and the clerk page says so, in the words the server holds."""
    hall, clock = live_hall.hall, live_hall.clock
    kiosk_api, clerk_api = desk
    household = service_named(hall.catalog, "户籍证明", window=8).id
    add_staff(hall, "窗口八", PASSWORD, role="clerk", windows=(8,))
    clock.set(hall_time("2026-12-03 11:30"))
    regular = kiosk_api.take(household).json
    green = kiosk_api.take(household).json
    clerk_api.open(8)
    clock.set(hall_time("2026-12-03 11:31"))
    assert clerk_api.priority(8, ticket_id=green["id"], reason="pregnancy").status_code == 200
    assert clerk_api.call(8).json["current"]["number"] == green["number"]
    clock.set(hall_time("2026-12-03 11:43"))
    clerk_api.call(8, finish_current=True)

    page = new_page(1280, 900)
    log_in_page(page, live_hall.url, "窗口八", PASSWORD, "/window/8")
    page.wait_for_function(
        f"document.getElementById('current-number').textContent === '{regular['number']}'")
    note = page.locator("#lunch-note")
    assert note.is_visible()
    assert note.inner_text().startswith("午休 12:12 起，45 分钟")
    assert "顺延 12 分钟" in note.inner_text()
