"""
The testing API's redirects: /redirect/{n}, /relative-redirect/{n} and
/absolute-redirect/{n} are chains of n 302 Found (RFC 9110 15.4.3) that end
at /get, and /redirect-to sends a client where it asks with the 3xx code it
asks for, refusing targets that would make it an open redirect (another
host, scheme tricks, backslashes, control characters) and codes that are
not redirects (304, 305, 306).
"""

import subprocess
import urllib.parse

import pytest
import requests

from conftest import request, teapot_argv

MAX_COUNT = 100


def q(s):
    return urllib.parse.quote(s, safe="")


# ---- chains --------------------------------------------------------------

@pytest.mark.parametrize("n", [1, 3, 7])
def test_redirect_chain_ends_at_get(teapot, n):
    """requests follows every hop; /redirect/n uses relative Locations."""
    r = requests.get(f"{teapot.url}/redirect/{n}")
    assert r.status_code == 200 and r.url == teapot.url + "/get"
    assert r.json()["url"].endswith("/get")
    assert len(r.history) == n
    assert all(h.status_code == 302 for h in r.history)
    locations = [h.headers["Location"] for h in r.history]
    expected = [f"/relative-redirect/{k}" for k in range(n - 1, 0, -1)] + ["/get"]
    assert locations == expected


def test_redirect_absolute(teapot):
    r = requests.get(f"{teapot.url}/redirect/3?absolute=true")
    assert r.url == teapot.url + "/get" and len(r.history) == 3
    assert r.history[0].headers["Location"] == teapot.url + "/absolute-redirect/2"
    assert r.history[-1].headers["Location"] == teapot.url + "/get"


def test_relative_and_absolute_redirect(teapot):
    r = requests.get(f"{teapot.url}/relative-redirect/4")
    assert r.url == teapot.url + "/get" and len(r.history) == 4
    assert all(h.headers["Location"].startswith("/") for h in r.history)
    r = requests.get(f"{teapot.url}/absolute-redirect/4")
    assert r.url == teapot.url + "/get" and len(r.history) == 4
    assert all(h.headers["Location"].startswith("http://") for h in r.history)


def test_absolute_location_uses_the_host_asked_for(teapot):
    """The absolute URL names the host the client asked (its Host field)."""
    r = teapot.get("/absolute-redirect/1", host="api.example.test:8080")
    assert r.status == 302
    assert r.header("Location") == "http://api.example.test:8080/get"


def test_curl_follows(teapot):
    out = subprocess.run(
        ["curl", "-sSL", "-o", "/dev/null", "-w",
         "%{http_code} %{num_redirects} %{url_effective}",
         f"{teapot.url}/redirect/5"],
        capture_output=True, text=True, timeout=10, check=True).stdout
    assert out == f"200 5 {teapot.url}/get"


def test_redirect_note_for_humans(teapot):
    """RFC 9110 15.4: the content is a short note pointing at the target."""
    r = requests.get(f"{teapot.url}/redirect/2", allow_redirects=False,
                     headers={"Accept": "text/html"})
    assert r.status_code == 302
    assert r.headers["Content-Type"].startswith("text/html")
    assert "/relative-redirect/1" in r.text


@pytest.mark.parametrize("path", [
    "/redirect/0", "/redirect/abc", "/redirect/-1", f"/redirect/{MAX_COUNT + 1}",
    "/redirect/", "/redirect/2/3", "/relative-redirect/0",
    "/relative-redirect/x", "/absolute-redirect/0",
    f"/absolute-redirect/{MAX_COUNT + 1}", "/redirect/2?absolute=maybe",
])
def test_bad_chain_is_400(teapot, path):
    r = teapot.get(path)
    assert r.status == 400, r
    if "absolute=" not in path:
        assert str(MAX_COUNT) in r.text, r.text


def test_max_chain_is_allowed(teapot):
    r = teapot.get(f"/redirect/{MAX_COUNT}")
    assert r.status == 302 and r.header("Location") == f"/relative-redirect/{MAX_COUNT - 1}"


def test_chain_is_get_only(teapot):
    """Like httpbin: the chain endpoints take GET (and HEAD); other
    methods get 405 with Allow (RFC 9110 15.5.6)."""
    r = requests.post(f"{teapot.url}/redirect/1", allow_redirects=False)
    assert r.status_code == 405 and "GET" in r.headers["Allow"]
    r = requests.head(f"{teapot.url}/redirect/1")
    assert r.status_code == 302 and r.headers["Location"] == "/get"


# ---- /redirect-to --------------------------------------------------------

def test_redirect_to_default_302(teapot):
    r = requests.get(f"{teapot.url}/redirect-to?url=/get")
    assert r.url == teapot.url + "/get" and r.history[0].status_code == 302
    assert r.history[0].headers["Location"] == "/get"


@pytest.mark.parametrize("code", [c for c in range(300, 400) if c not in (304, 305, 306)])
def test_redirect_to_any_3xx(teapot, code):
    """Every redirect code, registered or not (an unknown 3xx is a 300,
    RFC 9110 15), carries the Location asked for."""
    r = teapot.get(f"/redirect-to?url={q('/anything?x=1')}&status_code={code}")
    assert r.status == code and r.header("Location") == "/anything?x=1", r


