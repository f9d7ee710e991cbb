"""Staff login: server-side sessions (`queue_server/sessions.py`) behind Flask-Login, CSRF on
every state-changing request (Flask-WTF), and failed logins limited per account and per address
(`LoginGuard`). The signed cookie carries only the session's random id; the row decides on
every request and socket event whether it still logs anyone in. Pages get the CSRF token from
base.html's `<meta name="csrf-token">`; scripts and tests may also `GET /api/csrf`."""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Flask,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import LoginManager, UserMixin, current_user, login_user, logout_user
from flask_wtf import FlaskForm
from flask_wtf.csrf import CSRFError, CSRFProtect, generate_csrf
from limits import parse
from limits.storage import storage_from_string
from limits.strategies import FixedWindowRateLimiter
from wtforms import HiddenField, PasswordField, StringField
from wtforms.validators import DataRequired, Length

from queue_server import sessions, staff
from queue_server.web import hall
from queue_server.web.i18n import translate

log = logging.getLogger(__name__)

# Only failed logins count: per account (guessing one password) and, more loosely, per
# client address (a hall office shares one address: a few typos must not lock everyone out).
FAILED_LOGINS_PER_ACCOUNT = parse("5/minute")
FAILED_LOGINS_PER_ADDRESS = parse("30/minute")


class LoginGuard:
    """Counts failed logins per account and per client address in fixed one-minute windows
    (in memory, or in Redis shared by every process); a success never counts."""

    def __init__(self, storage_uri: str) -> None:
        self._windows = FixedWindowRateLimiter(storage_from_string(storage_uri))

    def _counters(self, name: str, address: str):
        return ((FAILED_LOGINS_PER_ACCOUNT, "login-account", name.strip()[:80]),
                (FAILED_LOGINS_PER_ADDRESS, "login-address", address))

    def allows(self, name: str, address: str) -> bool:
        return all(self._windows.test(limit, *key) for limit, *key in self._counters(name, address))

    def failed(self, name: str, address: str) -> None:
        for limit, *key in self._counters(name, address):
            self._windows.hit(limit, *key)

bp = Blueprint("auth", __name__, template_folder="templates")
login_manager = LoginManager()
csrf = CSRFProtect()

class StaffLogin(UserMixin):
    """The logged-in staff member, as Flask-Login's `current_user`, with their session."""

    def __init__(self, account: staff.Staff, token: str, session_id: int | None) -> None:
        self.account, self.token, self.session_id = account, token, session_id
        self.name = account.name

    def get_id(self) -> str:
        return self.token  # the session's random id: what the cookie carries

    @property
    def is_active(self) -> bool:
        return not self.account.disabled

    @property
    def is_admin(self) -> bool:
        return self.account.is_admin

    @property
    def may_supervise(self) -> bool:
        return self.account.may_supervise

    def may_serve(self, window_no: int) -> bool:
        return self.account.may_serve(window_no)


@login_manager.user_loader
def load_staff(token: str) -> StaffLogin | None:
    """The staff member whose live session the cookie names, else nobody (anonymous). A
    session found lapsed is ended now; a used one is marked seen (at most once a minute)."""
    the_hall = hall()
    with the_hall.reading() as session:
        found = sessions.check(session, token, at=the_hall.clock.now(),
                               settings=the_hall.settings)
        account = staff.view(found.user) if found.user is not None else None
    if found.lapsed:
        with the_hall.unit_of_work() as uow:
            sessions.end(uow, [found.session_id], reason=found.lapsed, actor="clock")
    elif found.touch:
        with the_hall.unit_of_work() as uow:
            sessions.touch(uow, found.session_id)
    if account is None:
        return None
    return StaffLogin(account, token, found.session_id)


@login_manager.unauthorized_handler
def unauthorized():
    """API calls get JSON 401; pages go to the login page and come back afterwards."""
    if request.path.startswith("/api/"):
        return jsonify({"error": "login_required", "message": "请先登录 / log in first"}), 401
    return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))


class LoginForm(FlaskForm):
    name = StringField(validators=[DataRequired(), Length(max=staff.MAX_NAME_LENGTH)])
    password = PasswordField(validators=[DataRequired(), Length(max=200)])
    next = HiddenField()


