/*
 * htcpcp.c - HTCPCP-TEA (RFC 2324, updated by RFC 7168): a teapot that a
 * rule places at a path.  The pot's own URI answers a tea request with
 * 300 and the varieties in Alternates; each variety (pot/<tea>) starts
 * brewing with 202 and stops with 200.  Coffee gets 418, additions the
 * pot lacks 406, other content 415, WHEN 200, other methods 405 with
 * Allow, and paths the pot does not have 404.  This file also owns the
 * check of a tea's or an addition's name in the configuration.
 */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "handlers.h"
#include "teapot/http.h"

/* A tea's or an addition's name: longer is a typo, not a tea. */
#define MAX_NAME 64
/* 413: a BREW body longer than this cannot be "start" or "stop" (RFC 2324
 * 4), so it is refused without reading the rest. */
#define MAX_COMMAND 64
/* A name from the request quoted back in an explanation, at most. */
#define MAX_ECHO 40

/* RFC 7168 3 and RFC 2324 4: the media types of a BREW or POST body. */
#define TEAPOT_TYPE "message/teapot"
#define COFFEEPOT_TYPE "message/coffeepot"
/* RFC 2324 2.1.1 names the coffee body "application/coffee-pot-command"
 * before its section 4 calls it message/coffeepot: both ask for coffee. */
#define COFFEE_COMMAND_TYPE "application/coffee-pot-command"

/* What the pot and its varieties support: the methods RFC 2324 2.1 adds
 * or uses (BREW, POST, WHEN, GET) and what HTTP gives every resource. */
#define ALLOW "GET, HEAD, OPTIONS, BREW, POST, WHEN"

const char *const tp_htcpcp_methods[] = {"BREW", "WHEN", NULL};

/* ---- names ---- */

static bool name_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_' || c == '.';
}

/* Lower-case letters, digits, '-', '_' and '.': a token (RFC 9110 5.6.2)
 * for Accept-Additions and an unreserved path segment (RFC 3986 2.3) for
 * pot/<tea>, never "." or ".." (RFC 3986 5.2.4 would remove it). */
int tp_htcpcp_check_name(const char *v, char *why, size_t cap)
{
    size_t n = strlen(v);
    bool ok = n > 0 && n <= MAX_NAME && v[0] != '.' && v[0] != '-' &&
              v[0] != '_';
    for (size_t i = 0; ok && i < n; i++)
        ok = name_char(v[i]);
    if (!ok)
        return tp_refuse(why, cap, "wants a lower-case name (letters, "
                         "digits, '-', '_' and '.', starting with a letter "
                         "or digit, at most %d), not '%.80s'", MAX_NAME, v);
    return 0;
}

/* ---- text built in the exchange's arena ---- */

typedef struct sbuf {
    tp_request *req;
    char *p;
    size_t len, cap;
    bool failed;
} sbuf;

static void sb_reserve(sbuf *b, size_t more)
{
    if (b->failed || b->len + more + 1 <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->len + more + 1)
        cap *= 2;
    char *p = tp_request_alloc(b->req, cap);
    if (!p) {
        b->failed = true;
        return;
    }
    if (b->len)
        memcpy(p, b->p, b->len);
    p[b->len] = '\0';
    b->p = p;
    b->cap = cap;
}

