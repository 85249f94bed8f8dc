/* shipment.h — a member's shipment (interface.md, "shipments"). */
#ifndef CF_SHIPMENT_H
#define CF_SHIPMENT_H

#include <stddef.h>

#include "date.h"

#define CF_NAME_MAX 128 /* ids, firm and carrier names: 127 bytes of UTF-8 and the NUL */
#define CF_LOCODE_LEN 6 /* UN/LOCODE: 5 characters and the NUL */

struct cf_shipment {
    char id[CF_NAME_MAX];
    char firm[CF_NAME_MAX];
    char origin[CF_LOCODE_LEN];
    char destination[CF_LOCODE_LEN];
    double volume_m3;
    double weight_kg;
    cf_date_t ready_date;
    cf_date_t due_date;
    unsigned modes; /* CF_MODE_BIT set; CF_MODES_ALL when the column is absent or empty */
    long line;      /* line in the source, for messages */
};

struct cf_shipments {
    struct cf_shipment *items;
    size_t count, cap;
};

/* Append a copy of s. Returns CF_OK or CF_ERR_INTERNAL. */
int cf_shipments_push(struct cf_shipments *list, const struct cf_shipment *s);
void cf_shipments_free(struct cf_shipments *list);

#endif
