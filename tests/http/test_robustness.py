"""
The engine under handlers and clients that misbehave or push it: what a
server owes everyone else is to keep serving, to close when framing is
lost, and to never leave a client waiting forever.
"""

import socket
import threading
import time

from conftest import engine_app_argv, request

HELLO = request("GET", "/hello")


def test_stream_shorter_than_its_content_length_is_closed(spawn):
    """RFC 9112 6.3: a message with fewer octets than its Content-Length is
    incomplete; the server closes so the client cannot take it as whole,
    and goes on serving."""
    srv = spawn(engine_app_argv(), allow_bug=True)
    ex = srv.raw(request("GET", "/short"), timeout=3)
    assert ex.closed
    assert b"Content-Length: 100" in ex.data
    assert len(ex.data.split(b"\r\n\r\n", 1)[1]) < 100
    assert srv.raw(HELLO, expect=1).response.status == 200


def test_large_memory_body_arrives_whole_through_a_slow_reader(spawn):
    """A body larger than the socket buffers must go on after the socket
    drains: a reader that pauses still gets every byte."""
    srv = spawn(engine_app_argv())
    s = socket.create_connection(("127.0.0.1", srv.port))
    s.sendall(b"GET /big?kb=8192 HTTP/1.1\r\nHost: t\r\n\r\n" + HELLO)
    time.sleep(0.5)  # the server fills the socket buffers and must wait
    data = b""
    s.settimeout(10)
    want = 8192 * 1024
    while True:
        chunk = s.recv(65536)
        if not chunk:
            break
        data += chunk
        head, _, rest = data.partition(b"\r\n\r\n")
        if len(rest) >= want and rest[want:].endswith(b"hello\n"):
            break
    s.close()
    head, _, rest = data.partition(b"\r\n\r\n")
    assert b"Content-Length: 8388608" in head
    body = rest[:want]
    assert len(body) == want
    assert body[:26] == b"abcdefghijklmnopqrstuvwxyz"
    assert rest[want:].startswith(b"HTTP/1.1 200 OK"), \
        "the pipelined request after the large body is answered too"


def test_long_stream_survives_a_full_socket(spawn):
    srv = spawn(engine_app_argv())
    s = socket.create_connection(("127.0.0.1", srv.port))
    s.sendall(b"GET /stream?n=300000 HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n")
    time.sleep(0.5)
    s.settimeout(10)
    data = b""
    while chunk := s.recv(1 << 16):
        data += chunk
    s.close()
    assert data.endswith(b"\r\n0\r\n\r\n"), "the chunked stream reaches its last chunk"
    assert b"piece 299999\n" in data


def test_half_closed_client_gets_every_pipelined_answer(spawn):
    """A client may send its requests and shut its writing side (RFC 9112
    9.6 allows the half-close); every complete request is still answered,
    in order, before the server closes."""
    srv = spawn(engine_app_argv())
    n = 300
    req = request("GET", "/error/404", headers=["Accept: text/html"])
    ex = srv.raw(req * n, shut_wr=True, timeout=10)
    assert ex.closed
    assert len(ex.responses) == n
    assert all(r.status == 404 for r in ex.responses)


def test_body_deadline_ends_with_the_body(spawn):
    """RFC 9110 15.5.9: 408 is for a request that did not arrive in time; a
    handler that read the whole body and answers later is not late."""
    srv = spawn(engine_app_argv("--body-timeout", 1000))
    ex = srv.raw(request("POST", "/readlater?ms=2200", body=b"hello"),
                 methods=["POST"], expect=1, timeout=6)
    assert ex.response.status == 200


def test_zero_delay_timers_do_not_starve_other_clients(spawn):
    srv = spawn(engine_app_argv())
    result = {}

    def poller():
        result["poll"] = srv.raw(request("GET", "/poll0?n=20000"), expect=1, timeout=20)

    t = threading.Thread(target=poller)
    t.start()
    time.sleep(0.05)
    t0 = time.monotonic()
    r = srv.raw(HELLO, expect=1, timeout=5).response
    assert r.status == 200
    assert time.monotonic() - t0 < 2, "another client is served meanwhile"
    t.join()
    assert result["poll"].response.status == 200


def test_handler_that_reads_an_empty_body_and_forgets_gets_500(spawn):
    srv = spawn(engine_app_argv(), allow_bug=True)
    r = srv.raw(request("GET", "/forget"), expect=1, timeout=3).response
    assert r.status == 500
    assert "BUG" in srv.stderr()


def _sockets(pid):
    import os
    n = 0
    for fd in os.listdir(f"/proc/{pid}/fd"):
        try:
            if os.readlink(f"/proc/{pid}/fd/{fd}").startswith("socket:"):
                n += 1
        except OSError:
            pass
    return n


def test_connections_the_client_closes_are_closed_promptly(spawn):
    """RFC 9112 9.6: a client closing an idle persistent connection ends
    it; the server closes its side at once instead of keeping the socket
    until the keep-alive timeout."""
    srv = spawn(engine_app_argv())
    base = _sockets(srv.proc.pid)
    conns = []
    for _ in range(50):
        s = socket.create_connection(("127.0.0.1", srv.port))
        s.sendall(HELLO)
        conns.append(s)
    for s in conns:
        s.settimeout(3)
        assert s.recv(4096).startswith(b"HTTP/1.1 200 OK")
    assert _sockets(srv.proc.pid) >= base + 50
    for s in conns:
        s.close()
    deadline = time.monotonic() + 2
    while _sockets(srv.proc.pid) > base and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _sockets(srv.proc.pid) == base


def test_a_port_in_use_is_refused(spawn):
    """Listening sockets share a port between the server's own threads;
    a second server on a port already served must fail, not share it."""
    import subprocess
    srv = spawn(engine_app_argv())
    from conftest import teapot_argv
    argv = [a for a in teapot_argv() if a not in ("--listen", "127.0.0.1:0")]
    p = subprocess.run(argv + ["--listen", f"127.0.0.1:{srv.port}"],
                       capture_output=True, text=True, timeout=10)
    assert p.returncode == 1
    assert "in use" in p.stderr
