#!/usr/bin/env bash
# Whole-process benchmarks of the release binary, with the targets of
# BENCHMARKS.md, and LibreOffice and Typst side by side where installed.
#
#   scripts/bench.sh            everything (about 3–5 minutes on 2 cores)
#   scripts/bench.sh --quick    no 1000-report batch, fewer runs
#
# Environment: RUNS (runs for the single-file timings, default 20),
# LARGE (size of the large batch, default 1000; 0 skips it).
# Timings use hyperfine when installed (apt-get install hyperfine), else a
# bash loop; peak memory uses GNU time (apt-get install time). The in-process
# stage timings are `cargo bench`.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

RUNS=${RUNS:-20}
LARGE=${LARGE:-1000}
if [[ ${1:-} == --quick ]]; then
  RUNS=${RUNS_QUICK:-10}
  LARGE=0
fi
WORK=$(mktemp -d /tmp/gongwen-bench.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

say() { printf '%s\n' "$*"; }
have() { command -v "$1" >/dev/null 2>&1; }
declare -a SUMMARY=()
row() { SUMMARY+=("$(printf '| %s | %s | %s | %s |' "$1" "$2" "$3" "$4")"); }

say "== machine"
say "date:    $(date -u '+%Y-%m-%d %H:%M UTC')"
say "cpu:     $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
say "memory:  $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
say "kernel:  $(uname -r)"
say "rustc:   $(rustc --version)"
say "load:    $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min; other work on the machine makes timings noisy)"

say "== building the release binary"
cargo build --release --quiet
BIN=$ROOT/target/release/gongwen
say "binary:  $(du -h "$BIN" | cut -f1) $BIN"

# time_cmd NAME RUNS WARMUP CMD... → prints a line, sets MEDIAN_MS
# (hyperfine without a shell, else a bash loop of RUNS runs; median of the runs)
time_cmd() {
  local name=$1 runs=$2 warmup=$3
  shift 3
  if have hyperfine; then
    local cmd
    cmd=$(printf '%q ' "$@")
    hyperfine -N --style none --warmup "$warmup" --runs "$runs" \
      --export-json "$WORK/h.json" "$cmd" >/dev/null 2>"$WORK/h.err" || {
      cat "$WORK/h.err" >&2
      return 1
    }
    read -r MEDIAN_MS MEAN_MS SD_MS MIN_MS MAX_MS CPU_MS < <(python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
r["cpu"] = r["user"] + r["system"]
print(*("%.1f" % (r[k] * 1000) for k in ("median", "mean", "stddev", "min", "max", "cpu")))' "$WORK/h.json")
  else
    local i t0 t1 times=()
    for ((i = 0; i < warmup; i++)); do "$@" >/dev/null 2>&1; done
    for ((i = 0; i < runs; i++)); do
      t0=$(date +%s%N)
      "$@" >/dev/null 2>&1 || true
      t1=$(date +%s%N)
      times+=($(((t1 - t0) / 1000)))
    done
    CPU_MS=n/a
    read -r MEDIAN_MS MEAN_MS SD_MS MIN_MS MAX_MS < <(printf '%s\n' "${times[@]}" | python3 -c '
import statistics, sys
v = [int(x) / 1000 for x in sys.stdin]
print(*("%.1f" % x for x in (statistics.median(v), statistics.mean(v),
      statistics.pstdev(v), min(v), max(v))))')
  fi
  say "$(printf '%-58s median %9s ms  (mean %s ± %s, min %s, max %s; CPU user+sys %s ms; %s runs)' \
    "$name" "$MEDIAN_MS" "$MEAN_MS" "$SD_MS" "$MIN_MS" "$MAX_MS" "$CPU_MS" "$runs")"
}

# peak_mb CMD... → prints and sets PEAK_MB (maximum resident set size, GNU time)
peak_mb() {
  PEAK_MB=n/a
  if [[ -x /usr/bin/time ]]; then
    /usr/bin/time -v "$@" >/dev/null 2>"$WORK/time.err" || true
    PEAK_MB=$(awk -F: '/Maximum resident set size/ {printf "%.1f", $2/1024}' "$WORK/time.err")
  fi
}

met() { # met VALUE LIMIT → yes/no
  python3 -c 'import sys; print("yes" if float(sys.argv[1]) <= float(sys.argv[2]) else "NO")' "$1" "$2" 2>/dev/null || echo n/a
}

SPEC=fixtures/wenshang-2024.json
DOCSPEC=fixtures/wenshang-2024.document.json
OUT=$WORK/out
if have hyperfine; then say "timer:   $(hyperfine --version)"; else say "timer:   bash loop (hyperfine not installed)"; fi

say "== (a) one report, whole process (.docx + .pdf)"
time_cmd "specimen report, --fonts bundled" "$RUNS" 3 "$BIN" build "$SPEC" -o "$OUT" --fonts bundled
SPEC_MS=$MEDIAN_MS
time_cmd "specimen report, default (system fonts, then bundled)" "$RUNS" 3 "$BIN" build "$SPEC" -o "$OUT"
SPEC_SYS_MS=$MEDIAN_MS
time_cmd "specimen document kind, --fonts bundled" "$RUNS" 3 "$BIN" build "$DOCSPEC" -o "$OUT" --fonts bundled
DOC_MS=$MEDIAN_MS
time_cmd "check only (parse + rules + layout), no output" "$RUNS" 3 "$BIN" check "$SPEC" --fonts bundled
time_cmd "process start only (gongwen --version)" "$RUNS" 3 "$BIN" --version
row "specimen → .docx + .pdf, whole process (bundled fonts)" "$SPEC_MS ms" "≤ 20 ms (issue 20)" "$(met "$SPEC_MS" 20)"
row "specimen → .docx + .pdf, whole process (default fonts)" "$SPEC_SYS_MS ms" "≤ 60 ms" "$(met "$SPEC_SYS_MS" 60)"

say "== (a2) the OFD as a third output (--formats docx,pdf,ofd)"
time_cmd "specimen report → .docx + .pdf + .ofd, --fonts bundled" "$RUNS" 3 "$BIN" build "$SPEC" -o "$OUT" --fonts bundled --formats docx,pdf,ofd
OFD_MS=$MEDIAN_MS
OFD_PCT=$(python3 -c "print('%.0f' % (($OFD_MS / $SPEC_MS - 1) * 100))")
say "  → writing the OFD adds $OFD_PCT % to the build"
row "specimen, adding the OFD" "+$OFD_PCT % ($SPEC_MS → $OFD_MS ms)" "≤ +30 %" "$(met "$OFD_PCT" 30)"

say "== (d) output size"
"$BIN" build "$SPEC" -o "$OUT" --fonts bundled --formats docx,pdf,ofd >/dev/null 2>&1
PDF_KB=$(awk '{printf "%.1f", $1/1024}' < <(stat -c %s "$OUT/wenshang-2024.pdf"))
OFD_KB=$(awk '{printf "%.1f", $1/1024}' < <(stat -c %s "$OUT/wenshang-2024.ofd"))
say "specimen: OFD $OFD_KB KB"
row "specimen OFD size" "$OFD_KB KB" "≤ 1.5 × PDF" "$(met "$OFD_KB" "$(python3 -c "print($PDF_KB * 1.5)")")"
DOCX_KB=$(awk '{printf "%.1f", $1/1024}' < <(stat -c %s "$OUT/wenshang-2024.docx"))
PAGES=$(have pdfinfo && pdfinfo "$OUT/wenshang-2024.pdf" 2>/dev/null | awk '/^Pages/ {print $2}' || echo '?')
say "specimen: PDF $PDF_KB KB ($PAGES pages), .docx $DOCX_KB KB"
row "specimen PDF size" "$PDF_KB KB" "≤ 300 KB" "$(met "$PDF_KB" 300)"

say "== (b) batches of generated reports (scripts/gen_reports.py), whole process"
python3 scripts/gen_reports.py 200 "$WORK/in200" 2>/dev/null
time_cmd "200 reports (folder), --fonts bundled" 5 1 "$BIN" build "$WORK/in200" -o "$WORK/out200" --fonts bundled
B200_MS=$MEDIAN_MS
B200_PER=$(python3 -c "print('%.1f' % ($B200_MS / 200))")
B200_CPU_PER=$(python3 -c "print('%.1f' % ($CPU_MS / 200))" 2>/dev/null || echo n/a)
say "  → CPU (user+sys) $B200_CPU_PER ms per report; CPU ÷ $(nproc) cores, i.e. the wall time on an otherwise idle machine with perfect scaling, for 1000: $(python3 -c "print('%.1f' % ($CPU_MS * 5 / $(nproc) / 1000))" 2>/dev/null || echo n/a) s"
say "  → $B200_PER ms per report on $(nproc) cores; extrapolated to 1000: $(python3 -c "print('%.1f' % ($B200_MS * 5 / 1000))") s"
row "200 reports, whole process" "$(python3 -c "print('%.2f' % ($B200_MS / 1000))") s ($B200_PER ms/report; CPU $B200_CPU_PER ms/report)" "(1000 ≤ 30 s)" "-"
if ((LARGE > 0)); then
  python3 scripts/gen_reports.py "$LARGE" "$WORK/in$LARGE" 2>/dev/null
  time_cmd "$LARGE reports (folder), --fonts bundled" 3 0 "$BIN" build "$WORK/in$LARGE" -o "$WORK/out$LARGE" --fonts bundled
  BL_S=$(python3 -c "print('%.2f' % ($MEDIAN_MS / 1000))")
  BL_CPU=$(python3 -c "print('%.1f' % ($CPU_MS / 1000))" 2>/dev/null || echo n/a)
  say "  → CPU (user+sys) $BL_CPU s in all"
  row "$LARGE reports, whole process, $(nproc) cores" "$BL_S s (CPU $BL_CPU s)" "≤ 10 s (1000, issue 20)" "$(met "$BL_S" 10)"
  BL_CPU_PER=$(python3 -c "print('%.1f' % ($CPU_MS / $LARGE))" 2>/dev/null || echo n/a)
  row "CPU per report in a $LARGE-report batch" "$BL_CPU_PER ms" "≤ 15 ms (issue 20)" "$(met "$BL_CPU_PER" 15)"
  say "  output: $(du -sh "$WORK/out$LARGE" | cut -f1) for $LARGE × (.docx + .pdf)"
else
  BL_S=$(python3 -c "print('%.2f' % ($B200_MS * 5 / 1000))")
  row "1000 reports, extrapolated from 200" "$BL_S s" "≤ 30 s (2 cores)" "$(met "$BL_S" 30) (extrapolated)"
fi

say "== (c) peak memory (maximum resident set size, GNU time)"
peak_mb "$BIN" build "$SPEC" -o "$OUT" --fonts bundled
say "one report: $PEAK_MB MB"
row "peak memory, one report" "$PEAK_MB MB" "≤ 30 MB (issue 20)" "$(met "$PEAK_MB" 30)"
peak_mb "$BIN" build "$WORK/in200" -o "$WORK/out200" --fonts bundled
say "200 reports: $PEAK_MB MB"
row "peak memory, 200-report batch" "$PEAK_MB MB" "-" "-"
if ((LARGE > 0)); then
  peak_mb "$BIN" build "$WORK/in$LARGE" -o "$WORK/out$LARGE" --fonts bundled
  say "$LARGE reports: $PEAK_MB MB"
  row "peak memory, $LARGE-report batch" "$PEAK_MB MB" "≤ 400 MB (1000)" "$(met "$PEAK_MB" 400)"
fi

say "== (f) instructions for one report (valgrind callgrind; does not depend on the machine's load)"
if have valgrind; then
  valgrind --tool=callgrind --callgrind-out-file="$WORK/cg.out" "$BIN" build "$SPEC" -o "$WORK/cg" --fonts bundled \
    >/dev/null 2>"$WORK/cg.err" || true
  IR=$(awk '/Collected :/ {print $NF}' "$WORK/cg.err")
  say "specimen report: $(python3 -c "print('%.1f' % ($IR / 1e6))") million instructions"
  if have callgrind_annotate; then
    say "top functions by inclusive instructions (gongwen's own and its writers):"
    callgrind_annotate --inclusive=yes "$WORK/cg.out" 2>/dev/null |
      grep -E 'gongwen::(render|pdf::write|docx::write|layout::layout|load|archive::pack)|krilla::text::cid::CIDFont::serialize|krilla::stream::deflate_encode|subsetter::subset |flate2::mem::Compress::new|skrifa::outline::OutlineGlyph::draw |krilla::page::Page::finish' |
      sed -E 's/ +\?\?\?:/ /; s/ \[.*//' | head -20
  fi
  row "instructions, one report (callgrind)" "$(python3 -c "print('%.0f' % ($IR / 1e6))") M" "-" "-"
else
  say "valgrind not installed: skipped"
fi

say "== (e) side by side"
if have soffice; then
  LO_PROFILE="file://$WORK/lo-profile"
  "$BIN" build "$DOCSPEC" -o "$WORK/lo-in" --fonts bundled >/dev/null 2>&1
  LO_ARGS=(soffice --headless "-env:UserInstallation=$LO_PROFILE" --convert-to pdf --outdir "$WORK/lo-out")
  "${LO_ARGS[@]}" "$WORK/lo-in/wenshang-2024.document.docx" >/dev/null 2>&1 || true # first run makes the profile
  time_cmd "LibreOffice: our .docx → PDF (soffice --headless)" 5 1 "${LO_ARGS[@]}" "$WORK/lo-in/wenshang-2024.document.docx"
  LO_MS=$MEDIAN_MS
  peak_mb "${LO_ARGS[@]}" "$WORK/lo-in/wenshang-2024.document.docx"
  LO_MB=$PEAK_MB
  LO_KB=$(awk '{printf "%.1f", $1/1024}' < <(stat -c %s "$WORK/lo-out/wenshang-2024.document.pdf"))
  say "LibreOffice: $LO_MS ms, peak $LO_MB MB, PDF $LO_KB KB ($(soffice --version 2>/dev/null | head -1))"
  row "LibreOffice, our specimen .docx → PDF" "$LO_MS ms, $LO_MB MB, $LO_KB KB" "(gongwen: $DOC_MS ms)" "-"
  # 20 documents in one soffice call: its start-up spread over the batch
  mkdir -p "$WORK/lo-batch"
  for f in $(ls "$WORK/out200"/*.docx | head -20); do cp "$f" "$WORK/lo-batch/"; done
  t0=$(date +%s%N)
  "${LO_ARGS[@]}" "$WORK"/lo-batch/*.docx >/dev/null 2>&1 || true
  t1=$(date +%s%N)
  LO20=$(((t1 - t0) / 1000000))
  say "LibreOffice: 20 generated reports' .docx → PDF in one call: $LO20 ms ($((LO20 / 20)) ms per document; 1 run)"
  row "LibreOffice, 20 reports' .docx in one call" "$LO20 ms ($((LO20 / 20)) ms/doc)" "(gongwen: $B200_PER ms/report in a batch)" "-"
else
  say "LibreOffice (soffice) not installed: skipped"
fi
if python3 -c 'import typst' 2>/dev/null; then
  python3 benches/typst_equiv.py write "$WORK/spec.typ"
  time_cmd "Typst (python typst.compile), equivalent document" "$RUNS" 2 python3 benches/typst_equiv.py once "$WORK/spec.typ" "$WORK/spec-typst.pdf"
  TY_MS=$MEDIAN_MS
  time_cmd "python3 start + import typst only (subtract from above)" "$RUNS" 2 python3 -c 'import typst'
  TY_START=$MEDIAN_MS
  peak_mb python3 benches/typst_equiv.py once "$WORK/spec.typ" "$WORK/spec-typst.pdf"
  TY_MB=$PEAK_MB
  TY_KB=$(awk '{printf "%.1f", $1/1024}' < <(stat -c %s "$WORK/spec-typst.pdf"))
  TY_IN=$(python3 benches/typst_equiv.py time "$WORK/spec.typ" "$RUNS")
  say "Typst in-process: $TY_IN"
  say "Typst whole process: $TY_MS ms (python start + import: $TY_START ms), peak $TY_MB MB, PDF $TY_KB KB, typst $(python3 -c 'import importlib.metadata as m; print(m.version("typst"))')"
  row "Typst (python), equivalent document, whole process" "$TY_MS ms (of it python+import $TY_START ms), $TY_MB MB, $TY_KB KB" "(gongwen: $DOC_MS ms)" "-"
else
  say "Typst (pip install typst) not installed: skipped"
fi

say ""
say "== summary ($(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), load at end $(cut -d' ' -f1 /proc/loadavg))"
say "| measure | measured | target | met |"
say "|---|---|---|---|"
printf '%s\n' "${SUMMARY[@]}"
