/* bench_coalitions.c — quick coalition plans (the lane plans the sampled
 * Shapley value and the core check ask for beyond 12 firms): the cost of
 * `count` random coalitions (seed 99) of a generated cluster, every lane
 * planned quick, and the seconds they took. The costs are printed so that two
 * builds can be checked to plan the same. Usage:
 *   bench_coalitions DIR COUNT     (DIR from clusterfreight generate) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "models/loaders.h"
#include "models/rng.h"
#include "solver/coalition.h"

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int load_quotes(const char *path, int cluster, struct cf_fx *fx, struct cf_catalogue *cat,
                       struct cf_quotes *out, struct cf_error *err)
{
    struct cf_source src;
    int rc = cf_source_open_file(&src, path, err);
    if (rc != CF_OK)
        return rc;
    struct cf_quote_opts opts = {fx, cat, cluster};
    rc = cf_load_quotes(&src, &opts, out, err);
    cf_source_close(&src);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: bench_coalitions DIR COUNT\n");
        return 2;
    }
    const char *dir = argv[1];
    int count = atoi(argv[2]);
    struct cf_catalogue cat;
    struct cf_fx fx;
    struct cf_shipments ships;
    struct cf_quotes quotes, cluster;
    memset(&cat, 0, sizeof cat);
    memset(&fx, 0, sizeof fx);
    memset(&ships, 0, sizeof ships);
    memset(&quotes, 0, sizeof quotes);
    memset(&cluster, 0, sizeof cluster);
    struct cf_error err;
    cf_error_clear(&err);
    char path[1024];
    struct cf_source src;
    int rc = cf_catalogue_init_builtin(&cat, &err);
    if (rc == CF_OK)
        rc = cf_fx_init(&fx, "USD", &err);
    snprintf(path, sizeof path, "%s/shipments.csv", dir);
    if (rc == CF_OK && (rc = cf_source_open_file(&src, path, &err)) == CF_OK) {
        rc = cf_load_shipments(&src, &ships, &err);
        cf_source_close(&src);
    }
    snprintf(path, sizeof path, "%s/quotes.csv", dir);
    if (rc == CF_OK)
        rc = load_quotes(path, 0, &fx, &cat, &quotes, &err);
    snprintf(path, sizeof path, "%s/cluster_rates.csv", dir);
    if (rc == CF_OK)
        rc = load_quotes(path, 1, &fx, &cat, &cluster, &err);
    struct cf_coalition *co = NULL;
    struct cf_coalition_input in = {&ships, &quotes, &cluster, &cat, 0.90, 0.02, 5.0, CF_DATE_NONE, 0};
    if (rc == CF_OK)
        rc = cf_coalition_create(&in, &co, &err);
    if (rc != CF_OK) {
        fprintf(stderr, "bench_coalitions: %s\n", err.message);
        return 1;
    }
    size_t n = cf_coalition_nfirms(co);
    struct cf_rng rng;
    cf_rng_seed(&rng, 99);
    unsigned char member[64];
    double t0 = now_s();
    for (int t = 0; t < count && rc == CF_OK; t++) {
        size_t k = (size_t)cf_rng_range(&rng, 2, (int64_t)n), got = 0;
        memset(member, 0, sizeof member);
        while (got < k) {
            size_t i = (size_t)cf_rng_range(&rng, 0, (int64_t)n - 1);
            got += !member[i];
            member[i] = 1;
        }
        cf_cents_t cents = 0;
        rc = cf_coalition_quick_cost_cents(co, member, &cents, &err);
        printf("coalition %d: %zu firms, %lld cents\n", t + 1, k, (long long)cents);
    }
    fprintf(stderr, "%d coalitions of %zu firms in %.3f s\n", count, n, now_s() - t0);
    if (rc != CF_OK)
        fprintf(stderr, "bench_coalitions: %s\n", err.message);
    cf_coalition_free(co);
    cf_quotes_free(&cluster);
    cf_quotes_free(&quotes);
    cf_shipments_free(&ships);
    cf_fx_free(&fx);
    cf_catalogue_free(&cat);
    return rc == CF_OK ? 0 : 1;
}
