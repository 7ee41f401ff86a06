/*
 * ta_stream.c - the timing and streaming endpoints of the testing API:
 * /delay/{s}, /drip, /bytes/{n}, /stream-bytes/{n}, /stream/{n}, /sse and
 * /trailers.
 *
 * Nothing here sleeps: a wait is a tp_request_timer(), and a body that
 * trickles out is a stream whose producer answers TP_STREAM_WAIT until a
 * timer resumes it.  All per-exchange state lives in the request's arena
 * (or is released by tp_request_on_done), and the engine drops an
 * exchange's timer when the exchange ends, so a client that goes away in
 * the middle leaves nothing behind.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <time.h>

#include "teapot/http.h"
#include "teapot/status.h"

#include "ta.h"

/* httpbin's defaults. */
#define DRIP_DURATION_MS 2000
#define DRIP_NUMBYTES 10
#define STREAM_BYTES_CHUNK 10240
/* /sse follows go-httpbin: 10 events over 5 seconds. */
#define SSE_COUNT 10
#define SSE_DURATION_MS 5000
/* The engine keeps at most this many trailer fields per response. */
#define TRAILERS_MAX 16

static uint64_t mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

/* ---- parsing ---- */

/*
 * A duration as httpbin and go-httpbin take it: decimal seconds, possibly
 * fractional ("1", "0.25", ".5"), optionally suffixed "s", or milliseconds
 * suffixed "ms".  Rounded to the millisecond; false for anything else
 * (signs, exponents, "inf", more than 9 integer digits).
 */
static bool parse_duration(const char *s, int64_t *ms)
{
    uint64_t ip = 0, frac6 = 0; /* integer part; fraction in millionths */
    size_t nint = 0, nfrac = 0;
    const char *p = s;
    for (; *p >= '0' && *p <= '9'; p++, nint++) {
        if (nint == 9)
            return false;
        ip = ip * 10 + (uint64_t)(*p - '0');
    }
    if (*p == '.') {
        uint64_t scale = 100000;
        for (p++; *p >= '0' && *p <= '9'; p++, nfrac++) {
            frac6 += (uint64_t)(*p - '0') * scale;
            scale /= 10;
        }
    }
    if (nint + nfrac == 0)
        return false;
    uint64_t v6 = ip * 1000000u + frac6;
    if (!strcmp(p, "ms"))
        *ms = (int64_t)((v6 + 500000u) / 1000000u);
    else if (!*p || !strcmp(p, "s"))
        *ms = (int64_t)((v6 + 500u) / 1000u);
    else
        return false;
    return true;
}

static bool parse_uint(const char *s, uint64_t max, uint64_t *out)
{
    return ta_uint((tp_str){s, strlen(s)}, max, out);
}

/* A query parameter that must be a duration, or `def` when absent.
 * False (and a 400 sent) when it is malformed. */
static bool query_duration(tp_request *req, const char *name, int64_t def,
                           int64_t *ms)
{
    char *v;
    *ms = def;
    if (!ta_query(req, name, &v))
        return true;
    if (parse_duration(v, ms))
        return true;
    ta_bad(req, "%s must be a number of seconds such as 1 or 0.5", name);
    return false;
}

/* A query parameter that must be an integer from min to max, or `def`. */
static bool query_uint(tp_request *req, const char *name, uint64_t def,
                       uint64_t min, uint64_t max, uint64_t *out)
{
    char *v;
    *out = def;
    if (!ta_query(req, name, &v))
        return true;
    if (parse_uint(v, max, out) && *out >= min)
        return true;
    ta_bad(req, "%s must be an integer from %" PRIu64 " to %" PRIu64, name,
           min, max);
    return false;
}

/* ---- a body held in memory, sent as a stream ---- */

typedef struct mem_stream {
    const char *data;
    size_t len, off;
} mem_stream;

static ssize_t mem_produce(tp_request *req, char *buf, size_t cap, void *arg)
{
    (void)req;
    mem_stream *m = arg;
    size_t n = m->len - m->off;
    if (n > cap)
        n = cap;
    memcpy(buf, m->data + m->off, n);
    m->off += n;
    return (ssize_t)n;
}

