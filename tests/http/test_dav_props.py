"""
`teapot --root TREE --dav`: properties.  PROPFIND (RFC 4918 9.1) with
Depth 0, 1 and infinity, its three kinds of request (allprop with
include, propname, prop), the live properties of RFC 4918 15 and how
they agree with GET; PROPPATCH (9.2) storing dead properties (4) with
their namespaces, xml:lang and mixed content, all or nothing, protected
live properties (9.2.1, 16); the request grammar (400, 413, 422) and its
refusal of DTDs (20.6); bindings met twice (RFC 5842 7: 208, 508).
"""

import email.utils
import os
import re
import urllib.parse
import xml.etree.ElementTree as ET

import pytest

from conftest import request
from dav_common import D, Multistatus, dav, dav_server

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
Z = "urn:example:z"
RFC3339 = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}"
    r"(\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})")
LIVE = ["creationdate", "displayname", "getcontentlength", "getcontenttype",
        "getetag", "getlastmodified", "resourcetype", "supportedlock",
        "lockdiscovery"]
COLLECTION_LIVE = ["creationdate", "displayname", "getlastmodified",
                   "resourcetype", "supportedlock", "lockdiscovery"]


def put(root, rel, data=b""):
    p = root / rel
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_bytes(data)
    return p


@pytest.fixture(scope="module")
def srv(tmp_path_factory):
    work = tmp_path_factory.mktemp("props")
    tree = work / "props-tree"
    tree.mkdir()
    put(tree, "file.txt", b"0123456789\n")
    put(tree, "page.html", b"<p>hi</p>\n")
    put(tree, "dir/one.txt", b"1\n")
    put(tree, "dir/sub/deep.txt", b"deep\n")
    with dav_server(work, name="props", tree=tree, shared=True) as s:
        yield s


@pytest.fixture(scope="module")
def deep(tmp_path_factory):
    """A server that allows Depth: infinity, over a tree with a loop."""
    work = tmp_path_factory.mktemp("props-inf")
    tree = work / "inf-tree"
    tree.mkdir()
    put(tree, "top/a.txt", b"a\n")
    put(tree, "top/mid/b.txt", b"b\n")
    put(tree, "loop/inner/c.txt", b"c\n")
    # loop/inner/back is loop itself: the tree contains itself
    os.symlink("..", tree / "loop/inner/back")
    with dav_server(work, "--dav-depth-infinity", name="inf", tree=tree,
                    shared=True) as s:
        yield s


def propfind(srv, path, body=b"", depth="0", headers=None):
    h = {} if depth is None else {"Depth": depth}
    if body:
        h["Content-Type"] = "application/xml"
    h.update(headers or {})
    if isinstance(body, str):
        body = body.encode()
    return dav(srv, "PROPFIND", path, headers=h, body=body)


def prop_body(*names):
    """A DAV:prop request for names given as 'local' (DAV:) or
    '{ns}local'."""
    out = []
    for n in names:
        if n.startswith("{"):
            ns, local = n[1:].split("}")
            out.append(f'<x:{local} xmlns:x="{ns}"/>')
        else:
            out.append(f"<D:{n}/>")
    return ('<?xml version="1.0"?><D:propfind xmlns:D="DAV:"><D:prop>'
            + "".join(out) + "</D:prop></D:propfind>")


def proppatch(srv, path, inner, lang=None):
    lang_attr = f' xml:lang="{lang}"' if lang else ""
    body = ('<?xml version="1.0" encoding="utf-8"?>'
            f'<D:propertyupdate xmlns:D="DAV:" xmlns:Z="{Z}"{lang_attr}>'
            + inner + "</D:propertyupdate>")
    return dav(srv, "PROPPATCH", path, body=body.encode(),
               headers={"Content-Type": "application/xml"})


def set_props(*elems):
    return "<D:set><D:prop>" + "".join(elems) + "</D:prop></D:set>"


def remove_props(*elems):
    return "<D:remove><D:prop>" + "".join(elems) + "</D:prop></D:remove>"


def patch_codes(resp, path):
    """{property tag: status} of a PROPPATCH 207."""
    ms = Multistatus(resp)
    return {tag: code for code, props in ms[path]["props"].items()
            for tag in props}


def error_condition(resp):
    root = ET.fromstring(resp.content)
    assert root.tag == D + "error", resp.text
    return [c.tag for c in root]


# ---------------------------------------------------------------------------
# Depth (9.1, 10.2)


