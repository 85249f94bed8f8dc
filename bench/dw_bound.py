#!/usr/bin/env python3
"""dw_bound.py — the Dantzig-Wolfe (column generation) bound of one lane, as a
check on `plan`'s lower bound (a measurement, never a dependency: it needs
glpsol from glpk-utils, and CBC for --cbc).

    bench/dw_bound.py DIR ORIG-DEST [--rounds 200] [--cbc SECONDS] [--plan plan.json]

DIR holds generate's shipments.csv, quotes.csv and cluster_rates.csv (comma
CSV, one currency). One column is one container on one departure holding
whole shipments within its volume (x 0.90, domain.md) and payload; a shipment
may instead go loose (LCL, AIR or LTL, max(min_charge, units x all-in rate)).
Each container type is priced at its cheapest all-in row (quote or cluster
card, any tier), each shipment loose at its cheapest loose charge, every
departure of any row's transit counts and validity dates are ignored: a
relaxation of domain.md's plan, so the bound is a bound on `plan` too.
Columns are priced by an exact two-dimensional knapsack per (departure,
container type): by volume alone (dynamic programming over 0.1 m3) when that
load fits by weight, else depth first, bounded at each node by the best of the shipments left by
volume alone and by weight alone (dynamic programming), at most 5,000 nodes;
beyond, the best load found is the column and the knapsacks by one mixed
capacity bound the rest. The restricted master is an LP that glpsol solves.

Prints the master's LP per round and a proven bound (Lagrangian): the duals'
sum less, per (departure, type), the most its containers could still gain at
those duals; with G = (best container's duals - its price) > 0 and S the sum
of the duals there, N containers hold at most min(N best, S), so they gain at
most S G / best (0 once no column prices out).
--plan adds the plan's containers on the lane as columns; --cbc then solves
the set-cover model over every column as integers with CBC for that long."""
import csv
import datetime as dt
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile

FILL = 0.90
EQUIPMENT = {  # models/equipment.c: volume m3, payload kg
    "20GP": (33.2, 28200), "40GP": (67.7, 26700), "40HC": (76.3, 26500), "FTL": (82.0, 24000)}
LOOSE_UNITS = {  # domain.md: chargeable units of a loose shipment
    "LCL": lambda v, w: max(v, w / 1000.0),
    "AIR": lambda v, w: max(w, v * 1e6 / 6000.0),
    "LTL": lambda v, w: max(w, v * 333.0)}
TRANSIT = {"sea": 28, "air": 3, "road": 2}
NODES = 5000


def day(text):
    return dt.date.fromisoformat(text).toordinal()


