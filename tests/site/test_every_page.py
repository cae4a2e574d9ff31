"""Every page of the served site in Chromium: it loads cleanly, its anchors resolve, and it works
without JavaScript, in the dark palette, on a 390 px phone, in print and by keyboard alone.

Each test visits every page in one browser context and reports every page that fails, not just
the first. The page list comes from the built site's sitemap (the pages in the navigation and the
printable edition). The palette and phone tests leave screenshots of every page in
artifacts/screenshots/ for review.
"""

from __future__ import annotations

from collections import defaultdict
from urllib.parse import urldefrag, urlparse

from playwright.sync_api import Page

from conftest import ANY_REPORT, REPORTS, ROOT, assert_no_problems, new_page, wait_until
from generator.pages import permalinks

pytestmark = ANY_REPORT  # every test here holds for any report: each runs on every report in REPORTS
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
PHONE = {"width": 390, "height": 844}
SHOT_HEIGHT = 8000  # px: whole pages but the longest (people, print), whose first screens are enough to review


def page_name(path: str) -> str:
    return path.strip("/") or "index"


def load_images(page: Page) -> None:
    """Load every image now, not when scrolled to (lazy loading), and wait for them."""
    page.evaluate("document.querySelectorAll('img[loading=lazy]').forEach(img => img.loading = 'eager')")
    wait_until(page, "[...document.images].every(img => img.complete)")


def screenshot(page: Page, path: str, variant: str) -> None:
    """Save artifacts/screenshots/<site's sub-path>/<page>-<variant>.png: the page from its top, at most SHOT_HEIGHT tall."""
    folder = SCREENSHOTS / (urlparse(page.url).path.strip("/").split("/")[0] or "root")
    folder.mkdir(parents=True, exist_ok=True)
    load_images(page)
    width, height = page.evaluate("[innerWidth, document.documentElement.scrollHeight]")
    clip = {"x": 0, "y": 0, "width": width, "height": min(height, SHOT_HEIGHT)}
    page.screenshot(path=folder / f"{page_name(path)}-{variant}.png", full_page=True, clip=clip)


def test_every_page_loads_with_no_console_error_no_failed_request_and_no_other_host(browser, site_url, site_pages):
    page = new_page(browser)
    problems: dict[str, list] = defaultdict(list)
    current = [""]
    own_host = urlparse(site_url).netloc
    page.on("console", lambda m: m.type == "error" and problems[current[0]].append(f"console error: {m.text}"))
    page.on("pageerror", lambda e: problems[current[0]].append(f"uncaught: {e}"))
    page.on("requestfailed", lambda r: problems[current[0]].append(f"failed: {r.url} ({r.failure})"))
    page.on("response", lambda r: r.status >= 400 and problems[current[0]].append(f"HTTP {r.status}: {r.url}"))
    page.on(
        "request",
        lambda r: urlparse(r.url).scheme != "data" and urlparse(r.url).netloc != own_host
        and problems[current[0]].append(f"other host: {r.url}"),
    )
    for path in site_pages:
        current[0] = path
        page.goto(site_url + path)
        load_images(page)  # a missing chart below the fold shows as a failed request too
        # Reach for every chart: each turns into a live Vega view, or (silently) stays static if that fails.
        # The printable edition carries no chart script: its charts stay images.
        charts = page.locator(".rs-chart")
        if "vegaEmbed" in page.content():
            for i in range(charts.count()):
                charts.nth(i).dispatch_event("focusin")
            wait_until(page, "[...document.querySelectorAll('.rs-chart')].every(f => ['live', 'static'].includes(f.dataset.state))")
        page.wait_for_load_state("networkidle")
        static = page.eval_on_selector_all(".rs-chart[data-state=static]", "els => els.map(e => e.id)")
        problems[path].extend(f"chart {chart_id} did not turn interactive" for chart_id in static)
    page.context.close()
    assert_no_problems(problems)


def test_every_permalink_and_every_link_to_an_anchor_resolves(browser, site_url, site_pages, report_name):
    ledger = permalinks.read_ledger(REPORTS[report_name] / "permalinks.txt")
    assert ledger, "permalinks.txt lists no permalinks"
    page = new_page(browser)
    ids: dict[str, set[str]] = {}
    links: dict[str, set[str]] = {}  # page → the page-and-anchor links on it, as absolute URLs
    for path in site_pages:
        page.goto(site_url + path)
        ids[path] = set(page.eval_on_selector_all("[id]", "els => els.map(e => e.id)"))
        links[path] = set(page.eval_on_selector_all("a[href*='#']", "els => els.map(a => a.href)"))
    page.context.close()

    problems: dict[str, list] = defaultdict(list)
    for entry in ledger:
        path, _, anchor = entry.partition("#")
        path = path.removeprefix("/")
        if path not in ids:
            problems[path].append(f"permalinks.txt lists {entry}, and the site has no such page")
        elif anchor and anchor not in ids[path]:
            problems[path].append(f"permalinks.txt lists {entry}, and no element has id {anchor!r}")
    checked = 0
    for path, hrefs in links.items():
        for href in sorted(hrefs):
            url, anchor = urldefrag(href)
            if not anchor or not url.startswith(site_url) or url.removeprefix(site_url) not in ids:
                continue  # a bare "#", or a file that is not a page (SVG, CSV)
            checked += 1
            if anchor not in ids[url.removeprefix(site_url)]:
                problems[path].append(f"links to {href}, and no element there has id {anchor!r}")
    assert checked > len(site_pages), f"only {checked} links to anchors found: is the page list right?"
    assert_no_problems(problems)