def test_depth0_reports_only_the_resource(srv):
    """9.1: Depth 0 applies to the resource only."""
    ms = Multistatus(propfind(srv, "/dir/", depth="0"))
    assert list(ms.responses) == ["/dir/"]


def test_depth1_reports_the_members(srv):
    """9.1: Depth 1 reports the collection and its internal members, a
    collection's href ending in '/' (8.3); not the members' members."""
    r = propfind(srv, "/dir/", depth="1")
    ms = Multistatus(r)
    assert set(ms.responses) == {"/dir/", "/dir/one.txt", "/dir/sub/"}
    hrefs = [h.text for h in ms.root.iter(D + "href")]
    assert any(h.endswith("/dir/sub/") for h in hrefs), hrefs


def test_depth1_on_a_file_is_the_file(srv):
    ms = Multistatus(propfind(srv, "/file.txt", depth="1"))
    assert list(ms.responses) == ["/file.txt"]


@pytest.mark.parametrize("depth", ["infinity", None])
def test_depth_infinity_refused_by_default(srv, depth):
    """9.1: a server may refuse Depth infinity with 403 and the
    propfind-finite-depth precondition (16); a request without Depth
    is a Depth infinity request."""
    r = propfind(srv, "/dir/", depth=depth)
    assert r.status_code == 403, r.text
    assert error_condition(r) == [D + "propfind-finite-depth"]


@pytest.mark.parametrize("depth", ["infinity", None])
def test_depth_infinity_when_allowed(deep, depth):
    """9.1: Depth infinity reports every resource below."""
    ms = Multistatus(propfind(deep, "/top/", depth=depth))
    assert set(ms.responses) == {"/top/", "/top/a.txt", "/top/mid/",
                                 "/top/mid/b.txt"}


def test_bad_depth_is_400(srv):
    """10.2: Depth is 0, 1 or infinity."""
    assert propfind(srv, "/dir/", depth="2").status_code == 400


def test_loop_is_508(deep):
    """RFC 5842 7.2: a Depth infinity walk that meets a collection again
    inside itself stops with 508 Loop Detected, without a partial
    multistatus."""
    r = propfind(deep, "/loop/", depth="infinity")
    assert r.status_code == 508, r.text
    assert b"multistatus" not in r.content


def test_loop_with_bind_is_208(deep):
    """RFC 5842 7.1: a client that announces bindings (DAV: bind, 8.1)
    gets the repeated collection once more as 208 Already Reported, not
    entered again."""
    r = propfind(deep, "/loop/", depth="infinity",
                 headers={"DAV": "bind"})
    ms = Multistatus(r)
    assert ms.status("/loop/inner/back/") == 208
    assert ms.prop("/loop/", D + "resourcetype") is not None
    assert ms.prop("/loop/inner/c.txt", D + "getcontentlength") is not None
    assert not any(p.startswith("/loop/inner/back/") and p !=
                   "/loop/inner/back/" for p in ms.responses)


def test_missing_resource_is_404(srv):
    """9.1 and 9.2: there are no properties of a resource that does not
    exist."""
    assert propfind(srv, "/no-such-file").status_code == 404
    r = proppatch(srv, "/no-such-file", set_props("<Z:a>1</Z:a>"))
    assert r.status_code == 404


# ---------------------------------------------------------------------------
# The request body (9.1, 14.20, 11.2, 20.6)


def test_no_body_is_allprop(srv):
    """9.1: a PROPFIND without a body is an allprop request."""
    ms = Multistatus(propfind(srv, "/file.txt"))
    props = ms["/file.txt"]["props"][200]
    for name in LIVE:
        assert D + name in props, name


def test_allprop(srv):
    """9.1: allprop returns the live properties RFC 4918 defines; a
    collection has no getcontentlength, getcontenttype or getetag."""
    body = '<D:propfind xmlns:D="DAV:"><D:allprop/></D:propfind>'
    ms = Multistatus(propfind(srv, "/dir/", body, depth="1"))
    assert set(ms["/dir/one.txt"]["props"][200]) == {D + n for n in LIVE}
    assert set(ms["/dir/"]["props"]) == {200}
    assert set(ms["/dir/"]["props"][200]) == {D + n for n in COLLECTION_LIVE}


