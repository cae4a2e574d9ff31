"""Publishing: refuse placeholder metadata, then build and deploy.

Drafts build with placeholders (`make site`, `make test`); a build meant for
readers must not, because the address and the editors go into every citation
a reader copies. `placeholder_problems` names each one by file and key.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from generator.errors import GeneratorError
from generator.model.load import read_config
from generator.project import Project

PLACEHOLDER_HOSTS = re.compile(r"(^|\.)(example\.(org|com|net)|localhost|127\.0\.0\.1)$", re.I)
PLACEHOLDER_NAMES = re.compile(r"^\s*((report )?site editors?|editors?|your name|name|todo|tbd|anonymous)\s*$", re.I)


class PlaceholderError(GeneratorError):
    """Metadata that is still a placeholder, in a build meant for publishing."""


def placeholder_problems(project: Project) -> list[str]:
    """Every placeholder a published build must not carry, as `file: key: value is a placeholder`."""
    problems = []
    config_name = project.config_file.name
    site_url = read_config(project.config_file)["site_url"]
    host = urlsplit(site_url).hostname or ""
    if PLACEHOLDER_HOSTS.search(host):
        problems.append(f"{config_name}: site_url: {site_url} is a placeholder: set the address the site will be published at")
    site_name = f"{project.data_dir.name}/site.yaml"
    site = yaml.safe_load((project.data_dir / "site.yaml").read_text(encoding="utf-8")) or {}
    editors = site.get("editors") or []
    if not editors:
        problems.append(f"{site_name}: editors: missing: name the site's editors (citations credit them)")
    for i, editor in enumerate(editors):
        name = editor.get("name", "") if isinstance(editor, dict) else str(editor)
        if PLACEHOLDER_NAMES.match(name or ""):
            problems.append(f"{site_name}: editors[{i}].name: {name!r} is a placeholder: name the real editors")
    if not str(site.get("version") or "").strip():
        problems.append(f"{site_name}: version: missing: citations carry the version")
    article = yaml.safe_load((project.data_dir / "article.yaml").read_text(encoding="utf-8")) or {}
    for name, values in ((site_name, site), (f"{project.data_dir.name}/article.yaml: source", article.get("source") or {})):
        for key, value in values.items():
            if isinstance(value, str) and value.startswith(TODO):
                problems.append(f"{name}: {key}: {value!r} is a placeholder: fill it in (or remove it where the text does not state it)")
    return problems


TODO = "TODO"
"""What `report-site new` writes where only an editor can fill in a value."""


def refuse_placeholders(project: Project) -> None:
    """Stop, naming every placeholder, when the site's metadata is not ready for readers."""
    problems = placeholder_problems(project)
    if problems:
        lines = "\n".join(f"  {problem}" for problem in problems)
        raise PlaceholderError(f"not publishing: the site's metadata still has placeholders:\n{lines}")


def copy_site(site: Path, destination: Path) -> None:
    """Publish to a directory (a mounted host, a web server's root): its contents become the site's."""
    destination.mkdir(parents=True, exist_ok=True)
    shutil.copytree(site, destination, dirs_exist_ok=True)
