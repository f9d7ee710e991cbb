/* 差评回访: the bad ratings over the JSON API; an admin records a follow-up per rating
   (csrf.js adds the token). Every value goes in as text. */
(function () {
  "use strict";
  const config = JSON.parse(document.getElementById("ratings-config").textContent);
  const S = (key, values) => HallDom.fill(config.strings[key] || key, values);
  const $ = (id) => document.getElementById(id);
  const when = (iso) => (iso || "").slice(0, 16).replace("T", " ");

  function say(text, bad) {
    $("message").textContent = text;
    $("message").hidden = !text;
    $("message").classList.toggle("bad", !!bad);
  }

  function cell(row, text) {
    const td = row.insertCell();
    if (text !== undefined) td.textContent = text;
    return td;
  }

  function followUpCell(td, rating) {
    if (rating.follow_up) {
      td.appendChild(HallDom.el("p", "follow-up-note", rating.follow_up.note));
      td.appendChild(HallDom.el("p", "muted follow-up-by",
                                S("{by} 于 {at} 回访", {by: rating.follow_up.by,
                                                       at: when(rating.follow_up.at)})));
      return;
    }
    if (!config.may_follow_up) {
      td.textContent = S("未回访");
      return;
    }
    const form = HallDom.el("form", "follow-up");
    const note = HallDom.el("textarea");
    note.name = "note";
    note.required = true;
    note.maxLength = config.note_max;
    note.rows = 2;
    note.placeholder = S("回访说明（必填）");
    const button = HallDom.el("button", "", S("记录回访"));
    form.append(note, button);
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      button.disabled = true;
      const response = await fetch("/api/admin/ratings/" + rating.id + "/follow-up", {
        method: "POST", credentials: "same-origin",
        headers: {"Content-Type": "application/json"},
        body: JSON.stringify({note: note.value}),
      });
      const data = await response.json().catch(() => ({}));
      if (!response.ok) {
        say((data.message || S("保存失败")), true);
        button.disabled = false;
        return;
      }
      say("");
      td.replaceChildren();
      followUpCell(td, data);
    });
    td.appendChild(form);
  }

  async function load() {
    const response = await fetch("/api/admin/ratings?bad=1", {credentials: "same-origin"});
    const data = await response.json().catch(() => ({}));
    if (!response.ok) { say(data.message || S("保存失败"), true); return; }
    const list = $("ratings");
    list.replaceChildren();
    if (!data.ratings.length) cell(list.insertRow(), S("暂无差评"));
    for (const rating of data.ratings) {
      const row = list.insertRow();
      row.dataset.rating = String(rating.id);
      cell(row, rating.number);
      cell(row, rating.service.name);
      cell(row, rating.window_no === null ? "" : String(rating.window_no));
      cell(row, rating.clerk);
      cell(row, S(rating.label) + " · " + (rating.source === "pad" ? S("评价器") : S("手机")));
      cell(row, rating.reasons.length ? rating.reasons.map((r) => S(r)).join("、") : S("无"));
      cell(row, rating.comment);
      cell(row, when(rating.rated_at));
      followUpCell(cell(row), rating);
    }
  }

  load();
})();
