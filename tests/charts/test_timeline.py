"""The timeline shows an event of one day as a point and one that lasts as a span, dated in the site's language."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup

from conftest import edit, replace_in, run_command

FACTORY = "On April 2, Brightwell will open its first factory"
SPAN = "From April 2, 2025 through May 30, 2026, Brightwell will open its first factory"


def test_an_event_with_an_end_is_drawn_as_a_span_and_headed_by_both_dates(small_report, tmp_path):
    replace_in(small_report / "data" / "source-article.txt", FACTORY, SPAN)
    edit(small_report, "article.yaml", 'starts: "On April 2"', 'starts: "From April 2"')
    edit(small_report, "events.yaml", f'quote: "{FACTORY}"', f'quote: "{SPAN}"')
    edit(small_report, "events.yaml", "date: 2025-04-02", "date: 2025-04-02\n  end: 2026-05-30")
    out = tmp_path / "out"
    run_command(small_report, "generator", "render", "--out", str(out))

    headings = re.findall(r"^## (.+?) \{: #(\S+) \}$", (out / "timeline.md").read_text(encoding="utf-8"), re.MULTILINE)
    assert [(re.sub(r"\s", " ", text), anchor) for text, anchor in headings] == [
        ("4 March 2025: Brightwell Energy unveils the Lumen 2 battery", "lumen-unveiled"),
        ("2 April 2025 – 30 May 2026: Brightwell opens its first factory", "factory-opens"),
    ]
    svg = BeautifulSoup((out / "charts" / "chart-timeline.light.svg").read_text(encoding="utf-8"), "html.parser")
    [spans] = svg.select("g.mark-rule.role-mark")
    [points] = svg.select("g.mark-symbol.role-mark")
    [span] = spans.find_all("line")
    assert "factory-opens" in span["aria-label"] and float(span["x2"]) > 100  # runs across most of the 440-pixel plot
    assert ["lumen-unveiled" in point["aria-label"] for point in points.find_all("path")] == [True]
