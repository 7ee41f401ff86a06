"""
WebDAV methods that change the namespace: MKCOL (RFC 4918 9.3), DELETE
(9.6), COPY (9.8) and MOVE (9.9); 102 Processing while a long one runs
(RFC 2518 10.1); 202 Accepted with `Prefer: respond-async` (RFC 7240 4.1)
and the status resource that reports the outcome.

A member that cannot be deleted is made with `chattr +i` (the tests run
as root, whom permission bits do not stop); as another user, a directory
without write permission does the same.  Without either, those tests are
skipped.
"""

import contextlib
import json
import os
import stat
import subprocess
import time

import httpx
import pytest

from conftest import Conn, request
from dav_common import D, Multistatus, dav, dav_server, small_fs

XML = ("application/xml", "text/xml")


@pytest.fixture(scope="module")
def srv(tmp_path_factory):
    with dav_server(tmp_path_factory.mktemp("tree"), name="tree",
                    shared=True) as s:
        yield s


def make(root, spec):
    """Creates files (bytes) and directories (dicts) below root."""
    root.mkdir(parents=True, exist_ok=True)
    for name, v in spec.items():
        p = root / name
        if isinstance(v, dict):
            make(p, v)
        else:
            p.write_bytes(v)


def contents(root):
    """{relative path: bytes or 'dir' or ('link', target)} below root."""
    out = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for n in dirnames + filenames:
            p = os.path.join(dirpath, n)
            rel = os.path.relpath(p, root)
            if os.path.islink(p):
                out[rel] = ("link", os.readlink(p))
            elif os.path.isdir(p):
                out[rel] = "dir"
            else:
                with open(p, "rb") as f:
                    out[rel] = f.read()
    return out


def dest(srv, path):
    return {"Destination": srv.url + path}


def wait_job(srv, location, timeout=20.0):
    """Polls a job's status resource until it is done; returns the last
    response (redirects not followed)."""
    deadline = time.monotonic() + timeout
    with httpx.Client(timeout=5.0) as c:
        while True:
            r = c.get(srv.url + location)
            assert r.headers.get("cache-control") == "no-store"
            if r.status_code == 303 or r.json()["state"] == "done":
                return r
            assert r.status_code == 200
            assert r.json()["state"] == "running"
            assert time.monotonic() < deadline, "the job never finished"
            time.sleep(0.05)


@contextlib.contextmanager
def undeletable(path):
    """Makes the file at path impossible to remove for the server."""
    if os.geteuid() == 0:
        done = subprocess.run(["chattr", "+i", str(path)],
                              capture_output=True)
        if done.returncode != 0:
            pytest.skip("chattr +i is not available here")
        try:
            yield
        finally:
            subprocess.run(["chattr", "-i", str(path)], check=True)
    else:
        parent = path.parent
        mode = parent.stat().st_mode
        parent.chmod(stat.S_IRUSR | stat.S_IXUSR)
        try:
            yield
        finally:
            parent.chmod(mode)


def props_or_xfail(srv, path, value):
    """Sets the dead property Z:color on path (PROPPATCH, 9.2)."""
    body = ('<?xml version="1.0"?><D:propertyupdate xmlns:D="DAV:" '
            'xmlns:Z="urn:z"><D:set><D:prop><Z:color>' + value +
            '</Z:color></D:prop></D:set></D:propertyupdate>')
    r = dav(srv, "PROPPATCH", path, body=body.encode(),
            headers={"Content-Type": "application/xml"})
    if r.status_code == 501:
        pytest.xfail("PROPPATCH is not implemented yet")
    assert r.status_code == 207, r.text


def color(srv, path):
    body = (b'<?xml version="1.0"?><D:propfind xmlns:D="DAV:" '
            b'xmlns:Z="urn:z"><D:prop><Z:color/></D:prop></D:propfind>')
    r = dav(srv, "PROPFIND", path, body=body,
            headers={"Depth": "0", "Content-Type": "application/xml"})
    ms = Multistatus(r)
    (entry,) = ms.responses.values()
    el = entry["props"].get(200, {}).get("{urn:z}color")
    return None if el is None else el.text


# ---------------------------------------------------------------------------
# MKCOL (9.3)


def test_mkcol_creates_a_collection(srv):
    """9.3.1: 201 Created; Location names the new collection."""
    r = dav(srv, "MKCOL", "/made")
    assert r.status_code == 201, r.text
    assert r.headers["location"].endswith("/made/")
    assert (srv.tree / "made").is_dir()


