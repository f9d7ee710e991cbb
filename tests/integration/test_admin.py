"""The admin's API and page for closures, extra sessions, calendar days and the notice."""

from __future__ import annotations

import pytest


def test_an_admin_closes_window_8_for_the_afternoon_and_the_kiosk_says_why(
        clerk, kiosk, client, household):
    response = client.post("/api/admin/overrides", json={
        "kind": "closure", "window_no": 8, "start_at": "2026-12-03T09:30",
        "end_at": "2026-12-03T17:00", "reason": "户籍系统升级"})
    assert response.status_code == 201 and response.json["start_at"].endswith("+08:00")
    refused = kiosk.take(household).json
    assert refused["verdict"] == "closed" and refused["reason"] == "户籍系统升级"
    override_id = response.json["id"]
    listed = client.get("/api/admin/overrides").json["overrides"]
    assert [o["reason"] for o in listed] == ["户籍系统升级"]
    assert client.post(f"/api/admin/overrides/{override_id}/cancel").status_code == 200
    assert kiosk.take(household).status_code == 201


def test_the_notice_and_calendar_days_through_the_api(clerk, client):
    assert client.post("/api/admin/notice", json={"text": "  寒假期间  暂停办理 "}).json == {
        "notice": "寒假期间 暂停办理"}
    assert client.get("/api/board").json["notice"] == "寒假期间 暂停办理"
    response = client.post("/api/admin/calendar", json={"day": "2027-01-01", "kind": "holiday",
                                                         "name": "元旦"})
    assert response.status_code == 200
    days = client.get("/api/admin/overrides").json["days"]
    assert days == [{"day": "2027-01-01", "kind": "holiday", "name": "元旦"}]


def test_the_admin_sees_that_next_years_holidays_are_unknown(clerk, client):
    warnings = client.get("/api/admin/overrides").json["warnings"]
    assert any("2027" in w for w in warnings)


@pytest.mark.parametrize("body", [
    {"kind": "closure", "window_no": 8, "start_at": "tomorrow", "end_at": "2026-12-03T17:00",
     "reason": "x"},
    {"kind": "closure", "window_no": 8, "start_at": "2026-12-03T17:00",
     "end_at": "2026-12-03T09:00", "reason": "x"},
    {"kind": "closure", "window_no": "8", "start_at": "2026-12-03T09:00",
     "end_at": "2026-12-03T10:00", "reason": "x"},
    {"kind": "closure", "window_no": 8, "start_at": "2026-12-03T09:00",
     "end_at": "2026-12-03T10:00", "reason": " "},
])
def test_bad_overrides_get_a_400(clerk, client, body):
    response = client.post("/api/admin/overrides", json=body)
    assert response.status_code == 400 and response.json["message"]


def test_clerks_and_strangers_cannot_change_the_hours(clerk_of, client, app):
    window_clerk = clerk_of(8)
    response = window_clerk.client.post("/api/admin/notice", json={"text": "hi"})
    assert response.status_code == 403
    assert window_clerk.client.get("/admin").status_code == 403
    stranger = app.test_client()
    assert stranger.post("/api/admin/notice", json={"text": "hi"}).status_code == 401
    assert stranger.get("/admin").status_code == 302


def test_the_admin_page_renders_for_an_admin(clerk, client):
    page = client.get("/admin")
    assert page.status_code == 200 and "临时关闭与加开" in page.get_data(as_text=True)
