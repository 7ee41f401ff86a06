"""
`teapot --root DIR`: plain files.  The 200 and its header fields (RFC 9110
6.6.1 Date, 8.3 Content-Type, 8.6 Content-Length, 8.8.2 Last-Modified,
8.8.3 ETag, 14.3 Accept-Ranges), HEAD (9.3.2), OPTIONS (9.3.7), methods a
read-only tree does not support (15.5.6), and a large file fetched whole
and in part by curl, requests and httpx.
"""

import hashlib
import os
import subprocess
import time

import httpx
import pytest
import requests

from conftest import IMF_FIXDATE, request
from test_static_common import (
    PAST, ask, assert_head_matches_get, get, http_date, parse_date,
    pipeline, put, static_server, strong_etag,
)

HELLO = b"hello, world\n"
BIG_SIZE = 5 * 1024 * 1024


def _mime_types_file():
    """{extension: type} from /etc/mime.types, when the system has one."""
    out = {}
    try:
        with open("/etc/mime.types", encoding="utf-8", errors="replace") as f:
            for line in f:
                line = line.split("#", 1)[0].split()
                if len(line) >= 2 and "/" in line[0]:
                    for ext in line[1:]:
                        out.setdefault(ext.lower(), line[0])
    except FileNotFoundError:
        pass
    return out


