/* bench_binpack.c — cf_binpack_solve over OR-Library bin-packing files
 * (shared/data/README.md for the format): per instance bins, status and
 * seconds; per file the instances at the published best, median and max
 * seconds. Usage: bench_binpack [-t seconds] [-v] file... */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "solver/binpack.h"
#include "solver/clock.h"

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* every item in a bin, no bin over capacity, nbins == cost (price 1) */
static int valid(const struct cf_bp_problem *p, const struct cf_bp_solution *s)
{
    double *load = calloc(s->nbins + 1, sizeof *load);
    int ok = load != NULL && (long long)s->nbins == (long long)s->cost;
    for (size_t i = 0; ok && i < p->nitems; i++) {
        if (s->item_bin[i] < 0 || (size_t)s->item_bin[i] >= s->nbins)
            ok = 0;
        else
            load[s->item_bin[i]] += p->items[i].volume;
    }
    for (size_t b = 0; ok && b < s->nbins; b++)
        ok = load[b] <= p->types[0].volume;
    free(load);
    return ok;
}

static void log_line(void *ctx, const char *line)
{
    fprintf(ctx, "  | %s\n", line);
}

static int run_file(const char *path, double limit_s, int verbose)
{
    FILE *f = fopen(path, "r");
    int count = 0, at_best = 0, below = 0, optimal = 0, rc = 0;
    double *secs = NULL;
    if (!f || fscanf(f, "%d", &count) != 1 || count <= 0) {
        fprintf(stderr, "bench_binpack: %s: cannot read\n", path);
        if (f)
            fclose(f);
        return 1;
    }
    secs = calloc((size_t)count, sizeof *secs);
    if (!secs) {
        fclose(f);
        return 1;
    }
    for (int k = 0; k < count; k++) {
        char name[64];
        double cap;
        size_t n;
        long best;
        if (fscanf(f, "%63s %lf %zu %ld", name, &cap, &n, &best) != 4) {
            rc = 1;
            break;
        }
        struct cf_bp_item *items = malloc(n * sizeof *items);
        if (!items) {
            rc = 1;
            break;
        }
        for (size_t i = 0; i < n; i++) {
            double s = 0;
            if (fscanf(f, "%lf", &s) != 1)
                rc = 1;
            items[i] = (struct cf_bp_item){s, 0, -1};
        }
        struct cf_bp_bin_type type = {cap, 1e30, 1};
        struct cf_bp_problem p = {items, n, &type, 1};
        struct cf_bp_opts opts = {limit_s, 0, verbose ? log_line : NULL, stdout, 0, 0};
        struct cf_bp_solution s;
        struct cf_error err = {0};
        double t0 = cf_wall_s();
        int solved = cf_binpack_solve(&p, &opts, &s, &err);
        secs[k] = cf_wall_s() - t0;
        if (solved != 0) {
            fprintf(stderr, "bench_binpack: %s: %s\n", name, err.message);
            rc = 1;
        } else if (!valid(&p, &s)) {
            fprintf(stderr, "bench_binpack: %s: INVALID packing\n", name);
            rc = 1;
        } else {
            at_best += s.cost == best;
            below += s.cost < best; /* a checked packing with fewer bins */
            optimal += s.status == CF_BP_OPTIMAL;
            printf("%-10s best %4ld  got %4lld  bound %6.1f  %-10s %7.3f s\n", name, best,
                   (long long)s.cost, s.lower_bound, s.status == CF_BP_OPTIMAL ? "optimal" : "time-limit",
                   secs[k]);
        }
        cf_bp_solution_free(&s);
        free(items);
    }
    qsort(secs, (size_t)count, sizeof *secs, cmp_double);
    double median = count % 2 ? secs[count / 2] : (secs[count / 2 - 1] + secs[count / 2]) / 2;
    printf("== %s: %d/%d at the published best, %d below it, %d proven optimal, median %.3f s, max %.3f s\n\n",
           path, at_best, count, below, optimal, median, secs[count - 1]);
    free(secs);
    fclose(f);
    return rc;
}

int main(int argc, char **argv)
{
    double limit_s = 10;
    int verbose = 0, rc = 0, first = 1;
    while (first < argc && argv[first][0] == '-') {
        if (strcmp(argv[first], "-t") == 0 && first + 1 < argc) {
            limit_s = atof(argv[first + 1]);
            first += 2;
        } else if (strcmp(argv[first], "-v") == 0) {
            verbose = 1;
            first++;
        } else {
            fprintf(stderr, "usage: bench_binpack [-t seconds] [-v] file...\n");
            return 2;
        }
    }
    for (int a = first; a < argc; a++)
        rc |= run_file(argv[a], limit_s, verbose);
    return rc;
}
