"""The phone status page `/t/<token>`: one ticket by its unguessable token, nothing else."""

from __future__ import annotations

import json
import re

import pytest


def token_of(response) -> str:
    return response.json["status_url"].rsplit("/", 1)[1]


def page_config(html: str) -> dict:
    found = re.search(r'<script type="application/json" id="phone-config">(.*?)</script>', html,
                      re.DOTALL)
    assert found
    return json.loads(found.group(1))




@pytest.mark.parametrize("token", ["doesnotexist0000", "short", "x" * 41])
def test_an_unknown_token_gets_a_friendly_404(client, token):
    response = client.get(f"/t/{token}")
    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert "找不到这张号" in html and "重新扫描" in html


def test_the_page_is_private_not_cached_not_referred_not_indexed(client, kiosk, household):
    response = client.get(f"/t/{token_of(kiosk.take(household))}")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Referrer-Policy"] == "same-origin"  # never to another site
    assert "noindex" in response.headers["X-Robots-Tag"]


def test_the_page_of_ticket_a_shows_nothing_of_ticket_b(client, kiosk, household, transcript):
    a = kiosk.take(household)
    b = kiosk.take(transcript)
    b_same_post = kiosk.take(household)
    html = client.get(f"/t/{token_of(a)}").get_data(as_text=True)
    assert a.json["number"] in html
    for other in (b, b_same_post):
        assert other.json["number"] not in html
        assert token_of(other) not in html
    assert b.json["service"]["name"] not in html
    assert "id" not in page_config(html)["view"]  # the row id would hint at the day's count


def test_waiting_shows_people_ahead_and_the_estimate(client, kiosk, household):
    for _ in range(5):
        kiosk.take(household)
    mine = kiosk.take(household)
    html = client.get(f"/t/{token_of(mine)}").get_data(as_text=True)
    assert "等候中" in html
    # 5 ahead × 5 min (no history yet) from 10:00 at one window: about 10:25, shown as a range
    assert "前面还有 5 人，预计约 10:15–10:35 叫号" in html
    assert '<span id="ahead">5</span>' in html
    assert "取消排队" in html


def test_a_few_ahead_raises_the_come_back_alert(client, kiosk, household):
    for _ in range(2):
        kiosk.take(household)
    html = client.get(f"/t/{token_of(kiosk.take(household))}").get_data(as_text=True)
    assert "快到您了：前面只剩 2 人，请回到大厅" in html
    assert page_config(html)["alert_when_ahead"] == 3


def test_called_says_which_window_to_go_to(client, kiosk, clerk, household):
    token = token_of(kiosk.take(household))
    clerk.open(8)
    clerk.call(8)
    html = client.get(f"/t/{token}").get_data(as_text=True)
    assert "请到 8 号窗口" in html
    assert 'data-state="called"' in html
    clerk.recall(8)
    assert "再次呼叫（第 2 次）" in client.get(f"/t/{token}").get_data(as_text=True)


def test_missed_and_done_are_said_in_plain_words(client, kiosk, clerk, household):
    missed, done = token_of(kiosk.take(household)), token_of(kiosk.take(household))
    clerk.open(8)
    clerk.call(8)
    clerk.no_show(8)
    clerk.call(8)
    clerk.finish(8)
    assert "已过号" in client.get(f"/t/{missed}").get_data(as_text=True)
    assert "本号已办结" in client.get(f"/t/{done}").get_data(as_text=True)


def test_cancel_from_the_phone_ends_the_ticket(client, kiosk, household):
    token = token_of(kiosk.take(household))
    response = client.post(f"/api/tickets/{token}/cancel")
    assert response.status_code == 200 and response.json["state"] == "cancelled"
    html = client.get(f"/t/{token}").get_data(as_text=True)
    assert "已取消" in html and "本号已取消" in html
