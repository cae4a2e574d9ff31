"""In a real browser (Debian's Chromium): search in English and Chinese, palettes, offline."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlparse

import pytest
from playwright.sync_api import Page, expect, sync_playwright

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: run `make test`, which installs it, or set CHROMIUM")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, site_url) -> Page:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def search(page: Page, site_url: str, query: str) -> list[str]:
    """Type a query into Material's search box; return the result links."""
    page.goto(site_url)
    page.locator("label.md-search__icon, .md-search__input").first.click()
    box = page.locator("input.md-search__input")
    box.fill(query)
    box.dispatch_event("keyup")  # Material's search listens for keyup
    results = page.locator(".md-search-result__item a")
    expect(results.first).to_be_visible()
    return [urlparse(href).path for href in results.evaluate_all("els => els.map(e => e.href)")]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Codeforces", "performance/"),   # a figure's term
        ("Li Dian", "people/"),           # a person's name
        ("烧钱模式", "glossary/"),         # Chinese glossary terms
        ("四两拨千斤", "glossary/"),
    ],
)
def test_search_finds_the_right_page(page, site_url, query, expected):
    paths = search(page, site_url, query)
    assert any(path.endswith("/deepseek-report/" + expected) for path in paths), paths


def test_the_palette_toggle_switches_charts_to_dark(page, site_url):
    page.goto(site_url + "costs/")
    light = page.locator("#chart-api-prices img.rs-only-light.rs-wide")
    dark = page.locator("#chart-api-prices img.rs-only-dark.rs-wide")
    expect(light).to_be_visible()
    expect(dark).to_be_hidden()
    page.locator("label[for='__palette_1']").first.click()
    expect(dark).to_be_visible()
    expect(light).to_be_hidden()


def test_pages_request_nothing_from_another_host(page, site_url):
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    for path in ("", "costs/", "market/", "glossary/", "source/"):
        page.goto(site_url + path)
        page.wait_for_load_state("networkidle")
    hosts = {urlparse(url).netloc for url in requested if not url.startswith("data:")}
    assert hosts == {urlparse(site_url).netloc}


def test_charts_are_visible_without_javascript(browser, site_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(site_url + "performance/")
    images = page.locator(".rs-chart img.rs-only-light.rs-wide")
    assert images.count() >= 2
    for i in range(images.count()):
        image = images.nth(i)
        image.scroll_into_view_if_needed()
        page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle())
    context.close()


def test_a_paragraph_permalink_lands_on_its_paragraph(page, site_url):
    page.goto(site_url + "costs/")
    page.locator("#r1-aime-2024, #v3-training-cost").first.locator("a[href*='source/#p6']").first.click()
    page.wait_for_url("**/source/#p6")
    assert page.evaluate("document.querySelector(':target').id") == "p6"
