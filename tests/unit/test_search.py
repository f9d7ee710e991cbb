"""Search finds services by Chinese, full pinyin and pinyin initials, and machines by use."""

from __future__ import annotations

import time

import pytest

from catalog.search import SearchIndex


@pytest.fixture(scope="module")
def index(buct) -> SearchIndex:
    return SearchIndex(buct)


def names(hits) -> list[str]:
    return [hit.service.name for hit in hits]


def test_chinese_keyword_finds_the_service_first(index):
    hits = index.services("学生证补办")
    assert hits[0].service.name == "咨询学生证补办流程"


def test_exact_service_keyword_ranks_first(index):
    hits = index.services("奖学金")
    assert hits[0].service.name == "各类奖、助学金发放情况查询"
    assert hits[0].why == "keyword 奖学金"


def test_name_match_ranks_above_a_match_in_details(index):
    hits = index.services("挂失")
    assert hits[0].service.name == "校园卡的挂失、解挂"
    assert hits[0].score > hits[1].score  # 21号's steps mention 挂失 too
    assert hits[1].why == "steps"


def test_initials_find_the_service(index):
    assert index.services("xszbb")[0].service.name == "咨询学生证补办流程"
    assert index.services("xszbb")[0].why == "name (initials)"


def test_full_pinyin_finds_the_service(index):
    found = names(index.services("chengji"))
    assert "打印成绩单、在读证明、专业排名等学籍信息的证明材料" in found[:4]
    assert "咨询成绩复议流程，领取《成绩复议申请表》" in found[:4]


def test_pinyin_ignores_spaces_and_case(index):
    assert names(index.services("Jun Xun"))[0] == "新生军训事务咨询"


def test_pinyin_matches_start_on_a_syllable(index):
    # "chengji" would hide inside 课程教学 (ke-cheng-jiao-xue); it ranks below 成绩.
    hits = index.services("chengji")
    syllable_cut = [h for h in hits if h.service.name == "咨询课程教学大纲的下载方法"]
    assert syllable_cut and syllable_cut[0].score < hits[0].score


def test_materials_are_searched(index):
    assert "办理借用户籍卡原件" in names(index.services("借用户籍卡申请表"))


def test_post_keywords_reach_the_posts_services(index):
    hits = index.services("成绩打印")
    assert hits[0].service.name.startswith("打印成绩单")
    assert all(hit.service.post_id == "w14-15" for hit in hits)


def test_limit_caps_the_hits(index):
    assert len(index.services("咨询", limit=5)) == 5


@pytest.mark.parametrize("query", ["", "   ", "\t"])
def test_empty_query_finds_nothing(index, query):
    assert index.services(query) == []
    assert index.machines(query) == []


def test_no_match_finds_nothing(index):
    assert index.services("宇宙飞船") == []
    assert index.services("qqqqq") == []


def test_machines_for_printing_grades(index):
    assert index.machines("成绩打印")[0].name == "自助教务打印机（本科）"


def test_machines_for_reporting_a_lost_card(index):
    assert [m.name for m in index.machines("挂失")] == ["校园卡圈存机"]


def test_machines_by_pinyin(index):
    assert [m.name for m in index.machines("huochepiao")] == ["火车票自助售（取）票机"]


def test_a_hundred_queries_take_well_under_a_second(index):
    started = time.perf_counter()
    for query in ["学生证补办", "xszbb", "chengji", "校园卡", "报销"] * 20:
        index.services(query)
    assert time.perf_counter() - started < 1.0
