"""Realtime screens over Socket.IO: rooms per screen, a snapshot on (re)connect and after changes.

Rooms: `board` (lobby board and window screens), `window:<n>` (a clerk's page),
`ticket:<token>` (a visitor's phone), `kiosk`. Every message is a `snapshot`: the screen's
whole state. After committed events the broadcaster sends each screen they touch its fresh
snapshot carrying those events (for announcements), so a missed message never leaves a
wrong screen.
"""

from __future__ import annotations

import logging
import queue
import threading
from dataclasses import dataclass

from flask import current_app, request
from flask_socketio import SocketIO, emit, join_room
from socketio import PubSubManager

from catalog.errors import CatalogError
from queue_server import reads
from queue_server.errors import HallError
from queue_server.events import Event, HallEvent

log = logging.getLogger(__name__)

socketio = SocketIO()


@dataclass(frozen=True)
class Screen:
    kind: str  # board | window | ticket | kiosk
    room: str
    window_no: int | None = None
    token: str | None = None


def screen_of(auth: dict | None, authorise_window) -> Screen:
    """The screen a connecting client asks to be; refuses what it may not see."""
    auth = auth if isinstance(auth, dict) else {}
    kind = auth.get("screen", "board")
    if kind in ("board", "kiosk"):
        return Screen(kind, kind)
    if kind == "window":
        window_no = auth.get("window")
        if not isinstance(window_no, int) or isinstance(window_no, bool):
            raise ConnectionRefused("window must be a number")
        authorise_window(window_no)
        return Screen("window", f"window:{window_no}", window_no=window_no)
    if kind == "ticket":
        token = auth.get("token")
        if not isinstance(token, str) or not 8 <= len(token) <= 40:
            raise ConnectionRefused("unknown ticket")
        return Screen("ticket", f"ticket:{token}", token=token)
    raise ConnectionRefused(f"unknown screen {kind!r}")


class ConnectionRefused(Exception):
    pass


def snapshot_for(hall, screen: Screen) -> dict:
    """The whole state a screen shows, as of now."""
    at = hall.clock.now()
    with hall.reading() as session:
        if screen.kind == "window":
            return reads.window_snapshot(session, hall, screen.window_no, at=at)
        if screen.kind == "ticket":
            ticket = reads.ticket_by_token(session, screen.token)
            if ticket is None:
                raise ConnectionRefused("unknown ticket")
            return reads.ticket_view(session, hall, ticket, at=at)
        return reads.board_snapshot(session, hall, at=at)


PRIVATE_FIELDS = ("token", "actor")  # a token opens its ticket; staff names stay inside


def public_body(body: dict) -> dict:
    """An event as rooms other than its ticket's own may see it: no token, no staff name."""
    return {k: v for k, v in body.items() if k not in PRIVATE_FIELDS}


