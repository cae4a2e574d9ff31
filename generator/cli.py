"""Command line: `report-site {new,check,todo,render,build,publish,freeze,deploy,serve,permalinks,schema,font}`.

Every command but `new` works on the project of `mkdocs.yml` in the current
directory (or `-f FILE`), with the report-site plugin's options from it.
"""

from __future__ import annotations

import argparse
import functools
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import GeneratorError

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

    from .project import Project

PLUGIN = "report-site"
"""The plugin's name in mkdocs.yml (its entry point)."""


@dataclass(frozen=True)
class Argument:
    """One argument of a command: what argparse's `add_argument` takes."""

    flags: tuple[str, ...]
    settings: dict[str, Any] = field(default_factory=dict)


def argument(*flags: str, **settings: Any) -> Argument:
    """An argument as `add_argument(*flags, **settings)` would add it."""
    return Argument(flags, settings)


@dataclass(frozen=True)
class Command:
    """One `report-site` command: its help line, its arguments, and the function that runs it and returns the exit status."""

    help: str
    run: Callable[[argparse.Namespace], int]
    arguments: tuple[Argument, ...] = ()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="report-site", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-f", "--config-file", type=Path, default=Path("mkdocs.yml"), help="the project's mkdocs.yml (default: ./mkdocs.yml)")
    subparsers = parser.add_subparsers(dest="command", required=True)
    for name, command in COMMANDS.items():
        subparser = subparsers.add_parser(name, help=command.help)
        for arg in command.arguments:
            subparser.add_argument(*arg.flags, **arg.settings)
    args = parser.parse_args(argv)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    os.environ.setdefault("DISABLE_MKDOCS_2_WARNING", "true")
    _log_like_mkdocs()
    try:
        return COMMANDS[args.command].run(args)
    except GeneratorError as err:
        print(err, file=sys.stderr)
        return 1
    except KeyboardInterrupt:  # Ctrl-C: the workers leave it to this process, and a build replaces site/ only once done
        print(f"report-site {args.command}: interrupted", file=sys.stderr)
        return 130


def _log_like_mkdocs() -> None:
    """Show MkDocs' messages as its own command line does: `INFO    -  ...`."""
    import logging

    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)


# --- the commands: each imports what it needs, so a command starts without loading the others' libraries ---


def start_project(args: argparse.Namespace) -> int:
    """Write a new project into the directory from the article's text."""
    from generator.authoring.scaffold import new_project

    print(new_project(args.directory, args.text))
    return 0


def check_data(args: argparse.Namespace) -> int:
    """Validate the data and count its records."""
    from .model.files import DATA_FILES
    from .pipeline import check
    from .wording import counted as counted_as

    project = _project(args)
    data = check(project)
    counted = [(len(data.paragraphs), "paragraph", "paragraphs")] + [(len(getattr(data, f.name)), *f.counted) for f in DATA_FILES if f.counted]
    print(f"{project.data_dir.name}/ is valid: {', '.join(counted_as(*entry) for entry in counted if entry[0])}")
    return 0


def list_todo(args: argparse.Namespace) -> int:
    """List the numbers of the text no fact covers; exit status 1 while there are any."""
    from generator.authoring.todo import todo_report

    text, remaining = todo_report(_project(args))
    print(text)
    return 1 if remaining else 0


def render_docs(args: argparse.Namespace) -> int:
    """Write the generated docs tree, the printable edition as whole Markdown."""
    from generator.hosting.write import write_tree
    from generator.pages.print_edition import PRINT_EDITION, standalone
    from generator.speed.scheduler import up_to_date

    project = _project(args)
    generated = up_to_date(project)  # the printable edition as whole Markdown: a builder without the plugin cannot fill it
    written = write_tree(standalone(generated.files, PRINT_EDITION, generated.printed), project.docs_dir, args.out)
    print(f"wrote {len(written)} files to {args.out}")
    return 0


def write_schemas(args: argparse.Namespace) -> int:
    """Write the data files' JSON Schemas into data/schema/."""
    from generator.model.reference import SCHEMA_DIR, json_schemas, schema_path

    project = _project(args)
    schemas = json_schemas()
    (project.data_dir / SCHEMA_DIR).mkdir(exist_ok=True)
    for name, text in schemas.items():
        (project.data_dir / schema_path(name)).write_text(text, encoding="utf-8")
    print(f"wrote {len(schemas)} JSON Schema files to {project.data_dir / SCHEMA_DIR}/")
    return 0


