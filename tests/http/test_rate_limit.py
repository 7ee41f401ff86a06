"""
Rate limits in request rules (`rate_limit:`): a token bucket per client,
or per client and path, in front of whatever the rule's path leads to.  A
request over the limit gets 429 Too Many Requests with Retry-After (RFC
6585 4); the others go on and carry RateLimit-Policy and RateLimit
(draft-ietf-httpapi-ratelimit-headers).
"""

import re
import time

import httpx
import pytest

from conftest import REPO, request, running, teapot_argv
from test_config import problems
from test_config_hosts import check, write

RULES = """
    rules:
      - prefix: /anything/limited/
        rate_limit: {rate: 1, burst: 3, name: api}
      - prefix: /anything/again/
        rate_limit: {rate: 1, burst: 1}
      - prefix: /anything/split/
        rate_limit: {rate: 1, burst: 2, per: client_and_path, name: split}
      - prefix: /anything/shared/
        rate_limit: {rate: 1, burst: 2, per: client, name: shared}
      - prefix: /anything/default/
        rate_limit: {rate: 2.5}
      - prefix: /anything/tiny/
        rate_limit: {rate: 1, burst: 1, per: client_and_path, max_clients: 1}
      - path: /hinted
        early_hints: ["</style.css>; rel=preload; as=style"]
        rate_limit: {rate: 1, burst: 1, name: hinted}
        return: {status: 200, body: "hinted\\n"}
"""


