/* CSRF for every page: same-origin fetch() calls that change state carry the session's token
   (from <meta name="csrf-token">) as X-CSRFToken; a stale token is renewed once and retried. */
(function () {
  "use strict";
  var SAFE = { GET: 1, HEAD: 1, OPTIONS: 1, TRACE: 1 };
  var meta = document.querySelector('meta[name="csrf-token"]');
  var token = meta ? meta.getAttribute("content") : "";
  var realFetch = window.fetch.bind(window);

  function sameOrigin(url) {
    try { return new URL(url, window.location.href).origin === window.location.origin; }
    catch (e) { return false; }
  }

  function withToken(init) {
    var headers = new Headers((init && init.headers) || {});
    if (!headers.has("X-CSRFToken")) headers.set("X-CSRFToken", token);
    return Object.assign({}, init || {}, { headers: headers, credentials: "same-origin" });
  }

  function renew() {
    return realFetch("/api/csrf", { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (body) { token = body.csrf_token; if (meta) meta.setAttribute("content", token); });
  }

  window.hallCsrfToken = function () { return token; };

  window.fetch = function (input, init) {
    var method = ((init && init.method) || (input && input.method) || "GET").toUpperCase();
    var url = typeof input === "string" ? input : (input && input.url) || String(input);
    if (SAFE[method] || !sameOrigin(url)) return realFetch(input, init);
    return realFetch(input, withToken(init)).then(function (response) {
      if (response.status !== 400) return response;
      return response.clone().json().then(function (body) {
        if (!body || body.error !== "csrf_failed") return response;
        return renew().then(function () { return realFetch(input, withToken(init)); });
      }, function () { return response; });
    });
  };
})();
