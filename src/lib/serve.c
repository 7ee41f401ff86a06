/*
 * serve.c - answering GET and HEAD for a representation held in a file or
 * in memory: the validators (ETag, Last-Modified), the preconditions of
 * RFC 9110 13.2.2 (304, 412), Range and If-Range (206 with one part or as
 * multipart/byteranges, 416) and the plain 200.  The writer then applies
 * the framing rules of each code (no content on 304 or to HEAD).
 *
 * The representation's file descriptor is closed, or handed to the engine
 * which closes it, exactly once on every path.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include "engine.h"

/* A multipart boundary: 20 hex digits, far inside the 70 characters of
 * RFC 2046 5.1.1 and unlikely to occur in the data by chance. */
#define TP_BOUNDARY_LEN 20

static void close_fd(int fd)
{
    if (fd >= 0)
        close(fd);
}

/* The time the Date field of this response carries. */
static time_t response_time(const tp_request *req)
{
    if (req->conn && req->conn->w && req->conn->w->date_sec)
        return req->conn->w->date_sec;
    return time(NULL);
}

/*
 * The fields that describe the selected representation, sent alike on
 * 200, 206 (RFC 9110 15.3.7: a 206 carries what a 200 would) and 304
 * (15.4.5: ETag is required there; Last-Modified guides cache updates).
 */
static void add_validators(tp_request *req, const tp_representation *rep)
{
    const tp_validators *v = &rep->validators;
    if (v->etag.len)
        tp_response_headerf(req, "ETag", "%.*s", (int)v->etag.len,
                            v->etag.ptr);
    if (v->last_modified) {
        /* RFC 9110 8.8.2.1: never later than the Date of the message;
         * a modification time in the future is replaced by it. */
        time_t lm = v->last_modified;
        time_t now = response_time(req);
        if (lm > now)
            lm = now;
        char date[32];
        tp_http_date(lm, date);
        tp_response_header(req, "Last-Modified", date);
    }
}

/* The whole representation. */
static void serve_whole(tp_request *req, const tp_representation *rep,
                        int code)
{
    if (rep->fd >= 0)
        tp_respond_file(req, code, rep->content_type, rep->fd, 0,
                        (size_t)rep->length);
    else
        tp_respond_static(req, code, rep->content_type, rep->data,
                          (size_t)rep->length);
}

/* ---- multipart/byteranges (RFC 9110 14.6, 15.3.7.2) ---- */

static pthread_once_t seed_once = PTHREAD_ONCE_INIT;
static uint64_t boundary_seed;
static atomic_uint_fast64_t boundary_counter;

static uint64_t mix64(uint64_t z)
{
    /* splitmix64's finaliser: every input bit reaches every output bit. */
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static void seed_init(void)
{
    uint64_t s = 0;
    if (getrandom(&s, sizeof(s), GRND_NONBLOCK) != (ssize_t)sizeof(s)) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        s = (uint64_t)ts.tv_sec * 1000000007ULL ^ (uint64_t)ts.tv_nsec ^
            (uint64_t)getpid() << 32;
    }
    boundary_seed = s;
}

static void make_boundary(char out[TP_BOUNDARY_LEN + 1])
{
    pthread_once(&seed_once, seed_init);
    uint64_t n = atomic_fetch_add(&boundary_counter, 1);
    uint64_t a = mix64(boundary_seed + n * 0x9e3779b97f4a7c15ULL);
    uint64_t b = mix64(a ^ boundary_seed);
    snprintf(out, TP_BOUNDARY_LEN + 1, "%016" PRIx64 "%04" PRIx64, a,
             b & 0xffff);
}

typedef struct mp_part {
    const char *head; /* "--B\r\nContent-Type: ...\r\nContent-Range: ...\r\n\r\n" */
    size_t head_len;
    uint64_t first, last;
} mp_part;

enum mp_phase { MP_HEAD, MP_DATA, MP_CRLF, MP_CLOSE, MP_DONE };

