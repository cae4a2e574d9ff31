"""The MkDocs plugin `report-site`: runs the generator inside `mkdocs build` and `mkdocs serve`.

A project's mkdocs.yml lists it (`plugins: [report-site, search]`, with
options `data_dir`, `templates_dir`, `permalinks` and `vendor_dir`, each
relative to mkdocs.yml). It only translates MkDocs events into calls of
`generator.pipeline.generate()`:
- on_config: generate, or take the output kept for unchanged inputs
  (generator/speed/kept.py; so bad data aborts before MkDocs touches anything);
  while building a site, the charts are still being drawn when it returns
  (their pages hold placeholders for their sizes, output.Generation);
  take the site's name, navigation and search languages from the data
  (site_url stays MkDocs' own setting); put the packaged theme overrides
  under the project's own `custom_dir`; point `mkdocs build` at a staging
  directory;
- on_files: add the generated pages and assets as in-memory files; a
  hand-written file in docs/ with a generated path is an error, never
  replaced, except the hand-written pages pages.yaml lists, which the
  generator frames (cite box, metadata) and serves in their place;
- on_files, while building a site: start compressing the files already
  known (theme assets, charts) in a worker process;
- on_env: fill the printable edition with the pages' HTML
  (generator/pages/print_edition.py); while building a site, start the search
  index in a worker process (generator/speed/search_index.py), then wait for the
  charts: put their files in, and their sizes into the converted pages (a
  chart that cannot be drawn fails the build here); keep the theme's
  compiled templates in .cache/jinja;
- on_page_markdown / on_page_content, under serve: a page whose Markdown has
  not changed keeps its last render (generator/speed/rerender.py), and a page
  whose HTML has not changed its search entries (generator/speed/search_index.py);
- on_post_build: hand the search plugin the worker's index entries; then
  make the staged site ready for a host (generator/hosting/postbuild.py:
  inline scripts into files, the redirects map for nginx, precompressed
  .gz/.br), then swap it in, only when the build succeeded (strict mode
  counts warnings such as broken links only at the very end);
  on_build_error: drop the staged site. The previous site stays intact;
- on_pre_page: date each generated page by its data's last change, and
  set SOURCE_DATE_EPOCH from the newest, so the sitemap and every other
  date MkDocs writes come from the data, not the build clock;
- on_serve: watch the data, the templates and the generator so edits
  rebuild, ten times a second. While serving, a data error does not stall the server: it is
  printed with its location, and the last good pages are served with the
  error shown on top of every page until the data is fixed. Numbers of the
  text that no fact covers are shown the same way, as warnings, in serve
  and in a draft build; a publishing build refuses them.
"""

from __future__ import annotations

import calendar
import contextlib
import gc
import html
import importlib
import logging
import os
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel

from generator.speed.rerender import PageRenders, warnings_counted

PACKAGE = Path(__file__).resolve().parent.parent
WATCH_INTERVAL = 0.1
"""Seconds between two looks at the watched files under `mkdocs serve`."""


class ReportSiteConfig(Config):
    data_dir = config_options.Type(str, default="data")
    templates_dir = config_options.Type(str, default="templates")
    """The project's own templates, overriding the packaged defaults file by file (need not exist)."""
    permalinks = config_options.Type(str, default="permalinks.txt")
    vendor_dir = config_options.Type(str, default="vendor")


