"""
The client-testing API's authentication endpoints: /basic-auth and
/hidden-basic-auth (Basic, RFC 7617), /digest-auth (Digest, RFC 7616) and
/bearer (RFC 6750).  Every 401 carries WWW-Authenticate (RFC 9110
15.5.2), which the fixture's teardown also checks on every response.
"""

import base64
import hashlib
import re
import subprocess

import httpx
import pytest
import requests
from requests.auth import HTTPDigestAuth

from conftest import request, teapot_argv


def basic(user, password):
    raw = (user + ":" + password).encode()
    return "Basic " + base64.b64encode(raw).decode()


# ---------------------------------------------------------------------------
# Basic


def test_basic_auth_accepts_the_right_credentials(teapot):
    r = requests.get(teapot.url + "/basic-auth/alice/s3cret",
                     auth=("alice", "s3cret"))
    assert r.status_code == 200
    assert r.json() == {"authenticated": True, "user": "alice"}


def test_basic_auth_challenges_without_credentials(teapot):
    """RFC 9110 15.5.2: a 401 MUST carry WWW-Authenticate; RFC 7617 2 and
    2.1: the Basic challenge names the realm and may say charset UTF-8."""
    r = requests.get(teapot.url + "/basic-auth/alice/s3cret")
    assert r.status_code == 401
    assert r.headers["WWW-Authenticate"] == \
        'Basic realm="teapot", charset="UTF-8"'


@pytest.mark.parametrize("user,password", [
    ("alice", "wrong"), ("bob", "s3cret"), ("alice", "s3cret!"),
    ("alice", "s3cre"), ("", ""),
])
def test_basic_auth_rejects_other_credentials(teapot, user, password):
    r = requests.get(teapot.url + "/basic-auth/alice/s3cret",
                     headers={"Authorization": basic(user, password)})
    assert r.status_code == 401
    assert r.headers["WWW-Authenticate"].startswith("Basic ")


@pytest.mark.parametrize("value", [
    "Basic !!!not-base64!!!",
    "Basic " + base64.b64encode(b"alices3cret").decode(),  # no colon
    "Basic",
    "Basic YWxpY2U6czNjcmV0=",  # wrong padding
    "Bearer YWxpY2U6czNjcmV0",
])
def test_malformed_basic_credentials_are_not_a_match(teapot, value):
    """Malformed credentials are credentials that do not match: 401 with
    a challenge, not 400."""
    r = requests.get(teapot.url + "/basic-auth/alice/s3cret",
                     headers={"Authorization": value})
    assert r.status_code == 401
    assert "WWW-Authenticate" in r.headers


def test_basic_credentials_may_leave_out_the_padding(teapot):
    """Hand-built credentials often drop base64's '=' padding (RFC 4648
    3.2 lets a specification say it is not needed): the testing API takes
    them, decoded as the rules' Basic authentication does otherwise."""
    for password in ("s3cre", "s3cr"):  # one '=' and two
        token = base64.b64encode(f"alice:{password}".encode()).decode()
        assert token.endswith("=")
        url = f"{teapot.url}/basic-auth/alice/{password}"
        for value in ("Basic " + token, "Basic " + token.rstrip("=")):
            r = requests.get(url, headers={"Authorization": value})
            assert r.status_code == 200, value
        # a padding that is there must be right
        r = requests.get(url, headers={"Authorization": f"Basic {token}="})
        assert r.status_code == 401


def test_basic_scheme_name_is_case_insensitive(teapot):
    """RFC 9110 11.1: the auth-scheme is a case-insensitive token."""
    value = basic("alice", "s3cret").replace("Basic", "bAsIc")
    r = requests.get(teapot.url + "/basic-auth/alice/s3cret",
                     headers={"Authorization": value})
    assert r.status_code == 200


def test_basic_auth_with_utf8_credentials(teapot):
    """RFC 7617 2.1: with charset="UTF-8", user-id and password are sent
    as UTF-8; the path carries them percent-encoded."""
    r = requests.get(teapot.url + "/basic-auth/j%C3%BCrgen/p%C3%A4%C3%9F",
                     auth=("jürgen".encode(), "päß".encode()))
    assert r.status_code == 200
    assert r.json()["user"] == "jürgen"


