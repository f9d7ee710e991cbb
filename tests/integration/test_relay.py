"""The event relay over a real Redis: what one process commits reaches the other's
broadcaster, its own events are not delivered twice, and a publish never blocks a request."""

from __future__ import annotations

import os
import queue

import pytest

from queue_server.clock import hall_time
from queue_server.events import TicketCalled
from queue_server.screens.relay import EventRelay

pytestmark = pytest.mark.skipif(not os.environ.get("REDIS_URL"),
                                reason="REDIS_URL is not set (.ci/run sets it)")

CALL = TicketCalled(at=hall_time("2026-12-03 10:00"), actor="王老师", ticket_id=1,
                    number="H001", post_id="w8", token="t" * 22, window_no=8)


@pytest.fixture
def relays():
    made = []

    def make() -> tuple[EventRelay, queue.Queue]:
        delivered: queue.Queue = queue.Queue()
        relay = EventRelay(os.environ["REDIS_URL"], deliver=delivered.put,
                           refresh=lambda: delivered.put("refresh"))
        relay.start()
        made.append(relay)
        return relay, delivered

    yield make
    for relay in made:
        relay.stop()


def wait_subscribed(relay: EventRelay) -> None:
    """Until the listener's subscription is live (Redis says so), never by sleeping."""
    import redis

    client = redis.Redis.from_url(os.environ["REDIS_URL"])
    for _ in range(500):
        if client.pubsub_numsub("hall:events")[0][1] >= 1 and relay._pubsub is not None:
            return
        relay._stopping.wait(0.01)
    raise AssertionError("the relay never subscribed")


def test_an_event_committed_in_one_process_reaches_the_other(relays):
    sender, sender_got = relays()
    receiver, receiver_got = relays()
    wait_subscribed(receiver)
    wait_subscribed(sender)
    sender([CALL, CALL])
    assert receiver_got.get(timeout=5) == [CALL, CALL]  # one transaction: one delivery
    with pytest.raises(queue.Empty):
        sender_got.get(timeout=0.3)  # its own event is not delivered back


def test_publishing_never_waits_for_redis():
    relay = EventRelay("redis://127.0.0.1:1/0", deliver=lambda e: None, refresh=lambda: None)
    relay([CALL])  # not started, nothing listens on port 1: the request thread goes on at once
    assert relay._outbox.qsize() == 1
