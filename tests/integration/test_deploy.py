"""docs/deploy/: the nginx site passes `nginx -t`, and served in front of two `run.py serve`
processes on PostgreSQL and Redis it carries a kiosk's ticket, a clerk's call and the board's
WebSocket, with the board on one process and the call made on the other.

The site file is used as written; only what a test machine must change is rewritten
(ports, the certificate, the checkout's path) and one debugging header added (`X-Upstream`,
which process answered). The site is sticky by client address, so the clerk here speaks
from another loopback address (127.0.0.N) than the board, one that lands on the other process.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import ssl
import subprocess
import sys
import time
import urllib.parse

import pytest
import simple_websocket

from tests.integration.test_scale_out import HOUSEHOLD, ROOT, STAFF, Server, next_snapshot
from tests.nginx import NGINX, nginx, nginx_conf
from tests.ports import free_port

UNIT = ROOT / "docs" / "deploy" / "hall@.service"

needs_nginx = pytest.mark.skipif(not NGINX, reason="nginx is not installed (.ci/run installs it)")


@needs_nginx
def test_the_documented_site_passes_nginx_t(tmp_path):
    conf = nginx_conf(tmp_path, port=free_port(), upstreams=[free_port(), free_port()])
    done = subprocess.run(nginx(tmp_path, conf, "-t"), capture_output=True, text=True,
                          timeout=30, check=False)
    assert done.returncode == 0, done.stderr
    assert "syntax is ok" in done.stderr


def test_the_unit_runs_the_production_server_and_restarts():
    unit = UNIT.read_text()
    exec_start = re.search(r"^ExecStart=(.*)$", unit, re.MULTILINE).group(1)
    assert "run.py serve" in exec_start and "--demo" not in exec_start
    assert "--dev" not in exec_start and "--port %i" in exec_start
    assert re.search(r"^Restart=always$", unit, re.MULTILINE)
    assert re.search(r"^EnvironmentFile=", unit, re.MULTILINE)


class Visitor:
    """HTTPS through nginx from one loopback address, keeping its cookies and CSRF token."""

    TLS = ssl._create_unverified_context()  # the test's self-signed certificate

    def __init__(self, port: int, address: str = "127.0.0.1") -> None:
        self.port, self.address, self.cookies, self.token = port, address, {}, ""

    def request(self, method: str, path: str, body: bytes | None = None,
                headers: dict | None = None) -> tuple[int, dict, bytes]:
        conn = http.client.HTTPSConnection("127.0.0.1", self.port, timeout=15,
                                           source_address=(self.address, 0), context=self.TLS)
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if self.token:  # as a page of the hall sends it (Flask-WTF checks it over HTTPS)
            headers["X-CSRFToken"] = self.token
            headers["Referer"] = f"https://127.0.0.1:{self.port}/"
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        data = response.read()
        for value in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = value.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        conn.close()
        return response.status, dict(response.headers), data

    def get(self, path: str) -> tuple[int, dict, bytes]:
        return self.request("GET", path)

    def post_json(self, path: str, body: dict) -> dict:
        status, _, data = self.request("POST", path, json.dumps(body).encode(),
                                       {"Content-Type": "application/json"})
        assert status < 300, (path, status, data)
        return json.loads(data)

    def upstream(self) -> str:
        return self.get("/api/board")[1]["X-Upstream"]

    def start(self) -> Visitor:
        self.token = json.loads(self.get("/api/csrf")[2])["csrf_token"]
        return self

    def log_in(self) -> Visitor:
        self.start()
        form = urllib.parse.urlencode({"name": STAFF[0], "password": STAFF[1],
                                       "csrf_token": self.token}).encode()
        status, _, _ = self.request("POST", "/login", form,
                                    {"Content-Type": "application/x-www-form-urlencoded"})
        assert status in (302, 303)
        return self.start()


@pytest.fixture(scope="module")
def hall_behind_nginx(tmp_path_factory):
    """nginx in front of two processes, shared by this module's tests (neither needs the hall
    as it started)."""
    tmp_path = tmp_path_factory.mktemp("behind_nginx")
    redis_url, database = os.environ.get("REDIS_URL"), os.environ.get("TEST_DATABASE_URL")
    if not (NGINX and redis_url and database):
        pytest.skip("needs nginx, REDIS_URL and TEST_DATABASE_URL (.ci/run has all three)")
    from tests.databases import fresh_database

    env = {**os.environ, "DATABASE_URL": fresh_database("hall_deploy_nginx"),
           "MESSAGE_QUEUE_URL": redis_url, "SECRET_KEY": "deploy-test", "OPEN_ISSUING": "1"}
    subprocess.run([sys.executable, "run.py", "user", "add", STAFF[0], "--role", "admin",
                    "--data", str(tmp_path / "a")], cwd=ROOT, env=env, input=STAFF[1] + "\n",
                   text=True, check=True, capture_output=True)
    servers = [Server(tmp_path / "a", env).wait_until_up()]  # one at a time: each migrates
    proxy = None
    try:
        servers.append(Server(tmp_path / "b", env).wait_until_up())
        directory = tmp_path / "nginx"
        directory.mkdir()
        port = free_port()
        conf = nginx_conf(directory, port=port, upstreams=[s.port for s in servers])
        proxy = subprocess.Popen(nginx(directory, conf, "-g", "daemon off;"),
                                 stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 15
        while True:
            try:
                if Visitor(port).get("/healthz")[0] == 200:
                    break
            except OSError:
                pass
            assert proxy.poll() is None, proxy.stderr.read()
            assert time.monotonic() < deadline, "nginx did not answer"
            time.sleep(0.1)  # polling a starting process, not waiting for a clock
        yield port, servers
    finally:
        if proxy is not None:
            proxy.terminate()
            proxy.wait(timeout=10)
            proxy.stderr.close()
        for server in servers:
            server.stop()


def board_through(port: int) -> simple_websocket.Client:
    ws = simple_websocket.Client.connect(
        f"wss://127.0.0.1:{port}/socket.io/?EIO=4&transport=websocket",
        ssl_context=Visitor.TLS)
    assert ws.receive(timeout=10).startswith("0")  # Engine.IO open
    ws.send("40" + json.dumps({"screen": "board"}))
    assert next_snapshot(ws) is not None
    return ws


def test_a_board_behind_nginx_hears_a_call_made_on_the_other_process(hall_behind_nginx):
    port, servers = hall_behind_nginx
    board_side = Visitor(port).upstream()  # the board's address lands here, sticky
    assert board_side in {f"127.0.0.1:{s.port}" for s in servers}
    clerk_address = next(address for address in (f"127.0.0.{n}" for n in range(2, 60))
                         if Visitor(port, address).upstream() != board_side)
    board = board_through(port)
    try:
        kiosk = Visitor(port, clerk_address).start()
        number = kiosk.post_json("/api/tickets", {"service_id": HOUSEHOLD})["number"]
        clerk = Visitor(port, clerk_address).log_in()
        clerk.post_json("/api/windows/8/open", {})
        status, headers, _ = clerk.request("POST", "/api/windows/8/call", b"{}",
                                           {"Content-Type": "application/json"})
        assert status == 200 and headers["X-Upstream"] != board_side  # the other process

        heard = None
        while heard is None:
            snapshot = next_snapshot(board)
            assert snapshot is not None, "the board behind nginx heard nothing"
            heard = next((e for e in snapshot["events"] if e["event"] == "ticket.called"),
                         None)
        assert (heard["number"], heard["window_no"]) == (number, 8)
    finally:
        board.close()


def test_nginx_serves_the_static_files_itself(hall_behind_nginx):
    port, _ = hall_behind_nginx
    status, headers, body = Visitor(port).get("/display/static/screen.js")
    assert status == 200 and body == (ROOT / "display" / "static" / "screen.js").read_bytes()
    assert "X-Upstream" not in headers  # not proxied
    assert "gunicorn" not in headers.get("Server", "")
