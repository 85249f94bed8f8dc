/* bp_improve.c — a bin-elimination local search for identical bins without
 * loose items (Levine & Ducatelle 2004, after Martello & Toth's dominance
 * criterion): empty a few of the least-filled bins, then swap their items
 * into the other bins whenever a bin gets fuller (1-1, 1-2, 2-1, 2-2 and
 * plain insertions), and repack what is left; kept when fewer bins result.
 * It raises the chance that the greedy packing already meets the bound.
 * Also the refit for several bin types (bp_refit, below): the cheapest sets
 * of bins that could hold the items, each tried by moves and swaps that
 * lower the overflow. Both share the search state (struct ls). */
#include "solver/bp_core.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "models/rng.h"

struct ls {
    const struct bp_ctx *c;
    long *bin;        /* per item: bin, or -1 when free */
    double *lv, *lw;  /* per bin loads */
    double *cv, *cw;  /* per bin capacities: the refit's (bp_improve's are all types[0]) */
    double *key;      /* per item: volume share + weight share */
    size_t nbins;
    size_t *freeset, nfree;
    size_t *members;  /* scratch: items of one bin */
    uint64_t rng;
};

static int fits_after(const struct ls *s, size_t b, double dv, double dw)
{
    const struct cf_bp_bin_type *t = &s->c->p->types[0];
    return bp_cap_ok(s->lv[b] + dv, t->volume) && bp_cap_ok(s->lw[b] + dw, t->weight);
}

static void put(struct ls *s, size_t i, long b)
{
    const struct cf_bp_item *it = &s->c->p->items[i];
    if (s->bin[i] >= 0) {
        s->lv[s->bin[i]] -= it->volume;
        s->lw[s->bin[i]] -= it->weight;
    }
    s->bin[i] = b;
    if (b >= 0) {
        s->lv[b] += it->volume;
        s->lw[b] += it->weight;
    }
}

/* the best move making bin b fuller: up to two of its items out, up to two
 * free items in; 1 when made */
static int improve_bin(struct ls *s, size_t b)
{
    const struct cf_bp_item *items = s->c->p->items;
    size_t cnt = 0;
    for (size_t i = 0; i < s->c->p->nitems; i++)
        if (s->bin[i] == (long)b)
            s->members[cnt++] = i;
    double best_gain = 1e-12;
    long out1 = -1, out2 = -1, in1 = -1, in2 = -1;
    /* out: none, one or two members (o1 < o2), in: one or two free (f1 < f2) */
    for (long o1 = -1; o1 < (long)cnt; o1++)
        for (long o2 = o1 < 0 ? -1 : o1 + 1; o2 < (long)cnt; o2 = o2 < 0 ? (o1 < 0 ? (long)cnt : o1 + 1) : o2 + 1) {
            double ov = 0, ow = 0, ok = 0;
            if (o1 >= 0) {
                size_t i = s->members[o1];
                ov += items[i].volume; ow += items[i].weight; ok += s->key[i];
            }
            if (o2 >= 0) {
                size_t i = s->members[o2];
                ov += items[i].volume; ow += items[i].weight; ok += s->key[i];
            }
            for (size_t f1 = 0; f1 < s->nfree; f1++)
                for (long f2 = -1; f2 < (long)s->nfree; f2 = f2 < 0 ? (long)f1 + 1 : f2 + 1) {
                    size_t j1 = s->freeset[f1];
                    double iv = items[j1].volume, iw = items[j1].weight, ik = s->key[j1];
                    if (f2 >= 0) {
                        size_t j2 = s->freeset[f2];
                        iv += items[j2].volume; iw += items[j2].weight; ik += s->key[j2];
                    }
                    double gain = ik - ok;
                    if (gain > best_gain && fits_after(s, b, iv - ov, iw - ow)) {
                        best_gain = gain;
                        out1 = o1 >= 0 ? (long)s->members[o1] : -1;
                        out2 = o2 >= 0 ? (long)s->members[o2] : -1;
                        in1 = (long)f1;
                        in2 = f2;
                    }
                }
        }
    if (in1 < 0)
        return 0;
    size_t j1 = s->freeset[in1], j2 = in2 >= 0 ? s->freeset[in2] : 0;
    /* remove the free items (higher position first), then add the outs */
    if (in2 >= 0)
        s->freeset[in2] = s->freeset[--s->nfree];
    s->freeset[in1] = s->freeset[--s->nfree];
    if (out1 >= 0) {
        put(s, (size_t)out1, -1);
        s->freeset[s->nfree++] = (size_t)out1;
    }
    if (out2 >= 0) {
        put(s, (size_t)out2, -1);
        s->freeset[s->nfree++] = (size_t)out2;
    }
    put(s, j1, (long)b);
    if (in2 >= 0)
        put(s, j2, (long)b);
    return 1;
}


