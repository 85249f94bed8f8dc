/* cmd_savings.c — `clusterfreight savings --shipments SRC --quotes SRC
 * --cluster-rates SRC [--rule RULE] [--member FIRM]` (interface.md): every
 * member's standalone cost, its share of the consolidated cost under one rule
 * of domain.md "Cost allocation", its savings, and the core check. The costs
 * come from the coalition oracle (solver/coalition.h), the usage and
 * standalone rules from solver/usage.h, the game rules from solver/allocate.h.
 * With --member, only that firm's row and aggregates of >= 3 firms appear. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "models/loaders.h"
#include "models/money.h"
#include "solver/allocate.h"
#include "solver/coalition.h"
#include "solver/propose.h"
#include "solver/usage.h"

/* Confidentiality (interface.md): aggregates need at least this many firms. */
#define SAVINGS_MIN_AGGREGATE 3

enum { OPT_SHIPMENTS = 500, OPT_QUOTES, OPT_CLUSTER_RATES, OPT_RULE, OPT_MEMBER, OPT_SAMPLES, OPT_SEED,
       OPT_COALITION_LIMIT, OPT_CORE_SAMPLES, OPT_COALITION_PLANS, OPT_TARGET_HW, OPT_SHAPLEY_TIME,
       OPT_BY_LANE, OPT_CONTROL_VARIATE, OPT_WITH_POOL_PLAN, OPT_WITH_PROPOSAL };

static const struct cli_option options[] = {
    {"shipments", 1, OPT_SHIPMENTS, "SRC", "members' shipments, CSV or JSON (file, - or URL); required", NULL},
    {"quotes", 1, OPT_QUOTES, "SRC", "firms' own quotes (standalone costs; lowest quotes of a coalition); required",
     NULL},
    {"cluster-rates", 1, OPT_CLUSTER_RATES, "SRC", "the cluster's rate card with min_teu tiers; required", NULL},
    {"rule", 1, OPT_RULE, "RULE", "usage, standalone, shapley, nucleolus or epm", "usage"},
    {"member", 1, OPT_MEMBER, "FIRM", "that firm's confidential view: its own row and aggregates of >= 3 firms",
     NULL},
    {"samples", 1, OPT_SAMPLES, "N", "permutations for the Shapley value beyond 12 firms, of each lane's game "
     "with --shapley-by-lane yes (4..100000000); with --shapley-time-limit and no --samples, no count: the "
     "time limit or the target stops it", "2000"},
    {"target-half-width", 1, OPT_TARGET_HW, "PCT",
     "sampled Shapley: stop before --samples once every member's 95 % half-width is within PCT % of its "
     "value (by lane: of the member's whole value, the lanes' batches going where they narrow the widest "
     "member most; 0: off)", "0"},
    {"shapley-time-limit", 1, OPT_SHAPLEY_TIME, "S",
     "sampled Shapley: stop after S seconds of sampling, whatever the half-widths (0: none); wall-clock "
     "seconds, so the output depends on the machine, or nominal ones under --clock work (it repeats)", "0"},
    {"shapley-by-lane", 1, OPT_BY_LANE, "yes|no",
     "sampled Shapley: one game per lane (exact on lanes of <= 12 firms, sampled on the others) or the whole "
     "pool's game", "yes"},
    {"control-variate", 1, OPT_CONTROL_VARIATE, "yes|no",
     "beyond 12 firms, by lane: a stand-in per lane game, the pool's plan re-priced at each coalition's rates; "
     "the sampled Shapley value samples only the difference (much narrower half-widths) and the sampled core "
     "check screens 50 times its random coalitions with it for the likeliest to block", "yes"},
    {"seed", 1, OPT_SEED, "S", "random seed of the sampled Shapley value and core check", "1"},
    {"coalition-time-limit", 1, OPT_COALITION_LIMIT, "S",
     "solver budget per lane of every full plan but the whole pool's: each firm alone, and the other "
     "coalitions when planned full (never above --time-limit)", "0.02"},
    {"core-samples", 1, OPT_CORE_SAMPLES, "N", "random coalitions of the core check beyond 12 firms, besides "
     "singletons, pairs and complements (0..1000000)", "500"},
    {"coalition-plans", 1, OPT_COALITION_PLANS, "HOW",
     "full, quick (greedy starts, packed: a fast upper bound) or auto (quick beyond 12 firms) for the plans of "
     "coalitions of 2 firms or more short of the pool; each firm alone and the whole pool are always full",
     "auto"},
    {"with-pool-plan", 0, OPT_WITH_POOL_PLAN, NULL,
     "JSON: add the pool's consolidated plan, the one the allocation shares, as `plan --format json` prints "
     "it (\"pool_plan\"; report uses it; not with --member)", NULL},
    {"with-proposal", 0, OPT_WITH_PROPOSAL, NULL,
     "JSON: add the cluster-rate proposal as `propose --format json` prints it, computed on this run's plans "
     "(the pool's and each member's alone: \"proposal\"; report uses it; not with --member)", NULL},
};

static const struct cli_command command = {
    "savings",
    "--shipments SRC --quotes SRC --cluster-rates SRC [--rule RULE] [--member FIRM] [--samples N] [--seed S]",
    "What each member pays alone (its own quotes, cluster medians where it holds none), its share\n"
    "of the pool's consolidated cost under the rule, and its savings; whether any group of firms\n"
    "would do better on its own (the core).",
    options, sizeof options / sizeof options[0], 1, "shipments quotes cluster-rates",
    0, CF_CLOCK_WALL}; /* the shared --time-limit and --clock defaults */

enum savings_rule { RULE_USAGE = -1 }; /* else an enum cf_alloc_rule */

/* How sub-coalitions are planned: --coalition-plans. */
enum coalition_plans { PLANS_AUTO = 0, PLANS_FULL, PLANS_QUICK };

/* Beyond this many firms auto plans sub-coalitions quick: every game
 * question (sampled Shapley, sampled core check, nucleolus and EPM's 2^n
 * rows) then asks for far more coalitions than full plans can afford. */
#define SAVINGS_QUICK_ABOVE 12

/* --samples when it is not given but --shapley-time-limit is: the most it
 * accepts, so the time limit (or the target) stops the sampling, never the
 * default count, which would cap the widest members' own orders while the
 * others' go on */
#define SAVINGS_SAMPLES_UNCAPPED 100000000L

struct savings_args {
    const char *shipments, *quotes, *cluster_rates, *member;
    int rule; /* RULE_USAGE or enum cf_alloc_rule */
    struct cf_alloc_opts opts;
    double coalition_limit_s;
    enum coalition_plans plans;
    int by_lane; /* --shapley-by-lane */
    int control_variate; /* --control-variate */
    int with_pool_plan;  /* --with-pool-plan */
    int with_proposal;   /* --with-proposal */
    int samples_given;   /* --samples was given */
};

