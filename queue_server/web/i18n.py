"""UI language: Chinese first (zh-CN), English available. Catalog text always stays Chinese.

Fixed UI strings are written in Chinese in templates and scripts; each page module registers
the English for its own strings with `register({...})`. `t("取号")` gives the string in the
visitor's language; `?lang=en` or `?lang=zh-CN` chooses and remembers it in a cookie.
"""

from __future__ import annotations

from flask import Flask, g, request

LANGUAGES = ("zh-CN", "en")
COOKIE = "hall_lang"
ENGLISH: dict[str, str] = {}


def register(english: dict[str, str]) -> None:
    """Add a page's English strings, keyed by their Chinese text.

    One Chinese string has one English meaning across the app: registering it again with
    another translation is a mistake caught at import, not a page showing the wrong word.
    """
    for chinese, translation in english.items():
        known = ENGLISH.setdefault(chinese, translation)
        if known != translation:
            raise ValueError(f"{chinese!r} is already translated as {known!r}, "
                             f"not {translation!r}")


def current_language() -> str:
    chosen = request.args.get("lang") or request.cookies.get(COOKIE) or "zh-CN"
    return chosen if chosen in LANGUAGES else "zh-CN"


def translate(text: str, language: str | None = None) -> str:
    language = language or getattr(g, "lang", "zh-CN")
    return ENGLISH.get(text, text) if language == "en" else text


def strings_for(language: str, keys) -> dict[str, str]:
    """A page script's strings in one language, for `window.I18N`."""
    return {key: translate(key, language) for key in keys}


register({
    "中文": "中文", "English": "English", "屏幕": "Screens", "取号机": "Kiosk",
    "大厅显示屏": "Lobby board", "窗口": "Window", "服务器内部错误": "Internal error",
})


def install(app: Flask) -> None:
    @app.before_request
    def choose_language() -> None:
        g.lang = current_language()

    @app.after_request
    def remember_language(response):
        if request.args.get("lang") in LANGUAGES:
            response.set_cookie(COOKIE, request.args["lang"], max_age=365 * 86400,
                                samesite="Lax")
        return response

    @app.context_processor
    def i18n_globals() -> dict:
        return {"t": translate, "lang": getattr(g, "lang", "zh-CN")}
