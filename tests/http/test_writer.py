"""
The response writer's rules, driven from engine-app's handlers, which ask
for things the writer must correct (content on 204 and 304, a stream of
unknown length to HTTP/1.0) and for interim responses.
"""

import json
import re
import time

import httpx
import pytest

from conftest import assert_date, engine_app_argv, request

HELLO = request("GET", "/hello")


# ---- codes without content: RFC 9110 15.3.5, 15.3.6, 15.4.5 ---------------

@pytest.mark.parametrize("code", [204, 304])
def test_no_content_no_length_no_type(app, code):
    """RFC 9110 15.3.5 / 15.4.5: 204 and 304 cannot contain content;
    RFC 9110 8.6 and RFC 9112 6.1: a server MUST NOT send Content-Length
    or Transfer-Encoding in a 204 (and sends neither in this 304); no
    Content-Type either, since there is no content to describe.  The
    handler gave a body: it must not reach the wire, which the pipelined
    request proves by parsing right after the empty line."""
    ex = app.raw(request("GET", f"/code/{code}") + HELLO, expect=2)
    head_end = ex.data.index(b"\r\n\r\n") + 4
    assert ex.data[head_end:].startswith(b"HTTP/1.1 200 OK\r\n"), ex.data[:400]
    r, nxt = ex.responses
    assert r.status == code
    for name in ("Content-Length", "Transfer-Encoding", "Content-Type"):
        assert not r.has(name), f"{name} in a {code}: {r!r}"
    assert_date(r)
    assert nxt.text == "hello\n"


def test_304_keeps_its_validator(app):
    """RFC 9110 15.4.5: a 304 sends the fields a 200 would have had that
    are needed for caching, such as ETag."""
    r = app.raw(request("GET", "/code/304"), expect=1).response
    assert r.header("ETag") == '"v1"'


def test_205_has_content_length_zero_and_no_body(app):
    """RFC 9110 15.3.6: a server MUST NOT generate content in a 205; it
    indicates a zero-length body with Content-Length: 0."""
    ex = app.raw(request("GET", "/code/205") + HELLO, expect=2)
    r, nxt = ex.responses
    assert r.status == 205
    assert r.header("Content-Length") == "0"
    assert not r.has("Transfer-Encoding")
    assert r.body == b""
    assert nxt.status == 200 and nxt.text == "hello\n"


def test_head_has_length_and_no_body(app):
    """RFC 9110 9.3.2: the server SHOULD send the same header fields as for
    GET, Content-Length included, and MUST NOT send content; the next
    response on the connection starts right after the head."""
    ex = app.raw(request("HEAD", "/hello") + HELLO, methods=["HEAD", "GET"], expect=2)
    head_end = ex.data.index(b"\r\n\r\n") + 4
    assert ex.data[head_end:].startswith(b"HTTP/1.1 200 OK\r\n")
    h, g = ex.responses
    assert h.status == 200
    assert h.header("Content-Length") == "6"
    assert h.header("Content-Type") == "text/plain"
    assert g.text == "hello\n"


def test_head_of_a_stream_has_no_body(app):
    """RFC 9110 9.3.2 for a streamed GET response: no content, and the
    connection stays usable."""
    ex = app.raw(request("HEAD", "/stream?n=3") + HELLO, methods=["HEAD", "GET"], expect=2)
    h, g = ex.responses
    assert h.status == 200 and h.body == b""
    assert g.text == "hello\n"


@pytest.mark.parametrize("code", [200, 201, 202, 206, 300, 301, 302, 303, 307,
                                  308, 400, 401, 403, 404, 407, 409, 410, 418,
                                  426, 500, 503])
def test_codes_with_content_carry_it_with_a_length(app, code):
    """RFC 9110 6.4.1 / RFC 9112 6.3: every other code carries its content,
    framed by Content-Length."""
    r = app.raw(request("GET", f"/code/{code}"), expect=1).response
    assert r.status == code
    assert r.framing == "length"
    assert r.body == b"body from the handler\n"
    assert_date(r)


def test_unregistered_code_has_an_empty_reason(app):
    """RFC 9112 4: status-line = HTTP-version SP status-code SP
    [ reason-phrase ]: the SP stays when the phrase is empty, and a code
    outside the registry gets no borrowed phrase."""
    ex = app.raw(request("GET", "/code/299"), expect=1)
    assert ex.data.startswith(b"HTTP/1.1 299 \r\n"), ex.data[:40]
    assert ex.response.body == b"body from the handler\n"


def test_redirect_keeps_location(app):
    """RFC 9110 15.4: 3xx from the handler keep its Location."""
    r = app.raw(request("GET", "/code/301"), expect=1).response
    assert r.header("Location") == "/hello"


