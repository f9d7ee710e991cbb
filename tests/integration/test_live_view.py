"""The supervisor's live view: the `supervisor` room and GET /api/live, staff only; every
window with its clerk, every queue's longest wait, the printer, and alerts that start as the
clock moves (the page resyncs at `next_change_at`)."""

from __future__ import annotations

import pytest

from queue_server.clock import hall_time
from queue_server.printer_link import PrinterState
from queue_server.realtime import socketio
from tests.actors import Clerk, add_staff
from tests.screens import snapshots

PASSWORD = "supervisor-password"


def connect(app, client):
    return socketio.test_client(app, flask_test_client=client, auth={"screen": "supervisor"})


@pytest.fixture
def supervisor(app, hall) -> Clerk:
    """A logged-in supervisor (reads only) on a client of their own."""
    add_staff(hall, "赵主管", PASSWORD, role="supervisor")
    return Clerk(app.test_client()).log_in("赵主管", PASSWORD)


@pytest.fixture
def live(app, supervisor):
    """The supervisor's socket, its connect snapshot already read."""
    socket = connect(app, supervisor.client)
    assert snapshots(socket.get_received())
    return socket


def latest(socket) -> dict:
    received = snapshots(socket.get_received())
    assert received, "no snapshot was pushed"
    return received[-1]


def kinds(snapshot: dict) -> list[str]:
    return [alert["kind"] for alert in snapshot["alerts"]]


def window(snapshot: dict, number: int) -> dict:
    return next(w for w in snapshot["windows"] if w["number"] == number)


def post_of(snapshot: dict, window_no: int) -> dict:
    return next(p for p in snapshot["posts"] if window_no in p["windows"])


def test_a_supervisor_connects_and_gets_the_whole_hall(app, supervisor):
    socket = connect(app, supervisor.client)
    assert socket.is_connected()
    [snapshot] = snapshots(socket.get_received())
    assert len(snapshot["windows"]) == 18
    assert {"waiting", "oldest_issued_at", "longest_wait_minutes", "windows_serving"} <= set(
        snapshot["posts"][0])
    assert snapshot["printer"] == {"status": "unknown", "error": "", "down": False, "queued": 0}
    assert snapshot["alerts"] == [] and snapshot["next_change_at"] is None
    assert snapshot["thresholds"] == {"wait_minutes": 30, "pause_minutes": 15}
    assert supervisor.client.get("/api/live").json["windows"] == snapshot["windows"]


def test_a_clerk_and_anonymous_are_refused(app, client, clerk_of):
    window_clerk = clerk_of(8)
    assert not connect(app, window_clerk.client).is_connected()
    assert not connect(app, client).is_connected()
    assert window_clerk.client.get("/api/live").status_code == 403
    assert client.get("/api/live").status_code == 401
    assert window_clerk.client.get("/admin/live").status_code == 403
    assert client.get("/admin/live").status_code == 302  # to the login page


def test_an_admin_may_watch_too(app, clerk):
    assert connect(app, clerk.client).is_connected()
    assert clerk.client.get("/admin/live").status_code == 200


def test_a_call_pushes_the_window_serving_that_number_and_its_clerk(live, kiosk, clerk_of,
                                                                   clock, household):
    number = kiosk.number(household)
    li = clerk_of(8, name="李老师")
    li.open(8)
    clock.advance(minutes=3)
    li.call(8)
    snapshot = latest(live)
    window_8 = window(snapshot, 8)
    assert window_8["state"] == "serving" and window_8["clerk"] == "李老师"
    assert window_8["current"]["number"] == number
    assert window_8["current"]["called_at"] == hall_time("2026-12-03 10:03").isoformat()
    assert snapshot["last_calls"][0] == {"seq": snapshot["events"][0]["seq"],
                                         "number": number, "window_no": 8,
                                         "kind": "ticket.called", "clerk": "李老师",
                                         "at": hall_time("2026-12-03 10:03").isoformat()}
    assert post_of(snapshot, 8)["windows_serving"] == 1
    assert [e["event"] for e in snapshot["events"]] == ["ticket.called"]
    assert "token" not in snapshot["events"][0]


