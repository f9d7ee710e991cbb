"""预约 over HTTP: the visitor's phone page `/book` (and `/book/<code>`: their booking, its QR
and cancel), the kiosk's check-in page `/kiosk/check-in`, and the JSON API (offers, slots,
book, cancel, check in; the day's bookings for staff; the admin's offers). Thin: parse,
authorise, call one service function in one unit of work, show one read model."""

from __future__ import annotations

import re
from datetime import date, datetime

from flask import Blueprint, Response, g, jsonify, make_response, render_template, request
from flask_login import current_user, login_required
from sqlalchemy.exc import IntegrityError

from catalog.hours import HALL_TZ
from queue_server import bookings
from queue_server.errors import BadRequest
from queue_server.screens.bookings import booking_view, day_bookings, offers_view, slots_view
from queue_server.screens.ticket_view import ticket_view
from queue_server.slots import offers
from queue_server.web import hall
from queue_server.web.authorise import LoginRequired, admin_actor
from queue_server.web.i18n import strings_for
from queue_server.web.params import field, json_body
from queue_server.web.qr import qr_svg

bp = Blueprint("booking", __name__, template_folder="templates")

JS_STRINGS = (
    "选择事项", "选择日期", "选择时段", "剩 {n} 个名额", "已约满", "已过", "这一天没有可预约的时段",
    "姓名", "联系电话", "电子邮箱", "提交预约", "正在提交…", "预约失败", "网络不通，请稍后再试",
    "确定取消这个预约吗？", "取消失败", "加载中…", "今天", "明天",
    "请输入预约码", "正在签到…", "签到失败", "签到成功", "您的号码", "请到 {windows} 附近等候",
    "预约时段 {slot}，到时优先叫号", "已超过预约时间，按现场取号排队", "完成", "查看我的排队",
)
STATE_WORDS = {"booked": "已预约", "checked_in": "已签到", "cancelled": "已取消",
               "no_show": "未签到（时段已过）"}
CODE_SHAPE = re.compile(rf"^[{bookings.CODE_LETTERS}]{{{bookings.CODE_LENGTH}}}$")


def _private(response):
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


# ---- pages ----

