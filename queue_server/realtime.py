"""The socket handlers: a screen connects, joins its room and gets its snapshot; later
snapshots come from the broadcaster (`screens/broadcast.py`).

Rooms: `board` (lobby board and window screens), `window:<n>` (a clerk's page),
`ticket:<token>` (a visitor's phone, the kiosk's ticket screen), `kiosk:<lang>`,
`supervisor` (the live view: an admin or a supervisor, checked on connect and resync),
`pad:<n>` (window n's rating pad: public until devices are registered).
"""

from __future__ import annotations

import logging

from flask import current_app, request
from flask_socketio import SocketIO, emit, join_room

from catalog.errors import CatalogError
from queue_server.errors import HallError
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


def _screens() -> Screens:
    return current_app.extensions["hall_screens"]


@socketio.on("connect")
def on_connect(auth=None):
    """Join the screen's room, then send its snapshot before any event."""
    try:
        screen = screen_of(auth)
        snapshot = _screens().snapshot(screen)
    except (ScreenRefused, HallError, CatalogError) as err:
        log.info("refused socket %s: %s", request.sid, err)
        return False
    join_room(screen.room)
    emit("snapshot", snapshot)
    return True


@socketio.on("resync")
def on_resync(auth=None):
    """A screen that suspects it missed something asks for its snapshot again."""
    try:
        emit("snapshot", _screens().snapshot(screen_of(auth)))
    except (ScreenRefused, HallError, CatalogError) as err:
        emit("refused", {"message": str(err)})
