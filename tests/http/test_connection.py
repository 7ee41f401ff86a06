"""
Connections and messages: pipelining and persistence (RFC 9112 9.3), request
bodies (RFC 9112 6 and 7), large responses, graceful shutdown.
"""

import contextlib
import hashlib
import http.client
import os
import signal
import socket
import subprocess
import threading
import time

import pytest
import requests

from conftest import (TIMEOUT, _collect, assert_date, chunked, engine_app_argv,
                      parse_responses, request, teapot_argv)

HELLO = request("GET", "/hello")


# ---- pipelining: RFC 9112 9.3.2 -----------------------------------------------

def test_ten_pipelined_requests_answered_in_order(app):
    """RFC 9112 9.3.2: a server MAY process pipelined requests in parallel
    but MUST send the responses in the same order the requests were
    received."""
    reqs, methods, expected = [], [], []
    for i in range(10):
        kind = i % 3
        if kind == 0:
            reqs.append(request("GET", "/hello"))
            methods.append("GET")
            expected.append(("hello\n", 6))
        elif kind == 1:
            reqs.append(request("GET", f"/headers?seq={i}", headers=[f"X-Seq: {i}"]))
            methods.append("GET")
            expected.append((f"X-Seq: {i}", None))
        else:
            reqs.append(request("HEAD", "/hello"))
            methods.append("HEAD")
            expected.append(("", 6))
    ex = app.raw(b"".join(reqs), methods=methods, expect=10)
    rs = ex.responses
    assert len(rs) == 10
    assert not ex.closed
    for i, (r, (text, length)) in enumerate(zip(rs, expected)):
        assert r.status == 200, (i, r)
        if methods[i] == "HEAD":
            assert r.body == b"" and r.header("Content-Length") == "6"
        elif length is not None:
            assert r.text == text
        else:
            assert text in r.text and f"query=seq={i}" in r.text


def test_post_in_the_middle_of_a_pipeline(app):
    """RFC 9112 9.3.2 with RFC 9112 6.2: the body of a pipelined POST is
    delimited by its Content-Length; what follows is the next request."""
    body = b"GET /hello HTTP/1.1\r\nHost: test\r\n\r\n"  # a body that looks like a request
    ex = app.raw(HELLO + request("POST", "/sum", body=body) + HELLO
                 + request("POST", "/sum", headers=["Transfer-Encoding: chunked"],
                           body=chunked(b"abc", b"de")) + HELLO,
                 methods=["GET", "POST", "GET", "POST", "GET"], expect=5)
    rs = ex.responses
    assert [r.status for r in rs] == [200] * 5
    assert rs[1].text == f"{len(body)} {sum(body)}\n"
    assert rs[3].text == f"5 {sum(b'abcde')}\n"
    assert rs[0].text == rs[2].text == rs[4].text == "hello\n"


def test_pipeline_sent_in_small_pieces(app):
    """RFC 9112 9.3.2: request boundaries do not depend on how the bytes
    arrive: the same pipeline, cut into 7-octet pieces."""
    data = HELLO + request("GET", "/stream?n=2") + request("POST", "/sum", body=b"xyz") + HELLO
    pieces = [data[i:i + 7] for i in range(0, len(data), 7)]
    ex = app.raw(pieces, delay=0.002, methods=["GET", "GET", "POST", "GET"], expect=4)
    assert [r.status for r in ex.responses] == [200] * 4
    assert ex.responses[1].body == b"piece 0\npiece 1\n"
    assert ex.responses[2].text == f"3 {sum(b'xyz')}\n"


def test_many_pipelined_requests(app):
    """RFC 9112 9.3.2: a long pipeline (200 requests) is answered
    completely and in order, even though the client reads only at the
    end."""
    n = 200
    reqs = b"".join(request("GET", f"/headers?i={i}") for i in range(n))
    ex = app.raw(reqs, expect=n, timeout=10)
    rs = ex.responses
    assert len(rs) == n
    for i, r in enumerate(rs):
        assert f"query=i={i} " in r.text


# ---- persistence: RFC 9112 9.3 -------------------------------------------------

