// The touch kiosk: hall clock, idle reset, search, one-tap ticket with print status.
// Drawn from the kiosk snapshot the server pushes (room kiosk:<lang>); it never polls or
// reloads to stay current. Catalog text goes into the page with textContent only.
(function () {
  "use strict";

  const config = JSON.parse(document.getElementById("kiosk-config").textContent);
  const $ = (id) => document.getElementById(id);

  const el = HallDom.el;

  /** Catalog words in the page's language: `<field>_en` in English when there is one. */
  function inLang(entry, field) {
    return (config.lang === "en" && entry[field + "_en"]) || entry[field];
  }

  function S(key, values) {
    return HallDom.fill(config.strings[key] || key, values);
  }

  // ---- requests: JSON, same origin (csrf.js adds the CSRF token and renews it once) ----
  // (kiosk_device.js adds the kiosk's credential, X-Kiosk-Key, when it has one)
  const device = window.HallKioskDevice;

  async function request(method, url, body) {
    const headers = Object.assign({Accept: "application/json"}, device ? device.headers() : {});
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
  let offset = Date.parse(config.snapshot.at) - Date.now();  // reset by every pushed snapshot's `at`
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

  tickClock();
  setInterval(tickClock, 1000);  // the on-screen tick; it asks the server nothing

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

  // ---- the kiosk snapshot: drawn at load from the page, then pushed after every change ----
  let snapshot = config.snapshot;
  const drawers = [];
  function onSnapshot(fn) { drawers.push(fn); }

  function received(next) {
    if (!next || !next.posts) return;
    snapshot = next;
    if (next.at) offset = Date.parse(next.at) - Date.now();
    tickClock();
    drawers.forEach((fn) => fn(next));
  }

  /** Each post's open/closing/closed line (home and post pages): `[data-post-id]` holds a
   *  `[data-line-dot]` and a `[data-line-text]`, or is them itself (the post page's pill). */
  function drawLines(now) {
    document.querySelectorAll("[data-post-id]").forEach((node) => {
      const post = now.posts[node.dataset.postId];
      if (!post || !post.line) return;
      const dot = node.matches("[data-line-dot]") ? node : node.querySelector("[data-line-dot]");
      const text = node.matches("[data-line-text]") ? node : node.querySelector("[data-line-text]");
      if (dot) {
        for (const state of ["open", "closing", "closed"]) {
          dot.classList.toggle("is-" + state, post.line.state === state);
        }
      }
      if (text) text.textContent = post.line.text;
    });
  }

  /** The printer cannot print (the server says it is down): say so before anyone taps. */
  function drawPrinter(now) {
    const banner = $("printer-banner");
    if (!banner) return;
    const status = now.printer ? now.printer.status : "unknown";
    const broken = Boolean(now.printer && now.printer.down);
    $("printer-banner-text").textContent =
      S("打印机暂时无法出票，取号后请记下屏幕上的号码或扫码用手机查看");
    banner.hidden = !broken;
    banner.dataset.status = status;
  }

  onSnapshot(drawLines);
  onSnapshot(drawPrinter);

  window.hallKiosk = {socket: null, ticketSocket: null, snapshot: () => snapshot};
  if (typeof window.io === "function") {
    const socket = window.io({auth: {screen: "kiosk", lang: config.lang}});
    socket.on("snapshot", received);  // on connect and reconnect too: a full state each time
    window.hallKiosk.socket = socket;  // for tests and the curious
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
        link.append(el("span", "k-result-name", inLang(service, "name")));
        const meta = el("span", "k-result-meta");
        meta.append(el("span", "k-win-inline", service.windows_label),
                    el("span", null, " · " + inLang(service, "post_name")));
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
  let taking = false;
  let dialogAwaitsStatus = false;  // a refusal shown before the push that explains it

  /** The service's status panel in `now`: its post's, with the service's own notice. */
  function statusIn(now) {
    const changed = now.services && now.services[config.service_id];  // moved or suspended
    if (changed) return Object.assign({}, changed.status, {notice: config.notice});
    const post = now.posts[config.post_id];
    return post ? Object.assign({}, post.status, {notice: config.notice}) : config.status;
  }

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
    if (device && device.cardRequired()) {  // the hall's rule: one open ticket per card
      body.card = await device.askCard();
      if (body.card === null) {
        taking = false;
        renderStatus(statusIn(snapshot));
        return;
      }
    }
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
    if (device && device.refused(answer)) {  // not (or no longer) a registered kiosk
      renderStatus(statusIn(snapshot));
      return;
    }
    const status = statusIn(snapshot);  // the latest pushed; the change that refused us is
    const routeRefused = answer && answer.status === 409 && answer.data
      && answer.data.error === "issue_refused";
    if (routeRefused) {  // in it, or in the push arriving shortly
      if (!status.can_issue) {
        showDialog(status.headline, status.lines);
      } else {
        showDialog(S("暂不能取号"), [(answer.data && answer.data.message) || S("取号失败")]);
        dialogAwaitsStatus = true;
      }
    } else if (answer && answer.data && answer.data.message) {
      showDialog(S("取号失败"), [answer.data.message]);
    } else {
      showDialog(S("取号失败"), [S("网络不通，请稍后再试或联系工作人员")]);
    }
    renderStatus(status);
  }

  function tokenOf(view) { return view.status_url.split("/").pop(); }


  function drawWait(view) {
    const wait = HallWords.waitText(view, S);
    $("ticket-wait").textContent = wait.minutes === null ? wait.text : wait.minutes;
    $("ticket-wait").classList.toggle("is-words", wait.minutes === null);
    $("ticket-wait-unit").hidden = wait.minutes === null;
  }

  function showTicket(view) {
    idlePaused = true;
    $("idle").hidden = true;
    const token = tokenOf(view);
    $("ticket-number").textContent = view.number;
    $("ticket-service").textContent = inLang(view.service, "name");
    $("ticket-windows").textContent = view.windows_label;
    $("ticket-ahead").textContent = view.people_ahead;
    drawWait(view);
    $("ticket-qr").src = "/qr.svg?data=" + encodeURIComponent(config.base_url + view.status_url);
    $("ticket-screen").hidden = false;

    const line = $("print-status");
    let outcome = null; // "done" | "failed" | "unknown"
    let deadline = Date.now() + config.idle_seconds * 1000;

    function setPrint(state) {
      if (outcome === "done") return;
      if (outcome === "failed" && state !== "done") return;  // a retried job may print yet
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
    // The ticket is a screen of its own: its view comes on connect and after each change
    // of its post or its print job.
    if (typeof window.io === "function") {
      const ticketSocket = window.io({forceNew: true, auth: {screen: "ticket", token: token}});
      ticketSocket.on("snapshot", (now) => {
        if (!now || now.number !== view.number) return;
        $("ticket-ahead").textContent = now.people_ahead;
        if (now.state === "waiting") drawWait(now);
        fromView(now.print);
      });
      window.hallKiosk.ticketSocket = ticketSocket;
    }
    // No confirmation at all (no print worker, no connection): say what to do without it.
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
    $("dialog-ok").addEventListener("click", () => {
      $("dialog").hidden = true;
      dialogAwaitsStatus = false;
    });
    onSnapshot((now) => {
      const status = statusIn(now);
      renderStatus(status);
      if (dialogAwaitsStatus && !status.can_issue && !$("dialog").hidden) {
        showDialog(status.headline, status.lines);
        dialogAwaitsStatus = false;
      }
    });
  }

  if (config.page === "home") search = setupSearch();
  if (config.page === "service") setupService();
  received(config.snapshot);
})();
