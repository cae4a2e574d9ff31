"""In a real browser (Debian's Chromium): search in English and Chinese, palettes, offline."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from conftest import ROOT, search, sub_path, wait_until
from generator.charts.theme import DARK
from generator.editions.addresses import edition_url
from generator.pipeline import check

DATA = check(ROOT)


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
    assert any(path.endswith(sub_path(DATA.site.site_url) + expected) for path in paths), paths


def page_of_figure(term: str) -> str:
    """The page that shows the figures whose label names the term (data/facts.yaml: topic)."""
    topics = {fact.topic for fact in DATA.facts if term in fact.label}
    assert len(topics) == 1, f"figures naming {term!r} are on pages {topics}"
    return topics.pop()


def page_of_entity(name: str) -> str:
    """The page that lists an entity of the entity's kind (data/pages.yaml: entity_kinds)."""
    (kind,) = [entity.kind for entity in DATA.entities if entity.name == name]
    return next(page.id for page in DATA.pages for section in page.sections if kind in section.entity_kinds)


def page_of_term(term: str) -> str:
    """The glossary page, which holds every Chinese term (data/glossary.yaml)."""
    assert term in [t.term for t in DATA.glossary]
    return next(page.id for page in DATA.pages if page.template == "glossary")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("AIME", page_of_figure("AIME")),         # a figure's term: performance
        ("Guo Jiakun", page_of_entity("Guo Jiakun")),  # a person: people
        ("烧钱模式", page_of_term("烧钱模式")),      # a Chinese glossary term: glossary
        ("NVIDIA", page_of_entity("NVIDIA")),     # a company: people
        ("Alibaba", page_of_entity("Alibaba")),
    ],
)
def test_the_first_search_hit_is_the_page_the_data_puts_it_on(page, site_url, query, expected):
    paths = search(page, site_url, query)
    assert paths[0] == urlparse(site_url).path + ("" if expected == "index" else f"{expected}/"), paths


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
        wait_until(page, "img => img.complete && img.naturalWidth > 0", image.element_handle())
    context.close()


def test_a_paragraph_permalink_lands_on_its_paragraph(page, site_url):
    page.goto(site_url + "costs/")
    page.locator("#r1-aime-2024, #v3-training-cost").first.locator("a[href*='source/#p6']").first.click()
    page.wait_for_url("**/source/#p6")
    assert page.evaluate("document.querySelector(':target').id") == "p6"
    assert page.evaluate("getComputedStyle(document.querySelector(':target')).animationName") == "rs-flash"  # highlighted


def test_no_chart_javascript_until_a_chart_is_reached_for_then_a_tooltip(page, site_url):
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(site_url + "costs/")
    page.wait_for_load_state("networkidle")
    assert not [url for url in requested if url.endswith("/charts/vega.js")]
    assert not [url for url in requested if url.endswith(".vl.json")]

    figure = page.locator("#chart-api-prices")
    figure.hover()
    expect(figure.locator(".rs-chart__view svg")).to_be_visible()
    assert [url for url in requested if url.endswith("/charts/vega.js")]
    expect(figure.locator("img.rs-only-light.rs-wide")).to_be_hidden()

    bar = figure.locator(".rs-chart__view svg .mark-rect path").last
    bar.hover()
    tooltip = page.locator("#vg-tooltip-element")
    expect(tooltip).to_be_visible()
    expect(tooltip).to_contain_text("¥")


def test_a_country_on_the_live_map_shows_its_tooltip_and_links_to_its_paragraph(page, site_url):
    [chart] = [c for c in DATA.charts if c.kind == "map"]
    paragraph = next(x.paragraph for x in DATA.lists if x.id == chart.source_list)
    page.goto(site_url + f"{chart.topic}/")
    figure = page.locator(f"#{chart.id}")
    figure.scroll_into_view_if_needed()
    figure.hover()
    dot = figure.locator(".rs-chart__view svg .mark-symbol path").first
    expect(dot).to_be_visible()
    dot.hover()
    expect(page.locator("#vg-tooltip-element")).to_contain_text("Source")
    dot.click()
    page.wait_for_url(f"**/source/#{paragraph}")


