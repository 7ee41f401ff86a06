"""
`teapot --root TREE --dav`: write locks (RFC 4918 6, 7).  LOCK (9.10):
exclusive and shared locks, their conflicts (423 with
no-conflicting-lock), locking an unmapped URL (an empty file, 201),
refreshing (9.10.2) and the Timeout header (10.7); UNLOCK (9.11); the If
header (10.4): tagged and untagged lists, state tokens, entity-tags and
Not, 400 when malformed and 412 when false; the lock checks of every
write (7.4, 7.5: 423 with lock-token-submitted); locks that belong to a
principal (6.4); locks that outlive the server (6.3) and expire (6.6).
"""

import subprocess
import textwrap
import time
import uuid
import xml.etree.ElementTree as ET

import pytest

from dav_common import D, Multistatus, dav, dav_server, href_path

XML = "application/xml"

EXCLUSIVE = b"""<?xml version="1.0" encoding="utf-8"?>
<D:lockinfo xmlns:D="DAV:">
  <D:lockscope><D:exclusive/></D:lockscope>
  <D:locktype><D:write/></D:locktype>
  <D:owner><D:href>mailto:ann@example.org</D:href></D:owner>
</D:lockinfo>"""

SHARED = b"""<?xml version="1.0" encoding="utf-8"?>
<lockinfo xmlns="DAV:">
  <locktype><write/></locktype>
  <lockscope><shared/></lockscope>
</lockinfo>"""


@pytest.fixture(scope="module")
def srv(tmp_path_factory):
    with dav_server(tmp_path_factory.mktemp("locks"), shared=True) as s:
        yield s


# ---------------------------------------------------------------------------
# helpers


def make(srv, rel, data=b"content\n"):
    """A file (or, with rel ending in "/", a collection) in the tree."""
    p = srv.tree / rel.strip("/")
    if rel.endswith("/"):
        p.mkdir(parents=True, exist_ok=True)
    else:
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_bytes(data)
    return p


def lock(srv, path, body=EXCLUSIVE, headers=None):
    """LOCK path; returns (response, token or None)."""
    r = dav(srv, "LOCK", path, body=body, headers=headers)
    tok = r.headers.get("lock-token")
    if tok is not None:
        assert tok.startswith("<") and tok.endswith(">"), tok
        tok = tok[1:-1]
    return r, tok


def if_token(token):
    return {"If": f"(<{token}>)"}


def activelocks(resp):
    """The DAV:activelock elements of a LOCK response body."""
    assert resp.headers["content-type"].startswith(XML)
    root = ET.fromstring(resp.content)
    assert root.tag == D + "prop", root.tag
    disc = root.find(D + "lockdiscovery")
    assert disc is not None
    return disc.findall(D + "activelock")


def timeout_of(activelock):
    return activelock.find(D + "timeout").text.strip()


def error_hrefs(resp, condition):
    """The decoded hrefs inside the DAV:error precondition element."""
    assert resp.headers["content-type"].startswith(XML), resp.headers
    root = ET.fromstring(resp.content)
    assert root.tag == D + "error", resp.text
    cond = root.find(D + condition)
    assert cond is not None, resp.text
    return sorted(href_path(h.text) for h in cond.findall(D + "href"))


def lockdiscovery(srv, path):
    """The activelocks PROPFIND reports for path (15.8)."""
    body = (b'<?xml version="1.0"?><D:propfind xmlns:D="DAV:"><D:prop>'
            b'<D:lockdiscovery/></D:prop></D:propfind>')
    ms = Multistatus(dav(srv, "PROPFIND", path, body=body,
                         headers={"Depth": "0"}))
    prop = ms.prop(href_path(srv.url + path), D + "lockdiscovery")
    assert prop is not None
    return prop.findall(D + "activelock")


def written(r):
    """A write that the server carried out."""
    return 200 <= r.status_code < 300


def not_implemented_yet(r, method):
    if r.status_code == 501:
        pytest.xfail(f"{method} is not implemented by this server yet")


# ---------------------------------------------------------------------------
# LOCK (9.10)


def test_exclusive_lock_of_an_existing_file(srv):
    """RFC 9.10.1: 200 with the lockdiscovery property in a DAV:prop
    body, and the token in the Lock-Token header (10.5) and the body."""
    make(srv, "excl.txt")
    r, tok = lock(srv, "/excl.txt", headers={"Timeout": "Second-600"})
    assert r.status_code == 200
    assert tok and tok.startswith("urn:uuid:")  # 6.5
    (al,) = activelocks(r)
    assert al.find(f"{D}locktype/{D}write") is not None
    assert al.find(f"{D}lockscope/{D}exclusive") is not None
    assert al.find(D + "depth").text == "infinity"  # 9.10.3: the default
    assert al.find(f"{D}locktoken/{D}href").text.strip() == tok
    root = al.find(f"{D}lockroot/{D}href").text
    assert href_path(root) == "/excl.txt"
    owner = al.find(D + "owner")  # 14.17: kept as the client sent it
    assert owner.find(D + "href").text == "mailto:ann@example.org"
    assert timeout_of(al) == "Second-600"


