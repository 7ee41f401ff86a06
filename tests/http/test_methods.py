"""
Methods, targets and versions: 405, 501, 505, 510, OPTIONS, and the
request-target forms (RFC 9110 9, 15.5.6, 15.6.2, 15.6.6; RFC 9112 2-3;
RFC 2774 7).
"""

import pytest

from conftest import assert_date, request


def _tokens_set(r, name):
    return {t.upper() for t in r.tokens(name)}


# ---- 501 and 405 -------------------------------------------------------

def test_501_for_an_unknown_method(app):
    """RFC 9110 9.1: an origin server that receives a request method that
    is unrecognized SHOULD respond 501 (Not Implemented), even on a path
    whose handler takes every method."""
    ex = app.raw(request("FOO", "/hello") + request("GET", "/hello"), expect=2)
    r = ex.responses[0]
    assert r.status == 501, r
    assert r.reason == "Not Implemented"
    assert_date(r)
    # A method error does not break the framing: the next request is served.
    assert ex.responses[1].status == 200


def test_501_for_an_unknown_transfer_coding(app):
    """RFC 9112 6.1: a server that receives a request with a transfer
    coding it does not understand SHOULD respond 501."""
    ex = app.raw(request("POST", "/sum", headers=["Transfer-Encoding: gzip, chunked"])
                 + b"5\r\nhello\r\n0\r\n\r\n", methods=["POST"])
    r = ex.responses[0]
    assert r.status == 501, r
    # The body cannot be decoded, so the rest of the stream is unusable.
    assert "close" in r.tokens("Connection")
    assert ex.closed


def test_405_with_allow_listing_the_route_methods(app):
    """RFC 9110 15.5.6: the origin server MUST generate an Allow header
    field in a 405 response containing a list of the target resource's
    currently supported methods: /resource takes GET (hence HEAD) and
    DELETE, and OPTIONS is always answered."""
    ex = app.raw(request("POST", "/resource", body=b"abc") + request("GET", "/resource"),
                 methods=["POST", "GET"], expect=2)
    r = ex.responses[0]
    assert r.status == 405, r
    assert r.reason == "Method Not Allowed"
    assert _tokens_set(r, "Allow") == {"GET", "HEAD", "DELETE", "OPTIONS"}
    assert_date(r)
    assert ex.responses[1].status == 200 and ex.responses[1].text == "resource\n"


def test_405_for_a_registered_method_the_route_lacks(app):
    """RFC 9110 15.5.6: PROPFIND is a known method (405, not 501), but
    /resource does not take it."""
    r = app.raw(request("PROPFIND", "/resource"), expect=1).response
    assert r.status == 405
    assert _tokens_set(r, "Allow") == {"GET", "HEAD", "DELETE", "OPTIONS"}


def test_extension_method_routed(app):
    """RFC 9110 9.1 with RFC 4918 9.1: a handler registered for PROPFIND
    gets it; other methods on that path get 405 with Allow."""
    r = app.raw(request("PROPFIND", "/dav"), expect=1).response
    assert r.status == 200 and r.text == "resource\n"
    r = app.raw(request("GET", "/dav"), expect=1).response
    assert r.status == 405
    assert _tokens_set(r, "Allow") == {"PROPFIND", "OPTIONS"}


def test_teapot_delete_on_home_page(teapot):
    """RFC 9110 15.5.6 on the default site: / is GET only, so DELETE gets
    405 with Allow: GET, HEAD, OPTIONS."""
    r = teapot.raw(request("DELETE", "/"), expect=1).response
    assert r.status == 405
    assert _tokens_set(r, "Allow") == {"GET", "HEAD", "OPTIONS"}


def test_404_for_an_unknown_path(app):
    """RFC 9110 15.5.5: no handler for the path: 404 (Not Found)."""
    r = app.raw(request("GET", "/no/such/thing"), expect=1).response
    assert r.status == 404 and r.reason == "Not Found"


# ---- OPTIONS: RFC 9110 9.3.7 ----------------------------------------------

def test_options_on_a_resource(app):
    """RFC 9110 9.3.7: OPTIONS describes the communication options of the
    target resource; a 200 with Allow and no content must send
    Content-Length: 0."""
    r = app.raw(request("OPTIONS", "/resource"), expect=1).response
    assert r.status == 200, r
    assert _tokens_set(r, "Allow") == {"GET", "HEAD", "DELETE", "OPTIONS"}
    assert r.header("Content-Length") == "0"
    assert r.body == b""


def test_options_asterisk_on_engine_app(app):
    """RFC 9110 9.3.7: OPTIONS * applies to the server in general: 200
    with the methods any resource takes."""
    r = app.raw(request("OPTIONS", "*"), expect=1).response
    assert r.status == 200, r
    allow = _tokens_set(r, "Allow")
    assert {"GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PROPFIND"} <= allow
    assert r.header("Content-Length") == "0"


def test_options_asterisk_on_teapot(teapot):
    """RFC 9110 9.3.7: the default site's testing API has /anything, which
    takes every method, so OPTIONS * lists the methods RFC 9110 and RFC 5789
    define (CONNECT excepted: this is not a proxy), and no more."""
    r = teapot.raw(request("OPTIONS", "*"), expect=1).response
    assert r.status == 200
    assert _tokens_set(r, "Allow") == {"GET", "HEAD", "POST", "PUT", "DELETE",
                                       "PATCH", "OPTIONS", "TRACE"}