static int on_option(int key, const char *arg, void *ctx)
{
    struct savings_args *a = ctx;
    switch (key) {
    case OPT_SHIPMENTS: a->shipments = arg; return 0;
    case OPT_QUOTES: a->quotes = arg; return 0;
    case OPT_CLUSTER_RATES: a->cluster_rates = arg; return 0;
    case OPT_MEMBER: a->member = arg; return 0;
    case OPT_RULE: {
        enum cf_alloc_rule r;
        if (strcmp(arg, "usage") == 0) {
            a->rule = RULE_USAGE;
            return 0;
        }
        if (cf_alloc_rule_parse(arg, &r) != 0)
            return cli_usage_error("savings", "--rule: expected usage, standalone, shapley, nucleolus or epm, got \"%s\"",
                                   arg);
        a->rule = (int)r;
        return 0;
    }
    case OPT_SAMPLES: {
        long v;
        if (cli_parse_long("savings", "samples", arg, 4, 100000000, &v) != 0)
            return CF_ERR_USAGE;
        a->opts.samples = v;
        a->samples_given = 1;
        return 0;
    }
    case OPT_SEED: {
        unsigned long long v;
        if (cli_parse_seed("savings", "seed", arg, &v) != 0)
            return CF_ERR_USAGE;
        a->opts.seed = v;
        return 0;
    }
    case OPT_COALITION_LIMIT: {
        double v = 0.0;
        if (!cli_number(arg, &v) || !(v > 0.0))
            return cli_usage_error("savings", "--coalition-time-limit: expected seconds > 0, got \"%s\"", arg);
        a->coalition_limit_s = v;
        return 0;
    }
    case OPT_COALITION_PLANS:
        if (strcmp(arg, "auto") == 0)
            a->plans = PLANS_AUTO;
        else if (strcmp(arg, "full") == 0)
            a->plans = PLANS_FULL;
        else if (strcmp(arg, "quick") == 0)
            a->plans = PLANS_QUICK;
        else
            return cli_usage_error("savings", "--coalition-plans: expected auto, full or quick, got \"%s\"", arg);
        return 0;
    case OPT_TARGET_HW:
    case OPT_SHAPLEY_TIME: {
        double v = 0.0;
        if (!cli_number(arg, &v) || !(v >= 0.0) || v > 1e7)
            return cli_usage_error("savings", "--%s: expected a number >= 0, got \"%s\"",
                                   key == OPT_TARGET_HW ? "target-half-width" : "shapley-time-limit", arg);
        if (key == OPT_TARGET_HW)
            a->opts.target_half_width = v / 100.0;
        else
            a->opts.time_cap_s = v;
        return 0;
    }
    case OPT_WITH_POOL_PLAN:
        a->with_pool_plan = 1;
        return 0;
    case OPT_WITH_PROPOSAL:
        a->with_proposal = 1;
        return 0;
    case OPT_BY_LANE:
    case OPT_CONTROL_VARIATE:
        if (strcmp(arg, "yes") != 0 && strcmp(arg, "no") != 0)
            return cli_usage_error("savings", "--%s: expected yes or no, got \"%s\"",
                                   key == OPT_BY_LANE ? "shapley-by-lane" : "control-variate", arg);
        if (key == OPT_BY_LANE)
            a->by_lane = strcmp(arg, "yes") == 0;
        else
            a->control_variate = strcmp(arg, "yes") == 0;
        return 0;
    case OPT_CORE_SAMPLES: {
        long v;
        if (cli_parse_long("savings", "core-samples", arg, 0, 1000000, &v) != 0)
            return CF_ERR_USAGE;
        a->opts.core_random = v;
        return 0;
    }
    default:
        return cli_usage_error("savings", "internal: unhandled option");
    }
}

/* Everything the output needs, per member i < n. */
struct savings_result {
    size_t n;
    const char *rule_name;
    cf_cents_t *standalone, *allocated;
    double *half_width;       /* NULL unless sampled */
    char ***stand_in_lanes;   /* per member: "ORIG-DEST EQUIPMENT" strings */
    size_t *nstand_in;
    size_t *unplaced_alone, *unplaced_pool; /* per member: its shipments its standalone plan, and the
                                               pool's, left unplaced (costed at nothing) */
    unsigned char *thin;      /* per member: a stand-in of fewer than SAVINGS_MIN_AGGREGATE firms priced
                                 its standalone plan, which --member then withholds */
    cf_cents_t total_standalone, total_consolidated;
    struct cf_core_check core;
    struct cf_coalition_stats stats;
    enum cf_plan_status grand_status;
    double grand_gap;
    size_t nunplaced;
    struct cf_shapley_report shapley;
    double target_half_width;
    int by_lane;              /* the Shapley value was computed lane by lane */
    int control_variate;      /* ... with each lane's proxy as a control variate */
    int quick;                /* sub-coalitions planned quick */
    double quick_excess;      /* quick plans: (quick c(N) - full c(N)) / full c(N), how far a quick plan
                                 lies above the full one on the whole pool */
    struct cf_plan pool;      /* c(N)'s plan, kept for --with-pool-plan and --with-proposal (else empty) */
    struct cf_plan *alone;    /* per member its standalone plan, kept for --with-proposal (else NULL) */
    int few_priced;           /* --member: the pool pays a quote of fewer than 3 firms for its cargo */
};

static void result_free(struct savings_result *r)
{
    for (size_t i = 0; r->stand_in_lanes != NULL && i < r->n; i++) {
        for (size_t k = 0; k < r->nstand_in[i]; k++)
            free(r->stand_in_lanes[i][k]);
        free(r->stand_in_lanes[i]);
    }
    free(r->stand_in_lanes);
    free(r->thin);
    free(r->unplaced_alone);
    free(r->unplaced_pool);
    free(r->nstand_in);
    free(r->half_width);
    free(r->allocated);
    free(r->standalone);
    cf_plan_free(&r->pool);
    for (size_t i = 0; r->alone != NULL && i < r->n; i++)
        cf_plan_free(&r->alone[i]);
    free(r->alone);
}