def test_lock_of_an_unmapped_url_creates_an_empty_file(srv):
    """RFC 9.10.4: an empty resource is created and 201 answered; it is an
    ordinary file (no lock-null resource), which outlives its lock."""
    r, tok = lock(srv, "/made-by-lock.txt")
    assert r.status_code == 201
    assert r.headers["location"] == "/made-by-lock.txt"  # RFC 9110 15.3.2
    assert tok
    (al,) = activelocks(r)
    assert al.find(f"{D}locktoken/{D}href").text.strip() == tok
    f = srv.tree / "made-by-lock.txt"
    assert f.is_file() and f.stat().st_size == 0
    body = (b'<?xml version="1.0"?><D:propfind xmlns:D="DAV:"><D:prop>'
            b'<D:getcontentlength/></D:prop></D:propfind>')
    ms = Multistatus(dav(srv, "PROPFIND", "/made-by-lock.txt", body=body,
                         headers={"Depth": "0"}))
    length = ms.prop("/made-by-lock.txt", D + "getcontentlength")
    assert length is not None and length.text == "0"
    u = dav(srv, "UNLOCK", "/made-by-lock.txt",
            headers={"Lock-Token": f"<{tok}>"})
    assert u.status_code == 204
    assert f.is_file()


def test_lock_of_an_unmapped_url_without_parent_is_409(srv):
    """RFC 9.10.4 with 9.7.1: the parent collection must exist."""
    r, tok = lock(srv, "/no-such-dir/file.txt")
    assert r.status_code == 409
    assert tok is None
    assert not (srv.tree / "no-such-dir").exists()


def test_lock_response_is_a_prop_document_with_xml_type(srv):
    """RFC 9.10.1: the body is a DAV:prop holding lockdiscovery; a shared
    lock says so (14.13), and has no owner when none was given."""
    make(srv, "typed.txt")
    r, _ = lock(srv, "/typed.txt", body=SHARED)
    assert r.status_code == 200
    assert r.headers["content-type"].startswith(XML)
    (al,) = activelocks(r)
    assert al.find(f"{D}lockscope/{D}shared") is not None
    assert al.find(D + "owner") is None  # none was given


def test_depth_0_lock(srv):
    """RFC 9.10.3: Depth: 0 locks the collection alone; the root of a
    collection is written with its trailing slash (8.3)."""
    make(srv, "d0/")
    r, _ = lock(srv, "/d0/", headers={"Depth": "0"})
    assert r.status_code == 200
    (al,) = activelocks(r)
    assert al.find(D + "depth").text == "0"
    assert href_path(al.find(f"{D}lockroot/{D}href").text) == "/d0/"


def test_depth_1_lock_is_400(srv):
    """RFC 9.10.3: LOCK takes Depth 0 or infinity only."""
    make(srv, "d1/")
    r, tok = lock(srv, "/d1/", headers={"Depth": "1"})
    assert r.status_code == 400
    assert tok is None
    assert lockdiscovery(srv, "/d1/") == []


@pytest.mark.parametrize("body, code", [
    # 9.10.1 with 11.2: well-formed, but not a lockinfo
    (b'<D:propfind xmlns:D="DAV:"><D:allprop/></D:propfind>', 422),
    # no lockscope
    (b'<D:lockinfo xmlns:D="DAV:"><D:locktype><D:write/></D:locktype>'
     b'</D:lockinfo>', 422),
    # a scope that does not exist
    (b'<D:lockinfo xmlns:D="DAV:"><D:lockscope><D:open/></D:lockscope>'
     b'<D:locktype><D:write/></D:locktype></D:lockinfo>', 422),
    # 7: write is the only lock type
    (b'<D:lockinfo xmlns:D="DAV:"><D:lockscope><D:shared/></D:lockscope>'
     b'<D:locktype><D:read/></D:locktype></D:lockinfo>', 422),
    # the right names in no namespace are not DAV: elements (8.3)
    (b'<lockinfo><lockscope><shared/></lockscope>'
     b'<locktype><write/></locktype></lockinfo>', 422),
    # 8.2: a body that is not well-formed is 400
    (b'<D:lockinfo xmlns:D="DAV:"><D:lockscope>', 400),
])
def test_lockinfo_grammar(srv, body, code):
    """RFC 9.10.1, 14.11: the body is a DAV:lockinfo; a well-formed body
    that is not one is 422 (11.2), a malformed one 400 (8.2)."""
    make(srv, "grammar.txt")
    r, tok = lock(srv, "/grammar.txt", body=body)
    assert r.status_code == code, r.text
    assert tok is None
    assert lockdiscovery(srv, "/grammar.txt") == []


def test_unknown_elements_in_lockinfo_are_ignored(srv):
    """RFC 17: a recipient ignores elements it does not know."""
    make(srv, "extensible.txt")
    body = (b'<D:lockinfo xmlns:D="DAV:" xmlns:Z="urn:example:z">'
            b'<Z:colour>red</Z:colour>'
            b'<D:lockscope><D:exclusive/></D:lockscope>'
            b'<D:locktype><D:write/></D:locktype></D:lockinfo>')
    r, tok = lock(srv, "/extensible.txt", body=body)
    assert r.status_code == 200 and tok


# ---------------------------------------------------------------------------
# conflicts (6.2, 9.10.5)


def test_second_exclusive_lock_is_423_no_conflicting_lock(srv):
    """RFC 9.10.5 and 16: 423 naming the root of the lock in the way."""
    make(srv, "taken.txt")
    r1, _ = lock(srv, "/taken.txt")
    assert r1.status_code == 200
    r2, tok2 = lock(srv, "/taken.txt")
    assert r2.status_code == 423
    assert tok2 is None
    assert error_hrefs(r2, "no-conflicting-lock") == ["/taken.txt"]


