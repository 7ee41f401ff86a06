/*
 * test_range.c - the Range field (RFC 9110 14.1, 14.2) and tp_serve():
 * 200, 206 with one part and as multipart/byteranges (15.3.7), 304 and 412
 * (13.2.2), 416 (15.5.17), HEAD, for representations in memory and in a
 * file, checked on the bytes queued for the connection.
 */
#define _GNU_SOURCE
#include <criterion/criterion.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine.h"
#include "exchange.h"

static tp_str S(const char *s)
{
    return (tp_str){s, strlen(s)};
}

/* ---- tp_range_parse ---- */

static int parse(const char *v, uint64_t len, tp_range_set *set)
{
    memset(set, 0xa5, sizeof(*set));
    return tp_range_parse(S(v), len, set);
}

/* Expects 206 and exactly these ranges, given as first, last pairs. */
static void expect_ranges(const char *v, uint64_t len, size_t n,
                          const uint64_t *want)
{
    tp_range_set set;
    int code = parse(v, len, &set);
    cr_assert_eq(code, 206, "'%s' on %llu bytes: %d", v,
                 (unsigned long long)len, code);
    cr_assert_eq(set.n, n, "'%s': %zu ranges, not %zu", v, set.n, n);
    for (size_t i = 0; i < n; i++) {
        cr_assert_eq(set.r[i].first, want[2 * i], "'%s' range %zu first %llu",
                     v, i, (unsigned long long)set.r[i].first);
        cr_assert_eq(set.r[i].last, want[2 * i + 1], "'%s' range %zu last %llu",
                     v, i, (unsigned long long)set.r[i].last);
    }
}

#define RANGES(v, len, ...)                                                  \
    expect_ranges(v, len,                                                    \
                  sizeof((uint64_t[]){__VA_ARGS__}) / sizeof(uint64_t) / 2,  \
                  (uint64_t[]){__VA_ARGS__})

static void expect_code(const char *v, uint64_t len, int want)
{
    tp_range_set set;
    int code = parse(v, len, &set);
    cr_assert_eq(code, want, "'%s' on %llu bytes: %d, not %d", v,
                 (unsigned long long)len, code, want);
    if (code != 206)
        cr_assert_eq(set.n, 0);
}

Test(range, every_form)
{
    /* The examples of RFC 9110 14.1.2 on a 10000-byte representation. */
    RANGES("bytes=0-499", 10000, 0, 499);
    RANGES("bytes=500-999", 10000, 500, 999);
    RANGES("bytes=-500", 10000, 9500, 9999);
    RANGES("bytes=9500-", 10000, 9500, 9999);
    RANGES("bytes=0-0,-1", 10000, 0, 0, 9999, 9999);
    RANGES("bytes=500-600,601-999", 10000, 500, 999);
    RANGES("bytes=500-700,601-999", 10000, 500, 999);
    RANGES("bytes=0-", 10000, 0, 9999);
    RANGES("bytes=0-0", 1, 0, 0);
    RANGES("bytes=-1", 1, 0, 0);
}

Test(range, unit_is_case_insensitive)
{
    RANGES("BYTES=0-1", 100, 0, 1);
    RANGES("Bytes=0-1", 100, 0, 1);
}

Test(range, clamping_and_suffixes)
{
    RANGES("bytes=9000-20000", 10000, 9000, 9999);
    RANGES("bytes=0-18446744073709551615", 10000, 0, 9999);
    RANGES("bytes=-20000", 10000, 0, 9999);
    RANGES("bytes=-10000", 10000, 0, 9999);
    RANGES("bytes=-9999", 10000, 1, 9999);
    RANGES("bytes=9999-9999", 10000, 9999, 9999);
}

Test(range, lists)
{
    RANGES("bytes=0-1 , 5-6,, ,8-9", 100, 0, 1, 5, 6, 8, 9);
    RANGES("bytes=,0-1", 100, 0, 1);
    RANGES("bytes=0-1,", 100, 0, 1);
    RANGES("bytes=0-1\t,\t3-4", 100, 0, 1, 3, 4);
}

