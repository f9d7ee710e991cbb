"""ESC/POS bytes drawn as the paper would show them (PNG), for the preview:// device and docs.

Interprets the subset `layout` emits: ESC @, ESC a, ESC E, ESC !, ESC d, GS !, FS & / FS .
(GB18030 text), LF, GS ( k QR store/print (drawn with `qrcode`), GS V cut; DLE EOT queries
are skipped. Anything else raises UnsupportedCommand. Dots are 203 dpi thermal dots: font A
cells are 12 x 24 (ASCII) and 24 x 24 (two-byte characters). Chinese is drawn with a real CJK
font found on the system (Debian: fonts-wqy-microhei); without one NoCjkFont is raised.
"""

import io
import subprocess
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

import qrcode
from PIL import Image, ImageDraw, ImageFont

from printer.errors import NoCjkFont, UnsupportedCommand

PRINTABLE_DOTS = {58: 384, 80: 576}
DOTS_PER_MM = 8
CELL_HEIGHT = 24
LINE_GAP = 6
CJK_FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
)
_QR_EC = {
    0x30: qrcode.constants.ERROR_CORRECT_L,
    0x31: qrcode.constants.ERROR_CORRECT_M,
    0x32: qrcode.constants.ERROR_CORRECT_Q,
    0x33: qrcode.constants.ERROR_CORRECT_H,
}


def render_png(data: bytes, *, paper_mm: int = 80, font_path: Path | None = None) -> bytes:
    """The paper that `data` would print, as PNG bytes (8 dots per mm, black on white)."""
    if paper_mm not in PRINTABLE_DOTS:
        raise ValueError(f"paper width must be one of {sorted(PRINTABLE_DOTS)} mm, got {paper_mm}")
    path = str(font_path) if font_path else find_cjk_font()
    _font(path, CELL_HEIGHT)  # fail early and clearly on a font that cannot load
    paper = _Paper(PRINTABLE_DOTS[paper_mm], path)
    _interpret(data, paper)
    image = paper.image(paper_mm * DOTS_PER_MM)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def find_cjk_font() -> str:
    """Path of a font that draws Chinese: well-known Debian paths first, then fontconfig."""
    for candidate in CJK_FONT_CANDIDATES:
        if Path(candidate).is_file():
            return candidate
    for command in (["fc-list", ":lang=zh", "file"], ["fc-match", "-f", "%{file}", ":lang=zh"]):
        try:
            listed = subprocess.run(
                command, check=False, capture_output=True, text=True, timeout=10
            ).stdout
        except (OSError, subprocess.SubprocessError):
            continue
        for entry in listed.splitlines():
            path = entry.split(":")[0].strip()
            if path and Path(path).is_file() and _draws_chinese(path):
                return path
    raise NoCjkFont(
        "no font that draws Chinese was found; install Debian's fonts-wqy-microhei "
        "(or fonts-noto-cjk)"
    )


def _draws_chinese(path: str) -> bool:
    """True unless distinct ideographs come out as the same (tofu) box."""
    try:
        font = ImageFont.truetype(path, CELL_HEIGHT)
    except OSError:
        return False
    return _alone(font, "中") != _alone(font, "国")


def _alone(font: ImageFont.FreeTypeFont, char: str) -> bytes:
    """The pixels of one character drawn alone (Pillow 13 dropped the raw mask's bytes)."""
    image = Image.new("L", (CELL_HEIGHT * 2, CELL_HEIGHT * 2))
    ImageDraw.Draw(image).text((0, 0), char, font=font, fill=255)
    return image.tobytes()


@cache
def _font(path: str, size: int) -> ImageFont.FreeTypeFont:
    try:
        font = ImageFont.truetype(path, size)
    except OSError as err:
        raise NoCjkFont(f"cannot load font {path}: {err}") from err
    return font


@dataclass
class _Char:
    text: str
    cell: int  # dots across before scaling: 12 or 24
    width: int
    height: int
    bold: bool


