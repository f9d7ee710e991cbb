"""The board's fixed UI strings (Chinese first) and their English.

Kept apart from web.i18n's shared table (not registered there): the board's pages translate
from this table first and fall back to the shared one, so the board never forces its wording
on another page, nor another page's on the board (a phone's "{n}号窗口" mid-sentence is
"window {n}", the board's a title, "Window {n}").
"""

from __future__ import annotations

from queue_server.web.i18n import translate

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
SCRIPT_STRINGS = tuple(ENGLISH)


def board_text(text: str, language: str) -> str:
    """`text` in `language`: the board's own English first, then the shared table."""
    if language != "en":
        return text
    return ENGLISH[text] if text in ENGLISH else translate(text, language)


def script_strings(language: str) -> dict[str, str]:
    """The strings the board scripts need, for their JSON config."""
    return {key: board_text(key, language) for key in SCRIPT_STRINGS}
