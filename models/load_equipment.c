/* load_equipment.c — --equipment catalogue rows code,mode,teu,volume_m3,
 * payload_kg (domain.md, "Equipment") read through table.c: a row replaces
 * the entry with the same code (keeping how it is priced), a new code is a
 * container or truck priced per unit. A code given twice is an error. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "grow.h"
#include "input_limits.h"
#include "loaders.h"
#include "table.h"

enum { COL_CODE, COL_MODE, COL_TEU, COL_VOLUME_M3, COL_PAYLOAD_KG, COL_COUNT };

/* The codes the file has given so far, with their lines: a second row for
 * one (in any case) is an error rather than a silent replacement. */
struct equipment_reader {
    struct cf_catalogue *cat;
    struct equipment_seen {
        char code[CF_CODE_MAX];
        long line;
    } *seen;
    size_t nseen, cap;
};

static int remember_code(struct equipment_reader *er, const char *code, long line, struct cf_error *err)
{
    struct equipment_seen *seen = cf_grow(er->seen, &er->cap, er->nseen, 16, sizeof *seen);
    if (seen == NULL)
        return cf_error_set(err, CF_ERR_INTERNAL, NULL, 0, NULL, "out of memory");
    er->seen = seen;
    snprintf(er->seen[er->nseen].code, sizeof er->seen[er->nseen].code, "%s", code);
    er->seen[er->nseen++].line = line;
    return CF_OK;
}

static int equipment_row(const struct cf_table_record *rec, void *ctx, struct cf_error *err)
{
    struct equipment_reader *er = ctx;
    struct cf_catalogue *cat = er->cat;
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
    for (size_t i = 0; i < er->nseen; i++)
        if (strcasecmp(er->seen[i].code, e.code) == 0)
            return cf_error_set(err, CF_ERR_DATA, rec->source, rec->line, "code",
                                "duplicate code \"%s\" (first on line %ld)", e.code, er->seen[i].line);
    rc = remember_code(er, e.code, rec->line, err);
    if (rc != CF_OK)
        return rc;
    const struct cf_equipment *old = cf_catalogue_find(cat, e.code);
    e.unit = CF_UNIT_CONTAINER;
    if (old != NULL) {
        e.unit = old->unit;
        memcpy(e.code, old->code, sizeof e.code); /* keep the catalogue's spelling */
    }
    /* a sea box without TEU is counted nowhere: no tier, no lane in propose */
    if (e.mode == CF_MODE_SEA && e.unit == CF_UNIT_CONTAINER && !(e.teu > 0.0))
        return cf_error_set(err, CF_ERR_DATA, rec->source, rec->line, "teu",
                            "must be > 0 for a sea container (a 20ft box is 1), got \"%s\"", v[COL_TEU]);
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
    struct equipment_reader er = {.cat = cat};
    int rc = cf_table_read(src, "equipment", NULL, cols, COL_COUNT, equipment_row, &er, err);
    free(er.seen);
    return rc;
}
