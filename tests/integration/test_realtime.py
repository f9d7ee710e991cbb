"""Screens over Socket.IO: a snapshot on connect, then after commits a fresh snapshot per
screen carrying the events that made it."""

from __future__ import annotations

from queue_server.realtime import socketio
from tests.catalog_lookup import service_named
from tests.screens import event_names, events, snapshots


def connect(app, client, **auth):
    return socketio.test_client(app, flask_test_client=client, auth=auth)


def names(received):
    return [message["name"] for message in received]


def test_board_gets_a_snapshot_on_connect(app, client):
    board = connect(app, client, screen="board")
    received = board.get_received()
    assert names(received) == ["snapshot"]
    assert len(received[0]["args"][0]["windows"]) == 18


def test_board_hears_a_call_and_gets_the_new_state(app, client, kiosk, clerk, household):
    number = kiosk.number(household)
    clerk.open(8)
    board = connect(app, client, screen="board")
    board.get_received()
    clerk.call(8)
    received = board.get_received()
    assert names(received) == ["snapshot"]  # one message: the new state and what made it
    [called] = events(received)
    assert (called["event"], called["number"], called["window_no"]) == (
        "ticket.called", number, 8)
    window_8 = next(w for w in snapshots(received)[0]["windows"] if w["number"] == 8)
    assert window_8["current"]["number"] == number


def test_phone_sees_people_ahead_fall_and_its_call(app, client, kiosk, clerk, household):
    kiosk.take(household)
    token = kiosk.take(household).json["status_url"].rsplit("/", 1)[1]
    phone = connect(app, client, screen="ticket", token=token)
    assert phone.get_received()[0]["args"][0]["people_ahead"] == 1
    clerk.open(8)
    clerk.call(8)
    assert snapshots(phone.get_received())[-1]["people_ahead"] == 0
    clerk.finish(8)
    clerk.call(8)
    received = phone.get_received()
    assert "ticket.called" in event_names(received)
    assert snapshots(received)[-1]["state"] == "called"


def test_clerk_page_of_the_other_window_of_the_post_sees_the_queue_move(app, client, kiosk,
                                                                        clerk, hall):
    transcript = service_named(hall.catalog, "成绩单", window=14).id
    kiosk.take(transcript)
    kiosk.take(transcript)
    clerk.open(14)
    page_15 = connect(app, client, screen="window", window=15)
    assert len(page_15.get_received()[0]["args"][0]["waiting"]) == 2
    clerk.call(14)
    snapshot = [m for m in page_15.get_received() if m["name"] == "snapshot"][-1]["args"][0]
    assert len(snapshot["waiting"]) == 1


def test_unknown_screens_and_tickets_are_refused(app, client):
    assert not connect(app, client, screen="ticket", token="nope-nope-nope").is_connected()
    assert not connect(app, client, screen="spy").is_connected()
    assert not connect(app, client, screen="window", window="8").is_connected()


def test_resync_sends_the_snapshot_again(app, client):
    board = connect(app, client, screen="board")
    board.get_received()
    board.emit("resync", {"screen": "board"})
    assert names(board.get_received()) == ["snapshot"]


def test_public_screens_never_see_a_token_or_a_staff_name(app, client, kiosk, clerk, household):
    board = connect(app, client, screen="board")
    kiosk_screen = connect(app, client, screen="kiosk")
    token = kiosk.take(household).json["status_url"].rsplit("/", 1)[1]
    clerk.open(8)
    clerk.call(8)
    for screen in (board, kiosk_screen):
        received = repr(screen.get_received())
        assert token not in received and "王老师" not in received
    assert "王老师" not in repr(client.get("/api/board").json)


def test_events_that_queue_up_while_screens_are_busy_share_one_snapshot(app, client, hall,
                                                                          kiosk, clerk, household):
    clerk.open(8)
    board = connect(app, client, screen="board")
    board.get_received()
    app.extensions["hall_broadcaster"].queue_events()  # as on its thread: events wait while a round is sent
    numbers = [kiosk.number(household) for _ in range(3)]
    clerk.call(8)
    assert board.get_received() == []
    app.extensions["hall_broadcaster"].send_round()
    received = board.get_received()
    assert names(received) == ["snapshot"]
    assert event_names(received) == ["ticket.issued"] * 3 + ["ticket.called"]
    assert [e["number"] for e in events(received)] == numbers + numbers[:1]
    post_h = next(p for p in snapshots(received)[0]["posts"] if 8 in p["windows"])
    assert post_h["waiting"] == 2


