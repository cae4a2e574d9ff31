"""When each page last changed: from the history of the data behind it.

A page's date is the date of the last commit that touched any of its data
files, so the same commit always gives the same dates (no build clock).
Outside a git checkout, or for data never committed, the site's release
date from `site.yaml` stands in.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from generator.derive.report import PageView, Report
from generator.git import git
from generator.memo import NO_MEMO, Memo
from generator.model.files import DATA_FILES
from generator.model.roles import RECORDS

# Files every page draws on; each role adds its own (generator/model/roles.py).
_COMMON = ("site.yaml", "pages.yaml")


def page_dates(report: Report, data_dir: Path, docs_dir: Path, cache: Memo = NO_MEMO) -> dict[str, dt.date]:
    """Page id → the date its data (or, for a hand-written page, its file) last changed.

    Kept in `cache` under the commit checked out: the same commit always gives the same dates."""
    head = git(data_dir, "rev-parse", "HEAD")
    dates = {}
    for page in report.pages:
        names = _data_files(page, report, data_dir, docs_dir)
        if head is None:
            dates[page.id] = report.data.site.date
            continue
        key = "\0".join([head, str(data_dir), *names])
        text = cache.get("dates", key, lambda: (git(data_dir, "log", "-1", "--format=%cs", "--", *names) or "").encode()).decode()  # noqa: B023 (called at once)
        dates[page.id] = dt.date.fromisoformat(text) if text else report.data.site.date
    return dates


def _data_files(page: PageView, report: Report, data_dir: Path, docs_dir: Path) -> list[str]:
    if page.spec.file is not None:
        return [*_COMMON, os.path.relpath(docs_dir / page.spec.file, data_dir)]
    dated_by = page.spec.role.dated_by
    if dated_by is None:
        return ["."]  # overview, people, about: the whole article's data
    if dated_by != RECORDS:
        return [*_COMMON, *dated_by]
    placed = [data_file.name for data_file in DATA_FILES if data_file.placed]
    return [*_COMMON, *(f"{name}.yaml" for name in placed if any(r.topic == page.id for r in getattr(report.data, name)))]