Test(range, coalescing_keeps_request_order)
{
    RANGES("bytes=0-10,5-20", 100, 0, 20);
    RANGES("bytes=0-9,10-19", 100, 0, 19);
    RANGES("bytes=10-19,0-9", 100, 0, 19);
    RANGES("bytes=0-9,11-19", 100, 0, 9, 11, 19);
    RANGES("bytes=50-60,0-10,55-70", 100, 50, 70, 0, 10);
    RANGES("bytes=0-10,20-30,5-25", 100, 0, 30);
    RANGES("bytes=80-90,20-30,0-10,5-25", 100, 80, 90, 0, 30);
    RANGES("bytes=40-50,0-1,45-", 100, 40, 99, 0, 1);
    RANGES("bytes=-10,0-5,90-95", 100, 90, 99, 0, 5);
    RANGES("bytes=0-1,0-1,0-1", 100, 0, 1);
    RANGES("bytes=5-5,4-4,3-3,2-2", 100, 2, 5);
}

Test(range, coalescing_chains)
{
    /* Each new range joins those before it into one. */
    RANGES("bytes=5-5,3-3,4-4", 100, 3, 5);
    RANGES("bytes=1-1,3-3,5-5,0-6", 100, 0, 6);
    RANGES("bytes=90-99,1-1,3-3,2-2", 100, 90, 99, 1, 3);
}

Test(range, unsatisfiable_is_416)
{
    expect_code("bytes=-0", 10000, 416);
    expect_code("bytes=10000-", 10000, 416);
    expect_code("bytes=10000-10001, -0", 10000, 416);
    expect_code("bytes=20000-30000", 10000, 416);
    expect_code("bytes=18446744073709551615-", 10000, 416);
    /* One satisfiable range is enough. */
    RANGES("bytes=20000-, 0-1, -0", 10000, 0, 1);
}

Test(range, zero_length_representation)
{
    /* No int-range is satisfiable (14.1.1).  A suffix-range with a
     * non-zero length is, but no Content-Range can name an empty range:
     * the field is ignored. */
    expect_code("bytes=0-", 0, 416);
    expect_code("bytes=0-0", 0, 416);
    expect_code("bytes=-0", 0, 416);
    expect_code("bytes=-1", 0, 200);
    expect_code("bytes=0-0,-5", 0, 200);
}

