/*
 * handlers.h - the handlers the teapot command mounts on a server.
 */
#ifndef TEAPOT_HANDLERS_H
#define TEAPOT_HANDLERS_H

#include "teapot/server.h"

/* The default site: a home page at "/" and "/echo", which returns the
 * request body it reads (the body-reading path: 100 Continue, chunked
 * bodies, 413). */
int tp_home_mount(tp_server *srv);

#endif
