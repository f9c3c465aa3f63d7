#!/usr/bin/env python3
"""Conformance checks for one pair of gongwen outputs (a .docx and the .pdf built from the same input).

Usage:
  python3 scripts/check_outputs.py FILE.docx FILE.pdf [--expect TEXT]... [--pages N] [--lo]
                                   [--lo-threshold X] [--keep DIR] [--embedded-fonts]

  --expect TEXT    text that must occur in the PDF (pdftotext, all whitespace removed); repeatable
  --pages N        the PDF must have exactly N pages
  --lo             also convert the .docx with LibreOffice and compare it with our PDF
  --lo-threshold X minimum line agreement with LibreOffice (default 0.9)
  --keep DIR       keep LibreOffice's PDF in DIR
  --embedded-fonts the .docx was built with --docx-fonts embed: its fonts are embedded and
                   obfuscated as ECMA-376 Part 1 17.8.1 says, and (with --lo) LibreOffice draws
                   with them and with no other font

Every check prints one line starting with "ok" or "FAIL" (details follow, indented).
The last line is always "N passed, M failed". Exit status 0 only when nothing failed.

Needs: Python 3.11, lxml, python-docx; poppler-utils (pdfinfo, pdffonts, pdftotext), qpdf;
LibreOffice (soffice) for --lo."""

import argparse
import datetime as dt
import os
import pathlib
import posixpath
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile

try:
    from lxml import etree
except ImportError:  # nothing below works without it
    sys.exit("check_outputs.py needs lxml (python3 -m pip install lxml)")

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
CT_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"
OFFICE_DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
CORE_PROPS = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
CP = "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}"
DC = "{http://purl.org/dc/elements/1.1/}"
DCTERMS = "{http://purl.org/dc/terms/}"
PDFAID = "{http://www.aiim.org/pdfa/ns/id/}"

# GB/T 9704-2012, 5.2.1: A4 paper; top margin 37 mm, bottom 35 mm, binding (left) 28 mm, right 26 mm
A4_PT = (595.28, 841.89)
A4_PT_TOL = 1.5
A4_MM = (210.0, 297.0)
# Word's top margin is where the first line box starts: 3.4 mm above the text block's 37 mm
# edge, so that the first line's glyphs (baseline at 0.82 of a 579-twip line, 三号 em box)
# start at 37 mm (src/style.rs, StyleProfile::flow_top; GB/T 33476.2 measures the margin to
# the line box)
MARGINS_MM = dict(top=33.6, bottom=35.0, left=28.0, right=26.0)
MM_TOL = 0.2
TWIPS_PER_MM = 1440 / 25.4
# entries this small gain nothing from deflate; anything larger must be compressed
TINY_STORED_BYTES = 128
LO_THRESHOLD = 0.9
LO_MIN_LINE = 6


class Report:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, ok, what, details=()):
        if ok:
            self.passed += 1
        else:
            self.failed += 1
        print(("ok   " if ok else "FAIL ") + what)
        for d in details:
            print("       " + d)
        sys.stdout.flush()
        return ok

    def note(self, what):
        print("     " + what)

    def skip(self, what):
        print("skip " + what)


def run(cmd, timeout=120):
    """(returncode, combined output); a missing program or a timeout is a failure, not a crash."""
    try:
        p = subprocess.run(cmd, capture_output=True, timeout=timeout, stdin=subprocess.DEVNULL)
    except FileNotFoundError:
        return 127, "%s: command not found" % cmd[0]
    except subprocess.TimeoutExpired:
        return 124, "%s: timed out after %d s" % (cmd[0], timeout)
    out = p.stdout.decode("utf-8", "replace") + p.stderr.decode("utf-8", "replace")
    return p.returncode, out


def squash(s):
    return re.sub(r"\s+", "", s)


def last_line(s):
    lines = [l for l in s.strip().splitlines() if l.strip()]
    return lines[-1] if lines else "(no output)"


# ---------------------------------------------------------------------------------------- PDF


