"""The broadcaster: committed events in, one fresh snapshot per watching screen out.

Every socket message is a `snapshot`, the screen's whole state, carrying in `events` the
events of its batch that concern it (the board announces calls from them), so a missed
message never leaves a wrong screen. Each process serves the screens connected to it: events
committed by other processes reach it through the relay (`screens/relay.py`), so the
audience (who watches which room) is always this process's own, and nothing is built for a
room nobody here is in.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass

from queue_server.events import (
    Event,
    HallEvent,
    PrinterStateChanged,
    RatingFollowedUp,
    ScreensRefreshed,
    TicketFinished,
    TicketRated,
)
from queue_server.screens import KIOSK_LANGUAGES, Screen, Screens
from queue_server.screens.ticket_view import ticket_views

log = logging.getLogger(__name__)

# a token opens its ticket; staff names and a 绿色通道 reason stay inside
PRIVATE_FIELDS = ("token", "actor", "priority_reason")
RATING_EVENTS = (TicketRated, RatingFollowedUp)  # the rated ticket's phone and window's pad only
PAD_EVENTS = (TicketFinished, TicketRated)  # what changes a window's rating pad
FRESH_SECONDS = 2.0  # a window snapshot built this recently may answer a clerk's action
_STOP = object()


def public_body(body: dict) -> dict:
    """An event as rooms other than its ticket's own may see it: no token, no staff name."""
    return {k: v for k, v in body.items() if k not in PRIVATE_FIELDS}


@dataclass(frozen=True)
class Audience:
    """The rooms someone connected to this process is in."""

    rooms: frozenset[str]

    @classmethod
    def of(cls, manager) -> Audience:
        rooms = list(manager.rooms.get("/", {}).items())  # a copy: screens come and go
        return cls(frozenset(room for room, members in rooms
                             if isinstance(room, str) and members))

    def watches(self, room: str) -> bool:
        return room in self.rooms

    def phones(self) -> set[str]:
        """The tokens of the phones open here now."""
        return {room.removeprefix("ticket:") for room in self.rooms
                if room.startswith("ticket:")}


@dataclass(frozen=True)
class _Built:
    snapshot: dict
    covers: int  # every event received up to this number is in it
    made: float  # time.monotonic() when it was built


