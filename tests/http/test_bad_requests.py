"""
400 (Bad Request) and the close that must follow it.

RFC 9112 and RFC 9110 list the requests a server MUST reject with 400.
When the framing of a request cannot be trusted, whatever follows it on
the connection cannot be trusted either: the server answers 400 with
Connection: close, closes, and never answers a request pipelined behind
the bad one (RFC 9112 9.6, 11.2).
"""

import pytest

from conftest import assert_date, chunked, request

NEXT = request("GET", "/hello")


def assert_400_and_close(srv, bad, methods=None):
    ex = srv.raw(bad + NEXT, methods=methods)
    rs = ex.responses
    assert rs, f"no response at all (closed={ex.closed})"
    r = rs[0]
    assert r.status == 400, r
    assert r.reason == "Bad Request"
    assert_date(r)
    assert "close" in r.tokens("Connection"), "the server closes: RFC 9112 9.6"
    assert ex.closed, "the server must close the connection after this 400"
    assert len(rs) == 1, f"the pipelined request was answered: {rs[1:]}"
    return r


def _raw(*lines, body=b""):
    """A request from raw field lines (bytes), ended by an empty line."""
    return b"\r\n".join(lines) + b"\r\n\r\n" + body


# ---- Host: RFC 9112 3.2 -------------------------------------------------

def test_missing_host_in_http11(app):
    """RFC 9112 3.2: a server MUST respond 400 to any HTTP/1.1 request
    message that lacks a Host header field."""
    assert_400_and_close(app, request("GET", "/hello", host=None))


def test_two_host_fields(app):
    """RFC 9112 3.2: ... or that contains more than one Host header field
    line."""
    assert_400_and_close(app, request("GET", "/hello", headers=["Host: test"]))


@pytest.mark.parametrize("host", ["a b", "exa mple.com", "[::1", "host:port",
                                  "a@b", "a/b"])
def test_invalid_host(app, host):
    """RFC 9112 3.2: ... or a Host header field with an invalid field
    value (not uri-host [ ":" port ], RFC 9110 7.2)."""
    assert_400_and_close(app, request("GET", "/hello", host=host))


def test_valid_host_forms_accepted(app):
    """RFC 9110 7.2: Host = uri-host [ ":" port ]: names, IPv4, IP-literals
    and an empty port are all valid."""
    for host in ["example.com", "example.com:8080", "127.0.0.1:80", "[::1]",
                 "[::1]:8080", "example.com:"]:
        r = app.get("/hello", host=host)
        assert r.status == 200, (host, r)


# ---- Content-Length and Transfer-Encoding: RFC 9112 6 ---------------------

def test_content_length_with_transfer_encoding(app):
    """RFC 9112 6.1: a server MAY reject a request that contains both
    Content-Length and Transfer-Encoding (the engine does); it MUST close
    the connection after responding in any case (RFC 9112 6.3)."""
    bad = request("POST", "/sum", headers=["Content-Length: 5",
                                           "Transfer-Encoding: chunked"],
                  body=chunked("hello"))
    assert_400_and_close(app, bad, methods=["POST"])


@pytest.mark.parametrize("value", ["abc", "-1", "+5", "1 2", "", "0x5", "5;", "5.0"])
def test_invalid_content_length(app, value):
    """RFC 9112 6.3 (item 5): an invalid Content-Length in a request is an
    unrecoverable error: the server MUST respond 400 and close."""
    bad = request("POST", "/sum", headers=[f"Content-Length: {value}"]) + b"hello"
    assert_400_and_close(app, bad, methods=["POST"])


def test_overflowing_content_length(app):
    """RFC 9110 8.6: a recipient MUST anticipate large numerals and prevent
    integer overflow; a value beyond any integer is invalid: 400."""
    bad = request("POST", "/sum", headers=["Content-Length: 99999999999999999999"])
    assert_400_and_close(app, bad, methods=["POST"])


@pytest.mark.parametrize("fields", [
    ["Content-Length: 5", "Content-Length: 6"],
    ["Content-Length: 5, 6"],
    ["Content-Length: 5, 5, 6"],
])
def test_conflicting_content_length(app, fields):
    """RFC 9112 6.3: differing Content-Length values are invalid: 400."""
    bad = request("POST", "/sum", headers=fields) + b"hello!"
    assert_400_and_close(app, bad, methods=["POST"])


@pytest.mark.parametrize("fields", [
    ["Content-Length: 5, 5"],
    ["Content-Length: 5", "Content-Length: 5"],
])
def test_identical_duplicate_content_length_accepted(app, fields):
    """RFC 9110 8.6: a list of identical decimal values (or repeated field
    lines with the same value) MAY be accepted as that single value; the
    engine does, and the connection stays usable."""
    ex = app.raw(request("POST", "/sum", headers=fields) + b"hello" + NEXT,
                 methods=["POST", "GET"], expect=2)
    assert [r.status for r in ex.responses] == [200, 200]
    assert ex.responses[0].text == f"5 {sum(b'hello')}\n"
    assert ex.responses[1].text == "hello\n"


