/* What the admin page's scripts share: the JSON API (the server's refusal in the page's
   language, with the field at fault), the page's message box, a table cell. */
window.HallAdmin = (function () {
  "use strict";

  async function api(method, path, body) {
    const response = await fetch(path, {
      method, credentials: "same-origin",
      headers: {"Content-Type": "application/json"},
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const data = await response.json().catch(() => ({}));
    if (!response.ok) {
      const field = data.field ? " [" + data.field + "]" : "";
      throw new Error((HallDom.said(data.message) || response.statusText) + field);
    }
    return data;
  }

  function say(text, bad) {
    const box = document.getElementById("message");
    box.textContent = text;
    box.hidden = !text;
    box.classList.toggle("bad", !!bad);
    if (text) box.scrollIntoView({block: "nearest"});
  }

  function cell(row, text) {
    const td = document.createElement("td");
    td.textContent = text;
    row.appendChild(td);
    return td;
  }

  return {api, say, cell};
})();
