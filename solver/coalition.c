/* coalition.c — c(S), the cost oracle of the pooling game (coalition.h):
 * shipments and rate rows split by lane once; per lane and coalition a rate
 * card (rates/ratecard.h: the standalone card for a single firm, else the
 * coalition's card with the cluster's tiers) and a plan (solver/plan.h) of
 * the coalition's shipments on that lane, cached by what the lane problem is. */
#include <glpk.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rates/ratecard.h"
#include "solver/coalition.h"
#include "solver/coalition_internal.h"

/* A card row as cached bytes (padding zeroed, so memcmp compares values). */
struct co_keyrow {
    int mode;
    int transit_days;
    char equipment[CF_CODE_MAX];
    double rate, min_charge, min_teu;
};

static int oom(struct cf_error *err)
{
    return cf_error_set(err, CF_ERR_INTERNAL, NULL, 0, NULL, "coalition: out of memory");
}

static int popcount64(uint64_t x)
{
    int n = 0;
    for (; x != 0; x &= x - 1)
        n++;
    return n;
}

size_t cf_coalition_nfirms(const struct cf_coalition *c) { return c->nfirms; }
const char *cf_coalition_firm(const struct cf_coalition *c, size_t i) { return c->firms[i]; }
cf_date_t cf_coalition_schedule_start(const struct cf_coalition *c) { return c->start; }

long cf_coalition_firm_index(const struct cf_coalition *c, const char *firm)
{
    for (size_t i = 0; i < c->nfirms; i++)
        if (strcmp(c->firms[i], firm) == 0)
            return (long)i;
    return -1;
}

void cf_coalition_free(struct cf_coalition *c)
{
    if (c == NULL)
        return;
    for (size_t b = 0; b < c->nbuckets; b++) {
        struct co_entry *e = c->buckets[b];
        while (e != NULL) {
            struct co_entry *next = e->next;
            free(e->key);
            free(e);
            e = next;
        }
    }
    free(c->buckets);
    for (size_t l = 0; l < c->nlanes; l++) {
        free(c->lanes[l].ships);
        cf_quotes_free(&c->lanes[l].quotes);
        cf_quotes_free(&c->lanes[l].cluster);
        co_proxy_lane_free(c->lanes[l].proxy);
    }
    free(c->lanes);
    free(c->quote_firms);
    free(c->firm_of_ship);
    if (c->has_key)
        pthread_key_delete(c->glpk_thread);
    pthread_mutex_destroy(&c->lock);
    free(c);
}

/* At the exit of a thread that planned (the game's oracle threads): GLPK
 * keeps an environment per thread, which only glp_free_env releases. */
static void free_thread_glpk(void *flag)
{
    (void)flag;
    glp_free_env();
}

long co_find_lane(const struct cf_coalition *c, const char *origin, const char *destination)
{
    for (size_t l = 0; l < c->nlanes; l++)
        if (strcmp(c->lanes[l].origin, origin) == 0 && strcmp(c->lanes[l].destination, destination) == 0)
            return (long)l;
    return -1;
}

static int add_name(const char **list, size_t *n, const char *name)
{
    for (size_t i = 0; i < *n; i++)
        if (strcmp(list[i], name) == 0)
            return 0;
    list[(*n)++] = name;
    return 1;
}

/* Each lane's players: its shippers and every firm with a valid quote on it
 * (the rows cf_ratecard_coalition would take from that firm alone). */
static int lane_players(struct cf_coalition *c, struct cf_error *err)
{
    for (size_t l = 0; l < c->nlanes; l++) {
        struct co_lane *lane = &c->lanes[l];
        lane->players = lane->shippers;
        for (size_t f = 0; f < c->nfirms && lane->quotes.count > 0; f++) {
            if ((lane->players >> f) & 1u)
                continue;
            struct cf_ratecard card;
            memset(&card, 0, sizeof card);
            int rc = cf_ratecard_coalition(&lane->quotes, NULL, &c->firms[f], 1, c->in.as_of, &card, err);
            size_t rows = card.count;
            cf_ratecard_free(&card);
            if (rc != CF_OK)
                return rc;
            if (rows > 0)
                lane->players |= (uint64_t)1 << f;
        }
    }
    return CF_OK;
}

