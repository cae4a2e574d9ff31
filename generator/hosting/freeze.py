"""Freeze a built site as edition X: the copy served, unchanged forever, at `<site_url>editions/X/`.

The site was built with `site_url` set to the edition's own address (so its sitemap, search and citations
name the edition). Freezing then makes each page say, without any later change to its bytes:
- its canonical address is the same page's latest address (search engines send readers to the latest;
  the frozen page stays reachable), the ledger's redirects taking over where the page has moved since;
- a newer edition exists, when one does: `assets/javascripts/edition.js` reads the site's `versions.json`
  (mike's format) and shows the notice with a link to the latest address (it runs under `script-src 'self'`).
Inline scripts are moved into files as for the latest site (postbuild.externalize_scripts), so an edition
built by an older generator works under the same Content-Security-Policy.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from generator.editions.addresses import edition_url
from generator.memo import NO_MEMO, Memo
from generator.project import default_templates

from .postbuild import HOST_DIR, externalize_scripts, precompress

NOTICE_SCRIPT = "assets/javascripts/edition.js"
NOTICE_SOURCE = "edition/edition.js"
"""Under the templates, outside assets/: the latest pages do not load it, only a frozen edition's."""
_CANONICAL = re.compile(r'<link rel="canonical" href="([^"]*)">')
_HEAD_END = re.compile(r"</head>")
_COMPRESSED = (".gz", ".br")


def freeze(site: Path, version: str, site_url: str, cache: Memo = NO_MEMO) -> None:
    """Make the site built at `site` (for `edition_url(site_url, version)`) edition `version`, in place, with its
    .gz and .br files: an edition is kept exactly as it is served."""
    shutil.rmtree(site / HOST_DIR, ignore_errors=True)  # the host's files belong to the latest site
    for path in site.rglob("*"):
        if path.suffix in _COMPRESSED and path.with_suffix("").exists():
            path.unlink()  # compressed again from the frozen pages below
    externalize_scripts(site)
    own = edition_url(site_url, version)
    (site / NOTICE_SCRIPT).parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(default_templates() / NOTICE_SOURCE, site / NOTICE_SCRIPT)
    for page in sorted(site.rglob("*.html")):
        html = page.read_text(encoding="utf-8")
        frozen = _frozen(html, own, site_url, "../" * (len(page.relative_to(site).parts) - 1))
        if frozen != html:
            page.write_text(frozen, encoding="utf-8")
    precompress(site, cache)


def _frozen(html: str, own: str, site_url: str, to_root: str) -> str:
    """The page with its canonical link at the latest address and the notice's script in its head."""
    html = _CANONICAL.sub(lambda m: f'<link rel="canonical" href="{_latest(m.group(1), own, site_url)}">', html, count=1)
    if NOTICE_SCRIPT in html or not _HEAD_END.search(html):
        return html
    return _HEAD_END.sub(f'<script src="{to_root}{NOTICE_SCRIPT}" defer></script>\n</head>', html, count=1)


def _latest(url: str, own: str, site_url: str) -> str:
    """An address of the edition as the same page's latest address."""
    return site_url + url[len(own):] if url.startswith(own) else url
