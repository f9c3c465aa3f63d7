#!/usr/bin/env python3
"""Hostile-input measurements for the gongwen binary (run by CI after `cargo test`).

Usage:
  python3 scripts/attack.py [--bin PATH] [--only SUBSTRING]... [--timeout S] [--keep]

  --bin PATH        the gongwen binary (default: $GONGWEN_BIN, else target/release/gongwen)
  --only SUBSTRING  run only the cases whose name contains SUBSTRING (repeatable)
  --timeout S       kill a case's process group after S seconds (default 60; a kill is a FAIL)
  --as-limit-mb N   address-space limit (RLIMIT_AS) for every gongwen process, so a runaway
                    allocation cannot take the CI machine down (default 4096; 0 = none)
  --keep            keep the temporary folder and print its path

Every case writes hostile inputs into a temporary folder, runs gongwen on them (always with
`--fonts bundled`) under GNU time (`/usr/bin/time -f '%e %M' -o FILE`) and checks the outcome.

Budget, every case: wall time under 20 s and peak RSS under 400 MB for each gongwen process
(for cases with several processes, the maximum over them); stdout + stderr together under
64 KB ("floods"); never `internal error`, `panicked` or `memory allocation` in the output;
no file whose name starts with `.` left in the output folder.

Outcomes a case requires or accepts:
  clear error   exit 1, stderr not empty, and no output file (nor any temporary) in the
                output folder afterwards.
  valid output  exit 0; DIR/<stem>.docx and DIR/<stem>.pdf exist; every .xml/.rels part of the
                .docx is well-formed (lxml); `qpdf --check` passes; where the case lists
                text, `pdftotext -layout` of the PDF (whitespace and the page numbers
                "— N —" removed) contains every expected string, or the expected count of a
                repeated unit.
qpdf and pdftotext are used when installed; the sub-checks are skipped (with a note) otherwise.

Output: one line per case, `ok|FAIL  <case>  <seconds>s  <MB>MB  <short reason>`, then
exactly `N passed, M failed`. Exit status 0 only when nothing failed.

Needs Python 3.11 and lxml; GNU time, qpdf and poppler-utils (pdftotext) are optional.
"""

import argparse
import json
import os
import re
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

try:
    from lxml import etree
except ImportError:
    sys.exit("attack.py needs lxml (python3 -m pip install lxml)")

ROOT = Path(__file__).resolve().parent.parent
BUDGET_SECONDS = 20.0
BUDGET_MB = 400.0
FLOOD_BYTES = 64 * 1024
FORBIDDEN = ("internal error", "panicked", "memory allocation")
W_T = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}t"
PAGE_NUMBER = re.compile(r"—\d+—")  # "— 1 —" once whitespace is removed

GNU_TIME = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None
QPDF = shutil.which("qpdf")
PDFTOTEXT = shutil.which("pdftotext")

SIMPLE_AGENCY = "某某县人民政府办公室"


# ----------------------------------------------------------------------------------------
# running gongwen


@dataclass
class Run:
    """One finished gongwen process."""

    rc: int | None  # None: killed by us after the timeout
    secs: float
    mb: float | None  # peak RSS; None when unknown
    out_bytes: int
    err_bytes: int
    stdout: str
    stderr: str

    @property
    def timed_out(self):
        return self.rc is None


