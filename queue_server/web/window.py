"""The clerk's page at a window (/window/<n>): login required; it renders from live snapshots."""

from __future__ import annotations

from flask import Blueprint, abort, render_template
from flask_login import current_user, login_required

from catalog.model import UnknownEntry
from queue_server.web import hall
from queue_server.web.i18n import register, strings_for

bp = Blueprint("window", __name__, template_folder="templates")

# Strings the page's script shows, in Chinese; English registered below.
SCRIPT_STRINGS = {}

register(SCRIPT_STRINGS)


@bp.get("/window/<int:window_no>")
@login_required
def page(window_no: int):
    the_hall = hall()
    try:
        post = the_hall.catalog.post_of_window(window_no)
    except UnknownEntry:
        abort(404)
    if not current_user.may_serve(window_no):
        return render_template("window_forbidden.html", window_no=window_no), 403
    return render_template("window.html", window_no=window_no, post=post,
                           strings=strings_for("zh-CN", SCRIPT_STRINGS))