/* ---- /delay/{s} ---- */

typedef struct delay_state {
    const ta_ctx *ctx;
    char *body;
    size_t len;
} delay_state;

/* The answer is /anything's: args, data, files, form, headers, json,
 * method, origin and url. */
static void delay_fire(tp_request *req, void *arg)
{
    delay_state *st = arg;
    const char *why;
    json_t *o = ta_body_json(req, st->ctx, st->body, st->len,
                             TA_GET_FIELDS | TA_METHOD, &why);
    if (!o) {
        ta_bad(req, "%s", why);
        return;
    }
    ta_respond_json(req, 200, o);
}

/* The {s} of /delay/{s} in milliseconds; false with a 400 sent. */
static bool delay_of(tp_request *req, const ta_ctx *ctx, tp_str rest,
                     int64_t *ms)
{
    char *s = ta_decode(req, rest, false, NULL);
    if (!s || !parse_duration(s, ms)) {
        ta_bad(req, "/delay/{seconds}: seconds must be a number such as 2 "
                    "or 0.5");
        return false;
    }
    if (*ms > ctx->opt.max_delay_ms) {
        ta_bad(req, "/delay/{seconds}: at most %g seconds",
               ctx->opt.max_delay_ms / 1000.0);
        return false;
    }
    return true;
}

static void delay_body(tp_request *req, const ta_ctx *ctx, char *body,
                       size_t len)
{
    /* The path was checked before the body was read. */
    tp_str path = tp_request_path(req);
    size_t skip = ctx->prefix_len + strlen("/delay/");
    int64_t ms = 0;
    if (path.len < skip) {
        tp_respond_error(req, 500, "the path changed under the handler");
        return;
    }
    if (!delay_of(req, ctx, (tp_str){path.ptr + skip, path.len - skip}, &ms))
        return;
    delay_state *st = tp_request_alloc(req, sizeof(*st));
    if (!st) {
        tp_respond_error(req, 500, "out of memory");
        return;
    }
    st->ctx = ctx;
    st->body = body;
    st->len = len;
    tp_request_timer(req, (int)ms, delay_fire, st);
}

static void delay_ep(tp_request *req, const ta_ctx *ctx, tp_str rest)
{
    int64_t ms;
    if (!delay_of(req, ctx, rest, &ms))
        return;
    /* The body is read first, so that the wait is the server's and not a
     * client's upload, and the answer can echo it. */
    ta_read_body(req, ctx, delay_body);
}

/* ---- /drip ---- */

typedef struct drip_state {
    uint64_t total, sent;
    int64_t duration_ms;
    uint64_t start_ms; /* when the first byte is due */
    int code;
} drip_state;

static void resume_tick(tp_request *req, void *arg)
{
    (void)arg;
    tp_request_resume(req);
}

/*
 * Byte i is due at start + i * duration / total: the first at once, the
 * rest spread evenly, as httpbin writes a byte and then pauses.  Bytes that
 * fell due together (many bytes in a short duration) go out together.
 */
static ssize_t drip_produce(tp_request *req, char *buf, size_t cap, void *arg)
{
    drip_state *st = arg;
    if (st->sent >= st->total)
        return 0;
    uint64_t elapsed = mono_ms() - st->start_ms;
    uint64_t due = st->total;
    if (st->duration_ms > 0 && elapsed < (uint64_t)st->duration_ms) {
        due = elapsed * st->total / (uint64_t)st->duration_ms + 1;
        if (due > st->total)
            due = st->total;
    }
    if (due <= st->sent) {
        /* The next byte's time, rounded up to the millisecond. */
        uint64_t at = (st->sent * (uint64_t)st->duration_ms + st->total - 1) /
                      st->total;
        uint64_t wait = at > elapsed ? at - elapsed : 1;
        tp_request_timer(req, (int)wait, resume_tick, st);
        return TP_STREAM_WAIT;
    }
    uint64_t n = due - st->sent;
    if (n > cap)
        n = cap;
    memset(buf, '*', (size_t)n);
    st->sent += n;
    return (ssize_t)n;
}

