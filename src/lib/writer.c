/*
 * writer.c - the response writer: the one place that knows the framing
 * rules of RFC 9110 and RFC 9112 for every status code.
 *
 * Whatever a handler asks for, what goes on the wire obeys:
 *   - 1xx, 204 and 304 never carry content, Content-Length or
 *     Transfer-Encoding (RFC 9110 6.4.1, 8.6; RFC 9112 6.1), nor
 *     Content-Type, which would describe content that is not there;
 *   - 205 carries no content and says so with Content-Length: 0
 *     (RFC 9110 15.3.6);
 *   - a response to HEAD has the header fields GET would have, Content-Length
 *     included, and no content (RFC 9110 9.3.2);
 *   - every response has Date (RFC 9110 6.6.1);
 *   - a body of unknown length is chunked to an HTTP/1.1 client and
 *     delimited by closing the connection for an HTTP/1.0 one (RFC 9112 6.3,
 *     7.1), and whenever the server will close it says Connection: close
 *     (RFC 9112 9.6);
 *   - a 4xx or 5xx without content gets a short explanation in the media
 *     type the request's Accept prefers;
 *   - 1xx go only to HTTP/1.1 clients (RFC 9110 15.2);
 *   - a code whose definition requires a header field (405 Allow, 401
 *     WWW-Authenticate, ...) that the response lacks is reported as a bug.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <jansson.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "engine.h"

atomic_ulong tp_bug_count;

/* ---- status lines, built once ---- */

static char *status_lines[600];
static unsigned char status_line_len[600];
static pthread_once_t status_once = PTHREAD_ONCE_INIT;

static void build_status_lines(void)
{
    for (int code = 100; code < 600; code++) {
        /* An unregistered code gets an empty reason phrase (RFC 9112 4
         * allows it) rather than the class's phrase, which would claim a
         * meaning the sender did not choose. */
        const tp_status_info *si = tp_status_lookup(code);
        const char *reason = si ? si->reason : "";
        char tmp[128];
        int n = snprintf(tmp, sizeof(tmp), "HTTP/1.1 %d %s\r\n", code, reason);
        status_lines[code] = strdup(tmp);
        status_line_len[code] = (unsigned char)n;
    }
}

size_t tp_status_line(char *dst, int code)
{
    pthread_once(&status_once, build_status_lines);
    if (code < 100 || code > 599)
        code = 500;
    memcpy(dst, status_lines[code], status_line_len[code]);
    return status_line_len[code];
}

static size_t fmt_u64(char *dst, uint64_t v)
{
    char tmp[24];
    size_t n = 0;
    do {
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    for (size_t i = 0; i < n; i++)
        dst[i] = tmp[n - 1 - i];
    return n;
}

/* ---- header fields set by handlers ---- */

/* The engine owns these: a handler's value could only contradict the
 * framing the writer chooses. */
static bool engine_owned(const char *name)
{
    return !strcasecmp(name, "Date") || !strcasecmp(name, "Content-Length") ||
           !strcasecmp(name, "Transfer-Encoding") ||
           !strcasecmp(name, "Server") || !strcasecmp(name, "Connection") ||
           !strcasecmp(name, "Keep-Alive");
}

static bool valid_field(const char *name, const char *value)
{
    if (!*name)
        return false;
    for (const unsigned char *p = (const unsigned char *)name; *p; p++)
        if (*p <= 0x20 || *p >= 0x7f || strchr("\"(),/:;<=>?@[\\]{}", *p))
            return false;
    for (const unsigned char *p = (const unsigned char *)value; *p; p++)
        if ((*p < 0x20 && *p != '\t') || *p == 0x7f)
            return false;
    return true;
}

static int add_field(tp_request *x, const char *name, size_t nl,
                     const char *value, size_t vl)
{
    if (x->nfields >= TP_MAX_RESP_FIELDS)
        return -ENOSPC;
    tp_resp_field *f = &x->fields[x->nfields++];
    f->name = name;
    f->name_len = nl;
    f->value = value;
    f->value_len = vl;
    return 0;
}

int tp_response_header(tp_request *x, const char *name, const char *value)
{
    if (x->responded)
        return -EALREADY;
    if (!valid_field(name, value))
        return -EINVAL;
    if (!strcasecmp(name, "Connection")) {
        if (strcasecmp(value, "close") != 0)
            return -EINVAL;
        x->close_after = true;
        return 0;
    }
    if (engine_owned(name))
        return -EINVAL;
    tp_str n = {name, strlen(name)}, v = {value, strlen(value)};
    char *nc = tp_request_strdup(x, n), *vc = tp_request_strdup(x, v);
    if (!nc || !vc)
        return -ENOMEM;
    return add_field(x, nc, n.len, vc, v.len);
}

int tp_response_headerf(tp_request *x, const char *name, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof(buf))
        return -E2BIG;
    return tp_response_header(x, name, buf);
}

