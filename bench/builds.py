"""Cold, warm and edit builds of a project copy, and plain MkDocs on the same tree, round by round.

Each round runs every scenario once, in the same order, so a ratio taken
within a round compares builds that met the same load on a noisy machine:
- cold: the site, the staging dir, .cache/ and jieba's cache removed;
- warm: again, nothing changed;
- edit: one fact's label changed (alternating between two values, so every
  round changes something), checked to show in the built page;
- plain, plain without search: `mkdocs build` of the plain baseline (bench/plain.py),
  its tree rendered once, in the first round, after the edit build.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from edits import BUILD_WORDS, FactLabel
from project_copy import bench_env, clear_build_state, timed_mkdocs

SCENARIOS = ("cold", "warm", "edit", "plain", "plain without search")


def measure_builds(project: Path, tmp: Path, plain: Path, rounds: int) -> dict[str, list[float]]:
    """Seconds per scenario, one entry per round."""
    label = FactLabel(project)
    times: dict[str, list[float]] = {name: [] for name in SCENARIOS}
    for round_ in range(rounds):
        clear_build_state(project, tmp)
        times["cold"].append(timed_mkdocs(project, tmp, "build"))
        times["warm"].append(timed_mkdocs(project, tmp, "build"))
        word = BUILD_WORDS[round_ % len(BUILD_WORDS)]
        label.write(word)
        times["edit"].append(timed_mkdocs(project, tmp, "build"))
        built = (project / "site" / label.page / "index.html").read_text(encoding="utf-8")
        if f"edited {word}" not in built:
            raise RuntimeError(f"the edit build did not show the edited label ({label.text(word)!r}) on {label.page}/")
        if not plain.exists():
            _write_plain(project, plain, tmp)
        times["plain"].append(timed_mkdocs(plain, tmp, "build", "-f", "mkdocs.yml"))
        times["plain without search"].append(timed_mkdocs(plain, tmp, "build", "-f", "mkdocs-no-search.yml"))
    return times


def _write_plain(project: Path, plain: Path, tmp: Path) -> None:
    script = Path(__file__).with_name("plain.py")
    result = subprocess.run(
        [sys.executable, str(script), "--project", str(project), "--out", str(plain)], cwd=project, env=bench_env(tmp), capture_output=True, text=True
    )
    if result.returncode != 0:
        raise RuntimeError(f"bench/plain.py could not write the plain baseline:\n{result.stdout}{result.stderr}")
