"""
Expect and 100 Continue: RFC 9110 10.1.1, 15.2.1 and 15.5.18.
"""

from conftest import request

HEAD_100 = b"HTTP/1.1 100 Continue\r\n\r\n"


def _expect_head(path, length, version="HTTP/1.1", expect="100-continue"):
    return request("POST", path, version=version,
                   host="test" if version == "HTTP/1.1" else None,
                   headers=[f"Expect: {expect}", f"Content-Length: {length}",
                            "Content-Type: application/x-test"])


def test_100_continue_when_the_handler_reads_the_body(app):
    """RFC 9110 10.1.1: a server that receives 100-continue in an HTTP/1.1
    request MUST either send an immediate final response or send 100
    Continue and read the body; /sum reads it, so 100 comes first and the
    client sends the body only after it."""
    body = bytes(range(200))
    with app.conn() as c:
        c.send(_expect_head("/sum", len(body)))
        first = c.read_message("POST")
        assert first.status == 100, first
        assert first.reason == "Continue"
        assert first.head == HEAD_100, "a 100 response has no fields and no content"
        c.send(body)
        final = c.read_response("POST")
        assert final.status == 200
        assert final.text == f"{len(body)} {sum(body)}\n"
        assert final.interim == []
        c.assert_open()


def test_100_continue_on_teapot_echo(teapot):
    """RFC 9110 10.1.1, with the default site's /echo: 100, then the body
    is echoed with the request's Content-Type."""
    body = b"x" * 3000
    with teapot.conn() as c:
        c.send(_expect_head("/echo", len(body)))
        first = c.read_message("POST")
        assert first.status == 100
        c.send(body)
        final = c.read_response("POST")
        assert final.status == 200
        assert final.body == body
        assert final.header("Content-Type") == "application/x-test"


def test_no_100_when_the_handler_answers_without_reading(app):
    """RFC 9110 10.1.1: a server MAY omit 100 Continue when it answers with
    a final status code without reading the content; /noread does, and the
    unread body leaves the connection unusable, so the response says
    Connection: close (RFC 9112 9.6) and the server closes."""
    with app.conn() as c:
        c.send(_expect_head("/noread", 100))
        r = c.read_message("POST")
        assert r.status == 200, "no 100 Continue may precede this response"
        assert r.text == "did not read\n"
        assert "close" in r.tokens("Connection")
        c.assert_closed()


def test_no_1xx_to_an_http10_client(app):
    """RFC 9110 15.2: a server MUST NOT send a 1xx response to an HTTP/1.0
    client; RFC 9110 10.1.1: 100-continue is ignored in HTTP/1.0.  The
    client sends the body after a pause: nothing may arrive before it."""
    body = b"0123456789"
    with app.conn() as c:
        c.send(_expect_head("/sum", len(body), version="HTTP/1.0"))
        assert c.quiet_for(0.5) == b"", "nothing may be sent before the body"
        c.send(body)
        r = c.read_response("POST")
        assert r.status == 200
        assert r.interim == []
        assert r.text == f"10 {sum(body)}\n"


def test_http10_expect_with_body_sent_at_once(teapot):
    """RFC 9110 15.2: HTTP/1.0 + Expect: 100-continue + body gets a plain
    200, never a 100."""
    body = b"plain"
    ex = teapot.raw(_expect_head("/echo", len(body), version="HTTP/1.0") + body,
                    methods=["POST"], expect=1)
    assert b"100 Continue" not in ex.data
    r = ex.response
    assert r.status == 200 and r.interim == []
    assert r.body == body


def test_417_for_an_unknown_expectation(app):
    """RFC 9110 10.1.1: a server that receives an Expect value other than
    100-continue MAY respond 417 (Expectation Failed); the engine does,
    without 100 and before reading the body."""
    ex = app.raw(_expect_head("/sum", 5, expect="something-else") + b"hello",
                 methods=["POST"], expect=1)
    r = ex.responses[0]
    assert r.status == 417
    assert r.reason == "Expectation Failed"
    assert r.interim == []


def test_100_continue_expectation_is_case_insensitive(app):
    """RFC 9110 10.1.1: the 100-continue expectation is case-insensitive."""
    with app.conn() as c:
        c.send(_expect_head("/sum", 3, expect="100-Continue"))
        first = c.read_message("POST")
        assert first.status == 100
        c.send(b"abc")
        r = c.read_response("POST")
        assert r.status == 200 and r.text == f"3 {sum(b'abc')}\n"


def test_413_instead_of_100_for_a_body_over_the_limit(spawn):
    """RFC 9110 10.1.1: the server answers with a final status code instead
    of 100 when it will not accept the content: 413 at once, no 100, and
    the connection closes since the body is not read."""
    from conftest import engine_app_argv
    srv = spawn(engine_app_argv("--max-body", 100))
    with srv.conn() as c:
        c.send(_expect_head("/sum", 5000))
        r = c.read_message("POST")
        assert r.status == 413, r
        assert "close" in r.tokens("Connection")
        c.assert_closed()


def test_100_continue_for_a_chunked_body(app):
    """RFC 9110 10.1.1: 100-continue works the same when the body is
    chunked."""
    with app.conn() as c:
        c.send(request("POST", "/sum", headers=["Expect: 100-continue",
                                                "Transfer-Encoding: chunked"]))
        assert c.read_message("POST").status == 100
        c.send(b"3\r\nabc\r\n0\r\n\r\n")
        r = c.read_response("POST")
        assert r.status == 200 and r.text == f"3 {sum(b'abc')}\n"
