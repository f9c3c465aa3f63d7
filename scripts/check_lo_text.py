#!/usr/bin/env python3
"""No character lost in LibreOffice: build fixtures, let LibreOffice render each .docx, and
check that every character of the .docx's text is on LibreOffice's pages, in order.

Usage:
  python3 scripts/check_lo_text.py --bin GONGWEN FIXTURE_OR_DIR... [--keep DIR]
                                   [--lo-threshold X] [--top-mm MM] [--top-tol MM]

For each fixture (a .json file; a folder means every *.json directly inside it):
  1. `GONGWEN build FIXTURE -o TMP --fonts bundled` (the .docx and our .pdf);
  2. `soffice --headless --convert-to pdf` of the .docx (a private LibreOffice profile);
  3. the .docx's text — the w:t runs of word/document.xml, in document order, whitespace
     removed — must appear in LibreOffice's PDF text (pdftotext -raw, whitespace removed) in
     the same order: the two are aligned (difflib, no junk heuristic) and every .docx
     character that has no counterpart is reported with its context;
  4. reported, as lo-compare does: page counts (must be equal) and line agreement, the share of
     our PDF's lines (pdftotext -layout, whitespace removed, 6+ characters) that LibreOffice's
     PDF also has as a line (must be at least --lo-threshold, default 0.9);
  5. reported: the top of the first line's glyphs on every page (the em box's top: baseline
     less 0.88 of the size, see first_line_tops) in both PDFs, in mm from the page's top edge. With --top-mm, every page's
     value in both PDFs must be within --top-tol (default 0.3) of it; pages whose first line
     is the 版头 (份号, 密级, a letter's mark) can be skipped with --top-skip-header.

Every check prints one line starting with "ok" or "FAIL" (details indented below it); the last
line is always "N passed, M failed". Exit status 0 only when nothing failed.

Needs: Python 3, LibreOffice (soffice), poppler-utils (pdftotext), pdfplumber (for 5)."""

import argparse
import difflib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from xml.etree import ElementTree as ET

# the conformance scripts' one pass/fail tally (scripts/ is on the path: run as a script)
from check_outputs import Report

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
PT_PER_MM = 72 / 25.4
MIN_LINE = 6




def squash(s):
    return re.sub(r"\s+", "", s)


def docx_text(path):
    """The text of the w:t runs of word/document.xml, in document order."""
    with zipfile.ZipFile(path) as z:
        root = ET.fromstring(z.read("word/document.xml"))
    return "".join(t.text or "" for t in root.iter(W + "t"))


def pdftotext(pdf, *args):
    return subprocess.run(["pdftotext", *args, "-enc", "UTF-8", pdf, "-"],
                          capture_output=True, text=True, check=True).stdout


def layout_lines(pdf):
    out = pdftotext(pdf, "-layout")
    pages = out.split("\f")
    if pages and not pages[-1].strip():
        pages.pop()
    lines = [squash(l) for l in out.splitlines()]
    return len(pages), [l for l in lines if len(l) >= MIN_LINE]


def lost_characters(expected, got):
    """Characters of `expected` with no counterpart in `got`, aligned in order: a list of
    (index in expected, the characters, context)."""
    sm = difflib.SequenceMatcher(None, expected, got, autojunk=False)
    lost = []
    for op, i1, i2, _j1, _j2 in sm.get_opcodes():
        if op in ("delete", "replace"):
            ctx = expected[max(0, i1 - 12):i1] + "[" + expected[i1:i2] + "]" + expected[i2:i2 + 12]
            lost.append((i1, expected[i1:i2], ctx))
    return lost


