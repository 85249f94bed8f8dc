/* shapley_parts.c — the Shapley value of a game that is a sum of smaller
 * games (allocate.h, cf_shapley_by_parts): the pooling game is one per lane,
 * since nothing couples two lanes. The Shapley value is additive over games,
 * and a player outside a part is a null player of it, so each part's value
 * is computed on its own players only: exactly when it has at most
 * CF_SHAPLEY_EXACT_MAX of them, else sampled with its own stream. The one
 * exception to additivity, singletons priced apart (a firm alone pays
 * standalone prices), is a game d that is zero beyond singletons, whose
 * Shapley value is closed-form:
 *   d({i}) = delta_i,  phi_j(d) = delta_j / n - (sum_{i != j} delta_i) / (n (n - 1))
 * (j first in the order: weight 1/n, marginal delta_j; j second after i:
 * weight 1/(n (n-1)), marginal -delta_i; everywhere else 0). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "allocate.h"
#include "shapley_internal.h"
#include "solver/clock.h"

#define MIN_PAIRS_TO_START 10 /* pairs of every sampled part before half-widths mean anything */
/* The batches measure a member's half-width against its value, or against
   this share of what it pays alone when that is more: a member whose value is
   near 0 (a firm that brings the pool cheaper rates can come out at about -42
   of a 2,688.10 standalone cost) would otherwise take every batch, its relative
   half-width out of reach, while the others' stayed as they were. The target
   (--target-half-width) is still checked against the value itself. */
#define AIM_FLOOR 0.1

/* A different stream per part, apart from the whole game's (splitmix64's
 * increment spreads consecutive parts). */
static uint64_t part_seed(uint64_t seed, size_t p)
{
    return seed ^ (0x9e3779b97f4a7c15ull * (uint64_t)(p + 1));
}

/* alone_i = c({i}), delta_i = alone_i - sum over parts holding i of c_p({i}). */
static int singleton_gaps(struct cf_game *whole, size_t nparts, struct cf_game *const *parts,
                          const cf_coalition_t *members, double *alone, double *delta, struct cf_error *err)
{
    size_t n = cf_game_players(whole);
    for (size_t i = 0; i < n; i++) {
        int rc = cf_game_cost_set(whole, (cf_coalition_t)1 << i, &delta[i], err);
        if (rc != CF_OK)
            return rc;
        alone[i] = delta[i];
        for (size_t p = 0; p < nparts; p++) {
            if (!((members[p] >> i) & 1u))
                continue;
            /* i's local index: how many of the part's players come before it */
            size_t local = (size_t)__builtin_popcountll(members[p] & (((cf_coalition_t)1 << i) - 1));
            double part_cost;
            rc = cf_game_cost_set(parts[p], (cf_coalition_t)1 << local, &part_cost, err);
            if (rc != CF_OK)
                return rc;
            delta[i] -= part_cost;
        }
    }
    return CF_OK;
}

