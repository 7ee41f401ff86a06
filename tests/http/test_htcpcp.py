"""
HTCPCP-TEA (RFC 2324, updated by RFC 7168) as a rule's `teapot:` action.
The pot's URI answers a tea request (BREW or POST with message/teapot)
with 300 and the varieties in Alternates (RFC 7168 2.1.1, 2.3.1); each
variety, pot/<tea>, starts brewing with "start" (202, RFC 9110 15.3.3) and
stops with "stop" (200).  Coffee gets 418 (RFC 2324 2.3.2, RFC 7168
2.3.3), an addition the pot lacks 406 with the list of what it has (RFC
2324 2.3.1), content of another type 415 with the accepted type (RFC 9110
15.5.16), WHEN 200 (RFC 2324 2.1.4), other methods 405 with Allow (RFC
9110 15.5.6), and paths the pot does not have 404.
"""

import re
import subprocess

import httpx
import pytest

from conftest import Conn, chunked, request, running, teapot_argv
from test_config import problems
from test_config_hosts import check, write

CONFIG = """
    threads: 1
    rules:
      - prefix: /pot-0
        teapot:
          teas: [darjeeling, earl-grey, sencha]
          additions: [milk, honey, lemon]
      - prefix: /pot-1/
        teapot:
          teas: [peppermint]
    hosts:
      - names: [plain.test]
        files: {root: site}
"""

TEAS = ["darjeeling", "earl-grey", "sencha"]
ALLOW = {"get", "head", "options", "brew", "post", "when"}

#: RFC 2295 5.1: variant-description = "{" <"> URI <"> source-quality
#: *variant-attribute "}", with source-quality a qvalue.
VARIANT = re.compile(r'\{"([^"]*)" (0(?:\.[0-9]{0,3})?|1(?:\.0{0,3})?)((?: \{[^{}]*\})*)\}')


