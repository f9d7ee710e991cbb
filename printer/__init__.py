"""Ticket printing over ESC/POS: lay a ticket out as bytes, carry bytes to a device."""

from printer.devices import Device, MemoryDevice, PrinterStatus, device_from_url
from printer.errors import (
    BadPrinterUrl,
    NoCjkFont,
    OutOfPaper,
    PrinterError,
    PrinterNotAnswering,
    PrinterOffline,
    UnprintableText,
    UnsupportedCommand,
)
from printer.layout import TicketView, ticket_bytes

__all__ = [
    "BadPrinterUrl",
    "Device",
    "MemoryDevice",
    "NoCjkFont",
    "OutOfPaper",
    "PrinterError",
    "PrinterNotAnswering",
    "PrinterOffline",
    "PrinterStatus",
    "TicketView",
    "UnprintableText",
    "UnsupportedCommand",
    "device_from_url",
    "ticket_bytes",
]