def pdfinfo(pdf):
    rc, out = run(["pdfinfo", "-enc", "UTF-8", pdf])
    info = {}
    if rc == 0:
        for line in out.splitlines():
            k, sep, v = line.partition(":")
            if sep:
                info.setdefault(k.strip(), v.strip())
    return rc, out, info


def check_pdf(r, pdf, expects, pages):
    print("-- PDF %s" % pdf)
    if not os.path.isfile(pdf):
        r.check(False, "PDF exists", ["no such file: %s" % pdf])
        return None

    # qpdf exits 0 when clean, 2 on errors, 3 on warnings; warnings are also printed as "WARNING: ..."
    rc, out = run(["qpdf", "--check", pdf])
    clean = rc == 0 and "WARNING" not in out
    noise = ("checking ", "PDF Version", "File is not encrypted", "File is not linearized",
             "No syntax or stream encoding errors", "errors that qpdf cannot detect")
    said = [l.strip() for l in out.splitlines() if l.strip() and not l.startswith(noise)]
    r.check(clean, "qpdf --check: no errors or warnings",
            [] if clean else ["exit %d" % rc] + said[:8])

    rc, out = run(["pdffonts", pdf])
    rows = out.splitlines()[2:] if rc == 0 else []
    bad = []
    for row in rows:
        m = re.search(r"\b(yes|no)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$", row)
        if not m or m.group(1) != "yes" or m.group(2) != "yes":
            bad.append("not embedded+subset: " + row.strip())
    r.check(rc == 0 and bool(rows) and not bad,
            "pdffonts: %d font(s), all embedded and subset" % len(rows),
            bad or ([] if rows else ["no fonts listed: " + last_line(out)]))

    # poppler prints what it finds wrong on stderr and goes on (it said
    # "Suspects object is wrong type (boolean)" for every gongwen PDF)
    said = []
    for tool in (["pdfinfo", pdf], ["pdftotext", "-enc", "UTF-8", pdf, "-"]):
        try:
            p = subprocess.run(tool, capture_output=True, timeout=120)
            said += ["%s: %s" % (tool[0], l) for l in p.stderr.decode("utf-8", "replace").splitlines()]
        except (OSError, subprocess.TimeoutExpired) as e:
            said.append("%s: %s" % (tool[0], e))
    r.check(not said, "poppler (pdfinfo, pdftotext): nothing on stderr", said[:8])

    rc, out, info = pdfinfo(pdf)
    m = re.match(r"([\d.]+) x ([\d.]+) pts", info.get("Page size", ""))
    size_ok = bool(m) and abs(float(m.group(1)) - A4_PT[0]) <= A4_PT_TOL \
        and abs(float(m.group(2)) - A4_PT[1]) <= A4_PT_TOL
    r.check(size_ok, "pdfinfo: A4 page size (%s; want %.1f x %.1f pt +/-%.1f)"
            % (info.get("Page size", "none"), A4_PT[0], A4_PT[1], A4_PT_TOL))
    # pdfinfo reports the first page only; every page must be A4 too
    n_pages = int(info["Pages"]) if info.get("Pages", "").isdigit() else None
    if n_pages and n_pages > 1 and size_ok:
        rc2, out2 = run(["pdfinfo", "-f", "1", "-l", str(n_pages), pdf])
        sizes = re.findall(r"Page\s+(\d+) size:\s+([\d.]+) x ([\d.]+) pts", out2)
        off = ["page %s: %s x %s pt" % s for s in sizes
               if abs(float(s[1]) - A4_PT[0]) > A4_PT_TOL or abs(float(s[2]) - A4_PT[1]) > A4_PT_TOL]
        r.check(rc2 == 0 and len(sizes) == n_pages and not off,
                "pdfinfo: all %d pages A4" % n_pages, off[:8])
    r.note("pages: %s" % (n_pages if n_pages is not None else "?"))
    if pages is not None:
        r.check(n_pages == pages, "page count %s, expected %d" % (n_pages, pages))

    title = info.get("Title", "")
    r.check(bool(title), "pdfinfo: Title set (%r)" % title)

    rc, xmp = run(["pdfinfo", "-meta", pdf])
    part, conformance, why = pdfa_id(xmp if rc == 0 else "")
    r.check(part == "2", "PDF/A: XMP pdfaid:part = 2 (found %s%s)"
            % (part or "none", conformance or ""), [why] if why else [])

    if expects:
        rc, text = run(["pdftotext", "-enc", "UTF-8", pdf, "-"])
        flat = squash(text) if rc == 0 else ""
        for e in expects:
            r.check(squash(e) in flat, "text contains %r" % e,
                    [] if rc == 0 else ["pdftotext failed: " + last_line(text)])
    return dict(pages=n_pages, title=title)


