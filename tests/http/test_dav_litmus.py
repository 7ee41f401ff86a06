"""
litmus, the WebDAV conformance suite (Debian's package of it), against
`teapot --root TREE --dav`: every suite must run with no failure and with
no warning that is the server's fault.

litmus checks the RFC 4918 MUSTs a client depends on: basic (OPTIONS, PUT,
GET, DELETE, MKCOL: 9.3, 9.6, 9.7), copymove (COPY and MOVE, 9.8, 9.9),
props (PROPFIND and PROPPATCH, 9.1, 9.2), locks (LOCK, UNLOCK and the If
header, 9.10, 9.11, 10.4) and http (Expect: 100-continue, RFC 9110 10.1.1).
Each suite runs on a fresh tree of its own, so that what one leaves behind
cannot change another's result.
"""

import os
import re
import shutil
import subprocess

import pytest

from dav_common import dav_server

LITMUS = shutil.which("litmus") or "/usr/bin/litmus"
SUITES = ("basic", "copymove", "props", "locks", "http")
#: litmus runs in seconds; a hang must not hold the test run.
SUITE_TIMEOUT = 120
#: The server is on the loopback: no proxy may stand in between.
PROXY_VARIABLES = ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY",
                   "all_proxy", "ALL_PROXY")

#: Warnings litmus may give that are not the server's fault, as
#: {(suite, test, warning text): reason}.  Each entry needs a reason that
#: was checked against the RFC; a warning not listed here fails the suite.
ALLOWED_WARNINGS = {}

SUMMARY = re.compile(
    r"<- summary for `(?P<suite>\w+)': of (?P<run>\d+) tests run: "
    r"(?P<passed>\d+) passed, (?P<failed>\d+) failed\.")
ALL_SKIPPED = re.compile(r"<- all tests skipped for `(?P<suite>\w+)'")
#: litmus skips a test whose premise the server lacks (class 2 locking
#: not advertised in the DAV header, RFC 4918 10.1, skips the lock
#: tests): a skipped test checks nothing, so none may be skipped.
SKIPPED = re.compile(r"\bSKIPPED\b|\btests? (?:was|were) skipped")
#: " 18. cond_put_corrupt_token WARNING: PUT failed with 400 not 423":
#: litmus writes a test's number and name, then what happened to it, on
#: the same line or, after a warning, on a continuation line.
TEST_NAME = re.compile(r"(?:^|\s)\d+\.\s+(\w+)")
WARNING = "WARNING:"


def warnings_in(output):
    """[(test, text)] of every WARNING of a suite's output."""
    found = []
    current = None
    for line in output.splitlines():
        before, sep, text = line.partition(WARNING)
        names = TEST_NAME.findall(before)
        if names:
            current = names[-1]
        if sep:
            found.append((current, text.strip()))
    return found


def log_tail(workdir, name="debug.log", limit=6000):
    """The end of a log litmus wrote in its working directory."""
    try:
        data = (workdir / name).read_text(errors="replace")
    except OSError as e:
        return f"({name}: {e})"
    return data[-limit:]


def run_litmus(suite, url, workdir):
    """litmus with only `suite`, in `workdir` (its debug.log goes there);
    returns its combined output."""
    env = dict(os.environ, TESTS=suite, HOME=str(workdir))
    for name in PROXY_VARIABLES:
        env.pop(name, None)
    try:
        p = subprocess.run([LITMUS, url], cwd=workdir, env=env,
                           stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                           stderr=subprocess.STDOUT, timeout=SUITE_TIMEOUT)
    except subprocess.TimeoutExpired as e:
        out = (e.stdout or b"").decode(errors="replace")
        pytest.fail(f"litmus {suite} did not finish within {SUITE_TIMEOUT}s"
                    f"\n{out}\n--- debug.log (end) ---\n{log_tail(workdir)}")
    return p.returncode, p.stdout.decode(errors="replace")


@pytest.fixture(scope="module", autouse=True)
def litmus_installed():
    if not os.access(LITMUS, os.X_OK):
        pytest.fail("litmus is not installed (scripts/install-deps)",
                    pytrace=False)


@pytest.mark.parametrize("suite", SUITES)
def test_litmus_suite(suite, tmp_path):
    """The suite ran (its summary line is there), every test in it passed,
    and it gave no warning outside ALLOWED_WARNINGS."""
    workdir = tmp_path / "litmus"
    workdir.mkdir()
    with dav_server(tmp_path, name=f"litmus-{suite}") as srv:
        rc, output = run_litmus(suite, srv.url + "/", workdir)
    context = (f"litmus {suite} (exit status {rc}):\n{output}\n"
               f"--- debug.log (end) ---\n{log_tail(workdir)}")

    assert not ALL_SKIPPED.search(output), context
    assert not SKIPPED.search(output), "tests were skipped\n" + context
    summaries = [m for m in SUMMARY.finditer(output)
                 if m.group("suite") == suite]
    assert len(summaries) == 1, "no summary line\n" + context
    s = summaries[0]
    assert int(s.group("run")) > 0, context
    assert int(s.group("failed")) == 0, context
    assert int(s.group("passed")) == int(s.group("run")), context
    assert rc == 0, context

    unexpected = [(test, text) for test, text in warnings_in(output)
                  if (suite, test, text) not in ALLOWED_WARNINGS]
    assert not unexpected, (
        "warnings that are the server's fault:\n"
        + "\n".join(f"  {test}: {text}" for test, text in unexpected)
        + "\n" + context)


def test_skip_parser_sees_skips():
    """The skip check must recognise how litmus 0.13 reports skips."""
    assert SKIPPED.search(" 6. lock_excl............. SKIPPED\n")
    assert SKIPPED.search("-> 3 tests were skipped.\n")
    assert not SKIPPED.search(
        "<- summary for `locks': of 41 tests run: 41 passed, 0 failed.")


def test_warning_parser_sees_warnings():
    """The parser above must find the warnings litmus prints, or the
    warning check would pass vacuously: two lines as litmus 0.13 writes
    them."""
    sample = (
        "18. cond_put_corrupt_token WARNING: PUT failed with 400 not 423\n"
        "    ...................... pass (with 1 warning)\n"
        "    ...................... 19. complex_cond_put...... pass\n"
        "20. fail_complex_cond_put. 20. fail_complex_cond_put. pass\n"
        "38. unmapped_lock......... WARNING: LOCK on unmapped url returned"
        " 200 not 201 (RFC4918:S7.3)\n")
    assert warnings_in(sample) == [
        ("cond_put_corrupt_token", "PUT failed with 400 not 423"),
        ("unmapped_lock",
         "LOCK on unmapped url returned 200 not 201 (RFC4918:S7.3)"),
    ]
