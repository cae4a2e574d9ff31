"""Shared fixtures: a built site, a scratch copy of the project, a local server, a browser."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
PROJECT_PARTS = ("data", "templates", "generator", "docs", "overrides", "mkdocs.yml", "permalinks.txt")
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}


def copy_project(dest: Path) -> Path:
    """A scratch copy of everything a build reads, to edit without touching the repo."""
    for part in PROJECT_PARTS:
        src = ROOT / part
        if src.is_dir():
            shutil.copytree(src, dest / part, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, dest / part)
    return dest


def run_mkdocs(project: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    """Run plain `mkdocs` in a project directory, as a user would."""
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", *args], cwd=project, env=ENV, capture_output=True, text=True, timeout=300
    )
    if check and result.returncode != 0:
        raise AssertionError(f"mkdocs {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The whole site, built once per test run from the repo's own data with `mkdocs build --strict`."""
    project = copy_project(tmp_path_factory.mktemp("project"))
    run_mkdocs(project, "build", "--strict")
    return project / "site"


@pytest.fixture
def project(tmp_path) -> Path:
    return copy_project(tmp_path / "project")


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # the test output is for failures
        pass


@pytest.fixture(scope="session")
def site_url(site) -> Iterator[str]:
    """The built site served on a free local port, under a sub-path as it is when hosted."""
    mount = site.parent / "hosted"
    mount.mkdir(exist_ok=True)
    link = mount / "deepseek-report"
    if not link.exists():
        link.symlink_to(site, target_is_directory=True)
    handler = functools.partial(QuietHandler, directory=str(mount))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/deepseek-report/"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, driven by Playwright. A missing browser fails the run; it is never a skip."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run `make test`, which installs it, or set CHROMIUM")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
