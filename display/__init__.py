"""The lobby board and per-window screens: pages that render from Socket.IO snapshots.

Display knows the wire format (snapshots and events from queue_server.realtime), not the
database: its routes only render templates; everything shown arrives over the socket.
Options, as query parameters (docs/display.md): `reading=digits|natural` (how ticket numbers
are said aloud; default the app's ANNOUNCE_READING config, else digits), `voice=auto|speech|
clips|off` (speech synthesis, pre-recorded clips, or silence), `lang=zh-CN|en`.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template, request

from display.announce import READINGS
from display.strings import board_text, script_strings
from queue_server.web.i18n import current_language

bp = Blueprint("display", __name__, template_folder="templates", static_folder="static",
               static_url_path="/display/static")

VOICES = ("auto", "speech", "clips", "off")


def _choice(name: str, allowed: tuple[str, ...], default: str) -> str:
    value = request.args.get(name, default)
    return value if value in allowed else default


def _page_options() -> dict:
    default_reading = current_app.config.get("ANNOUNCE_READING", "digits")
    language = current_language()
    return {
        "reading": _choice("reading", READINGS, default_reading),
        "voice": _choice("voice", VOICES, "auto"),
        "strings": script_strings(language),
        "t": lambda text: board_text(text, language),  # the board's own English first
    }


def _hall_name() -> str:
    hall = current_app.extensions.get("hall")
    return hall.catalog.hall_name if hall else "一站式服务大厅"


@bp.get("/board")
def board():
    """The lobby board: every window, the latest call, recent calls, the clock, announcements."""
    return render_template("display/board.html", hall_name=_hall_name(), **_page_options())


@bp.get("/board/window/<int:window_no>")
def window_screen(window_no: int):
    """The small screen above one window: its number, state and current ticket."""
    hall = current_app.extensions.get("hall")
    if hall is not None and window_no not in {w.number for w in hall.catalog.windows}:
        abort(404)
    return render_template("display/window.html", hall_name=_hall_name(), window_no=window_no,
                           **_page_options())
