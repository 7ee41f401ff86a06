"""
The access log: one line per exchange on standard output, in the Combined
Log Format (host ident authuser [date] "request line" status bytes
"referer" "user-agent"), so that existing log tools can read it.
"""

import re

import pytest

from conftest import engine_app_argv, request, running, teapot_argv

QUOTED = r'"(?:[^"\\]|\\.)*"'
COMBINED = re.compile(
    r'^(?P<host>\S+) - - \[(?P<date>\d{2}/\w{3}/\d{4}:\d{2}:\d{2}:\d{2} [+-]\d{4})\] '
    rf'(?P<request>{QUOTED}) (?P<status>\d{{3}}) (?P<bytes>\d+|-) '
    rf'(?P<referer>{QUOTED}) (?P<agent>{QUOTED})$')


@pytest.fixture(scope="module")
def logged(tmp_path_factory):
    with running(engine_app_argv(), tmp_path_factory.mktemp("log"), "engine-app-log",
                 shared=True) as srv:
        yield srv


def _line(srv, needle):
    lines = srv.wait_stdout(re.escape(needle))
    assert lines, f"no access log line with {needle!r}:\n{srv.stdout()}"
    return lines[-1]


def test_line_for_a_get(logged):
    """A GET /hello with a User-Agent gives exactly the Combined Log Format
    line, the byte count being the content sent (6)."""
    r = logged.raw(request("GET", "/hello", headers=["User-Agent: agent"]), expect=1).response
    assert r.status == 200
    line = _line(logged, '"GET /hello HTTP/1.1"')
    assert re.fullmatch(
        r'127\.0\.0\.1 - - \[\d{2}/\w{3}/\d{4}:\d{2}:\d{2}:\d{2} [+-]\d{4}\] '
        r'"GET /hello HTTP/1\.1" 200 6 "-" "agent"', line), line


def test_every_line_is_well_formed(logged):
    """Every line written so far parses as Combined Log Format."""
    logged.raw(request("GET", "/code/204") + request("POST", "/sum", body=b"abc"),
               methods=["GET", "POST"], expect=2)
    _line(logged, '"POST /sum HTTP/1.1"')
    for line in logged.stdout().splitlines():
        assert COMBINED.match(line), line


def test_referer_and_target_with_query(logged):
    """The request line is logged as received, query included, and the
    Referer field fills the referer column."""
    logged.raw(request("GET", "/headers?a=1&b=2",
                       headers=["Referer: http://example.com/from", "User-Agent: ua/1.0"]),
               expect=1)
    line = _line(logged, "/headers?a=1&b=2")
    m = COMBINED.match(line)
    assert m, line
    assert m["request"] == '"GET /headers?a=1&b=2 HTTP/1.1"'
    assert m["referer"] == '"http://example.com/from"'
    assert m["agent"] == '"ua/1.0"'


def test_quotes_in_user_agent_are_escaped(logged):
    """A request-controlled string cannot break the line's fields: a quote
    (and a backslash) in the User-Agent is escaped, so the line still has
    exactly its quoted fields."""
    logged.raw(request("GET", "/hello?ua", headers=['User-Agent: evil" 200 0 "x\\y']),
               expect=1)
    line = _line(logged, "/hello?ua")
    m = COMBINED.match(line)
    assert m, line
    agent = m["agent"]
    assert "evil" in agent, agent
    # The field's own quotes are the only unescaped ones left.
    assert agent.count('"') - agent.count('\\"') == 2, agent
    assert '\\"' in agent or "\\x22" in agent, agent


def test_status_and_bytes_of_an_error(logged):
    """An error response is logged with its code and the explanation's
    length."""
    r = logged.raw(request("GET", "/nowhere-logged"), expect=1).response
    line = _line(logged, "/nowhere-logged")
    m = COMBINED.match(line)
    assert m["status"] == "404"
    assert m["bytes"] == str(len(r.body))


