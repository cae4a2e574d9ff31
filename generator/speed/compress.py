"""Compressing the site's files ahead of the hosting step, in a worker, while MkDocs still renders pages.

`precompress` (generator/hosting/postbuild.py) writes a .gz and a .br beside
every text file once the site is built; whatever was compressed ahead into
the cache it finds there. A worker process, not a thread: the page rendering
holds the interpreter lock between two compressions.
"""

from __future__ import annotations

from pathlib import Path

from generator.hosting.postbuild import as_hosted, compressed, is_compressed
from generator.memo import Memo

from .workers import Workers


def compress_ahead(contents: list[bytes], cache: Memo, workers: Workers) -> None:
    """Start compressing, by `workers`, files known before the site is written (the theme's assets, the generated charts
    and scripts) that `cache` lacks; close the workers (waiting) before `precompress` runs."""
    missing = [data for data in contents if not is_compressed(data, cache)]
    if missing:
        workers.submit(_compress_all, missing, cache)


def compress_page_ahead(html: str, site: Path, path: str, cache: Memo, workers: Workers) -> None:
    """Start compressing, by `workers`, the page MkDocs is about to write at `path`, as it will be hosted."""
    compress_ahead([as_hosted(html, site, path).encode("utf-8")], cache, workers)


def _compress_all(contents: list[bytes], cache: Memo) -> None:
    for data in contents:
        compressed(data, cache)