@pytest.fixture(scope="module")
def srv(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("htcpcp")
    (tmp / "site").mkdir()
    (tmp / "site" / "index.html").write_text("plain\n")
    cfg = write(tmp / "teapot.yaml", CONFIG)
    with running(teapot_argv("--config", cfg), tmp, "htcpcp", shared=True,
                 probe=b"/get") as s:
        yield s


def brew(srv, target, body=b"", ctype="message/teapot", method="BREW",
         headers=(), host="test"):
    hs = list(headers)
    if ctype is not None:
        hs.append(("Content-Type", ctype))
    return srv.raw(request(method, target, headers=hs, body=body, host=host),
                   methods=[method], expect=1).response


def brew_expecting_100(srv, target, length):
    """A BREW that announces `length` bytes of tea request and waits for
    100 Continue before sending them: the answer, read with none sent."""
    with Conn(srv) as c:
        c.send(b"BREW %s HTTP/1.1\r\nHost: test\r\nContent-Type: message/teapot\r\n"
               b"Content-Length: %d\r\nExpect: 100-continue\r\n\r\n"
               % (target.encode(), length))
        return c.read_response("BREW")


def alternates(r):
    """The variant descriptions of the one Alternates field: [(uri, q,
    attributes)]; fails unless the whole value follows RFC 2295 8.3."""
    value = r.header("Alternates")
    assert value, f"no Alternates in {r!r}"
    items = re.split(r"\s*,\s*(?=\{)", value.strip())
    out = []
    for item in items:
        m = VARIANT.fullmatch(item)
        assert m, f"not an RFC 2295 variant description: {item!r}"
        out.append((m.group(1), m.group(2), m.group(3).strip()))
    return out


# ---- coffee: 418 ---------------------------------------------------------------


@pytest.mark.parametrize("method", ["BREW", "POST"])
@pytest.mark.parametrize("ctype", ["message/coffeepot", "Message/CoffeePot; charset=utf-8",
                                   "application/coffee-pot-command"])
def test_coffee_from_a_teapot_is_418(srv, method, ctype):
    """RFC 2324 2.3.2: any attempt to brew coffee with a teapot gets 418
    I'm a teapot, with a short (and stout) body; RFC 7168 2.3.3 keeps it
    for TEA-capable pots that brew no coffee.  POST is the deprecated
    equivalent of BREW (RFC 2324 2.1.1); the media type compares without
    case (RFC 9110 8.3.1), and RFC 2324 2.1.1 spells the coffee type
    application/coffee-pot-command."""
    for target in ("/pot-0", "/pot-0/darjeeling"):
        r = brew(srv, target, b"start", ctype=ctype, method=method)
        assert r.status == 418, r
        assert r.reason == "I'm a teapot"
        assert r.header("Content-Type").startswith("text/plain")
        assert "tea, not coffee" in r.text
        assert len(r.body) < 200, "short and stout"


def test_coffee_at_the_pot_also_lists_the_teas(srv):
    """RFC 7168 2.1.1: a message/coffeepot request to the pot's URI SHOULD
    get the Alternates field too, so that a client can offer tea; at a
    variety the 418 stands alone."""
    r = brew(srv, "/pot-0", b"start", ctype="message/coffeepot")
    assert r.status == 418
    assert [u for u, _, _ in alternates(r)] == [f"/pot-0/{t}" for t in TEAS]
    r = brew(srv, "/pot-0/sencha", b"start", ctype="message/coffeepot")
    assert r.status == 418 and not r.has("Alternates")


# ---- the pot itself: 300 ---------------------------------------------------------


@pytest.mark.parametrize("method", ["BREW", "POST"])
@pytest.mark.parametrize("target", ["/pot-0", "/pot-0/"])
def test_tea_at_the_pot_is_300_with_the_varieties(srv, method, target):
    """RFC 7168 2.1.1 and 2.3.1: a tea request to the pot brews nothing;
    it gets 300 with an Alternates field (RFC 2295 8.3) listing each
    variety as message/teapot, and (RFC 9110 15.4.1) content with a link
    to each for the user to choose.  No Location: no tea is preferred."""
    r = brew(srv, target, b"start", method=method)
    assert r.status == 300, r
    assert r.reason == "Multiple Choices"
    alts = alternates(r)
    assert [u for u, _, _ in alts] == [f"/pot-0/{t}" for t in TEAS]
    assert all(a == "{type message/teapot}" for _, _, a in alts)
    assert not r.has("Location")
    assert r.header("Content-Type").startswith("text/html")
    for t in TEAS:
        assert f'<a href="/pot-0/{t}">{t}</a>' in r.text


def test_every_alternate_can_be_retrieved_with_get(srv):
    """RFC 2295 5.2: the URI of a variant description is a resource that
    answers GET."""
    r = brew(srv, "/pot-0", b"")
    for uri, _, _ in alternates(r):
        g = srv.get(uri)
        assert g.status == 200 and uri.rsplit("/", 1)[1] in g.text


def test_a_pot_at_a_prefix_with_a_slash(srv):
    """The pot's URI is the rule's prefix; its varieties are below it, one
    slash apart."""
    r = brew(srv, "/pot-1/", b"start")
    assert r.status == 300
    assert [u for u, _, _ in alternates(r)] == ["/pot-1/peppermint"]
    assert brew(srv, "/pot-1/peppermint", b"start").status == 202


def test_the_300_is_sent_without_waiting_for_the_body(srv):
    """The pot answers from the header section alone, so a client that
    expects 100-continue gets the final answer and no 100 (RFC 9110
    10.1.1: the 100 is for a server that will read the content)."""
    r = brew_expecting_100(srv, "/pot-0", 5)
    assert r.status == 300 and r.interim == []


# ---- a variety: start 202, stop 200, anything else 400 ------------------------


def test_start_is_202_and_stop_is_200_on_one_connection(srv):
    """RFC 2324 4: the body is "start" or "stop".  Starting is 202
    Accepted: the tea steeps and is not ready (RFC 9110 15.3.3), and the
    content says how to end it; "stop" ends it with 200.  Both answers
    are framed so that the connection goes on (RFC 9112 6.3)."""
    with Conn(srv) as c:
        r = c.exchange(request("BREW", "/pot-0/darjeeling",
                               headers=[("Content-Type", "message/teapot")],
                               body="start"), "BREW")
        assert r.status == 202 and r.reason == "Accepted"
        assert r.header("Content-Type").startswith("text/plain")
        assert "darjeeling" in r.text and '"stop"' in r.text
        r = c.exchange(request("BREW", "/pot-0/darjeeling",
                               headers=[("Content-Type", "message/teapot")],
                               body="stop"), "BREW")
        assert r.status == 200 and "darjeeling" in r.text
        c.assert_open()


@pytest.mark.parametrize("body,status", [
    ("START", 202), ("start\r\n", 202), (" stop\n", 200), ("Stop", 200),
    ("", 400), ("brew", 400), ("start stop", 400), ("startx", 400),
])
def test_the_command_body(srv, body, status):
    """RFC 2324 4: coffee-message-body = "start" | "stop", literals its
    grammar reads without case (RFC 2068 2.1); a line end around the word
    changes nothing, and anything else is a bad request (RFC 9110
    15.5.1)."""
    r = brew(srv, "/pot-0/earl-grey", body, method="POST")
    assert r.status == status, r
    if status == 400:
        assert '"start" or "stop"' in r.text


def test_a_chunked_start_after_100_continue(srv):
    """The body may come in chunks (RFC 9112 7.1), and a client that waits
    for 100 Continue gets it, since the pot reads the content."""
    with Conn(srv) as c:
        c.send(b"BREW /pot-0/sencha HTTP/1.1\r\nHost: test\r\n"
               b"Content-Type: message/teapot\r\nTransfer-Encoding: chunked\r\n"
               b"Expect: 100-continue\r\n\r\n")
        m = c.read_message("BREW")
        assert m.status == 100
        c.send(chunked("st", "ar", "t"))
        r = c.read_response("BREW")
        assert r.status == 202 and "sencha" in r.text


def test_a_long_body_is_413(srv):
    """A body longer than any command is refused as too large (RFC 9110
    15.5.14) before it is read, with no 100 Continue asked for it."""
    r = brew_expecting_100(srv, "/pot-0/sencha", 4096)
    assert r.status == 413 and r.interim == []


def test_a_long_chunked_body_is_413_and_the_connection_closes(srv):
    """A chunked body has no length up front: the pot stops reading once
    it is longer than any command.  The rest is unread, so the 413 says
    Connection: close and the connection closes (RFC 9112 9.6): what
    follows on it could not be told apart from the body."""
    with Conn(srv) as c:
        c.send(b"BREW /pot-0/sencha HTTP/1.1\r\nHost: test\r\n"
               b"Content-Type: message/teapot\r\nTransfer-Encoding: chunked\r\n\r\n"
               + b"%x\r\n%s" % (150, b"start" * 30))
        r = c.read_response("BREW")
        assert r.status == 413, r
        assert "close" in r.tokens("Connection")
        assert '"start" or "stop"' in r.text
        c.assert_closed()


def test_percent_encoded_letters_name_the_same_tea(srv):
    """RFC 3986 6.2.2.2: %64 is 'd', so /pot-0/%64arjeeling is darjeeling."""
    assert brew(srv, "/pot-0/%64arjeeling", b"start").status == 202


# ---- 404 -------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["BREW", "GET"])
@pytest.mark.parametrize("tea", ["oolong", "Darjeeling", "%2Fsencha"])
def test_an_unknown_variety_is_404_naming_the_teas(srv, method, tea):
    """The pot has no such resource (RFC 9110 15.5.5); the explanation
    names the varieties it has.  Paths are compared with case (RFC 3986
    6.2.2.1)."""
    r = brew(srv, f"/pot-0/{tea}", b"start", method=method)
    assert r.status == 404, r
    assert "darjeeling, earl-grey, sencha" in r.text


@pytest.mark.parametrize("target", ["/pot-0/darjeeling/", "/pot-0/darjeeling/cup"])
def test_paths_that_are_not_a_variety_are_404(srv, target):
    """Only the pot and pot/<tea> exist below the rule's prefix."""
    for method in ("BREW", "GET", "WHEN"):
        r = brew(srv, target, b"start", method=method)
        assert r.status == 404, (method, r)
        assert "/pot-0/<tea>" in r.text


def test_a_path_that_only_starts_like_the_pot_is_not_the_pots(tmp_path, spawn):
    """The pot is its URI and what is below it (RFC 7168 2.1.1): /pot-0x
    and /pot-01/sencha are other resources, which the rule leaves to the
    site (here its files), not the pot's 404."""
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "pot-0x").write_text("not a pot\n")
    cfg = write(tmp_path / "teapot.yaml", """
        files: {root: site}
        rules:
          - prefix: /pot-0
            teapot: {teas: [sencha]}
    """)
    s = spawn(teapot_argv("--config", str(cfg)), probe=b"/pot-0x")
    r = httpx.get(s.url + "/pot-0x")
    assert r.status_code == 200 and r.text == "not a pot\n"
    r = httpx.get(s.url + "/pot-01/sencha")
    assert r.status_code == 404 and "/pot-0/<tea>" not in r.text
    # BREW is declared in this scope, so the file answers 405 with its Allow
    r = s.raw(request("BREW", "/pot-0x", headers=[("Content-Type", "message/teapot")],
                      body=b"start"), methods=["BREW"], expect=1).response
    assert r.status == 405 and "brew" not in r.tokens("Allow")
    assert brew(s, "/pot-0/sencha", b"start").status == 202
    assert brew(s, "/pot-0", b"start").status == 300