static int build(struct cf_coalition *c, struct cf_error *err)
{
    const struct cf_shipments *ships = c->in.shipments;
    c->firm_of_ship = malloc(ships->count * sizeof *c->firm_of_ship);
    c->lanes = calloc(ships->count, sizeof *c->lanes);
    if (c->firm_of_ship == NULL || c->lanes == NULL)
        return oom(err);
    cf_date_t earliest = ships->items[0].ready_date;
    for (size_t s = 0; s < ships->count; s++) {
        const struct cf_shipment *sh = &ships->items[s];
        if (sh->ready_date < earliest)
            earliest = sh->ready_date;
        long f = cf_coalition_firm_index(c, sh->firm);
        if (f < 0) {
            if (c->nfirms == CO_MAX_FIRMS)
                return cf_error_set(err, CF_ERR_DATA, NULL, 0, NULL,
                                    "more than %d firms own shipments: the pooling game takes at most %d",
                                    CO_MAX_FIRMS, CO_MAX_FIRMS);
            f = (long)c->nfirms;
            c->firms[c->nfirms++] = sh->firm;
        }
        c->firm_of_ship[s] = (size_t)f;
        long l = co_find_lane(c, sh->origin, sh->destination);
        if (l < 0) {
            l = (long)c->nlanes++;
            memcpy(c->lanes[l].origin, sh->origin, sizeof c->lanes[l].origin);
            memcpy(c->lanes[l].destination, sh->destination, sizeof c->lanes[l].destination);
            c->lanes[l].ships = malloc(ships->count * sizeof *c->lanes[l].ships);
            if (c->lanes[l].ships == NULL)
                return oom(err);
        }
        struct co_lane *lane = &c->lanes[l];
        lane->ships[lane->nships++] = s;
        lane->shippers |= (uint64_t)1 << f;
    }
    c->start = cf_date_monday_on_or_before(earliest);

    const struct cf_quotes *q = c->in.quotes;
    for (size_t i = 0; q != NULL && i < q->count; i++) {
        long l = co_find_lane(c, q->items[i].origin, q->items[i].destination);
        if (l >= 0 && cf_quotes_push(&c->lanes[l].quotes, &q->items[i]) != CF_OK)
            return oom(err);
    }
    const struct cf_quotes *cl = c->in.cluster;
    for (size_t i = 0; cl != NULL && i < cl->count; i++) {
        long l = co_find_lane(c, cl->items[i].origin, cl->items[i].destination);
        if (l >= 0 && cf_quotes_push(&c->lanes[l].cluster, &cl->items[i]) != CF_OK)
            return oom(err);
    }

    int rc = lane_players(c, err);
    if (rc != CF_OK)
        return rc;

    size_t cap = c->nfirms + (q != NULL ? q->count : 0);
    c->quote_firms = malloc((cap ? cap : 1) * sizeof *c->quote_firms);
    if (c->quote_firms == NULL)
        return oom(err);
    for (size_t i = 0; i < c->nfirms; i++)
        add_name(c->quote_firms, &c->nquote_firms, c->firms[i]);
    for (size_t i = 0; q != NULL && i < q->count; i++)
        if (q->items[i].firm[0] != '\0')
            add_name(c->quote_firms, &c->nquote_firms, q->items[i].firm);

    c->nbuckets = CO_BUCKETS_START;
    c->buckets = calloc(c->nbuckets, sizeof *c->buckets);
    if (c->buckets == NULL)
        return oom(err);
    return CF_OK;
}

