#!/usr/bin/env python3
"""Measures a built 公文 PDF against the positions GB/T 9704-2012 gives for its "furniture":
版头 (发文机关标志, 红色分隔线, 签发人), 信函 red double lines, 页码, 版记 and 印章.

    python3 scripts/measure_furniture.py FILE.pdf --format standard|letter|order|minutes \
        [--signers] [--colophon] [--seal] [--expect-pages N]

Prints one line per check, "ok    <check>  measured=…  expected=…" or "FAIL  …", then
"N passed, M failed"; exits 1 when a check failed (2 for a wrong command line).

Needs (CI's conformance step installs them; NOT needed by gongwen itself):
  * pdfplumber and Pillow from PyPI   -> CI: python3 -m pip install ... pdfplumber pillow
  * pdftoppm from poppler-utils      (already in .ci/run's apt line)

How things are measured
  * Coordinates are millimetres from the paper's top-left corner (1 pt = 25.4/72 mm).
  * Text comes from pdfplumber: each char has x0/x1, top/bottom and a fill colour. A char's
    box is its *em box* as pdfminer places it: bottom = baseline + |Descent| x size, where
    Descent is the font descriptor's value; top = bottom - size. It is not the ink.
  * Ink (where a glyph box is not good enough: the top edge of the 发文机关标志, the
    一字线 of a page number) comes from a raster made with `pdftoppm`, read with Pillow.
  * Rules are pdfplumber `lines` (thickness = stroke width) and thin `rects` (a filled
    rectangle's thickness is its height). Colour: stroke colour for lines and stroked
    rects, fill colour for filled rects.
Numbers that the standard gives are constants below with the clause they come from. Numbers
the standard leaves open (thickness of the red line, where "20 mm above the edge" is taken
for the 信函 lower double line, what "一行之内" is in mm) are marked [reading] with the
reading chosen.
"""
import argparse
import glob
import os
import re
import subprocess
import sys
import tempfile

try:
    import pdfplumber
    from PIL import Image, ImageChops
except ImportError as e:  # pragma: no cover
    sys.exit('measure_furniture: %s (pip install pdfplumber pillow)' % e)

MM_PER_PT = 25.4 / 72

# ---- GB/T 9704-2012 numbers -------------------------------------------------------------
PAGE_W, PAGE_H = 210.0, 297.0            # 5.1 A4
BLOCK_LEFT, BLOCK_RIGHT = 28.0, 184.0    # 5.2.1 订口 28 mm, 版心宽 156 mm
BLOCK_TOP, BLOCK_BOTTOM = 37.0, 262.0    # 5.2.1 天头 37 mm, 版心高 225 mm
BLOCK_W = BLOCK_RIGHT - BLOCK_LEFT       # 156
BLOCK_CX = (BLOCK_LEFT + BLOCK_RIGHT) / 2  # 106
ZI_3 = 16 * MM_PER_PT                    # 3号 = 16 pt: one 字 of body-size text, 5.644 mm
ZI_4 = 14 * MM_PER_PT                    # 4号 = 14 pt: 页码 (7.5) and 版记 (7.4) size, 4.939 mm

# 7.2.4 标志上边缘至版心上边缘 35 mm; 10.2 命令 20 mm; 10.3 纪要 35 mm; 10.1 信函: 30 mm from
# the paper's top edge (not from the 版心).
MARK_TOP = {'standard': BLOCK_TOP + 35, 'minutes': BLOCK_TOP + 35,
            'order': BLOCK_TOP + 20, 'letter': 30.0}
