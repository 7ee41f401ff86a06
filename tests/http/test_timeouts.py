"""
408 (Request Timeout) and quiet closes: RFC 9110 15.5.9, RFC 9112 9.5.

The servers here run with one-second timeouts; the engine checks its
deadlines once a second, so an expired one is acted on within about two.
"""

import time

import pytest

from conftest import Conn, assert_date, engine_app_argv, request, teapot_argv

LATE = 4.0  # no timeout may take longer than this to fire


@pytest.fixture(scope="module")
def quick(tmp_path_factory):
    from conftest import running
    argv = engine_app_argv("--header-timeout", 1000, "--body-timeout", 1000,
                           "--keepalive-timeout", 1000)
    with running(argv, tmp_path_factory.mktemp("quick"), "engine-app-quick",
                 shared=True) as srv:
        yield srv


def _assert_408_then_close(c, t0):
    r = c.read_response()
    waited = time.monotonic() - t0
    assert r.status == 408, r
    assert r.reason == "Request Timeout"
    assert_date(r)
    # RFC 9110 15.5.9: the server would like to close the connection.
    assert "close" in r.tokens("Connection")
    assert 0.9 <= waited <= LATE, f"408 after {waited:.2f}s"
    c.assert_closed()


def test_408_when_the_header_section_does_not_arrive(quick):
    """RFC 9110 15.5.9: 408 when the server did not receive a complete
    request message within the time it was prepared to wait, then close."""
    with Conn(quick, timeout=LATE + 1) as c:
        t0 = time.monotonic()
        c.send(b"GET /hello HTTP/1.1\r\nHost: test\r\n")
        _assert_408_then_close(c, t0)


def test_408_for_a_request_line_trickling_in(quick):
    """RFC 9110 15.5.9: the header deadline covers the whole head, however
    slowly it arrives (a client sending a byte now and then must not keep
    the connection forever)."""
    with Conn(quick, timeout=LATE + 1) as c:
        t0 = time.monotonic()
        for ch in b"GET /hel":
            c.send(bytes([ch]))
            time.sleep(0.2)
        _assert_408_then_close(c, t0)


def test_408_when_the_body_does_not_arrive(quick):
    """RFC 9110 15.5.9: the body of a request counts as part of the
    message: Content-Length 100 and only 10 bytes sent gets 408 and a
    close."""
    with Conn(quick, timeout=LATE + 1) as c:
        c.send(request("POST", "/sum", headers=["Content-Length: 100"]) + b"0123456789")
        t0 = time.monotonic()
        r = c.read_response("POST")
        waited = time.monotonic() - t0
        assert r.status == 408, r
        assert "close" in r.tokens("Connection")
        assert 0.9 <= waited <= LATE
        c.assert_closed()


def test_408_when_a_chunked_body_stalls(quick):
    """RFC 9110 15.5.9: the same for a chunked body that stops halfway."""
    with Conn(quick, timeout=LATE + 1) as c:
        c.send(request("POST", "/sum", headers=["Transfer-Encoding: chunked"])
               + b"5\r\nhel")
        r = c.read_response("POST")
        assert r.status == 408, r
        c.assert_closed()


def test_408_for_a_body_trickling_past_its_deadline(quick):
    """RFC 9110 15.5.9: a body that keeps arriving a byte at a time is
    still bounded: the body timeout is also the whole body's deadline
    (tp_limits.body_timeout_ms), so 12 bytes at 0.4 s intervals with a
    one-second timeout get 408, not 200 after five seconds."""
    with Conn(quick, timeout=LATE + 1) as c:
        c.send(request("POST", "/sum", headers=["Content-Length: 12"]))
        t0 = time.monotonic()
        for _ in range(12):
            if c.readable(0.4):
                break
            try:
                c.send(b"a")
            except OSError:
                break
        r = c.read_response("POST")
        waited = time.monotonic() - t0
        assert r.status == 408, f"{r!r} after {waited:.1f}s"
        assert waited <= LATE


def test_408_for_a_pipelined_head_left_unfinished(quick):
    """RFC 9110 15.5.9: after a complete exchange, a second request whose
    head stops halfway gets 408, then the close."""
    ex = quick.raw(request("GET", "/hello") + b"GET /hello HTTP/1.1\r\nHost: te",
                   timeout=LATE + 1)
    assert [r.status for r in ex.responses] == [200, 408]
    assert ex.closed


def test_idle_keepalive_connection_closed_quietly(spawn):
    """RFC 9112 9.5: a server MAY close an idle persistent connection;
    having received no new request it sends nothing, not even a 408.  The
    keep-alive timeout (1 s here, the header timeout being 10 s) is what
    applies after a complete exchange."""
    srv = spawn(engine_app_argv("--keepalive-timeout", 1000, "--header-timeout", 10000))
    with Conn(srv, timeout=LATE + 1) as c:
        r = c.exchange(request("GET", "/hello"))
        assert r.status == 200
        assert "close" not in r.tokens("Connection")
        t0 = time.monotonic()
        c.assert_closed(timeout=LATE)
        assert time.monotonic() - t0 >= 0.9


def test_new_connection_that_sends_nothing_closed_quietly(spawn):
    """RFC 9112 9.5: a connection on which no request was started is closed
    without a response once the header timeout passes (1 s here, the
    keep-alive timeout being 10 s)."""
    srv = spawn(engine_app_argv("--header-timeout", 1000, "--keepalive-timeout", 10000))
    with Conn(srv, timeout=LATE + 1) as c:
        t0 = time.monotonic()
        c.assert_closed(timeout=LATE)
        assert time.monotonic() - t0 >= 0.9


def test_keepalive_connection_is_usable_before_the_timeout(quick):
    """RFC 9112 9.3: a persistent connection stays open for the next
    request until the server decides to close it."""
    with Conn(quick) as c:
        for _ in range(3):
            assert c.exchange(request("GET", "/hello")).status == 200
            time.sleep(0.3)


def test_teapot_header_timeout_in_seconds(spawn):
    """RFC 9110 15.5.9 on the teapot command: --header-timeout is in
    seconds."""
    srv = spawn(teapot_argv("--header-timeout", "1"), probe=b"/")
    with Conn(srv, timeout=LATE + 1) as c:
        t0 = time.monotonic()
        c.send(b"GET / HTTP/1.1\r\n")
        _assert_408_then_close(c, t0)


def test_teapot_keepalive_timeout_in_seconds(spawn):
    """RFC 9112 9.5 on the teapot command: --keepalive-timeout is in
    seconds; the idle connection closes without a byte."""
    srv = spawn(teapot_argv("--keepalive-timeout", "1"), probe=b"/")
    with Conn(srv, timeout=LATE + 1) as c:
        assert c.exchange(request("GET", "/")).status == 200
        t0 = time.monotonic()
        c.assert_closed(timeout=LATE)
        assert time.monotonic() - t0 >= 0.9
