"""
Fixtures and helpers for the HTTP integration tests.

Every test talks to a real server process: `teapot` (the default site) or
`engine-app` (a test program whose handlers drive the engine from the
handler's side; see engine_app.c).  The build directory comes from the
environment variable TEAPOT_BUILD ("build" by default, relative to the
repository root; an absolute path is used as is).

The helpers here are deliberately strict: the response parser rejects
anything RFC 9112 does not allow a server to send (a status line or field
line not ended by CRLF, whitespace before a colon, obs-fold, both
Content-Length and Transfer-Encoding, a malformed chunk), so that a framing
mistake anywhere fails the test that provoked it.
"""

import contextlib
import email.utils
import os
import re
import select
import signal
import socket
import subprocess
import time
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

#: RFC 9110 5.6.7: IMF-fixdate = day-name "," SP date1 SP time-of-day SP GMT
IMF_FIXDATE = re.compile(
    r"(Mon|Tue|Wed|Thu|Fri|Sat|Sun), [0-9]{2} "
    r"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [0-9]{4} "
    r"[0-9]{2}:[0-9]{2}:[0-9]{2} GMT"
)

#: RFC 9110 5.6.2: token
TOKEN = re.compile(rb"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")

STATUS_LINE = re.compile(rb"HTTP/([0-9])\.([0-9]) ([0-9]{3}) ([\t !-~\x80-\xff]*)")

#: Output of a sanitizer or of the engine's own consistency checks.
SANITIZER_MARKERS = ("AddressSanitizer", "LeakSanitizer", "runtime error:")
BUG_MARKER = "BUG"

#: How long a test waits for something the server should do at once.
TIMEOUT = 3.0
#: How long a server gets to exit after SIGTERM.
EXIT_TIMEOUT = 15.0


# ---------------------------------------------------------------------------
# binaries


def build_dir() -> Path:
    b = Path(os.environ.get("TEAPOT_BUILD", "build"))
    return b if b.is_absolute() else REPO / b


def binary(name: str) -> Path:
    p = build_dir() / name
    if not (p.is_file() and os.access(p, os.X_OK)):
        pytest.fail(
            f"{p} is missing: build the project first "
            "(TEAPOT_BUILD selects the build directory)",
            pytrace=False,
        )
    return p


def ipv6_loopback():
    """Whether this machine can listen on ::1 (some containers cannot)."""
    try:
        with socket.socket(socket.AF_INET6, socket.SOCK_STREAM) as s:
            s.bind(("::1", 0))
        return True
    except OSError:
        return False


def teapot_argv(*args, threads=1):
    args = [str(a) for a in args]
    argv = [str(binary("teapot"))]
    if not any(a.startswith("--listen") or a == "-l" for a in args):
        argv += ["--listen", "127.0.0.1:0"]
    if threads is not None:
        argv += ["--threads", str(threads)]
    return argv + args


def engine_app_argv(*args, threads=1):
    argv = [str(binary("engine-app"))]
    if threads is not None:
        argv += ["--threads", str(threads)]
    return argv + [str(a) for a in args]


# ---------------------------------------------------------------------------
# building requests


def request(method="GET", target="/", *, host="test", headers=(), body=b"",
            version="HTTP/1.1", length=True):
    """Bytes of one request.  `headers` holds field lines, given as str or
    bytes ("Name: value") or (name, value) pairs, sent exactly as given.
    A body gets a Content-Length unless `length` is false or the headers
    already frame it."""
    lines = [f"{method} {target} {version}".encode("latin-1")]
    if host is not None:
        lines.append(b"Host: " + host.encode("latin-1"))
    framed = False
    for h in headers:
        if isinstance(h, tuple):
            h = f"{h[0]}: {h[1]}"
        if isinstance(h, str):
            h = h.encode("latin-1")
        if h.lower().startswith((b"content-length", b"transfer-encoding")):
            framed = True
        lines.append(h)
    if isinstance(body, str):
        body = body.encode("latin-1")
    if body and length and not framed:
        lines.append(b"Content-Length: %d" % len(body))
    return b"\r\n".join(lines) + b"\r\n\r\n" + body


