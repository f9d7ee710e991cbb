"""Simulate a working day of the BUCT hall through the real service functions, and check the
estimate every ticket was given at issue against the wait it really had. Run by hand; CI
runs only a short day of it (tests/integration/test_simulate_day.py).

    .venv/bin/python bench/simulate_day.py --load normal|busy --seed N [--day YYYY-MM-DD]
                                           [--profile FILE] [--history-days 5]

The day runs on a temporary SQLite file with a fixed clock moved from event to event:
visitors arrive per post following an hourly profile (a morning and an early-afternoon
peak; busy = twice the arrivals; a Friday has only its morning), take a ticket with
`tickets.issue_ticket` (the estimate is what `tickets.route_for` decided at that instant),
clerks open their windows at the catalog's opening (a few minutes late at most), call with
`tickets.call_next`, serve for a lognormal time around the service's own mean, mark no-shows,
transfer a few tickets, pause for lunch one after another and close at closing. Past days'
service times are written first (`--history-days`), as a hall that has run a while has them.

A ticket's estimate is "within" when its real wait (issue → first call) is within ±20% of
the estimated wait, or ±3 minutes, whichever is larger; a ticket told "今日可能办不完" is
within when it was not called that day. The same is counted for the naive estimate of
before (people ahead × the post's mean service time ÷ windows serving). The last line printed
is one JSON object (`within_share`, `naive_within_share`, `tickets`, ...).

A profile FILE (YAML or JSON) overrides any of `DEFAULT_PROFILE`'s keys; one that does not
parse or names an unknown key is refused (exit code 2) before anything runs.
Bookings and 绿色通道: `Hooks` is where they join the day; `priority_share` / `booked_share`
turn them on once `tickets.mark_priority` / `tickets.book` + `check_in` exist.
"""

from __future__ import annotations

import argparse
import heapq
import itertools
import json
import math
import random
import sys
import tempfile
import time as wall
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Self

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a file: the app sits at the root

from catalog.hours import HALL_TZ, closing_at, is_open_at, next_opening_at
from catalog.loader import default_catalog_path, load_catalog
from catalog.search import SearchIndex
from catalog.workdays import Workdays
from printer.devices import MemoryDevice
from queue_server import tickets, windows
from queue_server.clock import FixedClock
from queue_server.db import Database
from queue_server.errors import HallError, IssueRefused
from queue_server.events import EventBus
from queue_server.hall import Hall
from queue_server.migrate import upgrade
from queue_server.models import Ticket, TicketState
from queue_server.overrides import calendar_at
from queue_server.printer_link import PrinterLink
from queue_server.queues import Outlook, naive_estimate
from queue_server.router import post_state
from queue_server.rules import RulesProvider
from queue_server.settings import HallSettings

DEFAULT_DAY = "2026-12-03"  # a Thursday: every post with weekly hours opens (12号 14:00-17:00)

DEFAULT_PROFILE: dict = {
    # tickets a normal day brings to each post (busy: twice); posts not named get none
    "arrivals": {"w1": 20, "w2": 25, "w3": 50, "w4": 45, "w5": 55, "w6": 30, "w8": 45,
                 "w12": 12, "w14-15": 150, "w17": 35, "w20-22-23": 140, "w21": 50,
                 "w24": 50, "w25": 40},
    # relative arrivals per hour of the day (a morning and an early-afternoon peak)
    "hourly": {9: 0.8, 10: 1.4, 11: 1.2, 12: 0.5, 13: 0.9, 14: 1.3, 15: 1.0, 16: 0.6},
    # mean minutes at the window per post; each service's own mean is drawn around it
    "service_minutes": {"w1": 15, "w2": 8, "w3": 6, "w4": 6, "w5": 5, "w6": 8, "w8": 7,
                        "w12": 10, "w14-15": 4, "w17": 6, "w20-22-23": 6, "w21": 5,
                        "w24": 5, "w25": 6},
    "service_spread": [0.6, 1.6],  # a service's mean = its post's × a factor in this range
    "service_overrides": {},  # service id → mean minutes, replacing the drawn one
    "sigma": 0.5,  # lognormal σ of one service time around its mean
    "no_show_rate": 0.06,  # called, never came
    "no_show_wait_minutes": 2.0,  # how long a clerk waits (and recalls) before marking it
    "transfer_rate": 0.03,  # served, then sent to another post
    "take_when_not_today": 0.5,  # told "今日可能办不完", takes the ticket anyway
    "late_open_minutes": 5.0,  # clerks sit down up to this late
    "lunch_jitter_minutes": [-5.0, 10.0],  # a clerk's lunch starts/lasts this off the plan
    "short_pauses_per_day": 1.0,  # unplanned pauses per window per day (mean)
    "short_pause_minutes": 8.0,
    "priority_share": 0.0,  # 绿色通道 tickets (needs tickets.mark_priority)
    "booked_share": 0.0,  # booked arrivals (needs tickets.book and tickets.check_in)
}
LOADS = {"normal": 1.0, "busy": 2.0}
NUMBER_KEYS = ("sigma", "no_show_rate", "no_show_wait_minutes", "transfer_rate",
               "take_when_not_today", "late_open_minutes", "short_pauses_per_day",
               "short_pause_minutes", "priority_share", "booked_share")