Test(range, invalid_syntax_is_ignored)
{
    static const char *const bad[] = {
        "",
        "bytes=",
        "bytes=,",
        "bytes= , ,",
        "bytes=5-2", /* last-pos before first-pos */
        "bytes=0-1,5-2",
        "bytes=abc",
        "bytes=0-1,abc",
        "bytes=0-1;",
        "bytes 0-1",
        "bytes =0-1",
        "bytes:0-1",
        "bytes=0 - 1",
        "bytes=0 -1",
        "bytes=1-2-3",
        "bytes=--1",
        "bytes=-",
        "bytes=-1-2",
        "bytes=+1-2",
        "bytes=0x10-",
        "bytes=1.5-2",
        "bytes=0-1 2-3",
        "=0-1",
        "bytes",
        "bytes=99999999999999999999-",
        "bytes=0-99999999999999999999",
        "bytes=-99999999999999999999",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        expect_code(bad[i], 10000, 200);
}

Test(range, other_units_are_ignored)
{
    expect_code("items=0-1", 10000, 200);
    expect_code("none=0-1", 10000, 200);
    expect_code("byte=0-1", 10000, 200);
    expect_code("bytesx=0-1", 10000, 200);
}

static char *repeat(const char *elem, size_t n, const char *prefix)
{
    size_t el = strlen(elem);
    char *s = malloc(strlen(prefix) + n * (el + 1) + 1);
    char *p = s + sprintf(s, "%s", prefix);
    for (size_t i = 0; i < n; i++) {
        if (i)
            *p++ = ',';
        memcpy(p, elem, el);
        p += el;
    }
    *p = '\0';
    return s;
}

Test(range, too_many_ranges)
{
    /* TP_MAX_RANGES disjoint ranges are served; one more is not. */
    char buf[1024];
    char *p = buf + sprintf(buf, "bytes=");
    for (int i = 0; i < TP_MAX_RANGES; i++)
        p += sprintf(p, "%s%d-%d", i ? "," : "", i * 10, i * 10 + 1);
    tp_range_set set;
    cr_assert_eq(tp_range_parse(S(buf), 1000, &set), 206);
    cr_assert_eq(set.n, TP_MAX_RANGES);
    sprintf(p, ",900-901");
    cr_assert_eq(tp_range_parse(S(buf), 1000, &set), 200);
    /* Many that coalesce into few are fine... */
    char *s = repeat("0-1", 256, "bytes=");
    cr_assert_eq(tp_range_parse(S(s), 1000, &set), 206);
    cr_assert_eq(set.n, 1);
    free(s);
    /* ...up to the guard on the count of range-specs. */
    s = repeat("0-1", 257, "bytes=");
    cr_assert_eq(tp_range_parse(S(s), 1000, &set), 200);
    free(s);
    /* Unsatisfiable ones count too. */
    s = repeat("5000-", 257, "bytes=");
    cr_assert_eq(tp_range_parse(S(s), 1000, &set), 200);
    free(s);
    /* And a field longer than the guard on its size. */
    s = repeat("0-1", 200, "bytes=");
    size_t len = strlen(s);
    char *big = malloc(len + 9000);
    memcpy(big, s, len);
    memset(big + len, ' ', 8999);
    big[len + 8999] = '\0';
    cr_assert_eq(tp_range_parse(S(big), 1000, &set), 200);
    free(big);
    free(s);
}

/* ---- tp_serve, on a fake exchange ---- */

/* A field line of the header section (not of a multipart part). */
static bool has_line(fixture *f, const char *line)
{
    const char *t = fx_out(f);
    const char *end = strstr(t, "\r\n\r\n");
    size_t ll = strlen(line);
    for (const char *p = strstr(t, "\r\n"); p && p < end;
         p = strstr(p + 2, "\r\n"))
        if (!strncmp(p + 2, line, ll) && p[2 + ll] == '\r')
            return true;
    return false;
}

static bool has_name(fixture *f, const char *name)
{
    const char *t = fx_out(f);
    const char *end = strstr(t, "\r\n\r\n");
    char pat[64];
    snprintf(pat, sizeof(pat), "\n%s:", name);
    const char *p = strcasestr(t, pat);
    return p && p < end;
}

static const char *field(fixture *f, const char *name, char *buf, size_t cap)
{
    const char *t = fx_out(f);
    char pat[64];
    snprintf(pat, sizeof(pat), "\n%s: ", name);
    const char *p = strcasestr(t, pat);
    if (!p)
        return NULL;
    p += strlen(pat);
    size_t n = strcspn(p, "\r");
    if (n >= cap)
        n = cap - 1;
    memcpy(buf, p, n);
    buf[n] = '\0';
    return buf;
}

static bool starts(fixture *f, const char *status_line)
{
    return !strncmp(fx_out(f), status_line, strlen(status_line));
}

static const char alphabet[] = "abcdefghijklmnopqrstuvwxyz";
#define LM ((time_t)784111777)

static tp_representation mem_rep(void)
{
    tp_representation r = {
        .content_type = "text/plain; charset=utf-8",
        .validators = {.etag = S("\"abc\""), .last_modified = LM,
                       .lm_strong = true, .exists = true},
        .fd = -1,
        .data = alphabet,
        .length = 26,
        .ranges = true,
    };
    return r;
}

static int temp_file(void)
{
    char path[] = "/tmp/teapot-range-XXXXXX";
    int fd = mkstemp(path);
    cr_assert_geq(fd, 0);
    unlink(path);
    cr_assert_eq(write(fd, alphabet, 26), 26);
    return fd;
}

static bool fd_closed(int fd)
{
    return fcntl(fd, F_GETFD) == -1 && errno == EBADF;
}

Test(serve, whole_from_memory)
{
    fixture *f = fx_new("GET");
    tp_representation r = mem_rep();
    tp_serve(f->x, &r);
    cr_assert(starts(f, "HTTP/1.1 200 OK\r\n"));
    cr_assert(has_line(f, "ETag: \"abc\""));
    cr_assert(has_line(f, "Last-Modified: Sun, 06 Nov 1994 08:49:37 GMT"));
    cr_assert(has_line(f, "Accept-Ranges: bytes"));
    cr_assert(has_line(f, "Content-Type: text/plain; charset=utf-8"));
    cr_assert(has_line(f, "Content-Length: 26"));
    cr_assert(!has_name(f, "Content-Range"));
    cr_assert_str_eq(fx_body(f), alphabet);
    fx_free(f);
}

Test(serve, no_validators_no_fields)
{
    fixture *f = fx_new("GET");
    tp_representation r = mem_rep();
    r.validators.etag = S("");
    r.validators.last_modified = 0;
    r.ranges = false;
    tp_serve(f->x, &r);
    cr_assert(starts(f, "HTTP/1.1 200 OK\r\n"));
    cr_assert(!has_name(f, "ETag"));
    cr_assert(!has_name(f, "Last-Modified"));
    cr_assert(!has_name(f, "Accept-Ranges"));
    fx_free(f);
}

Test(serve, last_modified_never_after_date)
{
    /* RFC 9110 8.8.2.1: a modification time in the future is sent as the
     * message's Date. */
    fixture *f = fx_new("GET");
    tp_representation r = mem_rep();
    r.validators.last_modified = time(NULL) + 86400;
    tp_serve(f->x, &r);
    char lm[64], date[64];
    cr_assert_not_null(field(f, "Last-Modified", lm, sizeof(lm)));
    cr_assert_not_null(field(f, "Date", date, sizeof(date)));
    cr_assert_str_eq(lm, date);
    fx_free(f);
}

Test(serve, single_range_from_memory)
{
    fixture *f = fx_new("GET");
    tp_response_header(f->x, "Cache-Control", "max-age=60");
    fx_hdr(f, "Range", "bytes=2-5");
    tp_representation r = mem_rep();
    tp_serve(f->x, &r);
    cr_assert(starts(f, "HTTP/1.1 206 Partial Content\r\n"));
    cr_assert(has_line(f, "Content-Range: bytes 2-5/26"));
    cr_assert(has_line(f, "Content-Length: 4"));
    cr_assert(has_line(f, "Content-Type: text/plain; charset=utf-8"));
    /* 15.3.7: the fields a 200 would have. */
    cr_assert(has_line(f, "ETag: \"abc\""));
    cr_assert(has_line(f, "Last-Modified: Sun, 06 Nov 1994 08:49:37 GMT"));
    cr_assert(has_line(f, "Accept-Ranges: bytes"));
    cr_assert(has_line(f, "Cache-Control: max-age=60"));
    cr_assert_str_eq(fx_body(f), "cdef");
    fx_free(f);
}

Test(serve, suffix_range)
{
    fixture *f = fx_new("GET");
    fx_hdr(f, "Range", "bytes=-3");
    tp_representation r = mem_rep();
    tp_serve(f->x, &r);
    cr_assert(has_line(f, "Content-Range: bytes 23-25/26"));
    cr_assert_str_eq(fx_body(f), "xyz");
    fx_free(f);
}

Test(serve, coalesced_to_one_is_not_multipart)
{
    /* 15.3.7.2: no multipart for a single range. */
    fixture *f = fx_new("GET");
    fx_hdr(f, "Range", "bytes=0-2,3-5");
    tp_representation r = mem_rep();
    tp_serve(f->x, &r);
    cr_assert(starts(f, "HTTP/1.1 206 "));
    cr_assert(has_line(f, "Content-Range: bytes 0-5/26"));
    cr_assert(has_line(f, "Content-Type: text/plain; charset=utf-8"));
    cr_assert_str_eq(fx_body(f), "abcdef");
    fx_free(f);
}

/* Parses a multipart/byteranges body back and checks it part by part:
 * `want` holds "first-last" strings in the expected order. */
static void check_multipart(fixture *f, const char *ctype, size_t n,
                            const char *const *want)
{
    char ct[256], cl[64];
    cr_assert_not_null(field(f, "Content-Type", ct, sizeof(ct)));
    static const char pre[] = "multipart/byteranges; boundary=";
    cr_assert(!strncmp(ct, pre, sizeof(pre) - 1), "Content-Type: %s", ct);
    const char *boundary = ct + sizeof(pre) - 1;
    cr_assert_eq(strlen(boundary), 20);
    cr_assert(!has_name(f, "Content-Range"),
              "Content-Range goes in the parts (15.3.7.2)");
    cr_assert_not_null(field(f, "Content-Length", cl, sizeof(cl)));
    const char *body = fx_body(f);
    cr_assert_eq(strtoull(cl, NULL, 10), strlen(body),
                 "Content-Length is exact");

    const char *p = body;
    char delim[300];
    snprintf(delim, sizeof(delim), "--%s\r\n", boundary);
    for (size_t i = 0; i < n; i++) {
        cr_assert(!strncmp(p, delim, strlen(delim)), "part %zu starts: %s", i,
                  p);
        p += strlen(delim);
        char line[256];
        if (ctype) {
            snprintf(line, sizeof(line), "Content-Type: %s\r\n", ctype);
            cr_assert(!strncmp(p, line, strlen(line)), "part %zu type", i);
            p += strlen(line);
        }
        unsigned long long a, b, len;
        cr_assert_eq(sscanf(p, "Content-Range: bytes %llu-%llu/%llu\r\n", &a,
                            &b, &len),
                     3);
        snprintf(line, sizeof(line), "%llu-%llu", a, b);
        cr_assert_str_eq(line, want[i]);
        cr_assert_eq(len, 26);
        p = strstr(p, "\r\n\r\n");
        cr_assert_not_null(p);
        p += 4;
        cr_assert(!strncmp(p, alphabet + a, b - a + 1), "part %zu data", i);
        p += b - a + 1;
        cr_assert(!strncmp(p, "\r\n", 2));
        p += 2;
    }
    snprintf(delim, sizeof(delim), "--%s--\r\n", boundary);
    cr_assert_str_eq(p, delim);
}

Test(serve, multipart_from_memory)
{
    fixture *f = fx_new("GET");
    fx_hdr(f, "Range", "bytes=20-,0-1,4-5");
    tp_representation r = mem_rep();
    tp_serve(f->x, &r);
    cr_assert(starts(f, "HTTP/1.1 206 Partial Content\r\n"));
    cr_assert(has_line(f, "ETag: \"abc\""));
    check_multipart(f, "text/plain; charset=utf-8", 3,
                    (const char *const[]){"20-25", "0-1", "4-5"});
    fx_free(f);
}

Test(serve, multipart_without_content_type)
{
    fixture *f = fx_new("GET");
    fx_hdr(f, "Range", "bytes=0-0,25-25");
    tp_representation r = mem_rep();
    r.content_type = NULL;
    tp_serve(f->x, &r);
    check_multipart(f, NULL, 2, (const char *const[]){"0-0", "25-25"});
    fx_free(f);
}

Test(serve, multipart_boundaries_differ)
{
    char a[256], b[256];
    for (int i = 0; i < 2; i++) {
        fixture *f = fx_new("GET");
        fx_hdr(f, "Range", "bytes=0-0,2-2");
        tp_representation r = mem_rep();
        tp_serve(f->x, &r);
        field(f, "Content-Type", i ? b : a, sizeof(a));
        fx_free(f);
    }
    cr_assert_str_neq(a, b);
}

Test(serve, multipart_large_parts)
{
    /* Parts larger than one piece of the writer's output. */
    size_t len = 100000;
    char *data = malloc(len);
    for (size_t i = 0; i < len; i++)
        data[i] = (char)('a' + i % 26);
    fixture *f = fx_new("GET");
    fx_hdr(f, "Range", "bytes=0-29999,-30000");
    tp_representation r = mem_rep();
    r.data = data;
    r.length = len;
    tp_serve(f->x, &r);
    /* The body is larger than the fixture's text buffer: count it. */
    while (tp_fill_body(f->x))
        ;
    const char *out = f->c.out->data + f->c.out->start;
    size_t n = f->c.out->len - f->c.out->start;
    const char *end = memmem(out, n, "\r\n\r\n", 4);
    cr_assert_not_null(end);
    char cl[32];
    const char *h = strcasestr(out, "\nContent-Length: ");
    cr_assert(h && h < end);
    sscanf(h + 17, "%31s", cl);
    size_t body = n - (size_t)(end + 4 - out);
    cr_assert_eq(strtoull(cl, NULL, 10), body);
    cr_assert(memmem(end, body, "Content-Range: bytes 0-29999/100000", 35));
    cr_assert(memmem(end, body, "Content-Range: bytes 70000-99999/100000", 39));
    cr_assert(f->x->body_done);
    fx_free(f);
    free(data);
}

Test(serve, unsatisfiable_is_416)
{
    fixture *f = fx_new("GET");
    fx_hdr(f, "Range", "bytes=26-");
    tp_representation r = mem_rep();
    tp_serve(f->x, &r);
    cr_assert(starts(f, "HTTP/1.1 416 Range Not Satisfiable\r\n"));
    cr_assert(has_line(f, "Content-Range: bytes */26"));
    cr_assert(!has_name(f, "ETag"), "the error body is not the representation");
    cr_assert(strstr(fx_body(f), "416"));
    fx_free(f);
}

Test(serve, invalid_range_is_200)
{
    fixture *f = fx_new("GET");
    fx_hdr(f, "Range", "bytes=5-2");
    tp_representation r = mem_rep();
    tp_serve(f->x, &r);
    cr_assert(starts(f, "HTTP/1.1 200 OK\r\n"));
    cr_assert_str_eq(fx_body(f), alphabet);
    fx_free(f);
}

Test(serve, two_range_fields_are_ignored)
{
    fixture *f = fx_new("GET");
    fx_hdr(f, "Range", "bytes=0-1");
    fx_hdr(f, "Range", "bytes=2-3");
    tp_representation r = mem_rep();
    tp_serve(f->x, &r);
    cr_assert(starts(f, "HTTP/1.1 200 OK\r\n"));
    fx_free(f);
}

Test(serve, head_ignores_range)
{
    /* 14.2: range handling is defined for GET only. */
    fixture *f = fx_new("HEAD");
    fx_hdr(f, "Range", "bytes=0-1");
    tp_representation r = mem_rep();
    tp_serve(f->x, &r);
    cr_assert(starts(f, "HTTP/1.1 200 OK\r\n"));
    cr_assert(has_line(f, "Content-Length: 26"));
    cr_assert(has_line(f, "Accept-Ranges: bytes"));
    cr_assert(has_line(f, "ETag: \"abc\""));
    cr_assert(!has_name(f, "Content-Range"));
    cr_assert_str_eq(fx_body(f), "");
    fx_free(f);
}

Test(serve, range_not_supported)
{
    fixture *f = fx_new("GET");
    fx_hdr(f, "Range", "bytes=0-1");
    tp_representation r = mem_rep();
    r.ranges = false;
    tp_serve(f->x, &r);
    cr_assert(starts(f, "HTTP/1.1 200 OK\r\n"));
    cr_assert(!has_name(f, "Accept-Ranges"));
    cr_assert_str_eq(fx_body(f), alphabet);
    fx_free(f);
}

Test(serve, if_range)
{
    static const struct {
        const char *if_range;
        int code;
    } t[] = {
        {"\"abc\"", 206},
        {"\"old\"", 200},
        {"W/\"abc\"", 200},
        {"Sun, 06 Nov 1994 08:49:37 GMT", 206},
        {"Sun, 06 Nov 1994 08:49:38 GMT", 200},
        {"garbage", 200},
    };
    for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
        fixture *f = fx_new("GET");
        fx_hdr(f, "Range", "bytes=0-1");
        fx_hdr(f, "If-Range", t[i].if_range);
        tp_representation r = mem_rep();
        tp_serve(f->x, &r);
        char want[32];
        snprintf(want, sizeof(want), "HTTP/1.1 %d ", t[i].code);
        cr_assert(starts(f, want), "If-Range: %s", t[i].if_range);
        cr_assert_str_eq(fx_body(f), t[i].code == 206 ? "ab" : alphabet);
        fx_free(f);
    }
}