class ReportSitePlugin(BasePlugin[ReportSiteConfig]):
    supports_multiple_instances = False

    def __init__(self):
        self.generated = None
        self.generation = None
        """While `mkdocs build` runs, until on_env: the generation whose charts are being drawn (output.Generation)."""
        self.serving = False
        self.once = False
        """Under `mkdocs build` and `gh-deploy`: this process builds once, then exits (see _held_until_exit)."""
        self.serve_error: str | None = None
        """While serving: the data error that stopped the latest generation (the last good one is shown)."""
        self.staged: tuple[Path, Path] | None = None
        """(staging directory, the site directory it replaces) while `mkdocs build` runs."""
        self.project = None
        self.renders: PageRenders | None = None
        self.helpers = None
        """While `mkdocs build` runs: the workers compressing files known before the site is written, and indexing."""
        self.compressed = None
        """While `mkdocs build` runs: the cache of compressed files (.cache/compressed) the helpers fill and precompress reads."""
        self.indexing = None
        """While `mkdocs build` runs, once the pages are converted: the search index being made by a helper."""
        self.drawing = None
        """While serving: the worker processes that draw charts, ready for the next edit (renewed with the generator's code)."""
        self.ahead = None
        """From loading the configuration to on_config, in a build that will draw every chart: its chart workers, started."""

    def load_config(self, options, config_file_path=None):
        """MkDocs' own; then a build that will draw every chart starts its chart workers, while MkDocs goes on loading
        its configuration and plugins on one core (engine.drawing_ahead). Not under serve, once it has started: its
        own workers outlast each build."""
        errors, warnings = super().load_config(options, config_file_path)
        if not errors and config_file_path is not None and not self.serving and self.ahead is None:
            from generator.speed.engine import drawing_ahead
            from generator.errors import GeneratorError
            from generator.project import find_project

            with contextlib.suppress(GeneratorError):  # on_config reports what is wrong with the project
                self.ahead = drawing_ahead(find_project(Path(config_file_path)))
        return errors, warnings

    def on_startup(self, *, command, dirty):
        self.serving = command == "serve"  # serve builds into its own temporary directory
        self.once = not self.serving
        self.renders = PageRenders() if self.serving else None
        if self.serving:
            from generator.speed.search_index import reuse_entries

            reuse_entries()
            self._stop_ahead()  # serve starts workers of its own, which outlast each build
        if self.once:
            _held_until_exit()

    def on_shutdown(self):
        self._stop_ahead()
        self._stop_drawing()

    # Last, on the page's final Markdown: under serve, an unchanged page keeps its last render (generator/speed/rerender.py).
    @event_priority(-100)
    def on_page_markdown(self, markdown, *, page, config, files):
        if self.renders is not None:
            self.renders.before_render(page, config, files)
        return markdown

    @event_priority(100)
    def on_page_content(self, html, *, page, config, files):
        if self.renders is not None:
            self.renders.after_render(page)
        return html

    # First, so the search plugin's own on_config sees the languages set here.
    @event_priority(100)
    def on_config(self, config):
        modules, renewed = _fresh_generator()
        self.project = modules["project"].project_from_options(Path(config.config_file_path), config["docs_dir"], dict(self.config))
        if self.serving and (renewed or self.drawing is None):
            self._stop_drawing()  # they run the code they were started with
            self.drawing = modules["workers"].Workers(lasting=True)
        try:
            ahead, self.ahead = self.ahead, None
            generation = modules["output"].underway(self.project, draft=_draft(), workers=self.drawing, ahead=ahead)
            if self.serving:  # ready workers draw an edit's charts in a fraction of a second
                self.generated = generation.finished()
            else:  # drawn while MkDocs converts the pages, until on_env
                self.generated, self.generation = generation.generated, generation
            self.serve_error = None
        except modules["errors"].GeneratorError as err:
            if not (self.serving and self.generated is not None):
                raise PluginError(f"report generator: {err}") from None
            self.serve_error = str(err)
            # Printed, not logged: strict mode would turn a logged error into an aborted (stalled) rebuild.
            print(f"ERROR   -  report generator: {err}\nINFO    -  Serving the last good build until this is fixed.", file=sys.stderr, flush=True)
        for warning in self.generated.warnings:
            print(f"WARNING -  report generator (draft): {warning}", file=sys.stderr, flush=True)
        # The theme prints these as HTML: data reaches it escaped, as text.
        config["site_name"] = html.escape(self.generated.site_name)
        config["site_description"] = html.escape(self.generated.site_description)
        config["nav"] = [{html.escape(title): path} for title, path in self.generated.nav]
        theme_dir = str(modules["project"].default_templates() / "theme")
        if theme_dir not in config["theme"].dirs:  # below the project's own custom_dir, above Material
            config["theme"].dirs.insert(1 if config["theme"].custom_dir else 0, theme_dir)
        for path in self.generated.stylesheets:
            if path not in config["extra_css"]:
                config["extra_css"].append(path)
        for path in self.generated.scripts:
            if path not in config["extra_javascript"]:
                config["extra_javascript"].append(path)
        _search_languages(config, self.generated.search_languages)
        if "zh" in self.generated.search_languages:
            _jieba_cache(self.project.cache_dir / "jieba")
        newest = max(self.generated.dates.values())
        os.environ.setdefault("SOURCE_DATE_EPOCH", str(calendar.timegm(newest.timetuple())))
        if not self.serving:
            self._stage(config)
        if self.once:
            _held_until_exit()
        return config

    def on_pre_page(self, page, *, config, files):
        if page.file.src_uri in self.generated.dates:
            page.update_date = self.generated.dates[page.file.src_uri].isoformat()
        return page

    def _stage(self, config) -> None:
        """Build into `.site.building` beside the site directory; on_post_build swaps it in."""
        target = Path(config["site_dir"])
        staging = target.with_name(f".{target.name}.building")
        shutil.rmtree(staging, ignore_errors=True)
        config["site_dir"] = str(staging)
        self.staged = (staging, target)

    # Before the search plugin writes its index: the helper's entries.
    @event_priority(50)
    def _fill_search_index(self, *, config):
        if self.indexing is not None:
            from generator.speed.search_index import fill

            fill(_search_plugin(config), self.indexing)
            self.indexing = None

    # Last, after the search plugin has written its index: everything the host serves is in place.
    @event_priority(-100)
    def _finish_site(self, *, config):
        if self.staged is None:
            return
        staging, target = self.staged
        self.staged = None
        self._stop_helpers(wait=True)
        if config["strict"] and warnings_counted():
            shutil.rmtree(staging, ignore_errors=True)  # MkDocs aborts right after this event
            return
        from generator.hosting.write import swap_in

        with _as_build_error():
            self._prepare_for_hosting(staging, config)
        swap_in(staging, target)
        config["site_dir"] = str(target)

    on_post_build = CombinedEvent(_fill_search_index, _finish_site)

    def _prepare_for_hosting(self, staging: Path, config) -> None:
        """Inline scripts into files (for the CSP), the redirects for nginx, and .gz/.br beside every text file."""
        from generator.hosting.postbuild import externalize_scripts, precompress, write_redirects_map

        externalize_scripts(staging)
        redirects = config["plugins"].get("redirects")
        write_redirects_map(staging, redirects.config["redirect_maps"] if redirects else {})
        precompress(staging, self.compressed)

    def _stop_helpers(self, wait: bool) -> None:
        if self.helpers is not None:
            self.helpers.close(wait=wait)
            self.helpers = None
        self.indexing = None

    def _stop_ahead(self) -> None:
        if self.ahead is not None:
            self.ahead.close(wait=False)
            self.ahead = None

    def _stop_drawing(self) -> None:
        if self.drawing is not None:
            self.drawing.close(wait=False)
            self.drawing = None

    def on_build_error(self, *, error):
        self._stop_helpers(wait=False)
        if self.generation is not None:
            self.generation.abandon()
            self.generation = None
        if self.staged is not None:
            shutil.rmtree(self.staged[0], ignore_errors=True)
            self.staged = None

    # First, so plugins that look at the pages (search, redirects) see the generated ones too.
    @event_priority(100)
    def on_files(self, files: Files, *, config) -> Files:
        undrawn = dict.fromkeys(self.generation.undrawn if self.generation is not None else [], b"")  # filled in on_env
        generated = dict(sorted({**self.generated.files, **undrawn}.items()))
        framed = set(self.generated.framed)
        for path in framed:  # a hand-written page pages.yaml lists: the generator serves it in the site's frame
            if (original := files.get_file_from_path(path)) is not None:
                files.remove(original)
        unlisted = sorted(f.src_uri for f in files.documentation_pages() if f.src_uri not in framed and f.src_uri not in generated)
        if unlisted:
            named = ", ".join(f"docs/{path}" for path in unlisted)
            raise PluginError(
                f"report generator: {named} is not in pages.yaml: list each hand-written page there "
                "(id, title, nav_title, summary and `file: <id>.md`) to give it its place in the navigation"
            )
        clashes = [path for path in generated if files.get_file_from_path(path) is not None]
        if clashes:
            named = ", ".join(f"docs/{path} (hand-written) and generated {path}" for path in sorted(clashes))
            raise PluginError(f"report generator: hand-written files clash with generated ones, nothing was replaced: {named}")
        _leave_out_unused_lunr(files, self.generated.search_languages)
        in_nav = {path for _, path in self.generated.nav}
        for path, content in generated.items():
            # Generated pages outside the navigation (the printable edition, the citations pages) are meant to be.
            inclusion = InclusionLevel.NOT_IN_NAV if path.endswith(".md") and path not in in_nav else InclusionLevel.UNDEFINED
            files.append(File.generated(config, path, content=content, inclusion=inclusion))
        if self.staged is not None:
            from generator.speed.cache import RenderCache
            from generator.speed.workers import Workers

            # One compresses now, the other indexes once the pages are converted; both yield to the chart worker, which a
            # cold build waits for (with it, there are more processes than cores until the charts are drawn).
            self.helpers = Workers(processes=2, yielding=True)
            self.compressed = RenderCache(self.project.cache_dir / "compressed")
            self._compress_ahead([f for f in files if f.src_uri not in undrawn])
        return files

    def _compress_ahead(self, files: list[File]) -> None:
        from generator.hosting.postbuild import TEXT_SUFFIXES, compress_ahead

        static = [f for f in files if not f.is_documentation_page() and Path(f.dest_uri).suffix in TEXT_SUFFIXES]
        compress_ahead([f.content_bytes for f in static], self.compressed, self.helpers)

    def on_env(self, env, *, config, files):
        """Every page is converted: fill the printable edition, start the search index, and wait for the charts if they
        are still being drawn (the index reads no image: their sizes do not matter to it). MkDocs makes the theme's
        Jinja environment anew for every build, compiling Material's templates again (a quarter of a second of each
        rebuild under serve): compiled templates are kept in .cache/jinja, by their source. A cold build compiles
        every template, Material's and the generator's (0.25 s); without Jinja's optimizer, which folds constant
        expressions as it compiles and changes no output, that takes a seventh less."""
        import jinja2

        self._fill_print_edition(files)
        search = _search_plugin(config)
        if self.helpers is not None and search is not None and search.config.enabled:
            from generator.speed.search_index import index_ahead

            self.indexing = index_ahead(search, [f.page for f in files.documentation_pages() if f.page is not None and f.page.content is not None], self.helpers)
        self._finish_generation(files)
        env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(self.project.cache_dir / "jinja"))
        env.optimized = False
        return env

    def _finish_generation(self, files: Files) -> None:
        """Wait for the charts drawn while MkDocs converted the pages: their files, and their sizes in the pages' HTML."""
        if self.generation is None:
            return
        generation, self.generation = self.generation, None
        with _as_build_error():
            self.generated = generation.finished()
        drawn = [files.get_file_from_path(path) for path in generation.undrawn]
        for file in drawn:
            file.content_bytes = self.generated.files[file.src_uri]
        for file in files.documentation_pages():
            if file.page is not None and file.page.content is not None:
                file.page.content = generation.fill(file.page.content)
        if self.helpers is not None:
            self._compress_ahead(drawn)

    def _fill_print_edition(self, files: Files) -> None:
        from generator.pages.render import PRINT_EDITION
        from generator.pages.print_edition import Part, assemble

        edition = files.get_file_from_path(PRINT_EDITION)
        if edition is None or edition.page is None or edition.page.content is None:
            return
        pages = {path: files.get_file_from_path(path) for path in self.generated.printed}
        parts = {path: Part(pages[path].page.content, pages[path].url, page_id, former) for path, (page_id, former) in self.generated.printed.items()}
        edition.page.content, ids = assemble(edition.page.content, edition.url, parts)
        edition.page.present_anchor_ids = (edition.page.present_anchor_ids or set()) | ids

    # Last: the page as it is written.
    @event_priority(-100)
    def on_post_page(self, output, *, page, config):
        output = self._with_notices(output)
        if self.helpers is not None:  # building a site: compress the page as hosted, while the next ones render
            from generator.hosting.postbuild import compress_page_ahead

            compress_page_ahead(output, Path(config["site_dir"]), page.file.dest_uri, self.compressed, self.helpers)
        return output

    def _with_notices(self, output: str) -> str:
        draft = "Draft: numbers of the text no fact covers yet (`report-site todo` gives a record to paste for each); a publishing build refuses them."
        notices = ([("The data has errors; this is the last good build.", self.serve_error, "position:sticky;top:0;z-index:10;background:#b00020")] if self.serve_error else []) + (
            [(draft, "\n".join(self.generated.warnings), "background:#6b4400")] if self.generated.warnings else []
        )
        if not notices:
            return output
        banner = "".join(
            f'<div role="alert" style="{style};padding:1em;color:#fff;font:14px monospace">'
            f'<strong>{html.escape(title)}</strong><pre style="white-space:pre-wrap">{html.escape(text)}</pre></div>'
            for title, text, style in notices
        )
        body = output.find(">", output.find("<body")) + 1
        return output[:body] + banner + output[body:]

    def on_serve(self, server, *, config, builder):
        self.once = False  # `mkdocs serve --clean` starts as `build` does, then rebuilds
        watched = [self.project.data_dir, *self.project.templates, PACKAGE]
        for path in dict.fromkeys(watched):
            if path.exists():
                server.watch(str(path))
        # MkDocs polls the watched trees every half second: half a second of the edit loop on average.
        # A tenth costs a few hundred stat calls a tenth of a second (watchdog's emitters keep it as `_timeout`).
        for emitter in getattr(server.observer, "emitters", ()):
            if isinstance(getattr(emitter, "_timeout", None), (int, float)):
                emitter._timeout = WATCH_INTERVAL
        return server


