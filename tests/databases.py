"""Fresh PostgreSQL databases of a test's own (never hall_test), on TEST_DATABASE_URL's server."""

from __future__ import annotations

import os
import re

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url


def fresh_database(name: str) -> str:
    """Drop and create database `name` (hall_deploy…), return its SQLAlchemy URL."""
    assert re.fullmatch(r"hall_deploy\w*", name), f"refusing to drop {name!r}"
    if os.environ.get("PYTEST_XDIST_WORKER"):  # each xdist worker its own (hall_deploy_x_gw0)
        name = f"{name}_{os.environ['PYTEST_XDIST_WORKER']}"
    server = make_url(os.environ["TEST_DATABASE_URL"])
    engine = create_engine(server.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        conn.execute(text(f"CREATE DATABASE {name}"))
    engine.dispose()
    return server.set(database=name).render_as_string(hide_password=False)