def test_keepalive_with_http_client(app):
    """RFC 9112 9.3: HTTP/1.1 connections persist: fifty requests on one
    connection (http.client keeps one socket)."""
    conn = http.client.HTTPConnection(app.host, app.port, timeout=TIMEOUT)
    conn.connect()
    sock = conn.sock
    try:
        for i in range(50):
            path = "/hello" if i % 2 else f"/headers?n={i}"
            conn.request("GET", path)
            resp = conn.getresponse()
            body = resp.read()
            assert resp.status == 200
            if i % 2:
                assert body == b"hello\n"
            else:
                assert f"query=n={i}".encode() in body
            assert conn.sock is sock, "the server closed a persistent connection"
        conn.request("POST", "/sum", body=b"abc")
        resp = conn.getresponse()
        assert resp.read() == f"3 {sum(b'abc')}\n".encode()
        assert conn.sock is sock
    finally:
        conn.close()


def test_keepalive_with_requests_session(app):
    """RFC 9112 9.3: the same through requests' connection pool: one
    connection serves every request."""
    with requests.Session() as s:
        for i in range(20):
            r = s.get(app.url + "/hello", timeout=TIMEOUT)
            assert r.status_code == 200 and r.text == "hello\n"
            r = s.post(app.url + "/sum", data=b"z" * i, timeout=TIMEOUT)
            assert r.text == f"{i} {i * ord('z')}\n"
        pool = s.get_adapter(app.url).poolmanager.connection_from_url(app.url)
        assert pool.num_connections == 1


