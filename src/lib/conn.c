/*
 * conn.c - the worker event loop and the per-connection state machine.
 *
 * Each worker thread owns an epoll instance, its own SO_REUSEPORT listening
 * sockets and the connections it accepted; nothing here is shared between
 * threads.  A connection moves through: waiting for a request head (idle or
 * header deadline), an exchange in progress (handler, request body,
 * response body), and a lingering close.  Requests on one connection are
 * answered strictly in order: the next pipelined request is parsed only once
 * the previous response is queued, and all the responses produced from one
 * read go out in one write.
 *
 * The timeouts that produce 408 live here, because only the connection
 * knows how long it has been waiting.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "engine.h"

/* Output queued beyond this stops the parsing of pipelined requests until
 * the client reads: a client that pipelines without reading must not make
 * the server buffer without bound. */
#define TP_OUT_BACKLOG (64 * 1024)
/* A lingering close waits this long for the client to read our last
 * response and close, so that unread input does not reset it (RST). */
#define TP_LINGER_MS 2000
/* File bodies from this size on are sent with the socket corked. */
#define TP_CORK_MIN 65536
/* Room the input buffer keeps behind a request head for its body. */
#define TP_BODY_ROOM 4096
/* A request body must arrive within body_timeout_ms, and every
 * TP_BODY_MIN_RATE bytes received extend that deadline by a second (never
 * beyond body_timeout_ms from now): a large upload on a slow link
 * finishes, a client trickling bytes to hold the connection does not. */
#define TP_BODY_MIN_RATE 1024
/* A connection refused for a connection limit waits this long for the
 * request it is to be refused with. */
#define TP_REFUSE_MS 2000
/* Free buffers and exchanges kept per worker for reuse. */
#define TP_POOL_KEEP 512

enum {
    EV_WAKE = 1,
    EV_LISTENER_BASE = 16, /* + listener index */
};

enum tp_conn_flag_more {
    TP_CF_READABLE = 1u << 8,   /* the socket may have unread input */
    TP_CF_KICK = 1u << 9,       /* drive again: something changed */
    TP_CF_OUT_ARMED = 1u << 10, /* EPOLLOUT is in the interest set */
    TP_CF_RDHUP = 1u << 11,     /* the peer shut its side: EOF is queued */
    TP_CF_PEER_COUNTED = 1u << 12, /* counted in the per-address table */
    TP_CF_COUNTED = 1u << 13,      /* counted in the server's nconns */
};

/* ---- connection limits (503 at max_connections) ---- */

static size_t peer_bucket(const tp_conn *c)
{
    uint32_t h = (2166136261u ^ c->w->srv->peer_seed) ^ c->peer_family;
    for (int i = 0; i < 16; i++)
        h = (h ^ c->peer_addr[i]) * 16777619u;
    return h % TP_PEER_BUCKETS;
}

/* Counts one more connection from c's address, unless it already holds
 * `limit`; false then. */
static bool peer_acquire(tp_server *srv, const tp_conn *c, int limit)
{
    size_t b = peer_bucket(c);
    bool ok = true;
    pthread_mutex_lock(&srv->peers_lock);
    struct tp_peer_count *p = srv->peers[b];
    while (p && (p->family != c->peer_family ||
                 memcmp(p->addr, c->peer_addr, 16)))
        p = p->next;
    if (!p) {
        p = calloc(1, sizeof(*p));
        if (p) {
            p->family = c->peer_family;
            memcpy(p->addr, c->peer_addr, 16);
            p->next = srv->peers[b];
            srv->peers[b] = p;
        }
    }
    if (!p || p->count >= (unsigned)limit)
        ok = false;
    else
        p->count++;
    pthread_mutex_unlock(&srv->peers_lock);
    return ok;
}

static void peer_release(tp_server *srv, const tp_conn *c)
{
    size_t b = peer_bucket(c);
    pthread_mutex_lock(&srv->peers_lock);
    struct tp_peer_count **pp = &srv->peers[b];
    while (*pp && ((*pp)->family != c->peer_family ||
                   memcmp((*pp)->addr, c->peer_addr, 16)))
        pp = &(*pp)->next;
    if (*pp && --(*pp)->count == 0) {
        /* The table holds only addresses with open connections, so a
         * flood of addresses cannot grow it beyond the connections. */
        struct tp_peer_count *dead = *pp;
        *pp = dead->next;
        free(dead);
    }
    pthread_mutex_unlock(&srv->peers_lock);
}

/* Connections are registered for input only: asking for EPOLLOUT from the
 * start would wake the loop for every ACK that frees send-buffer space.
 * Only a connection whose output the socket refused also waits for it. */
static void conn_drive(tp_conn *c);

static void conn_want_output(tp_conn *c)
{
    if (c->flags & TP_CF_OUT_ARMED)
        return;
    struct epoll_event ev = {
        .events = EPOLLIN | EPOLLOUT | EPOLLRDHUP | EPOLLET,
        .data.ptr = c,
    };
    if (epoll_ctl(c->w->epfd, EPOLL_CTL_MOD, c->fd, &ev) == 0)
        c->flags |= TP_CF_OUT_ARMED;
}

uint64_t tp_now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

/* ---- buffers ---- */

tp_buf *tp_buf_get(tp_worker *w, size_t min_cap)
{
    tp_buf *b;
    if (min_cap <= TP_BUF_SIZE && w->free_bufs) {
        b = w->free_bufs;
        w->free_bufs = b->next_free;
        w->nfree_bufs--;
    } else {
        size_t cap = min_cap < TP_BUF_SIZE ? TP_BUF_SIZE : min_cap;
        b = malloc(sizeof(*b) + cap);
        if (!b)
            return NULL;
        b->cap = cap;
    }
    b->next_free = NULL;
    b->start = b->len = 0;
    return b;
}

void tp_buf_put(tp_worker *w, tp_buf *b)
{
    if (!b)
        return;
    if (b->cap == TP_BUF_SIZE && w->nfree_bufs < TP_POOL_KEEP) {
        b->next_free = w->free_bufs;
        w->free_bufs = b;
        w->nfree_bufs++;
    } else {
        free(b);
    }
}

/* Makes room for `extra` more bytes at the end, compacting or growing. Only
 * for buffers that nothing points into. */
bool tp_buf_reserve(tp_buf **bp, size_t extra)
{
    tp_buf *b = *bp;
    if (b->cap - b->len >= extra)
        return true;
    if (b->start > 0) {
        memmove(b->data, b->data + b->start, b->len - b->start);
        b->len -= b->start;
        b->start = 0;
        if (b->cap - b->len >= extra)
            return true;
    }
    size_t cap = b->cap * 2;
    while (cap - b->len < extra)
        cap *= 2;
    tp_buf *nb = realloc(b, sizeof(*nb) + cap);
    if (!nb)
        return false;
    nb->cap = cap;
    *bp = nb;
    return true;
}

/* ---- exchanges ---- */

