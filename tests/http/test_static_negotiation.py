"""
`teapot --root DIR`: proactive negotiation (RFC 9110 12).  Precompressed
siblings chosen by Accept-Encoding (12.5.3, with Content-Encoding 8.4 and
Vary 12.5.5), and language variants chosen by Accept-Language (12.5.4,
RFC 4647 basic filtering) with Content-Language (8.5) and
Content-Location (8.7); 300 Multiple Choices (15.4.1) and 406 Not
Acceptable (15.5.7) listing the variants.
"""

import gzip
import urllib.parse

import httpx
import pytest
import requests

from test_static_common import (
    assert_head_matches_get, get, links, put, static_server, strong_etag,
)

CSS = b"body { color: teal; margin: 0 auto; }\n" * 20
CSS_GZ = gzip.compress(CSS, mtime=0)
# The server never decodes these; they only need to be told apart.
CSS_BR = b"\x8b\x01\x80" + b"brotli stand-in " * 8
CSS_ZST = b"\x28\xb5\x2f\xfd" + b"zstd stand-in " * 8
JS = b"console.log('hello');\n" * 10
JS_GZ = gzip.compress(JS, mtime=0)

PAGES = {
    "en": b"<!DOCTYPE html><p>Hello</p>\n",
    "zh-CN": "<!DOCTYPE html><p>\u4f60\u597d</p>\n".encode(),
    "zh-TW": "<!DOCTYPE html><p>\u4f60\u597d\uff08\u7e41\u9ad4\uff09</p>\n".encode(),
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("neg-root")
    put(root, "style.css", CSS)
    put(root, "style.css.gz", CSS_GZ)
    put(root, "style.css.br", CSS_BR)
    put(root, "style.css.zst", CSS_ZST)
    put(root, "app.js", JS)
    put(root, "app.js.gz", JS_GZ)
    put(root, "plain.txt", b"no siblings\n")
    put(root, "lonely.js.gz", JS_GZ)      # no lonely.js
    put(root, "lonely.css.br", CSS_BR)    # no lonely.css
    for lang, data in PAGES.items():
        put(root, f"page.html.{lang}", data)
    with static_server(tmp_path_factory, root, name="teapot-neg") as srv:
        yield srv


@pytest.fixture(scope="module")
def identity(site):
    r = get(site, "/style.css", ("Accept-Encoding", "identity"))
    assert r.status == 200 and r.body == CSS, r
    return r


CODED = {"gzip": CSS_GZ, "br": CSS_BR, "zstd": CSS_ZST}


def coding_of(r):
    """The content coding of a response, and a check that the bytes are
    the sibling's (or the identity file's)."""
    ce = [c for c in r.tokens("Content-Encoding")]
    assert len(ce) <= 1, r
    coding = ce[0] if ce else "identity"
    if coding == "x-gzip":
        coding = "gzip"
    assert r.body == (CSS if coding == "identity" else CODED[coding]), (coding, r)
    return coding


def assert_varies_on_encoding(r):
    """RFC 9110 12.5.5: a response selected by Accept-Encoding says so."""
    assert "accept-encoding" in r.tokens("Vary") or "*" in r.tokens("Vary"), r


# ---- Accept-Encoding ----------------------------------------------------

def test_gzip_sibling(site, identity):
    """RFC 9110 12.5.3, 8.4: Accept-Encoding: gzip selects style.css.gz:
    its bytes, Content-Encoding: gzip, the type of the original
    (text/css), Vary: Accept-Encoding, and an ETag different from the
    identity one (8.8.3: a different representation)."""
    r = get(site, "/style.css", ("Accept-Encoding", "gzip"))
    assert r.status == 200, r
    assert r.header("Content-Encoding") == "gzip"
    assert r.body == CSS_GZ and gzip.decompress(r.body) == CSS
    assert r.header("Content-Length") == str(len(CSS_GZ))
    assert r.header("Content-Type").lower().startswith("text/css")
    assert_varies_on_encoding(r)
    assert strong_etag(r) != strong_etag(identity)


@pytest.mark.parametrize("ae,coding", [
    ("gzip;q=0.5, br;q=0.9", "br"),
    ("br;q=0.5, gzip;q=0.9", "gzip"),
    ("zstd", "zstd"),
    ("gzip;q=0.1, zstd;q=0.2, br;q=0.15", "zstd"),
    ("identity;q=0, gzip", "gzip"),
    ("identity;q=0.1, gzip;q=0.2", "gzip"),
    ("gzip;q=0.2, identity;q=0.5", "identity"),
    ("gzip;q=0", "identity"),
    ("identity", "identity"),
    ("deflate, compress", "identity"),
    ("GZIP", "gzip"),
    ("x-gzip", "gzip"),
])
def test_coding_chosen_by_qvalue(site, ae, coding):
    """RFC 9110 12.5.3 and 12.4.2: the acceptable coding with the highest
    weight is chosen; q=0 means "not acceptable"; codings are compared
    case-insensitively (8.4.1) and x-gzip is gzip (8.4.1.3); identity is
    acceptable unless excluded."""
    r = get(site, "/style.css", ("Accept-Encoding", ae))
    assert r.status == 200, r
    assert coding_of(r) == coding
    assert_varies_on_encoding(r)


@pytest.mark.parametrize("ae,refused", [("br;q=0, *", "br"), ("*, gzip;q=0", "gzip")])
def test_star_and_exclusions(site, ae, refused):
    """RFC 9110 12.5.3: "*" matches any coding not listed; a coding listed
    with q=0 is never sent."""
    r = get(site, "/style.css", ("Accept-Encoding", ae))
    assert r.status == 200, r
    assert coding_of(r) != refused


def test_empty_accept_encoding_means_identity(site):
    """RFC 9110 12.5.3: an empty Accept-Encoding implies that the user
    agent does not want any content coding: identity."""
    r = get(site, "/style.css", "Accept-Encoding:")
    assert r.status == 200, r
    assert coding_of(r) == "identity"
    assert_varies_on_encoding(r)


def test_absent_accept_encoding(site):
    """RFC 9110 12.5.3: without Accept-Encoding any coding is acceptable,
    so the server may choose; whatever it sends is labelled and says Vary:
    Accept-Encoding."""
    r = get(site, "/style.css")
    assert r.status == 200, r
    coding_of(r)
    assert_varies_on_encoding(r)


def test_vary_on_identity_response(site, identity):
    """RFC 9110 12.5.5: the identity response was selected by
    Accept-Encoding too, so it carries Vary: Accept-Encoding."""
    assert_varies_on_encoding(identity)
    assert not identity.has("Content-Encoding")


def test_only_gzip_sibling(site):
    r = get(site, "/app.js", ("Accept-Encoding", "br, gzip;q=0.8"))
    assert r.status == 200 and r.header("Content-Encoding") == "gzip", r
    assert r.body == JS_GZ
    r = get(site, "/app.js", ("Accept-Encoding", "br"))
    assert r.status == 200 and not r.has("Content-Encoding") and r.body == JS, r


@pytest.mark.parametrize("ae", ["identity;q=0", "identity;q=0, br;q=0", "*;q=0",
                                "identity;q=0, gzip;q=0"])
def test_nothing_acceptable(site, ae):
    """RFC 9110 12.5.3 and 15.5.7: identity excluded and no acceptable
    coding on disk (app.js has only a .gz): the server either answers 406
    or disregards the field (12.1); a 406 is not a representation of the
    file, and a 200 sends no coding the field refused."""
    r = get(site, "/app.js", ("Accept-Encoding", ae))
    assert r.status in (200, 406), r
    if r.status == 406:
        assert not r.has("Content-Encoding") and not r.has("ETag"), r
    else:
        refused = {e.split(";")[0].strip().lower() for e in ae.split(",")}
        assert r.header("Content-Encoding") not in refused, r


def test_no_siblings_no_content_encoding(site):
    r = get(site, "/plain.txt", ("Accept-Encoding", "gzip, br, zstd"))
    assert r.status == 200 and r.body == b"no siblings\n", r
    assert not r.has("Content-Encoding")


@pytest.mark.parametrize("lines,coding", [
    (["identity;q=0", "gzip"], "gzip"),
    (["deflate", "gzip"], "gzip"),
    (["gzip;q=0.5", "br;q=0.9"], "br"),
    (["gzip", "identity;q=0.5"], "gzip"),
])
def test_accept_encoding_over_several_lines(site, lines, coding):
    """RFC 9110 5.2 and 5.3: Accept-Encoding is a list, and several field
    lines with its name are one list, their values joined in order; a
    recipient may combine them "without changing the semantics of the
    message", so the second line counts as much as the first."""
    r = get(site, "/style.css", *[("Accept-Encoding", v) for v in lines])
    assert r.status == 200, r
    assert coding_of(r) == coding


LONELY = {"/lonely.js": (JS_GZ, "gzip"), "/lonely.css": (CSS_BR, "br")}


@pytest.mark.parametrize("name", sorted(LONELY))
@pytest.mark.parametrize("ae", [None, "gzip, br", "identity"])
def test_coded_sibling_without_identity_file(site, name, ae):
    """RFC 9110 8.4: a sender that applied a content coding MUST list it in
    Content-Encoding.  /lonely.js has only lonely.js.gz on disk: whatever
    the server answers (404, 406, or the coded bytes), compressed bytes
    never go out unlabelled, and ".gz" or ".br" is not read as a language
    tag (Content-Language: gz, Breton)."""
    coded, coding = LONELY[name]
    r = get(site, name, *([("Accept-Encoding", ae)] if ae else []))
    assert r.status in (200, 404, 406), r
    if r.status == 200:
        assert r.body == coded, r
        assert r.tokens("Content-Encoding") == [coding], \
            f"{coding} bytes sent without Content-Encoding: {coding}: {r!r}"
    # The file's suffix is never read as a language; a 404 or 406 carries
    # the explanation's own language, English here.
    assert r.header("Content-Language") == (None if r.status == 200 else "en"), r


def test_304_for_gzip_variant(site, identity):
    """RFC 9110 15.4.5: the 304 for the gzip variant carries the gzip ETag
    and Vary: Accept-Encoding, and no content; the identity ETag does not
    validate the gzip variant."""
    g = get(site, "/style.css", ("Accept-Encoding", "gzip"))
    etag = strong_etag(g)
    r = get(site, "/style.css", ("Accept-Encoding", "gzip"), ("If-None-Match", etag))
    assert r.status == 304, r
    assert r.header("ETag") == etag
    assert_varies_on_encoding(r)
    assert r.body == b"" and not r.has("Content-Length") and not r.has("Content-Type")
    r = get(site, "/style.css", ("Accept-Encoding", "gzip"),
            ("If-None-Match", identity.header("ETag")))
    assert r.status == 200 and r.body == CSS_GZ, r
    r = get(site, "/style.css", ("Accept-Encoding", "identity"), ("If-None-Match", etag))
    assert r.status == 200 and r.body == CSS, r


def test_range_of_gzip_variant(site):
    """RFC 9110 14.1: a range applies to the selected representation, here
    the gzip bytes: Content-Range counts the .gz length."""
    r = get(site, "/style.css", ("Accept-Encoding", "gzip"), ("Range", "bytes=0-9"))
    assert r.status == 206, r
    assert r.header("Content-Range") == f"bytes 0-9/{len(CSS_GZ)}"
    assert r.body == CSS_GZ[:10]
    assert r.header("Content-Encoding") == "gzip"


def test_if_match_gzip_etag(site, identity):
    """RFC 9110 13.1.1: If-Match compares with the selected
    representation's ETag: the gzip ETag passes with Accept-Encoding:
    gzip and fails (412) for identity."""
    etag = strong_etag(get(site, "/style.css", ("Accept-Encoding", "gzip")))
    assert get(site, "/style.css", ("Accept-Encoding", "gzip"), ("If-Match", etag)).status == 200
    r = get(site, "/style.css", ("Accept-Encoding", "identity"), ("If-Match", etag))
    assert r.status == 412, r


def test_head_gzip_same_as_get(site):
    assert_head_matches_get(site, "/style.css", ("Accept-Encoding", "gzip"))
    assert_head_matches_get(site, "/style.css", ("Accept-Encoding", "identity"))


def test_sibling_requested_directly(site):
    """/style.css.gz is a file of its own: the gzip bytes as
    application/gzip, without Content-Encoding (the client asked for the
    archive, not for CSS)."""
    r = get(site, "/style.css.gz")
    assert r.status == 200 and r.body == CSS_GZ, r
    assert not r.has("Content-Encoding")


def test_requests_decodes_gzip(site):
    """python-requests with Accept-Encoding: gzip gets the gzip variant and
    decodes it to the CSS."""
    r = requests.get(f"{site.url}/style.css", headers={"Accept-Encoding": "gzip"}, timeout=5)
    assert r.status_code == 200
    assert r.headers["Content-Encoding"] == "gzip"
    assert r.content == CSS


def test_curl_compressed(site, tmp_path):
    import subprocess
    out = tmp_path / "css"
    p = subprocess.run(["curl", "-sS", "--max-time", "5", "-H", "Accept-Encoding: gzip",
                        "--compressed", "-o", str(out), "-w", "%{http_code}",
                        f"{site.url}/style.css"], capture_output=True, text=True, timeout=10)
    assert p.returncode == 0, p.stderr
    assert p.stdout == "200" and out.read_bytes() == CSS


# ---- Accept-Language ----------------------------------------------------

def assert_variant(r, lang):
    """RFC 9110 8.5, 8.7, 12.5.5: the variant's bytes with Content-Language,
    Content-Location naming the variant, Vary: Accept-Language."""
    assert r.status == 200, r
    assert r.body == PAGES[lang]
    assert r.header("Content-Language") == lang
    assert r.header("Content-Location") == f"/page.html.{lang}"
    assert "accept-language" in r.tokens("Vary")
    assert r.header("Content-Type").lower().startswith("text/html")


@pytest.mark.parametrize("al,lang", [
    ("zh-TW", "zh-TW"),
    ("zh-CN", "zh-CN"),
    ("zh-tw", "zh-TW"),
    ("zh-CN;q=0.5, en;q=0.8", "en"),
    ("en", "en"),
    ("fr, zh-TW;q=0.2", "zh-TW"),
    ("zh;q=0.5, zh-TW;q=0.9", "zh-TW"),
    ("en-GB;q=0.9, en;q=0.8, zh-CN;q=0.7", "en"),
])
def test_language_variant_chosen(site, al, lang):
    """RFC 9110 12.5.4 with RFC 4647 3.3.1 basic filtering: the variant
    with the highest weight is sent; tags compare case-insensitively; the
    most specific matching range gives a tag its weight."""
    assert_variant(get(site, "/page.html", ("Accept-Language", al)), lang)


@pytest.mark.parametrize("lines,lang", [
    (["de", "zh-TW"], "zh-TW"),
    (["zh-CN;q=0.5", "en;q=0.8"], "en"),
    (["fr", "en;q=0.1"], "en"),
])
def test_accept_language_over_several_lines(site, lines, lang):
    """RFC 9110 5.3: two Accept-Language lines are one list: the variant
    named only on the second line is acceptable."""
    assert_variant(get(site, "/page.html", *[("Accept-Language", v) for v in lines]), lang)


def _variant_links(r):
    out = set()
    for href, _ in links(r.text):
        out.add(urllib.parse.urljoin("/page.html", href))
    return out


@pytest.mark.parametrize("headers,expected", [
    ([("Accept-Language", "zh")], {"zh-CN", "zh-TW"}),
    ([], {"en", "zh-CN", "zh-TW"}),
    ([("Accept-Language", "*")], {"en", "zh-CN", "zh-TW"}),
    ([("Accept-Language", "fr, *;q=0.1")], {"en", "zh-CN", "zh-TW"}),
])
def test_300_when_variants_tie(site, headers, expected):
    """RFC 9110 15.4.1: the range "zh" matches zh-CN and zh-TW equally,
    and without Accept-Language (or with "*") every variant is equally
    acceptable: 300 with an HTML list linking to the variants; the
    choice depends on Accept-Language (Vary)."""
    r = get(site, "/page.html", *headers)
    assert r.status == 300, r
    assert r.reason == "Multiple Choices"
    assert r.header("Content-Type").lower().startswith("text/html")
    found = _variant_links(r)
    assert {f"/page.html.{lang}" for lang in expected} <= found, found
    assert "accept-language" in r.tokens("Vary")


def test_406_when_no_variant_acceptable(site):
    """RFC 9110 15.5.7: no variant is acceptable (fr): 406, whose content
    SHOULD list the available representations: an HTML list of links."""
    r = get(site, "/page.html", ("Accept-Language", "fr"))
    assert r.status == 406, r
    assert r.reason == "Not Acceptable"
    assert r.header("Content-Type").lower().startswith("text/html")
    assert {f"/page.html.{lang}" for lang in PAGES} <= _variant_links(r)


def test_300_links_lead_to_the_variants(site):
    r = get(site, "/page.html")
    assert r.status == 300
    for href in sorted(_variant_links(r)):
        lang = href.rsplit(".", 1)[1]
        v = get(site, href)
        assert v.status == 200 and v.body == PAGES[lang], (href, v)


def test_variant_requested_directly(site):
    """A variant can be requested by its own name: 200 with its bytes."""
    r = get(site, "/page.html.en")
    assert r.status == 200 and r.body == PAGES["en"], r


def test_content_location_names_the_same_representation(site):
    """RFC 9110 8.7: a Content-Location different from the target URI
    asserts that the content is a representation of the resource it
    names; so GET of that URI gives the same representation: same ETag
    and the same Content-Type (text/html, not a guess from ".zh-TW")."""
    n = get(site, "/page.html", ("Accept-Language", "zh-TW"))
    assert_variant(n, "zh-TW")
    d = get(site, n.header("Content-Location"))
    assert d.status == 200 and d.body == n.body, d
    assert d.header("ETag") == n.header("ETag")
    assert d.header("Content-Type") == n.header("Content-Type"), (n, d)


def test_304_for_language_variant(site):
    """RFC 9110 15.4.5: the 304 carries the ETag, Vary and
    Content-Location the 200 would, and no content."""
    g = get(site, "/page.html", ("Accept-Language", "zh-TW"))
    etag = strong_etag(g)
    r = get(site, "/page.html", ("Accept-Language", "zh-TW"), ("If-None-Match", etag))
    assert r.status == 304, r
    assert r.header("ETag") == etag
    assert r.header("Content-Location") == "/page.html.zh-TW"
    assert "accept-language" in r.tokens("Vary")
    assert r.body == b"" and not r.has("Content-Type") and not r.has("Content-Length")


def test_language_etags_differ(site):
    """RFC 9110 8.8.3: each variant has its own entity-tag, so a cached
    zh-TW does not validate en."""
    tw = strong_etag(get(site, "/page.html", ("Accept-Language", "zh-TW")))
    en = get(site, "/page.html", ("Accept-Language", "en"))
    assert strong_etag(en) != tw
    r = get(site, "/page.html", ("Accept-Language", "en"), ("If-None-Match", tw))
    assert r.status == 200 and r.body == PAGES["en"], r


def test_range_of_language_variant(site):
    r = get(site, "/page.html", ("Accept-Language", "en"), ("Range", "bytes=0-8"))
    assert r.status == 206, r
    assert r.body == PAGES["en"][:9]
    assert r.header("Content-Range") == f"bytes 0-8/{len(PAGES['en'])}"
    assert r.header("Content-Location") == "/page.html.en"


def test_head_language_variant_same_as_get(site):
    assert_head_matches_get(site, "/page.html", ("Accept-Language", "zh-CN"))
    assert_head_matches_get(site, "/page.html")
    assert_head_matches_get(site, "/page.html", ("Accept-Language", "fr"))


def test_httpx_language(site):
    with httpx.Client(timeout=5) as c:
        r = c.get(f"{site.url}/page.html", headers={"Accept-Language": "zh-CN"})
        assert r.status_code == 200
        assert r.headers["Content-Language"] == "zh-CN"
        assert r.content == PAGES["zh-CN"]
