// The touch kiosk: hall clock, idle reset, search, one-tap ticket with print status.
// Catalog text is put into the page with textContent only, never as HTML.
(function () {
  "use strict";

  const config = JSON.parse(document.getElementById("kiosk-config").textContent);
  const $ = (id) => document.getElementById(id);

  const el = HallDom.el;

  function S(key, values) {
    return HallDom.fill(config.strings[key] || key, values);
  }

  // ---- requests: JSON, same origin (csrf.js adds the CSRF token and renews it once) ----
  async function request(method, url, body) {
    const headers = {Accept: "application/json"};
    if (method !== "GET") headers["Content-Type"] = "application/json";
    const response = await fetch(url, {
      method, headers, credentials: "same-origin", cache: "no-store",
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    let data = null;
    try { data = await response.json(); } catch (_err) { data = null; }
    return {status: response.status, ok: response.ok, data};
  }

  function newRequestKey() {
    if (window.crypto && typeof window.crypto.randomUUID === "function") {
      return window.crypto.randomUUID();
    }
    // crypto.randomUUID needs a secure context; a hall kiosk on plain http may not have one.
    const bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  function kioskName() {
    const given = new URLSearchParams(location.search).get("kiosk");
    try {
      if (given) localStorage.setItem("hall-kiosk-name", given.slice(0, 40));
      return localStorage.getItem("hall-kiosk-name") || "kiosk";
    } catch (_err) {
      return given || "kiosk";
    }
  }

  // ---- the hall clock: server time (possibly simulated), never the browser's date ----
  let offset = Date.parse(config.now) - Date.now();
  const hallNow = () => new Date(Date.now() + offset);
  const locale = config.lang === "en" ? "en-GB" : "zh-CN";
  const timeFormat = new Intl.DateTimeFormat(locale, {
    timeZone: "Asia/Shanghai", hour: "2-digit", minute: "2-digit", hour12: false});
  const dateFormat = new Intl.DateTimeFormat(locale, {
    timeZone: "Asia/Shanghai", month: "long", day: "numeric", weekday: "long"});

  function tickClock() {
    const now = hallNow();
    $("clock-time").textContent = timeFormat.format(now);
    $("clock-date").textContent = dateFormat.format(now);
  }

  async function resyncClock() {
    try {
      const sent = Date.now();
      const answer = await request("GET", "/healthz");
      if (answer.ok && answer.data && answer.data.time) {
        offset = Date.parse(answer.data.time) - (sent + Date.now()) / 2;
      }
    } catch (_err) { /* keep the last offset */ }
  }

  tickClock();
  setInterval(tickClock, 1000);
  setInterval(resyncClock, 5 * 60 * 1000);

  // ---- idle: an untouched page goes back home ----
  let lastTouch = Date.now();
  let idlePaused = false;
  const WARN_SECONDS = 10;

  function touched() {
    lastTouch = Date.now();
    $("idle").hidden = true;
  }
  ["pointerdown", "keydown", "input", "wheel", "touchstart"].forEach((type) =>
    document.addEventListener(type, touched, {capture: true, passive: true}));
  $("idle-stay").addEventListener("click", touched);

  function goHome() { location.assign("/kiosk"); }

  setInterval(() => {
    if (idlePaused) return;
    const idle = (Date.now() - lastTouch) / 1000;
    if (config.page === "home") {
      if (idle >= config.browse_idle_seconds && search && search.active()) search.reset();
      return;
    }
    const left = Math.ceil(config.browse_idle_seconds - idle);
    if (left <= 0) return goHome();
    if (left <= WARN_SECONDS) {
      $("idle").hidden = false;
      $("idle-count").textContent = S("{n} 秒后返回首页", {n: left});
    }
  }, 1000);

  // ---- the socket: every committed event of the hall reaches the kiosk room ----
  const listeners = [];
  function onHallEvent(fn) { listeners.push(fn); }
  if (typeof window.io === "function") {
    const socket = window.io({auth: {screen: "kiosk"}});
    socket.on("snapshot", (snapshot) => (snapshot.events || []).forEach(
      (body) => listeners.forEach((fn) => fn(body.event, body))));
    let connectedBefore = false;
    socket.on("connect", () => {  // back after a drop: whatever it missed counts as a change
      if (connectedBefore) listeners.forEach((fn) => fn("hall.reconnected", {}));
      connectedBefore = true;
    });
    window.hallKiosk = {socket: socket};  // for tests and the curious
  }

  // ---- home: search by Chinese, pinyin or initials; keyword chips; a letter keyboard ----
  let search = null;

  function setupSearch() {
    const input = $("search-input");
    const results = $("results");
    const list = $("results-list");
    const summary = $("results-summary");
    const clear = $("search-clear");
    let timer = null;
    let asked = 0;

    function show(active) {
      results.hidden = !active;
      clear.hidden = !active;
      document.body.classList.toggle("is-searching", active);
    }

    function render(data) {
      list.replaceChildren();
      const services = data.services || [];
      const machines = data.machines || [];
      summary.textContent = services.length || machines.length
        ? S("找到 {n} 项", {n: services.length + machines.length})
        : S("没有找到相关事项，换个关键词试试");
      for (const service of services) {
        const item = el("li");
        const link = el("a", "k-result");
        link.href = "/kiosk/services/" + encodeURIComponent(service.id);
        link.append(el("span", "k-result-name", service.name));
        const meta = el("span", "k-result-meta");
        meta.append(el("span", "k-win-inline", service.windows_label),
                    el("span", null, " · " + service.post_name));
        for (const note of service.notes || []) meta.append(el("span", "k-badge", note));
        link.append(meta, el("span", "k-chevron", "›"));
        item.append(link);
        list.append(item);
      }
      for (const machine of machines) {
        const item = el("li", "k-result k-result-machine");
        item.append(el("span", "k-result-name", S("自助机") + " · " + machine.name));
        if (machine.locations && machine.locations.length) {
          item.append(el("span", "k-result-meta", S("位置") + "：" + machine.locations.join("；")));
        }
        list.append(item);
      }
    }

    async function run() {
      const query = input.value.trim();
      if (!query) { show(false); return; }
      const mine = ++asked;
      show(true);
      summary.textContent = S("正在搜索…");
      try {
        const answer = await request("GET", "/api/services?q=" + encodeURIComponent(query));
        if (mine === asked && answer.ok) render(answer.data);
      } catch (_err) {
        if (mine === asked) summary.textContent = S("网络不通，请稍后再试或联系工作人员");
      }
    }

    function soon() { clearTimeout(timer); timer = setTimeout(run, 220); }

    input.addEventListener("input", soon);
    $("search-form").addEventListener("submit", (event) => {
      event.preventDefault(); clearTimeout(timer); run(); input.blur();
    });
    clear.addEventListener("click", () => { input.value = ""; show(false); input.focus(); });
    document.querySelectorAll("[data-keyword]").forEach((chip) =>
      chip.addEventListener("click", () => {
        input.value = chip.dataset.keyword;
        clearTimeout(timer);
        run();
        results.scrollIntoView({block: "start", behavior: "smooth"});
      }));

    const keys = $("letter-keys");
    const toggle = $("keys-toggle");
    toggle.addEventListener("click", () => {
      keys.hidden = !keys.hidden;
      toggle.setAttribute("aria-expanded", String(!keys.hidden));
      document.body.classList.toggle("has-keys", !keys.hidden);
    });
    keys.addEventListener("click", (event) => {
      const key = event.target.closest("[data-key]");
      if (!key) return;
      input.value = key.dataset.key === "backspace"
        ? input.value.slice(0, -1) : (input.value + key.dataset.key).slice(0, 100);
      soon();
    });

    return {
      active: () => !results.hidden || !keys.hidden,
      reset() {
        input.value = ""; show(false); keys.hidden = true;
        document.body.classList.remove("has-keys");
        toggle.setAttribute("aria-expanded", "false");
        window.scrollTo(0, 0);
      },
    };
  }

  // ---- service page: the status panel, one-tap ticket, the ticket on screen ----
  function renderStatus(status) {
    const box = $("status");
    box.className = "k-status tone-" + status.tone;
    $("status-headline").textContent = status.headline;
    const lines = $("status-lines");
    lines.replaceChildren(...status.lines.map((line) => el("li", null, line)));
    $("status-notice").hidden = !status.notice;
    $("status-notice-text").textContent = status.notice || "";
    const take = $("take");
    if (!taking) {
      take.disabled = !status.can_issue;
      take.textContent = status.can_issue ? S("我要取号") : S("暂不能取号");
    }
  }

  let taking = false;

  async function refreshStatus() {
    const answer = await request(
      "GET", "/kiosk/services/" + encodeURIComponent(config.service_id) + "/status");
    if (answer.ok) {
      config.status = answer.data.status;
      renderStatus(answer.data.status);
    }
    return answer.ok ? answer.data.status : null;
  }

  function showDialog(title, lines) {
    $("dialog-title").textContent = title;
    $("dialog-lines").replaceChildren(...lines.map((line) => el("li", null, line)));
    $("dialog").hidden = false;
  }

  async function take() {
    if (taking) return;
    taking = true;
    const button = $("take");
    button.disabled = true;
    button.textContent = S("正在取号…");
    const body = {service_id: config.service_id, kiosk: kioskName(), request_key: newRequestKey()};
    let answer = null;
    for (let attempt = 0; attempt < 2 && !answer; attempt++) {
      try {
        answer = await request("POST", "/api/tickets", body); // same key: the server dedups
      } catch (_err) {
        answer = null;
      }
    }
    taking = false;
    if (answer && answer.status === 201) {
      showTicket(answer.data);
      return;
    }
    let status = null;
    try { status = await refreshStatus(); } catch (_err) { status = null; }
    if (answer && answer.status === 409 && status && !status.can_issue) {
      showDialog(status.headline, status.lines);
    } else if (answer && answer.data && answer.data.message) {
      showDialog(S("取号失败"), [answer.data.message]);
    } else {
      showDialog(S("取号失败"), [S("网络不通，请稍后再试或联系工作人员")]);
    }
    if (status === null) renderStatus(config.status);
  }

  function tokenOf(view) { return view.status_url.split("/").pop(); }

  function showTicket(view) {
    idlePaused = true;
    $("idle").hidden = true;
    const token = tokenOf(view);
    $("ticket-number").textContent = view.number;
    $("ticket-service").textContent = view.service.name;
    $("ticket-windows").textContent = view.windows_label;
    $("ticket-ahead").textContent = view.people_ahead;
    $("ticket-wait").textContent = view.estimated_wait_minutes;
    $("ticket-qr").src = "/qr.svg?data=" + encodeURIComponent(config.base_url + view.status_url);
    $("ticket-screen").hidden = false;

    const line = $("print-status");
    let outcome = null; // "done" | "failed" | "unknown"
    let deadline = Date.now() + config.idle_seconds * 1000;

    function setPrint(state) {
      if (outcome === "done" || outcome === "failed") return;
      outcome = state;
      line.dataset.state = state;
      line.textContent = {
        printing: S("正在打印…"), done: S("请取走小票"),
        failed: S("打印机故障，请拍下屏幕上的号码或扫码"),
        unknown: S("请记下号码，或扫码在手机上查看"),
      }[state];
      if (state === "failed") {
        deadline = Date.now() + Math.max(config.idle_seconds * 3, 60) * 1000;
      }
      if (state === "printing") outcome = null;
    }

    function fromView(print) {
      if (!print) return;
      if (print.state === "printed") setPrint("done");
      else if (print.state === "retrying" || print.state === "failed") setPrint("failed");
    }

    setPrint("printing");
    fromView(view.print);
    onHallEvent((name, body) => {
      const mine = body.token ? body.token === token
        : body.ticket_id !== undefined ? body.ticket_id === view.id : body.number === view.number;
      if (!mine) return;
      if (name === "print.done") setPrint("done");
      if (name === "print.failed") setPrint("failed");
    });
    // The print events may never come (no spool, a missed message): ask the ticket itself.
    [3000, 8000].forEach((delay) => setTimeout(async () => {
      if (outcome) return;
      try {
        const answer = await request("GET", "/api/tickets/" + encodeURIComponent(token));
        if (answer.ok) fromView(answer.data.print);
      } catch (_err) { /* the timeout below covers it */ }
    }, delay));
    setTimeout(() => { if (!outcome) setPrint("unknown"); }, 10000);

    $("ticket-screen").addEventListener("pointerdown", () => {
      deadline = Math.max(deadline, Date.now() + config.idle_seconds * 1000);
    });
    $("ticket-done").addEventListener("click", goHome);
    setInterval(() => {
      const left = Math.ceil((deadline - Date.now()) / 1000);
      if (left <= 0) goHome();
      $("ticket-countdown").textContent = S("{n} 秒后返回首页", {n: Math.max(left, 0)});
    }, 250);
  }

  function setupService() {
    $("take").addEventListener("click", take);
    $("dialog-ok").addEventListener("click", () => { $("dialog").hidden = true; });
    let timer = null;
    const later = () => { clearTimeout(timer); timer = setTimeout(() => refreshStatus().catch(() => {}), 1500); };
    onHallEvent(later);
    setInterval(() => { if (!taking) refreshStatus().catch(() => {}); }, 30000);
  }

  if (config.page === "home") search = setupSearch();
  if (config.page === "service") setupService();
  if (config.page === "home" || config.page === "post") followHours();

  /** The hours changed (an opening, a cutoff, a closing, an admin's closure): redraw the
   *  open/closed lines, but never under a visitor's fingers — wait until nobody touches. */
  function followHours() {
    let stale = false;
    onHallEvent((name) => { if (name.startsWith("hall.") || name.startsWith("window.")) stale = true; });
    setInterval(() => {
      const quiet = Date.now() - lastTouch > 8000 && !(search && search.active());
      if (stale && quiet) location.reload();
    }, 1000);
  }
})();
