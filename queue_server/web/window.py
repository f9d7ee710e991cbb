"""The clerk's page at a window (/window/<n>): login required; it renders from live snapshots."""

from __future__ import annotations

from flask import Blueprint, g, render_template
from flask_login import current_user, login_required

from queue_server.priority import REASONS
from queue_server.web import hall
from queue_server.web.i18n import strings_for

bp = Blueprint("window", __name__, template_folder="templates")

# What the page (template and script) says, in Chinese: its script gets these strings in the
# page's language (their English is in english.py).
STRINGS = (
    "{n}号窗口", "服务中", "暂停中", "未开窗", "不在服务时间", "连接中…", "已连接",
    "连接中断，正在重连…", "登录已失效，请重新登录", "当前号", "没有正在办理的号", "已呼叫",
    "正在办理", "已重呼 {k} 次", "午休 {at} 起，{m} 分钟",
    "（午休前叫过绿色通道，顺延 {k} 分钟：请先叫完被让过的普通号）",
    "叫下一位", "办结并叫下一位", "重呼", "开始办理", "办结", "过号",
    "转移", "暂停叫号", "恢复", "开窗", "关窗", "叫这个号", "回队", "取消", "确定", "办理须知",
    "申请材料", "办理流程", "受理部门", "收费标准", "备注", "等候队列", "{k} 人等候", "转入",
    "无人等候", "今日过号", "没有过号的号", "今日统计", "已叫号", "已办结", "已过号", "已转出",
    "快捷键", "取号", "服务时间", "转移到其他事项", "输入事项名称、拼音或关键字", "没有找到事项",
    "转移给", "暂停原因", "午休", "临时离开", "系统故障", "其他事务", "暂停原因：", "退后几位",
    "确定关窗吗？", "队列中没有等候的号", "窗口还没有开窗，请先开窗", "窗口已经开着",
    "窗口已暂停，请先恢复", "窗口没有暂停", "还有号没有办完：请先办结、过号或转移",
    "这个号现在不能这样操作", "这个号不属于本窗口", "没有这个事项", "没有这个号",
    "您没有这个窗口的权限", "页面已过期，请刷新后重试", "输入有误", "网络连接失败，请稍后重试",
    "操作失败", "登录账号", "没有权限", "您的账号不能使用这个窗口", "您可以使用的窗口",
    "打印机离线，取号机暂时无法出票", "打印机缺纸，取号机暂时无法出票，请换纸",
    "打印机没有应答，小票可能没有打出", "打印机纸将用尽，请准备换纸",
    "补打", "已送打印机补打（号码不变）",
    # 绿色通道 and 预约
    "绿色通道", "优先", "残障人士", "孕产妇", "毕业紧急事项", "其他", "今日预约", "没有预约",
    "预约 {hhmm}", "已签到", "已取消", "预约未签到", "预约未到", "迟到",
)


@bp.get("/window/<int:window_no>")
@login_required
def page(window_no: int):
    the_hall = hall()
    post = the_hall.catalog.post_of_window(window_no)  # a miss answers 404 (web/errors.py)
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
        "priority_reasons": REASONS,
        "lang": g.lang,
    }
    return render_template("window.html", window_no=window_no, post=post, page=page_data,
                           strings=strings_for(g.lang, STRINGS))
