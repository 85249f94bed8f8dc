/* units.c — chargeable units (units.h). */
#include "units.h"

double cf_units_revenue_tons(double volume_m3, double weight_kg)
{
    double tons = weight_kg / 1000.0;
    return volume_m3 > tons ? volume_m3 : tons;
}

double cf_units_air_kg(double volume_m3, double weight_kg)
{
    /* IATA: 6000 cm3 per kg, i.e. 166.67 kg per m3 */
    double vol_kg = volume_m3 * 1e6 / 6000.0;
    return weight_kg > vol_kg ? weight_kg : vol_kg;
}

double cf_units_road_kg(double volume_m3, double weight_kg)
{
    double vol_kg = volume_m3 * 333.0;
    return weight_kg > vol_kg ? weight_kg : vol_kg;
}

double cf_units_chargeable(enum cf_unit unit, double volume_m3, double weight_kg)
{
    switch (unit) {
    case CF_UNIT_REVENUE_TON: return cf_units_revenue_tons(volume_m3, weight_kg);
    case CF_UNIT_AIR_KG: return cf_units_air_kg(volume_m3, weight_kg);
    case CF_UNIT_ROAD_KG: return cf_units_road_kg(volume_m3, weight_kg);
    case CF_UNIT_CONTAINER:
    default: return 1.0;
    }
}

cf_cents_t cf_units_loose_charge(double units, double rate, double min_charge)
{
    double charge = units * rate;
    return cf_money_round(charge > min_charge ? charge : min_charge);
}
