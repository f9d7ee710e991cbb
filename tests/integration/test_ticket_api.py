"""Issuing, calling and serving tickets through the JSON API, as the kiosk and clerks do."""

from __future__ import annotations

import re

import pytest

from queue_server.clock import hall_time
from queue_server.events import TicketCalled, TicketIssued


def test_first_ticket_of_the_day_is_number_001_of_its_queue(kiosk, hall, household):
    response = kiosk.take(household)
    assert response.status_code == 201
    prefix = hall.catalog.post_of_window(8).prefix
    assert response.json["number"] == f"{prefix}001"
    assert response.json["windows"] == [8]
    assert response.json["people_ahead"] == 0
    assert response.json["status_url"].startswith("/t/")


def test_numbers_follow_on_and_restart_the_next_day(kiosk, clock, household):
    numbers = [kiosk.number(household) for _ in range(3)]
    assert [n[1:] for n in numbers] == ["001", "002", "003"]
    clock.set(hall_time("2026-12-07 09:30"))  # Monday
    assert kiosk.number(household)[1:] == "001"


def test_people_ahead_counts_those_waiting_before(kiosk, household):
    for expected in range(3):
        assert kiosk.take(household).json["people_ahead"] == expected


def test_windows_of_one_post_share_its_queue_first_come_first_served(
        kiosk, clerk, clock, transcript):
    numbers = []
    for _ in range(4):
        numbers.append(kiosk.number(transcript))
        clock.advance(seconds=30)
    clerk.open(14)
    clerk.open(15)
    called = [clerk.called_number(14), clerk.called_number(15)]
    clerk.finish(14)
    called.append(clerk.called_number(14))
    assert called == numbers[:3]


def test_a_call_publishes_one_event_after_commit(kiosk, clerk, published, household):
    number = kiosk.number(household)
    clerk.open(8)
    published.clear()
    clerk.call(8)
    assert [type(e) for e in published] == [TicketCalled]
    assert published[0].number == number and published[0].window_no == 8


def test_issue_publishes_ticket_issued_and_queues_a_print_job(kiosk, published, hall,
                                                              household):
    from queue_server.models import PrintJob

    kiosk.take(household)
    assert [type(e) for e in published] == [TicketIssued]
    with hall.reading() as session:
        jobs = session.query(PrintJob).all()
    assert len(jobs) == 1 and jobs[0].view["service_name"]


def test_call_at_paused_window_changes_nothing(kiosk, clerk, published, household):
    kiosk.take(household)
    clerk.open(8)
    clerk.pause(8, reason="午休")
    published.clear()
    response = clerk.call(8)
    assert response.status_code == 409 and response.json["error"] == "window_paused"
    assert published == []
    clerk.resume(8)
    assert clerk.called_number(8) is not None


def test_call_at_a_window_no_clerk_opened_is_refused(kiosk, clerk, household):
    kiosk.take(household)
    response = clerk.call(8)
    assert response.status_code == 409 and response.json["error"] == "window_not_opened"


def test_finish_a_ticket_never_called_is_refused(kiosk, clerk, household):
    kiosk.take(household)
    clerk.open(8)
    response = clerk.finish(8)
    assert response.status_code == 409 and response.json["error"] == "illegal_move"


def test_a_window_cannot_act_on_another_windows_ticket(kiosk, clerk, transcript):
    kiosk.take(transcript)
    clerk.open(14)
    clerk.open(15)
    ticket_id = clerk.call(14).json["current"]["id"]
    response = clerk.finish(15, ticket_id=ticket_id)
    assert response.status_code == 409 and response.json["error"] == "not_your_ticket"
    assert clerk.finish(14, ticket_id=ticket_id).status_code == 200


def test_calling_again_before_finishing_is_refused_unless_asked_to_finish(
        kiosk, clerk, household):
    first, second = kiosk.number(household), kiosk.number(household)
    clerk.open(8)
    assert clerk.called_number(8) == first
    assert clerk.call(8).json["error"] == "window_busy"
    response = clerk.call(8, finish_current=True)
    assert response.json["current"]["number"] == second
    assert response.json["today"]["finished"] == 1


def test_recall_keeps_count(kiosk, clerk, household):
    kiosk.take(household)
    clerk.open(8)
    clerk.call(8)
    clerk.recall(8)
    response = clerk.recall(8)
    assert response.json["current"]["recall_count"] == 2


def test_start_then_finish(kiosk, clerk, household):
    kiosk.take(household)
    clerk.open(8)
    clerk.call(8)
    assert clerk.start(8).json["current"]["state"] == "serving"
    response = clerk.finish(8)
    assert response.json["current"] is None and response.json["today"]["finished"] == 1


