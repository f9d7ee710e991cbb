"""Plain words for visitors: can a service be served now, and what a ticket's state means."""

from __future__ import annotations

from datetime import datetime, timedelta

from catalog.hours import HALL_TZ
from queue_server.queues import ESTIMATE_WORDS
from queue_server.web.i18n import translate

WEEKDAYS = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")

MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
             "Dec")


def _t(text: str, lang: str, **values) -> str:
    return translate(text, lang).format(**values)


def _parse(at: datetime | str | None) -> datetime | None:
    if at is None or isinstance(at, datetime):
        return at
    return datetime.fromisoformat(at)


def hhmm(at: datetime | str | None) -> str:
    at = _parse(at)
    return at.astimezone(HALL_TZ).strftime("%H:%M").lstrip("0").rjust(4, "0") if at else ""


def when(at: datetime | str | None, now: datetime, lang: str) -> str:
    """An instant as a visitor says it: 今天 14:00, 明天 9:00, 12月7日（周一）9:00."""
    at = _parse(at)
    if at is None:
        return ""
    local, today = at.astimezone(HALL_TZ), now.astimezone(HALL_TZ).date()
    if local.date() == today:
        return _t("今天 {hhmm}", lang, hhmm=hhmm(local))
    if local.date() == today + timedelta(days=1):
        return _t("明天 {hhmm}", lang, hhmm=hhmm(local))
    return _t("{month}月{day}日（{weekday}）{hhmm}", lang, month=local.month, day=local.day,
              weekday=translate(WEEKDAYS[local.weekday()], lang), hhmm=hhmm(local),
              month_en=MONTHS_EN[local.month - 1])


def service_status(route: dict, now: datetime, lang: str) -> dict:
    """The status panel of a service page, from `presenters.route_json`.

    `tone` is ok / warn / stop; `lines` explain; `notice` says when no ticket is needed.
    """
    verdict, lines = route["verdict"], []
    closes, cutoff = hhmm(route["closes_at"]), hhmm(route["cutoff_at"])
    if verdict == "open":
        tone, headline = "ok", _t("现在可以办理", lang)
        lines.append(_t("今天 {closes} 停止办理，{cutoff} 后停止取号", lang,
                        closes=closes, cutoff=cutoff))
        waiting, estimate = route["people_waiting"], route["estimate"]
        serving = estimate["serving"]
        if route["wait_runs_past_closing"]:
            tone = "warn"
            lines.append(_t("前面有 {n} 人等候，本窗口 {closes} 停止办理，今日可能办不完",
                            lang, n=waiting, closes=closes))
        elif waiting:
            lines.append(_t("前面有 {n} 人等候，现在取号预计{when} 叫号", lang, n=waiting,
                            when=estimate_text(estimate, lang)))
        elif serving:
            lines.append(_t("现在无人等候，取号后请留意叫号", lang))
        else:
            lines.append(_t("窗口还未开始叫号，取号后窗口开放时第一个叫您", lang))
    elif verdict == "past_cutoff":
        tone, headline = "warn", _t("今天已停止取号", lang)
        lines.append(_t("本窗口 {closes} 停止办理，{cutoff} 起不再取号", lang,
                        closes=closes, cutoff=cutoff))
    elif verdict == "by_notice":
        tone, headline = "stop", _t("服务时间以通知为准", lang)
        lines.append(_t("现在没有开放的场次", lang))
        if route["reason"]:
            lines.append(route["reason"])
    else:
        tone, headline = "stop", _t("现在不办理", lang)
        if route["reason"]:
            lines.append(_t("暂停原因：{reason}", lang, reason=route["reason"]))
    if verdict != "open" and route["opens_at"]:
        lines.append(_t("下次开放：{when}", lang, when=when(route["opens_at"], now, lang)))
    return {"tone": tone, "headline": headline, "lines": lines,
            "can_issue": route["can_issue"], "notice": no_ticket_notice(route, lang)}


def no_ticket_notice(route: dict, lang: str) -> str:
    """'No ticket needed: 自助机 can do this', or '' when only a window can."""
    if not route["no_ticket_needed"]:
        return ""
    where = list(route["machines"]) + ([_t("线上即可办理", lang)] if route["online"] else [])
    return _t("无需取号：{where} 可以办理", lang, where=translate("、", lang).join(where))


