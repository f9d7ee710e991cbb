"""The socket handlers: a screen connects, joins its room and gets its snapshot; later
snapshots come from the broadcaster (`screens/broadcast.py`).

Rooms: `board` (lobby board and window screens), `window:<n>` (a clerk's page),
`ticket:<token>` (a visitor's phone, the kiosk's ticket screen), `kiosk:<lang>`,
`supervisor` (the live view: an admin or a supervisor, checked on connect and resync),
`pad:<n>` (window n's rating pad: public until devices are registered).

Staff screens (a clerk's window page, the live view) are checked against the login session
on connect and on every resync; `StaffSockets` remembers which session each of this
process's staff sockets belongs to, and when that session ends (logout, a new password, the
account disabled, idleness) tells the page `session.ended` and disconnects the socket.
"""

from __future__ import annotations

import logging
import threading

from flask import current_app, request
from flask_login import current_user
from flask_socketio import SocketIO, emit, join_room

from catalog.errors import CatalogError
from queue_server.errors import HallError
from queue_server.events import Event, StaffSessionsEnded
from queue_server.screens import KIOSK_LANGUAGES, Screen, ScreenRefused, Screens
from queue_server.web.authorise import supervisor_actor, window_actor

log = logging.getLogger(__name__)

socketio = SocketIO()


def screen_of(auth: dict | None) -> Screen:
    """The screen a connecting client asks to be; refuses what it may not see."""
    auth = auth if isinstance(auth, dict) else {}
    kind = auth.get("screen", "board")
    if kind == "board":
        return Screen.board()
    if kind == "kiosk":
        lang = auth.get("lang", "zh-CN")
        return Screen.kiosk(lang if lang in KIOSK_LANGUAGES else "zh-CN")
    if kind == "window":
        window_no = auth.get("window")
        if not isinstance(window_no, int) or isinstance(window_no, bool):
            raise ScreenRefused("window must be a number")
        window_actor(window_no)
        return Screen.window(window_no)
    if kind == "supervisor":
        supervisor_actor()
        return Screen.supervisor()
    if kind == "rating_pad":
        window_no = auth.get("window")
        if not isinstance(window_no, int) or isinstance(window_no, bool):
            raise ScreenRefused("window must be a number")
        return Screen.pad(window_no)
    if kind == "ticket":
        token = auth.get("token")
        if not isinstance(token, str) or not 8 <= len(token) <= 40:
            raise ScreenRefused("unknown ticket")
        return Screen.ticket(token)
    raise ScreenRefused(f"unknown screen {kind!r}")


STAFF_SCREENS = ("window", "supervisor")


class StaffSockets:
    """This process's staff sockets by login session. A bus batch subscriber (and fed by the
    relay): when sessions end, their sockets are told and disconnected, so a page whose login
    ended hears nothing more from its room."""

    def __init__(self, sio: SocketIO) -> None:
        self._sio = sio
        self._lock = threading.Lock()
        self._by_session: dict[int, set[str]] = {}

    def add(self, session_id: int, sid: str) -> None:
        with self._lock:
            self._by_session.setdefault(session_id, set()).add(sid)

    def remove(self, sid: str) -> None:
        with self._lock:
            for sids in self._by_session.values():
                sids.discard(sid)
            self._by_session = {k: v for k, v in self._by_session.items() if v}

    def __call__(self, events: list[Event]) -> None:
        for event in events:
            if isinstance(event, StaffSessionsEnded):
                self.sessions_ended(event.session_ids, event.reason)

    def sessions_ended(self, session_ids, reason: str) -> None:
        with self._lock:
            sids = {sid for n in session_ids for sid in self._by_session.pop(n, ())}
        for sid in sorted(sids):
            self._sio.emit("session.ended", {"reason": reason}, to=sid)
            self._sio.server.disconnect(sid, namespace="/")
        if sids:
            log.info("dropped %d staff socket(s) of ended sessions", len(sids))


def _screens() -> Screens:
    return current_app.extensions["hall_screens"]


def _staff_sockets() -> StaffSockets:
    return current_app.extensions["hall_staff_sockets"]


@socketio.on("connect")
def on_connect(auth=None):
    """Join the screen's room, then send its snapshot. Joined first, so no change committed
    after the snapshot is missed; and if one committed while the snapshot was being read
    (the broadcaster may have sent its own before this one), a fresh snapshot follows."""
    screens = _screens()
    try:
        screen = screen_of(auth)
        join_room(screen.room)
        before = screens.last_event()
        snapshot = screens.snapshot(screen)
    except (ScreenRefused, HallError, CatalogError) as err:
        log.info("refused socket %s: %s", request.sid, err)
        return False  # refusing the connection drops it from every room
    if screen.kind in STAFF_SCREENS:
        _staff_sockets().add(current_user.session_id, request.sid)
    emit("snapshot", snapshot)
    if screens.last_event() != before:
        emit("snapshot", screens.snapshot(screen))
    return True


@socketio.on("disconnect")
def on_disconnect(*_reason):
    _staff_sockets().remove(request.sid)


@socketio.on("resync")
def on_resync(auth=None):
    """A screen that suspects it missed something asks for its snapshot again."""
    try:
        emit("snapshot", _screens().snapshot(screen_of(auth)))
    except (ScreenRefused, HallError, CatalogError) as err:
        emit("refused", {"message": str(err)})
