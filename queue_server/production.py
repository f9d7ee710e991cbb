"""The production server: gunicorn's threaded worker (gthread) serving the hall.

Flask-SocketIO documents gunicorn with one worker and many threads for its threading mode,
with simple-websocket for the WebSocket upgrade: each connected screen holds a thread, so
`threads` bounds the screens one process serves (several processes share a hall through
PostgreSQL and Redis; docs/deploy.md). One worker per process, because Socket.IO sessions
live in the worker that accepted them.

The app is built before the fork, so a malformed catalog or printer URL stops the server
with a clear message; the worker then drops the connections it inherited, starts the hall's
threads (`Workers`) and stops them when it exits.
"""

from __future__ import annotations

from flask import Flask
from gunicorn.app.base import BaseApplication

DEFAULT_THREADS = 1000  # screens (boards, phones, clerk pages, kiosks) one process serves


class HallServer(BaseApplication):
    def __init__(self, app: Flask, *, host: str, port: int, threads: int = DEFAULT_THREADS,
                 access_log: bool = False) -> None:
        self.app, self.host, self.port = app, host, port
        self.threads, self.access_log = threads, access_log
        super().__init__()

    def load_config(self) -> None:
        bind = f"[{self.host}]:{self.port}" if ":" in self.host else f"{self.host}:{self.port}"
        for key, value in {
            "bind": [bind], "workers": 1, "worker_class": "gthread",
            "threads": self.threads, "worker_connections": self.threads + 200,
            "control_socket_disable": True,  # nothing here talks to gunicorn's control socket
            # gunicorn believes no X-Forwarded-*: web/proxy.py applies them, from
            # TRUSTED_PROXIES only (gunicorn's default would trust any local client)
            "forwarded_allow_ips": "",
            "timeout": 0,  # a screen's socket stays open all day; no idle worker is killed
            "graceful_timeout": 10, "keepalive": 5,
            "accesslog": "-" if self.access_log else None,
            "post_worker_init": self._start_hall, "worker_exit": self._stop_hall,
        }.items():
            self.cfg.set(key, value)

    def load(self) -> Flask:
        return self.app

    def _start_hall(self, _worker) -> None:
        self.app.extensions["hall"].database.engine.dispose(close=False)  # not the parent's
        self.app.extensions["hall_workers"].start()

    def _stop_hall(self, _server, _worker) -> None:
        self.app.extensions["hall_workers"].stop()
