/* rng.h — a small seeded PRNG (splitmix64 seeding xoshiro256**), so that
 * generated data and sampled figures are identical on every machine for the
 * same seed, and the one-word xorshift64* step of the local searches. Never
 * rand(). */
#ifndef CF_RNG_H
#define CF_RNG_H

#include <stdint.h>

struct cf_rng {
    uint64_t s[4];
};

void cf_rng_seed(struct cf_rng *rng, uint64_t seed);
uint64_t cf_rng_next(struct cf_rng *rng);
/* Uniform in [0, 1). */
double cf_rng_uniform(struct cf_rng *rng);
/* Uniform integer in [lo, hi] (inclusive). */
int64_t cf_rng_range(struct cf_rng *rng, int64_t lo, int64_t hi);
/* Poisson-distributed count with the given mean (Knuth; mean below ~30). */
int cf_rng_poisson(struct cf_rng *rng, double mean);

/* One step of xorshift64* (Vigna 2016) on a single word of state (never 0):
 * the local searches' cheap stream, repeatable, no global state. */
uint64_t cf_xorshift64s(uint64_t *state);

#endif
