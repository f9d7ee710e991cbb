/* Data a page hands its scripts without inline script (the CSP allows none): each
   <script type="application/json" data-global="NAME"> block becomes window.NAME. Load it
   after those blocks and before the page's own script. */
(function () {
  "use strict";
  document.querySelectorAll('script[type="application/json"][data-global]').forEach(function (el) {
    window[el.dataset.global] = JSON.parse(el.textContent);
  });
})();
