#!/usr/bin/env python3
"""Draws a small synthetic 公文 PDF with its furniture placed exactly where GB/T 9704-2012
puts it, to test scripts/measure_furniture.py before gongwen can build such documents.

    pip install reportlab pillow          # dev-only: measure_furniture.py does not need reportlab
    python3 scripts/tests/make_synthetic_furniture_pdf.py OUT.pdf [--rule-shift MM] [--signers] [--letter]

Page 1: 份号, a red 发文机关标志 whose ink top is at 72 mm, the 发文字号 (centred, or with
--signers on the left with 签发人 on the right), a red rule 156 mm wide whose top is 4 mm
(+ --rule-shift) below the 发文字号's char-box bottom, a title, body lines, "— 1 —".
With --letter page 1 is a 信函 first page instead (mark ink top at 30 mm, red double lines
170 mm long 4 mm under the mark and with their lower edge at 277 mm, no page number).
Page 2: body lines, 署名 + 成文日期 under a seal (fixtures/seals/demo-bureau.png), the 版记
(0.35 / 0.25 / 0.35 mm black rules, the last one's bottom at 262 mm), "— 2 —".

Ink positions (mark top, 一字线 of the page numbers) are computed from the font's outlines
with Pillow, so they are exact to a fraction of a point. Run from the repository root.
"""
import argparse
import os

from PIL import Image, ImageDraw, ImageFont
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

FONT_FILE = 'fonts/LXGWWenKai-Regular.ttf'   # TrueType outlines: reportlab can embed it
FONT = 'SynthKai'
SEAL = 'fixtures/seals/demo-bureau.png'
PAGE_H = 297.0
LEFT, RIGHT, BOTTOM = 28.0, 184.0, 262.0
ZI3 = 16 * 25.4 / 72          # 3号 字 in mm
ZI4 = 14 * 25.4 / 72          # 4号 字 in mm
PT = 25.4 / 72                # mm per point


def ink(text, size_pt):
    """(ink top, ink bottom) of `text` in mm relative to its baseline (negative = above)."""
    # rendered, not ImageFont.getbbox: that box is not the ink for every glyph (for "—" it
    # reaches down to the baseline)
    big = ImageFont.truetype(FONT_FILE, 500)
    img = Image.new('L', (500 * (len(text) + 1), 1500), 0)
    ImageDraw.Draw(img).text((250, 1000), text, font=big, fill=255, anchor='ls')
    x0, y0, x1, y1 = img.getbbox()
    k = size_pt / 500 * PT
    return (y0 - 1000) * k, (y1 - 1000) * k


def width(text, size_pt):
    return pdfmetrics.stringWidth(text, FONT, size_pt) * PT


def descent_mm(size_pt):
    """How far below the baseline pdfplumber puts a char's bottom: the Descent that
    reportlab writes into the font descriptor."""
    return abs(pdfmetrics.getFont(FONT).face.descent) / 1000 * size_pt * PT


class Page:
    def __init__(self, c):
        self.c = c

    def text(self, x_mm, baseline_mm, s, size, red=False):
        self.c.setFillColorRGB(1, 0, 0) if red else self.c.setFillColorRGB(0, 0, 0)
        self.c.setFont(FONT, size)
        self.c.drawString(x_mm * mm, (PAGE_H - baseline_mm) * mm, s)

    def rule(self, x0, x1, top, thickness, red=False):
        self.c.setFillColorRGB(1, 0, 0) if red else self.c.setFillColorRGB(0, 0, 0)
        self.c.rect(x0 * mm, (PAGE_H - top - thickness) * mm, (x1 - x0) * mm, thickness * mm,
                    stroke=0, fill=1)

    def page_number(self, n):
        s = '— %d —' % n
        w = width(s, 14)
        x = RIGHT - ZI4 - w if n % 2 else LEFT + ZI4
        t, b = ink('—', 14)
        baseline = BOTTOM + 7.0 - (t + b) / 2      # the dash's ink centre at 269 mm
        self.text(x, baseline, s, 14)


def body_lines(p, first_baseline, lines):
    for k, s in enumerate(lines):
        p.text(LEFT + 2 * ZI3, first_baseline + k * 10.0, s, 16)
    return first_baseline + (len(lines) - 1) * 10.0


