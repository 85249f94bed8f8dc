/* allocate.c — one entry point for the allocation rules of allocate.h: pick
 * the rule, round its allocation to cents so it adds up to c(N) exactly
 * (models/money.h), and check the core. Also the standalone-proportional
 * split, too small to deserve a file of its own. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "allocate.h"

static const char *const rule_names[] = {"shapley", "nucleolus", "epm", "standalone"};

int cf_alloc_rule_parse(const char *name, enum cf_alloc_rule *out)
{
    for (size_t r = 0; r < sizeof rule_names / sizeof rule_names[0]; r++)
        if (strcmp(name, rule_names[r]) == 0) {
            *out = (enum cf_alloc_rule)r;
            return 0;
        }
    return -1;
}

const char *cf_alloc_rule_name(enum cf_alloc_rule rule)
{
    return (size_t)rule < sizeof rule_names / sizeof rule_names[0] ? rule_names[rule] : "?";
}

void cf_alloc_opts_default(struct cf_alloc_opts *opts)
{
    opts->samples = 2000;
    opts->seed = 1;
    opts->threads = 2;
    opts->core_random = 2000;
    opts->target_half_width = 0.0;
    opts->time_cap_s = 0.0;
}

const char *cf_shapley_stop_name(enum cf_shapley_stop stop)
{
    switch (stop) {
    case CF_SHAPLEY_STOP_TARGET: return "target";
    case CF_SHAPLEY_STOP_TIME: return "time";
    default: return "samples";
    }
}

int cf_standalone_split(struct cf_game *game, const struct cf_alloc_opts *opts, double *x,
                        struct cf_error *err)
{
    (void)opts;
    size_t n = cf_game_players(game);
    double cost_n, sum = 0.0;
    int rc = cf_game_cost_set(game, cf_game_grand(game), &cost_n, err);
    for (size_t i = 0; rc == CF_OK && i < n; i++) {
        rc = cf_game_cost_set(game, (cf_coalition_t)1 << i, &x[i], err);
        if (rc == CF_OK && x[i] < 0.0)
            rc = cf_error_set(err, CF_ERR_DATA, NULL, 0, "standalone",
                              "the split needs standalone costs >= 0; \"%s\" has %.2f",
                              cf_game_player(game, i), x[i]);
        sum += x[i];
    }
    if (rc != CF_OK)
        return rc;
    for (size_t i = 0; i < n; i++)
        x[i] = sum > 0.0 ? cost_n * (x[i] / sum) : cost_n / (double)n;
    return CF_OK;
}

void cf_allocation_free(struct cf_allocation *a)
{
    free(a->value);
    free(a->half_width);
    free(a->standalone_cents);
    free(a->allocated_cents);
    memset(a, 0, sizeof *a);
}

int cf_allocate(struct cf_game *game, enum cf_alloc_rule rule, const struct cf_alloc_opts *opts,
                struct cf_allocation *out, struct cf_error *err)
{
    size_t n = cf_game_players(game);
    memset(out, 0, sizeof *out);
    out->rule = rule;
    out->n = n;
    out->value = calloc(n, sizeof *out->value);
    out->standalone_cents = calloc(n, sizeof *out->standalone_cents);
    out->allocated_cents = calloc(n, sizeof *out->allocated_cents);
    if (out->value == NULL || out->standalone_cents == NULL || out->allocated_cents == NULL)
        return cf_error_set(err, CF_ERR_INTERNAL, NULL, 0, NULL, "out of memory");

    /* the figures every rule needs, fetched together */
    cf_coalition_t grand = cf_game_grand(game);
    cf_coalition_t first[CF_GAME_MAX_PLAYERS + 1];
    for (size_t i = 0; i < n; i++)
        first[i] = (cf_coalition_t)1 << i;
    first[n] = grand;
    int rc = cf_game_prefetch(game, first, n + 1, opts->threads, err);
    if (rc != CF_OK)
        return rc;

    int sampled = 0;
    switch (rule) {
    case CF_RULE_SHAPLEY:
        out->half_width = calloc(n, sizeof *out->half_width);
        if (out->half_width == NULL)
            return cf_error_set(err, CF_ERR_INTERNAL, NULL, 0, NULL, "out of memory");
        rc = cf_shapley_report(game, opts, out->value, out->half_width, &out->shapley, err);
        sampled = out->shapley.sampled;
        if (!sampled) {
            free(out->half_width);
            out->half_width = NULL;
        }
        break;
    case CF_RULE_NUCLEOLUS:
        rc = cf_nucleolus(game, opts, out->value, err);
        break;
    case CF_RULE_EPM:
        rc = cf_epm(game, opts, out->value, err);
        break;
    case CF_RULE_STANDALONE:
        rc = cf_standalone_split(game, opts, out->value, err);
        break;
    default:
        rc = cf_error_set(err, CF_ERR_INTERNAL, NULL, 0, NULL, "unknown allocation rule %d", (int)rule);
    }
    if (rc != CF_OK)
        return rc;

    double cost_n;
    rc = cf_game_cost_set(game, grand, &cost_n, err);
    if (rc != CF_OK)
        return rc;
    out->total_consolidated = cf_money_round(cost_n);
    out->total_standalone = 0;
    for (size_t i = 0; i < n; i++) {
        double standalone;
        rc = cf_game_cost_set(game, (cf_coalition_t)1 << i, &standalone, err);
        if (rc != CF_OK)
            return rc;
        out->standalone_cents[i] = cf_money_round(standalone);
        out->total_standalone += out->standalone_cents[i];
    }
    if (cf_money_round_to_total(out->value, n, out->total_consolidated, out->allocated_cents) != 0)
        return cf_error_set(err, CF_ERR_INTERNAL, NULL, 0, NULL,
                            "%s: the allocation could not be rounded to cents", cf_alloc_rule_name(rule));
    /* the core check is of the allocation printed, in cents (domain.md); a
       verdict that only the rounding to the cent makes is said so */
    double *cents = malloc((n ? n : 1) * sizeof *cents);
    if (cents == NULL)
        return cf_error_set(err, CF_ERR_INTERNAL, NULL, 0, NULL, "out of memory");
    for (size_t i = 0; i < n; i++)
        cents[i] = cf_money_units(out->allocated_cents[i]);
    rc = cf_core_check(game, cents, opts, &out->core, err);
    free(cents);
    if (rc == CF_OK && !out->core.stable) {
        struct cf_core_check unrounded;
        rc = cf_core_check(game, out->value, opts, &unrounded, err);
        out->core.rounding_only = rc == CF_OK && unrounded.stable;
    }
    return rc;
}
