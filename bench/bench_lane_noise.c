/* bench_lane_noise.c — what the lane game's stand-in (coalition.h,
 * cf_coalition_lane_proxy_order) leaves unexplained, with quick plans and
 * with full plans: `count` random (coalition, next firm) pairs of one lane
 * (seed 5), each firm's marginal cost planned quick and planned in full
 * (FULL_S seconds a lane plan), against the stand-in's marginal. Prints, for
 * both, the spread of the marginal costs and of what one least-squares fit of
 * them on the stand-in leaves, how far quick costs lie above full ones, and
 * the spread of quick minus full marginal costs (small: what the stand-in
 * leaves is the lane's, shared by both planners; as large as what is left:
 * the planners' own noise).
 * Usage: bench_lane_noise DIR COUNT LANE FULL_S   (DIR from clusterfreight generate) */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_cluster.h"
#include "models/rng.h"

/* the spread of y, and of what y - (a + b x) leaves at the least-squares a, b */
static void spread(const double *y, const double *x, int m, double *sd, double *resid_sd)
{
    double my = 0, mx = 0, sxy = 0, sxx = 0, syy = 0;
    for (int t = 0; t < m; t++) {
        my += y[t] / m;
        mx += x[t] / m;
    }
    for (int t = 0; t < m; t++) {
        sxy += (x[t] - mx) * (y[t] - my);
        sxx += (x[t] - mx) * (x[t] - mx);
        syy += (y[t] - my) * (y[t] - my);
    }
    *sd = sqrt(syy / (m - 1));
    *resid_sd = sqrt(fmax(syy - (sxx > 0 ? sxy * sxy / sxx : 0), 0) / (m - 2));
}

int main(int argc, char **argv)
{
    if (argc != 5) {
        fprintf(stderr, "usage: bench_lane_noise DIR COUNT LANE FULL_S\n");
        return 2;
    }
    const char *dir = argv[1];
    int count = atoi(argv[2]);
    size_t lane = (size_t)atoi(argv[3]);
    double full_s = atof(argv[4]);
    struct bench_cluster b;
    struct cf_error err;
    cf_error_clear(&err);
    struct cf_coalition *quick = NULL, *full = NULL;
    int loaded = bench_cluster_load(&b, dir, "bench_lane_noise") == 0;
    int rc = loaded ? CF_OK : CF_ERR_DATA;
    struct cf_coalition_input in = bench_cluster_input(&b, full_s);
    if (rc == CF_OK)
        rc = cf_coalition_create(&in, &quick, &err);
    if (rc == CF_OK)
        rc = cf_coalition_create(&in, &full, &err);
    size_t n = quick != NULL ? cf_coalition_nfirms(quick) : 0;
    struct cf_coalition_plan grand;
    memset(&grand, 0, sizeof grand);
    unsigned char all[64];
    memset(all, 1, sizeof all);
    if (rc == CF_OK) {
        cf_coalition_set_quick(quick, 1);
        rc = cf_coalition_plan(quick, all, &grand, &err);
    }
    if (rc == CF_OK)
        rc = cf_coalition_proxy_build(quick, &grand.plan, &err);
    cf_coalition_plan_free(&grand);
    if (rc != CF_OK || lane >= cf_coalition_nlanes(quick) || count < 3) {
        if (loaded)
            fprintf(stderr, "bench_lane_noise: %s\n", rc != CF_OK ? err.message : "no such lane, or COUNT < 3");
        cf_coalition_free(quick);
        cf_coalition_free(full);
        bench_cluster_free(&b);
        return 1;
    }
    uint64_t players = cf_coalition_lane_players(quick, lane);
    size_t member[64], np = 0;
    for (size_t i = 0; i < n; i++)
        if ((players >> i) & 1u)
            member[np++] = i;
    double *q = calloc((size_t)count, sizeof *q), *f = calloc((size_t)count, sizeof *f);
    double *p = calloc((size_t)count, sizeof *p);
    double above = 0.0;
    struct cf_rng rng;
    cf_rng_seed(&rng, 5);
    for (int t = 0; rc == CF_OK && t < count && np > 4; t++) {
        size_t order[64];
        memcpy(order, member, np * sizeof *order);
        for (size_t a = np - 1; a > 0; a--) {
            size_t b = (size_t)cf_rng_range(&rng, 0, (int64_t)a), tmp = order[a];
            order[a] = order[b];
            order[b] = tmp;
        }
        size_t k = (size_t)cf_rng_range(&rng, 2, (int64_t)np - 2);
        uint64_t s = 0;
        for (size_t a = 0; a < k; a++)
            s |= (uint64_t)1 << order[a];
        uint64_t si = s | ((uint64_t)1 << order[k]);
        cf_cents_t q1 = 0, q2 = 0, f1 = 0, f2 = 0;
        double proxy[64];
        rc = cf_coalition_lane_cost_cents(quick, lane, s, &q1, &err);
        if (rc == CF_OK)
            rc = cf_coalition_lane_cost_cents(quick, lane, si, &q2, &err);
        if (rc == CF_OK)
            rc = cf_coalition_lane_cost_cents(full, lane, s, &f1, &err);
        if (rc == CF_OK)
            rc = cf_coalition_lane_cost_cents(full, lane, si, &f2, &err);
        if (rc == CF_OK && cf_coalition_lane_proxy_order(quick, lane, order, k + 1, proxy) != 0)
            rc = CF_ERR_INTERNAL;
        q[t] = (double)(q2 - q1) / 100.0;
        f[t] = (double)(f2 - f1) / 100.0;
        p[t] = proxy[k] - proxy[k - 1];
        above += f1 > 0 ? ((double)q1 - (double)f1) / (double)f1 / count : 0.0;
    }
    if (rc == CF_OK && np > 4) {
        char name[32];
        cf_coalition_lane_name(quick, lane, name, sizeof name);
        double sd, res;
        printf("lane %s, %zu players, %d pairs, full plans %.2f s a lane\n", name, np, count, full_s);
        spread(q, p, count, &sd, &res);
        printf("quick plans: marginal spread %.0f, left by the stand-in %.0f\n", sd, res);
        spread(f, p, count, &sd, &res);
        printf("full plans:  marginal spread %.0f, left by the stand-in %.0f\n", sd, res);
        printf("quick above full, on average: %.2f %%\n", 100.0 * above);
        double *d = calloc((size_t)count, sizeof *d);
        for (int t = 0; d != NULL && t < count; t++)
            d[t] = q[t] - f[t];
        if (d != NULL) {
            spread(d, p, count, &sd, &res);
            printf("quick minus full marginal: spread %.0f\n", sd);
        }
        free(d);
    }
    free(q);
    free(f);
    free(p);
    cf_coalition_free(quick);
    cf_coalition_free(full);
    bench_cluster_free(&b);
    return rc == CF_OK ? 0 : 1;
}
