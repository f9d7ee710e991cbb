"""预约 end to end through the JSON API: slots, booking, cancelling, checking in at the kiosk
with the code, the calling order of a booked ticket, staff's list and the reports."""

from __future__ import annotations

import re

import pytest

from queue_server.clock import hall_time
from queue_server.models import Booking
from tests.catalog_lookup import service_named

THURSDAY = "2026-12-03"


@pytest.fixture
def academic(hall) -> str:
    """学业发展咨询预约服务 at window 1 (学生发展服务岗, prefix A): booked by default."""
    return service_named(hall.catalog, "学业发展咨询预约服务", window=1).id


def slot(hhmm: str, day: str = THURSDAY) -> str:
    return f"{day}T{hhmm}:00+08:00"


def book(client, service_id, hhmm, day=THURSDAY, **body):
    body = {"name": "李同学", "contact": "13800138000", **body}
    return client.post("/api/bookings", json={"service_id": service_id,
                                              "slot_at": slot(hhmm, day), **body})


def check_in(client, code):
    return client.post("/api/bookings/check-in", json={"code": code, "kiosk": "kiosk-1"})


def bookings_written(hall) -> int:
    with hall.reading() as session:
        return session.query(Booking).count()


def test_the_guides_two_booked_services_offer_slots(client, hall):
    offered = client.get("/api/bookings/offers").json["offers"]
    names = {o["service"]["name"] for o in offered}
    assert any("学业发展咨询预约服务" in n for n in names)
    assert any("专家咨询预约" in n for n in names)


def test_slots_follow_window_1s_hours_and_the_clock(client, academic):
    body = client.get("/api/bookings/slots", query_string={
        "service_id": academic, "day": THURSDAY}).json
    starts = [s["start_at"][11:16] for s in body["slots"]]
    assert starts[0] == "09:00" and starts[-1] == "16:30" and len(starts) == 16
    bookable = {s["start_at"][11:16]: s["bookable"] for s in body["slots"]}
    assert bookable["10:00"] is False  # it is 10:00 now: started
    assert bookable["10:30"] is True


def test_booking_gives_a_code_and_a_qr_and_takes_a_place(client, academic):
    answer = book(client, academic, "10:30")
    assert answer.status_code == 201, answer.json
    code = answer.json["code"]
    assert len(code) == 6 and answer.json["state"] == "booked"
    qr = client.get(f"/book/{code}/qr.svg")
    assert qr.status_code == 200 and qr.mimetype == "image/svg+xml"
    page = client.get(f"/book/{code}")
    assert page.status_code == 200 and code in page.get_data(as_text=True)
    slots = client.get("/api/bookings/slots", query_string={
        "service_id": academic, "day": THURSDAY}).json["slots"]
    assert next(s for s in slots if s["start_at"] == slot("10:30"))["free"] == 1


@pytest.mark.parametrize(("hhmm", "day", "reason"), [
    ("09:30", THURSDAY, "past"),
    ("17:00", THURSDAY, "outside_hours"),
    ("10:45", THURSDAY, "outside_hours"),
    ("10:00", "2026-12-05", "outside_hours"),  # a Saturday
    ("10:00", "2026-12-31", "too_far"),
])
def test_a_slot_that_cannot_be_booked_is_refused_and_nothing_written(
        client, hall, academic, hhmm, day, reason):
    answer = book(client, academic, hhmm, day)
    assert answer.status_code == 409
    assert answer.json["error"] == "slot_unavailable" and answer.json["reason"] == reason
    assert answer.json["field"] == "slot_at"
    assert bookings_written(hall) == 0


def test_a_holiday_has_no_slots(client, clerk, hall, academic):
    assert client.post("/api/admin/calendar", json={
        "day": "2026-12-04", "kind": "holiday", "name": "校庆"}).status_code == 200
    answer = book(client, academic, "10:00", "2026-12-04")
    assert answer.status_code == 409 and answer.json["reason"] == "holiday"
    assert client.get("/api/bookings/slots", query_string={
        "service_id": academic, "day": "2026-12-04"}).json["slots"] == []


def test_a_full_slot_is_refused(client, hall, academic):
    assert book(client, academic, "11:00").status_code == 201
    assert book(client, academic, "11:00", name="王同学").status_code == 201
    third = book(client, academic, "11:00", name="张同学")
    assert third.status_code == 409 and third.json["reason"] == "full"
    assert bookings_written(hall) == 2


