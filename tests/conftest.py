"""Shared fixtures and helpers: a built site, a scratch copy of the project, nginx serving it, a browser, its pages."""

from __future__ import annotations

import contextlib
import http.client
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse, urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from generator.derive.report import derive
from generator.hosting import nginx as hosting

ROOT = Path(__file__).resolve().parent.parent
# The reports the generator's generic tests run on: this repository's own, and the examples in examples/,
# each made from data alone with the packaged templates. Tests of one report's own content use `site` (DeepSeek).
REPORTS = {
    "deepseek": ROOT,
    "ingenuity": ROOT / "examples" / "ingenuity-mission-ends",
    "sea-ice": ROOT / "examples" / "sea-ice-near-historic-lows",
}
PROJECT_PARTS = ("data", "docs", "mkdocs.yml", "permalinks.txt")  # what a project has; every report here uses the packaged templates
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
RUN_MARK = "REPORT_SITE_TEST_RUN"
os.environ[RUN_MARK] = str(os.getpid())  # inherited by every process the tests start: the check at the run's end finds them by it
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}

# A command started in the background by a shell without job control (`make test &`, nohup, a CI runner) ignores
# Ctrl-C, and so does every process it starts: Python then installs no KeyboardInterrupt at all, and the tests that
# press Ctrl-C on a build or a server would see it ignored. The test run takes Ctrl-C back, so its commands see it
# as a terminal's user would.
if signal.getsignal(signal.SIGINT) == signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)
# Deadlines catch a hang, not slowness: on a loaded two-core machine a page, a rebuild or
# a search index can take many times what it takes on an idle one. Speed is measured by
# `make bench` (bench/), never asserted here.
BUILD_DEADLINE = 600  # seconds for one `mkdocs` run; a hung build fails instead of stalling the suite
SERVE_DEADLINE = 30  # seconds for a local server to answer, and to stop
BROWSER_DEADLINE_MS = 60_000  # for one browser action or expectation (Playwright's defaults: 30 s and 5 s)
expect.set_options(timeout=BROWSER_DEADLINE_MS)


# `make test-fast` leaves out the slow tests (`pytest -m "not slow"`): those that need the built
# site, a browser or a server get the mark from their fixtures; those that run a whole build, by hand.
SLOW_FIXTURES = {"site", "served", "site_url", "browser", "page", "costs_page"}
ANY_REPORT = pytest.mark.parametrize("report_name", list(REPORTS), indirect=True)
"""Mark a test of the generator that holds for any report: it runs on each report in REPORTS."""


def pytest_addoption(parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/golden/ from the current render (test_golden.py) instead of comparing")


def pytest_collection_modifyitems(items) -> None:
    for item in items:
        if SLOW_FIXTURES & set(item.fixturenames):
            item.add_marker(pytest.mark.slow)


@dataclass(frozen=True)
class Running:
    """A process as /proc shows it."""

    pid: int
    parent: int
    command: str


def running_processes() -> dict[int, Running]:
    """Every live process (zombies, already ended, left out), by pid."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace").strip()
        except OSError:  # ended meanwhile
            continue
        state, parent = stat.rsplit(")", 1)[1].split()[:2]  # after the command's name, which may hold spaces
        if state != "Z":
            found[int(entry.name)] = Running(int(entry.name), int(parent), command)
    return found


def descendants(pid: int) -> list[Running]:
    """The live processes descended from `pid`: its children, theirs, and so on."""
    table = running_processes()
    found, frontier = [], {pid}
    while frontier:
        children = [p for p in table.values() if p.parent in frontier]
        found += children
        frontier = {p.pid for p in children}
    return found


def end_group(process: subprocess.Popen, grace: float = SERVE_DEADLINE) -> None:
    """End `process` (started with start_new_session=True) and every process of its group: SIGTERM, `grace` seconds, SIGKILL."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        with contextlib.suppress(ProcessLookupError):  # the group has ended already
            os.killpg(process.pid, sig)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=grace)
    process.wait()


