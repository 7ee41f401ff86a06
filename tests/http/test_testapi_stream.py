"""
The client-testing API's timing and streaming endpoints: /delay/{s},
/drip, /bytes/{n}, /stream-bytes/{n}, /stream/{n}, /sse and /trailers.

The server under test runs one worker thread, so a handler that blocked
while it waits would stall every other client: the tests check that it
does not.  Framing is checked on raw sockets with the strict parser of
conftest (RFC 9112 6 and 7.1).
"""

import json
import socket
import subprocess
import time

import httpx
import pytest
import requests

from conftest import Reader, request, teapot_argv

#: One client for the module: a new httpx client per request costs more
#: than most of these exchanges.
CLIENT = httpx.Client(timeout=10)


def read_timed(sock, deadline=5.0):
    """Every byte the server sends until it closes or goes quiet, with the
    arrival time of each recv: [(t, bytes)]."""
    out = []
    sock.settimeout(deadline)
    while True:
        try:
            b = sock.recv(65536)
        except socket.timeout:
            break
        if not b:
            break
        out.append((time.monotonic(), b))
    return out


def head_and_body_times(pieces, t0):
    """Splits timed pieces at the end of the header section: the header
    bytes, and [(seconds since t0, body byte)] for each body byte."""
    data = b"".join(b for _, b in pieces)
    end = data.index(b"\r\n\r\n") + 4
    seen, body = 0, []
    for t, b in pieces:
        for i, byte in enumerate(b):
            if seen + i >= end:
                body.append((t - t0, bytes([byte])))
        seen += len(b)
    return data[:end], body


# ---------------------------------------------------------------------------
# /delay/{s}


def test_delay_answers_after_the_delay_with_the_anything_json(teapot):
    t0 = time.monotonic()
    r = CLIENT.get(teapot.url + "/delay/0.3?x=1", headers={"X-Probe": "p"})
    took = time.monotonic() - t0
    assert r.status_code == 200 and r.headers["content-type"] == "application/json"
    assert took >= 0.29, took
    j = r.json()
    assert j["args"] == {"x": "1"}
    assert j["headers"]["X-Probe"] == "p"
    assert j["method"] == "GET"
    assert j["url"] == teapot.url + "/delay/0.3?x=1"
    assert {"data", "files", "form", "json", "origin"} <= set(j)


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
def test_delay_takes_every_method_and_echoes_the_body(teapot, method):
    r = requests.request(method, teapot.url + "/delay/0", json={"k": [1, 2]})
    assert r.status_code == 200
    j = r.json()
    assert j["method"] == method
    assert j["json"] == {"k": [1, 2]}
    assert json.loads(j["data"]) == {"k": [1, 2]}


def test_delay_parses_a_form_body(teapot):
    r = requests.post(teapot.url + "/delay/0.05", data={"a": "1 2", "b": "x"})
    assert r.status_code == 200
    j = r.json()
    assert j["form"] == {"a": "1 2", "b": "x"}
    assert j["data"] == "" and j["json"] is None


def test_delay_does_not_hold_up_other_clients(teapot):
    """The wait is a timer: with a single worker thread, a client asking
    for /get while another waits on /delay is answered at once."""
    with teapot.conn(timeout=5) as slow:
        t0 = time.monotonic()
        slow.send(request("GET", "/delay/0.6"))
        time.sleep(0.05)
        for _ in range(3):
            t1 = time.monotonic()
            r = CLIENT.get(teapot.url + "/get")
            assert r.status_code == 200
            assert time.monotonic() - t1 < 0.3
        assert time.monotonic() - t0 < 0.5, "others waited for the delay"
        resp = slow.read_response()
        assert resp.status == 200
        assert time.monotonic() - t0 >= 0.59


def test_delays_overlap(teapot):
    """Three clients waiting 0.5 s each are all answered after about 0.5 s,
    not one after the other."""
    conns = [teapot.conn(timeout=5) for _ in range(3)]
    try:
        t0 = time.monotonic()
        for c in conns:
            c.send(request("GET", "/delay/0.5"))
        for c in conns:
            assert c.read_response().status == 200
        assert time.monotonic() - t0 < 1.2
    finally:
        for c in conns:
            c.close()


@pytest.mark.parametrize("arg", ["11", "10.5", "abc", "-1", "1e3", "", "1/2",
                                 "inf"])