SHARE_KEYS = ("no_show_rate", "transfer_rate", "take_when_not_today", "priority_share",
              "booked_share")


class ProfileError(ValueError):
    """A profile file that cannot be used; the message names the file and the key."""


def load_profile(path: Path | None) -> dict:
    """DEFAULT_PROFILE with the file's keys over it; ProfileError when it does not parse."""
    profile = json.loads(json.dumps(DEFAULT_PROFILE))  # a deep copy
    if path is None:
        return _normalised(profile)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as err:
        raise ProfileError(f"{path}: cannot read it ({err.strerror})") from None
    try:
        given = json.loads(text) if str(path).endswith(".json") else yaml.safe_load(text)
    except (json.JSONDecodeError, yaml.YAMLError) as err:
        raise ProfileError(f"{path}: not valid {'JSON' if str(path).endswith('.json') else 'YAML'}"
                           f": {str(err).splitlines()[0]}") from None
    if not isinstance(given, dict):
        raise ProfileError(f"{path}: expected a mapping of profile keys at the top")
    unknown = sorted(set(map(str, given)) - set(DEFAULT_PROFILE))
    if unknown:
        raise ProfileError(f"{path}: unknown key(s) {', '.join(unknown)}; known: "
                           f"{', '.join(DEFAULT_PROFILE)}")
    profile.update(given)
    try:
        return _normalised(profile)
    except ProfileError as err:
        raise ProfileError(f"{path}: {err}") from None


def _normalised(profile: dict) -> dict:
    for key in NUMBER_KEYS:
        value = profile[key]
        if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
            raise ProfileError(f"{key} must be a number ≥ 0, got {value!r}")
        if key in SHARE_KEYS and value > 1:
            raise ProfileError(f"{key} must be a share from 0 to 1, got {value!r}")
    for key in ("arrivals", "service_minutes", "service_overrides"):
        profile[key] = _numbers(profile[key], key, str)
    profile["hourly"] = _numbers(profile["hourly"], "hourly", _hour)
    for key in ("service_spread", "lunch_jitter_minutes"):
        pair = profile[key]
        if not (isinstance(pair, list) and len(pair) == 2
                and all(isinstance(v, int | float) and not isinstance(v, bool) for v in pair)
                and pair[0] <= pair[1]):
            raise ProfileError(f"{key} must be [low, high] numbers, low ≤ high; got {pair!r}")
    return profile


def _numbers(mapping, key: str, key_type) -> dict:
    if not isinstance(mapping, dict):
        raise ProfileError(f"{key} must be a mapping, got {type(mapping).__name__}")
    out = {}
    for k, v in mapping.items():
        if isinstance(v, bool) or not isinstance(v, int | float) or v < 0:
            raise ProfileError(f"{key}.{k} must be a number ≥ 0, got {v!r}")
        out[key_type(k)] = float(v)
    return out


def _hour(value) -> int:
    try:
        hour = int(value)
    except (TypeError, ValueError):
        raise ProfileError(f"hourly keys are hours 0-23, got {value!r}") from None
    if not 0 <= hour <= 23:
        raise ProfileError(f"hourly keys are hours 0-23, got {value!r}")
    return hour