def test_mkcol_on_an_existing_resource_is_405(srv):
    """9.3.1: MKCOL can only be executed on an unmapped URL; RFC 9110
    15.5.6: a 405 lists the methods the resource allows."""
    make(srv.tree, {"mk-exists": {}, "mk-file.txt": b"x"})
    r = dav(srv, "MKCOL", "/mk-exists/")
    assert r.status_code == 405
    allow = {m.strip() for m in r.headers["allow"].split(",")}
    assert {"PROPFIND", "DELETE", "COPY", "MOVE"} <= allow
    assert "PUT" not in allow and "MKCOL" not in allow
    r = dav(srv, "MKCOL", "/mk-file.txt")
    assert r.status_code == 405
    assert "PUT" in r.headers["allow"]
    assert (srv.tree / "mk-file.txt").read_bytes() == b"x"


def test_mkcol_without_parent_is_409(srv):
    """9.3.1: intermediate collections MUST NOT be created."""
    r = dav(srv, "MKCOL", "/mk-none/child/")
    assert r.status_code == 409
    assert not (srv.tree / "mk-none").exists()


def test_mkcol_below_a_file_is_409(srv):
    make(srv.tree, {"mk-plain.txt": b"x"})
    assert dav(srv, "MKCOL", "/mk-plain.txt/sub/").status_code == 409


def test_mkcol_with_a_body_is_415(srv):
    """9.3.1: a body type the server does not understand is 415."""
    r = dav(srv, "MKCOL", "/mk-body/", body=b"<x/>",
            headers={"Content-Type": "application/xml"})
    assert r.status_code == 415
    assert not (srv.tree / "mk-body").exists()


# ---------------------------------------------------------------------------
# DELETE (9.6)


def test_delete_a_file_is_204(srv):
    make(srv.tree, {"del-one.txt": b"bye"})
    r = dav(srv, "DELETE", "/del-one.txt")
    assert r.status_code == 204
    assert not (srv.tree / "del-one.txt").exists()


def test_delete_a_collection_removes_everything(srv):
    """9.6.1: DELETE on a collection acts as Depth infinity."""
    make(srv.tree, {"del-tree": {"a.txt": b"a", "sub": {"b.txt": b"b",
                                                         "deep": {}}}})
    r = dav(srv, "DELETE", "/del-tree/")
    assert r.status_code == 204, r.text
    assert not (srv.tree / "del-tree").exists()


def test_delete_missing_is_404(srv):
    assert dav(srv, "DELETE", "/del-none").status_code == 404


@pytest.mark.parametrize("depth", ["0", "1"])
def test_delete_collection_with_finite_depth_is_400(srv, depth):
    """9.6.1: a client MUST NOT send Depth other than infinity with a
    DELETE on a collection."""
    make(srv.tree, {"del-depth": {"x.txt": b"x"}})
    r = dav(srv, "DELETE", "/del-depth/", headers={"Depth": depth})
    assert r.status_code == 400
    assert (srv.tree / "del-depth" / "x.txt").exists()


def test_delete_of_a_link_keeps_its_target(srv):
    """RFC 5842 2.1: deleting a binding leaves the resource it leads to;
    a link inside a deleted collection is removed, never followed."""
    make(srv.tree, {"del-target": {"keep.txt": b"keep"},
                    "del-holder": {"f.txt": b"f"}})
    os.symlink("del-target", srv.tree / "del-link")
    os.symlink("../del-target", srv.tree / "del-holder" / "inner")
    assert dav(srv, "DELETE", "/del-link").status_code == 204
    assert not os.path.lexists(srv.tree / "del-link")
    assert dav(srv, "DELETE", "/del-holder/").status_code == 204
    assert not (srv.tree / "del-holder").exists()
    assert (srv.tree / "del-target" / "keep.txt").read_bytes() == b"keep"


def test_delete_partial_failure_is_207(srv):
    """9.6.1: a member that cannot be deleted is listed in a 207 with its
    error; its ancestors, which cannot go either, are left out (and 424
    SHOULD NOT appear); what could go is gone."""
    make(srv.tree, {"part": {"b.txt": b"b", "gone": {"a.txt": b"a"},
                             "keep": {"stuck.txt": b"s", "other.txt": b"o"}}})
    stuck = srv.tree / "part" / "keep" / "stuck.txt"
    with undeletable(stuck):
        r = dav(srv, "DELETE", "/part/")
        ms = Multistatus(r)
        assert list(ms.responses) == ["/part/keep/stuck.txt"]
        assert ms.status("/part/keep/stuck.txt") == 403
        assert contents(srv.tree / "part") == {
            "keep": "dir", "keep/stuck.txt": b"s"}


# ---------------------------------------------------------------------------
# COPY (9.8)