int cf_coalition_create(const struct cf_coalition_input *in, struct cf_coalition **out,
                        struct cf_error *err)
{
    *out = NULL;
    if (in->shipments == NULL || in->shipments->count == 0)
        return cf_error_set(err, CF_ERR_DATA, NULL, 0, NULL, "no shipments: there is nothing to pool");
    struct cf_coalition *c = calloc(1, sizeof *c);
    if (c == NULL)
        return oom(err);
    c->in = *in;
    if (pthread_mutex_init(&c->lock, NULL) != 0) {
        free(c);
        return oom(err);
    }
    c->stats.worst_status = CF_PLAN_OPTIMAL;
    if (pthread_key_create(&c->glpk_thread, free_thread_glpk) != 0) {
        pthread_mutex_destroy(&c->lock);
        free(c);
        return oom(err);
    }
    c->has_key = 1;
    int rc = build(c, err);
    if (rc != CF_OK) {
        cf_coalition_free(c);
        return rc;
    }
    *out = c;
    return CF_OK;
}

static uint64_t mask_of(const struct cf_coalition *c, const unsigned char *in)
{
    uint64_t m = 0;
    for (size_t i = 0; i < c->nfirms; i++)
        if (in[i])
            m |= (uint64_t)1 << i;
    return m;
}

/* The lane's rate card for coalition S (domain.md, "Costs"). */
static int lane_card(const struct cf_coalition *c, const struct co_lane *lane, uint64_t set, int alone,
                     struct cf_ratecard *card, struct cf_error *err)
{
    memset(card, 0, sizeof *card);
    if (alone) {
        size_t f = 0;
        while (!((set >> f) & 1u))
            f++;
        return cf_ratecard_standalone(&lane->quotes, c->firms[f], c->in.as_of, card, err);
    }
    const struct cf_quotes *cluster = c->in.cluster != NULL ? &lane->cluster : NULL;
    uint64_t grand = c->nfirms == 64 ? ~(uint64_t)0 : (((uint64_t)1 << c->nfirms) - 1);
    if (c->in.grand_every_quote && set == grand)
        return cf_ratecard_coalition(&lane->quotes, cluster, c->quote_firms, c->nquote_firms, c->in.as_of,
                                     card, err);
    const char *names[CO_MAX_FIRMS];
    size_t n = 0;
    for (size_t i = 0; i < c->nfirms; i++)
        if ((set >> i) & 1u)
            names[n++] = c->firms[i];
    return cf_ratecard_coalition(&lane->quotes, cluster, names, n, c->in.as_of, card, err);
}

static unsigned char *card_key(const struct cf_ratecard *card, size_t *len)
{
    size_t n = card->count ? card->count : 1;
    struct co_keyrow *rows = calloc(n, sizeof *rows);
    if (rows == NULL)
        return NULL;
    for (size_t i = 0; i < card->count; i++) {
        const struct cf_rate *r = &card->items[i];
        rows[i].mode = (int)r->mode;
        rows[i].transit_days = r->transit_days;
        memcpy(rows[i].equipment, r->equipment, sizeof rows[i].equipment);
        rows[i].rate = r->rate;
        rows[i].min_charge = r->min_charge;
        rows[i].min_teu = r->min_teu;
    }
    *len = card->count * sizeof *rows;
    return (unsigned char *)rows;
}

static uint64_t hash_key(size_t lane, uint64_t mask, int quick, const unsigned char *key, size_t len)
{
    uint64_t h = 1469598103934665603ull; /* FNV-1a 64 offset basis */
    uint64_t words[3] = {(uint64_t)lane, mask, (uint64_t)quick};
    const unsigned char *w = (const unsigned char *)words;
    for (size_t i = 0; i < sizeof words; i++)
        h = (h ^ w[i]) * 1099511628211ull; /* FNV-1a 64 prime */
    for (size_t i = 0; i < len; i++)
        h = (h ^ key[i]) * 1099511628211ull;
    return h;
}

/* Caller holds the lock. */
static struct co_entry *lookup(struct cf_coalition *c, uint64_t h, size_t lane, uint64_t mask, int quick,
                               const unsigned char *key, size_t len)
{
    for (struct co_entry *e = c->buckets[h % c->nbuckets]; e != NULL; e = e->next)
        if (e->hash == h && e->lane == lane && e->mask == mask && e->quick == quick && e->keylen == len &&
            memcmp(e->key, key, len) == 0)
            return e;
    return NULL;
}