def test_allprop_include(srv):
    """9.1: DAV:include names more properties to return with allprop;
    one the resource does not have is reported 404."""
    proppatch(srv, "/page.html", set_props("<Z:incl>v</Z:incl>"))
    body = (f'<D:propfind xmlns:D="DAV:" xmlns:Z="{Z}"><D:allprop/>'
            "<D:include><Z:incl/><Z:absent/><D:getetag/></D:include>"
            "</D:propfind>")
    ms = Multistatus(propfind(srv, "/page.html", body))
    entry = ms["/page.html"]
    assert entry["props"][200][f"{{{Z}}}incl"].text == "v"
    assert set(entry["props"][404]) == {f"{{{Z}}}absent"}
    tags = [p.tag for p in entry["element"].iter() if p.tag.startswith("{")]
    assert tags.count(f"{{{Z}}}incl") == 1
    assert tags.count(D + "getetag") == 1


def test_propname(srv):
    """9.1: propname lists the names of the live and dead properties,
    as empty elements."""
    proppatch(srv, "/page.html", set_props("<Z:named>value</Z:named>"))
    body = '<D:propfind xmlns:D="DAV:"><D:propname/></D:propfind>'
    ms = Multistatus(propfind(srv, "/page.html", body))
    props = ms["/page.html"]["props"]
    assert set(props) == {200}
    assert {D + n for n in LIVE} | {f"{{{Z}}}named"} <= set(props[200])
    for el in props[200].values():
        assert len(el) == 0 and not (el.text or "").strip(), el.tag


def test_prop_found_and_missing(srv):
    """9.1: each named property is reported, those the resource has in a
    200 propstat and the others in a 404 one."""
    body = prop_body("getcontentlength", "displayname", f"{{{Z}}}nothing",
                     "nonexistent")
    ms = Multistatus(propfind(srv, "/file.txt", body))
    entry = ms["/file.txt"]
    assert set(entry["props"][200]) == {D + "getcontentlength",
                                        D + "displayname"}
    assert set(entry["props"][404]) == {f"{{{Z}}}nothing", D + "nonexistent"}


def test_prop_on_a_collection(srv):
    """A collection has no getcontenttype, getcontentlength or getetag:
    asked for, they are 404 (15.4, 15.5, 15.6)."""
    body = prop_body("getcontenttype", "getcontentlength", "getetag",
                     "resourcetype")
    ms = Multistatus(propfind(srv, "/dir/", body))
    entry = ms["/dir/"]
    assert set(entry["props"][404]) == {D + "getcontenttype",
                                        D + "getcontentlength",
                                        D + "getetag"}
    assert set(entry["props"][200]) == {D + "resourcetype"}


def test_prop_named_twice_is_reported_once(srv):
    body = prop_body("getetag", "getetag", f"{{{Z}}}x", f"{{{Z}}}x")
    ms = Multistatus(propfind(srv, "/file.txt", body))
    el = ms["/file.txt"]["element"]
    assert len(list(el.iter(D + "getetag"))) == 1
    assert len(list(el.iter(f"{{{Z}}}x"))) == 1


def test_unknown_elements_are_ignored(srv):
    """17: elements a server does not know are ignored, in any
    namespace, with their content."""
    body = ('<D:propfind xmlns:D="DAV:" xmlns:e="urn:ext">'
            "<e:hint><D:propname/></e:hint><D:future/>"
            "<D:prop><D:getetag/></D:prop></D:propfind>")
    ms = Multistatus(propfind(srv, "/file.txt", body))
    assert set(ms["/file.txt"]["props"]) == {200}
    assert set(ms["/file.txt"]["props"][200]) == {D + "getetag"}


def test_malformed_xml_is_400(srv):
    r = propfind(srv, "/file.txt", "<D:propfind xmlns:D='DAV:'><D:prop>")
    assert r.status_code == 400
    r = proppatch(srv, "/file.txt", "<D:set>")
    assert r.status_code == 400


def test_undeclared_prefix_is_400(srv):
    r = propfind(srv, "/file.txt", "<D:propfind><D:allprop/></D:propfind>")
    assert r.status_code == 400


def test_body_too_large_is_413(srv):
    """A body larger than the server takes is 413 Content Too Large
    (RFC 9110 15.5.14), whether its length is announced..."""
    head = request("PROPFIND", "/file.txt", headers=[
        "Depth: 0", "Content-Length: %d" % (2 << 20)])
    r = srv.raw(head + b"<D:propfind", expect=1).response
    assert r.status == 413


