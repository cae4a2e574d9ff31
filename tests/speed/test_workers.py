"""The chart workers belong to their build: Ctrl-C is the build's to handle, and a worker ends when its parent does."""

from __future__ import annotations

import signal
import subprocess
import sys
import time

import pytest

from conftest import BUILD_DEADLINE, ENV, REPORTS, ROOT, copy_project, descendants, end_group, running_processes

ORPHAN_DEADLINE = 1.0
"""Seconds a worker may outlive its parent."""

WORKERS = """
import sys, time
from generator.speed import workers
if sys.argv[1] == "forkserver":
    workers._safe_to_fork = lambda: False
if sys.argv[2] != "kernel":  # a thread watching the build, as where the kernel cannot be asked
    workers._death_signal = lambda signum: False
if sys.argv[2] == "poll":  # and without pidfd: a look every WATCH_INTERVAL
    del workers.os.pidfd_open
pool = workers.Workers(2)
busy = pool.submit(time.sleep, 600)
pool.submit(abs, 1).result()  # the other worker, or this one, then waits for a job
print("ready", flush=True)
time.sleep(600)
"""


def _children_once(process: subprocess.Popen, count: int) -> list[int]:
    """The pids of `process`'s descendants, once there are at least `count`."""
    deadline = time.monotonic() + BUILD_DEADLINE
    while len(found := descendants(process.pid)) < count:
        assert process.poll() is None and time.monotonic() < deadline, f"never {count} workers: {process.communicate()}"
        time.sleep(0.05)
    return [p.pid for p in found]


def _assert_end_with(process: subprocess.Popen, workers: list[int], sig: signal.Signals) -> None:
    process.send_signal(sig)
    process.wait(timeout=BUILD_DEADLINE)
    deadline = time.monotonic() + ORPHAN_DEADLINE
    while (left := [pid for pid in workers if pid in running_processes()]) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not left, f"{len(left)} of {len(workers)} workers outlived their parent by {ORPHAN_DEADLINE} s: {left}"


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL], ids=["SIGTERM", "SIGKILL"])
@pytest.mark.parametrize(("start", "watch"), [("fork", "kernel"), ("fork", "pidfd"), ("fork", "poll"), ("forkserver", "pidfd")])
def test_a_worker_ends_within_a_second_of_its_build(sig, start, watch):
    """Forked workers, told by the kernel or watching the build; a fork server's (whose server waits for them)."""
    process = subprocess.Popen([sys.executable, "-c", WORKERS, start, watch], cwd=ROOT, env=ENV, stdout=subprocess.PIPE, text=True, start_new_session=True)
    try:
        assert process.stdout.readline() == "ready\n"
        workers = _children_once(process, 2)
        _assert_end_with(process, workers, sig)
    finally:
        end_group(process, grace=0)


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL], ids=["SIGTERM", "SIGKILL"])
def test_a_build_stopped_from_outside_leaves_no_worker(sig, tmp_path):
    """As a CI timeout (SIGTERM) or the kernel (SIGKILL) stops a build while its chart workers draw."""
    project = copy_project(tmp_path / "project", REPORTS["deepseek"])
    process = subprocess.Popen([sys.executable, "-m", "mkdocs", "build"], cwd=project, env=ENV,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        workers = _children_once(process, 1)
        _assert_end_with(process, workers, sig)
    finally:
        end_group(process, grace=0)
