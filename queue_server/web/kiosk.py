"""The touch kiosk at the entrance: browse or search services, read what to bring, take a ticket."""

from __future__ import annotations

from datetime import datetime

from flask import Blueprint, g, render_template

from catalog.model import Catalog, UnknownEntry
from queue_server import tickets
from queue_server.errors import UnknownService
from queue_server.overrides import calendar_at
from queue_server.router import PostState, Verdict, post_state
from queue_server.web import hall
from queue_server.web.i18n import strings_for, translate
from queue_server.web.presenters import route_json, service_detail
from queue_server.web.status_text import hhmm, service_status, when

bp = Blueprint("kiosk", __name__, template_folder="templates")

JS_STRINGS = (
    "搜索办理事项", "没有找到相关事项，换个关键词试试", "自助机", "位置", "正在搜索…", "找到 {n} 项",
    "我要取号", "正在取号…", "暂不能取号", "正在打印…", "请取走小票",
    "打印机故障，请拍下屏幕上的号码或扫码", "请记下号码，或扫码在手机上查看", "完成",
    "{n} 秒后返回首页", "即将返回首页", "继续浏览", "取号失败", "网络不通，请稍后再试或联系工作人员",
    "知道了", "人", "分钟", "拼音键盘", "收起键盘",
)


def _page_config(the_hall, now: datetime, **extra) -> dict:
    """What kiosk.js needs: strings, timings, the server time (the hall clock may be simulated)."""
    settings = the_hall.settings
    return {"lang": g.lang, "strings": strings_for(g.lang, JS_STRINGS), "now": now.isoformat(),
            "idle_seconds": settings.kiosk_idle_seconds,
            "browse_idle_seconds": settings.kiosk_browse_idle_seconds,
            # the address phones reach, as on the printed ticket (PUBLIC_URL)
            "base_url": settings.public_base_url.rstrip("/"), **extra}


def _post_state(state: PostState, at: datetime, lang: str) -> dict:
    """Open now (until when), or when it opens next, for one post's line on the home page."""
    if state.verdict in (Verdict.OPEN, Verdict.PAST_CUTOFF):
        return {"open": True, "text": _t("开放至 {hhmm}", lang, hhmm=hhmm(state.closes_at))}
    if state.opens_at:
        return {"open": False, "text": _t("{when} 开放", lang, when=when(state.opens_at, at, lang))}
    if state.verdict is Verdict.BY_NOTICE:
        return {"open": False, "text": _t("以通知为准", lang)}
    return {"open": False, "text": _t("今天已结束", lang)}


def _post_states(uow, catalog: Catalog) -> dict[str, PostState]:
    calendar = calendar_at(uow.session, catalog, at=uow.now)
    return {p.id: post_state(catalog, p.id, at=uow.now, days=calendar.workdays,
                             overrides_of=calendar.of, cutoff=uow.hall.settings.cutoff)
            for p in catalog.posts}


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
    with the_hall.unit_of_work(read_only=True) as uow:
        now = uow.now
        states = _post_states(uow, catalog)
        departments = [
            {"name": d.name,
             "posts": [{"post": p, "state": _post_state(states[p.id], now, g.lang),
                        "count": len(catalog.services_of(p.id))}
                       for p in catalog.posts_of(d.id)]}
            for d in catalog.departments]
    return render_template("kiosk/home.html", hall_name=catalog.hall_name,
                           departments=departments, keywords=keywords_of(catalog),
                           config=_page_config(the_hall, now, page="home"))


@bp.get("/kiosk/posts/<post_id>")
def post(post_id: str):
    the_hall = hall()
    catalog = the_hall.catalog
    try:
        found = catalog.post(post_id)
    except UnknownEntry:
        raise UnknownService(f"no post {post_id!r}") from None
    with the_hall.unit_of_work(read_only=True) as uow:
        now = uow.now
        state = _post_state(_post_states(uow, catalog)[found.id], now, g.lang)
    return render_template("kiosk/post.html", hall_name=catalog.hall_name, post=found,
                           department=catalog.department(found.department_id), state=state,
                           services=catalog.services_of(found.id),
                           config=_page_config(the_hall, now, page="post"))


def _service_page_data(service_id: str) -> tuple[dict, dict, datetime]:
    the_hall = hall()
    with the_hall.unit_of_work(read_only=True) as uow:
        decided, waiting, wait = tickets.route_for(uow, service_id)
        now = uow.now
    detail = service_detail(the_hall.catalog, decided.service)
    status = service_status(route_json(decided, waiting, wait), now, g.lang)
    return detail, status, now


@bp.get("/kiosk/services/<service_id>")
def service(service_id: str):
    the_hall = hall()
    detail, status, now = _service_page_data(service_id)
    post_ = the_hall.catalog.post(detail["post_id"])
    return render_template(
        "kiosk/service.html", hall_name=the_hall.catalog.hall_name, service=detail,
        post=post_, department=the_hall.catalog.department(post_.department_id),
        status=status,
        config=_page_config(the_hall, now, page="service", service_id=service_id,
                            status=status))


@bp.get("/kiosk/services/<service_id>/status")
def service_status_json(service_id: str):
    """The status panel again, fresh (the page refreshes it; a wait may have grown)."""
    _detail, status, now = _service_page_data(service_id)
    return {"status": status, "now": now.isoformat()}
