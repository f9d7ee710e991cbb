"""The JSON API: thin over the ticket and window services (parse, authorise, call, show)."""

from __future__ import annotations

import logging

from flask import Blueprint, jsonify, request
from flask_login import current_user
from sqlalchemy.exc import IntegrityError, SQLAlchemyError

from queue_server import priority, refusals, reprints, tickets, windows
from queue_server.errors import (
    BadRequest,
    Forbidden,
    IssueRefused,
    UnknownService,
    UnknownTicket,
)
from queue_server.queues import queued_print_jobs
from queue_server.screens import Screen, ScreenRefused
from queue_server.screens.ticket_view import ticket_by_token, ticket_view
from queue_server.web import broadcaster, hall, kiosk_devices, screens
from queue_server.web.authorise import window_actor
from queue_server.web.openapi import openapi_document
from queue_server.web.params import field, json_body
from queue_server.web.presenters import catalog_json, route_json, service_detail, service_summary

bp = Blueprint("api", __name__, url_prefix="/api")
log = logging.getLogger(__name__)


@bp.get("/catalog")
def catalog():
    return catalog_json(hall().catalog)


@bp.get("/services")
def services():
    the_hall, query = hall(), request.args.get("q", "")
    if len(query) > 100:
        raise BadRequest("the search text is longer than 100 characters")
    hits = the_hall.search.services(query) if query.strip() else []
    return {"query": query,
            "services": [dict(service_summary(the_hall.catalog, h.service), score=h.score)
                         for h in hits],
            "machines": [{"id": m.id, "name": m.name, "locations": list(m.locations)}
                         for m in the_hall.search.machines(query)] if query.strip() else []}


@bp.get("/services/<service_id>")
def service(service_id: str):
    the_hall = hall()
    with the_hall.unit_of_work(read_only=True) as uow:
        decided, waiting, wait = tickets.route_for(uow, service_id)
        at = uow.now
    # a signed-in clerk (the window page) also reads the guide's editorial notes
    body = service_detail(the_hall.catalog, decided.service,
                          staff=current_user.is_authenticated)
    body["route"] = route_json(decided, waiting, wait, at)
    return body


@bp.post("/tickets")
def issue():
    kiosk_devices.csrf_unless_kiosk()  # a registered kiosk's header stands in for the token
    body = json_body()
    service_id = field(body, "service_id", str)
    request_key = field(body, "request_key", str, default=None, max_length=64)
    asking = kiosk_devices.issuer(body)  # a registered kiosk, open issuing, or a phone
    kiosk = asking.kiosk
    the_hall = hall()
    for attempt in (1, 2):
        try:
            with the_hall.unit_of_work() as uow:
                ticket = tickets.issue_ticket(uow, service_id, kiosk=kiosk,
                                              request_key=request_key, kiosk_id=asking.kiosk_id,
                                              card_hash=asking.card_hash)
                # in the issuing transaction: the people ahead and estimate it decided
                view = ticket_view(uow.session, the_hall, ticket, at=uow.now)
            return jsonify(view), 201
        except IssueRefused as refused:
            _count_refusal(service_id, kiosk, refused)
            raise
        except IntegrityError:
            # two taps raced past each other on PostgreSQL: the retry finds the first ticket
            if attempt == 2 or request_key is None:
                raise


def _count_refusal(service_id: str, kiosk: str, refused: IssueRefused) -> None:
    """The refused transaction rolled back: count the refusal for the reports in a unit of
    work of its own. The visitor's 409 answer stands even if this cannot be written."""
    try:
        with hall().unit_of_work() as uow:
            refusals.record_refusal(uow, service_id, kiosk=kiosk,
                                    verdict=str(refused.details.get("verdict", "")))
    except SQLAlchemyError:
        log.exception("could not count a refused issue of %s", service_id)


@bp.get("/tickets/<token>")
def ticket(token: str):
    """A ticket by its unguessable token (the integer id is never enough to read one)."""
    try:
        return screens().snapshot(Screen.ticket(token))
    except ScreenRefused:
        raise UnknownTicket("no such ticket") from None


@bp.post("/tickets/<token>/cancel")
def cancel(token: str):
    the_hall = hall()
    with the_hall.unit_of_work() as uow:
        found = ticket_by_token(uow.session, token)
        if found is None:
            raise UnknownTicket("no such ticket")
        cancelled = tickets.cancel(uow, found.id, actor="visitor")
        view = ticket_view(uow.session, the_hall, cancelled, at=uow.now)
    return view


