// The kiosk's 预约签到: a code typed, or scanned by a keyboard-wedge scanner (it types the
// code and Enter), checks the booked visitor in; the ticket shows, then the page resets.
(function () {
  "use strict";

  const config = JSON.parse(document.getElementById("check-in-config").textContent);
  const $ = (id) => document.getElementById(id);
  const S = (key, values) => HallDom.fill(config.strings[key] || key, values);
  const form = $("check-in-form");
  const input = $("check-in-code");
  const error = $("check-in-error");
  let timer = null;
  let busy = false;

  function reset() {
    clearTimeout(timer);
    $("check-in-ticket").hidden = true;
    form.hidden = false;
    input.value = "";
    error.hidden = true;
    input.focus();
  }

  function show(view) {
    form.hidden = true;
    $("ticket-number").textContent = view.number;
    $("ticket-service").textContent = config.lang === "en" && view.service.name_en
      ? view.service.name_en : view.service.name;
    $("ticket-where").textContent = S("请到 {windows} 附近等候", {windows: view.windows_label});
    const booking = view.booking || {};
    $("ticket-slot").textContent = booking.late ? S("已超过预约时间，按现场取号排队")
      : S("预约时段 {slot}，到时优先叫号", {slot: (booking.slot_at || "").slice(11, 16)});
    $("ticket-qr").src = "/qr.svg?data=" + encodeURIComponent(config.base_url + view.status_url);
    $("check-in-ticket").hidden = false;
    timer = setTimeout(reset, (config.idle_seconds || 20) * 1000);
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const code = input.value.trim();
    if (!code) { error.textContent = S("请输入预约码"); error.hidden = false; return; }
    if (busy) return;
    busy = true;
    $("check-in-submit").disabled = true;
    error.hidden = true;
    let answer = null;
    try {
      const response = await fetch("/api/bookings/check-in", {
        method: "POST", credentials: "same-origin", cache: "no-store",
        headers: {"Content-Type": "application/json", Accept: "application/json"},
        body: JSON.stringify({code: code, kiosk: config.kiosk}),
      });
      answer = {ok: response.ok, data: await response.json().catch(() => null)};
    } catch (_err) {
      answer = null;
    }
    busy = false;
    $("check-in-submit").disabled = false;
    if (answer && answer.ok) { show(answer.data); return; }
    error.textContent = answer && answer.data ? HallDom.said(answer.data.message) : S("网络不通，请稍后再试");
    error.hidden = false;
    input.select();
  });
  $("check-in-done").addEventListener("click", reset);
  input.focus();
  if (config.code) {  // scanned on the kiosk home page
    input.value = config.code;
    window.history.replaceState(null, "", window.location.pathname);  // no second check-in
    form.requestSubmit();
  }
})();
