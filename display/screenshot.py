"""Screenshot the board (and a window screen) in a busy morning: `python -m display.screenshot`.

Starts the real app on a temporary SQLite file with a fixed Thursday 10:12 clock, serves it
on a free loopback port, drives a morning through the JSON API (open windows, take tickets,
call, finish, recall, pause), then photographs /board at 1920×1080 with Debian's headless
Chromium (Playwright, executable_path=/usr/bin/chromium) into docs/img/board.png.
"""

from __future__ import annotations

import argparse
import shutil
import socket
import sys
import tempfile
import threading
from pathlib import Path

from werkzeug.serving import make_server

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
STAFF = ("display-demo", "display-demo-password-1")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def logged_in_client(app):
    """A test client that may act at every window: a staff admin if accounts exist."""
    client = app.test_client()
    try:
        from queue_server import staff
    except ImportError:  # before staff accounts: testing mode opens the window endpoints
        return client, {}
    hall = app.extensions["hall"]
    with hall.unit_of_work() as uow:
        staff.add_user(uow, STAFF[0], STAFF[1], role="admin", windows=[], actor="demo")
    token = client.get("/api/csrf").json["csrf_token"]
    headers = {"X-CSRFToken": token}
    client.post("/login", data={"name": STAFF[0], "password": STAFF[1], "csrf_token": token},
                headers=headers)
    return client, headers


def drive_a_morning(app) -> None:
    """Open windows, issue tickets for each post, call some, finish some, recall, pause."""
    hall = app.extensions["hall"]
    client, headers = logged_in_client(app)

    def post(url: str, **body):
        response = client.post(url, json=body, headers=headers)
        assert response.status_code < 400, (url, response.status_code, response.data[:300])
        return response

    catalog = hall.catalog
    first_service = {}
    for service in catalog.services:
        first_service.setdefault(service.post_id, service.id)
    staffed = [1, 2, 3, 4, 5, 6, 8, 14, 15, 17, 20, 21, 22, 24]
    for window_no in staffed:
        post(f"/api/windows/{window_no}/open")
    waiting = {"w1": 6, "w3": 3, "w4": 4, "w6": 2, "w8": 5, "w14-15": 9, "w17": 3,
               "w20-22-23": 7, "w21": 4, "w24": 2, "w2": 1, "w5": 2}
    for post_id, count in waiting.items():
        for _ in range(count):
            post("/api/tickets", service_id=first_service[post_id], kiosk="kiosk-1")
    for window_no in (1, 3, 4, 14, 15, 17, 20, 21, 22, 24, 6, 1, 14):
        post(f"/api/windows/{window_no}/call", finish_current=True)
    post("/api/windows/5/pause", reason="临时离开")
    post("/api/admin/notice", text="12月4日（周五）下午闭厅，急办业务请于上午办理。")
    post("/api/windows/3/recall")
    post("/api/windows/8/call")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "img" / "board.png")
    parser.add_argument("--window-out", type=Path, default=None,
                        help="also photograph /board/window/8 (1280×400) here")
    parser.add_argument("--query", default="", help="extra query for /board, e.g. lang=en")
    args = parser.parse_args(argv)

    from playwright.sync_api import sync_playwright

    from queue_server.app import create_app
    from queue_server.clock import FixedClock, hall_time
    from queue_server.config import Config
    from queue_server.migrate import upgrade

    with tempfile.TemporaryDirectory() as tmp:
        config = Config.for_tests(Path(tmp))
        upgrade(config.database_url)
        app = create_app(config, clock=FixedClock(hall_time("2026-12-03 10:12")))
        port = free_port()
        server = make_server("127.0.0.1", port, app, threaded=True)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            drive_a_morning(app)
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=CHROMIUM, headless=True,
                    args=["--no-sandbox", "--disable-gpu",
                          "--autoplay-policy=no-user-gesture-required"])
                page = browser.new_page(viewport={"width": 1920, "height": 1080},
                                        locale="zh-CN")
                page.goto(f"http://127.0.0.1:{port}/board?{args.query}")
                page.wait_for_function("window.hallBoard && window.hallBoard.snapshot")
                page.wait_for_timeout(800)  # fonts settle
                args.out.parent.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(args.out))
                if args.window_out:
                    small = browser.new_page(viewport={"width": 1280, "height": 400})
                    small.goto(f"http://127.0.0.1:{port}/board/window/8")
                    small.wait_for_function("window.hallWindowScreen.snapshot")
                    small.wait_for_timeout(500)
                    small.screenshot(path=str(args.window_out))
                browser.close()
        finally:
            server.shutdown()
            server.server_close()
            app.extensions["hall"].engine.dispose()
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
