/* benchmark.c — the streaming rate benchmark (benchmark.h; domain.md,
 * "Benchmark"; interface.md, "Confidentiality"). Three open-addressing hash
 * tables of our own: firm names, lanes, and (firm, lane) keys holding each
 * firm's lowest valid quote. Reports are built from the keys alone. */
#include "benchmark.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "percentile.h"
#include "models/grow.h"

#define EMPTY_SLOT UINT32_MAX

struct lane_key {
    enum cf_mode mode;
    char origin[CF_LOCODE_LEN];
    char destination[CF_LOCODE_LEN];
    char equipment[CF_CODE_MAX];
};

/* One firm's lowest valid quote on one lane. */
struct best {
    uint32_t firm, lane; /* firm == EMPTY_SLOT: a free slot */
    double all_in;
    double min_charge;
    int transit_days;
};

struct cf_benchmark {
    cf_date_t as_of;
    size_t rows, valid;

    /* firm names, interned; firm_slots maps hash -> index (EMPTY_SLOT: free) */
    char (*firm_names)[CF_NAME_MAX];
    size_t nfirms, firms_cap;
    unsigned char *firm_has_valid; /* per firm: 1 once a valid quote was fed */
    uint32_t *firm_slots;
    size_t firm_nslots;

    struct lane_key *lanes;
    size_t nlanes, lanes_cap;
    uint32_t *lane_slots;
    size_t lane_nslots;

    struct best *bests; /* open-addressing table of (firm, lane) keys */
    size_t nbests, best_nslots;
};

/* FNV-1a, 64 bits: short keys, no library */
static uint64_t hash_bytes(uint64_t h, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ull;
    }
    return h;
}

#define FNV_OFFSET 14695981039346656037ull

static uint64_t hash_lane(const struct lane_key *k)
{
    uint64_t h = FNV_OFFSET ^ (uint64_t)k->mode;
    h = hash_bytes(h, k->origin, strlen(k->origin) + 1);
    h = hash_bytes(h, k->destination, strlen(k->destination) + 1);
    return hash_bytes(h, k->equipment, strlen(k->equipment));
}

