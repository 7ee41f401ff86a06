"""
Virtual hosts in the configuration file (`hosts:`, RFC 9110 7.2): each
host serves its own tree of files for the names it lists; a name no host
has goes to the `default: true` host, else to the top-level site (the
testing API, the reference, the top-level files or the home page), else
gets 421 Misdirected Request (RFC 9110 15.5.20).  The host is chosen by
the authority of an absolute-form target before the Host field (RFC 9112
3.2.2).
"""

import subprocess
import textwrap

import httpx
import pytest

from conftest import SANITIZER_MARKERS, binary, request, running, teapot_argv
from test_config import problems


def write(path, text):
    path.write_text(textwrap.dedent(text).lstrip("\n"))
    return path


def check(cfg):
    p = subprocess.run([str(binary("teapot")), "--check-config", str(cfg)],
                       capture_output=True, text=True, timeout=10)
    assert not any(m in p.stderr for m in SANITIZER_MARKERS), p.stderr
    return p




def sites(tmp, **trees):
    """Directories under tmp, each with an index.html saying its name."""
    for name, extra in trees.items():
        d = tmp / name
        d.mkdir(parents=True, exist_ok=True)
        (d / "index.html").write_text(f"{name}\n")
        for f in extra:
            (d / f).write_text(f"{f} of {name}\n")


def get(srv, host, target="/"):
    return srv.raw(request("GET", target, host=host), expect=1).response


# ---- two hosts beside the default top-level site --------------------------------

HOSTS = """
    hosts:
      - names: [a.test, alias.test]
        files:
          root: sites/a
          max_age: 60
      - names: ["*.wild.test", "[::1]", 192.0.2.7]
        files: {root: sites/b, list: false}
"""


