"""
The checks a rule may make before its action: `access` (client networks:
403 Forbidden, RFC 9110 15.5.4) and `auth` (HTTP Basic authentication,
RFC 7617, against an htpasswd file: 401 Unauthorized with a
WWW-Authenticate challenge, RFC 9110 11.6.1 and 15.5.2; 403 for a user
who is not allowed).  Within a rule: access, then rate_limit, then auth,
then the action.
"""

import base64
import socket
import subprocess
import warnings

import httpx
import pytest
import requests

from conftest import REPO, request, running, teapot_argv, ipv6_loopback
from test_config import problems, write
from test_config_hosts import check

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    import crypt

PASSWORDS = {"alice": "wonder land", "bob": "b0b:has:colons", "carol": "çarol-ünicode",
             "dave": "dave"}
CHALLENGE = 'Basic realm="Staff", charset="UTF-8"'


def openssl_passwd(flag, password):
    return subprocess.run(["openssl", "passwd", flag, "-stdin"], input=password,
                          capture_output=True, text=True, check=True).stdout.strip()


def hash_of(scheme, password):
    if scheme == "bcrypt":  # cost 4, to keep the tests fast
        h = crypt.crypt(password, crypt.mksalt(crypt.METHOD_BLOWFISH, rounds=16))
        assert h.startswith("$2b$04$")
        return h
    return openssl_passwd({"sha512": "-6", "sha256": "-5"}[scheme], password)


def htpasswd(path, scheme="bcrypt"):
    """alice, bob, carol and dave (who is not in `users`), all with one
    scheme: a file has one setting, so that an unknown user costs what a
    known one does."""
    lines = ["# the staff"]
    for user, password in PASSWORDS.items():
        lines.append(f"{user}:{hash_of(scheme, password)}")
        if user == "alice":
            lines.append("")
    path.write_text("\n".join(lines) + "\n")
    return path



needs_ipv6 = pytest.mark.skipif(not ipv6_loopback(), reason="no IPv6 loopback here")

CONFIG = """
    rules:
      - prefix: /v4/
        access: {allow: 127.0.0.1}
        return: {status: 200, body: "v4\\n"}
      - prefix: /v6/
        access: {allow: "::1"}
        return: {status: 200, body: "v6\\n"}
      - prefix: /no-loopback/
        access: {allow: all, deny: [127.0.0.0/8, "::1/128"]}
        return: {status: 200, body: "never\\n"}
      - prefix: /nets/
        access:
          allow: [127.0.0.0/8, 10.0.0.0/8]
          deny: 127.0.0.1
        return: {status: 200, body: "nets\\n"}
      - prefix: /check-only/
        access: {allow: 127.0.0.1}
      - prefix: /staff/
        auth:
          realm: Staff
          htpasswd: staff.htpasswd
          users: [alice, bob, carol]
      - prefix: /staff/
        return: {status: 200, body: "staff\\n"}
      - prefix: /everyone/
        auth: {realm: "Everyone's area", htpasswd: staff.htpasswd}
        return: {status: 200, body: "everyone\\n"}
      - prefix: /sha512/
        auth: {realm: Staff, htpasswd: sha512.htpasswd}
        return: {status: 200, body: "staff\\n"}
      - prefix: /sha256/
        auth: {realm: Staff, htpasswd: sha256.htpasswd}
        return: {status: 200, body: "staff\\n"}
      - prefix: /ordered/
        access: {deny: "::1"}
        auth: {realm: Ordered, htpasswd: staff.htpasswd}
        rate_limit: {rate: 0.001, burst: 1}
        return: {status: 200, body: "ordered\\n"}
"""


@pytest.fixture(scope="module")
def tmp(tmp_path_factory):
    return tmp_path_factory.mktemp("access")


