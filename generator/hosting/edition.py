"""`report-site publish`: freeze the version in site.yaml as an edition, kept in the project's `editions/`.

Publishing edition X, in this order, stopping at the first refusal (nothing written before the build):
1. X is new and above the last edition; the working tree is clean; earlier editions are as the manifest says;
2. the annotated tag `vX` is made at HEAD, or checked to be there;
3. the site is built for `<site_url>editions/X/` and frozen (freeze.py);
4. it is added to the store with the data it was built from, the manifest records every file's SHA-256, and
   the store is committed, so the edition's bytes are in the project's history.
The latest site (`report-site build`) then serves every edition from the store (editions_in_site.py).
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import tempfile
from pathlib import Path

from generator.editions import store
from generator.editions.store import Edition, parse_version
from generator.errors import GeneratorError
from generator.git import git
from generator.project import Project


class EditionError(GeneratorError):
    """An edition that must not be published as asked."""


def refuse_unpublishable(project: Project, version: str) -> None:
    """Stop, saying what to do, unless `version` can be published now from this checkout."""
    site = f"{project.data_dir.name}/site.yaml"
    published = store.editions(project.editions_dir)
    if any(e.version == version for e in published):
        raise EditionError(
            f"edition {version} is already published ({_shown(project, project.editions_dir / version)}/): a published edition never changes. "
            f"Set a higher version in {site} for the corrections, then publish that"
        )
    if published and parse_version(version) < parse_version(published[-1].version):
        last = published[-1].version
        raise EditionError(f"{site}: version {version} is lower than the last edition, {last}: set a version above {last}, then publish")
    status = git(project.root, "status", "--porcelain", "--", ".")
    if status is None:
        raise EditionError(f"{project.root} is not a git checkout: an edition is published from a commit (git init; git add; git commit), tagged v{version}")
    if status:
        changed = ", ".join(line[3:] for line in status.splitlines()[:5])
        raise EditionError(f"not publishing {version}: the working tree has uncommitted changes ({changed}): commit them, so the tag v{version} names exactly what the edition is built from")
    problems = store.altered(project.editions_dir)
    if problems:
        raise EditionError("not publishing: published editions differ from the manifest (restore them from git):\n" + "\n".join(f"  {p}" for p in problems))
    head = git(project.root, "rev-parse", "HEAD")
    tagged = git(project.root, "rev-parse", "-q", "--verify", f"refs/tags/v{version}^{{commit}}")
    if tagged is not None and tagged != head:
        raise EditionError(f"tag v{version} is at {tagged[:12]}, not at the commit checked out ({(head or '')[:12]}): check out v{version} to rebuild it, or delete the tag if it was made by mistake")
    if tagged is not None and git(project.root, "cat-file", "-t", f"v{version}") != "tag":
        raise EditionError(f"tag v{version} is a lightweight tag: an edition's tag is annotated (git tag -d v{version}; publishing makes it)")


def tag(project: Project, version: str, title: str) -> None:
    """Make the annotated tag `vX` at HEAD, unless it is there already (refuse_unpublishable checked where it points)."""
    if git(project.root, "rev-parse", "-q", "--verify", f"refs/tags/v{version}") is not None:
        return
    if git(project.root, "tag", "-a", f"v{version}", "-m", f"Edition {version} of {title}") is None:
        raise EditionError(f"git could not make the tag v{version} (is user.name and user.email set? git config user.email you@example.org)")


def keep(project: Project, built: Path, version: str, date: dt.date, tagged: str | None = None) -> Edition:
    """Move the frozen edition `built` into the store with the data it was built from (the data checked out, or that of
    the commit `tagged`), record it in the manifest, commit."""
    target = project.editions_dir / version
    target.parent.mkdir(parents=True, exist_ok=True)
    if tagged is None:
        shutil.copytree(project.data_dir, built / store.DATA, ignore=shutil.ignore_patterns(".*"))
    else:
        _extract(project, tagged, built / store.DATA)
    shutil.move(built, target)
    edition = Edition(version, date, {str(p.relative_to(target)): store.sha256(p) for p in sorted(target.rglob("*")) if p.is_file()})
    write_manifest(project.editions_dir, [*store.editions(project.editions_dir), edition])
    committed = git(project.root, "add", "--", str(project.editions_dir)) is not None and git(
        project.root, "commit", "-q", "-m", f"Publish edition {version}", "--", str(project.editions_dir)
    ) is not None
    if not committed:
        raise EditionError(f"edition {version} is in {_shown(project, target)}/ but git could not commit it: commit {_shown(project, project.editions_dir)}/ yourself")
    return edition


def archive_tagged(project: Project, built: Path, tag_name: str) -> Edition:
    """Keep `built`, a site built by the tag's own checkout for its edition's address, as the edition the tag names
    (`v1.0.0` → 1.0.0), dated and with the data as of the tag: for an edition made before editions existed."""
    import yaml

    version = tag_name.removeprefix("v")
    if git(project.root, "rev-parse", "-q", "--verify", f"refs/tags/{tag_name}^{{commit}}") is None:
        raise EditionError(f"no tag {tag_name}: tag the commit the edition was built from (git tag -a {tag_name} COMMIT)")
    relative = project.data_dir.relative_to(project.root).as_posix()
    site = yaml.safe_load(git(project.root, "show", f"{tag_name}:{relative}/site.yaml") or "") or {}
    if str(site.get("version")) != version:
        raise EditionError(f"{tag_name}:{relative}/site.yaml says version {site.get('version')!r}, not {version}")
    published = store.editions(project.editions_dir)
    if any(e.version == version for e in published):
        raise EditionError(f"edition {version} is already published: a published edition never changes")
    return keep(project, built, version, dt.date.fromisoformat(str(site["date"])), tagged=tag_name)


def _extract(project: Project, tag_name: str, out: Path) -> None:
    """The data directory as of `tag_name`, written to `out`."""
    import io
    import subprocess
    import tarfile

    relative = project.data_dir.relative_to(project.root).as_posix()
    archive = subprocess.run(["git", "archive", tag_name, relative], cwd=project.root, capture_output=True, check=True).stdout
    with tempfile.TemporaryDirectory() as scratch, tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(scratch, filter="data")
        shutil.copytree(Path(scratch) / relative, out)


def write_manifest(directory: Path, editions: list[Edition]) -> None:
    records = [{"version": e.version, "date": e.date.isoformat(), "files": dict(sorted(e.files.items()))} for e in editions]
    text = json.dumps({"editions": records}, indent=1, ensure_ascii=False) + "\n"
    (directory / store.MANIFEST).write_text(text, encoding="utf-8")


def _shown(project: Project, path: Path) -> str:
    return str(path.relative_to(project.root)) if path.is_relative_to(project.root) else str(path)