/* The distinct lanes and equipment a firm's standalone plan priced with a stand-in. */
static int collect_stand_ins(const struct cf_shipments *ships, const struct cf_coalition_plan *p, char ***out,
                             size_t *nout, unsigned char *thin)
{
    size_t cap = p->plan.ncontainers + p->plan.nloose;
    char **list = calloc(cap ? cap : 1, sizeof *list);
    if (list == NULL)
        return -1;
    size_t n = 0;
    for (size_t k = 0; k < cap; k++) {
        int flagged = k < p->plan.ncontainers ? p->container_stand_in[k] : p->loose_stand_in[k - p->plan.ncontainers];
        if (!flagged)
            continue;
        *thin |= flagged < SAVINGS_MIN_AGGREGATE; /* the median is over that many firms */
        char text[64];
        if (k < p->plan.ncontainers) {
            const struct cf_plan_container *c = &p->plan.containers[k];
            snprintf(text, sizeof text, "%s-%s %s", c->origin, c->destination, c->equipment);
        } else {
            const struct cf_plan_loose *l = &p->plan.loose[k - p->plan.ncontainers];
            const struct cf_shipment *s = &ships->items[l->shipment];
            snprintf(text, sizeof text, "%s-%s %s", s->origin, s->destination, l->equipment);
        }
        size_t j = 0;
        while (j < n && strcmp(list[j], text) != 0)
            j++;
        if (j < n)
            continue;
        list[n] = strdup(text);
        if (list[n] == NULL) {
            for (size_t i = 0; i < n; i++)
                free(list[i]);
            free(list);
            return -1;
        }
        n++;
    }
    *out = list;
    *nout = n;
    return 0;
}

/* The lane games of the pool, attached to game: beyond 12 firms the Shapley
 * value is then computed lane by lane (exact on lanes of at most 12 players,
 * sampled on the others; a firm gets nothing from a lane it neither ships on
 * nor quotes for), and with their stand-ins the core check screens its random
 * coalitions. lanes[] and parts[] are freed by lane_games_free. */
struct lane_games {
    struct cf_lane_part *lanes;
    struct cf_game **parts;
    cf_coalition_t *members;
    size_t count;
};

static void lane_games_free(struct lane_games *lg)
{
    for (size_t l = 0; lg->parts != NULL && l < lg->count; l++)
        cf_game_free(lg->parts[l]);
    free(lg->parts);
    free(lg->lanes);
    free(lg->members);
    memset(lg, 0, sizeof *lg);
}

static int lane_games_attach(struct cf_coalition *co, const char *const *names, int proxied,
                             struct cf_game *game, struct lane_games *lg, struct cf_error *err)
{
    size_t nl = cf_coalition_nlanes(co);
    lg->lanes = calloc(nl ? nl : 1, sizeof *lg->lanes);
    lg->parts = calloc(nl ? nl : 1, sizeof *lg->parts);
    lg->members = calloc(nl ? nl : 1, sizeof *lg->members);
    if (lg->lanes == NULL || lg->parts == NULL || lg->members == NULL)
        return cf_error_set(err, CF_ERR_INTERNAL, NULL, 0, NULL, "savings: out of memory");
    for (size_t l = 0; l < nl; l++) {
        struct cf_lane_part *part = &lg->lanes[lg->count];
        uint64_t players = cf_coalition_lane_players(co, l);
        const char *part_names[CF_GAME_MAX_PLAYERS];
        cf_coalition_lane_part_init(co, l, part);
        for (size_t k = 0; k < part->n; k++)
            part_names[k] = names[part->global[k]];
        if (part->n == 0)
            continue;
        int rc =
            cf_game_create(part->n, part_names, cf_coalition_lane_part_cost, part, &lg->parts[lg->count], err);
        if (rc != CF_OK)
            return rc;
        if (proxied)
            cf_game_set_proxy(lg->parts[lg->count], cf_coalition_lane_part_proxy, part);
        /* a lane plan's time grows with the lane's shipments */
        cf_game_set_cost_hint(lg->parts[lg->count], (double)cf_coalition_lane_shipments(co, l) + 1.0);
        lg->members[lg->count++] = players;
    }
    return cf_game_set_parts(game, lg->count, lg->parts, lg->members, err);
}

/* Quick sub-coalition plans or full ones (--coalition-plans); when quick, how
 * far the quick plan of the whole pool lies above its full plan, which the
 * output reports so that nobody takes quick coalition costs for optimal. */
static int choose_plans(struct cf_coalition *co, const struct savings_args *a, size_t n, unsigned char *in,
                        struct savings_result *r, struct cf_error *err)
{
    r->quick = a->plans == PLANS_QUICK || (a->plans == PLANS_AUTO && n > SAVINGS_QUICK_ABOVE);
    cf_coalition_set_quick(co, r->quick);
    if (!r->quick || r->total_consolidated <= 0)
        return CF_OK;
    memset(in, 1, n);
    cf_cents_t quick_total = 0;
    int rc = cf_coalition_quick_cost_cents(co, in, &quick_total, err);
    if (rc == CF_OK)
        r->quick_excess = (double)(quick_total - r->total_consolidated) / (double)r->total_consolidated;
    return rc;
}

static int compute(struct cf_coalition *co, const struct cf_shipments *ships, const struct savings_args *a,
                   struct savings_result *r, struct cf_error *err)
{
    size_t n = cf_coalition_nfirms(co);
    r->n = n;
    r->standalone = calloc(n, sizeof *r->standalone);
    r->allocated = calloc(n, sizeof *r->allocated);
    r->stand_in_lanes = calloc(n, sizeof *r->stand_in_lanes);
    r->nstand_in = calloc(n, sizeof *r->nstand_in);
    r->thin = calloc(n, 1);
    r->unplaced_alone = calloc(n, sizeof *r->unplaced_alone);
    r->unplaced_pool = calloc(n, sizeof *r->unplaced_pool);
    if (a->with_proposal)
        r->alone = calloc(n, sizeof *r->alone);
    unsigned char *in = calloc(n, 1);
    const char **names = calloc(n, sizeof *names);
    double *x = calloc(n, sizeof *x);
    struct cf_game *game = NULL;
    struct lane_games lanes;
    memset(&lanes, 0, sizeof lanes);
    struct cf_allocation alloc;
    memset(&alloc, 0, sizeof alloc);
    int rc = CF_OK;
    if (r->standalone == NULL || r->allocated == NULL || r->stand_in_lanes == NULL || r->nstand_in == NULL ||
        (a->with_proposal && r->alone == NULL) ||
        r->thin == NULL || r->unplaced_alone == NULL || r->unplaced_pool == NULL || in == NULL || names == NULL || x == NULL) {
        rc = cf_error_set(err, CF_ERR_INTERNAL, NULL, 0, NULL, "savings: out of memory");
        goto done;
    }
    for (size_t i = 0; i < n; i++)
        names[i] = cf_coalition_firm(co, i);