def test_two_shared_locks_coexist(srv):
    """RFC 6.2: any number of shared locks on one resource."""
    make(srv, "shared.txt")
    r1, t1 = lock(srv, "/shared.txt", body=SHARED)
    r2, t2 = lock(srv, "/shared.txt", body=SHARED)
    assert r1.status_code == r2.status_code == 200
    assert t1 != t2
    tokens = {al.find(f"{D}locktoken/{D}href").text.strip()
              for al in lockdiscovery(srv, "/shared.txt")}
    assert tokens == {t1, t2}


def test_exclusive_over_shared_is_423(srv):
    """RFC 6.2: an exclusive lock conflicts with any other lock."""
    make(srv, "shared-first.txt")
    assert lock(srv, "/shared-first.txt", body=SHARED)[0].status_code == 200
    r, _ = lock(srv, "/shared-first.txt")
    assert r.status_code == 423
    assert error_hrefs(r, "no-conflicting-lock") == ["/shared-first.txt"]


def test_shared_over_exclusive_is_423(srv):
    """RFC 6.2: no lock can join an exclusive one."""
    make(srv, "excl-first.txt")
    assert lock(srv, "/excl-first.txt")[0].status_code == 200
    r, _ = lock(srv, "/excl-first.txt", body=SHARED)
    assert r.status_code == 423


def test_depth_infinity_lock_over_a_locked_member_is_423(srv):
    """RFC 6.1, 9.10.5: a depth-infinity lock conflicts with an exclusive
    lock anywhere below its root; the answer names that lock's root."""
    make(srv, "tree-a/inner/leaf.txt")
    assert lock(srv, "/tree-a/inner/leaf.txt")[0].status_code == 200
    r, tok = lock(srv, "/tree-a/")
    assert r.status_code == 423 and tok is None
    assert error_hrefs(r, "no-conflicting-lock") == ["/tree-a/inner/leaf.txt"]
    r, tok = lock(srv, "/tree-a/", headers={"Depth": "0"})
    assert r.status_code == 200  # depth 0 does not reach the member


def test_member_of_an_exclusively_locked_collection_cannot_be_locked(srv):
    """RFC 6.1, 6.2: a depth-infinity exclusive lock covers the members,
    so a lock on one of them conflicts with it."""
    make(srv, "tree-b/leaf.txt")
    r, _ = lock(srv, "/tree-b/")
    assert r.status_code == 200
    r, _ = lock(srv, "/tree-b/leaf.txt", body=SHARED)
    assert r.status_code == 423
    assert error_hrefs(r, "no-conflicting-lock") == ["/tree-b/"]


def test_failed_lock_of_an_unmapped_url_leaves_no_file(srv):
    """The empty file belongs to the lock: refused lock, no file."""
    make(srv, "tree-c/")
    assert lock(srv, "/tree-c/")[0].status_code == 200
    r, _ = lock(srv, "/tree-c/new.txt")
    assert r.status_code == 423
    assert not (srv.tree / "tree-c" / "new.txt").exists()


# ---------------------------------------------------------------------------
# what a lock protects (7, 7.4, 7.5)


def test_put_to_a_locked_file_needs_the_token(srv):
    """RFC 7.5: 423 with lock-token-submitted naming the lock root; with
    the token in the If header the PUT is carried out."""
    make(srv, "guarded.txt", b"old")
    _, tok = lock(srv, "/guarded.txt")
    r = dav(srv, "PUT", "/guarded.txt", body=b"new")
    assert r.status_code == 423
    assert error_hrefs(r, "lock-token-submitted") == ["/guarded.txt"]
    assert (srv.tree / "guarded.txt").read_bytes() == b"old"
    r = dav(srv, "PUT", "/guarded.txt", body=b"new", headers=if_token(tok))
    assert written(r), r.status_code
    assert (srv.tree / "guarded.txt").read_bytes() == b"new"


def test_delete_of_a_locked_file_needs_the_token(srv):
    """RFC 7.5, 9.6: DELETE of a locked file needs its token."""
    make(srv, "del-guarded.txt")
    _, tok = lock(srv, "/del-guarded.txt")
    r = dav(srv, "DELETE", "/del-guarded.txt")
    not_implemented_yet(r, "DELETE")
    assert r.status_code == 423
    assert error_hrefs(r, "lock-token-submitted") == ["/del-guarded.txt"]
    assert (srv.tree / "del-guarded.txt").exists()
    r = dav(srv, "DELETE", "/del-guarded.txt", headers=if_token(tok))
    assert r.status_code == 204
    assert not (srv.tree / "del-guarded.txt").exists()


def test_proppatch_of_a_locked_file_needs_the_token(srv):
    """RFC 7 (a write lock protects the dead properties too), 9.2."""
    make(srv, "pp-guarded.txt")
    _, tok = lock(srv, "/pp-guarded.txt")
    body = (b'<?xml version="1.0"?><D:propertyupdate xmlns:D="DAV:" '
            b'xmlns:Z="urn:example:z"><D:set><D:prop><Z:colour>red'
            b'</Z:colour></D:prop></D:set></D:propertyupdate>')
    r = dav(srv, "PROPPATCH", "/pp-guarded.txt", body=body)
    not_implemented_yet(r, "PROPPATCH")
    assert r.status_code == 423
    assert error_hrefs(r, "lock-token-submitted") == ["/pp-guarded.txt"]
    r = dav(srv, "PROPPATCH", "/pp-guarded.txt", body=body,
            headers=if_token(tok))
    assert r.status_code == 207
    ms = Multistatus(r)
    assert ms.prop("/pp-guarded.txt", "{urn:example:z}colour") is not None


