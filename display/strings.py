"""The screens' fixed UI strings (Chinese first), their English, and the choice of language.

Display's own table, apart from the web pages' (queue_server/web/english.py): the board never
forces its wording on another page, nor another page's on the board (a phone's "{n}号窗口"
mid-sentence could be "window {n}"; on the board it is a title, "Window {n}"). Plain Python:
it imports nothing from queue_server.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

LANGUAGES = ("zh-CN", "en")
DEFAULT_LANGUAGE = "zh-CN"
COOKIE = "hall_lang"  # the cookie the rest of the hall's pages remember the language in

ENGLISH = {
    "正在叫号": "Now calling",
    "请到 {window}": "Please go to {window}",
    "{n}号窗口": "Window {n}",
    "最近叫号": "Recent calls",
    "重呼": "Recall",
    "暂无叫号": "No calls yet",
    "暂停": "Paused",
    "已关闭": "Closed",
    "未开放": "Not staffed",
    "空闲": "Ready",
    "等候 {n} 人": "{n} waiting",
    "约 {low}–{high}": "about {low}–{high}", "约 {opens} 起": "from about {opens}",
    "今日可能办不完": "may not be served today", "暂无法估计": "cannot estimate yet",
    "{when} 开放": "Opens {when}",
    "明天 {time}": "tomorrow {time}",
    "{month}月{day}日": "{month}/{day}",
    "{year}年{month}月{day}日": "{day}/{month}/{year}",
    "启用语音": "Enable sound",
    "语音已启用": "Sound on",
    "连接中断，正在重连…": "Connection lost, reconnecting…",
    "星期日": "Sunday", "星期一": "Monday", "星期二": "Tuesday", "星期三": "Wednesday",
    "星期四": "Thursday", "星期五": "Friday", "星期六": "Saturday",
    "周日": "Sun", "周一": "Mon", "周二": "Tue", "周三": "Wed", "周四": "Thu", "周五": "Fri",
    "周六": "Sat",
    "大厅显示屏": "Lobby board",
    "窗口显示屏": "Window screen",
}

# What the screen scripts (static/*.js) say through HallScreen.t: sent in the page's config.
WEEKDAYS = ("星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六")
SHORT_WEEKDAYS = ("周日", "周一", "周二", "周三", "周四", "周五", "周六")
SCRIPT_STRINGS = (
    "正在叫号", "{n}号窗口", "请到 {window}", "重呼", "暂无叫号", "空闲", "等候 {n} 人",
    "约 {low}–{high}", "约 {opens} 起", "今日可能办不完", "暂无法估计",
    "暂停", "已关闭",
    "未开放", "{when} 开放", "明天 {time}", "{month}月{day}日", "{year}年{month}月{day}日",
    *WEEKDAYS, *SHORT_WEEKDAYS,
)


def choose_language(args: Mapping[str, str], cookies: Mapping[str, str]) -> str:
    """`?lang=` if it names a language, else the remembered cookie, else Chinese."""
    for chosen in (args.get("lang"), cookies.get(COOKIE)):
        if chosen in LANGUAGES:
            return chosen
    return DEFAULT_LANGUAGE


def translate(text: str, language: str) -> str:
    """`text` in `language`; a string without English stays Chinese."""
    return ENGLISH.get(text, text) if language == "en" else text


def strings_for(language: str, keys: Iterable[str] = SCRIPT_STRINGS) -> dict[str, str]:
    """The scripts' strings in one language, for the page's JSON config."""
    return {key: translate(key, language) for key in keys}
