/*
 * cond.c - reading HTTP-dates (RFC 9110 5.6.7), entity-tags and their two
 * comparison functions (RFC 9110 8.8.3), and the conditional requests of
 * RFC 9110 section 13: which precondition is evaluated, in which order,
 * and whether a false one ends in 304 or 412; and If-Range (13.1.5), which
 * decides between 206 and 200.
 *
 * Everything here only reads the request.  The rule that runs through it:
 * a precondition field that cannot be understood is ignored, so that a
 * broken client gets the full representation rather than a wrong 304.
 */
#define _GNU_SOURCE /* timegm */
#include <string.h>
#include <strings.h>
#include <time.h>

#include "engine.h"

/* ---- HTTP-date (RFC 9110 5.6.7) ---- */

/* The names are case-sensitive (%s"..." in the ABNF), and matched against
 * these tables rather than through strptime(), which follows the locale. */
static const char wkday_short[7][4] = {"Sun", "Mon", "Tue", "Wed",
                                       "Thu", "Fri", "Sat"};
static const char *const wkday_long[7] = {
    "Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday",
    "Saturday"};
static const char month_name[12][4] = {"Jan", "Feb", "Mar", "Apr",
                                       "May", "Jun", "Jul", "Aug",
                                       "Sep", "Oct", "Nov", "Dec"};

/* IMF-fixdate "Sun, 06 Nov 1994 08:49:37 GMT" and asctime-date
 * "Sun Nov  6 08:49:37 1994" have fixed lengths. */
#define IMF_FIXDATE_LEN 29
#define ASCTIME_LEN 24
/* rfc850-date after its day-name-l: ", 06-Nov-94 08:49:37 GMT". */
#define RFC850_TAIL_LEN 24

/* Fields of a date as read, before they are checked. */
typedef struct date_fields {
    int wday, mday, mon, year, hour, min, sec;
} date_fields;

static int num(const char *p, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (p[i] < '0' || p[i] > '9')
            return -1;
        v = v * 10 + (p[i] - '0');
    }
    return v;
}

static int month_of(const char *p)
{
    for (int i = 0; i < 12; i++)
        if (!memcmp(p, month_name[i], 3))
            return i;
    return -1;
}

static int wkday_of(const char *p)
{
    for (int i = 0; i < 7; i++)
        if (!memcmp(p, wkday_short[i], 3))
            return i;
    return -1;
}

/* time-of-day = hour ":" minute ":" second, 8 bytes */
static bool time_of_day(const char *p, date_fields *d)
{
    if (p[2] != ':' || p[5] != ':')
        return false;
    d->hour = num(p, 2);
    d->min = num(p + 3, 2);
    d->sec = num(p + 6, 2);
    return d->hour >= 0 && d->min >= 0 && d->sec >= 0;
}

static bool leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in(int year, int mon)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30,
                                 31, 31, 30, 31, 30, 31};
    return mon == 1 && leap(year) ? 29 : days[mon];
}

/* Seconds since the epoch for date fields whose ranges hold, ignoring the
 * weekday. */
static time_t to_time(const date_fields *d)
{
    struct tm tm = {0};
    tm.tm_year = d->year - 1900;
    tm.tm_mon = d->mon;
    tm.tm_mday = d->mday;
    tm.tm_hour = d->hour;
    tm.tm_min = d->min;
    /* A leap second (RFC 5322 3.3 allows 60) is the second after :59. */
    tm.tm_sec = d->sec == 60 ? 59 : d->sec;
    return timegm(&tm) + (d->sec == 60);
}

/*
 * Checks the fields against the calendar and converts them.  The weekday
 * must be the one the date implies (RFC 5322 3.3, whose semantics RFC 9110
 * 5.6.7 adopts): a date that contradicts itself is not a valid HTTP-date,
 * and an invalid date only makes its field be ignored.
 */
static int finish(const date_fields *d, time_t *out)
{
    if (d->year < 0 || d->mon < 0 || d->mday < 1 ||
        d->mday > days_in(d->year, d->mon) || d->hour > 23 || d->min > 59 ||
        d->sec > 60 || (d->sec == 60 && (d->hour != 23 || d->min != 59)))
        return -1;
    time_t t = to_time(d);
    time_t day = t - (d->sec == 60);
    struct tm tm;
    if (!gmtime_r(&day, &tm) || tm.tm_wday != d->wday)
        return -1;
    *out = t;
    return 0;
}

