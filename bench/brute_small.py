#!/usr/bin/env python3
"""brute_small.py: `plan` against brute force on tiny random sea lanes.

Each case is one lane (ZADUR-DEHAM, Monday sailings, 28 days) with N
shipments of 2-35 m3, ready over two weeks and due 34-48 days later, a card
of 20GP / 40GP / (40HC) prices, an LCL rate with or without a minimum, and
in half the cases a `min_teu` tier at 60 % of the 20GP and 40GP prices.
Every partition of the shipments into boxes (each box on a sailing all its
shipments can take, one shipment alone may go LCL) is priced, tiers
included, and the least is the optimum; `plan --time-limit 2` must reach it,
call it `optimal` only when it has, and never give a lower bound above it.
Usable capacity is volume x 0.9 (the default fill factor) and the built-in
payloads. N = 6 is about 200 partitions a case; 7 takes seconds each.

    bench/brute_small.py build/clusterfreight FIRST_SEED N COUNT

prints one line per case and a summary; exit 1 when any case misses.
"""
import datetime as dt
import itertools
import json
import os
import random
import subprocess
import sys
import tempfile

EQ = {'20GP': (1, 33.2, 28200), '40GP': (2, 67.7, 26700), '40HC': (2, 76.3, 26500)}
FILL = 0.9


def partitions(s):
    if not s:
        yield []
        return
    first = s[0]
    for p in partitions(s[1:]):
        for i in range(len(p)):
            yield p[:i] + [[first] + p[i]] + p[i + 1:]
        yield [[first]] + p


def cents(x):
    return float(f"{x + 1e-9:.2f}")


def brute(ships, rates, lcl, tiers):
    sailings = [dt.date(2027, 1, 4) + dt.timedelta(7 * k) for k in range(12)]
    windows = [{d for d in sailings if s['ready'] <= d and d + dt.timedelta(28) <= s['due']} for s in ships]
    best = None
    for p in partitions(list(range(len(ships)))):
        choices = []
        for box in p:
            if not set.intersection(*[windows[i] for i in box]):
                break
            v = sum(ships[i]['v'] for i in box)
            kg = sum(ships[i]['kg'] for i in box)
            opts = [(e, EQ[e][0]) for e in rates if v <= EQ[e][1] * FILL + 1e-9 and kg <= EQ[e][2]]
            if len(box) == 1:
                opts.append(('LCL', 0))
            if not opts:
                break
            choices.append(opts)
        else:
            for combo in itertools.product(*choices):
                teu = sum(t for _, t in combo)
                price = dict(rates)
                for min_teu, tier in tiers:
                    if teu >= min_teu:
                        for e, amount in tier.items():
                            price[e] = min(price.get(e, 1e18), amount)
                cost = 0.0
                for box, (e, _) in zip(p, combo):
                    if e == 'LCL':
                        s = ships[box[0]]
                        cost += cents(max(lcl[1], max(s['v'], s['kg'] / 1000) * lcl[0]))
                    else:
                        cost += price[e]
                cost = round(cost, 2)
                if best is None or cost < best - 1e-9:
                    best = cost
    return best


def generate(seed, n):
    r = random.Random(seed)
    ships = []
    for i in range(n):
        ready = dt.date(2027, 1, 4) + dt.timedelta(r.randint(0, 13))
        ships.append(dict(id=f"S{i + 1}", firm=r.choice('AB'), v=round(r.uniform(2, 35), 1),
                          kg=r.choice([r.randint(200, 5000), r.randint(5000, 20000)]), ready=ready,
                          due=ready + dt.timedelta(34 + r.randint(0, 14))))
    rates = {'20GP': r.choice([900, 1000, 1200]), '40GP': r.choice([1500, 1700, 1900]),
             '40HC': r.choice([1600, 1800, 2000])}
    if r.random() < 0.3:
        del rates['40HC']
    lcl = (r.choice([40, 60, 80]), r.choice([0, 100]))
    tiers = []
    if r.random() < 0.5:
        tiers = [(r.choice([2, 3, 4]), {'20GP': rates['20GP'] * 0.6, '40GP': rates['40GP'] * 0.6})]
    return ships, rates, lcl, tiers


def write(ships, rates, lcl, tiers, d):
    with open(os.path.join(d, 'shipments.csv'), 'w') as f:
        f.write('id,firm,origin,destination,volume_m3,weight_kg,ready_date,due_date,modes\n')
        for s in ships:
            f.write(f"{s['id']},{s['firm']},ZADUR,DEHAM,{s['v']},{s['kg']},{s['ready']},{s['due']},sea\n")
    with open(os.path.join(d, 'cluster_rates.csv'), 'w') as f:
        f.write('mode,origin,destination,equipment,amount,currency,surcharges,min_charge,transit_days,min_teu\n')
        for e, amount in rates.items():
            f.write(f"sea,ZADUR,DEHAM,{e},{amount},USD,0,0,28,0\n")
        f.write(f"sea,ZADUR,DEHAM,LCL,{lcl[0]},USD,0,{lcl[1]},28,0\n")
        for min_teu, tier in tiers:
            for e, amount in tier.items():
                f.write(f"sea,ZADUR,DEHAM,{e},{amount},USD,0,0,28,{min_teu}\n")


def main():
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    binary, first, n, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    misses = optimal = 0
    with tempfile.TemporaryDirectory() as tmp:
        for seed in range(first, first + count):
            ships, rates, lcl, tiers = generate(seed, n)
            write(ships, rates, lcl, tiers, tmp)
            best = brute(ships, rates, lcl, tiers)
            run = subprocess.run([binary, 'plan', '--shipments', os.path.join(tmp, 'shipments.csv'),
                                  '--cluster-rates', os.path.join(tmp, 'cluster_rates.csv'),
                                  '--time-limit', '2', '--format', 'json'], capture_output=True, text=True)
            if run.returncode != 0:
                print(seed, 'exit', run.returncode, run.stderr.strip())
                misses += 1
                continue
            plan = json.loads(run.stdout)
            flags = []
            if abs(plan['total_cost'] - best) > 0.005:
                flags.append('above-optimum')
            if plan['lower_bound'] > best + 0.005:
                flags.append('bound-above-optimum')
            if plan['status'] == 'optimal' and abs(plan['total_cost'] - best) > 0.005:
                flags.append('false-optimal')
            if plan['unplaced']:
                flags.append('unplaced')
            misses += bool(flags)
            optimal += plan['status'] == 'optimal'
            print(seed, 'optimum', f"{best:.2f}", 'plan', f"{plan['total_cost']:.2f}",
                  'bound', f"{plan['lower_bound']:.2f}", plan['status'], ' '.join(flags))
    print(f"{count} cases of {n} shipments: {count - misses} at the optimum, {misses} not; "
          f"{optimal} proven optimal by the plan")
    sys.exit(1 if misses else 0)


if __name__ == '__main__':
    main()