SEPARATOR_GAP = 4.0        # 7.2.7 发文字号之下 4 mm 处 … 红色分隔线
LETTER_LINE_LEN = 170.0    # 10.1 线长均为 170 mm
LETTER_LINE_GAP = 4.0      # 10.1 发文机关标志下 4 mm 处印一条红色双线
LETTER_LOWER_LINE = PAGE_H - 20.0  # 10.1 距下页边 20 mm 处印一条红色双线 -> 277 mm
# [reading] the brief centres the 170 mm lines on the page (x 20-190); gbt9704-elements.md
# reads "居中" as centred on the 版心 (x 21-191). The two readings are exactly 1 mm apart, the
# tolerance, so a PDF made to one passes the other only at the edge; change here if needed.
# gongwen centres them on the 版心, like the mark (x 21-191).
LETTER_LINE_X0 = BLOCK_LEFT + (BLOCK_W - LETTER_LINE_LEN) / 2
PAGE_NUMBER_GAP = 7.0      # 7.5 一字线上距版心下边缘 7 mm
# [reading] by default the *ink of the dash* (一字线) is measured, its vertical centre. gongwen's
# current writer and the Typst specimen put the top of the page number's line/em box at 7 mm
# instead (dash ink then at ~272 mm): --page-number-ref box measures that reading.
COLOPHON_THICK = 0.35      # 7.4.1 首条、末条分隔线 推荐高度 0.35 mm
COLOPHON_THIN = 0.25       # 7.4.1 中间的分隔线 推荐高度 0.25 mm
# 7.3.5.1 印章顶端应当上距正文（或附件说明）一行之内: one line is the body's line pitch,
# 225 mm / 22 lines = 10.2 mm
SEAL_GAP_MAX = 225.0 / 22
DATE_RIGHT_INDENT = 4 * ZI_3  # 7.3.5.1 成文日期一般右空四字

# ---- tolerances (from the brief; [own] where the brief gave none) ----------------------
TOL_PAGE = 0.5
TOL_MARK = 1.0
TOL_RULE_LEN = 1.0
TOL_RULE_GAP = 0.5
TOL_BASELINE = 0.5
TOL_INDENT = 0.7           # [own] 签发人/发文字号 1-字 indents; covers 5.57 vs 5.64 mm per 字
TOL_PN_Y = 1.0
TOL_PN_X = 1.5
TOL_COLOPHON_Y = 0.5
TOL_THICKNESS = 0.1
TOL_SEAL_X = 3.0
TOL_ORDER = 1.5            # [own] 签名章 row of the 命令 format

DPI_PAGE1 = 300            # raster for the 发文机关标志 (0.085 mm per pixel)
DPI_PAGES = 150            # raster for page numbers (0.17 mm per pixel)

DATE_LINE = re.compile(r'^\d{4}年\d{1,2}月\d{1,2}日$')
PAGE_NUMBER = re.compile(r'^[—―–\-－]+(\d+)[—―–\-－]+$')
DOC_NUMBER = {  # how to find the 发文字号 (or 令号 / 期号) line on page 1
    'standard': re.compile(r'〔\d{4}〕.*号'),
    'letter': re.compile(r'〔\d{4}〕.*号'),
    'order': re.compile(r'^第\d+号$'),
    'minutes': re.compile(r'(〔\d{4}〕.*号|第\d+期)'),
}


def mm(pt):
    return pt * MM_PER_PT


# ---- results ----------------------------------------------------------------------------
class Report:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, name, ok, measured, expected):
        print('%-5s %s  measured=%s  expected=%s' % ('ok' if ok else 'FAIL', name, measured, expected))
        if ok:
            self.passed += 1
        else:
            self.failed += 1
        return ok

    def near(self, name, value, target, tol, unit='mm'):
        ok = value is not None and abs(value - target) <= tol
        shown = 'none' if value is None else '%.2f%s' % (value, unit)
        return self.check(name, ok, shown, '%.2f%s ±%g' % (target, unit, tol))

    def fail(self, name, why, expected):
        return self.check(name, False, why, expected)


# ---- colours ------------------------------------------------------------------------------
def to_rgb(colour):
    """pdfplumber colour (gray, RGB or CMYK tuple in 0..1, or None) -> (r, g, b) in 0..1."""
    if colour is None:
        return (0.0, 0.0, 0.0)         # the PDF default fill and stroke colour is black
    if isinstance(colour, (int, float)):
        colour = (colour,)
    try:
        c = [float(v) for v in colour]
    except (TypeError, ValueError):
        return None                    # pattern or other colour space we don't read
    if len(c) == 1:
        return (c[0], c[0], c[0])
    if len(c) == 3:
        return tuple(c)
    if len(c) == 4:
        k = c[3]
        return tuple((1 - v) * (1 - k) for v in c[:3])
    return None


def is_red(colour):
    rgb = to_rgb(colour)   # CMYK 0/80/80/0 (6.2) -> (1, .2, .2) also counts
    return rgb is not None and rgb[0] > 0.7 and rgb[1] < 0.4 and rgb[2] < 0.4


def is_black(colour):
    rgb = to_rgb(colour)
    return rgb is not None and max(rgb) < 0.3


