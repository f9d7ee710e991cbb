"""The kiosk page as a visitor meets it: browse, search, read a service, take a ticket."""

from __future__ import annotations

import dataclasses
import json
import re

import pytest
import yaml

from catalog.loader import default_catalog_path
from queue_server.clock import hall_time

FRIDAY_AFTERNOON = "2026-12-04 12:30"  # every weekday-hours window closed at noon


def page_config(html: str) -> dict:
    """The JSON blob a kiosk page hands its script."""
    found = re.search(r'<script type="application/json" id="kiosk-config">(.*?)</script>', html,
                      re.DOTALL)
    assert found, "the page carries its config"
    return json.loads(found.group(1))



def status_shown(client, service_id: str) -> dict:
    """The status panel a service page is drawn with (later ones are pushed to the kiosk)."""
    html = client.get(f"/kiosk/services/{service_id}").get_data(as_text=True)
    return page_config(html)["status"]


def test_home_lists_departments_posts_windows_and_keywords(client):
    html = client.get("/kiosk").get_data(as_text=True)
    for department in ("学工办", "保卫处", "教务处", "信息中心（信息化办公室）"):
        assert department in html
    assert "户籍管理岗" in html and "学生综合教务岗" in html
    assert '<span class="k-win">14</span><span class="k-win">15</span>' in html
    assert "服务关键词" in html
    for keyword in ("学生证补办", "校园卡", "军训", "学业发展"):
        assert f'data-keyword="{keyword}"' in html


def test_home_says_which_posts_are_open_now_by_the_hall_clock(client, clock):
    html = client.get("/kiosk").get_data(as_text=True)
    assert "开放至 17:00" in html  # Thursday 10:00
    assert "今天 14:00 开放" in html  # 12号 opens Thursday afternoons
    assert page_config(html)["snapshot"]["at"] == "2026-12-03T10:00:00+08:00"


def test_home_in_english_speaks_english_labels_and_catalog(client):
    html = client.get("/kiosk?lang=en").get_data(as_text=True)
    assert "Search services" in html and "Departments &amp; windows" in html
    assert "Household Registration (Hukou)" in html and "户籍管理岗" not in html
    assert page_config(html)["strings"]["我要取号"] == "Take a ticket"


@pytest.mark.parametrize("query", ["学生证", "xueshengzheng", "xszbb"])
def test_search_finds_a_service_by_chinese_pinyin_or_initials(client, query):
    body = client.get("/api/services", query_string={"q": query}).json
    assert body["services"][0]["name"] == "咨询学生证补办流程"
    assert body["services"][0]["windows_label"] == "14、15号窗口"


def test_search_lists_machines_by_their_name(client):
    body = client.get("/api/services", query_string={"q": "圈存"}).json
    assert [m["name"] for m in body["machines"]] == ["校园卡圈存机"]


def test_post_page_lists_its_services(client):
    html = client.get("/kiosk/posts/w8").get_data(as_text=True)
    assert "户籍管理岗" in html and "开具户籍证明" in html
    assert client.get("/kiosk/posts/nowhere").status_code == 404


def test_service_page_shows_materials_steps_office_and_status(client, household):
    html = client.get(f"/kiosk/services/{household}").get_data(as_text=True)
    assert "开具户籍证明" in html
    assert "申请材料" in html and "校园卡" in html and "身份证原件" in html
    assert "办理流程（现场）" in html
    assert "受理部门" in html and "保卫处" in html
    assert "现在可以办理" in html and "今天 12:00" not in html
    assert "今天 17:00 停止办理，16:45 后停止取号" in html
    assert re.search(r'<button type="button" id="take" class="k-take"\s*>', html)


def test_service_page_keeps_online_steps_apart_and_draws_links_as_qr(client):
    html = client.get("/kiosk/services/1-xyfzzxyyfw").get_data(as_text=True)
    assert "线上办理 · 电话预服务" in html
    assert "/qr.svg?data=https://www.wjx.top/m/72413713.aspx" in html
    assert "学业发展咨询在线预约服务" in html


def test_the_guides_editorial_notes_never_reach_visitors(client):
    html = client.get("/kiosk/services/2-xsjxswzx").get_data(as_text=True)
    assert "新生军训事务咨询" in html and "待完善" not in html and "状态：" not in html
    html = client.get("/kiosk/services/17-xsyyfbx").get_data(as_text=True)
    assert "链接校医院" not in html
    html = client.get("/kiosk/posts/w1").get_data(as_text=True)
    assert "就业创业指导服务" in html and "弱化" not in html
    found = client.get("/api/services?q=校园卡").get_json()["services"]
    assert found and all("notes" not in s and "staff_notes" not in s for s in found)
    detail = client.get("/api/services/17-xsyyfbx").get_json()
    assert "staff_notes" not in detail and "notes" not in detail
    assert "链接校医院" not in str(detail)


def test_service_a_machine_does_says_no_ticket_needed_but_allows_one(client):
    html = client.get("/kiosk/services/14-dycjdzdzmzyp").get_data(as_text=True)
    assert "无需取号：自助教务打印机（本科） 可以办理" in html
    assert "一站式服务大厅东南角" in html
    assert page_config(html)["status"]["can_issue"] is True