class Broadcaster:
    """Turns committed events into socket messages, inline (tests) or on its own thread.

    On its thread, events that arrive while a round is sent share the next round, so a busy
    hall costs one snapshot per screen per round, not one per event. The board's message
    goes first, before any clerk page or phone view is built.

    A clerk's action answers with the window's snapshot (`window_answer`): it and the
    broadcast share one build, whichever asks first (a snapshot covers every event received
    before it was built).
    """

    def __init__(self, screens: Screens, sio) -> None:
        self.screens, self.hall, self.sio = screens, screens.hall, sio
        self._queue: queue.Queue | None = None
        self._received = 0  # events received so far, numbered in arrival order
        self._count_lock = threading.Lock()
        self._windows: dict[int, _Built] = {}
        self._window_locks = {w.number: threading.Lock() for w in self.hall.catalog.windows}
        self._thread: threading.Thread | None = None

    # ---- events in ----

    def __call__(self, events: list[Event]) -> None:
        """One transaction's committed events, together (a bus batch subscriber; the relay
        delivers other processes' the same way), so they go out in one round."""
        events = [event for event in events if event.to_screens]
        if not events:
            return
        with self._count_lock:
            numbered = [(self._received + k, event) for k, event in enumerate(events, 1)]
            self._received += len(events)
        if self._queue is None:
            self.send(numbered)
        else:
            self._queue.put(numbered)

    def refresh(self) -> None:
        """Every screen here gets its snapshot again (events may have been missed)."""
        self([ScreensRefreshed(at=self.hall.clock.now(), actor="relay")])

    def queue_events(self) -> None:
        """From now on events wait in a queue for `send_round` instead of going out inline."""
        self._queue = queue.Queue()

    def start(self) -> None:
        """Send from a background thread, so requests never wait on the screens."""
        self.queue_events()
        self._thread = threading.Thread(target=self._run, name="broadcaster", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        if self._thread is not None:
            self._queue.put(_STOP)
            self._thread.join(timeout=5)
            self._thread = None

    def _run(self) -> None:
        while self.send_round():
            pass

    def send_round(self) -> bool:
        """Wait for a transaction's events, then send them with every event queued behind;
        False on stop."""
        batches = [self._queue.get()]
        while not self._queue.empty():
            batches.append(self._queue.get_nowait())
        stopping = _STOP in batches
        numbered = [item for batch in batches if batch is not _STOP for item in batch]
        try:
            if numbered:
                self.send(numbered)
        except Exception:  # the next batch resends full state; keep going
            log.exception("broadcast failed")
        return not stopping

    # ---- snapshots out ----

    def send(self, numbered: list[tuple[int, Event]]) -> None:
        """Each screen here that the events touch gets its fresh snapshot with them: the
        board first, the supervisor's live view, the kiosks, then the clerk pages of the posts
        touched, the windows' rating pads, then phones. A rating touches only its ticket's
        phone and its pad; a printer change the supervisor, kiosks and every clerk page."""
        events = [event for _n, event in numbered]
        public = [public_body(event.to_wire()) for event in events]
        audience = Audience.of(self.sio.server.manager)
        lobby = [body for event, body in zip(events, public, strict=True)
                 if not isinstance(event, RATING_EVENTS)]
        board = [body for event, body in zip(events, public, strict=True)
                 if not isinstance(event, (*RATING_EVENTS, PrinterStateChanged))]
        if board and audience.watches("board"):  # the board shows no printer
            self._emit("board", {**self.screens.snapshot(Screen.board()), "events": board})
        if lobby and audience.watches("supervisor"):  # staff only: who acted, never tokens
            staff = [{k: v for k, v in event.to_wire().items() if k != "token"}
                     for event in events if not isinstance(event, RATING_EVENTS)]
            self._emit("supervisor", {**self.screens.snapshot(Screen.supervisor()),
                                      "events": staff})
        for lang in KIOSK_LANGUAGES:
            screen = Screen.kiosk(lang)
            if lobby and audience.watches(screen.room):
                self._emit(screen.room, {**self.screens.snapshot(screen), "events": lobby})
        posts = self._posts_touched(events)
        windows = {n for p in posts for n in self.hall.catalog.post(p).windows}
        if any(isinstance(event, PrinterStateChanged) for event in events):
            windows = {w.number for w in self.hall.catalog.windows}  # every clerk page shows it
        for window_no in sorted(windows):
            room = Screen.window(window_no).room
            if audience.watches(room):
                seen = [body for (number, event), body in zip(numbered, public, strict=True)
                        if window_no in self._windows_of(event)]
                covers = max(number for number, _e in numbered)
                self._emit(room, {**self._window_snapshot(window_no, covers), "events": seen})
        self._send_pads(events, public, audience)
        self._send_phones(events, public, posts, audience.phones())

    def window_answer(self, window_no: int) -> dict:
        """The window's snapshot after a clerk's action: the one the broadcast built for the
        action's events if it did, else built now (and then the broadcast reuses it)."""
        with self._count_lock:
            covers = self._received  # the action's events were received when it committed
        return self._window_snapshot(window_no, covers)

    def _window_snapshot(self, window_no: int, covers: int) -> dict:
        with self._window_locks[window_no]:
            built = self._windows.get(window_no)
            if (built is not None and built.covers >= covers
                    and time.monotonic() - built.made < FRESH_SECONDS):
                return built.snapshot
            with self._count_lock:
                now_covers = self._received  # read before building: all of them are in it
            snapshot = self.screens.snapshot(Screen.window(window_no))
            self._windows[window_no] = _Built(snapshot, now_covers, time.monotonic())
            return snapshot

    def _send_pads(self, events: list[Event], public: list[dict], audience: Audience) -> None:
        """The rating pad of each window where a ticket was finished or rated."""
        windows = {event.window_no for event in events if isinstance(event, PAD_EVENTS)}
        if any(isinstance(event, ScreensRefreshed) for event in events):
            windows = {w.number for w in self.hall.catalog.windows}
        for window_no in sorted(n for n in windows if n is not None):
            screen = Screen.pad(window_no)
            if audience.watches(screen.room):
                seen = [body for event, body in zip(events, public, strict=True)
                        if isinstance(event, PAD_EVENTS) and event.window_no == window_no]
                self._emit(screen.room, {**self.screens.snapshot(screen), "events": seen})

    def _send_phones(self, events: list[Event], public: list[dict], posts: set[str],
                     phones: set[str]) -> None:
        """Each affected phone open here gets its own ticket view (people ahead move for a
        whole post) with its own ticket's events."""
        if not phones:
            return
        own: dict[str, list[dict]] = {}
        for event, body in zip(events, public, strict=True):
            if getattr(event, "token", None):
                own.setdefault(event.token, []).append(body)
        if not posts and not set(own) & phones:  # e.g. only the printer changed
            return
        with self.hall.reading() as session:
            views = ticket_views(session, self.hall, posts=posts, tokens=set(own) & phones,
                                 among=phones, at=self.hall.clock.now())
        for token, view in views.items():
            self._emit(f"ticket:{token}", {**view, "events": own.get(token, [])})

    def _emit(self, room: str, message: dict) -> None:
        self.sio.emit("snapshot", message, to=room)

    def _posts_touched(self, events: Iterable[Event]) -> set[str]:
        """The posts whose queues or hours the events change (a hall-wide change: all)."""
        posts: set[str] = set()
        for event in events:
            if isinstance(event, RATING_EVENTS):
                continue
            if isinstance(event, HallEvent) and not getattr(event, "post_id", None):
                posts.update(p.id for p in self.hall.catalog.posts)
            posts.update(filter(None, (getattr(event, "post_id", None),
                                       getattr(event, "from_post_id", None))))
        return posts

    def _windows_of(self, event: Event) -> tuple[int, ...]:
        if isinstance(event, PrinterStateChanged):
            return tuple(w.number for w in self.hall.catalog.windows)
        post_id = None if isinstance(event, RATING_EVENTS) else getattr(event, "post_id", None)
        return self.hall.catalog.post(post_id).windows if post_id else ()
