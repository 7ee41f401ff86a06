"""
/websocket/echo: the RFC 6455 opening handshake (101 Switching Protocols
with Sec-WebSocket-Accept; 426 or 400 when it cannot happen) and the echo
over real framing, with a real client (python3-websockets) and with raw
sockets for what a polite client never sends.
"""

import asyncio
import base64
import hashlib
import os
import signal
import socket
import struct
import time

import pytest
import websockets

from conftest import request, teapot_argv

GUID = b"258EAFA5-E914-47DA-95CA-C5AB0DC85B11"


def ws_url(srv, path="/websocket/echo"):
    return srv.url.replace("http://", "ws://") + path


def run(coro):
    return asyncio.run(asyncio.wait_for(coro, 20))


def handshake(key=None, version="13", extra=(), path="/websocket/echo"):
    key = key or base64.b64encode(os.urandom(16)).decode()
    return key, request("GET", path, headers=[
        "Upgrade: websocket", "Connection: Upgrade",
        f"Sec-WebSocket-Key: {key}", f"Sec-WebSocket-Version: {version}",
        *extra])


def frame(opcode, payload, fin=True, mask=True):
    """A client frame (RFC 6455 5.2); clients MUST mask."""
    b0 = (0x80 if fin else 0) | opcode
    n = len(payload)
    if n < 126:
        head = bytes([b0, (0x80 if mask else 0) | n])
    elif n < 65536:
        head = bytes([b0, (0x80 if mask else 0) | 126]) + struct.pack("!H", n)
    else:
        head = bytes([b0, (0x80 if mask else 0) | 127]) + struct.pack("!Q", n)
    if not mask:
        return head + payload
    key = os.urandom(4)
    return head + key + bytes(b ^ key[i % 4] for i, b in enumerate(payload))


def read_frame(sock):
    """One server frame: (opcode, payload).  Servers MUST NOT mask."""
    def exact(n):
        out = b""
        while len(out) < n:
            b = sock.recv(n - len(out))
            assert b, "connection closed inside a frame"
            out += b
        return out
    b0, b1 = exact(2)
    assert not b1 & 0x80, "a server frame was masked (RFC 6455 5.1)"
    n = b1 & 0x7F
    if n == 126:
        n = struct.unpack("!H", exact(2))[0]
    elif n == 127:
        n = struct.unpack("!Q", exact(8))[0]
    return b0 & 0x0F, exact(n)


def open_raw(srv, extra_bytes=b""):
    key, hs = handshake()
    s = socket.create_connection((srv.host, srv.port), timeout=10)
    s.sendall(hs + extra_bytes)
    head = b""
    while b"\r\n\r\n" not in head:
        b = s.recv(1)
        assert b, "closed during the handshake"
        head += b
    return s, key, head


# ---------------------------------------------------------------------------
# the handshake


def test_handshake_switches_with_the_right_accept(teapot):
    """RFC 6455 4.2.2: 101, Upgrade: websocket, Connection: Upgrade, and
    Sec-WebSocket-Accept = base64(SHA-1(key + GUID))."""
    s, key, head = open_raw(teapot)
    lines = head.decode("latin-1").split("\r\n")
    assert lines[0] == "HTTP/1.1 101 Switching Protocols"
    fields = {l.split(":", 1)[0].lower(): l.split(":", 1)[1].strip()
              for l in lines[1:] if l}
    assert fields["upgrade"].lower() == "websocket"
    assert "upgrade" in fields["connection"].lower()
    want = base64.b64encode(hashlib.sha1(key.encode() + GUID).digest()).decode()
    assert fields["sec-websocket-accept"] == want
    # 101 is interim-like: no content, no Content-Length (RFC 9110 15.2)
    assert "content-length" not in fields and "transfer-encoding" not in fields
    s.close()


def test_without_upgrade_is_426_naming_websocket_13(teapot):
    """RFC 9110 15.5.22: 426 MUST carry Upgrade; RFC 6455 4.4 names the
    version."""
    r = teapot.raw(expect=1, data=request("GET", "/websocket/echo")).response
    assert r.status == 426
    assert r.header("Upgrade").lower() == "websocket"
    assert r.header("Sec-WebSocket-Version") == "13"
    assert "upgrade" in r.tokens("Connection")


