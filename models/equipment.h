/* equipment.h — modes, pricing units and the equipment catalogue
 * (domain.md, "Equipment"). The built-in catalogue can be replaced or
 * extended by an --equipment CSV (loaded in loaders.c). */
#ifndef CF_EQUIPMENT_H
#define CF_EQUIPMENT_H

#include <stddef.h>

#include "error.h"

enum cf_mode { CF_MODE_SEA = 0, CF_MODE_AIR = 1, CF_MODE_ROAD = 2, CF_MODE_COUNT = 3 };

#define CF_MODE_BIT(m) (1u << (m))
#define CF_MODES_ALL (CF_MODE_BIT(CF_MODE_SEA) | CF_MODE_BIT(CF_MODE_AIR) | CF_MODE_BIT(CF_MODE_ROAD))

/* What one unit of a quote's amount buys. */
enum cf_unit {
    CF_UNIT_CONTAINER = 0, /* one container or truck (FCL, FTL) */
    CF_UNIT_REVENUE_TON,   /* LCL: max(m3, t) */
    CF_UNIT_AIR_KG,        /* AIR: max(kg, m3 x 1e6 / 6000) */
    CF_UNIT_ROAD_KG        /* LTL: max(kg, m3 x 333) */
};

#define CF_CODE_MAX 16

struct cf_equipment {
    char code[CF_CODE_MAX]; /* "20GP" */
    enum cf_mode mode;
    double teu;        /* 0 for loose and road */
    double volume_m3;  /* internal usable volume; 0 for loose */
    double payload_kg; /* max payload; 0 for loose */
    enum cf_unit unit;
};

struct cf_catalogue {
    struct cf_equipment *items;
    size_t count, cap;
};

/* Fill cat with the built-in catalogue of domain.md. cat must be zeroed or
 * freed before. Returns CF_OK or CF_ERR_INTERNAL (out of memory). */
int cf_catalogue_init_builtin(struct cf_catalogue *cat, struct cf_error *err);

/* Add e, replacing an entry with the same code (case-insensitive). */
int cf_catalogue_put(struct cf_catalogue *cat, const struct cf_equipment *e, struct cf_error *err);

/* Entry for code (case-insensitive), or NULL. Pointer valid until the next put/free. */
const struct cf_equipment *cf_catalogue_find(const struct cf_catalogue *cat, const char *code);

/* Index of code in cat->items, or -1. */
long cf_catalogue_index(const struct cf_catalogue *cat, const char *code);

void cf_catalogue_free(struct cf_catalogue *cat);

/* "sea", "air", "road" (case-insensitive) -> mode; returns 0 or -1. */
int cf_mode_parse(const char *text, enum cf_mode *out);
const char *cf_mode_name(enum cf_mode mode);

/* Default transit days when a quote gives none (domain.md, "Time"). */
int cf_mode_default_transit_days(enum cf_mode mode);

/* True when equipment is a container or truck (priced per unit of equipment). */
int cf_equipment_is_container(const struct cf_equipment *e);

#endif