def test_delay_bad_or_beyond_the_limit_is_400(teapot, arg):
    r = CLIENT.get(teapot.url + "/delay/" + arg)
    assert r.status_code == 400
    if arg in ("11", "10.5"):
        assert "at most 10 seconds" in r.text


def test_delay_limit_follows_max_delay(spawn):
    srv = spawn(teapot_argv("--max-delay", "0.5"), probe=b"/get")
    r = CLIENT.get(srv.url + "/delay/0.6")
    assert r.status_code == 400 and "at most 0.5 seconds" in r.text
    assert CLIENT.get(srv.url + "/delay/0.5").status_code == 200


def test_delay_under_a_prefix(spawn, tmp_path):
    """Mounted beside a document root, at /hb."""
    srv = spawn(teapot_argv("--root", tmp_path, "--testapi", "/hb"),
                probe=b"/hb/get")
    r = CLIENT.post(srv.url + "/hb/delay/0.1", content=b'{"a": 1}')
    assert r.status_code == 200
    assert r.json()["json"] == {"a": 1}
    assert r.json()["url"] == srv.url + "/hb/delay/0.1"
    assert CLIENT.get(srv.url + "/hb/delay/11").status_code == 400


# ---------------------------------------------------------------------------
# /drip


def test_drip_spreads_the_bytes_over_the_duration(teapot):
    """numbytes '*' bytes with Content-Length, the first at once and the
    others evenly over the duration."""
    s = teapot.connect()
    try:
        t0 = time.monotonic()
        s.sendall(request("GET", "/drip?numbytes=4&duration=0.8",
                          headers=["Connection: close"]))
        pieces = read_timed(s)
    finally:
        s.close()
    head, body = head_and_body_times(pieces, t0)
    r = Reader(b"".join(b for _, b in pieces)).read_response()
    assert r.status == 200 and r.framing == "length"
    assert r.header("Content-Length") == "4"
    assert r.header("Content-Type") == "application/octet-stream"
    assert r.body == b"****"
    times = [t for t, _ in body]
    assert times[0] < 0.15, times
    # byte i is due at i * 0.2 s
    for i, t in enumerate(times):
        assert t >= i * 0.2 - 0.02, times
    assert times[-1] < 1.2, times


def test_drip_waits_for_delay_and_uses_the_code(teapot):
    t0 = time.monotonic()
    r = CLIENT.get(teapot.url + "/drip?numbytes=3&duration=0&delay=0.3&code=202")
    assert time.monotonic() - t0 >= 0.29
    assert r.status_code == 202
    assert r.content == b"***" and r.headers["content-length"] == "3"


def test_drip_many_bytes_in_a_short_time(teapot):
    """More bytes than milliseconds: the ones that fell due together go out
    together."""
    t0 = time.monotonic()
    r = CLIENT.get(teapot.url + "/drip?numbytes=100000&duration=0.3")
    assert r.status_code == 200 and r.content == b"*" * 100000
    assert 0.2 <= time.monotonic() - t0 < 2


def test_drip_head_has_the_length_and_no_body(teapot):
    r = CLIENT.head(teapot.url + "/drip?numbytes=7&duration=0")
    assert r.status_code == 200
    assert r.headers["content-length"] == "7" and r.content == b""


@pytest.mark.parametrize("query,why", [
    ("code=204", "cannot carry"),     # RFC 9110 15.3.5
    ("code=205", "cannot carry"),     # 15.3.6
    ("code=304", "cannot carry"),     # 15.4.5
    ("code=101", "final status code"),
    ("code=600", "final status code"),
    ("code=abc", "code must be"),
    ("code=401", "WWW-Authenticate"),  # 11.6.1: 401 MUST send it
    ("code=302", "Location"),
    ("code=405", "Allow"),
    ("code=306", "reserved"),          # 15.4.7
    ("code=418", "reserved"),          # 15.5.19
    ("numbytes=0", "1 to 1048576"),
    ("numbytes=1048577", "1 to 1048576"),
    ("duration=8&delay=3", "at most 10 seconds"),
    ("duration=x", "duration"),
    ("delay=-1", "delay"),
])
def test_drip_bad_parameters_are_400(teapot, query, why):
    r = CLIENT.get(teapot.url + "/drip?" + query)
    assert r.status_code == 400
    assert why in r.text


