// The rating pad (评价器) on a window's counter: rendered only from pushed snapshots. Idle
// until the window finishes a ticket; one tap rates it; thanks, then idle again by itself.
(function () {
  "use strict";

  const config = JSON.parse(document.getElementById("pad-config").textContent);
  const $ = (id) => document.getElementById(id);
  let snapshot = config.snapshot;
  let thanking = false;  // the thank-you stays up for its seconds, whatever is pushed
  let ratedId = null;    // the ticket this pad just rated: never offered again
  let expiry = null;

  function S(key) { return config.strings[key] || key; }

  function show(part) {
    for (const id of ["idle", "rate", "thanks"]) $(id).hidden = id !== part;
    $("pad").dataset.pad = part;
  }

  function render(next) {
    snapshot = next;
    if (thanking) return;
    clearTimeout(expiry);
    const ticket = next.state === "rate" ? next.ticket : null;
    if (!ticket || ticket.id === ratedId || next.seconds_left <= 0) {
      show("idle");
      return;
    }
    $("pad-number").textContent = ticket.number;
    $("pad-service").textContent = ticket.service;
    $("pad-error").hidden = true;
    for (const button of document.querySelectorAll(".pad-score")) button.disabled = false;
    $("pad").dataset.ticket = String(ticket.id);
    show("rate");
    // the pad's minutes run out: go idle (the server refuses a late tap anyway)
    expiry = setTimeout(() => show("idle"), next.seconds_left * 1000);
  }

  function thank() {
    thanking = true;
    clearTimeout(expiry);
    show("thanks");
    setTimeout(() => { thanking = false; render(snapshot); }, config.thanks_seconds * 1000);
  }

  async function rate(score) {
    const ticket = snapshot.ticket;
    if (!ticket) return;
    for (const button of document.querySelectorAll(".pad-score")) button.disabled = true;
    let answer = null;
    try {
      answer = await fetch("/api/windows/" + config.window_no + "/pad-rating", {
        method: "POST", credentials: "same-origin", cache: "no-store",
        headers: {"Content-Type": "application/json", Accept: "application/json"},
        body: JSON.stringify({ticket_id: ticket.id, score: score}),
      });
    } catch (_err) { answer = null; }
    if (answer && answer.status === 201) {
      ratedId = ticket.id;
      thank();
      return;
    }
    let body = null;
    try { body = answer && await answer.json(); } catch (_err) { body = null; }
    if (body && (body.error === "already_rated" || body.error === "rating_closed")) {
      ratedId = ticket.id;  // rated on the phone meanwhile, or too late: nothing to take
      show("idle");
      return;
    }
    $("pad-error").textContent = S("评价失败，请再试一次");
    $("pad-error").hidden = false;
    for (const button of document.querySelectorAll(".pad-score")) button.disabled = false;
  }

  for (const button of document.querySelectorAll(".pad-score")) {
    button.addEventListener("click", () => rate(Number(button.dataset.score)));
  }

  render(snapshot);

  if (typeof window.io === "function") {
    const socket = window.io({auth: {screen: "rating_pad", window: config.window_no}});
    socket.on("snapshot", (next) => { if (next && next.window_no === config.window_no) render(next); });
  }
})();
