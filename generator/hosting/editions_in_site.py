"""The latest site serves every published edition: `editions/X/` from the store, its manifest, and `versions.json`
(written before the site is compressed; the editions, compressed already, are linked in last).

`versions.json` is mike's format (newest first, the latest with the alias `latest`), which Material's version
selector reads and so does each edition's notice (freeze.py). The latest edition is the version in site.yaml,
served at the site's own addresses. The store's files are linked, not copied, where the file system allows:
publishing an edition adds no work to the latest build but checking each file against the manifest.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from generator.editions import store
from generator.editions.addresses import EDITIONS
from generator.errors import GeneratorError

VERSIONS = "versions.json"


def write_versions(site: Path, directory: Path, version: str) -> None:
    """versions.json for the latest site of `version`, naming every edition of the store `directory`."""
    (site / VERSIONS).write_text(versions_json(version, [e.version for e in store.editions(directory)]), encoding="utf-8")


def include_editions(site: Path, directory: Path) -> int:
    """Put every edition of the store `directory` into `site`, with its manifest; return the files included."""
    published = store.editions(directory)
    problems = store.altered(directory)
    if problems:
        shown = "\n".join(f"  {p}" for p in problems[:10]) + (f"\n  and {len(problems) - 10} more" if len(problems) > 10 else "")
        raise GeneratorError(f"{directory}: published editions differ from {store.MANIFEST} (restore them from git; an edition never changes):\n{shown}")
    count = 0
    for edition in published:
        for path in edition.files:
            _link(directory / edition.version / path, site / EDITIONS / edition.version / path)
            count += 1
    if published:
        shutil.copyfile(directory / store.MANIFEST, site / EDITIONS / store.MANIFEST)
    return count


def versions_json(latest: str, published: list[str]) -> str:
    """mike's versions.json: every edition, newest first, the latest (at the site's own addresses) aliased `latest`."""
    versions = sorted({latest, *published}, key=store.parse_version, reverse=True)
    records = [{"version": v, "title": v, "aliases": ["latest"] if v == latest else []} for v in versions]
    return json.dumps(records, indent=1) + "\n"


def _link(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:  # another file system, or links not allowed: a copy serves the same bytes
        shutil.copyfile(source, target)