def test_move_of_a_locked_file_needs_the_token(srv):
    """RFC 7.5, 9.9.2: the source of a MOVE is deleted, so its lock's
    token is needed; the lock does not move with it."""
    make(srv, "mv-guarded.txt")
    _, tok = lock(srv, "/mv-guarded.txt")
    dest = {"Destination": srv.url + "/mv-moved.txt"}
    r = dav(srv, "MOVE", "/mv-guarded.txt", headers=dest)
    not_implemented_yet(r, "MOVE")
    assert r.status_code == 423
    assert error_hrefs(r, "lock-token-submitted") == ["/mv-guarded.txt"]
    assert (srv.tree / "mv-guarded.txt").exists()
    r = dav(srv, "MOVE", "/mv-guarded.txt", headers={**dest, **if_token(tok)})
    assert r.status_code == 201
    assert lockdiscovery(srv, "/mv-moved.txt") == []


def test_depth_infinity_lock_covers_the_members(srv):
    """RFC 6.1, 7.5: a depth-infinity lock on a collection protects every
    member; the 423 names the collection, the lock's root."""
    make(srv, "deep/sub/a.txt", b"a")
    _, tok = lock(srv, "/deep/")
    r = dav(srv, "PUT", "/deep/sub/a.txt", body=b"changed")
    assert r.status_code == 423
    assert error_hrefs(r, "lock-token-submitted") == ["/deep/"]
    r = dav(srv, "PUT", "/deep/sub/new.txt", body=b"new")
    assert r.status_code == 423
    assert not (srv.tree / "deep/sub/new.txt").exists()
    r = dav(srv, "PUT", "/deep/sub/a.txt", body=b"changed",
            headers=if_token(tok))
    assert written(r)
    # 15.8: the members report the lock, rooted at the collection
    (al,) = lockdiscovery(srv, "/deep/sub/a.txt")
    assert href_path(al.find(f"{D}lockroot/{D}href").text) == "/deep/"


def test_delete_of_a_collection_needs_the_tokens_of_locks_below(srv):
    """RFC 9.6.1, 7.5: deleting a collection destroys the locks rooted
    below it, so their tokens must be submitted; the 423 names them."""
    make(srv, "del-tree/sub/locked.txt")
    make(srv, "del-tree/free.txt")
    _, tok = lock(srv, "/del-tree/sub/locked.txt")
    r = dav(srv, "DELETE", "/del-tree/")
    assert r.status_code == 423
    assert error_hrefs(r, "lock-token-submitted") == [
        "/del-tree/sub/locked.txt"]
    assert (srv.tree / "del-tree/sub/locked.txt").exists()
    h = {"If": f"</del-tree/sub/locked.txt> (<{tok}>)"}
    r = dav(srv, "DELETE", "/del-tree/", headers=h)
    assert r.status_code == 204
    assert not (srv.tree / "del-tree").exists()


def test_depth_0_lock_protects_membership_not_member_content(srv):
    """RFC 7.4: a depth-0 lock on a collection keeps its membership
    (adding a member needs the token) but not its members' content."""
    make(srv, "shallow/member.txt", b"m")
    _, tok = lock(srv, "/shallow/", headers={"Depth": "0"})
    r = dav(srv, "PUT", "/shallow/member.txt", body=b"edited")
    assert written(r), r.status_code
    r = dav(srv, "PUT", "/shallow/added.txt", body=b"new")
    assert r.status_code == 423
    assert error_hrefs(r, "lock-token-submitted") == ["/shallow/"]
    assert not (srv.tree / "shallow/added.txt").exists()
    # 10.4.1: the token counts only in a header that is true; untagged,
    # it is tested against the new member, which the lock does not cover
    r = dav(srv, "PUT", "/shallow/added.txt", body=b"new",
            headers=if_token(tok))
    assert r.status_code == 412
    # tagged with the collection (10.4.4, 10.4.10), it holds
    r = dav(srv, "PUT", "/shallow/added.txt", body=b"new",
            headers={"If": f"</shallow/> (<{tok}>)"})
    assert r.status_code == 201


def test_lock_creating_a_member_of_a_locked_collection_needs_its_token(srv):
    """RFC 7.4 with 9.10.4: the empty file a LOCK creates is a new member
    of the collection, whose depth-0 lock protects its membership."""
    make(srv, "members/")
    _, tok = lock(srv, "/members/", headers={"Depth": "0"})
    r, _ = lock(srv, "/members/new.txt")
    assert r.status_code == 423
    assert error_hrefs(r, "lock-token-submitted") == ["/members/"]
    assert not (srv.tree / "members/new.txt").exists()
    r, _ = lock(srv, "/members/new.txt",
                headers={"If": f"</members/> (<{tok}>)"})
    assert r.status_code == 201


def test_one_shared_token_is_enough(srv):
    """RFC 7 (as mod_dav): a resource with several shared locks may be
    written by a request holding any one of them."""
    make(srv, "two-shared.txt")
    _, t1 = lock(srv, "/two-shared.txt", body=SHARED)
    _, t2 = lock(srv, "/two-shared.txt", body=SHARED)
    r = dav(srv, "PUT", "/two-shared.txt", body=b"x")
    assert r.status_code == 423
    assert error_hrefs(r, "lock-token-submitted") == ["/two-shared.txt"]
    r = dav(srv, "PUT", "/two-shared.txt", body=b"y", headers=if_token(t2))
    assert written(r)