static int parse_imf_fixdate(const char *p, date_fields *d)
{
    /* day-name "," SP day SP month SP year SP time-of-day SP "GMT" */
    if (p[3] != ',' || p[4] != ' ' || p[7] != ' ' || p[11] != ' ' ||
        p[16] != ' ' || p[25] != ' ' || memcmp(p + 26, "GMT", 3))
        return -1;
    d->wday = wkday_of(p);
    d->mday = num(p + 5, 2);
    d->mon = month_of(p + 8);
    d->year = num(p + 12, 4);
    if (d->wday < 0 || d->mday < 0 || d->mon < 0 || d->year < 0 ||
        !time_of_day(p + 17, d))
        return -1;
    return 0;
}

static int parse_asctime(const char *p, date_fields *d)
{
    /* day-name SP month SP ( 2DIGIT / ( SP DIGIT ) ) SP time-of-day SP
     * year */
    if (p[3] != ' ' || p[7] != ' ' || p[10] != ' ' || p[19] != ' ')
        return -1;
    d->wday = wkday_of(p);
    d->mon = month_of(p + 4);
    d->mday = p[8] == ' ' ? num(p + 9, 1) : num(p + 8, 2);
    d->year = num(p + 20, 4);
    if (d->wday < 0 || d->mon < 0 || d->mday < 0 || d->year < 0 ||
        !time_of_day(p + 11, d))
        return -1;
    return 0;
}

/*
 * RFC 9110 5.6.7: a two-digit year "that appears to be more than 50 years
 * in the future" is "the most recent year in the past that had the same
 * last two digits".  So: the latest year ending in those digits whose
 * timestamp is no more than 50 years after now.
 */
static int rfc850_year(int yy, date_fields *d, time_t now)
{
    struct tm tm;
    if (!gmtime_r(&now, &tm))
        return -1;
    int cur = tm.tm_year + 1900;
    tm.tm_year += 50;
    time_t limit = timegm(&tm);
    date_fields probe = *d;
    /* The probe only orders dates, so Feb 29 of a common year may roll
     * into March here; finish() checks the real calendar. */
    if (probe.mday > days_in(2000, probe.mon))
        return -1;
    probe.year = cur - cur % 100 + yy + 100;
    while (to_time(&probe) > limit)
        probe.year -= 100;
    d->year = probe.year;
    return 0;
}

static int parse_rfc850(tp_str s, date_fields *d)
{
    /* day-name-l "," SP date2 SP time-of-day SP GMT, date2 = day "-"
     * month "-" 2DIGIT */
    const char *p = s.ptr;
    d->wday = -1;
    for (int i = 0; i < 7; i++) {
        size_t n = strlen(wkday_long[i]);
        if (s.len == n + RFC850_TAIL_LEN && !memcmp(p, wkday_long[i], n)) {
            d->wday = i;
            p += n;
            break;
        }
    }
    if (d->wday < 0 || p[0] != ',' || p[1] != ' ' || p[4] != '-' ||
        p[8] != '-' || p[11] != ' ' || p[20] != ' ' || memcmp(p + 21, "GMT", 3))
        return -1;
    d->mday = num(p + 2, 2);
    d->mon = month_of(p + 5);
    int yy = num(p + 9, 2);
    if (d->mday < 0 || d->mon < 0 || yy < 0 || !time_of_day(p + 12, d))
        return -1;
    return rfc850_year(yy, d, time(NULL));
}

int tp_http_date_parse(tp_str s, time_t *out)
{
    date_fields d;
    int rc;
    if (!s.ptr)
        return -1;
    if (s.len == IMF_FIXDATE_LEN)
        rc = parse_imf_fixdate(s.ptr, &d);
    else if (s.len == ASCTIME_LEN)
        rc = parse_asctime(s.ptr, &d);
    else
        rc = parse_rfc850(s, &d);
    if (rc < 0)
        return -1;
    return finish(&d, out);
}

/* ---- entity-tags (RFC 9110 8.8.3) ---- */

/* etagc = %x21 / %x23-7E / obs-text */
static bool etagc(unsigned char c)
{
    return c == 0x21 || (c >= 0x23 && c != 0x7f);
}

