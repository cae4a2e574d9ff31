"""The pipeline, top to bottom: load → validate → derive → charts → citations and metadata → pages.

`generate()` is pure with respect to the docs tree: it reads `data/` and
`templates/` and returns every generated file as bytes in memory (its only
writes are caches of deterministic renders in `.cache/`). Only the
callers (the MkDocs hook, `render --out`) put them anywhere, so a data error
stops the build before anything already built is touched.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from . import permalinks
from .cache import RenderCache
from .charts import render_charts
from .cite import cite_report
from .history import page_dates
from .metadata import page_metadata
from .derive import Report, derive
from .interactive import BUNDLE_PATH, vega_bundle
from .load import load_sources
from .pages import PRINT_EDITION, render_pages
from .reference import SCHEMA_DIR, json_schemas, model_docs
from .schema import Dataset
from .validate import validate

ROOT = Path(__file__).resolve().parent.parent
CACHE = ".cache"


@dataclass(frozen=True)
class Generated:
    """The generator's output: docs-relative path → file content."""

    report: Report
    files: dict[str, bytes]
    permalinks: set[str]
    """Every page path and anchor the generated pages define."""
    dates: dict[str, dt.date]
    """Generated page path → the date its data last changed (for the sitemap and reproducible builds)."""


def check(root: Path = ROOT) -> Dataset:
    """Load and validate the data only; raise DataError listing every problem."""
    return validate(load_sources(root / "data", root / "mkdocs.yml"))


def generate(root: Path = ROOT) -> Generated:
    """Run every stage and return the generated Markdown and assets; fail if a published permalink would break."""
    sources = load_sources(root / "data", root / "mkdocs.yml")
    report = derive(validate(sources))
    cache = RenderCache(root / CACHE / "render")
    charts = render_charts(report, cache)
    citations = cite_report(report, cache)
    dates = page_dates(report, root / "data")
    metadata = {page.id: page_metadata(report, page, charts.views, dates[page.id]) for page in report.pages}
    schemas = {f"{SCHEMA_DIR}/{name}.schema.json": text.encode("utf-8") for name, text in json_schemas().items()}
    reference = {"models": model_docs(), "schemas": {path.split("/")[-1].split(".")[0]: path for path in schemas}}
    context = {
        "charts": charts.views,
        "citations": citations,
        "metadata": metadata,
        "moved_from": _moved_from(sources.redirects),
        "reference": reference,
    }
    pages = render_pages(report, root / "templates", context)
    links = permalinks.collect(pages)
    permalinks.check(root, links, sources.redirects)
    files = {path: text.encode("utf-8") for path, text in pages.items()}
    files.update(charts.files)
    files.update(schemas)
    if charts.views:
        files[BUNDLE_PATH] = vega_bundle(root / CACHE)
    by_path = {page.src_path: dates[page.id] for page in report.pages}
    by_path[PRINT_EDITION] = max(by_path.values())
    return Generated(report=report, files=dict(sorted(files.items())), permalinks=links, dates=by_path)


def _moved_from(redirects: dict[str, str]) -> dict[str, list[str]]:
    """Page id → ids of the pages redirected to it, so the printable edition keeps their anchors too."""
    moved: dict[str, list[str]] = {}
    for old, new in sorted(redirects.items()):
        moved.setdefault(new.removesuffix(".md"), []).append(old.removesuffix(".md"))
    return moved
