"""The MkDocs plugin `report-site`: runs the generator inside `mkdocs build` and `mkdocs serve`.

A project's mkdocs.yml lists it (`plugins: [report-site, search]`, with
options `data_dir`, `templates_dir`, `permalinks`, `vendor_dir` and `editions_dir`, each
relative to mkdocs.yml). It adapts MkDocs' events, in the order MkDocs sends
them, to the generator (generator/pipeline.py) and to the scheduler of its
speed-ups (generator/speed/scheduler.py):
- load_config: a build that will draw every chart starts its chart workers;
- on_config: generate, or take the output kept for unchanged inputs (so bad
  data aborts before MkDocs touches anything), and put it in MkDocs'
  configuration (site_config.py); `mkdocs build` builds into a staging
  directory (staging.py);
- on_files: add the generated files (site_files.py); building a site, start
  compressing what is known already;
- on_env: fill the printable edition, start the search index, and wait for
  the charts: their files, and their sizes into the converted pages;
- on_pre_page / on_post_page: date each page by its data's last change;
  notices on top of every page (notices.py); compress the page ahead;
- on_post_build: the search index's entries; then make the staged site ready
  for a host and swap it in, only if the build succeeded;
  on_build_error: drop the staged site; the previous one stays intact;
- on_serve and the page events under serve: serve.py.
"""

from __future__ import annotations

import calendar
import contextlib
import gc
import logging
import os
import sys
from pathlib import Path

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority

from generator.environment import setting
from generator.errors import GeneratorError
from generator.project import find_project, project_from_options
from generator.speed.rerender import warnings_counted
from generator.speed.scheduler import Scheduler

from . import notices, site_config, site_files
from .serve import Serving, watch
from .staging import Staging

log = logging.getLogger("mkdocs.plugins.report-site")
"""MkDocs' own log (its INFO lines, silenced by `-q`): what the build did that the data did not ask for."""


class ReportSiteConfig(Config):
    data_dir = config_options.Type(str, default="data")
    templates_dir = config_options.Type(str, default="templates")
    """The project's own templates, overriding the packaged defaults file by file (need not exist)."""
    permalinks = config_options.Type(str, default="permalinks.txt")
    vendor_dir = config_options.Type(str, default="vendor")
    editions_dir = config_options.Type(str, default="editions")
    """The published editions (generator/editions/store.py)."""


