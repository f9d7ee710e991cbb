"""The restore drill of docs/deploy.md: back up a running SQLite hall while kiosks issue, restore
into a new data directory, start a server there and find every ticket issued before the
backup, with its number. And PostgreSQL's dump and restore, where TEST_DATABASE_URL is set."""

from __future__ import annotations

import http.cookiejar
import json
import os
import subprocess
import sys
import threading
import urllib.request

import pytest

from tests.integration.test_scale_out import HOUSEHOLD, ROOT, Server

ENV = {**os.environ, "SECRET_KEY": "", "OPEN_ISSUING": "1"}
for name in ("DATABASE_URL", "MESSAGE_QUEUE_URL", "SECRET_KEY"):
    ENV.pop(name, None)


def run_py(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "run.py", *args], check=False, cwd=ROOT,
                          env=env or ENV,
                          capture_output=True, text=True, timeout=120)


class Kiosk:
    """An anonymous kiosk over HTTP, with its session's CSRF token as the kiosk page sends."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        with self.opener.open(url + "/api/csrf", timeout=10) as response:
            self.token = json.load(response)["csrf_token"]

    def issue(self) -> dict:
        request = urllib.request.Request(
            self.url + "/api/tickets", data=json.dumps({"service_id": HOUSEHOLD}).encode(),
            method="POST", headers={"Content-Type": "application/json",
                                    "X-CSRFToken": self.token})
        with self.opener.open(request, timeout=10) as response:
            return json.load(response)


def issue(url: str) -> dict:
    return Kiosk(url).issue()


def number_of(url: str, ticket: dict) -> str:
    token = ticket["status_url"].rstrip("/").rsplit("/", 1)[-1]
    with urllib.request.urlopen(f"{url}/api/tickets/{token}", timeout=10) as response:
        return json.load(response)["number"]


def test_a_live_sqlite_hall_backed_up_while_issuing_restores_with_its_tickets(tmp_path):
    hall, restored = tmp_path / "hall", tmp_path / "restored"
    server = Server(hall, ENV).wait_until_up()
    try:
        before = [issue(server.url) for _ in range(5)]
        during: list[dict] = []
        stop = threading.Event()

        def kiosk() -> None:  # another kiosk keeps issuing while the backup runs
            other = Kiosk(server.url)
            while not stop.is_set():
                during.append(other.issue())

        writer = threading.Thread(target=kiosk)
        writer.start()
        try:
            done = run_py("backup", str(tmp_path / "hall.backup"), "--data", str(hall))
        finally:
            stop.set()
            writer.join()
        assert done.returncode == 0, done.stderr
        assert during, "nothing was issued while the backup ran"
        assert (tmp_path / "hall.backup").stat().st_mode & 0o077 == 0  # password hashes
    finally:
        server.stop()

    done = run_py("restore", str(tmp_path / "hall.backup"), "--data", str(restored))
    assert done.returncode == 0, done.stderr
    assert (restored / "secret_key").read_text() == (hall / "secret_key").read_text()
    again = Server(restored, ENV).wait_until_up()
    try:
        for ticket in before:
            assert number_of(again.url, ticket) == ticket["number"]
        assert issue(again.url)["number"] > before[-1]["number"]  # numbering goes on
    finally:
        again.stop()


def test_restore_refuses_to_overwrite_a_hall(tmp_path):
    hall = tmp_path / "hall"
    server = Server(hall, ENV).wait_until_up()
    server.stop()
    assert run_py("backup", str(tmp_path / "b"), "--data", str(hall)).returncode == 0
    refused = run_py("restore", str(tmp_path / "b"), "--data", str(hall))
    assert refused.returncode == 1 and "exists" in refused.stderr
    refused = run_py("backup", str(tmp_path / "b"), "--data", str(hall))
    assert refused.returncode == 1 and "exists" in refused.stderr


TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL")


@pytest.mark.skipif(not TEST_DATABASE_URL, reason="TEST_DATABASE_URL is not set")
def test_postgres_dump_restores_into_a_new_database(tmp_path):
    from tests.databases import fresh_database

    source, target = fresh_database("hall_deploy_src"), fresh_database("hall_deploy_dst")
    env = {**ENV, "DATABASE_URL": source}
    server = Server(tmp_path / "a", env).wait_until_up()
    try:
        tickets = [issue(server.url) for _ in range(3)]
    finally:
        server.stop()
    done = run_py("backup", str(tmp_path / "hall.dump"), "--data", str(tmp_path / "a"), env=env)
    assert done.returncode == 0, done.stderr
    env = {**ENV, "DATABASE_URL": target, "SECRET_KEY": "drill"}
    done = run_py("restore", str(tmp_path / "hall.dump"), env=env)
    assert done.returncode == 0, done.stderr
    again = Server(tmp_path / "b", env).wait_until_up()
    try:
        assert [number_of(again.url, t) for t in tickets] == [t["number"] for t in tickets]
    finally:
        again.stop()