def pdfa_id(xmp):
    """(part, conformance, problem) from the XMP packet printed by pdfinfo -meta."""
    start = xmp.find("<x:xmpmeta")
    if start < 0:
        start = xmp.find("<rdf:RDF")
    if start < 0:
        return None, None, "no XMP metadata stream"
    end_tag = "</x:xmpmeta>" if xmp.startswith("<x:xmpmeta", start) else "</rdf:RDF>"
    end = xmp.find(end_tag, start)
    if end < 0:
        return None, None, "XMP packet is truncated"
    try:
        root = etree.fromstring(xmp[start:end + len(end_tag)].encode("utf-8"))
    except etree.XMLSyntaxError as e:
        return None, None, "XMP is not well-formed: %s" % e
    found = {}
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        for name in ("part", "conformance"):
            if el.tag == PDFAID + name and el.text:  # element form
                found.setdefault(name, el.text.strip())
            if el.get(PDFAID + name):  # attribute form
                found.setdefault(name, el.get(PDFAID + name).strip())
    if "part" not in found:
        return None, None, "XMP has no pdfaid:part (not declared PDF/A)"
    return found["part"], ("-" + found["conformance"].lower()) if "conformance" in found else "", None


# --------------------------------------------------------------------------------------- DOCX


def xml_of(z, name):
    return etree.fromstring(z.read(name), etree.XMLParser(resolve_entities=False, no_network=True))


def rels_target(source_part, target):
    base = posixpath.dirname(source_part.replace("_rels/", "").removesuffix(".rels"))
    if target.startswith("/"):
        return target.lstrip("/")
    return posixpath.normpath(posixpath.join(base, target))


def check_docx(r, path):
    print("-- DOCX %s" % path)
    if not os.path.isfile(path):
        r.check(False, "DOCX exists", ["no such file: %s" % path])
        return None
    try:
        z = zipfile.ZipFile(path)
    except zipfile.BadZipFile as e:
        r.check(False, "DOCX is a zip archive", [str(e)])
        return None
    infos = z.infolist()
    names = [i.filename for i in infos]

    check_zip(r, z, infos)

    parts, bad = {}, []
    xml_names = [n for n in names if n.endswith(".xml") or n.endswith(".rels")]
    for n in xml_names:
        try:
            parts[n] = xml_of(z, n)
        except etree.XMLSyntaxError as e:
            bad.append("%s: %s" % (n, e))
    r.check(not bad and bool(parts), "all %d XML parts well-formed" % len(xml_names), bad)

    check_package(r, z, names, parts)

    open_with_python_docx(r, path, parts)

    doc = parts.get("word/document.xml")
    if doc is None:
        r.check(False, "word/document.xml present")
        return None
    check_sections(r, doc)
    check_footers(r, doc, parts)
    for i, tbl in enumerate(t for t in doc.iter(W + "tbl")):
        check_table(r, i, tbl)
    return check_core(r, parts.get("docProps/core.xml"))


