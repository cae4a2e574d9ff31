"""The printable edition, the whole report on one page, put together from the HTML MkDocs made of each page.

Converting every page's Markdown a second time, as one long document, would
convert the whole report twice in every rebuild under `mkdocs serve` that
touched a page. So the edition's Markdown (templates/print.md.j2) holds,
after its own heading and cite box, one slot per page (`slot()`), and once MkDocs
has converted every page the plugin fills each slot with that page's HTML
(`assemble()`), made a part of one page (`as_markdown()` makes the same
edition as Markdown, for a builder without the plugin):
- its heading becomes the part's: id `page-<id>` (and empty anchors for the ids
  of the pages moved to it), class rs-print-page;
- what only the page itself shows, which the templates mark between
  `<!-- rs:page-only -->` and `<!-- /rs:page-only -->` (its cite box, each
  figure's cite box, the chart script), is left out;
- a link to a page of the report points within the edition (`#x`, or
  `#page-<id>` for the page itself); every other relative address is made
  relative to the edition's own;
- tab sets are numbered on through the edition, as one document numbers them.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

PRINT_EDITION = "print.md"
"""The printable edition's docs path."""

_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)
_TITLE = re.compile(r"^# (.+)$", re.M)
_SLOT = re.compile(r'<div class="rs-print-slot" data-page="([^"]+)"></div>')
_PAGE_ONLY = re.compile(r"<!-- rs:page-only -->.*?<!-- /rs:page-only -->", re.S)
_HEADING = re.compile(r'<h1 id="([^"]*)">(.*?)<a class="headerlink" href="#\1"', re.S)
_ADDRESS = re.compile(r'(\s(?:href|src)=")([^"]*)(")')
_TAB_SET = re.compile(r'(__tabbed_|data-tabs=")(\d+)')
_ID = re.compile(r'\sid="([^"]+)"')


def slot(src_path: str) -> str:
    """The edition's Markdown for the page at `src_path`: an empty block that `assemble` fills."""
    return f'<div class="rs-print-slot" data-page="{src_path}"></div>'


def as_markdown(edition: str, pages: dict[str, str], printed: dict[str, tuple[str, tuple[str, ...]]]) -> str:
    """The whole edition as Markdown, for a builder without the plugin (`report-site render`) and for what looks for
    anchors in Markdown (the permalink check): each slot holds its page's Markdown (`pages`: by source path) without
    front matter or what only the page shows, its heading made the part's (`printed`: source path → (page id, ids of
    the pages moved to it)), and links to the report's pages pointing within the edition."""

    def fill(slot_match: re.Match) -> str:
        page_id, former = printed[slot_match.group(1)]
        body = _PAGE_ONLY.sub("", _FRONT_MATTER.sub("", pages[slot_match.group(1)], count=1))
        return _TITLE.sub(lambda m: f"# {_former_anchors(former)}{m.group(1)} {{: #page-{page_id} .rs-print-page }}", body, count=1)

    markdown = _SLOT.sub(fill, edition)
    for path, (page_id, _) in printed.items():
        markdown = markdown.replace(f"]({path}#", "](#").replace(f"]({path})", f"](#page-{page_id})")
    return markdown


def standalone(files: dict[str, bytes], edition: str, printed: dict[str, tuple[str, tuple[str, ...]]]) -> dict[str, bytes]:
    """`files` (docs path → bytes) with the edition at `edition` made whole Markdown (see `as_markdown`)."""
    pages = {path: files[path].decode("utf-8") for path in printed}
    return {**files, edition: as_markdown(files[edition].decode("utf-8"), pages, printed).encode("utf-8")}


@dataclass(frozen=True)
class Part:
    """A page of the edition: its HTML as MkDocs made it, its URL, its id, and the ids of the pages redirected to it."""

    html: str
    url: str
    """As MkDocs gives it: `costs/`, or `./` for the front page."""
    page_id: str
    former: tuple[str, ...] = ()


def assemble(edition: str, edition_url: str, parts: dict[str, Part]) -> tuple[str, set[str]]:
    """The edition's HTML with each slot filled by its part (`parts`: by the page's source path), and every id it holds."""
    pages = {_directory(part.url): part.page_id for part in parts.values()}
    sets = _TabSets(edition)

    def fill(slot_match: re.Match) -> str:
        part = parts[slot_match.group(1)]
        html = _PAGE_ONLY.sub("", part.html)
        html = _HEADING.sub(lambda m: _heading(part, m.group(2)), html, count=1)
        base, here = _directory(part.url), _directory(edition_url)
        html = _ADDRESS.sub(lambda m: m.group(1) + _address(m.group(2), base, here, pages) + m.group(3), html)
        return sets.renumber(html)

    html = _SLOT.sub(fill, edition)
    return html, set(_ID.findall(html))


def _directory(url: str) -> str:
    """A page's URL as MkDocs gives it (`costs/`, `./` for the front page) as a path from the site's root: `/costs/`, `/`."""
    path = posixpath.normpath("/" + url)
    return path if path == "/" else path + "/"


def _heading(part: Part, title: str) -> str:
    return f'<h1 class="rs-print-page" id="page-{part.page_id}">{_former_anchors(part.former)}{title}<a class="headerlink" href="#page-{part.page_id}"'


def _former_anchors(former: tuple[str, ...]) -> str:
    """Empty anchors for the ids of the pages moved to a part, so links to their old places still land."""
    return "".join(f'<span class="rs-former" id="page-{old}"></span>' for old in former)


def _address(value: str, base: str, edition: str, pages: dict[str, str]) -> str:
    """An address in a page at `base`, as the edition at `edition` gives it (both directories below the site's root)."""
    split = urlsplit(value)
    if split.scheme or split.netloc or value.startswith(("/", "#")) or not split.path:
        return value
    target = posixpath.normpath(posixpath.join(base, split.path))
    if split.path.endswith("/") and target != "/":
        target += "/"
    if target in pages and not split.query:
        return f"#{split.fragment}" if split.fragment else f"#page-{pages[target]}"
    relative = posixpath.relpath(target, edition) + ("/" if target.endswith("/") and target != "/" else "")
    return relative + (f"?{split.query}" if split.query else "") + (f"#{split.fragment}" if split.fragment else "")


class _TabSets:
    """Tab sets numbered on through the edition: each part's set n becomes the next number not yet used."""

    def __init__(self, edition: str):
        self.used = max((int(n) for _, n in _TAB_SET.findall(_SLOT.sub("", edition))), default=0)

    def renumber(self, html: str) -> str:
        numbers: dict[str, int] = {}

        def new(match: re.Match) -> str:
            if match.group(2) not in numbers:
                self.used += 1
                numbers[match.group(2)] = self.used
            return f"{match.group(1)}{numbers[match.group(2)]}"

        return _TAB_SET.sub(new, html)
