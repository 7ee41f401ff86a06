"""
`teapot --root DIR`: conditional requests (RFC 9110 13).  The four
preconditions in the order of 13.2.2 (If-Match, If-Unmodified-Since,
If-None-Match, If-Modified-Since), their comparison functions (8.8.3.2),
304 and 412, the fields a 304 carries (15.4.5), the rule that
preconditions are ignored when the unconditional answer would not be 2xx
(13.2.1), and Cache-Control from --max-age on 200, 206 and 304 alike.
"""

import time

import pytest

from test_static_common import (
    PAST, age_dirs, asctime_date, cache_directives, get, head, http_date,
    put, rfc850_date, static_server, strong_etag, weak,
)

BODY = b"0123456789abcdefghijklmnopqrstuvwxyz\n"
MAX_AGE = 600


def _tree(root):
    put(root, "file.txt", BODY)
    put(root, "dir/inner.txt", b"inner\n")
    put(root, "style.css", b"p { margin: 0 }\n")
    put(root, "style.css.gz", b"\x1f\x8b\x08\x00" + b"not really gzip but bytes")
    put(root, "page.html.en", b"<p>hello</p>\n")
    put(root, "page.html.fr", b"<p>bonjour</p>\n")
    put(root, ".hidden", b"secret\n")
    age_dirs(root)
    return root


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = _tree(tmp_path_factory.mktemp("cond-root"))
    with static_server(tmp_path_factory, root, name="teapot-cond") as srv:
        yield srv


@pytest.fixture(scope="module")
def cached(tmp_path_factory):
    root = _tree(tmp_path_factory.mktemp("cond-maxage-root"))
    with static_server(tmp_path_factory, root, "--max-age", MAX_AGE,
                       name="teapot-maxage") as srv:
        yield srv


@pytest.fixture(scope="module")
def etag(site):
    return strong_etag(get(site, "/file.txt"))


LM = http_date(PAST)
EARLIER = http_date(PAST - 3600)
LATER = http_date(PAST + 3600)


def assert_304(r, etag=None):
    """RFC 9110 15.4.5: no content, the ETag the 200 would carry, Date;
    RFC 9110 8.6 / the contract: no Content-Length and no Content-Type."""
    assert r.status == 304, r
    assert r.body == b""
    if etag is not None:
        assert r.header("ETag") == etag
    assert not r.has("Content-Length"), r
    assert not r.has("Content-Type"), r
    assert not r.has("Content-Range"), r


# ---- If-Match (13.1.1) -------------------------------------------------

def test_if_match_current_etag_200(site, etag):
    """RFC 9110 13.1.1: the condition is true when a listed tag matches the
    current ETag by strong comparison: the request proceeds (200)."""
    r = get(site, "/file.txt", ("If-Match", etag))
    assert r.status == 200 and r.body == BODY, r


def test_if_match_in_a_list_200(site, etag):
    """RFC 9110 13.1.1: If-Match = "*" / #entity-tag; one matching member
    of the list is enough."""
    r = get(site, "/file.txt", ("If-Match", f'"other", {etag}, "more"'))
    assert r.status == 200, r


def test_if_match_over_several_field_lines_200(site, etag):
    """RFC 9110 5.3: several If-Match lines form one list."""
    r = get(site, "/file.txt", ("If-Match", '"other"'), ("If-Match", etag))
    assert r.status == 200, r


def test_if_match_star_200(site):
    """RFC 9110 13.1.1: "*" is true when a current representation exists."""
    r = get(site, "/file.txt", ("If-Match", "*"))
    assert r.status == 200, r


def test_if_match_other_etag_412(site):
    """RFC 9110 13.1.1 and 13.2.2 step 1: a false If-Match is 412 (GET on a
    read-only tree, since other methods get 405 first)."""
    r = get(site, "/file.txt", ("If-Match", '"not-the-current-one"'))
    assert r.status == 412, r
    assert r.reason == "Precondition Failed"


def test_if_match_weak_tag_never_matches_412(site, etag):
    """RFC 9110 8.8.3.2 and 13.1.1: If-Match uses the strong comparison
    function, under which a weak tag matches nothing, even the weak form
    of the current tag."""
    r = get(site, "/file.txt", ("If-Match", weak(etag)))
    assert r.status == 412, r


def test_if_match_false_on_head_412(site):
    """RFC 9110 13.2.2 step 1 applies to HEAD too."""
    r = head(site, "/file.txt", ("If-Match", '"x"'))
    assert r.status == 412, r


