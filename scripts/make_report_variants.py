#!/usr/bin/env python3
"""Writes a 政府信息公开工作年度报告 as several hand-made-looking Word files.

    python3 scripts/make_report_variants.py REPORT.json OUTDIR

REPORT.json is gongwen input of kind "gov-info-annual-report". Each variant is
the same report (same text, same numbers) laid out the way people lay reports
out in Word, so that `gongwen import` can be tested on documents gongwen did
not write:

  A-gridspan      the national grid, merges made as Word makes them
                  (gridSpan across, vMerge down), labels verbatim
  B-messy-labels  the same grid with labels as typed: stray spaces, manual
                  line breaks, (三) half-width, 1、 numbering, （二）部分公开
                  without its note; paragraphs indented with full-width spaces
  C-no-total      表三 without the 总计 column (six numbers a row)
  D-thousands     every number ≥ 1000 written with thousands separators
  E-split-table2  表二 as three small tables; 表三 without vertical merges in
                  its label columns (each group label repeated on every row)
  F-word-habits   the 落款 date in Chinese numerals (二〇二五年一月二十一日);
                  headings 一、…六、 and （一）…（五） without their numbers in
                  the text (Word's automatic numbering, numPr, shows them);
                  parts （二） and （四） run into their first paragraph
                  ("依申请公开情况。<paragraph>")

Files are OUTDIR/<stem>-<variant>.docx; the same input gives byte-identical
files. The labels and layouts are those of src/report/checks.rs, tables.rs and
mod.rs (copied here, so the script does not depend on the importer it tests).
The module is also imported by scripts/check_import.py for the expected
values (Report, printed_narratives).

Needs Python 3 and python-docx (pip install python-docx).
"""

import io
import json
import os
import sys
import zipfile
from datetime import datetime

try:
    from docx import Document
    from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls, qn
    from docx.shared import Mm, Pt
except ImportError:  # pragma: no cover - environment problem, said plainly
    sys.exit("make_report_variants.py needs python-docx (pip install python-docx)")

# --------------------------------------------------------------------------
# The national format's labels (src/report/mod.rs, checks.rs, tables.rs)
# --------------------------------------------------------------------------

SECTIONS = [
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
]

# （一）…（五） of section 一: JSON key under "overview" and national title.
OVERVIEW_PARTS = [
    ("active_disclosure", "（一）主动公开情况"),
    ("applications", "（二）依申请公开情况"),
    ("information_management", "（三）政府信息管理情况"),
    ("platform", "（四）政府信息公开平台建设情况"),
    ("supervision", "（五）监督保障情况"),
]

WITHHELD = "（三）不予公开"
UNAVAILABLE = "（四）无法提供"
NOT_PROCESSED = "（五）不予处理"
OTHER = "（六）其他处理"

