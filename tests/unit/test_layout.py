"""Ticket layout: golden bytes, Chinese mode and GB18030, sizes, QR, cut, wrapping, bad text.

Regenerate the golden files with `UPDATE_GOLDEN=1 .venv/bin/pytest tests/unit/test_layout.py`
(see tests/unit/golden/README.md).
"""

import os
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from printer import commands as cmd
from printer.errors import UnprintableText
from printer.layout import COLUMNS, MAX_MATERIAL_LINES, TicketView, ticket_bytes
from printer.text import REPLACEMENT, printable, width, with_ellipsis, wrap

GOLDEN = Path(__file__).parent / "golden"
HALL_TZ = ZoneInfo("Asia/Shanghai")

SAMPLE = TicketView(
    hall_name="北京化工大学一站式服务大厅",
    number="A012",
    post_name="学生综合教务岗",
    windows_label="14、15号窗口",
    service_name="在读证明、中英文成绩单打印",
    people_ahead=3,
    estimated_wait_minutes=15,
    issued_at=datetime(2026, 12, 4, 10, 31, tzinfo=HALL_TZ),
    materials=(
        "学生证或校园卡",
        "身份证原件",
        "《北京化工大学学生家庭经济情况调查表》（需辅导员签字）",
        "父母及本人身份证复印件",
    ),
    status_url="http://hall.example/t/7f3a9c",
)


def chinese(text: str) -> bytes:
    return cmd.KANJI_ON + text.encode("gb18030") + cmd.KANJI_OFF


@pytest.mark.parametrize("paper_mm", [80, 58])
def test_ticket_matches_golden_bytes(paper_mm):
    data = ticket_bytes(SAMPLE, paper_mm=paper_mm)
    golden = GOLDEN / f"ticket_{paper_mm}mm.bin"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_bytes(data)
    assert data == golden.read_bytes(), f"layout changed; see {GOLDEN / 'README.md'}"


def test_ticket_starts_with_init_and_ends_with_feed_and_cut():
    data = ticket_bytes(SAMPLE)
    assert data.startswith(cmd.INIT)
    assert data.endswith(cmd.FEED_CUT)
    assert data.count(cmd.CUT) == 1


def test_chinese_is_gb18030_inside_fs_and_fs_dot():
    data = ticket_bytes(SAMPLE)
    assert chinese("学生综合教务岗") + cmd.LF in data
    assert chinese("取号时间：2026-12-04 10:31") + cmd.LF in data
    assert "学生".encode() not in data  # no UTF-8
    assert data.count(cmd.KANJI_ON) == data.count(cmd.KANJI_OFF)


def test_full_width_punctuation_survives():
    data = ticket_bytes(SAMPLE)
    assert "、".encode("gb18030") in data and "（".encode("gb18030") in data
    assert b"?" not in data.replace(SAMPLE.status_url.encode(), b"")


def test_large_chinese_uses_gs_bang_and_resets_it():
    data = ticket_bytes(SAMPLE)
    assert cmd.size(2, 2) + chinese("请到14、15号窗口") + cmd.LF + cmd.NORMAL_SIZE in data
    assert cmd.size(1, 2) + chinese("北京化工大学一站式服务大厅") + cmd.LF + cmd.NORMAL_SIZE in data
    assert b"\x1b!" not in data  # ESC ! would size ASCII only


def test_number_is_ascii_at_triple_size():
    data = ticket_bytes(SAMPLE)
    assert cmd.size(3, 3) + b"A012" + cmd.NORMAL_SIZE + cmd.LF in data


def test_qr_carries_the_status_url_with_native_commands():
    data = ticket_bytes(SAMPLE, paper_mm=80)
    url = SAMPLE.status_url.encode()
    assert cmd.qr(url, module_dots=6) in data
    store = b"\x1d(k" + (len(url) + 3).to_bytes(2, "little") + b"\x31\x50\x30" + url
    assert store in data
    assert data.index(store) < data.index(b"\x1d(k\x03\x00\x31\x51\x30")  # stored, then printed


def test_issue_time_is_the_wall_time_passed_in():
    utc = replace(SAMPLE, issued_at=datetime(2026, 12, 4, 2, 31, tzinfo=ZoneInfo("UTC")))
    assert chinese("取号时间：2026-12-04 02:31") in ticket_bytes(utc)


def test_naive_issue_time_is_refused():
    with pytest.raises(ValueError, match="aware"):
        replace(SAMPLE, issued_at=datetime(2026, 12, 4, 10, 31))


