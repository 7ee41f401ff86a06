"""
The client-testing API's content endpoints: content codings (/gzip,
/deflate, /brotli, /zstd; RFC 9110 8.4 and 12.5.3, 406 in 15.5.7),
/response-headers, cookies (RFC 6265), base64 (RFC 4648), the fixed
documents (/html, /json, /xml, /robots.txt, /deny, /encoding/utf8,
/forms/post), /links, and the teapot picture negotiated by Accept (RFC 9110
12.5.1) at /image.
"""

import base64
import gzip
import html.parser
import json
import os
import re
import struct
import subprocess
import urllib.robotparser
import xml.etree.ElementTree as ET
import zlib

import httpx
import pytest
import requests

from conftest import request, teapot_argv


def raw_get(srv, target, *headers, method="GET"):
    rs = srv.raw(request(method, target, headers=list(headers)),
                 methods=[method], expect=1, settle=0)
    r = rs.response
    assert r is not None, rs
    return r


def curl(*args, timeout=10):
    return subprocess.run(["curl", "-s", *args], capture_output=True,
                          timeout=timeout, check=True).stdout


def curl_features():
    out = subprocess.run(["curl", "-V"], capture_output=True, text=True,
                         check=True).stdout
    line = next((ln for ln in out.splitlines() if ln.startswith("Features:")), "")
    return line.lower().split()


# ---------------------------------------------------------------------------
# content codings


def check_coded(r, coding):
    """RFC 9110 8.4: Content-Encoding names the coding; 12.5.5: the
    choice depends on Accept-Encoding, so Vary says so."""
    assert r.status == 200, r
    assert r.header("Content-Encoding") == coding
    assert "accept-encoding" in r.tokens("Vary")
    assert r.header("Content-Type") == "application/json"


def test_gzip_is_really_gzip(teapot):
    r = raw_get(teapot, "/gzip?x=1", "Accept-Encoding: gzip")
    check_coded(r, "gzip")
    assert r.body[:2] == b"\x1f\x8b"  # RFC 1952 2.3.1
    j = json.loads(gzip.decompress(r.body))
    assert j["gzipped"] is True
    assert j["method"] == "GET"
    assert j["args"] == {"x": "1"}
    assert j["headers"]["Accept-Encoding"] == "gzip"


def test_gzip_decoded_by_requests(teapot):
    r = requests.get(teapot.url + "/gzip")
    assert r.status_code == 200
    assert r.headers["Content-Encoding"] == "gzip"
    assert r.json()["gzipped"] is True


def test_deflate_is_the_zlib_format(teapot):
    """RFC 9110 8.4.1.2: "deflate" is a zlib (RFC 1950) stream, not raw
    deflate: the header's CMF/FLG check holds and zlib decodes it."""
    r = raw_get(teapot, "/deflate", "Accept-Encoding: deflate")
    check_coded(r, "deflate")
    cmf, flg = r.body[0], r.body[1]
    assert cmf & 0x0F == 8 and (cmf << 8 | flg) % 31 == 0
    j = json.loads(zlib.decompress(r.body))
    assert j["deflated"] is True


def test_brotli_is_really_brotli(teapot, tmp_path):
    # Debian's curl decodes br (scripts/install-deps installs it).
    assert "brotli" in curl_features()
    hdr = tmp_path / "h"
    body = curl("--compressed", "-H", "Accept-Encoding: br", "-D", str(hdr),
                teapot.url + "/brotli")
    assert re.search(r"(?im)^content-encoding: br\r?$", hdr.read_text())
    j = json.loads(body)
    assert j["brotli"] is True
    # The bytes on the wire are not the JSON itself.
    r = raw_get(teapot, "/brotli", "Accept-Encoding: br")
    check_coded(r, "br")
    assert not r.body.startswith(b"{")


def test_zstd_is_really_zstd(teapot):
    r = raw_get(teapot, "/zstd", "Accept-Encoding: zstd")
    check_coded(r, "zstd")
    assert r.body[:4] == b"\x28\xb5\x2f\xfd"  # RFC 8878 3.1.1 magic
    # the zstd tool comes from scripts/install-deps
    plain = subprocess.run(["zstd", "-d", "-c", "-q"], input=r.body,
                           capture_output=True, check=True).stdout
    assert json.loads(plain)["zstd"] is True


