#!/usr/bin/env python3
"""compare_mid_lanes.py: two builds of `plan` on random lanes of 11-16 shipments.

Each case is one lane (ZADUR-DEHAM, Monday sailings, 28 days; road FTL 20 days
for the shipments that allow road) with shipments of 2-30 m3 ready over five
weeks and due 30-50 days later (with `spread`: 20-60 shipments ready over a
year and due 30-38 days later, so that few share a sailing and the lane falls
into parts no box links; with `busy`: 17-40 shipments ready over ten weeks,
too many for the exact method, so the models plan the lane and the window
search improves it), a card of 20GP / 40GP / (40HC) prices, `min_teu`
tiers in most cases and an LCL rate (some tiered). NEW plans with
`--time-limit 5`, OLD with `--time-limit 20` (5 with `busy`), both `--clock work`. NEW's plan
is checked on its own (every box within its volume x 0.9 and payload, on a
departure every shipment in it may take, priced at the cheapest row its lane's
TEU reaches; loose charges; every shipment once) and against OLD's: never more
shipments unplaced, never dearer, and equal where OLD proved its optimum.

    bench/compare_mid_lanes.py NEW_BINARY OLD_BINARY FIRST_SEED COUNT [spread|busy]

Made to compare the exact method for small lanes (solver/plan_exact.c) with the
models alone: OLD is a build from before it, e.g. `git worktree add /tmp/old
8060e99` built there. Prints one line per case and a summary; exit 1 when a
check fails.
"""
import csv
import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
import json
import os
import random
import subprocess
import sys
import tempfile

EQ = {'20GP': (1, 33.2, 28200), '40GP': (2, 67.7, 26700), '40HC': (2, 76.3, 26500), 'FTL': (0, 82, 24000)}


# per mode: shipments (fewest, most), days over which they are ready, days from
# ready to due, and the card's optional rows as (chance, equipment, price range,
# min_teu choices), in the order they are drawn
MODES = {
    '': ((11, 16), 35, (30, 50), [(0.5, '40HC', (1500, 2200), [0]), (0.6, '20GP', (600, 900), [2, 4, 6, 8]),
                                  (0.4, '40GP', (1000, 1400), [4, 8, 10])], True),
    'spread': ((20, 60), 360, (30, 38), [(0.5, '40HC', (1500, 2200), [0]), (0.6, '20GP', (600, 900), [2, 4, 6, 8]),
                                         (0.4, '40GP', (1000, 1400), [4, 8, 10])], True),
    'busy': ((17, 40), 70, (30, 50), [(0.6, '20GP', (600, 900), [4, 8, 12, 16]),
                                      (0.5, '40GP', (1000, 1400), [8, 12, 20])], False),
}


def gen(seed, d, mode=''):
    n_range, ready_days, due_days, optional, tiered_lcl = MODES[mode]
    r = random.Random(seed)
    n = r.randint(*n_range)
    base = dt.date(2027, 1, 4)
    with open(f'{d}/s.csv', 'w') as f:
        f.write('id,firm,origin,destination,volume_m3,weight_kg,ready_date,due_date,modes\n')
        for i in range(n):
            ready = base + dt.timedelta(days=r.randint(0, ready_days))
            due = ready + dt.timedelta(days=r.randint(*due_days))
            v = round(r.choice([r.uniform(2, 12), r.uniform(8, 30)]), 1)
            modes = r.choice(['sea', 'sea', 'sea', '"sea|road"'])
            f.write(f'S{i},F{i % 4},ZADUR,DEHAM,{v},{r.randint(500, 14000)},{ready},{due},{modes}\n')
    with open(f'{d}/c.csv', 'w') as f:
        f.write('mode,origin,destination,equipment,amount,currency,surcharges,min_charge,transit_days,min_teu\n')
        f.write(f'sea,ZADUR,DEHAM,20GP,{r.randint(900, 1400)},USD,0,0,28,0\n')
        f.write(f'sea,ZADUR,DEHAM,40GP,{r.randint(1400, 2100)},USD,0,0,28,0\n')
        for chance, equipment, prices, tiers in optional:
            if r.random() < chance:
                price = r.randint(*prices)
                tier = r.choice(tiers) if len(tiers) > 1 else tiers[0]
                f.write(f'sea,ZADUR,DEHAM,{equipment},{price},USD,0,0,28,{tier}\n')
        f.write(f'sea,ZADUR,DEHAM,LCL,{r.randint(40, 110)},USD,0,{r.choice([0, 100])},28,0\n')
        if tiered_lcl and r.random() < 0.3:
            f.write(f'sea,ZADUR,DEHAM,LCL,{r.randint(30, 60)},USD,0,0,28,{r.choice([2, 4])}\n')
        f.write(f'road,ZADUR,DEHAM,FTL,{r.randint(2500, 4000)},USD,0,0,20,0\n')


