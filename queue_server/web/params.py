"""Parsing request input: JSON bodies and fields with clear 400s instead of 500s."""

from __future__ import annotations

from flask import request

from queue_server.errors import BadRequest

_MISSING = object()
LARGEST_INT = 2**31 - 1  # what every database here stores in an integer column


def json_body() -> dict:
    """The request's JSON object; an empty body counts as {}."""
    if not request.get_data(cache=True):
        return {}
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise BadRequest("the body must be a JSON object")
    return body


def field(body: dict, name: str, kind: type, *, default=_MISSING, max_length: int = 200):
    """One field of a JSON body, checked for type (and length for strings)."""
    value = body.get(name, _MISSING)
    if value is _MISSING or value is None:
        if default is _MISSING:
            raise BadRequest(f"'{name}' is required", field=name)
        return default
    if kind is int and (isinstance(value, bool) or not isinstance(value, int)):
        raise BadRequest(f"'{name}' must be a whole number", field=name)
    if kind is int and not -LARGEST_INT <= value <= LARGEST_INT:
        raise BadRequest(f"'{name}' is out of range", field=name)
    if kind is str:
        if not isinstance(value, str):
            raise BadRequest(f"'{name}' must be text", field=name)
        if len(value) > max_length:
            raise BadRequest(f"'{name}' is longer than {max_length} characters", field=name)
    if kind is bool and not isinstance(value, bool):
        raise BadRequest(f"'{name}' must be true or false", field=name)
    return value
