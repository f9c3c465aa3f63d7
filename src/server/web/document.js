// /document — a 公文 as JSON ("kind": "document"): an editor, live checks by
// POST /api/check (diagnostics with line:column or path; click → the place in
// the editor), seal images sent as multipart parts named by the path the JSON
// gives, a PDF preview and downloads. Every message comes from the server.

import {
  addWords, applyWords, t, apiJson, ApiError, parsePath, joinPath, diagText, renderSummary,
  saveBlob, setStatus, debounce, checker, downloadFormat, previewPdf,
  $, el,
} from "/assets/common.js";

addWords({
  zh: {
    "doc.title": "公文 · gongwen",
    "doc.heading": "公文（GB/T 9704-2012）",
    "doc.skip": "跳到编辑区",
    "page.nav": "页面",
    "doc.toolbar": "操作",
    "doc.example": "载入示例",
    "doc.example_confirm": "载入示例会替换编辑区的内容。继续吗？",
    "doc.open": "打开 JSON…",
    "doc.open_confirm": "打开的文件会替换编辑区的内容。继续吗？",
    "doc.save": "下载 JSON",
    "doc.editor": "公文 JSON",
    "doc.editor_hint": "kind 为 \"document\"，各部分写在 blocks 里；输入时自动检查，点右侧的检查结果可跳到出错处。",
    "doc.seals": "印章和签名章图片",
    "doc.seals_text": "PNG 图片。每张图的“名称”要与 JSON 中 \"seal\" 或 \"stamp\" 写的路径一致，如 seals/a.png。图片只随本次检查和生成发送，不保存。",
    "doc.seals_add": "添加图片…",
    "doc.seal_name": "“{file}”在 JSON 中的名称",
    "doc.seal_remove": "移除“{name}”",
    "doc.import": "导入草稿（.docx/.md/.txt）",
    "doc.import_text": "从 Word、Markdown 或纯文本草稿识别出公文各部分，生成 JSON 放入左侧编辑器；识别结果列在下面，请核对。",
    "doc.import_button": "选择草稿文件…",
    "doc.paste_label": "或粘贴草稿文字：",
    "doc.paste_placeholder": "把草稿全文粘贴在这里（可以直接从网页或 Word 复制）",
    "doc.paste_button": "识别粘贴的文字",
    "doc.import_confirm": "用识别出的 JSON 替换编辑器中的内容吗？",
    "doc.importing": "正在识别…",
    "doc.imported": "已识别“{name}”：{n} 条提示，请核对下面的识别结果。",
    "doc.import_failed": "无法识别：{msg}",
    "outline.header": "版头",
    "outline.title": "标题",
    "outline.addressee": "主送机关",
    "outline.headings": "各级标题",
    "outline.tables": "表格",
    "outline.attachment_note": "附件说明",
    "outline.signature": "落款",
    "outline.notes": "附注",
    "outline.attachments": "附件",
    "outline.issued": "印发的文件",
    "outline.colophon": "版记",
  },
  en: {
    "doc.title": "Official document · gongwen",
    "doc.heading": "Official document (GB/T 9704-2012)",
    "doc.skip": "Skip to the editor",
    "page.nav": "Pages",
    "doc.toolbar": "Actions",
    "doc.example": "Load the example",
    "doc.example_confirm": "The example replaces what is in the editor. Continue?",
    "doc.open": "Open JSON…",
    "doc.open_confirm": "The file replaces what is in the editor. Continue?",
    "doc.save": "Download JSON",
    "doc.editor": "Document JSON",
    "doc.editor_hint": "\"kind\": \"document\", its parts in \"blocks\"; checked as you type — click a finding on the right to go to its place.",
    "doc.seals": "Seal and signature images",
    "doc.seals_text": "PNG images. Each image's name must be the path the JSON gives in \"seal\" or \"stamp\", e.g. seals/a.png. Images are only sent with each check and build, never stored.",
    "doc.seals_add": "Add images…",
    "doc.seal_name": "Name of “{file}” in the JSON",
    "doc.seal_remove": "Remove “{name}”",
    "doc.import": "Import a draft (.docx/.md/.txt)",
    "doc.import_text": "The parts of a 公文 recognised in a Word, Markdown or plain-text draft, as JSON in the editor; what was recognised is listed below: check it.",
    "doc.import_button": "Choose a draft file…",
    "doc.paste_label": "Or paste the draft's text:",
    "doc.paste_placeholder": "Paste the whole draft here (copied from a web page or Word)",
    "doc.paste_button": "Recognise the pasted text",
    "doc.import_confirm": "Replace the editor's content with the recognised JSON?",
    "doc.importing": "Recognising…",
    "doc.imported": "“{name}” recognised: {n} notes; check what was recognised below.",
    "doc.import_failed": "Cannot recognise it: {msg}",
    "outline.header": "版头 (header)",
    "outline.title": "Title",
    "outline.addressee": "主送 (addressee)",
    "outline.headings": "Headings",
    "outline.tables": "Tables",
    "outline.attachment_note": "附件说明 (attachments listed)",
    "outline.signature": "落款 (signature)",
    "outline.notes": "附注 (notes)",
    "outline.attachments": "Attachments",
    "outline.issued": "Documents issued",
    "outline.colophon": "版记 (colophon)",
  },
});

