"""One estimate (issue 15): the kiosk before issuing, the ticket the kiosk hands out, the
printed ticket, the phone page and the lobby board show the same range for the same ticket."""

from __future__ import annotations

import re

from sqlalchemy import select

from printer.layout import ticket_bytes
from queue_server.models import PrintJob, Ticket
from queue_server.realtime import socketio
from queue_server.spool import ticket_view_of
from tests.screens import snapshots


def first_snapshot(app, client, **auth) -> dict:
    screen = socketio.test_client(app, flask_test_client=client, auth=auth)
    [snapshot] = snapshots(screen.get_received())
    screen.disconnect()
    return snapshot


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


def test_a_new_tickets_estimate_counts_the_green_tickets_the_day_will_likely_bring(
        app, client, clock, hall, kiosk, clerk, household):
    numbers = []
    for _ in range(12):  # 10:00-10:55: a ticket every 5 minutes at window 8, none called
        numbers.append(kiosk.number(household))
        clock.advance(minutes=5)
    clerk.open(8)
    plain = first_snapshot(app, client, screen="kiosk", lang="zh-CN")["posts"]["w8"]

    with hall.reading() as session:
        last = session.scalars(select(Ticket.id).where(Ticket.number == numbers[-1])).one()
    assert clerk.priority(8, ticket_id=last, reason="pregnancy").status_code == 200
    marked = first_snapshot(app, client, screen="kiosk", lang="zh-CN")["posts"]["w8"]

    # 1 of 12 marked today, 12 an hour: over the hour's wait one more green is likely, and
    # the rule lets two pass a ticket (10 min ÷ 5 min); the one marked now is ahead of it
    # either way, so the new ticket waits one service (5 minutes) more
    assert marked["estimate"]["minutes"] == plain["estimate"]["minutes"] + 5
    answer = kiosk.take(household)
    assert answer.json["estimate"]["text"] == marked["estimate"]["text"]