@pytest.fixture(scope="module")
def srv(tmp):
    htpasswd(tmp / "staff.htpasswd")
    htpasswd(tmp / "sha512.htpasswd", "sha512")
    htpasswd(tmp / "sha256.htpasswd", "sha256")
    cfg = write(tmp / "teapot.yaml", CONFIG)
    argv = ["--config", cfg, "--listen", "127.0.0.1:0"]
    n = 1
    if ipv6_loopback():
        argv += ["--listen", "[::1]:0"]
        n = 2
    with running(teapot_argv(*argv), tmp, "access", shared=True, probe=b"/get",
                 expect_listeners=n) as s:
        yield s


def get(srv, target, headers=(), listener=0, method="GET"):
    host = "test"
    return srv.raw(request(method, target, headers=headers, host=host),
                   methods=[method], expect=1, listener=listener).response


def basic(user, password):
    token = base64.b64encode(f"{user}:{password}".encode()).decode()
    return f"Authorization: Basic {token}"


# ---- access -------------------------------------------------------------------


def test_an_allowed_address_passes_and_others_get_403(srv):
    """RFC 9110 15.5.4: the server understood the request and refuses
    it; the explanation says why."""
    r = get(srv, "/v4/x")
    assert r.status == 200 and r.body == b"v4\n"
    r = get(srv, "/v6/x")
    assert r.status == 403
    assert "your address is not allowed here" in r.text


@needs_ipv6
def test_an_ipv6_client_is_matched_as_ipv6(srv):
    r = get(srv, "/v6/x", listener=1)
    assert r.status == 200 and r.body == b"v6\n"
    assert get(srv, "/v4/x", listener=1).status == 403
    assert get(srv, "/no-loopback/", listener=1).status == 403


def test_deny_wins_over_a_wider_allow(srv):
    """The most specific network decides: 127.0.0.1 is denied inside the
    allowed 127.0.0.0/8."""
    assert get(srv, "/no-loopback/x").status == 403
    assert get(srv, "/nets/x").status == 403


def test_a_check_alone_lets_the_walk_go_on(srv):
    """access without an action does not answer a client it lets in: the
    routes do (the testing API is not there: 404)."""
    assert get(srv, "/check-only/x").status == 404
    r = httpx.get(srv.url + "/check-only/x")
    assert r.status_code == 404


def test_a_real_client_gets_403(srv):
    r = requests.get(srv.url + "/v6/page", timeout=5)
    assert r.status_code == 403


def mapped_client_possible():
    try:
        with socket.socket(socket.AF_INET6, socket.SOCK_STREAM) as s:
            s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
        return True
    except OSError:
        return False


@pytest.mark.skipif(not mapped_client_possible(), reason="no IPv4-mapped sockets")
def test_an_ipv4_mapped_client_is_matched_as_ipv4(srv):
    """A client on an IPv6 socket that connects to ::ffff:127.0.0.1 speaks
    IPv4 on the wire: the server's listeners are IPv6-only or IPv4, so it
    reaches the IPv4 one and is matched by the IPv4 networks, not by ::1."""
    def over_mapped(target):
        s = socket.socket(socket.AF_INET6, socket.SOCK_STREAM)
        s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 0)
        s.settimeout(3)
        s.connect(("::ffff:127.0.0.1", srv.port))
        s.sendall(request("GET", target, headers=["Connection: close"]))
        data = b""
        while chunk := s.recv(65536):
            data += chunk
        s.close()
        return data

    assert over_mapped("/v4/mapped").startswith(b"HTTP/1.1 200 ")
    assert over_mapped("/v6/mapped").startswith(b"HTTP/1.1 403 ")
    assert srv.wait_stdout(r'^127\.0\.0\.1 - - .*"GET /v4/mapped ')


# ---- auth ---------------------------------------------------------------------


def assert_401(r, challenge=CHALLENGE):
    """RFC 9110 15.5.2: a 401 MUST carry WWW-Authenticate with at least one
    challenge for the target; RFC 7617 2 and 2.1: Basic, with the realm
    and charset="UTF-8"."""
    assert r.status == 401, r
    assert r.get_all("WWW-Authenticate") == [challenge]


def test_no_credentials_is_401_with_a_basic_challenge(srv):
    assert_401(get(srv, "/staff/x"))
    r = get(srv, "/everyone/x")
    assert_401(r, 'Basic realm="Everyone\'s area", charset="UTF-8"')


