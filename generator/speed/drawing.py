"""Drawing a build's charts in worker processes, kept by what they show, while the build goes on.

A chart's drawings are kept in the render cache under a key made of its
drawing order (its Sketch, the report's colours, a map's country codes), the
drawing code and the renderers' versions, computed before Altair is imported:
a build in which no chart changed imports neither Altair nor vl-convert, and
an edit redraws only the charts it touched. The pages are written, and
converted by MkDocs, before the drawings are done: `PlaceholderSizes` puts a
placeholder where each drawing's size goes, filled once they are.
"""

from __future__ import annotations

import concurrent.futures
import functools
import hashlib
import importlib.metadata
import importlib.util
import itertools
import json
import re
import secrets
from dataclasses import replace
from pathlib import Path

from generator.charts.sketch import LAYOUTS, Sketch
from generator.charts.views import VARIANTS, Charts, ChartView, charts_from_drawings, drawing_orders
from generator.derive.report import Report
from generator.model.chart_kinds import chart_kinds

from . import engine
from .cache import RenderCache
from .workers import Workers


class WorkerDrawing:
    """Charts being drawn: those the cache lacks, by `workers`; `result()` waits for them."""

    def __init__(self, report: Report, views: dict[str, ChartView], cache: RenderCache, vendor_dir: Path | None, workers: Workers):
        self.views, self.cache = views, cache
        orders = drawing_orders(report, views)
        code = _drawing_code()
        self.keys = {chart_id: _key(code, *order, vendor_dir) for chart_id, order in orders.items()}
        self.drawn = {chart_id: cache.lookup("chart", key) for chart_id, key in self.keys.items()}
        missing = [chart_id for chart_id, drawn in self.drawn.items() if drawn is None]
        # Always by a worker, even for one chart: its start goes on while this process cites, writes the pages and has
        # MkDocs convert them. Ready workers (`mkdocs serve`) draw a chart's layouts apart: an edit usually redraws a
        # chart or two, and its author waits for the slowest.
        parts = [(name,) for name in LAYOUTS] if workers.lasting else [tuple(LAYOUTS)]
        self.pending: dict[str, list[concurrent.futures.Future]] = {
            chart_id: [workers.submit(engine.draw, *orders[chart_id], vendor_dir, layouts) for layouts in parts] for chart_id in missing
        }

    def result(self) -> Charts:
        for chart_id, futures in self.pending.items():
            drawn: dict = {"svg": {}, "spec": {}}
            for part in (future.result() for future in futures):
                drawn["svg"].update(part.pop("svg"))
                drawn["spec"].update(part.pop("spec"))
                drawn.update(part)
            self.drawn[chart_id] = json.dumps(drawn, sort_keys=True, ensure_ascii=False).encode("utf-8")
            self.cache.store("chart", self.keys[chart_id], self.drawn[chart_id])
        return charts_from_drawings(self.views, {chart_id: json.loads(drawn) for chart_id, drawn in self.drawn.items()})


class PlaceholderSizes:
    """A drawing whose pages are written, and converted by MkDocs, while it goes on: `views` has a placeholder for each
    size a drawing will have, and `undrawn` names the chart files; `result()` waits for them, and `fill()` then puts
    each size in place of its placeholder."""

    def __init__(self, drawing: WorkerDrawing):
        self.drawing = drawing
        # Random, so no text of the data can hold it; every one is filled before anything is written.
        placeholder = f"drawn-size-{secrets.token_hex(8)}-"
        self._pattern = re.compile(re.escape(placeholder) + r"\d+")
        numbered = itertools.count()
        self.views = {
            chart_id: replace(view, sizes={variant: (f"{placeholder}{next(numbered)}", f"{placeholder}{next(numbered)}") for variant in VARIANTS})
            for chart_id, view in drawing.views.items()
        }
        self.undrawn = sorted(path for view in drawing.views.values() for path in view.files.values())
        self._values: dict[str, str] = {}

    def result(self) -> dict[str, bytes]:
        """The chart files (docs path → content), once drawn."""
        charts = self.drawing.result()
        self._values = {
            text: str(size)
            for chart_id, view in self.views.items()
            for variant, texts in view.sizes.items()
            for text, size in zip(texts, charts.views[chart_id].sizes[variant], strict=True)
        }
        return charts.files

    def fill(self, text: str) -> str:
        """`text` with each placeholder replaced by the size it stands for (after `result()`)."""
        return self._pattern.sub(lambda match: self._values[match.group()], text)


def draw_with_cache(report: Report, views: dict[str, ChartView], vendor_dir: Path | None, cache: RenderCache) -> Charts:
    """Every chart, with its files: from the cache, or drawn by workers of this call's own."""
    with Workers() as workers:
        return WorkerDrawing(report, views, cache, vendor_dir, workers).result()


_CODE = ("charts/views.py", "charts/rows.py", "charts/draw.py", "charts/fonts.py", "charts/sketch.py", "charts/theme.py", "charts/geo.py", "charts/vendor.json")


@functools.cache  # the code this process runs, read once: `mkdocs serve` too imports the generator once
def _drawing_code() -> str:
    """The drawing code and the renderers' versions, as a hash."""
    package = Path(__file__).resolve().parent.parent
    versions = [importlib.metadata.version(name).encode() for name in ("altair", "vl-convert-python")]
    return hashlib.sha256(b"\0".join([*versions, *((package / name).read_bytes() for name in _CODE), *_outside_drawing_code()])).hexdigest()


def _outside_drawing_code() -> list[bytes]:
    """The source of each drawing module another package declares a chart kind with (found, not imported)."""
    modules = sorted({kind.draw.partition(":")[0] for kind in chart_kinds().values()} - {"generator.charts.draw"})
    return [Path(importlib.util.find_spec(module).origin).read_bytes() for module in modules]


def _key(code: str, sketch: Sketch, colours: dict[str, int], codes: dict[str, str], vendor_dir: Path | None) -> str:
    """What a chart's drawings depend on: its Sketch (all the drawing reads of it), its colours, the drawing code (and a
    map's shapes)."""
    shown = repr((sketch, sorted(colours.items()), sorted(codes.items())))
    return json.dumps([code, shown, str(vendor_dir) if codes else ""])
