"""Printing that the printer confirms, over a real loopback socket to a fake ESC/POS printer
(`tests/printers.py`): a job is printed only when the printer answers after the ticket; a
failing printer keeps the job and says so on every screen that matters; a crashed worker's
claim runs out in seconds; after an outage only the last minute's tickets print."""

from __future__ import annotations

import threading

import pytest

from printer.devices import device_from_url
from queue_server import spool, tickets
from queue_server.events import PrinterStateChanged, PrintFailed, TicketPrinted
from queue_server.models import PrintJob, PrintJobState
from queue_server.realtime import socketio
from tests.printers import FakePrinter
from tests.screens import event_names, snapshots


@pytest.fixture
def fake():
    printer = FakePrinter("healthy")
    yield printer
    printer.stop()


@pytest.fixture
def device(fake, tmp_path):
    """The real tcp:// device, pointed at the fake printer (short timeouts for tests)."""
    return device_from_url(f"{fake.url}?timeout=1&status_timeout=0.3", data_dir=tmp_path)


def issue(hall, service_id: str) -> str:
    with hall.unit_of_work() as uow:
        return tickets.issue_ticket(uow, service_id, kiosk="kiosk-1").number


def jobs(hall) -> list[PrintJob]:
    with hall.reading() as session:
        return list(session.query(PrintJob).order_by(PrintJob.id))


def printed_numbers(fake: FakePrinter, numbers: list[str]) -> list[str]:
    return [n for ticket in fake.tickets for n in numbers if n.encode() in ticket]


# ---- what the printer says decides -------------------------------------------------------

def test_a_healthy_printer_confirms_the_ticket_and_only_then_it_is_printed(hall, fake,
                                                                          published, household):
    number = issue(hall, household)
    assert spool.print_due(hall) == 1
    assert fake.wait_for(lambda: len(fake.tickets) == 1)
    assert number.encode() in fake.tickets[0]
    assert fake.seen[-4:] == ["ticket", "query 1", "query 2", "query 4"]  # asked after it
    assert [j.state for j in jobs(hall)] == [PrintJobState.PRINTED]
    assert isinstance(published[-1], TicketPrinted) and hall.printer.state.status == "ok"


def test_a_printer_that_reads_the_ticket_but_never_answers_is_not_printed(hall, fake, clock,
                                                                         household):
    spool.check_printer(hall)
    fake.behave("stall")
    number = issue(hall, household)
    assert spool.print_due(hall) == 0
    assert fake.wait_for(lambda: len(fake.unprinted) == 1)  # it has the bytes, said nothing
    [job] = jobs(hall)
    assert job.state is PrintJobState.QUEUED and job.attempts == 1
    assert "did not answer after the ticket" in job.last_error
    assert hall.printer.state.status == "unknown" and hall.printer.state.error
    fake.behave("healthy")
    clock.advance(seconds=1)
    assert spool.print_due(hall) == 1  # retried whole, and confirmed this time
    assert fake.wait_for(lambda: printed_numbers(fake, [number]) == [number])


def test_a_printer_that_never_reads_gets_nothing_counted_and_is_retried(hall, fake, clock,
                                                                       household):
    fake.behave("never_read")
    number = issue(hall, household)
    assert spool.print_due(hall) == 0
    assert hall.printer.state.status == "unknown" and hall.printer.state.error
    [job] = jobs(hall)
    assert job.state is PrintJobState.QUEUED and job.printed_at is None
    fake.behave("healthy")
    clock.advance(seconds=2)
    assert spool.print_due(hall) == 1
    assert fake.wait_for(lambda: printed_numbers(fake, [number]) == [number])
    assert hall.printer.state.status == "ok"


def test_a_printer_closing_mid_ticket_gets_the_whole_ticket_again(hall, fake, clock,
                                                                 household):
    spool.check_printer(hall)
    fake.behave("close_mid_ticket")
    number = issue(hall, household)
    assert spool.print_due(hall) == 0
    assert fake.wait_for(lambda: len(fake.unprinted) == 1)
    assert jobs(hall)[0].state is PrintJobState.QUEUED
    clock.advance(seconds=1)  # the fake is healthy again after the blip
    assert spool.print_due(hall) == 1
    assert fake.wait_for(lambda: len(fake.tickets) == 1)
    assert number.encode() in fake.tickets[0] and len(fake.tickets[0]) > fake.close_after
    assert fake.tickets[0].startswith(fake.unprinted[0])  # the same ticket, from its start


