"""Realtime screens over Socket.IO: rooms per screen, a full snapshot on (re)connect, then events.

Rooms: `board` (lobby board and window screens), `window:<n>` (a clerk's page),
`ticket:<token>` (a visitor's phone), `kiosk`. After each committed event the broadcaster
sends the event itself (for announcements) and the fresh snapshot of every screen it
touches, so a missed event never leaves a wrong screen.
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from dataclasses import dataclass

from flask import current_app, request
from flask_socketio import SocketIO, emit, join_room

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


SETTLE_SECONDS = 0.05  # between a batch's events and its snapshots, on the broadcaster thread


class Broadcaster:
    """Turns committed events into socket messages. Inline (tests) or on its own thread."""

    def __init__(self, hall, sio: SocketIO) -> None:
        self.hall, self.sio = hall, sio
        self._queue: queue.Queue[Event] | None = None

    def __call__(self, event: Event) -> None:
        if self._queue is None:
            self.send([event])
        else:
            self._queue.put(event)

    def start(self) -> threading.Thread:
        """Send from a background thread, so requests never wait on the screens."""
        self._queue = queue.Queue()
        thread = threading.Thread(target=self._run, name="broadcaster", daemon=True)
        thread.start()
        return thread

    def _run(self) -> None:
        while True:
            batch = [self._queue.get()]
            try:
                posts, tokens = self.send_events(batch)
                # Let the events reach every screen before the (larger) snapshots compete
                # with them; events arriving meanwhile go out at once and share the snapshot.
                deadline = time.monotonic() + SETTLE_SECONDS
                while (left := deadline - time.monotonic()) > 0:
                    try:
                        more = self.send_events([self._queue.get(timeout=left)])
                    except queue.Empty:
                        break
                    posts, tokens = posts | more[0], tokens | more[1]
                self.send_snapshots(posts, tokens)
            except Exception:  # the next event resends full state; keep going
                log.exception("broadcast failed")

    def send(self, events: list[Event]) -> None:
        """Emit each event, then one fresh snapshot per screen the batch touched."""
        self.send_snapshots(*self.send_events(events))

    def send_events(self, events: list[Event]) -> tuple[set[str], set[str]]:
        """Emit each event to its rooms; the posts and tickets whose screens must refresh."""
        posts: set[str] = set()
        tokens: set[str] = set()
        for event in events:
            body = event.to_wire()
            public = public_body(body)
            self.sio.emit(event.wire_name, public, to="board")
            self.sio.emit(event.wire_name, public, to="kiosk")
            post_id = getattr(event, "post_id", None)
            if isinstance(event, HallEvent) and not post_id:
                posts.update(p.id for p in self.hall.catalog.posts)  # hours changed everywhere
            if post_id:
                posts.add(post_id)
                for window_no in self.hall.catalog.post(post_id).windows:
                    self.sio.emit(event.wire_name, public, to=f"window:{window_no}")
            if getattr(event, "from_post_id", None):
                posts.add(event.from_post_id)
            if getattr(event, "token", None):
                tokens.add(event.token)
                self.sio.emit(event.wire_name, body, to=f"ticket:{event.token}")
        return posts, tokens

    def send_snapshots(self, posts: set[str], tokens: set[str]) -> None:
        """One fresh snapshot for the board, the windows of the posts, and the phones."""
        self.sio.emit("snapshot", snapshot_for(self.hall, Screen("board", "board")), to="board")
        for post_id in posts:
            for window_no in self.hall.catalog.post(post_id).windows:
                screen = Screen("window", f"window:{window_no}", window_no=window_no)
                self.sio.emit("snapshot", snapshot_for(self.hall, screen), to=screen.room)
        self._send_tickets(posts, tokens)

    def _send_tickets(self, posts: set[str], tokens: set[str]) -> None:
        """Each affected phone gets its own ticket view (people ahead move for a whole post)."""
        with self.hall.reading() as session:
            views = reads.ticket_views(session, self.hall, posts=posts, tokens=tokens,
                                       at=self.hall.clock.now())
        for token, view in views.items():
            self.sio.emit("snapshot", view, to=f"ticket:{token}")


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
