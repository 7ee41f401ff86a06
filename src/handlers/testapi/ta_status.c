/*
 * ta_status.c - /status/{codes} and /random/{ranges}: a response with any
 * status code from 100 to 599, chosen from a list, by weight or from
 * ranges, and dressed the way its definition asks (interim responses for
 * 1xx, Location for 3xx, the challenge for 401 and 407, Allow for 405,
 * Retry-After for 429 and 503, Content-Range for 206 and 416, ...), so
 * that a client sees a real example of each code.  Options: a delay
 * (?sleep_ms), a Retry-After value (?retry_after) and response fields
 * asked for by the request (X-Teapot-Response-Name: value).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>
#include <time.h>

#include "ta.h"
#include "teapot/http.h"
#include "teapot/status.h"

#define CODE_MIN 100
#define CODE_MAX 599
/* A weight is a short decimal; longer ones are typos, not precision. */
#define WEIGHT_MAX_LEN 16
/* RFC 9111 1.2.2 caps delta-seconds at 2^31; Retry-After's delay-seconds
 * (RFC 9110 10.2.3) is the same kind of number. */
#define RETRY_AFTER_MAX 2147483647u

#define INJECT_PREFIX "X-Teapot-Response-"

/* The representation behind 206 and 416: fixed, so that a client can check
 * the bytes it gets against the Content-Range it is told. */
static const char sample[] =
    "teapot sample representation: every byte of this text sits at a known "
    "offset, so a client can check the Content-Range of a 206 against it.\n";
#define SAMPLE_LEN (sizeof(sample) - 1)
#define SAMPLE_ETAG "\"ta-sample-1\""
/* A 206 without a Range of the client's: the first bytes of the sample. */
#define SAMPLE_PART 16

/* One response field the request asked for. */
typedef struct inject {
    const char *name, *value;
} inject;

/* What the answer needs once the delay, if any, is over. */
typedef struct st_job {
    const ta_ctx *ctx;
    int code;
    bool interim_sent;
    const char *retry_after; /* NULL: the code's default */
    inject *inj;
    size_t ninj;
} st_job;

/* ---- randomness ---- */

/* A per-thread splitmix64 generator: the choice among codes needs to be
 * uniform, not secret, and must not cost a system call per request. */
static _Thread_local uint64_t rng_state;

