/*
 * parse.c - the wire syntax of an HTTP/1.1 request (RFC 9112).
 *
 * This file owns everything between the bytes a client sent and a request
 * the engine can route: it slices the request line and the field lines out
 * of the read buffer without copying, applies the framing rules that decide
 * where the body ends (Host, Content-Length, Transfer-Encoding, Connection,
 * Expect, RFC 2774 declarations) and decodes the chunked transfer coding in
 * place.  A rejection is a status code and a one-line reason; nothing here
 * allocates, writes to a socket or keeps state outside the caller's structs.
 */
#define _GNU_SOURCE /* memrchr */
#include "parse.h"

#include <string.h>

#if defined(__SSE2__) && !defined(TP_PARSE_NO_SIMD)
#include <emmintrin.h>
#define TP_USE_SSE2 1
#endif

/* ---- character classes ---- */

enum {
    C_TCHAR = 0x01,   /* token (RFC 9110 5.6.2) */
    C_VALUE = 0x02,   /* field-vchar, SP, HTAB (RFC 9110 5.5) */
    C_TARGET = 0x04,  /* VCHAR except '#' */
    C_HEX = 0x08,
    C_REGNAME = 0x10, /* unreserved / sub-delims of RFC 3986, except ',' */
    C_QDTEXT = 0x20,  /* qdtext (RFC 9110 5.6.4) */
    C_SCHEME = 0x40,  /* ALPHA / DIGIT / "+" / "-" / "." */
    C_DIGIT = 0x80,
};

static const uint8_t cls[256] = {
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x22, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x22, 0x37, 0x06, 0x23, 0x37, 0x27, 0x37, 0x37, 0x36, 0x36, 0x37, 0x77, 0x26, 0x77, 0x77, 0x26,
    0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x26, 0x36, 0x26, 0x36, 0x26, 0x26,
    0x26, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0x77, 0x77, 0x77, 0x77, 0x77, 0x77, 0x77, 0x77, 0x77,
    0x77, 0x77, 0x77, 0x77, 0x77, 0x77, 0x77, 0x77, 0x77, 0x77, 0x77, 0x26, 0x06, 0x26, 0x27, 0x37,
    0x27, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0x7f, 0x77, 0x77, 0x77, 0x77, 0x77, 0x77, 0x77, 0x77, 0x77,
    0x77, 0x77, 0x77, 0x77, 0x77, 0x77, 0x77, 0x77, 0x77, 0x77, 0x77, 0x26, 0x27, 0x26, 0x37, 0x00,
    0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22,
    0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22,
    0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22,
    0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22,
    0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22,
    0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22,
    0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22,
    0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22, 0x22,
};

#define IS(c, k) (cls[(unsigned char)(c)] & (k))

static inline unsigned char lower(unsigned char c)
{
    return (unsigned char)((unsigned)c - 'A' < 26u ? c + 32 : c);
}

static inline int hexval(unsigned char c)
{
    return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}

static int fail(const char **why, int status, const char *msg)
{
    if (why)
        *why = msg;
    return -status;
}

/*
 * ---- scanners ----
 *
 * Each returns the first byte in [p, end) outside its class, or end.  With
 * SSE2 (every x86-64) a 16-byte block costs a handful of compares, which
 * beats both a byte loop and PCMPESTRI's long latency.  The loads never
 * leave the caller's buffer, which starts at `floor`: the last partial
 * block is read as the 16 bytes ending at `end`, and the bits of bytes
 * already seen are shifted out.
 */

#if defined(TP_USE_SSE2)

enum { K_VALUE, K_TARGET, K_NAME, K_HOST };

/* One bit per byte of x that is outside class k.  K_NAME and K_HOST are
 * only the common subsets of tchar (letters, digits, '-') and of reg-name
 * (the same and '.'); the table settles the rest. */
static inline unsigned outside(__m128i x, int k)
{
    __m128i bad;
    if (k == K_VALUE) {
        /* controls other than HTAB, and DEL; obs-text is allowed */
        __m128i ctl = _mm_cmpeq_epi8(_mm_min_epu8(x, _mm_set1_epi8(0x1f)), x);
        bad = _mm_or_si128(
            _mm_andnot_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('\t')), ctl),
            _mm_cmpeq_epi8(x, _mm_set1_epi8(0x7f)));
    } else if (k == K_TARGET) {
        /* x + 0x5f maps 0x21..0x7e onto -128..-35 (signed) and every other
         * byte above -35, so one signed compare finds the outsiders. */
        bad = _mm_or_si128(
            _mm_cmpgt_epi8(_mm_add_epi8(x, _mm_set1_epi8(0x5f)), _mm_set1_epi8(-35)),
            _mm_cmpeq_epi8(x, _mm_set1_epi8('#')));
    } else {
        /* the same bias trick: letters (case folded) onto -128..-103,
         * digits onto -128..-119; host names also have dots */
        __m128i l = _mm_add_epi8(_mm_or_si128(x, _mm_set1_epi8(0x20)),
                                 _mm_set1_epi8(0x1f));
        __m128i d = _mm_add_epi8(x, _mm_set1_epi8(0x50));
        __m128i punct = _mm_cmpeq_epi8(x, _mm_set1_epi8('-'));
        if (k == K_HOST)
            punct = _mm_or_si128(punct, _mm_cmpeq_epi8(x, _mm_set1_epi8('.')));
        bad = _mm_and_si128(_mm_cmpgt_epi8(l, _mm_set1_epi8(-103)),
                            _mm_cmpgt_epi8(d, _mm_set1_epi8(-119)));
        bad = _mm_andnot_si128(punct, bad);
    }
    return (unsigned)_mm_movemask_epi8(bad);
}

static inline __m128i load16(const char *p)
{
    return _mm_loadu_si128((const __m128i *)(const void *)p);
}

static inline const char *vscan(const char *p, const char *end,
                                const char *floor, int k)
{
    while (end - p >= 16) {
        unsigned m = outside(load16(p), k);
        if (m)
            return p + __builtin_ctz(m);
        p += 16;
    }
    if (p < end && end - floor >= 16) {
        unsigned m = outside(load16(end - 16), k) >> (16 - (end - p));
        return m ? p + __builtin_ctz(m) : end;
    }
    return p;
}

#define VSCAN(p, end, floor, k) ((p) = vscan((p), (end), (floor), (k)))

#else /* word at a time */

#define ONES ((uint64_t)0x0101010101010101u)
#define HIGHS (ONES * 0x80)
/* Exact "is there such a byte in w" tests: a borrow or carry can only
 * arise next to a byte that already answers yes. */
