/*
 * teapot/server.h - embedding libteapot.
 *
 * A program creates a server, registers handlers by path (and method), and
 * runs it.  The engine owns the connection, the parsing, the framing and
 * every protocol-level status code; a handler sees a parsed request and
 * answers with a status, header fields and a body given as a buffer, a file
 * or a stream.  Handlers run on the worker thread that owns the connection
 * and must not block it: long work is done with tp_request_timer() and
 * streamed responses.
 */
#ifndef TEAPOT_SERVER_H
#define TEAPOT_SERVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

#define TP_VERSION "0.1.0"
#define TP_SERVER_NAME "teapot/" TP_VERSION

/* A slice of bytes that is not NUL-terminated. */
typedef struct tp_str {
    const char *ptr;
    size_t len;
} tp_str;

typedef struct tp_server tp_server;
typedef struct tp_request tp_request; /* one exchange: request and response */

typedef void (*tp_handler_fn)(tp_request *req, void *arg);

/* Tunables.  Each limit names the status code it produces. */
typedef struct tp_limits {
    int header_timeout_ms;  /* 408: request line + header section (10 s) */
    int body_timeout_ms;    /* 408: the gap allowed while a body trickles
                               in, and the whole body's deadline (30 s) */
    int keepalive_timeout_ms; /* idle persistent connection closed quietly
                                 (75 s) */
    int64_t max_body;       /* 413 Content Too Large (1 MiB) */
    int max_requests_per_conn; /* then Connection: close (0: unlimited) */
    int shutdown_grace_ms;  /* SIGTERM: time for in-flight responses (10 s) */
    int max_connections;    /* open connections beyond: 503 with Retry-After
                               to the new one, then close (0: no limit) */
    int max_connections_per_client; /* the same per client address (0: no
                                       limit) */
} tp_limits;

/* ---- the server ---- */

tp_server *tp_server_new(void);
void tp_server_free(tp_server *srv);

/* "127.0.0.1:8080", "[::1]:8080", "*:8080" (all IPv4), "[::]:8080".  Port
 * 0 asks the kernel for a free one; tp_server_port() tells which.  Returns
 * 0 or -errno (the listener is bound now, so a busy port fails here). */
int tp_server_listen(tp_server *srv, const char *spec);
int tp_server_port(const tp_server *srv, size_t listener);
/* The listener's address as "127.0.0.1:8080" or "[::1]:8080". */
int tp_server_address(const tp_server *srv, size_t listener, char *buf,
                      size_t cap);

void tp_server_set_threads(tp_server *srv, int threads); /* 0: one per CPU */
/* Runs fn(arg) in tp_server_free, last registered first: handlers free
 * what they allocated at mount time. */
int tp_server_at_free(tp_server *srv, void (*fn)(void *), void *arg);
tp_limits *tp_server_limits(tp_server *srv);

/* ---- logs ---- */

/* The access log's line formats: Combined Log Format (as Apache httpd and
 * nginx write it), or one JSON object per line. */
typedef enum tp_log_format { TP_LOG_COMBINED, TP_LOG_JSON } tp_log_format;

/* Combined Log Format to `path` ("-" for standard output, NULL for none):
 * tp_server_access_log(srv, NULL, path, TP_LOG_COMBINED). */
int tp_server_set_access_log(tp_server *srv, const char *path);

typedef struct tp_host tp_host;
/*
 * The access log of the site being built (`host` NULL) or of one of its
 * hosts: one line per exchange, appended to `path` ("-" for standard
 * output).  The site's log takes the requests of hosts without a log of
 * their own and those that never reached a host (a 400 for a request
 * line that could not be parsed, say); NULL: none.  For a host, NULL
 * means "the site's log" (the default) and "" means none.  A log belongs
 * to its site: a site begun by tp_server_site_begin starts without one,
 * and the files of a replaced site are closed once its last request has
 * been logged.  Sites and hosts naming the same path and format share one
 * open file.  Returns 0 or -errno (the file is opened now).
 */
int tp_server_access_log(tp_server *srv, tp_host *host, const char *path,
                         tp_log_format format);

/* The error log's levels, most severe first: a log at one level holds the
 * lines of that level and the ones before it. */