def chunked(*pieces, ext=None, trailers=()):
    """A chunked body (RFC 9112 7.1); `ext` is appended to every chunk
    size line, `trailers` are field lines of the trailer section."""
    out = b""
    for p in pieces:
        if isinstance(p, str):
            p = p.encode("latin-1")
        out += b"%x" % len(p) + (ext.encode() if ext else b"") + b"\r\n" + p + b"\r\n"
    out += b"0\r\n"
    for t in trailers:
        out += (t.encode("latin-1") if isinstance(t, str) else t) + b"\r\n"
    return out + b"\r\n"


# ---------------------------------------------------------------------------
# parsing responses


class ProtocolError(AssertionError):
    """The server sent something RFC 9112 does not allow."""


class Incomplete(Exception):
    """The bytes end before the message does."""


class ResponseTimeout(AssertionError):
    """The server did not send what was expected in time."""


@dataclass
class Response:
    version: str
    status: int
    reason: str
    headers: list  # [(name, value)] in order, names as sent
    body: bytes = b""
    framing: str = "none"  # none | length | chunked | close
    chunks: list = None
    trailers: list = field(default_factory=list)
    interim: list = field(default_factory=list)  # 1xx before this one
    complete: bool = True
    head: bytes = b""

    def get_all(self, name):
        n = name.lower()
        return [v for k, v in self.headers if k.lower() == n]

    def has(self, name):
        return bool(self.get_all(name))

    def header(self, name):
        """The value of a field that must appear at most once."""
        values = self.get_all(name)
        assert len(values) <= 1, f"{name} sent {len(values)} times: {values}"
        return values[0] if values else None

    def tokens(self, name):
        """The comma-separated list elements of every `name` field,
        lower-cased (RFC 9110 5.6.1)."""
        out = []
        for v in self.get_all(name):
            out += [t.strip().lower() for t in v.split(",") if t.strip()]
        return out

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")

    def __repr__(self):
        return (f"<Response {self.status} {self.reason!r} {self.headers} "
                f"body={self.body[:200]!r}{'...' if len(self.body) > 200 else ''}>")


class Reader:
    """Reads HTTP/1.1 responses from bytes that arrive through `source`
    (a callable returning the next bytes, b"" at the end of the stream),
    or from fixed bytes when `source` is None."""

    def __init__(self, data=b"", source=None):
        self.buf = bytearray(data)
        self.source = source
        self.eof = source is None

    def _fill(self):
        if self.eof:
            raise Incomplete()
        b = self.source()
        if not b:
            self.eof = True
            raise Incomplete()
        self.buf += b

    def _line(self):
        start = 0
        while True:
            i = self.buf.find(b"\n", start)
            if i >= 0:
                line = bytes(self.buf[:i + 1])
                del self.buf[:i + 1]
                if not line.endswith(b"\r\n"):
                    raise ProtocolError(f"line not ended by CRLF: {line!r}")
                line = line[:-2]
                if b"\r" in line:
                    raise ProtocolError(f"bare CR in a line: {line!r}")
                return line
            start = len(self.buf)
            self._fill()

    def _exact(self, n):
        while len(self.buf) < n:
            self._fill()
        out = bytes(self.buf[:n])
        del self.buf[:n]
        return out

    def _rest(self):
        while True:
            try:
                self._fill()
            except Incomplete:
                break
        out = bytes(self.buf)
        self.buf.clear()
        return out

    def pending(self):
        return bytes(self.buf)

    def read_message(self, method="GET"):
        """One message, 1xx included."""
        raw_head = b""
        line = self._line()
        raw_head += line + b"\r\n"
        m = STATUS_LINE.fullmatch(line)
        if not m:
            raise ProtocolError(f"malformed status line: {line!r}")
        status = int(m.group(3))
        headers = []
        while True:
            line = self._line()
            raw_head += line + b"\r\n"
            if line == b"":
                break
            if line[:1] in (b" ", b"\t"):
                raise ProtocolError(f"obs-fold in a response: {line!r}")
            name, sep, value = line.partition(b":")
            if not sep or not TOKEN.fullmatch(name):
                raise ProtocolError(f"malformed field line: {line!r}")
            value = value.strip(b" \t")
            if any((c < 0x20 and c != 0x09) or c == 0x7F for c in value):
                raise ProtocolError(f"control character in a field value: {line!r}")
            headers.append((name.decode("ascii"), value.decode("latin-1")))
        r = Response(version=f"{m.group(1).decode()}.{m.group(2).decode()}",
                     status=status, reason=m.group(4).decode("latin-1"),
                     headers=headers, head=raw_head)
        te = r.tokens("Transfer-Encoding")
        cl = r.get_all("Content-Length")
        if te and cl:
            raise ProtocolError(f"both Transfer-Encoding and Content-Length: {r!r}")
        if 100 <= status < 200 or status in (204, 304) or method == "HEAD":
            r.framing = "none"
            return r
        if te:
            if te[-1] != "chunked":
                r.framing = "close"
                r.body = self._rest()
                r.complete = self.source is not None
                return r
            r.framing = "chunked"
            r.chunks = []
            while True:
                size_line = self._line()
                size, _, _ext = size_line.partition(b";")
                if not re.fullmatch(rb"[0-9A-Fa-f]+", size):
                    raise ProtocolError(f"malformed chunk size line: {size_line!r}")
                n = int(size, 16)
                if n == 0:
                    break
                r.chunks.append(self._exact(n))
                if self._exact(2) != b"\r\n":
                    raise ProtocolError("chunk data not followed by CRLF")
            while True:
                line = self._line()
                if line == b"":
                    break
                r.trailers.append(line.decode("latin-1"))
            r.body = b"".join(r.chunks)
            return r
        if cl:
            values = {v.strip() for c in cl for v in c.split(",")}
            if len(values) != 1 or not re.fullmatch(r"[0-9]+", next(iter(values))):
                raise ProtocolError(f"invalid Content-Length: {cl}")
            r.framing = "length"
            r.body = self._exact(int(values.pop()))
            return r
        r.framing = "close"
        r.body = self._rest()
        return r

    def read_response(self, method="GET"):
        """The next final response, with the 1xx before it in .interim."""
        interim = []
        while True:
            r = self.read_message(method)
            if 100 <= r.status < 200 and r.status != 101:
                interim.append(r)
                continue
            r.interim = interim
            return r