# 表三's 25 rows in printed order: JSON path under "applications", group, label.
T3_ROWS = [
    ("new", None, "一、本年新收政府信息公开申请数量"),
    ("carried_over", None, "二、上年结转政府信息公开申请数量"),
    ("results.disclosed", None, "（一）予以公开"),
    ("results.partially_disclosed", None, "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
    ("results.withheld.state_secret", WITHHELD, "1.属于国家秘密"),
    ("results.withheld.prohibited_by_law", WITHHELD, "2.其他法律行政法规禁止公开"),
    ("results.withheld.three_safeties_one_stability", WITHHELD, "3.危及“三安全一稳定”"),
    ("results.withheld.third_party_rights", WITHHELD, "4.保护第三方合法权益"),
    ("results.withheld.internal_affairs", WITHHELD, "5.属于三类内部事务信息"),
    ("results.withheld.process_information", WITHHELD, "6.属于四类过程性信息"),
    ("results.withheld.enforcement_files", WITHHELD, "7.属于行政执法案卷"),
    ("results.withheld.query_matters", WITHHELD, "8.属于行政查询事项"),
    ("results.unavailable.not_held", UNAVAILABLE, "1.本机关不掌握相关政府信息"),
    ("results.unavailable.needs_creation", UNAVAILABLE, "2.没有现成信息需要另行制作"),
    ("results.unavailable.unclear_after_correction", UNAVAILABLE, "3.补正后申请内容仍不明确"),
    ("results.not_processed.petition_complaint", NOT_PROCESSED, "1.信访举报投诉类申请"),
    ("results.not_processed.duplicate", NOT_PROCESSED, "2.重复申请"),
    ("results.not_processed.publications", NOT_PROCESSED, "3.要求提供公开出版物"),
    ("results.not_processed.mass_repeated", NOT_PROCESSED, "4.无正当理由大量反复申请"),
    ("results.not_processed.confirm_or_reissue", NOT_PROCESSED, "5.要求行政机关确认或重新出具已获取信息"),
    ("results.other.no_correction", OTHER,
     "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    ("results.other.unpaid_fee", OTHER,
     "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
    ("results.other.other", OTHER, "3.其他"),
    ("results.total", None, "（七）总计"),
    ("carried_forward", None, "四、结转下年度继续办理"),
]
TOTAL_ROW = 23                # index of （七）总计 in T3_ROWS
RESULT_ROWS = range(2, 23)    # the 21 rows it sums

# 表三's columns: placeholder key and label.
T3_COLUMNS = [
    ("natural_person", "自然人"),
    ("commercial_enterprise", "商业企业"),
    ("research_institution", "科研机构"),
    ("social_organization", "社会公益组织"),
    ("legal_service", "法律服务机构"),
    ("other", "其他"),
    ("total", "总计"),
]
T3_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
T3_RESULTS = "三、本年度办理结果"

# 表四: groups and the columns of each group.
T4_GROUPS = ["review", "direct_suit", "suit_after_review"]
T4_COLUMNS = ["upheld", "corrected", "other", "pending", "total"]
T4_OUTCOMES = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]

CHINESE_DIGITS = "零一二三四五六七八九"


def chinese_number(n):
    """1 → 一, 10 → 十, 11 → 十一, 20 → 二十 (as model.rs's chinese_number)."""
    if n < 10:
        return CHINESE_DIGITS[n]
    tens, ones = divmod(n, 10)
    head = "" if tens == 1 else CHINESE_DIGITS[tens]
    return head + "十" + (CHINESE_DIGITS[ones] if ones else "")


def heading_number(level, n):
    """The number gongwen gives item n at a heading level (model.rs)."""
    if level == 1:
        return f"{chinese_number(n)}、"
    if level == 2:
        return f"（{chinese_number(n)}）"
    if level == 3:
        return f"{n}."
    return f"（{n}）"


def chinese_date(iso):
    """2025-01-21 → 2025年1月21日 (no leading zeros)."""
    y, m, d = (int(x) for x in iso.strip().split("-"))
    return f"{y}年{m}月{d}日"


def chinese_numeral_date(iso):
    """2025-01-21 → 二〇二五年一月二十一日 (the year digit by digit, 〇 for
    zero; month and day as numbers: 十, 十二, 二十一)."""
    y, m, d = (int(x) for x in iso.strip().split("-"))
    year = "".join("〇" if c == "0" else CHINESE_DIGITS[int(c)] for c in str(y))
    return f"{year}年{chinese_number(m)}月{chinese_number(d)}日"


# --------------------------------------------------------------------------
# The report: numbers with totals filled in, narratives as printed
# --------------------------------------------------------------------------

def get_path(obj, dotted):
    """obj["a"]["b"]["c"] for "a.b.c"; None when a step is missing."""
    for key in dotted.split("."):
        if not isinstance(obj, dict) or key not in obj:
            return None
        obj = obj[key]
    return obj


def as_int(v):
    """A count as the input may write it (an integer, or a string of digits)."""
    if isinstance(v, bool):
        raise ValueError(f"not a count: {v!r}")
    if isinstance(v, int):
        return v
    if isinstance(v, str) and v.strip().isdigit():
        return int(v.strip())
    raise ValueError(f"not a count: {v!r}")


class Report:
    """The values a report prints: what its tables show and its paragraphs."""

    def __init__(self, data):
        if data.get("kind") != "gov-info-annual-report":
            raise ValueError('not a report of kind "gov-info-annual-report"')
        self.data = data
        self.agency = data["agency"]
        self.year = int(data["year"])
        self.date = data.get("date")
        sig = data.get("signature")
        self.signature = (sig["agency"], sig["date"]) if sig else None
        ad = data["active_disclosure"]
        # 表二
        self.t2 = {
            "regulations": [as_int(ad["regulations"][k]) for k in ("made", "repealed", "in_force")],
            "normative_documents": [as_int(ad["normative_documents"][k])
                                    for k in ("made", "repealed", "in_force")],
            "licensing_decisions": as_int(ad["licensing_decisions"]),
            "penalty_decisions": as_int(ad["penalty_decisions"]),
            "coercion_decisions": as_int(ad["coercion_decisions"]),
            "fees_wan_yuan": str(ad["fees_wan_yuan"]).strip(),
        }
        # 表三: 25 rows of 7 numbers (总计 column and （七）总计 row computed)
        rows = []
        for path, _, _ in T3_ROWS:
            given = get_path(data["applications"], path)
            six = [as_int(v) for v in given[:6]] if given is not None else [0] * 6
            rows.append(six + [sum(six)])
        rows[TOTAL_ROW] = [sum(rows[r][c] for r in RESULT_ROWS) for c in range(7)]
        self.t3 = rows
        # 表四: 3 groups of 5 (总计 computed)
        rl = data["review_litigation"]
        self.t4 = []
        for g in T4_GROUPS:
            four = [as_int(rl[g][k]) for k in T4_COLUMNS[:4]]
            self.t4.append(four + [sum(four)])
        self.values = self._placeholder_values()

    def _placeholder_values(self):
        """Every value a narrative may quote by {name} (mod.rs placeholder_values)."""
        v = {"agency": self.agency, "year": str(self.year), "next_year": str(self.year + 1)}
        for key in ("regulations", "normative_documents"):
            for i, field in enumerate(("made", "repealed", "in_force")):
                v[f"active_disclosure.{key}.{field}"] = str(self.t2[key][i])
        for key in ("licensing_decisions", "penalty_decisions", "coercion_decisions",
                    "fees_wan_yuan"):
            v[f"active_disclosure.{key}"] = str(self.t2[key])
        for (path, _, _), row in zip(T3_ROWS, self.t3):
            for col, (name, _) in enumerate(T3_COLUMNS):
                v[f"applications.{path}.{name}"] = str(row[col])
        for g, group in zip(T4_GROUPS, self.t4):
            for name, n in zip(T4_COLUMNS, group):
                v[f"review_litigation.{g}.{name}"] = str(n)
        v["review_litigation.litigation.total"] = str(self.t4[1][4] + self.t4[2][4])
        return v

    def fill(self, text):
        """Replaces {name} placeholders as gongwen does (a name is [a-z0-9_.]+)."""
        out, i = [], 0
        while True:
            j = text.find("{", i)
            if j < 0:
                out.append(text[i:])
                return "".join(out)
            out.append(text[i:j])
            k = j + 1
            while k < len(text) and (text[k].islower() and text[k].isascii()
                                     or text[k].isdigit() and text[k].isascii()
                                     or text[k] in "_."):
                k += 1
            name = text[j + 1:k]
            if name and k < len(text) and text[k] == "}":
                if name not in self.values:
                    raise ValueError(f"unknown placeholder {{{name}}}")
                out.append(self.values[name])
                i = k + 1
            else:
                out.append("{")
                i = j + 1

    def title_lines(self):
        """The title's lines: as given, else one line (Word users type one)."""
        return self.data.get("title_lines") or [f"{self.agency}{self.year}年政府信息公开工作年度报告"]

    def narrative(self, n, item_level):
        """A narrative's paragraphs as printed: numbered items get their numbers."""
        if n is None:
            return []
        if isinstance(n, str):
            items = [n]
        elif isinstance(n, list):
            items = n
        else:
            items = [heading_number(item_level, i + 1) + s for i, s in enumerate(n["numbered"])]
        return [self.fill(s) for s in items]

    def preamble(self):
        if self.data.get("preamble") is not None:
            return [self.fill(p) for p in self.data["preamble"]]
        return self._default_preamble()

    def _default_preamble(self):
        """The opening gongwen writes when none is given (mod.rs default_preamble)."""
        a, y, c = self.agency, self.year, self.data.get("contact")
        third = f"本报告所列数据的统计期限自{y}年1月1日起至{y}年12月31日止。"
        if c:
            p, u = c.get("portal"), c.get("url")
            if p and u:
                third += f"本报告电子版可在{p}（{u}）查阅或下载。"
            elif p:
                third += f"本报告电子版可在{p}查阅或下载。"
            elif u:
                third += f"本报告电子版可在{u}查阅或下载。"
            details = [f"{k}：{c[f]}" for k, f in (("地址", "address"), ("联系电话", "phone"))
                       if c.get(f)]
            if details:
                third += f"如对本报告有疑问，请与{a}联系（{'，'.join(details)}）。"
        return [
            f"本报告由{a}按照《中华人民共和国政府信息公开条例》（以下简称《条例》）和"
            "《中华人民共和国政府信息公开工作年度报告格式》（国办公开办函〔2021〕30号）要求编制。",
            "本报告内容包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、"
            "政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项等六部分内容。",
            third,
        ]

    def part_title(self, k):
        """（一）… heading of part k: the national title or the report's own."""
        key, national = OVERVIEW_PARTS[k]
        own = (self.data["overview"].get("titles") or {}).get(key)
        return heading_number(2, k + 1) + own.strip() if own else national


def printed_narratives(report):
    """(JSON path, paragraph as printed) for every narrative paragraph of a report."""
    o = report.data["overview"]
    out = [("preamble", p) for p in report.preamble()]
    out += [("overview.opening", p) for p in report.narrative(o.get("opening"), 2)]
    for key, _ in OVERVIEW_PARTS:
        out += [(f"overview.{key}", p) for p in report.narrative(o[key], 3)]
    out += [("problems", p) for p in report.narrative(report.data["problems"], 2)]
    out += [("other_matters", p) for p in report.narrative(report.data["other_matters"], 2)]
    return out


# --------------------------------------------------------------------------
# Table grids: cells placed row by row as in tables.rs (HTML-like spans)
# --------------------------------------------------------------------------

class Grid:
    """Cells given row by row; a cell goes to the next column not covered by
    a span from above, as tables.rs's Builder places them."""

    def __init__(self, ncols, widths=None):
        self.ncols = ncols
        self.widths = widths  # relative column widths (None: equal)
        self.covered = []
        self.cells = []   # (row, col, rowspan, colspan, text, is_number)
        self.row = 0
        self.col = 0

    def next_row(self):
        self.row += 1
        self.col = 0

    def cell(self, text, rowspan=1, colspan=1, number=False):
        while len(self.covered) < self.row + rowspan:
            self.covered.append([False] * self.ncols)
        while self.covered[self.row][self.col]:
            self.col += 1
        for r in range(self.row, self.row + rowspan):
            for c in range(self.col, self.col + colspan):
                self.covered[r][c] = True
        self.cells.append((self.row, self.col, rowspan, colspan, text, number))
        self.col += colspan

    @property
    def nrows(self):
        return len(self.covered)


class Style:
    """What varies between variants."""

    def __init__(self, labels=None, thousands=False, t3_total=True, split_t2=False,
                 repeat_groups=False, title_as_lines=True, fullwidth_indent=False,
                 numeral_date=False, auto_numbers=False, run_in_parts=()):
        self.labels = labels or {}          # national label → label as typed
        self.thousands = thousands          # 1,234
        self.t3_total = t3_total            # 表三 has its 总计 column
        self.split_t2 = split_t2            # 表二 as three tables
        self.repeat_groups = repeat_groups  # 表三's label columns without vMerge
        self.title_as_lines = title_as_lines
        self.fullwidth_indent = fullwidth_indent
        self.numeral_date = numeral_date    # 落款 date as 二〇二五年一月二十一日
        self.auto_numbers = auto_numbers    # headings' numbers by numPr, not in the text
        self.run_in_parts = run_in_parts    # indices k of （一）… run into their 1st paragraph

    def label(self, text):
        return self.labels.get(text, text)

    def number(self, n):
        """A count (int) or the fee (a decimal string) as typed in a cell."""
        if not self.thousands:
            return str(n)
        s = str(n)
        whole, dot, frac = s.partition(".")
        return f"{int(whole):,}" + dot + frac


def documents_part(r, L, num):
    """表二's first part, 规章 and 行政规范性文件 (制发, 废止, 现行有效), as a
    4-column grid that the rest of 表二 may continue."""
    g = Grid(4)
    g.cell(L("第二十条第（一）项"), 1, 4)
    g.next_row()
    for t in ("信息内容", "本年制发件数", "本年废止件数", "现行有效件数"):
        g.cell(L(t))
    for key, label in (("regulations", "规章"), ("normative_documents", "行政规范性文件")):
        g.next_row()
        g.cell(L(label))
        for n in r.t2[key]:
            g.cell(num(n), number=True)
    return g


def table2_grids(r, st):
    """表二: the national 14 × 4 grid, or three small tables (variant E)."""
    L = st.label
    num = lambda n: st.number(n)  # noqa: E731
    if not st.split_t2:
        g = documents_part(r, L, num)
        for heading, rows in (
            ("第二十条第（五）项", [("行政许可", "licensing_decisions")]),
            ("第二十条第（六）项", [("行政处罚", "penalty_decisions"),
                                   ("行政强制", "coercion_decisions")]),
        ):
            g.next_row()
            g.cell(L(heading), 1, 4)
            g.next_row()
            g.cell(L("信息内容"))
            g.cell(L("本年处理决定数量"), 1, 3)
            for label, key in rows:
                g.next_row()
                g.cell(L(label))
                g.cell(num(r.t2[key]), 1, 3, number=True)
        g.next_row()
        g.cell(L("第二十条第（八）项"), 1, 4)
        g.next_row()
        g.cell(L("信息内容"))
        g.cell(L("本年收费金额（单位：万元）"), 1, 3)
        g.next_row()
        g.cell(L("行政事业性收费"))
        g.cell(num(r.t2["fees_wan_yuan"]), 1, 3, number=True)
        return [g]
    # variant E: 规章/规范性文件; 许可/处罚/强制; 收费 — each its own table
    a = documents_part(r, L, num)
    b = Grid(2)
    b.cell(L("信息内容"))
    b.cell(L("本年处理决定数量"))
    for label, key in (("行政许可", "licensing_decisions"), ("行政处罚", "penalty_decisions"),
                       ("行政强制", "coercion_decisions")):
        b.next_row()
        b.cell(L(label))
        b.cell(num(r.t2[key]), number=True)
    c = Grid(2)
    c.cell(L("信息内容"))
    c.cell(L("本年收费金额（单位：万元）"))
    c.next_row()
    c.cell(L("行政事业性收费"))
    c.cell(num(r.t2["fees_wan_yuan"]), number=True)
    return [a, b, c]


def table3_grid(r, st):
    """表三: 28 × 10 (9 without 总计), as tables.rs's table3."""
    L = st.label
    ncols = 10 if st.t3_total else 9
    # label columns as the national template's, number columns wide enough for 1,234
    g = Grid(ncols, [600, 700, 2300] + [800] * (ncols - 3))
    g.cell(L(T3_NOTE), 3, 3)
    g.cell(L("申请人情况"), 1, ncols - 3)
    g.next_row()
    g.cell(L("自然人"), 2, 1)
    g.cell(L("法人或其他组织"), 1, 5)
    if st.t3_total:
        g.cell(L("总计"), 2, 1)
    g.next_row()
    for t in ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"):
        g.cell(L(t))
    group_size = {grp: sum(1 for _, gg, _ in T3_ROWS if gg == grp)
                  for grp in (WITHHELD, UNAVAILABLE, NOT_PROCESSED, OTHER)}
    last_group = None
    for i, (path, group, label) in enumerate(T3_ROWS):
        g.next_row()
        in_results = path.startswith("results.")
        if st.repeat_groups:
            if in_results:
                g.cell(L(T3_RESULTS))          # repeated on each of the 22 rows
        elif path == "results.disclosed":
            g.cell(L(T3_RESULTS), 22, 1)       # one cell merged down 22 rows
        if group:
            if st.repeat_groups:
                g.cell(L(group))               # the group label on each of its rows
            elif group != last_group:
                g.cell(L(group), group_size[group], 1)
            g.cell(L(label))
        elif in_results:
            g.cell(L(label), 1, 2)
        else:
            g.cell(L(label), 1, 3)
        last_group = group
        for n in r.t3[i][:7 if st.t3_total else 6]:
            g.cell(st.number(n), number=True)
    return g


def table4_grid(r, st):
    """表四: 4 × 15, as tables.rs's table4."""
    L = st.label
    g = Grid(15)
    g.cell(L("行政复议"), 1, 5)
    g.cell(L("行政诉讼"), 1, 10)
    g.next_row()
    for t in T4_OUTCOMES:
        g.cell(L(t), 2, 1)
    g.cell(L("未经复议直接起诉"), 1, 5)
    g.cell(L("复议后起诉"), 1, 5)
    g.next_row()
    for _ in range(2):
        for t in T4_OUTCOMES:
            g.cell(L(t))
    g.next_row()
    for group in r.t4:
        for n in group:
            g.cell(st.number(n), number=True)
    return g


# --------------------------------------------------------------------------
# Writing Word
# --------------------------------------------------------------------------

def set_east_asian_font(run_or_style_element, name):
    """w:rFonts w:eastAsia, which python-docx does not set by itself."""
    rpr = run_or_style_element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, fonts)
    fonts.set(qn("w:eastAsia"), name)


