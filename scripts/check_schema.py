#!/usr/bin/env python3
"""`gongwen schema` agrees with `gongwen check`.

    python3 scripts/check_schema.py GONGWEN_BINARY

Validates every fixture (fixtures/*.json, fixtures/held-out/*.json) and every
file of fixtures/invalid/ against the schema with a JSON Schema validator
(jsonschema, draft 2020-12), plus a few mutations of the starter report, and
requires:

  - the schema never refuses what the tool accepts;
  - the schema refuses what it can express (unknown fields, negative counts,
    fractions, a year that is not a number, a row of five numbers, a wrong
    kind), and the tool refuses it too;
  - a year is read as the tool reads it: 2025, "2025" and " 2025 " are
    accepted by both; 1999, "1999", "二〇二五" refused by both;
  - for a report with a bad year, the validator's best error is at `year`,
    not at `kind` (what an editor shows);
  - the Chinese schema (`gongwen --lang zh schema`) differs from the English
    one in titles and descriptions only, and has Chinese titles.

The rest — sums of the tables, spans inside the grid, fonts, placeholders —
is beyond what a schema can say; those files must pass the schema and fail
the tool. One line per case and a summary; exit 1 on any disagreement.
"""

import copy
import glob
import json
import os
import subprocess
import sys
import tempfile

import jsonschema

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def tool_accepts(binary, path):
    p = subprocess.run(
        [binary, "check", "--draft", "--fonts", "bundled", path],
        capture_output=True, text=True, timeout=120,
    )
    return p.returncode == 0


def main():
    binary = sys.argv[1]
    schema = json.loads(subprocess.run([binary, "schema"], capture_output=True,
                                       text=True, check=True).stdout)
    validator = jsonschema.Draft202012Validator(schema)
    failures = 0

    def case(name, doc, path, schema_should_refuse):
        nonlocal failures
        errors = list(validator.iter_errors(doc))
        refused = bool(errors)
        accepted_by_tool = tool_accepts(binary, path)
        problem = None
        if refused and accepted_by_tool:
            best = jsonschema.exceptions.best_match(errors)
            problem = f"the schema refuses what the tool accepts: {list(best.absolute_path)}: {best.message[:120]}"
        elif schema_should_refuse and not refused:
            problem = "the schema accepts what it can express as wrong"
        elif schema_should_refuse and accepted_by_tool:
            problem = "the tool accepts it"
        if problem:
            failures += 1
            print(f"FAIL {name}: {problem}")
        else:
            print(f"PASS {name} (schema {'refuses' if refused else 'accepts'}, tool {'accepts' if accepted_by_tool else 'refuses'})")
        return errors

    # the fixtures and the invalid fixtures, as they are
    files = sorted(glob.glob(os.path.join(ROOT, "fixtures", "*.json"))
                   + glob.glob(os.path.join(ROOT, "fixtures", "held-out", "*.json"))
                   + glob.glob(os.path.join(ROOT, "fixtures", "invalid", "*.json")))
    expressible = {"unknown-field", "r4-negative", "r4-fraction"}
    for path in files:
        name = os.path.relpath(path, ROOT)
        try:
            with open(path, encoding="utf-8") as f:
                doc = json.load(f)
        except (ValueError, UnicodeDecodeError):
            print(f"skip {name} (not JSON: the tool's own syntax messages cover it)")
            continue
        stem = os.path.splitext(os.path.basename(path))[0]
        case(name, doc, path, stem in expressible)

    # mutations of a starter report
    starter = json.loads(subprocess.run(
        [binary, "new", "annual-report", "--agency", "某某局", "--year", "2025"],
        capture_output=True, text=True, check=True).stdout)
    mutations = [
        ("year quoted", lambda d: d.__setitem__("year", "2025"), False),
        ("year quoted with spaces", lambda d: d.__setitem__("year", " 2025 "), False),
        ("year 2100", lambda d: d.__setitem__("year", 2100), False),
        ("year out of range", lambda d: d.__setitem__("year", 1999), True),
        ("year quoted out of range", lambda d: d.__setitem__("year", "1999"), True),
        ("year of five digits", lambda d: d.__setitem__("year", "20250"), True),
        ("count quoted", lambda d: d["active_disclosure"].__setitem__("licensing_decisions", "12"), False),
        ("fee as a number", lambda d: d["active_disclosure"].__setitem__("fees_wan_yuan", 96171.6), False),
        ("year in words", lambda d: d.__setitem__("year", "二〇二五"), True),
        ("count negative", lambda d: d["active_disclosure"].__setitem__("penalty_decisions", -1), True),
        ("row of five", lambda d: d["applications"].__setitem__("new", [0, 0, 0, 0, 0]), True),
        ("unknown kind", lambda d: d.__setitem__("kind", "report"), True),
        ("unknown field", lambda d: d.__setitem__("agencyy", "x"), True),
    ]
    with tempfile.TemporaryDirectory() as tmp:
        for name, mutate, refuse in mutations:
            doc = copy.deepcopy(starter)
            mutate(doc)
            path = os.path.join(tmp, "case.json")
            with open(path, "w", encoding="utf-8") as f:
                json.dump(doc, f, ensure_ascii=False)
            errors = case(f"starter: {name}", doc, path, refuse)
            if name.startswith("year") and refuse:
                best = jsonschema.exceptions.best_match(errors) if errors else None
                where = list(best.absolute_path) if best else None
                if where != ["year"]:
                    failures += 1
                    print(f"FAIL starter: {name}: the editor's error is at {where}, not at ['year']")
                else:
                    print(f"PASS starter: {name}: the editor's error is at year")

    # the Chinese schema: the same schema, in Chinese words
    zh = json.loads(subprocess.run([binary, "--lang", "zh", "schema"], capture_output=True,
                                   text=True, check=True).stdout)

    def strip(v):
        if isinstance(v, dict):
            return {k: strip(x) for k, x in v.items() if k not in ("title", "description")}
        if isinstance(v, list):
            return [strip(x) for x in v]
        return v

    year_title = zh["$defs"]["AnnualReportInput"]["properties"]["year"].get("title")
    if strip(zh) != strip(schema):
        failures += 1
        print("FAIL the Chinese schema differs from the English one beyond titles and descriptions")
    elif year_title != "报告年度":
        failures += 1
        print(f"FAIL the Chinese schema's title of year is {year_title!r}, not 报告年度")
    else:
        print("PASS the Chinese schema: the same schema, year titled 报告年度")

    print()
    print("schema and tool agree" if failures == 0 else f"{failures} disagreement(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
