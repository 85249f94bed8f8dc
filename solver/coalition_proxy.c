/* coalition_proxy.c — a cheap stand-in for each lane game (coalition.h,
 * cf_coalition_proxy_build): the whole pool's plan on the lane, re-priced at
 * what a coalition S could pay. Each firm keeps the share of every equipment
 * the pool's plan gives it (its revenue-ton share of each container, its own
 * loose charges); S pays, per equipment, the pool's cost of its members'
 * shares times price_S / price_N, where price_S is the cheapest row S's card
 * would hold: the cluster rows whose min_teu S's TEU (its members' TEU shares)
 * reaches, and the lowest quote of any member. So the stand-in moves where
 * the lane game jumps (a firm bringing the lane's cheapest quote, a coalition
 * reaching a tier), and an order of arrival costs a few microseconds: the
 * sampled Shapley value samples only the lane game's difference from it
 * (allocate.h, control variate). It ignores packing and the modes a smaller
 * pool would choose. Filling each departure in whole boxes was tried: it
 * narrowed the half-widths by 7 % more in variance and cost 40 times the time.
 * A poorer stand-in only narrows the half-widths less; it never biases the
 * value. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "models/grow.h"
#include "models/units.h"
#include "rates/ratecard.h"
#include "solver/coalition_internal.h"

/* One (mode, equipment) the pool's plan uses on the lane. */
struct co_proxy_equip {
    enum cf_mode mode;
    char equipment[CF_CODE_MAX];
    double *tier_rate, *tier_min_teu; /* the cluster's rows for it */
    size_t ntiers;
    double reference; /* the price the pool pays: price_N */
    double fallback;  /* a coalition without any row for it: the dearest row anyone holds */
};

struct co_proxy_lane {
    struct co_proxy_equip *equip;
    size_t nequip, cap_equip;
    double *share; /* [firm * nequip + e]: the pool's cost of the firm's share, currency units */
    double *quote; /* [firm * nequip + e]: the firm's lowest quote, INFINITY when none */
    double teu[CO_MAX_FIRMS];
};

void co_proxy_lane_free(struct co_proxy_lane *p)
{
    if (p == NULL)
        return;
    for (size_t e = 0; e < p->nequip; e++) {
        free(p->equip[e].tier_rate);
        free(p->equip[e].tier_min_teu);
    }
    free(p->equip);
    free(p->share);
    free(p->quote);
    free(p);
}

/* Index of (mode, equipment) in p, added when missing; -1 on OOM. */
static long equip_index(struct co_proxy_lane *p, enum cf_mode mode, const char *equipment)
{
    for (size_t e = 0; e < p->nequip; e++)
        if (p->equip[e].mode == mode && strcmp(p->equip[e].equipment, equipment) == 0)
            return (long)e;
    struct co_proxy_equip *grown = cf_grow(p->equip, &p->cap_equip, p->nequip, 8, sizeof *grown);
    if (grown == NULL)
        return -1;
    p->equip = grown;
    struct co_proxy_equip *q = &p->equip[p->nequip];
    memset(q, 0, sizeof *q);
    q->mode = mode;
    snprintf(q->equipment, sizeof q->equipment, "%s", equipment);
    return (long)p->nequip++;
}

/* The cheapest price of equipment q for a coalition whose lowest quote for
 * it is best and whose TEU is teu. */
static double price(const struct co_proxy_equip *q, double best, double teu)
{
    double p = best;
    for (size_t t = 0; t < q->ntiers; t++)
        if (q->tier_min_teu[t] <= teu * (1.0 + 1e-12) && q->tier_rate[t] < p)
            p = q->tier_rate[t];
    return isfinite(p) ? p : q->fallback;
}

/* Revenue tons: a shipment's weight in its container's split (the usage rule's). */
static double rt_of(const struct cf_shipment *s)
{
    return cf_units_revenue_tons(s->volume_m3, s->weight_kg);
}