def _started_by_this_run() -> list[Running]:
    """The live processes this test run started, but for its own multiprocessing helpers (a fork server, a pool's workers,
    the resource tracker), which end with it."""
    mark = f"{RUN_MARK}={os.getpid()}".encode()
    table = running_processes()

    def marked(pid: int) -> bool:
        try:
            return mark in Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
        except OSError:
            return False

    me = table.get(os.getpid())

    def helper(process: Running) -> bool:
        while process.parent != os.getpid():
            if process.parent not in table or not _multiprocessing(table[process.parent], me):
                return False
            process = table[process.parent]
        return _multiprocessing(process, me)

    return [p for p in table.values() if p.pid != os.getpid() and marked(p.pid) and not helper(p)]


def _multiprocessing(process: Running, me: Running | None) -> bool:
    return "from multiprocessing" in process.command or (me is not None and process.command == me.command)


LEFTOVER_DEADLINE = 10
"""Seconds the processes a run started have to end after its last test, before the run fails naming them."""


def pytest_sessionfinish(session, exitstatus) -> None:
    """Fail the run if a process a test started (a server, a build's chart worker, a browser) outlives the tests; end it."""
    deadline = time.monotonic() + LEFTOVER_DEADLINE
    while (left := _started_by_this_run()) and time.monotonic() < deadline:
        time.sleep(0.2)
    if not left:
        return
    for process in left:
        with contextlib.suppress(ProcessLookupError):
            os.kill(process.pid, signal.SIGKILL)
    lines = "\n".join(f"  pid {p.pid} (parent {p.parent}): {p.command[:200]}" for p in left)
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    message = f"{len(left)} processes the tests started were still running {LEFTOVER_DEADLINE} s after the last test (now killed):\n{lines}"
    if reporter is not None:
        reporter.write_line(message, red=True)
    else:
        print(message, file=sys.stderr)
    session.exitstatus = pytest.ExitCode.TESTS_FAILED


def wait_until(page, expression: str, arg=None) -> None:
    """Wait until the JavaScript `expression` (a function of `arg`, or a plain expression) is truthy in the page.

    Playwright's wait_for_function polls its predicate with eval inside the page, which the site's
    Content-Security-Policy forbids (no 'unsafe-eval': tests would fail whenever the first check is
    not already true). page.evaluate goes through the DevTools protocol, outside the page's CSP.
    """
    deadline = time.monotonic() + BROWSER_DEADLINE_MS / 1000
    while not page.evaluate(expression, arg):
        if time.monotonic() > deadline:
            raise AssertionError(f"not true within {BROWSER_DEADLINE_MS / 1000:g} s: {expression}")
        page.wait_for_timeout(100)


def cited_items(project: Path) -> list[dict]:
    """Every CSL item a project's site cites (its pages, figures, charts, claims, paragraphs and the original), as
    `cite_report` hands them to the formatter, without formatting them."""
    from generator.charts.views import chart_views
    from generator.cite import citations
    from generator.pipeline import check

    items: list[dict] = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(citations, "format_styles", lambda given, cache=None: items.extend(given) or {i["id"]: {} for i in given})
        report = derive(check(project))
        citations.cite_report(report, chart_views(report))
    return items


def copy_project(dest: Path, source: Path = ROOT) -> Path:
    """A scratch copy of everything a build of the project at `source` reads, to edit without touching the repo."""
    for part in PROJECT_PARTS:
        src = source / part
        if src.is_dir():
            shutil.copytree(src, dest / part, ignore=shutil.ignore_patterns("__pycache__", ".gitkeep"))
        elif src.exists():
            shutil.copy2(src, dest / part)
    (dest / "docs").mkdir(exist_ok=True)
    (dest / "vendor").symlink_to(ROOT / "vendor", target_is_directory=True)  # fetched once by `make vendor`
    # Shared, not copied: the compressed files, cached by content (so each scratch build compresses only what it changed).
    (ROOT / ".cache" / "compressed").mkdir(parents=True, exist_ok=True)
    (dest / ".cache").mkdir()
    (dest / ".cache" / "compressed").symlink_to(ROOT / ".cache" / "compressed", target_is_directory=True)
    return dest