static const tp_resp_field *find_field(const tp_request *x, const char *name)
{
    for (unsigned i = 0; i < x->nfields; i++)
        if (!strcasecmp(x->fields[i].name, name))
            return &x->fields[i];
    return NULL;
}

/* Vary is a list: what the explanation varies on joins a Vary the handler
 * set already, in one field line. */
static bool list_has_token(const char *list, size_t n, const char *tok,
                           size_t tl)
{
    for (size_t i = 0; i + tl <= n; i++) {
        bool start = i == 0 || list[i - 1] == ',' || list[i - 1] == ' ';
        bool end = i + tl == n || list[i + tl] == ',' || list[i + tl] == ' ';
        if (start && end && !strncasecmp(list + i, tok, tl))
            return true;
    }
    return false;
}

static void add_vary(tp_request *x, const char *tokens)
{
    tp_resp_field *v = (tp_resp_field *)find_field(x, "Vary");
    size_t tl = strlen(tokens);
    if (!v) {
        add_field(x, "Vary", 4, tokens, tl);
        return;
    }
    /* Only the tokens not listed yet. */
    char fresh[64] = "";
    size_t fl = 0;
    for (const char *t = tokens; *t;) {
        size_t n = strcspn(t, ", ");
        if (n && !list_has_token(v->value, v->value_len, t, n) &&
            fl + n + 2 < sizeof(fresh)) {
            if (fl)
                fl += (size_t)snprintf(fresh + fl, sizeof(fresh) - fl, ", ");
            memcpy(fresh + fl, t, n);
            fl += n;
            fresh[fl] = '\0';
        }
        t += n;
        while (*t == ',' || *t == ' ')
            t++;
    }
    if (!fl)
        return;
    tokens = fresh;
    tl = fl;
    char *joined = tp_request_alloc(x, v->value_len + 2 + tl + 1);
    if (!joined) {
        add_field(x, "Vary", 4, tokens, tl);
        return;
    }
    memcpy(joined, v->value, v->value_len);
    memcpy(joined + v->value_len, ", ", 2);
    memcpy(joined + v->value_len + 2, tokens, tl + 1);
    v->value = joined;
    v->value_len += 2 + tl;
}

int tp_response_header_remove(tp_request *x, const char *name)
{
    if (x->responded)
        return 0;
    unsigned kept = 0;
    int removed = 0;
    for (unsigned i = 0; i < x->nfields; i++) {
        if (!strcasecmp(x->fields[i].name, name))
            removed++;
        else
            x->fields[kept++] = x->fields[i];
    }
    x->nfields = kept;
    return removed;
}

static bool has_field(const char *name, void *ctx)
{
    tp_request *x = ctx;
    if (find_field(x, name))
        return true;
    /* The writer adds "Connection: upgrade" next to Upgrade itself
     * (RFC 9110 7.8). */
    if (!strcasecmp(name, "Connection"))
        return find_field(x, "Upgrade") != NULL;
    /* A multipart/byteranges 206 carries Content-Range in each part, not in
     * the header section (RFC 9110 15.3.7.2). */
    if (!strcasecmp(name, "Content-Range")) {
        const tp_resp_field *ct = find_field(x, "Content-Type");
        return ct && !strncasecmp(ct->value, "multipart/byteranges", 20);
    }
    return false;
}

