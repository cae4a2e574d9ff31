"""How authors use it: plain `mkdocs build`/`serve`, `render --out`, and bad data that loses nothing."""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import (
    BUILD_DEADLINE,
    ENV,
    REPORTS,
    ROOT,
    SERVE_DEADLINE,
    copy_project,
    descendants,
    end_group,
    run_command,
    run_mkdocs,
    sub_path,
)
from generator.pipeline import check
from generator.project import default_templates

REBUILD_DEADLINE = 180  # seconds for `mkdocs serve` to show an edit: a hang, not a speed, on a loaded machine

PAGES = [p.id for p in check(ROOT).pages]


def snapshot(directory: Path) -> dict[str, bytes]:
    return {str(p.relative_to(directory)): p.read_bytes() for p in sorted(directory.rglob("*")) if p.is_file()}


def generator_cli(project: Path, *args: str) -> subprocess.CompletedProcess:
    return run_command(project, "generator", *args, check=False)


@pytest.mark.slow
def test_bad_data_fails_the_build_naming_the_line_and_keeps_the_previous_site(project):
    run_mkdocs(project, "build")
    before = snapshot(project / "site")
    facts = project / "data" / "facts.yaml"
    facts.write_text(facts.read_text(encoding="utf-8").replace("  value: 79.8\n", '  value: "79.8%"\n'), encoding="utf-8")

    result = run_mkdocs(project, "build", check=False)

    assert result.returncode != 0
    line = next(i for i, text in enumerate(facts.read_text(encoding="utf-8").splitlines(), 1) if '"79.8%"' in text and "value" in text)
    assert f"data/facts.yaml:{line}:10: facts[" in result.stderr + result.stdout
    assert snapshot(project / "site") == before


@pytest.mark.slow
def test_a_broken_link_fails_the_build_and_keeps_the_previous_site(project):
    run_mkdocs(project, "build")
    before = snapshot(project / "site")
    (project / "docs" / "notes.md").write_text("# Notes\n\nSee [the costs](costs.md#no-such-anchor).\n", encoding="utf-8")
    list_page(project, "notes")

    result = run_mkdocs(project, "build", check=False)

    assert result.returncode != 0
    assert "does not contain an anchor '#no-such-anchor'" in result.stderr
    assert snapshot(project / "site") == before  # strict mode aborts only after writing: the build was staged
    assert sorted(p.name for p in project.iterdir() if p.name.startswith(".site")) == []


@pytest.mark.slow
def test_a_chart_that_cannot_be_drawn_fails_the_build_and_keeps_the_previous_site(project):
    """The charts are drawn while MkDocs converts the pages: a drawing's error still stops the build before anything is written."""
    run_mkdocs(project, "build")
    before = snapshot(project / "site")
    entities = project / "data" / "entities.yaml"
    entities.write_text(entities.read_text(encoding="utf-8").replace('  country_code: "380"\n', '  country_code: "999"\n', 1), encoding="utf-8")

    result = run_mkdocs(project, "build", check=False)

    assert result.returncode != 0
    assert re.search(r"report generator: chart \S+: no country with the code of \S+ \(999\)", result.stderr), result.stderr
    assert snapshot(project / "site") == before
    assert sorted(p.name for p in project.iterdir() if p.name.startswith(".site")) == []


@pytest.mark.slow
def test_two_builds_are_byte_identical_and_dated_by_the_data_not_the_clock(project):
    """The first build draws the charts while MkDocs converts the pages (sizes filled in after); the second takes the output kept."""
    site_yaml = project / "data" / "site.yaml"
    site_yaml.write_text(re.sub(r"(?m)^date: .*$", "date: 2001-02-03", site_yaml.read_text(encoding="utf-8")), encoding="utf-8")
    env = {k: v for k, v in ENV.items() if k != "SOURCE_DATE_EPOCH"}
    trees = []
    for _ in range(2):
        subprocess.run([sys.executable, "-m", "mkdocs", "build"], cwd=project, env=env, check=True, capture_output=True, timeout=BUILD_DEADLINE)
        trees.append({path: hashlib.sha256(content).hexdigest() for path, content in snapshot(project / "site").items()})
    assert trees[0] == trees[1]
    sitemap = (project / "site" / "sitemap.xml").read_text(encoding="utf-8")
    assert set(re.findall(r"<lastmod>(.*?)</lastmod>", sitemap)) == {"2001-02-03"}  # outside git: the release date
    with gzip.open(project / "site" / "sitemap.xml.gz") as gz:
        gz.read()
        assert dt.datetime.fromtimestamp(gz.mtime, dt.UTC).date() == dt.date(2001, 2, 3)


