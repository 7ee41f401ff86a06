"""
Request rules in the configuration file (`rules:` at the top level and in
each host): redirects (RFC 9110 15.4, Location 10.2.2), 410 Gone (15.5.11),
451 with Link rel="blocked-by" (RFC 7725), fixed answers, 503 with
Retry-After for maintenance (15.6.4, 10.2.3), 428 Precondition Required
for unconditional writes (RFC 6585 3) and 103 Early Hints (RFC 8297).  The
rules of a scope run in order before its routes; the first that matches
and answers ends the walk.
"""

import json
import subprocess

import httpx
import pytest
import requests

from conftest import binary, request, running, teapot_argv
from test_config_hosts import check, write
from test_config import problems

RULES = """
    rules:
      - prefix: /old/
        redirect: {to: "/anything/{rest}", code: 301}
      - path: /moved
        redirect: {to: "/anything/moved?from=rule"}
      - path: /placed
        redirect: {to: "/anything/p?{query}&by=rule#top", code: 308}
      - path: /frag
        redirect: {to: "https://elsewhere.test{path}#part", code: 307}
      - path: /see
        methods: [POST]
        redirect: {to: /anything/seen, code: 303}
      - path: /gone
        gone: true
      - prefix: /blocked/
        legal:
          link: https://authority.test/orders/42
          reason: Blocked by order 42 of the authority.
      - path: /teapot
        methods: [GET, PUT]
        return: {status: 418, body: "short and stout\\n"}
      - path: /page
        return: {status: 200, body: "<p>hi</p>", content_type: text/html}
      - path: /healthz
        return: {status: 204}
      - path: /unavailable
        return: {status: 502}
      - path: /first
        return: {status: 200, body: "first\\n"}
      - path: /first
        return: {status: 200, body: "second\\n"}
      - path: /hinted
        early_hints: ["</style.css>; rel=preload; as=style", "</app.js>; rel=preload; as=script"]
      - path: /hinted
        return: {status: 200, body: "hinted\\n"}
      - path: /hinted-redirect
        early_hints: ["</style.css>; rel=preload; as=style"]
        redirect: {to: /anything/landed}
      - prefix: /anything/docs/
        require_conditional: true
      - prefix: /anything/down/
        maintenance: {retry_after: 120, file: down.flag}
"""




@pytest.fixture(scope="module")
def tmp(tmp_path_factory):
    return tmp_path_factory.mktemp("rules")


@pytest.fixture(scope="module")
def srv(tmp):
    cfg = write(tmp / "teapot.yaml", RULES)
    with running(teapot_argv("--config", cfg), tmp, "rules", shared=True,
                 probe=b"/get") as s:
        yield s


def raw(srv, method, target, headers=(), body=b"", version="HTTP/1.1"):
    return srv.raw(request(method, target, headers=headers, body=body,
                           version=version),
                   methods=[method], expect=1).response


# ---- redirect ----------------------------------------------------------------


def test_prefix_redirect_substitutes_rest_and_keeps_the_query(srv):
    """RFC 9110 15.4.2: a 301 carries the new URI in Location (10.2.2);
    {rest} is what follows the prefix and the request's query goes along."""
    r = raw(srv, "GET", "/old/a/b?x=1&y=<2>")
    assert r.status == 301
    assert r.header("Location") == "/anything/a/b?x=1&y=<2>"
    assert r.header("Content-Type").startswith("text/html")
    # the short hypertext note links there, escaped (RFC 9110 15.4)
    assert 'href="/anything/a/b?x=1&amp;y=&lt;2&gt;"' in r.text
    assert "<2>" not in r.text


def test_a_real_client_follows_the_redirect(srv):
    """requests follows the Location of the 301 and lands on the testing
    API with the query intact."""
    r = requests.get(srv.url + "/old/deep/path?tea=green", timeout=5)
    assert r.status_code == 200
    assert [h.status_code for h in r.history] == [301]
    assert r.json()["url"].endswith("/anything/deep/path?tea=green")
    assert r.json()["args"] == {"tea": "green"}