static inline uint64_t any_below(uint64_t w, unsigned n)
{
    return (w - ONES * n) & ~w & HIGHS;
}
static inline uint64_t any_above(uint64_t w, unsigned n)
{
    return ((w + ONES * (127 - n)) | w) & HIGHS;
}
static inline uint64_t any_equal(uint64_t w, unsigned char c)
{
    return any_below(w ^ (ONES * c), 1);
}

#define VSCAN(p, end, floor, k) ((void)(floor))

#endif

/* Field value bytes: HTAB, SP, VCHAR, obs-text. */
static inline const char *scan_value(const char *p, const char *end,
                                     const char *floor)
{
#if defined(TP_USE_SSE2)
    if (end - floor >= 16) /* the vector answer is exact */
        return vscan(p, end, floor, K_VALUE);
#else
    (void)floor;
    while (end - p >= 8) {
        uint64_t w;
        memcpy(&w, p, 8);
        if (any_below(w, 0x20) | any_equal(w, 0x7f))
            break;
        p += 8;
    }
#endif
    while (p < end && IS(*p, C_VALUE))
        p++;
    return p;
}

/* request-target bytes: VCHAR except '#'. */
static inline const char *scan_target(const char *p, const char *end,
                                      const char *floor)
{
#if defined(TP_USE_SSE2)
    if (end - floor >= 16)
        return vscan(p, end, floor, K_TARGET);
#else
    (void)floor;
    while (end - p >= 8) {
        uint64_t w;
        memcpy(&w, p, 8);
        if (any_below(w, 0x21) | any_above(w, 0x7e) | any_equal(w, '#'))
            break;
        p += 8;
    }
#endif
    while (p < end && IS(*p, C_TARGET))
        p++;
    return p;
}

/* Methods and field names: the vector pass stops at the first byte that is
 * not a letter, digit or '-' (usually the SP or ':'), the table decides
 * from there. */
static inline const char *scan_name(const char *p, const char *end,
                                    const char *floor)
{
    VSCAN(p, end, floor, K_NAME);
    if (p < end && *p == ':')
        return p;
    while (p < end && IS(*p, C_TCHAR))
        p++;
    return p;
}

/* Tokens inside field values (codings, parameters): short, table only. */
static inline const char *scan_tchar(const char *p, const char *end)
{
    while (p < end && IS(*p, C_TCHAR))
        p++;
    return p;
}

/* ---- methods ---- */

static const char *const method_names[] = {
    [TP_M_GET] = "GET",         [TP_M_HEAD] = "HEAD",
    [TP_M_POST] = "POST",       [TP_M_PUT] = "PUT",
    [TP_M_DELETE] = "DELETE",   [TP_M_CONNECT] = "CONNECT",
    [TP_M_OPTIONS] = "OPTIONS", [TP_M_TRACE] = "TRACE",
    [TP_M_PATCH] = "PATCH",     [TP_M_PROPFIND] = "PROPFIND",
    [TP_M_PROPPATCH] = "PROPPATCH", [TP_M_MKCOL] = "MKCOL",
    [TP_M_COPY] = "COPY",       [TP_M_MOVE] = "MOVE",
    [TP_M_LOCK] = "LOCK",       [TP_M_UNLOCK] = "UNLOCK",
    [TP_M_QUERY] = "QUERY",     [TP_M_BREW] = "BREW",
};

const char *tp_method_name(tp_method m)
{
    if (m <= TP_M_OTHER || m >= TP_M_REGISTERED)
        return NULL;
    return method_names[m];
}

#define IS_M(lit) (memcmp(p, lit, sizeof(lit) - 1) == 0)

tp_method tp_method_lookup(const char *p, size_t n)
{
    /* The length and the first byte leave a few candidates at most, each
     * settled by one fixed-size compare. */
    switch (n) {
    case 3:
        switch (p[0]) {
        case 'G': return IS_M("GET") ? TP_M_GET : TP_M_OTHER;
        case 'P':
            if (IS_M("PUT"))
                return TP_M_PUT;
            return IS_M("PRI") ? TP_M_REGISTERED : TP_M_OTHER;
        case 'A': return IS_M("ACL") ? TP_M_REGISTERED : TP_M_OTHER;
        }
        break;
    case 4:
        switch (p[0]) {
        case 'H': return IS_M("HEAD") ? TP_M_HEAD : TP_M_OTHER;
        case 'P': return IS_M("POST") ? TP_M_POST : TP_M_OTHER;
        case 'C': return IS_M("COPY") ? TP_M_COPY : TP_M_OTHER;
        case 'M': return IS_M("MOVE") ? TP_M_MOVE : TP_M_OTHER;
        case 'L':
            if (IS_M("LOCK"))
                return TP_M_LOCK;
            return IS_M("LINK") ? TP_M_REGISTERED : TP_M_OTHER;
        case 'B':
            if (IS_M("BREW"))
                return TP_M_BREW;
            return IS_M("BIND") ? TP_M_REGISTERED : TP_M_OTHER;
        }
        break;
    case 5:
        switch (p[0]) {
        case 'T': return IS_M("TRACE") ? TP_M_TRACE : TP_M_OTHER;
        case 'P': return IS_M("PATCH") ? TP_M_PATCH : TP_M_OTHER;
        case 'Q': return IS_M("QUERY") ? TP_M_QUERY : TP_M_OTHER;
        case 'L': return IS_M("LABEL") ? TP_M_REGISTERED : TP_M_OTHER;
        case 'M':
            if (IS_M("MKCOL"))
                return TP_M_MKCOL;
            return IS_M("MERGE") ? TP_M_REGISTERED : TP_M_OTHER;
        }
        break;
    case 6:
        switch (p[0]) {
        case 'D': return IS_M("DELETE") ? TP_M_DELETE : TP_M_OTHER;
        case 'U':
            if (IS_M("UNLOCK"))
                return TP_M_UNLOCK;
            return IS_M("UNBIND") || IS_M("UNLINK") || IS_M("UPDATE")
                       ? TP_M_REGISTERED : TP_M_OTHER;
        case 'R':
            return IS_M("REBIND") || IS_M("REPORT") ? TP_M_REGISTERED
                                                    : TP_M_OTHER;
        case 'S': return IS_M("SEARCH") ? TP_M_REGISTERED : TP_M_OTHER;
        }
        break;
    case 7:
        switch (p[0]) {
        case 'C':
            if (IS_M("CONNECT"))
                return TP_M_CONNECT;
            return IS_M("CHECKIN") ? TP_M_REGISTERED : TP_M_OTHER;
        case 'O': return IS_M("OPTIONS") ? TP_M_OPTIONS : TP_M_OTHER;
        }
        break;
    case 8:
        switch (p[0]) {
        case 'P': return IS_M("PROPFIND") ? TP_M_PROPFIND : TP_M_OTHER;
        case 'C': return IS_M("CHECKOUT") ? TP_M_REGISTERED : TP_M_OTHER;
        }
        break;
    case 9:
        return IS_M("PROPPATCH") ? TP_M_PROPPATCH : TP_M_OTHER;
    case 10:
        return IS_M("MKACTIVITY") || IS_M("MKCALENDAR") || IS_M("UNCHECKOUT")
                       || IS_M("ORDERPATCH")
                   ? TP_M_REGISTERED : TP_M_OTHER;
    case 11:
        return IS_M("MKWORKSPACE") ? TP_M_REGISTERED : TP_M_OTHER;
    case 13:
        return IS_M("MKREDIRECTREF") ? TP_M_REGISTERED : TP_M_OTHER;
    case 15:
        return IS_M("VERSION-CONTROL") ? TP_M_REGISTERED : TP_M_OTHER;
    case 16:
        return IS_M("BASELINE-CONTROL") ? TP_M_REGISTERED : TP_M_OTHER;
    case 17:
        return IS_M("UPDATEREDIRECTREF") ? TP_M_REGISTERED : TP_M_OTHER;
    }
    return TP_M_OTHER;
}