def test_if_match_invalid_list_ignored(site):
    """Contract: an If-Match value that is not a valid list of
    entity-tags (unquoted) is ignored: 200."""
    r = get(site, "/file.txt", ("If-Match", "not-quoted"))
    assert r.status == 200, r


# ---- If-Unmodified-Since (13.1.4) -------------------------------------

def test_if_unmodified_since_equal_200(site):
    """RFC 9110 13.1.4: true when the last modification is earlier than or
    equal to the date."""
    assert get(site, "/file.txt", ("If-Unmodified-Since", LM)).status == 200
    assert get(site, "/file.txt", ("If-Unmodified-Since", LATER)).status == 200


def test_if_unmodified_since_earlier_412(site):
    """RFC 9110 13.1.4 and 13.2.2 step 2: modified after the date: 412."""
    r = get(site, "/file.txt", ("If-Unmodified-Since", EARLIER))
    assert r.status == 412, r


def test_if_unmodified_since_ignored_with_if_match(site, etag):
    """RFC 9110 13.1.4: a recipient MUST ignore If-Unmodified-Since when
    the request contains If-Match (13.2.2 step 2 runs only without it)."""
    r = get(site, "/file.txt", ("If-Match", etag), ("If-Unmodified-Since", EARLIER))
    assert r.status == 200, r


@pytest.mark.parametrize("value", ["yesterday", "Mon, 32 Foo 2020 99:00:00 GMT",
                                   "0", ""])
def test_if_unmodified_since_invalid_date_ignored(site, value):
    """RFC 9110 13.1.4: a recipient MUST ignore If-Unmodified-Since if the
    field value is not a valid HTTP-date."""
    r = get(site, "/file.txt", f"If-Unmodified-Since: {value}")
    assert r.status == 200, r


# ---- If-None-Match (13.1.2) --------------------------------------------

def test_if_none_match_current_304(site, etag):
    """RFC 9110 13.1.2 and 13.2.2 step 3: a matching tag on GET is 304,
    with the ETag the 200 would carry (15.4.5)."""
    assert_304(get(site, "/file.txt", ("If-None-Match", etag)), etag)


def test_if_none_match_weak_comparison_304(site, etag):
    """RFC 9110 13.1.2: If-None-Match uses the weak comparison function:
    W/ plus the current opaque tag matches."""
    assert_304(get(site, "/file.txt", ("If-None-Match", weak(etag))), etag)


def test_if_none_match_list_304(site, etag):
    """RFC 9110 13.1.2: one member of the list matching is enough."""
    r = get(site, "/file.txt", ("If-None-Match", f'"a", W/"b", {etag}'))
    assert_304(r, etag)


def test_if_none_match_star_304(site, etag):
    """RFC 9110 13.1.2: "*" is false when a current representation
    exists: 304 for GET."""
    assert_304(get(site, "/file.txt", ("If-None-Match", "*")), etag)


def test_if_none_match_head_304(site, etag):
    """RFC 9110 13.2.2 step 3: 304 for HEAD too."""
    assert_304(head(site, "/file.txt", ("If-None-Match", etag)), etag)


def test_if_none_match_other_200(site):
    r = get(site, "/file.txt", ("If-None-Match", '"other", W/"another"'))
    assert r.status == 200 and r.body == BODY, r


def test_if_none_match_invalid_list_ignored(site):
    """Contract: an invalid list (an unquoted tag) is ignored: 200."""
    r = get(site, "/file.txt", ("If-None-Match", "garbage"))
    assert r.status == 200 and r.body == BODY, r


# ---- If-Modified-Since (13.1.3) ----------------------------------------

def test_if_modified_since_equal_304(site, etag):
    """RFC 9110 13.1.3 and 13.2.2 step 4: not modified since the date
    (equal): 304."""
    assert_304(get(site, "/file.txt", ("If-Modified-Since", LM)), etag)


def test_if_modified_since_later_304(site, etag):
    assert_304(get(site, "/file.txt", ("If-Modified-Since", LATER)), etag)


def test_if_modified_since_earlier_200(site):
    r = get(site, "/file.txt", ("If-Modified-Since", EARLIER))
    assert r.status == 200 and r.body == BODY, r


@pytest.mark.parametrize("fmt", [asctime_date, rfc850_date], ids=["asctime", "rfc850"])
def test_if_modified_since_obsolete_formats(site, etag, fmt):
    """RFC 9110 5.6.7: a recipient that parses a timestamp value in an
    HTTP field MUST accept all three HTTP-date formats."""
    assert_304(get(site, "/file.txt", ("If-Modified-Since", fmt(PAST))), etag)