    /* standalone plans: c({i}), and where a stand-in priced them */
    for (size_t i = 0; i < n; i++) {
        struct cf_coalition_plan p;
        memset(in, 0, n);
        in[i] = 1;
        rc = cf_coalition_plan(co, in, &p, err);
        if (rc == CF_OK) {
            r->standalone[i] = p.plan.total_cost;
            r->unplaced_alone[i] = p.plan.nunplaced;
            r->total_standalone += p.plan.total_cost;
            if (collect_stand_ins(ships, &p, &r->stand_in_lanes[i], &r->nstand_in[i], &r->thin[i]) != 0)
                rc = cf_error_set(err, CF_ERR_INTERNAL, NULL, 0, NULL, "savings: out of memory");
        }
        if (rc == CF_OK && r->alone != NULL) { /* kept whole for the proposal */
            r->alone[i] = p.plan;
            memset(&p.plan, 0, sizeof p.plan);
        }
        cf_coalition_plan_free(&p);
        if (rc != CF_OK)
            goto done;
    }

    /* the consolidated plan of everyone: c(N), and the usage rule on it */
    struct cf_coalition_plan grand;
    memset(in, 1, n);
    rc = cf_coalition_plan(co, in, &grand, err);
    if (rc == CF_OK) {
        r->total_consolidated = grand.plan.total_cost;
        r->grand_status = grand.plan.status;
        r->grand_gap = grand.plan.gap;
        r->nunplaced = grand.plan.nunplaced;
        for (size_t u = 0; u < grand.plan.nunplaced; u++) {
            long f = cf_coalition_firm_index(co, ships->items[grand.plan.unplaced[u].shipment].firm);
            if (f >= 0)
                r->unplaced_pool[f]++;
        }
        if (a->rule == RULE_USAGE)
            rc = cf_usage_allocate(ships, &grand.plan, NULL, names, n, r->allocated, err);
    }
    /* beyond 12 firms the lane games and their stand-ins serve the sampled
       Shapley value and, whatever the rule, the sampled core check's screening */
    int by_lane = n > CF_SHAPLEY_EXACT_MAX && a->by_lane;
    int proxied = by_lane && a->control_variate;
    if (rc == CF_OK && proxied)
        rc = cf_coalition_proxy_build(co, &grand.plan, err);
    if (rc == CF_OK && (a->with_pool_plan || a->with_proposal || a->member != NULL)) {
        /* kept whole: the plan the allocation shares (a member's view checks what priced its part) */
        r->pool = grand.plan;
        memset(&grand.plan, 0, sizeof grand.plan);
    }
    cf_coalition_plan_free(&grand);
    if (rc != CF_OK)
        goto done;
    rc = choose_plans(co, a, n, in, r, err);
    if (rc != CF_OK)
        goto done;

    rc = cf_game_create(n, names, cf_coalition_cost, co, &game, err);
    if (rc == CF_OK) {
        /* a whole coalition's plan: every lane's shipments, at about two
           thirds of a lane game's time each (the lane plans of the firms a
           coalition has on a lane are shared with other coalitions: 10.3 s
           of sampling on 20 generated firms took 18.8 s at one, 15.4 s on 40
           took 20.9 s) */
        double shipments = 0.0;
        for (size_t l = 0; l < cf_coalition_nlanes(co); l++)
            shipments += (double)cf_coalition_lane_shipments(co, l);
        cf_game_set_cost_hint(game, 0.65 * shipments + 1.0);
    }
    if (rc == CF_OK && by_lane)
        rc = lane_games_attach(co, names, proxied, game, &lanes, err);
    r->by_lane = lanes.count > 0 && a->rule == (int)CF_RULE_SHAPLEY;
    r->control_variate = r->by_lane && proxied;
    if (rc != CF_OK)
        goto done;
    if (a->rule == RULE_USAGE || a->rule == (int)CF_RULE_STANDALONE) {
        r->rule_name = a->rule == RULE_USAGE ? "usage" : "standalone";
        if (a->rule != RULE_USAGE)
            rc = cf_usage_standalone(r->total_consolidated, r->standalone, n, r->allocated, err);
        for (size_t i = 0; rc == CF_OK && i < n; i++)
            x[i] = cf_money_units(r->allocated[i]);
        if (rc == CF_OK)
            rc = cf_core_check(game, x, &a->opts, &r->core, err);
    } else {
        r->rule_name = cf_alloc_rule_name((enum cf_alloc_rule)a->rule);
        rc = cf_allocate(game, (enum cf_alloc_rule)a->rule, &a->opts, &alloc, err);
        if (rc == CF_OK) {
            memcpy(r->allocated, alloc.allocated_cents, n * sizeof *r->allocated);
            r->core = alloc.core;
            r->shapley = alloc.shapley;
            r->target_half_width = a->opts.target_half_width;
            if (alloc.total_consolidated != r->total_consolidated)
                rc = cf_error_set(err, CF_ERR_INTERNAL, NULL, 0, NULL,
                                  "savings: the game's c(N) differs from the consolidated plan");
        }
        if (rc == CF_OK && alloc.half_width != NULL) {
            r->half_width = malloc(n * sizeof *r->half_width);
            if (r->half_width == NULL)
                rc = cf_error_set(err, CF_ERR_INTERNAL, NULL, 0, NULL, "savings: out of memory");
            else
                memcpy(r->half_width, alloc.half_width, n * sizeof *r->half_width);
        }
    }
    cf_coalition_stats(co, &r->stats);
done:
    cf_allocation_free(&alloc);
    cf_game_free(game);
    lane_games_free(&lanes);
    free(x);
    free(names);
    free(in);
    return rc;
}

/* --- output --- */

static int shown(long member, size_t i)
{
    return member < 0 || (size_t)member == i;
}

static int aggregates_shown(long member, const struct savings_result *r)
{
    return member < 0 || r->n >= SAVINGS_MIN_AGGREGATE;
}

/* Member i's standalone cost in member's view: withheld when a stand-in
 * median of fewer than SAVINGS_MIN_AGGREGATE firms priced it (with one firm
 * behind it, the median is that firm's own rate; interface.md,
 * "Confidentiality"). */
#define WITHHELD_NOTE "standalone cost and savings withheld: a cluster median of fewer than 3 firms' quotes priced it"
static int withheld(long member, const struct savings_result *r, size_t i)
{
    return member >= 0 && r->thin[i];
}

/* Member i's allocated cost (and so its savings) in member's view: withheld
 * in a pool of fewer than SAVINGS_MIN_AGGREGATE firms, where every rule's
 * share is a function of the pool's cost and the other firm's, which views
 * under two rules would give away (Shapley: (own + c(N) - other's) / 2,
 * standalone: c(N) x own / (own + other's)); and wherever its standalone
 * cost is withheld: under the standalone rule the share is in proportion to
 * it (share x total standalone / total consolidated), and under any rule the
 * pool prices the lane at the rate the thin median was (a member's cargo
 * alone in a box paid exactly the one quote-holder's rate). */
