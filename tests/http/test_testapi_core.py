"""
The client-testing API's echo endpoints, as httpbin shapes them: /get,
/post, /put, /patch, /delete, /anything, /headers, /ip, /user-agent, /uuid
and /dump/request; CORS on every answer; and the API mounted under a prefix
beside a document root.
"""

import json
import re
import subprocess

import httpx
import pytest
import requests

from conftest import request, teapot_argv


def get_json(srv, path, **kw):
    r = httpx.get(srv.url + path, **kw)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "application/json"
    return r.json()


# ---------------------------------------------------------------------------
# /get and the request's description


def test_get_describes_the_request(teapot):
    j = get_json(teapot, "/get?a=1&a=2&b=x%20y&c=+plus",
                 headers={"X-Thing": "one"})
    assert j["args"] == {"a": ["1", "2"], "b": "x y", "c": " plus"}
    assert j["headers"]["X-Thing"] == "one"
    assert j["headers"]["Host"] == teapot.url.split("//")[1]
    assert j["origin"] == "127.0.0.1"
    assert j["url"] == teapot.url + "/get?a=1&a=2&b=x%20y&c=+plus"
    assert set(j) == {"args", "headers", "origin", "url"}


def test_header_names_are_shown_canonically_and_repeats_joined(teapot):
    """RFC 9110 5.3: field lines with one name combine into one list."""
    rs = teapot.raw(expect=1, data=request("GET", "/headers", headers=[
        "x-lower-case: a", "X-LOWER-CASE: b", "user-agent: raw"]))
    j = json.loads(rs.response.body)
    assert j["headers"]["X-Lower-Case"] == "a, b"
    assert j["headers"]["User-Agent"] == "raw"


def test_origin_shows_x_forwarded_for_like_httpbin(teapot):
    j = get_json(teapot, "/ip", headers={"X-Forwarded-For": "203.0.113.9"})
    assert j == {"origin": "203.0.113.9"}
    assert get_json(teapot, "/ip") == {"origin": "127.0.0.1"}


def test_user_agent(teapot):
    j = get_json(teapot, "/user-agent", headers={"User-Agent": "probe/1.0"})
    assert j == {"user-agent": "probe/1.0"}


def test_uuid_is_random_version_4(teapot):
    """RFC 9562 5.4: version 4, variant 10."""
    seen = set()
    for _ in range(5):
        u = get_json(teapot, "/uuid")["uuid"]
        assert re.fullmatch(
            r"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", u)
        seen.add(u)
    assert len(seen) == 5


def test_get_only_takes_get_and_head(teapot):
    """RFC 9110 15.5.6: 405 carries Allow."""
    r = httpx.post(teapot.url + "/get", content=b"x")
    assert r.status_code == 405
    allow = {m.strip() for m in r.headers["allow"].split(",")}
    assert {"GET", "HEAD", "OPTIONS"} <= allow and "POST" not in allow
    h = httpx.head(teapot.url + "/get")
    assert h.status_code == 200 and h.content == b""
    assert int(h.headers["content-length"]) > 0


# ---------------------------------------------------------------------------
# bodies: data, form, files, json


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
def test_method_endpoints_echo_json_bodies(teapot, method):
    r = httpx.request(method, teapot.url + "/" + method.lower(),
                      json={"k": [1, 2]})
    assert r.status_code == 200
    j = r.json()
    assert j["json"] == {"k": [1, 2]}
    assert json.loads(j["data"]) == {"k": [1, 2]}
    assert j["form"] == {} and j["files"] == {}
    assert j["headers"]["Content-Type"] == "application/json"


def test_wrong_method_on_method_endpoint_is_405(teapot):
    r = httpx.get(teapot.url + "/post")
    assert r.status_code == 405
    assert "POST" in r.headers["allow"]


def test_urlencoded_form(teapot):
    r = requests.post(teapot.url + "/post",
                      data={"name": "tea pot", "multi": ["a", "b"]})
    j = r.json()
    assert j["form"] == {"name": "tea pot", "multi": ["a", "b"]}
    assert j["data"] == "" and j["json"] is None