static tp_request *exchange_new(tp_conn *c)
{
    tp_worker *w = c->w;
    tp_request *x = w->free_x;
    if (x) {
        w->free_x = x->next_free;
        w->nfree_x--;
    } else {
        x = malloc(sizeof(*x));
        if (!x)
            return NULL;
    }
    /* Everything up to the parsed head is reset; the head is filled by the
     * parser and the rest below. */
    x->conn = c;
    x->site = tp_site_acquire(tp_worker_site(w));
    x->user = NULL;
    x->host = NULL;
    x->ended = false;
    x->resumes = 0;
    x->next_free = NULL;
    x->route = NULL;
    x->body_state = TP_RB_NONE;
    x->body_left = 0;
    x->body_seen = 0;
    memset(&x->chunked, 0, sizeof(x->chunked));
    x->body_fn = NULL;
    x->body_arg = NULL;
    x->status = 0;
    x->responded = false;
    x->close_after = false;
    x->head_only = false;
    x->sent_continue = false;
    x->nfields = 0;
    x->ntrailers = 0;
    x->body_kind = TP_BODY_NONE;
    x->body_ptr = NULL;
    x->body_len = 0;
    x->body_off = 0;
    x->body_fd = -1;
    x->file_off = 0;
    x->stream_fn = NULL;
    x->stream_arg = NULL;
    x->stream_waiting = false;
    x->chunked_out = false;
    x->close_delimited = false;
    x->body_done = false;
    x->corked = false;
    x->bytes_sent = 0;
    x->timer_at_ms = 0;
    x->timer_fn = NULL;
    x->timer_arg = NULL;
    x->timer_prev = x->timer_next = NULL;
    x->timer_linked = false;
    x->done_fn = NULL;
    x->done_arg = NULL;
    x->offload = NULL;
    x->max_body = c->w->srv->limits.max_body;
    x->peer[0] = '\0';
    x->started_ms = c->w->now_ms;
    x->arena = NULL;
    x->arena_used = 0;
    return x;
}

static void timer_unlink(tp_request *x)
{
    if (!x->timer_linked)
        return;
    x->timer_prev->timer_next = x->timer_next;
    x->timer_next->timer_prev = x->timer_prev;
    x->timer_linked = false;
    x->timer_fn = NULL;
}

static void exchange_release(tp_worker *w, tp_request *x)
{
    x->ended = true;
    timer_unlink(x);
    if (x->offload) {
        /* The work goes on; its done function gets no request. */
        x->offload->x = NULL;
        x->offload = NULL;
    }
    if (x->done_fn) {
        tp_handler_fn fn = x->done_fn;
        x->done_fn = NULL;
        fn(x, x->done_arg);
    }
    if (x->body_fd >= 0)
        close(x->body_fd);
    for (tp_arena_chunk *a = x->arena, *n; a; a = n) {
        n = a->next;
        free(a);
    }
    tp_site_release(x->site);
    x->site = NULL;
    if (w->nfree_x < TP_POOL_KEEP) {
        x->next_free = w->free_x;
        w->free_x = x;
        w->nfree_x++;
    } else {
        free(x);
    }
}

void *tp_request_alloc(tp_request *x, size_t n)
{
    n = (n + 15) & ~(size_t)15;
    if (!x->arena && sizeof(x->arena_inline) - x->arena_used >= n) {
        void *p = x->arena_inline + x->arena_used;
        x->arena_used += n;
        return p;
    }
    tp_arena_chunk *a = x->arena;
    if (!a || a->cap - a->used < n) {
        size_t cap = n > 4096 ? n : 4096;
        tp_arena_chunk *na = malloc(sizeof(*na) + cap);
        if (!na)
            return NULL;
        na->cap = cap;
        na->used = 0;
        na->next = x->arena;
        x->arena = na;
        a = na;
    }
    void *p = a->data + a->used;
    a->used += n;
    return p;
}

int tp_request_append(tp_request *x, tp_bytes *b, const void *data,
                      size_t n)
{
    if (!b->data || b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 4096;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *grown = tp_request_alloc(x, cap);
        if (!grown)
            return -ENOMEM;
        if (b->len)
            memcpy(grown, b->data, b->len);
        b->data = grown;
        b->cap = cap;
    }
    if (n)
        memcpy(b->data + b->len, data, n);
    b->len += n;
    b->data[b->len] = '\0';
    return 0;
}

char *tp_request_strdup(tp_request *x, tp_str s)
{
    char *p = tp_request_alloc(x, s.len + 1);
    if (p) {
        memcpy(p, s.ptr, s.len);
        p[s.len] = '\0';
    }
    return p;
}

/* ---- connections ---- */

static void conn_set_deadline(tp_conn *c, int kind, int ms)
{
    c->deadline_kind = (uint8_t)kind;
    c->deadline_ms = ms > 0 ? c->w->now_ms + (uint64_t)ms : 0;
}

/*
 * Closing happens in two steps.  tp_conn_abort() closes the socket at once
 * and moves the connection to the worker's list of dead ones; the memory is
 * released by reap_dead() at the end of the loop iteration, when no event
 * batch, timer walk, sweep or handler further up the stack can still hold a
 * pointer to it (a handler may well resume another connection that fails
 * right there).
 */
void tp_conn_abort(tp_conn *c)
{
    if (c->flags & TP_CF_DEAD)
        return;
    c->flags |= TP_CF_DEAD;
    if (c->fd >= 0) {
        close(c->fd);
        c->fd = -1;
    }
    tp_worker *w = c->w;
    c->prev->next = c->next;
    c->next->prev = c->prev;
    c->next = w->dead;
    c->prev = NULL;
    w->dead = c;
}

static void reap_dead(tp_worker *w)
{
    while (w->dead) {
        tp_conn *c = w->dead;
        w->dead = c->next;
        if (c->x) {
            tp_request *x = c->x;
            c->x = NULL;
            exchange_release(w, x);
        }
        if (c->tunnel) {
            struct tp_tunnel *t = c->tunnel;
            c->tunnel = NULL;
            if (t->ops.on_close)
                t->ops.on_close(t->arg);
            tp_site_release(t->site);
            free(t);
        }
        tp_buf_put(w, c->in);
        tp_buf_put(w, c->out);
        if (c->flags & TP_CF_COUNTED)
            atomic_fetch_sub_explicit(&w->srv->nconns, 1, memory_order_relaxed);
        if (c->flags & TP_CF_PEER_COUNTED)
            peer_release(w->srv, c);
        w->nconns--;
        free(c);
    }
}

/* The last response is written: shut our side and read until the client
 * closes, so that input it already sent cannot turn into a reset that
 * destroys the response before the client read it. */
static void conn_begin_linger(tp_conn *c)
{
    if (c->flags & TP_CF_READ_EOF) {
        tp_conn_abort(c);
        return;
    }
    shutdown(c->fd, SHUT_WR);
    c->flags |= TP_CF_LINGER | TP_CF_READABLE;
    conn_set_deadline(c, TP_DL_LINGER, TP_LINGER_MS);
}

static void conn_linger_read(tp_conn *c)
{
    char scratch[4096];
    for (;;) {
        ssize_t n = read(c->fd, scratch, sizeof(scratch));
        if (n > 0)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
            c->flags &= ~TP_CF_READABLE;
            return;
        }
        tp_conn_abort(c);
        return;
    }
}

