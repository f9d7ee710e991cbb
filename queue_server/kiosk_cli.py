"""`run.py kiosk add | list | revoke`: registered kiosks from the command line."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TextIO

from queue_server import kiosks
from queue_server.errors import HallError


def add_parser(commands) -> None:
    """The `kiosk` sub-command and its own sub-commands, on run.py's parser."""
    kiosk = commands.add_parser("kiosk", help="registered kiosks: add, list, revoke")
    actions = kiosk.add_subparsers(dest="kiosk_command", required=True)
    add = actions.add_parser("add", help="register a kiosk and print its credential (once)")
    add.add_argument("name")
    revoke = actions.add_parser("revoke", help="stop a kiosk from issuing tickets")
    revoke.add_argument("name")
    listing = actions.add_parser("list", help="list the kiosks, last seen, tickets today")
    for parser in (add, revoke, listing):
        parser.add_argument("--data", default="instance",
                            help="the data directory, as for `serve`")


def run(args: argparse.Namespace, stdout: TextIO, stderr: TextIO) -> int:
    """Migrate the database, then do the one kiosk change asked for."""
    from queue_server.app import create_app
    from queue_server.config import Config
    from queue_server.migrate import upgrade

    config = Config.from_env(Path(args.data))
    upgrade(config.database_url)
    hall = create_app(config).extensions["hall"]
    try:
        if args.kiosk_command == "add":
            with hall.unit_of_work() as uow:
                kiosk, key = kiosks.add_kiosk(uow, args.name, actor="cli")
            print(f"已登记取号机 registered kiosk: {kiosk.name}", file=stdout)
            print("设备凭证（只显示这一次）/ its credential, shown once; the kiosk sends it as "
                  "the header X-Kiosk-Key:", file=stdout)
            print(key, file=stdout)
            return 0
        if args.kiosk_command == "revoke":
            with hall.unit_of_work() as uow:
                kiosks.revoke(uow, kiosks.id_of(uow.session, args.name), actor="cli")
            print(f"已停用 revoked: {args.name}", file=stdout)
            return 0
        with hall.reading() as session:
            found = kiosks.list_kiosks(session, hall.clock.now().date())
        print_kiosks(found, stdout)
        return 0
    except HallError as err:
        print(f"run.py kiosk {args.kiosk_command}: {err.message}", file=stderr)
        return 1
    finally:
        hall.database.engine.dispose()


def print_kiosks(found: list[kiosks.Kiosk], out: TextIO) -> None:
    if not found:
        print("还没有登记的取号机 / no kiosks yet: run.py kiosk add NAME", file=out)
        return
    width = max(len(k.name) for k in found)
    for k in found:
        seen = f"{k.last_seen_at:%Y-%m-%d %H:%M}" if k.last_seen_at else "-"
        state = "停用 revoked" if k.revoked_at else "启用 active"
        print(f"{k.name:<{width}}  last seen {seen:<16}  today {k.tickets_today:>4}  {state}",
              file=out)