@pytest.mark.parametrize("value", ["tomorrow", "Sun, 06 Nov 1994", "1994-11-06T08:49:37Z"])
def test_if_modified_since_invalid_date_ignored(site, value):
    """RFC 9110 13.1.3: a recipient MUST ignore If-Modified-Since if the
    field value is not a valid HTTP-date."""
    r = get(site, "/file.txt", ("If-Modified-Since", value))
    assert r.status == 200, r


def test_if_modified_since_ignored_with_if_none_match(site):
    """RFC 9110 13.1.3: a recipient MUST ignore If-Modified-Since if the
    request contains If-None-Match: a non-matching tag gives 200 even with
    a date that alone would give 304."""
    r = get(site, "/file.txt", ("If-None-Match", '"other"'), ("If-Modified-Since", LM))
    assert r.status == 200, r


def test_if_none_match_wins_over_if_modified_since(site, etag):
    """RFC 9110 13.2.2: with a matching If-None-Match, an old
    If-Modified-Since does not turn the 304 into 200."""
    r = get(site, "/file.txt", ("If-None-Match", etag), ("If-Modified-Since", EARLIER))
    assert_304(r, etag)


# ---- evaluation order (13.2.2) -----------------------------------------

def test_order_if_match_before_if_none_match(site, etag):
    """RFC 9110 13.2.2: step 1 (If-Match, false: 412) comes before step 3
    (If-None-Match, false: 304)."""
    r = get(site, "/file.txt", ("If-None-Match", etag), ("If-Match", '"nope"'))
    assert r.status == 412, r


def test_order_if_unmodified_since_before_if_none_match(site, etag):
    """RFC 9110 13.2.2: step 2 (412) before step 3 (304)."""
    r = get(site, "/file.txt", ("If-None-Match", etag), ("If-Unmodified-Since", EARLIER))
    assert r.status == 412, r


def test_order_if_unmodified_since_before_if_modified_since(site):
    r = get(site, "/file.txt", ("If-Modified-Since", LM), ("If-Unmodified-Since", EARLIER))
    assert r.status == 412, r


def test_preconditions_before_range(site, etag):
    """RFC 9110 13.2.2: preconditions come before Range (step 5): a
    matching If-None-Match with an unsatisfiable range is 304, a failing
    If-Match with a valid range is 412."""
    assert_304(get(site, "/file.txt", ("If-None-Match", etag), ("Range", "bytes=9999-")), etag)
    r = get(site, "/file.txt", ("If-Match", '"x"'), ("Range", "bytes=0-1"))
    assert r.status == 412, r


def test_all_true_200(site, etag):
    r = get(site, "/file.txt", ("If-Match", etag), ("If-Unmodified-Since", LM),
            ("If-None-Match", '"x"'), ("If-Modified-Since", EARLIER))
    assert r.status == 200 and r.body == BODY, r


# ---- ignored when the answer would not be 2xx (13.2.1) ----------------

@pytest.mark.parametrize("target,status", [
    ("/missing.txt", 404),
    ("/dir", 301),
    ("/.hidden", 404),
    ("/../x", 400),
    ("/file.txt/", 404),
])
@pytest.mark.parametrize("cond", [("If-Match", "*"), ("If-Match", '"nope"'),
                                  ("If-Unmodified-Since", EARLIER),
                                  ("If-None-Match", "*")])
def test_preconditions_ignored_when_not_2xx(site, target, status, cond):
    """RFC 9110 13.2.1: a server MUST ignore all received preconditions if
    its response to the same request without them would have been other
    than 2xx or 412.  If-Match: * on a missing file stays 404 (not 412),
    a directory without its slash stays 301."""
    r = get(site, target, cond)
    assert r.status == status, r


def test_preconditions_ignored_on_300(site):
    """RFC 9110 13.2.1: no Accept-Language and two language variants is
    300; If-Match: "x" does not turn it into 412."""
    r = get(site, "/page.html", ("If-Match", '"x"'))
    assert r.status == 300, r


def test_if_match_on_listing_412(site):
    """A directory listing is a 2xx response too, so its preconditions are
    evaluated: If-Match with a tag the listing does not have is false
    (RFC 9110 13.1.1: false when no listed tag matches the current
    representation), and 13.2.2 step 1 answers 412."""
    r = get(site, "/dir/", ("If-Match", '"no-such-tag"'))
    assert r.status == 412, r


