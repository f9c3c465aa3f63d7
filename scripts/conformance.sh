#!/usr/bin/env bash
# Conformance run: build the specimen fixtures with the release binary (bundled fonts, so the
# output does not depend on this machine) and check every .docx/.pdf pair with
# scripts/check_outputs.py, including the LibreOffice comparison.
#
# Usage: bash scripts/conformance.sh
# Environment (all optional):
#   GONGWEN_BIN=PATH  use this gongwen binary instead of `cargo run --release`
#   KEEP_OUTPUT=DIR   keep the built files (and LibreOffice's PDFs) in DIR
#   NO_LO=1           skip the LibreOffice comparison (not allowed when CI is set)
#   VALIDATE_DOCX=PATH the ISO 29500 schema validator (validate-docx) for the .docx files with
#                     embedded fonts; default: validate-docx on PATH, else that check is skipped
#
# Prints each check as ok/FAIL, a per-fixture summary, and as its last line the totals
# "N passed, M failed". Exits non-zero when anything failed or nothing was checked.
set -euo pipefail
cd "$(dirname "$0")/.."

# Fixtures that must build and pass.
REQUIRED=(fixtures/wenshang-2024.document.json fixtures/wenshang-2024.json)
# Fixtures checked only when `gongwen check` accepts them.
OPTIONAL=()

# Text every fixture's PDF must contain: both fixtures transcribe the same report.
EXPECT=(
  "汶上县投资促进服务中心2024年政府信息公开工作年度报告"
  "一、总体情况"
  "二、主动公开政府信息情况"
  "三、收到和处理政府信息公开申请情况"
  "四、政府信息公开行政复议、行政诉讼情况"
  "五、存在的主要问题及改进情况"
  "六、其他需要报告的事项"
  "申请人情况"
  "2025年1月21日"
)

