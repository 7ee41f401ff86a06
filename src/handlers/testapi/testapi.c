/*
 * testapi.c - the client-testing API's mount, its shared helpers (routing
 * with the mount prefix and CORS, requests as httpbin-shaped JSON, query
 * and body parsing) and the endpoints that echo the request: /get, /post,
 * /put, /patch, /delete, /anything, /headers, /ip, /user-agent, /uuid and
 * /dump/request.
 */
#define _GNU_SOURCE /* memmem */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/random.h>

#include <openssl/evp.h>

#include "form.h"
#include "ta.h"

/* ---- routing ---- */

typedef struct ta_route_arg {
    const ta_ctx *ctx;
    ta_fn fn;
    size_t base_len; /* length of the registered path without '*' */
    char allow[160];
} ta_route_arg;

static void route_free(void *p)
{
    free(p);
}

/* httpbin's CORS: the Origin reflected (and then credentials allowed and a
 * cache told that the answer varies with Origin), else "*". */
void ta_cors(tp_request *req)
{
    tp_str origin;
    if (tp_request_header(req, "Origin", &origin) && origin.len) {
        tp_response_header(req, "Access-Control-Allow-Origin",
                           tp_request_strdup(req, origin));
        tp_response_header(req, "Access-Control-Allow-Credentials", "true");
    } else {
        tp_response_header(req, "Access-Control-Allow-Origin", "*");
    }
    /* The answer varies with Origin whether or not this request sent one:
     * a shared cache must not hand the "*" copy to a credentialed
     * cross-origin request (Fetch, CORS protocol and HTTP caches). */
    tp_response_header(req, "Vary", "Origin");
}

static bool is_method(tp_request *req, const char *m)
{
    tp_str s = tp_request_method(req);
    return s.len == strlen(m) && !memcmp(s.ptr, m, s.len);
}

/* A CORS preflight (or a plain OPTIONS): 200 with Allow and what a browser
 * needs to go ahead. */
static void preflight(tp_request *req, const ta_route_arg *r)
{
    ta_cors(req);
    tp_response_header(req, "Allow", r->allow);
    tp_response_header(req, "Access-Control-Allow-Methods", r->allow);
    tp_response_header(req, "Access-Control-Max-Age", "3600");
    tp_str h;
    if (tp_request_header_list(req, "Access-Control-Request-Headers", &h) &&
        h.len)
        tp_response_header(req, "Access-Control-Allow-Headers",
                           tp_request_strdup(req, h));
    tp_respond(req, 200, NULL, NULL, 0);
}

static void route_call(tp_request *req, void *arg)
{
    const ta_route_arg *r = arg;
    if (is_method(req, "OPTIONS")) {
        preflight(req, r);
        return;
    }
    ta_cors(req);
    /* No parameter here can carry a NUL, and C strings would cut it
     * short silently: refuse it once, for every endpoint. */
    tp_str q = tp_request_query(req);
    if (q.len >= 3 && memmem(q.ptr, q.len, "%00", 3)) {
        ta_bad(req, "the query holds a NUL byte (%%00), which no parameter "
                    "here accepts");
        return;
    }
    tp_str path = tp_request_path(req);
    tp_str rest = {path.ptr + r->base_len, path.len - r->base_len};
    if (path.len < r->base_len)
        rest = (tp_str){path.ptr + path.len, 0};
    r->fn(req, r->ctx, rest);
}

static void allow_add(char *allow, size_t cap, const char *m)
{
    size_t n = strlen(allow);
    snprintf(allow + n, cap - n, "%s%s", n ? ", " : "", m);
}

