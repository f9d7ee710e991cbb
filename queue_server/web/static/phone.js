// The visitor's phone page: one ticket, rendered only from snapshots; beep and vibrate on a call.
(function () {
  "use strict";

  const config = JSON.parse(document.getElementById("phone-config").textContent);
  const $ = (id) => document.getElementById(id);
  const HEADLINES = {waiting: "等候中", called: "请到 {window} 号窗口", serving: "正在办理",
                     done: "已办结", missed: "已过号", cancelled: "已取消", expired: "已失效"};
  const DETAILS = {serving: "工作人员正在为您办理", done: "本号已办结，感谢您的耐心",
                   missed: "叫号时您不在窗口，本号已过号。如需办理，请到窗口说明或重新取号",
                   cancelled: "本号已取消", expired: "本号已过期，请重新取号"};
  const TONES = {called: "call", serving: "ok", waiting: "wait"};

  function S(key, values) {
    return HallDom.fill(config.strings[key] || key, values);
  }

  /** POST with an empty JSON body; csrf.js adds the CSRF token (and renews it once). */
  async function post(url) {
    const response = await fetch(url, {
      method: "POST", credentials: "same-origin", cache: "no-store",
      headers: {"Content-Type": "application/json", Accept: "application/json"},
      body: "{}",
    });
    let data = null;
    try { data = await response.json(); } catch (_err) { data = null; }
    return {ok: response.ok, status: response.status, data};
  }

  // ---- sound and vibration (browsers allow sound only after a tap: the 🔔 button) ----
  let audio = null;

  function beep(times) {
    if (!audio) return;
    const start = audio.currentTime + 0.05;
    for (let i = 0; i < times; i++) {
      const osc = audio.createOscillator();
      const gain = audio.createGain();
      osc.type = "sine";
      osc.frequency.value = i % 2 ? 660 : 880;
      const at = start + i * 0.45;
      gain.gain.setValueAtTime(0.0001, at);
      gain.gain.exponentialRampToValueAtTime(0.6, at + 0.03);
      gain.gain.exponentialRampToValueAtTime(0.0001, at + 0.35);
      osc.connect(gain).connect(audio.destination);
      osc.start(at);
      osc.stop(at + 0.4);
    }
  }

  function vibrate(pattern) {
    if (navigator.vibrate) {
      try { navigator.vibrate(pattern); } catch (_err) { /* not allowed yet */ }
    }
  }

  $("sound").addEventListener("click", () => {
    const Context = window.AudioContext || window.webkitAudioContext;
    if (Context && !audio) audio = new Context();
    if (audio && audio.state === "suspended") audio.resume();
    beep(1);
    vibrate(120);
    $("sound").textContent = S("提醒音已开启");
    $("sound").classList.add("is-on");
  });

  // ---- render one snapshot (the ticket view) ----
  let last = null;


  function stateOf(view) {
    const state = view.state;
    let detail = "";
    let alert = false;
    if (state === "waiting") {
      const ahead = view.people_ahead;
      const estimate = view.estimate;
      const hidden = estimate.shown === false;  // the hall's rule: no estimate shown
      if (view.slot_at && estimate.called_at === view.slot_at) {  // 预约, early
        detail = S("预约时段 {slot}，到时优先叫号", {slot: view.slot_at.slice(11, 16)});
      } else if (!hidden && estimate.kind === "none") {
        detail = S("今天没有窗口办理，暂无法估计等候时间");
      } else if (!hidden && estimate.kind === "not_today") {
        detail = S("前面还有 {n} 人，今日可能办不完", {n: ahead});
      } else if (!hidden && !estimate.serving && (ahead === 0 || estimate.from_at)) {
        detail = HallWords.waitText(view, S).text;
      } else if (ahead === 0) {
        detail = S("下一位就是您，请到 {windows} 附近等候", {windows: view.windows_label});
        alert = true;
      } else if (ahead <= config.alert_when_ahead) {
        detail = S("快到您了：前面只剩 {n} 人，请回到大厅", {n: ahead});
        alert = true;
      } else if (hidden) {
        detail = S("前面还有 {n} 人，请留意叫号", {n: ahead});
      } else {
        detail = S("前面还有 {n} 人，预计{when} 叫号", {n: ahead, when: HallWords.estimateText(estimate, S)});
      }
    } else if (state === "called") {
      if (view.recall_count) detail = S("再次呼叫（第 {n} 次）", {n: view.recall_count + 1});
    } else if (DETAILS[state]) {
      detail = S(DETAILS[state]);
    }
    return {state, detail, alert, tone: TONES[state] || "end",
            headline: S(HEADLINES[state] || state, {window: view.window_no || ""})};
  }

  function render(view) {
    const shown = stateOf(view);
    $("number").textContent = view.number;
    $("service").textContent = (config.lang === "en" && view.service.name_en) || view.service.name;
    $("windows").textContent = view.window_no && (view.state === "called" || view.state === "serving")
      ? S("{n}号窗口", {n: view.window_no}) : view.windows_label;
    $("post").textContent = (config.lang === "en" && view.post.name_en) || view.post.name;
    const box = $("state");
    box.className = "p-state tone-" + shown.tone + (shown.alert ? " is-alert" : "");
    box.dataset.state = shown.state;
    $("state-headline").textContent = shown.headline;
    $("state-detail").textContent = shown.detail;
    $("state-detail").hidden = !shown.detail;
    $("progress").hidden = shown.state !== "waiting";
    $("ahead").textContent = view.people_ahead;
    if (shown.state === "waiting") {
      const wait = HallWords.waitText(view, S);
      $("wait").textContent = wait.minutes === null ? wait.text : wait.minutes;
      $("wait").classList.toggle("is-words", wait.minutes === null);
      $("wait-unit").hidden = wait.minutes === null;
    }
    $("actions").hidden = shown.state !== "waiting";
    $("alerts").hidden = !(shown.state === "waiting" || shown.state === "called");
    document.title = view.number + " · " + shown.headline;
    renderRating(view);

    const wasCalled = last && last.state === "called";
    if (shown.state === "called" && (!wasCalled || view.recall_count > last.recall_count)) {
      beep(4);
      vibrate([400, 150, 400, 150, 800]);
    } else if (shown.alert && !(last && stateOf(last).alert)) {
      beep(2);
      vibrate([200, 100, 200]);
    }
    last = view;
  }

  function setLive(state) {
    const line = $("live");
    line.dataset.live = state;
    line.textContent = state === "on" ? S("实时更新中") : S("连接中断，正在重连…");
  }

  // ---- the rating (好差评), once the ticket is finished: what the server holds ----
  let score = null;
  let justRated = false;

  function renderRating(view) {
    const box = $("rating");
    if (view.state !== "done" || (!view.rating && !view.can_rate)) {
      box.hidden = true;
      return;
    }
    box.hidden = false;
    $("rating-form").hidden = Boolean(view.rating);
    $("rating-done").hidden = !view.rating;
    if (view.rating) {
      box.dataset.rated = view.rating.source;
      $("rating-done-title").textContent = justRated ? S("感谢您的评价！")
        : view.rating.source === "pad" ? S("您已在窗口评价器上评价过本次服务")
        : S("您已评价过本次服务");
      $("rating-done-score").textContent = S("您的评价：{label}",
                                             {label: S(config.scores[String(view.rating.score)])});
    }
  }

  function choose(value) {
    score = value;
    for (const button of document.querySelectorAll(".p-score")) {
      button.setAttribute("aria-pressed", String(Number(button.dataset.score) === value));
    }
    $("rating-bad").hidden = value > 2;
    $("rating-submit").disabled = false;
  }

  for (const button of document.querySelectorAll(".p-score")) {
    button.addEventListener("click", () => choose(Number(button.dataset.score)));
  }
  for (const chip of document.querySelectorAll(".p-chip")) {
    chip.addEventListener("click", () => {
      chip.setAttribute("aria-pressed", String(chip.getAttribute("aria-pressed") !== "true"));
    });
  }
  $("rating-comment").addEventListener("input", () => {
    $("rating-count").textContent = $("rating-comment").value.length;
  });

  $("rating-submit").addEventListener("click", async () => {
    if (score === null) return;
    const bad = score <= 2;
    const body = {
      score: score,
      reasons: bad ? Array.from(document.querySelectorAll(".p-chip[aria-pressed=true]"),
                                (chip) => chip.dataset.reason) : [],
      comment: bad ? $("rating-comment").value : "",
    };
    $("rating-submit").disabled = true;
    $("rating-error").hidden = true;
    const url = "/api/tickets/" + encodeURIComponent(config.token) + "/rating";
    try {
      const response = await fetch(url, {
        method: "POST", credentials: "same-origin", cache: "no-store",
        headers: {"Content-Type": "application/json", Accept: "application/json"},
        body: JSON.stringify(body),
      });
      if (response.status === 201) {
        const rating = await response.json();
        justRated = true;
        render(Object.assign({}, last, {rating: {score: rating.score, source: rating.source},
                                        can_rate: false}));
        return;
      }
      if (response.status === 409) {  // rated at the window's pad meanwhile, or too late
        const fresh = await fetch("/api/tickets/" + encodeURIComponent(config.token),
                                  {cache: "no-store"});
        if (fresh.ok) { render(await fresh.json()); return; }
      }
    } catch (_err) { /* shown below */ }
    $("rating-error").textContent = S("评价失败，请稍后再试");
    $("rating-error").hidden = false;
    $("rating-submit").disabled = false;
  });

  render(config.view);
  last = config.view;

  if (typeof window.io === "function") {
    const socket = window.io({auth: {screen: "ticket", token: config.token}});
    socket.on("connect", () => setLive("on"));
    socket.on("disconnect", () => setLive("off"));
    socket.on("connect_error", () => setLive("off"));
    socket.on("snapshot", (view) => { if (view && view.number) render(view); });
  }

  // ---- cancel, after a confirmation ----
  $("cancel").addEventListener("click", () => {
    $("confirm-title").textContent = S("确定取消 {number} 号吗？", {number: last.number});
    $("confirm").hidden = false;
  });
  $("confirm-no").addEventListener("click", () => { $("confirm").hidden = true; });
  $("confirm-yes").addEventListener("click", async () => {
    $("confirm-yes").disabled = true;
    try {
      const answer = await post("/api/tickets/" + encodeURIComponent(config.token) + "/cancel");
      if (answer.ok && answer.data) render(answer.data);
      else window.alert(S("取消失败，请稍后再试"));
    } catch (_err) {
      window.alert(S("取消失败，请稍后再试"));
    }
    $("confirm-yes").disabled = false;
    $("confirm").hidden = true;
  });
})();