static void sb_add(sbuf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void sb_add(sbuf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) {
        b->failed = true;
        return;
    }
    sb_reserve(b, (size_t)n);
    if (b->failed)
        return;
    va_start(ap, fmt);
    vsnprintf(b->p + b->len, b->cap - b->len, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

static void sb_char(sbuf *b, char c)
{
    sb_reserve(b, 1);
    if (b->failed)
        return;
    b->p[b->len++] = c;
    b->p[b->len] = '\0';
}

/* The text, or NULL when memory ran out. */
static const char *sb_text(sbuf *b)
{
    sb_reserve(b, 0);
    return b->failed ? NULL : b->p;
}

/* "darjeeling, earl-grey, sencha", or `none` for an empty list. */
static void sb_list(sbuf *b, const char *const *names, const char *none)
{
    if (!names || !names[0]) {
        sb_add(b, "%s", none);
        return;
    }
    for (size_t i = 0; names[i]; i++)
        sb_add(b, "%s%s", i ? ", " : "", names[i]);
}

static void sb_html(sbuf *b, const char *s)
{
    for (; *s; s++) {
        const char *e = *s == '<' ? "&lt;" : *s == '>' ? "&gt;"
                      : *s == '&' ? "&amp;" : *s == '"' ? "&quot;"
                      : *s == '\'' ? "&#39;" : NULL;
        if (e)
            sb_add(b, "%s", e);
        else
            sb_char(b, *s);
    }
}

/* A path as a URI reference: what a path may hold (RFC 3986 3.3, with
 * '%' of the escapes already there) as is, anything else escaped, so
 * that it can stand between the quotes of an Alternates entry. */
static void sb_uri_path(sbuf *b, const char *s)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
            (c >= '0' && c <= '9') || strchr("-._~!$&'()*+,;=:@/%", c))
            sb_char(b, (char)c);
        else
            sb_add(b, "%%%02X", c);
    }
}

/* ---- where in the pot a request is ---- */

typedef enum place {
    AT_NOTHING,     /* below the pot, but not pot/<tea> */
    AT_POT,         /* the pot itself */
    AT_TEA,         /* pot/<tea>, a variety it has */
    AT_UNKNOWN_TEA, /* pot/<segment>, a variety it does not have */
} place;

typedef struct pot_ctx {
    tp_request *req;
    const char *pot;              /* the pot's URI, as the rule gives it */
    size_t base;                  /* its length without a final '/' */
    const tp_teapot_options *opt;
    place at;
    const char *tea;              /* AT_TEA: the variety */
    tp_str segment;               /* AT_UNKNOWN_TEA: what was asked for */
} pot_ctx;

/* The request's path is the engine's canonical one (tp_path_literal), as
 * the rule that matched it saw: the same spelling finds the same
 * variety. */
static void locate(pot_ctx *p)
{
    tp_str path = tp_request_path(p->req);
    p->at = AT_NOTHING;
    if (path.len < p->base || memcmp(path.ptr, p->pot, p->base))
        return;
    const char *rest = path.ptr + p->base;
    size_t n = path.len - p->base;
    if (n == 0 || (n == 1 && rest[0] == '/')) {
        p->at = AT_POT;
        return;
    }
    if (rest[0] != '/' || memchr(rest + 1, '/', n - 1))
        return;
    p->segment = (tp_str){rest + 1, n - 1};
    p->at = AT_UNKNOWN_TEA;
    for (size_t i = 0; p->opt->teas && p->opt->teas[i]; i++) {
        const char *t = p->opt->teas[i];
        if (strlen(t) == p->segment.len && !memcmp(t, rest + 1, n - 1)) {
            p->tea = t;
            p->at = AT_TEA;
            return;
        }
    }
}

/* "/pot-0/darjeeling": the pot's URI without its final '/', then the
 * variety. */
static void sb_variety_uri(sbuf *b, const pot_ctx *p, const char *tea)
{
    sb_add(b, "%.*s/%s", (int)p->base, p->pot, tea);
}

/* ---- representations ---- */

/* What GET shows of the pot or of a variety: short text, the same for
 * every request, so that its hash is a strong entity-tag. */
static const char *describe(const pot_ctx *p, size_t *len)
{
    sbuf b = {.req = p->req};
    if (p->at == AT_POT) {
        sb_add(&b, "A teapot (HTCPCP-TEA, RFC 7168) at %s.\nTeas:", p->pot);
        for (size_t i = 0; p->opt->teas && p->opt->teas[i]; i++) {
            sb_add(&b, "\n  %s at ", p->opt->teas[i]);
            sb_variety_uri(&b, p, p->opt->teas[i]);
        }
        if (!p->opt->teas || !p->opt->teas[0])
            sb_add(&b, " none");
    } else {
        sb_add(&b, "%s, brewed by the teapot at %s.", p->tea, p->pot);
    }
    sb_add(&b, "\nAdditions (Accept-Additions): ");
    sb_list(&b, p->opt->additions, "none");
    sb_add(&b, "\nTo brew, send BREW (or POST) to %s with Content-Type: "
               TEAPOT_TYPE " and the body \"start\"; \"stop\" ends it.\n",
           p->at == AT_POT ? "a tea's URI" : "this URI");
    *len = b.len;
    return sb_text(&b);
}

