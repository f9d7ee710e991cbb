"""Kiosks as devices over HTTP: who may issue a ticket (a registered kiosk's `X-Kiosk-Key`,
open issuing, a phone's remote join), the limits on how often (`IssueGate`), the card a
kiosk's reader typed, and the pairing and admin endpoints.

The rules come from `HallSettings` at each request: `open_issuing`, `kiosk_tickets_per_minute`,
`remote_join`, `remote_tickets_per_hour`, `card_required`, `open_tickets_per_card`.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from flask import Blueprint, Flask, current_app, request
from limits import RateLimitItemPerHour, RateLimitItemPerMinute
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

from queue_server import cards, kiosks
from queue_server.errors import Forbidden, HallError, TooManyRequests
from queue_server.web import hall
from queue_server.web.auth import csrf
from queue_server.web.authorise import admin_actor
from queue_server.web.i18n import translate
from queue_server.web.params import field, json_body

bp = Blueprint("kiosk_devices", __name__)

KEY_HEADER = "X-Kiosk-Key"
PHONE = "phone"  # the `kiosk` of a ticket taken from a phone (remote join)
FAILED_PAIRINGS_PER_MINUTE = 10  # per client address: a pairing code is not guessed


class RemoteJoinClosed(Forbidden):
    code = "remote_join_closed"


class CardRequired(HallError):
    code = "card_required"
    status = 422


class IssueGate:
    """How often one may ask, in moving one-minute or one-hour windows: tickets per
    registered kiosk, remote-join tickets per client address, failed pairings per address.
    In memory per process, or in Redis shared by every process."""

    def __init__(self, storage_uri: str) -> None:
        self._windows = MovingWindowRateLimiter(storage_from_string(storage_uri))

    def take(self, limit, *key: str) -> int | None:
        """Count one; None if within the limit, else the seconds until one is free again
        (nothing counted)."""
        if self._windows.hit(limit, *key):
            return None
        reset_at = self._windows.get_window_stats(limit, *key).reset_time
        return max(1, math.ceil(reset_at - time.time()))

    def allows(self, limit, *key: str) -> bool:
        return self._windows.test(limit, *key)

    def hit(self, limit, *key: str) -> None:
        self._windows.hit(limit, *key)


def _gate() -> IssueGate:
    return current_app.extensions["hall_issue_gate"]


@dataclass(frozen=True)
class Issuer:
    """Who asks for a ticket: the ticket's `kiosk` label, the registered kiosk (if any) and
    the keyed hash of the card read (if any)."""

    kiosk: str
    kiosk_id: int | None = None
    card_hash: str | None = None


def issuer(body: dict) -> Issuer:
    """Who asks for this ticket and whether they may, before anything is written: an unknown
    key 401, a revoked kiosk 403, a phone where remote join is closed 403, a card missing
    (422 card_required) or malformed (422 card_malformed), too many 429 with Retry-After."""
    the_hall = hall()
    settings = the_hall.settings
    key = request.headers.get(KEY_HEADER)
    if key is not None:
        with the_hall.reading() as session:
            device = kiosks.kiosk_of_key(session, key.strip())
        card = _card(body, required=settings.card_required)
        wait = _gate().take(RateLimitItemPerMinute(max(settings.kiosk_tickets_per_minute, 1)),
                            "kiosk-tickets", str(device.id))
        if wait is not None:
            raise TooManyRequests(translate("取号太频繁，请 {seconds} 秒后再试").format(
                seconds=wait), retry_after=wait, kiosk=device.name)
        return Issuer(device.name, device.id, card)
    if settings.open_issuing:
        label = field(body, "kiosk", str, default="api", max_length=40)
        return Issuer(label, None, _card(body, required=settings.card_required))
    if not settings.remote_join:
        raise RemoteJoinClosed(translate("请到大厅的自助取号机取号"))
    card = _card(body, required=False)  # a phone has no card reader
    wait = _gate().take(RateLimitItemPerHour(max(settings.remote_tickets_per_hour, 1)),
                        "remote-tickets", request.remote_addr or "")
    if wait is not None:
        raise TooManyRequests(translate("手机取号太频繁，请稍后再试，或到大厅的自助取号机取号"),
                              retry_after=wait)
    return Issuer(PHONE, None, card)


def _card(body: dict, *, required: bool) -> str | None:
    """The keyed hash of the card number in the body; None without one where none is
    required."""
    number = body.get("card")
    if number is None or (isinstance(number, str) and not number.strip()):
        if required:
            raise CardRequired(translate("请先刷校园卡或身份证"), field="card")
        return None
    if not isinstance(number, str) or len(number) > 200:  # text of any sane length, or 422
        number = ""
    return cards.card_hash(current_app.config["SECRET_KEY"], cards.normal_card(number))


# ---- the kiosk's side: pairing, and checking its credential ----

@bp.post("/api/kiosk-devices/pair")
def pair():
    """A kiosk trades the admin's pairing code for its device credential (shown once)."""
    address = request.remote_addr or ""
    limit = RateLimitItemPerMinute(FAILED_PAIRINGS_PER_MINUTE)
    if not _gate().allows(limit, "kiosk-pairing", address):
        raise TooManyRequests(translate("配对尝试过多，请一分钟后再试"), retry_after=60)
    code = field(json_body(), "code", str, max_length=200)
    try:
        with hall().unit_of_work() as uow:
            kiosk, key = kiosks.pair(uow, code)
    except kiosks.PairingRefused:
        _gate().hit(limit, "kiosk-pairing", address)
        raise
    return {"name": kiosk.name, "key": key, "header": KEY_HEADER}, 201


