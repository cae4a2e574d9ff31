"""Slow, independent jobs of a build (drawing charts, bundling Vega, citing) in worker processes, while the build goes on.

The pool starts on the first job, one worker per core; on a single core a job
simply runs when it is submitted, and a build with nothing slow to do starts
no process at all. Workers are forked, inheriting the modules already
imported, when this process runs no thread but those of process pools (as
`mkdocs build` does, whose chart workers draw while its helpers start).
Forking a process that runs other threads (`mkdocs serve`'s server and file
watcher, a test's browser driver, vl-convert's engine once it has run) can
leave the child waiting forever on a lock one of them held: there the workers
come from a fork server, a clean process, and import what their jobs need
(the current code: never stale).

A worker belongs to its build: it ignores Ctrl-C (the build, in the same
process group, stops and ends it, so one interrupt prints no worker's
traceback), and it exits as soon as the build does, however the build ended
(SIGTERM from a CI timeout, SIGKILL): nothing else would, since a worker
waiting for its next job holds its own end of the pipe it waits on, and a
fork server waits for its workers.
"""

from __future__ import annotations

import concurrent.futures
import concurrent.futures.process
import multiprocessing
import os
import select
import signal
import sys
import threading
import time
from collections.abc import Callable


class Workers:
    def __init__(self, processes: int | None = None, lasting: bool = False, yielding: bool = False):
        """At most `processes` workers (one per core when None); `lasting` ones serve several builds (`mkdocs serve`);
        `yielding` ones run at a lower priority (nice 10), leaving the cores to the rest of the build while it needs them."""
        self.processes = min(processes or os.cpu_count() or 1, os.cpu_count() or 1)
        self.lasting = lasting
        self.yielding = yielding
        self.pool: concurrent.futures.ProcessPoolExecutor | None = None

    def submit(self, job: Callable, *args) -> concurrent.futures.Future:
        if (os.cpu_count() or 1) == 1:
            return run_here(job, *args)
        if self.pool is None:
            start = "fork" if _safe_to_fork() else "forkserver"
            context = multiprocessing.get_context(start)
            self.pool = concurrent.futures.ProcessPoolExecutor(
                self.processes, mp_context=context, initializer=start_worker, initargs=(os.getpid(), self.yielding)
            )
        return self.pool.submit(job, *args)

    def close(self, wait: bool) -> None:
        """End the workers: after their jobs (`wait`), or dropping the jobs not yet started."""
        if self.pool is not None:
            self.pool.shutdown(wait=wait, cancel_futures=not wait)
            self.pool = None

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc) -> None:
        if self.pool is not None:  # the jobs not started are dropped; those running end first, orphaning none
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None


def _safe_to_fork() -> bool:
    """Whether this process runs no thread but the main one and those of process pools: a pool's manager, waiting on its
    workers' pipes, and a queue's feeder, writing to them. Neither holds a lock a forked child takes: the child has
    pipes of its own, and once running they import nothing. Counted from /proc too, for threads Python did not start:
    vl-convert's JavaScript engine runs threads of its own once it has drawn or answered anything, and a child forked
    then waits forever."""
    others = [thread for thread in threading.enumerate() if thread is not threading.main_thread()]
    if not all(isinstance(thread, _POOL_MANAGER) or thread.name == "QueueFeederThread" for thread in others):
        return False
    try:
        return len(os.listdir("/proc/self/task")) == 1 + len(others)
    except FileNotFoundError:  # no /proc: native threads cannot be seen, so only a fork server is safe
        return False


_POOL_MANAGER = getattr(concurrent.futures.process, "_ExecutorManagerThread", ())
"""The class of a process pool's manager thread (in CPython since 3.9; none known otherwise: then no thread passes)."""


def start_worker(build: int, yielding: bool) -> None:
    """Make this process a worker of the `build` process: deaf to Ctrl-C, ended with the build, niced when `yielding`."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    end_with(build)
    if yielding:
        os.nice(10)


def end_with(build: int) -> None:
    """End this process when the `build` process ends, however it ends.

    A forked worker is the build's child: the kernel signals it when its parent ends (Linux's PR_SET_PDEATHSIG, which
    watches the thread that forked: the main one, as workers are forked only while no other thread of ours runs). A
    worker of a fork server is the server's child, and the server waits for its workers to end: a thread watches the
    build instead, as it does where the kernel cannot be asked."""
    if not (os.getppid() == build and _death_signal(signal.SIGKILL)):
        threading.Thread(target=_wait_for_end, args=(build,), name="build watch", daemon=True).start()
    if not _alive(build):  # it ended before the kernel or the thread was watching
        os._exit(1)


def _death_signal(signum: int) -> bool:
    """Have the kernel send `signum` to this process when its parent ends; whether it could be asked."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        return libc.prctl(_PR_SET_PDEATHSIG, signum, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


_PR_SET_PDEATHSIG = 1
"""prctl's option (linux/prctl.h)."""

WATCH_INTERVAL = 0.2
"""Seconds between two looks at the build, where the kernel cannot tell when it ends."""


def _wait_for_end(build: int) -> None:
    """Exit this process once `build` has ended."""
    try:
        handle = os.pidfd_open(build)  # Linux 5.3+: readable once the process has ended
    except (AttributeError, OSError):
        while _alive(build):
            time.sleep(WATCH_INTERVAL)
    else:
        select.select([handle], [], [])
    os._exit(1)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, owned by another user
        return True
    return True


def run_here(job: Callable, *args) -> concurrent.futures.Future:
    """A job run now, in this process, as a finished future (its exception kept for the result, as a worker's would be)."""
    future: concurrent.futures.Future = concurrent.futures.Future()
    try:
        future.set_result(job(*args))
    except Exception as err:  # noqa: BLE001 - raised by future.result(), where a worker's would be
        future.set_exception(err)
    return future