/* one attempt: free k bins, swap, repack; 1 when it saved a bin (s->bin and
 * s->nbins then hold the better packing) */
static int attempt(struct ls *s, size_t k, long *saved_bin)
{
    const struct cf_bp_problem *p = s->c->p;
    size_t n = p->nitems, B = s->nbins;
    memcpy(saved_bin, s->bin, n * sizeof *saved_bin);
    /* the least-filled bin, then random others */
    size_t first = 0;
    for (size_t b = 1; b < B; b++)
        if (s->lv[b] / p->types[0].volume + s->lw[b] / p->types[0].weight <
            s->lv[first] / p->types[0].volume + s->lw[first] / p->types[0].weight)
            first = b;
    unsigned char *gone = calloc(B, 1);
    if (!gone)
        return -1;
    if (cf_xorshift64s(&s->rng) % 4 == 0) /* now and then a random bin instead */
        first = (size_t)(cf_xorshift64s(&s->rng) % B);
    gone[first] = 1;
    for (size_t r = 1; r < k && r < B; r++) {
        size_t b;
        do
            b = (size_t)(cf_xorshift64s(&s->rng) % B);
        while (gone[b]);
        gone[b] = 1;
    }
    s->nfree = 0;
    for (size_t i = 0; i < n; i++)
        if (gone[s->bin[i]]) {
            put(s, i, -1);
            s->freeset[s->nfree++] = i;
        }
    /* bins left in order; the gone ones hold nothing now */
    for (int changed = 1, rounds = 0; changed && rounds < 1000; rounds++) {
        changed = 0;
        for (size_t b = 0; b < B && s->nfree > 0; b++)
            if (!gone[b] && improve_bin(s, b))
                changed = 1;
    }
    /* repack the free items, largest first, first fit; gone bins reopen */
    for (size_t q = 1; q < s->nfree; q++)
        for (size_t r = q; r > 0 && s->key[s->freeset[r]] > s->key[s->freeset[r - 1]]; r--) {
            size_t t = s->freeset[r];
            s->freeset[r] = s->freeset[r - 1];
            s->freeset[r - 1] = t;
        }
    size_t used_gone = 0;
    for (size_t q = 0; q < s->nfree; q++) {
        size_t i = s->freeset[q];
        long chosen = -1;
        for (size_t b = 0; b < B && chosen < 0; b++)
            if ((!gone[b] || gone[b] == 2) && fits_after(s, b, p->items[i].volume, p->items[i].weight))
                chosen = (long)b;
        for (size_t b = 0; b < B && chosen < 0; b++)
            if (gone[b] == 1) {
                gone[b] = 2;
                used_gone++;
                chosen = (long)b;
            }
        if (chosen < 0) { /* the free items need more than the k bins */
            used_gone = k + 1;
            break;
        }
        put(s, i, chosen);
    }
    s->nfree = 0;
    int better = used_gone < k;
    if (used_gone <= k) {
        /* fewer bins: kept; as many: kept too, a plateau move that lets the
         * next attempt start from fuller bins */
        /* renumber without the bins left empty */
        long *renum = malloc(B * sizeof *renum);
        if (!renum) {
            free(gone);
            return -1;
        }
        size_t kept = 0;
        for (size_t b = 0; b < B; b++)
            renum[b] = gone[b] == 1 ? -1 : (long)kept++;
        for (size_t i = 0; i < n; i++)
            s->bin[i] = renum[s->bin[i]];
        s->nbins = kept;
        free(renum);
    } else {
        memcpy(s->bin, saved_bin, n * sizeof *saved_bin);
    }
    /* loads from scratch */
    for (size_t b = 0; b < B; b++)
        s->lv[b] = s->lw[b] = 0;
    for (size_t i = 0; i < n; i++) {
        s->lv[s->bin[i]] += p->items[i].volume;
        s->lw[s->bin[i]] += p->items[i].weight;
    }
    free(gone);
    return better;
}

