// /report — 政府信息公开工作年度报告. The form is drawn from the server's form
// model (GET /api/report/form: tables, sections, placeholders) and, for the
// fields that model does not cover, from the JSON Schema's titles; every check
// and message comes from POST /api/check. The report is kept as the JSON the
// server reads, edited in place at the paths the form model names.

import {
  addWords, applyWords, t, apiJson, ApiError, parsePath, joinPath, getAt, setAt,
  typedValue, diagText, diagNodes, diagPlace, renderSummary, saveBlob, setStatus, checker, downloadFormat, previewPdf,
  $, el,
} from "/assets/common.js";

addWords({
  zh: {
    "report.title": "政府信息公开工作年度报告 · gongwen",
    "report.heading": "政府信息公开工作年度报告",
    "page.skip": "跳到表单",
    "page.nav": "页面",
    "report.toolbar": "操作",
    "report.new": "新建…",
    "report.from_last_year": "从上年报告开始…",
    "report.open": "打开草稿或已发布报告…",
    "report.save": "下载草稿 JSON",
    "report.start_title": "开始填写",
    "report.start_text": "填好的内容自动保存在本机浏览器中，刷新页面不会丢失。",
    "report.blank_title": "新建空白报告",
    "report.agency": "机关名称",
    "report.year": "报告年度",
    "report.create": "新建",
    "report.last_year_title": "从上年报告开始",
    "report.last_year_text": "选择上年已发布的报告（.docx）或它的 JSON：机关、联系方式和标题沿用，上年“结转下年度继续办理”填入今年“上年结转”。",
    "report.choose_file": "选择文件…",
    "report.open_title": "打开已有文件",
    "report.open_text": "下载过的草稿 JSON，或已发布报告的 Word 文件（.docx，读回表格和文字，用于核对）。",
    "report.replace_warning": "新建会替换当前草稿。需要保留的话，请先“下载草稿 JSON”。",
    "report.replace_confirm": "打开的文件会替换当前草稿。继续吗？（需要保留的话，请先“下载草稿 JSON”。）",
    "report.previous_title": "跨年核对",
    "report.previous_none": "未选择上年报告",
    "report.previous_choose": "选择上年报告…",
    "report.previous_clear": "不用上年报告",
    "report.previous_using": "上年报告：{name}（核对本年“上年结转”等；刷新页面后需重新选择）",
    "report.basic": "基本信息",
    "report.paragraph": "第 {n} 段",
    "report.add_paragraph": "添加段落",
    "report.remove_paragraph": "删除第 {n} 段",
    "report.numbered": "自动编号",
    "report.insert": "插入表格数字…",
    "report.insert_label": "在光标处插入表格数字（{section}）",
    "report.import_notes": "读取文件时的提示",
    "report.dismiss": "知道了",
    "report.not_report": "这个文件不是年度报告（kind 为“{kind}”）。公文请在“公文”页面打开。",
    "report.not_json": "这个文件不是有效的 JSON：",
    "report.loading": "正在读取…",
    "report.paste_failed": "粘贴未能处理：{msg}",
    "report.pasted": "已粘贴 {n} 格",
  },
  en: {
    "report.title": "Annual government information disclosure report · gongwen",
    "report.heading": "Annual government information disclosure report",
    "page.skip": "Skip to the form",
    "page.nav": "Pages",
    "report.toolbar": "Actions",
    "report.new": "New…",
    "report.from_last_year": "Start from last year's report…",
    "report.open": "Open a draft or a published report…",
    "report.save": "Download the draft (JSON)",
    "report.start_title": "Start",
    "report.start_text": "What you fill in is saved in this browser as you type; reloading the page keeps it.",
    "report.blank_title": "New blank report",
    "report.agency": "Agency",
    "report.year": "Report year",
    "report.create": "Create",
    "report.last_year_title": "Start from last year's report",
    "report.last_year_text": "Choose last year's published report (.docx) or its JSON: agency, contact and title are kept, and last year's carried-forward applications become this year's carried-over ones.",
    "report.choose_file": "Choose a file…",
    "report.open_title": "Open a file",
    "report.open_text": "A draft you downloaded (JSON), or a published report in Word (.docx: its tables and text are read back, to audit it).",
    "report.replace_warning": "A new report replaces the current draft. Download the draft first to keep it.",
    "report.replace_confirm": "The file will replace the current draft. Continue? (Download the draft first to keep it.)",
    "report.previous_title": "Cross-year checks",
    "report.previous_none": "No report of last year chosen",
    "report.previous_choose": "Choose last year's report…",
    "report.previous_clear": "Do not use last year's report",
    "report.previous_using": "Last year's report: {name} (checks this year's carried-over counts; choose it again after a reload)",
    "report.basic": "General",
    "report.paragraph": "paragraph {n}",
    "report.add_paragraph": "Add a paragraph",
    "report.remove_paragraph": "Remove paragraph {n}",
    "report.numbered": "Numbered",
    "report.insert": "Insert a table number…",
    "report.insert_label": "Insert a table number at the cursor ({section})",
    "report.import_notes": "Notes from reading the file",
    "report.dismiss": "Dismiss",
    "report.not_report": "This file is not an annual report (its kind is “{kind}”). Open official documents on the document page.",
    "report.not_json": "This file is not valid JSON:",
    "report.loading": "Reading…",
    "report.paste_failed": "The paste could not be handled: {msg}",
    "report.pasted": "{n} cells pasted",
  },
});

