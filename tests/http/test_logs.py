"""
The logs of the teapot command: the access log in the Combined Log Format
or as JSON lines, one per site and per virtual host, and the error log with
its levels; SIGUSR1 reopens them all (log rotation) and SIGHUP moves the
access logs to what the reloaded file names.
"""

import contextlib
import json
import os
import re
import signal
import socket
import subprocess
import textwrap
import time
from datetime import datetime, timezone

import pytest

from conftest import (BUG_MARKER, SANITIZER_MARKERS, TIMEOUT, Conn, binary,
                      request, teapot_argv)
from test_config import problems, teapot

RFC3339_MS = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z")
ERROR_LINE = re.compile(
    r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ \[(error|warn|info|debug)\] (.*)")
QUOTED = r'"(?:[^"\\]|\\.)*"'
COMBINED = re.compile(
    r'^(?P<client>\S+) - (?P<user>\S+) \[[^\]]+\] (?P<request>' + QUOTED +
    r') (?P<status>\d{3}) (?P<bytes>\d+|-) (?P<referer>' + QUOTED +
    r') (?P<agent>' + QUOTED + r')$')
JSON_KEYS = {"time", "client", "user", "host", "method", "target", "protocol",
             "status", "bytes", "duration_ms", "referer", "user_agent"}


def write(path, text):
    path.write_text(textwrap.dedent(text).lstrip("\n"))
    return path


def wait_for(what, check, timeout=TIMEOUT):
    """Polls check() until it returns something true; returns it."""
    deadline = time.monotonic() + timeout
    while True:
        v = check()
        if v or time.monotonic() > deadline:
            assert v, f"{what} did not happen within {timeout}s"
            return v
        time.sleep(0.02)


def read(path):
    return path.read_text(encoding="utf-8") if path.exists() else ""


def lines_with(path, needle, count=1):
    """The lines of `path` holding `needle`, once there are `count`."""
    return wait_for(f"{count} line(s) with {needle!r} in {path.name}",
                    lambda: (ls := [ln for ln in read(path).splitlines()
                                    if needle in ln]) and len(ls) >= count
                    and ls)


def json_lines(path, needle):
    """The JSON objects of the lines holding `needle`; every line of the
    file must be valid JSON and valid UTF-8."""
    lines_with(path, needle)
    raw = path.read_bytes()
    text = raw.decode("utf-8")  # strict: a line must never hold bad UTF-8
    objs = [json.loads(ln) for ln in text.splitlines()]
    return [o for o, ln in zip(objs, text.splitlines()) if needle in ln]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Quiet:
    """A teapot whose error log is not standard error, so that the
    fixtures cannot see it listen: started on a port chosen here, ready
    once it accepts a connection, and checked like the others when it
    stops (exit status 0, no sanitizer report, no BUG)."""

    def __init__(self, tmp_path, *args):
        self.host, self.port = "127.0.0.1", free_port()
        self.stderr_path = tmp_path / f"quiet-{self.port}.stderr"
        argv = teapot_argv("--listen", f"127.0.0.1:{self.port}", *args)
        with open(self.stderr_path, "wb") as err:
            self.proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL,
                                         stdout=subprocess.DEVNULL, stderr=err)

        def up():
            assert self.proc.poll() is None, self.stderr()
            with contextlib.suppress(OSError):
                socket.create_connection((self.host, self.port), 0.2).close()
                return True
        wait_for("the server's start", up, timeout=15)

    def stderr(self):
        return self.stderr_path.read_text(errors="replace")

    def connect(self, timeout=TIMEOUT):
        return socket.create_connection((self.host, self.port), timeout)

    def ask(self, data, method="GET"):
        with Conn(self) as c:
            return c.exchange(data, method)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            self.proc.wait(15)
        text = self.stderr()
        assert self.proc.returncode == 0, text
        assert not [m for m in SANITIZER_MARKERS if m in text], text
        assert BUG_MARKER not in text, text


@pytest.fixture
def quiet(tmp_path):
    started = []

    def start(*args):
        started.append(Quiet(tmp_path, *args))
        return started[-1]
    yield start
    for q in started:
        q.stop()