def test_chunked_body_too_large_is_413(srv):
    """...or found while the chunks arrive."""
    def chunks():
        yield b'<D:propfind xmlns:D="DAV:"><D:allprop/></D:propfind>'
        for _ in range(17):
            yield b" " * (64 << 10)
    r = dav(srv, "PROPFIND", "/file.txt", headers={"Depth": "0"},
            body=chunks())
    assert r.status_code == 413


def test_nesting_too_deep_is_413(srv):
    """A well-formed body beyond what the server processes: 413."""
    deep_value = "<Z:n>" * 100 + "</Z:n>" * 100
    r = proppatch(srv, "/file.txt", set_props(deep_value))
    assert r.status_code == 413
    body = prop_body("getetag").replace(
        "<D:getetag/>", '<D:getetag xmlns:Z="z">' + deep_value
        + "</D:getetag>")
    assert propfind(srv, "/file.txt", body).status_code == 413


@pytest.mark.parametrize("body", [
    '<D:propertyupdate xmlns:D="DAV:"/>',
    '<propfind xmlns="urn:not-dav"><allprop/></propfind>',
    '<D:propfind xmlns:D="DAV:"/>',
    '<D:propfind xmlns:D="DAV:"><D:allprop/><D:propname/></D:propfind>',
    '<D:propfind xmlns:D="DAV:"><D:prop><D:getetag/></D:prop>'
    '<D:prop><D:displayname/></D:prop></D:propfind>',
    '<D:propfind xmlns:D="DAV:"><D:allprop/><D:allprop/></D:propfind>',
    '<D:propfind xmlns:D="DAV:"><D:include><D:getetag/></D:include>'
    '</D:propfind>',
    '<D:propfind xmlns:D="DAV:"><D:propname/><D:include><D:getetag/>'
    '</D:include></D:propfind>',
    '<D:propfind xmlns:D="DAV:"><D:prop>getetag</D:prop></D:propfind>',
    '<D:propfind xmlns:D="DAV:"><D:prop/></D:propfind>',
    '<D:propfind xmlns:D="DAV:">allprop</D:propfind>',
], ids=["wrong-root", "wrong-namespace", "empty", "two-kinds", "prop-twice",
        "allprop-twice", "include-alone", "include-with-propname",
        "prop-text", "prop-empty", "text"])
def test_propfind_grammar_is_422(srv, body):
    """11.2, 14.20: a well-formed body that is not a propfind request is
    422 Unprocessable Content."""
    r = propfind(srv, "/file.txt", body)
    assert r.status_code == 422, r.text


@pytest.mark.parametrize("inner", [
    "",
    "<D:set/>",
    "<D:set><D:prop/></D:set>",
    "<D:remove><D:prop>text</D:prop></D:remove>",
    "<D:set><D:prop><Z:a/></D:prop><D:prop><Z:b/></D:prop></D:set>",
    "<Z:set><D:prop><Z:a/></D:prop></Z:set>",
], ids=["empty", "set-without-prop", "empty-prop", "prop-text",
        "two-props", "foreign-set"])
def test_proppatch_grammar_is_422(srv, inner):
    """14.19: propertyupdate holds set and remove instructions, each
    with one DAV:prop naming properties; anything else is 422."""
    r = proppatch(srv, "/file.txt", inner)
    assert r.status_code == 422, r.text


def test_proppatch_wrong_root_is_422(srv):
    body = b'<D:propfind xmlns:D="DAV:"><D:allprop/></D:propfind>'
    r = dav(srv, "PROPPATCH", "/file.txt", body=body)
    assert r.status_code == 422


def test_proppatch_without_body_is_400(srv):
    """9.2: PROPPATCH carries a propertyupdate; without one it is a bad
    request."""
    assert dav(srv, "PROPPATCH", "/file.txt").status_code == 400


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE D:propfind [
 <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
 <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
 <!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
 <!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;">
]>
<D:propfind xmlns:D="DAV:"><D:prop><D:getetag>&f;</D:getetag></D:prop>
</D:propfind>"""

EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE D:propertyupdate [
 <!ENTITY leak SYSTEM "file:///etc/passwd">
]>
<D:propertyupdate xmlns:D="DAV:" xmlns:Z="urn:example:z"><D:set><D:prop>
<Z:stolen>&leak;</Z:stolen></D:prop></D:set></D:propertyupdate>"""


def test_entity_expansion_is_refused(srv):
    """20.6: a body with a DTD is refused (400) before any entity is
    expanded."""
    r = propfind(srv, "/file.txt", BILLION_LAUGHS)
    assert r.status_code == 400
    assert b"aaaaaaaaaa" not in r.content


