"""Search finds services by Chinese, full pinyin, pinyin initials, synonyms and English, ranks
them, and leaves out the unrelated tail; it finds machines by use."""

from __future__ import annotations

import time

import pytest

from catalog import pinyin
from catalog.model import Synonym
from catalog.search import RELEVANCE, SearchIndex


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


def test_name_match_leaves_out_a_match_in_details(index):
    hits = index.services("挂失")
    assert names(hits) == ["校园卡的挂失、解挂"]  # 21号's steps mention 挂失 too: cut


def test_a_match_in_details_is_found_when_nothing_better_is(index):
    hits = index.services("先挂失、后补办")  # only in 21号's steps
    assert [h.why for h in hits] == ["steps"]
    assert hits[0].service.id == "21-xykbklkdj"


# query, the expected first service, every service that may follow it (no unrelated tail)
XYKGS = "校园卡的挂失、解挂"
CARD = {"校园卡的挂失、解挂", "校园卡密码修改", "校园卡消费流水明细查询（流水异常处理）",
        "校园卡使用故障报修登记（保修时间内卡异常）", "校园卡补卡、领卡登记",
        "补办校园卡电子门锁网络授权", "对更换宿舍同学的校园卡进行电子门锁网络授权",
        "“企业微信”中校园卡、校园网应用问题服务"}
NETWORK = {"校园网认证系统咨询服务", "网络故障报修、登记", "“企业微信”中校园卡、校园网应用问题服务",
           "网关密码修改、MAC地址清除"}
STUDENT_CARD = "咨询学生证补办流程"
QUERIES = [
    ("学生证", STUDENT_CARD, set()),
    ("xszbb", STUDENT_CARD, set()),
    ("xueshengzheng", STUDENT_CARD, set()),
    ("student card", STUDENT_CARD, set()),
    ("Student ID", STUDENT_CARD, set()),
    ("xykgs", XYKGS, set()),
    ("xiaoyuankaguashi", XYKGS, set()),
    ("校园卡挂失", XYKGS, set()),
    ("挂失", XYKGS, set()),
    ("饭卡挂失", XYKGS, set()),
    ("卡丢了", XYKGS, {"校园卡补卡、领卡登记"}),
    ("饭卡", "校园卡的挂失、解挂", CARD),
    ("一卡通", "校园卡的挂失、解挂", CARD),
    ("fanka", "校园卡的挂失、解挂", CARD),
    ("wifi", "校园网认证系统咨询服务", NETWORK),
    ("WiFi", "校园网认证系统咨询服务", NETWORK),
    ("无线", "校园网认证系统咨询服务", NETWORK),
    ("campus card", "校园卡补卡、领卡登记", CARD),
    ("lost card", XYKGS, {"开具身份证丢失补办介绍信", STUDENT_CARD}),
    ("户口", "办理借用户籍卡原件", {"开具户籍证明"}),
    ("兼职", "校内外勤工助学岗位服务", {"受理校内申请设立勤工助学岗位的登记服务"}),
    ("四六级", "咨询等级考试的报名、缴费、时间规划等事宜", set()),
    ("transcript", "打印成绩单、在读证明、专业排名等学籍信息的证明材料", set()),
    ("成绩打印", "打印成绩单、在读证明、专业排名等学籍信息的证明材料", set()),
    ("密码", "密码修改", {"网关密码修改、MAC地址清除", "校园卡密码修改"}),
    ("password", "密码修改", {"网关密码修改、MAC地址清除", "校园卡密码修改"}),
    ("报销", "学生医药费报销", {"学生临时出国（境）费用报销手续等"}),
    ("奖学金", "各类奖、助学金发放情况查询", set()),
    ("Jun Xun", "新生军训事务咨询", set()),
]


@pytest.mark.parametrize(("query", "first", "related"), QUERIES, ids=[q for q, *_ in QUERIES])
def test_real_queries_find_the_right_service_first_and_no_unrelated_tail(
        index, query, first, related):
    found = names(index.services(query))
    assert found[0] == first
    assert set(found[1:]) <= related, f"unrelated tail: {set(found[1:]) - related}"


def test_every_service_is_found_by_its_name_full_pinyin_initials_and_english(index, buct):
    for service in buct.services:
        for query in (service.name, pinyin.full(service.name), pinyin.initials(service.name),
                      service.name_en):
            hits = index.services(query)
            mine = [h for h in hits if h.service.id == service.id]
            assert mine and mine[0].score == hits[0].score, (service.id, query)


def test_ranking_exact_name_then_keyword_then_pinyin_then_initials_then_materials(index):
    scores = [
        index.services("密码修改")[0].score,  # exact name
        index.services("奖学金")[0].score,  # exact keyword
        index.services("mimaxiugai")[0].score,  # pinyin of a name
        index.services("mmxg")[0].score,  # initials of a name
        index.services("团属学生活动场地申请表")[0].score,  # a material
    ]
    assert scores == sorted(scores, reverse=True) and len(set(scores)) == 5


def test_results_are_cut_at_a_share_of_the_best_score(index):
    for query in ("咨询", "校园卡", "chengji", "申请表", "card"):
        hits = index.services(query)
        assert hits and min(h.score for h in hits) >= hits[0].score * RELEVANCE
    assert len(index.services("咨询")) > 20  # not cut at 20: every 咨询… service matches


def test_a_synonym_ranks_just_below_the_word_it_means(index):
    typed, widened = index.services("校园卡")[0], index.services("饭卡")[0]
    assert typed.service == widened.service and widened.score < typed.score
    assert widened.why.startswith("synonym 饭卡 → 校园卡")


def test_synonyms_come_from_the_catalog(buct):
    from dataclasses import replace

    assert Synonym("饭卡", ("校园卡",)) in buct.synonyms
    plain = SearchIndex(replace(buct, synonyms=()))
    assert plain.services("饭卡") == []


def test_english_words_find_services_in_any_order_and_form(index):
    assert names(index.services("card student"))[0] == STUDENT_CARD
    assert names(index.services("replacing student cards"))[0] == STUDENT_CARD
    assert "学生医药费报销" in names(index.services("medical"))
    assert names(index.services("Lost and Found"))[0] == "受理校园失物招领的登记及查询等"
    assert names(index.services("vehicle pass"))[0] == "办理昌平校区车辆通行证"


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


def test_machines_are_not_found_by_their_instructions(index):
    assert index.machines("学生证") == []  # the train ticket machine asks for one


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


def test_machines_by_english(index):
    assert [m.name for m in index.machines("train ticket")] == ["火车票自助售（取）票机"]


@pytest.mark.alone
def test_a_hundred_queries_take_well_under_a_second(index):
    started = time.perf_counter()
    for query in ["学生证补办", "xszbb", "chengji", "校园卡", "报销"] * 20:
        index.services(query)
    assert time.perf_counter() - started < 1.0