# ---- text lines ---------------------------------------------------------------------------
class Line:
    """Chars sharing a baseline (±1 pt). All values in mm."""

    def __init__(self, chars, page_h):
        self.chars = sorted(chars, key=lambda c: c['x0'])
        self.x0 = mm(min(c['x0'] for c in chars))
        self.x1 = mm(max(c['x1'] for c in chars))
        self.top = mm(min(c['top'] for c in chars))
        self.bottom = mm(max(c['bottom'] for c in chars))
        self.baseline = mm(page_h - chars[0]['matrix'][5]) if 'matrix' in chars[0] else self.bottom
        self.text = ''.join(c['text'] for c in self.chars)
        self.plain = re.sub(r'\s+', '', self.text)

    def segments(self, gap_mm=8.0):
        """Splits the line where two neighbouring chars are more than gap_mm apart
        (names side by side in a joint signature). Returns lists of chars."""
        out, cur = [], [self.chars[0]]
        for c in self.chars[1:]:
            if mm(c['x0'] - cur[-1]['x1']) > gap_mm and c['text'].strip():
                out.append(cur)
                cur = [c]
            elif c['text'].strip():
                cur.append(c)
        out.append(cur)
        return out

    def __repr__(self):
        return 'Line(%r @%.1fmm)' % (self.text, self.baseline)


def baseline_pt(c):
    return c['matrix'][5] if 'matrix' in c else -c['bottom']


def text_lines(page, chars=None):
    chars = [c for c in (page.chars if chars is None else chars)
             if c.get('upright', True) and c['text'].strip()]
    chars.sort(key=lambda c: (-baseline_pt(c), c['x0']))
    groups = []
    for c in chars:
        if groups and abs(baseline_pt(groups[-1][0]) - baseline_pt(c)) <= 1.0:
            groups[-1].append(c)
        else:
            groups.append([c])
    return [Line(g, float(page.height)) for g in groups]


# ---- rules --------------------------------------------------------------------------------
class Rule:
    """A horizontal line or thin rectangle, in mm: x0, x1, top, bottom (outer edges of the
    ink), thickness, and colour ('red', 'black' or 'other')."""

    def __init__(self, x0, x1, top, bottom, colour):
        self.x0, self.x1, self.top, self.bottom = x0, x1, top, bottom
        self.thickness = bottom - top
        self.width = x1 - x0
        self.colour = colour

    def __repr__(self):
        return 'Rule(%s x %.1f-%.1f y %.2f-%.2f)' % (self.colour, self.x0, self.x1, self.top, self.bottom)


def colour_name(colour):
    return 'red' if is_red(colour) else 'black' if is_black(colour) else 'other'


def horizontal_rules(page, max_thickness=2.0, min_width=20.0):
    rules = []
    for ln in page.lines:
        if abs(ln['top'] - ln['bottom']) > 0.1:   # not horizontal
            continue
        # krilla leaves out the PDF default width (1 pt), which pdfplumber reports as 0
        lw = ln.get('linewidth') or 1.0
        y = ln['top']
        rules.append(Rule(mm(ln['x0']), mm(ln['x1']), mm(y - lw / 2), mm(y + lw / 2),
                          colour_name(ln.get('stroking_color'))))
    for r in page.rects:
        if r.get('fill'):
            colour = r.get('non_stroking_color')
            lw = 0
        else:
            colour = r.get('stroking_color')
            lw = r.get('linewidth') or 0
        rules.append(Rule(mm(r['x0'] - lw / 2), mm(r['x1'] + lw / 2), mm(r['top'] - lw / 2),
                          mm(r['bottom'] + lw / 2), colour_name(colour)))
    return [r for r in rules if r.thickness <= max_thickness and r.width >= min_width]


# ---- raster -------------------------------------------------------------------------------
class Raster:
    """pdftoppm renderings, made on demand and cached: page (1-based) -> RGB image."""

    def __init__(self, path):
        self.path = path
        self.tmp = tempfile.mkdtemp(prefix='measure-furniture-')
        self.cache = {}

    def page(self, n, dpi):
        key = (n, dpi)
        if key not in self.cache:
            prefix = os.path.join(self.tmp, 'p%d-%d' % (n, dpi))
            subprocess.run(['pdftoppm', '-r', str(dpi), '-f', str(n), '-l', str(n), '-png',
                            '-singlefile', self.path, prefix], check=True)
            self.cache[key] = Image.open(prefix + '.png').convert('RGB')
        return self.cache[key]

    def cleanup(self):
        for f in glob.glob(os.path.join(self.tmp, '*')):
            os.remove(f)
        os.rmdir(self.tmp)


