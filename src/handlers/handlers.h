/*
 * handlers.h - the handlers the teapot command mounts on a server.
 */
#ifndef TEAPOT_HANDLERS_H
#define TEAPOT_HANDLERS_H

#include <stdbool.h>
#include <stdint.h>

#include "teapot/server.h"

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
} tp_static_options;

/* Serves opt->root at the paths matching `path` ("*" for all). */
int tp_static_mount(tp_server *srv, const char *path,
                    const tp_static_options *opt);
/* The same on one virtual host (NULL: the server's own routes, as
 * tp_static_mount).  The tree lives as long as `srv`. */
int tp_static_mount_host(tp_server *srv, tp_host *host, const char *path,
                         const tp_static_options *opt);

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

#endif