def test_head_logs_no_bytes(logged):
    """No content was sent for HEAD: the byte count is "-" (or 0)."""
    logged.raw(request("HEAD", "/hello?head"), methods=["HEAD"], expect=1)
    m = COMBINED.match(_line(logged, "/hello?head"))
    assert m["bytes"] in ("-", "0")


def test_400_for_a_framing_error_is_logged(logged):
    """A request refused with 400 after its request line was read (no Host)
    is logged with that request line."""
    logged.raw(request("GET", "/hello?nohost", host=None))
    m = COMBINED.match(_line(logged, "/hello?nohost"))
    assert m and m["status"] == "400"


def test_400_for_a_malformed_request_line_is_logged(logged):
    """A request line too malformed to parse still leaves a 400 line."""
    before = len([ln for ln in logged.stdout().splitlines() if '" 400 ' in ln])
    logged.raw(b"GET  /double-space HTTP/1.1\r\nHost: test\r\n\r\n")
    lines = logged.wait_stdout(r'" 400 ', count=before + 1)
    assert len(lines) == before + 1, logged.stdout()
    assert all(COMBINED.match(ln) for ln in lines)


def test_ipv4_peer_address(logged):
    """The first column is the client's address."""
    logged.raw(request("GET", "/hello?peer"), expect=1)
    assert _line(logged, "/hello?peer").startswith("127.0.0.1 ")


def test_teapot_access_log_to_a_file(spawn, tmp_path):
    """teapot --access-log PATH writes the same lines to a file, and
    --access-log off writes none."""
    path = tmp_path / "access.log"
    srv = spawn(teapot_argv("--access-log", path), probe=b"/")
    srv.raw(request("GET", "/", headers=["User-Agent: curl/8"]), expect=1)
    srv.stop()
    lines = path.read_text().splitlines()
    assert any(COMBINED.match(ln) and '"GET / HTTP/1.1" 200 ' in ln and ln.endswith('"curl/8"')
               for ln in lines), lines
    assert srv.stdout() == ""

    quiet = spawn(teapot_argv("--access-log", "off"), probe=b"/")
    quiet.raw(request("GET", "/"), expect=1)
    quiet.stop()
    assert quiet.stdout() == ""


def test_sigusr1_reopens_the_log_for_rotation(spawn, tmp_path):
    """Log rotation: the file is moved away, SIGUSR1 makes the server open
    a new one at the path; nothing is lost and no line goes to the old file
    afterwards."""
    import signal
    import time
    path = tmp_path / "access.log"
    srv = spawn(teapot_argv("--access-log", path), probe=b"/")
    srv.raw(request("GET", "/get?before"), expect=1)
    deadline = time.monotonic() + 5
    while "before" not in (path.read_text() if path.exists() else ""):
        assert time.monotonic() < deadline, "the first line never arrived"
        time.sleep(0.05)
    rotated = tmp_path / "access.log.1"
    path.rename(rotated)
    srv.proc.send_signal(signal.SIGUSR1)
    while not path.exists():
        assert time.monotonic() < deadline, "no new file after SIGUSR1"
        time.sleep(0.05)
    srv.raw(request("GET", "/get?after"), expect=1)
    # the reopened descriptor keeps close-on-exec
    pid = srv.proc.pid
    import os
    for fd in os.listdir(f"/proc/{pid}/fd"):
        if os.readlink(f"/proc/{pid}/fd/{fd}") == str(path):
            flags = open(f"/proc/{pid}/fdinfo/{fd}").read().split("flags:")[1].split()[0]
            assert int(flags, 8) & 0o2000000, f"O_CLOEXEC lost: {flags}"
            break
    else:
        raise AssertionError("the log file is not open")
    srv.stop()
    old, new = rotated.read_text(), path.read_text()
    assert "/get?before" in old and "/get?after" not in old
    assert "/get?after" in new and "/get?before" not in new