def test_basic_auth_with_curl(teapot):
    out = subprocess.run(
        ["curl", "-s", "-o", "-", "-w", "\n%{http_code}", "--basic",
         "-u", "carol:tea-time", teapot.url + "/basic-auth/carol/tea-time"],
        capture_output=True, text=True, timeout=10, check=True).stdout
    body, code = out.rsplit("\n", 1)
    assert code == "200"
    assert '"user": "carol"' in body


def test_basic_user_id_with_colon_is_bad_input(teapot):
    """RFC 7617 2: a user-id containing a colon cannot be expressed."""
    r = requests.get(teapot.url + "/basic-auth/a%3Ab/pw")
    assert r.status_code == 400
    assert "colon" in r.text or "':'" in r.text


@pytest.mark.parametrize("path", ["/basic-auth/a%00b/pw",
                                  "/basic-auth/a/p%FFw",
                                  "/digest-auth/auth/a%00b/pw",
                                  "/basic-auth/a%zz/pw"])
def test_credentials_in_the_path_must_be_utf8_text(teapot, path):
    """A NUL would cut the user short ("a%00b" authenticating "a")."""
    rs = teapot.raw(request("GET", path, headers=["Authorization: " +
                                                  basic("a", "pw")]),
                    expect=1, settle=0)
    assert rs.response.status == 400, rs.response


@pytest.mark.parametrize("path", ["/basic-auth/alice", "/basic-auth/",
                                  "/basic-auth/a/b/c", "/basic-auth/a/b/"])
def test_basic_auth_path_shape(teapot, path):
    r = requests.get(teapot.url + path)
    assert r.status_code == 404
    assert "{user}/{passwd}" in r.text


def test_hidden_basic_auth_answers_404_instead_of_401(teapot):
    url = teapot.url + "/hidden-basic-auth/dave/hunter2"
    r = requests.get(url)
    assert r.status_code == 404
    assert "WWW-Authenticate" not in r.headers
    r = requests.get(url, auth=("dave", "wrong"))
    assert r.status_code == 404
    r = requests.get(url, auth=("dave", "hunter2"))
    assert r.status_code == 200
    assert r.json() == {"authenticated": True, "user": "dave"}


# ---------------------------------------------------------------------------
# Digest: a small client of our own, checked against RFC 7616's example


HASHES = {"MD5": hashlib.md5, "SHA-256": hashlib.sha256,
          "SHA-512-256": lambda b=b"": hashlib.new("sha512_256", b),
          "SHA-512": hashlib.sha512}


def H(alg, data):
    base = alg[:-5] if alg.lower().endswith("-sess") else alg
    if isinstance(data, str):
        data = data.encode()
    return HASHES[base](data).hexdigest()


def parse_params(value):
    """auth-params of a challenge or Authentication-Info (RFC 9110 11.2)."""
    out = {}
    for m in re.finditer(r'([\w*-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]+))',
                         value):
        v = m[2] if m[2] is not None else m[3]
        out[m[1].lower()] = re.sub(r"\\(.)", r"\1", v)
    return out


def challenge_of(r):
    value = r.headers["WWW-Authenticate"]
    assert value.startswith("Digest "), value
    return parse_params(value[7:])


def ha1(alg, user, realm, password, nonce, cnonce):
    h = H(alg, f"{user}:{realm}:{password}")
    if alg.lower().endswith("-sess"):
        h = H(alg, f"{h}:{nonce}:{cnonce}")
    return h


def response_digest(alg, user, realm, password, nonce, nc, cnonce, qop,
                    method, uri, body=b""):
    """RFC 7616 3.4.1; method None gives rspauth's A2 (3.5)."""
    a2 = f"{method or ''}:{uri}"
    if qop == "auth-int":
        a2 += ":" + H(alg, body)
    return H(alg, ":".join([ha1(alg, user, realm, password, nonce, cnonce),
                            nonce, nc, cnonce, qop, H(alg, a2)]))


def authorization(ch, user, password, method, uri, qop="auth", body=b"",
                  nc="00000001", cnonce="0a4f113b", alg=None, drop=(),
                  **override):
    alg = alg or ch.get("algorithm", "MD5")
    p = {"username": user, "realm": ch["realm"], "nonce": ch["nonce"],
         "uri": uri, "algorithm": alg, "qop": qop, "nc": nc,
         "cnonce": cnonce, "opaque": ch.get("opaque"),
         "response": response_digest(alg, user, ch["realm"], password,
                                     ch["nonce"], nc, cnonce, qop, method,
                                     uri, body)}
    p.update(override)
    for k in drop:
        del p[k]
    quoted = {"username", "realm", "nonce", "uri", "cnonce", "opaque",
              "response"}
    parts = []
    for k, v in p.items():
        if v is None:
            continue
        parts.append(f'{k}="{v}"' if k in quoted else f"{k}={v}")
    return "Digest " + ", ".join(parts)


