"""
Turning WebDAV on: `teapot --root DIR --dav` and the `--dav-*` flags, the
`dav:` section of the configuration file at the top level and in each
host, and their checks.

RFC 4918 leaves it to the server where dead properties (4, 9.2) and locks
(6, 7) are kept; here they live in an SQLite database that must never be
one of the files a client can read or write, so every place a database
could land inside a served tree is refused before the server starts.
"""

import os
import signal
import subprocess
import textwrap
import time
import xml.etree.ElementTree as ET

import pytest

from conftest import SANITIZER_MARKERS, binary, request, running, teapot_argv
from dav_common import D, dav, dav_server
from test_config import problems


def teapot(*args, timeout=10):
    """The command, expected to exit by itself (a check or a refusal)."""
    p = subprocess.run([str(binary("teapot")), *map(str, args)],
                       capture_output=True, text=True, timeout=timeout)
    assert not any(m in p.stderr for m in SANITIZER_MARKERS), p.stderr
    return p


def write(path, text):
    path.write_text(textwrap.dedent(text).lstrip("\n"))
    return path


def put(srv, path, body, host="test"):
    """A PUT with the raw client, so that the Host can be any name."""
    return srv.raw(request("PUT", path, host=host, body=body),
                   expect=1).response


def get(srv, path, host="test"):
    return srv.raw(request("GET", path, host=host), expect=1).response


def wait_for(srv, text, before, timeout=10):
    """Waits until the error log says `text` once more than `before`."""
    deadline = time.monotonic() + timeout
    while srv.stderr().count(text) == before:
        assert time.monotonic() < deadline, srv.stderr()
        time.sleep(0.01)


def reload(srv, cfg, text, expect):
    before = srv.stderr().count(expect)
    write(cfg, text)
    srv.proc.send_signal(signal.SIGHUP)
    wait_for(srv, expect, before)


# ---- the usage text ---------------------------------------------------------

def test_help_lists_every_dav_flag():
    """--help names the switch and each of its settings."""
    p = teapot("--help")
    assert p.returncode == 0
    for flag in ("--dav ", "--dav-db", "--dav-quota", "--dav-max-put",
                 "--dav-depth-infinity", "--dav-processing-interval",
                 "--dav-max-lock-timeout"):
        assert flag in p.stdout, flag


# ---- flags: values refused before anything is served ------------------------

@pytest.mark.parametrize("args,message", [
    (["--dav-quota", "lots"], "--dav-quota wants a byte count"),
    (["--dav-quota", "-1"], "--dav-quota wants a byte count"),
    (["--dav-max-put", "0"], "--dav-max-put wants a byte count of at least 1"),
    (["--dav-max-put", "1X"], "--dav-max-put wants a byte count"),
    (["--dav-max-lock-timeout", "0"],
     "--dav-max-lock-timeout wants an integer from 1 to 604800"),
    (["--dav-max-lock-timeout", "604801"],
     "--dav-max-lock-timeout wants an integer from 1 to 604800"),
    (["--dav-max-lock-timeout", "1.5"],
     "--dav-max-lock-timeout wants an integer"),
    (["--dav-processing-interval", "0"],
     "--dav-processing-interval wants seconds"),
    (["--dav-processing-interval", "never"], "or off, not 'never'"),
    (["--dav-db", "no-such-dir/props.davdb"],
     "--dav-db names 'no-such-dir/props.davdb', whose directory does not "
     "exist"),
    (["--dav=true"], "doesn't allow an argument"),
    (["--dav-depth-infinity=yes"], "doesn't allow an argument"),
])
def test_a_bad_dav_flag_is_a_usage_error(tmp_path, args, message):
    """A flag's value is checked as the key's; a bad one exits 2 naming
    the flag, and nothing listens."""
    (tmp_path / "tree").mkdir()
    p = subprocess.run([str(binary("teapot")), "--listen", "127.0.0.1:0",
                        "--root", "tree", "--dav", *args], cwd=tmp_path,
                       capture_output=True, text=True, timeout=10)
    assert p.returncode == 2, p.stderr
    assert message in p.stderr
    assert "listening" not in p.stderr