def test_external_entity_is_refused(srv):
    """20.6: external entities are never fetched: 400, and nothing of the
    file reaches the store or the response."""
    r = dav(srv, "PROPPATCH", "/file.txt", body=EXTERNAL_ENTITY.encode())
    assert r.status_code == 400
    assert b"root:" not in r.content
    ms = Multistatus(propfind(srv, "/file.txt", prop_body(f"{{{Z}}}stolen")))
    assert ms.prop("/file.txt", f"{{{Z}}}stolen", 404) is not None
    assert b"root:" not in propfind(srv, "/file.txt").content


# ---------------------------------------------------------------------------
# Live properties (15)


def get_live(srv, path, *names):
    ms = Multistatus(propfind(srv, path, prop_body(*names)))
    return {n: ms.prop(path, D + n) for n in names}


def test_getetag_and_getlastmodified_match_get(srv):
    """15.6, 15.7: getetag and getlastmodified are the ETag and
    Last-Modified that GET sends."""
    g = dav(srv, "GET", "/file.txt")
    assert g.status_code == 200
    p = get_live(srv, "/file.txt", "getetag", "getlastmodified")
    assert p["getetag"].text == g.headers["etag"]
    lm = p["getlastmodified"].text
    assert lm == g.headers["last-modified"]
    assert email.utils.parsedate_to_datetime(lm).tzname() == "UTC"


def test_getetag_follows_a_change(srv):
    put(srv.tree, "changing.txt", b"one\n")
    before = get_live(srv, "/changing.txt", "getetag")["getetag"].text
    put(srv.tree, "changing.txt", b"two, longer\n")
    after = get_live(srv, "/changing.txt", "getetag")["getetag"].text
    assert before != after
    assert after == dav(srv, "GET", "/changing.txt").headers["etag"]


def test_getcontentlength_and_type(srv):
    """15.4, 15.5: the size in octets and the media type GET sends."""
    p = get_live(srv, "/page.html", "getcontentlength", "getcontenttype")
    assert int(p["getcontentlength"].text) == (srv.tree / "page.html"
                                               ).stat().st_size
    g = dav(srv, "GET", "/page.html")
    assert p["getcontenttype"].text == g.headers["content-type"]


def test_getcontenttype_of_a_language_variant_is_gets(srv):
    """A variant named directly ("notes.html.en") is served with its
    stem's type; getcontenttype says the same."""
    put(srv.tree, "notes.html.en", b"<p>hello</p>\n")
    p = get_live(srv, "/notes.html.en", "getcontenttype")
    g = dav(srv, "GET", "/notes.html.en")
    assert g.headers["content-type"].startswith("text/html")
    assert p["getcontenttype"].text == g.headers["content-type"]


def test_resourcetype(srv):
    """15.9: a collection's resourcetype holds DAV:collection; a file's
    is empty."""
    d = get_live(srv, "/dir/", "resourcetype")["resourcetype"]
    assert [c.tag for c in d] == [D + "collection"]
    f = get_live(srv, "/file.txt", "resourcetype")["resourcetype"]
    assert len(f) == 0


def test_creationdate_is_rfc3339(srv):
    """15.1: creationdate is an RFC 3339 date-time."""
    for path in ("/file.txt", "/dir/", "/"):
        text = get_live(srv, path, "creationdate")["creationdate"].text
        assert RFC3339.fullmatch(text), text


def test_displayname(srv):
    """15.2: the name shown to people: here the last path segment."""
    assert get_live(srv, "/dir/one.txt", "displayname")[
        "displayname"].text == "one.txt"
    assert get_live(srv, "/dir/", "displayname")["displayname"].text == "dir"


def test_lock_properties(srv):
    """15.8, 15.10: lockdiscovery and supportedlock are reported."""
    p = get_live(srv, "/file.txt", "lockdiscovery", "supportedlock")
    assert p["lockdiscovery"] is not None
    assert p["supportedlock"] is not None


def test_names_with_spaces_and_non_ascii(srv):
    """8.3: hrefs are URIs, so a name with a space or non-ASCII letters
    is percent-encoded (UTF-8) and decodes to the name again; the
    displayname carries the name itself."""
    name = "a b \u00e9t\u00e9 \u6587.txt"
    put(srv.tree, "names/" + name, b"x")
    r = propfind(srv, "/names/", depth="1")
    ms = Multistatus(r)
    hrefs = [h.text for h in ms.root.iter(D + "href")]
    for h in hrefs:
        assert re.fullmatch(r"[A-Za-z0-9\-._~!$&'()*+,;=:@/%]+", h), h
    assert "/names/" + name in ms.responses
    assert ms.prop("/names/" + name, D + "displayname").text == name


