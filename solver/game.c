/* game.c — the cost game of game.h: the oracle behind a coalition cache (an
 * open-addressing hash table keyed by the coalition's bit set, guarded by one
 * mutex), and the pthread pool that evaluates a batch of coalitions. An entry
 * is claimed (PENDING) before its oracle call, so no coalition is computed
 * twice even when several threads ask for it at once. */
#include "game.h"

#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

enum { SLOT_EMPTY = 0, SLOT_PENDING, SLOT_DONE, SLOT_FAILED };

struct slot {
    cf_coalition_t key; /* 0 only in an empty slot: the empty set is never stored */
    double cost;
    int state;
};

struct cf_game {
    size_t n;
    char **names;
    cf_game_cost_fn cost_fn;
    void *ctx;
    double *table; /* cf_game_from_table: 2^n costs, owned */
    struct cf_game **parts; /* cf_game_set_parts: the array owned, the games not */
    cf_coalition_t *part_members;
    size_t nparts;
    cf_game_proxy_fn proxy_fn; /* cf_game_set_proxy */
    void *proxy_ctx;
    double cost_hint;          /* cf_game_set_cost_hint */

    pthread_mutex_t lock;
    pthread_cond_t done; /* broadcast whenever a PENDING slot settles */
    struct slot *slots;
    size_t cap, used; /* cap is a power of two */
    size_t calls;
};

static size_t hash_key(cf_coalition_t key)
{
    key ^= key >> 33;
    key *= 0xff51afd7ed558ccdull; /* MurmurHash3 fmix64 constants */
    key ^= key >> 33;
    key *= 0xc4ceb9fe1a85ec53ull;
    key ^= key >> 33;
    return (size_t)key;
}

/* The slot holding key, or the empty slot where it would go. Lock held. */
static struct slot *find_slot(struct slot *slots, size_t cap, cf_coalition_t key)
{
    size_t i = hash_key(key) & (cap - 1);
    while (slots[i].state != SLOT_EMPTY && slots[i].key != key)
        i = (i + 1) & (cap - 1);
    return &slots[i];
}

/* Keep the load factor at most 1/2. Lock held. Returns 0 or -1 (memory). */
static int reserve(struct cf_game *g, size_t more)
{
    if (2 * (g->used + more) <= g->cap)
        return 0;
    size_t cap = g->cap ? g->cap : 64;
    while (2 * (g->used + more) > cap)
        cap *= 2;
    struct slot *slots = calloc(cap, sizeof *slots);
    if (slots == NULL)
        return -1;
    for (size_t i = 0; i < g->cap; i++)
        if (g->slots[i].state != SLOT_EMPTY)
            *find_slot(slots, cap, g->slots[i].key) = g->slots[i];
    free(g->slots);
    g->slots = slots;
    g->cap = cap;
    return 0;
}

int cf_game_create(size_t n, const char *const *names, cf_game_cost_fn cost_fn, void *ctx,
                   struct cf_game **out, struct cf_error *err)
{
    *out = NULL;
    if (n < 1 || n > CF_GAME_MAX_PLAYERS)
        return cf_error_set(err, CF_ERR_DATA, NULL, 0, "players",
                            "a game needs 1 to %d players, got %zu", CF_GAME_MAX_PLAYERS, n);
    if (cost_fn == NULL)
        return cf_error_set(err, CF_ERR_INTERNAL, NULL, 0, NULL, "game without a cost oracle");
    struct cf_game *g = calloc(1, sizeof *g);
    if (g == NULL)
        return cf_error_set(err, CF_ERR_INTERNAL, NULL, 0, NULL, "out of memory");
    g->n = n;
    g->cost_hint = 1.0;
    g->cost_fn = cost_fn;
    g->ctx = ctx;
    g->names = calloc(n, sizeof *g->names);
    if (g->names == NULL || pthread_mutex_init(&g->lock, NULL) != 0) {
        free(g->names);
        free(g);
        return cf_error_set(err, CF_ERR_INTERNAL, NULL, 0, NULL, "out of memory");
    }
    if (pthread_cond_init(&g->done, NULL) != 0) {
        pthread_mutex_destroy(&g->lock);
        free(g->names);
        free(g);
        return cf_error_set(err, CF_ERR_INTERNAL, NULL, 0, NULL, "out of memory");
    }
    for (size_t i = 0; i < n; i++) {
        g->names[i] = strdup(names != NULL && names[i] != NULL ? names[i] : "");
        if (g->names[i] == NULL) {
            cf_game_free(g);
            return cf_error_set(err, CF_ERR_INTERNAL, NULL, 0, NULL, "out of memory");
        }
    }
    *out = g;
    return CF_OK;
}