def test_dav_db_naming_a_directory_is_refused(tmp_path):
    (tmp_path / "tree").mkdir()
    (tmp_path / "state").mkdir()
    p = teapot("--root", tmp_path / "tree", "--dav", "--dav-db",
               tmp_path / "state")
    assert p.returncode == 2
    assert "--dav-db names" in p.stderr and "which is a directory" in p.stderr


def test_dav_without_a_root_is_a_usage_error(tmp_path):
    """WebDAV makes a tree writable: without --root there is none."""
    p = teapot("--listen", "127.0.0.1:0", "--dav")
    assert p.returncode == 2
    assert "--dav needs --root" in p.stderr
    assert "listening" not in p.stderr


def test_a_database_inside_the_tree_is_refused(tmp_path):
    """The database holds every lock token and dead property: inside the
    tree, any client could GET it, or overwrite it with a PUT."""
    tree = tmp_path / "tree"
    tree.mkdir()
    p = teapot("--root", tree, "--dav", "--dav-db", tree / "props.davdb")
    assert p.returncode == 2
    assert "--dav-db (dav.db)" in p.stderr
    assert "must be outside the served tree" in p.stderr


def test_a_database_reached_through_a_link_is_inside_too(tmp_path):
    """Paths are compared with every symbolic link resolved."""
    tree = tmp_path / "tree"
    (tree / "sub").mkdir(parents=True)
    (tmp_path / "alias").symlink_to(tree / "sub")
    p = teapot("--root", tree, "--dav", "--dav-db",
               tmp_path / "alias" / "props.davdb")
    assert p.returncode == 2
    assert "must be outside the served tree" in p.stderr


def test_a_database_file_that_links_into_the_tree_is_refused(tmp_path):
    """The database file itself may be a link: where it leads counts."""
    tree = tmp_path / "tree"
    tree.mkdir()
    (tree / "props.davdb").write_bytes(b"")
    (tmp_path / "db-link").symlink_to(tree / "props.davdb")
    p = teapot("--root", tree, "--dav", "--dav-db", tmp_path / "db-link")
    assert p.returncode != 0
    assert "must be outside the served tree" in p.stderr
    assert (tree / "props.davdb").read_bytes() == b""


def test_the_whole_file_system_has_no_outside(tmp_path):
    """With / as the root, the default database (beside the root) would be
    in the tree itself."""
    p = teapot("--listen", "127.0.0.1:0", "--root", "/", "--dav")
    assert p.returncode == 2
    assert "outside the served tree" in p.stderr


def test_a_database_that_cannot_be_opened_stops_the_start(tmp_path):
    """A mount that fails is an error at start (exit 1), with its reason."""
    tree = tmp_path / "tree"
    tree.mkdir()
    db = tmp_path / "not-a-database"
    db.write_bytes(b"these are not the bytes of an SQLite database\n" * 100)
    p = teapot("--listen", "127.0.0.1:0", "--root", tree, "--dav",
               "--dav-db", db)
    assert p.returncode == 1, p.stderr
    assert "cannot serve" in p.stderr and "WebDAV" in p.stderr
    assert "listening" not in p.stderr


# ---- flags: each setting takes effect ---------------------------------------

def test_dav_makes_the_root_writable(tmp_path):
    """RFC 9110 9.3.4: PUT of a new file is 201 Created, and the next GET
    returns what was put.  The database goes beside the tree."""
    with dav_server(tmp_path) as srv:
        r = dav(srv, "PUT", "/hello.txt", body=b"steeped\n")
        assert r.status_code == 201
        g = dav(srv, "GET", "/hello.txt")
        assert g.status_code == 200 and g.content == b"steeped\n"
        assert srv.db.exists()