def plan(binary, d, seconds):
    out = subprocess.run([binary, 'plan', '--shipments', f'{d}/s.csv', '--cluster-rates', f'{d}/c.csv', '--clock',
                          'work', '--time-limit', seconds, '--format', 'json'], capture_output=True, text=True)
    return json.loads(out.stdout)


def cents(x):
    """x (a float printed by the tool, or an exact Decimal charge) in cents, halves away from 0"""
    return int((Decimal(str(x)) * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def validate(d, j):
    ships = {r['id']: r for r in csv.DictReader(open(f'{d}/s.csv'))}
    card = list(csv.DictReader(open(f'{d}/c.csv')))
    teu = sum(EQ[c['equipment']][0] for c in j['containers'])
    errs, seen, total = [], [], 0
    for c in j['containers']:
        e = c['equipment']
        vol = sum(float(ships[s]['volume_m3']) for s in c['shipments'])
        kg = sum(float(ships[s]['weight_kg']) for s in c['shipments'])
        if vol > EQ[e][1] * 0.9 + 1e-9 or kg > EQ[e][2] + 1e-9:
            errs.append(('capacity', c['id']))
        rows = [r for r in card if r['equipment'] == e and float(r['min_teu']) <= teu + 1e-9]
        dep = dt.date.fromisoformat(c['departure'])
        if e != 'FTL' and dep.weekday() != 0:
            errs.append(('not a sailing', c['id']))
        for s in c['shipments']:
            seen.append(s)
            last = dep + dt.timedelta(days=int(rows[0]['transit_days']))
            if dep < dt.date.fromisoformat(ships[s]['ready_date']) or last > dt.date.fromisoformat(ships[s]['due_date']):
                errs.append(('dates', s))
            if ('road' if e == 'FTL' else 'sea') not in ships[s]['modes']:
                errs.append(('mode', s))
        if cents(min(float(r['amount']) for r in rows)) != cents(c['cost']):
            errs.append(('price', c['id']))
        total += cents(c['cost'])
    for lo in j['loose']:
        s = ships[lo['shipment']]
        seen.append(lo['shipment'])
        rows = [r for r in card if r['equipment'] == 'LCL' and float(r['min_teu']) <= teu + 1e-9]
        rt = max(Decimal(s['volume_m3']), Decimal(s['weight_kg']) / 1000)
        if min(cents(max(Decimal(r['min_charge']), rt * Decimal(r['amount']))) for r in rows) != cents(lo['cost']):
            errs.append(('loose charge', lo['shipment']))
        total += cents(lo['cost'])
    seen += [u['shipment'] for u in j['unplaced']]
    if sorted(seen) != sorted(ships):
        errs.append(('shipments', sorted(set(ships) ^ set(seen))))
    if total != cents(j['total_cost']):
        errs.append(('total', total / 100, j['total_cost']))
    return errs


def main():
    new, old, first, count = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    mode = sys.argv[5] if len(sys.argv) > 5 else ''
    bad = better = proven = 0
    with tempfile.TemporaryDirectory() as tmp:
        for seed in range(first, first + count):
            d = os.path.join(tmp, str(seed))
            os.makedirs(d)
            gen(seed, d, mode)
            # busy lanes: the same 5 s for both (the window search follows the
            # models, so NEW is never dearer at equal time; OLD given 20 s may be)
            a, b = plan(new, d, '5'), plan(old, d, '5' if mode == 'busy' else '20')
            errs = validate(d, a)
            ua, ub = len(a['unplaced']), len(b['unplaced'])
            if ua > ub or (ua == ub and cents(a['total_cost']) > cents(b['total_cost'])):
                errs.append('dearer than OLD')
            elif b['status'] == 'optimal' and cents(a['total_cost']) != cents(b['total_cost']):
                errs.append("not OLD's proven optimum")
            cheaper = ua == ub and cents(a['total_cost']) < cents(b['total_cost'])
            better += cheaper
            proven += a['status'] == 'optimal'
            bad += bool(errs)
            print(seed, 'new', a['total_cost'], a['status'], 'old', b['total_cost'], b['status'],
                  'cheaper' if cheaper else '', errs or '', flush=True)
    sizes = {'spread': '20-60', 'busy': '17-40'}.get(mode, '11-16')
    print(f'{count} lanes of {sizes} shipments: {count - bad} pass, {bad} fail; '
          f'NEW cheaper on {better}, proven optimal on {proven}')
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
