/*
 * test_cond.c - HTTP-dates (RFC 9110 5.6.7), entity-tag comparison
 * (8.8.3.2), the four preconditions and their order of evaluation
 * (13.1.1-13.1.4, 13.2.2), and If-Range (13.1.5).
 */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "engine.h"

static tp_str S(const char *s)
{
    return (tp_str){s, strlen(s)};
}

/* ---- a request to evaluate conditions against ---- */

typedef struct fixture {
    tp_request x;
} fixture;

static fixture *fx_new(const char *method)
{
    fixture *f = calloc(1, sizeof(*f));
    f->x.head.method = S(method);
    f->x.head.method_id = tp_method_lookup(method, strlen(method));
    f->x.head.version_major = 1;
    f->x.head.version_minor = 1;
    f->x.body_fd = -1;
    return f;
}

static void fx_hdr(fixture *f, const char *name, const char *value)
{
    size_t i = f->x.head.nfields++;
    f->x.head.fields[i].name = S(name);
    f->x.head.fields[i].value = S(value);
}

/* A representation last modified at T0 with entity-tag "v1". */
#define T0 ((time_t)784111777) /* Sun, 06 Nov 1994 08:49:37 GMT */
#define T0_DATE "Sun, 06 Nov 1994 08:49:37 GMT"
#define T0_MINUS_1 "Sun, 06 Nov 1994 08:49:36 GMT"
#define T0_PLUS_1 "Sun, 06 Nov 1994 08:49:38 GMT"

static tp_validators rep(void)
{
    tp_validators v = {
        .etag = S("\"v1\""),
        .last_modified = T0,
        .lm_strong = true,
        .exists = true,
    };
    return v;
}

/* ---- HTTP-date ---- */

static void expect_date(const char *s, time_t want)
{
    time_t t = 0;
    cr_assert_eq(tp_http_date_parse(S(s), &t), 0, "'%s' is valid", s);
    cr_assert_eq(t, want, "'%s' is %lld, not %lld", s, (long long)want,
                 (long long)t);
}

static void expect_invalid(const char *s)
{
    time_t t = 0;
    cr_assert_eq(tp_http_date_parse(S(s), &t), -1, "'%s' is not an HTTP-date",
                 s);
}

Test(date, the_three_formats_of_rfc9110)
{
    expect_date("Sun, 06 Nov 1994 08:49:37 GMT", T0);
    expect_date("Sunday, 06-Nov-94 08:49:37 GMT", T0);
    expect_date("Sun Nov  6 08:49:37 1994", T0);
    /* date3 = month SP ( 2DIGIT / ( SP DIGIT ) ) */
    expect_date("Sun Nov 06 08:49:37 1994", T0);
    expect_date("Thu, 01 Jan 1970 00:00:00 GMT", 0);
    expect_date("Tue, 29 Feb 2000 00:00:00 GMT", 951782400);
    expect_date("Wed, 31 Dec 1969 23:59:59 GMT", -1);
    expect_date("Fri, 31 Dec 9999 23:59:59 GMT", 253402300799);
}

Test(date, leap_second)
{
    /* RFC 5322 3.3 allows second 60 for a leap second. */
    expect_date("Sat, 31 Dec 2016 23:59:60 GMT", 1483228800);
    expect_invalid("Sun, 06 Nov 1994 08:49:60 GMT");
}

Test(date, round_trip_with_the_formatter)
{
    for (time_t t = 0; t < 4102444800; t += 86400 * 7 + 3671) {
        char buf[32];
        tp_http_date(t, buf);
        expect_date(buf, t);
    }
}

