/*
 * engine.h - the structures shared by the connection state machine
 * (conn.c), the response writer (writer.c), the router (server.c) and the
 * logs (accesslog.c, errorlog.c).  Nothing here is public API.
 */
#ifndef TEAPOT_ENGINE_H
#define TEAPOT_ENGINE_H

#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>

#include "parse.h"
#include "teapot/http.h"
#include "teapot/server.h"
#include "teapot/status.h"

#define TP_MAX_LISTENERS 16
#define TP_PEER_BUCKETS 1024

/* How many connections one client address holds open. */
struct tp_peer_count {
    struct tp_peer_count *next;
    unsigned count;
    uint8_t family;
    unsigned char addr[16];
};
#define TP_MAX_THREADS 256

/* A growable byte buffer, recycled through a per-worker pool so that an idle
 * keep-alive connection holds none. */
typedef struct tp_buf {
    struct tp_buf *next_free;
    size_t cap;
    size_t start; /* first unconsumed byte */
    size_t len;   /* bytes held */
    char data[];
} tp_buf;

#define TP_BUF_SIZE 16384

/* One arena chunk; the first lives inside the exchange. */
typedef struct tp_arena_chunk {
    struct tp_arena_chunk *next;
    size_t used, cap;
    char data[];
} tp_arena_chunk;

typedef struct tp_resp_field {
    const char *name;
    const char *value;
    size_t name_len, value_len;
} tp_resp_field;

#define TP_MAX_RESP_FIELDS 64
#define TP_MAX_TRAILERS 16

enum tp_body_kind {
    TP_BODY_NONE = 0,
    TP_BODY_MEM,
    TP_BODY_FILE,
    TP_BODY_STREAM,
};

enum tp_body_state {
    TP_RB_NONE = 0,   /* no request body */
    TP_RB_PENDING,    /* body present, handler has not asked for it yet */
    TP_RB_READING,    /* delivered to the handler's tp_body_fn */
    TP_RB_DISCARDING, /* read and dropped: the handler answered without it */
    TP_RB_DONE,
};

struct tp_worker;
struct tp_conn;

typedef struct tp_site tp_site; /* below, with the server */

struct tp_request {
    struct tp_conn *conn;
    struct tp_request *next_free;
    tp_site *site;        /* the site this exchange started on (a ref) */
    const struct tp_host *host; /* the host tp_dispatch chose, or NULL */
    const char *user;     /* tp_request_set_user, for the access log */
    tp_request_head head;
    const struct tp_route *route;
    size_t head_end; /* input-buffer offset just past the request head */

    /* request body */
    int body_state;
    int64_t body_left;   /* Content-Length bytes still to come */
    int64_t body_seen;   /* decoded bytes so far (413 check) */
    tp_chunked chunked;
    tp_body_fn body_fn;
    void *body_arg;

    /* response */
    int status;           /* final status once responded, else 0 */
    bool responded;       /* the head of the final response is queued */
    bool close_after;     /* send Connection: close and close */
    bool head_only;       /* HEAD: headers only */
    bool sent_continue;
    tp_resp_field fields[TP_MAX_RESP_FIELDS];
    unsigned nfields;
    tp_resp_field trailers[TP_MAX_TRAILERS];
    unsigned ntrailers;
    int body_kind;
    const char *body_ptr;
    int64_t body_len;     /* total known length, -1 unknown */
    int64_t body_off;     /* bytes of body already queued or sent */
    int body_fd;
    off_t file_off;
    tp_stream_fn stream_fn;
    void *stream_arg;
    bool stream_waiting;
    unsigned resumes;     /* tp_request_resume calls, to catch one made
                             from inside the producer */
    bool ended;           /* released: calls on it are ignored */
    bool chunked_out;     /* chunked transfer coding on the response */
    bool close_delimited; /* length unknown to an HTTP/1.0 client */
    bool body_done;       /* every content byte is queued or sent */
    bool corked;          /* TCP_CORK set for a file body */
    int64_t bytes_sent;   /* content bytes, for the access log */

    /* timer and completion */
    uint64_t timer_at_ms;
    uint64_t timer_pass; /* the timer pass during which it was armed */
    tp_handler_fn timer_fn;
    void *timer_arg;
    struct tp_request *timer_prev, *timer_next;
    bool timer_linked;
    tp_handler_fn done_fn;
    void *done_arg;
    struct tp_offload *offload; /* work running for it (offload.c) */
    int64_t max_body;     /* 413 beyond: the host's limit (tp_dispatch) */

    char peer[48];
    uint64_t started_ms;

