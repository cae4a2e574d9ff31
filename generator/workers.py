"""Slow, independent jobs of a build (drawing charts, bundling Vega, citing) in worker processes, while the build goes on.

The pool starts on the first job, one worker per core; on a single core a job
simply runs when it is submitted, and a build with nothing slow to do starts
no process at all. Workers are forked, inheriting the modules already
imported, when this process runs a single thread, as `mkdocs build` does.
Forking a process that runs other threads (`mkdocs serve`'s server and file
watcher, a test's browser driver) can leave the child waiting forever on a
lock one of them held: there the workers come from a fork server, a clean
process, and import what their jobs need (the current code: never stale).
"""

from __future__ import annotations

import concurrent.futures
import multiprocessing
import os
import threading
from collections.abc import Callable


class Workers:
    def __init__(self):
        self.pool: concurrent.futures.ProcessPoolExecutor | None = None

    def submit(self, job: Callable, *args) -> concurrent.futures.Future:
        if (os.cpu_count() or 1) == 1:
            return run_here(job, *args)
        if self.pool is None:
            start = "fork" if threading.active_count() == 1 else "forkserver"
            self.pool = concurrent.futures.ProcessPoolExecutor(os.cpu_count(), mp_context=multiprocessing.get_context(start))
        return self.pool.submit(job, *args)

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)


def run_here(job: Callable, *args) -> concurrent.futures.Future:
    """A job run now, in this process, as a finished future (its exception kept for the result, as a worker's would be)."""
    future: concurrent.futures.Future = concurrent.futures.Future()
    try:
        future.set_result(job(*args))
    except Exception as err:  # noqa: BLE001 - raised by future.result(), where a worker's would be
        future.set_exception(err)
    return future
