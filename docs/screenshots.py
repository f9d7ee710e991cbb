"""Take the README's phone and admin screenshots from a live demo hall (run by hand):

    .venv/bin/python docs/screenshots.py

Starts the app on a free loopback port with a fixed Thursday-morning clock, makes a queue
through the real endpoints, and shoots the pages with Debian's headless chromium.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> None:
    from playwright.sync_api import sync_playwright

    from queue_server import overrides
    from queue_server.clock import FixedClock, hall_time
    from queue_server.config import Config
    from queue_server.migrate import upgrade
    from tests.actors import add_staff
    from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, LiveHall
    from tests.ports import free_port

    data = Path(tempfile.mkdtemp(prefix="hall-shots-"))
    upgrade(f"sqlite:///{data / 'hall.db'}")
    port = free_port()
    from queue_server.hall import HallSettings

    config = Config.for_tests(data, settings=HallSettings(public_base_url=f"http://127.0.0.1:{port}"))
    live = LiveHall(config, FixedClock(hall_time("2026-12-03 10:12")), port).start()
    hall = live.hall
    add_staff(hall, "admin", "hall-admin-1", role="admin")
    from queue_server import tickets, windows

    with hall.unit_of_work() as uow:
        windows.open_window(uow, 8, clerk="admin")
        for _ in range(5):
            tickets.issue_ticket(uow, "8-kjhjzm", kiosk="kiosk-1")
        mine = tickets.issue_ticket(uow, "8-kjhjzm", kiosk="kiosk-1").token
        overrides.add_override(uow, kind="opening", window_no=7,
                               start_at=hall_time("2026-12-04 14:00"),
                               end_at=hall_time("2026-12-04 17:00"), reason="北化法援值班",
                               actor="admin")
        overrides.add_override(uow, kind="closure", window_no=None,
                               start_at=hall_time("2027-01-16 00:00"),
                               end_at=hall_time("2027-02-22 00:00"), reason="寒假闭馆",
                               actor="admin")
        overrides.set_notice(uow, "12月4日下午7号窗口法律咨询值班，欢迎预约", actor="admin")
    with hall.unit_of_work() as uow:
        tickets.call_next(uow, 8, actor="admin")
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            phone = browser.new_page(viewport={"width": 390, "height": 844},
                                     device_scale_factor=2)
            phone.goto(f"{live.url}/t/{mine}")
            phone.wait_for_timeout(800)
            phone.screenshot(path=str(ROOT / "docs/img/phone.png"))
            admin = browser.new_page(viewport={"width": 1280, "height": 900})
            admin.goto(f"{live.url}/login?next=/admin")
            admin.fill("#name", "admin")
            admin.fill("#password", "hall-admin-1")
            admin.click("button[type=submit]")
            admin.wait_for_selector("#overrides tr")
            admin.screenshot(path=str(ROOT / "docs/img/admin.png"), full_page=True)
            browser.close()
    finally:
        live.stop()


if __name__ == "__main__":
    main()
