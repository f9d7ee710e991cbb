"""The ESC/POS byte pieces a ticket is built from (byte values from python-escpos where it has them)."""

from escpos import constants as C

ESC, GS, FS = C.ESC, C.GS, C.FS
LF = b"\n"

INIT = C.HW_INIT  # ESC @: clear the buffer, reset modes
ALIGN_LEFT = ESC + b"a\x00"
ALIGN_CENTER = ESC + b"a\x01"
BOLD_ON = ESC + b"E\x01"
BOLD_OFF = ESC + b"E\x00"

KANJI_ON = FS + b"&"  # FS &: two-byte (GB18030) character mode on
KANJI_OFF = FS + b"."  # FS .: back to single-byte characters

CUT = C.PAPER_FULL_CUT  # GS V 0

STATUS_ONLINE = C.RT_STATUS_ONLINE  # DLE EOT 1: real-time printer status
STATUS_OFFLINE_CAUSE = C.RT_STATUS + b"\x02"  # DLE EOT 2: why it is offline (cover, error)
STATUS_PAPER = C.RT_STATUS_PAPER  # DLE EOT 4: real-time roll paper sensor status

QR_EC_M = 0x31  # GS ( k error correction level M (~15 %)


def size(width: int, height: int) -> bytes:
    """GS ! n: character size, 1-8 times in each direction; sizes Chinese and ASCII alike."""
    if not (1 <= width <= 8 and 1 <= height <= 8):
        raise ValueError(f"character size must be 1..8 each way, got {width}x{height}")
    return C.TXT_SIZE + bytes([(width - 1) << 4 | (height - 1)])


NORMAL_SIZE = size(1, 1)


def feed(lines: int) -> bytes:
    """ESC d n: print the buffer and feed `lines` lines."""
    if not 0 <= lines <= 255:
        raise ValueError(f"feed takes 0..255 lines, got {lines}")
    return ESC + b"d" + bytes([lines])


FEED_CUT = feed(4) + CUT


def _qr_function(fn: int, params: bytes) -> bytes:
    """GS ( k pL pH cn=49 fn params: one QR code (symbol type 2D, cn 49) function."""
    length = len(params) + 2
    return GS + b"(k" + length.to_bytes(2, "little") + bytes([0x31, fn]) + params


def qr(data: bytes, *, module_dots: int, ec_level: int = QR_EC_M) -> bytes:
    """Native QR commands: model 2, module size, error correction, store `data`, print."""
    if not 1 <= module_dots <= 16:
        raise ValueError(f"QR module size must be 1..16 dots, got {module_dots}")
    if not 1 <= len(data) <= 7089:
        raise ValueError(f"QR data must be 1..7089 bytes, got {len(data)}")
    return b"".join([
        _qr_function(0x41, b"\x32\x00"),  # fn 165: model 2
        _qr_function(0x43, bytes([module_dots])),  # fn 167: module size
        _qr_function(0x45, bytes([ec_level])),  # fn 169: error correction level
        _qr_function(0x50, b"\x30" + data),  # fn 180: store the data
        _qr_function(0x51, b"\x30"),  # fn 181: print the stored symbol
    ])