@pytest.mark.parametrize(("body", "field"), [
    ({"name": ""}, "name"), ({"contact": ""}, "contact"), ({"contact": "hello"}, "contact"),
    ({"name": "x" * 41}, "name")])
def test_name_and_contact_are_required_as_the_hall_says(client, hall, academic, body, field):
    answer = book(client, academic, "10:30", **body)
    assert answer.status_code == 400 and answer.json["field"] == field
    assert bookings_written(hall) == 0


def test_a_service_without_slots_cannot_be_booked(client, household):
    answer = book(client, household, "10:30")
    assert answer.status_code == 404 and answer.json["error"] == "not_bookable"


def test_cancelling_frees_the_place_once(client, academic):
    code = book(client, academic, "10:30").json["code"]
    answer = client.post(f"/api/bookings/{code}/cancel")
    assert answer.status_code == 200 and answer.json["state"] == "cancelled"
    again = client.post(f"/api/bookings/{code}/cancel")
    assert again.status_code == 409 and again.json["error"] == "booking_used"
    assert book(client, academic, "10:30").status_code == 201
    assert book(client, academic, "10:30").status_code == 201  # both places free again


def test_a_booked_visitor_is_called_at_their_slot_ahead_of_later_walk_ins(
        client, kiosk, clerk, clock, academic):
    code = book(client, academic, "10:30").json["code"]
    clock.set(hall_time(f"{THURSDAY} 10:05"))
    first = kiosk.number(academic)
    clock.set(hall_time(f"{THURSDAY} 10:20"))
    checked = check_in(client, code.lower())  # typed in lower case: still the code
    assert checked.status_code == 201, checked.json
    assert checked.json["number"] == "Y001"
    assert checked.json["booking"]["state"] == "checked_in"
    clock.set(hall_time(f"{THURSDAY} 10:29"))
    before_slot = kiosk.number(academic)
    clock.set(hall_time(f"{THURSDAY} 10:31"))
    after_slot = kiosk.number(academic)
    clock.set(hall_time(f"{THURSDAY} 10:32"))
    clerk.open(1)
    called = [clerk.called_number(1)]
    for _ in range(3):
        called.append(clerk.call(1, finish_current=True).json["current"]["number"])
    assert called == [first, before_slot, "Y001", after_slot]


def test_an_early_arrival_waits_for_the_slot(client, clerk, clock, academic):
    code = book(client, academic, "10:30").json["code"]
    clock.set(hall_time(f"{THURSDAY} 10:10"))
    view = check_in(client, code).json
    assert view["estimate"]["called_at"].startswith(f"{THURSDAY}T10:30")
    assert view["estimate"]["low"] == "10:30"  # never before the slot
    clerk.open(1)
    assert clerk.call(1).json["current"] is None  # before 10:30 nobody is called
    clock.set(hall_time(f"{THURSDAY} 10:30"))
    assert clerk.called_number(1) == "Y001"


def test_more_than_15_minutes_late_checks_in_as_a_walk_in(client, clock, academic, hall):
    code = book(client, academic, "10:30").json["code"]
    clock.set(hall_time(f"{THURSDAY} 10:46"))
    answer = check_in(client, code)
    assert answer.status_code == 201
    assert answer.json["number"].startswith(hall.catalog.post("w1").prefix)
    assert answer.json["booking"]["late"] is True


def test_a_code_used_twice_unknown_or_for_another_day_is_refused(client, clock, hall,
                                                                 academic):
    today = book(client, academic, "10:30").json["code"]
    tomorrow = book(client, academic, "10:30", "2026-12-04").json["code"]
    assert check_in(client, today).status_code == 201
    twice = check_in(client, today)
    assert twice.status_code == 409 and twice.json["error"] == "booking_used"
    unknown = check_in(client, "ZZZZZZ")
    assert unknown.status_code == 404 and unknown.json["error"] == "unknown_booking"
    other_day = check_in(client, tomorrow)
    assert other_day.status_code == 409 and other_day.json["error"] == "booking_wrong_day"
    assert other_day.json["day"] == "2026-12-04"
    empty = check_in(client, "  ")
    assert empty.status_code == 400 and empty.json["field"] == "code"
    from queue_server.models import Ticket
    with hall.reading() as session:
        assert session.query(Ticket).count() == 1  # only the first check-in's