@pytest.mark.parametrize("area", ["staff", "sha512", "sha256"])
@pytest.mark.parametrize("user", ["alice", "bob", "carol"])
def test_curl_with_the_right_password_passes(srv, user, area):
    """bcrypt, SHA-512 crypt and SHA-256 crypt hashes, with curl -u;
    passwords may hold ':' (bob) and non-ASCII (carol, sent in UTF-8, as
    charset="UTF-8" asks)."""
    p = subprocess.run(["curl", "-s", "-i", "-u", f"{user}:{PASSWORDS[user]}",
                        srv.url + f"/{area}/page"],
                       capture_output=True, timeout=10)
    head, _, body = p.stdout.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200 "), p.stdout
    assert body == b"staff\n"
    assert srv.wait_stdout(rf'^127\.0\.0\.1 - {user} \[.*"GET /{area}/page HTTP/1\.1" 200 ')


@pytest.mark.parametrize("field", [
    "Authorization: Bearer abc",
    "Authorization: Basic",
    "Authorization: Basic !!!notbase64",
    "Authorization: Basic " + base64.b64encode(b"no-colon").decode(),
    "Authorization: Digest username=alice",
])
def test_unusable_authorization_is_401(srv, field):
    assert_401(get(srv, "/staff/x", headers=[field]))


def test_two_authorization_lines_are_400(srv):
    """RFC 9110 5.3: Authorization is not a list, so a request carries it
    once; two field lines mean a confused client or intermediary, and two
    components could each act on a different one.  400, even when both
    are right, and no challenge: new credentials would not help."""
    ok = basic("alice", PASSWORDS["alice"])
    assert get(srv, "/staff/x", headers=[ok]).status == 200
    for lines in ([ok, ok], [ok, basic("bob", PASSWORDS["bob"])],
                  [basic("mallory", "x"), ok], [ok, "authorization: Basic"]):
        r = get(srv, "/staff/x", headers=lines)
        assert r.status == 400, (lines, r)
        assert "more than one Authorization" in r.text
        assert not r.has("WWW-Authenticate")
    p = subprocess.run(["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}",
                        "-H", ok, "-H", ok, srv.url + "/staff/x"],
                       capture_output=True, text=True, timeout=10)
    assert p.stdout == "400"


def test_the_scheme_is_case_insensitive(srv):
    """RFC 9110 11.1: auth-scheme is case-insensitive."""
    token = base64.b64encode(f"bob:{PASSWORDS['bob']}".encode()).decode()
    r = get(srv, "/staff/x", headers=[f"Authorization: bAsIc {token}"])
    assert r.status == 200


def strip_date(head):
    return b"\r\n".join(ln for ln in head.split(b"\r\n")
                        if not ln.lower().startswith(b"date:"))


def test_unknown_user_and_wrong_password_are_byte_identical(srv):
    """The answer must not tell whether a user exists: the same status,
    fields and body (only Date may differ) for a wrong password and for a
    user the file does not have."""
    wrong = srv.raw(request("GET", "/staff/x", headers=[basic("alice", "nope")]),
                    expect=1).data
    unknown = srv.raw(request("GET", "/staff/x", headers=[basic("mallory", "nope")]),
                      expect=1).data
    none = srv.raw(request("GET", "/staff/x"), expect=1).data
    assert wrong.startswith(b"HTTP/1.1 401 ")
    assert strip_date(wrong) == strip_date(unknown) == strip_date(none)


def test_a_user_not_listed_gets_403(srv):
    """RFC 9110 15.5.4: dave is authenticated but not allowed; 403, and no
    challenge, since other credentials are not asked for."""
    r = get(srv, "/staff/x", headers=[basic("dave", PASSWORDS["dave"])])
    assert r.status == 403
    assert not r.has("WWW-Authenticate")
    # without `users`, every user of the file is welcome
    r = get(srv, "/everyone/x", headers=[basic("dave", PASSWORDS["dave"])])
    assert r.status == 200 and r.body == b"everyone\n"


