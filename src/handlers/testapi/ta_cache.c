/*
 * ta_cache.c - the caching endpoints of the testing API: /cache (a
 * resource with validators, answering 304 only when they really match),
 * /cache/{n} (Cache-Control: max-age), /etag/{etag} (preconditions on a
 * chosen entity-tag) and /range/{n} (byte ranges).
 *
 * The decisions between 200, 206, 304, 412 and 416 are not made here: every
 * endpoint builds a tp_representation in memory and hands it to
 * tp_serve(), which applies RFC 9110 sections 13 and 14 as it does for
 * files.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "teapot/http.h"

#include "ta.h"

/*
 * The state of /cache and /range never changes, so their validators are
 * constants: a client that revalidates gets 304 for as long as it keeps
 * its copy, across restarts.  (httpbin answers /cache with 304 to any
 * If-None-Match at all, and gives a new Last-Modified on every response,
 * which makes If-Modified-Since meaningless.)
 */
/* Weak (RFC 9110 8.8.1): the state never changes, but the bytes echo each
 * request, so they are equivalent, not identical. */
#define CACHE_ETAG "W/\"teapot-cache-1\""
/* Mon, 01 Jan 2024 00:00:00 GMT */
#define FIXED_LAST_MODIFIED ((time_t)1704067200)
/* RFC 9111 1.2.2: a delta-seconds beyond 2^31 is sent as 2^31. */
#define MAX_AGE_LIMIT 2147483648ULL

/* The /get object as a representation with these validators. */
static void serve_get(tp_request *req, const ta_ctx *ctx,
                      const tp_validators *v)
{
    size_t len = 0;
    char *body = ta_json_text(req, ta_request_json(req, ctx, TA_GET_FIELDS),
                              TA_JSON_PRETTY, &len);
    if (!body) {
        tp_respond_error(req, 500, "out of memory");
        return;
    }
    tp_representation rep = {
        .content_type = "application/json",
        .validators = *v,
        .fd = -1,
        .data = body,
        .length = len,
        /* The echoed request differs from one request to the next, so a
         * byte range of one response cannot be combined with another. */
        .ranges = false,
    };
    tp_serve(req, &rep);
}

/*
 * /cache: ETag and Last-Modified with the /get object.  RFC 9110 13.2.2
 * does the rest: If-None-Match by weak comparison (13.1.2), and
 * If-Modified-Since only when there is no If-None-Match (13.1.3); 304
 * carries the validators again (15.4.5).  The tag names the resource's
 * unchanging state, not the bytes, which echo each request.
 */
static void cache_ep(tp_request *req, const ta_ctx *ctx, tp_str rest)
{
    (void)rest;
    tp_validators v = {
        .etag = {CACHE_ETAG, sizeof(CACHE_ETAG) - 1},
        .last_modified = FIXED_LAST_MODIFIED,
        .lm_strong = false,
        .exists = true,
    };
    serve_get(req, ctx, &v);
}

/* /cache/{n}: the /get object, cacheable by any cache for n seconds
 * (RFC 9111 5.2.2.9 public, 5.2.2.1 max-age). */
static void cache_n_ep(tp_request *req, const ta_ctx *ctx, tp_str rest)
{
    uint64_t n;
    if (!ta_uint(rest, MAX_AGE_LIMIT, &n)) {
        ta_bad(req, "/cache/{n}: n must be an integer from 0 to %llu "
                    "seconds (RFC 9111 1.2.2)", MAX_AGE_LIMIT);
        return;
    }
    tp_response_headerf(req, "Cache-Control", "public, max-age=%" PRIu64, n);
    ta_respond_json(req, 200, ta_request_json(req, ctx, TA_GET_FIELDS));
}

/* etagc = %x21 / %x23-7E / obs-text (RFC 9110 8.8.3) */
static bool etagc(unsigned char c)
{
    return c == 0x21 || (c >= 0x23 && c != 0x7f);
}

/*
 * /etag/{etag}: the /get object whose entity-tag is "{etag}"; with a
 * leading W/ (/etag/W/{etag}) it is the weak W/"{etag}".  If-None-Match
 * that matches by weak comparison gives 304 (RFC 9110 13.1.2), If-Match
 * that fails by strong comparison gives 412 (13.1.1), so a weak tag never
 * satisfies If-Match; both in the order of 13.2.2.
 */
static void etag_ep(tp_request *req, const ta_ctx *ctx, tp_str rest)
{
    size_t len;
    char *opaque = ta_decode(req, rest, false, &len);
    if (!opaque) {
        ta_bad(req, "/etag/{etag}: malformed percent-encoding");
        return;
    }
    bool weak = len >= 2 && opaque[0] == 'W' && opaque[1] == '/';
    if (weak) {
        opaque += 2;
        len -= 2;
    }
    for (size_t i = 0; i < len; i++) {
        if (!etagc((unsigned char)opaque[i])) {
            ta_bad(req, "/etag/{etag}: an entity-tag may not contain "
                        "spaces, double quotes or control characters "
                        "(RFC 9110 8.8.3)");
            return;
        }
    }
    char *tag = tp_request_alloc(req, len + 5);
    if (!tag) {
        tp_respond_error(req, 500, "out of memory");
        return;
    }
    int n = snprintf(tag, len + 5, "%s\"%.*s\"", weak ? "W/" : "", (int)len,
                     opaque);
    tp_validators v = {
        .etag = {tag, (size_t)n},
        .exists = true,
    };
    serve_get(req, ctx, &v);
}

/*
 * /range/{n}: n bytes of "abcdefghijklmnopqrstuvwxyz" repeated, with a
 * strong ETag "range{n}" and a Last-Modified that is also strong (the
 * bytes never change), so that Range, If-Range with either validator,
 * 206 with one part or multipart/byteranges, and 416 all apply (RFC 9110
 * 13.1.5, 14, 15.3.7, 15.5.17).
 */
static void range_ep(tp_request *req, const ta_ctx *ctx, tp_str rest)
{
    uint64_t n;
    if (!ta_uint(rest, (uint64_t)ctx->opt.max_bytes, &n)) {
        ta_bad(req, "/range/{n}: n must be an integer from 0 to %" PRId64,
               ctx->opt.max_bytes);
        return;
    }
    char *data = tp_request_alloc(req, (size_t)n + 1);
    char *tag = tp_request_alloc(req, 32);
    if (!data || !tag) {
        tp_respond_error(req, 500, "out of memory");
        return;
    }
    for (uint64_t i = 0; i < n; i++)
        data[i] = (char)('a' + i % 26);
    int tl = snprintf(tag, 32, "\"range%" PRIu64 "\"", n);
    tp_representation rep = {
        .content_type = "application/octet-stream",
        .validators =
            {
                .etag = {tag, (size_t)tl},
                .last_modified = FIXED_LAST_MODIFIED,
                .lm_strong = true,
                .exists = true,
            },
        .fd = -1,
        .data = data,
        .length = n,
        .ranges = true,
    };
    tp_serve(req, &rep);
}

int ta_mount_cache(tp_server *srv, ta_ctx *ctx)
{
    static const ta_endpoint eps[] = {
        {"GET", "/cache", cache_ep},
        {"GET", "/cache/*", cache_n_ep},
        {"GET", "/etag/*", etag_ep},
        {"GET", "/range/*", range_ep},
    };
    return TA_ROUTES(srv, ctx, eps);
}