def test_redirect_defaults_to_302_and_joins_queries_with_an_ampersand(srv):
    """Without a code the rule answers 302 Found (RFC 9110 15.4.3); the
    template has a query, so the request's is appended after '&'."""
    r = raw(srv, "GET", "/moved?q=tea")
    assert r.status == 302
    assert r.header("Location") == "/anything/moved?from=rule&q=tea"
    r = raw(srv, "GET", "/moved")
    assert r.header("Location") == "/anything/moved?from=rule"


def test_a_template_that_places_the_query_gets_it_once(srv):
    r = raw(srv, "GET", "/placed?a=1")
    assert r.status == 308
    assert r.header("Location") == "/anything/p?a=1&by=rule#top"


def test_the_query_goes_before_the_fragment_and_path_is_substituted(srv):
    """RFC 3986 3.5: the fragment is last, so the kept query goes in
    front of it."""
    r = raw(srv, "GET", "/frag?k=v")
    assert r.status == 307
    assert r.header("Location") == "https://elsewhere.test/frag?k=v#part"


def test_head_gets_the_redirect_without_content(srv):
    r = raw(srv, "HEAD", "/old/x")
    assert r.status == 301 and r.header("Location") == "/anything/x"
    assert r.body == b""


def test_method_filter(srv):
    """A rule with methods matches those only: POST /see is redirected
    with 303 (RFC 9110 15.4.4), GET /see goes on to the routes."""
    r = raw(srv, "POST", "/see", body=b"x")
    assert r.status == 303 and r.header("Location") == "/anything/seen"
    r = raw(srv, "GET", "/see")
    assert r.status == 404


# ---- gone, legal, return -------------------------------------------------------


def test_gone_is_410_for_the_exact_path_only(srv):
    """RFC 9110 15.5.11; `path` matches exactly, any query."""
    r = raw(srv, "GET", "/gone?x=1")
    assert r.status == 410 and "gone" in r.text.lower()
    assert raw(srv, "GET", "/gone/child").status == 404
    assert raw(srv, "GET", "/gonex").status == 404


def test_percent_encoded_unreserved_characters_match_the_same_rule(srv):
    """RFC 3986 6.2.2.2: %6F is 'o'; the rule is not dodged by spelling."""
    assert raw(srv, "GET", "/g%6Fne").status == 410


def test_legal_is_451_with_a_blocked_by_link_and_the_reason(srv):
    """RFC 7725 3 and 4: 451, with Link rel="blocked-by" identifying who
    demands the block, and the reason in the explanation."""
    r = httpx.get(srv.url + "/blocked/report.pdf")
    assert r.status_code == 451
    assert r.headers["Link"] == '<https://authority.test/orders/42>; rel="blocked-by"'
    assert "Blocked by order 42 of the authority." in r.text
    j = httpx.get(srv.url + "/blocked/x", headers={"Accept": "application/json"})
    assert j.status_code == 451 and "order 42" in j.text


def test_return_answers_with_the_status_and_body(srv):
    r = raw(srv, "GET", "/teapot")
    assert r.status == 418 and r.body == b"short and stout\n"
    assert r.header("Content-Type").startswith("text/plain")
    r = raw(srv, "PUT", "/teapot", body=b"tea")
    assert r.status == 418
    # not a listed method: the routes answer
    assert raw(srv, "POST", "/teapot", body=b"x").status == 404
    # HEAD goes with GET (RFC 9110 9.3.2), without content
    r = raw(srv, "HEAD", "/teapot")
    assert r.status == 418 and r.body == b""
    r = httpx.get(srv.url + "/page")
    assert r.status_code == 200 and r.text == "<p>hi</p>"
    assert r.headers["content-type"] == "text/html"


def test_return_without_a_body_explains_the_status(srv):
    """204 has no content (RFC 9110 15.3.5); 502 without a body gets the
    code's explanation."""
    r = raw(srv, "GET", "/healthz")
    assert r.status == 204 and r.body == b"" and not r.has("Content-Length")
    r = httpx.get(srv.url + "/unavailable", headers={"Accept": "application/json"})
    assert r.status_code == 502 and r.json()["code"] == 502


def test_rules_run_in_order(srv):
    assert raw(srv, "GET", "/first").body == b"first\n"


# ---- early hints ----------------------------------------------------------------


