"""Screens that agree with the state (issue 13): a post is closing from its cutoff on, and
a wait is estimated only from windows open now or opening later today."""

from __future__ import annotations

import json
import re

import pytest

from queue_server.clock import hall_time
from tests.catalog_lookup import service_named
from tests.screens import first_snapshot


@pytest.fixture
def overseas(hall) -> str:
    """学生海外学习咨询与报名 at window 12 (海外学习服务岗, prefix J): Thursdays 14:00-17:00."""
    return service_named(hall.catalog, "海外学习咨询", window=12).id


def kiosk_posts(app, client, lang: str = "zh-CN") -> dict:
    """The posts of the kiosk's snapshot as its socket pushes it on connect."""
    return first_snapshot(app, client, screen="kiosk", lang=lang)["posts"]


def token_of(response) -> str:
    assert response.status_code == 201, response.json
    return response.json["status_url"].rsplit("/", 1)[1]


def phone(app, token: str) -> tuple[dict, str]:
    """What the visitor's phone is drawn with: the ticket view, and the state's detail and
    the "预计等候" as the page shows them (one line)."""
    html = app.test_client().get(f"/t/{token}").get_data(as_text=True)
    found = re.search(r'<script type="application/json" id="phone-config">(.*?)</script>', html,
                      re.DOTALL)
    detail = re.search(r'id="state-detail"[^>]*>([^<]*)<', html).group(1)
    wait = re.search(r'id="wait"[^>]*>([^<]*)<', html).group(1)
    return json.loads(found.group(1))["view"], f"{detail} | {wait}"


def moved_to(clerk, service_id: str) -> None:
    """Window 8 calls its next ticket and sends it to `service_id`'s post (the clerk is an
    admin: a post closed now takes it with a recorded reason, as the router allows)."""
    assert clerk.call(8).json["current"]
    assert clerk.transfer(8, service_id=service_id,
                          override_reason="约好下午来办").status_code == 200


# ---- 1. closing from the cutoff ----

@pytest.mark.parametrize(("hhmm", "state"), [
    ("16:44", "open"), ("16:45", "closing"), ("16:59", "closing"), ("17:00", "closed")])
def test_window_8_is_closing_from_its_cutoff_until_it_closes(app, client, clock, hhmm, state):
    clock.set(hall_time(f"2026-12-03 {hhmm}"))  # Thursday: window 8 closes at 17:00
    assert kiosk_posts(app, client)["w8"]["line"]["state"] == state


def test_the_kiosk_draws_a_closing_post_amber_and_refuses_tickets(app, client, clock,
                                                                  household):
    clock.set(hall_time("2026-12-03 16:50"))
    line = kiosk_posts(app, client)["w8"]["line"]
    assert line == {"state": "closing", "text": "今日取号已截止"}
    assert kiosk_posts(app, client, "en")["w8"]["line"]["text"] == "Tickets closed for today"
    home = client.get("/kiosk").get_data(as_text=True)
    assert 'class="k-dot is-closing"' in home and "开放至 17:00" not in home
    post = client.get("/kiosk/posts/w8").get_data(as_text=True)
    assert 'class="k-pill is-closing"' in post and "今日取号已截止" in post
    service = client.get(f"/kiosk/services/{household}").get_data(as_text=True)
    assert "今天已停止取号" in service and "16:45 起不再取号" in service


# ---- 2. estimates only from windows open now or later today ----

def test_before_the_opening_the_estimate_counts_from_it(app, client, clock):
    clock.set(hall_time("2026-12-03 08:30"))  # Thursday: window 8 opens at 9:00
    estimate = kiosk_posts(app, client)["w8"]["estimate"]
    assert estimate["from_at"] == "2026-12-03T09:00:00+08:00" and estimate["serving"] is False
    clock.set(hall_time("2026-12-04 12:30"))  # Friday: closed until Monday
    assert kiosk_posts(app, client)["w8"]["estimated_wait_minutes"] is None


def test_with_no_window_opened_the_first_ticket_is_not_told_0_minutes(app, client, kiosk,
                                                                      clerk, household):
    # Thursday 10:00: window 8 is open by the hours, but no clerk has sat down
    status = kiosk_posts(app, client)["w8"]["status"]
    assert "现在无人等候，取号后请留意叫号" not in status["lines"]
    assert "窗口还未开始叫号，取号后窗口开放时第一个叫您" in status["lines"]
    issued = kiosk.take(household)
    assert issued.json["estimate"]["serving"] is False
    _, html = phone(app, token_of(issued))
    assert "窗口开放后第一个叫您" in html and "下一位就是您" not in html
    assert not html.endswith("| 0")
    clerk.open(8)
    _, html = phone(app, token_of(issued))
    assert "下一位就是您" in html


def test_transferred_to_a_post_opening_later_today_waits_from_its_opening(
        app, client, kiosk, clerk, household, overseas):
    # Thursday 10:00; window 12 opens at 14:00
    first, second = token_of(kiosk.take(household)), token_of(kiosk.take(household))
    clerk.open(8)
    moved_to(clerk, overseas)
    moved_to(clerk, overseas)
    view, html = phone(app, first)
    assert view["estimate"]["from_at"] == "2026-12-03T14:00:00+08:00"
    assert "窗口 14:00 开放后第一个叫您" in html and "下一位就是您" not in html
    view, html = phone(app, second)
    assert view["people_ahead"] == 1
    assert "约 14:00–14:10" in html  # 1 ahead × 5 min from 14:00
    w12 = kiosk_posts(app, client)["w12"]
    # minutes count from now (10:00) to the expected call, 14:10
    assert (w12["people_waiting"], w12["estimated_wait_minutes"]) == (2, 250)
    assert w12["estimate"]["called_by"] == "2026-12-03T14:10:00+08:00"


def test_transferred_to_a_post_closed_all_day_cannot_be_estimated(
        app, client, clock, kiosk, clerk, household, overseas):
    clock.set(hall_time("2026-12-04 10:00"))  # Friday: window 12 opens on Thursdays only
    token = token_of(kiosk.take(household))
    clerk.open(8)
    moved_to(clerk, overseas)
    view, html = phone(app, token)
    assert view["estimated_wait_minutes"] is None and view["estimate"]["can_estimate"] is False
    assert "今天没有窗口办理，暂无法估计等候时间" in html and "暂无法估计" in html
    assert "下一位就是您" not in html
    assert client.get(f"/api/tickets/{token}").json["estimated_wait_minutes"] is None
    assert kiosk_posts(app, client)["w12"]["estimated_wait_minutes"] is None


def test_transferred_to_an_unstaffed_window_is_not_next_until_a_clerk_opens_it(
        app, client, clock, kiosk, clerk, household, transcript):
    clock.set(hall_time("2026-12-03 16:30"))
    token = token_of(kiosk.take(household))
    clock.set(hall_time("2026-12-03 16:50"))  # windows 14 and 15 open by the hours, no clerk
    clerk.open(8)
    moved_to(clerk, transcript)
    _, html = phone(app, token)
    assert "窗口开放后第一个叫您" in html and "下一位就是您" not in html
    clerk.open(14)
    _, html = phone(app, token)
    assert "下一位就是您" in html
