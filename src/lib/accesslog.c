/*
 * accesslog.c - the access logs: one line per exchange, in the Combined
 * Log Format that Apache httpd and nginx write, so that existing log tools
 * read it,
 *
 *   client ident user [time] "request line" status bytes "referer" "agent"
 *
 * or as one JSON object per line, for tools that would rather not parse
 * that.  A site has a log, and each of its hosts may have its own.
 *
 * Each worker formats lines into its own buffer, which holds the lines of
 * one file at a time, and writes them with one write() per loop iteration
 * (or when a line for another file comes); lines never interleave because
 * each write holds whole lines and the files are opened with O_APPEND.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <arpa/inet.h>
#include <fcntl.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "engine.h"

/* A buffer this full is written at once, not at the end of the loop
 * iteration. */
#define TP_LOG_FLUSH_AT 32768
#define TP_LOG_BUF_FIRST 65536

struct tp_logfile tp_log_off = {.fd = -1};

/* ---- the files ---- */

static bool same_file(const struct tp_logfile *lf, const char *path,
                      tp_log_format format)
{
    return lf->format == format && !strcmp(lf->path, path);
}

struct tp_logfile *tp_logfile_open(tp_server *srv, const char *path,
                                   tp_log_format format)
{
    if (!path || !*path) {
        errno = EINVAL;
        return NULL;
    }
    pthread_mutex_lock(&srv->logs_lock);
    for (struct tp_logfile *lf = srv->logs; lf; lf = lf->next)
        if (same_file(lf, path, format)) {
            atomic_fetch_add(&lf->refs, 1);
            pthread_mutex_unlock(&srv->logs_lock);
            return lf;
        }
    pthread_mutex_unlock(&srv->logs_lock);

    bool out = !strcmp(path, "-");
    size_t pl = strlen(path);
    struct tp_logfile *lf = calloc(1, sizeof(*lf) + pl + 1);
    if (!lf)
        return NULL;
    memcpy(lf->path, path, pl + 1);
    lf->srv = srv;
    lf->format = format;
    atomic_init(&lf->refs, 1);
    lf->fd = STDOUT_FILENO;
    if (!out) {
        lf->fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
        if (lf->fd < 0) {
            int e = errno;
            free(lf);
            errno = e;
            return NULL;
        }
        lf->owned = true;
    }
    /* Only the thread that builds sites opens files, so no other one can
     * have added the same file meanwhile. */
    pthread_mutex_lock(&srv->logs_lock);
    lf->next = srv->logs;
    srv->logs = lf;
    pthread_mutex_unlock(&srv->logs_lock);
    return lf;
}

/* The last reference closes the file: whichever thread lets go last (a
 * site freed after its last request, or a worker after writing the lines
 * it held).  The count drops under the lock, so that tp_logfile_open never
 * finds a file on its way out. */
void tp_logfile_release(struct tp_logfile *lf)
{
    if (!lf || lf == &tp_log_off)
        return;
    tp_server *srv = lf->srv;
    pthread_mutex_lock(&srv->logs_lock);
    bool last = atomic_fetch_sub(&lf->refs, 1) == 1;
    if (last)
        for (struct tp_logfile **p = &srv->logs; *p; p = &(*p)->next)
            if (*p == lf) {
                *p = lf->next;
                break;
            }
    pthread_mutex_unlock(&srv->logs_lock);
    if (!last)
        return;
    if (lf->owned)
        close(lf->fd);
    free(lf);
}

/* ---- the worker's buffer ---- */

static bool log_reserve(tp_worker *w, size_t n)
{
    if (w->log_cap - w->log_len >= n)
        return true;
    size_t cap = w->log_cap ? w->log_cap * 2 : TP_LOG_BUF_FIRST;
    while (cap - w->log_len < n)
        cap *= 2;
    char *nb = realloc(w->log_buf, cap);
    if (!nb)
        return false;
    w->log_buf = nb;
    w->log_cap = cap;
    return true;
}

void tp_log_flush(tp_worker *w)
{
    struct tp_logfile *lf = w->log_file;
    if (!lf)
        return;
    size_t off = 0;
    while (off < w->log_len) {
        ssize_t n = write(lf->fd, w->log_buf + off, w->log_len - off);
        if (n < 0 && errno == EINTR)
            continue; /* a signal (log rotation) is no reason to drop lines */
        if (n <= 0)
            break; /* a full disk must not stop the server */
        off += (size_t)n;
    }
    w->log_len = 0;
    /* Nobody else holds it: its site is gone (a reload moved the log), so
     * the file is closed now rather than with this worker's next line. */
    if (atomic_load_explicit(&lf->refs, memory_order_acquire) == 1) {
        w->log_file = NULL;
        tp_logfile_release(lf);
    }
}

/* Makes the buffer the one for lf's lines, writing out another file's
 * lines first. */
