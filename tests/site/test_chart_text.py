"""Every chart's text reads whole and big enough: each legend names each series in full, no label is cut short or runs
off the drawing, and on a 390 px phone, a tablet or a desktop no chart text is smaller than 11 px.

The static checks read every SVG the build drew; the others measure them in Chromium, with its fonts and its scaling
of an image to the page's column.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import pytest
from test_every_page import PHONE, load_images

from conftest import ANY_REPORT, DESKTOP, ELLIPSIS, assert_no_problems, legend_labels, new_page, texts
from generator.charts.draw import svg_width
from generator.charts.sketch import DESKTOP_COLUMN, NARROW_SCREEN, PHONE_COLUMN

pytestmark = ANY_REPORT  # every test here holds for any report: each runs on every report in REPORTS

SMALLEST_TEXT = 11  # px on the screen: WCAG sets no minimum; below this a phone's reader zooms to read a chart


def named_series(chart: Path) -> list[str]:
    """The series the chart's rows name (its data download), in order."""
    rows = json.loads(chart.with_name(chart.name.split(".")[0] + ".json").read_text(encoding="utf-8"))
    return list(dict.fromkeys(row["series"] for row in rows if row["series"]))


def test_each_legend_names_every_series_whole_and_a_chart_of_one_series_has_none(site):
    problems: dict[str, list] = defaultdict(list)
    charts = sorted((site / "charts").glob("*.svg"))
    assert charts
    for chart in charts:
        svg = chart.read_text(encoding="utf-8")
        labels, series = legend_labels(svg), named_series(chart)
        if any(not label for label in labels):
            problems[chart.name].append(f"a legend entry without a name: {labels}")
        cut = [text for text in texts(svg) if text.endswith(ELLIPSIS)]
        if cut:
            problems[chart.name].append(f"labels cut short: {cut}")
        # A legend, where there is one, names the rows' series exactly (a map's and a grid's items are their own).
        if labels and sorted(labels) != sorted(series):
            problems[chart.name].append(f"the legend says {labels}, the data's series are {series}")
        if len(series) < 2 and labels:
            problems[chart.name].append(f"a legend for one series: {labels}")
    assert_no_problems(problems)


def test_every_drawing_fits_the_column_it_is_shown_in(site):
    """A phone's drawing fits a 390 px phone's column, a wide one the desktop's: neither is scaled down, nor its text."""
    wider = {}
    for chart in sorted((site / "charts").glob("*.svg")):
        column = PHONE_COLUMN if "-narrow." in chart.name else DESKTOP_COLUMN
        width = svg_width(chart.read_text(encoding="utf-8"))
        if width > column:
            wider[chart.name] = f"{width:g} px wide for a {column} px column"
    assert not wider, wider


# Each drawn text's box, and the drawing's size, as Chromium draws the SVG itself (its own fonts, not vl-convert's).
_TEXT_BOXES = """() => {
  const svg = document.documentElement;
  const view = svg.getBoundingClientRect();
  // Vega keeps a label it hides (an overlapping tick's) in the drawing, transparent: only the drawn ones count.
  const drawn = [...svg.querySelectorAll('text')].filter(t => getComputedStyle(t).opacity !== '0');
  return {width: view.width, height: view.height, texts: drawn.map(t => {
    const box = t.getBoundingClientRect();
    return {text: t.textContent, left: box.left - view.left, right: box.right - view.left};
  })};
}"""


def test_no_chart_text_runs_off_its_drawing(browser, site, site_url):
    page = new_page(browser)
    problems: dict[str, list] = defaultdict(list)
    for chart in sorted((site / "charts").glob("*.svg")):
        page.goto(f"{site_url}charts/{chart.name}")
        drawn = page.evaluate(_TEXT_BOXES)
        for text in drawn["texts"]:
            if text["text"].strip() and (text["left"] < -0.5 or text["right"] > drawn["width"] + 0.5):
                problems[chart.name].append(f"{text['text']!r} spans {text['left']:.0f} to {text['right']:.0f} px of {drawn['width']:.0f}")
    page.context.close()
    assert_no_problems(problems)


# For each chart image the page shows: its drawing's smallest font size, and how much the page scales the drawing.
_CHART_TEXT = """async () => {
  const shown = [...document.querySelectorAll('.rs-chart img')].filter(img => img.offsetParent !== null);
  return Promise.all(shown.map(async img => {
    const svg = await (await fetch(img.currentSrc || img.src)).text();
    const width = parseFloat(svg.match(/<svg[^>]*\\swidth="([0-9.]+)"/)[1]);
    const sizes = [...svg.matchAll(/font-size="([0-9.]+)px"/g)].map(m => parseFloat(m[1]));
    return {src: img.getAttribute('src'), scale: img.getBoundingClientRect().width / width, smallest: Math.min(...sizes)};
  }));
}"""


@pytest.mark.parametrize(
    "screen",
    [
        PHONE,
        {"width": NARROW_SCREEN, "height": 900},  # the widest screen shown the narrow drawings
        {"width": NARROW_SCREEN + 1, "height": 900},  # the narrowest shown the wide ones
        DESKTOP,
    ],
    ids=lambda screen: f"{screen['width']}px",
)
def test_no_chart_text_is_smaller_than_11_px_on_a_phone_a_tablet_or_a_desktop(browser, site_url, site_pages, screen):
    page = new_page(browser, viewport=screen)
    problems: dict[str, list] = defaultdict(list)
    measured = 0
    for path in site_pages:
        page.goto(site_url + path)
        load_images(page)
        for chart in page.evaluate(_CHART_TEXT):
            measured += 1
            if chart["smallest"] * chart["scale"] < SMALLEST_TEXT:
                problems[path].append(
                    f"{chart['src']}: {chart['smallest']:g} px text drawn at {chart['scale']:.2f} of its size: {chart['smallest'] * chart['scale']:.1f} px"
                )
    page.context.close()
    assert measured  # the test saw charts
    assert_no_problems(problems)
