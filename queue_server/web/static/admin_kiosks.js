/* The admin page's kiosks: make a pairing code (and its QR), list kiosks, revoke one.
   Words come from the section's data-words (no inline script); csrf.js adds the token. */
(function () {
  "use strict";
  const {api, say, cell} = window.HallAdmin;
  const section = document.getElementById("kiosks");
  if (!section) return;
  const words = JSON.parse(section.dataset.words || "{}");
  const T = (key, values) => HallDom.fill(words[key] || key, values);
  const $ = (id) => document.getElementById(id);

  const when = (iso) => (iso ? iso.slice(0, 16).replace("T", " ") : "—");

  function render(data) {
    $("kiosks-open").hidden = !data.open_issuing;
    const list = $("kiosk-list");
    list.replaceChildren();
    if (!data.kiosks.length) cell(list.insertRow(), T("暂无"));
    for (const kiosk of data.kiosks) {
      const row = list.insertRow();
      row.dataset.kiosk = kiosk.name;
      cell(row, kiosk.name);
      cell(row, when(kiosk.last_seen_at));
      cell(row, String(kiosk.tickets_today));
      cell(row, kiosk.revoked ? T("已停用") : T("在用"));
      const actions = cell(row, "");
      if (!kiosk.revoked) {
        const button = document.createElement("button");
        button.type = "button";
        button.textContent = T("停用");
        button.addEventListener("click", async () => {
          if (!window.confirm(T("确定停用取号机 {name}？", {name: kiosk.name}))) return;
          try { await api("POST", "/api/kiosk-devices/" + kiosk.id + "/revoke"); say(""); }
          catch (err) { say(err.message, true); }
          refresh();
        });
        actions.appendChild(button);
      }
    }
  }

  async function refresh() {
    try { render(await api("GET", "/api/kiosk-devices")); } catch (err) { say(err.message, true); }
  }

  $("kiosk-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const name = new FormData(event.target).get("name");
    try {
      const made = await api("POST", "/api/kiosk-devices/pairings", {name: name});
      $("pairing-code").textContent = made.code;
      $("pairing-help").textContent = T("在取号机上输入配对码或扫描二维码，{time} 前有效，只能用一次",
                                        {time: made.expires_at.slice(11, 16)});
      $("pairing-qr").src = "/qr.svg?data=" + encodeURIComponent(made.pair_url);
      $("pairing").hidden = false;
      event.target.reset();
      say("");
    } catch (err) {
      say(err.message, true);
    }
    refresh();
  });
  refresh();
})();
