"""The pipeline, top to bottom: load → validate → derive → charts → citations and metadata → pages.

`generate()` is pure with respect to the docs tree: it reads the project's
`data/`, its templates (its own, then the packaged defaults) and its
hand-written pages listed in `pages.yaml`, and returns every generated file as bytes in memory (its only
writes are caches of deterministic renders in `.cache/`). Only the
callers (the MkDocs hook, `render --out`) put them anywhere, so a data error
stops the build before anything already built is touched.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path

from generator.pages import permalinks, print_edition
from generator.speed.cache import RenderCache
from .errors import DataError, GeneratorError, Problem
from generator.charts.views import ChartView, SizesLater, chart_views, start_charts
from generator.cite.citations import Citations, cite_report
from generator.derive.font import FONT
from generator.pages.history import page_dates
from generator.cite.metadata import edition_metadata, page_metadata
from generator.derive.report import Report, derive
from generator.speed.engine import drawing_workers, prepare_drawing
from generator.charts.interactive import BUNDLE_PATH, vega_bundle
from generator.model.load import Sources, load_sources
from generator.pages.render import CITATIONS_DIR, PRINT_EDITION, render_pages
from generator.model.reference import json_schemas, model_docs, schema_path
from generator.derive.languages import language_names, search_languages, uses_cjk
from generator.speed.kept import Generated, Generation
from .project import Project, find_project
from generator.model.schema import Dataset
from generator.model.validate import MODELS, todo, validate
from generator.speed.workers import Workers


def as_project(where: Project | Path) -> Project:
    """A project, or the directory holding its mkdocs.yml."""
    return where if isinstance(where, Project) else find_project(Path(where) / "mkdocs.yml")


def check(project: Project | Path) -> Dataset:
    """Load and validate the data only; raise DataError listing every problem."""
    project = as_project(project)
    return validate(load_sources(project.data_dir, project.config_file), project.templates)


def generate(project: Project | Path, draft: bool = False, workers: Workers | None = None) -> Generated:
    """Run every stage and return the generated Markdown and assets; fail if a published permalink would break.

    A draft reports the numbers of the text no fact covers yet as warnings instead of failing. Charts are drawn by
    `workers` when given (ones that outlast this build), else by workers of this build's own."""
    return start(project, draft, workers).finished()


def start(
    project: Project | Path,
    draft: bool = False,
    workers: Workers | None = None,
    then: Callable[[Generated], None] | None = None,
    ahead: Workers | None = None,
) -> Generation:
    """As `generate`, but return as soon as everything but the charts' drawing is done: the pages hold a placeholder
    where a chart's size goes, filled when the generation is `finished()` (then given to `then`). `ahead`: workers of
    this build's own, started already (engine.drawing_ahead), which it draws with and ends as those it would start.

    MkDocs converts the pages meanwhile (the plugin), instead of waiting for the drawings, which are what a cold build
    spends longest on: their sizes are all a page needs of them."""
    project = as_project(project)
    with contextlib.ExitStack() as ending:  # the workers of this build's own end once the charts are drawn, or on an error
        if ahead is not None:
            ending.enter_context(ahead)
        sources = load_sources(project.data_dir, project.config_file)
        dataset = validate(sources, project.templates, numbers=not draft)
        warnings = [str(problem) for problem in todo(dataset, sources)] if draft else []
        cache = RenderCache(project.cache_dir / "render")
        if workers is None:
            workers = ahead or ending.enter_context(Workers(drawing_workers(len(dataset.charts))))
        prepare_drawing(workers, len(dataset.charts), cache)
        report = derive(dataset)
        if dataset.charts:
            _vendor(project)
        views = chart_views(report)
        drawing = start_charts(report, views, cache, project.vendor_dir, workers)  # while this process goes on
        citations = cite_report(report, views, cache)
        dates = page_dates(report, project.data_dir, project.docs_dir, cache)
        handwritten = read_handwritten(report, project.docs_dir)
        later = SizesLater(drawing)
        generated = _generated(project, sources, report, later.views, citations, dates, handwritten, warnings)
        return Generation(generated, later, ending.pop_all(), then)


def _generated(
    project: Project,
    sources: Sources,
    report: Report,
    views: dict[str, ChartView],
    citations: Citations,
    dates: dict[str, dt.date],
    handwritten: dict[str, str],
    warnings: list[str],
) -> Generated:
    """The pages and every file but the charts' drawings; fail if a published permalink would break."""
    bundled = {BUNDLE_PATH: vega_bundle(project.vendor_dir)} if views else {}
    pages = render_report_pages(report, project.templates, views, citations, dates, handwritten, project.cache_dir / "jinja")
    moved = _moved_from(sources.redirects)
    printed = {page.src_path: (page.id, tuple(moved.get(page.id, []))) for page in report.pages}
    cited = {path: text for path, text in pages.items() if not path.startswith(CITATIONS_DIR)}  # the citations pages follow their pages
    cited[PRINT_EDITION] = print_edition.as_markdown(pages[PRINT_EDITION], pages, printed)
    links = permalinks.collect(cited) | permalinks.heading_anchors(handwritten)
    permalinks.check(project.ledger, links, sources.redirects)
    files = {path: text.encode("utf-8") for path, text in pages.items()}
    files.update({schema_path(name): text.encode("utf-8") for name, text in json_schemas().items()})
    files.update(theme_assets(project, report))
    files.update(bundled)
    by_path = {page.src_path: dates[page.id] for page in report.pages}
    by_path[PRINT_EDITION] = max(by_path.values())
    site = report.data.site
    return Generated(
        site_name=site.title,
        site_description=site.description,
        nav=[(page.spec.nav_title, page.src_path) for page in report.pages],
        framed=[page.spec.file for page in report.pages if page.spec.file],
        files=dict(sorted(files.items())),
        permalinks=links,
        dates=by_path,
        warnings=warnings,
        search_languages=search_languages(report),
        printed=printed,
        stylesheets=sorted(path for path in files if path.startswith("stylesheets/") and path.endswith(".css")),
        scripts=sorted(path for path in files if path.startswith("javascripts/") and path.endswith(".js")),
    )


def render_report_pages(
    report: Report,
    templates: list[Path],
    views: dict[str, ChartView],
    citations: Citations,
    dates: dict[str, dt.date],
    handwritten: dict[str, str] | None = None,
    compiled: Path | None = None,
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
    from generator.charts.vendor import VendorError, fetch_missing  # stdlib only: also `python3 -m generator.charts.vendor` before any install

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
