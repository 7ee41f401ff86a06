/*
 * ta_websocket.c - /websocket/echo and the switch behind /status/101: the
 * RFC 6455 opening handshake (101 Switching Protocols, or the 400 and 426
 * answers when it cannot happen) and an echo of every message, with the
 * framing done by libwslay over the engine's tunnel.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/sha.h>
#include <wslay/wslay.h>

#include "ta.h"
#include "teapot/http.h"

/* RFC 6455 1.3: appended to the client's key before hashing. */
static const char ws_guid[] = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

typedef struct ws_conn {
    wslay_event_context_ptr ctx;
    tp_tunnel *tunnel; /* known from the first bytes on; all output
                          answers input */
    const char *in;  /* bytes handed over by the engine, during on_data */
    size_t in_len;
} ws_conn;

static ssize_t ws_recv(wslay_event_context_ptr ctx, uint8_t *buf, size_t len,
                       int flags, void *user)
{
    (void)flags;
    ws_conn *ws = user;
    if (ws->in_len == 0) {
        wslay_event_set_error(ctx, WSLAY_ERR_WOULDBLOCK);
        return -1;
    }
    size_t n = len < ws->in_len ? len : ws->in_len;
    memcpy(buf, ws->in, n);
    ws->in += n;
    ws->in_len -= n;
    return (ssize_t)n;
}

/* Output always goes to the engine's queue: the engine stops reading the
 * client while that queue is long, and every byte sent here answers a byte
 * read, so the queue stays bounded by the message size limit. */
static ssize_t ws_send(wslay_event_context_ptr ctx, const uint8_t *data,
                       size_t len, int flags, void *user)
{
    (void)flags;
    ws_conn *ws = user;
    if (tp_tunnel_write(ws->tunnel, data, len) < 0) {
        wslay_event_set_error(ctx, WSLAY_ERR_CALLBACK_FAILURE);
        return -1;
    }
    return (ssize_t)len;
}

static void ws_message(wslay_event_context_ptr ctx,
                       const struct wslay_event_on_msg_recv_arg *arg,
                       void *user)
{
    (void)user;
    /* Pings are answered, closes returned, and text that is not UTF-8
     * fails the connection with 1007 (RFC 6455 8.1), by wslay itself. */
    if (wslay_is_ctrl_frame(arg->opcode))
        return;
    struct wslay_event_msg echo = {arg->opcode, arg->msg, arg->msg_length};
    wslay_event_queue_msg(ctx, &echo);
}

static int ws_data(tp_tunnel *t, const char *data, size_t len, void *arg)
{
    ws_conn *ws = arg;
    ws->tunnel = t;
    ws->in = data;
    ws->in_len = len;
    int r = wslay_event_recv(ws->ctx);
    ws->in = NULL;
    ws->in_len = 0;
    if (r == 0)
        r = wslay_event_send(ws->ctx);
    if (r != 0)
        return -1;
    /* After the closing handshake neither side has more to say. */
    if (!wslay_event_want_read(ws->ctx) && !wslay_event_want_write(ws->ctx))
        tp_tunnel_close(ws->tunnel);
    return 0;
}

static void ws_close(void *arg)
{
    ws_conn *ws = arg;
    wslay_event_context_free(ws->ctx);
    free(ws);
}

/* The server is stopping or the socket sat idle: RFC 6455 7.4.1 1001,
 * "going away". */
static void ws_end(tp_tunnel *t, void *arg)
{
    ws_conn *ws = arg;
    static const char why[] = "server going away";
    ws->tunnel = t;
    if (wslay_event_queue_close(ws->ctx, WSLAY_CODE_GOING_AWAY,
                                (const uint8_t *)why, sizeof(why) - 1) == 0)
        wslay_event_send(ws->ctx);
}

static const tp_tunnel_ops ws_ops = {ws_data, ws_close, ws_end};

/* RFC 6455 4.1: the key is 16 random bytes in base64: 24 characters. */
static bool key_valid(tp_str key)
{
    if (key.len != 24 || key.ptr[22] != '=' || key.ptr[23] != '=')
        return false;
    unsigned char out[18];
    return EVP_DecodeBlock(out, (const unsigned char *)key.ptr, 24) == 18;
}

/* RFC 6455 4.4: a version this server does not speak gets 426 naming the
 * one it does; so does a request that did not ask to upgrade at all, since
 * this resource exists only as a WebSocket (RFC 9110 15.5.22). */
static void upgrade_required(tp_request *req, const char *why)
{
    tp_response_header(req, "Upgrade", "websocket");
    tp_response_header(req, "Sec-WebSocket-Version", "13");
    tp_respond_error(req, 426, why);
}

