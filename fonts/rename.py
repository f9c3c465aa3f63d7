#!/usr/bin/env python3
"""Rename a subset font's family in place (OFL Reserved Font Name compliance).

Usage:
    python3 fonts/rename.py FONT FAMILY PSFAMILY [ZH_FAMILY]
    python3 fonts/rename.py --sync-cff FONT

e.g. python3 fonts/rename.py fonts/LXGWWenKai-Regular.ttf "Gongwen WenKai" GongwenWenKai 公文文楷

Rewrites every family-bearing record of the name table (IDs 1, 3, 4, 6, 16,
18, 21 on all platforms/languages; Chinese/Japanese-language records get
ZH_FAMILY when given), the CFF top-dict names if the font is CFF-based, and
adds a description (ID 10). Copyright (0), licence (13/14), trademark (7),
version (5) and style (2/17) records are kept unchanged: the OFL requires the
copyright notice to stay with the font.

--sync-cff only copies the name table's PostScript name / full name / family
(English, Windows) into the CFF table. Needed for faces taken out of the Noto
CJK .ttc collections: all faces of a collection share one CFF table whose
internal names are the JP face's ("NotoSerifCJKjp-Regular"), which a PDF
writer may otherwise embed as the font's BaseFont.
"""

import os
import sys

from fontTools.ttLib import TTFont

CJK_LANGS = {
    # Windows language IDs
    (3, 0x0804), (3, 0x0404), (3, 0x0C04), (3, 0x1004), (3, 0x1404), (3, 0x0411),
    # Macintosh language IDs: 19 = Chinese (Traditional), 33 = Chinese (Simplified), 11 = Japanese
    (1, 19), (1, 33), (1, 11),
}

DESCRIPTION = ("Subset made for gongwen (bundled default font). Modified Version "
               "under the SIL Open Font License 1.1; renamed because the upstream "
               "declares Reserved Font Names. See fonts/README.md in gongwen.")


def style_of(name, rec):
    for nid in (2,):
        r = name.getName(nid, rec.platformID, rec.platEncID, rec.langID)
        if r is None:
            r = name.getName(nid, 3, 1, 0x409)
        if r is not None:
            return r.toUnicode()
    return "Regular"


def main(argv):
    if len(argv) == 2 and argv[0] == "--sync-cff":
        font = TTFont(argv[1])
        res = sync_cff(font)
        if res:
            save(font, argv[1])
            print("%s: CFF names %r -> %r" % (argv[1], res[0], res[1]))
        return 0
    if len(argv) not in (3, 4):
        print(__doc__, file=sys.stderr)
        return 2
    path, family, psfamily = argv[:3]
    zh_family = argv[3] if len(argv) == 4 else family
    font = TTFont(path)
    name = font["name"]
    eng_style = (name.getName(2, 3, 1, 0x409) or name.getName(2, 1, 0, 0)).toUnicode()
    ps_style = eng_style.replace(" ", "")
    psname = "%s-%s" % (psfamily, ps_style)
    version = (name.getName(5, 3, 1, 0x409) or name.getName(5, 1, 0, 0)).toUnicode()

    for rec in list(name.names):
        fam = zh_family if (rec.platformID, rec.langID) in CJK_LANGS else family
        style = style_of(name, rec)
        nid = rec.nameID
        if nid in (1, 16, 21):
            new = fam
            if nid == 1 and eng_style not in ("Regular", "Bold", "Italic", "Bold Italic"):
                new = "%s %s" % (fam, eng_style)
        elif nid in (4, 18):
            new = fam if style == "Regular" else "%s %s" % (fam, style)
        elif nid == 3:
            new = "%s;%s;gongwen-subset" % (psname, version)
        elif nid in (6, 20):
            new = psname
        else:
            continue
        try:
            rec.string = new
            rec.toBytes()
        except (UnicodeEncodeError, UnicodeError):
            # a legacy Mac encoding that cannot carry the Chinese name
            rec.string = family
    for pid, eid, lid in {(r.platformID, r.platEncID, r.langID) for r in name.names
                          if (r.platformID, r.langID) in ((3, 0x409), (1, 0))}:
        name.setName(DESCRIPTION, 10, pid, eid, lid)

    sync_cff(font)
    save(font, path)
    print("renamed %s -> family %r / %r, PostScript %r" % (path, family, zh_family, psname))
    return 0


def sync_cff(font):
    """Make the CFF table's names agree with the name table (IDs 6, 4, 1)."""
    if "CFF " not in font:
        return None
    name = font["name"]
    psname = name.getName(6, 3, 1, 0x409).toUnicode()
    cff = font["CFF "].cff
    old = cff.fontNames[0]
    cff.fontNames = [psname for _ in cff.fontNames]
    top = cff.topDictIndex[0]
    for key, nid in (("FullName", 4), ("FamilyName", 1)):
        if key in top.rawDict or hasattr(top, key):
            setattr(top, key, name.getName(nid, 3, 1, 0x409).toUnicode())
    if hasattr(top, "FDArray"):
        for fd in top.FDArray:
            fdname = getattr(fd, "FontName", None)
            if fdname and fdname.startswith(old + "-"):
                fd.FontName = psname + fdname[len(old):]
    return old, psname


def save(font, path):
    tmp = path + ".tmp"
    font.save(tmp)
    os.replace(tmp, path)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
