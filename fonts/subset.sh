#!/usr/bin/env bash
# Rebuild gongwen's bundled default fonts from Debian's font packages.
#
#   bash fonts/subset.sh
#
# Needs (installs nothing itself; tells you what is missing):
#   apt-get install -y fonts-noto-cjk fonts-lxgw-wenkai fonts-liberation2 unicode-data
#   pip install fonttools            (provides pyftsubset; brotli not needed for OTF/TTF)
#
# Writes into the directory holding this script: the subset fonts, charset.txt
# (the code points kept) and prints a coverage/metrics report (verify.py).
# Output is byte-reproducible for the same package and fontTools versions
# (SOURCE_DATE_EPOCH is pinned to each source font's mtime unless set).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PY="${PYTHON:-python3}"

NOTO_DIR=/usr/share/fonts/opentype/noto
WENKAI=/usr/share/fonts/truetype/lxgw-wenkai/LXGWWenKai-Regular.ttf
LIB_DIR=/usr/share/fonts/truetype/liberation2
LATIN_COPY_LIMIT=512000   # copy Liberation whole (unmodified) when at most 500 KiB

# ---- preflight -------------------------------------------------------------
missing_pkgs=()
for p in fonts-noto-cjk fonts-lxgw-wenkai fonts-liberation2 unicode-data; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing_pkgs+=("$p")
  fi
done
need=("$NOTO_DIR/NotoSerifCJK-Regular.ttc" "$NOTO_DIR/NotoSerifCJK-Bold.ttc"
      "$NOTO_DIR/NotoSansCJK-Regular.ttc" "$WENKAI"
      "$LIB_DIR/LiberationSerif-Regular.ttf" "$LIB_DIR/LiberationSerif-Bold.ttf")