# ---- a ticket's state, for the phone page and the kiosk's ticket screen ----

STATE_HEADLINES = {"waiting": "等候中", "called": "请到 {window} 号窗口", "serving": "正在办理",
                   "done": "已办结", "missed": "已过号", "cancelled": "已取消",
                   "expired": "已失效"}
STATE_DETAILS = {"serving": "工作人员正在为您办理", "done": "本号已办结，感谢您的耐心",
                 "missed": "叫号时您不在窗口，本号已过号。如需办理，请到窗口说明或重新取号",
                 "cancelled": "本号已取消", "expired": "本号已过期，请重新取号"}


def estimate_text(estimate: dict, lang: str) -> str:
    """The estimate's own words (`queues.Estimate`): "约 10:20–10:35", "约 13:45 起",
    "今日可能办不完", "暂无法估计"; the printed ticket says the same in Chinese."""
    template = ESTIMATE_WORDS.get(estimate.get("kind"), ESTIMATE_WORDS["none"])
    return _t(template, lang, low=estimate.get("low", ""), high=estimate.get("high", ""),
              opens=estimate.get("opens", ""))


def wait_text(estimate: dict, ahead: int, lang: str) -> dict:
    """The "预计叫号" of a waiting ticket (`queues.Estimate.as_json`): the estimate's words,
    or, first in line with no clerk serving yet, that it is called first once a window
    opens; "请留意叫号" when the hall's rule shows no estimate. `minutes` is always None now
    (a time of day, never a count of minutes). words.js words it the same way for kiosk.js
    and phone.js."""
    if estimate.get("shown") is False:  # the hall's rule: no estimate shown
        return {"minutes": None, "text": _t("请留意叫号", lang)}
    if ahead == 0 and not estimate["serving"] and estimate["kind"] in ("range", "opening"):
        opens = estimate.get("opens")
        if opens:
            return {"minutes": None, "text": _t("窗口 {opens} 开放后第一个叫您", lang, opens=opens)}
        return {"minutes": None, "text": _t("窗口开放后第一个叫您", lang)}
    return {"minutes": None, "text": estimate_text(estimate, lang)}


def ticket_state(view: dict, lang: str, alert_when_ahead: int) -> dict:
    """Headline, detail and tone of a ticket view (`screens.ticket_view`)."""
    state = view["state"]
    headline = _t(STATE_HEADLINES.get(state, state), lang, window=view.get("window_no") or "")
    tone, alert = {"called": "call", "serving": "ok", "waiting": "wait"}.get(state, "end"), False
    if state == "waiting":
        ahead, estimate = view["people_ahead"], view["estimate"]
        hidden = estimate.get("shown") is False  # the hall's rule: no estimate shown
        if view.get("slot_at") and estimate.get("called_at") == view["slot_at"]:  # 预约, early
            detail = _t("预约时段 {slot}，到时优先叫号", lang, slot=hhmm(view["slot_at"]))
        elif not hidden and estimate["kind"] == "none":
            detail = _t("今天没有窗口办理，暂无法估计等候时间", lang)
        elif not hidden and estimate["kind"] == "not_today":
            detail = _t("前面还有 {n} 人，今日可能办不完", lang, n=ahead)
        elif not hidden and not estimate["serving"] and (ahead == 0 or estimate["from_at"]):
            detail = wait_text(estimate, ahead, lang)["text"]
        elif ahead == 0:
            detail = _t("下一位就是您，请到 {windows} 附近等候", lang,
                        windows=view["windows_label"])
            alert = True
        elif ahead <= alert_when_ahead:
            detail, alert = _t("快到您了：前面只剩 {n} 人，请回到大厅", lang, n=ahead), True
        elif hidden:
            detail = _t("前面还有 {n} 人，请留意叫号", lang, n=ahead)
        else:
            detail = _t("前面还有 {n} 人，预计{when} 叫号", lang, n=ahead,
                        when=estimate_text(estimate, lang))
    elif state == "called":
        detail = (_t("再次呼叫（第 {n} 次）", lang, n=view["recall_count"] + 1)
                  if view.get("recall_count") else "")
    else:
        detail = _t(STATE_DETAILS.get(state, ""), lang) if state in STATE_DETAILS else ""
    return {"state": state, "headline": headline, "detail": detail, "tone": tone,
            "alert": alert}
