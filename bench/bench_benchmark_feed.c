/* bench_benchmark_feed.c — throughput of the streaming benchmark aggregator
 * alone (rates/benchmark.c), without the loader: ROWS quotes built in memory
 * (40 firms, 72 lanes, a fixed LCG) fed through cf_benchmark_add, then the
 * report. bench/bench_quotes.sh runs it beside the end-to-end figures.
 *   build/bench_benchmark_feed [ROWS]   (default 1000000) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rates/benchmark.h"
#include "solver/clock.h"

int main(int argc, char **argv)
{
    long rows = argc > 1 ? strtol(argv[1], NULL, 10) : 1000000;
    if (rows <= 0) {
        fprintf(stderr, "usage: bench_benchmark_feed [ROWS]\n");
        return 2;
    }
    static const char *const dests[] = {"DEHAM", "NLRTM", "GBFXT", "BEANR", "CNSHA", "USNYC"};
    static const char *const equipment[] = {"20GP", "40GP", "40HC", "LCL"};
    struct cf_quote *quotes = calloc((size_t)rows, sizeof *quotes);
    if (quotes == NULL) {
        fprintf(stderr, "bench_benchmark_feed: out of memory\n");
        return 1;
    }
    unsigned long long x = 42;
    for (long i = 0; i < rows; i++) {
        struct cf_quote *q = &quotes[i];
        x = x * 6364136223846793005ull + 1442695040888963407ull; /* Knuth's MMIX LCG */
        unsigned r = (unsigned)(x >> 33);
        snprintf(q->firm, sizeof q->firm, "Firm %02u Components", r % 40);
        q->mode = CF_MODE_SEA;
        int inbound = (r >> 6) & 1;
        snprintf(q->origin, sizeof q->origin, "%s", inbound ? dests[(r >> 8) % 6] : "ZADUR");
        snprintf(q->destination, sizeof q->destination, "%s", inbound ? "ZADUR" : dests[(r >> 8) % 6]);
        snprintf(q->equipment, sizeof q->equipment, "%s", equipment[(r >> 12) % 4]);
        q->all_in = 1000.0 + (double)((r >> 14) % 2000);
        q->transit_days = 28;
        q->valid_from = q->valid_to = CF_DATE_NONE;
    }

    struct cf_error err;
    struct cf_benchmark *b = NULL;
    double t0 = cf_wall_s();
    int rc = cf_benchmark_create(CF_DATE_NONE, &b, &err);
    for (long i = 0; rc == CF_OK && i < rows; i++)
        rc = cf_benchmark_add(b, &quotes[i], &err);
    double t1 = cf_wall_s();
    struct cf_benchmark_report report;
    if (rc == CF_OK)
        rc = cf_benchmark_report(b, NULL, &report, &err);
    double t2 = cf_wall_s();
    if (rc != CF_OK) {
        fprintf(stderr, "bench_benchmark_feed: %s\n", err.message);
    } else {
        printf("aggregator: %ld rows in %.3f s (%.0f rows/s); report of %zu lanes in %.4f s\n", rows,
               t1 - t0, (double)rows / (t1 - t0), report.nlanes, t2 - t1);
        cf_benchmark_report_free(&report);
    }
    cf_benchmark_free(b);
    free(quotes);
    return rc == CF_OK ? 0 : 1;
}