#undef IS_M

/* ---- host and authority (RFC 3986 3.2.2, 3.2.3) ---- */

static bool valid_ipv4(const char *p, const char *e)
{
    for (int octet = 0; octet < 4; octet++) {
        if (octet > 0) {
            if (p == e || *p != '.')
                return false;
            p++;
        }
        const char *s = p;
        unsigned v = 0;
        while (p < e && IS(*p, C_DIGIT) && p - s < 3)
            v = v * 10 + (unsigned)(*p++ - '0');
        /* dec-octet has no leading zeros */
        if (p == s || v > 255 || (p - s > 1 && *s == '0'))
            return false;
    }
    return p == e;
}

static bool valid_ipv6(const char *p, const char *e)
{
    int groups = 0;
    bool elided = false;

    if (p < e && *p == ':') {
        if (e - p < 2 || p[1] != ':')
            return false;
        elided = true;
        p += 2;
    }
    while (p < e) {
        const char *s = p;
        while (p < e && IS(*p, C_HEX) && p - s < 5)
            p++;
        if (p < e && *p == '.') {
            /* a dotted quad stands for the last two groups */
            if (!valid_ipv4(s, e))
                return false;
            groups += 2;
            break;
        }
        if (p == s || p - s > 4)
            return false;
        groups++;
        if (p == e)
            break;
        if (*p != ':')
            return false;
        p++;
        if (p < e && *p == ':') {
            if (elided)
                return false;
            elided = true;
            p++;
        } else if (p == e) {
            return false;
        }
    }
    return elided ? groups <= 7 : groups == 8;
}

static bool valid_ip_literal(const char *p, const char *e)
{
    if (p < e && (*p == 'v' || *p == 'V')) {
        /* IPvFuture: "v" 1*HEXDIG "." 1*( unreserved / sub-delims / ":" ) */
        const char *s = ++p;
        while (p < e && IS(*p, C_HEX))
            p++;
        if (p == s || p == e || *p != '.')
            return false;
        s = ++p;
        while (p < e && (IS(*p, C_REGNAME) || *p == ':'))
            p++;
        return p == e && p > s;
    }
    return valid_ipv6(p, e);
}

/*
 * uri-host [ ":" port ].  A comma is refused although RFC 3986 allows it as
 * a sub-delim: in a Host field it reads as a list, which is invalid, and
 * no real host name has one.
 */
static bool valid_host_port(const char *p, size_t n, bool need_host,
                            bool need_port, const char *floor)
{
    const char *e = p + n;

    if (p < e && *p == '[') {
        const char *rb = memchr(p, ']', n);
        if (!rb || !valid_ip_literal(p + 1, rb))
            return false;
        p = rb + 1;
    } else {
        const char *h = p;
        VSCAN(p, e, floor, K_HOST);
        for (;;) {
            while (p < e && IS(*p, C_REGNAME))
                p++;
            if (p == e || *p != '%')
                break;
            if (e - p < 3 || !IS(p[1], C_HEX) || !IS(p[2], C_HEX))
                return false;
            p += 3;
        }
        if (need_host && p == h)
            return false;
    }
    if (p == e)
        return !need_port;
    if (*p != ':')
        return false;
    p++;
    if (need_port && p == e)
        return false;
    for (; p < e; p++)
        if (!IS(*p, C_DIGIT))
            return false;
    return true;
}

/* ---- the request-target (RFC 9112 3.2) ---- */

static const char root_path[] = "/";

static void split_query(tp_request_head *req, const char *p, const char *e)
{
    const char *q = memchr(p, '?', (size_t)(e - p));
    if (q) {
        req->path = (tp_str){p, (size_t)(q - p)};
        req->query = (tp_str){q + 1, (size_t)(e - q - 1)};
    } else {
        req->path = (tp_str){p, (size_t)(e - p)};
        req->query = (tp_str){e, 0};
    }
}

static int classify_target(tp_request_head *req, const char **why)
{
    const char *t = req->target.ptr;
    size_t n = req->target.len;
    const char *e = t + n;

    req->authority = (tp_str){t, 0};
    req->query = (tp_str){e, 0};

    /* RFC 9112 3.2.3: CONNECT takes authority-form and nothing else, and
     * RFC 9110 9.3.6 makes the port mandatory. */
    if (req->method_id == TP_M_CONNECT) {
        if (!valid_host_port(t, n, true, true, t))
            return fail(why, 400, "CONNECT requires an authority-form target");
        req->form = TP_TARGET_AUTHORITY;
        req->authority = req->target;
        req->path = (tp_str){t, 0};
        return 0;
    }
    if (t[0] == '/') {
        req->form = TP_TARGET_ORIGIN;
        split_query(req, t, e);
        return 0;
    }
    if (t[0] == '*') {
        if (n != 1)
            return fail(why, 400, "malformed request-target");
        if (req->method_id != TP_M_OPTIONS)
            return fail(why, 400, "asterisk-form is only allowed with OPTIONS");
        req->form = TP_TARGET_ASTERISK;
        req->path = req->target;
        return 0;
    }

    /* absolute-form: scheme "://" authority path-abempty [ "?" query ] */
    if ((unsigned)((t[0] | 0x20) - 'a') >= 26)
        return fail(why, 400, "malformed request-target");
    size_t i = 1;
    while (i < n && IS(t[i], C_SCHEME))
        i++;
    if (n - i < 3 || t[i] != ':' || t[i + 1] != '/' || t[i + 2] != '/')
        return fail(why, 400, "malformed request-target");
    bool http = (i == 4 && tp_str_ieq((tp_str){t, 4}, "http"))
                || (i == 5 && tp_str_ieq((tp_str){t, 5}, "https"));
    const char *a = t + i + 3, *ae = a;
    while (ae < e && *ae != '/' && *ae != '?')
        ae++;
    /* RFC 9110 4.2.1: an http(s) URI with an empty host is invalid; 4.2.4:
     * userinfo is treated as an error (it is not a uri-host character). */
    if (!valid_host_port(a, (size_t)(ae - a), http, false, t))
        return fail(why, 400, "invalid authority in request-target");
    req->form = TP_TARGET_ABSOLUTE;
    req->authority = (tp_str){a, (size_t)(ae - a)};
    split_query(req, ae, e);
    if (req->path.len == 0)
        req->path = (tp_str){root_path, 1};
    return 0;
}

