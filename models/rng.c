/* rng.c — xoshiro256** (Blackman & Vigna 2018), seeded by splitmix64; and
 * xorshift64* (Vigna 2016), one word of state, for the local searches. */
#include "rng.h"

#include <math.h>

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

static uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

void cf_rng_seed(struct cf_rng *rng, uint64_t seed)
{
    uint64_t x = seed;
    for (int i = 0; i < 4; i++)
        rng->s[i] = splitmix64(&x);
}

uint64_t cf_rng_next(struct cf_rng *rng)
{
    uint64_t *s = rng->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

double cf_rng_uniform(struct cf_rng *rng)
{
    return (double)(cf_rng_next(rng) >> 11) * 0x1.0p-53;
}

int64_t cf_rng_range(struct cf_rng *rng, int64_t lo, int64_t hi)
{
    uint64_t span = (uint64_t)(hi - lo) + 1;
    return lo + (int64_t)(cf_rng_next(rng) % span);
}

uint64_t cf_xorshift64s(uint64_t *state)
{
    *state ^= *state >> 12;
    *state ^= *state << 25;
    *state ^= *state >> 27;
    return *state * 0x2545F4914F6CDD1DULL;
}

int cf_rng_poisson(struct cf_rng *rng, double mean)
{
    double limit = exp(-mean), p = 1.0;
    int k = 0;
    do {
        k++;
        p *= cf_rng_uniform(rng);
    } while (p > limit && k < 1000);
    return k - 1;
}
