"""
`teapot --root DIR`: range requests (RFC 9110 14).  One range (206 with
Content-Range, 15.3.7.1), several (multipart/byteranges, 14.6 and
15.3.7.2), coalescing, the limit on the number of parts, suffix and open
ranges, 416 with `Content-Range: bytes */LENGTH` (15.5.17), fields that
make the server ignore Range (14.2), HEAD, and If-Range (13.1.5).
"""

import time

import pytest

from test_static_common import (
    PAST, ask, get, head, http_date, media_type, multipart_parts, pipeline,
    put, ranges_of, static_server, strong_etag, weak,
)

DATA = bytes((i * 7 + 3) % 256 for i in range(1000))
N = len(DATA)
TEXT = b"".join(b"line %03d\n" % i for i in range(100))  # 900 bytes


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("ranges-root")
    put(root, "data.bin", DATA)
    put(root, "text.txt", TEXT)
    put(root, "empty.bin", b"")
    with static_server(tmp_path_factory, root, name="teapot-ranges") as srv:
        yield srv


@pytest.fixture(scope="module")
def whole(site):
    r = get(site, "/data.bin")
    assert r.status == 200 and r.body == DATA
    return r


def one_range(r):
    """The single range of a 206 that must not be multipart (RFC 9110
    15.3.7.2: a server MUST NOT generate a multipart response to a request
    for a single range)."""
    assert r.status == 206, r
    assert not (r.header("Content-Type") or "").lower().startswith("multipart/"), r
    (first, last, length, _, data), = ranges_of(r)
    return first, last, length, data


# ---- one range ----------------------------------------------------------

@pytest.mark.parametrize("spec,first,last", [
    ("bytes=0-9", 0, 9),
    ("bytes=10-10", 10, 10),
    ("bytes=500-", 500, N - 1),          # open: to the end
    ("bytes=-100", N - 100, N - 1),      # suffix: the last 100 bytes
    ("bytes=990-5000", 990, N - 1),      # last-pos clamped to the length
    ("bytes=-5000", 0, N - 1),           # suffix longer than the file
    ("bytes=0-", 0, N - 1),
    ("bytes=999-999", 999, 999),
    ("Bytes=1-2", 1, 2),                 # range units are case-insensitive
    ("bytes=0-9,", 0, 9),                # empty list elements are ignored
])
def test_single_range_206(site, spec, first, last):
    """RFC 9110 14.1.1, 14.4, 15.3.7.1: one satisfiable range is 206 with
    `Content-Range: bytes first-last/length`, Content-Length equal to the
    part and exactly those bytes; a last-pos beyond the end is clamped and
    a suffix longer than the representation selects all of it."""
    r = get(site, "/data.bin", ("Range", spec))
    f, l, length, data = one_range(r)
    assert (f, l, length) == (first, last, N)
    assert data == DATA[first:last + 1]
    assert r.header("Content-Length") == str(last - first + 1)


def test_206_carries_what_200_would(site, whole):
    """RFC 9110 15.3.7: a 206 MUST carry the Date, ETag, Cache-Control,
    Content-Location, Expires and Vary a 200 would; plus Content-Type and
    Last-Modified of the representation."""
    r = get(site, "/data.bin", ("Range", "bytes=5-15"))
    assert r.status == 206
    for name in ("ETag", "Last-Modified", "Content-Type", "Accept-Ranges"):
        assert r.header(name) == whole.header(name), name
    assert r.has("Date")


def test_single_range_of_text_keeps_content_type(site):
    r = get(site, "/text.txt", ("Range", "bytes=9-17"))
    f, l, length, data = one_range(r)
    assert data == b"line 001\n" and length == len(TEXT)
    assert r.header("Content-Type").lower().startswith("text/plain")


# ---- several ranges -----------------------------------------------------