def test_a_pause_over_15_minutes_raises_its_alert_when_the_clock_gets_there(live, clerk,
                                                                           clock):
    clerk.open(8)
    clerk.pause(8, reason="临时离开")
    snapshot = latest(live)
    assert window(snapshot, 8)["state"] == "paused"
    assert window(snapshot, 8)["pause_reason"] == "临时离开"
    assert "long_pause" not in kinds(snapshot)
    assert snapshot["next_change_at"] == hall_time("2026-12-03 10:15").isoformat()
    clock.advance(minutes=14)
    live.emit("resync", {"screen": "supervisor"})
    assert "long_pause" not in kinds(latest(live))
    clock.advance(minutes=1)  # the instant next_change_at named
    live.emit("resync", {"screen": "supervisor"})
    snapshot = latest(live)
    [alert] = [a for a in snapshot["alerts"] if a["kind"] == "long_pause"]
    assert (alert["window_no"], alert["minutes"], alert["reason"], alert["clerk"]) == (
        8, 15, "临时离开", "王老师")
    assert snapshot["next_change_at"] is None


def test_a_wait_over_30_minutes_raises_the_wait_alert(live, kiosk, clerk, clock, household):
    clerk.open(8)  # someone serves, so only the wait is wrong
    kiosk.take(household)
    clock.advance(minutes=10)
    kiosk.take(household)
    snapshot = latest(live)
    post = post_of(snapshot, 8)
    assert (post["waiting"], post["longest_wait_minutes"]) == (2, 10)
    assert post["oldest_issued_at"] == hall_time("2026-12-03 10:00").isoformat()
    assert snapshot["alerts"] == []
    assert snapshot["next_change_at"] == hall_time("2026-12-03 10:30").isoformat()
    clock.advance(minutes=21)
    live.emit("resync", {"screen": "supervisor"})
    snapshot = latest(live)
    assert [(a["kind"], a["post_id"], a["minutes"]) for a in snapshot["alerts"]] == [
        ("long_wait", post["id"], 31)]
    assert snapshot["alerts"][0]["since"] == post["oldest_issued_at"]
    assert snapshot["next_change_at"] is None  # the post's alert is on already


def test_people_waiting_with_no_window_open_raise_an_alert(live, kiosk, household):
    kiosk.take(household)
    kiosk.take(household)
    snapshot = latest(live)
    [alert] = snapshot["alerts"]
    assert (alert["kind"], alert["waiting"]) == ("nobody_serving", 2)
    assert alert["post_id"] == post_of(snapshot, 8)["id"]


def test_a_paused_window_serves_nobody(live, kiosk, clerk, household):
    clerk.open(8)
    kiosk.take(household)
    assert "nobody_serving" not in kinds(latest(live))
    clerk.pause(8, reason="午休")
    assert "nobody_serving" in kinds(latest(live))


def test_a_failing_printer_raises_the_printer_alert(live, hall, kiosk, clerk, household):
    hall.printer.state = PrinterState("out_of_paper", "paper end")
    clerk.open(8)  # any committed event
    snapshot = latest(live)
    assert snapshot["printer"]["status"] == "out_of_paper"
    assert [a for a in snapshot["alerts"] if a["kind"] == "printer"] == [
        {"kind": "printer", "status": "out_of_paper", "error": "paper end"}]
    kiosk.take(household)
    assert latest(live)["printer"]["queued"] == 1


def test_a_printer_never_tried_is_no_alert_but_unknown_after_a_failure_is(live, hall,
                                                                         clerk):
    hall.printer.state = PrinterState("unknown")
    clerk.open(8)
    assert "printer" not in kinds(latest(live))
    hall.printer.state = PrinterState("unknown", "USB device vanished")
    clerk.pause(8, reason="x")
    assert "printer" in kinds(latest(live))


def test_the_board_still_sees_no_clerk(app, client, clerk):
    clerk.open(8)
    assert "王老师" not in repr(client.get("/api/board").json)


def test_the_page_speaks_chinese_first_and_english_on_request(supervisor):
    page = supervisor.client.get("/admin/live").get_data(as_text=True)
    assert "实时看板" in page and "live.js" in page
    english = supervisor.client.get("/admin/live?lang=en").get_data(as_text=True)
    assert "Live view" in english and '"Printer out of paper"' in english


def test_home_links_the_live_view_for_staff_who_may_supervise(client, supervisor, clerk_of):
    assert "/admin/live" in supervisor.client.get("/").get_data(as_text=True)
    assert "/admin/live" not in client.get("/").get_data(as_text=True)
    assert "/admin/live" not in clerk_of(8).client.get("/").get_data(as_text=True)


def test_a_supervisor_lands_on_the_live_view_after_login(app, hall):
    add_staff(hall, "钱主管", PASSWORD, role="supervisor")
    response = app.test_client().post("/login", data={"name": "钱主管", "password": PASSWORD})
    assert response.headers["Location"].endswith("/admin/live")


def test_the_openapi_document_lists_the_live_view(client):
    live_get = client.get("/api/openapi.json").json["paths"]["/api/live"]["get"]
    assert {"200", "401", "403"} <= set(live_get["responses"])