def check_against(profile: dict, catalog) -> None:
    """Refuse a profile naming posts or services the hall does not have."""
    posts = {p.id for p in catalog.posts}
    services = {s.id for s in catalog.services}
    for key in ("arrivals", "service_minutes"):
        unknown = sorted(set(profile[key]) - posts)
        if unknown:
            raise ProfileError(f"{key} names no post of the hall: {', '.join(unknown)}")
    unknown = sorted(set(profile["service_overrides"]) - services)
    if unknown:
        raise ProfileError(f"service_overrides names no service: {', '.join(unknown)}")


# ---- the hall, built as create_app builds it, without Flask ----

def build_hall(database_url: str, clock: FixedClock, settings: HallSettings) -> Hall:
    upgrade(database_url)
    catalog = load_catalog(default_catalog_path())
    database = Database.connect(database_url)
    return Hall(catalog=catalog, search=SearchIndex(catalog), clock=clock, database=database,
                bus=EventBus(), printer=PrinterLink(MemoryDevice()),
                rules=RulesProvider(database, settings))


@dataclass
class Issued:
    """One ticket: its estimate at issue (instant or "not today"), the naive one, its call."""

    ticket_id: int
    post_id: str
    issued_at: datetime
    kind: str
    estimate_at: datetime | None
    naive_at: datetime | None
    low_at: datetime | None = None  # the range the visitor was shown
    high_at: datetime | None = None
    called_at: datetime | None = None


@dataclass
class Window:
    number: int
    post_id: str
    opens_at: datetime
    closes_at: datetime
    lunch: tuple[datetime, timedelta] | None
    pauses: list[tuple[datetime, timedelta]] = field(default_factory=list)
    state: str = "off"  # off, idle, busy, paused, closed


class Hooks:
    """Where bookings and 绿色通道 join the day. Until `tickets.book`/`check_in` and
    `tickets.mark_priority` land (issue 15, parts 1-2) a profile asking for them is refused;
    then `extra_arrivals` adds booked visitors and `after_issue` marks priority tickets."""

    def __init__(self, profile: dict, rng: random.Random) -> None:
        self.priority_share, self.booked_share = profile["priority_share"], profile["booked_share"]
        self.rng = rng
        missing = []
        if self.priority_share and not hasattr(tickets, "mark_priority"):
            missing.append("priority_share needs tickets.mark_priority")
        if self.booked_share and not (hasattr(tickets, "book") and hasattr(tickets, "check_in")):
            missing.append("booked_share needs tickets.book and tickets.check_in")
        if missing:
            raise ProfileError("; ".join(missing) + " (issue 15 parts 1-2, not on this branch)")

    def after_issue(self, uow, ticket: Ticket) -> None:
        if self.priority_share and self.rng.random() < self.priority_share:
            tickets.mark_priority(uow, ticket.id, reason="simulated", actor="sim")


class OutlookSeen:
    """Keeps the last `Outlook` that `tickets.route_for` computed, so the simulator records
    the very estimate `issue_ticket` decided instead of computing it a second time. Wraps
    `tickets.post_outlook` while the day runs (a bench-only observer; it changes nothing)."""

    def __init__(self) -> None:
        self.last: Outlook | None = None
        self._real = None

    def __enter__(self) -> Self:
        self._real = real = tickets.post_outlook

        def observed(*args, **kwargs) -> Outlook:
            self.last = real(*args, **kwargs)
            return self.last

        tickets.post_outlook = observed
        return self

    def __exit__(self, *_exc) -> None:
        tickets.post_outlook = self._real