def test_multipart_byteranges(site):
    """RFC 9110 14.6 and 15.3.7.2: two ranges: 206 multipart/byteranges
    with a boundary, each part with Content-Type and Content-Range; the
    Content-Length is exact (a second request pipelined after it is read
    correctly)."""
    r, after = pipeline(site, ("GET", "/text.txt", [("Range", "bytes=0-8,90-98")]),
                        ("GET", "/text.txt", [("Range", "bytes=0-3")]))
    assert r.status == 206, r
    mtype, params = media_type(r.header("Content-Type"))
    assert mtype == "multipart/byteranges" and params.get("boundary")
    assert r.header("Content-Length") == str(len(r.body))
    parts = multipart_parts(r)
    assert len(parts) == 2
    for fields, _ in parts:
        assert fields["content-type"].lower().startswith("text/plain"), fields
    assert [(f, l, n, d) for f, l, n, _, d in ranges_of(r)] == [
        (0, 8, len(TEXT), b"line 000\n"), (90, 98, len(TEXT), b"line 010\n")]
    assert one_range(after)[3] == b"line"


def test_multipart_parts_in_request_order(site):
    """RFC 9110 15.3.7.2: the parts appear in the order of the range-specs
    (a server MUST NOT reorder unless coalescing)."""
    r = get(site, "/data.bin", ("Range", "bytes=500-509,0-9,100-109"))
    got = [(f, l) for f, l, *_ in ranges_of(r)]
    assert got == [(500, 509), (0, 9), (100, 109)]
    for f, l, n, _, d in ranges_of(r):
        assert n == N and d == DATA[f:l + 1]


def test_multipart_overlapping_and_adjacent_coalesced(site):
    """Contract (RFC 9110 15.3.7.2 allows it): overlapping and adjacent
    ranges are coalesced; the parts keep the request order."""
    r = get(site, "/data.bin", ("Range", "bytes=200-209,0-9,5-14,15-19,205-250"))
    got = [(f, l) for f, l, *_ in ranges_of(r)]
    assert got == [(200, 250), (0, 19)]
    for f, l, n, _, d in ranges_of(r):
        assert d == DATA[f:l + 1]


def test_ranges_coalescing_into_one(site):
    """RFC 9110 15.3.7.2: two adjacent ranges become one range 0-19, sent
    as a single part (or a multipart with one part, which 15.3.7.2
    permits once several ranges were requested)."""
    r = get(site, "/data.bin", ("Range", "bytes=0-9,10-19"))
    assert [(f, l, d) for f, l, _, _, d in ranges_of(r)] == [(0, 19, DATA[:20])]


def test_unsatisfiable_member_dropped(site):
    """RFC 9110 14.1.1: a range-set is satisfiable if one range-spec is;
    the unsatisfiable ones are left out."""
    r = get(site, "/data.bin", ("Range", "bytes=0-9,5000-6000"))
    assert [(f, l, d) for f, l, _, _, d in ranges_of(r)] == [(0, 9, DATA[:10])]


def test_sixteen_ranges_206(site):
    """Sixteen disjoint ranges are within the limit: 206 with 16 parts."""
    spec = ",".join(f"{i * 50}-{i * 50 + 4}" for i in range(16))
    r = get(site, "/data.bin", ("Range", "bytes=" + spec))
    parts = ranges_of(r)
    assert len(parts) == 16
    assert all(d == DATA[f:l + 1] for f, l, _, _, d in parts)


def test_more_than_sixteen_ranges_200(site):
    """Contract (RFC 9110 14.2 lets a server ignore Range): more than 16
    ranges after coalescing: 200 with the whole file."""
    spec = ",".join(f"{i * 50}-{i * 50 + 4}" for i in range(17))
    r = get(site, "/data.bin", ("Range", "bytes=" + spec))
    assert r.status == 200 and r.body == DATA, r
    assert not r.has("Content-Range")


def test_many_ranges_coalescing_under_the_limit_206(site):
    """Forty range-specs that coalesce into two ranges are counted after
    coalescing: 206."""
    spec = ",".join(f"{i}-{i + 1}" for i in range(0, 40)) + ",900-909"
    r = get(site, "/data.bin", ("Range", "bytes=" + spec))
    got = [(f, l) for f, l, *_ in ranges_of(r)]
    assert got == [(0, 40), (900, 909)]