static void log_to(tp_worker *w, struct tp_logfile *lf)
{
    if (w->log_file == lf)
        return;
    struct tp_logfile *old = w->log_file;
    if (old) {
        tp_log_flush(w);
        if (w->log_file)
            tp_logfile_release(old);
    }
    /* The exchange's site holds lf, so the count is above 0 here. */
    atomic_fetch_add(&lf->refs, 1);
    w->log_file = lf;
}

void tp_log_worker_done(tp_worker *w)
{
    tp_log_flush(w);
    tp_logfile_release(w->log_file);
    w->log_file = NULL;
    free(w->log_buf);
    w->log_buf = NULL;
    w->log_len = w->log_cap = 0;
}

/* The file for x's line: its host's, else its site's; NULL: none. */
static struct tp_logfile *exchange_file(const tp_request *x)
{
    struct tp_logfile *lf = x->host && x->host->log ? x->host->log
                            : x->site              ? x->site->log
                                                   : NULL;
    return lf && lf->fd >= 0 ? lf : NULL;
}

/* ---- Combined Log Format ---- */

static void log_time(tp_worker *w)
{
    time_t now = w->date_sec;
    if (now == w->log_sec && w->log_date[0])
        return;
    w->log_sec = now;
    struct tm tm;
    localtime_r(&now, &tm);
    strftime(w->log_date, sizeof(w->log_date), "%d/%b/%Y:%H:%M:%S %z", &tm);
}

/* Quotes a request-controlled string so that a log line stays one line and
 * its fields stay separable. */
static void put_escaped(tp_worker *w, const char *p, size_t n)
{
    if (!log_reserve(w, n * 4 + 1))
        return;
    char *o = w->log_buf + w->log_len;
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)p[i];
        if (ch == '"' || ch == '\\' || ch < 0x20 || ch >= 0x7f) {
            o += sprintf(o, "\\x%02X", ch);
        } else {
            *o++ = (char)ch;
        }
    }
    w->log_len = (size_t)(o - w->log_buf);
}

static void put_raw(tp_worker *w, const char *s, size_t n)
{
    if (!log_reserve(w, n))
        return;
    memcpy(w->log_buf + w->log_len, s, n);
    w->log_len += n;
}

static void put_cstr(tp_worker *w, const char *s) { put_raw(w, s, strlen(s)); }

static void peer_text(const tp_conn *c, char out[48])
{
    if (!inet_ntop(c->peer_family == AF_INET6 ? AF_INET6 : AF_INET,
                   c->peer_addr, out, 48))
        strcpy(out, "-");
}

static void combined_line(tp_worker *w, const tp_conn *c, const tp_request *x,
                          int status, int64_t bytes)
{
    char tmp[96];
    char peer[48];
    peer_text(c, peer);
    log_time(w);
    put_cstr(w, peer);
    const char *user = x ? x->user : NULL;
    if (user) {
        put_cstr(w, " - ");
        put_escaped(w, user, strlen(user));
        put_cstr(w, " [");
    } else {
        put_cstr(w, " - - [");
    }
    put_cstr(w, w->log_date);
    put_cstr(w, "] \"");
    if (x) {
        put_escaped(w, x->head.method.ptr, x->head.method.len);
        put_raw(w, " ", 1);
        put_escaped(w, x->head.target.ptr, x->head.target.len);
        put_cstr(w, x->head.version_minor ? " HTTP/1.1" : " HTTP/1.0");
    } else {
        put_raw(w, "-", 1);
    }
    int n = bytes > 0 ? snprintf(tmp, sizeof(tmp), "\" %d %lld \"", status,
                                 (long long)bytes)
                      : snprintf(tmp, sizeof(tmp), "\" %d - \"", status);
    put_raw(w, tmp, (size_t)n);
    tp_str v;
    if (x && tp_request_header(x, "Referer", &v))
        put_escaped(w, v.ptr, v.len);
    else
        put_raw(w, "-", 1);
    put_cstr(w, "\" \"");
    if (x && tp_request_header(x, "User-Agent", &v))
        put_escaped(w, v.ptr, v.len);
    else
        put_raw(w, "-", 1);
    put_cstr(w, "\"\n");
}

/* ---- JSON ---- */

/* The length of the well-formed UTF-8 sequence at p (RFC 3629 4: no
 * overlong forms, no surrogates, nothing above U+10FFFF), or 0. */
static size_t utf8_seq(const unsigned char *p, size_t n)
{
    unsigned char c = p[0];
    if (c < 0x80)
        return 1;
    size_t len;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
        len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        if (c == 0xE0)
            lo = 0xA0;
        else if (c == 0xED)
            hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        if (c == 0xF0)
            lo = 0x90;
        else if (c == 0xF4)
            hi = 0x8F;
    } else {
        return 0;
    }
    if (n < len || p[1] < lo || p[1] > hi)
        return 0;
    for (size_t i = 2; i < len; i++)
        if (p[i] < 0x80 || p[i] > 0xBF)
            return 0;
    return len;
}

