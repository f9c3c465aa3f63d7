#!/usr/bin/env python3
"""Round trip of `gongwen import`: report JSON → .docx (many layouts) → JSON.

    python3 scripts/check_import.py GONGWEN_BINARY WORKDIR

For two reports — fixtures/wenshang-2024.json (every number 0) and a report
with non-zero, consistent numbers written here to WORKDIR/nonzero.json (some
of them ≥ 1000) — it makes .docx files:

  gongwen        `gongwen build X.json --fonts bundled`
  lo-docx        that file re-saved by LibreOffice (docx → docx)
  lo-odt         that file through LibreOffice's ODT (docx → odt → docx)
  A … F          the hand-made layouts of scripts/make_report_variants.py

(the two LibreOffice ones are skipped, with a notice, when soffice is absent),
then for each file runs `gongwen import F.docx -o F.json` and requires:

  - every 表三 row's six applicant numbers, all 15 numbers of 表四 and every
    field of 表二 equal to the source (the fee compared as a decimal string
    with commas removed);
  - agency, year and date equal;
  - every narrative paragraph of the source (as printed: placeholders filled,
    numbered items with their numbers) equal to some string of the imported
    JSON;
  - `gongwen check F.json --fonts bundled` exiting 0.

One line per file, "PASS name" or "FAIL name: what differs"; indented "note:"
lines under it report what does not fail the file but may interest (the
importer's warnings, a paragraph found in another field than its source's, a
落款 not read back). A summary last; exit status 1 when any file failed.

Python 3 standard library and python-docx only.
"""

import json
import os
import random
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
FIXTURE = os.path.join(ROOT, "fixtures", "wenshang-2024.json")
VARIANTS_SCRIPT = os.path.join(HERE, "make_report_variants.py")
sys.path.insert(0, HERE)
import make_report_variants as mrv  # noqa: E402  (labels, expected values)

LO_PROFILE = "file:///tmp/lo-import-profile"
LO_TIMEOUT = 300  # seconds for one conversion


def clip(s, n=40):
    s = str(s).replace("\n", "⏎")
    return s if len(s) <= n else s[:n] + "…"


def run(cmd, timeout=600):
    """Runs a command; returns (exit status, stdout, stderr)."""
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout)
    return p.returncode, p.stdout, p.stderr


# --------------------------------------------------------------------------
# The non-zero report
# --------------------------------------------------------------------------

