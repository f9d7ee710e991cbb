"""`run.py user add | list | passwd | disable`: staff accounts from the command line."""

from __future__ import annotations

import argparse
import getpass
from pathlib import Path
from typing import TextIO

from queue_server import staff
from queue_server.errors import HallError


def add_parser(commands) -> None:
    """The `user` sub-command and its own sub-commands, on run.py's parser."""
    user = commands.add_parser("user", help="staff accounts: add, list, passwd, disable")
    actions = user.add_subparsers(dest="user_command", required=True)
    add = actions.add_parser("add", help="add an account (password from a prompt or stdin)")
    add.add_argument("name")
    add.add_argument("--role", choices=("admin", "supervisor", "clerk"), required=True)
    add.add_argument("--window", type=int, action="append", default=[], metavar="N",
                     help="a window the clerk may serve (repeat for several)")
    actions.add_parser("list", help="list the accounts")
    passwd = actions.add_parser("passwd", help="set an account's password")
    passwd.add_argument("name")
    disable = actions.add_parser("disable", help="stop an account from logging in")
    disable.add_argument("name")
    for parser in (add, passwd, disable, actions.choices["list"]):
        parser.add_argument("--data", default="instance",
                            help="the data directory, as for `serve`")


def read_password(stdin: TextIO, stderr: TextIO) -> str | None:
    """From a prompt (typed twice) on a terminal; else one line of stdin."""
    if stdin.isatty():
        first = getpass.getpass("密码 password: ")
        if getpass.getpass("再输一次 again: ") != first:
            print("两次输入的密码不一致 / the passwords differ", file=stderr)
            return None
        password = first
    else:
        password = stdin.readline().rstrip("\r\n")
    if not password:
        print("密码不能为空 / the password is empty", file=stderr)
        return None
    if len(password) < staff.MIN_PASSWORD_LENGTH:
        print(f"密码太短：至少 {staff.MIN_PASSWORD_LENGTH} 个字符 / the password is too short: "
              f"at least {staff.MIN_PASSWORD_LENGTH} characters", file=stderr)
        return None
    return password


def run(args: argparse.Namespace, stdin: TextIO, stdout: TextIO, stderr: TextIO) -> int:
    """Migrate the database, then do the one account change asked for."""
    from queue_server.app import create_app
    from queue_server.config import Config
    from queue_server.migrate import upgrade

    config = Config.from_env(Path(args.data))
    upgrade(config.database_url)
    hall = create_app(config).extensions["hall"]
    try:
        if args.user_command == "list":
            with hall.unit_of_work(read_only=True) as uow:
                accounts = staff.list_users(uow)
            print_accounts(accounts, stdout)
            return 0
        if args.user_command == "disable":
            with hall.unit_of_work() as uow:
                staff.disable_user(uow, args.name, actor="cli")
            print(f"已停用 disabled: {args.name}", file=stdout)
            return 0
        password = read_password(stdin, stderr)
        if password is None:
            return 1
        with hall.unit_of_work() as uow:
            if args.user_command == "add":
                made = staff.add_user(uow, args.name, password, role=args.role,
                                      windows=args.window, actor="cli")
            else:
                made = staff.set_password(uow, args.name, password, actor="cli")
        verb = "已添加 added" if args.user_command == "add" else "已改密码 password set"
        print(f"{verb}: {made.name} ({made.role.value}{_windows_text(made)})", file=stdout)
        return 0
    except HallError as err:
        print(f"run.py user {args.user_command}: {err.message}", file=stderr)
        return 1
    finally:
        hall.database.engine.dispose()


def _windows_text(account: staff.Staff) -> str:
    if account.is_admin:
        return ", 全部窗口 every window"
    if not account.windows:
        return ", 不在窗口 no window"
    return ", 窗口 windows " + ",".join(map(str, account.windows))


def print_accounts(accounts: list[staff.Staff], out: TextIO) -> None:
    if not accounts:
        print("还没有账号 / no accounts yet: run.py user add NAME --role admin", file=out)
        return
    width = max(len(a.name) for a in accounts)
    for a in accounts:
        windows = "*" if a.is_admin else ",".join(map(str, a.windows))
        state = "停用 disabled" if a.disabled else "启用 active"
        print(f"{a.name:<{width}}  {a.role.value:<10}  windows {windows:<12}  {state}", file=out)


def on_serve(hall, *, demo: bool, out: TextIO) -> None:
    """At `serve`: make and show the demo logins, or say how to add the first account."""
    with hall.unit_of_work() as uow:
        made = staff.ensure_demo_accounts(uow) if demo else []
        count = len(staff.list_users(uow))
    for name, password, role in made:
        print(f" * demo login ({role}): {name} / {password}", file=out)
    if not count:
        print(" * no staff accounts yet: python run.py user add NAME --role admin", file=out)