def ask(srv, data, method="GET"):
    with srv.conn() as c:
        return c.exchange(data, method)


# ---- JSON lines -------------------------------------------------------------

def test_json_line_has_every_field(spawn, tmp_path):
    """--access-log-format json: one object per line with the time (RFC
    3339, UTC, milliseconds), the client, the user (null without auth), the
    Host, the request line's parts, the status, the content bytes sent, the
    duration, Referer and User-Agent."""
    log = tmp_path / "access.json"
    srv = spawn(teapot_argv("--access-log", log, "--access-log-format", "json"),
                probe=b"/")
    before = datetime.now(timezone.utc)
    r = ask(srv, request("GET", "/get?json=1", host="json.test",
                         headers=["User-Agent: probe/1.0",
                                  "Referer: http://example.com/from"]))
    assert r.status == 200
    (o,) = json_lines(log, "json=1")
    assert set(o) == JSON_KEYS, o
    assert RFC3339_MS.fullmatch(o["time"]), o["time"]
    when = datetime.strptime(o["time"], "%Y-%m-%dT%H:%M:%S.%fZ").replace(
        tzinfo=timezone.utc)
    assert abs((when - before).total_seconds()) < 5, (when, before)
    assert o["client"] == "127.0.0.1"
    assert o["user"] is None
    assert o["host"] == "json.test"
    assert (o["method"], o["target"], o["protocol"]) == ("GET", "/get?json=1",
                                                         "HTTP/1.1")
    assert o["status"] == 200
    assert o["bytes"] == len(r.body)
    assert isinstance(o["duration_ms"], float) and 0 <= o["duration_ms"] < 5000
    assert o["referer"] == "http://example.com/from"
    assert o["user_agent"] == "probe/1.0"


def test_json_absent_fields_are_null_and_head_sends_no_bytes(spawn, tmp_path):
    """Without Referer and User-Agent those fields are null; HEAD sent no
    content, so bytes is 0; an HTTP/1.0 request says so in protocol."""
    log = tmp_path / "access.json"
    srv = spawn(teapot_argv("--access-log", log, "--access-log-format", "json"),
                probe=b"/")
    ask(srv, request("HEAD", "/get?head=1"), method="HEAD")
    srv.raw(request("GET", "/get?old=1", version="HTTP/1.0"), expect=1)
    (head,) = json_lines(log, "head=1")
    assert (head["method"], head["status"], head["bytes"]) == ("HEAD", 200, 0)
    assert head["referer"] is None and head["user_agent"] is None
    (old,) = json_lines(log, "old=1")
    assert old["protocol"] == "HTTP/1.0"


def test_json_bare_400_has_nulls(spawn, tmp_path):
    """A request line too malformed to parse is still logged (RFC 9112
    3: answered 400), with null for everything the request never said."""
    log = tmp_path / "access.json"
    srv = spawn(teapot_argv("--access-log", log, "--access-log-format", "json"),
                probe=b"/")
    r = srv.raw(b"GET  /two-spaces HTTP/1.1\r\nHost: t\r\n\r\n").response
    assert r.status == 400
    o = wait_for("the 400 line", lambda: [
        json.loads(ln) for ln in read(log).splitlines()
        if json.loads(ln)["status"] == 400])[-1]
    assert set(o) == JSON_KEYS
    assert o["client"] == "127.0.0.1" and o["bytes"] == len(r.body)
    for k in ("user", "host", "method", "target", "protocol", "duration_ms",
              "referer", "user_agent"):
        assert o[k] is None, (k, o)


def test_json_keeps_bytes_that_are_not_utf8_as_escapes(spawn, tmp_path):
    """Field values may hold obs-text (RFC 9110 5.5), which need not be
    UTF-8: such bytes are written as the text \\xNN, and so is a backslash,
    so that every line stays valid UTF-8 JSON and the bytes can be read
    back.  (The request target cannot carry them: the parser answers 400
    to any byte outside its grammar, RFC 9112 3.2.)"""
    log = tmp_path / "access.json"
    srv = spawn(teapot_argv("--access-log", log, "--access-log-format", "json"),
                probe=b"/")
    ask(srv, request("GET", "/get?esc\\ape", headers=[
        b"User-Agent: caf\xc3\xa9 \xff\xfe end",
        b"Referer: http://example.com/\xe2\x82"]))
    (o,) = json_lines(log, "esc")
    assert o["target"] == "/get?esc\\x5Cape"
    assert o["user_agent"] == "caf\u00e9 \\xFF\\xFE end"
    assert o["referer"] == "http://example.com/\\xE2\\x82"


