"""好差评 over HTTP: the visitor's rating from the phone page, the window's rating pad
(`/rate/<n>`, one tap), and the admin's 差评回访 (list and follow-up). Thin: parse,
authorise, one service function, answer.

Refusals: 400 bad score/reasons/comment/note (naming the field), 403 a logged-in staff
session rating, 404 unknown ticket/window/rating, 409 already rated, not finished, or too
late (`rating_closed`: past the ticket's day, or the pad's minutes).
"""

from __future__ import annotations

from flask import Blueprint, g, make_response, render_template, request
from flask_login import current_user, login_required

from catalog.model import UnknownEntry
from queue_server import ratings
from queue_server.errors import BadRequest, UnknownTicket
from queue_server.models import Ticket
from queue_server.rating_rules import COMMENT_MAX, NOTE_MAX, REASONS, SCORES
from queue_server.screens import Screen
from queue_server.screens.ratings import rating_list, staff_rating_json, visitor_rating_json
from queue_server.screens.ticket_view import ticket_by_token
from queue_server.web import hall, screens
from queue_server.web.authorise import admin_actor, supervisor_actor, visitor_only
from queue_server.web.i18n import strings_for
from queue_server.web.params import field, json_body

bp = Blueprint("ratings", __name__, template_folder="templates")

# the words the phone page, the pad and the admin list show for a rating
RATING_WORDS = (*SCORES.values(), *REASONS)
PAD_STRINGS = (*RATING_WORDS, "请对本次服务进行评价", "{n}号窗口", "感谢您的评价！",
               "您的意见将帮助我们改进服务", "评价失败，请再试一次")
ADMIN_STRINGS = (*RATING_WORDS, "暂无差评", "回访记录", "记录回访", "回访说明（必填）",
                 "{by} 于 {at} 回访", "保存失败", "手机", "评价器", "未回访", "无")


@bp.post("/api/tickets/<token>/rating")
def rate_from_phone(token: str):
    """The visitor rates their finished ticket from its phone page."""
    visitor_only()
    body = json_body()
    with hall().unit_of_work() as uow:
        ticket = ticket_by_token(uow.session, token)
        if ticket is None:
            raise UnknownTicket("no such ticket")
        rating = ratings.rate_ticket(uow, ticket, score=body.get("score"),
                                     reasons=body.get("reasons", []),
                                     comment=body.get("comment", ""), source="phone",
                                     actor="visitor")
        answer = visitor_rating_json(rating)
    return answer, 201


@bp.post("/api/windows/<int:window_no>/pad-rating")
def rate_at_pad(window_no: int):
    """One tap on window n's rating pad: its most recently finished ticket only."""
    visitor_only()
    body = json_body()
    with hall().unit_of_work() as uow:
        rating = ratings.rate_at_pad(uow, window_no, body.get("ticket_id"),
                                     score=body.get("score"))
        answer = visitor_rating_json(rating)
    return answer, 201


@bp.get("/rate/<int:window_no>")
def pad_page(window_no: int):
    """The rating pad (评价器) on window n's counter; public until devices are registered."""
    the_hall = hall()
    try:
        snapshot = screens().snapshot(Screen.pad(window_no))
    except UnknownEntry:
        page = render_template("rate/pad.html", hall_name=the_hall.catalog.hall_name,
                               window_no=window_no, config=None)
        return make_response(page, 404)
    config = {"window_no": window_no, "snapshot": snapshot, "lang": g.lang,
              "scores": [[score, label] for score, label in SCORES.items()],
              "thanks_seconds": the_hall.settings.pad_thanks_seconds,
              "strings": strings_for(g.lang, PAD_STRINGS)}
    return render_template("rate/pad.html", hall_name=the_hall.catalog.hall_name,
                           window_no=window_no, config=config)


@bp.get("/api/admin/ratings")
def list_ratings():
    """The latest ratings (`?bad=1`: only 不满意 and 非常不满意); admins and supervisors."""
    supervisor_actor()
    bad = request.args.get("bad")
    if bad not in (None, "1"):
        raise BadRequest("'bad' must be 1 (only the bad ratings) or left out", field="bad")
    the_hall = hall()
    with the_hall.reading() as session:
        return rating_list(session, the_hall, bad_only=bad == "1")


@bp.post("/api/admin/ratings/<int(max=2147483647):rating_id>/follow-up")
def follow_up(rating_id: int):
    """Record the follow-up (回访) of a rating: the note, and who and when (admin only)."""
    actor = admin_actor()
    note = field(json_body(), "note", str, max_length=NOTE_MAX)
    the_hall = hall()
    with the_hall.unit_of_work() as uow:
        rating = ratings.follow_up(uow, rating_id, note=note, actor=actor)
        number = ticket_number(uow.session, rating.ticket_id)
        answer = staff_rating_json(the_hall, rating, number)
    return answer


@bp.get("/admin/ratings")
@login_required
def admin_page():
    """差评回访: the bad ratings; an admin records follow-ups, a supervisor reads."""
    if not current_user.may_supervise:
        return render_template("forbidden.html", window_no=None), 403
    the_hall = hall()
    config = {"may_follow_up": current_user.is_admin, "note_max": NOTE_MAX,
              "comment_max": COMMENT_MAX, "strings": strings_for(g.lang, ADMIN_STRINGS)}
    return render_template("ratings.html", hall_name=the_hall.catalog.hall_name,
                           config=config)


def ticket_number(session, ticket_id: int) -> str:
    return session.get(Ticket, ticket_id).number
