"""好差评: a visitor rates a finished ticket once (phone or the window's pad, whichever comes
first), within its day; bad input is refused naming the field with nothing written; an admin
records the follow-up of a bad rating; the rating reaches the phone and the pad over sockets."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from queue_server import ratings
from queue_server.events import RatingFollowedUp, TicketRated
from queue_server.models import AuditEntry, Rating
from queue_server.realtime import socketio
from tests.actors import Clerk, add_staff
from tests.conftest import CLERK_PASSWORD
from tests.screens import event_names, events, snapshots


@pytest.fixture
def visitor(app):
    """A phone with no staff login (its own cookies)."""
    return app.test_client()


def rating_rows(hall) -> int:
    with hall.reading() as session:
        return session.scalar(select(func.count()).select_from(Rating))


def finished(kiosk, clerk, service_id: str, window_no: int = 8) -> dict:
    """A ticket taken, called and finished at the window; its issued view (id, status_url)."""
    issued = kiosk.take(service_id).json
    clerk.open(window_no)  # a second open is refused, which is fine here
    assert clerk.call(window_no).status_code == 200
    assert clerk.finish(window_no).status_code == 200
    return issued


def token_of(view: dict) -> str:
    return view["status_url"].rsplit("/", 1)[1]


def rate(client, view: dict, **body):
    return client.post(f"/api/tickets/{token_of(view)}/rating", json=body)


def tap(client, window_no: int, **body):
    return client.post(f"/api/windows/{window_no}/pad-rating", json=body)


# ---- the phone ----

def test_a_visitor_rates_a_finished_ticket_from_the_phone(hall, kiosk, clerk, visitor,
                                                          household, published):
    mine = finished(kiosk, clerk, household)
    assert visitor.get(f"/api/tickets/{token_of(mine)}").json["can_rate"] is True
    published.clear()
    response = rate(visitor, mine, score=2, reasons=["等候时间长", "其他"], comment="  排了很久 ")
    assert response.status_code == 201, response.json
    assert response.json["score"] == 2 and response.json["label"] == "不满意"
    assert response.json["reasons"] == ["等候时间长", "其他"]
    assert response.json["comment"] == "排了很久" and response.json["source"] == "phone"
    assert "clerk" not in response.json  # the visitor never sees a staff name
    [event] = published
    assert isinstance(event, TicketRated)
    assert (event.score, event.window_no, event.source) == (2, 8, "phone")
    assert "comment" not in event.to_wire() and "reasons" not in event.to_wire()
    with hall.reading() as session:
        row = session.scalars(select(Rating)).one()
        assert (row.clerk, row.window_no, row.service_id, row.post_id) == (
            "王老师", 8, household, mine["post"]["id"])
        audit = session.scalars(select(AuditEntry).where(AuditEntry.kind == "ticket.rated")).one()
        assert audit.ticket_id == mine["id"] and audit.actor == "visitor"
    view = visitor.get(f"/api/tickets/{token_of(mine)}").json
    assert view["rating"] == {"score": 2, "source": "phone"} and view["can_rate"] is False


@pytest.mark.parametrize("score", [5, 4, 3])
def test_good_scores_need_no_reason(kiosk, clerk, visitor, household, score):
    assert rate(visitor, finished(kiosk, clerk, household), score=score).status_code == 201


def test_a_comment_of_200_characters_is_taken(kiosk, clerk, visitor, household):
    response = rate(visitor, finished(kiosk, clerk, household), score=1, comment="慢" * 200)
    assert response.status_code == 201 and len(response.json["comment"]) == 200


@pytest.mark.parametrize(("body", "named"), [
    ({}, "score"),
    ({"score": 0}, "score"),
    ({"score": 6}, "score"),
    ({"score": "5"}, "score"),
    ({"score": 4.0}, "score"),
    ({"score": True}, "score"),
    ({"score": 4, "reasons": ["等候时间长"]}, "reasons"),
    ({"score": 1, "reasons": ["太热了"]}, "reasons"),
    ({"score": 1, "reasons": "态度不好"}, "reasons"),
    ({"score": 1, "reasons": ["其他", "其他"]}, "reasons"),
    ({"score": 1, "reasons": [3]}, "reasons"),
    ({"score": 1, "comment": "慢" * 201}, "comment"),
    ({"score": 1, "comment": ["x"]}, "comment"),
])
def test_bad_input_is_refused_naming_the_field_and_nothing_is_written(
        hall, kiosk, clerk, visitor, household, published, body, named):
    mine = finished(kiosk, clerk, household)
    published.clear()
    response = rate(visitor, mine, **body)
    assert response.status_code == 400, response.json
    assert response.json["field"] == named
    assert rating_rows(hall) == 0 and published == []


@pytest.mark.parametrize("step", ["waiting", "called", "serving", "missed", "cancelled"])
def test_only_a_finished_ticket_may_be_rated(hall, kiosk, clerk, visitor, household, step):
    mine = kiosk.take(household).json
    clerk.open(8)
    if step != "waiting" and step != "cancelled":
        clerk.call(8)
    if step == "serving":
        clerk.start(8)
    if step == "missed":
        clerk.no_show(8)
    if step == "cancelled":
        visitor.post(f"/api/tickets/{token_of(mine)}/cancel")
    response = rate(visitor, mine, score=5)
    assert response.status_code == 409 and response.json["error"] == "not_finished"
    assert rating_rows(hall) == 0
    assert visitor.get(f"/api/tickets/{token_of(mine)}").json["can_rate"] is False


def test_one_rating_per_ticket(hall, kiosk, clerk, visitor, household):
    mine = finished(kiosk, clerk, household)
    assert rate(visitor, mine, score=5).status_code == 201
    again = rate(visitor, mine, score=1, reasons=["态度不好"])
    assert again.status_code == 409 and again.json["error"] == "already_rated"
    assert rating_rows(hall) == 1


def test_a_race_past_the_check_meets_the_unique_ticket_and_gets_a_clear_409(
        hall, kiosk, clerk, visitor, household, monkeypatch, published):
    mine = finished(kiosk, clerk, household)
    assert rate(visitor, mine, score=5).status_code == 201
    monkeypatch.setattr(ratings, "_rating_of", lambda uow, ticket_id: None)  # both saw none
    published.clear()
    again = rate(visitor, mine, score=3)
    assert again.status_code == 409 and again.json["error"] == "already_rated"
    assert rating_rows(hall) == 1 and published == []


def test_the_day_after_is_too_late(hall, clock, kiosk, clerk, visitor, household):
    mine = finished(kiosk, clerk, household)
    clock.advance(hours=13, minutes=59)  # 23:59 the same day: still fine
    assert visitor.get(f"/api/tickets/{token_of(mine)}").json["can_rate"] is True
    clock.advance(minutes=1)
    assert visitor.get(f"/api/tickets/{token_of(mine)}").json["can_rate"] is False
    response = rate(visitor, mine, score=5)
    assert response.status_code == 409 and response.json["error"] == "rating_closed"
    assert rating_rows(hall) == 0


def test_an_unknown_token_is_404(visitor):
    response = visitor.post("/api/tickets/doesnotexist0000/rating", json={"score": 5})
    assert response.status_code == 404 and response.json["error"] == "unknown_ticket"


def test_a_logged_in_staff_member_cannot_rate(hall, app, kiosk, clerk, clerk_of, household):
    mine = finished(kiosk, clerk, household)
    own_clerk = clerk_of(8)
    for staff_client in (clerk.client, own_clerk.client):
        response = rate(staff_client, mine, score=5)
        assert response.status_code == 403 and response.json["error"] == "forbidden"
        response = tap(staff_client, 8, ticket_id=mine["id"], score=5)
        assert response.status_code == 403
    assert rating_rows(hall) == 0


def test_without_the_csrf_token_nothing_is_rated(hall, kiosk, clerk, visitor, household):
    mine = finished(kiosk, clerk, household)
    visitor.send_csrf = False
    assert rate(visitor, mine, score=5).status_code == 400
    assert rating_rows(hall) == 0


# ---- the window's rating pad ----

def test_the_pad_rates_the_window_s_latest_finished_ticket(hall, kiosk, clerk, visitor,
                                                          household, published):
    mine = finished(kiosk, clerk, household)
    published.clear()
    response = tap(visitor, 8, ticket_id=mine["id"], score=4)
    assert response.status_code == 201 and response.json["source"] == "pad"
    [event] = published
    assert (event.source, event.actor, event.window_no) == ("pad", "pad:8", 8)
    view = visitor.get(f"/api/tickets/{token_of(mine)}").json
    assert view["rating"] == {"score": 4, "source": "pad"}
    phone = rate(visitor, mine, score=1)  # the phone comes second: one rating per ticket
    assert phone.status_code == 409 and phone.json["error"] == "already_rated"


def test_after_the_phone_the_pad_is_refused(hall, kiosk, clerk, visitor, household):
    mine = finished(kiosk, clerk, household)
    assert rate(visitor, mine, score=5).status_code == 201
    response = tap(visitor, 8, ticket_id=mine["id"], score=1)
    assert response.status_code == 409 and response.json["error"] == "already_rated"
    assert rating_rows(hall) == 1


def test_the_pad_takes_only_the_latest_ticket_within_ten_minutes(hall, clock, kiosk, clerk,
                                                                 visitor, household):
    first = finished(kiosk, clerk, household)
    second = finished(kiosk, clerk, household)
    older = tap(visitor, 8, ticket_id=first["id"], score=5)
    assert older.status_code == 409 and older.json["error"] == "not_your_ticket"
    other_window = tap(visitor, 14, ticket_id=second["id"], score=5)
    assert other_window.status_code == 409
    clock.advance(minutes=10)
    late = tap(visitor, 8, ticket_id=second["id"], score=5)
    assert late.status_code == 409 and late.json["error"] == "rating_closed"
    assert rating_rows(hall) == 0
    assert rate(visitor, second, score=5).status_code == 201  # the phone still may, that day


@pytest.mark.parametrize(("body", "status", "named"), [
    ({"score": 5}, 400, "ticket_id"),
    ({"ticket_id": "1", "score": 5}, 400, "ticket_id"),
    ({"ticket_id": 999999, "score": 5}, 404, None),
    ({"score": 9, "ticket_id": None}, 400, "ticket_id"),
])
def test_the_pad_refuses_bad_input(hall, kiosk, clerk, visitor, household, body, status, named):
    finished(kiosk, clerk, household)
    response = tap(visitor, 8, **body)
    assert response.status_code == status, response.json
    assert response.json.get("field") == named
    assert rating_rows(hall) == 0


def test_the_pad_refuses_a_bad_score(hall, kiosk, clerk, visitor, household):
    mine = finished(kiosk, clerk, household)
    response = tap(visitor, 8, ticket_id=mine["id"], score=0)
    assert response.status_code == 400 and response.json["field"] == "score"
    assert rating_rows(hall) == 0


def test_a_pad_for_a_window_the_hall_lacks_is_404(visitor):
    assert visitor.get("/rate/99").status_code == 404
    assert tap(visitor, 99, ticket_id=1, score=5).status_code == 404
    page = visitor.get("/rate/8")
    assert page.status_code == 200 and "请对本次服务进行评价" in page.get_data(as_text=True)


# ---- over sockets: the pad and the phone ----

def connect(app, client, **auth):
    return socketio.test_client(app, flask_test_client=client, auth=auth)


def test_the_pad_shows_the_finished_ticket_then_goes_idle_when_the_phone_rates_it(
        app, kiosk, clerk, visitor, household):
    mine = kiosk.take(household).json
    pad = connect(app, app.test_client(), screen="rating_pad", window=8)
    phone = connect(app, app.test_client(), screen="ticket", token=token_of(mine))
    board = connect(app, app.test_client(), screen="board")
    assert snapshots(pad.get_received())[0]["state"] == "idle"
    clerk.open(8)
    clerk.call(8)
    assert pad.get_received() == []  # a call does not touch the pad
    clerk.finish(8)
    [shown] = snapshots(pad.get_received())
    assert shown["state"] == "rate" and shown["ticket"]["number"] == mine["number"]
    assert shown["ticket"]["service"] == mine["service"]["name"]
    assert 0 < shown["seconds_left"] <= 600
    assert snapshots(phone.get_received())[-1]["can_rate"] is True
    board.get_received()
    assert rate(visitor, mine, score=1, reasons=["态度不好"], comment="私下的话").status_code == 201
    received = pad.get_received()
    assert snapshots(received)[-1]["state"] == "idle"
    [rated] = events(received)
    assert (rated["event"], rated["score"], rated["window_no"], rated["source"]) == (
        "ticket.rated", 1, 8, "phone")
    assert "token" not in rated and "actor" not in rated and "comment" not in rated
    phone_received = phone.get_received()
    assert "ticket.rated" in event_names(phone_received)
    assert snapshots(phone_received)[-1]["rating"] == {"score": 1, "source": "phone"}
    assert board.get_received() == []  # the lobby does not hear ratings
    assert "私下的话" not in str(received) + str(phone_received)


def test_a_pad_for_a_window_the_hall_lacks_cannot_connect(app, client):
    assert not connect(app, client, screen="rating_pad", window=99).is_connected()
    assert not connect(app, client, screen="rating_pad", window="8").is_connected()


# ---- 差评回访 ----

@pytest.fixture
def supervisor(app, hall) -> Clerk:
    add_staff(hall, "值班主管", CLERK_PASSWORD, role="supervisor")
    return Clerk(app.test_client()).log_in("值班主管", CLERK_PASSWORD)


def test_the_admin_lists_bad_ratings_and_records_a_follow_up(hall, kiosk, clerk, visitor,
                                                            supervisor, household, published):
    good = finished(kiosk, clerk, household)
    bad = finished(kiosk, clerk, household)
    rate(visitor, good, score=5)
    rate(visitor, bad, score=1, reasons=["业务不熟"], comment="材料说了三遍")
    listed = clerk.client.get("/api/admin/ratings?bad=1").json["ratings"]
    assert [r["number"] for r in listed] == [bad["number"]]
    [row] = listed
    assert (row["window_no"], row["clerk"], row["reasons"], row["comment"]) == (
        8, "王老师", ["业务不熟"], "材料说了三遍")
    assert row["service"]["name"] == bad["service"]["name"] and row["follow_up"] is None
    assert len(supervisor.client.get("/api/admin/ratings").json["ratings"]) == 2
    published.clear()
    url = f"/api/admin/ratings/{row['id']}/follow-up"
    done = clerk.client.post(url, json={"note": "已电话回访，致歉并说明材料清单"})
    assert done.status_code == 200, done.json
    follow = done.json["follow_up"]
    assert follow["by"] == "王老师" and follow["note"] == "已电话回访，致歉并说明材料清单"
    assert follow["at"].startswith("2026-12-03T10:")
    [event] = published
    assert isinstance(event, RatingFollowedUp) and event.rating_id == row["id"]
    again = clerk.client.post(url, json={"note": "再次回访"})
    assert again.status_code == 409 and again.json["error"] == "already_followed_up"


@pytest.mark.parametrize(("body", "status"), [
    ({}, 400), ({"note": "   "}, 400), ({"note": "访" * 501}, 400), ({"note": 5}, 400)])
def test_a_follow_up_needs_a_note_of_at_most_500(hall, kiosk, clerk, visitor, household,
                                                 body, status):
    mine = finished(kiosk, clerk, household)
    rating_id = rate(visitor, mine, score=1).json["id"]
    response = clerk.client.post(f"/api/admin/ratings/{rating_id}/follow-up", json=body)
    assert response.status_code == status and response.json["field"] == "note"
    with hall.reading() as session:
        assert session.get(Rating, rating_id).followed_up_at is None


def test_only_an_admin_follows_up_and_only_staff_who_supervise_read(
        hall, app, kiosk, clerk, clerk_of, visitor, supervisor, household):
    mine = finished(kiosk, clerk, household)
    rating_id = rate(visitor, mine, score=2).json["id"]
    url = f"/api/admin/ratings/{rating_id}/follow-up"
    assert supervisor.client.post(url, json={"note": "x"}).status_code == 403
    assert clerk_of(8).client.get("/api/admin/ratings").status_code == 403
    assert visitor.get("/api/admin/ratings").status_code == 401
    assert visitor.post(url, json={"note": "x"}).status_code == 401
    assert clerk.client.post("/api/admin/ratings/999/follow-up",
                             json={"note": "x"}).status_code == 404
    assert supervisor.client.get("/admin/ratings").status_code == 200
    assert clerk_of(14).client.get("/admin/ratings").status_code == 403


def test_the_openapi_document_lists_the_rating_endpoints(client):
    paths = client.get("/api/openapi.json").json["paths"]
    for path in ("/api/tickets/{token}/rating", "/api/windows/{window_no}/pad-rating",
                 "/api/admin/ratings", "/api/admin/ratings/{rating_id}/follow-up"):
        assert path in paths, path
