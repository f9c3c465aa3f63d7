#!/usr/bin/env python3
"""Writes fixtures/invalid/: one broken input per rule, each derived from the
valid specimen fixtures by one change. Run from the repository root."""
import copy, json, os

OUT = 'fixtures/invalid'
report = json.load(open('fixtures/wenshang-2024.json'))
document = json.load(open('fixtures/wenshang-2024.document.json'))

def write(name, data):
    with open(os.path.join(OUT, name), 'w') as f:
        if isinstance(data, str):
            f.write(data)
        else:
            f.write(json.dumps(data, ensure_ascii=False, indent=2) + '\n')

def variant(change):
    r = copy.deepcopy(report)
    change(r)
    return r

apps = lambda r: r['applications']
# R1: one more new application than results + carried forward account for
write('r1-balance.json', variant(lambda r: apps(r).__setitem__('new', [1, 0, 0, 0, 0, 0, 1])))
# R2: a results total that is not the sum of the 21 result rows
write('r2-results-total.json', variant(lambda r: apps(r)['results'].__setitem__('total', [0, 0, 3, 0, 0, 0, 3])))
# R3: a row total that is not the sum of the six applicant columns
write('r3-row-total.json', variant(lambda r: apps(r)['results'].__setitem__('disclosed', [0, 0, 0, 0, 0, 0, 5])))
# R4: a negative count and a fraction
write('r4-negative.json', variant(lambda r: r['active_disclosure'].__setitem__('penalty_decisions', -1)))
write('r4-fraction.json', variant(lambda r: apps(r)['carried_forward'].__setitem__(1, 1.5)))
# R5: 表四 total printed as 0 while its parts sum to 2 (the commonest real error)
write('r5-review-total.json', variant(lambda r: r['review_litigation'].__setitem__(
    'review', {'upheld': 2, 'corrected': 0, 'other': 0, 'pending': 0, 'total': 0})))
# fee that is not a decimal in 万元
write('fee-not-decimal.json', variant(lambda r: r['active_disclosure'].__setitem__('fees_wan_yuan', '9.6万')))
# R7: this year's carried-over differs from last year's carried-forward
def carried_two(r):
    apps(r)['carried_over'] = [2, 0, 0, 0, 0, 0, 2]
    apps(r)['results']['disclosed'] = [2, 0, 0, 0, 0, 0, 2]
    apps(r)['results']['total'] = [2, 0, 0, 0, 0, 0, 2]
write('r7-carried-over.json', variant(carried_two))
write('r7-previous-2023.json', variant(lambda r: r.__setitem__('year', 2023)))
# a placeholder that names no table cell
write('placeholder-unknown.json', variant(lambda r: r['overview'].__setitem__(
    'applications', '2024年，本中心收到申请{applications.nwe.total}件。')))

# generic document kind
write('syntax-truncated.json', json.dumps(document, ensure_ascii=False, indent=2)[:400])
doc = copy.deepcopy(document)
doc['blocks'][5] = {'heading': {'level': 1, 'txt': '一、总体情况'}}
write('unknown-field.json', doc)
def table(rows):
    return {'kind': 'document', 'blocks': [{'table': {'widths': [1, 1, 1], 'rows': rows}}]}
write('span-outside-grid.json', table([['a', {'text': 'b', 'colspan': 3}]]))
write('span-overlap.json', table([['a', {'text': 'b', 'rowspan': 2}, 'c'], [{'text': 'd', 'colspan': 2}, 'e']]))
write('control-character.json', {'kind': 'document', 'blocks': [{'paragraph': '总体情况\u0007说明'}]})
write('missing-glyph.json', {'kind': 'document', 'blocks': [{'paragraph': '私用区字符\ue000不在任何字体中'}]})
