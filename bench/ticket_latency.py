"""Benchmark: ticket issuance and call-next latency (median, p99) and throughput with 1, 8
and 32 concurrent clients, on SQLite and PostgreSQL, beside the floor (a bare Flask endpoint
doing one insert and commit on the same database). Run by hand; CI never does.

    .venv/bin/python bench/ticket_latency.py [--postgres postgresql+psycopg://…/hall_bench]
    BENCH_CLIENTS=8 .venv/bin/python bench/ticket_latency.py --nginx --postgres URL

--nginx measures issuing only, on `run.py serve` (gunicorn) as a real hall runs: one process
reached directly, against two on PostgreSQL and Redis behind nginx with docs/deploy/'s site
(TLS; each kiosk from its own loopback address, so nginx spreads them over both).

The server runs in its own process on 127.0.0.1; clients are threads here, each with its
own keep-alive connection and cookies. Bounded: a fixed number of requests per client.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import socket
import ssl
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a file: the app and tests/ sit at the root

from tests.ports import free_port

CLIENTS = tuple(int(n) for n in os.environ.get('BENCH_CLIENTS', '1,8,32').split(','))
REQUESTS_PER_CLIENT = 40
SERVICES = ["8-kjhjzm", "14-dycjdzdzmzyp", "20-xykdgsjg", "3-gljzxjffqkcx", "5-xnwqgzxgwfw",
            "4-xshdcdsq", "1-xyfzzxyyfw", "2-zbrwzx"]
WINDOWS = [1, 2, 3, 4, 5, 8, 14, 15, 20, 22, 23]


class Client:
    """One HTTP/1.1 keep-alive connection with its own cookies and CSRF token."""

    def __init__(self, port: int, *, tls: bool = False, source: str | None = None) -> None:
        if tls:  # through nginx: its self-signed certificate, from a chosen loopback address
            self.connection = http.client.HTTPSConnection(
                "127.0.0.1", port, timeout=60, source_address=(source, 0) if source else None,
                context=ssl._create_unverified_context())
        else:
            self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.referer = f"https://127.0.0.1:{port}/" if tls else ""
        self.cookies: dict[str, str] = {}
        self.token = ""

    def request(self, method: str, path: str, body: bytes = b"", content_type: str = ""):
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if content_type:
            headers["Content-Type"] = content_type
        if self.token:
            headers["X-CSRFToken"] = self.token
        if self.referer:  # Flask-WTF checks it over HTTPS, as browsers send it
            headers["Referer"] = self.referer
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        data = response.read()
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie(header)
            self.cookies.update({k: m.value for k, m in cookie.items()})
        return response.status, data

    def clone(self) -> Client:
        """Another connection with the same session (cookies and CSRF token)."""
        twin = Client(self.connection.port)
        twin.cookies, twin.token = dict(self.cookies), self.token
        return twin

    def post_json(self, path: str, body: dict):
        return self.request("POST", path, json.dumps(body).encode(), "application/json")

    def start(self, *, login: bool) -> Client:
        _, data = self.request("GET", "/api/csrf")
        self.token = json.loads(data)["csrf_token"]
        if login:
            form = urlencode({"name": "bench", "password": "bench-password",
                              "csrf_token": self.token}).encode()
            status, _ = self.request("POST", "/login", form, "application/x-www-form-urlencoded")
            assert status in (302, 303), f"login failed: {status}"
            _, data = self.request("GET", "/api/csrf")
            self.token = json.loads(data)["csrf_token"]
        return self


def start_server(kind: str, database_url: str) -> tuple[subprocess.Popen, int]:
    port = free_port()
    log = Path(tempfile.gettempdir()) / f"hall-bench-{kind}-{port}.log"
    with log.open("w") as errors:  # the server's stderr, to read when something fails
        server = subprocess.Popen(
            [sys.executable, str(ROOT / "bench" / "bench_server.py"), kind,
             "--database-url", database_url, "--port", str(port)],
            stdout=subprocess.PIPE, stderr=errors, text=True)
    assert server.stdout.readline().strip() == "ready"
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return server, port
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("server did not start")


def run_clients(count: int, work) -> tuple[list[float], float]:
    """Run `work(client_index, latencies)` on `count` threads; all latencies and the wall time."""
    latencies: list[list[float]] = [[] for _ in range(count)]
    threads = [threading.Thread(target=work, args=(i, latencies[i])) for i in range(count)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return [x for xs in latencies for x in xs], time.perf_counter() - started


def summary(latencies: list[float], wall: float) -> dict:
    ordered = sorted(latencies)
    return {"n": len(ordered), "median_ms": round(statistics.median(ordered) * 1000, 2),
            "p99_ms": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000, 2),
            "per_s": round(len(ordered) / wall, 1)}


def timed(call) -> float:
    started = time.perf_counter()
    status, data = call()
    elapsed = time.perf_counter() - started
    assert status < 300, (status, data[:200])
    return elapsed


def bench_floor(database_url: str, count: int) -> dict:
    server, port = start_server("floor", database_url)
    try:
        clients = [Client(port) for _ in range(count)]

        def work(i, out):
            for n in range(REQUESTS_PER_CLIENT):
                out.append(timed(lambda: clients[i].request("POST", "/floor", b"x" * 40)))
        return summary(*run_clients(count, work))
    finally:
        server.terminate()
        server.wait()


def bench_hall(database_url: str, count: int) -> tuple[dict, dict]:
    server, port = start_server("hall", database_url)
    try:
        admin = Client(port).start(login=True)
        for window_no in WINDOWS:
            admin.post_json(f"/api/windows/{window_no}/open", {})
        kiosks = [Client(port).start(login=False) for _ in range(count)]

        def issue(i, out):
            for n in range(REQUESTS_PER_CLIENT):
                body = {"service_id": SERVICES[(i + n) % len(SERVICES)], "kiosk": f"bench-{i}"}
                out.append(timed(lambda body=body: kiosks[i].post_json("/api/tickets", body)))
        issued = summary(*run_clients(count, issue))

        clerks = [admin.clone() for _ in range(count)]  # one login: logins are rate limited

        def call(i, out):
            window_no = WINDOWS[i % len(WINDOWS)]
            for _ in range(REQUESTS_PER_CLIENT // 4):
                out.append(timed(lambda: clerks[i].post_json(
                    f"/api/windows/{window_no}/call", {"finish_current": True})))
        called = summary(*run_clients(count, call))
        return issued, called
    finally:
        server.terminate()
        server.wait()


def fresh_database(kind: str, postgres_url: str | None) -> str:
    if kind == "sqlite":
        return f"sqlite:///{tempfile.mkdtemp(prefix='hall-bench-')}/hall.db"
    from sqlalchemy import create_engine, text

    engine = create_engine(postgres_url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return postgres_url


def serve(data: Path, env: dict) -> tuple[subprocess.Popen, int]:
    """`run.py serve` (gunicorn, as a real hall runs) on a free port, once it answers."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, str(ROOT / "run.py"), "serve", "--data", str(data), "--port",
         str(port), "--clock", "2026-12-03 09:05"], cwd=ROOT, env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(600):
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                return server, port
        except OSError:
            time.sleep(0.05)
    server.kill()
    raise RuntimeError("run.py serve did not answer")


