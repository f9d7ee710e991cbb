"""The print spool: issuing never waits on the printer, and no ticket is ever lost."""

from __future__ import annotations

from printer.errors import OutOfPaper, PrinterOffline
from queue_server import spool, tickets
from queue_server.events import PrintFailed, TicketPrinted
from queue_server.models import PrintJob, PrintJobState


def issue(hall, service_id: str) -> str:
    with hall.unit_of_work() as uow:
        return tickets.issue_ticket(uow, service_id, kiosk="kiosk-1").number


def test_an_issued_ticket_prints_chinese_text_and_its_number(hall, device, published,
                                                             household):
    number = issue(hall, household)
    assert device.sent == []  # issuing did not wait on the printer
    assert spool.print_due(hall) == 1
    assert number.encode() in device.sent[0]
    assert "户籍管理岗".encode("gb18030") in device.sent[0]
    assert isinstance(published[-1], TicketPrinted) and published[-1].number == number


def test_a_failing_printer_is_retried_with_backoff_and_keeps_order(hall, device, clock,
                                                                   published, household):
    first, second = issue(hall, household), issue(hall, household)
    device.fail_next(times=2, error=PrinterOffline)
    assert spool.print_due(hall) == 0
    assert isinstance(published[-1], PrintFailed) and published[-1].attempts == 1
    assert spool.print_due(hall) == 0 and device.attempts == 1  # backing off: not yet
    clock.advance(seconds=1)
    assert spool.print_due(hall) == 0 and device.attempts == 2
    clock.advance(seconds=2)
    assert spool.print_due(hall) == 2
    assert [first.encode() in device.sent[0], second.encode() in device.sent[1]] == [True, True]
    assert hall.printer.state.status == "ok"


def test_the_ticket_view_says_how_its_printing_goes(hall, device, client, household):
    with hall.unit_of_work() as uow:
        token = tickets.issue_ticket(uow, household, kiosk="k").token
    assert client.get(f"/api/tickets/{token}").json["print"]["state"] == "queued"
    device.fail_next(error=OutOfPaper("paper out"))
    spool.print_due(hall)
    view = client.get(f"/api/tickets/{token}").json["print"]
    assert view == {"state": "retrying", "error": "paper out"}
    assert client.get("/api/printer").json == {"status": "out_of_paper", "error": "paper out",
                                               "queued": 1}


def test_a_job_survives_a_crash_and_prints_after_restart(app, config, clock, device,
                                                         household):
    from printer.devices import MemoryDevice
    from queue_server.app import create_app

    number = issue(app.extensions["hall"], household)  # then the process dies
    app.extensions["hall"].database.engine.dispose()
    restarted = create_app(config, clock=clock, device=(new_device := MemoryDevice()))
    assert spool.print_due(restarted.extensions["hall"]) == 1
    assert number.encode() in new_device.sent[0] and device.sent == []
    restarted.extensions["hall"].database.engine.dispose()


def test_printing_twice_changes_nothing(hall, device, household):
    issue(hall, household)
    spool.print_due(hall)
    assert spool.print_due(hall) == 0 and len(device.sent) == 1


def test_a_job_that_cannot_be_laid_out_does_not_block_the_next(hall, device, household):
    issue(hall, household)
    issue(hall, household)
    with hall.unit_of_work() as uow:
        job = uow.session.query(PrintJob).order_by(PrintJob.id).first()
        job.view = dict(job.view, number="A 001!")  # not printable as a ticket number
    assert spool.print_due(hall) == 1
    with hall.reading() as session:
        states = [j.state for j in session.query(PrintJob).order_by(PrintJob.id)]
    assert states == [PrintJobState.FAILED, PrintJobState.PRINTED]


def test_backoff_grows_and_caps_at_a_minute():
    assert [spool.backoff(n).total_seconds() for n in (1, 2, 3, 7, 20)] == [1, 2, 4, 60, 60]


def test_a_ticket_not_printed_within_a_quarter_hour_is_not_printed_late(hall, device, clock,
                                                                        published, household):
    issue(hall, household)
    device.fail_next(times=50, error=PrinterOffline)
    spool.print_due(hall)
    clock.advance(minutes=16)  # the printer is back, but the visitor left with the number
    device.fail_next(times=0)
    device._failures.clear()
    assert spool.print_due(hall) == 0 and device.sent == []
    assert published[-1].error.startswith("too late to print")


def test_any_device_failure_keeps_the_job_and_backs_off(hall, device, clock, household):
    number = issue(hall, household)
    device.fail_next(error=PrinterOffline)
    device.send = lambda data: (_ for _ in ()).throw(OSError("cable pulled"))
    assert spool.print_due(hall) == 0
    assert hall.printer.state.status == "unknown"
    del device.send
    clock.advance(seconds=1)
    device._failures.clear()
    assert spool.print_due(hall) == 1 and number.encode() in device.sent[0]
