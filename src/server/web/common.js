// gongwen browser workspace: what both pages share — the language, the page's
// own words, API calls (token, lang), diagnostics rendering, downloads.
//
// No rule of a document lives here or in the pages' scripts: every check,
// label, number reading and message comes from the server's API. This file
// only carries the words of the page itself (button captions and the like).

/** The page's language: `?lang=en` gives English, anything else Chinese. */
export const lang = new URLSearchParams(location.search).get("lang") === "en" ? "en" : "zh";

/** The page's own words (not the document's: those come from the API). */
const WORDS = {
  zh: {
    "app.name": "gongwen 公文工作台",
    "nav.report": "政府信息公开工作年度报告",
    "nav.document": "公文",
    "nav.switch": "English",
    "status.checking": "正在检查…",
    "status.ok": "检查通过",
    "status.errors": "{n} 处错误",
    "status.warnings": "{n} 条提示",
    "status.offline": "无法连接服务器：{msg}",
    "status.saved": "草稿已保存在本机浏览器",
    "status.building": "正在生成 {what}…",
    "status.built": "已生成 {name}",
    "status.build_failed": "未生成：输入有错误，见右侧列表",
    "diag.error": "错误",
    "diag.warning": "提示",
    "diag.none": "没有发现问题。",
    "diag.expected": "应为 {v}",
    "diag.actual": "实际为 {v}",
    "diag.line": "第 {line} 行第 {col} 列",
    "diag.line_only": "第 {line} 行",
    "diag.title": "检查结果",
    "token.title": "需要访问令牌",
    "token.text": "服务器要求访问令牌。请输入管理员提供的令牌（只保存在本次浏览器会话中）。",
    "token.wrong": "令牌不正确，请重新输入。",
    "token.label": "访问令牌",
    "token.ok": "确定",
    "token.cancel": "取消",
    "token.needed": "没有访问令牌，无法使用服务器。",
    "preview.title": "预览",
    "preview.close": "关闭",
    "preview.loading": "正在生成预览…",
    "build.docx": "下载 Word（.docx）",
    "build.pdf": "下载 PDF",
    "build.ofd": "下载 OFD",
    "build.preview": "预览 PDF",
    "build.draft": "按草稿生成（待填处照印）",
    "error.server": "服务器返回 {status}：{msg}",
    "error.aborted": "已取消",
  },
  en: {
    "app.name": "gongwen workspace",
    "nav.report": "Annual disclosure report",
    "nav.document": "Official document",
    "nav.switch": "中文",
    "status.checking": "Checking…",
    "status.ok": "No errors",
    "status.errors": "{n} error(s)",
    "status.warnings": "{n} warning(s)",
    "status.offline": "Cannot reach the server: {msg}",
    "status.saved": "Draft saved in this browser",
    "status.building": "Building {what}…",
    "status.built": "Built {name}",
    "status.build_failed": "Not built: the input has errors (see the list)",
    "diag.error": "Error",
    "diag.warning": "Warning",
    "diag.none": "No problems found.",
    "diag.expected": "expected {v}",
    "diag.actual": "got {v}",
    "diag.line": "line {line}, column {col}",
    "diag.line_only": "line {line}",
    "diag.title": "Check results",
    "token.title": "Access token required",
    "token.text": "The server asks for an access token. Enter the token your administrator gave you (it is kept for this browser session only).",
    "token.wrong": "That token was not accepted; please enter it again.",
    "token.label": "Access token",
    "token.ok": "OK",
    "token.cancel": "Cancel",
    "token.needed": "Without an access token the server cannot be used.",
    "preview.title": "Preview",
    "preview.close": "Close",
    "preview.loading": "Building the preview…",
    "build.docx": "Download Word (.docx)",
    "build.pdf": "Download PDF",
    "build.ofd": "Download OFD",
    "build.preview": "Preview PDF",
    "build.draft": "Build as a draft (gaps printed as they are)",
    "error.server": "The server answered {status}: {msg}",
    "error.aborted": "Cancelled",
  },
};

/** Adds a page's own words to the dictionary. */
export function addWords(words) {
  for (const l of ["zh", "en"]) Object.assign(WORDS[l], words[l]);
}