/* The equipments the pool's plan uses on lane l, and each firm's share. */
static int collect_shares(const struct cf_coalition *c, const struct cf_plan *grand, size_t l,
                          struct co_proxy_lane *p)
{
    const struct cf_shipment *ships = c->in.shipments->items;
    for (int pass = 0; pass < 2; pass++) {
        /* pass 0 lists the equipments, pass 1 fills the shares */
        if (pass == 1) {
            size_t cells = (size_t)CO_MAX_FIRMS * (p->nequip ? p->nequip : 1);
            p->share = calloc(cells, sizeof *p->share);
            p->quote = malloc(cells * sizeof *p->quote);
            if (p->share == NULL || p->quote == NULL)
                return -1;
            for (size_t k = 0; k < cells; k++)
                p->quote[k] = INFINITY;
        }
        for (size_t k = 0; k < grand->ncontainers; k++) {
            const struct cf_plan_container *box = &grand->containers[k];
            if (box->nshipments == 0 || co_find_lane(c, box->origin, box->destination) != (long)l)
                continue;
            long e = equip_index(p, box->mode, box->equipment);
            if (e < 0)
                return -1;
            if (pass == 0)
                continue;
            const struct cf_equipment *eq = cf_catalogue_find(c->in.catalogue, box->equipment);
            double total_rt = 0.0;
            for (size_t j = 0; j < box->nshipments; j++)
                total_rt += rt_of(&ships[box->shipments[j]]);
            for (size_t j = 0; j < box->nshipments; j++) {
                double w = total_rt > 0 ? rt_of(&ships[box->shipments[j]]) / total_rt
                                        : 1.0 / (double)box->nshipments;
                size_t f = c->firm_of_ship[box->shipments[j]];
                p->share[f * p->nequip + (size_t)e] += cf_money_units(box->cost) * w;
                p->teu[f] += (eq != NULL ? eq->teu : 0.0) * w;
            }
        }
        for (size_t k = 0; k < grand->nloose; k++) {
            const struct cf_plan_loose *lo = &grand->loose[k];
            const struct cf_shipment *s = &ships[lo->shipment];
            if (co_find_lane(c, s->origin, s->destination) != (long)l)
                continue;
            long e = equip_index(p, lo->mode, lo->equipment);
            if (e < 0)
                return -1;
            if (pass == 1)
                p->share[c->firm_of_ship[lo->shipment] * p->nequip + (size_t)e] += cf_money_units(lo->cost);
        }
    }
    return 0;
}

/* Each equipment's cluster tiers and each player's lowest quote. */
static int collect_rates(const struct cf_coalition *c, const struct co_lane *lane, struct co_proxy_lane *p,
                         struct cf_error *err)
{
    struct cf_ratecard card;
    memset(&card, 0, sizeof card);
    const struct cf_quotes *cluster = c->in.cluster != NULL ? &lane->cluster : NULL;
    int rc = cf_ratecard_coalition(&lane->quotes, cluster, NULL, 0, c->in.as_of, &card, err);
    for (size_t e = 0; rc == CF_OK && e < p->nequip; e++) {
        struct co_proxy_equip *q = &p->equip[e];
        q->tier_rate = malloc((card.count ? card.count : 1) * sizeof *q->tier_rate);
        q->tier_min_teu = malloc((card.count ? card.count : 1) * sizeof *q->tier_min_teu);
        if (q->tier_rate == NULL || q->tier_min_teu == NULL) {
            rc = cf_error_set(err, CF_ERR_INTERNAL, NULL, 0, NULL, "coalition: out of memory");
            break;
        }
        for (size_t r = 0; r < card.count; r++)
            if (!card.items[r].faster && card.items[r].mode == q->mode &&
                strcmp(card.items[r].equipment, q->equipment) == 0) {
                q->tier_rate[q->ntiers] = card.items[r].rate;
                q->tier_min_teu[q->ntiers++] = card.items[r].min_teu;
                q->fallback = fmax(q->fallback, card.items[r].rate);
            }
    }
    cf_ratecard_free(&card);
    for (size_t f = 0; rc == CF_OK && f < c->nfirms; f++) {
        if (!((lane->players >> f) & 1u))
            continue;
        memset(&card, 0, sizeof card);
        rc = cf_ratecard_coalition(&lane->quotes, NULL, &c->firms[f], 1, c->in.as_of, &card, err);
        for (size_t r = 0; rc == CF_OK && r < card.count; r++)
            for (size_t e = 0; e < p->nequip; e++) {
                struct co_proxy_equip *q = &p->equip[e];
                if (card.items[r].faster || card.items[r].mode != q->mode ||
                    strcmp(card.items[r].equipment, q->equipment) != 0)
                    continue; /* the stand-in prices at the lowest quotes */
                double *cell = &p->quote[f * p->nequip + e];
                if (card.items[r].rate < *cell)
                    *cell = card.items[r].rate;
                q->fallback = fmax(q->fallback, card.items[r].rate);
            }
        cf_ratecard_free(&card);
    }
    return rc;
}