const DRAFT_KEY = "gongwen.report.draft";

const state = {
  report: null, // the report JSON being edited
  form: null, // GET /api/report/form
  schema: null, // GET /api/schema (titles for fields the form model does not cover)
  previous: null, // last year's report (File), sent as part `previous`
  registry: new Map(), // path → {focus, alert, input?, label, cellEl?}
  byName: new Map(), // an input's accessible name → its path
  result: { errors: [], warnings: [] }, // the last check
  pasteErrors: new Map(), // path → message from /api/report/paste
  checkCtl: null,
  checkTimer: 0,
  uid: 0,
};
const uid = (p) => `${p}-${++state.uid}`;

// ---------------------------------------------------------------- start

async function init() {
  applyWords();
  $("new-year").value = $("dlg-year").value = String(new Date().getFullYear() - 1);
  wireToolbar();
  for (const id of REPORT_BUTTONS) $(id).disabled = true;
  setStatus($("status"), t("report.loading"), "busy");
  try {
    const [form, schema] = await Promise.all([
      apiJson("/api/report/form"),
      apiJson("/api/schema").catch(() => null),
    ]);
    state.form = form;
    state.schema = schema;
  } catch (e) {
    setStatus($("status"), t("status.offline", { msg: e.message }), "error");
    $("start").hidden = false;
    return;
  }
  setStatus($("status"), "");
  let saved = null;
  try {
    saved = JSON.parse(localStorage.getItem(DRAFT_KEY) || "null");
  } catch (_) {
    saved = null;
  }
  if (saved && typeof saved === "object") load(saved);
  else $("start").hidden = false;
}

