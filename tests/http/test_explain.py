"""
`teapot explain`: the status-code reference in a terminal.  Everything it
prints must be the registry's (the same words as `--json` and the site),
in the language asked for, wrapped for a terminal, coloured only on one.
"""

import json
import os
import subprocess
import unicodedata

import pytest

from conftest import binary

LANGS = ("en", "zh-CN", "zh-TW")


def explain(*args, env=None, check=None):
    e = {k: v for k, v in os.environ.items()
         if k not in ("LANG", "LC_ALL", "LC_MESSAGES", "NO_COLOR")}
    e.update(env or {})
    p = subprocess.run([str(binary("teapot")), "explain", *args],
                       capture_output=True, text=True, env=e, timeout=10)
    if check is not None:
        assert p.returncode == check, (p.returncode, p.stdout, p.stderr)
    return p


def entry(code, lang=None):
    args = [str(code), "--json"] + (["--lang", lang] if lang else [])
    return json.loads(explain(*args, check=0).stdout)


@pytest.fixture(scope="module")
def registry():
    p = subprocess.run([str(binary("teapot")), "codes", "--json"],
                       capture_output=True, text=True, check=True)
    return {e["code"]: e for e in json.loads(p.stdout)}


def width(line):
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1
               for c in line)


def flat(text):
    """Wrapped output joined back: spaces between Latin words come back,
    line breaks between CJK characters vanish."""
    return "".join(text.split())


@pytest.mark.parametrize("lang", LANGS)
def test_entry_says_what_the_json_says(lang):
    j = entry(404, lang)
    w = j["texts"][lang]
    out = explain("404", "--lang", lang, check=0).stdout
    assert out.splitlines()[0].startswith("404 Not Found")
    if lang != "en":
        assert w["name"] in out.splitlines()[0]
    for key in ("meaning", "when", "client", "confused"):
        assert flat(w[key]) in flat(out), key
    # 404's look-alike is listed by number and name
    assert "410" in out


def test_json_is_the_registry(registry):
    for code in (100, 101, 204, 206, 304, 401, 405, 418, 426, 451, 511):
        j = entry(code)
        r = registry[code]
        assert j["code"] == code and j["reason"] == r["reason"]
        assert j["reference"] == r["reference"]
        assert set(j["texts"]) == set(LANGS)
        assert j["texts"]["en"]["meaning"] == r["summary"]
        assert [f["name"] for f in j["fields"]] == [f["name"] for f in r["fields"]]
        assert j["content"] is ("no-content" not in r["flags"] and code != 205)
    assert set(entry(404, "zh-TW")["texts"]) == {"zh-TW"}


def test_standing_and_fields():
    assert entry(305)["standing"] == "deprecated"
    assert entry(306)["standing"] == "unused"
    assert entry(510)["standing"] == "obsolete"
    assert entry(104)["standing"] == "provisional"
    assert entry(200)["standing"] == "standard"
    out = explain("405", "--lang", "en", check=0).stdout
    assert "Allow (required)" in out
    out = explain("405", "--lang", "zh-CN", check=0).stdout
    assert "Allow (必需)" in out


def test_language_comes_from_the_environment():
    tw = entry(404, "zh-TW")["texts"]["zh-TW"]["name"]
    cn = entry(404, "zh-CN")["texts"]["zh-CN"]["name"]
    assert tw in explain("404", env={"LANG": "zh_TW.UTF-8"}, check=0).stdout
    assert cn in explain("404", env={"LANG": "zh_CN.UTF-8"}, check=0).stdout
    # LC_ALL overrides LANG; LC_MESSAGES sits between them
    out = explain("404", env={"LANG": "zh_CN.UTF-8", "LC_ALL": "en_US.UTF-8"},
                  check=0).stdout
    assert "What it means" in out
    out = explain("404", env={"LANG": "en_US.UTF-8", "LC_MESSAGES": "zh_HK.UTF-8"},
                  check=0).stdout
    assert tw in out
    # unknown locales and C fall back to English; --lang wins over all
    assert "What it means" in explain("404", env={"LANG": "fr_FR.UTF-8"}, check=0).stdout
    assert "What it means" in explain("404", env={"LC_ALL": "C"}, check=0).stdout
    out = explain("404", "--lang", "en", env={"LC_ALL": "zh_TW.UTF-8"}, check=0).stdout
    assert "What it means" in out


def test_class_lists_its_codes(registry):
    for lang in LANGS:
        out = explain("4xx", "--lang", lang, check=0).stdout
        for code in (c for c in registry if 400 <= c < 500):
            assert f"  {code}  " in out, (lang, code)
        assert "  500  " not in out
    j = json.loads(explain("5xx", "--json", check=0).stdout)
    assert j["class"] == 5 and j["fallback"] == 500
    assert [c["code"] for c in j["codes"]] == sorted(c for c in registry if c >= 500)


@pytest.mark.parametrize("arg,why", [
    ("299", "not a registered status code"),
    ("600", "neither a status code"),
    ("99", "neither a status code"),
    ("abc", "neither a status code"),
    ("6xx", "neither a status code"),
    ("4x4", "neither a status code"),
])
def test_unknown_or_invalid_code_exits_2(arg, why):
    p = explain(arg, check=2)
    assert why in p.stderr and p.stdout == ""


def test_unregistered_code_names_its_fallback():
    p = explain("299", check=2)
    assert "200 OK" in p.stderr


def test_usage_errors_exit_2():
    explain(check=2)
    explain("404", "405", check=2)
    p = explain("404", "--lang", "fr", check=2)
    assert "--lang" in p.stderr


@pytest.mark.parametrize("lang", LANGS)
def test_wrapped_for_a_terminal(registry, lang):
    for code in registry:
        out = explain(str(code), "--lang", lang, check=0).stdout
        for line in out.splitlines():
            assert width(line) <= 80, (code, lang, line)
            # no line starts with closing or ends with opening punctuation
            assert not line.strip()[:1] in set("，。、：；）」』！？"), (code, lang, line)
            assert not line[-1:] in set("（「『"), (code, lang, line)


def test_plain_when_piped_coloured_on_a_tty():
    assert "\033[" not in explain("404", check=0).stdout
    tty = subprocess.run(["script", "-qec", f"{binary('teapot')} explain 404",
                          "/dev/null"], capture_output=True, text=True,
                         env={**os.environ, "TERM": "xterm"}, timeout=10)
    assert "\033[" in tty.stdout
    tty = subprocess.run(["script", "-qec", f"{binary('teapot')} explain 404",
                          "/dev/null"], capture_output=True, text=True,
                         env={**os.environ, "TERM": "xterm", "NO_COLOR": "1"},
                         timeout=10)
    assert "404 Not Found" in tty.stdout and "\033[" not in tty.stdout
