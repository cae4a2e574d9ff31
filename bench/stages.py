"""Where the generator's time goes, stage by stage, measured in one process.

    .venv/bin/python bench/stages.py --project DIR [--repeat N] [--json]

DIR is a report project (a copy: the whole-generator timings fill its
.cache/ as a build does). The first round starts with empty render caches,
as a fresh clone does, and pays the chart engine's start; later rounds reuse
them, as an edit that changes nothing rendered does. The stages run one
after the other here (a build draws charts and cites in parallel). Last,
with the project's own caches: all of the scheduled `generate()`, what a build pays when
an input changed (it covers the work between the stages too), and the
plugin's own call, `scheduler.up_to_date()`, which a build in which nothing
changed pays (it finds the kept output).

The stages are the generator's internal functions, named in STAGES: when one
moves, this script stops and names it; adapt STAGES and `one_round`.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import json
import statistics
import tempfile
import time
from pathlib import Path

STAGES = {
    "inputs key (is the kept output current?)": "generator.speed.kept:inputs_key",
    "load": "generator.model.load:load_sources",
    "validate": "generator.model.validate:validate",
    "derive": "generator.derive.report:derive",
    "charts": "generator.speed.drawing:draw_with_cache",
    "citations": "generator.cite.citations:cite_report",
    "page dates (git)": "generator.pages.history:page_dates",
    "metadata": "generator.cite.metadata:page_metadata",
    "templates (Jinja; metadata again)": "generator.pipeline:render_report_pages",
}
SCHEDULED = "generator.speed.scheduler:up_to_date"
CHART_VIEWS = "generator.charts.views:chart_views"
FIND_PROJECT = "generator.project:find_project"
RENDER_CACHE = "generator.speed.cache:RenderCache"


def find(name: str):
    """The function `module:attribute`, or a stop naming what moved."""
    module, attribute = name.split(":")
    try:
        return getattr(importlib.import_module(module), attribute)
    except (ImportError, AttributeError) as err:
        raise SystemExit(f"bench/stages.py: {name} is gone ({err}); adapt STAGES to where the stage lives now") from None


def one_round(project, cache, compiled: Path) -> dict[str, float]:
    """Run each stage once, in pipeline order, with render caches `cache` and `compiled` (Jinja's); seconds per stage."""
    stage = {name: find(path) for name, path in STAGES.items()}
    times: dict[str, float] = {}

    def timed(name, *args):
        gc.collect()  # so a stage does not pay for collecting what the one before left
        start = time.perf_counter()
        result = stage[name](*args)
        times[name] = time.perf_counter() - start
        return result

    timed("inputs key (is the kept output current?)", project, True)
    sources = timed("load", project.data_dir, project.config_file)
    data = timed("validate", sources, project.templates)
    report = timed("derive", data)
    rendered = timed("charts", report, find(CHART_VIEWS)(report), project.vendor_dir, cache)
    citations = timed("citations", report, rendered.views, cache)
    dates = timed("page dates (git)", report, project.data_dir, project.docs_dir, cache)
    gc.collect()
    start = time.perf_counter()
    for page in report.pages:
        stage["metadata"](report, page, rendered.views, dates[page.id])
    times["metadata"] = time.perf_counter() - start
    timed("templates (Jinja; metadata again)", report, project.templates, rendered.views, citations, dates, None, compiled)
    return times


def measure_stages(project_dir: Path, repeat: int) -> dict:
    """First-round and warm-median seconds per stage; all of generate() and up_to_date() with the project's caches."""
    project = find(FIND_PROJECT)(project_dir / "mkdocs.yml")
    with tempfile.TemporaryDirectory() as directory:
        cache = find(RENDER_CACHE)(Path(directory) / "render")  # empty for the first round, as on a fresh clone
        rounds = [one_round(project, cache, Path(directory) / "jinja") for _ in range(max(repeat, 2))]
    timings = {}
    for name, reuse in (("generate", False), ("up_to_date", True)):  # made with the caches and workers, then kept
        gc.collect()
        start = time.perf_counter()
        find(SCHEDULED)(project, draft=True, reuse=reuse)
        timings[name] = time.perf_counter() - start
    return {
        "first": rounds[0],
        "warm": {name: statistics.median(r[name] for r in rounds[1:]) for name in rounds[0]},
        **timings,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--project", type=Path, required=True, help="a report project's directory (a copy)")
    parser.add_argument("--repeat", type=int, default=3, help="rounds: the first with an empty cache, the rest warm (at least 2)")
    parser.add_argument("--json", action="store_true", help="print the measurements as JSON (for bench/run.py)")
    args = parser.parse_args()
    result = measure_stages(args.project.resolve(), args.repeat)
    if args.json:
        print(json.dumps(result))
        return
    first, warm = result["first"], result["warm"]
    print(f"{'stage':60} {'first round':>12} {'warm median':>12}")
    for name in first:
        print(f"{name:60} {first[name]:11.3f}s {warm[name]:11.3f}s")
    print(f"{'sum of the stages':60} {sum(first.values()):11.3f}s {sum(warm.values()):11.3f}s")
    print(f"{'all of generate(), with the project caches':60} {'':12} {result['generate']:11.3f}s")
    print(f"{'scheduler.up_to_date(), the kept output':60} {'':12} {result['up_to_date']:11.3f}s")


if __name__ == "__main__":
    main()
