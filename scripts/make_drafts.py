"""Makes the drafts people really have from each corpus document's
source.txt (the text as copied from its web page): draft.md, as a
colleague (or an LLM) would write it, and draft.docx, typed in Word's
default template (python-docx's, 宋体 not even set: the default styles).

    pip install python-docx
    python3 scripts/make_drafts.py

The roles of the lines (title, headings, 落款 …) are taken from the
document's expected.json, written by hand, only to decide how a person
would type each line (a # before the title, Word's numbering on the
headings, the 落款 right-aligned). The drafts vary from document to
document, by its index, as real ones do:

  index % 3 == 0: numbers typed; the 落款 right-aligned; Markdown with
                  ## headings and the issued document after a --- break
  index % 3 == 1: Word's automatic numbering (chineseCounting 一、 and
                  （一）, decimal 1.) on the headings; the 落款 pushed right
                  with spaces; Markdown numbered lines without #
  index % 3 == 2: typed indents (　　), a blank paragraph after each, the
                  title's wrapped lines joined by a soft line break; the
                  落款 right-aligned
"""
import json, os, re, sys

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.oxml import OxmlElement

ROOT = os.path.join(os.path.dirname(__file__), "..", "fixtures", "drafts")

def norm(s):
    table = str.maketrans("(),:;", "（），：；")
    return re.sub(r"\s", "", s).translate(table)

NUM = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|\d+[.．、])")

def roles(lines, exp):
    """(role, text, level) for each line of source.txt."""
    title = norm(exp.get("title") or "")
    heads = [(lvl, norm(t)) for lvl, t in exp.get("headings") or []]
    agencies = [norm(a) for a in ((exp.get("signature") or {}).get("agencies") or [])]
    issued = [norm(t) for t in exp.get("issued") or []]
    out = []
    seen_sig = False
    addressee = norm(exp.get("addressee") or "")
    before = next((k for k, l in enumerate(lines) if addressee and norm(l) == addressee), len(lines))
    for k, raw in enumerate(lines):
        t = raw.strip().strip("\u3000")
        n = norm(t)
        if not n:
            out.append(("blank", raw, 0)); continue
        role, level = "p", 0
        if title and k < before and (n in title or title in n):
            role = "title"
        for lvl, h in heads:
            if NUM.match(t) and (h == n or (len(n) > 4 and h.startswith(n[:12]) and n.startswith(h[:12]))):
                role, level = "heading", lvl
                break
        if n in agencies and role == "p":
            role = "sig"; seen_sig = True
        if re.fullmatch(r"[0-9〇○OＯ一二三四五六七八九十零]{2,4}年[0-9一二三四五六七八九十]{1,2}月[0-9一二三四五六七八九十]{1,3}日", n):
            role = "sig"; seen_sig = True
        if seen_sig and n in issued:
            role = "issued"
        if n.startswith("（此件") or n.startswith("(此件"):
            role = "note"
        out.append((role, t, level))
    return out

def set_numbering(doc):
    """A chineseCounting list like the one Word makes for 一、 /（一）/ 1."""
    numbering = doc.part.numbering_part.element
    absn = OxmlElement("w:abstractNum")
    absn.set(qn("w:abstractNumId"), "90")
    for ilvl, fmt, text in [(0, "chineseCounting", "%1、"), (1, "chineseCounting", "（%2）"), (2, "decimal", "%3.")]:
        lvl = OxmlElement("w:lvl"); lvl.set(qn("w:ilvl"), str(ilvl))
        for tag, val in [("w:start", "1"), ("w:numFmt", fmt), ("w:lvlText", text), ("w:lvlJc", "left")]:
            e = OxmlElement(tag); e.set(qn("w:val"), val); lvl.append(e)
        absn.append(lvl)
    numbering.insert(0, absn)
    num = OxmlElement("w:num"); num.set(qn("w:numId"), "90")
    a = OxmlElement("w:abstractNumId"); a.set(qn("w:val"), "90"); num.append(a)
    numbering.append(num)

def numbered(p, ilvl):
    pPr = p._p.get_or_add_pPr()
    numPr = OxmlElement("w:numPr")
    i = OxmlElement("w:ilvl"); i.set(qn("w:val"), str(ilvl)); numPr.append(i)
    n = OxmlElement("w:numId"); n.set(qn("w:val"), "90"); numPr.append(n)
    pPr.insert(0, numPr)

def make(folder, index):
    src = open(os.path.join(folder, "source.txt"), encoding="utf-8").read()
    exp = json.load(open(os.path.join(folder, "expected.json"), encoding="utf-8"))
    lines = src.splitlines()
    rs = roles(lines, exp)
    variant = index % 3
    # ---- Markdown
    md = []
    title_parts = [t for r, t, _ in rs if r == "title"]
    title_done = False
    for r, t, lvl in rs:
        if r == "blank":
            continue
        if r == "title":
            if not title_done:
                md.append("# " + "".join(title_parts)); title_done = True
            continue
        if r == "heading" and variant != 1 and len(t) <= 30:
            md.append("#" * (lvl + 1) + " " + t)
        elif r == "issued":
            if variant == 0:
                md.append("---"); md.append(t)
            else:
                md.append("## " + t)
        else:
            md.append(t)
    with open(os.path.join(folder, "draft.md"), "w", encoding="utf-8") as fh:
        fh.write("\n\n".join(md) + "\n")
    # ---- .docx
    doc = Document()
    if variant == 1:
        set_numbering(doc)
    title_done = False
    for r, t, lvl in rs:
        if r == "blank":
            if variant != 2:
                doc.add_paragraph("")
            continue
        if r == "title":
            if title_done:
                continue
            title_done = True
            p = doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            for k, part in enumerate(title_parts):
                run = p.add_run(part)
                if variant == 2 and k + 1 < len(title_parts):
                    run.add_break()
                elif k + 1 < len(title_parts):
                    pass
            continue
        if r == "heading" and variant == 1:
            m = NUM.match(t)
            p = doc.add_paragraph(t[m.end():] if m else t)
            numbered(p, min(lvl, 3) - 1)
            continue
        if r == "sig":
            if variant == 1:
                doc.add_paragraph("\u3000" * 16 + t)
            else:
                p = doc.add_paragraph(t); p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            continue
        if r in ("issued",):
            p = doc.add_paragraph(t); p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            continue
        if variant == 2 and r == "p":
            doc.add_paragraph("\u3000\u3000" + t)
            doc.add_paragraph("")
            continue
        doc.add_paragraph(t)
    doc.core_properties.author = "gongwen corpus"
    doc.save(os.path.join(folder, "draft.docx"))

def folders():
    out = []
    for base in [ROOT, os.path.join(ROOT, "held-out")]:
        for name in sorted(os.listdir(base)):
            f = os.path.join(base, name)
            if os.path.isfile(os.path.join(f, "source.txt")):
                out.append(f)
    return out

if __name__ == "__main__":
    for i, f in enumerate(folders()):
        make(f, i)
        print(os.path.relpath(f, ROOT))
