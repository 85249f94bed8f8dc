#!/bin/sh
# bench_plan.sh — the consolidation planner (`clusterfreight plan`) on
# `clusterfreight generate` data: a year (52 weeks, seed 1) for 10, 40 and 200
# firms, with the given time limit. Prints per size the shipments, the median
# wall time of RUNS runs, and that run's status, total cost, lower bound and gap.
# Target (issue "Consolidation solver"): 40 firms within 0.5 % of the bound in < 10 s.
#
#   bench/bench_plan.sh [path/to/clusterfreight]     (default: build/clusterfreight)
#   RUNS=3 FIRMS="10 40 200" LIMIT=10 bench/bench_plan.sh build-plan/clusterfreight
#   CLOCK=work ...  counts --time-limit as work (--clock work): the same plans on
#                 every run, and the wall time says how close a nominal second is
#   LANES=1 ...   also prints, per size, the last run's per-lane lines of -v
#                 (cost, proven bound, gap, seconds used of the lane's share)
#                 and bench/fill_excess.py's table: each lane's containers
#                 against the same cargo in perfectly full boxes
set -eu

bin=${1:-build/clusterfreight}
runs=${RUNS:-3}
firms=${FIRMS:-"10 40 200"}
limit=${LIMIT:-10}
lanes=${LANES:-0}
clock=${CLOCK:-wall}
[ -x "$bin" ] || { echo "bench_plan.sh: no executable $bin (build first, or pass its path)" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM

printf '%-6s %9s %9s %-11s %14s %14s %8s\n' firms shipments seconds status total_cost lower_bound gap_pct
for n in $firms; do
    d="$work/f$n"
    "$bin" generate --firms "$n" --weeks 52 --seed 1 --out "$d" -q >/dev/null
    ships=$(($(wc -l < "$d/shipments.csv") - 1))
    : > "$work/runs"
    r=0
    while [ "$r" -lt "$runs" ]; do
        start=$(date +%s.%N)
        if [ "$lanes" = 1 ]; then
            "$bin" plan --shipments "$d/shipments.csv" --cluster-rates "$d/cluster_rates.csv" \
                --quotes "$d/quotes.csv" --time-limit "$limit" --clock "$clock" --format json -v > "$work/plan.json" \
                2> "$work/log"
        else
            "$bin" plan --shipments "$d/shipments.csv" --cluster-rates "$d/cluster_rates.csv" \
                --quotes "$d/quotes.csv" --time-limit "$limit" --clock "$clock" --format json -q > "$work/plan.json"
        fi
        end=$(date +%s.%N)
        python3 - "$work/plan.json" "$start" "$end" >> "$work/runs" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
secs = float(sys.argv[3]) - float(sys.argv[2])
print(f"{secs:.2f} {d['status']} {d['total_cost']:.2f} {d['lower_bound']:.2f} {100 * d['gap']:.3f}")
PY
        r=$((r + 1))
    done
    # the median run by wall time
    sort -n "$work/runs" | awk -v n="$n" -v s="$ships" -v m="$runs" \
        'NR == int((m + 1) / 2) { printf "%-6s %9s %9s %-11s %14s %14s %8s\n", n, s, $1, $2, $3, $4, $5 }'
    if [ "$lanes" = 1 ]; then
        grep 'plan: lane ' "$work/log" | sed 's/^.*plan: lane /    /'
        python3 "$(dirname "$0")/fill_excess.py" "$work/plan.json" | sed 's/^/    /'
    fi
done
