/* units.h — chargeable units of domain.md ("Equipment") and loose charges. */
#ifndef CF_UNITS_H
#define CF_UNITS_H

#include "equipment.h"
#include "money.h"

/* W/M revenue tons: max(m3, t). */
double cf_units_revenue_tons(double volume_m3, double weight_kg);

/* Air chargeable kg: max(kg, m3 x 1e6 / 6000) (IATA volumetric divisor 6000 cm3/kg). */
double cf_units_air_kg(double volume_m3, double weight_kg);

/* Road chargeable kg: max(kg, m3 x 333) (road-freight 1:3 ratio, 333 kg per m3). */
double cf_units_road_kg(double volume_m3, double weight_kg);

/* Units a shipment is charged for under unit; 1 for CF_UNIT_CONTAINER. */
double cf_units_chargeable(enum cf_unit unit, double volume_m3, double weight_kg);

/* A loose charge: max(min_charge, units x rate), rounded to cents once (domain.md). */
cf_cents_t cf_units_loose_charge(double units, double rate, double min_charge);

#endif
