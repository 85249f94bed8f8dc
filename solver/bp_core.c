/* bp_core.c — the packing record and the checks every bin-packing part uses:
 * capacity with CF_FEAS_TOL, cost in exact cents, a tidy pass that never
 * raises the cost (binpack.h). */
#include "solver/bp_core.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/grow.h"

double bp_time_left_s(const struct bp_ctx *c)
{
    if (c->limit_s <= 0)
        return INFINITY;
    return c->limit_s - (cf_now_s() - c->start_s);
}

void bp_logf(const struct bp_ctx *c, const char *fmt, ...)
{
    char line[256];
    va_list ap;
    if (!c->log)
        return;
    int at = snprintf(line, sizeof line, "[%.3f s] ", cf_clock_peek() - c->start_s);
    va_start(ap, fmt);
    vsnprintf(line + at, sizeof line - (size_t)at, fmt, ap);
    va_end(ap);
    c->log(c->log_ctx, line);
}

int bp_proven(cf_cents_t cost, double lb)
{
    return (double)cost <= ceil(lb - 1e-6);
}

int bp_pack_init(struct bp_pack *k, size_t nitems)
{
    memset(k, 0, sizeof *k);
    k->item_bin = malloc((nitems ? nitems : 1) * sizeof *k->item_bin);
    if (!k->item_bin)
        return -1;
    for (size_t i = 0; i < nitems; i++)
        k->item_bin[i] = -1;
    return 0;
}

void bp_pack_free(struct bp_pack *k)
{
    free(k->type);
    free(k->item_bin);
    memset(k, 0, sizeof *k);
}

int bp_pack_copy(struct bp_pack *dst, const struct bp_pack *src, size_t nitems)
{
    struct bp_pack tmp;
    if (bp_pack_init(&tmp, nitems) != 0)
        return -1;
    if (src->nbins) {
        tmp.type = malloc(src->nbins * sizeof *tmp.type);
        if (!tmp.type) {
            bp_pack_free(&tmp);
            return -1;
        }
        memcpy(tmp.type, src->type, src->nbins * sizeof *tmp.type);
    }
    tmp.nbins = tmp.cap = src->nbins;
    if (nitems)
        memcpy(tmp.item_bin, src->item_bin, nitems * sizeof *tmp.item_bin);
    bp_pack_free(dst);
    *dst = tmp;
    return 0;
}

long bp_pack_open(struct bp_pack *k, size_t type)
{
    size_t *nt = cf_grow(k->type, &k->cap, k->nbins, 16, sizeof *nt);
    if (!nt)
        return -1;
    k->type = nt;
    k->type[k->nbins] = type;
    return (long)k->nbins++;
}

cf_cents_t bp_pack_cost(const struct bp_ctx *c, const struct bp_pack *k)
{
    cf_cents_t cost = 0;
    for (size_t b = 0; b < k->nbins; b++)
        cost += c->p->types[k->type[b]].cost;
    for (size_t i = 0; i < c->p->nitems; i++)
        if (k->item_bin[i] < 0)
            cost += c->p->items[i].loose_cost;
    return cost;
}

void bp_pack_loads(const struct bp_ctx *c, const struct bp_pack *k, double *vol, double *wt)
{
    for (size_t b = 0; b < k->nbins; b++)
        vol[b] = wt[b] = 0;
    for (size_t i = 0; i < c->p->nitems; i++) {
        long b = k->item_bin[i];
        if (b >= 0) {
            vol[b] += c->p->items[i].volume;
            wt[b] += c->p->items[i].weight;
        }
    }
}

int bp_pack_check(const struct bp_ctx *c, const struct bp_pack *k)
{
    const struct cf_bp_problem *p = c->p;
    int bad = 0;
    double *vol = malloc((k->nbins + 1) * sizeof *vol);
    double *wt = malloc((k->nbins + 1) * sizeof *wt);
    if (!vol || !wt) {
        bad = -1;
        goto done;
    }
    for (size_t i = 0; i < p->nitems; i++) {
        long b = k->item_bin[i];
        if (b < 0 ? !bp_can_loose(c, i) : (size_t)b >= k->nbins)
            bad = 1;
    }
    if (bad)
        goto done;
    bp_pack_loads(c, k, vol, wt);
    for (size_t b = 0; b < k->nbins; b++) {
        const struct cf_bp_bin_type *t = &p->types[k->type[b]];
        if (!bp_cap_ok(vol[b], t->volume) || !bp_cap_ok(wt[b], t->weight))
            bad = 1;
    }
done:
    free(vol);
    free(wt);
    return bad;
}

int bp_pack_tidy(const struct bp_ctx *c, struct bp_pack *k)
{
    struct bp_tidy_scratch s = {malloc((k->nbins + 1) * sizeof *s.vol), malloc((k->nbins + 1) * sizeof *s.wt),
                                malloc((k->nbins + 1) * sizeof *s.loose), malloc((k->nbins + 1) * sizeof *s.renum)};
    int rc = s.vol && s.wt && s.loose && s.renum ? bp_pack_tidy_with(c, k, &s) : -1;
    free(s.vol);
    free(s.wt);
    free(s.loose);
    free(s.renum);
    return rc;
}

int bp_pack_tidy_with(const struct bp_ctx *c, struct bp_pack *k, const struct bp_tidy_scratch *s)
{
    const struct cf_bp_problem *p = c->p;
    double *vol = s->vol, *wt = s->wt;
    cf_cents_t *loose = s->loose;
    long *renum = s->renum;
    bp_pack_loads(c, k, vol, wt);
    for (size_t b = 0; b < k->nbins; b++)
        loose[b] = 0;
    for (size_t i = 0; i < p->nitems; i++) {
        long b = k->item_bin[i];
        if (b < 0)
            continue;
        /* a bin holding an item that cannot go loose can never go loose */
        if (loose[b] >= 0)
            loose[b] = bp_can_loose(c, i) ? loose[b] + p->items[i].loose_cost : -1;
    }
    size_t kept = 0;
    for (size_t b = 0; b < k->nbins; b++) {
        size_t best = k->type[b];
        for (size_t t = 0; t < p->ntypes; t++)
            if (p->types[t].cost < p->types[best].cost && bp_cap_ok(vol[b], p->types[t].volume) &&
                bp_cap_ok(wt[b], p->types[t].weight))
                best = t;
        /* an empty bin has loose cost 0: it always goes */
        if (loose[b] >= 0 && loose[b] < p->types[best].cost) {
            renum[b] = -1;
        } else {
            k->type[kept] = best;
            renum[b] = (long)kept++;
        }
    }
    for (size_t i = 0; i < p->nitems; i++)
        if (k->item_bin[i] >= 0)
            k->item_bin[i] = renum[k->item_bin[i]];
    k->nbins = kept;
    return 0;
}