#define SHARE_WITHHELD_POOL "allocated cost and savings withheld: in a pool of fewer than 3 firms a member's share would reveal the other firm's costs"
#define SHARE_WITHHELD_RULE "allocated cost withheld too: like the standalone cost, it would show the rate of the few firms quoting a lane"
#define SHARE_WITHHELD_FEW "allocated cost and savings withheld: on one of its lanes the pool pays a quote that fewer than 3 firms hold, which the share would show"
static const char *share_withheld(long member, const struct savings_result *r, size_t i)
{
    if (member < 0)
        return NULL;
    if (r->n < SAVINGS_MIN_AGGREGATE)
        return SHARE_WITHHELD_POOL;
    if (r->thin[i])
        return SHARE_WITHHELD_RULE;
    if (r->few_priced)
        return SHARE_WITHHELD_FEW;
    return NULL;
}

static size_t popcount_set(cf_coalition_t s)
{
    size_t k = 0;
    for (; s != 0; s &= s - 1)
        k++;
    return k;
}

/* A blocking coalition whose excess is no larger than what a better pool plan
 * could still save (the pool plan's gap x its cost) may vanish with that plan:
 * the verdict then says so rather than accuse the allocation. */
static int within_plan_gap(const struct savings_result *r)
{
    return cf_core_within_plan_gap(&r->core, r->grand_gap, cf_money_units(r->total_consolidated));
}

/* Whether some member's plan alone leaves other shipments unplaced than the
 * pool's does: then standalone and pooled costs (and the core check's
 * coalition costs) cover different shipments. */
static int unplaced_differ(const struct savings_result *r)
{
    for (size_t i = 0; i < r->n; i++)
        if (r->unplaced_alone[i] != r->unplaced_pool[i])
            return 1;
    return 0;
}

static cJSON *to_json(const struct cli_common *common, struct cf_coalition *co, const struct savings_result *r,
                      long member)
{
    cJSON *doc = cJSON_CreateObject();
    if (doc == NULL)
        return NULL;
    int bad = cJSON_AddStringToObject(doc, "rule", r->rule_name) == NULL;
    bad |= cJSON_AddStringToObject(doc, "currency", common->currency) == NULL;
    if (aggregates_shown(member, r)) {
        bad |= cli_json_money(doc, "total_standalone", r->total_standalone) == NULL;
        bad |= cli_json_money(doc, "total_consolidated", r->total_consolidated) == NULL;
        bad |= cJSON_AddNumberToObject(doc, "firms", (double)r->n) == NULL;
    } else {
        bad |= cJSON_AddNullToObject(doc, "total_standalone") == NULL;
        bad |= cJSON_AddNullToObject(doc, "total_consolidated") == NULL;
        bad |= cJSON_AddStringToObject(doc, "withheld", "totals: fewer than 3 firms in the pool") == NULL;
    }
    cJSON *members = cJSON_AddArrayToObject(doc, "members");
    bad |= members == NULL;
    for (size_t i = 0; !bad && i < r->n; i++) {
        if (!shown(member, i))
            continue;
        cJSON *m = cli_json_push_object(members);
        bad |= m == NULL;
        if (bad)
            break;
        bad |= cJSON_AddStringToObject(m, "firm", cf_coalition_firm(co, i)) == NULL;
        int hide = withheld(member, r, i);
        const char *share_note = share_withheld(member, r, i);
        double pct = hide || share_note != NULL ? NAN : cli_savings_pct(r->standalone[i], r->allocated[i]);
        bad |= (hide ? cJSON_AddNullToObject(m, "standalone_cost")
                     : cli_json_money(m, "standalone_cost", r->standalone[i])) == NULL;
        bad |= (share_note != NULL ? cJSON_AddNullToObject(m, "allocated_cost")
                                   : cli_json_money(m, "allocated_cost", r->allocated[i])) == NULL;
        bad |= (hide || share_note != NULL ? cJSON_AddNullToObject(m, "savings")
                                           : cli_json_money(m, "savings", r->standalone[i] - r->allocated[i])) == NULL;
        bad |= cli_json_number_or_null(m, "savings_pct", pct) == NULL;
        if (hide)
            bad |= cJSON_AddStringToObject(m, "withheld", WITHHELD_NOTE) == NULL;
        if (share_note != NULL)
            bad |= cJSON_AddStringToObject(m, "share_withheld", share_note) == NULL;
        bad |= cJSON_AddNumberToObject(m, "unplaced_standalone", (double)r->unplaced_alone[i]) == NULL;
        bad |= cJSON_AddNumberToObject(m, "unplaced_pooled", (double)r->unplaced_pool[i]) == NULL;
        if (r->half_width != NULL)
            bad |= cli_json_money(m, "half_width", cf_money_round(r->half_width[i])) == NULL;
        cJSON *lanes = cJSON_AddArrayToObject(m, "stand_in_lanes");
        bad |= lanes == NULL;
        for (size_t k = 0; !bad && k < r->nstand_in[i]; k++) {
            cJSON *s = cJSON_CreateString(r->stand_in_lanes[i][k]);
            bad |= s == NULL || !cJSON_AddItemToArray(lanes, s);
        }
    }
    cJSON *core = cJSON_AddObjectToObject(doc, "core");
    bad |= core == NULL;
    if (!bad) {
        bad |= cJSON_AddStringToObject(core, "checked", r->core.exact ? "exact" : "sampled") == NULL;
        bad |= cJSON_AddBoolToObject(core, "stable", r->core.stable) == NULL;
        if (!r->core.stable) {
            bad |= cJSON_AddBoolToObject(core, "within_plan_gap", within_plan_gap(r)) == NULL;
            bad |= cJSON_AddBoolToObject(core, "rounding_only", r->core.rounding_only) == NULL;
        }
        bad |= cJSON_AddBoolToObject(core, "unplaced_differ", unplaced_differ(r)) == NULL;
        if (r->core.stable) {
            bad |= cJSON_AddNullToObject(core, "blocking_coalition") == NULL;
        } else if (member >= 0) {
            /* confidential: how many firms block, and whether the member is one, never who */
            bad |= cJSON_AddNullToObject(core, "blocking_coalition") == NULL;
            bad |= cJSON_AddNumberToObject(core, "blocking_size", (double)popcount_set(r->core.blocking)) == NULL;
            bad |= cJSON_AddBoolToObject(core, "member_blocks", (r->core.blocking >> member) & 1u) == NULL;
        } else {
            cJSON *list = cJSON_AddArrayToObject(core, "blocking_coalition");
            bad |= list == NULL;
            for (size_t i = 0; !bad && i < r->n; i++)
                if ((r->core.blocking >> i) & 1u) {
                    cJSON *s = cJSON_CreateString(cf_coalition_firm(co, i));
                    bad |= s == NULL || !cJSON_AddItemToArray(list, s);
                }
            bad |= cli_json_money(core, "violation", cf_money_round(r->core.violation)) == NULL;
        }
    }
    if (!bad && r->shapley.sampled) {
        /* how the sampled Shapley value stopped; no seconds: the output stays
           the same from run to run unless a time limit stopped it */
        cJSON *sh = cJSON_AddObjectToObject(doc, "shapley");
        bad |= sh == NULL;
        if (!bad) {
            bad |= cJSON_AddNumberToObject(sh, "permutations", (double)r->shapley.permutations) == NULL;
            bad |= cJSON_AddNumberToObject(sh, "own_permutations", (double)r->shapley.own_permutations) == NULL;
            bad |= cJSON_AddStringToObject(sh, "stopped", cf_shapley_stop_name(r->shapley.stop)) == NULL;
            bad |= cJSON_AddNumberToObject(sh, "target_half_width_pct", 100.0 * r->target_half_width) == NULL;
            bad |= cJSON_AddStringToObject(sh, "method", r->by_lane ? "by_lane" : "whole_game") == NULL;
            bad |= cJSON_AddBoolToObject(sh, "control_variate", r->control_variate) == NULL;
        }
    }
    cJSON *plan = cJSON_AddObjectToObject(doc, "plan");
    bad |= plan == NULL;
    if (!bad) {
        enum cf_plan_status worst = r->stats.worst_status > r->grand_status ? r->stats.worst_status : r->grand_status;
        bad |= cJSON_AddStringToObject(plan, "status", cf_plan_status_name(r->grand_status)) == NULL;
        bad |= cJSON_AddNumberToObject(plan, "gap", r->grand_gap) == NULL;
        bad |= cJSON_AddStringToObject(plan, "clock", cf_clock_name(common->clock)) == NULL;
        bad |= cJSON_AddStringToObject(plan, "worst_status", cf_plan_status_name(worst)) == NULL;
        bad |= cJSON_AddNumberToObject(plan, "worst_gap", r->stats.worst_gap) == NULL;
        bad |= cJSON_AddNumberToObject(plan, "lane_plans", (double)r->stats.lane_plans) == NULL;
        bad |= cJSON_AddStringToObject(plan, "coalition_plans", r->quick ? "quick" : "full") == NULL;
        bad |= cJSON_AddNumberToObject(plan, "quick_lane_plans", (double)r->stats.quick_lane_plans) == NULL;
        if (r->quick)
            bad |= cJSON_AddNumberToObject(plan, "quick_excess", r->quick_excess) == NULL;
        if (member < 0)
            bad |= cJSON_AddNumberToObject(plan, "unplaced", (double)r->nunplaced) == NULL;
    }
    if (bad) {
        cJSON_Delete(doc);
        return NULL;
    }
    return doc;
}