int ta_route(tp_server *srv, ta_ctx *ctx, const char *methods,
             const char *path, ta_fn fn)
{
    ta_route_arg *r = calloc(1, sizeof(*r));
    if (!r)
        return -ENOMEM;
    if (tp_server_at_free(srv, route_free, r) < 0) {
        free(r);
        return -ENOMEM;
    }
    r->ctx = ctx;
    r->fn = fn;
    char full[256];
    int n = snprintf(full, sizeof(full), "%s%s", ctx->prefix, path);
    if (n < 0 || (size_t)n >= sizeof(full))
        return -ENAMETOOLONG;
    r->base_len = (size_t)n;
    if (n && full[n - 1] == '*')
        r->base_len--;
    if (!methods) {
        snprintf(r->allow, sizeof(r->allow),
                 "GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS, TRACE");
    } else {
        char list[128];
        snprintf(list, sizeof(list), "%s", methods);
        for (char *save, *m = strtok_r(list, ",", &save); m;
             m = strtok_r(NULL, ",", &save)) {
            allow_add(r->allow, sizeof(r->allow), m);
            if (!strcmp(m, "GET"))
                allow_add(r->allow, sizeof(r->allow), "HEAD");
        }
        allow_add(r->allow, sizeof(r->allow), "OPTIONS");
    }
    int e = tp_server_handle(srv, methods, full, route_call, r);
    if (e == 0 && methods)
        e = tp_server_handle(srv, "OPTIONS", full, route_call, r);
    return e;
}

int ta_routes(tp_server *srv, ta_ctx *ctx, const ta_endpoint *eps, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        int r = ta_route(srv, ctx, eps[i].methods, eps[i].path, eps[i].fn);
        if (r < 0)
            return r;
    }
    return 0;
}

/* ---- small parsers ---- */

char *ta_decode(tp_request *req, tp_str src, bool plus, size_t *len)
{
    return tp_form_decode(req, src, plus, false, len);
}

/* Adds name: value to a multi-dict object: a string, or an array once the
 * name repeats (httpbin's "args" and "form"). */
static void multi_add(json_t *o, const char *name, json_t *v)
{
    json_t *cur = json_object_get(o, name);
    if (!cur) {
        json_object_set_new(o, name, v);
    } else if (json_is_array(cur)) {
        json_array_append_new(cur, v);
    } else {
        json_t *a = json_array();
        json_array_append(a, cur);
        json_array_append_new(a, v);
        json_object_set_new(o, name, a);
    }
}

/* A JSON string from bytes that may not be UTF-8: invalid sequences become
 * U+FFFD rather than making the value disappear. */
json_t *ta_text_json(const char *s, size_t len)
{
    json_t *j = json_stringn(s, len);
    if (j)
        return j;
    char *fixed = malloc(len * 3 + 1);
    if (!fixed)
        return json_string("");
    size_t o = 0;
    for (size_t i = 0; i < len;) {
        unsigned char c = (unsigned char)s[i];
        size_t n = c < 0x80 ? 1 : (c & 0xe0) == 0xc0 ? 2
                                : (c & 0xf0) == 0xe0 ? 3
                                : (c & 0xf8) == 0xf0 ? 4 : 0;
        json_t *probe = n && i + n <= len ? json_stringn(s + i, n) : NULL;
        if (probe) {
            memcpy(fixed + o, s + i, n);
            o += n;
            i += n;
            json_decref(probe);
        } else {
            memcpy(fixed + o, "\xef\xbf\xbd", 3);
            o += 3;
            i++;
        }
    }
    j = json_stringn(fixed, o);
    free(fixed);
    return j;
}

static int pair_to_multi(tp_request *req, const tp_form_field *f, void *arg,
                         const char **why)
{
    (void)req;
    (void)why;
    multi_add(arg, f->name, ta_text_json(f->value, f->len));
    return 0;
}

/* Query strings are decoded as browsers do: a stray '%' stays. */
json_t *ta_query_json(tp_request *req)
{
    const char *why;
    json_t *o = json_object();
    if (o)
        tp_form_urlencoded(req, tp_request_query(req), false, pair_to_multi,
                           o, &why);
    return o;
}

typedef struct find_pair {
    const char *name;
    char *value;
    bool found;
} find_pair;

static int pair_find(tp_request *req, const tp_form_field *ff, void *arg,
                     const char **why)
{
    (void)req;
    (void)why;
    find_pair *f = arg;
    if (!f->found && !strcmp(ff->name, f->name)) {
        f->found = true;
        f->value = (char *)ff->value;
    }
    return 0;
}

bool ta_query(tp_request *req, const char *name, char **value)
{
    find_pair f = {name, NULL, false};
    const char *why;
    if (tp_form_urlencoded(req, tp_request_query(req), false, pair_find, &f,
                           &why) != 0) {
        *value = NULL;
        return false;
    }
    *value = f.value;
    return f.found;
}

