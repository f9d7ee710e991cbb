"""Configuration: where data lives, which database, printer and clock, from flags and env."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from catalog.loader import default_catalog_path
from queue_server.clock import Clock, SimulatedClock, SystemClock
from queue_server.settings import HallSettings


@dataclass(frozen=True)
class Config:
    data_dir: Path
    database_url: str
    catalog_path: Path
    secret_key: str
    printer_url: str = "preview://"
    message_queue_url: str | None = None
    clock_start: datetime | None = None  # a simulated hall clock starting here
    testing: bool = False
    demo: bool = False
    announce_reading: str = "digits"  # how the board reads A012: digits (A零一二) or natural
    trusted_proxies: str = ""  # reverse proxies whose X-Forwarded-For/-Proto count (web/proxy.py)
    settings: HallSettings = field(default_factory=HallSettings)

    @classmethod
    def from_env(cls, data_dir: Path | str = "instance", **overrides) -> Config:
        """Read DATABASE_URL, PRINTER_URL, MESSAGE_QUEUE_URL, SECRET_KEY, CATALOG and
        TRUSTED_PROXIES from env."""
        data_dir = Path(data_dir).resolve()
        data_dir.mkdir(parents=True, exist_ok=True)
        values = {
            "data_dir": data_dir,
            "database_url": os.environ.get("DATABASE_URL") or f"sqlite:///{data_dir / 'hall.db'}",
            "catalog_path": Path(os.environ.get("CATALOG") or default_catalog_path()),
            "secret_key": os.environ.get("SECRET_KEY") or _stored_secret(data_dir),
            "printer_url": os.environ.get("PRINTER_URL", "preview://"),
            "message_queue_url": os.environ.get("MESSAGE_QUEUE_URL") or None,
            "announce_reading": os.environ.get("ANNOUNCE_READING") or "digits",
            "trusted_proxies": os.environ.get("TRUSTED_PROXIES", ""),
        }
        values.update(overrides)
        return cls(**values)

    @classmethod
    def for_tests(cls, tmp_path: Path, *, database_url: str | None = None, **overrides
                  ) -> Config:
        values = {
            "data_dir": tmp_path,
            "database_url": database_url or f"sqlite:///{tmp_path / 'hall.db'}",
            "catalog_path": default_catalog_path(),
            "secret_key": "test-secret",
            "printer_url": "preview://",
            "testing": True,
        }
        values.update(overrides)
        return cls(**values)

    def make_clock(self) -> Clock:
        return SimulatedClock(self.clock_start) if self.clock_start else SystemClock()


def _stored_secret(data_dir: Path) -> str:
    """A per-installation secret kept in the data directory, made on first start."""
    path = data_dir / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()
