"""What a chart worker needs to draw a chart, as plain data: its layouts, its rows, and the words around them.

charts/views.py decides all of it in the building process, from the data model's records (a ChartView); a worker is sent
a Sketch only. So a worker imports neither pydantic nor the data model: importing them would take CPU beside the build's
own process, on a machine whose cores the build keeps busy.
"""

from __future__ import annotations

from dataclasses import dataclass

# Vega-Lite reads "|" in an axis label as a line break (charts/draw.py splits labels on it in `labelExpr`).
LINE_BREAK = "|"


@dataclass(frozen=True)
class Layout:
    """How big a chart is drawn: wide for desktops and print, narrow for phones."""

    name: str
    width: int
    """Plot width beside a column of category labels."""
    inside: int
    """Plot width for kinds whose labels sit inside the plot (share bars, tiles, the timeline)."""
    value_room: int
    """Width the log chart's plot leaves to the value labels right of its dots."""
    wrap: int
    """Characters per line of a category label."""
    title: bool
    columns: int
    """Tiles per row in a grid."""
    figure_wrap: int = 40
    """Characters per line of a printed figure beside its mark."""
    fits: int | None = None
    """The widest the drawing may be, in pixels (None: any width). A drawing wider is drawn again with a narrower plot:
    an image wider than the page's column is scaled down, its text with it."""


# A drawing no wider than the page's column is shown at its own size, so its text keeps its size (13 pixels; 12 for a
# panel's heading); a wider one is scaled down to the column, its text with it.
PHONE_COLUMN = 358
"""The page's column on a phone 390 pixels wide (Material's margins take sixteen pixels a side)."""
DESKTOP_COLUMN = 688
"""The page's column on a desktop, beside both sidebars (Material's widest layout); a screen narrower than
`NARROW_SCREEN` is shown the narrow drawings instead, and from there up to where the sidebars appear the column is wider."""
NARROW_SCREEN = 720
"""The widest screen, in CSS pixels, shown the narrow drawings (report.css and chart-loader.js say the same)."""

LAYOUTS = {
    "wide": Layout("wide", width=440, inside=440, value_room=0, wrap=34, title=True, columns=3, fits=DESKTOP_COLUMN),
    "narrow": Layout("narrow", width=150, inside=300, value_room=20, wrap=16, title=False, columns=2, figure_wrap=22, fits=PHONE_COLUMN),
}


@dataclass(frozen=True)
class Row:
    """One mark of a chart, with where it comes from."""

    id: str
    label: str
    series: str
    value: float | None
    display: str
    source: str
    """Paragraph label, e.g. `¶5`; empty for derived rows."""
    derived: bool = False
    date: str | None = None
    """A dated row's first day, ISO 8601."""
    end: str | None = None
    """A dated row's last day: its span's end, or the last day of the month or year it is dated by."""
    paragraph: str | None = None
    """Id of the paragraph that states it, for a link; for a derived row, the one paragraph its inputs are printed in."""
    bound: str | None = None
    """Which side of `value` the quantity lies on when the text bounds it: `at_most`, `at_least`, `below`, `above`,
    `approximately` (generator/model/printed.py); a chart marks such a value as a bound."""


@dataclass(frozen=True)
class Measure:
    """What the values of a chart of one measure are counted in, for its value axis."""

    unit: str
    """A unit, or a currency's name: the axis's title."""
    symbol: str = ""
    """The currency's symbol, written before each number on the axis; empty for other units."""


def variant_name(theme_name: str, layout: Layout) -> str:
    return theme_name if layout.name == "wide" else f"{theme_name}-{layout.name}"


@dataclass(frozen=True)
class Sketch:
    """A chart as a worker draws it."""

    id: str
    kind: str
    title: str
    rows: list[Row]
    notes: dict[str, list[str]]
    """Category label → the derived figures shown beside it, as written under the label."""
    context: list[str]
    """Lines under the title."""
    drawing: str
    """The kind's drawing function, as "module:function" (its declaration's `draw`): all the worker imports of it."""
    countries: bool = False
    """Its rows are countries, placed on the world's shapes (a map)."""
    measure: Measure | None = None
    """What its values are counted in, for a kind whose values are of one measure; None for other kinds."""
