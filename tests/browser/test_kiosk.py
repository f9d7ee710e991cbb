"""The kiosk in a real browser follows the hall's hours without anyone touching it."""

from __future__ import annotations

from queue_server import overrides
from queue_server.clock import hall_time

WINDOW_8 = "a.k-post[href='/kiosk/posts/w8'] .k-post-meta"


def test_the_kiosk_home_shows_a_closure_once_nobody_is_touching_it(live_hall, page):
    page.goto(f"{live_hall.url}/kiosk")
    page.wait_for_function("window.hallKiosk && hallKiosk.socket.connected")
    assert "开放至 17:00" in page.locator(WINDOW_8).inner_text()
    with live_hall.hall.unit_of_work() as uow:
        overrides.add_override(uow, kind="closure", window_no=8,
                               start_at=hall_time("2026-12-03 09:50"),
                               end_at=hall_time("2026-12-03 17:00"), reason="户籍系统升级",
                               actor="admin")
    page.wait_for_function(
        f"!document.querySelector(\"{WINDOW_8}\").textContent.includes('开放至')",
        timeout=15000)
    assert "明天" in page.locator(WINDOW_8).inner_text()