def test_other_version_is_426_with_the_supported_version(teapot):
    _, hs = handshake(version="8")
    r = teapot.raw(expect=1, data=hs).response
    assert r.status == 426
    assert r.header("Sec-WebSocket-Version") == "13"


def test_upgrade_to_another_protocol_is_426(teapot):
    r = teapot.raw(expect=1, data=request("GET", "/websocket/echo", headers=[
        "Upgrade: h2c", "Connection: Upgrade", "Sec-WebSocket-Version: 13"])).response
    assert r.status == 426
    assert r.header("Upgrade").lower() == "websocket"


@pytest.mark.parametrize("key", ["short", "!!!!!!!!!!!!!!!!!!!!!!==",
                                 base64.b64encode(os.urandom(15)).decode()])
def test_bad_key_is_400(teapot, key):
    """RFC 6455 4.2.1: a handshake that is not valid gets 400."""
    _, hs = handshake(key=key)
    r = teapot.raw(expect=1, data=hs).response
    assert r.status == 400
    assert "Sec-WebSocket-Key" in r.body.decode()


def test_http10_cannot_upgrade(teapot):
    """RFC 9110 7.8: Upgrade from an HTTP/1.0 request is ignored."""
    key = base64.b64encode(os.urandom(16)).decode()
    r = teapot.raw(expect=1, data=request("GET", "/websocket/echo", version="HTTP/1.0", headers=[
        "Upgrade: websocket", "Connection: Upgrade",
        f"Sec-WebSocket-Key: {key}", "Sec-WebSocket-Version: 13"])).response
    assert r.status == 426


def test_post_is_405(teapot):
    r = teapot.raw(expect=1, data=request("POST", "/websocket/echo", body=b"x")).response
    assert r.status == 405
    assert "GET" in r.header("Allow")


# ---------------------------------------------------------------------------
# the echo


def test_echo_with_a_real_client(teapot):
    async def go():
        async with websockets.connect(ws_url(teapot)) as ws:
            await ws.send("héllo, 世界")
            assert await ws.recv() == "héllo, 世界"
            await ws.send(b"\x00\x01\xff")
            assert await ws.recv() == b"\x00\x01\xff"
            big = os.urandom(300_000)
            await ws.send(big)
            assert await ws.recv() == big
            pong = await ws.ping(b"p")
            await asyncio.wait_for(pong, 5)
        return ws.close_code
    assert run(go()) == 1000


def test_frames_sent_with_the_handshake_are_not_lost(teapot):
    """Bytes after the request head belong to the new protocol."""
    s, _, head = open_raw(teapot, frame(0x1, b"eager"))
    assert b" 101 " in head
    assert read_frame(s) == (0x1, b"eager")
    s.close()


def test_fragmented_message_is_echoed_whole(teapot):
    s, _, _ = open_raw(teapot)
    s.sendall(frame(0x1, b"frag", fin=False) + frame(0x9, b"mid-ping") +
              frame(0x0, b"mented"))
    got = [read_frame(s), read_frame(s)]
    assert (0xA, b"mid-ping") in got, "a ping MUST be answered with a pong (5.5.2)"
    assert (0x1, b"fragmented") in got
    s.close()


def test_close_handshake(teapot):
    """RFC 6455 5.5.1: a close is answered with a close, then TCP closes."""
    s, _, _ = open_raw(teapot)
    s.sendall(frame(0x8, struct.pack("!H", 1000) + b"bye"))
    op, payload = read_frame(s)
    assert op == 0x8 and struct.unpack("!H", payload[:2])[0] == 1000
    s.settimeout(5)
    assert s.recv(1) == b""
    s.close()


def test_text_that_is_not_utf8_fails_with_1007(teapot):
    """RFC 6455 8.1 and 7.4.1."""
    s, _, _ = open_raw(teapot)
    s.sendall(frame(0x1, b"\xc3\x28"))
    op, payload = read_frame(s)
    assert op == 0x8 and struct.unpack("!H", payload[:2])[0] == 1007
    s.close()


def test_unmasked_client_frame_fails_with_1002(teapot):
    """RFC 6455 5.1: the server MUST close on an unmasked client frame."""
    s, _, _ = open_raw(teapot)
    s.sendall(frame(0x1, b"naked", mask=False))
    op, payload = read_frame(s)
    assert op == 0x8 and struct.unpack("!H", payload[:2])[0] == 1002
    s.close()