# ---- the user -----------------------------------------------------------------

def openssl_passwd(password):
    return subprocess.run(["openssl", "passwd", "-6", "-stdin"], input=password,
                          capture_output=True, text=True, check=True).stdout.strip()


def test_user_of_basic_auth_is_logged(spawn, tmp_path):
    """The user a rule's auth accepted (RFC 7617) is the Combined Log
    Format's third field and JSON's user; without credentials, "-" and
    null."""
    (tmp_path / "staff.htpasswd").write_text(
        f"alice:{openssl_passwd('wonderland')}\n")
    cfg = write(tmp_path / "teapot.yaml", """
        access_log: combined.log
        rules:
          - prefix: /staff/
            auth: {realm: Staff, htpasswd: staff.htpasswd}
            return: {status: 200, body: "staff\\n"}
        hosts:
          - names: [json.test]
            files: {root: www}
            access_log: json.log
            access_log_format: json
            rules:
              - prefix: /staff/
                auth: {realm: Staff, htpasswd: staff.htpasswd}
                return: {status: 200, body: "staff\\n"}
        """)
    (tmp_path / "www").mkdir()
    srv = spawn(teapot_argv("--config", cfg), probe=b"/")
    basic = "Authorization: Basic YWxpY2U6d29uZGVybGFuZA=="  # alice:wonderland
    assert ask(srv, request("GET", "/staff/a", headers=[basic])).status == 200
    assert ask(srv, request("GET", "/staff/b")).status == 401
    assert ask(srv, request("GET", "/staff/c", host="json.test",
                            headers=[basic])).status == 200
    (a,) = lines_with(tmp_path / "combined.log", "/staff/a")
    assert COMBINED.match(a)["user"] == "alice", a
    (b,) = lines_with(tmp_path / "combined.log", "/staff/b")
    assert COMBINED.match(b)["user"] == "-", b
    (c,) = json_lines(tmp_path / "json.log", "/staff/c")
    assert c["user"] == "alice"


# ---- per-host logs --------------------------------------------------------------

HOSTS = """
    access_log: site.log
    hosts:
      - names: [a.test]
        files: {root: a}
        access_log: a.log
        access_log_format: json
      - names: [b.test]
        files: {root: b}
        access_log: off
      - names: [c.test]
        files: {root: c}
"""


WITH_ERROR_LOG = HOSTS + "    error_log: error.log\n"


def hosts_config(tmp_path, text=HOSTS):
    for d in "abc":
        (tmp_path / d).mkdir(exist_ok=True)
        (tmp_path / d / "index.html").write_text(f"{d}\n")
    return write(tmp_path / "teapot.yaml", text)


def test_each_host_logs_to_its_own_file(spawn, tmp_path):
    """A host with access_log writes its requests there, in its format; a
    host with access_log: off writes none; a host without one, a name no
    host has, and a request refused before any host was chosen go to the
    top-level log."""
    srv = spawn(teapot_argv("--config", hosts_config(tmp_path)), probe=b"/")
    for host in ("a.test", "b.test", "c.test", "other.test"):
        assert ask(srv, request("GET", f"/?from={host}", host=host)).status \
            in (200, 404)
    srv.raw(b"GET  /bad HTTP/1.1\r\n\r\n")
    lines_with(tmp_path / "site.log", '" 400 ')
    (a,) = json_lines(tmp_path / "a.log", "from=a.test")
    assert a["host"] == "a.test" and a["status"] == 200
    site = read(tmp_path / "site.log")
    for line in site.splitlines():
        assert COMBINED.match(line), line
    assert "from=c.test" in site and "from=other.test" in site
    assert "from=a.test" not in site and "from=b.test" not in site
    assert "from=b.test" not in read(tmp_path / "a.log")
    assert len(read(tmp_path / "a.log").splitlines()) == 1
    assert not (tmp_path / "off").exists()
    assert srv.stdout() == ""


