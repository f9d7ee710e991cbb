"""The lobby board and window screen pages: they render, carry the socket client, escape text."""

from __future__ import annotations

import dataclasses
import json
import re


def page_config(html: str) -> dict:
    match = re.search(r'<script id="screen-config" type="application/json">(.*?)</script>',
                      html, re.DOTALL)
    assert match, "the page carries its config as JSON"
    return json.loads(match.group(1))


def scripts_of(html: str) -> list[str]:
    return re.findall(r'<script src="([^"]+)"', html)


def test_board_renders_chinese_first_with_the_socket_client_and_its_scripts(client):
    response = client.get("/board")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "北京化工大学一站式服务大厅" in html
    assert "启用语音" in html and "连接中断，正在重连…" in html and "正在叫号" in html
    names = [src.rsplit("/", 1)[1] for src in scripts_of(html)]
    assert names[-4:] == ["socket.io.min.js", "screen.js", "announcer.js", "board.js"]
    assert "vendor/socket.io/socket.io.min.js" in html
    for src in scripts_of(html):
        with client.get(src) as response:
            assert response.status_code == 200, src


def test_board_reads_numbers_digit_by_digit_unless_told(client):
    assert page_config(client.get("/board").get_data(as_text=True))["reading"] == "digits"
    natural = page_config(client.get("/board?reading=natural").get_data(as_text=True))
    assert natural["reading"] == "natural"
    odd = page_config(client.get("/board?reading=klingon&voice=loud").get_data(as_text=True))
    assert (odd["reading"], odd["voice"]) == ("digits", "auto")


def test_the_app_config_sets_the_default_reading(app, client):
    app.config["ANNOUNCE_READING"] = "natural"
    assert page_config(client.get("/board").get_data(as_text=True))["reading"] == "natural"


def test_board_in_english(client):
    html = client.get("/board?lang=en").get_data(as_text=True)
    assert "Enable sound" in html and "Now calling" in html
    assert page_config(html)["strings"]["{n}号窗口"] == "Window {n}"  # the board's own


def test_window_screen_renders_one_window(client):
    response = client.get("/board/window/8")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "8号窗口" in html
    assert page_config(html)["window_no"] == 8
    assert scripts_of(html)[-1].endswith("window_screen.js")


def test_a_window_the_hall_does_not_have_is_not_found(client):
    assert client.get("/board/window/99").status_code == 404


def test_catalog_text_is_escaped(hall, config, clock, tmp_path):
    from catalog.loader import dump_catalog
    from queue_server.app import create_app

    hostile = dataclasses.replace(hall.catalog, hall_name='<img src=x onerror="x()">大厅')
    path = tmp_path / "hostile.yaml"
    path.write_text(dump_catalog(hostile), encoding="utf-8")
    app = create_app(dataclasses.replace(config, catalog_path=path), clock=clock)
    html = app.test_client().get("/board").get_data(as_text=True)
    app.extensions["hall"].database.engine.dispose()
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=&#34;x()&#34;&gt;大厅" in html


def test_the_announcement_clips_are_served(client):
    with client.get("/display/static/audio/qing.ogg") as response:
        assert response.status_code == 200
        assert response.mimetype in ("audio/ogg", "application/ogg")


def test_the_screens_pages_read_nothing_from_the_database(hall, client):
    """The board and window screen pages are built from the catalog and the config; every
    ticket and window state reaches them over the wire (snapshot, then events)."""
    from sqlalchemy import event

    statements: list[str] = []

    def seen(conn, cursor, statement, *args):
        statements.append(statement)

    client.get("/board")  # a first request may set up the session; not what is measured
    event.listen(hall.database.engine, "before_cursor_execute", seen)
    try:
        for url in ("/board", "/board?lang=en", "/board/window/8"):
            assert client.get(url).status_code == 200
    finally:
        event.remove(hall.database.engine, "before_cursor_execute", seen)
    assert statements == []


def test_the_installation_chooses_how_numbers_are_read(tmp_path, clock, device, database_url,
                                                       monkeypatch):
    from queue_server.app import create_app
    from queue_server.config import Config

    monkeypatch.setenv("ANNOUNCE_READING", "natural")
    config = Config.from_env(tmp_path / "data", database_url=database_url, testing=True)
    app = create_app(config, clock=clock, device=device)
    assert app.config["ANNOUNCE_READING"] == "natural"
    assert "natural" in app.test_client().get("/board").get_data(as_text=True)
    app.extensions["hall"].database.engine.dispose()


def test_the_board_remembers_the_language_in_the_hall_cookie(client):
    response = client.get("/board?lang=en")
    assert "hall_lang=en" in response.headers.get("Set-Cookie", "")
    html = client.get("/board").get_data(as_text=True)
    assert 'lang="en"' in html and page_config(html)["strings"]["空闲"] == "Ready"
    client.get("/board?lang=zh-CN")
    assert page_config(client.get("/board").get_data(as_text=True))["strings"]["空闲"] == "空闲"