/* A request-controlled string as a JSON string: UTF-8 as it is, and each
 * byte that is not part of UTF-8 as the text \xNN, so that the line stays
 * valid JSON and loses nothing.  A backslash is written \x5C as well, so
 * that the text reads back unambiguously. */
static json_t *text_value(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t i = 0, k;
    while (i < n && p[i] != '\\' && (k = utf8_seq(p + i, n - i)))
        i += k;
    if (i == n)
        return json_stringn_nocheck(s, n);
    char *buf = malloc(n * 4 + 1);
    if (!buf)
        return NULL;
    memcpy(buf, s, i);
    size_t o = i;
    while (i < n) {
        k = p[i] == '\\' ? 0 : utf8_seq(p + i, n - i);
        if (k) {
            memcpy(buf + o, s + i, k);
            o += k;
            i += k;
        } else {
            o += (size_t)sprintf(buf + o, "\\x%02X", p[i]);
            i++;
        }
    }
    json_t *j = json_stringn_nocheck(buf, o);
    free(buf);
    return j;
}

static json_t *field_value(const tp_request *x, const char *name)
{
    tp_str v;
    if (!x || !tp_request_header(x, name, &v))
        return NULL;
    return text_value(v.ptr, v.len);
}

/* RFC 3339 in UTC with milliseconds: 2026-11-22T06:40:05.123Z. */
static void json_time(tp_worker *w, char out[32])
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    if (ts.tv_sec != w->log_json_sec || !w->log_json_date[0]) {
        struct tm tm;
        w->log_json_sec = ts.tv_sec;
        gmtime_r(&ts.tv_sec, &tm);
        strftime(w->log_json_date, sizeof(w->log_json_date),
                 "%Y-%m-%dT%H:%M:%S", &tm);
    }
    snprintf(out, 32, "%s.%03dZ", w->log_json_date,
             (int)(ts.tv_nsec / 1000000));
}

static void json_line(tp_worker *w, const tp_conn *c, const tp_request *x,
                      int status, int64_t bytes)
{
    char peer[48], when[32];
    peer_text(c, peer);
    json_time(w, when);
    json_t *user = NULL, *host = NULL, *method = NULL, *target = NULL,
           *proto = NULL, *duration = NULL;
    if (x) {
        if (x->user)
            user = text_value(x->user, strlen(x->user));
        if (x->head.host.len)
            host = text_value(x->head.host.ptr, x->head.host.len);
        method = text_value(x->head.method.ptr, x->head.method.len);
        target = text_value(x->head.target.ptr, x->head.target.len);
        proto = json_string(x->head.version_minor ? "HTTP/1.1" : "HTTP/1.0");
        uint64_t now = tp_now_ms();
        duration = json_real(now > x->started_ms
                                 ? (double)(now - x->started_ms)
                                 : 0.0);
    }
    json_t *o = json_pack("{s:s, s:s, s:o?, s:o?, s:o?, s:o?, s:o?, s:i, "
                          "s:I, s:o?, s:o?, s:o?}",
                          "time", when, "client", peer, "user", user,
                          "host", host, "method", method, "target", target,
                          "protocol", proto, "status", status,
                          "bytes", (json_int_t)(bytes > 0 ? bytes : 0),
                          "duration_ms", duration,
                          "referer", field_value(x, "Referer"),
                          "user_agent", field_value(x, "User-Agent"));
    if (!o)
        return; /* out of memory: json_pack let go of the values */
    size_t room = w->log_cap - w->log_len;
    size_t need = json_dumpb(o, w->log_buf ? w->log_buf + w->log_len : NULL,
                             room, JSON_COMPACT);
    if (need && need + 1 > room) {
        if (log_reserve(w, need + 1))
            need = json_dumpb(o, w->log_buf + w->log_len, need, JSON_COMPACT);
        else
            need = 0;
    }
    json_decref(o);
    if (need) {
        w->log_len += need;
        w->log_buf[w->log_len++] = '\n';
    }
}

/* ---- lines ---- */

static void log_line(tp_worker *w, struct tp_logfile *lf, const tp_conn *c,
                     const tp_request *x, int status, int64_t bytes)
{
    log_to(w, lf);
    if (lf->format == TP_LOG_JSON)
        json_line(w, c, x, status, bytes);
    else
        combined_line(w, c, x, status, bytes);
    if (w->log_len >= TP_LOG_FLUSH_AT)
        tp_log_flush(w);
}

void tp_log_exchange(tp_request *x)
{
    struct tp_logfile *lf = exchange_file(x);
    if (lf)
        log_line(x->conn->w, lf, x->conn, x, x->status, x->bytes_sent);
}

void tp_log_bare(tp_conn *c, int code, size_t bytes)
{
    /* No exchange, so no host: the current site's log. */
    tp_site *site = tp_worker_site(c->w);
    if (site && site->log && site->log->fd >= 0)
        log_line(c->w, site->log, c, NULL, code, (int64_t)bytes);
}