class Day:
    """One simulated day: a heap of timed actions, each run at its instant on the clock."""

    def __init__(self, hall: Hall, clock: FixedClock, profile: dict, load: float,
                 day: date, seed: int) -> None:
        self.hall, self.clock, self.profile, self.day = hall, clock, profile, day
        self.rng = random.Random(seed)
        self.load = load
        self.hooks = Hooks(profile, self.rng)
        self.means = service_means(hall.catalog, profile)
        self.heap: list = []
        self.order = itertools.count()
        self.issued: dict[int, Issued] = {}
        self.refused: Counter = Counter()
        self.windows: dict[int, Window] = {}
        self.current: dict[int, int] = {}  # window → ticket id
        self.counts: Counter = Counter()
        self.calendar = None
        self.seen = OutlookSeen()

    def at(self, when: datetime, action, *args) -> None:
        heapq.heappush(self.heap, (when, next(self.order), action, args))

    def run(self) -> None:
        self._plan_windows()
        self._plan_arrivals()
        with self.seen:
            while self.heap:
                when, _, action, args = heapq.heappop(self.heap)
                self.clock.set(when)
                action(*args)
        self._read_calls()

    # -- planning --

    def _plan_windows(self) -> None:
        catalog, settings = self.hall.catalog, self.hall.settings
        days = Workdays()
        start = datetime.combine(self.day, time(0), HALL_TZ)
        low, high = self.profile["lunch_jitter_minutes"]
        for post in catalog.posts:
            for place, number in enumerate(post.windows):
                opens = next_opening_at(post.hours, start, days)
                if opens is None or opens.date() != self.day:
                    continue
                closes = closing_at(post.hours, opens, days)
                lunch = None
                if settings.lunch_at is not None:
                    planned = datetime.combine(self.day, settings.lunch_at, HALL_TZ) + \
                        place * timedelta(minutes=settings.lunch_minutes)
                    if opens < planned < closes:
                        lunch = (planned + timedelta(minutes=self.rng.uniform(low, high)),
                                 timedelta(minutes=settings.lunch_minutes
                                           + self.rng.uniform(low, high)))
                window = Window(number, post.id, opens, closes, lunch)
                for _ in range(_poisson(self.rng, self.profile["short_pauses_per_day"])):
                    when = opens + (closes - opens) * self.rng.random()
                    length = self.rng.expovariate(1 / self.profile["short_pause_minutes"])
                    window.pauses.append((when, timedelta(minutes=max(length, 1))))
                window.pauses.sort()
                self.windows[number] = window
                for when in [closes, *(p[0] for p in window.pauses)] + \
                        ([lunch[0]] if lunch else []):
                    self.at(when, self._nudge, number)  # an idle clerk pauses or closes too
                late = timedelta(minutes=self.rng.uniform(0, self.profile["late_open_minutes"]))
                self.at(opens + late, self._open, number)

    def _plan_arrivals(self) -> None:
        catalog, days = self.hall.catalog, Workdays()
        hourly = self.profile["hourly"]
        total_weight = sum(hourly.values()) or 1.0
        for post_id, per_day in self.profile["arrivals"].items():
            post = catalog.post(post_id)
            services = catalog.services_of(post.id)
            if not services:
                continue
            for hour, weight in sorted(hourly.items()):
                rate = per_day * self.load * weight / total_weight
                for _ in range(_poisson(self.rng, rate)):
                    when = datetime.combine(self.day, time(hour), HALL_TZ) + \
                        timedelta(seconds=self.rng.uniform(0, 3600))
                    if is_open_at(post.hours, when, days):  # visitors come in the hours
                        self.at(when, self._arrive, self.rng.choice(services).id)

    # -- visitors --

    def _arrive(self, service_id: str) -> None:
        """A visitor reads the kiosk and takes a ticket. The estimate recorded is the one
        `issue_ticket` decided (`OutlookSeen`): what the kiosk showed before the tap, at the
        same instant with the same queue ahead. A visitor told "今日可能办不完" who does not
        want the ticket gives it back at once."""
        hall = self.hall
        with hall.unit_of_work() as uow:
            try:
                ticket = tickets.issue_ticket(uow, service_id, kiosk="sim", print_ticket=False)
            except IssueRefused as refused:
                self.refused[refused.details.get("verdict", "refused")] += 1
                return
            post = hall.catalog.post(ticket.post_id)
            ahead = ticket.people_ahead_at_issue
            wait = self.seen.last.estimate(ahead)
            if wait.past_closing and self.rng.random() >= self.profile["take_when_not_today"]:
                tickets.cancel(uow, ticket.id, actor="sim")
                self.refused["went_away_not_today"] += 1
                return
            calendar = self.calendar or calendar_at(uow.session, hall.catalog, at=uow.now)
            self.calendar = calendar  # the day has no overrides: read it once
            state = post_state(hall.catalog, post.id, at=uow.now, days=calendar.workdays,
                               overrides_of=calendar.of, cutoff=hall.settings.cutoff)
            naive = naive_estimate(uow.session, post, state, ahead, at=uow.now,
                                   settings=hall.settings)
            self.hooks.after_issue(uow, ticket)
            self.issued[ticket.id] = Issued(ticket.id, post.id, uow.now, wait.kind,
                                            wait.called_at, naive, wait.low_at, wait.high_at)
        self._wake(post.id)

    # -- clerks --

    def _act(self, action, *args, **kwargs):
        with self.hall.unit_of_work() as uow:
            return action(uow, *args, **kwargs)

    def _open(self, number: int) -> None:
        self._act(windows.open_window, number, clerk=f"clerk{number}")
        self.windows[number].state = "idle"
        self._call(number)

    def _nudge(self, number: int) -> None:
        if self.windows[number].state == "idle":
            self._call(number)

    def _call(self, number: int) -> None:
        window, now = self.windows[number], self.clock.now()
        if now >= window.closes_at:
            self._act(windows.close_window, number, actor="sim")
            window.state = "closed"
            return
        if window.lunch is not None and now >= window.lunch[0]:
            self._pause(number, window.lunch[1])
            window.lunch = None
            return
        if window.pauses and now >= window.pauses[0][0]:
            self._pause(number, window.pauses.pop(0)[1])
            return
        called = self._act(_call_next_id, number)
        if called is None:
            window.state = "idle"
            return
        ticket, service_id = called
        window.state, self.current[number] = "busy", ticket
        if self.rng.random() < self.profile["no_show_rate"]:
            wait = timedelta(minutes=self.profile["no_show_wait_minutes"])
            self.at(now + wait, self._no_show, number)
            return
        mean, sigma = self.means[service_id], self.profile["sigma"]
        minutes = self.rng.lognormvariate(math.log(mean) - sigma ** 2 / 2, sigma)
        self.at(now + timedelta(minutes=max(minutes, 0.5)), self._finish, number)

    def _no_show(self, number: int) -> None:
        self._act(tickets.mark_no_show, number, actor="sim")
        self.counts["no_show"] += 1
        self._call(number)

    def _finish(self, number: int) -> None:
        target = None
        if self.rng.random() < self.profile["transfer_rate"]:
            target = self._transfer_target(self.windows[number].post_id)
        if target is not None:
            self._act(tickets.transfer, number, target, actor="sim")
            self.counts["transfer"] += 1
            self._wake(self.hall.catalog.service(target).post_id)
        else:
            self._act(tickets.finish, number, actor="sim")
            self.counts["done"] += 1
        self._call(number)

    def _transfer_target(self, from_post: str) -> str | None:
        """A service of another post with a clerk at a window now."""
        open_posts = {w.post_id for w in self.windows.values()
                      if w.state in ("idle", "busy") and w.post_id != from_post}
        if not open_posts:
            return None
        post_id = self.rng.choice(sorted(open_posts))
        return self.rng.choice(self.hall.catalog.services_of(post_id)).id

    def _wake(self, post_id: str) -> None:
        for number in self.hall.catalog.post(post_id).windows:
            if self.windows.get(number) and self.windows[number].state == "idle":
                self._call(number)

    def _pause(self, number: int, length: timedelta) -> None:
        self._act(windows.pause_window, number, actor="sim", reason="sim")
        self.windows[number].state = "paused"
        self.at(self.clock.now() + length, self._resume, number)

    def _resume(self, number: int) -> None:
        self._act(windows.resume_window, number, actor="sim")
        self.windows[number].state = "idle"
        self._call(number)

    def _read_calls(self) -> None:
        with self.hall.reading() as session:
            rows = session.execute(
                Ticket.__table__.select().with_only_columns(
                    Ticket.id, Ticket.first_called_at, Ticket.state)).all()
        for ticket_id, first_called_at, state in rows:
            if ticket_id in self.issued:
                self.issued[ticket_id].called_at = first_called_at
                self.counts[f"end_{TicketState(state).value}"] += 1