@pytest.mark.slow
def test_a_hand_written_page_is_never_overwritten(project):
    hand_written = project / "docs" / "costs.md"
    hand_written.write_text("# My own notes\n", encoding="utf-8")

    result = run_mkdocs(project, "build", check=False)

    assert result.returncode != 0
    assert "costs.md" in result.stderr
    assert hand_written.read_text(encoding="utf-8") == "# My own notes\n"


@pytest.mark.slow
def list_page(project: Path, page_id: str) -> None:
    """List the hand-written docs/<page_id>.md in pages.yaml, as its author would."""
    pages = project / "data" / "pages.yaml"
    entry = f"\n- {{id: {page_id}, title: Notes, nav_title: Notes, file: {page_id}.md, summary: The editors' notes.}}\n"
    pages.write_text(pages.read_text(encoding="utf-8") + entry, encoding="utf-8")


def test_a_hand_written_page_is_kept_beside_the_generated_ones(project):
    (project / "docs" / "notes.md").write_text("# Notes\n\nKept as written.\n", encoding="utf-8")
    list_page(project, "notes")
    run_mkdocs(project, "build")
    run_mkdocs(project, "build")
    assert "Kept as written." in (project / "site" / "notes" / "index.html").read_text(encoding="utf-8")
    assert (project / "docs" / "notes.md").read_text(encoding="utf-8") == "# Notes\n\nKept as written.\n"


def test_render_writes_the_complete_docs_tree_for_inspection(project, tmp_path):
    out = tmp_path / "rendered"
    result = generator_cli(project, "render", "--out", str(out))
    assert result.returncode == 0, result.stderr
    markdown = sorted(p.name for p in out.glob("*.md"))
    assert markdown == sorted([f"{page}.md" for page in PAGES] + ["print.md"])
    for page in out.glob("*.md"):
        text = page.read_text(encoding="utf-8")
        assert text.startswith("---\n")
        after_front_matter = text.split("\n---\n", 1)[1][:300]
        assert "Generated by the report generator" in after_front_matter and "Do not edit" in after_front_matter
    assert (out / "stylesheets" / "report.css").is_file()
    assert any(out.glob("charts/*.svg"))
    assert snapshot(project / "docs") == snapshot(ROOT / "docs")
    # The printable edition is whole Markdown here (the plugin assembles it from the pages' HTML): every page, no slot.
    edition = (out / "print.md").read_text(encoding="utf-8")
    assert "rs-print-slot" not in edition and "rs:page-only" not in edition and "Cite this figure" not in edition
    assert [page for page in PAGES if f"{{: #page-{page} .rs-print-page }}" not in edition] == []


def test_render_with_bad_data_leaves_the_previous_output(project, tmp_path):
    out = tmp_path / "rendered"
    assert generator_cli(project, "render", "--out", str(out)).returncode == 0
    before = snapshot(out)
    (project / "data" / "glossary.yaml").write_text("- id: [\n", encoding="utf-8")
    result = generator_cli(project, "render", "--out", str(out))
    assert result.returncode == 1
    assert "glossary.yaml:2:1" in result.stderr
    assert snapshot(out) == before


def test_render_never_replaces_a_directory_holding_files_it_did_not_write(project, tmp_path):
    out = tmp_path / "rendered"
    out.mkdir()
    (out / "mine.txt").write_text("my notes\n", encoding="utf-8")
    result = generator_cli(project, "render", "--out", str(out))
    assert result.returncode == 1
    assert "mine.txt" in result.stderr and "did not write" in result.stderr
    assert snapshot(out) == {"mine.txt": b"my notes\n"}


def test_render_removes_its_own_stale_files_and_lists_what_it_wrote(project, tmp_path):
    out = tmp_path / "rendered"
    assert generator_cli(project, "render", "--out", str(out)).returncode == 0
    manifest = out / ".generated-files.json"
    written = json.loads(manifest.read_text(encoding="utf-8"))
    assert sorted(written) == sorted(path for path in snapshot(out) if path != manifest.name)
    (out / "charts" / "retired-chart.svg").write_text("<svg/>", encoding="utf-8")  # as if a chart was removed from the data
    manifest.write_text(json.dumps([*written, "charts/retired-chart.svg"]), encoding="utf-8")
    assert generator_cli(project, "render", "--out", str(out)).returncode == 0
    assert not (out / "charts" / "retired-chart.svg").exists()


def test_check_reports_counts(project):
    result = generator_cli(project, "check")
    assert result.returncode == 0
    assert result.stdout.startswith("data/ is valid:")


def test_check_counts_one_in_the_singular_and_leaves_out_what_there_is_none_of(small_report):
    assert ", 1 term, " in generator_cli(small_report, "check").stdout  # the fixture's glossary has one term
    (small_report / "data" / "glossary.yaml").write_text("[]\n", encoding="utf-8")
    assert "term" not in generator_cli(small_report, "check").stdout


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode("utf-8")


