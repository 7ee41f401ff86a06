/*
 * engine_app.c - a test server that drives the engine from a handler's
 * side: handlers that ask for things the writer must correct (content on
 * 204 and 304), streams of unknown length, interim responses, slow
 * handlers, files, and one that forgets a required header field.
 *
 *   engine-app [--listen ADDR:PORT] [--file PATH] [--max-body N]
 *              [--header-timeout MS] [--body-timeout MS]
 *
 * Prints "listening on http://ADDR:PORT/" on stderr once it accepts.
 */
#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "teapot/teapot.h"

static const char *file_path;

static int query_int(tp_request *req, const char *key, int dflt)
{
    tp_str q = tp_request_query(req);
    size_t kl = strlen(key);
    for (size_t i = 0; i + kl < q.len; i++) {
        if ((i == 0 || q.ptr[i - 1] == '&') && !memcmp(q.ptr + i, key, kl) &&
            q.ptr[i + kl] == '=')
            return atoi(q.ptr + i + kl + 1);
    }
    return dflt;
}

static int path_code(tp_request *req, size_t prefix)
{
    tp_str p = tp_request_path(req);
    if (p.len != prefix + 3)
        return -1;
    char buf[4] = {p.ptr[prefix], p.ptr[prefix + 1], p.ptr[prefix + 2], 0};
    return atoi(buf);
}

static void hello(tp_request *req, void *arg)
{
    tp_respond_static(req, 200, "text/plain", "hello\n", 6);
}

/* /code/NNN: the code with a body and a Content-Type, whatever the code
 * allows; the writer must strip what does not belong. */
static void code(tp_request *req, void *arg)
{
    int c = path_code(req, 6);
    if (c < 0) {
        tp_respond_error(req, 404, NULL);
        return;
    }
    if (c >= 300 && c < 400 && c != 304)
        tp_response_header(req, "Location", "/hello");
    if (c == 405 && !query_int(req, "forget", 0))
        tp_response_header(req, "Allow", "GET, HEAD");
    if (c == 401)
        tp_response_header(req, "WWW-Authenticate", "Basic realm=\"test\"");
    if (c == 407)
        tp_response_header(req, "Proxy-Authenticate", "Basic realm=\"test\"");
    if (c == 426)
        tp_response_header(req, "Upgrade", "websocket");
    if (c == 206)
        tp_response_header(req, "Content-Range", "bytes 0-9/100");
    if (c == 304)
        tp_response_header(req, "ETag", "\"v1\"");
    tp_respond(req, c, "text/plain", "body from the handler\n", 22);
}

/* /error/NNN: an error whose explanation the engine writes. */
static void error(tp_request *req, void *arg)
{
    int c = path_code(req, 7);
    if (c < 400)
        c = 400;
    /* ?explain=1: no detail, so the engine explains with the reference */
    tp_respond_error(req, c,
                     query_int(req, "explain", 0) ? NULL : "asked for by the test");
}

typedef struct stream_state {
    int left;
    int n;
} stream_state;

static ssize_t produce(tp_request *req, char *buf, size_t cap, void *arg)
{
    stream_state *s = arg;
    if (s->left == 0)
        return 0;
    s->left--;
    char piece[32];
    int n = snprintf(piece, sizeof(piece), "piece %d\n", s->n++);
    if ((size_t)n > cap)
        n = (int)cap;
    memcpy(buf, piece, (size_t)n);
    return n;
}

/* /stream?n=K: K pieces, length unknown in advance. */
static void stream(tp_request *req, void *arg)
{
    stream_state *s = tp_request_alloc(req, sizeof(*s));
    s->left = query_int(req, "n", 3);
    s->n = 0;
    tp_respond_stream(req, 200, "text/plain", -1, produce, s);
}

/* /stream-known: 3 pieces of 8 bytes, length announced. */
static void stream_known(tp_request *req, void *arg)
{
    stream_state *s = tp_request_alloc(req, sizeof(*s));
    s->left = 3;
    s->n = 0;
    tp_respond_stream(req, 200, "text/plain", 24, produce, s);
}

/* A stream that pauses and is resumed by a timer: /drip?n=K */
static void drip_tick(tp_request *req, void *arg);

static ssize_t drip_produce(tp_request *req, char *buf, size_t cap, void *arg)
{
    stream_state *s = arg;
    if (s->left == 0)
        return 0;
    if (s->n > 0 && s->n % 2 == 1) {
        s->n++;
        tp_request_timer(req, 20, drip_tick, s);
        return TP_STREAM_WAIT;
    }
    s->n++;
    s->left--;
    buf[0] = '*';
    return 1;
}

static void drip_tick(tp_request *req, void *arg)
{
    tp_request_resume(req);
}