def test_screens_nobody_watches_are_not_built(app, client, kiosk, clerk, household,
                                             monkeypatch):
    from queue_server.screens import broadcast

    built = []
    real = broadcast.ticket_views
    def spy(*args, **kw):  # the broadcaster's calls name the phones open (`among`)
        if "among" in kw:
            built.append(kw["among"])
        return real(*args, **kw)

    monkeypatch.setattr(broadcast, "ticket_views", spy)
    kiosk.take(household)  # no phone open: no ticket view is built
    assert built == []
    token = kiosk.take(household).json["status_url"].rsplit("/", 1)[1]
    phone = connect(app, client, screen="ticket", token=token)
    phone.get_received()
    clerk.open(8)
    clerk.call(8)
    assert token in built[-1] and len(built[-1]) == 1
    assert snapshots(phone.get_received())[-1]["people_ahead"] == 0


def count_window_builds(monkeypatch) -> list[int]:
    """The window numbers whose clerk-page snapshot is built, in order."""
    from queue_server.screens import clerk as clerk_screen

    built: list[int] = []
    real = clerk_screen.window_snapshot

    def spy(session, hall, window_no, **kw):
        built.append(window_no)
        return real(session, hall, window_no, **kw)

    monkeypatch.setattr("queue_server.screens.window_snapshot", spy)
    return built


def test_a_clerks_call_builds_the_windows_snapshot_once_for_answer_and_page(
        app, client, kiosk, clerk, household, monkeypatch):
    kiosk.take(household)
    clerk.open(8)
    page_8 = connect(app, client, screen="window", window=8)
    page_8.get_received()
    built = count_window_builds(monkeypatch)
    answer = clerk.call(8).json
    assert built.count(8) == 1
    [pushed] = snapshots(page_8.get_received())
    assert pushed["current"]["number"] == answer["current"]["number"] == "H001"
    assert event_names([{"name": "snapshot", "args": [pushed]}]) == ["ticket.called"]


def test_a_clerks_action_with_no_page_open_builds_its_answer_once(app, client, kiosk, clerk,
                                                                  household, monkeypatch):
    kiosk.take(household)
    clerk.open(8)
    built = count_window_builds(monkeypatch)
    assert clerk.call(8).json["current"]["number"] == "H001"
    assert built == [8]


def test_the_boards_message_goes_before_any_phone_or_clerk_page_is_built(
        app, client, hall, kiosk, clerk, household, monkeypatch):
    from queue_server.screens import broadcast

    token = kiosk.take(household).json["status_url"].rsplit("/", 1)[1]
    clerk.open(8)
    connect(app, client, screen="board")
    connect(app, client, screen="window", window=8)
    connect(app, client, screen="ticket", token=token)
    order: list[str] = []
    sio = app.extensions["hall_broadcaster"].sio
    real_emit, real_views = sio.emit, broadcast.ticket_views
    monkeypatch.setattr(sio, "emit", lambda name, message, to: (
        order.append(f"sent {to.split(':')[0]}"), real_emit(name, message, to=to))[1])
    monkeypatch.setattr(broadcast, "ticket_views", lambda *a, **kw: (
        order.append("built phones"), real_views(*a, **kw))[1])
    built = count_window_builds(monkeypatch)
    clerk.call(8)
    assert order[0] == "sent board"
    assert order.index("sent board") < order.index("built phones") < order.index("sent ticket")
    assert "sent window" in order and built == [8]


def test_events_survive_the_trip_between_processes():
    """The relay carries each event as its wire body; every kind comes back equal."""
    from queue_server.clock import hall_time
    from queue_server.events import (
        HoursBoundaryPassed,
        TicketCalled,
        TicketTransferred,
        WindowPaused,
        event_from_wire,
    )

    at = hall_time("2026-12-03 10:00")
    ids = {"ticket_id": 1, "number": "H001", "post_id": "w8", "token": "t" * 22}
    for event in (TicketCalled(at=at, actor="王老师", **ids, window_no=8),
                  TicketTransferred(at=at, actor="王老师", **ids, from_post_id="w14",
                                    service_id="8-kjhjzm", window_no=None),
                  WindowPaused(at=at, actor="王老师", window_no=8, post_id="w8", reason="午休"),
                  HoursBoundaryPassed(at=at, actor="scheduler", boundary="closes",
                                      post_id="w8", boundary_at=at.isoformat())):
        assert event_from_wire(event.to_wire()) == event


