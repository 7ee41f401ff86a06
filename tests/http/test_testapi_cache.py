"""
The client-testing API's caching endpoints: /cache (validators, 304 only
when they really match), /cache/{n} (Cache-Control), /etag/{etag}
(If-None-Match and If-Match on a chosen entity-tag) and /range/{n} (Range,
If-Range, 206 single and multipart, 416).

RFC 9110 13.1.1 (If-Match: strong comparison), 13.1.2 (If-None-Match:
weak comparison), 13.1.3 (If-Modified-Since, ignored when If-None-Match is
present), 13.1.5 (If-Range), 13.2.2 (the order of evaluation), 14
(ranges), 15.3.7 (206), 15.4.5 (304), 15.5.13 (412), 15.5.17 (416).
"""

import email.utils
import json
import re
import subprocess

import httpx
import pytest
import requests

from conftest import IMF_FIXDATE, request

CLIENT = httpx.Client(timeout=10)

ALPHABET = b"abcdefghijklmnopqrstuvwxyz"


def letters(n):
    return (ALPHABET * (n // 26 + 1))[:n]


def get(srv, path, **headers):
    return CLIENT.get(srv.url + path, headers=headers)


def assert_304(r, etag):
    """RFC 9110 15.4.5: no content; the ETag a 200 would carry."""
    assert r.status_code == 304, r.text
    assert r.content == b""
    assert r.headers.get("etag") == etag
    assert "content-length" not in r.headers or r.headers["content-length"] == "0"


# ---------------------------------------------------------------------------
# /cache


@pytest.fixture(scope="module")
def cache_200(teapot):
    r = get(teapot, "/cache")
    assert r.status_code == 200
    return r


def test_cache_has_etag_and_last_modified(cache_200, teapot):
    r = cache_200
    assert re.fullmatch(r'W/"[\x21\x23-\x7e]+"', r.headers["etag"]), r.headers["etag"]
    assert IMF_FIXDATE.fullmatch(r.headers["last-modified"])
    j = r.json()
    assert set(j) == {"args", "headers", "origin", "url"}
    assert j["url"] == teapot.url + "/cache"


def test_cache_revalidation_with_the_etag_is_304(cache_200, teapot):
    etag = cache_200.headers["etag"]
    assert_304(get(teapot, "/cache", **{"If-None-Match": etag}), etag)
    r = get(teapot, "/cache", **{"If-None-Match": etag})
    assert r.headers["last-modified"] == cache_200.headers["last-modified"]
    assert "content-type" not in r.headers


def test_cache_if_none_match_uses_weak_comparison(cache_200, teapot):
    """13.1.2: W/"x" matches "x" for If-None-Match."""
    etag = cache_200.headers["etag"]
    assert_304(get(teapot, "/cache", **{"If-None-Match": etag[2:]}), etag)


def test_cache_if_none_match_list_and_star(cache_200, teapot):
    etag = cache_200.headers["etag"]
    assert_304(get(teapot, "/cache", **{"If-None-Match": f'"a", {etag}, "b"'}), etag)
    # "*" matches any current representation
    assert_304(get(teapot, "/cache", **{"If-None-Match": "*"}), etag)
    # two field lines form one list (RFC 9110 5.3)
    rs = teapot.raw(request("GET", "/cache", headers=[
        'If-None-Match: "nope"', f"If-None-Match: {etag}"]), expect=1)
    assert rs.response.status == 304


@pytest.mark.parametrize("inm", ['"other"', 'W/"other"', '"a", "b"',
                                 'teapot-cache-1'])
def test_cache_other_tags_get_200(teapot, inm):
    """Unlike httpbin, which answers any If-None-Match with 304: only a
    matching tag does.  An unquoted tag is not an entity-tag at all, so the
    field is ignored."""
    r = get(teapot, "/cache", **{"If-None-Match": inm})
    assert r.status_code == 200 and r.json()["url"].endswith("/cache")


def test_cache_if_modified_since(cache_200, teapot):
    lm = cache_200.headers["last-modified"]
    etag = cache_200.headers["etag"]
    assert_304(get(teapot, "/cache", **{"If-Modified-Since": lm}), etag)
    later = email.utils.formatdate(
        email.utils.parsedate_to_datetime(lm).timestamp() + 3600, usegmt=True)
    assert_304(get(teapot, "/cache", **{"If-Modified-Since": later}), etag)
    earlier = email.utils.formatdate(
        email.utils.parsedate_to_datetime(lm).timestamp() - 1, usegmt=True)
    assert get(teapot, "/cache", **{"If-Modified-Since": earlier}).status_code == 200
    # an invalid date is ignored (13.1.3)
    assert get(teapot, "/cache", **{"If-Modified-Since": "yesterday"}).status_code == 200


def test_cache_if_modified_since_is_ignored_with_if_none_match(cache_200, teapot):
    """13.1.3: a recipient MUST ignore If-Modified-Since if the request
    contains If-None-Match."""
    lm = cache_200.headers["last-modified"]
    r = get(teapot, "/cache", **{"If-None-Match": '"other"', "If-Modified-Since": lm})
    assert r.status_code == 200


def test_cache_tag_is_weak_since_the_bytes_echo_each_request(cache_200, teapot):
    """RFC 9110 8.8.1: the body differs between requests, so the tag can
    only be weak, and If-Match (strong comparison, 13.1.1) never matches
    it; "*" does, the resource exists."""
    etag = cache_200.headers["etag"]
    assert etag.startswith('W/"')
    assert get(teapot, "/cache", **{"If-Match": etag}).status_code == 412
    assert get(teapot, "/cache", **{"If-Match": "*"}).status_code == 200
    r = get(teapot, "/cache", **{"If-Match": '"other"'})
    assert r.status_code == 412


def test_cache_revalidation_with_requests(teapot):
    """A real client's revalidation: send back what the 200 gave."""
    s = requests.Session()
    r1 = s.get(teapot.url + "/cache")
    r2 = s.get(teapot.url + "/cache", headers={
        "If-None-Match": r1.headers["ETag"],
        "User-Agent": "a different agent"})
    assert r2.status_code == 304 and r2.content == b""
    r3 = s.get(teapot.url + "/cache", headers={
        "If-Modified-Since": r1.headers["Last-Modified"]})
    assert r3.status_code == 304


def test_cache_n_sets_max_age(teapot):
    r = get(teapot, "/cache/30?x=1")
    assert r.status_code == 200
    assert r.headers["cache-control"] == "public, max-age=30"
    assert r.json()["args"] == {"x": "1"}
    assert get(teapot, "/cache/0").headers["cache-control"] == "public, max-age=0"


@pytest.mark.parametrize("n", ["2147483649", "abc", "-1", "1.5"])
def test_cache_n_bad_is_400(teapot, n):
    r = get(teapot, "/cache/" + n)
    assert r.status_code == 400 and "2147483648" in r.text


def test_cache_is_get_only(teapot):
    """RFC 9110 15.5.6: 405 with Allow."""
    r = CLIENT.post(teapot.url + "/cache", content=b"x")
    assert r.status_code == 405 and "GET" in r.headers["allow"]


# ---------------------------------------------------------------------------
# /etag/{etag}


def test_etag_is_the_quoted_path_segment(teapot):
    r = get(teapot, "/etag/abc")
    assert r.status_code == 200 and r.headers["etag"] == '"abc"'
    assert r.json()["url"].endswith("/etag/abc")


@pytest.mark.parametrize("inm,code", [
    ('"abc"', 304),
    ('W/"abc"', 304),              # weak comparison (13.1.2)
    ('"x", "abc"', 304),
    ("*", 304),
    ('"xyz"', 200),
    ('"ABC"', 200),                # opaque-tags compare octet by octet
])
def test_etag_if_none_match(teapot, inm, code):
    r = get(teapot, "/etag/abc", **{"If-None-Match": inm})
    assert r.status_code == code
    if code == 304:
        assert_304(r, '"abc"')


@pytest.mark.parametrize("im,code", [
    ('"abc"', 200),
    ('"x", "abc"', 200),
    ("*", 200),
    ('"xyz"', 412),
    ('W/"abc"', 412),              # strong comparison (13.1.1)
])
def test_etag_if_match(teapot, im, code):
    r = get(teapot, "/etag/abc", **{"If-Match": im})
    assert r.status_code == code
    if code == 412:
        # the failed precondition is the answer, not the representation
        assert "etag" not in r.headers


def test_etag_evaluation_order(teapot):
    """13.2.2: If-Match first; when it fails the answer is 412 even if
    If-None-Match would give 304.  When it passes, If-None-Match decides."""
    r = get(teapot, "/etag/abc", **{"If-Match": '"no"', "If-None-Match": '"abc"'})
    assert r.status_code == 412
    r = get(teapot, "/etag/abc", **{"If-Match": '"abc"', "If-None-Match": '"abc"'})
    assert_304(r, '"abc"')
    # If-Modified-Since means nothing here: there is no Last-Modified
    r = get(teapot, "/etag/abc",
            **{"If-Modified-Since": "Sun, 06 Nov 1994 08:49:37 GMT"})
    assert r.status_code == 200


def test_weak_etag_from_w_prefix(teapot):
    """/etag/W/x names the weak tag W/"x": it satisfies If-None-Match
    (weak comparison) but never If-Match (strong comparison)."""
    r = get(teapot, "/etag/W/abc")
    assert r.status_code == 200 and r.headers["etag"] == 'W/"abc"'
    assert_304(get(teapot, "/etag/W/abc", **{"If-None-Match": '"abc"'}), 'W/"abc"')
    assert_304(get(teapot, "/etag/W/abc", **{"If-None-Match": 'W/"abc"'}), 'W/"abc"')
    assert get(teapot, "/etag/W/abc", **{"If-Match": 'W/"abc"'}).status_code == 412
    assert get(teapot, "/etag/W/abc", **{"If-Match": '"abc"'}).status_code == 412
    assert get(teapot, "/etag/W/abc", **{"If-Match": "*"}).status_code == 200


def test_etag_percent_encoded(teapot):
    r = get(teapot, "/etag/a%2Fb%21")
    assert r.headers["etag"] == '"a/b!"'


@pytest.mark.parametrize("tag", ["a%22b", "a%20b", "a%0Ab", "a%7Fb", "%zz"])
def test_etag_invalid_tag_is_400(teapot, tag):
    """8.8.3: etagc excludes DQUOTE, space and controls.  Sent raw, as a
    client library would re-encode the malformed escape."""
    rs = teapot.raw(request("GET", "/etag/" + tag), expect=1)
    assert rs.response.status == 400


def test_etag_with_curl(teapot):
    out = subprocess.run(
        ["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}",
         "-H", 'If-None-Match: "v1"', teapot.url + "/etag/v1"],
        capture_output=True, timeout=10, check=True).stdout
    assert out == b"304"


# ---------------------------------------------------------------------------
# /range/{n}


def parse_byteranges(content_type, body):
    """The parts of a multipart/byteranges body (RFC 9110 14.6, RFC 2046
    5.1.1): [(content-range, content-type, data)]."""
    m = re.fullmatch(r"multipart/byteranges;\s*boundary=\"?([^\";]+)\"?", content_type)
    assert m, content_type
    delim = b"--" + m.group(1).encode()
    assert body.startswith(delim + b"\r\n")
    pieces = body.split(b"\r\n" + delim)
    first = pieces[0][len(delim) + 2:]
    parts = [first] + [p[2:] for p in pieces[1:-1]]
    assert pieces[-1].startswith(b"--"), pieces[-1][:20]
    out = []
    for p in parts:
        head, _, data = p.partition(b"\r\n\r\n")
        fields = dict(line.split(": ", 1) for line in head.decode().split("\r\n"))
        out.append((fields["Content-Range"], fields.get("Content-Type"), data))
    return out


def test_range_whole(teapot):
    r = get(teapot, "/range/52")
    assert r.status_code == 200
    assert r.content == ALPHABET * 2
    assert r.headers["accept-ranges"] == "bytes"
    assert r.headers["etag"] == '"range52"'
    assert r.headers["content-length"] == "52"
    assert r.headers["content-type"] == "application/octet-stream"
    assert IMF_FIXDATE.fullmatch(r.headers["last-modified"])


@pytest.mark.parametrize("spec,first,last", [
    ("bytes=0-9", 0, 9),
    ("bytes=30-", 30, 99),
    ("bytes=-5", 95, 99),
    ("bytes=90-1000", 90, 99),
])
def test_range_single_part(teapot, spec, first, last):
    """15.3.7.1: one range, Content-Range in the header section, never
    multipart (15.3.7.2)."""
    r = get(teapot, "/range/100", Range=spec)
    assert r.status_code == 206
    assert r.headers["content-range"] == f"bytes {first}-{last}/100"
    assert r.content == letters(100)[first:last + 1]
    assert r.headers["content-type"] == "application/octet-stream"
    assert r.headers["etag"] == '"range100"'


def test_range_multipart(teapot):
    r = get(teapot, "/range/100", Range="bytes=0-2, 50-52, -3")
    assert r.status_code == 206
    assert "content-range" not in r.headers
    assert int(r.headers["content-length"]) == len(r.content)
    parts = parse_byteranges(r.headers["content-type"], r.content)
    data = letters(100)
    assert parts == [
        ("bytes 0-2/100", "application/octet-stream", data[0:3]),
        ("bytes 50-52/100", "application/octet-stream", data[50:53]),
        ("bytes 97-99/100", "application/octet-stream", data[97:100]),
    ]


def test_range_overlapping_ranges_coalesce(teapot):
    r = get(teapot, "/range/100", Range="bytes=0-10, 5-20")
    assert r.status_code == 206
    assert r.headers["content-range"] == "bytes 0-20/100"
    assert r.content == letters(100)[:21]


@pytest.mark.parametrize("spec", ["bytes=100-", "bytes=200-300", "bytes=100-100, 150-"])
def test_range_unsatisfiable_is_416(teapot, spec):
    """15.5.17: Content-Range: bytes */length."""
    r = get(teapot, "/range/100", Range=spec)
    assert r.status_code == 416
    assert r.headers["content-range"] == "bytes */100"


@pytest.mark.parametrize("spec", ["items=0-1", "bytes=5-1", "bytes 0-1"])
def test_range_invalid_is_ignored(teapot, spec):
    """14.2: an invalid or unknown-unit Range is ignored: 200 in full."""
    r = get(teapot, "/range/30", Range=spec)
    assert r.status_code == 200 and r.content == letters(30)


def test_range_if_range_etag(teapot):
    """13.1.5: a strong tag that matches: 206; any other tag (a weak one
    included, as If-Range compares strongly): the whole 200."""
    r = get(teapot, "/range/100", Range="bytes=0-1", **{"If-Range": '"range100"'})
    assert r.status_code == 206 and r.content == b"ab"
    r = get(teapot, "/range/100", Range="bytes=0-1", **{"If-Range": '"range99"'})
    assert r.status_code == 200 and r.content == letters(100)
    r = get(teapot, "/range/100", Range="bytes=0-1", **{"If-Range": 'W/"range100"'})
    assert r.status_code == 200 and r.content == letters(100)


def test_range_if_range_date(teapot):
    """13.1.5: an HTTP-date must equal the Last-Modified exactly."""
    lm = get(teapot, "/range/100").headers["last-modified"]
    r = get(teapot, "/range/100", Range="bytes=2-3", **{"If-Range": lm})
    assert r.status_code == 206 and r.content == b"cd"
    later = email.utils.formatdate(
        email.utils.parsedate_to_datetime(lm).timestamp() + 60, usegmt=True)
    r = get(teapot, "/range/100", Range="bytes=2-3", **{"If-Range": later})
    assert r.status_code == 200 and len(r.content) == 100


def test_range_conditional_get(teapot):
    assert_304(get(teapot, "/range/10", **{"If-None-Match": '"range10"'}), '"range10"')
    r = get(teapot, "/range/10", Range="bytes=0-1", **{"If-Match": '"range9"'})
    assert r.status_code == 412


def test_range_head_ignores_range(teapot):
    """14.2: range handling is defined for GET only."""
    r = CLIENT.head(teapot.url + "/range/100", headers={"Range": "bytes=0-1"})
    assert r.status_code == 200
    assert r.headers["content-length"] == "100" and r.content == b""


def test_range_raw_multipart_framing(teapot):
    rs = teapot.raw(request("GET", "/range/26", headers=["Range: bytes=0-0,25-25"]),
                    expect=1)
    r = rs.response
    assert r.status == 206 and r.framing == "length"
    parts = parse_byteranges(r.header("Content-Type"), r.body)
    assert [p[2] for p in parts] == [b"a", b"z"]


def test_range_zero_and_limit(teapot):
    r = get(teapot, "/range/0")
    assert r.status_code == 200 and r.content == b""
    assert get(teapot, "/range/0", Range="bytes=0-").status_code == 416
    r = get(teapot, "/range/1048577")
    assert r.status_code == 400 and "1048576" in r.text
    assert get(teapot, "/range/x").status_code == 400


def test_range_with_curl(teapot):
    out = subprocess.run(["curl", "-s", "-r", "3-5", teapot.url + "/range/26"],
                         capture_output=True, timeout=10, check=True).stdout
    assert out == b"def"


def test_cache_json_body_is_json(teapot):
    r = get(teapot, "/etag/x")
    assert json.loads(r.content)["headers"]["Host"]