def test_paper_out_keeps_the_job_and_says_out_of_paper(hall, fake, client, household):
    fake.behave("out_of_paper")
    issue(hall, household)
    assert spool.print_due(hall) == 0
    assert "ticket" not in fake.seen
    assert hall.printer.state.status == "out_of_paper"
    assert jobs(hall)[0].state is PrintJobState.QUEUED
    assert client.get("/api/printer").json["status"] == "out_of_paper"


def test_paper_near_end_prints_and_says_near_end(hall, fake, published, household):
    fake.behave("near_end")
    number = issue(hall, household)
    assert spool.print_due(hall) == 1
    assert fake.wait_for(lambda: printed_numbers(fake, [number]) == [number])
    assert hall.printer.state.status == "near_end"
    changes = [e for e in published if isinstance(e, PrinterStateChanged)]
    assert changes[-1].status == "near_end"


def test_the_state_is_ok_again_as_soon_as_the_printer_answers(hall, fake, published):
    fake.behave("out_of_paper")
    assert spool.check_printer(hall).status == "out_of_paper"
    fake.behave("healthy")
    assert spool.print_due(hall) == 0  # nothing to print, but it asked: not ok before
    assert hall.printer.state.status == "ok"
    assert [(e.was, e.status) for e in published if isinstance(e, PrinterStateChanged)] == [
        ("unknown", "out_of_paper"), ("out_of_paper", "ok")]


def test_every_ticket_waiting_behind_a_failing_printer_is_told(hall, fake, client, published,
                                                              household):
    fake.behave("out_of_paper")
    first, second = issue(hall, household), issue(hall, household)
    spool.print_due(hall)
    third = issue(hall, household)  # issued while the printer is still out of paper
    spool.print_due(hall)
    told = [e.number for e in published if isinstance(e, PrintFailed)]
    assert told == [first, second, third]
    views = [client.get(f"/api/tickets/{t.token}").json["print"]
             for t in _tickets(hall)]
    assert {v["state"] for v in views} == {"retrying"}


def _tickets(hall):
    from queue_server.models import Ticket

    with hall.reading() as session:
        return list(session.query(Ticket).order_by(Ticket.id))


# ---- claims ----------------------------------------------------------------------------------

def test_a_crashed_workers_claim_is_taken_over_within_seconds(hall, fake, clock, household):
    number = issue(hall, household)
    with hall.unit_of_work() as uow:  # a worker claimed the job, then its process died
        job = uow.session.query(PrintJob).one()
        job.next_try_at = uow.now + spool.CLAIM
    assert spool.CLAIM.total_seconds() <= 5
    assert spool.print_due(hall) == 0  # still claimed
    clock.advance(seconds=spool.CLAIM.total_seconds())
    assert spool.print_due(hall) == 1
    assert fake.wait_for(lambda: printed_numbers(fake, [number]) == [number])


def test_a_live_worker_renews_its_claim_while_the_printer_takes_its_time(hall, fake, clock,
                                                                        household):
    spool.check_printer(hall)
    fake.behave("stall")  # reads the ticket, then keeps the sender waiting a second
    issue(hall, household)
    worker = threading.Thread(target=spool.print_due, args=(hall,),
                              kwargs={"renew_every": 0.05})
    worker.start()
    assert fake.wait_for(lambda: "ticket" in fake.seen)
    clock.advance(seconds=spool.CLAIM.total_seconds() * 2)  # the first claim ran out
    renewed = threading.Event()

    def claim_renewed() -> bool:
        with hall.reading() as session:
            return session.query(PrintJob).one().next_try_at > clock.now()

    while not renewed.is_set() and worker.is_alive():  # waits on the worker, not the clock
        renewed.wait(0.02)
        if claim_renewed():
            renewed.set()
    assert renewed.is_set()
    with hall.unit_of_work() as uow:  # another process finds the job claimed
        assert spool.claim_head(uow) is None
    worker.join(timeout=5)


# ---- after an outage -------------------------------------------------------------------------