int cf_shapley_by_parts(struct cf_game *whole, size_t nparts, struct cf_game *const *parts,
                        const cf_coalition_t *members, const struct cf_alloc_opts *opts, double *x,
                        double *half_width, struct cf_shapley_report *report, struct cf_error *err)
{
    size_t n = cf_game_players(whole);
    memset(report, 0, sizeof *report);
    double *delta = calloc(n, sizeof *delta);
    double *fixed = calloc(n, sizeof *fixed); /* the closed form and the exact parts */
    double *total = calloc(n, sizeof *total), *var = calloc(n, sizeof *var);
    double *alone = calloc(n, sizeof *alone), *aim = calloc(n, sizeof *aim);
    double *px = calloc(nparts * CF_GAME_MAX_PLAYERS, sizeof *px);
    double *phw = calloc(nparts * CF_GAME_MAX_PLAYERS, sizeof *phw);
    struct cf_sampler **samplers = calloc(nparts ? nparts : 1, sizeof *samplers);
    long pairs = (opts->samples + 1) / 2;
    double started = cf_wall_s(), work = 0.0; /* work: the samplers' nominal seconds */
    enum cf_shapley_stop stop = CF_SHAPLEY_STOP_SAMPLES;
    int rc = CF_OK;
    if (delta == NULL || fixed == NULL || total == NULL || var == NULL || alone == NULL || aim == NULL ||
        px == NULL || phw == NULL || samplers == NULL) {
        rc = cf_error_set(err, CF_ERR_INTERNAL, NULL, 0, NULL, "out of memory");
        goto done;
    }
    for (size_t p = 0; p < nparts; p++)
        if (cf_game_players(parts[p]) != (size_t)__builtin_popcountll(members[p]) ||
            (members[p] & ~cf_game_grand(whole)) != 0) {
            rc = cf_error_set(err, CF_ERR_INTERNAL, NULL, 0, NULL, "part %zu: players do not match", p);
            goto done;
        }
    rc = singleton_gaps(whole, nparts, parts, members, alone, delta, err);
    if (rc != CF_OK)
        goto done;
    double total_delta = 0.0;
    for (size_t i = 0; i < n; i++)
        total_delta += delta[i];
    for (size_t j = 0; j < n; j++)
        fixed[j] = n > 1 ? delta[j] / (double)n - (total_delta - delta[j]) / ((double)n * (double)(n - 1))
                         : delta[j];

    /* exact parts once; a sampler for each of the others */
    size_t nsampled = 0;
    for (size_t p = 0; p < nparts; p++) {
        if (cf_game_players(parts[p]) > CF_SHAPLEY_EXACT_MAX) {
            struct cf_alloc_opts part_opts = *opts;
            part_opts.seed = part_seed(opts->seed, p);
            if (pairs < 2) {
                rc = cf_error_set(err, CF_ERR_USAGE, NULL, 0, "samples",
                                  "sampled Shapley value needs at least 4 permutations, got %ld", opts->samples);
                goto done;
            }
            rc = cf_sampler_create(parts[p], &part_opts, &samplers[p], err);
            if (rc != CF_OK)
                goto done;
            nsampled++;
            continue;
        }
        struct cf_shapley_report part_report;
        rc = cf_shapley_report(parts[p], opts, px + p * CF_GAME_MAX_PLAYERS, phw, &part_report, err);
        if (rc != CF_OK)
            goto done;
        size_t local = 0;
        for (size_t i = 0; i < n; i++)
            if ((members[p] >> i) & 1u)
                fixed[i] += px[p * CF_GAME_MAX_PLAYERS + local++];
    }

    /* every sampled part to the least that gives a half-width; then batch by
       batch where the widest half-widths (relative to the members' values)
       narrow most for the cost (cf_sampler_consider), until every part has its
       samples, the target is met or the time is up. Which batch comes next
       depends only on the estimates so far, never on the clock or the cache,
       so a run that stops on the target repeats with the same seed. */
    for (size_t p = 0; p < nparts; p++)
        while (rc == CF_OK && samplers[p] != NULL && cf_sampler_pairs(samplers[p]) < MIN_PAIRS_TO_START &&
               cf_sampler_pairs(samplers[p]) < pairs)
            rc = cf_sampler_batch(samplers[p], MIN_PAIRS_TO_START - cf_sampler_pairs(samplers[p]), err);
    for (size_t p = 0; p < nparts; p++)
        if (rc == CF_OK && samplers[p] != NULL)
            rc = cf_sampler_cover(samplers[p], err);
    while (rc == CF_OK) {
        /* the whole value and its variance per member */
        memcpy(total, fixed, n * sizeof *total);
        memset(var, 0, n * sizeof *var);
        for (size_t p = 0; p < nparts && rc == CF_OK; p++) {
            if (samplers[p] == NULL)
                continue;
            double *lx = px + p * CF_GAME_MAX_PLAYERS, *lhw = phw + p * CF_GAME_MAX_PLAYERS;
            rc = cf_sampler_estimate(samplers[p], lx, lhw, err);
            size_t local = 0;
            for (size_t i = 0; i < n && rc == CF_OK; i++)
                if ((members[p] >> i) & 1u) {
                    total[i] += lx[local];
                    var[i] += lhw[local] * lhw[local]; /* parts are sampled independently */
                    local++;
                }
        }
        if (rc != CF_OK || nsampled == 0)
            break;
        int more = 0;
        for (size_t p = 0; p < nparts; p++)
            more |= samplers[p] != NULL && cf_sampler_pairs(samplers[p]) < pairs;
        if (!more)
            break;
        work = 0.0;
        for (size_t p = 0; p < nparts; p++)
            if (samplers[p] != NULL)
                work += cf_sampler_work(samplers[p]);
        int time_up = opts->time_cap_s > 0.0 && cf_sampling_elapsed(started, work) >= opts->time_cap_s;
        if (opts->target_half_width > 0.0) {
            int met = 1;
            for (size_t i = 0; i < n && met; i++)
                met = sqrt(var[i]) <= opts->target_half_width * fabs(total[i]);
            /* and every estimate has pairs enough to trust its half-width:
               if not, the first that lacks them gets orders of its own */
            size_t thin_part = nparts, thin = 0;
            for (size_t p = 0; p < nparts && met && thin_part == nparts; p++)
                if (samplers[p] != NULL && (thin = cf_sampler_thin(samplers[p])) < cf_game_players(parts[p]))
                    thin_part = p;
            if (met && thin_part < nparts) {
                if (!time_up) {
                    rc = cf_sampler_player(samplers[thin_part], thin, CF_OWN_PAIRS_PER_STEP, err);
                    continue;
                }
                met = 0; /* not to be trusted yet: the time limit stops it */
            }
            if (met) {
                stop = CF_SHAPLEY_STOP_TARGET;
                break;
            }
        }
        if (time_up) {
            stop = CF_SHAPLEY_STOP_TIME;
            break;
        }
        /* the next batch: of shared pairs on a part, or of one member's own
           pairs on a part, whichever lowers sum_i r_i^4 most for
           its cost, r_i the member's relative variance over the widest's:
           near the widest members only, so the budget goes where the
           half-widths are widest, and shared pairs win once many members
           are about as wide */
        for (size_t i = 0; i < n; i++)
            aim[i] = fmax(fabs(total[i]), AIM_FLOOR * fabs(alone[i]));
        struct cf_sampler_move best = {nparts, n, 0, -1.0};
        for (size_t p = 0; p < nparts; p++)
            if (samplers[p] != NULL)
                cf_sampler_consider(samplers[p], p, members[p], n, pairs, aim, var,
                                    phw + p * CF_GAME_MAX_PLAYERS, cf_game_cost_hint(parts[p]), &best);
        if (best.part == nparts)
            break;
        if (best.player == n)
            rc = cf_sampler_batch(samplers[best.part], pairs - cf_sampler_pairs(samplers[best.part]), err);
        else
            rc = cf_sampler_player(samplers[best.part], best.local, CF_OWN_PAIRS_PER_STEP, err);
    }
    if (rc != CF_OK)
        goto done;
    memcpy(x, total, n * sizeof *x);
    if (half_width != NULL)
        for (size_t i = 0; i < n; i++)
            half_width[i] = sqrt(var[i]);
    for (size_t p = 0; p < nparts; p++)
        if (samplers[p] != NULL) {
            report->sampled = 1;
            report->permutations += 2 * cf_sampler_pairs(samplers[p]);
            report->own_permutations += 2 * cf_sampler_own_pairs(samplers[p]);
        }
    report->stop = stop;
    report->seconds = cf_wall_s() - started;
    report->work_seconds = work;
done:
    for (size_t p = 0; samplers != NULL && p < nparts; p++)
        cf_sampler_free(samplers[p]);
    free(samplers);
    free(delta);
    free(fixed);
    free(total);
    free(var);
    free(alone);
    free(aim);
    free(px);
    free(phw);
    return rc;
}
