#!/bin/sh
# bench_coalitions.sh — quick coalition plans, the lane plans the sampled
# Shapley value and the core check of `savings` ask for beyond 12 firms:
# COUNT random coalitions of a generated 40-firm year (seed 1), median
# seconds of RUNS runs, and a checksum of their costs (two builds that plan
# alike print the same). CALLGRIND=1 counts instructions instead (repeatable
# on a noisy machine; valgrind needed).
#   bench/bench_coalitions.sh            COUNT=200 RUNS=3 FIRMS=40
set -e
repo=$(cd "$(dirname "$0")/.." && pwd)
build="$repo/build-bench"
cmake -S "$repo" -B "$build" -DCF_TESTS=OFF >/dev/null
cmake --build "$build" -j2 --target bench_coalitions clusterfreight >/dev/null
count=${COUNT:-200}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM
"$build/clusterfreight" generate --firms "${FIRMS:-40}" --weeks 52 --seed 1 --out "$work/data" -q >/dev/null
if [ "${CALLGRIND:-0}" = 1 ]; then
    valgrind --tool=callgrind --callgrind-out-file="$work/cg.out" "$build/bench_coalitions" "$work/data" "$count" \
        > "$work/costs" 2> "$work/cg.err"
    printf 'instructions for %s coalitions: %s\n' "$count" "$(sed -n 's/.*Collected : //p' "$work/cg.err")"
else
    : > "$work/times"
    r=0
    while [ "$r" -lt "${RUNS:-3}" ]; do
        "$build/bench_coalitions" "$work/data" "$count" > "$work/costs" 2> "$work/err"
        sed -n 's/.* in \([0-9.]*\) s$/\1/p' "$work/err" >> "$work/times"
        r=$((r + 1))
    done
    printf '%s coalitions of a %s-firm year: median %s s of %s runs\n' "$count" "${FIRMS:-40}" \
        "$(sort -n "$work/times" | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}')" "${RUNS:-3}"
fi
printf 'cost checksum: %s\n' "$(md5sum < "$work/costs" | cut -c1-12)"
