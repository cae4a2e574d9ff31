"""Debian's Chromium, headless, driven by Playwright: the browser every browser measurement uses."""

from __future__ import annotations

from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"]


def launch(playwright):
    """A headless Chromium browser (the system's, not one Playwright downloads)."""
    if not CHROMIUM.exists():
        raise RuntimeError(f"{CHROMIUM} not found: `make browser` installs it (as root, on Debian)")
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
