#!/usr/bin/env python3
"""Character set of the fonts bundled with gongwen.

Usage:
    python3 fonts/charset.py OUT            # full CJK charset (for the CJK fonts)
    python3 fonts/charset.py --latin OUT    # Latin/punctuation part only
    python3 fonts/charset.py --unihan PATH OUT

OUT is written in pyftsubset's --unicodes-file format: one hexadecimal code
point per line, followed by a '#' comment holding the character itself
(pyftsubset ignores everything after '#').

The charset is the union of
  * every character of GB2312 (all valid 2-byte code points, decoded with
    Python's 'gb2312' codec): 6763 hanzi + 682 symbols;
  * the 8105 characters of 通用规范汉字表 (Unihan field kTGH, file
    Unihan_OtherMappings.txt, shipped by Debian's unicode-data package);
  * a handful of rare name characters listed in RARE_NAMES;
  * the Latin / punctuation / symbol ranges in LATIN_RANGES and CJK_SYMBOL_RANGES.

Other modules (verify.py) import gb2312_hanzi() and tgh() from here.
"""

import bz2
import glob
import gzip
import io
import os
import sys
import zipfile

UNICODE_DIR = "/usr/share/unicode"

# Rare characters seen in personal names; included explicitly whether or not
# they are in kTGH (汶 堃 喆 昇 赟 䶮 𬭚 are; 𠮷 is not).
RARE_NAMES = "汶䶮𬭚𠮷堃喆昇赟"

# Ranges useful for Latin text, digits and general punctuation. Used for the
# Latin fonts too. Inclusive (first, last) pairs.
LATIN_RANGES = [
    (0x0020, 0x007E),  # printable ASCII
    (0x00A0, 0x00FF),  # Latin-1 supplement (incl. U+00B7 middle dot)
    (0x2010, 0x2027),  # dashes, quotes, bullets, ellipsis (— ― ‘ ’ “ ” …)
    (0x2030, 0x203B),  # ‰ ′ ″ ‹ › ※
]

# Symbols common in Chinese official documents.
CJK_SYMBOL_RANGES = [
    (0x2103, 0x2103),  # ℃
    (0x2105, 0x2105),  # ℅
    (0x2109, 0x2109),  # ℉
    (0x2116, 0x2116),  # №
    (0x2121, 0x2122),  # ℡ ™
    (0x2160, 0x217F),  # Ⅰ–Ⅻ, ⅰ–ⅻ (roman numerals)
    (0x2190, 0x2199),  # ← ↑ → ↓ ↔ ↕ ↖ ↗ ↘ ↙
    (0x2460, 0x24FF),  # ① … ⑳, ⑴ … ⒇, ⒈ … ⒛, Ⓐ …
    (0x25A0, 0x25CF),  # ■ □ ▲ △ ◆ ◇ ○ ◎ ● …
    (0x3000, 0x303F),  # CJK punctuation (、。〈〉《》「」『』【】〔〕〖〗…)
    (0x3220, 0x3229),  # ㈠ … ㈩
    (0xFF01, 0xFF5E),  # fullwidth ASCII forms
    (0xFFE0, 0xFFE6),  # ￠ ￡ ￢ ￣ ￤ ￥ ￦
]

# Explicitly required single code points (already inside the ranges above,
# listed for documentation and as a guard).
EXPLICIT = [0x00B7, 0x2014, 0x2015, 0x2026, 0x2018, 0x2019, 0x201C, 0x201D]


def expand(ranges):
    out = set()
    for a, b in ranges:
        out.update(range(a, b + 1))
    return out


def gb2312_all():
    """Every character encodable as a 2-byte GB2312 code point."""
    chars = set()
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                s = bytes([hi, lo]).decode("gb2312")
            except UnicodeDecodeError:
                continue
            chars.add(ord(s))
    return chars


def gb2312_hanzi():
    """The 6763 hanzi of GB2312 (rows 16–87, lead bytes 0xB0–0xF7)."""
    chars = set()
    for hi in range(0xB0, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                s = bytes([hi, lo]).decode("gb2312")
            except UnicodeDecodeError:
                continue
            chars.add(ord(s))
    return chars


def find_unihan():
    """Locate a Unihan source containing kTGH.

    Debian 12's unicode-data ships split, bzip2-compressed files
    (Unihan_OtherMappings.txt.bz2 holds kTGH); other releases ship Unihan.zip.
    """
    candidates = []
    for name in ("Unihan_OtherMappings.txt", "Unihan_OtherMappings.txt.bz2",
                 "Unihan_OtherMappings.txt.gz", "Unihan.zip"):
        candidates.extend(glob.glob(os.path.join(UNICODE_DIR, name)))
        candidates.extend(glob.glob(os.path.join(UNICODE_DIR, "*", name)))
    if not candidates:
        raise SystemExit(
            "charset.py: no Unihan data under %s; install it with "
            "'apt-get install unicode-data' or pass --unihan PATH" % UNICODE_DIR)
    return candidates[0]


def _unihan_lines(path):
    if path.endswith(".zip"):
        with zipfile.ZipFile(path) as z:
            for member in z.namelist():
                with z.open(member) as f:
                    for line in io.TextIOWrapper(f, encoding="utf-8"):
                        yield line
        return
    opener = bz2.open if path.endswith(".bz2") else gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as f:
        yield from f


_TGH_CACHE = {}


def tgh(path=None):
    """The 8105 characters of 通用规范汉字表 (Unihan kTGH)."""
    path = path or find_unihan()
    if path in _TGH_CACHE:
        return _TGH_CACHE[path]
    chars = set()
    for line in _unihan_lines(path):
        parts = line.rstrip("\n").split("\t")
        if len(parts) >= 3 and parts[1] == "kTGH" and parts[0].startswith("U+"):
            chars.add(int(parts[0][2:], 16))
    if len(chars) != 8105:
        raise SystemExit("charset.py: expected 8105 kTGH characters in %s, found %d"
                         % (path, len(chars)))
    _TGH_CACHE[path] = chars
    return chars


def latin_charset():
    return expand(LATIN_RANGES) | set(EXPLICIT)


def full_charset(unihan=None):
    return (gb2312_all() | tgh(unihan) | {ord(c) for c in RARE_NAMES}
            | latin_charset() | expand(CJK_SYMBOL_RANGES))


def write(codepoints, out):
    with open(out, "w", encoding="utf-8") as f:
        f.write("# gongwen font charset, generated by fonts/charset.py; do not edit.\n")
        f.write("# %d code points. Format: pyftsubset --unicodes-file.\n" % len(codepoints))
        for cp in sorted(codepoints):
            ch = chr(cp)
            shown = ch if ch.isprintable() and not ch.isspace() else ""
            f.write("%04X  # %s\n" % (cp, shown) if shown else "%04X\n" % cp)


def main(argv):
    latin = False
    unihan = None
    args = []
    it = iter(argv)
    for a in it:
        if a == "--latin":
            latin = True
        elif a == "--unihan":
            unihan = next(it)
        elif a in ("-h", "--help"):
            print(__doc__)
            return 0
        else:
            args.append(a)
    if len(args) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    cps = latin_charset() if latin else full_charset(unihan)
    write(cps, args[0])
    if not latin:
        print("charset: %d code points (GB2312 %d, of which hanzi %d; kTGH %d; "
              "kTGH \\ GB2312 %d)" % (len(cps), len(gb2312_all()), len(gb2312_hanzi()),
                                      len(tgh(unihan)), len(tgh(unihan) - gb2312_all())))
    else:
        print("latin charset: %d code points" % len(cps))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
