"""The clerk's page at a window: who may open it, what it embeds, and the snapshot it renders."""

from __future__ import annotations

import json
import re

from queue_server.realtime import socketio


def blob(page: str, name: str) -> dict:
    """The page's data block `<script type="application/json" data-global="NAME">` (its
    scripts read it as window.NAME; the CSP forbids inline script)."""
    found = re.search(rf'<script type="application/json" data-global="{name}">(.*?)</script>',
                      page, re.DOTALL)
    return json.loads(found.group(1))


def test_the_page_needs_a_login(client):
    response = client.get("/window/8")
    assert response.status_code == 302 and response.headers["Location"] == "/login?next=/window/8"


def test_a_clerk_opens_the_page_of_their_window_only(clerk_of):
    clerk_8 = clerk_of(8)
    assert clerk_8.client.get("/window/8").status_code == 200
    refused = clerk_8.client.get("/window/3")
    assert refused.status_code == 403 and "没有权限" in refused.text
    assert 'href="/window/8"' in refused.text  # points to the windows they do have


def test_an_admin_opens_any_window_and_unknown_windows_are_404(clerk):
    assert clerk.client.get("/window/3").status_code == 200
    assert clerk.client.get("/window/99").status_code == 404


def test_the_page_is_chinese_first_and_english_on_request(clerk):
    page = clerk.client.get("/window/8").text
    assert "8号窗口" in page and blob(page, "I18N")["叫下一位"] == "叫下一位"
    english = clerk.client.get("/window/8?lang=en").text
    assert "Window 8" in english and blob(english, "I18N")["叫下一位"] == "Call next"
    assert "Call next" in english


def test_the_page_embeds_its_window_the_catalog_names_and_local_scripts(clerk, hall, household):
    page = clerk.client.get("/window/8").text
    data = blob(page, "WINDOW_PAGE")
    assert data["window"] == 8 and data["post"]["name"] == hall.catalog.post_of_window(8).name
    assert data["services"][household] == hall.catalog.service(household).name
    scripts = re.findall(r'<script src="([^"]+)"', page)
    assert "/static/hall/vendor/socket.io/socket.io.min.js" in scripts
    assert all(src.startswith("/static/") for src in scripts)  # no CDN
    assert '<meta name="csrf-token" content="' in page


def test_the_snapshot_lists_todays_no_shows_so_one_can_be_put_back(kiosk, clerk, clock,
                                                                   household):
    numbers = []
    for _ in range(3):
        numbers.append(kiosk.number(household))
        clock.advance(minutes=1)
    clerk.open(8)
    clerk.call(8)
    missed = clerk.no_show(8).json["missed"]
    assert [t["number"] for t in missed] == [numbers[0]]
    back = clerk.requeue(8, ticket_id=missed[0]["id"], places=1).json
    assert back["missed"] == []
    assert [t["number"] for t in back["waiting"]] == [numbers[1], numbers[0], numbers[2]]


def test_the_page_socket_gets_the_window_snapshot_first(app, clerk_of, kiosk, household):
    clerk_8 = clerk_of(8)
    kiosk.take(household)
    page = socketio.test_client(app, flask_test_client=clerk_8.client,
                                auth={"screen": "window", "window": 8})
    first = page.get_received()[0]
    assert first["name"] == "snapshot"
    assert first["args"][0]["window"]["number"] == 8 and len(first["args"][0]["waiting"]) == 1
    clerk_8.open(8)
    clerk_8.call(8)
    last = [m for m in page.get_received() if m["name"] == "snapshot"][-1]["args"][0]
    assert last["current"]["state"] == "called" and last["waiting"] == []


def test_a_signed_in_clerk_reads_the_guides_editorial_notes(clerk_of, client):
    clerk_17 = clerk_of(17)
    detail = clerk_17.client.get("/api/services/17-xsyyfbx").get_json()
    assert detail["staff_notes"] == ["链接校医院"]
    assert "staff_notes" not in client.get("/api/services/17-xsyyfbx").get_json()  # a visitor
