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

from .errors import GeneratorError

LEDGER = "permalinks.txt"
LEDGER_HEADER = """\
# Published permalinks: every page path and anchor below must keep resolving.
# A build fails when one would not. To rename an anchor, keep the old id in the
# record's `former_ids`; to move a page, add a redirect in mkdocs.yml
# (plugins: redirects: redirect_maps). Add new permalinks deliberately with
# `make permalinks` (python -m generator permalinks --add).
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


def read_ledger(root: Path) -> list[str]:
    path = root / LEDGER
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


def check(root: Path, links: set[str], redirects: dict[str, str]) -> None:
    """Raise PermalinkError naming every published permalink that would break."""
    missing = unresolved(read_ledger(root), links, redirects)
    if missing:
        lines = "\n".join(f"  {link}" for link in missing)
        msg = (
            f"{LEDGER}: {len(missing)} published permalink{'s' if len(missing) != 1 else ''} would no longer resolve:\n"
            f"{lines}\n"
            "Keep a renamed anchor in the record's `former_ids`, or redirect a moved page in mkdocs.yml."
        )
        raise PermalinkError(msg)


def add_new(root: Path, links: set[str]) -> list[str]:
    """Add every permalink not yet in the ledger; return the ones added."""
    ledger = read_ledger(root)
    new = sorted(links - set(ledger))
    if new:
        entries = sorted(set(ledger) | set(new))
        (root / LEDGER).write_text(LEDGER_HEADER + "\n".join(entries) + "\n", encoding="utf-8")
    return new
