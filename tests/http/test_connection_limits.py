"""
Connection limits: past max_connections (all clients) or
max_connections_per_client (one address), a new connection's request is
answered at once with 503 Service Unavailable, Retry-After and
Connection: close (RFC 9110 15.6.4), rather than left hanging; the
connections already open are served as before, and a slot freed by a
closing connection is available again.
"""

import socket
import time

from conftest import engine_app_argv, request

HELLO = request("GET", "/hello")


def hold(srv, n):
    """n idle open connections, each with one answered request."""
    conns = []
    for _ in range(n):
        c = srv.conn()
        c.send(HELLO)
        assert c.read_response().status == 200
        conns.append(c)
    return conns


def refused(srv, why):
    r = srv.raw(HELLO, expect=1).response
    assert r.status == 503, r
    assert r.header("Retry-After") == "1"
    assert "close" in r.tokens("Connection")
    assert why in r.body.decode()


def test_per_client_limit(spawn):
    srv = spawn(engine_app_argv("--max-connections-per-client", "2"))
    time.sleep(0.2)  # the startup probe's connection is gone
    conns = hold(srv, 2)
    refused(srv, "too many connections from this address")
    # the two held connections still work
    for c in conns:
        c.send(HELLO)
        assert c.read_response().status == 200
    conns[0].close()
    time.sleep(0.2)
    assert srv.raw(HELLO, expect=1).response.status == 200
    for c in conns[1:]:
        c.close()


def test_total_limit(spawn):
    srv = spawn(engine_app_argv("--max-connections", "3"))
    time.sleep(0.2)
    conns = hold(srv, 3)
    refused(srv, "too many connections")
    conns[-1].close()
    time.sleep(0.2)
    assert srv.raw(HELLO, expect=1).response.status == 200
    for c in conns[:-1]:
        c.close()


def test_refused_connection_that_sends_nothing_is_closed_soon(spawn):
    """A refused connection is not left to hold a slot for the whole
    header timeout."""
    srv = spawn(engine_app_argv("--max-connections", "1"))
    time.sleep(0.2)
    held = hold(srv, 1)
    s = socket.create_connection((srv.host, srv.port), timeout=10)
    t0 = time.monotonic()
    assert s.recv(100) == b""
    assert time.monotonic() - t0 < 4
    s.close()
    held[0].close()


def test_no_limit_by_default(app):
    conns = hold(app, 20)
    assert app.raw(HELLO, expect=1).response.status == 200
    for c in conns:
        c.close()


def test_refused_connections_do_not_take_the_slots(spawn):
    """A burst of refused connections must not lock out the next client
    once a served one closes."""
    srv = spawn(engine_app_argv("--max-connections", "2"))
    time.sleep(0.2)
    held = hold(srv, 2)
    silent = [socket.create_connection((srv.host, srv.port), timeout=10)
              for _ in range(5)]
    time.sleep(0.2)
    held[0].close()
    time.sleep(0.2)
    assert srv.raw(HELLO, expect=1).response.status == 200
    for s in silent:
        s.close()
    held[1].close()


def test_head_over_the_limit_gets_no_content(spawn):
    """RFC 9110 9.3.2: the refusal answers the request, HEAD included."""
    srv = spawn(engine_app_argv("--max-connections", "1"))
    time.sleep(0.2)
    held = hold(srv, 1)
    r = srv.raw(request("HEAD", "/hello"), expect=1, methods=["HEAD"]).response
    assert r.status == 503 and r.body == b""
    assert r.header("Retry-After") == "1"
    held[0].close()
