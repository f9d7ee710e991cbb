"""The supervisor's live view (staff only): every post's queue and longest wait, every
window's state with its clerk, the printer and the tickets it gave up, the last calls, and
the alerts.

Alerts derive from the rows, the printer's last known state and the clock. Time passes
without events, so an alert can start between them: the snapshot says when the next one
would (`next_change_at`), and the page asks for a fresh snapshot at that hall-clock instant.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select

from queue_server.hall import Hall
from queue_server.models import Ticket, TicketState
from queue_server.overrides import calendar_at
from queue_server.printer_link import PrinterState
from queue_server.screens.board import last_calls
from queue_server.screens.printer import printer_view, unprinted_tickets
from queue_server.screens.ticket_view import iso
from queue_server.screens.window_state import window_states

PRINTER_FAILING = ("offline", "out_of_paper")


def supervisor_snapshot(session, hall: Hall, *, at: datetime) -> dict:
    """The whole hall as the supervisor sees it now, with its alerts and when the next one
    would start."""
    catalog, settings = hall.catalog, hall.settings
    calendar = calendar_at(session, catalog, at=at)
    windows = window_states(session, hall, [w.number for w in catalog.windows], at=at,
                            calendar=calendar)
    queues = _waiting_by_post(session, at.date())
    serving = {}
    for window in windows:
        if window["state"] == "serving":
            serving[window["post_id"]] = serving.get(window["post_id"], 0) + 1
    posts = []
    for post in catalog.posts:
        waiting, oldest = queues.get(post.id, (0, None))
        posts.append({"id": post.id, "name": post.name, "prefix": post.prefix,
                      "windows": list(post.windows), "waiting": waiting,
                      "oldest_issued_at": iso(oldest),
                      "longest_wait_minutes": _minutes(at - oldest) if oldest else 0,
                      "windows_serving": serving.get(post.id, 0)})
    printer = hall.printer.state
    alerts, next_change = _alerts(posts, windows, printer, at=at,
                                  wait=settings.alert_wait, pause=settings.alert_pause)
    return {
        "at": at.isoformat(),
        "hall_name": catalog.hall_name,
        "posts": posts,
        "windows": windows,
        "printer": printer_view(session, hall),
        "unprinted": unprinted_tickets(session, at.date()),
        "alerts": alerts,
        "next_change_at": iso(next_change),
        "thresholds": {"wait_minutes": _minutes(settings.alert_wait),
                       "pause_minutes": _minutes(settings.alert_pause)},
        "last_calls": last_calls(session, limit=10, staff=True),
    }


def _waiting_by_post(session, service_day) -> dict[str, tuple[int, datetime]]:
    """Per post with anyone waiting today: how many, and the oldest waiting ticket's issue
    time (a transferred ticket keeps its own)."""
    rows = session.execute(
        select(Ticket.post_id, func.count(), func.min(Ticket.issued_at))
        .where(Ticket.service_day == service_day, Ticket.state == TicketState.WAITING)
        .group_by(Ticket.post_id)).all()
    return {post_id: (count, oldest) for post_id, count, oldest in rows}


def _alerts(posts: list[dict], windows: list[dict], printer: PrinterState, *, at: datetime,
            wait: timedelta, pause: timedelta) -> tuple[list[dict], datetime | None]:
    """The alerts true at `at`, and the earliest instant after it when another would start."""
    alerts: list[dict] = []
    starts: list[datetime] = []

    def by_time(alert: dict, since: datetime, limit: timedelta) -> None:
        """An alert `limit` after `since`: on now, or noted as a coming change."""
        if at - since >= limit:
            alerts.append({**alert, "since": iso(since), "minutes": _minutes(at - since)})
        else:
            starts.append(since + limit)

    for post in posts:
        if not post["waiting"]:
            continue
        oldest = datetime.fromisoformat(post["oldest_issued_at"])
        by_time({"kind": "long_wait", "post_id": post["id"], "post_name": post["name"]},
                oldest, wait)
        if not post["windows_serving"]:
            alerts.append({"kind": "nobody_serving", "post_id": post["id"],
                           "post_name": post["name"], "waiting": post["waiting"]})
    for window in windows:
        if window["state"] == "paused":
            paused_at = datetime.fromisoformat(window["paused_at"])
            by_time({"kind": "long_pause", "window_no": window["number"],
                     "post_name": window["post_name"], "reason": window["pause_reason"],
                     "clerk": window["clerk"]}, paused_at, pause)
    if printer.status in PRINTER_FAILING or (printer.status == "unknown" and printer.error):
        alerts.append({"kind": "printer", "status": printer.status, "error": printer.error})
    return alerts, min(starts, default=None)


def _minutes(span: timedelta) -> int:
    return max(int(span.total_seconds() // 60), 0)