def write_text(paragraph, text, font=None, size=None, bold=False):
    """Text into a paragraph; "\\n" is a manual line break (Shift+Enter)."""
    parts = text.split("\n")
    for i, part in enumerate(parts):
        run = paragraph.add_run(part)
        run.bold = bold or None
        if size:
            run.font.size = Pt(size)
        if font:
            set_east_asian_font(run._r, font)
        if i < len(parts) - 1:
            run.add_break()


def add_grid(doc, grid):
    """A Word table from a Grid: spans merged with python-docx (gridSpan
    across, vMerge down), text written into each merged cell."""
    table = doc.add_table(rows=grid.nrows, cols=grid.ncols)
    table.style = "Table Grid"
    if grid.widths:
        # widths before merging: a merged cell gets the sum of its columns
        text_width = doc.sections[0].page_width - doc.sections[0].left_margin \
            - doc.sections[0].right_margin
        scale = text_width / sum(grid.widths)
        for i, w in enumerate(grid.widths):
            table.columns[i].width = int(w * scale)
            for c in table.columns[i].cells:
                c.width = int(w * scale)
    for row, col, rs, cs, text, is_number in grid.cells:
        cell = table.cell(row, col)
        if rs > 1 or cs > 1:
            cell = cell.merge(table.cell(row + rs - 1, col + cs - 1))
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        p = cell.paragraphs[0]
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER if is_number or cs > 1 else None
        write_text(p, text, font="宋体", size=9)  # 小五, as people shrink wide tables
    return table


