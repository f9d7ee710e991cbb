/* Words several hall pages say alike (loaded by base.html), each through the page's own
 * translator `T(key, values)`: the printer banner staff see, and a ticket's "预计叫号" as
 * status_text.wait_text words it on the server. */
window.HallWords = (function () {
  "use strict";

  const PRINTER_BANNER = {
    offline: "打印机离线，取号机暂时无法出票",
    out_of_paper: "打印机缺纸，取号机暂时无法出票，请换纸",
    near_end: "打印机纸将用尽，请准备换纸",
  };

  /** The staff banner for the printer's state, or null when there is nothing to say. */
  function printerBanner(printer, T) {
    if (!printer) return null;
    if (PRINTER_BANNER[printer.status]) return T(PRINTER_BANNER[printer.status]);
    if (printer.status === "unknown" && printer.error) return T("打印机没有应答，小票可能没有打出");
    return null;
  }

  /** Draw that banner into the element `banner` (hidden when there is nothing to say). */
  function drawPrinterBanner(banner, printer, T) {
    const text = printerBanner(printer, T);
    banner.hidden = !text;
    banner.textContent = text || "";
    banner.dataset.status = printer ? printer.status : "unknown";
  }

  const ESTIMATE_WORDS = {
    range: "约 {low}–{high}", opening: "约 {opens} 起", not_today: "今日可能办不完",
    none: "暂无法估计",
  };

  /** The estimate's own words (queues.Estimate): "约 10:20–10:35", "约 13:45 起", ... */
  function estimateText(estimate, T) {
    return T(ESTIMATE_WORDS[estimate.kind] || ESTIMATE_WORDS.none,
             {low: estimate.low, high: estimate.high, opens: estimate.opens});
  }

  /** A ticket view's "预计叫号" (status_text.wait_text): always words, never minutes. */
  function waitText(view, T) {
    const estimate = view.estimate;
    if (estimate.shown === false) return {minutes: null, text: T("请留意叫号")};
    const known = estimate.kind === "range" || estimate.kind === "opening";
    if (view.people_ahead === 0 && !estimate.serving && known) {
      return {minutes: null, text: estimate.opens
        ? T("窗口 {opens} 开放后第一个叫您", {opens: estimate.opens}) : T("窗口开放后第一个叫您")};
    }
    return {minutes: null, text: estimateText(estimate, T)};
  }

  return {drawPrinterBanner: drawPrinterBanner, waitText: waitText, estimateText: estimateText};
})();
