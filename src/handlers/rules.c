/*
 * rules.c - request rules: redirects, 410, 451, fixed answers, 503 for
 * maintenance, 428 for unconditional writes, a form inbox (205, 415, 507),
 * a captive portal (511), HTCPCP pots (htcpcp.c), 103 Early Hints, and
 * the checks that go with any of them: client networks (403), HTTP Basic
 * authentication (401, 403) and rate limits (429).  Rules match by path
 * (exact or prefix) and method.  The rules of a scope (the server's own
 * routes, or one host) are one engine filter that walks them in order;
 * the first rule that matches and answers ends the walk.  This file also
 * owns the checks of a rule's values, which the configuration loader
 * calls so that a rule it accepts can always be answered with every
 * header field its status code requires.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>
#include <openssl/evp.h>

#include "form.h"
#include "handlers.h"
#include "teapot/http.h"
#include "teapot/ratelimit.h"
#include "teapot/status.h"

/* Longer paths and templates are mistakes, not configurations. */
#define MAX_RULE_PATH 1024
#define MAX_TEMPLATE 2048
#define MAX_METHOD 32
/* A rate limit's bounds: beyond them a limit is a typo, not a policy. */
#define MAX_RATE 1000000.0
#define MAX_LIMIT_NAME 64
#define DEFAULT_MAX_CLIENTS 10000
/* A Basic realm longer than this is a mistake, not a name (refused by the
 * configuration check, so the 401's challenge is always well formed). */
#define MAX_REALM 100
/* A cookie name longer than this is a mistake as well. */
#define MAX_COOKIE_NAME 128
/* The inbox file's mode when it is created: the server's user writes it,
 * its group may read it, nobody else sees the submissions. */
#define INBOX_MODE 0640
/* 413: a form submission larger than this is refused, whatever
 * limits.max_body allows: the inbox holds the body, its parse and its
 * JSON line in memory at once, and hands file parts to base64 with an
 * int length. */
#define MAX_INBOX_MIB 8
#define MAX_INBOX_BODY (MAX_INBOX_MIB * 1024 * 1024)

/* ---- checks ---- */

/* Visible ASCII: what a URI may hold (RFC 3986 2), and more. */
static bool visible(const char *v)
{
    for (const unsigned char *p = (const unsigned char *)v; *p; p++)
        if (*p <= 0x20 || *p >= 0x7f)
            return false;
    return true;
}

/* The engine matches requests by their canonical path (tp_path_literal:
 * escapes of the characters a segment may hold as themselves decoded, the
 * other escapes in upper case, no dot segments, no empty ones), so a
 * rule's path written any other way could never match: it is refused
 * with the spelling that would. */
int tp_rule_check_path(const char *v, char *why, size_t cap)
{
    size_t n = strlen(v);
    bool ok = v[0] == '/' && visible(v) && !strpbrk(v, "?#") &&
              n <= MAX_RULE_PATH;
    for (size_t i = 0; ok && i < n; i++)
        if (v[i] == '%')
            ok = tp_pct_decode(v + i, n - i) >= 0;
    if (!ok)
        return tp_refuse(why, cap, "wants a path starting with '/' (at most %d "
                      "visible characters, no '?' or '#', '%%' only before "
                      "two hex digits), not '%.80s'", MAX_RULE_PATH, v);
    for (size_t i = 0; i < n; i++) {
        if (v[i] == '%') {
            const char *hex = v + i + 1;
            int c = tp_pct_decode(v + i, n - i);
            if (tp_path_literal(c))
                return tp_refuse(why, cap, "spells '%c' as '%.3s': write "
                                 "'%c' (requests are matched with such "
                                 "escapes decoded, RFC 3986 6.2.2.2)", c,
                                 v + i, c);
            if (islower((unsigned char)hex[0]) ||
                islower((unsigned char)hex[1]))
                return tp_refuse(why, cap, "has '%.3s': write '%%%c%c' "
                                 "(requests are matched with escapes in "
                                 "upper case, RFC 3986 6.2.2.1)", v + i,
                                 toupper((unsigned char)hex[0]),
                                 toupper((unsigned char)hex[1]));
        }
        if (v[i] != '/')
            continue;
        size_t seg = strcspn(v + i + 1, "/");
        if (seg == 0 && i + 1 < n)
            return tp_refuse(why, cap, "has an empty segment ('//'): write "
                             "one '/' (requests are matched with empty "
                             "segments merged), not '%.80s'", v);
        if ((seg == 1 && v[i + 1] == '.') ||
            (seg == 2 && v[i + 1] == '.' && v[i + 2] == '.'))
            return tp_refuse(why, cap, "has a '.' or '..' segment, which no "
                             "request path has once its dot segments are "
                             "removed (RFC 3986 6.2.2.3), not '%.80s'", v);
    }
    return 0;
}

