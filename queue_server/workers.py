"""The hall's background threads, owned and stopped by `run.py serve` (never started by the
app factory, so tests and the reloader never run them twice): the broadcaster, the print
spool, the day-rhythm scheduler and, with several processes, the event relay's listener."""

from __future__ import annotations

from dataclasses import dataclass

from queue_server.hall import Hall
from queue_server.scheduler import start_scheduler
from queue_server.screens.broadcast import Broadcaster
from queue_server.screens.relay import EventRelay
from queue_server.spool import SpoolWorker


@dataclass
class Workers:
    hall: Hall
    broadcaster: Broadcaster
    spool: SpoolWorker
    relay: EventRelay | None = None
    _scheduler: object = None

    def start(self) -> None:
        self.broadcaster.start()
        self.spool.start()
        if self.relay is not None:
            self.relay.start()
        self._scheduler = start_scheduler(self.hall)

    def stop(self) -> None:
        """Stop taking new work, then let each thread finish what it holds."""
        if self._scheduler is not None:
            self._scheduler.shutdown(wait=True)
            self._scheduler = None
        if self.relay is not None:
            self.relay.stop()
        self.spool.stop()
        self.broadcaster.stop()
