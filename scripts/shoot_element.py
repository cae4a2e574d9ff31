"""Screenshot single elements of the built site: python scripts/shoot_element.py PATH SELECTOR [--width W] [--dark] [--open]."""

from __future__ import annotations

import argparse
import functools
import http.server
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

from screenshots import CHROMIUM_ARGS, ROOT


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("path")
    parser.add_argument("selector")
    parser.add_argument("--width", type=int, default=390)
    parser.add_argument("--dark", action="store_true")
    parser.add_argument("--print", action="store_true", help="emulate print media")
    parser.add_argument("--open", action="store_true", help="open every <details> in the element first")
    parser.add_argument("--out", type=Path, default=Path("/tmp/element.png"))
    args = parser.parse_args()
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(ROOT / "site"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": args.width, "height": 900}, color_scheme="dark" if args.dark else "light")
        if args.print:
            page.emulate_media(media="print")
        page.goto(f"http://127.0.0.1:{server.server_port}/{args.path}")
        element = page.locator(args.selector).first
        if args.open:
            element.evaluate("e => e.querySelectorAll('details').forEach(d => d.open = true)")
        element.scroll_into_view_if_needed()
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(300)
        element.screenshot(path=args.out)
        browser.close()
    server.shutdown()
    print(args.out)


if __name__ == "__main__":
    main()
