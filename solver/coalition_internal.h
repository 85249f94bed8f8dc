/* coalition_internal.h — the pooling game's oracle state, shared by
 * coalition.c (lanes, cached lane costs) and coalition_proxy.c (the cheap
 * stand-in game the sampled Shapley value uses as a control variate). Not for
 * other modules. */
#ifndef CF_COALITION_INTERNAL_H
#define CF_COALITION_INTERNAL_H

#include <pthread.h>
#include <stdint.h>

#include "solver/coalition.h"

#define CO_MAX_FIRMS 64

struct co_proxy_lane;
void co_proxy_lane_free(struct co_proxy_lane *p);
#define CO_BUCKETS_START 1024

struct co_lane {
    char origin[CF_LOCODE_LEN];
    char destination[CF_LOCODE_LEN];
    size_t *ships; /* indices into the input shipments */
    size_t nships;
    struct cf_quotes quotes;  /* the lane's rows of the firms' quotes */
    struct cf_quotes cluster; /* the lane's rows of the cluster card */
    uint64_t shippers;        /* firms owning a shipment on the lane */
    uint64_t players;         /* shippers and firms holding a quote on the lane: nobody else
                                 changes the lane's problem */
    struct co_proxy_lane *proxy; /* cf_coalition_proxy_build; NULL before */
};

/* A cached lane cost: the lane, its shippers in S, how it was planned (quick
 * or in full) and the card's bytes. */
struct co_entry {
    struct co_entry *next;
    uint64_t hash;
    size_t lane;
    uint64_t mask;
    int quick;
    size_t keylen;
    unsigned char *key;
    cf_cents_t cents;
};

struct cf_coalition {
    struct cf_coalition_input in;
    const char *firms[CO_MAX_FIRMS]; /* point into the input shipments */
    size_t nfirms;
    size_t *firm_of_ship;
    struct co_lane *lanes;
    size_t nlanes;
    const char **quote_firms; /* every quote-holder and every player (grand_every_quote) */
    size_t nquote_firms;
    cf_date_t start;
    int quick; /* cf_coalition_set_quick */

    pthread_mutex_t lock;
    pthread_key_t glpk_thread; /* set in every thread that planned: its GLPK environment is freed at exit */
    int has_key;
    struct co_entry **buckets;
    size_t nbuckets, nentries;
    struct cf_coalition_stats stats;
};

/* The index of lane origin-destination, or -1. */
long co_find_lane(const struct cf_coalition *c, const char *origin, const char *destination);

#endif
