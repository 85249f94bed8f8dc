/* synth.c — the synthetic Durban-style cluster (synth.h). Volumes, lane mix
 * and rate levels are illustrative; the rate curve runs from about $2,500 per
 * 20ft for the smallest firms to about $1,250 for the largest, log-linear in
 * a firm's annual TEU, as in the published Durban case. */
#include "synth.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "equipment.h"
#include "rng.h"

struct lane {
    const char *origin, *destination;
    enum cf_mode mode; /* main mode: sea or road */
    double share;      /* of a firm's volume */
    double rate_factor;
    int transit_days;
    int air;           /* 1: exporters also hold air quotes */
};

static const struct lane lanes[] = {
    {"ZADUR", "DEHAM", CF_MODE_SEA, 0.30, 1.00, 28, 1},
    {"ZADUR", "NLRTM", CF_MODE_SEA, 0.20, 0.97, 26, 1},
    {"ZADUR", "GBFXT", CF_MODE_SEA, 0.15, 1.05, 24, 1},
    {"DEHAM", "ZADUR", CF_MODE_SEA, 0.10, 0.85, 28, 0},
    {"NLRTM", "ZADUR", CF_MODE_SEA, 0.05, 0.85, 26, 0},
    {"ZADUR", "ZAJNB", CF_MODE_ROAD, 0.20, 1.00, 2, 0},
};
#define NLANES (sizeof lanes / sizeof lanes[0])

static const char *const places[] = {
    "Umbilo", "Bayhead", "Prospecton", "Jacobs", "Mobeni", "Isipingo", "Pinetown", "Hammarsdale",
    "Westmead", "Clairwood", "Rossburgh", "Congella", "Maydon", "Amanzimtoti", "Umlazi", "Durban",
    "Queensburgh", "Chatsworth", "Cato Ridge", "Tongaat"};
static const char *const products[] = {
    "Brake Components", "Castings", "Seating", "Wiring Harness", "Glass", "Rubber Mouldings",
    "Exhausts", "Trim", "Pressings", "Fasteners", "Filters", "Bearings", "Plastics", "Springs",
    "Radiators", "Gears", "Paints", "Electronics", "Forgings", "Textiles"};

void cf_synth_durban_params(struct cf_synth_params *p)
{
    p->firms = 40;
    p->weeks = 12;
    p->seed = 2027;
    cf_date_parse("2027-01-04", &p->start);
}

static void firm_name(int i, char *buf, size_t size)
{
    int np = (int)(sizeof places / sizeof places[0]);
    int nq = (int)(sizeof products / sizeof products[0]);
    /* every (place, product) pair once: 400 names before numbers are needed */
    const char *place = places[(i + i / nq) % np];
    const char *product = products[i % nq];
    if (i < np * nq)
        snprintf(buf, size, "%s %s", place, product);
    else
        snprintf(buf, size, "%s %s %d", place, product, i / (np * nq) + 1);
}

/* weekly volume in m3: a few large firms and many small ones */
static double firm_scale(int i, int nfirms, struct cf_rng *rng)
{
    int large = nfirms >= 10 ? nfirms / 10 : 1;
    int medium = nfirms / 5;
    if (i < large)
        return 60 + 50 * cf_rng_uniform(rng);
    if (i < large + medium)
        return 12 + 13 * cf_rng_uniform(rng);
    return 3 + 6 * cf_rng_uniform(rng);
}

static double round_to(double x, double step)
{
    return floor(x / step + 0.5) * step;
}

static int push_quote(struct cf_quotes *list, const char *firm, enum cf_mode mode,
                      const struct lane *ln, const char *equipment, double all_in, double min_charge,
                      int transit, cf_date_t from, cf_date_t to, double min_teu, const char *carrier)
{
    struct cf_quote q;
    memset(&q, 0, sizeof q);
    snprintf(q.firm, sizeof q.firm, "%s", firm);
    q.mode = mode;
    snprintf(q.origin, sizeof q.origin, "%s", ln->origin);
    snprintf(q.destination, sizeof q.destination, "%s", ln->destination);
    snprintf(q.equipment, sizeof q.equipment, "%s", equipment);
    /* surcharges (BAF, THC, ...) are about a fifth of the all-in rate */
    double step = all_in >= 50 ? 1.0 : 0.01;
    q.surcharges = round_to(all_in * 0.22, step);
    q.amount = round_to(all_in, step) - q.surcharges;
    memcpy(q.currency, "USD", 4);
    q.min_charge = min_charge;
    q.transit_days = transit;
    q.valid_from = from;
    q.valid_to = to;
    q.min_teu = min_teu;
    snprintf(q.carrier, sizeof q.carrier, "%s", carrier);
    q.all_in = q.amount + q.surcharges;
    q.min_charge_base = q.min_charge;
    return cf_quotes_push(list, &q);
}