def test_401_keeps_www_authenticate(app):
    """RFC 9110 15.5.2: a 401 MUST send WWW-Authenticate."""
    r = app.raw(request("GET", "/code/401"), expect=1).response
    assert r.header("WWW-Authenticate") == 'Basic realm="test"'


def test_426_upgrade_says_connection_upgrade(app):
    """RFC 9110 15.5.22: a 426 MUST send Upgrade; RFC 9110 7.8: a sender of
    Upgrade MUST also send the "upgrade" connection option."""
    r = app.raw(request("GET", "/code/426"), expect=1).response
    assert r.header("Upgrade") == "websocket"
    assert "upgrade" in r.tokens("Connection")


# ---- Date: RFC 9110 6.6.1 -----------------------------------------------------

@pytest.mark.parametrize("req", [
    request("GET", "/hello"),
    request("GET", "/code/204"),
    request("GET", "/stream"),
    request("GET", "/nowhere"),
    request("FOO", "/hello"),
    request("GET", "/hello", host=None),
    b"GET  /hello HTTP/1.1\r\nHost: test\r\n\r\n",
    request("GET", "/hello", version="HTTP/2.0"),
], ids=["200", "204", "stream", "404", "501", "400-host", "400-line", "505"])
def test_date_on_every_response(app, req):
    """RFC 9110 6.6.1: an origin server with a clock MUST generate a Date
    header field in 2xx, 3xx and 4xx responses, and MAY in 1xx and 5xx; the
    engine sends it on every final response, as an IMF-fixdate."""
    r = app.raw(req, expect=1, settle=0).responses[0]
    assert_date(r)


# ---- streams: RFC 9112 6.3 and 7.1 --------------------------------------------

def test_stream_to_http11_is_chunked(app):
    """RFC 9112 6.1 / 7.1: content of unknown length goes to an HTTP/1.1
    client in the chunked coding, and the connection persists."""
    ex = app.raw(request("GET", "/stream?n=5") + HELLO, expect=2)
    r, nxt = ex.responses
    assert r.status == 200
    assert r.tokens("Transfer-Encoding") == ["chunked"]
    assert not r.has("Content-Length")
    assert r.chunks == [f"piece {i}\n".encode() for i in range(5)]
    assert r.trailers == []
    assert nxt.text == "hello\n"


def test_empty_stream_is_chunked_with_last_chunk_only(app):
    """RFC 9112 7.1: zero pieces are one last-chunk and an empty trailer."""
    ex = app.raw(request("GET", "/stream?n=0") + HELLO, expect=2)
    r = ex.responses[0]
    assert r.framing == "chunked" and r.chunks == []
    head_end = ex.data.index(b"\r\n\r\n") + 4
    assert ex.data[head_end:head_end + 5] == b"0\r\n\r\n"


def test_stream_to_http10_is_delimited_by_close(app):
    """RFC 9112 6.1: a server MUST NOT send Transfer-Encoding to an
    HTTP/1.0 client; RFC 9112 6.3 (item 8): without a length, the body
    ends when the connection closes, so the response says
    Connection: close (RFC 9112 9.6)."""
    ex = app.raw(request("GET", "/stream?n=4", version="HTTP/1.0", host=None))
    assert ex.closed, "the body of an HTTP/1.0 stream ends with the close"
    r = ex.response
    assert not r.has("Content-Length") and not r.has("Transfer-Encoding")
    assert "close" in r.tokens("Connection")
    assert r.framing == "close"
    assert r.body == b"".join(f"piece {i}\n".encode() for i in range(4))


def test_stream_to_http10_keepalive_still_closes(app):
    """RFC 9112 6.3: even when the HTTP/1.0 client asked for keep-alive, a
    body without length can only end with the close."""
    ex = app.raw(request("GET", "/stream?n=2", version="HTTP/1.0", host=None,
                         headers=["Connection: keep-alive"]))
    assert ex.closed
    r = ex.response
    assert "close" in r.tokens("Connection")
    assert r.body == b"piece 0\npiece 1\n"


def test_stream_of_known_length(app):
    """RFC 9112 6.3 (item 6): a stream whose length is known is framed by
    Content-Length, not chunked."""
    ex = app.raw(request("GET", "/stream-known") + HELLO, expect=2)
    r = ex.responses[0]
    assert r.header("Content-Length") == "24"
    assert not r.has("Transfer-Encoding")
    assert len(r.body) == 24
    assert ex.responses[1].text == "hello\n"


def test_stream_of_known_length_content(app):
    """RFC 9112 6.3: the 24 octets are the three pieces the producer made,
    the last one included in full."""
    r = app.raw(request("GET", "/stream-known"), expect=1).response
    assert r.body == b"piece 0\npiece 1\npiece 2\n"


