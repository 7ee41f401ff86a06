"""
Helpers shared by the test_static_* suites (`teapot --root DIR`).  This
module holds no tests of its own.

Every static suite builds its own tree in a temporary directory, with the
modification times of its files set well in the past, so that
Last-Modified is a strong validator in the sense of RFC 9110 8.8.2.2, then
starts one `teapot --root DIR --threads 1` for the module (and separate
instances for the command-line options that change behaviour).
"""

import contextlib
import email.utils
import html.parser
import os
import re
import time
from pathlib import Path

from conftest import assert_date, request, running, teapot_argv

#: A modification time three days ago, on a whole second.
PAST = int(time.time()) - 3 * 86400

#: Fields that a response may carry at most once: their values are not
#: lists (RFC 9110 5.3: a sender MUST NOT send such a field twice).
SINGLETONS = ("Content-Type", "Content-Length", "ETag", "Last-Modified",
              "Content-Range", "Location", "Content-Location", "Date",
              "Accept-Ranges")

#: RFC 9110 8.8.3: entity-tag = [ weak ] opaque-tag
ENTITY_TAG = re.compile(r'(W/)?"[\x21\x23-\x7e\x80-\xff]*"')


def http_date(ts):
    """An IMF-fixdate (RFC 9110 5.6.7)."""
    return email.utils.formatdate(ts, usegmt=True)


def asctime_date(ts):
    """The obsolete asctime() format: "Sun Nov  6 08:49:37 1994"."""
    return time.strftime("%a %b %e %H:%M:%S %Y", time.gmtime(ts))


def rfc850_date(ts):
    """The obsolete RFC 850 format: "Sunday, 06-Nov-94 08:49:37 GMT"."""
    return time.strftime("%A, %d-%b-%y %H:%M:%S GMT", time.gmtime(ts))


def parse_date(value):
    return int(email.utils.parsedate_to_datetime(value).timestamp())


# ---------------------------------------------------------------------------
# trees


def put(root, rel, data, mtime=PAST, mode=None):
    """Writes root/rel (str or bytes) with its modification time in the
    past; returns the bytes written."""
    p = Path(root) / rel
    p.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    p.write_bytes(data)
    os.utime(p, (mtime, mtime))
    if mode is not None:
        p.chmod(mode)
    return data


def age_dirs(root, mtime=PAST):
    """Sets the modification time of every directory below root (itself
    included) in the past, without following symbolic links."""
    for dirpath, dirnames, _ in os.walk(root):
        for d in dirnames:
            os.utime(os.path.join(dirpath, d), (mtime, mtime), follow_symlinks=False)
    os.utime(root, (mtime, mtime))


@contextlib.contextmanager
def static_server(tmp_path_factory, root, *options, name="teapot-static"):
    """One `teapot --root ROOT OPTIONS --threads 1`, shared by a module,
    checked for a clean exit and a clean standard error at the end."""
    argv = teapot_argv("--root", root, *options)
    with running(argv, tmp_path_factory.mktemp(name), name, shared=True,
                 probe=b"/") as srv:
        srv.root = Path(root)
        yield srv


# ---------------------------------------------------------------------------
# exchanges


def check_response(r):
    """What every response of the static site owes: Date (RFC 9110 6.6.1)
    and single-valued fields sent at most once (RFC 9110 5.3)."""
    assert_date(r)
    for name in SINGLETONS:
        r.header(name)  # asserts "at most once"
    return r


def ask(srv, method="GET", target="/", headers=(), body=b""):
    """One request on a new connection; the checked response."""
    ex = srv.raw(request(method, target, headers=headers, body=body),
                 methods=[method], expect=1, settle=0)
    return check_response(ex.response)


def get(srv, target, *headers):
    return ask(srv, "GET", target, headers=headers)


def head(srv, target, *headers):
    return ask(srv, "HEAD", target, headers=headers)


def pipeline(srv, *reqs):
    """Sends (method, target, headers) requests on one connection, in one
    write, and returns the responses in order."""
    data = b"".join(request(m, t, headers=h) for m, t, h in reqs)
    methods = [m for m, _, _ in reqs]
    ex = srv.raw(data, methods=methods, expect=len(reqs))
    rs = ex.responses
    assert len(rs) == len(reqs), f"{len(rs)} responses to {len(reqs)} requests: {rs}"
    for r in rs:
        check_response(r)
    return rs


def header_map(r, drop=("Date",)):
    """The header section as a sorted list of (lower-case name, value),
    without the fields named in `drop`."""
    dropped = {d.lower() for d in drop}
    return sorted((k.lower(), v) for k, v in r.headers if k.lower() not in dropped)


