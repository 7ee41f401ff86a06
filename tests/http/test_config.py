"""
The YAML configuration file of the teapot command: `--config FILE` serves
with the file's settings (flags given as well win), and `--check-config
FILE` reports every problem as FILE:LINE: message without serving.
"""

import re
import subprocess
import textwrap
import time

import httpx

from conftest import SANITIZER_MARKERS, binary, request, teapot_argv


def write(path, text):
    path.write_text(textwrap.dedent(text).lstrip("\n"))
    return path


def teapot(*args, timeout=20):
    p = subprocess.run([str(binary("teapot")), *map(str, args)],
                       capture_output=True, text=True, timeout=timeout)
    assert not any(m in p.stderr for m in SANITIZER_MARKERS), p.stderr
    return p


def problems(stderr, path):
    """{line: message} of the FILE:LINE: lines about `path`."""
    out = {}
    for m in re.finditer(rf"^{re.escape(str(path))}:(\d+): (.*)$", stderr, re.M):
        out.setdefault(int(m.group(1)), []).append(m.group(2))
    return out


def site(tmp_path):
    root = tmp_path / "site"
    root.mkdir()
    (root / "index.html").write_text("<p>from the file's root</p>\n")
    return root


# ---- serving from a file ----------------------------------------------------

def test_config_serves_files_and_the_testing_api_under_a_prefix(spawn, tmp_path):
    """Every section of the file takes effect: the root (relative to the
    file, not to the working directory), Cache-Control: max-age (RFC 9111
    5.2.2.1), the testing API under its prefix with its redirect hosts,
    the reference at /codes and the access log."""
    site(tmp_path)
    cfg = write(tmp_path / "teapot.yaml", """
        threads: 1
        access_log: access.log
        files:
          root: site
          max_age: 60
          list: false
        testapi:
          prefix: /httpbin
          redirect_allow:
            - example.com
        reference: true
    """)
    srv = spawn(teapot_argv("--config", cfg, threads=None), probe=b"/httpbin/get")
    r = httpx.get(srv.url + "/")
    assert r.status_code == 200
    assert r.text == "<p>from the file's root</p>\n"
    assert r.headers["cache-control"] == "max-age=60"
    j = httpx.get(srv.url + "/httpbin/get?x=1").json()
    assert j["url"] == srv.url + "/httpbin/get?x=1"
    # the API is not at the root beside files
    assert httpx.get(srv.url + "/get").status_code == 404
    # list: false: a directory without index.html is 403 (RFC 9110 15.5.4)
    (tmp_path / "site" / "empty").mkdir()
    assert httpx.get(srv.url + "/empty/").status_code == 403
    r = httpx.get(srv.url + "/httpbin/redirect-to?url=http://example.com/")
    assert r.status_code == 302 and r.headers["location"] == "http://example.com/"
    assert httpx.get(srv.url + "/httpbin/redirect-to?url=http://example.org/"
                     ).status_code == 400
    assert httpx.get(srv.url + "/codes/404").status_code == 200
    log = tmp_path / "access.log"
    deadline = time.monotonic() + 3
    while not (log.exists() and "GET /httpbin/get?x=1" in log.read_text()):
        assert time.monotonic() < deadline, "no access log next to the file"
        time.sleep(0.02)


def test_limits_from_the_file_apply(spawn, tmp_path):
    """limits.max_body gives 413 to a larger body (RFC 9110 15.5.14), with
    the k suffix; limits.header_timeout gives 408 to a head that stalls
    (RFC 9110 15.5.9)."""
    cfg = write(tmp_path / "t.yaml", """
        limits:
          max_body: 1k
          header_timeout: 0.3
    """)
    srv = spawn(teapot_argv("--config", cfg), probe=b"/get")
    ok = srv.raw(request("POST", "/post", body=b"x" * 1024), expect=1).response
    assert ok.status == 200
    big = srv.raw(request("POST", "/post", body=b"x" * 1025), expect=1).response
    assert big.status == 413
    t0 = time.monotonic()
    slow = srv.raw(b"GET /get HTTP/1.1\r\nHost: t\r\n", expect=1).response
    assert slow.status == 408
    assert time.monotonic() - t0 < 2.5, "the file's 0.3 s, not the default 10 s"


