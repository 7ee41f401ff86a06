"""
The status-code reference at /codes: the index and a page for every code in
English, Simplified and Traditional Chinese, chosen by proactive negotiation
of Accept-Language (RFC 9110 12.5.4) or named by the variant's own URL; the
JSON of the registry; revalidation with a strong entity-tag (RFC 9110 8.8.3,
13.1.2, 15.4.5); HEAD; escaping; 404 for what is not a code; and "try it",
which shows the bytes the testing API sends for a code, fetched live.
"""

import base64
import hashlib
import html
import json
import re
import subprocess
from html.parser import HTMLParser

import httpx
import pytest

from conftest import binary, parse_responses, request, teapot_argv

LANGS = ("en", "zh-CN", "zh-TW")
WS_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"


# ---- helpers ---------------------------------------------------------------

@pytest.fixture(scope="module")
def registry():
    """code -> entry of `teapot codes --json`, the registry itself."""
    out = subprocess.run([str(binary("teapot")), "codes", "--json"],
                         check=True, capture_output=True, timeout=10).stdout
    return {e["code"]: e for e in json.loads(out)}


@pytest.fixture(scope="module")
def client(teapot):
    with httpx.Client(base_url=teapot.url, timeout=5) as c:
        yield c


@pytest.fixture(scope="module")
def entries(client):
    """code -> entry of /codes.json."""
    r = client.get("/codes.json")
    assert r.status_code == 200, r
    return {e["code"]: e for e in r.json()["codes"]}


class Page(HTMLParser):
    """The parts of a page the tests look at: <html lang>, the text of each
    element (character references decoded, so that escaped text compares
    equal to the original and unescaped markup does not), and every
    attribute that names a resource."""

    def __init__(self, text):
        super().__init__(convert_charrefs=True)
        self.lang = None
        self.texts = []       # (tag, attrs, text) of text-bearing elements
        self.urls = []        # (tag, attr, value)
        self.stack = []
        self.h1 = []
        self.styles = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang")
        for k in ("href", "src", "action", "poster", "srcset", "data"):
            if k in a and tag != "li":
                self.urls.append((tag, k, a[k] or ""))
        if tag not in ("meta", "link", "input", "br", "img"):
            self.stack.append((tag, a))

    def handle_endtag(self, tag):
        while self.stack:
            t, _ = self.stack.pop()
            if t == tag:
                break

    def handle_data(self, data):
        if not self.stack:
            return
        tag, attrs = self.stack[-1]
        self.texts.append((tag, attrs, data))
        if any(t == "h1" for t, _ in self.stack):
            self.h1.append(data)
        if tag == "style":
            self.styles.append(data)

    @property
    def text(self):
        return "".join(t for tag, _, t in self.texts
                       if tag not in ("style", "script"))

    def element_with(self, s):
        """The (tag, attrs) of the element whose text is exactly s."""
        for tag, attrs, t in self.texts:
            if t == s:
                return tag, attrs
        return None


def name_in(entry, lang):
    """The name the page shows: the language's own, or English (then the
    registry's phrase) while the translation is still empty."""
    return (entry["texts"][lang]["name"] or entry["texts"]["en"]["name"]
            or entry["reason"])


NEED = {"required": {"en": "required", "zh-CN": "必需", "zh-TW": "必要"},
        "recommended": {"en": "recommended", "zh-CN": "建议", "zh-TW": "建議"}}


def need_label(field, lang):
    return NEED[field["need"]][lang]


# ---- negotiation (RFC 9110 12.5.4) -----------------------------------------

