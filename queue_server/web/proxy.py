"""The client's address and scheme behind a reverse proxy, trusted only when it is one.

With `TRUSTED_PROXIES` set (addresses or networks, comma-separated: `127.0.0.1,10.0.0.0/8`),
a request whose peer is one of them has its `X-Forwarded-For` (the last hop, the one the
proxy added) and `X-Forwarded-Proto` applied by Werkzeug's `ProxyFix`; from any other peer
those headers are ignored, so a client cannot name another address to the login limits or
claim TLS. Without the setting no forwarded header is ever believed.
"""

from __future__ import annotations

import ipaddress

from werkzeug.middleware.proxy_fix import ProxyFix

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_trusted(text: str | None) -> tuple[Network, ...]:
    """`127.0.0.1, 10.0.0.0/8` → networks; ValueError naming a malformed entry."""
    networks = []
    for item in (text or "").split(","):
        item = item.strip()
        if not item:
            continue
        try:
            networks.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            raise ValueError(f"TRUSTED_PROXIES: {item!r} is not an IP address or network"
                             ) from None
    return tuple(networks)


class TrustedProxyFix:
    """WSGI middleware: ProxyFix for requests from a trusted proxy, nothing for the rest."""

    def __init__(self, app, trusted: tuple[Network, ...]) -> None:
        self.app, self.trusted = app, trusted
        self._fixed = ProxyFix(app, x_for=1, x_proto=1)

    def is_trusted(self, address: str | None) -> bool:
        try:
            peer = ipaddress.ip_address(address or "")
        except ValueError:
            return False
        return any(peer in network for network in self.trusted)

    def __call__(self, environ, start_response):
        if self.is_trusted(environ.get("REMOTE_ADDR")):
            return self._fixed(environ, start_response)
        return self.app(environ, start_response)


def install(app, trusted: tuple[Network, ...]) -> None:
    """Wrap the app (after Flask-SocketIO's middleware, so sockets see the same address)."""
    if trusted:
        app.wsgi_app = TrustedProxyFix(app.wsgi_app, trusted)