def add_list(doc, lvl_text):
    """A one-level list as Word's 编号 button makes it (1 一、 or （一）: numFmt
    chineseCounting, nothing between number and text): returns its numId."""
    numbering = doc.part.numbering_part.element
    aid = 1 + max((int(a.get(qn("w:abstractNumId")))
                   for a in numbering.findall(qn("w:abstractNum"))), default=-1)
    nid = 1 + max((int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))),
                  default=0)
    abstract = parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{aid}">'
        '<w:multiLevelType w:val="singleLevel"/>'
        '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
        f'<w:suff w:val="nothing"/><w:lvlText w:val="{lvl_text}"/><w:lvlJc w:val="left"/>'
        '<w:pPr><w:ind w:left="0" w:firstLine="640"/></w:pPr></w:lvl></w:abstractNum>')
    first_num = numbering.find(qn("w:num"))  # schema order: abstractNums before nums
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="{nid}">'
                               f'<w:abstractNumId w:val="{aid}"/></w:num>'))
    return nid


def set_list(paragraph, num_id):
    """The paragraph made an item of list num_id (w:numPr, level 0)."""
    num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = 0
    num_pr.get_or_add_numId().val = num_id


class Writer:
    """Paragraphs the way a person types a report in Word."""

    def __init__(self, st):
        self.st = st
        self.doc = Document()
        sec = self.doc.sections[0]  # A4 with GB/T 9704's margins
        sec.page_width, sec.page_height = Mm(210), Mm(297)
        sec.top_margin, sec.bottom_margin = Mm(37), Mm(35)
        sec.left_margin, sec.right_margin = Mm(28), Mm(26)
        normal = self.doc.styles["Normal"]
        normal.font.size = Pt(16)  # 三号
        set_east_asian_font(normal.element, "仿宋_GB2312")
        self.list1 = self.list2 = None
        if st.auto_numbers:  # two lists: 一、…六、 and （一）…（五）
            self.list1, self.list2 = add_list(self.doc, "%1、"), add_list(self.doc, "（%1）")

    def _heading(self, text, prefix, list_id):
        """A heading paragraph; with auto_numbers its typed number (prefix) is
        left out of the text and numPr numbers it instead."""
        p = self.doc.add_paragraph()
        p.paragraph_format.first_line_indent = Pt(32)
        if self.st.auto_numbers:
            assert text.startswith(prefix), (text, prefix)
            text = text[len(prefix):]
            set_list(p, list_id)
        return p, text

    def title(self, lines):
        for line in lines:
            p = self.doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            write_text(p, line, font="方正小标宋简体", size=22)
        self.doc.add_paragraph()  # the blank line under the title

    def body(self, text):
        p = self.doc.add_paragraph()
        if self.st.fullwidth_indent:
            text = "\u3000\u3000" + text        # indented by typing two 全角 spaces
        else:
            p.paragraph_format.first_line_indent = Pt(32)
        write_text(p, text)

    def heading1(self, text):
        p, text = self._heading(text, text.split("、", 1)[0] + "、", self.list1)
        write_text(p, text, font="黑体")

    def heading2(self, text, k, first=None):
        """（一）… heading of part k; with first, the part's first paragraph runs
        on in the same paragraph: "<heading>。<first>"."""
        p, text = self._heading(text, heading_number(2, k + 1), self.list2)
        if first is None:
            write_text(p, text, font="楷体_GB2312")
        else:
            write_text(p, text + "。", font="楷体_GB2312")
            write_text(p, first)

    def tables(self, grids):
        for i, g in enumerate(grids):
            if i:
                self.doc.add_paragraph()  # tables typed one after another, a blank line between
            add_grid(self.doc, g)

    def signature(self, agency, date_line):
        self.doc.add_paragraph()
        for text in (agency, date_line):
            p = self.doc.add_paragraph()
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            write_text(p, text)