@bp.get("/api/kiosk-device")
def whoami():
    """The kiosk a credential belongs to (the kiosk page checks its own at load)."""
    the_hall = hall()
    with the_hall.reading() as session:
        kiosk = kiosks.kiosk_of_key(session, (request.headers.get(KEY_HEADER) or "").strip())
    with the_hall.unit_of_work() as uow:
        kiosks.seen(uow, kiosk.id)
    return {"name": kiosk.name}


# ---- the admin's side ----

@bp.get("/api/kiosk-devices")
def list_devices():
    admin_actor()
    the_hall = hall()
    with the_hall.reading() as session:
        found = kiosks.list_kiosks(session, the_hall.clock.now().date())
    return {"kiosks": [k.as_json() for k in found],
            "open_issuing": the_hall.settings.open_issuing}


@bp.post("/api/kiosk-devices/pairings")
def new_pairing():
    actor = admin_actor()
    name = field(json_body(), "name", str, max_length=kiosks.MAX_NAME_LENGTH)
    the_hall = hall()
    with the_hall.unit_of_work() as uow:
        code, expires_at = kiosks.new_pairing(uow, name, actor=actor)
    base = the_hall.settings.public_base_url.rstrip("/")
    return {"name": name.strip(), "code": code, "expires_at": expires_at.isoformat(),
            "pair_url": f"{base}/kiosk?pair={code}"}, 201


@bp.post("/api/kiosk-devices/<int(max=2147483647):kiosk_id>/revoke")
def revoke(kiosk_id: int):
    actor = admin_actor()
    with hall().unit_of_work() as uow:
        kiosk = kiosks.revoke(uow, kiosk_id, actor=actor)
    return kiosk.as_json()


def csrf_unless_kiosk() -> None:
    """CSRF for a ticket request, unless it carries a kiosk credential: that header is one no
    other site's page can send (a cross-site fetch with it needs a CORS preflight the hall
    never grants), so a kiosk program with only its credential needs no session or token."""
    if request.headers.get(KEY_HEADER) is None:
        csrf.protect()


def install(app: Flask) -> None:
    """The issue limits for the app: one gate per app (tests never share counts). `POST
    /api/tickets` checks CSRF itself (`csrf_unless_kiosk`), not before its view."""
    csrf.exempt("queue_server.web.api.issue")
    queue_url = app.config["HALL_CONFIG"].message_queue_url or ""
    storage = queue_url if queue_url.startswith(("redis://", "rediss://")) else "memory://"
    app.extensions["hall_issue_gate"] = IssueGate(storage)