def standard_page(p, rule_shift, signers):
    """份号, red mark with its ink top at 72 mm, 发文字号, red rule 4 mm (+ rule_shift) below
    the 发文字号's char-box bottom, title, body, "— 1 —"."""
    p.text(LEFT, 37.0 + 16 * PT * 0.88, '000001', 16)                 # 份号, line 1
    mark, msize = '某某市示例局文件', 42
    t, b = ink(mark, msize)
    mark_baseline = 72.0 - t                                         # ink top at 72 mm
    p.text((LEFT + RIGHT) / 2 - width(mark, msize) / 2, mark_baseline, mark, msize, red=True)
    dn = '示例发〔2025〕1号'
    dn_baseline = mark_baseline + b + 2 * 10.0 + 10.0                 # 下空二行
    if signers:
        p.text(LEFT + ZI3, dn_baseline, dn, 16)                       # 居左空一字
        s = '签发人：李四　王五'
        p.text(RIGHT - ZI3 - width(s, 16), dn_baseline, s, 16)        # 居右空一字
    else:
        p.text((LEFT + RIGHT) / 2 - width(dn, 16) / 2, dn_baseline, dn, 16)
    dn_bottom = dn_baseline + descent_mm(16)                          # pdfplumber's char bottom
    p.rule(LEFT, RIGHT, dn_bottom + 4.0 + rule_shift, 0.5, red=True)
    title = '某某市示例局关于开展示例工作的通知'
    tb = dn_bottom + 4.5 + 2 * 10.0 + 10.0
    p.text((LEFT + RIGHT) / 2 - width(title, 22) / 2, tb, title, 22)
    p.text(LEFT, tb + 2 * 10.0, '各区县示例局：', 16)
    body_lines(p, tb + 3 * 10.0, ['这是用于测试测量脚本的合成正文，不是真实公文。'] * 6)
    p.page_number(1)


def letter_page(p):
    """10.1: mark ink top 30 mm from the paper edge; red double line (thick over thin) 4 mm
    under the mark, another (thin over thick) whose lower edge is 20 mm above the bottom
    edge; both 170 mm, centred on the page; 发文字号 flush right; no page number."""
    mark, msize = '某某市示例局', 36
    t, b = ink(mark, msize)
    base = 30.0 - t
    p.text(105.0 - width(mark, msize) / 2, base, mark, msize, red=True)
    y = base + b + 4.0
    p.rule(20, 190, y, 0.6, red=True)
    p.rule(20, 190, y + 1.0, 0.3, red=True)
    p.rule(20, 190, 277.0 - 1.6, 0.3, red=True)
    p.rule(20, 190, 277.0 - 0.6, 0.6, red=True)
    dn = '示例函〔2025〕8号'
    p.text(RIGHT - width(dn, 16), y + 1.3 + 4.94 + 16 * PT * 0.88, dn, 16)
    body_lines(p, y + 40.0, ['这是用于测试测量脚本的合成信函正文。'] * 6)


def last_page(p):
    """Body lines, 署名 + 成文日期 under a seal, the 版记, "— 2 —"."""
    c = p.c
    last = body_lines(p, 37.0 + 14.0, ['第二页的合成正文。'] * 4)
    last_bottom = last + descent_mm(16)
    date = '2025年3月1日'
    date_x1 = RIGHT - 4 * ZI3                                          # 右空四字
    date_x0 = date_x1 - width(date, 16)
    name = '某某市示例局'
    cx = (date_x0 + date_x1) / 2                                       # 署名 centred on the date
    seal_top = last_bottom + 3.0
    name_baseline = seal_top + 20.0
    date_baseline = name_baseline + 10.0
    c.drawImage(SEAL, (cx - 21) * mm, (PAGE_H - seal_top - 42) * mm, 42 * mm, 42 * mm, mask='auto')
    p.text(cx - width(name, 16) / 2, name_baseline, name, 16)
    p.text(date_x0, date_baseline, date, 16)
    # 版记, bottom up: thick rule on the 版心 bottom, 印发 row, thin rule, 抄送 row, thick rule
    y = BOTTOM - 0.35
    p.rule(LEFT, RIGHT, y, 0.35)
    p.text(LEFT + ZI4, y - 2.2, '某某市示例局办公室', 14)
    s = '2025年3月3日印发'
    p.text(RIGHT - ZI4 - width(s, 14), y - 2.2, s, 14)
    y -= 8.0
    p.rule(LEFT, RIGHT, y, 0.25)
    p.text(LEFT + ZI4, y - 2.2, '抄送：市委办公室，市人大常委会办公室，市政协办公室。', 14)
    y -= 8.0
    p.rule(LEFT, RIGHT, y, 0.35)
    p.page_number(2)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('out')
    ap.add_argument('--rule-shift', type=float, default=0.0, help='move the red rule down (mm)')
    ap.add_argument('--signers', action='store_true', help='上行文 layout with 签发人')
    ap.add_argument('--letter', action='store_true',
                    help='信函 page 1 instead: mark at 30 mm, red double lines, no page number')
    args = ap.parse_args()
    pdfmetrics.registerFont(TTFont(FONT, FONT_FILE))
    c = canvas.Canvas(args.out, pagesize=(210 * mm, 297 * mm))
    p = Page(c)
    if args.letter:
        letter_page(p)
    else:
        standard_page(p, args.rule_shift, args.signers)
    c.showPage()
    last_page(p)
    c.showPage()
    c.save()
    print('wrote %s (rule shift %+.1f mm%s%s)' % (args.out, args.rule_shift,
          ', 签发人' if args.signers else '', ', 信函' if args.letter else ''))


if __name__ == '__main__':
    if not os.path.exists(FONT_FILE):
        raise SystemExit('run from the repository root (needs %s)' % FONT_FILE)
    main()