def test_our_digest_client_matches_rfc7616_example():
    """RFC 7616 3.9.1: the MD5 and SHA-256 responses of its example, so
    that the tests below check the server against a known-good client."""
    args = dict(user="Mufasa", realm="http-auth@example.org",
                password="Circle of Life",
                nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v",
                nc="00000001",
                cnonce="f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ",
                qop="auth", method="GET", uri="/dir/index.html")
    assert response_digest("MD5", **args) == "8ca523f5e9506fed4657c9700eebdbec"
    assert response_digest("SHA-256", **args) == \
        "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1"


def get_challenge(srv, path, method="GET"):
    r = requests.request(method, srv.url + path)
    assert r.status_code == 401, r.text
    return challenge_of(r)


# ---------------------------------------------------------------------------
# Digest with real clients


@pytest.mark.parametrize("alg", ["MD5", "SHA-256", "MD5-sess", "SHA-512"])
def test_digest_auth_with_python_requests(teapot, alg):
    path = f"/digest-auth/auth/erin/open-sesame/{alg}"
    r = requests.get(teapot.url + path + "?x=1&y=2",
                     auth=HTTPDigestAuth("erin", "open-sesame"))
    assert r.status_code == 200, r.text
    assert r.json() == {"authenticated": True, "user": "erin"}
    # The challenge that came first (RFC 7616 3.3).
    assert [h.status_code for h in r.history] == [401]
    ch = challenge_of(r.history[0])
    assert ch["realm"] == "teapot"
    assert ch["qop"] == "auth"
    assert ch["algorithm"] == alg
    assert ch["nonce"] and ch["opaque"]
    assert "stale" not in ch
    assert "Authentication-Info" in r.headers


def test_digest_default_algorithm_is_md5_and_curl_agrees(teapot):
    out = subprocess.run(
        ["curl", "-s", "-o", "-", "-w", "\n%{http_code}", "--digest",
         "-u", "frank:pa55", teapot.url + "/digest-auth/auth/frank/pa55"],
        capture_output=True, text=True, timeout=10, check=True).stdout
    body, code = out.rsplit("\n", 1)
    assert code == "200"
    assert '"user": "frank"' in body
    ch = get_challenge(teapot, "/digest-auth/auth/frank/pa55")
    assert ch["algorithm"] == "MD5"


def test_digest_challenge_every_time_has_a_fresh_nonce(teapot):
    a = get_challenge(teapot, "/digest-auth/auth/u/p")
    b = get_challenge(teapot, "/digest-auth/auth/u/p")
    assert a["nonce"] != b["nonce"]
    assert a["opaque"] == b["opaque"]


def test_digest_authentication_info_proves_the_server_knows_the_secret(teapot):
    """RFC 7616 3.5: rspauth is the response digest with A2 = ":" uri."""
    path = "/digest-auth/auth/gina/leaves/SHA-256?q=1"
    ch = get_challenge(teapot, path)
    auth = authorization(ch, "gina", "leaves", "GET", path, cnonce="abc123",
                         nc="00000001")
    r = requests.get(teapot.url + path, headers={"Authorization": auth})
    assert r.status_code == 200, r.text
    info = parse_params(r.headers["Authentication-Info"])
    assert info["qop"] == "auth"
    assert info["nc"] == "00000001"
    assert info["cnonce"] == "abc123"
    assert info["rspauth"] == response_digest(
        "SHA-256", "gina", "teapot", "leaves", ch["nonce"], "00000001",
        "abc123", "auth", None, path)