def check_zip(r, z, infos):
    stored = ["%s (%d bytes)" % (i.filename, i.file_size) for i in infos
              if i.compress_type == zipfile.ZIP_STORED and i.file_size > TINY_STORED_BYTES]
    other = ["%s (method %d)" % (i.filename, i.compress_type) for i in infos
             if i.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)]
    r.check(not stored and not other,
            "zip: entries deflated (STORED allowed only up to %d bytes)" % TINY_STORED_BYTES,
            stored + other)

    stamps = {}
    for i in infos:
        stamps.setdefault(i.date_time, []).append(i.filename)
        ut = extended_mtime(i.extra)
        if ut is not None:
            stamps.setdefault(("unix", ut), []).append(i.filename + " (extended timestamp)")
    shown = ["%s: %s" % (fmt_stamp(k), ", ".join(v[:4]) + (" ..." if len(v) > 4 else ""))
             for k, v in stamps.items()]
    r.check(len(stamps) == 1, "zip: one fixed timestamp on all %d entries (%s)"
            % (len(infos), fmt_stamp(next(iter(stamps))) if len(stamps) == 1 else "%d different" % len(stamps)),
            [] if len(stamps) == 1 else shown)

    counts = {}
    for i in infos:
        counts[i.filename] = counts.get(i.filename, 0) + 1
    dup = [n for n, c in counts.items() if c > 1]
    r.check(not dup, "zip: no duplicate entry names", dup)

    bad = z.testzip()
    r.check(bad is None, "zip: CRCs correct", [] if bad is None else ["bad CRC: %s" % bad])


def extended_mtime(extra):
    """mtime of the 0x5455 'UT' extra field, if the entry has one."""
    i = 0
    while i + 4 <= len(extra):
        hid = int.from_bytes(extra[i:i + 2], "little")
        size = int.from_bytes(extra[i + 2:i + 4], "little")
        body = extra[i + 4:i + 4 + size]
        if hid == 0x5455 and len(body) >= 5 and body[0] & 1:
            return int.from_bytes(body[1:5], "little", signed=True)
        i += 4 + size
    return None


def fmt_stamp(k):
    if k[0] == "unix":
        return "unix %d" % k[1]
    return "%04d-%02d-%02d %02d:%02d:%02d" % k


def check_package(r, z, names, parts):
    """Every internal relationship points at a part that exists; every part has a content type."""
    present = set(names)
    missing = []
    for rel_name in [n for n in names if n.endswith(".rels")]:
        root = parts.get(rel_name)
        if root is None:
            continue
        for rel in root.iter(REL_NS + "Relationship"):
            if rel.get("TargetMode") == "External":
                continue
            target = rels_target(rel_name, rel.get("Target", ""))
            if target not in present:
                missing.append("%s: %s -> %s (type %s) is not in the package"
                               % (rel_name, rel.get("Id"), target, rel.get("Type", "").rsplit("/", 1)[-1]))
    r.check(not missing, "package: every relationship target exists", missing)

    ct = parts.get("[Content_Types].xml")
    problems = []
    if ct is None:
        problems.append("[Content_Types].xml missing")
    else:
        defaults = {d.get("Extension", "").lower() for d in ct.iter(CT_NS + "Default")}
        overrides = {o.get("PartName", "").lstrip("/") for o in ct.iter(CT_NS + "Override")}
        for n in names:
            if n == "[Content_Types].xml" or n.endswith("/"):
                continue
            if n not in overrides and n.rsplit(".", 1)[-1].lower() not in defaults:
                problems.append("no content type for %s" % n)
        for o in sorted(overrides - present):
            problems.append("Override for absent part /%s" % o)
    r.check(not problems, "package: [Content_Types].xml matches the parts", problems)