/** A word of the page in its language, with `{name}` filled from `args`. */
export function t(key, args = {}) {
  const s = WORDS[lang][key] ?? WORDS.zh[key] ?? key;
  return s.replace(/\{(\w+)\}/g, (m, k) => (k in args ? String(args[k]) : m));
}

/** The element with id `id`. */
export const $ = (id) => document.getElementById(id);

/**
 * A new element: `props` sets its class, text, listeners (`onclick` …) and
 * attributes; `children` are appended (null and undefined skipped).
 */
export function el(tag, props = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) {
    if (v === undefined || v === null || v === false) continue;
    if (k === "class") e.className = v;
    else if (k === "text") e.textContent = v;
    else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
    else if (k in e && typeof v !== "string") e[k] = v;
    else e.setAttribute(k, v === true ? "" : v);
  }
  e.append(...children.filter((c) => c !== null && c !== undefined));
  return e;
}

/** Puts the page's words into every element with `data-t` (text) or `data-t-<attr>` (attribute). */
export function applyWords(root = document) {
  document.documentElement.lang = lang === "en" ? "en" : "zh-CN";
  for (const el of root.querySelectorAll("[data-t]")) el.textContent = t(el.dataset.t);
  for (const el of root.querySelectorAll("*")) {
    for (const a of el.getAttributeNames()) {
      if (a.startsWith("data-t-")) el.setAttribute(a.slice(7), t(el.getAttribute(a)));
    }
  }
  // the sticky toolbar's height, for what sits or scrolls below it (it wraps in English)
  const bar = document.querySelector(".toolbar");
  if (bar && window.ResizeObserver) {
    new ResizeObserver(() => document.documentElement.style.setProperty("--toolbar-h", `${bar.offsetHeight}px`)).observe(bar);
  }
  const sw = document.getElementById("lang-switch");
  if (sw) {
    const u = new URL(location.href);
    if (lang === "en") u.searchParams.delete("lang");
    else u.searchParams.set("lang", "en");
    sw.href = u.pathname + u.search;
    sw.lang = lang === "en" ? "zh-CN" : "en";
  }
  for (const a of document.querySelectorAll("a[data-keep-lang]")) {
    const u = new URL(a.getAttribute("href"), location.href);
    if (lang === "en") u.searchParams.set("lang", "en");
    a.href = u.pathname + u.search;
  }
}

// ---------------------------------------------------------------- API

const TOKEN_KEY = "gongwen.token";
let tokenPrompt = null; // one dialog for all requests waiting on it

/** An error the server explained: `status`, and `body` (its JSON, if any). */
export class ApiError extends Error {
  constructor(status, body, text) {
    super(
      body && typeof body === "object" && (body.message || body.error)
        ? body.message || body.error
        : t("error.server", { status, msg: (text || "").slice(0, 300) })
    );
    this.status = status;
    this.body = body;
  }
}

/**
 * Calls the API. `path` is e.g. "/api/check"; `opts.query` an object of query
 * parameters (lang is added); `opts.body` a string (sent as JSON), FormData or
 * Blob; `opts.signal` an AbortSignal. Returns the Response (status 2xx) or
 * throws ApiError. On 401 asks for the token once and tries again.
 */
export async function api(path, opts = {}) {
  const url = new URL(path, location.origin);
  url.searchParams.set("lang", lang);
  for (const [k, v] of Object.entries(opts.query || {})) {
    if (v !== undefined && v !== null && v !== "") url.searchParams.set(k, v);
  }
  for (let attempt = 0; ; attempt++) {
    const headers = {};
    const token = sessionStorage.getItem(TOKEN_KEY);
    if (token) headers.Authorization = `Bearer ${token}`;
    let body = opts.body;
    if (typeof body === "string") headers["Content-Type"] = "application/json";
    else if (body && !(body instanceof FormData) && !(body instanceof Blob)) {
      body = JSON.stringify(body);
      headers["Content-Type"] = "application/json";
    }
    const res = await fetch(url, {
      method: opts.method || (body === undefined ? "GET" : "POST"),
      headers,
      body,
      signal: opts.signal,
    });
    if (res.status === 401 && attempt < 3) {
      await askToken(attempt > 0 || !!token);
      continue;
    }
    if (res.ok || (opts.accept || []).includes(res.status)) return res;
    const text = await res.text();
    let json = null;
    try {
      json = JSON.parse(text);
    } catch (_) {
      /* not JSON */
    }
    throw new ApiError(res.status, json, text);
  }
}

