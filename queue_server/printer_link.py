"""The ticket printer as the hall holds it: the device that carries bytes and the state the
spool last saw it in (ok, offline, out_of_paper, unknown)."""

from __future__ import annotations

from dataclasses import dataclass

from printer.devices import Device


@dataclass(frozen=True)
class PrinterState:
    """The printer as the app last knew it: ok, offline, out_of_paper or unknown."""

    status: str
    error: str = ""

    @classmethod
    def of(cls, err: Exception) -> PrinterState:
        status = {"out_of_paper": "out_of_paper", "printer_offline": "offline"}.get(
            getattr(err, "code", ""), "unknown")
        return cls(status, str(err))


class PrinterLink:
    """The device, and its last known state (replaced whole, so readers never see half)."""

    def __init__(self, device: Device) -> None:
        self.device = device
        self.state = PrinterState("unknown")
