"""Who may act: at a window (an admin, or a clerk given that window), as a supervisor or
admin, or as a visitor (no staff login: ratings)."""

from __future__ import annotations

from flask_login import current_user

from queue_server.errors import Forbidden, HallError


class LoginRequired(HallError):
    code = "login_required"
    status = 401


def window_actor(window_no: int) -> str:
    """The staff name to record for an action at `window_no`; LoginRequired or Forbidden."""
    if not current_user.is_authenticated:
        raise LoginRequired("请先登录 / log in first", window=window_no)
    if not current_user.may_serve(window_no):
        raise Forbidden(f"您没有 {window_no} 号窗口的权限 / you may not act at window "
                        f"{window_no}", window=window_no)
    return current_user.name


def supervisor_actor() -> str:
    """Who reads the live view or the reports (an admin or a supervisor); LoginRequired or
    Forbidden."""
    if not current_user.is_authenticated:
        raise LoginRequired("请先登录 / log in first")
    if not current_user.may_supervise:
        raise Forbidden("只有大厅管理员和值班主管可以查看 / only a hall admin or a supervisor "
                        "may see this")
    return current_user.name


def admin_actor() -> str:
    """The admin's name to record for a change of the hall's hours; LoginRequired/Forbidden."""
    if not current_user.is_authenticated:
        raise LoginRequired("请先登录 / log in first")
    if not current_user.is_admin:
        raise Forbidden("只有大厅管理员可以这样做 / only a hall admin may do this")
    return current_user.name


def visitor_only() -> None:
    """Ratings come from visitors (their phone, the window's pad), never from a logged-in
    staff session: a clerk may not rate their own service. Forbidden otherwise."""
    if current_user.is_authenticated:
        raise Forbidden("工作人员登录状态下不能评价 / a logged-in staff member may not rate")