def test_early_hints_come_first_then_the_next_rule_answers(srv):
    """RFC 8297 2: a 103 with the Link fields, then the final response,
    which does not repeat them."""
    ex = srv.raw(request("GET", "/hinted"), expect=1)
    assert ex.data.startswith(b"HTTP/1.1 103 Early Hints\r\n")
    r = ex.response
    assert len(r.interim) == 1
    assert r.interim[0].get_all("Link") == [
        "</style.css>; rel=preload; as=style",
        "</app.js>; rel=preload; as=script"]
    assert r.status == 200 and r.body == b"hinted\n"
    assert not r.has("Link")


def test_early_hints_precede_the_rules_own_answer(srv):
    ex = srv.raw(request("GET", "/hinted-redirect"), expect=1)
    r = ex.response
    assert [i.status for i in r.interim] == [103]
    assert r.status == 302 and r.header("Location") == "/anything/landed"


def test_an_http10_client_gets_no_early_hints(srv):
    """RFC 9110 15.2: no 1xx to an HTTP/1.0 client, and the hints do not
    leak into the final response."""
    ex = srv.raw(request("GET", "/hinted", version="HTTP/1.0"), expect=1)
    assert ex.data.startswith(b"HTTP/1.1 200 ")
    assert not ex.response.interim and not ex.response.has("Link")


# ---- require_conditional --------------------------------------------------------


@pytest.mark.parametrize("method", ["PUT", "PATCH", "DELETE"])
def test_unsafe_writes_without_a_validator_get_428(srv, method):
    """RFC 6585 3: the origin requires the request to be conditional."""
    r = raw(srv, method, "/anything/docs/a", body=b"new")
    assert r.status == 428 and "If-Match" in r.text


@pytest.mark.parametrize("method,headers", [
    ("PUT", ['If-Match: "v1"']),
    ("DELETE", ["If-Unmodified-Since: Sun, 06 Nov 1994 08:49:37 GMT"]),
    ("GET", []),
    ("POST", []),
])
def test_conditional_writes_and_other_methods_pass(srv, method, headers):
    r = raw(srv, method, "/anything/docs/a", headers=headers,
            body=b"x" if method != "GET" else b"")
    assert r.status == 200 and json.loads(r.body)["method"] == method


# ---- maintenance -------------------------------------------------------------------


def test_maintenance_follows_the_file(srv, tmp):
    """503 with Retry-After (RFC 9110 15.6.4, 10.2.3) only while the file
    exists, checked per request: no restart to switch."""
    flag = tmp / "down.flag"
    assert raw(srv, "GET", "/anything/down/x").status == 200
    flag.write_text("")
    try:
        r = raw(srv, "GET", "/anything/down/x")
        assert r.status == 503 and r.header("Retry-After") == "120"
        assert raw(srv, "GET", "/anything/up").status == 200
    finally:
        flag.unlink()
    assert raw(srv, "GET", "/anything/down/x").status == 200


def test_maintenance_without_a_file_is_always_on(spawn, tmp_path):
    cfg = write(tmp_path / "m.yaml", """
        rules:
          - prefix: /
            methods: [POST]
            maintenance: true
    """)
    s = spawn(teapot_argv("--config", cfg), probe=b"/get")
    r = raw(s, "POST", "/post", body=b"x")
    assert r.status == 503 and r.header("Retry-After") == "60"
    assert raw(s, "GET", "/get").status == 200


# ---- prefix vs exact, hosts --------------------------------------------------------


def test_prefix_matches_below_it_only(spawn, tmp_path):
    """prefix /docs/ matches /docs/ and below, not /docs; path /docs
    matches /docs only."""
    cfg = write(tmp_path / "p.yaml", """
        rules:
          - prefix: /docs/
            return: {status: 200, body: "prefix\\n"}
          - path: /docs
            return: {status: 200, body: "exact\\n"}
    """)
    s = spawn(teapot_argv("--config", cfg), probe=b"/get")
    assert raw(s, "GET", "/docs/").body == b"prefix\n"
    assert raw(s, "GET", "/docs/a/b").body == b"prefix\n"
    assert raw(s, "GET", "/docs").body == b"exact\n"
    assert raw(s, "GET", "/docsx").status == 404