class ReportSitePlugin(BasePlugin[ReportSiteConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.once = False
        """Under `mkdocs build` and `gh-deploy`: this process builds once, then exits (see _held_until_exit)."""
        self.publishing = False
        """A build for readers (`report-site build --publish`, `deploy`): numbers no fact covers are errors, not warnings."""
        self.edition: str | None = None
        """The version being frozen as an edition (`report-site publish`): its site holds no other edition."""
        self.scheduler = Scheduler()
        self.serving: Serving | None = None
        self.staging: Staging | None = None
        self.project = None
        self.generated = None
        self.dated = contextlib.ExitStack()
        """SOURCE_DATE_EPOCH from the data, while MkDocs builds: MkDocs reads the build date from it alone."""

    def load_config(self, options, config_file_path=None):
        errors, warnings = super().load_config(options, config_file_path)
        if not errors and config_file_path is not None:
            with contextlib.suppress(GeneratorError):  # on_config reports what is wrong with the project
                self.scheduler.draw_ahead(find_project(Path(config_file_path)))
        return errors, warnings

    def on_startup(self, *, command, dirty):
        self.once = command != "serve"  # `mkdocs serve --clean` starts as `build` does (on_serve then says so)
        if command == "serve":
            self.serving = Serving()
            self.scheduler.serve()
        if self.once:
            _held_until_exit()

    def on_shutdown(self):
        self.scheduler.close()

    # First, so the search plugin's own on_config sees the languages set here.
    @event_priority(100)
    def on_config(self, config):
        self.project = project_from_options(Path(config.config_file_path), config["docs_dir"], dict(self.config))
        try:
            self.generated = self.scheduler.generate(self.project, draft=not self.publishing)
            if self.serving is not None:
                self.serving.error = None
        except GeneratorError as err:
            if self.serving is None or self.generated is None:
                raise PluginError(f"report generator: {err}") from None
            self.serving.failed(err)
        for warning in self.generated.warnings:
            print(f"WARNING -  report generator (draft): {warning}", file=sys.stderr, flush=True)
        for notice in self.generated.notices:
            log.info("report generator: %s", notice)
        site_config.apply_generated(config, self.generated, self.project.cache_dir)
        if "SOURCE_DATE_EPOCH" not in os.environ:
            self.dated.enter_context(setting("SOURCE_DATE_EPOCH", str(calendar.timegm(max(self.generated.dates.values()).timetuple()))))
        if self.serving is None:
            self.staging = Staging(config)
        if self.once:
            _held_until_exit()
        return config

    # First, so plugins that look at the pages (search, redirects) see the generated ones too.
    @event_priority(100)
    def on_files(self, files, *, config):
        underway = self.scheduler.underway
        files = site_files.add_generated(files, self.generated, underway.undrawn if underway else [], config)
        site_config.leave_out_unused_lunr(files, self.generated.search_languages)
        if self.staging is not None:
            self.scheduler.start_helpers(self.project)
            undrawn = set(underway.undrawn if underway else [])
            self.scheduler.compress_ahead(site_files.static_text_files([f for f in files if f.src_uri not in undrawn]))
        return files

    def on_env(self, env, *, config, files):
        """Every page is converted: fill the printable edition, start the search index, and wait for the charts (the
        index reads no image). Compiled theme templates are kept in .cache/jinja, compiled without Jinja's optimizer
        (which folds constant expressions and changes no output)."""
        import jinja2

        site_files.fill_print_edition(files, self.generated)
        pages = [f.page for f in files.documentation_pages() if f.page is not None and f.page.content is not None]
        self.scheduler.index_ahead(site_config.search_plugin(config), pages)
        with _as_build_error():
            underway = self.scheduler.drawn()
        if underway is not None:
            self.generated = underway.finished()
            self.scheduler.compress_ahead(site_files.static_text_files(site_files.fill_drawn(files, self.generated, underway.undrawn, underway.fill)))
        env.bytecode_cache = jinja2.FileSystemBytecodeCache(str(self.project.cache_dir / "jinja"))
        env.optimized = False
        return env

    def on_pre_page(self, page, *, config, files):
        if page.file.src_uri in self.generated.dates:
            page.update_date = self.generated.dates[page.file.src_uri].isoformat()
        return page

    # Last, on the page's final Markdown and first on its HTML: under serve, an unchanged page keeps its last render.
    @event_priority(-100)
    def on_page_markdown(self, markdown, *, page, config, files):
        if self.serving is not None:
            self.serving.renders.before_render(page, config, files)
        return markdown

    @event_priority(100)
    def on_page_content(self, html, *, page, config, files):
        if self.serving is not None:
            self.serving.renders.after_render(page)
        return html

    # Last: the page as it is written.
    @event_priority(-100)
    def on_post_page(self, output, *, page, config):
        output = notices.with_notices(output, self.serving.error if self.serving else None, self.generated.warnings)
        self.scheduler.compress_page_ahead(output, Path(config["site_dir"]), page.file.dest_uri)
        return output

    # Before the search plugin writes its index: the helper's entries.
    @event_priority(50)
    def _fill_search_index(self, *, config):
        self.scheduler.fill_index(site_config.search_plugin(config))

    # Last, after the search plugin has written its index: everything the host serves is in place.
    @event_priority(-100)
    def _finish_site(self, *, config):
        self.dated.close()
        staging, self.staging = self.staging, None
        if staging is None:
            return
        self.scheduler.stop_helpers(wait=True)
        if config["strict"] and warnings_counted():
            staging.drop()  # MkDocs aborts right after this event
            return
        with _as_build_error():
            editions = None if self.edition else (self.project.editions_dir, self.generated.version)
            staging.finish(config, self.scheduler.compressed, editions)

    on_post_build = CombinedEvent(_fill_search_index, _finish_site)

    def on_build_error(self, *, error):
        self.dated.close()
        self.scheduler.abandon()
        if self.staging is not None:
            self.staging.drop()
            self.staging = None

    def on_serve(self, server, *, config, builder):
        self.once = False
        watch(server, self.project)
        return server


def _held_until_exit() -> None:
    """What this process holds now it holds until it exits, built once (the modules, then the generator's output):
    Python's cyclic garbage collector need not walk it again, nor the interpreter free it object by object on exit.
    Only in a one-shot build (`mkdocs build`, `gh-deploy`): `mkdocs serve`'s rebuilds leave garbage to collect, and a
    program calling MkDocs' build() itself sends no on_startup (the tests)."""
    gc.freeze()


@contextlib.contextmanager
def _as_build_error():
    """The generator's error as MkDocs' own (printed without a traceback); on_build_error then drops the staged site."""
    try:
        yield
    except GeneratorError as err:
        raise PluginError(f"report generator: {err}") from None
