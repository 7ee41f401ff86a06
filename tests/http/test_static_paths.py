"""
`teapot --root DIR`: from request-target to file.  Percent-decoding
(RFC 3986 2.1, 2.4: decoded once), dot segments (RFC 3986 5.2.4, and no
climbing above the root: 400), encoded slashes, backslashes and NUL (400),
symbolic links out of the root (403 unless --follow-symlinks), dotfiles
(404 unless --dotfiles), unreadable files (403), directories (301 to the
name with a slash, RFC 9110 15.4.2; index.html; listings in HTML or JSON;
403 with --no-list).
"""

import json
import os
import socket
import urllib.parse
from pathlib import Path

import pytest

from conftest import IMF_FIXDATE, parse_responses, request, teapot_argv
from test_static_common import (
    PAST, age_dirs, assert_head_matches_get, get, http_date, links, put,
    static_server,
)

ODD_NAMES = {
    "<b>&\"x'.txt": b"odd name\n",
    "a b.txt": b"with a space\n",
    "100%.txt": b"percent\n",
    "caf\u00e9.txt": b"utf-8 name\n",
    "q?x#y.txt": b"query and fragment characters\n",
}


def _outside(tmp_path_factory):
    out = tmp_path_factory.mktemp("outside")
    put(out, "secret.txt", b"outside the root\n")
    put(out, "dir/deep.txt", b"deep outside\n")
    return out


def _etc_file():
    for p in ("/etc/hostname", "/etc/passwd"):
        if os.path.isfile(p) and os.access(p, os.R_OK):
            return Path(p)
    pytest.fail("no readable file in /etc to link to")


def _tree(root, outside):
    put(root, "file.txt", b"the file\n")
    put(root, "sub/inner.txt", b"inner\n")
    put(root, "sub/deeper/x.txt", b"x\n")
    put(root, "sub/.env", b"SECRET=1\n")
    put(root, "withindex/index.html", b"<!DOCTYPE html><title>index</title>\n")
    put(root, "withindex/other.txt", b"other\n")
    put(root, "my dir/f.txt", b"in my dir\n")
    put(root, ".secret", b"dotfile\n")
    put(root, ".hidden/f.txt", b"in a hidden dir\n")
    put(root, "%41.txt", b"literal percent name\n")
    put(root, "noperm.txt", b"unreadable\n", mode=0o000)
    for name, data in ODD_NAMES.items():
        put(root, f"names/{name}", data)
    (root / "empty-dir").mkdir()
    # Symbolic links.
    os.symlink("file.txt", root / "link_inside")
    os.symlink("sub/inner.txt", root / "link_inside_sub")
    os.symlink("../file.txt", root / "sub" / "link_up")
    os.symlink(str(root / "file.txt"), root / "link_inside_absolute")
    os.symlink("sub", root / "link_dir_inside")
    os.symlink(str(_etc_file()), root / "link_etc")
    os.symlink(str(outside / "secret.txt"), root / "link_out")
    os.symlink(os.path.relpath(outside / "secret.txt", root), root / "link_out_relative")
    os.symlink(str(outside / "dir"), root / "link_dir_out")
    os.symlink("loop_b", root / "loop_a")
    os.symlink("loop_a", root / "loop_b")
    os.symlink("does-not-exist", root / "dangling")
    age_dirs(root)
    return root


@pytest.fixture(scope="module")
def outside(tmp_path_factory):
    return _outside(tmp_path_factory)


def _server(tmp_path_factory, outside, name, *options):
    root = _tree(tmp_path_factory.mktemp(name + "-root"), outside)
    return static_server(tmp_path_factory, root, *options, name=name)


@pytest.fixture(scope="module")
def site(tmp_path_factory, outside):
    with _server(tmp_path_factory, outside, "teapot-paths") as srv:
        yield srv


@pytest.fixture(scope="module")
def follow(tmp_path_factory, outside):
    with _server(tmp_path_factory, outside, "teapot-follow", "--follow-symlinks") as srv:
        yield srv


@pytest.fixture(scope="module")
def dotfiles(tmp_path_factory, outside):
    with _server(tmp_path_factory, outside, "teapot-dotfiles", "--dotfiles") as srv:
        yield srv