/* Caller holds the lock; key is taken over (freed here on failure). */
static int insert(struct cf_coalition *c, uint64_t h, size_t lane, uint64_t mask, int quick, unsigned char *key,
                  size_t len, cf_cents_t cents)
{
    struct co_entry *e = lookup(c, h, lane, mask, quick, key, len);
    if (e != NULL) {
        e->cents = cents;
        free(key);
        return CF_OK;
    }
    if (c->nentries >= 2 * c->nbuckets) {
        size_t nb = c->nbuckets * 4;
        struct co_entry **grown = calloc(nb, sizeof *grown);
        if (grown != NULL) {
            for (size_t b = 0; b < c->nbuckets; b++) {
                struct co_entry *x = c->buckets[b];
                while (x != NULL) {
                    struct co_entry *next = x->next;
                    x->next = grown[x->hash % nb];
                    grown[x->hash % nb] = x;
                    x = next;
                }
            }
            free(c->buckets);
            c->buckets = grown;
            c->nbuckets = nb;
        }
    }
    e = malloc(sizeof *e);
    if (e == NULL) {
        free(key);
        return CF_ERR_INTERNAL;
    }
    e->hash = h;
    e->lane = lane;
    e->mask = mask;
    e->quick = quick;
    e->keylen = len;
    e->key = key;
    e->cents = cents;
    e->next = c->buckets[h % c->nbuckets];
    c->buckets[h % c->nbuckets] = e;
    c->nentries++;
    /* counted here, once per distinct lane problem: two threads that plan
       the same one at once would otherwise make the count vary run to run */
    c->stats.lane_plans++;
    if (quick)
        c->stats.quick_lane_plans++;
    return CF_OK;
}

/* A quick plan's gap says nothing (its bound is 0): only full plans count
 * towards worst_gap; every plan's status counts (an unplaced shipment is
 * news whichever way it was planned). */
static void note_plan(struct cf_coalition *c, const struct cf_plan *plan, int quick)
{
    pthread_mutex_lock(&c->lock);
    if (plan->status > c->stats.worst_status)
        c->stats.worst_status = plan->status;
    if (!quick && plan->gap > c->stats.worst_gap)
        c->stats.worst_gap = plan->gap;
    pthread_mutex_unlock(&c->lock);
}

/* Plan the shipments of the firms in mask on lane l; map[k] is the input
 * index of the plan's shipment k (caller frees map and the plan). */
static int lane_plan(struct cf_coalition *c, size_t l, uint64_t mask, int quick, const struct cf_ratecard *card,
                     struct cf_plan *plan, size_t **map, struct cf_error *err)
{
    const struct co_lane *lane = &c->lanes[l];
    memset(plan, 0, sizeof *plan);
    *map = NULL;
    struct cf_shipment *subset = malloc(lane->nships * sizeof *subset);
    size_t *idx = malloc(lane->nships * sizeof *idx);
    if (subset == NULL || idx == NULL) {
        free(subset);
        free(idx);
        return oom(err);
    }
    size_t n = 0;
    for (size_t k = 0; k < lane->nships; k++) {
        size_t s = lane->ships[k];
        if ((mask >> c->firm_of_ship[s]) & 1u) {
            subset[n] = c->in.shipments->items[s];
            idx[n++] = s;
        }
    }
    double limit = c->in.time_limit_s;
    uint64_t grand = c->nfirms == 64 ? ~(uint64_t)0 : (((uint64_t)1 << c->nfirms) - 1);
    if (c->in.grand_time_limit_s > 0.0 && mask == (grand & lane->shippers))
        limit = c->in.grand_time_limit_s * (double)lane->nships / (double)c->in.shipments->count;
    struct cf_plan_input pin = {subset, n, card, c->in.catalogue, c->in.fill_factor, limit,
                                c->start, NULL, NULL, quick};
    int rc = cf_plan_solve(&pin, plan, err);
    free(subset);
    pthread_setspecific(c->glpk_thread, c); /* any non-NULL value: the destructor runs */
    if (rc != CF_OK) {
        free(idx);
        cf_plan_free(plan);
        return rc;
    }
    note_plan(c, plan, quick);
    *map = idx;
    return CF_OK;
}

