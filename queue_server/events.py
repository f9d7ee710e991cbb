"""What happened: past-tense events, their wire names, and the in-process bus.

Events are recorded inside a UnitOfWork (which writes their audit row) and published
only after the transaction commits.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, fields
from datetime import datetime
from typing import ClassVar

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Event:
    wire_name: ClassVar[str] = "event"
    to_screens: ClassVar[bool] = True  # False: the broadcaster leaves it alone
    at: datetime
    actor: str
    # The id of the event's audit entry, set by the UnitOfWork once it is written: a screen
    # orders events by it and knows which it has already heard (the board's announcements).
    seq: int | None = field(default=None, kw_only=True, compare=False)

    def to_wire(self) -> dict:
        body = {"event": self.wire_name}
        for f in fields(self):
            value = getattr(self, f.name)
            body[f.name] = value.isoformat() if isinstance(value, datetime) else value
        return body


@dataclass(frozen=True)
class TicketEvent(Event):
    ticket_id: int
    number: str
    post_id: str
    token: str


@dataclass(frozen=True)
class TicketIssued(TicketEvent):
    wire_name: ClassVar[str] = "ticket.issued"
    service_id: str
    kiosk: str


@dataclass(frozen=True)
class TicketCalled(TicketEvent):
    wire_name: ClassVar[str] = "ticket.called"
    window_no: int


@dataclass(frozen=True)
class TicketRecalled(TicketEvent):
    wire_name: ClassVar[str] = "ticket.recalled"
    window_no: int
    recall_count: int


@dataclass(frozen=True)
class ServiceStarted(TicketEvent):
    wire_name: ClassVar[str] = "ticket.started"
    window_no: int


@dataclass(frozen=True)
class TicketFinished(TicketEvent):
    wire_name: ClassVar[str] = "ticket.finished"
    window_no: int


@dataclass(frozen=True)
class TicketMissed(TicketEvent):
    wire_name: ClassVar[str] = "ticket.missed"
    window_no: int


@dataclass(frozen=True)
class TicketRequeued(TicketEvent):
    wire_name: ClassVar[str] = "ticket.requeued"
    places_down: int


@dataclass(frozen=True)
class TicketTransferred(TicketEvent):
    wire_name: ClassVar[str] = "ticket.transferred"
    from_post_id: str
    service_id: str
    window_no: int | None
    override_reason: str = ""  # an admin sent it to a post closed now, saying why


@dataclass(frozen=True)
class TicketCancelled(TicketEvent):
    wire_name: ClassVar[str] = "ticket.cancelled"


@dataclass(frozen=True)
class TicketExpired(TicketEvent):
    wire_name: ClassVar[str] = "ticket.expired"


@dataclass(frozen=True)
class TicketPrioritised(TicketEvent):
    """绿色通道: a clerk or admin marked a waiting ticket priority. The reason is for staff
    (the broadcaster keeps `priority_reason` from public rooms); the note stays in the row."""

    wire_name: ClassVar[str] = "ticket.prioritised"
    priority_reason: str
    window_no: int | None


@dataclass(frozen=True)
class TicketCheckedIn(TicketIssued):
    """A booked visitor checked in at the kiosk: their ticket is issued (a TicketIssued, so
    the spool prints it), placed by their slot."""

    wire_name: ClassVar[str] = "ticket.checked_in"
    booking_id: int
    slot_at: str


@dataclass(frozen=True)
class BookingEvent(Event):
    """A booking made or cancelled: the clerk pages of its post list the day's bookings.
    The booking code and the visitor's name and contact stay in its row."""

    booking_id: int
    service_id: str
    post_id: str
    slot_at: str


@dataclass(frozen=True)
class BookingMade(BookingEvent):
    wire_name: ClassVar[str] = "booking.made"


@dataclass(frozen=True)
class BookingCancelled(BookingEvent):
    wire_name: ClassVar[str] = "booking.cancelled"


