/* grow.h — the doubling growth every plain array of the program shares. */
#ifndef CF_GROW_H
#define CF_GROW_H

#include <stddef.h>

/* Room for element number `count` (0-based) in `items`, an array of *cap
 * elements of `elem` bytes: when it is full, its capacity doubles (to `first`
 * from empty). Returns the array, moved if it grew, and updates *cap; NULL
 * when memory ran out or the size would overflow, the array then untouched. */
void *cf_grow(void *items, size_t *cap, size_t count, size_t first, size_t elem);

#endif