def test_requests_and_httpx_basic_auth(srv):
    r = requests.get(srv.url + "/staff/a", auth=("alice", PASSWORDS["alice"]), timeout=5)
    assert r.status_code == 200
    r = requests.get(srv.url + "/staff/a", auth=("alice", "wrong"), timeout=5)
    assert r.status_code == 401
    assert r.headers["WWW-Authenticate"] == CHALLENGE
    r = httpx.get(srv.url + "/staff/a", auth=("carol", PASSWORDS["carol"]))
    assert r.status_code == 200


def test_the_checks_come_in_order(srv):
    """access (403) before rate_limit (429) before auth (401): a refused
    address is neither counted nor asked for a password, and the limit
    stops a password guesser before each guess costs a hash (RFC 6585 4:
    429 for too many requests, whatever they carry)."""
    ok = [basic("alice", PASSWORDS["alice"])]
    r = get(srv, "/ordered/x", headers=ok)
    assert r.status == 200 and r.body == b"ordered\n"
    # the bucket (burst 1) is empty: every guess is refused unchecked
    for headers in ([basic("alice", "guess")], [basic("mallory", "guess")], [], ok):
        r = get(srv, "/ordered/x", headers=headers)
        assert r.status == 429, (headers, r)
        assert not r.has("WWW-Authenticate") and r.has("Retry-After")
    if len(srv.listeners) > 1:
        r = get(srv, "/ordered/x", headers=ok, listener=1)
        assert r.status == 403 and not r.has("WWW-Authenticate")


def test_without_a_limit_a_wrong_password_is_checked(srv):
    """The counterpart: in a rule without rate_limit the same guess is
    checked and answered 401."""
    assert_401(get(srv, "/staff/x", headers=[basic("alice", "guess")]))


# ---- configuration ----------------------------------------------------------


def test_access_config_errors_name_their_lines(tmp_path):
    cfg = write(tmp_path / "bad.yaml", """
        rules:
          - prefix: /a
            access: {allow: 10.0.0.1/8}
          - prefix: /b
            access: {alow: 10.0.0.0/8}
          - prefix: /c
            access: {}
          - prefix: /d
            access: {deny: [192.0.2.0/24, nonsense]}
          - prefix: /e
            access: {allow: []}
          - prefix: /f
            access: 127.0.0.1
          - prefix: /g
            access: {allow: "::1/129"}
    """)
    p = check(cfg)
    assert p.returncode == 1
    got = problems(p.stderr, cfg)
    assert sorted(got) == [3, 5, 7, 9, 11, 13, 15], p.stderr
    assert "nobody could pass" not in p.stderr
    assert got[3][0].startswith("'rules[0].access.allow' ")
    assert "10.0.0.1/8" in got[3][0]
    assert "unknown key 'alow' in 'rules[1].access' (did you mean 'allow'?)" in got[5]
    assert "'rules[2].access' has neither 'allow' nor 'deny'" in got[7][0]
    assert got[9][0].startswith("'rules[3].access.deny' ") and "nonsense" in got[9][0]
    assert "'rules[4].access.allow' wants at least one network" in got[11][0]
    assert "'rules[5].access' wants a mapping" in got[13][0]
    assert got[15][0].startswith("'rules[6].access.allow' ")


def test_access_that_lets_nobody_in_is_refused(tmp_path):
    """A deny wins a tie, so allow: all with deny: all, or deny: all
    alone, could never let anyone pass: a contradiction, reported at the
    deny.  A more specific allow beside deny: all is a policy."""
    cfg = write(tmp_path / "bad.yaml", """
        rules:
          - prefix: /a
            access: {allow: all, deny: all}
          - prefix: /b
            access:
              deny: [10.0.0.0/8, all]
          - prefix: /c
            access: {allow: 127.0.0.1, deny: all}
          - prefix: /d
            access: {allow: all, deny: 10.0.0.0/8}
          - prefix: /e
            access: {allow: [0.0.0.0/0, "::/0"], deny: ["::/0", 0.0.0.0/0]}
    """)
    p = check(cfg)
    assert p.returncode == 1
    got = problems(p.stderr, cfg)
    assert sorted(got) == [3, 6, 12], p.stderr
    assert got[3] == ["'rules[0].access' has allow: all and deny: all: deny "
                      "wins every tie, so nobody could pass; leave one out"]
    assert "'rules[1].access' has deny: all and no allow, so nobody could " \
           "pass" in got[6][0]
    assert "return: {status: 403}" in got[6][0]
    assert "deny wins every tie" in got[12][0]


