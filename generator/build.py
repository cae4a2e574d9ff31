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
from .charts import ChartView, render_charts
from .cite import cite_report
from .history import page_dates
from .metadata import edition_metadata, page_metadata
from .derive import Report, derive
from .interactive import BUNDLE_PATH, vega_bundle
from .load import load_sources
from .pages import PRINT_EDITION, render_pages
from .reference import json_schemas, model_docs, schema_path
from .schema import STANCES, Dataset
from .validate import MODELS, validate

ROOT = Path(__file__).resolve().parent.parent
CACHE = ".cache"
VENDOR = "vendor"  # files taken from npm packages by scripts/vendor.py: the map's shapes, Vega's interpreter


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
    return validate(load_sources(root / "data", root / "mkdocs.yml"), root / "templates")


def generate(root: Path = ROOT) -> Generated:
    """Run every stage and return the generated Markdown and assets; fail if a published permalink would break."""
    sources = load_sources(root / "data", root / "mkdocs.yml")
    report = derive(validate(sources, root / "templates"))
    cache = RenderCache(root / CACHE / "render")
    charts = render_charts(report, cache, root / VENDOR)
    dates = page_dates(report, root / "data")
    pages = render_report_pages(report, root / "templates", charts.views, cache, dates, sources.redirects)
    links = permalinks.collect(pages)
    permalinks.check(root, links, sources.redirects)
    files = {path: text.encode("utf-8") for path, text in pages.items()}
    files.update(charts.files)
    files.update({schema_path(name): text.encode("utf-8") for name, text in json_schemas().items()})
    if charts.views:
        files[BUNDLE_PATH] = vega_bundle(root / VENDOR, root / CACHE)
    by_path = {page.src_path: dates[page.id] for page in report.pages}
    by_path[PRINT_EDITION] = max(by_path.values())
    return Generated(report=report, files=dict(sorted(files.items())), permalinks=links, dates=by_path)


def render_report_pages(
    report: Report,
    templates_dir: Path,
    views: dict[str, ChartView],
    cache: RenderCache,
    dates: dict[str, dt.date],
    redirects: dict[str, str],
) -> dict[str, str]:
    """Citations, head metadata and the data reference for each page, then the pages themselves (Markdown)."""
    context = {
        "charts": views,
        "citations": cite_report(report, views, cache),
        "metadata": {page.id: page_metadata(report, page, views, dates[page.id]) for page in report.pages},
        "edition_metadata": edition_metadata(report, report.page_url(PRINT_EDITION.removesuffix(".md")), views, max(dates.values())),
        "moved_from": _moved_from(redirects),
        "reference": {"models": model_docs(), "schemas": {name: schema_path(name) for name in MODELS}},
        "stances": STANCES,
    }
    return render_pages(report, templates_dir, context)


def _moved_from(redirects: dict[str, str]) -> dict[str, list[str]]:
    """Page id → ids of the pages redirected to it, so the printable edition keeps their anchors too."""
    moved: dict[str, list[str]] = {}
    for old, new in sorted(redirects.items()):
        moved.setdefault(new.removesuffix(".md"), []).append(old.removesuffix(".md"))
    return moved
