"""
The `captive_portal` rule (RFC 6585 6): a request without the portal's
cookie gets 511 Network Authentication Required, with a page that links to
the login page, Cache-Control: no-store (a 511 must not be stored by a
cache) and no WWW-Authenticate (it is not an HTTP authentication
challenge).  The login page and requests with the cookie pass on.  Also
the configuration of the `teapot` action (HTCPCP-TEA, RFC 7168), whose
answers htcpcp.c owns.
"""

import html
import re

import httpx
import pytest
import requests

from conftest import request, running, teapot_argv
from test_config import problems, write
from test_config_hosts import check
from test_rules import raw


@pytest.fixture(scope="module")
def srv(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("portal")
    cfg = write(tmp / "teapot.yaml", """
        rules:
          - path: /portal/login
            return: {status: 200, body: "login form\\n"}
          - prefix: /open/
            return: {status: 200, body: "open\\n"}
          - prefix: /net/
            captive_portal:
              cookie: portal_session
              login: /portal/login
          - prefix: /net/
            return: {status: 200, body: "online\\n"}
          - prefix: /lan/
            captive_portal: {cookie: ok, login: "/lan/login/"}
          - prefix: /lan/
            return: {status: 200, body: "lan\\n"}
          - prefix: /odd/
            captive_portal: {cookie: ok, login: "/odd/<a&b>\\"x"}
    """)
    with running(teapot_argv("--config", cfg), tmp, "portal", shared=True,
                 probe=b"/get") as s:
        yield s


def assert_511(r):
    """RFC 6585 6: 511, not to be stored by a cache, and not a challenge:
    no WWW-Authenticate (that would make it a 401-style exchange).  It
    depends on the Cookie field, and says so (RFC 9110 12.5.5)."""
    assert r.status == 511, r
    assert r.header("Cache-Control") == "no-store"
    assert not r.has("WWW-Authenticate")
    assert "cookie" in r.tokens("Vary")


def test_no_cookie_is_511_with_a_link_to_the_login_page(srv):
    r = raw(srv, "GET", "/net/news?x=1")
    assert_511(r)
    assert r.header("Content-Type") == "text/html; charset=utf-8"
    assert '<a href="/portal/login">' in r.text
    m = re.search(r'<meta http-equiv="refresh" content="0; url=([^"]*)">', r.text)
    assert m and m.group(1) == "/portal/login"


def test_every_method_gets_511_and_head_has_no_content(srv):
    for method in ("POST", "PUT", "DELETE", "OPTIONS"):
        assert_511(raw(srv, method, "/net/x"))
    r = raw(srv, "HEAD", "/net/x")
    assert_511(r)
    assert r.body == b""


def test_the_cookie_lets_the_request_through(srv):
    r = raw(srv, "GET", "/net/x", headers=["Cookie: portal_session=abc123"])
    assert r.status == 200 and r.body == b"online\n"


def test_an_answer_that_passed_by_its_cookie_varies_on_cookie(srv):
    """RFC 9110 12.5.5: the same URI answers 511 without the cookie and
    the resource with it, so the resource's answer carries Vary: Cookie,
    or a shared cache could hand it to a client that has not logged in.
    The login page does not depend on the cookie, and has no Vary."""
    r = raw(srv, "GET", "/net/x", headers=["Cookie: portal_session=abc123"])
    assert r.status == 200 and r.tokens("Vary") == ["cookie"]
    r = requests.get(srv.url + "/net/x", cookies={"portal_session": "t"}, timeout=5)
    assert r.status_code == 200 and r.headers["Vary"] == "Cookie"
    r = raw(srv, "GET", "/lan/login/")
    assert r.status == 200 and not r.has("Vary")
    r = raw(srv, "GET", "/open/x")
    assert r.status == 200 and not r.has("Vary")


@pytest.mark.parametrize("cookies", [
    ["Cookie: a=1; portal_session=xyz; b=2"],
    ["Cookie: a=1", "Cookie: portal_session=xyz"],
    ['Cookie: portal_session="quoted"'],
])
def test_the_cookie_is_found_among_others(srv, cookies):
    """RFC 6265 5.4: pairs separated by "; ", possibly in several Cookie
    field lines."""
    assert raw(srv, "GET", "/net/x", headers=cookies).status == 200


@pytest.mark.parametrize("cookies", [
    ["Cookie: portal_session="],
    ['Cookie: portal_session=""'],
    ["Cookie: xportal_session=1"],
    ["Cookie: Portal_Session=1"],
    ["Cookie: other=portal_session"],
    ["Cookie: portal_session"],
    ["Set-Cookie: portal_session=1"],
])
def test_an_empty_or_different_cookie_does_not(srv, cookies):
    """The cookie must be named exactly (cookie names are case-sensitive)
    and have a non-empty value."""
    assert_511(raw(srv, "GET", "/net/x", headers=cookies))


def test_a_real_client_with_and_without_the_cookie(srv):
    r = requests.get(srv.url + "/net/page", timeout=5, allow_redirects=False)
    assert r.status_code == 511 and "WWW-Authenticate" not in r.headers
    assert r.headers["Cache-Control"] == "no-store"
    s = requests.Session()
    s.cookies.set("portal_session", "token")
    r = s.get(srv.url + "/net/page", timeout=5)
    assert r.status_code == 200 and r.text == "online\n"


def test_the_login_page_is_never_511(srv):
    """The rule's own prefix covers the login page of /lan/; it passes,
    exactly and below it since it ends with '/'."""
    assert raw(srv, "GET", "/lan/login/").status == 200
    assert raw(srv, "GET", "/lan/login/step2").status == 200
    assert_511(raw(srv, "GET", "/lan/login"))
    assert_511(raw(srv, "GET", "/lan/other"))
    # a login path without a trailing '/' is matched exactly
    assert raw(srv, "GET", "/portal/login").status == 200


def test_paths_outside_the_rule_are_not_affected(srv):
    assert raw(srv, "GET", "/open/x").status == 200
    assert raw(srv, "GET", "/get").status == 200


def test_the_login_path_is_escaped_in_the_page(srv):
    r = raw(srv, "GET", "/odd/x")
    assert_511(r)
    assert "<a&b>" not in r.text
    assert 'href="/odd/&lt;a&amp;b&gt;&quot;x"' in r.text
    m = re.search(r'url=([^"]*)"', r.text)
    assert html.unescape(m.group(1)) == '/odd/<a&b>"x'


def test_httpx_sees_511(srv):
    r = httpx.get(srv.url + "/net/")
    assert r.status_code == 511
    assert r.reason_phrase == "Network Authentication Required"


# ---- configuration ----------------------------------------------------------


def test_captive_portal_config_errors_name_their_lines(tmp_path):
    cfg = write(tmp_path / "bad.yaml", """
        rules:
          - prefix: /
            captive_portal: {cookie: "a b", login: /login}
          - prefix: /
            captive_portal: {cookie: s, login: login}
          - prefix: /
            captive_portal: {cookie: s}
          - prefix: /
            captive_portal: {login: /l}
          - prefix: /
            captive_portal: {cookie: s, login: /l, logn: /x}
          - prefix: /
            captive_portal: yes
          - prefix: /
            captive_portal: {cookie: "s;t", login: "/l?x=1"}
    """)
    p = check(cfg)
    assert p.returncode == 1
    got = problems(p.stderr, cfg)
    assert sorted(got) == [3, 5, 7, 9, 11, 13, 15], p.stderr
    assert "'rules[0].captive_portal.cookie' wants a cookie name" in got[3][0]
    assert "'rules[1].captive_portal.login' wants a path" in got[5][0]
    assert "'rules[2].captive_portal' has no 'login'" in got[7][0]
    assert "'rules[3].captive_portal' has no 'cookie'" in got[9][0]
    assert got[11] == ["unknown key 'logn' in 'rules[4].captive_portal' "
                       "(did you mean 'login'?)"]
    assert "'rules[5].captive_portal' wants a mapping" in got[13][0]
    assert len(got[15]) == 2


def test_teapot_config_errors_name_their_lines(tmp_path):
    """The teapot action's keys: `teas` required, `additions` optional,
    nothing else."""
    cfg = write(tmp_path / "bad.yaml", """
        rules:
          - prefix: /pot
            teapot: {additions: [milk]}
          - prefix: /pot
            teapot: {teas: [sencha], aditions: [milk]}
          - prefix: /pot
            teapot: {teas: []}
          - prefix: /pot
            teapot: earl-grey
          - prefix: /pot
            teapot: {teas: ["Earl Grey/x"]}
    """)
    p = check(cfg)
    assert p.returncode == 1
    got = problems(p.stderr, cfg)
    assert any("'rules[0].teapot' has no 'teas'" in m for m in got[3])
    assert "unknown key 'aditions' in 'rules[1].teapot' (did you mean " \
           "'additions'?)" in got[5]
    assert "'rules[2].teapot.teas' wants at least one value" in got[7][0]
    assert "'rules[3].teapot' wants a mapping" in got[9][0]
    assert any("'rules[4].teapot.teas'" in m for m in got[11])


def test_a_pot_takes_no_methods(tmp_path):
    """RFC 2324 2.1 and RFC 9110 15.5.6: the pot answers every method
    itself, 405 with Allow for those it does not take; a rule limited to
    some methods would hand the pot's URIs to other handlers."""
    cfg = write(tmp_path / "bad.yaml", """
        rules:
          - prefix: /pot
            methods: [BREW, GET]
            teapot: {teas: [sencha]}
    """)
    p = check(cfg)
    assert p.returncode == 1
    got = problems(p.stderr, cfg)
    assert got[3] == ["'rules[0].methods' cannot go with teapot: the pot "
                      "answers every method itself (405 with Allow for those "
                      "it does not take)"], p.stderr


def test_rule_paths_must_be_canonical(tmp_path):
    """Requests are matched by their canonical path (RFC 3986 6.2.2:
    escapes of unreserved characters decoded, the others in upper case, no
    dot or empty segments), so a rule path spelt otherwise could never
    match: refused, with the spelling to use."""
    cfg = write(tmp_path / "bad.yaml", """
        rules:
          - path: /%6Fld
            gone: true
          - prefix: /caf%c3%a9/
            gone: true
          - path: /a//b
            gone: true
          - prefix: /a/./b
            gone: true
          - prefix: /a/../b
            gone: true
          - prefix: /net/
            captive_portal: {cookie: s, login: /login/%7Euser}
          - path: /caf%C3%A9
            gone: true
    """)
    p = check(cfg)
    assert p.returncode == 1
    got = problems(p.stderr, cfg)
    assert sorted(got) == [2, 4, 6, 8, 10, 13], p.stderr
    assert "'rules[0].path' spells 'o' as '%6F': write 'o'" in got[2][0]
    assert "'rules[1].prefix' has '%c3': write '%C3'" in got[4][0]
    assert "'rules[2].path' has an empty segment ('//')" in got[6][0]
    assert "'rules[3].prefix' has a '.' or '..' segment" in got[8][0]
    assert "'rules[4].prefix' has a '.' or '..' segment" in got[10][0]
    assert "'rules[5].captive_portal.login' spells '~' as '%7E'" in got[13][0]


def test_a_pot_needs_a_prefix_and_distinct_teas(tmp_path):
    """RFC 7168 2.1.1: the varieties are resources below the pot, so a
    rule matching one exact path could never reach them; a tea listed twice
    is a mistake."""
    cfg = write(tmp_path / "bad.yaml", """
        rules:
          - path: /pot
            teapot: {teas: [sencha]}
          - prefix: /pot2
            teapot: {teas: [sencha, oolong, sencha]}
    """)
    p = check(cfg)
    assert p.returncode == 1
    got = problems(p.stderr, cfg)
    assert "'rules[0].teapot' needs 'prefix' (the pot's URI, with its teas " \
           "below it), not 'path'" in got[3]
    assert "'rules[1].teapot.teas' has 'sencha' twice" in got[5]