static int table_cost(void *ctx, const unsigned char *in, double *cost, struct cf_error *err)
{
    (void)err;
    const struct cf_game *g = ctx;
    size_t index = 0;
    for (size_t i = 0; i < g->n; i++)
        if (in[i])
            index |= (size_t)1 << i;
    *cost = g->table[index];
    return CF_OK;
}

int cf_game_from_table(size_t n, const char *const *names, const double *cost,
                       struct cf_game **out, struct cf_error *err)
{
    *out = NULL;
    if (n < 1 || n > CF_GAME_TABLE_MAX_PLAYERS)
        return cf_error_set(err, CF_ERR_DATA, NULL, 0, "players",
                            "a game given by a table needs 1 to %d players, got %zu",
                            CF_GAME_TABLE_MAX_PLAYERS, n);
    size_t count = (size_t)1 << n;
    for (size_t s = 1; s < count; s++)
        if (!isfinite(cost[s]))
            return cf_error_set(err, CF_ERR_DATA, NULL, 0, "cost", "coalition %zu: cost is not finite", s);
    struct cf_game *g = NULL;
    int rc = cf_game_create(n, names, table_cost, NULL, &g, err);
    if (rc != CF_OK)
        return rc;
    g->table = malloc(count * sizeof *g->table);
    if (g->table == NULL) {
        cf_game_free(g);
        return cf_error_set(err, CF_ERR_INTERNAL, NULL, 0, NULL, "out of memory");
    }
    memcpy(g->table, cost, count * sizeof *g->table);
    g->table[0] = 0.0;
    g->ctx = g;
    *out = g;
    return CF_OK;
}

void cf_game_free(struct cf_game *game)
{
    if (game == NULL)
        return;
    for (size_t i = 0; i < game->n; i++)
        free(game->names[i]);
    free(game->names);
    free(game->table);
    free(game->parts);
    free(game->part_members);
    free(game->slots);
    pthread_cond_destroy(&game->done);
    pthread_mutex_destroy(&game->lock);
    free(game);
}

size_t cf_game_players(const struct cf_game *game)
{
    return game->n;
}

const char *cf_game_player(const struct cf_game *game, size_t i)
{
    return i < game->n ? game->names[i] : "";
}

cf_coalition_t cf_game_grand(const struct cf_game *game)
{
    return game->n == 64 ? ~(cf_coalition_t)0 : (((cf_coalition_t)1 << game->n) - 1);
}

size_t cf_game_oracle_calls(const struct cf_game *game)
{
    pthread_mutex_t *lock = (pthread_mutex_t *)&game->lock;
    pthread_mutex_lock(lock);
    size_t calls = game->calls;
    pthread_mutex_unlock(lock);
    return calls;
}

/* Call the oracle for a coalition claimed by this thread (slot PENDING), then
 * settle the slot. Lock NOT held on entry or exit. */
static int evaluate(struct cf_game *g, cf_coalition_t set, double *cost, struct cf_error *err)
{
    unsigned char in[CF_GAME_MAX_PLAYERS];
    for (size_t i = 0; i < g->n; i++)
        in[i] = (unsigned char)((set >> i) & 1u);
    double value = 0.0;
    int rc = g->cost_fn(g->ctx, in, &value, err);
    if (rc == CF_OK && !isfinite(value))
        rc = cf_error_set(err, CF_ERR_INTERNAL, NULL, 0, NULL, "the cost oracle returned a non-finite cost");
    pthread_mutex_lock(&g->lock);
    struct slot *s = find_slot(g->slots, g->cap, set);
    if (rc == CF_OK) {
        s->cost = value;
        s->state = SLOT_DONE;
        g->calls++;
    } else {
        s->state = SLOT_FAILED;
    }
    pthread_cond_broadcast(&g->done);
    pthread_mutex_unlock(&g->lock);
    *cost = value;
    return rc;
}

int cf_game_cost_set(struct cf_game *game, cf_coalition_t set, double *cost, struct cf_error *err)
{
    *cost = 0.0;
    if (set == 0)
        return CF_OK;
    if ((set & ~cf_game_grand(game)) != 0)
        return cf_error_set(err, CF_ERR_INTERNAL, NULL, 0, NULL, "coalition names a player beyond %zu",
                            game->n);
    pthread_mutex_lock(&game->lock);
    for (;;) {
        if (reserve(game, 1) != 0) {
            pthread_mutex_unlock(&game->lock);
            return cf_error_set(err, CF_ERR_INTERNAL, NULL, 0, NULL, "out of memory");
        }
        struct slot *s = find_slot(game->slots, game->cap, set);
        if (s->state == SLOT_DONE) {
            *cost = s->cost;
            pthread_mutex_unlock(&game->lock);
            return CF_OK;
        }
        if (s->state == SLOT_PENDING) {
            pthread_cond_wait(&game->done, &game->lock);
            continue;
        }
        if (s->state == SLOT_EMPTY)
            game->used++;
        s->key = set;
        s->state = SLOT_PENDING;
        break;
    }
    pthread_mutex_unlock(&game->lock);
    return evaluate(game, set, cost, err);
}

