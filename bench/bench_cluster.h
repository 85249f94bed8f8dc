/* bench_cluster.h — a `clusterfreight generate` directory loaded for the
 * benches that drive the coalition oracle (bench_coalitions.c,
 * bench_lane_noise.c): shipments, quotes and the cluster card through the
 * CLI's own loaders, and the coalition input over them (USD, fill factor
 * 0.90, every quote). Header-only: every .c file in bench/ is an executable of its own. */
#ifndef CF_BENCH_CLUSTER_H
#define CF_BENCH_CLUSTER_H

#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "solver/coalition.h"

struct bench_cluster {
    struct cli_common common;
    struct cf_shipments ships;
    struct cf_quotes quotes, cluster;
};

/* Load dir's three files; 0, or -1 with the error printed. Free with
 * bench_cluster_free whatever it returns. */
static inline int bench_cluster_load(struct bench_cluster *b, const char *dir, const char *prog)
{
    memset(b, 0, sizeof *b);
    memcpy(b->common.currency, "USD", 4);
    b->common.fill_factor = 0.90;
    b->common.as_of = CF_DATE_NONE;
    b->common.timeout_s = 30;
    struct cf_error err;
    cf_error_clear(&err);
    char path[1024];
    int rc = cli_common_load(&b->common, &err);
    snprintf(path, sizeof path, "%s/shipments.csv", dir);
    if (rc == CF_OK)
        rc = cli_load_shipments(&b->common, path, &b->ships, &err);
    snprintf(path, sizeof path, "%s/quotes.csv", dir);
    if (rc == CF_OK)
        rc = cli_load_quotes(&b->common, path, 0, &b->quotes, &err);
    snprintf(path, sizeof path, "%s/cluster_rates.csv", dir);
    if (rc == CF_OK)
        rc = cli_load_quotes(&b->common, path, 1, &b->cluster, &err);
    if (rc != CF_OK)
        fprintf(stderr, "%s: %s\n", prog, err.message);
    return rc == CF_OK ? 0 : -1;
}

/* The coalition oracle's input over b: lane plans of time_limit_s seconds. */
static inline struct cf_coalition_input bench_cluster_input(const struct bench_cluster *b, double time_limit_s)
{
    struct cf_coalition_input in = {&b->ships, &b->quotes, &b->cluster, &b->common.catalogue,
                                    b->common.fill_factor, time_limit_s, 5.0, CF_DATE_NONE, 0};
    return in;
}

static inline void bench_cluster_free(struct bench_cluster *b)
{
    cf_quotes_free(&b->cluster);
    cf_quotes_free(&b->quotes);
    cf_shipments_free(&b->ships);
    cli_common_free(&b->common);
}

#endif