# ---- Accept-Additions: 406 ------------------------------------------------------


@pytest.mark.parametrize("field", [
    "milk", "Milk;q=0.5, HONEY", "lemon ; q=1.000", "*", "whisky;q=0, milk",
    "milk, , honey", 'milk;note="with a, comma", honey', "Rum;q=0.000",
    "milk;", "milk ; ;q=0.5,honey", "milk, milk;q=1, honey",
])
def test_additions_the_pot_has_are_brewed(srv, field):
    """RFC 2324 2.2.2.1 (and RFC 7168 2.2.1): a list of additions with
    parameters; names compare without case, "*" asks for nothing in
    particular, a weight of 0 refuses an addition, empty list elements
    and parameters are ignored (RFC 9110 5.6.1, 5.6.6) and a quoted
    parameter may hold a comma (RFC 9110 5.6.4).  The answer names each
    addition once, in the pot's words."""
    r = brew(srv, "/pot-0/darjeeling", b"start",
             headers=[("Accept-Additions", field)])
    assert r.status == 202, r
    if "honey" in field.lower():
        assert "Brewing darjeeling with milk, honey." in r.text


@pytest.mark.parametrize("field,missing", [
    ("whisky", "whisky"), ("milk, Kahlua;q=0.5", "Kahlua"),
    ("cream, sugar", "cream, sugar"),
])
def test_an_addition_the_pot_lacks_is_406_with_what_it_has(srv, field, missing):
    """RFC 2324 2.3.1: the pot cannot comply with Accept-Additions, so 406
    Not Acceptable, and the content lists the additions it has."""
    r = brew(srv, "/pot-0/darjeeling", b"start",
             headers=[("Accept-Additions", field)])
    assert r.status == 406, r
    assert f"cannot add {missing};" in r.text
    assert "milk, honey, lemon" in r.text