def test_sigusr1_reopens_every_log(tmp_path, quiet):
    """Log rotation: after every file is moved away, SIGUSR1 makes the
    server create each one again at its path (the top-level and per-host
    access logs and the error log); later lines go to the new files only."""
    cfg = hosts_config(tmp_path, WITH_ERROR_LOG)
    srv = quiet("--config", cfg)
    for host in ("a.test", "c.test"):
        srv.ask(request("GET", "/?before=1", host=host))
    lines_with(tmp_path / "a.log", "before=1")
    lines_with(tmp_path / "site.log", "before=1")
    lines_with(tmp_path / "error.log", "listening on")
    names = ("a.log", "site.log", "error.log")
    for n in names:
        (tmp_path / n).rename(tmp_path / (n + ".1"))
    srv.proc.send_signal(signal.SIGUSR1)
    wait_for("every file created again",
             lambda: all((tmp_path / n).exists() for n in names))
    for host in ("a.test", "c.test"):
        srv.ask(request("GET", "/?after=1", host=host))
    srv.proc.send_signal(signal.SIGHUP)  # "reloaded" goes to the error log
    lines_with(tmp_path / "a.log", "after=1")
    lines_with(tmp_path / "site.log", "after=1")
    lines_with(tmp_path / "error.log", "reloaded")
    for n in ("a.log", "site.log"):
        old = read(tmp_path / (n + ".1"))
        assert "before=1" in old and "after=1" not in old, n
        assert "before=1" not in read(tmp_path / n), n
    assert "reloaded" not in read(tmp_path / "error.log.1")
    assert "listening on" not in read(tmp_path / "error.log")


# ---- reload ---------------------------------------------------------------------

def test_reload_moves_a_hosts_log_to_the_new_path(spawn, tmp_path):
    """The access logs belong to the site: after SIGHUP with a file that
    names another path for a host, that host's new requests are logged
    there and no longer in the old file."""
    cfg = hosts_config(tmp_path)
    srv = spawn(teapot_argv("--config", cfg), probe=b"/")
    ask(srv, request("GET", "/?first=1", host="a.test"))
    lines_with(tmp_path / "a.log", "first=1")
    hosts_config(tmp_path, HOSTS.replace("access_log: a.log",
                                         "access_log: a2.log"))
    srv.proc.send_signal(signal.SIGHUP)
    assert srv.wait_stderr(r"\[info\] reloaded "), srv.stderr()
    ask(srv, request("GET", "/?second=1", host="a.test"))
    (o,) = json_lines(tmp_path / "a2.log", "second=1")
    assert o["host"] == "a.test"
    assert "second=1" not in read(tmp_path / "a.log")
    assert "restart" not in srv.stderr()  # the log is not restart-only


def test_refused_reload_writes_each_problem_to_the_error_log(tmp_path, quiet):
    """A reload of a file with problems is refused: each problem is in the
    error log at error level as FILE:LINE: message, then the refusal; the
    running configuration goes on serving."""
    cfg = hosts_config(tmp_path, WITH_ERROR_LOG)
    srv = quiet("--config", cfg)
    lines_with(tmp_path / "error.log", "listening on")
    write(cfg, WITH_ERROR_LOG + "    access_log_format: xml\n"
          "    threads: lots\n")
    srv.proc.send_signal(signal.SIGHUP)
    refused = lines_with(tmp_path / "error.log", "reload refused")
    assert "2 problems" in refused[0]
    text = read(tmp_path / "error.log")
    entries = [ERROR_LINE.fullmatch(ln) for ln in text.splitlines()]
    assert all(entries), text
    problems_logged = [m[2] for m in entries
                       if m[1] == "error" and m[2].startswith(f"{cfg}:")]
    n = len(cfg.read_text().splitlines())
    assert problems_logged == [
        f"{cfg}:{n - 1}: 'access_log_format' wants combined or json, not 'xml'",
        f"{cfg}:{n}: 'threads' wants an integer from 1 to 256, not 'lots'",
    ], text
    assert srv.ask(request("GET", "/?still=1", host="a.test")).status == 200