def test_a_file_of_mixed_schemes_or_costs_is_refused(tmp_path):
    """An unknown user is checked against a hash of the file's setting;
    if a cheap user answered faster than an unknown one, the time of a 401
    would tell who exists.  So all users of a file share one scheme and
    cost, and the check says which lines differ."""
    b4 = hash_of("bcrypt", "pw")
    b5 = crypt.crypt("pw", crypt.mksalt(crypt.METHOD_BLOWFISH, rounds=32))
    (tmp_path / "mixed.htpasswd").write_text(
        f"alice:{b4}\n# sha\nbob:{hash_of('sha512', 'pw')}\n"
        f"carol:{b4.replace('$2b$', '$2y$')}\ndave:{b5}\n")
    cfg = write(tmp_path / "bad.yaml", """
        rules:
          - prefix: /a
            auth: {realm: A, htpasswd: mixed.htpasswd}
    """)
    p = check(cfg)
    assert p.returncode == 1
    got = problems(p.stderr, cfg)
    mixed = tmp_path / "mixed.htpasswd"
    assert got[3] == [
        f"'rules[0].auth.htpasswd' {mixed}:3: all users of a file must share "
        "one hash scheme and cost, so that checking a user who does not exist "
        "takes as long as checking one who does; found $2b$04 (line 1) and "
        "$6$ rounds=5000 (line 3)",
        f"'rules[0].auth.htpasswd' {mixed}:5: all users of a file must share "
        "one hash scheme and cost, so that checking a user who does not exist "
        "takes as long as checking one who does; found $2b$04 (line 1) and "
        "$2b$05 (line 5)"], p.stderr


def test_a_cost_that_would_stall_the_worker_is_refused(tmp_path):
    """Each check runs on the worker that serves other clients too: bcrypt
    costs above 10 and SHA-crypt rounds above 200000 are refused, with
    the ceiling."""
    b = hash_of("bcrypt", "pw")
    (tmp_path / "slow.htpasswd").write_text(f"alice:$2b$11{b[6:]}\n")
    sha = openssl_passwd("-6", "pw")
    (tmp_path / "rounds.htpasswd").write_text(
        "alice:$6$rounds=200001$" + sha[3:] + "\n")
    cfg = write(tmp_path / "bad.yaml", """
        rules:
          - prefix: /a
            auth: {realm: A, htpasswd: slow.htpasswd}
          - prefix: /b
            auth: {realm: B, htpasswd: rounds.htpasswd}
    """)
    p = check(cfg)
    assert p.returncode == 1
    got = problems(p.stderr, cfg)
    assert "bcrypt cost 11" in got[3][0] and "use at most 10" in got[3][0]
    assert "200001 sha512-crypt rounds" in got[5][0]
    assert "use at most 200000" in got[5][0]


