"""Every call is heard, and the board agrees with the state, readable from 8 m (issue 13).

The announcer keeps its own log (`hallBoard.announced`: seq, text, how many times said, when);
`?voice=off` runs the same queue silently at the clips' real durations, so these tests need
no sound card and still measure the real pace: on the page's clock. The tests that wait for
speech install Playwright's clock on the board (its timers and Date) and run it on once the
calls are queued (`speak`), so a minute of announcements takes a moment; the announcer's
timestamps are page time, as its sleeps are. Running the clock past the socket's heartbeat
(45 s) makes the board reconnect, which it survives: calls are queued once each by seq."""

from __future__ import annotations

import time

import pytest

from tests.catalog_lookup import service_named

# At nine o'clock: 13 windows open and call within two seconds.
NINE_OCLOCK_WINDOWS = (1, 2, 3, 4, 5, 6, 8, 14, 15, 17, 20, 21, 22)


def open_board(page, live_hall, query: str = "?voice=off"):
    page.goto(f"{live_hall.url}/board{query}")
    page.wait_for_function("window.hallBoard && window.hallBoard.snapshot !== null")


def first_service_of(catalog, window_no: int) -> str:
    post = catalog.post_of_window(window_no)
    return next(s.id for s in catalog.services if s.post_id == post.id)


def announced(page) -> list[dict]:
    return page.evaluate("hallBoard.announced.map(e => ({...e}))")


def speak(page, queued: int, ms: int) -> None:
    """Once `queued` calls are queued on the board, run its clock on `ms` (timers fire)."""
    page.wait_for_function(f"hallBoard.announcements.length === {queued}")
    page.clock.run_for(ms)


@pytest.mark.alone
def test_thirteen_windows_calling_together_are_all_announced_within_a_minute(live_hall, page,
                                                                             desk):
    kiosk, clerk = desk
    catalog = live_hall.hall.catalog
    for window_no in NINE_OCLOCK_WINDOWS:
        kiosk.number(first_service_of(catalog, window_no))
        assert clerk.open(window_no).status_code == 200
    page.clock.install()
    open_board(page, live_hall)
    started = time.monotonic()
    numbers = [clerk.called_number(window_no) for window_no in NINE_OCLOCK_WINDOWS]
    assert time.monotonic() - started < 2.0
    speak(page, 13, 62_000)
    page.wait_for_function("hallBoard.announced.length === 13")
    log = announced(page)
    assert [e["text"] for e in log] == [f"请{n}号到{w}号窗口"
                                        for n, w in zip(numbers, NINE_OCLOCK_WINDOWS,
                                                        strict=True)]
    assert [e["seq"] for e in log] == sorted(e["seq"] for e in log)
    assert log[-1]["endedAt"] - log[0]["startedAt"] <= 60_000
    # once each while others wait; the last, with nothing behind it, twice
    assert [e["times"] for e in log] == [1] * 12 + [2]
    assert page.evaluate("hallBoard.announcer.pending.length") == 0


def test_a_lone_call_is_said_twice_in_under_ten_seconds(live_hall, page, desk):
    kiosk, clerk = desk
    kiosk.number(service_named(live_hall.hall.catalog, "户籍证明", window=8).id)
    clerk.open(8)
    page.clock.install()
    open_board(page, live_hall)
    number = clerk.called_number(8)
    speak(page, 1, 10_000)
    page.wait_for_function("hallBoard.announced.length === 1")
    [entry] = announced(page)
    assert (entry["text"], entry["times"]) == (f"请{number}号到8号窗口", 2)
    once = entry["endedAt"] - entry["startedAt"]
    assert 5_000 < once < 9_000  # chime + sentence ≤ 4 s, then the sentence again


def test_calls_made_while_the_server_restarts_are_announced_once_after_reconnect(
        live_hall, page, desk):
    kiosk, clerk = desk
    catalog = live_hall.hall.catalog
    for window_no in (8, 14, 17):
        kiosk.number(first_service_of(catalog, window_no))
        clerk.open(window_no)
    page.clock.install()
    open_board(page, live_hall)
    before = clerk.called_number(8)
    speak(page, 1, 10_000)
    page.wait_for_function("hallBoard.announced.length === 1")
    live_hall.stop()
    page.evaluate("hallBoard.socket.io.engine.close()")  # its open long-poll ends too
    page.wait_for_selector("#conn-badge", state="visible", timeout=10_000)
    while_down = clerk.called_number(14)  # the same data; no server to push it
    live_hall.start()
    page.wait_for_selector("#conn-badge", state="hidden", timeout=15_000)
    speak(page, 2, 10_000)
    page.wait_for_function("hallBoard.announced.length === 2")
    assert [e["text"] for e in announced(page)] == [f"请{before}号到8号窗口",
                                                    f"请{while_down}号到14号窗口"]
    # A page reload after the restart: the call made while it was away, and nothing older.
    page.goto("about:blank")
    while_away = clerk.called_number(17)
    open_board(page, live_hall)
    speak(page, 1, 10_000)
    page.wait_for_function("hallBoard.announced.length === 1")
    assert [e["text"] for e in announced(page)] == [f"请{while_away}号到17号窗口"]
    page.wait_for_timeout(500)
    assert page.evaluate("hallBoard.announcements.length") == 1


