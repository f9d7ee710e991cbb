"""Static assets the app serves itself (no CDN): the CJK font found on the host."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from flask import Blueprint, abort, send_file

from printer.errors import PrinterError
from printer.preview import find_cjk_font

bp = Blueprint("assets", __name__, static_folder="static", static_url_path="/static/hall")


@lru_cache(maxsize=1)
def _font_path() -> Path | None:
    try:
        return Path(find_cjk_font())
    except PrinterError:
        return None


@bp.get("/fonts/hall-cjk")
def cjk_font():
    """The hall's CJK font (e.g. Debian's fonts-wqy-microhei), cached by browsers for a day."""
    path = _font_path()
    if path is None:
        abort(404)
    return send_file(path, mimetype="font/collection", max_age=86400)
