/* bench_coalitions.c — quick coalition plans (the lane plans the sampled
 * Shapley value and the core check ask for beyond 12 firms): the cost of
 * `count` random coalitions (seed 99) of a generated cluster, every lane
 * planned quick, and the seconds they took. The costs are printed so that two
 * builds can be checked to plan the same. Usage:
 *   bench_coalitions DIR COUNT     (DIR from clusterfreight generate) */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_cluster.h"
#include "models/rng.h"
#include "solver/clock.h"

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: bench_coalitions DIR COUNT\n");
        return 2;
    }
    const char *dir = argv[1];
    int count = atoi(argv[2]);
    struct bench_cluster b;
    struct cf_coalition *co = NULL;
    struct cf_error err;
    cf_error_clear(&err);
    int rc = bench_cluster_load(&b, dir, "bench_coalitions") == 0 ? CF_OK : CF_ERR_DATA;
    if (rc == CF_OK) {
        struct cf_coalition_input in = bench_cluster_input(&b, 0.02);
        rc = cf_coalition_create(&in, &co, &err);
        if (rc != CF_OK)
            fprintf(stderr, "bench_coalitions: %s\n", err.message);
    }
    if (rc != CF_OK) {
        bench_cluster_free(&b);
        return 1;
    }
    size_t n = cf_coalition_nfirms(co);
    struct cf_rng rng;
    cf_rng_seed(&rng, 99);
    unsigned char member[64];
    double t0 = cf_wall_s();
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
    fprintf(stderr, "%d coalitions of %zu firms in %.3f s\n", count, n, cf_wall_s() - t0);
    if (rc != CF_OK)
        fprintf(stderr, "bench_coalitions: %s\n", err.message);
    cf_coalition_free(co);
    bench_cluster_free(&b);
    return rc == CF_OK ? 0 : 1;
}
