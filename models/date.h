/* date.h — calendar days (domain.md, "Time") as a count of days since
 * 1970-01-01, so that date arithmetic is integer addition. */
#ifndef CF_DATE_H
#define CF_DATE_H

#include <stdint.h>

typedef int32_t cf_date_t;

#define CF_DATE_NONE INT32_MIN /* an absent optional date */

/* Parse strict "YYYY-MM-DD" (a real calendar day, years 1900..2999).
 * Returns 0 and sets *out, or -1. */
int cf_date_parse(const char *text, cf_date_t *out);

/* Write "YYYY-MM-DD" into buf (at least 11 bytes). */
/* Why text of the shape YYYY-MM-DD is not a date for cf_date_parse: "no
 * such day in the calendar" or "year must be from 1900 to 2999"; NULL when
 * it lacks that shape (the caller words that). */
const char *cf_date_problem(const char *text);

void cf_date_format(cf_date_t date, char *buf);

/* Day of the week, 0 = Monday .. 6 = Sunday. */
int cf_date_weekday(cf_date_t date);

/* The Monday on or before date. */
cf_date_t cf_date_monday_on_or_before(cf_date_t date);

#endif
