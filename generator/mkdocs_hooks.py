"""MkDocs adapter: runs the generator inside `mkdocs build` and `mkdocs serve`.

It only translates MkDocs events into calls of `generator.build.generate()`:
- on_config: generate (so bad data aborts before MkDocs touches anything),
  take the site's name and navigation from the data (site_url stays
  MkDocs' own setting), and point `mkdocs build` at a staging directory;
- on_files: add the generated pages and assets as in-memory files; a
  hand-written file in docs/ with the same path is an error, never replaced;
- on_post_build: make the staged site ready for a host (generator/postbuild.py:
  inline scripts into files, the redirects map for nginx, precompressed
  .gz/.br), then swap it in, only when the build succeeded (strict mode
  counts warnings such as broken links only at the very end);
  on_build_error: drop the staged site. The previous site stays intact;
- on_pre_page: date each generated page by its data's last change, and
  set SOURCE_DATE_EPOCH from the newest, so the sitemap and every other
  date MkDocs writes come from the data, not the build clock;
- on_serve: watch data/, templates/ and generator/ so edits rebuild.
  While serving, a data error does not stall the server: it is printed
  with its location, and the last good pages are served with the error
  shown on top of every page until the data is fixed.
"""

from __future__ import annotations

import calendar
import html
import importlib
import logging
import os
import shutil
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.utils import CountHandler

ROOT = Path(__file__).resolve().parent.parent
WATCHED = ("data", "templates", "generator")

_generated = None
_serving = False
_serve_error: str | None = None
"""While serving: the data error that stopped the latest generation (the last good one is shown)."""
_staged: tuple[Path, Path] | None = None
"""(staging directory, the site directory it replaces) while `mkdocs build` runs."""


def on_startup(command, dirty):
    global _serving
    _serving = command == "serve"  # serve builds into its own temporary directory


def _fresh_generator():
    """Import the generator anew, so `mkdocs serve` picks up edits to its code."""
    for name in [n for n in sys.modules if n == "generator" or n.startswith("generator.")]:
        del sys.modules[name]
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    return importlib.import_module("generator.build"), importlib.import_module("generator.errors")


def on_config(config):
    global _generated, _serve_error
    build, errors = _fresh_generator()
    try:
        _generated = build.generate(ROOT)
        _serve_error = None
    except errors.GeneratorError as err:
        if not (_serving and _generated is not None):
            raise PluginError(f"report generator: {err}") from None
        _serve_error = str(err)
        # Printed, not logged: strict mode would turn a logged error into an aborted (stalled) rebuild.
        print(f"ERROR   -  report generator: {err}\nINFO    -  Serving the last good build until this is fixed.", file=sys.stderr, flush=True)
    site = _generated.report.data.site
    # The theme prints these as HTML: data reaches it escaped, as text.
    config["site_name"] = html.escape(site.title)
    config["site_description"] = html.escape(site.description)
    config["nav"] = [{html.escape(page.spec.nav_title): page.src_path} for page in _generated.report.pages]
    newest = max(_generated.dates.values())
    os.environ.setdefault("SOURCE_DATE_EPOCH", str(calendar.timegm(newest.timetuple())))
    if not _serving:
        _stage(config)
    return config


def on_pre_page(page, config, files):
    if page.file.src_uri in _generated.dates:
        page.update_date = _generated.dates[page.file.src_uri].isoformat()
    return page


def _stage(config) -> None:
    """Build into `.site.building` beside the site directory; on_post_build swaps it in."""
    global _staged
    target = Path(config["site_dir"])
    staging = target.with_name(f".{target.name}.building")
    shutil.rmtree(staging, ignore_errors=True)
    config["site_dir"] = str(staging)
    _staged = (staging, target)


def on_post_build(config):
    global _staged
    if _staged is None:
        return
    staging, target = _staged
    _staged = None
    if config["strict"] and _warnings_so_far():
        shutil.rmtree(staging, ignore_errors=True)  # MkDocs aborts right after this event
        return
    from generator.errors import GeneratorError  # loaded by on_config's fresh import
    from generator.write import swap_in

    try:
        _prepare_for_hosting(staging, config)
    except GeneratorError as err:
        raise PluginError(f"report generator: {err}") from None  # on_build_error drops the staged site
    swap_in(staging, target)
    config["site_dir"] = str(target)


def _prepare_for_hosting(staging: Path, config) -> None:
    """Inline scripts into files (for the CSP), the redirects for nginx, and .gz/.br beside every text file."""
    from generator.build import CACHE
    from generator.cache import RenderCache
    from generator.postbuild import externalize_scripts, precompress, write_redirects_map

    externalize_scripts(staging)
    redirects = config["plugins"].get("redirects")
    write_redirects_map(staging, redirects.config["redirect_maps"] if redirects else {})
    precompress(staging, RenderCache(ROOT / CACHE / "compressed"))


def on_build_error(error):
    global _staged
    if _staged is not None:
        shutil.rmtree(_staged[0], ignore_errors=True)
        _staged = None


def _warnings_so_far() -> int:
    """Warnings MkDocs' strict mode has counted in this build (it aborts on any)."""
    counters = [h for h in logging.getLogger("mkdocs").handlers if isinstance(h, CountHandler)]
    return sum(count for counter in counters for _, count in counter.get_counts())


# First, so plugins that look at the pages (search, redirects) see the generated ones too.
@event_priority(100)
def on_files(files: Files, config) -> Files:
    clashes = [path for path in _generated.files if files.get_file_from_path(path) is not None]
    if clashes:
        named = ", ".join(f"docs/{path} (hand-written) and generated {path}" for path in sorted(clashes))
        raise PluginError(f"report generator: hand-written files clash with generated ones, nothing was replaced: {named}")
    for path, content in _generated.files.items():
        files.append(File.generated(config, path, content=content))
    return files


def on_post_page(output, page, config):
    if _serve_error is None:
        return output
    banner = (
        '<div role="alert" style="position:sticky;top:0;z-index:10;padding:1em;background:#b00020;color:#fff;font:14px monospace">'
        f"<strong>The data has errors; this is the last good build.</strong><pre style=\"white-space:pre-wrap\">{html.escape(_serve_error)}</pre></div>"
    )
    body = output.find(">", output.find("<body")) + 1
    return output[:body] + banner + output[body:]


def on_serve(server, config, builder):
    for name in WATCHED:
        server.watch(str(ROOT / name))
    return server
