"""What one run of the generator makes: plain data, kept on disk between builds (generator/speed/kept.py).

Its own module, with nothing but the standard library: reading a kept output
back imports this, not the pipeline that made it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Generated:
    """Everything the MkDocs plugin needs from one run of the generator (plain data: it is kept on disk)."""

    site_name: str
    site_description: str
    version: str
    """The version in site.yaml: the edition the site is (the latest, at the site's own addresses)."""
    nav: list[tuple[str, str]]
    """(navigation title, docs path) of each page, in order."""
    framed: list[str]
    """Hand-written pages (docs paths) that pages.yaml lists: the generator serves each framed in their place."""
    files: dict[str, bytes]
    """Docs-relative path → file content."""
    permalinks: set[str]
    """Every page path and anchor the generated pages define."""
    dates: dict[str, dt.date]
    """Generated page path → the date its data last changed (for the sitemap and reproducible builds)."""
    warnings: list[str]
    """In a draft: numbers of the text no fact covers yet (a publishing build refuses them)."""
    notices: list[str]
    """What the build tells its user without holding it up: a page left out because its data is empty."""
    search_languages: list[str]
    printed: dict[str, tuple[str, tuple[str, ...]]]
    """The printable edition's parts, in order: each page's docs path → (its id, the ids of the pages moved to it)."""
    stylesheets: list[str]
    scripts: list[str]
    """Docs paths of the generated stylesheets and scripts every page loads."""