def test_transfer_encoding_not_ending_in_chunked(app):
    """RFC 9112 6.3 (item 4): if chunked is not the final coding of a
    request, the server MUST respond 400 and close."""
    bad = request("POST", "/sum", headers=["Transfer-Encoding: gzip"]) + b"hello"
    assert_400_and_close(app, bad, methods=["POST"])


def test_chunked_applied_twice(app):
    """RFC 9112 6.1: a sender MUST NOT apply chunked more than once; the
    framing is invalid: 400."""
    bad = request("POST", "/sum", headers=["Transfer-Encoding: chunked, chunked"],
                  body=chunked("hello"))
    assert_400_and_close(app, bad, methods=["POST"])


def test_chunked_twice_in_two_field_lines(app):
    """RFC 9112 6.1 with RFC 9110 5.3: two field lines combine into one
    list, so this is chunked applied twice as well."""
    bad = request("POST", "/sum", headers=["Transfer-Encoding: chunked",
                                           "Transfer-Encoding: chunked"],
                  body=chunked("hello"))
    assert_400_and_close(app, bad, methods=["POST"])


def test_transfer_encoding_in_http10(app):
    """RFC 9112 6.1: a server that receives an HTTP/1.0 message with
    Transfer-Encoding MUST treat the framing as faulty and close; the
    engine answers 400."""
    bad = request("POST", "/sum", version="HTTP/1.0", host=None,
                  headers=["Transfer-Encoding: chunked"], body=chunked("hello"))
    assert_400_and_close(app, bad, methods=["POST"])


# ---- field syntax: RFC 9112 5 and RFC 9110 5.5 ----------------------------

def test_whitespace_between_field_name_and_colon(app):
    """RFC 9112 5.1: a server MUST reject, with 400, any request message
    that contains whitespace between a header field name and colon."""
    assert_400_and_close(app, request("GET", "/hello", headers=["X-Test : 1"]))


def test_tab_between_field_name_and_colon(app):
    """RFC 9112 5.1: the same for a horizontal tab."""
    assert_400_and_close(app, request("GET", "/hello", headers=["X-Test\t: 1"]))


def test_obs_fold(app):
    """RFC 9112 5.2: a server that receives obs-fold in a request MUST
    either reject it with 400 or replace it with SP; the engine rejects."""
    assert_400_and_close(app, request("GET", "/hello",
                                      headers=["X-Test: a", " folded"]))


def test_bare_cr_in_field_line(app):
    """RFC 9112 2.2: a bare CR outside the content MUST be considered
    invalid (or replaced by SP); the engine rejects with 400."""
    bad = _raw(b"GET /hello HTTP/1.1", b"Host: test", b"X-A: a\rX-B: b")
    assert_400_and_close(app, bad)


def test_bare_cr_in_field_name(app):
    """RFC 9112 2.2: a bare CR anywhere in the head is invalid."""
    assert_400_and_close(app, _raw(b"GET /hello HTTP/1.1", b"Host: test", b"X\r-A: 1"))


def test_bare_cr_in_request_line(app):
    """RFC 9112 2.2: a bare CR in the request line is invalid."""
    assert_400_and_close(app, _raw(b"GET /he\rllo HTTP/1.1", b"Host: test"))


def test_bare_cr_at_end_of_request_line(app):
    """RFC 9112 2.2: a request line ended by CR CR LF contains a bare CR."""
    assert_400_and_close(app, _raw(b"GET /hello HTTP/1.1\r", b"Host: test"))


@pytest.mark.parametrize("value", [b"a\x00b", b"a\rb", b"a\x7fb", b"a\x01b"])
def test_control_characters_in_field_value(app, value):
    """RFC 9110 5.5: field values never contain CR, LF or NUL; a recipient
    MUST reject or replace them.  Other controls are not field-vchar
    either.  The engine rejects with 400."""
    assert_400_and_close(app, _raw(b"GET /hello HTTP/1.1", b"Host: test",
                                   b"X-Value: " + value))


@pytest.mark.parametrize("name", [b"X(A)", b"X\"A", b"X[A]", b"X@A", b"X A",
                                  b"X/A", b"\xc3\xa9t\xc3\xa9", b""])
def test_non_token_field_name(app, name):
    """RFC 9110 5.1: a field name is a token; anything else is an invalid
    field line: 400."""
    assert_400_and_close(app, _raw(b"GET /hello HTTP/1.1", b"Host: test",
                                   name + b": 1"))


@pytest.mark.parametrize("method", [b"GE(T", b"G@T", b"GET\x00", b"G\xc3\x89T",
                                    b"[GET]"])
def test_non_token_method(app, method):
    """RFC 9112 3.1: method = token; anything else is a malformed request
    line: 400."""
    assert_400_and_close(app, _raw(method + b" /hello HTTP/1.1", b"Host: test"))


# ---- chunked syntax: RFC 9112 7.1 ---------------------------------------

def test_non_hex_chunk_size(app):
    """RFC 9112 7.1: chunk-size = 1*HEXDIG; anything else is invalid
    framing: 400 and close."""
    bad = (request("POST", "/sum", headers=["Transfer-Encoding: chunked"])
           + b"zz\r\nhello\r\n0\r\n\r\n")
    assert_400_and_close(app, bad, methods=["POST"])


