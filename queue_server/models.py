"""The day's rows: tickets, their audit log, window sessions, number counters, print jobs.

The catalog stays in `catalog/`; rows refer to it by its stable ids (post, service, window).
State changes go through `tickets.py` and `windows.py`; the methods here only refuse
moves that are illegal for a ticket's own state.
"""

from __future__ import annotations

import enum
from datetime import UTC, date, datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Enum,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

from catalog.hours import HALL_TZ
from queue_server.errors import IllegalMove

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class AwareDateTime(TypeDecorator):
    """Stores aware datetimes as UTC and gives them back aware (SQLite keeps no zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the database")
        if dialect.name == "sqlite":
            return value.astimezone(UTC).replace(tzinfo=None)
        return value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.astimezone(HALL_TZ)


def milliseconds(start: datetime, end: datetime) -> int:
    """Whole milliseconds from start to end (the reports' stored durations)."""
    return round((end - start).total_seconds() * 1000)


def hall_hour(at: datetime) -> int:
    """The hour of day of an instant in hall time."""
    return at.astimezone(HALL_TZ).hour


class TicketState(enum.StrEnum):
    WAITING = "waiting"
    CALLED = "called"
    SERVING = "serving"
    DONE = "done"
    MISSED = "missed"
    CANCELLED = "cancelled"
    EXPIRED = "expired"


ACTIVE_STATES = (TicketState.CALLED, TicketState.SERVING)


class Ticket(Base):
    __tablename__ = "tickets"
    __table_args__ = (
        UniqueConstraint("service_day", "prefix", "seq", name="uq_tickets_day_prefix_seq"),
        # a kiosk's double tap sends the same request key twice: one ticket, not two
        UniqueConstraint("kiosk", "request_key", name="uq_tickets_kiosk_request_key"),
        Index("ix_tickets_queue", "service_day", "post_id", "state", "priority", "queue_key"),
        Index("ix_tickets_window", "window_no", "state"),
        # the reports read a period's tickets from this index alone (no table rows)
        Index("ix_tickets_report", "service_day", "service_id", "post_id", "window_no",
              "called_by", "issue_hour", "state", "wait_ms", "service_ms"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token: Mapped[str] = mapped_column(String(32), unique=True)
    service_day: Mapped[date] = mapped_column(Date)
    prefix: Mapped[str] = mapped_column(String(1))
    seq: Mapped[int] = mapped_column(Integer)
    number: Mapped[str] = mapped_column(String(8))
    issued_post_id: Mapped[str] = mapped_column(String(40))
    post_id: Mapped[str] = mapped_column(String(40))
    service_id: Mapped[str] = mapped_column(String(60))
    state: Mapped[TicketState] = mapped_column(
        Enum(TicketState, native_enum=False, length=12, values_callable=lambda e: [m.value for m in e])
    )
    kiosk: Mapped[str] = mapped_column(String(40))
    # the registered kiosk (KioskDevice.name) that issued it; None: open issuing or a phone
    kiosk_device: Mapped[str | None] = mapped_column(String(40), nullable=True)
    # HMAC of the 校园卡/ID card number read at the kiosk (cards.py), never the number
    card_hash: Mapped[str | None] = mapped_column(String(64), nullable=True, index=True)
    request_key: Mapped[str | None] = mapped_column(String(64), nullable=True)
    issued_at: Mapped[datetime] = mapped_column(AwareDateTime)
    people_ahead_at_issue: Mapped[int] = mapped_column(Integer)
    wait_minutes_at_issue: Mapped[int] = mapped_column(Integer)
    # Order within the post's queue: priority first (transferred-in = 1), then queue_key.
    priority: Mapped[int] = mapped_column(Integer, default=0)
    queue_key: Mapped[int] = mapped_column(BigInteger)
    window_no: Mapped[int | None] = mapped_column(Integer, nullable=True)
    called_at: Mapped[datetime | None] = mapped_column(AwareDateTime, nullable=True)
    # The first call ever (called_at is the latest; a requeue or a transfer clears it) and
    # the staff member who made the latest call: the reports' waiting time and clerk.
    first_called_at: Mapped[datetime | None] = mapped_column(AwareDateTime, nullable=True)
    called_by: Mapped[str | None] = mapped_column(String(80), nullable=True)
    # The reports' figures kept as integers when they happen, so a year is grouped without
    # reading a datetime: the hour of issue in hall time, the waiting time (issue → first
    # call) and the service time (latest call → finish) in milliseconds.
    issue_hour: Mapped[int | None] = mapped_column(Integer, nullable=True)
    wait_ms: Mapped[int | None] = mapped_column(Integer, nullable=True)
    service_ms: Mapped[int | None] = mapped_column(Integer, nullable=True)
    recall_count: Mapped[int] = mapped_column(Integer, default=0)
    started_at: Mapped[datetime | None] = mapped_column(AwareDateTime, nullable=True)
    ended_at: Mapped[datetime | None] = mapped_column(AwareDateTime, nullable=True)
    transfer_count: Mapped[int] = mapped_column(Integer, default=0)
    # A booked visitor's ticket (checked in at the kiosk): the start of their slot; it is not
    # called before then (`queues.calling_order`). None for walk-ins.
    slot_at: Mapped[datetime | None] = mapped_column(AwareDateTime, nullable=True)
    # 绿色通道: why, who and when a clerk or admin marked it (`priority.mark_priority`)
    priority_reason: Mapped[str | None] = mapped_column(String(20), nullable=True)
    priority_note: Mapped[str] = mapped_column(String(200), default="")
    priority_by: Mapped[str | None] = mapped_column(String(80), nullable=True)
    priority_at: Mapped[datetime | None] = mapped_column(AwareDateTime, nullable=True)

    def _require(self, *states: TicketState, doing: str) -> None:
        if self.state not in states:
            allowed = " or ".join(s.value for s in states)
            raise IllegalMove(
                f"cannot {doing} ticket {self.number}: it is {self.state.value}, not {allowed}",
                number=self.number,
                state=self.state.value,
            )

    def mark_called(self, window_no: int, *, at: datetime, by: str) -> None:
        self._require(TicketState.WAITING, doing="call")
        self.state, self.window_no, self.called_at, self.recall_count = (
            TicketState.CALLED, window_no, at, 0)
        self.called_by = by
        if self.first_called_at is None:
            self.first_called_at = at
            self.wait_ms = milliseconds(self.issued_at, at)

    def mark_recalled(self) -> None:
        self._require(TicketState.CALLED, doing="recall")
        self.recall_count += 1

    def mark_started(self, *, at: datetime) -> None:
        self._require(TicketState.CALLED, doing="start serving")
        self.state, self.started_at = TicketState.SERVING, at

    def mark_finished(self, *, at: datetime) -> None:
        self._require(TicketState.CALLED, TicketState.SERVING, doing="finish")
        self.state, self.ended_at = TicketState.DONE, at
        self.service_ms = milliseconds(self.called_at, at) if self.called_at else None
        if self.started_at is None:
            self.started_at = self.called_at

    def mark_missed(self, *, at: datetime) -> None:
        self._require(TicketState.CALLED, doing="mark as no-show")
        self.state, self.ended_at = TicketState.MISSED, at

    def mark_requeued(self, *, priority: int, queue_key: int) -> None:
        self._require(TicketState.MISSED, doing="put back in the queue")
        self.state, self.window_no, self.ended_at = TicketState.WAITING, None, None
        self.called_at, self.called_by = None, None
        self.priority, self.queue_key = priority, queue_key

    def mark_transferred(self, *, post_id: str, service_id: str, queue_key: int) -> None:
        self._require(TicketState.WAITING, *ACTIVE_STATES, doing="transfer")
        self.state, self.window_no, self.called_at, self.started_at = (
            TicketState.WAITING, None, None, None)
        self.called_by = None
        self.post_id, self.service_id = post_id, service_id
        self.priority, self.queue_key = max(self.priority, 1), queue_key  # 绿色通道 stays
        self.transfer_count += 1

    def mark_prioritised(self, *, priority: int, reason: str, note: str, by: str,
                         at: datetime) -> None:
        self._require(TicketState.WAITING, doing="mark as 绿色通道")
        if self.priority_reason is not None:
            raise IllegalMove(f"ticket {self.number} is already 绿色通道", number=self.number)
        self.priority, self.priority_reason, self.priority_note = priority, reason, note
        self.priority_by, self.priority_at = by, at

    def mark_cancelled(self, *, at: datetime) -> None:
        self._require(TicketState.WAITING, TicketState.CALLED, doing="cancel")
        self.state, self.ended_at = TicketState.CANCELLED, at

    def mark_expired(self, *, at: datetime) -> None:
        """The day ended with the ticket still open (waiting, or called and never finished)."""
        self._require(TicketState.WAITING, *ACTIVE_STATES, doing="expire")
        self.state, self.ended_at = TicketState.EXPIRED, at


class AuditEntry(Base):
    """The append-only log: who did what, when, from which window or kiosk."""

    __tablename__ = "audit_entries"
    # the reports read one kind of entry over a period (transfers)
    __table_args__ = (Index("ix_audit_entries_kind_at", "kind", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(AwareDateTime, index=True)
    kind: Mapped[str] = mapped_column(String(40))
    actor: Mapped[str] = mapped_column(String(80))
    ticket_id: Mapped[int | None] = mapped_column(
        ForeignKey("tickets.id", ondelete="SET NULL"), nullable=True, index=True)
    window_no: Mapped[int | None] = mapped_column(Integer, nullable=True)
    payload: Mapped[dict] = mapped_column(JSON)


class IssueRefusal(Base):
    """A ticket the kiosk refused (closed, by notice, past the cutoff), for the reports.

    Written in a unit of work of its own after the refused issue rolled back; it changes no
    ticket, so it records no event."""

    __tablename__ = "issue_refusals"
    __table_args__ = (Index("ix_issue_refusals_day", "service_day", "post_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(AwareDateTime)
    service_day: Mapped[date] = mapped_column(Date)
    service_id: Mapped[str] = mapped_column(String(60))
    post_id: Mapped[str] = mapped_column(String(40))
    kiosk: Mapped[str] = mapped_column(String(40))
    verdict: Mapped[str] = mapped_column(String(12))  # closed | by_notice | past_cutoff


class WindowSession(Base):
    """A clerk sitting at a window, from open to close; paused while `paused_at` is set."""

    __tablename__ = "window_sessions"
    __table_args__ = (
        # at most one open session per window, whatever races the database sees
        Index("uq_window_sessions_one_open", "window_no", unique=True,
              sqlite_where=text("closed_at IS NULL"),
              postgresql_where=text("closed_at IS NULL")),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    window_no: Mapped[int] = mapped_column(Integer)
    clerk: Mapped[str] = mapped_column(String(80))
    opened_at: Mapped[datetime] = mapped_column(AwareDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(AwareDateTime, nullable=True)
    paused_at: Mapped[datetime | None] = mapped_column(AwareDateTime, nullable=True)
    pause_reason: Mapped[str] = mapped_column(String(200), default="")


class QueueCounter(Base):
    """The last number given in one queue on one day; advanced in the ticket's transaction."""

    __tablename__ = "queue_counters"

    service_day: Mapped[date] = mapped_column(Date, primary_key=True)
    prefix: Mapped[str] = mapped_column(String(1), primary_key=True)
    last_seq: Mapped[int] = mapped_column(Integer)


class PrintJobState(enum.StrEnum):
    QUEUED = "queued"
    PRINTED = "printed"
    FAILED = "failed"  # cannot be laid out at all; never retried, shown to staff


class PrintJob(Base):
    """A ticket to print, written in the ticket's own transaction so a crash cannot lose it."""

    __tablename__ = "print_jobs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(AwareDateTime)
    state: Mapped[PrintJobState] = mapped_column(
        Enum(PrintJobState, native_enum=False, length=12,
             values_callable=lambda e: [m.value for m in e]), index=True)
    view: Mapped[dict] = mapped_column(JSON)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_try_at: Mapped[datetime] = mapped_column(AwareDateTime)
    last_error: Mapped[str] = mapped_column(Text, default="")
    printed_at: Mapped[datetime | None] = mapped_column(AwareDateTime, nullable=True)


class OverrideKind(enum.StrEnum):
    CLOSURE = "closure"  # closed whatever the weekly hours say (a vacation, a staff meeting)
    OPENING = "opening"  # an extra session (e.g. 7号法律咨询's sessions announced by notice)


class HoursOverride(Base):
    """An admin's closure or extra session, for one window or (window_no NULL) the whole hall."""

    __tablename__ = "hours_overrides"
    __table_args__ = (Index("ix_hours_overrides_span", "end_at", "start_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[OverrideKind] = mapped_column(
        Enum(OverrideKind, native_enum=False, length=12,
             values_callable=lambda e: [m.value for m in e]))
    window_no: Mapped[int | None] = mapped_column(Integer, nullable=True)
    start_at: Mapped[datetime] = mapped_column(AwareDateTime)
    end_at: Mapped[datetime] = mapped_column(AwareDateTime)
    reason: Mapped[str] = mapped_column(String(200))
    created_by: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(AwareDateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(AwareDateTime, nullable=True)


class CalendarDay(Base):
    """An admin's entry in the hall calendar: a holiday or a make-up workday (调休上班)."""

    __tablename__ = "calendar_days"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    kind: Mapped[str] = mapped_column(String(12))  # "holiday" | "workday"
    name: Mapped[str] = mapped_column(String(80))
    set_by: Mapped[str] = mapped_column(String(80))
    # a make-up workday follows this weekday's hours (0 = Monday); None: the hall's rule
    follows_weekday: Mapped[int | None] = mapped_column(Integer, nullable=True)


class Notice(Base):
    """The notice line on the board; the newest row is the one shown."""

    __tablename__ = "notices"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    text: Mapped[str] = mapped_column(String(300))
    set_by: Mapped[str] = mapped_column(String(80))
    set_at: Mapped[datetime] = mapped_column(AwareDateTime)


class SchedulerMark(Base):
    """How far the day's-rhythm job has looked, shared by every server process.

    The job reads and moves this row inside its own transaction, which is both its lock
    (one process at a time) and its memory (a boundary is announced once).
    """

    __tablename__ = "scheduler_marks"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    checked_until: Mapped[datetime] = mapped_column(AwareDateTime)


class ReportRollupDay(Base):
    """A closed day rolled up for one grouping of the reports (`screens/report_rollups.py`):
    its `ReportRollup` rows are complete, and no row of it means the day is counted live."""

    __tablename__ = "report_rollup_days"

    grouping: Mapped[str] = mapped_column(String(16), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    rolled_at: Mapped[datetime] = mapped_column(AwareDateTime)


class ReportRollup(Base):
    """One group's figures on one closed day (or month, grouping `service:month` etc.): the
    counts and per-minute histograms a report adds up (`reports.dump_tally`'s JSON; the key
    is the group's JSON)."""

    __tablename__ = "report_rollups"

    grouping: Mapped[str] = mapped_column(String(16), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    key: Mapped[str] = mapped_column(String(120), primary_key=True)
    figures: Mapped[str] = mapped_column(Text)


class StaffRole(enum.StrEnum):
    ADMIN = "admin"  # 大厅管理员: every window, and the staff accounts
    CLERK = "clerk"  # 窗口工作人员: only the windows listed in `windows`
    SUPERVISOR = "supervisor"  # 值班主管: reads the live view and the reports, acts nowhere


class StaffUser(Base):
    """A staff login: a hashed password, a role, and for clerks the windows they may serve."""

    __tablename__ = "staff_users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    password_hash: Mapped[str] = mapped_column(String(256))
    role: Mapped[StaffRole] = mapped_column(
        Enum(StaffRole, native_enum=False, length=12,
             values_callable=lambda e: [m.value for m in e]))
    windows: Mapped[list] = mapped_column(JSON, default=list)  # window numbers, clerks only
    disabled: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(AwareDateTime)


class StaffSession(Base):
    """One staff login, kept on the server (`sessions.py`): the cookie carries a random id,
    this row only its SHA-256. Ended (`ended_at`, `end_reason`) by logout, a new password,
    disabling the account, idleness or age; an ended row is never used again."""

    __tablename__ = "staff_sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    staff_id: Mapped[int] = mapped_column(ForeignKey("staff_users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(AwareDateTime)
    last_seen_at: Mapped[datetime] = mapped_column(AwareDateTime)
    ended_at: Mapped[datetime | None] = mapped_column(AwareDateTime, nullable=True)
    end_reason: Mapped[str] = mapped_column(String(20), default="")


class Rating(Base):
    """好差评: one rating of one finished ticket, from its phone page or the window's pad.

    The window, clerk, service and post are copied from the ticket when it is rated, so the
    reports count by them without joining the audit log. A bad rating (1 or 2) waits for an
    admin's follow-up (回访)."""

    __tablename__ = "ratings"
    __table_args__ = (Index("ix_ratings_rated_at", "rated_at"),
                      # the reports read a period's ratings by their ticket's day
                      Index("ix_ratings_report", "service_day", "ticket_id", "score",
                            "followed_up_at"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id"), unique=True)
    score: Mapped[int] = mapped_column(Integer)  # 5 非常满意 … 1 非常不满意
    reasons: Mapped[list] = mapped_column(JSON, default=list)
    comment: Mapped[str] = mapped_column(String(200), default="")
    source: Mapped[str] = mapped_column(String(12))  # phone | pad
    rated_at: Mapped[datetime] = mapped_column(AwareDateTime)
    service_day: Mapped[date] = mapped_column(Date)
    window_no: Mapped[int | None] = mapped_column(Integer, nullable=True)
    clerk: Mapped[str] = mapped_column(String(80), default="")
    service_id: Mapped[str] = mapped_column(String(60))
    post_id: Mapped[str] = mapped_column(String(40))
    followed_up_at: Mapped[datetime | None] = mapped_column(AwareDateTime, nullable=True)
    followed_up_by: Mapped[str] = mapped_column(String(80), default="")
    follow_up_note: Mapped[str] = mapped_column(String(500), default="")


class PeriodKind(enum.StrEnum):
    HOURS = "hours"  # a dated schedule that replaces a post's or window's weekly hours
    SUSPENSION = "suspension"  # a service takes no ticket for a range, with a reason
    MOVE = "move"  # a service is done at another post from a date on


class HallPeriod(Base):
    """An admin's dated change on top of the catalog file (queue_server/periods.py); removed
    ones keep their row (`removed_at`) so the audit log still points at something."""

    __tablename__ = "hall_periods"
    __table_args__ = (Index("ix_hall_periods_days", "removed_at", "first_day"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[PeriodKind] = mapped_column(
        Enum(PeriodKind, native_enum=False, length=12,
             values_callable=lambda e: [m.value for m in e]))
    post_id: Mapped[str | None] = mapped_column(String(40), nullable=True)  # hours: a post
    window_no: Mapped[int | None] = mapped_column(Integer, nullable=True)  # hours: a window
    service_id: Mapped[str | None] = mapped_column(String(60), nullable=True)
    to_post_id: Mapped[str | None] = mapped_column(String(40), nullable=True)  # move
    first_day: Mapped[date] = mapped_column(Date)
    last_day: Mapped[date | None] = mapped_column(Date, nullable=True)  # None: open-ended move
    hours_text: Mapped[str] = mapped_column(String(200), default="")
    reason: Mapped[str] = mapped_column(String(200), default="")  # hours: the period's name
    created_by: Mapped[str] = mapped_column(String(80))
    created_at: Mapped[datetime] = mapped_column(AwareDateTime)
    updated_by: Mapped[str] = mapped_column(String(80), default="")
    updated_at: Mapped[datetime | None] = mapped_column(AwareDateTime, nullable=True)
    removed_at: Mapped[datetime | None] = mapped_column(AwareDateTime, nullable=True)


class HolidayYear(Base):
    """A year whose provisional holidays (python-holidays) an admin has confirmed from the
    State Council's notice: from then on the calendar days entered for it are the truth."""

    __tablename__ = "holiday_years"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    confirmed_by: Mapped[str] = mapped_column(String(80))
    confirmed_at: Mapped[datetime] = mapped_column(AwareDateTime)
class KioskDevice(Base):
    """A registered kiosk (取号机): its name and the hash of its device credential (the
    secret itself lives only on the kiosk). A revoked kiosk issues nothing."""

    __tablename__ = "kiosk_devices"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(40), unique=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(AwareDateTime)
    created_by: Mapped[str] = mapped_column(String(80))
    last_seen_at: Mapped[datetime | None] = mapped_column(AwareDateTime, nullable=True)
    revoked_at: Mapped[datetime | None] = mapped_column(AwareDateTime, nullable=True)


class KioskPairing(Base):
    """A short pairing code an admin made for a kiosk to be registered under `name`: typed
    or scanned on the kiosk once, within its minutes. Only the code's hash is kept."""

    __tablename__ = "kiosk_pairings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(40))
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(AwareDateTime)
    created_by: Mapped[str] = mapped_column(String(80))
    expires_at: Mapped[datetime] = mapped_column(AwareDateTime)
    used_at: Mapped[datetime | None] = mapped_column(AwareDateTime, nullable=True)
class HallRules(Base):
    """The hall's rules an admin changed (`rules.py`): one row, a JSON object of
    `HallSettings` fields; `version` grows with each change (the processes' cheap check)."""

    __tablename__ = "hall_rules"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)  # always 1
    values: Mapped[dict] = mapped_column(JSON)
    version: Mapped[int] = mapped_column(Integer)
    changed_at: Mapped[datetime] = mapped_column(AwareDateTime)
    changed_by: Mapped[str] = mapped_column(String(80))
class BookingOffer(Base):
    """An admin's setting of a booked service: slots of `slot_minutes` with `places` each,
    within the hours of `window_no` (or of every window of the service's post). A service
    without a row uses the defaults in `bookings.DEFAULT_OFFERS`."""

    __tablename__ = "booking_offers"

    service_id: Mapped[str] = mapped_column(String(60), primary_key=True)
    window_no: Mapped[int | None] = mapped_column(Integer, nullable=True)
    slot_minutes: Mapped[int] = mapped_column(Integer)
    places: Mapped[int] = mapped_column(Integer)
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    set_by: Mapped[str] = mapped_column(String(80))
    set_at: Mapped[datetime] = mapped_column(AwareDateTime)


class BookingState(enum.StrEnum):
    BOOKED = "booked"  # a place is held; a no-show if never checked in
    CANCELLED = "cancelled"
    CHECKED_IN = "checked_in"  # a ticket was issued for it at the kiosk


class Booking(Base):
    """A visitor's booked place in one slot of a service (预约). `place` (1..places) holds the
    place while booked or checked in, so two bookings cannot take the same one; a
    cancellation frees it (NULL)."""

    __tablename__ = "bookings"
    __table_args__ = (
        UniqueConstraint("service_id", "slot_at", "place", name="uq_bookings_slot_place"),
        Index("ix_bookings_day", "service_day", "post_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(12), unique=True)
    service_day: Mapped[date] = mapped_column(Date)
    slot_at: Mapped[datetime] = mapped_column(AwareDateTime)
    slot_minutes: Mapped[int] = mapped_column(Integer)
    service_id: Mapped[str] = mapped_column(String(60))
    post_id: Mapped[str] = mapped_column(String(40))
    window_no: Mapped[int | None] = mapped_column(Integer, nullable=True)
    place: Mapped[int | None] = mapped_column(Integer, nullable=True)
    name: Mapped[str] = mapped_column(String(40), default="")
    contact: Mapped[str] = mapped_column(String(80), default="")
    state: Mapped[BookingState] = mapped_column(
        Enum(BookingState, native_enum=False, length=12,
             values_callable=lambda e: [m.value for m in e]))
    created_at: Mapped[datetime] = mapped_column(AwareDateTime)
    cancelled_at: Mapped[datetime | None] = mapped_column(AwareDateTime, nullable=True)
    checked_in_at: Mapped[datetime | None] = mapped_column(AwareDateTime, nullable=True)
    ticket_id: Mapped[int | None] = mapped_column(
        ForeignKey("tickets.id", ondelete="SET NULL"), nullable=True)
    late: Mapped[bool] = mapped_column(Boolean, default=False)  # came too late: a walk-in