static size_t out_pending(const tp_conn *c)
{
    return c->out ? c->out->len - c->out->start : 0;
}

/* The send deadline is separate from the others: it runs only while the
 * socket refuses output, and every byte the client takes moves it. */
static void send_blocked(tp_conn *c)
{
    c->flags |= TP_CF_WRITE_WAIT;
    conn_want_output(c);
    if (!c->send_deadline_ms)
        c->send_deadline_ms =
            c->w->now_ms + (uint64_t)c->w->srv->limits.body_timeout_ms;
}

static void send_progress(tp_conn *c)
{
    if (c->send_deadline_ms)
        c->send_deadline_ms =
            c->w->now_ms + (uint64_t)c->w->srv->limits.body_timeout_ms;
}

/* Writes what the output buffer holds, then a file body with sendfile.
 * Returns false when the socket refused more. */
static bool conn_write(tp_conn *c)
{
    tp_worker *w = c->w;
    tp_request *fx = c->x;
    /* A head followed by a large file body: cork the socket so that only
     * full segments leave until the body is done (the head rides with the
     * first bytes of the file, and a body sent in pieces as the client
     * drains does not go out as many small segments). */
    bool file_next = fx && fx->responded && fx->body_kind == TP_BODY_FILE &&
                     !fx->body_done;
    if (file_next && !fx->corked && fx->body_len - fx->body_off >= TP_CORK_MIN) {
        int one = 1;
        setsockopt(c->fd, IPPROTO_TCP, TCP_CORK, &one, sizeof(one));
        fx->corked = true;
    }
    int more = file_next ? MSG_MORE : 0;
    while (out_pending(c) > 0) {
        tp_buf *o = c->out;
        ssize_t n = send(c->fd, o->data + o->start, o->len - o->start,
                         MSG_NOSIGNAL | more);
        if (n > 0) {
            o->start += (size_t)n;
            send_progress(c);
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && errno == EAGAIN) {
            send_blocked(c);
            return false;
        }
        tp_conn_abort(c);
        return false;
    }
    if (c->out) {
        tp_buf_put(w, c->out);
        c->out = NULL;
    }
    tp_request *x = c->x;
    while (x && x->responded && x->body_kind == TP_BODY_FILE &&
           !x->body_done) {
        size_t left = (size_t)(x->body_len - x->body_off);
        ssize_t n = sendfile(c->fd, x->body_fd, &x->file_off,
                             left > (1u << 20) ? (1u << 20) : left);
        if (n > 0) {
            x->body_off += n;
            x->bytes_sent += n;
            if (x->body_off >= x->body_len)
                x->body_done = true;
            send_progress(c);
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && errno == EAGAIN) {
            send_blocked(c);
            return false;
        }
        /* A client that went away is no news; a file that shrank or failed
         * under us is: the framing promised bytes that do not exist, so the
         * only honest end is to close, and the log says why. */
        if (n == 0)
            tp_request_log(x, TP_LOG_ERROR, "sendfile: file truncated while "
                                            "sending");
        else if (errno != EPIPE && errno != ECONNRESET)
            tp_request_log(x, TP_LOG_ERROR, "sendfile: %s", strerror(errno));
        tp_conn_abort(c);
        return false;
    }
    if (x && x->corked && x->body_done) {
        int zero = 0;
        setsockopt(c->fd, IPPROTO_TCP, TCP_CORK, &zero, sizeof(zero));
        x->corked = false;
    }
    c->flags &= ~TP_CF_WRITE_WAIT;
    c->send_deadline_ms = 0;
    return true;
}

/* Queues raw bytes for the client. */
bool tp_conn_queue(tp_conn *c, const void *p, size_t n)
{
    if (!c->out) {
        c->out = tp_buf_get(c->w, n);
        if (!c->out)
            return false;
    }
    if (!tp_buf_reserve(&c->out, n))
        return false;
    memcpy(c->out->data + c->out->len, p, n);
    c->out->len += n;
    return true;
}

/* A connection-level error answered before any exchange exists. */
static void conn_fail(tp_conn *c, int code, const char *why, int minor)
{
    if (tp_log_wants(c->w->srv, TP_LOG_DEBUG)) {
        char peer[48];
        if (!inet_ntop(c->peer_family == AF_INET6 ? AF_INET6 : AF_INET,
                       c->peer_addr, peer, sizeof(peer)))
            strcpy(peer, "-");
        tp_server_log(c->w->srv, TP_LOG_DEBUG, "%d to client %s: %s", code,
                      peer, why ? why : "");
    }
    tp_write_bare_error(c, code, why, minor);
    c->flags |= TP_CF_CLOSING;
}

/* A handler must answer, or leave something that will: a timer, a body
 * still being read, a paused stream.  Otherwise the client would wait
 * forever, so that is a bug answered with 500. */
static void check_answered(tp_request *x)
{
    if (x->responded || x->timer_linked || x->offload ||
        x->body_state == TP_RB_READING)
        return;
    tp_log_bug(x->conn->w->srv, "the handler for %.*s returned without "
                                "answering or waiting",
               (int)x->head.path.len, x->head.path.ptr);
    tp_respond_error(x, 500, "the handler did not answer");
}

/* ---- request bodies ---- */

static void body_finished(tp_request *x)
{
    int st = x->body_state;
    x->body_state = TP_RB_DONE;
    /* The body is in: whatever the handler does next is not the client's
     * delay, so the body deadline ends here. */
    tp_conn *c = x->conn;
    if (c->deadline_kind == TP_DL_BODY)
        conn_set_deadline(c, TP_DL_HANDLER, 0);
    if (st == TP_RB_READING && x->body_fn) {
        int r = x->body_fn(x, NULL, 0, x->body_arg);
        if (r >= 400 && !x->responded)
            tp_respond_error(x, r, NULL);
        check_answered(x);
    }
}

/* The deadline for the request body starts when reading starts... */
static void body_deadline_start(tp_conn *c)
{
    if (c->deadline_kind != TP_DL_BODY)
        conn_set_deadline(c, TP_DL_BODY, c->w->srv->limits.body_timeout_ms);
}

/* ...and moves by a second for every TP_BODY_MIN_RATE bytes received. */
static void body_progress(tp_conn *c, size_t n)
{
    uint64_t limit = c->w->now_ms + (uint64_t)c->w->srv->limits.body_timeout_ms;
    if (c->deadline_kind != TP_DL_BODY) {
        body_deadline_start(c);
        return;
    }
    uint64_t d = c->deadline_ms + (uint64_t)n * 1000u / TP_BODY_MIN_RATE;
    c->deadline_ms = d < limit ? d : limit;
}

/* Hands a piece of decoded body to the handler or drops it. */
static void body_deliver(tp_request *x, const char *p, size_t n)
{
    if (n == 0)
        return;
    x->body_seen += (int64_t)n;
    if (x->body_state != TP_RB_READING || !x->body_fn)
        return;
    int r = x->body_fn(x, p, n, x->body_arg);
    if (r >= 400) {
        /* The rest of the body is unread: the framing of whatever follows
         * is lost, so the connection ends after this answer. */
        x->close_after = true;
        x->body_state = TP_RB_DONE;
        if (!x->responded)
            tp_respond_error(x, r, NULL);
    }
}

