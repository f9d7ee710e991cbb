"""好差评: a visitor rates a finished ticket (phone page or the window's pad), an admin
records the follow-up (回访) of a bad one. Every change goes through these functions, in the
caller's UnitOfWork, and records one event."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from queue_server import windows
from queue_server.db import UnitOfWork
from queue_server.errors import (
    AlreadyFollowedUp,
    AlreadyRated,
    BadRequest,
    NotRatable,
    NotYourTicket,
    RatingClosed,
    UnknownRating,
    UnknownTicket,
)
from queue_server.events import RatingFollowedUp, TicketFinished, TicketRated
from queue_server.models import AuditEntry, Rating, Ticket, TicketState
from queue_server.queues import latest_finished
from queue_server.rating_rules import (
    COMMENT_MAX,
    NOTE_MAX,
    REASONS,
    SCORES,
    SOURCES,
    is_bad,
    pad_closes_at,
    rating_closes_at,
)


def rate_ticket(uow: UnitOfWork, ticket: Ticket, *, score, reasons=(), comment="",
                source: str, actor: str) -> Rating:
    """Rate a finished ticket once: BadRequest naming the field for bad input, AlreadyRated,
    NotRatable (not done) or RatingClosed (past its day); nothing is written then."""
    score, reasons, comment = _checked(score, reasons, comment)
    if source not in SOURCES:
        raise BadRequest(f"'source' must be one of {', '.join(SOURCES)}", field="source")
    if ticket.state is not TicketState.DONE:
        raise NotRatable(f"ticket {ticket.number} is {ticket.state.value}; only a finished "
                         "ticket may be rated", number=ticket.number, state=ticket.state.value)
    if _rating_of(uow, ticket.id) is not None:
        raise AlreadyRated(f"ticket {ticket.number} has been rated already",
                           number=ticket.number)
    if uow.now >= rating_closes_at(ticket.service_day, uow.settings):
        raise RatingClosed(f"ticket {ticket.number} may no longer be rated",
                           number=ticket.number)
    rating = Rating(ticket_id=ticket.id, score=score, reasons=reasons, comment=comment,
                    source=source, rated_at=uow.now, service_day=ticket.service_day,
                    window_no=ticket.window_no, clerk=_clerk_of(uow, ticket),
                    service_id=ticket.service_id, post_id=ticket.post_id,
                    followed_up_by="", follow_up_note="")
    number = ticket.number  # a failed flush expires the rows: read it before
    uow.session.add(rating)
    try:
        uow.session.flush()
    except IntegrityError:  # the other way (phone or pad) won a race: the unique ticket_id
        raise AlreadyRated(f"ticket {number} has been rated already", number=number) from None
    uow.record(TicketRated(at=uow.now, actor=actor, ticket_id=ticket.id, number=ticket.number,
                           post_id=ticket.post_id, token=ticket.token, rating_id=rating.id,
                           score=score, window_no=ticket.window_no, source=source))
    return rating


def rate_at_pad(uow: UnitOfWork, window_no: int, ticket_id, *, score) -> Rating:
    """One tap on the window's pad: only the window's most recently finished ticket, still
    unrated, within the pad's minutes of finishing."""
    windows.post_of(uow, window_no)
    if not isinstance(ticket_id, int) or isinstance(ticket_id, bool):
        raise BadRequest("'ticket_id' must be a whole number", field="ticket_id")
    latest = latest_finished(uow.session, window_no)
    if latest is None or latest.id != ticket_id:
        if uow.session.get(Ticket, ticket_id) is None:
            raise UnknownTicket(f"no ticket {ticket_id}", ticket_id=ticket_id)
        raise NotYourTicket(f"ticket {ticket_id} is not the last one finished at window "
                            f"{window_no}", window=window_no)
    closes_at = pad_closes_at(latest.ended_at, latest.service_day, uow.settings)
    if _rating_of(uow, latest.id) is None and uow.now >= closes_at:
        raise RatingClosed(f"ticket {latest.number} may no longer be rated at the pad",
                           number=latest.number)
    return rate_ticket(uow, latest, score=score, source="pad", actor=f"pad:{window_no}")


def follow_up(uow: UnitOfWork, rating_id: int, *, note, actor: str) -> Rating:
    """Record an admin's follow-up (回访) of a rating: the note, who and when; once."""
    if not isinstance(note, str) or not note.strip():
        raise BadRequest("'note' is required", field="note")
    note = note.strip()
    if len(note) > NOTE_MAX:
        raise BadRequest(f"'note' is longer than {NOTE_MAX} characters", field="note")
    rating = uow.session.scalars(
        select(Rating).where(Rating.id == rating_id).with_for_update()).first()
    if rating is None:
        raise UnknownRating(f"no rating {rating_id}", rating_id=rating_id)
    if rating.followed_up_at is not None:
        raise AlreadyFollowedUp(f"rating {rating_id} was followed up by "
                                f"{rating.followed_up_by}", rating_id=rating_id)
    rating.followed_up_at, rating.followed_up_by, rating.follow_up_note = uow.now, actor, note
    number = uow.session.get(Ticket, rating.ticket_id).number
    uow.record(RatingFollowedUp(at=uow.now, actor=actor, rating_id=rating.id,
                                ticket_id=rating.ticket_id, number=number,
                                window_no=rating.window_no))
    return rating


def _checked(score, reasons, comment) -> tuple[int, list[str], str]:
    if not isinstance(score, int) or isinstance(score, bool) or score not in SCORES:
        raise BadRequest("'score' must be a whole number from 1 to 5", field="score")
    if isinstance(reasons, tuple):
        reasons = list(reasons)
    if not isinstance(reasons, list) or not all(isinstance(r, str) for r in reasons):
        raise BadRequest("'reasons' must be a list of texts", field="reasons")
    unknown = [r for r in reasons if r not in REASONS]
    if unknown:
        raise BadRequest(f"'reasons' may only be: {'、'.join(REASONS)}", field="reasons",
                         unknown=unknown)
    if len(set(reasons)) != len(reasons):
        raise BadRequest("'reasons' lists a reason twice", field="reasons")
    if reasons and not is_bad(score):
        raise BadRequest("'reasons' are given only with a score of 1 or 2", field="reasons")
    if not isinstance(comment, str):
        raise BadRequest("'comment' must be text", field="comment")
    comment = comment.strip()
    if len(comment) > COMMENT_MAX:
        raise BadRequest(f"'comment' is longer than {COMMENT_MAX} characters", field="comment")
    return score, reasons, comment


def _rating_of(uow: UnitOfWork, ticket_id: int) -> Rating | None:
    return uow.session.scalars(select(Rating).where(Rating.ticket_id == ticket_id)).first()


def _clerk_of(uow: UnitOfWork, ticket: Ticket) -> str:
    """Who served it: the actor of its `ticket.finished` entry, else the window's clerk now."""
    finished_by = uow.session.scalars(
        select(AuditEntry.actor).where(AuditEntry.ticket_id == ticket.id,
                                       AuditEntry.kind == TicketFinished.wire_name)
        .order_by(AuditEntry.id.desc()).limit(1)).first()
    if finished_by:
        return finished_by
    sitting = windows.open_session(uow.session, ticket.window_no) if ticket.window_no else None
    return sitting.clerk if sitting else ""
