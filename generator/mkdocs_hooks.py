"""MkDocs adapter: runs the generator inside `mkdocs build` and `mkdocs serve`.

It only translates MkDocs events into calls of `generator.build.generate()`:
- on_config: generate (so bad data aborts before MkDocs cleans the site
  directory: the previous site stays intact), and take the site's name
  and navigation from the data (site_url stays MkDocs' own setting);
- on_files: add the generated pages and assets as in-memory files; a
  hand-written file in docs/ with the same path is an error, never replaced;
- on_serve: watch data/, templates/ and generator/ so edits rebuild.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files

ROOT = Path(__file__).resolve().parent.parent
WATCHED = ("data", "templates", "generator")

_generated = None


def _fresh_generator():
    """Import the generator anew, so `mkdocs serve` picks up edits to its code."""
    for name in [n for n in sys.modules if n == "generator" or n.startswith("generator.")]:
        del sys.modules[name]
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    return importlib.import_module("generator.build"), importlib.import_module("generator.errors")


def on_config(config):
    global _generated
    build, errors = _fresh_generator()
    try:
        _generated = build.generate(ROOT)
    except errors.GeneratorError as err:
        raise PluginError(f"report generator: {err}") from None
    site = _generated.report.data.site
    config["site_name"] = site.title
    config["site_description"] = site.description
    config["nav"] = [{page.spec.nav_title: page.src_path} for page in _generated.report.pages]
    return config


# First, so plugins that look at the pages (search, redirects) see the generated ones too.
@event_priority(100)
def on_files(files: Files, config) -> Files:
    clashes = [path for path in _generated.files if files.get_file_from_path(path) is not None]
    if clashes:
        raise PluginError("report generator: these hand-written files in docs/ clash with generated ones: " + ", ".join(sorted(clashes)))
    for path, content in _generated.files.items():
        files.append(File.generated(config, path, content=content))
    return files


def on_serve(server, config, builder):
    for name in WATCHED:
        server.watch(str(ROOT / name))
    return server