Test(serve, not_modified)
{
    fixture *f = fx_new("GET");
    tp_response_header(f->x, "Cache-Control", "max-age=60");
    tp_response_header(f->x, "Vary", "Accept-Encoding");
    fx_hdr(f, "If-None-Match", "W/\"abc\"");
    fx_hdr(f, "Range", "bytes=0-1");
    tp_representation r = mem_rep();
    tp_serve(f->x, &r);
    cr_assert(starts(f, "HTTP/1.1 304 Not Modified\r\n"));
    cr_assert(has_line(f, "ETag: \"abc\""), "15.4.5: 304 carries ETag");
    cr_assert(has_line(f, "Cache-Control: max-age=60"));
    cr_assert(has_line(f, "Vary: Accept-Encoding"));
    cr_assert(has_line(f, "Last-Modified: Sun, 06 Nov 1994 08:49:37 GMT"));
    cr_assert(!has_name(f, "Content-Length"));
    cr_assert(!has_name(f, "Content-Type"));
    cr_assert(!has_name(f, "Content-Range"));
    cr_assert_str_eq(fx_body(f), "");
    fx_free(f);
}

Test(serve, not_modified_by_date_for_head)
{
    fixture *f = fx_new("HEAD");
    fx_hdr(f, "If-Modified-Since", "Sun, 06 Nov 1994 08:49:37 GMT");
    tp_representation r = mem_rep();
    tp_serve(f->x, &r);
    cr_assert(starts(f, "HTTP/1.1 304 "));
    fx_free(f);
}