/* A strong entity-tag (RFC 9110 8.8.3) of a description: FNV-1a. */
static const char *etag_of(tp_request *req, const char *s, size_t n)
{
    uint64_t h = 14695981039346656037u;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211u;
    char *tag = tp_request_alloc(req, 24);
    if (tag)
        snprintf(tag, 24, "\"%016llx\"", (unsigned long long)h);
    return tag;
}

/* The validators of the pot or variety, for GET and for the
 * preconditions of a BREW or WHEN; false when memory ran out. */
static bool validators(const pot_ctx *p, tp_validators *v, const char **text,
                       size_t *len)
{
    *text = describe(p, len);
    const char *tag = *text ? etag_of(p->req, *text, *len) : NULL;
    if (!tag)
        return false;
    *v = (tp_validators){.etag = {tag, strlen(tag)}, .exists = true};
    return true;
}

static void serve_description(const pot_ctx *p)
{
    tp_representation rep = {.content_type = "text/plain; charset=utf-8",
                             .fd = -1};
    const char *text;
    size_t len;
    if (!validators(p, &rep.validators, &text, &len)) {
        tp_respond_error(p->req, 500, "out of memory");
        return;
    }
    rep.data = text;
    rep.length = len;
    tp_serve(p->req, &rep);
}

/* RFC 9110 13.2.1: a request whose answer would be 2xx has its
 * preconditions evaluated first (If-Match, If-None-Match: * and the
 * dates, against the description's entity-tag).  True when it may go
 * on; false when it was answered 412. */
static bool preconditions_hold(const pot_ctx *p)
{
    tp_validators v;
    const char *text;
    size_t len;
    if (!validators(p, &v, &text, &len)) {
        tp_respond_error(p->req, 500, "out of memory");
        return false;
    }
    if (tp_cond_evaluate(p->req, &v) != 412)
        return true;
    tp_respond_error(p->req, 412, "a precondition of the request is false, "
                                  "so the pot did nothing");
    return false;
}

/* ---- Accept-Additions (RFC 2324 2.2.2.1, RFC 7168 2.2.1) ---- */

static bool tchar(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || (c && strchr("!#$%&'*+-.^_`|~", c));
}

static size_t skip_ows(tp_str s, size_t i)
{
    while (i < s.len && (s.ptr[i] == ' ' || s.ptr[i] == '\t'))
        i++;
    return i;
}

static size_t scan_token(tp_str s, size_t i)
{
    while (i < s.len && tchar(s.ptr[i]))
        i++;
    return i;
}

/* A quoted-string (RFC 9110 5.6.4) starting at s[i] == '"': the index
 * after it, or 0 when it does not end. */
static size_t scan_quoted(tp_str s, size_t i)
{
    for (i++; i < s.len; i++) {
        unsigned char c = (unsigned char)s.ptr[i];
        if (c == '"')
            return i + 1;
        if (c == '\\') {
            if (++i >= s.len)
                return 0;
            c = (unsigned char)s.ptr[i];
            if (c < 0x20 && c != '\t')
                return 0;
        } else if ((c < 0x20 && c != '\t') || c == 0x7f) {
            return 0;
        }
    }
    return 0;
}

/* qvalue (RFC 9110 12.4.2): "0" to "1" with at most three decimals;
 * the weight in thousandths, or -1. */