int cf_coalition_proxy_build(struct cf_coalition *c, const struct cf_plan *grand, struct cf_error *err)
{
    for (size_t l = 0; l < c->nlanes; l++) {
        struct co_lane *lane = &c->lanes[l];
        co_proxy_lane_free(lane->proxy);
        lane->proxy = calloc(1, sizeof *lane->proxy);
        struct co_proxy_lane *p = lane->proxy;
        if (p == NULL || collect_shares(c, grand, l, p) != 0)
            return cf_error_set(err, CF_ERR_INTERNAL, NULL, 0, NULL, "coalition: out of memory");
        int rc = collect_rates(c, lane, p, err);
        if (rc != CF_OK)
            return rc;
        double teu = 0.0;
        for (size_t f = 0; f < c->nfirms; f++)
            if ((lane->players >> f) & 1u)
                teu += p->teu[f];
        for (size_t e = 0; e < p->nequip; e++) {
            double best = INFINITY;
            for (size_t f = 0; f < c->nfirms; f++)
                if (((lane->players >> f) & 1u) && p->quote[f * p->nequip + e] < best)
                    best = p->quote[f * p->nequip + e];
            p->equip[e].reference = price(&p->equip[e], best, teu);
            if (!(p->equip[e].fallback > 0.0))
                p->equip[e].fallback = p->equip[e].reference;
        }
    }
    return CF_OK;
}

int cf_coalition_lane_proxy_order(const struct cf_coalition *c, size_t l, const size_t *order, size_t n,
                                  double *cost)
{
    const struct co_proxy_lane *p = l < c->nlanes ? c->lanes[l].proxy : NULL;
    size_t ne = p != NULL ? p->nequip : 0;
    double *best = malloc(2 * (ne ? ne : 1) * sizeof *best), *share = best + ne;
    if (best == NULL)
        return -1;
    for (size_t e = 0; e < ne; e++) {
        best[e] = INFINITY;
        share[e] = 0.0;
    }
    uint64_t players = l < c->nlanes ? c->lanes[l].players : 0;
    double teu = 0.0, total = 0.0;
    for (size_t j = 0; j < n; j++) {
        size_t f = order[j];
        if (ne > 0 && f < c->nfirms && ((players >> f) & 1u)) {
            teu += p->teu[f];
            total = 0.0;
            for (size_t e = 0; e < ne; e++) {
                const struct co_proxy_equip *q = &p->equip[e];
                if (p->quote[f * ne + e] < best[e])
                    best[e] = p->quote[f * ne + e];
                share[e] += p->share[f * ne + e];
                if (share[e] != 0.0 && q->reference > 0.0)
                    total += share[e] * price(q, best[e], teu) / q->reference;
            }
        }
        cost[j] = total;
    }
    free(best);
    return 0;
}

void cf_coalition_lane_part_init(struct cf_coalition *c, size_t l, struct cf_lane_part *part)
{
    uint64_t players = l < c->nlanes ? c->lanes[l].players : 0;
    part->co = c;
    part->lane = l;
    part->n = 0;
    for (size_t i = 0; i < c->nfirms; i++)
        if ((players >> i) & 1u)
            part->global[part->n++] = i;
}

int cf_coalition_lane_part_cost(void *ctx, const unsigned char *in, double *cost, struct cf_error *err)
{
    const struct cf_lane_part *part = ctx;
    uint64_t set = 0;
    for (size_t k = 0; k < part->n; k++)
        if (in[k])
            set |= (uint64_t)1 << part->global[k];
    cf_cents_t cents = 0;
    int rc = cf_coalition_lane_cost_cents(part->co, part->lane, set, &cents, err);
    *cost = rc == CF_OK ? cf_money_units(cents) : 0.0;
    return rc;
}

int cf_coalition_lane_part_proxy(void *ctx, const size_t *order, size_t n, double *cost)
{
    const struct cf_lane_part *part = ctx;
    size_t global[64];
    for (size_t k = 0; k < n; k++)
        global[k] = part->global[order[k]];
    return cf_coalition_lane_proxy_order(part->co, part->lane, global, n, cost);
}