def build(report, st):
    """The whole report in one variant's layout."""
    w = Writer(st)
    r, o = report, report.data["overview"]
    if st.title_as_lines:
        w.title(r.title_lines())
    else:
        w.title(["".join(r.title_lines())])
    for p in r.preamble():
        w.body(p)
    w.heading1(SECTIONS[0])
    for p in r.narrative(o.get("opening"), 2):
        w.body(p)
    for k, (key, _) in enumerate(OVERVIEW_PARTS):
        paras = r.narrative(o[key], 3)
        if k in st.run_in_parts and paras:  # heading and first paragraph as one
            w.heading2(r.part_title(k), k, paras[0])
            paras = paras[1:]
        else:
            w.heading2(r.part_title(k), k)
        for p in paras:
            w.body(p)
    w.heading1(SECTIONS[1])
    w.tables(table2_grids(r, st))
    w.heading1(SECTIONS[2])
    w.tables([table3_grid(r, st)])
    w.heading1(SECTIONS[3])
    w.tables([table4_grid(r, st)])
    w.heading1(SECTIONS[4])
    for p in r.narrative(r.data["problems"], 2):
        w.body(p)
    w.heading1(SECTIONS[5])
    for p in r.narrative(r.data["other_matters"], 2):
        w.body(p)
    agency, date = r.signature or (r.agency, r.date)
    if date:
        w.signature(agency, chinese_numeral_date(date) if st.numeral_date else chinese_date(date))
    return w.doc