typedef enum tp_log_level {
    TP_LOG_ERROR,
    TP_LOG_WARN,
    TP_LOG_INFO,
    TP_LOG_DEBUG,
} tp_log_level;

/* The server's error log: lines of `level` and more severe, appended to
 * `path` (NULL or "-": standard error, the default, at TP_LOG_WARN).  It
 * is the server's, not a site's: set it before tp_server_run.  Returns 0
 * or -errno. */
int tp_server_set_error_log(tp_server *srv, const char *path,
                            tp_log_level level);
/* One line in the error log, from any thread, written whole with one
 * write():  2026-11-22T06:40:05Z [error] message */
void tp_server_log(tp_server *srv, tp_log_level level, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* The same, followed by the client's address and the request line:
 *   ... [warn] message (client 192.0.2.1, "GET /x HTTP/1.1") */
void tp_request_log(tp_request *req, tp_log_level level, const char *fmt,
                    ...) __attribute__((format(printf, 3, 4)));

/*
 * Registers a handler.  `methods` is a comma-separated list ("GET,POST"),
 * or NULL for every method.  `path` is matched exactly, or as a prefix when
 * it ends with '*' ("/static/" followed by '*'; "*" alone matches every
 * path).  The first
 * registered match wins.  A path that matches with no handler for the
 * method gets 405 with Allow; OPTIONS on a path gets 200 with Allow unless
 * a handler takes OPTIONS; HEAD uses the GET handler and the writer drops
 * the content.  Nothing matching: 404.
 */
int tp_server_handle(tp_server *srv, const char *methods, const char *path,
                     tp_handler_fn fn, void *arg);

/*
 * Virtual hosts (RFC 9110 7.2, 7.4).  A host answers requests whose Host
 * (or absolute-form authority) is one of its names, compared without case,
 * port and trailing dot; "*.example.org" matches every name below
 * example.org.  Once a server has hosts, a request for a name none of them
 * has goes to the fallback host (tp_server_set_fallback), or else to the
 * routes of tp_server_handle if there are any, or else gets 421
 * Misdirected Request: this server will not answer for that name.
 */
/* A new host with these names (NULL-ended); NULL with errno on error
 * (EINVAL for an empty or malformed name, EEXIST for a name another host
 * has). */
tp_host *tp_server_host(tp_server *srv, const char *const *names);
/* As tp_server_handle, for one host. */
int tp_host_handle(tp_host *host, const char *methods, const char *path,
                   tp_handler_fn fn, void *arg);
/* The host that answers names no host has (NULL: none, 421). */
void tp_server_set_fallback(tp_server *srv, tp_host *host);

/*
 * Filters run, in the order they were added, on every request of a host
 * (or of the server's own routes) before its routes are looked at: the
 * place for policy that applies to paths whatever answers them (redirects,
 * access control, rate limits, maintenance).  A filter returns true when
 * it answered the request (or arranged for an answer, with a timer or by
 * reading the body), false to let the next filter and then the routes
 * have it.  A filter may send interim responses and add header fields and
 * still return false.
 */
typedef bool (*tp_filter_fn)(tp_request *req, void *arg);
int tp_server_filter(tp_server *srv, tp_filter_fn fn, void *arg);
int tp_host_filter(tp_host *host, tp_filter_fn fn, void *arg);

/* An extension method that `host` (NULL: the server's own routes) takes,
 * one the IANA registry does not list (HTCPCP's BREW, say): requests with
 * it reach the host's filters and routes, where a route that does not
 * take it answers 405 with Allow, instead of 501 Not Implemented (RFC 9110
 * 9.1).  A route registered with such a method declares it as well.
 * Returns 0, -EINVAL for a name that is not a token, or -ENOMEM. */
int tp_server_method(tp_server *srv, tp_host *host, const char *name);

/* The largest request body the routes of `host` (NULL: the server's own)
 * registered with exactly this `path` take, instead of
 * tp_limits.max_body: a Content-Length beyond it gets 413 and the
 * connection closes, a chunked body is cut off there (-1: no limit).  A
 * writable tree wants more than a form does.  Call it after registering
 * the routes; returns 0, -ENOENT (no such route) or -EINVAL. */
int tp_server_body_limit(tp_server *srv, tp_host *host, const char *path,
                         int64_t max);

/* A page of the site's own for error `code` (4xx or 5xx with content) on
 * `host` (NULL: the server's own routes, and every host without a page of
 * its own for the code): where a response of that code would carry the
 * engine's explanation (tp_respond_error, tp_respond_status), these bytes
 * go out instead, as `content_type`.  The bytes are copied.  Returns 0,
 * -EINVAL (a code that cannot carry content, no type) or -ENOMEM. */
int tp_server_error_page(tp_server *srv, tp_host *host, int code,
                         const char *content_type, const void *body,
                         size_t len);

/*
 * Reconfiguring a running server.  What the calls above build (hosts,
 * routes, filters, fallback, methods, tp_server_at_free) is a site.
 * Before tp_server_run they build the first one; afterwards,
 * tp_server_site_begin starts a new one, the same calls fill it while the
 * current site goes on serving, and tp_server_site_commit makes it the
 * site of every request that starts from then on.  Requests in flight
 * (and upgraded connections) finish on the site they started on, which is
 * freed with its tp_server_at_free functions after the last of them.
 * tp_server_site_abort drops a site being built.  Call them from one
 * thread (the one that runs tp_server_run, e.g. from the reload function).
 */
int tp_server_site_begin(tp_server *srv);
void tp_server_site_commit(tp_server *srv);
void tp_server_site_abort(tp_server *srv);
/* Called on tp_server_run's thread when a reload is asked for (SIGHUP
 * with tp_server_stop_on_signals, or tp_server_reload). */
typedef void (*tp_reload_fn)(tp_server *srv, void *arg);
void tp_server_on_reload(tp_server *srv, tp_reload_fn fn, void *arg);
/* Async-signal-safe: asks the run loop to reopen the log files (as
 * tp_server_reopen_logs) and then call the reload function. */
void tp_server_reload(tp_server *srv);

/* Runs until tp_server_stop(); then lets in-flight exchanges finish (up to
 * shutdown_grace_ms) and returns 0, or -errno if it could not start. */
int tp_server_run(tp_server *srv);
/* Async-signal-safe: may be called from a signal handler. */
void tp_server_stop(tp_server *srv);
/* Whether tp_server_stop() was called: in-flight work is winding down. */
bool tp_server_stopping(const tp_server *srv);
/* Makes SIGINT and SIGTERM stop `srv` gracefully, SIGHUP reload it
 * (tp_server_on_reload) and SIGUSR1 reopen its log files (for rotation),
 * and ignores SIGPIPE. */
int tp_server_stop_on_signals(tp_server *srv);
/* Async-signal-safe: reopens every log file (the access logs of every
 * live site and host, and the error log) at its path, so that a file moved
 * away by log rotation is replaced by a new one. */
void tp_server_reopen_logs(tp_server *srv);

/* ---- the request ---- */

tp_str tp_request_method(const tp_request *req);
tp_str tp_request_target(const tp_request *req); /* as received */
tp_str tp_request_path(const tp_request *req);   /* raw, not decoded */
tp_str tp_request_query(const tp_request *req);  /* without '?' */
tp_str tp_request_host(const tp_request *req);
int tp_request_version(const tp_request *req); /* 10 or 11 */
/* The first field with this name (case-insensitive); false if absent. */
bool tp_request_header(const tp_request *req, const char *name, tp_str *value);
/* All field lines with this name combined into one comma-separated list
 * (RFC 9110 5.3), as list-valued fields like Accept must be read; false if
 * absent.  The combined value lives in the exchange's arena. */
bool tp_request_header_list(tp_request *req, const char *name, tp_str *value);
size_t tp_request_header_count(const tp_request *req);
/* The request line and header section exactly as received, up to and
 * including the empty line that ends them. */
tp_str tp_request_raw_head(const tp_request *req);
void tp_request_header_at(const tp_request *req, size_t i, tp_str *name,
                          tp_str *value);
/* Content-Length, -1 when the body is chunked, 0 without a body. */
int64_t tp_request_content_length(const tp_request *req);
bool tp_request_has_body(const tp_request *req);
/* The peer address as text ("127.0.0.1", "::1"). */
const char *tp_request_peer(const tp_request *req);
/* The user the request authenticated as (the access log's user field);
 * `user` must live as long as the request (tp_request_alloc). */
void tp_request_set_user(tp_request *req, const char *user);
const char *tp_request_user(const tp_request *req); /* NULL: none */

/*
 * Reading the body.  Called with each piece of the decoded body as it
 * arrives, then once with data == NULL and len == 0 at its end.  Returning
 * a status code (>= 400) from a piece stops reading and answers with that
 * code; the connection is then closed because the rest of the body is
 * unread.  Asking for the body is what makes the engine send 100 Continue
 * to a client that expects it; a handler that answers without asking never
 * causes one.
 */
typedef int (*tp_body_fn)(tp_request *req, const char *data, size_t len,
                          void *arg);
void tp_request_read_body(tp_request *req, tp_body_fn fn, void *arg);

/* A per-exchange arena: memory freed when the exchange ends. */
void *tp_request_alloc(tp_request *req, size_t n);
char *tp_request_strdup(tp_request *req, tp_str s);

/* Bytes gathered in the arena, as a handler that needs a body whole
 * collects its pieces: start from {0}.  data is NUL-terminated once
 * anything (even nothing) was appended. */
typedef struct tp_bytes {
    char *data;
    size_t len, cap;
} tp_bytes;
/* Appends n bytes to b, growing it in the arena; 0, or -ENOMEM. */
int tp_request_append(tp_request *req, tp_bytes *b, const void *data,
                      size_t n);

/* Runs fn on the connection's thread after `ms` milliseconds, unless the
 * exchange ended first.  One timer per exchange; a new call replaces it. */
void tp_request_timer(tp_request *req, int ms, tp_handler_fn fn, void *arg);
/* Called exactly once when the exchange ends, finished or aborted, so that
 * a handler can free what its stream or timer uses. */
void tp_request_on_done(tp_request *req, tp_handler_fn fn, void *arg);

/*
 * Blocking work, off the event loop.  work(arg) runs on one of the
 * server's background threads (for what would stall the connection's
 * thread: fsync, walking, copying or deleting a tree); when it has
 * returned, done(req, arg) runs on the connection's thread, where the
 * handler answers.  If the exchange ended meanwhile (the client went
 * away, the server stopped), done still runs, once the work is over, with
 * req NULL, so that it can free arg; a stopping server waits for running
 * work.  Timers keep working meanwhile (102 Processing, say).  work must
 * not touch req.  One piece of work per exchange at a time: -EBUSY;
 * -ENOMEM, or -EAGAIN when no thread could be started.
 */
typedef void (*tp_work_fn)(void *arg);
int tp_request_offload(tp_request *req, tp_work_fn work, tp_handler_fn done,
                       void *arg);

/* ---- the response ---- */

/* Adds a header field to the response (both strings are copied).  The
 * engine writes Date, Server, Content-Length, Transfer-Encoding and
 * Connection itself; setting them here is refused (-EINVAL) except
 * Connection: close, which asks the engine to close after the response. */
int tp_response_header(tp_request *req, const char *name, const char *value);
int tp_response_headerf(tp_request *req, const char *name, const char *fmt,
                        ...) __attribute__((format(printf, 3, 4)));
/* Takes back every field with this name added so far (say, before an
 * error response replaces the one being prepared); returns how many. */
int tp_response_header_remove(tp_request *req, const char *name);

/*
 * Sends an interim 1xx response with the header fields added so far, which
 * are then cleared: 100 (the engine sends it by itself when a handler asks
 * for the body of a request that expects it; sent here, it is sent once),
 * 102, 103, 104 and the unassigned 1xx codes.  101 is tp_request_upgrade's.
 * Returns 0, -EINVAL for a code that is not one of these or after the final
 * response, or -EPROTO to an HTTP/1.0 client, which never receives 1xx
 * (RFC 9110 15.2).
 */
int tp_response_interim(tp_request *req, int code);

/*
 * A field for the trailer section of the response (RFC 9110 6.5), sent
 * after the last chunk.  Only a chunked response has a trailer section: the
 * fields are dropped when the response goes out with a Content-Length or to
 * an HTTP/1.0 client.  Fields that frame, route or authenticate the message
 * (RFC 9110 6.5.1) are refused with -EINVAL, as are invalid names and
 * values.  May be called until the stream's producer returns 0.
 */
int tp_response_trailer(tp_request *req, const char *name, const char *value);

/* Final responses; exactly one per exchange.  `content_type` may be NULL.
 * The writer enforces what the code allows: no content on 1xx, 204, 304 or
 * to HEAD, Content-Length: 0 on 205, and so on. */
void tp_respond(tp_request *req, int code, const char *content_type,
                const void *body, size_t len); /* body is copied */
/* As tp_respond, but `body` must stay valid until the exchange ends. */
void tp_respond_static(tp_request *req, int code, const char *content_type,
                       const void *body, size_t len);
/* Sends `len` bytes of `fd` from `offset` with sendfile(); takes ownership
 * of fd. */
void tp_respond_file(tp_request *req, int code, const char *content_type,
                     int fd, off_t offset, size_t len);

/* A streamed body, pulled as the socket drains.  The producer fills buf and
 * returns the byte count, 0 at the end, or TP_STREAM_WAIT to pause until
 * tp_request_resume(); any other negative value aborts the connection.
 * `length` is the total when known, else -1 (chunked to HTTP/1.1 clients,
 * close-delimited to HTTP/1.0 ones). */
#define TP_STREAM_WAIT (-11)
typedef ssize_t (*tp_stream_fn)(tp_request *req, char *buf, size_t cap,
                                void *arg);
void tp_respond_stream(tp_request *req, int code, const char *content_type,
                       int64_t length, tp_stream_fn fn, void *arg);
void tp_request_resume(tp_request *req);

/* An error response with a short explanation (text, HTML or JSON chosen by
 * the request's Accept).  `detail` may be NULL. */
void tp_respond_error(tp_request *req, int code, const char *detail);
/* The same explanation for any final code 200-599: "404 Not Found" as text,
 * {"code","reason","description"} as JSON, or HTML, by Accept; no content
 * where the code allows none. */
void tp_respond_status(tp_request *req, int code, const char *detail);

/* ---- switching protocols (101) ---- */

/* The connection after a 101 response: raw bytes both ways. */
typedef struct tp_tunnel tp_tunnel;
typedef struct tp_tunnel_ops {
    /* Bytes from the client.  Return 0 to go on, or -1 to close. */
    int (*on_data)(tp_tunnel *t, const char *data, size_t len, void *arg);
    /* The connection is over (either side closed it, it sat idle beyond
     * the keep-alive timeout, or the server is stopping).  Called exactly
     * once; the tunnel must not be used afterwards. */
    void (*on_close)(void *arg);
    /* Optional: the server is ending the connection (it is stopping, or
     * the connection sat idle beyond the keep-alive timeout).  Last words
     * (a WebSocket Close 1001, say) may be written with tp_tunnel_write;
     * the connection closes once they are sent. */
    void (*on_end)(tp_tunnel *t, void *arg);
} tp_tunnel_ops;

/*
 * Answers with 101 Switching Protocols, carrying the fields added so far
 * (other than Upgrade) plus "Upgrade: protocol" and "Connection: upgrade"
 * (RFC 9110 7.8, 15.2.2), and hands the connection to `ops`.  Bytes the
 * client sent after the request head are delivered first.  Refused with
 * -EINVAL unless the request is an HTTP/1.1 request other than HEAD, asks
 * to upgrade (Connection: upgrade with an Upgrade field that names
 * `protocol`), has no body, does not ask to close, and has no response
 * yet; with -ESHUTDOWN while the server is stopping.
 *
 * The exchange ends with the 101: its arena is freed and its done
 * callback runs then, not when the tunnel closes, so `arg` and whatever
 * the ops use must live outside the request (malloc, freed in on_close).
 */
int tp_request_upgrade(tp_request *req, const char *protocol,
                       const tp_tunnel_ops *ops, void *arg);
/* Queues bytes for the client; 0, or -ENOMEM. */
int tp_tunnel_write(tp_tunnel *t, const void *data, size_t len);
/* Bytes queued and not yet taken by the client: a producer that respects
 * its peer stops while this is large.  Input is not read meanwhile. */
size_t tp_tunnel_pending(const tp_tunnel *t);
/* Closes the connection once the queued bytes are sent. */
void tp_tunnel_close(tp_tunnel *t);

#ifdef __cplusplus
}
#endif
#endif