static uint64_t rng_next(void)
{
    if (!rng_state) {
        uint64_t seed = 0;
        if (getrandom(&seed, sizeof(seed), GRND_NONBLOCK) !=
            (ssize_t)sizeof(seed)) {
            struct timespec ts;
            clock_gettime(CLOCK_MONOTONIC, &ts);
            seed = (uint64_t)ts.tv_nsec ^ ((uint64_t)ts.tv_sec << 32) ^
                   (uint64_t)(uintptr_t)&rng_state;
        }
        rng_state = seed | 1;
    }
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

/* Uniform in [0, n), without the bias of a plain modulo. */
static uint64_t rng_below(uint64_t n)
{
    uint64_t lim = -n % n, r;
    do
        r = rng_next();
    while (r < lim);
    return r % n;
}

/* Uniform in [0, 1). */
static double rng_unit(void)
{
    return (double)(rng_next() >> 11) * 0x1.0p-53;
}

/* ---- parsing ---- */

static bool ascii_ieq(tp_str s, const char *lit)
{
    size_t n = strlen(lit);
    return s.len == n && !strncasecmp(s.ptr, lit, n);
}

/* A status code: exactly three digits, 100 to 599. */
static bool parse_code(tp_str s, int *code)
{
    uint64_t v;
    if (s.len != 3 || !ta_uint(s, CODE_MAX, &v) || v < CODE_MIN)
        return false;
    *code = (int)v;
    return true;
}

/* A weight: a non-negative decimal such as "2", "0.7" or ".25". */
static bool parse_weight(tp_str s, double *w)
{
    if (!s.len || s.len > WEIGHT_MAX_LEN)
        return false;
    size_t digits = 0, dots = 0;
    for (size_t i = 0; i < s.len; i++) {
        if (s.ptr[i] == '.')
            dots++;
        else if (s.ptr[i] >= '0' && s.ptr[i] <= '9')
            digits++;
        else
            return false;
    }
    if (!digits || dots > 1 || s.ptr[s.len - 1] == '.')
        return false;
    char buf[WEIGHT_MAX_LEN + 1];
    memcpy(buf, s.ptr, s.len);
    buf[s.len] = '\0';
    *w = strtod(buf, NULL);
    return true;
}

/* Splits at the first comma, like ta_segment does at '/'. */
static tp_str next_item(tp_str *s)
{
    const char *comma = memchr(s->ptr, ',', s->len);
    tp_str head = {s->ptr, comma ? (size_t)(comma - s->ptr) : s->len};
    if (comma) {
        s->ptr = comma + 1;
        s->len -= head.len + 1;
    } else {
        s->ptr += s->len;
        s->len = 0;
    }
    return head;
}

/* The list part of the path, decoded; NULL after answering 400. */
static char *decoded_list(tp_request *req, tp_str rest, const char *what,
                          size_t *len)
{
    char *list = ta_decode(req, rest, false, len);
    if (!list) {
        ta_bad(req, "malformed percent-encoding in the %s", what);
        return NULL;
    }
    if (!*len) {
        ta_bad(req, "no %s given", what);
        return NULL;
    }
    return list;
}

static size_t count_items(const char *s, size_t len)
{
    size_t n = 1;
    for (size_t i = 0; i < len; i++)
        n += s[i] == ',';
    return n;
}

/*
 * "{codes}": one code, a comma-separated list (each item equally likely),
 * or items weighted as "code:weight" (an item without a weight weighs 1).
 * Sets *code and returns true, or answers 400 and returns false.
 */
static bool pick_code(tp_request *req, const ta_ctx *ctx, tp_str rest,
                      int *code)
{
    size_t len;
    char *list = decoded_list(req, rest, "status code", &len);
    if (!list)
        return false;
    size_t n = count_items(list, len);
    if (n > (size_t)ctx->opt.max_count) {
        ta_bad(req, "%zu status codes given; at most %d are allowed", n,
               ctx->opt.max_count);
        return false;
    }
    int *codes = tp_request_alloc(req, n * sizeof(*codes));
    double *weights = tp_request_alloc(req, n * sizeof(*weights));
    if (!codes || !weights) {
        tp_respond_error(req, 500, "out of memory");
        return false;
    }
    double total = 0;
    tp_str s = {list, len};
    for (size_t i = 0; i < n; i++) {
        tp_str item = next_item(&s);
        if (!item.len) {
            ta_bad(req, "empty item in the status code list (item %zu)",
                   i + 1);
            return false;
        }
        const char *colon = memchr(item.ptr, ':', item.len);
        tp_str c = {item.ptr, colon ? (size_t)(colon - item.ptr) : item.len};
        if (!parse_code(c, &codes[i])) {
            ta_bad(req, "'%.*s' is not a status code: a code is three "
                        "digits from %d to %d",
                   (int)(c.len > 32 ? 32 : c.len), c.ptr, CODE_MIN, CODE_MAX);
            return false;
        }
        weights[i] = 1;
        if (colon) {
            tp_str w = {colon + 1, item.len - c.len - 1};
            if (!parse_weight(w, &weights[i])) {
                ta_bad(req, "'%.*s' is not a weight: a weight is a "
                            "non-negative decimal number such as 0.7 (at "
                            "most %d characters)",
                       (int)(w.len > 32 ? 32 : w.len), w.ptr,
                       WEIGHT_MAX_LEN);
                return false;
            }
        }
        total += weights[i];
    }
    if (!(total > 0)) {
        ta_bad(req, "the weights add up to 0: at least one code needs a "
                    "positive weight");
        return false;
    }
    double x = rng_unit() * total, acc = 0;
    size_t pick = n;
    for (size_t i = 0; i < n; i++) {
        if (weights[i] <= 0)
            continue;
        pick = i; /* rounding can leave x just past the last sum */
        acc += weights[i];
        if (x < acc)
            break;
    }
    *code = codes[pick];
    return true;
}

/* "{ranges}": "200-204,500-504"; single codes allowed.  The code is drawn
 * uniformly from the union of the ranges. */
static bool pick_random(tp_request *req, const ta_ctx *ctx, tp_str rest,
                        int *code)
{
    size_t len;
    char *list = decoded_list(req, rest, "status code range", &len);
    if (!list)
        return false;
    size_t n = count_items(list, len);
    if (n > (size_t)ctx->opt.max_count) {
        ta_bad(req, "%zu ranges given; at most %d are allowed", n,
               ctx->opt.max_count);
        return false;
    }
    bool in[CODE_MAX + 1] = {false};
    unsigned members = 0;
    tp_str s = {list, len};
    for (size_t i = 0; i < n; i++) {
        tp_str item = next_item(&s);
        if (!item.len) {
            ta_bad(req, "empty item in the range list (item %zu)", i + 1);
            return false;
        }
        const char *dash = memchr(item.ptr, '-', item.len);
        tp_str a = {item.ptr, dash ? (size_t)(dash - item.ptr) : item.len};
        tp_str b = dash ? (tp_str){dash + 1, item.len - a.len - 1} : a;
        int lo, hi;
        if (!parse_code(a, &lo) || !parse_code(b, &hi)) {
            ta_bad(req, "'%.*s' is not a code or a range of codes: write "
                        "200 or 500-504, with codes from %d to %d",
                   (int)(item.len > 32 ? 32 : item.len), item.ptr, CODE_MIN,
                   CODE_MAX);
            return false;
        }
        if (lo > hi) {
            ta_bad(req, "the range %d-%d is empty: its first code must not "
                        "exceed its last", lo, hi);
            return false;
        }
        for (int c = lo; c <= hi; c++) {
            members += !in[c];
            in[c] = true;
        }
    }
    /* 101 answers only a request to upgrade (RFC 9110 15.2.2): among
     * other codes, a request that does not ask never draws it. */
    if (in[101] && members > 1 && !tp_request_header(req, "Upgrade", NULL)) {
        in[101] = false;
        members--;
    }
    uint64_t k = rng_below(members);
    for (int c = CODE_MIN; c <= CODE_MAX; c++) {
        if (in[c] && k-- == 0) {
            *code = c;
            break;
        }
    }
    return true;
}

/* ---- response fields ---- */

/* Whether the request asked for a field of this name itself: its value
 * then replaces the one this file would choose. */
static bool injected(const st_job *j, const char *name)
{
    for (size_t i = 0; i < j->ninj; i++)
        if (!strcasecmp(j->inj[i].name, name))
            return true;
    return false;
}

static void set_field(tp_request *req, const st_job *j, const char *name,
                      const char *value)
{
    if (value && !injected(j, name))
        tp_response_header(req, name, value);
}

static int apply_injected(tp_request *req, const st_job *j, size_t *bad)
{
    for (size_t i = 0; i < j->ninj; i++) {
        int r = tp_response_header(req, j->inj[i].name, j->inj[i].value);
        if (r < 0) {
            /* The refusal that follows carries none of them. */
            for (size_t k = 0; k < i; k++)
                tp_response_header_remove(req, j->inj[k].name);
            *bad = i;
            return r;
        }
    }
    return 0;
}

/* X-Teapot-Response-Foo: bar in the request asks for Foo: bar in the
 * response.  Collected into the job; false after answering 400. */
static bool collect_injected(tp_request *req, st_job *j)
{
    size_t total = tp_request_header_count(req), pl = strlen(INJECT_PREFIX);
    j->inj = tp_request_alloc(req, (total ? total : 1) * sizeof(*j->inj));
    if (!j->inj) {
        tp_respond_error(req, 500, "out of memory");
        return false;
    }
    for (size_t i = 0; i < total; i++) {
        tp_str name, value;
        tp_request_header_at(req, i, &name, &value);
        if (name.len < pl || strncasecmp(name.ptr, INJECT_PREFIX, pl))
            continue;
        if (name.len == pl) {
            ta_bad(req, "%s needs a field name after the prefix, as in "
                        "%sCache-Control",
                   INJECT_PREFIX, INJECT_PREFIX);
            return false;
        }
        inject *in = &j->inj[j->ninj++];
        in->name = tp_request_strdup(req, (tp_str){name.ptr + pl,
                                                   name.len - pl});
        in->value = tp_request_strdup(req, value);
        if (!in->name || !in->value) {
            tp_respond_error(req, 500, "out of memory");
            return false;
        }
    }
    return true;
}

/* Adds the requested fields now, so that the engine's rules refuse what
 * cannot be sent before anything is: a 400 rather than a half-sent
 * exchange. */
static bool inject_or_refuse(tp_request *req, st_job *j)
{
    size_t bad = 0;
    int r = apply_injected(req, j, &bad);
    if (r == -EINVAL) {
        ta_bad(req, "cannot send the field '%.*s' asked for by %s%.*s: the "
                    "server writes Date, Server, Content-Length, "
                    "Transfer-Encoding, Keep-Alive and Connection (other "
                    "than 'close') itself, a name must be a token and a "
                    "value must not hold control characters",
               (int)strnlen(j->inj[bad].name, 64), j->inj[bad].name,
               INJECT_PREFIX, (int)strnlen(j->inj[bad].name, 64),
               j->inj[bad].name);
        return false;
    }
    if (r < 0) {
        ta_bad(req, "too many %s fields: a response holds a limited number "
                    "of header fields",
               INJECT_PREFIX);
        return false;
    }
    return true;
}

/* RFC 8297: the hints a 103 gives, and the final response repeats. */
static void early_hints(tp_request *req, const st_job *j)
{
    if (injected(j, "Link"))
        return;
    const ta_ctx *ctx = j->ctx;
    tp_response_headerf(req, "Link", "<%s>; rel=preload; as=fetch",
                        ta_path(req, ctx, "/get"));
    tp_response_headerf(req, "Link", "<%s>; rel=preload; as=fetch",
                        ta_path(req, ctx, "/headers"));
}

/* The interim response for a 1xx other than 101, with the fields its
 * definition describes.  False when none could be sent (HTTP/1.0). */
static bool send_interim(tp_request *req, const st_job *j)
{
    /* RFC 9110 15.2: never a 1xx to an HTTP/1.0 client.  Asked before any
     * field is added, since fields of an interim that is not sent would be
     * left for the final response. */
    if (tp_request_version(req) < 11)
        return false;
    const ta_ctx *ctx = j->ctx;
    if (j->code == 103) {
        early_hints(req, j);
    } else if (j->code == 104) {
        /* draft-ietf-httpbis-resumable-upload-05, 4.2: a 104 announcing a
         * new upload resource carries its Location; the interop version 6
         * identifies that draft to the clients that implement it. */
        uint64_t id[2] = {rng_next(), rng_next()};
        char path[80];
        snprintf(path, sizeof(path), "/anything/upload/%016llx%016llx",
                 (unsigned long long)id[0], (unsigned long long)id[1]);
        set_field(req, j, "Location", ta_path(req, ctx, path));
        set_field(req, j, "Upload-Draft-Interop-Version", "6");
        char limit[48];
        snprintf(limit, sizeof(limit), "max-size=%lld",
                 (long long)ctx->opt.max_bytes);
        set_field(req, j, "Upload-Limit", limit);
    }
    return tp_response_interim(req, j->code) == 0;
}

/* ---- the answers ---- */

/* 206: the bytes of the sample a valid Range of the request asks for
 * (tp_serve then also handles If-Range and several ranges), else its
 * first bytes; either way a Content-Range that matches them. */
static void partial(tp_request *req)
{
    tp_str method = tp_request_method(req), range;
    bool get = ascii_ieq(method, "GET") || ascii_ieq(method, "HEAD");
    tp_range_set set;
    /* RFC 9110 14.2: Range is defined for GET only (HEAD mirrors it). */
    if (get && tp_request_header(req, "Range", &range) &&
        tp_range_parse(range, SAMPLE_LEN, &set) != 200) {
        tp_representation rep = {
            .content_type = "text/plain; charset=utf-8",
            .validators = {.etag = {SAMPLE_ETAG, sizeof(SAMPLE_ETAG) - 1},
                           .exists = true},
            .fd = -1,
            .data = sample,
            .length = SAMPLE_LEN,
            .ranges = true,
        };
        tp_serve(req, &rep);
        return;
    }
    tp_response_headerf(req, "Content-Range", "bytes 0-%d/%zu",
                        SAMPLE_PART - 1, SAMPLE_LEN);
    tp_response_header(req, "ETag", SAMPLE_ETAG);
    tp_response_header(req, "Accept-Ranges", "bytes");
    tp_respond_static(req, 206, "text/plain; charset=utf-8", sample,
                      SAMPLE_PART);
}

static void html_escape_into(char **p, const char *s)
{
    for (; *s; s++) {
        const char *e = *s == '<' ? "&lt;" : *s == '>' ? "&gt;"
                        : *s == '&' ? "&amp;" : *s == '"' ? "&quot;" : NULL;
        if (e) {
            size_t n = strlen(e);
            memcpy(*p, e, n);
            *p += n;
        } else {
            *(*p)++ = *s;
        }
    }
}

/* 300: the choices themselves, as hypertext or JSON by Accept (RFC 9110
 * 15.4.1: the content lists the representations and their URIs). */
static void multiple_choices(tp_request *req, const st_job *j)
{
    static const struct {
        const char *path, *what;
    } choices[] = {
        {"/get", "the request echoed as JSON"},
        {"/headers", "the request's header fields as JSON"},
        {"/anything", "the whole request, body included, as JSON"},
    };
    const size_t n = sizeof(choices) / sizeof(choices[0]);
    const char *reason = tp_status_reason(300);
    tp_str accept = {NULL, 0};
    bool has = tp_request_header_list(req, "Accept", &accept);
    tp_response_header(req, "Vary", "Accept");
    if (tp_accept_q(accept, has, "application/json") >
        tp_accept_q(accept, has, "text/html")) {
        json_t *o = json_object(), *list = json_array();
        json_object_set_new(o, "code", json_integer(300));
        json_object_set_new(o, "reason", json_string(reason));
        json_object_set_new(o, "description",
                            json_string("Several resources can answer; pick "
                                        "one. Location names the preferred "
                                        "one."));
        for (size_t i = 0; i < n; i++) {
            json_t *c = json_object();
            json_object_set_new(c, "href", json_string(ta_path(
                                               req, j->ctx, choices[i].path)));
            json_object_set_new(c, "description",
                                json_string(choices[i].what));
            json_array_append_new(list, c);
        }
        json_object_set_new(o, "choices", list);
        ta_respond_json(req, 300, o);
        return;
    }
    size_t cap = 512;
    for (size_t i = 0; i < n; i++)
        cap += 6 * (j->ctx->prefix_len + strlen(choices[i].path)) * 2 +
               strlen(choices[i].what) * 6 + 64;
    char *out = tp_request_alloc(req, cap), *p = out;
    if (!out) {
        tp_respond_error(req, 500, "out of memory");
        return;
    }
    p += sprintf(p, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta "
                    "charset=\"utf-8\"><title>300 %s</title></head>\n"
                    "<body><h1>300 %s</h1>\n<p>Several resources can answer; "
                    "pick one.</p>\n<ul>\n",
                 reason, reason);
    for (size_t i = 0; i < n; i++) {
        const char *href = ta_path(req, j->ctx, choices[i].path);
        p += sprintf(p, "<li><a href=\"");
        html_escape_into(&p, href);
        p += sprintf(p, "\">");
        html_escape_into(&p, href);
        p += sprintf(p, "</a>: ");
        html_escape_into(&p, choices[i].what);
        p += sprintf(p, "</li>\n");
    }
    p += sprintf(p, "</ul>\n</body></html>\n");
    tp_respond_static(req, 300, "text/html; charset=utf-8", out,
                      (size_t)(p - out));
}

/* 405: the methods the simulated resource takes.  Every method reaches
 * /status/405, so no list can be literally true; naming the refused method
 * would contradict the refusal (RFC 9110 15.5.6), so it is left out. */
static const char *allow_for(tp_request *req)
{
    tp_str m = tp_request_method(req);
    if (ascii_ieq(m, "GET") || ascii_ieq(m, "HEAD"))
        return "POST, OPTIONS";
    if (ascii_ieq(m, "POST"))
        return "GET, HEAD, OPTIONS";
    return "GET, HEAD, POST, OPTIONS";
}

/* The final response (after the delay, if any). */
static void answer(tp_request *req, st_job *j)
{
    const ta_ctx *ctx = j->ctx;
    int code = j->code;
    if (j->interim_sent) {
        ta_cors(req);
        size_t bad;
        apply_injected(req, j, &bad); /* accepted once already */
    }
    if (code == 101) {
        ta_websocket_start(req, ctx, true);
        return;
    }
    char detail[256];
    const char *why = NULL;
    int final = code;
    if (code < 200) {
        /* 1xx are interim: a final response has to follow (RFC 9110 15.2). */
        final = 200;
        if (code == 103)
            early_hints(req, j);
        if (j->interim_sent)
            snprintf(detail, sizeof(detail),
                     "An interim %d %s came first; this is the final "
                     "response.",
                     code, tp_status_lookup(code) ? tp_status_reason(code)
                                                  : "(unassigned)");
        else
            snprintf(detail, sizeof(detail),
                     "No interim %d was sent: an HTTP/1.0 client never "
                     "receives a 1xx response (RFC 9110 15.2).", code);
        why = detail;
    } else if (!tp_status_lookup(code)) {
        snprintf(detail, sizeof(detail),
                 "%d is not a registered status code; a client treats it "
                 "as %d %s (RFC 9110 15).",
                 code, code / 100 * 100, tp_status_reason(code));
        why = detail;
    }

    if (j->retry_after)
        set_field(req, j, "Retry-After", j->retry_after);
    else if (code == 429 || code == 503)
        set_field(req, j, "Retry-After", "1"); /* RFC 6585 4, 9110 15.6.4 */

    switch (tp_status_class_of(code)) {
    case TP_CLASS_REDIRECTION:
        if (code == 304) {
            /* RFC 9110 15.4.5: the validator a 200 would have carried. */
            set_field(req, j, "ETag", SAMPLE_ETAG);
        } else if (code != 305 && code != 306) {
            /* 305 once named a proxy in Location and 306 means nothing any
             * more; for the others Location is the redirect's target. */
            set_field(req, j, "Location", ta_path(req, ctx, "/get"));
        }
        if (code == 300 && !injected(j, "Content-Type")) {
            multiple_choices(req, j);
            return;
        }
        break;
    default:
        break;
    }

    switch (code) {
    case 201:
        set_field(req, j, "Location", ta_path(req, ctx, "/anything/created"));
        break;
    case 206:
        partial(req);
        return;
    case 226:
        /* RFC 3229 10.4.1: the entity tag of the current instance. */
        set_field(req, j, "ETag", SAMPLE_ETAG);
        break;
    case 401:
        set_field(req, j, "WWW-Authenticate", "Basic realm=\"teapot\"");
        break;
    case 405:
        set_field(req, j, "Allow", allow_for(req));
        break;
    case 407:
        set_field(req, j, "Proxy-Authenticate", "Basic realm=\"teapot\"");
        break;
    case 416: {
        char cr[48];
        snprintf(cr, sizeof(cr), "bytes */%zu", SAMPLE_LEN);
        set_field(req, j, "Content-Range", cr);
        break;
    }
    case 418:
        why = "I'm a little teapot, short and stout: I was asked to brew "
              "coffee, and I only make tea (RFC 2324 2.3.2).";
        break;
    case 426:
        /* RFC 9110 15.5.22; the writer adds Connection: upgrade. */
        set_field(req, j, "Upgrade", "websocket");
        break;
    case 451: {
        /* RFC 7725 3: the entity that blocks access, rel="blocked-by". */
        char link[256];
        snprintf(link, sizeof(link), "<%s>; rel=\"blocked-by\"",
                 ta_path(req, ctx, "/anything/legal-demand"));
        set_field(req, j, "Link", link);
        break;
    }
    default:
        break;
    }
    tp_respond_status(req, final, why);
}

static void answer_later(tp_request *req, void *arg)
{
    answer(req, arg);
}

/* Shared by /status and /random once the code is chosen. */
static void run(tp_request *req, const ta_ctx *ctx, int code)
{
    st_job *j = tp_request_alloc(req, sizeof(*j));
    if (!j) {
        tp_respond_error(req, 500, "out of memory");
        return;
    }
    memset(j, 0, sizeof(*j));
    j->ctx = ctx;
    j->code = code;

    char *v;
    uint64_t sleep_ms = 0;
    if (ta_query(req, "sleep_ms", &v) &&
        !ta_uint((tp_str){v, strlen(v)}, (uint64_t)ctx->opt.max_delay_ms,
                 &sleep_ms)) {
        ta_bad(req, "sleep_ms must be a whole number of milliseconds from 0 "
                    "to %d",
               ctx->opt.max_delay_ms);
        return;
    }
    if (ta_query(req, "retry_after", &v)) {
        uint64_t secs;
        /* RFC 9110 10.2.3: delay-seconds = 1*DIGIT. */
        if (!ta_uint((tp_str){v, strlen(v)}, RETRY_AFTER_MAX, &secs)) {
            ta_bad(req, "retry_after must be delay-seconds: a whole number "
                        "of seconds from 0 to %u",
                   RETRY_AFTER_MAX);
            return;
        }
        j->retry_after = v;
    }
    if (!collect_injected(req, j) || !inject_or_refuse(req, j))
        return;
    if (code < 200 && code != 101)
        j->interim_sent = send_interim(req, j);
    if (sleep_ms)
        tp_request_timer(req, (int)sleep_ms, answer_later, j);
    else
        answer(req, j);
}

static void status_ep(tp_request *req, const ta_ctx *ctx, tp_str rest)
{
    int code;
    if (pick_code(req, ctx, rest, &code))
        run(req, ctx, code);
}

static void random_ep(tp_request *req, const ta_ctx *ctx, tp_str rest)
{
    int code;
    if (pick_random(req, ctx, rest, &code))
        run(req, ctx, code);
}

int ta_mount_status(tp_server *srv, ta_ctx *ctx)
{
    static const ta_endpoint eps[] = {
        {NULL, "/status/*", status_ep},
        {NULL, "/random/*", random_ep},
    };
    return TA_ROUTES(srv, ctx, eps);
}