def _call_next_id(uow, number: int) -> tuple[int, str] | None:
    ticket = tickets.call_next(uow, number, actor="sim")
    return None if ticket is None else (ticket.id, ticket.service_id)


def _poisson(rng: random.Random, mean: float) -> int:
    """A Poisson count (Knuth's method; the means here are small)."""
    if mean <= 0:
        return 0
    if mean > 50:
        return max(0, round(rng.gauss(mean, math.sqrt(mean))))
    limit, k, p = math.exp(-mean), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def service_means(catalog, profile: dict) -> dict[str, float]:
    """Each service's mean minutes: its post's, times a factor fixed for the hall (the same
    on every run and load), unless the profile names the service."""
    rng = random.Random("service-means")
    low, high = profile["service_spread"]
    means = {}
    for post in catalog.posts:
        base = profile["service_minutes"].get(post.id, 5.0)
        for service in catalog.services_of(post.id):
            means[service.id] = profile["service_overrides"].get(
                service.id, base * rng.uniform(low, high))
    return {s: max(m, 0.5) for s, m in means.items()}


def write_history(hall: Hall, profile: dict, day: date, days: int, seed: int) -> int:
    """Finished tickets of `days` past workdays, with service times drawn as the day draws
    them: what a hall that has run a while knows. Bulk rows, not the service functions."""
    if days <= 0:
        return 0
    rng, means = random.Random(f"history-{seed}"), service_means(hall.catalog, profile)
    rows, ticket_id = [], 0
    for back in range(1, days + 1):
        past = day - timedelta(days=back)
        for post_id, per_day in profile["arrivals"].items():
            services = hall.catalog.services_of(post_id)
            for seq in range(1, int(per_day) + 1):
                service = rng.choice(services)
                ticket_id += 1
                issued = datetime.combine(past, time(10), HALL_TZ)
                mean, sigma = means[service.id], profile["sigma"]
                minutes = rng.lognormvariate(math.log(mean) - sigma ** 2 / 2, sigma)
                prefix = hall.catalog.post(post_id).prefix
                rows.append({
                    "token": f"hist{ticket_id:012d}", "service_day": past, "prefix": prefix,
                    "seq": seq, "number": f"{prefix}{seq:03d}", "issued_post_id": post_id,
                    "post_id": post_id, "service_id": service.id, "state": TicketState.DONE,
                    "kiosk": "history", "issued_at": issued, "people_ahead_at_issue": 0,
                    "wait_minutes_at_issue": 0, "priority": 0, "queue_key": 0,
                    "service_ms": round(minutes * 60_000), "called_at": issued,
                    "ended_at": issued + timedelta(minutes=minutes), "recall_count": 0,
                    "transfer_count": 0})
    with hall.database.engine.begin() as connection:
        connection.execute(Ticket.__table__.insert(), rows)
    return len(rows)