const DRAFT_KEY = "gongwen.document.draft";

/** A small 通知 to start from (content, not rules: the server checks it like any input). */
const EXAMPLE = {
  kind: "document",
  header: { issuers: ["某某县人民政府办公室"], doc_number: "某政办发〔2025〕1号" },
  blocks: [
    { title: "关于做好2025年政务公开工作的通知" },
    { addressee: "各乡镇人民政府，县政府各部门：" },
    { paragraph: "为深入贯彻落实《中华人民共和国政府信息公开条例》，进一步做好政务公开工作，现将有关事项通知如下。" },
    { heading: { level: 1, text: "一、总体要求" } },
    { paragraph: "坚持以公开为常态、不公开为例外，围绕群众关切做好政策发布和解读，不断提高政务公开质量。" },
    { heading: { level: 1, text: "二、工作安排" } },
    { paragraph: "各单位于2025年3月31日前确定本单位政务公开工作联系人，报县政府办公室。" },
    { signature: { agency: "某某县人民政府办公室", date: "2025-03-01" } },
  ],
  colophon: { printer: "某某县人民政府办公室", print_date: "2025-03-01" },
};

const state = {
  seals: [], // {file, name, url}
  result: { errors: [], warnings: [] },
  ctl: null,
  timer: 0,
};
const editor = $("editor");
const gutter = $("gutter");

