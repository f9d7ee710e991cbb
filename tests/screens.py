"""What a Socket.IO test client received, read the way a screen reads it.

Every message is a `snapshot`; the events that made it ride along in its `events`.
"""

from __future__ import annotations

from queue_server.realtime import socketio


def snapshots(received: list[dict]) -> list[dict]:
    return [m["args"][0] for m in received if m["name"] == "snapshot"]


def events(received: list[dict]) -> list[dict]:
    return [event for snapshot in snapshots(received) for event in snapshot.get("events", ())]


def event_names(received: list[dict]) -> list[str]:
    return [event["event"] for event in events(received)]


def first_snapshot(app, client, **auth) -> dict:
    """The snapshot a screen (`auth`: screen=board, kiosk with lang, …) is pushed on connect."""
    screen = socketio.test_client(app, flask_test_client=client, auth=auth)
    [snapshot] = snapshots(screen.get_received())
    screen.disconnect()
    return snapshot
