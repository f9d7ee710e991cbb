"""Errors of the hall application: one base, each subclass a `code` and an HTTP status."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from catalog.model import UnknownEntry


class HallError(Exception):
    """A refused request; nothing was changed."""

    code = "hall_error"
    status = 400

    def __init__(self, message: str, **details) -> None:
        super().__init__(message)
        self.message = message
        self.details = details

    def as_json(self) -> dict:
        body = {"error": self.code, "message": self.message}
        for key, value in self.details.items():
            body[key] = value.isoformat() if isinstance(value, datetime) else value
        return body


class BadRequest(HallError):
    code = "bad_request"


class NotFound(HallError):
    code = "not_found"
    status = 404


class UnknownService(NotFound):
    code = "unknown_service"


class UnknownWindow(NotFound):
    code = "unknown_window"


class UnknownPost(NotFound):
    code = "unknown_post"


def not_in_catalog(err: UnknownEntry) -> NotFound:
    """A catalog miss as the hall's NotFound of that kind (service, window, post)."""
    kind = {"service": UnknownService, "window": UnknownWindow, "post": UnknownPost}.get(
        err.kind, NotFound)
    return kind(f"大厅没有这个{_KIND_WORDS.get(err.kind, '条目')} / the hall has no "
                f"{err.kind} {err.key!r}", **{err.kind: err.key})


_KIND_WORDS = {"service": "事项", "window": "窗口", "post": "岗位"}


@contextmanager
def in_catalog() -> Iterator[None]:
    """Look entries up in the catalog; a miss is refused as the hall's NotFound."""
    try:
        yield
    except UnknownEntry as err:
        raise not_in_catalog(err) from None


class UnknownTicket(NotFound):
    code = "unknown_ticket"


class Forbidden(HallError):
    code = "forbidden"
    status = 403


class Conflict(HallError):
    status = 409
    code = "conflict"


class RequestKeyReused(HallError):
    """A request key already used for another request (not a retry of the same one)."""

    code = "request_key_reused"
    status = 422


class IssueRefused(Conflict):
    """The router says no ticket now: closed, by notice, past the cutoff."""

    code = "issue_refused"


class WindowNotOpened(Conflict):
    code = "window_not_opened"


class WindowAlreadyOpened(Conflict):
    code = "window_already_opened"


class WindowPaused(Conflict):
    code = "window_paused"


class WindowNotPaused(Conflict):
    code = "window_not_paused"


class WindowBusy(Conflict):
    code = "window_busy"


class IllegalMove(Conflict):
    """A ticket cannot go from its state to the asked one (finish before call, …)."""

    code = "illegal_move"


class NotYourTicket(Conflict):
    code = "not_your_ticket"


class UnknownRating(NotFound):
    code = "unknown_rating"


class AlreadyRated(Conflict):
    """One rating per ticket, whichever way (phone or pad) comes first."""

    code = "already_rated"


class NotRatable(Conflict):
    """Only a finished (done) ticket may be rated."""

    code = "not_finished"


class RatingClosed(Conflict):
    """Too late: past the end of the ticket's day (the phone) or the pad's minutes."""

    code = "rating_closed"


class AlreadyFollowedUp(Conflict):
    code = "already_followed_up"


class TooManyRequests(HallError):
    """A limit on how often one may ask (a kiosk's tickets a minute, a phone's an hour);
    `retry_after` seconds go out as the Retry-After header."""

    code = "too_many_requests"
    status = 429

    def __init__(self, message: str, *, retry_after: int, **details) -> None:
        super().__init__(message, retry_after=retry_after, **details)
        self.headers = {"Retry-After": str(retry_after)}
class WindowClosedNow(Conflict):
    """The router says the window may not do this now: an admin closure, or after its hours
    a ticket issued after it closed."""

    code = "window_closed"


class TransferRefused(Conflict):
    """The post a ticket would be sent to is closed now (an admin may override, saying why)."""

    code = "transfer_refused"


class RequeueRefused(Conflict):
    """The put-back rule: at most `requeue_places` places, `requeue_times` times a ticket."""

    code = "requeue_refused"