def test_no_show_leaves_the_queue_and_can_come_back_places_down(kiosk, clerk, clock,
                                                                 household):
    numbers = []
    for _ in range(5):
        numbers.append(kiosk.number(household))
        clock.advance(minutes=1)
    clerk.open(8)
    missed = clerk.call(8).json["current"]
    clerk.no_show(8)
    waiting = clerk.client.get("/api/windows/8").json["waiting"]
    assert [t["number"] for t in waiting] == numbers[1:]
    clerk.requeue(8, ticket_id=missed["id"], places=2)
    waiting = clerk.client.get("/api/windows/8").json["waiting"]
    assert [t["number"] for t in waiting] == [numbers[1], numbers[2], numbers[0], *numbers[3:]]


def test_transfer_keeps_the_number_and_goes_ahead_of_the_new_queue(
        kiosk, clerk, clock, household, transcript):
    waiting_there = kiosk.number(transcript)
    clock.advance(minutes=5)
    moved = kiosk.number(household)
    clerk.open(8)
    clerk.call(8)
    response = clerk.transfer(8, service_id=transcript)
    assert response.status_code == 200 and response.json["current"] is None
    clerk.open(14)
    assert clerk.called_number(14) == moved
    clerk.finish(14)
    assert clerk.called_number(14) == waiting_there


def test_transfer_to_an_unknown_service_is_refused_and_changes_nothing(
        kiosk, clerk, published, household):
    kiosk.take(household)
    clerk.open(8)
    clerk.call(8)
    published.clear()
    response = clerk.transfer(8, service_id="no-such-service")
    assert response.status_code == 404 and response.json["error"] == "unknown_service"
    assert published == []
    assert clerk.client.get("/api/windows/8").json["current"]["state"] == "called"


def test_call_a_specific_waiting_ticket_out_of_order(kiosk, clerk, client, household):
    kiosk.take(household)
    second = kiosk.take(household).json
    clerk.open(8)
    waiting = client.get("/api/windows/8").json["waiting"]
    chosen = next(t for t in waiting if t["number"] == second["number"])
    response = clerk.call(8, ticket_id=chosen["id"])
    assert response.json["current"]["number"] == second["number"]


def test_empty_queue_calls_no_one(clerk):
    clerk.open(8)
    response = clerk.call(8)
    assert response.status_code == 200 and response.json["current"] is None
    assert "no one is waiting" in response.json["message"]


def test_issue_after_friday_noon_is_refused_with_the_next_opening(kiosk, clock, household):
    clock.set(hall_time("2026-12-04 12:30"))
    response = kiosk.take(household)
    assert response.status_code == 409
    assert response.json["verdict"] == "closed"
    assert response.json["opens_at"].startswith("2026-12-07T09:00")


def test_issue_in_the_last_quarter_hour_is_refused(kiosk, clock, household):
    clock.set(hall_time("2026-12-04 11:50"))
    response = kiosk.take(household)
    assert response.status_code == 409 and response.json["verdict"] == "past_cutoff"


def test_by_notice_window_gives_no_ticket_without_a_session(kiosk, hall):
    legal = hall.catalog.services_of(hall.catalog.post_of_window(7).id)[0].id
    response = kiosk.take(legal)
    assert response.status_code == 409 and response.json["verdict"] == "by_notice"


def test_service_page_warns_when_the_wait_runs_past_closing(kiosk, clerk, clock, client,
                                                            household):
    clock.set(hall_time("2026-12-04 11:00"))
    for _ in range(13):
        kiosk.take(household)
    route = client.get(f"/api/services/{household}").json["route"]
    assert route["can_issue"] and route["wait_runs_past_closing"]
    # 13 ahead × 5 min ÷ 1 window runs past 12:00: no time is promised
    assert route["estimate"]["kind"] == "not_today" and route["estimated_wait_minutes"] is None


@pytest.mark.parametrize("body", [None, "not json", [], {"service_id": 3}, {}])
def test_bad_issue_requests_get_a_400(client, body):
    if body is None:
        response = client.post("/api/tickets", data="{", content_type="application/json")
    elif isinstance(body, str):
        response = client.post("/api/tickets", data=body, content_type="application/json")
    else:
        response = client.post("/api/tickets", json=body)
    assert response.status_code == 400
    assert set(response.json) >= {"error", "message"}


def test_unknown_ids_get_a_404(client, clerk):
    assert client.post("/api/tickets", json={"service_id": "nope"}).status_code == 404
    assert client.get("/api/tickets/not-a-token").status_code == 404
    assert clerk.open(99).status_code == 404
    assert client.get("/api/services/nope").status_code == 404
    assert clerk.act(8, "dance").status_code == 400
    assert clerk.call(8, ticket_id="7").status_code == 400


def test_the_clerk_actor_refuses_an_action_the_server_does_not_have(clerk):
    assert clerk.no_show  # the server's actions, spelt with "_" for "-"
    with pytest.raises(AttributeError, match="no_shw"):
        clerk.no_shw(8)