def test_after_an_outage_only_the_last_minutes_tickets_print(hall, fake, clock, published,
                                                             household, supervisor_view):
    fake.behave("out_of_paper")
    old = issue(hall, household)
    spool.print_due(hall)
    clock.advance(seconds=45)
    recent = issue(hall, household)
    spool.print_due(hall)
    clock.advance(seconds=30)  # `old` waited 75 s, `recent` 30 s
    fake.behave("healthy")
    assert spool.print_due(hall) == 1
    assert fake.wait_for(lambda: len(fake.tickets) == 1)
    assert printed_numbers(fake, [old, recent]) == [recent]
    given_up = [e for e in published if isinstance(e, PrintFailed) and e.number == old]
    assert given_up[-1].error.startswith("too late to print")
    unprinted = supervisor_view()["unprinted"]
    assert [(t["number"], t["issued_at"][11:19]) for t in unprinted] == [(old, "10:00:00")]


@pytest.fixture
def supervisor_view(app, hall):
    from tests.actors import Clerk, add_staff

    add_staff(hall, "赵主管", "supervisor-password", role="supervisor")
    supervisor = Clerk(app.test_client()).log_in("赵主管", "supervisor-password")
    return lambda: supervisor.client.get("/api/live").json


# ---- pushed to the screens -------------------------------------------------------------------

def test_a_printer_change_is_pushed_to_clerk_pages_live_view_and_kiosks_not_the_board(
        app, hall, fake, client, clerk_of, supervisor_view):
    clerk_8 = clerk_of(8)
    page = socketio.test_client(app, flask_test_client=clerk_8.client,
                                auth={"screen": "window", "window": 8})
    [first] = snapshots(page.get_received())
    assert first["printer"] == {"status": "unknown", "error": "", "down": False, "queued": 0}
    supervisor_view()  # logs the supervisor in
    from tests.actors import Clerk

    live = socketio.test_client(app, flask_test_client=Clerk(app.test_client()).log_in(
        "赵主管", "supervisor-password").client, auth={"screen": "supervisor"})
    kiosk = socketio.test_client(app, auth={"screen": "kiosk", "lang": "zh-CN"})
    board = socketio.test_client(app, auth={"screen": "board"})
    for screen in (live, kiosk, board):
        screen.get_received()

    fake.behave("out_of_paper")
    spool.check_printer(hall)
    [pushed] = snapshots(page.get_received())
    assert pushed["printer"]["status"] == "out_of_paper"
    assert event_names([{"name": "snapshot", "args": [pushed]}]) == ["printer.state"]
    assert snapshots(live.get_received())[-1]["printer"]["status"] == "out_of_paper"
    assert snapshots(kiosk.get_received())[-1]["printer"]["status"] == "out_of_paper"
    assert board.get_received() == []

    fake.behave("healthy")
    spool.print_due(hall)  # the next round asks, and it answers
    assert snapshots(page.get_received())[-1]["printer"]["status"] == "ok"
    assert snapshots(live.get_received())[-1]["printer"]["status"] == "ok"


def test_the_clerk_page_and_the_live_view_carry_the_printer(app, hall, fake, clerk,
                                                            supervisor_view):
    fake.behave("near_end")
    spool.check_printer(hall)
    assert clerk.client.get("/api/windows/8").json["printer"]["status"] == "near_end"
    assert supervisor_view()["printer"]["status"] == "near_end"
    page = clerk.client.get("/window/8")
    assert 'id="printer-banner"' in page.get_data(as_text=True)


def test_the_kiosk_says_the_printer_is_down_when_it_stops_answering(app, client, hall):
    from queue_server.printer_link import PrinterState
    from queue_server.realtime import socketio

    def kiosk_printer() -> dict:
        screen = socketio.test_client(app, flask_test_client=client,
                                      auth={"screen": "kiosk", "lang": "zh-CN"})
        return screen.get_received()[-1]["args"][0]["printer"]

    assert kiosk_printer()["down"] is False  # never asked yet: no banner
    hall.printer.state = PrinterState("unknown", "the printer did not answer")
    assert kiosk_printer()["down"] is True
    hall.printer.state = PrinterState("near_end")
    assert kiosk_printer()["down"] is False  # staff see a note; visitors' tickets still print
