"""When each page last changed: from the history of the data behind it.

A page's date is the date of the last commit that touched any of its data
files, so the same commit always gives the same dates (no build clock).
Outside a git checkout, or for data never committed, the site's release
date from `site.yaml` stands in.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
from pathlib import Path

from .derive import PageView, Report

# Files every page draws on; topic pages add the files holding their records.
_COMMON = ("site.yaml", "pages.yaml")
_BY_TEMPLATE = {
    "source": ("article.yaml", "source-article.txt"),
    "glossary": ("glossary.yaml",),
    "timeline": ("events.yaml", "charts.yaml"),
}


def page_dates(report: Report, data_dir: Path, docs_dir: Path) -> dict[str, dt.date]:
    """Page id → the date its data (or, for a hand-written page, its file) last changed."""
    return {page.id: _last_commit(data_dir, _data_files(page, report, data_dir, docs_dir)) or report.data.site.date for page in report.pages}


def _data_files(page: PageView, report: Report, data_dir: Path, docs_dir: Path) -> list[str]:
    if page.spec.file is not None:
        return [*_COMMON, os.path.relpath(docs_dir / page.spec.file, data_dir)]
    if page.spec.template in _BY_TEMPLATE:
        return [*_COMMON, *_BY_TEMPLATE[page.spec.template]]
    if page.spec.template != "topic":
        return ["."]  # overview, people, about: the whole article's data
    records = {
        "facts.yaml": report.data.facts,
        "claims.yaml": report.data.claims,
        "lists.yaml": report.data.lists,
        "derived.yaml": report.data.derived,
        "charts.yaml": report.data.charts,
    }
    return [*_COMMON, *(name for name, items in records.items() if any(r.topic == page.id for r in items))]


def _last_commit(data_dir: Path, names: list[str]) -> dt.date | None:
    try:
        result = subprocess.run(
            ["git", "log", "-1", "--format=%cs", "--", *names],
            cwd=data_dir, capture_output=True, text=True, timeout=30, check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    text = result.stdout.strip()
    return dt.date.fromisoformat(text) if result.returncode == 0 and text else None