def test_drip_paused_and_resumed(app):
    """RFC 9112 7.1: a stream that pauses between pieces still arrives as
    one well-formed chunked body."""
    ex = app.raw(request("GET", "/drip?n=6") + HELLO, expect=2, timeout=5)
    r = ex.responses[0]
    assert r.status == 200 and r.framing == "chunked"
    assert r.body == b"******"
    assert ex.responses[1].text == "hello\n"


def test_drip_with_httpx(app):
    """The same, read by an independent client."""
    with httpx.Client(timeout=5) as c:
        r = c.get(app.url + "/drip?n=4")
        assert r.status_code == 200 and r.content == b"****"


# ---- Connection: RFC 9112 9.3 and 9.6 -----------------------------------------

def test_connection_close_from_the_client(app):
    """RFC 9112 9.6: a server that receives "close" MUST initiate closing
    after the response, and SHOULD send "close" in it; it MUST NOT process
    further requests on that connection."""
    ex = app.raw(request("GET", "/hello", headers=["Connection: close"]) + HELLO)
    assert ex.closed
    r = ex.response
    assert r.text == "hello\n"
    assert "close" in r.tokens("Connection")


def test_connection_close_option_among_others(app):
    """RFC 9110 7.6.1: Connection is a list; "close" counts wherever it is,
    in any case."""
    ex = app.raw(request("GET", "/hello", headers=["Connection: foo, CLOSE"]) + HELLO)
    assert ex.closed and len(ex.responses) == 1
    assert "close" in ex.response.tokens("Connection")


def test_http10_without_keepalive_is_closed(app):
    """RFC 9112 9.3: an HTTP/1.0 request without keep-alive does not
    persist: the server says close and closes."""
    ex = app.raw(request("GET", "/hello", version="HTTP/1.0", host=None)
                 + request("GET", "/hello", version="HTTP/1.0", host=None))
    assert ex.closed
    r = ex.response
    assert "close" in r.tokens("Connection")
    assert r.text == "hello\n"


def test_http10_keepalive_persists(app):
    """RFC 9112 9.3 / C.2.2: an HTTP/1.0 client that sent
    Connection: keep-alive gets "keep-alive" back and the connection stays
    open for another request."""
    with app.conn() as c:
        for _ in range(3):
            r = c.exchange(request("GET", "/hello", version="HTTP/1.0", host=None,
                                   headers=["Connection: keep-alive"]))
            assert r.status == 200 and r.text == "hello\n"
            assert "keep-alive" in r.tokens("Connection")
            assert r.framing == "length"
        c.assert_open()


def test_http11_persists_by_default(app):
    """RFC 9112 9.3: HTTP/1.1 connections persist unless "close" is sent;
    the server does not need to say keep-alive."""
    with app.conn() as c:
        r = c.exchange(HELLO)
        assert "close" not in r.tokens("Connection")
        c.assert_open()
        assert c.exchange(HELLO).status == 200


# ---- interim responses: RFC 9110 15.2, RFC 8297 ---------------------------------

def test_early_hints_then_200(app):
    """RFC 8297 2: a 103 carries Link fields ahead of the final response;
    RFC 9110 15.2: a 1xx ends with its header section (no content)."""
    with app.conn() as c:
        c.send(request("GET", "/early-hints"))
        hint = c.read_message()
        assert hint.status == 103 and hint.reason == "Early Hints"
        assert hint.header("Link") == "</style.css>; rel=preload; as=style"
        assert not hint.has("Content-Length") and not hint.has("Transfer-Encoding")
        r = c.read_response()
        assert r.status == 200 and r.text == "after hints\n"
        assert not r.has("Link"), "the hint fields are not repeated in the final response"
        assert_date(r)
        c.assert_open()


def test_early_hints_with_httpx(app):
    """RFC 9110 15.2: a client that does not expect 1xx MUST be able to
    parse and ignore it: httpx sees the final 200."""
    with httpx.Client(timeout=5) as c:
        r = c.get(app.url + "/early-hints")
        assert r.status_code == 200 and r.text == "after hints\n"
        r = c.get(app.url + "/hello")
        assert r.text == "hello\n"


def test_no_early_hints_to_http10(app):
    """RFC 9110 15.2: a server MUST NOT send a 1xx response to an HTTP/1.0
    client."""
    ex = app.raw(request("GET", "/early-hints", version="HTTP/1.0", host=None))
    assert b" 103 " not in ex.data
    r = ex.response
    assert r.interim == []
    assert r.status == 200 and r.text == "no hints\n"


def test_processing_then_200(app):
    """RFC 2518 10.1: 102 (Processing) first, the final response later."""
    with app.conn(timeout=5) as c:
        t0 = time.monotonic()
        c.send(request("GET", "/processing"))
        first = c.read_message()
        assert first.status == 102 and first.reason == "Processing"
        assert time.monotonic() - t0 < 0.2 + 1.0
        r = c.read_response()
        assert r.status == 200 and r.text == "slow\n"


