"""绿色通道 through the JSON API: who may mark a ticket, with which reasons; the marked ticket
is called next, and the fairness rule bounds what regular tickets lose."""

from __future__ import annotations

import pytest

from queue_server.events import TicketPrioritised
from queue_server.models import AuditEntry, Ticket
from tests.screens import first_snapshot


def ticket_id(hall, number: str) -> int:
    with hall.reading() as session:
        return session.query(Ticket).filter_by(number=number).one().id


def queue_of(kiosk, clock, service_id, n: int) -> list[str]:
    numbers = []
    for _ in range(n):
        numbers.append(kiosk.number(service_id))
        clock.advance(seconds=30)
    return numbers


def test_a_marked_ticket_is_called_next_then_fairness_holds(
        kiosk, clerk, clock, hall, household, published):
    numbers = queue_of(kiosk, clock, household, 6)
    clerk.open(8)
    assert clerk.called_number(8) == numbers[0]
    marked = clerk.priority(8, ticket_id=ticket_id(hall, numbers[5]), reason="pregnancy")
    assert marked.status_code == 200, marked.json
    waiting = marked.json["waiting"]
    assert waiting[0]["number"] == numbers[5] and waiting[0]["priority_reason"] == "pregnancy"
    assert [type(e) for e in published][-1] is TicketPrioritised
    called = [clerk.call(8, finish_current=True).json["current"]["number"]]
    # a second priority ticket right after the first waits for two regular calls (K = 3)
    clerk.priority(8, ticket_id=ticket_id(hall, numbers[4]), reason="disability")
    for _ in range(3):
        called.append(clerk.call(8, finish_current=True).json["current"]["number"])
    assert called == [numbers[5], numbers[1], numbers[2], numbers[4]]


def test_no_priority_ahead_of_a_regular_ticket_long_past_its_estimate(
        kiosk, clerk, clock, hall, household):
    numbers = queue_of(kiosk, clock, household, 3)  # estimates 0, 5 and 10 minutes
    clock.advance(minutes=30)  # 01 is 30 minutes past its estimate: beyond the 10 allowed
    clerk.open(8)
    clerk.priority(8, ticket_id=ticket_id(hall, numbers[2]), reason="graduation")
    assert clerk.called_number(8) == numbers[0]


@pytest.mark.parametrize(("body", "field"), [
    ({}, "reason"), ({"reason": "vip"}, "reason"), ({"reason": "other"}, "note"),
    ({"reason": "other", "note": "x" * 201}, "note")])
def test_a_mark_without_a_good_reason_is_refused_and_nothing_written(
        kiosk, clerk, hall, household, body, field):
    number = kiosk.number(household)
    answer = clerk.priority(8, ticket_id=ticket_id(hall, number), **body)
    assert answer.status_code == 400 and answer.json["field"] == field
    with hall.reading() as session:
        assert session.query(Ticket).one().priority_reason is None
        assert session.query(AuditEntry).filter_by(kind="ticket.prioritised").count() == 0


def test_only_a_clerk_of_the_tickets_post_or_an_admin_may_mark(
        app, kiosk, clerk_of, hall, household, transcript):
    number = kiosk.number(household)
    at_14 = clerk_of(14)
    refused = at_14.priority(8, ticket_id=ticket_id(hall, number), reason="disability")
    assert refused.status_code == 403
    other_post = at_14.priority(14, ticket_id=ticket_id(hall, number), reason="disability")
    assert other_post.status_code == 409 and other_post.json["error"] == "not_your_ticket"
    nobody = app.test_client().post(f"/api/tickets/{ticket_id(hall, number)}/priority",
                                    json={"reason": "disability"})
    assert nobody.status_code == 401
    with hall.reading() as session:
        assert session.query(Ticket).one().priority_reason is None
    at_8 = clerk_of(8)
    assert at_8.priority(8, ticket_id=ticket_id(hall, number), reason="other",
                         note="拄拐").status_code == 200
    twice = at_8.priority(8, ticket_id=ticket_id(hall, number), reason="disability")
    assert twice.status_code == 409