# ---- the figures ----

def within(estimate_at: datetime | None, called_at: datetime | None, issued_at: datetime,
           *, not_today: bool = False) -> bool:
    """±20% of the estimated wait or ±3 minutes, whichever is larger; "not today" is right
    when the ticket was not called."""
    if not_today or estimate_at is None:
        return not_today and called_at is None
    if called_at is None:
        return False
    estimated = max((estimate_at - issued_at).total_seconds() / 60, 0)
    real = (called_at - issued_at).total_seconds() / 60
    return abs(real - estimated) <= max(0.2 * estimated, 3.0)


def figures(issued: list[Issued]) -> dict:
    n = len(issued)
    ours = sum(within(t.estimate_at, t.called_at, t.issued_at,
                      not_today=t.kind == "not_today") for t in issued)
    naive = sum(within(t.naive_at, t.called_at, t.issued_at) for t in issued)

    def mae(pick) -> float | None:
        errors = [abs((pick(t) - t.called_at).total_seconds() / 60) for t in issued
                  if t.called_at is not None and pick(t) is not None]
        return round(sum(errors) / len(errors), 2) if errors else None

    ranged = [t for t in issued if t.low_at is not None and t.called_at is not None]
    in_range = sum(t.low_at <= t.called_at <= t.high_at + timedelta(minutes=1) for t in ranged)
    return {"tickets": n, "within_share": round(ours / n, 4) if n else None,
            "in_range_share": round(in_range / len(ranged), 4) if ranged else None,
            "naive_within_share": round(naive / n, 4) if n else None,
            "mae_minutes": mae(lambda t: t.estimate_at),
            "naive_mae_minutes": mae(lambda t: t.naive_at),
            "called": sum(t.called_at is not None for t in issued),
            "told_not_today": sum(t.kind == "not_today" for t in issued)}