def test_without_javascript_every_page_shows_its_content_and_charts(browser, site_url, site_pages):
    page = new_page(browser, java_script_enabled=False)
    problems: dict[str, list] = defaultdict(list)
    for path in site_pages:
        page.goto(site_url + path)
        problems[path].extend(_hidden_content(page))
        charts = page.locator(".rs-chart img.rs-only-light.rs-wide")
        for i in range(charts.count()):
            image = charts.nth(i)
            if image.is_visible():
                image.scroll_into_view_if_needed()
                wait_until(page, "img => img.complete", image.element_handle())
            if not image.is_visible() or not image.evaluate("img => img.naturalWidth > 0"):
                problems[path].append(f"chart image {image.get_attribute('src')} is not shown")
    page.context.close()
    assert_no_problems(problems)


def _hidden_content(page: Page, media: str = "screen") -> list[str]:
    """The page's title, headings and text blocks that are not visible (an empty list when all are)."""
    return page.evaluate(
        """media => {
        const article = document.querySelector("article.md-content__inner");
        if (!article || !article.checkVisibility()) return ["the article is not visible"];
        const blocks = article.querySelectorAll(":scope > h1, :scope > h2, :scope > p, :scope > .rs-cards, :scope > .rs-source");
        if (blocks.length < 2) return [`only ${blocks.length} headings and paragraphs in the article`];
        const printOnly = el => el.classList.contains("rs-print-url");  // the page's address, printed under its title
        return [...blocks].filter(el => !(media === "screen" && printOnly(el)))
            .filter(el => !el.checkVisibility({opacityProperty: true, visibilityProperty: true}) || el.getBoundingClientRect().height === 0)
            .map(el => `${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""} "${el.textContent.trim().slice(0, 40)}" is hidden`);
    }""",
        media,
    )


def test_the_palette_toggle_switches_every_page_to_dark_and_back(browser, site_url, site_pages):
    page = new_page(browser)
    problems: dict[str, list] = defaultdict(list)
    for path in site_pages:
        page.goto(site_url + path)
        light = _palette(page)
        screenshot(page, path, "light")
        page.mouse.move(5, 5)  # over the header, not a chart: the printable edition starts Material's script on a first move
        page.locator("form[data-md-component=palette] label:visible").click()
        dark = _palette(page)
        screenshot(page, path, "dark")
        page.locator("form[data-md-component=palette] label:visible").click()
        back = _palette(page)
        if not (light["scheme"] == "default" and light["luminance"] > 0.8 and light["charts"] in ("light", None)):
            problems[path].append(f"does not open light: {light}")
        if not (dark["scheme"] == "slate" and dark["luminance"] < 0.3 and dark["charts"] in ("dark", None)):
            problems[path].append(f"the toggle does not switch to dark: {dark}")
        if back != light:
            problems[path].append(f"toggling again does not return to light: {back}")
    page.context.close()
    assert_no_problems(problems)


def _palette(page: Page) -> dict:
    """The palette the page shows: Material's scheme, the page background's luminance, and which chart images show."""
    return page.evaluate(
        """() => {
        document.getAnimations().forEach(a => { try { a.finish(); } catch (e) {} });  // colours as they settle
        const [r, g, b] = getComputedStyle(document.body).backgroundColor.match(/\\d+/g).map(Number);
        const shown = cls => [...document.querySelectorAll(`.rs-chart img.${cls}.rs-wide`)].filter(img => img.checkVisibility()).length;
        const charts = !document.querySelector(".rs-chart") ? null
            : shown("rs-only-dark") && !shown("rs-only-light") ? "dark" : shown("rs-only-light") && !shown("rs-only-dark") ? "light" : "mixed";
        return {scheme: document.body.dataset.mdColorScheme, luminance: (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255, charts};
    }"""
    )


def test_at_390_px_no_page_scrolls_sideways(browser, site_url, site_pages):
    page = new_page(browser, viewport=PHONE)
    problems: dict[str, list] = defaultdict(list)
    for path in site_pages:
        page.goto(site_url + path)
        load_images(page)  # they take their own width once loaded
        width, scroll_width = page.evaluate("[innerWidth, document.documentElement.scrollWidth]")
        if scroll_width > width:
            wide = page.evaluate(
                """() => [...document.querySelectorAll("body *")]  // the outermost elements that stick out
                   .filter(el => el.getBoundingClientRect().right > innerWidth + 1 && el.parentElement.getBoundingClientRect().right <= innerWidth + 1)
                   .slice(0, 5).map(el => `${el.tagName.toLowerCase()}.${[...el.classList].join(".")} ends at ${el.getBoundingClientRect().right | 0}px`)"""
            )
            problems[path].append(f"{scroll_width}px wide on a {width}px screen: {wide}")
        screenshot(page, path, "phone")
    page.context.close()
    assert_no_problems(problems)


