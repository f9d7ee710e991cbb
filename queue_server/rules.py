"""The hall's rules in the database: read, checked, changed (audited), and seen by every
server process at once.

Generic over `HallSettings`: one row (`hall_rules`) holds a JSON object of the fields an
admin changed; each field is checked by its own declaration (`settings.rule`: range,
choices, editable on the web or not), so a new field needs no code here. A `timedelta`
field travels as whole minutes under `<name>_minutes`. The start's settings (defaults and
environment variables) apply to what was never changed.

Every process keeps the current `HallSettings` in a `RulesProvider`: a change made here is
seen at once (the bus's `RulesChanged`), one made by another process when the relay brings
its event, and at the latest after `CHECK_SECONDS` by a cheap version read.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import MISSING, fields, replace
from datetime import timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError

from queue_server.db import Database, UnitOfWork
from queue_server.errors import BadRequest
from queue_server.events import Event, RulesChanged
from queue_server.models import HallRules
from queue_server.settings import HallSettings

log = logging.getLogger(__name__)

ROW_ID = 1
CHECK_SECONDS = 0.5  # a process reads the rules' version at most this often


def _key(f) -> str:
    return f"{f.name}_minutes" if _is_minutes(f) else f.name


def _is_minutes(f) -> bool:
    return isinstance(_default_of(f), timedelta)


def _default_of(f):
    if f.default is not MISSING:
        return f.default
    return f.default_factory() if f.default_factory is not MISSING else None


EDITABLE_TYPES = (bool, int, float, str, timedelta)  # what one JSON value can carry


def _web_fields():
    """The fields an admin may change: scalar ones not declared `web=False`."""
    return [f for f in fields(HallSettings)
            if f.metadata.get("web", True) and isinstance(_default_of(f), EDITABLE_TYPES)]


def as_json(settings: HallSettings) -> dict[str, Any]:
    """The rules an admin may change, as the JSON API and the admin page show them."""
    return {_key(f): _outward(f, getattr(settings, f.name)) for f in _web_fields()}


def described() -> list[dict]:
    """Each editable rule: its key, kind, range or choices, label, for the admin page."""
    out = []
    for f in _web_fields():
        default, meta = _default_of(f), f.metadata
        kind = ("minutes" if _is_minutes(f) else "boolean" if isinstance(default, bool)
                else "integer" if isinstance(default, int)
                else "number" if isinstance(default, float) else "text")
        out.append({"key": _key(f), "kind": kind, "low": meta.get("low"),
                    "high": meta.get("high"), "choices": list(meta.get("choices") or ()),
                    "label": meta.get("label", ""), "default": _outward(f, default)})
    return out


def _outward(f, value):
    return int(value.total_seconds() // 60) if _is_minutes(f) else value


def _checked(f, key: str, value):
    """The field's value from JSON, checked by its declaration; BadRequest naming `key`."""
    default, meta = _default_of(f), f.metadata
    if isinstance(default, bool):
        if not isinstance(value, bool):
            raise BadRequest(f"'{key}' must be true or false", field=key)
    elif isinstance(default, int | timedelta):
        if isinstance(value, bool) or not isinstance(value, int):
            raise BadRequest(f"'{key}' must be a whole number", field=key)
    elif isinstance(default, float):
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise BadRequest(f"'{key}' must be a number", field=key)
        value = float(value)
    elif isinstance(default, str) and (not isinstance(value, str) or len(value) > 200):
        raise BadRequest(f"'{key}' must be text of at most 200 characters", field=key)
    choices, low, high = meta.get("choices"), meta.get("low"), meta.get("high")
    if choices and value not in choices:
        raise BadRequest(f"'{key}' must be one of {', '.join(map(str, choices))}", field=key,
                         choices=list(choices))
    if (low is not None and value < low) or (high is not None and value > high):
        raise BadRequest(f"'{key}' must be from {low} to {high}", field=key, low=low, high=high)
    return timedelta(minutes=value) if _is_minutes(f) else value