size_t tp_etag_scan(tp_str s, tp_str *tag)
{
    size_t i = 0;
    while (i < s.len && tp_is_ows(s.ptr[i]))
        i++;
    size_t start = i;
    /* weak = %s"W/": case-sensitive */
    if (s.len - i >= 2 && s.ptr[i] == 'W' && s.ptr[i + 1] == '/')
        i += 2;
    if (i >= s.len || s.ptr[i] != '"')
        return 0;
    i++;
    while (i < s.len && etagc((unsigned char)s.ptr[i]))
        i++;
    if (i >= s.len || s.ptr[i] != '"')
        return 0;
    i++;
    if (tag) {
        tag->ptr = s.ptr + start;
        tag->len = i - start;
    }
    return i;
}

bool tp_etag_is_weak(tp_str tag)
{
    return tag.len >= 2 && tag.ptr[0] == 'W' && tag.ptr[1] == '/';
}

/* The opaque-tag, quotes included; empty when `tag` is not a tag. */
static tp_str opaque(tp_str tag)
{
    if (tp_etag_is_weak(tag)) {
        tag.ptr += 2;
        tag.len -= 2;
    }
    if (tag.len < 2 || tag.ptr[0] != '"' || tag.ptr[tag.len - 1] != '"')
        return (tp_str){NULL, 0};
    return tag;
}

static bool opaque_eq(tp_str a, tp_str b)
{
    tp_str oa = opaque(a), ob = opaque(b);
    return oa.len && oa.len == ob.len && !memcmp(oa.ptr, ob.ptr, oa.len);
}

/* RFC 9110 8.8.3.2: strong comparison needs both tags strong. */
bool tp_etag_strong_eq(tp_str a, tp_str b)
{
    return !tp_etag_is_weak(a) && !tp_etag_is_weak(b) && opaque_eq(a, b);
}

bool tp_etag_weak_eq(tp_str a, tp_str b)
{
    return opaque_eq(a, b);
}

/* ---- reading the precondition fields ---- */

enum etag_field {
    EF_ABSENT,  /* no such field, or one with invalid syntax: ignored */
    EF_STAR,    /* "*" */
    EF_LIST,    /* #entity-tag, possibly with no member at all */
};

/*
 * Reads every field line named `name` as one list (RFC 9110 5.3: lines
 * with the same name combine, in order, into one comma-separated value)
 * and tells whether any member matches `current` by the given comparison.
 * "*" is valid only as the whole value (If-Match = "*" / #entity-tag).
 */
static enum etag_field etag_field(const tp_request *req, const char *name,
                                  tp_str current, bool strong, bool *match)
{
    size_t lines = 0;
    bool star = false;
    *match = false;
    size_t count = tp_request_header_count(req);
    for (size_t f = 0; f < count; f++) {
        tp_str fn, v;
        tp_request_header_at(req, f, &fn, &v);
        if (fn.len != strlen(name) || strncasecmp(fn.ptr, name, fn.len))
            continue;
        lines++;
        /* The parser strips OWS around a value; this does it again for
         * callers that build requests by hand. */
        while (v.len && tp_is_ows(v.ptr[0]))
            v.ptr++, v.len--;
        while (v.len && tp_is_ows(v.ptr[v.len - 1]))
            v.len--;
        if (v.len == 1 && v.ptr[0] == '*') {
            star = true;
            continue;
        }
        /* #element: empty members are allowed and ignored (RFC 9110
         * 5.6.1.2), so "," and ", ," are lists with no member. */
        size_t i = 0;
        while (i < v.len) {
            if (tp_is_ows(v.ptr[i]) || v.ptr[i] == ',') {
                i++;
                continue;
            }
            tp_str tag;
            size_t n = tp_etag_scan((tp_str){v.ptr + i, v.len - i}, &tag);
            if (!n)
                return EF_ABSENT;
            i += n;
            while (i < v.len && tp_is_ows(v.ptr[i]))
                i++;
            if (i < v.len && v.ptr[i] != ',')
                return EF_ABSENT;
            if (current.len && (strong ? tp_etag_strong_eq(tag, current)
                                       : tp_etag_weak_eq(tag, current)))
                *match = true;
        }
    }
    if (!lines)
        return EF_ABSENT;
    if (star)
        return lines == 1 ? EF_STAR : EF_ABSENT;
    return EF_LIST;
}