def test_without_dav_the_tree_is_read_only(tmp_path):
    """RFC 9110 15.5.6: the read-only tree does not take PUT: 405."""
    tree = tmp_path / "ro"
    tree.mkdir()
    with running(teapot_argv("--root", tree), tmp_path, "ro",
                 probe=b"/") as srv:
        r = put(srv, "/hello.txt", b"x")
        assert r.status == 405
        assert not (tree / "hello.txt").exists()
        assert not (tmp_path / "ro.davdb").exists()


def test_dav_db_puts_the_database_there(tmp_path):
    db = tmp_path / "elsewhere.davdb"
    with dav_server(tmp_path, "--dav-db", db) as srv:
        assert dav(srv, "PUT", "/x.txt", body=b"x").status_code == 201
        assert db.exists()
        assert not srv.db.exists()


def test_dav_max_put_bounds_a_put_body(tmp_path):
    """RFC 9110 15.5.14: a body over the limit is 413 Content Too Large;
    one at the limit is taken."""
    with dav_server(tmp_path, "--dav-max-put", "16") as srv:
        assert dav(srv, "PUT", "/at.txt", body=b"x" * 16).status_code == 201
        assert dav(srv, "PUT", "/over.txt",
                   body=b"x" * 17).status_code == 413
        assert not (srv.tree / "over.txt").exists()


def test_max_put_is_the_trees_alone(tmp_path):
    """A large max_put is for the files: the testing API mounted beside
    keeps limits.max_body, since it holds a body in memory."""
    tree = tmp_path / "tree"
    tree.mkdir()
    cfg = write(tmp_path / "teapot.yaml", f"""
        limits: {{max_body: 1k}}
        files: {{root: {tree}}}
        testapi: {{enabled: true, prefix: /httpbin}}
        dav: {{enabled: true, max_put: 1M}}
    """)
    with running(teapot_argv("--config", cfg), tmp_path, "maxput",
                 probe=b"/") as srv:
        assert put(srv, "/big.txt", b"x" * 4096).status == 201
        r = srv.raw(request("POST", "/httpbin/post", body=b"x" * 4096),
                    expect=1).response
        assert r.status == 413


def test_dav_quota_is_507_beyond(tmp_path):
    """RFC 4918 11.5: 507 Insufficient Storage when the tree would hold
    more than its quota."""
    with dav_server(tmp_path, "--dav-quota", "1k") as srv:
        assert dav(srv, "PUT", "/a.bin", body=b"a" * 600).status_code == 201
        assert dav(srv, "PUT", "/b.bin", body=b"b" * 600).status_code == 507
        assert not (srv.tree / "b.bin").exists()


DEPTH_INFINITY = {"Depth": "infinity"}


def test_depth_infinity_is_refused_by_default(tmp_path):
    """RFC 4918 9.1: a server may refuse PROPFIND with Depth: infinity
    with 403 and the propfind-finite-depth precondition."""
    with dav_server(tmp_path) as srv:
        r = dav(srv, "PROPFIND", "/", headers=DEPTH_INFINITY)
        assert r.status_code == 403
        assert ET.fromstring(r.content).find(
            D + "propfind-finite-depth") is not None


def test_dav_depth_infinity_allows_it(tmp_path):
    with dav_server(tmp_path, "--dav-depth-infinity") as srv:
        dav(srv, "MKCOL", "/a/")
        dav(srv, "MKCOL", "/a/b/")
        dav(srv, "PUT", "/a/b/deep.txt", body=b"x")
        r = dav(srv, "PROPFIND", "/", headers=DEPTH_INFINITY)
        assert r.status_code == 207
        assert b"/a/b/deep.txt" in r.content


LOCKINFO = (b'<?xml version="1.0"?><D:lockinfo xmlns:D="DAV:">'
            b'<D:lockscope><D:exclusive/></D:lockscope>'
            b'<D:locktype><D:write/></D:locktype></D:lockinfo>')


