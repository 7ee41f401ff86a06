/*
 * ta_auth.c - (being written)
 */
#include "ta.h"

int ta_mount_auth(tp_server *srv, ta_ctx *ctx)
{
    (void)srv;
    (void)ctx;
    return 0;
}
