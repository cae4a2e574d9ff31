"""The edit loop under `mkdocs serve`: from saving a file to the browser showing the change.

`mkdocs serve` runs in a project copy; headless Chromium shows the page
with the edited text; each edit saves the file and polls the page's text
(document.body.innerText, every 20 ms, through the DevTools protocol, so
the site's Content-Security-Policy does not get in the way) until it shows
the new value. Live reload reloads the page after the rebuild.
"""

from __future__ import annotations

import contextlib
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import yaml
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import sync_playwright

from browser import launch
from edits import SERVE_WORDS, FactLabel, TemplateHeading
from generator.hosting.nginx import free_port
from project_copy import MKDOCS, bench_env, end_group

START_DEADLINE = 300  # seconds for serve's first build (cold on a loaded machine)
EDIT_DEADLINE = 120  # seconds for one edit to show; a stuck server fails the bench instead of stalling it
POLL_MS = 20


def measure_edit_loop(project: Path, tmp: Path, packaged_templates: Path, edits: int) -> dict[str, list[float]]:
    """Seconds from saving to seeing, `edits` times each for a data value and a template word."""
    label = FactLabel(project)
    heading = TemplateHeading(project, packaged_templates)
    heading.write("unedited")  # the override exists before serve starts, as a project's own templates/ does
    site_path = urlsplit(yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))["site_url"]).path or "/"
    with _serving(project, tmp) as base, sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_page()
        page.goto(f"{base}{site_path.lstrip('/')}{label.page}/")
        _wait_for_text(page, heading.text("unedited"), time.perf_counter())
        times = {"data": [], "template": []}
        for i in range(edits):
            for kind, edit in (("data", label), ("template", heading)):
                word = SERVE_WORDS[i % len(SERVE_WORDS)]
                start = time.perf_counter()
                edit.write(word)
                times[kind].append(_wait_for_text(page, edit.text(word), start))
        browser.close()
    heading.remove()
    return times


def _wait_for_text(page, text: str, start: float) -> float:
    """Seconds since `start` until the page's visible text holds `text`."""
    while True:
        with contextlib.suppress(PlaywrightError):  # the page is reloading: its context went away mid-check
            if page.evaluate("text => document.body !== null && document.body.innerText.includes(text)", text):
                return time.perf_counter() - start
        if time.perf_counter() - start > EDIT_DEADLINE:
            raise RuntimeError(f"the page did not show {text!r} within {EDIT_DEADLINE} s of the edit")
        time.sleep(POLL_MS / 1000)


@contextlib.contextmanager
def _serving(project: Path, tmp: Path) -> Iterator[str]:
    """`mkdocs serve` on a free local port, until its first build is served; yields http://127.0.0.1:PORT/."""
    port = free_port()
    log = tmp / "serve.log"
    with open(log, "wb") as output:
        process = subprocess.Popen(
            [str(MKDOCS), "serve", "--livereload", "-a", f"127.0.0.1:{port}"],
            cwd=project, env=bench_env(tmp), stdout=output, stderr=subprocess.STDOUT, start_new_session=True,
        )
    base = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + START_DEADLINE
        while not _answers(base):
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"mkdocs serve in {project} did not serve {base} within {START_DEADLINE} s:\n{log.read_text(errors='replace')[-3000:]}")
            time.sleep(0.2)
        yield base
    except Exception as err:  # noqa: BLE001 (raised again with the server's log)
        raise RuntimeError(f"{err}\nmkdocs serve's log ends:\n{log.read_text(errors='replace')[-2000:]}") from None
    finally:
        end_group(process, grace=30)  # the server and its rebuilds' worker processes


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2):
            return True
    except urllib.error.HTTPError:
        return True  # 404 at the root when the site lives under a sub-path: the server is up
    except OSError:
        return False