def row_profile(mask):
    """For each row of an 'L' mask: does it have a set pixel? -> list of booleans."""
    return [bool(v) for v in mask.getprojection()[1]]


def red_mask(img):
    """'L' mask of the red pixels: R > 200, G < 80, B < 80."""
    r, g, b = img.split()
    mr = r.point(lambda v: 255 if v > 200 else 0)
    mg = g.point(lambda v: 255 if v < 80 else 0)
    mb = b.point(lambda v: 255 if v < 80 else 0)
    return ImageChops.multiply(ImageChops.multiply(mr, mg), mb)


def first_ink_band(rows, start=0, max_gap_px=0):
    """(first, last) row of the first run of set rows at or after `start`, a run ending at a
    gap longer than max_gap_px rows. None when nothing is set."""
    first = next((i for i in range(start, len(rows)) if rows[i]), None)
    if first is None:
        return None
    last, gap = first, 0
    for i in range(first + 1, len(rows)):
        if rows[i]:
            last, gap = i, 0
        else:
            gap += 1
            if gap > max_gap_px:
                break
    return first, last


# ---- the checks ---------------------------------------------------------------------------
def check_page_size(pdf, rep):
    """5.1: every page is A4."""
    bad = [(i + 1, mm(p.width), mm(p.height)) for i, p in enumerate(pdf.pages)
           if abs(mm(p.width) - PAGE_W) > TOL_PAGE or abs(mm(p.height) - PAGE_H) > TOL_PAGE]
    p = pdf.pages[0]
    measured = '%.1fx%.1fmm' % (mm(p.width), mm(p.height)) if not bad else \
        'page %d is %.1fx%.1fmm' % bad[0]
    rep.check('page size A4', not bad, measured, '210x297mm ±%g' % TOL_PAGE)


def mark_band(raster, fmt):
    """Top and bottom (mm) of the topmost red ink on page 1: the 发文机关标志. A gap of more
    than 1.5 mm of red-free rows ends it (a stacked joint mark has smaller gaps)."""
    img = raster.page(1, DPI_PAGE1)
    rows = row_profile(red_mask(img))
    px = 25.4 / DPI_PAGE1
    band = first_ink_band(rows, 0, max_gap_px=int(1.5 / px))
    if band is None:
        return None
    return band[0] * px, (band[1] + 1) * px


def check_mark(pdf, raster, fmt, rep):
    """7.2.4 / 10.1 / 10.2 / 10.3: the mark's ink top, and the mark centred on the 版心."""
    band = mark_band(raster, fmt)
    if band is None:
        rep.fail('发文机关标志 top (red ink, page 1)', 'no red ink on page 1', '%.1fmm' % MARK_TOP[fmt])
        return None
    rep.near('发文机关标志 top (red ink, page 1)', band[0], MARK_TOP[fmt], TOL_MARK)
    page = pdf.pages[0]
    # the mark's chars: red text from the ink top down to the first red rule below it (a
    # joint mark's names and its "文件" may lie below the first ink band)
    rules = [r.top for r in horizontal_rules(page) if r.colour == 'red' and r.top > band[1]]
    lowest = min(rules) if rules else band[1] + 3
    red = [c for c in page.chars if c['text'].strip() and is_red(c.get('non_stroking_color'))
           and band[0] - 3 <= mm((c['top'] + c['bottom']) / 2) <= lowest]
    if red:
        x0, x1 = mm(min(c['x0'] for c in red)), mm(max(c['x1'] for c in red))
        rep.near('发文机关标志 centred (red chars x %.1f-%.1f)' % (x0, x1), (x0 + x1) / 2, BLOCK_CX, TOL_MARK)
    else:
        # the mark may be drawn as outlines: fall back to the red ink's horizontal extent
        img = raster.page(1, DPI_PAGE1)
        px = 25.4 / DPI_PAGE1
        box = red_mask(img).crop((0, int(band[0] / px), img.width, int(band[1] / px) + 1)).getbbox()
        cx = (box[0] + box[2]) / 2 * px
        rep.near('发文机关标志 centred (no red text: red ink)', cx, BLOCK_CX, TOL_MARK)
    return band


def find_doc_number(pdf, fmt, below_mm):
    """The 发文字号 (令号, 期号) line: the first line on page 1 below the mark that matches."""
    for line in text_lines(pdf.pages[0]):
        if line.top >= below_mm and DOC_NUMBER[fmt].search(line.plain):
            return line
    return None


