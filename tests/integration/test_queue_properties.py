"""Random days at the hall (a hypothesis state machine) keep the queue's invariants."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule
from sqlalchemy import delete, select

from queue_server import tickets, windows
from queue_server.clock import hall_time
from queue_server.errors import HallError
from queue_server.models import (
    AuditEntry,
    PrintJob,
    QueueCounter,
    Ticket,
    TicketState,
    WindowSession,
)

WINDOWS = (8, 14, 15, 20, 22)


def run_machine(hall, clock) -> None:
    catalog = hall.catalog
    posts = {catalog.window(n).post_id for n in WINDOWS}
    services = [s.id for s in catalog.services if s.post_id in posts]

    class HallDay(RuleBasedStateMachine):
        def __init__(self) -> None:
            super().__init__()
            clock.set(hall_time("2026-12-03 09:30"))
            with hall.unit_of_work() as uow:
                for table in (AuditEntry, PrintJob, Ticket, WindowSession, QueueCounter):
                    uow.session.execute(delete(table))
            self.issued = 0

        def act(self, change) -> None:
            clock.advance(seconds=20)
            try:
                with hall.unit_of_work() as uow:
                    change(uow)
            except HallError:
                pass  # a refused move must change nothing: the invariants check that

        @rule(service=st.sampled_from(services))
        def issue(self, service):
            def change(uow):
                tickets.issue_ticket(uow, service, kiosk="k")
                self.issued += 1
            self.act(change)

        @rule(window=st.sampled_from(WINDOWS))
        def open(self, window):
            self.act(lambda uow: windows.open_window(uow, window, clerk="c"))

        @rule(window=st.sampled_from(WINDOWS), finish=st.booleans())
        def call(self, window, finish):
            self.act(lambda uow: tickets.call_next(uow, window, actor="c",
                                                   finish_current=finish))

        @rule(window=st.sampled_from(WINDOWS),
              move=st.sampled_from(["recall", "start", "finish", "no_show"]))
        def serve(self, window, move):
            functions = {"recall": tickets.recall, "start": tickets.start_service,
                         "finish": tickets.finish, "no_show": tickets.mark_no_show}
            self.act(lambda uow: functions[move](uow, window, actor="c"))

        @rule(window=st.sampled_from(WINDOWS), service=st.sampled_from(services))
        def transfer(self, window, service):
            self.act(lambda uow: tickets.transfer(uow, window, service, actor="c"))

        @rule(window=st.sampled_from(WINDOWS), places=st.integers(0, 4))
        def requeue(self, window, places):
            def change(uow):
                missed = uow.session.scalars(select(Ticket.id).where(
                    Ticket.state == TicketState.MISSED)).first()
                if missed is not None:
                    tickets.requeue(uow, window, missed, actor="c", places=places)
            self.act(change)

        @rule(window=st.sampled_from(WINDOWS), pause=st.booleans())
        def pause_or_resume(self, window, pause):
            if pause:
                self.act(lambda uow: windows.pause_window(uow, window, actor="c"))
            else:
                self.act(lambda uow: windows.resume_window(uow, window, actor="c"))

        @precondition(lambda self: self.issued > 0)
        @invariant()
        def queue_is_consistent(self):
            with hall.reading() as session:
                rows = session.scalars(select(Ticket)).all()
            assert len(rows) == self.issued  # none lost, none made up
            numbers = [(t.service_day, t.number) for t in rows]
            assert len(numbers) == len(set(numbers))  # unique per queue and day
            by_window: dict[int, int] = {}
            for ticket in rows:
                assert ticket.state in TicketState
                if ticket.state in (TicketState.CALLED, TicketState.SERVING):
                    assert ticket.window_no is not None
                    assert catalog.window(ticket.window_no).post_id == ticket.post_id
                    by_window[ticket.window_no] = by_window.get(ticket.window_no, 0) + 1
                elif ticket.state is TicketState.WAITING:
                    assert ticket.window_no is None
            assert all(count == 1 for count in by_window.values())  # one ticket per window

    HallDay.TestCase.settings = settings(
        max_examples=25, stateful_step_count=30, deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
    HallDay.TestCase("runTest").runTest()


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_random_days_keep_the_invariants(hall, clock):
    run_machine(hall, clock)
