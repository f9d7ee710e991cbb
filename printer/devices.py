"""Devices that carry ticket bytes to a printer, one class per URL scheme; they never see a ticket.

    tcp://HOST:PORT[?timeout=3&status_timeout=1]   raw port of a network printer (python-escpos)
    usb://VID:PID                                  hex ids, e.g. usb://04b8:0202 (needs pyusb)
    serial:///dev/ttyUSB0[?baudrate=9600]          serial line (needs pyserial)
    file:///path/to/file                           appends the bytes to a file or device node
    cups://QUEUE                                   `lp -d QUEUE -o raw`
    preview://[?paper_mm=80]                       DATA_DIR/tickets/<seq>.bin and <seq>.png

`send` returns only once the device confirms the ticket as far as it can, and says how:

    tcp, usb, serial   ESC/POS real-time status (DLE EOT 1, 2, 4) asked before the ticket and
                       again after it; confirmed only by a valid answer after the ticket (the
                       printer has read the whole ticket and is online with paper). No answer
                       is PrinterNotAnswering (unknown), never a success; the connection is
                       then reset so a printer that has not read the ticket drops it.
    file               confirmed when the bytes are written (no status channel)
    cups               confirmed when `lp` accepted the job (CUPS prints it or says why not)
    preview            confirmed when the .bin and .png files are written
    MemoryDevice       confirmed when recorded (tests)

A printer that does not answer a status query is reported UNKNOWN, never OK.
"""

import enum
import os
import re
import socket
import struct
import subprocess
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import parse_qs, unquote, urlsplit

from printer import commands as cmd
from printer.errors import (
    BadPrinterUrl,
    OutOfPaper,
    PrinterError,
    PrinterNotAnswering,
    PrinterOffline,
)

CONNECT_TIMEOUT = 3.0
STATUS_TIMEOUT = 1.0
BAUDRATES = (1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200)


class PrinterStatus(enum.Enum):
    OK = "ok"
    NEAR_END = "near_end"  # prints, but the paper roll is nearly used up
    OFFLINE = "offline"
    OUT_OF_PAPER = "out_of_paper"
    UNKNOWN = "unknown"

    @property
    def can_print(self) -> bool:
        return self in (PrinterStatus.OK, PrinterStatus.NEAR_END)


class Device(Protocol):
    def send(self, data: bytes) -> PrinterStatus:
        """Carry `data` to the printer and return its status once it confirmed the ticket
        (OK or NEAR_END); raises PrinterOffline, OutOfPaper or PrinterNotAnswering."""
        ...

    def status(self) -> PrinterStatus:
        """What the printer says about itself now; UNKNOWN when it does not answer."""
        ...


def status_from_replies(online: bytes, paper: bytes, cause: bytes | None = None
                        ) -> PrinterStatus:
    """Read DLE EOT 1 (printer), DLE EOT 4 (roll paper) and, when asked, DLE EOT 2 (offline
    cause) replies.

    A valid status byte has bits 1 and 4 set and bits 0 and 7 clear (mask 0x93 == 0x12);
    no reply or an invalid one is UNKNOWN.
    """
    replies = (online, paper) if cause is None else (online, paper, cause)
    if any(not r or (r[0] & 0x93) != 0x12 for r in replies):
        return PrinterStatus.UNKNOWN
    if paper[0] & 0x60:  # bits 5-6: roll paper end detected
        return PrinterStatus.OUT_OF_PAPER
    if cause and cause[0] & 0x20:  # bit 5: printing stopped at paper end
        return PrinterStatus.OUT_OF_PAPER
    if online[0] & 0x08 or (cause and cause[0] & 0x44):  # offline; cover open (2), error (6)
        return PrinterStatus.OFFLINE
    if paper[0] & 0x0C:  # bits 2-3: roll paper near end detected
        return PrinterStatus.NEAR_END
    return PrinterStatus.OK


def offline_cause(cause: bytes) -> str:
    """What a DLE EOT 2 reply says is wrong, in words ("" when nothing is)."""
    if not cause or (cause[0] & 0x93) != 0x12:
        return ""
    said = [words for bit, words in ((0x04, "cover open"), (0x08, "paper being fed"),
                                     (0x20, "stopped at paper end"), (0x40, "error"))
            if cause[0] & bit]
    return ", ".join(said)