def test_a_first_ever_board_announces_nothing_already_called(live_hall, page, desk):
    kiosk, clerk = desk
    kiosk.number(service_named(live_hall.hall.catalog, "户籍证明", window=8).id)
    clerk.open(8)
    clerk.call(8)
    open_board(page, live_hall)
    page.wait_for_timeout(500)
    assert page.evaluate("hallBoard.announcements.length") == 0


def test_a_paused_window_with_a_ticket_shows_both_and_is_not_called_to(live_hall, page, desk,
                                                                       new_page):
    kiosk, clerk = desk
    kiosk.number(service_named(live_hall.hall.catalog, "户籍证明", window=8).id)
    clerk.open(8)
    open_board(page, live_hall)
    number = clerk.called_number(8)
    page.wait_for_selector("#now-calling.fresh")
    assert clerk.pause(8, reason="调取档案").status_code == 200
    page.wait_for_selector("#now-calling.halted")
    tile = page.locator(".tile[data-window='8']")
    assert tile.locator(".tile-number").inner_text() == number
    assert "暂停" in tile.locator(".tile-foot").inner_text()
    card = page.locator("#now-calling").inner_text()
    assert number in card and "暂停" in card
    assert "正在叫号" not in card and "请到" not in card
    screen = new_page(800, 480)
    screen.goto(f"{live_hall.url}/board/window/8")
    screen.wait_for_function("window.hallWindowScreen && hallWindowScreen.window")
    assert screen.locator("#ws-number").inner_text() == number
    assert "暂停" in screen.locator("#ws-detail").inner_text()
    clerk.resume(8)
    page.wait_for_selector("#now-calling:not(.halted)")
    assert "请到" in page.locator("#now-window").inner_text()


LOBBY_TEXT = {  # what a visitor reads from 8 m: at least 40 px at 1920×1080
    "window number": ".tile-no", "post name": ".tile-post", "waiting count": ".tile-waiting",
    "notice": "#notice-text", "called window": "#now-window", "recent windows": ".recent-window",
}


def test_lobby_text_is_40px_or_more_and_all_18_windows_fit(live_hall, page, desk):
    kiosk, clerk = desk
    catalog = live_hall.hall.catalog
    for window_no in NINE_OCLOCK_WINDOWS[:8]:
        kiosk.number(first_service_of(catalog, window_no))
        clerk.open(window_no)
        clerk.call(window_no)
    clerk.pause(5, reason="临时离开")
    clerk.client.post("/api/admin/notice", json={"text": "12月4日（周五）下午闭厅，急办业务请于上午办理。"})
    open_board(page, live_hall)
    page.wait_for_selector("#notice:not([hidden])")
    sizes = page.evaluate("""(selectors) => Object.fromEntries(Object.entries(selectors).map(
        ([name, css]) => [name, [...document.querySelectorAll(css)].map(
            (node) => parseFloat(getComputedStyle(node).fontSize))]))""", LOBBY_TEXT)
    for name, found in sizes.items():
        assert found, f"no {name} on the board"
        assert min(found) >= 40, (name, found)
    assert len(sizes["window number"]) == 18 and len(sizes["post name"]) == 18
    fit = page.evaluate("""() => {
        const inside = (n) => { const r = n.getBoundingClientRect();
          return r.left >= 0 && r.top >= 0 && r.right <= innerWidth && r.bottom <= innerHeight; };
        const whole = (n) => n.scrollHeight <= n.clientHeight + 1 && n.scrollWidth <= n.clientWidth + 1;
        return {
          tiles: [...document.querySelectorAll('.tile')].filter(inside).length,
          posts: new Set([...document.querySelectorAll('.tile-post')].filter(whole)
                         .map((n) => n.textContent)).size,
          cut: [...document.querySelectorAll('.tile-post, .tile-foot, .tile-head')]
               .filter((n) => !whole(n)).map((n) => n.textContent),
          card: inside(document.getElementById('now-calling')),
          notice: inside(document.getElementById('notice')),
          page: document.documentElement.scrollWidth <= innerWidth,
        }; }""")
    assert fit == {"tiles": 18, "posts": 15, "cut": [], "card": True, "notice": True,
                   "page": True}
