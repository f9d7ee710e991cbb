"""Who may act at a window. Until staff accounts exist, only testing/demo mode opens the
window endpoints; the staff-accounts issue replaces this with login and roles."""

from __future__ import annotations

from flask import current_app

from queue_server.errors import Forbidden


def window_actor(window_no: int) -> str:
    """The name to record for an action at `window_no`, or Forbidden."""
    config = current_app.config["HALL_CONFIG"]
    if config.testing or config.demo:
        return f"clerk@{window_no}"
    raise Forbidden("window actions need a staff login", window=window_no)
