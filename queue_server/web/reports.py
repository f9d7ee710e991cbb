"""The reports: the page `/admin/reports` and `GET /api/reports` (JSON, CSV, XLSX), for a hall
admin or a supervisor. Thin: parse the period, authorise, ask the read model, word it."""

from __future__ import annotations

import csv
import io
from datetime import date

from flask import Blueprint, Response, g, render_template, request
from flask_login import current_user, login_required
from sqlalchemy.exc import IntegrityError

from queue_server.errors import BadRequest
from queue_server.screens import report_rollups
from queue_server.screens.reports import GROUPINGS, NOT_CALLED, WEEKDAYS, report
from queue_server.web import hall
from queue_server.web.authorise import supervisor_actor
from queue_server.web.i18n import strings_for, translate

bp = Blueprint("reports", __name__)

FORMATS = ("json", "csv", "xlsx")
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# The table's columns, in order: (where in a row, Chinese title, kind of figure).
COLUMNS = (
    ("label", "分组", "text"),
    ("issued", "取号", "count"), ("served", "已办结", "count"), ("no_show", "过号", "count"),
    ("cancelled", "已取消", "count"), ("expired", "已失效", "count"),
    ("transferred_in", "转入（次）", "count"), ("transferred_out", "转出（次）", "count"),
    ("wait_median_minutes", "等候中位数（分钟）", "minutes"),
    ("wait_p90_minutes", "等候90%分位（分钟）", "minutes"),
    ("wait_max_minutes", "最长等候（分钟）", "minutes"),
    ("service_median_minutes", "办理中位数（分钟）", "minutes"),
    ("service_p90_minutes", "办理90%分位（分钟）", "minutes"),
    ("called_within_15_share", "15分钟内叫号", "share"),
    ("called_within_30_share", "30分钟内叫号", "share"),
    ("busiest_hour", "最忙时段", "hour"),
    ("refused.closed", "拒绝取号·不在服务时间", "count"),
    ("refused.by_notice", "拒绝取号·以通知为准", "count"),
    ("refused.past_cutoff", "拒绝取号·已停止取号", "count"),
    ("ratings.count", "评价数", "count"), ("ratings.mean", "平均评分", "number"),
    ("ratings.satisfied_share", "满意率", "share"),
    ("ratings.followed_up", "已回访", "count"),
    ("booked", "预约", "count"), ("booked_no_show", "预约未到", "count"),
    ("prioritised", "绿色通道", "count"),
)
GROUP_NAMES = {"service": "按事项", "post": "按岗位", "window": "按窗口", "clerk": "按工作人员",
               "hour": "按时段", "weekday": "按星期"}
TOTAL = "合计"
JS_STRINGS = ("取号", "已办结", "过号", "已取消", "已失效", "等候中位数（分钟）",
              "等候90%分位（分钟）", "办理中位数（分钟）", "加载中…", "没有数据", "节假日",
              "调休上班", "期间共 {days} 天，其中办公日 {open} 天", "人数", "分钟",
              "期间的节假日：", "查询失败：", *GROUP_NAMES.values())


@bp.get("/admin/reports")
@login_required
def page():
    if not current_user.may_supervise:
        return render_template("forbidden.html", window_no=None,
                               message="只有大厅管理员和值班主管可以查看报表"), 403
    the_hall = hall()
    today = the_hall.clock.now().date()
    return render_template(
        "reports.html", hall_name=the_hall.catalog.hall_name, today=today.isoformat(),
        groupings=[(by, GROUP_NAMES[by]) for by in GROUPINGS],
        words=strings_for(g.lang, JS_STRINGS))


