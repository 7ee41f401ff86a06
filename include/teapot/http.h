/*
 * teapot/http.h - the representation helpers any handler can call:
 * conditional requests (RFC 9110 section 13: 304, 412), ranges (section 14:
 * 206, 416), proactive negotiation (section 12: Accept-Encoding,
 * Accept-Language), HTTP-dates and entity-tags, and media types.
 *
 * The static-file handler, the testing API and WebDAV all answer through
 * these, so a rule is implemented once.
 */
#ifndef TEAPOT_HTTP_H
#define TEAPOT_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "teapot/server.h"
#include "teapot/status.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- the request path ---- */

/* Whether the path filters and routes see (tp_request_path) holds byte `c`
 * as itself rather than percent-encoded: the characters a path segment may
 * carry unencoded (RFC 3986 3.3 pchar: unreserved, sub-delims, ':' and
 * '@').  Every other byte ('/', '%', '?', '#', controls, space, non-ASCII)
 * stays an escape in upper case, so one resource has one spelling. */
bool tp_path_literal(int c);

/* The byte the escape "%XX" at `p` stands for (RFC 3986 2.1: two hex
 * digits, either case), or -1 when the `left` bytes from `p` on do not
 * start with one. */
int tp_pct_decode(const char *p, size_t left);

/* ---- lists (RFC 9110 5.6.1) ---- */

/* Whether the comma-separated field value `list` has `token` as one of
 * its elements, compared without case (Connection, Upgrade, DAV...). */
bool tp_list_has(tp_str list, const char *token);

/* ---- HTTP-date (RFC 9110 5.6.7) ---- */

/* Formats IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT" (29 bytes + NUL). */
void tp_http_date(time_t t, char out[32]);
/* Parses IMF-fixdate, and the obsolete RFC 850 and asctime forms that a
 * recipient MUST accept.  Returns 0, or -1 for anything else (an invalid
 * date makes the field that carries it be ignored). */
int tp_http_date_parse(tp_str s, time_t *out);

/* ---- entity-tags (RFC 9110 8.8.3) ---- */

/* One entity-tag at the start of `s` (after optional whitespace): sets
 * *tag to the whole tag including any W/ prefix and the quotes, and returns
 * the bytes consumed, or 0 when `s` does not start with a valid tag. */
size_t tp_etag_scan(tp_str s, tp_str *tag);
bool tp_etag_is_weak(tp_str tag);
/* Strong comparison: both strong and the opaque-tags equal. */
bool tp_etag_strong_eq(tp_str a, tp_str b);
/* Weak comparison: the opaque-tags equal, either or both may be weak. */
bool tp_etag_weak_eq(tp_str a, tp_str b);

/* ---- conditional requests (RFC 9110 13) ---- */

typedef struct tp_validators {
    tp_str etag;          /* the selected representation's entity-tag with
                             quotes (and W/ if weak), or empty for none */
    time_t last_modified; /* 0 for none */
    /* Last-Modified can serve as a strong validator (RFC 9110 8.8.2.2):
     * the representation has not changed within the second it names. */
    bool lm_strong;
    /* Whether the target resource has a current representation at all:
     * If-Match: * and If-None-Match: * test exactly this. */
    bool exists;
} tp_validators;

/*
 * Evaluates If-Match, If-Unmodified-Since, If-None-Match and
 * If-Modified-Since in the order of RFC 9110 13.2.2.  Returns 0 when the
 * method may proceed, 304 (GET and HEAD whose If-None-Match or
 * If-Modified-Since is false), or 412.  Fields with invalid syntax or dates
 * are ignored.  The caller calls it only where the response without the
 * conditions would be 2xx or 412 (RFC 9110 13.2.1).
 */
int tp_cond_evaluate(const tp_request *req, const tp_validators *v);

/* If-Range (RFC 9110 13.1.5): true when the Range field may be honoured
 * (no If-Range, or a strong entity-tag match, or an HTTP-date equal to a
 * strong Last-Modified). */
bool tp_cond_if_range(const tp_request *req, const tp_validators *v);

/* ---- ranges (RFC 9110 14) ---- */

