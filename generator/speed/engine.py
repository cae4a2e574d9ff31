"""Who draws a build's charts, and vl-convert's engine in the process that does: given its fonts, and started.

The engine's start is the costliest step of a chart worker's first drawing (0.35 s of CPU: vl-convert starts a
JavaScript runtime and loads Vega into it). It runs in a thread of its own, as vl-convert lets go of Python's interpreter
lock while it works, and the worker imports Altair meanwhile. A build that will draw every chart starts its worker
before it has even loaded its data (`drawing_ahead`, from the plugin's load_config): a fifth of a second earlier, while
MkDocs loads its configuration on one core and the other is idle. So nothing here imports Altair, the generator's data
model or vl-convert at module level: the worker forks from a small process.
"""

from __future__ import annotations

import functools
import importlib
import tempfile
import threading
from pathlib import Path
from xml.sax.saxutils import escape

from .cache import RenderCache
from generator.environment import setting
from generator.model.load import records_listed
from generator.project import Project
from generator.charts.sketch import Sketch
from .workers import Workers

_SECOND_WORKER = 15


def drawing_workers(charts: int) -> int | None:
    """How many worker processes draw a build's `charts` (None: one per core).

    A worker's start (Altair's import, vl-convert's engine: about a second of CPU) is taken from the process that
    derives and cites meanwhile. With this report's 10 charts one worker made the cold build 0.4 s faster than two; with
    20 charts (bench/synthetic.py, 2x) two were 0.4 s faster, with 100 charts 3.7 s."""
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
    costs a worker started for nothing, or one fewer than the data asks for, and `build.start` draws with them all the
    same (and ends them)."""
    charts = records_listed(project.data_dir / "charts.yaml")
    workers = Workers(drawing_workers(charts))
    prepare_drawing(workers, charts, RenderCache(project.cache_dir / "render"))
    return workers if workers.pool is not None else None


def draw(sketch: Sketch, *args) -> dict:
    """chart_render.draw, in the worker: Altair and vl-convert are imported there only, and the data model not at all."""
    from generator.charts import draw as chart_render

    return chart_render.draw(sketch, *args)


def start() -> None:
    """Start vl-convert's engine with the smallest drawing (a process's first drawing pays for it), importing Altair
    and the drawing code meanwhile."""
    import vl_convert

    own_fonts()
    engine = threading.Thread(target=vl_convert.vegalite_to_svg, args=({"mark": "point", "data": {"values": [{}]}},), name="vl-convert start")
    engine.start()
    importlib.import_module("generator.charts.draw")  # Altair, while the engine starts
    engine.join()


@functools.cache
def own_fonts() -> None:
    """Have vl-convert measure and draw text in the Liberation Sans it is built with, and in Noto Sans CJK for Chinese.

    vl-convert's font database (fontdb) takes every font fontconfig lists, once per process, and opens and maps a font
    file again for each glyph it measures: 130 opens of the system's LiberationSans-Regular.ttf per axis label, and a
    sixth of the time this report's charts took to draw (1.9 s, now 1.6 s). The Liberation Sans compiled into
    vl-convert is in memory, and is the same font (it draws the same SVG, its PNGs differ in antialiasing). So the
    database is filled under a fontconfig file listing only the directory of the font the site's Chinese is cut from
    (font.py): charts measure the same on every machine, whatever else it has installed. The setting is undone at once,
    before anything started from this process (Chromium, under the tests) could inherit it.
    """
    import vl_convert

    from generator.derive.font import SOURCE as CJK_FONT

    with tempfile.TemporaryDirectory() as tmp:
        config = Path(tmp) / "fonts.conf"
        config.write_text(f"<fontconfig><dir>{escape(str(CJK_FONT.parent))}</dir></fontconfig>\n", encoding="utf-8")
        with setting("FONTCONFIG_FILE", str(config)):
            vl_convert.svg_to_png('<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>')  # fills the database
