"""Slow, independent jobs of a build (drawing charts, bundling Vega) in worker processes, while the build goes on.

The pool starts on the first job, one worker per core, forked so the workers
inherit the modules already imported; on a single core a job simply runs when
it is submitted. A build with nothing slow to do starts no process at all.
"""

from __future__ import annotations

import concurrent.futures
import multiprocessing
import os
from collections.abc import Callable


class Workers:
    def __init__(self):
        self.pool: concurrent.futures.ProcessPoolExecutor | None = None

    def submit(self, job: Callable, *args) -> concurrent.futures.Future:
        if (os.cpu_count() or 1) == 1:
            return _done(job, *args)
        if self.pool is None:
            self.pool = concurrent.futures.ProcessPoolExecutor(os.cpu_count(), mp_context=multiprocessing.get_context("fork"))
        return self.pool.submit(job, *args)

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)


def run_here(job: Callable, *args) -> concurrent.futures.Future:
    """A job run now, in this process, as a finished future."""
    return _done(job, *args)


def _done(job: Callable, *args) -> concurrent.futures.Future:
    future: concurrent.futures.Future = concurrent.futures.Future()
    try:
        future.set_result(job(*args))
    except Exception as err:  # noqa: BLE001 - handed to whoever asks for the result, as a worker's would be
        future.set_exception(err)
    return future
