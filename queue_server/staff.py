"""Staff accounts: add, change password, disable, list, and check a login. Changes are audited.

Like the ticket service, each function takes an open UnitOfWork; the caller's `with` commits.
Account changes write an audit row in the same transaction but publish no event: no screen
shows staff accounts.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from functools import cache

from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from catalog.model import UnknownEntry
from queue_server import sessions
from queue_server.db import UnitOfWork
from queue_server.errors import BadRequest, Conflict, NotFound
from queue_server.models import AuditEntry, StaffRole, StaffUser

log = logging.getLogger(__name__)

MIN_PASSWORD_LENGTH = 8
# werkzeug's scrypt (its default); the test suite swaps in a one-round hash for speed
# (tests/conftest.py), as Django's docs advise for tests.
PASSWORD_METHOD = "scrypt"
MAX_NAME_LENGTH = 80


class StaffRefused(BadRequest):
    code = "staff_refused"


class UnknownStaff(NotFound):
    code = "unknown_staff"


class StaffExists(Conflict):
    code = "staff_exists"


@dataclass(frozen=True)
class Staff:
    """A staff account as the web layer sees it (no password hash, no session)."""

    id: int
    name: str
    role: StaffRole
    windows: tuple[int, ...]
    disabled: bool
    created_at: object = None

    @property
    def is_admin(self) -> bool:
        return self.role is StaffRole.ADMIN

    @property
    def may_supervise(self) -> bool:
        """Admins and supervisors read the live view and the reports."""
        return not self.disabled and self.role in (StaffRole.ADMIN, StaffRole.SUPERVISOR)

    def may_serve(self, window_no: int) -> bool:
        """Admins may act at every window; a clerk only at the windows given to them."""
        return not self.disabled and (self.is_admin or window_no in self.windows)


@cache
def _nobody_hash() -> str:
    """Checked when the name is unknown, so a wrong name costs as long as a wrong password."""
    return _hash("no such user, no such password")


def _hash(password: str) -> str:
    return generate_password_hash(password, method=PASSWORD_METHOD)


def view(user: StaffUser) -> Staff:
    """An account row as the web layer sees it."""
    return Staff(id=user.id, name=user.name, role=StaffRole(user.role),
                 windows=tuple(sorted(user.windows or ())), disabled=user.disabled,
                 created_at=user.created_at)


def _audit(uow: UnitOfWork, kind: str, actor: str, **payload) -> None:
    uow.session.add(AuditEntry(at=uow.now, kind=kind, actor=actor[:80], ticket_id=None,
                               window_no=None, payload=payload))
    log.info("%s %s by %s", kind, payload, actor)


def _check_password(password: str) -> None:
    if not isinstance(password, str) or len(password) < MIN_PASSWORD_LENGTH:
        raise StaffRefused(f"密码至少 {MIN_PASSWORD_LENGTH} 个字符 / the password needs at least "
                           f"{MIN_PASSWORD_LENGTH} characters", field="password")


def _check_windows(uow: UnitOfWork, windows: list[int]) -> list[int]:
    unknown = []
    for number in windows:
        try:
            uow.catalog.window(number)
        except UnknownEntry:
            unknown.append(number)
    if unknown:
        raise StaffRefused(f"大厅没有这些窗口 / the hall has no window "
                           f"{', '.join(map(str, unknown))}", field="windows", windows=unknown)
    return sorted(set(windows))


def _get(uow: UnitOfWork, name: str) -> StaffUser:
    user = uow.session.scalars(select(StaffUser).where(StaffUser.name == name)).first()
    if user is None:
        raise UnknownStaff(f"没有这个账号 / no staff account {name!r}", name=name)
    return user


def add_user(uow: UnitOfWork, name: str, password: str, *, role: str,
             windows: list[int] = (), actor: str = "cli") -> Staff:
    """A new account; a clerk needs at least one window, an admin serves every window."""
    name = (name or "").strip()
    if not name or len(name) > MAX_NAME_LENGTH or any(ch.isspace() for ch in name):
        raise StaffRefused(f"账号名须为 1–{MAX_NAME_LENGTH} 个字符且不含空格 / a name is 1 to "
                           f"{MAX_NAME_LENGTH} characters without spaces", field="name")
    try:
        role = StaffRole(role)
    except ValueError:
        raise StaffRefused("角色只能是 admin、supervisor 或 clerk / the role is admin, "
                           "supervisor or clerk", field="role") from None
    _check_password(password)
    windows = _check_windows(uow, list(windows))
    if role is StaffRole.CLERK and not windows:
        raise StaffRefused("窗口人员至少要有一个窗口 / a clerk needs at least one --window",
                           field="windows")
    if role is not StaffRole.CLERK:
        windows = []  # an admin serves every window, a supervisor none
    if uow.session.scalars(select(StaffUser.id).where(StaffUser.name == name)).first():
        raise StaffExists(f"账号 {name} 已存在 / {name!r} already exists", field="name",
                          name=name)
    user = StaffUser(name=name, password_hash=_hash(password), role=role,
                     windows=windows, disabled=False, created_at=uow.now)
    uow.session.add(user)
    uow.session.flush()
    _audit(uow, "staff.added", actor, name=name, role=role.value, windows=windows)
    return view(user)


def set_password(uow: UnitOfWork, name: str, password: str, *, actor: str = "cli") -> Staff:
    _check_password(password)
    user = _get(uow, name)
    user.password_hash = _hash(password)
    _audit(uow, "staff.password_changed", actor, name=name)
    sessions.end_all_of(uow, user.id, reason="password", actor=actor)
    return view(user)


def disable_user(uow: UnitOfWork, name: str, *, actor: str = "cli") -> Staff:
    """The account can no longer log in; every session of it ends now."""
    user = _get(uow, name)
    user.disabled = True
    _audit(uow, "staff.disabled", actor, name=name)
    sessions.end_all_of(uow, user.id, reason="disabled", actor=actor)
    return view(user)


def enable_user(uow: UnitOfWork, name: str, *, actor: str) -> Staff:
    user = _get(uow, name)
    user.disabled = False
    _audit(uow, "staff.enabled", actor, name=name)
    return view(user)


def set_windows(uow: UnitOfWork, name: str, windows: list[int], *, actor: str) -> Staff:
    """The windows a clerk may serve (at least one); admins and supervisors have none."""
    user = _get(uow, name)
    windows = _check_windows(uow, list(windows))
    if StaffRole(user.role) is not StaffRole.CLERK:
        raise StaffRefused("只有窗口人员有窗口 / only a clerk is given windows",
                           field="windows")
    if not windows:
        raise StaffRefused("窗口人员至少要有一个窗口 / a clerk needs at least one window",
                           field="windows")
    user.windows = windows
    _audit(uow, "staff.windows_changed", actor, name=name, windows=windows)
    return view(user)


def new_password() -> str:
    """A random password of 12 characters, for an admin to hand over once."""
    return secrets.token_urlsafe(9)


def reset_password(uow: UnitOfWork, name: str, *, actor: str) -> tuple[Staff, str]:
    """A new random password (shown once to the admin); older logins stop working."""
    password = new_password()
    user = _get(uow, name)
    user.password_hash = _hash(password)
    _audit(uow, "staff.password_reset", actor, name=name)
    sessions.end_all_of(uow, user.id, reason="password", actor=actor)
    return view(user), password


def last_logins(session) -> dict[str, object]:
    """Each account's latest login (an instant), from the audit log."""
    rows = session.execute(select(AuditEntry.actor, func.max(AuditEntry.at)).where(
        AuditEntry.kind == "staff.logged_in").group_by(AuditEntry.actor)).all()
    return {name: at for name, at in rows}