def _refuse_unless_ready(status: PrinterStatus, cause: str, where: str) -> None:
    if status is PrinterStatus.OUT_OF_PAPER:
        raise OutOfPaper(f"{where} is out of paper")
    if status is PrinterStatus.OFFLINE:
        raise PrinterOffline(f"{where} reports itself offline ({cause or 'cover open or error'})")


class _EscposDevice:
    """A python-escpos connection opened per job: ask the status, write the ticket, ask again.

    A printer that answers "no paper" or "offline", or does not answer at all, gets no bytes.
    A ticket counts as printed only when the printer answers the status query sent after it
    (online, with paper); otherwise the connection is reset, not closed, so bytes the printer
    has not read yet are dropped rather than printed later for nobody.
    """

    url: str

    def _connect(self) -> Any:
        """An opened python-escpos printer."""
        raise NotImplementedError

    def _before_query(self, printer: Any) -> None:
        """Hook: shorten the read timeout while waiting for a status reply."""

    def _before_send(self, printer: Any) -> None:
        """Hook: restore the write timeout."""

    def _before_confirm(self, printer: Any) -> None:
        """Hook: the wait for the answer after a ticket (the printer reads the ticket first)."""

    def _abort(self, printer: Any) -> None:
        """Hook: drop the connection without delivering what the printer has not read."""
        printer.close()

    def _query(self, printer: Any) -> tuple[PrinterStatus, str]:
        """The printer's status from DLE EOT 1, 2 and 4, and the offline cause in words."""
        from escpos.exceptions import Error as EscposError

        replies = []
        try:
            for query in (cmd.STATUS_ONLINE, cmd.STATUS_OFFLINE_CAUSE, cmd.STATUS_PAPER):
                printer._raw(query)
                reply = bytes(printer._read() or b"")
                if not reply:  # closed: no use waiting for the rest
                    return PrinterStatus.UNKNOWN, ""
                replies.append(reply[-1:])  # the latest byte: a late earlier reply goes first
        except (OSError, EscposError):
            return PrinterStatus.UNKNOWN, ""
        online, cause, paper = replies
        return status_from_replies(online, paper, cause), offline_cause(cause)

    def _open(self) -> Any:
        from escpos.exceptions import Error as EscposError

        try:
            printer = self._connect()
        except (OSError, EscposError) as err:
            raise PrinterOffline(f"cannot reach {self.url}: {err}") from err
        return printer

    def send(self, data: bytes) -> PrinterStatus:
        from escpos.exceptions import Error as EscposError

        printer = self._open()
        confirmed = False
        try:
            self._before_query(printer)
            before, cause = self._query(printer)
            if before is PrinterStatus.UNKNOWN:
                raise PrinterNotAnswering(
                    f"{self.url} did not answer a status query: nothing sent")
            _refuse_unless_ready(before, cause, self.url)
            self._before_send(printer)
            try:
                printer._raw(data)
            except (OSError, EscposError) as err:
                raise PrinterOffline(
                    f"connection to {self.url} lost while sending the ticket: {err}") from err
            self._before_confirm(printer)
            after, cause = self._query(printer)
            if after is PrinterStatus.UNKNOWN:
                raise PrinterNotAnswering(
                    f"{self.url} did not answer after the ticket: not counted as printed")
            _refuse_unless_ready(after, cause, self.url)  # ran out or opened mid-ticket
            confirmed = True
            return after
        finally:
            if confirmed:
                printer.close()
            else:
                self._abort(printer)

    def status(self) -> PrinterStatus:
        try:
            printer = self._open()
        except PrinterOffline:
            return PrinterStatus.OFFLINE
        try:
            self._before_query(printer)
            return self._query(printer)[0]
        finally:
            printer.close()

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.url!r})"


class TcpDevice(_EscposDevice):
    def __init__(self, host: str, port: int, *, timeout: float = CONNECT_TIMEOUT,
                 status_timeout: float = STATUS_TIMEOUT) -> None:
        self.host, self.port, self.timeout, self.status_timeout = host, port, timeout, status_timeout
        self.url = f"tcp://{host}:{port}"

    def _connect(self) -> Any:
        from escpos.printer import Network

        # Connect here rather than with Network.open(): python-escpos 3.1 leaves the socket of a
        # refused connection unclosed (a ResourceWarning); create_connection closes it.
        connection = socket.create_connection((self.host, self.port), timeout=self.timeout)
        printer = Network(self.host, self.port, timeout=self.timeout)
        printer.device = connection
        return printer

    def _before_query(self, printer: Any) -> None:
        printer.device.settimeout(self.status_timeout)

    def _before_send(self, printer: Any) -> None:
        printer.device.settimeout(self.timeout)

    def _before_confirm(self, printer: Any) -> None:
        printer.device.settimeout(self.timeout)

    def _abort(self, printer: Any) -> None:
        try:  # SO_LINGER 0: close with a reset; the printer's unread bytes are discarded
            printer.device.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                      struct.pack("ii", 1, 0))
            printer.device.close()
        except OSError:
            pass
        printer.close()