bool ta_uint(tp_str s, uint64_t max, uint64_t *out)
{
    if (!s.len || s.len > 19)
        return false;
    uint64_t v = 0;
    for (size_t i = 0; i < s.len; i++) {
        if (s.ptr[i] < '0' || s.ptr[i] > '9')
            return false;
        v = v * 10 + (uint64_t)(s.ptr[i] - '0');
    }
    if (v > max)
        return false;
    *out = v;
    return true;
}

tp_str ta_segment(tp_str *s)
{
    const char *slash = memchr(s->ptr, '/', s->len);
    tp_str head = {s->ptr, slash ? (size_t)(slash - s->ptr) : s->len};
    if (slash) {
        s->ptr = slash + 1;
        s->len -= head.len + 1;
    } else {
        s->ptr += s->len;
        s->len = 0;
    }
    return head;
}

/* ---- requests as JSON ---- */

/* Header names as httpbin shows them: "User-Agent", whatever the case on
 * the wire. */
static void canonical_name(char *dst, tp_str n)
{
    bool up = true;
    for (size_t i = 0; i < n.len; i++) {
        unsigned char c = (unsigned char)n.ptr[i];
        dst[i] = (char)(up ? toupper(c) : tolower(c));
        up = c == '-';
    }
    dst[n.len] = '\0';
}

json_t *ta_headers_json(tp_request *req)
{
    json_t *o = json_object();
    if (!o)
        return NULL;
    size_t n = tp_request_header_count(req);
    for (size_t i = 0; i < n; i++) {
        tp_str name, value;
        tp_request_header_at(req, i, &name, &value);
        char *cn = tp_request_alloc(req, name.len + 1);
        if (!cn)
            break;
        canonical_name(cn, name);
        json_t *cur = json_object_get(o, cn);
        if (cur) {
            size_t cl = json_string_length(cur);
            char *joined = malloc(cl + 2 + value.len);
            if (!joined)
                break;
            memcpy(joined, json_string_value(cur), cl);
            /* Cookie lines join with "; " (RFC 6265 5.4), lists with ", "
             * (RFC 9110 5.3). */
            memcpy(joined + cl, strcmp(cn, "Cookie") ? ", " : "; ", 2);
            memcpy(joined + cl + 2, value.ptr, value.len);
            json_object_set_new(o, cn, ta_text_json(joined, cl + 2 + value.len));
            free(joined);
        } else {
            json_object_set_new(o, cn, ta_text_json(value.ptr, value.len));
        }
    }
    return o;
}

char *ta_url(tp_request *req)
{
    tp_str host = tp_request_host(req), target = tp_request_target(req);
    /* An absolute-form target (RFC 9112 3.2.2) already names the scheme
     * and authority: keep its path and query, as received (the engine's
     * canonical path may live elsewhere). */
    if (target.len >= 7 && !strncasecmp(target.ptr, "http://", 7)) {
        const char *p = target.ptr + 7, *end = target.ptr + target.len;
        while (p < end && *p != '/' && *p != '?')
            p++;
        target = (tp_str){p, (size_t)(end - p)};
    }
    size_t n = 7 + host.len + target.len + 1;
    char *u = tp_request_alloc(req, n);
    if (u)
        snprintf(u, n, "http://%.*s%.*s", (int)host.len, host.ptr,
                 (int)target.len, target.ptr);
    return u;
}

char *ta_abs(tp_request *req, const ta_ctx *ctx, const char *path)
{
    tp_str host = tp_request_host(req);
    size_t n = 7 + host.len + ctx->prefix_len + strlen(path) + 1;
    char *u = tp_request_alloc(req, n);
    if (u)
        snprintf(u, n, "http://%.*s%s%s", (int)host.len, host.ptr,
                 ctx->prefix, path);
    return u;
}

char *ta_path(tp_request *req, const ta_ctx *ctx, const char *path)
{
    size_t n = ctx->prefix_len + strlen(path) + 1;
    char *u = tp_request_alloc(req, n);
    if (u)
        snprintf(u, n, "%s%s", ctx->prefix, path);
    return u;
}

