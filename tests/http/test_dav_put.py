"""
WebDAV PUT and OPTIONS (RFC 4918 9.7, 10.1; RFC 9110 9.3.4, 13, 14.5).

An upload replaces a file only once it is complete and on disk: the body
streams into an unnamed file beside the target, which is synced and then
renamed over it.  A cut-off upload leaves the old content and no stray
file; a full quota or disk is 507 with nothing written.
"""

import contextlib
import os
import socket
import struct
import time

import pytest

from conftest import Conn, request
from dav_common import dav, dav_server, small_fs


@pytest.fixture(scope="module")
def srv(tmp_path_factory):
    with dav_server(tmp_path_factory.mktemp("put"), shared=True) as s:
        yield s


def tree_names(srv, sub=""):
    return sorted(os.listdir(srv.tree / sub))


def test_put_new_is_201_with_location(srv):
    """RFC 9110 9.3.4, 15.3.2: a new resource is 201 Created, and Location
    names it."""
    r = dav(srv, "PUT", "/new.txt", body=b"first\n")
    assert r.status_code == 201
    assert r.headers["location"].endswith("/new.txt")
    assert (srv.tree / "new.txt").read_bytes() == b"first\n"


def test_put_replace_is_204(srv):
    dav(srv, "PUT", "/again.txt", body=b"one")
    r = dav(srv, "PUT", "/again.txt", body=b"two, longer")
    assert r.status_code == 204
    assert r.content == b""
    assert (srv.tree / "again.txt").read_bytes() == b"two, longer"


def test_get_sees_every_put_at_once(srv):
    """The file cache of read-only trees must not hide a new version."""
    for i in range(5):
        assert dav(srv, "PUT", "/fresh.txt", body=b"v%d" % i).status_code in (201, 204)
        assert dav(srv, "GET", "/fresh.txt").content == b"v%d" % i


def test_put_etag_is_the_get_etag(srv):
    r = dav(srv, "PUT", "/tagged.txt", body=b"tag me")
    g = dav(srv, "GET", "/tagged.txt")
    assert r.headers["etag"] == g.headers["etag"]


def test_put_with_missing_parent_is_409(srv):
    """RFC 4918 9.7.1: no intermediate collections are created."""
    r = dav(srv, "PUT", "/no/such/dir.txt", body=b"x")
    assert r.status_code == 409
    assert not (srv.tree / "no").exists()


def test_put_onto_a_collection_is_405(srv):
    (srv.tree / "coll").mkdir(exist_ok=True)
    for target in ("/coll", "/coll/", "/newcoll/"):
        r = dav(srv, "PUT", target, body=b"x")
        assert r.status_code == 405, target
        assert "MKCOL" in r.headers["allow"] or "PROPFIND" in r.headers["allow"]
    assert (srv.tree / "coll").is_dir()
    assert not (srv.tree / "newcoll").exists()


def test_content_range_in_put_is_400(srv):
    """RFC 9110 14.5: a partial PUT the server does not support MUST be
    400, not stored as the whole representation."""
    dav(srv, "PUT", "/ranged.txt", body=b"0123456789")
    r = dav(srv, "PUT", "/ranged.txt", body=b"AB",
            headers={"Content-Range": "bytes 0-1/10"})
    assert r.status_code == 400
    assert (srv.tree / "ranged.txt").read_bytes() == b"0123456789"


@pytest.mark.parametrize("coding", ["gzip", "br", "identity, gzip", "x-custom"])
def test_unsupported_content_encoding_is_415(srv, coding):
    """RFC 9110 15.5.16: content in a coding the server does not store
    is refused, with Accept-Encoding saying what it takes."""
    r = dav(srv, "PUT", "/coded.txt", body=b"\x1f\x8b whatever",
            headers={"Content-Encoding": coding})
    assert r.status_code == 415
    assert r.headers["accept-encoding"] == "identity"
    assert not (srv.tree / "coded.txt").exists()


def test_identity_content_encoding_is_stored(srv):
    r = dav(srv, "PUT", "/identity.txt", body=b"plain",
            headers={"Content-Encoding": "identity"})
    assert r.status_code == 201


def test_if_none_match_star_on_existing_is_412(srv):
    """RFC 9110 13.1.2: If-None-Match: * makes PUT create only."""
    dav(srv, "PUT", "/once.txt", body=b"original")
    r = dav(srv, "PUT", "/once.txt", body=b"clobber",
            headers={"If-None-Match": "*"})
    assert r.status_code == 412
    assert (srv.tree / "once.txt").read_bytes() == b"original"
    r = dav(srv, "PUT", "/once-new.txt", body=b"fresh",
            headers={"If-None-Match": "*"})
    assert r.status_code == 201


