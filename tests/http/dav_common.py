"""
What the WebDAV tests share: a server over a fresh tree (`teapot --root
TREE --dav`, the database beside the tree), requests with any method, and
a reader for 207 Multi-Status bodies (RFC 4918 13) that checks the
document before the tests look at it.
"""

import contextlib
import os
import subprocess
import urllib.parse
import xml.etree.ElementTree as ET

import httpx
import pytest

from conftest import running, teapot_argv

D = "{DAV:}"


@contextlib.contextmanager
def dav_server(workdir, *args, name="dav", tree=None, shared=False,
               threads=1):
    """A teapot serving a new (or the given) tree writable.  Yields the
    server with .tree (the directory) and .db (its database) set."""
    tree = tree or (workdir / f"{name}-tree")
    tree.mkdir(exist_ok=True)
    db = workdir / f"{name}-tree.davdb"
    argv = teapot_argv("--root", tree, "--dav", *args, threads=threads)
    with running(argv, workdir, name, shared=shared, probe=b"/") as s:
        s.tree = tree
        s.db = db
        yield s


def dav(srv, method, path, *, headers=None, body=b"", timeout=30.0):
    """One request on a new connection; returns the httpx.Response."""
    url = srv.url + path
    with httpx.Client(timeout=timeout) as c:
        return c.request(method, url, headers=headers or {}, content=body)


def href_path(href):
    """The decoded path of an href, absolute URL or absolute path."""
    p = urllib.parse.urlsplit(href).path
    return urllib.parse.unquote(p)


class Multistatus:
    """A parsed 207 body: .responses maps each decoded href path to a dict
    with 'status' (the response's own status code, or None), 'props'
    ({status code: {'{ns}name': Element}}), 'error' (the D:error element
    or None) and 'element'."""

    def __init__(self, resp):
        assert resp.status_code == 207, (resp.status_code, resp.text)
        ctype = resp.headers.get("content-type", "")
        assert ctype.startswith(("application/xml", "text/xml")), ctype
        self.root = ET.fromstring(resp.content)
        assert self.root.tag == D + "multistatus", self.root.tag
        self.responses = {}
        for r in self.root.findall(D + "response"):
            hrefs = r.findall(D + "href")
            assert hrefs, "a response without href"
            entry = {"status": None, "props": {}, "element": r,
                     "error": r.find(D + "error")}
            st = r.find(D + "status")
            if st is not None:
                entry["status"] = status_code(st.text)
            for ps in r.findall(D + "propstat"):
                code = status_code(ps.find(D + "status").text)
                props = entry["props"].setdefault(code, {})
                for p in ps.find(D + "prop"):
                    props[p.tag] = p
            for h in hrefs:
                path = href_path(h.text)
                assert path not in self.responses, f"{path} twice"
                self.responses[path] = entry

    def __getitem__(self, path):
        return self.responses[path]

    def status(self, path):
        return self.responses[path]["status"]

    def prop(self, path, name, code=200):
        """The property element `name` ('{ns}local') reported with `code`
        for `path`, or None."""
        return self.responses[path]["props"].get(code, {}).get(name)


def status_code(text):
    """The code of a D:status line "HTTP/1.1 200 OK"."""
    parts = text.strip().split(" ", 2)
    assert parts[0] == "HTTP/1.1", text
    return int(parts[1])


@contextlib.contextmanager
def small_fs(srv, name, size, inodes=None):
    """A tmpfs of `size` (and at most `inodes` files) mounted at
    srv.tree/name: another file system inside the tree, with little
    room."""
    if os.geteuid() != 0:
        pytest.skip("mounting needs root")
    mnt = srv.tree / name
    mnt.mkdir()
    opts = f"size={size}" + (f",nr_inodes={inodes}" if inodes else "")
    if subprocess.run(["mount", "-t", "tmpfs", "-o", opts,
                       "tmpfs", str(mnt)], capture_output=True).returncode:
        mnt.rmdir()
        pytest.skip("cannot mount a tmpfs here")
    try:
        yield mnt
    finally:
        subprocess.run(["umount", str(mnt)], check=True)
        mnt.rmdir()
