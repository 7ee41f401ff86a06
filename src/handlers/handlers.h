/*
 * handlers.h - the handlers the teapot command mounts on a server.
 */
#ifndef TEAPOT_HANDLERS_H
#define TEAPOT_HANDLERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/stat.h>

#include "access.h"
#include "teapot/server.h"

/* Writes why a value is refused into `why` (the checks of the
 * configuration and of the rules share the wording style) and returns -1. */
static inline int tp_refuse(char *why, size_t cap, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static inline int tp_refuse(char *why, size_t cap, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, cap, fmt, ap);
    va_end(ap);
    return -1;
}

/* The default site: a home page at "/" and "/echo", which returns the
 * request body it reads (the body-reading path: 100 Continue, chunked
 * bodies, 413). */
int tp_home_mount(tp_server *srv);

/* A read-only directory tree (teapot --root). */
typedef struct tp_static_options {
    const char *root;
    int max_age;          /* Cache-Control: max-age, or -1 for none */
    bool list;            /* directory listings (else 403) */
    bool follow_symlinks; /* symbolic links may lead out of the root */
    bool dotfiles;        /* serve and list names starting with '.' */
    bool writable;        /* the tree changes through this server (WebDAV):
                             files are not cached, every GET sees the
                             latest PUT */
} tp_static_options;

/* Serves opt->root at the paths matching `path` ("*" for all). */
int tp_static_mount(tp_server *srv, const char *path,
                    const tp_static_options *opt);
/* The same on one virtual host (NULL: the server's own routes, as
 * tp_static_mount).  The tree lives as long as `srv`. */
int tp_static_mount_host(tp_server *srv, tp_host *host, const char *path,
                         const tp_static_options *opt);

/* The entity-tag (with quotes) the static handler gives a file: device,
 * inode, size and modification time.  WebDAV's getetag is the same. */
void tp_static_etag(char *out, size_t cap, const struct stat *st);
/* The Content-Type GET gives a file of this name (a language variant
 * such as "page.html.en" has its stem's); WebDAV's getcontenttype. */
const char *tp_static_type(const char *name);

/* WebDAV authoring (RFC 4918 class 1 and 2) of a directory tree
 * (src/handlers/dav).  GET and HEAD are the static handler's. */
typedef struct tp_dav_options {
    const char *root;      /* the tree */
    const char *db;        /* the SQLite database of dead properties and
                              locks, outside the tree (NULL: "<root>.davdb"
                              beside it) */
    int64_t quota;         /* bytes the tree may hold (0: no quota): 507 */
    int64_t max_put;       /* bytes of one PUT body (0: 1 TiB): 413 */
    bool depth_infinity;   /* PROPFIND with Depth: infinity (else 403 with
                              propfind-finite-depth, as mod_dav's default) */
    int processing_ms;     /* 102 Processing interval for a long COPY, MOVE
                              or DELETE (0: 1000; -1: never) */
    int max_lock_timeout;  /* seconds a lock is granted at most (0: 3600;
                              Timeout: Infinite gets this too) */
    tp_static_options files; /* GET and HEAD: list, dotfiles, max_age,
                                follow_symlinks (root is ignored) */
} tp_dav_options;

/* Serves opt->root writable at the paths matching `path` ("*" for all,
 * or "/dav/" followed by '*') of `host` (NULL: the server's own routes).
 * Opens the database now; returns 0, or -errno with why[cap] filled. */
int tp_dav_mount(tp_server *srv, tp_host *host, const char *path,
                 const tp_dav_options *opt, char *why, size_t cap);

/* The client-testing API, httpbin-compatible (src/handlers/testapi). */
typedef struct tp_testapi_options {
    const char *prefix;  /* where it is mounted: NULL or "" for the root,
                            else a path such as "/httpbin" */
    int max_delay_ms;    /* /delay, /drip and ?sleep_ms beyond: 400 (10 s) */
    int64_t max_bytes;   /* /bytes, /stream-bytes, /drip, /range and the
                            like beyond: 400 (1 MiB) */
    int max_count;       /* /stream/{n}, /links/{n}, /redirect/{n},
                            /status lists beyond: 400 (100) */
    const char *const *redirect_hosts; /* hosts /redirect-to may send a
                            client to with an absolute URL; NULL-ended, or
                            NULL for none (relative targets only) */
} tp_testapi_options;

void tp_testapi_defaults(tp_testapi_options *opt);
int tp_testapi_mount(tp_server *srv, const tp_testapi_options *opt);

/* The status-code reference at /codes (src/handlers/reference.c). */
typedef struct tp_reference_options {
    const char *testapi_prefix; /* where the testing API is mounted ("" at
                                   the root), or NULL when it is not: the
                                   pages then have no "try it" panel */
    const char *self;           /* "127.0.0.1:8080" or "[::1]:8080": a
                                   loopback address of this server, which
                                   "try it" asks */
} tp_reference_options;

int tp_reference_mount(tp_server *srv, const tp_reference_options *opt);

/* Request rules (src/handlers/rules.c): policy that applies to paths
 * whatever answers them, checked in order before a host's routes. */
typedef enum tp_rule_action {
    TP_RULE_HINTS_ONLY,  /* early_hints or rate_limit, nothing that
                            answers */
    TP_RULE_REDIRECT,    /* 301, 302, 303, 307 or 308 with Location */
    TP_RULE_GONE,        /* 410 */
    TP_RULE_LEGAL,       /* 451 with Link rel="blocked-by" (RFC 7725) */
    TP_RULE_RETURN,      /* a fixed final status and body */
    TP_RULE_MAINTENANCE, /* 503 with Retry-After */
    TP_RULE_REQUIRE_CONDITIONAL, /* 428 for unsafe writes without a
                                    validator (RFC 6585 3) */
    TP_RULE_TEAPOT,      /* HTCPCP-TEA (RFC 2324, RFC 7168): htcpcp.c */
    TP_RULE_INBOX,       /* a form inbox appended to `file`: 205, 415,
                            507 */
    TP_RULE_CAPTIVE_PORTAL, /* 511 without the portal's cookie
                               (RFC 6585 6) */
} tp_rule_action;

