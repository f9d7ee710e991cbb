/* The clerk's window page: renders only from the server's snapshots (pushed over Socket.IO
   on connect, reconnect and after every change of the post); buttons and keys call the API.
   Catalog text is always put in with textContent, never as HTML. */
(function () {
  "use strict";
  var PAGE = window.WINDOW_PAGE;
  var N = PAGE.window;
  var I18N = window.I18N || {};
  var ENGLISH = (document.documentElement.lang || "").indexOf("en") === 0;
  var COLON = ENGLISH ? ": " : "：";  // after a label, in the page's language
  var snapshot = null;
  var busy = false;
  var serviceCache = {};
  var shownServiceId = null;

  function T(key, values) {
    var text = I18N[key] || key;
    Object.keys(values || {}).forEach(function (name) {
      text = text.replace("{" + name + "}", values[name]);
    });
    return text;
  }

  function $(id) { return document.getElementById(id); }

  function el(tag, attrs) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      if (name === "className") node.className = attrs[name];
      else if (name === "dataset") Object.assign(node.dataset, attrs[name]);
      else node.setAttribute(name, attrs[name]);
    });
    for (var i = 2; i < arguments.length; i++) {
      var child = arguments[i];
      if (child === null || child === undefined || child === false) continue;
      node.appendChild(typeof child === "string" || typeof child === "number"
        ? document.createTextNode(String(child)) : child);
    }
    return node;
  }

  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }

  function hhmm(iso) { return iso ? iso.slice(11, 16) : ""; }

  function serviceName(id) { return PAGE.services[id] || id; }

  // ---- messages in plain words ----

  var ERRORS = {
    window_not_opened: "窗口还没有开窗，请先开窗",
    window_already_opened: "窗口已经开着",
    window_paused: "窗口已暂停，请先恢复",
    window_not_paused: "窗口没有暂停",
    window_busy: "还有号没有办完：请先办结、过号或转移",
    illegal_move: "这个号现在不能这样操作",
    not_your_ticket: "这个号不属于本窗口",
    unknown_service: "没有这个事项",
    unknown_ticket: "没有这个号",
    forbidden: "您没有这个窗口的权限",
    login_required: "登录已失效，请重新登录",
    csrf_failed: "页面已过期，请刷新后重试",
    bad_request: "输入有误"
  };

  var messageTimer = null;

  function say(text, kind, link) {
    var box = $("message");
    clear(box);
    box.appendChild(document.createTextNode(text));
    if (link) {
      box.appendChild(document.createTextNode(" "));
      box.appendChild(el("a", { href: link.href }, link.text));
    }
    box.dataset.kind = kind || "error";
    box.hidden = false;
    clearTimeout(messageTimer);
    if (kind === "info") messageTimer = setTimeout(function () { box.hidden = true; }, 4000);
  }

  function loginLink() {
    return { href: "/login?next=" + encodeURIComponent(location.pathname + location.search),
             text: T("登录已失效，请重新登录") };
  }

  function sayError(body, status) {
    var code = body && body.error;
    if (code === "login_required" || status === 401) {
      say(T("登录已失效，请重新登录"), "error", loginLink());
      return;
    }
    var text = ERRORS[code] ? T(ERRORS[code]) : T("操作失败");
    if ((!ERRORS[code] || code === "bad_request") && body && body.message) {
      text += COLON + HallDom.said(body.message);
    }
    if (body && body.number) text += "（" + body.number + "）";
    say(text, "error");
  }

  // ---- rendering, from a snapshot only ----

  var STATE_TEXT = { serving: "服务中", paused: "暂停中", unstaffed: "未开窗", closed: "不在服务时间" };

  function render(snap) {
    snapshot = snap;
    var w = snap.window;
    var badge = $("window-state");
    badge.textContent = T(STATE_TEXT[w.state] || w.state);
    badge.dataset.state = w.state;
    document.body.dataset.windowState = w.state;

    var pause = $("pause-note");
    pause.hidden = !(w.state === "paused" && w.pause_reason);
    pause.textContent = w.pause_reason ? T("暂停原因：") + w.pause_reason : "";
    var warning = $("calendar-warning");
    warning.hidden = !snap.calendar_warning;
    warning.textContent = snap.calendar_warning || "";
    HallWords.drawPrinterBanner($("printer-banner"), snap.printer, T);
    renderLunch(snap.lunch);

    renderCurrent(snap.current);
    renderQueue(snap.waiting || []);
    renderMissed(snap.missed || []);
    renderBookings(snap.bookings || []);
    ["called", "finished", "missed", "transferred"].forEach(function (key) {
      $("count-" + key).textContent = String((snap.today || {})[key] || 0);
    });
    updateButtons();
  }

  // the lunch the server plans for this window (moved later by its 绿色通道 calls)
  function renderLunch(lunch) {
    var note = $("lunch-note");
    note.hidden = !lunch;
    note.dataset.moved = lunch ? String(lunch.moved_minutes) : "";
    if (!lunch) { note.textContent = ""; return; }
    var text = T("午休 {at} 起，{m} 分钟", { at: hhmm(lunch.at), m: lunch.minutes });
    if (lunch.moved_minutes > 0) {
      text += T("（午休前叫过绿色通道，顺延 {k} 分钟：请先叫完被让过的普通号）",
                { k: lunch.moved_minutes });
    }
    note.textContent = text;
  }

  function renderCurrent(current) {
    $("current-number").textContent = current ? current.number : "—";
    $("current-service").textContent = current ? current.service.name : T("没有正在办理的号");
    var state = "";
    if (current) {
      state = T(current.state === "serving" ? "正在办理" : "已呼叫") + " " + hhmm(current.called_at);
      if (current.recall_count) state += " · " + T("已重呼 {k} 次", { k: current.recall_count });
    }
    $("current-state").textContent = state;
    document.body.dataset.ticketState = current ? current.state : "none";
    showService(current ? current.service.id : null);
  }

  function renderQueue(waiting) {
    var list = $("queue");
    clear(list);
    $("queue-count").textContent = T("{k} 人等候", { k: waiting.length });
    if (!waiting.length) {
      list.appendChild(el("li", { className: "empty muted" }, T("无人等候")));
      return;
    }
    waiting.forEach(function (ticket) {
      var button = el("button", { type: "button", className: "small",
                                  dataset: { callTicket: String(ticket.id) } }, T("叫这个号"));
      var green = ticket.priority_reason ? el("span", { className: "tag tag-priority",
        title: T(PAGE.priority_reasons[ticket.priority_reason] || "") }, T("优先")) : null;
      var mark = ticket.priority_reason ? null : el("button", { type: "button",
        className: "small", dataset: { priorityTicket: String(ticket.id),
                                       priorityNumber: ticket.number } }, T("绿色通道"));
      list.appendChild(el("li", { dataset: { number: ticket.number } },
        el("span", { className: "ticket-no" }, ticket.number),
        el("span", { className: "ticket-service" }, serviceName(ticket.service_id)),
        green,
        ticket.slot_at ? el("span", { className: "tag" },
                            T("预约 {hhmm}", { hhmm: hhmm(ticket.slot_at) })) : null,
        ticket.transferred ? el("span", { className: "tag" }, T("转入")) : null,
        el("span", { className: "muted small" }, T("取号") + " " + hhmm(ticket.issued_at)),
        mark, button));
    });
  }

  var BOOKING_STATES = { booked: "预约未签到", checked_in: "已签到", cancelled: "已取消",
                         no_show: "预约未到" };

  function renderBookings(bookings) {
    var list = $("bookings");
    clear(list);
    var live = bookings.filter(function (b) { return b.state !== "cancelled"; });
    $("bookings-count").textContent = String(live.length);
    if (!live.length) {
      list.appendChild(el("li", { className: "empty muted" }, T("没有预约")));
      return;
    }
    live.forEach(function (booking) {
      list.appendChild(el("li", { dataset: { state: booking.state } },
        el("span", { className: "ticket-no" }, hhmm(booking.slot_at)),
        el("span", { className: "ticket-service" }, booking.name),
        el("span", { className: "muted small" }, booking.code),
        el("span", { className: "tag" }, T(BOOKING_STATES[booking.state] || booking.state)),
        booking.ticket_number ? el("span", { className: "ticket-no" }, booking.ticket_number)
                              : null,
        booking.late ? el("span", { className: "tag" }, T("迟到")) : null));
    });
  }

  function renderMissed(missed) {
    var list = $("missed");
    clear(list);
    if (!missed.length) {
      list.appendChild(el("li", { className: "empty muted" }, T("没有过号的号")));
      return;
    }
    missed.forEach(function (ticket) {
      var places = el("input", { type: "number", min: "0", max: String(requeuePlaces()),
                                 className: "places",
                                 value: String(requeuePlaces()),
                                 "aria-label": T("退后几位") });
      var button = el("button", { type: "button", className: "small",
                                  dataset: { requeueTicket: String(ticket.id) } }, T("回队"));
      list.appendChild(el("li", null,
        el("span", { className: "ticket-no" }, ticket.number),
        el("span", { className: "ticket-service" }, serviceName(ticket.service_id)),
        el("label", { className: "muted small" }, T("退后几位"), places),
        button));
    });
  }

  // ---- the current ticket's service: materials and steps at hand ----

  function showService(serviceId) {
    if (serviceId === shownServiceId) return;
    shownServiceId = serviceId;
    var box = $("service-info");
    if (!serviceId) { box.hidden = true; return; }
    if (serviceCache[serviceId]) { fillService(serviceCache[serviceId]); return; }
    fetch("/api/services/" + encodeURIComponent(serviceId))
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (body) {
        if (!body) return;
        serviceCache[serviceId] = body;
        if (shownServiceId === serviceId) fillService(body);
      })
      .catch(function () { /* the page still works without the service text */ });
  }

  function fillService(service) {
    var body = $("service-body");
    clear(body);
    body.appendChild(el("p", { className: "service-title" }, service.name));
    if (service.description) body.appendChild(el("p", { className: "muted" }, service.description));
    if (service.materials && service.materials.length) {
      var materials = el("ul");
      service.materials.forEach(function (m) { materials.appendChild(el("li", null, m.text)); });
      body.appendChild(el("h4", null, T("申请材料")));
      body.appendChild(materials);
    }
    if (service.steps && service.steps.length) {
      body.appendChild(el("h4", null, T("办理流程")));
      service.steps.forEach(function (group) {
        if (group.title) body.appendChild(el("p", { className: "step-title" }, group.title));
        var steps = el("ol");
        group.steps.forEach(function (step) { steps.appendChild(el("li", null, step)); });
        body.appendChild(steps);
      });
    }
    if (service.office) body.appendChild(el("p", null, el("strong", null, T("受理部门") + COLON), service.office));
    if (service.fees) body.appendChild(el("p", null, el("strong", null, T("收费标准") + COLON), service.fees));
    if (service.staff_notes && service.staff_notes.length) {
      body.appendChild(el("p", { className: "muted" }, T("备注") + COLON + service.staff_notes.join("；")));
    }
    $("service-info").hidden = false;
  }

  // ---- what may be done now ----

  function allowed(action) {
    if (!snapshot) return false;
    var w = snapshot.window.state;
    var current = snapshot.current;
    var sitting = w === "serving" || w === "paused";
    switch (action) {
      case "open": return !sitting;
      case "close": return sitting && !current;
      case "pause": return w === "serving";
      case "resume": return w === "paused";
      case "call": return w === "serving" && !current;
      case "finish-next": return w === "serving" && !!current;
      case "recall": return w === "serving" && !!current && current.state === "called";
      case "start": return sitting && !!current && current.state === "called";
      case "finish": return sitting && !!current;
      case "no-show": return sitting && !!current && current.state === "called";
      case "transfer": return sitting && !!current;
      case "reprint": return !!current;
      default: return false;
    }
  }

  function updateButtons() {
    var state = snapshot ? snapshot.window.state : "unknown";
    var sittingNow = state === "serving" || state === "paused";
    var visible = { open: !sittingNow, close: sittingNow, pause: state === "serving",
                    resume: state === "paused" };
    document.querySelectorAll("[data-action]").forEach(function (button) {
      var action = button.dataset.action;
      button.disabled = busy || !allowed(action);
      if (action in visible) button.hidden = !visible[action];
    });
    var sitting = snapshot && (snapshot.window.state === "serving");
    document.querySelectorAll("[data-call-ticket]").forEach(function (button) {
      button.disabled = busy || !sitting || !!(snapshot && snapshot.current);
    });
    document.querySelectorAll("[data-requeue-ticket]").forEach(function (button) {
      button.disabled = busy || !snapshot ||
        !(snapshot.window.state === "serving" || snapshot.window.state === "paused");
    });
  }

  // ---- acting: one API call; the new state arrives as a snapshot ----

  function act(action, body) {
    if (busy) return Promise.resolve();
    busy = true;
    updateButtons();
    return fetch("/api/windows/" + N + "/" + action, {
      method: "POST",
      headers: { "Content-Type": "application/json", "Accept": "application/json" },
      body: JSON.stringify(body || {})
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        if (!response.ok) { sayError(data, response.status); return; }
        $("message").hidden = true;
        if (action === "reprint") say(T("已送打印机补打（号码不变）"), "info");
        if (data.message && data.called === null) say(T("队列中没有等候的号"), "info");
        if (!socket.connected && data.window) render(data);  // no live feed: this is the truth
      });
    }).catch(function () {
      say(T("网络连接失败，请稍后重试"), "error");
    }).then(function () {
      busy = false;
      updateButtons();
    });
  }

  /** The ticket this page shows at the window: the server refuses the action if another
   *  page (or a clerk at the same window) has moved on since, instead of acting on the
   *  ticket called a moment ago. */
  /** The put-back rule in force: the latest snapshot's, else the page's. */
  function requeuePlaces() {
    return snapshot && snapshot.requeue ? snapshot.requeue.places : PAGE.requeue_places;
  }

  function shownTicket() {
    return snapshot && snapshot.current ? { ticket_id: snapshot.current.id } : {};
  }

  function run(action) {
    if (!allowed(action)) return;
    if (action === "finish-next") {
      return act("call", { finish_current: true, finish_ticket_id: shownTicket().ticket_id });
    }
    if (action === "transfer") return openTransfer();
    if (action === "pause") return openPause();
    if (action === "close" && !window.confirm(T("确定关窗吗？"))) return;
    if (["recall", "start", "finish", "no-show", "reprint"].indexOf(action) >= 0) {
      return act(action, shownTicket());
    }
    return act(action);
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("button");
    if (!button || button.disabled) return;
    if (button.dataset.action) run(button.dataset.action);
    else if (button.dataset.callTicket) act("call", { ticket_id: Number(button.dataset.callTicket) });
    else if (button.dataset.priorityTicket) openPriority(button.dataset);
    else if (button.dataset.requeueTicket) {
      var input = button.parentNode.querySelector("input.places");
      var places = parseInt(input && input.value, 10);
      act("requeue", { ticket_id: Number(button.dataset.requeueTicket),
                       places: isNaN(places) ? requeuePlaces() : places });
    }
  });

  var KEYS = { n: "call", j: "finish-next", r: "recall", s: "start", f: "finish", m: "no-show",
               t: "transfer", o: "open" };

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.altKey || event.metaKey || event.repeat) return;
    var target = event.target;
    if (target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA" ||
                   target.isContentEditable)) return;
    if (document.querySelector("dialog[open]")) return;
    var key = (event.key || "").toLowerCase();
    var action = key === "p" ? (allowed("resume") ? "resume" : "pause") : KEYS[key];
    if (!action) return;
    event.preventDefault();
    run(action);
  });

  // ---- transfer: choose a service by search ----

  var searchTimer = null;
  var searchSeq = 0;

  function openTransfer() {
    var dialog = $("transfer-dialog");
    $("transfer-query").value = "";
    clear($("transfer-results"));
    dialog.showModal();
    $("transfer-query").focus();
  }

  $("transfer-query").addEventListener("input", function () {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(search, 200);
  });

  function search() {
    var query = $("transfer-query").value.trim();
    var list = $("transfer-results");
    var seq = ++searchSeq;
    if (!query) { clear(list); return; }
    fetch("/api/services?q=" + encodeURIComponent(query))
      .then(function (r) { return r.json(); })
      .then(function (body) {
        if (seq !== searchSeq) return;
        clear(list);
        var hits = (body.services || []).slice(0, 12);
        if (!hits.length) list.appendChild(el("li", { className: "empty muted" }, T("没有找到事项")));
        hits.forEach(function (service) {
          var choose = el("button", { type: "button", className: "result" },
            el("span", { className: "result-name" }, service.name),
            el("span", { className: "muted small" },
               service.post_name + " · " + service.windows_label));
          choose.addEventListener("click", function () {
            $("transfer-dialog").close();
            act("transfer", Object.assign({ service_id: service.id }, shownTicket()));
          });
          list.appendChild(el("li", null, choose));
        });
      })
      .catch(function () { say(T("网络连接失败，请稍后重试"), "error"); });
  }

  // ---- pause with a reason ----

  function openPause() {
    $("pause-reason").value = "";
    $("pause-dialog").showModal();
    $("pause-reason").focus();
  }

  document.querySelectorAll("[data-reason]").forEach(function (chip) {
    chip.addEventListener("click", function () { $("pause-reason").value = chip.dataset.reason; });
  });

  $("pause-dialog").addEventListener("close", function () {
    if ($("pause-dialog").returnValue === "ok") act("pause", { reason: $("pause-reason").value });
  });

  // ---- 绿色通道: a reason from the list (other: with a note) ----

  var priorityTicket = null;

  function openPriority(data) {
    priorityTicket = Number(data.priorityTicket);
    $("priority-number").textContent = data.priorityNumber;
    document.querySelectorAll('input[name="priority-reason"]').forEach(function (input) {
      input.checked = false;
    });
    $("priority-note").value = "";
    $("priority-dialog").showModal();
  }

  $("priority-dialog").addEventListener("close", function () {
    if ($("priority-dialog").returnValue !== "ok" || priorityTicket === null) return;
    var chosen = document.querySelector('input[name="priority-reason"]:checked');
    act("priority", { ticket_id: priorityTicket, reason: chosen ? chosen.value : "",
                      note: $("priority-note").value });
  });

  // ---- live: snapshot on connect and after every change; reconnects on its own ----

  var socket = io({ auth: { screen: "window", window: N } });
  var link = $("link");

  function setLink(state, text) {
    link.dataset.state = state;
    link.textContent = T(text);
  }

  socket.on("connect", function () { setLink("live", "已连接"); });
  socket.on("snapshot", function (snap) {
    if (snap && snap.window && snap.window.number === N) render(snap);
  });
  function loggedOut() {
    setLink("offline", "登录已失效，请重新登录");
    say(T("登录已失效，请重新登录"), "error", loginLink());
  }
  // the login ended (logout anywhere, a new password, idle): the server drops this socket
  socket.on("session.ended", loggedOut);
  socket.on("disconnect", function (reason) {
    if (reason === "io server disconnect") { loggedOut(); return; }
    setLink("offline", "连接中断，正在重连…");
  });
  socket.on("connect_error", function () {
    if (socket.active) { setLink("offline", "连接中断，正在重连…"); return; }
    loggedOut();  // refused by the server: the login ended or the account lost this window
  });

  updateButtons();
})();
