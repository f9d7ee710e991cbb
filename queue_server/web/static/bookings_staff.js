// Staff's 今日预约 (/admin/bookings): the day's bookings from GET /api/bookings, and an
// admin's slot settings (POST /api/admin/booking-offers). Data goes in as text.
(function () {
  "use strict";

  const config = JSON.parse(document.getElementById("bookings-config").textContent);
  const $ = (id) => document.getElementById(id);
  const S = (key, values) => HallDom.fill(config.strings[key] || key, values);

  function say(text, kind) {
    const box = $("message");
    box.textContent = text;
    box.dataset.kind = kind || "info";
    box.hidden = !text;
  }

  async function load() {
    const response = await fetch("/api/bookings?day=" + encodeURIComponent($("day").value),
                                 {cache: "no-store"}).catch(() => null);
    const body = response && response.ok ? await response.json() : null;
    const rows = $("bookings");
    rows.replaceChildren();
    if (!body) { say(S("保存失败"), "error"); return; }
    $("counts").textContent = Object.entries(body.counts)
      .map(([state, n]) => S(config.state_words[state] || state) + " " + n).join(" · ");
    if (!body.bookings.length) {
      const row = HallDom.el("tr");
      const cell = HallDom.el("td", "muted", S("没有预约"));
      cell.colSpan = 7;
      row.append(cell);
      rows.append(row);
      return;
    }
    for (const b of body.bookings) {
      const row = HallDom.el("tr");
      row.dataset.state = b.state;
      for (const text of [b.slot_at.slice(11, 16), b.service_name, b.name, b.contact, b.code,
                          S(config.state_words[b.state] || b.state) + (b.late ? " · " + S("迟到") : ""),
                          b.ticket_number || ""]) {
        row.append(HallDom.el("td", null, text));
      }
      rows.append(row);
    }
  }

  $("day").addEventListener("change", load);
  document.querySelectorAll("form.offer").forEach((form) => {
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const windowNo = form.elements.window_no.value;
      const response = await fetch("/api/admin/booking-offers", {
        method: "POST", headers: {"Content-Type": "application/json"},
        body: JSON.stringify({
          service_id: form.dataset.serviceId,
          slot_minutes: Number(form.elements.slot_minutes.value),
          places: Number(form.elements.places.value),
          window_no: windowNo === "" ? null : Number(windowNo),
          enabled: form.elements.enabled.checked}),
      }).catch(() => null);
      const body = response ? await response.json().catch(() => null) : null;
      if (response && response.ok) say(S("已保存"), "ok");
      else say(S("保存失败") + (body && body.message ? "：" + HallDom.said(body.message) : ""), "error");
    });
  });
  load();
})();