def test_multipart_with_big_ranges_exact_length(site):
    """The whole file in two parts: the Content-Length is exact for large
    parts too."""
    r = get(site, "/data.bin", ("Range", "bytes=600-,0-399"))
    parts = ranges_of(r)
    assert [(f, l) for f, l, *_ in parts] == [(600, N - 1), (0, 399)]
    assert b"".join(d for *_, d in parts) == DATA[600:] + DATA[:400]


# ---- 416 ----------------------------------------------------------------

@pytest.mark.parametrize("spec", ["bytes=9999-", f"bytes={N}-", "bytes=-0",
                                  f"bytes={N}-{N + 10}", "bytes=2000-3000,-0"])
def test_unsatisfiable_416(site, spec):
    """RFC 9110 14.1.1 and 15.5.17: no satisfiable range-spec (first-pos at
    or beyond the length, a zero-length suffix): 416 with
    `Content-Range: bytes */LENGTH`."""
    r = get(site, "/data.bin", ("Range", spec))
    assert r.status == 416, r
    assert r.reason == "Range Not Satisfiable"
    assert r.header("Content-Range") == f"bytes */{N}"


def test_416_on_empty_file(site):
    """RFC 9110 14.1.1: for a zero-length representation an int-range is
    never satisfiable: 416 with bytes */0."""
    r = get(site, "/empty.bin", ("Range", "bytes=0-0"))
    assert r.status == 416, r
    assert r.header("Content-Range") == "bytes */0"


def test_suffix_range_on_empty_file(site):
    """RFC 9110 14.1.1: a suffix range is satisfiable even for an empty
    representation, but no Content-Range can name an empty part (14.4):
    the server ignores Range (14.2) and sends the empty 200, not 416."""
    r = get(site, "/empty.bin", ("Range", "bytes=-5"))
    assert r.status == 200 and r.body == b"", r


def test_416_keeps_the_connection(site):
    r, after = pipeline(site, ("GET", "/data.bin", [("Range", "bytes=5000-")]),
                        ("GET", "/data.bin", [("Range", "bytes=0-0")]))
    assert r.status == 416 and after.status == 206


# ---- Range ignored (14.2) -----------------------------------------------

@pytest.mark.parametrize("spec", [
    "items=0-1",          # unknown unit
    "bytes=5-2",          # last-pos before first-pos: invalid
    "bytes=x",
    "bytes=",
    "bytes",
    "bytes=1-2-3",
    "bytes=-",
    "bytes=0-1;x",
    "bytes 0-1",
    "bytes=0-1,5-2",      # one invalid member makes the field invalid
    "bytes=99999999999999999999999-",
])
def test_invalid_or_unknown_range_ignored_200(site, spec):
    """RFC 9110 14.2: a server MUST ignore a Range field with an unknown
    unit (14.1) and a range-set with invalid syntax: 200, whole file."""
    r = get(site, "/data.bin", ("Range", spec))
    assert r.status == 200 and r.body == DATA, r
    assert not r.has("Content-Range")


def test_head_ignores_range(site, whole):
    """RFC 9110 14.2: range handling is defined for GET only; HEAD gets the
    header section of the 200, Content-Length of the whole file."""
    r = head(site, "/data.bin", ("Range", "bytes=0-9"))
    assert r.status == 200, r
    assert r.header("Content-Length") == str(N)
    assert not r.has("Content-Range")
    assert r.header("ETag") == whole.header("ETag")


def test_head_ignores_unsatisfiable_range(site):
    """RFC 9110 14.2: HEAD ignores Range, so no 416 either."""
    r = head(site, "/data.bin", ("Range", "bytes=9999-"), ("If-Range", '"x"'))
    assert r.status == 200, r
    assert r.header("Content-Length") == str(N)


def test_range_on_post_is_405(site):
    r = ask(site, "POST", "/data.bin", headers=[("Range", "bytes=0-9")], body=b"x")
    assert r.status == 405, r


def test_two_range_fields_ignored(site):
    """RFC 9110 5.3 and 14.2: Range is not a list, so two Range lines
    combine into "bytes=0-1, bytes=4-5", which is not a valid
    ranges-specifier: the field is ignored, 200."""
    r = get(site, "/data.bin", ("Range", "bytes=0-1"), ("Range", "bytes=4-5"))
    assert r.status == 200 and r.body == DATA, r