def doc_number_chars(line, fmt):
    """The chars of the 发文字号 itself (on a 上行文 line the 签发人 part is to the right)."""
    segs = line.segments(gap_mm=2 * ZI_3)
    for seg in segs:
        if DOC_NUMBER[fmt].search(''.join(c['text'] for c in seg)):
            return seg
    return line.chars


def check_separator(pdf, fmt, band, signers, rep):
    """7.2.7: a red rule as wide as the 版心, its top 4 mm below the 发文字号.
    The 发文字号's bottom is the bottom of its ideographic em box: the baseline plus 0.12 em
    (the em box of a CJK font spans 0.88 em above the baseline and 0.12 below). pdfplumber's
    `bottom` uses the font's declared descent instead, which differs from font to font (Noto's
    hhea descent is 0.29 em), so it is not used."""
    line = find_doc_number(pdf, fmt, band[1] if band else 0)
    if line is None:
        rep.fail('发文字号 line found', 'no line with 〔YYYY〕…号 on page 1', 'one')
        return
    chars = doc_number_chars(line, fmt)
    dn_bottom = max(mm(float(pdf.pages[0].height) - c['matrix'][5]) + mm(0.12 * c['size'])
                    for c in chars)
    red = [r for r in horizontal_rules(pdf.pages[0]) if r.colour == 'red' and r.top > dn_bottom - 1]
    red.sort(key=lambda r: r.top)
    if not red:
        rep.fail('红色分隔线 present', 'no red horizontal rule below the 发文字号', '156mm red rule')
        return
    rule = red[0]
    rep.near('红色分隔线 width', rule.width, BLOCK_W, TOL_RULE_LEN)
    rep.near('红色分隔线 left end', rule.x0, BLOCK_LEFT, TOL_RULE_LEN)
    rep.near('红色分隔线 right end', rule.x1, BLOCK_RIGHT, TOL_RULE_LEN)
    rep.near('红色分隔线 top - 发文字号 bottom (%.2f)' % dn_bottom, rule.top - dn_bottom,
             SEPARATOR_GAP, TOL_RULE_GAP)
    if signers:
        check_signers(pdf, line, chars, rule, rep)


def check_signers(pdf, dn_line, dn_chars, rule, rep):
    """7.2.5 / 7.2.6 上行文: 发文字号 居左空一字 on the line of the last 签发人; 签发人 block
    居右空一字. With more than two signers the 签发人 block has several lines: the 发文字号
    shares the baseline of the last one."""
    page = pdf.pages[0]
    lines = text_lines(page)
    first = next((l for l in lines if '签发人' in l.plain), None)
    if first is None:
        rep.fail('签发人 present', 'no "签发人" on page 1', 'one line')
        return
    dn_x0 = mm(min(c['x0'] for c in dn_chars))
    dn_base = mm(page.height - dn_chars[0]['matrix'][5])
    # the 签发人 block: chars right of the page centre, from the 签发人 line to the red rule
    block = [c for c in page.chars if c['text'].strip() and mm(c['x0']) > BLOCK_CX - 10
             and first.top - 1 <= mm(c['top']) and mm(c['bottom']) <= rule.top]
    block_lines = text_lines(page, block)
    last = max(block_lines, key=lambda l: l.baseline)
    rep.near('签发人 last line baseline = 发文字号 baseline (%d line(s))' % len(block_lines),
             last.baseline - dn_base, 0.0, TOL_BASELINE)
    rep.near('发文字号 left end (居左空一字)', dn_x0, BLOCK_LEFT + ZI_3, TOL_INDENT)
    rep.near('签发人 line right end (居右空一字)', first.x1, BLOCK_RIGHT - ZI_3, TOL_INDENT)