def test_copy_a_file_is_201(srv):
    """9.8.1, 9.8.5: 201 when a new resource was created, Location naming
    it; the content and the permission bits are the source's."""
    make(srv.tree, {"cp-src.txt": b"content\n"})
    os.chmod(srv.tree / "cp-src.txt", 0o640)
    r = dav(srv, "COPY", "/cp-src.txt", headers=dest(srv, "/cp-dst.txt"))
    assert r.status_code == 201, r.text
    assert r.headers["location"].endswith("/cp-dst.txt")
    assert (srv.tree / "cp-dst.txt").read_bytes() == b"content\n"
    assert stat.S_IMODE(os.stat(srv.tree / "cp-dst.txt").st_mode) == 0o640
    assert (srv.tree / "cp-src.txt").exists()


def test_copy_destination_as_a_path_and_encoded(srv):
    """10.3 and 8.3: Destination is an absolute URI or an absolute path;
    it is percent-decoded like the request URI."""
    make(srv.tree, {"cp-enc.txt": b"e"})
    r = dav(srv, "COPY", "/cp-enc.txt",
            headers={"Destination": "/cp%20enc%20copy.txt"})
    assert r.status_code == 201, r.text
    assert (srv.tree / "cp enc copy.txt").read_bytes() == b"e"


def test_copy_onto_an_existing_file_is_204(srv):
    """9.8.4, 9.8.5: 204 when an existing resource was overwritten."""
    make(srv.tree, {"cp-a.txt": b"new", "cp-b.txt": b"old old"})
    r = dav(srv, "COPY", "/cp-a.txt", headers=dest(srv, "/cp-b.txt"))
    assert r.status_code == 204
    assert (srv.tree / "cp-b.txt").read_bytes() == b"new"
    assert not [n for n in os.listdir(srv.tree) if n.startswith(".dav")]


def test_copy_with_overwrite_f_is_412(srv):
    """10.6, 9.8.5: Overwrite F and an existing destination: 412, and
    nothing changes."""
    make(srv.tree, {"cp-f1.txt": b"one", "cp-f2.txt": b"two"})
    r = dav(srv, "COPY", "/cp-f1.txt",
            headers={**dest(srv, "/cp-f2.txt"), "Overwrite": "F"})
    assert r.status_code == 412
    assert (srv.tree / "cp-f2.txt").read_bytes() == b"two"


def test_copy_with_overwrite_f_to_a_new_name_is_201(srv):
    make(srv.tree, {"cp-g1.txt": b"one"})
    r = dav(srv, "COPY", "/cp-g1.txt",
            headers={**dest(srv, "/cp-g2.txt"), "Overwrite": "F"})
    assert r.status_code == 201


def test_copy_onto_itself_is_403(srv):
    """9.8.5: 403 when source and destination are the same."""
    make(srv.tree, {"cp-self.txt": b"s", "cp-selfdir": {"m.txt": b"m"}})
    r = dav(srv, "COPY", "/cp-self.txt", headers=dest(srv, "/cp-self.txt"))
    assert r.status_code == 403
    r = dav(srv, "COPY", "/cp-selfdir/", headers=dest(srv, "/cp-selfdir/"))
    assert r.status_code == 403
    assert (srv.tree / "cp-self.txt").read_bytes() == b"s"


def test_copy_into_itself_or_over_its_ancestor_is_refused(srv):
    """A collection copied inside itself would never end; one copied over
    a collection that holds it would delete itself first (9.8.4)."""
    make(srv.tree, {"cp-nest": {"in": {"x.txt": b"x"}}})
    r = dav(srv, "COPY", "/cp-nest/", headers=dest(srv, "/cp-nest/in/c/"))
    assert r.status_code == 403
    r = dav(srv, "COPY", "/cp-nest/in/", headers=dest(srv, "/cp-nest/"))
    assert r.status_code == 403
    r = dav(srv, "COPY", "/cp-nest/in/",
            headers={**dest(srv, "/cp-nest/"), "Overwrite": "F"})
    assert r.status_code == 412
    assert contents(srv.tree / "cp-nest") == {"in": "dir", "in/x.txt": b"x"}


def test_copy_without_destination_parent_is_409(srv):
    """9.8.5: 409 when intermediate collections are missing."""
    make(srv.tree, {"cp-orphan.txt": b"o"})
    r = dav(srv, "COPY", "/cp-orphan.txt",
            headers=dest(srv, "/cp-nowhere/x.txt"))
    assert r.status_code == 409
    assert not (srv.tree / "cp-nowhere").exists()