/* RFC 9110 9.1: a method is a token, compared with case. */
int tp_rule_check_method(const char *v, char *why, size_t cap)
{
    size_t n = strlen(v);
    bool ok = n > 0 && n <= MAX_METHOD &&
              strspn(v, "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                        "abcdefghijklmnopqrstuvwxyz") == n;
    if (!ok)
        return tp_refuse(why, cap, "wants a method name (a token such as GET "
                      "or POST), not '%.80s'", v);
    return 0;
}

/* The placeholders of a redirect template, by name. */
enum placeholder { PH_PATH, PH_REST, PH_QUERY, PH_NONE };

static enum placeholder placeholder_at(const char *p, size_t *len)
{
    static const char *const names[] = {"{path}", "{rest}", "{query}"};
    for (int i = 0; i < 3; i++) {
        size_t l = strlen(names[i]);
        if (!strncmp(p, names[i], l)) {
            *len = l;
            return (enum placeholder)i;
        }
    }
    return PH_NONE;
}

int tp_rule_check_template(const char *v, bool has_rest, char *why,
                           size_t cap)
{
    size_t n = strlen(v);
    /* A path on this server, or an absolute URI (RFC 3986 3.1 scheme). */
    size_t scheme = strspn(v, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ"
                              "RSTUVWXYZ0123456789+-.");
    bool absolute = scheme > 0 && v[scheme] == ':' &&
                    ((v[0] | 0x20) >= 'a' && (v[0] | 0x20) <= 'z');
    if (!(v[0] == '/' || absolute) || !visible(v) || n > MAX_TEMPLATE)
        return tp_refuse(why, cap, "wants a path starting with '/' or an "
                      "absolute URL (visible characters, at most %d), not "
                      "'%.80s'", MAX_TEMPLATE, v);
    for (size_t i = 0; i < n; i++) {
        if (v[i] == '}')
            return tp_refuse(why, cap, "has a '}' that closes nothing (the "
                          "placeholders are {path}, {rest} and {query})");
        if (v[i] != '{')
            continue;
        size_t l = 0;
        enum placeholder ph = placeholder_at(v + i, &l);
        if (ph == PH_NONE) {
            size_t end = strcspn(v + i, "}");
            return tp_refuse(why, cap, "uses '%.*s', which is not a placeholder "
                          "(they are {path}, {rest} and {query})",
                          (int)(end < 40 ? end + (v[i + end] == '}') : 40),
                          v + i);
        }
        if (ph == PH_REST && !has_rest)
            return tp_refuse(why, cap, "uses {rest}, which only a rule matching "
                          "a prefix has");
        i += l - 1;
    }
    return 0;
}

/* RFC 9110 15.4: the five redirections that carry a Location for the
 * client to follow on its own. */
int tp_rule_check_redirect_code(long code, char *why, size_t cap)
{
    if (code != 301 && code != 302 && code != 303 && code != 307 &&
        code != 308)
        return tp_refuse(why, cap, "wants 301, 302, 303, 307 or 308, not %ld",
                      code);
    return 0;
}

/* A fixed answer carries Content-Type at most (the engine adds Date,
 * Server and the framing): no other field a status code may require. */
static bool fixed_answer_has(const char *name, void *ctx)
{
    (void)ctx;
    return !strcasecmp(name, "Content-Type");
}

int tp_rule_check_return(long code, bool has_body, char *why, size_t cap)
{
    if (code >= 100 && code <= 199)
        return tp_refuse(why, cap, "wants a final status (200 to 599), not "
                      "%ld: a 1xx response is interim (RFC 9110 15.2)", code);
    if (code < 200 || code > 599)
        return tp_refuse(why, cap, "wants a final status from 200 to 599, not "
                      "%ld", code);
    int c = (int)code;
    const char *missing = tp_status_missing_field(c, fixed_answer_has, NULL);
    if (missing)
        return tp_refuse(why, cap, "cannot be %d: its response requires the %s "
                      "header field, which a fixed answer cannot give%s", c,
                      missing,
                      !strcasecmp(missing, "Location") ? " (use redirect)"
                                                        : "");
    /* RFC 9110 15.4.5: 304 answers a conditional GET or HEAD whose
     * condition was false; to any other request it would be a lie. */
    if (c == 304)
        return tp_refuse(why, cap, "cannot be 304: it only answers a "
                      "conditional request whose condition failed "
                      "(RFC 9110 15.4.5)");
    if (has_body && (c == 205 || !tp_status_allows_content(c)))
        return tp_refuse(why, cap, "is %d, which has no content: leave out "
                      "body", c);
    return 0;
}

/* RFC 8288 3: the target of a Link is a URI-Reference between '<' and
 * '>'; it is written into one. */
int tp_rule_check_link(const char *v, char *why, size_t cap)
{
    if (!*v || !visible(v) || strpbrk(v, "<>\""))
        return tp_refuse(why, cap, "wants a URL (visible characters, no '<', "
                      "'>' or '\"'), not '%.80s'", v);
    return 0;
}

/* A Link field value (RFC 8288 3): only the shape a 103 needs is checked,
 * a URI between angle brackets first, and nothing a field value cannot
 * hold (RFC 9110 5.5). */
int tp_rule_check_hint(const char *v, char *why, size_t cap)
{
    bool ok = v[0] == '<' && strchr(v, '>') && strlen(v) <= MAX_TEMPLATE;
    for (const unsigned char *p = (const unsigned char *)v; ok && *p; p++)
        ok = (*p >= 0x20 && *p != 0x7f) || *p == '\t';
    if (!ok)
        return tp_refuse(why, cap, "wants a Link field value such as "
                      "'</style.css>; rel=preload; as=style', not '%.80s'", v);
    return 0;
}

/* RFC 9110 8.3.1: type "/" subtype, with parameters. */
int tp_rule_check_media_type(const char *v, char *why, size_t cap)
{
    bool ok = strchr(v, '/') && v[0] != '/' && strlen(v) <= 200;
    for (const unsigned char *p = (const unsigned char *)v; ok && *p; p++)
        ok = *p >= 0x20 && *p != 0x7f;
    if (!ok)
        return tp_refuse(why, cap, "wants a media type such as 'text/html; "
                      "charset=utf-8', not '%.80s'", v);
    return 0;
}

int tp_rule_check_rate(double rate, char *why, size_t cap)
{
    if (!(rate > 0) || rate > MAX_RATE)
        return tp_refuse(why, cap, "wants requests per second, a number above "
                      "0 and at most %g, not %g", MAX_RATE, rate);
    return 0;
}

/* The name goes into the RateLimit fields as a structured-field string
 * (RFC 9651 3.3.3): a token of letters, digits, '_' and '-' needs no
 * escaping there and reads the same in logs. */
int tp_rule_check_limit_name(const char *v, char *why, size_t cap)
{
    size_t n = strlen(v);
    if (n == 0 || n > MAX_LIMIT_NAME ||
        strspn(v, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                  "0123456789_-") != n)
        return tp_refuse(why, cap, "wants a name of at most %d letters, digits, "
                      "'_' and '-', not '%.80s'", MAX_LIMIT_NAME, v);
    return 0;
}

/* RFC 9110 5.6.2: tchar. */
static const char TCHARS[] = "!#$%&'*+-.^_`|~0123456789"
                             "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
                             "abcdefghijklmnopqrstuvwxyz";

/* RFC 6265 4.1.1: cookie-name = token. */
int tp_rule_check_cookie_name(const char *v, char *why, size_t cap)
{
    size_t n = strlen(v);
    if (n == 0 || n > MAX_COOKIE_NAME || strspn(v, TCHARS) != n)
        return tp_refuse(why, cap, "wants a cookie name (a token of at most "
                      "%d letters, digits and !#$%%&'*+-.^_`|~), not "
                      "'%.80s'", MAX_COOKIE_NAME, v);
    return 0;
}

/* The realm goes between the quotes of a quoted-string (RFC 9110 5.6.4):
 * printable ASCII without '"' or '\\' needs no escaping, and reads the
 * same in every browser's login dialog (other bytes are obs-text, which
 * recipients treat as opaque, RFC 9110 5.5). */
int tp_rule_check_realm(const char *v, char *why, size_t cap)
{
    size_t n = strlen(v);
    bool ok = n > 0 && n <= MAX_REALM;
    for (const unsigned char *p = (const unsigned char *)v; ok && *p; p++)
        ok = *p >= 0x20 && *p < 0x7f && *p != '"' && *p != '\\';
    if (!ok)
        return tp_refuse(why, cap, "wants a name of 1 to %d printable ASCII "
                      "characters without '\"' or '\\', not '%.80s'",
                      MAX_REALM, v);
    return 0;
}

/* ---- the compiled rules ---- */

typedef struct crule {
    tp_rule r;
    size_t match_len;    /* of r.path or r.prefix */
    tp_ratelimit *rl;    /* r.rate_limit's buckets, or NULL */
    tp_htpasswd *pw;     /* r.auth's users, or NULL */
    const char *challenge; /* r.auth's WWW-Authenticate value */
} crule;

typedef struct ruleset {
    crule *rules;
    size_t n;
    char **owned;        /* every string copied at mount */
    size_t nowned, capowned;
    const char **lists;  /* the methods and hints arrays, one block */
} ruleset;

static void ruleset_free(void *arg)
{
    ruleset *rs = arg;
    for (size_t i = 0; rs->rules && i < rs->n; i++) {
        tp_ratelimit_free(rs->rules[i].rl);
        tp_htpasswd_free(rs->rules[i].pw);
    }
    for (size_t i = 0; i < rs->nowned; i++)
        free(rs->owned[i]);
    free(rs->owned);
    free(rs->lists);
    free(rs->rules);
    free(rs);
}

/* A heap block the ruleset frees. */
static void *keep(ruleset *rs, size_t n)
{
    if (rs->nowned == rs->capowned) {
        size_t cap = rs->capowned ? rs->capowned * 2 : 16;
        char **o = realloc(rs->owned, cap * sizeof(*o));
        if (!o)
            return NULL;
        rs->owned = o;
        rs->capowned = cap;
    }
    char *c = malloc(n ? n : 1);
    if (c)
        rs->owned[rs->nowned++] = c;
    return c;
}

static char *own(ruleset *rs, const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s) + 1;
    char *c = keep(rs, n);
    if (c)
        memcpy(c, s, n);
    return c;
}

