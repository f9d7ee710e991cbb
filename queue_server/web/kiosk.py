"""The touch kiosk at the entrance: browse or search services, read what to bring, take a ticket."""

from __future__ import annotations

from datetime import datetime

from flask import Blueprint, g, render_template

from catalog.model import Catalog
from queue_server.queues import ESTIMATE_WORDS
from queue_server.screens import Screen
from queue_server.web import hall, screens
from queue_server.web.i18n import strings_for, translate
from queue_server.web.presenters import service_detail
from queue_server.web.status_text import hhmm, no_ticket_notice, service_status, when

bp = Blueprint("kiosk", __name__, template_folder="templates")

JS_STRINGS = (
    "搜索办理事项", "没有找到相关事项，换个关键词试试", "自助机", "位置", "正在搜索…", "找到 {n} 项",
    "我要取号", "正在取号…", "暂不能取号", "正在打印…", "请取走小票",
    "打印机故障，请拍下屏幕上的号码或扫码", "请记下号码，或扫码在手机上查看", "完成",
    "{n} 秒后返回首页", "即将返回首页", "继续浏览", "取号失败", "网络不通，请稍后再试或联系工作人员",
    "知道了", "人", "分钟", "拼音键盘", "收起键盘",
    "打印机暂时无法出票，取号后请记下屏幕上的号码或扫码用手机查看",
    "请留意叫号", "窗口开放后第一个叫您", "窗口 {opens} 开放后第一个叫您", *ESTIMATE_WORDS.values(),
    # kiosk_device.js: pairing and the card reader
    "正在配对…", "这台取号机需要登记后才能取号",
    "这台取号机未登记或凭证有误，请联系大厅管理员", "这台取号机已停用，请联系大厅管理员",
    "配对码无效、已用过或已过期，请管理员重新生成",
)


def _page_config(the_hall, snapshot: dict, **extra) -> dict:
    """What kiosk.js needs: strings, timings, the kiosk snapshot the page was drawn from
    (its `at` is the hall clock, which may be simulated)."""
    settings = the_hall.settings
    return {"lang": g.lang, "strings": strings_for(g.lang, JS_STRINGS), "snapshot": snapshot,
            "idle_seconds": settings.kiosk_idle_seconds,
            "browse_idle_seconds": settings.kiosk_browse_idle_seconds,
            # kiosk_device.js: pair when issuing needs a registered kiosk; read a card
            "device": {"required": not settings.open_issuing,
                       "card_required": settings.card_required},
            # the address phones reach, as on the printed ticket (PUBLIC_URL)
            "base_url": settings.public_base_url.rstrip("/"), **extra}


def _post_line(post: dict, now: datetime, lang: str) -> dict:
    """One post's line on the home and post pages: `state` open (until when), closing (from
    its cutoff: no more tickets today, amber) or closed (when it opens next)."""
    if post["verdict"] == "open":
        return {"state": "open", "text": _t("开放至 {hhmm}", lang, hhmm=hhmm(post["closes_at"]))}
    if post["verdict"] == "past_cutoff":
        return {"state": "closing", "text": _t("今日取号已截止", lang)}
    if post["opens_at"]:
        return {"state": "closed",
                "text": _t("{when} 开放", lang, when=when(post["opens_at"], now, lang))}
    if post["verdict"] == "by_notice":
        return {"state": "closed", "text": _t("以通知为准", lang)}
    return {"state": "closed", "text": _t("今天已结束", lang)}


def kiosk_words(snapshot: dict, lang: str) -> dict:
    """The kiosk snapshot with its words in `lang`: each post's line for the home page and
    the status panel of its services (a service's own no-ticket notice is on its page)."""
    now = datetime.fromisoformat(snapshot["at"])
    posts = {}
    for post_id, post in snapshot["posts"].items():
        route = dict(post, machines=[], online=False, no_ticket_needed=False)
        status = service_status(route, now, lang)
        if post["verdict"] != "open" and snapshot.get("holiday"):
            status["lines"].insert(0, _holiday_line(snapshot["holiday"], lang))
        posts[post_id] = dict(post, line=_post_line(post, now, lang), status=status)
    services = {service_id: dict(service, status=_suspended_status(service, posts, lang))
                for service_id, service in snapshot.get("services", {}).items()}
    return dict(snapshot, lang=lang, posts=posts, services=services)