def nonzero_report():
    """A report whose tables are full of consistent, non-zero numbers.

    表三, per applicant column: 上年结转, the 21 result rows and 结转下年度 are
    chosen; 本年新收 = results + 结转下年度 − 上年结转 (≥ 0). Every row has its
    7th 总计 = the row's sum; （七）总计 = the sum of the 21 result rows. 表四's
    总计 = the sum of its four parts. Several numbers are ≥ 1000 (one over a
    million). The narratives state no counts, so they cannot contradict the
    tables.
    """
    rng = random.Random(20250121)  # deterministic
    scale = [60, 25, 6, 8, 10, 12]  # 自然人 gets the most applications
    results = []
    for path, _, _ in mrv.T3_ROWS[2:23]:
        row = [int(s * rng.random() ** 2) if rng.random() < 0.6 else 0 for s in scale]
        results.append(row)
    results[0][0] = 1234      # （一）予以公开 × 自然人
    results[0][1] = 1001      # （一）予以公开 × 商业企业
    results[12][0] = 2048     # （四）1.本机关不掌握相关政府信息 × 自然人
    carried_over = [rng.randint(0, 40) for _ in scale]
    carried_forward = [rng.randint(0, 30) for _ in scale]
    carried_forward[3] = 0
    done = [sum(r[c] for r in results) for c in range(6)]
    new = [done[c] + carried_forward[c] - carried_over[c] for c in range(6)]
    for c in range(6):  # 新收 must not be negative: carry less over from last year
        if new[c] < 0:
            carried_over[c] += new[c]
            new[c] = 0
    assert all(n >= 0 for n in new + carried_over)

    def seven(six):
        return list(six) + [sum(six)]

    applications = {"new": seven(new), "carried_over": seven(carried_over), "results": {},
                    "carried_forward": seven(carried_forward)}
    for (path, _, _), row in zip(mrv.T3_ROWS[2:23], results):
        node = applications
        keys = path.split(".")
        for k in keys[:-1]:
            node = node.setdefault(k, {})
        node[keys[-1]] = seven(row)
    applications["results"]["total"] = seven(done)

    def outcomes(u, c, o, p):
        return {"upheld": u, "corrected": c, "other": o, "pending": p, "total": u + c + o + p}

    agency = "示例市数据资源管理局"
    return {
        "kind": "gov-info-annual-report",
        "agency": agency,
        "year": 2024,
        "date": "2025-01-21",
        # no title_lines and no preamble: gongwen's defaults are printed
        "contact": {
            "address": "示例市人民路1号",
            "phone": "0000-1234567",
            "portal": "示例市人民政府门户网站",
            "url": "https://www.example.gov.cn/zfxxgk/ndbg/",
        },
        "overview": {
            "opening": [
                "2024年，示例市数据资源管理局深入贯彻《中华人民共和国政府信息公开条例》，"
                "坚持以公开为常态、不公开为例外，持续推进决策、执行、管理、服务、结果公开。"
            ],
            "active_disclosure": [
                "围绕数据资源管理、数字政府建设等重点工作，及时发布政策文件、工作动态和公共数据开放目录。",
                "对涉及群众切身利益的政策文件同步开展解读，做到应公开尽公开。",
            ],
            "applications": "严格按照《条例》规定的程序和时限办理政府信息公开申请，"
                            "规范答复文书，依法保障申请人的知情权。",
            "information_management": "健全政府信息公开审查机制，落实“三审三校”制度，"
                                      "对拟公开信息逐条进行保密审查。",
            "platform": "以市政府门户网站政府信息公开专栏为第一平台，"
                        "同步利用政务新媒体发布信息，拓宽公众获取信息的渠道。",
            "supervision": {"numbered": [
                "加强组织领导。调整政务公开工作领导小组，明确分管领导和责任科室。",
                "加强业务培训。组织工作人员参加政务公开业务培训，提升依法公开能力。",
                "加强考核监督。将政务公开工作纳入年度考核，定期开展自查整改。",
            ]},
        },
        "active_disclosure": {
            "regulations": {"made": 2, "repealed": 1, "in_force": 35},
            "normative_documents": {"made": 48, "repealed": 12, "in_force": 1206},
            "licensing_decisions": 1234567,
            "penalty_decisions": 3456,
            "coercion_decisions": 78,
            "fees_wan_yuan": "96171.6",
        },
        "applications": applications,
        "review_litigation": {
            "review": outcomes(12, 3, 1, 2),
            "direct_suit": outcomes(1024, 7, 0, 5),
            "suit_after_review": outcomes(2, 0, 1, 0),
        },
        "problems": [
            "2024年，我局政府信息公开工作取得了一定成效，但仍存在政策解读形式较为单一、"
            "公开内容的针对性有待加强等问题。",
            "2025年，我局将丰富政策解读形式，推出图解、视频等解读产品，并加强业务培训。",
        ],
        "other_matters": {"numbered": [
            "依据《政府信息公开信息处理费管理办法》，本年度未收取信息处理费。",
            "人大代表建议和政协提案办理结果已按规定在门户网站公开。",
        ]},
        "signature": {"agency": agency, "date": "2025-01-21"},
    }


# --------------------------------------------------------------------------
# Comparing an imported JSON with its source
# --------------------------------------------------------------------------

def all_strings(value, path="", out=None):
    """(JSON path, string) for every string in a JSON value."""
    if out is None:
        out = []
    if isinstance(value, str):
        out.append((path, value))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            all_strings(v, f"{path}[{i}]", out)
    elif isinstance(value, dict):
        for k, v in value.items():
            all_strings(v, f"{path}.{k}" if path else k, out)
    return out


def int_or_none(v):
    """An imported count: an int (not a bool), else None."""
    return v if isinstance(v, int) and not isinstance(v, bool) else None