/*
 * ---- the request line and header section ----
 *
 * The parse is a pure function of the bytes: on a prefix it either stops
 * for lack of bytes (0) or reaches the same verdict as on any longer buffer.
 * Limits are enforced by never looking past the byte that would exceed
 * them, which keeps that property: an error earlier in the buffer always
 * wins over a limit crossed later.
 */
static int parse_head(const char *buf, size_t len, tp_request_head *req,
                      const char **why)
{
    const char *p = buf, *end = buf + len, *lim;

    if (len == 0)
        return TP_PARSE_INCOMPLETE;

    /* RFC 9112 2.2: one empty line before the request line is tolerated
     * (a client may send CRLF after a POST body); a second is not. */
    if (*p == '\r' || *p == '\n') {
        if (*p == '\r') {
            if (len < 2)
                return TP_PARSE_INCOMPLETE;
            if (p[1] != '\n')
                return fail(why, 400, "bare CR");
            p += 2;
        } else {
            p++;
        }
        if (p == end)
            return TP_PARSE_INCOMPLETE;
        if (*p == '\r' || *p == '\n')
            return fail(why, 400, "more than one empty line before the request line");
    }

    /* method SP */
    const char *m = p, *t;
#if defined(TP_USE_SSE2)
    /* The same trick as for field lines: the method and usually the
     * target end inside the first 16 bytes. */
    if (end - p >= 16) {
        __m128i x = load16(p);
        unsigned nm = outside(x, K_NAME);
        unsigned c = nm ? (unsigned)__builtin_ctz(nm) : 16;
        if (c > 0 && c < 16 && p[c] == ' ') {
            unsigned after = outside(x, K_TARGET) & ~((2u << c) - 1);
            req->method = (tp_str){m, c};
            t = p + c + 1;
            lim = (size_t)(end - t) > TP_MAX_TARGET ? t + TP_MAX_TARGET + 1 : end;
            p = after ? m + __builtin_ctz(after) : scan_target(m + 16, lim, buf);
            goto have_target_end;
        }
    }
#endif
    lim = (size_t)(end - p) > TP_MAX_METHOD ? p + TP_MAX_METHOD + 1 : end;
    p = scan_name(p, lim, buf);
    if (p - m > TP_MAX_METHOD) /* 501 */
        return fail(why, 501, "method too long");
    if (p == end)
        return TP_PARSE_INCOMPLETE;
    if (*p != ' ')
        return fail(why, 400, *p == '\r' || *p == '\n' || *p == '\t'
                                  ? "malformed request line"
                                  : "invalid character in method");
    if (p == m)
        return fail(why, 400, "malformed request line");
    req->method = (tp_str){m, (size_t)(p - m)};
    p++;

    /* request-target SP */
    t = p;
    lim = (size_t)(end - p) > TP_MAX_TARGET ? p + TP_MAX_TARGET + 1 : end;
    p = scan_target(p, lim, buf);
#if defined(TP_USE_SSE2)
have_target_end:
#endif
    if (p - t > TP_MAX_TARGET) /* 414 */
        return fail(why, 414, "request-target too long");
    if (p == end)
        return TP_PARSE_INCOMPLETE;
    if (*p != ' ' || p == t) {
        if (*p == '#')
            return fail(why, 400, "fragment in request-target");
        if (*p == ' ' || *p == '\r' || *p == '\n')
            return fail(why, 400, "malformed request line");
        return fail(why, 400, "invalid character in request-target");
    }
    req->target = (tp_str){t, (size_t)(p - t)};
    req->method_id = tp_method_lookup(m, req->method.len);
    int rc = classify_target(req, why);
    if (rc)
        return rc;
    p++;

    /* HTTP-version CRLF: "HTTP/" DIGIT "." DIGIT, case-sensitive */
    size_t avail = (size_t)(end - p);
    if (avail >= 10 && memcmp(p, "HTTP/1.1\r\n", 10) == 0) {
        req->version_major = 1;
        req->version_minor = 1;
        p += 10;
    } else {
        static const char pattern[8] = {'H', 'T', 'T', 'P', '/', '1', '.', '1'};
        size_t k = avail < 8 ? avail : 8;
        for (size_t i = 0; i < k; i++) {
            bool ok = (i == 5 || i == 7) ? IS(p[i], C_DIGIT) != 0
                                         : p[i] == pattern[i];
            if (!ok)
                return fail(why, 400, "malformed HTTP version");
        }
        if (avail < 9)
            return TP_PARSE_INCOMPLETE;
        const char *v = p;
        if (p[8] == '\n') {
            p += 9;
        } else if (p[8] == '\r') {
            if (avail < 10)
                return TP_PARSE_INCOMPLETE;
            if (p[9] != '\n')
                return fail(why, 400, "bare CR");
            p += 10;
        } else {
            return fail(why, 400, "malformed HTTP version");
        }
        /* 505: only HTTP/1.x is spoken here (RFC 9110 15.6.6) */
        if (v[5] != '1')
            return fail(why, 505, "HTTP version not supported");
        req->version_major = 1;
        /* RFC 9110 2.5: a higher minor version is served as the highest
         * one we implement. */
        req->version_minor = v[7] == '0' ? 0 : 1;
    }

    /* field lines, then the empty line */
    const char *sec = p;
    /* 431: nothing at or past sec_end can belong to an acceptable section */
    const char *sec_end = (size_t)(end - sec) > TP_MAX_HEADER_SECTION
                              ? sec + TP_MAX_HEADER_SECTION : end;
    size_t n = 0;
    for (;;) {
        if (p == sec_end)
            goto out_of_bytes;
        if (*p == '\r') {
            if (p + 1 == sec_end)
                goto out_of_bytes;
            if (p[1] != '\n')
                return fail(why, 400, "bare CR");
            p += 2;
            break;
        }
        if (*p == '\n') {
            p++;
            break;
        }
        if (n == TP_MAX_FIELDS) /* 431 */
            return fail(why, 431, "too many header fields");
        /* RFC 9112 5.2 and 2.2: obs-fold, or whitespace after the start
         * line, either of which a recipient may reject */
        if (*p == ' ' || *p == '\t')
            return fail(why, 400, n ? "obs-fold is not accepted"
                                    : "whitespace before the first field line");

        const char *line = p, *colon, *v;
        /* 431: a field line's content (terminator excluded) */
        lim = (size_t)(sec_end - line) > TP_MAX_FIELD_LINE
                  ? line + TP_MAX_FIELD_LINE + 1 : sec_end;
#if defined(TP_USE_SSE2)
        /* Most field lines have a short name and often a short value: one
         * load classifies its first 16 bytes both ways, which takes a
         * whole dependent scan off each line. */
        if (lim - line >= 16) {
            __m128i x = load16(line);
            unsigned nm = outside(x, K_NAME), vm = outside(x, K_VALUE);
            unsigned c = nm ? (unsigned)__builtin_ctz(nm) : 16;
            if (c > 0 && c < 16 && line[c] == ':') {
                unsigned after = vm & ~((2u << c) - 1);
                colon = line + c;
                p = after ? line + __builtin_ctz(after)
                          : scan_value(line + 16, lim, buf);
                goto have_value_end;
            }
        }
#endif
        p = scan_name(p, lim, buf);
        if (p == lim)
            goto line_out_of_bytes;
        if (*p != ':') {
            if (p == line)
                return fail(why, 400, "invalid character in field name");
            if (*p == ' ' || *p == '\t')
                return fail(why, 400, "whitespace between field name and colon");
            if (*p == '\r' || *p == '\n')
                return fail(why, 400, "field line without a colon");
            return fail(why, 400, "invalid character in field name");
        }
        if (p == line)
            return fail(why, 400, "empty field name");
        colon = p;
        p = scan_value(p + 1, lim, buf);
#if defined(TP_USE_SSE2)
    have_value_end:
#endif
        if (p == lim)
            goto line_out_of_bytes;
        tp_field *f = &req->fields[n];
        f->name = (tp_str){line, (size_t)(colon - line)};
        v = colon + 1;
        while (v < p && (*v == ' ' || *v == '\t'))
            v++;
        const char *ve = p;
        if (*p == '\r') {
            if (p + 1 == sec_end)
                goto out_of_bytes;
            if (p[1] != '\n')
                return fail(why, 400, "bare CR");
            p += 2;
        } else if (*p == '\n') {
            p++;
        } else {
            return fail(why, 400, "invalid character in field value");
        }
        while (ve > v && (ve[-1] == ' ' || ve[-1] == '\t'))
            ve--;
        f->value = (tp_str){v, (size_t)(ve - v)};
        n++;
        continue;

    line_out_of_bytes:
        if (lim - line > TP_MAX_FIELD_LINE)
            return fail(why, 431, "header field too long");
        goto out_of_bytes;
    }
    req->nfields = n;
    return (int)(p - buf);

out_of_bytes:
    if (sec_end != end)
        return fail(why, 431, "header section too large");
    return TP_PARSE_INCOMPLETE;
}