def test_issuing_from_the_page_gives_one_ticket_for_a_double_tap(client, household):
    status = status_shown(client, household)
    assert status["can_issue"] is True
    tap = {"service_id": household, "kiosk": "entrance", "request_key": "tap-7f3a"}
    first = client.post("/api/tickets", json=tap)
    second = client.post("/api/tickets", json=tap)
    assert first.status_code == 201 and second.status_code == 201
    assert first.json["number"] == second.json["number"] == "H001"
    assert first.json["windows_label"] == "8号窗口"
    assert client.post("/api/tickets", json=dict(tap, request_key="tap-2")).json["number"] == "H002"


def test_closed_friday_afternoon_is_said_before_anything_is_issued(client, clock, household):
    clock.set(hall_time(FRIDAY_AFTERNOON))
    html = client.get(f"/kiosk/services/{household}").get_data(as_text=True)
    assert "现在不办理" in html
    assert "下次开放：12月7日（周一）9:00" in html
    assert re.search(r'id="take" class="k-take" disabled', html)
    assert "暂不能取号" in html
    status = page_config(html)["status"]
    assert status["can_issue"] is False and status["tone"] == "stop"
    refused = client.post("/api/tickets", json={"service_id": household, "request_key": "k1"})
    assert refused.status_code == 409 and refused.json["verdict"] == "closed"


def test_by_notice_post_says_so_with_the_notice_text(client):
    html = client.get("/kiosk/posts/w7").get_data(as_text=True)
    service_id = re.search(r'href="/kiosk/services/([^"]+)"', html).group(1)
    page = client.get(f"/kiosk/services/{service_id}").get_data(as_text=True)
    assert "服务时间以通知为准" in page and "北化法援" in page


def test_long_wait_past_closing_is_warned_before_issuing(client, clock, household):
    clock.set(hall_time("2026-12-04 11:00"))  # Friday: window 8 closes at 12:00
    for n in range(13):  # 13 × 5 min default > the hour left
        assert client.post("/api/tickets", json={"service_id": household,
                                                  "request_key": f"k{n}"}).status_code == 201
    status = status_shown(client, household)
    assert status["tone"] == "warn" and status["can_issue"] is True
    assert "前面有 13 人等候，本窗口 12:00 停止办理，今日可能办不完" in status["lines"]


def test_past_cutoff_says_no_more_tickets_today(client, clock, household):
    clock.set(hall_time("2026-12-03 16:50"))
    status = status_shown(client, household)
    assert status["headline"] == "今天已停止取号" and status["can_issue"] is False


def test_catalog_text_is_escaped(tmp_path, config, clock, device):
    from queue_server.app import create_app

    data = yaml.safe_load(default_catalog_path().read_text(encoding="utf-8"))
    data["services"][0]["name"] = "<script>alert('x')</script>学业"
    data["posts"][0]["name"] = '<img src=x onerror="alert(1)">岗'
    path = tmp_path / "evil.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    app = create_app(dataclasses.replace(config, catalog_path=path), clock=clock, device=device)
    try:
        client = app.test_client()
        service_id, post_id = data["services"][0]["id"], data["posts"][0]["id"]
        for url in ("/kiosk", f"/kiosk/posts/{post_id}", f"/kiosk/services/{service_id}"):
            html = client.get(url).get_data(as_text=True)
            assert "<script>alert" not in html and "<img src=x" not in html
            assert "&lt;script&gt;" in html or "&lt;img" in html
    finally:
        app.extensions["hall"].database.engine.dispose()


def test_qr_route_draws_an_http_link_as_svg(client):
    response = client.get("/qr.svg", query_string={"data": "https://zizhu.buct.edu.cn/"})
    assert response.status_code == 200
    assert response.mimetype == "image/svg+xml"
    assert response.get_data(as_text=True).lstrip().startswith(("<?xml", "<svg"))


@pytest.mark.parametrize("data", [
    "", "javascript:alert(1)", "data:text/html,<b>x</b>", "ftp://example.org/f",
    "https:///nohost", "https://example.org/" + "a" * 500, "http://a.cn/\nb",
])
def test_qr_route_refuses_anything_but_a_short_http_url(client, data):
    response = client.get("/qr.svg", query_string={"data": data})
    assert response.status_code == 400


@pytest.mark.parametrize(("path", "code"), [("/kiosk/posts/nope", "unknown_post"),
                                            ("/kiosk/services/nope", "unknown_service"),
                                            ("/api/services/nope", "unknown_service")])
def test_an_entry_the_catalog_does_not_have_is_404_naming_what_is_missing(client, path, code):
    response = client.get(path)
    assert response.status_code == 404
    assert response.json["error"] == code and "nope" in response.json["message"]


def test_the_english_kiosk_shows_the_catalog_in_english(client, household):
    home = client.get("/kiosk?lang=en").get_data(as_text=True)
    assert "Security Office" in home and "Household Registration (Hukou)" in home
    service = client.get(f"/kiosk/services/{household}?lang=en").get_data(as_text=True)
    assert "Household registration certificate" in service
    assert "Monday to Thursday 9:00–17:00; Friday 9:00–12:00" in service
    assert "Original ID card" in service
    chinese = client.get(f"/kiosk/services/{household}?lang=zh-CN").get_data(as_text=True)
    assert "开具户籍证明" in chinese and "Household registration certificate" not in chinese


def test_the_english_phone_page_names_the_service_in_english(client, kiosk, household):
    token = kiosk.take(household).json["status_url"].rsplit("/", 1)[1]
    page = client.get(f"/t/{token}?lang=en").get_data(as_text=True)
    assert "Household registration certificate" in page
    assert "Household Registration (Hukou)" in page
