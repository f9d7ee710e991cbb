"""Many kiosks and clerks at once: no duplicate number, no ticket called twice, none lost."""

from __future__ import annotations

import threading
from collections import Counter

from sqlalchemy import select

from queue_server import tickets, windows
from queue_server.errors import HallError
from queue_server.models import AuditEntry, Ticket
from tests.catalog_lookup import service_named

KIOSKS, TICKETS_PER_KIOSK = 6, 15
CALLING_WINDOWS = (14, 15, 20, 22, 23)


def test_concurrent_kiosks_and_clerks_never_collide(hall):
    services = [service_named(hall.catalog, "成绩单", window=14).id,
                service_named(hall.catalog, "校园卡", window=20).id]
    for window_no in CALLING_WINDOWS:
        with hall.unit_of_work() as uow:
            windows.open_window(uow, window_no, clerk=f"clerk{window_no}")
    issued: list[str] = []
    calls: list[int] = []
    errors: list[BaseException] = []
    done_issuing = threading.Event()
    lock = threading.Lock()

    def kiosk(k: int) -> None:
        try:
            for i in range(TICKETS_PER_KIOSK):
                with hall.unit_of_work() as uow:
                    number = tickets.issue_ticket(uow, services[(k + i) % 2],
                                                  kiosk=f"k{k}").number
                with lock:
                    issued.append(number)
        except BaseException as err:  # noqa: BLE001 - reported below
            errors.append(err)

    def clerk(window_no: int) -> None:
        try:
            idle_rounds = 0
            while idle_rounds < 3:
                with hall.unit_of_work() as uow:
                    called = tickets.call_next(uow, window_no, actor=f"c{window_no}",
                                               finish_current=True)
                    called_id = called.id if called else None
                if called_id is None:
                    if done_issuing.is_set():
                        idle_rounds += 1
                    continue
                with lock:
                    calls.append(called_id)
        except HallError as err:
            errors.append(err)
        except BaseException as err:  # noqa: BLE001
            errors.append(err)

    kiosks = [threading.Thread(target=kiosk, args=(k,)) for k in range(KIOSKS)]
    clerks = [threading.Thread(target=clerk, args=(n,)) for n in CALLING_WINDOWS]
    for thread in kiosks + clerks:
        thread.start()
    for thread in kiosks:
        thread.join()
    done_issuing.set()
    for thread in clerks:
        thread.join(timeout=120)

    assert errors == []
    total = KIOSKS * TICKETS_PER_KIOSK
    assert len(issued) == total and len(set(issued)) == total
    assert len(calls) == total and len(set(calls)) == total
    with hall.reading() as session:
        rows = session.scalars(select(Ticket)).all()
        called_entries = session.scalars(
            select(AuditEntry.ticket_id).where(AuditEntry.kind == "ticket.called")).all()
    assert len(rows) == total
    for prefix, seqs in _seqs_by_prefix(rows).items():
        assert sorted(seqs) == list(range(1, len(seqs) + 1)), prefix  # no gaps, no duplicates
    assert max(Counter(called_entries).values()) == 1


def _seqs_by_prefix(rows):
    by_prefix: dict[str, list[int]] = {}
    for row in rows:
        by_prefix.setdefault(row.prefix, []).append(row.seq)
    return by_prefix
