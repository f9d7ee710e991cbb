// The kiosk as a registered device: it keeps its credential (localStorage) and sends it as
// X-Kiosk-Key; without one, where the hall issues to registered kiosks only, it shows the
// pairing screen (a code typed, or a QR scanned by a keyboard-wedge scanner, once); it reads
// a card number from the card reader when the hall's rule asks for one. kiosk.js uses it
// through window.HallKioskDevice.
(function () {
  "use strict";

  const config = JSON.parse(document.getElementById("kiosk-config").textContent);
  const rules = config.device || {required: false, card_required: false};
  const STORE = "hall-kiosk-key";
  const $ = (id) => document.getElementById(id);
  const S = (key, values) => HallDom.fill(config.strings[key] || key, values);

  function key() {
    try { return localStorage.getItem(STORE) || ""; } catch (_err) { return ""; }
  }
  function keep(value) {
    try { localStorage.setItem(STORE, value); } catch (_err) { /* private mode: this page only */ }
  }
  function forget() {
    try { localStorage.removeItem(STORE); } catch (_err) { /* nothing kept */ }
  }
  function headers() {
    const mine = key();
    return mine ? {"X-Kiosk-Key": mine} : {};
  }

  // The server words a refusal in both languages; the kiosk says it in the page's own.
  const REFUSALS = {
    kiosk_key_unknown: "这台取号机未登记或凭证有误，请联系大厅管理员",
    kiosk_revoked: "这台取号机已停用，请联系大厅管理员",
    pairing_refused: "配对码无效、已用过或已过期，请管理员重新生成",
  };
  function said(data, otherwise) {
    const words = data && REFUSALS[data.error];
    return words ? S(words) : (data && HallDom.said(data.message)) || otherwise;
  }

  // ---- pairing ----
  function showPairing(note) {
    $("pairing").hidden = false;
    $("pairing-note").textContent = note || "";
    $("pairing-code").focus();
  }

  function paired(name) {
    $("pairing").hidden = true;
    $("pairing-code").value = "";
    if (location.search.includes("pair=")) history.replaceState(null, "", location.pathname);
    document.body.dataset.kiosk = name;
  }

  /** A credential from `run.py kiosk add`, pasted or typed on the pairing screen: kept once
   *  the server knows it. */
  async function adopt(given) {
    let data = null;
    let ok = false;
    try {
      const response = await fetch("/api/kiosk-device", {
        headers: {Accept: "application/json", "X-Kiosk-Key": given},
        credentials: "same-origin", cache: "no-store"});
      ok = response.ok;
      data = await response.json().catch(() => null);
    } catch (_err) {
      data = null;
    }
    if (ok && data) {
      keep(given);
      paired(data.name);
      return;
    }
    $("pairing-note").textContent =
      said(data, S("网络不通，请稍后再试或联系工作人员"));
  }

  async function pair(code) {
    $("pairing-submit").disabled = true;
    $("pairing-note").textContent = S("正在配对…");
    let data = null;
    let status = 0;
    try {
      const response = await fetch("/api/kiosk-devices/pair", {
        method: "POST", credentials: "same-origin", cache: "no-store",
        headers: {"Content-Type": "application/json", Accept: "application/json"},
        body: JSON.stringify({code: code}),
      });
      status = response.status;
      data = await response.json().catch(() => null);
    } catch (_err) {
      data = null;
    }
    $("pairing-submit").disabled = false;
    if (status === 201 && data && data.key) {
      keep(data.key);
      paired(data.name);
      return true;
    }
    $("pairing-note").textContent =
      said(data, S("网络不通，请稍后再试或联系工作人员"));
    return false;
  }

  $("pairing-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const code = $("pairing-code").value.trim();
    if (code.startsWith("hk_")) adopt(code);  // a credential printed by run.py kiosk add
    else if (code) pair(code);
  });

  /** At load: pair from ?pair=CODE, show the pairing screen, or check the kept credential
   *  (a revoked kiosk forgets it and asks to be registered again). */
  async function check() {
    const given = new URLSearchParams(location.search).get("pair");
    if (given && !key()) {
      showPairing();
      $("pairing-code").value = given;
      await pair(given);
      return;
    }
    if (!key()) {
      if (rules.required) showPairing();
      return;
    }
    try {
      const response = await fetch("/api/kiosk-device", {
        headers: Object.assign({Accept: "application/json"}, headers()),
        credentials: "same-origin", cache: "no-store"});
      const data = await response.json().catch(() => null);
      if (response.status === 401 || response.status === 403) {
        forget();
        if (rules.required) showPairing(said(data, S("这台取号机需要登记后才能取号")));
      } else if (response.ok && data) {
        document.body.dataset.kiosk = data.name;
      }
    } catch (_err) {
      // offline for now: keep the credential, the next request tells
    }
  }

  /** After an issue attempt: true if the answer says this kiosk must be (re)registered. */
  function refused(answer) {
    const error = answer && answer.data ? answer.data.error : "";
    if (error === "kiosk_key_unknown" || error === "kiosk_revoked") {
      forget();
      showPairing(said(answer.data, ""));
      return true;
    }
    if (error === "remote_join_closed") {
      showPairing(S("这台取号机需要登记后才能取号"));
      return true;
    }
    return false;
  }

  // ---- the card reader: it types the number and Enter into the focused field ----
  function askCard() {
    return new Promise((resolve) => {
      const box = $("card");
      const form = $("card-form");
      const input = $("card-number");
      input.value = "";
      box.hidden = false;
      input.focus();
      function finish(value) {
        box.hidden = true;
        form.removeEventListener("submit", submitted);
        $("card-cancel").removeEventListener("click", cancelled);
        resolve(value);
      }
      function submitted(event) {
        event.preventDefault();
        if (input.value.trim()) finish(input.value.trim());
      }
      function cancelled() { finish(null); }
      form.addEventListener("submit", submitted);
      $("card-cancel").addEventListener("click", cancelled);
    });
  }

  window.HallKioskDevice = {
    headers: headers, refused: refused, askCard: askCard, forget: forget,
    cardRequired: () => Boolean(rules.card_required),
  };
  check();
})();
