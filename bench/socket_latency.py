"""Benchmark: delay from a call's HTTP request to each Socket.IO screen receiving it.

Run by hand (CI never does); loopback only; bounded; stops by itself:

    .venv/bin/pip install -e '.[bench]'        # aiohttp, for the clients
    .venv/bin/python bench/socket_latency.py [--clients 10,100,500] [--calls 100]

For each N a fresh hall server starts in its own process (create_app on a temporary SQLite
file, testing=False, the broadcaster on its own thread as `run.py serve` runs it, served by
Flask-SocketIO's threading server). A staff admin logs in over HTTP and opens window 8.
N lean Socket.IO clients (Engine.IO v4 frames over aiohttp WebSockets, one asyncio process)
connect: most are lobby boards, a tenth are phones watching a waiting ticket of the same
post. Each call is `POST /api/windows/8/call`; a board's delay is until it hears the call,
a phone's until its fresh snapshot arrives. Ten warm-up calls are not counted. Beside it, the
floor: a bare python-socketio server (threading, same Werkzeug stack) that emits one
message to N clients when poked over HTTP (--no-floor skips it).

--waiting W issues W more tickets up front than the calls take (the phones' among the last), so
W people still wait after the last call; by default only the phones' N/10 do. --postgres [URL]
runs the hall on PostgreSQL instead (the database, hall_bench_sock by default, is dropped
and created for each N and migrated by the first server).

Two processes over Redis, the read side's scale-out (docs/performance.md):

    .venv/bin/python bench/socket_latency.py --processes 2 --waiting 300 --clients 100,500 \
        [--screens-on other|split] [--redis redis://127.0.0.1:6379/0] [--no-floor]

starts two servers on one fresh PostgreSQL database, each relaying its committed events to
the other over Redis pub/sub (message_queue_url; workers started as `run.py serve` starts
them). The clerk calls on A; every screen is on B (`other`, the default: the call reaches
them through the relay), or every other screen is on A (`split`, reported apart as "on A").

Through nginx, as docs/deploy.md runs a hall:

    .venv/bin/python bench/socket_latency.py --processes 2 --nginx --waiting 300 \
        --clients 500 --no-floor

runs each server under gunicorn (`run.py serve`'s server) behind nginx with
docs/deploy/hall.nginx.conf (TLS, sticky by client address); the clerk and the screens
connect through nginx from loopback addresses (127.0.0.N) that it sends to A and B.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a file: the app and tests/ sit at the root

from tests.ports import free_port

WINDOW = 8
POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/hall_bench_sock"
REDIS = "redis://127.0.0.1:6379/0"
SERVICE = "8-kjhjzm"  # 户籍证明 at window 8 (H)
STAFF = ("bench-socket", "bench-socket-password")
RECEIVE_TIMEOUT = 10.0
CONNECT_BATCH = 50
# Calls before the measured ones: a fresh server's first requests, and the full garbage
# collection that hundreds of new connections set off within the next few calls.
WARM_UP = 10
# A snapshot carrying the call among its events ("event" is a key of events only). A screen
# parses its snapshot on its own device; here the clients share the server's cores, so
# they look for the call without parsing the whole snapshot.
CALLED = re.compile(r'"event":\s*"ticket\.called"')


# ---- servers (each in its own process: `socket_latency.py --serve app|floor PORT`) --------

def serve_app(port: int) -> None:
    """The hall as `run.py serve` runs it. BENCH_DATABASE_URL (default: a temporary SQLite
    file) and BENCH_MESSAGE_QUEUE_URL (the relay's Redis) come from the bench; the first
    process (BENCH_FIRST=1) migrates and adds the staff account, a second one joins."""
    from queue_server.app import create_app
    from queue_server.clock import SimulatedClock, hall_time
    from queue_server.config import Config
    from queue_server.migrate import upgrade
    from queue_server.realtime import socketio

    data_dir = Path(tempfile.mkdtemp(prefix="hall-socket-bench-"))
    first = os.environ.get("BENCH_FIRST", "1") == "1"
    from queue_server.settings import HallSettings

    config = Config.for_tests(data_dir, testing=False, settings=HallSettings(open_issuing=True),
                              database_url=os.environ.get("BENCH_DATABASE_URL") or None,
                              message_queue_url=os.environ.get("BENCH_MESSAGE_QUEUE_URL") or None)
    if first:
        upgrade(config.database_url)
    from printer.devices import MemoryDevice

    app = create_app(config, clock=SimulatedClock(hall_time("2026-12-03 09:05")),
                     device=MemoryDevice())
    hall = app.extensions["hall"]
    try:
        from queue_server import staff
    except ImportError:  # before staff accounts existed, testing mode opened the endpoints
        staff = None
    if staff is not None and first:
        with hall.unit_of_work() as uow:
            staff.add_user(uow, STAFF[0], STAFF[1], role="admin", actor="bench")
    from run import quiet_collector

    if os.environ.get("BENCH_GUNICORN") == "1":  # the production server, as run.py serve
        from queue_server.production import HallServer

        quiet_collector()
        print("ready", flush=True)
        HallServer(app, host="127.0.0.1", port=port).run()  # starts the hall's workers
        return
    app.extensions["hall_workers"].start()  # as run.py serve does
    quiet_collector()  # as run.py serve does
    print("ready", flush=True)
    socketio.run(app, host="127.0.0.1", port=port, use_reloader=False, log_output=False,
                 allow_unsafe_werkzeug=True)


def serve_floor(port: int) -> None:
    import socketio
    from werkzeug.serving import make_server

    sio = socketio.Server(async_mode="threading")

    @sio.event
    def connect(sid, environ, auth=None):
        sio.enter_room(sid, "board")

    def poke(environ, start_response):
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = json.loads(environ["wsgi.input"].read(length) or b"{}")
        sio.emit("ticket.called", body, to="board")
        start_response("200 OK", [("Content-Type", "application/json")])
        return [b"{}"]

    app = socketio.WSGIApp(sio, poke)
    print("ready", flush=True)
    make_server("127.0.0.1", port, app, threaded=True).serve_forever()


def start_server(kind: str, env: dict[str, str] | None = None
                 ) -> tuple[subprocess.Popen, int]:
    port = free_port()
    server = subprocess.Popen([sys.executable, __file__, "--serve", kind, str(port)],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                              cwd=ROOT, env={**os.environ, **(env or {})})
    if server.stdout.readline().strip() != "ready":
        server.kill()
        raise RuntimeError(f"the {kind} server did not start")
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return server, port
        except OSError:
            time.sleep(0.05)
    server.kill()
    raise RuntimeError(f"the {kind} server does not listen")


def fresh_postgres(url: str) -> None:
    """Drop and create the bench's PostgreSQL database (psql, as the database's owner)."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    assert re.fullmatch(r"hall_bench\w*", name), f"refusing to drop {name!r}"
    psql = ["psql", "-h", parts.hostname or "127.0.0.1", "-p", str(parts.port or 5432),
            "-U", parts.username or "postgres", "-d", "postgres", "-q", "-v", "ON_ERROR_STOP=1"]
    for sql in (f"DROP DATABASE IF EXISTS {name} WITH (FORCE)", f"CREATE DATABASE {name}"):
        subprocess.run([*psql, "-c", sql], check=True, timeout=60, capture_output=True)


