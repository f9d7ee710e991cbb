"""The printer package's errors: one base, each subclass saying what is wrong, each with a code."""


class PrinterError(Exception):
    """Base of every error raised by `printer`; `code` is a stable machine-readable name."""

    code = "printer_error"


class PrinterOffline(PrinterError):
    """The device cannot be reached or refuses the job (unplugged, off, cover open, no driver)."""

    code = "printer_offline"


class OutOfPaper(PrinterError):
    """The device answered that its paper roll is empty."""

    code = "out_of_paper"


class PrinterNotAnswering(PrinterError):
    """The device took the connection but did not answer a status query: whether a ticket
    sent to it printed is unknown (so it is never counted as printed)."""

    code = "printer_not_answering"


class BadPrinterUrl(PrinterError, ValueError):
    """A printer URL that names no usable device; raised when the device is built."""

    code = "bad_printer_url"


class UnprintableText(PrinterError, ValueError):
    """Text that must print exactly (the ticket number, the QR URL) but cannot."""

    code = "unprintable_text"


class NoCjkFont(PrinterError):
    """The preview renderer found no font able to draw Chinese on this machine."""

    code = "no_cjk_font"


class UnsupportedCommand(PrinterError):
    """The preview renderer met an ESC/POS command outside the subset the layout emits."""

    code = "unsupported_command"