@pytest.mark.parametrize("code", [200, 201, 404, 416, 500, 503])
def test_drip_codes_that_allow_content(teapot, code):
    r = CLIENT.get(teapot.url + f"/drip?numbytes=2&duration=0&code={code}")
    assert r.status_code == code and r.content == b"**"


def test_streams_stop_cleanly_when_the_client_goes_away(spawn):
    """A client that leaves in the middle of a drip, a delay, an event
    stream or a long stream: the server frees what the exchange held, keeps
    answering, and exits 0 without a sanitizer report (checked when the
    fixture stops it)."""
    srv = spawn(teapot_argv(), probe=b"/get")
    targets = [
        "/drip?numbytes=10&duration=0.5",
        "/drip?numbytes=5&duration=0.5&delay=0.2",
        "/delay/0.3",
        "/sse?count=5&duration=0.5",
        "/stream/100",
        "/stream-bytes/1048576?chunk_size=100",
    ]
    for target in targets:
        s = srv.connect()
        s.sendall(request("GET", target))
        if "delay=" not in target and "/delay/" not in target:
            assert s.recv(100)  # the response has started
        # an abortive close (RST), as a killed client would leave
        s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00")
        s.close()
    time.sleep(0.8)  # every timer above has fired by now
    r = CLIENT.get(srv.url + "/drip?numbytes=2&duration=0.1")
    assert r.status_code == 200 and r.content == b"**"
    assert srv.stop() == 0
    found, text = srv.problems()
    assert not found, text


# ---------------------------------------------------------------------------
# /bytes/{n} and /stream-bytes/{n}


def test_bytes_are_n_octets_with_content_length(teapot):
    r = CLIENT.get(teapot.url + "/bytes/1000")
    assert r.status_code == 200
    assert r.headers["content-type"] == "application/octet-stream"
    assert r.headers["content-length"] == "1000" and len(r.content) == 1000
    r2 = CLIENT.get(teapot.url + "/bytes/1000")
    assert r2.content != r.content  # random without a seed


def test_bytes_seed_makes_them_reproducible(teapot):
    a = CLIENT.get(teapot.url + "/bytes/64?seed=42").content
    b = CLIENT.get(teapot.url + "/bytes/64?seed=42").content
    c = CLIENT.get(teapot.url + "/bytes/64?seed=43").content
    assert a == b and a != c and len(a) == 64
    # a prefix of a longer run from the same seed
    assert CLIENT.get(teapot.url + "/bytes/100?seed=42").content[:64] == a
    assert CLIENT.get(teapot.url + "/bytes/0").content == b""


def test_stream_bytes_are_chunked_in_chunk_size_pieces(teapot):
    """RFC 9112 7.1: Transfer-Encoding: chunked, no Content-Length; the
    same seed gives the same bytes as /bytes."""
    rs = teapot.raw(request("GET", "/stream-bytes/100?seed=7&chunk_size=30"),
                    expect=1)
    r = rs.response
    assert r.status == 200 and r.framing == "chunked"
    assert r.header("Content-Length") is None
    assert [len(c) for c in r.chunks] == [30, 30, 30, 10]
    assert r.body == CLIENT.get(teapot.url + "/bytes/100?seed=7").content


def test_stream_bytes_default_chunks_and_http10(teapot):
    r = CLIENT.get(teapot.url + "/stream-bytes/30000?seed=1")
    assert r.status_code == 200 and len(r.content) == 30000
    assert r.headers["transfer-encoding"] == "chunked"
    # HTTP/1.0 has no chunked coding: the close ends the body (RFC 9112 6.3)
    rs = teapot.raw(request("GET", "/stream-bytes/500?seed=1",
                            version="HTTP/1.0"))
    assert rs.closed
    r10 = rs.response
    assert r10.framing == "close" and r10.header("Transfer-Encoding") is None
    assert r10.body == CLIENT.get(teapot.url + "/bytes/500?seed=1").content


@pytest.mark.parametrize("target", [
    "/bytes/1048577", "/bytes/abc", "/bytes/-1", "/bytes/", "/bytes/1?seed=x",
    "/stream-bytes/1048577", "/stream-bytes/10?chunk_size=0",
    "/stream-bytes/10?chunk_size=z",
])
def test_bytes_bad_input_is_400(teapot, target):
    r = CLIENT.get(teapot.url + target)
    assert r.status_code == 400
    if "1048577" in target:
        assert "1048576" in r.text