static void drip(tp_request *req, void *arg)
{
    stream_state *s = tp_request_alloc(req, sizeof(*s));
    s->left = query_int(req, "n", 5);
    s->n = 0;
    tp_respond_stream(req, 200, "text/plain", -1, drip_produce, s);
}

static void early_hints(tp_request *req, void *arg)
{
    tp_response_header(req, "Link", "</style.css>; rel=preload; as=style");
    int r = tp_response_interim(req, 103);
    tp_respond(req, 200, "text/plain", r == 0 ? "after hints\n" : "no hints\n",
               r == 0 ? 12 : 9);
}

static void slow_done(tp_request *req, void *arg)
{
    tp_respond_static(req, 200, "text/plain", "slow\n", 5);
}

/* /processing: 102 now, the answer 200 ms later. */
static void processing(tp_request *req, void *arg)
{
    tp_response_interim(req, 102);
    tp_request_timer(req, 200, slow_done, NULL);
}

static void slow(tp_request *req, void *arg)
{
    tp_request_timer(req, query_int(req, "ms", 300), slow_done, NULL);
}

typedef struct body_sum {
    unsigned long long bytes;
    unsigned long long sum;
} body_sum;

/* /sum: reads the body and tells its length and byte sum. */
static int sum_piece(tp_request *req, const char *data, size_t len, void *arg)
{
    body_sum *b = arg;
    if (!data) {
        char out[96];
        int n = snprintf(out, sizeof(out), "%llu %llu\n", b->bytes, b->sum);
        tp_respond(req, 200, "text/plain", out, (size_t)n);
        return 0;
    }
    b->bytes += len;
    for (size_t i = 0; i < len; i++)
        b->sum += (unsigned char)data[i];
    return 0;
}

static void sum(tp_request *req, void *arg)
{
    body_sum *b = tp_request_alloc(req, sizeof(*b));
    memset(b, 0, sizeof(*b));
    tp_request_read_body(req, sum_piece, b);
}

/* /noread: answers at once, leaving any body unread. */
static void noread(tp_request *req, void *arg)
{
    tp_respond_static(req, 200, "text/plain", "did not read\n", 13);
}

static void file(tp_request *req, void *arg)
{
    int fd = file_path ? open(file_path, O_RDONLY | O_CLOEXEC) : -1;
    struct stat st;
    if (fd < 0 || fstat(fd, &st) < 0) {
        if (fd >= 0)
            close(fd);
        tp_respond_error(req, 404, "no file configured");
        return;
    }
    tp_respond_file(req, 200, "application/octet-stream", fd, 0,
                    (size_t)st.st_size);
}

static void headers(tp_request *req, void *arg)
{
    char out[8192];
    size_t n = 0;
    for (size_t i = 0; i < tp_request_header_count(req) && n < sizeof(out) - 256; i++) {
        tp_str k, v;
        tp_request_header_at(req, i, &k, &v);
        n += (size_t)snprintf(out + n, sizeof(out) - n, "%.*s: %.*s\n",
                              (int)k.len, k.ptr, (int)v.len, v.ptr);
    }
    tp_str h = tp_request_host(req), p = tp_request_path(req),
           q = tp_request_query(req);
    n += (size_t)snprintf(out + n, sizeof(out) - n,
                          "host=%.*s path=%.*s query=%.*s version=%d\n",
                          (int)h.len, h.ptr, (int)p.len, p.ptr, (int)q.len,
                          q.ptr, tp_request_version(req));
    tp_respond(req, 200, "text/plain", out, n);
}

static void resource_get(tp_request *req, void *arg)
{
    tp_respond_static(req, 200, "text/plain", "resource\n", 9);
}

static void resource_delete(tp_request *req, void *arg)
{
    tp_respond_static(req, 204, NULL, NULL, 0);
}

/* /short: promises 100 bytes and produces 10: the engine must close
 * rather than let the client take a short body as complete. */
static ssize_t short_produce(tp_request *req, char *buf, size_t cap, void *arg)
{
    int *done = arg;
    if (*done)
        return 0;
    *done = 1;
    memcpy(buf, "0123456789", 10);
    return 10;
}

static void short_stream(tp_request *req, void *arg)
{
    int *done = tp_request_alloc(req, sizeof(int));
    *done = 0;
    tp_respond_stream(req, 200, "text/plain", 100, short_produce, done);
}

/* /readlater?ms=N: reads the body, then answers N ms later. */
static int readlater_piece(tp_request *req, const char *data, size_t len,
                           void *arg)
{
    if (!data)
        tp_request_timer(req, query_int(req, "ms", 1500), slow_done, NULL);
    return 0;
}

static void readlater(tp_request *req, void *arg)
{
    tp_request_read_body(req, readlater_piece, NULL);
}