def test_digest_auth_int_covers_the_body(teapot):
    """RFC 7616 3.4.3: with qop=auth-int, A2 includes H(entity-body), so a
    changed body fails; the rspauth covers the response's content."""
    path = "/digest-auth/auth-int/hal/kettle"
    ch = get_challenge(teapot, path, "POST")
    assert ch["qop"] == "auth-int"
    body = b"two sugars, please"
    auth = authorization(ch, "hal", "kettle", "POST", path, qop="auth-int",
                         body=body)
    r = requests.post(teapot.url + path, data=body,
                      headers={"Authorization": auth})
    assert r.status_code == 200, r.text
    assert r.json() == {"authenticated": True, "user": "hal"}
    info = parse_params(r.headers["Authentication-Info"])
    assert info["qop"] == "auth-int"
    assert info["rspauth"] == response_digest(
        "MD5", "hal", "teapot", "kettle", ch["nonce"], "00000001",
        "0a4f113b", "auth-int", None, path, r.content)

    # The same credentials over another body do not authenticate.
    r = requests.post(teapot.url + path, data=b"three sugars, please",
                      headers={"Authorization": auth})
    assert r.status_code == 401
    assert "stale" not in challenge_of(r)


def test_digest_auth_int_with_an_empty_body(teapot):
    path = "/digest-auth/auth-int/hal/kettle/SHA-256"
    ch = get_challenge(teapot, path)
    auth = authorization(ch, "hal", "kettle", "GET", path, qop="auth-int")
    r = requests.get(teapot.url + path, headers={"Authorization": auth})
    assert r.status_code == 200, r.text


def test_digest_both_qops_offered(teapot):
    """qop-options may list several values (RFC 7616 3.3); requests picks
    auth, our client auth-int."""
    path = "/digest-auth/auth,auth-int/ida/brew"
    r = requests.get(teapot.url + path, auth=HTTPDigestAuth("ida", "brew"))
    assert r.status_code == 200, r.text
    ch = challenge_of(r.history[0])
    assert [q.strip() for q in ch["qop"].split(",")] == ["auth", "auth-int"]
    auth = authorization(ch, "ida", "brew", "PUT", path, qop="auth-int",
                         body=b"x")
    r = requests.put(teapot.url + path, data=b"x",
                     headers={"Authorization": auth})
    assert r.status_code == 200, r.text


def test_digest_wrong_password_is_401_without_stale(teapot):
    r = requests.get(teapot.url + "/digest-auth/auth/jo/right",
                     auth=HTTPDigestAuth("jo", "wrong"))
    assert r.status_code == 401
    ch = challenge_of(r)
    assert "stale" not in ch


def test_digest_wrong_user_is_401(teapot):
    path = "/digest-auth/auth/jo/right"
    ch = get_challenge(teapot, path)
    auth = authorization(ch, "joe", "right", "GET", path)
    r = requests.get(teapot.url + path, headers={"Authorization": auth})
    assert r.status_code == 401


def test_digest_forged_nonce_is_rejected_not_stale(teapot):
    """A nonce the server did not make is not stale: stale=true is only for
    a valid digest on a nonce no longer accepted (RFC 7616 3.3)."""
    path = "/digest-auth/auth/kim/pw"
    ch = get_challenge(teapot, path)
    nonce = ch["nonce"]
    forged = nonce[:-1] + ("0" if nonce[-1] != "0" else "1")
    auth = authorization(dict(ch, nonce=forged), "kim", "pw", "GET", path)
    r = requests.get(teapot.url + path, headers={"Authorization": auth})
    assert r.status_code == 401
    assert "stale" not in challenge_of(r)


def test_digest_stale_after_counts_nonce_uses(teapot):
    """/digest-auth/.../{stale_after}: after that many uses of a nonce
    (the client's nc), a correct response gets 401 with stale=true, and a
    client retries with the new nonce without asking its user again."""
    path = "/digest-auth/auth/lee/pw/MD5/2"
    ch = get_challenge(teapot, path)
    for nc in ("00000001", "00000002"):
        auth = authorization(ch, "lee", "pw", "GET", path, nc=nc)
        r = requests.get(teapot.url + path, headers={"Authorization": auth})
        assert r.status_code == 200, r.text
    auth = authorization(ch, "lee", "pw", "GET", path, nc="00000003")
    r = requests.get(teapot.url + path, headers={"Authorization": auth})
    assert r.status_code == 401
    fresh = challenge_of(r)
    assert fresh["stale"] == "true"
    assert fresh["nonce"] != ch["nonce"]
    # A wrong password with the used-up nonce is not stale, just wrong.
    auth = authorization(ch, "lee", "nope", "GET", path, nc="00000003")
    r = requests.get(teapot.url + path, headers={"Authorization": auth})
    assert "stale" not in challenge_of(r)

    # python requests follows stale=true by itself.
    s = requests.Session()
    s.auth = HTTPDigestAuth("lee", "pw")
    codes = []
    for _ in range(3):
        r = s.get(teapot.url + path)
        assert r.status_code == 200
        codes.append([h.status_code for h in r.history])
    assert codes[0] == [401] and codes[1] == []
    assert codes[2] == [401]