def test_if_match_guards_lost_updates(srv):
    """RFC 9110 13.1.1: If-Match must match the current entity-tag."""
    dav(srv, "PUT", "/guarded.txt", body=b"v1")
    etag = dav(srv, "GET", "/guarded.txt").headers["etag"]
    dav(srv, "PUT", "/guarded.txt", body=b"v2")  # someone else's update
    r = dav(srv, "PUT", "/guarded.txt", body=b"v3", headers={"If-Match": etag})
    assert r.status_code == 412
    assert (srv.tree / "guarded.txt").read_bytes() == b"v2"
    now = dav(srv, "GET", "/guarded.txt").headers["etag"]
    r = dav(srv, "PUT", "/guarded.txt", body=b"v3", headers={"If-Match": now})
    assert r.status_code == 204
    r = dav(srv, "PUT", "/unguarded-missing.txt", body=b"x",
            headers={"If-Match": "*"})
    assert r.status_code == 412


def test_refusal_before_100_continue(srv):
    """RFC 9110 10.1.1: a request that will be refused gets its final
    answer without 100 Continue, and the body need not be sent."""
    with Conn(srv) as c:
        c.send(request("PUT", "/no/parent.txt",
                       headers=["Content-Length: 1000000",
                                "Expect: 100-continue"], length=False))
        r = c.read_response("PUT")
    assert r.status == 409
    assert not r.interim


def test_chunked_put_streams(srv):
    body = os.urandom(3 * 1024 * 1024)
    pieces = b"".join(b"%x\r\n" % len(body[i:i + 65536]) + body[i:i + 65536] + b"\r\n"
                      for i in range(0, len(body), 65536))
    data = (b"PUT /chunked.bin HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked"
            b"\r\n\r\n" + pieces + b"0\r\n\r\n")
    r = srv.raw(data, expect=1).response
    assert r.status == 201
    assert (srv.tree / "chunked.bin").read_bytes() == body


def test_interrupted_upload_keeps_old_content(srv):
    """Half a body and a disconnect: the old file is intact and nothing
    else appears in the directory."""
    (srv.tree / "keep").mkdir(exist_ok=True)
    dav(srv, "PUT", "/keep/doc.txt", body=b"precious")
    before = tree_names(srv, "keep")
    with Conn(srv) as c:
        c.send(request("PUT", "/keep/doc.txt",
                       headers=["Content-Length: 1048576"], length=False))
        c.send(b"x" * 300000)
        time.sleep(0.1)
        c.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                          struct.pack("ii", 1, 0))
    deadline = time.monotonic() + 3
    while time.monotonic() < deadline:
        time.sleep(0.1)
        assert (srv.tree / "keep/doc.txt").read_bytes() == b"precious"
    assert tree_names(srv, "keep") == before
    assert srv.probe()