def first_line_tops(pdf):
    """Per page: the top (mm) of the highest text line's em boxes, or None.

    A character's em box top is its baseline (from its text matrix) less 0.88 of its size:
    the ideographic em box, 0.88 em above the baseline and 0.12 below. pdfplumber's own
    `top` takes the font descriptor's descent instead, which differs between our fonts
    (-0.12 em) and LibreOffice's substitutes (0 for the Type 1 CJK font it embeds here), so
    the same baseline would read 0.7 mm apart in 三号."""
    try:
        import pdfplumber
    except ImportError:
        return None
    tops = []
    with pdfplumber.open(pdf) as doc:
        for page in doc.pages:
            chars = [c for c in page.chars if c["text"].strip()]
            h = float(page.height)
            tops.append(min(h - c["matrix"][5] - 0.88 * c["size"] for c in chars) / PT_PER_MM
                        if chars else None)
    return tops


COLOPHON_TOL_MM = 2.0


def colophon_tops(pdf):
    """(page, top in mm) of each 版记 row that starts with 抄送 or 印发 — the
    版记 sits at the foot of its page, placed in the .docx by a spacer."""
    import pdfplumber
    out = []
    with pdfplumber.open(pdf) as doc:
        for k, page in enumerate(doc.pages):
            for w in page.extract_words():
                if w["text"].startswith("抄送"):
                    out.append((k + 1, w["top"] / PT_PER_MM))
    return out


def convert(soffice, docx, work):
    profile = "file://" + os.path.join(work, "profile")
    p = subprocess.run([soffice, "-env:UserInstallation=" + profile, "--headless", "--norestore",
                        "--convert-to", "pdf", "--outdir", work, docx],
                       capture_output=True, text=True, timeout=300)
    pdf = os.path.join(work, os.path.splitext(os.path.basename(docx))[0] + ".pdf")
    return pdf if os.path.exists(pdf) else None, (p.stdout + p.stderr).strip()


def fmt_tops(tops):
    return " ".join("-" if t is None else "%.1f" % t for t in tops)


