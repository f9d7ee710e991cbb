"""The one calling order (queues.calling_order): booked slots and fair 绿色通道, pure."""

from __future__ import annotations

from datetime import timedelta

from queue_server.clock import hall_time
from queue_server.queues import GREEN, GreenCall, InLine, calling_order

NOW = hall_time("2026-12-03 10:00")
BOUND = timedelta(minutes=10)


def walk_in(n: int, *, due_minutes: int = 0, green: bool = False, slot=None) -> InLine:
    return InLine(n, GREEN if green else 0, green, slot, NOW + timedelta(minutes=due_minutes))


def order(line, *, since=2, every=3, at=NOW):
    return [t.id for t in calling_order(line, at=at, every=every, max_delay=BOUND,
                                        regular_since_green=since)]


def test_without_priority_the_stored_order_stands():
    assert order([walk_in(1), walk_in(2), walk_in(3)]) == [1, 2, 3]


def test_a_green_ticket_goes_first_when_the_window_has_not_just_called_one():
    assert order([walk_in(1), walk_in(2), walk_in(9, green=True)]) == [9, 1, 2]


def test_at_most_one_green_call_in_every_k_calls_while_regular_tickets_wait():
    line = [walk_in(1), walk_in(2), walk_in(3), walk_in(4),
            walk_in(8, green=True), walk_in(9, green=True)]
    assert order(line) == [8, 1, 2, 9, 3, 4]
    assert order(line, since=0) == [1, 2, 8, 3, 4, 9]  # a green call was the window's last
    assert order(line, every=1) == [8, 9, 1, 2, 3, 4]  # K = 1: no bound at all


def test_greens_alone_are_called_in_their_order():
    assert order([walk_in(8, green=True), walk_in(9, green=True)], since=0) == [8, 9]


def test_no_green_jumps_a_regular_ticket_past_its_estimate_by_the_bound():
    late = walk_in(1, due_minutes=-11)  # its estimate said 9:49: 11 minutes ago
    assert order([late, walk_in(2), walk_in(9, green=True)]) == [1, 9, 2]
    within = walk_in(1, due_minutes=-9)
    assert order([within, walk_in(2), walk_in(9, green=True)]) == [9, 1, 2]


def test_a_booked_ticket_keeps_its_place_but_is_not_ready_before_its_slot():
    booked = walk_in(5, slot=NOW + timedelta(minutes=30))
    assert not booked.ready(NOW)
    assert booked.ready(NOW + timedelta(minutes=30))
    assert order([walk_in(1), booked, walk_in(2)]) == [1, 5, 2]


def test_a_green_call_counts_the_service_time_it_holds_the_others_back():
    nearly_late = walk_in(1, due_minutes=-7)  # 7 past; one more 5-minute service makes 12
    line = [nearly_late, walk_in(2), walk_in(9, green=True)]
    assert [t.id for t in calling_order(line, at=NOW, every=3, max_delay=BOUND,
                                        regular_since_green=2,
                                        service_time=timedelta(minutes=5))] == [1, 9, 2]



def test_a_regular_ticket_lets_at_most_the_bound_over_a_service_time_of_greens_pass():
    """Mean service 5 minutes, bound 10: over its whole wait a ticket lets two greens by."""
    five = timedelta(minutes=5)

    def issued(n: int, minutes_ago: int) -> InLine:
        return InLine(n, 0, False, None, NOW, NOW - timedelta(minutes=minutes_ago))

    greens = [walk_in(8, green=True), walk_in(9, green=True)]
    line = [issued(1, 20), issued(2, 5), *greens]
    fresh = calling_order(line, at=NOW, every=1, max_delay=BOUND, regular_since_green=0,
                          service_time=five)
    assert [t.id for t in fresh] == [8, 9, 1, 2]  # nobody has let a green by yet
    one_by = (GreenCall(NOW - timedelta(minutes=10), five),)  # it passed ticket 1
    assert [t.id for t in calling_order(line, at=NOW, every=1, max_delay=BOUND,
                                        regular_since_green=0, service_time=five,
                                        green_calls=one_by)] == [8, 1, 9, 2]
    two_by = (GreenCall(NOW - timedelta(minutes=15), five),
              GreenCall(NOW - timedelta(minutes=2), five))  # ticket 2 let one by
    assert [t.id for t in calling_order(line, at=NOW, every=1, max_delay=BOUND,
                                        regular_since_green=0, service_time=five,
                                        green_calls=two_by)] == [1, 8, 2, 9]


def test_a_green_that_took_long_uses_up_the_budget_by_the_minutes_it_took():
    """Mean service 4 minutes, bound 10: a green that kept a window 8 minutes since a
    ticket was issued leaves room for no other; one that took 3 leaves room for one."""
    four = timedelta(minutes=4)
    waiting = InLine(1, 0, False, None, NOW, NOW - timedelta(minutes=20))
    line = [waiting, walk_in(9, green=True)]

    def after(took: int) -> list[int]:
        called = (GreenCall(NOW - timedelta(minutes=15), timedelta(minutes=took)),)
        return [t.id for t in calling_order(line, at=NOW, every=1, max_delay=BOUND,
                                            regular_since_green=0, service_time=four,
                                            green_calls=called)]

    assert after(3) == [9, 1]
    assert after(8) == [1, 9]


def test_a_green_the_rules_hold_back_keeps_its_place_ahead_of_later_walk_ins():
    """Mean service 15 minutes, bound 10: no green may jump anyone at this post, but a
    green ticket still goes ahead of walk-ins who came after it."""
    def issued(n: int, minutes_ago: int, green: bool = False) -> InLine:
        return InLine(n, GREEN if green else 0, green, None, NOW,
                      NOW - timedelta(minutes=minutes_ago))

    line = [issued(9, 6, green=True), issued(1, 10), issued(2, 4), issued(3, 1)]
    assert [t.id for t in calling_order(line, at=NOW, every=3, max_delay=BOUND,
                                        regular_since_green=2,
                                        service_time=timedelta(minutes=15))] == [1, 9, 2, 3]


def test_a_windows_lunch_moves_by_its_green_calls_and_the_next_turn_follows():
    """Lunch from 12:00, 45 minutes each window in turn. Window 0 served greens for 7 and
    5 minutes from 11:20 and 11:55 (and one at 10:30, outside the hour): its lunch starts
    12:12, so window 1's turn starts 12:57, later again by its own green at 12:40."""
    from queue_server.queues import planned_lunch
    from queue_server.settings import HallSettings

    def green(at: str, minutes: int) -> GreenCall:
        return GreenCall(hall_time(f"2026-12-03 {at}"), timedelta(minutes=minutes))

    first = [green("10:30", 9), green("11:20", 7), green("11:55", 5)]
    second = [green("12:40", 4)]
    rules = HallSettings()
    assert planned_lunch(NOW, 0, rules, [first])[0] == hall_time("2026-12-03 12:12")
    assert planned_lunch(NOW, 1, rules, [first, second])[0] == hall_time("2026-12-03 13:01")
    assert planned_lunch(NOW, 1, rules)[0] == hall_time("2026-12-03 12:45")
    assert planned_lunch(NOW, 1, HallSettings(lunch_after_greens=False),
                         [first, second])[0] == hall_time("2026-12-03 12:45")