static json_t *origin_json(tp_request *req)
{
    tp_str xff;
    if (tp_request_header_list(req, "X-Forwarded-For", &xff) && xff.len)
        return ta_text_json(xff.ptr, xff.len);
    return json_string(tp_request_peer(req));
}

json_t *ta_request_json(tp_request *req, const ta_ctx *ctx, unsigned fields)
{
    (void)ctx;
    json_t *o = json_object();
    if (!o)
        return NULL;
    if (fields & TA_ARGS)
        json_object_set_new(o, "args", ta_query_json(req));
    if (fields & TA_HEADERS)
        json_object_set_new(o, "headers", ta_headers_json(req));
    if (fields & TA_ORIGIN)
        json_object_set_new(o, "origin", origin_json(req));
    if (fields & TA_URL) {
        char *u = ta_url(req);
        json_object_set_new(o, "url", ta_text_json(u ? u : "", u ? strlen(u) : 0));
    }
    if (fields & TA_METHOD) {
        tp_str m = tp_request_method(req);
        json_object_set_new(o, "method", json_stringn(m.ptr, m.len));
    }
    return o;
}

char *ta_json_text(tp_request *req, json_t *o, size_t flags, size_t *len)
{
    char *s = o ? json_dumps(o, flags) : NULL;
    json_decref(o);
    if (!s)
        return NULL;
    size_t n = strlen(s);
    char *body = tp_request_alloc(req, n + 2);
    if (body) {
        memcpy(body, s, n);
        body[n] = '\n';
        body[n + 1] = '\0';
        *len = n + 1;
    }
    free(s);
    return body;
}

void ta_respond_json(tp_request *req, int code, json_t *o)
{
    size_t len;
    char *body = ta_json_text(req, o, TA_JSON_PRETTY, &len);
    if (!body) {
        tp_respond_error(req, 500, "out of memory");
        return;
    }
    tp_respond_static(req, code, "application/json", body, len);
}

void ta_error(tp_request *req, int code, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    tp_respond_error(req, code, tp_request_strdup(req, (tp_str){msg, strlen(msg)}));
}

/* ---- bodies ---- */

typedef struct body_acc {
    const ta_ctx *ctx;
    ta_body_done done;
    tp_bytes body;
} body_acc;

static int body_piece(tp_request *req, const char *data, size_t len, void *arg)
{
    body_acc *b = arg;
    if (tp_request_append(req, &b->body, data, data ? len : 0) < 0)
        return 500;
    if (!data)
        b->done(req, b->ctx, b->body.data, b->body.len);
    return 0;
}

void ta_read_body(tp_request *req, const ta_ctx *ctx, ta_body_done done)
{
    body_acc *b = tp_request_alloc(req, sizeof(*b));
    if (!b) {
        tp_respond_error(req, 500, "out of memory");
        return;
    }
    memset(b, 0, sizeof(*b));
    b->ctx = ctx;
    b->done = done;
    tp_request_read_body(req, body_piece, b);
}

/* ---- the echo endpoints ---- */

static void get_ep(tp_request *req, const ta_ctx *ctx, tp_str rest)
{
    (void)rest;
    ta_respond_json(req, 200, ta_request_json(req, ctx, TA_GET_FIELDS));
}

static void headers_ep(tp_request *req, const ta_ctx *ctx, tp_str rest)
{
    (void)rest;
    ta_respond_json(req, 200, ta_request_json(req, ctx, TA_HEADERS));
}

static void ip_ep(tp_request *req, const ta_ctx *ctx, tp_str rest)
{
    (void)rest;
    ta_respond_json(req, 200, ta_request_json(req, ctx, TA_ORIGIN));
}

static void user_agent_ep(tp_request *req, const ta_ctx *ctx, tp_str rest)
{
    (void)ctx;
    (void)rest;
    tp_str ua = {"", 0};
    tp_request_header(req, "User-Agent", &ua);
    json_t *o = json_object();
    json_object_set_new(o, "user-agent", ta_text_json(ua.ptr, ua.len));
    ta_respond_json(req, 200, o);
}

