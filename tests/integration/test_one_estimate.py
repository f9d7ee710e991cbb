"""One estimate (issue 15): the kiosk before issuing, the ticket the kiosk hands out, the
printed ticket, the phone page and the lobby board show the same range for the same ticket."""

from __future__ import annotations

import re

from sqlalchemy import select

from printer.layout import ticket_bytes
from queue_server.models import PrintJob
from queue_server.spool import ticket_view_of
from tests.screens import first_snapshot


def test_kiosk_ticket_print_phone_and_board_show_the_same_range(app, client, hall, kiosk,
                                                                 clerk, household):
    clerk.open(8)
    for _ in range(6):  # Thursday 10:00, window 8 serving, 6 ahead at 5 minutes each
        kiosk.take(household)
    before = first_snapshot(app, client, screen="kiosk", lang="zh-CN")["posts"]["w8"]
    answer = kiosk.take(household)
    assert answer.status_code == 201
    mine = answer.json
    shown = mine["estimate"]["text"]
    assert re.fullmatch(r"约 \d{1,2}:\d\d–\d{1,2}:\d\d", shown), shown

    assert before["estimate"]["text"] == shown  # the kiosk, before the ticket was issued
    assert any(shown in line for line in before["status"]["lines"])  # its status panel

    with hall.reading() as session:
        job = session.scalars(select(PrintJob).where(PrintJob.ticket_id == mine["id"])).one()
    assert job.view["estimate_text"] == shown
    assert f"预计叫号：{shown}".encode("gb18030") in ticket_bytes(ticket_view_of(job.view))

    token = mine["status_url"].rsplit("/", 1)[1]
    html = client.get(f"/t/{token}").get_data(as_text=True)
    assert re.search(r'id="wait"[^>]*>' + re.escape(shown) + "<", html)
    assert f"前面还有 6 人，预计{shown} 叫号" in html

    board = first_snapshot(app, client, screen="board")
    w8 = next(p for p in board["posts"] if p["id"] == "w8")
    assert w8["newest"]["number"] == mine["number"]
    assert w8["newest"]["estimate"]["text"] == shown
