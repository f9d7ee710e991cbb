/* The admin page's dated changes (hours by period, suspended and moved services) and the
   provisional holiday years, over /api/admin/periods and /api/admin/holiday-years. */
(function () {
  "use strict";
  const {api, say, cell} = window.HallAdmin;
  const $ = (id) => document.getElementById(id);
  const words = JSON.parse(($("periods-i18n") || {}).textContent || "{}");
  const T = (key) => words[key] || key;
  const form = $("period-form");
  if (!form) return;
  const F = (name) => form.elements.namedItem(name);
  let editing = null;  // the id of the period being edited
  let names = {posts: {}, services: {}};

  function button(text, onClick) {
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = text;
    b.addEventListener("click", onClick);
    return b;
  }

  const KINDS = {hours: "按时段服务时间", suspension: "暂停服务", move: "服务迁移"};

  function showFieldsOf(kind) {
    form.querySelectorAll("[data-for]").forEach((label) => {
      label.hidden = !label.dataset.for.split(" ").includes(kind);
    });
  }

  function whatOf(p) {
    if (p.kind === "hours") {
      const where = p.window_no !== null ? p.window_no + "号窗口" : names.posts[p.post_id] || p.post_id;
      return where + "：" + p.hours;
    }
    const service = names.services[p.service_id] || p.service_id;
    if (p.kind === "move") return service + " → " + (names.posts[p.to_post_id] || p.to_post_id);
    return service;
  }

  function render(data) {
    names = data.names || names;
    const list = $("periods");
    list.replaceChildren();
    if (!data.periods.length) cell(list.insertRow(), T("暂无"));
    for (const p of data.periods) {
      const row = list.insertRow();
      row.dataset.periodId = p.id;
      cell(row, T(KINDS[p.kind]));
      cell(row, p.last_day ? p.first_day + " – " + p.last_day : p.first_day + " " + T("起"));
      cell(row, whatOf(p));
      cell(row, p.reason);
      const actions = cell(row, "");
      actions.appendChild(button(T("修改"), () => edit(p)));
      actions.appendChild(button(T("删除"), () => {
        if (window.confirm(T("确定删除这项安排？"))) {
          act(() => api("DELETE", "/api/admin/periods/" + p.id));
        }
      }));
    }
    renderYears(data.holiday_years || []);
  }

  function renderYears(years) {
    const box = $("years");
    box.replaceChildren();
    for (const y of years) {
      const part = document.createElement("div");
      part.className = "holiday-year";
      part.dataset.year = y.year;
      const head = document.createElement("h3");
      const state = y.official ? T("官方数据") : y.provisional ? T("暂定") : T("已确认");
      head.textContent = y.year + " · " + state;
      if (y.provisional) head.classList.add("provisional");
      part.appendChild(head);
      if (!y.official) {
        const text = document.createElement("textarea");
        text.rows = Math.min(12, Math.max(4, y.days.length + 1));
        text.setAttribute("aria-label", T("每行一天：日期 节假日|调休上班 名称"));
        text.placeholder = T("每行一天：日期 节假日|调休上班 名称");
        text.value = y.days.map((d) =>
          d.day + " " + (d.kind === "holiday" ? T("节假日") : T("调休上班")) + " " + d.name).join("\n");
        part.appendChild(text);
        part.appendChild(button(T("按国务院通知确认"), () => {
          let days;
          try { days = parseDays(text.value); } catch (err) { say(err.message, true); return; }
          act(() => api("POST", "/api/admin/holiday-years/" + y.year + "/confirm", {days}));
        }));
      }
      box.appendChild(part);
    }
  }

  function parseDays(text) {
    const kinds = {"节假日": "holiday", "holiday": "holiday", [T("节假日")]: "holiday",
                   "调休上班": "workday", "workday": "workday", [T("调休上班")]: "workday"};
    return text.split("\n").map((line) => line.trim()).filter(Boolean).map((line, i) => {
      const m = line.match(/^(\d{4}-\d{2}-\d{2})\s+(\S+)\s*(.*)$/);
      if (!m || !kinds[m[2]]) throw new Error(T("第 {n} 行读不懂").replace("{n}", i + 1));
      return {day: m[1], kind: kinds[m[2]], name: m[3]};
    });
  }

  function edit(p) {
    editing = p.id;
    F("kind").value = p.kind;
    F("kind").disabled = true;
    showFieldsOf(p.kind);
    if (p.kind === "hours") {
      F("where").value = p.window_no !== null ? "window:" + p.window_no : "post:" + p.post_id;
    }
    if (p.service_id) F("service_id").value = p.service_id;
    if (p.to_post_id) F("to_post_id").value = p.to_post_id;
    F("first_day").value = p.first_day;
    F("last_day").value = p.last_day || "";
    F("hours").value = p.hours;
    F("reason").value = p.reason;
    $("period-save").textContent = T("保存修改");
    $("period-cancel").hidden = false;
  }

  function stopEditing() {
    editing = null;
    F("kind").disabled = false;
    $("period-save").textContent = T("添加");
    $("period-cancel").hidden = true;
  }

  function bodyOf() {
    const kind = F("kind").value;
    const body = {kind, first_day: F("first_day").value, reason: F("reason").value};
    if (kind === "hours") {
      const [what, id] = F("where").value.split(":");
      if (what === "window") body.window_no = Number(id); else body.post_id = id;
      body.hours = F("hours").value;
    } else {
      body.service_id = F("service_id").value;
    }
    if (kind === "move") body.to_post_id = F("to_post_id").value;
    else body.last_day = F("last_day").value || null;
    return body;
  }

  async function refresh() { render(await api("GET", "/api/admin/periods")); }

  async function act(change) {
    let ok = false;
    try { await change(); say(""); ok = true; } catch (err) { say(err.message, true); }
    await refresh();
    return ok;
  }

  F("kind").addEventListener("change", () => showFieldsOf(F("kind").value));
  $("period-cancel").addEventListener("click", () => { stopEditing(); form.reset(); showFieldsOf("hours"); });
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const body = bodyOf();
    const ok = await act(() => editing === null
      ? api("POST", "/api/admin/periods", body)
      : api("PUT", "/api/admin/periods/" + editing, body));
    if (ok) { stopEditing(); form.reset(); showFieldsOf("hours"); }
  });
  showFieldsOf(F("kind").value);
  refresh().catch((err) => say(err.message, true));
})();
