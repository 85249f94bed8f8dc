/* keysort.c — cf_keyed_sort (keysort.h). */
#include "solver/keysort.h"

#include <string.h>

#define RUN 16

static int before(const struct cf_keyed *x, const struct cf_keyed *y)
{
    if (x->key != y->key)
        return x->key > y->key;
    if (x->tie != y->tie)
        return x->tie < y->tie;
    return x->at < y->at;
}

static void insertion(struct cf_keyed *a, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        struct cf_keyed v = a[i];
        size_t j = i;
        while (j > 0 && before(&v, &a[j - 1])) {
            a[j] = a[j - 1];
            j--;
        }
        a[j] = v;
    }
}

void cf_keyed_sort(struct cf_keyed *a, size_t n, struct cf_keyed *tmp)
{
    for (size_t s = 0; s < n; s += RUN)
        insertion(a + s, n - s < RUN ? n - s : RUN);
    if (n <= RUN)
        return;
    struct cf_keyed *src = a, *dst = tmp;
    for (size_t width = RUN; width < n; width *= 2) {
        for (size_t lo = 0; lo < n; lo += 2 * width) {
            size_t mid = lo + width < n ? lo + width : n, hi = lo + 2 * width < n ? lo + 2 * width : n;
            size_t i = lo, j = mid, k = lo;
            while (i < mid && j < hi)
                dst[k++] = before(&src[j], &src[i]) ? src[j++] : src[i++];
            while (i < mid)
                dst[k++] = src[i++];
            while (j < hi)
                dst[k++] = src[j++];
        }
        struct cf_keyed *t = src;
        src = dst;
        dst = t;
    }
    if (src != a)
        memcpy(a, src, n * sizeof *a);
}
