"""Pinyin spellings of Chinese text (full and initials), for readable ids and search."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from pypinyin import Style, lazy_pinyin

_CJK_RE = re.compile(r"[\u3400-\u9fff]")
_ALNUM_RE = re.compile(r"[0-9a-z]+")


def _chunks(text: str, style: Style) -> list[str]:
    out: list[str] = []
    for chunk in lazy_pinyin(text, style=style, errors="default"):
        out.extend(_ALNUM_RE.findall(chunk.lower()))
    return out


@lru_cache(maxsize=4096)
def syllables(text: str) -> tuple[str, ...]:
    """Toneless pinyin syllable by syllable; Latin words and digits kept whole."""
    return tuple(_chunks(normalise(text), Style.NORMAL))


def full(text: str) -> str:
    """Toneless pinyin without spaces; other letters and digits kept: 校园卡 → xiaoyuanka."""
    return "".join(syllables(text))


@lru_cache(maxsize=4096)
def initials(text: str) -> str:
    """First letters of each Chinese syllable; Latin words kept whole: 学生证补办 → xszbb."""
    return "".join(_chunks(normalise(text), Style.FIRST_LETTER))


def normalise(text: str) -> str:
    """NFKC (full-width to half-width), lower case, no whitespace."""
    return "".join(unicodedata.normalize("NFKC", text).lower().split())


def has_chinese(text: str) -> bool:
    return bool(_CJK_RE.search(text))