NEGOTIATION = [
    (None, "en"),                      # no field: the default
    ("en", "en"),
    ("en-GB", "en"),
    ("EN-us", "en"),                   # language tags are case-insensitive
    ("zh", "zh-CN"),
    ("zh-CN", "zh-CN"),
    ("zh-cn", "zh-CN"),
    ("zh-SG", "zh-CN"),
    ("zh-Hans", "zh-CN"),
    ("zh-Hans-CN", "zh-CN"),
    ("zh-TW", "zh-TW"),
    ("zh-HK", "zh-TW"),
    ("zh-MO", "zh-TW"),
    ("zh-Hant", "zh-TW"),
    ("zh-Hant-HK", "zh-TW"),
    ("zh;q=0, en", "en"),              # q=0: not acceptable
    ("zh-TW;q=0, zh", "zh-CN"),
    ("fr", "en"),                      # nothing acceptable: English
    ("en;q=0", "en"),                  # the field may be disregarded
    ("fr, zh-TW;q=0.5", "zh-TW"),
    ("en;q=0.4, zh-CN;q=0.8", "zh-CN"),
    ("zh-TW;q=0.3, zh-CN;q=0.9, en;q=0.5", "zh-CN"),
    ("en;q=0.5, zh-HK;q=0.9", "zh-TW"),
    ("en;q=0.9, zh-TW;q=0.95", "zh-TW"),
    ("zh-TW, en", "zh-TW"),            # equal weights: the first listed
    ("en, zh-TW", "en"),
    ("*", "en"),
    ("de, *;q=0.1", "en"),
    ("zh-TW;q=0.2, *;q=0.5", "en"),    # "*" outranks a low explicit weight
    ("en;q=0, *;q=0.5", "zh-CN"),
    ("en;q=0, zh-CN;q=0, *", "zh-TW"),
    ("zh-TW;q=x, zh-CN", "zh-CN"),     # a malformed weight means nothing
    ("zh-TW;q=1.5, en", "en"),
    ("zh-TW ; Q=0.7 , en;q=0.6", "zh-TW"),
    ("", "en"),
]


@pytest.mark.parametrize("field,lang", NEGOTIATION)
@pytest.mark.parametrize("path", ["/codes", "/codes/404"])
def test_negotiation(client, path, field, lang):
    """RFC 9110 12.5.4: the language is chosen from Accept-Language (each
    range mapped to a language, q-values honoured, q=0 excludes, "*" any);
    the response says which with Content-Language, names the variant's own
    URL in Content-Location (8.7) and carries Vary: Accept-Language (12.5.5)
    so that a cache keys on the field."""
    headers = {} if field is None else {"Accept-Language": field}
    r = client.get(path, headers=headers)
    assert r.status_code == 200, r
    assert r.headers["content-language"] == lang
    assert "accept-language" in [v.strip().lower() for v in r.headers["vary"].split(",")]
    assert r.headers["content-location"] == f"{path}.{lang}"
    assert r.headers["content-type"] == "text/html; charset=utf-8"
    assert Page(r.text).lang == lang
    # The same bytes as the variant it names, and so the same strong tag.
    v = client.get(f"{path}.{lang}")
    assert v.content == r.content
    assert v.headers["etag"] == r.headers["etag"]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("path", ["/codes", "/codes/404", "/codes/4xx", "/codes/299"])
def test_explicit_variant(client, path, lang):
    """A variant's own URL is not negotiated: Accept-Language changes
    nothing, so there is no Vary and no Content-Location, while
    Content-Language still says what the page is written in."""
    other = "zh-TW" if lang != "zh-TW" else "en"
    r = client.get(f"{path}.{lang}", headers={"Accept-Language": other})
    assert r.status_code == 200, r
    assert r.headers["content-language"] == lang
    assert "vary" not in r.headers
    assert "content-location" not in r.headers
    assert r.headers["cache-control"] == "no-cache"
    assert Page(r.text).lang == lang


def test_languages_have_their_own_tags(client):
    """RFC 9110 8.8.3: an entity-tag identifies one representation, so the
    three languages at the negotiated URL carry three different tags."""
    tags = {client.get("/codes/404", headers={"Accept-Language": l}).headers["etag"]
            for l in LANGS}
    assert len(tags) == 3


# ---- validators, revalidation, HEAD, ranges --------------------------------