typedef struct mp_state {
    int fd;           /* owned by the exchange (x->body_fd), not closed here */
    const char *data; /* or the bytes in memory */
    size_t nparts, part;
    enum mp_phase phase;
    uint64_t off; /* within the current piece */
    char close[2 + TP_BOUNDARY_LEN + 4 + 1]; /* "--B--\r\n" */
    size_t close_len;
    mp_part parts[TP_MAX_RANGES];
} mp_state;

static size_t take(char *dst, size_t cap, const char *src, size_t len,
                   uint64_t *off)
{
    size_t n = len - (size_t)*off;
    if (n > cap)
        n = cap;
    memcpy(dst, src + *off, n);
    *off += n;
    return n;
}

static ssize_t mp_produce(tp_request *req, char *buf, size_t cap, void *arg)
{
    mp_state *st = arg;
    size_t w = 0;
    while (w < cap && st->phase != MP_DONE) {
        mp_part *p = &st->parts[st->part];
        switch (st->phase) {
        case MP_HEAD:
            w += take(buf + w, cap - w, p->head, p->head_len, &st->off);
            if (st->off == p->head_len) {
                st->phase = MP_DATA;
                st->off = 0;
            }
            break;
        case MP_DATA: {
            uint64_t left = p->last - p->first + 1 - st->off;
            size_t n = left < cap - w ? (size_t)left : cap - w;
            if (st->fd >= 0) {
                ssize_t r = pread(st->fd, buf + w, n,
                                  (off_t)(p->first + st->off));
                if (r < 0 && errno == EINTR)
                    continue;
                /* A file that shrank or failed: the Content-Length already
                 * sent cannot be kept, so the connection is aborted. */
                if (r <= 0) {
                    tp_request_log(req, TP_LOG_ERROR, "multipart read: %s",
                                   r < 0 ? strerror(errno)
                                         : "file truncated");
                    return -1;
                }
                n = (size_t)r;
            } else {
                memcpy(buf + w, st->data + p->first + st->off, n);
            }
            w += n;
            st->off += n;
            if (st->off == p->last - p->first + 1) {
                st->phase = MP_CRLF;
                st->off = 0;
            }
            break;
        }
        case MP_CRLF:
            w += take(buf + w, cap - w, "\r\n", 2, &st->off);
            if (st->off == 2) {
                st->off = 0;
                st->phase = ++st->part < st->nparts ? MP_HEAD : MP_CLOSE;
            }
            break;
        case MP_CLOSE:
            w += take(buf + w, cap - w, st->close, st->close_len, &st->off);
            if (st->off == st->close_len)
                st->phase = MP_DONE;
            break;
        case MP_DONE:
            break;
        }
    }
    return (ssize_t)w;
}

/* A part's delimiter and header section: each part names its media type
 * and its range (RFC 9110 14.6). */
static int part_head(char *buf, size_t cap, const char *boundary,
                     const tp_representation *rep, const mp_part *p)
{
    const char *ct = rep->content_type;
    return snprintf(buf, cap,
                    "--%s\r\n%s%s%sContent-Range: bytes %" PRIu64 "-%" PRIu64
                    "/%" PRIu64 "\r\n\r\n",
                    boundary, ct ? "Content-Type: " : "", ct ? ct : "",
                    ct ? "\r\n" : "", p->first, p->last, rep->length);
}