/** GET or POST returning the JSON answer. */
export async function apiJson(path, opts = {}) {
  const res = await api(path, opts);
  return res.json();
}

function askToken(wrong) {
  if (tokenPrompt) return tokenPrompt;
  tokenPrompt = new Promise((resolve, reject) => {
    const dlg = document.createElement("dialog");
    dlg.className = "token-dialog";
    dlg.setAttribute("aria-labelledby", "token-title");
    dlg.innerHTML = `
      <form method="dialog">
        <h2 id="token-title"></h2>
        <p class="token-text"></p>
        <p class="token-wrong" role="alert"></p>
        <label for="token-input" class="field-label"></label>
        <input id="token-input" type="password" autocomplete="off" required>
        <div class="dialog-buttons">
          <button value="cancel" type="button" class="secondary cancel"></button>
          <button value="ok" class="primary ok"></button>
        </div>
      </form>`;
    dlg.querySelector("h2").textContent = t("token.title");
    dlg.querySelector(".token-text").textContent = t("token.text");
    dlg.querySelector(".token-wrong").textContent = wrong ? t("token.wrong") : "";
    dlg.querySelector("label").textContent = t("token.label");
    dlg.querySelector(".ok").textContent = t("token.ok");
    const cancel = dlg.querySelector(".cancel");
    cancel.textContent = t("token.cancel");
    document.body.append(dlg);
    const input = dlg.querySelector("input");
    const done = (ok) => {
      dlg.close();
      dlg.remove();
      tokenPrompt = null;
      if (ok) {
        sessionStorage.setItem(TOKEN_KEY, input.value.trim());
        resolve();
      } else reject(new Error(t("token.needed")));
    };
    dlg.querySelector("form").addEventListener("submit", (e) => {
      e.preventDefault();
      if (input.value.trim()) done(true);
    });
    cancel.addEventListener("click", () => done(false));
    dlg.addEventListener("cancel", (e) => {
      e.preventDefault();
      done(false);
    });
    dlg.showModal();
    input.focus();
  });
  return tokenPrompt;
}

// ---------------------------------------------------------------- JSON paths

/** "a.b[2].c" → ["a", "b", 2, "c"] (the diagnostics' path syntax). */
export function parsePath(path) {
  const out = [];
  for (const m of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    out.push(m[2] !== undefined ? Number(m[2]) : m[1]);
  }
  return out;
}

/** ["a", "b", 2] → "a.b[2]". */
export function joinPath(segs) {
  let s = "";
  for (const x of segs) s += typeof x === "number" ? `[${x}]` : s ? `.${x}` : x;
  return s;
}

export function getAt(obj, path) {
  let v = obj;
  for (const k of Array.isArray(path) ? path : parsePath(path)) {
    if (v === null || typeof v !== "object") return undefined;
    v = v[k];
  }
  return v;
}

/** Sets a value, creating objects and arrays on the way. */
export function setAt(obj, path, value) {
  const segs = Array.isArray(path) ? path : parsePath(path);
  let v = obj;
  for (let i = 0; i < segs.length - 1; i++) {
    const k = segs[i];
    if (v[k] === null || typeof v[k] !== "object") v[k] = typeof segs[i + 1] === "number" ? [] : {};
    v = v[k];
  }
  v[segs[segs.length - 1]] = value;
}

/**
 * What the user typed in a number field, as it goes to the server: plain
 * digits become a JSON number, anything else stays the text typed (the
 * server reads it and explains what is wrong). Not a rule of the report:
 * only how a text field's content is put into JSON.
 */
export function typedValue(text) {
  return /^[1-9][0-9]{0,14}$|^0$/.test(text) ? Number(text) : text;
}

// ---------------------------------------------------------------- diagnostics

/** Where a diagnostic points, in words: the cell by its labels, a line, or the path. */
export function diagPlace(d, labelOf) {
  if (d.cell) return [d.cell.table, d.cell.row, d.cell.column].filter(Boolean).join(" · ");
  if (d.line) return d.column ? t("diag.line", { line: d.line, col: d.column }) : t("diag.line_only", { line: d.line });
  if (d.path) return (labelOf && labelOf(d.path)) || d.path;
  return "";
}