def compare(source, imported):
    """(failures, notes): what differs between the source report and the
    imported JSON; notes do not fail the file."""
    want = mrv.Report(source)
    fail, notes = [], []

    # agency, year, date
    for key, expected in (("agency", want.agency), ("year", want.year), ("date", want.date)):
        got = imported.get(key)
        if got != expected:
            fail.append(f"{key}: expected {expected!r}, got {got!r}")

    # 表二
    ad = imported.get("active_disclosure") or {}
    for key, label in (("regulations", "规章"), ("normative_documents", "行政规范性文件")):
        for i, field in enumerate(("made", "repealed", "in_force")):
            got = (ad.get(key) or {}).get(field)
            if int_or_none(got) != want.t2[key][i]:
                fail.append(f"表二 {label}.{field}: expected {want.t2[key][i]}, got {got!r}")
    for key, label in (("licensing_decisions", "行政许可"), ("penalty_decisions", "行政处罚"),
                       ("coercion_decisions", "行政强制")):
        got = ad.get(key)
        if int_or_none(got) != want.t2[key]:
            fail.append(f"表二 {label}: expected {want.t2[key]}, got {got!r}")
    got = ad.get("fees_wan_yuan")
    expected = want.t2["fees_wan_yuan"].replace(",", "")
    if not isinstance(got, str) or got.replace(",", "") != expected:
        fail.append(f"表二 行政事业性收费: expected {expected!r}, got {got!r}")

    # 表三: the six applicant numbers of each of the 25 rows
    apps = imported.get("applications") or {}
    for i, (path, group, label) in enumerate(mrv.T3_ROWS):
        got = mrv.get_path(apps, path)
        name = f"表三 {(group or '')}{label}"
        if not isinstance(got, list) or len(got) < 6:
            fail.append(f"{name}: expected {want.t3[i][:6]}, got {got!r}")
            continue
        got6 = [int_or_none(v) for v in got[:6]]
        if got6 != want.t3[i][:6]:
            fail.append(f"{name}: expected {want.t3[i][:6]}, got {got[:6]}")

    # 表四: all 15
    rl = imported.get("review_litigation") or {}
    for g, group in zip(mrv.T4_GROUPS, want.t4):
        for field, expected in zip(mrv.T4_COLUMNS, group):
            got = (rl.get(g) or {}).get(field)
            if int_or_none(got) != expected:
                fail.append(f"表四 {g}.{field}: expected {expected}, got {got!r}")

    # narratives: each paragraph equal to some imported string
    strings = all_strings(imported)
    where = {}
    for p, s in strings:
        where.setdefault(s.strip(), []).append(p)
    for field, text in mrv.printed_narratives(want):
        found = where.get(text.strip())
        if not found:
            fail.append(f"{field} paragraph “{clip(text)}” not found in the imported JSON")
        elif not any(p == field or p.startswith(field + "[") or p.startswith(field + ".")
                     for p in found):
            notes.append(f"{field} paragraph “{clip(text, 20)}” imported as {', '.join(found)}")

    # the 落款 (not required, reported)
    if want.signature:
        sig = imported.get("signature")
        expected = {"agency": want.signature[0], "date": want.signature[1]}
        if sig != expected:
            notes.append(f"signature: expected {expected}, got {sig!r}")
    return fail, notes


# --------------------------------------------------------------------------
# Making the .docx files
# --------------------------------------------------------------------------

def libreoffice_resaves(docx, outdir, soffice):
    """The .docx re-saved by LibreOffice, directly and through ODT:
    [(name, path)]; a conversion that fails is reported as a failed file."""
    made, failed = [], []
    stem = os.path.splitext(os.path.basename(docx))[0]
    base = [soffice, f"-env:UserInstallation={LO_PROFILE}", "--headless", "--norestore"]

    def convert(src, fmt, out):
        os.makedirs(out, exist_ok=True)
        try:
            rc, so, se = run(base + ["--convert-to", fmt, "--outdir", out, src], LO_TIMEOUT)
        except subprocess.TimeoutExpired:
            return None, f"soffice --convert-to {fmt} timed out"
        ext = fmt.split(":")[0]
        path = os.path.join(out, os.path.splitext(os.path.basename(src))[0] + "." + ext)
        if rc != 0 or not os.path.exists(path):
            return None, f"soffice --convert-to {fmt} failed ({rc}): {clip(se or so, 200)}"
        return path, None

    # docx → docx
    path, err = convert(docx, 'docx:MS Word 2007 XML', os.path.join(outdir, "lo-docx"))
    if path:
        dest = os.path.join(outdir, f"{stem}-lo-docx.docx")
        os.replace(path, dest)
        made.append(("lo-docx", dest))
    else:
        failed.append(("lo-docx", err))
    # docx → odt → docx
    odt, err = convert(docx, "odt", os.path.join(outdir, "lo-odt"))
    if odt:
        path, err = convert(odt, 'docx:MS Word 2007 XML', os.path.join(outdir, "lo-odt", "docx"))
        if path:
            dest = os.path.join(outdir, f"{stem}-lo-odt.docx")
            os.replace(path, dest)
            made.append(("lo-odt", dest))
    if err:
        failed.append(("lo-odt", err))
    return made, failed


