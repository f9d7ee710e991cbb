"""The HTTP layer: thin blueprints that parse, authorise and call one service function."""

from flask import current_app

from queue_server.hall import Hall
from queue_server.screens import Screens
from queue_server.screens.broadcast import Broadcaster


def hall() -> Hall:
    """The Hall of the running app."""
    return current_app.extensions["hall"]


def screens() -> Screens:
    """The read side: every screen's snapshot."""
    return current_app.extensions["hall_screens"]


def broadcaster() -> Broadcaster:
    return current_app.extensions["hall_broadcaster"]