/*
 * The slow-client guard.  Given that buf[0..prev_len) parsed as incomplete,
 * decide from the new bytes alone, plus a few memchr-speed scans to find
 * where the current line stands, whether buf[0..len) is still incomplete
 * without error.  Anything it cannot prove (a completed line, a byte that
 * may be invalid here, a limit within reach) falls back to the full parse,
 * so the answer never differs from parse_head's.  The full parse thus runs
 * at most once per line, not once per read.
 */
static bool still_incomplete(const char *buf, size_t len, size_t prev_len)
{
    const char *nb = buf + prev_len, *end = buf + len;

    if (nb[-1] == '\r')
        return false; /* the next byte decides between CRLF and a bare CR */
    if (memchr(nb, '\n', (size_t)(end - nb)))
        return false;

    size_t rl = buf[0] == '\n' ? 1 : buf[0] == '\r' ? 2 : 0;
    if (rl >= prev_len)
        return false;
    const char *rle = memchr(buf + rl, '\n', prev_len - rl);
    if (!rle) {
        /* Still in the request line.  Only a long target can make the
         * full parse costly, so only the target is handled here. */
        const char *sp1 = memchr(buf + rl, ' ', prev_len - rl);
        if (!sp1 || memchr(sp1 + 1, ' ', (size_t)(nb - sp1 - 1)))
            return false;
        if ((size_t)(end - sp1 - 1) > TP_MAX_TARGET)
            return false;
        return scan_target(nb, end, buf) == end;
    }

    const char *sec = rle + 1;
    if ((size_t)(end - sec) > TP_MAX_HEADER_SECTION)
        return false;
    const char *ls = (const char *)memrchr(rle, '\n', (size_t)(nb - rle)) + 1;
    if (ls == nb)
        return false; /* a new line begins: the field count may be at stake */
    if ((size_t)(end - ls) > TP_MAX_FIELD_LINE)
        return false;
    const char *q = nb;
    if (!memchr(ls, ':', (size_t)(nb - ls))) {
        q = scan_name(q, end, buf);
        if (q == end)
            return true;
        if (*q != ':')
            return false;
        q++;
    }
    q = scan_value(q, end, buf);
    return q == end || (*q == '\r' && q + 1 == end);
}

int tp_parse_request(const char *buf, size_t len, size_t prev_len,
                     tp_request_head *req, const char **why)
{
    if (prev_len > 0 && prev_len <= len) {
        if (prev_len == len || still_incomplete(buf, len, prev_len))
            return TP_PARSE_INCOMPLETE;
    }
    return parse_head(buf, len, req, why);
}

/* ---- fields ---- */

bool tp_is_tchar(unsigned char c) { return IS(c, C_TCHAR); }

bool tp_str_ieq(tp_str s, const char *lit)
{
    size_t n = strlen(lit);
    if (s.len != n)
        return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char a = (unsigned char)s.ptr[i], b = (unsigned char)lit[i];
        if (a != b && lower(a) != lower(b))
            return false;
    }
    return true;
}

const tp_field *tp_request_field(const tp_request_head *req, const char *name)
{
    for (size_t i = 0; i < req->nfields; i++)
        if (tp_str_ieq(req->fields[i].name, name))
            return &req->fields[i];
    return NULL;
}

/*
 * A slice of a parsed name or value against a lower-case literal made of
 * letters, digits and '-'.  OR-ing 0x20 into the slice is exact for those:
 * besides the upper-case letters, the only bytes it maps onto them are
 * controls other than HTAB, which the parser never lets into a name or a
 * value.
 */
