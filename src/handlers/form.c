/*
 * form.c - the parsers of HTML form submissions: urlencoded pairs (bodies
 * and query strings) and multipart/form-data, shared by the testing API's
 * echo endpoints and the rules' form inbox.  See form.h.
 */
#define _GNU_SOURCE
#include "form.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "teapot/http.h"

char *tp_form_decode(tp_request *req, tp_str src, bool plus, bool lenient,
                     size_t *len)
{
    char *out = tp_request_alloc(req, src.len + 1);
    if (!out) {
        errno = ENOMEM;
        return NULL;
    }
    size_t o = 0;
    for (size_t i = 0; i < src.len; i++) {
        char ch = src.ptr[i];
        if (ch == '%') {
            int d = tp_pct_decode(src.ptr + i, src.len - i);
            if (d < 0) {
                if (!lenient) {
                    errno = EINVAL;
                    return NULL;
                }
                out[o++] = ch;
                continue;
            }
            out[o++] = (char)d;
            i += 2;
        } else if (ch == '+' && plus) {
            out[o++] = ' ';
        } else {
            out[o++] = ch;
        }
    }
    out[o] = '\0';
    if (len)
        *len = o;
    return out;
}

int tp_form_urlencoded(tp_request *req, tp_str s, bool strict,
                       tp_form_fn fn, void *arg, const char **why)
{
    *why = NULL;
    while (s.len) {
        const char *amp = memchr(s.ptr, '&', s.len);
        size_t pl = amp ? (size_t)(amp - s.ptr) : s.len;
        tp_str pair = {s.ptr, pl};
        s.ptr += pl + (amp ? 1 : 0);
        s.len -= pl + (amp ? 1 : 0);
        if (!pair.len)
            continue;
        const char *eq = memchr(pair.ptr, '=', pair.len);
        tp_str n = {pair.ptr, eq ? (size_t)(eq - pair.ptr) : pair.len};
        tp_str v = {eq ? eq + 1 : pair.ptr + pair.len,
                    eq ? pair.len - n.len - 1 : 0};
        tp_form_field f = {0};
        char *dn = tp_form_decode(req, n, true, !strict, &f.name_len);
        char *dv = dn ? tp_form_decode(req, v, true, !strict, &f.len) : NULL;
        if (!dn || !dv) {
            if (errno == ENOMEM) {
                *why = "out of memory";
                return 500;
            }
            *why = "the form has a '%' that is not followed by two hex "
                   "digits (percent-encoding, RFC 3986 2.1)";
            return 400;
        }
        f.name = dn;
        f.value = dv;
        int st = fn(req, &f, arg, why);
        if (st)
            return st;
    }
    return 0;
}

/* Whether every quoted string of a field value ends (RFC 9110 5.6.4) and
 * the value has no NUL, which would cut a parameter short as a C string
 * (RFC 9110 5.5 allows none in a field value). */
static bool well_formed(tp_str v)
{
    if (memchr(v.ptr, '\0', v.len))
        return false;
    bool quoted = false;
    for (size_t i = 0; i < v.len; i++) {
        if (v.ptr[i] == '"')
            quoted = !quoted;
        else if (v.ptr[i] == '\\' && quoted)
            i++; /* a quoted-pair: the next byte, whatever it is */
    }
    return !quoted;
}

char *tp_form_param(tp_request *req, tp_str v, const char *name)
{
    size_t nl = strlen(name);
    const char *p = v.ptr, *end = v.ptr + v.len;
    if (!well_formed(v)) {
        errno = EINVAL;
        return NULL;
    }
    errno = ENOENT;
    /* Parameters are split at the ';' outside quoted strings: a quoted
     * filename="a;name=b" is one value, not two parameters. */
    while (p < end) {
        bool quoted = false;
        while (p < end && (quoted || *p != ';')) {
            if (*p == '"')
                quoted = !quoted;
            else if (*p == '\\' && quoted && p + 1 < end)
                p++;
            p++;
        }
        if (p >= end)
            return NULL;
        p++; /* the ';' */
        while (p < end && (*p == ' ' || *p == '\t'))
            p++;
        if ((size_t)(end - p) <= nl || strncasecmp(p, name, nl) ||
            p[nl] != '=')
            continue;
        p += nl + 1;
        char *out = tp_request_alloc(req, (size_t)(end - p) + 1);
        if (!out) {
            errno = ENOMEM;
            return NULL;
        }
        size_t o = 0;
        if (p < end && *p == '"') {
            for (p++; p < end && *p != '"'; p++) {
                if (*p == '\\' && p + 1 < end)
                    p++;
                out[o++] = *p;
            }
        } else {
            while (p < end && *p != ';' && *p != ' ' && *p != '\t')
                out[o++] = *p++;
        }
        out[o] = '\0';
        return out;
    }
    return NULL;
}

bool tp_form_media_is(tp_str ct, const char *type)
{
    size_t n = strlen(type);
    if (ct.len < n || strncasecmp(ct.ptr, type, n))
        return false;
    return ct.len == n || ct.ptr[n] == ';' || ct.ptr[n] == ' ' ||
           ct.ptr[n] == '\t';
}

