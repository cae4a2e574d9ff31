"""How a cold build and the heaviest topic page grow with content: synthetic reports at 10× and 50×.

Each synthetic report (bench/synthetic.py) is built once, cold. A build
gets what is left of the benchmark's time budget; one that would need more
is stopped (or not started), and the table says so. The 1× figures are the
cold builds and the site of the real project copy.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import yaml

from project_copy import Timeout, clear_build_state, timed_mkdocs
from synthetic import write_synthetic

SCALES = ((10, None), (50, 10))
"""(times the content, how many copies keep their charts: None for all). At 50× charts stay at 10×: a 50× build
does not fit in what the five minutes leave even so, and all 500 charts would add to it."""
LEAST_TIME = 30  # seconds: a build with less time left than this is not started


@dataclass(frozen=True)
class Scale:
    times: int
    chart_copies: int | None
    records: dict[str, int]
    seconds: float | None
    """None when the build was stopped or not started (`stopped` says why)."""
    stopped: str = ""
    stopped_after: float = 0
    """Seconds a stopped build ran: it takes longer than that."""
    page: str = ""
    """The heaviest topic page: the one with most figures (facts and derived figures)."""
    figures: int = 0
    html: int = 0
    """Bytes of its HTML."""


def measure_scaling(project: Path, tmp: Path, work: Path, deadline: float) -> list[Scale]:
    """Build each synthetic report of SCALES cold, within what is left until `deadline` (time.monotonic())."""
    results = []
    for times, chart_copies in SCALES:
        left = deadline - time.monotonic()
        if left < LEAST_TIME:
            results.append(Scale(times, chart_copies, {}, None, f"not run: {max(left, 0):.0f} s were left of the time budget"))
            continue
        out = work / f"synthetic-{times}x"
        out.mkdir()
        records = write_synthetic(project, times, out, chart_copies)
        clear_build_state(out, tmp)
        left = deadline - time.monotonic()
        try:
            seconds = timed_mkdocs(out, tmp, "build", timeout=left)
        except Timeout:
            results.append(Scale(times, chart_copies, records, None, f"stopped after {left:.0f} s, the rest of the time budget", stopped_after=left))
            continue
        page, figures = heaviest_topic_page(out / "data")
        results.append(Scale(times, chart_copies, records, seconds, page=page, figures=figures, html=page_html(out / "site", page)))
    return results


def heaviest_topic_page(data_dir: Path) -> tuple[str, int]:
    """The topic page with most figures (facts and derived figures placed on it), and how many."""
    pages = [p["id"] for p in _read(data_dir / "pages.yaml") if p.get("template") == "topic"]
    records = (_read(data_dir / "facts.yaml") or []) + (_read(data_dir / "derived.yaml") or [])
    counts = {page: sum(1 for r in records if r["topic"] == page) for page in pages}
    page = max(counts, key=counts.get)
    return page, counts[page]


def page_html(site: Path, page: str) -> int:
    """Bytes of a built page's HTML."""
    return (site / ("" if page == "index" else page) / "index.html").stat().st_size


def _read(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))