/* Consumes body bytes from the input buffer.  Returns true on progress. */
static bool body_feed(tp_conn *c, tp_request *x)
{
    tp_buf *in = c->in;
    if (!in || in->start >= in->len)
        return false;
    char *p = in->data + in->start;
    size_t avail = in->len - in->start;

    if (!x->head.chunked) {
        size_t n = avail;
        if ((int64_t)n > x->body_left)
            n = (size_t)x->body_left;
        x->body_left -= (int64_t)n;
        in->start += n;
        body_deliver(x, p, n);
        if (x->body_left == 0 && x->body_state != TP_RB_DONE)
            body_finished(x);
    } else {
        size_t consumed = avail, out = 0;
        const char *why = NULL;
        int r = tp_chunked_decode(&x->chunked, p, &consumed, &out, &why);
        if (r < 0) {
            x->close_after = true;
            x->body_state = TP_RB_DONE;
            if (!x->responded)
                tp_respond_error(x, -r, why);
            c->flags |= TP_CF_CLOSING;
            return true;
        }
        if (x->max_body >= 0 && x->body_seen + (int64_t)out > x->max_body) {
            x->close_after = true;
            x->body_state = TP_RB_DONE;
            if (!x->responded)
                tp_respond_error(x, 413,
                                 "the chunked request body exceeds the limit");
            c->flags |= TP_CF_CLOSING;
            return true;
        }
        body_deliver(x, p, out);
        /* The decoded bytes are delivered; what was not decoded yet (a
         * partial chunk line, or the next pipelined request) moves to the
         * front. */
        size_t rest = avail - consumed;
        if (rest)
            memmove(p, p + consumed, rest);
        in->len = in->start + rest;
        if (r == 1 && x->body_state != TP_RB_DONE)
            body_finished(x);
    }
    if (x->body_state == TP_RB_READING || x->body_state == TP_RB_DISCARDING)
        body_progress(c, avail - (in->len - in->start));
    /* The head's slices stay where they are; the space behind them is
     * reused for the rest of the body. */
    if (in->start > x->head_end) {
        size_t rest = in->len - in->start;
        memmove(in->data + x->head_end, in->data + in->start, rest);
        in->start = x->head_end;
        in->len = x->head_end + rest;
    }
    return true;
}

void tp_request_read_body(tp_request *x, tp_body_fn fn, void *arg)
{
    if (x->body_state != TP_RB_PENDING) {
        if (x->body_state == TP_RB_NONE) {
            /* No body: the end arrives at once, on the next drive. */
            x->body_fn = fn;
            x->body_arg = arg;
            x->body_state = TP_RB_READING;
            body_finished(x);
        }
        return;
    }
    x->body_fn = fn;
    x->body_arg = arg;
    x->body_state = TP_RB_READING;
    tp_conn *c = x->conn;
    /* RFC 9110 10.1.1: 100 Continue only now that the handler wants the
     * body, and only if the client has not already started sending it. */
    if (x->head.expect_continue && !x->sent_continue &&
        (!c->in || c->in->start >= c->in->len)) {
        static const char cont[] = "HTTP/1.1 100 Continue\r\n\r\n";
        tp_conn_queue(c, cont, sizeof(cont) - 1);
        x->sent_continue = true;
    }
    body_deadline_start(c);
    c->flags |= TP_CF_KICK;
}

/* ---- the request head ---- */

/* Starts an exchange for a parsed head; answers framing errors itself. */
static void exchange_start(tp_conn *c, tp_request *x)
{
    tp_server *srv = c->w->srv;
    c->x = x;
    c->nrequests++;
    conn_set_deadline(c, TP_DL_HANDLER, 0);

    if (c->flags & (TP_CF_OVER_TOTAL | TP_CF_OVER_PEER)) {
        /* Past a connection limit: the request is answered, as a response
         * to it (HEAD gets no content), and the connection closes. */
        x->close_after = true;
        x->head_only = x->head.method_id == TP_M_HEAD;
        c->flags |= TP_CF_CLOSING;
        tp_response_header(x, "Retry-After", "1");
        tp_respond_error(x, 503, c->flags & TP_CF_OVER_PEER
                                     ? "too many connections from this address"
                                     : "too many connections");
        return;
    }
    const char *why = NULL;
    int st = tp_request_framing(&x->head, &why);
    if (st == 400 || st == 501) {
        /* Framing that cannot be trusted (or a transfer coding that cannot
         * be decoded) leaves the rest of the input meaningless: answer and
         * close. */
        x->close_after = true;
        c->flags |= TP_CF_CLOSING;
        tp_request_log(x, TP_LOG_DEBUG, "%d: %s", st, why ? why : "");
        tp_respond_error(x, st, why);
        return;
    }
    if (x->head.chunked) {
        x->body_state = TP_RB_PENDING;
        x->body_left = -1;
    } else if (x->head.content_length > 0) {
        x->body_state = TP_RB_PENDING;
        x->body_left = x->head.content_length;
    }
    /* The host's own limit is applied when the host is known
     * (tp_dispatch); an exchange that ends here has the server's. */
    x->max_body = srv->limits.max_body;
    if (st != 0 && tp_body_too_large(x))
        return;
    if (!x->head.keep_alive ||
        (srv->limits.max_requests_per_conn > 0 &&
         c->nrequests >= (uint32_t)srv->limits.max_requests_per_conn) ||
        atomic_load_explicit(&srv->stopping, memory_order_relaxed))
        x->close_after = true;

    if (st != 0) {
        /* 417 and 510: the request is understood well enough to skip its
         * body and keep the connection. */
        tp_respond_error(x, st, why);
        return;
    }
    tp_dispatch(x);
    check_answered(x);
}

bool tp_body_too_large(tp_request *x)
{
    if (x->max_body < 0 || x->head.chunked ||
        x->head.content_length <= x->max_body)
        return false;
    /* RFC 9110 15.5.14: 413, and close, since the body is not going to
     * be read. */
    x->close_after = true;
    x->body_state = TP_RB_DONE;
    x->conn->flags |= TP_CF_CLOSING;
    tp_respond_error(x, 413, "the request body exceeds the limit");
    return true;
}

void tp_worker_complete_offloads(tp_worker *w)
{
    tp_offload *o = tp_worker_take_offloads(w);
    while (o) {
        tp_offload *next = o->next;
        tp_request *x = o->x;
        if (!x) {
            o->done(NULL, o->arg);
        } else {
            x->offload = NULL;
            tp_conn *c = x->conn;
            c->flags |= TP_CF_IN_LOOP;
            o->done(x, o->arg);
            if (c->x == x)
                check_answered(x);
            c->flags &= ~TP_CF_IN_LOOP;
            conn_drive(c);
        }
        free(o);
        o = next;
    }
}

