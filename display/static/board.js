/* The lobby board: renders every window, the latest and recent calls from each snapshot;
 * announces the calls and recalls each snapshot carries. Exposes window.hallBoard for tests. */
(function () {
  "use strict";

  const H = window.HallScreen;
  const { el, t } = H;
  const FRESH_MS = 30000;   // a call this recent is highlighted
  const RECENT = 5;

  const announcer = new window.HallAnnouncer.Announcer({
    reading: H.config.reading, voice: H.config.voice, audioBase: H.config.audio_base,
    onchange: showSoundButton,
  });
  const board = {
    announcer,
    announcements: announcer.announcements,   // "请A012号到8号窗口办理", in the order queued
    spoken: announcer.spoken,                 // "请A零一二号到八号窗口办理"
    said: announcer.said,
    snapshot: null,
  };
  window.hallBoard = board;

  // ---- Sound: one tap to start, unless the browser already allows it. --------------------
  const soundButton = document.getElementById("enable-sound");
  function showSoundButton() {
    soundButton.hidden = announcer.enabled || announcer.voice === "off";
  }
  soundButton.addEventListener("click", () => announcer.enable().then(showSoundButton));
  announcer.tryAutoEnable();
  showSoundButton();

  // ---- Rendering: always the whole board from the latest snapshot. -----------------------
  function isFresh(call) {
    if (!call || !call.at) return false;
    const age = H.hallNow() - Date.parse(call.at);
    return age < FRESH_MS && age > -FRESH_MS;
  }

  function tile(win, waitingByPost, latest) {
    const node = el("article", "tile state-" + win.state);
    node.dataset.window = win.number;
    const head = el("header", "tile-head");
    head.append(el("span", "tile-no", win.number), el("span", "tile-post", win.post_name));
    const body = el("div", "tile-body");
    const foot = el("footer", "tile-foot");
    if (win.state === "serving") {
      if (win.current) {
        body.append(el("span", "tile-number", win.current.number));
        if (latest && isFresh(latest) && latest.window_no === win.number
            && latest.number === win.current.number) {
          node.classList.add("just-called");
        }
      } else {
        body.append(el("span", "tile-idle", t("空闲")));
      }
      foot.append(el("span", "tile-waiting",
                     t("等候 {n} 人", { n: waitingByPost.get(win.post_id) || 0 })));
    } else if (win.state === "paused") {
      body.append(el("span", "tile-state", t("暂停")));
      foot.append(el("span", "tile-detail", win.pause_reason || ""));
    } else if (win.state === "closed") {
      body.append(el("span", "tile-state", t("已关闭")));
      foot.append(el("span", "tile-detail",
                     win.closure_reason || (win.opens_at ? H.openingText(win.opens_at) : "")));
    } else {
      body.append(el("span", "tile-state", t("未开放")));
      foot.append(el("span", "tile-waiting",
                     t("等候 {n} 人", { n: waitingByPost.get(win.post_id) || 0 })));
    }
    node.append(head, body, foot);
    return node;
  }

  function renderWindows(snapshot) {
    const waitingByPost = new Map((snapshot.posts || []).map((p) => [p.id, p.waiting]));
    const latest = (snapshot.last_calls || [])[0];
    const tiles = (snapshot.windows || []).map((w) => tile(w, waitingByPost, latest));
    document.getElementById("windows").replaceChildren(...tiles);
  }

  function renderNowCalling(snapshot) {
    const latest = (snapshot.last_calls || [])[0];
    const card = document.getElementById("now-calling");
    card.classList.toggle("fresh", isFresh(latest));
    card.classList.toggle("empty", !latest);
    document.getElementById("now-recall").hidden = !(latest && latest.kind === "ticket.recalled");
    H.setText("now-number", latest ? latest.number : "—");
    const where = document.getElementById("now-window");
    if (latest) {
      const label = t("请到 {window}", { window: "\u0000" }).split("\u0000");
      where.replaceChildren(el("span", null, label[0]),
                            el("strong", null, t("{n}号窗口", { n: latest.window_no })),
                            el("span", null, label[1] || ""));
    } else {
      where.replaceChildren(el("span", null, t("暂无叫号")));
    }
  }

  function renderRecent(snapshot) {
    const rows = (snapshot.last_calls || []).slice(1, 1 + RECENT).map((call) => {
      const row = el("li", "recent-row");
      const number = el("span", "recent-number", call.number);
      if (call.kind === "ticket.recalled") number.append(el("span", "recall-tag", t("重呼")));
      row.append(number, el("span", "recent-window", t("{n}号窗口", { n: call.window_no })));
      return row;
    });
    document.getElementById("recent").replaceChildren(...rows);
  }

  function renderNotice(snapshot) {
    const text = H.noticeOf(snapshot);
    document.getElementById("notice").hidden = !text;
    H.setText("notice-text", text);
  }

  function renderClock() {
    if (!H.clock.synced) return;
    const now = H.hallNow();
    H.setText("clock-time", H.timeText(now, true));
    H.setText("clock-date", H.dateText(now));
  }

  function render() {
    const snapshot = board.snapshot;
    if (!snapshot) return;
    renderWindows(snapshot);
    renderNowCalling(snapshot);
    renderRecent(snapshot);
    renderNotice(snapshot);
    renderClock();
  }

  // ---- Live: snapshots are the truth; events only announce and flash. --------------------
  function onCall(body) {
    announcer.enqueue(body.number, body.window_no, body.event);
    const card = document.getElementById("now-calling");
    card.classList.remove("flash");
    void card.offsetWidth; // restart the flash animation
    card.classList.add("flash");
  }

  board.socket = H.connect({ screen: "board" }, {
    snapshot(snapshot) { board.snapshot = snapshot; render(); },
    events: {
      "ticket.called": onCall,
      "ticket.recalled": onCall,
    },
  });

  // Tick the clock and let highlights fade without waiting for the next snapshot.
  let lastFreshness = "";
  setInterval(() => {
    renderClock();
    const calls = (board.snapshot && board.snapshot.last_calls) || [];
    const freshness = String(isFresh(calls[0]));
    if (freshness !== lastFreshness) { lastFreshness = freshness; render(); }
  }, 1000);
})();