/* A version 4 (random) UUID, RFC 9562 5.4. */
static void uuid_ep(tp_request *req, const ta_ctx *ctx, tp_str rest)
{
    (void)ctx;
    (void)rest;
    unsigned char b[16];
    if (getrandom(b, sizeof(b), 0) != (ssize_t)sizeof(b)) {
        tp_respond_error(req, 500, "no randomness available");
        return;
    }
    b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);
    b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
    char s[37];
    snprintf(s, sizeof(s),
             "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
             "%02x%02x%02x%02x%02x%02x",
             b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9],
             b[10], b[11], b[12], b[13], b[14], b[15]);
    json_t *o = json_object();
    json_object_set_new(o, "uuid", json_string(s));
    ta_respond_json(req, 200, o);
}

/* ---- forms ---- */

size_t ta_base64(char *out, const void *in, size_t len, bool url)
{
    int n = EVP_EncodeBlock((unsigned char *)out, in, (int)len);
    if (url)
        for (int i = 0; i < n; i++)
            out[i] = out[i] == '+' ? '-' : out[i] == '/' ? '_' : out[i];
    return (size_t)n;
}

/* A "data:" URL for bytes that are not text, as httpbin shows them. */
static json_t *binary_json(const char *ctype, const char *data, size_t len)
{
    size_t pl = strlen(ctype) + 13;
    char *s = malloc(pl + (len + 2) / 3 * 4 + 1);
    if (!s)
        return json_string("");
    int h = sprintf(s, "data:%s;base64,", ctype);
    size_t n = ta_base64(s + h, data, len, false);
    json_t *j = json_stringn(s, (size_t)h + n);
    free(s);
    return j;
}

json_t *ta_content_json(const char *ctype, const char *data, size_t len)
{
    json_t *j = json_stringn(data, len);
    return j ? j : binary_json(ctype, data, len);
}

/* A form's fields and files, as httpbin shows them. */
typedef struct form_json {
    json_t *form, *files;
} form_json;

static int field_to_json(tp_request *req, const tp_form_field *f, void *arg,
                         const char **why)
{
    (void)req;
    (void)why;
    form_json *fj = arg;
    if (f->filename)
        multi_add(fj->files, f->name,
                  ta_content_json(f->content_type, f->value, f->len));
    else
        multi_add(fj->form, f->name, ta_text_json(f->value, f->len));
    return 0;
}

json_t *ta_body_json(tp_request *req, const ta_ctx *ctx, char *body,
                     size_t len, unsigned fields, const char **why)
{
    *why = NULL;
    json_t *o = ta_request_json(req, ctx, fields);
    json_t *form = json_object(), *files = json_object();
    json_t *data = NULL, *js = NULL;
    tp_str ct = {"", 0};
    tp_request_header(req, "Content-Type", &ct);
    form_json fj = {form, files};
    if (tp_form_media_is(ct, "application/x-www-form-urlencoded")) {
        /* Decoded as browsers do: a stray '%' stays. */
        tp_form_urlencoded(req, (tp_str){body, len}, false, pair_to_multi,
                           form, why);
        data = json_string("");
    } else if (tp_form_media_is(ct, "multipart/form-data")) {
        char *boundary = tp_form_param(req, ct, "boundary");
        if (boundary)
            tp_form_multipart(req, boundary, body, len, field_to_json, &fj,
                              why);
        else
            *why = "multipart/form-data without a boundary";
        data = json_string("");
    } else {
        char *type = ct.len ? tp_request_strdup(req, ct)
                            : "application/octet-stream";
        data = ta_content_json(type, body, len);
        json_error_t err;
        if (len)
            js = json_loadb(body, len, JSON_DECODE_ANY | JSON_ALLOW_NUL, &err);
    }
    if (*why || !o) {
        json_decref(o);
        json_decref(form);
        json_decref(files);
        json_decref(data);
        json_decref(js);
        if (!*why)
            *why = "out of memory";
        return NULL;
    }
    json_object_set_new(o, "data", data);
    json_object_set_new(o, "form", form);
    json_object_set_new(o, "files", files);
    json_object_set_new(o, "json", js ? js : json_null());
    return o;
}

