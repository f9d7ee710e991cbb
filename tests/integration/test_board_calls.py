"""Calls carry a sequence (their audit entry's id), so a board knows which it has announced
and, after a reconnect, which it missed: the board's `recent_calls` are the last minutes'."""

from __future__ import annotations

from queue_server.realtime import socketio
from tests.screens import events, snapshots


def test_a_call_event_and_the_snapshot_carry_the_same_seq(app, client, kiosk, clerk, household):
    kiosk.number(household)
    kiosk.number(household)
    clerk.open(8)
    board = socketio.test_client(app, flask_test_client=client, auth={"screen": "board"})
    board.get_received()
    clerk.call(8)
    clerk.recall(8)
    received = board.get_received()
    called, recalled = events(received)
    assert (called["event"], recalled["event"]) == ("ticket.called", "ticket.recalled")
    assert recalled["seq"] > called["seq"] > 0
    latest = snapshots(received)[-1]
    assert [c["seq"] for c in latest["last_calls"][:2]] == [recalled["seq"], called["seq"]]
    assert [c["seq"] for c in latest["recent_calls"]] == [called["seq"], recalled["seq"]]


def test_recent_calls_are_the_last_five_minutes_oldest_first(client, kiosk, clerk, household,
                                                             clock):
    def recent():
        return [c["kind"] for c in client.get("/api/board").json["recent_calls"]]

    kiosk.number(household)
    clerk.open(8)
    clerk.call(8)
    clock.advance(minutes=4)
    clerk.recall(8)
    assert recent() == ["ticket.called", "ticket.recalled"]
    clock.advance(minutes=2)
    assert recent() == ["ticket.recalled"]
    clock.advance(minutes=4)
    assert recent() == []


def test_the_audit_payload_does_not_keep_the_seq(hall, kiosk, clerk, household):
    from sqlalchemy import select

    from queue_server.models import AuditEntry

    kiosk.number(household)
    clerk.open(8)
    clerk.call(8)
    with hall.database.reads() as session:
        payloads = session.scalars(select(AuditEntry.payload)).all()
    assert payloads and all("seq" not in p for p in payloads)
