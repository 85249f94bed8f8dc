/* collections.c — push/free for the plain growable arrays of models/. */
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "grow.h"
#include "quote.h"
#include "ratecard.h"
#include "shipment.h"

#define CF_PUSH(list, value)                                                              \
    do {                                                                                  \
        void *items_ = cf_grow((list)->items, &(list)->cap, (list)->count, 64,            \
                               sizeof *(list)->items);                                    \
        if (items_ == NULL)                                                               \
            return CF_ERR_INTERNAL;                                                       \
        (list)->items = items_;                                                           \
        (list)->items[(list)->count++] = *(value);                                        \
        return CF_OK;                                                                     \
    } while (0)

int cf_shipments_push(struct cf_shipments *list, const struct cf_shipment *s) { CF_PUSH(list, s); }
int cf_quotes_push(struct cf_quotes *list, const struct cf_quote *q) { CF_PUSH(list, q); }
int cf_ratecard_push(struct cf_ratecard *card, const struct cf_rate *r) { CF_PUSH(card, r); }

void cf_shipments_free(struct cf_shipments *list)
{
    free(list->items);
    memset(list, 0, sizeof *list);
}

void cf_quotes_free(struct cf_quotes *list)
{
    free(list->items);
    memset(list, 0, sizeof *list);
}

void cf_ratecard_free(struct cf_ratecard *card)
{
    free(card->items);
    memset(card, 0, sizeof *card);
}

int cf_quote_valid_on(const struct cf_quote *q, cf_date_t day)
{
    if (day == CF_DATE_NONE)
        return 1;
    if (q->valid_from != CF_DATE_NONE && day < q->valid_from)
        return 0;
    if (q->valid_to != CF_DATE_NONE && day > q->valid_to)
        return 0;
    return 1;
}
