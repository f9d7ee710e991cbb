"""Reprint (补打): staff print a ticket again from the window, a visitor from the kiosk by
showing the phone page's QR code; the same number, marked 补打, audited."""

from __future__ import annotations

from queue_server import spool
from queue_server.models import AuditEntry, Ticket


def printed(device) -> str:
    return device.sent[-1].decode("gb18030", errors="ignore").replace("\n", "")


def test_a_clerk_reprints_the_ticket_at_the_window(hall, device, kiosk, clerk_of, household):
    number = kiosk.number(household)
    spool.print_due(hall)
    assert "补打" not in printed(device)
    clerk = clerk_of(8)
    clerk.open(8)
    clerk.call(8)
    answer = clerk.reprint(8)
    assert answer.status_code == 200, answer.json
    assert spool.print_due(hall) == 1
    assert "补打" in printed(device) and number in printed(device)
    with hall.reading() as session:
        entry = session.query(AuditEntry).filter_by(kind="print.reprint").one()
        assert session.query(Ticket).count() == 1  # no second number
    assert entry.actor == clerk.name and entry.payload["number"] == number


def test_a_clerk_reprints_a_waiting_ticket_of_their_post_only(hall, kiosk, clerk_of, household,
                                                              transcript):
    kiosk.number(household)
    kiosk.number(transcript)
    with hall.reading() as session:
        ours, theirs = (t.id for t in session.query(Ticket).order_by(Ticket.id))
    clerk = clerk_of(8)
    assert clerk.reprint(8, ticket_id=ours).status_code == 200
    assert clerk.reprint(8, ticket_id=theirs).status_code == 409
    assert clerk.reprint(14, ticket_id=theirs).status_code == 403


def test_a_finished_ticket_is_not_reprinted(kiosk, clerk, household):
    kiosk.number(household)
    clerk.open(8)
    ticket = clerk.call(8).json["current"]
    clerk.finish(8)
    refused = clerk.reprint(8, ticket_id=ticket["id"])
    assert refused.status_code == 409 and refused.json["error"] == "reprint_refused"


def test_a_visitor_shows_the_phone_qr_at_the_kiosk(hall, device, client, kiosk, household):
    issued = kiosk.take(household).json
    spool.print_due(hall)
    phone = client.get(issued["status_url"]).get_data(as_text=True)
    assert "qr.svg" in phone and "自助机" in phone  # the phone page shows its code
    code = "http://127.0.0.1:5000" + issued["status_url"]  # what the scanner types
    for _ in range(2):
        again = client.post("/api/kiosk/reprint", json={"code": code, "kiosk": "k2"})
        assert again.status_code == 200, again.json
        assert again.json["number"] == issued["number"] and "id" not in again.json
    assert spool.print_due(hall) == 2 and "补打" in printed(device)
    third = client.post("/api/kiosk/reprint", json={"code": code})
    assert third.status_code == 409
    assert client.post("/api/kiosk/reprint", json={"code": "not a ticket!"}).status_code == 400
    missing = client.post("/api/kiosk/reprint", json={"code": "/t/nosuchtoken"})
    assert missing.status_code == 404
