"""The hall's rules an admin may tune (cutoff, put-back places, paper width, ...).

Each field may declare how it is checked when an admin changes it (`rule(...)`: a range,
the choices, or not editable on the web); `queue_server/rules.py` stores and validates any
field generically, so a new field needs no storage code. A `timedelta` field is edited in
whole minutes as `<name>_minutes` (`cutoff` → `cutoff_minutes`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import time, timedelta


def rule(default, *, low=None, high=None, choices=None, web: bool = True, label: str = ""):
    """A field with its check declared beside it: `low`..`high` (minutes for a timedelta),
    one of `choices`, or `web=False` for one fixed at start (e.g. the public address)."""
    return field(default=default, metadata={
        "low": low, "high": high, "choices": tuple(choices) if choices else None,
        "web": web, "label": label})


MINUTES_10, MINUTES_15, MINUTES_30 = (timedelta(minutes=10), timedelta(minutes=15),
                                      timedelta(minutes=30))


@dataclass(frozen=True)
class HallSettings:
    """Rules an admin may tune; documented in docs/architecture.md."""

    cutoff: timedelta = rule(MINUTES_15, low=0, high=120,
                             label="截止取号（闭厅前分钟）")  # last ticket this long before closing
    default_service_minutes: float = rule(5.0, low=0.5, high=120)  # estimate without history
    recent_tickets_for_mean: int = rule(20, low=1, high=500)  # finished tickets in the mean
    # clerks pause for lunch from lunch_at, a post's windows one after another, so many
    # minutes each (the estimator counts it; None: no planned lunch); an unplanned pause
    # is expected to last pause_minutes
    lunch_at: time | None = rule(time(12, 0), web=False)
    lunch_minutes: int = rule(45, low=0, high=180, label="午休（分钟，预计等候按此估算）")
    # a window that called 绿色通道 tickets in the hour before its lunch goes to lunch that
    # many minutes later (its clerk page says when), so the regular ticket a green pushed
    # back is served before lunch, not after it (queues.planned_lunch)
    lunch_after_greens: bool = rule(True, label="绿色通道：午休前叫过优先号的窗口顺延午休")
    pause_minutes: int = rule(10, low=1, high=120, label="暂停预计时长（分钟）")
    history_days: int = rule(28, low=0, high=365)  # past days whose service times count
    requeue_places: int = rule(3, low=0, high=50, label="过号重排后移位数")  # a no-show goes back this many places
    requeue_times: int = rule(1, low=0, high=10, label="每张号可重排次数")  # 0: a no-show takes a new ticket
    makeup_weekday: int = rule(0, low=0, high=6, label="调休上班日按周几作息")  # 0 = Monday
    announce_reading: str = rule("digits", choices=("digits", "natural"),
                                 label="叫号读法")  # A012: digits (A零一二) or natural (A十二)
    show_estimate: bool = rule(True, label="显示预计等候")  # kiosk, ticket and phone show the estimate
    public_base_url: str = rule("http://127.0.0.1:5000", web=False)  # the QR code's address
    kiosk_idle_seconds: int = rule(20, low=3, high=600)  # the issued ticket stays on screen
    kiosk_browse_idle_seconds: int = rule(90, low=10, high=3600)  # an untouched kiosk goes home
    alert_when_ahead: int = rule(3, low=0, high=100)  # the phone alerts when this few are ahead
    paper_mm: int = rule(80, choices=(58, 80), label="纸宽 mm")  # ticket paper width
    alert_wait: timedelta = rule(MINUTES_30, low=1, high=600)  # live view: long wait
    alert_pause: timedelta = rule(MINUTES_15, low=1, high=600)  # live view: long pause
    rating_days: int = rule(0, low=0, high=30)  # a ticket may be rated until its day + this
    pad_rating_minutes: int = rule(10, low=1, high=120)  # the pad offers a ticket this long
    pad_thanks_seconds: int = rule(8, low=1, high=60)  # the pad thanks this long, then idles
    # who may issue tickets (kiosks.py, web/kiosk_devices.py)
    # False: only registered kiosks (header X-Kiosk-Key) issue; True: any client may (--demo,
    # a hall that trusts its network)
    open_issuing: bool = rule(False, label="开放取号（不限登记的取号机）")
    kiosk_tickets_per_minute: int = rule(6, low=1, high=60, label="每台取号机每分钟出票上限")
    remote_join: bool = rule(False, label="允许手机远程取号")  # a phone (no kiosk key)
    remote_tickets_per_hour: int = rule(3, low=1, high=60, label="远程取号每小时上限（每地址）")
    card_required: bool = rule(False, label="取号需刷校园卡")  # the kiosk reads a card number
    open_tickets_per_card: int = rule(1, low=1, high=10, label="每卡每岗位未办结号数")
    clerk_idle: timedelta = rule(MINUTES_30, low=1, high=24 * 60,
                                 label="窗口登录闲置自动退出（分钟）")  # a clerk's login ends unused this long
    # 绿色通道 fairness: at most one priority call in every `priority_every` calls of a
    # window while regular tickets wait, and none once a regular ticket is this late
    # beyond its estimate (queues.calling_order)
    priority_every: int = rule(3, low=1, high=20, label="绿色通道：每几次叫号至多一次优先")
    priority_max_delay: timedelta = rule(MINUTES_10, low=0, high=120,
                                         label="绿色通道：普通号因优先至多多等（分钟）")
    # 预约: booked tickets' prefix; where a late (by less than `booking_late`) visitor's
    # ticket goes ("slot": the place of their slot, ahead of walk-ins who came after it;
    # "arrival": in line from check-in); later than `booking_late`, a walk-in's ticket.
    # Early or late, a booked ticket is never called before its slot.
    booking_prefix: str = rule("Y", web=False)
    booking_rule: str = rule("slot", choices=("slot", "arrival"), label="预约迟到者排位")
    booking_late: timedelta = rule(MINUTES_15, low=0, high=120, label="预约迟到超过（分钟）改为普通号")
    booking_name_required: bool = rule(True, label="预约需填姓名")
    booking_contact: str = rule("phone", choices=("phone", "email", "none"),
                                label="预约需留联系方式")  # phone | email | none
    booking_days_ahead: int = rule(7, low=0, high=60, label="可提前预约天数")