def test_digest_uri_must_be_the_request_target(teapot):
    """RFC 7616 3.4.6: a uri directive naming another resource SHOULD get
    400 Bad Request."""
    path = "/digest-auth/auth/max/pw"
    ch = get_challenge(teapot, path)
    other = "/digest-auth/auth/max/pw?other"
    auth = authorization(ch, "max", "pw", "GET", other)
    r = requests.get(teapot.url + path, headers={"Authorization": auth})
    assert r.status_code == 400
    assert "uri" in r.text


def test_digest_uri_of_an_absolute_form_target(teapot):
    """The same resource named in absolute form (RFC 9112 3.2.2) matches a
    uri directive holding its path."""
    path = "/digest-auth/auth/max/pw"
    ch = get_challenge(teapot, path)
    auth = authorization(ch, "max", "pw", "GET", path)
    target = f"http://{teapot.host}:{teapot.port}{path}"
    rs = teapot.raw(request("GET", target, host=f"{teapot.host}:{teapot.port}",
                            headers=["Authorization: " + auth]), expect=1,
                    settle=0)
    assert rs.response.status == 200, rs.response


def test_digest_algorithm_other_than_challenged_is_rejected(teapot):
    path = "/digest-auth/auth/ned/pw/SHA-256"
    ch = get_challenge(teapot, path)
    auth = authorization(ch, "ned", "pw", "GET", path, alg="MD5")
    r = requests.get(teapot.url + path, headers={"Authorization": auth})
    assert r.status_code == 401
    assert challenge_of(r)["algorithm"] == "SHA-256"


def test_digest_qop_not_offered_is_rejected(teapot):
    path = "/digest-auth/auth/oli/pw"
    ch = get_challenge(teapot, path)
    auth = authorization(ch, "oli", "pw", "GET", path, qop="auth-int")
    r = requests.get(teapot.url + path, headers={"Authorization": auth})
    assert r.status_code == 401


def test_digest_wrong_realm_or_opaque_is_rejected(teapot):
    path = "/digest-auth/auth/pam/pw"
    ch = get_challenge(teapot, path)
    auth = authorization(dict(ch, realm="elsewhere"), "pam", "pw", "GET", path)
    r = requests.get(teapot.url + path, headers={"Authorization": auth})
    assert r.status_code == 401
    auth = authorization(ch, "pam", "pw", "GET", path, opaque="0000")
    r = requests.get(teapot.url + path, headers={"Authorization": auth})
    assert r.status_code == 401


def test_digest_username_star_for_non_ascii_users(teapot):
    """RFC 7616 3.4.4: username* carries a user name beyond ASCII in the
    RFC 8187 encoding."""
    path = "/digest-auth/auth/Ren%C3%A9e/pw"
    ch = get_challenge(teapot, path)
    auth = authorization(ch, "Renée", "pw", "GET", path, username=None)
    auth += ", username*=UTF-8''Ren%C3%A9e"
    r = requests.get(teapot.url + path,
                     headers={"Authorization": auth.encode()})
    assert r.status_code == 200, r.text
    assert r.json()["user"] == "Renée"


def test_digest_userhash(teapot):
    """RFC 7616 3.4.4: with userhash=true the username is H(user:realm)."""
    path = "/digest-auth/auth/quinn/pw/SHA-256"
    ch = get_challenge(teapot, path)
    auth = authorization(ch, "quinn", "pw", "GET", path,
                         username=H("SHA-256", "quinn:teapot"),
                         userhash="true")
    r = requests.get(teapot.url + path, headers={"Authorization": auth})
    assert r.status_code == 200, r.text


@pytest.mark.parametrize("drop", ["nonce", "uri", "response", "cnonce", "nc",
                                  "qop", "realm"])
def test_digest_missing_directive_is_bad_request(teapot, drop):
    path = "/digest-auth/auth/rae/pw"
    ch = get_challenge(teapot, path)
    auth = authorization(ch, "rae", "pw", "GET", path, drop=[drop])
    r = requests.get(teapot.url + path, headers={"Authorization": auth})
    assert r.status_code == 400
    assert drop in r.text