bool tp_trailer_forbidden(const char *name)
{
    static const char *const forbidden[] = {
        /* framing and connection */
        "Content-Length", "Transfer-Encoding", "Trailer", "TE", "Connection",
        "Keep-Alive", "Upgrade", "Proxy-Connection",
        /* routing and request modifiers */
        "Host", "Cache-Control", "Expect", "Max-Forwards", "Pragma", "Range",
        "If-Match", "If-None-Match", "If-Modified-Since",
        "If-Unmodified-Since", "If-Range",
        /* authentication */
        "Authorization", "Proxy-Authorization", "WWW-Authenticate",
        "Proxy-Authenticate", "Authentication-Info",
        "Proxy-Authentication-Info", "Cookie", "Set-Cookie",
        /* response control data */
        "Age", "Date", "Expires", "Location", "Retry-After", "Vary",
        "Warning",
        /* how to process the content */
        "Content-Type", "Content-Encoding", "Content-Range",
        "Content-Language", "Content-Location",
    };
    for (size_t i = 0; i < sizeof(forbidden) / sizeof(forbidden[0]); i++)
        if (!strcasecmp(name, forbidden[i]))
            return true;
    return false;
}

int tp_response_trailer(tp_request *x, const char *name, const char *value)
{
    if (x->ended || x->body_done)
        return -EALREADY;
    if (!valid_field(name, value) || tp_trailer_forbidden(name))
        return -EINVAL;
    if (x->ntrailers >= TP_MAX_TRAILERS)
        return -ENOSPC;
    tp_str n = {name, strlen(name)}, v = {value, strlen(value)};
    char *nc = tp_request_strdup(x, n), *vc = tp_request_strdup(x, v);
    if (!nc || !vc)
        return -ENOMEM;
    x->trailers[x->ntrailers++] = (tp_resp_field){nc, vc, n.len, v.len};
    return 0;
}

/* ---- serialising ---- */

static size_t head_size(const tp_request *x, size_t extra)
{
    size_t n = 64 + 40 + sizeof(TP_SERVER_NAME) + 16 + extra;
    for (unsigned i = 0; i < x->nfields; i++)
        n += x->fields[i].name_len + x->fields[i].value_len + 4;
    return n + 128;
}

static char *put(char *p, const char *s, size_t n)
{
    if (n)
        memcpy(p, s, n);
    return p + n;
}
#define PUTLIT(p, lit) put((p), (lit), sizeof(lit) - 1)

static char *put_common(char *p, tp_worker *w, int code)
{
    p += tp_status_line(p, code);
    p = PUTLIT(p, "Date: ");
    p = put(p, w->date, 29);
    p = PUTLIT(p, "\r\nServer: " TP_SERVER_NAME "\r\n");
    return p;
}

/* Representation metadata that a response without content must not carry:
 * it would describe content that is not there.  A 304 keeps the fields that
 * update a cache (RFC 9110 15.4.5) and drops these. */
static bool content_metadata(const tp_resp_field *f)
{
    return (f->name_len == 12 && !strncasecmp(f->name, "Content-Type", 12)) ||
           (f->name_len == 16 && !strncasecmp(f->name, "Content-Encoding", 16)) ||
           (f->name_len == 16 && !strncasecmp(f->name, "Content-Language", 16));
}

static char *put_fields(char *p, const tp_request *x, bool no_content)
{
    for (unsigned i = 0; i < x->nfields; i++) {
        const tp_resp_field *f = &x->fields[i];
        if (no_content && content_metadata(f))
            continue;
        p = put(p, f->name, f->name_len);
        *p++ = ':';
        *p++ = ' ';
        p = put(p, f->value, f->value_len);
        *p++ = '\r';
        *p++ = '\n';
    }
    return p;
}

bool tp_write_interim(tp_request *x, int code)
{
    tp_conn *c = x->conn;
    if (x->head.version_minor < 1)
        return false;
    if (!tp_conn_queue(c, "", 0) || !tp_buf_reserve(&c->out, head_size(x, 0)))
        return false;
    char *start = c->out->data + c->out->len;
    char *p = start;
    p += tp_status_line(p, code);
    p = put_fields(p, x, true);
    *p++ = '\r';
    *p++ = '\n';
    c->out->len += (size_t)(p - start);
    return true;
}

bool tp_write_switching(tp_request *x, const char *protocol)
{
    tp_conn *c = x->conn;
    size_t pl = strlen(protocol);
    if (!tp_conn_queue(c, "", 0) ||
        !tp_buf_reserve(&c->out, head_size(x, pl + 48)))
        return false;
    char *start = c->out->data + c->out->len;
    char *p = start;
    p += tp_status_line(p, 101);
    /* The protocol switched to is the one named here, once. */
    tp_response_header_remove(x, "Upgrade");
    p = put_fields(p, x, true);
    p = PUTLIT(p, "Upgrade: ");
    p = put(p, protocol, pl);
    p = PUTLIT(p, "\r\nConnection: upgrade\r\n\r\n");
    c->out->len += (size_t)(p - start);
    return true;
}

