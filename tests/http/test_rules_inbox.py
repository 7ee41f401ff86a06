"""
The `inbox` rule: a form inbox.  A POST of an HTML form
(application/x-www-form-urlencoded or multipart/form-data, RFC 7578) is
appended to a file as one line of JSON and answered with 205 Reset
Content (RFC 9110 15.3.6: no content, Content-Length: 0).  Other media
types get 415 with Accept-Post (RFC 9110 15.5.16), other methods 405 with
Allow (15.5.6), OPTIONS 204 with both; a full disk is 507 Insufficient
Storage (RFC 4918 11.5), any other write failure 500.
"""

import base64
import calendar
import json
import os
import re
import subprocess
import threading
import time

import httpx
import pytest
import requests

from conftest import Conn, chunked, request, running, teapot_argv
from test_config import problems, write
from test_config_hosts import check
from test_rules import raw

ACCEPT_POST = "application/x-www-form-urlencoded, multipart/form-data"

RFC3339_UTC = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z")


@pytest.fixture(scope="module")
def tmp(tmp_path_factory):
    return tmp_path_factory.mktemp("inbox")


@pytest.fixture(scope="module")
def srv(tmp):
    (tmp / "box").mkdir()
    cfg = write(tmp / "teapot.yaml", """
        limits: {max_body: 64k}
        rules:
          - path: /contact
            inbox: {file: box/contact.jsonl}
          - path: /post-only
            methods: [POST]
            inbox: {file: box/post-only.jsonl}
          - path: /full
            inbox: {file: box/full.jsonl}
          - path: /broken
            inbox: {file: box/broken.jsonl}
    """)
    with running(teapot_argv("--config", cfg), tmp, "inbox", shared=True,
                 probe=b"/get") as s:
        yield s


def lines(tmp, name="contact.jsonl"):
    """The inbox file's records; every line must be one JSON object."""
    p = tmp / "box" / name
    if not p.exists():
        return []
    text = p.read_text("utf-8")
    assert text == "" or text.endswith("\n"), text[-200:]
    out = []
    for ln in text.splitlines():
        rec = json.loads(ln)
        assert isinstance(rec, dict)
        out.append(rec)
    return out


def assert_205(r):
    """RFC 9110 15.3.6: a 205 has no content; the server frames it with
    Content-Length: 0 (or closes), and sends no Content-Type for nothing."""
    assert r.status == 205, r
    assert r.body == b""
    assert r.header("Content-Length") == "0"
    assert not r.has("Transfer-Encoding")


# ---- storing submissions ---------------------------------------------------


def test_urlencoded_post_is_recorded_and_answered_205(srv, tmp):
    before = len(lines(tmp))
    r = raw(srv, "POST", "/contact?ignored=1",
            headers=["Content-Type: application/x-www-form-urlencoded; charset=UTF-8"],
            body=b"name=Ada+Lovelace&msg=tea%20%26%20cake&topic=tea&topic=pots&empty=")
    assert_205(r)
    recs = lines(tmp)
    assert len(recs) == before + 1
    rec = recs[-1]
    assert set(rec) == {"time", "client", "host", "path", "content_type",
                        "fields"}
    assert RFC3339_UTC.fullmatch(rec["time"])
    when = calendar.timegm(time.strptime(rec["time"], "%Y-%m-%dT%H:%M:%SZ"))
    assert abs(when - time.time()) < 60
    assert rec["client"] == "127.0.0.1"
    assert rec["host"] == "test"
    assert rec["path"] == "/contact"
    assert rec["content_type"] == "application/x-www-form-urlencoded"
    assert rec["fields"] == {"name": "Ada Lovelace", "msg": "tea & cake",
                             "topic": ["tea", "pots"], "empty": ""}


def test_a_real_client_posts_a_form(srv, tmp):
    before = len(lines(tmp))
    r = httpx.post(srv.url + "/contact", data={"name": "Grace", "note": "ünïcödé ☕"})
    assert r.status_code == 205 and r.content == b""
    assert r.headers["content-length"] == "0"
    rec = lines(tmp)[before]
    assert rec["fields"] == {"name": "Grace", "note": "ünïcödé ☕"}
    assert rec["host"] == f"127.0.0.1:{srv.port}"


