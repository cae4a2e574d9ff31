"""Where an edition is served: the latest at the site's own addresses, each published edition frozen below `editions/`."""

from __future__ import annotations

EDITIONS = "editions"
"""The folder below the site's root holding the frozen editions (and, in a project, the store: store.py)."""


def edition_path(version: str) -> str:
    """An edition's folder below the site's root: `editions/1.0.0/`."""
    return f"{EDITIONS}/{version}/"


def edition_url(site_url: str, version: str, path: str = "") -> str:
    """The address of `path` (below the site's root, as the latest edition serves it) in edition `version`."""
    return f"{site_url}{edition_path(version)}{path}"