@bp.get("/printer")
def printer():
    """The ticket printer as the spool last saw it, and how many tickets wait to print."""
    the_hall = hall()
    with the_hall.reading() as session:
        queued = queued_print_jobs(session)
    state = the_hall.printer.state
    return {"status": state.status, "error": state.error, "queued": queued}


@bp.get("/board")
def board():
    return screens().snapshot(Screen.board())


@bp.get("/windows/<int:window_no>")
def window(window_no: int):
    window_actor(window_no)
    with hall().unit_of_work(read_only=True) as uow:
        windows.post_of(uow, window_no)
    return screens().snapshot(Screen.window(window_no))


def _window_action(window_no: int, act):
    """Run one window action in one unit of work and answer with the window's snapshot,
    read after the commit (the write transaction stays short; the answer is the truth) and
    built once for the answer and the window's screens alike."""
    actor = window_actor(window_no)
    body = json_body()
    with hall().unit_of_work() as uow:
        windows.post_of(uow, window_no)
        result = act(uow, actor, body)
    snapshot = broadcaster().window_answer(window_no)
    if result is False:
        return jsonify(dict(snapshot, called=None, message="队列中没有等候的号 no one is waiting"))
    return jsonify(snapshot)


def _optional_ticket(body: dict) -> int | None:
    return field(body, "ticket_id", int, default=None)


ACTIONS = {
    "open": lambda uow, n, actor, b: windows.open_window(uow, n, clerk=actor),
    "close": lambda uow, n, actor, b: windows.close_window(uow, n, actor=actor),
    "pause": lambda uow, n, actor, b: windows.pause_window(
        uow, n, actor=actor, reason=field(b, "reason", str, default="")),
    "resume": lambda uow, n, actor, b: windows.resume_window(uow, n, actor=actor),
    "call": lambda uow, n, actor, b: _call(uow, n, actor, b),
    "recall": lambda uow, n, actor, b: tickets.recall(
        uow, n, actor=actor, ticket_id=_optional_ticket(b)),
    "start": lambda uow, n, actor, b: tickets.start_service(
        uow, n, actor=actor, ticket_id=_optional_ticket(b)),
    "finish": lambda uow, n, actor, b: tickets.finish(
        uow, n, actor=actor, ticket_id=_optional_ticket(b)),
    "no-show": lambda uow, n, actor, b: tickets.mark_no_show(
        uow, n, actor=actor, ticket_id=_optional_ticket(b)),
    "requeue": lambda uow, n, actor, b: tickets.requeue(
        uow, n, field(b, "ticket_id", int), actor=actor,
        places=field(b, "places", int, default=None)),
    "transfer": lambda uow, n, actor, b: _transfer(uow, n, actor, b),
    "reprint": lambda uow, n, actor, b: reprints.reprint_at_window(
        uow, n, actor=actor, ticket_id=_optional_ticket(b)),
    "priority": lambda uow, n, actor, b: priority.mark_priority(
        uow, field(b, "ticket_id", int), reason=field(b, "reason", str, max_length=20),
        note=field(b, "note", str, default=""), actor=actor, window_no=n),
}


def _call(uow, window_no: int, actor: str, body: dict):
    finish_current = field(body, "finish_current", bool, default=False)
    if finish_current:  # True, or the id of the ticket the clerk saw and means to finish
        finish_current = field(body, "finish_ticket_id", int, default=True)
    ticket_id = _optional_ticket(body)
    if ticket_id is not None:
        return tickets.call_ticket(uow, window_no, ticket_id, actor=actor,
                                   finish_current=finish_current)
    called = tickets.call_next(uow, window_no, actor=actor, finish_current=finish_current)
    return False if called is None else called


def _transfer(uow, window_no: int, actor: str, body: dict):
    service_id = field(body, "service_id", str)
    if not service_id.strip():
        raise UnknownService("choose a service to transfer to")
    override_reason = field(body, "override_reason", str, default=None)
    if override_reason is not None and not current_user.is_admin:
        raise Forbidden("只有大厅管理员可以转到未开放的岗位 / only a hall admin may send a "
                        "ticket to a post closed now", field="override_reason")
    return tickets.transfer(uow, window_no, service_id, actor=actor,
                            ticket_id=_optional_ticket(body), override_reason=override_reason)


@bp.post("/windows/<int:window_no>/<action>")
def window_action(window_no: int, action: str):
    act = ACTIONS.get(action)
    if act is None:
        raise BadRequest(f"unknown window action {action!r}; one of: {', '.join(ACTIONS)}")
    return _window_action(window_no, lambda uow, actor, body: act(uow, window_no, actor, body))


@bp.get("/openapi.json")
def openapi():
    return openapi_document(sorted(ACTIONS))

