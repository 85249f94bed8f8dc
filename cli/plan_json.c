/* plan_json.c — a consolidation plan as JSON (interface.md, `plan --format
 * json`): what `plan` prints, and what `savings --with-pool-plan` embeds for
 * report, so that both describe a plan the same way. */
#include <cjson/cJSON.h>

#include "cli.h"
#include "models/date.h"
#include "solver/clock.h"

/* A lane's status as the plan's: optimal when its cost meets its proven bound */
const char *cli_plan_lane_status(const struct cf_plan_lane *l)
{
    if (l->unplaced == l->shipments)
        return cf_plan_status_name(CF_PLAN_INFEASIBLE);
    if (l->cost == l->lower_bound && !l->unproven)
        return cf_plan_status_name(CF_PLAN_OPTIMAL);
    return cf_plan_status_name(l->timed_out ? CF_PLAN_TIME_LIMIT : CF_PLAN_FEASIBLE);
}

double cli_plan_lane_gap(const struct cf_plan_lane *l)
{
    return l->cost > 0 ? (double)(l->cost - l->lower_bound) / (double)l->cost : 0.0;
}

static int plan_json_date(cJSON *o, const char *name, cf_date_t d)
{
    char buf[11];
    cf_date_format(d, buf);
    return cJSON_AddStringToObject(o, name, buf) == NULL;
}

cJSON *cli_plan_json(const struct cli_common *common, const struct cf_shipments *ships, const struct cf_plan *plan)
{
    cJSON *doc = cJSON_CreateObject();
    if (doc == NULL)
        return NULL;
    int bad = cJSON_AddStringToObject(doc, "status", cf_plan_status_name(plan->status)) == NULL;
    bad |= cli_json_money(doc, "total_cost", plan->total_cost) == NULL;
    bad |= cJSON_AddNumberToObject(doc, "lower_bound", plan->lower_bound) == NULL;
    bad |= cJSON_AddNumberToObject(doc, "gap", plan->gap) == NULL;
    /* what the time limit counted: a "work" plan repeats to the cent */
    bad |= cJSON_AddStringToObject(doc, "clock", cf_clock_name(common->clock)) == NULL;
    bad |= cJSON_AddStringToObject(doc, "currency", common->currency) == NULL;
    cJSON *containers = cJSON_AddArrayToObject(doc, "containers");
    cJSON *loose = cJSON_AddArrayToObject(doc, "loose");
    cJSON *unplaced = cJSON_AddArrayToObject(doc, "unplaced");
    cJSON *lanes = cJSON_AddArrayToObject(doc, "lanes");
    bad |= containers == NULL || loose == NULL || unplaced == NULL || lanes == NULL;
    for (size_t c = 0; !bad && c < plan->ncontainers; c++) {
        const struct cf_plan_container *pc = &plan->containers[c];
        cJSON *o = cli_json_push_object(containers);
        bad |= o == NULL;
        if (bad)
            break;
        bad |= cJSON_AddStringToObject(o, "id", pc->id) == NULL;
        bad |= cJSON_AddStringToObject(o, "mode", cf_mode_name(pc->mode)) == NULL;
        bad |= cJSON_AddStringToObject(o, "origin", pc->origin) == NULL;
        bad |= cJSON_AddStringToObject(o, "destination", pc->destination) == NULL;
        bad |= cJSON_AddStringToObject(o, "equipment", pc->equipment) == NULL;
        bad |= plan_json_date(o, "departure", pc->departure);
        bad |= cli_json_money(o, "cost", pc->cost) == NULL;
        bad |= cJSON_AddNumberToObject(o, "volume_m3", pc->volume_m3) == NULL;
        bad |= cJSON_AddNumberToObject(o, "weight_kg", pc->weight_kg) == NULL;
        bad |= cJSON_AddNumberToObject(o, "fill_volume", pc->fill_volume) == NULL;
        bad |= cJSON_AddNumberToObject(o, "fill_weight", pc->fill_weight) == NULL;
        cJSON *ids = cJSON_AddArrayToObject(o, "shipments");
        bad |= ids == NULL;
        for (size_t i = 0; !bad && i < pc->nshipments; i++) {
            cJSON *s = cJSON_CreateString(ships->items[pc->shipments[i]].id);
            bad |= s == NULL || !cJSON_AddItemToArray(ids, s);
        }
    }
    for (size_t l = 0; !bad && l < plan->nloose; l++) {
        const struct cf_plan_loose *pl = &plan->loose[l];
        cJSON *o = cli_json_push_object(loose);
        bad |= o == NULL;
        if (bad)
            break;
        bad |= cJSON_AddStringToObject(o, "shipment", ships->items[pl->shipment].id) == NULL;
        bad |= cJSON_AddStringToObject(o, "mode", cf_mode_name(pl->mode)) == NULL;
        bad |= cJSON_AddStringToObject(o, "equipment", pl->equipment) == NULL;
        bad |= plan_json_date(o, "departure", pl->departure);
        bad |= cli_json_money(o, "cost", pl->cost) == NULL;
    }
    for (size_t u = 0; !bad && u < plan->nunplaced; u++) {
        const struct cf_plan_unplaced *pu = &plan->unplaced[u];
        cJSON *o = cli_json_push_object(unplaced);
        bad |= o == NULL;
        if (bad)
            break;
        bad |= cJSON_AddStringToObject(o, "shipment", ships->items[pu->shipment].id) == NULL;
        bad |= cJSON_AddStringToObject(o, "reason", pu->reason) == NULL;
    }
    for (size_t l = 0; !bad && l < plan->nlanes; l++) {
        const struct cf_plan_lane *pl = &plan->lanes[l];
        cJSON *o = cli_json_push_object(lanes);
        bad |= o == NULL;
        if (bad)
            break;
        bad |= cJSON_AddStringToObject(o, "origin", pl->origin) == NULL;
        bad |= cJSON_AddStringToObject(o, "destination", pl->destination) == NULL;
        bad |= cJSON_AddNumberToObject(o, "shipments", (double)pl->shipments) == NULL;
        bad |= cJSON_AddNumberToObject(o, "unplaced", (double)pl->unplaced) == NULL;
        bad |= cli_json_money(o, "cost", pl->cost) == NULL;
        bad |= cli_json_money(o, "lower_bound", pl->lower_bound) == NULL;
        bad |= cJSON_AddNumberToObject(o, "gap", cli_plan_lane_gap(pl)) == NULL;
        bad |= cJSON_AddStringToObject(o, "status", cli_plan_lane_status(pl)) == NULL;
    }
    if (bad) {
        cJSON_Delete(doc);
        return NULL;
    }
    return doc;
}