missing_files=()
for f in "${need[@]}"; do [[ -f $f ]] || missing_files+=("$f"); done
fail=0
if ((${#missing_pkgs[@]})); then
  echo "missing Debian packages: ${missing_pkgs[*]}" >&2
  echo "  install with: apt-get install -y ${missing_pkgs[*]}" >&2
  fail=1
fi
if ((${#missing_files[@]})); then
  echo "missing font files: ${missing_files[*]}" >&2
  fail=1
fi
if ! command -v "$PY" >/dev/null; then
  echo "missing python3: apt-get install -y python3" >&2; fail=1
elif ! "$PY" -c 'import fontTools' 2>/dev/null; then
  echo "missing fontTools for $PY: pip install fonttools  (or apt-get install -y python3-fonttools)" >&2
  fail=1
fi
((fail == 0)) || exit 1

# pyftsubset may not be on PATH (e.g. pip --user); the module always works.
subset() { "$PY" -m fontTools.subset "$@"; }

# Face index of a collection whose family name (name ID 1) is $2.
face_index() {
  "$PY" - "$1" "$2" <<'EOF'
import sys
from fontTools.ttLib import TTCollection
path, want = sys.argv[1], sys.argv[2]
for i, f in enumerate(TTCollection(path, lazy=True).fonts):
    if f["name"].getDebugName(1) == want:
        print(i); break
else:
    sys.exit("no face %r in %s" % (want, path))
EOF
}

epoch_of() { if [[ -n ${SOURCE_DATE_EPOCH_FIXED:-} ]]; then echo "$SOURCE_DATE_EPOCH_FIXED"; else stat -c %Y "$1"; fi; }
SOURCE_DATE_EPOCH_FIXED="${SOURCE_DATE_EPOCH:-}"

# ---- charset ---------------------------------------------------------------
"$PY" "$here/charset.py" "$here/charset.txt"
latin_cs="$(mktemp)"; trap 'rm -f "$latin_cs"' EXIT
"$PY" "$here/charset.py" --latin "$latin_cs"

# All OpenType layout features are kept. Note: Noto CJK's 'locl' (and 'aalt')
# lookups pull in the JP/KR/TC/HK glyph variants of every kept hanzi, ~45% of
# each Noto subset; CJK_LAYOUT_FEATURES=ccmp,liga,dlig,hist,ruby,vert,vrt2,fwid,hwid,pwid,palt,vpal,halt,vhal,kern,vkrn
# would drop them (~1.5 MB less per Noto font) at the cost of non-SC locl forms.
features="${CJK_LAYOUT_FEATURES:-*}"
common=(--layout-features="$features" --name-IDs='*' --name-languages='*' --name-legacy
        --notdef-outline --notdef-glyph --no-hinting --recalc-bounds)

# ---- CJK fonts -------------------------------------------------------------
# src  family-name-of-face  output
cjk=(
  "$NOTO_DIR/NotoSerifCJK-Regular.ttc|Noto Serif CJK SC|NotoSerifCJKsc-Regular.otf"
  "$NOTO_DIR/NotoSerifCJK-Bold.ttc|Noto Serif CJK SC|NotoSerifCJKsc-Bold.otf"
  "$NOTO_DIR/NotoSansCJK-Regular.ttc|Noto Sans CJK SC|NotoSansCJKsc-Regular.otf"
# (the .otf subsets are turned into TrueType .ttf below, then removed)
  "$WENKAI||LXGWWenKai-Regular.ttf"
)
for spec in "${cjk[@]}"; do
  IFS='|' read -r src fam out <<<"$spec"
  args=()
  if [[ -n $fam ]]; then
    idx="$(face_index "$src" "$fam")"
    args+=(--font-number="$idx")
    echo "subsetting $src face $idx ($fam) -> $out"
  else
    echo "subsetting $src -> $out"
  fi
  SOURCE_DATE_EPOCH="$(epoch_of "$src")" \
    subset "$src" "${args[@]}" "${common[@]}" \
      --unicodes-file="$here/charset.txt" --output-file="$here/$out"
  if [[ -n $fam ]]; then
    # A .ttc's faces share one CFF table named after the JP face; rename it to this face.
    SOURCE_DATE_EPOCH="$(epoch_of "$src")" "$PY" "$here/rename.py" --sync-cff "$here/$out"
  fi
done

# LXGW WenKai: fonts-lxgw-wenkai's copyright declares the Reserved Font Names
# "霞鹜" and "LXGW"; a subset is a Modified Version, so it must not keep them
# as its font name. (Noto CJK declares none; Liberation is copied unmodified.)
SOURCE_DATE_EPOCH="$(epoch_of "$WENKAI")" \
  "$PY" "$here/rename.py" "$here/LXGWWenKai-Regular.ttf" "Gongwen WenKai" GongwenWenKai "公文文楷"

# TrueType outlines, glyphs in order of use (fonts/truetype.py says why: a
# CFF face costs gongwen's PDF writer far more to subset and measure, and
# glyphs used together should lie together in the binary).
for base in NotoSerifCJKsc-Regular NotoSerifCJKsc-Bold NotoSansCJKsc-Regular; do
  echo "TrueType, glyphs reordered: $base.otf -> $base.ttf"
  "$PY" "$here/truetype.py" "$here/$base.otf" "$here/$base.ttf"
  rm "$here/$base.otf"
done
echo "glyphs reordered: LXGWWenKai-Regular.ttf"
"$PY" "$here/truetype.py" "$here/LXGWWenKai-Regular.ttf" "$here/LXGWWenKai-Regular.ttf"

# ---- Latin fonts -----------------------------------------------------------
for style in Regular Bold; do
  src="$LIB_DIR/LiberationSerif-$style.ttf"
  out="$here/LiberationSerif-$style.ttf"
  if (( $(stat -c %s "$src") <= LATIN_COPY_LIMIT )); then
    echo "copying $src unmodified -> $(basename "$out")"
    cp "$src" "$out"
  else
    # Too big to ship whole: subset and rename ("Liberation" is a Reserved Font Name).
    echo "subsetting $src -> $(basename "$out")"
    SOURCE_DATE_EPOCH="$(epoch_of "$src")" \
      subset "$src" "${common[@]}" --unicodes-file="$latin_cs" --output-file="$out"
    SOURCE_DATE_EPOCH="$(epoch_of "$src")" \
      "$PY" "$here/rename.py" "$out" "Gongwen Serif" GongwenSerif
  fi
done

# ---- report ----------------------------------------------------------------
"$PY" "$here/verify.py" "$here/LiberationSerif-Regular.ttf" "$here/LiberationSerif-Bold.ttf" \
  --require-gb2312 "$here/NotoSerifCJKsc-Regular.ttf" "$here/NotoSerifCJKsc-Bold.ttf" \
  "$here/NotoSansCJKsc-Regular.ttf" "$here/LXGWWenKai-Regular.ttf"

total=0
for f in "$here"/*.ttf; do
  s=$(stat -c %s "$f"); total=$((total + s))
  printf '%10d  %s\n' "$s" "$(basename "$f")"
done
printf '%10d  total (limit 26214400)\n' "$total"
if ((total > 26214400)); then echo "fonts exceed 25 MiB" >&2; exit 1; fi
