"""The read side: one snapshot function per kind of screen, used alike by the HTTP answer,
the socket connect and the broadcast.

Screens: the lobby `board` (and the per-window screens, which show the board's state), a
clerk's `window` page, a visitor's `ticket` (phone page, the kiosk's ticket screen), the
`kiosk` (in each UI language), the `supervisor`'s live view (staff only), a window's
`rating_pad` (评价器). Everything here reads; nothing writes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import func, select

from queue_server.hall import Hall
from queue_server.models import AuditEntry
from queue_server.screens.board import board_snapshot
from queue_server.screens.clerk import window_snapshot
from queue_server.screens.kiosk import kiosk_snapshot
from queue_server.screens.pad import pad_snapshot
from queue_server.screens.supervisor import supervisor_snapshot
from queue_server.screens.ticket_view import ticket_by_token, ticket_view

KIOSK_LANGUAGES = ("zh-CN", "en")


class ScreenRefused(Exception):
    """A client asked to be a screen it may not be (or one that does not exist)."""


@dataclass(frozen=True)
class Screen:
    kind: str  # board | window | ticket | kiosk | supervisor | rating_pad
    room: str
    window_no: int | None = None
    token: str | None = None
    lang: str = "zh-CN"

    @classmethod
    def board(cls) -> Screen:
        return cls("board", "board")

    @classmethod
    def window(cls, window_no: int) -> Screen:
        return cls("window", f"window:{window_no}", window_no=window_no)

    @classmethod
    def ticket(cls, token: str) -> Screen:
        return cls("ticket", f"ticket:{token}", token=token)

    @classmethod
    def kiosk(cls, lang: str) -> Screen:
        return cls("kiosk", f"kiosk:{lang}", lang=lang)

    @classmethod
    def supervisor(cls) -> Screen:
        return cls("supervisor", "supervisor")

    @classmethod
    def pad(cls, window_no: int) -> Screen:
        """The rating pad (评价器) on window `window_no`'s counter."""
        return cls("rating_pad", f"pad:{window_no}", window_no=window_no)


KioskWords = Callable[[dict, str], dict]  # a kiosk snapshot, a language → with its words


class Screens:
    """Builds any screen's snapshot as of now. The kiosk's words come from the web layer
    (handed in by the app factory), since the read side speaks no language."""

    def __init__(self, hall: Hall, *, kiosk_words: KioskWords) -> None:
        self.hall, self.kiosk_words = hall, kiosk_words

    def last_event(self) -> int:
        """The id of the newest committed change (its audit entry): a screen connecting
        compares it before and after its snapshot to know whether one slipped in between."""
        with self.hall.reading() as session:
            return session.scalar(select(func.max(AuditEntry.id))) or 0

    def snapshot(self, screen: Screen) -> dict:
        """The whole state `screen` shows, as of now; ScreenRefused for an unknown ticket,
        UnknownEntry for a window the hall lacks."""
        hall = self.hall
        at = hall.clock.now()
        with hall.reading() as session:
            if screen.kind == "window":
                return window_snapshot(session, hall, screen.window_no, at=at)
            if screen.kind == "ticket":
                ticket = ticket_by_token(session, screen.token)
                if ticket is None:
                    raise ScreenRefused("unknown ticket")
                return ticket_view(session, hall, ticket, at=at)
            if screen.kind == "rating_pad":
                return pad_snapshot(session, hall, screen.window_no, at=at)
            if screen.kind == "kiosk":
                return self.kiosk_words(kiosk_snapshot(session, hall, at=at), screen.lang)
            if screen.kind == "supervisor":
                return supervisor_snapshot(session, hall, at=at)
            return board_snapshot(session, hall, at=at)
