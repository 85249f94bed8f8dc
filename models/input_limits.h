/* input_limits.h — the largest figures the loaders accept. Each is far beyond any
 * real freight figure, even in the currencies of the most digits (a 40ft box
 * at 5,000 USD is some 1.3e8 VND), and together they keep every charge and
 * every plan's total well inside whole cents in 64 bits (money.h): the dearest
 * loose charge is 1e7 a kg times 3.3e6 road-chargeable kg (10,000 m3 at 333 kg
 * per m3), about 3.3e15 cents, and a container or a minimum charge is at most
 * 1e11 cents; the sum over many shipments is bounded apart (rates/bound.h). A value
 * beyond them is a typo or a missing --fx, and is an input error naming file,
 * line and field (never an overflowed total). */
#ifndef CF_INPUT_LIMITS_H
#define CF_INPUT_LIMITS_H

#define CF_MAX_VOLUME_M3 1e4   /* a shipment's volume_m3, an equipment's volume_m3 */
#define CF_MAX_WEIGHT_KG 1e6   /* a shipment's weight_kg, an equipment's payload_kg */
#define CF_MAX_TEU 100.0       /* an equipment's teu */
#define CF_MAX_MIN_TEU 1e6     /* a rate row's min_teu */
#define CF_MAX_AMOUNT 1e12     /* a quote's amount, surcharges, min_charge, in its own currency */
#define CF_MAX_CONTAINER_RATE 1e9 /* all-in a container or truck, and min_charge, in the base currency */
#define CF_MAX_UNIT_RATE 1e7      /* all-in a revenue ton or chargeable kg, in the base currency */
#define CF_MAX_FX_RATE 1e9     /* base units per unit of a currency */
#define CF_MAX_GAME_COST 1e13  /* a coalition's cost in an allocate --game */
#define CF_MAX_WINDOW_DAYS 731 /* a shipment's due_date - ready_date: two years (a daily mode
                                  offers a departure a day, and 2207 for 2027 was 65,000 of them) */

#endif
