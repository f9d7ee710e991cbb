"""QR codes as SVG, drawn by the app (a kiosk has no browser tabs): `/qr.svg?data=<http(s) URL>`."""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import urlsplit

import qrcode
import qrcode.image.svg
from flask import Blueprint, Response, request

from queue_server.errors import BadRequest

bp = Blueprint("qr", __name__)

MAX_URL_LENGTH = 500


def checked_url(data: str) -> str:
    """The URL to encode, or BadRequest: only http(s) links of at most 500 characters."""
    if not data or len(data) > MAX_URL_LENGTH:
        raise BadRequest(f"a QR code holds one http(s) URL of 1 to {MAX_URL_LENGTH} characters")
    parts = urlsplit(data)
    if parts.scheme not in ("http", "https") or not parts.netloc or any(
            ch.isspace() or ord(ch) < 32 for ch in data):
        raise BadRequest("a QR code here holds only an http(s) URL")
    return data


@lru_cache(maxsize=512)
def qr_svg(url: str) -> str:
    """The SVG document of `url`'s QR code (black modules on white, scalable)."""
    code = qrcode.QRCode(border=2, error_correction=qrcode.constants.ERROR_CORRECT_M,
                         image_factory=qrcode.image.svg.SvgPathFillImage)
    code.add_data(url)
    code.make(fit=True)
    return code.make_image().to_string(encoding="unicode")


@bp.get("/qr.svg")
def qr():
    svg = qr_svg(checked_url(request.args.get("data", "")))
    response = Response(svg, mimetype="image/svg+xml")
    response.headers["Cache-Control"] = "public, max-age=86400"
    response.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    return response