Test(serve, precondition_failed)
{
    fixture *f = fx_new("GET");
    fx_hdr(f, "If-Match", "\"other\"");
    fx_hdr(f, "If-None-Match", "\"abc\"");
    tp_representation r = mem_rep();
    tp_serve(f->x, &r);
    cr_assert(starts(f, "HTTP/1.1 412 Precondition Failed\r\n"),
              "If-Match is evaluated first");
    cr_assert(!has_name(f, "ETag"));
    cr_assert(strstr(fx_body(f), "412"));
    fx_free(f);
}

/* ---- a representation in a file ---- */

Test(serve, whole_file)
{
    fixture *f = fx_new("GET");
    int fd = temp_file();
    tp_representation r = mem_rep();
    r.fd = fd;
    r.data = NULL;
    tp_serve(f->x, &r);
    cr_assert(starts(f, "HTTP/1.1 200 OK\r\n"));
    cr_assert(has_line(f, "Content-Length: 26"));
    cr_assert_eq(f->x->body_kind, TP_BODY_FILE);
    cr_assert_eq(f->x->body_fd, fd, "the engine owns the file now");
    cr_assert_eq(f->x->file_off, 0);
    cr_assert_eq(f->x->body_len, 26);
    fx_free(f);
}

Test(serve, single_range_of_a_file)
{
    fixture *f = fx_new("GET");
    fx_hdr(f, "Range", "bytes=2-5");
    int fd = temp_file();
    tp_representation r = mem_rep();
    r.fd = fd;
    r.data = NULL;
    tp_serve(f->x, &r);
    cr_assert(starts(f, "HTTP/1.1 206 Partial Content\r\n"));
    cr_assert(has_line(f, "Content-Range: bytes 2-5/26"));
    cr_assert(has_line(f, "Content-Length: 4"));
    cr_assert_eq(f->x->body_kind, TP_BODY_FILE);
    cr_assert_eq(f->x->body_fd, fd);
    cr_assert_eq(f->x->file_off, 2);
    cr_assert_eq(f->x->body_len, 4);
    fx_free(f);
}