def bench_issue_nginx(postgres_url: str, redis_url: str, count: int, *, behind_nginx: bool
                      ) -> dict:
    """Issue latency at `count` kiosks: one `run.py serve` process reached directly, or two
    (PostgreSQL, Redis) behind nginx with docs/deploy/'s site, each kiosk from its own
    loopback address (sticky by address, so the kiosks spread over both processes)."""
    from tests.nginx import NGINX, nginx, nginx_conf

    database = fresh_database("postgresql", postgres_url)
    env = {**os.environ, "DATABASE_URL": database, "SECRET_KEY": "bench", "OPEN_ISSUING": "1",
           "MESSAGE_QUEUE_URL": redis_url if behind_nginx else ""}
    data = Path(tempfile.mkdtemp(prefix="hall-bench-"))
    started, proxy = [serve(data, env)], None
    try:
        port = started[0][1]
        if behind_nginx:
            if not NGINX:
                raise SystemExit("--nginx: nginx is not installed")
            started.append(serve(data, env))
            directory = Path(tempfile.mkdtemp(prefix="hall-bench-nginx-"))
            port = free_port()
            conf = nginx_conf(directory, port=port, upstreams=[p for _, p in started])
            proxy = subprocess.Popen(nginx(directory, conf, "-g", "daemon off;"),
                                     stderr=subprocess.DEVNULL)
            time.sleep(0.5)  # nginx binds at once; no clock involved
        kiosks = [Client(port, tls=behind_nginx, source=f"127.0.0.{i + 2}").start(login=False)
                  for i in range(count)]

        def issue(i, out):
            for n in range(REQUESTS_PER_CLIENT):
                body = {"service_id": SERVICES[(i + n) % len(SERVICES)], "kiosk": f"bench-{i}"}
                out.append(timed(lambda body=body: kiosks[i].post_json("/api/tickets", body)))
        return summary(*run_clients(count, issue))
    finally:
        if proxy is not None:
            proxy.terminate()
            proxy.wait()
        for server, _ in started:
            server.terminate()
            server.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", help="a PostgreSQL URL whose schema may be wiped")
    parser.add_argument("--nginx", action="store_true",
                        help="issue only, on --postgres: one `run.py serve` process against "
                             "two behind nginx (docs/deploy/) joined by --redis")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/0")
    args = parser.parse_args()
    if args.nginx:
        if not args.postgres:
            raise SystemExit("--nginx needs --postgres URL")
        print("| clients | 1 process (run.py serve, HTTP) issue p50 / p99 ms (tickets/s) "
              "| 2 processes behind nginx (TLS) |")
        print("| --- | --- | --- |")
        cell = "{median_ms} / {p99_ms} ({per_s})".format
        for count in CLIENTS:
            one = bench_issue_nginx(args.postgres, args.redis, count, behind_nginx=False)
            two = bench_issue_nginx(args.postgres, args.redis, count, behind_nginx=True)
            print(f"| {count} | {cell(**one)} | {cell(**two)} |", flush=True)
        return
    kinds = ["sqlite"] + (["postgresql"] if args.postgres else [])
    print("| database | clients | floor insert p50 / p99 ms (req/s) | issue p50 / p99 ms "
          "(tickets/s) | call-next p50 / p99 ms (calls/s) |")
    print("| --- | --- | --- | --- | --- |")
    for kind in kinds:
        for count in CLIENTS:
            floor = bench_floor(fresh_database(kind, args.postgres), count)
            issued, called = bench_hall(fresh_database(kind, args.postgres), count)
            cell = "{median_ms} / {p99_ms} ({per_s})".format
            print(f"| {kind} | {count} | {cell(**floor)} | {cell(**issued)} | "
                  f"{cell(**called)} |", flush=True)


if __name__ == "__main__":
    main()
