// On the kiosk's pages: a booking QR scanned by a keyboard-wedge scanner (the six code
// characters and Enter, typed within half a second) opens the check-in page with that code,
// wherever the focus is. Typing by hand is slower than that and is left alone.
(function () {
  "use strict";
  const CODE = /^[ABCDEFGHJKLMNPQRSTUVWXYZ23456789]{6}$/;
  const LENGTH = 6;
  const BURST_MS = 500;  // a scanner types a code and Enter well within this; a hand cannot
  let typed = [];  // [character, when] of the latest keys

  document.addEventListener("keydown", (event) => {
    const now = performance.now();
    if (event.key === "Enter") {
      const last = typed.slice(-LENGTH);
      const code = last.map((k) => k[0]).join("");
      typed = [];
      if (last.length === LENGTH && CODE.test(code) && now - last[0][1] < BURST_MS) {
        event.preventDefault();
        event.stopPropagation();
        window.location.assign("/kiosk/check-in?code=" + encodeURIComponent(code));
      }
    } else if (event.key.length === 1) {
      typed = typed.concat([[event.key.toUpperCase(), now]]).slice(-LENGTH);
    }
  }, true);
})();