void tp_write_response(tp_request *x)
{
    tp_conn *c = x->conn;
    tp_worker *w = c->w;
    int code = x->status;
    bool no_content = !tp_status_allows_content(code);
    bool http10 = x->head.version_minor < 1;

    /* RFC 9110 15.3.6: 205 has no content. */
    if (code == 205 || no_content) {
        if (x->body_kind == TP_BODY_FILE && x->body_fd >= 0) {
            close(x->body_fd);
            x->body_fd = -1;
        }
        x->body_kind = TP_BODY_NONE;
        x->body_len = 0;
    }

    const char *missing = tp_status_missing_field(code, has_field, x);
    if (missing) {
        atomic_fetch_add(&tp_bug_count, 1);
        tp_log_bug(x->conn->w->srv,
                   "%d response to %.*s %.*s lacks the %s header field its "
                   "definition requires",
                   code, (int)x->head.method.len, x->head.method.ptr,
                   (int)x->head.target.len, x->head.target.ptr, missing);
    }

    /* Framing. */
    bool send_length = false;
    if (!no_content) {
        if (x->body_kind == TP_BODY_STREAM && x->body_len < 0) {
            if (!http10)
                x->chunked_out = true;
            else if (!x->head_only) {
                /* RFC 9112 6.3: without a length, HTTP/1.0 reads to the
                 * end of the connection. */
                x->close_delimited = true;
                x->close_after = true;
            }
        } else {
            send_length = true;
        }
    }

    /* A request body the handler did not read: RFC 9110 10.1.1 lets the
     * server close instead of reading it, and that is the only safe choice
     * after a client was told to wait for 100 Continue that never came. */
    if (x->body_state == TP_RB_PENDING) {
        if (x->head.expect_continue && !x->sent_continue) {
            x->close_after = true;
            x->body_state = TP_RB_DONE;
        } else {
            x->body_state = TP_RB_DISCARDING;
        }
    }
    if (atomic_load_explicit(&w->srv->stopping, memory_order_relaxed))
        x->close_after = true;

    size_t inline_body = 0;
    if (!x->head_only && x->body_kind == TP_BODY_MEM &&
        x->body_len <= TP_BUF_SIZE)
        inline_body = (size_t)x->body_len;

    if (!tp_conn_queue(c, "", 0) ||
        !tp_buf_reserve(&c->out, head_size(x, inline_body))) {
        x->close_after = true;
        x->responded = true;
        x->body_done = true;
        c->flags |= TP_CF_CLOSING;
        return;
    }
    char *start = c->out->data + c->out->len;
    char *p = put_common(start, w, code);
    /* 205 has no content either, so nothing to give a type to. */
    p = put_fields(p, x, no_content || code == 205);
    if (send_length) {
        p = PUTLIT(p, "Content-Length: ");
        p += fmt_u64(p, (uint64_t)(x->body_kind == TP_BODY_NONE ? 0 : x->body_len));
        *p++ = '\r';
        *p++ = '\n';
    } else if (x->chunked_out) {
        p = PUTLIT(p, "Transfer-Encoding: chunked\r\n");
    }
    bool upgrade = find_field(x, "Upgrade") != NULL;
    if (x->close_after)
        p = upgrade ? PUTLIT(p, "Connection: upgrade, close\r\n")
                    : PUTLIT(p, "Connection: close\r\n");
    else if (upgrade)
        p = PUTLIT(p, "Connection: upgrade\r\n");
    else if (http10)
        p = PUTLIT(p, "Connection: keep-alive\r\n");
    *p++ = '\r';
    *p++ = '\n';
    x->responded = true;
    if (x->head_only || no_content || x->body_kind == TP_BODY_NONE) {
        x->body_done = true;
    } else if (inline_body || (x->body_kind == TP_BODY_MEM && x->body_len == 0)) {
        p = put(p, x->body_ptr, inline_body);
        x->body_off = (int64_t)inline_body;
        x->bytes_sent = (int64_t)inline_body;
        x->body_done = true;
    }
    c->out->len += (size_t)(p - start);
    if (x->close_after)
        c->flags |= TP_CF_CLOSING;
}

/* Produces the next piece of a memory or stream body.  Returns true if
 * bytes were queued. */
