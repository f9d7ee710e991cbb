"""The one entry point: `python run.py serve | catalog … | user … | kiosk … | backup |
restore` (see --help)."""

from __future__ import annotations

import argparse
import gc
import os
import sys
from datetime import datetime, time, timedelta
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="run.py", description="大厅排队叫号 · hall queue system")
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="start the hall server")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=5000)
    serve.add_argument("--data", default=None,
                       help="where the SQLite file and state live (default: instance, or "
                            "instance-demo with --demo, so demo logins never reach a real hall)")
    clock = serve.add_mutually_exclusive_group()
    clock.add_argument("--clock", metavar="'YYYY-MM-DD HH:MM'",
                       help="start a simulated hall clock at this Asia/Shanghai time")
    clock.add_argument("--demo", action="store_true",
                       help="simulated clock at the next working day's 10:00; demo logins "
                            "(served by Werkzeug's development server, as with --dev)")
    serve.add_argument("--dev", action="store_true",
                       help="Werkzeug's development server instead of gunicorn")
    serve.add_argument("--threads", type=int, default=None,
                       help="screens one process serves at once (gunicorn threads; "
                            "default 1000)")

    catalog = commands.add_parser("catalog", help="import or check a catalog")
    catalog_commands = catalog.add_subparsers(dest="catalog_command", required=True)
    importer = catalog_commands.add_parser("import", help="turn a hall guide (.md) into YAML")
    importer.add_argument("path")
    importer.add_argument("--over", metavar="FILE",
                          help="the catalog file being replaced, whose English and synonyms"
                               " are kept (default: the packaged catalog)")
    importing = importer.add_mutually_exclusive_group()
    importing.add_argument("--diff", action="store_true",
                           help="print what the guide changes against the catalog in use and "
                                "what happens to waiting tickets; write nothing")
    importing.add_argument("--apply", action="store_true",
                           help="the same, then put the new catalog in use (restart to load)")
    check = catalog_commands.add_parser("check", help="validate a catalog file, print a summary")
    check.add_argument("path", nargs="?")
    applier = catalog_commands.add_parser(
        "apply", help="put a curated catalog file in use, after its diff (--yes to write)")
    applier.add_argument("path")
    applier.add_argument("--yes", action="store_true", help="write it, not only show the diff")
    applier.add_argument("--over", metavar="FILE",
                         help="the catalog file in use (default: CATALOG or the packaged one)")
    for sub in (importer, applier):
        sub.add_argument("--data", default="instance",
                            help="the data directory, as for `serve` (its waiting tickets)")

    from queue_server import kiosk_cli, staff_cli

    staff_cli.add_parser(commands)
    kiosk_cli.add_parser(commands)
    for name, what in (("backup", "copy the hall's database while it runs (docs/deploy.md)"),
                       ("restore", "put a backup into a new, empty hall (docs/deploy.md)")):
        command = commands.add_parser(name, help=what)
        command.add_argument("file", help="the backup file (SQLite copy or pg_dump archive)")
        command.add_argument("--data", default="instance",
                             help="the data directory, as for `serve` (DATABASE_URL wins)")

    args = parser.parse_args(argv)
    if args.command == "catalog":
        from catalog import cli

        if args.catalog_command == "import" and (args.diff or args.apply):
            from queue_server.catalog_apply import apply_catalog

            result = cli.read_guide(args.path, sys.stderr, over=args.over)
            if result is None:
                return 1
            return apply_catalog(result.catalog, data_dir=args.data, target=args.over,
                                 write=args.apply, out=sys.stdout, err=sys.stderr)
        if args.catalog_command == "apply":
            from queue_server.catalog_apply import apply_file

            return apply_file(args.path, data_dir=args.data, target=args.over,
                              write=args.yes, out=sys.stdout, err=sys.stderr)
        if args.catalog_command == "import":
            return cli.import_command(args.path, sys.stdout, sys.stderr, over=args.over)
        return cli.check_command(args.path, sys.stdout, sys.stderr)
    if args.command == "serve":
        return serve_hall(args)
    if args.command == "user":
        return staff_cli.run(args, sys.stdin, sys.stdout, sys.stderr)
    if args.command == "kiosk":
        return kiosk_cli.run(args, sys.stdout, sys.stderr)
    if args.command in ("backup", "restore"):
        return backup_command(args)
    return 2


def backup_command(args: argparse.Namespace) -> int:
    """`run.py backup FILE` / `run.py restore FILE`, on the hall that --data and
    DATABASE_URL name."""
    from queue_server.backup import BackupError, backup, restore
    from queue_server.config import Config

    config = Config.from_env(Path(args.data))
    try:
        if args.command == "backup":
            backup(config.database_url, Path(args.file), data_dir=config.data_dir)
            print(f"backed up to {args.file}")
        else:
            restore(Path(args.file), config.database_url, data_dir=config.data_dir)
            print(f"restored {args.file}")
    except BackupError as err:
        print(f"run.py {args.command}: {err}", file=sys.stderr)
        return 1
    return 0