def write_font(args: argparse.Namespace) -> int:
    """Cut the Chinese web font subset into docs/fonts/."""
    from generator.derive.font import cut_font

    print(cut_font(_project(args)))
    return 0


def list_permalinks(args: argparse.Namespace) -> int:
    """List the permalinks not yet in the ledger, or with --add record them."""
    from generator.pages import permalinks
    from generator.speed.scheduler import up_to_date

    project = _project(args)
    links = up_to_date(project).permalinks
    if args.add:
        added = permalinks.add_new(project.ledger, links)
        print(f"added {len(added)} permalinks to {project.ledger.name}")
    else:
        new = sorted(links - set(permalinks.read_ledger(project.ledger)))
        print("\n".join(new) if new else f"every permalink is in {project.ledger.name}")
    return 0


def _mkdocs_errors(run: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """Report MkDocs' own errors (a strict build's warnings, a failed push) as its command line does: the message, status 1."""

    @functools.wraps(run)
    def reported(args: argparse.Namespace) -> int:
        from mkdocs.exceptions import MkDocsException

        try:
            return run(args)
        except MkDocsException as err:
            print(err, file=sys.stderr)
            return 1

    return reported


@_mkdocs_errors
def build_site(args: argparse.Namespace) -> int:
    """Build the site: a draft, or with --publish a build for readers, its placeholders refused before anything is built."""
    project = _project_entered(args)
    if args.publish:
        _refuse_placeholders(project)
    _build(project, site_dir=args.site_dir, publishing=args.publish)
    return 0


@_mkdocs_errors
def publish_edition(args: argparse.Namespace) -> int:
    """Freeze the version in site.yaml as an edition: tag it, build it for editions/X/, keep it in the store, commit."""
    import tempfile

    from generator.hosting import edition

    project = _project_entered(args)
    site = _site(project)
    edition.refuse_unpublishable(project, site["version"])
    tagged = edition.tag(project, site["version"], site["title"])
    with tempfile.TemporaryDirectory(prefix=".edition-", dir=project.root) as scratch:
        built = _freeze(project, site["version"], Path(scratch) / "site")
        kept = edition.keep(project, built, site["version"], site["date"])
    print(f"published edition {kept.version} ({len(kept.files)} files) in {project.editions_dir.relative_to(project.root)}/{kept.version}/, tagged {tagged}")
    print("the latest site serves it once built: report-site build (or deploy)")
    return 0


def archive_edition(args: argparse.Namespace) -> int:
    """Keep a site built by an older checkout (for its edition's address) as the edition its tag names, frozen."""
    from generator.hosting import edition
    from generator.hosting.freeze import freeze
    from generator.model.load import read_config

    project = _project_entered(args)
    version = args.tag.rpartition("/")[2].removeprefix("v")
    built = args.site.resolve()
    freeze(built, version, read_config(project.config_file)["site_url"])
    kept = edition.archive_tagged(project, built, args.tag)
    print(f"archived edition {kept.version} ({len(kept.files)} files) in {project.editions_dir.relative_to(project.root)}/{kept.version}/")
    return 0


@_mkdocs_errors
def freeze_edition(args: argparse.Namespace) -> int:
    """Build this checkout as its edition, frozen, into --out (as publish does, without keeping it): to compare with the store."""
    project = _project_entered(args)
    version = _site(project)["version"]
    out = args.out.resolve()
    if out.exists():
        print(f"{out} exists: give a new directory", file=sys.stderr)
        return 1
    _freeze(project, version, out)
    print(f"built edition {version} into {out}")
    return 0


def _site(project: Project) -> dict:
    import yaml

    return yaml.safe_load((project.data_dir / "site.yaml").read_text(encoding="utf-8"))


def _freeze(project: Project, version: str, out: Path) -> Path:
    from generator.editions.addresses import edition_url
    from generator.hosting.freeze import freeze
    from generator.model.load import read_config

    site_url = read_config(project.config_file)["site_url"]
    _build(project, site_dir=out, publishing=True, site_url=edition_url(site_url, version), edition=version)
    freeze(out, version, site_url)
    return out


@_mkdocs_errors
def deploy_site(args: argparse.Namespace) -> int:
    """Refuse placeholders and an unpublished edition, build for readers, and publish the site."""
    from generator.hosting.edition import refuse_unpublished

    project = _project_entered(args)
    _refuse_placeholders(project)
    refuse_unpublished(project, _site(project)["version"])  # every citation would point at its missing edition
    config = _build(project, site_dir=None, publishing=True)
    if args.dir is not None:
        from generator.hosting.publish import copy_site

        copy_site(Path(config["site_dir"]), args.dir)
        print(f"published {config['site_dir']} to {args.dir}")
        return 0
    from mkdocs.commands.gh_deploy import gh_deploy

    gh_deploy(config)
    return 0


@_mkdocs_errors
def serve_site(args: argparse.Namespace) -> int:
    """Serve the site with live reload."""
    from mkdocs.commands.serve import serve

    project = _project_entered(args)
    serve(str(project.config_file), dev_addr=args.dev_addr, livereload=True)
    return 0


def _project(args: argparse.Namespace) -> Project:
    from .project import find_project

    return find_project(args.config_file)


def _project_entered(args: argparse.Namespace) -> Project:
    """The project, with the working directory at its root, where MkDocs resolves the config's relative paths."""
    project = _project(args)
    os.chdir(project.root)
    return project


def _refuse_placeholders(project: Project) -> None:
    from generator.hosting.publish import refuse_placeholders

    refuse_placeholders(project)  # before anything is built or pushed


def _build(project: Project, *, site_dir: Path | None, publishing: bool, site_url: str | None = None, edition: str | None = None) -> MkDocsConfig:
    """Build the site as `mkdocs build --strict` does, the plugin told whether the build is for readers and whether it is
    an edition's (`site_url` then the edition's address); return its config."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    overrides = {"site_dir": str(site_dir)} if site_dir else {}
    if site_url:
        overrides["site_url"] = site_url
    config = load_config(str(project.config_file), strict=True, **overrides)
    plugin = config.plugins.get(PLUGIN)
    if plugin is not None:  # a project without the plugin has nothing it would refuse
        plugin.publishing = publishing  # a number no fact covers is then an error, not a draft's warning
        plugin.edition = edition
    config.plugins.on_startup(command="build", dirty=False)  # as `mkdocs build` does
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    return config


COMMANDS: dict[str, Command] = {
    "new": Command("start a report project in DIR from an article's text", start_project, (
        argument("directory", type=Path),
        argument("--text", type=Path, required=True, help="the article as plain text (UTF-8), paragraphs separated by blank lines or line breaks"),
    )),
    "check": Command("validate the data only", check_data),
    "todo": Command("list each number of the text no fact covers yet, with a fact to paste", list_todo),
    "render": Command("write the complete generated MkDocs docs tree to a directory", render_docs, (
        argument("--out", type=Path, required=True),
    )),
    "build": Command("generate and build the site with MkDocs (strict)", build_site, (
        argument("--site-dir", type=Path, default=None),
        argument("--publish", action="store_true", help="a build for readers: refuse placeholders and numbers no fact covers"),
    )),
    "publish": Command("publish the version in site.yaml as an edition, frozen at editions/VERSION/ and tagged vVERSION", publish_edition),
    "archive": Command("keep a site built by the checkout of TAG (for <site_url>editions/VERSION/) as that edition", archive_edition, (
        argument("--tag", required=True, help="the edition's annotated tag, vVERSION"),
        argument("--site", type=Path, required=True, help="the site that checkout built (it is frozen and moved into the store)"),
    )),
    "freeze": Command("build this checkout as its edition, frozen, into --out (to compare with the published one)", freeze_edition, (
        argument("--out", type=Path, required=True),
    )),
    "deploy": Command("refuse placeholders, build, and publish to GitHub Pages (mkdocs gh-deploy) or --dir", deploy_site, (
        argument("--dir", type=Path, default=None, help="copy the site into this directory instead of GitHub Pages"),
    )),
    "permalinks": Command("list permalinks not yet in the ledger; --add records them", list_permalinks, (
        argument("--add", action="store_true", help="add them to the ledger (permalinks.txt)"),
    )),
    "schema": Command("write data/schema/*.schema.json from the data model, for editors", write_schemas),
    "font": Command("cut docs/fonts/noto-sans-sc-subset.woff2 holding the Chinese characters the data uses", write_font),
    "serve": Command("serve the site with live reload", serve_site, (
        argument("--dev-addr", default="127.0.0.1:8000"),
    )),
}
"""Every command, in the order `--help` lists them: name → its help, arguments, and the function that runs it."""