def save_deterministic(doc, path, when):
    """Saves with fixed document dates and zip timestamps: same input, same bytes."""
    cp = doc.core_properties
    cp.created = cp.modified = when
    cp.last_modified_by = cp.author = "make_report_variants.py"
    cp.revision = 1
    buf = io.BytesIO()
    doc.save(buf)
    buf.seek(0)
    with zipfile.ZipFile(buf) as src, zipfile.ZipFile(path + ".tmp", "w") as out:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            out.writestr(fixed, src.read(info.filename))
    os.replace(path + ".tmp", path)


# --------------------------------------------------------------------------
# The variants
# --------------------------------------------------------------------------

# Labels as people type them: stray spaces, manual line breaks ("\n"),
# half-width (三), 1、 numbering, （二）部分公开 without its note.
MESSY_LABELS = {
    # 表三 header
    T3_NOTE: "（本列数据的勾稽关系为：第一项加第二项之和，\n等于第三项加第四项之和）",
    "申请人情况": "申请人 情况",
    "法人或其他组织": "法人或\n其他组织",
    "社会公益组织": "社会公益\n组织",
    "法律服务机构": "法律服务\n机构",
    # 表三 rows
    "一、本年新收政府信息公开申请数量": "一、本年新收 政府信息公开申请数量",
    "二、上年结转政府信息公开申请数量": "二、上年结转政府信息\n公开申请数量",
    T3_RESULTS: "三、本年度\n办理结果",
    "（一）予以公开": "(一)予以公开",
    "（二）部分公开（区分处理的，只计这一情形，不计其他情形）": "（二）部分公开",
    WITHHELD: "(三)不予公开",
    UNAVAILABLE: "（四） 无法提供",
    NOT_PROCESSED: "(五)不予处理",
    OTHER: "（六）其他\n处理",
    "1.属于国家秘密": "1、属于国家秘密",
    "2.其他法律行政法规禁止公开": "2、其他法律行政法规\n禁止公开",
    "3.危及“三安全一稳定”": "3、危及 “三安全一稳定”",
    "4.保护第三方合法权益": "4、保护第三方合法权益",
    "5.属于三类内部事务信息": "5、属于三类内部事务信息",
    "6.属于四类过程性信息": "6、属于四类过程性信息",
    "7.属于行政执法案卷": "7、属于行政执法案卷",
    "8.属于行政查询事项": "8、属于行政查询事项",
    "1.本机关不掌握相关政府信息": "1、本机关不掌握相关 政府信息",
    "2.没有现成信息需要另行制作": "2、没有现成信息需要另行制作",
    "3.补正后申请内容仍不明确": "3、补正后申请内容\n仍不明确",
    "1.信访举报投诉类申请": "1、信访举报投诉类申请",
    "2.重复申请": "2、重复申请",
    "3.要求提供公开出版物": "3、要求提供公开出版物",
    "4.无正当理由大量反复申请": "4、无正当理由大量反复申请",
    "5.要求行政机关确认或重新出具已获取信息": "5、要求行政机关确认或\n重新出具已获取信息",
    "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请":
        "1、申请人无正当理由逾期不补正、\n行政机关不再处理其政府信息公开申请",
    "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请":
        "2、申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
    "3.其他": "3、其他",
    "（七）总计": "(七)总 计",
    "四、结转下年度继续办理": "四、结转下年度\n继续办理",
    # 表二
    "第二十条第（一）项": "第二十条第(一)项",
    "信息内容": "信息 内容",
    "本年制发件数": "本年制发\n件数",
    "规章": "规 章",
    "行政规范性文件": "行政规范性\n文件",
    "行政许可": "行政 许可",
    "本年收费金额（单位：万元）": "本年收费金额\n（单位：万元）",
    "行政事业性收费": "行政事业性\n收费",
    # 表四
    "行政复议": "行政 复议",
    "结果维持": "结果\n维持",
    "未经复议直接起诉": "未经复议\n直接起诉",
    "复议后起诉": "复议后 起诉",
    "总计": "总 计",
}

