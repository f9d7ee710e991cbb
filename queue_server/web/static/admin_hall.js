/* The admin page's 大厅规则 and 工作人员 sections over the JSON API (csrf.js adds the token):
   GET/PUT /api/admin/rules, GET/POST /api/admin/staff, PATCH /api/admin/staff/<name>,
   POST /api/admin/staff/<name>/password. Words come from #hall-admin-words. */
(function () {
  "use strict";
  const {api, say, cell} = window.HallAdmin;
  const $ = (id) => document.getElementById(id);
  const WORDS = JSON.parse(($("hall-admin-words") || {}).textContent || "{}");
  const T = (key, values) => String(WORDS[key] || key).replace(
    /\{(\w+)\}/g, (all, name) => (values && name in values ? values[name] : all));

  // ---- 大厅规则 ----
  const rulesForm = $("rules-form");

  function showRules(rules) {
    for (const input of rulesForm.querySelectorAll("[name]")) {
      if (!(input.name in rules)) continue;
      if (input.dataset.kind === "boolean") input.checked = !!rules[input.name];
      else input.value = String(rules[input.name]);
    }
  }

  function readRules() {
    const body = {};
    for (const input of rulesForm.querySelectorAll("[name]")) {
      const kind = input.dataset.kind;
      if (kind === "boolean") body[input.name] = input.checked;
      else if (kind === "text") body[input.name] = input.value;
      else body[input.name] = Number(input.value);
    }
    return body;
  }

  rulesForm.addEventListener("submit", async (e) => {
    e.preventDefault();
    try {
      showRules(await api("PUT", "/api/admin/rules", readRules()));
      say(T("已保存"));
    } catch (err) { say(err.message, true); }
  });

  // ---- 工作人员 ----
  function button(label, onClick) {
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = label;
    b.addEventListener("click", onClick);
    return b;
  }

  function showPassword(account) {
    const box = $("staff-password");
    box.textContent = T("新密码（只显示这一次）：") + account.name + " · " + account.password;
    box.hidden = false;
  }

  async function staffAct(change) {
    try { await change(); say(""); } catch (err) { say(err.message, true); }
    await refreshStaff();
  }

  function renderStaff(accounts) {
    const list = $("staff");
    list.replaceChildren();
    for (const a of accounts) {
      const row = list.insertRow();
      row.dataset.name = a.name;
      row.classList.toggle("disabled", a.disabled);
      cell(row, a.name);
      cell(row, T(a.role));
      cell(row, a.windows.join("、"));
      cell(row, a.disabled ? T("已停用") : T("正常"));
      cell(row, a.last_login_at ? a.last_login_at.slice(0, 16).replace("T", " ") : T("从未登录"));
      const actions = cell(row, "");
      if (a.role === "admin") continue;
      const path = "/api/admin/staff/" + encodeURIComponent(a.name);
      actions.appendChild(button(a.disabled ? T("启用") : T("停用"), () =>
        staffAct(() => api("PATCH", path, {disabled: !a.disabled}))));
      if (a.role === "clerk") {
        actions.appendChild(button(T("改窗口"), () => {
          const text = window.prompt(T("窗口号，用逗号分隔"), a.windows.join(","));
          if (text === null) return;
          const windows = text.split(/[,，、\s]+/).filter(Boolean).map(Number);
          staffAct(() => api("PATCH", path, {windows}));
        }));
      }
      actions.appendChild(button(T("重置密码"), () => {
        if (!window.confirm(T("确定要重置 {name} 的密码吗？", {name: a.name}))) return;
        staffAct(async () => showPassword(await api("POST", path + "/password")));
      }));
    }
  }

  async function refreshStaff() { renderStaff((await api("GET", "/api/admin/staff")).staff); }

  $("staff-form").addEventListener("submit", (e) => {
    e.preventDefault();
    const form = e.target;
    const windows = Array.from(form.elements.windows.selectedOptions, (o) => Number(o.value));
    staffAct(async () => {
      const made = await api("POST", "/api/admin/staff", {
        name: form.elements.name.value, role: form.elements.role.value,
        windows: form.elements.role.value === "clerk" ? windows : []});
      showPassword(made);
      form.reset();
    });
  });

  api("GET", "/api/admin/rules").then(showRules).catch((err) => say(err.message, true));
  refreshStaff().catch((err) => say(err.message, true));
})();