function wireToolbar() {
  $("form-new").addEventListener("submit", (e) => {
    e.preventDefault();
    startBlank($("new-agency").value, $("new-year").value, $("new-error"));
  });
  $("btn-new").addEventListener("click", () => {
    $("dlg-error").textContent = "";
    if (state.report) $("dlg-agency").value = state.report.agency ?? "";
    $("new-dialog").showModal();
  });
  $("dlg-cancel").addEventListener("click", () => $("new-dialog").close());
  $("form-new-dialog").addEventListener("submit", async (e) => {
    e.preventDefault();
    if (await startBlank($("dlg-agency").value, $("dlg-year").value, $("dlg-error"))) $("new-dialog").close();
  });
  for (const id of ["file-last-year", "file-last-year-2"]) {
    $(id).addEventListener("change", (e) => fromLastYear(e.target, $("last-year-error")));
  }
  for (const id of ["file-open", "file-open-2"]) {
    $(id).addEventListener("change", (e) => openFile(e.target, $("open-error")));
  }
  $("file-previous").addEventListener("change", (e) => {
    if (e.target.files[0]) setPrevious(e.target.files[0]);
    e.target.value = "";
  });
  $("btn-previous-clear").addEventListener("click", () => setPrevious(null));
  $("btn-save").addEventListener("click", () => {
    if (!state.report) return;
    const r = state.report;
    const name = `${r.agency || "report"}-${r.year ?? ""}.json`.replace(/[\\/:*?"<>|]/g, "_");
    saveBlob(new Blob([JSON.stringify(r, null, 2) + "\n"], { type: "application/json" }), name);
  });
  for (const fmt of ["docx", "pdf", "ofd"]) $(`btn-${fmt}`).addEventListener("click", () => download(fmt));
  $("btn-preview").addEventListener("click", preview);
  $("preview-close").addEventListener("click", () => $("preview").close());
}

function confirmReplace() {
  return !state.report || window.confirm(t("report.replace_confirm"));
}

/** The words of an error from the API (its check JSON's messages, or its message). */
function errorText(e) {
  if (e instanceof ApiError && e.body && (e.body.errors || e.body.warnings)) {
    return [...(e.body.errors || []), ...(e.body.warnings || [])].map(diagText).join("\n");
  }
  return e.message;
}

function showError(target, e) {
  target.textContent = errorText(e);
}

/**
 * An error while opening or starting: beside the start option (with the
 * server's findings, if any, each with its excerpt), or in the status line
 * once a report is open.
 */
function fail(errEl, text, diags = []) {
  if (state.report) {
    setStatus($("status"), [text, ...diags.map((d) => d.message.split("\n")[0])].filter(Boolean).join("\n"), "error");
    return;
  }
  errEl.replaceChildren(text);
  for (const d of diags) {
    errEl.append(el("span", { class: "diag-msg" },
      d.line ? el("span", { class: "diag-place", text: diagPlace(d) }) : null, ...diagNodes(d)));
  }
  setStatus($("status"), "");
  $("start").hidden = false;
}

async function startBlank(agency, year, errEl) {
  errEl.textContent = "";
  try {
    const report = await apiJson("/api/new/annual-report", { query: { agency, year } });
    load(report);
    return true;
  } catch (e) {
    showError(errEl, e);
    return false;
  }
}

async function fromLastYear(input, errEl) {
  const file = input.files[0];
  input.value = "";
  if (!file) return;
  errEl.textContent = "";
  if (!confirmReplace()) return;
  setStatus($("status"), t("report.loading"), "busy");
  const fd = new FormData();
  fd.append("previous", file, file.name);
  try {
    const report = await apiJson("/api/new/annual-report", { body: fd });
    setPrevious(file, false);
    load(report);
  } catch (e) {
    failWith(errEl, e);
  }
}

/** `fail` for an error from the API: its check JSON's findings, or its message. */
function failWith(errEl, e) {
  if (e instanceof ApiError && e.body && e.body.errors) fail(errEl, "", [...e.body.errors, ...(e.body.warnings || [])]);
  else fail(errEl, e.message);
}

async function openFile(input, errEl) {
  const file = input.files[0];
  input.value = "";
  if (!file) return;
  errEl.textContent = "";
  if (!confirmReplace()) return;
  setStatus($("status"), t("report.loading"), "busy");
  try {
    if (/\.docx$/i.test(file.name)) {
      const fd = new FormData();
      fd.append("file", file, file.name);
      const res = await apiJson("/api/import", { body: fd });
      load(res.input);
      showNotices(res.warnings || []);
      return;
    }
    const text = await file.text();
    let report = null;
    try {
      report = JSON.parse(text);
    } catch (_) {
      report = null;
    }
    if (!report || typeof report !== "object" || Array.isArray(report)) {
      // The server explains what is wrong with the JSON (line, column, what to type).
      const res = await apiJson("/api/check", { body: text, query: { draft: "true" } });
      fail(errEl, t("report.not_json"), res.errors || []);
      return;
    }
    if (report.kind && report.kind !== "gov-info-annual-report") {
      fail(errEl, t("report.not_report", { kind: report.kind }));
      return;
    }
    load(report);
  } catch (e) {
    failWith(errEl, e);
  }
}

function setPrevious(file, recheck = true) {
  state.previous = file;
  $("previous-name").textContent = file ? t("report.previous_using", { name: file.name }) : t("report.previous_none");
  $("btn-previous-clear").hidden = !file;
  if (recheck && state.report) scheduleCheck(0);
}

function showNotices(diags) {
  const box = $("notices");
  box.replaceChildren();
  if (!diags.length) return;
  const list = el("ul");
  for (const d of diags) list.append(el("li", { text: diagText(d) }));
  box.append(
    el("div", { class: "card notice" },
      el("h2", { text: t("report.import_notes") }),
      list,
      el("button", { type: "button", class: "secondary small", text: t("report.dismiss"), onclick: () => box.replaceChildren() }))
  );
}

const REPORT_BUTTONS = ["btn-save", "btn-preview", "btn-docx", "btn-pdf", "btn-ofd"];

function load(report) {
  state.report = report;
  for (const id of REPORT_BUTTONS) $(id).disabled = false;
  state.pasteErrors.clear();
  state.result = { errors: [], warnings: [] };
  saveDraft();
  renderForm();
  $("start").hidden = true;
  $("form").hidden = false;
  scheduleCheck(0);
}

function saveDraft() {
  try {
    localStorage.setItem(DRAFT_KEY, JSON.stringify(state.report));
  } catch (_) {
    /* storage full or disabled: the draft can still be downloaded */
  }
}

// ---------------------------------------------------------------- schema titles

function deref(node) {
  const root = state.schema;
  for (let i = 0; node && node.$ref && i < 20; i++) {
    node = node.$ref.replace(/^#\//, "").split("/").reduce((n, k) => n && n[k], root);
  }
  return node;
}

/** A schema node and the alternatives it allows (anyOf / oneOf, nested), dereferenced. */
function alternatives(node, depth = 0) {
  node = deref(node);
  if (!node || depth > 8) return [];
  const alts = [...(node.anyOf || []), ...(node.oneOf || [])];
  return [node, ...alts.flatMap((a) => alternatives(a, depth + 1))];
}

/** The schema node of the report (the alternative whose properties fit the report best). */
function reportSchema() {
  const root = state.schema;
  if (!root) return null;
  const cands = [root, root.then, root.else, ...(root.anyOf || []), ...(root.oneOf || [])].map(deref).filter(Boolean);
  const keys = Object.keys(state.report || {});
  let best = null;
  let score = -1;
  for (const c of cands) {
    const s = keys.filter((k) => c.properties && k in c.properties).length;
    if (s > score) [best, score] = [c, s];
  }
  return best;
}

function schemaAt(segs) {
  let node = reportSchema();
  for (const k of segs) {
    const next = alternatives(node).find((a) => (typeof k === "number" ? a.items : a.properties && a.properties[k]));
    if (!next) return null;
    node = typeof k === "number" ? next.items : next.properties[k];
  }
  return node;
}

function titleOf(segs) {
  const n = schemaAt(segs);
  const d = deref(n);
  return (n && n.title) || (d && d.title) || joinPath(segs);
}

function descriptionOf(segs) {
  const n = schemaAt(segs);
  return (n && n.description) || (deref(n) || {}).description || "";
}

/** Whether the schema lets this field be {"numbered": [...]} (null: no schema to ask). */
function allowsNumbered(segs) {
  if (!state.schema) return null;
  return alternatives(schemaAt(segs)).some((a) => a.properties && a.properties.numbered);
}

/** Whether the field must be present (an optional one is left out when emptied). */
function isRequired(segs) {
  if (!state.schema) return true;
  const key = segs[segs.length - 1];
  const parent = segs.length > 1 ? schemaAt(segs.slice(0, -1)) : reportSchema();
  return alternatives(parent).some((a) => (a.required || []).includes(key));
}

// ---------------------------------------------------------------- the form

function isPrefix(prefix, path) {
  return path === prefix || path.startsWith(prefix + ".") || path.startsWith(prefix + "[");
}

function renderForm() {
  const form = $("form");
  form.onsubmit = (e) => e.preventDefault();
  state.registry.clear();
  state.byName.clear();
  const inputs = [];
  for (const tb of state.form.tables) for (const row of tb.rows) for (const c of row) if (c.input) inputs.push(c.input);
  const inputSet = new Set(inputs);
  const tableArrays = new Set(inputs.map((p) => joinPath(parsePath(p).slice(0, -1))));
  const sections = state.form.sections || [];
  const covered = (p) =>
    inputSet.has(p) ||
    sections.some((s) => isPrefix(s.path, p)) ||
    [...tableArrays].some((a) => a && isPrefix(a, p) && /^\[\d+\]$/.test(p.slice(a.length)));

  const parts = [];
  // Fields the form model does not name (none, when it names them all), by the schema's titles.
  const extra = renderUncovered(covered);
  if (extra) parts.push(extra);

  // The sections in the model's order, the tables after the last 总体情况 part
  // (the order of the report: 一、总体情况, then 表二–表四, then 五、六).
  // Consecutive one-line fields share a card, titled by what holds them.
  const tables = state.form.tables.map(renderTable);
  const lastOverview = sections.map((s) => s.path.split(/[.[]/)[0]).lastIndexOf("overview");
  const at = lastOverview >= 0 ? lastOverview + 1 : sections.length;
  let group = null;
  let lastParent = null;
  let lastPart = null;
  const flush = () => {
    if (!group) return;
    const legend = group.parent ? titleOf(parsePath(group.parent)) : t("report.basic");
    parts.push(el("fieldset", { class: "card fields" }, el("legend", { text: legend }),
      el("div", { class: "field-grid" }, ...group.fields)));
    group = null;
  };
  sections.forEach((s, i) => {
    if (i === at) {
      flush();
      parts.push(...tables);
    }
    if (s.kind === "string" || s.kind === "number") {
      const segs = parsePath(s.path);
      const parent = joinPath(segs.slice(0, -1));
      if (!group || group.parent !== parent) {
        flush();
        group = { parent, fields: [] };
      }
      group.fields.push(renderField({ ...s, help: descriptionOf(segs) }));
    } else {
      flush();
      const segs = parsePath(s.path);
      const parent = joinPath(segs.slice(0, -1));
      // the part's numbered heading as the national format prints it (一、总体情况), from the model
      if (s.part && s.part !== lastPart) parts.push(el("h2", { class: "group-title", text: s.part }));
      else if (!s.part && parent && parent !== lastParent) parts.push(el("h2", { class: "group-title", text: titleOf(segs.slice(0, -1)) }));
      lastParent = parent;
      lastPart = s.part || lastPart;
      parts.push(renderParagraphs({ ...s, help: descriptionOf(segs) }));
      return;
    }
    lastParent = null;
  });
  flush();
  if (at >= sections.length) parts.push(...tables);
  form.replaceChildren(...parts);
  applyDiagnostics();
}

/** The fields of the report the form model does not cover, labelled by the schema's titles. */
function renderUncovered(covered) {
  const scalars = [];
  const groups = [];
  const walk = (value, segs, into) => {
    const path = joinPath(segs);
    if (segs.length && covered(path)) return;
    if (segs.length === 1 && segs[0] === "kind") return;
    if (value === null || value === undefined) return;
    if (Array.isArray(value) && value.every((v) => typeof v === "string")) {
      groups.push(renderParagraphs({ path, label: titleOf(segs), kind: "lines", help: descriptionOf(segs) }));
      return;
    }
    if (typeof value === "object" && !Array.isArray(value)) {
      if (!segs.length) {
        for (const [k, v] of Object.entries(value)) walk(v, [k], scalars);
        return;
      }
      const inner = [];
      for (const [k, v] of Object.entries(value)) walk(v, [...segs, k], inner);
      if (inner.length) {
        groups.push(el("fieldset", { class: "card fields" }, el("legend", { text: titleOf(segs) }), el("div", { class: "field-grid" }, ...inner)));
      }
      return;
    }
    if (Array.isArray(value)) {
      value.forEach((v, i) => walk(v, [...segs, i], into));
      return;
    }
    into.push(renderField({ path, label: titleOf(segs), kind: typeof value === "number" ? "number" : "string", help: descriptionOf(segs) }));
  };
  walk(state.report, [], scalars);
  if (!scalars.length && !groups.length) return null;
  const box = el("div", { class: "uncovered" });
  if (scalars.length) {
    box.append(el("fieldset", { class: "card fields" }, el("legend", { text: t("report.basic") }), el("div", { class: "field-grid" }, ...scalars)));
  }
  box.append(...groups);
  return box;
}

/** A one-line field (kind "string" or "number"). */
function renderField(s) {
  const id = uid("f");
  const msgId = uid("m");
  const v = getAt(state.report, s.path);
  const input = el("input", {
    id, type: "text", value: v === undefined || v === null ? "" : String(v),
    "aria-describedby": msgId, "data-path": s.path,
  });
  if (s.kind === "number") input.setAttribute("inputmode", "numeric");
  input.addEventListener("input", () => {
    setAt(state.report, s.path, s.kind === "number" ? typedValue(input.value) : input.value);
    edited(s.path);
  });
  const alert = el("div", { class: "field-msg", role: "alert", id: msgId });
  state.registry.set(s.path, { focus: input, input, alert, label: s.label });
  return el("div", { class: "field" },
    el("label", { class: "field-label", for: id, text: s.label, title: s.help || null }),
    input, alert);
}

function renderSection(s) {
  if (s.kind === "string" || s.kind === "number") {
    return el("div", { class: "card fields" }, renderField(s));
  }
  return renderParagraphs(s);
}

/**
 * A narrative (kind "text": one string, a list, or {"numbered": [...]}) or a
 * list of lines (kind "lines"), one textarea a paragraph, each with its own
 * message element, so a finding on `problems[2]` shows under paragraph 3.
 */
function renderParagraphs(s) {
  const box = el("section", { class: "card narrative", "data-section": s.path });
  const draw = (focusIndex) => {
    for (const [p] of [...state.registry]) if (isPrefix(s.path, p)) state.registry.delete(p);
    const value = getAt(state.report, s.path);
    const mode = typeof value === "string" ? "string" : Array.isArray(value) || value == null ? "list" : "numbered";
    const segs = parsePath(s.path);
    const numberable = s.kind === "text" || allowsNumbered(segs) === true || mode === "numbered";
    const required = isRequired(segs);
    const paras = mode === "string" ? [value ?? ""] : mode === "list" ? (value || []) : (value.numbered || []);
    const pathOf = (i) => (mode === "string" ? s.path : mode === "list" ? `${s.path}[${i}]` : `${s.path}.numbered[${i}]`);
    const write = (list) => {
      if (mode === "numbered") setAt(state.report, s.path, { ...value, numbered: list });
      else if (!list.length && !required) removeAt(s.path);
      else setAt(state.report, s.path, list);
    };
    const headId = uid("h");
    const head = el("div", { class: "narrative-head" }, el("h2", { id: headId, text: s.label }));
    let lastFocused = null;
    if ((numberable || allowsNumbered(segs) === null) && state.form.placeholders && state.form.placeholders.length) {
      const sel = el("select", { class: "insert", "aria-label": t("report.insert_label", { section: s.label }) },
        el("option", { value: "", text: t("report.insert") }),
        ...state.form.placeholders.map((p) => el("option", { value: p.name, text: p.label })));
      sel.addEventListener("change", () => {
        const name = sel.value;
        sel.value = "";
        if (!name) return;
        const ta = lastFocused || box.querySelector("textarea");
        if (!ta) return;
        const start = ta.selectionStart ?? ta.value.length;
        const end = ta.selectionEnd ?? start;
        ta.setRangeText(`{${name}}`, start, end, "end");
        ta.dispatchEvent(new Event("input", { bubbles: true }));
        ta.focus();
      });
      head.append(sel);
    }
    if (numberable) {
      const cb = el("input", { type: "checkbox", checked: mode === "numbered" });
      cb.addEventListener("change", () => {
        const list = [...paras];
        setAt(state.report, s.path, cb.checked ? { numbered: list } : list.length === 1 ? list[0] : list);
        edited(s.path);
        draw();
      });
      head.append(el("label", { class: "check small" }, cb, " ", t("report.numbered")));
    }
    const list = el("ol", { class: mode === "numbered" ? "paragraphs numbered" : "paragraphs", "aria-labelledby": headId });
    paras.forEach((text, i) => {
      const path = pathOf(i);
      const id = uid("p");
      const msgId = uid("m");
      const ta = el("textarea", {
        id, rows: 2, "aria-label": `${s.label} ${t("report.paragraph", { n: i + 1 })}`,
        "aria-describedby": msgId, "data-path": path,
      });
      ta.value = text;
      ta.addEventListener("focus", () => (lastFocused = ta));
      ta.addEventListener("input", () => {
        if (mode === "string") setAt(state.report, s.path, ta.value);
        else {
          const next = [...paras];
          next[i] = ta.value;
          paras[i] = ta.value;
          write(next);
        }
        grow(ta);
        edited(path);
      });
      const alert = el("div", { class: "para-msg", role: "alert", id: msgId });
      state.registry.set(path, { focus: ta, input: ta, alert, label: `${s.label} ${t("report.paragraph", { n: i + 1 })}` });
      const row = el("li", { class: "paragraph" }, el("div", { class: "para-line" }, ta));
      if (paras.length > 1) {
        row.firstChild.append(el("button", {
          type: "button", class: "icon secondary", "aria-label": t("report.remove_paragraph", { n: i + 1 }), title: t("report.remove_paragraph", { n: i + 1 }), text: "×",
          onclick: () => {
            const next = paras.filter((_, j) => j !== i);
            write(next);
            edited(s.path);
            draw(Math.max(0, i - 1));
          },
        }));
      }
      row.append(alert);
      list.append(row);
    });
    const add = el("button", {
      type: "button", class: "secondary small", text: t("report.add_paragraph"),
      onclick: () => {
        const next = [...paras, ""];
        if (mode === "numbered") setAt(state.report, s.path, { ...value, numbered: next });
        else setAt(state.report, s.path, next);
        edited(s.path);
        draw(next.length - 1);
      },
    });
    // A finding on the whole section (e.g. the narrative audit's) shows under its paragraphs.
    const secMsgId = uid("m");
    const secAlert = el("div", { class: "para-msg section-msg", role: "alert", id: secMsgId });
    if (mode !== "string") {
      const first = list.querySelector("textarea");
      state.registry.set(s.path, { focus: first || add, alert: secAlert, label: s.label, section: true });
      list.querySelectorAll("textarea").forEach((ta) =>
        ta.setAttribute("aria-describedby", `${ta.getAttribute("aria-describedby")} ${secMsgId}`));
    }
    const hint = paras.length ? null : el("p", { class: "hint muted", text: s.help });
    box.classList.toggle("empty", !paras.length);
    box.replaceChildren(...[head, hint, list, secAlert, el("div", { class: "narrative-foot" }, add)].filter(Boolean));
    if (s.help) head.querySelector("h2").title = s.help;
    requestAnimationFrame(() => box.querySelectorAll("textarea").forEach(grow));
    if (focusIndex !== undefined) {
      const tas = box.querySelectorAll("textarea");
      (tas[focusIndex] || tas[tas.length - 1] || add).focus();
    }
    applyDiagnostics();
  };
  draw();
  return box;
}

function grow(ta) {
  ta.style.height = "auto";
  ta.style.height = `${ta.scrollHeight + 2}px`;
}

/** A table of the form model, drawn literally (rowspan/colspan as given). */
function renderTable(tb) {
  const captionId = uid("c");
  // Which grid columns hold numbers (an input starts there with colspan 1).
  const numCols = new Set();
  const covered = [];
  const positions = new Map(); // cell object → [grid row, grid column]
  tb.rows.forEach((row, r) => {
    let c = 0;
    for (const cell of row) {
      while (covered[r] && covered[r][c]) c++;
      positions.set(cell, [r, c]);
      const rs = cell.rowspan || 1;
      const cs = cell.colspan || 1;
      for (let i = r; i < r + rs; i++) {
        covered[i] = covered[i] || [];
        for (let j = c; j < c + cs; j++) covered[i][j] = true;
      }
      if (cell.input && cs === 1) numCols.add(c);
      c += cs;
    }
  });
  const colgroup = el("colgroup");
  for (let c = 0; c < tb.columns; c++) colgroup.append(el("col", { class: numCols.has(c) ? "col-num" : "col-label" }));
  const tbody = el("tbody");
  for (const row of tb.rows) {
    const tr = el("tr");
    const hasInput = row.some((c) => c.input);
    for (const cell of row) {
      const span = { rowspan: cell.rowspan > 1 ? cell.rowspan : null, colspan: cell.colspan > 1 ? cell.colspan : null };
      if (cell.input) {
        const id = uid("n");
        const msgId = uid("m");
        const v = getAt(state.report, cell.input);
        const input = el("input", {
          id, type: "text", inputmode: "numeric", "aria-label": cell.name, "aria-describedby": msgId,
          "data-path": cell.input, value: v === undefined || v === null ? "" : String(v), spellcheck: "false",
        });
        const alert = el("div", { class: "cell-msg", role: "alert", id: msgId });
        const td = el("td", { class: "in", ...span }, input, alert);
        input.addEventListener("input", () => {
          state.pasteErrors.delete(cell.input);
          writeNumber(cell.input, input.value);
          edited(cell.input);
        });
        input.addEventListener("paste", (e) => paste(e, cell.input));
        const [gr, gc] = positions.get(cell);
        input.dataset.row = gr;
        input.dataset.col = gc;
        input.addEventListener("keydown", (e) => moveInGrid(e, input));
        state.registry.set(cell.input, { focus: input, input, alert, label: cell.name, cellEl: td });
        state.byName.set(cell.name, cell.input);
        tr.append(td);
      } else {
        tr.append(el("th", { class: hasInput ? "row-label" : "col-head", ...span, text: cell.text }));
      }
    }
    tbody.append(tr);
  }
  const table = el("table", { class: `grid grid-${tb.id} cols-${tb.columns}`, "aria-labelledby": captionId }, colgroup, tbody);
  return el("section", { class: "card table-card", "data-table": tb.id },
    el("h2", { id: captionId, text: tb.caption }),
    el("div", { class: "table-wrap" }, table));
}

/** Enter / ↓ and Shift+Enter / ↑ go to the cell below or above, as in a spreadsheet. */
function moveInGrid(e, input) {
  const down = (e.key === "Enter" && !e.shiftKey) || e.key === "ArrowDown";
  const up = (e.key === "Enter" && e.shiftKey) || e.key === "ArrowUp";
  if ((!down && !up) || e.altKey || e.ctrlKey || e.metaKey || e.isComposing) return;
  e.preventDefault();
  const row = Number(input.dataset.row);
  const col = Number(input.dataset.col);
  const cands = [...input.closest("table").querySelectorAll("input[data-col]")]
    .filter((i) => Number(i.dataset.col) === col && (down ? Number(i.dataset.row) > row : Number(i.dataset.row) < row));
  const next = down ? cands[0] : cands[cands.length - 1];
  if (next) {
    next.focus();
    next.select();
  }
}

/** Takes a field out of the report (an optional one left empty). */
function removeAt(path) {
  const segs = parsePath(path);
  const parent = getAt(state.report, segs.slice(0, -1));
  if (parent && typeof parent === "object") delete parent[segs[segs.length - 1]];
}

/** Puts a typed number at its path: as typed, an empty last column of a row taken out. */
function writeNumber(path, text) {
  const segs = parsePath(path);
  const last = segs[segs.length - 1];
  if (text === "" && typeof last === "number") {
    const arr = getAt(state.report, segs.slice(0, -1));
    if (Array.isArray(arr) && last === arr.length - 1) {
      arr.length = last;
      return;
    }
  }
  setAt(state.report, segs, typedValue(text));
}

// ---------------------------------------------------------------- paste from a spreadsheet

async function paste(e, at) {
  const text = e.clipboardData ? e.clipboardData.getData("text/plain") : "";
  if (!/[\t\n]/.test(text)) return; // one value: the browser pastes it
  e.preventDefault();
  try {
    const res = await apiJson("/api/report/paste", { body: { text, at } });
    for (const c of res.cells || []) {
      const entry = state.registry.get(c.path);
      if (entry) entry.input.value = c.value === null || c.value === undefined ? "" : String(c.value);
      setAt(state.report, c.path, c.value);
      state.pasteErrors.delete(c.path);
    }
    for (const x of res.errors || []) state.pasteErrors.set(x.path, x.message);
    setStatus($("status"), t("report.pasted", { n: (res.cells || []).length }), "");
    edited(at);
  } catch (err) {
    setStatus($("status"), t("report.paste_failed", { msg: err.message }), "error");
  }
}

// ---------------------------------------------------------------- checks

function edited() {
  saveDraft();
  scheduleCheck();
}

/** The request body: the report as JSON, or multipart with last year's report. */
function body() {
  const json = JSON.stringify(state.report);
  if (!state.previous) return json;
  const fd = new FormData();
  fd.append("input", json);
  fd.append("previous", state.previous, state.previous.name);
  return fd;
}

/** A check's or a failed build's diagnostics, shown on the form. */
function showCheck(res) {
  state.result = res;
  applyDiagnostics();
}

const scheduleCheck = checker({
  body,
  query: { draft: "true" },
  ready: () => Boolean(state.report),
  show: showCheck,
});

/** The form element a diagnostic belongs to: its path, its cell's name, or the nearest enclosing path. */
function resolve(d) {
  if (d.path && state.registry.has(d.path)) return state.registry.get(d.path);
  if (d.cell && d.cell.row && d.cell.column) {
    const p = state.byName.get(`${d.cell.row} ${d.cell.column}`);
    if (p) return state.registry.get(p);
  }
  if (d.path) {
    const segs = parsePath(d.path);
    while (segs.length > 1) {
      segs.pop();
      const p = joinPath(segs);
      if (state.registry.has(p)) return state.registry.get(p);
    }
  }
  return null;
}

function labelOf(path) {
  const entry = state.registry.get(path);
  return entry ? entry.label : path;
}

function applyDiagnostics() {
  const res = state.result || { errors: [], warnings: [] };
  const paste = [...state.pasteErrors].map(([path, message]) => ({ severity: "error", path, message, cell: null, rule: null }));
  const all = [...paste, ...(res.errors || []), ...(res.warnings || [])];
  const per = new Map();
  for (const d of all) {
    const entry = resolve(d);
    if (!entry) continue;
    if (!per.has(entry)) per.set(entry, []);
    per.get(entry).push(d);
  }
  for (const entry of new Set(state.registry.values())) {
    const ds = per.get(entry) || [];
    const key = ds.map((d) => d.severity + diagText(d)).join("\n");
    if (entry.alert.dataset.key !== key) {
      entry.alert.dataset.key = key;
      entry.alert.replaceChildren(...ds.map((d) => el("p", { class: `msg msg-${d.severity}` }, ...diagNodes(d))));
    }
    const err = ds.some((d) => d.severity === "error");
    const warn = !err && ds.length > 0;
    if (entry.input && !entry.section) {
      if (err) entry.input.setAttribute("aria-invalid", "true");
      else entry.input.removeAttribute("aria-invalid");
      entry.input.classList.toggle("has-warning", warn);
    }
    if (entry.cellEl) {
      entry.cellEl.classList.toggle("invalid", err);
      entry.cellEl.classList.toggle("warning", warn);
    }
  }
  renderSummary($("summary"), $("summary-counts"),
    { errors: [...paste, ...(res.errors || [])], warnings: res.warnings || [] }, pick, labelOf);
}

function pick(d) {
  const entry = resolve(d);
  if (!entry) return;
  entry.focus.scrollIntoView({ block: "center", behavior: "smooth" });
  entry.focus.focus({ preventScroll: true });
}

// ---------------------------------------------------------------- build

function download(fmt) {
  if (!state.report) return;
  const draft = $("build-draft").checked ? "true" : undefined;
  return downloadFormat(fmt, { body, query: { draft }, show: showCheck });
}

function preview() {
  if (!state.report) return;
  return previewPdf({ body, query: { draft: "true" }, show: showCheck });
}

init();
