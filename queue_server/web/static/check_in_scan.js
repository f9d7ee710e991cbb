// On the kiosk's pages: a booking QR scanned by a keyboard-wedge scanner (six code characters
// typed within moments, then Enter) opens the check-in page with that code, wherever the
// focus is. Typing by hand is slower than the scanner and is left alone.
(function () {
  "use strict";
  const CODE = /^[ABCDEFGHJKLMNPQRSTUVWXYZ23456789]{6}$/;
  const GAP_MS = 60;  // a scanner types faster than this between keys
  let typed = "";
  let last = 0;

  document.addEventListener("keydown", (event) => {
    const now = performance.now();
    if (now - last > GAP_MS) typed = "";
    last = now;
    if (event.key === "Enter") {
      if (CODE.test(typed)) {
        event.preventDefault();
        event.stopPropagation();
        window.location.assign("/kiosk/check-in?code=" + encodeURIComponent(typed));
      }
      typed = "";
    } else if (event.key.length === 1) {
      typed += event.key.toUpperCase();
    }
  }, true);
})();
