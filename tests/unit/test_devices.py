"""Devices: URL parsing for every scheme, refusals, and what each device does with bytes.

Network tests talk only to a server on 127.0.0.1 bound to port 0.
"""

import socket
import subprocess
from pathlib import Path

import pytest

from printer import commands as cmd
from printer.devices import (
    CupsDevice,
    FileDevice,
    MemoryDevice,
    PreviewDevice,
    PrinterStatus,
    SerialDevice,
    TcpDevice,
    UsbDevice,
    device_from_url,
    offline_cause,
    status_from_replies,
)
from printer.errors import (
    BadPrinterUrl,
    OutOfPaper,
    PrinterError,
    PrinterNotAnswering,
    PrinterOffline,
)
from tests.printers import FakePrinter

GOLDEN = Path(__file__).parent / "golden"
ONLINE, OFFLINE_BYTE, PAPER_OK, PAPER_OUT = b"\x12", b"\x1a", b"\x12", b"\x72"


# --- URL parsing -------------------------------------------------------------------------------

@pytest.mark.parametrize(("url", "kind", "attrs"), [
    ("tcp://192.0.2.7:9100", TcpDevice, {"host": "192.0.2.7", "port": 9100, "timeout": 3.0}),
    ("tcp://printer.hall:9101?timeout=2&status_timeout=0.5", TcpDevice,
     {"host": "printer.hall", "port": 9101, "timeout": 2.0, "status_timeout": 0.5}),
    ("tcp://[::1]:9100", TcpDevice, {"host": "::1", "port": 9100}),
    ("usb://04b8:0202", UsbDevice, {"vendor_id": 0x04B8, "product_id": 0x0202}),
    ("usb://0x0FE6:0x811E", UsbDevice, {"vendor_id": 0x0FE6, "product_id": 0x811E}),
    ("serial:///dev/ttyUSB0?baudrate=115200", SerialDevice,
     {"port": "/dev/ttyUSB0", "baudrate": 115200}),
    ("serial:///dev/ttyS1", SerialDevice, {"port": "/dev/ttyS1", "baudrate": 9600}),
    ("serial://COM3?baudrate=19200", SerialDevice, {"port": "COM3", "baudrate": 19200}),
    ("file:///var/tmp/tickets.bin", FileDevice, {"path": Path("/var/tmp/tickets.bin")}),
    ("file:///dev/usb/lp0", FileDevice, {"path": Path("/dev/usb/lp0")}),
    ("cups://TM-T88V", CupsDevice, {"queue": "TM-T88V"}),
    ("preview://", PreviewDevice, {"paper_mm": 80}),
    ("preview://?paper_mm=58", PreviewDevice, {"paper_mm": 58}),
    ("PREVIEW://", PreviewDevice, {"paper_mm": 80}),
])
def test_each_scheme_builds_its_device(tmp_path, url, kind, attrs):
    device = device_from_url(url, data_dir=tmp_path)
    assert type(device) is kind
    for name, value in attrs.items():
        assert getattr(device, name) == value


def test_preview_writes_under_the_data_dir(tmp_path):
    assert device_from_url("preview://", data_dir=tmp_path).folder == tmp_path / "tickets"


