"""
The teapot command line, and the default site seen through curl.
"""

import json
import re
import socket
import subprocess

import pytest

from conftest import binary, request, teapot_argv, ipv6_loopback

#: Codes of the IANA HTTP Status Code Registry the table must hold.
IANA_CODES = [
    100, 101, 102, 103,
    200, 201, 202, 203, 204, 205, 206, 207, 208, 226,
    300, 301, 302, 303, 304, 305, 306, 307, 308,
    400, 401, 402, 403, 404, 405, 406, 407, 408, 409, 410, 411, 412, 413,
    414, 415, 416, 417, 418, 421, 422, 423, 424, 425, 426, 428, 429, 431, 451,
    500, 501, 502, 503, 504, 505, 506, 507, 508, 510, 511,
]


def run(*args, timeout=20):
    return subprocess.run([str(binary("teapot")), *args], capture_output=True,
                          text=True, timeout=timeout)


def curl(*args, timeout=30):
    p = subprocess.run(["curl", "-sS", "--max-time", "20", *args],
                       capture_output=True, timeout=timeout)
    assert p.returncode == 0, p.stderr.decode()
    return p.stdout


# ---- options -----------------------------------------------------------------

def test_help():
    """--help prints the usage on standard output and exits 0."""
    p = run("--help")
    assert p.returncode == 0
    assert "--listen" in p.stdout
    assert p.stderr == ""


def test_version():
    """--version prints the version number and exits 0."""
    p = run("--version")
    assert p.returncode == 0
    assert re.search(r"\b\d+\.\d+\.\d+\b", p.stdout), p.stdout


@pytest.mark.parametrize("args", [["--no-such-option"], ["--threads", "0"],
                                  ["--max-body", "lots"], ["--header-timeout", "-1"],
                                  ["extra-argument"]])
def test_bad_usage_exits_2(args):
    """A usage error exits 2 with a message on standard error."""
    p = run(*args)
    assert p.returncode == 2, (p.returncode, p.stderr)
    assert p.stderr
    assert p.stdout == ""


def test_unusable_listen_address_exits_nonzero():
    """An address that cannot be listened on is reported and fails."""
    p = run("--listen", "not-an-address")
    assert p.returncode != 0
    assert "not-an-address" in p.stderr




@pytest.mark.skipif(not ipv6_loopback(), reason="no IPv6 loopback here")
def test_listen_on_ipv6(spawn):
    """--listen [::1]:0 serves over IPv6, and the access log shows the
    IPv6 peer."""
    srv = spawn(teapot_argv("--listen", "[::1]:0"), probe=b"/")
    assert srv.host == "::1"
    r = srv.raw(request("GET", "/", host=f"[::1]:{srv.port}"), expect=1).response
    assert r.status == 200 and r.text.startswith("teapot ")
    # RFC 9110 7.2: an IP-literal Host is valid.
    assert srv.wait_stdout(r"^::1 - - ")


def test_two_listen_options_both_serve(spawn):
    """--listen is repeatable: every listener serves."""
    srv = spawn(teapot_argv("--listen", "127.0.0.1:0", "--listen", "127.0.0.1:0"),
                probe=b"/", expect_listeners=2)
    assert len(srv.listeners) == 2
    assert srv.listeners[0][1] != srv.listeners[1][1]
    for i in range(2):
        r = srv.raw(request("GET", "/"), expect=1, listener=i).response
        assert r.status == 200


# ---- teapot codes --------------------------------------------------------------

def test_codes_table():
    """`teapot codes` prints the registry as a table."""
    p = run("codes")
    assert p.returncode == 0
    assert re.search(r"^\s*404\s+Not Found\b", p.stdout, re.M), p.stdout
    assert re.search(r"^\s*418\s+\S", p.stdout, re.M)
    assert "\x1b[" not in p.stdout, "no colour when not on a terminal"