int bp_improve(const struct bp_ctx *c, struct bp_pack *k, double lb, double budget_s)
{
    const struct cf_bp_problem *p = c->p;
    size_t n = p->nitems;
    if (p->ntypes != 1 || k->nbins < 2)
        return 0;
    for (size_t i = 0; i < n; i++)
        if (k->item_bin[i] < 0)
            return 0; /* loose items: not this search's case */
    int rc = -1;
    double t0 = cf_now_s();
    struct ls s = {.c = c, .nbins = k->nbins, .rng = 0x9E3779B97F4A7C15ULL};
    long *saved = malloc(n * sizeof *saved);
    s.bin = malloc(n * sizeof *s.bin);
    s.lv = calloc(k->nbins, sizeof *s.lv);
    s.lw = calloc(k->nbins, sizeof *s.lw);
    s.key = malloc(n * sizeof *s.key);
    s.freeset = malloc(n * sizeof *s.freeset);
    s.members = malloc(n * sizeof *s.members);
    if (!saved || !s.bin || !s.lv || !s.lw || !s.key || !s.freeset || !s.members)
        goto done;
    for (size_t i = 0; i < n; i++) {
        s.bin[i] = k->item_bin[i];
        s.key[i] = p->items[i].volume / p->types[0].volume + p->items[i].weight / p->types[0].weight;
        s.lv[s.bin[i]] += p->items[i].volume;
        s.lw[s.bin[i]] += p->items[i].weight;
    }
    size_t start = s.nbins;
    for (int a = 0; a < 1000000; a++) {
        if (bp_proven((cf_cents_t)s.nbins * p->types[0].cost, lb) || cf_now_s() - t0 > budget_s ||
            bp_time_left_s(c) <= 0)
            break;
        int r = attempt(&s, 2 + (size_t)(a % 4), saved);
        if (r < 0)
            goto done;
    }
    if (s.nbins < start) {
        k->nbins = s.nbins;
        for (size_t i = 0; i < n; i++)
            k->item_bin[i] = s.bin[i];
        bp_logf(c, "binpack: bin elimination: %zu -> %zu bins", start, s.nbins);
    }
    rc = 0;
done:
    free(saved);
    free(s.bin);
    free(s.lv);
    free(s.lw);
    free(s.key);
    free(s.freeset);
    free(s.members);
    return rc;
}

/* Refit, for several bin types. The packed items' volume and weight need bins
 * of at least that much capacity in all; the sets of bins that have it and
 * cost less than the incumbent's bins (and not less than the bound allows)
 * are tried cheapest first, at most REFIT_CONFIGS of them, each with three
 * ways of weighing volume against weight (refit_try). The first set that
 * takes every item replaces the incumbent's bins. The greedy packings open
 * bins one at a time and so miss a full set of the cheapest bins: on a
 * sailing of the 40-firm year they open three 40GP and a 20GP (6,754.00)
 * where three 40HC at 99.8 % by volume hold it all (5,808.00). */
#define REFIT_CONFIGS 8
#define REFIT_MAX_BINS 64
#define REFIT_MAX_NODES 20000
#define REFIT_KICKS 200
#define REFIT_MAX_STEPS 2e6 /* a try's work: some 3 ms */

struct refit_enum {
    const struct cf_bp_problem *p;
    double need_v, need_w;
    cf_cents_t limit;      /* a set must cost less than this */
    double floor;          /* and, with the loose charges, at least the bound */
    size_t *count;         /* the set being built: bins per type */
    size_t *kept;          /* REFIT_CONFIGS x ntypes counts, cheapest first */
    cf_cents_t kept_cost[REFIT_CONFIGS];
    size_t nkept;
    long nodes;
};

