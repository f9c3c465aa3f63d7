#!/usr/bin/env python3
"""Make a bundled CJK font cheap to embed: TrueType outlines, glyphs in the
order they are most used.

Usage:
    python3 fonts/truetype.py IN OUT

1. CFF outlines (the Noto CJK subsets) become TrueType (`glyf`): each cubic
   curve is replaced by quadratics within 1 font unit (1/1000 em, the
   tolerance of fontTools' cu2qu and of gongwen's own conversion for the
   OFD, src/fonts/truetype.rs), contours reversed to TrueType's direction.
   A font that is TrueType already keeps its outlines.
2. The glyphs are renumbered so that the ones a document is likely to use
   come first: .notdef; then glyphs of ASCII, Latin-1, general and CJK
   punctuation and fullwidth forms; the GB2312 level-1 hanzi (the
   3 755 common ones) in GB2312 order; the GB2312 level-2 hanzi; the other
   characters in code point order; last the glyphs no character maps to
   (vertical, locale and width variants reached through OpenType features),
   in their old order. Every table follows the new numbering (fontTools'
   reorderGlyphs, which also keeps coverage tables sorted); metrics, cmap
   and layout features are unchanged.
3. `post` becomes version 3 (no glyph names, which nothing reads).

Why (measured on the specimen report, see BENCHMARKS.md, "Issue 20"):
krilla's CFF subsetter decompiles every subroutine of every glyph it keeps
(28.7 M instructions for the specimen's three CFF faces, 0.02 M for the
TrueType ones) and drawing a CFF glyph to find the font's bounding box costs
three times a TrueType one; and a glyph's outline is read from the binary
the fonts are compiled into, where the kernel maps 64 KB around every page
read, so glyphs used together should lie together: with the old order the
specimen mapped 13 MB of glyph outlines to read 650 glyphs.

Output is deterministic for the same input and fontTools version (4.69.1
was used); `head.modified` is kept from the input.
"""

import sys

from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont, newTable
from fontTools.ttLib.reorderGlyphs import reorderGlyphs

MAX_ERR = 1.0  # font units


def gb2312_levels():
    """Code point → rank for the GB2312 hanzi: level 1 (lead bytes B0–D7)
    before level 2 (D8–F7), each in GB2312 order."""
    rank = {}
    for lead in range(0xB0, 0xF8):
        for trail in range(0xA1, 0xFF):
            try:
                ch = bytes([lead, trail]).decode("gb2312")
            except UnicodeDecodeError:
                continue
            rank.setdefault(ord(ch), len(rank))
    return rank


def is_symbol(cp):
    """Characters of running text other than hanzi: ASCII, Latin-1, general
    punctuation, CJK punctuation, fullwidth forms."""
    return (cp <= 0xFF or 0x2000 <= cp <= 0x206F or 0x3000 <= cp <= 0x303F
            or 0xFF00 <= cp <= 0xFFEF)


def glyph_order(font):
    old = font.getGlyphOrder()
    gb = gb2312_levels()
    best = {}
    for cp, name in font.getBestCmap().items():
        if is_symbol(cp):
            key = (0, cp)
        elif cp in gb:
            key = (1, gb[cp])
        else:
            key = (2, cp)
        if name not in best or key < best[name]:
            best[name] = key
    first = old[0]  # .notdef stays glyph 0
    mapped = sorted((n for n in best if n != first), key=lambda n: best[n])
    rest = [n for n in old[1:] if n not in best]
    return [first] + mapped + rest


def to_glyf(font):
    order = font.getGlyphOrder()
    glyphs = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {}
    hmtx = font["hmtx"]
    for name in order:
        pen = TTGlyphPen(glyphs)
        glyphs[name].draw(Cu2QuPen(pen, MAX_ERR, reverse_direction=True))
        glyph = pen.glyph()
        glyph.recalcBounds(glyf)
        glyf[name] = glyph
        # a TrueType glyph's left side bearing is its xMin (readers place
        # the outline by it); quadratic control points can reach a unit past
        # the cubic curve's extremes
        if glyph.numberOfContours:
            hmtx[name] = (hmtx[name][0], glyph.xMin)
    font["glyf"] = glyf
    font["loca"] = newTable("loca")
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    maxp.maxZones = 1
    for field in ("maxTwilightPoints", "maxStorage", "maxFunctionDefs",
                  "maxInstructionDefs", "maxStackElements",
                  "maxSizeOfInstructions", "maxComponentElements",
                  "maxComponentDepth", "maxPoints", "maxContours",
                  "maxCompositePoints", "maxCompositeContours"):
        setattr(maxp, field, 0)
    font["head"].glyphDataFormat = 0
    del font["CFF "]
    if "VORG" in font:  # vertical origins of CFF glyphs; TrueType uses vmtx
        del font["VORG"]
    font.sfntVersion = "\x00\x01\x00\x00"


def main(src, dst):
    # head.modified stays the source's (reproducible output)
    font = TTFont(src, recalcTimestamp=False)
    font.ensureDecompiled()
    if "CFF " in font:
        to_glyf(font)
    order = glyph_order(font)
    reorderGlyphs(font, order)
    font["glyf"].glyphOrder = order
    post = font["post"]
    post.formatType = 3.0
    for attr in ("extraNames", "mapping", "glyphOrder"):
        if hasattr(post, attr):
            delattr(post, attr)
    font.save(dst)


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