static bool exchange_complete(const tp_request *x)
{
    return x->responded && x->body_done &&
           (x->body_state == TP_RB_NONE || x->body_state == TP_RB_DONE);
}

static void exchange_end(tp_conn *c)
{
    tp_request *x = c->x;
    c->x = NULL;
    tp_log_exchange(x);
    if (x->close_after)
        c->flags |= TP_CF_CLOSING;
    exchange_release(c->w, x);
}

/* ---- after 101: the connection belongs to another protocol ---- */

int tp_request_upgrade(tp_request *x, const char *protocol,
                       const tp_tunnel_ops *ops, void *arg)
{
    tp_str offered;
    tp_conn *c = x->conn;
    if (x->ended || x->responded)
        return -EINVAL;
    if (c->w->stopping ||
        atomic_load_explicit(&c->w->srv->stopping, memory_order_relaxed))
        return -ESHUTDOWN;
    /* A close asked for (or decided) stands: it cannot become a tunnel. */
    if (!x->head.upgrade || x->head.version_minor < 1 || x->head_only ||
        x->close_after || x->body_state != TP_RB_NONE || !ops ||
        !ops->on_data || !tp_request_header_list(x, "Upgrade", &offered) ||
        !tp_list_has(offered, protocol))
        return -EINVAL;
    struct tp_tunnel *t = calloc(1, sizeof(*t));
    if (!t)
        return -ENOMEM;
    if (!tp_write_switching(x, protocol)) {
        free(t);
        return -ENOMEM;
    }
    t->c = c;
    t->site = tp_site_acquire(x->site);
    t->ops = *ops;
    t->arg = arg;
    c->tunnel = t;
    x->status = 101;
    x->responded = true;
    x->body_done = true;
    tp_conn_output_ready(c);
    return 0;
}

int tp_tunnel_write(tp_tunnel *t, const void *data, size_t len)
{
    tp_conn *c = t->c;
    if (c->flags & (TP_CF_DEAD | TP_CF_CLOSING))
        return -EPIPE;
    if (!tp_conn_queue(c, data, len))
        return -ENOMEM;
    tp_conn_output_ready(c);
    return 0;
}

size_t tp_tunnel_pending(const tp_tunnel *t)
{
    return out_pending(t->c);
}

void tp_tunnel_close(tp_tunnel *t)
{
    tp_conn *c = t->c;
    if (c->flags & TP_CF_DEAD)
        return;
    c->flags |= TP_CF_CLOSING;
    tp_conn_output_ready(c);
}

/* The server ends a tunnel: the protocol may say goodbye, then the
 * connection closes once that is sent. */
static void tunnel_end(tp_conn *c)
{
    struct tp_tunnel *t = c->tunnel;
    if (c->flags & (TP_CF_DEAD | TP_CF_CLOSING))
        return;
    bool nested = c->flags & TP_CF_IN_LOOP;
    c->flags |= TP_CF_IN_LOOP;
    if (t->ops.on_end)
        t->ops.on_end(t, t->arg);
    c->flags |= TP_CF_CLOSING;
    if (!nested)
        c->flags &= ~TP_CF_IN_LOOP;
    conn_drive(c);
}

/* Hands what the client sent to the protocol; the connection closes when
 * the protocol says so or the client has closed its side. */
static bool tunnel_process(tp_conn *c)
{
    struct tp_tunnel *t = c->tunnel;
    tp_buf *in = c->in;
    bool progress = false;
    if (in && in->start < in->len && !(c->flags & TP_CF_CLOSING)) {
        size_t n = in->len - in->start;
        const char *p = in->data + in->start;
        in->start = in->len;
        progress = true;
        if (t->ops.on_data(t, p, n, t->arg) < 0)
            c->flags |= TP_CF_CLOSING;
        conn_set_deadline(c, TP_DL_IDLE, c->w->srv->limits.keepalive_timeout_ms);
    }
    if (c->deadline_kind != TP_DL_IDLE)
        conn_set_deadline(c, TP_DL_IDLE, c->w->srv->limits.keepalive_timeout_ms);
    if (in && in->start >= in->len && !(c->flags & TP_CF_DEAD)) {
        tp_buf_put(c->w, c->in);
        c->in = NULL;
    }
    if ((c->flags & TP_CF_READ_EOF) && !(c->flags & TP_CF_CLOSING)) {
        c->flags |= TP_CF_CLOSING;
        progress = true;
    }
    return progress;
}

/* Parses and runs as many requests as the buffered input holds, stopping
 * where the current exchange must wait.  Returns true on progress. */
static bool conn_process(tp_conn *c)
{
    tp_worker *w = c->w;
    tp_server *srv = w->srv;
    bool progress = false;

    while (!(c->flags & (TP_CF_DEAD | TP_CF_LINGER))) {
        tp_request *x = c->x;
        if (x) {
            if (x->body_state == TP_RB_READING ||
                x->body_state == TP_RB_DISCARDING) {
                body_deadline_start(c);
                if (body_feed(c, x)) {
                    progress = true;
                    continue;
                }
            }
            /* Produce stream output into the buffer. */
            while (x->responded && !x->body_done &&
                   x->body_kind != TP_BODY_FILE &&
                   out_pending(c) < TP_OUT_BACKLOG && tp_fill_body(x))
                progress = true;
            if (c->flags & TP_CF_DEAD)
                return progress;
            if (exchange_complete(x)) {
                exchange_end(c);
                progress = true;
                continue;
            }
            break;
        }

        if (c->tunnel) {
            if (tunnel_process(c))
                progress = true;
            break;
        }
        /* A connection that is closing takes no further request. */
        if (c->flags & TP_CF_CLOSING)
            break;
        tp_buf *in = c->in;
        if (!in || in->start >= in->len) {
            if (in) {
                tp_buf_put(w, in);
                c->in = NULL;
            }
            if (c->flags & TP_CF_READ_EOF) {
                c->flags |= TP_CF_CLOSING;
                break;
            }
            if (c->deadline_kind != TP_DL_IDLE)
                conn_set_deadline(c, TP_DL_IDLE, srv->limits.keepalive_timeout_ms);
            break;
        }
        if (out_pending(c) >= TP_OUT_BACKLOG)
            break;

        x = exchange_new(c);
        if (!x) {
            tp_conn_abort(c);
            return progress;
        }
        const char *why = NULL;
        size_t avail = in->len - in->start;
        int r = tp_parse_request(in->data + in->start, avail, c->prev_len,
                                 &x->head, &why);
        if (r == TP_PARSE_INCOMPLETE) {
            exchange_release(w, x);
            if (c->flags & TP_CF_READ_EOF) {
                /* a partial head that can never be completed */
                c->flags |= TP_CF_CLOSING;
                break;
            }
            c->prev_len = avail;
            if (c->deadline_kind != TP_DL_HEADER)
                conn_set_deadline(c, TP_DL_HEADER,
                                  srv->limits.header_timeout_ms);
            break;
        }
        if (r < 0) {
            exchange_release(w, x);
            c->prev_len = 0;
            conn_fail(c, -r, why, 1);
            progress = true;
            break;
        }
        c->prev_len = 0;
        if (in->cap - (in->start + (size_t)r) < TP_BODY_ROOM) {
            /* The head nearly fills the buffer, and its slices will pin
             * the buffer in place for the whole exchange.  Nothing else
             * points into it now: move the head to the front, grow only if
             * that is not enough, and parse again (cheap, and rare). */
            if (in->start > 0) {
                memmove(in->data, in->data + in->start, avail);
                in->len = avail;
                in->start = 0;
            }
            if (in->cap - (size_t)r < TP_BODY_ROOM) {
                tp_buf *nb = realloc(in, sizeof(*nb) + in->cap + TP_BUF_SIZE);
                if (!nb) {
                    exchange_release(w, x);
                    tp_conn_abort(c);
                    return progress;
                }
                nb->cap += TP_BUF_SIZE;
                c->in = in = nb;
            }
            r = tp_parse_request(in->data, avail, 0, &x->head, &why);
        }
        in->start += (size_t)r;
        x->head_end = in->start;
        exchange_start(c, x);
        progress = true;
    }
    return progress;
}