def test_nobody_ahead_says_so():
    data = ticket_bytes(replace(SAMPLE, people_ahead=0, estimated_wait_minutes=0))
    assert chinese("前面没有人，请留意叫号") in data


def test_no_estimate_prints_no_minutes():
    data = ticket_bytes(replace(SAMPLE, estimated_wait_minutes=None))
    assert chinese("前面还有 3 人") in data
    assert chinese("等候时间暂无法估计") in data
    assert "分钟".encode("gb18030") not in data


@pytest.mark.parametrize("paper_mm", [57, 76, 110])
def test_other_paper_widths_are_refused(paper_mm):
    with pytest.raises(ValueError, match="58, 80"):
        ticket_bytes(SAMPLE, paper_mm=paper_mm)


def printed_lines(data: bytes) -> list[str]:
    """The text of each line in kanji mode, commands stripped (good enough for plain lines)."""
    lines = []
    for chunk in data.split(cmd.KANJI_ON)[1:]:
        lines.append(chunk.split(cmd.KANJI_OFF)[0].decode("gb18030"))
    return lines


@pytest.mark.parametrize("paper_mm", [80, 58])
def test_every_plain_line_fits_the_paper(paper_mm):
    long_service = "学生出国（境）交流学习相关证明材料审核及成绩单中英文翻译件盖章"
    data = ticket_bytes(replace(SAMPLE, service_name=long_service), paper_mm=paper_mm)
    for line in printed_lines(data):
        assert width(line) <= COLUMNS[paper_mm], line


def test_materials_are_cut_to_the_line_limit_with_an_ellipsis():
    many = tuple(f"第{i}项材料：加盖学院公章的申请表原件一份及复印件两份" for i in range(1, 10))
    data = ticket_bytes(replace(SAMPLE, materials=many), paper_mm=58)
    checklist = [line for line in printed_lines(data) if line.startswith(("□", "  "))]
    assert len(checklist) == MAX_MATERIAL_LINES
    assert checklist[-1].endswith("…")
    assert all(width(line) <= COLUMNS[58] for line in checklist)


def test_no_materials_prints_no_heading():
    data = ticket_bytes(replace(SAMPLE, materials=()))
    assert "请携带".encode("gb18030") not in data


def test_wrap_counts_chinese_as_two_columns():
    assert wrap("一二三四五六七八九十", 10) == ["一二三四五", "六七八九十"]
    assert wrap("ab一二三", 6) == ["ab一二", "三"]
    assert width("A012号") == 6


def test_wrap_keeps_ascii_words_and_moves_closing_punctuation():
    assert wrap("请带passport原件", 10) == ["请带", "passport原", "件"]
    assert wrap("abc passport", 10) == ["abc", "passport"]
    assert wrap("一二三四，五", 8) == ["一二三", "四，五"]  # no line starts with "，"


def test_wrap_splits_a_word_longer_than_the_line():
    assert wrap("x" * 25, 10) == ["x" * 10, "x" * 10, "x" * 5]


def test_with_ellipsis_ends_in_one_within_the_width():
    assert with_ellipsis("一二三四五六", 8) == "一二三…"
    assert with_ellipsis("一二三 四", 8) == "一二三…"  # no space before the ellipsis


def test_emoji_and_four_byte_characters_become_one_visible_mark():
    assert printable("取号😀😀成功") == f"取号{REPLACEMENT}成功"
    assert printable("𠀀字") == f"{REPLACEMENT}字"  # CJK Ext B: four bytes in GB18030


def test_invisible_and_control_characters_are_dropped_or_spaced():
    assert printable("材料\u200b清单\ufe0f") == "材料清单"
    assert printable("身份证\n原件\t复印件") == "身份证 原件 复印件"


def test_unencodable_text_in_the_ticket_prints_the_mark_not_a_question_mark():
    data = ticket_bytes(replace(SAMPLE, service_name="成绩单打印🎓"))
    assert chinese(f"办理事项：成绩单打印{REPLACEMENT}") in data
    assert b"?" not in data.replace(SAMPLE.status_url.encode(), b"")


@pytest.mark.parametrize("number", ["A０12", "A012😀", "", "A0123456789", "A 12"])
def test_a_number_that_cannot_print_exactly_is_refused(number):
    with pytest.raises(UnprintableText) as caught:
        ticket_bytes(replace(SAMPLE, number=number))
    assert caught.value.code == "unprintable_text"


@pytest.mark.parametrize("url", ["http://hall.example/票/1", "", "http://x/" + "a" * 600])
def test_a_status_url_that_cannot_be_a_qr_is_refused(url):
    with pytest.raises(UnprintableText):
        ticket_bytes(replace(SAMPLE, status_url=url))