def test_additions_from_several_field_lines_are_one_list(srv):
    """RFC 9110 5.3: field lines of a list field combine into one list."""
    r = brew(srv, "/pot-0/sencha", b"start",
             headers=[("Accept-Additions", "milk"), ("Accept-Additions", "rum")])
    assert r.status == 406 and "cannot add rum;" in r.text


def test_a_pot_without_additions_has_none_to_give(srv):
    r = brew(srv, "/pot-1/peppermint", b"start",
             headers=[("Accept-Additions", "honey")])
    assert r.status == 406 and "its additions are: none" in r.text
    r = brew(srv, "/pot-1/peppermint", b"start", headers=[("Accept-Additions", "*")])
    assert r.status == 202


def test_additions_only_matter_when_brewing_starts(srv):
    """Stopping adds nothing, so the field is not looked at."""
    r = brew(srv, "/pot-0/sencha", b"stop", headers=[("Accept-Additions", "whisky")])
    assert r.status == 200


@pytest.mark.parametrize("field", ["milk;q=2", "milk;q=0.1234", "milk;q", "mi lk",
                                   'milk;a="open', ";q=1", "milk;=1", "milk;q=1.5"])
def test_a_malformed_accept_additions_is_400(srv, field):
    """A field that does not follow the grammar is a bad request (RFC 9110
    15.5.1): guessing at what to pour is worse than asking again."""
    r = brew(srv, "/pot-0/sencha", b"start", headers=[("Accept-Additions", field)])
    assert r.status == 400 and "Accept-Additions" in r.text


