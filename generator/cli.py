"""Command line: `python -m generator {check,render,build,deploy,serve,permalinks,schema}`."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .errors import GeneratorError

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("check", help="validate data/ only")
    render = commands.add_parser("render", help="write the complete generated MkDocs docs tree to a directory")
    render.add_argument("--out", type=Path, required=True)
    build = commands.add_parser("build", help="generate and build the site with MkDocs (strict)")
    build.add_argument("--site-dir", type=Path, default=None)
    build.add_argument("--publish", action="store_true", help="a build for readers: refuse placeholder metadata (site_url, editors, version)")
    deploy = commands.add_parser("deploy", help="refuse placeholders, build, and publish to GitHub Pages (mkdocs gh-deploy) or --dir")
    deploy.add_argument("--dir", type=Path, default=None, help="copy the site into this directory instead of GitHub Pages")
    links = commands.add_parser("permalinks", help="list permalinks not yet in the ledger; --add records them")
    links.add_argument("--add", action="store_true", help="add them to permalinks.txt")
    commands.add_parser("schema", help="write data/schema/*.schema.json from the data model, for editors")
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
    if args.command == "check":
        from .build import check

        data = check(ROOT)
        print(
            f"data/ is valid: {len(data.paragraphs)} paragraphs, {len(data.facts)} facts, "
            f"{len(data.entities)} entities, {len(data.events)} events, {len(data.claims)} claims, "
            f"{len(data.lists)} lists, {len(data.glossary)} terms, {len(data.charts)} charts"
        )
        return 0
    if args.command == "render":
        from .build import generate
        from .write import write_tree

        written = write_tree(generate(ROOT).files, ROOT / "docs", args.out)
        print(f"wrote {len(written)} files to {args.out}")
        return 0

    if args.command == "schema":
        from .reference import SCHEMA_DIR, json_schemas, schema_path

        schemas = json_schemas()
        (ROOT / "data" / SCHEMA_DIR).mkdir(exist_ok=True)
        for name, text in schemas.items():
            (ROOT / "data" / schema_path(name)).write_text(text, encoding="utf-8")
        print(f"wrote {len(schemas)} JSON Schema files to data/{SCHEMA_DIR}/")
        return 0
    if args.command == "permalinks":
        from . import permalinks
        from .build import generate

        links = generate(ROOT).permalinks
        if args.add:
            added = permalinks.add_new(ROOT, links)
            print(f"added {len(added)} permalinks to {permalinks.LEDGER}")
        else:
            new = sorted(links - set(permalinks.read_ledger(ROOT)))
            print("\n".join(new) if new else f"every permalink is in {permalinks.LEDGER}")
        return 0

    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    os.chdir(ROOT)
    if getattr(args, "publish", False) or args.command == "deploy":
        from .publish import refuse_placeholders

        refuse_placeholders(ROOT)  # before anything is built or pushed
    try:
        if args.command in ("build", "deploy"):
            from mkdocs.commands.build import build

            overrides = {"site_dir": str(args.site_dir)} if getattr(args, "site_dir", None) else {}
            config = load_config(str(ROOT / "mkdocs.yml"), strict=True, **overrides)
            build(config)
            if args.command == "deploy":
                _deploy(config, args.dir)
            return 0
        from mkdocs.commands.serve import serve

        serve(str(ROOT / "mkdocs.yml"), dev_addr=args.dev_addr, livereload=True)
        return 0
    except MkDocsException as err:
        print(err, file=sys.stderr)
        return 1


def _deploy(config, directory: Path | None) -> None:
    """Publish the built site: into `directory`, or to the gh-pages branch with MkDocs' own gh-deploy."""
    if directory is not None:
        from .publish import copy_site

        copy_site(Path(config["site_dir"]), directory)
        print(f"published {config['site_dir']} to {directory}")
        return
    from mkdocs.commands.gh_deploy import gh_deploy

    gh_deploy(config)