def granted_timeout(r):
    root = ET.fromstring(r.content)
    return root.find(f".//{D}activelock/{D}timeout").text.strip()


@pytest.mark.parametrize("asked", ["Infinite", "Second-4100000000"])
def test_dav_max_lock_timeout_caps_what_clients_ask(tmp_path, asked):
    """RFC 4918 10.7: the server need not honour the Timeout a client asks
    for; here it grants at most the configured maximum."""
    with dav_server(tmp_path, "--dav-max-lock-timeout", "60") as srv:
        dav(srv, "PUT", "/locked.txt", body=b"x")
        r = dav(srv, "LOCK", "/locked.txt", body=LOCKINFO,
                headers={"Timeout": asked})
        assert r.status_code == 200
        assert granted_timeout(r) == "Second-60"


def copy_interim(srv, source, target):
    """The interim responses of a COPY of `source` (RFC 4918 9.8)."""
    authority = srv.url.split("//", 1)[1]
    r = srv.raw(request("COPY", source, host=authority,
                        headers=[f"Destination: {srv.url}{target}"]),
                expect=1, timeout=30).response
    assert r.status == 201, r
    return {i.status for i in r.interim}


def test_dav_processing_interval_sets_and_off_stops_102(tmp_path):
    """RFC 2518 10.1: 102 Processing while a long COPY runs, at the
    configured interval (a millisecond here, so that a copy of 3000 files
    sees some); `off` sends none, however long the work."""
    tree = tmp_path / "big"
    for d in range(30):
        (tree / "src" / f"d{d}").mkdir(parents=True)
        for i in range(100):
            (tree / "src" / f"d{d}" / f"f{i}.txt").write_bytes(b"x" * 64)
    with dav_server(tmp_path, "--dav-processing-interval", "0.001",
                    tree=tree, name="often") as srv:
        assert copy_interim(srv, "/src/", "/copy1/") == {102}
    with dav_server(tmp_path, "--dav-processing-interval", "off",
                    tree=tree, name="never") as srv:
        assert copy_interim(srv, "/src/", "/copy2/") == set()
        assert len(os.listdir(tree / "copy2")) == 30


# ---- the configuration file -------------------------------------------------

def test_every_bad_dav_value_is_reported_at_its_line(tmp_path):
    """--check-config names the key of each bad value, at its line, and
    exits 1."""
    (tmp_path / "share").mkdir()
    (tmp_path / "a").mkdir()
    cfg = write(tmp_path / "dav.yaml", """
        files:
          root: share
        dav:
          enabled: yes
          db: share/props.davdb
          quota: plenty
          max_put: 0
          depth_infinity: "true"
          processing_interval: 0
          max_lock_timeout: 604801
          dbb: x
        quota: 5
        hosts:
          - names: [a.test]
            files: {root: a}
            dav:
              enabled: true
              db: missing/a.davdb
              max_put: 1X
            max_put: 5
          - names: [b.test]
            files: {root: a}
            dav:
    """)
    p = teapot("--check-config", cfg)
    assert p.returncode == 1
    got = problems(p.stderr, cfg)
    expected = {
        4: "'dav.enabled' wants true or false, not 'yes'",
        5: "'dav.db' names",
        6: "'dav.quota' wants a byte count",
        7: "'dav.max_put' wants a byte count of at least 1",
        8: "'dav.depth_infinity' wants true or false, not a quoted string",
        9: "'dav.processing_interval' wants seconds",
        10: "'dav.max_lock_timeout' wants an integer from 1 to 604800",
        11: "unknown key 'dbb' in 'dav' (did you mean 'db'?)",
        12: "unknown key 'quota' (it belongs in 'dav')",
        18: "'hosts[0].dav.db' names",
        19: "'hosts[0].dav.max_put' wants a byte count",
        20: "unknown key 'max_put' in 'hosts[0]' (it belongs in 'dav')",
        23: "'hosts[1].dav' has no value",
    }
    for line, text in expected.items():
        assert any(text in m for m in got.get(line, [])), (line, p.stderr)
    assert "must be outside the served tree" in got[5][0]
    assert "whose directory does not exist" in got[18][0]