def test_a_large_upload_is_not_held_in_memory(srv):
    """64 MiB streamed: the server's peak memory grows by far less."""
    def hwm():
        for line in open(f"/proc/{srv.proc.pid}/status"):
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    before = hwm()
    size = 64 * 1024 * 1024
    with Conn(srv, timeout=60) as c:
        c.send(request("PUT", "/large.bin",
                       headers=[f"Content-Length: {size}"], length=False))
        block = b"\0" * (1 << 20)
        for _ in range(size // len(block)):
            c.send(block)
        r = c.read_response("PUT")
    assert r.status == 201
    assert (srv.tree / "large.bin").stat().st_size == size
    assert hwm() - before < 16 * 1024 * 1024
    os.unlink(srv.tree / "large.bin")


def test_dot_files_stay_hidden(srv):
    """As with read-only trees, names starting with '.' are not served
    unless the configuration allows them."""
    r = dav(srv, "PUT", "/.hidden", body=b"x")
    assert r.status_code == 404
    assert not (srv.tree / ".hidden").exists()


def test_options_advertises_dav_classes(srv):
    """RFC 4918 10.1, 18: DAV: 1, 2 (locks), and Allow lists what the
    resource takes in its current state."""
    dav(srv, "PUT", "/opt.txt", body=b"x")
    (srv.tree / "optdir").mkdir(exist_ok=True)
    f = dav(srv, "OPTIONS", "/opt.txt")
    assert f.status_code == 200
    assert [c.strip() for c in f.headers["dav"].split(",")] == ["1", "2"]
    allow = {m.strip() for m in f.headers["allow"].split(",")}
    assert {"GET", "PUT", "DELETE", "PROPFIND", "PROPPATCH", "COPY", "MOVE",
            "LOCK", "UNLOCK", "OPTIONS"} <= allow
    d = {m.strip() for m in dav(srv, "OPTIONS", "/optdir/").headers["allow"].split(",")}
    assert "PUT" not in d and {"PROPFIND", "DELETE", "MOVE"} <= d
    u = {m.strip() for m in dav(srv, "OPTIONS", "/unmapped").headers["allow"].split(",")}
    assert {"PUT", "MKCOL", "LOCK"} <= u and "DELETE" not in u


def test_unknown_method_on_the_tree_is_405_with_allow(srv):
    r = dav(srv, "POST", "/opt.txt", body=b"x")
    assert r.status_code == 405
    assert "PUT" in r.headers["allow"]


def test_quota_is_507_and_writes_nothing(tmp_path):
    """RFC 4918 11.5: 507 when the upload does not fit; no partial file."""
    with dav_server(tmp_path, "--dav-quota", "10000") as s:
        assert dav(s, "PUT", "/small", body=b"x" * 4000).status_code == 201
        r = dav(s, "PUT", "/big", body=b"x" * 7000)
        assert r.status_code == 507
        assert not (s.tree / "big").exists()
        # chunked: the size is learnt while reading
        data = (b"PUT /big2 HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
                + b"".join(b"3e8\r\n" + b"y" * 1000 + b"\r\n" for _ in range(8))
                + b"0\r\n\r\n")
        assert s.raw(data, expect=1).response.status == 507
        assert sorted(os.listdir(s.tree)) == ["small"]
        # replacing counts only the growth
        assert dav(s, "PUT", "/small", body=b"z" * 9000).status_code == 204


def test_max_put_is_413(tmp_path):
    """RFC 9110 15.5.14: a body over the configured limit."""
    with dav_server(tmp_path, "--dav-max-put", "1000") as s:
        assert dav(s, "PUT", "/ok", body=b"x" * 1000).status_code == 201
        assert dav(s, "PUT", "/too-big", body=b"x" * 1001).status_code == 413
        assert not (s.tree / "too-big").exists()


def test_quota_counts_an_upload_once(tmp_path):
    """RFC 4331 (quota): an upload that fits is stored, however many
    pieces its body arrives in; the bytes read so far are not counted
    twice against what is left."""
    with dav_server(tmp_path, "--dav-quota", "4M") as s:
        body = os.urandom(3 * 1024 * 1024)
        r = dav(s, "PUT", "/most-of-it.bin", body=body)
        assert r.status_code == 201
        assert (s.tree / "most-of-it.bin").read_bytes() == body
        # replaced by something larger that still fits
        r = dav(s, "PUT", "/most-of-it.bin", body=body + b"x" * 500000)
        assert r.status_code == 204


def cut_upload(srv, target, size, sent):
    """A PUT announcing `size` bytes that stops after `sent` of them, the
    connection reset."""
    with Conn(srv) as c:
        c.send(request("PUT", target, headers=[f"Content-Length: {size}"],
                       length=False))
        c.send(b"x" * sent)
        time.sleep(0.05)
        c.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                          struct.pack("ii", 1, 0))


def test_quota_forgets_failed_uploads(tmp_path):
    """RFC 4331 (quota): an upload cut short or refused with 507 stores
    nothing, so it must not use up the quota either."""
    with dav_server(tmp_path, "--dav-quota", "1M") as s:
        for i in range(3):
            cut_upload(s, f"/cut{i}.bin", 900000, 600000)
        data = (b"PUT /over HTTP/1.1\r\nHost: t\r\n"
                b"Transfer-Encoding: chunked\r\n\r\n"
                + b"".join(b"10000\r\n" + b"y" * 65536 + b"\r\n"
                           for _ in range(20))
                + b"0\r\n\r\n")
        assert s.raw(data, expect=1).response.status == 507
        assert sorted(os.listdir(s.tree)) == []
        r = dav(s, "PUT", "/fits.bin", body=b"z" * 900000)
        assert r.status_code == 201


def busy_pool_tree(tree, levels=13):
    """A collection whose links reach one directory by 2**levels paths:
    sizing it for a COPY keeps a pool thread busy for a while (the quota
    then refuses the copy, so nothing is written)."""
    dag = tree / "dag"
    for k in range(levels + 1):
        (dag / f"n{k}").mkdir(parents=True)
    for k in range(levels):
        os.symlink(f"../n{k + 1}", dag / f"n{k}" / "x")
        os.symlink(f"../n{k + 1}", dag / f"n{k}" / "y")
    (dag / f"n{levels}" / "leaf").write_bytes(b"z" * 100)


