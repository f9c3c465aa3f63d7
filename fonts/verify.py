#!/usr/bin/env python3
"""Report coverage and metrics of the bundled fonts.

Usage:
    python3 fonts/verify.py [--require-gb2312 FONT ...] [FONT ...]

For every font prints: family name (name ID 1, English), units per em,
outline format (CFF or glyf), glyph count, coverage of the 6763 GB2312 hanzi
and of the 8105 kTGH characters (通用规范汉字表), the rare name characters
present, and the advance widths of U+4E00 '一', '0' and '，' (U+FF0C) in font
units. Fonts given after --require-gb2312 must cover every GB2312 hanzi, or
the script exits 1.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from fontTools.ttLib import TTFont  # noqa: E402

import charset  # noqa: E402


def advance(font, cmap, ch):
    g = cmap.get(ord(ch))
    if g is None:
        return "-"
    return str(font["hmtx"][g][0])


def report(path, gb, tgh):
    font = TTFont(path, lazy=True)
    cmap = font.getBestCmap()
    name = font["name"]
    fam = (name.getName(1, 3, 1, 0x409) or name.getName(1, 1, 0, 0)).toUnicode()
    outlines = "CFF2" if "CFF2" in font else "CFF" if "CFF " in font else "glyf" if "glyf" in font else "?"
    cov_gb = len(gb & cmap.keys())
    cov_tgh = len(tgh & cmap.keys())
    rare = "".join(c for c in charset.RARE_NAMES if ord(c) in cmap)
    print("%s\n  family=%r upem=%d outlines=%s glyphs=%d cmap=%d size=%d bytes\n"
          "  GB2312 hanzi %d/%d  kTGH %d/%d  rare names %r\n"
          "  advance: '一' %s  '0' %s  '，' %s"
          % (os.path.basename(path), fam, font["head"].unitsPerEm, outlines,
             font["maxp"].numGlyphs, len(cmap), os.path.getsize(path),
             cov_gb, len(gb), cov_tgh, len(tgh), rare,
             advance(font, cmap, "\u4e00"), advance(font, cmap, "0"),
             advance(font, cmap, "\uff0c")))
    return cov_gb == len(gb)


def main(argv):
    gb = charset.gb2312_hanzi()
    tgh = charset.tgh()
    ok = True
    required = False
    for a in argv:
        if a == "--require-gb2312":
            required = True
            continue
        full = report(a, gb, tgh)
        if required and not full:
            print("  ERROR: %s does not cover all GB2312 hanzi" % a)
            ok = False
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