class Proc:
    """A gongwen process under GNU time, its stdout/stderr going to files in `workdir`."""

    def __init__(self, ctx, args, workdir: Path, tag="run"):
        self.ctx = ctx
        workdir.mkdir(parents=True, exist_ok=True)
        self.timef = workdir / f"{tag}.time"
        self.outf = workdir / f"{tag}.stdout"
        self.errf = workdir / f"{tag}.stderr"
        argv = [str(ctx.bin), *map(str, args)]
        if GNU_TIME:
            argv = [GNU_TIME, "-f", "%e %M", "-o", str(self.timef), *argv]
        with open(self.outf, "wb") as fo, open(self.errf, "wb") as fe:
            self.t0 = time.monotonic()
            self.p = subprocess.Popen(
                argv, stdin=subprocess.DEVNULL, stdout=fo, stderr=fe,
                start_new_session=True, preexec_fn=ctx.limit_child,
            )

    def wait(self, deadline: float) -> Run:
        try:
            rc = self.p.wait(timeout=max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            kill_group(self.p.pid)
            self.p.wait()
            rc = None
        wall = time.monotonic() - self.t0
        secs, mb = wall, None
        if rc is not None and GNU_TIME:
            lines = self.timef.read_text(errors="replace").strip().splitlines()
            m = re.fullmatch(r"([\d.]+) (\d+)", lines[-1]) if lines else None
            if m:
                secs, mb = float(m.group(1)), int(m.group(2)) / 1024
        return Run(rc, secs, mb, self.outf.stat().st_size, self.errf.stat().st_size,
                   read_head(self.outf), read_head(self.errf))


def kill_group(pid):
    try:
        os.killpg(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def read_head(path: Path, limit=4 << 20) -> str:
    with open(path, "rb") as f:
        return f.read(limit).decode("utf-8", errors="replace")


# ----------------------------------------------------------------------------------------
# checking outcomes


@dataclass
class Outcome:
    problems: list = field(default_factory=list)
    secs: float = 0.0
    mb: float | None = None
    note: str = ""

    def fail(self, msg):
        self.problems.append(msg)


def check_common(o: Outcome, r: Run, outdir: Path | None):
    """Budget, floods, forbidden words, hidden leftovers: after every process."""
    if r.timed_out:
        o.fail(f"killed after {r.secs:.0f}s (hang?)")
    else:
        if r.secs >= BUDGET_SECONDS:
            o.fail(f"took {r.secs:.1f}s")
        if r.mb is not None and r.mb >= BUDGET_MB:
            o.fail(f"peak RSS {r.mb:.0f}MB")
    if r.out_bytes + r.err_bytes >= FLOOD_BYTES:
        o.fail(f"flood: {r.out_bytes + r.err_bytes} bytes of output")
    text = (r.stdout + r.stderr).lower()
    for word in FORBIDDEN:
        if word in text:
            o.fail(f"output says {word!r}: {first_line_with(r.stdout + r.stderr, word)}")
    if outdir is not None and outdir.is_dir():
        hidden = sorted(p.name for p in outdir.iterdir() if p.name.startswith("."))
        if hidden:
            o.fail(f"leftover {', '.join(hidden[:3])}")
    o.secs = max(o.secs, r.secs)
    if r.mb is not None:
        o.mb = max(o.mb or 0.0, r.mb)


def first_line_with(text, word):
    for line in text.splitlines():
        if word in line.lower():
            return shorten(line.strip(), 90)
    return ""


def shorten(s, n=70):
    s = " ".join(s.split())
    return s if len(s) <= n else s[: n - 1] + "…"


TMP_PREFIX = re.compile(r"(?:/[^/\s]+)*/gongwen-attack-[^/\s]+/[^/\s]+/")


def first_error_line(r: Run):
    """The first line of stderr, without the temporary folder's path."""
    lines = [l for l in r.stderr.splitlines() if l.strip()]
    return shorten(TMP_PREFIX.sub("", lines[0]), 90) if lines else ""


def entries(outdir: Path):
    """Everything below outdir (files, folders, links), as relative paths."""
    if not outdir.exists():
        return []
    return sorted(str(p.relative_to(outdir)) for p in outdir.rglob("*"))


def check_clear_error(o: Outcome, r: Run, outdir: Path, allowed=(), code=1):
    """code: 1 for a bad input, 2 for a wrong command line (a --font that cannot be used)."""
    if r.rc != code and not r.timed_out:
        o.fail(f"exit {r.rc}, expected {code} (clear error): {first_error_line(r)}")
    if not r.stderr.strip():
        o.fail("empty stderr")
    extra = [e for e in entries(outdir) if e not in allowed]
    if extra:
        o.fail(f"left {len(extra)} file(s) in the output folder: {', '.join(extra[:3])}")
    if not o.problems:
        o.note = "clear error: " + first_error_line(r)


def check_valid(o: Outcome, r: Run, outdir: Path, stem: str, texts=(), counts=None,
                tokens=(), text_of_pdf=None):
    """`counts` maps a unit to the number of times it must occur; `tokens` must each be a
    whole whitespace-separated word of pdftotext's output."""
    if r.rc != 0:
        if not r.timed_out:
            o.fail(f"exit {r.rc}, expected 0: {first_error_line(r)}")
        return
    docx, pdf = outdir / f"{stem}.docx", outdir / f"{stem}.pdf"
    for f in (docx, pdf):
        if not f.is_file():
            o.fail(f"missing {f.name}")
    if o.problems:
        return
    check_files(o, docx, pdf, texts, counts, tokens)
    if not o.problems:
        o.note = o.note or f"valid output ({pdf.stat().st_size // 1024} KB PDF)"


def check_files(o: Outcome, docx: Path, pdf: Path, texts=(), counts=None, tokens=()):
    bad = docx_bad_parts(docx)
    if bad:
        o.fail(f"{docx.name}: {bad}")
    if QPDF:
        q = subprocess.run([QPDF, "--check", str(pdf)], capture_output=True, text=True,
                           errors="replace", timeout=300)
        if q.returncode != 0:
            o.fail(f"qpdf --check exit {q.returncode}: {shorten(q.stderr or q.stdout, 60)}")
    else:
        o.note = "qpdf absent, PDF not checked"
    if texts or counts or tokens:
        if not PDFTOTEXT:
            o.note = "pdftotext absent, text not checked"
            return
        raw = pdf_text(pdf)
        flat = PAGE_NUMBER.sub("", "".join(raw.split()))
        for t in texts:
            if "".join(t.split()) not in flat:
                o.fail(f"text missing from PDF: {shorten(t, 40)}")
        for unit, n in (counts or {}).items():
            got = flat.count(unit)
            if got != n:
                o.fail(f"{unit!r} occurs {got} times in the PDF, expected {n}")
        words = set(raw.split())
        for t in tokens:
            if t not in words:
                o.fail(f"{t!r} is not a word of the PDF text")


def pdf_text(pdf: Path) -> str:
    p = subprocess.run([PDFTOTEXT, "-layout", str(pdf), "-"], capture_output=True,
                       timeout=300)
    return p.stdout.decode("utf-8", errors="replace")


def docx_bad_parts(docx: Path) -> str:
    """'' when every .xml/.rels part parses, else the first problem."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)
    try:
        with zipfile.ZipFile(docx) as z:
            names = [n for n in z.namelist() if n.endswith((".xml", ".rels"))]
            if not names:
                return "no XML parts"
            for n in names:
                try:
                    etree.fromstring(z.read(n), parser)
                except etree.XMLSyntaxError as e:
                    return f"{n} not well-formed: {shorten(str(e), 60)}"
    except zipfile.BadZipFile as e:
        return f"not a zip: {e}"
    return ""


def docx_text(docx: Path) -> str:
    with zipfile.ZipFile(docx) as z:
        root = etree.fromstring(z.read("word/document.xml"),
                                etree.XMLParser(resolve_entities=False, huge_tree=True))
    return "".join(t.text or "" for t in root.iter(W_T))


# ----------------------------------------------------------------------------------------
# inputs


def document(blocks, **extra):
    return {"kind": "document", **extra, "blocks": blocks}


def simple_document():
    return document([
        {"title": "关于测试的通知"},
        {"paragraph": "正文"},
        {"signature": {"agency": SIMPLE_AGENCY, "date": "2025-03-01"}},
    ])


def write_json(path: Path, obj):
    path.parent.mkdir(parents=True, exist_ok=True)
    data = obj if isinstance(obj, (bytes, str)) else json.dumps(obj, ensure_ascii=False)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


class Ctx:
    def __init__(self, binary: Path, tmp: Path, timeout: float, as_limit_mb: int):
        self.bin = binary
        self.tmp = tmp
        self.timeout = timeout
        self.as_limit = as_limit_mb << 20
        self._starter = None
        self.case_dir = None

    def limit_child(self):
        if self.as_limit:
            resource.setrlimit(resource.RLIMIT_AS, (self.as_limit, self.as_limit))

    def starter(self):
        """A fresh copy of `gongwen new annual-report` with its （…） gaps filled in, as a
        clerk would (unfilled, they are errors unless --draft)."""
        if self._starter is None:
            p = subprocess.run([str(self.bin), "new", "annual-report", "--agency", SIMPLE_AGENCY,
                                "--year", "2025"], capture_output=True, timeout=60)
            if p.returncode != 0:
                raise RuntimeError("`gongwen new annual-report` failed: "
                                   + shorten(p.stderr.decode(errors="replace")))
            text = p.stdout.decode("utf-8").replace('"https://"', '"https://www.example.gov.cn"')
            # every （…） of two or more characters is a gap; （一） numbering is not
            text = re.sub(r"（[^（）]{2,}）", "情况良好", text)
            self._starter = text
        return json.loads(self._starter)

    def run(self, args, tag="run", fonts=True) -> Run:
        args = list(args) + (["--fonts", "bundled"] if fonts else [])
        p = Proc(self, args, self.case_dir / "logs", tag)
        return p.wait(time.monotonic() + self.timeout)

    def build(self, inputs, outdir: Path, extra=(), tag="run") -> Run:
        inputs = inputs if isinstance(inputs, (list, tuple)) else [inputs]
        return self.run(["build", *inputs, "-o", outdir, *extra], tag)


def expect(ctx: Ctx, r: Run, outdir: Path, want: str, stem: str, **valid):
    """want: 'error' (clear error), 'usage' (clear error, exit 2: a wrong command line),
    'valid' (valid output), 'either' (one of error and valid)."""
    o = Outcome()
    check_common(o, r, outdir)
    if want == "usage":
        check_clear_error(o, r, outdir, code=2)
    elif want == "error" or (want == "either" and r.rc != 0):
        if want == "either" and r.rc not in (0, 1):
            if not r.timed_out:
                o.fail(f"exit {r.rc}, expected 0 or 1")
        else:
            check_clear_error(o, r, outdir)
    else:
        check_valid(o, r, outdir, stem, **valid)
    return o


def build_case(ctx: Ctx, obj, want, stem="input", extra=(), **valid):
    """Writes obj to <case>/<stem>.json, builds it into <case>/out, checks the outcome."""
    path = write_json(ctx.case_dir / f"{stem}.json", obj)
    out = ctx.case_dir / "out"
    r = ctx.build(path, out, extra)
    return expect(ctx, r, out, want, stem, **valid)


# ----------------------------------------------------------------------------------------
# the cases


def placeholder_amplification(fields):
    def case(ctx):
        rep = ctx.starter()
        rep["agency"] = rep["signature"]["agency"] = "a" * 100_000
        for f in fields:
            rep["overview"][f] = "{agency}" * 12_500
        return build_case(ctx, rep, "error", "report")
    return case


def placeholder_amplification_at_limit(ctx):
    """Not in the review: the case above is refused for its 100 000-character agency
    before any placeholder is filled in; here the agency is short enough to be accepted
    (100 characters) and 12 500 copies of it are asked for in each of three narratives."""
    rep = ctx.starter()
    rep["agency"] = rep["signature"]["agency"] = "a" * 100
    for f in ("platform", "information_management", "active_disclosure"):
        rep["overview"][f] = "{agency}" * 12_500
    return build_case(ctx, rep, "error", "report")


def fee_amplification(ctx):
    rep = ctx.starter()
    rep["active_disclosure"]["fees_wan_yuan"] = "0." + "0" * 900_000
    rep["overview"]["platform"] = "{active_disclosure.fees_wan_yuan}" * 2900
    return build_case(ctx, rep, "error", "report")


def font_name_amplification(paragraphs):
    def case(ctx):
        doc = document([{"paragraph": "正文"}] * paragraphs,
                       style={"fonts": {"latin": "L" * 100_000}})
        return build_case(ctx, doc, "error")
    return case


def font_name_escaping(name):
    def case(ctx):
        doc = {"kind": "document", "style": {"fonts": {"body": name}},
               "blocks": [{"paragraph": "正文"}]}
        return build_case(ctx, doc, "either")
    return case


def meta_char(where, ch):
    def case(ctx):
        doc = simple_document()
        if where == "title":
            doc["meta"] = {"title": f"标题{ch}标题"}
        else:
            doc["blocks"][1] = {"paragraph": f"正文{ch}正文"}
        return build_case(ctx, doc, "error")
    return case


def many_page_breaks(ctx):
    blocks = [{"paragraph": "一"}, "page_break"] * 10_000
    return build_case(ctx, document(blocks), "either")


def line_breaks_document():
    return document([{"paragraph": "一" + "\n" * 99_999}] * 10)


def many_line_breaks(ctx):
    return build_case(ctx, line_breaks_document(), "either")


def batch_many_pages(ctx):
    folder = ctx.case_dir / "in"
    for name in "abcd":
        write_json(folder / f"{name}.json", line_breaks_document())
    out = ctx.case_dir / "out"
    r = ctx.build(folder, out)
    o = Outcome()
    check_common(o, r, out)
    if r.rc not in (0, 1) and not r.timed_out:
        o.fail(f"exit {r.rc}, expected 0 or 1")
    if not o.problems:
        built = len([e for e in entries(out) if e.endswith(".pdf")])
        o.note = f"exit {r.rc}, {built} of 4 PDFs built"
    return o


# ----------------------------------------------------------------------------------------
# the worst cases within the documented limits (README, "limits"): each must build


def at_limit_chars():
    """1 000 000 characters of body text (10 paragraphs at the 100 000 per-field limit)."""
    text = ("政府信息公开工作年度报告，" * 7_700)[:99_999]
    return document([{"paragraph": text} for _ in range(10)])


def at_limit_cells():
    """20 000 table cells: one table of 5 000 rows × 4 columns."""
    rows = [["序号", "事项", "单位", "备注"]]
    rows += [[f"第{i}行", f"内容{i}", "单位", "备注"] for i in range(4_999)]
    return document([{"table": {"widths": [1, 2, 1, 1], "header_rows": 1, "rows": rows}}])


def at_limit_pages():
    """Just under the 5 000-page limit: a paragraph and a page break, 4 990 times."""
    blocks = []
    for _ in range(4_990):
        blocks += [{"paragraph": "一"}, "page_break"]
    return document(blocks)


def at_limit(make):
    def case(ctx):
        return build_case(ctx, make(), "valid")
    return case


def at_limit_batch(ctx):
    """Two of the most memory-hungry inputs built at once (one per core)."""
    folder = ctx.case_dir / "in"
    for name in "ab":
        write_json(folder / f"{name}.json", at_limit_cells())
    out = ctx.case_dir / "out"
    r = ctx.build(folder, out)
    o = Outcome()
    check_common(o, r, out)
    if r.rc != 0 and not r.timed_out:
        o.fail(f"exit {r.rc}, expected 0: {first_error_line(r)}")
    elif not o.problems:
        o.note = "2 inputs of 20 000 cells built"
    return o


def special_input(path):
    def case(ctx):
        out = ctx.case_dir / "out"
        return expect(ctx, ctx.build(path, out), out, "error", "")
    return case


def sparse_file(ctx, name):
    path = ctx.case_dir / name
    with open(path, "wb") as f:
        f.truncate(6 << 30)  # as `truncate -s 6G`: no blocks on disk
    return path


def sparse_input(ctx):
    path = sparse_file(ctx, "sparse.json")
    try:
        out = ctx.case_dir / "out"
        return expect(ctx, ctx.build(path, out), out, "error", "sparse")
    finally:
        path.unlink()


def special_previous(which):
    def case(ctx):
        path = sparse_file(ctx, "last.json") if which == "sparse" else Path(which)
        try:
            return build_case(ctx, ctx.starter(), "error", "report",
                              extra=["--previous", path])
        finally:
            if which == "sparse":
                path.unlink()
    return case


def fifo_input(ctx):
    path = ctx.case_dir / "fifo.json"
    os.mkfifo(path)
    out = ctx.case_dir / "out"
    return expect(ctx, ctx.build(path, out), out, "error", "fifo")


def symlink_loop_folder(ctx):
    # tree/docs holds doc.json, self -> docs, parent -> tree; the output is outside tree
    docs = ctx.case_dir / "tree" / "docs"
    write_json(docs / "doc.json", simple_document())
    os.symlink(".", docs / "self")
    os.symlink("..", docs / "parent")
    out = ctx.case_dir / "out"
    r = ctx.build(docs, out)
    o = Outcome()
    check_common(o, r, out)
    if r.rc == 0:
        check_valid(o, r, out, "doc", texts=["关于测试的通知"])
        extra = [e for e in entries(out) if e not in ("doc.docx", "doc.pdf")]
        if extra:
            o.fail(f"unexpected output: {', '.join(extra[:3])}")
    elif r.rc == 1:
        if not r.stderr.strip():
            o.fail("exit 1 with empty stderr")
        elif not o.problems:
            o.note = "exit 1: " + first_error_line(r)
    elif not r.timed_out:
        o.fail(f"exit {r.rc}, expected 0 or 1")
    return o


def concurrent_same_name(ctx):
    inp = ctx.case_dir / "same.json"
    shutil.copy(ROOT / "fixtures" / "wenshang-2024.document.json", inp)
    out = ctx.case_dir / "OUT"
    args = ["build", inp, "-o", out, "--fonts", "bundled"]
    procs = [Proc(ctx, args, ctx.case_dir / "logs", f"p{i}") for i in range(30)]
    deadline = time.monotonic() + ctx.timeout
    runs = [p.wait(deadline) for p in procs]
    o = Outcome()
    for r in runs:
        check_common(o, r, out)
    codes = sorted({r.rc for r in runs}, key=str)
    if codes != [0]:
        failed = [r for r in runs if r.rc != 0]
        o.fail(f"{len(failed)} of 30 did not exit 0 (codes {codes}): {first_error_line(failed[0])}")
    listing = entries(out)
    if listing != ["same.docx", "same.pdf"]:
        o.fail(f"output folder holds {listing[:4]}")
    else:
        check_files(o, out / "same.docx", out / "same.pdf")
    o.problems = list(dict.fromkeys(o.problems))  # 30 processes, same complaint once
    if not o.problems:
        o.note = "30 × exit 0, one pair left (max of 30 shown)"
    return o


def sigterm_cleanup(ctx):
    """Each rebuild carries a marker (第K次生成) in section 六, so a .docx and a .pdf from
    different builds are told apart: after every kill both must carry the same marker."""
    spec = json.loads((ROOT / "fixtures" / "wenshang-2024.json").read_text(encoding="utf-8"))
    inp = ctx.case_dir / "in" / "wenshang-2024.json"
    out = ctx.case_dir / "out"
    o = Outcome()

    def variant(k):
        v = json.loads(json.dumps(spec))
        v["other_matters"] = list(v["other_matters"]) + [f"第{k}次生成。"]
        write_json(inp, v)

    def markers():
        docx, pdf = out / "wenshang-2024.docx", out / "wenshang-2024.pdf"
        if not (docx.is_file() and pdf.is_file()):
            return None, f"pair incomplete: {entries(out)}"
        sub = Outcome()
        check_files(sub, docx, pdf)
        if sub.problems:
            return None, sub.problems[0]
        in_docx = re.findall(r"第(\d+)次生成", docx_text(docx))
        in_pdf = re.findall(r"第(\d+)次生成", "".join(pdf_text(pdf).split())) if PDFTOTEXT else in_docx
        if in_docx != in_pdf or len(in_docx) != 1:
            return None, f"mismatched pair: docx from build {in_docx}, pdf from build {in_pdf}"
        return int(in_docx[0]), ""

    variant(0)
    r = ctx.build(inp, out, tag="first")
    check_common(o, r, out)
    if r.rc != 0:
        o.fail(f"first build exit {r.rc}: {first_error_line(r)}")
        return o
    interrupted = finished = 0
    for k, delay_ms in enumerate(range(10, 201, 10), start=1):
        variant(k)
        r = sigterm_run(ctx, ["build", inp, "-o", out, "--fonts", "bundled"],
                        delay_ms / 1000, ctx.case_dir / "logs" / f"kill{k}")
        o.secs, o.mb = max(o.secs, r.secs), max(o.mb or 0.0, r.mb or 0.0)
        if r.timed_out:
            o.fail(f"kill after {delay_ms}ms: did not exit")
            break
        if r.rc == 0:
            finished += 1
        else:
            interrupted += 1
            if r.rc not in (130, -signal.SIGTERM, 128 + signal.SIGTERM):
                o.fail(f"kill after {delay_ms}ms: exit {r.rc}")
        for word in FORBIDDEN:
            if word in (r.stdout + r.stderr).lower():
                o.fail(f"kill after {delay_ms}ms: output says {word!r}")
        hidden = sorted(p.name for p in out.iterdir() if p.name.startswith("."))
        if hidden:
            o.fail(f"kill after {delay_ms}ms: leftover {', '.join(hidden[:3])}")
        got, why = markers()
        if why:
            o.fail(f"kill after {delay_ms}ms: {why}")
        elif r.rc == 0 and got != k:
            o.fail(f"build {k} exited 0 but the folder holds build {got}")
        if o.problems:
            break
    if o.secs >= BUDGET_SECONDS or (o.mb or 0) >= BUDGET_MB:
        o.fail("over budget")
    if not o.problems:
        o.note = f"{interrupted} builds killed, {finished} finished first; pairs intact"
    return o


def sigterm_run(ctx, args, delay, stem: Path) -> Run:
    """Runs gongwen directly (GNU time would take the signal itself), sends SIGTERM to it
    after `delay` seconds and reaps it with wait4 for its peak RSS."""
    stem.parent.mkdir(parents=True, exist_ok=True)
    outf, errf = stem.with_suffix(".stdout"), stem.with_suffix(".stderr")
    with open(outf, "wb") as fo, open(errf, "wb") as fe:
        t0 = time.monotonic()
        p = subprocess.Popen([str(ctx.bin), *map(str, args)], stdin=subprocess.DEVNULL,
                             stdout=fo, stderr=fe, start_new_session=True,
                             preexec_fn=ctx.limit_child)
    time.sleep(delay)
    try:
        os.kill(p.pid, signal.SIGTERM)
    except ProcessLookupError:
        pass
    deadline, rc, ru = t0 + ctx.timeout, None, None
    while True:
        pid, status, ru = os.wait4(p.pid, os.WNOHANG)
        if pid:
            rc = os.waitstatus_to_exitcode(status)
            break
        if time.monotonic() > deadline:
            kill_group(p.pid)
            _, _, ru = os.wait4(p.pid, 0)
            break
        time.sleep(0.005)
    p.returncode = rc if rc is not None else -9  # reaped here, not by Popen
    return Run(rc, time.monotonic() - t0, ru.ru_maxrss / 1024 if ru else None,
               outf.stat().st_size, errf.stat().st_size, read_head(outf), read_head(errf))


def readonly_second_file(ctx):
    out = ctx.case_dir / "OUT"
    (out / "x.pdf").mkdir(parents=True)
    (out / "x.docx").write_bytes(b"OLD")
    path = write_json(ctx.case_dir / "x.json", simple_document())
    r = ctx.build(path, out)
    o = Outcome()
    check_common(o, r, out)
    check_clear_error(o, r, out, allowed=("x.docx", "x.pdf"))
    if (out / "x.docx").read_bytes() != b"OLD":
        o.fail("x.docx was replaced although x.pdf could not be written")
        o.note = ""
    return o


def long_title_lines(ctx):
    lines = [f"第{n}行标题文字" for n in range(1, 41)]
    doc = document([{"title": lines}, {"paragraph": "正文"}])
    return build_case(ctx, doc, "valid", texts=lines)


def long_title_string(ctx):
    unit = "关于加强和改进工作的通知"
    title = unit * 167  # 2004 characters
    doc = document([{"title": title}, {"paragraph": "正文"}])
    return build_case(ctx, doc, "either", counts={unit: 167})


LONG_AGENCY = "中华人民共和国某某省某某市某某县人民政府办公室综合事务服务中心信息公开工作领导小组办公室秘书科文书档案管理室"


def long_signature_document(ctx):
    agency = LONG_AGENCY[:60]
    doc = simple_document()
    doc["blocks"][2]["signature"]["agency"] = agency
    return build_case(ctx, doc, "either", texts=[agency + "2025年3月1日"])


def long_signature_report(ctx):
    agency = LONG_AGENCY[:48]
    rep = ctx.starter()
    rep["agency"] = rep["signature"]["agency"] = agency
    return build_case(ctx, rep, "either", "report", texts=[agency + "2026年1月20日"])


def numbers_as_written(ctx):
    # written by hand: json.dumps would print 1.1, 100.5 and 1000.0. An exponent cannot be
    # kept as written by the JSON reader (1e3 arrives as 1e+3), so gongwen refuses it
    # unquoted (case numbers-exponent) and prints it exactly when quoted.
    numbers = ["12345678901234567890123", "1.10", "100.50", '"1e3"']
    rows = ",".join(f'["数{i}", {n}]' for i, n in enumerate(numbers, 1))
    raw = ('{"kind": "document", "blocks": [{"table": {"widths": [1, 4], "rows": ['
           + rows + "]}}]}")
    return build_case(ctx, raw, "valid", tokens=[n.strip('"') for n in numbers])


def numbers_exponent(ctx):
    raw = ('{"kind": "document", "blocks": [{"table": {"widths": [1, 4], "rows": '
           '[["数", 1e3]]}}]}')
    return build_case(ctx, raw, "error")


def did_you_mean_long(ctx):
    # a narrative may be a list of paragraphs: each stays under the 100 000-character limit
    rep = ctx.starter()
    rep["overview"]["platform"] = ["{" + "a" * 99_990 + "}"] * 10
    return build_case(ctx, rep, "error", "report")


def open_braces(ctx):
    return build_case(ctx, document([{"paragraph": "{" * 99_999}]), "either")


def warning_flood(ctx):
    text = "1999年" * 19_000  # 95 000 characters, each "1999" an R12 warning
    rep = ctx.starter()
    for f in ("platform", "information_management", "active_disclosure"):
        rep["overview"][f] = text
    rep["problems"] = [text, text]
    path = write_json(ctx.case_dir / "report.json", rep)
    out = ctx.case_dir / "out"
    r = ctx.build(path, out)
    o = Outcome()
    check_common(o, r, out)
    if r.rc not in (0, 1) and not r.timed_out:
        o.fail(f"exit {r.rc}, expected 0 or 1")
    if not o.problems:
        o.note = (f"exit {r.rc}, {path.stat().st_size // 1024} KB input, "
                  f"{r.out_bytes + r.err_bytes} bytes of output")
    return o


def bad_date(where, value):
    def case(ctx):
        doc = simple_document()
        if where == "meta":
            doc["meta"] = {"date": value}
        else:
            doc["blocks"][2]["signature"]["date"] = value
        return build_case(ctx, doc, "error")
    return case


def huge_title_meta(ctx):
    doc = simple_document()
    doc["meta"] = {"title": "标题" * 50_000}
    return build_case(ctx, doc, "either")


def huge_keywords(ctx):
    doc = simple_document()
    doc["meta"] = {"keywords": ["a"] * 1_000_000}  # about 5 MB of JSON
    return build_case(ctx, doc, "either")


def bad_font(kind):
    def case(ctx):
        if kind == "missing":
            font = Path("/nonexistent.ttf")
        elif kind == "corrupt":
            font = ctx.case_dir / "x.ttf"
            font.write_bytes(os.urandom(10 * 1024))
        else:
            font = ctx.case_dir / "half.ttf"
            shutil.copy(ROOT / "fonts" / "NotoSerifCJKsc-Regular.ttf", font)
            os.truncate(font, font.stat().st_size // 2)
        # a --font that cannot be used is a wrong command line (exit 2)
        o = build_case(ctx, simple_document(), "usage", extra=["--font", f"body={font}"])
        r_err = (ctx.case_dir / "logs" / "run.stderr").read_text(errors="replace")
        if str(font) not in r_err and font.name not in r_err:
            o.fail(f"stderr does not name {font.name}")
            o.note = ""
        return o
    return case


# ---- seal and stamp images (issue 21)


def png_file(width, height, rows, color=2, chunks_after_ihdr=()):
    """A PNG of raw scanlines `rows` (each with its filter byte), chunks inserted after IHDR."""
    import struct
    import zlib

    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    out = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, color, 0, 0, 0))
    for kind, data in chunks_after_ihdr:
        out += chunk(kind, data)
    return out + chunk(b"IDAT", zlib.compress(rows, 6)) + chunk(b"IEND", b"")


def red_seal(size=200):
    return png_file(size, size, (b"\x00" + b"\xdc\x00\x00" * size) * size)


def sealed_document(names):
    return document([{"title": "关于测试的通知"}, {"paragraph": "正文"}] + [
        {"signature": {"agencies": [{"name": SIMPLE_AGENCY, "seal": n}], "date": "2025-03-01"}}
        for n in names])


def seal_outside(name_of):
    """A seal named outside the input's folder: refused with the one message that says
    nothing of the file (there or not, its size)."""
    def case(ctx):
        # beside the case's folder, where the input is
        elsewhere = ctx.case_dir.parent / (ctx.case_dir.name + "-elsewhere")
        elsewhere.mkdir()
        (elsewhere / "other-agency-seal.png").write_bytes(red_seal())
        name = name_of(elsewhere)
        o = build_case(ctx, sealed_document([name]), "error")
        text = (ctx.case_dir / "logs" / "run.stderr").read_text(errors="replace")
        if "among the files this input may use" not in text:
            o.fail("not the message for a name outside the folders")
        return o
    return case


def seal_many_references(ctx):
    """One 4 MiB seal named 600 times: read, decoded and embedded once (it aborted after
    5 GB before)."""
    import random
    rnd = random.Random(21)
    n = 1180
    rows = b"".join(b"\x00" + rnd.randbytes(n * 3) for _ in range(n))
    write_json(ctx.case_dir / "seals" / "big.png", png_file(n, n, rows))
    o = build_case(ctx, sealed_document(["seals/big.png"] * 600), "valid")
    docx = ctx.case_dir / "out" / "input.docx"
    if docx.is_file():
        with zipfile.ZipFile(docx) as z:
            media = [m for m in z.namelist() if m.startswith("word/media/")]
        if len(media) != 1:
            o.fail(f"{len(media)} media parts in the .docx, expected 1")
    return o


def seal_chunk_bomb(ctx):
    """A seal with a 1 GiB iCCP and a GPS tEXt: only IHDR, PLTE, tRNS, IDAT, IEND reach
    the .docx."""
    import zlib
    iccp = b"bomb\x00\x00" + zlib.compress(b"\x00" * (1 << 30), 9)
    png = png_file(100, 100, (b"\x00" + b"\xdc\x00\x00" * 100) * 100,
                   chunks_after_ihdr=[(b"iCCP", iccp), (b"tEXt", b"GPS\x0039.9N 116.4E")])
    write_json(ctx.case_dir / "seals" / "bomb.png", png)
    o = build_case(ctx, sealed_document(["seals/bomb.png"]), "valid")
    docx = ctx.case_dir / "out" / "input.docx"
    if docx.is_file():
        import struct
        with zipfile.ZipFile(docx) as z:
            data = z.read("word/media/gongwen1.png")
        at, kinds = 8, []
        while at + 8 <= len(data):
            length = struct.unpack(">I", data[at:at + 4])[0]
            kinds.append(data[at + 4:at + 8].decode("latin-1"))
            at += 12 + length
        extra = [k for k in kinds if k not in ("IHDR", "PLTE", "tRNS", "IDAT", "IEND")]
        if extra:
            o.fail(f"the .docx's seal keeps {extra}")
    return o


def tall_seal(ctx):
    """A 40 × 480 px seal (printed 504 mm tall, the 落款 off the page before): refused."""
    write_json(ctx.case_dir / "seals" / "tall.png",
               png_file(40, 480, (b"\x00" + b"\xdc\x00\x00" * 40) * 480))
    return build_case(ctx, sealed_document(["seals/tall.png"]), "error")


def colophon_too_tall(ctx):
    """70 抄送 names of ten characters: a 版记 taller than a page (drawn above the page
    before): refused."""
    cc = [(f"第{i}" + "某" * 10)[:10] for i in range(70)]
    doc = simple_document()
    doc["colophon"] = {"cc": cc, "printer": "某某市示例局办公室", "print_date": "2025-03-03"}
    return build_case(ctx, doc, "error")


CASES = [
    ("placeholder-amplification", placeholder_amplification(["platform"])),
    ("placeholder-amplification-3",
     placeholder_amplification(["platform", "information_management", "active_disclosure"])),
    ("placeholder-amplification-at-limit", placeholder_amplification_at_limit),
    ("fee-amplification", fee_amplification),
    ("font-name-amplification", font_name_amplification(2_000)),
    ("font-name-amplification-big", font_name_amplification(20_000)),
    ("font-name-escaping-amp", font_name_escaping("Song & Co")),
    ("font-name-escaping-quot", font_name_escaping('Song "Q"')),
    ("font-name-escaping-lt", font_name_escaping("A<B")),
    ("font-name-escaping-apos", font_name_escaping("X'Y")),
    ("meta-control", meta_char("title", "\u0001")),
    ("meta-nonchar", meta_char("title", "\ufffe")),
    ("meta-ffff", meta_char("paragraph", "\uffff")),
    ("many-page-breaks", many_page_breaks),
    ("many-line-breaks", many_line_breaks),
    ("batch-many-pages", batch_many_pages),
    ("limit-1m-characters", at_limit(at_limit_chars)),
    ("limit-20k-cells", at_limit(at_limit_cells)),
    ("limit-5k-pages", at_limit(at_limit_pages)),
    ("limit-batch-of-two", at_limit_batch),
    ("dev-zero-input", special_input("/dev/zero")),
    ("dev-urandom-input", special_input("/dev/urandom")),
    ("sparse-6gb-input", sparse_input),
    ("dev-zero-previous", special_previous("/dev/zero")),
    ("sparse-previous", special_previous("sparse")),
    ("fifo-input", fifo_input),
    ("symlink-loop-folder", symlink_loop_folder),
    ("concurrent-same-name", concurrent_same_name),
    ("sigterm-cleanup", sigterm_cleanup),
    ("readonly-second-file", readonly_second_file),
    ("long-title-lines", long_title_lines),
    ("long-title-string", long_title_string),
    ("long-signature-document", long_signature_document),
    ("long-signature-report", long_signature_report),
    ("numbers-as-written", numbers_as_written),
    ("numbers-exponent", numbers_exponent),
    ("did-you-mean-long", did_you_mean_long),
    ("open-braces", open_braces),
    ("warning-flood", warning_flood),
    ("bad-date-meta-negative", bad_date("meta", "-0001-01-01")),
    ("bad-date-meta-65536", bad_date("meta", "+65536-01-01")),
    ("bad-date-signature-1899", bad_date("signature", "1899-12-31")),
    ("bad-date-signature-2200", bad_date("signature", "2200-01-01")),
    ("huge-title-meta", huge_title_meta),
    ("huge-keywords", huge_keywords),
    ("font-corrupt", bad_font("corrupt")),
    ("font-truncated", bad_font("truncated")),
    ("font-missing", bad_font("missing")),
    ("seal-absolute-elsewhere", seal_outside(lambda d: str(d / "other-agency-seal.png"))),
    ("seal-dotdot-elsewhere", seal_outside(lambda d: f"../{d.name}/other-agency-seal.png")),
    ("seal-proc-pagemap", seal_outside(lambda d: "/proc/self/pagemap")),
    ("seal-600-references", seal_many_references),
    ("seal-iccp-bomb", seal_chunk_bomb),
    ("seal-too-tall", tall_seal),
    ("colophon-taller-than-a-page", colophon_too_tall),
]


# ----------------------------------------------------------------------------------------


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bin", type=Path,
                    default=Path(os.environ.get("GONGWEN_BIN") or ROOT / "target/release/gongwen"))
    ap.add_argument("--only", action="append", default=[])
    ap.add_argument("--timeout", type=float, default=60.0)
    ap.add_argument("--as-limit-mb", type=int, default=4096)
    ap.add_argument("--keep", action="store_true")
    a = ap.parse_args()
    binary = a.bin.resolve()
    if not os.access(binary, os.X_OK):
        sys.exit(f"attack.py: no gongwen binary at {binary} (build it, or pass --bin)")
    for tool, present in (("GNU time (/usr/bin/time)", GNU_TIME), ("qpdf", QPDF),
                          ("pdftotext", PDFTOTEXT)):
        if not present:
            print(f"note: {tool} not found; its checks are skipped", flush=True)

    tmp = Path(tempfile.mkdtemp(prefix="gongwen-attack-"))
    ctx = Ctx(binary, tmp, a.timeout, a.as_limit_mb)
    cases = [(n, f) for n, f in CASES if not a.only or any(s in n for s in a.only)]
    width = max((len(n) for n, _ in cases), default=0)
    passed = failed = 0
    try:
        for name, case in cases:
            ctx.case_dir = tmp / name
            ctx.case_dir.mkdir()
            try:
                o = case(ctx)
            except Exception as e:  # a broken case is a failure, not a crash of the script
                o = Outcome()
                o.fail(f"case raised {type(e).__name__}: {shorten(str(e), 80)}")
            ok = not o.problems
            passed += ok
            failed += not ok
            mb = f"{o.mb:.0f}MB" if o.mb is not None else "?MB"
            reason = o.note if ok else "; ".join(o.problems[:2])
            print(f"{'ok' if ok else 'FAIL':<4}  {name:<{width}}  {o.secs:6.2f}s  {mb:>6}  "
                  f"{shorten(reason, 140)}", flush=True)
            if not a.keep:
                shutil.rmtree(ctx.case_dir, ignore_errors=True)
    finally:
        if a.keep:
            print(f"note: kept {tmp}", flush=True)
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