def test_urlencoded_form_with_stray_percent_is_read_as_browsers_do(teapot):
    """The WHATWG urlencoded parser keeps a '%' that starts no escape."""
    r = requests.post(teapot.url + "/post", data=b"a=100%&b=%zz",
                      headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert r.status_code == 200
    assert r.json()["form"] == {"a": "100%", "b": "%zz"}


def test_multipart_form_with_files(teapot):
    r = requests.post(teapot.url + "/post",
                      data={"field": "value"},
                      files={"upload": ("notes.txt", b"line one\nline two\n",
                                        "text/plain"),
                             "blob": ("b.bin", b"\x00\xff\x10", "application/octet-stream")})
    j = r.json()
    assert j["form"] == {"field": "value"}
    assert j["files"]["upload"] == "line one\nline two\n"
    assert j["files"]["blob"] == "data:application/octet-stream;base64,AP8Q"


def test_malformed_multipart_is_400(teapot):
    for ctype, body in [
        ("multipart/form-data", b"--x\r\n\r\nno boundary param\r\n--x--\r\n"),
        ("multipart/form-data; boundary=x", b"no delimiter at all"),
        ("multipart/form-data; boundary=x",
         b"--x\r\nContent-Disposition: form-data; name=a\r\n\r\nunterminated"),
        ("multipart/form-data; boundary=x",
         b"--x\r\nContent-Type: text/plain\r\n\r\nnameless\r\n--x--\r\n"),
    ]:
        r = httpx.post(teapot.url + "/post", content=body,
                       headers={"Content-Type": ctype})
        assert r.status_code == 400, (ctype, body, r.text)
        assert "multipart" in r.text


def test_binary_body_becomes_a_data_url(teapot):
    r = httpx.post(teapot.url + "/post", content=b"\xff\xfe\x00",
                   headers={"Content-Type": "application/octet-stream"})
    assert r.json()["data"] == "data:application/octet-stream;base64,//4A"


def test_chunked_request_body(teapot):
    def gen():
        yield b'{"a":'
        yield b'"chunked"}'
    r = httpx.post(teapot.url + "/anything", content=gen(),
                   headers={"Content-Type": "application/json"})
    assert r.json()["json"] == {"a": "chunked"}


def test_body_over_the_limit_is_413(teapot):
    """RFC 9110 15.5.14."""
    r = httpx.post(teapot.url + "/post", content=b"x" * (1024 * 1024 + 1))
    assert r.status_code == 413


# ---------------------------------------------------------------------------
# /anything


@pytest.mark.parametrize("method", ["GET", "POST", "PUT", "PATCH", "DELETE",
                                    "TRACE", "PROPFIND"])
def test_anything_takes_every_method(teapot, method):
    r = httpx.request(method, teapot.url + "/anything/deep/path?q=1")
    assert r.status_code == 200
    j = r.json()
    assert j["method"] == method
    assert j["url"].endswith("/anything/deep/path?q=1")
    assert j["args"] == {"q": "1"}


# ---------------------------------------------------------------------------
# /dump/request


def test_dump_request_returns_the_bytes_as_received(teapot):
    raw = request("POST", "/dump/request?x=1", headers=[
        "x-Odd-CASE:   spaced value  ", "Content-Type: text/plain"],
        body=b"the body")
    rs = teapot.raw(expect=1, data=raw)
    assert rs.response.status == 200
    assert rs.response.body == raw


def test_dump_request_of_a_chunked_body_shows_it_decoded(teapot):
    head = request("PUT", "/dump/request",
                   headers=["Transfer-Encoding: chunked"])
    rs = teapot.raw(expect=1, data=head + b"3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n")
    assert rs.response.body == head + b"abcde"


# ---------------------------------------------------------------------------
# CORS


def test_cors_reflects_origin_with_credentials(teapot):
    r = httpx.get(teapot.url + "/get", headers={"Origin": "https://app.example"})
    assert r.headers["access-control-allow-origin"] == "https://app.example"
    assert r.headers["access-control-allow-credentials"] == "true"
    # the answer depends on Origin: a shared cache must know (RFC 9110 12.5.5)
    assert "Origin" in r.headers["vary"]
    r = httpx.get(teapot.url + "/get")
    assert r.headers["access-control-allow-origin"] == "*"
    assert "access-control-allow-credentials" not in r.headers


def test_cors_preflight(teapot):
    r = httpx.options(teapot.url + "/post", headers={
        "Origin": "https://app.example",
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "X-Custom, Content-Type"})
    assert r.status_code == 200
    assert r.headers["access-control-allow-origin"] == "https://app.example"
    assert "POST" in r.headers["access-control-allow-methods"]
    assert r.headers["access-control-allow-headers"] == "X-Custom, Content-Type"
    assert r.headers["access-control-max-age"] == "3600"
    assert "POST" in r.headers["allow"]
    assert r.content == b""


# ---------------------------------------------------------------------------
# mounting beside a document root


def test_mounted_under_a_prefix_beside_files(spawn, tmp_path):
    root = tmp_path / "site"
    root.mkdir()
    (root / "index.html").write_text("<p>files</p>\n")
    srv = spawn(teapot_argv("--root", root, "--testapi", "/httpbin"),
                probe=b"/")
    assert httpx.get(srv.url + "/").text == "<p>files</p>\n"
    j = get_json(srv, "/httpbin/get?x=1")
    assert j["url"] == srv.url + "/httpbin/get?x=1"
    # the API's paths are not served at the root, the files' are
    assert httpx.get(srv.url + "/get").status_code == 404
    assert httpx.get(srv.url + "/httpbin/index.html").status_code == 404


def test_without_root_the_api_is_at_the_root_and_off_turns_it_off(spawn):
    srv = spawn(teapot_argv("--testapi", "off"), probe=b"/")
    assert httpx.get(srv.url + "/get").status_code == 404
    assert httpx.get(srv.url + "/").status_code == 200


def test_testapi_prefix_must_be_a_path():
    p = subprocess.run(teapot_argv("--testapi", "httpbin"),
                       capture_output=True, text=True, timeout=10)
    assert p.returncode == 2
    assert "--testapi" in p.stderr


def test_multipart_semicolon_inside_quotes_is_part_of_the_value(teapot):
    body = (b'--XX\r\nContent-Disposition: form-data; filename="a;name=evil"; '
            b'name="real"\r\n\r\nv\r\n--XX--\r\n')
    r = httpx.post(teapot.url + "/post", content=body,
                   headers={"Content-Type": "multipart/form-data; boundary=XX"})
    assert r.status_code == 200
    assert r.json()["files"] == {"real": "v"}


def test_multipart_part_without_headers_does_not_borrow_the_next_ones(teapot):
    """RFC 2046 5.1.1: a part may have no header fields; its content then
    follows the delimiter's CRLF and an empty line.  (RFC 7578 4.2 wants a
    Content-Disposition, so such a part is refused, not merged.)"""
    body = (b'--XX\r\n\r\nnohdr\r\n--XX\r\n'
            b'Content-Disposition: form-data; name="b"\r\n\r\nv\r\n--XX--\r\n')
    r = httpx.post(teapot.url + "/post", content=body,
                   headers={"Content-Type": "multipart/form-data; boundary=XX"})
    assert r.status_code == 400
    assert "Content-Disposition" in r.text


def test_absolute_form_target_gives_the_same_url(teapot):
    """RFC 9112 3.2.2: a server MUST accept the absolute form."""
    host = teapot.url.split("//")[1]
    r = teapot.raw(expect=1, data=request(
        "GET", f"http://{host}/get?a=1", host=host)).response
    assert json.loads(r.body)["url"] == f"http://{host}/get?a=1"


@pytest.mark.parametrize("path", ["/x/../get", "//get"])
def test_absolute_form_with_a_non_canonical_path_keeps_it(teapot, path):
    """The url is the target as received, even when the engine's canonical
    path (which routed the request to /get) is spelt differently."""
    host = teapot.url.split("//")[1]
    r = teapot.raw(expect=1, data=request(
        "GET", f"http://{host}{path}?a=1", host=host)).response
    assert json.loads(r.body)["url"] == f"http://{host}{path}?a=1"


def test_cors_answers_always_vary_on_origin(teapot):
    """Whether or not this request sent Origin, the answer depends on it."""
    r = httpx.get(teapot.url + "/cache/60")
    assert r.headers["access-control-allow-origin"] == "*"
    assert "Origin" in [v.strip() for v in r.headers["vary"].split(",")]


def test_repeated_cookie_lines_join_with_semicolons(teapot):
    """RFC 6265 5.4 joins cookies with "; ", not the ", " of lists."""
    r = teapot.raw(expect=1, data=request("GET", "/headers", headers=[
        "Cookie: a=1", "Cookie: b=2"])).response
    assert json.loads(r.body)["headers"]["Cookie"] == "a=1; b=2"


def test_vary_is_one_field_line(teapot):
    """Vary is a list (RFC 9110 12.5.5): what CORS and the explanation
    vary on is said once, in one line."""
    r = teapot.raw(expect=1, data=request("GET", "/status/404")).response
    assert len(r.get_all("Vary")) == 1
    assert {"origin", "accept", "accept-language"} <= set(r.tokens("Vary"))
