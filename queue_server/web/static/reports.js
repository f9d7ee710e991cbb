/* The reports page: pick a period and a grouping, draw the figures with ECharts (served from
   the hall, no CDN) and list them in a table; the CSV and Excel links ask the same API.
   Every text goes in through textContent or as chart data (drawn on a canvas), never as markup. */
(function () {
  "use strict";
  const T = (key) => (window.I18N && window.I18N[key]) || key;
  const $ = (id) => document.getElementById(id);
  const el = window.HallDom.el;
  const pad = (n) => String(n).padStart(2, "0");
  const iso = (d) => d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
  const dayOf = (text) => { const [y, m, d] = text.split("-").map(Number); return new Date(y, m - 1, d); };
  const plus = (d, n) => new Date(d.getFullYear(), d.getMonth(), d.getDate() + n);

  function isoWeek(d) {  // "2026-W49" of a date
    const thursday = plus(d, 3 - ((d.getDay() + 6) % 7));
    const firstThursday = new Date(thursday.getFullYear(), 0, 4);
    const week = 1 + Math.round(((thursday - firstThursday) / 86400000
                                 - 3 + ((firstThursday.getDay() + 6) % 7)) / 7);
    return thursday.getFullYear() + "-W" + pad(week);
  }

  function mondayOfWeek(text) {  // "2026-W49" → its Monday
    const [year, week] = text.split("-W").map(Number);
    const jan4 = new Date(year, 0, 4);
    const week1Monday = plus(jan4, -((jan4.getDay() + 6) % 7));
    return plus(week1Monday, (week - 1) * 7);
  }

  /** The period the pickers say, as [from, to] ISO days. */
  function period() {
    const mode = $("mode").value;
    if (mode === "day") return [$("day").value, $("day").value];
    if (mode === "week") {
      const monday = mondayOfWeek($("week").value);
      return [iso(monday), iso(plus(monday, 6))];
    }
    if (mode === "month") {
      const [y, m] = $("month").value.split("-").map(Number);
      return [iso(new Date(y, m - 1, 1)), iso(new Date(y, m, 0))];
    }
    return [$("from").value, $("to").value];
  }

  function query() {
    const [from, to] = period();
    return new URLSearchParams({from: from, to: to, by: $("by").value});
  }

  function showMode() {
    const mode = $("mode").value;
    for (const label of document.querySelectorAll("[data-mode]")) {
      label.hidden = label.dataset.mode !== mode;
    }
  }

  function valueOf(row, key) {
    return key.split(".").reduce((v, part) => (v === null || v === undefined ? v : v[part]), row);
  }

  function shown(value, kind) {
    if (value === null || value === undefined) return "—";
    if (kind === "share") return (value * 100).toFixed(1) + "%";
    if (kind === "hour") return pad(value) + ":00";
    if (kind === "minutes") return value.toFixed(1);
    if (kind === "number") return value.toFixed(2);
    return String(value);
  }

  function renderTable(data) {
    const table = $("report-table");
    const head = el("tr");
    for (const column of data.columns) head.appendChild(el("th", "", column.title));
    table.tHead.replaceChildren(head);
    const body = table.tBodies[0];
    body.replaceChildren();
    const line = (row, where) => {
      const tr = el("tr");
      for (const column of data.columns) {
        const td = el("td", "", shown(valueOf(row, column.key), column.kind));
        td.dataset.key = column.key;
        tr.appendChild(td);
      }
      where.appendChild(tr);
      return tr;
    };
    if (!data.rows.length) {
      const tr = el("tr");
      const td = el("td", "", T("没有数据"));
      td.colSpan = data.columns.length;
      tr.appendChild(td);
      body.appendChild(tr);
    }
    for (const row of data.rows) line(row, body).dataset.group = row.key === null ? "" : String(row.key);
    table.tFoot.replaceChildren();
    line(data.totals, table.tFoot).dataset.group = "totals";
  }

  let countsChart = null, timesChart = null;

  function charts(data) {
    if (!window.echarts) return;
    countsChart = countsChart || window.echarts.init($("chart-counts"));
    timesChart = timesChart || window.echarts.init($("chart-times"));
    const labels = data.rows.map((r) => r.label);
    const axis = {type: "category", data: labels,
                  axisLabel: {interval: 0, rotate: labels.length > 8 ? 40 : 0,
                              formatter: (v) => (v.length > 14 ? v.slice(0, 13) + "…" : v)}};
    const base = {animation: false, legend: {top: 0}, grid: {left: 50, right: 20, top: 40, bottom: 110},
                  tooltip: {trigger: "axis", renderMode: "richText"}, xAxis: axis};
    const bar = (name, key, stack) => ({name: T(name), type: "bar", stack: stack,
                                        data: data.rows.map((r) => valueOf(r, key))});
    countsChart.setOption(Object.assign({}, base, {
      yAxis: {type: "value", name: T("人数")},
      series: [bar("已办结", "served", "n"), bar("过号", "no_show", "n"),
               bar("已取消", "cancelled", "n"), bar("已失效", "expired", "n")]}), true);
    timesChart.setOption(Object.assign({}, base, {
      yAxis: {type: "value", name: T("分钟")},
      series: [bar("等候中位数（分钟）", "wait_median_minutes"),
               bar("等候90%分位（分钟）", "wait_p90_minutes"),
               bar("办理中位数（分钟）", "service_median_minutes")]}), true);
  }

  function renderPeriod(data) {
    const open = data.period.open_days;
    $("period").textContent = window.HallDom.fill(T("期间共 {days} 天，其中办公日 {open} 天"),
                                                  {days: data.period.days, open: open})
      + " · " + data.period.from + " – " + data.period.to;
    const holidays = data.days.filter((d) => d.kind === "holiday" || d.kind === "makeup_workday");
    $("holidays").hidden = holidays.length === 0;
    $("holidays").textContent = T("期间的节假日：") + holidays.map((d) =>
      d.day + " " + (d.kind === "holiday" ? T("节假日") : T("调休上班")) + (d.name ? " " + d.name : "")).join("，");
  }

  async function load() {
    const params = query();
    $("csv").href = "/api/reports?" + params + "&format=csv";
    $("xlsx").href = "/api/reports?" + params + "&format=xlsx";
    $("message").hidden = true;
    try {
      const response = await fetch("/api/reports?" + params, {credentials: "same-origin"});
      const data = await response.json().catch(() => ({}));
      if (!response.ok) throw new Error(data.message || response.statusText);
      renderPeriod(data);
      renderTable(data);
      charts(data);
      document.body.dataset.loaded = params.toString();
    } catch (err) {
      $("message").textContent = T("查询失败：") + err.message;
      $("message").hidden = false;
    }
  }

  $("week").value = isoWeek(dayOf(document.querySelector(".reports").dataset.today));
  $("mode").addEventListener("change", showMode);
  $("report-form").addEventListener("submit", (e) => { e.preventDefault(); load(); });
  window.addEventListener("resize", () => { countsChart && countsChart.resize(); timesChart && timesChart.resize(); });
  showMode();
  load();
})();