/* Whether lane l of coalition set is planned quick: in quick mode, every
 * coalition's but a firm's alone (its standalone cost is shown as such) and
 * those holding every player of the lane (the whole pool's lane problem,
 * which c(N) needs in full). */
static int lane_is_quick(const struct cf_coalition *c, size_t l, uint64_t set, int alone)
{
    return c->quick && !alone && (set & c->lanes[l].players) != c->lanes[l].players;
}

/* The cost of lane l for coalition set (alone: a single firm's standalone
 * card), from the cache or a new plan. If plan_out is set, the plan is
 * always solved, returned, and its cost cached. */
static int lane_cost(struct cf_coalition *c, size_t l, uint64_t set, int alone, int force_quick, cf_cents_t *cents,
                     struct cf_ratecard *card_out, struct cf_plan *plan_out, size_t **map_out,
                     struct cf_error *err)
{
    uint64_t mask = set & c->lanes[l].shippers;
    int quick = force_quick || lane_is_quick(c, l, set, alone);
    struct cf_ratecard card;
    int rc = lane_card(c, &c->lanes[l], set, alone, &card, err);
    size_t len = 0;
    unsigned char *key = NULL;
    if (rc == CF_OK) {
        key = card_key(&card, &len);
        if (key == NULL)
            rc = oom(err);
    }
    if (rc != CF_OK)
        goto done;
    uint64_t h = hash_key(l, mask, quick, key, len);
    if (plan_out == NULL) {
        pthread_mutex_lock(&c->lock);
        struct co_entry *e = lookup(c, h, l, mask, quick, key, len);
        if (e != NULL) {
            *cents = e->cents;
            c->stats.lane_hits++;
        }
        pthread_mutex_unlock(&c->lock);
        if (e != NULL)
            goto done;
    }
    struct cf_plan local;
    size_t *map = NULL;
    struct cf_plan *plan = plan_out != NULL ? plan_out : &local;
    rc = lane_plan(c, l, mask, quick, &card, plan, &map, err);
    if (rc != CF_OK)
        goto done;
    *cents = plan->total_cost;
    pthread_mutex_lock(&c->lock);
    rc = insert(c, h, l, mask, quick, key, len, plan->total_cost);
    pthread_mutex_unlock(&c->lock);
    key = NULL; /* taken over by insert */
    if (rc != CF_OK)
        rc = oom(err);
    if (plan_out == NULL || rc != CF_OK) {
        cf_plan_free(plan);
        free(map);
    } else {
        *map_out = map;
    }
done:
    free(key);
    if (card_out != NULL && rc == CF_OK)
        *card_out = card;
    else
        cf_ratecard_free(&card);
    return rc;
}

static int cost_cents(struct cf_coalition *c, const unsigned char *in, int force_quick, cf_cents_t *out,
                      struct cf_error *err)
{
    uint64_t set = mask_of(c, in);
    if (set == 0)
        return cf_error_set(err, CF_ERR_INTERNAL, NULL, 0, NULL, "coalition: the empty coalition has no plan");
    cf_cents_t total = 0;
    for (size_t l = 0; l < c->nlanes; l++) {
        if ((set & c->lanes[l].shippers) == 0)
            continue;
        cf_cents_t cents = 0;
        int rc = lane_cost(c, l, set, popcount64(set) == 1, force_quick, &cents, NULL, NULL, NULL, err);
        if (rc != CF_OK)
            return rc;
        total += cents;
    }
    *out = total;
    return CF_OK;
}

int cf_coalition_cost_cents(struct cf_coalition *c, const unsigned char *in, cf_cents_t *out,
                            struct cf_error *err)
{
    return cost_cents(c, in, 0, out, err);
}

int cf_coalition_quick_cost_cents(struct cf_coalition *c, const unsigned char *in, cf_cents_t *out,
                                  struct cf_error *err)
{
    return cost_cents(c, in, 1, out, err);
}

int cf_coalition_cost(void *ctx, const unsigned char *in, double *cost, struct cf_error *err)
{
    cf_cents_t cents = 0;
    int rc = cf_coalition_cost_cents(ctx, in, &cents, err);
    if (rc == CF_OK)
        *cost = cf_money_units(cents);
    return rc;
}

