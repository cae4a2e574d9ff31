"""What only `mkdocs serve` does: watch the project, reuse unchanged renders, and keep serving past a data error.

A data error does not stall the server: it is printed with its location, and
the last good pages are served with the error shown on top of every page until
the data is fixed. Edits to the data, the project's templates and its
hand-written pages rebuild; the generator's own code is imported once, as MkDocs
imports every plugin once: restart `mkdocs serve` after editing it.
"""

from __future__ import annotations

import sys

from generator.errors import GeneratorError
from generator.project import Project
from generator.speed.rerender import PageRenders

WATCH_INTERVAL = 0.1
"""Seconds between two looks at the watched files."""


class Serving:
    """The state `mkdocs serve` keeps across rebuilds."""

    def __init__(self) -> None:
        self.renders = PageRenders()
        self.error: str | None = None
        """The data error that stopped the latest generation (the last good one is shown)."""

    def failed(self, err: GeneratorError) -> None:
        """Keep serving the last good pages, with `err` on top of each."""
        self.error = str(err)
        # Printed, not logged: strict mode would turn a logged error into an aborted (stalled) rebuild.
        print(f"ERROR   -  report generator: {err}\nINFO    -  Serving the last good build until this is fixed.", file=sys.stderr, flush=True)


def watch(server, project: Project) -> None:
    """Rebuild when the data or the project's templates change, looking ten times a second."""
    for path in dict.fromkeys([project.data_dir, *project.templates]):
        if path.exists():
            server.watch(str(path))
    # MkDocs polls the watched trees every half second, which an author waits for on every edit; looking ten times
    # a second costs a few hundred stat calls each time (watchdog's emitters keep the interval as `_timeout`).
    for emitter in getattr(server.observer, "emitters", ()):
        if isinstance(getattr(emitter, "_timeout", None), (int, float)):
            emitter._timeout = WATCH_INTERVAL
