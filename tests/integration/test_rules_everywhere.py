"""Rules that hold on every path that puts a ticket in a queue or lets a window serve
(issue, transfer, requeue, open, call): each leak found by trying the hall as a new user
would, with the router's answer now."""

from __future__ import annotations

from datetime import date

from queue_server import overrides, rules, spool
from queue_server.clock import hall_time
from queue_server.models import AuditEntry

MONDAY = "2026-11-30"  # 17号 opens Thursdays only; 7号 by notice, nothing published
FINANCE = "17-xsyyfbx"  # 学生医药费报销, 17号
LEGAL = "7-flzxdxsjycyf"  # 法律咨询, 7号


def printed_text(device) -> str:
    """The last ticket's words, line breaks and commands aside."""
    return device.sent[-1].decode("gb18030", errors="ignore").replace("\n", "")


def at_window_8(clock, kiosk, clerk, household, when: str) -> str:
    clock.set(hall_time(when))
    number = kiosk.number(household)
    assert clerk.open(8).status_code == 200
    assert clerk.called_number(8) == number
    return number


# ---- transfer ----

def test_a_transfer_to_a_post_closed_now_is_refused_with_when_it_opens(
        clock, kiosk, clerk, household):
    at_window_8(clock, kiosk, clerk, household, f"{MONDAY} 10:00")
    to_17 = clerk.transfer(8, service_id=FINANCE)
    assert to_17.status_code == 409, to_17.json
    assert to_17.json["error"] == "transfer_refused" and to_17.json["field"] == "service_id"
    assert to_17.json["opens_at"].startswith("2026-12-03T09:00")
    assert "财务管理服务岗" in to_17.json["message"]
    to_7 = clerk.transfer(8, service_id=LEGAL)
    assert to_7.status_code == 409 and "以通知为准" in to_7.json["message"]
    assert clerk.client.get("/api/windows/8").json["current"] is not None  # still at 8


def test_an_admin_may_send_it_anyway_with_a_recorded_reason(hall, clock, kiosk, clerk,
                                                            clerk_of, household):
    number = at_window_8(clock, kiosk, clerk, household, f"{MONDAY} 10:00")
    mere_clerk = clerk_of(8)
    refused = mere_clerk.transfer(8, service_id=FINANCE, override_reason="周四来办")
    assert refused.status_code == 403 and refused.json["field"] == "override_reason"
    sent = clerk.transfer(8, service_id=FINANCE, override_reason="已电话约好周四来办")
    assert sent.status_code == 200, sent.json
    with hall.reading() as session:
        entry = session.query(AuditEntry).filter_by(kind="ticket.transferred").one()
    assert entry.payload["override_reason"] == "已电话约好周四来办"
    assert entry.payload["number"] == number


def test_a_transfer_to_an_open_post_still_goes(clock, kiosk, clerk, household, transcript):
    at_window_8(clock, kiosk, clerk, household, f"{MONDAY} 10:00")
    assert clerk.transfer(8, service_id=transcript).status_code == 200


# ---- a closure: no opening, no calling ----

def closure_on_22(hall, start="2026-12-03 09:30", end="2026-12-03 11:00"):
    with hall.unit_of_work() as uow:
        overrides.add_override(uow, kind="closure", window_no=22, start_at=hall_time(start),
                               end_at=hall_time(end), reason="培训", actor="admin")


def test_a_window_under_a_closure_cannot_be_opened(hall, clerk_of):
    closure_on_22(hall)
    clerk = clerk_of(22)
    refused = clerk.open(22)
    assert refused.status_code == 409, refused.json
    assert refused.json["error"] == "window_closed" and refused.json["reason"] == "培训"
    assert refused.json["opens_at"].startswith("2026-12-03T11:00")


def test_a_window_opened_before_a_closure_cannot_call_during_it(hall, clock, kiosk, clerk_of):
    card = hall.catalog.services_of("w20-22-23")[0].id
    with hall.unit_of_work() as uow:  # the clerk sits at the window through the closure
        rules.change_rules(uow, {"clerk_idle_minutes": 180}, actor="admin")
    clock.set(hall_time("2026-12-03 09:10"))
    clerk = clerk_of(22)
    assert clerk.open(22).status_code == 200
    kiosk.number(card)
    closure_on_22(hall)
    clock.set(hall_time("2026-12-03 10:00"))
    refused = clerk.call(22)
    assert refused.status_code == 409 and refused.json["reason"] == "培训"
    clock.set(hall_time("2026-12-03 11:05"))
    assert clerk.call(22).json["current"] is not None


# ---- after the hours: only tickets issued before the window closed ----

def test_after_its_hours_a_window_calls_only_tickets_issued_before_it_closed(
        hall, clock, kiosk, clerk, transcript):
    friday = "2026-12-04"  # 14号 and 15号 close at 12:00; 14号 gets an extra hour
    with hall.unit_of_work() as uow:
        overrides.add_override(uow, kind="opening", window_no=14,
                               start_at=hall_time(f"{friday} 12:00"),
                               end_at=hall_time(f"{friday} 13:30"), reason="加班",
                               actor="admin")
    clock.set(hall_time(f"{friday} 11:00"))
    early = kiosk.number(transcript)
    clock.set(hall_time(f"{friday} 12:10"))
    late = kiosk.number(transcript)  # the post is open through 14号
    clock.set(hall_time(f"{friday} 12:20"))
    assert clerk.open(15).status_code == 200
    assert clerk.called_number(15) == early
    clerk.finish(15)
    refused = clerk.call(15)
    assert refused.status_code == 409 and refused.json["error"] == "window_closed"
    assert clerk.open(14).status_code == 200
    assert clerk.called_number(14) == late