static const char *memfind(const char *h, size_t hl, const char *n, size_t nl)
{
    if (nl == 0 || hl < nl)
        return NULL;
    for (const char *p = h; (p = memchr(p, n[0], hl - (size_t)(p - h) - nl + 1));
         p++) {
        if (!memcmp(p, n, nl))
            return p;
        if ((size_t)(p - h) + nl >= hl)
            break;
    }
    return NULL;
}

/* What is wrong with a multipart body: 400 with the reason. */
static int malformed(const char **why, const char *reason)
{
    *why = reason;
    return 400;
}

/* A parameter of a part's Content-Disposition into *out (NULL when it is
 * absent): 0, or 400 or 500 with *why. */
static int disposition_param(tp_request *req, tp_str value, const char *name,
                             const char **out, const char **why)
{
    *out = tp_form_param(req, value, name);
    if (*out || errno == ENOENT)
        return 0;
    if (errno == ENOMEM) {
        *why = "out of memory";
        return 500;
    }
    return malformed(why, "a multipart part's Content-Disposition has an "
                          "unterminated quoted string or a NUL");
}

int tp_form_multipart(tp_request *req, const char *boundary, const char *body,
                      size_t len, tp_form_fn fn, void *arg, const char **why)
{
    *why = NULL;
    size_t bl = strlen(boundary);
    if (bl == 0 || bl > TP_FORM_MAX_BOUNDARY)
        return malformed(why, "the multipart boundary must be 1 to 70 "
                              "characters");
    char *delim = tp_request_alloc(req, bl + 5);
    if (!delim) {
        *why = "out of memory";
        return 500;
    }
    int dl = sprintf(delim, "\r\n--%s", boundary);
    /* The first delimiter may open the body without a preceding CRLF. */
    const char *p = body, *end = body + len;
    if (len >= (size_t)dl - 2 && !memcmp(body, delim + 2, (size_t)dl - 2)) {
        p = body + dl - 2;
    } else {
        const char *f = memfind(body, len, delim, (size_t)dl);
        if (!f)
            return malformed(why, "the body has no multipart boundary");
        p = f + dl;
    }
    for (;;) {
        if (end - p >= 2 && p[0] == '-' && p[1] == '-')
            return 0; /* the close delimiter */
        while (p < end && (*p == ' ' || *p == '\t'))
            p++;
        if (end - p < 2 || p[0] != '\r' || p[1] != '\n')
            return malformed(why, "a multipart delimiter is not followed by "
                                  "CRLF");
        p += 2;
        /* The part ends at the next delimiter; its header section, if it
         * has one, ends with an empty line before that. */
        const char *next = memfind(p, (size_t)(end - p), delim, (size_t)dl);
        if (!next)
            return malformed(why, "the multipart body ends without its close "
                                  "delimiter");
        const char *hend, *content;
        if (next - p >= 2 && p[0] == '\r' && p[1] == '\n') {
            hend = p; /* no header fields: the empty line comes first */
            content = p + 2;
        } else {
            hend = memfind(p, (size_t)(next - p), "\r\n\r\n", 4);
            if (!hend)
                return malformed(why, "a multipart part's header section is "
                                      "not terminated");
            content = hend + 4;
        }
        tp_form_field f = {.content_type = "text/plain"};
        const char *name = NULL;
        for (const char *l = p; l < hend;) {
            const char *le = memfind(l, (size_t)(hend - l) + 2, "\r\n", 2);
            if (!le)
                le = hend;
            tp_str line = {l, (size_t)(le - l)};
            const char *colon = memchr(line.ptr, ':', line.len);
            if (colon) {
                tp_str fname = {line.ptr, (size_t)(colon - line.ptr)};
                tp_str fval = {colon + 1, line.len - fname.len - 1};
                while (fval.len && (*fval.ptr == ' ' || *fval.ptr == '\t')) {
                    fval.ptr++;
                    fval.len--;
                }
                if (fname.len == 19 &&
                    !strncasecmp(fname.ptr, "Content-Disposition", 19)) {
                    /* RFC 7578 4.2: each part's disposition is
                     * form-data, with the field's name. */
                    if (!tp_form_media_is(fval, "form-data"))
                        return malformed(why, "a multipart part's "
                                              "Content-Disposition is not "
                                              "form-data (RFC 7578 4.2)");
                    int st = disposition_param(req, fval, "name", &name, why);
                    if (!st)
                        st = disposition_param(req, fval, "filename",
                                               &f.filename, why);
                    if (st)
                        return st;
                } else if (fname.len == 12 &&
                           !strncasecmp(fname.ptr, "Content-Type", 12)) {
                    f.content_type = tp_request_strdup(req, fval);
                }
            }
            l = le + 2;
        }
        if (!f.content_type) {
            *why = "out of memory";
            return 500;
        }
        if (!name)
            return malformed(why, "a multipart part has no "
                                  "Content-Disposition name");
        f.name = name;
        f.name_len = strlen(name);
        f.value = content;
        f.len = (size_t)(next - content);
        int st = fn(req, &f, arg, why);
        if (st)
            return st;
        p = next + dl;
    }
}