# ---------------------------------------------------------------------------
# /stream/{n}


def test_stream_sends_n_json_lines_chunked(teapot):
    rs = teapot.raw(request("GET", "/stream/3?q=v", headers=["X-A: b"]),
                    expect=1)
    r = rs.response
    assert r.status == 200 and r.framing == "chunked"
    assert r.header("Content-Type") == "application/json"
    lines = r.body.decode().splitlines()
    assert len(lines) == 3 and r.body.endswith(b"\n")
    for i, line in enumerate(lines):
        j = json.loads(line)
        assert j["id"] == i
        assert j["args"] == {"q": "v"}
        assert j["headers"]["X-A"] == "b"
        assert j["url"].endswith("/stream/3?q=v")
        assert set(j) == {"args", "headers", "id", "origin", "url"}
    # each line is a chunk of its own
    assert [json.loads(c)["id"] for c in r.chunks] == [0, 1, 2]


def test_stream_with_requests_iter_lines(teapot):
    with requests.get(teapot.url + "/stream/5", stream=True) as r:
        ids = [json.loads(line)["id"] for line in r.iter_lines() if line]
    assert ids == [0, 1, 2, 3, 4]


@pytest.mark.parametrize("n", ["101", "x", "-1"])
def test_stream_beyond_the_count_limit_is_400(teapot, n):
    r = CLIENT.get(teapot.url + "/stream/" + n)
    assert r.status_code == 400
    assert "0 to 100" in r.text


# ---------------------------------------------------------------------------
# /sse


def parse_event_stream(text):
    """Events by the HTML Living Standard's "interpreting an event stream":
    lines of field: value (one optional space after the colon), an empty
    line dispatching the event."""
    events, cur = [], {}
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if line == "":
            if cur:
                events.append(cur)
            cur = {}
            continue
        if line.startswith(":"):
            continue
        name, _, value = line.partition(":")
        if value.startswith(" "):
            value = value[1:]
        if name == "data" and "data" in cur:
            cur["data"] += "\n" + value
        else:
            cur[name] = value
    return events


def test_sse_sends_events_spread_over_the_duration(teapot):
    t0 = time.monotonic()
    arrivals = []
    text = ""
    with CLIENT.stream("GET", teapot.url + "/sse?count=3&duration=0.6") as r:
        assert r.status_code == 200
        assert r.headers["content-type"].startswith("text/event-stream")
        assert r.headers["cache-control"] == "no-cache"
        assert r.headers["transfer-encoding"] == "chunked"
        for piece in r.iter_text():
            arrivals.append(time.monotonic() - t0)
            text += piece
    events = parse_event_stream(text)
    assert [e["id"] for e in events] == ["1", "2", "3"]
    assert all(e["event"] == "ping" for e in events)
    for e in events:
        d = json.loads(e["data"])
        assert d["id"] == int(e["id"])
        assert abs(d["timestamp"] / 1000 - time.time()) < 60
    # one every 0.2 s: the first at once, the last after about 0.4 s
    assert arrivals[0] < 0.15 and arrivals[-1] >= 0.38, arrivals


def test_sse_resumes_after_last_event_id(teapot):
    """HTML 9.2.4: a reconnecting client sends the last id it saw; the
    stream goes on from the next one."""
    r = CLIENT.get(teapot.url + "/sse?count=2&duration=0.1",
                  headers={"Last-Event-ID": "41"})
    events = parse_event_stream(r.text)
    assert [e["id"] for e in events] == ["42", "43"]
    assert [json.loads(e["data"])["id"] for e in events] == [42, 43]


def test_sse_initial_delay(teapot):
    t0 = time.monotonic()
    r = CLIENT.get(teapot.url + "/sse?count=1&delay=0.3")
    assert time.monotonic() - t0 >= 0.29
    assert [e["id"] for e in parse_event_stream(r.text)] == ["1"]


