"""
Blocking work off the event loop (tp_request_offload) and per-route body
limits (tp_server_body_limit), seen from a client of engine-app.

A handler that must block (fsync, walking a tree) hands the work to the
server's pool; the connection's thread goes on serving everyone else and
answers when the work is done.  Timers keep running meanwhile (a 102
Processing every 100 ms here), a client that leaves does not leak the
work's state, and a stopping server waits for work in flight.
"""

import socket
import struct
import time

from conftest import Conn, engine_app_argv, request, running


def test_offloaded_work_is_answered(app):
    r = app.get("/offload?ms=50")
    assert r.status == 200
    assert int(r.body) >= 1


def test_the_loop_serves_others_while_work_runs(app):
    """One worker thread: /hello is answered while the offloaded piece
    still sleeps, which is impossible if it ran on that thread."""
    with Conn(app) as slow:
        slow.send(request("GET", "/offload?ms=1500"))
        hello = app.get("/hello")
        assert hello.status == 200
        assert slow.quiet_for(0.05) == b""  # the slow one is still out
        assert slow.read_response().status == 200


def test_interim_responses_while_work_runs(app):
    """RFC 9110 15.2: 1xx responses precede the final one (102 here, as
    WebDAV sends for a long COPY)."""
    with Conn(app) as c:
        r = c.exchange(request("GET", "/offload?ms=450&interim=1"))
    assert r.status == 200
    assert r.interim and all(i.status == 102 for i in r.interim)


def test_a_second_piece_is_refused(app):
    # engine-app answers 500 when a second tp_request_offload succeeds
    assert app.get("/offload?ms=1").status == 200


def test_work_outlives_a_client_that_left(app):
    before = int(app.get("/offload-orphans").body)
    with Conn(app) as c:
        c.send(request("GET", "/offload?ms=300"))
        time.sleep(0.05)
        # A reset, not a half-close: a client may still wait for the
        # answer after shutting its sending side.
        c.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                          struct.pack("ii", 1, 0))
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        if int(app.get("/offload-orphans").body) > before:
            break
        time.sleep(0.05)
    assert int(app.get("/offload-orphans").body) == before + 1


def test_stop_waits_for_work_in_flight(tmp_path):
    with running(engine_app_argv(), tmp_path, "offload-stop") as srv:
        c = Conn(srv)
        c.send(request("GET", "/offload?ms=400"))
        time.sleep(0.05)
        assert srv.stop() == 0  # and no sanitizer report (running checks)
        c.close()


def test_route_body_limit_replaces_the_server_limit(tmp_path):
    """RFC 9110 15.5.14: 413 past the limit the route was given, not the
    server-wide one; other routes keep the server's."""
    argv = engine_app_argv("--max-body", "10", "--body-limit", "100")
    with running(argv, tmp_path, "bodylimit") as srv:
        ok = srv.raw(request("POST", "/sum", body=b"x" * 50), expect=1).response
        assert ok.status == 200
        big = srv.raw(request("POST", "/sum", body=b"x" * 150), expect=1).response
        assert big.status == 413
        chunked = (b"POST /sum HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked"
                   b"\r\n\r\n" + b"96\r\n" + b"x" * 150 + b"\r\n0\r\n\r\n")
        assert srv.raw(chunked, expect=1).response.status == 413
        other = srv.raw(request("POST", "/noread", body=b"x" * 50), expect=1)
        assert other.response.status == 413
