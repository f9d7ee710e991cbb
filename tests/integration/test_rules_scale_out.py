"""A rule changed through one server process is in force in the other within a second: two
`run.py serve` processes on PostgreSQL, joined by Redis (the event relay carries
`hall.rules`; the store's version check is the fallback).

Needs REDIS_URL and a PostgreSQL server: RULES_DATABASE_URL names a database of its own
(its tables are dropped first); without it, one named after TEST_DATABASE_URL's with
`_scale` appended is made. Skipped without them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from tests.integration.test_scale_out import ROOT, STAFF, Desk, Server

REDIS_URL = os.environ.get("REDIS_URL")
BASE_URL = os.environ.get("RULES_DATABASE_URL") or os.environ.get("TEST_DATABASE_URL")
CLOCK = "2026-12-03 15:30"  # a Thursday afternoon: 8号 open until 17:00
HOUSEHOLD = "8-kjhjzm"

pytestmark = pytest.mark.skipif(not (REDIS_URL and BASE_URL),
                                reason="needs REDIS_URL and a PostgreSQL database")


def own_database() -> str:
    """An empty PostgreSQL database for the two servers alone."""
    if os.environ.get("RULES_DATABASE_URL"):
        url = os.environ["RULES_DATABASE_URL"]
    else:
        base = make_url(BASE_URL)
        url = base.set(database=f"{base.database}_scale").render_as_string(
            hide_password=False)
        admin = create_engine(base.set(database="postgres"), isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            exists = conn.execute(text("SELECT 1 FROM pg_database WHERE datname = :n"),
                                  {"n": make_url(url).database}).first()
            if not exists:
                conn.execute(text(f'CREATE DATABASE "{make_url(url).database}"'))
        admin.dispose()
    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return url


def put(desk: Desk, path: str, body: dict) -> dict:
    request = urllib.request.Request(
        desk.url + path, data=json.dumps(body).encode(), method="PUT",
        headers={"Content-Type": "application/json", "X-CSRFToken": desk.token})
    with desk.opener.open(request, timeout=10) as response:
        return json.load(response)


def verdict(url: str) -> str:
    with urllib.request.urlopen(f"{url}/api/services/{HOUSEHOLD}", timeout=5) as response:
        return json.load(response)["route"]["verdict"]


@pytest.fixture
def two_servers(tmp_path):
    database_url = own_database()
    env = {**os.environ, "MESSAGE_QUEUE_URL": REDIS_URL, "SECRET_KEY": "rules-scale-out",
           "OPEN_ISSUING": "1", "DATABASE_URL": database_url}
    first = Server(tmp_path, env, clock=CLOCK).wait_until_up()  # migrates the fresh database
    servers = [first]
    try:
        subprocess.run([sys.executable, "run.py", "user", "add", STAFF[0], "--role", "admin",
                        "--data", str(tmp_path)], cwd=ROOT, env=env, input=STAFF[1] + "\n",
                       text=True, check=True, capture_output=True)
        servers.append(Server(tmp_path, env, clock=CLOCK).wait_until_up())
        yield servers
    finally:
        for server in servers:
            server.stop()


@pytest.mark.alone
def test_a_rule_changed_on_one_process_is_in_force_on_the_other_within_a_second(two_servers):
    changing, other = two_servers
    assert verdict(other.url) == "open"  # cutoff 15 minutes: 16:45
    desk = Desk(changing.url)
    assert put(desk, "/api/admin/rules", {"cutoff_minutes": 120})["cutoff_minutes"] == 120
    changed_at = time.monotonic()
    while verdict(other.url) != "past_cutoff":  # 15:00 is the cutoff now
        assert time.monotonic() - changed_at < 1.0, "the other process still uses the old rule"
        time.sleep(0.02)  # polling the other process, not waiting for a clock
    took = time.monotonic() - changed_at
    print(f"rule in force on the other process after {took * 1000:.0f} ms")
    other_desk = Desk(other.url)
    assert other_desk.get("/api/admin/rules")["cutoff_minutes"] == 120
    with pytest.raises(urllib.error.HTTPError) as refused:
        other_desk.post("/api/tickets", {"service_id": HOUSEHOLD, "kiosk": "k1"})
    assert refused.value.code == 409
    refused.value.close()
