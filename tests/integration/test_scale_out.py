"""Scale-out as DESIGN.md plans it: two `run.py serve` processes on one database, joined by
Redis as the Socket.IO message queue. A board connected to one hears a call made on the
other. Needs REDIS_URL (`.ci/run` sets it); skipped without it."""

from __future__ import annotations

import http.cookiejar
import json
import os
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
import simple_websocket

from tests.ports import free_port

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("REDIS_URL")
STAFF = ("scale-out", "scale-out-password")
CLOCK = "2026-12-03 09:05"  # a Thursday morning: window 8 is open by its hours
HOUSEHOLD = "8-kjhjzm"  # 开具户籍证明, window 8

pytestmark = pytest.mark.skipif(not REDIS_URL, reason="REDIS_URL is not set (.ci/run sets it)")


class Server:
    """One `run.py serve` process on a free port, stopped when the test ends."""

    def __init__(self, data: Path, env: dict, *, clock: str = CLOCK) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [sys.executable, "run.py", "serve", "--data", str(data), "--port", str(self.port),
             "--clock", clock], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE, text=True)

    def wait_until_up(self, seconds: float = 30) -> Server:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"server exited: {self.process.stderr.read()}")
            try:
                with urllib.request.urlopen(self.url + "/api/board", timeout=2) as response:
                    if response.status == 200:
                        return self
            except OSError:
                time.sleep(0.1)  # polling a starting process, not waiting for a clock
        raise AssertionError("server did not come up")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process.stderr.close()


class Desk:
    """A logged-in staff member over HTTP, sending the CSRF token like the pages do."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        token = self.get("/api/csrf")["csrf_token"]
        form = urllib.parse.urlencode({"name": STAFF[0], "password": STAFF[1],
                                       "csrf_token": token}).encode()
        self.opener.open(urllib.request.Request(url + "/login", data=form), timeout=10).close()
        self.token = self.get("/api/csrf")["csrf_token"]

    def get(self, path: str) -> dict:
        with self.opener.open(self.url + path, timeout=10) as response:
            return json.load(response)

    def post(self, path: str, body: dict) -> dict:
        request = urllib.request.Request(
            self.url + path, data=json.dumps(body).encode(), method="POST",
            headers={"Content-Type": "application/json", "X-CSRFToken": self.token})
        with self.opener.open(request, timeout=10) as response:
            return json.load(response)


def board_socket(url: str) -> simple_websocket.Client:
    """A lobby board's socket, spoken in plain Engine.IO v4 frames; returns after its first
    snapshot."""
    ws = simple_websocket.Client.connect(
        url.replace("http", "ws", 1) + "/socket.io/?EIO=4&transport=websocket")
    assert ws.receive(timeout=10).startswith("0")  # Engine.IO open
    ws.send("40" + json.dumps({"screen": "board"}))
    assert next_snapshot(ws) is not None
    return ws


def next_snapshot(ws: simple_websocket.Client, seconds: float = 10) -> dict | None:
    deadline = time.monotonic() + seconds
    while (left := deadline - time.monotonic()) > 0:
        frame = ws.receive(timeout=left)
        if frame is None:
            return None
        if frame == "2":
            ws.send("3")  # Engine.IO ping, pong
        elif frame.startswith('42["snapshot"'):
            return json.loads(frame[2:])[1]
    return None


@pytest.fixture(scope="module")
def two_servers(tmp_path_factory):
    """Two processes on one SQLite hall, shared by this module's tests (each logs in anew;
    none needs the hall as it started)."""
    tmp_path = tmp_path_factory.mktemp("two_servers")
    env = {**os.environ, "MESSAGE_QUEUE_URL": REDIS_URL, "SECRET_KEY": "scale-out-test",
           "OPEN_ISSUING": "1"}
    env.pop("DATABASE_URL", None)
    subprocess.run([sys.executable, "run.py", "user", "add", STAFF[0], "--role", "admin",
                    "--data", str(tmp_path)], cwd=ROOT, env=env, input=STAFF[1] + "\n",
                   text=True, check=True, capture_output=True)
    first = Server(tmp_path, env).wait_until_up()  # one at a time: each migrates at start
    servers = [first]
    try:
        servers.append(Server(tmp_path, env).wait_until_up())
        yield servers
    finally:
        for server in servers:
            server.stop()


def test_a_board_on_one_process_hears_a_call_made_on_the_other(two_servers):
    desk_side, board_side = two_servers
    board = board_socket(board_side.url)
    desk = Desk(desk_side.url)
    number = desk.post("/api/tickets", {"service_id": HOUSEHOLD, "kiosk": "k1"})["number"]
    desk.post("/api/windows/8/open", {})
    desk.post("/api/windows/8/call", {})

    heard = None
    while heard is None:
        snapshot = next_snapshot(board)
        assert snapshot is not None, "the board on the other process heard nothing"
        heard = next((e for e in snapshot["events"] if e["event"] == "ticket.called"), None)
    assert (heard["number"], heard["window_no"]) == (number, 8)
    window_8 = next(w for w in snapshot["windows"] if w["number"] == 8)
    assert window_8["current"]["number"] == number
    board.close()


@pytest.mark.alone
def test_run_py_serve_is_gunicorn_serving_sockets_and_stops_cleanly(tmp_path):
    env = {**os.environ, "SECRET_KEY": "serve-test"}
    env.pop("DATABASE_URL", None)
    env.pop("MESSAGE_QUEUE_URL", None)
    server = Server(tmp_path, env).wait_until_up()
    try:
        with urllib.request.urlopen(server.url + "/healthz", timeout=5) as response:
            assert "gunicorn" in response.headers.get("Server", "")
        forged = urllib.request.Request(server.url + "/healthz",
                                        headers={"X-Forwarded-Proto": "https"})
        with urllib.request.urlopen(forged, timeout=5) as response:
            # no TRUSTED_PROXIES: neither gunicorn nor the app believes a forwarded scheme
            assert "Strict-Transport-Security" not in response.headers
        board_socket(server.url).close()  # the WebSocket upgrade works under gunicorn
    finally:
        server.process.terminate()
        assert server.process.wait(timeout=15) == 0  # the worker stopped the hall's threads
        server.process.stderr.close()


def test_a_logout_on_one_process_drops_the_window_page_on_the_other(two_servers):
    desk_side, page_side = two_servers
    desk = Desk(desk_side.url)
    jar = next(h.cookiejar for h in desk.opener.handlers if hasattr(h, "cookiejar"))
    cookies = "; ".join(f"{c.name}={c.value}" for c in jar)
    page = simple_websocket.Client.connect(
        page_side.url.replace("http", "ws", 1) + "/socket.io/?EIO=4&transport=websocket",
        headers={"Cookie": cookies})
    assert page.receive(timeout=10).startswith("0")
    page.send("40" + json.dumps({"screen": "window", "window": 8}))
    assert next_snapshot(page) is not None  # the same login works on the other process
    form = urllib.parse.urlencode({"csrf_token": desk.token}).encode()
    desk.opener.open(urllib.request.Request(desk_side.url + "/logout", data=form),
                     timeout=10).close()
    frames = []
    deadline = time.monotonic() + 10
    while "41" not in frames and (left := deadline - time.monotonic()) > 0:
        frame = page.receive(timeout=left)
        if frame is None:
            break
        if frame == "2":
            page.send("3")
        frames.append(frame)
    assert any(f.startswith('42["session.ended"') for f in frames), frames
    assert "41" in frames  # Socket.IO disconnect from the server
    page.close()