def check_letter_lines(pdf, band, rep):
    """10.1: two red double lines, 170 mm, centred; the first 4 mm below the mark's ink, the
    second 20 mm above the bottom edge. [reading] '20 mm above the edge' is taken at the
    double line's lower edge (its ink nearest the edge)."""
    red = [r for r in horizontal_rules(pdf.pages[0]) if r.colour == 'red' and r.width > 100]
    red.sort(key=lambda r: r.top)
    groups = []                      # rules less than 3 mm apart form one double line
    for r in red:
        if groups and r.top - groups[-1][-1].bottom < 3:
            groups[-1].append(r)
        else:
            groups.append([r])
    if len(groups) < 2:
        rep.fail('信函 red double lines', '%d red line group(s) on page 1' % len(groups), '2')
        return
    upper, lower = groups[0], groups[-1]
    for name, g in (('first', upper), ('second', lower)):
        x0 = min(r.x0 for r in g)
        x1 = max(r.x1 for r in g)
        rep.near('信函 %s double line length' % name, x1 - x0, LETTER_LINE_LEN, TOL_RULE_LEN)
        rep.near('信函 %s double line left end' % name, x0, LETTER_LINE_X0, TOL_RULE_LEN)
        rep.check('信函 %s line is double' % name, len(g) == 2, '%d rule(s)' % len(g), '2 rules')
    if len(upper) == 2:
        rep.check('信函 first double line 上粗下细', upper[0].thickness > upper[1].thickness,
                  '%.2f/%.2fmm' % (upper[0].thickness, upper[1].thickness), 'upper thicker')
    if len(lower) == 2:
        rep.check('信函 second double line 上细下粗', lower[0].thickness < lower[1].thickness,
                  '%.2f/%.2fmm' % (lower[0].thickness, lower[1].thickness), 'lower thicker')
    if band:
        rep.near('信函 first double line top - mark ink bottom (%.2f)' % band[1],
                 upper[0].top - band[1], LETTER_LINE_GAP, TOL_RULE_GAP)
    rep.near('信函 second double line bottom edge', lower[-1].bottom, LETTER_LOWER_LINE, TOL_RULE_GAP)


def page_is_blank(page):
    """No text in the 版心 and nothing drawn (a page number alone still counts as blank)."""
    body = [c for c in page.chars if c['text'].strip() and mm(c['top']) < BLOCK_BOTTOM + 1]
    return not (body or page.images or page.lines or page.rects or page.curves)


def find_page_number(page):
    """The line below the 版心 that reads — N — ; returns (number, Line) or (None, None)."""
    below = [c for c in page.chars if mm(c['top']) > BLOCK_BOTTOM - 1]
    for line in text_lines(page, below):
        m = PAGE_NUMBER.match(line.plain)
        if m:
            return int(m.group(1)), line
    return None, None


def dash_ink_y(raster, n, line):
    """Vertical centre (mm) of the dark ink of the first dash of a page number."""
    img = raster.page(n, DPI_PAGES).convert('L')
    px = 25.4 / DPI_PAGES
    c = line.chars[0]
    box = (int(mm(c['x0']) / px), int(mm(c['top']) / px) - 2, int(mm(c['x1']) / px) + 1,
           int(mm(c['bottom']) / px) + 3)
    dark = img.crop(box).point(lambda v: 255 if v < 128 else 0)
    rows = [i for i, on in enumerate(row_profile(dark)) if on]
    if not rows:
        return None
    return (box[1] + (rows[0] + rows[-1] + 1) / 2) * px


def check_page_numbers(pdf, raster, fmt, ref, rep):
    """7.5: — N — with its 一字线 7 mm below the 版心, odd pages 居右空一字, even pages 居左空一字,
    numbered continuously; no number on a blank page, nor on a 版记 page that follows a blank
    page; 10.1: none on page 1 of a 信函."""
    pages = pdf.pages
    blank = [page_is_blank(p) for p in pages]
    for i, page in enumerate(pages):
        n = i + 1
        num, line = find_page_number(page)
        expect_none = (blank[i] or (fmt == 'letter' and n == 1)
                       or (n == len(pages) and n > 1 and blank[i - 1]))
        if expect_none:
            why = 'blank page' if blank[i] else '信函 page 1' if n == 1 else '版记 page after a blank page'
            rep.check('page %d has no page number (%s)' % (n, why), num is None,
                      'none' if num is None else '— %d —' % num, 'none')
            continue
        if num is None:
            rep.fail('page %d page number present' % n, 'none', '— %d —' % n)
            continue
        rep.check('page %d page number value' % n, num == n, '— %d —' % num, '— %d —' % n)
        if ref == 'dash':
            y, what = dash_ink_y(raster, n, line), '一字线 ink centre y'
        else:
            y, what = line.top, 'char box top y'
        rep.near('page %d page number %s' % (n, what), y, BLOCK_BOTTOM + PAGE_NUMBER_GAP, TOL_PN_Y)
        if n % 2:
            rep.near('page %d (odd) page number right end' % n, line.x1, BLOCK_RIGHT - ZI_4, TOL_PN_X)
        else:
            rep.near('page %d (even) page number left end' % n, line.x0, BLOCK_LEFT + ZI_4, TOL_PN_X)