def safe_next(target: str | None) -> str | None:
    """Only a path on this site: never another host (an open redirect)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc else None


def _landing(account: staff.Staff) -> str:
    if account.role is staff.StaffRole.CLERK and len(account.windows) == 1:
        return url_for("window.page", window_no=account.windows[0])
    if account.role is staff.StaffRole.SUPERVISOR:
        return url_for("live.page")
    return url_for("home.index")


def _login_page(form: LoginForm, error: str = "", status: int = 200, notice: str = ""):
    return render_template("login.html", form=form, error=error, notice=notice), status


@bp.route("/login", methods=["GET", "POST"])
def login():
    form = LoginForm()
    if request.method == "GET":
        form.next.data = safe_next(request.args.get("next")) or ""
        notice = translate("已退出登录") if request.args.get("bye") else ""
        return _login_page(form, notice=notice)
    guard: LoginGuard = current_app.extensions["hall_login_guard"]
    name, address = request.form.get("name") or "", request.remote_addr or ""
    if not guard.allows(name, address):
        return _login_page(form, translate("登录尝试过多，请一分钟后再试"), 429)
    if not form.validate_on_submit():
        guard.failed(name, address)
        return _login_page(form, translate("用户名或密码错误"), 400)
    the_hall = hall()
    with the_hall.reading() as session:  # the slow password hash, outside the write turn
        account = staff.check_credentials(session, form.name.data, form.password.data)
    with the_hall.unit_of_work() as uow:
        staff.record_login(uow, form.name.data, account)
        token = sessions.begin(uow, account.id) if account and not account.disabled else ""
    if account is None or account.disabled:
        guard.failed(name, address)
    if account is None:
        return _login_page(form, translate("用户名或密码错误"), 401)
    if account.disabled:
        return _login_page(form, translate("账号已停用，请联系大厅管理员"), 403)
    login_user(StaffLogin(account, token, None))
    log.info("staff %s logged in from %s", account.name, request.remote_addr)
    return redirect(safe_next(form.next.data) or _landing(account))


@bp.post("/logout")
def logout():
    """Ends every session of the account (each device it is logged in on), not only this one."""
    if current_user.is_authenticated:
        with hall().unit_of_work() as uow:
            sessions.end_all_of(uow, current_user.account.id, reason="logout",
                                actor=current_user.name)
        log.info("staff %s logged out", current_user.name)
    logout_user()
    return redirect(url_for("auth.login", bye=1))


@bp.get("/api/csrf")
def csrf_token():
    """The session's CSRF token, for scripts: send it back as the X-CSRFToken header."""
    return {"csrf_token": generate_csrf()}




def csrf_failed(err: CSRFError):
    """A missing or stale token: nothing was changed."""
    message = translate("页面已过期，请刷新后重试")
    if request.path.startswith("/api/") or request.is_json:
        return jsonify({"error": "csrf_failed", "message": message, "reason": err.description}), 400
    if request.endpoint == "auth.login":
        return _login_page(LoginForm(), message, 400)
    return render_template("login.html", form=LoginForm(), error=message, notice=""), 400


def _limiter_storage(app: Flask) -> str:
    """In memory per process; shared through Redis when the hall runs several processes."""
    queue_url = app.config["HALL_CONFIG"].message_queue_url or ""
    return queue_url if queue_url.startswith(("redis://", "rediss://")) else "memory://"


def install(app: Flask) -> None:
    """Sessions, CSRF and the login rate limit for the app (call before registering `bp`)."""
    settings = app.config["HALL_CONFIG"].settings
    app.config.update(
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.public_base_url.startswith("https://"),
        WTF_CSRF_TIME_LIMIT=None,  # a kiosk page stays open all day; the token lives with the session
    )
    login_manager.init_app(app)
    login_manager.session_protection = "basic"
    csrf.init_app(app)
    app.register_error_handler(CSRFError, csrf_failed)
    # one guard per app, so two apps (tests, a live browser-test server) never share counts
    app.extensions["hall_login_guard"] = LoginGuard(_limiter_storage(app))
