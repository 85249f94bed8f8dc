#!/bin/sh
# bench_quotes.sh — throughput and peak memory of `clusterfreight benchmark`
# on generated quote files (bench/gen_quotes.py: 40 firms, ~60 lanes, three
# currencies). Prints rows/s and peak RSS, median of RUNS runs, for 100,000 and
# 1,000,000 rows: the streaming benchmark's memory should not grow with rows.
#
#   bench/bench_quotes.sh [path/to/clusterfreight]     (default: build/clusterfreight)
#   RUNS=3 SIZES="100000 1000000" bench/bench_quotes.sh build-bench/clusterfreight
#   CALLGRIND=1 bench/bench_quotes.sh     (also: instructions per row on 100,000 rows)
# Also runs bench_benchmark_feed (the aggregator alone) when built beside the binary.
# Wall-clock figures are noisy on a shared machine; callgrind's instruction
# count is repeatable (about 4,400 per row end to end in November 2026).
set -eu

here=$(cd "$(dirname "$0")" && pwd)
bin=${1:-build/clusterfreight}
runs=${RUNS:-3}
sizes=${SIZES:-"100000 1000000"}
[ -x "$bin" ] || { echo "bench_quotes.sh: no executable $bin (build first, or pass its path)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "bench_quotes.sh: needs GNU time (apt-get install time)" >&2; exit 2; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM

# median of the numbers on stdin
median() { sort -n | awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

printf '%-10s %10s %12s %14s %12s\n' rows "MB" "seconds" "rows/s" "peak RSS MB"
for n in $sizes; do
    csv="$work/quotes_$n.csv"
    python3 "$here/gen_quotes.py" "$n" > "$csv"
    mb=$(awk -v b="$(wc -c < "$csv")" 'BEGIN { printf "%.1f", b / 1e6 }')
    : > "$work/secs"
    : > "$work/rss"
    i=0
    while [ "$i" -lt "$runs" ]; do
        /usr/bin/time -v -o "$work/time.txt" "$bin" benchmark --quotes "$csv" --fx "$here/fx.csv" \
            --format json > /dev/null
        # "Elapsed (wall clock) time (h:mm:ss or m:ss): 0:01.23"
        awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, t, ":"); s = 0;
                     for (k = 1; k <= n; k++) s = s * 60 + t[k]; print s }' "$work/time.txt" >> "$work/secs"
        awk -F': ' '/Maximum resident set size/ { print $2 }' "$work/time.txt" >> "$work/rss"
        i=$((i + 1))
    done
    secs=$(median < "$work/secs")
    rss_kb=$(median < "$work/rss")
    awk -v n="$n" -v mb="$mb" -v s="$secs" -v r="$rss_kb" \
        'BEGIN { printf "%-10d %10s %12.3f %14.0f %12.1f\n", n, mb, s, (s > 0 ? n / s : 0), r / 1024 }'
done

# instructions per row, end to end (repeatable where seconds are not)
if [ "${CALLGRIND:-0}" = 1 ]; then
    command -v valgrind > /dev/null || { echo "bench_quotes.sh: CALLGRIND=1 needs valgrind" >&2; exit 2; }
    python3 "$here/gen_quotes.py" 100000 > "$work/quotes_cg.csv"
    valgrind --tool=callgrind --callgrind-out-file="$work/callgrind.out" "$bin" benchmark \
        --quotes "$work/quotes_cg.csv" --fx "$here/fx.csv" --format json > /dev/null 2> "$work/cg.txt"
    # "==123== Collected : 441403691"
    awk '/Collected :/ { printf "callgrind: %.0f instructions per row (100000 rows)\n", $NF / 100000 }' \
        "$work/cg.txt"
fi

# the aggregator alone (no CSV parsing): what the loader leaves on the table
feed="$(dirname "$bin")/bench_benchmark_feed"
if [ -x "$feed" ]; then
    "$feed" 1000000
fi
