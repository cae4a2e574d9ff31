"""Where a build's time goes: each stage's share, measured in one run.

Usage: .venv/bin/python scripts/benchmark.py [--repeat N]
Machines here are noisy, so compare the shares and ratios printed in one
run, not absolute seconds across runs. The first round starts with an empty render
cache (as a fresh clone does) and pays vl-convert's engine start; later
rounds are what `mkdocs serve` pays when an edit changes nothing rendered.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator import charts, cite, derive, load, metadata, validate  # noqa: E402
from generator.build import render_report_pages  # noqa: E402
from generator.project import find_project  # noqa: E402
from generator.cache import RenderCache  # noqa: E402
from generator.history import page_dates  # noqa: E402

PROJECT = find_project(ROOT / "mkdocs.yml")


def one_round(cache: RenderCache) -> dict[str, float]:
    times: dict[str, float] = {}

    def timed(name, fn, *args):
        start = time.perf_counter()
        result = fn(*args)
        times[name] = time.perf_counter() - start
        return result

    sources = timed("load", load.load_sources, PROJECT.data_dir, PROJECT.config_file)
    data = timed("validate", validate.validate, sources, PROJECT.templates)
    report = timed("derive", derive.derive, data)
    rendered = timed("charts (40 SVG + 10 PNG)", charts.render_charts, report, cache, ROOT / "vendor")
    timed("citations (CSL)", cite.cite_report, report, rendered.views, cache)
    dates = timed("page dates (git)", page_dates, report, PROJECT.data_dir, PROJECT.docs_dir)
    timed("metadata", lambda: {p.id: metadata.page_metadata(report, p, rendered.views, dates[p.id]) for p in report.pages})
    timed("pages (citations, metadata, Jinja)", render_report_pages, report, PROJECT.templates, rendered.views, cache, dates, {})
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as directory:
        cache = RenderCache(Path(directory))  # empty for the first round, as on a fresh clone
        rounds = [one_round(cache) for _ in range(args.repeat)]
    first, warm = rounds[0], rounds[1:] or rounds
    medians = {name: statistics.median(r[name] for r in warm) for name in first}
    total = sum(medians.values())
    print(f"{'stage':28} {'first round':>12} {'warm median':>12} {'share':>7}")
    for name, value in medians.items():
        print(f"{name:28} {first[name]:11.3f}s {value:11.3f}s {value / total:7.1%}")
    print(f"{'total':28} {sum(first.values()):11.3f}s {total:11.3f}s")
    print(f"first (cold) round / warm round: {sum(first.values()) / total:.1f}x")


if __name__ == "__main__":
    main()