@dataclass(frozen=True)
class BookingOfferSet(Event):
    """An admin changed a booked service's slots (length, places, window, on or off)."""

    wire_name: ClassVar[str] = "booking.offer_set"
    service_id: str
    slot_minutes: int
    places: int
    window_no: int | None
    enabled: bool


@dataclass(frozen=True)
class TicketPrinted(TicketEvent):
    wire_name: ClassVar[str] = "print.done"
    kiosk: str


@dataclass(frozen=True)
class TicketReprinted(TicketEvent):
    """Staff (or the visitor at a kiosk, from the phone's QR) printed the ticket again."""

    wire_name: ClassVar[str] = "print.reprint"
    kiosk: str = ""


@dataclass(frozen=True)
class PrintFailed(TicketEvent):
    wire_name: ClassVar[str] = "print.failed"
    kiosk: str
    error: str
    attempts: int


@dataclass(frozen=True)
class TicketRated(TicketEvent):
    """好差评: the visitor rated a finished ticket (on the phone or the window's pad). The
    comment and reasons stay in the rating's row: no public room sees them."""

    wire_name: ClassVar[str] = "ticket.rated"
    rating_id: int
    score: int
    window_no: int | None
    source: str  # phone | pad


@dataclass(frozen=True)
class RatingFollowedUp(Event):
    """An admin recorded the follow-up (回访) of a rating; the note stays in its row."""

    wire_name: ClassVar[str] = "rating.followed_up"
    rating_id: int
    ticket_id: int
    number: str
    window_no: int | None


@dataclass(frozen=True)
class PrinterStateChanged(Event):
    """The spool saw the ticket printer change state (ok, near_end, offline, out_of_paper,
    unknown): kiosks, clerk pages and the live view show it; no post's queue changes."""

    wire_name: ClassVar[str] = "printer.state"
    status: str
    error: str
    was: str


@dataclass(frozen=True)
class WindowEvent(Event):
    window_no: int
    post_id: str


@dataclass(frozen=True)
class WindowOpened(WindowEvent):
    wire_name: ClassVar[str] = "window.opened"


@dataclass(frozen=True)
class WindowClosed(WindowEvent):
    wire_name: ClassVar[str] = "window.closed"


@dataclass(frozen=True)
class WindowPaused(WindowEvent):
    wire_name: ClassVar[str] = "window.paused"
    reason: str


@dataclass(frozen=True)
class WindowResumed(WindowEvent):
    wire_name: ClassVar[str] = "window.resumed"


@dataclass(frozen=True)
class HallEvent(Event):
    """A change of the hall's hours or notice: every screen refreshes."""


@dataclass(frozen=True)
class OverrideAdded(HallEvent):
    wire_name: ClassVar[str] = "hall.override_added"
    override_id: int
    kind: str
    window_no: int | None
    start_at: str
    end_at: str
    reason: str


@dataclass(frozen=True)
class OverrideCancelled(HallEvent):
    wire_name: ClassVar[str] = "hall.override_cancelled"
    override_id: int
    window_no: int | None


@dataclass(frozen=True)
class NoticeChanged(HallEvent):
    wire_name: ClassVar[str] = "hall.notice"
    text: str


@dataclass(frozen=True)
class CalendarChanged(HallEvent):
    wire_name: ClassVar[str] = "hall.calendar"
    day: str
    kind: str
    name: str


@dataclass(frozen=True)
class PeriodChanged(HallEvent):
    """An admin added, edited or removed a dated change (queue_server/periods.py)."""

    wire_name: ClassVar[str] = "hall.period"
    period_id: int
    change: str  # added | edited | removed
    period: dict  # the period as the admin API shows it (after the change)


@dataclass(frozen=True)
class HolidayYearConfirmed(HallEvent):
    """An admin confirmed a provisional year's holidays from the State Council's notice."""

    wire_name: ClassVar[str] = "hall.holiday_year"
    year: int
    holidays: int
    makeup_workdays: int