@pytest.fixture(scope="module")
def srv(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("ratelimit")
    cfg = write(tmp / "teapot.yaml", RULES)
    with running(teapot_argv("--config", cfg), tmp, "ratelimit", shared=True,
                 probe=b"/get") as s:
        yield s


def remaining(r):
    m = re.fullmatch(r'"([\w-]+)";r=(\d+);t=(\d+)', r.headers["RateLimit"])
    assert m, r.headers["RateLimit"]
    return int(m.group(2))


def test_the_request_over_the_burst_gets_429_with_retry_after(srv):
    """RFC 6585 4: 429 when the client sent too many requests in a given
    time, and it MAY say how long to wait with Retry-After (RFC 9110
    10.2.3); the allowed requests carry the policy and what is left."""
    with httpx.Client(base_url=srv.url) as c:
        ok = [c.get(f"/anything/limited/{i}") for i in range(3)]
        over = c.get("/anything/limited/3")
    for r in ok:
        assert r.status_code == 200
        assert r.json()["url"].startswith("http")  # the route answered
        assert r.headers["RateLimit-Policy"] == '"api";q=3;w=3'
    assert [remaining(r) for r in ok] == [2, 1, 0]
    assert over.status_code == 429
    assert int(over.headers["Retry-After"]) >= 1
    assert over.headers["RateLimit-Policy"] == '"api";q=3;w=3'
    assert remaining(over) == 0


def test_a_path_outside_the_rule_is_not_limited(srv):
    with httpx.Client(base_url=srv.url) as c:
        for i in range(4):
            c.get(f"/anything/limited/x{i}")
        assert c.get("/anything/limited/y").status_code == 429
        r = c.get("/anything/elsewhere")
    assert r.status_code == 200 and "RateLimit" not in r.headers


def test_a_token_comes_back_after_a_second(srv):
    """At rate 1, a refused client may try again after Retry-After."""
    with httpx.Client(base_url=srv.url) as c:
        assert c.get("/anything/again/a").status_code == 200
        over = c.get("/anything/again/a")
        assert over.status_code == 429
        assert over.headers["Retry-After"] == "1"
        time.sleep(1.1)
        r = c.get("/anything/again/a")
    assert r.status_code == 200 and remaining(r) == 0


def test_client_and_path_counts_each_path_apart(srv):
    with httpx.Client(base_url=srv.url) as c:
        a = [c.get("/anything/split/a").status_code for _ in range(3)]
        b = c.get("/anything/split/b")
    assert a == [200, 200, 429]
    assert b.status_code == 200 and remaining(b) == 1


def test_client_alone_shares_one_bucket_across_the_prefix(srv):
    with httpx.Client(base_url=srv.url) as c:
        got = [c.get(f"/anything/shared/{p}").status_code
               for p in ("a", "b", "c")]
    assert got == [200, 200, 429]


def test_the_burst_defaults_to_the_rate_rounded_up(srv):
    r = httpx.get(srv.url + "/anything/default/")
    # 3 requests at 2.5 per second: an empty bucket refills in 2 s
    assert r.headers["RateLimit-Policy"] == '"default";q=3;w=2'
    assert remaining(r) == 2


def test_max_clients_bounds_the_table_by_forgetting_the_oldest(srv):
    """A table of one bucket: a second key pushes the first out, which
    then starts again full."""
    with httpx.Client(base_url=srv.url) as c:
        got = [c.get(f"/anything/tiny/{p}").status_code
               for p in ("a", "a", "b", "a")]
    assert got == [200, 429, 200, 200]


def test_hints_go_before_an_allowed_answer_and_not_before_a_429(srv):
    """RFC 8297 2: the 103 comes first; the RateLimit fields belong to the
    final response, not the interim one.  A refused request gets its 429
    with no hints for a response that will not come."""
    r = srv.raw(request("GET", "/hinted"), expect=1).response
    assert [i.status for i in r.interim] == [103]
    assert r.interim[0].get_all("RateLimit") == []
    assert r.status == 200 and r.body == b"hinted\n"
    assert r.header("RateLimit") == '"hinted";r=0;t=1'
    r = srv.raw(request("GET", "/hinted"), expect=1).response
    assert not r.interim
    assert r.status == 429 and r.header("Retry-After") == "1"


BAD = """
    rules:
      - path: /a
        rate_limit: {burst: 2}
      - path: /b
        rate_limit: {rate: 0}
      - path: /c
        rate_limit: {rate: fast}
      - path: /d
        rate_limit: {rate: 1, burst: 0}
      - path: /e
        rate_limit: {rate: 1, per: path}
      - path: /f
        rate_limit: {rate: 1, max_clients: 0}
      - path: /g
        rate_limit: {rate: 1, name: "a b"}
      - path: /h
        rate_limit: {rate: 1, brust: 2}
      - path: /i
        rate_limit: 10
      - path: /j
        rate_limit: {rate: "1"}
"""


def test_config_errors_name_their_lines(tmp_path):
    cfg = write(tmp_path / "bad.yaml", BAD)
    p = check(cfg)
    assert p.returncode == 1
    got = problems(p.stderr, cfg)
    assert sorted(got) == [3, 5, 7, 9, 11, 13, 15, 17, 19, 21], p.stderr
    assert "no 'rate'" in got[3][0]
    assert "'rules[1].rate_limit.rate'" in got[5][0] and "above 0" in got[5][0]
    assert "'fast'" in got[7][0]
    assert "'rules[3].rate_limit.burst'" in got[9][0]
    assert "client or client_and_path" in got[11][0] and "'path'" in got[11][0]
    assert "'rules[5].rate_limit.max_clients'" in got[13][0]
    assert "'a b'" in got[15][0]
    assert "did you mean 'burst'" in got[17][0]
    assert "mapping" in got[19][0]
    assert "'rules[9].rate_limit.rate'" in got[21][0]


def test_the_documented_example(tmp_path):
    """The example of docs/teapot.conf.md does what the text says."""
    doc = (REPO / "docs" / "teapot.conf.md").read_text()
    section = doc.split("#### `rate_limit`", 1)[1]
    example = re.search(r"```yaml\n(.*?)```", section, re.S).group(1)
    cfg = tmp_path / "teapot.yaml"
    cfg.write_text(example)
    with running(teapot_argv("--config", cfg), tmp_path, "ratelimit-doc",
                 probe=b"/get") as s, httpx.Client(base_url=s.url) as c:
        r = c.get("/anything/x")
        assert r.status_code == 200
        # burst 20 at 10 per second: an empty bucket refills in 2 s
        assert r.headers["RateLimit-Policy"] == '"default";q=20;w=2'
        assert remaining(r) == 19
        got = [c.get("/ping") for _ in range(3)]
        assert [g.status_code for g in got] == [200, 200, 429]
        assert got[0].text == "pong\n"
        assert got[2].headers["Retry-After"] == "1"