def test_dav_without_a_root_in_the_file(tmp_path):
    cfg = write(tmp_path / "noroot.yaml", """
        testapi: {prefix: /api}
        dav:
          enabled: true
    """)
    p = teapot("--check-config", cfg)
    assert p.returncode == 1
    assert problems(p.stderr, cfg) == {
        3: ["'dav.enabled' needs 'files.root': WebDAV makes that tree "
            "writable"]}


def test_a_database_in_another_hosts_tree_is_refused(tmp_path):
    """A database inside any served tree is exposed, whichever host makes
    its own tree writable."""
    for d in ("a", "b"):
        (tmp_path / d).mkdir()
    cfg = write(tmp_path / "cross.yaml", """
        hosts:
          - names: [a.test]
            files: {root: a}
            dav: {enabled: true, db: b/a.davdb}
          - names: [b.test]
            files: {root: b}
    """)
    p = teapot("--check-config", cfg)
    assert p.returncode == 1
    (msg,) = problems(p.stderr, cfg)[4]
    assert msg.startswith("'hosts[0].dav.db' names '")
    tree = tmp_path / "b"
    assert f"inside the served tree {tree} of 'hosts[1].files.root'" in msg
    assert "must be outside the served tree" in msg


def test_two_trees_cannot_share_a_database(tmp_path):
    """Dead properties and locks are kept by path: two trees in one
    database would see each other's."""
    for d in ("a", "b"):
        (tmp_path / d).mkdir()
    cfg = write(tmp_path / "shared.yaml", """
        hosts:
          - names: [a.test]
            files: {root: a}
            dav: {enabled: true, db: one.davdb}
          - names: [a2.test]
            files: {root: a}
            dav: {enabled: true, db: one.davdb}
          - names: [b.test]
            files: {root: b}
            dav: {enabled: true, db: one.davdb}
    """)
    p = teapot("--check-config", cfg)
    assert p.returncode == 1
    got = problems(p.stderr, cfg)
    assert list(got) == [10], p.stderr  # the same tree twice is fine
    assert "'hosts[2].dav.db'" in got[10][0]
    assert "each tree needs a database of its own" in got[10][0]


def test_a_valid_dav_section_passes(tmp_path):
    (tmp_path / "share").mkdir()
    (tmp_path / "team").mkdir()
    cfg = write(tmp_path / "ok.yaml", """
        files: {root: share/}
        dav:
          enabled: true
          db: share-props.davdb
          quota: 10G
          max_put: 1G
          depth_infinity: false
          processing_interval: off
          max_lock_timeout: 604800
        hosts:
          - names: [team.test]
            files: {root: team}
            dav: {enabled: true, processing_interval: 0.25}
    """)
    p = teapot("--check-config", cfg)
    assert p.returncode == 0, p.stderr
    assert p.stdout == f"{cfg}: ok\n"


def test_a_trailing_slash_keeps_the_default_database_outside(tmp_path):
    """`root: share/` is the tree `share`: its database is share.davdb
    beside it, not share/.davdb inside it."""
    (tmp_path / "share").mkdir()
    cfg = write(tmp_path / "slash.yaml", """
        files: {root: share/}
        dav: {enabled: true}
    """)
    with running(teapot_argv("--config", cfg), tmp_path, "slash",
                 probe=b"/") as srv:
        assert put(srv, "/x.txt", b"x").status == 201
        assert (tmp_path / "share.davdb").exists()
        assert not (tmp_path / "share" / ".davdb").exists()


HOSTS = """
    hosts:
      - names: [rw.test]
        files: {root: rw}
        dav: {enabled: true, max_put: 8}
      - names: [ro.test]
        files: {root: ro}
"""


