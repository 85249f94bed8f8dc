/* test_demo.c — suite demo: `clusterfreight demo --format json` on the built-in
 * example tells the published story (issue "Cluster rate and fair savings",
 * Done-when): the small firms' 20ft quote to Hamburg is about $2,500
 * (models/synth.c: $2,500 at 10 TEU a year), the pool pays the $1,300 cluster
 * rate because the pooled volume reaches the tier, and the allocations add up
 * to the pooled total to the cent. A short solver budget keeps it quick; the
 * figures checked do not depend on it. */
#include <criterion/criterion.h>
#include <cjson/cJSON.h>
#include <math.h>
#include <string.h>

#include "helpers.h"

Test(demo, json_tells_the_20ft_story, .timeout = 900)
{
    struct cf_run r = cf_run_cli("demo --format json --time-limit 3");
    cr_assert_eq(r.status, 0, "%s", r.err);
    cJSON *doc = cJSON_Parse(r.out);
    cr_assert_not_null(doc, "demo printed no JSON");
    for (const char *const *k = (const char *const[]){"benchmark", "story", "savings", "propose", NULL}; *k; k++)
        cr_assert_not_null(cJSON_GetObjectItemCaseSensitive(doc, *k), "no %s", *k);

    const cJSON *story = cJSON_GetObjectItemCaseSensitive(doc, "story");
    cr_assert(cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(story, "tier_reached")));
    cr_assert_float_eq(cf_json_num(story, "cluster_rate"), 1300.0, 1e-9);
    const cJSON *cls;
    int seen = 0;
    cJSON_ArrayForEach(cls, cJSON_GetObjectItemCaseSensitive(story, "classes"))
    {
        const char *size = cJSON_GetObjectItemCaseSensitive(cls, "size")->valuestring;
        double own = cf_json_num(cls, "median_own_20ft");
        cr_assert_float_eq(cf_json_num(cls, "pool_20ft"), 1300.0, 1e-9);
        if (strcmp(size, "small") == 0) {
            cr_assert(own > 2300 && own < 2700, "small firms' median 20ft %.2f", own);
            cr_assert(cf_json_num(cls, "savings_pct") > 40, "small firms save %.2f %%", cf_json_num(cls, "savings_pct"));
            seen++;
        } else if (strcmp(size, "large") == 0) {
            cr_assert(own > 1150 && own < 1400, "large firms' median 20ft %.2f", own);
            seen++;
        }
        cr_assert(cf_json_num(cls, "allocated_cost") < cf_json_num(cls, "standalone_cost"), "%s firms save nothing", size);
    }
    cr_assert_eq(seen, 2);

    /* the savings document: 40 members whose allocations add up to the total to the cent */
    const cJSON *savings = cJSON_GetObjectItemCaseSensitive(doc, "savings");
    const cJSON *m;
    long long cents = 0;
    int n = 0;
    cJSON_ArrayForEach(m, cJSON_GetObjectItemCaseSensitive(savings, "members"))
    {
        cents += llround(cf_json_num(m, "allocated_cost") * 100);
        n++;
    }
    cr_assert_eq(n, 40);
    cr_assert_eq(cents, llround(cf_json_num(savings, "total_consolidated") * 100));
    cJSON_Delete(doc);
    cf_run_free(&r);
}