@dataclass
class _Paper:
    """Printed rows as images, plus the print-mode state the commands change."""

    dots: int
    font_path: str
    rows: list[Image.Image] = field(default_factory=list)
    line: list[_Char] = field(default_factory=list)
    align: int = 0
    bold: bool = False
    kanji: bool = False
    gs_size: tuple[int, int] = (1, 1)
    esc_mode: int = 0
    qr_data: bytes = b""
    qr_module: int = 3
    qr_ec: int = 0x30

    def reset(self) -> None:
        self.align, self.bold, self.kanji, self.gs_size, self.esc_mode = 0, False, False, (1, 1), 0

    def add_text(self, text: str, *, two_byte: bool) -> None:
        if two_byte:
            width, height, bold, cell = *self.gs_size, self.bold, 24
        else:  # ESC ! sizes single-byte characters only
            width = max(self.gs_size[0], 2 if self.esc_mode & 0x20 else 1)
            height = max(self.gs_size[1], 2 if self.esc_mode & 0x10 else 1)
            bold, cell = self.bold or bool(self.esc_mode & 0x08), 12
        self.line.extend(_Char(ch, cell, width, height, bold) for ch in text)

    def print_line(self) -> None:
        """LF: print the buffer (wrapping at the paper edge as a printer does), or feed a line."""
        if not self.line:
            self.rows.append(Image.new("L", (self.dots, CELL_HEIGHT + LINE_GAP), 255))
            return
        physical: list[list[_Char]] = [[]]
        used = 0
        for char in self.line:
            advance = char.cell * char.width
            if used + advance > self.dots and physical[-1]:
                physical.append([])
                used = 0
            physical[-1].append(char)
            used += advance
        for chars in physical:
            self.rows.append(self._draw(chars))
        self.line = []

    def _draw(self, chars: list[_Char]) -> Image.Image:
        height = max(c.height for c in chars) * CELL_HEIGHT
        row = Image.new("L", (self.dots, height + LINE_GAP), 255)
        x = self._offset(sum(c.cell * c.width for c in chars))
        for char in chars:
            glyph = _glyph(self.font_path, char.text, char.cell, char.width, char.height, char.bold)
            row.paste(0, (x, height - glyph.height), glyph)  # characters sit on the baseline
            x += glyph.width
        return row

    def _offset(self, used: int) -> int:
        return {0: 0, 1: (self.dots - used) // 2, 2: self.dots - used}.get(self.align, 0)

    def print_qr(self) -> None:
        if self.line:
            self.print_line()
        if not self.qr_data:
            return
        code = qrcode.QRCode(error_correction=_QR_EC.get(self.qr_ec, _QR_EC[0x30]),
                             box_size=self.qr_module, border=0)
        code.add_data(self.qr_data)
        code.make(fit=True)
        symbol = code.make_image(fill_color="black", back_color="white").get_image().convert("L")
        row = Image.new("L", (self.dots, symbol.height + LINE_GAP), 255)
        row.paste(symbol, (max(self._offset(symbol.width), 0), 0))
        self.rows.append(row)

    def feed(self, lines: int) -> None:
        if self.line:
            self.print_line()
            lines -= 1
        for _ in range(max(lines, 0)):
            self.print_line()

    def cut(self) -> None:
        if self.line:
            self.print_line()
        row = Image.new("L", (self.dots, 2 * LINE_GAP), 255)
        draw = ImageDraw.Draw(row)
        for x in range(0, self.dots, 12):
            draw.line([(x, LINE_GAP), (x + 6, LINE_GAP)], fill=128, width=2)
        self.rows.append(row)

    def image(self, paper_dots: int) -> Image.Image:
        if self.line:
            self.print_line()
        margin = (paper_dots - self.dots) // 2
        top = 3 * LINE_GAP
        height = top + sum(row.height for row in self.rows) + LINE_GAP
        page = Image.new("L", (paper_dots, height), 255)
        y = top
        for row in self.rows:
            page.paste(row, (margin, y))
            y += row.height
        return page


@lru_cache(maxsize=4096)
def _glyph(font_path: str, ch: str, cell: int, width: int, height: int, bold: bool) -> Image.Image:
    """A white-on-black mask of one character filling its font-A cell scaled `width` x `height`.

    Drawn at the scaled size (smoother than a blown-up bitmap), then squeezed or stretched the
    way GS ! stretches a printer's font when the two factors differ.
    """
    box_w, box_h = cell * width, CELL_HEIGHT * height
    font = _font(font_path, (CELL_HEIGHT - 2) * height)
    canvas = Image.new("L", (2 * cell * height, box_h), 0)
    draw = ImageDraw.Draw(canvas)
    for dx in range(height + 1) if bold else (0,):
        draw.text((cell * height + dx, box_h - 4 * height), ch, font=font, fill=255, anchor="ms")
    ink_box = canvas.getbbox()
    glyph = Image.new("L", (box_w, box_h), 0)
    if ink_box is None:
        return glyph
    ink = canvas.crop((ink_box[0], 0, ink_box[2], box_h))
    ink_w = min(box_w, max(1, round(ink.width * width / height)))
    if ink_w != ink.width:
        ink = ink.resize((ink_w, box_h), Image.LANCZOS)
    glyph.paste(ink, ((box_w - ink.width) // 2, 0))
    return glyph


def _interpret(data: bytes, paper: _Paper) -> None:
    i, n = 0, len(data)

    def arg(at: int) -> int:
        if at >= n:
            raise UnsupportedCommand(f"command at byte {i} is cut short")
        return data[at]

    while i < n:
        byte = data[i]
        if byte == 0x0A:
            paper.print_line()
            i += 1
        elif byte == 0x0D:
            i += 1
        elif byte == 0x1B:
            i = _esc(data, i, arg(i + 1), arg, paper)
        elif byte == 0x1D:
            i = _gs(data, i, arg(i + 1), arg, paper)
        elif byte == 0x1C:
            op = arg(i + 1)
            if op not in (0x26, 0x2E):
                raise UnsupportedCommand(f"FS {op:#04x} at byte {i}")
            paper.kanji = op == 0x26
            i += 2
        elif byte == 0x10:  # DLE EOT n: real-time status query, prints nothing
            if arg(i + 1) != 0x04:
                raise UnsupportedCommand(f"DLE {data[i + 1]:#04x} at byte {i}")
            i += 3
        elif byte < 0x20:
            raise UnsupportedCommand(f"control byte {byte:#04x} at byte {i}")
        else:
            i = _text(data, i, paper)


def _esc(data: bytes, i: int, op: int, arg, paper: _Paper) -> int:
    if op == 0x40:  # @
        paper.reset()
        return i + 2
    value = arg(i + 2)
    if op == 0x61:  # a
        paper.align = value - 0x30 if value >= 0x30 else value
    elif op == 0x45:  # E
        paper.bold = bool(value & 1)
    elif op == 0x21:  # !
        paper.esc_mode = value
    elif op == 0x64:  # d
        paper.feed(value)
    else:
        raise UnsupportedCommand(f"ESC {op:#04x} at byte {i}")
    return i + 3


def _gs(data: bytes, i: int, op: int, arg, paper: _Paper) -> int:
    if op == 0x21:  # !
        value = arg(i + 2)
        paper.gs_size = ((value >> 4) + 1, (value & 0x0F) + 1)
        return i + 3
    if op == 0x56:  # V m [n]
        mode = arg(i + 2)
        paper.cut()
        return i + 4 if mode in (0x41, 0x42) else i + 3
    if op == 0x28 and arg(i + 2) == 0x6B:  # ( k pL pH cn fn params
        length = arg(i + 3) | arg(i + 4) << 8
        end = i + 5 + length
        if end > len(data) or length < 2:
            raise UnsupportedCommand(f"GS ( k at byte {i} is cut short")
        cn, fn, params = data[i + 5], data[i + 6], data[i + 7 : end]
        if cn != 0x31:
            raise UnsupportedCommand(f"GS ( k symbol {cn:#04x} at byte {i}: only QR is drawn")
        if fn == 0x43:
            paper.qr_module = params[0]
        elif fn == 0x45:
            paper.qr_ec = params[0]
        elif fn == 0x50:
            paper.qr_data = params[1:]
        elif fn == 0x51:
            paper.print_qr()
        return end
    raise UnsupportedCommand(f"GS {op:#04x} at byte {i}")


def _text(data: bytes, i: int, paper: _Paper) -> int:
    """Consume a run of printable bytes up to the next control byte."""
    end = i
    while end < len(data) and data[end] >= 0x20:
        end += 1
    run = data[i:end]
    if not paper.kanji:
        paper.add_text(run.decode("cp437"), two_byte=False)
        return end
    for ch in run.decode("gb18030", errors="replace"):
        paper.add_text(ch, two_byte=ord(ch) >= 0x80)
    return end
