"""The visitor's phone page `/t/<token>`: one ticket, live, opened from the QR code; no login.
Once the ticket is finished it asks for a rating (好差评, `web/ratings.py` takes it)."""

from __future__ import annotations

from flask import Blueprint, g, make_response, render_template

from queue_server.queues import ESTIMATE_WORDS
from queue_server.rating_rules import COMMENT_MAX, REASONS, SCORES
from queue_server.screens import Screen, ScreenRefused
from queue_server.web import hall, screens
from queue_server.web.i18n import strings_for
from queue_server.web.status_text import STATE_DETAILS, STATE_HEADLINES, ticket_state, wait_text

bp = Blueprint("phone", __name__, template_folder="templates")

JS_STRINGS = (
    *STATE_HEADLINES.values(), *STATE_DETAILS.values(), "前面还有 {n} 人，预计{when} 叫号",
    "前面还有 {n} 人，今日可能办不完", *ESTIMATE_WORDS.values(),
    "下一位就是您，请到 {windows} 附近等候", "快到您了：前面只剩 {n} 人，请回到大厅",
    "再次呼叫（第 {n} 次）", "提醒音已开启", "确定取消 {number} 号吗？", "取消失败，请稍后再试",
    "实时更新中", "连接中断，正在重连…", "{n}号窗口",
    *SCORES.values(), "感谢您的评价！", "您已在窗口评价器上评价过本次服务", "您已评价过本次服务",
    "您的评价：{label}", "评价失败，请稍后再试",
    "请留意叫号", "前面还有 {n} 人，请留意叫号", "窗口开放后第一个叫您", "窗口 {opens} 开放后第一个叫您",
    "今天没有窗口办理，暂无法估计等候时间", "预约时段 {slot}，到时优先叫号",
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
              "scores": {str(score): label for score, label in SCORES.items()},
              "strings": strings_for(g.lang, JS_STRINGS)}
    page = render_template("phone/status.html", hall_name=catalog.hall_name, view=view,
                           state=ticket_state(view, g.lang, alert_at), config=config,
                           wait=wait_text(view["estimate"], view["people_ahead"], g.lang),
                           rating_scores=list(SCORES.items()), rating_reasons=REASONS,
                           comment_max=COMMENT_MAX,
                           # the kiosk's scanner reads this to reprint (web/reprint.py)
                           own_url=f"{the_hall.settings.public_base_url.rstrip('/')}/t/{token}")
    return _private(make_response(page))
