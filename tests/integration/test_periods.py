"""Hours by period, suspended and moved services, and provisional holidays, through the
admin's JSON API: the kiosk, the board and the router follow them."""

from __future__ import annotations

import pytest

from queue_server.clock import hall_time
from tests.catalog_lookup import service_named

WINTER = {"kind": "hours", "post_id": "w14-15", "first_day": "2027-01-18",
          "last_day": "2027-02-28", "hours": "周二、周四 9:00-11:30", "reason": "寒假"}


def test_a_winter_schedule_replaces_the_weekly_hours_for_its_range(
        clerk, client, kiosk, clock, transcript):
    response = client.post("/api/admin/periods", json=WINTER)
    assert response.status_code == 201, response.json
    assert response.json["hours"] == "周二、周四 9:00-11:30"
    clock.set(hall_time("2027-01-18 10:00"))  # a Monday in the vacation: closed
    refused = kiosk.take(transcript)
    assert refused.status_code == 409
    assert "寒假" in refused.json["reason"]
    assert refused.json["opens_at"].startswith("2027-01-19T09:00")
    board = client.get("/api/board").json
    assert {w["number"]: w["open_by_hours"] for w in board["windows"]}[14] is False
    clock.set(hall_time("2027-01-19 11:00"))  # Tuesday 11:00: open
    assert kiosk.take(transcript).status_code == 201
    clock.set(hall_time("2027-01-19 14:00"))  # Tuesday afternoon: not in the period's hours
    assert kiosk.take(transcript).status_code == 409
    clock.set(hall_time("2027-03-01 14:00"))  # after the period: the catalog's Monday hours
    assert kiosk.take(transcript).status_code == 201


def test_the_kiosk_pages_show_the_periods_hours_while_it_lasts(clerk, client, clock,
                                                               transcript):
    weekly = "周一至周四9:00-17:00"  # the catalog's weekly hours of 14号/15号
    assert client.post("/api/admin/periods", json=WINTER).status_code == 201
    clock.set(hall_time("2027-01-19 10:00"))
    for page in ("/kiosk/posts/w14-15", f"/kiosk/services/{transcript}"):
        html = client.get(page).get_data(as_text=True)
        assert "寒假：周二、周四 9:00-11:30（至 2027-02-28）" in html, page
    english = client.get("/kiosk/posts/w14-15?lang=en").get_data(as_text=True)
    assert "(until 2027-02-28)" in english or "until 2027-02-28" in english
    clock.set(hall_time("2027-03-01 10:00"))
    html = client.get("/kiosk/posts/w14-15?lang=zh-CN").get_data(as_text=True)
    assert "寒假：" not in html and weekly in html


def test_an_edited_then_removed_period_stops_applying(clerk, client, kiosk, clock, transcript):
    period_id = client.post("/api/admin/periods", json=WINTER).json["id"]
    clock.set(hall_time("2027-01-18 10:00"))
    assert kiosk.take(transcript).status_code == 409
    edited = client.put(f"/api/admin/periods/{period_id}",
                        json=dict(WINTER, hours="周一至周五 9:00-11:30"))
    assert edited.status_code == 200 and edited.json["updated_by"] == "王老师"
    assert kiosk.take(transcript).status_code == 201
    assert client.delete(f"/api/admin/periods/{period_id}").status_code == 200
    assert client.get("/api/admin/periods").json["periods"] == []
    clock.set(hall_time("2027-01-18 14:00"))  # the catalog's Monday 9-17 again
    assert kiosk.take(transcript).status_code == 201


def test_a_suspended_service_is_refused_with_its_reason_on_the_kiosk(
        clerk, client, kiosk, transcript, household):
    response = client.post("/api/admin/periods", json={
        "kind": "suspension", "service_id": household, "first_day": "2026-12-01",
        "last_day": "2026-12-10", "reason": "户籍系统升级"})
    assert response.status_code == 201, response.json
    refused = kiosk.take(household)
    assert refused.status_code == 409 and "户籍系统升级" in refused.json["reason"]
    page = client.get(f"/kiosk/services/{household}").get_data(as_text=True)
    assert "户籍系统升级" in page and "暂停办理" in page
    assert kiosk.take(transcript).status_code == 201  # other services go on


