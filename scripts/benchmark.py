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

from generator import charts, cite, derive, load, metadata, pages, validate  # noqa: E402
from generator.cache import RenderCache  # noqa: E402
from generator.history import page_dates  # noqa: E402


def one_round(cache: RenderCache) -> dict[str, float]:
    times: dict[str, float] = {}

    def timed(name, fn, *args):
        start = time.perf_counter()
        result = fn(*args)
        times[name] = time.perf_counter() - start
        return result

    sources = timed("load", load.load_sources, ROOT / "data", ROOT / "mkdocs.yml")
    data = timed("validate", validate.validate, sources)
    report = timed("derive", derive.derive, data)
    rendered = timed("charts (40 SVG + 10 PNG)", charts.render_charts, report, cache, ROOT / "vendor")
    citations = timed("citations (CSL)", cite.cite_report, report, cache)
    dates = timed("page dates (git)", page_dates, report, ROOT / "data")
    meta = timed(
        "metadata", lambda: {p.id: metadata.page_metadata(report, p, rendered.views, dates[p.id]) for p in report.pages}
    )
    context = {"charts": rendered.views, "citations": citations, "metadata": meta, "moved_from": {}}
    timed("pages (Jinja)", pages.render_pages, report, ROOT / "templates", context)
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
