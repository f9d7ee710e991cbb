/* Shared by the board and window screens: config, strings, DOM building, hall clock, socket. */
(function () {
  "use strict";

  const config = JSON.parse(document.getElementById("screen-config").textContent);
  const strings = config.strings || {};

  /** `text` with its {placeholders} filled from `values`. */
  function fill(text, values) {
    for (const [name, value] of Object.entries(values || {})) {
      text = text.split("{" + name + "}").join(String(value));
    }
    return text;
  }

  /** A UI string in the page's language, with {placeholders} filled in. */
  function t(key, values) {
    return fill(Object.prototype.hasOwnProperty.call(strings, key) ? strings[key] : key, values);
  }

  /** An element whose text is set with textContent: catalog data never becomes markup. */
  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function setText(id, text) {
    const node = document.getElementById(id);
    if (node) node.textContent = text === undefined || text === null ? "" : String(text);
    return node;
  }

  // ---- The hall clock: the server's time (maybe simulated), ticking locally. -------------
  const clock = { offsetMs: 0, zoneMinutes: 8 * 60, synced: false };

  function zoneMinutesOf(iso) {
    const match = /([+-])(\d\d):?(\d\d)$/.exec(iso || "");
    if (!match) return 8 * 60;
    const minutes = Number(match[2]) * 60 + Number(match[3]);
    return match[1] === "-" ? -minutes : minutes;
  }

  /** Take the server's `at` as the truth; the browser's own date only measures the ticks. */
  function syncClock(iso) {
    const ms = Date.parse(iso);
    if (Number.isNaN(ms)) return;
    clock.offsetMs = ms - Date.now();
    clock.zoneMinutes = zoneMinutesOf(iso);
    clock.synced = true;
  }

  function hallNow() {
    return Date.now() + clock.offsetMs;
  }

  /** Wall-clock parts of an instant in the hall's zone (from the snapshot's offset). */
  function wall(ms) {
    const d = new Date(ms + clock.zoneMinutes * 60000);
    return {
      year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(),
      hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds(),
      weekday: d.getUTCDay(),
      dayNumber: Math.floor((ms + clock.zoneMinutes * 60000) / 86400000),
    };
  }

  const pad = (n) => String(n).padStart(2, "0");
  const WEEKDAYS = ["星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"];
  const SHORT_WEEKDAYS = ["周日", "周一", "周二", "周三", "周四", "周五", "周六"];

  function timeText(ms, withSeconds) {
    const w = wall(ms);
    return w.hour + ":" + pad(w.minute) + (withSeconds ? ":" + pad(w.second) : "");
  }

  function dateText(ms) {
    const w = wall(ms);
    return t("{year}年{month}月{day}日", w) + "  " + t(WEEKDAYS[w.weekday]);
  }

  /** When a closed window opens next, said relative to the hall's today: "14:00", "明天 9:00". */
  function openingText(iso) {
    const ms = Date.parse(iso);
    if (Number.isNaN(ms)) return "";
    const then = wall(ms);
    const days = then.dayNumber - wall(hallNow()).dayNumber;
    const time = then.hour + ":" + pad(then.minute);
    let when = time;
    if (days === 1) when = t("明天 {time}", { time });
    else if (days > 1 && days < 7) when = t(SHORT_WEEKDAYS[then.weekday]) + " " + time;
    else if (days >= 7) when = t("{month}月{day}日", then) + " " + time;
    return t("{when} 开放", { when });
  }

  // ---- The socket: snapshots carrying the events that made them; a badge while offline. -
  function connect(auth, handlers) {
    const badge = document.getElementById("conn-badge");
    const showBadge = (shown) => { if (badge) badge.hidden = !shown; };
    const socket = window.io({ auth, reconnectionDelay: 500, reconnectionDelayMax: 5000 });
    socket.on("connect", () => showBadge(false));
    socket.on("disconnect", () => showBadge(true));
    socket.on("connect_error", () => showBadge(true));
    socket.on("snapshot", (snapshot) => {
      if (snapshot && snapshot.at) syncClock(snapshot.at);
      handlers.snapshot(snapshot);
      for (const body of (snapshot && snapshot.events) || []) {  // what changed it, in order
        const handler = (handlers.events || {})[body.event];
        if (handler) handler(body);
      }
    });
    return socket;
  }

  /** The notice a snapshot may carry: a string or {text}. */
  function noticeOf(snapshot) {
    const notice = snapshot && snapshot.notice;
    if (!notice) return "";
    return typeof notice === "string" ? notice : String(notice.text || "");
  }

  window.HallScreen = {
    config, t, el, setText, clock, hallNow, timeText, dateText, openingText, connect, noticeOf,
  };
})();