def test_multipart_with_a_file_is_recorded_with_base64(srv, tmp):
    """RFC 7578: a part with a filename is a file; its bytes (not text)
    go into the record in base64, with its name, type and size."""
    before = len(lines(tmp))
    blob = bytes(range(256)) * 3
    r = requests.post(srv.url + "/contact",
                      data={"name": "Ada", "topic": ["tea", "pots"]},
                      files={"photo": ("pot.bin", blob, "application/octet-stream")},
                      timeout=5)
    assert r.status_code == 205 and r.content == b""
    rec = lines(tmp)[before]
    assert rec["content_type"] == "multipart/form-data"
    assert rec["fields"] == {"name": "Ada", "topic": ["tea", "pots"]}
    assert len(rec["files"]) == 1
    f = rec["files"][0]
    assert f["field"] == "photo" and f["filename"] == "pot.bin"
    assert f["content_type"] == "application/octet-stream"
    assert f["size"] == len(blob)
    assert base64.b64decode(f["base64"], validate=True) == blob


def test_curl_upload_with_expect_100_continue(srv, tmp):
    """curl -F sends a larger upload with Expect: 100-continue; the inbox
    asks for the body, so the engine sends 100 and the 205 follows."""
    up = tmp / "upload.txt"
    up.write_bytes(b"x" * 5000)
    before = len(lines(tmp))
    p = subprocess.run(["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}",
                        "-H", "Expect: 100-continue",
                        "-F", "name=curl", "-F", f"doc=@{up};type=text/plain",
                        srv.url + "/contact"],
                       capture_output=True, text=True, timeout=10)
    assert p.stdout == "205", p
    rec = lines(tmp)[before]
    assert rec["fields"] == {"name": "curl"}
    assert rec["files"][0]["filename"] == "upload.txt"
    assert rec["files"][0]["content_type"] == "text/plain"
    assert base64.b64decode(rec["files"][0]["base64"]) == b"x" * 5000


def test_a_chunked_form_body_is_read_whole(srv, tmp):
    before = len(lines(tmp))
    from conftest import chunked
    r = raw(srv, "POST", "/contact",
            headers=["Content-Type: application/x-www-form-urlencoded",
                     "Transfer-Encoding: chunked"],
            body=chunked(b"a=1&b", b"=2&a=3"))
    assert_205(r)
    assert lines(tmp)[before]["fields"] == {"a": ["1", "3"], "b": "2"}


@pytest.mark.parametrize("ctype,body", [
    ("application/x-www-form-urlencoded", b""),
    ("application/x-www-form-urlencoded", b"&&"),
    ("multipart/form-data; boundary=x", b"--x--\r\n"),
])
def test_a_form_without_fields_is_400(srv, tmp, ctype, body):
    """A submission with neither fields nor files has nothing to record:
    the client's error (RFC 9110 15.5.1), said in the explanation."""
    before = len(lines(tmp))
    r = raw(srv, "POST", "/contact", headers=[f"Content-Type: {ctype}"], body=body)
    assert r.status == 400, r
    assert "the form has no fields" in r.text
    assert len(lines(tmp)) == before