static int parse_qvalue(tp_str v)
{
    if (v.len == 0 || v.len > 5 || (v.ptr[0] != '0' && v.ptr[0] != '1'))
        return -1;
    int q = (v.ptr[0] - '0') * 1000;
    if (v.len == 1)
        return q;
    if (v.ptr[1] != '.')
        return -1;
    int scale = 100;
    for (size_t i = 2; i < v.len; i++, scale /= 10) {
        if (v.ptr[i] < '0' || v.ptr[i] > '9')
            return -1;
        q += (v.ptr[i] - '0') * scale;
    }
    return q <= 1000 ? q : -1;
}

/* The index of the pot's addition with this name (without case), or -1. */
static long addition_index(const tp_teapot_options *opt, tp_str name)
{
    for (size_t i = 0; opt->additions && opt->additions[i]; i++)
        if (strlen(opt->additions[i]) == name.len &&
            !strncasecmp(opt->additions[i], name.ptr, name.len))
            return (long)i;
    return -1;
}

typedef struct additions {
    bool *asked;   /* per addition of the pot: the request wants it */
    sbuf missing;  /* what was asked for and the pot does not have */
} additions;

/* Reads the field: #( addition-type *( ";" parameter ) ) (RFC 2324
 * 2.2.2.1), with parameters as RFC 9110 5.6.6 reads them (empty ones
 * allowed) and "q" the weight (RFC 9110 12.4.2), since the field is
 * modelled on Accept.  Names compare without case; "*" asks for nothing
 * in particular, and a weight of 0 refuses an addition.  Returns false
 * on a syntax error. */
static bool read_additions(const pot_ctx *p, tp_str s, additions *a)
{
    size_t i = 0;
    for (;;) {
        i = skip_ows(s, i);
        if (i >= s.len)
            return true;
        if (s.ptr[i] == ',') { /* empty list elements (RFC 9110 5.6.1) */
            i++;
            continue;
        }
        size_t end = scan_token(s, i);
        if (end == i)
            return false;
        tp_str name = {s.ptr + i, end - i};
        int q = 1000;
        i = skip_ows(s, end);
        while (i < s.len && s.ptr[i] == ';') {
            i = skip_ows(s, i + 1);
            if (i >= s.len || s.ptr[i] == ',' || s.ptr[i] == ';')
                continue; /* an empty parameter */
            end = scan_token(s, i);
            if (end == i || end >= s.len || s.ptr[end] != '=')
                return false;
            tp_str pname = {s.ptr + i, end - i};
            i = end + 1;
            end = i < s.len && s.ptr[i] == '"' ? scan_quoted(s, i)
                                                : scan_token(s, i);
            if (end <= i)
                return false;
            if (pname.len == 1 && (pname.ptr[0] | 0x20) == 'q' &&
                (q = parse_qvalue((tp_str){s.ptr + i, end - i})) < 0)
                return false;
            i = skip_ows(s, end);
        }
        if (i < s.len && s.ptr[i] != ',')
            return false;
        if (q == 0 || (name.len == 1 && name.ptr[0] == '*'))
            continue;
        long k = addition_index(p->opt, name);
        if (k >= 0) {
            a->asked[k] = true;
        } else {
            size_t n = name.len < MAX_ECHO ? name.len : MAX_ECHO;
            sb_add(&a->missing, "%s%.*s", a->missing.len ? ", " : "",
                   (int)n, name.ptr);
        }
    }
}

/* ---- BREW and POST ---- */

/* The Alternates field of RFC 7168 2.1.1: the varieties as RFC 2295 8.3
 * variant descriptions.  RFC 7168's example leaves out the source-quality
 * that RFC 2295 5.1 requires after the URI; it is given here (1.0: every
 * variety is as good as the others), so that a parser of RFC 2295 reads
 * the list too.  Absolute paths, so that the entries mean the same
 * whichever URI of the pot was asked. */
static void add_alternates(const pot_ctx *p)
{
    sbuf b = {.req = p->req};
    for (size_t i = 0; p->opt->teas && p->opt->teas[i]; i++) {
        sb_add(&b, "%s{\"", i ? ", " : "");
        sbuf u = {.req = p->req};
        sb_variety_uri(&u, p, p->opt->teas[i]);
        const char *uri = sb_text(&u);
        if (uri)
            sb_uri_path(&b, uri);
        sb_add(&b, "\" 1.0 {type " TEAPOT_TYPE "}}");
    }
    const char *v = sb_text(&b);
    if (v && b.len)
        tp_response_header(p->req, "Alternates", v);
}