def run_command(project: Path, module: str, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    """Run `python -m module args` in a project directory, as a user runs `mkdocs` or `report-site`."""
    result = subprocess.run(
        [sys.executable, "-m", module, *args], cwd=project, env=ENV, capture_output=True, text=True, timeout=BUILD_DEADLINE
    )
    if check and result.returncode != 0:
        raise AssertionError(f"{module} {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result


def run_mkdocs(project: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    """Run plain `mkdocs` in a project directory, as a user would."""
    return run_command(project, "mkdocs", *args, check=check)


@pytest.fixture(scope="session")
def report_name(request) -> str:
    """Which report the site fixtures build: DeepSeek's, unless a test is marked ANY_REPORT."""
    return getattr(request, "param", "deepseek")


@pytest.fixture(scope="session")
def report_data(report_name):
    """The report's validated data."""
    from generator.pipeline import check

    return check(REPORTS[report_name])


@pytest.fixture(scope="session")
def site(report_name, tmp_path_factory) -> Path:
    """The whole site, built once per test run from the report's data with `mkdocs build --strict`."""
    project = copy_project(tmp_path_factory.mktemp(f"project-{report_name}"), REPORTS[report_name])
    run_mkdocs(project, "build", "--strict")
    return project / "site"


def sub_path(site_url: str) -> str:
    """The path a site is hosted under, from its site_url: `https://example.org/report/` → `/report/`."""
    return urlsplit(site_url).path or "/"


@pytest.fixture
def project(tmp_path) -> Path:
    return copy_project(tmp_path / "project")


SMALL_REPORT = ROOT / "tests" / "fixtures" / "small-report"
"""A small invented report (every data file, each chart kind and derived op): the data the validation and derivation tests break."""


@pytest.fixture
def small_report(tmp_path) -> Path:
    """A scratch copy of the small report (tests/fixtures/small-report/), to edit without touching the fixture."""
    return copy_project(tmp_path / "small-report", SMALL_REPORT)


PROJECTS = {**REPORTS, "small-report": SMALL_REPORT}
"""Every project whose data the tests read: the reports, and the fixture."""


def edit(project: Path, name: str, old: str, new: str) -> Path:
    """Replace `old`, which must occur once, in data/`name`; the file's path."""
    path = project / "data" / name
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} should occur once in {name}"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new), encoding="utf-8")


@dataclass
class Served:
    """The local server's address, and its log: every request line with its status."""

    url: str
    access_log: Path

    @property
    def log(self) -> list[str]:
        return self.access_log.read_text(encoding="utf-8", errors="replace").splitlines()


_SERVED = pytest.StashKey[Served]()
_LOG_START = pytest.StashKey[int]()


@contextlib.contextmanager
def nginx(site: Path, prefix: str, runtime: Path) -> Iterator[Served]:
    """`site` served by nginx with the committed configuration (deploy/nginx/) at `prefix`, as a host serves it.

    The same wrapper as `make preview-production`. A missing nginx fails the run; it is never a skip.
    """
    if shutil.which("nginx") is None and not Path("/usr/sbin/nginx").exists():
        pytest.fail("nginx not found: run `make test`, which installs it (scripts/ensure-browser), or apt-get install nginx")
    try:
        with hosting.running(site, prefix, runtime, deadline=SERVE_DEADLINE) as url:
            yield Served(url, runtime / "access.log")
    except RuntimeError as err:
        pytest.fail(str(err))


def fetch(url: str, encoding: str = "identity") -> http.client.HTTPResponse:
    """GET `url` as is (no redirect followed, nothing decompressed); the response, body read."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    connection.request("GET", parts.path, headers={"Accept-Encoding": encoding})
    response = connection.getresponse()
    response.body = response.read()
    connection.close()
    return response


@pytest.fixture(scope="session")
def served(site, report_data, request, tmp_path_factory) -> Iterator[Served]:
    """The built site served by nginx on a free local port, under its site_url's sub-path, as it is when hosted."""
    with nginx(site, sub_path(report_data.site.site_url), tmp_path_factory.mktemp("nginx")) as served:
        request.session.stash[_SERVED] = served
        yield served


@pytest.fixture(scope="session")
def site_url(served) -> str:
    return served.url


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """A failing test shows the requests the local server received while it ran (as "Captured server log")."""
    report = (yield).get_result()
    served = item.session.stash.get(_SERVED, None)
    if served is None or "served" not in item.fixturenames:
        return
    if report.when == "setup":
        item.stash[_LOG_START] = len(served.log)
    elif report.failed:
        requests = served.log[item.stash.get(_LOG_START, 0) :]
        report.sections.append(("Captured server log", "\n".join(requests) or "(no requests)"))


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, driven by Playwright. A missing browser fails the run; it is never a skip."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run `make test`, which installs it, or set CHROMIUM")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, site_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(BROWSER_DEADLINE_MS)
    yield page
    context.close()


DESKTOP = {"width": 1280, "height": 900}


# Put into a page before its scripts run (page.add_init_script): each CSP violation, in window.__cspViolations.
RECORD_CSP_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", e =>
  window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"} at ${e.sourceFile}:${e.lineNumber}`));
"""


def new_page(browser: Browser, **options) -> Page:
    context = browser.new_context(**{"viewport": DESKTOP, **options})
    page = context.new_page()
    page.set_default_timeout(BROWSER_DEADLINE_MS)
    return page


def search(page: Page, site_url: str, query: str) -> list[str]:
    """Type a query into Material's search box; return the result links."""
    page.goto(site_url)
    page.locator("label.md-search__icon, .md-search__input").first.click()
    box = page.locator("input.md-search__input")
    box.fill(query)
    box.dispatch_event("keyup")  # Material's search listens for keyup
    results = page.locator(".md-search-result__item a")
    expect(results.first).to_be_visible()
    return [urlparse(href).path for href in results.evaluate_all("els => els.map(e => e.href)")]


@pytest.fixture(scope="session")
def site_pages(site, report_data) -> list[str]:
    """Every page the built site offers, from its sitemap: paths under the site's root ("" is the overview)."""
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    locations = re.findall(r"<loc>(.*?)</loc>", sitemap)
    assert locations, "sitemap.xml lists no pages"
    root = report_data.site.site_url
    assert all(loc.startswith(root) for loc in locations), locations
    paths = sorted(loc.removeprefix(root) for loc in locations)
    expected = {"" if p.id == "index" else f"{p.id}/" for p in report_data.pages} | {"print/"}
    expected |= {f"cite/{r.topic}/" for r in [*report_data.facts, *report_data.derived, *report_data.charts, *report_data.claims]}  # their citations pages
    if report_data.paragraphs and (source := derive(report_data).roles.get("source")):
        expected.add(f"cite/{source}/")  # the paragraphs' citations
    assert set(paths) == expected, f"the sitemap lists {paths}; pages.yaml, the print edition and the citations pages make {sorted(expected)}"
    return paths


def assert_no_problems(problems: dict[str, list]) -> None:
    """Fail naming every problem on every page, one a line."""
    lines = [f"/{path}: {problem}" for path, found in problems.items() for problem in found]
    assert not lines, "\n".join(lines)


# --- the text of a drawn chart ---------------------------------------------------------

SVG = "{http://www.w3.org/2000/svg}"
ELLIPSIS = "…"  # what Vega ends a label it cuts short with


def legend_labels(svg: str) -> list[str]:
    """The text of each entry of the drawing's legends, its lines joined by spaces."""
    root = ET.fromstring(svg)
    labels = []
    for group in root.iter(f"{SVG}g"):
        if "role-legend-label" in group.get("class", "").split():
            labels += [" ".join(" ".join(text.itertext()).split()) for text in group.iter(f"{SVG}text")]
    return labels


def texts(svg: str) -> list[str]:
    """Every text the drawing prints, its lines joined by spaces."""
    return [" ".join(" ".join(t.itertext()).split()) for t in ET.fromstring(svg).iter(f"{SVG}text")]


CFFCONVERT = Path(sys.prefix) / "cffconvert" / "bin" / "cffconvert"
"""cffconvert, in an environment of its own inside the venv (the Makefile says why; tests/cite/cffconvert.txt pins it)."""


def validate_cff(directory: Path) -> subprocess.CompletedProcess:
    """`cffconvert --validate` on the CITATION.cff in `directory`."""
    if not CFFCONVERT.is_file():
        pytest.fail(f"{CFFCONVERT} not found: run `make test-fast`, which installs it (tests/cite/cffconvert.txt)")
    return subprocess.run([str(CFFCONVERT), "--validate"], cwd=directory, capture_output=True, text=True, timeout=60)