static inline bool ieq_lower(const char *p, const char *lit, size_t n)
{
    while (n >= 8) {
        uint64_t a, b;
        memcpy(&a, p, 8);
        memcpy(&b, lit, 8);
        if ((a | 0x2020202020202020u) != b)
            return false;
        p += 8;
        lit += 8;
        n -= 8;
    }
    if (n >= 4) {
        uint32_t a, b;
        memcpy(&a, p, 4);
        memcpy(&b, lit, 4);
        if ((a | 0x20202020u) != b)
            return false;
        p += 4;
        lit += 4;
        n -= 4;
    }
    while (n--)
        if ((*p++ | 0x20) != *lit++)
            return false;
    return true;
}

#define IEQ(s, lit)                                                            \
    ((s).len == sizeof(lit) - 1 && ieq_lower((s).ptr, lit, sizeof(lit) - 1))

/*
 * The next element of a comma-separated list (RFC 9110 5.6.1) with OWS
 * trimmed; empty elements are returned too, the caller decides.  Commas
 * inside a quoted-string do not split.  False once the value is used up
 * (*pp becomes NULL after the last element).
 */
static bool list_next(const char **pp, const char *end, tp_str *el)
{
    const char *p = *pp;
    if (!p)
        return false;
    while (p < end && (*p == ' ' || *p == '\t'))
        p++;
    const char *s = p;
    bool quoted = false;
    for (; p < end; p++) {
        if (quoted) {
            if (*p == '\\' && p + 1 < end)
                p++;
            else if (*p == '"')
                quoted = false;
        } else if (*p == '"') {
            quoted = true;
        } else if (*p == ',') {
            break;
        }
    }
    const char *e = p;
    while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
        e--;
    *el = (tp_str){s, (size_t)(e - s)};
    *pp = p < end ? p + 1 : NULL;
    return true;
}

/* Parses 1*DIGIT into *out; false on anything else or past INT64_MAX. */
static bool parse_decimal(tp_str s, int64_t *out)
{
    if (s.len == 0)
        return false;
    uint64_t v = 0;
    for (size_t i = 0; i < s.len; i++) {
        unsigned d = (unsigned)(unsigned char)s.ptr[i] - '0';
        if (d > 9)
            return false;
        if (v > ((uint64_t)INT64_MAX - d) / 10)
            return false;
        v = v * 10 + d;
    }
    *out = (int64_t)v;
    return true;
}

/* A quoted-string at p (RFC 9110 5.6.4); returns the byte after it, or
 * NULL when malformed. */
static const char *skip_quoted(const char *p, const char *e)
{
    for (p++; p < e; p++) {
        if (*p == '"')
            return p + 1;
        if (*p == '\\') {
            if (++p == e || !IS(*p, C_VALUE))
                return NULL;
        } else if (!IS(*p, C_QDTEXT)) {
            return NULL;
        }
    }
    return NULL;
}

/*
 * transfer-coding = token *( OWS ";" OWS token BWS "=" BWS
 * ( token / quoted-string ) ) (RFC 9112 7).  Returns false on bad syntax;
 * otherwise tells whether the coding is chunked and carried parameters.
 */
static bool parse_coding(tp_str el, bool *chunked, bool *params)
{
    const char *p = el.ptr, *e = p + el.len;
    const char *s = p;
    p = scan_tchar(p, e);
    if (p == s)
        return false;
    *chunked = IEQ(((tp_str){s, (size_t)(p - s)}), "chunked");
    *params = false;
    for (;;) {
        while (p < e && (*p == ' ' || *p == '\t'))
            p++;
        if (p == e)
            return true;
        if (*p != ';')
            return false;
        *params = true;
        p++;
        while (p < e && (*p == ' ' || *p == '\t'))
            p++;
        s = p;
        p = scan_tchar(p, e);
        if (p == s)
            return false;
        while (p < e && (*p == ' ' || *p == '\t'))
            p++;
        if (p == e || *p != '=')
            return false;
        p++;
        while (p < e && (*p == ' ' || *p == '\t'))
            p++;
        if (p < e && *p == '"') {
            p = skip_quoted(p, e);
            if (!p)
                return false;
        } else {
            s = p;
            p = scan_tchar(p, e);
            if (p == s)
                return false;
        }
    }
}

/*
 * Framing and semantics.  Every field is visited once and each concern
 * remembers its first problem; the verdicts are then given in a fixed
 * order so that a request with several problems always gets the same
 * answer:
 *   1. Host (400): without Host nothing else about the target is trusted.
 *   2. Content-Length / Transfer-Encoding (400, 501): the body's framing;
 *      getting it wrong is how requests get smuggled.
 *   3. RFC 2774 mandatory extensions (510).
 *   4. Expect (417): only meaningful for a request we would otherwise serve.
 */