void ta_websocket_start(tp_request *req, const ta_ctx *ctx, bool from_status)
{
    tp_str upgrade = {0}, version = {0}, key = {0}, conn = {0};
    bool has_upgrade = tp_request_header_list(req, "Upgrade", &upgrade);
    bool asks = has_upgrade && tp_request_header_list(req, "Connection", &conn) &&
                tp_list_has(conn, "upgrade") && tp_request_version(req) >= 11;
    if (!asks || !tp_list_has(upgrade, "websocket")) {
        if (from_status) {
            /* RFC 9110 15.2.2: 101 answers a request to upgrade, and only
             * to a protocol the request named. */
            ta_bad(req, "101 Switching Protocols answers only a request that "
                        "asks to upgrade (HTTP/1.1 with Connection: upgrade "
                        "and Upgrade: websocket)%s",
                   asks ? "; the only protocol offered here is websocket"
                        : "");
            return;
        }
        upgrade_required(req, asks ? "this resource speaks only the "
                                     "websocket protocol"
                                   : "this resource is a WebSocket: send "
                                     "Connection: upgrade and Upgrade: "
                                     "websocket");
        return;
    }
    tp_str method = tp_request_method(req);
    if (method.len != 3 || memcmp(method.ptr, "GET", 3)) {
        /* RFC 6455 4.1: the opening handshake is a GET. */
        ta_bad(req, "the WebSocket opening handshake is a GET request "
                    "(RFC 6455 4.1)");
        return;
    }
    if (!tp_request_header_list(req, "Sec-WebSocket-Version", &version) ||
        version.len != 2 || memcmp(version.ptr, "13", 2)) {
        upgrade_required(req, "the WebSocket version spoken here is 13");
        return;
    }
    if (!tp_request_header(req, "Sec-WebSocket-Key", &key) || !key_valid(key)) {
        ta_bad(req, "Sec-WebSocket-Key must be 16 bytes in base64 "
                    "(RFC 6455 4.1)");
        return;
    }
    if (tp_request_has_body(req)) {
        ta_bad(req, "an opening handshake has no body");
        return;
    }

    /* Sec-WebSocket-Accept: base64(SHA-1(key GUID)), RFC 6455 4.2.2. */
    unsigned char digest[SHA_DIGEST_LENGTH];
    char buf[24 + sizeof(ws_guid)];
    memcpy(buf, key.ptr, 24);
    memcpy(buf + 24, ws_guid, sizeof(ws_guid) - 1);
    SHA1((const unsigned char *)buf, 24 + sizeof(ws_guid) - 1, digest);
    char accept[32];
    EVP_EncodeBlock((unsigned char *)accept, digest, SHA_DIGEST_LENGTH);

    ws_conn *ws = calloc(1, sizeof(*ws));
    if (!ws) {
        tp_respond_error(req, 503, "out of memory");
        return;
    }
    static const struct wslay_event_callbacks cb = {
        .recv_callback = ws_recv,
        .send_callback = ws_send,
        .on_msg_recv_callback = ws_message,
    };
    if (wslay_event_context_server_init(&ws->ctx, &cb, ws) != 0) {
        free(ws);
        tp_respond_error(req, 503, "out of memory");
        return;
    }
    /* Larger messages are refused by wslay with 1009 (RFC 6455 7.4.1). */
    wslay_event_config_set_max_recv_msg_length(ws->ctx,
                                               (uint64_t)ctx->opt.max_bytes);
    tp_response_header(req, "Sec-WebSocket-Accept", accept);
    int r = tp_request_upgrade(req, "websocket", &ws_ops, ws);
    if (r < 0) {
        wslay_event_context_free(ws->ctx);
        free(ws);
        tp_response_header_remove(req, "Sec-WebSocket-Accept");
        if (r == -ESHUTDOWN) {
            /* RFC 9110 15.6.4: a temporary condition; try another time. */
            tp_response_header(req, "Retry-After", "1");
            tp_respond_error(req, 503, "the server is shutting down");
        } else {
            ta_bad(req, "this connection cannot switch to websocket (it "
                        "asked to close)");
        }
        return;
    }
}

static void echo_ep(tp_request *req, const ta_ctx *ctx, tp_str rest)
{
    (void)rest;
    ta_websocket_start(req, ctx, false);
}

int ta_mount_websocket(tp_server *srv, ta_ctx *ctx)
{
    return ta_route(srv, ctx, "GET", "/websocket/echo", echo_ep);
}
