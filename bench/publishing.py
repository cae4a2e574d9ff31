"""Publishing an edition, beside the cold build of the latest site, round by round.

Each round, in a git repository of its own holding the project's files and its editions:
- cold build with the editions store (the latest site, which links every published edition in);
- cold build with no store: what the same site costs without editions;
- publish: `report-site publish` of the next version (site.yaml's patch number raised and committed),
  which tags, builds the site for editions/X/, freezes it and commits it.
"Publishing must not slow the latest build" is the ratio of the first two.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

from project_copy import PROJECT_FILES, ROOT, bench_env, clear_build_state, run, timed_mkdocs

SCENARIOS = ("cold with editions", "cold without editions", "publish")
GIT = {"GIT_AUTHOR_NAME": "Bench", "GIT_AUTHOR_EMAIL": "bench@example.org", "GIT_COMMITTER_NAME": "Bench", "GIT_COMMITTER_EMAIL": "bench@example.org"}
VERSION = re.compile(r'^version: "(\d+)\.(\d+)\.(\d+)"$', re.M)


def measure_publishing(work: Path, tmp: Path, rounds: int) -> dict[str, list[float]]:
    """Seconds per scenario, one entry per round."""
    project = _repository(work / "publishing")
    env = {**bench_env(tmp), **GIT}
    times: dict[str, list[float]] = {name: [] for name in SCENARIOS}
    stored = project / "editions"
    for _ in range(rounds):
        clear_build_state(project, tmp)
        times["cold with editions"].append(timed_mkdocs(project, tmp, "build"))
        shutil.move(stored, work / "editions-aside")
        clear_build_state(project, tmp)
        times["cold without editions"].append(timed_mkdocs(project, tmp, "build"))
        shutil.move(work / "editions-aside", stored)
        _raise_version(project, env)
        start = time.perf_counter()
        run([sys.executable, "-m", "generator", "publish"], cwd=project, env=env)
        times["publish"].append(time.perf_counter() - start)
    return times


def _repository(dest: Path) -> Path:
    """The project's files and editions, committed in a new repository (publishing needs a clean tree)."""
    dest.mkdir(parents=True)
    for name in (*PROJECT_FILES, "editions"):
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        elif source.exists():
            shutil.copy2(source, dest / name)
    (dest / "vendor").symlink_to(ROOT / "vendor", target_is_directory=True)
    (dest / ".gitignore").write_text("site/\n.site.building/\n.site.previous/\n.cache/\nvendor\n", encoding="utf-8")
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "The report"]):
        run(["git", *command], cwd=dest, env={**bench_env(dest), **GIT})
    return dest


def _raise_version(project: Path, env: dict[str, str]) -> None:
    site = project / "data" / "site.yaml"
    text = site.read_text(encoding="utf-8")
    site.write_text(VERSION.sub(lambda m: f'version: "{m[1]}.{m[2]}.{int(m[3]) + 1}"', text, count=1), encoding="utf-8")
    subprocess.run(["git", "commit", "-q", "-am", "Next version"], cwd=project, env=env, check=True)
