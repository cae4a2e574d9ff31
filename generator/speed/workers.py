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
"""

from __future__ import annotations

import concurrent.futures
import concurrent.futures.process
import multiprocessing
import os
import threading
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
            self.pool = concurrent.futures.ProcessPoolExecutor(self.processes, mp_context=context, initializer=_yield if self.yielding else None)
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


def _yield() -> None:
    os.nice(10)


def run_here(job: Callable, *args) -> concurrent.futures.Future:
    """A job run now, in this process, as a finished future (its exception kept for the result, as a worker's would be)."""
    future: concurrent.futures.Future = concurrent.futures.Future()
    try:
        future.set_result(job(*args))
    except Exception as err:  # noqa: BLE001 - raised by future.result(), where a worker's would be
        future.set_exception(err)
    return future