def test_reading_a_locked_resource_needs_no_token(srv):
    """RFC 7: a write lock does not keep anyone from reading."""
    make(srv, "readable.txt", b"read me")
    lock(srv, "/readable.txt")
    assert dav(srv, "GET", "/readable.txt").content == b"read me"
    assert len(lockdiscovery(srv, "/readable.txt")) == 1


def test_supportedlock(srv):
    """RFC 15.10: exclusive and shared write locks."""
    make(srv, "supported.txt")
    body = (b'<?xml version="1.0"?><D:propfind xmlns:D="DAV:"><D:prop>'
            b'<D:supportedlock/></D:prop></D:propfind>')
    ms = Multistatus(dav(srv, "PROPFIND", "/supported.txt", body=body,
                         headers={"Depth": "0"}))
    sl = ms.prop("/supported.txt", D + "supportedlock")
    kinds = sorted((e.find(D + "lockscope")[0].tag,
                    e.find(D + "locktype")[0].tag)
                   for e in sl.findall(D + "lockentry"))
    assert kinds == [(D + "exclusive", D + "write"),
                     (D + "shared", D + "write")]


# ---------------------------------------------------------------------------
# refresh (9.10.2) and Timeout (10.7)


def test_refresh_renews_the_timeout(srv):
    """RFC 9.10.2: a LOCK without a body, naming the lock in If, takes the
    new Timeout; no Lock-Token header (10.5: only on a new lock)."""
    make(srv, "refresh.txt")
    _, tok = lock(srv, "/refresh.txt", headers={"Timeout": "Second-100"})
    r = dav(srv, "LOCK", "/refresh.txt",
            headers={**if_token(tok), "Timeout": "Second-200"})
    assert r.status_code == 200
    assert "lock-token" not in r.headers
    (al,) = activelocks(r)
    assert al.find(f"{D}locktoken/{D}href").text.strip() == tok
    assert timeout_of(al) == "Second-200"


def test_refresh_through_a_member_of_a_locked_collection(srv):
    """RFC 9.10.2: the lock need only apply to the request URI."""
    make(srv, "refresh-col/member.txt")
    _, tok = lock(srv, "/refresh-col/")
    r = dav(srv, "LOCK", "/refresh-col/member.txt",
            headers={**if_token(tok), "Timeout": "Second-60"})
    assert r.status_code == 200
    (al,) = activelocks(r)
    assert href_path(al.find(f"{D}lockroot/{D}href").text) == "/refresh-col/"


def test_refresh_without_if_is_400(srv):
    """RFC 9.10.2: a LOCK without a body is a refresh, which names its
    lock in the If header; without one the request is malformed."""
    make(srv, "refresh-noif.txt")
    lock(srv, "/refresh-noif.txt")
    r = dav(srv, "LOCK", "/refresh-noif.txt")
    assert r.status_code == 400


def test_refresh_of_an_unknown_lock_is_412(srv):
    """RFC 10.4: the If header names no lock of the resource: false."""
    make(srv, "refresh-unknown.txt")
    r = dav(srv, "LOCK", "/refresh-unknown.txt",
            headers=if_token(f"urn:uuid:{uuid.uuid4()}"))
    assert r.status_code == 412


def test_refresh_of_another_resources_lock_is_412(srv):
    """RFC 9.10.2: the lock refreshed must apply to the request URI."""
    make(srv, "refresh-x.txt")
    make(srv, "refresh-y.txt")
    _, tok = lock(srv, "/refresh-x.txt")
    r = dav(srv, "LOCK", "/refresh-y.txt",
            headers={"If": f"<{srv.url}/refresh-x.txt> (<{tok}>)"})
    assert r.status_code == 412


@pytest.mark.parametrize("timeout, granted", [
    ("Second-30", "Second-30"),
    ("Infinite", "Second-3600"),       # the server's maximum instead
    ("Second-99999999", "Second-3600"),
    ("Extended-9, Second-45", "Second-45"),  # the first one understood
    ("Infinite, Second-45", "Second-3600"),
    (None, "Second-3600"),
])
def test_timeout_is_clamped_to_the_maximum(srv, timeout, granted):
    """RFC 10.7: the server may grant less than asked; 3600 s by
    default."""
    name = f"/tmo-{uuid.uuid4().hex}.txt"
    headers = {"Timeout": timeout} if timeout else {}
    r, _ = lock(srv, name, headers=headers)
    assert r.status_code == 201
    (al,) = activelocks(r)
    assert timeout_of(al) == granted


def test_timeout_maximum_is_configurable(tmp_path):
    """RFC 10.7: the server may grant less than asked, here its
    configured maximum, on a new lock and on a refresh."""
    with dav_server(tmp_path, "--dav-max-lock-timeout", "120") as s:
        make(s, "short.txt")
        r, tok = lock(s, "/short.txt", headers={"Timeout": "Infinite"})
        assert timeout_of(activelocks(r)[0]) == "Second-120"
        r = dav(s, "LOCK", "/short.txt",
                headers={**if_token(tok), "Timeout": "Second-7200"})
        assert timeout_of(activelocks(r)[0]) == "Second-120"


def test_expired_lock_is_gone(tmp_path):
    """RFC 6.6: a lock whose timeout has passed no longer exists."""
    with dav_server(tmp_path) as s:
        make(s, "brief.txt")
        r, tok = lock(s, "/brief.txt", headers={"Timeout": "Second-1"})
        assert timeout_of(activelocks(r)[0]) == "Second-1"
        deadline = time.monotonic() + 5
        while lockdiscovery(s, "/brief.txt") and time.monotonic() < deadline:
            time.sleep(0.2)
        assert lockdiscovery(s, "/brief.txt") == []
        assert written(dav(s, "PUT", "/brief.txt", body=b"free"))
        u = dav(s, "UNLOCK", "/brief.txt", headers={"Lock-Token": f"<{tok}>"})
        assert u.status_code == 409