TMP=$(mktemp -d "${TMPDIR:-/tmp}/gongwen-conformance.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
OUT="$TMP/out"
mkdir -p "$OUT"

gongwen() {
  if [[ -n "${GONGWEN_BIN:-}" ]]; then
    "$GONGWEN_BIN" "$@"
  else
    cargo run --release --quiet -- "$@"
  fi
}

# arguments for every fixture (LibreOffice, keeping outputs), then the specimen's texts
common_args=()
if [[ -n "${NO_LO:-}" && -z "${CI:-}" ]]; then
  echo "note: NO_LO set, LibreOffice comparison skipped"
elif command -v soffice >/dev/null 2>&1 || [[ -n "${CI:-}" ]]; then
  # on CI a missing soffice makes the comparison FAIL instead of being skipped
  common_args+=(--lo)
else
  echo "note: soffice not found, LibreOffice comparison skipped (install libreoffice-writer-nogui)"
fi
if [[ -n "${KEEP_OUTPUT:-}" ]]; then
  mkdir -p "$KEEP_OUTPUT"
  common_args+=(--keep "$KEEP_OUTPUT")
fi
check_args=("${common_args[@]+"${common_args[@]}"}")
for e in "${EXPECT[@]}"; do check_args+=(--expect "$e"); done

if [[ -z "${GONGWEN_BIN:-}" ]]; then
  echo "== cargo build --release"
  if ! cargo build --release --quiet; then
    echo "FAIL cargo build --release"
    echo "0 passed, 1 failed"
    exit 1
  fi
fi

total_pass=0
total_fail=0
summary=()

check_fixture() {  # check_fixture FIXTURE required|optional
  local fixture=$1 kind=$2 stem log rc=0 line
  stem=$(basename "$fixture" .json)
  echo
  echo "== $fixture"
  if [[ $kind == optional ]]; then
    if ! gongwen check "$fixture" >"$TMP/check.log" 2>&1; then
      line=$(grep -v '^\s*$' "$TMP/check.log" | head -n 3 | tr '\n' ' ')
      echo "skip $fixture: gongwen check rejects it (optional fixture): $line"
      summary+=("$fixture: skipped (gongwen check: $line)")
      return
    fi
  fi
  if gongwen build "$fixture" -o "$OUT" --fonts bundled --formats docx,pdf,ofd >"$TMP/build.log" 2>&1 \
      && [[ -f "$OUT/$stem.docx" && -f "$OUT/$stem.pdf" && -f "$OUT/$stem.ofd" ]]; then
    echo "ok   build $fixture"
    total_pass=$((total_pass + 1))
  else
    echo "FAIL build $fixture"
    sed 's/^/       /' "$TMP/build.log"
    total_fail=$((total_fail + 1))
    summary+=("$fixture: build FAILED")
    return
  fi
  if [[ -n "${KEEP_OUTPUT:-}" ]]; then
    cp "$OUT/$stem.docx" "$OUT/$stem.pdf" "$OUT/$stem.ofd" "$KEEP_OUTPUT/"
  fi

  # the OFD: third-party readers, text against the PDF, size (scripts/check_ofd.py)
  ofd_log="$TMP/$stem.ofd.log"
  python3 scripts/check_ofd.py "$OUT/$stem.ofd" "$OUT/$stem.pdf" 2>&1 | tee "$ofd_log" || true
  line=$(tail -n 1 "$ofd_log")
  if [[ $line =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed$ ]]; then
    total_pass=$((total_pass + BASH_REMATCH[1]))
    total_fail=$((total_fail + BASH_REMATCH[2]))
    summary+=("$fixture: OFD $line")
  else
    total_fail=$((total_fail + 1))
    summary+=("$fixture: check_ofd.py did not finish")
  fi

  log="$TMP/$stem.check.log"
  python3 scripts/check_outputs.py "$OUT/$stem.docx" "$OUT/$stem.pdf" "${check_args[@]}" 2>&1 \
    | tee "$log" || rc=$?
  line=$(tail -n 1 "$log")
  if [[ $line =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed$ ]]; then
    total_pass=$((total_pass + BASH_REMATCH[1]))
    total_fail=$((total_fail + BASH_REMATCH[2]))
    if (( rc != 0 && BASH_REMATCH[2] == 0 )); then
      total_fail=$((total_fail + 1))  # non-zero exit without a counted failure
      line="$line (exit $rc)"
    fi
    summary+=("$fixture: build ok, $line")
  else
    total_fail=$((total_fail + 1))
    summary+=("$fixture: check_outputs.py did not finish (exit $rc)")
  fi
}

for f in "${REQUIRED[@]}"; do check_fixture "$f" required; done
for f in "${OPTIONAL[@]+"${OPTIONAL[@]}"}"; do check_fixture "$f" optional; done

# The whole 公文 (GB/T 9704 版头, 版记, seals, special formats): each fixture is
# built and checked like the specimen (without the specimen's texts), then its
# PDF is measured against the standard's positions by scripts/measure_furniture.py.
# fixture | measure_furniture.py arguments
FURNITURE=(
  "fixtures/notice.json|--format standard --colophon --seal --expect-pages 6"
  "fixtures/request.json|--format standard --signers --colophon --seal --expect-pages 2"
  "fixtures/letter.json|--format letter --seal --expect-pages 2"
  "fixtures/minutes.json|--format minutes --colophon --expect-pages 2"
  "fixtures/order.json|--format order --seal --expect-pages 1"
  "fixtures/held-out/notice-b.json|--format standard --colophon --seal"
  "fixtures/held-out/letter-b.json|--format letter --seal"
)
check_args=("${common_args[@]+"${common_args[@]}"}")
for entry in "${FURNITURE[@]}"; do
  fixture=${entry%%|*}
  read -r -a measure <<<"${entry#*|}"
  check_fixture "$fixture" required
  stem=$(basename "$fixture" .json)
  log="$TMP/$stem.measure.log"
  if [[ -f "$OUT/$stem.pdf" ]]; then
    python3 scripts/measure_furniture.py "$OUT/$stem.pdf" "${measure[@]}" 2>&1 | tee "$log" || true
    line=$(tail -n 1 "$log")
    if [[ $line =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed$ ]]; then
      total_pass=$((total_pass + BASH_REMATCH[1]))
      total_fail=$((total_fail + BASH_REMATCH[2]))
      summary+=("$fixture: GB/T 9704 positions $line")
    else
      total_fail=$((total_fail + 1))
      summary+=("$fixture: measure_furniture.py did not finish")
    fi
  fi
done

# The .docx with embedded fonts (--docx-fonts embed), every fixture: the package
# and XML checks, the fonts de-obfuscated with their keys and named as the font
# table names them, the schema (validate-docx), and LibreOffice drawing with the
# embedded fonts only, with the PDF's page count and line agreement.
echo
echo "== the .docx with embedded fonts (--docx-fonts embed)"
validator=${VALIDATE_DOCX:-$(command -v validate-docx || true)}
[[ -z "$validator" ]] && echo "note: validate-docx not found (set VALIDATE_DOCX), schema check skipped"
EMBED_OUT="$TMP/embedded-fonts"
mkdir -p "$EMBED_OUT"
embed_args=("${common_args[@]+"${common_args[@]}"}")
if [[ -n "${KEEP_OUTPUT:-}" ]]; then
  embed_args=()
  for a in "${common_args[@]}"; do [[ $a == --keep || $a == "$KEEP_OUTPUT" ]] || embed_args+=("$a"); done
  embed_args+=(--keep "$KEEP_OUTPUT/embedded-fonts")
fi
for fixture in "${REQUIRED[@]}" "${FURNITURE[@]%%|*}"; do
  stem=$(basename "$fixture" .json)
  if ! gongwen build "$fixture" -o "$EMBED_OUT" --fonts bundled --docx-fonts embed \
      >"$TMP/embed-build.log" 2>&1; then
    echo "FAIL build $fixture --docx-fonts embed"
    sed 's/^/       /' "$TMP/embed-build.log"
    total_fail=$((total_fail + 1))
    summary+=("$fixture --docx-fonts embed: build FAILED")
    continue
  fi
  log="$TMP/$stem.embed.log"
  python3 scripts/check_outputs.py "$EMBED_OUT/$stem.docx" "$EMBED_OUT/$stem.pdf" \
    --embedded-fonts "${embed_args[@]+"${embed_args[@]}"}" >"$log" 2>&1 || true
  grep -E '^(FAIL|ok   (LibreOffice|line agreement|page count|[0-9]+ embedded))' "$log" || true
  line=$(tail -n 1 "$log")
  if [[ $line =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed$ ]]; then
    total_pass=$((total_pass + BASH_REMATCH[1]))
    total_fail=$((total_fail + BASH_REMATCH[2]))
  else
    total_fail=$((total_fail + 1))
    line="check_outputs.py did not finish"
  fi
  if [[ -n "$validator" ]]; then
    if "$validator" "$EMBED_OUT/$stem.docx" >"$TMP/embed-validate.log" 2>&1; then
      echo "ok   validate-docx $stem.docx (embedded fonts): $(tail -n 1 "$TMP/embed-validate.log")"
      total_pass=$((total_pass + 1))
    else
      echo "FAIL validate-docx $stem.docx (embedded fonts)"
      grep -v ' valid$' "$TMP/embed-validate.log" | sed 's/^/       /'
      total_fail=$((total_fail + 1))
      line="$line, schema INVALID"
    fi
  fi
  summary+=("$fixture --docx-fonts embed: $line")
done

# A clerk's edit: a 正文 paragraph and a heading 1 typed into the specimen's
# .docx take the document's format in LibreOffice (28 characters a line, the
# first-line indent, the body and heading fonts): scripts/check_docx_edit.py.
echo
echo "== the .docx keeps its format when edited"
if [[ " ${common_args[*]-} " == *" --lo "* ]]; then
  log="$TMP/docx-edit.log"
  python3 scripts/check_docx_edit.py "${GONGWEN_BIN:-target/release/gongwen}" \
    fixtures/wenshang-2024.json 2>&1 | tee "$log" || true
  line=$(tail -n 1 "$log")
  if [[ $line =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed$ ]]; then
    total_pass=$((total_pass + BASH_REMATCH[1]))
    total_fail=$((total_fail + BASH_REMATCH[2]))
    summary+=("docx edit: $line")
  else
    total_fail=$((total_fail + 1))
    summary+=("docx edit: check_docx_edit.py did not finish")
  fi
else
  echo "note: LibreOffice comparison skipped, so is the edit check"
fi

# No character lost in LibreOffice (scripts/check_lo_text.py): every character of each
# .docx's text is on LibreOffice's pages, in order; page counts equal; line agreement and the
# first line's glyph tops printed. No loss is excused (--known is for a loss understood and
# not yet solved; the last one, a 联合行文 mark's second name, is solved: the mark's cells
# leave room beside their text). (Body paragraphs hang no punctuation, which LibreOffice
# would not draw: README, "Hanging punctuation".)
echo
echo "== no character lost in LibreOffice"
if [[ " ${common_args[*]-} " == *" --lo "* ]]; then
  if [[ -n "${GONGWEN_BIN:-}" ]]; then lo_bin=$GONGWEN_BIN; else lo_bin=target/release/gongwen; fi
  lo_log="$TMP/lo-text.log"
  python3 scripts/check_lo_text.py --bin "$lo_bin" fixtures/*.json fixtures/held-out \
      2>&1 | tee "$lo_log" || true
  line=$(tail -n 1 "$lo_log")
  if [[ $line =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed$ ]]; then
    total_pass=$((total_pass + BASH_REMATCH[1]))
    total_fail=$((total_fail + BASH_REMATCH[2]))
    summary+=("no character lost in LibreOffice: $line")
  else
    total_fail=$((total_fail + 1))
    summary+=("check_lo_text.py did not finish")
  fi
else
  echo "skip: LibreOffice comparison not enabled"
fi

# Random documents from the property test (tests/random_documents.rs): every PDF
# must pass qpdf and every .docx the package and XML checks.
echo
echo "== random documents"
SAMPLES="$TMP/samples"
if GONGWEN_SAMPLES_DIR="$SAMPLES" cargo test --quiet --test random_documents >"$TMP/random.log" 2>&1; then
  random_pass=0
  random_fail=0
  for pdf in "$SAMPLES"/*.pdf; do
    if qpdf --check "$pdf" >/dev/null 2>&1; then
      random_pass=$((random_pass + 1))
    else
      echo "FAIL qpdf --check $(basename "$pdf")"
      random_fail=$((random_fail + 1))
    fi
  done
  for docx in "$SAMPLES"/random-0?.docx; do
    if python3 scripts/check_outputs.py "$docx" "${docx%.docx}.pdf" >"$TMP/random-check.log" 2>&1; then
      random_pass=$((random_pass + 1))
    else
      echo "FAIL check_outputs.py $(basename "$docx")"
      grep FAIL "$TMP/random-check.log" | head -n 5 | sed 's/^/       /'
      random_fail=$((random_fail + 1))
    fi
  done
  echo "random documents: $random_pass passed, $random_fail failed"
  total_pass=$((total_pass + random_pass))
  total_fail=$((total_fail + random_fail))
  summary+=("random documents: $random_pass passed, $random_fail failed")
else
  echo "FAIL the random-document test"
  tail -n 20 "$TMP/random.log"
  total_fail=$((total_fail + 1))
  summary+=("random documents: test FAILED")
fi

echo
echo "== conformance summary"
for s in "${summary[@]}"; do echo "  $s"; done
[[ -n "${KEEP_OUTPUT:-}" ]] && echo "  outputs kept in $KEEP_OUTPUT"
if (( total_pass + total_fail == 0 )); then
  echo "  nothing was checked"
  total_fail=1
fi
echo "$total_pass passed, $total_fail failed"
(( total_fail == 0 ))
