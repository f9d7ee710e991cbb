"""Security headers on every answer, no inline script in any page, and the client address
behind a proxy believed only from a trusted one."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from queue_server.app import create_app
from queue_server.config import Config
from queue_server.web.proxy import parse_trusted
from tests.actors import PageClient

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = sorted([*(ROOT / "queue_server/web/templates").rglob("*.html"),
                    *(ROOT / "display/templates").rglob("*.html")])


def directives(response) -> dict[str, str]:
    policy = response.headers["Content-Security-Policy"]
    return {d.split()[0]: d.partition(" ")[2] for d in policy.split("; ")}


@pytest.mark.parametrize("url", ["/", "/kiosk", "/board", "/login", "/api/board", "/qr.svg?data=x",
                                 "/static/hall/kiosk.js", "/no-such-page"])
def test_every_answer_carries_the_security_headers(client, url):
    with client.get(url) as response:  # a static file's answer holds the file open
        csp = directives(response)
    assert csp["script-src"] == "'self'" and csp["default-src"] == "'self'"
    assert csp["style-src"] == "'self'" and csp["object-src"] == "'none'"
    assert csp["frame-ancestors"] == "'none'"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert "Strict-Transport-Security" not in response.headers  # plain http: no HSTS


def test_hsts_only_over_tls(client):
    response = client.get("/kiosk", base_url="https://hall.example.edu")
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000"


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_template_has_inline_script_style_or_handlers(template):
    html = template.read_text(encoding="utf-8")
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert "src=" in tag or 'type="application/json"' in tag, tag
    assert "<style" not in html
    assert not re.search(r"\son[a-z]+\s*=", html), "inline event handler"
    assert not re.search(r"\sstyle\s*=", html), "inline style attribute"
    assert "javascript:" not in html


# ---- the client address behind a proxy ----




def test_a_forwarded_address_is_ignored_without_a_trusted_proxy(client):
    """A client naming a new address on each try is still counted by its own."""
    codes = [client.post("/login", data={"name": f"x{n}", "password": "guess-guess"},
                         headers={"X-Forwarded-For": f"10.0.0.{n}"}).status_code
             for n in range(31)]
    assert codes[:30] == [401] * 30 and codes[30] == 429


@pytest.fixture
def proxied_app(tmp_path, database_url, clock, device):
    config = Config.for_tests(tmp_path, database_url=database_url,
                              trusted_proxies="127.0.0.1, 10.9.0.0/16")
    app = create_app(config, clock=clock, device=device)
    app.test_client_class = PageClient
    yield app
    app.extensions["hall"].database.engine.dispose()


def post_login(client, n: int, *, peer: str, forwarded: str | None = None):
    headers = {"X-Forwarded-For": forwarded} if forwarded else {}
    return client.post("/login", data={"name": f"nobody-{n}", "password": "guess-guess"},
                       headers=headers, environ_base={"REMOTE_ADDR": peer})


def test_behind_a_trusted_proxy_the_limit_counts_each_visitors_address(proxied_app):
    client = proxied_app.test_client()
    for n in range(30):  # one office behind the proxy guesses 30 times
        assert post_login(client, n, peer="127.0.0.1",
                          forwarded="198.51.100.7, 203.0.113.5").status_code == 401
    assert post_login(client, 31, peer="127.0.0.1", forwarded="203.0.113.5").status_code == 429
    # another office through the same proxy is not locked out with it
    assert post_login(client, 32, peer="127.0.0.1", forwarded="203.0.113.6").status_code == 401


def test_a_forwarded_header_from_an_untrusted_peer_is_ignored(proxied_app):
    client = proxied_app.test_client()
    for n in range(30):
        assert post_login(client, n, peer="192.0.2.9",
                          forwarded=f"203.0.113.{n}").status_code == 401
    assert post_login(client, 31, peer="192.0.2.9", forwarded="203.0.113.99").status_code == 429
    # and it cannot claim TLS either
    response = client.get("/kiosk", headers={"X-Forwarded-Proto": "https"},
                          environ_base={"REMOTE_ADDR": "192.0.2.9"})
    assert "Strict-Transport-Security" not in response.headers


def test_a_trusted_proxy_may_say_the_visitor_came_over_tls(proxied_app):
    client = proxied_app.test_client()
    response = client.get("/kiosk", headers={"X-Forwarded-Proto": "https"},
                          environ_base={"REMOTE_ADDR": "10.9.3.4"})
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000"


def test_a_malformed_trusted_proxy_setting_is_refused_with_its_entry():
    with pytest.raises(ValueError, match="'10.0.0.300'"):
        parse_trusted("127.0.0.1, 10.0.0.300")
    assert parse_trusted("") == ()