def check_fixture(r, args, soffice, fixture, work, summary):
    stem = os.path.splitext(os.path.basename(fixture))[0]
    out = os.path.join(work, "out")
    os.makedirs(out, exist_ok=True)
    b = subprocess.run([args.bin, "build", fixture, "-o", out, "--fonts", "bundled"],
                       capture_output=True, text=True)
    docx, pdf = os.path.join(out, stem + ".docx"), os.path.join(out, stem + ".pdf")
    if not r.check(b.returncode == 0 and os.path.exists(docx) and os.path.exists(pdf),
                   "%s: builds" % fixture, (b.stdout + b.stderr).strip().splitlines()[-5:]):
        summary.append("%s: build FAILED" % fixture)
        return
    lo_dir = os.path.join(work, "lo-" + stem)
    os.makedirs(lo_dir, exist_ok=True)
    lo_pdf, msg = convert(soffice, docx, lo_dir)
    if not r.check(lo_pdf is not None, "%s: LibreOffice converts the .docx" % fixture, [msg]):
        summary.append("%s: LibreOffice FAILED" % fixture)
        return
    if args.keep:
        os.makedirs(args.keep, exist_ok=True)
        for f in (docx, pdf):
            shutil.copy(f, args.keep)
        shutil.copy(lo_pdf, os.path.join(args.keep, stem + ".libreoffice.pdf"))

    expected = squash(docx_text(docx))
    got = squash(pdftotext(lo_pdf, "-raw"))
    lost = lost_characters(expected, got)
    n_lost = sum(len(s) for _, s, _ in lost)
    known = [x for x in lost if any(k in x[2] for k in args.known)]
    for i, s, ctx in known:
        print("     known loss (--known) %r at %d: %s" % (s, i, ctx))
    lost = [x for x in lost if x not in known]
    r.check(not lost, "%s: every character of the .docx's text is on LibreOffice's pages, in order "
            "(%d characters, %d lost)" % (fixture, len(expected), n_lost),
            ["lost %r at %d: %s" % (s, i, ctx) for i, s, ctx in lost[:20]])

    n_ours, ours = layout_lines(pdf)
    n_lo, theirs = layout_lines(lo_pdf)
    have = set(theirs)
    agree = sum(1 for l in ours if l in have) / max(1, len(ours))
    r.check(n_ours == n_lo, "%s: same page count (ours %d, LibreOffice %d)" % (fixture, n_ours, n_lo))
    missing = [l for l in ours if l not in have]
    r.check(agree >= args.lo_threshold, "%s: line agreement with LibreOffice %.3f (%d lines; want >= %.2f)"
            % (fixture, agree, len(ours), args.lo_threshold),
            ["ours only: " + l for l in missing[:8]] if agree < 1 else [])

    tops_ours, tops_lo = first_line_tops(pdf), first_line_tops(lo_pdf)
    tops = ""
    if tops_ours is not None:
        tops = "first-line glyph top (mm) ours %s | LibreOffice %s" % (fmt_tops(tops_ours), fmt_tops(tops_lo))
        print("     %s: %s" % (fixture, tops))
        if args.top_mm is not None:
            skip = 1 if args.top_skip_header else 0
            off = ["%s page %d: %.2f mm" % (who, k + 1, t)
                   for who, ts in (("ours", tops_ours), ("LibreOffice", tops_lo))
                   for k, t in enumerate(ts)
                   if k >= skip and t is not None and abs(t - args.top_mm) > args.top_tol]
            r.check(not off, "%s: first line's glyph top at %.1f +/- %.1f mm on every page, both PDFs"
                    % (fixture, args.top_mm, args.top_tol), off)
    ours_c, lo_c = colophon_tops(pdf), colophon_tops(lo_pdf)
    if ours_c or lo_c:
        same = (len(ours_c) == len(lo_c)
                and all(p == q and abs(a - b) <= COLOPHON_TOL_MM for (p, a), (q, b) in zip(ours_c, lo_c)))
        r.check(same, "%s: the 版记 on the same page and within %.0f mm in both PDFs (ours %s, LibreOffice %s)"
                % (fixture, COLOPHON_TOL_MM, [(p, round(a, 1)) for p, a in ours_c],
                   [(p, round(a, 1)) for p, a in lo_c]))
    summary.append("%s: pages %d/%d, line agreement %.3f, %d characters lost; %s"
                   % (fixture, n_ours, n_lo, agree, n_lost, tops))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--bin", required=True, help="the gongwen binary")
    ap.add_argument("fixtures", nargs="+")
    ap.add_argument("--keep", help="keep the .docx, our PDF and LibreOffice's PDF here")
    ap.add_argument("--lo-threshold", type=float, default=0.9)
    ap.add_argument("--known", action="append", default=[], metavar="CONTEXT",
                    help="a loss whose context (as printed, the lost characters in brackets) contains "
                         "CONTEXT is reported but does not fail; repeatable. For losses understood "
                         "and not yet solved, so that any new one fails")
    ap.add_argument("--top-mm", type=float)
    ap.add_argument("--top-tol", type=float, default=0.3)
    ap.add_argument("--top-skip-header", action="store_true",
                    help="do not hold page 1 to --top-mm (its first line is the 版头)")
    args = ap.parse_args()
    r = Report()
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        r.check(False, "LibreOffice found (soffice)", ["apt-get install libreoffice-writer-nogui"])
        print("%d passed, %d failed" % (r.passed, r.failed))
        sys.exit(1)
    fixtures = []
    for f in args.fixtures:
        if os.path.isdir(f):
            fixtures += sorted(os.path.join(f, n) for n in os.listdir(f) if n.endswith(".json"))
        else:
            fixtures.append(f)
    summary = []
    work = tempfile.mkdtemp(prefix="gongwen-lo-text-")
    try:
        for f in fixtures:
            check_fixture(r, args, soffice, f, work, summary)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print()
    for s in summary:
        print("  " + s)
    if r.passed + r.failed == 0:
        r.check(False, "something was checked")
    print("%d passed, %d failed" % (r.passed, r.failed))
    sys.exit(0 if r.failed == 0 else 1)


if __name__ == "__main__":
    main()