Test(serve, multipart_from_a_file)
{
    fixture *f = fx_new("GET");
    fx_hdr(f, "Range", "bytes=-2,10-12");
    int fd = temp_file();
    tp_representation r = mem_rep();
    r.fd = fd;
    r.data = NULL;
    tp_serve(f->x, &r);
    cr_assert(starts(f, "HTTP/1.1 206 Partial Content\r\n"));
    cr_assert_eq(f->x->body_fd, fd, "closed by the engine at the end");
    check_multipart(f, "text/plain; charset=utf-8", 2,
                    (const char *const[]){"24-25", "10-12"});
    fx_free(f);
}

Test(serve, head_of_a_file)
{
    fixture *f = fx_new("HEAD");
    int fd = temp_file();
    tp_representation r = mem_rep();
    r.fd = fd;
    r.data = NULL;
    tp_serve(f->x, &r);
    cr_assert(has_line(f, "Content-Length: 26"));
    cr_assert_str_eq(fx_body(f), "");
    fx_free(f);
}

Test(serve, file_closed_on_304_412_416)
{
    static const char *const cases[][2] = {
        {"If-None-Match", "\"abc\""},
        {"If-Match", "\"zzz\""},
        {"Range", "bytes=100-"},
    };
    static const char *const status[] = {"HTTP/1.1 304 ", "HTTP/1.1 412 ",
                                         "HTTP/1.1 416 "};
    for (size_t i = 0; i < 3; i++) {
        fixture *f = fx_new("GET");
        fx_hdr(f, cases[i][0], cases[i][1]);
        int fd = temp_file();
        tp_representation r = mem_rep();
        r.fd = fd;
        r.data = NULL;
        tp_serve(f->x, &r);
        cr_assert(starts(f, status[i]), "%s: %s", cases[i][0], cases[i][1]);
        cr_assert(fd_closed(fd), "%s", status[i]);
        cr_assert_eq(f->x->body_fd, -1);
        fx_free(f);
    }
}