static void refit_keep(struct refit_enum *e, cf_cents_t cost)
{
    size_t nt = e->p->ntypes;
    if (e->nkept == REFIT_CONFIGS && cost >= e->kept_cost[REFIT_CONFIGS - 1])
        return;
    size_t at = e->nkept < REFIT_CONFIGS ? e->nkept++ : REFIT_CONFIGS - 1;
    while (at > 0 && e->kept_cost[at - 1] > cost) {
        e->kept_cost[at] = e->kept_cost[at - 1];
        memcpy(&e->kept[at * nt], &e->kept[(at - 1) * nt], nt * sizeof *e->kept);
        at--;
    }
    e->kept_cost[at] = cost;
    memcpy(&e->kept[at * nt], e->count, nt * sizeof *e->kept);
}

static void refit_sets(struct refit_enum *e, size_t t, size_t bins, double cv, double cw, cf_cents_t cost)
{
    if (e->nodes++ > REFIT_MAX_NODES || cost >= e->limit ||
        (e->nkept == REFIT_CONFIGS && cost >= e->kept_cost[REFIT_CONFIGS - 1]))
        return;
    if (bp_cap_ok(e->need_v, cv) && bp_cap_ok(e->need_w, cw)) {
        if ((double)cost >= e->floor)
            refit_keep(e, cost);
        return; /* another bin only costs more */
    }
    if (t == e->p->ntypes)
        return;
    const struct cf_bp_bin_type *ty = &e->p->types[t];
    for (size_t n = 0; bins + n <= REFIT_MAX_BINS; n++) {
        e->count[t] = n;
        refit_sets(e, t + 1, bins + n, cv + (double)n * ty->volume, cw + (double)n * ty->weight,
                   cost + (cf_cents_t)n * ty->cost);
        if (bp_cap_ok(e->need_v, cv + (double)n * ty->volume) && bp_cap_ok(e->need_w, cw + (double)n * ty->weight))
            break; /* this type alone covers the rest: more of it only costs more */
    }
    e->count[t] = 0;
}

/* how far bin b's load overflows its capacity, as shares of it */
static double overflow(const struct ls *s, size_t b, double dv, double dw)
{
    double ov = s->lv[b] + dv - s->cv[b], ow = s->lw[b] + dw - s->cw[b];
    return (ov > CF_FEAS_TOL * s->cv[b] ? ov / s->cv[b] : 0.0) + (ow > CF_FEAS_TOL * s->cw[b] ? ow / s->cw[b] : 0.0);
}

/* The packed items into exactly the bins of counts, every item in a bin
 * whatever the overflow (largest first, into the roomiest bin), then moves
 * and swaps between bins that lower the overflow, with a random move or swap
 * whenever none does (REFIT_KICKS at most); 1 when nothing overflows. */
