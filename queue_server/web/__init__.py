"""The HTTP layer: thin blueprints that parse, authorise and call one service function."""

from flask import current_app

from queue_server.hall import Hall


def hall() -> Hall:
    """The Hall of the running app."""
    return current_app.extensions["hall"]