def rows(path):
    with open(path, newline="", encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


def lane_rows(directory, orig, dest):
    """The lane's container classes {code: (mode, price, transit)} and loose
    rows [(code, mode, rate, min_charge, transit)]."""
    boxes, loose = {}, []
    for name in ("quotes.csv", "cluster_rates.csv"):
        for r in rows(os.path.join(directory, name)):
            if r["origin"] != orig or r["destination"] != dest:
                continue
            price = float(r["amount"]) + float(r.get("surcharges") or 0)
            transit = int(r["transit_days"]) if r.get("transit_days") else TRANSIT[r["mode"]]
            code = r["equipment"]
            if code in LOOSE_UNITS:
                loose.append((code, r["mode"], price, float(r.get("min_charge") or 0), transit))
            elif code in EQUIPMENT:
                old = boxes.get(code)
                boxes[code] = (r["mode"], min(price, old[1]) if old else price,
                               min(transit, old[2]) if old else transit)
    return boxes, loose


def departures(mode, first, lo, hi):
    """Departure days in [lo, hi]: sea weekly from the schedule's Monday, else daily."""
    if mode != "sea":
        return range(lo, hi + 1)
    start = first - (dt.date.fromordinal(first).weekday())
    k = max(0, math.ceil((lo - start) / 7))
    return range(start + 7 * k, hi + 1, 7)


def dp_knapsack(c, size, value, cap):
    """The 0/1 knapsack of c (whole units of size, cap units) by dynamic
    programming: (best value, its items)."""
    best = [0.0] * (cap + 1)
    take = []
    for k, i in enumerate(c):
        row = bytearray(cap + 1)
        for room in range(cap, size[k] - 1, -1):
            v = best[room - size[k]] + value[i]
            if v > best[room]:
                best[room] = v
                row[room] = 1
        take.append(row)
    load, room = [], cap
    for k in range(len(c) - 1, -1, -1):
        if take[k][room]:
            load.append(c[k])
            room -= size[k]
    return best[cap], load


def by_volume(cand, value, vcap):
    """The knapsack by volume alone (weights ignored), over 0.1 m3 (volumes
    rounded down): (value, items), at least the container's best load by
    volume and weight."""
    c = [i for i in cand if value[i] > 1e-9]
    return dp_knapsack(c, [int(math.floor(cand[i][0] * 10 + 1e-9)) for i in c], value,
                       int(math.floor(vcap * 10 + 1e-9)))


def knapsack(cand, value, vcap, wcap, nodes=NODES):
    """One container's best whole-shipment load: (an upper bound on its
    value, the best load found, that load's value); the two values are equal
    when the search finished."""
    upper, load = by_volume(cand, value, vcap)
    if sum(cand[i][0] for i in load) <= vcap + 1e-9 and sum(cand[i][1] for i in load) <= wcap + 1e-9:
        return upper, load, upper  # the best by volume fits, by weight too
    c = sorted((i for i in cand if value[i] > 1e-9),
               key=lambda i: -value[i] / max(cand[i][0] / vcap, cand[i][1] / wcap))
    best = [0.0, []]
    count = [0]
    # suffix tables: the best of c[k:] by volume alone (0.1 m3) and by weight
    # alone (10 kg), sizes rounded down: each bounds what c[k:] can add
    tables = []
    for d, unit, cap in ((0, 10.0, vcap), (1, 0.1, wcap)):
        top = int(math.floor(cap * unit + 1e-9))
        f = [[0.0] * (top + 1) for _ in range(len(c) + 1)]
        for k in range(len(c) - 1, -1, -1):
            size, v, nxt, cur = int(math.floor(cand[c[k]][d] * unit + 1e-9)), value[c[k]], f[k + 1], f[k]
            for room in range(top + 1):
                cur[room] = max(nxt[room], nxt[room - size] + v) if room >= size else nxt[room]
        tables.append((f, unit))

    def bound(k, room_v, room_w, val):
        """what c[k:] can add at most, by either capacity alone"""
        out = []
        for (f, unit), room in zip(tables, (room_v, room_w)):
            out.append(f[k][max(0, int(math.floor(room * unit + 1e-9)))])
        return val + min(out)

    def dfs(k, room_v, room_w, val, take):
        count[0] += 1
        if count[0] > nodes:
            return
        if val > best[0]:
            best[0], best[1] = val, list(take)
        if k == len(c) or bound(k, room_v, room_w, val) <= best[0] + 1e-6:
            return
        v, w = cand[c[k]]
        if v <= room_v + 1e-9 and w <= room_w + 1e-9:
            take.append(c[k])
            dfs(k + 1, room_v - v, room_w - w, val + value[c[k]], take)
            take.pop()
        dfs(k + 1, room_v, room_w, val, take)

    dfs(0, vcap, wcap, 0.0, [])
    if count[0] <= nodes:
        return best[0], best[1], best[0]
    # out of nodes (values close to proportional to size, as near the end of
    # column generation, make these knapsacks hard: CBC took minutes on one of
    # 30 shipments): the best load found is a column, and the least of the
    # knapsacks by volume, by weight and by three mixes of both (sizes rounded
    # down) bounds what the container could gain
    upper = min(upper, bound(0, vcap, wcap, 0.0))
    for mix in (0.25, 0.5, 0.75):
        upper = min(upper, by_size(c, [mix * cand[i][0] / vcap + (1 - mix) * cand[i][1] / wcap for i in c],
                                   value, 1000))
    return upper, best[1], best[0]


def by_size(c, share, value, grid):
    """The knapsack of c by one capacity, each share of it rounded down to 1/grid."""
    return dp_knapsack(c, [int(math.floor(sh * grid + 1e-9)) for sh in share], value, grid)[0]


def write_model(path, items, columns, price, integer):
    cover = [[] for _ in items]
    for k, (bucket, load) in enumerate(columns):
        for i in load:
            cover[i].append(k)
    with open(path, "w") as f:
        terms = ["%.2f x%d" % (price[b[1]], k) for k, (b, _) in enumerate(columns)]
        terms += ["%.2f y%d" % (it["loose"], i) for i, it in enumerate(items) if it["loose"] is not None]
        f.write("Minimize\n obj: " + " + ".join(terms) + "\nSubject To\n")
        for i, it in enumerate(items):
            t = ["x%d" % k for k in cover[i]] + (["y%d" % i] if it["loose"] is not None else [])
            f.write(" c%d: %s >= 1\n" % (i, " + ".join(t)))
        if integer:
            f.write("General\n" + "\n".join("x%d" % k for k in range(len(columns))) + "\nBinary\n")
            f.write("\n".join("y%d" % i for i, it in enumerate(items) if it["loose"] is not None) + "\n")
        f.write("End\n")


def solve_lp(path, work):
    sol = os.path.join(work, "lp.sol")
    subprocess.run(["glpsol", "--lp", path, "--write", sol], check=True, capture_output=True)
    lines = [x for x in open(sol).read().split("\n") if x and not x.startswith("c")]
    head = next(x for x in lines if x.startswith("s ")).split()
    m = int(head[2])
    duals = [float(x.split()[-1]) for x in lines if x.startswith("i ")][:m]
    return float(head[-1]), duals


def main():
    args = sys.argv[1:]
    opts = {"--rounds": "200", "--cbc": None, "--plan": None}
    pos = []
    while args:
        a = args.pop(0)
        if a in opts:
            opts[a] = args.pop(0)
        else:
            pos.append(a)
    if len(pos) != 2 or "-" not in pos[1]:
        sys.exit(__doc__.split("\n\n")[1])
    directory, (orig, dest) = pos[0], pos[1].split("-", 1)
    boxes, loose = lane_rows(directory, orig, dest)
    ships = rows(os.path.join(directory, "shipments.csv"))
    first = min(day(s["ready_date"]) for s in ships)
    items, ids = [], []
    for s in ships:
        if s["origin"] != orig or s["destination"] != dest:
            continue
        v, w = float(s["volume_m3"]), float(s["weight_kg"])
        a, b = day(s["ready_date"]), day(s["due_date"])
        modes = set(s.get("modes", "").split("|")) - {""}
        charges = [max(mn, rate * LOOSE_UNITS[code](v, w)) for code, mode, rate, mn, tr in loose
                   if (not modes or mode in modes) and len(departures(mode, first, a, b - tr)) > 0]
        on = {code: list(departures(mode, first, a, b - tr)) for code, (mode, _, tr) in boxes.items()
              if (not modes or mode in modes) and v <= EQUIPMENT[code][0] * FILL + 1e-9
              and w <= EQUIPMENT[code][1]}
        if not charges and not any(on.values()):
            continue  # unplaced in every plan
        items.append({"v": v, "w": w, "loose": math.floor(min(charges) * 100 + 1e-6) / 100 if charges else None,
                      "on": on})
        ids.append(s["id"])
    price = {code: p for code, (_, p, _) in boxes.items()}
    buckets = {}
    for i, it in enumerate(items):
        for code, days in it["on"].items():
            for d in days:
                buckets.setdefault((d, code), {})[i] = (it["v"], it["w"])
    print("%s-%s: %d shipments, %d (departure, container) buckets" % (orig, dest, len(items), len(buckets)), flush=True)
    columns = set()
    for bucket, cand in buckets.items():  # every shipment alone in a box
        for i in cand:
            columns.add((bucket, (i,)))
    if opts["--plan"]:
        index = {s: i for i, s in enumerate(ids)}
        for c in json.load(open(opts["--plan"]))["containers"]:
            if c["origin"] == orig and c["destination"] == dest:
                load = tuple(sorted(index[s] for s in c["shipments"] if s in index))
                columns.add(((day(c["departure"]), c["equipment"]), load))
    work = tempfile.mkdtemp()
    model = os.path.join(work, "master.lp")
    proven = None
    for rnd in range(int(opts["--rounds"])):
        cols = sorted(columns)
        write_model(model, items, cols, price, False)
        lp, duals = solve_lp(model, work)
        duals = [max(0.0, d) for d in duals]  # a bound needs them >= 0
        added, penalty = 0, 0.0
        for bucket, cand in buckets.items():
            vcap, wcap = EQUIPMENT[bucket[1]][0] * FILL, EQUIPMENT[bucket[1]][1]
            value, load, found = knapsack(cand, duals, vcap, wcap)
            gain = value - price[bucket[1]]
            if gain > 1e-6:
                # N boxes there hold at most min(N value, the duals' sum) of
                # the duals: they gain at most that sum x gain / value
                penalty += sum(duals[i] for i in cand if duals[i] > 0) * gain / value
                if found - price[bucket[1]] > 1e-6 and (bucket, tuple(sorted(load))) not in columns:
                    columns.add((bucket, tuple(sorted(load))))
                    added += 1
        loose_gain = sum(min(0.0, it["loose"] - duals[i]) for i, it in enumerate(items) if it["loose"] is not None)
        value_here = sum(duals) + loose_gain - penalty
        proven = value_here if proven is None else max(proven, value_here)
        if rnd % 10 == 0 or added == 0 or lp - proven < 0.5 + 1e-4 * lp:
            print("round %d: LP %.2f, %d columns added, proven bound %.2f" % (rnd, lp, added, proven), flush=True)
        if added == 0 or lp - proven < 0.5 + 1e-4 * lp:
            break  # the LP is the column generation bound, or within 0.01 % of it
    print("the column generation bound lies in [%.2f, %.2f] (%d columns)" % (proven, lp, len(columns)))
    if opts["--cbc"]:
        write_model(model, items, sorted(columns), price, True)
        out = subprocess.run(["cbc", model, "sec", opts["--cbc"], "solve"], capture_output=True, text=True).stdout
        objective = re.findall(r"Objective value:\s+([0-9.]+)", out)
        print("CBC over the columns, %s s: %s" % (opts["--cbc"], objective[-1] if objective else "no plan"))
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