@pytest.mark.parametrize("path,al", [
    ("/codes", "zh-TW"), ("/codes.zh-CN", None), ("/codes/404", "zh-HK"),
    ("/codes/404.en", None), ("/codes.json", None), ("/codes/404.json", None),
    ("/codes/299", "zh"), ("/codes/5xx.zh-TW", None),
])
def test_revalidation(teapot, path, al):
    """Cache-Control: no-cache makes a browser ask again every time (RFC
    9111 5.2.2.4) and a strong ETag lets it get 304 (RFC 9110 13.1.2); a
    304 carries the ETag, Cache-Control, Vary and Content-Location a 200
    would have carried (RFC 9110 15.4.5) and no content."""
    extra = [("Accept-Language", al)] if al else []
    first = teapot.get(path, headers=extra)
    assert first.status == 200, first
    etag = first.header("ETag")
    assert re.fullmatch(r'"[0-9a-f]{32}"', etag), etag  # strong, quoted
    assert first.header("Cache-Control") == "no-cache"
    again = teapot.get(path, headers=extra + [("If-None-Match", etag)])
    assert again.status == 304, again
    assert again.body == b"" and not again.has("Content-Length")
    for name in ("ETag", "Cache-Control", "Vary", "Content-Location"):
        assert again.get_all(name) == first.get_all(name), (name, again)
    # A weak comparison is what If-None-Match uses (RFC 9110 13.1.2).
    weak = teapot.get(path, headers=extra + [("If-None-Match", "W/" + etag)])
    assert weak.status == 304, weak
    # If-Match compares strongly: a wrong tag is 412 (RFC 9110 13.1.1).
    pre = teapot.get(path, headers=extra + [("If-Match", '"nope"')])
    assert pre.status == 412, pre


def test_304_only_for_the_selected_language(teapot):
    """A tag of the English page does not validate the Chinese one that
    the same URL now selects: 200 with the other tag."""
    en = teapot.get("/codes/404")
    zh = teapot.get("/codes/404", headers=[("Accept-Language", "zh-CN"),
                                           ("If-None-Match", en.header("ETag"))])
    assert zh.status == 200
    assert zh.header("ETag") != en.header("ETag")


@pytest.mark.parametrize("path", ["/codes", "/codes/404.zh-TW", "/codes.json",
                                  "/codes/299"])
def test_head(teapot, path):
    """HEAD: the header section of GET, no content (RFC 9110 9.3.2)."""
    get = teapot.get(path)
    ex = teapot.raw(request("HEAD", path), methods=["HEAD"], expect=1, settle=0.05)
    head = ex.response
    assert head.status == 200 and head.body == b""
    assert head.header("Content-Length") == str(len(get.body))
    assert head.header("ETag") == get.header("ETag")
    assert head.header("Content-Type") == get.header("Content-Type")
    assert ex.data.endswith(b"\r\n\r\n")


def test_range(teapot):
    """The pages are plain representations: a byte range is 206 (RFC 9110
    14.2, 15.3.7)."""
    r = teapot.get("/codes/418.en", headers=[("Range", "bytes=0-14")])
    assert r.status == 206, r
    assert r.body == b"<!DOCTYPE html>"
    assert r.header("Content-Range").startswith("bytes 0-14/")


def test_other_methods(teapot):
    """The reference is read-only: 405 with Allow (RFC 9110 15.5.6)."""
    r = teapot.raw(request("POST", "/codes/404", body="x"), expect=1).response
    assert r.status == 405
    assert "GET" in r.header("Allow")


# ---- JSON ------------------------------------------------------------------

def test_codes_json_matches_registry(client, registry):
    """/codes.json is {"classes": [...], "codes": [...]}, and its codes are
    the registry's: the same codes, phrases, references and fields."""
    r = client.get("/codes.json")
    assert r.headers["content-type"].startswith("application/json")
    assert "content-language" not in r.headers  # all languages at once
    doc = r.json()
    assert [c["class"] for c in doc["classes"]] == [1, 2, 3, 4, 5]
    for c in doc["classes"]:
        assert c["fallback"] == c["class"] * 100
        assert set(c["texts"]) == set(LANGS)
    codes = {e["code"]: e for e in doc["codes"]}
    assert sorted(codes) == sorted(registry)
    for code, reg in registry.items():
        e = codes[code]
        assert e["reason"] == reg["reason"]
        assert e["reference"] == reg["reference"]
        assert e["class_name"] == reg["class"]
        assert [(f["name"], f["need"]) for f in e["fields"]] == \
            [(f["name"], f["need"]) for f in reg["fields"]]
        assert e["cacheable"] == ("cacheable" in reg["flags"])
        assert set(e["texts"]) == set(LANGS)


def test_code_json(client, entries):
    """/codes/{code}.json is the entry of /codes.json, all languages."""
    for code in (100, 206, 404, 418, 503):
        r = client.get(f"/codes/{code}.json")
        assert r.status_code == 200
        assert r.headers["content-type"].startswith("application/json")
        assert r.json() == entries[code]


