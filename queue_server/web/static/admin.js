/* The admin page: overrides, notice and calendar over the JSON API (csrf.js adds the token). */
(function () {
  "use strict";
  const {api, say, cell} = window.HallAdmin;
  const T = (key) => (window.I18N && window.I18N[key]) || key;
  const $ = (id) => document.getElementById(id);

  const when = (iso) => iso.slice(0, 16).replace("T", " ");
  const WEEKDAYS = ["按周一", "按周二", "按周三", "按周四", "按周五", "按周六", "按周日"];
  const HALL_WORDS = JSON.parse(($("hall-admin-words") || {}).textContent || "{}");

  function render(data) {
    $("notice-text").value = data.notice || "";
    const warnings = data.warnings || [];
    $("warnings").textContent = warnings.join(" ");
    $("warnings").hidden = warnings.length === 0;
    const list = $("overrides");
    list.replaceChildren();
    if (!data.overrides.length) cell(list.insertRow(), T("暂无"));
    for (const o of data.overrides) {
      const row = list.insertRow();
      cell(row, o.kind === "closure" ? T("关闭") : T("加开"));
      cell(row, o.window_no === null ? T("全大厅") : o.window_no + "号");
      cell(row, when(o.start_at) + " – " + when(o.end_at));
      cell(row, o.reason);
      const button = document.createElement("button");
      button.textContent = T("撤销");
      button.addEventListener("click", () => act(() =>
        api("POST", "/api/admin/overrides/" + o.id + "/cancel")));
      cell(row, "").appendChild(button);
    }
    const days = $("calendar");
    days.replaceChildren();
    for (const d of data.days) {
      const row = days.insertRow();
      cell(row, d.day);
      cell(row, d.kind === "holiday" ? T("节假日") : T("调休上班"));
      cell(row, d.name);
      if (d.follows_weekday !== null && d.follows_weekday !== undefined) {
        cell(row, HALL_WORDS[WEEKDAYS[d.follows_weekday]] || WEEKDAYS[d.follows_weekday]);
      }
    }
  }

  async function refresh() { render(await api("GET", "/api/admin/overrides")); }

  async function act(change) {
    try { await change(); say(""); } catch (err) { say(err.message, true); }
    await refresh();
  }

  function fields(form) { return Object.fromEntries(new FormData(form).entries()); }

  $("notice-form").addEventListener("submit", (e) => {
    e.preventDefault();
    act(() => api("POST", "/api/admin/notice", {text: $("notice-text").value}));
  });
  $("override-form").addEventListener("submit", (e) => {
    e.preventDefault();
    const f = fields(e.target);
    act(() => api("POST", "/api/admin/overrides", {
      kind: f.kind, window_no: f.window_no ? Number(f.window_no) : null,
      start_at: f.start_at, end_at: f.end_at, reason: f.reason}));
  });
  $("calendar-form").addEventListener("submit", (e) => {
    e.preventDefault();
    const f = fields(e.target);
    f.follows_weekday = f.follows_weekday === "" || f.kind !== "workday"
      ? null : Number(f.follows_weekday);
    act(() => api("POST", "/api/admin/calendar", f));
  });
  refresh().catch((err) => say(err.message, true));
})();
