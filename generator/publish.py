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

from .errors import GeneratorError
from .load import read_config

PLACEHOLDER_HOSTS = re.compile(r"(^|\.)(example\.(org|com|net)|localhost|127\.0\.0\.1)$", re.I)
PLACEHOLDER_NAMES = re.compile(r"^\s*((report )?site editors?|editors?|your name|name|todo|tbd|anonymous)\s*$", re.I)


class PlaceholderError(GeneratorError):
    """Metadata that is still a placeholder, in a build meant for publishing."""


def placeholder_problems(root: Path) -> list[str]:
    """Every placeholder a published build must not carry, as `file: key: value is a placeholder`."""
    problems = []
    site_url = read_config(root / "mkdocs.yml")["site_url"]
    host = urlsplit(site_url).hostname or ""
    if PLACEHOLDER_HOSTS.search(host):
        problems.append(f"mkdocs.yml: site_url: {site_url} is a placeholder: set the address the site will be published at")
    site_file = root / "data" / "site.yaml"
    site = yaml.safe_load(site_file.read_text(encoding="utf-8")) or {}
    editors = site.get("editors") or []
    if not editors:
        problems.append("data/site.yaml: editors: missing: name the site's editors (citations credit them)")
    for i, editor in enumerate(editors):
        name = editor.get("name", "") if isinstance(editor, dict) else str(editor)
        if PLACEHOLDER_NAMES.match(name or ""):
            problems.append(f"data/site.yaml: editors[{i}].name: {name!r} is a placeholder: name the real editors")
    if not str(site.get("version") or "").strip():
        problems.append("data/site.yaml: version: missing: citations carry the version")
    return problems


def refuse_placeholders(root: Path) -> None:
    """Stop, naming every placeholder, when the site's metadata is not ready for readers."""
    problems = placeholder_problems(root)
    if problems:
        lines = "\n".join(f"  {problem}" for problem in problems)
        raise PlaceholderError(f"not publishing: the site's metadata still has placeholders:\n{lines}")


def copy_site(site: Path, destination: Path) -> None:
    """Publish to a directory (a mounted host, a web server's root): its contents become the site's."""
    destination.mkdir(parents=True, exist_ok=True)
    shutil.copytree(site, destination, dirs_exist_ok=True)