/** The text for a diagnostic: its message, then expected / actual when the cell gives them. */
export function diagText(d) {
  const f = diagFigures(d);
  return f ? `${f}：${d.message}` : d.message;
}

/** “应为 X，实际为 Y” from the diagnostic's cell, or "" (the words of the page, the values of the API). */
export function diagFigures(d) {
  const extra = [];
  if (d.cell && d.cell.expected != null) extra.push(t("diag.expected", { v: d.cell.expected }));
  if (d.cell && d.cell.actual != null) extra.push(t("diag.actual", { v: d.cell.actual }));
  return extra.join(lang === "en" ? ", " : "，");
}

/**
 * A diagnostic as elements: the figures (expected, actual) first, then the
 * message's first line; the lines after it (the server's excerpt of the
 * input with a caret) as preformatted text.
 */
export function diagNodes(d) {
  const out = [];
  const f = diagFigures(d);
  if (f) {
    const b = document.createElement("strong");
    b.className = "diag-figures";
    b.textContent = f;
    out.push(b);
  }
  const [first, ...rest] = String(d.message).split("\n");
  const m = document.createElement("span");
  m.className = "diag-text";
  m.textContent = first;
  out.push(m);
  if (rest.length) {
    const pre = document.createElement("pre");
    pre.className = "diag-excerpt";
    pre.textContent = rest.join("\n");
    out.push(pre);
  }
  return out;
}

/**
 * Renders the summary list: every error, then every warning, each a button
 * calling `onPick(d)`. `labelOf(path)` names a path for the user.
 */
export function renderSummary(listEl, countsEl, result, onPick, labelOf) {
  const all = [...(result.errors || []), ...(result.warnings || [])];
  listEl.replaceChildren();
  if (countsEl) {
    const e = (result.errors || []).length;
    const w = (result.warnings || []).length;
    countsEl.replaceChildren();
    const a = document.createElement("span");
    a.className = e ? "count count-error" : "count count-ok";
    a.textContent = e ? t("status.errors", { n: e }) : t("status.ok");
    countsEl.append(a);
    if (w) {
      const b = document.createElement("span");
      b.className = "count count-warning";
      b.textContent = t("status.warnings", { n: w });
      countsEl.append(b);
    }
  }
  if (!all.length) {
    const p = document.createElement("li");
    p.className = "diag-none";
    p.textContent = t("diag.none");
    listEl.append(p);
    return;
  }
  for (const d of all) {
    const li = document.createElement("li");
    li.className = `diag diag-${d.severity}`;
    const b = document.createElement("button");
    b.type = "button";
    const sev = document.createElement("span");
    sev.className = "diag-sev";
    sev.textContent = t(d.severity === "error" ? "diag.error" : "diag.warning") + (d.rule ? ` ${d.rule}` : "");
    const place = document.createElement("span");
    place.className = "diag-place";
    place.textContent = diagPlace(d, labelOf);
    const msg = document.createElement("span");
    msg.className = "diag-msg";
    msg.append(...diagNodes(d));
    b.append(sev, place, msg);
    b.addEventListener("click", () => onPick(d));
    li.append(b);
    listEl.append(li);
  }
}

// ---------------------------------------------------------------- downloads