@bp.get("/book")
def book_page():
    the_hall = hall()
    with the_hall.reading() as session:
        offered = offers_view(session, the_hall.catalog)
    at = the_hall.clock.now()
    settings = the_hall.settings
    config = {"lang": g.lang, "strings": strings_for(g.lang, JS_STRINGS), "offers": offered,
              "today": at.date().isoformat(), "days_ahead": settings.booking_days_ahead,
              "name_required": settings.booking_name_required,
              "contact": settings.booking_contact,
              "late_minutes": int(settings.booking_late.total_seconds() // 60)}
    return _private(make_response(render_template(
        "booking/book.html", hall_name=the_hall.catalog.hall_name, offers=offered,
        config=config)))


@bp.get("/book/<code>")
def booking_page(code: str):
    the_hall = hall()
    with the_hall.unit_of_work(read_only=True) as uow:
        try:
            found = bookings.find(uow, code)
        except (bookings.UnknownBooking, BadRequest):
            found = None
        view = booking_view(uow.session, the_hall.catalog, found, at=uow.now) if found else None
    config = {"lang": g.lang, "strings": strings_for(g.lang, JS_STRINGS), "view": view}
    page = render_template("booking/booking.html", hall_name=the_hall.catalog.hall_name,
                           view=view, config=config, state_words=STATE_WORDS)
    return _private(make_response(page, 200 if view else 404))


@bp.get("/book/<code>/qr.svg")
def booking_qr(code: str):
    """The booking code as a QR code: the kiosk's scanner types it (no lookup here)."""
    if not CODE_SHAPE.match(code):
        raise BadRequest("not a booking code", field="code")
    return Response(qr_svg(code), mimetype="image/svg+xml",
                    headers={"Cache-Control": "no-store",
                             "Content-Security-Policy": "default-src 'none'; "
                                                        "style-src 'unsafe-inline'"})


@bp.get("/kiosk/check-in")
def check_in_page():
    the_hall = hall()
    config = {"lang": g.lang, "strings": strings_for(g.lang, JS_STRINGS),
              "kiosk": request.args.get("kiosk", "kiosk")[:40],
              "idle_seconds": the_hall.settings.kiosk_idle_seconds,
              "base_url": the_hall.settings.public_base_url.rstrip("/"),  # phones reach it
              "snapshot": {"at": the_hall.clock.now().isoformat()}, "page": "check-in",
              # scanned on the kiosk home (check_in_scan.js): checked in at once
              "code": request.args.get("code", "")[:20]}
    return render_template("booking/check_in.html", hall_name=the_hall.catalog.hall_name,
                           config=config)


# ---- the visitor's API ----

@bp.get("/api/bookings/offers")
def api_offers():
    the_hall = hall()
    with the_hall.reading() as session:
        return {"offers": offers_view(session, the_hall.catalog)}


@bp.get("/api/bookings/slots")
def api_slots():
    service_id = request.args.get("service_id", "")
    if not service_id:
        raise BadRequest("'service_id' is required", field="service_id")
    day = _day(request.args.get("day"), "day")
    the_hall = hall()
    with the_hall.unit_of_work(read_only=True) as uow:
        bookings.offer_of(uow, service_id)  # unknown or not bookable: 404
        return slots_view(uow.session, the_hall.catalog, service_id, day, at=uow.now)


@bp.post("/api/bookings")
def api_book():
    body = json_body()
    service_id = field(body, "service_id", str, max_length=60)
    slot_at = _instant(field(body, "slot_at", str, max_length=40), "slot_at")
    name = field(body, "name", str, default="", max_length=bookings.NAME_MAX)
    contact = field(body, "contact", str, default="", max_length=bookings.CONTACT_MAX)
    the_hall = hall()
    try:
        with the_hall.unit_of_work() as uow:
            made = bookings.book(uow, service_id, slot_at, name=name, contact=contact)
            view = booking_view(uow.session, the_hall.catalog, made, at=uow.now)
    except IntegrityError:  # the last place went to a booking made at the same moment
        raise bookings.SlotUnavailable("这个时段刚刚约满 / this slot was just filled",
                                       field="slot_at", reason="full") from None
    return jsonify(view), 201


@bp.get("/api/bookings/<code>")
def api_booking(code: str):
    the_hall = hall()
    with the_hall.unit_of_work(read_only=True) as uow:
        found = bookings.find(uow, code)
        return booking_view(uow.session, the_hall.catalog, found, at=uow.now)


@bp.post("/api/bookings/<code>/cancel")
def api_cancel(code: str):
    the_hall = hall()
    with the_hall.unit_of_work() as uow:
        cancelled = bookings.cancel_booking(uow, code)
        view = booking_view(uow.session, the_hall.catalog, cancelled, at=uow.now)
    return view


@bp.post("/api/bookings/check-in")
def api_check_in():
    body = json_body()
    code = field(body, "code", str, max_length=200)
    kiosk = field(body, "kiosk", str, default="api", max_length=40)
    the_hall = hall()
    with the_hall.unit_of_work() as uow:
        booking, ticket = bookings.check_in(uow, code, kiosk=kiosk)
        view = ticket_view(uow.session, the_hall, ticket, at=uow.now)
        view["booking"] = booking_view(uow.session, the_hall.catalog, booking, at=uow.now)
        view["status_url"] = f"/t/{ticket.token}"
    return jsonify(view), 201


# ---- staff ----

@bp.get("/api/bookings")
def api_day_bookings():
    """A day's bookings: an admin or supervisor sees all; a clerk those of their windows'
    posts."""
    if not current_user.is_authenticated:
        raise LoginRequired("请先登录 / log in first")
    the_hall = hall()
    catalog = the_hall.catalog
    day = _day(request.args.get("day"), "day", default=the_hall.clock.now().date())
    posts = None
    if not current_user.may_supervise:
        posts = {p.id for p in catalog.posts if any(current_user.may_serve(n)
                                                    for n in p.windows)}
    wanted = request.args.get("post_id")
    if wanted:
        catalog.post(wanted)  # a miss answers 404
        posts = {wanted} if posts is None or wanted in posts else set()
    with the_hall.reading() as session:
        return day_bookings(session, catalog, day, at=the_hall.clock.now(), posts=posts)


@bp.get("/api/admin/booking-offers")
def api_list_offers():
    admin_actor()
    the_hall = hall()
    with the_hall.reading() as session:
        return {"offers": [o.as_json() for o in offers(session, the_hall.catalog).values()]}


@bp.post("/api/admin/booking-offers")
def api_set_offer():
    actor = admin_actor()
    body = json_body()
    service_id = field(body, "service_id", str, max_length=60)
    with hall().unit_of_work() as uow:
        offer = bookings.set_offer(
            uow, service_id, slot_minutes=field(body, "slot_minutes", int),
            places=field(body, "places", int), window_no=field(body, "window_no", int,
                                                                default=None),
            enabled=field(body, "enabled", bool, default=True), actor=actor)
    return offer.as_json()


STAFF_STRINGS = (
    "今日预约", "没有预约", "预约码", "姓名", "联系电话", "事项", "时段", "状态", "号码", "迟到",
    "已预约", "已签到", "已取消", "未签到（时段已过）", "保存", "已保存", "保存失败",
    "每个时段（分钟）", "每个时段名额", "窗口（空：岗位的全部窗口）", "开放预约",
)


@bp.get("/admin/bookings")
@login_required
def staff_page():
    """The day's bookings (admin, supervisor) and, for an admin, each booked service's
    slots."""
    if not current_user.may_supervise:
        return render_template("forbidden.html", window_no=None), 403
    the_hall = hall()
    catalog = the_hall.catalog
    with the_hall.reading() as session:
        offered = [dict(o.as_json(), service_name=catalog.service(o.service_id).name)
                   for o in offers(session, catalog).values()]
    config = {"lang": g.lang, "strings": strings_for(g.lang, STAFF_STRINGS),
              "today": the_hall.clock.now().date().isoformat(),
              "may_edit": current_user.is_admin, "offers": offered,
              "state_words": STATE_WORDS}
    return render_template("booking/staff.html", hall_name=catalog.hall_name, config=config,
                           offers=offered)


# ---- small pieces ----

def _day(text: str | None, name: str, *, default: date | None = None) -> date:
    if not text:
        if default is None:
            raise BadRequest(f"'{name}' is required (YYYY-MM-DD)", field=name)
        return default
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise BadRequest(f"'{name}' must be a date, YYYY-MM-DD", field=name) from None


def _instant(text: str, name: str) -> datetime:
    try:
        at = datetime.fromisoformat(text)
    except ValueError:
        raise BadRequest(f"'{name}' must be a date and time, e.g. 2026-12-03T10:00:00+08:00",
                         field=name) from None
    return at.replace(tzinfo=HALL_TZ) if at.tzinfo is None else at