def stop_server(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


# ---- clients --------------------------------------------------------------------------

class Staff:
    """An HTTP session that logs in (when staff accounts exist) and sends the CSRF token."""

    def __init__(self, http, base: str) -> None:
        self.http, self.base, self.headers = http, base, {}

    async def start(self) -> Staff:
        async with self.http.get(self.base + "/api/csrf") as response:
            if response.status != 200:
                return self  # no CSRF, no staff accounts: testing-mode endpoints
            token = (await response.json())["csrf_token"]
        self.headers = {"X-CSRFToken": token, "Referer": self.base + "/"}
        form = {"name": STAFF[0], "password": STAFF[1], "csrf_token": token}
        async with self.http.post(self.base + "/login", data=form, headers=self.headers,
                                  allow_redirects=False) as response:
            assert response.status in (302, 303), f"login failed: {response.status}"
        async with self.http.get(self.base + "/api/csrf") as response:
            self.headers = {"X-CSRFToken": (await response.json())["csrf_token"],
                            "Referer": self.base + "/"}  # Flask-WTF checks it over HTTPS
        return self

    async def post(self, path: str, body: dict) -> dict:
        async with self.http.post(self.base + path, json=body, headers=self.headers) as response:
            data = await response.json(content_type=None)
            assert response.status < 300, (path, response.status, data)
            return data


class Screen:
    """One screen as a lean Socket.IO client: Engine.IO v4 frames over an aiohttp WebSocket.

    A hall's screens are separate devices; here 500 of them share the server's two cores, so
    each costs as little as a client can. A board's call is heard when a frame carries its
    event (found without parsing the snapshot); a phone's fresh snapshot is the first that
    shows it fewer people ahead. `received_at` is time.perf_counter(), a clock every process
    on the machine shares.
    """

    def __init__(self, kind: str, token: str | None = None, label: str | None = None) -> None:
        self.kind, self.token, self.label = kind, token, label or kind
        self.ws = None
        self.joined = asyncio.Event()
        self.ready = asyncio.Event()  # the first snapshot came
        self.got = asyncio.Event()
        self.armed = False
        self.people_ahead: int | None = None
        self.received_at: float | None = None
        self._reader: asyncio.Task | None = None

    def _on_message(self, text: str) -> None:
        if text.startswith("40"):  # the namespace connect is accepted: the room is joined
            self.joined.set()
        elif text.startswith('42["ticket.called"'):  # the floor's message
            self._mark()
        elif text.startswith('42["snapshot"'):
            self.ready.set()
            if self.kind == "phone":
                ahead = json.loads(text[2:])[1].get("people_ahead")
                if self.people_ahead is not None and ahead < self.people_ahead:
                    self._mark()
                self.people_ahead = ahead
            elif CALLED.search(text):
                self._mark()

    def _mark(self) -> None:
        if self.armed and self.received_at is None:
            self.received_at = time.perf_counter()
            self.got.set()

    def arm(self) -> None:
        self.armed, self.received_at = True, None
        self.got.clear()

    async def connect(self, http, url: str, *, floor: bool) -> None:
        auth = {"screen": "ticket", "token": self.token} if self.token else {"screen": "board"}
        ws_url = url.replace("http", "ws", 1) + "/socket.io/?EIO=4&transport=websocket"
        self.ws = await http.ws_connect(ws_url, autoping=False, ssl=False)
        opened = await self.ws.receive_str(timeout=RECEIVE_TIMEOUT)
        assert opened.startswith("0"), opened
        await self.ws.send_str("40" + json.dumps(auth))
        self._reader = asyncio.create_task(self._read())
        await asyncio.wait_for((self.joined if floor else self.ready).wait(), RECEIVE_TIMEOUT)

    async def _read(self) -> None:
        import aiohttp

        async for message in self.ws:
            if message.type != aiohttp.WSMsgType.TEXT:
                break
            if message.data == "2":  # Engine.IO ping
                await self.ws.send_str("3")
            else:
                self._on_message(message.data)

    async def disconnect(self) -> None:
        if self.ws is not None:
            await self.ws.close()
        if self._reader is not None:
            await self._reader


# A screen to open: its kind ("board" or "phone"), its ticket's token (a phone), the server
# it connects to, the label its delays are reported under, and the loopback address it
# connects from (through nginx, sticky by client address, that chooses its process).
Spec = tuple[str, "str | None", str, str, "str | None"]


def screens_process(conn, specs: list[Spec], floor: bool) -> None:
    """A client process holding some of the screens; obeys `arm`, `collect` and `stop`."""
    asyncio.run(_screens_process(conn, specs, floor))


async def _screens_process(conn, specs: list[Spec], floor: bool) -> None:
    import aiohttp

    loop = asyncio.get_running_loop()
    screens = [(Screen(kind, token, label), url, source)
               for kind, token, url, label, source in specs]
    sessions = {source: aiohttp.ClientSession(connector=aiohttp.TCPConnector(
        limit=0, local_addr=(source, 0) if source else None))
        for source in {source for _, _, source in screens}}
    try:
        for start in range(0, len(screens), CONNECT_BATCH):
            await asyncio.gather(*(s.connect(sessions[source], url, floor=floor)
                                   for s, url, source in screens[start:start + CONNECT_BATCH]))
        screens = [s for s, _url, _source in screens]
        conn.send("ready")
        while (command := await loop.run_in_executor(None, conn.recv)) != "stop":
            if command == "arm":
                for screen in screens:
                    screen.arm()
                conn.send("armed")
            elif command == "collect":
                _, pending = await asyncio.wait(
                    [asyncio.create_task(s.got.wait()) for s in screens],
                    timeout=RECEIVE_TIMEOUT)
                for task in pending:
                    task.cancel()
                conn.send([(s.label, s.received_at) for s in screens])
        await asyncio.gather(*(s.disconnect() for s in screens))
    finally:
        for session in sessions.values():
            await session.close()


class Screens:
    """N screens spread over a few client processes, each one asyncio loop."""

    def __init__(self, specs: list[Spec], *, floor: bool, processes: int) -> None:
        import multiprocessing

        spawn = multiprocessing.get_context("spawn")
        self.pipes, self.processes = [], []
        for share in (specs[i::processes] for i in range(processes)):
            if share:
                mine, theirs = spawn.Pipe()
                process = spawn.Process(target=screens_process,
                                        args=(theirs, share, floor), daemon=True)
                process.start()
                self.pipes.append(mine)
                self.processes.append(process)

    async def ask(self, command: str | None) -> list:
        """Send a command to every client process (None: just listen); their answers."""
        loop = asyncio.get_running_loop()
        for pipe in self.pipes:
            if command is not None:
                pipe.send(command)
        return await asyncio.gather(*(loop.run_in_executor(None, p.recv) for p in self.pipes))

    async def stop(self) -> None:
        for pipe in self.pipes:
            pipe.send("stop")
        for process in self.processes:
            process.join(timeout=30)


async def measure(screens: Screens, calls: int, trigger) -> dict[str, list[float]]:
    """Fire `calls` triggers one after another; each waits for every screen (or a timeout).

    The first WARM_UP triggers warm up and are not counted.
    """
    delays: dict[str, list[float]] = {"lost": [], "http": []}
    for call_no in range(WARM_UP + calls):
        await screens.ask("arm")
        t0 = time.perf_counter()
        await trigger()
        http = time.perf_counter() - t0
        heard = [row for answer in await screens.ask("collect") for row in answer]
        if call_no >= WARM_UP:
            delays["http"].append(http)
            for label, received_at in heard:
                if received_at is None:
                    delays["lost"].append(1.0)
                else:
                    delays.setdefault(label, []).append(received_at - t0)
        await asyncio.sleep(0.05)  # let the call's last messages land
    return delays


async def run_app(n: int, calls: int, processes: int, *, waiting: int | None = None,
                  database_url: str | None = None, redis_url: str | None = None,
                  servers: int = 1, split: bool = False,
                  nginx: bool = False) -> dict[str, list[float]]:
    """One run against the hall: `servers` processes (two share PostgreSQL and Redis).

    The clerk calls on the first; with two, the screens are on the second ("board",
    "phone"), or split between them (those on the first labelled "board@A", "phone@A").
    With `nginx`, the processes are gunicorn's as `run.py serve` runs them, behind nginx
    with docs/deploy/'s site (TLS, sticky by client address): every client goes through it,
    from a loopback address that nginx sends to the process wanted.
    """
    import aiohttp

    if database_url and database_url.startswith("postgresql"):
        fresh_postgres(database_url)
    env = {"BENCH_DATABASE_URL": database_url or "",
           "BENCH_MESSAGE_QUEUE_URL": redis_url if servers > 1 else "",
           "BENCH_GUNICORN": "1" if nginx else ""}
    started: list[subprocess.Popen] = []
    proxy = None
    try:
        urls = []
        for index in range(servers):  # one at a time: the first migrates
            server, port = start_server("app", {**env, "BENCH_FIRST": "1" if index == 0 else "0"})
            started.append(server)
            urls.append(f"http://127.0.0.1:{port}")
        sources: list[str | None] = [None] * servers  # the address each process is reached from
        if nginx:
            proxy, front = start_nginx([int(u.rsplit(":", 1)[1]) for u in urls])
            sources = await addresses_for(front, urls)
            urls = [front] * servers
        base = urls[0]
        # unsafe=True: keep cookies from an IP address (127.0.0.1), which aiohttp drops by default
        connector = aiohttp.TCPConnector(local_addr=(sources[0], 0) if sources[0] else None,
                                         ssl=False)
        async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True),
                                         connector=connector) as http:
            desk = await Staff(http, base).start()
            await desk.post(f"/api/windows/{WINDOW}/open", {})
            phones = max(1, n // 10) if n >= 10 else 0
            # Every call takes one ticket; `waiting` are left after the last call (default:
            # the phones' tickets alone), the phones' among them at the end of the line.
            left = max(phones, waiting if waiting is not None else phones)
            for _ in range(WARM_UP + calls + left - phones):
                await desk.post("/api/tickets", {"service_id": SERVICE, "kiosk": "bench"})
            specs: list[Spec] = []
            for index in range(n):
                if index < phones:
                    ticket = await desk.post("/api/tickets", {"service_id": SERVICE,
                                                              "kiosk": "bench"})
                    kind, token = "phone", ticket["status_url"].rsplit("/", 1)[1]
                else:
                    kind, token = "board", None
                on_first = servers == 1 or (split and index % 2 == 0)
                label = f"{kind}@A" if servers > 1 and on_first else kind
                specs.append((kind, token, urls[0] if on_first else urls[-1], label,
                              sources[0] if on_first else sources[-1]))
            screens = Screens(specs, floor=False, processes=processes)
            await screens.ask(None)  # every process: "ready"

            async def call() -> None:
                await desk.post(f"/api/windows/{WINDOW}/call", {"finish_current": True})
            delays = await measure(screens, calls, call)
            await screens.stop()
            return delays
    finally:
        if proxy is not None:
            stop_server(proxy)
        for server in started:
            stop_server(server)


def start_nginx(upstreams: list[int]) -> tuple[subprocess.Popen, str]:
    """nginx with docs/deploy/hall.nginx.conf in front of the given ports; its https URL."""
    from tests.nginx import NGINX, nginx, nginx_conf

    if not NGINX:
        raise SystemExit("--nginx: nginx is not installed (apt-get install nginx)")
    directory = Path(tempfile.mkdtemp(prefix="hall-bench-nginx-"))
    port = free_port()
    conf = nginx_conf(directory, port=port, upstreams=upstreams)
    proxy = subprocess.Popen(nginx(directory, conf, "-g", "daemon off;"),
                             stderr=subprocess.DEVNULL)
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return proxy, f"https://127.0.0.1:{port}"
        except OSError:
            time.sleep(0.05)
    proxy.kill()
    raise RuntimeError("nginx does not listen")


async def addresses_for(front: str, urls: list[str]) -> list[str]:
    """For each process (by its direct URL), a loopback address nginx sends to it."""
    import aiohttp

    wanted = {u.rsplit("/", 1)[1]: None for u in urls}  # "127.0.0.1:PORT" -> address
    for last in range(1, 255):
        address = f"127.0.0.{last}"
        http = aiohttp.ClientSession(
            connector=aiohttp.TCPConnector(local_addr=(address, 0), ssl=False))
        try:
            async with http.get(front + "/healthz") as response:
                upstream = response.headers["X-Upstream"]
        finally:
            await http.close()
        if wanted.get(upstream, "") is None:
            wanted[upstream] = address
        if all(wanted.values()):
            return list(wanted.values())
    raise RuntimeError("no loopback address reaches every process")


async def run_floor(n: int, calls: int, processes: int) -> dict[str, list[float]]:
    import aiohttp

    server, port = start_server("floor")
    base = f"http://127.0.0.1:{port}"
    try:
        async with aiohttp.ClientSession() as http:
            screens = Screens([("board", None, base, "board", None)] * n, floor=True,
                              processes=processes)
            await screens.ask(None)

            async def poke() -> None:
                async with http.post(base + "/emit", json={"number": "H001"}) as response:
                    await response.read()
            delays = await measure(screens, calls, poke)
            await screens.stop()
            return delays
    finally:
        stop_server(server)


def summary(delays: list[float]) -> str:
    if not delays:
        return "—"
    ordered = sorted(delays)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]
    return f"{statistics.median(ordered) * 1000:.1f} / {p99 * 1000:.1f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", default="10,100,500")
    # 100 calls: with fewer, one slow call (a garbage collection) is over 1% of the samples
    # and p99 is that call's delay alone
    parser.add_argument("--calls", type=int, default=100)
    parser.add_argument("--client-processes", type=int, default=2,
                        help="processes the screens are spread over (default 2)")
    parser.add_argument("--processes", type=int, choices=(1, 2), default=1,
                        help="hall server processes (2: on PostgreSQL, joined by Redis)")
    parser.add_argument("--postgres", nargs="?", const=POSTGRES, metavar="URL",
                        help=f"PostgreSQL instead of SQLite, dropped and created per run "
                             f"(default {POSTGRES}); implied by --processes 2")
    parser.add_argument("--redis", default=REDIS, help=f"the relay's Redis (default {REDIS})")
    parser.add_argument("--screens-on", choices=("other", "split"), default="other",
                        help="with 2 processes: every screen on the process the clerk does "
                             "not call on (default), or every other screen on each")
    parser.add_argument("--waiting", type=int, default=None,
                        help="tickets still waiting after the last call (default: the "
                             "phones' only, N/10)")
    parser.add_argument("--nginx", action="store_true",
                        help="the servers under gunicorn as run.py serve runs them, behind "
                             "nginx with docs/deploy/hall.nginx.conf (TLS, sticky by address)")
    parser.add_argument("--no-floor", action="store_true",
                        help="skip the bare python-socketio floor")
    parser.add_argument("--serve", nargs=2, metavar=("KIND", "PORT"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve:
        kind, port = args.serve[0], int(args.serve[1])
        (serve_app if kind == "app" else serve_floor)(port)
        return 0
    calls = max(1, min(args.calls, 200))
    database = args.postgres or (POSTGRES if args.processes > 1 else None)
    two = args.processes > 1
    where = (f"{args.processes} server processes over Redis, screens "
             f"{'split between them' if args.screens_on == 'split' else 'on the other one'}"
             if two else "1 server process") + ("; through nginx (TLS)" if args.nginx else "")
    print(f"median / p99 in ms over {calls} calls x N clients; loopback, {os.cpu_count()} CPUs; "
          f"{where}; {'PostgreSQL' if database else 'SQLite'}; "
          f"waiting after the last call: {args.waiting if args.waiting is not None else 'N/10'}")
    if two:
        print("| N clients | boards on B: `ticket.called` | phones on B | boards on A "
              "| phones on A | the call's HTTP response | floor: bare python-socketio "
              "| lost (app + floor) |")
        print("|---|---|---|---|---|---|---|---|")
    else:
        print("| N clients | boards: `ticket.called` | phones: fresh snapshot "
              "| the call's HTTP response | floor: bare python-socketio | lost (app + floor) |")
        print("|---|---|---|---|---|---|")
    for n in (int(x) for x in args.clients.split(",")):
        processes = max(1, min(args.client_processes, 8))
        app = asyncio.run(run_app(n, calls, processes, waiting=args.waiting,
                                  database_url=database, redis_url=args.redis,
                                  servers=args.processes, split=args.screens_on == "split",
                                  nginx=args.nginx))
        floor = ({"board": [], "lost": []} if args.no_floor
                 else asyncio.run(run_floor(n, calls, processes)))
        lost = f"{len(app['lost'])} + {len(floor['lost'])}"
        columns = ["board", "phone", "board@A", "phone@A"] if two else ["board", "phone"]
        cells = " | ".join(summary(app.get(c, [])) for c in columns)
        print(f"| {n} | {cells} | {summary(app['http'])} | {summary(floor['board'])} "
              f"| {lost} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
