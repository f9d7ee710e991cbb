"""Benchmark: cold start of `run.py serve` (gunicorn, as a real hall runs) to its first
answer. Run by hand; CI never does; loopback only; stops by itself.

    .venv/bin/python bench/cold_start.py [--repeat 3] [--postgres URL]

Each start is a new Python process (nothing imported yet) polling `GET /healthz` every
10 ms from the moment it is spawned. "fresh" is an empty data directory (the database is
created and migrated first); "again" restarts on the database the fresh start left.
"""

from __future__ import annotations

import argparse
import http.client
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a file: tests/ sits at the root

from tests.ports import free_port


def first_answer(data: Path, env: dict) -> tuple[float, float]:
    """Seconds from spawning `run.py serve` to its first 200 on /healthz, and the CPU
    seconds the server used in all (its start dominates; a busy machine stretches the
    first, not the second)."""
    port = free_port()
    started = time.perf_counter()
    server = subprocess.Popen([sys.executable, str(ROOT / "run.py"), "serve", "--data",
                               str(data), "--port", str(port)], cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    answered = None
    try:
        while answered is None and time.perf_counter() - started < 60:
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=1)
                connection.request("GET", "/healthz")
                if connection.getresponse().status == 200:
                    answered = time.perf_counter() - started
            except OSError:
                time.sleep(0.01)
    finally:
        server.terminate()
        _, _, usage = os.wait4(server.pid, 0)  # the server's (and its worker's) CPU time
        server.returncode = 0
    if answered is None:
        raise RuntimeError("no answer within 60 s")
    return answered, usage.ru_utime + usage.ru_stime


def fresh_postgres(url: str) -> None:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--postgres", help="a PostgreSQL URL whose schema may be wiped")
    args = parser.parse_args()
    env = {**os.environ, "SECRET_KEY": "bench"}
    env.pop("MESSAGE_QUEUE_URL", None)
    if args.postgres:
        env["DATABASE_URL"] = args.postgres
    else:
        env.pop("DATABASE_URL", None)
    print(f"run.py serve to its first answer (s); {'PostgreSQL' if args.postgres else 'SQLite'}")
    print("| run | fresh (migrates): wall / CPU | again: wall / CPU |")
    print("| --- | --- | --- |")
    for run in range(1, max(1, min(args.repeat, 10)) + 1):
        if args.postgres:
            fresh_postgres(args.postgres)
        data = Path(tempfile.mkdtemp(prefix="hall-bench-cold-"))
        fresh, again = first_answer(data, env), first_answer(data, env)
        print(f"| {run} | {fresh[0]:.2f} / {fresh[1]:.2f} | {again[0]:.2f} / {again[1]:.2f} |",
              flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
