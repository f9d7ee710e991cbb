"""The importer reads the whole hall guide as it is, and the committed catalog agrees with it."""

from __future__ import annotations

from pathlib import Path

import pytest

from catalog.importer import (
    PREFIX_LETTERS,
    import_guide,
    is_whole_phone,
    missing_english,
    phones_of,
)
from catalog.model import Catalog

GUIDE = Path(__file__).resolve().parents[2] / "catalog" / "data" / "hall-guide.md"
ALL_WINDOWS = [1, 2, 3, 4, 5, 6, 7, 8, 12, 14, 15, 17, 20, 21, 22, 23, 24, 25]


@pytest.fixture(scope="module")
def result():
    return import_guide(GUIDE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def guide(result) -> Catalog:
    return result.catalog


def named(catalog: Catalog, text: str, window: int | None = None):
    found = [
        s for s in catalog.services
        if text in s.name and (window is None or window in catalog.post(s.post_id).windows)
    ]
    assert len(found) == 1, f"{text!r}: {[s.name for s in found]}"
    return found[0]


def test_the_guide_imports_without_problems(result):
    assert result.problems == []


def test_every_window_is_present(guide):
    assert [w.number for w in guide.windows] == ALL_WINDOWS


def test_every_department_is_present(guide):
    assert [d.name for d in guide.departments] == [
        "学工办", "文法学院", "保卫处", "国际处", "教务处", "财务处", "信息中心（信息化办公室）",
    ]


def test_totals(guide):
    assert (len(guide.departments), len(guide.posts), len(guide.windows)) == (7, 15, 18)
    assert 80 <= len(guide.services) <= 86
    assert len(guide.machines) == 4


@pytest.mark.parametrize(
    ("post_id", "count"),
    [("w1", 4), ("w2", 2), ("w3", 6), ("w4", 4), ("w5", 4), ("w6", 2), ("w7", 1), ("w8", 8),
     ("w12", 3), ("w14-15", 30), ("w17", 2), ("w20-22-23", 11), ("w21", 1), ("w24", 3),
     ("w25", 2)],
)
def test_services_per_post(guide, post_id, count):
    assert len(guide.services_of(post_id)) == count


def test_posts_get_prefix_letters_in_guide_order_without_i_or_o(guide):
    assert "".join(p.prefix for p in guide.posts) == PREFIX_LETTERS[:15] == "ABCDEFGHJKLMNPQ"


def test_post_ids_are_ascii_slugs_of_their_windows(guide):
    assert [p.id for p in guide.posts] == [
        "w1", "w2", "w3", "w4", "w5", "w6", "w7", "w8", "w12", "w14-15", "w17", "w20-22-23",
        "w21", "w24", "w25",
    ]
    assert all(d.id.isascii() and d.id.isalnum() for d in guide.departments)


def test_headings_are_cleaned(guide):
    assert guide.post("w6").name == "学生维权服务岗"  # <b> tags gone
    assert guide.post("w12").name == "海外学习服务岗"  # stray space gone
    assert guide.post("w14-15").windows == (14, 15)
    assert guide.post("w20-22-23").windows == (20, 22, 23)


def test_service_ids_are_window_and_pinyin_initials(guide):
    assert named(guide, "身份证丢失补办").id == "8-kjsfzdsbbjsx"
    ids = [s.id for s in guide.services]
    assert len(ids) == len(set(ids))
    assert all(i.isascii() and len(i.split("-", 1)[1]) <= 12 for i in ids)


def test_department_hours_are_inherited_and_window_hours_kept(guide):
    assert guide.post("w1").hours.text == "周一至周四9:00-17:00 / 周五9:00-12:00"
    assert guide.post("w21").hours == guide.post("w20-22-23").hours
    assert guide.post("w8").hours.text == "周一至周四:9:00-17:00 / 周五:9:00-12:00"
    assert guide.post("w12").hours.text == "周四14:00-17:00"
    assert guide.post("w17").hours.text == "每周四9:00-17:00"
    assert guide.post("w7").hours.by_notice


def test_phones_at_every_level(guide):
    assert guide.department("xxzx").phones == ("80191167", "80105686")
    assert guide.post("w8").phones == ("80191127",)
    assert guide.post("w14-15").phones == ("80191160",)
    assert guide.post("w17").phones == ("80191152",)
    assert named(guide, "征兵入伍咨询").phones == ("010-64435703（东校区）", "010-80191085（昌平校区）")


def test_an_area_code_written_apart_stays_with_its_number(guide):
    # the guide writes "010-64435218（东区）、010- 80191078（昌平校区）"
    assert named(guide, "工作咨询与受理").phones == ("010-64435218（东区）", "010-80191078（昌平校区）")
    assert phones_of("010 - 80191078、80191167 80105686") == ["010-80191078", "80191167",
                                                              "80105686"]


@pytest.mark.parametrize("phone", ["010-", "010", "80191078（", "（东区）", "8019-", "abc"])
def test_a_broken_phone_is_not_whole(phone):
    assert not is_whole_phone(phone)


@pytest.mark.parametrize("which", ["guide", "buct"])
def test_every_phone_in_the_catalog_is_whole(which, guide, buct):
    catalog = {"guide": guide, "buct": buct}[which]
    phones = [
        *(p for d in catalog.departments for p in d.phones),
        *(p for post in catalog.posts for p in post.phones),
        *(p for s in catalog.services for p in s.phones),
    ]
    assert len(phones) > 15
    assert [p for p in phones if not is_whole_phone(p)] == []


def test_keywords_at_post_and_service_level(guide):
    assert guide.post("w2").keywords == ("军训", "征兵", "应征入伍", "当兵")
    assert "学生证补办" in guide.post("w14-15").keywords
    assert named(guide, "奖、助学金发放").keywords == ("奖学金", "助学金")


def test_a_link_in_keywords_keeps_its_text_and_its_link(guide):
    service = named(guide, "学业发展咨询预约服务")
    assert service.keywords == ("学业发展",)
    assert any(link.url == "https://www.wjx.top/m/72413713.aspx" for link in service.links)


def test_household_card_loan_has_student_and_staff_materials_and_steps(guide):
    service = named(guide, "借用户籍卡原件", window=8)
    assert [g.title for g in service.steps] == ["服务流程（学生）", "服务流程（教职工）"]
    assert len(service.steps[0].steps) == 3
    assert service.steps[1].steps == ("教职工本人携带校园卡、身份证原件办理借出",)
    student_form = service.materials[0]
    assert student_form.text.startswith("【学生】《北京化工大学借用户籍卡申请表")
    assert student_form.url.endswith(".doc")
    assert [m.text for m in service.materials[1:]] == ["【教职工】校园卡", "【教职工】身份证"]


def test_materials_are_split_into_items(guide):
    assert [m.text for m in named(guide, "征兵入伍咨询").materials] == [
        "《应征公民政治审查表》", "《政治考核谈话表》", "《应征公民走访调查表》",
    ]
    medical = named(guide, "学生医药费报销").materials
    assert len(medical) == 2 and medical[1].text == "医疗证"  # nested brackets stay whole
    linked = named(guide, "居住证明", window=8).materials
    assert [bool(m.url) for m in linked] == [False, True, True]


def test_fees_on_the_next_line_are_read(guide):
    assert named(guide, "身份证丢失补办").fees.startswith("办理正式身份证和平街道派出所收取40元")
    assert named(guide, "车辆通行证").fees == "车证办理每年300元，到期后续费。"


def test_office_may_be_a_link(guide):
    service = named(guide, "基层就业代偿")
    assert service.office == "学生资助中心（资助办）"
    assert any(link.url == "https://zizhu.buct.edu.cn/" for link in service.links)


def test_other_information_keeps_links_and_text(guide):
    assert named(guide, "征兵入伍咨询").links[0].title == "武装部"
    assert named(guide, "学业发展咨询预约服务").other_info == ("学业咨询专家库",)
    loans = named(guide, "生源地信用助学贷款")
    assert loans.other_info == ("国家开发银行热线电话：95593",)
    assert loans.links[0].url == "http://www.csls.cdb.com.cn/"


def test_notes_are_kept_for_staff_and_removed_from_the_name(guide):
    assert named(guide, "就业创业指导服务").staff_notes == ("弱化，待详细询问",)
    assert named(guide, "新生军训事务咨询").staff_notes == ("待完善",)
    assert named(guide, "校园维权服务").staff_notes == ("服务流程待明确",)
    assert named(guide, "后勤服务项目报修服务").staff_notes == ("询问哪些受理哪些情况的报修",)
    assert named(guide, "学生医药费报销").staff_notes == ("链接校医院",)
    assert named(guide, "校园卡的挂失").staff_notes == ("链接到校园卡",)  # from （链接到校园卡）
    assert named(guide, "就业创业指导服务").is_incomplete
    assert not named(guide, "学生医药费报销").is_incomplete


def test_a_note_in_a_material_goes_to_staff_notes_not_to_the_material(guide):
    service = named(guide, "校内外勤工助学岗位服务")
    assert [m.text for m in service.materials] == ["《北京化工大学勤工助学岗位申请表》"]
    assert service.staff_notes == ("表格获取方式待确认",)


def test_no_editorial_mark_reaches_visitor_text(guide):
    for s in guide.services:
        texts = [s.name, s.description, *(m.text for m in s.materials),
                 *(g.title for g in (*s.steps, *s.online_steps)),
                 *(step for g in (*s.steps, *s.online_steps) for step in g.steps)]
        for mark in ("待完善", "待详细询问", "待确认", "待明确", "链接校医院", "链接到", "弱化"):
            assert not [t for t in texts if mark in t], (s.id, mark)


def test_sub_items_become_services_with_a_parent(guide):
    parent = named(guide, "校园地国家助学贷款（校园地）工作咨询与受理")
    children = [s for s in guide.services if s.parent_id == parent.id]
    assert [s.name for s in children] == [
        "校园地国家助学贷款还款服务", "生源地信用助学贷款毕业生还款、在校生签约手续",
    ]
    assert all(s.online_only for s in children)
    assert not parent.online_only


def test_nested_roman_steps_stay_under_their_step(guide):
    steps = named(guide, "校园地国家助学贷款还款服务").steps[0].steps
    assert len(steps) == 4
    assert steps[2].startswith("判断当年是否需要还款") and "\nv. 点击“还款记录”" in steps[2]


def test_step_groups_with_variants_are_titled(guide):
    titles = [g.title for g in named(guide, "生源地信用助学贷款").steps]
    assert titles[0] == "服务流程（毕业生还款——国家开发银行）" and len(titles) == 4
    assert [g.title for g in named(guide, "校内外勤工助学岗位服务").steps] == ["服务流程", "其他流程"]


def test_online_routes_are_kept_apart(guide):
    card = named(guide, "校园卡的挂失、解挂")
    assert card.online_steps[0].title == "线上流程" and len(card.online_steps[0].steps) == 5
    assert card.steps[0].steps == ("到窗口即可办理",)
    assert named(guide, "奖、助学金发放").online_steps[0].title == "线上查询方法"
    mac = named(guide, "MAC地址清除")
    assert mac.online_steps[0].title == "线上流程（MAC地址清除）"
    law = named(guide, "法律咨询")
    assert law.links[0].url == "https://www.wjx.cn/m/58365795.aspx"


def test_hand_written_form_template_is_kept(guide):
    lost = named(guide, "身份证丢失补办")
    assert lost.materials[0].text == "A4纸签字笔手写申请书"
    assert lost.steps[0].title.startswith("A4纸签字笔手写申请书格式")
    assert "身份证号：******************" in lost.steps[0].steps


def test_items_without_details_are_still_services(guide):
    assert named(guide, "学生出国（境）手续办理", window=12).steps == ()
    assert named(guide, "收单及其他财务相关事项", window=17)
    assert len(guide.services_of("w14-15")) == 30


def test_posts_21_24_25_get_services_from_their_service_items(guide):
    (only,) = guide.services_of("w21")
    assert only.description == "指导用户做好补卡信息登记。"
    assert [g.title for g in only.steps] == ["办理流程", "校园卡自助补办流程"]
    assert guide.post("w24").summary == "对补办校园卡进行电子门锁网络授权。"
    assert named(guide, "各楼宇门禁授权服务", window=24)
    assert named(guide, "开水机", window=25)


def test_machines_with_locations_instructions_and_functions(guide):
    assert [m.name for m in guide.machines] == [
        "自助补卡机", "自助教务打印机（本科）", "校园卡圈存机", "火车票自助售（取）票机",
    ]
    printer = guide.machines[1]
    assert printer.locations == ("一站式服务大厅东南角", "一站式服务大厅西侧出口位置")
    assert printer.instructions == ("用户可通过刷校园卡登录", "可使用账号和教务密码登录")
    assert [g.title for g in printer.functions] == ["查询", "成绩打印", "证明打印"]
    assert "校园卡挂失" in guide.machines[2].functions[0].items
    assert guide.machines[3].functions[0].items[0] == "购票"


def test_services_point_at_machines_that_also_do_them(guide):
    by_name = {m.name: m.id for m in guide.machines}
    assert named(guide, "打印成绩单").machine_ids == (by_name["自助教务打印机（本科）"],)
    assert named(guide, "校园卡的挂失、解挂").machine_ids == (by_name["校园卡圈存机"],)
    assert named(guide, "校园卡密码修改").machine_ids == (by_name["校园卡圈存机"],)
    assert named(guide, "校园卡补卡").machine_ids == (by_name["自助补卡机"],)
    portal_password = next(s for s in guide.services if s.name == "密码修改")
    assert portal_password.machine_ids == ()  # the portal password, not the card's


def test_a_line_it_cannot_place_is_reported_with_its_number():
    text = "## 学工办\n\n一句放不下的话\n\n### 1号窗口——学生发展服务岗\n服务时间：周一9:00-12:00\n另一句\n"
    result = import_guide(text, source="x.md")
    assert [(p.line, p.text) for p in result.problems] == [(3, "一句放不下的话"), (7, "另一句")]
    assert result.problem_lines()[0].startswith("x.md:3: ")


def test_unreadable_hours_are_reported():
    result = import_guide("## 部门\n### 1号窗口——某岗\n服务时间：看心情\n1.某事\n")
    assert [p.line for p in result.problems] == [3]


def test_the_committed_catalog_agrees_with_the_importer(buct, guide):
    assert [s.id for s in buct.services] == [s.id for s in guide.services]
    assert [p.id for p in buct.posts] == [p.id for p in guide.posts]
    assert [w.number for w in buct.windows] == ALL_WINDOWS
    assert [p.prefix for p in buct.posts] == [p.prefix for p in guide.posts]
    assert [m.id for m in buct.machines] == [m.id for m in guide.machines]
    assert [d.id for d in buct.departments] == [d.id for d in guide.departments]
    assert buct.hall_name == guide.hall_name == "北京化工大学一站式服务大厅"


def test_a_fresh_import_has_no_english_and_says_so(guide):
    assert guide.service("14-zxxszbblc").name_en == ""
    assert "service 14-zxxszbblc: name_en" in missing_english(guide)


def test_reimporting_over_the_catalog_keeps_its_english_and_synonyms(buct):
    again = import_guide(GUIDE.read_text(encoding="utf-8"), previous=buct).catalog
    assert missing_english(again) == []
    assert again.hall_name_en == buct.hall_name_en
    assert again.synonyms == buct.synonyms and again.synonyms
    for kind in ("departments", "posts", "services", "machines"):
        for new, old in zip(getattr(again, kind), getattr(buct, kind), strict=True):
            assert new.id == old.id and new.name_en == old.name_en
    for new, old in zip(again.services, buct.services, strict=True):
        assert (new.description_en, new.office_en, new.fees_en, new.keywords_en) == (
            old.description_en, old.office_en, old.fees_en, old.keywords_en)
        assert [m.text_en for m in new.materials] == [m.text_en for m in old.materials]
    for new, old in zip(again.posts, buct.posts, strict=True):
        assert (new.hours.text_en, new.summary_en) == (old.hours.text_en, old.summary_en)
    # the three hand-curated services differ from the guide; everything else round-trips
    differ = [s.id for s, b in zip(again.services, buct.services, strict=True) if s != b]
    assert differ == ["3-xydgjzxdkhkf", "14-zxtybjkmtdsq", "24-gydzmssq"]


def test_english_is_carried_by_id_and_materials_by_their_text(buct):
    from dataclasses import replace

    from catalog.importer import carry_over

    fresh = import_guide(GUIDE.read_text(encoding="utf-8")).catalog
    moved = replace(fresh.services[0], materials=tuple(reversed(fresh.services[0].materials)))
    new = carry_over(replace(fresh, services=(moved, *fresh.services[1:])), buct)
    assert new.services[0].name_en == buct.services[0].name_en
    assert [m.text_en for m in new.services[0].materials] == [
        m.text_en for m in reversed(buct.services[0].materials)]