@pytest.fixture(scope="module")
def nolist(tmp_path_factory, outside):
    with _server(tmp_path_factory, outside, "teapot-nolist", "--no-list") as srv:
        yield srv


# ---- dot segments and percent-decoding ---------------------------------

@pytest.mark.parametrize("target", [
    "/../etc/passwd",
    "/a/../../x",
    "/sub/../../file.txt",
    "/%2e%2e/etc/passwd",
    "/%2E%2E/etc/passwd",
    "/.%2e/file.txt",
    "/sub/%2e%2e/%2e%2e/file.txt",
    "/..",
])
def test_climbing_above_the_root_400(site, target):
    """Contract: a ".." that would leave the root, literal or
    percent-encoded (RFC 3986 2.3: %2E is a dot), is 400."""
    r = get(site, target)
    assert r.status == 400, r


@pytest.mark.parametrize("target", [
    "/sub/../file.txt",
    "/./file.txt",
    "/sub/./../file.txt",
    "/sub/%2e%2e/file.txt",
    "/sub/deeper/../../file.txt",
])
def test_dot_segments_inside_the_root(site, target):
    """RFC 3986 5.2.4: dot segments inside the root are removed: the
    normalised path names file.txt (200)."""
    r = get(site, target)
    assert r.status == 200 and r.body == b"the file\n", r


@pytest.mark.parametrize("target,body", [
    ("/fil%65.txt", b"the file\n"),
    ("/%66%69%6C%65.txt", b"the file\n"),
    ("/a%20b.txt", None),
    ("/names/a%20b.txt", b"with a space\n"),
    ("/names/100%25.txt", b"percent\n"),
    ("/names/caf%C3%A9.txt", b"utf-8 name\n"),
    ("/names/q%3Fx%23y.txt", b"query and fragment characters\n"),
    ("/%2541.txt", b"literal percent name\n"),
])
def test_percent_decoding(site, target, body):
    """RFC 3986 2.1, 2.4: the path is percent-decoded exactly once:
    %2541 names the file literally called "%41.txt"."""
    r = get(site, target)
    if body is None:
        assert r.status == 404, r
    else:
        assert r.status == 200 and r.body == body, r


def test_decoded_once_not_twice(site):
    """RFC 3986 2.4: decoding twice would turn %252e%252e into "..";
    decoded once it is the name "%2e%2e", which does not exist: 404."""
    r = get(site, "/%252e%252e/%252e%252e/etc/passwd")
    assert r.status == 404, r


@pytest.mark.parametrize("target", [
    "/sub%2Finner.txt",
    "/sub%2finner.txt",
    "/%2Fetc/passwd",
    "/sub%5Cinner.txt",
    "/sub%5cinner.txt",
    "/file.txt%00",
    "/file.txt%00.png",
    "/%00",
    "/file%zz.txt",
    "/file%4",
    "/file.txt%",
    "/%4g.txt",
    "/%%41.txt",
])
def test_undecodable_or_dangerous_paths_400(site, target):
    """Contract: an encoded slash (it would change the segments), a
    backslash, an encoded NUL, and malformed percent-encoding (RFC 3986
    2.1: "%" HEXDIG HEXDIG) are 400."""
    r = get(site, target)
    assert r.status == 400, r


def test_literal_backslash_400(site):
    r = get(site, "/sub\\inner.txt")
    assert r.status == 400, r


# ---- files that are not there or not to be shown -----------------------

def test_missing_404(site):
    assert get(site, "/nothing-here.txt").status == 404
    assert get(site, "/sub/nothing/here.txt").status == 404


def test_file_with_trailing_slash_404(site):
    """Contract: /file.txt/ names a directory that does not exist: 404."""
    r = get(site, "/file.txt/")
    assert r.status == 404, r
    assert get(site, "/file.txt/more").status == 404


@pytest.mark.parametrize("target", ["/.secret", "/.hidden/f.txt", "/.hidden/",
                                    "/.hidden", "/sub/.env", "/%2esecret",
                                    "/sub/%2Eenv"])
def test_dotfiles_hidden_404(site, target):
    """Contract: names starting with '.' are not served: 404, as if absent
    (RFC 9110 15.5.5 lets a server hide a resource behind 404)."""
    r = get(site, target)
    assert r.status == 404, r


