"""
A real WebDAV client against `teapot --root TREE --dav`: cadaver, driven
command by command through its standard input, with the tree on disk
checked after every step.

cadaver (on neon) is what many people use from a terminal: it opens the
URL with OPTIONS and PROPFIND (RFC 4918 9.1, 18: it refuses a server that
is not class 1), lists with PROPFIND Depth: 1, uploads with PUT (9.7),
and sends the lock tokens it holds in an If header (10.4) on every write
to a locked resource.
"""

import os
import select
import shutil
import subprocess
import time

import pytest

from dav_common import dav, dav_server

CADAVER = shutil.which("cadaver") or "/usr/bin/cadaver"
#: cadaver answers each command in far less; a hang fails the step.
STEP_TIMEOUT = 10.0
#: The server is on the loopback: no proxy may stand in between.
PROXY_VARIABLES = ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY",
                   "all_proxy", "ALL_PROXY")


class Cadaver:
    """One cadaver process.  start() reads up to its first prompt;
    run(command) sends one command line and returns what cadaver wrote
    before its next prompt."""

    def __init__(self, url, home, cwd):
        # HOME points at an empty directory: no ~/.cadaverrc, no ~/.netrc
        # from the user running the tests.
        env = dict(os.environ, HOME=str(home), LANG="C", LC_ALL="C")
        for name in PROXY_VARIABLES:
            env.pop(name, None)
        self.proc = subprocess.Popen(
            [CADAVER, url], cwd=cwd, env=env, stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        self.transcript = ""
        self.prompt = None

    def start(self):
        return self._until_prompt()

    def _until_prompt(self):
        """Reads until cadaver prompts again ("dav:/path/> ")."""
        buf = b""
        deadline = time.monotonic() + STEP_TIMEOUT
        fd = self.proc.stdout.fileno()
        while True:
            text = buf.decode(errors="replace")
            last = text.rsplit("\n", 1)[-1]
            if last.startswith("dav:") and last.endswith("> "):
                self.transcript += text
                self.prompt = last
                return text[:-len(last)]
            left = deadline - time.monotonic()
            ready = select.select([fd], [], [], max(0.0, left))[0]
            if not ready:
                self.transcript += text
                pytest.fail("cadaver gave no prompt within "
                            f"{STEP_TIMEOUT}s:\n{self.transcript}")
            chunk = os.read(fd, 65536)
            if not chunk:
                self.transcript += text
                pytest.fail(f"cadaver exited:\n{self.transcript}")
            buf += chunk

    def run(self, command):
        self.proc.stdin.write(command.encode() + b"\n")
        self.proc.stdin.flush()
        return self._until_prompt()

    def ok(self, command):
        """Runs a command that must succeed; returns its output."""
        out = self.run(command)
        assert "succeeded" in out and "failed" not in out, \
            f"{command!r}:\n{out}\n--- whole session ---\n{self.transcript}"
        return out

    def close(self):
        try:
            self.proc.stdin.write(b"quit\n")
            self.proc.stdin.close()
        except OSError:
            pass
        try:
            self.proc.wait(timeout=STEP_TIMEOUT)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.proc.stdout.close()


@pytest.fixture(scope="module", autouse=True)
def cadaver_installed():
    if not os.access(CADAVER, os.X_OK):
        pytest.fail("cadaver is not installed (scripts/install-deps)",
                    pytrace=False)


@pytest.fixture(scope="module")
def srv(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("client")
    with dav_server(workdir, name="client", shared=True) as s:
        yield s


@pytest.fixture
def local(tmp_path):
    """cadaver's local directory (put reads, get writes there)."""
    d = tmp_path / "local"
    d.mkdir()
    return d


@pytest.fixture
def session(srv, tmp_path, local):
    """A function opening cadaver sessions on the server's root; all are
    closed at the end of the test."""
    opened = []
    home = tmp_path / "home"
    home.mkdir()

    def open_session():
        c = Cadaver(srv.url + "/", home, local)
        opened.append(c)
        c.start()
        # RFC 4918 18: cadaver opens only a collection of a class 1
        # server; otherwise it prompts "dav:!>".
        assert c.prompt == "dav:/> ", c.transcript
        return c

    yield open_session
    for c in opened:
        c.close()


def names(directory):
    return sorted(os.listdir(directory))


def test_round_trip(srv, session, local):
    """mkcol, put, ls, move, get, delete and rmcol, each checked on disk
    (RFC 4918 9.3 MKCOL, 9.7 PUT, 9.1 PROPFIND, 9.9 MOVE, 9.6 DELETE)."""
    data = os.urandom(200_000) + b"\r\n\x00end"
    (local / "upload.bin").write_bytes(data)
    tree = srv.tree
    c = session()

    c.ok("mkcol trip")
    assert (tree / "trip").is_dir()
    assert names(tree / "trip") == []

    c.ok("put upload.bin trip/data.bin")
    assert names(tree / "trip") == ["data.bin"]
    assert (tree / "trip" / "data.bin").read_bytes() == data

    listing = c.ok("ls trip")
    entry = [l for l in listing.splitlines() if "data.bin" in l]
    assert len(entry) == 1, listing
    assert str(len(data)) in entry[0].split(), listing

    c.ok("move trip/data.bin trip/moved.bin")
    assert names(tree / "trip") == ["moved.bin"]
    assert (tree / "trip" / "moved.bin").read_bytes() == data

    c.ok("get trip/moved.bin download.bin")
    assert (local / "download.bin").read_bytes() == data
    assert names(tree / "trip") == ["moved.bin"]

    c.ok("delete trip/moved.bin")
    assert names(tree / "trip") == []

    c.ok("rmcol trip")
    assert not (tree / "trip").exists()


def test_names_with_spaces_and_utf8(srv, session, local):
    """cadaver percent-encodes names (RFC 3986 2.1); the files on disk
    carry the decoded names, and the listing gives them back decoded."""
    (local / "a b.txt").write_bytes(b"spaced\n")
    tree = srv.tree
    c = session()
    c.ok('mkcol "sp ace"')
    assert (tree / "sp ace").is_dir()
    c.ok('put "a b.txt" "sp ace/caf\u00e9 1.txt"')
    assert names(tree / "sp ace") == ["caf\u00e9 1.txt"]
    assert (tree / "sp ace" / "caf\u00e9 1.txt").read_bytes() == b"spaced\n"
    listing = c.ok('ls "sp ace"')
    assert "caf\u00e9 1.txt" in listing, listing
    c.ok('rmcol "sp ace"')
    assert not (tree / "sp ace").exists()


def test_copy_collection(srv, session, local):
    """RFC 4918 9.8.3: COPY of a collection (Depth: infinity) copies its
    members; the source stays as it was."""
    (local / "one.txt").write_bytes(b"one\n")
    tree = srv.tree
    c = session()
    c.ok("mkcol cp-src")
    c.ok("mkcol cp-src/sub")
    c.ok("put one.txt cp-src/sub/one.txt")
    c.ok("copy cp-src cp-dst")
    assert (tree / "cp-dst" / "sub" / "one.txt").read_bytes() == b"one\n"
    assert (tree / "cp-src" / "sub" / "one.txt").read_bytes() == b"one\n"
    listing = c.ok("ls cp-dst")
    assert any(l.startswith("Coll:") and "sub" in l
               for l in listing.splitlines()), listing
    c.ok("rmcol cp-src")
    c.ok("rmcol cp-dst")
    assert not (tree / "cp-src").exists()
    assert not (tree / "cp-dst").exists()


def test_lock_unlock(srv, session, local):
    """RFC 4918 7: while cadaver holds an exclusive write lock, a PUT
    without its token gets 423 Locked and the file stays as it was;
    cadaver's own PUT (token in the If header, 10.4) goes through; after
    UNLOCK (9.11) anyone may write again."""
    (local / "v1.txt").write_bytes(b"version 1\n")
    (local / "v2.txt").write_bytes(b"version 2\n")
    tree = srv.tree
    c = session()
    c.ok("mkcol lk")
    c.ok("put v1.txt lk/file.txt")
    path = tree / "lk" / "file.txt"

    c.ok("lock lk/file.txt")
    found = c.run("discover lk/file.txt")
    assert "Lock token <" in found and "exclusive" in found, found
    assert path.read_bytes() == b"version 1\n"

    r = dav(srv, "PUT", "/lk/file.txt", body=b"intruder\n")
    assert r.status_code == 423, (r.status_code, r.text)
    # RFC 4918 16: lock-token-submitted names the locked resource.
    assert "lock-token-submitted" in r.text and "/lk/file.txt" in r.text, \
        r.text
    assert path.read_bytes() == b"version 1\n"

    c.ok("put v2.txt lk/file.txt")
    assert path.read_bytes() == b"version 2\n"

    c.ok("unlock lk/file.txt")
    found = c.run("discover lk/file.txt")
    assert "no locks found" in found, found

    r = dav(srv, "PUT", "/lk/file.txt", body=b"anyone\n")
    assert r.status_code in (200, 204), (r.status_code, r.text)
    assert path.read_bytes() == b"anyone\n"
    c.ok("rmcol lk")
    assert not (tree / "lk").exists()


def test_lock_collection_protects_members(srv, session, local):
    """RFC 4918 7.4, 9.10.3: cadaver locks a collection with Depth:
    infinity; creating a member without the token is refused with 423
    (a PUT names one resource: no 207), its lock-token-submitted naming
    the collection (16), and nothing appears on disk."""
    (local / "m.txt").write_bytes(b"member\n")
    tree = srv.tree
    c = session()
    c.ok("mkcol lkc")
    out = c.ok("lock lkc")
    assert "collection" in out, out
    r = dav(srv, "PUT", "/lkc/new.txt", body=b"x")
    assert r.status_code == 423, (r.status_code, r.text)
    assert "lock-token-submitted" in r.text and "/lkc" in r.text, r.text
    assert names(tree / "lkc") == []
    c.ok("put m.txt lkc/m.txt")
    assert names(tree / "lkc") == ["m.txt"]
    c.ok("unlock lkc")
    c.ok("rmcol lkc")
    assert not (tree / "lkc").exists()


def test_properties(srv, session, local):
    """RFC 4918 9.2 PROPPATCH sets a dead property, 9.1 PROPFIND reads it
    back, in this session and in a new one (the server keeps it); it
    follows the resource through MOVE (9.9.1) and COPY (9.8.2).  The
    properties live outside the tree: no file appears beside the
    resource."""
    (local / "p.txt").write_bytes(b"props\n")
    tree = srv.tree
    c = session()
    c.ok("mkcol pr")
    c.ok("put p.txt pr/file.txt")
    c.ok("propset pr/file.txt colour red")
    assert names(tree / "pr") == ["file.txt"]
    out = c.run("propget pr/file.txt colour")
    assert "Value of colour is: red" in out, out

    other = session()
    out = other.ok("propnames pr/file.txt")
    assert "colour" in out, out
    out = other.run("propget pr/file.txt colour")
    assert "Value of colour is: red" in out, out

    c.ok("move pr/file.txt pr/moved.txt")
    assert names(tree / "pr") == ["moved.txt"]
    out = c.run("propget pr/moved.txt colour")
    assert "Value of colour is: red" in out, out

    c.ok("copy pr/moved.txt pr/copied.txt")
    assert names(tree / "pr") == ["copied.txt", "moved.txt"]
    out = c.run("propget pr/copied.txt colour")
    assert "Value of colour is: red" in out, out

    c.ok("delete pr/moved.txt")
    c.ok("delete pr/copied.txt")
    assert names(tree / "pr") == []
    c.ok("rmcol pr")
    assert not (tree / "pr").exists()


def test_failure_is_reported(srv, session, local):
    """A GET of a missing resource is 404 (RFC 9110 15.5.5) and cadaver
    says so; the tree is left alone."""
    before = names(srv.tree)
    c = session()
    out = c.run("get no-such-file.txt x.txt")
    assert "failed" in out and "404" in out, out
    assert names(srv.tree) == before