@pytest.mark.parametrize(("url", "says"), [
    ("", "unknown scheme"),
    ("printer", "unknown scheme"),
    ("lpt://1", "unknown scheme"),
    ("http://192.0.2.7:9100", "unknown scheme"),
    ("tcp://192.0.2.7", "missing port"),
    ("tcp://:9100", "missing host"),
    ("tcp://192.0.2.7:0", "missing port"),
    ("tcp://192.0.2.7:99999", "bad port"),
    ("tcp://192.0.2.7:port", "bad port"),
    ("tcp://192.0.2.7:9100/queue", "unexpected path"),
    ("tcp://192.0.2.7:9100?timeout=forever", "bad timeout"),
    ("tcp://192.0.2.7:9100?timeout=0", "bad timeout"),
    ("tcp://192.0.2.7:9100?tiemout=3", "unknown option"),
    ("tcp://192.0.2.7:9100#x", "fragment"),
    ("usb://", "VID:PID"),
    ("usb://04b8", "VID:PID"),
    ("usb://04b8:", "VID:PID"),
    ("usb://04b8:02020", "VID:PID"),
    ("usb://epson:tm88", "VID:PID"),
    ("usb://04b8:0202?interface=1", "unknown option"),
    ("serial://", "missing port"),
    ("serial:///", "missing port"),
    ("serial:///dev/ttyUSB0?baudrate=fast", "bad baudrate"),
    ("serial:///dev/ttyUSB0?baudrate=9601", "bad baudrate"),
    ("serial:///dev/ttyUSB0?baudrate=", "bad baudrate"),
    ("serial://host/dev/ttyUSB0", "three slashes"),
    ("file://", "missing file name"),
    ("file:///var/tmp/", "missing file name"),
    ("file://relative/tickets.bin", "absolute path"),
    ("cups://", "cups://QUEUE"),
    ("cups://bad queue", "cups://QUEUE"),
    ("cups://TM/extra", "unexpected path"),
    ("preview://elsewhere", "write preview://"),
    ("preview:///tmp/x", "unexpected path"),
    ("preview://?paper_mm=76", "bad paper_mm"),
    ("preview://?colour=red", "unknown option"),
])
def test_a_bad_url_is_refused_with_a_clear_message(tmp_path, url, says):
    with pytest.raises(BadPrinterUrl, match=says) as caught:
        device_from_url(url, data_dir=tmp_path)
    assert caught.value.code == "bad_printer_url"
    assert repr(url) in str(caught.value)


# --- status bytes ------------------------------------------------------------------------------

@pytest.mark.parametrize(("online", "paper", "status"), [
    (ONLINE, PAPER_OK, PrinterStatus.OK),
    (ONLINE, b"\x1e", PrinterStatus.NEAR_END),  # near end: still prints
    (OFFLINE_BYTE, PAPER_OUT, PrinterStatus.OUT_OF_PAPER),
    (ONLINE, PAPER_OUT, PrinterStatus.OUT_OF_PAPER),
    (OFFLINE_BYTE, PAPER_OK, PrinterStatus.OFFLINE),
    (b"", b"", PrinterStatus.UNKNOWN),  # silence is not "paper present"
    (ONLINE, b"", PrinterStatus.UNKNOWN),
    (b"\xff", PAPER_OK, PrinterStatus.UNKNOWN),  # not a status byte
])
def test_status_replies_are_read_strictly(online, paper, status):
    assert status_from_replies(online, paper) is status


@pytest.mark.parametrize(("cause", "status", "words"), [
    (b"\x12", PrinterStatus.OK, ""),
    (b"\x16", PrinterStatus.OFFLINE, "cover open"),
    (b"\x52", PrinterStatus.OFFLINE, "error"),
    (b"\x32", PrinterStatus.OUT_OF_PAPER, "stopped at paper end"),
    (b"", PrinterStatus.UNKNOWN, ""),  # asked and not answered
])
def test_the_offline_cause_reply_is_read_too(cause, status, words):
    assert status_from_replies(ONLINE, PAPER_OK, cause) is status
    assert offline_cause(cause) == words


# --- MemoryDevice ------------------------------------------------------------------------------

def test_memory_device_records_what_it_is_sent():
    device = MemoryDevice()
    device.send(b"one")
    device.send(b"two")
    assert device.sent == [b"one", b"two"]
    assert device.status() is PrinterStatus.OK


def test_memory_device_fails_the_next_n_sends_then_recovers():
    device = MemoryDevice()
    device.fail_next(2, OutOfPaper)
    for _ in range(2):
        with pytest.raises(OutOfPaper) as caught:
            device.send(b"ticket")
        assert caught.value.code == "out_of_paper"
    device.send(b"ticket")
    assert device.sent == [b"ticket"]
    assert device.attempts == 3


def test_memory_device_fails_with_a_given_error_instance_and_defaults_to_offline():
    device = MemoryDevice()
    device.fail_next(1, PrinterOffline("cable pulled"))
    device.fail_next()
    with pytest.raises(PrinterOffline, match="cable pulled"):
        device.send(b"x")
    with pytest.raises(PrinterOffline):
        device.send(b"x")
    assert device.sent == []


def test_memory_device_reports_the_status_it_is_told():
    device = MemoryDevice(status=PrinterStatus.OUT_OF_PAPER)
    assert device.status() is PrinterStatus.OUT_OF_PAPER
    device.reported_status = PrinterStatus.UNKNOWN
    assert device.status() is PrinterStatus.UNKNOWN


# --- file:// -----------------------------------------------------------------------------------