/* /poll0?n=N: re-arms a 0 ms timer N times before answering. */
static void poll_tick(tp_request *req, void *arg)
{
    int *left = arg;
    if (--*left > 0) {
        tp_request_timer(req, 0, poll_tick, left);
        return;
    }
    tp_respond_static(req, 200, "text/plain", "polled\n", 7);
}

static void poll0(tp_request *req, void *arg)
{
    int *left = tp_request_alloc(req, sizeof(int));
    *left = query_int(req, "n", 1000);
    tp_request_timer(req, 0, poll_tick, left);
}

/* /forget: asks for a body that is not there, then never answers. */
static int forget_piece(tp_request *req, const char *data, size_t len,
                        void *arg)
{
    return 0;
}

static void forget(tp_request *req, void *arg)
{
    tp_request_read_body(req, forget_piece, NULL);
}

/* /big?kb=N: N KiB of memory body. */
static char big_body[8 << 20];

static void big(tp_request *req, void *arg)
{
    int kb = query_int(req, "kb", 1024);
    if (kb < 0 || (size_t)kb * 1024 > sizeof(big_body))
        kb = 1024;
    for (size_t i = 0; i < (size_t)kb * 1024; i++)
        big_body[i] = (char)('a' + i % 26);
    tp_respond_static(req, 200, "application/octet-stream", big_body,
                      (size_t)kb * 1024);
}

static void silent(tp_request *req, void *arg)
{
    /* deliberately answers nothing: the engine must notice */
}

/* --hosts: two virtual hosts that answer with their own name. */
static void who(tp_request *req, void *arg)
{
    const char *name = arg;
    tp_respond_static(req, 200, "text/plain", name, strlen(name));
}

/* /offload?ms=N: sleeps N ms on a pool thread, then answers with the
 * number of pieces of work completed so far; ?interim=1 sends a 102 every
 * 100 ms meanwhile.  A piece whose client left is counted in
 * /offload-orphans. */
typedef struct offload_job {
    int ms;
    bool interim;
} offload_job;

static int offloads_done, offload_orphans;

static void offload_work(void *arg)
{
    offload_job *j = arg;
    usleep((useconds_t)j->ms * 1000u);
}

static void offload_tick(tp_request *req, void *arg)
{
    if (tp_response_interim(req, 102) == 0)
        tp_request_timer(req, 100, offload_tick, arg);
}

static void offload_done(tp_request *req, void *arg)
{
    free(arg);
    if (!req) {
        offload_orphans++;
        return;
    }
    offloads_done++;
    char body[32];
    int n = snprintf(body, sizeof(body), "%d\n", offloads_done);
    tp_respond(req, 200, "text/plain", body, (size_t)n);
}

static void offload(tp_request *req, void *arg)
{
    offload_job *j = malloc(sizeof(*j));
    if (!j) {
        tp_respond_error(req, 500, NULL);
        return;
    }
    j->ms = query_int(req, "ms", 0);
    j->interim = query_int(req, "interim", 0) != 0;
    int r = tp_request_offload(req, offload_work, offload_done, j);
    if (r < 0) {
        free(j);
        tp_respond_error(req, 500, strerror(-r));
        return;
    }
    /* A second piece while one runs is refused. */
    if (tp_request_offload(req, offload_work, offload_done, j) != -EBUSY) {
        tp_respond_error(req, 500, "a second offload was accepted");
        return;
    }
    if (j->interim)
        tp_request_timer(req, 100, offload_tick, NULL);
}

static void offload_orphans_get(tp_request *req, void *arg)
{
    char body[32];
    int n = snprintf(body, sizeof(body), "%d\n", offload_orphans);
    tp_respond(req, 200, "text/plain", body, (size_t)n);
}

static void make_hosts(tp_server *srv, const char *mode)
{
    static const char *const a_names[] = {"a.test", "A-Alias.TEST.",
                                          "*.wild.test", NULL};
    static const char *const b_names[] = {"b.test", "[::1]", "127.0.0.1",
                                          "*.b.wild.test", NULL};
    tp_host *a = tp_server_host(srv, a_names);
    tp_host *b = tp_server_host(srv, b_names);
    if (!a || !b) {
        fprintf(stderr, "engine-app: cannot make the hosts\n");
        exit(1);
    }
    tp_host_handle(a, "GET", "/who", who, "a\n");
    tp_host_handle(a, "GET", "/hello", who, "a\n");
    tp_host_handle(b, "GET", "/who", who, "b\n");
    tp_host_handle(b, "GET", "/hello", who, "b\n");
    tp_host_handle(b, "POST", "/only-b", who, "b\n");
    if (!strcmp(mode, "fallback"))
        tp_server_set_fallback(srv, b);
}

/* --filter: a filter that answers /filtered itself, marks everything
 * else, and sends a 103 first when asked. */
