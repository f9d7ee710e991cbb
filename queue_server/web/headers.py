"""Security headers on every answer: a strict Content-Security-Policy (everything from this
site only, no inline script or style, no plugin, no framing), nosniff, a Referrer-Policy, and
HSTS when the request came over TLS (directly, or through a trusted proxy: `web/proxy.py`).

Pages pass data to their scripts in `<script type="application/json">` blocks (read by the
page script, or by `static/page_data.js` into `window.NAME`) and `data-` attributes; scripts
style elements through the DOM (`element.style`, `classList`), which a CSP does not govern.
"""

from __future__ import annotations

from flask import Flask, Response, request

DIRECTIVES = (
    "default-src 'self'",
    "script-src 'self'",  # no inline script, no eval
    "style-src 'self'",  # stylesheets only: no <style> block, no style="" attribute
    "img-src 'self'",  # QR codes are /qr.svg, never data: URLs
    "font-src 'self'",
    "connect-src 'self'",  # fetch and Socket.IO (ws:/wss: to this host count as 'self')
    "media-src 'self'",  # the board's announcement clips
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",  # no page of the hall may be framed (clickjacking)
)
CONTENT_SECURITY_POLICY = "; ".join(DIRECTIVES)
HSTS = "max-age=31536000"  # a year; no includeSubDomains: the campus may serve others on http

HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",  # a ticket's /t/<token> never leaves in a Referer
    "X-Frame-Options": "DENY",  # frame-ancestors for browsers that predate it
}


def secure(response: Response) -> Response:
    for name, value in HEADERS.items():
        response.headers.setdefault(name, value)
    if request.is_secure:
        response.headers.setdefault("Strict-Transport-Security", HSTS)
    return response


def install(app: Flask) -> None:
    app.after_request(secure)