def test_auth_config_errors_name_their_lines(tmp_path):
    good = htpasswd(tmp_path / "good.htpasswd")
    (tmp_path / "md5.htpasswd").write_text(
        "# old\nzoe:$apr1$abcdefgh$0123456789abcdefghijkl\nyan:$1$salt$abcdefghijklmnopqrstuv\n")
    cfg = write(tmp_path / "bad.yaml", f"""
        rules:
          - prefix: /a
            auth: {{realm: A, htpasswd: missing.htpasswd}}
          - prefix: /b
            auth: {{realm: B, htpasswd: md5.htpasswd}}
          - prefix: /c
            auth: {{realm: C, htpasswd: {good.name}, users: [alice, eve]}}
          - prefix: /d
            auth: {{htpasswd: {good.name}}}
          - prefix: /e
            auth: {{realm: 'say "hi"', htpasswd: {good.name}}}
          - prefix: /f
            auth: {{realm: F, htpasswd: {good.name}, user: [alice]}}
          - prefix: /g
            auth: {{realm: G}}
          - prefix: /h
            auth:
              realm: H
              htpasswd: {good.name}
              users:
                - eve
                - "nobody:here"
          - prefix: /i
            auth: {{realm: "{'x' * 101}", htpasswd: {good.name}}}
          - prefix: /j
            auth: {{realm: "Café", htpasswd: {good.name}}}
    """)
    p = check(cfg)
    assert p.returncode == 1
    got = problems(p.stderr, cfg)
    assert sorted(got) == [3, 5, 7, 9, 11, 13, 15, 21, 22, 24, 26], p.stderr
    missing = tmp_path / "missing.htpasswd"
    assert got[3][0].startswith(f"'rules[0].auth.htpasswd' {missing}: ")
    assert "No such file" in got[3][0]
    md5 = tmp_path / "md5.htpasswd"
    assert len(got[5]) >= 2
    assert got[5][0].startswith(f"'rules[1].auth.htpasswd' {md5}:2: ")
    assert got[5][1].startswith(f"'rules[1].auth.htpasswd' {md5}:3: ")
    assert "$apr1$abcdefgh$0123" not in p.stderr  # never a hash in a message
    assert got[7] == [f"'rules[2].auth.users' names 'eve', who is not in {good}"]
    assert "'rules[3].auth' has no 'realm'" in got[9][0]
    assert "'rules[4].auth.realm' wants a name" in got[11][0]
    assert "unknown key 'user' in 'rules[5].auth' (did you mean 'users'?)" in got[13]
    assert "'rules[6].auth' has no 'htpasswd'" in got[15][0]
    # every well-formed name is looked up, even beside a malformed one
    assert got[21] == [f"'rules[7].auth.users' names 'eve', who is not in {good}"]
    assert got[22][0].startswith("'rules[7].auth.users' wants a user name")
    assert "nobody:here" in got[22][0]
    assert "'rules[8].auth.realm' wants a name of 1 to 100" in got[24][0]
    # the challenge carries it as a quoted-string: printable ASCII only
    assert "'rules[9].auth.realm' wants a name" in got[26][0]


def test_the_doc_examples_of_auth_pass_the_check(tmp_path):
    """The `auth` example of docs/teapot.conf.md, beside an htpasswd file
    with its users."""
    import re
    doc = (REPO / "docs" / "teapot.conf.md").read_text()
    section = doc[doc.index("#### `auth`"):]
    example = re.search(r"```yaml\n(.*?)```", section, re.S).group(1)
    for name in re.findall(r"htpasswd: *(\S+)", example):
        htpasswd(tmp_path / name)
    cfg = tmp_path / "auth.yaml"
    cfg.write_text(example)
    p = check(cfg)
    assert p.returncode == 0, p.stderr


def test_plain_text_and_des_are_refused_at_check_time(tmp_path):
    """A plain-text password or a DES crypt (13 characters, 8 of password)
    is as good as none: --check-config refuses the file, naming the
    htpasswd line, and the server does not start with it."""
    (tmp_path / "weak.htpasswd").write_text(
        "plain:secret123\ndes:abJnggxhB/yWI\n")
    cfg = write(tmp_path / "t.yaml", """
        rules:
          - prefix: /staff/
            auth: {realm: Staff, htpasswd: weak.htpasswd}
    """)
    p = check(cfg)
    assert p.returncode == 1
    got = problems(p.stderr, cfg)[3]
    assert any("weak.htpasswd:1:" in m and "plain-text password" in m
               for m in got), got
    assert any("weak.htpasswd:2:" in m and "DES crypt" in m for m in got), got
    assert "secret123" not in p.stderr
    started = subprocess.run(teapot_argv("--config", cfg), capture_output=True,
                             text=True, timeout=10)
    assert started.returncode == 1
