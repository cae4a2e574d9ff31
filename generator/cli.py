"""Command line: `report-site {new,check,todo,render,build,deploy,serve,permalinks,schema,font}`.

Every command but `new` works on the project of `mkdocs.yml` in the current
directory (or `-f FILE`), with the report-site plugin's options from it.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .errors import GeneratorError


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="report-site", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-f", "--config-file", type=Path, default=Path("mkdocs.yml"), help="the project's mkdocs.yml (default: ./mkdocs.yml)")
    commands = parser.add_subparsers(dest="command", required=True)
    new = commands.add_parser("new", help="start a report project in DIR from an article's text")
    new.add_argument("directory", type=Path)
    new.add_argument("--text", type=Path, required=True, help="the article as plain text (UTF-8), paragraphs separated by blank lines or line breaks")
    commands.add_parser("check", help="validate the data only")
    commands.add_parser("todo", help="list each number of the text no fact covers yet, with a fact to paste")
    render = commands.add_parser("render", help="write the complete generated MkDocs docs tree to a directory")
    render.add_argument("--out", type=Path, required=True)
    build = commands.add_parser("build", help="generate and build the site with MkDocs (strict)")
    build.add_argument("--site-dir", type=Path, default=None)
    build.add_argument("--publish", action="store_true", help="a build for readers: refuse placeholders and numbers no fact covers")
    deploy = commands.add_parser("deploy", help="refuse placeholders, build, and publish to GitHub Pages (mkdocs gh-deploy) or --dir")
    deploy.add_argument("--dir", type=Path, default=None, help="copy the site into this directory instead of GitHub Pages")
    links = commands.add_parser("permalinks", help="list permalinks not yet in the ledger; --add records them")
    links.add_argument("--add", action="store_true", help="add them to the ledger (permalinks.txt)")
    commands.add_parser("schema", help="write data/schema/*.schema.json from the data model, for editors")
    commands.add_parser("font", help="cut docs/fonts/noto-sans-sc-subset.woff2 holding the Chinese characters the data uses")
    serve = commands.add_parser("serve", help="serve the site with live reload")
    serve.add_argument("--dev-addr", default="127.0.0.1:8000")
    args = parser.parse_args(argv)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    os.environ.setdefault("DISABLE_MKDOCS_2_WARNING", "true")
    _log_like_mkdocs()
    try:
        return _run(args)
    except GeneratorError as err:
        print(err, file=sys.stderr)
        return 1


def _log_like_mkdocs() -> None:
    """Show MkDocs' messages as its own command line does: `INFO    -  ...`."""
    import logging

    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)


def _run(args: argparse.Namespace) -> int:
    if args.command == "new":
        from generator.authoring.scaffold import new_project

        created = new_project(args.directory, args.text)
        print(created)
        return 0
    from .project import find_project

    project = find_project(args.config_file)
    if args.command == "check":
        from .pipeline import check

        data = check(project)
        print(
            f"{project.data_dir.name}/ is valid: {len(data.paragraphs)} paragraphs, {len(data.facts)} facts, "
            f"{len(data.entities)} entities, {len(data.events)} events, {len(data.claims)} claims, "
            f"{len(data.lists)} lists, {len(data.glossary)} terms, {len(data.charts)} charts"
        )
        return 0
    if args.command == "todo":
        from generator.authoring.todo import todo_report

        text, remaining = todo_report(project)
        print(text)
        return 1 if remaining else 0
    if args.command == "render":
        from .pipeline import generate
        from generator.pages.print_edition import PRINT_EDITION
        from generator.pages.print_edition import standalone
        from generator.hosting.write import write_tree

        generated = generate(project)  # the printable edition as whole Markdown: a builder without the plugin cannot fill it
        written = write_tree(standalone(generated.files, PRINT_EDITION, generated.printed), project.docs_dir, args.out)
        print(f"wrote {len(written)} files to {args.out}")
        return 0
    if args.command == "schema":
        from generator.model.reference import SCHEMA_DIR, json_schemas, schema_path

        schemas = json_schemas()
        (project.data_dir / SCHEMA_DIR).mkdir(exist_ok=True)
        for name, text in schemas.items():
            (project.data_dir / schema_path(name)).write_text(text, encoding="utf-8")
        print(f"wrote {len(schemas)} JSON Schema files to {project.data_dir / SCHEMA_DIR}/")
        return 0
    if args.command == "font":
        from generator.derive.font import cut_font

        print(cut_font(project))
        return 0
    if args.command == "permalinks":
        from generator.pages import permalinks
        from .pipeline import generate

        links = generate(project).permalinks
        if args.add:
            added = permalinks.add_new(project.ledger, links)
            print(f"added {len(added)} permalinks to {project.ledger.name}")
        else:
            new = sorted(links - set(permalinks.read_ledger(project.ledger)))
            print("\n".join(new) if new else f"every permalink is in {project.ledger.name}")
        return 0

    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    os.chdir(project.root)
    if getattr(args, "publish", False) or args.command == "deploy":
        from generator.hosting.publish import refuse_placeholders

        refuse_placeholders(project)  # before anything is built or pushed
        os.environ["REPORT_SITE_PUBLISH"] = "1"  # and a number no fact covers is an error, not a draft's warning
    try:
        if args.command in ("build", "deploy"):
            from mkdocs.commands.build import build

            overrides = {"site_dir": str(args.site_dir)} if getattr(args, "site_dir", None) else {}
            config = load_config(str(project.config_file), strict=True, **overrides)
            config.plugins.on_startup(command="build", dirty=False)  # as `mkdocs build` does
            try:
                build(config)
            finally:
                config.plugins.on_shutdown()
            if args.command == "deploy":
                _deploy(config, args.dir)
            return 0
        from mkdocs.commands.serve import serve

        serve(str(project.config_file), dev_addr=args.dev_addr, livereload=True)
        return 0
    except MkDocsException as err:
        print(err, file=sys.stderr)
        return 1


def _deploy(config, directory: Path | None) -> None:
    """Publish the built site: into `directory`, or to the gh-pages branch with MkDocs' own gh-deploy."""
    if directory is not None:
        from generator.hosting.publish import copy_site

        copy_site(Path(config["site_dir"]), directory)
        print(f"published {config['site_dir']} to {directory}")
        return
    from mkdocs.commands.gh_deploy import gh_deploy

    gh_deploy(config)
