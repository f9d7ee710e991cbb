"""A ticket laid out as ESC/POS bytes: pure, no device; a golden file pins it byte for byte."""

import re
from dataclasses import dataclass
from datetime import datetime

from printer import commands as cmd
from printer.errors import UnprintableText
from printer.text import encode, printable, width, with_ellipsis, wrap

COLUMNS = {58: 32, 80: 48}  # font A (12 x 24 dots) across the printable width
QR_MODULE_DOTS = {58: 5, 80: 6}
MAX_MATERIAL_LINES = 8
NUMBER_SIZE = (3, 3)  # the number is the one thing read from across the hall
WINDOWS_SIZE = (2, 2)
HALL_NAME_SIZE = (1, 2)
CHECKBOX = "□ "
_NUMBER = re.compile(r"[A-Za-z0-9-]{1,8}")
_MAX_URL_BYTES = 500


@dataclass(frozen=True)
class TicketView:
    """Everything printed on one ticket, already in words; times in the hall's zone."""

    hall_name: str
    number: str
    post_name: str
    windows_label: str
    service_name: str
    people_ahead: int
    estimated_wait_minutes: int | None  # None: no window serves or opens today to count from
    issued_at: datetime
    materials: tuple[str, ...]
    status_url: str
    footer: str = "请留意叫号，过号需重新取号"  # the hall's put-back rule in force
    show_estimate: bool = True  # the hall's rule: print the estimated wait or not
    reprinted_at: datetime | None = None  # printed again (补打) at this instant
    # the estimate in the words every screen shows ("约 10:20–10:35", "今日可能办不完");
    # empty: the minutes above are printed instead (jobs queued before issue 15)
    estimate_text: str = ""

    def __post_init__(self) -> None:
        if self.issued_at.tzinfo is None or self.issued_at.utcoffset() is None:
            raise ValueError("issued_at must be an aware datetime in the hall's zone")
        if self.people_ahead < 0 or (self.estimated_wait_minutes or 0) < 0:
            raise ValueError("people_ahead and estimated_wait_minutes cannot be negative")
        object.__setattr__(self, "materials", tuple(self.materials))


def ticket_bytes(view: TicketView, *, paper_mm: int = 80) -> bytes:
    """The whole printed ticket for 58 or 80 mm paper, from init to cut."""
    if paper_mm not in COLUMNS:
        raise ValueError(f"paper width must be one of {sorted(COLUMNS)} mm, got {paper_mm}")
    columns = COLUMNS[paper_mm]
    rule = b"-" * columns + cmd.LF
    return b"".join([
        cmd.INIT,
        cmd.ALIGN_CENTER,
        cmd.BOLD_ON,
        _block(view.hall_name, columns, HALL_NAME_SIZE),
        cmd.BOLD_OFF,
        rule,
        _reprint(view),
        _line("您的号码"),
        cmd.BOLD_ON,
        cmd.size(*NUMBER_SIZE) + _number(view.number) + cmd.NORMAL_SIZE + cmd.LF,
        _block(f"请到{view.windows_label}", columns, WINDOWS_SIZE),
        cmd.BOLD_OFF,
        _block(view.post_name, columns),
        rule,
        cmd.ALIGN_LEFT,
        _block(f"办理事项：{view.service_name}", columns),
        cmd.BOLD_ON,
        *(_block(line, columns) for line in _waiting(view)),
        cmd.BOLD_OFF,
        _line(f"取号时间：{view.issued_at:%Y-%m-%d %H:%M}"),
        _materials(view.materials, columns),
        rule,
        cmd.ALIGN_CENTER,
        cmd.qr(_url(view.status_url), module_dots=QR_MODULE_DOTS[paper_mm]),
        cmd.LF,
        _line("扫码查看排队进度"),
        _block(view.footer, columns),
        cmd.FEED_CUT,
    ])


def _reprint(view: TicketView) -> bytes:
    if view.reprinted_at is None:
        return b""
    return (cmd.BOLD_ON + _line(f"【补打】{view.reprinted_at:%Y-%m-%d %H:%M}") + cmd.BOLD_OFF)


def _waiting(view: TicketView) -> tuple[str, ...]:
    if view.people_ahead == 0:
        return ("前面没有人，请留意叫号",)
    if not view.show_estimate:
        return (f"前面还有 {view.people_ahead} 人",)
    if view.estimate_text:
        return (f"前面还有 {view.people_ahead} 人", f"预计叫号：{view.estimate_text}")
    if view.estimated_wait_minutes is None:
        return (f"前面还有 {view.people_ahead} 人", "等候时间暂无法估计")
    return (f"前面还有 {view.people_ahead} 人",
            f"预计等待约 {view.estimated_wait_minutes} 分钟")


def _text(text: str) -> bytes:
    """Cleaned text as bytes; anything beyond ASCII goes GB18030-encoded inside FS & / FS ."""
    text = printable(text)
    if text.isascii():
        return text.encode("ascii")
    return cmd.KANJI_ON + encode(text) + cmd.KANJI_OFF


def _line(text: str) -> bytes:
    return _text(text) + cmd.LF


def _block(text: str, columns: int, char_size: tuple[int, int] = (1, 1)) -> bytes:
    """`text` wrapped to the paper at `char_size`; GS ! sets the size and resets it after."""
    lines = b"".join(_line(line) for line in wrap(text, columns // char_size[0]))
    if char_size == (1, 1) or not lines:
        return lines
    return cmd.size(*char_size) + lines + cmd.NORMAL_SIZE


def _materials(materials: tuple[str, ...], columns: int) -> bytes:
    """The checklist under a heading, at most MAX_MATERIAL_LINES lines, cut with "…"."""
    lines: list[str] = []
    indent = " " * width(CHECKBOX)
    for item in materials:
        wrapped = wrap(item, columns - width(CHECKBOX))
        lines += [CHECKBOX + wrapped[0], *(indent + rest for rest in wrapped[1:])] if wrapped else []
    if not lines:
        return b""
    if len(lines) > MAX_MATERIAL_LINES:
        lines = lines[:MAX_MATERIAL_LINES]
        lines[-1] = with_ellipsis(lines[-1], columns)
    heading = cmd.BOLD_ON + _line("请携带以下材料：") + cmd.BOLD_OFF
    return heading + b"".join(_line(line) for line in lines)


def _number(number: str) -> bytes:
    if not _NUMBER.fullmatch(number):
        raise UnprintableText(
            f"ticket number {number!r} must be 1-8 ASCII letters, digits or '-'"
        )
    return number.encode("ascii")


def _url(url: str) -> bytes:
    if not url.isascii() or not url.isprintable() or not url:
        raise UnprintableText(f"status URL {url!r} must be printable ASCII (percent-encode it)")
    if len(url) > _MAX_URL_BYTES:
        raise UnprintableText(f"status URL is {len(url)} bytes; a ticket QR takes {_MAX_URL_BYTES}")
    return url.encode("ascii")
