"""Reports through the HTTP API (JSON, CSV, XLSX) on the real database: tickets served and
missed through the clerk's endpoints, ratings written as rows, refusals counted, the sums
of a generated month adding up, and bad requests refused with the field at fault."""

from __future__ import annotations

import csv
import io
import math
import statistics
from datetime import date, timedelta

import pytest
from openpyxl import load_workbook

from queue_server.screens.reports import GROUPINGS
from tests.actors import Clerk, add_staff
from tests.catalog_lookup import service_named
from tests.history import generate, rate

DAY = "2026-12-03"


@pytest.fixture
def served_morning(hall, clock, kiosk, clerk, household):
    """Three household tickets at window 8 at 10:00: H001 called after 4 min and served in
    6, H002 called after 12 and missed, H003 called after 20 and served in 10; H001 rated
    5, H003 rated 2 and followed up; one refusal at window 12 (it opens at 14:00)."""
    numbers = [kiosk.number(household) for _ in range(3)]
    assert clerk.open(8).status_code == 200
    clock.advance(minutes=4)
    assert clerk.called_number(8) == numbers[0]
    clock.advance(minutes=6)
    assert clerk.finish(8).status_code == 200
    clock.advance(minutes=2)
    assert clerk.called_number(8) == numbers[1]
    clock.advance(minutes=2)
    assert clerk.no_show(8).status_code == 200
    clock.advance(minutes=6)
    assert clerk.called_number(8) == numbers[2]
    clock.advance(minutes=10)
    assert clerk.finish(8).status_code == 200
    rate(hall, numbers[0], 5)
    rate(hall, numbers[2], 2, followed_up=True)
    afternoon_only = service_named(hall.catalog, "", window=12).id
    assert kiosk.take(afternoon_only).status_code == 409
    return numbers


def get_report(client, **query):
    query = {"from": DAY, "to": DAY, **query}
    return client.get("/api/reports", query_string=query)


def test_a_morning_at_window_8_by_service(client, served_morning, household, hall):
    response = get_report(client, by="service")
    assert response.status_code == 200, response.json
    body = response.json
    row = next(r for r in body["rows"] if r["key"] == household)
    assert row["label"] == hall.catalog.service(household).name
    assert (row["issued"], row["served"], row["no_show"], row["cancelled"],
            row["expired"]) == (3, 2, 1, 0, 0)
    assert (row["wait_median_minutes"], row["wait_p90_minutes"],
            row["wait_max_minutes"]) == (12.5, 20.0, 20.0)
    assert (row["service_median_minutes"], row["service_p90_minutes"]) == (6.5, 10.0)
    assert (row["called_within_15_share"], row["called_within_30_share"]) == (0.6667, 1.0)
    assert row["busiest_hour"] == 10
    assert row["ratings"] == {"count": 2, "mean": 3.5, "satisfied_share": 0.5,
                              "followed_up": 1}
    assert body["totals"]["refused"] == {"closed": 1, "by_notice": 0, "past_cutoff": 0}
    assert body["totals"]["issued"] == 3
    assert body["days"] == [{"day": DAY, "kind": "workday", "name": ""}]
    assert body["period"] == {"from": DAY, "to": DAY, "by": "service", "days": 1,
                              "open_days": 1}


def test_by_clerk_the_tickets_are_the_clerks_who_called_them(client, served_morning):
    rows = get_report(client, by="clerk").json["rows"]
    mine = next(r for r in rows if r["key"] == "王老师")
    assert (mine["issued"], mine["served"], mine["no_show"]) == (3, 2, 1)
    # the refusal has no window and no clerk: it sits in the "not called" group
    assert next(r for r in rows if r["key"] is None)["refused"]["closed"] == 1


def test_by_window_and_weekday_in_english(client, served_morning):
    rows = get_report(client, by="window", lang="en").json["rows"]
    assert [r["label"] for r in rows] == ["Window 8", "Not called"]
    rows = get_report(client, by="weekday", lang="en").json["rows"]
    assert [(r["key"], r["label"]) for r in rows] == [(3, "Thu")]


def test_a_transfer_counts_out_of_one_post_and_into_the_other(client, kiosk, clerk, clock,
                                                               household, transcript, hall):
    kiosk.number(transcript)
    clerk.open(14)
    clock.advance(minutes=3)
    clerk.call(14)
    assert clerk.transfer(14, service_id=household).status_code == 200
    rows = {r["key"]: r for r in get_report(client, by="post").json["rows"]}
    to_post = hall.catalog.service(household).post_id
    from_post = hall.catalog.service(transcript).post_id
    assert (rows[from_post]["transferred_out"], rows[from_post]["transferred_in"]) == (1, 0)
    assert (rows[to_post]["transferred_in"], rows[to_post]["issued"]) == (1, 1)


def test_holidays_are_shown_as_such(client, clerk):
    body = get_report(client, **{"from": "2026-09-30", "to": "2026-10-02"}).json
    assert [(d["day"], d["kind"]) for d in body["days"]] == [
        ("2026-09-30", "workday"), ("2026-10-01", "holiday"), ("2026-10-02", "holiday")]
    assert body["days"][1]["name"] == "国庆节"
    assert body["period"]["open_days"] == 1


