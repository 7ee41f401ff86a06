"""
The embedding promise: libteapot installs with its headers and a pkg-config
file, and examples/hello.c builds against the installed copy with nothing but
`pkg-config --cflags --libs libteapot`, then answers "hello" on every path.
"""

import json
import os
import shutil
import socket
import subprocess
import time
from pathlib import Path

import pytest

from conftest import REPO, build_dir


def _sanitize_flags():
    """A sanitizer build of the library needs its runtime in the program too."""
    out = subprocess.run(["meson", "introspect", "--buildoptions", str(build_dir())],
                         check=True, capture_output=True, text=True).stdout
    value = next((o["value"] for o in json.loads(out) if o["name"] == "b_sanitize"), "none")
    return [] if value in ("none", "", []) else [f"-fsanitize={value}"]


def _pc_dir(root: Path) -> Path:
    found = sorted(root.rglob("libteapot.pc"))
    assert found, "meson install put no libteapot.pc under the destination"
    return found[0].parent


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    dest = tmp_path_factory.mktemp("destdir")
    subprocess.run(["meson", "install", "-C", str(build_dir()), "--destdir", str(dest),
                    "--quiet"], check=True, capture_output=True, timeout=120)
    return dest


def test_headers_and_pkg_config_file_are_installed(installed):
    assert sorted(p.name for p in installed.rglob("*.h") if p.parent.name == "teapot") == [
        "http.h", "ratelimit.h", "server.h", "status.h", "teapot.h"]
    pc = (_pc_dir(installed) / "libteapot.pc").read_text()
    assert "Name: libteapot" in pc
    assert "-lteapot" in pc


def test_hello_builds_against_the_installed_library_and_answers(installed, tmp_path):
    env = dict(os.environ,
               PKG_CONFIG_PATH=str(_pc_dir(installed)),
               PKG_CONFIG_SYSROOT_DIR=str(installed))
    flags = subprocess.run(["pkg-config", "--cflags", "--libs", "libteapot"], env=env,
                           check=True, capture_output=True, text=True).stdout.split()
    exe = tmp_path / "hello"
    cc = shutil.which("cc") or "gcc"
    subprocess.run([cc, str(REPO / "examples" / "hello.c"), *flags, *_sanitize_flags(),
                    "-o", str(exe)],
                   check=True, capture_output=True, timeout=120)
    libdir = next(f[2:] for f in flags if f.startswith("-L"))
    proc = subprocess.Popen([str(exe), "127.0.0.1:0", "1"], stderr=subprocess.PIPE,
                            env=dict(os.environ, LD_LIBRARY_PATH=libdir), text=True)
    try:
        line = proc.stderr.readline()
        assert "listening on port" in line, line
        port = int(line.rsplit(" ", 1)[1])
        for target in ("/", "/any/path?x=1"):
            with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
                s.sendall(f"PUT {target} HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\n"
                          "Connection: close\r\n\r\n".encode())
                data = b""
                while chunk := s.recv(4096):
                    data += chunk
            assert data.startswith(b"HTTP/1.1 200 OK\r\n")
            assert data.endswith(b"\r\n\r\nhello\n")
    finally:
        proc.terminate()
        assert proc.wait(timeout=15) == 0