/*
 * The single HTTP-date of If-Modified-Since or If-Unmodified-Since.  A
 * second field line makes the value a list, which RFC 9110 13.1.3 and
 * 13.1.4 say to ignore; so do an invalid date and an absent field.
 */
static bool date_field(const tp_request *req, const char *name, time_t *out)
{
    size_t lines = 0;
    tp_str value = {0};
    size_t count = tp_request_header_count(req);
    for (size_t f = 0; f < count; f++) {
        tp_str fn, v;
        tp_request_header_at(req, f, &fn, &v);
        if (fn.len == strlen(name) && !strncasecmp(fn.ptr, name, fn.len)) {
            lines++;
            value = v;
        }
    }
    return lines == 1 && tp_http_date_parse(value, out) == 0;
}

/* ---- RFC 9110 13.2.2: evaluation order ---- */

int tp_cond_evaluate(const tp_request *req, const tp_validators *v)
{
    bool get_or_head = req->head.method_id == TP_M_GET || req->head.method_id == TP_M_HEAD;
    bool match;
    time_t date;

    /* Step 1: If-Match (13.1.1), strong comparison; a false one is 412. */
    enum etag_field im = etag_field(req, "If-Match", v->etag, true, &match);
    if (im == EF_STAR) {
        if (!v->exists)
            return 412;
    } else if (im == EF_LIST) {
        if (!match)
            return 412;
    } else if (date_field(req, "If-Unmodified-Since", &date)) {
        /* Step 2: If-Unmodified-Since (13.1.4), only without If-Match,
         * and only for a representation with a modification date (which
         * 13.1.4 lets a recipient require). */
        if (v->last_modified && v->last_modified > date)
            return 412;
    }

    /* Step 3: If-None-Match (13.1.2), weak comparison; false is 304 for
     * GET and HEAD and 412 for the other methods. */
    enum etag_field inm =
        etag_field(req, "If-None-Match", v->etag, false, &match);
    bool inm_false = (inm == EF_STAR && v->exists) || (inm == EF_LIST && match);
    if (inm_false)
        return get_or_head ? 304 : 412;

    /* Step 4: If-Modified-Since (13.1.3), GET and HEAD only, and only
     * without If-None-Match, which replaces it. */
    if (inm == EF_ABSENT && get_or_head && v->last_modified &&
        date_field(req, "If-Modified-Since", &date)) {
        /* The date is read by the origin server's clock (13.1.3); one
         * that has not happened yet cannot be a Last-Modified the client
         * received, and honouring it would hide a change made before that
         * time.  Such a date is invalid (RFC 2616 14.25 said so outright),
         * hence ignored. */
        if (date <= time(NULL) && v->last_modified <= date)
            return 304;
    }
    return 0;
}

/* ---- RFC 9110 13.1.5: If-Range ---- */

bool tp_cond_if_range(const tp_request *req, const tp_validators *v)
{
    size_t lines = 0;
    tp_str value = {0};
    size_t count = tp_request_header_count(req);
    for (size_t f = 0; f < count; f++) {
        tp_str fn, fv;
        tp_request_header_at(req, f, &fn, &fv);
        if (fn.len == 8 && !strncasecmp(fn.ptr, "If-Range", 8)) {
            lines++;
            value = fv;
        }
    }
    if (!lines)
        return true;
    /* If-Range = entity-tag / HTTP-date: one value, never a list.
     * Anything else is "Otherwise, the condition is false", and a false
     * condition means the Range field is ignored. */
    if (lines > 1)
        return false;
    while (value.len && tp_is_ows(value.ptr[0]))
        value.ptr++, value.len--;
    while (value.len && tp_is_ows(value.ptr[value.len - 1]))
        value.len--;
    tp_str tag;
    if (tp_etag_scan(value, &tag) == value.len && value.len) {
        /* Strong comparison: a weak tag never matches. */
        return tp_etag_strong_eq(tag, v->etag);
    }
    time_t date;
    if (tp_http_date_parse(value, &date) == 0) {
        /* An exact match with a Last-Modified that is a strong
         * validator; not the "earlier than or equal" of 13.1.4. */
        return v->lm_strong && v->last_modified && v->last_modified == date;
    }
    return false;
}
