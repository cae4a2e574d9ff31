"""`make bench`: how fast the report builds and reloads, against plain MkDocs, in one table.

    .venv/bin/python bench/run.py [--write] [--rounds N] [--edits N]

Everything runs on throw-away copies of the project in a temporary directory
(the user's site/ and .cache/ are never touched), in this order: build
rounds (cold, warm, edit, plain MkDocs, plain without search), page weight
of the built site, the generator's stages, the edit loop under
`mkdocs serve`, publishing an edition beside a cold build, Zensical for reference, and last the scaling builds, which
get what is left of the five minutes. Progress goes to stderr; the table
(Markdown) to stdout, and with --write to bench/RESULTS.md with the machine
and the date. Numbers are noisy on a shared two-core machine: read the
ratios, each taken within one round.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from builds import measure_builds
from generator.project import default_templates
from project_copy import bench_env, copy_project
from publishing import measure_publishing
from report import Results, format_table, write_results
from scaling import heaviest_topic_page, measure_scaling, page_html
from serve_loop import measure_edit_loop
from weight import measure_weights
from zensical_ref import measure_zensical

BENCH = Path(__file__).resolve().parent
BUDGET = 288  # seconds for the whole benchmark (under five minutes); the scaling builds get what is left
START = time.monotonic()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="also write the table to bench/RESULTS.md, with the machine and the date")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of the build scenarios (default 3)")
    parser.add_argument("--edits", type=int, default=3, help="edits of each kind under mkdocs serve (default 3)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="report-bench-") as directory:
        work = Path(directory)
        tmp = work / "tmp"
        tmp.mkdir()
        project = copy_project(work / "project")
        _say(f"builds: {args.rounds} rounds of cold, warm, edit, plain MkDocs, plain without search")
        results = Results(rounds=args.rounds, builds=measure_builds(project, tmp, work / "plain", args.rounds))
        page, figures = heaviest_topic_page(project / "data")
        results.one_x = (page, figures, page_html(project / "site", page))
        _say("page weight: every page in Chromium, served by nginx")
        site_url = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))["site_url"]
        results.weights = _attempt(results, "page weight", measure_weights, project / "site", site_url, work / "nginx")
        _say("stages: the generator's, in one process")
        results.stages = _attempt(results, "stages", _stages, project, tmp)
        _say(f"edit loop: {args.edits} data and {args.edits} template edits under mkdocs serve")
        results.loop = _attempt(results, "edit loop", measure_edit_loop, project, tmp, default_templates(), args.edits)
        _say(f"publishing: {args.rounds} rounds of a cold build with and without the editions store, and publishing an edition")
        results.publishing = _attempt(results, "publishing", measure_publishing, work, tmp, args.rounds)
        _say("Zensical on the plain tree")
        results.zensical = _attempt(results, "Zensical", measure_zensical, work / "plain", args.rounds)
        _say(f"scaling: synthetic reports, with {START + BUDGET - time.monotonic():.0f} s left")
        results.scales = _attempt(results, "scaling", measure_scaling, project, tmp, work, START + BUDGET) or []
    wall = time.monotonic() - START
    table = format_table(results)
    print(table)
    print(f"Whole benchmark: {wall:.0f} s.")
    if args.write:
        write_results(BENCH / "RESULTS.md", table, wall)
        _say(f"wrote {BENCH / 'RESULTS.md'}")
    return 1 if results.errors else 0


def _stages(project: Path, tmp: Path) -> dict:
    """bench/stages.py in its own process (a fresh import of the generator, as a build has), as JSON."""
    result = subprocess.run(
        [sys.executable, str(BENCH / "stages.py"), "--project", str(project), "--repeat", "2", "--json"],
        cwd=project, env=bench_env(tmp), capture_output=True, text=True,
    )
    if result.returncode != 0:
        raise RuntimeError(f"bench/stages.py failed:\n{result.stdout[-2000:]}{result.stderr[-2000:]}")
    return json.loads(result.stdout)


def _attempt(results: Results, what: str, measure, *args):
    """Run one measurement; when it fails, keep its error for the table's notes and go on with the others."""
    try:
        return measure(*args)
    except Exception as err:  # noqa: BLE001 (any failure of one measurement is reported, and the others still run)
        results.errors.append(f"{what}: {err}")
        _say(f"{what} failed: {err}")
        return None


def _say(message: str) -> None:
    print(f"bench [{time.monotonic() - START:3.0f} s]: {message}", file=sys.stderr, flush=True)


if __name__ == "__main__":
    sys.exit(main())
