/*
 * ta_stream.c - (being written)
 */
#include "ta.h"

int ta_mount_stream(tp_server *srv, ta_ctx *ctx)
{
    (void)srv;
    (void)ctx;
    return 0;
}