void cf_coalition_plan_free(struct cf_coalition_plan *p)
{
    if (p == NULL)
        return;
    cf_plan_free(&p->plan);
    free(p->container_stand_in);
    free(p->loose_stand_in);
    memset(p, 0, sizeof *p);
}

/* 0 when the card's row for (mode, equipment) is a firm's own quote, else
 * the number of firms behind its stand-in median (1..255, capped). */
static int priced_by_stand_in(const struct cf_ratecard *card, enum cf_mode mode, const char *equipment)
{
    for (size_t i = 0; i < card->count; i++)
        if (card->items[i].mode == mode && strcmp(card->items[i].equipment, equipment) == 0) {
            int firms = card->items[i].stand_in_firms;
            return card->items[i].stand_in ? (firms < 1 ? 1 : firms > 255 ? 255 : firms) : 0;
        }
    return 0;
}

/* Append lane plan p (indices through map) to the merged plan m. */
static int merge(struct cf_coalition_plan *m, struct cf_plan *p, const size_t *map,
                 const struct cf_ratecard *card)
{
    struct cf_plan *t = &m->plan;
    size_t nc = t->ncontainers + p->ncontainers, nl = t->nloose + p->nloose, nu = t->nunplaced + p->nunplaced;
    struct cf_plan_container *cs = realloc(t->containers, (nc ? nc : 1) * sizeof *cs);
    if (cs == NULL)
        return -1;
    t->containers = cs;
    unsigned char *cf = realloc(m->container_stand_in, nc ? nc : 1);
    if (cf == NULL)
        return -1;
    m->container_stand_in = cf;
    struct cf_plan_loose *ls = realloc(t->loose, (nl ? nl : 1) * sizeof *ls);
    if (ls == NULL)
        return -1;
    t->loose = ls;
    unsigned char *lf = realloc(m->loose_stand_in, nl ? nl : 1);
    if (lf == NULL)
        return -1;
    m->loose_stand_in = lf;
    struct cf_plan_unplaced *us = realloc(t->unplaced, (nu ? nu : 1) * sizeof *us);
    if (us == NULL)
        return -1;
    t->unplaced = us;
    struct cf_plan_lane *lanes = realloc(t->lanes, (t->nlanes + p->nlanes + 1) * sizeof *lanes);
    if (lanes == NULL)
        return -1;
    t->lanes = lanes;
    for (size_t i = 0; i < p->nlanes; i++)
        t->lanes[t->nlanes++] = p->lanes[i]; /* counts and money only: nothing to map */
    for (size_t i = 0; i < p->ncontainers; i++) {
        struct cf_plan_container *dst = &t->containers[t->ncontainers];
        *dst = p->containers[i];
        for (size_t k = 0; k < dst->nshipments; k++)
            dst->shipments[k] = map[dst->shipments[k]];
        p->containers[i].shipments = NULL; /* moved */
        p->containers[i].nshipments = 0;
        snprintf(dst->id, sizeof dst->id, "C%04zu", t->ncontainers + 1);
        m->container_stand_in[t->ncontainers++] = (unsigned char)priced_by_stand_in(card, dst->mode, dst->equipment);
    }
    for (size_t i = 0; i < p->nloose; i++) {
        struct cf_plan_loose *dst = &t->loose[t->nloose];
        *dst = p->loose[i];
        dst->shipment = map[dst->shipment];
        m->loose_stand_in[t->nloose++] = (unsigned char)priced_by_stand_in(card, dst->mode, dst->equipment);
    }
    for (size_t i = 0; i < p->nunplaced; i++) {
        t->unplaced[t->nunplaced] = p->unplaced[i];
        t->unplaced[t->nunplaced++].shipment = map[p->unplaced[i].shipment];
    }
    t->total_cost += p->total_cost;
    t->lower_bound += p->lower_bound;
    if (p->status > t->status && p->status != CF_PLAN_INFEASIBLE)
        t->status = p->status; /* a lane nothing could serve is not the plan's: plan.c's rule */
    return 0;
}

