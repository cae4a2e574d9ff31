"""Page weight: what a phone loads for each page of a built site, served as in production.

nginx serves the site with the committed configuration (generator/hosting/nginx.py,
the wrapper the tests and `make preview-production` use: precompressed
files, the production headers) under its site_url's path. Each page of the
sitemap is loaded in a fresh Chromium context (empty cache, 390×844
viewport) until the network is idle; requests and response body sizes (as
transferred) are counted, JavaScript apart, beside the page's HTML file size,
and any load of the chart script (which should wait for the reader to
interact with a chart).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import sync_playwright

from browser import launch
from generator.charts.interactive import BUNDLE_PATH
from generator.hosting.nginx import running

PHONE = {"width": 390, "height": 844}
LOAD_DEADLINE_MS = 60_000


@dataclass(frozen=True)
class Weight:
    page: str
    """The page's path under the site, `/` for the home page."""
    requests: int
    transferred: int
    """Bytes of every response body, as sent (compressed where the server compresses)."""
    javascript: int
    """Of those, the bytes of scripts."""
    html: int
    """The page's HTML file, uncompressed."""
    chart_script: int
    """Bytes of the chart script (Vega) loaded without any interaction: none is the budget."""


def measure_weights(site: Path, site_url: str, runtime: Path) -> list[Weight]:
    """Load every page of `site`'s sitemap in Chromium, served by nginx under `site_url`'s path; one Weight per page.

    The pages load side by side, each in a context of its own: bytes and requests do not depend on timing."""
    urls = re.findall(r"<loc>([^<]+)</loc>", (site / "sitemap.xml").read_text(encoding="utf-8"))
    if not urls:
        raise RuntimeError(f"{site}/sitemap.xml lists no pages")
    with running(site, urlsplit(site_url).path or "/", runtime) as base, sync_playwright() as playwright:
        browser = launch(playwright)
        loads = [_Load(browser, base, url.removeprefix(site_url)) for url in urls]
        weights = [load.weigh(site) for load in loads]
        browser.close()
    return weights


class _Load:
    """One page loading in a fresh context, its finished requests recorded."""

    def __init__(self, browser, base: str, path: str):
        self.path = path
        self.context = browser.new_context(viewport=PHONE)
        self.page = self.context.new_page()
        self.finished = []
        self.page.on("requestfinished", lambda request: self.finished.append(request))
        response = self.page.goto(base + path, wait_until="commit", timeout=LOAD_DEADLINE_MS)
        if response is None or not response.ok:
            raise RuntimeError(f"{base + path}: status {response.status if response else 'none'}")

    def weigh(self, site: Path) -> Weight:
        """Wait until the page's network is idle; what it loaded."""
        self.page.wait_for_load_state("networkidle", timeout=LOAD_DEADLINE_MS)
        sizes = [(request, request.sizes()["responseBodySize"]) for request in self.finished]
        self.context.close()
        return Weight(
            page="/" + self.path,
            requests=len(sizes),
            transferred=sum(size for _, size in sizes),
            javascript=sum(size for request, size in sizes if request.resource_type == "script"),
            html=(site / self.path / "index.html").stat().st_size,
            chart_script=sum(size for request, size in sizes if urlsplit(request.url).path.endswith("/" + BUNDLE_PATH)),
        )
