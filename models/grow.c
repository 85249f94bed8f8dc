/* grow.c — the doubling growth every plain array of the program shares. */
#include <stdint.h>
#include <stdlib.h>

#include "grow.h"

void *cf_grow(void *items, size_t *cap, size_t count, size_t first, size_t elem)
{
    if (count < *cap)
        return items;
    size_t ncap = *cap ? *cap : (first ? first : 1);
    if (*cap) {
        if (ncap > SIZE_MAX / 2)
            return NULL;
        ncap *= 2;
    }
    if (elem != 0 && ncap > SIZE_MAX / elem)
        return NULL;
    void *p = realloc(items, ncap * elem);
    if (p == NULL)
        return NULL;
    *cap = ncap;
    return p;
}