def list_users(uow: UnitOfWork) -> list[Staff]:
    return [view(u) for u in uow.session.scalars(select(StaffUser).order_by(StaffUser.name))]


def find(uow: UnitOfWork, user_id: int) -> Staff | None:
    user = uow.session.get(StaffUser, user_id)
    return view(user) if user is not None else None


def check_credentials(session, name: str, password: str) -> Staff | None:
    """The account if the password is right (check `.disabled`), else None. Reads only:
    the slow hash never holds the write turn that kiosks and clerks wait for."""
    user = session.scalars(select(StaffUser).where(StaffUser.name == name.strip())).first()
    if user is None:
        check_password_hash(_nobody_hash(), password)  # the same time for unknown names
        return None
    return view(user) if check_password_hash(user.password_hash, password) else None


def record_login(uow: UnitOfWork, name: str, account: Staff | None) -> None:
    """The audit row of a login attempt: failed, refused (disabled) or logged in."""
    if account is None:
        _audit(uow, "staff.login_failed", name or "?", name=name[:80])
    elif account.disabled:
        _audit(uow, "staff.login_refused", account.name, name=account.name, reason="disabled")
    else:
        _audit(uow, "staff.logged_in", account.name, name=account.name)


DEMO_ACCOUNTS = (("admin", "hall-admin", "admin"), ("clerk", "hall-clerk", "clerk"))


def ensure_demo_accounts(uow: UnitOfWork) -> list[tuple[str, str, str]]:
    """Demo mode: an admin and a clerk allowed at every window, made if absent."""
    every_window = [w.number for w in uow.catalog.windows]
    for name, password, role in DEMO_ACCOUNTS:
        exists = uow.session.scalars(select(StaffUser.id).where(StaffUser.name == name)).first()
        if not exists:
            add_user(uow, name, password, role=role,
                     windows=every_window if role == "clerk" else [], actor="demo")
    return list(DEMO_ACCOUNTS)