int tp_request_framing(tp_request_head *req, const char **why)
{
    const tp_str *host = NULL;
    size_t nhost = 0;
    bool has_cl = false, cl_bad = false, cl_conflict = false;
    int64_t cl = -1;
    bool has_te = false, te_bad = false, te_chunked_params = false;
    bool te_last_chunked = false, te_other = false;
    unsigned te_codings = 0, te_chunked = 0;
    bool conn_close = false, conn_keep = false, conn_upgrade = false;
    bool has_upgrade = false, has_man = false;
    bool exp_continue = false, exp_other = false;
    const char *p, *e;
    tp_str el;

    for (size_t i = 0; i < req->nfields; i++) {
        const tp_field *f = &req->fields[i];
        const char *nm = f->name.ptr;
        p = f->value.ptr;
        e = p + f->value.len;
        switch (f->name.len) {
        case 3:
            if (ieq_lower(nm, "man", 3))
                has_man = true;
            break;
        case 4:
            if (ieq_lower(nm, "host", 4)) {
                nhost++;
                host = &f->value;
            }
            break;
        case 6:
            if (!ieq_lower(nm, "expect", 6))
                break;
            while (list_next(&p, e, &el)) {
                if (el.len == 0)
                    continue;
                if (IEQ(el, "100-continue"))
                    exp_continue = true;
                else
                    exp_other = true;
            }
            break;
        case 7:
            if (ieq_lower(nm, "upgrade", 7))
                has_upgrade = true;
            break;
        case 10:
            if (!ieq_lower(nm, "connection", 10))
                break;
            if (IEQ(f->value, "keep-alive")) { /* the usual, in one go */
                conn_keep = true;
                break;
            }
            while (list_next(&p, e, &el)) {
                conn_close |= IEQ(el, "close");
                conn_upgrade |= IEQ(el, "upgrade");
                conn_keep |= IEQ(el, "keep-alive");
            }
            break;
        case 14:
            if (!ieq_lower(nm, "content-length", 14))
                break;
            /* RFC 9110 8.6: a list of one repeated value is that value */
            while (list_next(&p, e, &el)) {
                int64_t v;
                if (!parse_decimal(el, &v))
                    cl_bad = true;
                else if (has_cl && v != cl)
                    cl_conflict = true;
                else
                    cl = v;
                has_cl = true;
            }
            break;
        case 17:
            if (!ieq_lower(nm, "transfer-encoding", 17))
                break;
            has_te = true;
            /* the codings of all lines form one list, in order */
            if (IEQ(f->value, "chunked")) { /* the usual, in one go */
                te_codings++;
                te_chunked++;
                te_last_chunked = true;
                continue;
            }
            while (list_next(&p, e, &el)) {
                bool ch, params;
                if (el.len == 0)
                    continue;
                if (!parse_coding(el, &ch, &params)) {
                    te_bad = true;
                    continue;
                }
                te_codings++;
                if (ch) {
                    te_chunked++;
                    te_chunked_params |= params;
                } else {
                    te_other = true;
                }
                te_last_chunked = ch;
            }
            break;
        }
    }

    /* 1. Host (RFC 9112 3.2) */
    if (nhost > 1)
        return -fail(why, 400, "more than one Host field");
    if (nhost == 0 && req->version_minor >= 1)
        return -fail(why, 400, "missing Host field");
    /* The field is a slice of the buffer that holds the method before it,
     * which lets the host check load whole vectors. */
    if (host && !valid_host_port(host->ptr, host->len, false, false,
                                 (uintptr_t)req->method.ptr <= (uintptr_t)host->ptr
                                     ? req->method.ptr : host->ptr))
        return -fail(why, 400, "invalid Host field");

    /* 2. message body framing (RFC 9112 6) */
    if (cl_bad)
        return -fail(why, 400, "invalid Content-Length");
    if (cl_conflict)
        return -fail(why, 400, "conflicting Content-Length values");
    if (has_te) {
        if (has_cl)
            return -fail(why, 400, "Content-Length with Transfer-Encoding");
        if (req->version_minor == 0)
            return -fail(why, 400, "Transfer-Encoding in an HTTP/1.0 request");
        if (te_bad)
            return -fail(why, 400, "malformed Transfer-Encoding");
        if (te_codings == 0)
            return -fail(why, 400, "empty Transfer-Encoding");
        if (te_chunked > 1)
            return -fail(why, 400, "chunked applied more than once");
        if (!te_last_chunked)
            return -fail(why, 400, "final transfer coding is not chunked");
        if (te_chunked_params)
            return -fail(why, 400, "chunked takes no parameters");
        if (te_other) /* 501: RFC 9112 6.1 */
            return -fail(why, 501, "transfer coding not implemented");
    }

    /* The framing is sound from here on: what follows are answers to a
     * request whose body can still be read or skipped, so the connection
     * may stay open after them. */
    if (req->form == TP_TARGET_ABSOLUTE || req->form == TP_TARGET_AUTHORITY)
        req->host = req->authority;
    else if (host)
        req->host = *host;
    else
        req->host = (tp_str){req->target.ptr, 0};
    req->content_length = has_te ? -1 : cl;
    req->chunked = has_te;
    req->keep_alive = !conn_close && (req->version_minor >= 1 || conn_keep);
    /* an HTTP/1.0 client never waits for 100 (RFC 9110 10.1.1), and an
     * HTTP/1.0 Upgrade is ignored (RFC 9110 7.8) */
    req->expect_continue = exp_continue && req->version_minor >= 1;
    req->upgrade = conn_upgrade && has_upgrade && req->version_minor >= 1;

    /* 3. RFC 2774 mandatory extension declarations (510) */
    if ((req->method.len >= 2 && req->method.ptr[0] == 'M'
         && req->method.ptr[1] == '-')
        || has_man)
        return -fail(why, 510, "mandatory extension not supported");

    /* 4. Expect (RFC 9110 10.1.1) */
    if (exp_other)
        return -fail(why, 417, "unsupported expectation");

    return 0;
}

/*
 * ---- chunked transfer coding (RFC 9112 7.1) ----
 *
 * Framing bytes go through a state machine one at a time, so input split
 * at any byte resumes exactly where it stopped; only chunk data moves in
 * bulk.  A zeroed tp_chunked is the initial state.
 */

enum {
    CH_SIZE0 = 0,   /* before the first hex digit */
    CH_SIZE,        /* in the hex digits */
    CH_WS,          /* BWS that must lead to ';' */
    CH_EXT_BWS,     /* after ';' before the name */
    CH_EXT_NAME,
    CH_EXT_NAME_WS, /* after a name: '=' or ';' */
    CH_EXT_EQ_WS,   /* after '=' */
    CH_EXT_TOKEN,
    CH_EXT_QS,
    CH_EXT_QS_ESC,
    CH_EXT_QS_END,
    CH_LINE_LF,     /* CR seen at the end of the size line */
    CH_DATA,
    CH_DATA_CR,
    CH_DATA_LF,
    CH_TR_START,
    CH_TR_NAME,
    CH_TR_VALUE,
    CH_TR_LF,
    CH_TR_END_LF,
    CH_DONE,
    CH_FAILED,
};

#define CH_FAIL(status, msg)                                                   \
    do {                                                                       \
        code = (status);                                                       \
        msg_ = (msg);                                                          \
        goto failed;                                                           \
    } while (0)