def test_a_live_chart_follows_the_palette(page, site_url):
    page.goto(site_url + "market/")
    figure = page.locator("#chart-market-loss")
    figure.hover()
    view = figure.locator(".rs-chart__view")
    expect(view.locator("svg")).to_be_visible()
    dark = "rgb({}, {}, {})".format(*(int(DARK.background[i : i + 2], 16) for i in (1, 3, 5)))  # as the browser writes it
    assert dark not in view.inner_html()
    page.locator("label[for='__palette_1']").first.click()
    wait_until(page, "([el, colour]) => el.innerHTML.includes(colour)", [view.element_handle(), dark])
    expect(view.locator("svg")).to_be_visible()


def test_pages_without_charts_carry_no_chart_script(page, site_url):
    page.goto(site_url + "glossary/")
    assert "vegaEmbed" not in page.content()
    assert page.locator(".rs-chart").count() == 0


def test_printing_shows_the_page_address_each_permalink_and_the_citation_without_controls(browser, site_url):
    context = browser.new_context()
    page = context.new_page()
    page.emulate_media(media="print")
    page.goto(site_url + "costs/")
    canonical = page.locator("link[rel=canonical]").get_attribute("href")
    expect(page.locator(".rs-print-url").first).to_be_visible()
    expect(page.locator(".rs-print-url").first).to_have_text(canonical)
    after = page.evaluate("getComputedStyle(document.querySelector('#v3-training-cost .rs-permalink'), '::after').content")
    assert after == f'" {canonical}#v3-training-cost"'
    box = page.locator("#cite-this-page")
    expect(box.locator(".rs-cite__text").first).to_be_visible()  # the APA citation
    expect(box.locator(".tabbed-labels")).to_be_hidden()
    expect(box.locator(".rs-copy").first).to_be_hidden()
    expect(box.locator("code").first).to_be_hidden()  # BibTeX and the rest stay on screen
    expect(page.locator("#chart-api-prices img.rs-only-light.rs-wide")).to_be_visible()
    assert page.pdf(format="A4").startswith(b"%PDF")
    page.goto(site_url + "print/")
    edition = page.pdf(format="A4")
    pages = edition.count(b"/Type /Page") - edition.count(b"/Type /Pages")
    assert edition.startswith(b"%PDF") and pages > 10, pages  # the whole report, not one screen
    context.close()


def test_copy_buttons_copy_the_citation_and_the_permalink(browser, site_url):
    context = browser.new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(site_url + "performance/")
    canonical = page.locator("link[rel=canonical]").get_attribute("href")

    card = page.locator("#r1-aime-2024")
    card.locator(".rs-copy-link").click()
    assert page.evaluate("navigator.clipboard.readText()") == canonical + "#r1-aime-2024"

    box = page.locator("#cite-this-page")
    box.scroll_into_view_if_needed()
    box.locator(".rs-copy").first.click()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == box.locator(".rs-cite__text").first.inner_text().strip()
    assert edition_url(DATA.site.site_url, DATA.site.version, "performance/") in copied  # the page as this edition has it, frozen
    context.close()


def test_chinese_terms_render_with_the_sites_own_font_only_where_needed(page, site_url):
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(site_url + "performance/")  # no Chinese on this page
    page.wait_for_load_state("networkidle")
    assert not [url for url in requested if url.endswith(".woff2")]
    page.goto(site_url + "glossary/")
    page.wait_for_load_state("networkidle")
    assert [url for url in requested if url.endswith("noto-sans-sc-subset.woff2")]
    assert page.evaluate("document.fonts.check('16px \"Report CJK\"', '烧钱模式四两拨千斤')")


def test_the_site_serves_exactly_the_search_scripts_the_search_worker_loads(page, site_url, site):
    """The theme ships lunr.js languages the site does not search; the site leaves those out, and nothing the worker needs."""
    requested = []
    page.on("response", lambda response: requested.append(response) if "/assets/javascripts/lunr/" in response.url else None)
    search(page, site_url, "烧钱模式")
    loaded = {urlparse(r.url).path.split("/assets/javascripts/lunr/", 1)[1]: r.status for r in requested}
    served = {p.relative_to(site / "assets/javascripts/lunr").as_posix() for p in (site / "assets/javascripts/lunr").rglob("*")
              if p.is_file() and p.suffix not in (".gz", ".br")}
    assert set(loaded.values()) == {200} and set(loaded) == served, (loaded, served)
