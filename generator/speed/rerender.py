"""Under `mkdocs serve`: a page whose Markdown has not changed keeps the HTML MkDocs made of it last time.

An edit usually changes a page or two, but MkDocs converts every page's
Markdown again on each rebuild, which is most of a rebuild's time. What
`Page.render` makes of a page (its HTML, table of contents, title, anchors
and links to other pages' anchors) depends only on its Markdown, the
Markdown extensions and their options, and the site's files and their URLs
(links are resolved against them): under a key of those, the last render
is used again. A render that logged a warning is never reused, so strict
mode sees every warning on every rebuild. Everything after the render
(plugins' page events, the theme's templates) runs as always; the search
index does the same by itself (generator/speed/search_index.py).
"""

from __future__ import annotations

import copy
import hashlib
import logging

from mkdocs.structure.pages import Page
from mkdocs.utils import CountHandler


class PageRenders:
    """The renders of the latest build, by page: kept by the plugin for the whole `mkdocs serve` session."""

    def __init__(self):
        self.kept: dict[str, tuple[str, dict]] = {}
        """Page source path → (key, what its render set)."""
        self.pending: dict[str, tuple[str, int]] = {}
        """Page source path → (key, warnings counted before its render) for the pages rendered in this build."""
        self.site: tuple[object, str] | None = None
        """This build's files, and a hash of what every page's render depends on besides its own Markdown."""

    def before_render(self, page: Page, config, files) -> None:
        """Called with the page's final Markdown: reuse its last render if its key is unchanged."""
        if self.site is None or self.site[0] is not files:  # a new build: its extensions and files, hashed once
            self.site = (files, _site_key(config, files))
        key = hashlib.sha256("\0".join([self.site[1], page.file.src_uri, page.markdown]).encode("utf-8")).hexdigest()
        kept = self.kept.get(page.file.src_uri)
        if kept is not None and kept[0] == key:
            page.render = lambda config, files, rendered=kept[1]: _restore(page, rendered, files)  # type: ignore[method-assign]
        else:
            self.pending[page.file.src_uri] = (key, warnings_counted())

    def after_render(self, page: Page) -> None:
        """Keep a fresh render for next time, unless it logged a warning."""
        key, warnings = self.pending.pop(page.file.src_uri, (None, 0))
        if key is not None and warnings_counted() == warnings:
            self.kept[page.file.src_uri] = (key, _rendered(page))


def _site_key(config, files) -> str:
    """The Markdown extensions, their options, and the site's files with their URLs (links resolve against them)."""
    site = sorted((f.src_uri, f.url) for f in files)
    parts = [repr(config["markdown_extensions"]), repr(config["mdx_configs"]), repr(site)]
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()


def _rendered(page: Page) -> dict:
    links = {target.src_uri: dict(anchors) for target, anchors in (page.links_to_anchors or {}).items()}
    return {
        "content": page.content,
        "toc": copy.deepcopy(page.toc),
        "title": page._title_from_render,
        "anchors": set(page.present_anchor_ids or ()),
        "links": links,
    }


def _restore(page: Page, rendered: dict, files) -> None:
    page.content = rendered["content"]
    page.toc = copy.deepcopy(rendered["toc"])
    page._title_from_render = rendered["title"]
    page.present_anchor_ids = set(rendered["anchors"])
    page.links_to_anchors = {files.get_file_from_path(src): dict(anchors) for src, anchors in rendered["links"].items()}


def warnings_counted() -> int:
    """Warnings MkDocs has counted in this build (strict mode aborts on any)."""
    counters = [h for h in logging.getLogger("mkdocs").handlers if isinstance(h, CountHandler)]
    return sum(count for counter in counters for _, count in counter.get_counts())
