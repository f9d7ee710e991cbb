/* Words several hall pages say alike (loaded by base.html), each through the page's own
 * translator `T(key, values)`: the printer banner staff see, and a ticket's "预计等候" as
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

  function hhmm(iso) { return iso ? iso.slice(11, 16).replace(/^0/, "") : ""; }

  /** A ticket view's wait: {minutes} when a number can be said, else {text}. */
  function waitText(view, T) {
    const estimate = view.estimate;
    const opens = hhmm(estimate.from_at);
    if (estimate.shown === false) return {minutes: null, text: T("请留意叫号")};
    if (!estimate.can_estimate) return {minutes: null, text: T("暂无法估计")};
    if (view.people_ahead === 0 && !estimate.serving) {
      return {minutes: null, text: opens ? T("窗口 {opens} 开放后第一个叫您", {opens})
        : T("窗口开放后第一个叫您")};
    }
    if (opens) {
      return {minutes: null,
              text: T("窗口 {opens} 开放，预计 {by} 前后", {opens, by: hhmm(estimate.called_by)})};
    }
    return {minutes: estimate.minutes, text: ""};
  }

  return {drawPrinterBanner: drawPrinterBanner, waitText: waitText};
})();