def test_file_device_appends_each_job(tmp_path):
    target = tmp_path / "printer.bin"
    device = device_from_url(f"file://{target}", data_dir=tmp_path)
    assert device.status() is PrinterStatus.OK
    device.send(b"first")
    device.send(b"second")
    assert target.read_bytes() == b"firstsecond"


def test_file_device_in_a_missing_folder_is_offline(tmp_path):
    device = device_from_url(f"file://{tmp_path}/gone/printer.bin", data_dir=tmp_path)
    assert device.status() is PrinterStatus.OFFLINE
    with pytest.raises(PrinterOffline, match="cannot write"):
        device.send(b"x")


# --- preview:// --------------------------------------------------------------------------------

def test_preview_writes_the_bytes_and_a_picture_per_job(tmp_path):
    ticket = (GOLDEN / "ticket_80mm.bin").read_bytes()
    device = device_from_url("preview://", data_dir=tmp_path)
    device.send(ticket)
    device.send(ticket)
    folder = tmp_path / "tickets"
    assert sorted(p.name for p in folder.iterdir()) == [
        "000001.bin", "000001.png", "000002.bin", "000002.png"]
    assert (folder / "000002.bin").read_bytes() == ticket
    assert (folder / "000001.png").read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    assert device.status() is PrinterStatus.OK


def test_preview_writes_nothing_for_bytes_it_cannot_draw(tmp_path):
    device = device_from_url("preview://", data_dir=tmp_path)
    with pytest.raises(PrinterError):
        device.send(b"\x1dB\x01")
    assert not (tmp_path / "tickets").exists() or not any((tmp_path / "tickets").iterdir())


# --- cups:// -----------------------------------------------------------------------------------

class FakeRun:
    def __init__(self, returncode: int = 0, stdout: bytes = b"", raises: Exception | None = None):
        self.calls: list[tuple[list[str], dict]] = []
        self.returncode, self.stdout, self.raises = returncode, stdout, raises

    def __call__(self, args, **kwargs):
        self.calls.append((args, kwargs))
        if self.raises:
            raise self.raises
        return subprocess.CompletedProcess(args, self.returncode, self.stdout, b"lp: error")


def test_cups_sends_raw_bytes_through_lp():
    run = FakeRun()
    CupsDevice("TM-T88V", run=run).send(b"ticket")
    args, kwargs = run.calls[0]
    assert args == ["lp", "-d", "TM-T88V", "-o", "raw"]
    assert kwargs["input"] == b"ticket"


@pytest.mark.parametrize("run", [FakeRun(returncode=1), FakeRun(raises=FileNotFoundError("lp"))])
def test_cups_failures_are_offline(run):
    with pytest.raises(PrinterOffline):
        CupsDevice("TM-T88V", run=run).send(b"ticket")


@pytest.mark.parametrize(("run", "status"), [
    (FakeRun(stdout=b"printer TM-T88V is idle.  enabled since ..."), PrinterStatus.OK),
    (FakeRun(stdout=b"printer TM-T88V disabled since ..."), PrinterStatus.OFFLINE),
    (FakeRun(returncode=1), PrinterStatus.OFFLINE),
    (FakeRun(raises=FileNotFoundError("lpstat")), PrinterStatus.UNKNOWN),
])
def test_cups_status_comes_from_lpstat(run, status):
    assert CupsDevice("TM-T88V", run=run).status() is status


# --- usb:// and serial:// without their drivers ------------------------------------------------

def test_usb_without_pyusb_is_offline_only_when_used(monkeypatch, tmp_path):
    from escpos.printer import usb

    monkeypatch.setattr(usb, "is_usable", lambda: False)
    device = device_from_url("usb://04b8:0202", data_dir=tmp_path)  # building it is fine
    with pytest.raises(PrinterOffline, match="pyusb"):
        device.send(b"x")
    assert device.status() is PrinterStatus.OFFLINE


def test_serial_without_pyserial_is_offline_only_when_used(monkeypatch, tmp_path):
    from escpos.printer import serial

    monkeypatch.setattr(serial, "is_usable", lambda: False)
    device = device_from_url("serial:///dev/ttyUSB0", data_dir=tmp_path)
    with pytest.raises(PrinterOffline, match="pyserial"):
        device.send(b"x")


# --- tcp:// against a loopback printer ---------------------------------------------------------

@pytest.fixture
def fake_printer():
    printers: list[FakePrinter] = []

    def start(behaviour: str = "healthy") -> FakePrinter:
        printers.append(FakePrinter(behaviour))
        return printers[-1]

    yield start
    for printer in printers:
        printer.stop()


