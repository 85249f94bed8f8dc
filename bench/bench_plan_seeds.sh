#!/bin/sh
# bench_plan_seeds.sh — the planner's gap as a mean over several generated
# years and time limits, under the work clock: one run of one year moves by
# about ±0.05 % when an early phase takes a little more or less time (the
# phases after it take other paths), so a change is judged by the mean.
#
#   bench/bench_plan_seeds.sh [path/to/clusterfreight]   (default: build/clusterfreight)
#   FIRMS=40 SEEDS="1 2 3 4 5" LIMITS="9.5 10.5" bench/bench_plan_seeds.sh
#
# Prints per year and limit the gap (%), then the mean.
set -eu

bin=${1:-build/clusterfreight}
firms=${FIRMS:-40}
seeds=${SEEDS:-"1 2 3 4 5"}
limits=${LIMITS:-"9.5 10.5"}
[ -x "$bin" ] || { echo "bench_plan_seeds.sh: no executable $bin (build first, or pass its path)" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM

: > "$work/gaps"
printf '%-6s %-6s %-6s %8s\n' firms seed limit gap_pct
for seed in $seeds; do
    d="$work/s$seed"
    "$bin" generate --firms "$firms" --weeks 52 --seed "$seed" --out "$d" -q >/dev/null
    for limit in $limits; do
        gap=$("$bin" plan --shipments "$d/shipments.csv" --cluster-rates "$d/cluster_rates.csv" \
                  --quotes "$d/quotes.csv" --time-limit "$limit" --clock work --format json -q |
              python3 -c 'import json, sys; print("%.3f" % (100 * json.load(sys.stdin)["gap"]))')
        printf '%-6s %-6s %-6s %8s\n' "$firms" "$seed" "$limit" "$gap"
        echo "$gap" >> "$work/gaps"
    done
done
awk '{ s += $1; n++ } END { printf "mean gap %.3f %% over %d runs\n", s / n, n }' "$work/gaps"