def test_class_and_unregistered_json(client):
    c = client.get("/codes/4xx.json").json()
    assert c["class"] == 4 and c["fallback"] == 400
    u = client.get("/codes/299.json")
    assert u.status_code == 200
    assert u.json()["registered"] is False
    assert u.json()["treated_as"] == 200
    assert u.json()["class"]["class"] == 2


# ---- every page ------------------------------------------------------------

def test_every_code_in_every_language(client, registry, entries):
    """Each registered code has a page in each language: the right
    <html lang>, the code and its name in that language in the heading,
    every text of the entry as text (so escaped, never taken as markup),
    and the facts: standing, reference, header fields."""
    for code in sorted(registry):
        e = entries[code]
        for lang in LANGS:
            r = client.get(f"/codes/{code}.{lang}")
            assert r.status_code == 200, (code, lang)
            p = Page(r.text)
            assert p.lang == lang, (code, lang)
            h1 = "".join(p.h1)
            assert str(code) in h1, (code, lang, h1)
            assert name_in(e, lang) in h1, (code, lang, h1)
            text = p.text
            assert e["reference"] in text
            for f in e["fields"]:
                assert f["name"] in text, (code, f)
                hint = f.get("hint")
                if hint:
                    # The hints are English: on English pages only.
                    shown = f"{f['name']}{need_label(f, lang)} \u2014 {hint}" in text
                    assert shown == (lang == "en"), (code, lang, hint)
            for key in ("meaning", "when", "client", "confused"):
                own = e["texts"][lang][key]
                if own:
                    assert own in text, (code, lang, key)
                elif e["texts"]["en"][key]:
                    # Not translated yet: English, and marked as such.
                    el = p.element_with(e["texts"]["en"][key])
                    assert el is not None, (code, lang, key)
                    assert lang == "en" or el[1].get("lang") == "en", (code, lang, key)
            for other in e["see_also"]:
                assert f'href="/codes/{other}.{lang}"' in r.text, (code, other)


def test_index_links_every_code(client, registry):
    """The index lists every code, grouped by class, each a link to its
    page in the same language with its searchable names in data-search."""
    for lang in LANGS:
        page = client.get(f"/codes.{lang}").text
        for cls in range(1, 6):
            assert f'href="/codes/{cls}xx.{lang}"' in page
        for code in registry:
            assert f'href="/codes/{code}.{lang}"' in page, (lang, code)
        li = re.search(r'<li data-search="([^"]*)"><a href="/codes/418\.', page)
        assert li and "418" in li.group(1) and "teapot" in li.group(1)


def test_language_switch(client):
    """Every page links its three variants by the languages' own names,
    with lang and hreflang."""
    for path in ("/codes", "/codes/404", "/codes/4xx", "/codes/299"):
        for lang in LANGS:
            page = client.get(f"{path}.{lang}").text
            for tag, name in (("en", "English"), ("zh-CN", "简体中文"),
                              ("zh-TW", "繁體中文")):
                assert (f'<a href="{path}.{tag}" lang="{tag}" hreflang="{tag}"'
                        in page), (path, lang, tag)
                assert f'hreflang="{tag}"' in page and name in page


def test_escaping(client, entries):
    """Text from the registry is escaped: quotes in a hint and the
    apostrophe of "I'm a teapot" come out as character references, and no
    text of any entry appears raw when it holds a markup character."""
    p451 = client.get("/codes/451.en").text
    assert 'rel=&quot;blocked-by&quot;' in p451
    assert 'rel="blocked-by"' not in p451
    assert "I&#39;m a teapot" in client.get("/codes/418.en").text
    for code, e in entries.items():
        for lang in LANGS:
            risky = [t for t in e["texts"][lang].values() if re.search(r"[<>&\"']", t)]
            if not risky:
                continue
            page = client.get(f"/codes/{code}.{lang}").text
            for t in risky:
                if re.search(r"[<>&]", t):
                    assert t not in page, (code, lang, t)
                assert html.escape(t, quote=True).replace("&#x27;", "&#39;") in page


@pytest.mark.parametrize("path", ["/codes.en", "/codes.zh-TW", "/codes/404.zh-CN",
                                  "/codes/101.en", "/codes/3xx.en", "/codes/299.zh-TW"])
