/*
 * ta_redirect.c - the redirect endpoints: chains of n redirects that end
 * at /get (/redirect/{n}, /relative-redirect/{n}, /absolute-redirect/{n})
 * and /redirect-to, which sends the client to a URL of its choosing with
 * the 3xx code of its choosing, as long as that URL cannot take a browser
 * to another site (an open redirect) unless the site is on the configured
 * list.
 */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "ta.h"
#include "teapot/status.h"

/* ---- chains ---- */

/* The next hop of a chain with `n` redirects left, in the arena. */
static char *hop(tp_request *req, const ta_ctx *ctx, uint64_t n, bool absolute)
{
    char path[64];
    if (n <= 1)
        snprintf(path, sizeof(path), "/get");
    else
        snprintf(path, sizeof(path), "/%s-redirect/%llu",
                 absolute ? "absolute" : "relative",
                 (unsigned long long)(n - 1));
    return absolute ? ta_abs(req, ctx, path) : ta_path(req, ctx, path);
}

/* The n of /x-redirect/{n}: 1 to max_count; false after answering 400. */
static bool chain_length(tp_request *req, const ta_ctx *ctx, tp_str rest,
                         uint64_t *n)
{
    if (!ta_uint(rest, (uint64_t)ctx->opt.max_count, n) || *n < 1) {
        ta_bad(req, "the number of redirects must be a whole number from 1 "
                    "to %d",
               ctx->opt.max_count);
        return false;
    }
    return true;
}

/* 302 Found (RFC 9110 15.4.3) to the next hop, with the short hypertext
 * note 15.4 suggests for clients that do not follow Location. */
static void redirect(tp_request *req, int code, const char *location)
{
    if (!location) {
        tp_respond_error(req, 500, "out of memory");
        return;
    }
    char note[512];
    snprintf(note, sizeof(note), "Redirecting to %.480s", location);
    tp_response_header(req, "Location", location);
    tp_respond_status(req, code, tp_request_strdup(req, (tp_str){note,
                                                    strlen(note)}));
}

/* /redirect/{n}: relative hops, or absolute ones with ?absolute=true. */
static void redirect_ep(tp_request *req, const ta_ctx *ctx, tp_str rest)
{
    uint64_t n;
    if (!chain_length(req, ctx, rest, &n))
        return;
    bool absolute = false;
    char *v;
    if (ta_query(req, "absolute", &v)) {
        if (!strcasecmp(v, "true") || !strcmp(v, "1")) {
            absolute = true;
        } else if (strcasecmp(v, "false") && strcmp(v, "0")) {
            ta_bad(req, "absolute must be true or false");
            return;
        }
    }
    redirect(req, 302, hop(req, ctx, n, absolute));
}

static void relative_ep(tp_request *req, const ta_ctx *ctx, tp_str rest)
{
    uint64_t n;
    if (chain_length(req, ctx, rest, &n))
        redirect(req, 302, hop(req, ctx, n, false));
}

static void absolute_ep(tp_request *req, const ta_ctx *ctx, tp_str rest)
{
    uint64_t n;
    if (chain_length(req, ctx, rest, &n))
        redirect(req, 302, hop(req, ctx, n, true));
}

/* ---- /redirect-to ---- */

static bool is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* The length of the scheme at the start of `u` (RFC 3986 3.1: ALPHA
 * *( ALPHA / DIGIT / "+" / "-" / "." ) ":"), or 0 when there is none.  A
 * first segment with a colon cannot be a relative path (RFC 3986 4.2), so
 * whatever precedes that colon is taken as a scheme. */
static size_t scheme_len(const char *u)
{
    if (!is_alpha(u[0]))
        return 0;
    size_t i = 1;
    while (is_alpha(u[i]) || (u[i] >= '0' && u[i] <= '9') || u[i] == '+' ||
           u[i] == '-' || u[i] == '.')
        i++;
    return u[i] == ':' ? i : 0;
}

static bool host_allowed(const ta_ctx *ctx, tp_str authority, tp_str host)
{
    if (!ctx->opt.redirect_hosts)
        return false;
    for (const char *const *h = ctx->opt.redirect_hosts; *h; h++) {
        size_t n = strlen(*h);
        if ((n == host.len && !strncasecmp(*h, host.ptr, n)) ||
            (n == authority.len && !strncasecmp(*h, authority.ptr, n)))
            return true;
    }
    return false;
}

/* The authority after "//" at `a`: NULL when it may be redirected to,
 * else why not (into `why`). */