bool tp_fill_body(tp_request *x)
{
    tp_conn *c = x->conn;
    if (x->body_done)
        return false;
    if (x->body_kind == TP_BODY_MEM) {
        size_t left = (size_t)(x->body_len - x->body_off);
        size_t n = left > TP_BUF_SIZE ? TP_BUF_SIZE : left;
        if (!tp_conn_queue(c, x->body_ptr + x->body_off, n))
            return false;
        x->body_off += (int64_t)n;
        x->bytes_sent += (int64_t)n;
        if (x->body_off >= x->body_len)
            x->body_done = true;
        return true;
    }
    if (x->body_kind != TP_BODY_STREAM || x->stream_waiting)
        return false;

    enum { PIECE = 16384, PREFIX = 10 };
    if (!tp_conn_queue(c, "", 0) || !tp_buf_reserve(&c->out, PIECE + PREFIX + 8))
        return false;
    char *base = c->out->data + c->out->len;
    size_t cap = PIECE;
    if (x->body_len >= 0 && (int64_t)cap > x->body_len - x->body_off)
        cap = (size_t)(x->body_len - x->body_off);
    unsigned resumes = x->resumes;
    ssize_t n = cap ? x->stream_fn(x, base + PREFIX, cap, x->stream_arg) : 0;
    if (n == TP_STREAM_WAIT) {
        /* A resume from inside the producer means: call again. */
        if (x->resumes == resumes)
            x->stream_waiting = true;
        return false;
    }
    if (n < 0 || (size_t)n > cap) {
        /* What is queued still goes out; the close then tells the client
         * the body is incomplete (no last chunk, or fewer bytes than the
         * Content-Length). */
        tp_request_log(x, TP_LOG_ERROR, "stream producer failed; closing");
        x->body_done = true;
        x->close_after = true;
        c->flags |= TP_CF_CLOSING;
        return false;
    }
    if (n == 0) {
        if (x->body_len >= 0 && x->body_off < x->body_len) {
            /* Fewer bytes than the Content-Length promised: the client
             * must not take the message as complete. */
            tp_log_bug(c->w->srv, "stream ended %lld bytes short of its "
                                  "Content-Length",
                       (long long)(x->body_len - x->body_off));
            x->body_done = true;
            x->close_after = true;
            c->flags |= TP_CF_CLOSING;
            return false;
        }
        if (x->chunked_out) {
            /* last-chunk, the trailer section, and the empty line */
            size_t need = 5;
            for (unsigned i = 0; i < x->ntrailers; i++)
                need += x->trailers[i].name_len + x->trailers[i].value_len + 4;
            if (!tp_buf_reserve(&c->out, need)) {
                x->body_done = true;
                x->close_after = true;
                c->flags |= TP_CF_CLOSING;
                return false;
            }
            char *p = PUTLIT(c->out->data + c->out->len, "0\r\n");
            for (unsigned i = 0; i < x->ntrailers; i++) {
                const tp_resp_field *f = &x->trailers[i];
                p = put(p, f->name, f->name_len);
                p = PUTLIT(p, ": ");
                p = put(p, f->value, f->value_len);
                p = PUTLIT(p, "\r\n");
            }
            p = PUTLIT(p, "\r\n");
            c->out->len = (size_t)(p - c->out->data);
        }
        x->body_done = true;
        return true;
    }
    size_t len = (size_t)n;
    if (x->chunked_out) {
        char hex[PREFIX];
        int h = snprintf(hex, sizeof(hex), "%zx\r\n", len);
        memmove(base + h, base + PREFIX, len);
        memcpy(base, hex, (size_t)h);
        memcpy(base + h + len, "\r\n", 2);
        c->out->len += (size_t)h + len + 2;
    } else {
        memmove(base, base + PREFIX, len);
        c->out->len += len;
    }
    x->body_off += n;
    x->bytes_sent += n;
    if (x->body_len >= 0 && x->body_off >= x->body_len)
        x->body_done = true;
    return true;
}

/* ---- the handler-facing calls ---- */

static bool final_code_ok(tp_request *x, int code)
{
    if (x->ended)
        return false; /* from a done callback: the exchange is over */
    if (x->responded) {
        tp_log_bug(x->conn->w->srv, "second response (%d) to one request",
                   code);
        return false;
    }
    if (code < 200 || code > 599) {
        tp_log_bug(x->conn->w->srv,
                   "%d is not a final status code; sending 500", code);
        x->status = 500;
        return true;
    }
    x->status = code;
    return true;
}