@pytest.mark.parametrize("target,body", [("/.secret", b"dotfile\n"),
                                         ("/.hidden/f.txt", b"in a hidden dir\n"),
                                         ("/sub/.env", b"SECRET=1\n")])
def test_dotfiles_served_with_option(dotfiles, target, body):
    r = get(dotfiles, target)
    assert r.status == 200 and r.body == body, r


def test_unreadable_file_403(site):
    """RFC 9110 15.5.4: a file the server may not read is 403."""
    if os.geteuid() == 0:
        pytest.skip("root reads files of mode 000")
    r = get(site, "/noperm.txt")
    assert r.status == 403, r


def test_fifo_is_refused_without_blocking_the_server(spawn, tmp_path):
    """RFC 9110 15.5.4: a named pipe in the tree is not a file to serve
    (403, or 404).  Opening it for reading would wait for a writer that
    never comes: the answer must come at once, and the server must go on
    answering other connections meanwhile (one worker thread here)."""
    root = tmp_path / "fifo-root"
    put(root, "file.txt", b"the file\n")
    fifo = root / "pipe"
    os.mkfifo(fifo)
    srv = spawn(teapot_argv("--root", root), probe=b"/")
    stuck = srv.connect()
    try:
        stuck.sendall(request("GET", "/pipe"))
        other = srv.raw(request("GET", "/file.txt"), expect=1, settle=0, timeout=2)
        stuck.settimeout(1)
        try:
            first = stuck.recv(65536)
        except socket.timeout:
            first = b""
    finally:
        # Give a server blocked in open() the writer it waits for.
        try:
            os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        except OSError:
            pass
        stuck.close()
    assert other.responses and other.responses[0].status == 200, \
        "the server stopped answering while a request for a FIFO was pending"
    assert first, "no answer to GET of a FIFO"
    assert parse_responses(first, closed=False)[0].status in (403, 404), first


# ---- symbolic links -----------------------------------------------------

@pytest.mark.parametrize("target,body", [
    ("/link_inside", b"the file\n"),
    ("/link_inside_sub", b"inner\n"),
    ("/sub/link_up", b"the file\n"),
    ("/link_dir_inside/inner.txt", b"inner\n"),
])
def test_symlink_inside_root_200(site, target, body):
    """Contract: a relative symbolic link that stays inside the root is
    followed: 200."""
    r = get(site, target)
    assert r.status == 200 and r.body == body, r


def test_absolute_symlink_to_inside_root_200(site):
    """Contract: only a link *leading out of the root* is refused; an
    absolute link whose target is a file inside the root does not leave
    it: 200."""
    r = get(site, "/link_inside_absolute")
    assert r.status == 200 and r.body == b"the file\n", r


@pytest.mark.parametrize("target", ["/link_etc", "/link_out", "/link_out_relative",
                                    "/link_dir_out/deep.txt", "/link_dir_out/"])
def test_symlink_out_of_root_403(site, target):
    """Contract (RFC 9110 15.5.4): a symbolic link leading out of the root
    is 403 without --follow-symlinks, and nothing of the target leaks."""
    r = get(site, target)
    assert r.status == 403, r
    assert b"outside" not in r.body


@pytest.mark.parametrize("target", ["/link_out", "/link_out_relative"])
def test_symlink_out_of_root_followed_with_option(follow, target):
    r = get(follow, target)
    assert r.status == 200 and r.body == b"outside the root\n", r


def test_symlink_to_etc_followed_with_option(follow):
    r = get(follow, "/link_etc")
    assert r.status == 200 and r.body == _etc_file().read_bytes(), r


def test_symlinked_directory_out_of_root_followed_with_option(follow):
    r = get(follow, "/link_dir_out/deep.txt")
    assert r.status == 200 and r.body == b"deep outside\n", r


def test_follow_symlinks_still_refuses_dot_dot(follow):
    """--follow-symlinks concerns links only: /../ stays 400."""
    assert get(follow, "/../etc/passwd").status == 400


@pytest.mark.parametrize("target", ["/dangling", "/loop_a"])
def test_broken_links_not_500(site, target):
    """A dangling link (nothing there: 404) or a loop (403 or 404) is a
    client-side answer, never a 5xx."""
    r = get(site, target)
    assert r.status in (403, 404), r


