/*
 * home.c - the default site's home page (an index of the client-testing
 * API) and the echo resource.
 */
#include <string.h>

#include "handlers.h"

static const char home_page[] =
    "teapot " TP_VERSION "\n"
    "\n"
    "An HTTP/1.1 server in which every status code is sent where RFC 9110\n"
    "puts it.  This is its client-testing API, compatible with httpbin:\n"
    "\n"
    "  the request        /get /post /put /patch /delete /anything[/...]\n"
    "                     /headers /ip /user-agent /uuid /dump/request /echo\n"
    "  status codes       /status/{codes}  (418, 200,404, 200:0.9,503:0.1)\n"
    "                     /random/{ranges} (200-204,500-504)\n"
    "                     ?sleep_ms= ?retry_after= X-Teapot-Response-Name:\n"
    "  redirects          /redirect/{n} /relative-redirect/{n}\n"
    "                     /absolute-redirect/{n} /redirect-to?url=&status_code=\n"
    "  time and streams   /delay/{s} /drip /bytes/{n} /stream-bytes/{n}\n"
    "                     /stream/{n} /sse /trailers?Name=value\n"
    "  caching            /cache /cache/{n} /etag/{etag} /range/{n}\n"
    "  authentication     /basic-auth/{u}/{p} /hidden-basic-auth/{u}/{p}\n"
    "                     /digest-auth/{qop}/{u}/{p}[/{algorithm}] /bearer\n"
    "  content            /gzip /deflate /brotli /zstd /response-headers\n"
    "                     /cookies[/set|/delete] /base64/{encode|decode}/{v}\n"
    "                     /html /json /xml /robots.txt /deny /encoding/utf8\n"
    "                     /links/{n} /forms/post /image[/png|jpeg|webp|svg]\n"
    "  WebSocket          /websocket/echo\n"
    "  every status code  /codes /codes/{code}  (English, 简体中文, 繁體中文)\n"
    "\n"
    "Try:\n"
    "  curl -i http://HOST/status/103\n"
    "  curl -i -X OPTIONS --request-target '*' http://HOST/\n"
    "  teapot codes                    the status-code registry\n";

static void home(tp_request *req, void *arg)
{
    (void)arg;
    tp_respond_static(req, 200, "text/plain; charset=utf-8", home_page,
                      sizeof(home_page) - 1);
}

/* The echoed body is collected in the exchange's arena, which the engine's
 * body limit (413) bounds. */
static int echo_piece(tp_request *req, const char *data, size_t len, void *arg)
{
    tp_bytes *e = arg;
    if (!data) {
        tp_str ct;
        const char *type = "application/octet-stream";
        if (tp_request_header(req, "Content-Type", &ct))
            type = tp_request_strdup(req, ct);
        tp_respond_static(req, 200, type, e->data ? e->data : "", e->len);
        return 0;
    }
    return tp_request_append(req, e, data, len) < 0 ? 500 : 0;
}

static void echo_start(tp_request *req, void *arg)
{
    (void)arg;
    tp_bytes *e = tp_request_alloc(req, sizeof(*e));
    if (!e) {
        tp_respond_error(req, 500, "out of memory");
        return;
    }
    memset(e, 0, sizeof(*e));
    tp_request_read_body(req, echo_piece, e);
}

int tp_home_mount(tp_server *srv)
{
    int r = tp_server_handle(srv, "GET", "/", home, NULL);
    if (r == 0)
        r = tp_server_handle(srv, "POST,PUT", "/echo", echo_start, NULL);
    return r;
}