@pytest.mark.parametrize("destination", [
    "http://elsewhere.example/cp-x.txt",
    "http://127.0.0.1:1/cp-x.txt",
    "ftp://127.0.0.1/cp-x.txt",
])
def test_copy_to_another_server_is_502(srv, destination):
    """9.8.5: 502 when the destination is on another server (this one
    never forwards a COPY)."""
    make(srv.tree, {"cp-far.txt": b"f"})
    r = dav(srv, "COPY", "/cp-far.txt", headers={"Destination": destination})
    assert r.status_code == 502
    assert not (srv.tree / "cp-x.txt").exists()


def test_copy_authority_compared_without_case(srv):
    """RFC 3986 3.1, 3.2.2: scheme and host are case-insensitive; a
    missing port is the scheme's default on both sides."""
    make(srv.tree, {"cp-case.txt": b"c"})
    ex = srv.raw(request("COPY", "/cp-case.txt", host="Tree.Example",
                         headers=["Destination: HTTP://tree.EXAMPLE:80/"
                                  "cp-case2.txt"]),
                 methods=["COPY"], expect=1, settle=0)
    assert ex.response.status == 201, ex.response
    assert (srv.tree / "cp-case2.txt").read_bytes() == b"c"


def test_copy_to_a_name_kept_from_clients_is_403(srv):
    """The status resources of jobs (and dot files, unless served) are
    not part of the namespace: nothing may be copied there."""
    make(srv.tree, {"cp-hide.txt": b"h"})
    for target in ("/.dav-jobs/x", "/.hidden"):
        r = dav(srv, "COPY", "/cp-hide.txt", headers=dest(srv, target))
        assert r.status_code == 403, target
    assert not os.path.lexists(srv.tree / ".dav-jobs")
    assert not os.path.lexists(srv.tree / ".hidden")


def test_copy_without_destination_is_400(srv):
    """10.3: COPY requires a Destination."""
    make(srv.tree, {"cp-nodest.txt": b"n"})
    assert dav(srv, "COPY", "/cp-nodest.txt").status_code == 400


@pytest.mark.parametrize("headers", [
    {"Depth": "1"},
    {"Overwrite": "maybe"},
    {"Destination": "not a uri"},
])
def test_copy_bad_headers_are_400(srv, headers):
    """9.8.3: COPY takes Depth 0 or infinity; 10.6: Overwrite is T or F;
    10.3: Destination is a URI."""
    make(srv.tree, {"cp-bad": {"x.txt": b"x"}})
    h = {**dest(srv, "/cp-bad2/"), **headers}
    assert dav(srv, "COPY", "/cp-bad/", headers=h).status_code == 400
    assert not (srv.tree / "cp-bad2").exists()


def test_copy_missing_source_is_404(srv):
    r = dav(srv, "COPY", "/cp-ghost", headers=dest(srv, "/cp-ghost2"))
    assert r.status_code == 404


def test_copy_collection_depth_infinity(srv):
    """9.8.3: without Depth, a collection is copied with all its
    members."""
    spec = {"a.txt": b"a", "sub": {"b.txt": b"b", "empty": {}}}
    make(srv.tree, {"cp-col": spec})
    r = dav(srv, "COPY", "/cp-col/", headers=dest(srv, "/cp-col2/"))
    assert r.status_code == 201, r.text
    assert r.headers["location"].endswith("/cp-col2/")
    assert contents(srv.tree / "cp-col2") == contents(srv.tree / "cp-col")


def test_copy_collection_depth_0_copies_no_member(srv):
    """9.8.3: Depth 0 copies the collection and its properties, not its
    members."""
    make(srv.tree, {"cp-shallow": {"a.txt": b"a", "sub": {}}})
    r = dav(srv, "COPY", "/cp-shallow/",
            headers={**dest(srv, "/cp-shallow2/"), "Depth": "0"})
    assert r.status_code == 201
    assert (srv.tree / "cp-shallow2").is_dir()
    assert os.listdir(srv.tree / "cp-shallow2") == []


def test_copy_overwrite_deletes_the_destination_first(srv):
    """9.8.4: overwriting is a DELETE of the destination, then the copy:
    nothing of the old destination remains."""
    make(srv.tree, {"cp-o-src": {"new.txt": b"n"},
                    "cp-o-dst": {"old.txt": b"o", "olddir": {"x": b"x"}}})
    r = dav(srv, "COPY", "/cp-o-src/", headers=dest(srv, "/cp-o-dst/"))
    assert r.status_code == 204
    assert contents(srv.tree / "cp-o-dst") == {"new.txt": b"n"}


def test_copy_collection_over_a_file(srv):
    make(srv.tree, {"cp-c2f": {"m.txt": b"m"}, "cp-c2f-dst": b"file"})
    r = dav(srv, "COPY", "/cp-c2f/", headers=dest(srv, "/cp-c2f-dst"))
    assert r.status_code == 204
    assert contents(srv.tree / "cp-c2f-dst") == {"m.txt": b"m"}


