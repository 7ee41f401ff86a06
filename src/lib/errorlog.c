/*
 * errorlog.c - the error log: what the server has to say about itself
 * (it started, a file could not be reopened, a client was refused, an
 * engine bug), one line per message with its time and level:
 *
 *   2026-11-22T06:40:05Z [error] message
 *   2026-11-22T06:40:05Z [debug] message (client 192.0.2.1, "GET / HTTP/1.1")
 *
 * Any thread may log.  Each line is formatted on the caller's stack and
 * written with one write() to a descriptor opened with O_APPEND, so lines
 * from several threads never mix.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "engine.h"

/* A longer message is cut (and ends with "..."): a line is for reading,
 * and the stack buffer bounds what one call costs. */
#define TP_ERRLOG_LINE_MAX 2048
/* The request target quoted in a request's line, at most; the rest is
 * "...". */
#define TP_ERRLOG_TARGET_MAX 512

static const char *const level_names[] = {"error", "warn", "info", "debug"};

int tp_server_set_error_log(tp_server *srv, const char *path,
                            tp_log_level level)
{
    if ((int)level < TP_LOG_ERROR || level > TP_LOG_DEBUG)
        return -EINVAL;
    int fd = STDERR_FILENO;
    char *copy = NULL;
    bool owned = path && strcmp(path, "-");
    if (owned) {
        if (!*path)
            return -EINVAL;
        if (!(copy = strdup(path)))
            return -ENOMEM;
        fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
        if (fd < 0) {
            int e = errno;
            free(copy);
            return -e;
        }
    }
    if (srv->errlog_owned)
        close(srv->errlog_fd);
    free(srv->errlog_path);
    srv->errlog_fd = fd;
    srv->errlog_owned = owned;
    srv->errlog_path = copy;
    atomic_store(&srv->errlog_level, (int)level);
    return 0;
}

/* Where a line is being formatted; `full` once it reached `end`. */
typedef struct out {
    char *o, *end;
    bool full;
} out;

/* Appends `n` bytes of `p`, each control byte (and, when `quoted`, each
 * byte outside printable ASCII and the quote and backslash) as \xNN: a
 * line stays one line whatever a client sent. */
static void put_text(out *w, const char *p, size_t n, bool quoted)
{
    static const char hex[] = "0123456789ABCDEF";
    for (size_t i = 0; i < n && !w->full; i++) {
        unsigned char ch = (unsigned char)p[i];
        bool esc = ch < 0x20 || ch == 0x7f ||
                   (quoted && (ch >= 0x80 || ch == '"' || ch == '\\'));
        if (w->end - w->o < (esc ? 4 : 1)) {
            w->full = true;
            break;
        }
        if (!esc) {
            *w->o++ = (char)ch;
            continue;
        }
        *w->o++ = '\\';
        *w->o++ = 'x';
        *w->o++ = hex[ch >> 4];
        *w->o++ = hex[ch & 15];
    }
}

static void put_str(out *w, const char *s) { put_text(w, s, strlen(s), false); }

static void write_line(tp_server *srv, tp_log_level level, tp_request *x,
                       const char *fmt, va_list ap)
    __attribute__((format(printf, 4, 0)));

static void write_line(tp_server *srv, tp_log_level level, tp_request *x,
                       const char *fmt, va_list ap)
{
    char msg[TP_ERRLOG_LINE_MAX];
    int ml = vsnprintf(msg, sizeof(msg), fmt, ap);
    if (ml < 0)
        ml = 0;
    bool cut = (size_t)ml >= sizeof(msg);
    size_t mlen = cut ? sizeof(msg) - 1 : (size_t)ml;

    char line[TP_ERRLOG_LINE_MAX];
    /* Room is kept at the end for "...\n". */
    out w = {line, line + sizeof(line) - 4, false};
    struct tm tm;
    time_t now = time(NULL);
    gmtime_r(&now, &tm);
    w.o += strftime(w.o, 32, "%Y-%m-%dT%H:%M:%SZ [", &tm);
    put_str(&w, level_names[level]);
    put_str(&w, "] ");
    put_text(&w, msg, mlen, false);
    if (x) {
        tp_str m = x->head.method, t = x->head.target;
        size_t tl = t.len > TP_ERRLOG_TARGET_MAX ? TP_ERRLOG_TARGET_MAX
                                                 : t.len;
        put_str(&w, " (client ");
        put_str(&w, tp_request_peer(x));
        put_str(&w, ", \"");
        put_text(&w, m.ptr, m.len, true);
        put_str(&w, " ");
        put_text(&w, t.ptr, tl, true);
        if (tl < t.len)
            put_str(&w, "...");
        put_str(&w, x->head.version_minor ? " HTTP/1.1\")" : " HTTP/1.0\")");
    }
    if (cut || w.full) {
        memcpy(w.o, "...", 3);
        w.o += 3;
    }
    *w.o++ = '\n';
    /* One write: a short one (a full disk) loses the rest of this line
     * only, and the server goes on. */
    ssize_t n;
    do
        n = write(srv->errlog_fd, line, (size_t)(w.o - line));
    while (n < 0 && errno == EINTR);
}

void tp_server_log(tp_server *srv, tp_log_level level, const char *fmt, ...)
{
    if (!srv || (int)level < TP_LOG_ERROR || !tp_log_wants(srv, level))
        return;
    va_list ap;
    va_start(ap, fmt);
    write_line(srv, level, NULL, fmt, ap);
    va_end(ap);
}

void tp_request_log(tp_request *x, tp_log_level level, const char *fmt, ...)
{
    tp_server *srv = x->conn->w->srv;
    if ((int)level < TP_LOG_ERROR || !tp_log_wants(srv, level))
        return;
    va_list ap;
    va_start(ap, fmt);
    write_line(srv, level, x, fmt, ap);
    va_end(ap);
}

void tp_log_bug(tp_server *srv, const char *fmt, ...)
{
    char msg[TP_ERRLOG_LINE_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    /* With the error log on standard error, once is enough there. */
    if (srv->errlog_owned)
        fprintf(stderr, "teapot: BUG: %s\n", msg);
    tp_server_log(srv, TP_LOG_ERROR, "BUG: %s", msg);
}