@dataclass(frozen=True)
class HoursBoundaryPassed(HallEvent):
    """A window opened, reached its last-ticket cutoff or closed (told by the scheduler)."""

    wire_name: ClassVar[str] = "hall.hours"
    boundary: str  # opens | cutoff | closes
    post_id: str
    boundary_at: str


@dataclass(frozen=True)
class RulesChanged(HallEvent):
    """An admin changed the hall's rules (`rules.py`); every process reads them again."""

    wire_name: ClassVar[str] = "hall.rules"
    version: int
    changes: dict  # field → [before, after], as the JSON API shows them


@dataclass(frozen=True)
class ScreensRefreshed(HallEvent):
    """Not a change of the hall: screens may have missed events (the relay lost Redis for a
    while), so every screen gets its snapshot again. Never recorded, never relayed."""

    wire_name: ClassVar[str] = "hall.refresh"


@dataclass(frozen=True)
class StaffSessionsEnded(Event):
    """Logins of a staff account ended (logout, a new password, the account disabled,
    idleness): each process drops those sessions' sockets from staff rooms. Not for
    any screen (`to_screens`); the relay carries it to the other processes."""

    wire_name: ClassVar[str] = "staff.sessions_ended"
    to_screens: ClassVar[bool] = False
    account: str
    session_ids: list[int]
    reason: str  # logout | password | disabled | idle


def event_from_wire(body: dict) -> Event:
    """The event `to_wire` wrote (the relay carries events between processes this way);
    ValueError for an unknown wire name or fields that do not fit."""
    kind = _by_wire_name().get(body.get("event"))
    if kind is None:
        raise ValueError(f"unknown event {body.get('event')!r}")
    values = {f.name: body.get(f.name) for f in fields(kind)}
    try:
        values["at"] = datetime.fromisoformat(values["at"])
        return kind(**values)
    except (TypeError, ValueError) as err:
        raise ValueError(f"malformed {kind.wire_name}: {err}") from None


def _by_wire_name() -> dict[str, type[Event]]:
    found, todo = {}, [Event]
    while todo:
        kind = todo.pop()
        todo.extend(kind.__subclasses__())
        found[kind.wire_name] = kind
    return found


Subscriber = Callable[[Event], None]
BatchSubscriber = Callable[[list[Event]], None]


class EventBus:
    """Delivers committed events to subscribers by type; a failing subscriber is logged.

    A transaction's events are published together: a subscriber takes them one by one, or
    (`subscribe_batches`) all at once, so that what one commit did reaches a screen in one
    message (a call that finishes the window's ticket is two events, one change)."""

    def __init__(self) -> None:
        self._subscribers: list[tuple[type[Event], Subscriber]] = []
        self._batch_subscribers: list[BatchSubscriber] = []

    def subscribe(self, kind: type[Event], subscriber: Subscriber) -> None:
        self._subscribers.append((kind, subscriber))

    def subscribe_batches(self, subscriber: BatchSubscriber) -> None:
        """`subscriber` gets each committed transaction's events as one list."""
        self._batch_subscribers.append(subscriber)

    def publish(self, events: list[Event]) -> None:
        for subscriber in self._batch_subscribers:
            self._deliver(subscriber, events)
        for event in events:
            for kind, subscriber in self._subscribers:
                if isinstance(event, kind):
                    self._deliver(subscriber, event)

    @staticmethod
    def _deliver(subscriber, what) -> None:
        try:
            subscriber(what)
        except Exception:  # a screen or printer must never undo a committed change
            log.exception("subscriber %r failed on %r", subscriber, what)


def payload_of(event: Event) -> dict:
    """The event's fields as JSON-ready data, for the audit log."""
    return {k: (v.isoformat() if isinstance(v, datetime) else v)
            for k, v in asdict(event).items() if k != "seq"}
