"""What the hall says when a ticket is called: the Mandarin sentence and its audio clips (pure).

`announcement("A012", 8)` is "请A零一二号到八号窗口": the ticket number is read digit by
digit ("digits", the default: A零一二) or as a quantity ("natural": A十二); the window number
is always read as a quantity (八号窗口, 十四号窗口), the way counters are named aloud.
`clip_sequence` gives the same sentence as the names of the pre-recorded clips the board
plays when the browser has no Mandarin voice (display/static/audio/<name>.ogg).
The board's JavaScript (display/static/announcer.js) implements the same reading; the
browser test compares both.
"""

from __future__ import annotations

import re

READINGS = ("digits", "natural")
DIGITS = "零一二三四五六七八九"
_NUMBER = re.compile(r"^([A-Z]{1,3})(\d{1,4})$")

# Each spoken piece → its clip name (ASCII, so file names travel anywhere).
PHRASE_CLIPS = {"请": "qing", "号": "hao", "到": "dao", "号窗口": "haochuangkou"}
DIGIT_CLIPS = {"零": "ling", "一": "yi", "二": "er", "三": "san", "四": "si", "五": "wu",
               "六": "liu", "七": "qi", "八": "ba", "九": "jiu", "十": "shi", "百": "bai",
               "千": "qian"}
CHIME = "chime"


def natural(n: int) -> str:
    """0..9999 as a Mandarin quantity: 12 → 十二, 105 → 一百零五, 110 → 一百一十."""
    if not 0 <= n <= 9999:
        raise ValueError(f"cannot read {n} as a hall number")
    if n == 0:
        return "零"
    if 10 <= n < 20:
        return "十" + (DIGITS[n % 10] if n % 10 else "")
    out, zero_pending = "", False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = n // value % 10
        if digit == 0:
            zero_pending = bool(out)
            continue
        if zero_pending:
            out += "零"
            zero_pending = False
        out += DIGITS[digit] + unit
    return out


def _split(number: str) -> tuple[str, str]:
    match = _NUMBER.match(number.strip().upper())
    if match is None:
        raise ValueError(f"not a ticket number: {number!r}")
    return match.group(1), match.group(2)


def _check(window_no: int, reading: str) -> None:
    if reading not in READINGS:
        raise ValueError(f"reading must be one of {READINGS}, not {reading!r}")
    if isinstance(window_no, bool) or not isinstance(window_no, int) or not 0 < window_no < 1000:
        raise ValueError(f"not a window number: {window_no!r}")


def spoken_number(number: str, *, reading: str = "digits") -> str:
    """The ticket number as said aloud: "A012" → "A零一二" (digits) or "A十二" (natural)."""
    _check(1, reading)
    letters, digits = _split(number)
    if reading == "digits":
        return letters + "".join(DIGITS[int(d)] for d in digits)
    return letters + natural(int(digits))


def announcement(number: str, window_no: int, *, reading: str = "digits") -> str:
    """The sentence to speak: "请A零一二号到八号窗口" (digits) / "请A十二号到八号窗口"."""
    _check(window_no, reading)
    return f"请{spoken_number(number, reading=reading)}号到{natural(window_no)}号窗口"


def syllables(number: str, window_no: int, *, reading: str = "digits") -> list[str]:
    """The spoken pieces in order: 请, A, 零, 一, 二, 号, 到, 八, 号窗口."""
    _check(window_no, reading)
    letters, _ = _split(number)
    said = spoken_number(number, reading=reading)[len(letters):]
    return ["请", *letters, *said, "号", "到", *natural(window_no), "号窗口"]


def clip_name(piece: str) -> str:
    """The clip that says one spoken piece: 请 → qing, A → letter-a, 十 → shi."""
    if piece in PHRASE_CLIPS:
        return PHRASE_CLIPS[piece]
    if piece in DIGIT_CLIPS:
        return DIGIT_CLIPS[piece]
    if len(piece) == 1 and "A" <= piece <= "Z":
        return f"letter-{piece.lower()}"
    raise ValueError(f"no clip for {piece!r}")


def clip_sequence(number: str, window_no: int, reading: str = "digits") -> list[str]:
    """The clips the fallback player joins: chime, qing, letter-a, ling, yi, er, hao, …."""
    return [CHIME, *(clip_name(p) for p in syllables(number, window_no, reading=reading))]


def all_clip_names() -> list[str]:
    """Every clip the board may ask for (what docs/make_clips.py must produce)."""
    letters = [f"letter-{chr(c)}" for c in range(ord("a"), ord("z") + 1)]
    return [CHIME, *PHRASE_CLIPS.values(), *DIGIT_CLIPS.values(), *letters]
