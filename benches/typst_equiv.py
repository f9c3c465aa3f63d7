#!/usr/bin/env python3
"""Side-by-side comparison for scripts/bench.sh: the specimen document
(fixtures/wenshang-2024.document.json) as a Typst file with the same text,
headings, tables (with their spans) and page setup, compiled by the `typst`
Python package with the bundled fonts only.

    benches/typst_equiv.py write OUT.typ      write the .typ
    benches/typst_equiv.py time OUT.typ N     compile N times in this process,
                                              print the median ms and PDF size
    benches/typst_equiv.py once OUT.typ PDF   compile once (for whole-process timing)
"""
import json
import os
import statistics
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SPECIMEN = os.path.join(ROOT, 'fixtures', 'wenshang-2024.document.json')
FONTS = os.path.join(ROOT, 'fonts')


def esc(s):
    """Typst markup escaping."""
    out = []
    for ch in s:
        if ch in '\\#*_`$<>@[]~/=-+"\'':
            out.append('\\' + ch)
        else:
            out.append(ch)
    return ''.join(out)


def cell(c):
    if isinstance(c, str):
        return f'[{esc(c)}]'
    args = []
    if c.get('colspan', 1) > 1:
        args.append(f"colspan: {c['colspan']}")
    if c.get('rowspan', 1) > 1:
        args.append(f"rowspan: {c['rowspan']}")
    body = f"[{esc(c['text'])}]"
    return f"table.cell({', '.join(args)}){body}" if args else body


def to_typst(doc):
    # GB/T 9704: A4, 版心 156 × 225 mm (top 37, left 28), body 三号 (16 pt) 仿宋,
    # 22 lines of 28 characters; title 二号 (22 pt) 小标宋, headings 黑体 / 楷体
    lines = [
        '#set page(paper: "a4", margin: (top: 37mm, bottom: 35mm, left: 28mm, right: 26mm),',
        '  footer: context align(center, text(size: 14pt, [— #counter(page).display() —])))',
        '#set text(font: ("Liberation Serif", "Noto Serif CJK SC"), size: 16pt, lang: "zh")',
        '#set par(first-line-indent: (amount: 2em, all: true), justify: true, leading: 12.9pt, spacing: 12.9pt)',
        '#set table(stroke: 0.5pt, inset: 3pt)',
        '#show table: set text(size: 10.5pt)',
        '#show table: set par(first-line-indent: 0pt, leading: 4pt)',
        '',
    ]
    for b in doc['blocks']:
        if 'title' in b:
            title = ' \\\n'.join(esc(t) for t in b['title'])
            lines.append('#align(center, text(font: "Noto Serif CJK SC", weight: "bold", size: 22pt)['
                         + title + '])')
            lines.append('#v(16pt)')
        elif 'heading' in b:
            h = b['heading']
            font = 'Noto Sans CJK SC' if h['level'] == 1 else 'Gongwen WenKai'
            lines.append(f'#par(text(font: "{font}")[{esc(h["text"])}])')
        elif 'paragraph' in b:
            p = b['paragraph']
            text = p if isinstance(p, str) else p.get('text', '')
            lines.append(esc(text))
            lines.append('')
        elif 'table' in b:
            t = b['table']
            cols = ', '.join(f'{w}fr' for w in t['widths'])
            cells = []
            for row in t['rows']:
                cells.extend(cell(c) for c in row)
            lines.append(f'#table(columns: ({cols}), align: center + horizon,')
            lines.append('  ' + ',\n  '.join(cells) + ')')
            lines.append('')
        elif 'signature' in b:
            s = b['signature']
            y, m, d = (int(x) for x in s['date'].split('-'))
            lines.append(f'#align(right)[{esc(s["agency"])} \\\n{y}年{m}月{d}日]')
    return '\n'.join(lines) + '\n'


def compile_once(src, pdf=None):
    import typst
    return typst.compile(src, output=pdf, font_paths=[FONTS], ignore_system_fonts=True)


def main():
    cmd = sys.argv[1]
    if cmd == 'write':
        with open(sys.argv[2], 'w', encoding='utf-8') as f:
            f.write(to_typst(json.load(open(SPECIMEN, encoding='utf-8'))))
    elif cmd == 'once':
        compile_once(sys.argv[2], sys.argv[3])
    elif cmd == 'time':
        src, n = sys.argv[2], int(sys.argv[3])
        t0 = time.perf_counter()
        pdf = compile_once(src)  # first compile: loads the fonts
        first = (time.perf_counter() - t0) * 1000
        runs = []
        for _ in range(n):
            t = time.perf_counter()
            pdf = compile_once(src)
            runs.append((time.perf_counter() - t) * 1000)
        import resource
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f'first {first:.1f} ms; median of {n} {statistics.median(runs):.1f} ms '
              f'(min {min(runs):.1f}); pdf {len(pdf) / 1024:.1f} KB; peak RSS {peak:.0f} MB')
    else:
        sys.exit(__doc__)


if __name__ == '__main__':
    main()