def test_copy_a_loop_is_508_and_writes_nothing(srv):
    """RFC 5842 7.2: a link that makes a collection contain itself makes
    a Depth infinity COPY infinite: 508, the entire operation failed."""
    make(srv.tree, {"cp-loop": {"a.txt": b"a"}})
    os.symlink(".", srv.tree / "cp-loop" / "self")
    r = dav(srv, "COPY", "/cp-loop/", headers=dest(srv, "/cp-loop2/"))
    assert r.status_code == 508
    assert not os.path.lexists(srv.tree / "cp-loop2")


def test_copy_a_loop_with_bind_keeps_the_binding(srv):
    """RFC 5842 2.3: for a client that knows bindings (DAV: bind), the
    copy binds the repeated collection to its own copy."""
    make(srv.tree, {"cp-bloop": {"a.txt": b"a", "in": {}}})
    os.symlink("..", srv.tree / "cp-bloop" / "in" / "up")
    r = dav(srv, "COPY", "/cp-bloop/",
            headers={**dest(srv, "/cp-bloop2/"), "DAV": "bind"})
    assert r.status_code == 201, r.text
    copy = srv.tree / "cp-bloop2"
    assert (copy / "a.txt").read_bytes() == b"a"
    assert os.path.islink(copy / "in" / "up")
    assert os.path.samefile(copy / "in" / "up", copy)


def test_copy_follows_links_to_files(srv):
    """A copy holds what GET on the source gives (as mod_dav does)."""
    make(srv.tree, {"cp-ln": {"real.txt": b"real"}})
    os.symlink("real.txt", srv.tree / "cp-ln" / "alias.txt")
    r = dav(srv, "COPY", "/cp-ln/", headers=dest(srv, "/cp-ln2/"))
    assert r.status_code == 201
    assert not os.path.islink(srv.tree / "cp-ln2" / "alias.txt")
    assert (srv.tree / "cp-ln2" / "alias.txt").read_bytes() == b"real"


def test_copy_keeps_dead_properties(srv):
    """9.8.2: dead properties are duplicated on the destination."""
    make(srv.tree, {"cp-prop.txt": b"p", "cp-propdir": {"m.txt": b"m"}})
    props_or_xfail(srv, "/cp-prop.txt", "red")
    props_or_xfail(srv, "/cp-propdir/m.txt", "blue")
    assert dav(srv, "COPY", "/cp-prop.txt",
               headers=dest(srv, "/cp-prop2.txt")).status_code == 201
    assert dav(srv, "COPY", "/cp-propdir/",
               headers=dest(srv, "/cp-propdir2/")).status_code == 201
    assert color(srv, "/cp-prop2.txt") == "red"
    assert color(srv, "/cp-prop.txt") == "red"
    assert color(srv, "/cp-propdir2/m.txt") == "blue"


def test_overwritten_destination_loses_its_properties(srv):
    """9.8.4: the destination is deleted before the copy; its dead
    properties go with it."""
    make(srv.tree, {"cp-pa.txt": b"a", "cp-pb.txt": b"b"})
    props_or_xfail(srv, "/cp-pb.txt", "green")
    assert dav(srv, "COPY", "/cp-pa.txt",
               headers=dest(srv, "/cp-pb.txt")).status_code == 204
    assert color(srv, "/cp-pb.txt") is None


# ---------------------------------------------------------------------------
# MOVE (9.9)


def test_move_a_file_is_201(srv):
    make(srv.tree, {"mv-a.txt": b"moving"})
    r = dav(srv, "MOVE", "/mv-a.txt", headers=dest(srv, "/mv-b.txt"))
    assert r.status_code == 201
    assert r.headers["location"].endswith("/mv-b.txt")
    assert not (srv.tree / "mv-a.txt").exists()
    assert (srv.tree / "mv-b.txt").read_bytes() == b"moving"


def test_move_onto_an_existing_collection_is_204(srv):
    """9.9.3: the destination is deleted first; 9.9.4: 204."""
    make(srv.tree, {"mv-src": {"n.txt": b"n", "s": {"t.txt": b"t"}},
                    "mv-dst": {"old.txt": b"o"}})
    r = dav(srv, "MOVE", "/mv-src/", headers=dest(srv, "/mv-dst/"))
    assert r.status_code == 204, r.text
    assert not (srv.tree / "mv-src").exists()
    assert contents(srv.tree / "mv-dst") == {"n.txt": b"n", "s": "dir",
                                             "s/t.txt": b"t"}


