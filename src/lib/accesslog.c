/*
 * accesslog.c - the access log, in the Combined Log Format that Apache
 * httpd and nginx write, so that existing log tools read it:
 *
 *   host ident user [time] "request line" status bytes "referer" "agent"
 *
 * Each worker formats lines into its own buffer and writes them with one
 * write() per loop iteration; lines never interleave because each write
 * holds whole lines and the file is opened with O_APPEND.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "engine.h"

#define TP_LOG_FLUSH_AT 32768

static bool log_reserve(tp_worker *w, size_t n)
{
    if (w->log_cap - w->log_len >= n)
        return true;
    size_t cap = w->log_cap ? w->log_cap * 2 : 65536;
    while (cap - w->log_len < n)
        cap *= 2;
    char *nb = realloc(w->log_buf, cap);
    if (!nb)
        return false;
    w->log_buf = nb;
    w->log_cap = cap;
    return true;
}

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

static void log_line(tp_worker *w, const tp_conn *c, const tp_request *x,
                     int status, int64_t bytes)
{
    char tmp[96];
    char peer[48];
    peer_text(c, peer);
    log_time(w);
    put_cstr(w, peer);
    put_cstr(w, " - - [");
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
    if (w->log_len >= TP_LOG_FLUSH_AT)
        tp_log_flush(w);
}

void tp_log_exchange(tp_request *x)
{
    tp_worker *w = x->conn->w;
    if (w->srv->log_fd < 0)
        return;
    log_line(w, x->conn, x, x->status, x->bytes_sent);
}

void tp_log_bare(tp_conn *c, int code, size_t bytes)
{
    if (c->w->srv->log_fd < 0)
        return;
    log_line(c->w, c, NULL, code, (int64_t)bytes);
}

void tp_log_flush(tp_worker *w)
{
    if (!w->log_len || w->srv->log_fd < 0)
        return;
    size_t off = 0;
    while (off < w->log_len) {
        ssize_t n = write(w->srv->log_fd, w->log_buf + off, w->log_len - off);
        if (n < 0 && errno == EINTR)
            continue; /* a signal (log rotation) is no reason to drop lines */
        if (n <= 0)
            break; /* a full disk must not stop the server */
        off += (size_t)n;
    }
    w->log_len = 0;
}
