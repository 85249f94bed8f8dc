/* keysort.h — the planner's hot sorts without qsort's indirect calls: records
 * reduced to (key, tie, at) triples, ordered by key largest first, then tie
 * smallest first, then at. Quick coalition plans (the Shapley sampler's
 * thousands a second) spent a sixth of their instructions in qsort's merge
 * sort and its comparator calls. Internal to solver/. */
#ifndef CF_KEYSORT_H
#define CF_KEYSORT_H

#include <stddef.h>

struct cf_keyed {
    double key; /* largest first; finite */
    size_t tie; /* then smallest first (an item's index, say) */
    size_t at;  /* then smallest first: where the record came from */
};

/* Sorts a[0..n): insertion sort on runs of 16, merged bottom-up through tmp
 * (n records, the caller's scratch). The order is total, so any correct sort
 * gives the same answer as qsort with the same comparator. */
void cf_keyed_sort(struct cf_keyed *a, size_t n, struct cf_keyed *tmp);

#endif
