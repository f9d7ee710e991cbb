/* The supervisor's live view: renders only from the `supervisor` room's snapshots (pushed
   on connect, reconnect and after every committed change). Alerts that start as time passes
   are announced by the snapshot's `next_change_at`: the page asks for a fresh snapshot
   (`resync`) once, at that hall-clock instant. Between snapshots only the minutes shown are
   recounted from the hall time of the last snapshot; nothing is fetched. All text goes in
   with textContent. */
(function () {
  "use strict";
  var I18N = window.I18N || {};
  var el = window.HallDom.el;
  var MINUTE = 60000;
  var SLACK = 250;        // ask just after the instant, never just before it
  var MIN_DELAY = 1000;   // a clock behind ours never makes the page ask in a tight loop

  function T(key, values) { return window.HallDom.fill(I18N[key] || key, values); }
  function $(id) { return document.getElementById(id); }
  function hhmm(iso) { return iso ? iso.slice(11, 16) : ""; }

  var live = window.hallLive = { snapshot: null, resyncs: 0, resyncIn: null };
  var receivedAt = 0;     // performance.now() when the snapshot came
  var resyncTimer = null;

  /** The hall clock now, in ms: the snapshot's `at` plus the time since it came. */
  function hallNow() {
    return Date.parse(live.snapshot.at) + (performance.now() - receivedAt);
  }

  function minutesSince(iso) {
    return Math.max(0, Math.floor((hallNow() - Date.parse(iso)) / MINUTE));
  }

  // ---- rendering, from the snapshot only ----

  var STATE_TEXT = { serving: "服务中", paused: "暂停中", unstaffed: "未开窗",
                     closed: "不在服务时间" };
  var PRINTER_TEXT = { ok: "打印机正常", offline: "打印机离线", out_of_paper: "打印机缺纸",
                       near_end: "打印机纸将用尽", unknown: "打印机状态未知" };

  function render() {
    var snap = live.snapshot;
    $("hall-time").textContent = hhmmOf(hallNow(), snap.at);
    renderPrinter(snap.printer);
    HallWords.drawPrinterBanner($("printer-banner"), snap.printer, T);
    renderUnprinted(snap.unprinted || []);
    renderAlerts(snap);
    renderWindows(snap.windows);
    renderPosts(snap.posts);
    renderCalls(snap.last_calls);
  }

  /** HH:MM of `ms` in the hall's own offset (taken from the snapshot's ISO time). */
  function hhmmOf(ms, iso) {
    var offset = iso.slice(-6);  // "+08:00"
    var sign = offset[0] === "-" ? -1 : 1;
    var minutes = sign * (parseInt(offset.slice(1, 3), 10) * 60 + parseInt(offset.slice(4), 10));
    return new Date(ms + minutes * MINUTE).toISOString().slice(11, 16);
  }

  function renderPrinter(printer) {
    var badge = $("printer");
    var text = T(PRINTER_TEXT[printer.status] || "打印机状态未知");
    if (printer.queued) text += " · " + T("待打印 {n} 张", { n: printer.queued });
    badge.textContent = text;
    badge.dataset.state = printer.status;
    badge.title = printer.error || "";
  }

  /** Tickets the spool gave up today (never printed): staff may hand them out by number. */
  function renderUnprinted(unprinted) {
    var list = $("unprinted");
    list.replaceChildren();
    $("unprinted-count").textContent = String(unprinted.length);
    if (!unprinted.length) list.appendChild(el("li", "calm", T("没有未打印的号")));
    unprinted.forEach(function (t) {
      var item = el("li", "unprinted");
      item.appendChild(el("span", "number", t.number));
      item.appendChild(el("span", "muted", " " + T("{hhmm} 取号", { hhmm: hhmm(t.issued_at) })));
      item.title = t.reason || "";
      list.appendChild(item);
    });
  }

  function alertText(alert, snap) {
    var limits = snap.thresholds;
    if (alert.kind === "long_wait") {
      return T("{post} 有人等候 {m} 分钟（超过 {limit} 分钟）",
               { post: alert.post_name, m: minutesSince(alert.since), limit: limits.wait_minutes });
    }
    if (alert.kind === "long_pause") {
      var text = T("{n}号窗口暂停 {m} 分钟（超过 {limit} 分钟）",
                   { n: alert.window_no, m: minutesSince(alert.since),
                     limit: limits.pause_minutes });
      if (alert.reason) text += " · " + T("暂停原因：{reason}", { reason: alert.reason });
      if (alert.clerk) text += " · " + alert.clerk;
      return text;
    }
    if (alert.kind === "nobody_serving") {
      return T("{post} 有 {k} 人等候，没有窗口在服务", { post: alert.post_name, k: alert.waiting });
    }
    if (alert.kind === "printer") {
      return T("打印机故障：{error}",
               { error: alert.error || T(PRINTER_TEXT[alert.status] || "打印机状态未知") });
    }
    return alert.kind;
  }

  function renderAlerts(snap) {
    var list = $("alerts");
    list.replaceChildren();
    snap.alerts.forEach(function (alert) {
      var item = el("li", "alert", alertText(alert, snap));
      item.dataset.kind = alert.kind;
      list.appendChild(item);
    });
    if (!snap.alerts.length) list.appendChild(el("li", "calm", T("没有警报")));
    $("alert-count").textContent = String(snap.alerts.length);
    document.body.dataset.alerts = String(snap.alerts.length);
    var next = $("next-change");
    next.hidden = !snap.next_change_at;
    next.textContent = snap.next_change_at
      ? T("{hhmm} 起将有新警报", { hhmm: hhmm(snap.next_change_at) }) : "";
  }

  function windowDetail(w) {
    if (w.state === "serving" && w.current) {
      return T("正在办理 {number}", { number: w.current.number }) + " · " +
        T("自 {hhmm}", { hhmm: hhmm(w.current.called_at) });
    }
    if (w.state === "serving") return T("空闲") + " · " + T("自 {hhmm}", { hhmm: hhmm(w.opened_at) });
    if (w.state === "paused") {
      var text = T("自 {hhmm}", { hhmm: hhmm(w.paused_at) }) + "（" + minutesSince(w.paused_at) + "′）";
      return w.pause_reason ? T("暂停原因：{reason}", { reason: w.pause_reason }) + " · " + text
        : text;
    }
    if (w.state === "closed" && w.closure_reason) {
      return T("关闭：{reason}", { reason: w.closure_reason });
    }
    return w.hours_text || "";
  }

  function renderWindows(windows) {
    var grid = $("windows");
    grid.replaceChildren();
    windows.forEach(function (w) {
      var card = el("li", "window-card");
      card.dataset.state = w.state;
      card.dataset.window = String(w.number);
      var head = el("div", "window-head");
      head.appendChild(el("span", "window-no", T("{n}号窗口", { n: w.number })));
      var badge = el("span", "badge", T(STATE_TEXT[w.state] || w.state));
      badge.dataset.state = w.state;
      head.appendChild(badge);
      card.appendChild(head);
      card.appendChild(el("div", "post-name", w.post_name));
      card.appendChild(el("div", "current", w.current ? w.current.number : "—"));
      card.appendChild(el("div", "detail", windowDetail(w)));
      card.appendChild(el("div", "clerk", w.clerk || ""));
      grid.appendChild(card);
    });
  }

  function renderPosts(posts) {
    var body = $("posts");
    body.replaceChildren();
    posts.forEach(function (p) {
      var row = body.insertRow();
      row.dataset.post = p.id;
      row.dataset.waiting = String(p.waiting);
      row.appendChild(el("td", "", p.name));
      row.appendChild(el("td", "muted", p.windows.join("、")));
      row.appendChild(el("td", "num", String(p.waiting)));
      var wait = p.waiting ? T("最长等候 {m} 分钟", { m: minutesSince(p.oldest_issued_at) }) +
        "（" + T("自 {hhmm}", { hhmm: hhmm(p.oldest_issued_at) }) + "）" : T("无人等候");
      row.appendChild(el("td", p.waiting ? "" : "muted", wait));
      row.appendChild(el("td", "num", String(p.windows_serving)));
    });
  }

  function renderCalls(calls) {
    var body = $("calls");
    body.replaceChildren();
    if (!calls.length) {
      var empty = body.insertRow().appendChild(el("td", "muted", T("还没有叫号")));
      empty.colSpan = 4;
    }
    calls.forEach(function (c) {
      var row = body.insertRow();
      row.appendChild(el("td", "", hhmm(c.at)));
      row.appendChild(el("td", "number", c.number + (c.kind === "ticket.recalled"
        ? " · " + T("重呼") : "")));
      row.appendChild(el("td", "", T("{n}号窗口", { n: c.window_no })));
      row.appendChild(el("td", "muted", c.clerk || ""));
    });
  }

  // ---- live: snapshots pushed; one resync at the next alert's instant ----

  var socket = io({ auth: { screen: "supervisor" } });

  function scheduleResync() {
    clearTimeout(resyncTimer);
    resyncTimer = null;
    live.resyncIn = null;
    var next = live.snapshot.next_change_at;
    if (!next) return;
    var delay = Math.max(Date.parse(next) - hallNow() + SLACK, MIN_DELAY);
    live.resyncIn = delay;
    resyncTimer = setTimeout(resync, delay);
  }

  /** Ask for the snapshot again (the server's clock decides which alerts are on). */
  function resync() {
    live.resyncs += 1;
    socket.emit("resync", { screen: "supervisor" });
  }
  live.resync = resync;

  function setLink(state, text) {
    var link = $("link");
    link.dataset.state = state;
    link.textContent = T(text);
  }

  socket.on("connect", function () { setLink("live", "已连接"); });
  socket.on("snapshot", function (snap) {
    if (!snap || !snap.windows || !snap.thresholds) return;
    live.snapshot = snap;
    receivedAt = performance.now();
    render();
    scheduleResync();
  });
  socket.on("refused", function () { setLink("offline", "登录已失效，请重新登录"); });
  socket.on("session.ended", function () { setLink("offline", "登录已失效，请重新登录"); });
  socket.on("disconnect", function (reason) {  // the server drops a socket whose login ended
    setLink("offline", reason === "io server disconnect" ? "登录已失效，请重新登录"
                                                         : "连接中断，正在重连…");
  });
  socket.on("connect_error", function () {
    setLink("offline", socket.active ? "连接中断，正在重连…" : "登录已失效，请重新登录");
  });

  // the minutes shown grow with the hall clock; this recounts them, it fetches nothing
  setInterval(function () { if (live.snapshot) render(); }, 20000);
})();
