/* input_limits.h — the largest figures the loaders accept. Each is far beyond any
 * real freight figure, and together they keep every charge and every plan's
 * total well inside whole cents in 64 bits (money.h): the dearest possible
 * charge is 1e8 per chargeable unit times 3.3e6 road-chargeable kg (10,000
 * m3 at 333 kg per m3), about 3.3e16 cents, so some 270 such shipments still
 * add up below 2^63. A value beyond them is a typo or a missing --fx, and is
 * an input error naming file, line and field (never an overflowed total). */
#ifndef CF_INPUT_LIMITS_H
#define CF_INPUT_LIMITS_H

#define CF_MAX_VOLUME_M3 1e4   /* a shipment's volume_m3, an equipment's volume_m3 */
#define CF_MAX_WEIGHT_KG 1e6   /* a shipment's weight_kg, an equipment's payload_kg */
#define CF_MAX_TEU 100.0       /* an equipment's teu */
#define CF_MAX_MIN_TEU 1e6     /* a rate row's min_teu */
#define CF_MAX_AMOUNT 1e12     /* a quote's amount, surcharges, min_charge, in its own currency */
#define CF_MAX_RATE_BASE 1e8   /* all-in and min_charge in the base currency, per chargeable unit */
#define CF_MAX_FX_RATE 1e9     /* base units per unit of a currency */
#define CF_MAX_GAME_COST 1e13  /* a coalition's cost in an allocate --game */

#endif