def parse_responses(data, methods=None, closed=True):
    """Splits bytes into final responses (1xx attached to the next final
    response).  `methods` gives the request method of each response in
    order (default GET); `closed` tells whether the server closed the
    connection after these bytes, which ends a close-delimited body."""
    rd = Reader(data)
    out = []
    while rd.buf:
        method = methods[len(out)] if methods and len(out) < len(methods) else "GET"
        try:
            r = rd.read_response(method)
        except Incomplete:
            raise ProtocolError(
                f"incomplete response after {len(out)} complete ones: "
                f"{bytes(data)[-300:]!r}") from None
        if r.framing == "close" and not closed:
            r.complete = False
        out.append(r)
    return out


def _count_complete(data, methods):
    rd = Reader(data)
    n = 0
    while rd.buf:
        method = methods[n] if methods and n < len(methods) else "GET"
        try:
            r = rd.read_response(method)
        except (Incomplete, ProtocolError):
            return n
        if r.framing == "close":
            return n
        n += 1
    return n


@dataclass
class Exchange:
    """What came back on one raw connection."""
    data: bytes
    closed: bool  # the server closed (FIN or reset) before the timeout
    reset: bool
    methods: list
    elapsed: float

    @cached_property
    def responses(self):
        return parse_responses(self.data, self.methods, self.closed)

    @property
    def response(self):
        rs = self.responses
        assert len(rs) == 1, f"expected exactly one response, got {len(rs)}: {rs}"
        return rs[0]


def assert_date(resp, now=None):
    """RFC 9110 6.6.1: an origin server with a clock MUST send Date, in
    IMF-fixdate (RFC 9110 5.6.7)."""
    dates = resp.get_all("Date")
    assert len(dates) == 1, f"Date sent {len(dates)} times in {resp!r}"
    assert IMF_FIXDATE.fullmatch(dates[0]), f"Date is not an IMF-fixdate: {dates[0]!r}"
    when = email.utils.parsedate_to_datetime(dates[0]).timestamp()
    assert abs(when - (now or time.time())) < 120, f"Date is far off: {dates[0]}"


# ---------------------------------------------------------------------------
# servers

LISTENING = re.compile(r"listening on http://(\[[^\]]+\]|[^:/\s]+):([0-9]+)/")

_LIVE_SHARED = []