    tp_arena_chunk *arena; /* chunks beyond the inline one */
    size_t arena_used;     /* bytes of arena_inline in use */
    _Alignas(16) char arena_inline[2048];
};

typedef struct tp_route {
    char *path;
    size_t path_len;
    bool prefix;
    bool any_method;
    uint64_t methods; /* bit per tp_method, TP_M_OTHER excluded */
    char **extra;     /* names of TP_M_REGISTERED methods, NULL-ended */
    tp_handler_fn fn;
    void *arg;
    int64_t max_body; /* 413 beyond; TP_BODY_LIMIT_SERVER: the server's */
} tp_route;

/* A set of routes answering for some host names (RFC 9110 7.2, 7.4).  The
 * server's own (tp_server_handle) answers for any name. */
struct tp_host {
    char **names;   /* lower case, without a trailing dot; "*.example.org"
                       matches any name below example.org */
    size_t nnames;
    tp_route *routes;
    size_t nroutes;
    char allow_all[512]; /* every method of every route, for OPTIONS * */
    struct tp_filter *filters; /* run before the routes, in order */
    size_t nfilters;
    char **ext_methods; /* extension methods this host takes (not 501) */
    size_t next_methods;
    struct tp_error_page *pages; /* tp_server_error_page, by code */
    size_t npages;
    struct tp_logfile *log; /* its access log; NULL: the site's;
                               &tp_log_off: none */
};

#define TP_BODY_LIMIT_SERVER (-2)

struct tp_error_page {
    int code;
    char *content_type;
    char *body;
    size_t len;
};

/* The page configured for `code` where x is answered (its host's, else
 * the site's), or NULL for the built-in explanation. */
const struct tp_error_page *tp_error_page_for(const tp_request *x, int code);

struct tp_filter {
    tp_filter_fn fn;
    void *arg;
};

typedef struct tp_listener {
    struct sockaddr_storage addr;
    socklen_t addrlen;
    int fd; /* bound by tp_server_listen, used by the first worker */
    int port;
} tp_listener;

typedef struct tp_cleanup {
    struct tp_cleanup *next;
    void (*fn)(void *);
    void *arg;
} tp_cleanup;

/* What answers requests: the hosts with their routes and filters, and what
 * the handlers keep for them.  A site is immutable once published; a
 * reload builds a new one and swaps it in, and each exchange holds a
 * reference to the site it started on, so the old one lives until its last
 * request (or tunnel) is over. */
struct tp_site {
    atomic_int refs;
    struct tp_host any;    /* tp_server_handle's routes: any host name */
    struct tp_host **hosts; /* named hosts, in the order they were made */
    size_t nhosts;
    struct tp_host *fallback; /* answers names no host has; NULL: 421 */
    tp_cleanup *cleanups;  /* tp_server_at_free, run when the site goes */
    struct tp_logfile *log; /* the access log of requests without a host
                               log of their own; NULL: none */
};

void tp_site_release(tp_site *site);
/* The current site, with the reference the worker holds on it (not a new
 * one: tp_site_acquire it to keep it beyond the worker's next call). */
tp_site *tp_worker_site(struct tp_worker *w);
static inline tp_site *tp_site_acquire(tp_site *site)
{
    if (site)
        atomic_fetch_add_explicit(&site->refs, 1, memory_order_relaxed);
    return site;
}

struct tp_server {
    tp_listener listeners[TP_MAX_LISTENERS];
    size_t nlisteners;
    int threads;
    tp_limits limits;
    tp_site *_Atomic site; /* what new exchanges see (NULL before run) */
    pthread_mutex_t site_lock; /* a worker taking a reference on `site`
                                  vs a commit dropping the server's */
    tp_site *next;         /* being built: before run, or between
                              tp_server_site_begin and _commit */
    tp_reload_fn reload_fn; /* SIGHUP: called on the run loop's thread */
    void *reload_arg;
    atomic_int reload;     /* asked for; the run loop calls reload_fn */
    pthread_mutex_t logs_lock; /* guards `logs` and the files' refs at 0 */
    struct tp_logfile *logs;   /* every open access log, for reopening */
    int errlog_fd;             /* standard error unless errlog_owned */
    bool errlog_owned;
    char *errlog_path;         /* the file behind errlog_fd, for reopening */
    atomic_int errlog_level;   /* tp_log_level: lines above it are dropped */
    atomic_int reopen;   /* tp_server_reopen_logs asked; the run loop does it */
    struct tp_worker *workers;
    int nworkers;
    atomic_int stopping;
    atomic_int nconns;       /* open connections, all workers together */
    pthread_mutex_t peers_lock;
    struct tp_peer_count *peers[TP_PEER_BUCKETS]; /* open per address */
    uint32_t peer_seed;      /* random, so addresses cannot share a chain */
    int stop_fd; /* eventfd: wakes tp_server_run */
    bool running;
    struct tp_pool *pool; /* threads for tp_request_offload, or NULL */
    pthread_mutex_t pool_lock; /* creating it */
};

