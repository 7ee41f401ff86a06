"""
The status-code reference in a real browser: headless Chromium driven by
playwright-core (tests/browser/reference.test.mjs) loads the index, filters
it, opens 418, switches to Traditional Chinese, opens 404 with
Accept-Language: zh-CN and presses "try it" on 503, failing on any console
error.  Screenshots of every step are kept in build-artifacts/browser/.
"""

import os
import shutil
import subprocess

import pytest

from conftest import REPO, teapot_argv

BROWSER_DIR = REPO / "tests" / "browser"
SCRIPT = BROWSER_DIR / "reference.test.mjs"
ARTIFACTS = REPO / "build-artifacts" / "browser"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
TIMEOUT = 60


def test_reference_in_chromium(spawn):
    node = shutil.which("node")
    if not node:
        pytest.fail("node is missing: install nodejs", pytrace=False)
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"{CHROMIUM} is missing: install chromium", pytrace=False)
    if not (BROWSER_DIR / "node_modules" / "playwright-core").is_dir():
        pytest.fail("playwright-core is not installed: run "
                    "`npm ci --prefix tests/browser`", pytrace=False)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for old in ARTIFACTS.glob("*.png"):
        old.unlink()
    srv = spawn(teapot_argv(), probe=b"/codes")
    run = subprocess.run([node, str(SCRIPT), srv.url, str(ARTIFACTS)],
                         capture_output=True, text=True, timeout=TIMEOUT,
                         cwd=REPO, env={**os.environ, "CHROMIUM": CHROMIUM})
    assert run.returncode == 0, (
        f"the browser test failed (screenshots in {ARTIFACTS}):\n"
        f"{run.stdout}{run.stderr}")
    assert len(list(ARTIFACTS.glob("*.png"))) == 6
