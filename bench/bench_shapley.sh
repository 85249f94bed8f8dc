#!/bin/sh
# bench_shapley.sh — wall time of `clusterfreight savings --rule shapley` on
# synthetic clusters (`clusterfreight generate --firms N --weeks W`), and the
# largest 95 % half-width of the sampled Shapley value relative to its
# allocation (exact up to 12 firms: 0); permutations: shared+own (orders asked
# for every member, and for the widest members alone). Goal: 40 firms over a year, every
# half-width under 1 % of its allocation, in under 60 s.
# Usage: bench/bench_shapley.sh [FIRMS...]   (default: 10 20 40)
# Environment: CF (a clusterfreight binary to time; default: build one in
# build-bench), WEEKS (52), SAMPLES (the most permutations: 2000 without a
# SHAPLEY_TIME, else none, the time limit stops), TARGET (stop
# once every half-width is under TARGET % of its allocation; 0: off), SHAPLEY_TIME
# (seconds of sampling at most; 0: none), PLANS (--coalition-plans: auto),
# CV (--control-variate: yes), CORE_SAMPLES (500 random coalitions of the core check), COALITION_LIMIT (0.02 s
# per full lane plan), TIME_LIMIT (5 s for the whole
# pool's plan), TIMEOUT (600 s per run), CLOCK (wall; work: the time limits
# count nominal seconds and a run repeats to the byte), SEED (1: --seed of the
# sampler and the core check).
set -e
repo=$(cd "$(dirname "$0")/.." && pwd)
if [ -z "$CF" ]; then
    build="$repo/build-bench"
    cmake -S "$repo" -B "$build" -DCF_TESTS=OFF >/dev/null
    cmake --build "$build" -j1 --target clusterfreight >/dev/null
    CF="$build/clusterfreight"
fi
cf=$CF
weeks=${WEEKS:-52}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
[ $# -gt 0 ] || set -- 10 20 40
printf '%6s %6s %10s %10s %12s %12s %10s %10s %8s %s\n' firms weeks shipments seconds lane_plans permutations \
    max_hw_pct median_hw plans status
for n in "$@"; do
    dir="$work/f$n"
    "$cf" generate --firms "$n" --weeks "$weeks" --seed 1 --out "$dir" >/dev/null
    ships=$(($(wc -l < "$dir/shipments.csv") - 1))
    start=$(date +%s.%N)
    if timeout "${TIMEOUT:-600}" "$cf" savings --shipments "$dir/shipments.csv" --quotes "$dir/quotes.csv" \
        --cluster-rates "$dir/cluster_rates.csv" --rule shapley ${SAMPLES:+--samples "$SAMPLES"} \
        --target-half-width "${TARGET:-0}" --shapley-time-limit "${SHAPLEY_TIME:-0}" \
        --coalition-plans "${PLANS:-auto}" --control-variate "${CV:-yes}" --core-samples "${CORE_SAMPLES:-500}" \
        --coalition-time-limit "${COALITION_LIMIT:-0.02}" --time-limit "${TIME_LIMIT:-5}" --clock "${CLOCK:-wall}" \
        --seed "${SEED:-1}" --format json -q > "$dir/out.json"; then
        status=ok
    else
        status="failed or timed out (${TIMEOUT:-600} s)"
    fi
    end=$(date +%s.%N)
    secs=$(echo "$end - $start" | bc)
    if [ "$status" = ok ]; then
        res=$(python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
rel = sorted((m.get("half_width", 0) / m["allocated_cost"] * 100 if m["allocated_cost"] else 0) for m in d["members"])
hw, med = rel[-1], (rel[(len(rel) - 1) // 2] + rel[len(rel) // 2]) / 2
sh = d.get("shapley", {})
perms = "%s+%s" % (sh["permutations"], sh.get("own_permutations", 0)) if "permutations" in sh else "exact"
print(d["plan"]["lane_plans"], perms, "%.3f" % hw, "%.3f" % med,
      d["plan"].get("coalition_plans", "full"))' "$dir/out.json")
        set -- $res
        printf '%6s %6s %10s %10.1f %12s %12s %10s %10s %8s %s\n' "$n" "$weeks" "$ships" "$secs" "$1" "$2" "$3" \
            "$4" "$5" "$status"
    else
        printf '%6s %6s %10s %10.1f %12s %12s %10s %10s %8s %s\n' "$n" "$weeks" "$ships" "$secs" - - - - - "$status"
    fi
done
