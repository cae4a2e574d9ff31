"""Who draws a build's charts, and vl-convert's engine in the process that does: given its fonts, and started.

Starting vl-convert's engine (a JavaScript runtime with Vega loaded into it) is the costliest step of a chart
worker's first drawing. It runs in a thread of its own, as vl-convert lets go of Python's interpreter lock while it
works, and the worker imports Altair meanwhile. A build that will draw every chart starts its worker before it has even
loaded its data (`drawing_ahead`, from the plugin's load_config), while MkDocs loads its configuration on one core and
the other is idle. So nothing here imports Altair, the generator's data model or vl-convert at module level: the worker
forks from a small process.
"""

from __future__ import annotations

import importlib
import threading

from generator.charts import fonts
from generator.charts.sketch import Sketch
from generator.model.load import records_listed
from generator.project import Project

from .cache import RenderCache
from .workers import Workers

_SECOND_WORKER = 15


def drawing_workers(charts: int) -> int | None:
    """How many worker processes draw a build's `charts` (None: one per core).

    A worker's start (Altair's import, vl-convert's engine) is taken from the process that derives and cites meanwhile:
    for a few charts one worker finishes first, for many, one per core (`make bench` measures both, bench/synthetic.py)."""
    return 1 if charts < _SECOND_WORKER else None


def prepare_drawing(workers: Workers, charts: int, cache: RenderCache) -> None:
    """Have each worker start (`start`) before any of the data's `charts` is asked for: when workers will draw them all
    (nothing is drawn yet), or will draw in every later build."""
    if workers.pool is None and charts and (workers.lasting or not cache.holds_any("chart")):
        for _ in range(workers.processes):
            workers.submit(start)


def drawing_ahead(project: Project) -> Workers | None:
    """The chart workers of a build that will draw every chart, started now (`prepare_drawing`'s rule); None for any
    other build. The charts are counted from charts.yaml alone, before the data is loaded or validated: a wrong count
    costs a worker started for nothing, or one fewer than the data asks for, and the scheduler draws with them all the
    same (and ends them)."""
    charts = records_listed(project.data_dir / "charts.yaml")
    workers = Workers(drawing_workers(charts))
    prepare_drawing(workers, charts, RenderCache(project.cache_dir / "render"))
    return workers if workers.pool is not None else None


def draw(sketch: Sketch, *args) -> dict:
    """charts.draw.draw, in the worker: Altair and vl-convert are imported there only, and the data model not at all."""
    from generator.charts import (
        draw as drawing,  # deferred: this module is imported before the worker forks, Altair only in it
    )

    return drawing.draw(sketch, *args)


def start() -> None:
    """Start vl-convert's engine with the smallest drawing (a process's first drawing pays for it), importing Altair
    and the drawing code meanwhile."""
    import vl_convert

    fonts.own_fonts()
    engine = threading.Thread(target=vl_convert.vegalite_to_svg, args=({"mark": "point", "data": {"values": [{}]}},), name="vl-convert start")
    engine.start()
    importlib.import_module("generator.charts.draw")  # Altair, while the engine starts
    engine.join()