def _held_until_exit() -> None:
    """What this process holds now it holds until it exits, built once (the modules, then the generator's output):
    Python's cyclic garbage collector need not walk it again, nor the interpreter free it object by object on exit.

    A cold build's generator leaves a large heap (citeproc-py's styles, lxml's trees, the pages); each later
    full collection walked all of it again, and the exit freed it: 0.2 s of the main process's time in a cold build,
    0.1 s in a warm one (bench: cold 10%, warm 7% faster). Never under `mkdocs serve`, whose rebuilds leave garbage
    that must be collected; nor when a program calls MkDocs' build() itself without on_startup (the tests)."""
    gc.freeze()


@contextlib.contextmanager
def _as_build_error() -> Iterator[None]:
    """The generator's error as MkDocs' own (printed without a traceback); on_build_error then drops the staged site."""
    from generator.errors import GeneratorError  # loaded by on_config's fresh import

    try:
        yield
    except GeneratorError as err:
        raise PluginError(f"report generator: {err}") from None


def _leave_out_unused_lunr(files: Files, languages: list[str]) -> None:
    """The theme's search scripts for languages the site does not search are never requested: not served, not compressed."""
    from generator.derive.languages import LUNR_DIR, lunr_scripts

    used = {LUNR_DIR + script for script in lunr_scripts(languages)}
    for file in [f for f in files if f.dest_uri.startswith(LUNR_DIR) and f.dest_uri not in used]:
        files.remove(file)