def open_with_python_docx(r, path, parts):
    try:
        import docx  # python-docx
    except ImportError as e:
        r.check(False, "python-docx opens the file", ["python-docx not installed: %s" % e])
        return
    try:
        d = docx.Document(path)
        n_tables, n_sections = len(d.tables), len(d.sections)
        odd_even = d.settings.odd_and_even_pages_header_footer
        title = d.core_properties.title
    except Exception as e:  # any exception here is what a user of python-docx would hit
        r.check(False, "python-docx opens the file", ["%s: %s" % (type(e).__name__, e)])
        return
    # python-docx must see what the XML says (catches parts it cannot resolve)
    doc = parts.get("word/document.xml")
    body = doc.find(W + "body") if doc is not None else None
    xml_tables = len(body.findall(W + "tbl")) if body is not None else -1
    r.check(n_tables == xml_tables, "python-docx opens the file (%d section(s), %d table(s), "
            "odd/even footers %s, title %r)" % (n_sections, n_tables, odd_even, title),
            [] if n_tables == xml_tables else ["python-docx sees %d tables, XML has %d" % (n_tables, xml_tables)])


def twips(el, attr):
    v = el.get(W + attr) if el is not None else None
    try:
        return int(v)
    except (TypeError, ValueError):
        return None


def mm(v):
    return None if v is None else v / TWIPS_PER_MM


def fmt_mm(v):
    return "?" if v is None else "%.2f" % v


def sections(doc):
    """Every w:sectPr that defines a section (paragraph-level ones, then the body's last one)."""
    body = doc.find(W + "body")
    out = [p for p in doc.iter(W + "pPr") if p.find(W + "sectPr") is not None]
    out = [p.find(W + "sectPr") for p in out]
    last = body.find(W + "sectPr") if body is not None else None
    if last is not None:
        out.append(last)
    return out


def check_sections(r, doc):
    secs = sections(doc)
    if not secs:
        r.check(False, "section properties present (w:sectPr)")
        return
    for k, s in enumerate(secs):
        label = "section %d: " % (k + 1) if len(secs) > 1 else ""
        sz, mar = s.find(W + "pgSz"), s.find(W + "pgMar")
        w, h = mm(twips(sz, "w")), mm(twips(sz, "h"))
        orient = sz.get(W + "orient") if sz is not None else None
        ok = w is not None and h is not None and abs(w - A4_MM[0]) <= MM_TOL and abs(h - A4_MM[1]) <= MM_TOL \
            and orient in (None, "portrait")
        r.check(ok, "%spage size A4 portrait (%s x %s mm%s; want 210 x 297 +/-%.1f)"
                % (label, fmt_mm(w), fmt_mm(h), ", " + orient if orient else "", MM_TOL))
        got = {k2: mm(twips(mar, k2)) for k2 in MARGINS_MM}
        off = ["%s %s mm, want %.1f" % (k2, fmt_mm(got[k2]), want) for k2, want in MARGINS_MM.items()
               if got[k2] is None or abs(got[k2] - want) > MM_TOL]
        gutter = twips(mar, "gutter") or 0
        if gutter:
            off.append("gutter %s mm, want 0" % fmt_mm(mm(gutter)))
        r.check(not off, "%smargins top/bottom/left/right %s mm (want 33.6/35/28/26 +/-%.1f: the top is the first line box's, whose glyphs start at 37)"
                % (label, "/".join(fmt_mm(got[k2]) for k2 in MARGINS_MM), MM_TOL), off)


def check_footers(r, doc, parts):
    settings = parts.get("word/settings.xml")
    eo = settings.find(W + "evenAndOddHeaders") if settings is not None else None
    on = eo is not None and eo.get(W + "val", "true") not in ("false", "0", "off")
    # with evenAndOddHeaders on, each section needs both a default (odd) and an even footer,
    # otherwise even pages print without a page number
    problems = []
    for k, s in enumerate(sections(doc)):
        kinds = {f.get(W + "type", "default") for f in s.findall(W + "footerReference")}
        for need in ("default", "even"):
            if need not in kinds:
                problems.append("section %d has no %s footer" % (k + 1, need))
    r.check(on and not problems, "odd/even footers: settings evenAndOddHeaders %s, footers %s"
            % ("on" if on else "OFF", "default+even" if not problems else "incomplete"), problems)


