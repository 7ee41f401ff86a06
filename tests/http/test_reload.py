"""
Reloading the configuration on SIGHUP.  A valid file becomes the site of
every request that starts afterwards, without closing a connection or
failing a request in flight; an invalid one is refused with its problems
(FILE:LINE) on the error log and the running configuration stays.
"""

import signal
import socket
import threading
import time

import pytest
import requests

from conftest import request, running, teapot_argv
from test_config_hosts import write

GONE = """
    testapi: {prefix: /api}
    files: {root: www}
    rules:
      - path: /switch
        gone: true
"""

MOVED = """
    testapi: {prefix: /api}
    files: {root: www}
    rules:
      - path: /switch
        redirect: {to: /elsewhere, code: 308}
"""


@pytest.fixture
def site(tmp_path):
    (tmp_path / "www").mkdir()
    (tmp_path / "www" / "file.txt").write_text("steady\n")
    cfg = write(tmp_path / "teapot.yaml", GONE)
    with running(teapot_argv("--config", cfg, threads=2), tmp_path,
                 "reload", probe=b"/file.txt") as srv:
        yield srv, cfg


def reload(srv, cfg, text, expect="reloaded"):
    """Writes the file, sends SIGHUP and waits for the server to say how
    the reload went (each outcome is one line of the error log)."""
    before = srv.stderr().count(expect)
    write(cfg, text)
    srv.proc.send_signal(signal.SIGHUP)
    deadline = time.monotonic() + 10
    while srv.stderr().count(expect) == before:
        assert time.monotonic() < deadline, srv.stderr()
        time.sleep(0.01)


def status(srv, target):
    return srv.raw(request("GET", target), expect=1).response.status


def test_a_valid_file_applies_to_new_requests(site):
    srv, cfg = site
    assert status(srv, "/switch") == 410
    reload(srv, cfg, MOVED)
    assert status(srv, "/switch") == 308
    reload(srv, cfg, GONE)
    assert status(srv, "/switch") == 410


def test_an_open_connection_survives_and_sees_the_new_site(site):
    """The connection is the client's: a reload changes what its next
    request gets, not whether it stays open (RFC 9112 9.3)."""
    srv, cfg = site
    with socket.create_connection((srv.host, srv.port), timeout=5) as s:
        s.sendall(request("GET", "/switch"))
        first = s.recv(65536)
        assert first.startswith(b"HTTP/1.1 410 ")
        reload(srv, cfg, MOVED)
        s.sendall(request("GET", "/switch"))
        second = s.recv(65536)
        assert second.startswith(b"HTTP/1.1 308 "), second[:200]


def test_a_request_in_flight_finishes_on_the_site_it_started_on(site):
    """/api/delay/1 is answered a second after it started, after the reload
    replaced the site: the old site lives until its last request ends."""
    srv, cfg = site
    out = {}

    def slow():
        out["r"] = requests.get(srv.url + "/api/delay/1", timeout=10)

    t = threading.Thread(target=slow)
    t.start()
    time.sleep(0.2)
    reload(srv, cfg, MOVED.replace("/api", "/v2"))
    t.join()
    assert out["r"].status_code == 200
    assert out["r"].json()["url"].endswith("/api/delay/1")
    # new requests see the new mount point
    assert status(srv, "/api/get") == 404
    assert status(srv, "/v2/get") == 200


def test_an_invalid_file_is_refused_and_the_old_site_stays(site):
    srv, cfg = site
    broken = GONE + "        unknown_key: 1\n"
    reload(srv, cfg, broken, expect="reload refused")
    err = srv.stderr()
    # the problem is named with the file and line, as --check-config does
    assert f"{cfg}:6: " in err and "unknown_key" in err, err
    assert status(srv, "/switch") == 410
    # a later valid file is taken again
    reload(srv, cfg, MOVED)
    assert status(srv, "/switch") == 308


def test_a_file_that_cannot_be_mounted_is_refused(site, tmp_path):
    """The check passes, but the tree is gone by the time it is mounted:
    the new site is dropped whole, not half applied."""
    srv, cfg = site
    (tmp_path / "other").mkdir()
    text = MOVED.replace("root: www", "root: other")
    write(cfg, text)
    (tmp_path / "other").rmdir()
    reload(srv, cfg, text, expect="reload refused")
    assert status(srv, "/switch") == 410
    assert status(srv, "/file.txt") == 200