static int refit_try(struct ls *s, const size_t *counts, const size_t *order, size_t norder, const double *mix)
{
    const struct cf_bp_problem *p = s->c->p;
    double vref = 0, wref = 0;
    s->nbins = 0;
    for (size_t t = 0; t < p->ntypes; t++) {
        for (size_t r = 0; r < counts[t]; r++) {
            s->cv[s->nbins] = p->types[t].volume;
            s->cw[s->nbins] = p->types[t].weight;
            s->lv[s->nbins] = s->lw[s->nbins] = 0;
            s->nbins++;
        }
        vref = fmax(vref, p->types[t].volume);
        wref = fmax(wref, p->types[t].weight);
    }
    size_t B = s->nbins;
    double steps = 0;
    for (size_t q = 0; q < norder; q++) {
        size_t i = order[q];
        const struct cf_bp_item *it = &p->items[i];
        size_t best = 0;
        double best_room = -INFINITY;
        for (size_t b = 0; b < B; b++) {
            if (!bp_cap_ok(it->volume, s->cv[b]) || !bp_cap_ok(it->weight, s->cw[b]))
                continue; /* never where the item alone overflows */
            double room = mix[0] * (s->cv[b] - s->lv[b] - it->volume) / vref +
                          mix[1] * (s->cw[b] - s->lw[b] - it->weight) / wref;
            if (room > best_room) {
                best_room = room;
                best = b;
            }
        }
        if (best_room == -INFINITY)
            return 0; /* an item no bin of the set can hold */
        s->bin[i] = -1;
        put(s, i, (long)best);
    }
    steps += (double)(norder * B);
    double total = 0;
    for (size_t b = 0; b < B; b++)
        total += overflow(s, b, 0, 0);
    for (int kick = 0; total > 0 && kick <= REFIT_KICKS && steps < REFIT_MAX_STEPS; kick++) {
        for (int moved = 1; moved && total > 0;) {
            moved = 0;
            for (size_t q = 0; q < norder && total > 0; q++) {
                size_t i = order[q];
                size_t a = (size_t)s->bin[i];
                const struct cf_bp_item *x = &p->items[i];
                double base_a = overflow(s, a, 0, 0), best_gain = 1e-12;
                steps += 1.0;
                if (base_a <= 0)
                    continue; /* a gain needs an overflowing bin: this item's, or the partner's (its turn) */
                long to = -1, with = -1;
                for (size_t b = 0; b < B; b++) {
                    if (b == a)
                        continue;
                    double gain = base_a + overflow(s, b, 0, 0) - overflow(s, a, -x->volume, -x->weight) -
                                  overflow(s, b, x->volume, x->weight);
                    if (gain > best_gain && bp_cap_ok(x->volume, s->cv[b]) && bp_cap_ok(x->weight, s->cw[b])) {
                        best_gain = gain;
                        to = (long)b;
                        with = -1;
                    }
                }
                for (size_t r = 0; r < norder; r++) {
                    size_t j = order[r];
                    size_t b = (size_t)s->bin[j];
                    if (b == a)
                        continue;
                    const struct cf_bp_item *y = &p->items[j];
                    double dv = y->volume - x->volume, dw = y->weight - x->weight;
                    double gain = base_a + overflow(s, b, 0, 0) - overflow(s, a, dv, dw) - overflow(s, b, -dv, -dw);
                    if (gain > best_gain) {
                        best_gain = gain;
                        to = (long)b;
                        with = (long)j;
                    }
                }
                steps += (double)(B + norder) * 4.0;
                if (to < 0)
                    continue;
                put(s, i, to);
                if (with >= 0)
                    put(s, (size_t)with, (long)a);
                total -= best_gain;
                moved = 1;
            }
        }
        if (total <= 1e-12)
            break;
        /* stuck: an item of an overflowing bin to a random other bin, or
           swapped with a random item */
        size_t i = order[cf_xorshift64s(&s->rng) % norder], j = order[cf_xorshift64s(&s->rng) % norder];
        for (int tries = 0; tries < 64 && overflow(s, (size_t)s->bin[i], 0, 0) <= 0; tries++)
            i = order[cf_xorshift64s(&s->rng) % norder];
        steps += 64.0;
        size_t a = (size_t)s->bin[i], b = (size_t)(cf_xorshift64s(&s->rng) % B);
        if (s->bin[j] != (long)a && cf_xorshift64s(&s->rng) % 2 == 0) {
            b = (size_t)s->bin[j];
            put(s, j, (long)a);
        }
        if (b != a && bp_cap_ok(p->items[i].volume, s->cv[b]) && bp_cap_ok(p->items[i].weight, s->cw[b]))
            put(s, i, (long)b);
        total = 0;
        for (size_t c = 0; c < B; c++)
            total += overflow(s, c, 0, 0);
    }
    cf_clock_count(steps);
    for (size_t b = 0; b < B; b++) /* the running total drifts: the verdict from the loads */
        if (overflow(s, b, 0, 0) > 0)
            return 0;
    return 1;
}