def test_locks_survive_a_restart(tmp_path):
    """RFC 6.3 lets a lock outlive the server process; clients expect it
    to."""
    tree = tmp_path / "kept-tree"
    tree.mkdir()
    (tree / "kept.txt").write_bytes(b"kept")
    with dav_server(tmp_path, name="kept", tree=tree) as s:
        _, tok = lock(s, "/kept.txt")
    with dav_server(tmp_path, name="kept-again", tree=tree) as s:
        r = dav(s, "PUT", "/kept.txt", body=b"x")
        assert r.status_code == 423
        (al,) = lockdiscovery(s, "/kept.txt")
        assert al.find(f"{D}locktoken/{D}href").text.strip() == tok
        r = dav(s, "PUT", "/kept.txt", body=b"x", headers=if_token(tok))
        assert written(r)


# ---------------------------------------------------------------------------
# the If header (10.4)


@pytest.fixture
def locked(srv):
    """A locked file: (path, token, etag)."""
    name = f"if-{uuid.uuid4().hex}.txt"
    make(srv, name, b"if")
    _, tok = lock(srv, "/" + name)
    etag = dav(srv, "HEAD", "/" + name).headers["etag"]
    return "/" + name, tok, etag


def put_if(srv, path, value):
    return dav(srv, "PUT", path, body=b"if2", headers={"If": value})


def test_if_token_and_matching_etag(srv, locked):
    """RFC 10.4.3: every condition of a list must hold."""
    path, tok, etag = locked
    assert written(put_if(srv, path, f"(<{tok}> [{etag}])"))


def test_if_etag_mismatch_is_412(srv, locked):
    """RFC 10.4.4, 10.4.1: a false header fails the request with 412."""
    path, tok, _ = locked
    r = put_if(srv, path, f'(<{tok}> ["not-the-etag"])')
    assert r.status_code == 412
    assert (srv.tree / path[1:]).read_bytes() == b"if"


def test_if_unknown_token_is_412(srv, locked):
    """RFC 10.4.4: a token that names no lock on the resource is false."""
    path, _, _ = locked
    r = put_if(srv, path, f"(<urn:uuid:{uuid.uuid4()}>)")
    assert r.status_code == 412


def test_if_no_lock_is_412_and_not_no_lock_holds(srv):
    """RFC 10.4.8: DAV:no-lock names no lock, so it is false, and
    "Not <DAV:no-lock>" is always true."""
    make(srv, "nolock.txt")
    assert put_if(srv, "/nolock.txt", "(<DAV:no-lock>)").status_code == 412
    assert written(put_if(srv, "/nolock.txt", "(Not <DAV:no-lock>)"))


def test_if_either_list_may_hold(srv, locked):
    """RFC 10.4.3: the header is true when any list is; a token in it is
    submitted (10.4.1), even in a list that is false."""
    path, tok, _ = locked
    assert written(put_if(srv, path, f"(<{tok}>) (Not <DAV:no-lock>)"))
    bogus = f"urn:uuid:{uuid.uuid4()}"
    assert written(put_if(srv, path, f"(<{bogus}>) (<{tok}>)"))


def test_if_complex_lists_with_etags(srv, locked):
    """RFC 10.4.3: litmus's complex conditions, true and then false
    once the entity-tags no longer match."""
    path, tok, etag = locked
    ok = f"(<{tok}> [{etag}]) (Not <DAV:no-lock> [{etag}])"
    assert written(put_if(srv, path, ok))
    stale = '"x' + dav(srv, "HEAD", path).headers["etag"].strip('"') + '"'
    bad = f"(<{tok}> [{stale}]) (Not <DAV:no-lock> [{stale}])"
    assert put_if(srv, path, bad).status_code == 412


def test_if_not_etag(srv):
    """RFC 10.4.3: Not negates an entity-tag condition."""
    make(srv, "not-etag.txt")
    etag = dav(srv, "HEAD", "/not-etag.txt").headers["etag"]
    assert put_if(srv, "/not-etag.txt", f"(Not [{etag}])").status_code == 412
    assert written(put_if(srv, "/not-etag.txt", '(Not ["other"])'))


def test_if_weak_etag_compares_weakly(srv):
    """The If header tests state, so W/"x" matches "x" (as mod_dav)."""
    make(srv, "weak.txt")
    etag = dav(srv, "HEAD", "/weak.txt").headers["etag"]
    assert written(put_if(srv, "/weak.txt", f"([W/{etag}])"))


def test_if_etag_of_a_missing_resource_never_matches(srv):
    """RFC 10.4.4: an unmapped URL has no entity-tag to match."""
    r = put_if(srv, "/if-missing.txt", '(["anything"])')
    assert r.status_code == 412
    assert not (srv.tree / "if-missing.txt").exists()


def test_if_tagged_list_with_absolute_and_path_tags(srv, locked):
    """RFC 10.4.4: a tagged list is tested against the tagged resource."""
    path, tok, etag = locked
    assert written(put_if(srv, path, f"<{srv.url}{path}> (<{tok}>)"))
    assert written(put_if(srv, path, f"<{path}> (<{tok}>)"))


