"""The supervisor's live view (/admin/live) and its JSON (/api/live): an admin or a
supervisor only. The page renders from the `supervisor` room's pushed snapshots."""

from __future__ import annotations

from flask import Blueprint, g, render_template
from flask_login import current_user, login_required

from queue_server.screens import Screen
from queue_server.web import hall, screens
from queue_server.web.authorise import supervisor_actor
from queue_server.web.i18n import strings_for

bp = Blueprint("live", __name__, template_folder="templates")

# What the page's script says, in Chinese (their English is in english.py).
STRINGS = (
    "连接中…", "已连接", "连接中断，正在重连…", "登录已失效，请重新登录", "服务中", "暂停中",
    "未开窗", "不在服务时间", "{n}号窗口", "{k} 人等候", "无人等候", "最长等候 {m} 分钟",
    "自 {hhmm}", "正在办理 {number}", "空闲", "暂停原因：{reason}", "关闭：{reason}",
    "打印机正常", "打印机离线", "打印机缺纸", "打印机状态未知", "待打印 {n} 张",
    "{post} 有人等候 {m} 分钟（超过 {limit} 分钟）",
    "{n}号窗口暂停 {m} 分钟（超过 {limit} 分钟）", "{post} 有 {k} 人等候，没有窗口在服务",
    "打印机故障：{error}", "没有警报", "{hhmm} 起将有新警报", "重呼", "还没有叫号",
    "打印机纸将用尽", "打印机离线，取号机暂时无法出票", "打印机缺纸，取号机暂时无法出票，请换纸",
    "打印机没有应答，小票可能没有打出", "打印机纸将用尽，请准备换纸",
    "{hhmm} 取号", "没有未打印的号",
)


@bp.get("/admin/live")
@login_required
def page():
    if not current_user.may_supervise:
        return render_template("forbidden.html", window_no=None,
                               reason="只有大厅管理员和值班主管可以使用这个页面"), 403
    the_hall = hall()
    return render_template("live.html", hall_name=the_hall.catalog.hall_name,
                           strings=strings_for(g.lang, STRINGS))


@bp.get("/api/live")
def live():
    """The live view's snapshot, the same the `supervisor` room is pushed."""
    supervisor_actor()
    return screens().snapshot(Screen.supervisor())