def test_twenty_concurrent_submissions_are_twenty_whole_lines(srv, tmp):
    """Each submission is one write(2) to a file opened with O_APPEND, so
    concurrent ones never interleave: 20 threads, 20 valid JSON lines,
    each with its own large field intact."""
    before = len(lines(tmp))
    statuses = []
    errors = []

    def submit(i):
        try:
            r = requests.post(srv.url + "/contact",
                              data={"n": str(i), "pad": chr(ord("a") + i) * 20000},
                              timeout=10)
            statuses.append(r.status_code)
        except Exception as e:  # reported below
            errors.append(e)

    threads = [threading.Thread(target=submit, args=(i,)) for i in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and statuses == [205] * 20
    recs = lines(tmp)[before:]
    assert len(recs) == 20
    assert sorted(int(r["fields"]["n"]) for r in recs) == list(range(20))
    for r in recs:
        i = int(r["fields"]["n"])
        assert r["fields"]["pad"] == chr(ord("a") + i) * 20000


def test_a_rotated_or_deleted_file_is_created_again(srv, tmp):
    p = tmp / "box" / "contact.jsonl"
    raw(srv, "POST", "/contact", headers=["Content-Type: application/x-www-form-urlencoded"],
        body=b"x=1")
    os.rename(p, tmp / "box" / "contact.jsonl.1")
    assert_205(raw(srv, "POST", "/contact",
                   headers=["Content-Type: application/x-www-form-urlencoded"],
                   body=b"after=rotation"))
    assert [r["fields"] for r in lines(tmp)] == [{"after": "rotation"}]
    assert (os.stat(p).st_mode & 0o777) == 0o640
    os.unlink(p)
    assert_205(raw(srv, "POST", "/contact",
                   headers=["Content-Type: application/x-www-form-urlencoded"],
                   body=b"after=delete"))
    assert [r["fields"] for r in lines(tmp)] == [{"after": "delete"}]


# ---- refusing bad submissions ----------------------------------------------


@pytest.mark.parametrize("ctype,body,why", [
    ("application/x-www-form-urlencoded", b"a=%zz", "two hex digits"),
    ("application/x-www-form-urlencoded", b"a=100%", "two hex digits"),
    ("application/x-www-form-urlencoded", b"a=%FF%FE", "UTF-8"),
    ("application/x-www-form-urlencoded", b"%C3%28=1", "UTF-8"),
    ("multipart/form-data", b"--x\r\n\r\nv\r\n--x--\r\n", "boundary"),
    ("multipart/form-data; boundary=x", b"no delimiter here", "boundary"),
    ("multipart/form-data; boundary=x",
     b"--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nv", "close delimiter"),
    ("multipart/form-data; boundary=x",
     b"--x\r\nContent-Type: text/plain\r\n\r\nv\r\n--x--\r\n", "name"),
    ("multipart/form-data; boundary=x",
     b"--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n\xff\xfe\r\n--x--\r\n",
     "UTF-8"),
    # RFC 7578 4.2: every part is form-data, with parameters that parse
    ("multipart/form-data; boundary=x",
     b"--x\r\nContent-Disposition: attachment; name=\"a\"\r\n\r\nv\r\n--x--\r\n",
     "not form-data"),
    ("multipart/form-data; boundary=x",
     b"--x\r\nContent-Disposition: name=\"a\"\r\n\r\nv\r\n--x--\r\n",
     "not form-data"),
    ("multipart/form-data; boundary=x",
     b"--x\r\nContent-Disposition: form-data; name=\"a\r\n\r\nv\r\n--x--\r\n",
     "unterminated quoted string"),
    ("multipart/form-data; boundary=x",
     b"--x\r\nContent-Disposition: form-data; name=\"a\\\"\r\n\r\nv\r\n--x--\r\n",
     "unterminated quoted string"),
    ("multipart/form-data; boundary=x",
     b"--x\r\nContent-Disposition: form-data; name=\"a\x00b\"\r\n\r\nv\r\n--x--\r\n",
     "NUL"),
    ("multipart/form-data; boundary=x",
     b"--x\r\nContent-Disposition: form-data; name=\"a\\\x00b\"\r\n\r\nv\r\n--x--\r\n",
     "NUL"),
    ("multipart/form-data; boundary=x",
     b"--x\r\nContent-Disposition: form-data; name=a; filename=\"f\x00.txt\"\r\n\r\n"
     b"v\r\n--x--\r\n", "NUL"),
    ('multipart/form-data; boundary="x', b"--x\r\n\r\nv\r\n--x--\r\n",
     "unterminated quoted string"),
])
def test_malformed_forms_are_400_with_the_reason(srv, tmp, ctype, body, why):
    """Bad input is the client's error (RFC 9110 15.5.1), with a short
    explanation of what is wrong; nothing is recorded."""
    before = len(lines(tmp))
    r = raw(srv, "POST", "/contact", headers=[f"Content-Type: {ctype}"], body=body)
    assert r.status == 400, r
    assert why in r.text, r.text
    assert len(lines(tmp)) == before


@pytest.mark.parametrize("ctype", ["application/json", "text/plain",
                                   "application/x-www-form-urlencodedx", None])
def test_other_media_types_are_415_with_accept_post(srv, tmp, ctype):
    """RFC 9110 15.5.16: the response to an unsupported media type says
    what is accepted; Accept-Post is the registered field for a POST."""
    before = len(lines(tmp))
    headers = [f"Content-Type: {ctype}"] if ctype else []
    r = raw(srv, "POST", "/contact", headers=headers, body=b'{"a": 1}')
    assert r.status == 415, r
    assert r.header("Accept-Post") == ACCEPT_POST
    assert len(lines(tmp)) == before


def test_options_is_204_with_allow_and_accept_post(srv):
    """RFC 9110 9.3.7: OPTIONS tells what the resource takes; 204 has no
    content (15.3.5)."""
    r = raw(srv, "OPTIONS", "/contact")
    assert r.status == 204 and r.body == b""
    assert r.tokens("Allow") == ["options", "post"]
    assert r.header("Accept-Post") == ACCEPT_POST
    r = httpx.options(srv.url + "/contact")
    assert r.status_code == 204 and r.headers["allow"] == "OPTIONS, POST"


@pytest.mark.parametrize("method", ["GET", "HEAD", "PUT", "DELETE"])
def test_other_methods_are_405_with_allow(srv, method):
    """RFC 9110 15.5.6: a 405 MUST carry Allow with the methods the target
    takes."""
    r = raw(srv, method, "/contact", body=b"x=1" if method == "PUT" else b"")
    assert r.status == 405
    assert r.tokens("Allow") == ["options", "post"]


def test_a_rule_with_methods_sees_only_those(srv, tmp):
    """With `methods: [POST]` a GET is not the inbox's: it goes on to the
    routes (here nothing: 404), and OPTIONS gets the engine's answer."""
    assert raw(srv, "GET", "/post-only").status == 404
    r = raw(srv, "POST", "/post-only",
            headers=["Content-Type: application/x-www-form-urlencoded"], body=b"a=b")
    assert_205(r)
    assert lines(tmp, "post-only.jsonl")[-1]["fields"] == {"a": "b"}


def test_a_form_part_of_type_form_data_in_any_case_is_taken(srv, tmp):
    """Disposition types compare without case (RFC 6266 4.1), and a quoted
    name may hold an escaped quote."""
    before = len(lines(tmp))
    r = raw(srv, "POST", "/contact", headers=["Content-Type: multipart/form-data; boundary=x"],
            body=b'--x\r\nContent-Disposition: Form-Data ; name="a\\"b"\r\n\r\nv\r\n--x--\r\n')
    assert_205(r)
    assert lines(tmp)[before]["fields"] == {'a"b': "v"}


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    """An inbox under a max_body far above the inbox's own 8 MiB."""
    tmp = tmp_path_factory.mktemp("inbox-big")
    cfg = write(tmp / "teapot.yaml", """
        limits: {max_body: 64M}
        rules:
          - path: /contact
            inbox: {file: contact.jsonl}
    """)
    with running(teapot_argv("--config", cfg), tmp, "inbox-big", shared=True,
                 probe=b"/get") as s:
        yield s


MIB = 1024 * 1024


def test_a_content_length_over_8_mib_is_413_before_reading(big):
    """RFC 9110 15.5.14: the inbox holds a submission in memory, so it
    takes at most 8 MiB whatever max_body allows; a Content-Length over it
    is refused at once, without the 100 Continue that would ask for the
    body (RFC 9110 10.1.1)."""
    with Conn(big) as c:
        c.send(b"POST /contact HTTP/1.1\r\nHost: test\r\n"
               b"Content-Type: application/x-www-form-urlencoded\r\n"
               b"Content-Length: %d\r\nExpect: 100-continue\r\n\r\n" % (8 * MIB + 1))
        r = c.read_response("POST")
        assert r.status == 413 and r.interim == [], r
        assert "8 MiB" in r.text


def test_a_chunked_body_over_8_mib_is_413_and_the_connection_closes(big):
    """A chunked body has no length up front: it is counted as it comes,
    and refused as soon as it passes 8 MiB.  The rest is unread, so the
    413 says Connection: close and the connection closes (RFC 9112 9.6)."""
    with Conn(big) as c:
        c.send(b"POST /contact HTTP/1.1\r\nHost: test\r\n"
               b"Content-Type: application/x-www-form-urlencoded\r\n"
               b"Transfer-Encoding: chunked\r\n\r\n")
        piece = b"a=" + b"x" * (MIB - 2)
        for _ in range(8):
            c.send(b"%x\r\n%s\r\n" % (len(piece), piece))
        c.send(b"1\r\nx")  # one byte more than 8 MiB, and no end
        r = c.read_response("POST")
        assert r.status == 413, r
        assert "close" in r.tokens("Connection")
        c.assert_closed()
    assert not (big.workdir / "contact.jsonl").exists()


def test_a_body_over_max_body_is_413_and_not_recorded(srv, tmp):
    before = len(lines(tmp))
    r = raw(srv, "POST", "/contact",
            headers=["Content-Type: application/x-www-form-urlencoded"],
            body=b"a=" + b"x" * 70000)
    assert r.status == 413
    assert len(lines(tmp)) == before


# ---- storage failures --------------------------------------------------------


def test_a_full_disk_is_507(srv, tmp):
    """RFC 4918 11.5: the server cannot store what the request needs.
    /dev/full answers every write with ENOSPC; the failure is logged with
    the path and the reason."""
    link = tmp / "box" / "full.jsonl"
    if link.exists() or link.is_symlink():
        link.unlink()
    os.symlink("/dev/full", link)
    try:
        off = srv.stderr_size()
        r = raw(srv, "POST", "/full",
                headers=["Content-Type: application/x-www-form-urlencoded"],
                body=b"a=b")
        assert r.status == 507, r
        assert "store" in r.text
        assert srv.wait_stderr(re.escape(str(link)) + r".*No space left on device")
        assert str(link) in srv.stderr(off)
    finally:
        link.unlink()


def test_a_file_that_cannot_be_written_is_500(srv, tmp):
    """Any other failure (here the file is now a directory) is the
    server's: 500, logged with the path and the reason."""
    d = tmp / "box" / "broken.jsonl"
    d.mkdir()
    try:
        r = raw(srv, "POST", "/broken",
                headers=["Content-Type: application/x-www-form-urlencoded"],
                body=b"a=b")
        assert r.status == 500, r
        assert srv.wait_stderr(re.escape(str(d)) + r".*Is a directory")
    finally:
        d.rmdir()


# ---- configuration ----------------------------------------------------------


def test_inbox_config_errors_name_their_lines(tmp_path):
    (tmp_path / "adir").mkdir()
    (tmp_path / "afile").write_text("")
    cfg = write(tmp_path / "bad.yaml", """
        rules:
          - path: /a
            inbox: {}
          - path: /b
            inbox: {fiel: x.jsonl}
          - path: /c
            inbox: {file: missing/x.jsonl}
          - path: /d
            inbox: {file: adir}
          - path: /e
            inbox: {file: afile/x.jsonl}
          - path: /f
            inbox: true
          - path: /g
            inbox: {file: [a, b]}
          - path: /h
            inbox: {file: adir/}
          - path: /i
            gone: true
            inbox: {file: x.jsonl}
    """)
    p = check(cfg)
    assert p.returncode == 1
    got = problems(p.stderr, cfg)
    assert sorted(got) == [3, 5, 7, 9, 11, 13, 15, 17, 20], p.stderr
    assert "'rules[0].inbox' has no 'file'" in got[3][0]
    assert "unknown key 'fiel' in 'rules[1].inbox' (did you mean 'file'?)" in got[5]
    assert "'rules[2].inbox.file'" in got[7][0] and "No such file" in got[7][0]
    assert "not a regular file" in got[9][0]
    assert "not a directory" in got[11][0]
    assert "'rules[5].inbox' wants a mapping with file" in got[13][0]
    assert "'rules[6].inbox.file' wants a path" in got[15][0]
    assert "wants a file" in got[17][0]
    assert "two actions, 'gone' (line 19) and 'inbox'" in got[20][0]


def test_inbox_file_is_relative_to_the_config_file(tmp_path, spawn):
    sub = tmp_path / "conf"
    sub.mkdir()
    cfg = write(sub / "t.yaml", """
        rules:
          - path: /in
            inbox: {file: here.jsonl}
    """)
    assert check(cfg).returncode == 0
    s = spawn(teapot_argv("--config", cfg), probe=b"/get")
    r = httpx.post(s.url + "/in", data={"k": "v"})
    assert r.status_code == 205
    assert json.loads((sub / "here.jsonl").read_text())["fields"] == {"k": "v"}