static void serve_multipart(tp_request *req, const tp_representation *rep,
                            const tp_range_set *set)
{
    mp_state *st = tp_request_alloc(req, sizeof(*st));
    char boundary[TP_BOUNDARY_LEN + 1];
    make_boundary(boundary);
    if (!st)
        goto fail;
    memset(st, 0, sizeof(*st));
    st->fd = rep->fd;
    st->data = rep->data;
    st->nparts = set->n;
    st->close_len = (size_t)snprintf(st->close, sizeof(st->close),
                                     "--%s--\r\n", boundary);

    /* Every part's header is built now, so that the Content-Length is
     * exact before the first byte is sent. */
    uint64_t total = st->close_len;
    for (size_t k = 0; k < set->n; k++) {
        mp_part *p = &st->parts[k];
        p->first = set->r[k].first;
        p->last = set->r[k].last;
        int n = part_head(NULL, 0, boundary, rep, p);
        char *h = n > 0 ? tp_request_alloc(req, (size_t)n + 1) : NULL;
        if (!h)
            goto fail;
        part_head(h, (size_t)n + 1, boundary, rep, p);
        p->head = h;
        p->head_len = (size_t)n;
        total += p->head_len + (p->last - p->first + 1) + 2;
    }
    char mtype[64];
    snprintf(mtype, sizeof(mtype), "multipart/byteranges; boundary=%s",
             boundary);
    char *ctype = tp_request_strdup(req, (tp_str){mtype, strlen(mtype)});
    if (!ctype)
        goto fail;
    /* The engine closes the file when the exchange ends, however it
     * ends; the producer only reads it. */
    if (rep->fd >= 0)
        req->body_fd = rep->fd;
    tp_respond_stream(req, 206, ctype, (int64_t)total, mp_produce, st);
    return;
fail:
    close_fd(rep->fd);
    tp_respond_error(req, 500, "out of memory building a multipart response");
}

/* ---- the whole exchange ---- */

void tp_serve(tp_request *req, const tp_representation *rep)
{
    const tp_validators *v = &rep->validators;
    if (rep->fd < 0 && !rep->data && rep->length) {
        tp_respond_error(req, 500, "representation without its bytes");
        return;
    }

    /* RFC 9110 13.2.2 steps 1-4. */
    int pre = tp_cond_evaluate(req, v);
    if (pre == 412) {
        /* The failed precondition is the answer; the representation is not
         * what this response describes, so its validators stay off. */
        close_fd(rep->fd);
        tp_respond_error(req, 412, NULL);
        return;
    }
    /* RFC 9110 14.3: the resource supports byte ranges. */
    if (rep->ranges)
        tp_response_header(req, "Accept-Ranges", "bytes");
    if (pre == 304) {
        add_validators(req, rep);
        close_fd(rep->fd);
        tp_respond_static(req, 304, NULL, NULL, 0);
        return;
    }

    /* Step 5.  RFC 9110 14.2: "A server MUST ignore a Range header field
     * received with a request method that is unrecognized or for which
     * range handling is not defined", and range handling is defined for
     * GET only: a HEAD gets the 200 header section.  A Range field sent
     * twice is not a valid ranges-specifier, so it is ignored too. */
    tp_str range = {0};
    size_t nrange = 0;
    size_t count = tp_request_header_count(req);
    for (size_t f = 0; f < count; f++) {
        tp_str fn, fv;
        tp_request_header_at(req, f, &fn, &fv);
        if (fn.len == 5 && !strncasecmp(fn.ptr, "Range", 5)) {
            range = fv;
            nrange++;
        }
    }
    if (rep->ranges && nrange == 1 && req->head.method_id == TP_M_GET &&
        tp_cond_if_range(req, v)) {
        tp_range_set set;
        int code = tp_range_parse(range, rep->length, &set);
        if (code == 416) {
            /* RFC 9110 15.5.17: Content-Range names the current length. */
            close_fd(rep->fd);
            tp_response_headerf(req, "Content-Range", "bytes */%" PRIu64,
                                rep->length);
            tp_respond_error(req, 416, NULL);
            return;
        }
        if (code == 206) {
            add_validators(req, rep);
            if (set.n > 1) {
                serve_multipart(req, rep, &set);
                return;
            }
            /* One range: a single part with Content-Range in the header
             * section (RFC 9110 15.3.7.1); a multipart for one range is
             * forbidden (15.3.7.2). */
            const tp_range *r = &set.r[0];
            size_t len = (size_t)(r->last - r->first + 1);
            tp_response_headerf(req, "Content-Range",
                                "bytes %" PRIu64 "-%" PRIu64 "/%" PRIu64,
                                r->first, r->last, rep->length);
            if (rep->fd >= 0)
                tp_respond_file(req, 206, rep->content_type, rep->fd,
                                (off_t)r->first, len);
            else
                tp_respond_static(req, 206, rep->content_type,
                                  (const char *)rep->data + r->first, len);
            return;
        }
    }
    add_validators(req, rep);
    serve_whole(req, rep, 200);
}
