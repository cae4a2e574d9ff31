"""The one scheduler of every speed-up, owned by the MkDocs plugin: what runs early, in parallel or not at all.

- A build in which nothing the generator reads has changed takes the output
  kept for its inputs (kept.py) and imports none of the pipeline.
- A build that will draw every chart starts its chart workers while MkDocs
  still loads its configuration (engine.drawing_ahead); under `mkdocs serve`
  chart workers stay ready between rebuilds.
- The pages are written, and converted by MkDocs, while the charts are
  drawn: their sizes are placeholders until `Underway.finished()`
  (drawing.py).
- While MkDocs renders the pages, helper workers compress the files already
  known and index the converted pages for search (compress.py,
  search_index.py).

What is built is the pipeline's alone (generator/pipeline.py): with these or
without, the same bytes.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from generator.generated import Generated
from generator.model.load import records_listed
from generator.project import Project

from . import compress, search_index
from .cache import RenderCache
from .engine import drawing_ahead, drawing_workers, prepare_drawing
from .kept import inputs_key, keep, kept
from .workers import Workers

if TYPE_CHECKING:  # what the pipeline makes: a build in which nothing changed imports none of it
    from generator.charts.views import Charts, ChartView
    from generator.derive.report import Report

    from .drawing import PlaceholderSizes


class Underway:
    """The generator's output while its charts are being drawn, or a kept one, finished already.

    `generated` is whole but for the drawings: its pages hold a placeholder where a chart's drawn size goes, and the
    chart files, named in `undrawn`, are not in its files yet. `finished()` waits for the drawings and returns the whole
    output, placeholders filled: the same bytes as `pipeline.generate()`. Meanwhile MkDocs converts the pages; `fill()`
    then puts the sizes into their HTML.
    """

    def __init__(
        self,
        generated: Generated,
        drawings: PlaceholderSizes | None = None,
        ending: contextlib.ExitStack | None = None,
        then: Callable[[Generated], None] | None = None,
    ):
        """`ending` closes the workers making the `drawings`, once they are done; `then` is given the finished output."""
        self.generated = generated
        self.undrawn = drawings.undrawn if drawings is not None else []
        self._drawings, self._ending, self._then = drawings, ending or contextlib.ExitStack(), then
        self._finished = None if drawings is not None else generated

    def finished(self) -> Generated:
        if self._finished is None:
            assert self._drawings is not None
            with self._ending:
                drawings = self._drawings.result()
            assert sorted(drawings) == self.undrawn, "drawn files differ from the ones announced"
            files = {path: self.fill(content.decode("utf-8")).encode("utf-8") if path.endswith(".md") else content for path, content in self.generated.files.items()}
            self._finished = replace(self.generated, files=dict(sorted({**files, **drawings}.items())))
            if self._then is not None:
                self._then(self._finished)
        return self._finished

    def fill(self, text: str) -> str:
        """`text` with each size placeholder replaced by its value (once `finished()`)."""
        return self._drawings.fill(text) if self._drawings is not None else text

    def abandon(self) -> None:
        """End the drawing workers (the build stopped before it needed them)."""
        self._ending.close()


class _DrawnLater:
    """The pipeline's chart drawer for a scheduled build: the charts go to workers, the views get placeholder sizes."""

    def __init__(self, cache: RenderCache, workers: Workers):
        self.cache, self.workers = cache, workers
        self.later: PlaceholderSizes | None = None

    def __call__(self, report: Report, views: dict[str, ChartView], vendor_dir: Path) -> Charts:
        from generator.charts.views import Charts

        from .drawing import PlaceholderSizes, WorkerDrawing

        self.later = PlaceholderSizes(WorkerDrawing(report, views, self.cache, vendor_dir, self.workers))
        return Charts(self.later.views, {})


def start(project: Project, draft: bool, workers: Workers | None = None, ahead: Workers | None = None, reuse: bool = True) -> Underway:
    """The output for the project's inputs as they are now: the one kept (unless not to `reuse` it), or one being made
    (kept once finished).

    Charts are drawn by `workers` when given (ones that outlast this build, as under `mkdocs serve`), else by `ahead`
    (this build's own, started already) or by workers of this build's own, which end once the charts are drawn."""
    key = inputs_key(project, draft)
    generated = kept(project, key) if reuse else None
    if generated is not None:
        if ahead is not None:
            ahead.close(wait=False)
        return Underway(generated)
    from generator.pipeline import Speedups, generate  # deferred: the whole generator, only when something changed

    with contextlib.ExitStack() as ending:  # this build's own workers end once the charts are drawn, or on an error
        if ahead is not None:
            ending.enter_context(ahead)
        cache = RenderCache(project.cache_dir / "render")
        workers = workers or ahead
        if workers is None or workers.pool is None:  # workers still to start: how many, and whether now, by charts.yaml
            charts = records_listed(project.data_dir / "charts.yaml")
            if workers is None:
                workers = ending.enter_context(Workers(drawing_workers(charts)))
            prepare_drawing(workers, charts, cache)
        drawer = _DrawnLater(cache, workers)
        generated = generate(project, draft, Speedups(memo=cache, draw=drawer, compiled=project.cache_dir / "jinja"))
        return Underway(generated, drawer.later, ending.pop_all(), functools.partial(keep, project, key))


