// 预约 on the phone: /book (choose a service, a day, a slot; name and contact; book) and
// /book/<code> (the booking, its QR, cancel). Data goes in as text (HallDom.el).
(function () {
  "use strict";

  const config = JSON.parse(document.getElementById("booking-config").textContent);
  const $ = (id) => document.getElementById(id);
  const S = (key, values) => HallDom.fill(config.strings[key] || key, values);

  async function send(method, url, body) {
    const response = await fetch(url, {
      method: method, credentials: "same-origin", cache: "no-store",
      headers: {"Content-Type": "application/json", Accept: "application/json"},
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    let data = null;
    try { data = await response.json(); } catch (_err) { data = null; }
    return {ok: response.ok, status: response.status, data: data};
  }

  function showError(node, text) {
    node.textContent = text;
    node.hidden = !text;
  }

  // ---- /book ----
  const form = $("book-form");
  let day = config.today;
  let slotAt = null;

  function addDays(iso, n) {
    const [y, m, d] = iso.split("-").map(Number);
    const at = new Date(Date.UTC(y, m - 1, d + n));
    return at.toISOString().slice(0, 10);
  }

  function serviceId() {
    const chosen = form.querySelector('input[name="service_id"]:checked');
    return chosen ? chosen.value : "";
  }

  function drawDays() {
    const box = $("days");
    box.replaceChildren();
    for (let k = 0; k <= config.days_ahead; k++) {
      const iso = addDays(config.today, k);
      const label = k === 0 ? S("今天") : k === 1 ? S("明天") : iso.slice(5);
      const button = HallDom.el("button", "p-chip b-day", label);
      button.type = "button";
      button.dataset.day = iso;
      button.setAttribute("aria-pressed", String(iso === day));
      button.addEventListener("click", () => { day = iso; drawDays(); loadSlots(); });
      box.append(button);
    }
  }

  async function loadSlots() {
    const box = $("slots");
    slotAt = null;
    box.replaceChildren(HallDom.el("p", "p-hint", S("加载中…")));
    const query = new URLSearchParams({service_id: serviceId(), day: day});
    const answer = await send("GET", "/api/bookings/slots?" + query).catch(() => null);
    box.replaceChildren();
    if (!answer || !answer.ok) {
      box.append(HallDom.el("p", "b-error", answer && answer.data ? HallDom.said(answer.data.message)
                                                                  : S("网络不通，请稍后再试")));
      return;
    }
    if (!answer.data.slots.length) {
      box.append(HallDom.el("p", "p-hint", S("这一天没有可预约的时段")));
      return;
    }
    for (const slot of answer.data.slots) {
      const button = HallDom.el("button", "b-slot");
      button.type = "button";
      button.dataset.slotAt = slot.start_at;
      button.append(HallDom.el("span", "b-slot-time",
                               slot.start_at.slice(11, 16) + "–" + slot.end_at.slice(11, 16)));
      button.append(HallDom.el("span", "b-slot-free",
                               slot.free === 0 ? S("已约满") : !slot.bookable ? S("已过")
                                 : S("剩 {n} 个名额", {n: slot.free})));
      button.disabled = !slot.bookable;
      button.setAttribute("aria-pressed", "false");
      button.addEventListener("click", () => {
        slotAt = slot.start_at;
        box.querySelectorAll(".b-slot").forEach((b) => b.setAttribute("aria-pressed",
          String(b === button)));
      });
      box.append(button);
    }
  }

  if (form) {
    drawDays();
    loadSlots();
    form.querySelectorAll('input[name="service_id"]').forEach((input) =>
      input.addEventListener("change", loadSlots));
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const error = $("book-error");
      if (!slotAt) { showError(error, S("选择时段")); return; }
      const submit = $("book-submit");
      submit.disabled = true;
      submit.textContent = S("正在提交…");
      const body = {service_id: serviceId(), slot_at: slotAt, name: $("name").value};
      if ($("contact")) body.contact = $("contact").value;
      const answer = await send("POST", "/api/bookings", body).catch(() => null);
      submit.disabled = false;
      submit.textContent = S("提交预约");
      if (answer && answer.ok) {
        window.location.assign("/book/" + encodeURIComponent(answer.data.code));
        return;
      }
      showError(error, answer && answer.data ? HallDom.said(answer.data.message) : S("网络不通，请稍后再试"));
      if (answer && answer.data && answer.data.field === "slot_at") loadSlots();
    });
  }

  const find = $("find-form");
  if (find) {
    find.addEventListener("submit", (event) => {
      event.preventDefault();
      const code = $("find-code").value.trim();
      if (code) window.location.assign("/book/" + encodeURIComponent(code));
    });
  }

  // ---- /book/<code> ----
  const cancel = $("cancel");
  if (cancel) {
    cancel.addEventListener("click", async () => {
      if (!window.confirm(S("确定取消这个预约吗？"))) return;
      cancel.disabled = true;
      const code = config.view.code;
      const answer = await send("POST", "/api/bookings/" + encodeURIComponent(code) + "/cancel",
                                {}).catch(() => null);
      if (answer && answer.ok) { window.location.reload(); return; }
      cancel.disabled = false;
      showError($("cancel-error"), answer && answer.data ? HallDom.said(answer.data.message) : S("取消失败"));
    });
  }
})();
