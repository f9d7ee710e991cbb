/* The small screen above one window: renders that window from each board snapshot. */
(function () {
  "use strict";

  const H = window.HallScreen;
  const { t } = H;
  const windowNo = H.config.window_no;
  const FRESH_MS = 30000;
  const screen = { snapshot: null, window: null };
  window.hallWindowScreen = screen;

  function render() {
    const snapshot = screen.snapshot;
    if (!snapshot) return;
    const win = (snapshot.windows || []).find((w) => w.number === windowNo);
    screen.window = win || null;
    const root = document.getElementById("window-screen");
    if (!win) {
      root.dataset.state = "closed";
      H.setText("ws-number", "—");
      return;
    }
    const waiting = ((snapshot.posts || []).find((p) => p.id === win.post_id) || {}).waiting || 0;
    H.setText("ws-post", win.post_name);
    let state = win.state;
    let big = "";
    let detail = "";
    if (win.state === "serving" && win.current) {
      big = win.current.number;
    } else if (win.state === "serving") {
      state = "idle";
      big = t("空闲");
    } else if (win.state === "paused" && win.current) {  // paused with a ticket: say both
      big = win.current.number;
      detail = [t("暂停"), win.pause_reason].filter(Boolean).join(" · ");
    } else if (win.state === "paused") {
      big = t("暂停");
      detail = win.pause_reason || "";
    } else if (win.state === "closed") {
      big = t("已关闭");
      detail = win.closure_reason || (win.opens_at ? H.openingText(win.opens_at) : "");
    } else {
      big = t("未开放");
    }
    root.dataset.state = state;
    const latest = (snapshot.last_calls || []).find((c) => c.window_no === windowNo);
    const age = latest ? H.hallNow() - Date.parse(latest.at) : Infinity;
    root.classList.toggle("fresh", Boolean(win.current && latest
      && latest.number === win.current.number && age < FRESH_MS && age > -FRESH_MS));
    H.setText("ws-number", big);
    H.setText("ws-detail", detail);
    H.setText("ws-waiting", state === "serving" || state === "idle"
      ? t("等候 {n} 人", { n: waiting }) : "");
  }

  function tick() {
    if (H.clock.synced) H.setText("clock-time", H.timeText(H.hallNow(), false));
    render();
  }

  H.connect({ screen: "board" }, {
    snapshot(snapshot) { screen.snapshot = snapshot; tick(); },
  });
  setInterval(tick, 1000);
})();