int bp_refit(const struct bp_ctx *c, struct bp_pack *k, double lb, int clocked)
{
    const struct cf_bp_problem *p = c->p;
    size_t n = p->nitems, nt = p->ntypes;
    if (nt < 2 || k->nbins < 2)
        return 0; /* one type: bp_improve's case */
    cf_cents_t bins_cost = 0, loose = 0;
    for (size_t b = 0; b < k->nbins; b++)
        bins_cost += p->types[k->type[b]].cost;
    double need_v = 0, need_w = 0;
    size_t npacked = 0;
    for (size_t i = 0; i < n; i++) {
        if (k->item_bin[i] >= 0) {
            need_v += p->items[i].volume;
            need_w += p->items[i].weight;
            npacked++;
        } else {
            loose += p->items[i].loose_cost;
        }
    }
    int rc = -1;
    struct refit_enum e = {p, need_v, need_w, bins_cost, ceil(lb - 1e-6) - (double)loose, NULL, NULL, {0}, 0, 0};
    struct ls s = {.c = c, .rng = 0x9E3779B97F4A7C15ULL};
    struct bp_pack out = {0};
    size_t *order = malloc((npacked + 1) * sizeof *order);
    e.count = calloc(nt, sizeof *e.count);
    e.kept = calloc(REFIT_CONFIGS * nt, sizeof *e.kept);
    s.bin = malloc((n + 1) * sizeof *s.bin);
    s.lv = malloc(REFIT_MAX_BINS * sizeof *s.lv);
    s.lw = malloc(REFIT_MAX_BINS * sizeof *s.lw);
    s.cv = malloc(REFIT_MAX_BINS * sizeof *s.cv);
    s.cw = malloc(REFIT_MAX_BINS * sizeof *s.cw);
    s.key = malloc((n + 1) * sizeof *s.key);
    if (!order || !e.count || !e.kept || !s.bin || !s.lv || !s.lw || !s.cv || !s.cw || !s.key)
        goto done;
    refit_sets(&e, 0, 0, 0.0, 0.0, 0);
    cf_clock_count(8.0 * (double)e.nodes);
    if (e.nkept == 0) {
        rc = 0;
        goto done;
    }
    double vref = 0, wref = 0;
    for (size_t t = 0; t < nt; t++) {
        vref = fmax(vref, p->types[t].volume);
        wref = fmax(wref, p->types[t].weight);
    }
    size_t norder = 0;
    for (size_t i = 0; i < n; i++) {
        s.bin[i] = -1;
        if (k->item_bin[i] >= 0)
            order[norder++] = i;
    }
    /* what makes a bin fuller: the tighter dimension first (a sailing at
       99.8 % of its boxes' volume and 93 % of their weight wants its heavy
       items spread over the boxes, not packed together), then the sum */
    double cap_v = 0, cap_w = 0;
    for (size_t b = 0; b < k->nbins; b++) {
        cap_v += p->types[k->type[b]].volume;
        cap_w += p->types[k->type[b]].weight;
    }
    double mix[3][2] = {{1.0, 0.05}, {0.05, 1.0}, {1.0, 1.0}};
    if (need_w / cap_w > need_v / cap_v) {
        mix[0][0] = mix[1][1] = 0.05;
        mix[0][1] = mix[1][0] = 1.0;
    }
    int found = 0;
    size_t hit = 0;
    for (size_t q = 0; q < e.nkept && !found && (!clocked || bp_time_left_s(c) > 0); q++)
        for (int m = 0; m < 3 && !found; m++) {
            for (size_t i = 0; i < n; i++)
                s.key[i] = mix[m][0] * p->items[i].volume / vref + mix[m][1] * p->items[i].weight / wref;
            for (size_t a = 1; a < norder; a++) /* largest first: a departure's items, a few hundred at most */
                for (size_t r = a; r > 0 && s.key[order[r]] > s.key[order[r - 1]]; r--) {
                    size_t t = order[r];
                    order[r] = order[r - 1];
                    order[r - 1] = t;
                }
            found = refit_try(&s, &e.kept[q * nt], order, norder, mix[m]);
            hit = q;
        }
    if (found) {
        if (bp_pack_init(&out, n) != 0)
            goto done;
        for (size_t t = 0; t < nt; t++)
            for (size_t r = 0; r < e.kept[hit * nt + t]; r++)
                if (bp_pack_open(&out, t) < 0)
                    goto done;
        for (size_t i = 0; i < n; i++)
            out.item_bin[i] = k->item_bin[i] >= 0 ? s.bin[i] : -1;
        if (bp_pack_tidy(c, &out) != 0)
            goto done;
        if (bp_pack_cost(c, &out) < bp_pack_cost(c, k)) {
            bp_logf(c, "binpack: refit: %zu bins (%lld) -> %zu bins (%lld)", k->nbins, (long long)bins_cost,
                    out.nbins, (long long)e.kept_cost[hit]);
            if (bp_pack_copy(k, &out, n) != 0)
                goto done;
        }
    }
    rc = 0;
done:
    bp_pack_free(&out);
    free(order);
    free(e.count);
    free(e.kept);
    free(s.bin);
    free(s.lv);
    free(s.lw);
    free(s.cv);
    free(s.cw);
    free(s.key);
    return rc;
}