def test_reloads_under_load_fail_no_request(site):
    """Clients keep asking (new connections and a persistent one) while
    the file is reloaded twenty times: every request gets a complete
    answer, the steady file always 200, the switching rule one of the two
    configured answers."""
    srv, cfg = site
    stop = threading.Event()
    failures, counts = [], {"steady": 0, "switch": 0}

    def client(persistent):
        session = requests.Session() if persistent else None
        while not stop.is_set():
            try:
                get = session.get if session else requests.get
                r = get(srv.url + "/file.txt", timeout=5)
                if r.status_code != 200 or r.text != "steady\n":
                    failures.append(("steady", r.status_code, r.text[:80]))
                counts["steady"] += 1
                r = get(srv.url + "/switch", timeout=5,
                        allow_redirects=False)
                if r.status_code not in (410, 308):
                    failures.append(("switch", r.status_code, r.text[:80]))
                counts["switch"] += 1
            except requests.RequestException as e:
                failures.append(("error", repr(e)))

    threads = [threading.Thread(target=client, args=(p,))
               for p in (True, False, True)]
    for t in threads:
        t.start()
    try:
        for i in range(20):
            reload(srv, cfg, MOVED if i % 2 == 0 else GONE)
            time.sleep(0.02)
    finally:
        stop.set()
        for t in threads:
            t.join()
    assert not failures, failures[:5]
    assert counts["steady"] > 20 and counts["switch"] > 20, counts
    assert status(srv, "/switch") == 410  # the last file written


def test_files_come_from_the_new_root_right_after_a_reload(tmp_path):
    """Each worker caches small files for a moment; a reload that points
    files.root elsewhere must not serve the old tree's copy, even when the
    new tree's state lands where the old one's was in memory."""
    for name in ("one", "two", "three"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "file.txt").write_text(f"{name}\n")
    cfg = write(tmp_path / "teapot.yaml", "files: {root: one}\n")
    with running(teapot_argv("--config", cfg, threads=1), tmp_path,
                 "reload-roots", probe=b"/file.txt") as srv:
        wrong = []
        for i in range(30):
            name = ("one", "two", "three")[i % 3]
            if i:
                reload(srv, cfg, f"files: {{root: {name}}}\n")
            r = requests.get(srv.url + "/file.txt", timeout=5)
            if r.text != f"{name}\n":
                wrong.append((i, name, r.text))
        assert not wrong, wrong


def test_sighup_reopens_the_log_files(tmp_path):
    """After a rotation (rename, then a signal), SIGHUP is as good as
    SIGUSR1: the access log named by the file is created anew."""
    (tmp_path / "www").mkdir()
    (tmp_path / "www" / "f.txt").write_text("x\n")
    text = "files: {root: www}\naccess_log: access.log\n"
    cfg = write(tmp_path / "teapot.yaml", text)
    with running(teapot_argv("--config", cfg), tmp_path, "reload-logs",
                 probe=b"/f.txt") as srv:
        requests.get(srv.url + "/f.txt?before", timeout=5)
        log = tmp_path / "access.log"
        deadline = time.monotonic() + 5
        while "before" not in log.read_text():
            assert time.monotonic() < deadline
            time.sleep(0.01)
        log.rename(tmp_path / "access.log.1")
        reload(srv, cfg, text)
        requests.get(srv.url + "/f.txt?after", timeout=5)
        deadline = time.monotonic() + 5
        while not log.exists() or "after" not in log.read_text():
            assert time.monotonic() < deadline, "no new access.log"
            time.sleep(0.01)
        assert "after" not in (tmp_path / "access.log.1").read_text()


def test_an_empty_file_is_refused(site):
    """An empty file is more often one caught half written than a wish to
    drop every rule: the running configuration stays."""
    srv, cfg = site
    reload(srv, cfg, "", expect="reload refused")
    assert "is empty" in srv.stderr()
    assert status(srv, "/switch") == 410