# ---- versions: RFC 9112 2.3, RFC 9110 6.2 and 15.6.6 ------------------------

@pytest.mark.parametrize("version", ["HTTP/2.0", "HTTP/3.0", "HTTP/0.9", "HTTP/9.9"])
def test_505_for_a_major_version_other_than_1(app, version):
    """RFC 9110 15.6.6: 505 (HTTP Version Not Supported) when the server
    does not support the major version of the request."""
    ex = app.raw(request("GET", "/hello", version=version), expect=1)
    r = ex.responses[0]
    assert r.status == 505, r
    assert r.reason == "HTTP Version Not Supported"
    assert r.version == "1.1"
    assert_date(r)


def test_http12_is_served_as_http11(app):
    """RFC 9110 6.2: a recipient of a higher minor version of the major
    version it implements processes the message as the highest minor
    version it conforms to; the response is HTTP/1.1 and the connection
    persistent."""
    ex = app.raw(request("GET", "/headers", version="HTTP/1.2") + request("GET", "/hello"),
                 expect=2)
    r = ex.responses[0]
    assert r.status == 200 and r.version == "1.1"
    assert "version=11" in r.text
    assert ex.responses[1].status == 200


def test_response_version_is_http11_to_http10(app):
    """RFC 9110 6.2: a server sends its own highest conforming version,
    HTTP/1.1, even to an HTTP/1.0 client."""
    r = app.raw(request("GET", "/hello", version="HTTP/1.0", host=None)).responses[0]
    assert r.version == "1.1" and r.status == 200


def test_http10_without_host_is_accepted(app):
    """RFC 9112 3.2: the Host requirement is for HTTP/1.1 requests."""
    r = app.raw(request("GET", "/headers", version="HTTP/1.0", host=None)).responses[0]
    assert r.status == 200
    assert "version=10" in r.text


# ---- 510: RFC 2774 7 -------------------------------------------------------

def test_510_for_an_m_method(app):
    """RFC 2774 7: a mandatory request (M- method) the server cannot
    fulfil gets 510 (Not Extended)."""
    r = app.raw(request("M-GET", "/hello", headers=['Man: "http://example.com/ext"; ns=01']),
                expect=1).responses[0]
    assert r.status == 510, r
    assert r.reason == "Not Extended"


def test_510_for_a_man_field(app):
    """RFC 2774 7: a Man header field declares a mandatory extension."""
    r = app.raw(request("GET", "/hello", headers=['Man: "http://example.com/ext"; ns=01']),
                expect=1).responses[0]
    assert r.status == 510, r


def test_m_method_without_man_is_510(app):
    """RFC 2774 4: the M- prefix alone makes a request mandatory."""
    r = app.raw(request("M-GET", "/hello"), expect=1).responses[0]
    assert r.status == 510


# ---- target forms: RFC 9112 3.2 -----------------------------------------

def test_absolute_form_routed_by_path(app):
    """RFC 9112 3.2.2: a server MUST accept the absolute-form in requests;
    the Host field is then ignored in favour of the target's authority
    (RFC 9112 3.2.2) and routing uses the path."""
    ex = app.raw(request("GET", "http://example.com/hello", host="other.test")
                 + request("GET", "http://example.com:8080/headers?x=1", host="other.test"),
                 expect=2)
    a, b = ex.responses
    assert a.status == 200 and a.text == "hello\n"
    assert b.status == 200
    assert "host=example.com:8080 path=/headers query=x=1" in b.text


def test_absolute_form_without_path(app):
    """RFC 9112 3.2.2 with RFC 9110 4.2.3: http://host with an empty path
    means the path "/"; no route for it here: 404, not 400."""
    r = app.raw(request("GET", "http://example.com"), expect=1).response
    assert r.status == 404


def test_one_leading_empty_line_ignored(app):
    """RFC 9112 2.2: a server SHOULD ignore at least one empty line (CRLF)
    received prior to the request-line."""
    ex = app.raw(b"\r\n" + request("GET", "/hello"), expect=1)
    assert ex.response.status == 200 and ex.response.text == "hello\n"


def test_leading_empty_line_between_pipelined_requests(app):
    """RFC 9112 2.2: the same for the CRLF some clients send after a
    POST body."""
    ex = app.raw(request("POST", "/sum", body=b"ab") + b"\r\n" + request("GET", "/hello"),
                 methods=["POST", "GET"], expect=2)
    assert [r.status for r in ex.responses] == [200, 200]


def test_method_is_case_sensitive(app):
    """RFC 9110 9.1: the method token is case-sensitive: "get" is not GET
    and is not recognised (501)."""
    r = app.raw(request("get", "/hello"), expect=1).response
    assert r.status == 501


def test_head_is_get_without_content(app):
    """RFC 9110 9.3.2: HEAD is answered by the GET handler."""
    r = app.raw(request("HEAD", "/resource"), methods=["HEAD"], expect=1).response
    assert r.status == 200
    assert r.header("Content-Length") == "9"


def test_501_for_a_long_unknown_method(app):
    """RFC 9112 3: a server that receives a method longer than any that it
    implements SHOULD respond with a 501 (Not Implemented) status code."""
    method = "X" * 40
    ex = app.raw(request(method, "/hello") + request("GET", "/hello"), expect=2)
    assert ex.responses[0].status == 501, ex.responses[0]