Test(serve, empty_file)
{
    fixture *f = fx_new("GET");
    fx_hdr(f, "Range", "bytes=0-");
    char path[] = "/tmp/teapot-range-XXXXXX";
    int fd = mkstemp(path);
    unlink(path);
    tp_representation r = mem_rep();
    r.fd = fd;
    r.data = NULL;
    r.length = 0;
    tp_serve(f->x, &r);
    cr_assert(starts(f, "HTTP/1.1 416 "));
    cr_assert(has_line(f, "Content-Range: bytes */0"));
    cr_assert(fd_closed(fd));
    fx_free(f);
}

/* ---- coalescing against a model ---- */

/* Random Range fields on a 64-byte representation, checked against a
 * bitmap of the bytes asked for: the same bytes, in ranges that neither
 * overlap nor touch, each placed where its earliest range-spec was. */
Test(range, coalescing_matches_a_model)
{
    enum { LEN = 64, ROUNDS = 20000 };
    unsigned seed = 12345;
    for (int round = 0; round < ROUNDS; round++) {
        char field[512];
        char *p = field + sprintf(field, "bytes=");
        int nspec = 1 + (int)(rand_r(&seed) % 12);
        uint64_t want = 0;
        int first_of[LEN]; /* earliest spec index covering each byte */
        for (int b = 0; b < LEN; b++)
            first_of[b] = -1;
        for (int k = 0; k < nspec; k++) {
            int a = (int)(rand_r(&seed) % (LEN + 8));
            int len = 1 + (int)(rand_r(&seed) % 10);
            int kind = (int)(rand_r(&seed) % 3);
            int lo, hi;
            if (kind == 0) {
                p += sprintf(p, "%s%d-%d", k ? "," : "", a, a + len - 1);
                lo = a, hi = a + len - 1;
            } else if (kind == 1) {
                p += sprintf(p, "%s%d-", k ? "," : "", a);
                lo = a, hi = LEN - 1;
            } else {
                p += sprintf(p, "%s-%d", k ? "," : "", len);
                lo = len >= LEN ? 0 : LEN - len, hi = LEN - 1;
            }
            if (hi >= LEN)
                hi = LEN - 1;
            for (int b = lo; b <= hi; b++) {
                want |= 1ULL << b;
                if (first_of[b] < 0)
                    first_of[b] = k;
            }
        }
        tp_range_set set;
        int code = tp_range_parse(S(field), LEN, &set);
        if (!want) {
            cr_assert_eq(code, 416, "%s", field);
            continue;
        }
        /* Count the runs of the bitmap: the coalesced ranges. */
        int runs = 0;
        for (int b = 0; b < LEN; b++)
            if ((want >> b & 1) && (b == 0 || !(want >> (b - 1) & 1)))
                runs++;
        if (runs > TP_MAX_RANGES) {
            cr_assert_eq(code, 200, "%s", field);
            continue;
        }
        cr_assert_eq(code, 206, "%s", field);
        cr_assert_eq(set.n, (size_t)runs, "%s", field);
        uint64_t got = 0;
        int prev_order = -1;
        for (size_t i = 0; i < set.n; i++) {
            cr_assert_leq(set.r[i].first, set.r[i].last);
            cr_assert_lt(set.r[i].last, LEN);
            int order = nspec;
            for (uint64_t b = set.r[i].first; b <= set.r[i].last; b++) {
                cr_assert(!(got >> b & 1), "%s: overlap", field);
                got |= 1ULL << b;
                if (first_of[b] < order)
                    order = first_of[b];
            }
            cr_assert_gt(order, prev_order, "%s: order", field);
            prev_order = order;
        }
        cr_assert_eq(got, want, "%s", field);
    }
}
