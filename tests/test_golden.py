"""What the generator means, as a diff: the small fixture report rendered by `report-site render --out`,
compared file by file with the expected tree committed in tests/golden/small-report/.

A change to a page, a chart's data or spec, or the data reference shows here. When the change is meant,
regenerate the tree and review it as part of the commit:

    .venv/bin/python -m pytest tests/test_golden.py --update-golden && git diff tests/golden/

Needs no browser, server or build (it runs in `make test-fast`).
"""

from __future__ import annotations

import difflib
import fnmatch
import json
import shutil
from pathlib import Path

import pytest

from conftest import ROOT, SMALL_REPORT, run_command

GOLDEN = ROOT / "tests" / "golden" / "small-report"
NOTE = "README.md"
"""The golden folder's own note (generated, do not edit), not part of the render."""
UNCOMPARED = ("*.png", "*.svg", "charts/vega.js", "stylesheets/*", "javascripts/*")
"""Rendered but not kept: drawings vl-convert (pinned) makes from the specs kept here, PNGs being binary, and files
copied unchanged from the package's assets and vendor/. Their names are still compared, in .generated-files.json."""
SHOWN_FILES = 3  # a failure shows the diffs of this many files ...
SHOWN_LINES = 40  # ... each cut to this many lines, and names the rest


def render_fixture(tmp_path: Path) -> Path:
    """Render a copy of the small report with the real command, outside any git checkout.

    A copy, because inside the repository each page's "last updated" date would be the date of the commit that
    last touched the fixture, and the fixture's own .cache could stand in for the work under test."""
    project = tmp_path / "small-report"
    shutil.copytree(SMALL_REPORT, project, ignore=shutil.ignore_patterns(".cache", "vendor", "site", "__pycache__"))
    (project / "vendor").symlink_to(ROOT / "vendor", target_is_directory=True)  # fetched once by `make vendor`
    out = tmp_path / "out"
    run_command(tmp_path, "generator", "-f", str(project / "mkdocs.yml"), "render", "--out", str(out))
    return out


def kept_files(directory: Path, *, skip: tuple[str, ...] = ()) -> dict[str, bytes]:
    """Relative path → bytes of each file under `directory` the golden tree keeps."""
    files = {}
    for path in sorted(directory.rglob("*")):
        name = path.relative_to(directory).as_posix()
        if path.is_file() and name not in skip and not any(fnmatch.fnmatch(name, pattern) for pattern in UNCOMPARED):
            files[name] = path.read_bytes()
    return files


def write_golden(rendered: dict[str, bytes]) -> None:
    """Replace the golden tree's files (all but its note) with `rendered`."""
    for path in GOLDEN.rglob("*"):
        if path.is_file() and path.relative_to(GOLDEN).as_posix() != NOTE:
            path.unlink()
    for name, content in rendered.items():
        (GOLDEN / name).parent.mkdir(parents=True, exist_ok=True)
        (GOLDEN / name).write_bytes(content)


def readable_lines(name: str, content: bytes) -> list[str]:
    """The lines to diff: a JSON file written on one line (a Vega-Lite spec) is indented first, so the diff shows the field."""
    text = content.decode("utf-8")
    if name.endswith(".json") and text.count("\n") <= 1:
        text = json.dumps(json.loads(text), indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    return text.splitlines(keepends=True)


def describe_difference(expected: dict[str, bytes], rendered: dict[str, bytes]) -> str:
    """A reviewer's account of how the render differs: the files added, lost and changed, and the first diffs."""
    lines = [f"the render of {SMALL_REPORT.relative_to(ROOT)} differs from {GOLDEN.relative_to(ROOT)}/"]
    lines.append("(if the change is meant: .venv/bin/python -m pytest tests/test_golden.py --update-golden, and review git diff)")
    for label, names in [("rendered, not in the golden tree", sorted(rendered.keys() - expected.keys())),
                         ("in the golden tree, not rendered", sorted(expected.keys() - rendered.keys()))]:
        if names:
            lines.append(f"{label}: {', '.join(names)}")
    # Pages first: a word changed in the data reads best where the reader sees it.
    changed = sorted((n for n in expected.keys() & rendered.keys() if expected[n] != rendered[n]), key=lambda n: (not n.endswith(".md"), n))
    if changed:
        lines.append(f"changed: {', '.join(changed)}")
    for name in changed[:SHOWN_FILES]:
        diff = list(difflib.unified_diff(readable_lines(name, expected[name]), readable_lines(name, rendered[name]),
                                         f"golden/{name}", f"rendered/{name}", n=2))
        shown = [line if line.endswith("\n") else line + "\n" for line in diff[:SHOWN_LINES]]
        lines.append("".join(shown).rstrip("\n"))
        if len(diff) > SHOWN_LINES:
            lines.append(f"... {len(diff) - SHOWN_LINES} more lines of this diff")
    if len(changed) > SHOWN_FILES:
        lines.append(f"... and {len(changed) - SHOWN_FILES} more changed files: {', '.join(changed[SHOWN_FILES:])}")
    return "\n".join(lines)


def test_the_small_report_renders_as_the_golden_tree(tmp_path, request):
    rendered = kept_files(render_fixture(tmp_path))
    if request.config.getoption("--update-golden"):
        write_golden(rendered)
    expected = kept_files(GOLDEN, skip=(NOTE,))
    if expected != rendered:
        pytest.fail(describe_difference(expected, rendered), pytrace=False)


def test_a_changed_word_shows_as_a_diff_of_the_page():
    page = {"index.md": b"# Title\n\nThe battery kept its charge.\n"}
    changed = {"index.md": b"# Title\n\nThe battery lost its charge.\n"}
    report = describe_difference(page, changed)
    assert "changed: index.md" in report
    assert "-The battery kept its charge.\n+The battery lost its charge." in report
    spec = {"charts/a.light.vl.json": b'{"data":{"values":[{"value":92.5}]},"width":440}\n'}
    wider = {"charts/a.light.vl.json": b'{"data":{"values":[{"value":92.5}]},"width":480}\n'}
    assert '- "width": 440\n+ "width": 480' in describe_difference(spec, wider)