def test_flags_override_the_file(spawn, tmp_path):
    """A flag given with --config wins over the file's setting: --listen
    replaces the file's listen list, --testapi its prefix, --max-body its
    limit, --dotfiles its dotfiles: false."""
    root = site(tmp_path)
    (root / ".hidden").write_text("dot\n")
    cfg = write(tmp_path / "t.yaml", """
        listen: "127.0.0.1:1"
        limits:
          max_body: 10
        files:
          root: site
          dotfiles: false
        testapi:
          prefix: /a
    """)
    srv = spawn(teapot_argv("--config", cfg, "--testapi", "/b", "--max-body",
                            "100", "--dotfiles"), probe=b"/b/get")
    assert srv.port != 1
    assert httpx.get(srv.url + "/b/get").status_code == 200
    assert httpx.get(srv.url + "/a/get").status_code == 404
    assert httpx.post(srv.url + "/b/post", content=b"x" * 50).status_code == 200
    assert httpx.get(srv.url + "/.hidden").text == "dot\n"
    # and what no flag names still comes from the file
    assert httpx.get(srv.url + "/").text == "<p>from the file's root</p>\n"


def test_testapi_enabled_false_turns_it_off(spawn, tmp_path):
    """testapi.enabled: false is --testapi off."""
    cfg = write(tmp_path / "t.yaml", "testapi:\n  enabled: false\n")
    srv = spawn(teapot_argv("--config", cfg), probe=b"/")
    assert httpx.get(srv.url + "/get").status_code == 404
    assert httpx.get(srv.url + "/").status_code == 200


def test_empty_file_is_valid_and_means_the_defaults(spawn, tmp_path):
    """An empty file (or one with comments only) sets nothing: the default
    site, with the testing API at the root."""
    empty = write(tmp_path / "empty.yaml", "")
    comments = write(tmp_path / "comments.yaml", "# nothing here yet\n")
    for f in (empty, comments):
        p = teapot("--check-config", f)
        assert p.returncode == 0, p.stderr
        assert p.stdout == f"{f}: ok\n"
    srv = spawn(teapot_argv("--config", empty), probe=b"/get")
    assert httpx.get(srv.url + "/get").status_code == 200


# ---- --check-config -----------------------------------------------------------

EXAMPLE = """
    listen: ["127.0.0.1:8080", "[::1]:8080", "*:8081"]
    threads: 2
    access_log: off
    limits:
      max_body: 1M
      header_timeout: 10
      body_timeout: 30.5
      keepalive_timeout: 75
    files:
      root: site
      max_age: 3600
      list: true
      follow_symlinks: false
      dotfiles: false
    testapi:
      enabled: true
      prefix: /httpbin
      max_delay: 10
      redirect_allow: [example.com, "localhost:8443"]
    reference: true
"""


def test_check_config_accepts_a_valid_file(tmp_path):
    """Every key of the reference example is known and valid: "FILE: ok",
    exit 0, and nothing is served (the command returns at once)."""
    site(tmp_path)
    cfg = write(tmp_path / "ok.yaml", EXAMPLE)
    p = teapot("--check-config", cfg, timeout=5)
    assert p.returncode == 0, p.stderr
    assert p.stdout == f"{cfg}: ok\n"
    assert "listening" not in p.stderr


BAD = """
    lisen: 127.0.0.1:8080
    threads: lots
    listen: ["127.0.0.1:99999", "[::1]:80"]
    files:
      root: no-such-dir
      list: ture
      list: false
      dotfiles: yes
    testapi:
      prefix: httpbin
      max_delay:
    limits:
      max_body: "5"
    reference: [true]
"""


def test_check_config_reports_every_problem_with_its_line(tmp_path):
    """Each problem on its own line as FILE:LINE: message, the line being
    that of the offending key or value, all of them and in order; exit 1."""
    cfg = write(tmp_path / "bad.yaml", BAD)
    p = teapot("--check-config", cfg)
    assert p.returncode == 1
    assert "ok" not in p.stdout
    got = problems(p.stderr, cfg)
    assert sorted(got) == [1, 2, 3, 5, 6, 7, 8, 10, 11, 13, 14], p.stderr
    assert got[1] == ["unknown key 'lisen' (did you mean 'listen'?)"]
    assert "integer" in got[2][0] and "'lots'" in got[2][0]
    assert len(got[3]) == 1 and "127.0.0.1:99999" in got[3][0]  # port > 65535
    assert "no-such-dir" in got[5][0] and "does not exist" in got[5][0]
    assert "true or false" in got[6][0] and "ture" in got[6][0]
    assert got[7] == ["duplicate key 'list' (first on line 6)"]
    assert "true or false" in got[8][0]          # yes is not a boolean here
    assert "'/'" in got[10][0]
    assert "no value" in got[11][0]
    assert "quoted string" in got[13][0]
    assert "list" in got[14][0]
    lines = [int(m) for m in re.findall(rf"^{re.escape(str(cfg))}:(\d+):",
                                        p.stderr, re.M)]
    assert lines == sorted(lines)