def test_ticket_status_by_token_updates_people_ahead(kiosk, clerk, client, household):
    kiosk.take(household)
    mine = kiosk.take(household).json
    status = client.get(f"/api/tickets/{mine['status_url'].rsplit('/', 1)[1]}")
    assert status.json["people_ahead"] == 1
    clerk.open(8)
    clerk.call(8)
    status = client.get(f"/api/tickets/{mine['status_url'].rsplit('/', 1)[1]}")
    assert status.json["people_ahead"] == 0


def test_visitor_can_cancel_their_ticket(kiosk, client, household):
    token = kiosk.take(household).json["status_url"].rsplit("/", 1)[1]
    response = client.post(f"/api/tickets/{token}/cancel")
    assert response.json["state"] == "cancelled"
    assert client.post(f"/api/tickets/{token}/cancel").status_code == 409


def test_board_snapshot_shows_windows_queues_and_last_calls(kiosk, clerk, client, household):
    number = kiosk.number(household)
    kiosk.take(household)
    clerk.open(8)
    clerk.call(8)
    board = client.get("/api/board").json
    window_8 = next(w for w in board["windows"] if w["number"] == 8)
    assert window_8["state"] == "serving" and window_8["current"]["number"] == number
    window_12 = next(w for w in board["windows"] if w["number"] == 12)
    assert window_12["state"] == "closed" and window_12["opens_at"].startswith("2026-12-03T14:00")
    post = next(p for p in board["posts"] if 8 in p["windows"])
    assert post["waiting"] == 1
    call = board["last_calls"][0]
    assert call == {"seq": call["seq"], "number": number, "window_no": 8,
                    "kind": "ticket.called", "at": call["at"]}
    assert board["recent_calls"] == [call]
    assert len(board["windows"]) == 18


def test_window_endpoints_need_a_staff_login(client):
    response = client.post("/api/windows/8/open")
    assert response.status_code == 401 and response.json["error"] == "login_required"


def test_openapi_describes_every_endpoint(client, app):
    paths = client.get("/api/openapi.json").json["paths"]
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/") and rule.rule != "/api/openapi.json":
            documented = re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", rule.rule)
            if "{action}" in documented:
                continue
            assert documented in paths, documented
    assert "/api/windows/{window_no}/no-show" in paths


def test_healthz(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json["status"] == "ok"


def test_a_double_tap_issues_one_ticket(client, published, household):
    body = {"service_id": household, "kiosk": "kiosk-1", "request_key": "tap-7f3a"}
    first = client.post("/api/tickets", json=body)
    second = client.post("/api/tickets", json=body)
    assert first.status_code == second.status_code == 201
    assert first.json["number"] == second.json["number"]
    assert len(published) == 1
    other = client.post("/api/tickets", json=dict(body, request_key="tap-8b21"))
    assert other.json["number"] != first.json["number"]


@pytest.mark.parametrize("body", [{"ticket_id": 10**20}, {"ticket_id": -10**12},
                                  {"finish_current": True, "finish_ticket_id": 2**40}])
def test_huge_numbers_get_a_400_not_a_500(clerk, body):
    clerk.open(8)
    assert clerk.call(8, **body).status_code == 400


def test_finish_and_call_next_refuses_when_the_window_moved_on(kiosk, clerk, household):
    kiosk.take(household)
    kiosk.take(household)
    clerk.open(8)
    shown = clerk.call(8).json["current"]["id"]
    assert clerk.call(8, finish_current=True, finish_ticket_id=shown + 100).status_code == 409
    response = clerk.call(8, finish_current=True, finish_ticket_id=shown)
    assert response.status_code == 200 and response.json["today"]["finished"] == 1


def test_a_wrong_method_says_which_methods_are_allowed(client):
    response = client.delete("/api/tickets")
    assert response.status_code == 405 and response.json["error"] == "method_not_allowed"
    assert set(response.headers["Allow"].replace(" ", "").split(",")) >= {"POST", "OPTIONS"}


def test_a_request_key_reused_for_another_service_is_refused(client, household, hall):
    from sqlalchemy import func, select

    from queue_server.models import Ticket
    from tests.catalog_lookup import service_named

    other = service_named(hall.catalog, "成绩单", window=14).id
    first = client.post("/api/tickets", json={"service_id": household, "request_key": "k-1"})
    again = client.post("/api/tickets", json={"service_id": household, "request_key": "k-1"})
    reused = client.post("/api/tickets", json={"service_id": other, "request_key": "k-1"})
    assert first.status_code == again.status_code == 201
    assert again.json["number"] == first.json["number"]
    assert reused.status_code == 422 and reused.json["error"] == "request_key_reused"
    assert reused.json["field"] == "request_key"
    with hall.reading() as session:
        assert session.scalar(select(func.count()).select_from(Ticket)) == 1