function init() {
  applyWords();
  const saved = localStorage.getItem(DRAFT_KEY);
  editor.value = saved !== null ? saved : JSON.stringify(EXAMPLE, null, 2) + "\n";
  drawGutter();
  editor.addEventListener("input", () => {
    drawGutter();
    saveDraft();
    scheduleCheck();
  });
  editor.addEventListener("scroll", () => (gutter.scrollTop = editor.scrollTop));
  $("btn-example").addEventListener("click", () => {
    if (editor.value.trim() && !window.confirm(t("doc.example_confirm"))) return;
    setText(JSON.stringify(EXAMPLE, null, 2) + "\n");
  });
  $("file-open").addEventListener("change", async (e) => {
    const file = e.target.files[0];
    e.target.value = "";
    if (!file) return;
    if (editor.value.trim() && !window.confirm(t("doc.open_confirm"))) return;
    setText(await file.text());
  });
  $("btn-save").addEventListener("click", () => {
    let name = "document.json";
    try {
      const title = JSON.parse(editor.value)?.meta?.title;
      if (title) name = `${title}.json`.replace(/[\\/:*?"<>|]/g, "_");
    } catch (_) {
      /* saved as it is, broken or not */
    }
    saveBlob(new Blob([editor.value], { type: "application/json" }), name);
  });
  $("file-seals").addEventListener("change", (e) => {
    for (const file of e.target.files) addSeal(file);
    e.target.value = "";
    scheduleCheck(0);
  });
  for (const fmt of ["docx", "pdf", "ofd"]) $(`btn-${fmt}`).addEventListener("click", () => download(fmt));
  $("btn-preview").addEventListener("click", preview);
  $("file-import").addEventListener("change", async (e) => {
    const file = e.target.files[0];
    e.target.value = "";
    if (file) await importDraft(file, file.name);
  });
  $("btn-paste-draft").addEventListener("click", async () => {
    const text = $("paste-draft").value;
    if (text.trim()) await importDraft(new Blob([text], { type: "text/plain" }), "draft.txt");
  });
  $("preview-close").addEventListener("click", () => $("preview").close());
  scheduleCheck(0);
}

/**
 * Sends a draft to the server's import (the recognition is the server's),
 * puts the input it returns in the editor, and lists the outline of what was
 * recognised and the notes, for the clerk to check.
 */
async function importDraft(blob, name) {
  if (editor.value.trim() && !window.confirm(t("doc.import_confirm"))) return;
  const status = $("import-status");
  setStatus(status, t("doc.importing"));
  const body = new FormData();
  body.append("file", blob, name);
  try {
    const answer = await apiJson("/api/import", { body, query: { as: "document" } });
    setText(JSON.stringify(answer.input, null, 2) + "\n");
    setStatus(status, t("doc.imported", { name, n: (answer.warnings || []).length }));
    renderOutline(answer.outline || {}, answer.warnings || []);
  } catch (err) {
    const first = err.body?.errors?.[0]?.message;
    setStatus(status, t("doc.import_failed", { msg: first || err.message }), "error");
    $("import-outline").replaceChildren();
  }
}

/** The outline as a definition list: each part and what was found for it. */
function renderOutline(outline, warnings) {
  const text = (v) => {
    if (v === null || v === undefined) return "";
    if (typeof v === "string") return v;
    if (Array.isArray(v)) return v.map(text).join("；");
    return Object.values(v).map(text).filter(Boolean).join(" ");
  };
  const rows = [];
  const add = (key, value) => {
    const shown = text(value);
    if (shown) rows.push(el("dt", { text: t(`outline.${key}`) }), el("dd", { text: shown }));
  };
  add("header", outline.header);
  add("title", outline.title);
  add("addressee", outline.addressee);
  const headings = (outline.headings || []).map(([level, h]) => el("li", { text: h, class: `level-${level}` }));
  if (headings.length) rows.push(el("dt", { text: t("outline.headings") }), el("dd", {}, el("ul", { class: "outline-headings" }, ...headings)));
  add("tables", (outline.tables || []).map(([r, c]) => `${r} × ${c}`));
  add("attachment_note", outline.attachment_note);
  add("signature", outline.signature);
  add("notes", outline.notes);
  add("attachments", outline.attachments);
  add("issued", outline.issued);
  add("colophon", outline.colophon);
  const notes = warnings.map((w) => el("li", { text: [w.path, w.message].filter(Boolean).join("：") }));
  $("import-outline").replaceChildren(
    el("dl", {}, ...rows),
    ...(notes.length ? [el("ul", { class: "diag-list import-notes" }, ...notes)] : [])
  );
}

function setText(text) {
  editor.value = text;
  editor.scrollTop = 0;
  drawGutter();
  saveDraft();
  scheduleCheck(0);
}

const saveDraft = debounce(() => {
  try {
    localStorage.setItem(DRAFT_KEY, editor.value);
  } catch (_) {
    /* storage full or disabled: the text can still be downloaded */
  }
}, 300);

// ---------------------------------------------------------------- line numbers

function drawGutter() {
  const n = editor.value.split("\n").length;
  const marks = new Map();
  for (const d of [...(state.result.warnings || []), ...(state.result.errors || [])]) {
    const line = d.line || (d.path ? lineOfPath(d.path) : null);
    if (line) marks.set(line, d.severity);
  }
  const frag = document.createDocumentFragment();
  for (let i = 1; i <= n; i++) {
    const sev = marks.get(i);
    if (sev) {
      const s = document.createElement("span");
      s.className = sev === "error" ? "bad" : "warn";
      s.textContent = String(i);
      frag.append(s);
    } else frag.append(String(i));
    if (i < n) frag.append("\n");
  }
  frag.append("\n\n");
  gutter.replaceChildren(frag);
  gutter.scrollTop = editor.scrollTop;
}

// ---------------------------------------------------------------- where a path is in the text

/**
 * The places of the values in a JSON text, by path ("blocks[5].heading"):
 * a plain JSON scanner (no rule of any document), tolerant of a broken
 * text — it returns what it read before the break.
 */
function valuePlaces(text) {
  const places = new Map();
  let i = 0;
  const ws = () => {
    while (i < text.length && " \t\r\n".includes(text[i])) i++;
  };
  const str = () => {
    i++;
    let s = "";
    while (i < text.length && text[i] !== '"') {
      if (text[i] === "\\") {
        s += text[i + 1];
        i += 2;
      } else s += text[i++];
    }
    if (i >= text.length) throw new Error("eof");
    i++;
    return s;
  };
  const value = (segs) => {
    ws();
    const start = i;
    const c = text[i];
    if (c === "{") {
      i++;
      ws();
      if (text[i] === "}") i++;
      else {
        for (;;) {
          ws();
          if (text[i] !== '"') throw new Error("key");
          const k = str();
          ws();
          if (text[i] !== ":") throw new Error("colon");
          i++;
          value([...segs, k]);
          ws();
          if (text[i] === ",") i++;
          else if (text[i] === "}") {
            i++;
            break;
          } else throw new Error("object");
        }
      }
    } else if (c === "[") {
      i++;
      ws();
      if (text[i] === "]") i++;
      else {
        for (let n = 0; ; n++) {
          value([...segs, n]);
          ws();
          if (text[i] === ",") i++;
          else if (text[i] === "]") {
            i++;
            break;
          } else throw new Error("array");
        }
      }
    } else if (c === '"') str();
    else if (c !== undefined) {
      while (i < text.length && !",}] \t\r\n".includes(text[i])) i++;
      if (i === start) throw new Error("value");
    } else throw new Error("eof");
    places.set(joinPath(segs), [start, i]);
  };
  try {
    value([]);
  } catch (_) {
    /* what was read stays */
  }
  return places;
}

let placesCache = { text: null, places: null };
function placeOf(path) {
  if (placesCache.text !== editor.value) placesCache = { text: editor.value, places: valuePlaces(editor.value) };
  const places = placesCache.places;
  const segs = parsePath(path);
  while (segs.length) {
    const p = places.get(joinPath(segs));
    if (p) return p;
    segs.pop();
  }
  return null;
}

function lineOfPath(path) {
  const p = placeOf(path);
  return p ? editor.value.slice(0, p[0]).split("\n").length : null;
}

/** Selects a diagnostic's place: its line (line:column), else its path's value. */
function pick(d) {
  const text = editor.value;
  let start;
  let end;
  if (d.line) {
    const lines = text.split("\n");
    const line = Math.min(Math.max(d.line, 1), lines.length);
    start = lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0);
    end = start + lines[line - 1].length;
  } else if (d.path) {
    const p = placeOf(d.path);
    if (!p) return;
    [start, end] = p;
  } else return;
  editor.focus({ preventScroll: true });
  editor.setSelectionRange(start, end);
  const line = text.slice(0, start).split("\n").length;
  const lh = parseFloat(getComputedStyle(editor).lineHeight) || 21;
  editor.scrollTop = Math.max(0, (line - 1) * lh - editor.clientHeight / 3);
  editor.scrollIntoView({ block: "nearest" });
}

// ---------------------------------------------------------------- seals

/** The name a seal file goes by: a path in the JSON ending with its file name, else the file name. */
function guessName(fileName) {
  for (const m of editor.value.matchAll(/"((?:[^"\\]|\\.)*)"/g)) {
    const s = m[1];
    if (s === fileName || s.endsWith("/" + fileName)) return s;
  }
  return fileName;
}