def _draft() -> bool:
    """A draft build (the default) shows uncovered numbers as warnings; REPORT_SITE_PUBLISH=1 (`build --publish`) refuses them."""
    return os.environ.get("REPORT_SITE_PUBLISH") != "1"


_imported_code: list[tuple[str, int, int]] | None = None
"""The generator's files (name, size, modification time) when its modules were last imported."""


def _fresh_generator() -> tuple[dict, bool]:
    """The generator's modules, imported anew when its code changed since the last import (then also True), so
    `mkdocs serve` picks up edits to it (and an edit to the data alone does not pay for importing it again)."""
    global _imported_code
    code = sorted((str(path.relative_to(PACKAGE)), path.stat().st_size, path.stat().st_mtime_ns) for path in PACKAGE.rglob("*") if path.suffix in (".py", ".json"))
    renewed = code != _imported_code
    if renewed:
        package = sys.modules["generator"]
        for name in [n for n in sys.modules if n.startswith("generator.") and not n.startswith("generator.plugin")]:
            del sys.modules[name]
            # `from . import x` takes the package's attribute when it has one: drop it too, or x stays the old module.
            top = name.removeprefix("generator.").partition(".")[0]
            if hasattr(package, top) and top != "plugin":
                delattr(package, top)
        _imported_code = code
    modules = {"output": "speed.kept", "errors": "errors", "project": "project", "workers": "speed.workers"}
    return {name: importlib.import_module(f"generator.{path}") for name, path in modules.items()}, renewed


def _jieba_cache(directory: Path) -> None:
    """jieba (Chinese search) keeps its dictionary's prefix cache in the project's .cache (`make clean` removes it), not in /tmp;
    its progress lines stay out of the build's output."""
    try:
        import jieba
    except ImportError:
        return
    jieba.setLogLevel(logging.WARNING)
    if not jieba.dt.initialized:
        directory.mkdir(parents=True, exist_ok=True)
        jieba.dt.tmp_dir = str(directory)


def _search_plugin(config):
    return config["plugins"].get("material/search") or config["plugins"].get("search")


def _search_languages(config, languages: list[str]) -> None:
    """Search in the languages the data uses; Chinese words come split by jieba with U+200B between them."""
    search = _search_plugin(config)
    if search is None:
        return
    search.config["lang"] = languages
    separator = search.config.get("separator") or r"[\s\-]+"
    if "zh" in languages and "\\u200b" not in separator and "\u200b" not in separator:
        search.config["separator"] = separator.replace(r"[\s", r"[\s\u200b", 1)
