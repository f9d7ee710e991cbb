"""The ticket printer as the hall holds it: the device that carries bytes and the state the
spool last saw it in (ok, near_end, offline, out_of_paper, unknown)."""

from __future__ import annotations

import threading
from dataclasses import dataclass

from printer.devices import Device, PrinterStatus

PRINTABLE = ("ok", "near_end")


@dataclass(frozen=True)
class PrinterState:
    """The printer as the app last knew it: ok, near_end (paper nearly used up: prints),
    offline, out_of_paper or unknown (never asked yet, or it did not answer)."""

    status: str
    error: str = ""

    @classmethod
    def of(cls, err: Exception) -> PrinterState:
        status = {"out_of_paper": "out_of_paper", "printer_offline": "offline"}.get(
            getattr(err, "code", ""), "unknown")
        return cls(status, str(err) or type(err).__name__)

    @classmethod
    def answered(cls, status: PrinterStatus) -> PrinterState:
        """What the device said about itself; not answering is unknown with a reason."""
        if status is PrinterStatus.UNKNOWN:
            return cls("unknown", "the printer did not answer a status query")
        return cls(status.value)

    @property
    def can_print(self) -> bool:
        return self.status in PRINTABLE

    def differs_from(self, other: PrinterState) -> bool:
        """A change worth telling the screens: another status, or an error appearing or
        clearing (not a reworded one)."""
        return self.status != other.status or bool(self.error) != bool(other.error)


class PrinterLink:
    """The device, and its last known state (replaced whole, so readers never see half)."""

    def __init__(self, device: Device) -> None:
        self.device = device
        self.state = PrinterState("unknown")
        self._lock = threading.Lock()

    def update(self, state: PrinterState) -> PrinterState | None:
        """Take `state` as the printer's; the state it replaces if that is a change, else
        None."""
        with self._lock:
            was, self.state = self.state, state
        return was if state.differs_from(was) else None