def run(*, load: str, seed: int, day: date, profile: dict, history_days: int = 5,
        until: time | None = None, out=print) -> dict:
    """Simulate the day and return its figures (also printed, the JSON last)."""
    started = wall.perf_counter()
    with tempfile.TemporaryDirectory(prefix="simday-") as tmp:
        clock = FixedClock(datetime.combine(day, time(7), HALL_TZ))
        hall = build_hall(f"sqlite:///{tmp}/hall.db", clock, HallSettings())
        history = write_history(hall, profile, day, history_days, seed)
        if until is not None:  # a short day: the tests' few seconds
            profile = {**profile, "hourly": {h: w for h, w in profile["hourly"].items()
                                             if h < until.hour}}
        sim = Day(hall, clock, profile, LOADS[load], day, seed)
        sim.run()
        hall.database.engine.dispose()
    issued = list(sim.issued.values())
    result = {"load": load, "seed": seed, "day": day.isoformat(), **figures(issued),
              "refused": dict(sim.refused), "history_tickets": history,
              "outcomes": dict(sim.counts), "seconds": round(wall.perf_counter() - started, 1)}
    _report(issued, result, out)
    out(json.dumps(result, ensure_ascii=False))
    return result


def _report(issued: list[Issued], result: dict, out) -> None:
    out(f"{result['day']} load={result['load']} seed={result['seed']}: "
        f"{result['tickets']} tickets, {result['called']} called, "
        f"{result['told_not_today']} told 今日可能办不完, refused {result['refused']}")
    out(f"  estimate: {_pct(result['within_share'])} within ±20%/±3 min, "
        f"mean absolute error {result['mae_minutes']} min; "
        f"{_pct(result['in_range_share'])} called within the range shown")
    out(f"  naive:    {_pct(result['naive_within_share'])} within ±20%/±3 min, "
        f"mean absolute error {result['naive_mae_minutes']} min")
    by_post: dict[str, list[Issued]] = defaultdict(list)
    for t in issued:
        by_post[t.post_id].append(t)
    out("  per post (tickets, estimate within, naive within):")
    for post_id, its in sorted(by_post.items()):
        f = figures(its)
        out(f"    {post_id:10} {f['tickets']:4}  {_pct(f['within_share'])}  "
            f"{_pct(f['naive_within_share'])}")


def _pct(share: float | None) -> str:
    return "  -  " if share is None else f"{share * 100:5.1f}%"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--load", choices=sorted(LOADS), default="normal")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--day", default=DEFAULT_DAY, help="YYYY-MM-DD (a workday)")
    parser.add_argument("--profile", type=Path, help="YAML or JSON overriding the profile")
    parser.add_argument("--history-days", type=int, default=5,
                        help="past days of service times written first (0: a first day)")
    parser.add_argument("--until", help="HH:MM: arrivals stop at this hour (a short day)")
    args = parser.parse_args(argv)
    try:
        day = date.fromisoformat(args.day)
        until = time.fromisoformat(args.until) if args.until else None
    except ValueError as err:
        print(f"simulate_day: {err}", file=sys.stderr)
        return 2
    try:
        profile = load_profile(args.profile)
        check_against(profile, load_catalog(default_catalog_path()))
        Hooks(profile, random.Random(0))  # refuse what this branch cannot simulate, early
    except ProfileError as err:
        print(f"simulate_day: profile refused: {err}", file=sys.stderr)
        return 2
    try:
        run(load=args.load, seed=args.seed, day=day, profile=profile,
            history_days=args.history_days, until=until)
    except ProfileError as err:
        print(f"simulate_day: profile refused: {err}", file=sys.stderr)
        return 2
    except HallError as err:
        print(f"simulate_day: the hall refused an action: {err}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
