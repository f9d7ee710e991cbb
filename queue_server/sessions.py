"""Staff sessions kept on the server, so a login can be ended at once.

A login makes a `StaffSession` row and hands back a random id (the cookie carries it; the
row keeps only its SHA-256). Every request and socket checks the row: ended, or a clerk's
unused past the idle time (`HallSettings.clerk_idle`), and it no longer logs anyone in. Logout, a new password and disabling the account end every session
of the account; ending records one `StaffSessionsEnded`, after whose commit each process
drops those sessions' sockets from the staff rooms.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from queue_server.db import UnitOfWork
from queue_server.events import StaffSessionsEnded
from queue_server.models import StaffRole, StaffSession, StaffUser
from queue_server.settings import HallSettings

TOUCH_EVERY = timedelta(minutes=1)  # last_seen_at is written at most this often per session
TOKEN_BYTES = 32


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def begin(uow: UnitOfWork, staff_id: int) -> str:
    """A new session of the account; returns the id for the cookie (never stored)."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    uow.session.add(StaffSession(token_hash=token_hash(token), staff_id=staff_id,
                                 created_at=uow.now, last_seen_at=uow.now))
    return token


@dataclass(frozen=True)
class Check:
    """What a session id is worth now: `user` when it still logs someone in; `lapsed` names
    why a live row must be ended now (idle); `touch` when last_seen_at is stale."""

    session_id: int | None
    user: StaffUser | None
    lapsed: str = ""
    touch: bool = False


NOBODY = Check(None, None)


def check(session: Session, token: str, *, at: datetime, settings: HallSettings) -> Check:
    """Reads only. An unknown, ended or idle session, or a disabled account: no user."""
    if not isinstance(token, str) or not 16 <= len(token) <= 100:
        return NOBODY
    row = session.execute(
        select(StaffSession, StaffUser).join(StaffUser, StaffUser.id == StaffSession.staff_id)
        .where(StaffSession.token_hash == token_hash(token))).first()
    if row is None:
        return NOBODY
    found, user = row
    if found.ended_at is not None or user.disabled:
        return Check(found.id, None)
    lapsed = lapse_of(found, user.role, at=at, settings=settings)
    if lapsed:
        return Check(found.id, None, lapsed=lapsed)
    return Check(found.id, user, touch=at - found.last_seen_at >= TOUCH_EVERY)


def lapse_of(found: StaffSession, role: StaffRole, *, at: datetime,
             settings: HallSettings) -> str:
    """"idle" for a clerk's session unused for `clerk_idle`, else "". Admins and supervisors
    keep theirs until logout (the live view stays open all day)."""
    if StaffRole(role) is StaffRole.CLERK and at - found.last_seen_at >= settings.clerk_idle:
        return "idle"
    return ""


def touch(uow: UnitOfWork, session_id: int) -> None:
    """The session was used now (only moves forward; a lapsed session is not revived)."""
    uow.session.execute(update(StaffSession).where(
        StaffSession.id == session_id, StaffSession.ended_at.is_(None),
        StaffSession.last_seen_at < uow.now).values(last_seen_at=uow.now))


def end(uow: UnitOfWork, session_ids: list[int], *, reason: str, actor: str) -> list[int]:
    """End these sessions if still live; one StaffSessionsEnded per account."""
    rows = uow.session.execute(
        select(StaffSession, StaffUser.name).join(StaffUser, StaffUser.id == StaffSession.staff_id)
        .where(StaffSession.id.in_(session_ids), StaffSession.ended_at.is_(None))
        .with_for_update(of=StaffSession)).all()
    return _end(uow, rows, reason=reason, actor=actor)


def end_all_of(uow: UnitOfWork, staff_id: int, *, reason: str, actor: str) -> list[int]:
    """End every live session of the account (a new password, disabled)."""
    rows = uow.session.execute(
        select(StaffSession, StaffUser.name).join(StaffUser, StaffUser.id == StaffSession.staff_id)
        .where(StaffSession.staff_id == staff_id, StaffSession.ended_at.is_(None))
        .with_for_update(of=StaffSession)).all()
    return _end(uow, rows, reason=reason, actor=actor)


def end_lapsed(uow: UnitOfWork) -> list[int]:
    """End every live session past its idle time (the scheduler's tick): their sockets
    leave the staff rooms even when nobody makes another request."""
    settings = uow.settings
    rows = uow.session.execute(
        select(StaffSession, StaffUser.name, StaffUser.role)
        .join(StaffUser, StaffUser.id == StaffSession.staff_id)
        .where(StaffSession.ended_at.is_(None),
               StaffSession.last_seen_at <= uow.now - settings.clerk_idle)
        .with_for_update(of=StaffSession)).all()
    by_reason: dict[str, list] = {}
    for found, name, role in rows:
        lapsed = lapse_of(found, role, at=uow.now, settings=settings)
        if lapsed:
            by_reason.setdefault(lapsed, []).append((found, name))
    ended = []
    for reason, lapsed_rows in by_reason.items():
        ended += _end(uow, lapsed_rows, reason=reason, actor="scheduler")
    return ended


def _end(uow: UnitOfWork, rows, *, reason: str, actor: str) -> list[int]:
    by_account: dict[str, list[int]] = {}
    for found, name in rows:
        found.ended_at, found.end_reason = uow.now, reason
        by_account.setdefault(name, []).append(found.id)
    for name, ids in by_account.items():
        uow.record(StaffSessionsEnded(at=uow.now, actor=actor, account=name,
                                      session_ids=sorted(ids), reason=reason))
    return sorted(i for ids in by_account.values() for i in ids)
