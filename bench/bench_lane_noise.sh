#!/bin/sh
# bench_lane_noise.sh — how much of a lane game's marginal costs the Shapley
# sampler's stand-in leaves unexplained, with quick plans and with full
# plans of FULL_S seconds a lane (bench_lane_noise.c): COUNT random
# (coalition, next firm) pairs of lane LANE (0: the first lane, ZADUR-DEHAM)
# of a generated 40-firm year.
#   bench/bench_lane_noise.sh            COUNT=60 LANE=0 FULL_S=0.5 FIRMS=40
set -e
repo=$(cd "$(dirname "$0")/.." && pwd)
build="$repo/build-bench"
cmake -S "$repo" -B "$build" -DCF_TESTS=OFF >/dev/null
cmake --build "$build" -j2 --target bench_lane_noise clusterfreight >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM
"$build/clusterfreight" generate --firms "${FIRMS:-40}" --weeks 52 --seed 1 --out "$work/data" -q >/dev/null
"$build/bench_lane_noise" "$work/data" "${COUNT:-60}" "${LANE:-0}" "${FULL_S:-0.5}"