static int print_table(const struct cli_common *common, struct cf_coalition *co, const struct savings_result *r,
                       long member)
{
    static const char *const headers[] = {"firm", "standalone_cost", "allocated_cost", "savings",
                                          "savings_pct", "stand_in_lanes", "half_width"};
    size_t ncols = r->half_width != NULL ? 7 : 6;
    struct cli_table *t = cli_table_new(ncols, headers);
    if (t == NULL)
        return CF_ERR_INTERNAL;
    for (size_t c = 1; c < 5; c++)
        cli_table_numeric(t, c);
    cli_table_numeric(t, 6);
    char cells[7][512];
    const char *row[7];
    for (size_t c = 0; c < 7; c++)
        row[c] = cells[c];
    int total_row = common->format == CLI_FORMAT_TABLE && aggregates_shown(member, r);
    for (size_t i = 0; i <= r->n; i++) {
        int total = i == r->n;
        if (total ? !total_row : !shown(member, i))
            continue;
        cf_cents_t standalone = total ? r->total_standalone : r->standalone[i];
        cf_cents_t allocated = total ? r->total_consolidated : r->allocated[i];
        /* in a member's view the totals are the whole pool's, not its one row's */
        snprintf(cells[0], sizeof cells[0], "%s",
                 total ? (member >= 0 ? "all members" : "total") : cf_coalition_firm(co, i));
        cli_money_cell(common, standalone, cells[1], sizeof cells[1]);
        cli_money_cell(common, allocated, cells[2], sizeof cells[2]);
        cli_money_cell(common, standalone - allocated, cells[3], sizeof cells[3]);
        double pct = cli_savings_pct(standalone, allocated);
        snprintf(cells[4], sizeof cells[4], isnan(pct) ? "n/a" : "%.2f", pct);
        if (!total && withheld(member, r, i)) {
            static const size_t hidden[] = {1, 3, 4}; /* standalone, savings and savings % */
            for (size_t h = 0; h < sizeof hidden / sizeof hidden[0]; h++)
                snprintf(cells[hidden[h]], sizeof cells[hidden[h]], "withheld");
        }
        if (!total && share_withheld(member, r, i) != NULL) {
            static const size_t hidden[] = {2, 3, 4}; /* allocated, savings and savings % */
            for (size_t h = 0; h < sizeof hidden / sizeof hidden[0]; h++)
                snprintf(cells[hidden[h]], sizeof cells[hidden[h]], "withheld");
        }
        cells[5][0] = '\0';
        for (size_t k = 0; !total && k < r->nstand_in[i]; k++) {
            size_t used = strlen(cells[5]);
            snprintf(cells[5] + used, sizeof cells[5] - used, "%s%s", k ? "; " : "", r->stand_in_lanes[i][k]);
        }
        if (r->half_width != NULL && !total)
            cli_money_cell(common, cf_money_round(r->half_width[i]), cells[6], sizeof cells[6]);
        else
            cells[6][0] = '\0';
        if (cli_table_add(t, row) != 0) {
            cli_table_free(t);
            return CF_ERR_INTERNAL;
        }
    }
    cli_table_emit(common, t, stdout);
    cli_table_free(t);
    if (common->format != CLI_FORMAT_TABLE)
        return CF_OK;
    if (!aggregates_shown(member, r))
        printf("\ntotals withheld: fewer than %d firms in the pool\n", SAVINGS_MIN_AGGREGATE);
    for (size_t i = 0; i < r->n; i++) {
        if (shown(member, i) && withheld(member, r, i))
            printf("\n%s\n", WITHHELD_NOTE);
        if (shown(member, i) && share_withheld(member, r, i) != NULL)
            printf("\n%s\n", share_withheld(member, r, i));
    }
    for (size_t i = 0; i < r->n; i++)
        if (shown(member, i) && r->unplaced_alone[i] != r->unplaced_pool[i])
            printf("\nnote: %s: %zu shipment%s unplaced alone, %zu in the pool: its standalone and allocated costs "
                   "cover different shipments (unplaced ones cost nothing)\n",
                   cf_coalition_firm(co, i), r->unplaced_alone[i], r->unplaced_alone[i] == 1 ? "" : "s",
                   r->unplaced_pool[i]);
    printf("\n%s rule: core %s (%s)", r->rule_name, r->core.stable ? "stable" : "unstable",
           r->core.exact ? "every coalition checked" : "sampled coalitions checked");
    if (!r->core.stable && member >= 0) {
        printf(": a group of %zu firms%s would pay less on its own", popcount_set(r->core.blocking),
               (r->core.blocking >> member) & 1u ? ", yours among them," : "");
    } else if (!r->core.stable) {
        char over[64];
        cf_money_format_grouped(cf_money_round(r->core.violation), over, sizeof over);
        printf(": coalition ");
        const char *sep = "";
        for (size_t i = 0; i < r->n; i++)
            if ((r->core.blocking >> i) & 1u) {
                printf("%s%s", sep, cf_coalition_firm(co, i));
                sep = ",";
            }
        printf(" would pay %s %s more than on its own", over, common->currency);
    }
    if (!r->core.stable && r->core.rounding_only)
        printf(" (only by the rounding to the cent: the unrounded shares are in the core)");
    if (within_plan_gap(r))
        printf(" (within the pool plan's gap of %.2f %%: a better plan may remove it)", 100.0 * r->grand_gap);
    if (!r->core.stable && unplaced_differ(r))
        printf(" (but plans alone and pooled leave different shipments unplaced: not like for like)");
    printf("\nplans: consolidated %s, gap %.2f %%; %zu lane plans solved, worst gap %.2f %%\n",
           cf_plan_status_name(r->grand_status), 100.0 * r->grand_gap, r->stats.lane_plans,
           100.0 * r->stats.worst_gap);
    if (r->shapley.sampled)
        printf("Shapley value sampled%s%s: %ld permutations (and %ld for the widest members alone), stopped on %s\n",
               r->by_lane ? " lane by lane" : "", r->control_variate ? " (with control variates)" : "",
               r->shapley.permutations, r->shapley.own_permutations,
               r->shapley.stop == CF_SHAPLEY_STOP_TARGET ? "the half-width target"
               : r->shapley.stop == CF_SHAPLEY_STOP_TIME ? "the time limit" : "--samples");
    if (r->quick)
        printf("coalition costs: sub-coalitions planned quick (greedy, packed; %zu of the lane plans), "
               "each firm alone and the whole pool in full; on the whole pool the quick plan costs %.2f %% more\n",
               r->stats.quick_lane_plans, 100.0 * r->quick_excess);
    return CF_OK;
}