class Server:
    """`mkdocs serve` in a project, its output collected as it runs."""

    def __init__(self, project: Path, command: str = "mkdocs"):
        """`command serve` (`mkdocs`, or `generator` for `report-site`) in its own process group."""
        self.port = _free_port()
        self.process = subprocess.Popen(
            [sys.executable, "-m", command, "serve", "--dev-addr", f"127.0.0.1:{self.port}"],
            cwd=project, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True,
        )
        self.log: list[str] = []
        self.reader = threading.Thread(target=lambda: self.log.extend(self.process.stdout), daemon=True)
        self.reader.start()

    def wait_for(self, url: str, text: str, seconds: float = REBUILD_DEADLINE) -> str:
        """Wait until the page at `url` contains `text`."""
        return self._until(lambda: text in (page := self._get(url)) and page, f"{text!r} at {url}", seconds)

    def wait_for_log(self, text: str, seconds: float = REBUILD_DEADLINE) -> str:
        return self._until(lambda: next((line for line in list(self.log) if text in line), None), f"{text!r} in the log", seconds)

    def _until(self, found, what: str, seconds: float):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline and self.process.poll() is None:
            if result := found():
                return result
            time.sleep(0.5)
        raise AssertionError(f"never saw {what} (server {'running' if self.process.poll() is None else 'exited'})\n--- server log ---\n{''.join(self.log)}")

    @staticmethod
    def _get(url: str) -> str:
        try:
            return _fetch(url)
        except OSError:
            return ""

    def stop(self) -> None:
        """End the server and its workers: its whole process group."""
        end_group(self.process)


@pytest.fixture
def costs_page(project) -> Iterator[tuple[Server, str]]:
    """Plain `mkdocs serve` in the project copy, once it serves the costs page."""
    (project / "templates").mkdir()  # the project's own templates (empty: the packaged ones serve), watched by serve
    server = Server(project)
    url = f"http://127.0.0.1:{server.port}{sub_path(check(project).site.site_url)}costs/"
    try:
        server.wait_for(url, "Costs &amp; pricing", BUILD_DEADLINE)
        yield server, url
    finally:
        server.stop()


@pytest.mark.slow
def test_ctrl_c_stops_serve_with_one_line_and_no_traceback(tmp_path):
    """Ctrl-C reaches the whole foreground process group: the server, its chart workers and its helpers."""
    project = copy_project(tmp_path / "project", REPORTS["ingenuity"])
    server = Server(project, command="generator")
    try:
        server.wait_for(f"http://127.0.0.1:{server.port}{sub_path(check(project).site.site_url)}", "</html>", BUILD_DEADLINE)
        assert descendants(server.process.pid), "serve started no worker: nothing here could print a worker's traceback"
        before = len(server.log)
        os.killpg(server.process.pid, signal.SIGINT)
        assert server.process.wait(timeout=SERVE_DEADLINE) == 0
        server.reader.join(timeout=SERVE_DEADLINE)  # the output ends once every process holding it has
        assert [line.rstrip() for line in server.log[before:]] == ["INFO    -  Shutting down..."], "".join(server.log)
    finally:
        server.stop()