@bp.get("/api/reports")
def reports():
    supervisor_actor()
    the_hall = hall()
    today = the_hall.clock.now().date()
    first_day = _day("from", default=today)
    last_day = _day("to", default=first_day)
    by = request.args.get("by", "service")
    fmt = request.args.get("format", "json")
    if fmt not in FORMATS:
        raise BadRequest(f"'format' must be one of {', '.join(FORMATS)}, not {fmt!r}",
                         field="format")
    keep: dict = {}  # closed days counted live: stored, so the next report reads them
    closed_before = report_rollups.closed_before(
        the_hall.clock.now(), the_hall.settings.rating_days)
    with the_hall.reading() as session:
        body = report(session, the_hall.catalog, first_day=first_day, last_day=last_day,
                      by=by, today=closed_before, keep=keep,
                      at=the_hall.clock.now())
    if keep:
        try:
            with the_hall.unit_of_work() as uow:
                report_rollups.store(uow.session, by, keep, at=uow.now)
        except IntegrityError:  # the tick or another report stored them first: the same
            pass
    body = worded(body, g.lang)
    if fmt == "json":
        return body
    name = f"reports-{body['period']['from']}-{body['period']['to']}-{by}.{fmt}"
    content, mimetype = (as_csv(body), "text/csv; charset=utf-8") if fmt == "csv" else (
        as_xlsx(body), XLSX_TYPE)
    return Response(content, mimetype=mimetype,
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


def _day(name: str, *, default: date) -> date:
    text = request.args.get(name)
    if text is None or text == "":
        return default
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise BadRequest(f"'{name}' must be a date like 2026-12-01, not {text[:40]!r}",
                         field=name) from None
    if not 2000 <= day.year <= 2100:
        raise BadRequest(f"'{name}' must fall between the years 2000 and 2100", field=name)
    return day


def worded(body: dict, lang: str) -> dict:
    """The report with its UI words (not the catalog's) in `lang`, and the table's columns."""
    by = body["period"]["by"]
    for row in body["rows"]:
        if row["key"] is None:
            row["label"] = translate(NOT_CALLED, lang)
        elif by == "weekday":
            row["label"] = translate(WEEKDAYS[row["key"]], lang)
        elif by == "window":
            row["label"] = translate("{n}号窗口", lang).format(n=row["key"])
    body["columns"] = [{"key": key, "title": translate(title, lang), "kind": kind}
                       for key, title, kind in COLUMNS]
    body["columns"][0]["title"] = translate(GROUP_NAMES[by], lang)
    body["totals"]["label"] = translate(TOTAL, lang)
    return body


def value_of(row: dict, key: str):
    for part in key.split("."):
        row = row[part]
    return row


def _text(value, kind: str) -> str:
    """A figure as the CSV (and the page) shows it: shares as percentages, hours as 09:00,
    minutes to a tenth, the mean rating to two places, none as ''."""
    if value is None:
        return ""
    if kind == "share":
        return f"{value * 100:.1f}%"
    if kind == "hour":
        return f"{value:02d}:00"
    if kind == "minutes":
        return f"{value:.1f}"
    if kind == "number":
        return f"{value:.2f}"
    return str(value)


def _table(body: dict) -> list[dict]:
    return [*body["rows"], body["totals"]]


def as_csv(body: dict) -> bytes:
    """UTF-8 with a byte-order mark (so Excel reads the Chinese), a header row, a row per
    group and the totals."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([c["title"] for c in body["columns"]])
    for row in _table(body):
        writer.writerow([_text(value_of(row, c["key"]), c["kind"]) for c in body["columns"]])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def as_xlsx(body: dict) -> bytes:
    """A workbook: the table (numbers as numbers, shares as percentages), then the days."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "报表"
    sheet.append([c["title"] for c in body["columns"]])
    for row in _table(body):
        cells = []
        for column in body["columns"]:
            value = value_of(row, column["key"])
            cells.append(f"{value:02d}:00" if column["kind"] == "hour" and value is not None
                         else value)
        sheet.append(cells)
    for index, column in enumerate(body["columns"], start=1):
        if column["kind"] == "share":
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.number_format = "0.0%"
    for cell in (*sheet[1], *sheet[sheet.max_row]):
        cell.font = Font(bold=True)
    sheet.column_dimensions["A"].width = 36
    sheet.freeze_panes = "B2"
    days = book.create_sheet("日历")
    days.append(["日期", "类型", "名称"])
    for day in body["days"]:
        days.append([day["day"], day["kind"], day["name"]])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
