#!/bin/sh
# bench_shapley_coverage.sh — are the sampled Shapley value's half-widths
# honest on real lane games? (bench_shapley_coverage.c): for generated
# 14-firm years of each SEED, every lane of 13-14 players listed whole
# (2^14 quick plans, the whole lane in full) and its exact value compared with
# RUNS runs of the sampler: SAMPLES shared orders, then the lane budget of
# `savings` to a TARGET % half-width. Honest half-widths miss about 5 % of
# the time; compare two builds with BUILD= (an existing build directory).
#   bench/bench_shapley_coverage.sh      SEEDS="1 2 3" RUNS=100 SAMPLES=200 TARGET=1
set -e
repo=$(cd "$(dirname "$0")/.." && pwd)
build=${BUILD:-"$repo/build-bench"}
[ -n "$BUILD" ] || cmake -S "$repo" -B "$build" -DCF_TESTS=OFF >/dev/null # a given build keeps its options
cmake --build "$build" -j2 --target bench_shapley_coverage clusterfreight >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM
for seed in ${SEEDS:-1 2 3}; do
    "$build/clusterfreight" generate --firms 14 --weeks 52 --seed "$seed" --out "$work/s$seed" -q >/dev/null
    echo "generate --firms 14 --weeks 52 --seed $seed: ${SAMPLES:-200} shared orders, then a ${TARGET:-1} % target"
    "$build/bench_shapley_coverage" "$work/s$seed" "${RUNS:-100}" shared "${SAMPLES:-200}"
    "$build/bench_shapley_coverage" "$work/s$seed" "${RUNS:-100}" target "${TARGET:-1}"
done