@pytest.mark.parametrize("query,headers,why", [
    ("count=0", {}, "count"),
    ("count=101", {}, "1 to 100"),
    ("duration=9&delay=2", {}, "at most 10 seconds"),
    ("duration=x", {}, "duration"),
    ("count=1", {"Last-Event-ID": "abc"}, "Last-Event-ID"),
    # ids stay within what the JSON data can hold as an integer
    ("count=1", {"Last-Event-ID": "9223372036854775807"}, "Last-Event-ID"),
])
def test_sse_bad_parameters_are_400(teapot, query, headers, why):
    r = CLIENT.get(teapot.url + "/sse?" + query, headers=headers)
    assert r.status_code == 400 and why in r.text


# ---------------------------------------------------------------------------
# /trailers


def test_trailers_arrive_after_the_last_chunk(teapot):
    """RFC 9112 7.1.2: the trailer section follows the last-chunk; RFC 9110
    6.6.2: the Trailer field announces the names."""
    rs = teapot.raw(request("GET", "/trailers?X-Check=abc&Server-Timing=total%3Bdur%3D1"),
                    expect=1)
    r = rs.response
    assert r.status == 200 and r.framing == "chunked"
    assert [t.strip() for t in r.header("Trailer").split(",")] == \
        ["X-Check", "Server-Timing"]
    assert r.trailers == ["X-Check: abc", "Server-Timing: total;dur=1"]
    j = json.loads(r.body)
    assert j["args"] == {"X-Check": "abc", "Server-Timing": "total;dur=1"}
    # byte order on the wire: body chunks, then "0", then the fields
    data = rs.data
    last_chunk = data.index(b"\r\n0\r\n")
    assert data.index(b"X-Check: abc\r\n") > last_chunk
    assert data.index(b'"url"') < last_chunk
    assert data.endswith(b"Server-Timing: total;dur=1\r\n\r\n")
    # and not in the header section
    assert not r.has("X-Check")


def test_trailers_repeated_names_and_none(teapot):
    r = teapot.raw(request("GET", "/trailers?X-A=1&X-A=2"), expect=1).response
    assert r.trailers == ["X-A: 1", "X-A: 2"]
    assert r.header("Trailer") == "X-A"
    r = teapot.raw(request("GET", "/trailers"), expect=1).response
    assert r.framing == "chunked" and r.trailers == []
    assert not r.has("Trailer")


def test_trailers_to_http10_come_without_chunking(teapot):
    """HTTP/1.0 has no chunked coding (RFC 9112 7.1 needs 1.1), so no
    trailer section: the body ends with the close and the fields are not
    announced."""
    rs = teapot.raw(request("GET", "/trailers?X-Check=abc", version="HTTP/1.0"))
    assert rs.closed
    r = rs.response
    assert r.status == 200 and r.framing == "close"
    assert r.header("Transfer-Encoding") is None and not r.has("Trailer")
    assert json.loads(r.body)["args"] == {"X-Check": "abc"}
    assert b"X-Check: abc" not in rs.data


def test_trailers_with_curl(teapot):
    out = subprocess.run(
        ["curl", "-s", "--raw", "-i", teapot.url + "/trailers?X-Sum=5"],
        capture_output=True, timeout=10, check=True).stdout
    assert out.rstrip().endswith(b"0\r\nX-Sum: 5")


@pytest.mark.parametrize("name", ["Content-Length", "Transfer-Encoding", "Host",
                                  "Authorization", "Cache-Control",
                                  "Content-Type", "Trailer", "set-cookie",
                                  "If-None-Match"])
def test_trailers_forbidden_names_are_400(teapot, name):
    """RFC 9110 6.5.1: framing, routing, authentication, request
    modifiers and content-processing fields may not be trailers."""
    r = CLIENT.get(teapot.url + "/trailers", params={name: "1"})
    assert r.status_code == 400
    assert name in r.text and "6.5.1" in r.text


@pytest.mark.parametrize("query,why", [
    ("a%20b=1", "not a valid field name"),
    ("a%3Ab=1", "not a valid field name"),
    ("=1", "not a valid field name"),
    ("X-A=a%0D%0AX-B:%201", "control characters"),
    ("X-A=%01", "control characters"),
    ("&".join(f"X-{i}=1" for i in range(17)), "at most 16"),
])
def test_trailers_invalid_fields_are_400(teapot, query, why):
    r = CLIENT.get(teapot.url + "/trailers?" + query)
    assert r.status_code == 400 and why in r.text