static size_t list_len(const char *const *l)
{
    size_t n = 0;
    while (l && l[n])
        n++;
    return n;
}

/* ---- answering ---- */

static bool method_fits(const tp_rule *r, tp_str m)
{
    if (!r->methods)
        return true;
    for (size_t i = 0; r->methods[i]; i++) {
        const char *x = r->methods[i];
        size_t l = strlen(x);
        if (l == m.len && !memcmp(x, m.ptr, l))
            return true;
        /* HEAD is GET without the content (RFC 9110 9.3.2). */
        if (!strcmp(x, "GET") && m.len == 4 && !memcmp(m.ptr, "HEAD", 4))
            return true;
    }
    return false;
}

static bool path_fits(const crule *c, tp_str path)
{
    if (c->r.path)
        return path.len == c->match_len &&
               !memcmp(path.ptr, c->r.path, path.len);
    if (path.len < c->match_len ||
        memcmp(path.ptr, c->r.prefix, c->match_len))
        return false;
    /* A pot is its URI and what is below it (RFC 7168 2.1.1): /pot-0x is
     * another resource than /pot-0, and goes on to whatever serves it. */
    return c->r.action != TP_RULE_TEAPOT || path.len == c->match_len ||
           c->r.prefix[c->match_len - 1] == '/' ||
           path.ptr[c->match_len] == '/';
}

/* The template with its placeholders filled in, into `out` when it is
 * not NULL; returns the length either way. */
static size_t expand(const crule *c, tp_str path, tp_str query, char *out,
                     bool *used_query)
{
    const char *t = c->r.to;
    size_t o = 0;
    *used_query = false;
    while (*t) {
        size_t l = 0;
        enum placeholder ph = *t == '{' ? placeholder_at(t, &l) : PH_NONE;
        if (ph == PH_NONE) {
            if (out)
                out[o] = *t;
            o++;
            t++;
            continue;
        }
        tp_str s = ph == PH_PATH ? path
                 : ph == PH_QUERY ? query
                 : (tp_str){path.ptr + c->match_len, path.len - c->match_len};
        if (ph == PH_QUERY)
            *used_query = true;
        if (out)
            memcpy(out + o, s.ptr, s.len);
        o += s.len;
        t += l;
    }
    return o;
}

static size_t html_escaped(const char *s, size_t n, char *out)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        const char *e = s[i] == '<' ? "&lt;" : s[i] == '>' ? "&gt;"
                      : s[i] == '&' ? "&amp;" : s[i] == '"' ? "&quot;"
                      : s[i] == '\'' ? "&#39;" : NULL;
        size_t l = e ? strlen(e) : 1;
        if (out)
            memcpy(out + o, e ? e : s + i, l);
        o += l;
    }
    return o;
}

/* A short HTML page with a link: head, the target escaped, mid, the
 * target escaped again, tail (a redirect's note, the portal's page). */
static void respond_link_page(tp_request *req, int code, const char *head,
                              const char *mid, const char *tail,
                              const char *target, size_t n)
{
    size_t el = html_escaped(target, n, NULL);
    size_t hl = strlen(head), ml = strlen(mid), tl = strlen(tail);
    size_t len = hl + el + ml + el + tl;
    char *body = tp_request_alloc(req, len);
    if (!body) {
        tp_respond(req, code, NULL, NULL, 0);
        return;
    }
    char *p = body;
    memcpy(p, head, hl);
    p += hl;
    p += html_escaped(target, n, p);
    memcpy(p, mid, ml);
    p += ml;
    p += html_escaped(target, n, p);
    memcpy(p, tail, tl);
    tp_respond(req, code, "text/html; charset=utf-8", body, len);
}

static void redirect(tp_request *req, const crule *c, tp_str path)
{
    tp_str query = tp_request_query(req);
    bool used_query;
    size_t n = expand(c, path, query, NULL, &used_query);
    /* The request's query goes along unless the template placed it: before
     * any fragment, after '?' or '&' (RFC 3986 3.4). */
    size_t extra = !used_query && query.len ? query.len + 1 : 0;
    char *loc = tp_request_alloc(req, n + extra + 1);
    if (!loc) {
        tp_respond_error(req, 500, "out of memory");
        return;
    }
    expand(c, path, query, loc, &used_query);
    loc[n] = '\0';
    if (extra) {
        char *hash = memchr(loc, '#', n);
        size_t at = hash ? (size_t)(hash - loc) : n;
        bool has_q = memchr(loc, '?', at) != NULL;
        bool open = at > 0 && (loc[at - 1] == '?' || loc[at - 1] == '&');
        char sep = open ? '\0' : has_q ? '&' : '?';
        size_t q = query.len + (sep != '\0');
        memmove(loc + at + q, loc + at, n - at + 1);
        if (sep)
            loc[at] = sep;
        memcpy(loc + at + (sep != '\0'), query.ptr, query.len);
        n += q;
    }
    /* RFC 9110 10.2.2: Location holds the URI reference to follow. */
    tp_response_header(req, "Location", loc);
    /* RFC 9110 15.4: the content is a short hypertext note with a link,
     * for clients that do not follow redirects on their own. */
    respond_link_page(req, c->r.code,
                      "<!DOCTYPE html>\n<title>Moved</title>\n<p>This "
                      "resource is at <a href=\"", "\">", "</a>.</p>\n", loc,
                      n);
}

