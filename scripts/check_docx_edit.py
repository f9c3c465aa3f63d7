#!/usr/bin/env python3
"""Does gongwen's .docx keep its format when a clerk edits it?

Usage: check_docx_edit.py GONGWEN_BIN FIXTURE.json [--keep DIR]

Builds FIXTURE with GONGWEN_BIN (--fonts bundled), then, as someone typing
into the file would, appends with python-docx a 正文 paragraph of 60 hanzi
(style Normal, no direct formatting) and a heading 1 paragraph, saves, has
LibreOffice convert the edited file to PDF, and checks with pdfplumber:

- the new paragraph's first full line (its second) holds exactly 28 characters;
- its first line starts two characters in (the first-line indent);
- it is in the body font: the font LibreOffice chose for the document's own
  正文 (仿宋_GB2312, or what LibreOffice resolves it to on this machine — the
  name the PDF records is printed), and the styles say 仿宋_GB2312;
- the heading is in the font LibreOffice chose for 黑体, and the heading 1
  style says 黑体.

Prints one ok/FAIL line per check and, last, "N passed, M failed"; exits 1 on
any failure.
"""

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import docx
import pdfplumber
from docx.oxml.ns import qn

BODY_TEXT = "编辑后的正文段落应当保持公文格式" * 4  # 60 hanzi
HEADING_TEXT = "九、编辑后加入的一级标题"

results = []


def check(ok, what):
    results.append(bool(ok))
    print(("ok   " if ok else "FAIL ") + what)


def style_east_asia(document, style_name):
    """The East Asian font a paragraph style names, following basedOn."""
    style = document.styles[style_name]
    while style is not None:
        rpr = style.element.rPr
        if rpr is not None and rpr.rFonts is not None:
            v = rpr.rFonts.get(qn("w:eastAsia"))
            if v:
                return v
        style = style.base_style
    return None


def lines_of(pdf_path):
    """Every text line of the PDF: (page, top, chars sorted by x)."""
    out = []
    with pdfplumber.open(pdf_path) as pdf:
        for n, page in enumerate(pdf.pages):
            rows = {}
            for c in page.chars:
                if c["text"].strip():
                    rows.setdefault(round(c["top"]), []).append(c)
            for top in sorted(rows):
                out.append((n, top, sorted(rows[top], key=lambda c: c["x0"])))
    return out


def text(chars):
    return "".join(c["text"] for c in chars)


def base_font(name):
    """A PDF font name without its subset tag (ABCDEF+Name)."""
    return name.split("+", 1)[1] if "+" in name[:7] else name


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("gongwen")
    ap.add_argument("fixture")
    ap.add_argument("--keep", help="keep the edited .docx and LibreOffice's PDF here")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="gongwen-docx-edit."))
    try:
        stem = Path(args.fixture).stem
        r = subprocess.run(
            [args.gongwen, "build", args.fixture, "-o", str(work), "--fonts", "bundled",
             "--formats", "docx"],
            capture_output=True, text=True)
        built = work / f"{stem}.docx"
        check(r.returncode == 0 and built.exists(), f"build {args.fixture}")
        if not built.exists():
            print(r.stderr)
            return finish()

        d = docx.Document(str(built))
        body_font = style_east_asia(d, "Normal")
        heading_font = style_east_asia(d, "Heading 1")
        check(body_font == "仿宋_GB2312", f"Normal names the body font: {body_font}")
        check(heading_font == "黑体", f"heading 1 names 黑体: {heading_font}")
        # the document's own 正文 and heading 1 paragraphs, to learn LibreOffice's fonts
        own_body = next((p.text for p in d.paragraphs
                         if p.style.name == "Normal" and len(p.text) >= 30), None)
        own_heading = next((p.text for p in d.paragraphs
                            if p.style.name == "Heading 1" and p.text), None)
        p = d.add_paragraph(BODY_TEXT, style="Normal")
        h = d.add_paragraph(HEADING_TEXT, style="Heading 1")
        direct = [r for par in (p, h) for r in par.runs if r.element.rPr is not None]
        check(not direct and p.paragraph_format.first_line_indent is None,
              "the new paragraphs carry no direct formatting")
        edited = work / f"{stem}-edited.docx"
        d.save(str(edited))

        lo = subprocess.run(
            ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(work), str(edited)],
            capture_output=True, text=True, timeout=300)
        pdf = work / f"{stem}-edited.pdf"
        check(lo.returncode == 0 and pdf.exists(), "LibreOffice converts the edited .docx")
        if not pdf.exists():
            print(lo.stderr)
            return finish()
        if args.keep:
            Path(args.keep).mkdir(parents=True, exist_ok=True)
            shutil.copy(edited, args.keep)
            shutil.copy(pdf, args.keep)

        lines = lines_of(pdf)
        # the new paragraph: the lines after the last line that starts it
        starts = [i for i, (_, _, cs) in enumerate(lines) if text(cs).startswith(BODY_TEXT[:8])]
        check(starts, "the new paragraph is in LibreOffice's PDF")
        if not starts:
            return finish()
        i = starts[-1]
        first, second = lines[i][2], lines[i + 1][2] if i + 1 < len(lines) else []
        joined = text(first) + text(second)
        check(BODY_TEXT.startswith(joined), f"its first two lines are its text: {joined}")
        check(len(second) == 28,
              f"its first full line holds 28 characters: {len(second)} ({text(second)})")
        advance = (second[-1]["x0"] - second[0]["x0"]) / max(len(second) - 1, 1)
        indent = (first[0]["x0"] - second[0]["x0"]) / advance if second else 0
        check(abs(indent - 2) < 0.2, f"its first line starts two characters in: {indent:.2f}")
        font = base_font(first[0]["fontname"])
        own_font = None
        if own_body:
            for _, _, cs in lines:
                if own_body.startswith(text(cs)[:10]) and len(cs) >= 10:
                    own_font = base_font(cs[0]["fontname"])
                    break
        check(own_font is not None and font == own_font,
              f"it is in the body font as LibreOffice resolves {body_font}: {font} "
              f"(the document's own 正文: {own_font})")
        heads = [cs for _, _, cs in lines if text(cs) == HEADING_TEXT]
        check(heads, "the new heading 1 is in LibreOffice's PDF")
        if heads:
            hfont = base_font(heads[-1][0]["fontname"])
            own_hfont = None
            if own_heading:
                for _, _, cs in lines:
                    if text(cs) == own_heading:
                        own_hfont = base_font(cs[0]["fontname"])
                        break
            same = own_hfont is None or hfont == own_hfont
            check(same, f"it is in 黑体 as LibreOffice resolves it: {hfont} "
                        f"(the document's own heading 1: {own_hfont})")
            advance_h = (heads[-1][-1]["x0"] - heads[-1][0]["x0"]) / max(len(heads[-1]) - 1, 1)
            check(abs(heads[-1][0]["size"] - 16) < 0.1 and abs(advance_h - advance) < 0.5,
                  f"the heading is 三号 on the body's pitch: {heads[-1][0]['size']:.1f} pt, "
                  f"{advance_h:.2f} pt a character")
        return finish()
    finally:
        shutil.rmtree(work, ignore_errors=True)


def finish():
    passed = sum(results)
    failed = len(results) - passed
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