def test_printing_every_page_shows_its_content(browser, site_url, site_pages):
    page = new_page(browser)
    page.emulate_media(media="print")
    problems: dict[str, list] = defaultdict(list)
    for path in site_pages:
        page.goto(site_url + path)
        problems[path].extend(_hidden_content(page, "print"))
        charts = page.locator(".rs-chart")
        shown = page.locator(".rs-chart img.rs-only-light.rs-wide:visible")
        if shown.count() != charts.count():
            problems[path].append(f"{shown.count()} of {charts.count()} charts print")
        if page.locator(".md-sidebar--primary").is_visible():
            problems[path].append("the navigation prints")
    page.context.close()
    assert_no_problems(problems)


# Records every element keyboard focus lands on, and whether a focus ring shows: an outline or a
# box shadow on the element, or for a visually hidden input (a radio behind a tab or the palette
# toggle) on the label that stands for it.
RECORD_FOCUS = """() => {
    window.rsFocused = new Set();
    window.rsStops = [];
    const ring = el => {
        document.getAnimations().forEach(a => { try { a.finish(); } catch (e) {} });  // the state a reader sees
        const style = getComputedStyle(el), box = el.getBoundingClientRect();
        return box.width > 0 && box.height > 0 && style.opacity !== "0"
            && ((style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== "none");
    };
    document.addEventListener("focusin", event => {
        const el = event.target;
        const stands = [el, ...(el.labels || []), ...(el.matches("input") && el.nextElementSibling?.matches("label") ? [el.nextElementSibling] : [])];
        const name = `${el.tagName.toLowerCase()}${el.id ? "#" + el.id : ""}.${[...el.classList].filter(c => c !== "focus-visible").join(".")}`
            + ` "${(el.textContent || el.getAttribute("aria-label") || el.title || "").trim().slice(0, 30)}"`;
        window.rsStops.push({name, ring: stands.some(ring), again: window.rsFocused.has(el)});
        window.rsFocused.add(el);
    }, true);
}"""

# What a keyboard user must be able to reach: search, a link in the navigation, and every copy and
# cite control on screen (the copy buttons, the "Cite this ..." toggles, the citation format tabs).
UNREACHED = """() => {
    const required = [
        ["the search box", [document.querySelector("input.md-search__input")]],
        ["a navigation link", [...document.querySelectorAll(".md-sidebar--primary a.md-nav__link")]],
    ];
    const controls = [...document.querySelectorAll(".rs-copy, .rs-copy-link, .rs-cite-item > summary, .rs-cite .tabbed-set > input:checked")]
        .filter(el => el.checkVisibility());
    const unreached = required.filter(([, els]) => !els.some(el => el && window.rsFocused.has(el))).map(([what]) => what);
    for (const el of controls)
        if (!window.rsFocused.has(el))
            unreached.push(`${el.tagName.toLowerCase()}.${[...el.classList].join(".")} "${el.textContent.trim().slice(0, 30)}" in #${el.closest("[id]")?.id}`);
    return {unreached, controls: controls.length};
}"""


def test_the_keyboard_alone_reaches_search_navigation_and_every_copy_and_cite_control_with_a_visible_focus(
    browser, site_url, site_pages
):
    page = new_page(browser)
    problems: dict[str, list] = defaultdict(list)
    for path in site_pages:
        page.goto(site_url + path)
        # The printable edition starts the theme's script on the reader's first move; on a loaded machine the
        # first Tab stops could otherwise come before it runs. Every page is checked as it stands once it has.
        page.mouse.move(5, 5)
        wait_until(page, "() => 'component$' in window")
        page.evaluate(RECORD_FOCUS)
        limit = page.evaluate("document.querySelectorAll('a[href], button, input, summary, [tabindex]').length") + 20
        # Tab until focus comes round to where it started (the skip link), in batches to keep it quick.
        stops: list[dict] = []
        while len(stops) < limit and not any(stop["again"] for stop in stops):
            for _ in range(25):
                page.keyboard.press("Tab")
            stops = page.evaluate("window.rsStops")
        reach = page.evaluate(UNREACHED)
        problems[path].extend(f"Tab never reaches {what}" for what in reach["unreached"])
        if not reach["controls"] and path != "print/":
            problems[path].append("no copy or cite controls found")
        unringed = sorted({stop["name"] for stop in stops if not stop["ring"]})
        problems[path].extend(f"no visible focus on {name}" for name in unringed)
    page.context.close()
    assert_no_problems(problems)
