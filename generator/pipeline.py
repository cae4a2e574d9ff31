"""The pipeline, top to bottom: load → validate → derive → charts → citations and dates → pages.

`generate()` is a function from a project to its generated files: it reads
the project's `data/`, its templates (its own, then the packaged defaults) and
the hand-written pages `pages.yaml` lists, and returns every generated file as
bytes in memory. Only its callers (the MkDocs plugin, `render --out`) put them
anywhere, so a data error stops the build before anything already built is
touched. How fast it runs is not its concern: a caller may hand it a `memo`
for slow deterministic renders and a way to `draw` the charts (worker
processes, placeholders for the sizes: generator/speed/), and gets the same
bytes as without.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from generator.charts.interactive import BUNDLE_PATH, vega_bundle
from generator.charts.views import Charts, ChartView, chart_views, draw_charts
from generator.cite.archive import archive_files
from generator.cite.citations import Citations, cite_report
from generator.cite.metadata import edition_metadata, page_metadata
from generator.derive.font import FONT
from generator.derive.languages import language_names, search_languages, uses_cjk
from generator.derive.report import Report, derive
from generator.editions import store
from generator.editions.addresses import edition_url
from generator.editions.changes import Changes, CorrectionError, since_last_edition
from generator.memo import NO_MEMO, Memo
from generator.model.files import MODELS
from generator.model.load import Sources, load_sources
from generator.model.reference import json_schemas, model_docs, schema_path
from generator.model.schema import Dataset
from generator.model.validate import todo, validate
from generator.pages import permalinks, print_edition
from generator.pages.history import page_dates
from generator.pages.print_edition import PRINT_EDITION
from generator.pages.render import CHANGES_PAGE, CITATIONS_DIR, render_pages

from .errors import DataError, GeneratorError, Problem
from .generated import Generated
from .project import Project, find_project

ChartDrawer = Callable[[Report, dict[str, ChartView], Path], Charts]
"""Draws a report's charts: their views with the drawings' sizes, and the chart files (charts.views.draw_charts draws
them here and now; a scheduler may draw them elsewhere and return what it has so far)."""


def as_project(where: Project | Path) -> Project:
    """A project, or the directory holding its mkdocs.yml."""
    return where if isinstance(where, Project) else find_project(Path(where) / "mkdocs.yml")


def check(project: Project | Path) -> Dataset:
    """Load and validate the data only; raise DataError listing every problem."""
    project = as_project(project)
    return validate(load_sources(project.data_dir, project.config_file), project.templates)


@dataclass(frozen=True)
class Speedups:
    """What a caller may give `generate()` to make it faster, never different (generator/speed/ gives them)."""

    memo: Memo = NO_MEMO
    """Slow, deterministic renders kept from earlier builds: citations, page dates."""
    draw: ChartDrawer = draw_charts
    compiled: Path | None = None
    """Where Jinja keeps the templates it compiled, for the next build."""


NONE = Speedups()


def generate(project: Project | Path, draft: bool = False, speedups: Speedups = NONE) -> Generated:
    """Run every stage and return the generated Markdown and assets; fail if a published permalink would break.

    A draft reports the numbers of the text no fact covers yet as warnings instead of failing."""
    project = as_project(project)
    sources = load_sources(project.data_dir, project.config_file)
    dataset = validate(sources, project.templates, numbers=not draft)
    warnings = [str(problem) for problem in todo(dataset, sources)] if draft else []
    changes = since_last_edition(project.editions_dir, project.data_dir, dataset.site.version)
    unexplained = changes.unexplained(project.data_dir) if changes else []
    if unexplained and not draft:  # a publishing build: every correction is on the record
        raise CorrectionError("changed since the last edition with no reason given:\n" + "\n".join(f"  {line}" for line in unexplained))
    warnings += unexplained
    report = derive(dataset)
    if dataset.charts:
        _vendor(project)
    charts = speedups.draw(report, chart_views(report), project.vendor_dir)
    citations = cite_report(report, charts.views, speedups.memo)
    dates = page_dates(report, project.data_dir, project.docs_dir, speedups.memo)
    handwritten = read_handwritten(report, project.docs_dir)
    pages = render_report_pages(report, project.templates, charts.views, citations, dates, handwritten, speedups.compiled, changes)
    archived = archive_files(report.data.site, report.data.article.source, citations.source.styled["APA"], _previous_url(project, report))
    return _generated(project, sources, report, charts, pages, dates, handwritten, archived, warnings)


def _generated(
    project: Project,
    sources: Sources,
    report: Report,
    charts: Charts,
    pages: dict[str, str],
    dates: dict[str, dt.date],
    handwritten: dict[str, str],
    archived: dict[str, bytes],
    warnings: list[str],
) -> Generated:
    """The pages and every other file, with what MkDocs needs to know of them; fail if a published permalink would break."""
    bundled = {BUNDLE_PATH: vega_bundle(project.vendor_dir)} if charts.views else {}
    moved = _moved_from(sources.redirects)
    printed = {page.src_path: (page.id, tuple(moved.get(page.id, []))) for page in report.pages}
    # The citations pages follow their pages; the changes page is each edition's own (kept at editions/X/changes/).
    cited = {path: text for path, text in pages.items() if not path.startswith(CITATIONS_DIR) and path != CHANGES_PAGE}
    cited[PRINT_EDITION] = print_edition.as_markdown(pages[PRINT_EDITION], pages, printed)
    links = permalinks.collect(cited) | permalinks.heading_anchors(handwritten)
    permalinks.check(project.ledger, links, sources.redirects)
    files = {path: text.encode("utf-8") for path, text in pages.items()}
    files.update({schema_path(name): text.encode("utf-8") for name, text in json_schemas().items()})
    files.update(theme_assets(project, report))
    files.update(bundled)
    files.update(charts.files)
    files.update(archived)
    by_path = {page.src_path: dates[page.id] for page in report.pages}
    by_path[PRINT_EDITION] = max(by_path.values())
    site = report.data.site
    return Generated(
        site_name=site.title,
        site_description=site.description,
        version=site.version,
        nav=[(page.spec.nav_title, page.src_path) for page in report.pages] + ([(f"Changes in {site.version}", CHANGES_PAGE)] if CHANGES_PAGE in pages else []),
        framed=[page.spec.file for page in report.pages if page.spec.file],
        files=dict(sorted(files.items())),
        permalinks=links,
        dates=by_path,
        warnings=warnings,
        notices=report.left_out,
        search_languages=search_languages(report),
        printed=printed,
        stylesheets=sorted(path for path in files if path.startswith("stylesheets/") and path.endswith(".css")),
        scripts=sorted(path for path in files if path.startswith("javascripts/") and path.endswith(".js")),
    )


def _previous_url(project: Project, report: Report) -> str | None:
    """Where the edition published before this one is served (None for a first edition)."""
    site = report.data.site
    previous = store.previous(project.editions_dir, site.version)
    return edition_url(site.site_url, previous.version) if previous else None


def render_report_pages(
    report: Report,
    templates: list[Path],
    views: dict[str, ChartView],
    citations: Citations,
    dates: dict[str, dt.date],
    handwritten: dict[str, str] | None = None,
    compiled: Path | None = None,
    changes: Changes | None = None,
) -> dict[str, str]:
    """Citations, head metadata and the data reference for each page, then the pages themselves (Markdown).

    `compiled`: where Jinja keeps the templates it compiled, for the next build."""
    context = {
        "charts": views,
        "citations": citations,
        "metadata": {page.id: page_metadata(report, page, views, dates[page.id]) for page in report.pages},
        "edition_metadata": edition_metadata(report, report.page_url(PRINT_EDITION.removesuffix(".md")), views, max(dates.values())),
        "reference": {"models": model_docs(), "schemas": {name: schema_path(name) for name in MODELS}},
        "search_languages": language_names(search_languages(report)),
        "handwritten": handwritten or {},
        "changes": changes,
    }
    return render_pages(report, templates, context, compiled)


ASSETS = "assets"
"""Under the templates: files the site serves as they are (stylesheet, script), at the same docs path."""
CJK_ASSETS = "cjk"
"""Under the templates: the stylesheet for Chinese text, added when the data uses Chinese and docs/ has the font."""


def theme_assets(project: Project, report: Report) -> dict[str, bytes]:
    """The stylesheets and script the pages load, the project's own copy of each first (docs path → bytes)."""
    parts = [ASSETS, *([CJK_ASSETS] if uses_cjk(report) and (project.docs_dir / FONT).exists() else [])]
    files: dict[str, bytes] = {}
    for directory in reversed(project.templates):
        for part in parts:
            root = directory / part
            files.update({p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()})
    return files


