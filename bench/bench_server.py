"""A server for the benchmarks, in its own process: the hall app, or the floor (a bare Flask
endpoint doing one insert and commit on the same database). Loopback only."""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def hall_app(database_url: str, data_dir: Path):
    from printer.devices import MemoryDevice
    from queue_server.app import create_app
    from queue_server.clock import SimulatedClock, hall_time
    from queue_server.config import Config
    from queue_server.migrate import upgrade

    upgrade(database_url)
    from queue_server import staff
    from queue_server.settings import HallSettings

    # open issuing: the bench's clients are unregistered kiosks
    config = Config.for_tests(data_dir, database_url=database_url, testing=False,
                              settings=HallSettings(open_issuing=True))
    app = create_app(config, clock=SimulatedClock(hall_time("2026-12-03 09:05")),
                     device=MemoryDevice())
    hall = app.extensions["hall"]
    with hall.unit_of_work() as uow:
        staff.add_user(uow, "bench", "bench-password", role="admin")
    app.extensions["hall_workers"].start()  # as `run.py serve` does
    from run import quiet_collector

    quiet_collector()  # as run.py serve does
    return app


def floor_app(database_url: str):
    from flask import Flask, request
    from sqlalchemy import Column, Integer, MetaData, String, Table, insert

    from queue_server.db import Database

    database = Database.connect(database_url)
    engine = database.engine
    metadata = MetaData()
    rows = Table("bench_floor", metadata, Column("id", Integer, primary_key=True),
                 Column("body", String(100)))
    metadata.drop_all(engine)
    metadata.create_all(engine)
    writes = database.writes
    app = Flask(__name__)

    @app.post("/floor")
    def floor():
        session = writes()
        try:
            session.execute(insert(rows).values(body=request.get_data(as_text=True)[:100]))
            session.commit()
        finally:
            session.close()
        return {"ok": True}, 201

    return app


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("kind", choices=["hall", "floor"])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    from werkzeug.serving import make_server

    data_dir = Path(tempfile.mkdtemp(prefix="hall-bench-"))
    app = hall_app(args.database_url, data_dir) if args.kind == "hall" else \
        floor_app(args.database_url)
    print("ready", flush=True)
    make_server("127.0.0.1", args.port, app, threaded=True).serve_forever()


if __name__ == "__main__":
    main()
