"""Window operations: a clerk opens, pauses, resumes and closes a window. One write path."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from queue_server.db import UnitOfWork
from queue_server.errors import (
    WindowAlreadyOpened,
    WindowBusy,
    WindowClosedNow,
    WindowNotOpened,
    WindowNotPaused,
    WindowPaused,
    in_catalog,
)
from queue_server.events import WindowClosed, WindowOpened, WindowResumed
from queue_server.events import WindowPaused as WindowPausedEvent
from queue_server.models import ACTIVE_STATES, Ticket, WindowSession
from queue_server.overrides import calendar_at
from queue_server.router import Refusal, WindowHours, may_open, window_hours


def post_of(uow: UnitOfWork, window_no: int) -> str:
    """The post id the window serves; UnknownWindow if the hall has no such window."""
    with in_catalog():
        return uow.catalog.window(window_no).post_id


def open_session(session, window_no: int, *, lock: bool = False) -> WindowSession | None:
    query = select(WindowSession).where(WindowSession.window_no == window_no,
                                        WindowSession.closed_at.is_(None))
    return session.scalars(query.with_for_update() if lock else query).first()


def require_session(uow: UnitOfWork, window_no: int) -> WindowSession:
    """The window's open session, locked: actions at one window happen one after another
    (PostgreSQL; SQLite's write transaction already serialises them)."""
    post_of(uow, window_no)
    sitting = open_session(uow.session, window_no, lock=True)
    if sitting is None:
        raise WindowNotOpened(f"window {window_no} has not been opened by a clerk",
                              window=window_no)
    return sitting


def require_serving(uow: UnitOfWork, window_no: int) -> WindowSession:
    """The window's open, unpaused session, or WindowNotOpened / WindowPaused."""
    sitting = require_session(uow, window_no)
    if sitting.paused_at is not None:
        raise WindowPaused(f"window {window_no} is paused; resume it first", window=window_no)
    return sitting


def hours_now(uow: UnitOfWork, window_no: int) -> WindowHours:
    """The window's hours now, as the router sees them (calendar, overrides)."""
    calendar = calendar_at(uow.session, uow.catalog, at=uow.now)
    return window_hours(uow.catalog, window_no, at=uow.now, days=calendar.workdays,
                        overrides=calendar.of(window_no))


def refuse(refusal: Refusal | None, window_no: int) -> None:
    """Raise the router's refusal for a window (WindowClosedNow), if it gave one."""
    if refusal is not None:
        raise WindowClosedNow(refusal.reason, window=window_no, opens_at=refusal.opens_at,
                              reason=refusal.closure)


def open_window(uow: UnitOfWork, window_no: int, *, clerk: str) -> WindowSession:
    post_id = post_of(uow, window_no)
    refuse(may_open(hours_now(uow, window_no)), window_no)
    sitting = open_session(uow.session, window_no)
    if sitting is not None:
        raise WindowAlreadyOpened(f"window {window_no} is already open (clerk {sitting.clerk})",
                                  window=window_no, clerk=sitting.clerk)
    sitting = WindowSession(window_no=window_no, clerk=clerk, opened_at=uow.now, pause_reason="")
    uow.session.add(sitting)
    try:
        uow.session.flush()
    except IntegrityError:  # another clerk opened it a moment ago (the one-open-session index)
        raise WindowAlreadyOpened(f"window {window_no} is already open",
                                  window=window_no) from None
    uow.record(WindowOpened(at=uow.now, actor=clerk, window_no=window_no, post_id=post_id))
    return sitting


def close_window(uow: UnitOfWork, window_no: int, *, actor: str) -> None:
    sitting = require_session(uow, window_no)
    current = current_ticket(uow, window_no)
    if current is not None:
        raise WindowBusy(f"window {window_no} still has ticket {current.number}; "
                         "finish it, mark it as no-show or transfer it first",
                         window=window_no, number=current.number)
    sitting.closed_at = uow.now
    uow.record(WindowClosed(at=uow.now, actor=actor, window_no=window_no,
                            post_id=post_of(uow, window_no)))


def pause_window(uow: UnitOfWork, window_no: int, *, actor: str, reason: str = "") -> None:
    sitting = require_serving(uow, window_no)
    sitting.paused_at, sitting.pause_reason = uow.now, reason.strip()[:200]
    uow.record(WindowPausedEvent(at=uow.now, actor=actor, window_no=window_no,
                                 post_id=post_of(uow, window_no), reason=sitting.pause_reason))


def resume_window(uow: UnitOfWork, window_no: int, *, actor: str) -> None:
    sitting = require_session(uow, window_no)
    if sitting.paused_at is None:
        raise WindowNotPaused(f"window {window_no} is not paused", window=window_no)
    sitting.paused_at, sitting.pause_reason = None, ""
    uow.record(WindowResumed(at=uow.now, actor=actor, window_no=window_no,
                             post_id=post_of(uow, window_no)))


def close_past_sessions(uow: UnitOfWork, *, before, actor: str = "scheduler") -> int:
    """End of day: windows a clerk left open before `before` (an instant) are closed."""
    stale = list(uow.session.scalars(select(WindowSession).where(
        WindowSession.closed_at.is_(None), WindowSession.opened_at < before)
        .order_by(WindowSession.id)))
    for sitting in stale:
        sitting.closed_at = uow.now
        uow.record(WindowClosed(at=uow.now, actor=actor, window_no=sitting.window_no,
                                post_id=post_of(uow, sitting.window_no)))
    return len(stale)


def current_ticket(uow: UnitOfWork, window_no: int) -> Ticket | None:
    """The ticket the window has called or is serving, if any."""
    return uow.session.scalars(
        select(Ticket).where(Ticket.window_no == window_no, Ticket.state.in_(ACTIVE_STATES))
    ).first()
