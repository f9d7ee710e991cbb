"""The home page lists the hall's screens in a real browser."""

from __future__ import annotations


def test_home_lists_every_screen(live_hall, page):
    page.goto(live_hall.url + "/")
    assert page.locator("h1").inner_text() == "北京化工大学一站式服务大厅"
    links = page.locator("a").all_inner_texts()
    assert any("取号机" in text for text in links) and any("大厅显示屏" in text for text in links)
    assert page.locator("a[href='/window/8']").count() == 1
