"""
One spelling per path.  Before any filter or route sees it, the engine
decodes percent-encoded unreserved characters (RFC 3986 6.2.2.2), removes
dot segments (6.2.2.3, 5.2.4) and merges empty segments, so that a rule
for a path cannot be walked around by spelling the path differently while
the files behind it are served all the same.  A ".." above the root is
400.  The target as received stays in the access log.
"""

import pytest

from conftest import request, running, teapot_argv
from test_config_hosts import check, write

CONFIG = """
    files: {root: www}
    rules:
      - prefix: /secret/
        gone: true
      - prefix: /Mixed/
        return: {status: 403, body: "mixed\\n"}
      - prefix: "/a+b:c@d/"
        return: {status: 403, body: "guarded\\n"}
"""


@pytest.fixture(scope="module")
def srv(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("canonical")
    (tmp / "www" / "secret").mkdir(parents=True)
    (tmp / "www" / "secret" / "f.txt").write_text("hidden\n")
    (tmp / "www" / "open.txt").write_text("open\n")
    (tmp / "www" / "a+b:c@d").mkdir()
    (tmp / "www" / "a+b:c@d" / "f.txt").write_text("behind the rule\n")
    cfg = write(tmp / "teapot.yaml", CONFIG)
    with running(teapot_argv("--config", cfg), tmp, "canonical", shared=True,
                 probe=b"/open.txt") as s:
        yield s


def get(srv, target):
    return srv.raw(request("GET", target), expect=1).response


@pytest.mark.parametrize("target", [
    "/secret/f.txt", "//secret/f.txt", "/./secret/f.txt", "/x/../secret/f.txt",
    "/%2e/secret/f.txt", "/%73ecret/f.txt", "/%73%65%63%72%65%74/f.txt",
    "/secret//f.txt", "/secret/./f.txt", "///secret/f.txt",
    "/x/y/%2E%2E/../secret/f.txt",
])
def test_a_rule_applies_however_its_path_is_spelt(srv, target):
    assert get(srv, target).status == 410


@pytest.mark.parametrize("target", ["/open.txt", "//open.txt", "/./open.txt",
                                    "/secret/../open.txt", "/%6Fpen.txt"])
def test_equivalent_spellings_reach_the_same_file(srv, target):
    r = get(srv, target)
    assert r.status == 200 and r.body == b"open\n"


@pytest.mark.parametrize("target", ["/%4Dixed/x", "/Mi%78ed/x"])
def test_decoding_keeps_case(srv, target):
    """RFC 3986 6.2.2.1: the path is compared with case; %4D is 'M'."""
    assert get(srv, target).status == 403


@pytest.mark.parametrize("target", ["/a+b:c@d/f.txt", "/a%2Bb:c@d/f.txt",
                                    "/a%2bb%3Ac%40d/f.txt", "/%61%2B%62%3a%63%40%64/f.txt"])
def test_sub_delims_are_one_spelling_too(srv, target):
    """The file handler maps /a%2Bb/ and /a+b/ to the same directory, so
    the rule meets both: characters a segment may carry as themselves
    (RFC 3986 3.3 pchar) are compared decoded."""
    r = get(srv, target)
    assert r.status == 403 and r.body == b"guarded\n"


def test_lower_case_escapes_of_other_characters_are_equal(srv):
    """An escape that stays (a reserved or non-ASCII byte) is compared in
    one case: %c3%a9 is %C3%A9 (RFC 3986 6.2.2.1)."""
    a = get(srv, "/caf%c3%a9")
    b = get(srv, "/caf%C3%A9")
    assert a.status == b.status == 404


@pytest.mark.parametrize("target", ["/..", "/../open.txt", "/x/../../open.txt",
                                    "/%2e%2e/open.txt", "/.%2E/secret/f.txt"])
def test_climbing_above_the_root_is_400(srv, target):
    r = get(srv, target)
    assert r.status == 400
    assert b"climbs above the root" in r.body


def test_the_access_log_keeps_the_target_as_received(srv):
    get(srv, "/x/../open.txt")
    srv.wait_stdout(r'"GET /x/\.\./open\.txt HTTP/1\.1" 200')


def test_a_rule_path_is_written_in_the_one_spelling(tmp_path):
    """A rule spelt with an escape the canonical path decodes could never
    match: --check-config names the spelling that would."""
    cfg = write(tmp_path / "t.yaml", """
        rules:
          - prefix: /a%2Bb/
            gone: true
    """)
    p = check(cfg)
    assert p.returncode == 1
    assert f"{cfg}:2: " in p.stderr and "write '+'" in p.stderr, p.stderr