def _from_stored(base: HallSettings, stored: dict) -> HallSettings:
    """`base` with the stored values; a stored value that no longer fits is left out."""
    values = {}
    for f in _web_fields():
        if _key(f) in stored:
            try:
                values[f.name] = _checked(f, _key(f), stored[_key(f)])
            except BadRequest:
                continue
    return replace(base, **values)


def stored_values(session) -> dict:
    """The JSON object of the rules an admin changed ({} before the first change)."""
    row = session.get(HallRules, ROW_ID)
    return dict(row.values) if row is not None else {}


def change_rules(uow: UnitOfWork, body: dict, *, actor: str) -> HallSettings:
    """Change some rules (a JSON object of keys from `as_json`); all or nothing, audited,
    one `RulesChanged`. An unknown key or a value out of its range is a 400 naming it."""
    if not isinstance(body, dict) or not body:
        raise BadRequest("send a JSON object of the rules to change")
    by_key = {_key(f): f for f in _web_fields()}
    unknown = [key for key in body if key not in by_key]
    if unknown:
        raise BadRequest(f"'{unknown[0]}' is not a rule of the hall", field=unknown[0])
    checked = {key: _checked(by_key[key], key, value) for key, value in body.items()}
    query = select(HallRules).where(HallRules.id == ROW_ID).with_for_update()
    row = uow.session.scalars(query).first()
    before = uow.settings
    after = replace(before, **{by_key[key].name: value for key, value in checked.items()})
    old, new = as_json(before), as_json(after)
    changes = {key: [old[key], new[key]] for key in checked if old[key] != new[key]}
    if row is None:
        row = HallRules(id=ROW_ID, values={}, version=0, changed_at=uow.now, changed_by=actor)
        uow.session.add(row)
    row.values = {**row.values, **{key: new[key] for key in checked}}
    row.version, row.changed_at, row.changed_by = row.version + 1, uow.now, actor[:80]
    uow.session.flush()
    uow.record(RulesChanged(at=uow.now, actor=actor, version=row.version, changes=changes))
    return after


class RulesProvider:
    """This process's current rules: the start's settings with the stored changes on top.

    `current()` is cheap: it reads the row's version at most every CHECK_SECONDS, and the
    whole row only when the version moved. `heard(events)` (the bus and the relay) makes the
    next `current()` read again at once."""

    def __init__(self, database: Database, defaults: HallSettings) -> None:
        self._database, self.defaults = database, defaults
        self._settings, self._stored, self._version = defaults, {}, None
        self._checked_at, self._dirty = float("-inf"), True
        self._lock = threading.Lock()

    def current(self) -> HallSettings:
        if self._dirty or time.monotonic() - self._checked_at >= CHECK_SECONDS:
            self._refresh()
        return self._settings

    def stored(self, key: str):
        """The value an admin stored for `key`, or None (the start's setting applies)."""
        self.current()
        return self._stored.get(key)

    def heard(self, events: list[Event]) -> None:
        if any(isinstance(event, RulesChanged) for event in events):
            self._dirty = True

    def _refresh(self) -> None:
        with self._lock:
            if not self._dirty and time.monotonic() - self._checked_at < CHECK_SECONDS:
                return  # another thread just did
            self._dirty = False  # an event heard from here on asks again
            session = self._database.reads()
            try:
                version = session.scalar(select(HallRules.version).where(
                    HallRules.id == ROW_ID))
                if version != self._version:
                    stored = stored_values(session)
                    self._settings = _from_stored(self.defaults, stored)
                    self._stored, self._version = stored, version
            except SQLAlchemyError as err:  # the database away for a moment: keep the last
                log.warning("cannot read the hall's rules (%s); keeping the last known", err)
            finally:
                session.close()
            self._checked_at = time.monotonic()
