"""
Custom error pages (`error_pages:`): a file per 4xx/5xx status code, sent
instead of the built-in explanation wherever that code is answered, for the
whole site or for one host (which keeps the site's pages for the codes it
does not name).  The status code and the fields the code requires stay
exactly as they were: only the content changes.
"""

import pytest

from conftest import request, running, teapot_argv
from test_config_hosts import check, write

CONFIG = """
    files: {root: www}
    error_pages:
      404: pages/missing.html
      405: pages/method.txt
      503: pages/down.html
    rules:
      - path: /down
        maintenance: {retry_after: 30}
    hosts:
      - names: [own.test]
        files: {root: www}
        error_pages:
          404: pages/own-missing.html
"""


@pytest.fixture(scope="module")
def srv(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("error-pages")
    (tmp / "www").mkdir()
    (tmp / "www" / "index.html").write_text("home\n")
    (tmp / "pages").mkdir()
    (tmp / "pages" / "missing.html").write_text("<h1>Not here</h1>\n")
    (tmp / "pages" / "own-missing.html").write_text("<h1>own.test has no such page</h1>\n")
    (tmp / "pages" / "method.txt").write_text("not that way\n")
    (tmp / "pages" / "down.html").write_text("<p>back soon</p>\n")
    cfg = write(tmp / "teapot.yaml", CONFIG)
    with running(teapot_argv("--config", cfg), tmp, "error-pages",
                 shared=True, probe=b"/") as s:
        yield s


def get(srv, target, host="test", method="GET", headers=()):
    return srv.raw(request(method, target, host=host, headers=headers),
                   methods=[method], expect=1).response


def test_a_missing_file_gets_the_sites_404_page(srv):
    r = get(srv, "/nothing-here")
    assert r.status == 404
    assert r.body == b"<h1>Not here</h1>\n"
    assert r.header("Content-Type").startswith("text/html")
    assert r.header("Content-Length") == str(len(r.body))


def test_the_page_is_one_representation_for_every_client(srv):
    """The built-in explanation varies with Accept and Accept-Language; a
    configured page does not, so it carries neither Vary on them nor a
    Content-Language (RFC 9110 12.5.5, 8.5)."""
    r = get(srv, "/nothing-here", headers=[("Accept", "application/json"),
                                            ("Accept-Language", "zh-TW")])
    assert r.status == 404
    assert r.body == b"<h1>Not here</h1>\n"
    assert not r.has("Content-Language")
    assert "accept-language" not in r.tokens("Vary")


def test_head_gets_the_fields_of_the_page_without_it(srv):
    r = get(srv, "/nothing-here", method="HEAD")
    assert r.status == 404
    assert r.body == b""
    assert r.header("Content-Length") == str(len(b"<h1>Not here</h1>\n"))


def test_the_page_keeps_the_fields_its_code_requires(srv):
    """405 still carries Allow (RFC 9110 15.5.6), 503 its Retry-After from
    the maintenance rule (10.2.3)."""
    r = get(srv, "/", method="DELETE")
    assert r.status == 405
    assert r.has("Allow")
    assert r.body == b"not that way\n"
    assert r.header("Content-Type").startswith("text/plain")
    r = get(srv, "/down")
    assert r.status == 503
    assert r.header("Retry-After") == "30"
    assert r.body == b"<p>back soon</p>\n"


def test_codes_without_a_page_keep_the_built_in_explanation(srv):
    r = get(srv, "/", method="FROB")
    assert r.status == 501
    assert b"501" in r.body and b"Not here" not in r.body


def test_a_host_has_its_own_page_and_the_sites_others(srv):
    r = get(srv, "/nothing-here", host="own.test")
    assert r.status == 404
    assert r.body == b"<h1>own.test has no such page</h1>\n"
    r = get(srv, "/", host="own.test", method="DELETE")
    assert r.status == 405
    assert r.body == b"not that way\n"


@pytest.mark.parametrize("pages, message", [
    ("{404: nowhere.html}", "'error_pages.404' names 'nowhere.html', which cannot be read"),
    ("{304: page.html}", "'error_pages' wants status codes from 400 to 599 as keys, not '304'"),
    ("{204: page.html}", "'error_pages' wants status codes from 400 to 599 as keys, not '204'"),
    ("{abc: page.html}", "'error_pages' wants status codes from 400 to 599 as keys, not 'abc'"),
    ("{404: .}", "'error_pages.404' names '.', which is not a regular file"),
    ("[404]", "'error_pages' wants a mapping from status codes to files, not a list"),
    ("{404: page.html, 0404: page.html}", "'error_pages' has 404 twice"),
])
def test_bad_error_pages_are_refused_at_check_time(tmp_path, pages, message):
    (tmp_path / "page.html").write_text("x")
    cfg = write(tmp_path / "t.yaml", f"error_pages: {pages}\n")
    p = check(cfg)
    assert p.returncode == 1
    assert f"{cfg}:1: {message}" in p.stderr, p.stderr


def test_a_page_too_large_is_refused(tmp_path):
    (tmp_path / "big.html").write_bytes(b"x" * (1024 * 1024 + 1))
    cfg = write(tmp_path / "t.yaml", """
        hosts:
          - names: [a.test]
            files: {root: .}
            error_pages:
              500: big.html
    """)
    p = check(cfg)
    assert p.returncode == 1
    assert f"{cfg}:5: 'hosts[0].error_pages.500' names 'big.html', which is larger than 1048576 bytes" in p.stderr, p.stderr
