"""A real hall's kiosk in a browser: paired once with the admin's code, it takes tickets that
carry its name; revoked, it asks to be registered again; with the card rule, it reads a card."""

from __future__ import annotations

from sqlalchemy import select

from queue_server.models import Ticket
from tests.actors import add_kiosk, add_staff
from tests.browser.conftest import log_in_page

PASSWORD = "hall-admin-password"
HOUSEHOLD = "/kiosk/services/8-kjhjzm"  # 开具户籍证明 at window 8


def tickets_of(live_hall) -> list[Ticket]:
    with live_hall.hall.reading() as session:
        return list(session.scalars(select(Ticket).order_by(Ticket.id)))


def admin_page_of(page, live_hall):
    add_staff(live_hall.hall, "大厅管理员", PASSWORD, role="admin")
    log_in_page(page, live_hall.url, "大厅管理员", PASSWORD, "/admin")
    return page


def take_a_ticket(kiosk) -> str:
    kiosk.goto(kiosk.url.split("/kiosk")[0] + HOUSEHOLD)
    kiosk.wait_for_function("window.hallKiosk && hallKiosk.socket.connected")
    kiosk.click("#take")
    kiosk.wait_for_selector("#ticket-screen:not([hidden])")
    return kiosk.locator("#ticket-number").inner_text()


def test_a_kiosk_paired_with_the_admins_code_takes_a_ticket_in_its_name(start_live_hall,
                                                                        new_page):
    live_hall = start_live_hall(rules={"open_issuing": False})
    admin, kiosk = admin_page_of(new_page(1280, 900), live_hall), new_page()

    kiosk.goto(f"{live_hall.url}/kiosk")
    kiosk.wait_for_selector("#pairing:not([hidden])")  # a real hall: register first
    assert kiosk.locator("#pairing-title").inner_text() == "登记这台取号机"

    admin.fill("#kiosk-form input[name=name]", "东门1号机")
    admin.click("#kiosk-form button")
    admin.wait_for_selector("#pairing:not([hidden])")
    code = admin.locator("#pairing-code").inner_text()
    assert len(code) == 8
    assert "pair%3D" + code in admin.locator("#pairing-qr").get_attribute("src")
    admin.wait_for_selector("#kiosk-list td:has-text('暂无')")

    kiosk.fill("#pairing-code", code.lower())  # as typed; a scanner types the QR's address
    kiosk.click("#pairing-submit")
    kiosk.wait_for_selector("#pairing", state="hidden")
    assert kiosk.evaluate("localStorage.getItem('hall-kiosk-key')").startswith("hk_")

    assert take_a_ticket(kiosk) == "H001"
    assert [(t.number, t.kiosk_device) for t in tickets_of(live_hall)] == [("H001", "东门1号机")]

    admin.reload()
    row = admin.locator("#kiosk-list tr[data-kiosk='东门1号机']")
    row.wait_for()
    assert row.locator("td").nth(2).inner_text() == "1"  # tickets today
    assert row.locator("td").nth(3).inner_text() == "在用"
    admin.once("dialog", lambda dialog: dialog.accept())
    row.locator("button").click()
    admin.wait_for_selector("#kiosk-list tr[data-kiosk='东门1号机'] td:has-text('已停用')")

    kiosk.click("#ticket-done")  # back home; a revoked kiosk is told at once
    kiosk.wait_for_selector("#pairing:not([hidden])")
    assert "已停用" in kiosk.locator("#pairing-note").inner_text()
    assert kiosk.evaluate("localStorage.getItem('hall-kiosk-key')") is None
    assert len(tickets_of(live_hall)) == 1


def test_a_kiosk_reads_the_card_and_keeps_one_open_ticket_per_card(start_live_hall, page):
    live_hall = start_live_hall(rules={"open_issuing": False, "card_required": True})
    key = add_kiosk(live_hall.hall, "图书馆机")  # as `run.py kiosk add` prints it
    page.goto(f"{live_hall.url}/kiosk")
    page.fill("#pairing-code", "hk_not-this-one")
    page.click("#pairing-submit")
    page.wait_for_function("document.getElementById('pairing-note').textContent.includes('未登记')")
    page.fill("#pairing-code", key)  # the printed credential, pasted on the pairing screen
    page.click("#pairing-submit")
    page.wait_for_selector("#pairing", state="hidden")
    assert page.evaluate("localStorage.getItem('hall-kiosk-key')") == key
    page.goto(f"{live_hall.url}{HOUSEHOLD}")
    page.wait_for_function("window.hallKiosk && hallKiosk.socket.connected")
    assert page.locator("#pairing").is_hidden()

    page.click("#take")
    page.wait_for_selector("#card:not([hidden])")
    page.keyboard.type("2019012345\n")  # a keyboard-wedge reader types the number and Enter
    page.wait_for_selector("#ticket-screen:not([hidden])")
    assert page.locator("#ticket-number").inner_text() == "H001"

    page.goto(f"{live_hall.url}{HOUSEHOLD}")
    page.click("#take")
    page.keyboard.type("2019012345\n")
    page.wait_for_selector("#dialog:not([hidden])")
    assert "已有未办完的号" in page.locator("#dialog-lines").inner_text()
    page.click("#dialog-ok")
    page.click("#take")
    page.keyboard.type("12\n")  # a misread card
    page.wait_for_selector("#dialog:not([hidden])")
    assert "卡号无法识别" in page.locator("#dialog-lines").inner_text()
    assert [t.number for t in tickets_of(live_hall)] == ["H001"]