def test_unwritable_displayname_is_500(srv):
    """A name that is not UTF-8 cannot be written in XML: that one
    property is reported 500, the document and the rest stay good."""
    os.makedirs(srv.tree / "badnames", exist_ok=True)
    with open(os.path.join(bytes(srv.tree), b"badnames", b"bad\xff.txt"),
              "wb") as f:
        f.write(b"x")
    ms = Multistatus(propfind(srv, "/badnames/", depth="1"))
    raw = [h.text for h in ms.root.iter(D + "href")]
    bad = [h for h in raw if "%FF" in h.upper()]
    assert len(bad) == 1, raw
    path = urllib.parse.unquote(urllib.parse.urlsplit(bad[0]).path,
                                errors="replace")
    assert ms.prop(path, D + "displayname", 500) is not None
    assert ms.prop(path, D + "getcontentlength").text == "1"


# ---------------------------------------------------------------------------
# Dead properties and PROPPATCH (4, 9.2)


def test_dead_property_round_trip(srv):
    """4.3, 4.4, 9.2: a dead property comes back as it was set: its
    namespace, the namespaces inside it, mixed content, attributes and
    xml:lang, set on it or inherited."""
    value = ('<Z:note xmlns:Q="urn:example:q" Q:kind="memo">un '
             '<Q:b>deux</Q:b> trois</Z:note>')
    r = proppatch(srv, "/file.txt",
                  set_props(value, '<Z:lang xml:lang="fr">oui</Z:lang>',
                            '<plain xmlns="">no namespace</plain>'),
                  lang="de")
    assert set(patch_codes(r, "/file.txt").values()) == {200}
    body = prop_body(f"{{{Z}}}note", f"{{{Z}}}lang")
    body = body.replace("</D:prop>", '<plain xmlns=""/></D:prop>')
    ms = Multistatus(propfind(srv, "/file.txt", body))
    note = ms.prop("/file.txt", f"{{{Z}}}note")
    assert note.text == "un "
    assert note.get("{urn:example:q}kind") == "memo"
    assert [c.tag for c in note] == ["{urn:example:q}b"]
    assert note[0].text == "deux" and note[0].tail == " trois"
    assert note.get(XML_LANG) == "de"  # inherited from propertyupdate
    lang = ms.prop("/file.txt", f"{{{Z}}}lang")
    assert lang.text == "oui" and lang.get(XML_LANG) == "fr"
    assert ms.prop("/file.txt", "plain").text == "no namespace"


def test_dead_property_remove(srv):
    """9.2: remove takes a property away; removing one that is not there
    is not an error."""
    put(srv.tree, "rm.txt", b"x")
    proppatch(srv, "/rm.txt", set_props("<Z:gone>1</Z:gone>"))
    r = proppatch(srv, "/rm.txt",
                  remove_props("<Z:gone/>", "<Z:never-set/>"))
    assert set(patch_codes(r, "/rm.txt").values()) == {200}
    ms = Multistatus(propfind(srv, "/rm.txt", prop_body(f"{{{Z}}}gone")))
    assert ms.prop("/rm.txt", f"{{{Z}}}gone", 404) is not None


def test_set_replaces_value(srv):
    put(srv.tree, "replace.txt", b"x")
    proppatch(srv, "/replace.txt", set_props("<Z:v>old</Z:v>"))
    proppatch(srv, "/replace.txt", set_props("<Z:v>new</Z:v>"))
    ms = Multistatus(propfind(srv, "/replace.txt", prop_body(f"{{{Z}}}v")))
    assert ms.prop("/replace.txt", f"{{{Z}}}v").text == "new"


def test_instructions_in_document_order(srv):
    """9.2: the instructions are applied in document order."""
    put(srv.tree, "order.txt", b"x")
    proppatch(srv, "/order.txt", set_props("<Z:a>1</Z:a>")
              + remove_props("<Z:a/>") + remove_props("<Z:b/>")
              + set_props("<Z:b>2</Z:b>"))
    ms = Multistatus(propfind(srv, "/order.txt",
                              prop_body(f"{{{Z}}}a", f"{{{Z}}}b")))
    assert ms.prop("/order.txt", f"{{{Z}}}a", 404) is not None
    assert ms.prop("/order.txt", f"{{{Z}}}b").text == "2"


