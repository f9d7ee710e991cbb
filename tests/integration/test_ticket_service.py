"""The ticket service itself: one transaction, events only after commit, end of day."""

from __future__ import annotations

import pytest

from queue_server import tickets, windows
from queue_server.clock import hall_time
from queue_server.events import TicketExpired
from queue_server.models import AuditEntry, Ticket, TicketState


def test_nothing_is_published_or_kept_when_the_transaction_rolls_back(hall, published,
                                                                      household):
    with pytest.raises(RuntimeError), hall.unit_of_work() as uow:
        tickets.issue_ticket(uow, household, kiosk="k1")
        raise RuntimeError("power cut before commit")
    assert published == []
    with hall.reading() as session:
        assert session.query(Ticket).count() == 0
        assert session.query(AuditEntry).count() == 0
    with hall.unit_of_work() as uow:
        assert tickets.issue_ticket(uow, household, kiosk="k1").number.endswith("001")


def test_every_change_writes_its_audit_entry(hall, household):
    with hall.unit_of_work() as uow:
        tickets.issue_ticket(uow, household, kiosk="k1")
    with hall.unit_of_work() as uow:
        windows.open_window(uow, 8, clerk="王老师")
    with hall.unit_of_work() as uow:
        tickets.call_next(uow, 8, actor="王老师")
    with hall.reading() as session:
        kinds = [(e.kind, e.actor) for e in session.query(AuditEntry).order_by(AuditEntry.id)]
    assert kinds == [("ticket.issued", "kiosk:k1"), ("window.opened", "王老师"),
                     ("ticket.called", "王老师")]


def test_end_of_day_expires_what_is_still_waiting(hall, clock, published, household):
    with hall.unit_of_work() as uow:
        tickets.issue_ticket(uow, household, kiosk="k1")
        tickets.issue_ticket(uow, household, kiosk="k1")
    clock.set(hall_time("2026-12-04 00:00"))
    published.clear()
    with hall.unit_of_work() as uow:
        assert tickets.expire_waiting(uow, before_day=uow.now.date()) == 2
    assert [type(e) for e in published] == [TicketExpired, TicketExpired]
    with hall.unit_of_work() as uow:
        assert tickets.expire_waiting(uow, before_day=uow.now.date()) == 0
    with hall.reading() as session:
        assert {t.state for t in session.query(Ticket)} == {TicketState.EXPIRED}


def test_estimated_wait_uses_the_posts_recent_service_times(hall, clock, household):
    with hall.unit_of_work() as uow:
        windows.open_window(uow, 8, clerk="c")
        for _ in range(3):
            tickets.issue_ticket(uow, household, kiosk="k")
    for _ in range(2):  # two visitors served in 10 minutes each
        with hall.unit_of_work() as uow:
            tickets.call_next(uow, 8, actor="c")
        clock.advance(minutes=10)
        with hall.unit_of_work() as uow:
            tickets.finish(uow, 8, actor="c")
    with hall.unit_of_work() as uow:
        ticket = tickets.issue_ticket(uow, household, kiosk="k")
        assert ticket.people_ahead_at_issue == 1
        assert ticket.wait_minutes_at_issue == 10  # 1 ahead × 10 min ÷ 1 window serving


def test_a_second_clerk_cannot_open_an_open_window(hall):
    from queue_server.errors import WindowAlreadyOpened

    with hall.unit_of_work() as uow:
        windows.open_window(uow, 8, clerk="a")
    with pytest.raises(WindowAlreadyOpened), hall.unit_of_work() as uow:
        windows.open_window(uow, 8, clerk="b")


def test_closing_a_window_with_a_called_ticket_is_refused(hall, household):
    from queue_server.errors import WindowBusy

    with hall.unit_of_work() as uow:
        tickets.issue_ticket(uow, household, kiosk="k")
        windows.open_window(uow, 8, clerk="a")
    with hall.unit_of_work() as uow:
        tickets.call_next(uow, 8, actor="a")
    with pytest.raises(WindowBusy), hall.unit_of_work() as uow:
        windows.close_window(uow, 8, actor="a")