def test_307_keeps_the_method_and_body(teapot):
    """RFC 9110 15.4.8: the request is repeated with the same method and
    content; 303 turns it into GET (15.4.4)."""
    r = requests.post(f"{teapot.url}/redirect-to?url=/anything&status_code=307",
                      data=b"payload")
    assert r.status_code == 200 and r.history[0].status_code == 307
    assert r.json()["method"] == "POST" and r.json()["data"] == "payload"
    r = requests.post(f"{teapot.url}/redirect-to?url=/anything&status_code=303",
                      data=b"payload")
    assert r.history[0].status_code == 303 and r.json()["method"] == "GET"


def test_redirect_to_every_method(teapot):
    for method in ("PUT", "PATCH", "DELETE"):
        r = requests.request(method, f"{teapot.url}/redirect-to?url=/get",
                             allow_redirects=False)
        assert r.status_code == 302 and r.headers["Location"] == "/get"


@pytest.mark.parametrize("code,why", [
    (304, "not a redirect"), (305, "deprecated"), (306, "reserved"),
    (200, "300 to 399"), (400, "300 to 399"), (299, "300 to 399"),
    (1000, "300 to 399"), ("abc", "300 to 399"), ("", "300 to 399"),
])
def test_redirect_to_bad_code(teapot, code, why):
    r = teapot.get(f"/redirect-to?url=/get&status_code={code}")
    assert r.status == 400 and why in r.text, r


@pytest.mark.parametrize("target", ["/redirect-to", "/redirect-to?url=",
                                    "/redirect-to?status_code=302"])
def test_redirect_to_needs_url(teapot, target):
    r = teapot.get(target)
    assert r.status == 400 and "url" in r.text, r


@pytest.mark.parametrize("url", [
    "//evil.example",
    "//evil.example/get",
    "\\\\evil.example",
    "/\\evil.example",
    "\\/evil.example",
    "http://evil.example/",
    "https://evil.example",
    "HTTP://evil.example",
    "http:evil.example",
    "http:/evil.example",
    "http://127.0.0.1@evil.example/",
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "ftp://evil.example/",
    "/get\r\nSet-Cookie: a=b",
    "/get\nx",
    "\t//evil.example",
    "/get\x00",
    "/get\x7f",
])
def test_redirect_to_refuses_open_redirects(teapot, url):
    """Only relative targets are allowed (no host is configured): no other
    host, no scheme other than http(s), no backslash (read as '/' by
    browsers), no control characters (which could split the header)."""
    r = teapot.get(f"/redirect-to?url={q(url)}")
    assert r.status == 400, (url, r)
    assert not r.has("Location") and not r.has("Set-Cookie")


@pytest.mark.parametrize("url,location", [
    ("/get", "/get"),
    ("get", "get"),
    ("../get", "../get"),
    ("?a=1", "?a=1"),
    ("/anything/a b", "/anything/a%20b"),
    ("/anything/caf\u00e9", "/anything/caf%C3%A9"),
    ("/anything/x?next=http://evil.example", "/anything/x?next=http://evil.example"),
])
def test_redirect_to_relative_targets(teapot, url, location):
    """Relative references stay on this server; what a URI cannot hold is
    percent-encoded (RFC 3986 2.1)."""
    r = teapot.get(f"/redirect-to?url={q(url)}")
    assert r.status == 302 and r.header("Location") == location, r


def test_redirect_to_allowed_hosts(spawn):
    """With hosts configured, absolute URLs to exactly those hosts pass;
    look-alikes do not."""
    srv = spawn(teapot_argv("--redirect-allow", "example.org",
                            "--redirect-allow", "api.example.net:8443"),
                probe=b"/get")
    ok = {
        "http://example.org/": "http://example.org/",
        "https://EXAMPLE.org:444/x?y=1": "https://EXAMPLE.org:444/x?y=1",
        "//example.org/path": "//example.org/path",
        "https://api.example.net:8443/v1": "https://api.example.net:8443/v1",
    }
    for url, location in ok.items():
        r = srv.get(f"/redirect-to?url={q(url)}&status_code=301")
        assert r.status == 301 and r.header("Location") == location, (url, r)
    for url in ("http://example.org.evil.example/", "http://evil.example/example.org",
                "http://user@example.org/", "http://example.org:80x/",
                "https://api.example.net/v1", "javascript://example.org/%0aalert(1)",
                "http:///example.org"):
        r = srv.get(f"/redirect-to?url={q(url)}")
        assert r.status == 400, (url, r)
    # a real client follows an allowed redirect's Location verbatim
    r = requests.get(f"{srv.url}/redirect-to?url={q('http://example.org/')}",
                     allow_redirects=False)
    assert r.is_redirect and r.headers["Location"] == "http://example.org/"


def test_redirect_to_http10(teapot):
    """An HTTP/1.0 client gets the redirect too (302 exists since
    HTTP/1.0)."""
    r = teapot.raw(request("GET", "/redirect-to?url=/get", version="HTTP/1.0"),
                   expect=1).response
    assert r.status == 302 and r.header("Location") == "/get"


def test_chains_under_a_prefix(spawn):
    """Mounted under a prefix, every hop and the end stay under it."""
    srv = spawn(teapot_argv("--testapi", "/httpbin"), probe=b"/httpbin/get")
    r = requests.get(f"{srv.url}/httpbin/redirect/3")
    assert r.url == srv.url + "/httpbin/get" and len(r.history) == 3
    assert r.history[0].headers["Location"] == "/httpbin/relative-redirect/2"
    r = requests.get(f"{srv.url}/httpbin/absolute-redirect/2")
    assert r.history[0].headers["Location"] == srv.url + "/httpbin/absolute-redirect/1"
    assert r.url == srv.url + "/httpbin/get"
