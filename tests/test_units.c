/* test_units.c — suite units: dates, chargeable units, loose charges, fx and the
 * equipment catalogue (domain.md "Equipment", "Time", "Costs"). */
#include <criterion/criterion.h>
#include <math.h>
#include <stdlib.h>

#include "models/date.h"
#include "models/equipment.h"
#include "models/fx.h"
#include "models/grow.h"
#include "models/units.h"

#define EPS 1e-9

Test(units, dates_round_trip_and_know_their_weekday)
{
    cf_date_t d;
    cr_assert_eq(cf_date_parse("2027-01-04", &d), 0);
    char buf[11];
    cf_date_format(d, buf);
    cr_assert_str_eq(buf, "2027-01-04");
    cr_assert_eq(cf_date_weekday(d), 0); /* 4 January 2027 is a Monday */
    cf_date_t sun;
    cf_date_parse("2027-01-10", &sun);
    cr_assert_eq(cf_date_monday_on_or_before(sun), d);
    cf_date_t leap;
    cr_assert_eq(cf_date_parse("2028-02-29", &leap), 0);
    cr_assert_eq(cf_date_parse("2027-02-29", &leap), -1); /* 2027 is no leap year */
    cr_assert_eq(cf_date_parse("2027-13-01", &leap), -1);
    cr_assert_eq(cf_date_parse("2027-1-01", &leap), -1);
}

Test(units, revenue_tons_take_the_larger_of_m3_and_tonnes)
{
    cr_assert_float_eq(cf_units_revenue_tons(2.0, 1500), 2.0, EPS); /* 2 m3 > 1.5 t */
    cr_assert_float_eq(cf_units_revenue_tons(2.0, 3500), 3.5, EPS); /* 3.5 t > 2 m3 */
}

Test(units, air_uses_the_iata_6000_divisor)
{
    /* 1.2 m3 x 1e6 / 6000 = 200 kg volumetric > 150 kg actual */
    cr_assert_float_eq(cf_units_air_kg(1.2, 150), 200.0, EPS);
    cr_assert_float_eq(cf_units_air_kg(1.2, 250), 250.0, EPS);
}

Test(units, road_uses_333_kg_per_m3)
{
    cr_assert_float_eq(cf_units_road_kg(3.0, 500), 999.0, EPS); /* 3 x 333 */
    cr_assert_float_eq(cf_units_road_kg(3.0, 1200), 1200.0, EPS);
}

Test(units, loose_charge_applies_the_minimum_and_rounds_once)
{
    /* 2.5 rt x 41.333 = 103.3325 -> 103.33; minimum 150 wins over 2 x 41.333 */
    cr_assert_eq(cf_units_loose_charge(2.5, 41.333, 0), 10333);
    cr_assert_eq(cf_units_loose_charge(2.0, 41.333, 150), 15000);
}

Test(units, fx_converts_into_the_base)
{
    struct cf_fx fx;
    cr_assert_eq(cf_fx_init(&fx, "USD", NULL), CF_OK);
    cr_assert_eq(cf_fx_set(&fx, "ZAR", 0.055, NULL), CF_OK);
    double out;
    cr_assert_eq(cf_fx_convert(&fx, "ZAR", 1000, &out), 0);
    cr_assert_float_eq(out, 55.0, EPS);
    cr_assert_eq(cf_fx_convert(&fx, "USD", 12.5, &out), 0);
    cr_assert_float_eq(out, 12.5, EPS);
    cr_assert_eq(cf_fx_convert(&fx, "EUR", 1, &out), -1);
    cf_fx_free(&fx);
}

Test(units, builtin_catalogue_matches_domain_md)
{
    struct cf_catalogue cat;
    cr_assert_eq(cf_catalogue_init_builtin(&cat, NULL), CF_OK);
    const struct cf_equipment *e = cf_catalogue_find(&cat, "40hc");
    cr_assert_not_null(e);
    cr_assert_str_eq(e->code, "40HC");
    cr_assert_float_eq(e->volume_m3, 76.3, EPS);
    cr_assert_float_eq(e->payload_kg, 26500, EPS);
    cr_assert_float_eq(e->teu, 2, EPS);
    cr_assert_eq(cf_catalogue_find(&cat, "LCL")->unit, CF_UNIT_REVENUE_TON);
    cr_assert_null(cf_catalogue_find(&cat, "45R1"));
    cf_catalogue_free(&cat);
}

Test(units, arrays_grow_by_doubling_and_refuse_an_overflowing_size)
{
    size_t cap = 0;
    int *v = NULL;
    for (size_t n = 0; n < 100; n++) {
        int *grown = cf_grow(v, &cap, n, 4, sizeof *v);
        cr_assert_not_null(grown);
        v = grown;
        v[n] = (int)n;
        /* 4, 8, 16, 32, 64, 128: the smallest such capacity above n */
        size_t want = 4;
        while (want <= n)
            want *= 2;
        cr_assert_eq(cap, want, "count %zu: capacity %zu", n, cap);
    }
    for (size_t n = 0; n < 100; n++)
        cr_assert_eq(v[n], (int)n);
    int *same = cf_grow(v, &cap, 99, 4, sizeof *v);
    cr_assert_eq(same, v); /* room left: unchanged */
    size_t huge = (size_t)-1 / 2 + 1;
    cr_assert_null(cf_grow(v, &huge, huge, 4, sizeof *v)); /* doubling would overflow */
    cr_assert_eq(huge, (size_t)-1 / 2 + 1);
    size_t big = (size_t)-1 / 8 + 1; /* doubled: 2^62 ints, 2^64 bytes */
    cr_assert_null(cf_grow(v, &big, big, 4, sizeof *v)); /* bytes would overflow */
    cr_assert_eq(big, (size_t)-1 / 8 + 1);
    free(v);
}
