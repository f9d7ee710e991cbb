"""The preview renderer draws the golden ticket as paper, with real Chinese and a real QR.

`UPDATE_GOLDEN=1` also redraws docs/img/ticket-preview.png from the 80 mm golden bytes.
"""

import io
import os
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from printer import commands as cmd
from printer import preview
from printer.errors import NoCjkFont, UnsupportedCommand
from printer.preview import render_png

GOLDEN = Path(__file__).parent / "golden"
DOCS_IMAGE = Path(__file__).parents[2] / "docs" / "img" / "ticket-preview.png"


def picture(data: bytes, paper_mm: int = 80) -> Image.Image:
    return Image.open(io.BytesIO(render_png(data, paper_mm=paper_mm))).convert("L")


def ink(image: Image.Image, box: tuple[int, int, int, int]) -> int:
    return sum(image.crop(box).histogram()[:128])  # dark pixels


@pytest.mark.parametrize(("paper_mm", "width"), [(80, 640), (58, 464)])
def test_golden_ticket_renders_as_paper_of_the_right_width(paper_mm, width):
    image = picture((GOLDEN / f"ticket_{paper_mm}mm.bin").read_bytes(), paper_mm)
    assert image.width == width
    assert 600 < image.height < 2500
    if paper_mm == 80 and os.environ.get("UPDATE_GOLDEN"):
        DOCS_IMAGE.parent.mkdir(parents=True, exist_ok=True)
        image.save(DOCS_IMAGE)


def test_the_number_is_inked_big_and_centred():
    data = (GOLDEN / "ticket_80mm.bin").read_bytes()
    number_line = cmd.size(3, 3) + b"A012" + cmd.NORMAL_SIZE + cmd.LF
    start = data.index(number_line)
    image = picture(data)
    top = picture(data[:start]).height - preview.LINE_GAP  # less the bottom margin
    band = (0, top, image.width, top + 3 * preview.CELL_HEIGHT)
    assert ink(image, band) > 2000
    left, right = ink(image, (0, band[1], 240, band[3])), ink(image, (400, band[1], 640, band[3]))
    assert left == right == 0  # four triple-width characters fill only the middle 144 dots


def test_chinese_is_drawn_as_distinct_glyphs_not_boxes():
    def glyph(ch: str) -> bytes:
        return picture(cmd.KANJI_ON + ch.encode("gb18030") + cmd.KANJI_OFF + cmd.LF).tobytes()

    assert glyph("中") != glyph("国") != glyph("号")
    assert glyph("中") != picture(cmd.LF).tobytes()


def test_qr_is_drawn_where_the_commands_print_it():
    blank = picture(cmd.LF)
    with_qr = picture(cmd.qr(b"http://hall.example/t/1", module_dots=6))
    assert with_qr.height > blank.height + 100


def test_commands_outside_the_subset_are_refused():
    with pytest.raises(UnsupportedCommand, match="GS 0x42"):
        render_png(b"\x1dB\x01reverse\n")


def test_unknown_paper_width_is_refused():
    with pytest.raises(ValueError):
        render_png(cmd.LF, paper_mm=76)


def test_without_a_cjk_font_a_clear_error_is_raised(monkeypatch):
    monkeypatch.setattr(preview, "CJK_FONT_CANDIDATES", ())

    def no_fonts(command, **kwargs):
        return subprocess.CompletedProcess(command, 0, stdout="", stderr="")

    monkeypatch.setattr(preview.subprocess, "run", no_fonts)
    with pytest.raises(NoCjkFont, match="fonts-wqy-microhei") as caught:
        render_png(cmd.LF)
    assert caught.value.code == "no_cjk_font"


def test_a_latin_only_font_is_not_taken_for_chinese(monkeypatch):
    """fontconfig may offer DejaVu for :lang=zh; its tofu boxes must not pass as Chinese."""
    dejavu = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
    if not Path(dejavu).is_file():
        pytest.skip("DejaVu is not installed")
    monkeypatch.setattr(preview, "CJK_FONT_CANDIDATES", ())

    def only_dejavu(command, **kwargs):
        return subprocess.CompletedProcess(command, 0, stdout=dejavu + "\n", stderr="")

    monkeypatch.setattr(preview.subprocess, "run", only_dejavu)
    with pytest.raises(NoCjkFont):
        render_png(cmd.LF)