def check_file(gongwen, source, docx):
    """Imports one .docx and compares: (failures, notes)."""
    out = os.path.splitext(docx)[0] + ".json"
    if os.path.exists(out):
        os.remove(out)
    rc, so, se = run([gongwen, "import", docx, "-o", out])
    notes = [f"import: {line.split(': ', 1)[-1]}" for line in se.splitlines() if "warning" in line]
    if rc != 0 or not os.path.exists(out):
        return [f"`gongwen import` exited {rc}: {clip(se.strip(), 300)}"], notes
    with open(out, encoding="utf-8") as f:
        imported = json.load(f)
    fail, more = compare(source, imported)
    notes += more
    rc, so, se = run([gongwen, "check", out, "--fonts", "bundled"])
    if rc != 0:
        errors = [line.split(": ", 1)[-1] for line in (se + so).splitlines() if ": error" in line]
        fail.append(f"`gongwen check` exited {rc}: " + "; ".join(clip(e, 160) for e in errors[:5])
                    + (f" (and {len(errors) - 5} more)" if len(errors) > 5 else ""))
    return fail, notes


def main(argv):
    if len(argv) != 3:
        sys.stderr.write(__doc__.split("\n\n")[1] + "\n")
        return 2
    gongwen, workdir = os.path.abspath(argv[1]), os.path.abspath(argv[2])
    os.makedirs(workdir, exist_ok=True)
    results = []  # (name, failures)

    def report(name, fail, notes=()):
        if fail:
            print(f"FAIL {name}: " + "; ".join(fail))
        else:
            print(f"PASS {name}")
        for n in notes:
            print(f"    note: {n}")
        results.append((name, fail))

    # the two sources; the non-zero one must itself pass `gongwen check`
    nonzero = os.path.join(workdir, "nonzero.json")
    with open(nonzero, "w", encoding="utf-8") as f:
        json.dump(nonzero_report(), f, ensure_ascii=False, indent=2)
        f.write("\n")
    rc, so, se = run([gongwen, "check", nonzero, "--fonts", "bundled"])
    if rc != 0:
        report("nonzero.json (source)", [f"`gongwen check` exited {rc}: {clip(se, 500)}"])
        print("the generated source report is not valid; nothing more checked")
        return 1

    soffice = shutil.which("soffice")
    if not soffice:
        print("notice: soffice not found; the LibreOffice re-saves (lo-docx, lo-odt) are skipped")

    for src in (FIXTURE, nonzero):
        stem = os.path.splitext(os.path.basename(src))[0]
        outdir = os.path.join(workdir, stem)
        os.makedirs(outdir, exist_ok=True)
        with open(src, encoding="utf-8") as f:
            source = json.load(f)
        files = []  # (name, path)

        # gongwen's own .docx
        rc, so, se = run([gongwen, "build", src, "-o", outdir, "--fonts", "bundled"])
        own = os.path.join(outdir, stem + ".docx")
        if rc != 0 or not os.path.exists(own):
            report(f"{stem}/gongwen", [f"`gongwen build` exited {rc}: {clip(se, 300)}"])
        else:
            files.append(("gongwen", own))
            if soffice:
                made, failed = libreoffice_resaves(own, outdir, soffice)
                files += made
                for name, err in failed:
                    report(f"{stem}/{name}", [err])

        # the hand-made layouts (through the script's command line)
        vdir = os.path.join(outdir, "variants")
        rc, so, se = run([sys.executable, VARIANTS_SCRIPT, src, vdir])
        if rc != 0:
            report(f"{stem}/variants", [f"make_report_variants.py exited {rc}: {clip(se, 300)}"])
        else:
            for path in so.split():
                name = os.path.splitext(os.path.basename(path))[0][len(stem) + 1:]
                files.append((name, path))

        for name, path in files:
            fail, notes = check_file(gongwen, source, path)
            report(f"{stem}/{name}", fail, notes)

    failed = [n for n, f in results if f]
    print(f"\n{len(results) - len(failed)} passed, {len(failed)} failed"
          + (f": {', '.join(failed)}" if failed else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
