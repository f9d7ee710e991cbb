"""Registered kiosks (取号机) as devices: add one (from the command line, or by pairing a code
an admin made), find the kiosk a device credential belongs to, revoke it, list them.

A credential is a random secret shown once (to the CLI, or to the kiosk that pairs); only
its SHA-256 is stored, so a copy of the database issues nothing. Like the staff service,
each function takes an open UnitOfWork and writes an audit row; no screen shows kiosks, so
nothing is published.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from queue_server.db import UnitOfWork
from queue_server.errors import BadRequest, Conflict, Forbidden, HallError, NotFound
from queue_server.models import AuditEntry, KioskDevice, KioskPairing, Ticket

MAX_NAME_LENGTH = 40
PAIRING_MINUTES = 10
CODE_LENGTH = 8
# no 0/O, 1/I/L: a code read off the admin's screen is typed without doubt
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
KEY_PREFIX = "hk_"
SEEN_EVERY = timedelta(minutes=1)  # last_seen is written at most this often by a check


class KioskRefused(BadRequest):
    code = "kiosk_refused"


class KioskExists(Conflict):
    code = "kiosk_exists"


class UnknownKiosk(NotFound):
    code = "unknown_kiosk"


class PairingRefused(BadRequest):
    """An unknown, expired or already used pairing code."""

    code = "pairing_refused"


class KioskKeyUnknown(HallError):
    """An X-Kiosk-Key no registered kiosk has."""

    code = "kiosk_key_unknown"
    status = 401


class KioskRevoked(Forbidden):
    code = "kiosk_revoked"


@dataclass(frozen=True)
class Kiosk:
    """A registered kiosk as the admin sees it (never its credential)."""

    id: int
    name: str
    created_at: datetime
    created_by: str
    last_seen_at: datetime | None
    revoked_at: datetime | None
    tickets_today: int = 0

    def as_json(self) -> dict:
        def instant(at):
            return at.isoformat() if at else None
        return {"id": self.id, "name": self.name, "created_at": instant(self.created_at),
                "created_by": self.created_by, "last_seen_at": instant(self.last_seen_at),
                "revoked_at": instant(self.revoked_at), "revoked": self.revoked_at is not None,
                "tickets_today": self.tickets_today}


def digest(secret: str) -> str:
    """What is stored of a credential or a pairing code."""
    return hashlib.sha256(secret.encode()).hexdigest()


def _view(row: KioskDevice, tickets_today: int = 0) -> Kiosk:
    return Kiosk(id=row.id, name=row.name, created_at=row.created_at,
                 created_by=row.created_by, last_seen_at=row.last_seen_at,
                 revoked_at=row.revoked_at, tickets_today=tickets_today)


def _audit(uow: UnitOfWork, kind: str, actor: str, **payload) -> None:
    uow.session.add(AuditEntry(at=uow.now, kind=kind, actor=actor[:80], ticket_id=None,
                               window_no=None, payload=payload))


def _checked_name(name: str) -> str:
    name = (name or "").strip()
    if not name or len(name) > MAX_NAME_LENGTH or any(ch.isspace() for ch in name) \
            or not name.isprintable():
        raise KioskRefused(f"取号机名称须为 1–{MAX_NAME_LENGTH} 个字符且不含空格 / a kiosk "
                           f"name is 1 to {MAX_NAME_LENGTH} characters without spaces",
                           field="name")
    return name


def _named(session: Session, name: str) -> KioskDevice | None:
    return session.scalars(select(KioskDevice).where(KioskDevice.name == name)).first()


def _refuse_active(row: KioskDevice | None, name: str) -> None:
    if row is not None and row.revoked_at is None:
        raise KioskExists(f"取号机 {name} 已登记；要换一台，请先停用它 / kiosk {name!r} is "
                          "already registered; revoke it first to replace it", name=name)


def _register(uow: UnitOfWork, name: str, actor: str, how: str) -> tuple[Kiosk, str]:
    """A new credential for `name`: a new kiosk, or a revoked one's replacement."""
    row = _named(uow.session, name)
    _refuse_active(row, name)
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    if row is None:
        row = KioskDevice(name=name, created_at=uow.now, created_by=actor[:80])
        uow.session.add(row)
    row.key_hash, row.revoked_at, row.last_seen_at = digest(key), None, uow.now
    row.created_at, row.created_by = uow.now, actor[:80]
    uow.session.flush()
    _audit(uow, "kiosk.added", actor, name=name, how=how)
    return _view(row), key


def add_kiosk(uow: UnitOfWork, name: str, *, actor: str = "cli") -> tuple[Kiosk, str]:
    """Register kiosk `name` and give its credential (shown once, never stored)."""
    return _register(uow, _checked_name(name), actor, "cli")