@pytest.mark.parametrize("path,coding", [("/gzip", "gzip"),
                                         ("/deflate", "deflate"),
                                         ("/brotli", "br"), ("/zstd", "zstd")])
@pytest.mark.parametrize("ae", ["identity", "{c};q=0", "*;q=0", "",
                                "compress, identity;q=0.5"])
def test_excluded_coding_is_406(teapot, path, coding, ae):
    """RFC 9110 12.5.3: a coding not listed (or with q=0) is not acceptable,
    and an empty field means no coding is wanted; this resource has no
    other representation, so 406 (15.5.7), naming the coding."""
    r = raw_get(teapot, path, "Accept: text/plain",
                "Accept-Encoding: " + ae.format(c=coding))
    assert r.status == 406, r
    assert coding in r.text
    assert "accept-encoding" in r.tokens("Vary")
    assert not r.has("Content-Encoding")


@pytest.mark.parametrize("path,ae", [("/gzip", None), ("/gzip", "*"),
                                     ("/deflate", "gzip;q=0.1, deflate;q=0.2"),
                                     ("/brotli", "br;q=0.001"),
                                     ("/zstd", "identity;q=0, *")])
def test_acceptable_coding_is_sent(teapot, path, ae):
    """No Accept-Encoding at all: any coding is acceptable (12.5.3)."""
    headers = [] if ae is None else ["Accept-Encoding: " + ae]
    r = raw_get(teapot, path, *headers)
    assert r.status == 200
    assert r.has("Content-Encoding")


def test_head_of_a_coded_resource(teapot):
    """RFC 9110 9.3.2: HEAD gets the GET's fields (the echoed method makes
    the lengths differ by one: "HEAD" against "GET") and no content."""
    get = raw_get(teapot, "/gzip", "Accept-Encoding: gzip")
    head = raw_get(teapot, "/gzip", "Accept-Encoding: gzip", method="HEAD")
    assert head.status == 200 and head.body == b""
    assert head.header("Content-Encoding") == "gzip"
    assert "accept-encoding" in head.tokens("Vary")
    assert abs(int(head.header("Content-Length")) -
               int(get.header("Content-Length"))) <= 2


# ---------------------------------------------------------------------------
# /response-headers


def test_response_headers_echoes_the_query(teapot):
    r = raw_get(teapot, "/response-headers?X-Tea=green&X-Tea=black"
                        "&Cache-Control=no-cache")
    assert r.status == 200
    assert r.get_all("X-Tea") == ["green", "black"]
    assert r.header("Cache-Control") == "no-cache"
    assert json.loads(r.body) == {"X-Tea": ["green", "black"],
                                  "Cache-Control": "no-cache",
                                  "Content-Type": "application/json"}


def test_response_headers_may_set_content_type_and_post(teapot):
    r = requests.post(teapot.url + "/response-headers",
                      params={"Content-Type": "text/plain; charset=utf-8",
                              "Link": "</a>; rel=next"})
    assert r.status_code == 200
    assert r.headers["Content-Type"] == "text/plain; charset=utf-8"
    assert r.headers["Link"] == "</a>; rel=next"
    assert r.json()["Content-Type"] == "text/plain; charset=utf-8"


@pytest.mark.parametrize("query", [
    "Content-Length=5", "Date=today", "Server=other", "Transfer-Encoding=gzip",
    "Connection=close", "connection=keep-alive",
    "Bad%20Name=1", "a%3Ab=1", "=nameless",
    # a CR LF in a value would inject fields (RFC 9110 5.5)
    "X-A=1%0D%0ASet-Cookie:%20evil=1", "X-B=%00",
])
def test_response_headers_refuses_what_it_cannot_send(teapot, query):
    r = raw_get(teapot, "/response-headers?" + query)
    assert r.status == 400, r
    assert not r.has("Set-Cookie")
    assert not r.has("X-A")


def test_response_headers_limit(teapot):
    ok = "&".join(f"X-F{i}=1" for i in range(32))
    assert raw_get(teapot, "/response-headers?" + ok).status == 200
    r = raw_get(teapot, "/response-headers?" + ok + "&X-More=1")
    assert r.status == 400
    assert "32" in r.text


# ---------------------------------------------------------------------------
# cookies


