"""The plain-MkDocs baseline: the same generated tree and configuration, built without the report-site plugin.

    python bench/plain.py --project DIR --out DIR

writes OUT/docs (`python -m generator render` of the project, with its
hand-written docs) and OUT/mkdocs.yml, OUT/mkdocs-no-search.yml: the
project's mkdocs.yml without `report-site`, plus everything the plugin sets
in on_config (site name and description, nav, its theme overrides as
`custom_dir`, the stylesheets and scripts it adds, search's languages and
separator), taken by running the plugin's on_config once on the real config,
and the generated pages it keeps out of the navigation (on_files), listed
under `not_in_nav`.
`mkdocs build -f OUT/mkdocs.yml` then builds what MkDocs alone builds.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

import yaml
from mkdocs.config import load_config

PLUGIN = "report-site"
SEARCH = ("search", "material/search")


def write_plain_tree(project: Path, out: Path) -> None:
    """Render the project's docs tree into OUT/docs and write the two plain configurations beside it."""
    docs = out / "docs"
    rendered = subprocess.run([sys.executable, "-m", "generator", "render", "--out", str(docs)], cwd=project, capture_output=True, text=True)
    if rendered.returncode != 0:
        raise SystemExit(f"`python -m generator render --out {docs}` in {project} failed:\n{rendered.stdout}{rendered.stderr}")
    hand_written = project / "docs"
    for path in sorted(p for p in hand_written.rglob("*") if p.is_file()):
        target = docs / path.relative_to(hand_written)
        if not target.exists():  # a page the generator frames is already there, in its framed form
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
    settings = plugin_settings(project / "mkdocs.yml")
    in_nav = {path for entry in settings["nav"] for path in entry.values()}
    settings["outside_nav"] = sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*.md") if p.relative_to(docs).as_posix() not in in_nav)
    raw = yaml.safe_load((project / "mkdocs.yml").read_text(encoding="utf-8"))
    for name, search in (("mkdocs.yml", True), ("mkdocs-no-search.yml", False)):
        config = plain_config(raw, settings, search)
        (out / name).write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")


def plugin_settings(config_file: Path) -> dict:
    """What the report-site plugin's on_config sets, read back from a config it has run on."""
    before = load_config(str(config_file))
    after = load_config(str(config_file))
    plugin = after.plugins[PLUGIN]
    plugin.on_startup(command="serve", dirty=False)  # as under serve: no staging directory for a build
    plugin.on_config(after)
    theme_dirs = [d for d in after.theme.dirs if d not in before.theme.dirs]
    if before.theme.custom_dir or len(theme_dirs) != 1:
        raise SystemExit(f"{config_file}: expected the plugin to add one theme directory and the project to have no custom_dir of its own; got {theme_dirs}")
    search = next((after.plugins[name] for name in SEARCH if name in after.plugins), None)
    return {
        "site_name": after.site_name,
        "site_description": after.site_description,
        "nav": after.nav,
        "custom_dir": theme_dirs[0],
        "extra_css": list(after.extra_css),
        "extra_javascript": [str(script) for script in after.extra_javascript],
        "search": {"lang": search.config["lang"], "separator": search.config["separator"]} if search else None,
    }


def plain_config(raw: dict, settings: dict, search: bool) -> dict:
    """The project's configuration without the plugin (and without search when `search` is false), with the plugin's settings written in.

    Its docs and site directories are `docs` and `site` beside it (relative: Zensical stops on absolute ones)."""
    plugins = []
    for entry in raw.get("plugins") or []:
        name = entry if isinstance(entry, str) else next(iter(entry))
        if name == PLUGIN or (name in SEARCH and not search):
            continue
        if name in SEARCH:
            options = {} if isinstance(entry, str) else dict(entry[name] or {})
            entry = {name: {**options, **settings["search"]}}
        plugins.append(entry)
    return {
        **raw,
        "site_name": settings["site_name"],
        "site_description": settings["site_description"],
        "nav": settings["nav"],
        "docs_dir": "docs",
        "site_dir": "site",
        "theme": {**raw["theme"], "custom_dir": settings["custom_dir"]},
        "extra_css": settings["extra_css"],
        "extra_javascript": settings["extra_javascript"],
        "plugins": plugins,
        "not_in_nav": "\n".join(dict.fromkeys([*(line for line in (raw.get("not_in_nav") or "").splitlines() if line.strip()), *(f"/{path}" for path in settings["outside_nav"])])),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--project", type=Path, required=True, help="the project directory (its mkdocs.yml lists report-site)")
    parser.add_argument("--out", type=Path, required=True, help="a new directory for the tree and the configurations")
    args = parser.parse_args()
    write_plain_tree(args.project.resolve(), args.out.resolve())


if __name__ == "__main__":
    main()
