/*
 * date.c - the HTTP-date of RFC 9110 section 5.6.7 (IMF-fixdate).
 *
 * Every response carries Date (RFC 9110 6.6.1), so each worker formats it
 * once per second and copies the cached text into each response.
 */
#include <string.h>
#include <time.h>

#include "engine.h"

static const char wkday[7][4] = {"Sun", "Mon", "Tue", "Wed",
                                 "Thu", "Fri", "Sat"};
static const char month[12][4] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

static char *two(char *p, int v)
{
    *p++ = (char)('0' + v / 10 % 10);
    *p++ = (char)('0' + v % 10);
    return p;
}

void tp_http_date(time_t t, char out[32])
{
    struct tm tm;
    gmtime_r(&t, &tm);
    /* Formatted by hand: strftime would follow the locale. */
    int year = tm.tm_year + 1900;
    char *p = out;
    memcpy(p, wkday[tm.tm_wday], 3);
    p += 3;
    *p++ = ',';
    *p++ = ' ';
    p = two(p, tm.tm_mday);
    *p++ = ' ';
    memcpy(p, month[tm.tm_mon], 3);
    p += 3;
    *p++ = ' ';
    p = two(p, year / 100);
    p = two(p, year % 100);
    *p++ = ' ';
    p = two(p, tm.tm_hour);
    *p++ = ':';
    p = two(p, tm.tm_min);
    *p++ = ':';
    p = two(p, tm.tm_sec);
    memcpy(p, " GMT", 5);
}

void tp_date_update(tp_worker *w, time_t now)
{
    if (now == w->date_sec)
        return;
    w->date_sec = now;
    tp_http_date(now, w->date);
}
