"""UI language: Chinese first (zh-CN), English available. Catalog text always stays Chinese.

Fixed UI strings are written in Chinese in templates and scripts; their English is the one
table in `english.py`. `translate("取号")` (`t` in templates) gives the string in the visitor's
language; page scripts get theirs with `strings_for(lang, keys)`. `?lang=en` or `?lang=zh-CN`
chooses and remembers it in a cookie.
"""

from __future__ import annotations

from flask import Flask, g, request

from queue_server.web.english import ENGLISH

LANGUAGES = ("zh-CN", "en")
COOKIE = "hall_lang"


def current_language() -> str:
    chosen = request.args.get("lang") or request.cookies.get(COOKIE) or "zh-CN"
    return chosen if chosen in LANGUAGES else "zh-CN"


def translate(text: str, language: str | None = None) -> str:
    """`text` in `language` (default: the request's); a string without English stays Chinese."""
    language = language or getattr(g, "lang", "zh-CN")
    return ENGLISH.get(text, text) if language == "en" else text


def strings_for(language: str, keys) -> dict[str, str]:
    """A page script's strings in one language, for `window.I18N`."""
    return {key: translate(key, language) for key in keys}


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
        return {"t": translate, "lang": getattr(g, "lang", "zh-CN"), "ct": catalog_text}


def catalog_text(entry, field: str = "name") -> str:
    """Catalog words in the page's language: an entry's (or its JSON's) `<field>_en` in
    English when the catalog has one, else the Chinese as the guide wrote it."""
    def value(name: str):
        return entry.get(name, "") if isinstance(entry, dict) else getattr(entry, name, "")

    chinese = value(field)
    if getattr(g, "lang", "zh-CN") != "en":
        return chinese
    return value("hours_en" if field == "hours_text" else f"{field}_en") or chinese