static void body_echo(tp_request *req, const ta_ctx *ctx, char *body,
                      size_t len, unsigned fields)
{
    const char *why;
    json_t *o = ta_body_json(req, ctx, body, len, fields, &why);
    if (!o) {
        ta_bad(req, "%s", why);
        return;
    }
    ta_respond_json(req, 200, o);
}

static void method_done(tp_request *req, const ta_ctx *ctx, char *body,
                        size_t len)
{
    body_echo(req, ctx, body, len, TA_GET_FIELDS);
}

static void with_body_ep(tp_request *req, const ta_ctx *ctx, tp_str rest)
{
    (void)rest;
    ta_read_body(req, ctx, method_done);
}

/* /anything: every method, the method named in the answer. */
static void anything_done(tp_request *req, const ta_ctx *ctx, char *body,
                          size_t len)
{
    body_echo(req, ctx, body, len, TA_GET_FIELDS | TA_METHOD);
}

static void anything_ep(tp_request *req, const ta_ctx *ctx, tp_str rest)
{
    (void)rest;
    ta_read_body(req, ctx, anything_done);
}

/* ---- /dump/request ---- */

static void dump_done(tp_request *req, const ta_ctx *ctx, char *body,
                      size_t len)
{
    (void)ctx;
    tp_str head = tp_request_raw_head(req);
    char *out = tp_request_alloc(req, head.len + len + 1);
    if (!out) {
        tp_respond_error(req, 500, "out of memory");
        return;
    }
    memcpy(out, head.ptr, head.len);
    memcpy(out + head.len, body, len);
    tp_respond_static(req, 200, "text/plain; charset=utf-8", out,
                      head.len + len);
}

static void dump_ep(tp_request *req, const ta_ctx *ctx, tp_str rest)
{
    (void)rest;
    ta_read_body(req, ctx, dump_done);
}

int ta_mount_core(tp_server *srv, ta_ctx *ctx)
{
    static const ta_endpoint eps[] = {
        {"GET", "/get", get_ep},
        {"POST", "/post", with_body_ep},
        {"PUT", "/put", with_body_ep},
        {"PATCH", "/patch", with_body_ep},
        {"DELETE", "/delete", with_body_ep},
        {NULL, "/anything", anything_ep},
        {NULL, "/anything/*", anything_ep},
        {"GET", "/headers", headers_ep},
        {"GET", "/ip", ip_ep},
        {"GET", "/user-agent", user_agent_ep},
        {"GET", "/uuid", uuid_ep},
        {NULL, "/dump/request", dump_ep},
    };
    return TA_ROUTES(srv, ctx, eps);
}

/* ---- the mount ---- */

void tp_testapi_defaults(tp_testapi_options *opt)
{
    memset(opt, 0, sizeof(*opt));
    opt->prefix = "";
    opt->max_delay_ms = 10000;
    opt->max_bytes = 1 << 20;
    opt->max_count = 100;
}

static void ctx_free(void *p)
{
    free(p);
}

int tp_testapi_mount(tp_server *srv, const tp_testapi_options *opt)
{
    ta_ctx *ctx = calloc(1, sizeof(*ctx));
    if (!ctx)
        return -ENOMEM;
    if (tp_server_at_free(srv, ctx_free, ctx) < 0) {
        free(ctx);
        return -ENOMEM;
    }
    ctx->opt = *opt;
    const char *prefix = opt->prefix ? opt->prefix : "";
    size_t pl = strlen(prefix);
    while (pl && prefix[pl - 1] == '/')
        pl--;
    if (pl >= sizeof(ctx->prefix) || (pl && prefix[0] != '/'))
        return -EINVAL;
    memcpy(ctx->prefix, prefix, pl);
    ctx->prefix[pl] = '\0';
    ctx->prefix_len = pl;
    int (*const mounts[])(tp_server *, ta_ctx *) = {
        ta_mount_core,  ta_mount_status, ta_mount_redirect,
        ta_mount_stream, ta_mount_cache, ta_mount_auth,
        ta_mount_content, ta_mount_websocket,
    };
    for (size_t i = 0; i < sizeof(mounts) / sizeof(mounts[0]); i++) {
        int r = mounts[i](srv, ctx);
        if (r < 0)
            return r;
    }
    return 0;
}