def new_pairing(uow: UnitOfWork, name: str, *, actor: str) -> tuple[str, datetime]:
    """A pairing code for kiosk `name`, good once within PAIRING_MINUTES; and its expiry."""
    name = _checked_name(name)
    _refuse_active(_named(uow.session, name), name)
    code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    expires_at = uow.now + timedelta(minutes=PAIRING_MINUTES)
    uow.session.add(KioskPairing(name=name, code_hash=digest(code), created_at=uow.now,
                                 created_by=actor[:80], expires_at=expires_at))
    _audit(uow, "kiosk.pairing", actor, name=name, expires_at=expires_at.isoformat())
    return code, expires_at


def normal_code(text: str) -> str:
    """A code as typed or scanned: case, spaces and dashes do not matter; a scanned QR that
    carries the pairing address (…?pair=CODE) gives its code."""
    text = (text or "").strip()
    if "pair=" in text:
        text = text.split("pair=", 1)[1].split("&", 1)[0]
    return "".join(ch for ch in text.upper() if ch.isalnum())


def pair(uow: UnitOfWork, code: str) -> tuple[Kiosk, str]:
    """Trade a pairing code for the kiosk's credential; the code is spent."""
    pairing = uow.session.scalars(select(KioskPairing).where(
        KioskPairing.code_hash == digest(normal_code(code))).with_for_update()).first()
    if pairing is None or pairing.used_at is not None or pairing.expires_at <= uow.now:
        raise PairingRefused("配对码无效、已用过或已过期，请管理员重新生成 / the pairing code "
                             "is wrong, used or expired; ask the admin for a new one",
                             field="code")
    pairing.used_at = uow.now
    return _register(uow, pairing.name, f"pairing:{pairing.created_by}", "pairing")


def kiosk_of_key(session: Session, key: str) -> Kiosk:
    """The registered kiosk a credential belongs to; KioskKeyUnknown or KioskRevoked."""
    row = session.scalars(select(KioskDevice).where(
        KioskDevice.key_hash == digest(key or ""))).first()
    if row is None:
        raise KioskKeyUnknown("这台取号机未登记或凭证有误，请联系大厅管理员 / this kiosk is not "
                              "registered (unknown X-Kiosk-Key); ask the hall admin")
    if row.revoked_at is not None:
        raise KioskRevoked(f"取号机 {row.name} 已停用，请联系大厅管理员 / kiosk {row.name!r} "
                           "was revoked; ask the hall admin", kiosk=row.name)
    return _view(row)


def issuing_kiosk(uow: UnitOfWork, kiosk_id: int) -> str:
    """In the issuing transaction: the kiosk is still registered (not revoked since the
    request began); notes that it was seen. Its name, for the ticket."""
    row = uow.session.get(KioskDevice, kiosk_id)
    if row is None or row.revoked_at is not None:
        raise KioskRevoked("取号机已停用，请联系大厅管理员 / this kiosk was revoked; ask the "
                           "hall admin")
    row.last_seen_at = uow.now
    return row.name


def seen(uow: UnitOfWork, kiosk_id: int) -> None:
    """A kiosk checked its credential: note it, at most once a minute."""
    row = uow.session.get(KioskDevice, kiosk_id)
    if row is not None and (row.last_seen_at is None or uow.now - row.last_seen_at >= SEEN_EVERY):
        row.last_seen_at = uow.now


def revoke(uow: UnitOfWork, kiosk_id: int, *, actor: str) -> Kiosk:
    """Stop kiosk `kiosk_id` from issuing: its credential is refused from now on."""
    row = uow.session.get(KioskDevice, kiosk_id)
    if row is None:
        raise UnknownKiosk(f"没有这台取号机 / no kiosk {kiosk_id}", kiosk_id=kiosk_id)
    if row.revoked_at is None:
        row.revoked_at = uow.now
        _audit(uow, "kiosk.revoked", actor, name=row.name)
    return _view(row)


def id_of(session: Session, name: str) -> int:
    row = _named(session, name)
    if row is None:
        raise UnknownKiosk(f"没有这台取号机 / no kiosk {name!r}", name=name)
    return row.id


def list_kiosks(session: Session, day: date) -> list[Kiosk]:
    """Every registered kiosk (revoked ones too), with its tickets of `day`."""
    counts = dict(session.execute(
        select(Ticket.kiosk_device, func.count()).where(
            Ticket.service_day == day, Ticket.kiosk_device.is_not(None))
        .group_by(Ticket.kiosk_device)).all())
    rows = session.scalars(select(KioskDevice).order_by(KioskDevice.name)).all()
    return [_view(row, counts.get(row.name, 0)) for row in rows]