def test_self_contained(client, path):
    """No external resource: every link and source is a path on this server
    (or the empty data: icon), CSS has no @import and no url(), and there
    are no external scripts."""
    page = client.get(path).text
    p = Page(page)
    assert p.urls
    for tag, attr, value in p.urls:
        assert value.startswith("/") and not value.startswith("//") \
            or value == "data:," or value.startswith("#"), (tag, attr, value)
    assert "@import" not in page
    assert "url(" not in page
    assert "<script src" not in page
    assert '<meta name="viewport"' in page
    assert p.styles, "no inline CSS"


def test_page_facts_404(client):
    """The page of 404 states its facts in words."""
    p = Page(client.get("/codes/404.en").text)
    t = p.text
    for s in ("standard", "Client Error", "RFC 9110, Section 15.5.5",
              "Cacheable by default", "May carry content", "none required"):
        assert s in t, s
    assert "HTTP/1.1 404 Not Found" in t


# ---- what is not a code ----------------------------------------------------

@pytest.mark.parametrize("path", ["/codes/999", "/codes/abc", "/codes/099",
                                  "/codes/600", "/codes/40", "/codes/4040",
                                  "/codes/404.fr", "/codes/404.json.gz",
                                  "/codes/6xx", "/codes/4xy", "/codes/404/try/x",
                                  "/codes.fr", "/codes.EN"])
def test_not_found(teapot, path):
    """RFC 9110 15.5.5: nothing to show for what is not a status code."""
    r = teapot.get(path)
    assert r.status == 404, (path, r)


def test_percent_encoded_digits_name_the_same_page(teapot):
    """RFC 3986 6.2.2.2: %34 is '4', so /codes/%34%30%34 is /codes/404."""
    assert teapot.get("/codes/%34%30%34").body == teapot.get("/codes/404").body


def test_trailing_slash(teapot):
    r = teapot.get("/codes/")
    assert r.status == 301 and r.header("Location") == "/codes"


@pytest.mark.parametrize("lang,said", [
    ("en", "299 is not registered; a client treats it as"),
    ("zh-CN", "299 未注册；客户端将其视为"),
    ("zh-TW", "299 未註冊；用戶端將其視為"),
])
def test_unregistered_code(client, lang, said):
    """RFC 9110 15: a client treats an unrecognised code as the x00 of its
    class.  /codes/299 says so, and links 200 (200 OK: it is a page about
    code 299, not a missing one)."""
    r = client.get(f"/codes/299.{lang}")
    assert r.status_code == 200
    p = Page(r.text)
    assert p.lang == lang
    assert said in p.text
    assert f'href="/codes/200.{lang}"' in r.text
    assert f'href="/codes/2xx.{lang}"' in r.text


# ---- try it ----------------------------------------------------------------

def tried(client, code):
    r = client.get(f"/codes/{code}/try")
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "text/plain; charset=utf-8"
    assert r.headers["cache-control"] == "no-store"
    req, sep, resp = r.content.partition(b"\r\n\r\n")
    assert sep, r.content
    return req.decode() + "\r\n\r\n", resp


def test_try_503(client, teapot):
    """The exact bytes of /status/503: the request sent, then a response
    that parses under RFC 9112's rules, with its status line and the
    Retry-After that RFC 9110 15.6.4 suggests."""
    req, resp = tried(client, 503)
    assert req.startswith("GET /status/503 HTTP/1.1\r\n")
    assert f"\r\nHost: {teapot.host}:{teapot.port}\r\n" in req
    assert "\r\nAccept: text/plain\r\n" in req
    assert "\r\nConnection: close\r\n" in req
    assert resp.startswith(b"HTTP/1.1 503 Service Unavailable\r\n")
    assert b"\r\nRetry-After: " in resp
    (r,) = parse_responses(resp)
    assert r.status == 503 and r.has("Retry-After") and r.has("Date")


def test_try_103(client):
    """1xx: the interim response is shown before the final one."""
    _, resp = tried(client, 103)
    i = resp.index(b"HTTP/1.1 103 Early Hints\r\n")
    j = resp.index(b"HTTP/1.1 200 OK\r\n")
    assert i == 0 and i < j
    (r,) = parse_responses(resp)
    assert [m.status for m in r.interim] == [103] and r.status == 200