MIME_TYPES = _mime_types_file()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("files-root")
    put(root, "hello.txt", HELLO)
    put(root, "style.css", "body { color: teal }\n")
    put(root, "page.html", "<!DOCTYPE html><title>p</title>\n")
    put(root, "image.png", b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    put(root, "doc.pdf", b"%PDF-1.4\n%%EOF\n")
    put(root, "unknown.qqqzz", b"\x00\x01\x02")
    put(root, "noextension", b"plain bytes")
    put(root, "empty.txt", b"")
    put(root, "changing.txt", b"version one\n")
    big = os.urandom(BIG_SIZE)
    put(root, "big.bin", big)
    with static_server(tmp_path_factory, root, name="teapot-files") as srv:
        srv.big = big
        yield srv


# ---- 200 ----------------------------------------------------------------

def test_get_file_200_with_representation_fields(site):
    """RFC 9110 15.3.1 and 6.6.1: 200 with the file's bytes, Date, a
    Content-Length equal to the content (8.6), Content-Type (8.3), a strong
    ETag (8.8.3), Last-Modified equal to the file's modification time
    (8.8.2) and Accept-Ranges: bytes (14.3)."""
    r = get(site, "/hello.txt")
    assert r.status == 200, r
    assert r.body == HELLO
    assert r.header("Content-Length") == str(len(HELLO))
    assert r.header("Content-Type").replace(" ", "").lower() == "text/plain;charset=utf-8"
    strong_etag(r)
    lm = r.header("Last-Modified")
    assert IMF_FIXDATE.fullmatch(lm), lm
    assert parse_date(lm) == PAST
    assert r.tokens("Accept-Ranges") == ["bytes"]


@pytest.mark.parametrize("name,ext,builtin", [
    ("style.css", "css", "text/css"),
    ("page.html", "html", "text/html"),
    ("hello.txt", "txt", "text/plain"),
    ("image.png", "png", "image/png"),
    ("doc.pdf", "pdf", "application/pdf"),
])
def test_content_type_from_mime_types(site, name, ext, builtin):
    """RFC 9110 8.3: Content-Type names the media type of the file, from
    /etc/mime.types when present (the built-in table otherwise); text
    types carry charset=utf-8 (8.3.2), others carry no charset."""
    expected = MIME_TYPES.get(ext, builtin)
    r = get(site, "/" + name)
    assert r.status == 200, r
    ctype = r.header("Content-Type")
    main, _, params = ctype.partition(";")
    assert main.strip().lower() == expected
    if expected.startswith("text/"):
        assert params.replace(" ", "").lower() == "charset=utf-8", ctype
    else:
        assert "charset" not in params.lower(), ctype


@pytest.mark.parametrize("name", ["unknown.qqqzz", "noextension"])
def test_unknown_type_is_octet_stream_or_absent(site, name):
    """RFC 9110 8.3: a server that does not know the media type either
    omits Content-Type or sends application/octet-stream, never a guess
    such as text/plain."""
    r = get(site, "/" + name)
    assert r.status == 200, r
    assert r.header("Content-Type") in (None, "application/octet-stream"), r


def test_empty_file(site):
    """RFC 9110 8.6: an empty file is 200 with Content-Length: 0."""
    r = get(site, "/empty.txt")
    assert r.status == 200, r
    assert r.body == b"" and r.header("Content-Length") == "0"
    strong_etag(r)


def test_last_modified_not_after_date(site):
    """RFC 9110 8.8.2.1: an origin server MUST NOT send a Last-Modified
    date later than the server's time of message origination (Date)."""
    r = get(site, "/hello.txt")
    assert parse_date(r.header("Last-Modified")) <= parse_date(r.header("Date"))


def test_last_modified_in_the_future_is_replaced_by_date(site):
    """RFC 9110 8.8.2.1: a modification time in the future (clock skew,
    a restored archive) MUST be replaced by the message origination date."""
    future = int(time.time()) + 86400
    put(site.root, "future.txt", b"from tomorrow\n", mtime=future)
    r = get(site, "/future.txt")
    assert r.status == 200, r
    assert parse_date(r.header("Last-Modified")) <= parse_date(r.header("Date"))


def test_missing_file_404(site):
    """RFC 9110 15.5.5: no current representation: 404, with Date."""
    r = get(site, "/no-such-file.txt")
    assert r.status == 404, r
    assert not r.has("ETag")


#: How long the server may serve a cached copy of a small file.
CACHE_WINDOW = 1.1


def test_etag_is_stable_and_changes_with_the_file(site):
    """RFC 9110 8.8.3: an entity-tag identifies one representation: the
    same file gives the same tag, a changed file a different one, and an
    old tag in If-None-Match no longer matches (13.1.2): the new content
    comes back with 200."""
    path = site.root / "changing.txt"
    first = get(site, "/changing.txt")
    again = get(site, "/changing.txt")
    assert strong_etag(first) == strong_etag(again)
    # Same length, different bytes, another modification time.
    path.write_bytes(b"version two\n")
    os.utime(path, (PAST + 60, PAST + 60))
    # The server keeps small files for up to a second (its documented
    # open-file cache); the change shows once that has passed.
    time.sleep(CACHE_WINDOW)
    second = get(site, "/changing.txt")
    assert second.body == b"version two\n"
    assert strong_etag(second) != strong_etag(first)
    r = get(site, "/changing.txt", ("If-None-Match", first.header("ETag")))
    assert r.status == 200 and r.body == b"version two\n", r


# ---- HEAD ---------------------------------------------------------------

@pytest.mark.parametrize("target", ["/hello.txt", "/image.png", "/empty.txt",
                                    "/", "/no-such-file.txt"])
def test_head_same_fields_as_get_and_no_content(site, target):
    """RFC 9110 9.3.2: HEAD gets the header fields GET would get,
    Content-Length included (8.6), and no content; pipelined HEAD then GET
    on one connection shows that no body follows the HEAD response."""
    h, g = assert_head_matches_get(site, target)
    if g.status == 200 and target != "/":
        assert h.header("Content-Length") == str(len(g.body))


def test_head_of_big_file_sends_no_body(site):
    """RFC 9110 9.3.2: the 5 MiB file answers HEAD with its length and no
    content, and the connection is then ready for the next request."""
    h, g = pipeline(site, ("HEAD", "/big.bin", ()), ("GET", "/hello.txt", ()))
    assert h.status == 200 and h.header("Content-Length") == str(BIG_SIZE)
    assert g.status == 200 and g.body == HELLO


# ---- methods ------------------------------------------------------------

def test_options_200_with_allow(site):
    """RFC 9110 9.3.7 and 10.2.1: OPTIONS on a file is 200 with Allow
    listing GET, HEAD and OPTIONS."""
    r = ask(site, "OPTIONS", "/hello.txt")
    assert r.status == 200, r
    assert {t.upper() for t in r.tokens("Allow")} == {"GET", "HEAD", "OPTIONS"}
    assert r.body == b""


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH", "PROPFIND"])
def test_other_methods_405_with_allow(site, method):
    """RFC 9110 15.5.6: the tree is read-only: a method the resource does
    not support is 405, and the origin server MUST send Allow listing the
    supported methods (GET, HEAD, OPTIONS)."""
    body = b"data" if method in ("POST", "PUT", "PATCH") else b""
    r = ask(site, method, "/hello.txt", body=body)
    assert r.status == 405, r
    assert {t.upper() for t in r.tokens("Allow")} == {"GET", "HEAD", "OPTIONS"}
    # Nothing changed.
    assert get(site, "/hello.txt").body == HELLO


def test_405_does_not_evaluate_preconditions(site):
    """RFC 9110 13.2.1: preconditions are ignored when the response would
    otherwise not be 2xx or 412: a PUT with a failing If-Match is 405."""
    r = ask(site, "PUT", "/hello.txt", headers=[("If-Match", '"nope"')], body=b"x")
    assert r.status == 405, r
    assert r.has("Allow")


# ---- a large file -------------------------------------------------------

def test_big_file_raw(site):
    """RFC 9110 8.6: 5 MiB arrive intact, exactly Content-Length bytes,
    over a raw connection."""
    r = get(site, "/big.bin")
    assert r.status == 200
    assert r.header("Content-Length") == str(BIG_SIZE)
    assert hashlib.sha256(r.body).digest() == hashlib.sha256(site.big).digest()


def test_big_file_curl(site, tmp_path):
    """The 5 MiB file through curl: status 200, the declared length, and
    the same SHA-256."""
    out = tmp_path / "big.out"
    p = subprocess.run(
        ["curl", "-sS", "--max-time", "20", "-o", str(out),
         "-w", "%{http_code} %{size_download}", f"{site.url}/big.bin"],
        capture_output=True, text=True, timeout=30)
    assert p.returncode == 0, p.stderr
    assert p.stdout.split() == ["200", str(BIG_SIZE)]
    assert hashlib.sha256(out.read_bytes()).digest() == hashlib.sha256(site.big).digest()


def test_big_file_curl_range(site, tmp_path):
    """RFC 9110 14.2 through curl -r: one megabyte from the middle."""
    out = tmp_path / "part.out"
    first, last = 2 * 1024 * 1024, 3 * 1024 * 1024 - 1
    p = subprocess.run(
        ["curl", "-sS", "--max-time", "20", "-r", f"{first}-{last}", "-o", str(out),
         "-w", "%{http_code}", f"{site.url}/big.bin"],
        capture_output=True, text=True, timeout=30)
    assert p.returncode == 0, p.stderr
    assert p.stdout == "206"
    assert out.read_bytes() == site.big[first:last + 1]


def test_big_file_requests(site):
    """The 5 MiB file through python-requests, then a range in the middle
    of it: 206 with Content-Range and the exact bytes."""
    r = requests.get(f"{site.url}/big.bin", timeout=20)
    assert r.status_code == 200
    assert int(r.headers["Content-Length"]) == BIG_SIZE
    assert hashlib.sha256(r.content).digest() == hashlib.sha256(site.big).digest()
    first, last = 1234567, 4321098
    r = requests.get(f"{site.url}/big.bin", timeout=20,
                     headers={"Range": f"bytes={first}-{last}"})
    assert r.status_code == 206
    assert r.headers["Content-Range"] == f"bytes {first}-{last}/{BIG_SIZE}"
    assert r.content == site.big[first:last + 1]


def test_big_file_httpx_suffix_range_and_if_range(site):
    """httpx: the file's ETag in If-Range with a suffix range gives the
    last bytes (RFC 9110 13.1.5, 14.1.1)."""
    with httpx.Client(timeout=20) as c:
        whole = c.head(f"{site.url}/big.bin")
        assert whole.status_code == 200
        etag = whole.headers["ETag"]
        r = c.get(f"{site.url}/big.bin",
                  headers={"Range": "bytes=-1000", "If-Range": etag})
        assert r.status_code == 206
        assert r.headers["Content-Range"] == f"bytes {BIG_SIZE - 1000}-{BIG_SIZE - 1}/{BIG_SIZE}"
        assert r.content == site.big[-1000:]


def test_keep_alive_after_file_responses(site):
    """RFC 9112 9.3: the connection stays usable after 200, 404 and 405
    responses of the static site (their framing is exact)."""
    rs = pipeline(site, ("GET", "/hello.txt", ()), ("GET", "/missing", ()),
                  ("OPTIONS", "/hello.txt", ()), ("GET", "/image.png", ()),
                  ("HEAD", "/hello.txt", ()))
    assert [r.status for r in rs] == [200, 404, 200, 200, 200]
    assert rs[0].body == HELLO


def test_http10_get(site):
    """RFC 9112 2.6 / RFC 9110 6.6.1: an HTTP/1.0 request for a file gets
    the file (in an HTTP/1.1 response), with Date and Content-Length."""
    ex = site.raw(request("GET", "/hello.txt", version="HTTP/1.0"), expect=1)
    r = ex.response
    assert r.status == 200 and r.body == HELLO
    assert r.header("Content-Length") == str(len(HELLO))
    assert r.has("Date")


def test_date_formats_are_imf_fixdate(site):
    """RFC 9110 5.6.7: a sender MUST generate HTTP-dates in IMF-fixdate:
    Date and Last-Modified."""
    r = get(site, "/hello.txt")
    assert IMF_FIXDATE.fullmatch(r.header("Date"))
    assert IMF_FIXDATE.fullmatch(r.header("Last-Modified"))
    assert r.header("Last-Modified") == http_date(PAST)