# ---- directories --------------------------------------------------------

@pytest.mark.parametrize("target,location", [
    ("/sub", "/sub/"),
    ("/sub?x=1", "/sub/?x=1"),
    ("/sub/deeper", "/sub/deeper/"),
    ("/withindex", "/withindex/"),
    ("/my%20dir", "/my%20dir/"),
    ("/empty-dir?a=b&c=d", "/empty-dir/?a=b&c=d"),
])
def test_directory_without_slash_301(site, target, location):
    """RFC 9110 15.4.2: a directory named without its slash is 301 with
    Location naming it with the slash, the query kept; the Location is a
    valid URI reference (the space stays percent-encoded)."""
    r = get(site, target)
    assert r.status == 301, r
    assert r.header("Location") == location


def test_redirect_target_serves(site):
    r = get(site, get(site, "/my%20dir").header("Location") + "f.txt")
    assert r.status == 200 and r.body == b"in my dir\n", r


def test_index_html(site):
    """Contract: a directory with index.html serves it (text/html)."""
    r = get(site, "/withindex/")
    assert r.status == 200 and r.body.startswith(b"<!DOCTYPE html><title>index"), r
    assert r.header("Content-Type").lower().startswith("text/html")
    assert r.has("ETag") and r.has("Last-Modified")
    assert get(site, "/withindex/index.html").body == r.body


def test_index_html_with_no_list(nolist):
    r = get(nolist, "/withindex/")
    assert r.status == 200 and b"<title>index" in r.body, r


@pytest.mark.parametrize("target", ["/", "/sub/", "/empty-dir/"])
def test_no_list_403(nolist, target):
    """Contract (RFC 9110 15.5.4): with --no-list a directory without
    index.html is 403."""
    r = get(nolist, target)
    assert r.status == 403, r


def test_no_list_still_redirects_and_serves_files(nolist):
    assert get(nolist, "/sub").status == 301
    assert get(nolist, "/sub/inner.txt").body == b"inner\n"


def _listing_names(r):
    names = []
    for href, text in links(r.text):
        if href in ("../", "..", "/"):
            continue
        names.append(urllib.parse.unquote(href))
    return names


def test_html_listing(site):
    """Contract: /dir/ without index.html lists its entries in HTML with a
    link to each; directories end with a slash; dotfiles are not listed."""
    r = get(site, "/sub/")
    assert r.status == 200, r
    assert r.header("Content-Type").replace(" ", "").lower() == "text/html;charset=utf-8"
    names = _listing_names(r)
    assert "inner.txt" in names and "deeper/" in names
    assert ".env" not in names and ".env" not in r.text


def test_root_listing_hides_dotfiles(site):
    r = get(site, "/")
    assert r.status == 200, r
    names = _listing_names(r)
    assert "file.txt" in names and "sub/" in names
    assert not any(n.startswith(".") for n in names), names
    assert ".secret" not in r.text and ".hidden" not in r.text


def test_listing_shows_dotfiles_with_option(dotfiles):
    names = _listing_names(get(dotfiles, "/"))
    assert ".secret" in names and ".hidden/" in names
    data = json.loads(get(dotfiles, "/sub/", ("Accept", "application/json")).body)
    assert ".env" in {e["name"] for e in data}


def test_listing_escapes_html_and_percent_encodes_hrefs(site):
    """Contract: names are HTML-escaped in the listing (no markup from a
    file name reaches the page) and hrefs are percent-encoded; each link,
    resolved against the directory, fetches its file."""
    r = get(site, "/names/")
    assert r.status == 200, r
    assert "<b>" not in r.text
    assert "&lt;b&gt;&amp;" in r.text
    found = {}
    for href, text in links(r.text):
        if href.startswith(".."):
            continue
        # A valid relative reference: no space, quote, angle bracket, or a
        # "?" or "#" that would end the path.
        assert not any(c in href for c in ' "<>?#'), href
        found[urllib.parse.unquote(href, errors="strict")] = (href, text)
    assert set(found) == set(ODD_NAMES), found
    for name, (href, text) in found.items():
        assert text == name
        f = get(site, "/names/" + href)
        assert f.status == 200 and f.body == ODD_NAMES[name], (href, f)