/* Reads what the socket holds into the input buffer.  Returns true when
 * bytes arrived. */
static bool conn_read(tp_conn *c)
{
    tp_worker *w = c->w;
    if (!c->in) {
        c->in = tp_buf_get(w, TP_BUF_SIZE);
        if (!c->in) {
            tp_conn_abort(c);
            return false;
        }
    }
    tp_buf *in = c->in;
    if (!c->x && in->start > 0) {
        /* Nothing points into the buffer between exchanges. */
        memmove(in->data, in->data + in->start, in->len - in->start);
        in->len -= in->start;
        in->start = 0;
    }
    if (in->len == in->cap) {
        if (c->x) {
            /* Body bytes are consumed as they come, so a full buffer
             * during an exchange means the handler is not reading: wait. */
            return false;
        }
        /* A head longer than the first buffer: grow up to the limit the
         * parser enforces with 414/431. */
        size_t cap = in->cap * 2;
        if (cap > TP_MAX_HEAD + 4096)
            cap = TP_MAX_HEAD + 4096;
        if (cap <= in->cap) {
            conn_fail(c, 431, "request head too large", 1);
            return true;
        }
        tp_buf *nb = realloc(in, sizeof(*nb) + cap);
        if (!nb) {
            tp_conn_abort(c);
            return false;
        }
        nb->cap = cap;
        c->in = in = nb;
    }
    size_t space = in->cap - in->len;
    ssize_t n = recv(c->fd, in->data + in->len, space, 0);
    if (n > 0) {
        in->len += (size_t)n;
        /* With edge-triggered epoll, a short read means the socket is
         * drained: no need for a read that only says EAGAIN.  Unless the
         * peer has shut its side: its end-of-file is queued behind the
         * data and raises no further event, so it must be read now. */
        if ((size_t)n < space && !(c->flags & TP_CF_RDHUP))
            c->flags &= ~TP_CF_READABLE;
        return true;
    }
    if (n == 0) {
        c->flags |= TP_CF_READ_EOF;
        c->flags &= ~TP_CF_READABLE;
        if (c->x && (c->x->body_state == TP_RB_READING ||
                     c->x->body_state == TP_RB_PENDING ||
                     c->x->body_state == TP_RB_DISCARDING)) {
            /* The body ended early: the request cannot be complete. */
            tp_conn_abort(c);
        }
        /* Otherwise a half-closed client still gets the answers to every
         * complete request it sent; conn_process closes once they are
         * done.  The end of input is news: report it as progress so that
         * conn_process runs and sees it, or an idle connection the client
         * closed would linger until the keep-alive timeout. */
        return true;
    }
    if (errno == EAGAIN || errno == EINTR) {
        if (errno == EAGAIN)
            c->flags &= ~TP_CF_READABLE;
        return false;
    }
    tp_conn_abort(c);
    return false;
}

static bool conn_wants_input(const tp_conn *c)
{
    if (c->flags & (TP_CF_DEAD | TP_CF_CLOSING | TP_CF_READ_EOF))
        return false;
    if (c->x)
        return c->x->body_state == TP_RB_READING ||
               c->x->body_state == TP_RB_DISCARDING;
    /* A tunnel's input waits while its output backs up. */
    return out_pending(c) < TP_OUT_BACKLOG;
}

/* Runs the connection until it must wait for the socket, a timer or the
 * handler. */
/* Whether anything waits to go out: buffered bytes or a file body. */
static bool output_waiting(const tp_conn *c)
{
    return out_pending(c) > 0 ||
           (c->x && c->x->responded && c->x->body_kind == TP_BODY_FILE &&
            !c->x->body_done);
}

static void conn_drive(tp_conn *c)
{
    bool nested = c->flags & TP_CF_IN_LOOP;
    c->flags |= TP_CF_IN_LOOP;
    for (;;) {
        c->flags &= ~TP_CF_KICK;
        if (c->flags & TP_CF_DEAD)
            break;
        if (c->flags & TP_CF_LINGER) {
            if (c->flags & TP_CF_READABLE)
                conn_linger_read(c);
            break;
        }
        bool progress = conn_process(c);
        if (c->flags & TP_CF_DEAD)
            break;
        if (!(c->flags & TP_CF_WRITE_WAIT) && output_waiting(c)) {
            /* Output that drained may let more be produced or more
             * pipelined requests be parsed: that is progress too. */
            if (conn_write(c))
                progress = true;
            if (c->flags & TP_CF_DEAD)
                break;
        }
        if ((c->flags & TP_CF_CLOSING) && !c->x && !output_waiting(c)) {
            conn_begin_linger(c);
            continue;
        }
        if ((c->flags & TP_CF_READABLE) && conn_wants_input(c)) {
            if (conn_read(c))
                progress = true;
        }
        if (!progress && !(c->flags & TP_CF_KICK))
            break;
    }
    if (!nested)
        c->flags &= ~TP_CF_IN_LOOP;
}

void tp_conn_output_ready(tp_conn *c)
{
    if (c->flags & TP_CF_IN_LOOP)
        c->flags |= TP_CF_KICK;
    else
        conn_drive(c);
}

void tp_request_resume(tp_request *x)
{
    if (x->ended)
        return;
    x->resumes++;
    x->stream_waiting = false;
    tp_conn_output_ready(x->conn);
}

/* ---- timers ---- */

void tp_request_timer(tp_request *x, int ms, tp_handler_fn fn, void *arg)
{
    tp_worker *w = x->conn->w;
    timer_unlink(x);
    x->timer_at_ms = w->now_ms + (uint64_t)(ms < 0 ? 0 : ms);
    x->timer_fn = fn;
    x->timer_arg = arg;
    x->timer_pass = w->timer_pass;
    x->timer_next = &w->timers;
    x->timer_prev = w->timers.timer_prev;
    w->timers.timer_prev->timer_next = x;
    w->timers.timer_prev = x;
    x->timer_linked = true;
}

void tp_request_on_done(tp_request *x, tp_handler_fn fn, void *arg)
{
    x->done_fn = fn;
    x->done_arg = arg;
}

