"""
`teapot --root DIR`: type maps and instance manipulation.

Apache-style type maps (`*.var`) list the variants of a resource; the server
chooses among them by Accept and Accept-Language weighted by each
variant's source quality (qs), answers 406 when the preferences exclude
every variant, 300 when nothing tells them apart, and 506 Variant Also
Negotiates when the chosen variant is itself a type map (RFC 2295 8.1, the
registry entry of RFC 9110 15.6): a configuration error, logged.

RFC 3229: a GET with `A-IM: gzip` or `A-IM: deflate` gets 226 IM Used with
the IM header naming the manipulation, the manipulated instance as content
and an entity-tag of its own (10.4.1, 10.5.2).
"""

import gzip
import zlib

import pytest

from test_static_common import get, head, put, static_server

EN = b"<!DOCTYPE html><p>Hello</p>\n"
TW = "<!DOCTYPE html><p>\u4f60\u597d</p>\n".encode()
TEXT = b"the quick brown fox jumps over the lazy dog\n" * 50

TYPEMAP = b"""URI: doc

URI: doc.en.html
Content-Type: text/html; qs=1.0
Content-Language: en

URI: doc.zh-TW.html
Content-Type: text/html; qs=0.8
Content-Language: zh-TW
"""

EVEN = b"""URI: even

URI: doc.en.html
Content-Type: text/html
Content-Language: en

URI: doc.zh-TW.html
Content-Type: text/html
Content-Language: zh-TW
"""

LOOP = b"""URI: loop

URI: doc.var
Content-Type: text/html
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("typemap-root")
    put(root, "doc.en.html", EN)
    put(root, "doc.zh-TW.html", TW)
    put(root, "doc.var", TYPEMAP)
    put(root, "even.var", EVEN)
    put(root, "loop.var", LOOP)
    put(root, "fox.txt", TEXT)
    put(root, 'q"t.html.en', EN)
    put(root, 'q"t.html.de', EN)
    with static_server(tmp_path_factory, root, name="teapot-typemap") as srv:
        yield srv


def test_type_map_prefers_source_quality_without_preferences(site):
    """qs breaks the tie that the absent Accept-Language leaves."""
    r = get(site, "/doc.var")
    assert r.status == 200 and r.body == EN
    assert r.header("Content-Language") == "en"
    assert r.header("Content-Location") == "/doc.en.html"
    assert "accept-language" in [t.lower() for t in r.tokens("Vary")]


def test_type_map_follows_accept_language(site):
    r = get(site, "/doc.var", ("Accept-Language", "zh-TW"))
    assert r.status == 200 and r.body == TW
    assert r.header("Content-Language") == "zh-TW"
    assert r.header("Content-Location") == "/doc.zh-TW.html"


def test_type_map_406_when_every_variant_is_excluded(site):
    """RFC 9110 15.5.7: 406 with a list of the available variants."""
    r = get(site, "/doc.var", ("Accept-Language", "fr"))
    assert r.status == 406
    assert b'href="/doc.en.html"' in r.body and b'href="/doc.zh-TW.html"' in r.body


def test_type_map_406_when_the_media_type_is_excluded(site):
    r = get(site, "/doc.var", ("Accept", "application/json"))
    assert r.status == 406


def test_type_map_300_when_nothing_tells_variants_apart(site):
    """RFC 9110 15.4.1: equal variants and no preference: the client picks
    from the list."""
    r = get(site, "/even.var")
    assert r.status == 300
    assert b"doc.en.html" in r.body and b"doc.zh-TW.html" in r.body


def test_506_when_the_chosen_variant_negotiates_again(site):
    r = get(site, "/loop.var")
    assert r.status == 506
    assert r.reason == "Variant Also Negotiates"
    assert "loop.var" in site.stderr() and "type map" in site.stderr()


@pytest.mark.parametrize("im,decode", [("gzip", gzip.decompress),
                                       ("deflate", zlib.decompress)])
def test_226_im_used(site, im, decode):
    plain = get(site, "/fox.txt")
    r = get(site, "/fox.txt", ("A-IM", im))
    assert r.status == 226 and r.reason == "IM Used"
    assert r.header("IM") == im
    assert decode(r.body) == TEXT
    assert int(r.header("Content-Length")) == len(r.body) < len(TEXT)
    # RFC 3229 10.4.1: the response MUST include an ETag giving the
    # entity-tag of the current instance.
    assert r.header("ETag") == plain.header("ETag")
    assert r.header("Content-Encoding") is None, \
        "the manipulation is told by IM, not Content-Encoding"


def test_unknown_manipulation_gets_the_plain_instance(site):
    r = get(site, "/fox.txt", ("A-IM", "vcdiff"))
    assert r.status == 200 and r.body == TEXT
    assert r.header("IM") is None


def test_a_im_with_a_matching_validator_is_304(site):
    plain = get(site, "/fox.txt")
    r = get(site, "/fox.txt", ("A-IM", "gzip"), ("If-None-Match", plain.header("ETag")))
    assert r.status == 304 and r.body == b""


def test_head_with_a_im_has_the_length_of_the_instance(site):
    g = get(site, "/fox.txt", ("A-IM", "gzip"))
    h = head(site, "/fox.txt", ("A-IM", "gzip"))
    assert h.status == 226 and h.body == b""
    assert h.header("Content-Length") == g.header("Content-Length")


def test_variant_links_are_escaped(site):
    """The 406 page quotes names from the request and the tree inside HTML
    attributes: a quote in the name must not end the attribute."""
    r = get(site, '/q"t.html', ("Accept-Language", "fr"))
    assert r.status == 406
    assert b'href="/q&quot;t.html.en"' in r.body
    assert b'href="/q"t' not in r.body
