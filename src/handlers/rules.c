/*
 * rules.c - request rules: redirects, 410, 451, fixed answers, 503 for
 * maintenance, 428 for unconditional writes, 103 Early Hints and rate
 * limits (429), matched by path (exact or prefix) and method.  The rules of a scope (the
 * server's own routes, or one host) are one engine filter that walks them
 * in order; the first rule that matches and answers ends the walk.  This
 * file also owns the checks of a rule's values, which the configuration
 * loader calls so that a rule it accepts can always be answered with
 * every header field its status code requires.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "handlers.h"
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

/* ---- checks ---- */

static bool is_hex(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
           (c >= 'A' && c <= 'F');
}

static int hex_value(char c)
{
    return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}

/* Visible ASCII: what a URI may hold (RFC 3986 2), and more. */
static bool visible(const char *v)
{
    for (const unsigned char *p = (const unsigned char *)v; *p; p++)
        if (*p <= 0x20 || *p >= 0x7f)
            return false;
    return true;
}

int tp_rule_check_path(const char *v, char *why, size_t cap)
{
    size_t n = strlen(v);
    bool ok = v[0] == '/' && visible(v) && !strpbrk(v, "?#") &&
              n <= MAX_RULE_PATH;
    for (size_t i = 0; ok && i < n; i++)
        if (v[i] == '%')
            ok = i + 2 < n && is_hex(v[i + 1]) && is_hex(v[i + 2]);
    if (!ok)
        return tp_refuse(why, cap, "wants a path starting with '/' (at most %d "
                      "visible characters, no '?' or '#', '%%' only before "
                      "two hex digits), not '%.80s'", MAX_RULE_PATH, v);
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

/* ---- the compiled rules ---- */

typedef struct crule {
    tp_rule r;
    size_t match_len;    /* of r.path or r.prefix */
    tp_ratelimit *rl;    /* r.rate_limit's buckets, or NULL */
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
    for (size_t i = 0; rs->rules && i < rs->n; i++)
        tp_ratelimit_free(rs->rules[i].rl);
    for (size_t i = 0; i < rs->nowned; i++)
        free(rs->owned[i]);
    free(rs->owned);
    free(rs->lists);
    free(rs->rules);
    free(rs);
}

/* Percent-encoded unreserved characters are the characters themselves
 * (RFC 3986 6.2.2.2): "/%6Fld" is "/old", and no rule is dodged by
 * spelling its path differently.  Writes at most strlen(v) bytes. */
static size_t normalize(const char *v, size_t n, char *out)
{
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        if (v[i] == '%' && i + 2 < n && is_hex(v[i + 1]) &&
            is_hex(v[i + 2])) {
            char c = (char)(hex_value(v[i + 1]) * 16 + hex_value(v[i + 2]));
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
                c == '~') {
                out[o++] = c;
                i += 2;
                continue;
            }
        }
        out[o++] = v[i];
    }
    return o;
}

static char *own(ruleset *rs, const char *s, bool norm)
{
    if (!s)
        return NULL;
    if (rs->nowned == rs->capowned) {
        size_t cap = rs->capowned ? rs->capowned * 2 : 16;
        char **o = realloc(rs->owned, cap * sizeof(*o));
        if (!o)
            return NULL;
        rs->owned = o;
        rs->capowned = cap;
    }
    size_t n = strlen(s);
    char *c = malloc(n + 1);
    if (!c)
        return NULL;
    n = norm ? normalize(s, n, c) : (memcpy(c, s, n), n);
    c[n] = '\0';
    rs->owned[rs->nowned++] = c;
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
    return path.len >= c->match_len &&
           !memcmp(path.ptr, c->r.prefix, c->match_len);
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
    static const char head[] = "<!DOCTYPE html>\n<title>Moved</title>\n"
                               "<p>This resource is at <a href=\"";
    static const char mid[] = "\">";
    static const char tail[] = "</a>.</p>\n";
    size_t el = html_escaped(loc, n, NULL);
    size_t len = sizeof(head) - 1 + el * 2 + sizeof(mid) - 1 +
                 sizeof(tail) - 1;
    char *body = tp_request_alloc(req, len);
    if (!body) {
        tp_respond(req, c->r.code, NULL, NULL, 0);
        return;
    }
    char *p = body;
    memcpy(p, head, sizeof(head) - 1);
    p += sizeof(head) - 1;
    p += html_escaped(loc, n, p);
    memcpy(p, mid, sizeof(mid) - 1);
    p += sizeof(mid) - 1;
    p += html_escaped(loc, n, p);
    memcpy(p, tail, sizeof(tail) - 1);
    tp_respond(req, c->r.code, "text/html; charset=utf-8", body, len);
}

static bool is_unsafe_write(tp_str m)
{
    return (m.len == 3 && !memcmp(m.ptr, "PUT", 3)) ||
           (m.len == 5 && !memcmp(m.ptr, "PATCH", 5)) ||
           (m.len == 6 && !memcmp(m.ptr, "DELETE", 6));
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
    tp_str path = tp_request_path(req);
    if (!path.len || path.ptr[0] != '/')
        return false; /* OPTIONS * and CONNECT have no path */
    if (memchr(path.ptr, '%', path.len)) {
        char *n = tp_request_alloc(req, path.len);
        if (!n)
            return false;
        path.len = normalize(path.ptr, path.len, n);
        path.ptr = n;
    }
    tp_str method = tp_request_method(req);
    for (size_t i = 0; i < rs->n; i++) {
        const crule *c = &rs->rules[i];
        if (!path_fits(c, path) || !method_fits(&c->r, method))
            continue;
        /* The limit first: a refused request gets no hints.  The fields of
         * an allowed one go after the 103, which clears what it sends. */
        tp_ratelimit_state st;
        if (c->rl && !within_limit(req, c, path, &st))
            return true;
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
        if ((src->path && !(r->path = own(rs, src->path, true))) ||
            (src->prefix && !(r->prefix = own(rs, src->prefix, true))) ||
            (src->to && !(r->to = own(rs, src->to, false))) ||
            (src->link && !(r->link = own(rs, src->link, false))) ||
            (src->text && !(r->text = own(rs, src->text, false))) ||
            (src->content_type &&
             !(r->content_type = own(rs, src->content_type, false))) ||
            (src->file && !(r->file = own(rs, src->file, false))) ||
            (src->rate_limit.name &&
             !(r->rate_limit.name = own(rs, src->rate_limit.name, false))))
            goto nomem;
        if (!r->path && !r->prefix) {
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
        const char *const *from[2] = {src->methods, src->hints};
        const char *const **to[2] = {&r->methods, &r->hints};
        for (int k = 0; k < 2; k++) {
            if (!from[k])
                continue;
            *to[k] = rs->lists + li;
            for (size_t j = 0; from[k][j]; j++)
                if (!(rs->lists[li++] = own(rs, from[k][j], false)))
                    goto nomem;
            rs->lists[li++] = NULL;
        }
    }
    rs->n = n;
    int err = tp_server_at_free(srv, ruleset_free, rs);
    if (err < 0) {
        ruleset_free(rs);
        return err;
    }
    return host ? tp_host_filter(host, rules_filter, rs)
                : tp_server_filter(srv, rules_filter, rs);
nomem:
    ruleset_free(rs);
    return -ENOMEM;
}
