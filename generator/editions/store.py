"""Where a report's published editions are kept: `editions/` beside mkdocs.yml, committed with the project.

    editions/
      manifest.json   every edition published: its version, date, and the SHA-256 of each of its files
      1.0.0/          the edition as published, the site exactly as served at <site_url>editions/1.0.0/
        data/         the data it was built from (data/*.yaml and the text), for readers and for the next
                      edition's comparison

A clone of the project carries every edition, and git's history and the manifest both show that none was
rewritten. Published editions are never changed; `report-site publish` adds one (generator/hosting/edition.py).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from packaging.version import InvalidVersion, Version

from generator.errors import GeneratorError

MANIFEST = "manifest.json"
DATA = "data"
"""Below an edition's directory: the data it was built from."""


@dataclass(frozen=True)
class Edition:
    """One published edition, as the manifest records it."""

    version: str
    date: dt.date
    files: dict[str, str]
    """Each file's path below the edition's directory → its SHA-256, as published."""


def editions(store: Path) -> list[Edition]:
    """Every published edition, oldest first (none when nothing was published yet)."""
    manifest = store / MANIFEST
    if not manifest.is_file():
        return []
    try:
        records = json.loads(manifest.read_text(encoding="utf-8"))["editions"]
        found = [Edition(r["version"], dt.date.fromisoformat(r["date"]), dict(r["files"])) for r in records]
    except (ValueError, KeyError, TypeError) as err:
        raise GeneratorError(f"{manifest}: not an editions manifest ({err}): restore it from git (git checkout -- {manifest})") from None
    return sorted(found, key=lambda e: parse_version(e.version, manifest))


def previous(store: Path, version: str) -> Edition | None:
    """The last edition published before `version` (None for a first edition)."""
    earlier = [e for e in editions(store) if parse_version(e.version) < parse_version(version)]
    return earlier[-1] if earlier else None


def data_dir(store: Path, version: str) -> Path:
    """The data edition `version` was built from."""
    return store / version / DATA


def altered(directory: Path) -> list[str]:
    """Each published file missing, changed or added since the manifest recorded it."""
    problems = []
    for edition in editions(directory):
        root = directory / edition.version
        found = {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()} if root.is_dir() else set()
        for path, digest in edition.files.items():
            if path not in found:
                problems.append(f"{edition.version}/{path}: missing")
            elif sha256(root / path) != digest:
                problems.append(f"{edition.version}/{path}: changed since it was published")
        problems += [f"{edition.version}/{path}: added since it was published" for path in sorted(found - set(edition.files))]
    return problems


def parse_version(version: str, where: object = "site.yaml") -> Version:
    try:
        return Version(version)
    except InvalidVersion:
        raise GeneratorError(f"{where}: version {version!r} is not a version number such as 1.0.0") from None


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()
