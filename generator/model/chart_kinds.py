"""Chart kinds, each declared once: what a chart of the kind requires, and where its rows and its drawing are made.

Everything that lists the kinds is built from `chart_kinds()`: the `kind` field of `charts.yaml` (so its JSON Schema and
the Data reference page), validation's requirements, the rows of each chart (charts/views.py) and its drawing
(charts/draw.py). Outside code adds a kind through the entry-point group `report_site.chart_kinds`, the way MkDocs
finds plugins: an entry point names a `ChartKind`, its name the kind's name.

Rows and drawing are named by reference ("module:function") and imported where they run: the data model
declares kinds without importing the charts stage above it, and a chart worker, which imports neither pydantic nor
the data model, imports only the drawing's module (a Sketch carries the reference).
"""

from __future__ import annotations

import functools
import importlib
import importlib.metadata
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from generator.errors import GeneratorError

ENTRY_POINTS = "report_site.chart_kinds"
"""The entry-point group through which installed packages declare chart kinds."""


@dataclass(frozen=True)
class ChartKind:
    """A kind of chart: one declaration of what it needs and how it is made."""

    name: str
    """The `kind` of a chart in `charts.yaml`."""
    description: str
    """What it draws, in one line (the README's list of kinds)."""
    rows: str
    """The function making its rows in the building process, as "module:function":
    `(ChartSpec, Report) -> (rows, paragraph ids)`."""
    draw: str
    """The function drawing it in a chart worker, as "module:function": `(data, rows, colours, theme, layout) -> Altair
    chart`, taking `places` too when the kind has `countries`, and `measure` (what its values are counted in) when it has
    `one_measure`. Its module must not import pydantic or the data model."""
    facts: tuple[int, int | None] | None = None
    """How many facts a chart of the kind plots (least, most or None for no limit); None: it plots no facts."""
    numbers: bool = False
    """Each fact it plots has a numeric value."""
    source_list: bool = False
    """It plots the items of a list, named by the chart's `source_list`."""
    countries: bool = False
    """The list's items are countries (entities with a `country_code`), placed on the world's shapes."""
    one_measure: bool = False
    """Its facts are values of one measure, in one unit (and currency), on one value axis."""
    one_series: bool = False
    """It draws its facts in one colour, with no legend: it takes no `series` or `panels`."""


_CHARTS = "generator.charts"

BUILT_IN = (
    ChartKind(
        "bars", "Values of one measure as bars from zero, one series in one colour.",
        rows=f"{_CHARTS}.rows:figure_rows", draw=f"{_CHARTS}.draw:draw_bars", facts=(1, None), numbers=True,
        one_measure=True, one_series=True,
    ),
    ChartKind(
        "paired_bars", "Bars of figures side by side, grouped by category and coloured by series.",
        rows=f"{_CHARTS}.rows:figure_rows", draw=f"{_CHARTS}.draw:draw_paired_bars", facts=(1, None),
    ),
    ChartKind(
        "magnitude", "Amounts as dots: on a log scale when they span more than a power of ten, from zero when not; with `panels`, each kind of amount apart.",
        rows=f"{_CHARTS}.rows:figure_rows", draw=f"{_CHARTS}.draw:draw_magnitude", facts=(1, None), numbers=True, one_measure=True,
    ),
    ChartKind(
        "share", "A part and the rest of its whole as one bar; a lone percentage is a part of 100.",
        rows=f"{_CHARTS}.rows:share_rows", draw=f"{_CHARTS}.draw:draw_share", facts=(1, 2), numbers=True,
    ),
    ChartKind(
        "timeline", "The dated events of `events.yaml`, in order on a time axis.",
        rows=f"{_CHARTS}.rows:event_rows", draw=f"{_CHARTS}.draw:draw_timeline",
    ),
    ChartKind(
        "grid", "The items of a list as tiles.",
        rows=f"{_CHARTS}.rows:list_rows", draw=f"{_CHARTS}.draw:draw_grid", source_list=True,
    ),
    ChartKind(
        "map", "The countries of a list marked on a world map (tiles on a phone).",
        rows=f"{_CHARTS}.rows:list_rows", draw=f"{_CHARTS}.draw:draw_map", source_list=True, countries=True,
    ),
    ChartKind(
        "attribution", "How many of the figures the article credits to each source, and how many it states itself.",
        rows=f"{_CHARTS}.rows:attribution_rows", draw=f"{_CHARTS}.draw:draw_attribution",
    ),
)
"""The kinds the generator ships, in the order the schema lists them."""


@functools.cache  # once a process, on first use: a chart worker, which imports a drawing's module, never asks
def chart_kinds() -> Mapping[str, ChartKind]:
    """Kind name → declaration: the built-in kinds, then those installed packages declare, in entry-point order.

    An entry point names a ChartKind in a module that imports only this one of the generator: it is loaded while the
    data model is being made."""
    kinds = {kind.name: kind for kind in BUILT_IN}
    for entry in importlib.metadata.entry_points(group=ENTRY_POINTS):
        kind = entry.load()
        where = f"entry point {entry.name} = {entry.value}" + (f" of {entry.dist.name}" if entry.dist else "")
        if not isinstance(kind, ChartKind):
            raise GeneratorError(f"{where}: names a {type(kind).__name__}, not a ChartKind")
        if kind.name != entry.name:
            raise GeneratorError(f"{where}: declares the kind {kind.name!r}; an entry point is named after its kind")
        if kind.name in kinds:
            raise GeneratorError(f"{where}: the chart kind {kind.name!r} is already declared")
        kinds[kind.name] = kind
    return MappingProxyType(kinds)


def resolve(reference: str) -> Callable:
    """The function a "module:function" reference names, its module imported on first use."""
    module, _, name = reference.partition(":")
    return getattr(importlib.import_module(module), name)
