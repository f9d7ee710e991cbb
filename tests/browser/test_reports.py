"""The reports page in a real browser: a morning served at window 8 through the clerk's API,
a rating, then an admin opens /admin/reports, sees the figures in the table under the charts
and downloads the same figures as CSV and as Excel."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from openpyxl import load_workbook

from tests.browser.conftest import DESK_PASSWORD, log_in_page
from tests.catalog_lookup import service_named
from tests.history import rate


def test_an_admin_reads_the_morning_in_the_table_and_the_downloads(live_hall, desk, page):
    kiosk, clerk = desk
    clock, hall = live_hall.clock, live_hall.hall
    service = service_named(hall.catalog, "户籍证明", window=8)
    first, second = kiosk.number(service.id), kiosk.number(service.id)
    assert clerk.open(8).status_code == 200
    clock.advance(minutes=5)
    assert clerk.called_number(8) == first
    clock.advance(minutes=7)
    assert clerk.finish(8).status_code == 200
    assert clerk.called_number(8) == second
    assert clerk.no_show(8).status_code == 200
    rate(hall, first, 5)

    log_in_page(page, live_hall.url, "李老师", DESK_PASSWORD, "/admin/reports")
    page.wait_for_selector("body[data-loaded]")
    assert page.locator("#chart-counts canvas").count() >= 1  # ECharts drew, from the hall
    row = page.locator("#report-table tbody tr", has_text=service.name)
    cell = lambda key: row.locator(f"td[data-key='{key}']").inner_text()
    assert [cell(k) for k in ("issued", "served", "no_show", "ratings.mean")] == [
        "2", "1", "1", "5.00"]
    assert cell("wait_max_minutes") == "12.0"  # the no-show waited 12 minutes
    totals = page.locator("#report-table tfoot td[data-key='issued']").inner_text()
    assert totals == "2"

    with page.expect_download() as download:
        page.click("#csv")
    data = Path(download.value.path()).read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    header = rows[0]
    mine = next(r for r in rows if r[0] == service.name)
    assert [mine[header.index(t)] for t in ("取号", "已办结", "过号", "平均评分")] == [
        "2", "1", "1", "5.00"]

    with page.expect_download() as download:
        page.click("#xlsx")
    sheet = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes())).active
    values = [[c.value for c in r] for r in sheet.iter_rows()]
    mine = next(r for r in values if r[0] == service.name)
    assert [mine[values[0].index(t)] for t in ("取号", "已办结", "过号", "平均评分")] == [
        2, 1, 1, 5.0]