typedef struct tp_conn {
    int fd;
    uint32_t flags;
    struct tp_worker *w;
    struct tp_conn *prev, *next;
    tp_buf *in;
    tp_buf *out;
    struct tp_request *x;  /* exchange in progress, or NULL */
    struct tp_tunnel *tunnel; /* after 101: the protocol that took over */
    uint64_t deadline_ms;  /* 0: none */
    uint64_t send_deadline_ms; /* while the socket refuses output */
    size_t prev_len;       /* slowloris guard for the parser */
    uint32_t nrequests;
    uint8_t deadline_kind;
    uint8_t peer_family;
    uint16_t peer_port;
    unsigned char peer_addr[16];
} tp_conn;

enum tp_conn_flag {
    TP_CF_CLOSING = 1u << 0,   /* close once the output drains */
    TP_CF_LINGER = 1u << 1,    /* write side shut; draining input */
    TP_CF_WRITE_WAIT = 1u << 2, /* the socket refused output: wait EPOLLOUT */
    TP_CF_READ_EOF = 1u << 3,  /* the peer closed its side */
    TP_CF_IN_LOOP = 1u << 4,   /* being driven: a kick waits for the loop */
    TP_CF_DEAD = 1u << 5,      /* closed; freed at the end of the iteration */
    TP_CF_OVER_TOTAL = 1u << 6, /* beyond max_connections: answered 503 */
    TP_CF_OVER_PEER = 1u << 7,  /* beyond max_connections_per_client: 503 */
};

enum tp_deadline_kind {
    TP_DL_IDLE = 1,   /* keep-alive wait: close quietly */
    TP_DL_HEADER,     /* 408 */
    TP_DL_BODY,       /* 408 */
    TP_DL_LINGER,     /* lingering close finished */
    TP_DL_HANDLER,    /* waiting for the handler: none */
};

typedef struct tp_worker {
    tp_site *site; /* the site its new exchanges use (one reference) */
    tp_server *srv;
    int id;
    pthread_t thread;
    int epfd;
    int wake_fd;
    int listen_fds[TP_MAX_LISTENERS];
    tp_conn conns; /* list head */
    tp_conn *dead; /* closed, to be freed at the end of the iteration */
    size_t nconns;
    tp_buf *free_bufs;
    size_t nfree_bufs;
    struct tp_request *free_x;
    size_t nfree_x;
    struct tp_request timers; /* list head of exchanges with a timer */
    uint64_t timer_pass;
    uint64_t now_ms;
    uint64_t last_sweep_ms;
    int reserve_fd;         /* spent to refuse connections at EMFILE */
    uint64_t emfile_logged_ms;
    bool stopping;
    uint64_t stop_deadline_ms;
    /* the Date field, formatted once per second */
    time_t date_sec;
    char date[32]; /* "Sun, 06 Nov 1994 08:49:37 GMT" */
    /* the access log: lines for one file at a time */
    char *log_buf;
    size_t log_len, log_cap;
    struct tp_logfile *log_file; /* the file log_buf is for (a ref) */
    time_t log_sec;
    char log_date[32];       /* Combined: "10/Oct/2000:13:55:36 -0700" */
    time_t log_json_sec;
    char log_json_date[24];  /* JSON: "2000-10-10T20:55:36" (UTC) */
    /* connections refused over a connection limit, told once a second */
    unsigned long refused;
    uint64_t refused_logged_ms;
    /* offloaded work that has finished, for this thread to complete */
    pthread_mutex_t done_lock;
    struct tp_offload *done_list;
} tp_worker;

/* offload.c: blocking work on the server's background threads. */
typedef struct tp_offload {
    tp_work_fn work;
    tp_handler_fn done;
    void *arg;
    struct tp_request *x; /* NULL once the exchange ended; read and
                             written on the worker's thread only */
    struct tp_worker *w;
    struct tp_offload *next;
} tp_offload;
/* Queues o on the pool (starting threads as needed): 0 or -errno. */
int tp_pool_submit(tp_server *srv, tp_offload *o);
/* Takes the list of w's finished work (newest first). */
tp_offload *tp_worker_take_offloads(struct tp_worker *w);
/* Waits for every queued and running piece of work (the workers have
 * stopped), then completes what they left with req NULL. */
