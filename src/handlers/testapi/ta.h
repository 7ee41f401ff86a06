/*
 * ta.h - what the modules of the client-testing API share: the mount
 * context, routing with the mount prefix and CORS, the httpbin-shaped JSON
 * of a request, and small parsers for path segments and query strings.
 *
 * Each ta_*.c file owns one group of endpoints and registers them in its
 * ta_mount_* function; testapi.c mounts them all.
 */
#ifndef TEAPOT_TESTAPI_TA_H
#define TEAPOT_TESTAPI_TA_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "handlers.h"

/* The mount: options and the path prefix ("" at the root). */
typedef struct ta_ctx {
    tp_testapi_options opt;
    char prefix[128];
    size_t prefix_len;
} ta_ctx;

/* An endpoint handler.  `rest` is what follows the registered path when it
 * ends in '*' (for "/status/" + '*', the "{codes}" part, still
 * percent-encoded), else empty. */
typedef void (*ta_fn)(tp_request *req, const ta_ctx *ctx, tp_str rest);

/*
 * Registers an endpoint at prefix + path for `methods` (as
 * tp_server_handle).  Every response it makes carries the CORS fields
 * httpbin sends (Access-Control-Allow-Origin reflecting Origin, with
 * credentials), and OPTIONS on it is a CORS preflight answered with 200,
 * Allow and the Access-Control-Allow-* fields.
 */
int ta_route(tp_server *srv, ta_ctx *ctx, const char *methods,
             const char *path, ta_fn fn);

/* A group's endpoints, registered in order with ta_route. */
typedef struct ta_endpoint {
    const char *methods, *path;
    ta_fn fn;
} ta_endpoint;
int ta_routes(tp_server *srv, ta_ctx *ctx, const ta_endpoint *eps, size_t n);
#define TA_ROUTES(srv, ctx, eps)                                              \
    ta_routes((srv), (ctx), (eps), sizeof(eps) / sizeof((eps)[0]))

/* The CORS fields ta_route adds, for a handler that must add them again
 * (after an interim response, which takes the fields added so far). */
void ta_cors(tp_request *req);

/* ---- requests as JSON (httpbin's shapes) ---- */

enum ta_field {
    TA_ARGS = 1 << 0,    /* "args": query parameters */
    TA_HEADERS = 1 << 1, /* "headers": {"Name": "value", ...} */
    TA_ORIGIN = 1 << 2,  /* "origin": the peer address */
    TA_URL = 1 << 3,     /* "url": the absolute URL */
    TA_METHOD = 1 << 4,  /* "method" */
};
#define TA_GET_FIELDS (TA_ARGS | TA_HEADERS | TA_ORIGIN | TA_URL)

/* A new object with the chosen members; NULL when out of memory. */
json_t *ta_request_json(tp_request *req, const ta_ctx *ctx, unsigned fields);
/* "headers": every field line, names as received; repeated names joined
 * with ", " (RFC 9110 5.3). */
json_t *ta_headers_json(tp_request *req);
/* "args": name -> value, or name -> [values] when repeated. */
json_t *ta_query_json(tp_request *req);

/* Sends `o` (its reference is taken) pretty-printed with a final newline,
 * as application/json. */
void ta_respond_json(tp_request *req, int code, json_t *o);
/* The text of `o` (reference taken) with json_dumps `flags` and a final
 * newline, NUL-terminated in the arena (for a body that is compressed,
 * hashed or streamed); NULL when out of memory.  ta_respond_json uses
 * TA_JSON_PRETTY, httpbin's layout. */
#define TA_JSON_PRETTY (JSON_INDENT(2) | JSON_SORT_KEYS)
char *ta_json_text(tp_request *req, json_t *o, size_t flags, size_t *len);
/* The request with its body as /anything shows it: the `fields` of
 * ta_request_json plus "data", "form", "files" (urlencoded and multipart
 * bodies parsed) and "json".  NULL with *why set when a multipart body is
 * malformed (a 400) or memory runs out. */
json_t *ta_body_json(tp_request *req, const ta_ctx *ctx, char *body,
                     size_t len, unsigned fields, const char **why);
/* A JSON string of bytes that may not be UTF-8: invalid sequences become
 * U+FFFD. */
json_t *ta_text_json(const char *s, size_t len);
/* Content as httpbin shows it: a string when it is UTF-8, else a
 * "data:TYPE;base64,..." URL. */
json_t *ta_content_json(const char *ctype, const char *data, size_t len);

/* The absolute URL of the request: "http://" Host target. */
char *ta_url(tp_request *req);
/* The absolute URL of a path on this mount: "http://" Host prefix path. */
char *ta_abs(tp_request *req, const ta_ctx *ctx, const char *path);
/* prefix + path, in the request's arena. */
char *ta_path(tp_request *req, const ta_ctx *ctx, const char *path);

/* Base64 of `len` bytes into `out`, which holds (len + 2) / 3 * 4 + 1
 * bytes: the standard alphabet (RFC 4648 4) or, with `url`, the URL-safe
 * one (RFC 4648 5), padded either way.  Returns the length written. */
size_t ta_base64(char *out, const void *in, size_t len, bool url);

/* ---- parsing ---- */

/* Percent-decodes src into a new NUL-terminated string in the arena ('+'
 * becomes a space when `plus` is set).  NULL on a malformed escape. */
char *ta_decode(tp_request *req, tp_str src, bool plus, size_t *len);
/* The first query parameter `name`, decoded as a browser would ('+' is a
 * space, a stray '%' stays); false when absent. */
bool ta_query(tp_request *req, const char *name, char **value);
/* A decimal integer made of digits only, at most max; false otherwise. */
bool ta_uint(tp_str s, uint64_t max, uint64_t *out);
/* Splits at the first '/': head is the part before, *s what follows it
 * (empty when there is no '/'). */
tp_str ta_segment(tp_str *s);

/* ---- bodies ---- */

/* Reads the whole request body into the arena (the engine's 413 bounds
 * it), then calls done with it NUL-terminated. */
typedef void (*ta_body_done)(tp_request *req, const ta_ctx *ctx, char *body,
                             size_t len);
void ta_read_body(tp_request *req, const ta_ctx *ctx, ta_body_done done);

/* Bad input: 400 with the reason (text, HTML or JSON by Accept). */
#define ta_bad(req, ...) ta_error(req, 400, __VA_ARGS__)
void ta_error(tp_request *req, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* ---- the endpoint groups ---- */

int ta_mount_core(tp_server *srv, ta_ctx *ctx);      /* testapi.c */
int ta_mount_status(tp_server *srv, ta_ctx *ctx);    /* ta_status.c */
int ta_mount_redirect(tp_server *srv, ta_ctx *ctx);  /* ta_redirect.c */
int ta_mount_stream(tp_server *srv, ta_ctx *ctx);    /* ta_stream.c */
int ta_mount_cache(tp_server *srv, ta_ctx *ctx);     /* ta_cache.c */
int ta_mount_auth(tp_server *srv, ta_ctx *ctx);      /* ta_auth.c */
int ta_mount_content(tp_server *srv, ta_ctx *ctx);   /* ta_content.c */
int ta_mount_websocket(tp_server *srv, ta_ctx *ctx); /* ta_websocket.c */

/* /status/101 and /websocket/echo: the RFC 6455 handshake and echo, or 426
 * (or 400 when `from_status`, saying the request did not ask to upgrade). */
void ta_websocket_start(tp_request *req, const ta_ctx *ctx, bool from_status);

#endif