class UsbDevice(_EscposDevice):
    def __init__(self, vendor_id: int, product_id: int, *, timeout_ms: int = 3000) -> None:
        self.vendor_id, self.product_id, self.timeout_ms = vendor_id, product_id, timeout_ms
        self.url = f"usb://{vendor_id:04x}:{product_id:04x}"

    def _connect(self) -> Any:
        from escpos.printer import usb

        if not usb.is_usable():  # never build escpos's Usb without pyusb: its __del__ raises
            raise PrinterOffline(f"{self.url} needs pyusb: pip install pyusb")
        printer = usb.Usb(self.vendor_id, self.product_id, timeout=self.timeout_ms)
        printer.open()
        return printer


class SerialDevice(_EscposDevice):
    def __init__(self, port: str, *, baudrate: int = 9600, timeout: float = STATUS_TIMEOUT) -> None:
        self.port, self.baudrate, self.timeout = port, baudrate, timeout
        self.url = f"serial://{port}?baudrate={baudrate}"

    def _connect(self) -> Any:
        from escpos.printer import serial

        if not serial.is_usable():
            raise PrinterOffline(f"{self.url} needs pyserial: pip install pyserial")
        printer = serial.Serial(self.port, baudrate=self.baudrate, timeout=self.timeout)
        printer.open()
        return printer