/* Fires the timers that were due when the pass began.  A timer armed by a
 * callback during the pass waits for the next iteration, even with a delay
 * of 0, so that a handler polling with short timers cannot starve the
 * sockets.  The list is searched again after every callback, since one may
 * end exchanges (and so unlink their timers) anywhere in it. */
static void run_timers(tp_worker *w)
{
    uint64_t pass = ++w->timer_pass;
    for (;;) {
        tp_request *x = w->timers.timer_next;
        while (x != &w->timers &&
               (x->timer_at_ms > w->now_ms || x->timer_pass >= pass))
            x = x->timer_next;
        if (x == &w->timers)
            break;
        tp_handler_fn fn = x->timer_fn;
        void *arg = x->timer_arg;
        timer_unlink(x);
        tp_conn *c = x->conn;
        if (c->flags & TP_CF_DEAD)
            continue;
        c->flags |= TP_CF_IN_LOOP;
        fn(x, arg);
        if (c->x == x)
            check_answered(x);
        c->flags &= ~TP_CF_IN_LOOP;
        conn_drive(c);
    }
}

static int next_timeout(tp_worker *w)
{
    int t = 1000;
    for (tp_request *x = w->timers.timer_next; x != &w->timers;
         x = x->timer_next) {
        int64_t d = (int64_t)x->timer_at_ms - (int64_t)w->now_ms;
        if (d < 0)
            d = 0;
        if (d < t)
            t = (int)d;
    }
    if (w->stopping && t > 100)
        t = 100;
    return t;
}

/* Expired deadlines: once a second is precise enough for timeouts counted
 * in seconds, and costs one pass over the connections. */
static void sweep(tp_worker *w)
{
    for (tp_conn *c = w->conns.next, *n; c != &w->conns; c = n) {
        if (c->flags & TP_CF_DEAD)
            break; /* the walk reached a connection closed by a handler */
        n = c->next;
        if (c->send_deadline_ms && c->send_deadline_ms <= w->now_ms) {
            /* The client stopped reading what it asked for. */
            tp_conn_abort(c);
            continue;
        }
        if (!c->deadline_ms || c->deadline_ms > w->now_ms)
            continue;
        c->deadline_ms = 0;
        switch (c->deadline_kind) {
        case TP_DL_HEADER:
            c->flags |= TP_CF_IN_LOOP;
            conn_fail(c, 408, "the request head did not arrive in time", 1);
            c->flags &= ~TP_CF_IN_LOOP;
            conn_drive(c);
            break;
        case TP_DL_BODY:
            if (c->x && !c->x->responded) {
                c->flags |= TP_CF_IN_LOOP;
                c->x->close_after = true;
                c->x->body_state = TP_RB_DONE;
                c->flags |= TP_CF_CLOSING;
                tp_respond_error(c->x, 408,
                                 "the request body did not arrive in time");
                c->flags &= ~TP_CF_IN_LOOP;
                conn_drive(c);
            } else {
                tp_conn_abort(c);
            }
            break;
        case TP_DL_HANDLER:
            break;
        default: /* idle, linger: quietly */
            if (c->tunnel && c->deadline_kind == TP_DL_IDLE &&
                !(c->flags & (TP_CF_CLOSING | TP_CF_LINGER))) {
                tunnel_end(c);
                break;
            }
            if (c->deadline_kind == TP_DL_IDLE && output_waiting(c)) {
                /* still sending: the send deadline decides */
                conn_set_deadline(c, TP_DL_IDLE,
                                  w->srv->limits.keepalive_timeout_ms);
                break;
            }
            tp_conn_abort(c);
            break;
        }
    }
}

/* ---- accepting ---- */

/* Connections refused over a limit are told in the error log at most once
 * a second per worker (TP_REFUSED_LOG_MS), with how many there were since
 * the last line: a flood of them must not flood the log.  `one` counts a
 * new refusal; without it, only what is pending is told. */
#define TP_REFUSED_LOG_MS 1000
static void refusals_report(tp_worker *w, bool one)
{
    w->refused += one;
    if (!w->refused || w->now_ms - w->refused_logged_ms < TP_REFUSED_LOG_MS)
        return;
    const tp_limits *l = &w->srv->limits;
    tp_server_log(w->srv, TP_LOG_WARN, "connection limit reached "
                  "(max_connections %d, max_connections_per_client %d): "
                  "%lu new connection%s answered 503 since the last report",
                  l->max_connections, l->max_connections_per_client,
                  w->refused, w->refused == 1 ? "" : "s");
    w->refused = 0;
    w->refused_logged_ms = w->now_ms;
}

static void accept_all(tp_worker *w, int lfd)
{
    tp_server *srv = w->srv;
    for (int i = 0; i < 256; i++) {
        struct sockaddr_storage ss;
        socklen_t sl = sizeof(ss);
        int fd = accept4(lfd, (struct sockaddr *)&ss, &sl,
                         SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0) {
            if (errno == EINTR || errno == ECONNABORTED)
                continue;
            if ((errno == EMFILE || errno == ENFILE) && w->reserve_fd >= 0) {
                /* Out of descriptors: the pending connection would keep the
                 * level-triggered listener ready and the loop spinning.
                 * Spend the reserve to accept it and close it at once. */
                if (w->now_ms - w->emfile_logged_ms >= 1000) {
                    w->emfile_logged_ms = w->now_ms;
                    tp_server_log(srv, TP_LOG_ERROR, "accept: %s; refusing "
                                  "connections", strerror(errno));
                }
                close(w->reserve_fd);
                int victim = accept4(lfd, NULL, NULL, SOCK_CLOEXEC);
                if (victim >= 0)
                    close(victim);
                w->reserve_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
                continue;
            }
            return;
        }
        if (w->stopping) {
            close(fd);
            continue;
        }
        tp_conn *c = calloc(1, sizeof(*c));
        if (!c) {
            close(fd);
            continue;
        }
        int one = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
        c->fd = fd;
        c->w = w;
        if (ss.ss_family == AF_INET) {
            struct sockaddr_in *a = (struct sockaddr_in *)&ss;
            c->peer_family = AF_INET;
            memcpy(c->peer_addr, &a->sin_addr, 4);
            c->peer_port = ntohs(a->sin_port);
        } else if (ss.ss_family == AF_INET6) {
            struct sockaddr_in6 *a = (struct sockaddr_in6 *)&ss;
            c->peer_family = AF_INET6;
            memcpy(c->peer_addr, &a->sin6_addr, 16);
            c->peer_port = ntohs(a->sin6_port);
        }
        c->next = &w->conns;
        c->prev = w->conns.prev;
        w->conns.prev->next = c;
        w->conns.prev = c;
        w->nconns++;
        /* A fresh connection that sends nothing is idle: it is closed
         * quietly after the header timeout. */
        conn_set_deadline(c, TP_DL_IDLE, srv->limits.header_timeout_ms);
        /* Past a connection limit the connection is kept just long enough
         * to answer its first request with 503 and close (RFC 9110
         * 15.6.4): a fast refusal, where silence would leave the client
         * hanging. */
        /* Only connections that are served count: a refused one must not
         * take the place of the next client once the load passes. */
        if (srv->limits.max_connections > 0 &&
            atomic_load_explicit(&srv->nconns, memory_order_relaxed) >=
                srv->limits.max_connections)
            c->flags |= TP_CF_OVER_TOTAL;
        else if (srv->limits.max_connections_per_client > 0) {
            if (peer_acquire(srv, c, srv->limits.max_connections_per_client))
                c->flags |= TP_CF_PEER_COUNTED;
            else
                c->flags |= TP_CF_OVER_PEER;
        }
        if (!(c->flags & (TP_CF_OVER_TOTAL | TP_CF_OVER_PEER))) {
            atomic_fetch_add_explicit(&srv->nconns, 1, memory_order_relaxed);
            c->flags |= TP_CF_COUNTED;
        }
        if (c->flags & (TP_CF_OVER_TOTAL | TP_CF_OVER_PEER)) {
            conn_set_deadline(c, TP_DL_IDLE, TP_REFUSE_MS);
            refusals_report(w, true);
        }
        struct epoll_event ev = {
            .events = EPOLLIN | EPOLLRDHUP | EPOLLET,
            .data.ptr = c,
        };
        if (epoll_ctl(w->epfd, EPOLL_CTL_ADD, fd, &ev) < 0) {
            tp_conn_abort(c);
            continue;
        }
    }
}