# ---- If-Range (13.1.5) --------------------------------------------------

def test_if_range_current_etag_206(site, whole):
    r = get(site, "/data.bin", ("Range", "bytes=0-9"), ("If-Range", strong_etag(whole)))
    assert one_range(r)[3] == DATA[:10]


def test_if_range_other_etag_200(site):
    """RFC 9110 13.1.5: an entity-tag that does not match: the Range is
    ignored and the whole representation is sent with 200."""
    r = get(site, "/data.bin", ("Range", "bytes=0-9"), ("If-Range", '"old-tag"'))
    assert r.status == 200 and r.body == DATA, r


def test_if_range_weak_etag_200(site, whole):
    """RFC 9110 13.1.5: If-Range uses the strong comparison, which a weak
    tag never passes, even the weak form of the current one."""
    r = get(site, "/data.bin", ("Range", "bytes=0-9"), ("If-Range", weak(whole.header("ETag"))))
    assert r.status == 200 and r.body == DATA, r


def test_if_range_date_equal_to_last_modified_206(site, whole):
    """RFC 9110 13.1.5: an HTTP-date that exactly matches Last-Modified,
    for a file old enough for it to be a strong validator (8.8.2.2): 206."""
    assert whole.header("Last-Modified") == http_date(PAST)
    r = get(site, "/data.bin", ("Range", "bytes=10-19"), ("If-Range", http_date(PAST)))
    assert one_range(r)[3] == DATA[10:20]


@pytest.mark.parametrize("delta", [-1, 1, 3600])
def test_if_range_other_date_200(site, delta):
    """RFC 9110 13.1.5: the comparison is an exact match, not the "earlier
    than or equal" of If-Unmodified-Since: any other date is 200."""
    r = get(site, "/data.bin", ("Range", "bytes=10-19"), ("If-Range", http_date(PAST + delta)))
    assert r.status == 200 and r.body == DATA, r


def test_if_range_date_of_a_just_modified_file_200(site):
    """RFC 9110 13.1.5 and 8.8.2.2: the Last-Modified of a file changed in
    the current second is not a strong validator, so an If-Range date
    equal to it is false: 200 with the whole file."""
    now = int(time.time())
    put(site.root, "fresh.bin", DATA, mtime=now)
    r = get(site, "/fresh.bin", ("Range", "bytes=0-9"), ("If-Range", http_date(now)))
    assert r.status == 200 and r.body == DATA, r


@pytest.mark.parametrize("value", ["garbage", '"a", "b"', "W/"])
def test_if_range_invalid_200(site, value):
    """RFC 9110 13.1.5: a value that is neither one entity-tag nor an
    HTTP-date makes the condition false: Range ignored."""
    r = get(site, "/data.bin", ("Range", "bytes=0-9"), ("If-Range", value))
    assert r.status == 200 and r.body == DATA, r


def test_if_range_without_range_ignored(site):
    """RFC 9110 13.1.5: a server MUST ignore If-Range in a request without
    Range: 200."""
    r = get(site, "/data.bin", ("If-Range", '"whatever"'))
    assert r.status == 200 and r.body == DATA, r


def test_if_range_with_multipart(site, whole):
    r = get(site, "/data.bin", ("Range", "bytes=0-1,10-11"), ("If-Range", whole.header("ETag")))
    assert [(f, l) for f, l, *_ in ranges_of(r)] == [(0, 1), (10, 11)]


def test_range_after_file_change_uses_new_bytes(site):
    """RFC 9110 13.1.5: If-Range with the tag of an earlier version gives
    the whole new file, never a part of the new bytes labelled with the
    old validator."""
    put(site.root, "moving.bin", DATA)
    old = strong_etag(get(site, "/moving.bin"))
    new = bytes(reversed(DATA))
    put(site.root, "moving.bin", new, mtime=PAST + 10)
    time.sleep(1.1)  # the server's small-file cache keeps a copy up to 1 s
    r = get(site, "/moving.bin", ("Range", "bytes=0-9"), ("If-Range", old))
    assert r.status == 200 and r.body == new, r
    assert r.header("ETag") != old
