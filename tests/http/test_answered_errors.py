"""
Errors that answer a request whose framing is sound.  RFC 9112 9.6 lets a
server close whenever it must, but only framing it cannot trust forces the
close: after 417 (RFC 9110 10.1.1) and 510 (RFC 2774 7) the body is known
by its Content-Length, so it is skipped and the connection serves the next
request.
"""

from conftest import request

HELLO = request("GET", "/hello")


def test_417_skips_the_body_and_keeps_the_connection(app):
    ex = app.raw(request("POST", "/sum", headers=["Expect: tea"], body=b"abc") + HELLO,
                 methods=["POST", "GET"], expect=2)
    assert [r.status for r in ex.responses] == [417, 200]
    assert "close" not in ex.responses[0].tokens("Connection")
    assert not ex.closed


def test_510_skips_the_body_and_keeps_the_connection(app):
    ex = app.raw(request("POST", "/sum", headers=['Man: "http://example.com/ext"; ns=16'],
                         body=b"abc") + HELLO,
                 methods=["POST", "GET"], expect=2)
    assert [r.status for r in ex.responses] == [510, 200]
    assert "close" not in ex.responses[0].tokens("Connection")


def test_510_for_an_m_method_without_body(app):
    ex = app.raw(request("M-GET", "/hello") + HELLO, methods=["M-GET", "GET"], expect=2)
    assert [r.status for r in ex.responses] == [510, 200]


def test_417_with_a_chunked_body_skips_it_too(app):
    body = b"3\r\nabc\r\n0\r\n\r\n"
    ex = app.raw(request("POST", "/sum", headers=["Expect: tea", "Transfer-Encoding: chunked"],
                         body=body) + HELLO, methods=["POST", "GET"], expect=2)
    assert [r.status for r in ex.responses] == [417, 200]