int tp_chunked_decode(tp_chunked *c, char *buf, size_t *len, size_t *out,
                      const char **why)
{
    size_t i = 0, o = 0, n = *len;
    int st = c->state;
    int code;
    const char *msg_;

    if (st == CH_DONE) {
        *len = 0;
        *out = 0;
        return 1;
    }
    if (st == CH_FAILED) {
        *len = 0;
        *out = 0;
        return fail(why, (int)c->digits, "chunked body already rejected");
    }

    while (i < n) {
        if (st == CH_DATA) {
            size_t k = n - i;
            if (k > c->remaining)
                k = (size_t)c->remaining;
            if (o != i)
                memmove(buf + o, buf + i, k);
            o += k;
            i += k;
            c->remaining -= k;
            if (c->remaining == 0)
                st = CH_DATA_CR;
            continue;
        }

        unsigned char ch = (unsigned char)buf[i++];

        /* 400: chunk extensions are bounded; the count starts at the
         * first byte after the size digits. */
        if (st > CH_SIZE && st <= CH_EXT_QS_END && ch != '\r' && ch != '\n'
            && ++c->line > TP_MAX_CHUNK_EXT)
            CH_FAIL(400, "chunk extension too long");
        /* 431: the trailer section, including its final empty line */
        if (st >= CH_TR_START && ++c->trailer > TP_MAX_TRAILER_SECTION)
            CH_FAIL(431, "trailer section too large");

        switch (st) {
        case CH_SIZE0:
            if (!IS(ch, C_HEX))
                CH_FAIL(400, "missing chunk size");
            c->remaining = (uint64_t)hexval(ch);
            c->digits = c->remaining != 0;
            c->line = 0;
            st = CH_SIZE;
            break;
        case CH_SIZE:
            if (IS(ch, C_HEX)) {
                if (c->digits == 0 && ch == '0')
                    break; /* leading zeros are not significant */
                /* 400: more hex digits than 2^63 needs, or past it */
                if (++c->digits > TP_MAX_CHUNK_SIZE_DIGITS
                    || c->remaining > ((uint64_t)INT64_MAX >> 4))
                    CH_FAIL(400, "chunk size too large");
                c->remaining = c->remaining << 4 | (uint64_t)hexval(ch);
                break;
            }
            c->line = 1;
            if (ch == ';')
                st = CH_EXT_BWS;
            else if (ch == ' ' || ch == '\t')
                st = CH_WS;
            else if (ch == '\r')
                st = CH_LINE_LF;
            else if (ch == '\n')
                goto size_line_done;
            else
                CH_FAIL(400, "invalid chunk size");
            break;
        case CH_WS:
            if (ch == ';')
                st = CH_EXT_BWS;
            else if (ch != ' ' && ch != '\t')
                CH_FAIL(400, "malformed chunk extension");
            break;
        case CH_EXT_BWS:
            if (IS(ch, C_TCHAR))
                st = CH_EXT_NAME;
            else if (ch != ' ' && ch != '\t')
                CH_FAIL(400, "malformed chunk extension");
            break;
        case CH_EXT_NAME:
            if (IS(ch, C_TCHAR))
                break;
            if (ch == '=')
                st = CH_EXT_EQ_WS;
            else if (ch == ' ' || ch == '\t')
                st = CH_EXT_NAME_WS;
            else if (ch == ';')
                st = CH_EXT_BWS;
            else if (ch == '\r')
                st = CH_LINE_LF;
            else if (ch == '\n')
                goto size_line_done;
            else
                CH_FAIL(400, "malformed chunk extension");
            break;
        case CH_EXT_NAME_WS:
            if (ch == '=')
                st = CH_EXT_EQ_WS;
            else if (ch == ';')
                st = CH_EXT_BWS;
            else if (ch != ' ' && ch != '\t')
                CH_FAIL(400, "malformed chunk extension");
            break;
        case CH_EXT_EQ_WS:
            if (ch == '"')
                st = CH_EXT_QS;
            else if (IS(ch, C_TCHAR))
                st = CH_EXT_TOKEN;
            else if (ch != ' ' && ch != '\t')
                CH_FAIL(400, "malformed chunk extension");
            break;
        case CH_EXT_TOKEN:
            if (IS(ch, C_TCHAR))
                break;
            if (ch == ' ' || ch == '\t')
                st = CH_WS;
            else if (ch == ';')
                st = CH_EXT_BWS;
            else if (ch == '\r')
                st = CH_LINE_LF;
            else if (ch == '\n')
                goto size_line_done;
            else
                CH_FAIL(400, "malformed chunk extension");
            break;
        case CH_EXT_QS:
            if (ch == '"')
                st = CH_EXT_QS_END;
            else if (ch == '\\')
                st = CH_EXT_QS_ESC;
            else if (!IS(ch, C_QDTEXT))
                CH_FAIL(400, "invalid character in chunk extension");
            break;
        case CH_EXT_QS_ESC:
            if (!IS(ch, C_VALUE))
                CH_FAIL(400, "invalid character in chunk extension");
            st = CH_EXT_QS;
            break;
        case CH_EXT_QS_END:
            if (ch == ' ' || ch == '\t')
                st = CH_WS;
            else if (ch == ';')
                st = CH_EXT_BWS;
            else if (ch == '\r')
                st = CH_LINE_LF;
            else if (ch == '\n')
                goto size_line_done;
            else
                CH_FAIL(400, "malformed chunk extension");
            break;
        case CH_LINE_LF:
            if (ch != '\n')
                CH_FAIL(400, "bare CR");
        size_line_done:
            c->line = 0;
            if (c->remaining == 0) {
                c->trailer = 0;
                c->nfields_trailer = 0;
                st = CH_TR_START;
            } else {
                st = CH_DATA;
            }
            break;
        case CH_DATA_CR:
            if (ch == '\r')
                st = CH_DATA_LF;
            else if (ch == '\n')
                st = CH_SIZE0;
            else
                CH_FAIL(400, "chunk data not followed by CRLF");
            break;
        case CH_DATA_LF:
            if (ch != '\n')
                CH_FAIL(400, "chunk data not followed by CRLF");
            st = CH_SIZE0;
            break;
        case CH_TR_START:
            if (ch == '\r') {
                st = CH_TR_END_LF;
            } else if (ch == '\n') {
                goto done;
            } else if (ch == ' ' || ch == '\t') {
                CH_FAIL(400, "obs-fold is not accepted");
            } else if (IS(ch, C_TCHAR)) {
                if (++c->nfields_trailer > TP_MAX_FIELDS) /* 431 */
                    CH_FAIL(431, "too many trailer fields");
                st = CH_TR_NAME;
            } else if (ch == ':') {
                CH_FAIL(400, "empty field name");
            } else {
                CH_FAIL(400, "invalid character in field name");
            }
            break;
        case CH_TR_NAME:
            if (IS(ch, C_TCHAR))
                break;
            if (ch == ':')
                st = CH_TR_VALUE;
            else if (ch == ' ' || ch == '\t')
                CH_FAIL(400, "whitespace between field name and colon");
            else if (ch == '\r' || ch == '\n')
                CH_FAIL(400, "field line without a colon");
            else
                CH_FAIL(400, "invalid character in field name");
            break;
        case CH_TR_VALUE:
            if (IS(ch, C_VALUE))
                break;
            if (ch == '\r')
                st = CH_TR_LF;
            else if (ch == '\n')
                st = CH_TR_START;
            else
                CH_FAIL(400, "invalid character in field value");
            break;
        case CH_TR_LF:
            if (ch != '\n')
                CH_FAIL(400, "bare CR");
            st = CH_TR_START;
            break;
        case CH_TR_END_LF:
            if (ch != '\n')
                CH_FAIL(400, "bare CR");
            goto done;
        }
    }
    c->state = st;
    *len = i;
    *out = o;
    return 0;

done:
    c->state = CH_DONE;
    *len = i;
    *out = o;
    return 1;

failed:
    c->state = CH_FAILED;
    c->digits = (unsigned)code; /* no longer needed for digits */
    *len = i;
    *out = o;
    return fail(why, code, msg_);
}