def test_reload_says_error_log_settings_wait_for_a_restart(spawn, tmp_path):
    """The error log is the server's: a reload that changes its level
    says at warn level that it takes effect at the next start."""
    cfg = write(tmp_path / "teapot.yaml", "error_log_level: info\n")
    srv = spawn(teapot_argv("--config", cfg), probe=b"/")
    write(cfg, "error_log_level: debug\n")
    srv.proc.send_signal(signal.SIGHUP)
    assert srv.wait_stderr(r"\[info\] reloaded "), srv.stderr()
    assert re.search(r"\[warn\] reload: 'error_log_level' changed; it takes "
                     r"effect when the server restarts", srv.stderr())
    # and the level did not change: no debug line for a 400
    srv.raw(b"GET  /bad HTTP/1.1\r\n\r\n")
    time.sleep(0.2)
    assert "[debug]" not in srv.stderr()


# ---- the error log --------------------------------------------------------------

def test_error_log_lines_and_levels(tmp_path, quiet):
    """Every line is TIME [LEVEL] message; the info level holds the
    addresses the server listens on, the error level does not."""
    info = quiet("--error-log", tmp_path / "info.log")
    (line,) = lines_with(tmp_path / "info.log", "listening on")
    m = ERROR_LINE.fullmatch(line)
    assert m and m[1] == "info", line
    assert m[2] == f"listening on http://127.0.0.1:{info.port}/"
    stamp = datetime.strptime(line.split()[0], "%Y-%m-%dT%H:%M:%SZ").replace(
        tzinfo=timezone.utc)
    assert abs((datetime.now(timezone.utc) - stamp).total_seconds()) < 30

    quiet("--error-log", tmp_path / "error.log", "--error-log-level", "error")
    assert (tmp_path / "error.log").exists()
    time.sleep(0.2)
    assert read(tmp_path / "error.log") == ""


def test_debug_level_tells_why_a_request_was_refused(tmp_path, quiet):
    """At debug level each request the engine refuses before any handler
    saw it is logged with the reason, the client and (when it could be
    read) the request line, whose request-controlled bytes are escaped
    (RFC 9112 3 and 9110 7.2: a missing Host is 400)."""
    srv = quiet("--error-log", tmp_path / "debug.log",
                "--error-log-level", "debug")
    assert srv.ask(request("GET", '/get?q\\', host=None)).status == 400
    with Conn(srv) as c:
        c.send(b"BREW /pot HTTP/1.1 extra\r\n\r\n")
        assert c.read_response().status == 400
    (missing,) = lines_with(tmp_path / "debug.log", "Host")
    assert re.fullmatch(
        r'\S+ \[debug\] 400: .*Host.* \(client 127\.0\.0\.1, '
        r'"GET /get\?q\\x5C HTTP/1\.1"\)', missing), missing
    (bad,) = lines_with(tmp_path / "debug.log", "400 to client 127.0.0.1")
    assert ERROR_LINE.fullmatch(bad), bad


def test_info_level_leaves_refusals_out(spawn, tmp_path):
    """The default level (info) has no line per refused request."""
    srv = spawn(teapot_argv(), probe=b"/")
    srv.raw(b"GET  /bad HTTP/1.1\r\n\r\n")
    time.sleep(0.2)
    assert "[debug]" not in srv.stderr() and "400" not in srv.stderr()


def test_connection_refusals_are_counted_once_a_second(spawn, tmp_path):
    """Connections past max_connections get 503 (RFC 9110 15.6.4) and a
    warn line: the first at once, the next ones summed up at most once a
    second, so that a flood cannot flood the log."""
    srv = spawn(teapot_argv("--max-connections", "1"), probe=b"/")
    with srv.conn() as held:
        held.exchange(request("GET", "/get"))
        for _ in range(4):
            r = srv.raw(request("GET", "/get"), expect=1).response
            assert r.status == 503
        first = srv.wait_stderr(r"\[warn\] connection limit reached.*")
        assert first and "1 new connection answered 503" in first[0], \
            srv.stderr()
        later = srv.wait_stderr(r"\[warn\] .*3 new connections answered 503",
                                timeout=3)
        assert later, srv.stderr()
    assert len(re.findall(r"connection limit reached", srv.stderr())) == 2