def test_staff_see_the_days_bookings_and_no_shows(client, app, clerk, clock, clerk_of,
                                                  academic):
    came = book(client, academic, "10:30").json["code"]
    book(client, academic, "11:00", name="没来的同学")
    clock.set(hall_time(f"{THURSDAY} 10:25"))
    check_in(client, came)
    clock.set(hall_time(f"{THURSDAY} 11:45"))
    listed = client.get("/api/bookings", query_string={"day": THURSDAY}).json
    assert listed["counts"] == {"booked": 0, "checked_in": 1, "cancelled": 0, "no_show": 1}
    assert {b["name"] for b in listed["bookings"]} == {"李同学", "没来的同学"}
    window_8 = clerk_of(8)
    assert window_8.client.get("/api/bookings").json["bookings"] == []
    window_1 = clerk_of(1)
    assert len(window_1.client.get("/api/bookings").json["bookings"]) == 2
    assert app.test_client().get("/api/bookings").status_code == 401
    report = client.get("/api/reports", query_string={"from": THURSDAY, "by": "service"}).json
    assert (report["totals"]["booked"], report["totals"]["booked_no_show"]) == (2, 1)
    for by in ("post", "window", "clerk", "hour", "weekday"):
        body = client.get("/api/reports", query_string={"from": THURSDAY, "by": by}).json
        assert sum(r["booked_no_show"] for r in body["rows"]) == 1, by


def test_an_admin_changes_the_slots(client, clerk, clerk_of, academic):
    answer = client.post("/api/admin/booking-offers", json={
        "service_id": academic, "slot_minutes": 60, "places": 1, "window_no": 1})
    assert answer.status_code == 200, answer.json
    slots = client.get("/api/bookings/slots", query_string={
        "service_id": academic, "day": THURSDAY}).json["slots"]
    assert len(slots) == 8 and slots[0]["places"] == 1
    bad = client.post("/api/admin/booking-offers", json={
        "service_id": academic, "slot_minutes": 1, "places": 1})
    assert bad.status_code == 400 and bad.json["field"] == "slot_minutes"
    other = clerk_of(1)
    assert other.client.post("/api/admin/booking-offers", json={
        "service_id": academic, "slot_minutes": 60, "places": 1}).status_code == 403
    off = client.post("/api/admin/booking-offers", json={
        "service_id": academic, "slot_minutes": 60, "places": 1, "enabled": False})
    assert off.status_code == 200
    assert book(client, academic, "11:00").status_code == 404


def test_the_book_page_and_the_kiosk_check_in_page_are_served(client):
    page = client.get("/book")
    assert page.status_code == 200 and "学业发展咨询预约服务" in page.get_data(as_text=True)
    english = client.get("/book?lang=en").get_data(as_text=True)
    assert "Book an appointment" in english
    assert client.get("/kiosk/check-in").status_code == 200
    assert client.get("/book/NOSUCH").status_code == 404


def test_the_openapi_document_describes_booking(client):
    paths = client.get("/api/openapi.json").json["paths"]
    for path in ("/api/bookings", "/api/bookings/slots", "/api/bookings/check-in",
                 "/api/bookings/{code}/cancel", "/api/tickets/{ticket_id}/priority"):
        assert path in paths
    check_in_answers = paths["/api/bookings/check-in"]["post"]["responses"]
    assert {"201", "400", "404", "409"} <= set(check_in_answers)


@pytest.mark.parametrize(("path", "params", "status", "field"), [
    ("/api/bookings/slots", {"day": THURSDAY}, 400, "service_id"),
    ("/api/bookings/slots", {"service_id": "x"}, 400, "day"),
    ("/api/bookings/slots", {"service_id": "x", "day": "3 Dec"}, 400, "day"),
])
def test_bad_slot_queries_name_the_field(client, path, params, status, field):
    answer = client.get(path, query_string=params)
    assert answer.status_code == status and answer.json["field"] == field


def test_slots_of_an_unknown_service_are_a_404(client):
    answer = client.get("/api/bookings/slots", query_string={"service_id": "nope",
                                                             "day": THURSDAY})
    assert answer.status_code == 404