Test(date, anything_else_is_invalid)
{
    static const char *const bad[] = {
        "",
        "sun, 06 Nov 1994 08:49:37 GMT",   /* names are case-sensitive */
        "Sun, 06 nov 1994 08:49:37 GMT",
        "Sun, 06 Nov 1994 08:49:37 gmt",
        "Sun, 06 Nov 1994 08:49:37 UTC",
        "Sun, 6 Nov 1994 08:49:37 GMT",    /* day = 2DIGIT */
        "Sun, 06 Nov 94 08:49:37 GMT",
        "Sun,  06 Nov 1994 08:49:37 GMT",
        " Sun, 06 Nov 1994 08:49:37 GMT",
        "Sun, 06 Nov 1994 08:49:37 GMT ",
        "Sun, 06 Nov 1994 8:49:37 GMT",
        "Sun, 06 Nov 1994 08:49:37 +0000",
        "Mon, 06 Nov 1994 08:49:37 GMT",   /* not the day 06 Nov 1994 was */
        "Sun, 31 Feb 1994 08:49:37 GMT",
        "Thu, 29 Feb 1900 00:00:00 GMT",   /* 1900 is not a leap year */
        "Sun, 00 Nov 1994 08:49:37 GMT",
        "Sun, 06 Nov 1994 24:00:00 GMT",
        "Sun, 06 Nov 1994 08:60:37 GMT",
        "Sun, 06 Nov 1994 08:49:3x GMT",
        "Sunday, 06-Nov-1994 08:49:37 GMT",
        "Sun, 06-Nov-94 08:49:37 GMT",
        "Sunday, 06 Nov 1994 08:49:37 GMT",
        "sunday, 06-Nov-94 08:49:37 GMT",
        "Sun Nov 6 08:49:37 1994",
        "Sun Nov  6 08:49:37 94",
        "Sun Nov  6 08:49:37 1994 GMT",
        "Sun, 06 Nov 1994 08:49:37 GMT, Mon, 07 Nov 1994 08:49:37 GMT",
        "1994-11-06T08:49:37Z",
        "784111777",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        expect_invalid(bad[i]);
    time_t t;
    cr_assert_eq(tp_http_date_parse((tp_str){NULL, 0}, &t), -1);
}

/* An RFC 850 date for a year given by its last two digits. */
static void rfc850(char *buf, size_t cap, int year, int mon, int mday,
                   int hh, int mm, int ss)
{
    static const char *const wd[7] = {"Sunday",   "Monday", "Tuesday",
                                      "Wednesday", "Thursday", "Friday",
                                      "Saturday"};
    static const char mn[12][4] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    struct tm tm = {.tm_year = year - 1900, .tm_mon = mon, .tm_mday = mday,
                    .tm_hour = hh, .tm_min = mm, .tm_sec = ss};
    time_t t = timegm(&tm);
    gmtime_r(&t, &tm);
    snprintf(buf, cap, "%s, %02d-%s-%02d %02d:%02d:%02d GMT", wd[tm.tm_wday],
             mday, mn[mon], year % 100, hh, mm, ss);
}

static time_t utc(int year, int mon, int mday, int hh, int mm, int ss)
{
    struct tm tm = {.tm_year = year - 1900, .tm_mon = mon, .tm_mday = mday,
                    .tm_hour = hh, .tm_min = mm, .tm_sec = ss};
    return timegm(&tm);
}

Test(date, rfc850_two_digit_year_is_never_more_than_50_years_ahead)
{
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    int cur = tm.tm_year + 1900;
    char buf[64];

    /* A year ten years ahead is taken as such. */
    rfc850(buf, sizeof(buf), cur + 10, 5, 15, 12, 0, 0);
    expect_date(buf, utc(cur + 10, 5, 15, 12, 0, 0));
    /* This year. */
    rfc850(buf, sizeof(buf), cur, 0, 1, 0, 0, 0);
    expect_date(buf, utc(cur, 0, 1, 0, 0, 0));
    /* Fifty years ahead on 1 January is not more than 50 years ahead... */
    rfc850(buf, sizeof(buf), cur + 50, 0, 1, 0, 0, 0);
    expect_date(buf, utc(cur + 50, 0, 1, 0, 0, 0));
    /* ...on 31 December it is: the same digits a century earlier. */
    rfc850(buf, sizeof(buf), cur - 50, 11, 31, 23, 59, 59);
    expect_date(buf, utc(cur - 50, 11, 31, 23, 59, 59));
    /* Sixty years ahead means forty years ago. */
    rfc850(buf, sizeof(buf), cur - 40, 2, 3, 4, 5, 6);
    expect_date(buf, utc(cur - 40, 2, 3, 4, 5, 6));
}

/* ---- entity-tags ---- */

Test(etag, scan)
{
    tp_str tag;
    cr_assert_eq(tp_etag_scan(S("\"xyzzy\""), &tag), 7);
    cr_assert_eq(tag.len, 7);
    cr_assert_eq(tp_etag_scan(S("W/\"xyzzy\""), &tag), 9);
    cr_assert(tp_etag_is_weak(tag));
    cr_assert_eq(tp_etag_scan(S("  \"a\", \"b\""), &tag), 5,
                 "leading whitespace is consumed, one tag only");
    cr_assert_eq(tag.len, 3);
    cr_assert(!strncmp(tag.ptr, "\"a\"", 3));
    cr_assert_eq(tp_etag_scan(S("\"\""), &tag), 2, "an empty opaque-tag");
    cr_assert_eq(tp_etag_scan(S("\"\x80\xff\""), &tag), 4, "obs-text");
    cr_assert_eq(tp_etag_scan(S("\"!#~\""), &tag), 5);

    static const char *const bad[] = {
        "xyzzy", "\"abc", "w/\"a\"", "W/ \"a\"", "W\"a\"", "\"a b\"",
        "\"a\x7f\"", "\"a\tb\"", "", "W/", "*",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        cr_assert_eq(tp_etag_scan(S(bad[i]), &tag), 0, "'%s'", bad[i]);
    cr_assert_eq(tp_etag_scan(S("\"a\"b"), &tag), 3, "stops after the tag");
}

Test(etag, comparison_table_of_rfc9110_8_8_3_2)
{
    static const struct {
        const char *a, *b;
        bool strong, weak;
    } t[] = {
        {"W/\"1\"", "W/\"1\"", false, true},
        {"W/\"1\"", "W/\"2\"", false, false},
        {"W/\"1\"", "\"1\"", false, true},
        {"\"1\"", "\"1\"", true, true},
        /* and the other way round, and a few more */
        {"\"1\"", "W/\"1\"", false, true},
        {"\"1\"", "\"2\"", false, false},
        {"\"1\"", "\"10\"", false, false},
        {"\"a\"", "\"A\"", false, false},
        {"\"\"", "\"\"", true, true},
    };
    for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
        cr_assert_eq(tp_etag_strong_eq(S(t[i].a), S(t[i].b)), t[i].strong,
                     "strong %s %s", t[i].a, t[i].b);
        cr_assert_eq(tp_etag_weak_eq(S(t[i].a), S(t[i].b)), t[i].weak,
                     "weak %s %s", t[i].a, t[i].b);
    }
    cr_assert(!tp_etag_weak_eq(S(""), S("")), "no tag matches nothing");
    cr_assert(!tp_etag_strong_eq(S(""), S("")));
}

/* ---- preconditions ---- */

static int eval(const char *method, const tp_validators *v,
                const char *const *fields)
{
    fixture *f = fx_new(method);
    for (size_t i = 0; fields[i]; i += 2)
        fx_hdr(f, fields[i], fields[i + 1]);
    int r = tp_cond_evaluate(&f->x, v);
    free(f);
    return r;
}

#define EVAL(method, v, ...) eval(method, v, (const char *const[]){__VA_ARGS__, NULL})

Test(cond, no_conditions)
{
    tp_validators v = rep();
    fixture *f = fx_new("GET");
    cr_assert_eq(tp_cond_evaluate(&f->x, &v), 0);
    free(f);
}

Test(cond, if_match)
{
    tp_validators v = rep();
    cr_assert_eq(EVAL("PUT", &v, "If-Match", "\"v1\""), 0);
    cr_assert_eq(EVAL("PUT", &v, "If-Match", "\"v2\""), 412);
    cr_assert_eq(EVAL("GET", &v, "If-Match", "\"v2\""), 412,
                 "a false If-Match is 412 even for GET");
    cr_assert_eq(EVAL("PUT", &v, "If-Match", "\"v2\", \"v1\""), 0);
    cr_assert_eq(EVAL("PUT", &v, "If-Match", ", \"v2\" ,, \"v1\","), 0,
                 "empty list elements are ignored");
    cr_assert_eq(EVAL("PUT", &v, "if-match", "\"v1\""), 0,
                 "field names are case-insensitive");
    /* Strong comparison (13.1.1). */
    cr_assert_eq(EVAL("PUT", &v, "If-Match", "W/\"v1\""), 412);
    v.etag = S("W/\"v1\"");
    cr_assert_eq(EVAL("PUT", &v, "If-Match", "W/\"v1\""), 412,
                 "a weak current tag never matches");
    cr_assert_eq(EVAL("PUT", &v, "If-Match", "\"v1\""), 412);
    /* No current tag: no list matches. */
    v.etag = S("");
    cr_assert_eq(EVAL("PUT", &v, "If-Match", "\"v1\""), 412);
}

Test(cond, if_match_star)
{
    tp_validators v = rep();
    cr_assert_eq(EVAL("PUT", &v, "If-Match", "*"), 0);
    v.etag = S("");
    cr_assert_eq(EVAL("PUT", &v, "If-Match", "*"), 0,
                 "* tests existence, not the tag");
    v.exists = false;
    cr_assert_eq(EVAL("PUT", &v, "If-Match", "*"), 412);
}

Test(cond, if_match_lines_combine)
{
    tp_validators v = rep();
    cr_assert_eq(EVAL("PUT", &v, "If-Match", "\"x\"", "If-Match", "\"v1\""), 0);
    cr_assert_eq(EVAL("PUT", &v, "If-Match", "\"x\"", "If-Match", "\"y\""), 412);
    /* "*" is only valid as the whole value: combined with another line it
     * is a syntax error, and the field is ignored. */
    cr_assert_eq(EVAL("PUT", &v, "If-Match", "*", "If-Match", "\"x\""), 0);
}

Test(cond, if_match_invalid_is_ignored)
{
    tp_validators v = rep();
    static const char *const bad[] = {
        "v2", "\"v2\" \"v3\"", "\"v2\";", "*, \"v2\"", "W/v2", "\"v2",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        cr_assert_eq(EVAL("PUT", &v, "If-Match", bad[i]), 0, "If-Match: %s",
                     bad[i]);
    /* Ignored, so If-Unmodified-Since is evaluated in its place. */
    cr_assert_eq(EVAL("PUT", &v, "If-Match", "v2", "If-Unmodified-Since",
                      T0_MINUS_1),
                 412);
}

Test(cond, if_match_with_no_member)
{
    /* #entity-tag allows an empty list: a valid field that no tag
     * matches. */
    tp_validators v = rep();
    cr_assert_eq(EVAL("PUT", &v, "If-Match", ""), 412);
    cr_assert_eq(EVAL("PUT", &v, "If-Match", " , "), 412);
}

Test(cond, if_unmodified_since)
{
    tp_validators v = rep();
    cr_assert_eq(EVAL("PUT", &v, "If-Unmodified-Since", T0_DATE), 0);
    cr_assert_eq(EVAL("PUT", &v, "If-Unmodified-Since", T0_PLUS_1), 0);
    cr_assert_eq(EVAL("PUT", &v, "If-Unmodified-Since", T0_MINUS_1), 412);
    cr_assert_eq(EVAL("GET", &v, "If-Unmodified-Since", T0_MINUS_1), 412);
    cr_assert_eq(EVAL("PUT", &v, "If-Unmodified-Since", "Sunday, 06-Nov-94 08:49:36 GMT"),
                 412);
    cr_assert_eq(EVAL("PUT", &v, "If-Unmodified-Since", "Sun Nov  6 08:49:36 1994"),
                 412);
    /* Invalid dates and lists of dates are ignored (13.1.4). */
    cr_assert_eq(EVAL("PUT", &v, "If-Unmodified-Since", "yesterday"), 0);
    cr_assert_eq(EVAL("PUT", &v, "If-Unmodified-Since", T0_MINUS_1,
                      "If-Unmodified-Since", T0_MINUS_1),
                 0);
    cr_assert_eq(EVAL("PUT", &v, "If-Unmodified-Since",
                      T0_MINUS_1 ", " T0_MINUS_1),
                 0);
    /* Without a modification date there is nothing to compare. */
    v.last_modified = 0;
    cr_assert_eq(EVAL("PUT", &v, "If-Unmodified-Since", T0_MINUS_1), 0);
}

Test(cond, if_match_replaces_if_unmodified_since)
{
    tp_validators v = rep();
    cr_assert_eq(EVAL("PUT", &v, "If-Match", "\"v1\"", "If-Unmodified-Since",
                      T0_MINUS_1),
                 0, "13.2.2 step 2 runs only without If-Match");
    cr_assert_eq(EVAL("PUT", &v, "If-Unmodified-Since", T0_MINUS_1,
                      "If-Match", "*"),
                 0);
}

Test(cond, if_none_match)
{
    tp_validators v = rep();
    cr_assert_eq(EVAL("GET", &v, "If-None-Match", "\"v1\""), 304);
    cr_assert_eq(EVAL("HEAD", &v, "If-None-Match", "\"v1\""), 304);
    cr_assert_eq(EVAL("PUT", &v, "If-None-Match", "\"v1\""), 412);
    cr_assert_eq(EVAL("POST", &v, "If-None-Match", "\"v1\""), 412);
    cr_assert_eq(EVAL("GET", &v, "If-None-Match", "\"v2\""), 0);
    cr_assert_eq(EVAL("GET", &v, "If-None-Match", "\"v2\", \"v1\""), 304);
    cr_assert_eq(EVAL("GET", &v, "If-None-Match", "\"v2\"", "If-None-Match",
                      "\"v1\""),
                 304, "field lines combine into one list");
    /* Weak comparison (13.1.2). */
    cr_assert_eq(EVAL("GET", &v, "If-None-Match", "W/\"v1\""), 304);
    v.etag = S("W/\"v1\"");
    cr_assert_eq(EVAL("GET", &v, "If-None-Match", "\"v1\""), 304);
    cr_assert_eq(EVAL("GET", &v, "If-None-Match", "W/\"v1\""), 304);
    v.etag = S("");
    cr_assert_eq(EVAL("GET", &v, "If-None-Match", "\"v1\""), 0);
}

Test(cond, if_none_match_star)
{
    tp_validators v = rep();
    cr_assert_eq(EVAL("GET", &v, "If-None-Match", "*"), 304);
    cr_assert_eq(EVAL("PUT", &v, "If-None-Match", "*"), 412,
                 "create-only PUT onto an existing resource");
    v.exists = false;
    v.etag = S("");
    v.last_modified = 0;
    cr_assert_eq(EVAL("PUT", &v, "If-None-Match", "*"), 0);
}

Test(cond, if_none_match_invalid_is_ignored)
{
    tp_validators v = rep();
    cr_assert_eq(EVAL("GET", &v, "If-None-Match", "v1"), 0);
    cr_assert_eq(EVAL("PUT", &v, "If-None-Match", "*, \"v1\""), 0);
    /* Ignored, so If-Modified-Since is evaluated. */
    cr_assert_eq(EVAL("GET", &v, "If-None-Match", "v1", "If-Modified-Since",
                      T0_DATE),
                 304);
}

Test(cond, if_modified_since)
{
    tp_validators v = rep();
    cr_assert_eq(EVAL("GET", &v, "If-Modified-Since", T0_DATE), 304);
    cr_assert_eq(EVAL("HEAD", &v, "If-Modified-Since", T0_DATE), 304);
    cr_assert_eq(EVAL("GET", &v, "If-Modified-Since", T0_PLUS_1), 304);
    cr_assert_eq(EVAL("GET", &v, "If-Modified-Since", T0_MINUS_1), 0);
    cr_assert_eq(EVAL("GET", &v, "If-Modified-Since", "Sunday, 06-Nov-94 08:49:37 GMT"),
                 304);
    cr_assert_eq(EVAL("GET", &v, "If-Modified-Since", "Sun Nov  6 08:49:37 1994"),
                 304);
}

Test(cond, if_modified_since_ignored)
{
    tp_validators v = rep();
    /* Only GET and HEAD (13.1.3). */
    cr_assert_eq(EVAL("POST", &v, "If-Modified-Since", T0_DATE), 0);
    cr_assert_eq(EVAL("PUT", &v, "If-Modified-Since", T0_DATE), 0);
    /* Invalid, or more than one member. */
    cr_assert_eq(EVAL("GET", &v, "If-Modified-Since", "Sun, 06 Nov 1994"), 0);
    cr_assert_eq(EVAL("GET", &v, "If-Modified-Since", T0_DATE,
                      "If-Modified-Since", T0_DATE),
                 0);
    cr_assert_eq(EVAL("GET", &v, "If-Modified-Since", T0_DATE ", " T0_DATE), 0);
    /* A date later than the server's clock is invalid. */
    char future[32];
    tp_http_date(time(NULL) + 3600, future);
    cr_assert_eq(EVAL("GET", &v, "If-Modified-Since", future), 0);
    char past[32];
    tp_http_date(time(NULL) - 3600, past);
    cr_assert_eq(EVAL("GET", &v, "If-Modified-Since", past), 304);
    /* No modification date. */
    v.last_modified = 0;
    cr_assert_eq(EVAL("GET", &v, "If-Modified-Since", T0_DATE), 0);
}

Test(cond, if_none_match_replaces_if_modified_since)
{
    tp_validators v = rep();
    cr_assert_eq(EVAL("GET", &v, "If-None-Match", "\"v2\"",
                      "If-Modified-Since", T0_DATE),
                 0, "13.1.3: If-Modified-Since is ignored with If-None-Match");
    cr_assert_eq(EVAL("GET", &v, "If-None-Match", "\"v1\"",
                      "If-Modified-Since", T0_MINUS_1),
                 304);
    v.exists = false;
    cr_assert_eq(EVAL("GET", &v, "If-None-Match", "*", "If-Modified-Since",
                      T0_DATE),
                 0);
}

Test(cond, order_of_evaluation)
{
    tp_validators v = rep();
    /* Step 1 before step 3: a false If-Match wins over a false
     * If-None-Match, so 412 and not 304. */
    cr_assert_eq(EVAL("GET", &v, "If-None-Match", "\"v1\"", "If-Match",
                      "\"v2\""),
                 412);
    /* Step 2 before step 3. */
    cr_assert_eq(EVAL("GET", &v, "If-None-Match", "\"v1\"",
                      "If-Unmodified-Since", T0_MINUS_1),
                 412);
    /* Step 2 before step 4. */
    cr_assert_eq(EVAL("GET", &v, "If-Modified-Since", T0_DATE,
                      "If-Unmodified-Since", T0_MINUS_1),
                 412);
    /* A true If-Match lets step 3 decide. */
    cr_assert_eq(EVAL("GET", &v, "If-Match", "\"v1\"", "If-None-Match",
                      "\"v1\""),
                 304);
    cr_assert_eq(EVAL("PUT", &v, "If-Match", "\"v1\"", "If-None-Match",
                      "\"v1\""),
                 412);
    /* All four true. */
    cr_assert_eq(EVAL("GET", &v, "If-Match", "\"v1\"", "If-Unmodified-Since",
                      T0_DATE, "If-None-Match", "\"v2\"", "If-Modified-Since",
                      T0_MINUS_1),
                 0);
}

/* ---- If-Range ---- */

static bool if_range(const tp_validators *v, const char *const *fields)
{
    fixture *f = fx_new("GET");
    fx_hdr(f, "Range", "bytes=0-1");
    for (size_t i = 0; fields[i]; i += 2)
        fx_hdr(f, fields[i], fields[i + 1]);
    bool r = tp_cond_if_range(&f->x, v);
    free(f);
    return r;
}

#define IF_RANGE(v, ...) if_range(v, (const char *const[]){__VA_ARGS__, NULL})

Test(if_range, absent_is_true)
{
    tp_validators v = rep();
    fixture *f = fx_new("GET");
    cr_assert(tp_cond_if_range(&f->x, &v));
    free(f);
}

Test(if_range, entity_tag_needs_a_strong_match)
{
    tp_validators v = rep();
    cr_assert(IF_RANGE(&v, "If-Range", "\"v1\""));
    cr_assert(!IF_RANGE(&v, "If-Range", "\"v2\""));
    cr_assert(!IF_RANGE(&v, "If-Range", "W/\"v1\""),
              "a weak tag in If-Range never matches");
    v.etag = S("W/\"v1\"");
    cr_assert(!IF_RANGE(&v, "If-Range", "W/\"v1\""));
    cr_assert(!IF_RANGE(&v, "If-Range", "\"v1\""));
    v.etag = S("");
    cr_assert(!IF_RANGE(&v, "If-Range", "\"v1\""));
}

Test(if_range, date_needs_an_exact_strong_last_modified)
{
    tp_validators v = rep();
    cr_assert(IF_RANGE(&v, "If-Range", T0_DATE));
    cr_assert(IF_RANGE(&v, "If-Range", "Sunday, 06-Nov-94 08:49:37 GMT"));
    cr_assert(!IF_RANGE(&v, "If-Range", T0_PLUS_1),
              "exact match, not 'earlier than or equal'");
    cr_assert(!IF_RANGE(&v, "If-Range", T0_MINUS_1));
    v.lm_strong = false;
    cr_assert(!IF_RANGE(&v, "If-Range", T0_DATE));
    v.lm_strong = true;
    v.last_modified = 0;
    cr_assert(!IF_RANGE(&v, "If-Range", "Thu, 01 Jan 1970 00:00:00 GMT"));
}

Test(if_range, invalid_is_false)
{
    tp_validators v = rep();
    cr_assert(!IF_RANGE(&v, "If-Range", "v1"));
    cr_assert(!IF_RANGE(&v, "If-Range", "\"v1\", \"v2\""));
    cr_assert(!IF_RANGE(&v, "If-Range", "*"));
    cr_assert(!IF_RANGE(&v, "If-Range", ""));
    cr_assert(!IF_RANGE(&v, "If-Range", "tomorrow"));
    cr_assert(!IF_RANGE(&v, "If-Range", "\"v1\"", "If-Range", "\"v1\""));
}