class Server:
    """One server process, its standard output (the access log) and
    standard error captured to files."""

    def __init__(self, argv, workdir: Path, name="server", shared=False,
                 probe=b"/hello", expect_listeners=1):
        self.argv = [str(a) for a in argv]
        self.workdir = workdir
        self.name = name
        self.shared = shared
        self.probe_target = probe
        self.expect_listeners = expect_listeners
        self.generation = 0
        self.proc = None
        self.exit_status = None
        self.history = []  # stderr of processes replaced after a hang
        self._start()

    # -- life cycle

    def _start(self):
        self.generation += 1
        base = self.workdir / f"{self.name}-{self.generation}"
        self.stdout_path = base.with_suffix(".stdout")
        self.stderr_path = base.with_suffix(".stderr")
        env = dict(os.environ)
        env.setdefault("ASAN_OPTIONS", "detect_leaks=1")
        env.setdefault("UBSAN_OPTIONS", "print_stacktrace=1")
        with open(self.stdout_path, "wb") as out, open(self.stderr_path, "wb") as err:
            self.proc = subprocess.Popen(self.argv, stdout=out, stderr=err,
                                         stdin=subprocess.DEVNULL, env=env)
        self.exit_status = None
        deadline = time.monotonic() + 15
        while True:
            found = LISTENING.findall(self.stderr())
            if len(found) >= self.expect_listeners:
                break
            if self.proc.poll() is not None:
                raise RuntimeError(
                    f"{self.argv} exited with {self.proc.returncode} before "
                    f"listening:\n{self.stderr()}")
            if time.monotonic() > deadline:
                self.proc.kill()
                raise RuntimeError(f"{self.argv} did not start:\n{self.stderr()}")
            time.sleep(0.01)
        self.listeners = [(h.strip("[]"), int(p)) for h, p in found]
        self.host, self.port = self.listeners[0]
        if self.shared:
            _LIVE_SHARED.append(self)

    @property
    def url(self):
        h = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{h}:{self.port}"

    @property
    def running(self):
        return self.proc is not None and self.proc.poll() is None

    def stop(self, timeout=EXIT_TIMEOUT):
        """SIGTERM, then wait; returns the exit status (SIGKILL and
        AssertionError if the process does not exit in time)."""
        if self in _LIVE_SHARED:
            _LIVE_SHARED.remove(self)
        if self.exit_status is not None:
            return self.exit_status
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
                self.exit_status = self.proc.returncode
                raise AssertionError(
                    f"{self.name} did not exit within {timeout}s of SIGTERM")
        self.exit_status = self.proc.returncode
        return self.exit_status

    def wait_exit(self, timeout=EXIT_TIMEOUT):
        """Waits for an exit already asked for (no further signal); returns
        the exit status (SIGKILL and AssertionError on timeout)."""
        try:
            self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            self.exit_status = self.proc.returncode
            raise AssertionError(f"{self.name} did not exit within {timeout}s") from None
        self.exit_status = self.proc.returncode
        if self in _LIVE_SHARED:
            _LIVE_SHARED.remove(self)
        return self.exit_status

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()
        if self in _LIVE_SHARED:
            _LIVE_SHARED.remove(self)

    def restart(self, why):
        """Replaces a process that stopped answering (its stderr is kept
        for the final report)."""
        self.kill()
        self.history.append(f"--- {why}\n{self.stderr()}")
        self._start()

    # -- output

    def stderr(self, offset=0):
        try:
            with open(self.stderr_path, "rb") as f:
                f.seek(offset)
                return f.read().decode("utf-8", "replace")
        except FileNotFoundError:
            return ""

    def stderr_size(self):
        return self.stderr_path.stat().st_size

    def stdout(self):
        with open(self.stdout_path, "rb") as f:
            return f.read().decode("utf-8", "replace")

    def wait_stdout(self, pattern, timeout=TIMEOUT, count=1):
        """Waits for `count` lines of standard output matching the regex."""
        rx = re.compile(pattern)
        deadline = time.monotonic() + timeout
        while True:
            lines = [ln for ln in self.stdout().splitlines() if rx.search(ln)]
            if len(lines) >= count or time.monotonic() > deadline:
                return lines
            time.sleep(0.02)

    def wait_stderr(self, pattern, timeout=TIMEOUT):
        rx = re.compile(pattern)
        deadline = time.monotonic() + timeout
        while True:
            m = rx.search(self.stderr())
            if m or time.monotonic() > deadline:
                return m
            time.sleep(0.02)

    def problems(self, allow_bug=False, offset=0):
        """Sanitizer reports and engine BUG lines in standard error."""
        text = self.stderr(offset)
        found = [m for m in SANITIZER_MARKERS if m in text]
        if not allow_bug and BUG_MARKER in text:
            found.append(BUG_MARKER)
        return found, text

    # -- connections

    def connect(self, timeout=TIMEOUT, listener=0):
        host, port = self.listeners[listener]
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        s = socket.socket(family, socket.SOCK_STREAM)
        s.settimeout(timeout)
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        s.connect((host, port))
        return s

    def conn(self, timeout=TIMEOUT):
        return Conn(self, timeout)

    def raw(self, data, *, methods=None, delay=0.0, timeout=TIMEOUT,
            expect=None, settle=0.1, shut_wr=False, listener=0):
        """Sends `data` (bytes, or a list of pieces sent `delay` seconds
        apart) on a new connection and reads until the server closes or
        `timeout` passes.  With `expect`, stops waiting `settle` seconds
        after that many complete responses arrived."""
        pieces = list(data) if isinstance(data, (list, tuple)) else [data]
        t0 = time.monotonic()
        s = self.connect(listener=listener)
        try:
            for i, p in enumerate(pieces):
                if i and delay:
                    time.sleep(delay)
                try:
                    s.sendall(p)
                except (BrokenPipeError, ConnectionResetError):
                    break  # the server closed early; read what it said
            if shut_wr:
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_WR)
            data, closed, reset = _collect(s, t0 + timeout, expect, settle, methods)
        finally:
            s.close()
        return Exchange(data, closed, reset, methods, time.monotonic() - t0)

    def get(self, target="/hello", **kw):
        """One GET on a new connection, expecting one response."""
        return self.raw(request("GET", target, **kw), expect=1, settle=0).response

    def probe(self, timeout=2.0):
        """True if the server answers a simple request on a new
        connection (used to catch a test that wedged the server)."""
        try:
            with Conn(self, timeout) as c:
                c.send(request("GET", self.probe_target.decode()))
                r = c.read_response()
                return r.status < 500
        except (OSError, AssertionError, Incomplete):
            return False