def test_an_admin_marks_from_the_api_and_the_reports_count_it(
        kiosk, clerk, client, hall, household, clock):
    number = kiosk.number(household)
    answer = client.post(f"/api/tickets/{ticket_id(hall, number)}/priority",
                         json={"reason": "disability"})
    assert answer.status_code == 200 and answer.json["priority_reason"] == "disability"
    with hall.reading() as session:
        marked = session.query(Ticket).one()
        assert (marked.priority_by, marked.priority_at) == ("王老师", clock.now())
        entry = session.query(AuditEntry).filter_by(kind="ticket.prioritised").one()
        assert entry.actor == "王老师" and entry.payload["priority_reason"] == "disability"
    report = client.get("/api/reports", query_string={"from": "2026-12-03"}).json
    assert report["totals"]["prioritised"] == 1


def test_the_board_hears_of_the_mark_but_not_its_reason(app, kiosk, clerk, hall, household):
    from queue_server.realtime import socketio

    number = kiosk.number(household)
    board = socketio.test_client(app, flask_test_client=app.test_client(),
                                 query_string="screen=board")
    board.get_received()
    clerk.priority(8, ticket_id=ticket_id(hall, number), reason="pregnancy")
    sent = [m for m in board.get_received() if m["name"] == "snapshot"]
    events = [e for m in sent for e in m["args"][0]["events"]]
    assert any(e["event"] == "ticket.prioritised" for e in events)
    assert all("priority_reason" not in e for e in events)


def test_the_phone_shows_the_new_place(client, kiosk, clerk, hall, household, clock):
    first = kiosk.take(household).json
    clock.advance(seconds=30)
    second = kiosk.take(household).json
    assert client.get(f"/api/tickets/{second['status_url'][3:]}").json["people_ahead"] == 1
    clerk.priority(8, ticket_id=ticket_id(hall, second["number"]), reason="disability")
    assert client.get(f"/api/tickets/{second['status_url'][3:]}").json["people_ahead"] == 0
    assert client.get(f"/api/tickets/{first['status_url'][3:]}").json["people_ahead"] == 1



def test_next_to_call_skips_what_the_window_may_not_call(kiosk, clock, hall, household):
    """`accept` lets the window's own rule (its hours, say) pass over a ticket."""
    from queue_server.queues import next_to_call

    first, second = queue_of(kiosk, clock, household, 2)
    with hall.unit_of_work() as uow:
        chosen = next_to_call(uow.session, "w8", uow.now.date(), at=uow.now,
                              settings=uow.settings, window_no=8,
                              accept=lambda t: t.id != ticket_id(hall, first))
        assert chosen.number == second


def test_a_window_that_called_a_green_before_lunch_goes_later_and_the_estimate_knows(
        app, client, kiosk, clerk, clock, hall, household):
    """Window 8 (1号 of its post) lunches from 12:00. A 绿色通道 call at 11:31 that keeps it
    12 minutes moves its lunch to 12:12 (the clerk page says so), and a ticket issued at
    11:43 is expected before that lunch, not after it. With the rule off: 12:00 and after."""
    clock.advance(minutes=90)  # Thursday 11:30
    regular = queue_of(kiosk, clock, household, 2)
    green = kiosk.number(household)
    clerk.open(8)
    clerk.priority(8, ticket_id=ticket_id(hall, green), reason="pregnancy")
    assert clerk.call(8).json["current"]["number"] == green
    clock.advance(minutes=12)
    answer = clerk.call(8, finish_current=True).json
    assert answer["current"]["number"] == regular[0]
    lunch = answer["lunch"]
    assert lunch["moved_minutes"] == 12 and lunch["at"].startswith("2026-12-03T12:12")

    def expected_call() -> str:
        kiosk_screen = first_snapshot(app, client, screen="kiosk", lang="zh-CN")
        return kiosk_screen["posts"]["w8"]["estimate"]["called_at"]

    assert expected_call() < "2026-12-03T12:12"  # two ahead at 12 minutes: about 12:07
    assert clerk.client.put("/api/admin/rules",
                            json={"lunch_after_greens": False}).status_code == 200
    assert clerk.client.get("/api/windows/8").json["lunch"]["moved_minutes"] == 0
    assert expected_call() >= "2026-12-03T12:45"  # R2 at 11:55, lunch at 12:07 first