static void conn_event(tp_conn *c, uint32_t ev)
{
    if (c->flags & TP_CF_DEAD)
        return; /* closed earlier in this batch */
    if (ev & EPOLLERR) {
        tp_conn_abort(c);
        return;
    }
    if (ev & (EPOLLIN | EPOLLRDHUP | EPOLLHUP))
        c->flags |= TP_CF_READABLE;
    if (ev & (EPOLLRDHUP | EPOLLHUP))
        c->flags |= TP_CF_RDHUP;
    if (ev & EPOLLOUT)
        c->flags &= ~TP_CF_WRITE_WAIT;
    conn_drive(c);
}

/* ---- shutdown ---- */

static void begin_stop(tp_worker *w)
{
    if (w->stopping)
        return;
    w->stopping = true;
    w->stop_deadline_ms = w->now_ms + (uint64_t)w->srv->limits.shutdown_grace_ms;
    for (size_t i = 0; i < w->srv->nlisteners; i++) {
        if (w->listen_fds[i] >= 0) {
            epoll_ctl(w->epfd, EPOLL_CTL_DEL, w->listen_fds[i], NULL);
            close(w->listen_fds[i]);
            w->listen_fds[i] = -1;
        }
    }
    /* Idle connections go now; busy ones close after their response;
     * lingering ones finish their linger. */
    for (tp_conn *c = w->conns.next, *n; c != &w->conns; c = n) {
        n = c->next;
        if (c->flags & TP_CF_LINGER)
            continue;
        if (c->tunnel) {
            tunnel_end(c);
            continue;
        }
        if (!c->x && out_pending(c) == 0 && (!c->in || c->in->start >= c->in->len))
            tp_conn_abort(c);
        else if (c->x)
            c->x->close_after = true;
        else
            c->flags |= TP_CF_CLOSING;
    }
}

int tp_worker_run(tp_worker *w)
{
    struct epoll_event evs[256];
    w->conns.next = w->conns.prev = &w->conns;
    w->timers.timer_next = w->timers.timer_prev = &w->timers;
    w->now_ms = tp_now_ms();
    tp_date_update(w, time(NULL));
    w->last_sweep_ms = w->now_ms;

    for (;;) {
        int n = epoll_wait(w->epfd, evs, 256, next_timeout(w));
        if (n < 0 && errno != EINTR) {
            int e = errno;
            tp_server_log(w->srv, TP_LOG_ERROR, "epoll_wait: %s",
                          strerror(e));
            return -e;
        }
        w->now_ms = tp_now_ms();
        tp_date_update(w, time(NULL));
        for (int i = 0; i < n; i++) {
            uint64_t tag = evs[i].data.u64;
            if (tag == EV_WAKE) {
                uint64_t v;
                if (read(w->wake_fd, &v, sizeof(v)) < 0) {
                    /* nothing to do: the flag below is what counts */
                }
                tp_worker_complete_offloads(w);
                continue;
            }
            if (tag >= EV_LISTENER_BASE &&
                tag < EV_LISTENER_BASE + TP_MAX_LISTENERS) {
                int li = (int)(tag - EV_LISTENER_BASE);
                if (w->listen_fds[li] >= 0)
                    accept_all(w, w->listen_fds[li]);
                continue;
            }
            conn_event(evs[i].data.ptr, evs[i].events);
        }
        if (atomic_load_explicit(&w->srv->stopping, memory_order_relaxed))
            begin_stop(w);
        if (w->timers.timer_next != &w->timers)
            run_timers(w);
        if (w->now_ms - w->last_sweep_ms >= 1000) {
            w->last_sweep_ms = w->now_ms;
            sweep(w);
            refusals_report(w, false);
            /* An idle worker lets go of a replaced site too, so that its
             * files and tables do not outlive a reload by long. */
            tp_worker_site(w);
        }
        reap_dead(w);
        tp_log_flush(w);
        if (w->stopping) {
            if (w->nconns == 0)
                break;
            if (w->now_ms >= w->stop_deadline_ms) {
                for (tp_conn *c = w->conns.next, *nx; c != &w->conns; c = nx) {
                    nx = c->next;
                    tp_conn_abort(c);
                }
                reap_dead(w);
                break;
            }
        }
    }
    tp_log_flush(w);
    while (w->free_bufs) {
        tp_buf *b = w->free_bufs;
        w->free_bufs = b->next_free;
        free(b);
    }
    while (w->free_x) {
        tp_request *x = w->free_x;
        w->free_x = x->next_free;
        free(x);
    }
    return 0;
}

/* Listeners are created in server.c; each worker gets its own sockets. */
int tp_worker_setup(tp_worker *w)
{
    w->reserve_fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
    w->epfd = epoll_create1(EPOLL_CLOEXEC);
    if (w->epfd < 0)
        return -errno;
    w->wake_fd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (w->wake_fd < 0)
        return -errno;
    pthread_mutex_init(&w->done_lock, NULL);
    struct epoll_event ev = {.events = EPOLLIN, .data.u64 = EV_WAKE};
    if (epoll_ctl(w->epfd, EPOLL_CTL_ADD, w->wake_fd, &ev) < 0)
        return -errno;
    for (size_t i = 0; i < w->srv->nlisteners; i++) {
        struct epoll_event lev = {.events = EPOLLIN,
                                  .data.u64 = EV_LISTENER_BASE + i};
        if (epoll_ctl(w->epfd, EPOLL_CTL_ADD, w->listen_fds[i], &lev) < 0)
            return -errno;
    }
    return 0;
}

void tp_worker_wake(tp_worker *w)
{
    uint64_t one = 1;
    if (write(w->wake_fd, &one, sizeof(one)) < 0) {
        /* the counter is saturated: a wake-up is pending anyway */
    }
}