def _collect(s, deadline, expect, settle, methods):
    data = bytearray()
    closed = reset = False
    settle_until = None
    while True:
        end = deadline if settle_until is None else min(deadline, settle_until)
        left = end - time.monotonic()
        if left <= 0:
            break
        s.settimeout(left)
        try:
            b = s.recv(65536)
        except socket.timeout:
            break
        except ConnectionResetError:
            closed = reset = True
            break
        if not b:
            closed = True
            break
        data += b
        if expect is not None and settle_until is None and \
                _count_complete(bytes(data), methods) >= expect:
            settle_until = time.monotonic() + settle
    return bytes(data), closed, reset


class Conn:
    """A client connection read response by response."""

    def __init__(self, server, timeout=TIMEOUT):
        self.timeout = timeout
        self.sock = server.connect(timeout)
        self.closed = False
        self.reset = False
        self.reader = Reader(source=self._recv)

    def _recv(self):
        self.sock.settimeout(self.timeout)
        try:
            b = self.sock.recv(65536)
        except socket.timeout:
            raise ResponseTimeout(
                f"nothing from the server within {self.timeout}s "
                f"(buffered: {bytes(self.reader.buf)[:200]!r})") from None
        except ConnectionResetError:
            self.reset = True
            b = b""
        if not b:
            self.closed = True
        return b

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self):
        self.sock.close()

    def send(self, data):
        self.sock.sendall(data)

    def read_message(self, method="GET"):
        try:
            return self.reader.read_message(method)
        except Incomplete:
            raise ProtocolError(
                f"connection closed inside a response: {self.reader.pending()[:300]!r}"
            ) from None

    def read_response(self, method="GET"):
        try:
            return self.reader.read_response(method)
        except Incomplete:
            raise ProtocolError(
                f"connection closed before a complete response: "
                f"{self.reader.pending()[:300]!r}") from None

    def exchange(self, data, method="GET"):
        self.send(data)
        return self.read_response(method)

    def quiet_for(self, seconds):
        """Bytes received within `seconds` (b"" if none, None if the server
        closed without sending any)."""
        if self.reader.buf:
            return self.reader.pending()
        self.sock.settimeout(seconds)
        try:
            b = self.sock.recv(65536)
        except socket.timeout:
            return b""
        except ConnectionResetError:
            self.reset = True
            return None
        if not b:
            self.closed = True
            return None
        return b

    def readable(self, timeout):
        """True if bytes (or the close) arrive within `timeout`; consumes
        nothing."""
        if self.reader.buf:
            return True
        r, _, _ = select.select([self.sock], [], [], timeout)
        return bool(r)

    def wait_closed(self, timeout=TIMEOUT):
        """Reads until the server closes; returns (closed, extra bytes)."""
        extra = self.reader.pending()
        self.reader.buf.clear()
        if self.closed:
            return True, extra
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return False, extra
            self.sock.settimeout(left)
            try:
                b = self.sock.recv(65536)
            except socket.timeout:
                return False, extra
            except ConnectionResetError:
                self.reset = self.closed = True
                return True, extra
            if not b:
                self.closed = True
                return True, extra
            extra += b

    def assert_closed(self, timeout=TIMEOUT):
        """The server closes the connection and sends nothing more."""
        closed, extra = self.wait_closed(timeout)
        assert extra == b"", f"unexpected bytes before the close: {extra[:300]!r}"
        assert closed, f"the server did not close the connection within {timeout}s"

    def assert_open(self, wait=0.3):
        """Nothing arrives and the connection stays open for `wait` s."""
        b = self.quiet_for(wait)
        assert b is not None, "the server closed the connection"
        assert b == b"", f"unexpected bytes: {b[:300]!r}"