/** The file name a Content-Disposition header gives (filename* first), or `fallback`. */
export function dispositionName(header, fallback) {
  if (!header) return fallback;
  const star = /filename\*\s*=\s*([^']*)'[^']*'([^;]+)/i.exec(header);
  if (star) {
    try {
      return decodeURIComponent(star[2].trim().replace(/^"|"$/g, ""));
    } catch (_) {
      /* fall through */
    }
  }
  const plain = /filename\s*=\s*("([^"]*)"|[^;]+)/i.exec(header);
  if (plain) return (plain[2] ?? plain[1]).trim();
  return fallback;
}

/** Saves a Blob as a file the browser downloads. */
export function saveBlob(blob, name) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  a.style.display = "none";
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/**
 * POST /api/build. Returns {blob, name} or, when the input has errors (422),
 * {check} with the check JSON.
 */
export async function build(body, query) {
  const res = await api("/api/build", { body, query, accept: [422] });
  if (res.status === 422) return { check: await res.json() };
  const blob = await res.blob();
  const ext = (query.formats || "pdf").includes(",") ? "zip" : query.formats;
  return { blob, name: dispositionName(res.headers.get("Content-Disposition"), `gongwen.${ext}`) };
}

// ---------------------------------------------------------------- the page's work loop

/**
 * The check-as-you-type loop both pages share. `schedule(delay)` runs a
 * check after a pause (typing again restarts it), aborts the check in
 * flight, and tries again shortly when the server answers 429 (busy).
 * `data-checking` is on <body> while a check is due or running (the browser
 * tests wait on it).
 *   body(): the request body; query: extra query parameters;
 *   ready(): false while there is nothing to check; show(check JSON).
 */
export function checker({ body, query = {}, ready = () => true, show }) {
  const s = { seq: 0, timer: 0, ctl: null };
  const status = () => $("status");
  function schedule(delay = 250) {
    clearTimeout(s.timer);
    s.seq += 1;
    document.body.dataset.checking = "1";
    s.timer = setTimeout(run, delay);
  }
  async function run() {
    const seq = s.seq;
    if (!ready()) {
      delete document.body.dataset.checking;
      return;
    }
    if (s.ctl) s.ctl.abort();
    const ctl = new AbortController();
    s.ctl = ctl;
    setStatus(status(), t("status.checking"), "busy");
    try {
      const res = await apiJson("/api/check", { body: body(), query, signal: ctl.signal });
      if (ctl.signal.aborted) return;
      show(res);
      const e = (res.errors || []).length;
      setStatus(status(), e ? t("status.errors", { n: e }) : t("status.ok"), e ? "error" : "ok");
    } catch (err) {
      if (err.name === "AbortError") return;
      if (err instanceof ApiError && err.status === 429) {
        schedule(1000);
        return;
      }
      setStatus(status(), t("status.offline", { msg: err.message }), "error");
    } finally {
      if (s.ctl === ctl) s.ctl = null;
      if (seq === s.seq && !ctl.signal.aborted) delete document.body.dataset.checking;
    }
  }
  return schedule;
}

/**
 * Builds one format and saves it; when the input has errors, shows them
 * (`show`) instead. The format's button is disabled meanwhile.
 */
export async function downloadFormat(fmt, { body, query = {}, show }) {
  const button = $(`btn-${fmt}`);
  button.disabled = true;
  setStatus($("status"), t("status.building", { what: fmt.toUpperCase() }), "busy");
  try {
    const res = await build(body(), { ...query, formats: fmt });
    if (res.check) {
      show(res.check);
      setStatus($("status"), t("status.build_failed"), "error");
      return;
    }
    saveBlob(res.blob, res.name);
    setStatus($("status"), t("status.built", { name: res.name }), "ok");
  } catch (e) {
    setStatus($("status"), e.message, "error");
  } finally {
    button.disabled = false;
  }
}

/** Builds the PDF into the preview dialog, or shows why it could not. */
export async function previewPdf({ body, query = {}, show }) {
  const dlg = $("preview");
  openPreview(dlg);
  try {
    const res = await build(body(), { ...query, formats: "pdf" });
    if (res.check) {
      dlg.close();
      show(res.check);
      setStatus($("status"), t("status.build_failed"), "error");
      return;
    }
    showPdf(dlg, res.blob);
  } catch (e) {
    dlg.close();
    setStatus($("status"), e.message, "error");
  }
}

// ---------------------------------------------------------------- small helpers

export function debounce(fn, ms) {
  let timer = 0;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}

/** Text of a file the user chose. */
export function readText(file) {
  return file.text();
}

/** Shows a status line (role=status element) with a kind: "", "busy", "ok", "error". */
export function setStatus(el, text, kind = "") {
  el.textContent = text;
  el.dataset.kind = kind;
}

/** The preview dialog: shows a PDF blob in an iframe. */
export function showPdf(dialog, blob) {
  const frame = dialog.querySelector("iframe");
  if (frame.dataset.url) URL.revokeObjectURL(frame.dataset.url);
  const url = URL.createObjectURL(blob);
  frame.dataset.url = url;
  frame.src = url;
  dialog.querySelector(".preview-loading").hidden = true;
  frame.hidden = false;
}

export function openPreview(dialog) {
  dialog.querySelector(".preview-loading").hidden = false;
  dialog.querySelector("iframe").hidden = true;
  if (!dialog.open) dialog.showModal();
}
