"""A seeded hall history for the reports' tests and `bench/report_year.py`: days of tickets
written straight into the real tables (bulk inserts of Ticket, AuditEntry, Rating and
IssueRefusal rows), shaped like what the service functions write — the same states, times,
audit kinds and payloads (`events.payload_of` of the real events) — without going through
HTTP, so a year takes minutes, not hours.

A day: tickets issued 08:30–16:30 at every post with windows; most are called within the
hour and served, some are no-shows, cancelled before a call, expired at the day's end, or
transferred to another post and served there. A share of the served are rated. A few
kiosk refusals. `History` keeps what was written, so a test can check a report against it.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from sqlalchemy import Engine, func, insert, select, text

from catalog.hours import HALL_TZ
from catalog.model import Catalog
from queue_server.events import (
    ServiceStarted,
    TicketCalled,
    TicketCancelled,
    TicketExpired,
    TicketFinished,
    TicketIssued,
    TicketMissed,
    TicketTransferred,
    payload_of,
)
from queue_server.models import (
    AuditEntry,
    IssueRefusal,
    Rating,
    Ticket,
    TicketState,
    hall_hour,
    milliseconds,
)
from queue_server.numbering import format_number

CLERKS = ("张老师", "王老师", "李老师", "赵老师", "陈老师", "刘老师", "杨老师", "黄老师")
SCORES = (5, 5, 5, 5, 5, 5, 4, 4, 3, 2, 1)


@dataclass
class History:
    """What was written: per-ticket outcomes for checking a report."""

    states: Counter = field(default_factory=Counter)
    waits_seconds: list[float] = field(default_factory=list)  # issue → first call
    services_seconds: list[float] = field(default_factory=list)  # call → finish, served
    transfers: int = 0
    refused: Counter = field(default_factory=Counter)
    ratings: list[int] = field(default_factory=list)
    followed_up: int = 0

    @property
    def issued(self) -> int:
        return sum(self.states.values())


class _Writer:
    def __init__(self, engine: Engine, batch: int) -> None:
        self.engine, self.batch = engine, batch
        self.rows: dict[type, list[dict]] = {Ticket: [], AuditEntry: [], Rating: [],
                                             IssueRefusal: []}
        with engine.connect() as connection:
            self.next_id = {model: (connection.execute(select(func.max(model.id))).scalar()
                                    or 0) + 1 for model in self.rows}

    def new_id(self, model: type) -> int:
        self.next_id[model] += 1
        return self.next_id[model] - 1

    def add(self, model: type, row: dict) -> None:
        self.rows[model].append(row)

    def audit(self, event) -> None:
        self.add(AuditEntry, {"id": self.new_id(AuditEntry), "at": event.at,
                              "kind": event.wire_name, "actor": event.actor,
                              "ticket_id": getattr(event, "ticket_id", None),
                              "window_no": getattr(event, "window_no", None),
                              "payload": payload_of(event)})

    def flush(self, force: bool = False) -> None:
        if not force and len(self.rows[AuditEntry]) < self.batch:
            return
        with self.engine.begin() as connection:
            for model in (Ticket, AuditEntry, Rating, IssueRefusal):  # tickets first: keys
                if self.rows[model]:
                    connection.execute(insert(model), self.rows[model])
                    self.rows[model] = []

    def finish(self) -> None:
        self.flush(force=True)
        if self.engine.dialect.name == "postgresql":  # ids were given: move the sequences
            with self.engine.begin() as connection:
                for model in self.rows:
                    table = model.__tablename__
                    connection.execute(text(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                        f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"))


def generate(engine: Engine, catalog: Catalog, days: list[date], per_day: int, *,
             seed: int = 1, batch: int = 20_000) -> History:
    """Write `per_day` tickets on each of `days` into the (migrated) database at `engine`."""
    rng = random.Random(seed)
    posts = [p for p in catalog.posts if p.windows and catalog.services_of(p.id)]
    weights = [len(p.windows) for p in posts]
    history, writer = History(), _Writer(engine, batch)
    for day in days:
        clerk_of = {w: rng.choice(CLERKS) + str(w) for p in posts for w in p.windows}
        opens = datetime.combine(day, time(8, 30), HALL_TZ)
        issued = sorted(opens + timedelta(seconds=rng.uniform(0, 8 * 3600))
                        for _ in range(per_day))
        seqs: Counter = Counter()
        for issued_at in issued:
            post = rng.choices(posts, weights)[0]
            seqs[post.prefix] += 1
            _one_ticket(writer, history, rng, catalog, posts, clerk_of, day, post,
                        seqs[post.prefix], issued_at)
        for _ in range(max(1, per_day // 50)):
            service = rng.choice(catalog.services)
            verdict = rng.choice(("closed", "by_notice", "past_cutoff"))
            history.refused[verdict] += 1
            writer.add(IssueRefusal, {
                "id": writer.new_id(IssueRefusal), "service_day": day, "verdict": verdict,
                "at": opens + timedelta(seconds=rng.uniform(-3600, 9 * 3600)),
                "service_id": service.id, "post_id": service.post_id, "kiosk": "kiosk-1"})
        writer.flush()
    writer.finish()
    return history


def _one_ticket(writer: _Writer, history: History, rng: random.Random, catalog: Catalog,
                posts, clerk_of: dict, day: date, post, seq: int, issued_at: datetime) -> None:
    ticket_id = writer.new_id(Ticket)
    service = rng.choice(catalog.services_of(post.id))
    number = format_number(post.prefix, seq)
    token = f"h{ticket_id:015d}"
    ids = {"ticket_id": ticket_id, "number": number, "token": token}
    row = {"id": ticket_id, "token": token, "service_day": day, "prefix": post.prefix,
           "seq": seq, "number": number, "issued_post_id": post.id, "post_id": post.id,
           "service_id": service.id, "kiosk": "kiosk-1", "request_key": None,
           "issued_at": issued_at, "people_ahead_at_issue": 0, "wait_minutes_at_issue": 5,
           "priority": 0, "queue_key": int(issued_at.timestamp() * 1_000_000),
           "window_no": None, "called_at": None, "first_called_at": None, "called_by": None,
           "issue_hour": hall_hour(issued_at), "wait_ms": None, "service_ms": None,
           "recall_count": 0, "started_at": None, "ended_at": None, "transfer_count": 0}
    writer.audit(TicketIssued(at=issued_at, actor="kiosk:kiosk-1", post_id=post.id,
                              service_id=service.id, kiosk="kiosk-1", **ids))
    fate = rng.random()
    if fate < 0.05:  # gave up before a call
        at = issued_at + timedelta(minutes=rng.uniform(1, 40))
        row.update(state=TicketState.CANCELLED, ended_at=at)
        writer.audit(TicketCancelled(at=at, actor="visitor", post_id=post.id, **ids))
    elif fate < 0.08:  # still waiting when the day ended
        at = datetime.combine(day + timedelta(days=1), time(0, 1), HALL_TZ)
        row.update(state=TicketState.EXPIRED, ended_at=at)
        writer.audit(TicketExpired(at=at, actor="scheduler", post_id=post.id, **ids))
    else:
        wait = min(rng.expovariate(1 / 12), 150) * 60
        called_at = issued_at + timedelta(seconds=wait)
        window = rng.choice(post.windows)
        clerk = clerk_of[window]
        history.waits_seconds.append(wait)
        row.update(window_no=window, called_at=called_at, first_called_at=called_at,
                   called_by=clerk, state=TicketState.CALLED,
                   wait_ms=milliseconds(issued_at, called_at))
        writer.audit(TicketCalled(at=called_at, actor=clerk, post_id=post.id,
                                  window_no=window, **ids))
        if fate < 0.14:  # did not come
            at = called_at + timedelta(minutes=3)
            row.update(state=TicketState.MISSED, ended_at=at)
            writer.audit(TicketMissed(at=at, actor=clerk, post_id=post.id, window_no=window,
                                      **ids))
        else:
            if fate < 0.17:  # sent on to another post, called there
                other = rng.choice([p for p in posts if p.id != post.id])
                other_service = rng.choice(catalog.services_of(other.id))
                at = called_at + timedelta(minutes=2)
                writer.audit(TicketTransferred(
                    at=at, actor=clerk, post_id=other.id, from_post_id=post.id,
                    service_id=other_service.id, window_no=window, **ids))
                history.transfers += 1
                called_at = at + timedelta(minutes=rng.uniform(1, 10))
                window = rng.choice(other.windows)
                clerk = clerk_of[window]
                post = other
                row.update(post_id=other.id, service_id=other_service.id, window_no=window,
                           called_at=called_at, called_by=clerk, transfer_count=1,
                           priority=1)
                writer.audit(TicketCalled(at=called_at, actor=clerk, post_id=other.id,
                                          window_no=window, **ids))
            served = (2 + min(rng.expovariate(1 / 6), 58)) * 60
            started_at = called_at + timedelta(seconds=min(60, served / 2))
            ended_at = called_at + timedelta(seconds=served)
            history.services_seconds.append(served)
            row.update(state=TicketState.DONE, started_at=started_at, ended_at=ended_at,
                       service_ms=milliseconds(called_at, ended_at))
            writer.audit(ServiceStarted(at=started_at, actor=clerk, post_id=post.id,
                                        window_no=window, **ids))
            writer.audit(TicketFinished(at=ended_at, actor=clerk, post_id=post.id,
                                        window_no=window, **ids))
            if rng.random() < 0.3:
                score = rng.choice(SCORES)
                followed = score <= 2 and rng.random() < 0.5
                history.ratings.append(score)
                history.followed_up += followed
                writer.add(Rating, {
                    "id": writer.new_id(Rating), "ticket_id": ticket_id, "score": score,
                    "reasons": [], "comment": "", "source": "pad",
                    "rated_at": ended_at + timedelta(minutes=1), "service_day": day,
                    "window_no": window, "clerk": clerk, "service_id": row["service_id"],
                    "post_id": post.id,
                    "followed_up_at": ended_at + timedelta(days=1) if followed else None,
                    "followed_up_by": "管理员" if followed else "", "follow_up_note": ""})
    history.states[row["state"].value] += 1
    writer.add(Ticket, row)


def rate(hall, number: str, score: int, *, followed_up: bool = False) -> None:
    """Today's finished ticket `number` rated through the rating service (as its phone page
    would), and, when asked, followed up by an admin."""
    from queue_server import ratings

    with hall.unit_of_work() as uow:
        ticket = uow.session.scalars(select(Ticket).where(
            Ticket.number == number, Ticket.service_day == uow.now.date())).one()
        reasons = ["等候时间长"] if score <= 2 else []
        rating = ratings.rate_ticket(uow, ticket, score=score, reasons=reasons,
                                     source="phone", actor="visitor")
        if followed_up:
            uow.session.flush()
            ratings.follow_up(uow, rating.id, note="电话回访，已解释", actor="王老师")