def test_dead_properties_in_allprop_and_depth1(srv):
    """9.1: allprop returns the dead properties too, for every resource
    it reports; a collection has dead properties like a file."""
    put(srv.tree, "many/x.txt", b"x")
    put(srv.tree, "many/y.txt", b"y")
    proppatch(srv, "/many/x.txt", set_props("<Z:tag>ex</Z:tag>"))
    proppatch(srv, "/many/", set_props("<Z:tag>dir</Z:tag>"))
    ms = Multistatus(propfind(srv, "/many/", depth="1"))
    assert ms.prop("/many/x.txt", f"{{{Z}}}tag").text == "ex"
    assert ms.prop("/many/", f"{{{Z}}}tag").text == "dir"
    assert ms.prop("/many/y.txt", f"{{{Z}}}tag") is None


def test_protected_property_fails_everything(srv):
    """9.2, 9.2.1: setting a live property is refused with 403 and the
    cannot-modify-protected-property precondition (16); every other
    instruction fails with 424 Failed Dependency and none is applied."""
    put(srv.tree, "protected.txt", b"x")
    proppatch(srv, "/protected.txt", set_props("<Z:kept>old</Z:kept>"))
    r = proppatch(srv, "/protected.txt",
                  set_props("<Z:first>1</Z:first>",
                            "<D:getetag>\"forged\"</D:getetag>")
                  + remove_props("<Z:kept/>", "<D:displayname/>"))
    ms = Multistatus(r)
    codes = patch_codes(r, "/protected.txt")
    assert codes == {D + "getetag": 403, D + "displayname": 403,
                     f"{{{Z}}}first": 424, f"{{{Z}}}kept": 424}
    for ps in ms["/protected.txt"]["element"].findall(D + "propstat"):
        if ps.find(D + "prop").find(D + "getetag") is not None:
            err = ps.find(D + "error")
            assert err is not None
            assert [c.tag for c in err] == [
                D + "cannot-modify-protected-property"]
    after = Multistatus(propfind(srv, "/protected.txt", prop_body(
        f"{{{Z}}}first", f"{{{Z}}}kept", "getetag")))
    assert after.prop("/protected.txt", f"{{{Z}}}first", 404) is not None
    assert after.prop("/protected.txt", f"{{{Z}}}kept").text == "old"
    assert after.prop("/protected.txt", D + "getetag").text != '"forged"'


@pytest.mark.parametrize("name", LIVE)
def test_every_live_property_is_protected(srv, name):
    r = proppatch(srv, "/file.txt", set_props(f"<D:{name}>x</D:{name}>"))
    assert patch_codes(r, "/file.txt") == {D + name: 403}


def test_value_too_large_is_507(srv):
    """9.2.1: 507 Insufficient Storage for a value the server will not
    store; the other instructions fail with 424 and nothing changes."""
    put(srv.tree, "big.txt", b"x")
    big = "<Z:big>" + "x" * (65 << 10) + "</Z:big>"
    r = proppatch(srv, "/big.txt", set_props("<Z:small>1</Z:small>", big))
    assert patch_codes(r, "/big.txt") == {f"{{{Z}}}big": 507,
                                          f"{{{Z}}}small": 424}
    ms = Multistatus(propfind(srv, "/big.txt", prop_body(f"{{{Z}}}small")))
    assert ms.prop("/big.txt", f"{{{Z}}}small", 404) is not None


def test_proppatch_on_a_collection(srv):
    r = proppatch(srv, "/dir/", set_props("<Z:c>1</Z:c>"))
    ms = Multistatus(r)
    assert ms["/dir/"]["props"][200][f"{{{Z}}}c"] is not None
    hrefs = [h.text for h in ms.root.iter(D + "href")]
    assert hrefs[0].endswith("/dir/")


def test_properties_survive_a_restart(tmp_path):
    """Dead properties are stored, not kept in memory: a new server on
    the same tree still has them."""
    tree = tmp_path / "keep-tree"
    tree.mkdir()
    put(tree, "kept.txt", b"x")
    with dav_server(tmp_path, name="keep1", tree=tree) as s:
        r = proppatch(s, "/kept.txt", set_props("<Z:durable>yes</Z:durable>"))
        assert patch_codes(r, "/kept.txt") == {f"{{{Z}}}durable": 200}
    with dav_server(tmp_path, name="keep2", tree=tree) as s:
        ms = Multistatus(propfind(s, "/kept.txt",
                                  prop_body(f"{{{Z}}}durable")))
        assert ms.prop("/kept.txt", f"{{{Z}}}durable").text == "yes"


