"""Translations: one table and one lookup per package (web, display); scripts get every
string they ask for in English; display looks strings up without queue_server."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from display import strings as display_strings
from queue_server.web import booking, english, kiosk, live, phone, ratings, reports, window
from queue_server.web.i18n import strings_for, translate

ROOT = Path(__file__).resolve().parents[2]
WEB_STATIC = ROOT / "queue_server" / "web" / "static"
DISPLAY = ROOT / "display"
# A script's string lookup with a literal key: S("…") in kiosk/phone, T("…") in window,
# t("…") on the screens (not .t( or split( or other names ending in t).
LITERAL_KEY = re.compile(r'(?<![\w.$])[STt]\(\s*"([^"]*)"')

WEB_SCRIPTS = {"kiosk.js": kiosk.JS_STRINGS, "kiosk_device.js": kiosk.JS_STRINGS, "phone.js": phone.JS_STRINGS,
               "window.js": window.STRINGS, "live.js": live.STRINGS,
               "pad.js": ratings.PAD_STRINGS, "ratings.js": ratings.ADMIN_STRINGS,
               "reports.js": reports.JS_STRINGS, "booking.js": booking.JS_STRINGS,
               "check_in.js": booking.JS_STRINGS, "bookings_staff.js": booking.STAFF_STRINGS}
# Admin scripts read their words from a JSON block or data- attribute of their template,
# written there as `"key": t("key")`: T("…") in the script, t("…") in the template.
ADMIN_SCRIPTS = {"admin_hall.js": "admin_hall.html", "admin_kiosks.js": "admin.html",
                 "admin_periods.js": "admin_periods.html"}


@pytest.mark.parametrize("script", sorted(WEB_SCRIPTS))
def test_every_string_a_web_script_asks_for_is_sent_and_has_english(script):
    keys = WEB_SCRIPTS[script]
    used = set(LITERAL_KEY.findall((WEB_STATIC / script).read_text(encoding="utf-8")))
    assert used <= set(keys), f"{script} asks for strings its page does not send"
    assert set(keys) <= set(english.ENGLISH), "keys without English"
    sent = strings_for("en", keys)
    assert all(sent[key] == english.ENGLISH[key] for key in keys)


def test_every_string_a_screen_script_asks_for_is_sent_and_has_english():
    used = set()
    for script in (DISPLAY / "static").glob("*.js"):
        used |= set(LITERAL_KEY.findall(script.read_text(encoding="utf-8")))
    keys = set(display_strings.SCRIPT_STRINGS)
    assert used <= keys, "a screen script asks for strings its page does not send"
    assert keys <= set(display_strings.ENGLISH), "keys without English"
    assert display_strings.strings_for("en")["{n}号窗口"] == "Window {n}"


def test_every_string_a_screen_template_translates_has_english():
    pattern = re.compile(r"""(?<![\w.])t\(\s*(?:"([^"]*)"|'([^']*)')""")
    for template in (DISPLAY / "templates" / "display").glob("*.html"):
        for pair in pattern.findall(template.read_text(encoding="utf-8")):
            key = pair[0] or pair[1]
            assert key in display_strings.ENGLISH, (template.name, key)


TEMPLATE_KEY = re.compile(r"""(?<![\w.])t\(\s*(?:"([^"]*)"|'([^']*)')""")


def test_every_string_a_web_template_translates_has_english():
    for template in (ROOT / "queue_server" / "web" / "templates").rglob("*.html"):
        for pair in TEMPLATE_KEY.findall(template.read_text(encoding="utf-8")):
            key = pair[0] or pair[1]
            assert key in english.ENGLISH, (template.name, key)


@pytest.mark.parametrize("script", sorted(ADMIN_SCRIPTS))
def test_every_string_an_admin_script_asks_for_its_template_translates(script):
    used = set(re.findall(r'(?<![\w.$])T\(\s*"([^"]*)"',
                          (WEB_STATIC / script).read_text(encoding="utf-8")))
    template = ROOT / "queue_server" / "web" / "templates" / ADMIN_SCRIPTS[script]
    given = {a or b for a, b in TEMPLATE_KEY.findall(template.read_text(encoding="utf-8"))}
    assert used and used <= given, sorted(used - given)


def test_web_lookup():
    assert translate("取号机", "en") == "Kiosk"
    assert translate("取号机", "zh-CN") == "取号机"
    assert translate("这句话没有英文", "en") == "这句话没有英文"  # falls back to the Chinese


def test_display_lookup_is_its_own():
    assert display_strings.translate("未开放", "en") == "Not staffed"
    assert display_strings.translate("未开放", "zh-CN") == "未开放"
    assert display_strings.translate("这句话没有英文", "en") == "这句话没有英文"
    assert "未开放" not in english.ENGLISH  # display's words stay in display's table


def test_display_chooses_the_language_from_the_query_then_the_cookie():
    choose, cookie = display_strings.choose_language, display_strings.COOKIE
    assert choose({}, {}) == "zh-CN"
    assert choose({"lang": "en"}, {}) == "en"
    assert choose({}, {cookie: "en"}) == "en"
    assert choose({"lang": "zh-CN"}, {cookie: "en"}) == "zh-CN"
    assert choose({"lang": "klingon"}, {cookie: "fr"}) == "zh-CN"


def test_display_imports_nothing_from_queue_server():
    probe = ("import sys, display, display.strings, display.announce; "
             "print(sorted(m for m in sys.modules if m.split('.')[0] == 'queue_server'))")
    result = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True,
                            text=True, check=True)
    assert result.stdout.strip() == "[]"


def test_every_rule_the_admin_page_labels_has_english():
    """admin_hall.html says each rule's label with t(f.label): not a literal key."""
    from queue_server import rules

    labels = {f["label"] for f in rules.described() if f.get("label")}
    assert labels and labels <= set(english.ENGLISH), sorted(labels - set(english.ENGLISH))


def test_every_refusal_the_kiosk_rewords_is_sent_and_has_english():
    script = (WEB_STATIC / "kiosk_device.js").read_text(encoding="utf-8")
    block = re.search(r"const REFUSALS = \{(.*?)\};", script, re.DOTALL).group(1)
    words = set(re.findall(r':\s*"([^"]*)"', block))
    assert words and words <= set(kiosk.JS_STRINGS) and words <= set(english.ENGLISH)