static void drip_start(tp_request *req, void *arg)
{
    drip_state *st = arg;
    st->start_ms = mono_ms();
    tp_respond_stream(req, st->code, "application/octet-stream",
                      (int64_t)st->total, drip_produce, st);
}

/* Why `code` cannot be /drip's status, or NULL when it can. */
static const char *drip_code_problem(int code, char *why, size_t cap)
{
    const tp_status_info *info = tp_status_get(code);
    if (code < 200 || code > 599 || !info)
        return "code must be a final status code, 200 to 599";
    /* RFC 9110 15.3.5, 15.3.6, 15.4.5: no content at all. */
    if (!tp_status_allows_content(code) || code == 205) {
        snprintf(why, cap, "code %d cannot carry the drip's content", code);
        return why;
    }
    /* RFC 9110 15.4.7, 15.5.19: reserved, never sent. */
    if (info->flags & TP_STATUS_UNUSED) {
        snprintf(why, cap, "code %d is reserved and not sent", code);
        return why;
    }
    /* A code whose definition requires a field this endpoint cannot
     * sensibly give (Location, WWW-Authenticate, Allow, Content-Range...). */
    const char *missing = tp_status_missing_field(code, NULL, NULL);
    if (missing) {
        snprintf(why, cap, "code %d requires a %s header field, which /drip "
                           "does not send", code, missing);
        return why;
    }
    return NULL;
}

static void drip_ep(tp_request *req, const ta_ctx *ctx, tp_str rest)
{
    (void)rest;
    int64_t duration, delay;
    uint64_t numbytes, code;
    if (!query_duration(req, "duration", DRIP_DURATION_MS, &duration) ||
        !query_duration(req, "delay", 0, &delay) ||
        !query_uint(req, "numbytes", DRIP_NUMBYTES, 1,
                    (uint64_t)ctx->opt.max_bytes, &numbytes) ||
        !query_uint(req, "code", 200, 100, 999, &code))
        return;
    char why[160];
    const char *problem = drip_code_problem((int)code, why, sizeof(why));
    if (problem) {
        ta_bad(req, "%s", problem);
        return;
    }
    if (duration + delay > ctx->opt.max_delay_ms) {
        ta_bad(req, "duration + delay must be at most %g seconds",
               ctx->opt.max_delay_ms / 1000.0);
        return;
    }
    drip_state *st = tp_request_alloc(req, sizeof(*st));
    if (!st) {
        tp_respond_error(req, 500, "out of memory");
        return;
    }
    memset(st, 0, sizeof(*st));
    st->total = numbytes;
    st->duration_ms = duration;
    st->code = (int)code;
    if (delay > 0)
        tp_request_timer(req, (int)delay, drip_start, st);
    else
        drip_start(req, st);
}

/* ---- /bytes/{n} and /stream-bytes/{n} ---- */

/*
 * The bytes come from splitmix64 (Steele, Lea and Flood, 2014) started at
 * the seed: each step gives eight bytes, least significant first.  With
 * ?seed=S the same S gives the same bytes from every teapot, on
 * /bytes and /stream-bytes alike; they are not the bytes httpbin's Python
 * generator gives for S.  Without a seed the start is random.
 */
typedef struct rand_stream {
    uint64_t state, word;
    unsigned left; /* bytes of `word` not yet used */
    uint64_t remaining;
    size_t chunk; /* the most bytes one piece of the stream holds */
} rand_stream;