/* RFC 2324 2.3.2 and RFC 7168 2.3.3: a teapot asked for coffee says so,
 * for good.  At the pot's own URI the answer also lists the teas
 * (RFC 7168 2.1.1: a coffee request there SHOULD get the Alternates
 * too, so that a client can offer tea instead). */
static void refuse_coffee(const pot_ctx *p)
{
    if (p->at == AT_POT)
        add_alternates(p);
    sbuf b = {.req = p->req};
    sb_add(&b, "I'm a teapot, short and stout: this pot brews tea, not "
               "coffee.\nIts teas: ");
    sb_list(&b, p->opt->teas, "none");
    sb_add(&b, "\n");
    const char *text = sb_text(&b);
    if (!text)
        tp_respond_error(p->req, 418, NULL);
    else
        tp_respond(p->req, 418, "text/plain; charset=utf-8", text, b.len);
}

/* RFC 7168 2.1.1 and 2.3.1: a tea request to the pot itself brews
 * nothing; it answers 300 with the varieties in Alternates, and (RFC
 * 9110 15.4.1) content listing them with links for the user to choose.
 * No Location: the pot prefers no tea. */
static void offer_teas(const pot_ctx *p)
{
    if (!p->opt->teas || !p->opt->teas[0]) {
        /* RFC 7168 2.3.3 lets a pot say it cannot brew for now. */
        tp_respond_error(p->req, 503, "this teapot has no tea to offer");
        return;
    }
    add_alternates(p);
    sbuf b = {.req = p->req};
    sb_add(&b, "<!DOCTYPE html>\n<title>Choose a tea</title>\n<p>This "
               "teapot brews one variety at a time. Send the same request "
               "to one of these:</p>\n<ul>\n");
    for (size_t i = 0; p->opt->teas[i]; i++) {
        sbuf u = {.req = p->req};
        sb_variety_uri(&u, p, p->opt->teas[i]);
        const char *uri = sb_text(&u);
        sb_add(&b, "<li><a href=\"");
        if (uri)
            sb_html(&b, uri);
        sb_add(&b, "\">%s</a></li>\n", p->opt->teas[i]);
    }
    sb_add(&b, "</ul>\n");
    const char *text = sb_text(&b);
    if (!text)
        tp_respond_error(p->req, 500, "out of memory");
    else
        tp_respond(p->req, 300, "text/html; charset=utf-8", text, b.len);
}

/* RFC 9110 15.5.16: a body this resource does not take, and which one it
 * does: Accept-Post for POST (W3C LDP 7.1); BREW has no such field (Accept
 * is a request field), so the explanation names the type for both. */
static void refuse_media_type(const pot_ctx *p, bool post, bool present,
                              tp_str type)
{
    if (post)
        tp_response_header(p->req, "Accept-Post", TEAPOT_TYPE);
    sbuf b = {.req = p->req};
    if (present)
        sb_add(&b, "this teapot takes " TEAPOT_TYPE " (\"start\" or "
                   "\"stop\"), not '%.*s'",
               (int)(type.len < MAX_ECHO ? type.len : MAX_ECHO), type.ptr);
    else
        sb_add(&b, "a BREW or POST here needs Content-Type: " TEAPOT_TYPE);
    const char *why = sb_text(&b);
    tp_respond_error(p->req, 415, why ? why : "not a tea request");
}

typedef struct brew {
    pot_ctx pot;
    char body[MAX_COMMAND];
    size_t len;
} brew;