def check_table(r, index, tbl):
    """Grid size, header rows and merged regions of one table, from the XML itself."""
    grid = len(tbl.findall(W + "tblGrid/" + W + "gridCol"))
    rows = tbl.findall(W + "tr")
    problems = []
    cells = []  # per row: list of [col, span, vmerge, text]
    header = []
    for ri, tr in enumerate(rows):
        trpr = tr.find(W + "trPr")
        gb = twips(trpr.find(W + "gridBefore") if trpr is not None else None, "val") or 0
        ga = twips(trpr.find(W + "gridAfter") if trpr is not None else None, "val") or 0
        th = trpr.find(W + "tblHeader") if trpr is not None else None
        if th is not None and th.get(W + "val", "true") not in ("false", "0", "off"):
            header.append(ri)
        col, row = gb, []
        for tc in tr.findall(W + "tc"):
            tcpr = tc.find(W + "tcPr")
            span = twips(tcpr.find(W + "gridSpan") if tcpr is not None else None, "val") or 1
            vm = tcpr.find(W + "vMerge") if tcpr is not None else None
            vmerge = None if vm is None else (vm.get(W + "val") or "continue")
            text = "".join(t.text or "" for t in tc.iter(W + "t"))
            row.append([col, span, vmerge, text])
            col += span
        if col + ga != grid:
            problems.append("row %d spans %d grid columns, table grid has %d" % (ri, col + ga, grid))
        cells.append(row)

    merged = []
    for ri, row in enumerate(cells):
        for col, span, vmerge, text in row:
            if vmerge == "continue":
                above = [c for c in cells[ri - 1] if c[0] == col] if ri > 0 else []
                if not above or above[0][1] != span or above[0][2] is None:
                    problems.append("row %d col %d continues a vertical merge with nothing to continue"
                                    % (ri, col))
                continue
            rowspan = 1
            if vmerge == "restart":
                for below in cells[ri + 1:]:
                    nxt = [c for c in below if c[0] == col and c[1] == span and c[2] == "continue"]
                    if not nxt:
                        break
                    rowspan += 1
            if rowspan > 1 or span > 1:
                merged.append((ri, col, rowspan, span, text))

    if header and header != list(range(len(header))):
        problems.append("header rows %s are not the leading rows (Word repeats only leading ones)" % header)
    details = ["(r%d,c%d) %dx%d %s" % (a, b, c, d, (t[:24] + "...") if len(t) > 24 else t)
               for a, b, c, d, t in merged]
    r.check(not problems, "table %d: %d rows x %d cols, header rows %s, %d merged region(s)"
            % (index + 1, len(rows), grid, header or "none", len(merged)), problems + details)


def check_core(r, core):
    if core is None:
        r.check(False, "core properties present (docProps/core.xml)")
        return None
    title = (core.findtext(DC + "title") or "").strip()
    author = (core.findtext(DC + "creator") or "").strip()
    created = (core.findtext(DCTERMS + "created") or "").strip()
    when, why = None, None
    try:
        when = dt.datetime.fromisoformat(created.replace("Z", "+00:00"))
    except ValueError:
        why = "created %r is not a W3CDTF date" % created
    if when is not None and when.year <= 1970:
        why = "created date %s is the epoch / a zero date" % created
    problems = ([] if title else ["dc:title empty"]) + ([] if author else ["dc:creator empty"]) \
        + ([why] if why else [])
    r.check(not problems, "core properties: title %r, author %r, created %s"
            % (title, author, created or "none"), problems)
    return dict(title=title)


# ---------------------------------------------------------------------------------- LibreOffice


def layout_lines(pdf):
    rc, out = run(["pdftotext", "-layout", "-enc", "UTF-8", pdf, "-"])
    if rc != 0:
        return None
    return [l for l in (squash(x) for x in out.splitlines()) if len(l) >= LO_MIN_LINE]


R_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
FONT_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/font"
OBFUSCATED_FONT = "application/vnd.openxmlformats-officedocument.obfuscatedFont"