def test_move_collection_over_a_file_and_file_over_collection(srv):
    make(srv.tree, {"mv-c": {"m": b"m"}, "mv-f": b"f",
                    "mv-g": b"g", "mv-h": {"x": b"x"}})
    assert dav(srv, "MOVE", "/mv-c/",
               headers=dest(srv, "/mv-f")).status_code == 204
    assert contents(srv.tree / "mv-f") == {"m": b"m"}
    assert dav(srv, "MOVE", "/mv-g",
               headers=dest(srv, "/mv-h")).status_code == 204
    assert (srv.tree / "mv-h").read_bytes() == b"g"


def test_move_with_overwrite_f_is_412(srv):
    make(srv.tree, {"mv-f1.txt": b"1", "mv-f2.txt": b"2"})
    r = dav(srv, "MOVE", "/mv-f1.txt",
            headers={**dest(srv, "/mv-f2.txt"), "Overwrite": "F"})
    assert r.status_code == 412
    assert (srv.tree / "mv-f1.txt").exists()
    assert (srv.tree / "mv-f2.txt").read_bytes() == b"2"


@pytest.mark.parametrize("depth", ["0", "1"])
def test_move_collection_with_finite_depth_is_400(srv, depth):
    """9.9.2: MOVE on a collection takes only Depth infinity."""
    make(srv.tree, {"mv-depth": {"x": b"x"}})
    r = dav(srv, "MOVE", "/mv-depth/",
            headers={**dest(srv, "/mv-depth2/"), "Depth": depth})
    assert r.status_code == 400
    assert (srv.tree / "mv-depth" / "x").exists()


def test_move_checks(srv):
    """9.9.4: 403 same source and destination, 409 missing parent, 502
    another server; 404 without a source; 400 without Destination."""
    make(srv.tree, {"mv-chk": {"x": b"x"}})
    assert dav(srv, "MOVE", "/mv-chk/",
               headers=dest(srv, "/mv-chk/")).status_code == 403
    assert dav(srv, "MOVE", "/mv-chk/",
               headers=dest(srv, "/mv-chk/in/")).status_code == 403
    assert dav(srv, "MOVE", "/mv-chk/",
               headers=dest(srv, "/mv-no/x/")).status_code == 409
    assert dav(srv, "MOVE", "/mv-chk/", headers={
        "Destination": "http://other.example/mv/"}).status_code == 502
    assert dav(srv, "MOVE", "/mv-none",
               headers=dest(srv, "/mv-none2")).status_code == 404
    assert dav(srv, "MOVE", "/mv-chk/").status_code == 400
    assert contents(srv.tree / "mv-chk") == {"x": b"x"}


def test_move_takes_dead_properties_along(srv):
    """9.9.1: dead properties move with the resource."""
    make(srv.tree, {"mv-prop": {"m.txt": b"m"}})
    props_or_xfail(srv, "/mv-prop/m.txt", "violet")
    assert dav(srv, "MOVE", "/mv-prop/",
               headers=dest(srv, "/mv-prop2/")).status_code == 201
    assert color(srv, "/mv-prop2/m.txt") == "violet"


def test_move_across_file_systems(srv):
    """9.9: where rename() cannot (another file system mounted in the
    tree), a MOVE is a copy, then a delete of the source."""
    with small_fs(srv, "mv-mnt", "1m") as mnt:
        make(srv.tree, {"mv-x": {"a.txt": b"a", "s": {"b.txt": b"b"}},
                        "mv-y.txt": b"y", "mv-z.txt": b"z"})
        (mnt / "z").write_bytes(b"old")
        r = dav(srv, "MOVE", "/mv-x/", headers=dest(srv, "/mv-mnt/x/"))
        assert r.status_code == 201, r.text
        assert not (srv.tree / "mv-x").exists()
        assert contents(mnt / "x") == {"a.txt": b"a", "s": "dir",
                                       "s/b.txt": b"b"}
        r = dav(srv, "MOVE", "/mv-y.txt", headers=dest(srv, "/mv-mnt/y"))
        assert r.status_code == 201, r.text
        assert not (srv.tree / "mv-y.txt").exists()
        assert (mnt / "y").read_bytes() == b"y"
        r = dav(srv, "MOVE", "/mv-z.txt", headers=dest(srv, "/mv-mnt/z"))
        assert r.status_code == 204, r.text
        assert (mnt / "z").read_bytes() == b"z"


