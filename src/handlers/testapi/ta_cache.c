/*
 * ta_cache.c - (being written)
 */
#include "ta.h"

int ta_mount_cache(tp_server *srv, ta_ctx *ctx)
{
    (void)srv;
    (void)ctx;
    return 0;
}
