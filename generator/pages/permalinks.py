"""Published permalinks never disappear: the ledger and its check.

`permalinks.txt` lists every permalink the site has published (a page path,
or a page path and an anchor). Each build collects the anchors the generated
pages define and fails, naming each one, if a listed permalink would no
longer resolve: unless its page is redirected (mkdocs-redirects) to a page
that has the anchor, or the anchor is kept as a former id of the record that
now has another.
"""

from __future__ import annotations

import re
from pathlib import Path

from generator.errors import GeneratorError

LEDGER = "permalinks.txt"
LEDGER_HEADER = """\
# Published permalinks: every page path and anchor below must keep resolving.
# A build fails when one would not. To rename an anchor, keep the old id in the
# record's `former_ids`; to move a page, add a redirect in mkdocs.yml
# (plugins: redirects: redirect_maps). Add new permalinks deliberately with
# `report-site permalinks --add` (`make permalinks` in the generator's repository).
"""

# How templates give an element an id: `{: #id }` attribute lists and `id="id"` attributes.
_ANCHOR = re.compile(r"\{:[^}\n]*?#([a-z0-9][a-z0-9-]*)|\bid=\"([a-z0-9][a-z0-9-]*)\"")


class PermalinkError(GeneratorError):
    """Published permalinks would stop resolving."""


def page_path(src_path: str) -> str:
    """`costs.md` → `/costs/`; `index.md` → `/` (MkDocs' directory URLs)."""
    stem = src_path.removesuffix(".md")
    if stem == "index":
        return "/"
    return "/" + stem.removesuffix("/index") + "/"


def collect(markdown: dict[str, str]) -> set[str]:
    """Every permalink the generated pages define: page paths, and page paths with an anchor."""
    links = set()
    for src_path, text in markdown.items():
        path = page_path(src_path)
        links.add(path)
        links.update(f"{path}#{a or b}" for a, b in _ANCHOR.findall(text))
    return links


_HEADING = re.compile(r"^#{1,6}[ \t]+(.+?)[ \t#]*$", re.MULTILINE)


def heading_anchors(handwritten: dict[str, str]) -> set[str]:
    """The anchors Markdown gives the headings of hand-written pages (page id → Markdown), as permalinks."""
    from markdown.extensions.toc import slugify

    links = set()
    for page_id, text in handwritten.items():
        path = page_path(f"{page_id}.md")
        for title in _HEADING.findall(text):
            if "{:" not in title:  # an attribute list names its own id, which collect() finds
                links.add(f"{path}#{slugify(title, '-')}")
    return links


def read_ledger(path: Path) -> list[str]:
    if not path.exists():
        return []
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def unresolved(ledger: list[str], links: set[str], redirects: dict[str, str]) -> list[str]:
    """Ledger entries that no page, redirect or former id resolves."""
    moved = {page_path(old): page_path(new) for old, new in redirects.items()}
    missing = []
    for link in ledger:
        path, _, anchor = link.partition("#")
        target = moved.get(path, path)
        if (f"{target}#{anchor}" if anchor else target) not in links:
            missing.append(link)
    return missing


def check(ledger: Path, links: set[str], redirects: dict[str, str]) -> None:
    """Raise PermalinkError naming every published permalink that would break."""
    published = read_ledger(ledger)
    missing = unresolved(published, links, redirects)
    if not missing:
        return
    shown = "\n".join(f"  {link}" for link in missing[:20]) + (f"\n  … and {len(missing) - 20} more" if len(missing) > 20 else "")
    advice = "Keep a renamed anchor in the record's `former_ids`, or redirect a moved page in mkdocs.yml."
    if 2 * len(missing) > len(published):
        advice = (
            f"{len(missing)} of {len(published)} do not resolve: is this ledger another report's? A new report that has published nothing yet starts an "
            f"empty ledger: delete {ledger.name} (or keep only its comment lines), then record its own with `report-site permalinks --add`. "
            "A report already published: " + advice
        )
    raise PermalinkError(f"{ledger.name}: {len(missing)} published permalink{'s' if len(missing) != 1 else ''} would no longer resolve:\n{shown}\n{advice}")


def add_new(ledger: Path, links: set[str]) -> list[str]:
    """Add every permalink not yet in the ledger; return the ones added."""
    published = read_ledger(ledger)
    new = sorted(links - set(published))
    if new:
        entries = sorted(set(published) | set(new))
        ledger.write_text(LEDGER_HEADER + "\n".join(entries) + "\n", encoding="utf-8")
    return new
