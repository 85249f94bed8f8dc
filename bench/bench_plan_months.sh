#!/bin/sh
# bench_plan_months.sh — which side of a lane's gap is weak, the plan or the
# bound, measured where it can be: on month-long pieces of one lane of a
# generated year, small enough for the planner to prove their optimum.
#
# Each month's shipments (by ready date) are planned twice: with SHORT
# nominal seconds, about what the lane gets inside the 40-firm year's 10 s,
# and with LONG, where the branch and bound proves most months optimal.
# For every proven month it prints how far the short run's plan lies above
# the optimum and how far its bound lies below: the first is what a better
# plan could still win, the second what only a stronger bound can. (The
# months are separate problems: a shipment cannot share a box with one of
# another month, and a lane's tiers count one month's TEU, so their sum is
# not the year's.)
#
#   bench/bench_plan_months.sh [path/to/clusterfreight]   (default: build/clusterfreight)
#   LANE=DEHAM-ZADUR SHORT=0.3 LONG=30 FIRMS=40 SEED=1 bench/bench_plan_months.sh
#
# Defaults: LANE=ZADUR-ZAJNB (road), SHORT=0.3, LONG=30, FIRMS=40, SEED=1.
# Runs two months at a time (the work clock makes the figures independent
# of the load).
set -eu

bin=${1:-build/clusterfreight}
lane=${LANE:-ZADUR-ZAJNB}
short=${SHORT:-0.3}
long=${LONG:-30}
firms=${FIRMS:-40}
seed=${SEED:-1}
[ -x "$bin" ] || { echo "bench_plan_months.sh: no executable $bin (build first, or pass its path)" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM

"$bin" generate --firms "$firms" --weeks 52 --seed "$seed" --out "$work/year" -q >/dev/null
python3 - "$work" "$lane" <<'PY'
import csv, os, sys
work, lane = sys.argv[1], sys.argv[2]
origin, destination = lane.split("-")
rows = list(csv.DictReader(open(os.path.join(work, "year", "shipments.csv"), newline="")))
months = {}
for r in rows:
    if r["origin"] == origin and r["destination"] == destination:
        months.setdefault(r["ready_date"][:7], []).append(r)
if not months:
    sys.exit("bench_plan_months.sh: no shipments on " + lane)
for month, rs in months.items():
    os.makedirs(os.path.join(work, "m", month))
    with open(os.path.join(work, "m", month, "shipments.csv"), "w", newline="") as f:
        w = csv.DictWriter(f, list(rows[0].keys()))
        w.writeheader()
        w.writerows(rs)
PY

cat > "$work/one.sh" <<'SH'
#!/bin/sh
# one.sh BIN YEAR_DIR MONTH_DIR LIMIT: the month's plan as JSON into MONTH_DIR/LIMIT.json
"$1" plan --shipments "$3/shipments.csv" --cluster-rates "$2/cluster_rates.csv" --quotes "$2/quotes.csv" \
    --time-limit "$4" --clock work --format json -q > "$3/$4.json"
SH
chmod +x "$work/one.sh"
for limit in "$short" "$long"; do
    ls -d "$work"/m/* | xargs -P 2 -I{} "$work/one.sh" "$bin" "$work/year" {} "$limit"
done

python3 - "$work/m" "$short" "$long" "$lane" <<'PY'
import json, os, statistics, sys
root, short, long_, lane = sys.argv[1:]
print("%s, months planned with %s and %s nominal s (--clock work)" % (lane, short, long_))
print("%-8s %5s %12s %12s %12s %-10s %9s %9s" % (
    "month", "ships", "short_plan", "short_bound", "long_plan", "long", "plan_over", "bound_under"))
over, under = [], []
for month in sorted(os.listdir(root)):
    d = os.path.join(root, month)
    ships = sum(1 for _ in open(os.path.join(d, "shipments.csv"))) - 1
    s = json.load(open(os.path.join(d, short + ".json")))
    l = json.load(open(os.path.join(d, long_ + ".json")))
    line = "%-8s %5d %12.2f %12.2f %12.2f %-10s" % (
        month, ships, s["total_cost"], s["lower_bound"], l["total_cost"], l["status"])
    if l["status"] == "optimal" and s["status"] != "optimal" and l["total_cost"] > 0:
        opt = l["total_cost"]
        over.append(100.0 * (s["total_cost"] - opt) / opt)
        under.append(100.0 * (opt - s["lower_bound"]) / opt)
        line += " %8.2f%% %8.2f%%" % (over[-1], under[-1])
    print(line)
if over:
    print("months proven optimal at %s s but not at %s s: %d; the short run's plan above the optimum by "
          "%.2f %% (median), its bound below by %.2f %% (median)"
          % (long_, short, len(over), statistics.median(over), statistics.median(under)))
else:
    print("no month both proven at %s s and unproven at %s s" % (long_, short))
PY