# ---------------------------------------------------------------------------
# fixtures


@contextlib.contextmanager
def running(argv, workdir, name, *, shared=False, probe=b"/hello",
            allow_bug=False, expect_listeners=1):
    """Starts a server; on exit sends SIGTERM and checks that it exited
    with status 0 and reported no sanitizer error and no BUG."""
    srv = Server(argv, workdir, name=name, shared=shared, probe=probe,
                 expect_listeners=expect_listeners)
    try:
        yield srv
    finally:
        status = srv.stop()
        found, text = srv.problems(allow_bug=allow_bug)
        earlier = "".join(srv.history)
        assert status == 0, f"{name} exited with status {status}:\n{text}"
        assert not found, f"{name} reported {found} on stderr:\n{text}\n{earlier}"


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    """engine-app with its default limits, one per test module."""
    with running(engine_app_argv(), tmp_path_factory.mktemp("app"),
                 "engine-app", shared=True) as srv:
        yield srv


@pytest.fixture(scope="module")
def teapot(tmp_path_factory):
    """The teapot command with its default site, one per test module."""
    with running(teapot_argv(), tmp_path_factory.mktemp("teapot"),
                 "teapot", shared=True, probe=b"/") as srv:
        yield srv


@pytest.fixture
def spawn(tmp_path):
    """Starts a server of its own for one test: spawn(argv, allow_bug=False,
    probe=...).  Stopped and checked at the end of the test."""
    stack = contextlib.ExitStack()
    n = [0]

    def start(argv, *, allow_bug=False, probe=b"/hello", expect_listeners=1):
        n[0] += 1
        name = Path(argv[0]).name + f"-{n[0]}"
        return stack.enter_context(running(argv, tmp_path, name, probe=probe,
                                           allow_bug=allow_bug,
                                           expect_listeners=expect_listeners))

    with stack:
        yield start


@pytest.fixture(autouse=True)
def _shared_servers_stay_healthy():
    """After each test, every shared (per-module) server must still answer,
    and must not have reported a sanitizer error or BUG during the test.
    A server that stopped answering is replaced, so that one hang fails
    the test that caused it and not every test after it."""
    before = {id(s): s.stderr_size() for s in _LIVE_SHARED}
    yield
    problems = []
    for srv in list(_LIVE_SHARED):
        found, text = srv.problems(offset=before.get(id(srv), 0))
        if found:
            problems.append(f"{srv.name} reported {found} during this test:\n{text}")
        if not srv.running:
            problems.append(f"{srv.name} died (status {srv.proc.returncode}):\n{srv.stderr()}")
            srv.restart("died")
        elif not srv.probe():
            problems.append(f"{srv.name} stopped answering new connections after this test")
            srv.restart("stopped answering")
    assert not problems, "\n".join(problems)