def test_message_over_the_limit_fails_with_1009(teapot):
    s, _, _ = open_raw(teapot)
    s.sendall(frame(0x2, b"\0" * (1024 * 1024 + 1)))
    op, payload = read_frame(s)
    assert op == 0x8 and struct.unpack("!H", payload[:2])[0] == 1009
    s.close()


def test_other_clients_are_served_while_a_socket_is_open(teapot):
    s, _, _ = open_raw(teapot)
    r = teapot.raw(expect=1, data=request("GET", "/get")).response
    assert r.status == 200
    s.sendall(frame(0x1, b"still here"))
    assert read_frame(s) == (0x1, b"still here")
    s.close()


def test_client_vanishing_mid_frame_leaves_the_server_well(teapot):
    s, _, _ = open_raw(teapot)
    s.sendall(frame(0x2, b"x" * 1000)[:20])
    s.close()
    assert teapot.raw(expect=1, data=request("GET", "/get")).response.status == 200


# ---------------------------------------------------------------------------
# only a GET upgrades; the server ends tunnels with Close 1001


@pytest.mark.parametrize("method,path", [
    ("HEAD", "/websocket/echo"), ("POST", "/status/101"),
    ("DELETE", "/status/101"), ("PUT", "/status/101")])
def test_only_a_get_opens_a_websocket(teapot, method, path):
    """RFC 6455 4.1: the opening handshake is a GET request."""
    _, hs = handshake(path=path)
    hs = hs.replace(b"GET ", method.encode() + b" ", 1)
    r = teapot.raw(hs, expect=1, methods=[method]).response
    assert r.status in (400, 405), r
    assert r.status != 101 and not r.has("Sec-WebSocket-Accept")


def test_stopping_server_says_going_away(spawn):
    """RFC 6455 7.4.1: 1001 when the server goes down; then the server
    exits cleanly."""
    srv = spawn(teapot_argv(), probe=b"/")
    s, _, _ = open_raw(srv)
    s.sendall(frame(0x1, b"before"))
    assert read_frame(s) == (0x1, b"before")
    srv.proc.send_signal(signal.SIGTERM)
    op, payload = read_frame(s)
    assert op == 0x8 and struct.unpack("!H", payload[:2])[0] == 1001
    s.settimeout(5)
    assert s.recv(1) == b""
    assert srv.wait_exit() == 0
    s.close()


def test_idle_socket_is_closed_with_1001(spawn):
    srv = spawn(teapot_argv("--keepalive-timeout", "1"), probe=b"/")
    s, _, _ = open_raw(srv)
    s.settimeout(5)
    op, payload = read_frame(s)
    assert op == 0x8 and struct.unpack("!H", payload[:2])[0] == 1001
    assert s.recv(1) == b""
    s.close()


def test_no_switch_while_the_server_stops(spawn):
    """A request to upgrade that is answered after shutdown began gets 503
    (with Retry-After), not a tunnel that would be cut at once."""
    srv = spawn(teapot_argv(), probe=b"/")
    _, hs = handshake(path="/status/101?sleep_ms=1000")
    c = socket.create_connection((srv.host, srv.port), timeout=10)
    c.sendall(hs)
    time.sleep(0.3)
    srv.proc.send_signal(signal.SIGTERM)
    data = b""
    while True:
        b = c.recv(4096)
        if not b:
            break
        data += b
    assert data.startswith(b"HTTP/1.1 503 "), data[:200]
    assert b"\r\nRetry-After: " in data
    assert b"Sec-WebSocket-Accept" not in data
    assert srv.wait_exit() == 0
    c.close()


def test_injected_upgrade_field_does_not_double_the_101s(teapot):
    _, hs = handshake(path="/status/101",
                      extra=["X-Teapot-Response-Upgrade: h2c"])
    s = socket.create_connection((teapot.host, teapot.port), timeout=10)
    s.sendall(hs)
    head = b""
    while b"\r\n\r\n" not in head:
        head += s.recv(1)
    assert head.startswith(b"HTTP/1.1 101 ")
    assert head.lower().count(b"\r\nupgrade:") == 1
    assert b"Upgrade: websocket" in head
    s.close()
