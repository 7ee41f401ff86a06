/*
 * handlers.h - the handlers the teapot command mounts on a server.
 */
#ifndef TEAPOT_HANDLERS_H
#define TEAPOT_HANDLERS_H

#include <stdbool.h>

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

#endif