def test_cookie_round_trip_through_a_session(teapot):
    s = requests.Session()
    r = s.get(teapot.url + "/cookies/set?tea=green&cups=2")
    assert r.status_code == 200
    assert r.json() == {"cookies": {"tea": "green", "cups": "2"}}
    first = r.history[0]
    assert first.status_code == 302
    assert first.headers["Location"] == "/cookies"
    assert "Path=/" in first.headers["Set-Cookie"]

    r = s.get(teapot.url + "/cookies/set/milk/yes")
    assert r.json()["cookies"] == {"tea": "green", "cups": "2", "milk": "yes"}

    r = s.get(teapot.url + "/cookies/delete?tea&milk")
    assert r.status_code == 200
    assert r.json() == {"cookies": {"cups": "2"}}
    assert r.history[0].status_code == 302


def test_set_cookie_fields(teapot):
    """One Set-Cookie field line per cookie (RFC 6265 3); deletion is an
    expiry in the past (5.2.1, 5.2.2)."""
    r = raw_get(teapot, "/cookies/set?a=1&b=%22q%22")
    assert r.status == 302
    assert r.header("Location") == "/cookies"
    assert r.get_all("Set-Cookie") == ["a=1; Path=/", 'b="q"; Path=/']
    r = raw_get(teapot, "/cookies/delete?a&b")
    cookies = r.get_all("Set-Cookie")
    assert len(cookies) == 2
    for c in cookies:
        assert "Max-Age=0" in c
        assert "Expires=Thu, 01 Jan 1970 00:00:00 GMT" in c


def test_cookies_are_parsed_loosely(teapot):
    """RFC 6265 5.4's "name=value; name=value", read loosely: missing
    spaces, stray pairs, several Cookie lines; the first of a name wins."""
    r = raw_get(teapot, "/cookies",
                "Cookie: a=1; b=2;c=3 ; novalue; =x; a=dup",
                "Cookie: d=4")
    assert json.loads(r.body) == {"cookies": {"a": "1", "b": "2", "c": "3",
                                              "d": "4"}}
    assert json.loads(raw_get(teapot, "/cookies").body) == {"cookies": {}}


@pytest.mark.parametrize("target", [
    "/cookies/set?bad%20name=1", "/cookies/set?na%3Bme=1",
    "/cookies/set?n=a%20b", "/cookies/set?n=a%3Bb", "/cookies/set?n=a%2Cb",
    "/cookies/set?n=%C3%A9", "/cookies/set/na,me/v", "/cookies/set/n/a%5Cb",
    "/cookies/set/n/a%00b", "/cookies/delete?bad%20name",
])
def test_invalid_cookies_are_bad_request(teapot, target):
    """RFC 6265 4.1.1: cookie-name is a token, cookie-value cookie-octets."""
    r = raw_get(teapot, target)
    assert r.status == 400, r
    assert "RFC 6265" in r.text
    assert not r.has("Set-Cookie")


@pytest.mark.parametrize("target", [
    "/cookies/set?n=%00", "/response-headers?X%00Y=1", "/trailers?X-A=a%00b",
    "/redirect-to?u%72l=/get%00evil", "/get?a=%00",
])
def test_nul_in_the_query_is_refused_everywhere(teapot, target):
    """A NUL cannot travel in a field, a cookie or a URL, and a C string
    would cut the value short silently: every endpoint refuses it."""
    r = raw_get(teapot, target)
    assert r.status == 400, r
    assert "NUL" in r.text
    assert not r.has("Set-Cookie") and not r.has("Location")


def test_cookie_set_path_shape(teapot):
    r = raw_get(teapot, "/cookies/set/empty/")
    assert r.status == 302
    assert r.get_all("Set-Cookie") == ["empty=; Path=/"]
    for target in ("/cookies/set/onlyname", "/cookies/set/a/b/c"):
        assert raw_get(teapot, target).status == 404


# ---------------------------------------------------------------------------
# base64


def test_base64_decodes(teapot):
    r = raw_get(teapot, "/base64/SGVsbG8sIHRlYXBvdCE=")
    assert r.status == 200
    assert r.body == b"Hello, teapot!"
    assert r.header("Content-Type") == "text/plain; charset=utf-8"
    assert r.header("X-Content-Type-Options") == "nosniff"


