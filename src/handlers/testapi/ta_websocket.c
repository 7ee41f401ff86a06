/*
 * ta_websocket.c - (being written)
 */
#include "ta.h"

int ta_mount_websocket(tp_server *srv, ta_ctx *ctx)
{
    (void)srv;
    (void)ctx;
    return 0;
}

void ta_websocket_start(tp_request *req, const ta_ctx *ctx, bool from_status)
{
    (void)ctx;
    (void)from_status;
    tp_respond_error(req, 501, "not yet");
}