def test_the_csv_opens_in_excel_and_says_the_same(client, served_morning, household):
    response = get_report(client, by="service", format="csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert rows[0][:3] == ["按事项", "取号", "已办结"]
    json_rows = get_report(client, by="service").json["rows"]
    assert len(rows) == 1 + len(json_rows) + 1
    assert rows[-1][:3] == ["合计", "3", "2"]
    header = rows[0]
    mine = next(r for r in rows if r[0] == json_rows[[j["key"] for j in json_rows]
                                                     .index(household)]["label"])
    assert mine[header.index("15分钟内叫号")] == "66.7%"
    assert mine[header.index("平均评分")] == "3.50"
    assert mine[header.index("等候中位数（分钟）")] == "12.5"


def test_the_xlsx_holds_the_same_numbers(client, served_morning):
    response = get_report(client, by="clerk", format="xlsx", lang="en")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.data)).active
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0][:3] == ["Clerk", "Issued", "Done"]
    assert values[1][:4] == ["王老师", 3, 2, 1]
    assert values[-1][:3] == ["Total", 3, 2]
    share_column = values[0].index("Called within 15 min")
    assert values[1][share_column] == pytest.approx(0.6667)
    assert sheet.cell(row=2, column=share_column + 1).number_format == "0.0%"


@pytest.mark.parametrize(("query", "field"), [
    ({"from": "2026-12-31", "to": "2026-12-01"}, "to"),
    ({"from": "2024-01-01", "to": "2026-12-31"}, "to"),
    ({"from": "2026-13-01"}, "from"),
    ({"from": "2026-12-01", "to": "yesterday"}, "to"),
    ({"by": "colour"}, "by"),
    ({"format": "pdf"}, "format"),
])
def test_bad_input_is_a_400_naming_the_field(client, clerk, query, field):
    response = client.get("/api/reports", query_string=query)
    assert response.status_code == 400
    assert response.json["error"] == "bad_request"
    assert f"'{field}'" in response.json["message"]


def test_who_may_read_the_reports(app, hall, clerk_of):
    assert app.test_client().get("/api/reports").status_code == 401
    page = app.test_client().get("/admin/reports")
    assert page.status_code == 302 and "/login" in page.headers["Location"]
    window_clerk = clerk_of(8)
    assert window_clerk.client.get("/api/reports").status_code == 403
    assert window_clerk.client.get("/admin/reports").status_code == 403
    add_staff(hall, "周主管", "supervisor-password", role="supervisor")
    supervisor = Clerk(app.test_client()).log_in("周主管", "supervisor-password")
    assert supervisor.client.get("/api/reports").status_code == 200
    page = supervisor.client.get("/admin/reports")
    assert page.status_code == 200
    assert "vendor/echarts/echarts.min.js" in page.get_data(as_text=True)


def test_the_echarts_file_is_served_from_the_hall(client):
    with client.get("/static/hall/vendor/echarts/echarts.min.js") as response:
        assert response.status_code == 200 and b"Apache" in response.data[:400]


def test_the_openapi_document_describes_the_reports(client):
    operation = client.get("/api/openapi.json").json["paths"]["/api/reports"]["get"]
    names = {p["name"] for p in operation["parameters"]}
    assert names == {"from", "to", "by", "format"}


@pytest.mark.parametrize("seed", [1, 2])
def test_a_generated_month_adds_up_in_every_grouping(app, hall, clerk, client, seed):
    december = [date(2026, 12, 1) + timedelta(days=k) for k in range(31)]
    open_days = [d for d in december if d.weekday() < 5]
    history = generate(hall.database.engine, hall.catalog, open_days, 40, seed=seed)
    reports = {by: client.get("/api/reports", query_string={
        "from": "2026-12-01", "to": "2026-12-31", "by": by}).json for by in GROUPINGS}
    counts = ("issued", "served", "no_show", "cancelled", "expired", "transferred_in",
              "transferred_out")
    first = reports["service"]["totals"]
    for by, body in reports.items():
        for name in counts:
            assert sum(row[name] for row in body["rows"]) == body["totals"][name], (by, name)
        for verdict in ("closed", "by_notice", "past_cutoff"):
            assert sum(r["refused"][verdict] for r in body["rows"]) == \
                body["totals"]["refused"][verdict]
        for name in ("count", "followed_up"):
            assert sum(r["ratings"][name] for r in body["rows"]) == \
                body["totals"]["ratings"][name]
        assert body["totals"] == first, by  # every grouping has the same totals
    assert first["issued"] == history.issued
    assert (first["served"], first["no_show"], first["cancelled"], first["expired"]) == (
        history.states["done"], history.states["missed"], history.states["cancelled"],
        history.states["expired"])
    assert first["transferred_in"] == first["transferred_out"] == history.transfers
    assert first["refused"] == dict(history.refused) | {
        v: 0 for v in ("closed", "by_notice", "past_cutoff") if v not in history.refused}
    assert first["ratings"]["count"] == len(history.ratings)
    assert first["ratings"]["mean"] == round(statistics.fmean(history.ratings), 2)
    assert first["ratings"]["followed_up"] == history.followed_up
    waits = sorted(s / 60 for s in history.waits_seconds)
    assert first["wait_max_minutes"] == round(waits[-1], 1)
    for fraction, name in ((0.5, "wait_median_minutes"), (0.9, "wait_p90_minutes")):
        exact = waits[math.ceil(fraction * len(waits)) - 1]
        assert abs(first[name] - exact) <= 0.55
    within = sum(w < 15 for w in waits) / (len(waits) + history.states["cancelled"]
                                            + history.states["expired"])
    assert first["called_within_15_share"] == round(within, 4)