/* Whether (mode, origin, destination, equipment) is priced in the pool by a
 * quote that fewer than SAVINGS_MIN_AGGREGATE firms hold, one of them not
 * firm: no row of the cluster's card applies to it (domain.md: then the
 * lowest quote any firm of the pool holds), and a member whose cargo fills a
 * box alone reads that quote off its share, as a benchmark of fewer than 3
 * firms would show it. */
static int priced_by_few(const struct cf_quotes *quotes, const struct cf_quotes *cluster, cf_date_t as_of,
                         enum cf_mode mode, const char *origin, const char *destination, const char *equipment,
                         const char *firm)
{
    for (size_t i = 0; cluster != NULL && i < cluster->count; i++) {
        const struct cf_quote *q = &cluster->items[i];
        if (q->mode == mode && strcmp(q->origin, origin) == 0 && strcmp(q->destination, destination) == 0 &&
            strcmp(q->equipment, equipment) == 0 && cf_quote_valid_on(q, as_of))
            return 0;
    }
    const char *seen[SAVINGS_MIN_AGGREGATE];
    size_t nseen = 0;
    int others = 0;
    for (size_t i = 0; i < quotes->count && nseen < SAVINGS_MIN_AGGREGATE; i++) {
        const struct cf_quote *q = &quotes->items[i];
        if (q->mode != mode || strcmp(q->origin, origin) != 0 || strcmp(q->destination, destination) != 0 ||
            strcmp(q->equipment, equipment) != 0 || !cf_quote_valid_on(q, as_of))
            continue;
        size_t k = 0;
        while (k < nseen && strcmp(seen[k], q->firm) != 0)
            k++;
        if (k == nseen) {
            seen[nseen++] = q->firm;
            others |= strcmp(q->firm, firm) != 0;
        }
    }
    return nseen < SAVINGS_MIN_AGGREGATE && others;
}

/* --member: whether the pool pays, for any of firm's containers or loose
 * shipments, a quote that fewer than 3 firms hold (priced_by_few). */
static int member_priced_by_few(const struct cf_plan *pool, const struct cf_shipments *ships,
                                const struct cf_quotes *quotes, const struct cf_quotes *cluster, cf_date_t as_of,
                                const char *firm)
{
    for (size_t c = 0; c < pool->ncontainers; c++) {
        const struct cf_plan_container *pc = &pool->containers[c];
        int mine = 0;
        for (size_t k = 0; k < pc->nshipments && !mine; k++)
            mine = strcmp(ships->items[pc->shipments[k]].firm, firm) == 0;
        if (mine && priced_by_few(quotes, cluster, as_of, pc->mode, pc->origin, pc->destination, pc->equipment, firm))
            return 1;
    }
    for (size_t l = 0; l < pool->nloose; l++) {
        const struct cf_shipment *s = &ships->items[pool->loose[l].shipment];
        if (strcmp(s->firm, firm) == 0 && priced_by_few(quotes, cluster, as_of, pool->loose[l].mode, s->origin,
                                                         s->destination, pool->loose[l].equipment, firm))
            return 1;
    }
    return 0;
}

/* --with-proposal: the cluster-rate proposal (propose) on this run's plans,
 * the pool's and each member's alone, into doc as "proposal". */