@pytest.mark.parametrize("value", [
    'Digest username="a", realm',
    'Digest username="a, realm="teapot"',
    'Digest username="a" realm="teapot"',
    'Digest username="a", username="b"',
])
def test_digest_malformed_credentials_are_bad_request(teapot, value):
    r = requests.get(teapot.url + "/digest-auth/auth/a/b",
                     headers={"Authorization": value})
    assert r.status_code == 400


def test_digest_nc_must_be_eight_hex_digits(teapot):
    path = "/digest-auth/auth/sam/pw"
    ch = get_challenge(teapot, path)
    auth = authorization(ch, "sam", "pw", "GET", path, nc="1")
    r = requests.get(teapot.url + path, headers={"Authorization": auth})
    assert r.status_code == 400


@pytest.mark.parametrize("path,why", [
    ("/digest-auth/bogus/u/p", "qop"),
    ("/digest-auth/auth,bogus/u/p", "qop"),
    ("/digest-auth/auth/u/p/SHA-1", "algorithm"),
    ("/digest-auth/auth/u/p/MD5/soon", "stale_after"),
])
def test_digest_bad_path_values_are_bad_request(teapot, path, why):
    r = requests.get(teapot.url + path)
    assert r.status_code == 400
    assert why in r.text


@pytest.mark.parametrize("path", ["/digest-auth/auth/u",
                                  "/digest-auth/auth/u/p/MD5/never/x",
                                  "/digest-auth/auth/u/p/"])
def test_digest_path_shape(teapot, path):
    r = requests.get(teapot.url + path)
    assert r.status_code == 404


def test_digest_head_and_preflight(teapot):
    """HEAD gets the GET's challenge without content; OPTIONS is a CORS
    preflight, not a challenge."""
    path = "/digest-auth/auth/u/p"
    rs = teapot.raw(request("HEAD", path), methods=["HEAD"], expect=1)
    assert rs.response.status == 401
    assert rs.response.header("WWW-Authenticate").startswith("Digest ")
    r = httpx.options(teapot.url + path)
    assert r.status_code == 200
    assert "www-authenticate" not in r.headers


# ---------------------------------------------------------------------------
# Bearer


def test_bearer_token_is_echoed(teapot):
    r = httpx.get(teapot.url + "/bearer",
                  headers={"Authorization": "Bearer mF_9.B5f-4.1JqM"})
    assert r.status_code == 200
    assert r.json() == {"authenticated": True, "token": "mF_9.B5f-4.1JqM"}


def test_bearer_missing_credentials_get_a_challenge_without_error(teapot):
    """RFC 6750 3.1: a request lacking authentication information gets no
    error code in the challenge."""
    for headers in ({}, {"Authorization": basic("a", "b")}):
        r = httpx.get(teapot.url + "/bearer", headers=headers)
        assert r.status_code == 401
        assert r.headers["WWW-Authenticate"] == 'Bearer realm="teapot"'


@pytest.mark.parametrize("value", ["Bearer", "Bearer two words",
                                   "Bearer a==b", "Bearer @@@"])
def test_malformed_bearer_credentials_are_invalid_request(teapot, value):
    """RFC 6750 3.1: invalid_request, for which the resource server SHOULD
    answer 400, still with a challenge naming the error."""
    r = httpx.get(teapot.url + "/bearer", headers={"Authorization": value})
    assert r.status_code == 400
    ch = r.headers["WWW-Authenticate"]
    assert ch.startswith("Bearer ")
    assert 'error="invalid_request"' in ch
    assert 'realm="teapot"' in ch


def test_bearer_scheme_is_case_insensitive_and_token_may_be_padded(teapot):
    r = httpx.get(teapot.url + "/bearer",
                  headers={"Authorization": "bearer abc/def+ghi=="})
    assert r.status_code == 200
    assert r.json()["token"] == "abc/def+ghi=="


def test_digest_under_a_mount_prefix(spawn, tmp_path):
    root = tmp_path / "site"
    root.mkdir()
    srv = spawn(teapot_argv("--root", root, "--testapi", "/httpbin"),
                probe=b"/httpbin/get")
    r = requests.get(srv.url + "/httpbin/digest-auth/auth/u/p/SHA-256",
                     auth=HTTPDigestAuth("u", "p"))
    assert r.status_code == 200, r.text
    r = requests.get(srv.url + "/httpbin/basic-auth/u/p", auth=("u", "p"))
    assert r.status_code == 200