int cf_game_cost(struct cf_game *game, const unsigned char *in, double *cost, struct cf_error *err)
{
    cf_coalition_t set = 0;
    for (size_t i = 0; i < game->n; i++)
        if (in[i])
            set |= (cf_coalition_t)1 << i;
    return cf_game_cost_set(game, set, cost, err);
}

/* --- parallel evaluation --- */

struct batch {
    struct cf_game *game;
    const cf_coalition_t *claimed; /* coalitions this batch owns (slots PENDING) */
    size_t count;
    size_t next;       /* next index to take, under game->lock */
    int failed;        /* first error seen: stop taking new work */
    struct cf_error err;
};

static void *worker(void *arg)
{
    struct batch *b = arg;
    struct cf_game *g = b->game;
    for (;;) {
        pthread_mutex_lock(&g->lock);
        size_t i = b->next;
        int stop = b->failed || i >= b->count;
        if (!stop)
            b->next++;
        pthread_mutex_unlock(&g->lock);
        if (stop)
            break;
        struct cf_error local;
        cf_error_clear(&local);
        double cost;
        if (evaluate(g, b->claimed[i], &cost, &local) != CF_OK) {
            pthread_mutex_lock(&g->lock);
            if (!b->failed) {
                b->failed = 1;
                b->err = local;
            }
            pthread_mutex_unlock(&g->lock);
        }
    }
    return NULL;
}

int cf_game_prefetch(struct cf_game *game, const cf_coalition_t *sets, size_t count, int threads,
                     struct cf_error *err)
{
    cf_coalition_t grand = cf_game_grand(game);
    cf_coalition_t *claimed = malloc((count ? count : 1) * sizeof *claimed);
    if (claimed == NULL)
        return cf_error_set(err, CF_ERR_INTERNAL, NULL, 0, NULL, "out of memory");
    size_t nclaimed = 0;
    pthread_mutex_lock(&game->lock);
    if (reserve(game, count) != 0) {
        pthread_mutex_unlock(&game->lock);
        free(claimed);
        return cf_error_set(err, CF_ERR_INTERNAL, NULL, 0, NULL, "out of memory");
    }
    for (size_t k = 0; k < count; k++) {
        cf_coalition_t set = sets[k];
        if (set == 0 || (set & ~grand) != 0)
            continue;
        struct slot *s = find_slot(game->slots, game->cap, set);
        if (s->state == SLOT_DONE || s->state == SLOT_PENDING)
            continue; /* cached, or being computed by someone else (or a duplicate) */
        if (s->state == SLOT_EMPTY)
            game->used++;
        s->key = set;
        s->state = SLOT_PENDING;
        claimed[nclaimed++] = set;
    }
    pthread_mutex_unlock(&game->lock);

    struct batch b = {game, claimed, nclaimed, 0, 0, {0, 0, {0}}};
    size_t extra = threads > 1 ? (size_t)threads - 1 : 0;
    if (extra > nclaimed / 2)
        extra = nclaimed / 2; /* a thread per pair of coalitions at most */
    pthread_t ids[63];
    if (extra > sizeof ids / sizeof ids[0])
        extra = sizeof ids / sizeof ids[0];
    size_t started = 0;
    for (; started < extra; started++)
        if (pthread_create(&ids[started], NULL, worker, &b) != 0)
            break; /* fewer threads: the calling thread still does the work */
    worker(&b);
    for (size_t t = 0; t < started; t++)
        pthread_join(ids[t], NULL);

    /* Work never taken after a failure: release the claims. */
    pthread_mutex_lock(&game->lock);
    for (size_t k = b.next; k < nclaimed; k++)
        find_slot(game->slots, game->cap, claimed[k])->state = SLOT_FAILED;
    pthread_cond_broadcast(&game->done);
    pthread_mutex_unlock(&game->lock);
    free(claimed);
    if (b.failed) {
        if (err != NULL)
            *err = b.err;
        return b.err.code != CF_OK ? b.err.code : CF_ERR_INTERNAL;
    }
    return CF_OK;
}