@pytest.mark.parametrize("value", ["-_8=", "-_8", "%2B%2F8%3D", "+/8="])
def test_base64_both_alphabets(teapot, value):
    """RFC 4648 4 (+/) and 5 (-_), with or without padding."""
    r = raw_get(teapot, "/base64/decode/" + value)
    assert r.status == 200, r
    assert r.body == b"\xfb\xff"
    assert r.header("Content-Type") == "application/octet-stream"


def test_base64_standard_alphabet_slash_in_the_path(teapot):
    data = bytes([0xFB, 0xFF, 0xBF]) * 3
    enc = base64.b64encode(data).decode()
    assert "/" in enc
    r = raw_get(teapot, "/base64/" + enc)
    assert r.status == 200 and r.body == data


@pytest.mark.parametrize("value,why", [
    ("SGVsbG8*", "alphabet"), ("SGVsb", "length"), ("SGk==", "padding"),
    ("SGk%3D%3D%3D", "padding"), ("S=Gk", "alphabet"), ("+_8=", "mixes"),
    ("SGl=", "3.5"), ("SGk%20", "alphabet"), ("%zz", "percent"),
])
def test_base64_bad_input_is_400(teapot, value, why):
    for path in ("/base64/", "/base64/decode/"):
        r = raw_get(teapot, path + value, "Accept: text/plain")
        assert r.status == 400, r
        assert why in r.text


def test_base64_encode(teapot):
    r = raw_get(teapot, "/base64/encode/Hello%2C%20teapot%21")
    assert r.status == 200
    assert r.body == b"SGVsbG8sIHRlYXBvdCE="
    assert raw_get(teapot, "/base64/encode/%FB%FF").body == b"-_8="
    assert raw_get(teapot, "/base64/encode/%FB%FF?alphabet=standard").body \
        == b"+/8="
    assert raw_get(teapot, "/base64/encode/%FB%FF?alphabet=url").body \
        == b"-_8="
    assert raw_get(teapot, "/base64/encode/x?alphabet=rot13").status == 400


def test_base64_round_trip(teapot):
    data = os.urandom(200)
    pct = "".join(f"%{b:02X}" for b in data)
    enc = raw_get(teapot, "/base64/encode/" + pct).body
    assert enc == base64.urlsafe_b64encode(data)
    assert raw_get(teapot, "/base64/decode/" + enc.decode()).body == data


@pytest.mark.parametrize("path", ["/base64/", "/base64/encode/",
                                  "/base64/decode/"])
def test_base64_without_a_value(teapot, path):
    assert raw_get(teapot, path).status == 404


# ---------------------------------------------------------------------------
# fixed documents