class FileDevice:
    """Appends each job to a file (or a device node such as /dev/usb/lp0)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.url = f"file://{path}"

    def send(self, data: bytes) -> PrinterStatus:
        """Confirmed when the bytes are written: a file has no status channel."""
        try:
            with self.path.open("ab") as out:
                out.write(data)
        except OSError as err:
            raise PrinterOffline(f"cannot write {self.path}: {err}") from err
        return PrinterStatus.OK

    def status(self) -> PrinterStatus:
        if self.path.exists():
            return PrinterStatus.OK if os.access(self.path, os.W_OK) else PrinterStatus.OFFLINE
        parent = self.path.parent
        return PrinterStatus.OK if os.access(parent, os.W_OK) else PrinterStatus.OFFLINE

    def __repr__(self) -> str:
        return f"FileDevice({self.url!r})"


Runner = Callable[..., subprocess.CompletedProcess]


class CupsDevice:
    """Raw jobs through CUPS: `lp -d QUEUE -o raw`; status from `lpstat -p QUEUE`."""

    def __init__(self, queue: str, *, run: Runner = subprocess.run,
                 timeout: float = CONNECT_TIMEOUT * 5) -> None:
        self.queue, self._run, self.timeout = queue, run, timeout
        self.url = f"cups://{queue}"

    def send(self, data: bytes) -> PrinterStatus:
        """Confirmed when `lp` accepted the job: CUPS holds it from there."""
        try:
            done = self._run(["lp", "-d", self.queue, "-o", "raw"], input=data, check=False,
                             capture_output=True, timeout=self.timeout)
        except (OSError, subprocess.SubprocessError) as err:
            raise PrinterOffline(f"cannot run lp for {self.url}: {err}") from err
        if done.returncode != 0:
            message = done.stderr.decode(errors="replace").strip()
            raise PrinterOffline(f"lp refused the job for {self.url}: {message}")
        return PrinterStatus.OK

    def status(self) -> PrinterStatus:
        try:
            done = self._run(["lpstat", "-p", self.queue], check=False, capture_output=True,
                             timeout=self.timeout)
        except (OSError, subprocess.SubprocessError):
            return PrinterStatus.UNKNOWN
        if done.returncode != 0:
            return PrinterStatus.OFFLINE  # no such queue, or the scheduler is down
        words = done.stdout.decode(errors="replace").lower()
        if "disabled" in words:
            return PrinterStatus.OFFLINE
        return PrinterStatus.OK if ("idle" in words or "printing" in words) else PrinterStatus.UNKNOWN

    def __repr__(self) -> str:
        return f"CupsDevice({self.url!r})"


class PreviewDevice:
    """No printer: each job becomes `<seq>.bin` (the bytes) and `<seq>.png` (the paper)."""

    def __init__(self, folder: Path, *, paper_mm: int = 80) -> None:
        self.folder, self.paper_mm = folder, paper_mm
        self.url = f"preview://?paper_mm={paper_mm}"

    def send(self, data: bytes) -> PrinterStatus:
        """Confirmed when both files are written."""
        from printer.preview import render_png

        picture = render_png(data, paper_mm=self.paper_mm)  # fails before anything is written
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            stem = self._claim_number()
            (self.folder / f"{stem}.bin").write_bytes(data)
            (self.folder / f"{stem}.png").write_bytes(picture)
        except OSError as err:
            raise PrinterOffline(f"cannot write previews to {self.folder}: {err}") from err
        return PrinterStatus.OK

    def _claim_number(self) -> str:
        """The next free sequence number, claimed by creating its .bin exclusively."""
        taken = [int(p.stem) for p in self.folder.glob("*.bin") if p.stem.isdigit()]
        seq = max(taken, default=0) + 1
        while True:
            stem = f"{seq:06d}"
            try:
                os.close(os.open(self.folder / f"{stem}.bin", os.O_CREAT | os.O_EXCL | os.O_WRONLY))
            except FileExistsError:
                seq += 1
                continue
            return stem

    def status(self) -> PrinterStatus:
        return PrinterStatus.OK

    def __repr__(self) -> str:
        return f"PreviewDevice({str(self.folder)!r}, paper_mm={self.paper_mm})"


class MemoryDevice:
    """For tests: records what it is sent; can fail the next jobs and report any status."""

    def __init__(self, status: PrinterStatus = PrinterStatus.OK) -> None:
        self.sent: list[bytes] = []
        self.attempts = 0
        self.reported_status = status
        self._failures: list[PrinterError] = []
        self._lock = threading.Lock()

    def fail_next(self, times: int = 1, error: PrinterError | type[PrinterError] = PrinterOffline
                  ) -> None:
        """Make the next `times` sends raise `error` (a class or an instance) and record nothing."""
        made = error if isinstance(error, PrinterError) else error(f"{error.code} (MemoryDevice)")
        with self._lock:
            self._failures.extend([made] * times)

    def send(self, data: bytes) -> PrinterStatus:
        """Confirmed when recorded; NEAR_END when that is the status it is told to report."""
        with self._lock:
            self.attempts += 1
            if self._failures:
                raise self._failures.pop(0)
            self.sent.append(bytes(data))
        near = self.reported_status is PrinterStatus.NEAR_END
        return PrinterStatus.NEAR_END if near else PrinterStatus.OK

    def status(self) -> PrinterStatus:
        return self.reported_status


def device_from_url(url: str, *, data_dir: Path) -> Device:
    """The device a printer URL names; BadPrinterUrl explains what is wrong with a bad one."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    build = _SCHEMES.get(scheme)
    if build is None:
        known = ", ".join(f"{name}://" for name in _SCHEMES)
        raise BadPrinterUrl(f"printer URL {url!r}: unknown scheme; use one of {known}")
    if parts.fragment:
        raise BadPrinterUrl(f"printer URL {url!r}: a fragment (#...) means nothing here")
    try:
        query = {k: v[-1] for k, v in parse_qs(parts.query, keep_blank_values=True,
                                                strict_parsing=bool(parts.query)).items()}
    except ValueError as err:
        raise BadPrinterUrl(f"printer URL {url!r}: bad query: {err}") from err
    return build(url, parts.netloc, unquote(parts.path), query, data_dir)


def _options(url: str, query: dict[str, str], allowed: dict[str, Callable[[str], Any]]
             ) -> dict[str, Any]:
    unknown = sorted(set(query) - set(allowed))
    if unknown:
        raise BadPrinterUrl(
            f"printer URL {url!r}: unknown option(s) {', '.join(unknown)}; "
            f"allowed: {', '.join(allowed) or 'none'}"
        )
    options = {}
    for name, value in query.items():
        try:
            options[name] = allowed[name](value)
        except ValueError as err:
            raise BadPrinterUrl(f"printer URL {url!r}: bad {name}={value!r}: {err}") from err
    return options