def test_misplaced_key_is_pointed_to_its_section(tmp_path):
    """A setting written in the wrong mapping says where it belongs."""
    cfg = write(tmp_path / "m.yaml", "max_body: 5\nfiles:\n  max_bdy: 3\n")
    p = teapot("--check-config", cfg)
    assert p.returncode == 1
    got = problems(p.stderr, cfg)
    assert "'limits'" in got[1][0]
    assert "max_body" in got[3][0] and "'limits'" in got[3][0]


def test_yaml_syntax_error_is_reported_with_its_line(tmp_path):
    """libyaml's own account of the syntax error, at its line."""
    cfg = write(tmp_path / "syntax.yaml", """
        threads: 1
        listen: ["127.0.0.1:8080"
        reference: true
    """)
    p = teapot("--check-config", cfg)
    assert p.returncode == 1
    got = problems(p.stderr, cfg)
    assert len(got) == 1, p.stderr
    (line, msgs), = got.items()
    assert line in (3, 4) and "expected" in msgs[0], p.stderr


def test_a_file_that_is_a_list_is_refused(tmp_path):
    """The document must be a mapping of settings."""
    cfg = write(tmp_path / "list.yaml", "- listen: 127.0.0.1:8080\n- threads: 2\n")
    p = teapot("--check-config", cfg)
    assert p.returncode == 1
    got = problems(p.stderr, cfg)
    assert list(got) == [1] and "mapping" in got[1][0]


def test_unreadable_file_is_reported(tmp_path):
    p = teapot("--check-config", tmp_path / "missing.yaml")
    assert p.returncode == 1
    assert f"{tmp_path / 'missing.yaml'}: " in p.stderr
    assert "No such file" in p.stderr


# ---- --config with a bad file ---------------------------------------------------

def test_config_with_problems_refuses_to_start(tmp_path):
    """--config on an invalid file prints the same problems and exits 1
    without listening."""
    cfg = write(tmp_path / "bad.yaml", BAD)
    check = teapot("--check-config", cfg)
    p = subprocess.run(teapot_argv("--config", cfg), capture_output=True,
                       text=True, timeout=10)
    assert p.returncode == 1
    assert "listening" not in p.stderr
    assert problems(p.stderr, cfg) == problems(check.stderr, cfg)
    assert not any(m in p.stderr for m in SANITIZER_MARKERS), p.stderr


def test_flag_values_are_checked_like_the_file(tmp_path):
    """The flags go through the same checks: a bad value is a usage error
    (exit 2) naming the flag."""
    for args, word in ((["--max-body", "1X"], "--max-body"),
                       (["--root", tmp_path / "nope"], "does not exist"),
                       (["--header-timeout", "0"], "--header-timeout")):
        p = teapot(*args)
        assert p.returncode == 2, (args, p.stderr)
        assert word in p.stderr


def test_connection_limits_from_the_file(spawn, tmp_path):
    """limits.max_connections_per_client: past it, 503 with Retry-After."""
    conf = tmp_path / "limits.yaml"
    conf.write_text("limits:\n  max_connections_per_client: 1\n")
    srv = spawn(teapot_argv("--config", conf), probe=b"/")
    time.sleep(0.2)
    held = srv.conn()
    held.send(request("GET", "/get"))
    assert held.read_response().status == 200
    r = srv.raw(request("GET", "/get"), expect=1).response
    assert r.status == 503 and r.header("Retry-After") == "1"
    held.close()


def test_the_reference_pages_examples_are_valid(tmp_path):
    """Every YAML example in docs/teapot.conf.md passes --check-config, so
    the documentation cannot drift from the loader."""
    from conftest import REPO
    doc = (REPO / "docs" / "teapot.conf.md").read_text()
    examples = re.findall(r"```yaml\n(.*?)```", doc, re.S)
    assert examples
    # the roots the examples name (files.root and the hosts' roots),
    # beside the file
    for root in re.findall(r"\broot: *([^\s,}#]+)", "".join(examples)):
        (tmp_path / root).mkdir(parents=True, exist_ok=True)
    # the htpasswd files of `auth` (alice and bob, password "pw") and the
    # files of `error_pages` (lines "    404: pages/404.html")
    h = subprocess.run(["openssl", "passwd", "-6", "pw"], capture_output=True,
                       text=True, check=True).stdout.strip()
    for name in re.findall(r"\bhtpasswd: *([^\s,}#]+)", "".join(examples)):
        (tmp_path / name).write_text(f"alice:{h}\nbob:{h}\n")
    for name in re.findall(r"^ +[45]\d\d: *([^\s,}#]+)", "".join(examples),
                           re.M):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("<p>page</p>\n")
    for i, text in enumerate(examples):
        f = tmp_path / f"example{i}.yaml"
        f.write_text(text)
        p = subprocess.run([str(binary("teapot")), "--check-config", str(f)],
                           capture_output=True, text=True, timeout=10)
        assert p.returncode == 0, (i, p.stdout, p.stderr)