static bool filter(tp_request *req, void *arg)
{
    (void)arg;
    tp_str path = tp_request_path(req);
    if (path.len >= 9 && !memcmp(path.ptr, "/filtered", 9)) {
        tp_respond_error(req, 403, "refused by the filter");
        return true;
    }
    if (tp_request_header(req, "X-Interim", NULL)) {
        tp_response_header(req, "Link", "</hello>; rel=preload");
        tp_response_interim(req, 103);
    }
    tp_response_header(req, "X-Filtered", "yes");
    return false;
}

int main(int argc, char **argv)
{
    tp_server *srv = tp_server_new();
    tp_limits *lim = tp_server_limits(srv);
    const char *listen = "127.0.0.1:0";
    const char *hosts = NULL;
    long long body_limit = -2;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--listen"))
            listen = argv[i + 1];
        else if (!strcmp(argv[i], "--file"))
            file_path = argv[i + 1];
        else if (!strcmp(argv[i], "--max-body"))
            lim->max_body = atoll(argv[i + 1]);
        else if (!strcmp(argv[i], "--header-timeout"))
            lim->header_timeout_ms = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--body-timeout"))
            lim->body_timeout_ms = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--keepalive-timeout"))
            lim->keepalive_timeout_ms = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--threads"))
            tp_server_set_threads(srv, atoi(argv[i + 1]));
        else if (!strcmp(argv[i], "--max-connections"))
            lim->max_connections = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--max-connections-per-client"))
            lim->max_connections_per_client = atoi(argv[i + 1]);
        else if (!strcmp(argv[i], "--filter"))
            tp_server_filter(srv, filter, NULL);
        else if (!strcmp(argv[i], "--body-limit"))
            body_limit = atoll(argv[i + 1]);
        else if (!strcmp(argv[i], "--hosts"))
            hosts = argv[i + 1]; /* only, fallback or any */
    }
    if (tp_server_listen(srv, listen) < 0) {
        fprintf(stderr, "engine-app: cannot listen on %s\n", listen);
        return 1;
    }
    tp_server_set_access_log(srv, "-");
    if (hosts)
        make_hosts(srv, hosts);
    if (hosts && strcmp(hosts, "any")) {
        tp_server_stop_on_signals(srv);
        char where[64];
        tp_server_address(srv, 0, where, sizeof(where));
        fprintf(stderr, "listening on http://%s/\n", where);
        int r = tp_server_run(srv);
        tp_server_free(srv);
        return r < 0 ? 1 : 0;
    }
    tp_server_handle(srv, NULL, "/hello", hello, NULL);
    tp_server_handle(srv, "GET,POST", "/code/*", code, NULL);
    tp_server_handle(srv, "GET,POST", "/error/*", error, NULL);
    tp_server_handle(srv, "GET", "/stream", stream, NULL);
    tp_server_handle(srv, "GET", "/stream-known", stream_known, NULL);
    tp_server_handle(srv, "GET", "/drip", drip, NULL);
    tp_server_handle(srv, "GET", "/early-hints", early_hints, NULL);
    tp_server_handle(srv, "GET", "/processing", processing, NULL);
    tp_server_handle(srv, "GET", "/slow", slow, NULL);
    tp_server_handle(srv, "POST,PUT", "/sum", sum, NULL);
    tp_server_handle(srv, "POST,PUT", "/noread", noread, NULL);
    tp_server_handle(srv, "GET", "/file", file, NULL);
    tp_server_handle(srv, NULL, "/headers", headers, NULL);
    tp_server_handle(srv, "GET", "/resource", resource_get, NULL);
    tp_server_handle(srv, "DELETE", "/resource", resource_delete, NULL);
    tp_server_handle(srv, "PROPFIND", "/dav", resource_get, NULL);
    tp_server_handle(srv, "GET", "/silent", silent, NULL);
    tp_server_handle(srv, "GET", "/short", short_stream, NULL);
    tp_server_handle(srv, "POST", "/readlater", readlater, NULL);
    tp_server_handle(srv, "GET", "/poll0", poll0, NULL);
    tp_server_handle(srv, "GET", "/forget", forget, NULL);
    tp_server_handle(srv, "GET", "/big", big, NULL);
    tp_server_handle(srv, "GET", "/offload", offload, NULL);
    tp_server_handle(srv, "GET", "/offload-orphans", offload_orphans_get,
                     NULL);
    if (body_limit != -2 && tp_server_body_limit(srv, NULL, "/sum",
                                                 body_limit) < 0)
        return 1;
    tp_server_stop_on_signals(srv);
    char addr[64];
    tp_server_address(srv, 0, addr, sizeof(addr));
    fprintf(stderr, "listening on http://%s/\n", addr);
    int r = tp_server_run(srv);
    tp_server_free(srv);
    return r < 0 ? 1 : 0;
}
