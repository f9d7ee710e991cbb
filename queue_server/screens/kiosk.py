"""The kiosk's snapshot: whether each post takes tickets now and until when, who waits and
the estimate, and the printer's state. Language-neutral; the web layer words it."""

from __future__ import annotations

from datetime import datetime

from queue_server.hall import Hall
from queue_server.overrides import calendar_at
from queue_server.periods import period_view
from queue_server.queues import hall_today, post_outlook, waiting_by_post
from queue_server.router import post_state
from queue_server.screens.printer import printer_view
from queue_server.screens.ticket_view import iso


def kiosk_snapshot(session, hall: Hall, *, at: datetime) -> dict:
    """Every post's route now (verdict, opening, closing, cutoff, reason, waiting, estimate)
    and the printer, from a handful of queries. `estimated_wait_minutes` is None when it
    cannot be estimated; `estimate` says from when it counts and whether a clerk serves."""
    catalog, settings = hall.catalog, hall.settings
    calendar = calendar_at(session, catalog, at=at)
    waiting = waiting_by_post(session, at.date())
    today = hall_today(session, at=at)
    posts = {}
    for post in catalog.posts:
        state = post_state(catalog, post.id, at=at, days=calendar.workdays,
                           overrides_of=calendar.of, cutoff=settings.cutoff)
        ahead = waiting.get(post.id, 0)
        wait = post_outlook(session, post, state, at=at, settings=settings, calendar=calendar,
                            today=today, waiting=ahead).estimate(ahead)
        posts[post.id] = {
            "verdict": state.verdict.value, "can_issue": state.verdict.value == "open",
            "open_windows": list(state.open_windows), "opens_at": iso(state.opens_at),
            "closes_at": iso(state.closes_at), "cutoff_at": iso(state.cutoff_at),
            "reason": state.reason, "people_waiting": ahead,
            "estimated_wait_minutes": wait.minutes if settings.show_estimate else None,
            "estimate": wait.as_json(at, shown=settings.show_estimate),
            "wait_runs_past_closing": state.wait_runs_past_closing(at, wait.wait),
        }
    return {"at": at.isoformat(), "notice": calendar.notice, "posts": posts,
            "printer": printer_view(session, hall), **period_view(hall, calendar, at=at)}
