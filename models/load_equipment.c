/* load_equipment.c — --equipment catalogue rows code,mode,teu,volume_m3,
 * payload_kg (domain.md, "Equipment") read through table.c: a row replaces
 * the entry with the same code (keeping how it is priced), a new code is a
 * container or truck priced per unit. */
#include <string.h>

#include "input_limits.h"
#include "loaders.h"
#include "table.h"

enum { COL_CODE, COL_MODE, COL_TEU, COL_VOLUME_M3, COL_PAYLOAD_KG, COL_COUNT };

static int equipment_row(const struct cf_table_record *rec, void *ctx, struct cf_error *err)
{
    struct cf_catalogue *cat = ctx;
    const char *const *v = rec->values;
    struct cf_equipment e;
    memset(&e, 0, sizeof e);
    int rc = cf_field_text(rec, "code", v[COL_CODE], e.code, sizeof e.code, err);
    if (rc == CF_OK)
        rc = cf_field_mode(rec, "mode", v[COL_MODE], &e.mode, err);
    if (rc == CF_OK)
        rc = cf_field_number(rec, "teu", v[COL_TEU], CF_FIELD_NON_NEGATIVE, CF_MAX_TEU, &e.teu, err);
    if (rc == CF_OK)
        rc = cf_field_number(rec, "volume_m3", v[COL_VOLUME_M3], CF_FIELD_POSITIVE, CF_MAX_VOLUME_M3, &e.volume_m3,
                             err);
    if (rc == CF_OK)
        rc = cf_field_number(rec, "payload_kg", v[COL_PAYLOAD_KG], CF_FIELD_POSITIVE, CF_MAX_WEIGHT_KG,
                             &e.payload_kg, err);
    if (rc != CF_OK)
        return rc;
    const struct cf_equipment *old = cf_catalogue_find(cat, e.code);
    e.unit = CF_UNIT_CONTAINER;
    if (old != NULL) {
        e.unit = old->unit;
        memcpy(e.code, old->code, sizeof e.code); /* keep the catalogue's spelling */
    }
    return cf_catalogue_put(cat, &e, err);
}

int cf_load_equipment(struct cf_source *src, struct cf_catalogue *cat, struct cf_error *err)
{
    static const struct cf_table_column cols[COL_COUNT] = {
        [COL_CODE] = {"code", 1},
        [COL_MODE] = {"mode", 1},
        [COL_TEU] = {"teu", 1},
        [COL_VOLUME_M3] = {"volume_m3", 1},
        [COL_PAYLOAD_KG] = {"payload_kg", 1},
    };
    return cf_table_read(src, "equipment", NULL, cols, COL_COUNT, equipment_row, cat, err);
}