def assert_head_matches_get(srv, target, *headers):
    """RFC 9110 9.3.2: the server SHOULD send the same header fields in
    response to HEAD as to GET (Content-Length included, 8.6), and HEAD
    has no content.  Both go on one connection, HEAD first, so that a body
    sent after the HEAD response would be read as the start of the next
    response and break the parse."""
    h, g = pipeline(srv, ("HEAD", target, headers), ("GET", target, headers))
    assert h.status == g.status, (h, g)
    assert header_map(h) == header_map(g), (h, g)
    return h, g


def strong_etag(r):
    """The response's ETag, checked to be a strong entity-tag."""
    etag = r.header("ETag")
    assert etag is not None, f"no ETag in {r!r}"
    assert ENTITY_TAG.fullmatch(etag), f"ETag is not an entity-tag: {etag!r}"
    assert not etag.startswith("W/"), f"ETag is weak: {etag!r}"
    return etag


def weak(etag):
    return "W/" + etag


def cache_directives(r):
    """Every Cache-Control directive, in order, all lines together."""
    return r.tokens("Cache-Control")


# ---------------------------------------------------------------------------
# 206


def media_type(value):
    """(type/subtype lower-cased, {param: value}) of a Content-Type."""
    parts = [p.strip() for p in value.split(";")]
    params = {}
    for p in parts[1:]:
        if not p:
            continue
        k, _, v = p.partition("=")
        v = v.strip()
        if v.startswith('"') and v.endswith('"'):
            v = re.sub(r"\\(.)", r"\1", v[1:-1])
        params[k.strip().lower()] = v
    return parts[0].lower(), params


def multipart_parts(r):
    """The parts of a multipart/byteranges body (RFC 9110 14.6, RFC 2046
    5.1.1): [(fields as {lower-case name: value}, content)]."""
    mtype, params = media_type(r.header("Content-Type"))
    assert mtype == "multipart/byteranges", r
    boundary = params.get("boundary")
    assert boundary and 1 <= len(boundary) <= 70, f"bad boundary in {r!r}"
    delim = b"--" + boundary.encode("latin-1")
    body = r.body
    # An optional preamble, then the first delimiter at the start of a line.
    start = 0 if body.startswith(delim) else body.find(b"\r\n" + delim) + 2
    assert start >= 0 and body[start:start + len(delim)] == delim, body[:200]
    pos = start + len(delim)
    parts = []
    while True:
        if body[pos:pos + 2] == b"--":
            break  # the close delimiter
        assert body[pos:pos + 2] == b"\r\n", f"delimiter not followed by CRLF: {body[pos:pos + 20]!r}"
        pos += 2
        end_head = body.index(b"\r\n\r\n", pos)
        fields = {}
        for line in body[pos:end_head].split(b"\r\n"):
            name, sep, value = line.partition(b":")
            assert sep, f"malformed part field line {line!r}"
            fields[name.decode("latin-1").strip().lower()] = value.decode("latin-1").strip()
        data_start = end_head + 4
        nxt = body.index(b"\r\n" + delim, data_start)
        parts.append((fields, body[data_start:nxt]))
        pos = nxt + 2 + len(delim)
    return parts


CONTENT_RANGE = re.compile(r"bytes ([0-9]+)-([0-9]+)/([0-9]+)")


def content_range(value):
    """(first, last, complete length) of `bytes first-last/length`."""
    m = CONTENT_RANGE.fullmatch(value or "")
    assert m, f"malformed Content-Range: {value!r}"
    return tuple(int(g) for g in m.groups())


def ranges_of(r):
    """What a 206 carries, one part or several: [(first, last, length,
    content type, bytes)], each checked against its Content-Range."""
    assert r.status == 206, r
    ctype = r.header("Content-Type") or ""
    if ctype.lower().startswith("multipart/byteranges"):
        assert r.header("Content-Range") is None, \
            f"Content-Range in the header section of a multipart 206: {r!r}"
        out = []
        for fields, data in multipart_parts(r):
            first, last, length = content_range(fields.get("content-range"))
            assert len(data) == last - first + 1, (fields, len(data))
            out.append((first, last, length, fields.get("content-type"), data))
        return out
    first, last, length = content_range(r.header("Content-Range"))
    assert len(r.body) == last - first + 1
    return [(first, last, length, ctype, r.body)]


# ---------------------------------------------------------------------------
# HTML


class _Links(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links = []  # (href, text)
        self._href = None
        self._text = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self._href = dict(attrs).get("href")
            self._text = []

    def handle_data(self, data):
        if self._href is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "a" and self._href is not None:
            self.links.append((self._href, "".join(self._text)))
            self._href = None


def links(markup):
    """[(href, link text)] of every <a> in an HTML document, with character
    references resolved."""
    p = _Links()
    p.feed(markup)
    p.close()
    return p.links
