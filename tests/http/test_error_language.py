"""
The explanations the engine writes for errors are the reference's words
(the registry's texts), in the language Accept-Language prefers: the same
sentences `teapot explain` prints and the site shows.  A handler's own
detail stays as written.
"""

import json
import subprocess

import pytest

from conftest import binary, request


def reference(code, lang):
    p = subprocess.run([str(binary("teapot")), "explain", str(code), "--json",
                        "--lang", lang], capture_output=True, text=True,
                       check=True)
    return json.loads(p.stdout)["texts"][lang]


def get(app, target, *headers):
    return app.raw(request("GET", target, headers=list(headers)),
                   expect=1).response


@pytest.mark.parametrize("al,lang", [
    (None, "en"), ("en-GB", "en"), ("zh-CN", "zh-CN"), ("zh-TW", "zh-TW"),
    ("zh-HK, en;q=0.5", "zh-TW"), ("fr", "en"), ("zh;q=0, en", "en"),
])
def test_404_explained_in_the_preferred_language(app, al, lang):
    """RFC 9110 12.5.4 and 12.5.5: the language follows Accept-Language,
    the response says which (Content-Language) and that it varies."""
    r = get(app, "/nowhere", *([f"Accept-Language: {al}"] if al else []))
    assert r.status == 404
    assert r.header("Content-Language") == lang
    assert "accept-language" in r.tokens("Vary")
    assert "accept" in r.tokens("Vary")
    words = reference(404, lang)
    text = r.body.decode()
    assert text.startswith("404 Not Found")
    assert words["meaning"] in text
    if lang != "en":
        assert words["name"] in text.splitlines()[0]


def test_json_and_html_explanations_follow_too(app):
    words = reference(405, "zh-TW")
    r = app.raw(request("DELETE", "/stream", headers=[
        "Accept: application/json", "Accept-Language: zh-TW"]),
        methods=["DELETE"], expect=1).response
    assert r.status == 405
    j = json.loads(r.body)
    assert j["reason"] == "Method Not Allowed"
    assert j["description"] == words["meaning"] and j["name"] == words["name"]
    r = get(app, "/nowhere", "Accept: text/html", "Accept-Language: zh-CN")
    assert '<html lang="zh-CN">' in r.body.decode()
    assert reference(404, "zh-CN")["meaning"] in r.body.decode()


def test_a_handlers_detail_is_not_translated(teapot):
    """A detail the handler wrote is its own words: no Content-Language is
    claimed for them beyond what they are, and Vary stays on Accept."""
    r = teapot.raw(request("GET", "/status/abc", headers=["Accept-Language: zh-TW"]),
                   expect=1).response
    assert r.status == 400
    assert r.header("Content-Language") is None
    assert "accept-language" not in r.tokens("Vary")


def test_unregistered_code_is_explained_by_its_class(app):
    """RFC 9110 15: 499 is read as 400 by a client, but it does not mean
    what 400 means; the class's explanation says what can be said."""
    p = subprocess.run([str(binary("teapot")), "explain", "4xx", "--json",
                        "--lang", "zh-CN"], capture_output=True, text=True,
                       check=True)
    cls = json.loads(p.stdout)["texts"]["zh-CN"]["meaning"]
    r = get(app, "/error/499?explain=1", "Accept-Language: zh-CN")
    assert r.status == 499
    assert cls in r.body.decode()
    assert reference(400, "zh-CN")["meaning"] not in r.body.decode()


def test_engine_explanation_drops_the_handlers_representation_fields(teapot):
    """A 412 written by the engine is not the page the handler prepared:
    its Content-Language is the explanation's own, it claims no
    Content-Location (RFC 9110 8.5, 8.7), and Vary names each field once."""
    r = teapot.raw(request("GET", "/codes/404", headers=[
        "Accept-Language: zh-TW", 'If-Match: "x"']), expect=1).response
    assert r.status == 412
    assert r.get_all("Content-Language") == ["zh-TW"]
    assert r.header("Content-Location") is None
    tokens = r.tokens("Vary")
    assert len(tokens) == len(set(tokens)), tokens
    r = teapot.raw(request("GET", "/codes/404.en", headers=[
        "Accept-Language: zh-TW", 'If-Match: "x"']), expect=1).response
    assert r.get_all("Content-Language") == ["zh-TW"]
