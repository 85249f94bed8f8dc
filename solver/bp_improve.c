/* bp_improve.c — a bin-elimination local search for identical bins without
 * loose items (Levine & Ducatelle 2004, after Martello & Toth's dominance
 * criterion): empty a few of the least-filled bins, then swap their items
 * into the other bins whenever a bin gets fuller (1-1, 1-2, 2-1, 2-2 and
 * plain insertions), and repack what is left; kept when fewer bins result.
 * It raises the chance that the greedy packing already meets the bound. */
#include "solver/bp_core.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct ls {
    const struct bp_ctx *c;
    long *bin;        /* per item: bin, or -1 when free */
    double *lv, *lw;  /* per bin loads */
    double *key;      /* per item: volume share + weight share */
    size_t nbins;
    size_t *freeset, nfree;
    size_t *members;  /* scratch: items of one bin */
    uint64_t rng;
};

static uint64_t next_rand(uint64_t *s)
{
    /* xorshift64*: Vigna 2016 */
    *s ^= *s >> 12;
    *s ^= *s << 25;
    *s ^= *s >> 27;
    return *s * 2685821657736338717ULL;
}

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
    if (next_rand(&s->rng) % 4 == 0) /* now and then a random bin instead */
        first = (size_t)(next_rand(&s->rng) % B);
    gone[first] = 1;
    for (size_t r = 1; r < k && r < B; r++) {
        size_t b;
        do
            b = (size_t)(next_rand(&s->rng) % B);
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
