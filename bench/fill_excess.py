#!/usr/bin/env python3
"""fill_excess.py: where a plan's gap sits, from its JSON alone.

For each lane of a `clusterfreight plan --format json` answer: its containers'
cost, their average fill, and what the same cargo would cost if every box were
filled to its usable capacity in the lane's cheapest box per unit: the cargo's
volume times the lowest cost per usable m3 of any container type on the lane,
or its weight times the lowest cost per kg of payload, whichever is larger.
That is the figure the lane model's relaxation (split shipments, aggregate
capacity) tends to: the excess over it is the gap a bound that knows nothing of
whole shipments and whole boxes has to report, however good the plan.

lane_gap is the lane's cost less its proven bound (the plan JSON's `lanes`),
every mode on the lane included.

    bench/fill_excess.py plan.json
"""
import json
import sys
from collections import defaultdict


def main(path):
    plan = json.load(open(path))
    lanes = defaultdict(list)
    for c in plan["containers"]:
        lanes[(c["mode"], c["origin"], c["destination"])].append(c)
    gaps = {(l["origin"], l["destination"]): l["cost"] - l["lower_bound"] for l in plan.get("lanes", [])}
    print("%-5s %-12s %6s %12s %8s %8s %14s %10s %7s %10s" % (
        "mode", "lane", "boxes", "box_cost", "fill_v", "fill_w", "perfect_fill", "excess", "pct", "lane_gap"))
    total_cost = total_excess = 0.0
    for (mode, origin, dest), boxes in sorted(lanes.items()):
        cost = sum(c["cost"] for c in boxes)
        volume = sum(c["volume_m3"] for c in boxes)
        weight = sum(c["weight_kg"] for c in boxes)
        # usable capacity of each box from its load and fill (fill = load / usable)
        per_m3 = min(c["cost"] / (c["volume_m3"] / c["fill_volume"])
                     for c in boxes if c["fill_volume"] > 0)
        per_kg = min(c["cost"] / (c["weight_kg"] / c["fill_weight"])
                     for c in boxes if c["fill_weight"] > 0)
        perfect = max(volume * per_m3, weight * per_kg)
        excess = cost - perfect
        total_cost += cost
        total_excess += excess
        gap = gaps.get((origin, dest))
        print("%-5s %-12s %6d %12.2f %8.4f %8.4f %14.2f %10.2f %6.2f%% %10s" % (
            mode, origin + "-" + dest, len(boxes), cost,
            sum(c["fill_volume"] for c in boxes) / len(boxes),
            sum(c["fill_weight"] for c in boxes) / len(boxes),
            perfect, excess, 100.0 * excess / cost, "%.2f" % gap if gap is not None else "-"))
    print("all containers: cost %.2f, excess over perfect fill %.2f (%.2f %% of the plan's total %.2f)" % (
        total_cost, total_excess, 100.0 * total_excess / plan["total_cost"], plan["total_cost"]))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: bench/fill_excess.py plan.json")
    main(sys.argv[1])