def test_full_disk_is_507_and_leaves_no_partial_file(srv):
    """RFC 4918 9.8.5, 11.5: 507 when the destination has no room (RFC
    4331 6: sufficient-disk-space); the old destination stays whole and
    no partial copy remains.  In a collection, the member that did not
    fit is listed in a 207 with 507 (9.8.3), the rest is copied."""
    with small_fs(srv, "cp-full", "256k") as mnt:
        make(srv.tree, {"cp-huge.bin": b"h" * (1 << 20),
                        "cp-mix": {"small.txt": b"s",
                                   "huge.bin": b"h" * (1 << 20)}})
        (mnt / "old.bin").write_bytes(b"old")
        r = dav(srv, "COPY", "/cp-huge.bin",
                headers=dest(srv, "/cp-full/old.bin"))
        assert r.status_code == 507, r.text
        assert b"sufficient-disk-space" in r.content
        assert os.listdir(mnt) == ["old.bin"]
        assert (mnt / "old.bin").read_bytes() == b"old"
        r = dav(srv, "COPY", "/cp-mix/", headers=dest(srv, "/cp-full/mix/"))
        ms = Multistatus(r)
        assert list(ms.responses) == ["/cp-full/mix/huge.bin"]
        assert ms.status("/cp-full/mix/huge.bin") == 507
        assert contents(mnt / "mix") == {"small.txt": b"s"}


def test_members_of_a_collection_that_failed_are_424(srv):
    """RFC 4918 9.8.3, 11.4: a member collection that cannot be made is
    listed with its own status, and what it would have held with 424
    Failed Dependency; the other members are copied."""
    # Room for the root, the copy's collection and one file: the second
    # collection finds no inode left.
    with small_fs(srv, "cp-inodes", "1m", inodes=3) as mnt:
        make(srv.tree, {"cp-dep": {"a.txt": b"a",
                                   "s": {"b.txt": b"b", "t": {"c.txt": b"c"}}}})
        r = dav(srv, "COPY", "/cp-dep/", headers=dest(srv, "/cp-inodes/x/"))
        ms = Multistatus(r)
        assert ms.status("/cp-inodes/x/s/") == 507
        assert ms.status("/cp-inodes/x/s/b.txt") == 424
        assert ms.status("/cp-inodes/x/s/t/") == 424
        assert ms.status("/cp-inodes/x/s/t/c.txt") == 424
        assert len(ms.responses) == 4
        assert contents(mnt / "x") == {"a.txt": b"a"}


# ---------------------------------------------------------------------------
# 102 Processing (RFC 2518 10.1)


@pytest.fixture(scope="module")
def slow(tmp_path_factory):
    """A server that sends 102 every millisecond, over a tree of 3000
    files: a copy takes long enough to see some."""
    work = tmp_path_factory.mktemp("slow")
    tree = work / "slow-tree"
    make(tree, {"big": {f"d{i}": {f"f{k}.txt": b"x" * 64 for k in range(100)}
                        for i in range(30)}})
    with dav_server(work, "--dav-processing-interval", "0.001", tree=tree,
                    name="slow", shared=True) as s:
        yield s


def test_102_processing_while_a_copy_runs(slow):
    """RFC 2518 10.1: interim 102 responses, then the final one."""
    with Conn(slow, timeout=30) as c:
        c.send(request("COPY", "/big/", headers=["Destination: /big-copy/"]))
        r = c.read_response("COPY")
    assert r.status == 201
    assert r.interim, "no 102 Processing was sent"
    assert {i.status for i in r.interim} == {102}
    assert len(os.listdir(slow.tree / "big-copy")) == 30


def test_no_102_to_http10(slow):
    """RFC 9110 15.2: a server MUST NOT send a 1xx to an HTTP/1.0
    client."""
    with Conn(slow, timeout=30) as c:
        c.send(request("COPY", "/big/", version="HTTP/1.0",
                       headers=["Destination: /big-copy10/"]))
        r = c.read_response("COPY")
    assert r.status == 201
    assert r.interim == []
    assert len(os.listdir(slow.tree / "big-copy10")) == 30


def test_stopping_server_cancels_running_jobs(tmp_path):
    """A job of respond-async is stopped and waited for when the server
    stops: it exits cleanly (the server fixture checks status 0 and no
    leak)."""
    tree = tmp_path / "stop-tree"
    make(tree, {"src": {f"d{i}": {f"f{k}": b"y" * 100 for k in range(100)}
                        for i in range(20)}})
    with dav_server(tmp_path, tree=tree, name="stop") as s:
        r = dav(s, "COPY", "/src/", headers={**dest(s, "/dst/"),
                                              "Prefer": "respond-async"})
        assert r.status_code == 202
        assert s.stop() == 0


# ---------------------------------------------------------------------------
# 202 Accepted with Prefer: respond-async (RFC 7240 4.1)