@pytest.mark.slow
def test_ctrl_c_stops_a_build_with_one_line_and_keeps_the_site(tmp_path):
    """Ctrl-C while the chart workers draw: one line, no traceback, no process left, the last site as it was."""
    project = copy_project(tmp_path / "project", REPORTS["ingenuity"])
    run_command(project, "generator", "build")
    before = snapshot(project / "site")
    shutil.rmtree(project / ".cache" / "render" / "chart")  # so the workers have charts to draw
    (project / ".cache" / "generated.pickle").unlink()
    build = subprocess.Popen([sys.executable, "-m", "generator", "build"], cwd=project, env=ENV,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        deadline = time.monotonic() + BUILD_DEADLINE
        while not descendants(build.pid):
            assert build.poll() is None and time.monotonic() < deadline, f"the build started no worker: {build.communicate()}"
            time.sleep(0.05)
        os.killpg(build.pid, signal.SIGINT)
        _, stderr = build.communicate(timeout=SERVE_DEADLINE)
        assert build.returncode == 130 and stderr.splitlines()[-1] == "report-site build: interrupted", stderr
        assert "Traceback" not in stderr, stderr
    finally:
        end_group(build)
    assert snapshot(project / "site") == before


def test_mkdocs_serve_rebuilds_when_data_or_templates_change(project, costs_page):
    server, url = costs_page
    pages = project / "data" / "pages.yaml"
    pages.write_text(pages.read_text(encoding="utf-8").replace("title: Training cost\n", "title: What training cost\n"), encoding="utf-8")
    server.wait_for(url, "What training cost")
    server.wait_for(url.replace("costs/", "print/"), "What training cost")  # the printable edition, made of the pages' HTML

    # A template of the project's own overrides the packaged default of the same name.
    macros = project / "templates" / "macros.md.j2"
    macros.write_text((default_templates() / "macros.md.j2").read_text(encoding="utf-8").replace("**Editorial:**", "**Editors’ note:**"), encoding="utf-8")
    server.wait_for(url, "Editors’ note:")

    macros.write_text(macros.read_text(encoding="utf-8").replace("**Editors’ note:**", "**Editors’ remark:**"), encoding="utf-8")
    server.wait_for(url, "Editors’ remark:")
    server.wait_for(url.replace("costs/", "print/"), "Editors’ remark:")

    # A chart redrawn: its static image (from the render cache until now) shows the new title.
    charts = project / "data" / "charts.yaml"
    charts.write_text(charts.read_text(encoding="utf-8").replace("title: API price per million tokens,", "title: Price per million tokens,"), encoding="utf-8")
    server.wait_for(url.replace("costs/", "charts/chart-api-prices.light.svg"), "Price per million tokens, DeepSeek-R1")
    server.wait_for(url, "Price per million tokens, DeepSeek-R1")


def test_mkdocs_serve_reports_a_data_error_keeps_serving_and_recovers_when_it_is_fixed(project, costs_page):
    server, url = costs_page
    pages = project / "data" / "pages.yaml"
    good = pages.read_text(encoding="utf-8")
    pages.write_text(good.replace("title: Training cost\n", "title: Training cost\n      tittle: typo\n"), encoding="utf-8")
    line = next(i for i, text in enumerate(pages.read_text(encoding="utf-8").splitlines(), 1) if "tittle" in text)

    server.wait_for_log(f"data/pages.yaml:{line}:")
    page = server.wait_for(url, "The data has errors")  # the last good pages, the error on top
    assert f"data/pages.yaml:{line}:" in page and "Training cost" in page

    pages.write_text(good.replace("title: Training cost\n", "title: Training cost, fixed\n"), encoding="utf-8")
    server.wait_for(url, "Training cost, fixed")


def test_the_output_is_the_same_bytes_for_the_same_input(project, tmp_path):
    first, second = tmp_path / "first", tmp_path / "second"
    assert generator_cli(project, "render", "--out", str(first)).returncode == 0
    assert generator_cli(project, "render", "--out", str(second)).returncode == 0
    assert snapshot(first) == snapshot(second)


def test_a_statement_that_does_not_hold_is_flagged_on_its_page(project, tmp_path):
    derived = project / "data" / "derived.yaml"
    derived.write_text(derived.read_text(encoding="utf-8").replace("checks: downloads-nearly-double", "checks: training-cost-fraction"), encoding="utf-8")
    out = tmp_path / "rendered"
    assert generator_cli(project, "render", "--out", str(out)).returncode == 0
    market = (out / "market.md").read_text(encoding="utf-8")
    flagged = market[market.index('id="downloads-ratio"'):]
    assert "✗ **Does not hold:** the commentary says “just 1/18th”" in flagged
    assert "{: .rs-verdict .rs-verdict--fails }" in flagged.split("</div>")[0]


def test_a_one_shot_build_spares_the_collector_what_it_holds_and_serve_never_does(monkeypatch):
    """`mkdocs build` and `gh-deploy` freeze what the process holds (gc.freeze) as they start and once the generator
    has run: it lives until the process exits. Under `mkdocs serve`, and under `serve --clean` (which starts as a build)
    once it serves, each rebuild's garbage must stay collectable: nothing more is frozen."""
    import gc

    import generator.plugin.events as plugin_module
    import generator.speed.search_index
    from generator.project import find_project

    frozen: list[str] = []
    monkeypatch.setattr(gc, "freeze", lambda: frozen.append("frozen"))
    monkeypatch.setattr(generator.speed.search_index, "reuse_entries", lambda: None)  # serve's patch of Material's search

    class Server:
        observer = None

        def watch(self, path):
            pass

    for command in ("build", "gh-deploy", "serve"):
        frozen.clear()
        plugin = plugin_module.ReportSitePlugin()
        plugin.on_startup(command=command, dirty=False)
        assert frozen == ([] if command == "serve" else ["frozen"]), command
        assert plugin.once is (command != "serve"), command
        plugin.project = find_project(ROOT / "mkdocs.yml")
        plugin.on_serve(Server(), config=None, builder=None)
        assert plugin.once is False, f"{command}, then serving"