typedef struct tp_range {
    uint64_t first, last; /* inclusive, within the representation */
} tp_range;

/* More ranges than this, after coalescing, are not served as parts. */
#define TP_MAX_RANGES 16

typedef struct tp_range_set {
    tp_range r[TP_MAX_RANGES];
    size_t n;
} tp_range_set;

/*
 * Interprets a Range field value for a representation of `length` bytes.
 * Returns 206 with `set` holding the satisfiable ranges in request order,
 * overlapping or adjacent ones coalesced; 416 when no range is satisfiable;
 * 200 when the field is to be ignored (unit other than bytes, invalid
 * syntax, or more than TP_MAX_RANGES ranges after coalescing, which is
 * answered with the whole representation rather than a multipart larger
 * than the file).
 */
int tp_range_parse(tp_str value, uint64_t length, tp_range_set *set);

/* ---- proactive negotiation (RFC 9110 12) ---- */

/* The weight (0..1000) Accept-Encoding gives `coding` ("gzip", "br",
 * "zstd", "identity"), following RFC 9110 12.5.3: absent field: identity
 * 1000, others 1000 too; "*" covers codings not named; identity is
 * acceptable unless excluded by "identity;q=0" or "*;q=0". */
int tp_accept_encoding_q(tp_str field, bool present, const char *coding);

/* The weight (0..1000) Accept-Language gives a language tag by RFC 4647
 * 3.3.1 basic filtering (the most specific matching range wins; "*"
 * matches any), or -1 when no range matches it.  An absent field matches
 * everything with 1000. */
int tp_accept_language_q(tp_str field, bool present, const char *tag);

/* Which of the reference's languages an Accept-Language field prefers:
 * the highest weight, the first listed on a tie; "zh" covers both scripts
 * (Simplified first), zh-Hant/zh-TW/zh-HK/zh-MO mean Traditional and
 * zh-Hans/zh-CN/zh-SG Simplified, "*" any.  English when the field is
 * absent or accepts none of them. */
tp_lang tp_accept_lang(tp_str field, bool present);

/* The weight (0..1000) Accept gives a media type ("text/html", parameters
 * ignored), most specific range first; -1 when nothing matches.  An absent
 * field accepts everything with 1000. */
int tp_accept_q(tp_str field, bool present, const char *type);

/* ---- trailer fields ---- */

/* Whether a field may not be sent in a trailer section (RFC 9110 6.5.1):
 * fields that frame the message (Content-Length, Transfer-Encoding,
 * Trailer), route it (Host), modify the request (Cache-Control, Expect,
 * Range, TE, If-*), authenticate (Authorization, WWW-Authenticate, ...),
 * control the response (Age, Date, Location, Retry-After, Vary, ...),
 * or say how to process the content (Content-Type, Content-Encoding,
 * Content-Range, ...), and the connection-specific ones. */
bool tp_trailer_forbidden(const char *name);

/* ---- media types ---- */

/* The media type for a file name, from /etc/mime.types when it exists and
 * a built-in table otherwise; text types carry "; charset=utf-8".  Unknown
 * extensions give "application/octet-stream". */
const char *tp_mime_type(const char *filename);

/* ---- serving a representation ---- */

/*
 * Answers a GET or HEAD for a representation held in a file or in memory,
 * with everything RFC 9110 asks of it: the preconditions (304, 412), Range
 * and If-Range (206 single part or multipart/byteranges, 416), HEAD, and
 * the validators and caching fields on 200, 206 and 304 alike.  Header
 * fields the caller added before (Cache-Control, Vary, Content-Location,
 * Content-Language, Content-Encoding, ...) stay on every one of them.
 */
typedef struct tp_representation {
    const char *content_type;
    tp_validators validators;
    int fd;           /* the bytes are in this file (owned: closed)... */
    const void *data; /* ...or in this memory, valid until the exchange ends */
    uint64_t length;
    bool ranges;      /* accept Range (Accept-Ranges: bytes) */
} tp_representation;

void tp_serve(tp_request *req, const tp_representation *rep);

#ifdef __cplusplus
}
#endif
#endif