@pytest.mark.parametrize(("body", "field"), [
    ({"slot_at": "tomorrow at ten"}, "slot_at"), ({"slot_at": None}, "slot_at"),
    ({"service_id": None}, "service_id"), ({"name": 7}, "name")])
def test_a_bad_booking_body_names_the_field_and_writes_nothing(client, hall, academic, body,
                                                               field):
    request = {"service_id": academic, "slot_at": slot("10:30"), "name": "李同学",
               "contact": "13800138000", **body}
    answer = client.post("/api/bookings", json=request)
    assert answer.status_code == 400 and answer.json["field"] == field
    assert bookings_written(hall) == 0


def test_the_service_functions_run_on_a_simulated_clock(hall, clock, academic):
    """What bench/simulate_day.py calls: book, check in and mark, each in a unit of work."""
    from queue_server import bookings, priority

    with hall.unit_of_work() as uow:
        code = bookings.book(uow, academic, hall_time(f"{THURSDAY} 14:00"), name="模拟",
                             contact="13800138000").code
    clock.set(hall_time(f"{THURSDAY} 13:55"))
    with hall.unit_of_work() as uow:
        _booking, ticket = bookings.check_in(uow, code, kiosk="sim", print_ticket=False)
        ticket_id = ticket.id
    with hall.unit_of_work() as uow:
        marked = priority.mark_priority(uow, ticket_id, reason="graduation", actor="sim")
        assert marked.priority_reason == "graduation"


def test_the_staff_bookings_page_is_for_admins_and_supervisors(client, clerk, clerk_of):
    page = client.get("/admin/bookings")
    assert page.status_code == 200 and "bookings_staff.js" in page.get_data(as_text=True)
    assert clerk_of(1).client.get("/admin/bookings").status_code == 403


def test_the_phone_of_an_early_booked_ticket_says_it_is_called_at_its_slot(
        client, clerk, clock, academic):
    code = book(client, academic, "10:30").json["code"]
    clock.set(hall_time(f"{THURSDAY} 10:10"))
    clerk.open(1)
    status = check_in(client, code).json["status_url"]
    page = client.get(status).get_data(as_text=True)
    detail = re.search(r'id="state-detail"[^>]*>([^<]*)<', page).group(1)
    assert detail == "预约时段 10:30，到时优先叫号"


def late_check_in_order(hall, clock, academic) -> list[str]:
    """Booked for 10:30, a walk-in at 10:35, the booked visitor checks in at 10:40 (late, but
    within 15 minutes); the order the window then calls them in."""
    from queue_server import bookings, tickets, windows

    with hall.unit_of_work() as uow:
        code = bookings.book(uow, academic, hall_time(f"{THURSDAY} 10:30"), name="李",
                             contact="13800138000").code
    clock.set(hall_time(f"{THURSDAY} 10:35"))
    with hall.unit_of_work() as uow:
        tickets.issue_ticket(uow, academic, kiosk="k", print_ticket=False)
    clock.set(hall_time(f"{THURSDAY} 10:40"))
    with hall.unit_of_work() as uow:
        bookings.check_in(uow, code, kiosk="k", print_ticket=False)
        windows.open_window(uow, 1, clerk="c")
    called = []
    for _ in range(2):
        with hall.unit_of_work() as uow:
            called.append(tickets.call_next(uow, 1, actor="c", finish_current=True).number)
    return called


def test_by_default_a_late_booked_visitor_keeps_the_place_of_their_slot(hall, clock,
                                                                        academic):
    assert late_check_in_order(hall, clock, academic) == ["Y001", "A001"]


def test_the_arrival_rule_queues_a_late_booked_visitor_from_check_in(
        tmp_path, database_url, clock, academic):
    from queue_server.app import create_app
    from queue_server.config import Config
    from queue_server.settings import HallSettings

    config = Config.for_tests(tmp_path, database_url=database_url,
                              settings=HallSettings(booking_rule="arrival"))
    app = create_app(config, clock=clock)
    try:
        order = late_check_in_order(app.extensions["hall"], clock, academic)
    finally:
        app.extensions["hall"].database.engine.dispose()
    assert order == ["A001", "Y001"]