static const char *check_authority(const ta_ctx *ctx, const char *a,
                                   char *why, size_t cap)
{
    size_t n = strcspn(a, "/?#");
    tp_str auth = {a, n};
    if (!n)
        return "an absolute URL needs a host";
    if (memchr(a, '@', n))
        return "a URL with user information ('@') is refused: it hides the "
               "host it leads to";
    tp_str host = auth;
    if (a[0] == '[') {
        const char *close = memchr(a, ']', n);
        if (!close)
            return "an IPv6 host lacks its closing ']'";
        host.len = (size_t)(close - a) + 1;
    } else {
        const char *colon = memchr(a, ':', n);
        if (colon)
            host.len = (size_t)(colon - a);
    }
    if (host.len < n) {
        /* what follows the host must be ":" port */
        if (a[host.len] != ':')
            return "malformed host in the URL";
        for (size_t i = host.len + 1; i < n; i++)
            if (a[i] < '0' || a[i] > '9')
                return "the port of the URL is not a number";
    }
    if (host_allowed(ctx, auth, host))
        return NULL;
    snprintf(why, cap,
             "absolute URLs may only lead to the hosts this server is "
             "configured to allow, and %.*s is not one of them; use a "
             "relative URL such as /get",
             (int)(host.len > 100 ? 100 : host.len), host.ptr);
    return why;
}

/* Whether `url` may go into Location: NULL if so, else why not. */
static const char *check_target(const ta_ctx *ctx, const char *url,
                                char *why, size_t cap)
{
    for (const unsigned char *p = (const unsigned char *)url; *p; p++) {
        if (*p < 0x20 || *p == 0x7f)
            return "the URL holds control characters";
        /* Browsers read '\' as '/' in http URLs, so "/\host" and "\\host"
         * would leave this server. */
        if (*p == '\\')
            return "the URL holds a backslash, which browsers read as '/'";
    }
    size_t sl = scheme_len(url);
    if (sl) {
        if (!((sl == 4 && !strncasecmp(url, "http", 4)) ||
              (sl == 5 && !strncasecmp(url, "https", 5))))
            return "only http and https URLs, or relative ones, can be "
                   "redirected to";
        if (strncmp(url + sl + 1, "//", 2))
            return "an http URL needs '//' and a host after its scheme";
        return check_authority(ctx, url + sl + 3, why, cap);
    }
    if (url[0] == '/' && url[1] == '/')
        return check_authority(ctx, url + 2, why, cap);
    return NULL;
}

/* Percent-encodes what a URI may not hold (RFC 3986 2): spaces, some
 * delimiters and every non-ASCII byte; the rest is kept as given. */
static char *uri_escape(tp_request *req, const char *s)
{
    size_t n = strlen(s);
    char *out = tp_request_alloc(req, n * 3 + 1), *o = out;
    if (!out)
        return NULL;
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p >= 0x80 || strchr(" \"<>^`{|}", *p)) {
            *o++ = '%';
            *o++ = hex[*p >> 4];
            *o++ = hex[*p & 15];
        } else {
            *o++ = (char)*p;
        }
    }
    *o = '\0';
    return out;
}

static void redirect_to_ep(tp_request *req, const ta_ctx *ctx, tp_str rest)
{
    (void)rest;
    char *url, *sc;
    if (!ta_query(req, "url", &url) || !*url) {
        ta_bad(req, "the url parameter is required: /redirect-to?url=/get");
        return;
    }
    int code = 302;
    if (ta_query(req, "status_code", &sc)) {
        uint64_t v;
        if (!ta_uint((tp_str){sc, strlen(sc)}, 999, &v) || v < 300 ||
            v > 399) {
            ta_bad(req, "status_code must be a redirection code from 300 to "
                        "399");
            return;
        }
        code = (int)v;
        if (code == 304) {
            ta_bad(req, "304 Not Modified is not a redirect: it answers a "
                        "conditional request and carries no Location "
                        "(RFC 9110 15.4.5)");
            return;
        }
        if (code == 305) {
            ta_bad(req, "305 Use Proxy is deprecated and clients ignore it "
                        "(RFC 9110 15.4.6)");
            return;
        }
        if (code == 306) {
            ta_bad(req, "306 is reserved and no longer used (RFC 9110 "
                        "15.4.7)");
            return;
        }
    }
    char buf[256];
    /* (a NUL in the query never gets here: ta_route refuses it) */
    const char *why = check_target(ctx, url, buf, sizeof(buf));
    if (why) {
        ta_bad(req, "%s", why);
        return;
    }
    redirect(req, code, uri_escape(req, url));
}

int ta_mount_redirect(tp_server *srv, ta_ctx *ctx)
{
    static const ta_endpoint eps[] = {
        {"GET", "/redirect/*", redirect_ep},
        {"GET", "/relative-redirect/*", relative_ep},
        {"GET", "/absolute-redirect/*", absolute_ep},
        {NULL, "/redirect-to", redirect_to_ep},
    };
    return TA_ROUTES(srv, ctx, eps);
}
