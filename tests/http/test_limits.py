"""
Limits and the status codes they produce: 413 (RFC 9110 15.5.14),
414 (RFC 9110 15.5.15, RFC 9112 3) and 431 (RFC 6585 5).
"""

import pytest

from conftest import (Conn, assert_date, chunked, engine_app_argv, request,
                      running, teapot_argv)

MAX_BODY = 1000
HELLO = request("GET", "/hello")


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    argv = engine_app_argv("--max-body", MAX_BODY)
    with running(argv, tmp_path_factory.mktemp("small"), "engine-app-small",
                 shared=True) as srv:
        yield srv


# ---- 413 ---------------------------------------------------------------------

def test_413_for_content_length_over_the_limit(small):
    """RFC 9110 15.5.14: 413 when the content is larger than the server is
    willing to process; the server MAY close the connection, and since it
    does not read the body it must (RFC 9112 9.6: Connection: close).  The
    answer comes at once, without waiting for the body."""
    with Conn(small) as c:
        c.send(request("POST", "/sum", headers=[f"Content-Length: {MAX_BODY + 1}"]))
        r = c.read_response("POST")
        assert r.status == 413, r
        assert r.reason == "Content Too Large"
        assert "close" in r.tokens("Connection")
        assert_date(r)
        c.assert_closed()


def test_body_at_the_limit_is_accepted(small):
    """RFC 9110 15.5.14: a body of exactly the limit is not too large."""
    body = bytes(range(256)) * 3 + b"x" * (MAX_BODY - 768)
    r = small.raw(request("POST", "/sum", body=body), methods=["POST"], expect=1).response
    assert r.status == 200
    assert r.text == f"{MAX_BODY} {sum(body)}\n"


def test_413_for_a_chunked_body_that_grows_over_the_limit(small):
    """RFC 9110 15.5.14: a chunked body has no announced length; once it
    grows past the limit the server answers 413 and closes."""
    body = chunked(*[b"y" * 100] * 15)
    ex = small.raw(request("POST", "/sum", headers=["Transfer-Encoding: chunked"])
                   + body + request("GET", "/hello"), methods=["POST"])
    r = ex.responses[0]
    assert r.status == 413, r
    assert "close" in r.tokens("Connection")
    assert ex.closed
    assert len(ex.responses) == 1


def test_chunked_body_under_the_limit_is_accepted(small):
    """RFC 9112 7.1: the limit counts decoded bytes, not the framing."""
    pieces = [b"z" * 100] * 10
    r = small.raw(request("POST", "/sum", headers=["Transfer-Encoding: chunked"])
                  + chunked(*pieces), methods=["POST"], expect=1).response
    assert r.status == 200
    assert r.text == f"1000 {1000 * ord('z')}\n"


def test_teapot_max_body_option(spawn):
    """RFC 9110 15.5.14 on the teapot command's /echo with --max-body."""
    srv = spawn(teapot_argv("--max-body", "10"), probe=b"/")
    r = srv.raw(request("POST", "/echo", body=b"x" * 11), methods=["POST"]).responses[0]
    assert r.status == 413
    r = srv.raw(request("POST", "/echo", body=b"x" * 10), methods=["POST"],
                expect=1).response
    assert r.status == 200 and r.body == b"x" * 10


# ---- 414 ---------------------------------------------------------------------

def test_8000_octet_target_accepted(app):
    """RFC 9112 3: it is RECOMMENDED that all senders and recipients
    support request-line lengths of at least 8000 octets."""
    target = "/hello?" + "a" * (8000 - len("/hello?"))
    assert len(target) == 8000
    r = app.raw(request("GET", target), expect=1).response
    assert r.status == 200 and r.text == "hello\n"


def test_414_for_a_long_target(app):
    """RFC 9112 3, RFC 9110 15.5.15: a target longer than the server is
    willing to interpret gets 414 (URI Too Long)."""
    target = "/hello?" + "a" * 70000
    ex = app.raw(request("GET", target) + request("GET", "/hello"))
    r = ex.responses[0]
    assert r.status == 414, r
    assert r.reason == "URI Too Long"
    assert_date(r)
    assert ex.closed and len(ex.responses) == 1


def test_414_sent_before_the_request_line_ends(app):
    """RFC 9112 3: the server need not wait for the end of an overlong
    target to refuse it."""
    with Conn(app) as c:
        c.send(b"GET /" + b"a" * 70000)
        r = c.read_response()
        assert r.status == 414


# ---- 431 ---------------------------------------------------------------------

def _assert_431(srv, headers):
    ex = srv.raw(request("GET", "/hello", headers=headers))
    r = ex.responses[0]
    assert r.status == 431, r
    assert r.reason == "Request Header Fields Too Large"
    assert_date(r)
    assert len(ex.responses) == 1
    return ex


def test_431_for_one_huge_field(app):
    """RFC 6585 5: 431 when a single header field is too large."""
    _assert_431(app, ["X-Huge: " + "h" * 20000])


def test_431_for_a_header_section_over_the_limit(app):
    """RFC 6585 5: 431 when the header fields are collectively too large
    (forty 1000-octet fields: each is fine, together they are not)."""
    _assert_431(app, [f"X-Medium-{i}: " + "m" * 1000 for i in range(40)])


def test_431_for_too_many_fields(app):
    """RFC 6585 5: 431 for more field lines than the server accepts."""
    _assert_431(app, [f"X-F{i}: {i}" for i in range(120)])


def test_many_small_fields_within_the_limit(app):
    """The limits are on size and count, not on ordinary requests: ninety
    fields are fine and all reach the handler."""
    fields = [f"X-F{i}: v{i}" for i in range(90)]
    r = app.raw(request("GET", "/headers", headers=fields), expect=1).response
    assert r.status == 200
    assert "X-F89: v89" in r.text


def test_oversized_trailer_section(app):
    """RFC 9112 7.1.2 with RFC 6585 5: a trailer section larger than the
    server accepts is refused like an oversized header section (431, or
    400), and the connection closes since the framing stops there."""
    ex = app.raw(request("POST", "/sum", headers=["Transfer-Encoding: chunked"])
                 + b"5\r\nhello\r\n0\r\nX-T: " + b"t" * 20000 + b"\r\n\r\n" + HELLO,
                 methods=["POST"])
    r = ex.responses[0]
    assert r.status in (431, 400), r
    assert ex.closed and len(ex.responses) == 1