@pytest.fixture(scope="module")
def multi(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hosts")
    sites(tmp / "sites", a=["only-a.txt"], b=[])
    (tmp / "sites" / "b" / "dir").mkdir()
    cfg = write(tmp / "teapot.yaml", HOSTS)
    with running(teapot_argv("--config", cfg), tmp, "config-hosts",
                 shared=True, probe=b"/get") as srv:
        yield srv


@pytest.mark.parametrize("host,site", [
    ("a.test", "a"), ("alias.test", "a"), ("A.Test:8080", "a"),
    ("a.test.", "a"), ("x.wild.test", "b"), ("deep.x.WILD.test", "b"),
    ("[::1]:80", "b"), ("192.0.2.7", "b"),
])
def test_each_host_serves_its_own_root(multi, host, site):
    """A request goes to the host its Host field names, compared without
    case, port or trailing dot (RFC 9110 7.2, 4.2.3); aliases and
    wildcards are names of the same host."""
    r = get(multi, host)
    assert r.status == 200, r
    assert r.body == f"{site}\n".encode()


def test_hosts_files_are_separate_trees_with_their_own_settings(multi):
    """A file of one host is 404 on another (RFC 9110 15.5.5); each host
    has its own files settings: max_age (RFC 9111 5.2.2.1) on one, list:
    false on the other (a directory without index.html: 403, RFC 9110
    15.5.4)."""
    r = get(multi, "a.test", "/only-a.txt")
    assert r.status == 200 and r.body == b"only-a.txt of a\n"
    assert r.header("Cache-Control") == "max-age=60"
    assert get(multi, "x.wild.test", "/only-a.txt").status == 404
    assert get(multi, "x.wild.test").header("Cache-Control") is None
    assert get(multi, "x.wild.test", "/dir/").status == 403
    # the top level lists directories, and hosts do not see its API
    assert get(multi, "a.test", "/get").status == 404


@pytest.mark.parametrize("host", ["other.test", "wild.test", "127.0.0.1",
                                  "a.test.evil"])
def test_unknown_name_gets_the_top_level_site(multi, host):
    """Without a default host, a name no host has reaches the top-level
    site: here the testing API at the root and its home page."""
    r = get(multi, host, "/get")
    assert r.status == 200, r
    assert r.header("Content-Type").startswith("application/json")
    assert get(multi, host, "/").status == 200
    # the wildcard covers names below wild.test, not wild.test itself
    assert get(multi, host, "/").body != b"b\n"


def test_absolute_form_picks_the_host_by_its_authority(multi):
    """RFC 9112 3.2.2: with an absolute-form target the server uses the
    target's authority and ignores the Host field."""
    r = get(multi, "x.wild.test", "http://a.test/only-a.txt")
    assert r.status == 200 and r.body == b"only-a.txt of a\n"
    r = get(multi, "a.test", "http://x.wild.test:8080/")
    assert r.body == b"b\n"
    r = get(multi, "a.test", "http://unknown.test/get")
    assert r.status == 200 and b'"url"' in r.body


def test_httpx_reaches_a_host_by_name(multi):
    """A real client naming the host in the Host field."""
    r = httpx.get(multi.url + "/only-a.txt", headers={"Host": "alias.test"})
    assert r.status_code == 200 and r.text == "only-a.txt of a\n"


# ---- what answers a name no host has --------------------------------------------

def test_unknown_name_is_421_when_the_top_level_is_off(spawn, tmp_path):
    """testapi.enabled: false and no top-level files: the top level has
    nothing to answer with, so a name no host has gets 421 Misdirected
    Request (RFC 9110 15.5.20) rather than a home page, and the
    connection stays usable for a name the server does have."""
    sites(tmp_path, a=[])
    cfg = write(tmp_path / "t.yaml", """
        testapi:
          enabled: false
        hosts:
          - names: a.test
            files: {root: a}
    """)
    srv = spawn(teapot_argv("--config", cfg), probe=b"/")
    ex = srv.raw(request("GET", "/", host="b.test") +
                 request("GET", "/", host="a.test"), expect=2)
    (mis, ok) = ex.responses
    assert mis.status == 421 and "Misdirected" in mis.reason
    assert "close" not in mis.tokens("Connection")
    assert ok.status == 200 and ok.body == b"a\n"
    for target in ("/get", "/codes/404", "/echo"):
        assert get(srv, "127.0.0.1", target).status == 421
    # HTTP/1.0 without Host names no host either
    r = srv.raw(b"GET / HTTP/1.0\r\n\r\n", expect=1).response
    assert r.status == 421


def test_reference_true_keeps_a_top_level_site(spawn, tmp_path):
    """reference: true mounts the reference at the top level even with
    the API off and no files: unknown names reach it, not 421."""
    sites(tmp_path, a=[])
    cfg = write(tmp_path / "t.yaml", """
        testapi: {enabled: false}
        reference: true
        hosts:
          - names: a.test
            files: {root: a}
    """)
    srv = spawn(teapot_argv("--config", cfg), probe=b"/codes/404")
    assert get(srv, "b.test", "/codes/404").status == 200
    assert get(srv, "b.test", "/get").status == 404
    assert get(srv, "a.test", "/codes/404").status == 404


def test_default_host_answers_unknown_names(spawn, tmp_path):
    """default: true makes a host answer every name no host has
    (including a request without Host); the top-level site is then not
    reached."""
    sites(tmp_path, a=[], fallback=["f.txt"])
    cfg = write(tmp_path / "t.yaml", """
        hosts:
          - names: a.test
            files: {root: a}
          - names: fallback.test
            default: true
            files: {root: fallback}
    """)
    srv = spawn(teapot_argv("--config", cfg), probe=b"/")
    assert get(srv, "a.test").body == b"a\n"
    assert get(srv, "fallback.test").body == b"fallback\n"
    assert get(srv, "nobody.test").body == b"fallback\n"
    assert get(srv, "nobody.test", "/f.txt").body == b"f.txt of fallback\n"
    assert get(srv, "nobody.test", "/get").status == 404
    r = srv.raw(b"GET / HTTP/1.0\r\n\r\n", expect=1).response
    assert r.status == 200 and r.body == b"fallback\n"


def test_top_level_files_answer_unknown_names(spawn, tmp_path):
    """Top-level files (and no API, as the default beside files) answer
    names no host has."""
    sites(tmp_path, a=[], top=[])
    cfg = write(tmp_path / "t.yaml", """
        files: {root: top}
        hosts:
          - names: a.test
            files: {root: a}
    """)
    srv = spawn(teapot_argv("--config", cfg), probe=b"/")
    assert get(srv, "a.test").body == b"a\n"
    assert get(srv, "nobody.test").body == b"top\n"
    assert get(srv, "nobody.test", "/get").status == 404


# ---- checking the hosts ---------------------------------------------------------

def test_check_config_accepts_a_multi_host_file(tmp_path):
    """A valid file with hosts: FILE: ok, exit 0."""
    sites(tmp_path / "sites", a=[], b=[])
    cfg = write(tmp_path / "ok.yaml", HOSTS + """
      - names: [default.test]
        default: true
        files:
          root: sites/a
          max_age: 0
          follow_symlinks: false
          dotfiles: true
    """)
    p = check(cfg)
    assert p.returncode == 0, p.stderr
    assert p.stdout == f"{cfg}: ok\n"


BAD = """
    hosts:
      - names: [a.test, b.test]
        default: true
        files:
          root: a
      - names: [B.TEST., "c.test:8080", "::1", "-x.test", "*", "1.2.3.999"]
        default: true
        nmes: z.test
        files:
          root: a
          lst: false
      - names: []
        files: {root: a}
      - names: d.test
        files:
          max_age: 5
      - names: e.test
        files: {root: nowhere}
      - files: {root: a}
      - names: f.test
      - names: g.test
        root: a
        files: {root: a}
      - names: h.test
        default: "true"
        files: {root: a}
"""


def test_every_host_problem_is_reported_with_its_line(tmp_path):
    """Each problem as FILE:LINE: message, at the line of the offending
    key or value, all of them, in order; exit 1."""
    (tmp_path / "a").mkdir()
    cfg = write(tmp_path / "bad.yaml", BAD)
    p = check(cfg)
    assert p.returncode == 1
    got = problems(p.stderr, cfg)
    assert sorted(got) == [6, 7, 8, 11, 12, 15, 18, 19, 20, 22, 25], p.stderr
    six = " ".join(got[6])
    # a name another host has: both lines are named
    assert "'B.TEST.'" in six and "line 2" in six
    assert "without a port" in six and "c.test:8080" in six
    assert "brackets" in six and "'::1'" in six
    for bad in ("'-x.test'", "'*'", "'1.2.3.999'"):
        assert bad in six
    assert len(got[6]) == 6
    # a second default: the first's line is named
    assert len(got[7]) == 1 and "default" in got[7][0] and "line 3" in got[7][0]
    assert got[8] == ["unknown key 'nmes' in 'hosts[1]' (did you mean 'names'?)"]
    assert got[11] == ["unknown key 'lst' in 'hosts[1].files' "
                       "(did you mean 'list'?)"]
    assert "at least one name" in got[12][0]
    assert "no 'root'" in got[15][0]
    assert "nowhere" in got[18][0] and "does not exist" in got[18][0]
    assert "no 'names'" in got[19][0]
    assert "no 'files'" in got[20][0]
    assert "belongs in 'files'" in got[22][0]
    assert "quoted string" in got[25][0]


def test_hosts_must_be_a_list_of_mappings(tmp_path):
    """hosts wants a list; each item a mapping; a misspelt 'hosts' is
    pointed to it."""
    cfg = write(tmp_path / "bad.yaml", """
        hosts:
          names: a.test
        hots: []
    """)
    got = problems(check(cfg).stderr, cfg)
    assert "list" in got[2][0]
    assert got[3] == ["unknown key 'hots' (did you mean 'hosts'?)"]
    cfg = write(tmp_path / "bad2.yaml", "hosts:\n  - a.test\n  -\n")
    got = problems(check(cfg).stderr, cfg)
    assert "mapping" in got[2][0] and "empty" in got[3][0]


def test_config_with_a_bad_host_refuses_to_start(tmp_path):
    """--config runs the same checks: a duplicate name stops the server
    before it listens."""
    (tmp_path / "a").mkdir()
    cfg = write(tmp_path / "dup.yaml", """
        hosts:
          - names: a.test
            files: {root: a}
          - names: "A.test"
            files: {root: a}
    """)
    p = subprocess.run(teapot_argv("--config", cfg), capture_output=True,
                       text=True, timeout=10)
    assert p.returncode == 1
    assert "listening" not in p.stderr
    assert "line 2" in problems(p.stderr, cfg)[4][0]
    assert not any(m in p.stderr for m in SANITIZER_MARKERS), p.stderr
