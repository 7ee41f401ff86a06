"""
Filters run before the routes of a host: one may answer a request itself
(so no route sees it), or add header fields or send an interim response
and let the routes answer.
"""

from conftest import engine_app_argv, request


def test_filter_answers_and_routes_never_see_it(spawn):
    srv = spawn(engine_app_argv("--filter", "1"))
    r = srv.raw(request("GET", "/filtered/hello"), expect=1).response
    assert r.status == 403 and b"refused by the filter" in r.body
    assert r.header("X-Filtered") is None


def test_filter_adds_fields_and_the_route_answers(spawn):
    srv = spawn(engine_app_argv("--filter", "1"))
    r = srv.raw(request("GET", "/hello"), expect=1).response
    assert r.status == 200 and r.body == b"hello\n"
    assert r.header("X-Filtered") == "yes"
    # 404 and 405 from the router carry it too: the filter ran first
    r = srv.raw(request("GET", "/nowhere"), expect=1).response
    assert r.status == 404 and r.header("X-Filtered") == "yes"


def test_filter_sends_an_interim_response_first(spawn):
    """RFC 8297: a 103 before the final response, which still follows."""
    srv = spawn(engine_app_argv("--filter", "1"))
    ex = srv.raw(request("GET", "/hello", headers=["X-Interim: 1"]),
                 expect=1)
    assert ex.data.startswith(b"HTTP/1.1 103 Early Hints\r\n")
    assert ex.response.status == 200 and ex.response.body == b"hello\n"
