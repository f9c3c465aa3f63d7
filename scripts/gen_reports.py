#!/usr/bin/env python3
"""Writes N valid 政府信息公开工作年度报告 inputs for benchmarks and batch tests.

    scripts/gen_reports.py N DIR [--broken K] [--seed S]

Each report is fixtures/wenshang-2024.json with another agency and random but
consistent statistics (same seed, same files):
  R1  一 + 二 = 三（七）总计 + 四, per column
  R2  （七）总计 = the sum of the 21 result rows
  R3  a row's 总计 = the sum of its six applicant columns
  R5  a 表四 group's 总计 = the sum of its four parts
About one report in eight is a large agency with 4–5 digit counts.

With --broken K, K more files are written, cycling through three faults:
an R1 imbalance, malformed (truncated) JSON, an R5 total. Their names start
with `broken-` so a caller can tell them apart. Run from anywhere; paths are
resolved against the repository root.
"""
import argparse
import copy
import json
import os
import random
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SPECIMEN = os.path.join(ROOT, 'fixtures', 'wenshang-2024.json')
OLD_AGENCY = '汶上县投资促进服务中心'
OLD_PLACE = '汶上'

PLACES = ['东阳', '西平', '南山', '北川', '中牟', '新安', '平阳', '安化', '河津', '山阴',
          '长乐', '永和', '兴业', '宁远', '清河', '光山', '正阳', '龙门', '丰宁', '泰和']
PLACE_KINDS = ['县', '市', '区']
DEPARTMENTS = ['人民政府办公室', '发展和改革局', '教育和体育局', '公安局', '民政局', '司法局',
               '财政局', '人力资源和社会保障局', '自然资源和规划局', '生态环境分局',
               '住房和城乡建设局', '交通运输局', '水利局', '农业农村局', '商务局',
               '文化和旅游局', '卫生健康局', '退役军人事务局', '应急管理局', '审计局',
               '市场监督管理局', '统计局', '医疗保障局', '林业局', '信访局',
               '投资促进服务中心', '行政审批服务局', '城市管理局']

RESULT_GROUPS = {
    'withheld': ['state_secret', 'prohibited_by_law', 'three_safeties_one_stability',
                 'third_party_rights', 'internal_affairs', 'process_information',
                 'enforcement_files', 'query_matters'],
    'unavailable': ['not_held', 'needs_creation', 'unclear_after_correction'],
    'not_processed': ['petition_complaint', 'duplicate', 'publications', 'mass_repeated',
                      'confirm_or_reissue'],
    'other': ['no_correction', 'unpaid_fee', 'other'],
}


def with_total(six):
    return list(six) + [sum(six)]


def replace_strings(value, pairs):
    """Replaces text in every string of a JSON value."""
    if isinstance(value, str):
        for old, new in pairs:
            value = value.replace(old, new)
        return value
    if isinstance(value, list):
        return [replace_strings(v, pairs) for v in value]
    if isinstance(value, dict):
        return {k: replace_strings(v, pairs) for k, v in value.items()}
    return value