def test_if_none_match_star_on_listing_304(site):
    """RFC 9110 13.1.2: If-None-Match: * is false when the target has a
    current representation, and a directory listing is one: 304 for GET."""
    r = get(site, "/dir/", ("If-None-Match", "*"))
    assert r.status == 304, r


# ---- 304 fields ---------------------------------------------------------

def test_304_carries_date_etag_and_no_content_fields(site, etag):
    """RFC 9110 15.4.5: the server generating a 304 MUST generate Date and
    ETag as the 200 would; no content; no Content-Type and no
    Content-Length (the contract)."""
    r = get(site, "/file.txt", ("If-None-Match", etag))
    assert_304(r, etag)
    assert r.has("Date")


def test_304_for_precompressed_variant_uses_its_etag_and_vary(site):
    """RFC 9110 15.4.5: a 304 carries the ETag and Vary the 200 would:
    the gzip variant's ETag (not the identity one) and Vary:
    Accept-Encoding."""
    g = get(site, "/style.css", ("Accept-Encoding", "gzip"))
    assert g.status == 200 and g.header("Content-Encoding") == "gzip", g
    gz_etag = strong_etag(g)
    r = get(site, "/style.css", ("Accept-Encoding", "gzip"), ("If-None-Match", gz_etag))
    assert_304(r, gz_etag)
    assert "accept-encoding" in r.tokens("Vary")


# ---- Cache-Control from --max-age --------------------------------------

def _max_age_once(r):
    assert cache_directives(r) == [f"max-age={MAX_AGE}"], \
        f"Cache-Control should be max-age={MAX_AGE}, once: {r.get_all('Cache-Control')}"


def test_max_age_on_200_206_304(cached):
    """Contract and RFC 9110 15.3.7, 15.4.5: Cache-Control: max-age=N on
    200, on 206 (which MUST carry the Cache-Control a 200 would) and on
    304 (likewise)."""
    r = get(cached, "/file.txt")
    assert r.status == 200
    _max_age_once(r)
    etag = strong_etag(r)
    p = get(cached, "/file.txt", ("Range", "bytes=0-3"))
    assert p.status == 206, p
    _max_age_once(p)
    n = get(cached, "/file.txt", ("If-None-Match", etag))
    assert_304(n, etag)
    _max_age_once(n)
    h = head(cached, "/file.txt")
    _max_age_once(h)


def test_max_age_on_precompressed_variant(cached):
    r = get(cached, "/style.css", ("Accept-Encoding", "gzip"))
    assert r.status == 200 and r.header("Content-Encoding") == "gzip", r
    _max_age_once(r)
    n = get(cached, "/style.css", ("Accept-Encoding", "gzip"),
            ("If-None-Match", strong_etag(r)))
    assert n.status == 304, n
    _max_age_once(n)


def test_max_age_on_language_variant(cached):
    """The negotiated language variant, its 304, and its 206 each carry
    max-age=N exactly once (RFC 9111 4.2.1: a cache that sees several
    max-age directives may treat the response as stale)."""
    r = get(cached, "/page.html", ("Accept-Language", "fr"))
    assert r.status == 200 and r.body == b"<p>bonjour</p>\n", r
    _max_age_once(r)
    n = get(cached, "/page.html", ("Accept-Language", "fr"),
            ("If-None-Match", strong_etag(r)))
    assert n.status == 304, n
    _max_age_once(n)
    assert n.header("Content-Location") == "/page.html.fr"
    assert "accept-language" in n.tokens("Vary")
    p = get(cached, "/page.html", ("Accept-Language", "fr"), ("Range", "bytes=0-2"))
    assert p.status == 206, p
    _max_age_once(p)


def test_no_cache_control_without_max_age(site):
    """Without --max-age no Cache-Control is invented."""
    assert not get(site, "/file.txt").has("Cache-Control")


def test_recently_modified_file_still_conditional(site):
    """A file modified just now: If-None-Match with its fresh ETag is 304,
    and the old ETag no longer matches (RFC 9110 8.8.3)."""
    old = strong_etag(get(site, "/file.txt"))
    put(site.root, "fresh.txt", b"fresh\n", mtime=time.time())
    r = get(site, "/fresh.txt")
    assert r.status == 200
    fresh = strong_etag(r)
    assert fresh != old
    assert_304(get(site, "/fresh.txt", ("If-None-Match", fresh)), fresh)