static bool ows_char(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static bool command_is(tp_str s, const char *word)
{
    size_t n = strlen(word);
    return s.len == n && !strncasecmp(s.ptr, word, n);
}

static void start_brewing(const pot_ctx *p)
{
    size_t n = 0;
    while (p->opt->additions && p->opt->additions[n])
        n++;
    additions a = {.asked = tp_request_alloc(p->req, n ? n : 1),
                   .missing = {.req = p->req}};
    if (!a.asked) {
        tp_respond_error(p->req, 500, "out of memory");
        return;
    }
    memset(a.asked, 0, n ? n : 1);
    tp_str field;
    if (tp_request_header_list(p->req, "Accept-Additions", &field) &&
        !read_additions(p, field, &a)) {
        tp_respond_error(p->req, 400, "Accept-Additions wants a list of "
                         "additions, each with optional parameters such as "
                         "\"milk;q=0.5, honey\"");
        return;
    }
    if (a.missing.len) {
        /* RFC 2324 2.3.1: the pot cannot add what was asked for, and the
         * answer lists what it can add. */
        sbuf b = {.req = p->req};
        sb_add(&b, "this teapot cannot add %s; its additions are: ",
               sb_text(&a.missing) ? a.missing.p : "that");
        sb_list(&b, p->opt->additions, "none");
        const char *why = sb_text(&b);
        tp_respond_error(p->req, 406, why ? why : "no such addition");
        return;
    }
    if (!preconditions_hold(p))
        return;
    /* RFC 9110 15.3.3: brewing has begun and is not finished; the
     * content says how to end it (RFC 7168 2.1.2). */
    sbuf b = {.req = p->req};
    sb_add(&b, "Brewing %s", p->tea);
    for (size_t i = 0, shown = 0; i < n; i++)
        if (a.asked[i])
            sb_add(&b, "%s%s", shown++ ? ", " : " with ",
                   p->opt->additions[i]);
    sb_add(&b, ". It steeps until you send BREW with \"stop\" to ");
    sb_variety_uri(&b, p, p->tea);
    sb_add(&b, ".\n");
    const char *text = sb_text(&b);
    if (!text)
        tp_respond_error(p->req, 500, "out of memory");
    else
        tp_respond(p->req, 202, "text/plain; charset=utf-8", text, b.len);
}

static void stop_brewing(const pot_ctx *p)
{
    if (!preconditions_hold(p))
        return;
    sbuf b = {.req = p->req};
    sb_add(&b, "Stopped brewing %s: it is ready to pour.\n", p->tea);
    const char *text = sb_text(&b);
    if (!text)
        tp_respond_error(p->req, 500, "out of memory");
    else
        tp_respond(p->req, 200, "text/plain; charset=utf-8", text, b.len);
}

static int brew_piece(tp_request *req, const char *data, size_t len,
                      void *arg)
{
    brew *w = arg;
    if (data) {
        if (len > MAX_COMMAND - w->len) {
            /* The rest of the body is unread: the connection cannot go
             * on, and the answer says so (RFC 9112 9.6). */
            tp_response_header(req, "Connection", "close");
            tp_respond_error(req, 413, "a BREW body is \"start\" or \"stop\"");
            return 413;
        }
        memcpy(w->body + w->len, data, len);
        w->len += len;
        return 0;
    }
    /* RFC 2324 4: coffee-message-body = "start" | "stop", literals that
     * its grammar (RFC 2068 2.1) reads without case; a line end around it
     * is not a different command. */
    tp_str s = {w->body, w->len};
    while (s.len && ows_char(s.ptr[0])) {
        s.ptr++;
        s.len--;
    }
    while (s.len && ows_char(s.ptr[s.len - 1]))
        s.len--;
    if (command_is(s, "start"))
        start_brewing(&w->pot);
    else if (command_is(s, "stop"))
        stop_brewing(&w->pot);
    else
        tp_respond_error(req, 400, "a BREW body is \"start\" or \"stop\" "
                                   "(RFC 2324 section 4)");
    return 0;
}

/* The media type of Content-Type without its parameters. */
static tp_str media_type(tp_str ct)
{
    const char *semi = memchr(ct.ptr, ';', ct.len);
    tp_str t = {ct.ptr, semi ? (size_t)(semi - ct.ptr) : ct.len};
    while (t.len && (t.ptr[t.len - 1] == ' ' || t.ptr[t.len - 1] == '\t'))
        t.len--;
    return t;
}

static bool type_is(tp_str t, const char *type)
{
    size_t n = strlen(type);
    return t.len == n && !strncasecmp(t.ptr, type, n);
}

/* RFC 2324 2.1.1: BREW and POST are the same command (POST deprecated). */
static void brew_or_post(pot_ctx *p, bool post)
{
    tp_str ct = {0};
    bool present = tp_request_header(p->req, "Content-Type", &ct);
    tp_str t = present ? media_type(ct) : (tp_str){0};
    if (type_is(t, COFFEEPOT_TYPE) || type_is(t, COFFEE_COMMAND_TYPE)) {
        refuse_coffee(p);
        return;
    }
    if (!type_is(t, TEAPOT_TYPE)) {
        refuse_media_type(p, post, present, t);
        return;
    }
    if (p->at == AT_POT) {
        offer_teas(p);
        return;
    }
    int64_t cl = tp_request_content_length(p->req);
    if (cl > MAX_COMMAND) {
        /* Refused before reading, so no 100 Continue is sent for it. */
        tp_respond_error(p->req, 413, "a BREW body is \"start\" or \"stop\"");
        return;
    }
    brew *w = tp_request_alloc(p->req, sizeof(*w));
    if (!w) {
        tp_respond_error(p->req, 500, "out of memory");
        return;
    }
    w->pot = *p;
    w->len = 0;
    tp_request_read_body(p->req, brew_piece, w);
}

/* ---- the other methods ---- */

static bool method_is(tp_str m, const char *name)
{
    size_t n = strlen(name);
    return m.len == n && !memcmp(m.ptr, name, n);
}

/* RFC 2324 2.1.4: WHEN says enough milk has been poured. */
static void say_when(const pot_ctx *p)
{
    if (!preconditions_hold(p))
        return;
    static const char text[] = "Stopped pouring the milk.\n";
    tp_respond_static(p->req, 200, "text/plain; charset=utf-8", text,
                      sizeof(text) - 1);
}

void tp_htcpcp_answer(tp_request *req, const char *pot,
                      const tp_teapot_options *opt)
{
    static const tp_teapot_options no_options = {0};
    pot_ctx p = {.req = req, .pot = pot, .opt = opt ? opt : &no_options};
    p.base = strlen(pot);
    if (p.base && pot[p.base - 1] == '/')
        p.base--;
    locate(&p);
    if (p.at == AT_UNKNOWN_TEA) {
        sbuf b = {.req = req};
        size_t n = p.segment.len < MAX_ECHO ? p.segment.len : MAX_ECHO;
        sb_add(&b, "this teapot has no '%.*s'; its teas are ", (int)n,
               p.segment.ptr);
        sb_list(&b, p.opt->teas, "none");
        const char *why = sb_text(&b);
        tp_respond_error(req, 404, why ? why : "no such tea");
        return;
    }
    if (p.at == AT_NOTHING) {
        sbuf b = {.req = req};
        sb_add(&b, "this teapot is at %s and its teas at ", pot);
        sb_variety_uri(&b, &p, "<tea>");
        const char *why = sb_text(&b);
        tp_respond_error(req, 404, why ? why : "no such teapot");
        return;
    }
    tp_str m = tp_request_method(req);
    if (method_is(m, "GET") || method_is(m, "HEAD")) {
        serve_description(&p);
    } else if (method_is(m, "BREW") || method_is(m, "POST")) {
        brew_or_post(&p, method_is(m, "POST"));
    } else if (method_is(m, "WHEN")) {
        say_when(&p);
    } else if (method_is(m, "OPTIONS")) {
        /* RFC 9110 9.3.7: the methods, and what a POST takes. */
        tp_response_header(req, "Allow", ALLOW);
        tp_response_header(req, "Accept-Post", TEAPOT_TYPE);
        tp_respond_static(req, 200, NULL, "", 0);
    } else {
        /* RFC 9110 15.5.6: 405 with the methods the pot supports. */
        tp_response_header(req, "Allow", ALLOW);
        tp_respond_error(req, 405, "a teapot takes " ALLOW);
    }
}
