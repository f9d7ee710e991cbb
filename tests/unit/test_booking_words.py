"""The 预约 pages and the clerk's 绿色通道 say everything in English too."""

from __future__ import annotations

import re
from pathlib import Path

from queue_server.priority import REASONS
from queue_server.web import booking, english, window
from queue_server.web.reports import COLUMNS

ROOT = Path(__file__).resolve().parents[2]
STATIC = ROOT / "queue_server" / "web" / "static"
TEMPLATES = ROOT / "queue_server" / "web" / "templates"
LITERAL_KEY = re.compile(r'(?<![\w.$])[STt]\(\s*"([^"]*)"')
TEMPLATE_KEY = re.compile(r"""(?<![\w.])t\(\s*(?:"([^"]*)"|'([^']*)')""")


def test_the_booking_scripts_ask_only_for_strings_they_are_sent_with_english():
    for script, keys in (("booking.js", booking.JS_STRINGS),
                         ("check_in.js", booking.JS_STRINGS),
                         ("bookings_staff.js", booking.STAFF_STRINGS)):
        used = set(LITERAL_KEY.findall((STATIC / script).read_text(encoding="utf-8")))
        assert used <= set(keys), script
        assert set(keys) <= set(english.ENGLISH), script


def test_the_booking_templates_have_english():
    for template in (TEMPLATES / "booking").glob("*.html"):
        for pair in TEMPLATE_KEY.findall(template.read_text(encoding="utf-8")):
            assert (pair[0] or pair[1]) in english.ENGLISH, (template.name, pair)
    assert set(booking.STATE_WORDS.values()) <= set(english.ENGLISH)


def test_the_clerks_priority_words_and_the_report_columns_have_english():
    assert set(REASONS.values()) <= set(english.ENGLISH)
    assert set(window.STRINGS) <= set(english.ENGLISH)
    assert {title for _key, title, _kind in COLUMNS} <= set(english.ENGLISH)
