/* TEMPORARY: replaced by the loaders */
#include "loaders.h"
int cf_load_fx(struct cf_source *s, struct cf_fx *fx, struct cf_error *err) { (void)s; (void)fx; return cf_error_set(err, 1, NULL, 0, NULL, "not built"); }
int cf_load_equipment(struct cf_source *s, struct cf_catalogue *c, struct cf_error *err) { (void)s; (void)c; return cf_error_set(err, 1, NULL, 0, NULL, "not built"); }