static bool is_unsafe_write(tp_str m)
{
    return (m.len == 3 && !memcmp(m.ptr, "PUT", 3)) ||
           (m.len == 5 && !memcmp(m.ptr, "PATCH", 5)) ||
           (m.len == 6 && !memcmp(m.ptr, "DELETE", 6));
}

/* ---- the form inbox ---- */

/* RFC 9110 15.5.16: a 415 tells what the resource takes; Accept-Post is
 * the field registered for that answer to a POST (W3C LDP 7.1). */
#define INBOX_ACCEPT "application/x-www-form-urlencoded, multipart/form-data"
#define INBOX_ALLOW "OPTIONS, POST"

/* RFC 9110 15.5.14: more than the inbox takes. */
static void inbox_too_large(tp_request *req)
{
    char why[80];
    snprintf(why, sizeof(why), "a form sent here may have at most %d MiB",
             MAX_INBOX_MIB);
    tp_respond_error(req, 413, why);
}

/* Why a submission could not be stored, in the error log: the one place
 * the inbox reports to the operator. */
static void inbox_log(tp_request *req, const char *path, const char *what)
{
    tp_request_log(req, TP_LOG_ERROR, "form inbox %s: %s", path, what);
}

/* Strict UTF-8 (RFC 3629 3): no overlong forms, no surrogates, nothing
 * beyond U+10FFFF. */
static bool utf8_ok(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s, *end = p + n;
    while (p < end) {
        unsigned c = *p;
        size_t k = c < 0x80 ? 0 : c >= 0xc2 && c <= 0xdf ? 1
                 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3
                 : 4;
        if (k == 4 || (size_t)(end - p) < k + 1)
            return false;
        for (size_t i = 1; i <= k; i++)
            if ((p[i] & 0xc0) != 0x80)
                return false;
        if ((c == 0xe0 && p[1] < 0xa0) || (c == 0xed && p[1] > 0x9f) ||
            (c == 0xf0 && p[1] < 0x90) || (c == 0xf4 && p[1] > 0x8f))
            return false;
        p += k + 1;
    }
    return true;
}

/* One submission being read and recorded. */
typedef struct inbox_req {
    const crule *c;
    tp_bytes body;       /* in the arena */
    const char *media;   /* the Content-Type's media type, lower case */
    json_t *fields, *files;
} inbox_req;

/* A field name=value into "fields" (a string, or an array once the name
 * repeats), or a file part into "files" with its content in base64. */
static int inbox_field(tp_request *req, const tp_form_field *f, void *arg,
                       const char **why)
{
    (void)req;
    inbox_req *in = arg;
    if (!utf8_ok(f->name, f->name_len)) {
        *why = "a field name is not UTF-8 text";
        return 400;
    }
    if (f->filename) {
        size_t fl = strlen(f->filename), tl = strlen(f->content_type);
        if (!utf8_ok(f->filename, fl) || !utf8_ok(f->content_type, tl)) {
            *why = "a file's name or type is not UTF-8 text";
            return 400;
        }
        char *b64 = malloc(f->len / 3 * 4 + 5);
        if (!b64) {
            *why = "out of memory";
            return 500;
        }
        /* f->len is at most MAX_INBOX_BODY: it fits an int. */
        int bl = EVP_EncodeBlock((unsigned char *)b64,
                                 (const unsigned char *)f->value, (int)f->len);
        json_t *o = json_pack("{s:s%,s:s%,s:s%,s:I,s:s%}", "field", f->name,
                              f->name_len, "filename", f->filename, fl,
                              "content_type", f->content_type, tl, "size",
                              (json_int_t)f->len, "base64", b64, (size_t)bl);
        free(b64);
        if (!o || json_array_append_new(in->files, o) < 0) {
            *why = "out of memory";
            return 500;
        }
        return 0;
    }
    if (!utf8_ok(f->value, f->len)) {
        *why = "a field's value is not UTF-8 text";
        return 400;
    }
    json_t *v = json_stringn(f->value, f->len);
    json_t *cur = json_object_getn(in->fields, f->name, f->name_len);
    int err;
    if (!v)
        err = -1;
    else if (!cur)
        err = json_object_setn_new(in->fields, f->name, f->name_len, v);
    else if (json_is_array(cur))
        err = json_array_append_new(cur, v);
    else {
        json_t *a = json_pack("[Oo]", cur, v);
        err = a ? json_object_setn_new(in->fields, f->name, f->name_len, a)
                : -1;
    }
    if (err < 0) {
        *why = "out of memory";
        return 500;
    }
    return 0;
}

/* A JSON string of request text (the Host field, the path), or null when
 * it is absent or not UTF-8. */
static json_t *text_or_null(const char *s, size_t n)
{
    json_t *j = s && utf8_ok(s, n) ? json_stringn(s, n) : NULL;
    return j ? j : json_null();
}

/* Appends one line to the inbox file with one write(2): O_APPEND makes
 * each write land whole at the end, so concurrent submissions never
 * interleave, and opening the file each time recreates it after a
 * rotation.  Returns 0, 507 when the disk or quota is full (RFC 4918
 * 11.5), or 500. */
static int inbox_append(tp_request *req, const char *path, const char *line,
                        size_t n)
{
    char what[160];
    int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC,
                  INBOX_MODE);
    if (fd < 0) {
        int err = errno;
        snprintf(what, sizeof(what), "cannot open: %s", strerror(err));
        inbox_log(req, path, what);
        return err == ENOSPC || err == EDQUOT ? 507 : 500;
    }
    ssize_t w;
    do
        w = write(fd, line, n);
    while (w < 0 && errno == EINTR);
    int err = w < 0 ? errno : 0;
    if (close(fd) < 0 && !err && errno != EINTR)
        err = errno; /* a delayed write error (NFS, quota) */
    if (err) {
        snprintf(what, sizeof(what), "cannot write: %s", strerror(err));
        inbox_log(req, path, what);
        return err == ENOSPC || err == EDQUOT ? 507 : 500;
    }
    if ((size_t)w != n) {
        snprintf(what, sizeof(what), "short write (%zd of %zu bytes)", w, n);
        inbox_log(req, path, what);
        return 500;
    }
    return 0;
}

