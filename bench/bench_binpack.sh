#!/bin/sh
# bench_binpack.sh — build bench_binpack and run it over the OR-Library classes
# u120, u250, u500 (../shared/data/binpack/ relative to the repository).
# Usage: bench/bench_binpack.sh [seconds per instance, default 10]
set -e
repo=$(cd "$(dirname "$0")/.." && pwd)
data="$repo/../shared/data/binpack"
build="$repo/build-bench"
cmake -S "$repo" -B "$build" -DCMAKE_BUILD_TYPE=Release -DCF_TESTS=OFF >/dev/null
cmake --build "$build" -j1 --target bench_binpack >/dev/null
"$build/bench_binpack" -t "${1:-10}" "$data/binpack1.txt" "$data/binpack2.txt" "$data/binpack3.txt"