/* A rule's rate limit (a token bucket per client, RFC 6585 4): requests
 * over it get 429, the others carry the RateLimit fields. */
typedef struct tp_rule_rate {
    double rate;         /* requests per second; 0: no limit */
    unsigned burst;      /* the bucket (0: ceil(rate)) */
    bool per_path;       /* one bucket per client and request path, else
                            per client */
    size_t max_clients;  /* keys remembered (0: 10000) */
    const char *name;    /* the policy's name (NULL: "default") */
} tp_rule_rate;

/* HTCPCP-TEA (RFC 2324, RFC 7168): a rule's `teapot` action
 * (src/handlers/htcpcp.c). */
typedef struct tp_teapot_options {
    const char *const *teas;      /* NULL-ended varieties, each a path
                                     segment */
    const char *const *additions; /* NULL-ended Accept-Additions this pot
                                     honours, or NULL */
} tp_teapot_options;

/* A rule's client networks (access.h): a client they refuse gets 403. */
typedef struct tp_rule_access {
    const tp_net *allow;  /* nallow networks */
    size_t nallow;
    const tp_net *deny;   /* ndeny networks */
    size_t ndeny;
    bool on;              /* the check applies (else no check) */
} tp_rule_access;

/* A rule's HTTP Basic authentication (RFC 7617): 401 with a challenge
 * without valid credentials, 403 for a user not allowed. */
typedef struct tp_rule_auth {
    const char *realm;    /* NULL: no authentication */
    const char *htpasswd; /* the users' file, loaded when the rules are
                             mounted */
    const char *const *users; /* NULL-ended; NULL: every user of the file */
} tp_rule_auth;

/* A captive portal (RFC 6585 6): 511 to a request without its cookie. */
typedef struct tp_rule_portal {
    const char *cookie;   /* the cookie's name */
    const char *login;    /* the login page's path, never answered 511 */
} tp_rule_portal;

typedef struct tp_rule {
    const char *path;    /* matched exactly, or NULL */
    const char *prefix;  /* matched as a prefix, or NULL (one of the two) */
    const char *const *methods; /* NULL-ended, NULL for every method; a
                                   rule for GET takes HEAD as well */
    tp_rule_action action;
    int code;            /* redirect: its code; return: the status */
    const char *to;      /* redirect: the template of Location */
    const char *link;    /* legal: the blocking entity's URL */
    const char *text;    /* legal: the reason; return: the body (NULL:
                            the explanation of the status) */
    const char *content_type; /* return: with text (NULL: text/plain) */
    int retry_after;     /* maintenance: seconds */
    const char *file;    /* maintenance: only while this file exists
                            (NULL: always); inbox: the file submissions
                            are appended to */
    const char *const *hints; /* Link values for a 103, NULL-ended, or
                                 NULL */
    tp_rule_rate rate_limit;  /* checked before the action */
    tp_teapot_options teapot; /* teapot: the pot's teas and additions */
    tp_rule_portal portal;    /* captive_portal */
    tp_rule_access access;    /* checked first: 403 */
    tp_rule_auth auth;        /* checked next: 401, 403 */
} tp_rule;

/* Mounts `rules` as one filter of `host` (NULL: of the server's own
 * routes); they are copied.  Returns 0 or -errno. */
int tp_rules_mount(tp_server *srv, tp_host *host, const tp_rule *rules,
                   size_t n);

/* The checks of a rule's values, shared with the configuration loader:
 * each returns 0, or -1 with why the value is refused in `why`, worded to
 * follow the key's name ("wants ..., not '...'"). */
int tp_rule_check_path(const char *v, char *why, size_t cap);
int tp_rule_check_method(const char *v, char *why, size_t cap);
int tp_rule_check_template(const char *v, bool has_rest, char *why,
                           size_t cap);
int tp_rule_check_redirect_code(long code, char *why, size_t cap);
int tp_rule_check_return(long code, bool has_body, char *why, size_t cap);
int tp_rule_check_link(const char *v, char *why, size_t cap);
int tp_rule_check_hint(const char *v, char *why, size_t cap);
int tp_rule_check_media_type(const char *v, char *why, size_t cap);
int tp_rule_check_rate(double rate, char *why, size_t cap);
int tp_rule_check_limit_name(const char *v, char *why, size_t cap);
/* A cookie-name (RFC 6265 4.1.1: a token). */
int tp_rule_check_cookie_name(const char *v, char *why, size_t cap);
/* An auth-param value written as a quoted-string (RFC 9110 11.2): the
 * realm of a Basic challenge. */
int tp_rule_check_realm(const char *v, char *why, size_t cap);

/* The rest of HTCPCP-TEA (src/handlers/htcpcp.c).  The methods a pot
 * takes beyond the IANA registry (BREW, WHEN); a scope with a pot
 * declares them with tp_server_method.  NULL-ended. */
extern const char *const tp_htcpcp_methods[];

/* Answers every request its rule matched; `pot` is the rule's path or
 * prefix (the pot's URI; varieties are pot + "/" + tea). */
void tp_htcpcp_answer(tp_request *req, const char *pot,
                      const tp_teapot_options *opt);
/* A tea or an addition: a lower-case token usable as a path segment. */
int tp_htcpcp_check_name(const char *v, char *why, size_t cap);

#endif