void tp_pool_drain(tp_server *srv);
/* Stops and joins the pool's threads (tp_server_free). */
void tp_pool_free(tp_server *srv);

/* conn.c */
int tp_worker_setup(tp_worker *w);
/* Runs the done functions of w's finished work (on w's thread). */
void tp_worker_complete_offloads(tp_worker *w);
/* 413 (and close) when x's Content-Length is over x->max_body: true when
 * it answered. */
bool tp_body_too_large(struct tp_request *x);
int tp_worker_run(tp_worker *w);
void tp_worker_wake(tp_worker *w);
bool tp_conn_queue(tp_conn *c, const void *p, size_t n);
/* Closes the connection now, without a word: its framing is lost. */
void tp_conn_abort(tp_conn *c);
void tp_conn_output_ready(tp_conn *c); /* a paused stream has data again */
tp_buf *tp_buf_get(tp_worker *w, size_t min_cap);
void tp_buf_put(tp_worker *w, tp_buf *b);
bool tp_buf_reserve(tp_buf **b, size_t extra);
uint64_t tp_now_ms(void);
void tp_exchange_finish(tp_request *x);

/* A connection handed to another protocol by 101 Switching Protocols. */
struct tp_tunnel {
    tp_conn *c;
    tp_site *site; /* the handler's state lives there: held to the end */
    tp_tunnel_ops ops;
    void *arg;
};

/* writer.c */
/* Queues "101 Switching Protocols" with the exchange's fields and
 * Upgrade/Connection; false when the output cannot grow. */
bool tp_write_switching(tp_request *x, const char *protocol);
/* Responses that broke a rule of their code's definition (logged as BUG). */
extern atomic_ulong tp_bug_count;
/* Queues the head of the final response (and a body that fits) into the
 * connection's output. */
void tp_write_response(tp_request *x);
/* Queues an interim response; false for an HTTP/1.0 client. */
bool tp_write_interim(tp_request *x, int code);
/* Sends an engine-generated error for a request whose head could not be
 * parsed (no exchange exists), then closes the connection. */
void tp_write_bare_error(tp_conn *c, int code, const char *why,
                         int version_minor);
/* Appends the explanation body for an error (by Accept) into a buffer in the
 * exchange's arena.  Without a detail it is the reference's meaning of the
 * code in the language Accept-Language prefers (*lang, else -1). */
const char *tp_error_body(tp_request *x, int code, const char *detail,
                          size_t *len, const char **ctype, int *lang);
/* The media type an error body should take for this Accept value:
 * 0 text/plain, 1 text/html, 2 application/json. */
int tp_error_media(tp_str accept);
/* Produces the next piece of a file or stream body into the output
 * buffer, or returns false when it is done or waiting. */
bool tp_fill_body(tp_request *x);
/* Writes "HTTP/1.1 404 Not Found\r\n" style status line; returns length. */
size_t tp_status_line(char *dst, int code);

/* date.c */
void tp_date_update(tp_worker *w, time_t now);

/* server.c */
void tp_dispatch(tp_request *x);

/* accesslog.c */
/* An open access log, shared by every site and host that names the same
 * path and format.  Each site (or host) that uses it holds a reference,
 * and so does a worker whose buffer holds lines for it; the last one
 * closes it.  The server lists the live ones so that SIGUSR1 reopens
 * them all. */
struct tp_logfile {
    struct tp_logfile *next; /* in srv->logs, under srv->logs_lock */
    tp_server *srv;
    atomic_int refs;
    int fd;
    bool owned;              /* opened here; not standard output */
    tp_log_format format;
    char path[];             /* "-" for standard output */
};
/* A host's "no log". */
extern struct tp_logfile tp_log_off;
/* The open file for path and format (a new reference), shared with a site
 * that has it already; NULL with errno. */
struct tp_logfile *tp_logfile_open(tp_server *srv, const char *path,
                                   tp_log_format format);
void tp_logfile_release(struct tp_logfile *lf);
void tp_log_exchange(tp_request *x);
void tp_log_flush(tp_worker *w);
void tp_log_bare(tp_conn *c, int code, size_t bytes);
/* Frees the worker's buffer and lets go of its file, once it has
 * stopped. */
void tp_log_worker_done(tp_worker *w);

/* errorlog.c */
static inline bool tp_log_wants(const tp_server *srv, tp_log_level level)
{
    return (int)level <= atomic_load_explicit(
                             &((tp_server *)srv)->errlog_level,
                             memory_order_relaxed);
}
/* An engine bug: on standard error, where the tests look for "BUG", and
 * in the error log at error level as well when that is another file. */
void tp_log_bug(tp_server *srv, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