class Broadcaster:
    """Turns committed events into socket messages. Inline (tests) or on its own thread.

    One message per screen per batch of events: the screen's fresh `snapshot`, carrying in
    `events` the batch's events that concern it (the board announces calls from them). On
    its own thread, events that arrive while a batch is sent share the next batch, so a busy
    hall costs one snapshot per screen per round, not one per event.
    """

    def __init__(self, hall, sio: SocketIO) -> None:
        self.hall, self.sio = hall, sio
        self._queue: queue.Queue[Event] | None = None

    def __call__(self, event: Event) -> None:
        if self._queue is None:
            self.send([event])
        else:
            self._queue.put(event)

    def queue_events(self) -> None:
        """From now on events wait in a queue for `send_round` instead of going out inline."""
        self._queue = queue.Queue()

    def start(self) -> threading.Thread:
        """Send from a background thread, so requests never wait on the screens."""
        self.queue_events()
        thread = threading.Thread(target=self._run, name="broadcaster", daemon=True)
        thread.start()
        return thread

    def _run(self) -> None:
        while True:
            self.send_round()

    def send_round(self) -> None:
        """Wait for an event, then send it with every event queued behind it."""
        batch = [self._queue.get()]
        while not self._queue.empty():
            batch.append(self._queue.get_nowait())
        try:
            self.send(batch)
        except Exception:  # the next batch resends full state; keep going
            log.exception("broadcast failed")

    def send(self, events: list[Event]) -> None:
        """Each screen the events touch gets its fresh snapshot with those events.

        Every snapshot is built before any is sent, so building never competes with the
        board's fan-out; clerk pages and phones (a socket or two each) go first, then the
        board and kiosks (hundreds), whose sending takes longest.
        """
        public = [public_body(event.to_wire()) for event in events]
        audience = Audience.of(self.sio.server.manager)
        posts = self._posts_touched(events)
        messages = self._window_messages(events, public, posts, audience)
        messages += self._phone_messages(events, public, posts, audience.phones())
        if audience.watches("board") or audience.watches("kiosk"):
            board = snapshot_for(self.hall, Screen("board", "board"))
            messages.append((["board", "kiosk"], {**board, "events": public}))
        for rooms, message in messages:
            self.sio.emit("snapshot", message, to=rooms)

    def _window_messages(self, events: list[Event], public: list[dict], posts: set[str],
                         audience: Audience) -> list[tuple[str, dict]]:
        """The clerk pages open at the posts' windows, each with its post's events."""
        messages = []
        for post_id in posts:
            for window_no in self.hall.catalog.post(post_id).windows:
                screen = Screen("window", f"window:{window_no}", window_no=window_no)
                if audience.watches(screen.room):
                    seen = [body for event, body in zip(events, public, strict=True)
                            if window_no in self._windows_of(event)]
                    snapshot = snapshot_for(self.hall, screen)
                    messages.append((screen.room, {**snapshot, "events": seen}))
        return messages

    def _posts_touched(self, events: list[Event]) -> set[str]:
        """The posts whose queues or hours the events change (a hall-wide change: all)."""
        posts: set[str] = set()
        for event in events:
            if isinstance(event, HallEvent) and not getattr(event, "post_id", None):
                posts.update(p.id for p in self.hall.catalog.posts)
            posts.update(filter(None, (getattr(event, "post_id", None),
                                       getattr(event, "from_post_id", None))))
        return posts

    def _windows_of(self, event: Event) -> tuple[int, ...]:
        post_id = getattr(event, "post_id", None)
        return self.hall.catalog.post(post_id).windows if post_id else ()

    def _phone_messages(self, events: list[Event], public: list[dict], posts: set[str],
                        phones: set[str] | None) -> list[tuple[str, dict]]:
        """Each affected phone someone has open gets its own ticket view (people ahead move
        for a whole post) with its own ticket's events."""
        if phones is not None and not phones:
            return []
        own: dict[str, list[dict]] = {}
        for event, body in zip(events, public, strict=True):
            if getattr(event, "token", None):
                own.setdefault(event.token, []).append(body)
        with self.hall.reading() as session:
            views = reads.ticket_views(session, self.hall, posts=posts, tokens=set(own),
                                       among=phones, at=self.hall.clock.now())
        return [(f"ticket:{token}", {**view, "events": own.get(token, [])})
                for token, view in views.items()]


@dataclass(frozen=True)
class Audience:
    """The rooms someone is in, so nothing is built for an empty one; None when screens may
    sit in other processes (a message queue joins them) and every room counts."""

    rooms: frozenset[str] | None

    @classmethod
    def of(cls, manager) -> Audience:
        if isinstance(manager, PubSubManager):
            return cls(None)
        rooms = list(manager.rooms.get("/", {}).items())  # a copy: screens come and go
        return cls(frozenset(room for room, members in rooms
                             if isinstance(room, str) and members))

    def watches(self, room: str) -> bool:
        return self.rooms is None or room in self.rooms

    def phones(self) -> set[str] | None:
        """The tokens of the phones open now, or None: any may be."""
        if self.rooms is None:
            return None
        return {room.removeprefix("ticket:") for room in self.rooms
                if room.startswith("ticket:")}


def _hall():
    return current_app.extensions["hall"]


def _authorise_window(window_no: int) -> None:
    from queue_server.web.authorise import window_actor

    window_actor(window_no)


@socketio.on("connect")
def on_connect(auth=None):
    """Join the screen's room, then send its snapshot before any event."""
    try:
        screen = screen_of(auth, _authorise_window)
        snapshot = snapshot_for(_hall(), screen)
    except (ConnectionRefused, HallError, CatalogError) as err:
        log.info("refused socket %s: %s", request.sid, err)
        return False
    join_room(screen.room)
    emit("snapshot", snapshot)
    return True


@socketio.on("resync")
def on_resync(auth=None):
    """A screen that suspects it missed something asks for its snapshot again."""
    try:
        emit("snapshot", snapshot_for(_hall(), screen_of(auth, _authorise_window)))
    except (ConnectionRefused, HallError, CatalogError) as err:
        emit("refused", {"message": str(err)})