# ---- other content: 415 ---------------------------------------------------------


@pytest.mark.parametrize("target", ["/pot-0", "/pot-0/sencha"])
def test_other_content_is_415_with_the_accepted_type(srv, target):
    """RFC 9110 15.5.16 and RFC 7168 3: a tea request is message/teapot.
    The 415 names it: Accept-Post for POST (W3C LDP 7.1), Accept for
    BREW, which has no field of its own."""
    r = brew(srv, target, b"start", ctype="text/plain", method="POST")
    assert r.status == 415, r
    assert r.header("Accept-Post") == "message/teapot"
    assert "text/plain" in r.text
    r = brew(srv, target, b"start", ctype=None, method="BREW")
    assert r.status == 415, r
    # Accept is a request field (RFC 9110 12.5.1): the type is in the text
    assert not r.has("Accept") and not r.has("Accept-Post")
    assert "Content-Type: message/teapot" in r.text
    r = brew(srv, target, b"start", ctype="text/plain", method="BREW")
    assert r.status == 415 and not r.has("Accept"), r
    assert "message/teapot" in r.text


# ---- WHEN, GET, HEAD, OPTIONS, other methods --------------------------------------


@pytest.mark.parametrize("target", ["/pot-0", "/pot-0/sencha"])
def test_when_says_enough_milk(srv, target):
    """RFC 2324 2.1.4: WHEN stops the milk; httpx sends the method as is."""
    r = httpx.request("WHEN", srv.url + target)
    assert r.status_code == 200 and "milk" in r.text


def test_get_describes_the_pot_and_a_variety(srv):
    """GET shows the pot's varieties (with their URIs) and additions, or a
    variety's pot; HEAD has the same fields and no content (RFC 9110
    9.3.2)."""
    r = httpx.get(srv.url + "/pot-0")
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/plain")
    for t in TEAS:
        assert f"/pot-0/{t}" in r.text
    assert "milk, honey, lemon" in r.text
    h = srv.raw(request("HEAD", "/pot-0"), methods=["HEAD"], expect=1).response
    assert h.status == 200 and h.body == b""
    assert h.header("Content-Length") == str(len(r.content))
    assert h.header("ETag") == r.headers["etag"]
    v = httpx.get(srv.url + "/pot-0/earl-grey")
    assert v.status_code == 200 and "earl-grey" in v.text and "/pot-0" in v.text
    assert v.headers["etag"] != r.headers["etag"]


def test_conditional_get_and_brew(srv):
    """RFC 9110 13.1.2: a GET whose If-None-Match matches is 304; a BREW
    whose answer would be 2xx has its preconditions evaluated first (13.2.1),
    so If-None-Match: * or a stale If-Match is 412 and nothing is brewed."""
    etag = httpx.get(srv.url + "/pot-0/sencha").headers["etag"]
    r = httpx.get(srv.url + "/pot-0/sencha", headers={"If-None-Match": etag})
    assert r.status_code == 304 and r.headers["etag"] == etag
    r = brew(srv, "/pot-0/sencha", b"start", headers=[("If-None-Match", "*")])
    assert r.status == 412
    r = brew(srv, "/pot-0/sencha", b"stop", headers=[("If-Match", '"stale"')])
    assert r.status == 412
    r = brew(srv, "/pot-0/sencha", b"start", headers=[("If-Match", etag)])
    assert r.status == 202