def read_handwritten(report: Report, docs_dir: Path) -> dict[str, str]:
    """Page id → the Markdown of each hand-written page pages.yaml lists (docs/<id>.md), front matter left out."""
    texts = {}
    for page in report.pages:
        if page.spec.file is None:
            continue
        path = docs_dir / page.spec.file
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise DataError([Problem(path, None, None, "", f"pages.yaml lists the hand-written page {page.id!r}, but there is no such file")]) from None
        texts[page.id] = _without_front_matter(text)
    return texts


def _without_front_matter(text: str) -> str:
    """The page's body: no front matter (pages.yaml gives title and summary), and no leading `# Title` (the frame has it)."""
    if text.startswith("---\n") and (end := text.find("\n---\n", 4)) != -1:
        text = text[end + 5 :]
    return re.sub(r"\A\s*# [^\n]*\n", "", text)


def _vendor(project: Project) -> None:
    """The npm files charts need (pinned in generator/charts/vendor.json), fetched once into the project's vendor dir."""
    from generator.charts.vendor import (  # stdlib only: also `python3 -m generator.charts.vendor` before any install
        VendorError,
        fetch_missing,
    )

    try:
        fetch_missing(project.vendor_dir)
    except VendorError as err:
        raise GeneratorError(f"{project.vendor_dir}: {err}") from None


def _moved_from(redirects: dict[str, str]) -> dict[str, list[str]]:
    """Page id → ids of the pages redirected to it, so the printable edition keeps their anchors too."""
    moved: dict[str, list[str]] = {}
    for old, new in sorted(redirects.items()):
        moved.setdefault(new.removesuffix(".md"), []).append(old.removesuffix(".md"))
    return moved