static void set_ctype(tp_request *x, const char *ctype)
{
    if (ctype && !has_field("Content-Type", x))
        add_field(x, "Content-Type", 12, ctype, strlen(ctype));
}

static void respond_mem(tp_request *x, int code, const char *ctype,
                        const void *body, size_t len, bool copy)
{
    if (!final_code_ok(x, code))
        return;
    code = x->status;
    if (code >= 400 && len == 0 && tp_status_allows_content(code) &&
        !(x->body_kind == TP_BODY_MEM)) {
        tp_respond_error(x, code, NULL);
        return;
    }
    set_ctype(x, ctype);
    if (copy && len) {
        char *b = tp_request_alloc(x, len);
        if (!b) {
            len = 0;
        } else {
            memcpy(b, body, len);
            body = b;
        }
    }
    x->body_kind = TP_BODY_MEM;
    x->body_ptr = body;
    x->body_len = (int64_t)len;
    tp_write_response(x);
    tp_conn_output_ready(x->conn);
}

void tp_respond(tp_request *x, int code, const char *ctype, const void *body,
                size_t len)
{
    respond_mem(x, code, ctype, body, len, true);
}

void tp_respond_static(tp_request *x, int code, const char *ctype,
                       const void *body, size_t len)
{
    respond_mem(x, code, ctype, body, len, false);
}

void tp_respond_file(tp_request *x, int code, const char *ctype, int fd,
                     off_t offset, size_t len)
{
    if (!final_code_ok(x, code)) {
        close(fd);
        return;
    }
    set_ctype(x, ctype);
    x->body_kind = TP_BODY_FILE;
    x->body_fd = fd;
    x->file_off = offset;
    x->body_len = (int64_t)len;
    tp_write_response(x);
    if (x->body_len == 0)
        x->body_done = true;
    tp_conn_output_ready(x->conn);
}

void tp_respond_stream(tp_request *x, int code, const char *ctype,
                       int64_t length, tp_stream_fn fn, void *arg)
{
    if (!final_code_ok(x, code))
        return;
    set_ctype(x, ctype);
    x->body_kind = TP_BODY_STREAM;
    x->body_len = length < 0 ? -1 : length;
    x->stream_fn = fn;
    x->stream_arg = arg;
    tp_write_response(x);
    if (x->body_len == 0)
        x->body_done = true;
    tp_conn_output_ready(x->conn);
}

int tp_response_interim(tp_request *x, int code)
{
    if (x->ended || x->responded || code < 100 || code == 101 || code > 199)
        return -EINVAL;
    if (code == 100 && x->sent_continue)
        return 0;
    if (!tp_write_interim(x, code))
        return -EPROTO;
    if (code == 100)
        x->sent_continue = true;
    /* The fields went with the interim response; the final one starts
     * afresh (RFC 9110 15.2). */
    x->nfields = 0;
    tp_conn_output_ready(x->conn);
    return 0;
}

/* ---- explanations for errors ---- */

/* q-value of one media range for a candidate type, or -1 when it does not
 * match; `spec` grows with how specific the match is. */
static int match_range(const char *r, size_t rl, const char *type, int *spec)
{
    const char *slash = memchr(r, '/', rl);
    if (!slash)
        return 0;
    size_t tl = (size_t)(slash - r), sl = rl - tl - 1;
    const char *tslash = strchr(type, '/');
    size_t ttl = (size_t)(tslash - type);
    if (tl == 1 && r[0] == '*' && sl == 1 && slash[1] == '*') {
        *spec = 0;
        return 1;
    }
    if (tl != ttl || strncasecmp(r, type, tl))
        return 0;
    if (sl == 1 && slash[1] == '*') {
        *spec = 1;
        return 1;
    }
    if (sl == strlen(tslash + 1) && !strncasecmp(slash + 1, tslash + 1, sl)) {
        *spec = 2;
        return 1;
    }
    return 0;
}

