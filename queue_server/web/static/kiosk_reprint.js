// The kiosk's 扫码补打: the scanner types the phone page's QR code (its address) into the
// field and Enter; POST /api/kiosk/reprint prints the same number again, marked 补打.
(function () {
  "use strict";
  const $ = (id) => document.getElementById(id);
  const open = $("reprint-open"), form = $("reprint-form"), input = $("reprint-code");
  const result = $("reprint-result");
  if (!open || !form) return;

  function kioskName() {
    try { return localStorage.getItem("hall-kiosk-name") || "kiosk"; }
    catch (e) { return "kiosk"; }
  }

  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, (all, name) => (name in values ? values[name] : all));
  }

  function show(text, bad) {
    result.textContent = text;
    result.hidden = false;
    result.classList.toggle("is-bad", !!bad);
  }

  open.addEventListener("click", () => {
    form.hidden = !form.hidden;
    open.setAttribute("aria-expanded", String(!form.hidden));
    result.hidden = true;
    if (!form.hidden) input.focus();
  });

  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const code = input.value.trim();
    input.value = "";
    if (!code) return;
    try {
      const response = await fetch("/api/kiosk/reprint", {
        method: "POST", headers: {"Content-Type": "application/json"},
        body: JSON.stringify({code, kiosk: kioskName()})});
      const data = await response.json().catch(() => ({}));
      if (!response.ok) { show(input.dataset.failed + (HallDom.said(data.message) || response.status), true); return; }
      show(fill(input.dataset.done, {number: data.number, windows: data.windows_label}));
    } catch (err) {
      show(input.dataset.failed + err.message, true);
    }
  });
})();