static int add_proposal(const struct cli_common *common, const struct savings_args *a, struct cf_coalition *co,
                        const struct cf_shipments *ships, const struct cf_quotes *quotes,
                        const struct cf_quotes *cluster, const struct savings_result *r, cJSON *doc,
                        struct cf_error *err)
{
    const char **firms = calloc(r->n ? r->n : 1, sizeof *firms);
    if (firms == NULL)
        return cf_error_set(err, CF_ERR_INTERNAL, NULL, 0, NULL, "savings: out of memory");
    for (size_t i = 0; i < r->n; i++)
        firms[i] = cf_coalition_firm(co, i);
    struct cf_propose_input pin = {ships, quotes, a->cluster_rates != NULL ? cluster : NULL,
                                   &common->catalogue, common->fill_factor, common->time_limit_s, common->as_of,
                                   NULL, NULL, &r->pool, r->alone, firms, r->n,
                                   r->stats.worst_status > r->grand_status ? r->stats.worst_status : r->grand_status,
                                   r->stats.worst_gap > r->grand_gap ? r->stats.worst_gap : r->grand_gap};
    struct cf_proposal proposal;
    int rc = cf_propose(&pin, &proposal, err);
    if (rc == CF_OK) {
        cJSON *o = cli_proposal_json(common, &proposal);
        if (o == NULL || !cJSON_AddItemToObject(doc, "proposal", o)) {
            cJSON_Delete(o);
            rc = cf_error_set(err, CF_ERR_INTERNAL, NULL, 0, NULL, "savings: out of memory");
        }
    }
    cf_proposal_free(&proposal);
    free(firms);
    return rc;
}

int cmd_savings(int argc, char **argv)
{
    struct savings_args args;
    memset(&args, 0, sizeof args);
    args.rule = RULE_USAGE;
    args.coalition_limit_s = 0.02;
    args.by_lane = 1;
    args.control_variate = 1;
    cf_alloc_opts_default(&args.opts);
    args.opts.core_random = 500; /* after the defaults, which would make it 2000 */
    struct cli_common common;
    int rc = cli_parse(&command, argc, argv, &common, on_option, &args);
    if (rc == CLI_HELP_SHOWN)
        return 0;
    if (rc != CF_OK)
        return rc;
    if (!args.samples_given && args.opts.time_cap_s > 0.0)
        args.opts.samples = SAVINGS_SAMPLES_UNCAPPED; /* the time limit stops it, not a count */
    if ((args.with_pool_plan || args.with_proposal) && common.format != CLI_FORMAT_JSON) {
        cli_common_free(&common);
        return cli_usage_error("savings", "--%s: it adds to the JSON document, give --format json",
                               args.with_pool_plan ? "with-pool-plan" : "with-proposal");
    }
    if ((args.with_pool_plan || args.with_proposal) && args.member != NULL) {
        cli_common_free(&common);
        return cli_usage_error("savings", "--%s: it holds every member's shipments and costs, never in a --member "
                                          "view",
                               args.with_pool_plan ? "with-pool-plan" : "with-proposal");
    }

    struct cf_error err;
    cf_error_clear(&err);
    struct cf_shipments ships = {0};
    struct cf_quotes quotes = {0}, cluster = {0};
    struct cf_coalition *co = NULL;
    struct savings_result result;
    memset(&result, 0, sizeof result);
    cJSON *doc = NULL;
    long member = -1;

    rc = cli_common_load(&common, &err);
    if (rc == CF_OK) {
        rc = cli_load_shipments(&common, args.shipments, &ships, &err);
    }
    if (rc == CF_OK)
        rc = cli_load_quotes(&common, args.quotes, 0, &quotes, &err);
    if (rc == CF_OK)
        rc = cli_load_quotes(&common, args.cluster_rates, 1, &cluster, &err);
    char label[512];
    if (rc == CF_OK && ships.count == 0) /* a header and no rows: name the file */
        rc = cf_error_set(&err, CF_ERR_DATA, cli_source_label(args.shipments, label, sizeof label), 0, NULL,
                          "no shipments: there is nothing to pool");
    if (rc == CF_OK)
        rc = cli_check_freight(&common, args.shipments, &ships, &quotes, &cluster, &err);
    if (rc == CF_OK) {
        double limit = args.coalition_limit_s < common.time_limit_s ? args.coalition_limit_s : common.time_limit_s;
        struct cf_coalition_input cin = {&ships, &quotes, &cluster, &common.catalogue, common.fill_factor,
                                         limit, common.time_limit_s, common.as_of, 0};
        rc = cf_coalition_create(&cin, &co, &err);
    }
    if (rc == CF_OK && args.member != NULL) {
        member = cf_coalition_firm_index(co, args.member);
        if (member < 0)
            rc = cf_error_set(&err, CF_ERR_DATA, NULL, 0, "--member", "no shipments from firm \"%s\"", args.member);
    }
    if (rc == CF_OK) {
        cli_log(&common, 0, "savings: %zu firms, %zu shipments, rule %s", cf_coalition_nfirms(co), ships.count,
                args.rule == RULE_USAGE ? "usage" : cf_alloc_rule_name((enum cf_alloc_rule)args.rule));
        rc = compute(co, &ships, &args, &result, &err);
    }
    if (rc == CF_OK && member >= 0)
        result.few_priced = member_priced_by_few(&result.pool, &ships, &quotes, &cluster, common.as_of, args.member);
    if (rc != CF_OK) {
        rc = cli_fail(&err);
        goto done;
    }
    cli_log(&common, 1, "savings: %zu lane plans solved (%zu quick), %zu cache hits", result.stats.lane_plans,
            result.stats.quick_lane_plans, result.stats.lane_hits);
    if (result.shapley.sampled)
        cli_log(&common, 1, "savings: Shapley value: %ld permutations in %.1f s (%.1f nominal s of work), stopped on %s",
                result.shapley.permutations, result.shapley.seconds, result.shapley.work_seconds,
                cf_shapley_stop_name(result.shapley.stop));
    if (common.format == CLI_FORMAT_JSON) {
        doc = to_json(&common, co, &result, member);
        if (doc != NULL && args.with_pool_plan) {
            cJSON *pool = cli_plan_json(&common, &ships, &result.pool);
            if (pool == NULL || !cJSON_AddItemToObject(doc, "pool_plan", pool)) {
                cJSON_Delete(pool);
                cJSON_Delete(doc);
                doc = NULL;
            }
        }
        if (doc != NULL && args.with_proposal) {
            rc = add_proposal(&common, &args, co, &ships, &quotes, &cluster, &result, doc, &err);
            if (rc != CF_OK) {
                rc = cli_fail(&err);
                goto done;
            }
        }
        rc = doc != NULL ? cli_json_print(doc, stdout) : CF_ERR_INTERNAL;
    } else {
        rc = print_table(&common, co, &result, member);
    }
    if (rc != CF_OK)
        fprintf(stderr, "clusterfreight: savings: out of memory\n");
    if (rc == CF_OK)
        rc = cli_stdout_flush();
done:
    cJSON_Delete(doc);
    result_free(&result);
    cf_coalition_free(co);
    cf_quotes_free(&cluster);
    cf_quotes_free(&quotes);
    cf_shipments_free(&ships);
    cli_common_free(&common);
    return rc;
}