def serve_hall(args: argparse.Namespace) -> int:
    from catalog.errors import CatalogError
    from printer.errors import PrinterError
    from queue_server.app import create_app
    from queue_server.clock import hall_time
    from queue_server.config import Config
    from queue_server.migrate import upgrade
    from queue_server.realtime import socketio
    from queue_server.staff_cli import on_serve

    try:
        clock_start = hall_time(args.clock) if args.clock else None
    except ValueError as err:
        print(f"run.py serve: --clock: {err}", file=sys.stderr)
        return 2
    if args.demo:
        clock_start = next_working_morning()
    data = args.data or ("instance-demo" if args.demo else "instance")
    config = Config.from_env(Path(data), clock_start=clock_start, demo=args.demo,
                             settings=_settings_for(args))
    try:
        upgrade(config.database_url)
        app = create_app(config)
    except CatalogError as err:
        print(f"run.py serve: the catalog is malformed, not starting: {err}", file=sys.stderr)
        return 1
    except PrinterError as err:
        print(f"run.py serve: PRINTER_URL: {err}", file=sys.stderr)
        return 1
    warning = qr_address_warning(args.host, os.environ.get("PUBLIC_URL", ""),
                                 hall_url=config.settings.public_base_url)
    if warning:
        print(f"run.py serve: warning: {warning}", file=sys.stderr)
    hall, workers = app.extensions["hall"], app.extensions["hall_workers"]
    quiet_collector()
    print(f" * 大厅排队叫号 on http://{args.host}:{args.port}/  (data: {config.data_dir})")
    on_serve(hall, demo=args.demo, out=sys.stdout)
    if clock_start:
        print(f" * simulated hall clock from {clock_start:%Y-%m-%d %H:%M} (Asia/Shanghai)")
    if not (args.demo or args.dev):  # production: gunicorn's threaded worker
        from queue_server.production import DEFAULT_THREADS, HallServer

        HallServer(app, host=args.host, port=args.port,
                   threads=args.threads or DEFAULT_THREADS).run()
        return 0
    workers.start()
    try:
        socketio.run(app, host=args.host, port=args.port, use_reloader=False,
                     allow_unsafe_werkzeug=True)
    finally:
        workers.stop()
    return 0


ALL_ADDRESSES = ("0.0.0.0", "::", "")
LOOPBACK = ("127.0.0.1", "localhost", "::1")


def qr_address_warning(host: str, public_url: str, *, hall_url: str) -> str | None:
    """Why the QR codes on tickets would point where phones cannot go, or None: listening on
    all addresses with no PUBLIC_URL (the codes say 0.0.0.0), or with a loopback one."""
    from urllib.parse import urlsplit

    if host not in ALL_ADDRESSES:
        return None
    if not public_url:
        return (f"PUBLIC_URL is not set, so ticket QR codes point at {hall_url}, which phones "
                "cannot reach; set PUBLIC_URL to the hall's address (http://<this machine's "
                "LAN address>:<port>)")
    if (urlsplit(public_url).hostname or "") in LOOPBACK:
        return (f"PUBLIC_URL is {public_url}, which is this machine only, so phones cannot open "
                "ticket QR codes; set it to the hall's LAN address or name")
    return None


def quiet_collector() -> None:
    """Keep the cyclic garbage collector from stopping every thread while screens wait.

    The ~320k objects of startup (catalog, pinyin tables, mappers) live as long as the
    process: frozen, full collections no longer scan them (118 -> 11 ms at 100 screens). With
    so few objects left, full collections would come often; they wait for 100 young
    collections instead of 10 (docs/performance.md).
    """
    gc.freeze()
    young, middle, _ = gc.get_threshold()
    gc.set_threshold(young, middle, 100)


def _settings_for(args: argparse.Namespace):
    """The hall's rules from the environment (README: Running a real hall)."""
    import os

    from queue_server.settings import HallSettings

    def whole(name: str, default: int, low: int, high: int) -> int:
        text = os.environ.get(name, "")
        if not text:
            return default
        if not text.isdigit() or not low <= int(text) <= high:
            raise SystemExit(f"run.py serve: {name} must be a whole number from {low} to {high}")
        return int(text)

    paper = os.environ.get("PAPER_MM") or "80"
    if paper not in ("58", "80"):
        raise SystemExit("run.py serve: PAPER_MM must be 58 or 80")
    return HallSettings(
        # the address phones reach the hall at, for the QR code on tickets
        public_base_url=os.environ.get("PUBLIC_URL") or f"http://{args.host}:{args.port}",
        cutoff=timedelta(minutes=whole("CUTOFF_MINUTES", 15, 0, 240)),
        requeue_places=whole("REQUEUE_PLACES", 3, 0, 100),
        clerk_idle=timedelta(minutes=whole("CLERK_IDLE_MINUTES", 30, 1, 24 * 60)),
        paper_mm=int(paper),
        # --demo and OPEN_ISSUING=1: any client takes tickets; else registered kiosks only
        open_issuing=getattr(args, "demo", False) or os.environ.get("OPEN_ISSUING") == "1")


def next_working_morning(now: datetime | None = None) -> datetime:
    """10:00 of today if today is a working day and it is not past noon, else the next one."""
    from catalog.hours import HALL_TZ
    from catalog.workdays import DayKind, Workdays
    from queue_server.clock import SystemClock

    now = (now or SystemClock().now()).astimezone(HALL_TZ)
    days = Workdays()
    day = now.date() if now.time() < time(12) else now.date() + timedelta(days=1)
    while days.kind_of(day) not in (DayKind.WORKDAY, DayKind.MAKEUP_WORKDAY):
        day += timedelta(days=1)
    return datetime.combine(day, time(10), tzinfo=HALL_TZ)


if __name__ == "__main__":
    sys.exit(main())
