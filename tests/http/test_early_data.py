"""
RFC 8470: a request an intermediary forwarded from TLS early data carries
"Early-Data: 1".  Early data can be replayed, so a request whose method is
not safe (RFC 9110 9.2.1) is refused with 425 Too Early, and the client
repeats it after the handshake; safe methods are answered as usual.
"""

import pytest

from conftest import request


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE"])
def test_unsafe_method_in_early_data_is_425(app, method):
    target = {"POST": "/sum", "PUT": "/sum", "DELETE": "/resource"}[method]
    ex = app.raw(request(method, target, headers=["Early-Data: 1"], body=b"12")
                 + request("GET", "/hello"), methods=[method, "GET"], expect=2)
    r = ex.responses[0]
    assert r.status == 425 and r.reason == "Too Early"
    assert "early data" in r.body.decode()
    # the connection serves what follows: framing was never in doubt
    assert ex.responses[1].status == 200


@pytest.mark.parametrize("method", ["GET", "HEAD", "OPTIONS"])
def test_safe_method_in_early_data_is_served(app, method):
    r = app.raw(request(method, "/hello", headers=["Early-Data: 1"]),
                methods=[method], expect=1).response
    assert r.status == 200


@pytest.mark.parametrize("fields", [["Early-Data: 0"], ["Early-Data: yes"],
                                    ["Early-Data: 1", "Early-Data: 1"]])
def test_any_early_data_field_counts_as_1(app, fields):
    """RFC 8470 5.1: several instances, or a value other than "1", are
    treated as "1"."""
    r = app.raw(request("POST", "/sum", headers=fields, body=b"1"),
                methods=["POST"], expect=1).response
    assert r.status == 425


def test_without_the_field_nothing_changes(app):
    r = app.raw(request("POST", "/sum", body=b"1"), methods=["POST"],
                expect=1).response
    assert r.status == 200
