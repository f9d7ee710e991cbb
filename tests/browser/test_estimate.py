"""The one estimate in real browsers (issue 15): the kiosk's ticket screen, the phone page and
the lobby board draw the same range of clock times for the same ticket."""

from __future__ import annotations

import re

from sqlalchemy import select

from queue_server.models import Ticket

HOUSEHOLD = "/kiosk/services/8-kjhjzm"  # 开具户籍证明 at window 8


def test_kiosk_phone_and_board_draw_the_same_range(live_hall, desk, new_page):
    kiosk, clerk = desk
    assert clerk.open(8).status_code in (200, 201)
    for _ in range(5):  # Thursday 10:00: 5 ahead at window 8
        kiosk.take("8-kjhjzm")
    page = new_page()
    page.goto(f"{live_hall.url}{HOUSEHOLD}")
    page.wait_for_function("window.hallKiosk && hallKiosk.socket.connected")
    page.click("#take")
    page.wait_for_selector("#ticket-number:not(:empty)")
    shown = page.locator("#ticket-wait").inner_text()
    assert re.fullmatch(r"约 \d{1,2}:\d\d–\d{1,2}:\d\d", shown), shown
    assert page.locator("#ticket-wait-unit").is_hidden()
    number = page.locator("#ticket-number").inner_text()

    phone = new_page(420, 900)
    with live_hall.hall.reading() as session:
        token = session.scalars(select(Ticket.token).where(Ticket.number == number)).one()
    phone.goto(f"{live_hall.url}/t/{token}")
    phone.wait_for_selector("#wait")
    assert phone.locator("#wait").inner_text() == shown
    assert shown in phone.locator("#state-detail").inner_text()

    board = new_page()
    board.goto(f"{live_hall.url}/board")
    board.wait_for_selector("[data-window='8'] .tile-newest")
    assert board.locator("[data-window='8'] .tile-newest").inner_text() == f"{number} {shown}"