def test_a_malformed_relayed_event_is_refused_not_guessed():
    import pytest

    from queue_server.events import event_from_wire

    with pytest.raises(ValueError, match="unknown event"):
        event_from_wire({"event": "ticket.teleported", "at": "2026-12-03T10:00:00+08:00"})
    with pytest.raises(ValueError, match="malformed"):
        event_from_wire({"event": "ticket.called", "at": "yesterday"})


def test_the_workers_stop_when_serve_stops(app):
    import threading

    workers = app.extensions["hall_workers"]
    workers.start()
    running = {t.name for t in threading.enumerate()}
    assert {"broadcaster", "print-spool"} <= running
    workers.stop()
    left = {t.name for t in threading.enumerate() if t.is_alive()}
    assert not {"broadcaster", "print-spool"} & left


def test_a_kiosk_gets_its_lines_in_its_own_language(app, client):
    chinese = connect(app, client, screen="kiosk", lang="zh-CN")
    english = connect(app, client, screen="kiosk", lang="en")
    [zh] = snapshots(chinese.get_received())
    [en] = snapshots(english.get_received())
    assert (zh["lang"], en["lang"]) == ("zh-CN", "en")
    assert zh["posts"]["w8"]["line"] == {"state": "open", "text": "开放至 17:00"}
    assert en["posts"]["w8"]["line"] == {"state": "open", "text": "Open until 17:00"}
    assert (zh["posts"]["w8"]["status"]["headline"], en["posts"]["w8"]["status"]["headline"]) \
        == ("现在可以办理", "Open now")


def test_an_admins_closure_is_pushed_to_the_kiosk(app, client, clerk):
    kiosk_screen = connect(app, client, screen="kiosk", lang="zh-CN")
    kiosk_screen.get_received()
    response = client.post("/api/admin/overrides", json={
        "kind": "closure", "window_no": 8, "start_at": "2026-12-03T09:30",
        "end_at": "2026-12-03T17:00", "reason": "户籍系统升级"})
    assert response.status_code == 201
    [pushed] = snapshots(kiosk_screen.get_received())
    window_8 = pushed["posts"]["w8"]
    assert window_8["verdict"] == "closed" and window_8["can_issue"] is False
    assert window_8["line"]["state"] == "closed" and "开放" in window_8["line"]["text"]
    assert window_8["status"]["headline"] == "现在不办理"
    assert "暂停原因：户籍系统升级" in window_8["status"]["lines"]
    assert [e["event"] for e in pushed["events"]] == ["hall.override_added"]


def test_what_one_commit_did_reaches_the_board_in_one_message(app, client, kiosk, clerk,
                                                               household):
    kiosk.take(household)
    kiosk.take(household)
    clerk.open(8)
    clerk.call(8)
    board = connect(app, client, screen="board")
    board.get_received()
    broadcaster = app.extensions["hall_broadcaster"]
    broadcaster.queue_events()  # as on its thread
    clerk.call(8, finish_current=True)  # one transaction, two events
    assert broadcaster._queue.qsize() == 1  # queued as one: never split between two rounds
    broadcaster.send_round()  # takes the transaction's events as they were queued: together
    assert event_names(board.get_received()) == ["ticket.finished", "ticket.called"]
    assert broadcaster._queue.empty()


def test_a_call_committed_while_a_board_connects_is_not_lost(app, client, kiosk, clerk,
                                                             household, monkeypatch):
    """The board's connect snapshot is read, a clerk's call commits, then the board joins:
    the board must still end up showing the call."""
    number = kiosk.number(household)
    clerk.open(8)
    screens = app.extensions["hall_screens"]
    read = screens.snapshot
    calls = []

    def read_then_a_call_commits(screen):
        snapshot = read(screen)
        if not calls:
            calls.append(clerk.call(8))  # commits after the snapshot was read
        return snapshot

    monkeypatch.setattr(screens, "snapshot", read_then_a_call_commits)
    board = connect(app, client, screen="board")
    latest = snapshots(board.get_received())[-1]
    window_8 = next(w for w in latest["windows"] if w["number"] == 8)
    assert window_8["current"]["number"] == number