static const char *const sea_carriers[] = {"MSC", "Maersk", "CMA CGM", "Hapag-Lloyd", "ONE"};

int cf_synth_generate(const struct cf_synth_params *p, struct cf_shipments *shipments,
                      struct cf_quotes *quotes, struct cf_quotes *cluster, struct cf_error *err)
{
    if (p->firms < 1 || p->weeks < 1)
        return cf_error_set(err, CF_ERR_USAGE, NULL, 0, NULL, "firms and weeks must be >= 1");
    struct cf_rng rng;
    cf_rng_seed(&rng, p->seed);
    cf_date_t valid_from = p->start - 14;
    cf_date_t valid_to = p->start + 7 * p->weeks + 120;
    double lane_m3[NLANES] = {0};
    long next_id = 1;

    for (int f = 0; f < p->firms; f++) {
        char firm[CF_NAME_MAX];
        firm_name(f, firm, sizeof firm);
        double scale = firm_scale(f, p->firms, &rng);
        int small = scale < 10;
        /* lanes this firm uses: large firms all, small ones a few */
        int uses[NLANES];
        double wsum = 0;
        for (size_t l = 0; l < NLANES; l++) {
            uses[l] = !small || l == 0 || cf_rng_uniform(&rng) < 0.45;
            wsum += uses[l] ? lanes[l].share : 0;
        }
        double annual_teu = scale * 52.0 / 30.0; /* ~30 m3 of cargo per TEU */
        /* log-linear rate curve: $2,500 at 10 TEU a year, $1,250 near 150 */
        double rate20 = 2500.0 * pow(annual_teu / 10.0, -0.256);
        if (rate20 > 2650)
            rate20 = 2650;
        if (rate20 < 1200)
            rate20 = 1200;

        for (size_t l = 0; l < NLANES; l++) {
            if (!uses[l])
                continue;
            const struct lane *ln = &lanes[l];
            double weekly_m3 = scale * ln->share / wsum;
            double mean_size = small ? 2.5 : (scale > 50 ? 14 : 6);
            double per_week = weekly_m3 / mean_size;
            for (int w = 0; w < p->weeks; w++) {
                int count = cf_rng_poisson(&rng, per_week);
                for (int k = 0; k < count; k++) {
                    struct cf_shipment s;
                    memset(&s, 0, sizeof s);
                    snprintf(s.id, sizeof s.id, "S%06ld", next_id++);
                    snprintf(s.firm, sizeof s.firm, "%s", firm);
                    snprintf(s.origin, sizeof s.origin, "%s", ln->origin);
                    snprintf(s.destination, sizeof s.destination, "%s", ln->destination);
                    double v = mean_size * (0.3 + 1.4 * cf_rng_uniform(&rng));
                    s.volume_m3 = round_to(v < 0.2 ? 0.2 : v, 0.1);
                    /* auto parts: mostly 120-450 kg/m3, some heavy castings */
                    double density = cf_rng_uniform(&rng) < 0.1 ? 600 + 400 * cf_rng_uniform(&rng)
                                                                 : 120 + 330 * cf_rng_uniform(&rng);
                    s.weight_kg = round_to(s.volume_m3 * density, 1.0);
                    s.ready_date = p->start + 7 * w + (cf_date_t)cf_rng_range(&rng, 0, 6);
                    if (ln->mode == CF_MODE_ROAD)
                        s.due_date = s.ready_date + ln->transit_days + (cf_date_t)cf_rng_range(&rng, 1, 5);
                    else if (ln->air && cf_rng_uniform(&rng) < 0.05)
                        s.due_date = s.ready_date + (cf_date_t)cf_rng_range(&rng, 4, 8); /* urgent */
                    else
                        s.due_date = s.ready_date + ln->transit_days + (cf_date_t)cf_rng_range(&rng, 7, 28);
                    s.modes = CF_MODES_ALL;
                    int rc = cf_shipments_push(shipments, &s);
                    if (rc != CF_OK)
                        return cf_error_set(err, rc, NULL, 0, NULL, "out of memory");
                    lane_m3[l] += s.volume_m3;
                }
            }
            /* this firm's quotes on the lane */
            int rc = CF_OK;
            const char *carrier = sea_carriers[cf_rng_range(&rng, 0, 4)];
            double noise = 0.95 + 0.10 * cf_rng_uniform(&rng);
            if (ln->mode == CF_MODE_SEA) {
                double r20 = rate20 * ln->rate_factor * noise;
                rc |= push_quote(quotes, firm, CF_MODE_SEA, ln, "20GP", r20, 0, ln->transit_days,
                                 valid_from, valid_to, 0, carrier);
                if (!small) {
                    rc |= push_quote(quotes, firm, CF_MODE_SEA, ln, "40GP", r20 * 1.55, 0,
                                     ln->transit_days, valid_from, valid_to, 0, carrier);
                    rc |= push_quote(quotes, firm, CF_MODE_SEA, ln, "40HC", r20 * 1.62, 0,
                                     ln->transit_days, valid_from, valid_to, 0, carrier);
                }
                double lcl = r20 / 22.0; /* per revenue ton */
                rc |= push_quote(quotes, firm, CF_MODE_SEA, ln, "LCL", lcl, round_to(lcl, 1.0),
                                 ln->transit_days + 4, valid_from, valid_to, 0, "Cargo Consolidators");
                if (cf_rng_uniform(&rng) < 0.3) /* a second, dearer carrier quote */
                    rc |= push_quote(quotes, firm, CF_MODE_SEA, ln, "20GP", r20 * 1.08, 0,
                                     ln->transit_days - 2, valid_from, valid_to, 0,
                                     sea_carriers[cf_rng_range(&rng, 0, 4)]);
                if (ln->air)
                    rc |= push_quote(quotes, firm, CF_MODE_AIR, ln, "AIR",
                                     4.2 + 1.8 * cf_rng_uniform(&rng), 180, 3, valid_from, valid_to,
                                     0, "SAA Cargo");
            } else {
                double size_factor = pow(annual_teu / 10.0, -0.1);
                rc |= push_quote(quotes, firm, CF_MODE_ROAD, ln, "FTL", 1350 * size_factor * noise, 0,
                                 ln->transit_days, valid_from, valid_to, 0, "N3 Freight");
                rc |= push_quote(quotes, firm, CF_MODE_ROAD, ln, "LTL", 0.19 * size_factor * noise, 90,
                                 ln->transit_days, valid_from, valid_to, 0, "N3 Freight");
            }
            if (rc != CF_OK)
                return cf_error_set(err, CF_ERR_INTERNAL, NULL, 0, NULL, "out of memory");
        }
    }

