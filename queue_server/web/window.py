"""The clerk's page at a window (/window/<n>): login required; it renders from live snapshots."""

from __future__ import annotations

from flask import Blueprint, abort, g, render_template
from flask_login import current_user, login_required

from catalog.model import UnknownEntry
from queue_server.web import hall
from queue_server.web.i18n import register, strings_for

bp = Blueprint("window", __name__, template_folder="templates")

# What the page (template and script) says, Chinese first, with its English.
STRINGS = {
    "{n}号窗口": "Window {n}",
    "服务中": "Serving", "暂停中": "Paused", "未开窗": "Not opened",
    "不在服务时间": "Outside opening hours",
    "连接中…": "Connecting…", "已连接": "Live", "连接中断，正在重连…": "Connection lost, reconnecting…",
    "登录已失效，请重新登录": "Your login has ended; please log in again",
    "当前号": "Current ticket", "没有正在办理的号": "No ticket at this window",
    "已呼叫": "Called", "正在办理": "Being served", "已重呼 {k} 次": "Recalled {k}×",
    "叫下一位": "Call next", "办结并叫下一位": "Finish & call next", "重呼": "Recall",
    "开始办理": "Start", "办结": "Finish", "过号": "No-show", "转移": "Transfer",
    "暂停叫号": "Pause", "恢复": "Resume", "开窗": "Open window", "关窗": "Close window",
    "叫这个号": "Call this one", "回队": "Back in line", "取消": "Cancel", "确定": "OK",
    "办理须知": "About this service", "申请材料": "What to bring", "办理流程": "Steps",
    "受理部门": "Accepting office", "收费标准": "Fees", "备注": "Notes",
    "等候队列": "Waiting", "{k} 人等候": "{k} waiting", "转入": "Transferred",
    "无人等候": "No one is waiting", "今日过号": "Today's no-shows",
    "没有过号的号": "No no-shows", "今日统计": "Today at this window",
    "已叫号": "Called", "已办结": "Done", "已过号": "Missed", "已转出": "Transferred",
    "快捷键": "Keyboard shortcuts", "取号": "Issued", "服务时间": "Opening hours",
    "转移到其他事项": "Transfer to another service",
    "输入事项名称、拼音或关键字": "Type a service name, pinyin or keyword",
    "没有找到事项": "No service found", "转移给": "Transfer to",
    "暂停原因": "Reason for the pause", "午休": "Lunch break", "临时离开": "Stepped away",
    "系统故障": "System fault", "其他事务": "Other duties", "暂停原因：": "Paused: ",
    "退后几位": "Places down the line",
    "确定关窗吗？": "Close this window?", "队列中没有等候的号": "No one is waiting",
    "窗口还没有开窗，请先开窗": "The window is not open yet: open it first",
    "窗口已经开着": "The window is already open",
    "窗口已暂停，请先恢复": "The window is paused: resume it first",
    "窗口没有暂停": "The window is not paused",
    "还有号没有办完：请先办结、过号或转移": "A ticket is still at the window: finish, "
                                         "no-show or transfer it first",
    "这个号现在不能这样操作": "That cannot be done to this ticket now",
    "这个号不属于本窗口": "That ticket does not belong to this window",
    "没有这个事项": "No such service", "没有这个号": "No such ticket",
    "您没有这个窗口的权限": "You may not act at this window",
    "页面已过期，请刷新后重试": "The page has expired; reload it and try again",
    "输入有误": "Bad input", "网络连接失败，请稍后重试": "Network error; try again",
    "操作失败": "The action failed", "登录账号": "Signed in as",
    "没有权限": "Not allowed", "您的账号不能使用这个窗口": "Your account may not use window",
    "您可以使用的窗口": "Your windows",
}
register(STRINGS)


@bp.get("/window/<int:window_no>")
@login_required
def page(window_no: int):
    the_hall = hall()
    try:
        post = the_hall.catalog.post_of_window(window_no)
    except UnknownEntry:
        abort(404)
    if not current_user.may_serve(window_no):
        return render_template("forbidden.html", window_no=window_no), 403
    catalog = the_hall.catalog
    page_data = {
        "window": window_no,
        "post": {"id": post.id, "name": post.name, "windows_label": post.windows_label,
                 "hours_text": post.hours.text,
                 "department": catalog.department(post.department_id).name},
        "services": {s.id: s.name for s in catalog.services},
        "requeue_places": the_hall.settings.requeue_places,
        "lang": g.lang,
    }
    return render_template("window.html", window_no=window_no, post=post, page=page_data,
                           strings=strings_for(g.lang, STRINGS))
