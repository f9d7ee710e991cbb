/* The lobby board: renders every window, the latest and recent calls from each snapshot;
 * announces every call it has not yet announced, in order: those a snapshot's `events` carry
 * and, after a reconnect or a reload, those in its `recent_calls` newer than the last one this
 * board heard (by `seq`). Exposes window.hallBoard for tests. */
(function () {
  "use strict";

  const H = window.HallScreen;
  const { el, t } = H;
  const FRESH_MS = 30000;   // a call this recent is highlighted
  const RECENT = 5;

  const CALL_KINDS = new Set(["ticket.called", "ticket.recalled"]);

  const announcer = new window.HallAnnouncer.Announcer({
    reading: H.config.reading, voice: H.config.voice, audioBase: H.config.audio_base,
    clipSeconds: H.config.clip_seconds, onchange: showSoundButton,
  });
  const board = {
    announcer,
    announcements: announcer.announcements,   // "请A012号到8号窗口", in the order queued
    spoken: announcer.spoken,                 // "请A零一二号到八号窗口"
    said: announcer.said,                     // texts said, in order
    announced: announcer.log,                 // {seq, text, times, startedAt, endedAt}
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

  /** One window: its number and what it shows big (ticket or state), the post, and a foot
   * (people waiting, or why it is paused or closed). A paused window with a ticket shows both
   * the ticket and 暂停. */
  const ESTIMATE_WORDS = {
    range: "约 {low}–{high}", opening: "约 {opens} 起", not_today: "今日可能办不完",
    none: "暂无法估计",
  };

  /** An estimate's words, as the kiosk, the phone and the printed ticket say them. */
  function estimateText(estimate) {
    return t(ESTIMATE_WORDS[estimate.kind] || ESTIMATE_WORDS.none,
             { low: estimate.low, high: estimate.high, opens: estimate.opens });
  }

  /** The post's last waiting ticket and when it is called, as on its own ticket and phone
   * ("H006 约 10:20–10:35"); empty when nobody waits or the window does not call now. */
  function newest(win, post) {
    const line = el("div", "tile-newest");
    if (post.newest && (win.state === "serving" || win.state === "unstaffed")) {
      line.textContent = post.newest.number + " " + estimateText(post.newest.estimate);
    }
    return line;
  }

  function tile(win, postsById, latest) {
    const node = el("article", "tile state-" + win.state);
    node.dataset.window = win.number;
    const head = el("header", "tile-head");
    head.append(el("span", "tile-no", win.number));
    const foot = el("footer", "tile-foot");
    const post = postsById.get(win.post_id) || {};
    const waiting = () => el("span", "tile-waiting", t("等候 {n} 人", { n: post.waiting || 0 }));
    if (win.state === "serving") {
      if (win.current) {
        head.append(el("span", "tile-number", win.current.number));
        if (latest && isFresh(latest) && latest.window_no === win.number
            && latest.number === win.current.number) {
          node.classList.add("just-called");
        }
      } else {
        head.append(el("span", "tile-idle", t("空闲")));
      }
      foot.append(waiting());
    } else if (win.state === "paused") {
      if (win.current) {
        node.classList.add("has-ticket");
        head.append(el("span", "tile-number", win.current.number));
        foot.append(el("span", "tile-flag", t("暂停")));
      } else {
        head.append(el("span", "tile-state", t("暂停")));
      }
      if (win.pause_reason) foot.append(el("span", "tile-detail", win.pause_reason));
    } else if (win.state === "closed") {
      head.append(el("span", "tile-state", t("已关闭")));
      foot.append(el("span", "tile-detail",
                     win.closure_reason || (win.opens_at ? H.openingText(win.opens_at) : "")));
    } else {
      head.append(el("span", "tile-state", t("未开放")));
      foot.append(waiting());
    }
    node.append(head, el("div", "tile-post", win.post_name), newest(win, post), foot);
    return node;
  }

  function renderWindows(snapshot) {
    const postsById = new Map((snapshot.posts || []).map((p) => [p.id, p]));
    const latest = (snapshot.last_calls || [])[0];
    const tiles = (snapshot.windows || []).map((w) => tile(w, postsById, latest));
    document.getElementById("windows").replaceChildren(...tiles);
  }

  const HALTED = { paused: "暂停", closed: "已关闭", unstaffed: "未开放" };

  /** The latest call, large. "正在叫号 … 请到 N号窗口" only while window N serves: a paused
   * or closed window's last call shows its number with the window's state instead. */
  function renderNowCalling(snapshot) {
    const latest = (snapshot.last_calls || [])[0];
    const win = latest && (snapshot.windows || []).find((w) => w.number === latest.window_no);
    const halted = win ? HALTED[win.state] : undefined;
    const card = document.getElementById("now-calling");
    card.classList.toggle("fresh", isFresh(latest) && !halted);
    card.classList.toggle("empty", !latest);
    card.classList.toggle("halted", Boolean(halted));
    card.dataset.state = halted ? win.state : "calling";
    H.setText("now-label-text", halted ? t(halted) : t("正在叫号"));
    document.getElementById("now-recall").hidden = Boolean(
      halted || !(latest && latest.kind === "ticket.recalled"));
    H.setText("now-number", latest ? latest.number : "—");
    const where = document.getElementById("now-window");
    if (latest && halted) {
      where.replaceChildren(el("strong", null, t("{n}号窗口", { n: latest.window_no })),
                            el("span", "now-halted", t(halted)));
    } else if (latest) {
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

  // ---- Live: snapshots are the truth; calls are announced once each, in order. ---------
  /** The calls a snapshot knows of, by seq, oldest first: its recent calls (what a board that
   * was away missed) and the calls among its events (the batch that made it). */
  function callsOf(snapshot) {
    const bySeq = new Map();
    const unnumbered = [];
    const add = (call) => {
      if (Number.isInteger(call.seq)) bySeq.set(call.seq, call);
      else unnumbered.push(call);
    };
    for (const c of snapshot.recent_calls || []) {
      add({ number: c.number, window_no: c.window_no, kind: c.kind, seq: c.seq });
    }
    for (const body of snapshot.events || []) {
      if (CALL_KINDS.has(body.event)) {
        add({ number: body.number, window_no: body.window_no, kind: body.event, seq: body.seq });
      }
    }
    return [...[...bySeq.values()].sort((a, b) => a.seq - b.seq), ...unnumbered];
  }

  function announceNew(snapshot) {
    const calls = callsOf(snapshot);
    const newestInLog = ((snapshot.last_calls || [])[0] || {}).seq || 0;
    const heard = announcer.heardUpTo;
    if (heard === null || heard > newestInLog) {
      // A first ever load (or a hall whose log started again): the calls already made are
      // not news; only those this snapshot's events bring are.
      const fresh = new Set((snapshot.events || []).map((body) => body.seq));
      const before = calls.filter((c) => Number.isInteger(c.seq) && !fresh.has(c.seq));
      announcer.resetHeard(before.length ? before[before.length - 1].seq
                                         : (fresh.size ? 0 : newestInLog));
    }
    let queued = 0;
    for (const call of calls) {
      if (announcer.enqueue(call.number, call.window_no, call.kind, call.seq)) queued += 1;
    }
    if (queued) flash();
  }

  function flash() {
    const card = document.getElementById("now-calling");
    card.classList.remove("flash");
    void card.offsetWidth; // restart the flash animation
    card.classList.add("flash");
  }

  board.socket = H.connect({ screen: "board" }, {
    snapshot(snapshot) {
      board.snapshot = snapshot;
      // the hall's reading rule, changed by an admin, unless this board chose its own
      if (!H.config.reading_fixed && snapshot.reading) announcer.reading = snapshot.reading;
      render();
      announceNew(snapshot);
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
