"""Simulate a working day of the BUCT hall through the real service functions, and check the
estimate every ticket was given at issue against the wait it really had. Run by hand; CI
runs only a short day of it (tests/integration/test_simulate_day.py).

    .venv/bin/python bench/simulate_day.py --load normal|busy --seed N [--day YYYY-MM-DD]
                                           [--profile FILE] [--history-days 5] [--oracle]
                                           [--no-lunch-after-greens]

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

`--oracle` gives the estimator the simulator's true mean time at the window of every
service (its drawn mean, with the no-shows' share at `no_show_wait_minutes`) instead of what
it learns from past days and the day so far (`queues.service_times`); everything else is
unchanged. It measures the ceiling: how close an estimate at issue gets when only the
spread of each service time is left unknown.

A profile FILE (YAML or JSON) overrides any of `DEFAULT_PROFILE`'s keys; one that does not
parse or names an unknown key is refused (exit code 2) before anything runs.

Bookings and 绿色通道 (`Hooks`; off by default, `--booked-share` / `--priority-share` or the
profile turn them on). Bookings: an admin publishes the sessions of by-notice posts
(`sessions`, 7号), `booked_demand` visitors a day want each post's booked service, and
`booked_share` of them book a slot with `bookings.book` (the rest walk in); on the day they
arrive as `booked_arrival` says (on time, early, late, never) and check in with
`bookings.check_in`. 绿色通道: `priority_share` of walk-ins are marked with
`priority.mark_priority` by a clerk of their post a few minutes after issue. The day is then
run twice, with and without the marks (everything else the same: each visitor draws from
their own random stream), and each regular ticket's extra wait is compared with the
fairness bound (`HallSettings.priority_max_delay`). Clerks go to lunch when their page says
(`lunch_view`: later after 绿色通道 calls under the hall's rule `lunch_after_greens`;
`--no-lunch-after-greens` turns the rule off).
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
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Self

import yaml
from sqlalchemy import select

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a file: the app sits at the root

from catalog.hours import HALL_TZ, closing_at, is_open_at, next_opening_at
from catalog.loader import default_catalog_path, load_catalog
from catalog.search import SearchIndex
from catalog.workdays import Workdays
from printer.devices import MemoryDevice
from queue_server import bookings, overrides, priority, queues, tickets, windows
from queue_server.clock import FixedClock
from queue_server.db import Database
from queue_server.errors import HallError, IssueRefused, TransferRefused
from queue_server.estimator import ServiceTimes
from queue_server.events import EventBus
from queue_server.hall import Hall
from queue_server.migrate import upgrade
from queue_server.models import Booking, BookingState, Ticket, TicketState
from queue_server.overrides import calendar_at
from queue_server.printer_link import PrinterLink
from queue_server.queues import Outlook, naive_estimate
from queue_server.router import post_state
from queue_server.rules import RulesProvider
from queue_server.screens.clerk import lunch_view
from queue_server.settings import HallSettings
from queue_server.slots import default_offers, offers, slots_on

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
    "priority_share": 0.0,  # walk-ins a clerk marks 绿色通道 (0: none, one run)
    "priority_mark_minutes": [0.2, 1.5],  # how soon after issue the clerk marks it
    "booked_share": 0.0,  # of `booked_demand`, the share who book a slot (0: no bookings)
    # visitors a normal day wanting a post's booked service beyond `arrivals` (7号, open
    # only in its sessions, has none there); `booked_share` of them and of the `arrivals`
    # for a booked service (学业发展咨询 at 1号) book a slot, the others walk in
    "booked_demand": {"w7": 8},
    # sessions an admin publishes for by-notice posts on the day ("HH:MM" from, to)
    "sessions": {"w7": ["14:00", "17:00"]},
    # how booked visitors come: shares summing to 1 (on time: 0-5 min before the slot;
    # early: 10-40 min before; late: 1-30 min after; never: a no-show)
    "booked_arrival": {"on_time": 0.75, "early": 0.08, "late": 0.09, "never": 0.08},
}
LOADS = {"normal": 1.0, "busy": 2.0}
NUMBER_KEYS = ("sigma", "no_show_rate", "no_show_wait_minutes", "transfer_rate",
               "take_when_not_today", "late_open_minutes", "short_pauses_per_day",
               "short_pause_minutes", "priority_share", "booked_share")
ARRIVAL_KINDS = ("on_time", "early", "late", "never")
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
    profile["booked_demand"] = _numbers(profile["booked_demand"], "booked_demand", str)
    profile["sessions"] = _sessions(profile["sessions"])
    profile["booked_arrival"] = _arrival_shares(profile["booked_arrival"])
    for key in ("service_spread", "lunch_jitter_minutes", "priority_mark_minutes"):
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


def _sessions(mapping) -> dict[str, tuple[time, time]]:
    """{post: ["HH:MM", "HH:MM"]}: one published session a post on the day."""
    if not isinstance(mapping, dict):
        raise ProfileError(f"sessions must be a mapping, got {type(mapping).__name__}")
    out = {}
    for post_id, span in mapping.items():
        try:
            start, end = (time.fromisoformat(str(v)) for v in span)
        except (TypeError, ValueError):
            raise ProfileError(f"sessions.{post_id} must be [\"HH:MM\", \"HH:MM\"], "
                               f"got {span!r}") from None
        if not start < end:
            raise ProfileError(f"sessions.{post_id} must end after it starts, got {span!r}")
        out[str(post_id)] = (start, end)
    return out


def _arrival_shares(mapping) -> dict[str, float]:
    shares = _numbers(mapping, "booked_arrival", str)
    unknown = sorted(set(shares) - set(ARRIVAL_KINDS))
    if unknown:
        raise ProfileError(f"booked_arrival: unknown kind(s) {', '.join(unknown)}; known: "
                           f"{', '.join(ARRIVAL_KINDS)}")
    if abs(sum(shares.values()) - 1) > 1e-6:
        raise ProfileError(f"booked_arrival shares must sum to 1, got {sum(shares.values()):g}")
    return {kind: shares.get(kind, 0.0) for kind in ARRIVAL_KINDS}


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
    for key in ("booked_demand", "sessions"):
        unknown = sorted(set(profile[key]) - posts)
        if unknown:
            raise ProfileError(f"{key} names no post of the hall: {', '.join(unknown)}")
    booked_posts = {offer.post_id for offer in default_offers(catalog).values()}
    unknown = sorted(set(profile["booked_demand"]) - booked_posts)
    if unknown:
        raise ProfileError(f"booked_demand names a post without a booked service: "
                           f"{', '.join(unknown)}")


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
    visitor: int = 0  # the same visitor on the day with and without 绿色通道 marks
    green: bool = False


@dataclass
class Booked:
    """One booked visitor: their slot, how they came (`booked_arrival`), their ticket."""

    visitor: int
    code: str
    post_id: str
    slot_at: datetime
    kind: str  # on_time, early, late, never
    arrive_at: datetime | None
    ticket_id: int | None = None
    late_walk_in: bool = False  # more than `booking_late` late: a walk-in's ticket
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
    breaks: list[datetime] = field(default_factory=list)  # when lunch and pauses were to start


class Hooks:
    """Where bookings and 绿色通道 join the day, each on random streams of its own (the
    day's arrivals, clerks and service times are the same with or without them).

    `plan` (before the day runs): an admin publishes the by-notice posts' sessions, booked
    visitors book their slots and their arrivals are planned, the other visitors of the
    booked services walk in. `after_issue`: a walk-in to be marked 绿色通道 gets its mark
    planned a few minutes later (the draws are made whether `marks` is on or not)."""

    def __init__(self, profile: dict, seed: int, *, marks: bool = True) -> None:
        self.profile, self.seed = profile, seed
        self.priority_share = profile["priority_share"] if marks else 0.0
        self.booked_share = profile["booked_share"]
        self.booked: list[Booked] = []
        self.marked: set[int] = set()
        self.counts: Counter = Counter()

    # -- bookings --

    def plan(self, day: Day) -> None:
        if not self.booked_share:
            return
        rng, profile, hall = random.Random(f"bookings-{self.seed}"), self.profile, day.hall
        with hall.unit_of_work() as uow:  # the admin, before the day: 7号's sessions
            for post_id, (start, end) in sorted(profile["sessions"].items()):
                for number in hall.catalog.post(post_id).windows:
                    overrides.add_override(
                        uow, kind="opening", window_no=number,
                        start_at=datetime.combine(day.day, start, HALL_TZ),
                        end_at=datetime.combine(day.day, end, HALL_TZ),
                        reason="专家咨询（北化法援公众号通知）", actor="admin")
        for post_id, (start, end) in sorted(profile["sessions"].items()):
            for number in hall.catalog.post(post_id).windows:
                if number not in day.windows:
                    day.plan_window(number, post_id, datetime.combine(day.day, start, HALL_TZ),
                                    datetime.combine(day.day, end, HALL_TZ), rng)
        with hall.reading() as session:
            offered = {o.post_id: o for o in offers(session, hall.catalog).values()
                       if o.enabled}
        by_service = {o.service_id: o for o in offered.values()}
        gone = set()  # the walk-ins planned for a booked service: `booked_share` book instead
        for when, order, action, args in sorted(day.heap):
            offer = by_service.get(args[0]) if action == day.arrive else None
            if offer is not None and self._book(day, args[1], offer, when):
                gone.add(order)
        day.heap[:] = [entry for entry in day.heap if entry[1] not in gone]
        heapq.heapify(day.heap)
        for post_id, per_day in sorted(profile["booked_demand"].items()):  # 7号: no walk-ins
            offer = offered.get(post_id)  # in the profile, its visitors come here
            if offer is None:
                continue
            with hall.reading() as session:
                slots = slots_on(session, hall.catalog, offer, day.day)
            if not slots:
                continue
            first, last = slots[0].start_at, slots[-1].end_at
            for _ in range(_poisson(rng, per_day * day.load)):
                wanted, visitor = first + (last - first) * rng.random(), next(day.visitors)
                if not self._book(day, visitor, offer, wanted):
                    day.at(wanted, day.arrive, offer.service_id, visitor)  # walks in instead

    def _book(self, day: Day, visitor: int, offer, wanted: datetime) -> bool:
        """With `booked_share`, the visitor who would come at `wanted` books the slot holding
        it instead (or the next free one, else the last free one) and comes as
        `booked_arrival` says; False: they walk in."""
        rng = random.Random(f"booking-{self.seed}-{visitor}")
        if rng.random() >= self.booked_share:
            return False
        kinds, weights = zip(*self.profile["booked_arrival"].items(), strict=True)
        kind = rng.choices(kinds, weights)[0]
        early = {"on_time": rng.uniform(0, 5), "early": rng.uniform(10, 40),
                 "late": -rng.uniform(1, 30), "never": 0.0}[kind]
        with day.hall.reading() as session:
            slots = [s for s in slots_on(session, day.hall.catalog, offer, day.day) if s.free]
        if not slots:
            self.counts["booking_full"] += 1
            return False
        later = [s for s in slots if s.end_at > wanted]
        slot = later[0] if later else slots[-1]
        with day.hall.unit_of_work() as uow:
            booking = bookings.book(uow, offer.service_id, slot.start_at, name="模拟访客",
                                    contact="13800000000", actor="sim")
            code = booking.code
        arrive_at = None if kind == "never" else slot.start_at - timedelta(minutes=early)
        booked = Booked(visitor, code, offer.post_id, slot.start_at, kind, arrive_at)
        self.booked.append(booked)
        if arrive_at is not None:
            day.at(arrive_at, self._check_in, day, booked)
        return True

    def _check_in(self, day: Day, booked: Booked) -> None:
        try:
            with day.hall.unit_of_work() as uow:
                booking, ticket = bookings.check_in(uow, booked.code, kiosk="sim",
                                                    print_ticket=False)
                booked.ticket_id, booked.late_walk_in = ticket.id, booking.late
        except HallError as err:  # e.g. so late that the post has closed: no ticket
            self.counts[f"check_in_refused_{err.code}"] += 1
            return
        if not booked.late_walk_in and booked.slot_at > day.clock.now():
            day.at(booked.slot_at, day.wake, booked.post_id)  # the clerk calls it at its slot
        day.fates[booked.ticket_id] = random.Random(f"visitor-{self.seed}-{booked.visitor}")
        day.wake(booked.post_id)

    # -- 绿色通道 --

    def after_issue(self, day: Day, ticket_id: int, post_id: str, visitor: int) -> None:
        if not self.profile["priority_share"]:
            return
        rng = random.Random(f"mark-{self.seed}-{visitor}")
        marked = rng.random() < self.profile["priority_share"]
        reason = rng.choice(("disability", "pregnancy", "graduation"))
        low, high = self.profile["priority_mark_minutes"]
        later = timedelta(minutes=rng.uniform(low, high))
        if marked and self.priority_share:
            day.at(day.clock.now() + later, self._mark, day, ticket_id, post_id, reason)

    def _mark(self, day: Day, ticket_id: int, post_id: str, reason: str) -> None:
        window_no = day.hall.catalog.post(post_id).windows[0]
        try:
            with day.hall.unit_of_work() as uow:
                priority.mark_priority(uow, ticket_id, reason=reason, actor=f"clerk{window_no}",
                                       window_no=window_no)
        except HallError as err:  # called, gone or transferred before the clerk got to it
            self.counts[f"mark_refused_{err.code}"] += 1
            return
        self.marked.add(ticket_id)


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


@dataclass(frozen=True)
class TrueServiceTimes(ServiceTimes):
    """`--oracle`: each service's true mean minutes at the window, no-shows included."""

    truth: Mapping[str, float] = field(default_factory=dict)

    def minutes(self, service_id: str) -> float:
        return self.truth.get(service_id) or super().minutes(service_id)


class Oracle:
    """While the day runs, `queues.service_times` answers with the true means
    (`TrueServiceTimes`) instead of the learned ones; a bench-only swap, off by default."""

    def __init__(self, truth: Mapping[str, float] | None) -> None:
        self.truth, self._real = truth, None

    def __enter__(self) -> Self:
        if self.truth is None:
            return self
        self._real = real = queues.service_times

        def told(*args, **kwargs) -> ServiceTimes:
            learned = real(*args, **kwargs)
            return TrueServiceTimes(learned.today, learned.past, learned.post_mean,
                                    learned.default, truth=self.truth)

        queues.service_times = told
        return self

    def __exit__(self, *_exc) -> None:
        if self._real is not None:
            queues.service_times = self._real


def true_means(catalog, profile: dict) -> dict[str, float]:
    """What a ticket of each service takes at the window on average: its drawn mean, or
    `no_show_wait_minutes` for the share who never come."""
    share, wait = profile["no_show_rate"], profile["no_show_wait_minutes"]
    return {service: (1 - share) * mean + share * wait
            for service, mean in service_means(catalog, profile).items()}


class Day:
    """One simulated day: a heap of timed actions, each run at its instant on the clock."""

    def __init__(self, hall: Hall, clock: FixedClock, profile: dict, load: float,
                 day: date, seed: int, *, marks: bool = True, oracle: bool = False) -> None:
        self.hall, self.clock, self.profile, self.day = hall, clock, profile, day
        self.rng = random.Random(seed)  # the plan: clerks' day, arrivals
        self.seed = seed
        self.load = load
        self.hooks = Hooks(profile, seed, marks=marks)
        self.visitors = itertools.count(1)
        self.fates: dict[int, random.Random] = {}  # ticket id → its visitor's own stream
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
        self.oracle = Oracle(true_means(hall.catalog, profile) if oracle else None)

    def at(self, when: datetime, action, *args) -> None:
        heapq.heappush(self.heap, (when, next(self.order), action, args))

    def run(self) -> None:
        self._plan_windows()
        self._plan_arrivals()
        self.hooks.plan(self)
        with self.seen, self.oracle:
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
                self.plan_window(number, post.id, opens, closes, self.rng, lunch)

    def plan_window(self, number: int, post_id: str, opens: datetime, closes: datetime,
                    rng: random.Random, lunch=None) -> None:
        window = Window(number, post_id, opens, closes, lunch)
        for _ in range(_poisson(rng, self.profile["short_pauses_per_day"])):
            when = opens + (closes - opens) * rng.random()
            length = rng.expovariate(1 / self.profile["short_pause_minutes"])
            window.pauses.append((when, timedelta(minutes=max(length, 1))))
        window.pauses.sort()
        window.breaks = sorted([p[0] for p in window.pauses] + ([lunch[0]] if lunch else []))
        self.windows[number] = window
        for when in [closes, *(p[0] for p in window.pauses)] + \
                ([lunch[0]] if lunch else []):
            self.at(when, self._nudge, number)  # an idle clerk pauses or closes too
        late = timedelta(minutes=rng.uniform(0, self.profile["late_open_minutes"]))
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
                        self.at(when, self.arrive, self.rng.choice(services).id,
                                next(self.visitors))

    # -- visitors --

    def arrive(self, service_id: str, visitor: int) -> None:
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
            fate = self.fates[ticket.id] = random.Random(f"visitor-{self.seed}-{visitor}")
            if wait.past_closing and fate.random() >= self.profile["take_when_not_today"]:
                tickets.cancel(uow, ticket.id, actor="sim")
                self.refused["went_away_not_today"] += 1
                return
            calendar = self.calendar or calendar_at(uow.session, hall.catalog, at=uow.now)
            self.calendar = calendar  # the day has no overrides: read it once
            state = post_state(hall.catalog, post.id, at=uow.now, days=calendar.workdays,
                               overrides_of=calendar.of, cutoff=hall.settings.cutoff)
            naive = naive_estimate(uow.session, post, state, ahead, at=uow.now,
                                   settings=hall.settings)
            self.issued[ticket.id] = Issued(ticket.id, post.id, uow.now, wait.kind,
                                            wait.called_at, naive, wait.low_at, wait.high_at,
                                            visitor=visitor)
        self.hooks.after_issue(self, ticket.id, post.id, visitor)
        self.wake(post.id)

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
        if window.lunch is not None and now >= window.lunch[0] + self._moved(window, now):
            self._pause(number, window.lunch[1])
            window.lunch = None
            return
        if window.pauses and now >= window.pauses[0][0]:
            self._pause(number, window.pauses.pop(0)[1])
            return
        called = self._act(_call_next_id, number)
        if called is None and window.lunch is not None and now >= window.lunch[0]:
            self._pause(number, window.lunch[1])  # lunch moved, but nobody waits: go now
            window.lunch = None
            return
        if called is None:
            window.state = "idle"
            return
        ticket, service_id = called
        window.state, self.current[number] = "busy", ticket
        fate = self._fate(ticket)
        if fate.random() < self.profile["no_show_rate"]:
            wait = timedelta(minutes=self.profile["no_show_wait_minutes"])
            self.at(now + wait, self._no_show, number)
            return
        mean, sigma = self.means[service_id], self.profile["sigma"]
        took = timedelta(minutes=max(fate.lognormvariate(math.log(mean) - sigma ** 2 / 2,
                                                         sigma), 0.5))
        self.at(now + took, self._finish, number)

    def _moved(self, window: Window, now: datetime) -> timedelta:
        """How much later than their own lunch time the clerk goes: what their page says its
        绿色通道 calls moved the lunch by (the hall's rule `lunch_after_greens`)."""
        if now < window.lunch[0] or not self.hall.settings.lunch_after_greens:
            return timedelta(0)
        with self.hall.reading() as session:
            shown = lunch_view(session, self.hall, window.post_id, window.number, at=now)
        return timedelta(minutes=shown["moved_minutes"] if shown else 0)

    def _fate(self, ticket_id: int) -> random.Random:
        """The visitor's own stream: what they do does not hang on who was called before."""
        if ticket_id not in self.fates:  # a booked visitor's ticket
            self.fates[ticket_id] = random.Random(f"ticket-{self.seed}-{ticket_id}")
        return self.fates[ticket_id]

    def _no_show(self, number: int) -> None:
        self._act(tickets.mark_no_show, number, actor="sim")
        self.counts["no_show"] += 1
        self._call(number)

    def _finish(self, number: int) -> None:
        target, fate = None, self._fate(self.current[number])
        if fate.random() < self.profile["transfer_rate"]:
            target = self._transfer_target(self.windows[number].post_id, fate)
        if target is not None:
            try:
                self._act(tickets.transfer, number, target, actor="sim")
            except TransferRefused:  # that post takes no more today (its cutoff): finish
                self.counts["transfer_refused"] += 1
                target = None
        if target is not None:
            self.counts["transfer"] += 1
            self.wake(self.hall.catalog.service(target).post_id)
        else:
            self._act(tickets.finish, number, actor="sim")
            self.counts["done"] += 1
        self._call(number)

    def _transfer_target(self, from_post: str, fate: random.Random) -> str | None:
        """A service of another post with a clerk at a window now."""
        open_posts = {w.post_id for w in self.windows.values()
                      if w.state in ("idle", "busy") and w.post_id != from_post}
        if not open_posts:
            return None
        post_id = fate.choice(sorted(open_posts))
        return fate.choice(self.hall.catalog.services_of(post_id)).id

    def wake(self, post_id: str) -> None:
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
            unused = set(session.scalars(select(Booking.code).where(
                Booking.state == BookingState.BOOKED)))
        booked = {b.ticket_id: b for b in self.hooks.booked if b.ticket_id is not None}
        for ticket_id, first_called_at, state in rows:
            if ticket_id in self.issued:
                self.issued[ticket_id].called_at = first_called_at
                self.issued[ticket_id].green = ticket_id in self.hooks.marked
                self.counts[f"end_{TicketState(state).value}"] += 1
            elif ticket_id in booked:
                booked[ticket_id].called_at = first_called_at
        self.unused_codes = unused


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


ON_TIME_CALL = timedelta(minutes=10)  # a booked visitor on time is called by slot + this


def booked_figures(booked: list[Booked], unused_codes: set[str]) -> dict:
    """Booked visitors who came by their slot's start (on time or early): the share called
    within 10 minutes of it; the late ones; the no-shows (codes never checked in)."""
    came = [b for b in booked if b.kind in ("on_time", "early")]
    good = [b for b in came if b.called_at is not None
            and b.called_at - b.slot_at <= ON_TIME_CALL]
    delays = [(b.called_at - b.slot_at).total_seconds() / 60 for b in came
              if b.called_at is not None]
    by_post = {post: f"{sum(1 for b in good if b.post_id == post)}/"
                     f"{sum(1 for b in came if b.post_id == post)}"
               for post in sorted({b.post_id for b in came})}
    return {"booked": len(booked), "booked_on_time": len(came),
            "booked_on_time_share": round(len(good) / len(came), 4) if came else None,
            "booked_on_time_by_post": by_post,
            "booked_worst_after_slot_minutes": round(max(delays), 1) if delays else None,
            "booked_late": sum(b.kind == "late" for b in booked),
            "booked_late_walk_in": sum(b.late_walk_in for b in booked),
            "booked_no_shows": sum(b.code in unused_codes for b in booked)}


def _waits(sim: Day) -> dict[int, tuple[str, datetime, datetime, bool]]:
    """visitor → (post, arrived, first called, 绿色通道) for every called ticket."""
    out = {t.visitor: (t.post_id, t.issued_at, t.called_at, t.green)
           for t in sim.issued.values() if t.called_at is not None}
    for b in sim.hooks.booked:
        if b.called_at is not None and b.arrive_at is not None:
            out[b.visitor] = (b.post_id, b.arrive_at, b.called_at, False)
    return out


def fairness_figures(without: Day, with_marks: Day, bound: timedelta) -> tuple[dict, list]:
    """Each regular visitor's extra wait (first call) on the day with 绿色通道 marks over the
    same day without them; the worst, and how many exceed the bound."""
    before, after = _waits(without), _waits(with_marks)
    greens = [(post, called) for post, _, called, green in after.values() if green]
    promised = {t.visitor: t.estimate_at for t in with_marks.issued.values()
                if t.estimate_at is not None}  # the estimate at issue (walk-ins)
    rows = []
    for visitor, (post, arrived, called, green) in after.items():
        if green or visitor not in before:
            continue
        extra = (called - arrived - (before[visitor][2] - before[visitor][1]))
        jumped = sum(1 for p, at in greens if p == post and arrived <= at < called)
        crossed = any(before[visitor][2] <= at < called for w in with_marks.windows.values()
                      if w.post_id == post for at in w.breaks)
        late = (called - promised[visitor]).total_seconds() / 60 if visitor in promised else 0
        rows.append((extra.total_seconds() / 60, visitor, post, jumped,
                     (before[visitor][2] - arrived).total_seconds() / 60,
                     (called - arrived).total_seconds() / 60, crossed, late))
    rows.sort(reverse=True)
    extras = [r[0] for r in rows]
    gained = [(before[v][2] - before[v][1] - (called - arrived)).total_seconds() / 60
              for v, (_, arrived, called, green) in after.items() if green and v in before]
    limit = bound.total_seconds() / 60
    n = len(extras)
    return {"priority_marked": len(with_marks.hooks.marked),
            "priority_marked_share": round(len(with_marks.hooks.marked)
                                           / max(len(with_marks.issued), 1), 4),
            "within_share_without_marks": figures(list(without.issued.values()))["within_share"],
            "priority_mark_refused": sum(v for k, v in with_marks.hooks.counts.items()
                                         if k.startswith("mark_refused")),
            "priority_regular_compared": n,
            "priority_bound_minutes": limit,
            "priority_worst_extra_minutes": round(extras[0], 1) if extras else None,
            "priority_p95_extra_minutes": round(sorted(extras)[int(0.95 * (n - 1))], 1)
            if extras else None,
            "priority_mean_extra_minutes": round(sum(extras) / n, 2) if extras else None,
            "priority_over_bound": sum(e > limit for e in extras),
            "priority_over_bound_jumped": sum(r[0] > limit and r[3] > 0 for r in rows),
            "priority_over_bound_past_a_break": sum(r[0] > limit and r[6] for r in rows),
            # the rule's own promise: no regular ticket called more than the bound past its
            # estimate because of 绿色通道 (extra wait and lateness both over the bound)
            "priority_over_bound_past_estimate": sum(r[0] > limit and r[7] > limit
                                                     for r in rows),
            "priority_called_only_once": len(set(before) ^ set(after)),
            # what the marked visitors gained: their wait without the mark less with it
            "priority_green_mean_gain_minutes": round(sum(gained) / len(gained), 1)
            if gained else None}, rows[:5]


def _simulate(tmp: str, *, load: str, seed: int, day: date, profile: dict, history_days: int,
              settings: HallSettings, marks: bool, name: str, oracle: bool = False
              ) -> tuple[Day, int]:
    clock = FixedClock(datetime.combine(day, time(7), HALL_TZ))
    hall = build_hall(f"sqlite:///{tmp}/{name}.db", clock, settings)
    history = write_history(hall, profile, day, history_days, seed)
    sim = Day(hall, clock, profile, LOADS[load], day, seed, marks=marks, oracle=oracle)
    sim.run()
    hall.database.engine.dispose()
    return sim, history


def run(*, load: str, seed: int, day: date, profile: dict, history_days: int = 5,
        until: time | None = None, settings: HallSettings | None = None,
        oracle: bool = False, out=print) -> dict:
    """Simulate the day under the hall's `settings` (default: the defaults) and return its
    figures (also printed, the JSON last). With `priority_share`, the day runs a second
    time without the marks, to compare. `oracle`: the estimator is told each service's
    true mean (`Oracle`)."""
    started = wall.perf_counter()
    if until is not None:  # a short day: the tests' few seconds
        profile = {**profile, "hourly": {h: w for h, w in profile["hourly"].items()
                                         if h < until.hour},
                   "sessions": {p: (a, min(b, until)) for p, (a, b) in profile["sessions"].items()
                                if a < until}}
    settings = settings or HallSettings()
    with tempfile.TemporaryDirectory(prefix="simday-") as tmp:
        kw = {"load": load, "seed": seed, "day": day, "profile": profile,
              "history_days": history_days, "settings": settings, "oracle": oracle}
        sim, history = _simulate(tmp, marks=True, name="hall", **kw)
        without = (_simulate(tmp, marks=False, name="without", **kw)[0]
                   if profile["priority_share"] else None)
    issued = list(sim.issued.values())
    result = {"load": load, "seed": seed, "day": day.isoformat(), "oracle": oracle,
              "sigma": profile["sigma"], **figures(issued),
              "refused": dict(sim.refused), "history_tickets": history,
              "outcomes": dict(sim.counts)}
    worst = []
    if profile["booked_share"]:
        result.update(booked_figures(sim.hooks.booked, sim.unused_codes))
    if without is not None:
        fair, worst = fairness_figures(without, sim, settings.priority_max_delay)
        result.update(fair)
    result["seconds"] = round(wall.perf_counter() - started, 1)
    _report(issued, result, out)
    _report_hooks(result, worst, settings, out)
    out(json.dumps(result, ensure_ascii=False))
    return result


def _report_hooks(result: dict, worst: list, settings: HallSettings, out) -> None:
    if "booked" in result:
        out(f"  bookings: {result['booked']} booked; {result['booked_on_time']} came by their "
            f"slot, {_pct(result['booked_on_time_share'])} called within 10 min of its start "
            f"(by post {result['booked_on_time_by_post']}; the latest "
            f"{result['booked_worst_after_slot_minutes']} min after); "
            f"{result['booked_late']} late ({result['booked_late_walk_in']} past "
            f"{settings.booking_late.total_seconds() / 60:g} min: walk-ins), "
            f"{result['booked_no_shows']} no-shows")
    if "priority_marked" in result:
        out(f"  绿色通道: {result['priority_marked']} marked "
            f"({_pct(result['priority_marked_share'])} of walk-in tickets; estimate within "
            f"{_pct(result['within_share_without_marks'])} on the day without marks) "
            f"({result['priority_mark_refused']} called before the clerk marked them); "
            f"K={settings.priority_every}, bound {result['priority_bound_minutes']:g} min; "
            f"a marked visitor waited {result['priority_green_mean_gain_minutes']} min less "
            f"on average")
        out(f"    regular visitors' extra wait over the same day without marks "
            f"({result['priority_regular_compared']} compared): worst "
            f"{result['priority_worst_extra_minutes']} min, 95th percentile "
            f"{result['priority_p95_extra_minutes']}, mean "
            f"{result['priority_mean_extra_minutes']}; over the bound: "
            f"{result['priority_over_bound']} ({result['priority_over_bound_jumped']} with a "
            f"绿色通道 call at their post while they waited, "
            f"{result['priority_over_bound_past_a_break']} pushed past the clerk's lunch or a "
            f"pause; {result['priority_over_bound_past_estimate']} also called more than the "
            f"bound past their estimate, the rule's own promise)")
        for extra, visitor, post, jumped, before, after, crossed, late in worst[:3]:
            out(f"    visitor {visitor} at {post}: waited {before:.1f} → {after:.1f} min "
                f"(+{extra:.1f}); {jumped} 绿色通道 call(s) at the post meanwhile; called "
                f"{late:+.1f} min from the estimate" + ("; pushed past a break" if crossed else ""))


def _report(issued: list[Issued], result: dict, out) -> None:
    out(f"{result['day']} load={result['load']} seed={result['seed']} "
        f"sigma={result['sigma']:g}: "
        f"{result['tickets']} tickets, {result['called']} called, "
        f"{result['told_not_today']} told 今日可能办不完, refused {result['refused']}")
    if result["oracle"]:
        out("  ORACLE: the estimator was given each service's TRUE mean time (--oracle), not "
            "the learned one; only the spread of service times is left unknown")
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
    parser.add_argument("--oracle", action="store_true",
                        help="give the estimator each service's true mean time (the ceiling)")
    parser.add_argument("--until", help="HH:MM: arrivals stop at this hour (a short day)")
    parser.add_argument("--priority-share", type=float,
                        help="share of walk-ins marked 绿色通道 (over the profile's)")
    parser.add_argument("--no-lunch-after-greens", action="store_true",
                        help="the hall's rule lunch_after_greens off: clerks lunch at their "
                             "time whatever 绿色通道 they called")
    parser.add_argument("--booked-share", type=float,
                        help="share of the booked services' visitors who book (over the "
                             "profile's)")
    args = parser.parse_args(argv)
    try:
        day = date.fromisoformat(args.day)
        until = time.fromisoformat(args.until) if args.until else None
    except ValueError as err:
        print(f"simulate_day: {err}", file=sys.stderr)
        return 2
    try:
        profile = load_profile(args.profile)
        for key in ("priority_share", "booked_share"):
            if getattr(args, key) is not None:
                profile = _normalised({**profile, key: getattr(args, key)})
        check_against(profile, load_catalog(default_catalog_path()))
    except ProfileError as err:
        print(f"simulate_day: profile refused: {err}", file=sys.stderr)
        return 2
    try:
        run(load=args.load, seed=args.seed, day=day, profile=profile,
            history_days=args.history_days, until=until, oracle=args.oracle,
            settings=HallSettings(lunch_after_greens=not args.no_lunch_after_greens))
    except ProfileError as err:
        print(f"simulate_day: profile refused: {err}", file=sys.stderr)
        return 2
    except HallError as err:
        print(f"simulate_day: the hall refused an action: {err}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