/* splitmix64's finaliser: spreads (firm, lane) pairs over the table */
static uint64_t hash_pair(uint32_t firm, uint32_t lane)
{
    uint64_t z = ((uint64_t)firm << 32) | lane;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static uint32_t *new_slots(size_t n)
{
    uint32_t *slots = malloc(n * sizeof *slots);
    if (slots != NULL)
        memset(slots, 0xff, n * sizeof *slots); /* every slot EMPTY_SLOT */
    return slots;
}

static int oom(struct cf_error *err)
{
    return cf_error_set(err, CF_ERR_INTERNAL, NULL, 0, NULL, "benchmark: out of memory");
}

int cf_benchmark_create(cf_date_t as_of, struct cf_benchmark **out, struct cf_error *err)
{
    *out = NULL;
    struct cf_benchmark *b = calloc(1, sizeof *b);
    if (b == NULL)
        return oom(err);
    b->as_of = as_of;
    b->firm_nslots = 64;
    b->lane_nslots = 64;
    b->best_nslots = 256;
    b->firm_slots = new_slots(b->firm_nslots);
    b->lane_slots = new_slots(b->lane_nslots);
    b->bests = malloc(b->best_nslots * sizeof *b->bests);
    if (b->firm_slots == NULL || b->lane_slots == NULL || b->bests == NULL) {
        cf_benchmark_free(b);
        return oom(err);
    }
    for (size_t i = 0; i < b->best_nslots; i++)
        b->bests[i].firm = EMPTY_SLOT;
    *out = b;
    return CF_OK;
}

void cf_benchmark_free(struct cf_benchmark *b)
{
    if (b == NULL)
        return;
    free(b->firm_names);
    free(b->firm_has_valid);
    free(b->firm_slots);
    free(b->lanes);
    free(b->lane_slots);
    free(b->bests);
    free(b);
}

/* Index of name in the firm table, adding it if new; -1 on out of memory. */
static long intern_firm(struct cf_benchmark *b, const char *name)
{
    size_t len = strnlen(name, CF_NAME_MAX - 1);
    size_t mask = b->firm_nslots - 1;
    size_t i = (size_t)hash_bytes(FNV_OFFSET, name, len) & mask;
    for (; b->firm_slots[i] != EMPTY_SLOT; i = (i + 1) & mask) {
        const char *have = b->firm_names[b->firm_slots[i]];
        if (strncmp(have, name, len) == 0 && have[len] == '\0')
            return (long)b->firm_slots[i];
    }
    if (b->nfirms == b->firms_cap) {
        size_t cap = b->firms_cap ? b->firms_cap * 2 : 64;
        char(*names)[CF_NAME_MAX] = realloc(b->firm_names, cap * sizeof *names);
        if (names == NULL)
            return -1;
        b->firm_names = names;
        unsigned char *flags = realloc(b->firm_has_valid, cap);
        if (flags == NULL)
            return -1;
        b->firm_has_valid = flags;
        b->firms_cap = cap;
    }
    uint32_t id = (uint32_t)b->nfirms;
    memcpy(b->firm_names[id], name, len);
    b->firm_names[id][len] = '\0';
    b->firm_has_valid[id] = 0;
    b->firm_slots[i] = id;
    b->nfirms++;
    if (2 * b->nfirms > b->firm_nslots) { /* keep the load under one half */
        size_t n = b->firm_nslots * 2;
        uint32_t *slots = new_slots(n);
        if (slots == NULL)
            return -1;
        for (uint32_t f = 0; f < b->nfirms; f++) {
            const char *s = b->firm_names[f];
            size_t j = (size_t)hash_bytes(FNV_OFFSET, s, strlen(s)) & (n - 1);
            while (slots[j] != EMPTY_SLOT)
                j = (j + 1) & (n - 1);
            slots[j] = f;
        }
        free(b->firm_slots);
        b->firm_slots = slots;
        b->firm_nslots = n;
    }
    return (long)id;
}

static int lane_equal(const struct lane_key *a, const struct lane_key *b)
{
    return a->mode == b->mode && strcmp(a->origin, b->origin) == 0 &&
           strcmp(a->destination, b->destination) == 0 && strcmp(a->equipment, b->equipment) == 0;
}

/* Index of the quote's lane, adding it if new; -1 on out of memory. */
static long intern_lane(struct cf_benchmark *b, const struct cf_quote *q)
{
    struct lane_key key;
    memset(&key, 0, sizeof key);
    key.mode = q->mode;
    memcpy(key.origin, q->origin, sizeof key.origin - 1);
    memcpy(key.destination, q->destination, sizeof key.destination - 1);
    memcpy(key.equipment, q->equipment, sizeof key.equipment - 1);
    size_t mask = b->lane_nslots - 1;
    size_t i = (size_t)hash_lane(&key) & mask;
    for (; b->lane_slots[i] != EMPTY_SLOT; i = (i + 1) & mask)
        if (lane_equal(&b->lanes[b->lane_slots[i]], &key))
            return (long)b->lane_slots[i];
    struct lane_key *lanes = cf_grow(b->lanes, &b->lanes_cap, b->nlanes, 64, sizeof *lanes);
    if (lanes == NULL)
        return -1;
    b->lanes = lanes;
    uint32_t id = (uint32_t)b->nlanes;
    b->lanes[id] = key;
    b->lane_slots[i] = id;
    b->nlanes++;
    if (2 * b->nlanes > b->lane_nslots) {
        size_t n = b->lane_nslots * 2;
        uint32_t *slots = new_slots(n);
        if (slots == NULL)
            return -1;
        for (uint32_t l = 0; l < b->nlanes; l++) {
            size_t j = (size_t)hash_lane(&b->lanes[l]) & (n - 1);
            while (slots[j] != EMPTY_SLOT)
                j = (j + 1) & (n - 1);
            slots[j] = l;
        }
        free(b->lane_slots);
        b->lane_slots = slots;
        b->lane_nslots = n;
    }
    return (long)id;
}

static int grow_bests(struct cf_benchmark *b)
{
    size_t n = b->best_nslots * 2;
    struct best *bests = malloc(n * sizeof *bests);
    if (bests == NULL)
        return -1;
    for (size_t i = 0; i < n; i++)
        bests[i].firm = EMPTY_SLOT;
    for (size_t i = 0; i < b->best_nslots; i++) {
        if (b->bests[i].firm == EMPTY_SLOT)
            continue;
        size_t j = (size_t)hash_pair(b->bests[i].firm, b->bests[i].lane) & (n - 1);
        while (bests[j].firm != EMPTY_SLOT)
            j = (j + 1) & (n - 1);
        bests[j] = b->bests[i];
    }
    free(b->bests);
    b->bests = bests;
    b->best_nslots = n;
    return 0;
}

/* Does (all_in, min_charge, transit) beat what the firm holds? benchmark.h */
static int better(const struct best *have, const struct cf_quote *q)
{
    if (q->all_in != have->all_in)
        return q->all_in < have->all_in;
    if (q->min_charge_base != have->min_charge)
        return q->min_charge_base < have->min_charge;
    return q->transit_days < have->transit_days;
}

int cf_benchmark_add(struct cf_benchmark *b, const struct cf_quote *q, struct cf_error *err)
{
    b->rows++;
    long firm = intern_firm(b, q->firm);
    if (firm < 0)
        return oom(err);
    if (!cf_quote_valid_on(q, b->as_of))
        return CF_OK;
    b->valid++;
    b->firm_has_valid[firm] = 1;
    long lane = intern_lane(b, q);
    if (lane < 0)
        return oom(err);
    size_t mask = b->best_nslots - 1;
    size_t i = (size_t)hash_pair((uint32_t)firm, (uint32_t)lane) & mask;
    for (; b->bests[i].firm != EMPTY_SLOT; i = (i + 1) & mask) {
        struct best *have = &b->bests[i];
        if (have->firm == (uint32_t)firm && have->lane == (uint32_t)lane) {
            if (better(have, q)) {
                have->all_in = q->all_in;
                have->min_charge = q->min_charge_base;
                have->transit_days = q->transit_days;
            }
            return CF_OK;
        }
    }
    b->bests[i] = (struct best){(uint32_t)firm, (uint32_t)lane, q->all_in, q->min_charge_base,
                                q->transit_days};
    b->nbests++;
    if (2 * b->nbests > b->best_nslots && grow_bests(b) != 0)
        return oom(err);
    return CF_OK;
}

int cf_benchmark_each(const struct cf_quote *q, void *ctx, struct cf_error *err)
{
    return cf_benchmark_add(ctx, q, err);
}

void cf_benchmark_counts(const struct cf_benchmark *b, struct cf_benchmark_counts *out)
{
    out->rows = b->rows;
    out->valid = b->valid;
    out->firms = b->nfirms;
    out->lanes = b->nlanes;
    out->keys = b->nbests;
}

/* --- the report --- */

static int compare_lane_keys(const struct lane_key *a, const struct lane_key *b)
{
    if (a->mode != b->mode)
        return a->mode < b->mode ? -1 : 1;
    int c = strcmp(a->origin, b->origin);
    if (c == 0)
        c = strcmp(a->destination, b->destination);
    if (c == 0)
        c = strcmp(a->equipment, b->equipment);
    return c;
}

/* qsort has no context: sort pointers to lane keys, then map back to ids */
static int compare_lane_ptrs(const void *a, const void *b)
{
    return compare_lane_keys(*(const struct lane_key *const *)a, *(const struct lane_key *const *)b);
}

struct entry {
    const char *firm;
    const struct best *best;
};

static int compare_entries(const void *a, const void *b)
{
    return strcmp(((const struct entry *)a)->firm, ((const struct entry *)b)->firm);
}

static long find_firm(const struct cf_benchmark *b, const char *name)
{
    for (size_t f = 0; f < b->nfirms; f++)
        if (strcmp(b->firm_names[f], name) == 0)
            return (long)f;
    return -1;
}

/* Summary of one lane's firms into lane (every figure; withholding after). */
static void summarise(struct cf_benchmark_lane *lane, const struct entry *entries, size_t n,
                      double *values)
{
    for (size_t i = 0; i < n; i++)
        values[i] = entries[i].best->all_in;
    cf_percentile_sort(values, n);
    struct cf_summary s;
    cf_summary_of_sorted(values, n, &s);
    lane->firms = n;
    lane->min = s.min;
    lane->p25 = s.p25;
    lane->median = s.median;
    lane->mean = s.mean;
    lane->p75 = s.p75;
    lane->max = s.max;
    lane->p75_over_p25 = s.p25 > 0.0 ? s.p75 / s.p25 : NAN;
    double excess = 0.0;
    for (size_t i = 0; i < n; i++)
        if (values[i] > s.median)
            excess += values[i] - s.median;
    lane->excess_over_median = excess;
}

static void withhold(struct cf_benchmark_lane *lane)
{
    lane->withheld = 1;
    lane->min = lane->p25 = lane->median = lane->mean = lane->p75 = lane->max = NAN;
    lane->p75_over_p25 = lane->excess_over_median = NAN;
}

int cf_benchmark_report(const struct cf_benchmark *b, const struct cf_benchmark_view *view,
                        struct cf_benchmark_report *out, struct cf_error *err)
{
    memset(out, 0, sizeof *out);
    const char *member = view != NULL ? view->member : NULL;
    out->min_firms = view != NULL && view->min_firms > 0 ? view->min_firms : CF_BENCHMARK_MIN_FIRMS;
    out->member_view = member != NULL;
    long member_id = -1;
    if (member != NULL) {
        member_id = find_firm(b, member);
        if (member_id < 0)
            return cf_error_set(err, CF_ERR_DATA, NULL, 0, "--member", "no quotes from firm \"%s\"",
                                member);
        if (!b->firm_has_valid[member_id]) {
            char day[11];
            cf_date_format(b->as_of, day);
            return cf_error_set(err, CF_ERR_DATA, NULL, 0, "--member",
                                "no quotes from firm \"%s\" valid on %s", member, day);
        }
    }

    int rc = CF_ERR_INTERNAL;
    const struct lane_key **order = NULL;
    size_t *rank = NULL, *start = NULL, *fill = NULL;
    struct entry *entries = NULL;
    double *values = NULL;
    size_t nl = b->nlanes;

    order = malloc((nl ? nl : 1) * sizeof *order);
    rank = malloc((nl ? nl : 1) * sizeof *rank);
    start = calloc(nl + 1, sizeof *start);
    fill = calloc(nl + 1, sizeof *fill);
    entries = malloc((b->nbests ? b->nbests : 1) * sizeof *entries);
    values = malloc((b->nfirms ? b->nfirms : 1) * sizeof *values);
    out->lanes = calloc(nl ? nl : 1, sizeof *out->lanes);
    out->positions = calloc(b->nbests ? b->nbests : 1, sizeof *out->positions);
    if (order == NULL || rank == NULL || start == NULL || fill == NULL || entries == NULL ||
        values == NULL || out->lanes == NULL || out->positions == NULL) {
        oom(err);
        goto done;
    }

    /* lanes in output order: rank[lane id] = its place */
    for (size_t l = 0; l < nl; l++)
        order[l] = &b->lanes[l];
    qsort(order, nl, sizeof *order, compare_lane_ptrs);
    for (size_t r = 0; r < nl; r++)
        rank[order[r] - b->lanes] = r;

    /* bucket the keys by lane rank (counting sort), then firms by name */
    for (size_t i = 0; i < b->best_nslots; i++)
        if (b->bests[i].firm != EMPTY_SLOT)
            start[rank[b->bests[i].lane] + 1]++;
    for (size_t r = 0; r < nl; r++)
        start[r + 1] += start[r];
    for (size_t i = 0; i < b->best_nslots; i++) {
        const struct best *k = &b->bests[i];
        if (k->firm == EMPTY_SLOT)
            continue;
        size_t r = rank[k->lane];
        entries[start[r] + fill[r]++] = (struct entry){b->firm_names[k->firm], k};
    }

    for (size_t r = 0; r < nl; r++) {
        struct entry *e = entries + start[r];
        size_t n = start[r + 1] - start[r];
        qsort(e, n, sizeof *e, compare_entries);
        int mine = member_id < 0;
        for (size_t i = 0; !mine && i < n; i++)
            mine = e[i].best->firm == (uint32_t)member_id;
        if (!mine)
            continue;

        struct cf_benchmark_lane *lane = &out->lanes[out->nlanes];
        const struct lane_key *key = order[r];
        lane->mode = key->mode;
        memcpy(lane->origin, key->origin, sizeof lane->origin);
        memcpy(lane->destination, key->destination, sizeof lane->destination);
        memcpy(lane->equipment, key->equipment, sizeof lane->equipment);
        summarise(lane, e, n, values);
        if (member_id >= 0) {
            if (n < out->min_firms)
                withhold(lane);
            /* min and max are single firms' rates; the mean and the excess
               over the median are sums that, with the member's own rate and
               the quartiles, give the extremes (5 firms: max = median +
               excess - (p75 - median), min = 5 mean - the other four): never
               in a member's view. Below 5 firms the quartiles and the median
               give every rate (benchmark.h): the median alone then. */
            lane->min = lane->max = lane->mean = lane->excess_over_median = NAN;
            if (n < CF_BENCHMARK_QUARTILE_FIRMS)
                lane->p25 = lane->p75 = lane->p75_over_p25 = NAN;
        }

        lane->first = out->npositions;
        for (size_t i = 0; i < n; i++) {
            if (member_id >= 0 && e[i].best->firm != (uint32_t)member_id)
                continue;
            struct cf_benchmark_position *p = &out->positions[out->npositions++];
            memcpy(p->firm, e[i].firm, sizeof p->firm);
            p->lane = out->nlanes;
            p->all_in = e[i].best->all_in;
            p->min_charge = e[i].best->min_charge;
            p->transit_days = e[i].best->transit_days;
            p->index_vs_median = !isnan(lane->median) && lane->median > 0.0
                                     ? p->all_in / lane->median
                                     : NAN;
        }
        lane->count = out->npositions - lane->first;
        out->nlanes++;
    }
    rc = CF_OK;

done:
    free(values);
    free(entries);
    free(fill);
    free(start);
    free(rank);
    free(order);
    return rc;
}

void cf_benchmark_report_free(struct cf_benchmark_report *r)
{
    free(r->lanes);
    free(r->positions);
    memset(r, 0, sizeof *r);
}