@contextlib.contextmanager
def busy_server(tmp_path):
    """A server whose tree can keep its pool busy (see busy_pool)."""
    tree = tmp_path / "busy-tree"
    busy_pool_tree(tree)
    with dav_server(tmp_path, "--dav-quota", "50k",
                    "--dav-processing-interval", "0.05", tree=tree) as s:
        yield s


@contextlib.contextmanager
def busy_pool(s):
    """Every pool thread of busy_server s busy while the block runs, so
    that the finishing work of a PUT sent meanwhile waits."""
    copies = []
    try:
        for i in range(8):  # as many as the pool has threads
            c = Conn(s, timeout=30)
            copies.append(c)
            c.send(request("COPY", "/dag/n0/",
                           headers=[f"Destination: /c{i}/"]))
        for c in copies:
            assert c.read_message("COPY").status == 102
        yield
        for c in copies:
            assert c.read_response("COPY").status == 507
    finally:
        for c in copies:
            c.close()


def test_client_gone_while_the_upload_is_made_durable(tmp_path):
    """The whole body sent, then the connection reset before the server
    has synced and renamed the file (that work waits for a pool thread):
    the work must not use what the ended exchange owned, and the upload
    completes or leaves nothing."""
    with busy_server(tmp_path) as s:
        with busy_pool(s), Conn(s) as c:
            c.send(request("PUT", "/late.txt", body=b"late upload"))
            time.sleep(0.05)
            c.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                              struct.pack("ii", 1, 0))
        assert s.probe()
        assert dav(s, "PUT", "/after.txt", body=b"ok").status_code == 201
        assert (s.tree / "late.txt").read_bytes() == b"late upload"
        assert not [n for n in os.listdir(s.tree) if n.startswith(".")]


def test_put_whose_name_became_a_collection_is_409(tmp_path):
    """RFC 4918 9.7.1: a collection made at the name while the upload was
    being received takes precedence: 409 Conflict (not 500), and the
    collection stays."""
    with busy_server(tmp_path) as s:
        with Conn(s, timeout=30) as c:
            with busy_pool(s):
                c.send(request("PUT", "/taken", body=b"file"))
                time.sleep(0.05)
                if c.quiet_for(0.01) != b"":
                    pytest.skip("the pool was free again before the "
                                "MKCOL: the upload finished first")
                assert dav(s, "MKCOL", "/taken").status_code == 201
            assert c.read_response("PUT").status == 409
        assert (s.tree / "taken").is_dir()


def test_quota_counts_what_the_upload_really_replaced(tmp_path):
    """RFC 4331 (quota): the file a PUT replaces is the one there when it
    is renamed into place; one deleted meanwhile was already given back,
    and giving it back twice would let the tree outgrow the quota."""
    with busy_server(tmp_path) as s:
        assert dav(s, "PUT", "/q.bin", body=b"q" * 20000).status_code == 201
        with Conn(s, timeout=30) as c:
            with busy_pool(s):
                c.send(request("PUT", "/q.bin", body=b"r" * 20000))
                time.sleep(0.05)
                if c.quiet_for(0.01) != b"":
                    pytest.skip("the pool was free again before the "
                                "DELETE: the upload finished first")
                assert dav(s, "DELETE", "/q.bin").status_code == 204
            assert c.read_response("PUT").status in (201, 204)
        assert (s.tree / "q.bin").read_bytes() == b"r" * 20000
        # a 50k quota with 20100 bytes held: 45000 more do not fit
        r = dav(s, "PUT", "/big.bin", body=b"b" * 45000)
        assert r.status_code == 507
        assert dav(s, "PUT", "/small.bin", body=b"s" * 20000).status_code == 201


def test_full_disk_is_507_and_keeps_the_old_file(srv):
    """RFC 4918 11.5: ENOSPC while the body is written is 507; the file
    being replaced stays whole and no partial file is left."""
    with small_fs(srv, "put-full", "256k") as mnt:
        (mnt / "old.bin").write_bytes(b"old")
        r = dav(srv, "PUT", "/put-full/old.bin", body=b"n" * (1 << 20))
        assert r.status_code == 507
        r = dav(srv, "PUT", "/put-full/new.bin", body=b"n" * (1 << 20))
        assert r.status_code == 507
        assert os.listdir(mnt) == ["old.bin"]
        assert (mnt / "old.bin").read_bytes() == b"old"
        assert dav(srv, "PUT", "/put-full/small.txt", body=b"fits").status_code == 201