# ---- the put-back rule ----

def missed_now(clerk, window_no: int = 8) -> dict:
    """Call the next ticket at the window and mark it a no-show; its ticket."""
    ticket = clerk.call(window_no).json["current"]
    assert clerk.no_show(window_no).status_code == 200
    return ticket


def numbers_taken(kiosk, clock, service_id: str, count: int) -> list[str]:
    numbers = []
    for _ in range(count):
        numbers.append(kiosk.number(service_id))
        clock.advance(minutes=1)
    return numbers


def waiting_numbers(clerk) -> list[str]:
    return [t["number"] for t in clerk.client.get("/api/windows/8").json["waiting"]]


def test_a_no_show_goes_back_at_most_the_rules_places_and_once(clock, kiosk, clerk, household):
    numbers = numbers_taken(kiosk, clock, household, 6)
    clerk.open(8)
    missed = missed_now(clerk)
    too_far = clerk.requeue(8, ticket_id=missed["id"], places=999)
    assert too_far.status_code == 400 and too_far.json["field"] == "places"
    assert clerk.requeue(8, ticket_id=missed["id"], places=4).status_code == 400  # rule: 3
    assert clerk.requeue(8, ticket_id=missed["id"]).status_code == 200  # the rule's 3
    assert waiting_numbers(clerk) == [*numbers[1:4], numbers[0], *numbers[4:]]
    for expected in numbers[1:4]:
        assert clerk.called_number(8) == expected
        clerk.finish(8)
    assert missed_now(clerk)["number"] == numbers[0]  # missed a second time
    again = clerk.requeue(8, ticket_id=missed["id"], places=0)
    assert again.status_code == 409 and again.json["error"] == "requeue_refused"
    assert numbers[0] not in waiting_numbers(clerk)


def test_the_printed_ticket_says_the_put_back_rule_in_force(clock, kiosk, clerk, household,
                                                            device, hall):
    kiosk.number(household)
    spool.print_due(hall)
    assert "过号可回队一次（后移3位）" in printed_text(device)
    assert clerk.client.put("/api/admin/rules", json={"requeue_times": 0}).status_code == 200
    kiosk.number(household)
    spool.print_due(hall)
    assert "过号需重新取号" in printed_text(device) and "回队" not in printed_text(device)
    clerk.open(8)
    missed = missed_now(clerk)
    refused = clerk.requeue(8, ticket_id=missed["id"])
    assert refused.status_code == 409 and "重新取号" in refused.json["message"]


def test_the_put_back_places_follow_the_rule(clock, kiosk, clerk, household):
    numbers = numbers_taken(kiosk, clock, household, 4)
    assert clerk.client.put("/api/admin/rules", json={"requeue_places": 1}).status_code == 200
    assert clerk.client.get("/api/windows/8").json["requeue"] == {"places": 1, "times": 1}
    clerk.open(8)
    missed = missed_now(clerk)
    assert clerk.requeue(8, ticket_id=missed["id"], places=2).status_code == 400
    assert clerk.requeue(8, ticket_id=missed["id"]).status_code == 200
    assert waiting_numbers(clerk) == [numbers[1], numbers[0], *numbers[2:]]


# ---- make-up workdays ----

MAKEUP_SUNDAY = "2026-09-20"  # 调休上班 (chinese_calendar)


def test_a_makeup_workday_follows_the_weekday_the_rule_names(clock, kiosk, clerk):
    clock.set(hall_time(f"{MAKEUP_SUNDAY} 10:00"))
    assert kiosk.take(FINANCE).json["verdict"] == "closed"  # Monday's hours: 17号 closed
    assert clerk.client.put("/api/admin/rules", json={"makeup_weekday": 3}).status_code == 200
    assert kiosk.take(FINANCE).status_code == 201  # Thursday's hours: 17号 open


def test_one_makeup_workday_may_follow_another_weekday(hall, clock, kiosk, clerk):
    clock.set(hall_time(f"{MAKEUP_SUNDAY} 10:00"))
    answer = clerk.client.post("/api/admin/calendar", json={
        "day": MAKEUP_SUNDAY, "kind": "workday", "name": "国庆调休", "follows_weekday": 3})
    assert answer.status_code == 200, answer.json
    assert kiosk.take(FINANCE).status_code == 201
    clock.set(hall_time("2026-10-10 10:00"))  # another make-up day: the rule (Monday)
    assert kiosk.take(FINANCE).json["verdict"] == "closed"
    bad = clerk.client.post("/api/admin/calendar", json={
        "day": "2026-10-10", "kind": "workday", "follows_weekday": 7})
    assert bad.status_code == 400 and bad.json["field"] == "follows_weekday"
    with hall.reading() as session:
        assert overrides.calendar_at(session, hall.catalog, at=clock.now()).workdays \
            .hours_weekday(date(2026, 10, 10)) == 0
