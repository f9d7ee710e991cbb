"""Fresh PostgreSQL databases of a test's own (never hall_test), on TEST_DATABASE_URL's server."""

from __future__ import annotations

import os
import re

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

# Under pytest-xdist (`-n 2`, the README's command) each worker has databases of its own:
# the name given with the worker's id (hall_deploy_x_gw0; hall_test_gw1 for TEST_DATABASE_URL's).
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")


def fresh_database(name: str) -> str:
    """Drop and create database `name` (hall_deploy…, or under xdist the worker's copy of any
    name), return its SQLAlchemy URL."""
    if WORKER:
        name = f"{name}_{WORKER}"
    assert re.fullmatch(r"hall_deploy\w*|\w+_gw\d+", name), f"refusing to drop {name!r}"
    server = make_url(os.environ["TEST_DATABASE_URL"])
    engine = create_engine(server.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        conn.execute(text(f"CREATE DATABASE {name}"))
    engine.dispose()
    return server.set(database=name).render_as_string(hide_password=False)