function addSeal(file) {
  const entry = { file, name: guessName(file.name), url: URL.createObjectURL(file) };
  state.seals = state.seals.filter((s) => s.name !== entry.name);
  state.seals.push(entry);
  drawSeals();
}

function drawSeals() {
  const list = $("seal-list");
  list.replaceChildren();
  for (const s of state.seals) {
    const li = document.createElement("li");
    li.className = "seal-item";
    const img = document.createElement("img");
    img.src = s.url;
    img.alt = "";
    const mid = document.createElement("div");
    const name = document.createElement("input");
    name.type = "text";
    name.value = s.name;
    name.spellcheck = false;
    name.setAttribute("aria-label", t("doc.seal_name", { file: s.file.name }));
    name.addEventListener("input", () => {
      s.name = name.value;
      scheduleCheck();
    });
    const size = document.createElement("span");
    size.className = "seal-size";
    size.textContent = `${s.file.name} · ${Math.max(1, Math.round(s.file.size / 1024))} KB`;
    mid.append(name, size);
    const rm = document.createElement("button");
    rm.type = "button";
    rm.className = "icon secondary";
    rm.textContent = "×";
    rm.setAttribute("aria-label", t("doc.seal_remove", { name: s.name }));
    rm.title = rm.getAttribute("aria-label");
    rm.addEventListener("click", () => {
      URL.revokeObjectURL(s.url);
      state.seals = state.seals.filter((x) => x !== s);
      drawSeals();
      scheduleCheck(0);
    });
    li.append(img, mid, rm);
    list.append(li);
  }
}

// ---------------------------------------------------------------- checks and builds

/** The request body: the text as typed, with the images as parts named by their paths. */
function body() {
  if (!state.seals.length) return editor.value;
  const fd = new FormData();
  fd.append("input", editor.value);
  for (const s of state.seals) if (s.name.trim()) fd.append("file", s.file, s.name.trim());
  return fd;
}

const scheduleCheck = checker({ body, show });

function show(res) {
  state.result = res;
  renderSummary($("summary"), $("summary-counts"), res, pick, (p) => p);
  editor.setAttribute("aria-invalid", (res.errors || []).length ? "true" : "false");
  drawGutter();
}

function download(fmt) {
  return downloadFormat(fmt, { body, show });
}

function preview() {
  return previewPdf({ body, show });
}

init();
