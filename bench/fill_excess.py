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

Two more figures bound what a better plan could still gain on a lane's boxes,
ignoring departures and whole shipments: `whole_boxes` is the cheapest set of
whole boxes of the lane's types (as the plan priced them) whose usable volume
and payload hold the cargo; `same_room` holds the cargo plus the room this
plan's boxes leave unused by volume, which is what the plan's boxes could
cost at its own packing density if every departure's cargo matched whole boxes
of the cheapest kind. box_cost - same_room is the most a better schedule at
this density could gain; box_cost - whole_boxes the most any plan with these
boxed shipments could.

lane_gap is the lane's cost less its proven bound (the plan JSON's `lanes`),
every mode on the lane included.

    bench/fill_excess.py plan.json
"""
import json
import math
import sys
from collections import defaultdict


def cheapest_cover(types, volume, weight):
    """Least cost of whole boxes whose capacities hold volume and weight.
    types: (cost, usable m3, payload kg) per container type."""
    types = sorted(types, key=lambda t: t[0] / t[1])
    first, rest = types[0], types[1:]
    best = [math.inf]

    def need(v, w):  # boxes of the cheapest kind per m3 for what is left
        return max(0, math.ceil(v / first[1] - 1e-9), math.ceil(w / first[2] - 1e-9))

    def walk(k, cost, v, w):
        if cost >= best[0]:
            return
        if k == len(rest):
            best[0] = min(best[0], cost + need(v, w) * first[0])
            return
        t = rest[k]
        most = max(0, math.ceil(max(v / t[1], w / t[2]) - 1e-9))
        for n in range(most + 1):
            walk(k + 1, cost + n * t[0], v - n * t[1], w - n * t[2])

    walk(0, 0.0, volume, weight)
    return best[0]


def main(path):
    plan = json.load(open(path))
    lanes = defaultdict(list)
    for c in plan["containers"]:
        lanes[(c["mode"], c["origin"], c["destination"])].append(c)
    gaps = {(l["origin"], l["destination"]): l["cost"] - l["lower_bound"] for l in plan.get("lanes", [])}
    print("%-5s %-12s %6s %12s %8s %8s %14s %10s %7s %12s %12s %10s" % (
        "mode", "lane", "boxes", "box_cost", "fill_v", "fill_w", "perfect_fill", "excess", "pct",
        "whole_boxes", "same_room", "lane_gap"))
    total_cost = total_excess = total_whole = total_room = 0.0
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
        # each type's usable capacity, as the plan's boxes show it, and its
        # lowest price among them (a faster quote's box may cost more)
        kinds = {}
        for c in boxes:
            if c["fill_volume"] > 0 and c["fill_weight"] > 0:
                kind = (c["cost"], c["volume_m3"] / c["fill_volume"], c["weight_kg"] / c["fill_weight"])
                kinds[c["equipment"]] = min(kinds.get(c["equipment"], kind), kind)
        unused = sum(kinds[c["equipment"]][1] - c["volume_m3"] for c in boxes if c["equipment"] in kinds)
        if kinds:
            whole = cheapest_cover(kinds.values(), volume, weight)
            room = cheapest_cover(kinds.values(), volume + unused, weight)
        else:  # no box with a load to read its capacity from
            whole = room = cost
        total_whole += cost - whole
        total_room += cost - room
        excess = cost - perfect
        total_cost += cost
        total_excess += excess
        gap = gaps.get((origin, dest))
        print("%-5s %-12s %6d %12.2f %8.4f %8.4f %14.2f %10.2f %6.2f%% %12.2f %12.2f %10s" % (
            mode, origin + "-" + dest, len(boxes), cost,
            sum(c["fill_volume"] for c in boxes) / len(boxes),
            sum(c["fill_weight"] for c in boxes) / len(boxes),
            perfect, excess, 100.0 * excess / cost, whole, room,
            "%.2f" % gap if gap is not None else "-"))
    print("all containers: cost %.2f, excess over perfect fill %.2f (%.2f %% of the plan's total %.2f)" % (
        total_cost, total_excess, 100.0 * total_excess / plan["total_cost"], plan["total_cost"]))
    print("boxes' cost over whole_boxes %.2f, over same_room %.2f" % (total_whole, total_room))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: bench/fill_excess.py plan.json")
    main(sys.argv[1])