def test_options_lists_the_methods(srv):
    """RFC 9110 9.3.7: OPTIONS tells the methods (Allow) and what a POST
    takes (Accept-Post)."""
    for target in ("/pot-0", "/pot-0/sencha"):
        r = brew(srv, target, ctype=None, method="OPTIONS")
        assert r.status == 200
        assert set(r.tokens("Allow")) == ALLOW
        assert r.header("Accept-Post") == "message/teapot"
        assert r.header("Content-Length") == "0"


@pytest.mark.parametrize("method", ["PUT", "DELETE", "PATCH", "PROPFIND"])
def test_other_methods_are_405_with_allow(srv, method):
    """RFC 9110 15.5.6: 405 MUST carry Allow with the methods the target
    supports."""
    for target in ("/pot-0", "/pot-0/darjeeling"):
        r = brew(srv, target, b"x", ctype="text/plain", method=method)
        assert r.status == 405, r
        assert set(r.tokens("Allow")) == ALLOW


# ---- real clients ----------------------------------------------------------------


def test_curl_brews_with_x_brew(srv):
    """curl -X BREW: the method goes out as given, and the pot answers."""
    p = subprocess.run(["curl", "-s", "-X", "BREW", "-H", "Content-Type: message/teapot",
                        "-H", "Accept-Additions: milk", "--data-binary", "start",
                        "-w", "\n%{http_code}", srv.url + "/pot-0/darjeeling"],
                       capture_output=True, text=True, timeout=10)
    body, _, code = p.stdout.rpartition("\n")
    assert code == "202" and "darjeeling with milk" in body
    p = subprocess.run(["curl", "-s", "-o", "/dev/null", "-X", "BREW", "-H",
                        "Content-Type: message/coffeepot", "--data-binary", "start",
                        "-w", "%{http_code}", srv.url + "/pot-0"],
                       capture_output=True, text=True, timeout=10)
    assert p.stdout == "418"


def test_httpx_posts_tea(srv):
    r = httpx.post(srv.url + "/pot-0", content=b"start",
                   headers={"Content-Type": "message/teapot"})
    assert r.status_code == 300 and "Alternates" in r.headers


# ---- outside the pots -------------------------------------------------------------


def test_brew_and_when_outside_a_pot(srv):
    """BREW is a method the engine knows (RFC 2324 2.1.1), so outside a pot
    the usual rules apply: 404 where nothing is (RFC 9110 15.5.5), 405
    with an Allow without BREW where a resource is (15.5.6).  WHEN is an
    extension the scope with a pot declares: there it is 404 or 405 the
    same way, while a host without a pot does not implement it at all
    (501, RFC 9110 15.6.2)."""
    for method in ("BREW", "WHEN"):
        r = brew(srv, "/nowhere", b"start", method=method)
        assert r.status == 404, (method, r)
        r = brew(srv, "/get", b"start", method=method)
        assert r.status == 405, (method, r)
        assert "brew" not in r.tokens("Allow") and "get" in r.tokens("Allow")
    r = brew(srv, "/pot-0", b"start", host="plain.test")
    assert r.status == 405 and "brew" not in r.tokens("Allow")
    r = brew(srv, "/pot-0", ctype=None, method="WHEN", host="plain.test")
    assert r.status == 501


# ---- configuration -----------------------------------------------------------------


def test_tea_and_addition_names_are_checked(tmp_path):
    """A tea is a path segment and an addition a token: an upper-case,
    empty, dot-only or slashed name is a FILE:LINE problem at
    --check-config time."""
    cfg = write(tmp_path / "teapot.yaml", """
        rules:
          - prefix: /pot
            teapot:
              teas: [darjeeling, Assam, "a/b"]
              additions: [milk, "..", ""]
    """)
    p = check(cfg)
    assert p.returncode != 0
    found = problems(p.stderr, cfg)
    assert set(found) == {4, 5}, p.stderr
    assert len(found[4]) == 2 and len(found[5]) == 2, p.stderr
    assert any("'Assam'" in m and "wants a lower-case name" in m for m in found[4])
    assert any("'a/b'" in m for m in found[4])
    assert any("'..'" in m for m in found[5]) and any("''" in m for m in found[5])
