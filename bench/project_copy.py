"""Throw-away copies of the project to build in, and timed `mkdocs` runs in them.

A copy is the project alone, as a report's author has it: its git history
(page dates come from the log of the data files, so the clone checks out
nothing) and the working tree's data, docs, mkdocs.yml and permalink
ledger, uncommitted edits included. It has no generator/ (which would shadow
the installed one for `python -m generator` run in it) and no templates/:
the packaged defaults (this checkout's `templates/`, installed with the
generator) are its templates, as in this repository. The user's site/ and
.cache/ are never read or written.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent  # not resolved: the venv's python is a symlink to the system one
MKDOCS = VENV_BIN / "mkdocs"
PROJECT_FILES = ("data", "docs", "mkdocs.yml", "permalinks.txt")
BUILD_DEADLINE = 600  # seconds: a hung build fails the bench instead of stalling it


def bench_env(tmp: Path) -> dict[str, str]:
    """The environment of every run: a private temp dir, so jieba's cache (tempfile.gettempdir()) is ours to delete."""
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true", "TMPDIR": str(tmp)}


def copy_project(dest: Path) -> Path:
    """The project's history and its working tree's data, docs and configuration, in `dest`."""
    run(["git", "clone", "--quiet", "--no-checkout", str(ROOT), str(dest)], cwd=ROOT, env=os.environ)
    for name in PROJECT_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, dest / name)
    vendor = ROOT / "vendor"
    if not (vendor / ".fetched").exists():
        raise SystemExit(f"{vendor} is not fetched: run `make vendor` (make bench does) first")
    (dest / "vendor").symlink_to(vendor, target_is_directory=True)
    return dest


def clear_build_state(project: Path, tmp: Path) -> None:
    """Remove everything a build reuses: the site, the staging dir, `.cache/` (any jieba cache in it too) and jieba's own cache."""
    for name in ("site", ".site.building", ".site.previous", ".cache"):
        shutil.rmtree(project / name, ignore_errors=True)
    for cache in tmp.glob("jieba*.cache"):  # jieba writes it in tempfile.gettempdir(), which bench_env points at `tmp`
        cache.unlink()


class Timeout(RuntimeError):
    """A command ran past its deadline (and was stopped)."""


def timed_mkdocs(project: Path, tmp: Path, *args: str, timeout: float = BUILD_DEADLINE) -> float:
    """Run `mkdocs ARGS` in `project` (cwd) and return its wall time in seconds."""
    start = time.perf_counter()
    run([str(MKDOCS), *args], cwd=project, env=bench_env(tmp), timeout=timeout)
    return time.perf_counter() - start


def run(command: list[str], cwd: Path, env: dict[str, str], timeout: float = BUILD_DEADLINE) -> subprocess.CompletedProcess:
    """Run `command`; on failure raise an error naming it, with its output."""
    result = run_group(command, cwd, env, timeout)
    if result.returncode != 0:
        raise RuntimeError(f"`{' '.join(command)}` in {cwd} failed ({result.returncode}):\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return result


def run_group(command: list[str], cwd: Path, env: dict[str, str], timeout: float) -> subprocess.CompletedProcess:
    """Run `command` in a process group of its own, and end the whole group when it is done or past `timeout` (raising Timeout).

    A build draws charts in worker processes: killing the build alone would leave them drawing, orphaned,
    slowing every later measurement."""
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        end_group(process)
        process.communicate()
        raise Timeout(f"`{' '.join(command)}` in {cwd} did not finish within {timeout:.0f} s") from None
    end_group(process)
    return subprocess.CompletedProcess(command, process.returncode, stdout, stderr)


def end_group(process: subprocess.Popen, grace: float = 0) -> None:
    """End every process of `process`'s group (started with start_new_session): SIGTERM and `grace` seconds to exit, then SIGKILL."""
    if grace:
        _signal_group(process, signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=grace)
    _signal_group(process, signal.SIGKILL)
    process.wait()


def _signal_group(process: subprocess.Popen, sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError):  # the group is gone already
        os.killpg(process.pid, sig)