def test_rules_belong_to_their_host(spawn, tmp_path):
    """A host's rules apply to the requests that host answers; the
    top-level rules to the top-level site's."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "old").write_text("the old file\n")
    (site / "new").write_text("the new file\n")
    cfg = write(tmp_path / "h.yaml", """
        rules:
          - path: /old
            gone: true
        hosts:
          - names: a.test
            files: {root: site}
            rules:
              - path: /old
                redirect: {to: /new, code: 308}
          - names: b.test
            files: {root: site}
    """)
    s = spawn(teapot_argv("--config", cfg), probe=b"/get")

    def get(host, target):
        return s.raw(request("GET", target, host=host), expect=1).response

    r = get("a.test", "/old")
    assert r.status == 308 and r.header("Location") == "/new"
    assert get("a.test", "/new").body == b"the new file\n"
    assert get("b.test", "/old").body == b"the old file\n"
    assert get("other.test", "/old").status == 410


# ---- configuration errors ----------------------------------------------------------

BAD = """
    rules:
      - path: /a
        prefix: /b/
        gone: true
      - methods: [GET]
        gone: true
      - path: /c
      - path: /d
        gone: true
        return: {status: 200}
      - path: /e
        redirect: {to: "/x/{rest}", code: 305}
      - prefix: /f/
        redirect: {to: "/x/{nope}"}
      - path: /g
        return: {status: 401}
      - path: /h
        return: {status: 302}
      - path: /i
        return: {status: 103}
      - path: nope
        gone: true
      - path: /j
        methods: ["GE T"]
        gone: true
      - path: /k
        gone: true
        gnoe: true
      - path: /l
        early_hints: ["/x.css"]
      - path: /m
        legal: {reason: x}
      - path: /n
        return: {status: 204, body: x}
    hosts:
      - names: a.test
        files: {root: .}
        rules:
          - path: /x
            maintenance: {retry_after: -1, fil: x}
"""


def test_config_errors_name_their_lines(tmp_path):
    cfg = write(tmp_path / "bad.yaml", BAD)
    p = check(cfg)
    assert p.returncode == 1
    got = problems(p.stderr, cfg)
    assert sorted(got) == [3, 5, 7, 10, 12, 14, 16, 18, 20, 21, 24, 28, 30,
                           32, 34, 40], p.stderr
    assert "both 'path' (line 2) and 'prefix'" in got[3][0]
    assert "neither 'path' nor 'prefix'" in got[5][0]
    assert "no action" in got[7][0]
    assert "two actions, 'gone' (line 9) and 'return'" in got[10][0]
    assert any("305" in m for m in got[12])
    assert any("{rest}" in m and "prefix" in m for m in got[12])
    assert "'{nope}'" in got[14][0]
    assert "WWW-Authenticate" in got[16][0]
    assert "Location" in got[18][0] and "redirect" in got[18][0]
    assert "103" in got[20][0] and "interim" in got[20][0]
    assert "'rules[9].path'" in got[21][0] and "'nope'" in got[21][0]
    assert "'GE T'" in got[24][0]
    assert got[28] == ["unknown key 'gnoe' in 'rules[11]' (did you mean 'gone'?)"]
    assert "Link" in got[30][0]
    assert "no 'link'" in got[32][0]
    assert "no content" in got[34][0]
    assert any("hosts[0].rules[0].maintenance.retry_after" in m for m in got[40])
    assert any("'fil'" in m and "'file'" in m for m in got[40])


def test_a_bad_rule_keeps_the_server_from_starting(tmp_path):
    cfg = write(tmp_path / "bad.yaml", """
        listen: 127.0.0.1:0
        rules:
          - path: /x
            return: {status: 405}
    """)
    p = subprocess.run([str(binary("teapot")), "--config", str(cfg)],
                       capture_output=True, text=True, timeout=10)
    assert p.returncode == 1
    assert "Allow" in p.stderr and "listening" not in p.stderr


def test_rules_must_be_a_list_of_mappings(tmp_path):
    cfg = write(tmp_path / "bad.yaml", """
        rules:
          path: /x
        hosts: []
    """)
    got = problems(check(cfg).stderr, cfg)
    assert "list of rules" in got[2][0]
    cfg = write(tmp_path / "bad2.yaml", "rules:\n  - /x\n  -\n")
    got = problems(check(cfg).stderr, cfg)
    assert "mapping" in got[2][0] and "empty" in got[3][0]