static uint64_t splitmix64(uint64_t *state)
{
    uint64_t z = (*state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static ssize_t rand_produce(tp_request *req, char *buf, size_t cap, void *arg)
{
    (void)req;
    rand_stream *r = arg;
    size_t n = cap < r->chunk ? cap : r->chunk;
    if (n > r->remaining)
        n = (size_t)r->remaining;
    for (size_t i = 0; i < n; i++) {
        if (!r->left) {
            r->word = splitmix64(&r->state);
            r->left = 8;
        }
        buf[i] = (char)(r->word & 0xff);
        r->word >>= 8;
        r->left--;
    }
    r->remaining -= n;
    return (ssize_t)n;
}

static void random_bytes(tp_request *req, const ta_ctx *ctx, tp_str rest,
                         bool chunked)
{
    uint64_t n, seed, chunk = SIZE_MAX;
    const char *ep = chunked ? "/stream-bytes" : "/bytes";
    if (!ta_uint(rest, (uint64_t)ctx->opt.max_bytes, &n)) {
        ta_bad(req, "%s/{n}: n must be an integer from 0 to %" PRId64, ep,
               ctx->opt.max_bytes);
        return;
    }
    char *v;
    if (ta_query(req, "seed", &v)) {
        if (!parse_uint(v, UINT64_MAX, &seed)) {
            ta_bad(req, "seed must be an integer from 0 to %" PRIu64,
                   UINT64_MAX);
            return;
        }
    } else if (getrandom(&seed, sizeof(seed), 0) != (ssize_t)sizeof(seed)) {
        tp_respond_error(req, 500, "no randomness available");
        return;
    }
    if (chunked && !query_uint(req, "chunk_size", STREAM_BYTES_CHUNK, 1,
                               (uint64_t)ctx->opt.max_bytes, &chunk))
        return;
    rand_stream *r = tp_request_alloc(req, sizeof(*r));
    if (!r) {
        tp_respond_error(req, 500, "out of memory");
        return;
    }
    memset(r, 0, sizeof(*r));
    r->state = seed;
    r->remaining = n;
    r->chunk = (size_t)chunk;
    /* /bytes has a Content-Length; /stream-bytes goes out chunked, one
     * chunk per piece (RFC 9112 7.1). */
    tp_respond_stream(req, 200, "application/octet-stream",
                      chunked ? -1 : (int64_t)n, rand_produce, r);
}

static void bytes_ep(tp_request *req, const ta_ctx *ctx, tp_str rest)
{
    random_bytes(req, ctx, rest, false);
}

static void stream_bytes_ep(tp_request *req, const ta_ctx *ctx, tp_str rest)
{
    random_bytes(req, ctx, rest, true);
}

/* ---- /stream/{n} ---- */

typedef struct lines_stream {
    json_t *base; /* the /get object; "id" changes per line */
    uint64_t next, total;
    char *line; /* malloc'd: the current line and its newline */
    size_t len, off;
} lines_stream;

static void lines_done(tp_request *req, void *arg)
{
    (void)req;
    lines_stream *ls = arg;
    json_decref(ls->base);
    free(ls->line);
    ls->base = NULL;
    ls->line = NULL;
}

/* One JSON text per line (no indentation, so no newline inside), each
 * line its own chunk. */
static ssize_t lines_produce(tp_request *req, char *buf, size_t cap, void *arg)
{
    (void)req;
    lines_stream *ls = arg;
    if (ls->off == ls->len) {
        if (ls->next == ls->total)
            return 0;
        free(ls->line);
        ls->line = NULL;
        json_object_set_new(ls->base, "id", json_integer((json_int_t)ls->next));
        char *s = json_dumps(ls->base, JSON_SORT_KEYS);
        if (!s)
            return -1;
        size_t n = strlen(s);
        char *l = realloc(s, n + 1);
        if (!l) {
            free(s);
            return -1;
        }
        l[n] = '\n';
        ls->line = l;
        ls->len = n + 1;
        ls->off = 0;
        ls->next++;
    }
    size_t n = ls->len - ls->off;
    if (n > cap)
        n = cap;
    memcpy(buf, ls->line + ls->off, n);
    ls->off += n;
    return (ssize_t)n;
}

static void stream_ep(tp_request *req, const ta_ctx *ctx, tp_str rest)
{
    uint64_t n;
    if (!ta_uint(rest, (uint64_t)ctx->opt.max_count, &n)) {
        ta_bad(req, "/stream/{n}: n must be an integer from 0 to %d",
               ctx->opt.max_count);
        return;
    }
    lines_stream *ls = tp_request_alloc(req, sizeof(*ls));
    json_t *base = ta_request_json(req, ctx, TA_GET_FIELDS);
    if (!ls || !base) {
        json_decref(base);
        tp_respond_error(req, 500, "out of memory");
        return;
    }
    memset(ls, 0, sizeof(*ls));
    ls->base = base;
    ls->total = n;
    tp_request_on_done(req, lines_done, ls);
    tp_respond_stream(req, 200, "application/json", -1, lines_produce, ls);
}

/* ---- /sse ---- */

/*
 * Server-sent events, shaped as go-httpbin's /sse?count=&duration=&delay=:
 * after `delay`, `count` events spread over `duration` (the first at once,
 * then one every duration/count), each
 *
 *     id: N
 *     event: ping
 *     data: {"id": N, "timestamp": <Unix time in milliseconds>}
 *
 * and an empty line (HTML Living Standard 9.2.6, "Interpreting an event
 * stream").  Ids count from 1, or from one past the Last-Event-ID a
 * reconnecting client sends (9.2.4), so that it resumes where it was.
 */
typedef struct sse_state {
    uint64_t first_id, sent, count;
    int64_t duration_ms;
    uint64_t start_ms;
} sse_state;

static ssize_t sse_produce(tp_request *req, char *buf, size_t cap, void *arg)
{
    sse_state *st = arg;
    if (st->sent == st->count)
        return 0;
    uint64_t now = mono_ms();
    uint64_t at = st->start_ms +
                  st->sent * (uint64_t)st->duration_ms / st->count;
    if (now < at) {
        tp_request_timer(req, (int)(at - now), resume_tick, st);
        return TP_STREAM_WAIT;
    }
    uint64_t id = st->first_id + st->sent;
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    json_t *d = json_pack("{s:I,s:I}", "id", (json_int_t)id, "timestamp",
                          (json_int_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000);
    char *data = d ? json_dumps(d, 0) : NULL;
    json_decref(d);
    if (!data)
        return -1;
    int n = snprintf(buf, cap, "id: %" PRIu64 "\nevent: ping\ndata: %s\n\n",
                     id, data);
    free(data);
    if (n < 0 || (size_t)n >= cap)
        return -1;
    st->sent++;
    return n;
}

static void sse_start(tp_request *req, void *arg)
{
    sse_state *st = arg;
    st->start_ms = mono_ms();
    /* An event stream must not be served from a cache (HTML 9.2.5
     * recommends no-cache on the response). */
    tp_response_header(req, "Cache-Control", "no-cache");
    tp_respond_stream(req, 200, "text/event-stream", -1, sse_produce, st);
}

static void sse_ep(tp_request *req, const ta_ctx *ctx, tp_str rest)
{
    (void)rest;
    int64_t duration, delay;
    uint64_t count, last = 0;
    if (!query_uint(req, "count", SSE_COUNT, 1, (uint64_t)ctx->opt.max_count,
                    &count) ||
        !query_duration(req, "duration", SSE_DURATION_MS, &duration) ||
        !query_duration(req, "delay", 0, &delay))
        return;
    if (duration + delay > ctx->opt.max_delay_ms) {
        ta_bad(req, "duration + delay must be at most %g seconds",
               ctx->opt.max_delay_ms / 1000.0);
        return;
    }
    tp_str lei;
    if (tp_request_header(req, "Last-Event-ID", &lei) &&
        !ta_uint(lei, (uint64_t)INT64_MAX - 100000, &last)) {
        ta_bad(req, "Last-Event-ID must be the id of an event sent here, an "
                    "integer");
        return;
    }
    sse_state *st = tp_request_alloc(req, sizeof(*st));
    if (!st) {
        tp_respond_error(req, 500, "out of memory");
        return;
    }
    memset(st, 0, sizeof(*st));
    st->first_id = last + 1;
    st->count = count;
    st->duration_ms = duration;
    if (delay > 0)
        tp_request_timer(req, (int)delay, sse_start, st);
    else
        sse_start(req, st);
}

/* ---- /trailers ---- */

static bool is_token(const char *s)
{
    if (!*s)
        return false;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p <= 0x20 || *p >= 0x7f || strchr("\"(),/:;<=>?@[\\]{}", *p))
            return false;
    return true;
}

/* One K=V of the query as a trailer field; NULL, or why it cannot be. */
static const char *add_trailer(tp_request *req, const char *name,
                               const char *value, unsigned *count)
{
    if (*count == TRAILERS_MAX)
        return "at most 16 trailer fields can be sent";
    int r = tp_response_trailer(req, name, value);
    if (r == -EINVAL)
        return "a field value may not hold control characters "
               "(RFC 9110 5.5)";
    if (r < 0)
        return "cannot be added";
    (*count)++;
    return NULL;
}

/*
 * The /get object as a chunked body whose trailer section (RFC 9112 7.1.2)
 * carries every K: V of the query, announced in Trailer (RFC 9110 6.6.2).
 * Only a chunked message has a trailer section: an HTTP/1.0 client gets the
 * body delimited by the close, without them and without the announcement.
 */
static void trailers_ep(tp_request *req, const ta_ctx *ctx, tp_str rest)
{
    (void)rest;
    json_t *q = ta_query_json(req);
    if (!q) {
        tp_respond_error(req, 500, "out of memory");
        return;
    }
    size_t cap = 1, used = 0;
    const char *key;
    json_t *val;
    json_object_foreach(q, key, val) cap += strlen(key) + 2;
    char *announce = tp_request_alloc(req, cap);
    if (!announce) {
        json_decref(q);
        tp_respond_error(req, 500, "out of memory");
        return;
    }
    announce[0] = '\0';
    unsigned count = 0;
    json_object_foreach(q, key, val)
    {
        const char *why = NULL;
        if (!is_token(key)) {
            ta_bad(req, "'%s' is not a valid field name (RFC 9110 5.1)", key);
            json_decref(q);
            return;
        }
        if (tp_trailer_forbidden(key)) {
            ta_bad(req, "%s may not be sent in a trailer section "
                        "(RFC 9110 6.5.1)", key);
            json_decref(q);
            return;
        }
        if (json_is_array(val)) {
            size_t i;
            json_t *item;
            json_array_foreach(val, i, item)
            {
                why = add_trailer(req, key, json_string_value(item), &count);
                if (why)
                    break;
            }
        } else {
            why = add_trailer(req, key, json_string_value(val), &count);
        }
        if (why) {
            ta_bad(req, "trailer %s: %s", key, why);
            json_decref(q);
            return;
        }
        used += (size_t)snprintf(announce + used, cap - used, "%s%s",
                                 used ? ", " : "", key);
    }
    json_decref(q);
    if (used && tp_request_version(req) >= 11)
        tp_response_header(req, "Trailer", announce);

    mem_stream *m = tp_request_alloc(req, sizeof(*m));
    size_t len = 0;
    char *text = ta_json_text(req, ta_request_json(req, ctx, TA_GET_FIELDS),
                              TA_JSON_PRETTY, &len);
    if (!m || !text) {
        tp_respond_error(req, 500, "out of memory");
        return;
    }
    m->data = text;
    m->len = len;
    m->off = 0;
    tp_respond_stream(req, 200, "application/json", -1, mem_produce, m);
}

int ta_mount_stream(tp_server *srv, ta_ctx *ctx)
{
    static const ta_endpoint eps[] = {
        {NULL, "/delay/*", delay_ep},
        {"GET", "/drip", drip_ep},
        {"GET", "/bytes/*", bytes_ep},
        {"GET", "/stream-bytes/*", stream_bytes_ep},
        {"GET", "/stream/*", stream_ep},
        {"GET", "/sse", sse_ep},
        {"GET", "/trailers", trailers_ep},
    };
    return TA_ROUTES(srv, ctx, eps);
}