static void iso_time(char out[32])
{
    struct tm tm;
    time_t now = time(NULL);
    gmtime_r(&now, &tm);
    strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* The body is in: parse it, record it, answer. */
static void inbox_done(tp_request *req, inbox_req *in)
{
    const char *why = NULL;
    int st;
    tp_str ct = {"", 0};
    tp_request_header(req, "Content-Type", &ct);
    in->fields = json_object();
    in->files = json_array();
    if (!in->fields || !in->files) {
        st = 500;
        why = "out of memory";
    } else if (!strcmp(in->media, "multipart/form-data")) {
        char *boundary = tp_form_param(req, ct, "boundary");
        if (boundary) {
            st = tp_form_multipart(req, boundary, in->body.data, in->body.len,
                                   inbox_field, in, &why);
        } else if (errno == ENOMEM) {
            st = 500;
            why = "out of memory";
        } else {
            st = 400;
            why = errno == EINVAL ? "the Content-Type has an unterminated "
                                    "quoted string"
                                  : "multipart/form-data needs a boundary "
                                    "parameter (RFC 7578 4.1)";
        }
    } else {
        st = tp_form_urlencoded(req, (tp_str){in->body.data, in->body.len}, true,
                                inbox_field, in, &why);
    }
    if (!st && !json_object_size(in->fields) && !json_array_size(in->files)) {
        /* Nothing to record: an empty body, or one of empty pairs. */
        st = 400;
        why = "the form has no fields";
    }
    json_t *rec = NULL;
    char *line = NULL;
    if (!st) {
        char when[32];
        iso_time(when);
        tp_str host = {NULL, 0}, path = tp_request_path(req);
        tp_request_header(req, "Host", &host);
        bool multipart = !strcmp(in->media, "multipart/form-data");
        rec = json_pack("{s:s,s:s,s:o,s:o,s:s,s:O}", "time", when, "client",
                        tp_request_peer(req), "host",
                        text_or_null(host.ptr, host.len), "path",
                        text_or_null(path.ptr, path.len), "content_type",
                        in->media, "fields", in->fields);
        if (rec && multipart)
            json_object_set(rec, "files", in->files);
        line = rec ? json_dumps(rec, JSON_COMPACT) : NULL;
        if (!line) {
            st = 500;
            why = "out of memory";
        }
    }
    json_decref(in->fields);
    json_decref(in->files);
    json_decref(rec);
    if (!st) {
        size_t n = strlen(line);
        char *nl = realloc(line, n + 2);
        if (nl) {
            line = nl;
            memcpy(line + n, "\n", 2);
            st = inbox_append(req, in->c->r.file, line, n + 1);
            why = st == 507 ? "the server has no room left to store the "
                              "submission"
                            : "the submission could not be stored";
        } else {
            st = 500;
            why = "out of memory";
        }
    }
    free(line);
    if (st) {
        tp_respond_error(req, st, why);
        return;
    }
    /* RFC 9110 15.3.6: stored; the user agent may clear the form.  A 205
     * has no content (the writer sends Content-Length: 0). */
    tp_respond(req, 205, NULL, NULL, 0);
}

static int inbox_piece(tp_request *req, const char *data, size_t len,
                       void *arg)
{
    inbox_req *in = arg;
    if (!data) {
        if (tp_request_append(req, &in->body, "", 0) < 0)
            return 500;
        inbox_done(req, in);
        return 0;
    }
    /* The engine bounds the body (max_body, 413), and so does the inbox
     * for a chunked one; the arena holds it. */
    if (len > MAX_INBOX_BODY - in->body.len) {
        /* The rest is unread, so the connection cannot go on. */
        tp_response_header(req, "Connection", "close");
        inbox_too_large(req);
        return 413;
    }
    return tp_request_append(req, &in->body, data, len) < 0 ? 500 : 0;
}

/* The media type of a Content-Type value, lower case, without
 * parameters; NULL when there is none. */
static const char *media_type(tp_request *req, tp_str ct)
{
    size_t n = 0;
    while (n < ct.len && ct.ptr[n] != ';' && ct.ptr[n] != ' ' &&
           ct.ptr[n] != '\t')
        n++;
    if (!n)
        return NULL;
    char *m = tp_request_alloc(req, n + 1);
    if (!m)
        return NULL;
    for (size_t i = 0; i < n; i++)
        m[i] = (char)(ct.ptr[i] >= 'A' && ct.ptr[i] <= 'Z' ? ct.ptr[i] | 0x20
                                                           : ct.ptr[i]);
    m[n] = '\0';
    return m;
}

static bool method_is(tp_str m, const char *name)
{
    return m.len == strlen(name) && !memcmp(m.ptr, name, m.len);
}

static void inbox(tp_request *req, const crule *c)
{
    tp_str m = tp_request_method(req);
    if (method_is(m, "OPTIONS")) {
        /* RFC 9110 9.3.7: what the resource takes, and no content. */
        tp_response_header(req, "Allow", INBOX_ALLOW);
        tp_response_header(req, "Accept-Post", INBOX_ACCEPT);
        tp_respond(req, 204, NULL, NULL, 0);
        return;
    }
    if (!method_is(m, "POST")) {
        /* RFC 9110 15.5.6: a 405 MUST list the methods in Allow. */
        tp_response_header(req, "Allow", INBOX_ALLOW);
        tp_respond_error(req, 405, "this form inbox takes POST");
        return;
    }
    tp_str ct = {"", 0};
    tp_request_header(req, "Content-Type", &ct);
    bool form = tp_form_media_is(ct, "application/x-www-form-urlencoded") ||
                tp_form_media_is(ct, "multipart/form-data");
    const char *media = form ? media_type(req, ct) : NULL;
    if (!form) {
        tp_response_header(req, "Accept-Post", INBOX_ACCEPT);
        tp_respond_error(req, 415, "this form inbox takes "
                                   "application/x-www-form-urlencoded or "
                                   "multipart/form-data");
        return;
    }
    if (tp_request_content_length(req) > MAX_INBOX_BODY) {
        /* Refused before reading, so no 100 Continue is sent for it. */
        inbox_too_large(req);
        return;
    }
    inbox_req *in = tp_request_alloc(req, sizeof(*in));
    if (!media || !in) {
        tp_respond_error(req, 500, "out of memory");
        return;
    }
    *in = (inbox_req){.c = c, .media = media};
    tp_request_read_body(req, inbox_piece, in);
}

/* ---- the captive portal ---- */

/* Whether a Cookie field value (RFC 6265 5.4: "name=value" pairs split by
 * "; ") has a non-empty cookie `name`. */
static bool cookie_in(tp_str v, const char *name)
{
    size_t nl = strlen(name);
    const char *p = v.ptr, *end = v.ptr + v.len;
    while (p < end) {
        while (p < end && (*p == ' ' || *p == '\t' || *p == ';'))
            p++;
        const char *semi = memchr(p, ';', (size_t)(end - p));
        const char *pe = semi ? semi : end;
        const char *eq = memchr(p, '=', (size_t)(pe - p));
        if (eq && (size_t)(eq - p) == nl && !memcmp(p, name, nl)) {
            const char *val = eq + 1, *ve = pe;
            while (ve > val && (ve[-1] == ' ' || ve[-1] == '\t'))
                ve--;
            /* A quoted empty value ("") is empty too (RFC 6265 4.1.1). */
            if (ve - val >= 2 && val[0] == '"' && ve[-1] == '"') {
                val++;
                ve--;
            }
            if (ve > val)
                return true;
        }
        p = pe;
    }
    return false;
}

static bool has_cookie(const tp_request *req, const char *name)
{
    size_t n = tp_request_header_count(req);
    for (size_t i = 0; i < n; i++) {
        tp_str fn, fv;
        tp_request_header_at(req, i, &fn, &fv);
        if (fn.len == 6 && !strncasecmp(fn.ptr, "Cookie", 6) &&
            cookie_in(fv, name))
            return true;
    }
    return false;
}

/* Whether the path is the portal's login page (or below it when it ends
 * with '/'), which every client may reach. */
static bool portal_login(const tp_rule *r, tp_str path)
{
    size_t ll = strlen(r->portal.login);
    if (path.len == ll && !memcmp(path.ptr, r->portal.login, ll))
        return true;
    return ll && r->portal.login[ll - 1] == '/' && path.len >= ll &&
           !memcmp(path.ptr, r->portal.login, ll);
}

/* RFC 6585 6: 511, with a page that links to the login page and sends
 * the browser there.  It is not a challenge: no WWW-Authenticate. */
static void portal(tp_request *req, const tp_rule *r)
{
    static const char head[] =
        "<!DOCTYPE html>\n<html>\n<head>\n<meta charset=\"utf-8\">\n"
        "<title>Network Authentication Required</title>\n"
        "<meta http-equiv=\"refresh\" content=\"0; url=";
    static const char mid[] =
        "\">\n</head>\n<body>\n<h1>Network Authentication Required</h1>\n"
        "<p>You need to log in to this network before you can use it: "
        "<a href=\"";
    static const char tail[] = "\">log in</a>.</p>\n</body>\n</html>\n";
    /* RFC 6585 6: a 511 must not be stored by a cache, or the portal's
     * page would stand for the site after the login. */
    tp_response_header(req, "Cache-Control", "no-store");
    respond_link_page(req, 511, head, mid, tail, r->portal.login,
                      strlen(r->portal.login));
}

/* ---- access and authentication ---- */

/* Whether the client's address may pass rule `c`; false when it was
 * answered with 403 (RFC 9110 15.5.4: understood, and refused). */
static bool access_passes(tp_request *req, const crule *c)
{
    const tp_rule_access *a = &c->r.access;
    if (!a->on || tp_net_allowed(a->allow, a->nallow, a->deny, a->ndeny,
                                 tp_request_peer(req)))
        return true;
    tp_respond_error(req, 403, "your address is not allowed here");
    return false;
}

/* Whether the request carries the credentials of a user rule `c` takes;
 * false when it was answered with 401 or 403. */
static bool auth_passes(tp_request *req, const crule *c)
{
    if (!c->pw)
        return true;
    size_t lines = 0, n = tp_request_header_count(req);
    for (size_t i = 0; i < n && lines < 2; i++) {
        tp_str name, value;
        tp_request_header_at(req, i, &name, &value);
        lines += name.len == 13 && !strncasecmp(name.ptr, "Authorization", 13);
    }
    if (lines > 1) {
        /* RFC 9110 5.3: Authorization is not a list, so it may appear
         * once; two lines mean a confused client or intermediary, and
         * two components could each act on a different one. */
        tp_respond_error(req, 400, "the request has more than one "
                                   "Authorization field");
        return false;
    }
    tp_str v;
    char *user, *pass;
    size_t ul, pl;
    if (!tp_request_header(req, "Authorization", &v) ||
        !tp_basic_credentials(req, v, &user, &ul, &pass, &pl) ||
        tp_htpasswd_verify(c->pw, user, ul, pass, pl) != 1) {
        /* RFC 9110 15.5.2 and 11.6.1: a 401 MUST carry a challenge; the
         * same answer whether the user exists or not (RFC 7617 2.1
         * names the charset of the credentials). */
        tp_response_header(req, "WWW-Authenticate", c->challenge);
        tp_respond_error(req, 401, "this area needs a valid user name and "
                                   "password");
        return false;
    }
    if (c->r.auth.users) {
        bool listed = false;
        for (size_t i = 0; !listed && c->r.auth.users[i]; i++)
            listed = !strcmp(c->r.auth.users[i], user);
        if (!listed) {
            /* RFC 9110 15.5.4: authenticated, and still not allowed;
             * other credentials might be, so no challenge is repeated. */
            tp_respond_error(req, 403, "this user is not allowed here");
            return false;
        }
    }
    tp_request_set_user(req, user);
    return true;
}

/* Whether rule `c` answered the request. */
static bool answer(tp_request *req, const crule *c, tp_str path)
{
    const tp_rule *r = &c->r;
    tp_str validator;
    switch (r->action) {
    case TP_RULE_HINTS_ONLY:
        return false;
    case TP_RULE_REDIRECT:
        redirect(req, c, path);
        return true;
    case TP_RULE_GONE:
        /* RFC 9110 15.5.11: gone for good, with no forwarding address. */
        tp_respond_error(req, 410, "this resource is gone for good, and "
                                   "there is no forwarding address");
        return true;
    case TP_RULE_LEGAL:
        /* RFC 7725 3 and 4: unavailable for legal reasons, with a Link
         * naming who blocks it. */
        tp_response_headerf(req, "Link", "<%s>; rel=\"blocked-by\"",
                            r->link);
        tp_respond_error(req, 451, r->text ? r->text
                                           : "this resource is unavailable "
                                             "for legal reasons");
        return true;
    case TP_RULE_RETURN:
        if (r->text)
            tp_respond(req, r->code,
                       r->content_type ? r->content_type
                                       : "text/plain; charset=utf-8",
                       r->text, strlen(r->text));
        else
            tp_respond_status(req, r->code, NULL);
        return true;
    case TP_RULE_MAINTENANCE:
        /* One access(2) per matching request: a system call, no read;
         * the price of switching maintenance on and off without a
         * restart. */
        if (r->file && access(r->file, F_OK) != 0)
            return false;
        /* RFC 9110 15.6.4 and 10.2.3: temporarily unavailable, and when
         * to try again. */
        tp_response_headerf(req, "Retry-After", "%d", r->retry_after);
        tp_respond_error(req, 503, "down for maintenance; try again later");
        return true;
    case TP_RULE_INBOX:
        inbox(req, c);
        return true;
    case TP_RULE_CAPTIVE_PORTAL:
        if (portal_login(r, path))
            return false;
        /* RFC 9110 12.5.5: from here the answer depends on the Cookie
         * field, the portal's or the resource's, and a cache must not
         * hand one client's to another. */
        tp_response_header(req, "Vary", "Cookie");
        if (has_cookie(req, r->portal.cookie))
            return false;
        portal(req, r);
        return true;
    case TP_RULE_TEAPOT:
        /* RFC 2324, RFC 7168: the pot answers everything under it. */
        tp_htcpcp_answer(req, r->path ? r->path : r->prefix, &r->teapot);
        return true;
    case TP_RULE_REQUIRE_CONDITIONAL:
        /* RFC 6585 3: a write must say which version it changes, so that
         * two clients do not overwrite each other's work (the lost
         * update of RFC 9110 13.1.1). */
        if (!is_unsafe_write(tp_request_method(req)) ||
            tp_request_header(req, "If-Match", &validator) ||
            tp_request_header(req, "If-Unmodified-Since", &validator))
            return false;
        tp_respond_error(req, 428, "a PUT, PATCH or DELETE here must be "
                                   "conditional: send If-Match (or "
                                   "If-Unmodified-Since) with the version "
                                   "you mean to change");
        return true;
    }
    return false;
}

/* RFC 8297: a 103 with Link fields the final response will likely carry,
 * so that the client can start fetching them.  An HTTP/1.0 client gets
 * no 1xx (RFC 9110 15.2), and the fields must not leak into the final
 * response then. */
static void early_hints(tp_request *req, const tp_rule *r)
{
    if (tp_request_version(req) < 11)
        return;
    for (size_t i = 0; r->hints[i]; i++)
        tp_response_header(req, "Link", r->hints[i]);
    if (tp_response_interim(req, 103) < 0)
        tp_response_header_remove(req, "Link");
}

static uint64_t monotonic_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

/* The bucket's key: the client's address, and with per_path the request's
 * path after it.  A path too long for a key is replaced by its hash: a
 * collision could only merge two paths of the same client. */
static size_t limit_key(tp_request *req, const crule *c, tp_str path,
                        char *key, size_t cap)
{
    const char *peer = tp_request_peer(req);
    size_t n = strlen(peer);
    if (n >= cap)
        n = cap - 1;
    memcpy(key, peer, n);
    if (!c->r.rate_limit.per_path)
        return n;
    key[n++] = ' ';
    if (path.len <= cap - n) {
        memcpy(key + n, path.ptr, path.len);
        return n + path.len;
    }
    uint64_t h = 14695981039346656037u;
    for (size_t i = 0; i < path.len; i++)
        h = (h ^ (unsigned char)path.ptr[i]) * 1099511628211u;
    char hex[24];
    int l = snprintf(hex, sizeof(hex), "#%016llx", (unsigned long long)h);
    if ((size_t)l > cap - n)
        l = (int)(cap - n);
    memcpy(key + n, hex, (size_t)l);
    return n + (size_t)l;
}

/* Takes a token of rule `c` for this request: true when it may go on;
 * false when it was answered with 429 Too Many Requests (RFC 6585 4). */
static bool within_limit(tp_request *req, const crule *c, tp_str path,
                         tp_ratelimit_state *st)
{
    char key[128];
    size_t n = limit_key(req, c, path, key, sizeof(key));
    if (tp_ratelimit_take(c->rl, key, n, monotonic_ms(), st) != 0)
        return true;
    tp_ratelimit_refuse(req, c->rl, c->r.rate_limit.name, st);
    return false;
}

static bool rules_filter(tp_request *req, void *arg)
{
    const ruleset *rs = arg;
    /* The engine's canonical path (tp_path_literal; no dot or empty
     * segments), which rule paths are written in. */
    tp_str path = tp_request_path(req);
    if (!path.len || path.ptr[0] != '/')
        return false; /* OPTIONS * and CONNECT have no path */
    tp_str method = tp_request_method(req);
    for (size_t i = 0; i < rs->n; i++) {
        const crule *c = &rs->rules[i];
        if (!path_fits(c, path) || !method_fits(&c->r, method))
            continue;
        /* The address first (403), then the rate (429), then the
         * credentials (401, 403): a password guesser is limited before
         * each of its guesses costs a hash on the worker.  The limit also
         * comes before the hints: a refused request gets none. */
        if (!access_passes(req, c))
            return true;
        tp_ratelimit_state st;
        if (c->rl && !within_limit(req, c, path, &st))
            return true;
        if (!auth_passes(req, c))
            return true;
        /* The fields of an allowed request go after the 103, which clears
         * what it sends. */
        if (c->r.hints)
            early_hints(req, &c->r);
        if (c->rl)
            tp_ratelimit_fields(req, c->rl, c->r.rate_limit.name, &st);
        if (answer(req, c, path))
            return true;
    }
    return false;
}

/* ---- mounting ---- */

static bool copy_nets(ruleset *rs, const tp_net **out, const tp_net *src,
                      size_t n)
{
    if (!src || !n)
        return true;
    tp_net *c = keep(rs, n * sizeof(*c));
    if (c)
        memcpy(c, src, n * sizeof(*c));
    *out = c;
    return c != NULL;
}

/* A problem of an htpasswd file, which the configuration check reported
 * already: it can only be new (the file changed since). */
typedef struct auth_report {
    tp_server *srv;
    const char *path;
} auth_report;

static void auth_problem(void *arg, int line, const char *msg)
{
    const auth_report *ar = arg;
    tp_server_log(ar->srv, TP_LOG_ERROR, "%s:%d: %s", ar->path, line, msg);
}

/* Loads rule `c`'s users and writes its challenge (RFC 7617 2: the realm,
 * and charset="UTF-8" for user names and passwords beyond ASCII). */
static int auth_load(tp_server *srv, ruleset *rs, crule *c)
{
    const tp_rule_auth *a = &c->r.auth;
    char why[200];
    if (tp_rule_check_realm(a->realm, why, sizeof(why)) < 0)
        return -EINVAL;
    auth_report ar = {srv, a->htpasswd};
    errno = 0;
    if (!(c->pw = tp_htpasswd_load(a->htpasswd, auth_problem, &ar)))
        return errno == ENOMEM ? -ENOMEM : -EINVAL;
    for (size_t i = 0; a->users && a->users[i]; i++)
        if (!tp_htpasswd_has_user(c->pw, a->users[i])) {
            tp_server_log(srv, TP_LOG_ERROR, "%s has no user '%s'",
                          a->htpasswd, a->users[i]);
            return -EINVAL;
        }
    size_t n = strlen(a->realm) + 40;
    char *ch = keep(rs, n);
    if (!ch)
        return -ENOMEM;
    snprintf(ch, n, "Basic realm=\"%s\", charset=\"UTF-8\"", a->realm);
    c->challenge = ch;
    return 0;
}

int tp_rules_mount(tp_server *srv, tp_host *host, const tp_rule *rules,
                   size_t n)
{
    if (n == 0)
        return 0;
    ruleset *rs = calloc(1, sizeof(*rs));
    if (!rs)
        return -ENOMEM;
    size_t nlist = 0;
    for (size_t i = 0; i < n; i++) {
        if (rules[i].methods)
            nlist += list_len(rules[i].methods) + 1;
        if (rules[i].hints)
            nlist += list_len(rules[i].hints) + 1;
        if (rules[i].teapot.teas)
            nlist += list_len(rules[i].teapot.teas) + 1;
        if (rules[i].teapot.additions)
            nlist += list_len(rules[i].teapot.additions) + 1;
        if (rules[i].auth.users)
            nlist += list_len(rules[i].auth.users) + 1;
    }
    rs->rules = calloc(n, sizeof(*rs->rules));
    rs->lists = calloc(nlist ? nlist : 1, sizeof(*rs->lists));
    if (!rs->rules || !rs->lists)
        goto nomem;
    size_t li = 0;
    for (size_t i = 0; i < n; i++) {
        const tp_rule *src = &rules[i];
        tp_rule *r = &rs->rules[i].r;
        *r = *src;
        if ((src->path && !(r->path = own(rs, src->path))) ||
            (src->prefix && !(r->prefix = own(rs, src->prefix))) ||
            (src->to && !(r->to = own(rs, src->to))) ||
            (src->link && !(r->link = own(rs, src->link))) ||
            (src->text && !(r->text = own(rs, src->text))) ||
            (src->content_type &&
             !(r->content_type = own(rs, src->content_type))) ||
            (src->file && !(r->file = own(rs, src->file))) ||
            (src->rate_limit.name &&
             !(r->rate_limit.name = own(rs, src->rate_limit.name))) ||
            (src->portal.cookie &&
             !(r->portal.cookie = own(rs, src->portal.cookie))) ||
            (src->portal.login &&
             !(r->portal.login = own(rs, src->portal.login))) ||
            (src->auth.realm &&
             !(r->auth.realm = own(rs, src->auth.realm))) ||
            (src->auth.htpasswd &&
             !(r->auth.htpasswd = own(rs, src->auth.htpasswd))))
            goto nomem;
        if (!copy_nets(rs, &r->access.allow, src->access.allow,
                       src->access.nallow) ||
            !copy_nets(rs, &r->access.deny, src->access.deny,
                       src->access.ndeny))
            goto nomem;
        if ((r->action == TP_RULE_CAPTIVE_PORTAL &&
             (!r->portal.cookie || !r->portal.login)) ||
            (r->action == TP_RULE_INBOX && !r->file) ||
            (r->auth.realm && !r->auth.htpasswd)) {
            ruleset_free(rs);
            return -EINVAL;
        }
        /* A path that is not canonical would never match. */
        char why[200];
        if ((!r->path && !r->prefix) ||
            tp_rule_check_path(r->path ? r->path : r->prefix, why,
                               sizeof(why)) < 0 ||
            (r->portal.login &&
             tp_rule_check_path(r->portal.login, why, sizeof(why)) < 0)) {
            ruleset_free(rs);
            return -EINVAL;
        }
        rs->rules[i].match_len = strlen(r->path ? r->path : r->prefix);
        if (r->rate_limit.rate > 0) {
            tp_rule_rate *rr = &r->rate_limit;
            if (!rr->burst) /* the rate rounded up */
                rr->burst = (unsigned)rr->rate +
                            ((double)(unsigned)rr->rate < rr->rate);
            if (!rr->max_clients)
                rr->max_clients = DEFAULT_MAX_CLIENTS;
            if (!rr->name)
                rr->name = "default";
            rs->n = i + 1; /* so that ruleset_free frees the limiters */
            if (!(rs->rules[i].rl = tp_ratelimit_new(rr->rate, rr->burst,
                                                     rr->max_clients))) {
                int err = errno;
                ruleset_free(rs);
                return -err;
            }
        }
        if (r->auth.realm) {
            rs->n = i + 1; /* so that ruleset_free frees the file */
            int err = auth_load(srv, rs, &rs->rules[i]);
            if (err < 0) {
                ruleset_free(rs);
                return err;
            }
        }
        const char *const *from[] = {src->methods, src->hints,
                                     src->teapot.teas,
                                     src->teapot.additions,
                                     src->auth.users};
        const char *const **to[] = {&r->methods, &r->hints, &r->teapot.teas,
                                    &r->teapot.additions, &r->auth.users};
        for (size_t k = 0; k < sizeof(from) / sizeof(from[0]); k++) {
            if (!from[k])
                continue;
            *to[k] = rs->lists + li;
            for (size_t j = 0; from[k][j]; j++)
                if (!(rs->lists[li++] = own(rs, from[k][j])))
                    goto nomem;
            rs->lists[li++] = NULL;
        }
    }
    rs->n = n;
    /* A pot takes BREW and WHEN (RFC 2324 2.1, RFC 7168 2.1), which the
     * engine would otherwise answer with 501 before any filter.  They are
     * declared first: if that fails, nothing refers to the rules yet. */
    int err = 0;
    for (size_t i = 0; i < n && !err; i++) {
        if (rules[i].action != TP_RULE_TEAPOT)
            continue;
        for (size_t j = 0; tp_htcpcp_methods[j] && !err; j++)
            err = tp_server_method(srv, host, tp_htcpcp_methods[j]);
        break;
    }
    if (err < 0 || (err = tp_server_at_free(srv, ruleset_free, rs)) < 0) {
        ruleset_free(rs);
        return err;
    }
    return host ? tp_host_filter(host, rules_filter, rs)
                : tp_server_filter(srv, rules_filter, rs);
nomem:
    ruleset_free(rs);
    return -ENOMEM;
}