def test_a_service_moved_to_another_post_from_a_date(clerk, client, kiosk, clock, hall):
    service = service_named(hall.catalog, "户籍证明", window=8)
    response = client.post("/api/admin/periods", json={
        "kind": "move", "service_id": service.id, "to_post_id": "w21",
        "first_day": "2026-12-07", "reason": "户籍业务并入21号窗口"})
    assert response.status_code == 201, response.json
    assert kiosk.number(service.id).startswith("H")  # before the day: its own post
    clock.set(hall_time("2026-12-07 10:00"))
    assert kiosk.number(service.id).startswith("N")  # from the day: window 21's queue


def test_each_change_is_audited_and_pushed(clerk, client, published):
    client.post("/api/admin/periods", json=WINTER)
    assert [e.wire_name for e in published][-1] == "hall.period"
    assert published[-1].actor == "王老师" and published[-1].change == "added"


@pytest.mark.parametrize(("change", "field"), [
    ({"last_day": "2027-01-10"}, "last_day"),  # ends before it starts
    ({"hours": "周二 早上"}, "hours"),  # hours that do not parse
    ({"post_id": "w99"}, "post_id"),
    ({"post_id": None, "window_no": 99}, "window_no"),
    ({"first_day": "2027-02-01", "last_day": "2027-03-10"}, "first_day"),  # overlaps WINTER
    ({"post_id": None, "window_no": 15, "first_day": "2027-02-27"}, "first_day"),  # its window
    ({"first_day": "18/01/2027"}, "first_day"),
    ({"kind": "vacation"}, "kind"),
])
def test_bad_periods_get_a_400_naming_the_field_and_write_nothing(clerk, client, change, field):
    assert client.post("/api/admin/periods", json=WINTER).status_code == 201
    response = client.post("/api/admin/periods", json=dict(WINTER, **change))
    assert response.status_code == 400, response.json
    assert response.json["field"] == field and response.json["message"]
    assert len(client.get("/api/admin/periods").json["periods"]) == 1


@pytest.mark.parametrize(("body", "field"), [
    ({"kind": "suspension", "service_id": "nope", "first_day": "2026-12-01",
      "last_day": "2026-12-02", "reason": "x"}, "service_id"),
    ({"kind": "move", "service_id": "{household}", "to_post_id": "w99",
      "first_day": "2026-12-01"}, "to_post_id"),
    ({"kind": "suspension", "service_id": "{household}", "first_day": "2026-12-01",
      "last_day": "2026-12-02", "reason": " "}, "reason"),
])
def test_bad_suspensions_and_moves_name_the_field(clerk, client, household, body, field):
    body = {k: v.replace("{household}", household) if isinstance(v, str) else v
            for k, v in body.items()}
    response = client.post("/api/admin/periods", json=body)
    assert response.status_code == 400 and response.json["field"] == field


def test_clerks_cannot_change_periods(clerk_of, app):
    window_clerk = clerk_of(14)
    assert window_clerk.client.post("/api/admin/periods", json=WINTER).status_code == 403
    assert app.test_client().get("/api/admin/periods").status_code == 401


def test_new_year_2027_routes_as_a_provisional_holiday(clerk, client, kiosk, clock, transcript):
    clock.set(hall_time("2027-01-01 10:00"))  # a Friday; chinese_calendar stops at 2026
    refused = kiosk.take(transcript)
    assert refused.status_code == 409 and refused.json["verdict"] == "closed"
    page = client.get(f"/kiosk/services/{transcript}").get_data(as_text=True)
    assert "元旦" in page and "暂定" in page
    year = client.get("/api/admin/holiday-years/2027").json
    assert year["provisional"] is True
    assert {"day": "2027-01-01", "kind": "holiday", "name": "元旦"} in year["days"]


