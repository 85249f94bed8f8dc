/* equipment.c — the built-in catalogue of domain.md and its lookups. */
#include "equipment.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "grow.h"

/* domain.md, "Equipment": ISO 6346 22G1, 42G1, 45G1 internal volumes and payloads;
 * FTL is a 13.6 m trailer. */
static const struct cf_equipment builtin[] = {
    {"20GP", CF_MODE_SEA, 1, 33.2, 28200, CF_UNIT_CONTAINER},
    {"40GP", CF_MODE_SEA, 2, 67.7, 26700, CF_UNIT_CONTAINER},
    {"40HC", CF_MODE_SEA, 2, 76.3, 26500, CF_UNIT_CONTAINER},
    {"FTL", CF_MODE_ROAD, 0, 82.0, 24000, CF_UNIT_CONTAINER},
    {"LCL", CF_MODE_SEA, 0, 0, 0, CF_UNIT_REVENUE_TON},
    {"AIR", CF_MODE_AIR, 0, 0, 0, CF_UNIT_AIR_KG},
    {"LTL", CF_MODE_ROAD, 0, 0, 0, CF_UNIT_ROAD_KG},
};

int cf_catalogue_init_builtin(struct cf_catalogue *cat, struct cf_error *err)
{
    memset(cat, 0, sizeof *cat);
    for (size_t i = 0; i < sizeof builtin / sizeof builtin[0]; i++) {
        int rc = cf_catalogue_put(cat, &builtin[i], err);
        if (rc != CF_OK)
            return rc;
    }
    return CF_OK;
}

long cf_catalogue_index(const struct cf_catalogue *cat, const char *code)
{
    for (size_t i = 0; i < cat->count; i++)
        if (strcasecmp(cat->items[i].code, code) == 0)
            return (long)i;
    return -1;
}

const struct cf_equipment *cf_catalogue_find(const struct cf_catalogue *cat, const char *code)
{
    long i = cf_catalogue_index(cat, code);
    return i < 0 ? NULL : &cat->items[i];
}

int cf_catalogue_put(struct cf_catalogue *cat, const struct cf_equipment *e, struct cf_error *err)
{
    long i = cf_catalogue_index(cat, e->code);
    if (i >= 0) {
        cat->items[i] = *e;
        return CF_OK;
    }
    struct cf_equipment *items = cf_grow(cat->items, &cat->cap, cat->count, 16, sizeof *items);
    if (items == NULL)
        return cf_error_set(err, CF_ERR_INTERNAL, NULL, 0, NULL, "out of memory");
    cat->items = items;
    cat->items[cat->count++] = *e;
    return CF_OK;
}

void cf_catalogue_free(struct cf_catalogue *cat)
{
    free(cat->items);
    memset(cat, 0, sizeof *cat);
}

static const char *const mode_names[CF_MODE_COUNT] = {"sea", "air", "road"};

int cf_mode_parse(const char *text, enum cf_mode *out)
{
    for (int m = 0; m < CF_MODE_COUNT; m++)
        if (strcasecmp(text, mode_names[m]) == 0) {
            *out = (enum cf_mode)m;
            return 0;
        }
    return -1;
}

const char *cf_mode_name(enum cf_mode mode)
{
    return mode >= 0 && mode < CF_MODE_COUNT ? mode_names[mode] : "?";
}

int cf_mode_default_transit_days(enum cf_mode mode)
{
    /* domain.md, "Time": sea 28, air 3, road 2 */
    switch (mode) {
    case CF_MODE_SEA: return 28;
    case CF_MODE_AIR: return 3;
    case CF_MODE_ROAD: return 2;
    default: return 28;
    }
}

int cf_equipment_is_container(const struct cf_equipment *e)
{
    return e->unit == CF_UNIT_CONTAINER;
}