VARIANTS = {
    "A-gridspan": Style(),
    "B-messy-labels": Style(labels=MESSY_LABELS, fullwidth_indent=True),
    "C-no-total": Style(t3_total=False, title_as_lines=False),
    "D-thousands": Style(thousands=True),
    "E-split-table2": Style(split_t2=True, repeat_groups=True, title_as_lines=False),
    # three Word habits at once; run_in_parts are indices into OVERVIEW_PARTS: （二）, （四）
    "F-word-habits": Style(numeral_date=True, auto_numbers=True, run_in_parts=(1, 3)),
}


def write_variants(report_path, outdir):
    """Writes every variant of the report; returns the paths written."""
    with open(report_path, encoding="utf-8") as f:
        report = Report(json.load(f))
    os.makedirs(outdir, exist_ok=True)
    stem = os.path.splitext(os.path.basename(report_path))[0]
    # fixed document dates: the report's own date, else 1 January of the next year
    y, m, d = (int(x) for x in (report.date or f"{report.year + 1}-01-01").split("-"))
    when = datetime(y, m, d, 9, 0, 0)
    paths = []
    for name, st in VARIANTS.items():
        path = os.path.join(outdir, f"{stem}-{name}.docx")
        save_deterministic(build(report, st), path, when)
        paths.append(path)
    return paths


def main(argv):
    if len(argv) != 3:
        sys.stderr.write(__doc__.split("\n\n")[1] + "\n")
        return 2
    for p in write_variants(argv[1], argv[2]):
        print(p)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