def test_if_tagged_list_for_another_resource(srv):
    """RFC 10.4.4: a tagged list is tested against the resource of its
    tag, not the request URI."""
    make(srv, "tag-target.txt")
    make(srv, "tag-other.txt", b"other")
    etag = dav(srv, "HEAD", "/tag-other.txt").headers["etag"]
    assert written(put_if(srv, "/tag-target.txt",
                          f"</tag-other.txt> ([{etag}])"))
    # the same entity-tag tested against the request URI is false
    r = put_if(srv, "/tag-target.txt", f"</tag-target.txt> ([{etag}])")
    assert r.status_code == 412


def test_if_tag_of_another_server_never_holds(srv, locked):
    """RFC 10.4.4: a tag names a resource; one on another server is not
    a resource here, so its lists are false."""
    path, tok, _ = locked
    r = put_if(srv, path, f"<http://elsewhere.example{path}> (<{tok}>)")
    assert r.status_code == 412


def test_if_header_names_tokens_for_a_move_destination(srv):
    """RFC 10.4.9: a client names the lock of each resource it changes,
    each in a list tagged with it."""
    make(srv, "mv-src.txt")
    make(srv, "mv-dst.txt")
    _, tok = lock(srv, "/mv-dst.txt")
    dest = {"Destination": srv.url + "/mv-dst.txt"}
    r = dav(srv, "MOVE", "/mv-src.txt", headers=dest)
    not_implemented_yet(r, "MOVE")
    assert r.status_code == 423
    r = dav(srv, "MOVE", "/mv-src.txt",
            headers={**dest, "If": f"<{srv.url}/mv-dst.txt> (<{tok}>)"})
    assert r.status_code == 204


@pytest.mark.parametrize("value", [
    "",
    "(",
    "()",
    "(<urn:uuid:1>",
    "<urn:uuid:1>",                    # a tag without a list
    "(urn:uuid:1)",                    # a token without angle brackets
    "(<not a uri>)",
    '(["unterminated)',
    "([no-quotes])",
    "(<DAV:no-lock>) </x> (<DAV:no-lock>)",  # untagged, then tagged
    "</x> (<DAV:no-lock>) (Not <DAV:no-lock>) junk",
    "(Nat <DAV:no-lock>)",
])
def test_malformed_if_is_400(srv, value):
    """A header outside the grammar of RFC 10.4.2 is 400 Bad Request."""
    make(srv, "malformed-if.txt", b"m")
    r = put_if(srv, "/malformed-if.txt", value)
    assert r.status_code == 400, value
    assert (srv.tree / "malformed-if.txt").read_bytes() == b"m"


def test_if_grammar_is_case_and_space_tolerant(srv, locked):
    """ABNF literals are case-insensitive (RFC 5234 2.3); white space may
    separate the parts (RFC 4918 10.4.2 uses implied LWS)."""
    path, tok, etag = locked
    assert written(put_if(srv, path, f"(  <{tok}>\tnot<DAV:no-lock>  )"))
    assert written(put_if(srv, path, f"<{path}>(<{tok}>)(NOT[\"x\"])"))


# ---------------------------------------------------------------------------
# UNLOCK (9.11)


def test_unlock_is_204_and_frees_the_resource(srv):
    """RFC 9.11: 204 No Content, and the lock is gone."""
    make(srv, "unlock.txt")
    _, tok = lock(srv, "/unlock.txt")
    r = dav(srv, "UNLOCK", "/unlock.txt", headers={"Lock-Token": f"<{tok}>"})
    assert r.status_code == 204
    assert lockdiscovery(srv, "/unlock.txt") == []
    assert written(dav(srv, "PUT", "/unlock.txt", body=b"free"))


def test_unlock_through_a_member_of_the_locked_collection(srv):
    """RFC 9.11: the request URI may be any resource within the lock's
    scope."""
    make(srv, "unlock-col/m.txt")
    _, tok = lock(srv, "/unlock-col/")
    r = dav(srv, "UNLOCK", "/unlock-col/m.txt",
            headers={"Lock-Token": f"<{tok}>"})
    assert r.status_code == 204
    assert lockdiscovery(srv, "/unlock-col/") == []


def test_unlock_with_an_unknown_token_is_409(srv):
    """RFC 9.11.1: 409 with lock-token-matches-request-uri."""
    make(srv, "unlock-wrong.txt")
    _, tok = lock(srv, "/unlock-wrong.txt")
    r = dav(srv, "UNLOCK", "/unlock-wrong.txt",
            headers={"Lock-Token": f"<urn:uuid:{uuid.uuid4()}>"})
    assert r.status_code == 409
    assert error_hrefs(r, "lock-token-matches-request-uri") == []
    assert len(lockdiscovery(srv, "/unlock-wrong.txt")) == 1


def test_unlock_with_another_resources_token_is_409(srv):
    """RFC 9.11.1: the lock must apply to the request URI."""
    make(srv, "unlock-a.txt")
    make(srv, "unlock-b.txt")
    _, tok = lock(srv, "/unlock-a.txt")
    r = dav(srv, "UNLOCK", "/unlock-b.txt", headers={"Lock-Token": f"<{tok}>"})
    assert r.status_code == 409
    assert error_hrefs(r, "lock-token-matches-request-uri") == []
    assert len(lockdiscovery(srv, "/unlock-a.txt")) == 1


@pytest.mark.parametrize("headers", [
    {},
    {"Lock-Token": "urn:uuid:0c9f1c8e-0000-4000-8000-000000000000"},
    {"Lock-Token": "<>"},
    {"Lock-Token": "<not a uri>"},
])
def test_unlock_without_a_valid_lock_token_header_is_400(srv, headers):
    """RFC 10.5: Lock-Token = Coded-URL; UNLOCK requires it (9.11)."""
    make(srv, "unlock-400.txt")
    r = dav(srv, "UNLOCK", "/unlock-400.txt", headers=headers)
    assert r.status_code == 400