def _holiday_line(holiday: dict, lang: str) -> str:
    """Today's holiday; a provisional one (python-holidays, not yet confirmed) says so."""
    if holiday["provisional"]:
        return _t("今天是{name}（节假日安排暂定，以国务院办公厅通知为准）", lang,
                  name=holiday["name"])
    return _t("今天是{name}，放假", lang, name=holiday["name"])


def _suspended_status(service: dict, posts: dict, lang: str) -> dict:
    """A moved service shows its new post's status; a suspended one is closed with its reason."""
    status = dict(posts[service["post_id"]]["status"])
    if service["suspended"]:
        status.update(tone="stop", headline=_t("暂停办理", lang), can_issue=False, lines=[
            _t("暂停原因：{reason}", lang, reason=service["suspended"]["reason"]),
            _t("暂停至 {day}", lang, day=service["suspended"]["last_day"])])
    return status


def _kiosk_snapshot() -> dict:
    return screens().snapshot(Screen.kiosk(g.lang))


def _t(text: str, lang: str, **values) -> str:
    return translate(text, lang).format(**values)


def keywords_of(catalog: Catalog) -> list[str]:
    """The catalog's keywords (posts first, then services), each once, in catalog order."""
    seen: dict[str, None] = {}
    for post in catalog.posts:
        seen.update(dict.fromkeys(post.keywords))
    for service in catalog.services:
        seen.update(dict.fromkeys(service.keywords))
    return list(seen)


@bp.get("/kiosk")
def home():
    the_hall = hall()
    catalog = the_hall.catalog
    snapshot = _kiosk_snapshot()
    departments = [
        {"name": d.name, "name_en": d.name_en,
         "posts": [{"post": p, "state": snapshot["posts"][p.id]["line"],
                    "count": len(catalog.services_of(p.id))}
                   for p in catalog.posts_of(d.id)]}
        for d in catalog.departments]
    return render_template("kiosk/home.html", hall_name=catalog.hall_name,
                           departments=departments, keywords=keywords_of(catalog),
                           config=_page_config(the_hall, snapshot, page="home"))


@bp.get("/kiosk/posts/<post_id>")
def post(post_id: str):
    the_hall = hall()
    catalog = the_hall.catalog
    found = catalog.post(post_id)  # a miss answers 404 (web/errors.py)
    snapshot = _kiosk_snapshot()
    return render_template("kiosk/post.html", hall_name=catalog.hall_name, post=found,
                           department=catalog.department(found.department_id),
                           state=snapshot["posts"][found.id]["line"],
                           dated_hours=snapshot.get("dated_hours", {}).get(found.id),
                           services=catalog.services_of(found.id),
                           config=_page_config(the_hall, snapshot, page="post"))


def _service_status(service: dict, snapshot: dict) -> dict:
    """A service's status panel: its post's, with the service's own no-ticket notice."""
    machines = [m["name"] for m in service["machines"]]
    route = {"machines": machines, "online": service["online_only"],
             "no_ticket_needed": bool(machines) or service["online_only"]}
    changed = snapshot.get("services", {}).get(service["id"])  # moved or suspended (periods)
    status = changed["status"] if changed else snapshot["posts"][service["post_id"]]["status"]
    return dict(status, notice=no_ticket_notice(route, snapshot["lang"]))


@bp.get("/kiosk/services/<service_id>")
def service(service_id: str):
    the_hall = hall()
    found = the_hall.catalog.service(service_id)  # a miss answers 404 (web/errors.py)
    detail = service_detail(the_hall.catalog, found)
    snapshot = _kiosk_snapshot()
    status = _service_status(detail, snapshot)
    changed = snapshot.get("services", {}).get(found.id)
    post_ = the_hall.catalog.post(changed["post_id"] if changed else found.post_id)
    return render_template(
        "kiosk/service.html", hall_name=the_hall.catalog.hall_name, service=detail,
        post=post_, department=the_hall.catalog.department(post_.department_id),
        status=status, dated_hours=snapshot.get("dated_hours", {}).get(post_.id),
        config=_page_config(the_hall, snapshot, page="service", service_id=service_id,
                            post_id=post_.id, notice=status["notice"], status=status))
