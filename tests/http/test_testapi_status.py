"""
The testing API's /status/{codes} and /random/{ranges}: every code from 100
to 599 comes out with the framing and header fields its definition asks
for (RFC 9110 section 15 and the extension RFCs), lists and weights choose
among codes, and the options (sleep_ms, retry_after, X-Teapot-Response-*)
behave, while bad input gets 400 naming the limit.
"""

import json
import re
import subprocess
import time

import httpx
import pytest
import requests

from conftest import binary, request, teapot_argv

MAX_COUNT = 100        # the default ctx->opt.max_count
MAX_DELAY_MS = 10000   # the default ctx->opt.max_delay_ms


@pytest.fixture(scope="module")
def registry():
    """code -> entry of `teapot codes --json` (the status-code registry)."""
    out = subprocess.run([str(binary("teapot")), "codes", "--json"],
                         check=True, capture_output=True, timeout=10).stdout
    return {e["code"]: e for e in json.loads(out)}


def required_fields(registry, code):
    """The fields the registry marks as required for `code`, or for its
    class's x00 when the code is unregistered (RFC 9110 15: an unknown code
    is treated as the x00 of its class)."""
    e = registry.get(code) or registry[code // 100 * 100]
    return [f["name"] for f in e["fields"] if f["need"] == "required"]


def statuses(client, path, n):
    return [client.get(path).status_code for _ in range(n)]


# ---- every code, framing checked on a raw connection -----------------------

def check_final(r, code, registry):
    """What a final response with `code` must look like."""
    assert r.status == code, r
    if code in registry:
        assert r.reason == registry[code]["reason"], r
    for name in required_fields(registry, code):
        assert r.has(name), f"{code} lacks required {name}: {r!r}"
    if code in (204, 304):
        # RFC 9110 6.4.1 and 8.6: no content, and no Content-Length on 204.
        assert r.body == b"" and not r.has("Transfer-Encoding"), r
        assert not r.has("Content-Length"), r
    if code == 205:
        # RFC 9110 15.3.6: no content, made explicit with Content-Length 0.
        assert r.header("Content-Length") == "0" and r.body == b"", r
    if 300 <= code < 400 and code not in (304, 305, 306):
        assert r.header("Location") == "/get", r
    if code == 304:
        # RFC 9110 15.4.5: the validator a 200 would have carried.
        assert r.header("ETag"), r
    if code == 206:
        m = re.fullmatch(r"bytes (\d+)-(\d+)/(\d+)", r.header("Content-Range"))
        assert m, r
        first, last = int(m.group(1)), int(m.group(2))
        assert len(r.body) == last - first + 1, r
    if code == 401:
        assert r.header("WWW-Authenticate").startswith("Basic realm="), r
    if code == 405:
        # RFC 9110 15.5.6: the methods the resource supports; not GET, since
        # GET is what was just refused.
        allow = r.tokens("Allow")
        assert allow and "get" not in allow, r
    if code == 407:
        assert r.header("Proxy-Authenticate").startswith("Basic realm="), r
    if code == 416:
        assert re.fullmatch(r"bytes \*/\d+", r.header("Content-Range")), r
    if code == 426:
        # RFC 9110 15.5.22 and 7.8: Upgrade, with "upgrade" in Connection.
        assert r.header("Upgrade") == "websocket", r
        assert "upgrade" in r.tokens("Connection"), r
    if code in (429, 503):
        assert re.fullmatch(r"\d+", r.header("Retry-After")), r
    if code == 451:
        # RFC 7725 3: the blocking entity in a Link with rel="blocked-by".
        assert 'rel="blocked-by"' in r.header("Link"), r


def test_every_code_100_to_599(teapot, registry):
    """Walks all 500 codes.  1xx come as a real interim response followed by
    a final 200 (RFC 9110 15.2); the rest as the final code with the fields
    the registry requires (the server would also report a BUG otherwise,
    which fails the fixture)."""
    c = teapot.conn()
    try:
        for code in range(100, 600):
            if code == 101:
                continue  # the WebSocket handshake: tested below
            c.send(request("GET", f"/status/{code}"))
            r = c.read_response()
            if 100 <= code < 200:
                assert [i.status for i in r.interim] == [code], (code, r)
                assert all(i.body == b"" for i in r.interim)
                check_final(r, 200, registry)
            else:
                assert r.interim == [], (code, r)
                check_final(r, code, registry)
            if "close" in r.tokens("Connection"):
                c.close()
                c = teapot.conn()
    finally:
        c.close()


def test_every_code_to_head(teapot, registry):
    """HEAD gets the same status and fields as GET, and never content
    (RFC 9110 9.3.2)."""
    c = teapot.conn()
    try:
        for code in list(range(200, 600, 7)) + [204, 205, 206, 304, 405, 418]:
            c.send(request("HEAD", f"/status/{code}"))
            r = c.read_response("HEAD")
            assert r.status == code and r.body == b"", r
            for name in required_fields(registry, code):
                assert r.has(name), (code, name, r)
    finally:
        c.close()


def test_101_without_upgrade_is_400(teapot):
    """101 can only answer a request that asked to switch protocols (RFC
    9110 15.2.2); a plain GET is told why not."""
    r = teapot.get("/status/101")
    assert r.status == 400, r
    assert "upgrade" in r.text.lower(), r


def test_101_switches_to_websocket(teapot):
    """With a WebSocket handshake (RFC 6455 4.2.2) /status/101 really
    switches protocols: 101 with Upgrade and Connection: upgrade."""
    key = "dGhlIHNhbXBsZSBub25jZQ=="
    with teapot.conn() as c:
        c.send(request("GET", "/status/101", headers=[
            "Connection: Upgrade", "Upgrade: websocket",
            "Sec-WebSocket-Version: 13", f"Sec-WebSocket-Key: {key}"]))
        r = c.read_message()
    assert r.status == 101, r
    assert r.header("Upgrade").lower() == "websocket"
    assert "upgrade" in r.tokens("Connection")
    assert r.header("Sec-WebSocket-Accept") == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo="


# ---- 1xx -----------------------------------------------------------------

def test_103_early_hints_link(teapot):
    """RFC 8297: the 103 carries the Link preload hints, and the final
    response carries them too."""
    r = teapot.get("/status/103")
    (hint,) = r.interim
    assert hint.status == 103
    links = hint.get_all("Link")
    assert "</get>; rel=preload; as=fetch" in links
    assert all("rel=preload" in v for v in links)
    assert r.status == 200 and r.get_all("Link") == links, r
    # the final response still carries CORS (the interim's fields are gone)
    assert r.header("Access-Control-Allow-Origin") == "*"


def test_104_upload_resumption(teapot):
    """draft-ietf-httpbis-resumable-upload: the 104 names the upload
    resource in Location and the interop version; the final response does
    not repeat the Location."""
    r = teapot.get("/status/104")
    (hint,) = r.interim
    assert hint.status == 104
    assert re.fullmatch(r"/anything/upload/[0-9a-f]{32}", hint.header("Location"))
    assert re.fullmatch(r"\d+", hint.header("Upload-Draft-Interop-Version"))
    assert r.status == 200 and not r.has("Location"), r
    # a fresh resource each time
    assert teapot.get("/status/104").interim[0].header("Location") != \
        hint.header("Location")


@pytest.mark.parametrize("code", [100, 102, 103, 104, 150, 199])
def test_no_1xx_to_http10(teapot, code):
    """RFC 9110 15.2: a server MUST NOT send a 1xx response to an HTTP/1.0
    client; it gets only the final response, without fields that belong to
    the interim one."""
    r = teapot.raw(request("GET", f"/status/{code}", version="HTTP/1.0"),
                   expect=1).response
    assert r.interim == [] and r.status == 200, r
    assert b"HTTP/1.1 1" not in r.head
    if code == 104:
        assert not r.has("Location") and not r.has("Upload-Draft-Interop-Version")
    if code == 103:
        assert r.has("Link")  # the final response's own hints


def test_100_continue_then_final(teapot):
    """A client that expects 100-continue gets the 100, sends its body, and
    the connection stays usable after the final response (RFC 9110
    10.1.1)."""
    with teapot.conn() as c:
        c.send(request("POST", "/status/100", headers=[
            "Expect: 100-continue", "Content-Length: 5"]))
        r = c.read_message()
        assert r.status == 100, r
        c.send(b"hello")
        r = c.read_response("POST")
        assert r.status == 200, r
        assert c.exchange(request("GET", "/status/204")).status == 204


def test_1xx_sent_before_the_delay(teapot):
    """With sleep_ms the interim response goes out at once and the final one
    after the delay, as a server still processing would do (RFC 2518
    10.1)."""
    with teapot.conn() as c:
        t0 = time.monotonic()
        c.send(request("GET", "/status/102?sleep_ms=400"))
        interim = c.read_message()
        t1 = time.monotonic()
        final = c.read_response()
        t2 = time.monotonic()
    assert interim.status == 102 and final.status == 200
    assert t1 - t0 < 0.35
    assert t2 - t0 >= 0.39


def test_httpx_sees_the_final_response(teapot):
    """A real client skips the interim responses and reads the final one."""
    with httpx.Client(base_url=teapot.url) as client:
        for code in (100, 102, 103, 104, 123):
            r = client.get(f"/status/{code}")
            assert r.status_code == 200, r
        r = client.get("/status/103", headers={"Accept": "application/json"})
        assert r.json()["code"] == 200
        assert "rel=preload" in r.headers["link"]


# ---- bodies and fields ---------------------------------------------------

def test_explanation_by_accept(teapot):
    with httpx.Client(base_url=teapot.url) as client:
        r = client.get("/status/404", headers={"Accept": "application/json"})
        assert r.status_code == 404
        assert r.json() == {"code": 404, "reason": "Not Found",
                            "description": r.json()["description"]}
        r = client.get("/status/404", headers={"Accept": "text/html"})
        assert r.headers["content-type"].startswith("text/html")
        r = client.get("/status/404", headers={"Accept": "text/plain"})
        assert r.text.startswith("404 Not Found\n")


def test_418_teapot(teapot):
    """RFC 2324 2.3.2: short and stout."""
    r = requests.get(teapot.url + "/status/418")
    assert r.status_code == 418 and r.reason == "I'm a teapot"
    assert "teapot" in r.text and "short and stout" in r.text


def test_unregistered_code(teapot):
    """An unregistered code is sent as asked; the explanation says which
    class it falls back to (RFC 9110 15)."""
    r = requests.get(teapot.url + "/status/299")
    assert r.status_code == 299 and "200 OK" in r.text
    r = requests.get(teapot.url + "/status/599")
    assert r.status_code == 599 and "500 Internal Server Error" in r.text


def test_300_lists_choices(teapot):
    """RFC 9110 15.4.1: the content lists the choices; Location names the
    preferred one.  Every choice is a resource that answers."""
    r = requests.get(teapot.url + "/status/300",
                     headers={"Accept": "application/json"},
                     allow_redirects=False)
    assert r.status_code == 300 and r.headers["Location"] == "/get"
    hrefs = [c["href"] for c in r.json()["choices"]]
    assert "/get" in hrefs and len(hrefs) >= 2
    for h in hrefs:
        assert requests.get(teapot.url + h).status_code == 200
    r = requests.get(teapot.url + "/status/300", allow_redirects=False,
                     headers={"Accept": "text/html"})
    assert r.headers["Content-Type"].startswith("text/html")
    assert all(f'href="{h}"' in r.text for h in hrefs)


def test_206_honours_range(teapot):
    """RFC 9110 14.2 and 15.3.7: a valid Range on GET is served as asked,
    and every 206 carries a Content-Range that matches its bytes."""
    base = teapot.url + "/status/206"
    whole = requests.get(base, headers={"Range": "bytes=0-"})
    assert whole.status_code == 206
    m = re.fullmatch(r"bytes 0-(\d+)/(\d+)", whole.headers["Content-Range"])
    n = int(m.group(2))
    assert int(m.group(1)) == n - 1 and len(whole.content) == n
    data = whole.content
    r = requests.get(base)
    first, last = map(int, re.match(r"bytes (\d+)-(\d+)/", r.headers["Content-Range"]).groups())
    assert r.content == data[first:last + 1]
    r = requests.get(base, headers={"Range": "bytes=5-9"})
    assert r.headers["Content-Range"] == f"bytes 5-9/{n}" and r.content == data[5:10]
    r = requests.get(base, headers={"Range": "bytes=-4"})
    assert r.content == data[-4:]
    r = requests.get(base, headers={"Range": "bytes=0-1,10-11"})
    assert r.status_code == 206
    assert r.headers["Content-Type"].startswith("multipart/byteranges")
    r = requests.get(base, headers={"Range": f"bytes={n + 10}-"})
    assert r.status_code == 416 and r.headers["Content-Range"] == f"bytes */{n}"


def test_405_allow_never_names_the_refused_method(teapot):
    for method in ("GET", "POST", "PUT", "DELETE"):
        r = requests.request(method, teapot.url + "/status/405")
        assert r.status_code == 405
        allow = [m.strip() for m in r.headers["Allow"].split(",")]
        assert method not in allow and allow, r.headers


def test_every_method(teapot):
    """/status takes every method, like httpbin; OPTIONS is a CORS
    preflight."""
    for method in ("GET", "POST", "PUT", "PATCH", "DELETE", "TRACE"):
        assert requests.request(method, teapot.url + "/status/409").status_code == 409
    r = requests.options(teapot.url + "/status/500",
                         headers={"Origin": "http://example.test",
                                  "Access-Control-Request-Method": "PUT"})
    assert r.status_code == 200 and "PUT" in r.headers["Access-Control-Allow-Methods"]


# ---- lists, weights and ranges -------------------------------------------

def test_list_picks_each_code(teapot):
    """A comma list picks uniformly: with 3 codes and 150 draws each one
    comes up (a miss has probability about 3 * (2/3)^150)."""
    with httpx.Client(base_url=teapot.url) as client:
        seen = statuses(client, "/status/200,201,418", 150)
    assert set(seen) == {200, 201, 418}
    assert all(seen.count(c) > 20 for c in (200, 201, 418))


def test_weights(teapot):
    """`200:0.8,500:0.2`: about one in five is a 500 (mean 80 of 400, sd 8;
    the bounds are 5 sd wide)."""
    with httpx.Client(base_url=teapot.url) as client:
        seen = statuses(client, "/status/200:0.8,500:0.2", 400)
        assert set(seen) <= {200, 500}
        assert 40 <= seen.count(500) <= 120
        # a zero weight is never chosen; a missing weight counts as 1
        assert set(statuses(client, "/status/200:0,418:3", 40)) == {418}
        assert set(statuses(client, "/status/500:0,204", 20)) == {204}


def test_random_ranges(teapot):
    """/random/{ranges} draws uniformly from the union of the ranges."""
    with httpx.Client(base_url=teapot.url) as client:
        seen = statuses(client, "/random/200-202,204", 160)
        assert set(seen) == {200, 201, 202, 204}
        # overlapping ranges count each code once: 4 codes, 1/4 each
        seen = statuses(client, "/random/500-503,501-502", 200)
        assert set(seen) == {500, 501, 502, 503}
        assert all(seen.count(c) > 20 for c in (500, 503))
        assert set(statuses(client, "/random/418", 5)) == {418}
        # 101 answers only a request to upgrade: a plain one never draws it
        # (httpx reads past the interim 100 and 102 to the final 200; a
        # drawn 101 would be a 400)
        seen = statuses(client, "/random/100-102", 30)
        assert 101 not in seen and 400 not in seen


@pytest.mark.parametrize("path,why", [
    ("/status/abc", "not a status code"),
    ("/status/600", "100 to 599"),
    ("/status/99", "100 to 599"),
    ("/status/0200", "three digits"),
    ("/status/", "no status code"),
    ("/status/200,,201", "empty item"),
    ("/status/200,", "empty item"),
    ("/status/200:x", "not a weight"),
    ("/status/200:-1", "not a weight"),
    ("/status/200:1.", "not a weight"),
    ("/status/200:0,500:0", "add up to 0"),
    ("/status/200%ZZ", "percent-encoding"),
    ("/status/" + ",".join(["200"] * (MAX_COUNT + 1)), str(MAX_COUNT)),
    ("/random/", "no status code range"),
    ("/random/204-200", "empty"),
    ("/random/200-", "not a code or a range"),
    ("/random/200-600", "100 to 599"),
    ("/random/x", "not a code or a range"),
    ("/random/200,,300", "empty item"),
    ("/random/" + ",".join(["200-201"] * (MAX_COUNT + 1)), str(MAX_COUNT)),
])
def test_bad_codes_are_400(teapot, path, why):
    r = teapot.get(path)  # raw: a client library would re-encode "%ZZ"
    assert r.status == 400, (path, r)
    assert why in r.text, r.text


# ---- options -------------------------------------------------------------

def test_sleep_ms(teapot):
    t0 = time.monotonic()
    r = requests.get(teapot.url + "/status/202?sleep_ms=200")
    assert r.status_code == 202 and time.monotonic() - t0 >= 0.19
    for bad in (MAX_DELAY_MS + 1, "abc", "-5", "1.5"):
        r = requests.get(teapot.url + f"/status/200?sleep_ms={bad}")
        assert r.status_code == 400 and str(MAX_DELAY_MS) in r.text, bad


def test_sleep_does_not_block_the_worker(teapot):
    """The delay is a timer, not a sleep: with one worker thread, another
    request is answered while the first one waits."""
    with teapot.conn() as slow:
        slow.send(request("GET", "/status/200?sleep_ms=600"))
        t0 = time.monotonic()
        assert teapot.get("/status/201").status == 201
        assert time.monotonic() - t0 < 0.4
        assert slow.read_response().status == 200


def test_retry_after(teapot):
    """RFC 9110 10.2.3 (delay-seconds); RFC 6585 4 and RFC 9110 15.6.4."""
    assert requests.get(teapot.url + "/status/429").headers["Retry-After"] == "1"
    assert requests.get(teapot.url + "/status/503?retry_after=30").headers["Retry-After"] == "30"
    assert requests.get(teapot.url + "/status/413?retry_after=0").headers["Retry-After"] == "0"
    assert "Retry-After" not in requests.get(teapot.url + "/status/413").headers
    assert requests.get(teapot.url + "/status/200?retry_after=5").headers["Retry-After"] == "5"
    for bad in ("-1", "1.5", "soon", "", "99999999999"):
        r = requests.get(teapot.url + f"/status/503?retry_after={bad}")
        assert r.status_code == 400 and "delay-seconds" in r.text, bad


def test_response_header_injection(teapot):
    """X-Teapot-Response-Foo: bar asks for Foo: bar; a field asked for
    replaces the one the code would carry by default."""
    r = teapot.get("/status/200", headers=["X-Teapot-Response-Foo: bar",
                                           "x-teapot-response-cache-control: no-store"])
    assert r.header("Foo") == "bar" and r.header("Cache-Control") == "no-store", r
    r = teapot.get("/status/503", headers=["X-Teapot-Response-Retry-After: 7"])
    assert r.get_all("Retry-After") == ["7"], r
    r = teapot.get("/status/302", headers=["X-Teapot-Response-Location: /headers"])
    assert r.get_all("Location") == ["/headers"], r
    # on a 1xx they go with the interim response and with the final one
    r = teapot.get("/status/103", headers=["X-Teapot-Response-X-Hint: yes"])
    assert r.interim[0].header("X-Hint") == "yes" and r.header("X-Hint") == "yes"
    # through a real client
    r = requests.get(teapot.url + "/status/201",
                     headers={"X-Teapot-Response-X-Trace": "abc"})
    assert r.status_code == 201 and r.headers["X-Trace"] == "abc"


@pytest.mark.parametrize("field", [
    "X-Teapot-Response-Content-Length: 5",
    "X-Teapot-Response-Date: yesterday",
    "X-Teapot-Response-Transfer-Encoding: chunked",
    "X-Teapot-Response-Server: other",
    "X-Teapot-Response-Connection: keep-alive",
    "X-Teapot-Response-: empty-name",
])
def test_injection_refuses_engine_fields(teapot, field):
    """The framing and the fields the engine owns cannot be overridden: 400
    says why, and no interim response went out before it."""
    for code in (200, 103):
        r = teapot.get(f"/status/{code}", headers=[field])
        assert r.status == 400 and r.interim == [], r
        assert "X-Teapot-Response-" in r.text


def test_fields_under_a_prefix(spawn):
    """Mounted under a prefix, the paths the responses name stay under it."""
    srv = spawn(teapot_argv("--testapi", "/httpbin"), probe=b"/httpbin/get")
    assert srv.get("/httpbin/status/302").header("Location") == "/httpbin/get"
    r = srv.get("/httpbin/status/103")
    assert "</httpbin/get>; rel=preload; as=fetch" in r.interim[0].get_all("Link")
    loc = srv.get("/httpbin/status/104").interim[0].header("Location")
    assert loc.startswith("/httpbin/anything/upload/")
    # the announced upload resource answers
    assert requests.put(srv.url + loc, data=b"x").status_code == 200
    assert srv.get("/status/200").status == 404
