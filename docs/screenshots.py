"""Take the README's phone, admin, lobby board and rating pad screenshots from live demo halls
(by hand):

    .venv/bin/python docs/screenshots.py [--out DIR] [--only phone-admin|board|live|rating-pad|booking|...]

Starts the app on a free loopback port with a fixed Thursday-morning clock, makes a queue
through the real endpoints, and shoots the pages with Debian's headless chromium into
docs/img/ (or DIR): phone.png and admin.png from one hall; board.png (1920×1080) from a
second hall driven through a busy morning over the JSON API (windows opened, tickets taken
for each post, calls, a recall, a pause, a pause with a ticket, a notice); live.png, the supervisor's live view of
a third such morning twenty minutes on, with its alerts; rating-pad.png (1280×800) of
window 8's 评价器 offering the ticket the window just finished; book.png (a phone at /book
with a slot chosen), kiosk-check-in.png (a booking checked in) and kiosk-pairing.png (a
real hall's kiosk without a credential).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MORNING = "2026-12-03 10:12"  # a Thursday
ADMIN = ("admin", "hall-admin-1")


def live_hall(*, open_issuing: bool = True):
    """A demo hall served on a free loopback port, at MORNING, with an admin account."""
    from queue_server.clock import FixedClock, hall_time
    from queue_server.config import Config
    from queue_server.migrate import upgrade
    from queue_server.settings import HallSettings
    from tests.actors import add_staff
    from tests.browser.conftest import LiveHall
    from tests.ports import free_port

    data = Path(tempfile.mkdtemp(prefix="hall-shots-"))
    upgrade(f"sqlite:///{data / 'hall.db'}")
    port = free_port()
    settings = HallSettings(public_base_url=f"http://127.0.0.1:{port}",
                            open_issuing=open_issuing)
    config = Config.for_tests(data, settings=settings)
    live = LiveHall(config, FixedClock(hall_time(MORNING)), port).start()
    add_staff(live.hall, *ADMIN, role="admin")
    return live


def shoot_phone_and_admin(browser, out: Path) -> None:
    from queue_server import overrides, tickets, windows
    from queue_server.clock import hall_time

    live = live_hall()
    hall = live.hall
    try:
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
        phone = browser.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=2)
        phone.goto(f"{live.url}/t/{mine}")
        phone.wait_for_timeout(800)
        phone.screenshot(path=str(out / "phone.png"))
        admin = browser.new_page(viewport={"width": 1280, "height": 900})
        admin.goto(f"{live.url}/login?next=/admin")
        admin.fill("#name", ADMIN[0])
        admin.fill("#password", ADMIN[1])
        admin.click("button[type=submit]")
        admin.wait_for_selector("#overrides tr")
        admin.screenshot(path=str(out / "admin.png"), full_page=True)
    finally:
        live.stop()


def drive_a_morning(app) -> None:
    """Open windows, take tickets for each post, call some, finish some, recall, pause."""
    from tests.actors import Clerk, Kiosk, PageClient

    kiosk = Kiosk(PageClient(app, app.response_class, use_cookies=True))
    clerk = Clerk(PageClient(app, app.response_class, use_cookies=True)).log_in(*ADMIN)

    def ok(response):
        assert response.status_code < 400, (response.request.path, response.status_code,
                                            response.data[:300])

    first_service: dict[str, str] = {}
    for service in app.extensions["hall"].catalog.services:
        first_service.setdefault(service.post_id, service.id)
    for window_no in (1, 2, 3, 4, 5, 6, 8, 14, 15, 17, 20, 21, 22, 24):
        ok(clerk.open(window_no))
    waiting = {"w1": 6, "w3": 3, "w4": 4, "w6": 2, "w8": 5, "w14-15": 9, "w17": 3,
               "w20-22-23": 7, "w21": 4, "w24": 2, "w2": 1, "w5": 2}
    for post_id, count in waiting.items():
        for _ in range(count):
            kiosk.number(first_service[post_id])
    for window_no in (1, 3, 4, 14, 15, 17, 20, 21, 22, 24, 6, 1, 14):
        ok(clerk.call(window_no, finish_current=True))
    ok(clerk.pause(5, reason="临时离开"))
    ok(clerk.pause(15, reason="调取档案"))  # paused with a ticket: the tile shows both
    ok(clerk.client.post("/api/admin/notice",
                         json={"text": "12月4日（周五）下午闭厅，急办业务请于上午办理。"}))
    ok(clerk.recall(3))
    ok(clerk.call(8))


def shoot_board(browser, out: Path) -> None:
    live = live_hall()
    try:
        drive_a_morning(live.app)
        board = browser.new_page(viewport={"width": 1920, "height": 1080}, locale="zh-CN")
        board.goto(f"{live.url}/board")
        board.wait_for_function("window.hallBoard && window.hallBoard.snapshot")
        board.wait_for_timeout(800)  # fonts settle
        board.screenshot(path=str(out / "board.png"))
    finally:
        live.stop()


def shoot_live(browser, out: Path) -> None:
    """The supervisor's live view of the busy morning, twenty minutes later: the pause at
    window 5 has become an alert, as has the post nobody serves while it is paused."""
    from queue_server.spool import print_due
    from tests.actors import add_staff

    live = live_hall()
    try:
        drive_a_morning(live.app)
        print_due(live.hall)  # the spool's round: the printer is known to work
        live.clock.advance(minutes=20)
        add_staff(live.hall, "supervisor", "hall-supervisor-1", role="supervisor")
        page = browser.new_page(viewport={"width": 1920, "height": 1080}, locale="zh-CN")
        page.goto(f"{live.url}/login?next=/admin/live")
        page.fill("#name", "supervisor")
        page.fill("#password", "hall-supervisor-1")
        page.click("button[type=submit]")
        page.wait_for_function("window.hallLive && window.hallLive.snapshot")
        page.wait_for_timeout(800)  # fonts settle
        page.screenshot(path=str(out / "live.png"))
    finally:
        live.stop()


def shoot_reports(browser, out: Path) -> None:
    """reports.png: November 2026 of a generated history (tests/history.py), by post."""
    from datetime import date, timedelta

    from catalog.workdays import DayKind, Workdays
    from tests.history import generate

    live = live_hall()
    try:
        november = [date(2026, 11, 1) + timedelta(days=k) for k in range(30)]
        workdays = Workdays()
        open_days = [d for d in november if workdays.kind_of(d) in (
            DayKind.WORKDAY, DayKind.MAKEUP_WORKDAY)]
        generate(live.hall.database.engine, live.hall.catalog, open_days, 600, seed=11)
        page = browser.new_page(viewport={"width": 1440, "height": 1000}, locale="zh-CN")
        page.goto(f"{live.url}/login?next=/admin/reports")
        page.fill("#name", ADMIN[0])
        page.fill("#password", ADMIN[1])
        page.click("button[type=submit]")
        page.wait_for_url("**/admin/reports")
        page.wait_for_selector("body[data-loaded]")
        page.fill("#month", "2026-11")
        page.select_option("#by", "post")
        page.click("#show")
        page.wait_for_selector("body[data-loaded*='by=post']")
        page.wait_for_timeout(500)  # fonts settle
        page.screenshot(path=str(out / "reports.png"), full_page=True)
    finally:
        live.stop()


def shoot_rating_pad(browser, out: Path) -> None:
    from queue_server import tickets, windows

    live = live_hall()
    try:
        with live.hall.unit_of_work() as uow:
            windows.open_window(uow, 8, clerk="admin")
            tickets.issue_ticket(uow, "8-kjhjzm", kiosk="kiosk-1")
        with live.hall.unit_of_work() as uow:
            tickets.call_next(uow, 8, actor="admin")
        with live.hall.unit_of_work() as uow:
            tickets.finish(uow, 8, actor="admin")
        pad = browser.new_page(viewport={"width": 1280, "height": 800}, locale="zh-CN")
        pad.goto(f"{live.url}/rate/8")
        pad.wait_for_selector("#pad[data-pad=rate]")
        pad.wait_for_timeout(800)  # fonts settle
        pad.screenshot(path=str(out / "rating-pad.png"))
    finally:
        live.stop()


def shoot_kiosk_states(browser, out: Path) -> None:
    """kiosk-closing.png: the kiosk home at Thursday 16:50, window 8's post past its cutoff
    (amber, 今日取号已截止), others closed or open, while the printer is down (the banner);
    kiosk-home-en.png: the same hall at 10:12 in English."""
    from queue_server.clock import hall_time
    from queue_server.printer_link import PrinterState

    live = live_hall()
    try:
        live.clock.set(hall_time("2026-12-03 16:50"))
        live.hall.printer.state = PrinterState("out_of_paper", "paper end")
        page = browser.new_page(viewport={"width": 1920, "height": 1080}, locale="zh-CN")
        page.goto(f"{live.url}/kiosk")
        page.wait_for_selector("#printer-banner:not([hidden])")
        page.wait_for_timeout(800)  # fonts settle
        page.screenshot(path=str(out / "kiosk-closing.png"))
        live.clock.set(hall_time(MORNING))
        live.hall.printer.state = PrinterState("ok")
        page.goto(f"{live.url}/kiosk?lang=en")
        page.wait_for_timeout(800)
        page.screenshot(path=str(out / "kiosk-home-en.png"))
    finally:
        live.stop()


def shoot_booking(browser, out: Path) -> None:
    """book.png: /book on a phone with today's 10:30 slot chosen and a name typed;
    kiosk-check-in.png: the kiosk's 预约签到 having checked a booking in (its Y ticket);
    admin-bookings.png: 今日预约 as the admin sees it after that check-in;
    kiosk-pairing.png: a real hall's kiosk without a credential, asking to be registered."""
    from queue_server.clock import hall_time
    from tests.actors import PageClient
    from tests.catalog_lookup import service_named

    live = live_hall()
    try:
        academic = service_named(live.hall.catalog, "学业发展咨询预约服务", window=1).id
        app = live.app
        visitor = PageClient(app, app.response_class, use_cookies=True)
        for slot in ("10:30", "11:00", "11:00"):  # others booked before: fewer free places
            visitor.post("/api/bookings", json={
                "service_id": academic, "slot_at": f"2026-12-03T{slot}:00+08:00",
                "name": "王同学", "contact": "13900139000"})
        phone = browser.new_page(viewport={"width": 390, "height": 844},
                                 device_scale_factor=2, locale="zh-CN")
        phone.goto(f"{live.url}/book")
        phone.click('.b-slot[data-slot-at^="2026-12-03T10:30"]')
        phone.fill("#name", "李同学")
        phone.fill("#contact", "13800138000")
        phone.wait_for_timeout(800)  # fonts settle
        phone.screenshot(path=str(out / "book.png"), full_page=True)
        phone.click("#book-submit")
        phone.wait_for_url("**/book/*")
        code = phone.locator("#code").inner_text()
        live.clock.set(hall_time("2026-12-03 10:24"))
        kiosk = browser.new_page(viewport={"width": 1920, "height": 1080}, locale="zh-CN")
        kiosk.goto(f"{live.url}/kiosk/check-in")
        kiosk.locator("#check-in-code").type(code)
        kiosk.keyboard.press("Enter")
        kiosk.wait_for_selector("#check-in-ticket:not([hidden])")
        kiosk.wait_for_timeout(800)
        kiosk.screenshot(path=str(out / "kiosk-check-in.png"))
        staff = browser.new_page(viewport={"width": 1280, "height": 800}, locale="zh-CN")
        staff.goto(f"{live.url}/login?next=/admin/bookings")
        staff.fill("#name", ADMIN[0])
        staff.fill("#password", ADMIN[1])
        staff.click("button[type=submit]")
        staff.wait_for_url("**/admin/bookings")
        staff.wait_for_selector("text=Y001")
        staff.wait_for_timeout(800)
        staff.screenshot(path=str(out / "admin-bookings.png"), full_page=True)
    finally:
        live.stop()
    live = live_hall(open_issuing=False)
    try:
        kiosk = browser.new_page(viewport={"width": 1920, "height": 1080}, locale="zh-CN")
        kiosk.goto(f"{live.url}/kiosk")
        kiosk.wait_for_selector("#pairing:not([hidden])")
        kiosk.wait_for_timeout(800)
        kiosk.screenshot(path=str(out / "kiosk-pairing.png"))
    finally:
        live.stop()


SHOTS = {"phone-admin": (shoot_phone_and_admin, ("phone.png", "admin.png")),
         "board": (shoot_board, ("board.png",)), "live": (shoot_live, ("live.png",)),
         "rating-pad": (shoot_rating_pad, ("rating-pad.png",)),
         "reports": (shoot_reports, ("reports.png",)),
         "kiosk-states": (shoot_kiosk_states, ("kiosk-closing.png", "kiosk-home-en.png")),
         "booking": (shoot_booking, ("book.png", "kiosk-check-in.png", "admin-bookings.png",
                                             "kiosk-pairing.png"))}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "img")
    parser.add_argument("--only", choices=sorted(SHOTS), action="append",
                        help="take only these (repeatable); default: all")
    args = parser.parse_args(argv)
    chosen = args.only or list(SHOTS)

    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS

    args.out.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        # CHROMIUM_ARGS lift the autoplay rule, as on a kiosk-mode board: no 启用语音 button
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for name in chosen:
            SHOTS[name][0](browser, args.out)
        browser.close()
    print(f"wrote {', '.join(f for n in chosen for f in SHOTS[n][1])} to {args.out}")


if __name__ == "__main__":
    main()