# ---- explanations of errors: RFC 9110 15.5, 12.5.1 ------------------------------

BROWSER_ACCEPT = ("text/html,application/xhtml+xml,application/xml;q=0.9,"
                  "image/avif,image/webp,*/*;q=0.8")


@pytest.mark.parametrize("code", [404, 409, 418, 429, 500, 503])
def test_error_explanation_plain_text(app, code):
    """RFC 9110 15.5: the server SHOULD send a representation explaining
    the error; for Accept: */* it is text/plain."""
    r = app.raw(request("GET", f"/error/{code}", headers=["Accept: */*"]), expect=1).response
    assert r.status == code
    assert r.header("Content-Type").startswith("text/plain")
    assert r.text.startswith(f"{code} {r.reason}")
    assert "asked for by the test" in r.text
    # RFC 9110 12.5.5: the representation depends on Accept.
    assert "accept" in r.tokens("Vary")


def test_error_explanation_html_for_a_browser(app):
    """RFC 9110 12.5.1: a browser's Accept prefers text/html."""
    r = app.raw(request("GET", "/error/404", headers=[f"Accept: {BROWSER_ACCEPT}"]),
                expect=1).response
    assert r.status == 404
    assert r.header("Content-Type").startswith("text/html")
    assert re.search(r"<html|<!DOCTYPE html", r.text, re.I)
    assert "404" in r.text and "Not Found" in r.text


def test_error_explanation_json(app):
    """RFC 9110 12.5.1: Accept: application/json gets JSON with the code,
    its reason phrase and a description."""
    r = app.raw(request("GET", "/error/429", headers=["Accept: application/json"]),
                expect=1).response
    assert r.status == 429
    assert r.header("Content-Type").startswith("application/json")
    doc = json.loads(r.body)
    assert doc["code"] == 429
    assert doc["reason"] == "Too Many Requests"
    assert isinstance(doc["description"], str) and doc["description"]


def test_error_explanation_q_values(app):
    """RFC 9110 12.5.1: the q-values decide: JSON preferred over text."""
    r = app.raw(request("GET", "/error/404",
                        headers=["Accept: text/plain;q=0.5, application/json"]),
                expect=1).response
    assert r.header("Content-Type").startswith("application/json")


@pytest.mark.parametrize("accept, expected", [
    ("application/json;q=0, text/html", "text/html"),
    ("text/plain;q=0, application/json", "application/json"),
    ("application/*", "application/json"),
])
def test_error_explanation_respects_q_zero(app, accept, expected):
    """RFC 9110 12.4.2: a weight of 0 means "not acceptable"."""
    r = app.raw(request("GET", "/error/404", headers=[f"Accept: {accept}"]),
                expect=1).response
    assert r.header("Content-Type").startswith(expected), r


def test_error_explanation_without_accept(app):
    """RFC 9110 12.5.1: no Accept means any type; text/plain is sent."""
    r = app.raw(request("GET", "/error/404"), expect=1).response
    assert r.header("Content-Type").startswith("text/plain")


def test_head_of_an_error_has_no_body(app):
    """RFC 9110 9.3.2: HEAD of an error response has the fields and no
    content."""
    ex = app.raw(request("HEAD", "/error/404") + HELLO, methods=["HEAD", "GET"], expect=2)
    e, nxt = ex.responses
    assert e.status == 404 and e.body == b""
    assert int(e.header("Content-Length")) > 0
    assert nxt.text == "hello\n"


# ---- the engine's own checks -------------------------------------------------------

def test_405_without_allow_is_reported_as_bug(spawn):
    """RFC 9110 15.5.6: the origin server MUST generate Allow in a 405; a
    handler that forgets it makes the engine log a BUG line."""
    srv = spawn(engine_app_argv(), allow_bug=True)
    r = srv.raw(request("GET", "/code/405?forget=1"), expect=1).response
    assert r.status == 405
    m = srv.wait_stderr(r"BUG: 405 .*Allow")
    assert m, f"no BUG line on stderr:\n{srv.stderr()}"


def test_handler_that_never_answers_gets_500(spawn):
    """RFC 9110 15.6.1: 500 when the server cannot fulfil the request; a
    handler that returns without answering is a bug the engine reports."""
    srv = spawn(engine_app_argv(), allow_bug=True)
    with srv.conn() as c:
        r = c.exchange(request("GET", "/silent"))
        assert r.status == 500 and r.reason == "Internal Server Error"
        assert_date(r)
        assert c.exchange(HELLO).status == 200
    assert srv.wait_stderr(r"BUG: .*/silent"), srv.stderr()
