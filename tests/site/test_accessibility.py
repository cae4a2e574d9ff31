"""Accessibility: axe-core on every page in both palettes, and the contrast of chart text.

axe-core (shipped by axe-playwright-python) runs in Debian's Chromium on the
served site. The static charts are SVG files shown with <img>, which axe
cannot look into, so their text colours are checked here against the WCAG
contrast ratio directly, both in the theme and in the rendered files.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import material
import pytest
from axe_playwright_python.sync_playwright import Axe

from conftest import ANY_REPORT, BROWSER_DEADLINE_MS, ROOT, wait_until
from generator.charts.theme import THEMES, contrast_ratio

# Material's scheme names for the palettes; the toggle's radio inputs are __palette_0 (light) and __palette_1 (dark).
SCHEMES = {"light": ("default", "__palette_0"), "dark": ("slate", "__palette_1")}
SERIOUS = {"serious", "critical"}
AXE = Axe()
TEXT_CONTRAST = 4.5  # WCAG 2 AA, normal-size text: chart labels are 13-15 px
MARK_CONTRAST = 3.0  # WCAG 2.1 SC 1.4.11, non-text contrast: bars, dots, segments, tiles, marked countries


@pytest.fixture(scope="module", params=sorted(SCHEMES))
def palette_page(request, browser, site_url):
    """A page whose stored palette was chosen by clicking Material's toggle, as a reader does."""
    palette = request.param
    scheme, radio = SCHEMES[palette]
    # The system preference is the other palette, so only the stored choice can make the page match.
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="dark" if palette == "light" else "light")
    page = context.new_page()
    page.set_default_timeout(BROWSER_DEADLINE_MS)
    page.goto(site_url)
    page.locator(f"label[for='{radio}']").first.click()
    wait_until(page, "s => document.body.dataset.mdColorScheme === s", scheme)
    yield palette, page
    context.close()


def describe(violations: list[dict]) -> str:
    """One line per violation and node: rule id, impact, target selectors."""
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']}  {v['helpUrl']}")
        lines.extend(f"    {' > '.join(map(str, node['target']))}: {node['failureSummary'].splitlines()[-1].strip()}" for node in v["nodes"])
    return "\n".join(lines)


@ANY_REPORT
def test_axe_finds_no_serious_violations_on_any_page(palette_page, site_url, report_data):
    palette, page = palette_page
    found = []
    for path in ["" if p.id == "index" else f"{p.id}/" for p in report_data.pages] + ["print/"]:
        page.goto(site_url + path)
        page.wait_for_load_state("networkidle")
        assert page.evaluate("document.body.dataset.mdColorScheme") == SCHEMES[palette][0]  # the stored choice held
        results = AXE.run(page, options={"resultTypes": ["violations"]}).response
        serious = [v for v in results["violations"] if v["impact"] in SERIOUS]
        found += [f"{path or 'index'} ({palette}):\n{describe(serious)}"] if serious else []
    assert not found, "\n".join(found)


@pytest.mark.parametrize("name", sorted(THEMES))
def test_chart_text_colours_contrast_with_what_they_sit_on(name):
    theme = THEMES[name]
    assert contrast_ratio(theme.text, theme.background) >= TEXT_CONTRAST
    # Labels printed inside a bar or tile take the colour text_on() picks for its fill; any series colour can be one.
    for fill in theme.series:
        assert contrast_ratio(theme.text_on(fill), fill) >= TEXT_CONTRAST, (name, fill, theme.text_on(fill))


@ANY_REPORT
def test_rendered_charts_use_only_the_checked_text_colours(site):
    """Every <text> in every static chart is the theme's text colour or a label colour for a series fill."""
    charts = sorted((site / "charts").glob("*.svg"))
    assert charts
    for svg in charts:
        theme = THEMES["dark" if ".dark" in svg.name else "light"]
        allowed = {theme.text.lower()} | {theme.text_on(fill).lower() for fill in theme.series}
        fills = {fill.lower() for fill in re.findall(r'<text\b[^>]*\bfill="([^"]+)"', svg.read_text(encoding="utf-8"))}
        assert fills, svg.name
        assert fills <= allowed, (svg.name, fills - allowed)


@ANY_REPORT
def test_rendered_chart_marks_contrast_with_what_they_sit_on(site):
    """Every filled mark in every static chart stands out from the chart's background by 3:1; on a map,
    the marked countries stand out from the unmarked ones too (those are context, not data)."""
    charts = sorted((site / "charts").glob("*.svg"))
    low = {}
    for svg in charts:
        theme = THEMES["dark" if ".dark" in svg.name else "light"]
        fills = {f.lower() for f in re.findall(r'<(?:path|rect|circle)\b[^>]*\bfill="(#[0-9a-fA-F]{6})"', svg.read_text(encoding="utf-8"))}
        ground = {theme.background.lower(), theme.land.lower()}
        assert fills - ground, svg.name  # the test sees the marks
        for fill in fills - ground:
            if contrast_ratio(fill, theme.background) < MARK_CONTRAST:
                low[svg.name, fill] = round(contrast_ratio(fill, theme.background), 2)
    assert not low, low
    for name, theme in THEMES.items():
        assert contrast_ratio(theme.mark, theme.land) >= MARK_CONTRAST, name


def test_the_search_override_is_the_themes_partial_plus_a_dialog_name():
    """templates/theme/partials/search.html copies Material's; an upgrade that changes the original shows here."""
    theirs = (Path(material.__file__).parent / "templates" / "partials" / "search.html").read_text(encoding="utf-8")
    ours = (ROOT / "templates" / "theme" / "partials" / "search.html").read_text(encoding="utf-8")
    strip_header = functools.partial(re.sub, r"\A\{#-.*?-#\}\n", "", flags=re.S)
    named = strip_header(ours)
    unnamed, count = re.subn(r'(role="dialog") aria-label="[^"]+"', r"\1", named)
    assert count == 1
    assert unnamed == strip_header(theirs)