# ---- checking the settings ------------------------------------------------------

def test_check_config_reports_bad_log_settings(tmp_path):
    """Each bad log setting is a FILE:LINE problem: an unknown format or
    level, an error log turned off, a directory that does not exist, a
    directory given as a file, a host's format without its log, and a
    misspelled host key."""
    (tmp_path / "a").mkdir()
    cfg = write(tmp_path / "teapot.yaml", """
        access_log_format: xml
        error_log_level: loud
        error_log: off
        access_log: no-such-dir/access.log
        hosts:
          - names: [a.test]
            files: {root: a}
            access_log: a
            access_log_format: json
          - names: [b.test]
            files: {root: a}
            access_log_format: json
          - names: [c.test]
            files: {root: a}
            acces_log: c.log
        """)
    p = teapot("--check-config", cfg)
    assert p.returncode == 1, p.stderr
    got = problems(p.stderr, cfg)
    assert got == {
        1: ["'access_log_format' wants combined or json, not 'xml'"],
        2: ["'error_log_level' wants error, warn, info or debug, not 'loud'"],
        3: ["'error_log' wants a path or '-' (this log cannot be turned "
            "off), not off"],
        4: [f"'access_log' names '{tmp_path}/no-such-dir/access.log', whose "
            "directory does not exist"],
        8: [f"'hosts[0].access_log' names '{tmp_path}/a', which is a "
            "directory"],
        12: ["'hosts[1].access_log_format' needs 'access_log' beside it "
             "(without it, the host's requests go to the top-level log, in "
             "its format)"],
        15: ["unknown key 'acces_log' in 'hosts[2]' (did you mean "
             "'access_log'?)"],
    }, p.stderr


def test_check_config_accepts_the_log_settings(tmp_path):
    (tmp_path / "a").mkdir()
    cfg = write(tmp_path / "teapot.yaml", """
        access_log: "-"
        access_log_format: json
        error_log: error.log
        error_log_level: debug
        hosts:
          - names: [a.test]
            files: {root: a}
            access_log: a.log
            access_log_format: combined
          - names: [b.test]
            files: {root: a}
            access_log: false
        """)
    p = teapot("--check-config", cfg)
    assert p.returncode == 0, p.stderr


@pytest.mark.parametrize("flag,value,why", [
    ("--access-log-format", "xml", "wants combined or json, not 'xml'"),
    ("--error-log-level", "verbose",
     "wants error, warn, info or debug, not 'verbose'"),
    ("--error-log", "off", "cannot be turned off"),
    ("--access-log", "/nonexistent-dir/a.log", "whose directory does not exist"),
])
def test_bad_log_flags_are_usage_errors(flag, value, why):
    p = teapot(flag, value)
    assert p.returncode == 2, p.stderr
    assert f"teapot: {flag} " in p.stderr and why in p.stderr, p.stderr


def unwritable_file():
    """A file no one may open for writing, root included, or None."""
    for path in ("/sys/kernel/notes", "/proc/1/exe"):
        try:
            os.close(os.open(path, os.O_WRONLY | os.O_APPEND))
        except OSError:
            if os.path.exists(path):
                return path
    return None


@pytest.mark.parametrize("flag,what", [("--error-log", "the error log"),
                                       ("--access-log", "the access log")])
def test_a_log_that_cannot_be_opened_stops_the_start(flag, what):
    """A log file that passes the check but cannot be opened is said on
    standard error, and the server does not start."""
    path = unwritable_file()
    if not path:
        pytest.skip("no file here refuses to be opened for writing")
    p = subprocess.run([str(binary("teapot")), "--listen", "127.0.0.1:0",
                        flag, path], capture_output=True, text=True, timeout=10)
    assert p.returncode == 1, p.stderr
    assert f"teapot: cannot open {what} {path}: " in p.stderr, p.stderr
    assert "listening" not in p.stderr
