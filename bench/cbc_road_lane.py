#!/usr/bin/env python3
# cbc_road_lane.py — the exact per-truck model of a road lane (every truck a
# binary, every shipment whole in one truck or loose), written as an LP file
# for CBC, to check the planner's road plans against a proven optimum. Not a
# dependency: CBC (coinor-cbc) is only compared against.
#
# Prices are the 40-firm generated data's cheapest road quotes (FTL 1,054.00,
# LTL 0.15 per chargeable kg, minimum 90.00), trucks 82 m3 x 0.90 and 24,000 kg,
# departures daily, transit 2 days.
#
#   build/clusterfreight generate --firms 40 --weeks 52 --seed 1 --out /tmp/g40
#   (head -1 /tmp/g40/shipments.csv; grep 'ZADUR,ZAJNB' /tmp/g40/shipments.csv |
#       awk -F, '$7 < "2027-02-15"') > /tmp/road4.csv            # 131 shipments
#   bench/cbc_road_lane.py /tmp/road4.csv /tmp/road4.lp && cbc /tmp/road4.lp sec 240 solve
#   -> Optimal 13650.49; `clusterfreight plan --shipments /tmp/road4.csv
#      --cluster-rates /tmp/g40/cluster_rates.csv --quotes /tmp/g40/quotes.csv` gives the same
import csv, sys, datetime, math
from decimal import Decimal, ROUND_HALF_UP
rows = [r for r in csv.DictReader(open(sys.argv[1])) if r['destination'] == 'ZAJNB']
FTL, LTL, LMIN, V, W = 1054.0, 0.15, 90.0, 82.0 * 0.9, 24000.0
D = lambda s: datetime.date.fromisoformat(s).toordinal()
items = []
for r in rows:
    v, w = float(r['volume_m3']), float(r['weight_kg'])
    lo, hi = D(r['ready_date']), D(r['due_date']) - 2
    # a loose charge rounded to the cent half away from zero on the exact
    # decimal product, as clusterfreight prices it (Python's round() on the
    # binary float took 434.565 down to 434.56)
    kg = max(Decimal(r['weight_kg']), 333 * Decimal(r['volume_m3']))
    charge = (Decimal(str(LTL)) * kg).quantize(Decimal('0.01'), rounding=ROUND_HALF_UP)
    items.append((v, w, lo, hi, max(LMIN, float(charge))))
days = sorted({d for it in items for d in range(it[2], it[3] + 1)})
out = open(sys.argv[2], 'w')
obj, cons, bins = [], [], []
K = {}
for d in days:
    el = [i for i, it in enumerate(items) if it[2] <= d <= it[3]]
    K[d] = min(len(el), max(math.ceil(sum(items[i][0] for i in el) / V), math.ceil(sum(items[i][1] for i in el) / W)) + 1)
    for k in range(K[d]):
        obj.append(f"{FTL} y_{d}_{k}"); bins.append(f"y_{d}_{k}")
        cv = " + ".join(f"{items[i][0]} x_{i}_{d}_{k}" for i in el)
        cw = " + ".join(f"{items[i][1]} x_{i}_{d}_{k}" for i in el)
        cons.append(f"{cv} - {V} y_{d}_{k} <= 0"); cons.append(f"{cw} - {W} y_{d}_{k} <= 0")
        if k: cons.append(f"y_{d}_{k} - y_{d}_{k-1} <= 0")
        bins += [f"x_{i}_{d}_{k}" for i in el]
for i, it in enumerate(items):
    obj.append(f"{it[4]} l_{i}"); bins.append(f"l_{i}")
    terms = [f"x_{i}_{d}_{k}" for d in range(it[2], it[3] + 1) if d in K for k in range(K[d])]
    cons.append(" + ".join(terms + [f"l_{i}"]) + " = 1")
out.write("Minimize\n obj: " + " + ".join(obj) + "\nSubject To\n")
for n, c in enumerate(cons): out.write(f" c{n}: {c}\n")
out.write("Binary\n" + "\n".join(" " + b for b in bins) + "\nEnd\n")