def check_colophon(pdf, rep):
    """7.4.1: 版记 rules as wide as the 版心, the last one's bottom on the 版心 bottom, thick
    first and last rules, thin ones between; the 版记 is on an even (the last) page. The
    版记's first rule is the nearest rule above its topmost line (主送/抄送/…印发), so table
    borders higher on the page are not counted."""
    n = len(pdf.pages)
    rep.check('版记 page (last page) is even', n % 2 == 0, 'page %d' % n, 'even page')
    page = pdf.pages[-1]
    rules = [r for r in horizontal_rules(page) if r.colour == 'black'
             and abs(r.width - BLOCK_W) <= 3 * TOL_RULE_LEN]
    if not rules:
        rep.fail('版记 rules present', 'no black 156 mm rule on page %d' % n, '2 or 3 rules')
        return
    rules.sort(key=lambda r: r.bottom)
    last = rules[-1]
    rep.near('版记 last rule bottom', last.bottom, BLOCK_BOTTOM, TOL_COLOPHON_Y)
    rep.near('版记 last rule width', last.width, BLOCK_W, TOL_RULE_LEN)
    lines = text_lines(page)
    marks = [l for l in lines if re.match(r'^(主送|抄送)[:：]', l.plain) or l.plain.endswith('印发')]
    if not marks:
        rep.fail('版记 text found', 'no 主送/抄送/…印发 line on page %d' % n, 'one')
        return
    top_text = min(l.top for l in marks)
    above = [r for r in rules if r.bottom <= top_text + 0.5]
    if not above:
        rep.fail('版记 first rule', 'no rule above "%s"' % marks[0].plain[:12], 'a thick rule')
        return
    first = max(above, key=lambda r: r.bottom)
    stack = [r for r in rules if r.top >= first.top - 0.01]
    for k, r in enumerate(stack):
        edge = k in (0, len(stack) - 1)
        target = COLOPHON_THICK if edge else COLOPHON_THIN
        label = 'first' if k == 0 else 'last' if k == len(stack) - 1 else 'middle %d' % k
        rep.near('版记 %s rule thickness' % label, r.thickness, target, TOL_THICKNESS)
        if k:
            rep.near('版记 %s rule width' % label, r.width, BLOCK_W, TOL_RULE_LEN)
    rep.check('版记 rule count', 2 <= len(stack) <= 4, '%d' % len(stack), '2-4')


def find_signature(pdf):
    """(page index, date Line) of the 成文日期: the last line that is only a date and not a
    印发 date."""
    for i in range(len(pdf.pages) - 1, -1, -1):
        for line in reversed(text_lines(pdf.pages[i])):
            if DATE_LINE.match(line.plain):
                return i, line
    return None, None


def overlaps_v(img, line):
    return mm(img['top']) < line.bottom and mm(img['bottom']) > line.top


def check_seal(pdf, fmt, rep):
    """7.3.5.1: each seal 端正、居中下压 its agency name; the last one also the date; the
    first row's top within one line below the body text. 10.2 / 7.3.5.3 for the 命令 format."""
    i, date = find_signature(pdf)
    if date is None:
        rep.fail('成文日期 found', 'no line reading YYYY年M月D日', 'one')
        return
    page = pdf.pages[i]
    images = sorted(page.images, key=lambda im: im['x0'])
    if not rep.check('seal image on the signature page (page %d)' % (i + 1), bool(images),
                     '%d image(s)' % len(images), 'at least 1'):
        return
    rep.near('成文日期 right end (右空四字)', date.x1, BLOCK_RIGHT - DATE_RIGHT_INDENT, TOL_ORDER)
    if fmt == 'order':
        check_signature_stamp(page, date, images, rep)
        return
    lines = text_lines(page)
    names = [l for l in lines if l.bottom <= date.top + 0.5 and date.top - l.bottom < 12]
    if not names:
        rep.fail('署名 above the 成文日期', 'no line just above the date', 'agency name(s)')
        return
    name_line = max(names, key=lambda l: l.bottom)
    segs = [Line(s, float(page.height)) for s in name_line.segments()]
    for k, im in enumerate(images):
        cx = mm(im['x0'] + im['x1']) / 2
        seg = min(segs, key=lambda s: abs((s.x0 + s.x1) / 2 - cx))
        rep.near('seal %d centre x - 署名 "%s" centre' % (k + 1, seg.plain), cx - (seg.x0 + seg.x1) / 2,
                 0.0, TOL_SEAL_X)
        rep.check('seal %d overlaps 署名 vertically' % (k + 1), overlaps_v(im, seg),
                  'y %.1f-%.1f vs %.1f-%.1f' % (mm(im['top']), mm(im['bottom']), seg.top, seg.bottom),
                  'overlap')
    last = images[-1]
    rep.check('last seal overlaps 成文日期 vertically', overlaps_v(last, date),
              'y %.1f-%.1f vs %.1f-%.1f' % (mm(last['top']), mm(last['bottom']), date.top, date.bottom),
              'overlap')
    seal_top = min(mm(im['top']) for im in images)
    body = [l for l in lines if l.bottom <= name_line.top + 0.5 and l is not name_line]
    if not body:
        rep.fail('body text above the seal on page %d' % (i + 1), 'none', 'the last body line (7.3.5.1)')
        return
    last_body = max(body, key=lambda l: l.bottom)
    gap = seal_top - last_body.bottom
    # a negative gap means the seal covers body text
    rep.check('seal top - last body line bottom ("%s")' % last_body.plain[-8:], 0 <= gap <= SEAL_GAP_MAX,
              '%.2fmm' % gap, '0-%gmm' % SEAL_GAP_MAX)