static int lane_line_cmp(const void *a, const void *b)
{
    const struct cf_plan_lane *x = a, *y = b;
    int o = strcmp(x->origin, y->origin);
    return o != 0 ? o : strcmp(x->destination, y->destination);
}

int cf_coalition_plan(struct cf_coalition *c, const unsigned char *in, struct cf_coalition_plan *out,
                      struct cf_error *err)
{
    memset(out, 0, sizeof *out);
    out->plan.status = CF_PLAN_OPTIMAL;
    uint64_t set = mask_of(c, in);
    if (set == 0)
        return cf_error_set(err, CF_ERR_INTERNAL, NULL, 0, NULL, "coalition: the empty coalition has no plan");
    for (size_t l = 0; l < c->nlanes; l++) {
        if ((set & c->lanes[l].shippers) == 0)
            continue;
        struct cf_plan p;
        struct cf_ratecard card;
        size_t *map = NULL;
        cf_cents_t cents = 0;
        int rc = lane_cost(c, l, set, popcount64(set) == 1, 0, &cents, &card, &p, &map, err);
        if (rc != CF_OK)
            return rc;
        int bad = merge(out, &p, map, &card);
        cf_plan_free(&p);
        free(map);
        cf_ratecard_free(&card);
        if (bad)
            return oom(err);
    }
    if (out->plan.nunplaced > 0 && out->plan.ncontainers == 0 && out->plan.nloose == 0)
        out->plan.status = CF_PLAN_INFEASIBLE; /* as plan.c: infeasible when nothing is placed */
    /* in cents: the lanes' bounds summed in floating point sat 1e-16 off the
       cost of a proven plan */
    cf_cents_t bound = cf_money_round(out->plan.lower_bound);
    out->plan.gap = out->plan.total_cost > 0 && bound < out->plan.total_cost
                        ? (double)(out->plan.total_cost - bound) / (double)out->plan.total_cost
                        : 0.0;
    /* lane lines by origin, then destination, as plan's */
    if (out->plan.nlanes > 1)
        qsort(out->plan.lanes, out->plan.nlanes, sizeof *out->plan.lanes, lane_line_cmp);
    return CF_OK;
}

void cf_coalition_stats(struct cf_coalition *c, struct cf_coalition_stats *out)
{
    pthread_mutex_lock(&c->lock);
    *out = c->stats;
    pthread_mutex_unlock(&c->lock);
}

void cf_coalition_set_quick(struct cf_coalition *c, int quick)
{
    c->quick = quick != 0;
}

int cf_coalition_quick(const struct cf_coalition *c)
{
    return c->quick;
}

size_t cf_coalition_nlanes(const struct cf_coalition *c)
{
    return c->nlanes;
}

uint64_t cf_coalition_lane_players(const struct cf_coalition *c, size_t l)
{
    return l < c->nlanes ? c->lanes[l].players : 0;
}

size_t cf_coalition_lane_shipments(const struct cf_coalition *c, size_t l)
{
    return l < c->nlanes ? c->lanes[l].nships : 0;
}

void cf_coalition_lane_name(const struct cf_coalition *c, size_t l, char *buf, size_t size)
{
    if (l < c->nlanes)
        snprintf(buf, size, "%s-%s", c->lanes[l].origin, c->lanes[l].destination);
    else if (size > 0)
        buf[0] = '\0';
}

int cf_coalition_lane_cost_cents(struct cf_coalition *c, size_t l, uint64_t set, cf_cents_t *out,
                                 struct cf_error *err)
{
    *out = 0;
    if (l >= c->nlanes)
        return cf_error_set(err, CF_ERR_INTERNAL, NULL, 0, NULL, "coalition: no lane %zu", l);
    if (c->in.grand_every_quote)
        return cf_error_set(err, CF_ERR_INTERNAL, NULL, 0, NULL,
                            "coalition: lane games need the grand coalition priced like any other");
    if ((set & c->lanes[l].shippers) == 0)
        return CF_OK; /* nobody ships: nothing to plan */
    return lane_cost(c, l, set, 0, 0, out, NULL, NULL, NULL, err);
}
