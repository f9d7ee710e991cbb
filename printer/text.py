"""What a GB18030 printer can show: cleaning text, its width in columns, wrapping and shortening.

Policy for characters the printer cannot show. Chinese thermal printers carry fonts for the
two-byte part of GB18030 (the GBK repertoire) and for printable ASCII; four-byte GB18030
sequences (emoji, rare ideographs) and anything else come out as `?` or garbage. So:

- tabs, newlines and other whitespace controls become a plain space;
- invisible format characters (zero-width joiners, variation selectors, BOM) are dropped;
- every other character without a one-byte ASCII or two-byte GB18030 code becomes REPLACEMENT
  ("〓", the typesetter's mark for a missing character); a run of them becomes one mark.

Text that must print exactly (the ticket number, the QR URL) is checked by the layout instead
and refused with `UnprintableText`.
"""

import unicodedata

REPLACEMENT = "〓"
ELLIPSIS = "…"

_NO_LINE_START = set("，。、；：？！）》」』】〕…,.;:?!)%")


def _shows(ch: str) -> bool:
    if " " <= ch <= "~":
        return True
    try:
        return len(ch.encode("gb18030")) == 2
    except UnicodeEncodeError:
        return False


def _invisible(ch: str) -> bool:
    code = ord(ch)
    return (
        unicodedata.category(ch) in ("Cc", "Cf")
        or 0xFE00 <= code <= 0xFE0F
        or 0xE0100 <= code <= 0xE01EF
    )


def printable(text: str) -> str:
    """`text` with every character the printer cannot show replaced or dropped (see the policy)."""
    out: list[str] = []
    for ch in unicodedata.normalize("NFC", text):
        if ch.isspace() and ch != "\u3000":
            ch = " "
        elif _invisible(ch):
            continue
        elif not _shows(ch):
            ch = REPLACEMENT
        if ch == REPLACEMENT and out and out[-1] == REPLACEMENT:
            continue
        out.append(ch)
    return "".join(out)


def width(text: str) -> int:
    """Columns `text` takes in font A: ASCII 1, every two-byte character 2 (assumes cleaned text)."""
    return sum(1 if ord(ch) < 0x80 else 2 for ch in text)


def encode(text: str) -> bytes:
    """GB18030 bytes of cleaned text."""
    return text.encode("gb18030")


def _tokens(text: str) -> list[str]:
    """ASCII words stay whole; every other character is a token of its own."""
    tokens: list[str] = []
    word = ""
    for ch in text:
        if "!" <= ch <= "~":
            word += ch
            continue
        if word:
            tokens.append(word)
            word = ""
        tokens.append(ch)
    if word:
        tokens.append(word)
    return tokens


def wrap(text: str, columns: int) -> list[str]:
    """Cleaned `text` broken into lines of at most `columns` columns.

    ASCII words are not split unless longer than a line, lines do not start with closing
    punctuation, and spaces at line ends are dropped. Empty text gives no lines.
    """
    if columns < 2:
        raise ValueError(f"cannot wrap to {columns} columns")
    lines: list[str] = []
    line = ""
    for token in _tokens(printable(text)):
        if width(line) + width(token) <= columns:
            line += token
            continue
        if token == " ":
            lines.append(line)
            line = ""
            continue
        if width(token) > columns:  # a word longer than a line: split it by characters
            for ch in token:
                if width(line) + width(ch) > columns:
                    lines.append(line)
                    line = ""
                line += ch
            continue
        carried = ""
        if token[0] in _NO_LINE_START and len(line.rstrip()) > 1:
            line, carried = line[:-1], line[-1]
        lines.append(line)
        line = carried + token
    lines.append(line)
    return [stripped for stripped in (item.strip(" ") for item in lines) if stripped]


def with_ellipsis(text: str, columns: int) -> str:
    """Cleaned `text` ending in "…", cut as much as needed to fit `columns` with it."""
    text = printable(text)
    kept = ""
    for ch in text:
        if width(kept) + width(ch) + width(ELLIPSIS) > columns:
            break
        kept += ch
    return kept.rstrip(" ") + ELLIPSIS
