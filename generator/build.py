"""The pipeline, top to bottom: load → validate → derive → charts → pages.

`generate()` is pure with respect to the docs tree: it reads `data/` and
`templates/` and returns every generated file as bytes in memory (its one
write is the Vega bundle's cache in `.cache/`). Only the
callers (the MkDocs hook, `render --out`) put them anywhere, so a data error
stops the build before anything already built is touched.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .charts import render_charts
from .derive import Report, derive
from .interactive import BUNDLE_PATH, vega_bundle
from .load import load_sources
from .pages import render_pages
from .schema import Dataset
from .validate import validate

ROOT = Path(__file__).resolve().parent.parent
CACHE = ".cache"


@dataclass(frozen=True)
class Generated:
    """The generator's output: docs-relative path → file content."""

    report: Report
    files: dict[str, bytes]


def check(root: Path = ROOT) -> Dataset:
    """Load and validate the data only; raise DataError listing every problem."""
    return validate(load_sources(root / "data", root / "mkdocs.yml"))


def generate(root: Path = ROOT) -> Generated:
    """Run every stage and return the generated Markdown and assets."""
    data = check(root)
    report = derive(data)
    charts = render_charts(report)
    pages = render_pages(report, root / "templates", {"charts": charts.views})
    files = {path: text.encode("utf-8") for path, text in pages.items()}
    files.update(charts.files)
    if charts.views:
        files[BUNDLE_PATH] = vega_bundle(root / CACHE)
    return Generated(report=report, files=dict(sorted(files.items())))