def tcp_device(printer: FakePrinter, tmp_path: Path) -> TcpDevice:
    return device_from_url(f"{printer.url}?timeout=1&status_timeout=0.3", data_dir=tmp_path)


def test_tcp_ticket_is_confirmed_by_the_status_answer_after_it(fake_printer, tmp_path):
    printer = fake_printer()
    device = tcp_device(printer, tmp_path)
    assert device.status() is PrinterStatus.OK
    assert device.send(b"ticket bytes") is PrinterStatus.OK
    assert printer.wait_for(lambda: printer.tickets == [b"ticket bytes"])
    assert printer.seen[-7:] == ["query 1", "query 2", "query 4", "ticket",
                                 "query 1", "query 2", "query 4"]  # asked, sent, asked again


def test_tcp_printer_near_paper_end_prints_and_says_so(fake_printer, tmp_path):
    printer = fake_printer("near_end")
    device = tcp_device(printer, tmp_path)
    assert device.status() is PrinterStatus.NEAR_END
    assert device.send(b"ticket bytes") is PrinterStatus.NEAR_END
    assert printer.wait_for(lambda: printer.tickets == [b"ticket bytes"])


def test_tcp_printer_out_of_paper_refuses_and_gets_nothing(fake_printer, tmp_path):
    printer = fake_printer("out_of_paper")
    device = tcp_device(printer, tmp_path)
    assert device.status() is PrinterStatus.OUT_OF_PAPER
    with pytest.raises(OutOfPaper):
        device.send(b"ticket bytes")
    assert printer.wait_for(lambda: printer.connections == 2)
    assert "ticket" not in printer.seen and printer.tickets == []


def test_tcp_printer_that_ignores_status_queries_is_unknown_and_gets_nothing(fake_printer,
                                                                            tmp_path):
    printer = fake_printer("silent")
    device = tcp_device(printer, tmp_path)
    assert device.status() is PrinterStatus.UNKNOWN
    with pytest.raises(PrinterNotAnswering, match="nothing sent"):
        device.send(b"ticket bytes")
    assert "ticket" not in printer.seen


def test_tcp_printer_that_never_reads_is_never_confirmed(fake_printer, tmp_path):
    printer = fake_printer("never_read")
    device = tcp_device(printer, tmp_path)
    with pytest.raises(PrinterNotAnswering) as caught:
        device.send(b"ticket bytes")  # the bytes would fit the kernel's buffer
    assert caught.value.code == "printer_not_answering"
    assert device.status() is PrinterStatus.UNKNOWN


def test_tcp_printer_that_stalls_after_the_ticket_is_not_confirmed(fake_printer, tmp_path):
    printer = fake_printer("stall")
    with pytest.raises(PrinterNotAnswering, match="did not answer after the ticket"):
        tcp_device(printer, tmp_path).send(b"ticket bytes")
    assert printer.tickets == []


def test_tcp_printer_closing_mid_ticket_fails_the_send_and_takes_it_whole_later(fake_printer,
                                                                               tmp_path):
    printer = fake_printer("close_mid_ticket")
    device = tcp_device(printer, tmp_path)
    ticket = bytes(range(32, 127)) * 3
    with pytest.raises((PrinterOffline, PrinterNotAnswering)):
        device.send(ticket)
    assert printer.wait_for(lambda: len(printer.unprinted) == 1)
    assert device.send(ticket) is PrinterStatus.OK  # back: the whole ticket again
    assert printer.wait_for(lambda: printer.tickets == [ticket])


def test_status_query_bytes_are_dle_eot():
    assert cmd.STATUS_ONLINE == b"\x10\x04\x01"
    assert cmd.STATUS_OFFLINE_CAUSE == b"\x10\x04\x02"
    assert cmd.STATUS_PAPER == b"\x10\x04\x04"


def test_tcp_printer_nobody_listens_on_is_offline(tmp_path):
    with socket.create_server(("127.0.0.1", 0)) as probe:
        port = probe.getsockname()[1]  # closed again: connecting is refused
    device = device_from_url(f"tcp://127.0.0.1:{port}?timeout=1", data_dir=tmp_path)
    assert device.status() is PrinterStatus.OFFLINE
    with pytest.raises(PrinterOffline, match=f"127.0.0.1:{port}"):
        device.send(b"x")

