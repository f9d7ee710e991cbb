"""The lobby board in a real browser: a call shows, highlighted, and is queued to be spoken."""

from __future__ import annotations

import pytest

from display.announce import announcement, clip_sequence
from tests.catalog_lookup import service_named


def open_board(page, live_hall, query: str = ""):
    page.goto(f"{live_hall.url}/board{query}")
    page.wait_for_function("window.hallBoard && window.hallBoard.snapshot !== null")


@pytest.mark.alone
def test_a_call_shows_highlighted_and_is_queued_within_a_second(live_hall, page, desk):
    kiosk, clerk = desk
    household = service_named(live_hall.hall.catalog, "户籍证明", window=8).id
    number = kiosk.number(household)
    clerk.open(8)
    open_board(page, live_hall)
    assert clerk.called_number(8) == number
    page.wait_for_function("window.hallBoard.announcements.length === 1", timeout=1000)
    page.wait_for_selector("#now-calling.fresh", timeout=1000)
    assert page.locator("#now-number").inner_text() == number
    assert "8号窗口" in page.locator("#now-window").inner_text()
    assert page.locator(".tile[data-window='8']").get_attribute("class").count("just-called")
    board = page.evaluate("({a: hallBoard.announcements, s: hallBoard.spoken})")
    assert board == {"a": [f"请{number}号到8号窗口"], "s": [announcement(number, 8)]}


@pytest.mark.alone
def test_calls_that_come_together_are_queued_not_talked_over(live_hall, page, desk):
    kiosk, clerk = desk
    catalog = live_hall.hall.catalog
    numbers = [kiosk.number(service_named(catalog, "户籍证明", window=8).id),
               kiosk.number(service_named(catalog, "成绩单", window=14).id)]
    clerk.open(8)
    clerk.open(14)
    open_board(page, live_hall, "?voice=clips")
    if page.locator("#enable-sound").is_visible():
        page.click("#enable-sound")
    page.wait_for_selector("#enable-sound", state="hidden")
    clerk.call(8)
    clerk.call(14)
    page.wait_for_function("hallBoard.announcements.length === 2", timeout=1000)
    state = page.evaluate("""() => ({current: hallBoard.announcer.current &&
                                             hallBoard.announcer.current.text,
                                    pending: hallBoard.announcer.pending.map(i => i.text)})""")
    assert state == {"current": f"请{numbers[0]}号到8号窗口",
                     "pending": [f"请{numbers[1]}号到14号窗口"]}


@pytest.mark.parametrize("reading", ["digits", "natural"])
def test_the_board_reads_numbers_as_the_python_announcer_does(live_hall, page, reading):
    open_board(page, live_hall, f"?reading={reading}")
    cases = [("A001", 8), ("K010", 14), ("M120", 22), ("B1005", 3), ("H999", 25), ("Z100", 1)]
    said = page.evaluate(
        """([cases, reading]) => cases.map(([n, w]) => [
             HallAnnouncer.announcement(n, w, reading), HallAnnouncer.clipSequence(n, w, reading)])""",
        [cases, reading])
    assert said == [[announcement(n, w, reading=reading), clip_sequence(n, w, reading)]
                    for n, w in cases]


def test_a_lost_connection_shows_the_badge_and_a_restart_shows_the_same_state(live_hall, page,
                                                                               desk):
    kiosk, clerk = desk
    number = kiosk.number(service_named(live_hall.hall.catalog, "户籍证明", window=8).id)
    clerk.open(8)
    clerk.call(8)
    open_board(page, live_hall)
    assert page.locator("#conn-badge").is_hidden()
    page.evaluate("hallBoard.socket.io.engine.close()")  # the network drops
    page.wait_for_selector("#conn-badge", state="visible")
    live_hall.restart()
    page.wait_for_selector("#conn-badge", state="hidden", timeout=10000)
    assert page.locator(".tile[data-window='8'] .tile-number").inner_text() == number