class Collect(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags = []
        self.text = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def parse_html(text):
    p = Collect()
    p.feed(text)
    p.close()
    return p


def test_html(teapot):
    r = httpx.get(teapot.url + "/html")
    assert r.status_code == 200
    assert r.headers["content-type"] == "text/html; charset=utf-8"
    p = parse_html(r.text)
    assert [t for t, _ in p.tags][:2] == ["html", "head"]
    assert "h1" in [t for t, _ in p.tags]
    assert sum(t == "p" for t, _ in p.tags) >= 3


def test_json_document(teapot):
    r = httpx.get(teapot.url + "/json")
    assert r.headers["content-type"] == "application/json"
    show = r.json()["slideshow"]
    assert set(show) == {"author", "date", "slides", "title"}
    assert all({"title", "type"} <= set(s) for s in show["slides"])


def test_xml_document_is_well_formed_and_matches_json(teapot):
    r = httpx.get(teapot.url + "/xml")
    assert r.status_code == 200
    assert r.headers["content-type"] == "application/xml"
    root = ET.fromstring(r.content)
    show = httpx.get(teapot.url + "/json").json()["slideshow"]
    assert root.tag == "slideshow"
    assert root.get("title") == show["title"]
    assert root.get("author") == show["author"]
    slides = root.findall("slide")
    assert [s.findtext("title") for s in slides] == \
        [s["title"] for s in show["slides"]]
    assert [[i.text for i in s.findall("item")] for s in slides] == \
        [s.get("items", []) for s in show["slides"]]
    # Markup characters in the text were escaped, not pasted.
    assert any("<" in s["title"] or "&" in " ".join(s.get("items", []))
               for s in show["slides"])


def test_robots_txt_denies_deny(teapot):
    r = httpx.get(teapot.url + "/robots.txt")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/plain")
    rp = urllib.robotparser.RobotFileParser()
    rp.parse(r.text.splitlines())
    assert not rp.can_fetch("AnyBot", teapot.url + "/deny")
    assert rp.can_fetch("AnyBot", teapot.url + "/html")
    d = httpx.get(teapot.url + "/deny")
    assert d.status_code == 200
    assert "robots" in d.text


def test_utf8_page(teapot):
    r = httpx.get(teapot.url + "/encoding/utf8")
    assert r.status_code == 200
    assert r.headers["content-type"] == "text/html; charset=utf-8"
    text = r.content.decode("utf-8")  # strict: every byte is UTF-8
    for word in ("thé", "чай", "茶", "お茶", "차", "شاي", "תה", "चाय", "ชา",
                 "🫖", "∀x ∈ ℝ", "┌──"):
        assert word in text
    parse_html(text)


def test_forms_post_posts_to_post(teapot):
    r = httpx.get(teapot.url + "/forms/post")
    assert r.status_code == 200
    assert r.headers["content-type"] == "text/html; charset=utf-8"
    p = parse_html(r.text)
    forms = [a for t, a in p.tags if t == "form"]
    assert len(forms) == 1
    assert forms[0]["method"] == "post" and forms[0]["action"] == "/post"
    names = {a["name"] for t, a in p.tags
             if t in ("input", "textarea") and "name" in a}
    assert {"name", "email", "tea", "extra", "notes"} <= names
    # What a browser would submit comes back from /post.
    sent = {"name": "Ada", "tea": "oolong", "extra": ["milk", "honey"]}
    j = requests.post(teapot.url + forms[0]["action"], data=sent).json()
    assert j["form"] == sent


def test_fixed_documents_answer_head(teapot):
    for path in ("/html", "/json", "/xml", "/robots.txt", "/deny",
                 "/encoding/utf8", "/forms/post"):
        get = raw_get(teapot, path)
        head = raw_get(teapot, path, method="HEAD")
        assert get.status == head.status == 200
        assert head.body == b""
        assert head.header("Content-Length") == str(len(get.body))


# ---------------------------------------------------------------------------
# /links


def links_of(text):
    return [a["href"] for t, a in parse_html(text).tags if t == "a"]


def test_links_page(teapot):
    r = httpx.get(teapot.url + "/links/10/3")
    assert r.status_code == 200
    assert r.headers["content-type"] == "text/html; charset=utf-8"
    assert links_of(r.text) == [f"/links/10/{i}" for i in range(10) if i != 3]
    assert re.search(r"</a> 3 <a", r.text)


def test_links_redirects_to_the_first_page(teapot):
    r = httpx.get(teapot.url + "/links/4")
    assert r.status_code == 302
    assert r.headers["location"] == "/links/4/0"
    r = httpx.get(teapot.url + "/links/4", follow_redirects=True)
    assert links_of(r.text) == ["/links/4/1", "/links/4/2", "/links/4/3"]


@pytest.mark.parametrize("path,code", [
    ("/links/101", 400), ("/links/100/101", 400), ("/links/x", 400),
    ("/links/5/-1", 400), ("/links/5/", 404), ("/links/5/1/", 404),
    ("/links/", 404), ("/links/5/1/2", 404),
])
def test_links_bad_input(teapot, path, code):
    r = httpx.get(teapot.url + path)
    assert r.status_code == code
    if code == 400:
        assert "100" in r.text  # the limit is named


def test_links_limit_itself_is_fine(teapot):
    r = httpx.get(teapot.url + "/links/100/99")
    assert r.status_code == 200
    assert len(links_of(r.text)) == 99


# ---------------------------------------------------------------------------
# images


def png_info(data):
    """Walks a PNG (ISO/IEC 15948): signature, chunk CRCs, IHDR, and the
    IDAT stream zlib-decoded to the size the header implies."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, ihdr, plte = 8, b"", None, None
    while pos < len(data):
        (n,) = struct.unpack(">I", data[pos:pos + 4])
        kind = data[pos + 4:pos + 8]
        body = data[pos + 8:pos + 8 + n]
        (crc,) = struct.unpack(">I", data[pos + 8 + n:pos + 12 + n])
        assert zlib.crc32(kind + body) == crc, kind
        if kind == b"IHDR":
            ihdr = struct.unpack(">IIBBBBB", body)
        elif kind == b"PLTE":
            plte = body
        elif kind == b"IDAT":
            idat += body
        pos += 12 + n
        if kind == b"IEND":
            break
    assert pos == len(data)
    w, h, depth, ctype, _, _, interlace = ihdr
    assert interlace == 0
    channels = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}[ctype]
    assert ctype != 3 or plte
    raw = zlib.decompress(idat)
    assert len(raw) == h * (1 + (w * channels * depth + 7) // 8)
    return w, h


def jpeg_info(data):
    """Walks JPEG markers (ITU T.81 B): SOI, segments, SOF dimensions,
    entropy-coded data after SOS, EOI at the end."""
    assert data[:2] == b"\xff\xd8" and data[-2:] == b"\xff\xd9"
    pos, size = 2, None
    while True:
        assert data[pos] == 0xFF
        marker = data[pos + 1]
        (n,) = struct.unpack(">H", data[pos + 2:pos + 4])
        if marker in (0xC0, 0xC1, 0xC2):
            h, w = struct.unpack(">HH", data[pos + 5:pos + 9])
            size = (w, h)
        if marker == 0xDA:
            break
        pos += 2 + n
    assert size
    return size


def webp_info(data):
    """RIFF container (RFC 9649 2): sizes add up, one VP8/VP8L frame."""
    assert data[:4] == b"RIFF" and data[8:12] == b"WEBP"
    (n,) = struct.unpack("<I", data[4:8])
    assert n + 8 == len(data)
    kind = data[12:16]
    assert kind in (b"VP8 ", b"VP8L", b"VP8X")
    if kind == b"VP8 ":
        assert data[23:26] == b"\x9d\x01\x2a"  # the key frame start code
        w, h = struct.unpack("<HH", data[26:30])
        return w & 0x3FFF, h & 0x3FFF
    return None


def file_says(data, tmp_path):
    p = tmp_path / "img"
    p.write_bytes(data)
    return subprocess.run(["file", "-b", str(p)], capture_output=True,
                          text=True, check=True).stdout


def decode_with_pil(data):
    from PIL import Image
    import io
    im = Image.open(io.BytesIO(data))
    im.load()
    return im.size


@pytest.mark.parametrize("path,ctype,magic", [
    ("/image/png", "image/png", "PNG image data"),
    ("/image/jpeg", "image/jpeg", "JPEG image data"),
    ("/image/webp", "image/webp", "Web/P image"),
])
def test_raster_images_are_valid(teapot, tmp_path, path, ctype, magic):
    r = raw_get(teapot, path)
    assert r.status == 200
    assert r.header("Content-Type") == ctype
    assert 200 < len(r.body) < 8192  # small
    info = {"image/png": png_info, "image/jpeg": jpeg_info,
            "image/webp": webp_info}[ctype](r.body)
    if info:
        assert info == (160, 128)
    assert magic in file_says(r.body, tmp_path)
    assert decode_with_pil(r.body) == (160, 128)


def test_svg_image_is_valid(teapot):
    r = raw_get(teapot, "/image/svg")
    assert r.status == 200
    assert r.header("Content-Type") == "image/svg+xml"
    root = ET.fromstring(r.body)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.get("viewBox") == "0 0 160 128"
    assert len(root) > 5


@pytest.mark.parametrize("accept,ctype", [
    (None, "image/png"),
    ("*/*", "image/png"),
    ("image/*", "image/png"),
    ("image/webp", "image/webp"),
    ("image/svg+xml", "image/svg+xml"),
    ("image/jpeg", "image/jpeg"),
    ("image/avif,image/webp,*/*;q=0.8", "image/webp"),
    ("image/webp;q=0.5, image/jpeg", "image/jpeg"),
    ("image/*;q=0.5, image/png;q=0", "image/jpeg"),
    ("text/html, image/svg+xml;q=0.9, */*;q=0.1", "image/svg+xml"),
])
def test_image_negotiation(teapot, accept, ctype):
    """RFC 9110 12.5.1: the highest-weighted acceptable type is chosen,
    and the answer says it varies with Accept (12.5.5)."""
    headers = [] if accept is None else ["Accept: " + accept]
    r = raw_get(teapot, "/image", *headers)
    assert r.status == 200, r
    assert r.header("Content-Type") == ctype
    assert "accept" in r.tokens("Vary")
    same = raw_get(teapot, {"image/png": "/image/png",
                            "image/jpeg": "/image/jpeg",
                            "image/webp": "/image/webp",
                            "image/svg+xml": "/image/svg"}[ctype])
    assert r.body == same.body


@pytest.mark.parametrize("accept,media", [
    ("text/html", "text/html"),
    ("application/json", "application/json"),
    ("image/gif, text/plain", "text/plain"),
    ("image/*;q=0, text/plain", "text/plain"),
])
def test_image_406_lists_the_available_types(teapot, accept, media):
    """RFC 9110 15.5.7: nothing acceptable is 406, which SHOULD list the
    available representations; the explanation follows Accept."""
    r = raw_get(teapot, "/image", "Accept: " + accept)
    assert r.status == 406, r
    assert r.header("Content-Type").startswith(media)
    for t in ("image/png", "image/jpeg", "image/webp", "image/svg+xml"):
        assert t in r.text
    assert "accept" in r.tokens("Vary")


def test_images_are_representations_with_validators_and_ranges(teapot):
    """tp_serve: a strong ETag, 304 for If-None-Match (RFC 9110 13.1.2),
    206 for a range (14.2)."""
    r = raw_get(teapot, "/image/png")
    etag = r.header("ETag")
    assert etag and not etag.startswith("W/")
    assert r.header("Accept-Ranges") == "bytes"
    assert raw_get(teapot, "/image/png", "If-None-Match: " + etag).status == 304
    part = raw_get(teapot, "/image/png", "Range: bytes=0-7")
    assert part.status == 206
    assert part.body == b"\x89PNG\r\n\x1a\n"
    assert part.header("Content-Range") == f"bytes 0-7/{len(r.body)}"
    neg = raw_get(teapot, "/image", "Accept: image/png",
                  "If-None-Match: " + etag)
    assert neg.status == 304
    assert "accept" in neg.tokens("Vary")
    others = {raw_get(teapot, p).header("ETag") for p in
              ("/image/png", "/image/jpeg", "/image/webp", "/image/svg")}
    assert len(others) == 4


# ---------------------------------------------------------------------------
# under a mount prefix


def test_paths_follow_the_mount_prefix(spawn, tmp_path):
    """Links, redirects, the form's action and robots.txt name paths on
    the mount, wherever it is."""
    root = tmp_path / "site"
    root.mkdir()
    srv = spawn(teapot_argv("--root", root, "--testapi", "/httpbin"),
                probe=b"/httpbin/get")
    base = srv.url + "/httpbin"
    r = httpx.get(base + "/links/3")
    assert r.status_code == 302 and r.headers["location"] == "/httpbin/links/3/0"
    assert links_of(httpx.get(base + "/links/3/0").text) == \
        ["/httpbin/links/3/1", "/httpbin/links/3/2"]
    forms = [a for t, a in parse_html(httpx.get(base + "/forms/post").text).tags
             if t == "form"]
    assert forms[0]["action"] == "/httpbin/post"
    assert "Disallow: /httpbin/deny" in httpx.get(base + "/robots.txt").text
    r = httpx.get(base + "/cookies/set?a=1")
    assert r.status_code == 302 and r.headers["location"] == "/httpbin/cookies"
    s = requests.Session()
    assert s.get(base + "/cookies/set/b/2").json() == {"cookies": {"b": "2"}}
    assert httpx.get(srv.url + "/gzip").status_code == 404


def test_response_headers_refuses_a_second_value_of_a_singleton(teapot):
    """RFC 9110 5.3: a field that is not a list may not be sent twice; the
    refusal carries none of the fields asked for."""
    r = raw_get(teapot, "/response-headers?X-Fine=1&Content-Type=text/html"
                        "&Content-Type=text/plain")
    assert r.status == 400, r
    assert "RFC 9110 5.3" in r.text
    assert not r.has("X-Fine")
    assert r.header("Content-Type").startswith("text/plain; charset=utf-8")
