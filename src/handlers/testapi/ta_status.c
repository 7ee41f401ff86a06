/*
 * ta_status.c - (being written)
 */
#include "ta.h"

int ta_mount_status(tp_server *srv, ta_ctx *ctx)
{
    (void)srv;
    (void)ctx;
    return 0;
}
