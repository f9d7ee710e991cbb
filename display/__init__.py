"""The lobby board and per-window screens: pages that render from Socket.IO snapshots.

Display knows the wire format (snapshots and events from queue_server.realtime), not the
database: its routes only render templates; everything shown arrives over the socket. It
imports nothing from queue_server: its strings, language choice and base template are its own,
and the hall's catalog is read from `current_app.extensions["hall"].catalog`.
Options, as query parameters (docs/display.md): `reading=digits|natural` (how ticket numbers
are said aloud; default the app's ANNOUNCE_READING config, else digits), `voice=auto|speech|
clips|off` (speech synthesis, pre-recorded clips, or silence: the queue still runs at the
clips' real pace), `lang=zh-CN|en` (remembered in
the hall's language cookie).
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, g, render_template, request

from display.announce import READINGS
from display.clips import clip_seconds
from display.strings import COOKIE, LANGUAGES, choose_language, strings_for, translate

bp = Blueprint("display", __name__, template_folder="templates", static_folder="static",
               static_url_path="/display/static")

VOICES = ("auto", "speech", "clips", "off")


@bp.before_request
def choose_screen_language() -> None:
    g.display_lang = choose_language(request.args, request.cookies)


@bp.after_request
def remember_language(response):
    if request.args.get("lang") in LANGUAGES:
        response.set_cookie(COOKIE, request.args["lang"], max_age=365 * 86400, samesite="Lax")
    return response


def _choice(name: str, allowed: tuple[str, ...], default: str) -> str:
    value = request.args.get(name, default)
    return value if value in allowed else default


def _default_reading() -> str:
    """The app's rule (a callable `ANNOUNCE_READING_RULE`, None when unset), else its
    ANNOUNCE_READING, else digits."""
    rule = current_app.config.get("ANNOUNCE_READING_RULE")
    chosen = rule() if callable(rule) else None
    return chosen or current_app.config.get("ANNOUNCE_READING", "digits")


def _catalog():
    return current_app.extensions["hall"].catalog


def _render(template: str, **context) -> str:
    language = g.display_lang
    return render_template(
        template, hall_name=_catalog().hall_name, lang=language,
        t=lambda text: translate(text, language), strings=strings_for(language),
        reading=_choice("reading", READINGS, _default_reading()),
        reading_fixed=request.args.get("reading") in READINGS,  # this board's own choice
        voice=_choice("voice", VOICES, "auto"), clip_seconds=clip_seconds(), **context)


@bp.get("/board")
def board():
    """The lobby board: every window, the latest call, recent calls, the clock, announcements."""
    return _render("display/board.html")


@bp.get("/board/window/<int:window_no>")
def window_screen(window_no: int):
    """The small screen above one window: its number, state and current ticket."""
    if window_no not in {w.number for w in _catalog().windows}:
        abort(404)
    return _render("display/window.html", window_no=window_no)