int tp_error_media(tp_str accept)
{
    static const char *const types[3] = {"text/plain", "text/html",
                                         "application/json"};
    if (!accept.ptr || !accept.len)
        return 0;
    int best_q[3] = {-1, -1, -1}, best_spec[3] = {-1, -1, -1};
    size_t pos = 0;
    while (pos < accept.len) {
        const char *p = accept.ptr + pos;
        size_t seg = accept.len - pos;
        const char *comma = memchr(p, ',', seg);
        if (comma)
            seg = (size_t)(comma - p);
        pos += seg + 1;
        const char *e = p + seg;
        size_t skip = 0;
        while (skip < seg && (p[skip] == ' ' || p[skip] == '\t'))
            skip++;
        const char *q = p + skip;
        const char *semi = memchr(q, ';', seg - skip);
        const char *re = semi ? semi : e;
        while (re > q && (re[-1] == ' ' || re[-1] == '\t'))
            re--;
        int qv = 1000;
        if (semi) {
            for (const char *s = semi; s < e; s++) {
                if ((*s == 'q' || *s == 'Q') && s + 1 < e && s[1] == '=' &&
                    (s[-1] == ';' || s[-1] == ' ')) {
                    const char *v = s + 2;
                    int iv = 0, scale = 1000, digits = 0;
                    if (v < e && *v >= '0' && *v <= '1') {
                        iv = (*v - '0') * 1000;
                        v++;
                        if (v < e && *v == '.') {
                            v++;
                            while (v < e && *v >= '0' && *v <= '9' && digits < 3) {
                                scale /= 10;
                                iv += (*v - '0') * scale;
                                v++;
                                digits++;
                            }
                        }
                        qv = iv > 1000 ? 1000 : iv;
                    }
                }
            }
        }
        for (int i = 0; i < 3; i++) {
            int spec;
            if (match_range(q, (size_t)(re - q), types[i], &spec) &&
                spec > best_spec[i]) {
                best_spec[i] = spec;
                best_q[i] = qv;
            }
        }
    }
    /* Highest q wins; on a tie, the more specific match; then plain text,
     * the most readable in a terminal. */
    int pick = 0, pq = best_q[0], ps = best_spec[0];
    for (int i = 1; i < 3; i++) {
        if (best_q[i] > pq || (best_q[i] == pq && best_spec[i] > ps)) {
            pick = i;
            pq = best_q[i];
            ps = best_spec[i];
        }
    }
    return pq <= 0 ? 0 : pick;
}

static void html_escape(char **p, const char *s)
{
    for (; *s; s++) {
        switch (*s) {
        case '<': *p = PUTLIT(*p, "&lt;"); break;
        case '>': *p = PUTLIT(*p, "&gt;"); break;
        case '&': *p = PUTLIT(*p, "&amp;"); break;
        case '"': *p = PUTLIT(*p, "&quot;"); break;
        default: *(*p)++ = *s;
        }
    }
}

const char *tp_error_body(tp_request *x, int code, const char *detail,
                          size_t *len, const char **ctype, int *lang)
{
    const tp_status_info *si = tp_status_get(code);
    const char *reason = tp_status_lookup(code) ? si->reason : "";
    /* Without a detail of the handler's, the explanation is the
     * reference's, in the language Accept-Language prefers; a detail is
     * the handler's own words (English) and stays as it is. */
    const char *local = NULL;
    *lang = -1;
    if (!detail && si) {
        tp_str al = {0};
        bool has = tp_request_header_list(x, "Accept-Language", &al);
        tp_lang l = tp_accept_lang(al, has);
        /* An unregistered code is explained by its class, not by the
         * particular meaning of the x00 code it falls back to. */
        const struct tp_status_text *t =
            tp_status_lookup(code) ? si->texts
                                   : tp_status_class_text(tp_status_class_of(code));
        const tp_status_words *w = tp_status_words_of(t, l);
        *lang = (int)l;
        detail = w->meaning;
        if (l != TP_LANG_EN && tp_status_lookup(code))
            local = w->name;
    }
    if (!detail)
        detail = "";
    tp_str accept = {0};
    tp_request_header_list(x, "Accept", &accept);
    int media = tp_error_media(accept);
    char *out;
    if (media == 2) {
        json_t *o = json_pack("{s:i, s:s, s:s}", "code", code, "reason",
                              reason, "description", detail);
        if (local)
            json_object_set_new(o, "name", json_string(local));
        char *s = o ? json_dumps(o, JSON_COMPACT) : NULL;
        json_decref(o);
        size_t n = s ? strlen(s) : 0;
        out = tp_request_alloc(x, n + 2);
        if (out) {
            memcpy(out, s ? s : "", n);
            out[n] = '\n';
            *len = n + 1;
        }
        free(s);
        *ctype = "application/json";
    } else if (media == 1) {
        size_t cap = 400 + 2 * strlen(reason) + 6 * strlen(detail) +
                     (local ? 6 * strlen(local) : 0);
        out = tp_request_alloc(x, cap);
        if (out) {
            char *p = out;
            p += snprintf(p, cap, "<!DOCTYPE html>\n<html lang=\"%s\"><head>"
                                  "<meta charset=\"utf-8\"><title>%d ",
                          tp_lang_tag(*lang < 0 ? TP_LANG_EN : (tp_lang)*lang),
                          code);
            html_escape(&p, reason);
            p += sprintf(p, "</title></head>\n<body><h1>%d ", code);
            html_escape(&p, reason);
            if (local) {
                p = PUTLIT(p, " · ");
                html_escape(&p, local);
            }
            p = PUTLIT(p, "</h1>\n<p>");
            html_escape(&p, detail);
            p = PUTLIT(p, "</p>\n<hr><p>" TP_SERVER_NAME "</p></body></html>\n");
            *len = (size_t)(p - out);
        }
        *ctype = "text/html; charset=utf-8";
    } else {
        size_t cap = 40 + strlen(reason) + strlen(detail) +
                     (local ? strlen(local) : 0);
        out = tp_request_alloc(x, cap);
        if (out)
            *len = (size_t)snprintf(out, cap, "%d %s%s%s\n%s\n", code, reason,
                                    local ? " · " : "", local ? local : "",
                                    detail);
        *ctype = "text/plain; charset=utf-8";
    }
    if (!out)
        *len = 0;
    return out;
}