    /* the cluster rate card: $1,300 per 20ft on the Hamburg lane once the pooled
     * volume reaches about half of what the cluster ships on the lane */
    for (size_t l = 0; l < NLANES; l++) {
        const struct lane *ln = &lanes[l];
        if (ln->mode != CF_MODE_SEA || lane_m3[l] <= 0)
            continue;
        double teu = lane_m3[l] / (33.2 * 0.9);
        double min_teu = floor(teu * 0.5);
        if (min_teu < 1)
            min_teu = 1;
        int rc = CF_OK;
        rc |= push_quote(cluster, "", CF_MODE_SEA, ln, "20GP", 1300 * ln->rate_factor, 0,
                         ln->transit_days, valid_from, valid_to, min_teu, "Cluster tender");
        rc |= push_quote(cluster, "", CF_MODE_SEA, ln, "40GP", 2000 * ln->rate_factor, 0,
                         ln->transit_days, valid_from, valid_to, min_teu, "Cluster tender");
        rc |= push_quote(cluster, "", CF_MODE_SEA, ln, "40HC", 2100 * ln->rate_factor, 0,
                         ln->transit_days, valid_from, valid_to, min_teu, "Cluster tender");
        if (rc != CF_OK)
            return cf_error_set(err, CF_ERR_INTERNAL, NULL, 0, NULL, "out of memory");
    }
    return CF_OK;
}