# ---------------------------------------------------------------------------
# Locks and properties (7, 15.8)

LOCKINFO = (b'<?xml version="1.0"?><D:lockinfo xmlns:D="DAV:">'
            b"<D:lockscope><D:exclusive/></D:lockscope>"
            b"<D:locktype><D:write/></D:locktype>"
            b"<D:owner>props test</D:owner></D:lockinfo>")


def lock(srv, path, depth):
    r = dav(srv, "LOCK", path, headers={"Depth": depth}, body=LOCKINFO)
    assert r.status_code == 200, r.text
    return r.headers["lock-token"].strip("<>")


def activelock_tokens(ms, path):
    ld = ms.prop(path, D + "lockdiscovery")
    assert ld is not None
    return [h.text for h in ld.iter(D + "href")
            if h.text.startswith("urn:uuid:")]


def test_lockdiscovery_lists_the_locks(srv):
    """15.8: lockdiscovery lists the locks that apply to each resource:
    its own, and the depth-infinity locks of its ancestors (7.4)."""
    put(srv.tree, "locked/a.txt", b"a")
    put(srv.tree, "locked/b.txt", b"b")
    put(srv.tree, "tree-locked/inner/c.txt", b"c")
    own = lock(srv, "/locked/a.txt", "0")
    deep_token = lock(srv, "/tree-locked/", "infinity")
    body = prop_body("lockdiscovery")
    ms = Multistatus(propfind(srv, "/locked/", body, depth="1"))
    assert activelock_tokens(ms, "/locked/a.txt") == [own]
    assert activelock_tokens(ms, "/locked/b.txt") == []
    assert activelock_tokens(ms, "/locked/") == []
    ms = Multistatus(propfind(srv, "/tree-locked/inner/", body, depth="1"))
    for path in ("/tree-locked/inner/", "/tree-locked/inner/c.txt"):
        assert activelock_tokens(ms, path) == [deep_token]


def test_lockdiscovery_of_the_start_and_below(srv, deep):
    """7: a depth-0 lock applies to its root only; a depth-infinity lock
    below the start of a walk applies to its members, not to their
    siblings."""
    put(srv.tree, "lock0/m.txt", b"m")
    own = lock(srv, "/lock0/", "0")
    body = prop_body("lockdiscovery")
    ms = Multistatus(propfind(srv, "/lock0/", body, depth="1"))
    assert activelock_tokens(ms, "/lock0/") == [own]
    assert activelock_tokens(ms, "/lock0/m.txt") == []
    put(deep.tree, "walk/a/in/x.txt", b"x")
    put(deep.tree, "walk/b/y.txt", b"y")
    sub = lock(deep, "/walk/a/", "infinity")
    ms = Multistatus(propfind(deep, "/walk/", body, depth="infinity"))
    for path in ("/walk/a/", "/walk/a/in/", "/walk/a/in/x.txt"):
        assert activelock_tokens(ms, path) == [sub], path
    for path in ("/walk/", "/walk/b/", "/walk/b/y.txt"):
        assert activelock_tokens(ms, path) == [], path


def test_proppatch_on_a_locked_resource(srv):
    """7, 9.2: a locked resource's properties change only for a request
    that submits the lock token (10.4); otherwise 423 Locked."""
    put(srv.tree, "plock.txt", b"x")
    token = lock(srv, "/plock.txt", "0")
    r = proppatch(srv, "/plock.txt", set_props("<Z:l>1</Z:l>"))
    assert r.status_code == 423
    ms = Multistatus(propfind(srv, "/plock.txt", prop_body(f"{{{Z}}}l")))
    assert ms.prop("/plock.txt", f"{{{Z}}}l", 404) is not None
    body = ('<D:propertyupdate xmlns:D="DAV:" xmlns:Z="urn:example:z">'
            + set_props("<Z:l>1</Z:l>") + "</D:propertyupdate>")
    r = dav(srv, "PROPPATCH", "/plock.txt", body=body.encode(),
            headers={"If": f"(<{token}>)"})
    assert patch_codes(r, "/plock.txt") == {f"{{{Z}}}l": 200}