def font_key(guid):
    """The 16 key bytes of a w:fontKey: the GUID's bytes as written, reversed (17.8.1)."""
    digits = re.sub(r"[{}-]", "", guid)
    if not re.fullmatch(r"[0-9A-Fa-f]{32}", digits):
        return None
    return bytes.fromhex(digits)[::-1]


def sfnt_family(data):
    """The family names (name ID 1, Windows Unicode records) of a TrueType font, or None."""
    import struct
    if len(data) < 12 or data[:4] not in (b"\x00\x01\x00\x00", b"true"):
        return None
    count = struct.unpack(">H", data[4:6])[0]
    tables = {}
    for i in range(count):
        rec = data[12 + 16 * i: 28 + 16 * i]
        if len(rec) < 16:
            return None
        tag, _, off, length = struct.unpack(">4sIII", rec)
        tables[tag] = (off, length)
    if b"cmap" not in tables or b"glyf" not in tables or b"name" not in tables:
        return None
    off, length = tables[b"name"]
    name = data[off:off + length]
    _, n, storage = struct.unpack(">HHH", name[:6])
    families = set()
    for i in range(n):
        pid, eid, _, nid, ln, so = struct.unpack(">HHHHHH", name[6 + 12 * i: 18 + 12 * i])
        if pid == 3 and eid == 1 and nid == 1:
            families.add(name[storage + so: storage + so + ln].decode("utf-16-be", "replace"))
    return families


def check_embedded_fonts(r, path):
    """Every w:embedRegular/w:embedBold names a font part that, de-obfuscated with its key, is a
    TrueType font whose family is the font table's name; the content type and settings say so."""
    print("-- embedded fonts")
    z = zipfile.ZipFile(path)
    names = set(z.namelist())
    problems, fonts = [], 0
    table = etree.fromstring(z.read("word/fontTable.xml"))
    rels = {}
    if "word/_rels/fontTable.xml.rels" in names:
        for rel in etree.fromstring(z.read("word/_rels/fontTable.xml.rels")).iter(REL_NS + "Relationship"):
            if rel.get("Type") != FONT_REL:
                problems.append("relationship %s is not of the font type" % rel.get("Id"))
            rels[rel.get("Id")] = posixpath.normpath(posixpath.join("word", rel.get("Target", "")))
    for font in table.iter(W + "font"):
        family = font.get(W + "name")
        for kind in ("embedRegular", "embedBold", "embedItalic", "embedBoldItalic"):
            for e in font.iter(W + kind):
                fonts += 1
                part = rels.get(e.get(R_NS + "id"))
                key = font_key(e.get(W + "fontKey") or "")
                if part not in names or key is None:
                    problems.append("%s %s: part %s, key %s" % (family, kind, part, e.get(W + "fontKey")))
                    continue
                data = bytearray(z.read(part))
                for i in range(min(32, len(data))):
                    data[i] ^= key[i % 16]
                fams = sfnt_family(bytes(data))
                if fams is None:
                    problems.append("%s %s (%s) is not a TrueType font once de-obfuscated" % (family, kind, part))
                elif fams != {family}:
                    problems.append("%s %s (%s) calls itself %s" % (family, kind, part, sorted(fams)))
    r.check(fonts > 0 and not problems, "%d embedded fonts de-obfuscate to TrueType fonts named as the "
            "font table names them" % fonts, problems)
    ct = z.read("[Content_Types].xml").decode()
    settings = z.read("word/settings.xml").decode()
    r.check(OBFUSCATED_FONT in ct and "<w:embedTrueTypeFonts/>" in settings,
            "the odttf content type and w:embedTrueTypeFonts are declared")