int cf_game_cost_all(struct cf_game *game, int threads, double **out, struct cf_error *err)
{
    *out = NULL;
    if (game->n > CF_GAME_TABLE_MAX_PLAYERS)
        return cf_error_set(err, CF_ERR_DATA, NULL, 0, "players",
                            "every coalition of %zu players is too many to list (at most %d players)",
                            game->n, CF_GAME_TABLE_MAX_PLAYERS);
    size_t count = (size_t)1 << game->n;
    double *cost = malloc(count * sizeof *cost);
    cf_coalition_t *sets = malloc(count * sizeof *sets);
    int rc = CF_OK;
    if (cost == NULL || sets == NULL) {
        rc = cf_error_set(err, CF_ERR_INTERNAL, NULL, 0, NULL, "out of memory");
        goto done;
    }
    for (size_t s = 0; s < count; s++)
        sets[s] = s;
    rc = cf_game_prefetch(game, sets + 1, count - 1, threads, err);
    for (size_t s = 0; rc == CF_OK && s < count; s++)
        rc = cf_game_cost_set(game, s, &cost[s], err);
done:
    free(sets);
    if (rc != CF_OK)
        free(cost);
    else
        *out = cost;
    return rc;
}

int cf_game_set_parts(struct cf_game *game, size_t nparts, struct cf_game *const *parts,
                      const cf_coalition_t *members, struct cf_error *err)
{
    struct cf_game **p = malloc((nparts ? nparts : 1) * sizeof *p);
    cf_coalition_t *m = malloc((nparts ? nparts : 1) * sizeof *m);
    if (p == NULL || m == NULL) {
        free(p);
        free(m);
        return cf_error_set(err, CF_ERR_INTERNAL, NULL, 0, NULL, "out of memory");
    }
    for (size_t k = 0; k < nparts; k++) {
        p[k] = parts[k];
        m[k] = members[k];
    }
    free(game->parts);
    free(game->part_members);
    game->parts = p;
    game->part_members = m;
    game->nparts = nparts;
    return CF_OK;
}

size_t cf_game_nparts(const struct cf_game *game)
{
    return game->nparts;
}

struct cf_game *const *cf_game_parts(const struct cf_game *game)
{
    return game->parts;
}

const cf_coalition_t *cf_game_part_members(const struct cf_game *game)
{
    return game->part_members;
}

void cf_game_set_proxy(struct cf_game *game, cf_game_proxy_fn fn, void *ctx)
{
    game->proxy_fn = fn;
    game->proxy_ctx = ctx;
}

int cf_game_has_proxy(const struct cf_game *game)
{
    return game->proxy_fn != NULL;
}

int cf_game_proxy_order(const struct cf_game *game, const size_t *order, double *cost)
{
    if (game->proxy_fn == NULL) {
        memset(cost, 0, game->n * sizeof *cost);
        return 0;
    }
    return game->proxy_fn(game->proxy_ctx, order, game->n, cost);
}

void cf_game_set_cost_hint(struct cf_game *game, double hint)
{
    game->cost_hint = hint > 0.0 && isfinite(hint) ? hint : 1.0;
}

double cf_game_cost_hint(const struct cf_game *game)
{
    return game->cost_hint;
}

/* c' of set from a game's own proxy: set's members arrive first. */
static int own_proxy_cost(const struct cf_game *game, cf_coalition_t set, double *cost)
{
    size_t order[CF_GAME_MAX_PLAYERS], k = 0;
    double prefix[CF_GAME_MAX_PLAYERS];
    for (size_t i = 0; i < game->n; i++)
        if ((set >> i) & 1u)
            order[k++] = i;
    size_t members = k;
    for (size_t i = 0; i < game->n; i++)
        if (!((set >> i) & 1u))
            order[k++] = i;
    if (members == 0) {
        *cost = 0.0;
        return 0;
    }
    if (game->proxy_fn(game->proxy_ctx, order, game->n, prefix) != 0)
        return -1;
    *cost = prefix[members - 1];
    return 0;
}

int cf_game_proxy_available(const struct cf_game *game)
{
    if (game->proxy_fn != NULL)
        return 1;
    for (size_t p = 0; p < game->nparts; p++)
        if (game->parts[p]->proxy_fn == NULL)
            return 0;
    return game->nparts > 0;
}

int cf_game_proxy_cost(const struct cf_game *game, cf_coalition_t set, double *cost)
{
    if (!cf_game_proxy_available(game))
        return -1;
    if (game->proxy_fn != NULL)
        return own_proxy_cost(game, set, cost);
    double total = 0.0;
    for (size_t p = 0; p < game->nparts; p++) {
        const struct cf_game *part = game->parts[p];
        cf_coalition_t local = 0;
        size_t k = 0;
        for (size_t i = 0; i < game->n; i++)
            if ((game->part_members[p] >> i) & 1u) {
                if ((set >> i) & 1u)
                    local |= (cf_coalition_t)1 << k;
                k++;
            }
        double c = 0.0;
        if (own_proxy_cost(part, local, &c) != 0)
            return -1;
        total += c;
    }
    *cost = total;
    return 0;
}
