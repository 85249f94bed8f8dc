/* test_keysort.c — suite keysort: cf_keyed_sort (solver/keysort.h), the sort
 * the quick plans use in place of qsort. It must give exactly qsort's order
 * under the same comparator (key largest first, then tie, then at), or the
 * plans, and every coalition cost the Shapley sampler reads, would change. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "solver/keysort.h"

static int keyed_cmp(const void *a, const void *b)
{
    const struct cf_keyed *x = a, *y = b;
    if (x->key != y->key)
        return x->key > y->key ? -1 : 1;
    if (x->tie != y->tie)
        return x->tie < y->tie ? -1 : 1;
    return (x->at > y->at) - (x->at < y->at);
}

Test(keysort, orders_by_key_then_tie_then_place)
{
    /* worked by hand: 3.0 twice (ties 9 and 2: 2 first), 2.0 twice with the
       same tie 0 (their places 3 and 4 keep their order), then 1.0 */
    struct cf_keyed a[5] = {{1.0, 5, 0}, {3.0, 9, 1}, {3.0, 2, 2}, {2.0, 0, 3}, {2.0, 0, 4}}, tmp[5];
    cf_keyed_sort(a, 5, tmp);
    const size_t want[5] = {2, 1, 3, 4, 0};
    for (size_t i = 0; i < 5; i++)
        cr_assert_eq(a[i].at, want[i], "position %zu holds record %zu, want %zu", i, a[i].at, want[i]);
}

Test(keysort, matches_qsort_on_runs_and_merges)
{
    /* sizes around the insertion runs (16) and their merges, few distinct
       keys and ties so that the later keys decide often */
    const size_t sizes[] = {0, 1, 2, 15, 16, 17, 31, 32, 33, 100, 257, 1000, 4099};
    unsigned seed = 12345;
    for (size_t s = 0; s < sizeof sizes / sizeof *sizes; s++) {
        size_t n = sizes[s];
        struct cf_keyed *a = malloc((n + 1) * sizeof *a), *b = malloc((n + 1) * sizeof *b),
                        *tmp = malloc((n + 1) * sizeof *tmp);
        cr_assert(a != NULL && b != NULL && tmp != NULL);
        for (size_t i = 0; i < n; i++) {
            seed = seed * 1103515245u + 12345u;
            double key = (double)((seed >> 16) % 7) / 4.0;
            seed = seed * 1103515245u + 12345u;
            a[i] = (struct cf_keyed){key, (size_t)((seed >> 16) % 5), i};
        }
        memcpy(b, a, n * sizeof *a);
        cf_keyed_sort(a, n, tmp);
        if (n > 0)
            qsort(b, n, sizeof *b, keyed_cmp);
        for (size_t i = 0; i < n; i++)
            cr_assert(a[i].key == b[i].key && a[i].tie == b[i].tie && a[i].at == b[i].at,
                      "n %zu, position %zu: (%g, %zu, %zu) against qsort's (%g, %zu, %zu)", n, i, a[i].key,
                      a[i].tie, a[i].at, b[i].key, b[i].tie, b[i].at);
        free(a);
        free(b);
        free(tmp);
    }
}