def test_codes_json():
    """`teapot codes --json` holds every code of the IANA registry, with
    the reason phrases of RFC 9110 and the header fields a code's
    definition requires."""
    p = run("codes", "--json")
    assert p.returncode == 0
    doc = json.loads(p.stdout)
    by_code = {e["code"]: e for e in doc}
    missing = [c for c in IANA_CODES if c not in by_code]
    assert not missing, f"codes missing from the registry: {missing}"
    assert all(100 <= c <= 599 for c in by_code)
    assert by_code[404]["reason"] == "Not Found"
    assert by_code[418]["reason"] == "(Unused)" or "teapot" in by_code[418]["reason"].lower()
    assert by_code[421]["reason"] == "Misdirected Request"
    assert by_code[425]["reason"] == "Too Early"
    assert by_code[451]["reason"] == "Unavailable For Legal Reasons"
    assert by_code[511]["reason"] == "Network Authentication Required"
    # RFC 9110 15.5.6: a 405 MUST carry Allow.
    allow = [f for f in by_code[405]["fields"] if f["name"] == "Allow"]
    assert allow and allow[0]["need"] == "required"
    # RFC 9110 15.5.2: a 401 MUST carry WWW-Authenticate.
    assert any(f["name"] == "WWW-Authenticate" and f["need"] == "required"
               for f in by_code[401]["fields"])
    for e in doc:
        assert {"code", "reason", "class", "reference", "flags", "fields"} <= set(e)


def test_codes_bad_option():
    """An unknown option of `teapot codes` is a usage error."""
    p = run("codes", "--yaml")
    assert p.returncode == 2


# ---- curl against the default site --------------------------------------------

def test_curl_home_page(teapot):
    """curl -i against the default site's home page."""
    out = curl("-i", teapot.url + "/")
    head, _, body = out.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200 OK\r\n")
    assert re.search(rb"(?im)^content-type: text/plain", head)
    assert body.startswith(b"teapot ")


def test_curl_expect_100_continue_with_a_large_body(teapot, tmp_path):
    """RFC 9110 10.1.1 with a real client: curl waits for 100 Continue,
    then sends 512 KiB and gets them back."""
    data = bytes(range(256)) * 2048
    src = tmp_path / "body.bin"
    src.write_bytes(data)
    out = curl("-i", "-H", "Expect: 100-continue", "-H", "Content-Type: application/x-raw",
               "--data-binary", f"@{src}", teapot.url + "/echo")
    assert out.startswith(b"HTTP/1.1 100 Continue\r\n\r\n"), out[:200]
    rest = out[len(b"HTTP/1.1 100 Continue\r\n\r\n"):]
    head, _, body = rest.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200 OK\r\n"), head
    assert re.search(rb"(?im)^content-type: application/x-raw\r?$", head)
    assert body == data


def test_curl_http10(teapot):
    """RFC 9112 9.3: an HTTP/1.0 client without keep-alive is answered
    (in HTTP/1.1) with Connection: close."""
    out = curl("-i", "--http1.0", teapot.url + "/")
    head, _, body = out.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200 OK\r\n")
    assert re.search(rb"(?im)^connection: close\r?$", head)
    assert body.startswith(b"teapot ")


def test_curl_options_asterisk(teapot):
    """RFC 9110 9.3.7: OPTIONS * through curl, as the home page suggests."""
    out = curl("-i", "-X", "OPTIONS", "--request-target", "*", teapot.url + "/")
    assert out.startswith(b"HTTP/1.1 200 OK\r\n")
    assert re.search(rb"(?im)^allow: ", out)


def test_curl_head(teapot):
    """RFC 9110 9.3.2: curl -I gets the length and no content (curl would
    wait for content that never comes if the framing were wrong)."""
    out = curl("-I", teapot.url + "/")
    assert out.startswith(b"HTTP/1.1 200 OK\r\n")
    m = re.search(rb"(?im)^content-length: (\d+)", out)
    assert m and int(m.group(1)) > 0
    assert out.endswith(b"\r\n\r\n")
