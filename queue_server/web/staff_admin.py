"""Staff accounts on the web (admin only): list with last login, add a clerk or supervisor,
change a clerk's windows, disable or enable, reset a password (the new one shown once).

Thin over `staff.py`, which audits each change; `run.py user ...` uses the same functions.
"""

from __future__ import annotations

from flask import Blueprint

from queue_server import staff
from queue_server.errors import BadRequest
from queue_server.models import StaffRole
from queue_server.web import hall
from queue_server.web.authorise import admin_actor
from queue_server.web.params import field, json_body

bp = Blueprint("staff_admin", __name__)

WEB_ROLES = (StaffRole.CLERK.value, StaffRole.SUPERVISOR.value)
NAME = "<string(maxlength=80):name>"


def account_json(account: staff.Staff, last_login=None) -> dict:
    return {"name": account.name, "role": account.role.value, "windows": list(account.windows),
            "disabled": account.disabled,
            "created_at": account.created_at.isoformat() if account.created_at else None,
            "last_login_at": last_login.isoformat() if last_login else None}


def _windows(body: dict) -> list[int]:
    windows = body.get("windows", [])
    if not isinstance(windows, list) or not all(
            isinstance(n, int) and not isinstance(n, bool) for n in windows):
        raise BadRequest("'windows' must be a list of window numbers", field="windows")
    return windows


@bp.get("/api/admin/staff")
def list_staff():
    admin_actor()
    with hall().unit_of_work(read_only=True) as uow:
        logins = staff.last_logins(uow.session)
        accounts = staff.list_users(uow)
    return {"staff": [account_json(a, logins.get(a.name)) for a in accounts]}


@bp.post("/api/admin/staff")
def add_staff():
    """A new clerk or supervisor; `password` optional (a random one is made and shown once)."""
    actor = admin_actor()
    body = json_body()
    role = field(body, "role", str, max_length=20)
    if role not in WEB_ROLES:
        raise staff.StaffRefused("角色只能是 clerk（窗口人员）或 supervisor（值班主管）/ the role "
                                 "is clerk or supervisor (admins: run.py user add)",
                                 field="role", role=role)
    name = field(body, "name", str, max_length=80)
    password = field(body, "password", str, default=None, max_length=200)
    shown = password is None
    if shown:
        password = staff.new_password()
    with hall().unit_of_work() as uow:
        made = staff.add_user(uow, name, password, role=role, windows=_windows(body),
                              actor=actor)
    answer = account_json(made)
    if shown:
        answer["password"] = password
    return answer, 201


@bp.patch(f"/api/admin/staff/{NAME}")
def change_staff(name: str):
    """Change one account: `windows` (a clerk's), `disabled` (true/false)."""
    actor = admin_actor()
    body = json_body()
    if not body or set(body) - {"windows", "disabled"}:
        raise BadRequest("send 'windows' and/or 'disabled'",
                         field=next(iter(set(body) - {"windows", "disabled"}), "windows"))
    disabled = field(body, "disabled", bool, default=None)
    if disabled and name == actor:
        raise staff.StaffRefused("不能停用自己的账号 / you cannot disable your own account",
                                 field="disabled")
    with hall().unit_of_work() as uow:
        account = None
        if "windows" in body:
            account = staff.set_windows(uow, name, _windows(body), actor=actor)
        if disabled is True:
            account = staff.disable_user(uow, name, actor=actor)
        elif disabled is False:
            account = staff.enable_user(uow, name, actor=actor)
        logins = staff.last_logins(uow.session)
    return account_json(account, logins.get(account.name))


@bp.post(f"/api/admin/staff/{NAME}/password")
def reset_password(name: str):
    """A new random password, answered once; the account's logins end."""
    actor = admin_actor()
    with hall().unit_of_work() as uow:
        account, password = staff.reset_password(uow, name, actor=actor)
    return {**account_json(account), "password": password}
