"""Stage 4, charts: Altair charts from chart definitions, rendered to static files.

A handful of chart kinds are implemented once here; each chart on the site
is an instance of one, defined in `data/charts.yaml`. Every chart is built
for each site palette (light, dark) and each layout (wide; narrow for
phones) and rendered with vl-convert at build time, so a reader sees it
without JavaScript. The Vega-Lite specs are kept too: the page upgrades a
chart to an interactive view (tooltips) from them, on demand.
"""

from __future__ import annotations

import csv
import functools
import importlib.metadata
import datetime as dt
import io
import json
import math
import re
import textwrap
from collections import Counter
from dataclasses import asdict, dataclass, replace
from pathlib import Path

import altair as alt
import vl_convert

from . import schema
from .cache import NO_CACHE, RenderCache
from .derive import Derived, Report, approximately, trim_number
from .errors import MissingShapes
from .geo import WORLD_FILE, World, compact_svg_paths, load_world
from .theme import THEMES, Theme

_RENDERER = "vl-convert " + importlib.metadata.version("vl-convert-python")

# Vega-Lite reads "|" in an axis label as a line break (see `labelExpr` below).
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


LAYOUTS = {
    "wide": Layout("wide", width=440, inside=440, value_room=0, wrap=34, title=True, columns=3),
    "narrow": Layout("narrow", width=150, inside=300, value_room=20, wrap=16, title=False, columns=2),
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
    paragraph: str | None = None
    """Id of the paragraph that states it, for a link; none for derived rows."""


@dataclass(frozen=True)
class ChartView:
    """What a page needs to show a chart: files, text alternative and data."""

    spec: schema.ChartSpec
    rows: list[Row]
    annotations: dict[str, list[Derived]]
    """Category label → derived figures shown beside it (e.g. a price ratio)."""
    context: list[str]
    """Lines under the title: figures shown with the chart but not plotted, derived ones marked."""
    description: str
    paragraphs: list[str]
    files: dict[str, str]
    """`light`, `dark`, `light-narrow`, `dark-narrow` (SVG), `spec-<variant>`, `png`, `csv`, `json` → docs-relative path."""
    sizes: dict[str, tuple[int, int]]
    """SVG variant → (width, height) in pixels."""


@dataclass(frozen=True)
class Charts:
    views: dict[str, ChartView]
    files: dict[str, bytes]


def render_charts(report: Report, cache: RenderCache = NO_CACHE, vendor_dir: Path | None = None) -> Charts:
    """Build and render every chart defined in the data; a map takes its shapes from `vendor_dir`."""
    colours = _colour_keys(report)
    views: dict[str, ChartView] = {}
    files: dict[str, bytes] = {}
    for view in chart_views(report).values():
        spec, paths, sizes = view.spec, view.files, {}
        places = _places(spec, view.rows, report, vendor_dir) if spec.kind == "map" else None
        for theme_name, theme in THEMES.items():
            for layout in LAYOUTS.values():
                variant = theme_name if layout.name == "wide" else f"{theme_name}-{layout.name}"
                vl_spec = _build(spec, view.rows, view.annotations, view.context, colours, theme, layout, places).to_dict()
                key = json.dumps(vl_spec, sort_keys=True) + _RENDERER
                svg = cache.get("svg", key, lambda spec=vl_spec: vl_convert.vegalite_to_svg(spec).encode("utf-8")).decode("utf-8")
                if spec.kind == "map":  # a world of outlines: drop the detail no screen shows
                    svg = compact_svg_paths(svg)
                svg = _unlinked(svg)
                files[paths[variant]] = svg.encode("utf-8")
                # Compact: a map's spec holds the world's shapes, which indented would be four times the size.
                files[paths[f"spec-{variant}"]] = (json.dumps(vl_spec, sort_keys=True, ensure_ascii=False, separators=(",", ":")) + "\n").encode()
                sizes[variant] = _svg_size(svg)
                if variant == "light":
                    files[paths["png"]] = cache.get("png", key, lambda spec=vl_spec: vl_convert.vegalite_to_png(spec, scale=2))
        files[paths["csv"]] = _csv(view.rows)
        files[paths["json"]] = (json.dumps([asdict(r) for r in view.rows], ensure_ascii=False, indent=1) + "\n").encode()
        views[spec.id] = replace(view, sizes=sizes)
    return Charts(views, files)


def chart_views(report: Report) -> dict[str, ChartView]:
    """Each chart's text side: rows, annotations, description and file paths (no sizes until rendered)."""
    views = {}
    for spec in report.data.charts:
        rows, paragraphs = _rows(spec, report)
        annotations = _annotations(spec, report)
        context = _context(spec, report, annotations, rows)
        paragraphs += [p for p in (report.figures[f].fact.paragraph for f in spec.context) if p not in paragraphs]
        paragraphs.sort(key=lambda p: report.paragraphs[p].number)
        paths = {"png": f"charts/{spec.id}.png", "csv": f"charts/{spec.id}.csv", "json": f"charts/{spec.id}.json"}
        for theme_name in THEMES:
            for layout in LAYOUTS.values():
                variant = theme_name if layout.name == "wide" else f"{theme_name}-{layout.name}"
                paths[variant] = f"charts/{spec.id}.{variant}.svg"
                paths[f"spec-{variant}"] = f"charts/{spec.id}.{variant}.vl.json"
        description = describe(spec, rows, annotations, context)
        views[spec.id] = ChartView(spec, rows, annotations, context, description, paragraphs, paths, {})
    return views


def describe(spec: schema.ChartSpec, rows: list[Row], annotations: dict[str, list[Derived]], context: list[str]) -> str:
    """A text alternative generated from the data: every mark with its printed value."""
    parts = []
    for r in rows:
        series = f" ({r.series})" if r.series and r.series not in (r.label, "Rest") else ""
        parts.append(f"{r.label}{series}: {r.display}")
    notes = [f"{label}: {d.display} (derived: {d.formula})" for label, ds in annotations.items() for d in ds]
    notes += context
    return f"{spec.title}. " + "; ".join(parts + notes) + "."


# --- rows: the data behind each chart kind ----------------------------------


def _rows(spec: schema.ChartSpec, report: Report) -> tuple[list[Row], list[str]]:
    def name(entity_id: str) -> str:
        return report.entities[entity_id].entity.name

    if spec.kind == "timeline":
        rows = [
            Row(e.id, e.title, "", None, e.date.strftime("%-d %b %Y"), report.paragraph_label(e.paragraph), date=e.date.isoformat(), paragraph=e.paragraph)
            for e in report.events
        ]
        return rows, list(dict.fromkeys(e.paragraph for e in report.events))
    if spec.kind in ("grid", "map"):
        lst = next(x for x in report.data.lists if x.id == spec.source_list)
        source = report.paragraph_label(lst.paragraph)
        rows = [Row(item.entity or item.label, item.label, lst.title, None, item.label, source, paragraph=lst.paragraph) for item in lst.items]
        return rows, [lst.paragraph]
    if spec.kind == "attribution":
        counts = Counter(name(e) for f in report.data.facts for e in f.attributed_to)
        authored = sum(1 for f in report.data.facts if not f.attributed_to)
        ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        rows = [Row(label, label, "credited", float(n), _figures(n), "") for label, n in ranked]
        rows.append(Row("author", "The author (no one credited)", "author", float(authored), _figures(authored), ""))
        return rows, []

    figures = [report.figures[f] for f in spec.facts]
    if spec.kind == "share":
        rows = _share_rows(spec, figures, report)
    else:
        rows = [
            Row(
                id=fig.id,
                label=spec.groups.get(fig.id, fig.label),
                series=name(spec.series[fig.id]) if fig.id in spec.series else spec.panels.get(fig.id, ""),
                value=fig.fact.value,
                display=fig.display,
                source=report.paragraph_label(fig.fact.paragraph),
                paragraph=fig.fact.paragraph,
            )
            for fig in figures
        ]
    return rows, list(dict.fromkeys(fig.fact.paragraph for fig in figures))


def _figures(count: int) -> str:
    return f"{count} figure" + ("" if count == 1 else "s")


def _share_rows(spec: schema.ChartSpec, figures: list, report: Report) -> list[Row]:
    """A part and the rest of its whole; a lone percentage is a part of 100."""
    part = figures[0]
    # A lone percentage measures something of its subject (participants it outperformed, say): the legend names that.
    series = part.label if len(figures) == 1 else report.entities[spec.series.get(part.id, part.fact.about[0])].entity.name
    first = Row(part.id, part.label, series, part.fact.value, part.display, report.paragraph_label(part.fact.paragraph), paragraph=part.fact.paragraph)
    if len(figures) == 1:
        rest = 100 - part.fact.value
        display = f"{trim_number(rest)}% (derived: 100% − {part.display})"
        return [first, Row("rest", "The rest", "Rest", rest, display, "", derived=True)]
    whole = figures[1]
    rest = whole.fact.value - part.fact.value
    # "U.S. tech …" keeps its capital; "Market value …" reads "the market value …".
    lead = whole.label[0].lower() if whole.label[1:2].islower() else whole.label[0]
    label = f"Rest of the {lead + whole.label[1:]}"
    display = f"{approximately(_money(rest, whole.fact.currency), figures)} (derived: {whole.display} − {part.display})"
    return [first, Row("rest", label, "Rest", rest, display, "", derived=True)]


def _annotations(spec: schema.ChartSpec, report: Report) -> dict[str, list[Derived]]:
    """Derived figures to show beside a category: the group of the derivation's first input."""
    out: dict[str, list[Derived]] = {}
    for derived_id in spec.derived:
        d = report.derived[derived_id]
        out.setdefault(spec.groups.get(d.spec.inputs[0], d.spec.label), []).append(d)
    return out


def _context(spec: schema.ChartSpec, report: Report, annotations: dict[str, list[Derived]], rows: list[Row]) -> list[str]:
    """Figures shown under the title: context facts, and derived figures no category carries."""
    lines = [f"{report.figures[f].label}: {report.figures[f].display}" for f in spec.context]
    labels = {r.label for r in rows}
    lines += [f"{d.label}: {d.display} (derived)" for label, ds in annotations.items() if label not in labels for d in ds]
    return lines


def _money(value: float, currency: str | None) -> str:
    symbol = {"USD": "$", "CNY": "¥"}.get(currency or "", "")
    for scale, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if abs(value) >= scale:
            return f"{symbol}{value / scale:g} {word}"
    return f"{symbol}{value:g}"


# --- colours: one per organisation, the same on every chart -----------------


def _colour_keys(report: Report) -> dict[str, int]:
    """Series name → palette index; an entity takes its maker's colour, by first appearance."""
    by_owner: dict[str, int] = {}
    by_name: dict[str, int] = {}
    for spec in report.data.charts:
        for fact_id, entity_id in spec.series.items():
            entity = report.entities[entity_id].entity
            owner = entity.maker or entity.id
            by_name[entity.name] = by_owner.setdefault(owner, len(by_owner))
            if spec.kind == "share" and len(spec.facts) == 1:  # its segment is named by what it measures
                by_name[report.figures[fact_id].label] = by_name[entity.name]
    return by_name


def _scale(names: list[str], colours: dict[str, int], theme: Theme) -> alt.Scale:
    palette = [theme.series[colours[n] % len(theme.series)] if n in colours else theme.muted for n in names]
    return alt.Scale(domain=names, range=palette)


# --- chart kinds --------------------------------------------------------------


def _build(spec, rows, annotations, context, colours, theme: Theme, layout: Layout, places: "Places | None" = None) -> alt.TopLevelMixin:
    values = []
    mapped = places.fields(rows) if places is not None else {}
    for r in rows:
        notes = [f"{d.display} (derived{', article: ' + d.checks.display if d.checks else ''})" for d in annotations.get(r.label, [])]
        lines = [line for text in (r.label, *notes) for line in textwrap.wrap(text, layout.wrap)]
        values.append({
            **asdict(r),
            "axis": LINE_BREAK.join(lines),
            "lines": [r.display, *textwrap.wrap(r.label, layout.wrap)],
            # about nine pixels a character of a bold label fills a grid tile; words are never broken
            "tile": textwrap.wrap(r.label, max(8, layout.inside // layout.columns // 9), break_long_words=False),
            **mapped.get(r.id, {}),
        })
    builder = {
        "paired_bars": _paired_bars,
        "magnitude": _magnitude,
        "share": _share,
        "timeline": _timeline,
        "grid": _grid,
        # On a phone the world is too small to find Italy on: the map's countries become tiles.
        "map": functools.partial(_map, places=places) if layout.name == "wide" else _grid,
        "attribution": _attribution,
    }[spec.kind]
    chart = builder(alt.Data(values=values), rows, colours, theme, layout)
    props = {}
    subtitle = [line for text in context for line in textwrap.wrap(text, 60 if layout.title else 2 * layout.wrap)]
    if layout.title or subtitle:
        extra = {"subtitle": subtitle} if subtitle else {}
        # Vega draws no subtitle under an empty title: the phone variant's title is a space.
        props["title"] = alt.Title(spec.title if layout.title else " ", anchor="start", **extra)
    return (chart.properties(**props) if props else chart).configure(**theme.config)


def _tooltip() -> list[alt.Tooltip]:
    return [
        alt.Tooltip("label:N", title="What"),
        alt.Tooltip("series:N", title="Of"),
        alt.Tooltip("display:N", title="Figure"),
        alt.Tooltip("source:N", title="Source"),
    ]


def _category_axis(title=None) -> alt.Axis:
    return alt.Axis(labelExpr=f"split(datum.label, '{LINE_BREAK}')", labelLimit=400, title=title, ticks=False, domain=False)


def _highlight(chart: alt.Chart) -> alt.Chart:
    """Dim the other marks while one is hovered; with nothing hovered (and in the static SVG) all are full."""
    hovered = alt.selection_point(name="hover", on="pointerover", clear="pointerout", fields=["id"], empty=True)
    return chart.add_params(hovered).encode(opacity=alt.condition(hovered, alt.value(1), alt.value(0.45)))


def _step(rows: list[Row], layout: Layout, least: int) -> alt.Step:
    """A row height that fits the row's wrapped label (about fifteen pixels a line)."""
    lines = max(len(textwrap.wrap(r.label, layout.wrap)) for r in rows)
    return alt.Step(max(least, 15 * lines + 6))


def _value_labels(base: alt.Chart, theme: Theme) -> alt.Chart:
    return base.mark_text(align="left", dx=4, color=theme.text).encode(text="display:N")


def _paired_bars(data, rows, colours, theme, layout):
    series = list(dict.fromkeys(r.series for r in rows))
    base = alt.Chart(data).encode(y=alt.Y("axis:N", sort=None, axis=_category_axis()))
    # A category fits its label's lines (about fifteen pixels each), derived notes included.
    step = max(24, 15 * max(v["axis"].count(LINE_BREAK) + 1 for v in data.values) + 6)
    if len({r.label for r in rows}) < len(rows):  # pairs share a category: each series takes a bar's step of it
        base = base.encode(yOffset=alt.YOffset("series:N", sort=series))
        step = 24
    x = alt.X("value:Q", title=None, axis=None, scale=alt.Scale(nice=False))
    bars = _highlight(base.mark_bar(height={"band": 0.85})).encode(
        x=x,
        color=alt.Color("series:N", scale=_scale(series, colours, theme), legend=alt.Legend(title=None, orient="top", direction="horizontal")),
        tooltip=_tooltip(),
    )
    # A figure the article gives without a number ("on par") is a label at zero, never a bar.
    labels = _value_labels(base.transform_calculate(value="datum.value === null ? 0 : datum.value"), theme).encode(x=x)
    return (bars + labels).properties(width=layout.width, height=alt.Step(step))


def _magnitude(data, rows, colours, theme, layout):
    values = [r.value for r in rows if r.value]
    # Bars on a log scale start at the domain's floor: a power of ten below the smallest value.
    low, high = math.floor(math.log10(min(values))), math.ceil(math.log10(max(values)))
    ticks = [10**e for e in range(low, high + 1, 1 if layout.name == "wide" else 2)]
    base = alt.Chart().encode(y=alt.Y("axis:N", sort=alt.EncodingSortField("value"), axis=_category_axis()))
    # SI prefixes with B for billions, as the article writes them ($1B, not $1G).
    axis = alt.Axis(format="$~s", values=ticks, labelExpr="replace(datum.label, 'G', 'B')")
    x = alt.X("value:Q", scale=alt.Scale(type="log", domain=[10**low, 10**high]), title="US dollars, log scale", axis=axis)
    # Dots, not bars: on a log scale a bar's length from an arbitrary floor means nothing.
    rule = base.mark_rule(color=theme.grid).encode(x=alt.X("value:Q"), x2=alt.X2(datum=10**low))
    dots = _highlight(base.mark_circle(size=160, opacity=1, color=theme.series[0])).encode(x=x, tooltip=_tooltip())
    labels = base.mark_text(align="left", dx=10, color=theme.text).encode(x="value:Q", text="display:N")
    kinds = list(dict.fromkeys(r.series for r in rows))
    if kinds == [""]:
        return alt.layer(rule, dots, labels, data=data).properties(width=layout.width - layout.value_room, height=_step(rows, layout, 34))
    # Amounts of different kinds (spent, pledged, lost) each get a panel of their own, headed by
    # their kind: one scale shows their orders of magnitude without making them parts of one sum.
    # The facet's frame takes about sixteen pixels of the width: the panels give them up, so a phone's chart still fits.
    panel = alt.layer(rule, dots, labels).properties(width=layout.width - layout.value_room - 16, height=_step(rows, layout, 34))
    header = alt.Header(title=None, labelAngle=0, labelAlign="left", labelAnchor="start", labelFontWeight="bold", labelColor=theme.text, labelFontSize=12, labelPadding=4)
    return alt.FacetChart(data=data, spec=panel, facet=alt.Facet("series:N", sort=kinds, header=header), columns=1).resolve_scale(y="independent")


def _share(data, rows, colours, theme, layout):
    series = [r.series for r in rows]
    stacked = alt.Chart(data).transform_window(order="row_number()").transform_stack(
        stack="value", groupby=[], as_=["x0", "x1"], sort=[alt.SortField("order")]
    ).transform_calculate(mid="(datum.x0 + datum.x1) / 2")
    x = alt.X("x0:Q", title=None, axis=None, scale=alt.Scale(domain=[0, sum(r.value or 0 for r in rows)]))
    scale = _scale(series, colours, theme)
    bars = stacked.mark_bar(height=40).encode(
        x=x,
        x2="x1:Q",
        color=alt.Color("series:N", scale=scale, sort=series, legend=alt.Legend(title=None, orient="top", direction="horizontal", labelLimit=400)),
        tooltip=_tooltip(),
    )
    # The label sits inside the first segment, whose colour is the scale's first.
    first = stacked.transform_filter("datum.order == 1").mark_text(color=theme.text_on(scale.range[0]), fontWeight="bold", align="left", dx=6).encode(
        x="x0:Q", text="display:N"
    )
    return (bars + first).properties(width=layout.inside, height=44)


def _timeline(data, rows, colours, theme, layout):
    # Labels of events in the later half of the period sit left of their point, so none runs off the chart.
    first, last = (dt.date.fromisoformat(d) for d in (min(r.date for r in rows), max(r.date for r in rows)))
    late = f"datum.date >= time('{first + (last - first) / 2}')"
    lines = max(1 + len(textwrap.wrap(r.label, layout.wrap)) for r in rows)
    # Days within one year; across years the ticks name months or years, each with its year.
    if first.year == last.year:
        ticks = {"format": "%-d %b", "tickCount": "day" if layout.name == "wide" else "week"}
    else:
        ticks = {"format": "%b %Y", "tickCount": "month" if (last - first).days <= 2 * 366 else "year"}
    base = alt.Chart(data).encode(
        x=alt.X("date:T", title=None, axis=alt.Axis(labelAngle=0, grid=True, **ticks)),
        # Point scale with all outer padding below the last event: its label runs downwards.
        y=alt.Y("id:N", sort=None, axis=None, scale=alt.Scale(type="point", padding=0.45, align=0.1)),
    )
    points = base.mark_circle(size=140, color=theme.series[0], opacity=1).encode(tooltip=_tooltip())
    text = alt.Text("lines:N")
    left = base.transform_filter(f"!({late})").mark_text(align="left", dx=10, color=theme.text, lineHeight=16).encode(text=text)
    right = base.transform_filter(late).mark_text(align="right", dx=-10, color=theme.text, lineHeight=16).encode(text=text)
    return alt.layer(points, left, right).properties(width=layout.inside, height=alt.Step(16 * lines + 22))


def _grid(data, rows, colours, theme, layout):
    columns = layout.columns
    tiles = alt.Chart(data).transform_window(index="row_number()").transform_calculate(
        col=f"(datum.index - 1) % {columns}", row=f"floor((datum.index - 1) / {columns})"
    )
    position = {"x": alt.X("col:O", axis=None), "y": alt.Y("row:O", axis=None)}
    rect = tiles.mark_rect(color=theme.mark, cornerRadius=4, stroke=theme.background, strokeWidth=6).encode(**position, tooltip=_tooltip())
    text = tiles.mark_text(color=theme.text_on(theme.mark), fontSize=14, fontWeight="bold", lineHeight=17).encode(**position, text="tile:N")
    return (rect + text).properties(width=layout.inside, height=alt.Step(56))


@dataclass(frozen=True)
class Places:
    """Where a map's rows are: the world's shapes, and each row's country code and label point."""

    world: World
    codes: dict[str, str]
    """Row id → ISO 3166-1 numeric code."""

    def fields(self, rows: list[Row]) -> dict[str, dict]:
        """Row id → what the map plots of it: code, label point, the side its label goes on, and its link in
        the interactive view, to the paragraph that names it (relative to the chart's page)."""
        points = {r.id: self.world.label_point(self.codes[r.id]) for r in rows}
        return {
            r.id: {
                "code": self.codes[r.id], "lon": points[r.id][0], "lat": points[r.id][1], "href": f"../source/#{r.paragraph}",
                "side": "left" if any(_just_east_of(points[r.id], other) for other in points.values()) else "right",
            }
            for r in rows
        }


def _just_east_of(point: tuple[float, float], other: tuple[float, float]) -> bool:
    """Whether `other` lies close enough east of `point` for their labels to collide."""
    return 0 < other[0] - point[0] <= _NEIGHBOURS[0] and abs(other[1] - point[1]) <= _NEIGHBOURS[1]


def _places(spec: schema.ChartSpec, rows: list[Row], report: Report, vendor_dir: Path | None) -> Places:
    if vendor_dir is None:
        raise MissingShapes(f"chart {spec.id}: a map needs the vendored shapes (vendor_dir)")
    world = load_world(vendor_dir)
    codes = {r.id: report.entities[r.id].entity.country_code for r in rows}
    unknown = sorted(f"{row_id} ({code})" for row_id, code in codes.items() if code not in world.names)
    if unknown:
        raise MissingShapes(f"chart {spec.id}: no country with the code of {', '.join(unknown)} in {WORLD_FILE}")
    return Places(world, codes)


# Degrees within which two marked countries' labels would collide: the western one's goes on its left.
_NEIGHBOURS = (15, 12)


def _map(data, rows, colours, theme, layout, places: Places):
    """The world, each listed country filled and marked with a dot and its name (small countries show as dots)."""
    projection = {"type": "equalEarth"}
    shapes = alt.Data(values=places.world.topology, format=alt.DataFormat(type="topojson", feature="countries"))
    size = {"width": layout.inside, "height": round(layout.inside * 0.49)}
    land = alt.Chart(shapes).mark_geoshape(fill=theme.land, stroke=theme.background, strokeWidth=0.5).project(**projection)
    info = alt.LookupData(data, key="code", fields=["label", "series", "display", "source", "href"])
    marked = (
        alt.Chart(shapes)
        .transform_lookup(lookup="id", from_=info)
        .transform_filter("isValid(datum.label)")
        .mark_geoshape(fill=theme.mark, stroke=theme.background, strokeWidth=0.5, cursor="pointer")
        .encode(tooltip=_tooltip(), href="href:N")
        .project(**projection)
    )
    points = alt.Chart(data).encode(longitude="lon:Q", latitude="lat:Q")
    dots = points.mark_circle(size=70, opacity=1, color=theme.mark, stroke=theme.background, strokeWidth=1.5, cursor="pointer").encode(
        tooltip=_tooltip(), href="href:N"
    )
    text = {"color": theme.text, "fontSize": 12, "fontWeight": "bold", "stroke": theme.background, "strokeWidth": 3, "strokeOpacity": 0.8}
    halo_left = points.transform_filter("datum.side == 'left'").mark_text(align="right", dx=-7, **text).encode(text="label:N")
    halo_right = points.transform_filter("datum.side == 'right'").mark_text(align="left", dx=7, **text).encode(text="label:N")
    # A second pass without the halo stroke, so the letters sit on top of it.
    plain = {**text, "strokeWidth": 0}
    left = points.transform_filter("datum.side == 'left'").mark_text(align="right", dx=-7, **plain).encode(text="label:N")
    right = points.transform_filter("datum.side == 'right'").mark_text(align="left", dx=7, **plain).encode(text="label:N")
    return alt.layer(land, marked, dots, halo_left, halo_right, left, right).properties(**size)


def _attribution(data, rows, colours, theme, layout):
    base = alt.Chart(data).encode(y=alt.Y("axis:N", sort=None, axis=_category_axis()))
    x = alt.X("value:Q", title="Figures credited", axis=alt.Axis(tickMinStep=1, grid=False))
    bars = _highlight(base.mark_bar(color=theme.series[2])).encode(x=x, tooltip=_tooltip())
    return (bars + _value_labels(base, theme).encode(x=x)).properties(width=layout.width, height=_step(rows, layout, 28))


# --- files ----------------------------------------------------------------------


def _csv(rows: list[Row]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["id", "label", "series", "value", "display", "source", "derived", "date"])
    for r in rows:
        value = "" if r.value is None else f"{r.value:g}"
        text = [csv_text(t) for t in (r.label, r.series, r.display, r.source)]
        writer.writerow([r.id, *text[:2], value, *text[2:], "yes" if r.derived else "", r.date or ""])
    return out.getvalue().encode("utf-8")


def csv_text(text: str) -> str:
    """A text cell a spreadsheet shows as text: a leading =, +, -, @ would make it a formula (OWASP's rule)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


_LINK = re.compile(r'<a xlink:href="[^"]*">(.*?)</a>', re.S)


def _unlinked(svg: str) -> str:
    """The static image without the marks' links: an <img> cannot follow them, and vl-convert resolves a
    relative link against a base of its own, another host. The interactive view keeps them."""
    return _LINK.sub(r"\1", svg)


def _svg_size(svg: str) -> tuple[int, int]:
    head = svg[: svg.index(">")]
    attrs = dict(part.split("=", 1) for part in head.split() if "=" in part)
    return int(float(attrs["width"].strip('"'))), int(float(attrs["height"].strip('"')))
