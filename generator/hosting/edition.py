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
        raise EditionError(f"{project.root} is not a git checkout: an edition is published from a commit (git init; git add; git commit), then tagged")
    name = tag_name(project, version)
    if status:
        changed = ", ".join(line[3:] for line in status.splitlines()[:5])
        raise EditionError(f"not publishing {version}: the working tree has uncommitted changes ({changed}): commit them, so the tag {name} names exactly what the edition is built from")
    problems = store.altered(project.editions_dir)
    if problems:
        raise EditionError("not publishing: published editions differ from the manifest (restore them from git):\n" + "\n".join(f"  {p}" for p in problems))
    head = git(project.root, "rev-parse", "HEAD")
    tagged = git(project.root, "rev-parse", "-q", "--verify", f"refs/tags/{name}^{{commit}}")
    if tagged is not None and tagged != head:
        raise EditionError(f"tag {name} is at {tagged[:12]}, not at the commit checked out ({(head or '')[:12]}): check out {name} to rebuild it, or delete the tag if it was made by mistake")
    if tagged is not None and git(project.root, "cat-file", "-t", name) != "tag":
        raise EditionError(f"tag {name} is a lightweight tag: an edition's tag is annotated (git tag -d {name}; publishing makes it)")


def refuse_unpublished(project: Project, version: str) -> None:
    """Stop a deploy of version `version` before it is published: its citations point at `editions/X/`."""
    if not any(e.version == version for e in store.editions(project.editions_dir)):
        raise EditionError(
            f"not deploying: edition {version} ({project.data_dir.name}/site.yaml: version) is not published, and every citation "
            f"of the site points at its address, editions/{version}/: commit, run `report-site publish` (make publish), then deploy"
        )


def tag_name(project: Project, version: str) -> str:
    """The tag of edition `version`: `vX`, or `FOLDER/vX` for a project in a folder of its repository (as Go tags the
    modules of a repository), so that each report of one repository has its own editions."""
    top = git(project.root, "rev-parse", "--show-toplevel")
    folder = project.root.resolve().relative_to(Path(top).resolve()).as_posix() if top else "."
    return f"v{version}" if folder == "." else f"{folder}/v{version}"


def tag(project: Project, version: str, title: str) -> str:
    """Make the annotated tag of edition `version` at HEAD, unless it is there already (refuse_unpublishable checked
    where it points); its name."""
    name = tag_name(project, version)
    if git(project.root, "rev-parse", "-q", "--verify", f"refs/tags/{name}") is not None:
        return name
    if git(project.root, "tag", "-a", name, "-m", f"Edition {version} of {title}") is None:
        raise EditionError(f"git could not make the tag {name} (is user.name and user.email set? git config user.email you@example.org)")
    return name


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
        project.root, "commit", "-q", "-m", f"Publish edition {version} ({tag_name(project, version)})", "--", str(project.editions_dir)
    ) is not None
    if not committed:
        raise EditionError(f"edition {version} is in {_shown(project, target)}/ but git could not commit it: commit {_shown(project, project.editions_dir)}/ yourself")
    return edition


def archive_tagged(project: Project, built: Path, tagged: str) -> Edition:
    """Keep `built`, a site built by the tag's own checkout for its edition's address, as the edition the tag names
    (`v1.0.0` → 1.0.0), dated and with the data as of the tag: for an edition made before editions existed."""
    import yaml

    version = tagged.rpartition("/")[2].removeprefix("v")
    if git(project.root, "rev-parse", "-q", "--verify", f"refs/tags/{tagged}^{{commit}}") is None:
        raise EditionError(f"no tag {tagged}: tag the commit the edition was built from (git tag -a {tagged} COMMIT)")
    relative = project.data_dir.relative_to(project.root).as_posix()
    site = yaml.safe_load(git(project.root, "show", f"{tagged}:./{relative}/site.yaml") or "") or {}
    if str(site.get("version")) != version:
        raise EditionError(f"{tagged}:{relative}/site.yaml says version {site.get('version')!r}, not {version}")
    published = store.editions(project.editions_dir)
    if any(e.version == version for e in published):
        raise EditionError(f"edition {version} is already published: a published edition never changes")
    return keep(project, built, version, dt.date.fromisoformat(str(site["date"])), tagged=tagged)


def _extract(project: Project, tagged: str, out: Path) -> None:
    """The data directory as of the tag `tagged`, written to `out`."""
    import io
    import subprocess
    import tarfile

    relative = project.data_dir.relative_to(project.root).as_posix()
    archive = subprocess.run(["git", "archive", tagged, relative], cwd=project.root, capture_output=True, check=True).stdout
    with tempfile.TemporaryDirectory() as scratch, tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(scratch, filter="data")
        shutil.copytree(Path(scratch) / relative, out)


def write_manifest(directory: Path, editions: list[Edition]) -> None:
    records = [{"version": e.version, "date": e.date.isoformat(), "files": dict(sorted(e.files.items()))} for e in editions]
    text = json.dumps({"editions": records}, indent=1, ensure_ascii=False) + "\n"
    (directory / store.MANIFEST).write_text(text, encoding="utf-8")


def _shown(project: Project, path: Path) -> str:
    return str(path.relative_to(project.root)) if path.is_relative_to(project.root) else str(path)
