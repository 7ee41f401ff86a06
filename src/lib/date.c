/*
 * date.c - the HTTP-date of RFC 9110 section 5.6.7 (IMF-fixdate).
 *
 * Every response carries Date (RFC 9110 6.6.1), so each worker formats it
 * once per second and copies the cached text into each response.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "engine.h"

static const char wkday[7][4] = {"Sun", "Mon", "Tue", "Wed",
                                 "Thu", "Fri", "Sat"};
static const char month[12][4] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

void tp_http_date(time_t t, char out[32])
{
    struct tm tm;
    gmtime_r(&t, &tm);
    /* Formatted by hand: strftime would follow the locale. */
    snprintf(out, 32, "%s, %02d %s %04d %02d:%02d:%02d GMT", wkday[tm.tm_wday],
             tm.tm_mday, month[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour,
             tm.tm_min, tm.tm_sec);
}

void tp_date_update(tp_worker *w, time_t now)
{
    if (now == w->date_sec)
        return;
    w->date_sec = now;
    tp_http_date(now, w->date);
}