def check_signature_stamp(page, date, images, rep):
    """7.3.5.3 (as 10.2 prescribes): 签名章 右空四字, 职务 左空二字 of it and vertically centred
    on it, 成文日期 下空一行 below it. [own] checks and tolerances: the brief gave none."""
    stamp = max(images, key=lambda im: im['bottom'])
    sx0, sx1 = mm(stamp['x0']), mm(stamp['x1'])
    stop, sbot = mm(stamp['top']), mm(stamp['bottom'])
    rep.near('签名章 right end (右空四字)', sx1, BLOCK_RIGHT - DATE_RIGHT_INDENT, TOL_ORDER)
    rep.check('成文日期 below the 签名章', date.top >= sbot - 0.5, 'date top %.1f' % date.top,
              '>= stamp bottom %.1f' % sbot)
    title = [l for l in text_lines(page) if l.x1 <= sx0 + 0.5 and l.bottom > stop and l.top < sbot]
    if not title:
        rep.fail('签发人职务 left of the 签名章', 'none', 'one line')
        return
    t = title[0]
    rep.near('签发人职务 centred on the 签名章 (y)', (t.top + t.bottom) / 2 - (stop + sbot) / 2, 0.0, TOL_ORDER)
    rep.near('签发人职务 - 签名章 gap (二字)', sx0 - t.x1, 2 * ZI_3, TOL_ORDER)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('pdf')
    ap.add_argument('--format', required=True, choices=['standard', 'letter', 'order', 'minutes'])
    ap.add_argument('--signers', action='store_true', help='上行文: check 签发人 and 发文字号 positions')
    ap.add_argument('--colophon', action='store_true', help='check the 版记 rules on the last page')
    ap.add_argument('--seal', action='store_true', help='check the seal (or 签名章) placement')
    ap.add_argument('--expect-pages', type=int, metavar='N')
    ap.add_argument('--page-number-ref', choices=['dash', 'box'], default='dash',
                    help='what lies 7 mm below the 版心: the dash ink (default, 7.5 "一字线上距版心'
                         '下边缘7mm") or the top of the page number\'s char boxes')
    args = ap.parse_args(argv)

    rep = Report()
    raster = Raster(args.pdf)
    try:
        with pdfplumber.open(args.pdf) as pdf:
            check_page_size(pdf, rep)
            if args.expect_pages is not None:
                rep.check('page count', len(pdf.pages) == args.expect_pages,
                          str(len(pdf.pages)), str(args.expect_pages))
            band = check_mark(pdf, raster, args.format, rep)
            if args.format in ('standard', 'minutes'):
                check_separator(pdf, args.format, band, args.signers, rep)
            if args.format == 'letter':
                check_letter_lines(pdf, band, rep)
            check_page_numbers(pdf, raster, args.format, args.page_number_ref, rep)
            if args.colophon:
                check_colophon(pdf, rep)
            if args.seal:
                check_seal(pdf, args.format, rep)
    finally:
        raster.cleanup()
    print('%d passed, %d failed' % (rep.passed, rep.failed))
    return 1 if rep.failed else 0


if __name__ == '__main__':
    sys.exit(main())