def test_overflowing_chunk_size(app):
    """RFC 9112 7.1: recipients MUST anticipate large hexadecimal numerals
    and prevent integer overflow: a chunk size beyond 64 bits is 400."""
    bad = (request("POST", "/sum", headers=["Transfer-Encoding: chunked"])
           + b"1" + b"0" * 20 + b"\r\nhello\r\n0\r\n\r\n")
    assert_400_and_close(app, bad, methods=["POST"])


def test_chunk_data_not_followed_by_crlf(app):
    """RFC 9112 7.1: chunk = chunk-size [ chunk-ext ] CRLF chunk-data CRLF:
    more data than the size announced is invalid framing."""
    bad = (request("POST", "/sum", headers=["Transfer-Encoding: chunked"])
           + b"3\r\nhello\r\n0\r\n\r\n")
    assert_400_and_close(app, bad, methods=["POST"])


# ---- request line: RFC 9112 3 ---------------------------------------------

@pytest.mark.parametrize("line", [
    b"GET  /hello HTTP/1.1",        # two spaces
    b"GET /hello  HTTP/1.1",        # two spaces before the version
    b" GET /hello HTTP/1.1",        # leading space
    b"GET /hello",                  # no version
    b"GET /hello HTTP/1.1 ",        # trailing space
    b"GET /hello http/1.1",         # the name is case-sensitive
    b"GET /hello HTTP/1.10",        # one digit each
    b"GET /hello HTTP/1",           # no minor version
    b"GET /hello HTTP/11",
    b"GET /hello HTTP/1.x",
    b"GET /he llo HTTP/1.1",        # a target cannot hold a space
    b"GET /hello#frag HTTP/1.1",    # a fragment is not sent in a target
    b"GET",
    b"/hello HTTP/1.1",
    b"GET hello HTTP/1.1",          # neither origin- nor absolute-form
])
def test_malformed_request_line(app, line):
    """RFC 9112 3: request-line = method SP request-target SP HTTP-version;
    RFC 9112 3.2: a target with whitespace or not in one of the four forms
    is invalid; RFC 9112 2.3: HTTP-version = "HTTP/" DIGIT "." DIGIT,
    case-sensitive.  An invalid request line gets 400 (RFC 9112 3)."""
    assert_400_and_close(app, _raw(line, b"Host: test"))


def test_asterisk_form_with_get(app):
    """RFC 9112 3.2.4: the asterisk-form is only used for OPTIONS."""
    assert_400_and_close(app, request("GET", "*"))


def test_authority_form_with_get(app):
    """RFC 9112 3.2.3: the authority-form is only used for CONNECT."""
    assert_400_and_close(app, request("GET", "example.com:80"))


def test_two_empty_lines_before_the_request_line(app):
    """RFC 9112 2.2: a server SHOULD ignore at least one empty line before
    the request line; the engine ignores exactly one, so two are a
    malformed request line (400)."""
    assert_400_and_close(app, b"\r\n\r\n" + request("GET", "/hello"))


def test_400_explanation_is_text(app):
    """RFC 9110 15.5: the server SHOULD send a representation explaining
    the error: a 400 carries a short text body framed by Content-Length."""
    r = assert_400_and_close(app, request("GET", "/hello", host=None))
    assert r.framing == "length" and r.body, r
    assert r.header("Content-Type").startswith("text/plain")
    assert r.text.startswith("400 Bad Request")


# ---- targets: RFC 9112 3.2, RFC 9110 4 --------------------------------------

@pytest.mark.parametrize("target", [b"/caf\xc3\xa9", b"/a\x01b", b"/a\x7fb", b"/a\x00b"])
def test_target_with_characters_outside_the_uri_syntax(app, target):
    """RFC 9112 3.2 / RFC 3986: a request-target holds only URI characters,
    never controls or raw non-ASCII octets; recipients of an invalid
    request line SHOULD respond 400 (or 301 to a properly encoded
    target)."""
    ex = app.raw(_raw(b"GET " + target + b" HTTP/1.1", b"Host: test") + NEXT)
    r = ex.responses[0]
    assert r.status in (400, 301), r
    if r.status == 400:
        assert ex.closed and len(ex.responses) == 1


def test_userinfo_in_absolute_form(app):
    """RFC 9110 4.2.4: a recipient SHOULD parse for userinfo in an http URI
    and treat its presence as an error."""
    assert_400_and_close(app, request("GET", "http://user@example.com/hello"))


def test_absolute_form_does_not_excuse_a_missing_host(app):
    """RFC 9112 3.2: a server MUST respond 400 to any HTTP/1.1 request
    lacking Host, whatever the target's form."""
    assert_400_and_close(app, request("GET", "http://example.com/hello", host=None))


def test_chunked_with_parameters(app):
    """RFC 9112 7.1: the chunked coding defines no parameters; their
    presence SHOULD be treated as an error."""
    bad = request("POST", "/sum", headers=["Transfer-Encoding: chunked;foo=bar"],
                  body=chunked("hello"))
    assert_400_and_close(app, bad, methods=["POST"])