def test_unlock_of_a_resource_removed_behind_the_servers_back(srv):
    """RFC 9.11: the lock still exists and can be removed."""
    make(srv, "vanishing.txt")
    _, tok = lock(srv, "/vanishing.txt")
    (srv.tree / "vanishing.txt").unlink()
    r = dav(srv, "UNLOCK", "/vanishing.txt",
            headers={"Lock-Token": f"<{tok}>"})
    assert r.status_code == 204


# ---------------------------------------------------------------------------
# principals (6.4)


def openssl_passwd(password):
    try:
        out = subprocess.run(["openssl", "passwd", "-6", "-stdin"],
                             input=password, capture_output=True, text=True,
                             check=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        pytest.skip("openssl is needed to write an htpasswd file")
    return out.stdout.strip()


ALICE = {"Authorization": "Basic YWxpY2U6YWxpY2UtcHc="}  # alice:alice-pw
BOB = {"Authorization": "Basic Ym9iOmJvYi1wdw=="}        # bob:bob-pw


@pytest.fixture(scope="module")
def authsrv(tmp_path_factory):
    """Basic authentication on /private/ for every method, and on /half/
    for LOCK only, so that other methods there come anonymously."""
    work = tmp_path_factory.mktemp("locks-auth")
    (work / "users.htpasswd").write_text(
        f"alice:{openssl_passwd('alice-pw')}\n"
        f"bob:{openssl_passwd('bob-pw')}\n")
    tree = work / "auth-tree"
    for d in ("private", "half"):
        (tree / d).mkdir(parents=True)
    cfg = work / "teapot.yaml"
    cfg.write_text(textwrap.dedent("""
        rules:
          - prefix: /private/
            auth: {realm: Private, htpasswd: users.htpasswd}
          - prefix: /half/
            methods: [LOCK]
            auth: {realm: Half, htpasswd: users.htpasswd}
        """))
    with dav_server(work, "--config", cfg, name="auth", tree=tree,
                    shared=True) as s:
        yield s


def test_another_user_cannot_unlock(authsrv):
    """RFC 6.4, 9.11.1: a lock belongs to its creator; another principal's
    UNLOCK is 403 and leaves it."""
    make(authsrv, "private/doc.txt")
    r, tok = lock(authsrv, "/private/doc.txt", headers=ALICE)
    assert r.status_code == 200
    u = dav(authsrv, "UNLOCK", "/private/doc.txt",
            headers={**BOB, "Lock-Token": f"<{tok}>"})
    assert u.status_code == 403
    assert len(lockdiscovery_as(authsrv, "/private/doc.txt", ALICE)) == 1
    u = dav(authsrv, "UNLOCK", "/private/doc.txt",
            headers={**ALICE, "Lock-Token": f"<{tok}>"})
    assert u.status_code == 204


def test_another_users_token_does_not_count(authsrv):
    """RFC 6.4: a token is only good in its creator's requests."""
    make(authsrv, "private/held.txt", b"alice's")
    _, tok = lock(authsrv, "/private/held.txt", headers=ALICE)
    r = dav(authsrv, "PUT", "/private/held.txt", body=b"bob's",
            headers={**BOB, **if_token(tok)})
    assert r.status_code == 423
    assert (authsrv.tree / "private/held.txt").read_bytes() == b"alice's"
    r = dav(authsrv, "PUT", "/private/held.txt", body=b"alice's too",
            headers={**ALICE, **if_token(tok)})
    assert written(r)


def test_anonymous_request_cannot_use_a_users_lock(authsrv):
    """RFC 6.4: an unauthenticated request is not the lock's owner: its
    token does not count (423), it cannot unlock (403); the owner can
    still refresh."""
    make(authsrv, "half/doc.txt", b"v1")
    r, tok = lock(authsrv, "/half/doc.txt", headers=ALICE)
    assert r.status_code == 200
    r = dav(authsrv, "PUT", "/half/doc.txt", body=b"v2", headers=if_token(tok))
    assert r.status_code == 423
    u = dav(authsrv, "UNLOCK", "/half/doc.txt",
            headers={"Lock-Token": f"<{tok}>"})
    assert u.status_code == 403
    r = dav(authsrv, "LOCK", "/half/doc.txt", headers={**ALICE,
                                                       **if_token(tok)})
    assert r.status_code == 200  # the owner may refresh it


def test_another_user_cannot_refresh(authsrv):
    """RFC 6.4: refreshing is using the lock; only its owner may."""
    make(authsrv, "private/refresh.txt")
    _, tok = lock(authsrv, "/private/refresh.txt", headers=ALICE)
    r = dav(authsrv, "LOCK", "/private/refresh.txt",
            headers={**BOB, **if_token(tok)})
    assert r.status_code == 403
    r = dav(authsrv, "LOCK", "/private/refresh.txt",
            headers={**ALICE, **if_token(tok)})
    assert r.status_code == 200


def lockdiscovery_as(srv, path, auth):
    body = (b'<?xml version="1.0"?><D:propfind xmlns:D="DAV:"><D:prop>'
            b'<D:lockdiscovery/></D:prop></D:propfind>')
    ms = Multistatus(dav(srv, "PROPFIND", path, body=body,
                         headers={"Depth": "0", **auth}))
    return ms.prop(path, D + "lockdiscovery").findall(D + "activelock")