def test_concurrent_clients_on_several_workers(spawn):
    """RFC 9112 9.3: many simultaneous persistent connections are served
    independently (four worker threads, sixteen clients)."""
    srv = spawn(engine_app_argv(threads=4))
    errors = []

    def client(k):
        try:
            with srv.conn(timeout=10) as c:
                for i in range(25):
                    body = f"{k}:{i}".encode()
                    r = c.exchange(request("POST", "/sum", body=body), "POST")
                    assert r.text == f"{len(body)} {sum(body)}\n"
        except Exception as e:  # reported below
            errors.append(f"client {k}: {e!r}")

    threads = [threading.Thread(target=client, args=(k,)) for k in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert not errors, errors


def test_slow_response_keeps_its_place_in_the_pipeline(app):
    """RFC 9112 9.3.2: a response produced later (a timer) still goes out
    before the responses to the requests behind it."""
    ex = app.raw(request("GET", "/slow?ms=200") + HELLO + request("GET", "/stream?n=1"),
                 expect=3)
    assert [r.text for r in ex.responses] == ["slow\n", "hello\n", "piece 0\n"]


def test_client_half_close(app):
    """RFC 9112 9.6: a client that shuts down its sending side has sent its
    last request; the server still answers it (the client may still read),
    then closes the connection rather than waiting for a request that
    cannot come.  The request and the FIN travel in one segment (MSG_MORE
    holds the data until the shutdown), on ten connections."""
    socks = []
    for _ in range(10):
        s = app.connect()
        s.send(HELLO, socket.MSG_MORE)
        s.shutdown(socket.SHUT_WR)
        socks.append(s)
    deadline = time.monotonic() + 2
    outcomes = []
    try:
        for s in socks:
            data, closed, _ = _collect(s, max(deadline, time.monotonic() + 0.2),
                                       None, 0, None)
            outcomes.append((data, closed))
    finally:
        for s in socks:
            s.close()
    for data, closed in outcomes:
        rs = parse_responses(data, closed=closed)
        assert len(rs) == 1 and rs[0].text == "hello\n", data
    still_open = sum(not closed for _, closed in outcomes)
    assert still_open == 0, f"{still_open} of 10 half-closed connections left open"


# ---- request bodies: RFC 9112 6.2 and 7.1 -------------------------------------------

def test_content_length_body(app):
    """RFC 9112 6.2: Content-Length gives the body's length; /sum sees
    exactly those octets."""
    body = os.urandom(5000)
    r = app.raw(request("POST", "/sum", body=body), methods=["POST"], expect=1).response
    assert r.status == 200
    assert r.text == f"{len(body)} {sum(body)}\n"


def test_zero_length_body(app):
    """RFC 9112 6.2: Content-Length: 0 is a body of no octets."""
    r = app.raw(request("POST", "/sum", headers=["Content-Length: 0"]),
                methods=["POST"], expect=1).response
    assert r.text == "0 0\n"


def test_body_larger_than_one_read(app):
    """RFC 9112 6.2: a body bigger than any one buffer (200 000 octets
    under the default 1 MiB limit) arrives in full."""
    body = os.urandom(200_000)
    r = app.raw(request("POST", "/sum", body=body), methods=["POST"], expect=1,
                timeout=10).response
    assert r.status == 200, r
    assert r.text == f"{len(body)} {sum(body)}\n"


def _head_of_size(size, body_len):
    """A POST /sum head of exactly `size` octets, padded with fields of
    at most 4000 octets."""
    base = request("POST", "/sum", headers=[f"Content-Length: {body_len}"])[:-2]
    fields, i = b"", 0
    while True:
        left = size - len(base) - len(fields) - 2
        if left == 0:
            break
        name = b"X-Pad-%d: " % i
        n = min(4000, left - len(name) - 2)
        if n < 1:  # too little room for one more field: widen the last one
            fields = fields[:-2] + b"p" * left + b"\r\n"
            continue
        fields += name + b"p" * n + b"\r\n"
        i += 1
    head = base + fields + b"\r\n"
    assert len(head) == size
    return head


@pytest.mark.parametrize("size", [4095, 4096, 8192, 16383, 16384, 16385, 32767, 32768, 32769])
def test_body_after_a_head_of_any_size(spawn, size):
    """RFC 9112 6.2: the body follows the head whatever the head's size (up
    to the header-section limit): sizes around powers of two, where a read
    buffer holding the head could end exactly full."""
    srv = spawn(engine_app_argv("--body-timeout", 1000))
    body = b"0123456789"
    with srv.conn(timeout=2.5) as c:
        r = c.exchange(_head_of_size(size, len(body)) + body, "POST")
        assert r.status == 200, r
        assert r.text == f"10 {sum(body)}\n"


def test_chunked_body_with_extensions_and_trailers(app):
    """RFC 9112 7.1.1: a recipient MUST ignore unrecognized chunk
    extensions; RFC 9112 7.1.2: trailer fields are not merged into the
    header section.  /sum checks the decoded body; the pipelined /headers
    shows the trailer was consumed with the body and did not leak into
    the next request."""
    body = (b"5;name=value\r\nhello\r\n"
            b"6;quoted=\"a b;c\";flag\r\n world\r\n"
            b"1 ; spaced = 1\r\n!\r\n"
            b"0;last=yes\r\nX-Trailer: t1\r\nX-Other: t2\r\n\r\n")
    ex = app.raw(request("POST", "/sum", headers=["Transfer-Encoding: chunked",
                                                  "Trailer: X-Trailer, X-Other"])
                 + body + request("GET", "/headers"),
                 methods=["POST", "GET"], expect=2)
    s, h = ex.responses
    assert s.status == 200, s
    assert s.text == f"12 {sum(b'hello world!')}\n"
    assert h.status == 200
    assert "X-Trailer" not in h.text and "X-Other" not in h.text


def test_chunked_body_one_byte_at_a_time(app):
    """RFC 9112 7.1: chunk boundaries and read boundaries are unrelated: a
    chunked request sent one octet per packet decodes the same."""
    data = (request("POST", "/sum", headers=["Transfer-Encoding: chunked"])
            + chunked(b"abc", b"defgh", b"i" * 20, ext=";e=1", trailers=["X-T: 1"]))
    ex = app.raw([data[i:i + 1] for i in range(len(data))], delay=0.001,
                 methods=["POST"], expect=1, timeout=10)
    expected = b"abcdefgh" + b"i" * 20
    assert ex.response.text == f"{len(expected)} {sum(expected)}\n"


def test_content_length_body_one_byte_at_a_time(app):
    """RFC 9112 6.2: the same for a Content-Length body."""
    data = request("POST", "/sum", body=b"0123456789")
    ex = app.raw([data[i:i + 1] for i in range(len(data))], delay=0.001,
                 methods=["POST"], expect=1, timeout=10)
    assert ex.response.text == f"10 {sum(b'0123456789')}\n"


def test_transfer_coding_names_are_case_insensitive(app):
    """RFC 9112 7: transfer-coding names are case-insensitive."""
    r = app.raw(request("POST", "/sum", headers=["Transfer-Encoding: Chunked"])
                + chunked(b"hello"), methods=["POST"], expect=1).response
    assert r.status == 200 and r.text == f"5 {sum(b'hello')}\n"


def test_content_length_with_leading_zeros(app):
    """RFC 9110 8.6: Content-Length = 1*DIGIT: leading zeros are digits."""
    r = app.raw(request("POST", "/sum", headers=["Content-Length: 005"]) + b"hello",
                methods=["POST"], expect=1).response
    assert r.status == 200 and r.text == f"5 {sum(b'hello')}\n"


def test_field_values_with_obs_text_tab_and_empty(app):
    """RFC 9110 5.5: field-value = *field-content, where field-vchar
    includes obs-text (0x80-0xFF) and HTAB may appear inside; an empty
    value is valid.  None of these is an error."""
    ex = app.raw(request("GET", "/headers", headers=[b"X-Latin: caf\xe9", b"X-Tab: a\tb",
                                                     b"X-Empty:"]), expect=1)
    r = ex.response
    assert r.status == 200
    assert b"X-Latin: caf\xe9\n" in r.body
    assert b"X-Tab: a\tb\n" in r.body
    assert b"X-Empty: \n" in r.body


def test_chunked_body_with_uppercase_hex_and_leading_zeros(app):
    """RFC 9112 7.1: chunk-size = 1*HEXDIG, any case, leading zeros
    allowed."""
    body = b"000A\r\n0123456789\r\n0000b\r\nabcdefghijk\r\n000\r\n\r\n"
    r = app.raw(request("POST", "/sum", headers=["Transfer-Encoding: chunked"]) + body,
                methods=["POST"], expect=1).response
    expected = b"0123456789abcdefghijk"
    assert r.text == f"{len(expected)} {sum(expected)}\n"


def test_unread_body_is_discarded_on_a_persistent_connection(app):
    """RFC 9112 6.3 / 9.3: a body the handler did not read (no Expect) is
    still delimited by its length: the server may read and discard it and
    answer the next request, or close; if it keeps the connection, the
    next response must be for the next request."""
    ex = app.raw(request("POST", "/noread", body=b"x" * 300) + HELLO,
                 methods=["POST", "GET"], expect=2)
    rs = ex.responses
    assert rs[0].status == 200 and rs[0].text == "did not read\n"
    if "close" in rs[0].tokens("Connection"):
        assert ex.closed and len(rs) == 1
    else:
        assert len(rs) == 2 and rs[1].text == "hello\n"


def test_one_mebibyte_through_echo_with_curl(teapot, tmp_path):
    """RFC 9112 6.2: a 1 MiB body (the default limit, inclusive) goes
    through /echo intact, with curl as the client."""
    data = os.urandom(1024 * 1024)
    src = tmp_path / "in.bin"
    src.write_bytes(data)
    out = tmp_path / "out.bin"
    p = subprocess.run(["curl", "-sS", "--max-time", "20", "-o", str(out),
                        "-w", "%{http_code}", "-H", "Content-Type: application/x-blob",
                        "--data-binary", f"@{src}", teapot.url + "/echo"],
                       capture_output=True, text=True, timeout=30)
    assert p.returncode == 0, p.stderr
    assert p.stdout == "200"
    assert hashlib.sha256(out.read_bytes()).digest() == hashlib.sha256(data).digest()


# ---- large responses ---------------------------------------------------------------

@pytest.fixture(scope="module")
def big_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("file") / "five.bin"
    path.write_bytes(os.urandom(5 * 1000 * 1000 + 17))
    return path


@pytest.fixture(scope="module")
def file_app(tmp_path_factory, big_file):
    from conftest import running
    with running(engine_app_argv("--file", big_file), tmp_path_factory.mktemp("fileapp"),
                 "engine-app-file", shared=True) as srv:
        yield srv


def test_large_file_arrives_intact(file_app, big_file):
    """RFC 9112 6.2: a 5 MB file sent with sendfile arrives complete, with
    the Content-Length of the file, and the connection stays usable."""
    expected = big_file.read_bytes()
    with file_app.conn(timeout=10) as c:
        r = c.exchange(request("GET", "/file"))
        assert r.status == 200
        assert r.header("Content-Length") == str(len(expected))
        assert r.header("Content-Type") == "application/octet-stream"
        assert hashlib.sha256(r.body).digest() == hashlib.sha256(expected).digest()
        assert c.exchange(HELLO).text == "hello\n"


def test_large_file_with_requests_streaming(file_app, big_file):
    """The same through an independent client reading slowly in pieces."""
    h = hashlib.sha256()
    with requests.get(file_app.url + "/file", stream=True, timeout=10) as r:
        assert r.status_code == 200
        for piece in r.iter_content(65536):
            h.update(piece)
    assert h.digest() == hashlib.sha256(big_file.read_bytes()).digest()


def test_head_of_a_file(file_app, big_file):
    """RFC 9110 9.3.2: HEAD of the file: its length, no content."""
    ex = file_app.raw(request("HEAD", "/file") + HELLO, methods=["HEAD", "GET"], expect=2)
    h, g = ex.responses
    assert h.header("Content-Length") == str(big_file.stat().st_size)
    assert h.body == b""
    assert g.text == "hello\n"


def test_pipelined_request_after_a_large_file(file_app, big_file):
    """RFC 9112 9.3.2: a response pipelined behind a sendfile body comes
    after all of it."""
    ex = file_app.raw(request("GET", "/file") + HELLO, expect=2, timeout=15)
    f, g = ex.responses
    assert len(f.body) == big_file.stat().st_size
    assert g.text == "hello\n"


# ---- graceful shutdown --------------------------------------------------------------

def test_graceful_shutdown(spawn):
    """On SIGTERM the response in progress still arrives complete and says
    Connection: close (RFC 9112 9.6: the server closes after it), new
    connections are refused, and the process exits with status 0."""
    srv = spawn(engine_app_argv())
    with srv.conn(timeout=10) as c:
        c.send(request("GET", "/slow?ms=1500"))
        time.sleep(0.3)
        srv.proc.send_signal(signal.SIGTERM)
        r = c.read_response()
        assert r.status == 200 and r.text == "slow\n"
        assert "close" in r.tokens("Connection")
        assert_date(r)
        c.assert_closed()
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection((srv.host, srv.port), timeout=1).close()
    assert srv.wait_exit() == 0


def test_no_new_request_served_once_shutdown_began(spawn):
    """RFC 9112 9.6: once the server has said close in a response it MUST
    NOT process further requests on that connection: a request pipelined
    behind the one in progress at SIGTERM gets no answer."""
    srv = spawn(engine_app_argv())
    with srv.conn(timeout=10) as c:
        c.send(request("GET", "/slow?ms=1000") + HELLO)
        time.sleep(0.3)
        srv.proc.send_signal(signal.SIGTERM)
        r = c.read_response()
        assert r.text == "slow\n"
        assert "close" in r.tokens("Connection")
        c.assert_closed()
    assert srv.wait_exit() == 0


def test_repeated_sigterm_during_shutdown(spawn):
    """An operator pressing Ctrl-C twice, or a supervisor repeating
    SIGTERM, must not hurt: signals keep arriving until the process has
    exited, which it does with status 0 and no sanitizer report."""
    srv = spawn(engine_app_argv())
    with srv.conn() as c:
        assert c.exchange(HELLO).status == 200
    deadline = time.monotonic() + 10
    while srv.proc.poll() is None and time.monotonic() < deadline:
        with contextlib.suppress(ProcessLookupError):
            srv.proc.send_signal(signal.SIGTERM)
        time.sleep(0.001)
    if srv.proc.poll() is None:
        srv.kill()
        pytest.fail("the process did not exit within 10s of the first "
                    f"SIGTERM:\n{srv.stderr()[-3000:]}")
    assert srv.wait_exit() == 0


def test_shutdown_closes_idle_connections(spawn):
    """An idle persistent connection is closed without a response at
    shutdown, and the process exits promptly with status 0."""
    srv = spawn(teapot_argv(), probe=b"/")
    with srv.conn() as c:
        assert c.exchange(request("GET", "/")).status == 200
        t0 = time.monotonic()
        srv.proc.send_signal(signal.SIGTERM)
        c.assert_closed(timeout=5)
        assert srv.wait_exit() == 0
        assert time.monotonic() - t0 < 5
