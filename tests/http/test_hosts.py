"""
Virtual hosts (RFC 9110 7.2, 7.4): a request goes to the host its Host
field (or absolute-form authority, RFC 9112 3.2.2) names, compared without
case, port or trailing dot; a name no host has goes to the fallback host,
or to the server's own routes, or gets 421 Misdirected Request (RFC 9110
15.5.20).
"""

import pytest

from conftest import engine_app_argv, request


def who(srv, host, target="/who", method="GET", version="HTTP/1.1"):
    r = srv.raw(request(method, target, host=host, version=version),
                expect=1, methods=[method]).response
    return r


@pytest.fixture(scope="module")
def only(tmp_path_factory):
    from conftest import running
    with running(engine_app_argv("--hosts", "only"),
                 tmp_path_factory.mktemp("hosts"), "hosts-only", shared=True,
                 probe=b"/who") as srv:
        yield srv


@pytest.mark.parametrize("host,name", [
    ("a.test", "a"), ("A.TEST", "a"), ("a.test:8080", "a"), ("a.test.", "a"),
    ("a-alias.test", "a"), ("x.wild.test", "a"), ("deep.x.wild.test", "a"),
    ("b.test", "b"), ("[::1]:80", "b"), ("127.0.0.1", "b"),
    # one spelling per IPv6 address
    ("[0:0::1]", "b"), ("[0000::0001]:8080", "b"),
    # the most specific wildcard wins, whatever the order of the hosts
    ("x.b.wild.test", "b"), ("deep.x.wild.test", "a"),
])
def test_request_goes_to_the_host_it_names(only, host, name):
    r = who(only, host)
    assert r.status == 200 and r.body.decode() == name + "\n", r


@pytest.mark.parametrize("host", ["c.test", "wild.test", "a.test.evil",
                                  "xa.test", "b.test.."])
def test_unknown_name_is_421(only, host):
    """RFC 9110 15.5.20: 421 when the server is not authoritative for the
    name; the connection stays usable for other names."""
    ex = only.raw(request("GET", "/who", host=host) +
                  request("GET", "/who", host="b.test"),
                  expect=2)
    assert [r.status for r in ex.responses] == [421, 200]
    assert "Misdirected" in ex.responses[0].reason
    assert "close" not in ex.responses[0].tokens("Connection")


def test_absolute_form_authority_decides_over_host(only):
    """RFC 9112 3.2.2: with an absolute-form target the Host field is
    ignored in favour of the target's authority."""
    r = who(only, "b.test", target="http://a.test/who")
    assert r.body == b"a\n"


def test_http10_without_host_is_421_without_fallback(only):
    r = only.raw(b"GET /who HTTP/1.0\r\n\r\n", expect=1).response
    assert r.status == 421


def test_routes_are_per_host(only):
    """A path one host has and another lacks is 404 on the other; a method
    one host takes is 405 with that host's Allow."""
    assert who(only, "a.test", "/only-b", "POST").status == 404
    assert who(only, "b.test", "/only-b", "POST").status == 200
    r = who(only, "b.test", "/only-b", "GET")
    assert r.status == 405 and "POST" in r.header("Allow")


def test_options_asterisk_lists_the_hosts_methods(only):
    r = only.raw(request("OPTIONS", "*", host="b.test"), expect=1,
                 methods=["OPTIONS"]).response
    assert r.status == 200 and "post" in r.tokens("Allow")
    r = only.raw(request("OPTIONS", "*", host="a.test"), expect=1,
                 methods=["OPTIONS"]).response
    assert "post" not in r.tokens("Allow")


def test_fallback_host_answers_unknown_names(spawn):
    srv = spawn(engine_app_argv("--hosts", "fallback"), probe=b"/who")
    assert who(srv, "c.test").body == b"b\n"
    assert who(srv, "a.test").body == b"a\n"
    r = srv.raw(b"GET /who HTTP/1.0\r\n\r\n", expect=1).response
    assert r.body == b"b\n"


def test_server_routes_answer_unknown_names(spawn):
    """With routes of its own, the server answers any name the hosts do
    not claim, as before hosts existed."""
    srv = spawn(engine_app_argv("--hosts", "any"))
    assert who(srv, "c.test", "/hello").status == 200
    assert who(srv, "c.test", "/hello").body == b"hello\n"
    assert who(srv, "a.test", "/hello").body == b"a\n"


@pytest.mark.parametrize("scheme", ["https", "ftp"])
def test_absolute_form_with_another_scheme_is_421(only, scheme):
    """RFC 9110 7.4: this plain-text connection is not authoritative for
    an https (or other) URI."""
    r = only.raw(request("GET", f"{scheme}://a.test/who", host="a.test"),
                 expect=1).response
    assert r.status == 421
