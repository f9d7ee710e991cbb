"""`run.py backup | restore`: a consistent copy of the hall's database while it runs, and back.

SQLite: the online backup API (`sqlite3.Connection.backup`, what `sqlite3 .backup` does), a
page-by-page copy that sees one committed state even while the server writes. PostgreSQL:
`pg_dump --format=custom` and `pg_restore`, PostgreSQL's own tools (docs/deploy.md).

The data directory's `secret_key` (unless SECRET_KEY is set) is copied beside a SQLite
backup and restored with it: without it every session and signed token ends.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy.engine import make_url


class BackupError(Exception):
    """Why a backup or restore could not be done, in words for the command line."""


def is_sqlite(database_url: str) -> bool:
    return make_url(database_url).get_backend_name() == "sqlite"


def sqlite_path(database_url: str) -> Path:
    return Path(make_url(database_url).database or "")


def libpq_url(database_url: str) -> str:
    """postgresql+psycopg://… as the libpq tools (pg_dump, pg_restore) take it."""
    return make_url(database_url).set(drivername="postgresql").render_as_string(
        hide_password=False)


def backup(database_url: str, target: Path, *, data_dir: Path | None = None) -> Path:
    """Write a consistent copy of the hall's database to `target` (refusing to overwrite)."""
    target = Path(target)
    if target.exists():
        raise BackupError(f"{target} exists; choose a new file")
    target.touch(mode=0o600)  # it holds the staff's password hashes: the owner's alone
    if is_sqlite(database_url):
        source = sqlite_path(database_url)
        if not source.exists():
            raise BackupError(f"no hall database at {source}")
        with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as live, \
                sqlite3.connect(target) as copy:
            live.backup(copy)
        copy.close()
        live.close()
        secret = (data_dir or source.parent) / "secret_key"
        if secret.exists():
            shutil.copy2(secret, _secret_beside(target))
        return target
    _run(["pg_dump", "--format=custom", "--no-owner", "--file", str(target),
          libpq_url(database_url)])
    return target


def restore(source: Path, database_url: str, *, data_dir: Path | None = None) -> None:
    """Put a backup back into an empty hall: a SQLite file that does not exist yet, or a
    PostgreSQL database with no tables (create it first; docs/deploy.md)."""
    source = Path(source)
    if not source.exists():
        raise BackupError(f"no backup at {source}")
    if is_sqlite(database_url):
        target = sqlite_path(database_url)
        if target.exists():
            raise BackupError(f"{target} exists; restore into a new data directory")
        target.parent.mkdir(parents=True, exist_ok=True)
        with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as copy, \
                sqlite3.connect(target) as live:
            check = copy.execute("PRAGMA integrity_check").fetchone()[0]
            if check != "ok":
                raise BackupError(f"{source} is damaged: {check}")
            copy.backup(live)
        copy.close()
        live.close()
        secret = _secret_beside(source)
        if secret.exists():  # a new hall: its own fresh secret, if made, is replaced
            shutil.copy2(secret, (data_dir or target.parent) / "secret_key")
        return
    _run(["pg_restore", "--no-owner", "--exit-on-error", "--single-transaction",
          "--dbname", libpq_url(database_url), str(source)])


def _secret_beside(backup_file: Path) -> Path:
    return backup_file.with_name(backup_file.name + ".secret_key")


def _run(command: list[str]) -> None:
    try:
        done = subprocess.run(command, check=False, capture_output=True, text=True, timeout=3600)
    except FileNotFoundError:
        raise BackupError(f"{command[0]} is not installed (Debian: postgresql-client)") from None
    if done.returncode != 0:
        raise BackupError(f"{command[0]} failed: {done.stderr.strip()}")
