"""The relay: committed events travel between server processes over Redis pub/sub, so each
process's broadcaster serves its own screens with every process's events.

A process publishes the events it commits (a bus subscriber hands them to a sender thread,
so a request never waits on Redis) and listens, on another thread, for the others'; its own
come back and are skipped. A message lost while Redis is away is only a late screen: on
reconnecting the listener asks for every screen to be refreshed.
"""

from __future__ import annotations

import json
import logging
import queue
import threading
import uuid
from collections.abc import Callable

import redis

from queue_server.events import Event, event_from_wire

log = logging.getLogger(__name__)

CHANNEL = "hall:events"
RETRY_SECONDS = 1.0
OUTBOX_SIZE = 10_000  # events waiting for Redis; past that the oldest news is dropped


class EventRelay:
    def __init__(self, url: str, deliver: Callable[[list[Event]], None],
                 refresh: Callable[[], None]) -> None:
        self._redis = redis.Redis.from_url(url, socket_connect_timeout=2,
                                           health_check_interval=30)
        self._deliver, self._refresh = deliver, refresh
        self.origin = uuid.uuid4().hex  # this process, to skip its own events coming back
        self._stopping = threading.Event()
        self._pubsub = None
        self._outbox: queue.Queue[list[Event] | None] = queue.Queue(OUTBOX_SIZE)
        self._threads: list[threading.Thread] = []

    def __call__(self, events: list[Event]) -> None:
        """A bus batch subscriber: hand one transaction's events to the other processes."""
        try:
            self._outbox.put_nowait(events)
        except queue.Full:
            log.error("event relay: Redis has been away too long; %s not relayed",
                      [event.wire_name for event in events])

    def start(self) -> None:
        for target, name in ((self._listen_forever, "event-relay"),
                             (self._send_forever, "event-relay-send")):
            thread = threading.Thread(target=target, name=name, daemon=True)
            thread.start()
            self._threads.append(thread)

    def stop(self) -> None:
        self._stopping.set()
        self._outbox.put(None)
        if self._pubsub is not None:
            try:
                self._pubsub.close()
            except redis.RedisError:
                pass
        for thread in self._threads:
            thread.join(timeout=5)

    def _send_forever(self) -> None:
        """Publish what waits, as one message: the other processes get a transaction's
        events (and all queued behind them) in one round, never split."""
        while (events := self._outbox.get()) is not None:
            while not self._outbox.empty():
                more = self._outbox.get_nowait()
                if more is None:
                    self._outbox.put(None)  # stop after this message
                    break
                events = events + more
            body = json.dumps({"origin": self.origin,
                               "events": [event.to_wire() for event in events]})
            while not self._stopping.is_set():
                try:
                    self._redis.publish(CHANNEL, body)
                    break
                except (redis.RedisError, OSError) as err:
                    log.warning("event relay cannot publish (%s); retrying", err)
                    self._stopping.wait(RETRY_SECONDS)

    def _listen_forever(self) -> None:
        first = True
        while not self._stopping.is_set():
            try:
                self._pubsub = self._redis.pubsub(ignore_subscribe_messages=True)
                self._pubsub.subscribe(CHANNEL)
                if not first:
                    self._refresh()  # events may have passed while we were away
                first = False
                self._listen()
            except (redis.RedisError, OSError, ValueError) as err:
                if self._stopping.is_set():
                    return
                log.warning("event relay lost Redis (%s); retrying", err)
                self._stopping.wait(RETRY_SECONDS)

    def _listen(self) -> None:
        while not self._stopping.is_set():
            message = self._pubsub.get_message(timeout=1.0)
            if message is None or message.get("type") != "message":
                continue
            try:
                body = json.loads(message["data"])
                if body.get("origin") == self.origin:
                    continue
                events = [event_from_wire(wire) for wire in body["events"]]
            except (ValueError, KeyError, TypeError) as err:
                log.error("event relay: dropped a malformed message: %s", err)
                continue
            self._deliver(events)