def _seconds(value: str) -> float:
    seconds = float(value)
    if not 0 < seconds <= 60:
        raise ValueError("must be between 0 and 60 seconds")
    return seconds


def _no_path(url: str, path: str) -> None:
    if path not in ("", "/"):
        raise BadPrinterUrl(f"printer URL {url!r}: unexpected path {path!r}")


def _tcp(url: str, netloc: str, path: str, query: dict[str, str], data_dir: Path) -> Device:
    parts = urlsplit(url.strip())
    try:
        port = parts.port
    except ValueError as err:
        raise BadPrinterUrl(f"printer URL {url!r}: bad port: {err}") from err
    if not parts.hostname:
        raise BadPrinterUrl(f"printer URL {url!r}: missing host; write tcp://HOST:9100")
    if port is None or port == 0:
        raise BadPrinterUrl(f"printer URL {url!r}: missing port; write tcp://HOST:9100")
    _no_path(url, path)
    options = _options(url, query, {"timeout": _seconds, "status_timeout": _seconds})
    return TcpDevice(parts.hostname, port, **options)


_USB_IDS = re.compile(r"(?:0x)?([0-9a-f]{1,4}):(?:0x)?([0-9a-f]{1,4})", re.IGNORECASE)


def _usb(url: str, netloc: str, path: str, query: dict[str, str], data_dir: Path) -> Device:
    ids = _USB_IDS.fullmatch(netloc)
    if ids is None:
        raise BadPrinterUrl(
            f"printer URL {url!r}: expected usb://VID:PID in hex, e.g. usb://04b8:0202"
        )
    _no_path(url, path)
    _options(url, query, {})
    return UsbDevice(int(ids[1], 16), int(ids[2], 16))


def _baudrate(value: str) -> int:
    rate = int(value)
    if rate not in BAUDRATES:
        raise ValueError(f"use one of {', '.join(map(str, BAUDRATES))}")
    return rate


def _serial(url: str, netloc: str, path: str, query: dict[str, str], data_dir: Path) -> Device:
    if netloc and path:
        raise BadPrinterUrl(f"printer URL {url!r}: write serial:///dev/ttyUSB0 (three slashes)")
    port = path or netloc  # serial:///dev/ttyUSB0, or serial://COM3 on Windows
    if not port or port == "/":
        raise BadPrinterUrl(f"printer URL {url!r}: missing port; write serial:///dev/ttyUSB0")
    options = _options(url, query, {"baudrate": _baudrate})
    return SerialDevice(port, **options)


def _file(url: str, netloc: str, path: str, query: dict[str, str], data_dir: Path) -> Device:
    if netloc not in ("", "localhost"):
        raise BadPrinterUrl(
            f"printer URL {url!r}: file URLs take an absolute path: file:///var/tmp/tickets.bin"
        )
    if not path or path.endswith("/"):
        raise BadPrinterUrl(f"printer URL {url!r}: missing file name")
    _options(url, query, {})
    return FileDevice(Path(path))


_CUPS_QUEUE = re.compile(r"[A-Za-z0-9_.\-]{1,127}")


def _cups(url: str, netloc: str, path: str, query: dict[str, str], data_dir: Path) -> Device:
    queue = unquote(netloc)
    if not _CUPS_QUEUE.fullmatch(queue):
        raise BadPrinterUrl(
            f"printer URL {url!r}: expected cups://QUEUE (letters, digits, _ . -)"
        )
    _no_path(url, path)
    _options(url, query, {})
    return CupsDevice(queue)


def _paper_mm(value: str) -> int:
    mm = int(value)
    if mm not in (58, 80):
        raise ValueError("use 58 or 80")
    return mm


def _preview(url: str, netloc: str, path: str, query: dict[str, str], data_dir: Path) -> Device:
    if netloc:
        raise BadPrinterUrl(f"printer URL {url!r}: write preview:// (it writes to the data dir)")
    _no_path(url, path)
    options = _options(url, query, {"paper_mm": _paper_mm})
    return PreviewDevice(Path(data_dir) / "tickets", **options)


_SCHEMES: dict[str, Callable[[str, str, str, dict[str, str], Path], Device]] = {
    "tcp": _tcp,
    "usb": _usb,
    "serial": _serial,
    "file": _file,
    "cups": _cups,
    "preview": _preview,
}