def check_libreoffice(r, docx_path, pdf, our_pages, threshold, keep, embedded=False):
    print("-- LibreOffice comparison")
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if not soffice:
        r.check(False, "LibreOffice converts the .docx", ["soffice not found on PATH"])
        return
    work = tempfile.mkdtemp(prefix="gongwen-lo-")
    try:
        profile = pathlib.Path(work, "profile").as_uri()
        outdir = os.path.join(work, "out")
        rc, out = run([soffice, "-env:UserInstallation=" + profile, "--headless", "--norestore",
                       "--convert-to", "pdf", "--outdir", outdir, os.path.abspath(docx_path)], timeout=300)
        lo_pdf = os.path.join(outdir, pathlib.Path(docx_path).stem + ".pdf")
        if not r.check(os.path.isfile(lo_pdf), "LibreOffice converts the .docx",
                       [] if os.path.isfile(lo_pdf) else ["exit %d: %s" % (rc, out.strip()[-400:])]):
            return
        if keep:
            os.makedirs(keep, exist_ok=True)
            shutil.copy(lo_pdf, os.path.join(keep, pathlib.Path(docx_path).stem + ".libreoffice.pdf"))
        if embedded:
            rc, out = run(["pdffonts", lo_pdf])
            drawn = [l.split()[0] for l in out.splitlines()[2:] if l.strip()]
            other = [f for f in drawn if "-Gongwen" not in f]
            r.check(rc == 0 and drawn and not other,
                    "LibreOffice draws with the embedded fonts only (%d fonts)" % len(drawn), other)
        _, _, info = pdfinfo(lo_pdf)
        lo_pages = int(info["Pages"]) if info.get("Pages", "").isdigit() else None
        r.check(lo_pages is not None and lo_pages == our_pages,
                "page count: ours %s, LibreOffice %s" % (our_pages, lo_pages))
        ours, theirs = layout_lines(pdf), layout_lines(lo_pdf)
        if ours is None or theirs is None:
            r.check(False, "line agreement with LibreOffice", ["pdftotext -layout failed"])
            return
        theirs_set = set(theirs)
        missing = [l for l in ours if l not in theirs_set]
        agree = (len(ours) - len(missing)) / len(ours) if ours else 0.0
        r.check(bool(ours) and agree >= threshold,
                "line agreement with LibreOffice: %.3f (%d of %d lines of >= %d chars; threshold %.2f)"
                % (agree, len(ours) - len(missing), len(ours), LO_MIN_LINE, threshold),
                ["ours only: " + (l[:40] + "..." if len(l) > 40 else l) for l in missing[:5]])
    finally:
        shutil.rmtree(work, ignore_errors=True)


# ------------------------------------------------------------------------------------------ main


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("docx")
    ap.add_argument("pdf")
    ap.add_argument("--expect", action="append", default=[], metavar="TEXT")
    ap.add_argument("--pages", type=int)
    ap.add_argument("--lo", action="store_true")
    ap.add_argument("--lo-threshold", type=float, default=LO_THRESHOLD)
    ap.add_argument("--keep", metavar="DIR")
    ap.add_argument("--embedded-fonts", action="store_true")
    a = ap.parse_args()

    r = Report()
    try:
        pdf = check_pdf(r, a.pdf, a.expect, a.pages)
        docx_core = check_docx(r, a.docx)
        if pdf and docx_core:
            r.check(pdf["title"] == docx_core["title"], "PDF and DOCX carry the same title",
                    [] if pdf["title"] == docx_core["title"] else
                    ["PDF %r, DOCX %r" % (pdf["title"], docx_core["title"])])
        if a.embedded_fonts and docx_core is not None:
            check_embedded_fonts(r, a.docx)
        if a.lo:
            if pdf and pdf["pages"] is not None and os.path.isfile(a.docx):
                check_libreoffice(r, a.docx, a.pdf, pdf["pages"], a.lo_threshold, a.keep,
                                  a.embedded_fonts)
            else:
                r.check(False, "LibreOffice comparison", ["needs a readable .docx and .pdf"])
    except Exception as e:  # a bug in this script must still count, and still end with the summary
        r.check(False, "checker crashed: %s: %s" % (type(e).__name__, e))
    print("%d passed, %d failed" % (r.passed, r.failed))
    sys.exit(1 if r.failed else 0)


if __name__ == "__main__":
    main()
