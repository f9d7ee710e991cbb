"""The visitor's phone page `/t/<token>`: one ticket, live, opened from the QR code; no login."""

from __future__ import annotations

from flask import Blueprint, g, make_response, render_template

from queue_server.screens import Screen, ScreenRefused
from queue_server.web import hall, screens
from queue_server.web.i18n import register, strings_for
from queue_server.web.status_text import STATE_DETAILS, STATE_HEADLINES, ticket_state

bp = Blueprint("phone", __name__, template_folder="templates")

register({
    "我的排队": "My place in line", "您的号码": "Your number", "办理窗口": "Window",
    "前面还有": "Ahead of you", "人": "people", "预计等候": "Estimated wait", "分钟": "min",
    "开启提醒音": "Turn on sound alerts", "提醒音已开启": "Sound alerts on",
    "叫到您时，手机会响铃并振动（请保持本页打开）":
        "When you are called, this phone rings and vibrates (keep this page open)",
    "取消排队": "Cancel my ticket", "确定取消 {number} 号吗？": "Cancel ticket {number}?",
    "取消后号码作废，如需办理需重新取号。": "The number is void after cancelling; "
        "take a new ticket if you still need the service.",
    "保留号码": "Keep it", "确认取消": "Yes, cancel", "取消失败，请稍后再试": "Could not cancel",
    "{n}号窗口": "Window {n}", "实时更新中": "Live", "连接中断，正在重连…": "Connection lost, reconnecting…",
    "本页只显示您自己的号码，请勿转发链接": "This page shows only your own ticket; "
        "do not share the link",
    "取号时间": "Issued at", "找不到这张号": "Ticket not found",
    "链接可能不完整，或号码已过期。请重新扫描小票上的二维码，或到取号机重新取号。":
        "The link may be incomplete or the ticket has expired. Scan the code on your "
        "ticket again, or take a new ticket at the kiosk.",
})

JS_STRINGS = (
    *STATE_HEADLINES.values(), *STATE_DETAILS.values(), "前面还有 {n} 人，预计约 {m} 分钟",
    "下一位就是您，请到 {windows} 附近等候", "快到您了：前面只剩 {n} 人，请回到大厅",
    "再次呼叫（第 {n} 次）", "提醒音已开启", "确定取消 {number} 号吗？", "取消失败，请稍后再试",
    "实时更新中", "连接中断，正在重连…", "{n}号窗口",
)


def _private(response):
    """The token is the key: never cached, never sent on as a referrer, never indexed."""
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "same-origin"  # CSRF checks the referrer on https
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


@bp.get("/t/<token>")
def ticket_status(token: str):
    the_hall = hall()
    catalog = the_hall.catalog
    try:
        view = screens().snapshot(Screen.ticket(token))
    except ScreenRefused:
        view = None
    if view is None:
        page = render_template("phone/unknown.html", hall_name=catalog.hall_name)
        return _private(make_response(page, 404))
    view.pop("id", None)  # the page needs only what the visitor may see
    alert_at = the_hall.settings.alert_when_ahead
    config = {"token": token, "view": view, "alert_when_ahead": alert_at, "lang": g.lang,
              "strings": strings_for(g.lang, JS_STRINGS)}
    page = render_template("phone/status.html", hall_name=catalog.hall_name, view=view,
                           state=ticket_state(view, g.lang, alert_at), config=config)
    return _private(make_response(page))