def test_try_101(client):
    """101: a real WebSocket opening handshake (RFC 6455 4.1, 4.2.2), shown
    up to the end of the 101's header section."""
    req, resp = tried(client, 101)
    assert req.startswith("GET /status/101 HTTP/1.1\r\n")
    key = re.search(r"\r\nSec-WebSocket-Key: ([A-Za-z0-9+/=]+)\r\n", req).group(1)
    assert len(base64.b64decode(key)) == 16
    assert re.search(r"\r\nUpgrade: websocket\r\n", req, re.I)
    assert resp.startswith(b"HTTP/1.1 101 Switching Protocols\r\n")
    assert resp.endswith(b"\r\n\r\n")
    accept = base64.b64encode(hashlib.sha1((key + WS_GUID).encode()).digest())
    assert b"\r\nSec-WebSocket-Accept: " + accept + b"\r\n" in resp


def test_try_418(client):
    _, resp = tried(client, 418)
    assert resp.startswith(b"HTTP/1.1 418 I'm a teapot\r\n")
    (r,) = parse_responses(resp)
    assert r.status == 418


def test_try_204_head_only(client):
    """204 has no content (RFC 9110 15.3.5): the bytes end with the header
    section."""
    _, resp = tried(client, 204)
    assert resp.startswith(b"HTTP/1.1 204 No Content\r\n")
    assert resp.endswith(b"\r\n\r\n")


def test_try_client_leaves_early(teapot):
    """The client may go before the bytes are in: the loopback connection
    and its buffer are released with the exchange (the sanitizer build
    reports a leak otherwise), and the server goes on answering."""
    for code in (503, 101, 103, 200):
        s = teapot.connect()
        s.sendall(request("GET", f"/codes/{code}/try"))
        s.close()
    with teapot.conn() as c:
        c.send(request("GET", "/codes/418/try") + request("GET", "/codes/503/try"))
        a, b = c.read_response(), c.read_response()
    assert a.status == b.status == 200
    assert b"HTTP/1.1 418 I'm a teapot\r\n" in a.body
    assert b"HTTP/1.1 503 Service Unavailable\r\n" in b.body


def test_try_panel(client, teapot):
    """The page shows the curl command that reproduces the bytes, and the
    button is a plain link to them (it works without JavaScript)."""
    page = client.get("/codes/503.en").text
    t = Page(page).text
    assert f"curl -i http://{teapot.host}:{teapot.port}/status/503" in t
    assert '<a class="button" id="try" href="/codes/503/try">' in page
    t101 = Page(client.get("/codes/101.en").text).text
    assert re.search(r"curl -i (-H '[^']+' )*-H 'Upgrade: websocket' (-H '[^']+' )*"
                     r"http://\S+/status/101", t101)
    assert "Sec-WebSocket-Key: " in t101


def test_home_points_to_codes(teapot):
    assert "/codes" in teapot.get("/").text


# ---- mounting --------------------------------------------------------------

def test_without_testapi_no_try(spawn):
    """No testing API, nothing to try: no panel, and /try is 404."""
    srv = spawn(teapot_argv("--testapi", "off"), probe=b"/codes")
    page = srv.get("/codes/503.en")
    assert page.status == 200
    assert b'id="try"' not in page.body and b"<script" not in page.body
    assert srv.get("/codes/503/try").status == 404


def test_beside_root(spawn, tmp_path):
    """Beside --root the reference is mounted only with --reference, and
    "try it" then uses the testing API's prefix."""
    (tmp_path / "index.html").write_text("hello\n")
    plain = spawn(teapot_argv("--root", tmp_path), probe=b"/")
    assert plain.get("/codes").status == 404
    both = spawn(teapot_argv("--root", tmp_path, "--reference",
                             "--testapi", "/httpbin"), probe=b"/")
    assert both.get("/codes").status == 200
    assert both.get("/").body == b"hello\n"
    with httpx.Client(base_url=both.url, timeout=5) as c:
        r = c.get("/codes/418/try")
        assert r.status_code == 200
        assert r.text.startswith("GET /httpbin/status/418 HTTP/1.1\r\n")
        assert "HTTP/1.1 418 I'm a teapot\r\n" in r.text
        assert "/httpbin/status/418" in Page(c.get("/codes/418.en").text).text
