/* load_shipments.c — members' shipments (interface.md, "shipments") read
 * through table.c: positive volume and weight, real dates with due >= ready,
 * allowed modes, and ids unique across the list (a hash of ids -> index). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "input_limits.h"
#include "loaders.h"
#include "table.h"

enum {
    COL_ID,
    COL_FIRM,
    COL_ORIGIN,
    COL_DESTINATION,
    COL_VOLUME_M3,
    COL_WEIGHT_KG,
    COL_READY_DATE,
    COL_DUE_DATE,
    COL_MODES,
    COL_COUNT
};

/* Open-addressing set of indices into out->items, keyed by id. */
struct id_index {
    size_t *slots; /* index + 1, 0 = empty */
    size_t cap;    /* a power of two, kept at least twice the entries */
};

static uint64_t id_hash(const char *id)
{
    uint64_t h = 1469598103934665603ull; /* FNV-1a 64-bit offset basis */
    for (; *id != '\0'; id++) {
        h ^= (unsigned char)*id;
        h *= 1099511628211ull; /* FNV-1a 64-bit prime */
    }
    return h;
}

/* Slot holding id, or the empty slot where it belongs. */
static size_t id_slot(const struct id_index *ix, const struct cf_shipments *list, const char *id)
{
    size_t mask = ix->cap - 1, i = (size_t)id_hash(id) & mask;
    while (ix->slots[i] != 0 && strcmp(list->items[ix->slots[i] - 1].id, id) != 0)
        i = (i + 1) & mask;
    return i;
}

/* Make room for count entries (rehashing every item of list). */
static int id_index_reserve(struct id_index *ix, const struct cf_shipments *list, size_t count)
{
    if (count * 2 < ix->cap)
        return 0;
    size_t cap = ix->cap ? ix->cap : 256;
    while (count * 2 >= cap)
        cap *= 2;
    size_t *slots = calloc(cap, sizeof *slots);
    if (slots == NULL)
        return -1;
    free(ix->slots);
    ix->slots = slots;
    ix->cap = cap;
    for (size_t k = 0; k < list->count; k++)
        ix->slots[id_slot(ix, list, list->items[k].id)] = k + 1;
    return 0;
}

struct shipment_reader {
    struct cf_shipments *out;
    struct id_index ids;
};

static int shipment_row(const struct cf_table_record *rec, void *ctx, struct cf_error *err)
{
    struct shipment_reader *sr = ctx;
    const char *const *v = rec->values;
    struct cf_shipment s;
    int rc;
    memset(&s, 0, sizeof s);
    s.line = rec->line;

    rc = cf_field_text(rec, "id", v[COL_ID], s.id, sizeof s.id, err);
    if (rc == CF_OK)
        rc = cf_field_text(rec, "firm", v[COL_FIRM], s.firm, sizeof s.firm, err);
    if (rc == CF_OK)
        rc = cf_field_locode(rec, "origin", v[COL_ORIGIN], s.origin, err);
    if (rc == CF_OK)
        rc = cf_field_locode(rec, "destination", v[COL_DESTINATION], s.destination, err);
    if (rc == CF_OK)
        rc = cf_field_number(rec, "volume_m3", v[COL_VOLUME_M3], CF_FIELD_POSITIVE, CF_MAX_VOLUME_M3, &s.volume_m3,
                             err);
    if (rc == CF_OK)
        rc = cf_field_number(rec, "weight_kg", v[COL_WEIGHT_KG], CF_FIELD_POSITIVE, CF_MAX_WEIGHT_KG, &s.weight_kg,
                             err);
    if (rc == CF_OK)
        rc = cf_field_date(rec, "ready_date", v[COL_READY_DATE], &s.ready_date, err);
    if (rc == CF_OK)
        rc = cf_field_date(rec, "due_date", v[COL_DUE_DATE], &s.due_date, err);
    if (rc == CF_OK && s.due_date < s.ready_date)
        rc = cf_error_set(err, CF_ERR_DATA, rec->source, rec->line, "due_date",
                          "must not be before ready_date %s, got \"%s\"", v[COL_READY_DATE],
                          v[COL_DUE_DATE]);
    if (rc == CF_OK && s.due_date - s.ready_date > CF_MAX_WINDOW_DAYS)
        rc = cf_error_set(err, CF_ERR_DATA, rec->source, rec->line, "due_date",
                          "\"%s\" is %ld days after ready_date %s; a shipment's window is at most %d days",
                          v[COL_DUE_DATE], (long)(s.due_date - s.ready_date), v[COL_READY_DATE],
                          CF_MAX_WINDOW_DAYS);
    if (rc == CF_OK)
        rc = cf_field_modes(rec, "modes", v[COL_MODES], &s.modes, err);
    if (rc != CF_OK)
        return rc;

    if (id_index_reserve(&sr->ids, sr->out, sr->out->count + 1) != 0)
        return cf_error_set(err, CF_ERR_INTERNAL, NULL, 0, NULL, "out of memory");
    size_t slot = id_slot(&sr->ids, sr->out, s.id);
    if (sr->ids.slots[slot] != 0)
        return cf_error_set(err, CF_ERR_DATA, rec->source, rec->line, "id",
                            "duplicate shipment id \"%s\" (first on line %ld)", s.id,
                            sr->out->items[sr->ids.slots[slot] - 1].line);
    if (cf_shipments_push(sr->out, &s) != CF_OK)
        return cf_error_set(err, CF_ERR_INTERNAL, NULL, 0, NULL, "out of memory");
    sr->ids.slots[slot] = sr->out->count;
    return CF_OK;
}

int cf_load_shipments(struct cf_source *src, struct cf_shipments *out, struct cf_error *err)
{
    static const struct cf_table_column cols[COL_COUNT] = {
        [COL_ID] = {"id", 1},
        [COL_FIRM] = {"firm", 1},
        [COL_ORIGIN] = {"origin", 1},
        [COL_DESTINATION] = {"destination", 1},
        [COL_VOLUME_M3] = {"volume_m3", 1},
        [COL_WEIGHT_KG] = {"weight_kg", 1},
        [COL_READY_DATE] = {"ready_date", 1},
        [COL_DUE_DATE] = {"due_date", 1},
        [COL_MODES] = {"modes", 0},
    };
    struct shipment_reader sr = {out, {NULL, 0}};
    int rc = cf_table_read(src, "shipments", NULL, cols, COL_COUNT, shipment_row, &sr, err);
    free(sr.ids.slots);
    return rc;
}