def test_one_host_writable_and_one_read_only(tmp_path):
    """hosts[].dav switches each host's tree: PUT is 201 on the writable
    one (RFC 9110 15.3.2), 405 on the read-only one (15.5.6); the host's
    own max_put gives 413 (15.5.14)."""
    for d in ("rw", "ro"):
        (tmp_path / d).mkdir()
    cfg = write(tmp_path / "hosts.yaml", HOSTS)
    with running(teapot_argv("--config", cfg), tmp_path, "hosts",
                 probe=b"/get") as srv:
        assert put(srv, "/new.txt", b"written", host="rw.test").status == 201
        r = get(srv, "/new.txt", host="rw.test")
        assert r.status == 200 and r.body == b"written"
        assert put(srv, "/big.txt", b"123456789", host="rw.test").status == 413
        ro = put(srv, "/new.txt", b"written", host="ro.test")
        assert ro.status == 405
        assert "put" not in ro.tokens("Allow")
        assert not (tmp_path / "ro" / "new.txt").exists()
        assert (tmp_path / "rw.davdb").exists()
        assert not (tmp_path / "ro.davdb").exists()


def test_the_dav_flag_makes_the_files_root_writable(tmp_path):
    """--dav applies to the file's top-level files.root; the file's dav
    settings come along (dav.max_put here)."""
    (tmp_path / "share").mkdir()
    cfg = write(tmp_path / "flag.yaml", """
        files: {root: share}
        dav: {max_put: 4}
    """)
    with running(teapot_argv("--config", cfg), tmp_path, "plain",
                 probe=b"/") as srv:
        assert put(srv, "/a.txt", b"abc").status == 405
    with running(teapot_argv("--config", cfg, "--dav"), tmp_path, "flag",
                 probe=b"/") as srv:
        assert put(srv, "/a.txt", b"abc").status == 201
        assert put(srv, "/b.txt", b"abcde").status == 413


# ---- reloading --------------------------------------------------------------

RW = """
    files: {root: share}
    dav: {enabled: true}
"""
RO = """
    files: {root: share}
"""
BROKEN = """
    files: {root: share}
    dav: {enabled: true, db: broken.davdb}
"""


def test_reload_switches_dav_and_refuses_a_failing_mount(tmp_path):
    """A reload makes the tree writable or read-only; one whose database
    cannot be opened is refused, and the running site stays."""
    (tmp_path / "share").mkdir()
    (tmp_path / "broken.davdb").write_bytes(b"not SQLite\n" * 200)
    cfg = write(tmp_path / "reload.yaml", RO)
    with running(teapot_argv("--config", cfg), tmp_path, "reload",
                 probe=b"/") as srv:
        assert put(srv, "/one.txt", b"1").status == 405
        reload(srv, cfg, RW, "reloaded")
        assert put(srv, "/one.txt", b"1").status == 201
        reload(srv, cfg, BROKEN, "reload refused")
        assert "broken.davdb" in srv.stderr()
        assert put(srv, "/two.txt", b"2").status == 201
        reload(srv, cfg, RO, "reloaded")
        assert put(srv, "/three.txt", b"3").status == 405


def test_reload_checks_the_dav_flag_against_the_new_file(tmp_path):
    """The file alone may be valid and still leave --dav without a root:
    the reload is refused."""
    (tmp_path / "share").mkdir()
    cfg = write(tmp_path / "flagreload.yaml", RO)
    with running(teapot_argv("--config", cfg, "--dav"), tmp_path,
                 "flagreload", probe=b"/") as srv:
        assert put(srv, "/one.txt", b"1").status == 201
        reload(srv, cfg, "testapi: {prefix: /api}\n", "reload refused")
        assert "--dav needs --root" in srv.stderr()
        assert put(srv, "/two.txt", b"2").status == 201
        assert os.path.exists(tmp_path / "share" / "two.txt")
