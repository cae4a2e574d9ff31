"""Take screenshots of the built site in light, dark and phone sizes.

Usage: python scripts/screenshots.py [PAGE ...] --out DIR
Serves site/ on a free local port and drives Debian's Chromium with Playwright.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import os
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
SIZES = {"desktop": (1280, 900), "phone": (390, 844)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("pages", nargs="*", default=["", "costs/"])
    parser.add_argument("--out", type=Path, default=Path("/tmp/shots"))
    parser.add_argument("--full", action="store_true", help="full-page screenshots")
    parser.add_argument("--site", type=Path, default=ROOT / "site", help="the built site (default: this repository's site/)")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(args.site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_port}/"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"), args=CHROMIUM_ARGS)
        for scheme in ("light", "dark"):
            for size, (w, h) in SIZES.items():
                page = browser.new_page(viewport={"width": w, "height": h}, color_scheme=scheme)
                for path in args.pages:
                    page.goto(base + path)
                    page.wait_for_load_state("networkidle")
                    name = (path.strip("/").replace("/", "_") or "index") + f"-{scheme}-{size}.png"
                    page.screenshot(path=args.out / name, full_page=args.full)
                    print(args.out / name)
                page.close()
        browser.close()
    server.shutdown()


if __name__ == "__main__":
    main()
