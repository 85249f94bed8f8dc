#!/bin/sh
# bench_binpack.sh — build bench_binpack and run it over the OR-Library classes
# u120, u250, u500 (../shared/data/binpack/ relative to the repository).
# Usage: bench/bench_binpack.sh [seconds per instance, default 10]
set -e
# default build type (RelWithDebInfo: -O2 -g), the one the tests use
repo=$(cd "$(dirname "$0")/.." && pwd)
data="$repo/../shared/data/binpack"
build="$repo/build-binpack-bench"
cmake -S "$repo" -B "$build" -DCF_TESTS=OFF >/dev/null
cmake --build "$build" -j1 --target bench_binpack >/dev/null
"$build/bench_binpack" -t "${1:-10}" "$data/binpack1.txt" "$data/binpack2.txt" "$data/binpack3.txt"