def test_async_copy_reports_at_its_status_resource(srv):
    """RFC 7240 4.1: 202 with Location of a status resource and
    Preference-Applied; once done, it sends the client to the result."""
    make(srv.tree, {"as-src": {"a.txt": b"a", "s": {"b.txt": b"b"}}})
    r = dav(srv, "COPY", "/as-src/", headers={**dest(srv, "/as-dst/"),
                                               "Prefer": "respond-async"})
    assert r.status_code == 202, r.text
    assert r.headers["preference-applied"] == "respond-async"
    loc = r.headers["location"]
    assert "/.dav-jobs/" in loc
    done = wait_job(srv, loc)
    assert done.status_code == 303
    assert done.headers["location"].endswith("/as-dst/")
    assert done.json()["status"] == 201
    assert contents(srv.tree / "as-dst") == contents(srv.tree / "as-src")


def test_async_delete_and_move(srv):
    make(srv.tree, {"as-del": {"x": {"y.txt": b"y"}},
                    "as-mv": {"z.txt": b"z"}})
    r = dav(srv, "DELETE", "/as-del/", headers={"Prefer": "respond-async"})
    assert r.status_code == 202
    done = wait_job(srv, r.headers["location"])
    assert done.status_code == 200
    assert done.json() == {"state": "done", "method": "DELETE",
                           "status": 204, "done": done.json()["done"]}
    assert not (srv.tree / "as-del").exists()
    r = dav(srv, "MOVE", "/as-mv/", headers={**dest(srv, "/as-mv2/"),
                                              "Prefer": "respond-async"})
    assert r.status_code == 202
    done = wait_job(srv, r.headers["location"])
    assert done.status_code == 303
    assert (srv.tree / "as-mv2" / "z.txt").exists()


def test_async_failure_is_reported(srv):
    """The outcome of a job that failed is its status (here RFC 5842
    7.2's 508), for the client to read at the status resource."""
    make(srv.tree, {"as-loop": {}})
    os.symlink(".", srv.tree / "as-loop" / "again")
    r = dav(srv, "COPY", "/as-loop/", headers={**dest(srv, "/as-loop2/"),
                                                "Prefer": "respond-async"})
    assert r.status_code == 202
    done = wait_job(srv, r.headers["location"])
    assert done.status_code == 200
    assert done.json()["status"] == 508


def test_async_partial_failure_carries_the_multistatus(srv):
    make(srv.tree, {"as-part": {"stuck.txt": b"s", "free.txt": b"f"}})
    stuck = srv.tree / "as-part" / "stuck.txt"
    with undeletable(stuck):
        r = dav(srv, "DELETE", "/as-part/",
                headers={"Prefer": "respond-async"})
        assert r.status_code == 202
        report = wait_job(srv, r.headers["location"]).json()
    assert report["status"] == 207
    assert "/as-part/stuck.txt" in report["multistatus"]
    assert "403" in report["multistatus"]


def test_async_checks_still_answer_at_once(srv):
    """The checks that need no work are answered without a job."""
    make(srv.tree, {"as-chk": {"x": b"x"}, "as-chk2": {}})
    r = dav(srv, "COPY", "/as-chk/", headers={
        **dest(srv, "/as-chk2/"), "Overwrite": "F",
        "Prefer": "respond-async"})
    assert r.status_code == 412
    r = dav(srv, "DELETE", "/as-none/", headers={"Prefer": "respond-async"})
    assert r.status_code == 404


def test_unknown_job_is_404(srv):
    r = dav(srv, "GET", "/.dav-jobs/1-0000000000000000")
    assert r.status_code == 404


# ---------------------------------------------------------------------------
# Quota (RFC 4331)


def test_quota_refuses_a_copy_with_nothing_written(tmp_path):
    """RFC 4918 9.8.5 and RFC 4331 6: 507 with quota-not-exceeded when
    the copy would pass the quota; nothing is written."""
    tree = tmp_path / "q-tree"
    make(tree, {"big.bin": b"q" * 60000, "dir": {"in.bin": b"i" * 60000}})
    with dav_server(tmp_path, "--dav-quota", "150k", tree=tree,
                    name="quota") as s:
        r = dav(s, "COPY", "/big.bin", headers=dest(s, "/big2.bin"))
        assert r.status_code == 507, r.text
        assert b"quota-not-exceeded" in r.content
        r = dav(s, "COPY", "/dir/", headers=dest(s, "/dir2/"))
        assert r.status_code == 507
        assert sorted(os.listdir(tree)) == ["big.bin", "dir"]
        # A move adds nothing: it is allowed.
        r = dav(s, "MOVE", "/dir/", headers=dest(s, "/moved/"))
        assert r.status_code == 201