class Generator:
    def __init__(self, rng):
        self.rng = rng

    def count(self, scale, p_zero):
        """A cell: often 0; otherwise up to `scale`, skewed towards small numbers."""
        if self.rng.random() < p_zero:
            return 0
        return int(scale * self.rng.random() ** 3)

    def row(self, scales, p_zero):
        return [self.count(s, p_zero) for s in scales]

    def applications(self, big):
        # column scales: 自然人 dominates; a big agency gets 4–5 digit counts
        if big:
            scales = [self.rng.randint(20000, 60000), 3000, 300, 500, 2000, 800]
        else:
            scales = [self.rng.choice([3, 10, 40, 120]), 6, 2, 2, 4, 3]
        results = {}
        result_rows = []
        disclosed = self.row(scales, 0.2)
        partial = self.row([s // 4 + 1 for s in scales], 0.5)
        results['disclosed'] = with_total(disclosed)
        results['partially_disclosed'] = with_total(partial)
        result_rows += [disclosed, partial]
        for group, keys in RESULT_GROUPS.items():
            results[group] = {}
            for k in keys:
                r = self.row([s // 10 + 1 for s in scales], 0.75)
                results[group][k] = with_total(r)
                result_rows.append(r)
        assert len(result_rows) == 21
        done = [sum(col) for col in zip(*result_rows)]
        results['total'] = with_total(done)
        forward = self.row([s // 8 + 1 for s in scales], 0.5)
        # 二 (carried over) at most what 三 + 四 leave room for, so 一 ≥ 0
        over = [self.rng.randint(0, min(d + f, max(1, s // 20))) for d, f, s in
                zip(done, forward, scales)]
        new = [d + f - o for d, f, o in zip(done, forward, over)]
        assert all(n >= 0 for n in new)
        return {
            'new': with_total(new),
            'carried_over': with_total(over),
            'results': results,
            'carried_forward': with_total(forward),
        }

    def outcomes(self, big):
        scale = 400 if big else 3
        parts = [self.count(scale, 0.5) for _ in range(4)]
        return dict(zip(['upheld', 'corrected', 'other', 'pending'], parts), total=sum(parts))

    def made_repealed_in_force(self, big):
        made = self.count(40 if big else 5, 0.4)
        repealed = self.count(20 if big else 3, 0.6)
        return {'made': made, 'repealed': repealed,
                'in_force': made + self.rng.randint(0, 300 if big else 30)}


def make_report(base, index, rng):
    g = Generator(rng)
    big = rng.random() < 0.125
    place = rng.choice(PLACES) + rng.choice(PLACE_KINDS)
    department = rng.choice(DEPARTMENTS)
    # a real-looking name, or every third one numbered like 某某县第17局
    agency = f'{place}{department}' if index % 3 else f'某某县第{index}局'
    r = replace_strings(copy.deepcopy(base), [(OLD_AGENCY, agency), (OLD_PLACE, place[:-1])])
    r['agency'] = agency
    r['signature']['agency'] = agency
    r['title_lines'] = [f"{agency}{r['year']}年", '政府信息公开工作年度报告']
    published = rng.randint(5, 60000 if big else 400)
    r['overview']['active_disclosure'] = (
        f"{r['year']}年，{agency}主动公开政府信息{published}条，"
        "其中规章{active_disclosure.regulations.made}件、"
        "行政规范性文件{active_disclosure.normative_documents.made}件。")
    r['overview']['applications'] = (
        f"{r['year']}年，{agency}新收政府信息公开申请{{applications.new.total}}件，"
        "上年结转{applications.carried_over.total}件，"
        "办结{applications.results.total.total}件，"
        "结转下年度{applications.carried_forward.total}件。")
    ad = r['active_disclosure']
    ad['regulations'] = g.made_repealed_in_force(big)
    ad['normative_documents'] = g.made_repealed_in_force(big)
    ad['licensing_decisions'] = g.count(90000 if big else 500, 0.3)
    ad['penalty_decisions'] = g.count(20000 if big else 200, 0.3)
    ad['coercion_decisions'] = g.count(3000 if big else 50, 0.5)
    fee = g.count(99999 if big else 50, 0.6)
    ad['fees_wan_yuan'] = f'{fee}.{rng.randint(0, 9)}' if fee else '0'
    r['applications'] = g.applications(big)
    r['review_litigation'] = {k: g.outcomes(big)
                              for k in ['review', 'direct_suit', 'suit_after_review']}
    return r


def write_json(path, data):
    with open(path, 'w', encoding='utf-8') as f:
        f.write(json.dumps(data, ensure_ascii=False, indent=2) + '\n')


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('n', type=int, help='how many valid reports')
    ap.add_argument('dir', help='output folder (created)')
    ap.add_argument('--broken', type=int, default=0, metavar='K',
                    help='also write K broken files (R1, malformed JSON, R5, in turn)')
    ap.add_argument('--seed', type=int, default=2024)
    a = ap.parse_args()
    base = json.load(open(SPECIMEN, encoding='utf-8'))
    rng = random.Random(a.seed)
    os.makedirs(a.dir, exist_ok=True)
    width = max(4, len(str(a.n)))
    reports = []
    for i in range(1, a.n + 1):
        r = make_report(base, i, rng)
        reports.append(r)
        write_json(os.path.join(a.dir, f'report-{i:0{width}d}.json'), r)
    for k in range(a.broken):
        r = make_report(base, a.n + k + 1, rng)
        kind = ['r1', 'syntax', 'r5'][k % 3]
        path = os.path.join(a.dir, f'broken-{k + 1:03d}-{kind}.json')
        if kind == 'r1':
            # one more new application in 自然人 (and its row total, so R3 holds)
            r['applications']['new'][0] += 1
            r['applications']['new'][6] += 1
            write_json(path, r)
        elif kind == 'r5':
            r['review_litigation']['review']['total'] += 1
            write_json(path, r)
        else:
            text = json.dumps(r, ensure_ascii=False, indent=2)
            with open(path, 'w', encoding='utf-8') as f:
                f.write(text[: len(text) // 3])
    print(f'wrote {a.n} reports' + (f' and {a.broken} broken files' if a.broken else '')
          + f' to {a.dir}', file=sys.stderr)


if __name__ == '__main__':
    main()