def test_an_admin_confirms_2027_from_the_notice_with_makeup_workdays(
        clerk, client, kiosk, clock, transcript):
    response = client.post("/api/admin/holiday-years/2027/confirm", json={"days": [
        {"day": "2027-01-01", "kind": "holiday", "name": "元旦"},
        {"day": "2027-02-20", "kind": "workday", "name": "春节调休"}]})
    assert response.status_code == 200, response.json
    assert response.json["provisional"] is False
    assert not any("2027" in w for w in client.get("/api/admin/overrides").json["warnings"])
    clock.set(hall_time("2027-02-20 10:00"))  # a Saturday worked: Monday's hours
    assert kiosk.take(transcript).status_code == 201
    clock.set(hall_time("2027-02-08 10:00"))  # computed 春节, but not in the notice entered
    assert kiosk.take(transcript).status_code == 201


def test_confirming_a_year_with_a_bad_day_writes_nothing(clerk, client):
    response = client.post("/api/admin/holiday-years/2027/confirm", json={"days": [
        {"day": "2027-01-01", "kind": "holiday", "name": "元旦"},
        {"day": "2028-01-01", "kind": "holiday", "name": "元旦"}]})
    assert response.status_code == 400 and response.json["field"] == "days"
    assert client.get("/api/admin/holiday-years/2027").json["provisional"] is True


def test_the_openapi_document_describes_the_periods_api(client):
    paths = client.get("/api/openapi.json").json["paths"]
    assert set(paths["/api/admin/periods"]) == {"get", "post"}
    assert set(paths["/api/admin/periods/{period_id}"]) == {"put", "delete"}
    post = paths["/api/admin/periods"]["post"]
    schema = post["requestBody"]["content"]["application/json"]["schema"]
    assert schema["required"] == ["kind", "first_day"]
    assert {"201", "400", "401", "403"} <= set(post["responses"])
    assert "/api/admin/holiday-years/{year}/confirm" in paths


def test_the_admin_page_has_the_periods_and_the_holiday_years(clerk, client):
    page = client.get("/admin").get_data(as_text=True)
    assert 'id="period-form"' in page and 'id="holiday-years"' in page
    assert "admin_periods.js" in page
    ours = page.split('id="periods-section"')[1].split("admin_periods.js")[0]
    assert "<script>" not in ours  # data in JSON blocks, code in a static file


def test_a_suspension_is_pushed_to_the_kiosk_and_a_schedule_to_the_board(
        app, clerk, client, household):
    from queue_server.realtime import socketio
    from tests.screens import snapshots

    kiosk_screen = socketio.test_client(app, flask_test_client=client,
                                        auth={"screen": "kiosk"})
    board = socketio.test_client(app, flask_test_client=client, auth={"screen": "board"})
    kiosk_screen.get_received(), board.get_received()
    client.post("/api/admin/periods", json={
        "kind": "suspension", "service_id": household, "first_day": "2026-12-01",
        "last_day": "2026-12-10", "reason": "户籍系统升级"})
    pushed = snapshots(kiosk_screen.get_received())[-1]
    status = pushed["services"][household]["status"]
    assert status["can_issue"] is False and "户籍系统升级" in " ".join(status["lines"])
    client.post("/api/admin/periods", json={
        "kind": "hours", "window_no": 8, "first_day": "2026-12-03", "last_day": "2026-12-04",
        "hours": "周五 9:00-11:00", "reason": "系统维护"})  # Thursday: window 8 closes
    windows = {w["number"]: w for w in snapshots(board.get_received())[-1]["windows"]}
    assert windows[8]["open_by_hours"] is False and windows[14]["open_by_hours"] is True


def test_confirming_a_year_as_computed_keeps_its_holidays(clerk, client, kiosk, clock,
                                                          transcript, published):
    response = client.post("/api/admin/holiday-years/2027/confirm", json={})
    assert response.status_code == 200 and response.json["provisional"] is False
    assert published[-1].wire_name == "hall.holiday_year" and published[-1].holidays == 19
    clock.set(hall_time("2027-01-01 10:00"))
    assert kiosk.take(transcript).status_code == 409
    page = client.get(f"/kiosk/services/{transcript}").get_data(as_text=True)
    assert "元旦" in page and "暂定" not in page


def test_a_year_the_official_data_covers_cannot_be_confirmed_over(clerk, client):
    response = client.post("/api/admin/holiday-years/2026/confirm", json={})
    assert response.status_code == 400 and response.json["field"] == "year"
    assert client.get("/api/admin/holiday-years/2026").json["official"] is True