def up_to_date(project: Project, draft: bool = False, reuse: bool = True) -> Generated:
    """The output for the project's inputs as they are now: the one kept (unless not to `reuse` it), or a fresh one
    (then kept)."""
    return start(project, draft, reuse=reuse).finished()


class Scheduler:
    """Workers and caches across the MkDocs events of one build, or of every rebuild under `mkdocs serve`."""

    def __init__(self) -> None:
        self.serving = False
        self.underway: Underway | None = None
        """While `mkdocs build` runs, until the pages are converted: the output whose charts are being drawn."""
        self.ahead: Workers | None = None
        """From loading the configuration to generating, in a build that will draw every chart: its chart workers."""
        self._drawing: Workers | None = None
        """While serving: the chart workers, ready for the next edit."""
        self._helpers: Workers | None = None
        """While `mkdocs build` runs: the workers compressing files and indexing pages."""
        self._compressed: RenderCache | None = None
        self._indexing: Future | None = None

    def draw_ahead(self, project: Project) -> None:
        """Start the chart workers of a build that will draw every chart (never under serve: its own outlast builds)."""
        if not self.serving and self.ahead is None:
            self.ahead = drawing_ahead(project)

    def serve(self) -> None:
        """Serve from now on: chart workers that outlast each rebuild, and search entries reused for unchanged pages."""
        self.serving = True
        search_index.reuse_entries()
        self._close_ahead()

    def generate(self, project: Project, draft: bool) -> Generated:
        """The output for `project`; while building a site its charts may still be drawn (`underway`, until `drawn`)."""
        if self.serving and self._drawing is None:
            self._drawing = Workers(lasting=True)
        ahead, self.ahead = self.ahead, None
        underway = start(project, draft, self._drawing, ahead)
        if self.serving:  # ready workers draw an edit's charts quickly; serve's pages are whole
            return underway.finished()
        self.underway = underway
        return underway.generated

    def drawn(self) -> Underway | None:
        """Wait for the charts drawn while MkDocs converted the pages: the output, finished (None if it was already)."""
        underway, self.underway = self.underway, None
        if underway is not None:
            underway.finished()
        return underway

    def start_helpers(self, project: Project) -> None:
        """Have two workers compress and index while MkDocs renders; both yield to the chart worker a cold build waits
        for (with it, there are more processes than cores until the charts are drawn)."""
        self._helpers = Workers(processes=2, yielding=True)
        self._compressed = RenderCache(project.cache_dir / "compressed")

    @property
    def compressed(self) -> RenderCache | None:
        """The compressed files made ahead, for the hosting step (None: none were)."""
        return self._compressed

    def compress_ahead(self, contents: list[bytes]) -> None:
        if self._helpers is not None and self._compressed is not None:
            compress.compress_ahead(contents, self._compressed, self._helpers)

    def compress_page_ahead(self, html: str, site: Path, path: str) -> None:
        if self._helpers is not None and self._compressed is not None:
            compress.compress_page_ahead(html, site, path, self._compressed, self._helpers)

    def index_ahead(self, search, pages: list) -> None:
        """Have a helper index the converted `pages` for the search plugin `search`, while the theme renders them."""
        if self._helpers is not None and search is not None and search.config.enabled:
            self._indexing = search_index.index_ahead(search, pages, self._helpers)

    def fill_index(self, search) -> None:
        """Put the helper's index entries where the search plugin noted each page's place."""
        if self._indexing is not None:
            search_index.fill(search, self._indexing)
            self._indexing = None

    def stop_helpers(self, wait: bool) -> None:
        if self._helpers is not None:
            self._helpers.close(wait=wait)
            self._helpers = None
        self._indexing = None

    def abandon(self) -> None:
        """The build failed: end its helpers and its chart workers."""
        self.stop_helpers(wait=False)
        if self.underway is not None:
            self.underway.abandon()
            self.underway = None

    def close(self) -> None:
        """End every worker (MkDocs is shutting down)."""
        self._close_ahead()
        if self._drawing is not None:
            self._drawing.close(wait=False)
            self._drawing = None

    def _close_ahead(self) -> None:
        if self.ahead is not None:
            self.ahead.close(wait=False)
            self.ahead = None