def test_json_listing(site):
    """Contract: with Accept preferring application/json the listing is a
    JSON array of {name, type, size, modified}."""
    r = get(site, "/sub/", ("Accept", "application/json"))
    assert r.status == 200, r
    assert r.header("Content-Type").split(";")[0].strip().lower() == "application/json"
    data = json.loads(r.body)
    assert isinstance(data, list)
    by_name = {e["name"]: e for e in data}
    assert set(by_name) >= {"inner.txt", "deeper"} or set(by_name) >= {"inner.txt", "deeper/"}
    inner = by_name["inner.txt"]
    assert set(inner) == {"name", "type", "size", "modified"}
    assert inner["type"] == "file" and inner["size"] == len(b"inner\n")
    assert IMF_FIXDATE.fullmatch(inner["modified"]) and inner["modified"] == http_date(PAST)
    deeper = by_name.get("deeper") or by_name["deeper/"]
    assert deeper["type"] == "directory"
    assert ".env" not in by_name


def test_json_listing_names_unescaped(site):
    data = json.loads(get(site, "/names/", ("Accept", "application/json")).body)
    assert {e["name"] for e in data} == set(ODD_NAMES)


@pytest.mark.parametrize("accept,kind", [
    (None, "html"),
    ("text/html", "html"),
    ("application/json", "json"),
    ("application/json, text/html;q=0.5", "json"),
    ("text/html, application/json;q=0.9", "html"),
    ("*/*", "html"),
    ("application/*", "json"),
])
def test_listing_format_follows_accept(site, accept, kind):
    """RFC 9110 12.5.1: the listing's format follows the preference the
    Accept field expresses; the choice depends on Accept, so the response
    says Vary: Accept (12.5.5)."""
    headers = [("Accept", accept)] if accept else []
    r = get(site, "/sub/", *headers)
    assert r.status == 200, r
    ctype = r.header("Content-Type").lower()
    assert ctype.startswith("application/json" if kind == "json" else "text/html"), r
    assert "accept" in r.tokens("Vary")


def test_listing_accept_over_several_lines(site):
    """RFC 9110 5.3: two Accept lines are one list: "text/html;q=0.1" then
    "application/json" prefers JSON."""
    r = get(site, "/sub/", ("Accept", "text/html;q=0.1"), ("Accept", "application/json"))
    assert r.status == 200, r
    assert r.header("Content-Type").lower().startswith("application/json"), r


def test_empty_directory_listing(site):
    r = get(site, "/empty-dir/", ("Accept", "application/json"))
    assert r.status == 200 and json.loads(r.body) == [], r


def test_listing_of_symlinked_dir_out_of_root_403(site):
    assert get(site, "/link_dir_out/").status == 403


@pytest.mark.parametrize("target", ["/sub/", "/names/", "/sub", "/withindex/",
                                    "/.secret", "/link_out"])
def test_head_matches_get_for_paths(site, target):
    """RFC 9110 9.3.2: HEAD gets GET's header fields and no content, for
    listings, redirects and errors alike."""
    assert_head_matches_get(site, target)


def test_unreadable_file_403_for_an_unprivileged_server(spawn):
    """RFC 9110 15.5.4: a file the server may not read is 403.  Root reads
    everything, so the server runs here as nobody (setpriv), over a tree
    that nobody may enter, with one file it may not read."""
    import shutil
    import tempfile
    from conftest import teapot_argv
    if os.geteuid() != 0 or not shutil.which("setpriv"):
        pytest.skip("needs root to start a server as another user")
    root = Path(tempfile.mkdtemp(prefix="teapot-perm-"))
    try:
        root.chmod(0o755)
        (root / "ok.txt").write_bytes(b"readable\n")
        (root / "ok.txt").chmod(0o644)
        (root / "noperm.txt").write_bytes(b"secret\n")
        (root / "noperm.txt").chmod(0o000)
        argv = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups",
                *teapot_argv("--root", root)]
        srv = spawn(argv, probe=b"/ok.txt")
        assert get(srv, "/ok.txt").status == 200
        r = get(srv, "/noperm.txt")
        assert r.status == 403, r
    finally:
        shutil.rmtree(root)