void tp_respond_error(tp_request *x, int code, const char *detail)
{
    tp_respond_status(x, code, detail);
}

void tp_respond_status(tp_request *x, int code, const char *detail)
{
    if (x->responded)
        return;
    if (code < 200 || code > 599 || code == 205 ||
        !tp_status_allows_content(code)) {
        respond_mem(x, code, NULL, NULL, 0, false);
        return;
    }
    /* The engine's explanation (or the site's page) replaces whatever
     * representation the handler was about to send: its language and
     * location no longer describe this body (RFC 9110 8.5, 8.7). */
    tp_response_header_remove(x, "Content-Language");
    tp_response_header_remove(x, "Content-Location");
    const struct tp_error_page *page = tp_error_page_for(x, code);
    if (page) {
        /* The site's page is one representation for every client. */
        tp_response_header_remove(x, "Content-Type");
        x->body_kind = TP_BODY_MEM;
        respond_mem(x, code, page->content_type, page->body, page->len,
                    false);
        return;
    }
    size_t len = 0;
    const char *ctype = NULL;
    int lang;
    const char *body = tp_error_body(x, code, detail, &len, &ctype, &lang);
    /* The explanation depends on Accept, and the reference's words on
     * Accept-Language (RFC 9110 12.5.5). */
    if (lang >= 0) {
        add_vary(x, "Accept, Accept-Language");
        const char *tag = tp_lang_tag((tp_lang)lang);
        add_field(x, "Content-Language", 16, tag, strlen(tag));
    } else {
        add_vary(x, "Accept");
    }
    x->body_kind = TP_BODY_MEM; /* keeps respond_mem from recursing */
    respond_mem(x, code, ctype, body, len, false);
}

void tp_write_bare_error(tp_conn *c, int code, const char *why, int minor)
{
    (void)minor;
    tp_worker *w = c->w;
    const tp_status_info *si = tp_status_get(code);
    char body[256];
    int bl = snprintf(body, sizeof(body), "%d %s\n%s\n", code,
                      si ? si->reason : "", why ? why : "");
    if (bl < 0 || (size_t)bl >= sizeof(body))
        bl = (int)sizeof(body) - 1;
    char head[512];
    char *p = put_common(head, w, code);
    p = PUTLIT(p, "Content-Type: text/plain; charset=utf-8\r\n"
                  "Content-Length: ");
    p += fmt_u64(p, (uint64_t)bl);
    p = PUTLIT(p, "\r\nConnection: close\r\n\r\n");
    tp_conn_queue(c, head, (size_t)(p - head));
    tp_conn_queue(c, body, (size_t)bl);
    tp_log_bare(c, code, (size_t)bl);
}
