"""Stage 4, drawing one chart: Altair builds its Vega-Lite spec for each palette and layout, vl-convert renders it.

charts.py decides what each chart shows and whether its drawing is already in the
render cache; only a chart that is not gets here, so a build whose charts have not
changed never imports Altair or vl-convert. `draw()` runs in a worker process, so it
takes and returns plain data: a Sketch (sketch.py), and drawings as text.
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import json
import math
import re
import textwrap
from dataclasses import asdict, dataclass, replace
from pathlib import Path

import altair as alt
import vl_convert
from altair.utils.schemapi import debug_mode

from generator.errors import MissingShapes
from generator.model.chart_kinds import resolve

from .fonts import own_fonts
from .geo import WORLD_FILE, World, compact_svg_paths, load_world
from .sketch import LAYOUTS, LINE_BREAK, Layout, Measure, Row, Sketch, variant_name
from .theme import STAND_INS, THEMES, Theme, recolour, recolouring

WORLD_DATASET = "world"
"""The map's shapes, added to the spec as a named dataset once it is built."""


def draw(sketch: Sketch, colours: dict[str, int], codes: dict[str, str], vendor_dir: Path | None, layouts: tuple[str, ...] = tuple(LAYOUTS)) -> dict:
    """The variants of one chart in `layouts` (all by default): `{"svg": {variant: svg}, "spec": {variant: json},
    "png": base64 of the light PNG}`, the PNG with the wide layout.

    `codes` are a map's ISO country codes by row id (empty for other kinds). Each layout is built
    and rendered once, in stand-in colours, then recoloured into each palette (see theme.py)."""
    own_fonts()
    places = _places(sketch, codes, vendor_dir) if sketch.countries else None
    drawn: dict = {"svg": {}, "spec": {}}
    for layout in (LAYOUTS[name] for name in layouts):
        layout, vl_spec, svg = fitted(sketch, colours, layout, places)
        # Compact: a map's spec holds the world's shapes, which indented would be four times the size.
        spec_text = json.dumps(vl_spec, sort_keys=True, ensure_ascii=False, separators=(",", ":")) + "\n"
        static = _unlinked(compact_svg_paths(svg) if sketch.countries else svg)  # a map: no detail a screen cannot show
        for theme_name, theme in THEMES.items():
            variant, palette = variant_name(theme_name, layout), recolouring(theme)
            drawn["svg"][variant] = recolour(static, palette)
            drawn["spec"][variant] = recolour(spec_text, palette)
            if variant == "light":
                drawn["png"] = base64.b64encode(vl_convert.svg_to_png(recolour(svg, palette), scale=2)).decode("ascii")
    return drawn


def fitted(sketch: Sketch, colours: dict[str, int], layout: Layout, places: Places | None) -> tuple[Layout, dict, str]:
    """`layout` with its plot narrowed until the chart's drawing is no wider than the layout fits, and the chart's Vega-Lite
    spec and SVG in it, in stand-in colours.

    Labels beside a plot (a value right of its bar, a legend) take what width their text needs, known once drawn:
    each drawing too wide is drawn again with a plot narrower by as much."""
    for attempt in range(1, _FITTINGS + 1):
        # Validated against the Vega-Lite schema by the tests, not on every build: Altair would check each object it
        # makes against the schema too (its debug mode), the tests' check again for every chart of every build.
        with debug_mode(False):
            vl_spec = _build(sketch, colours, STAND_INS, layout, places).to_dict(validate=False)
        if places is not None and layout.name == "wide":
            vl_spec.setdefault("datasets", {})[WORLD_DATASET] = places.world.topology
        svg = vl_convert.vegalite_to_svg(vl_spec)
        over = svg_width(svg) - layout.fits if layout.fits is not None else 0
        if over <= 0 or attempt == _FITTINGS:
            break
        # A label right of a mark part way along the plot moves by that part of the plot's change: narrow by a pixel more.
        less = math.ceil(over) + 1
        layout = replace(layout, width=max(_PLOT_LEAST, layout.width - less), inside=max(2 * _PLOT_LEAST, layout.inside - less))
    return layout, vl_spec, svg


_FITTINGS = 5
"""Drawings of one layout at most: a second is nearly always the last (a label far along a log scale, or a legend's
wrapping, can take more)."""
_PLOT_LEAST = 60
"""The narrowest plot, in pixels: narrower, its bars would no longer show their differences."""


def svg_width(svg: str) -> float:
    """The width of a drawing Vega made, from its root element."""
    match = re.search(r'<svg\b[^>]*\bwidth="([0-9.]+)"', svg)
    if match is None:
        raise ValueError("not an SVG drawing with a width")
    return float(match.group(1))


def _scale(names: list[str], colours: dict[str, int], theme: Theme) -> alt.Scale:
    palette = [theme.series[colours[n] % len(theme.series)] if n in colours else theme.muted for n in names]
    return alt.Scale(domain=names, range=palette)


# --- chart kinds: each drawing below is named by its kind's declaration (model/chart_kinds.py) ---


def _build(sketch: Sketch, colours, theme: Theme, layout: Layout, places: Places | None = None) -> alt.TopLevelMixin:
    rows = sketch.rows
    values = []
    mapped = places.fields(rows) if places is not None else {}
    for r in rows:
        lines = [line for text in (r.label, *sketch.notes.get(r.label, [])) for line in textwrap.wrap(text, layout.wrap)]
        values.append({
            **{name: value for name, value in asdict(r).items() if value is not None or name != "end"},  # only dated rows end
            "axis": LINE_BREAK.join(lines),
            "lines": [r.display, *textwrap.wrap(r.label, layout.wrap)],
            # A printed figure beside its mark, on as many lines as a phone's width needs ("768,000 square miles (1.99
            # million square kilometers)").
            "figure": _figure_lines(r.display, layout),
            # about nine pixels a character of a bold label fills a grid tile; words are never broken
            "tile": textwrap.wrap(r.label, max(8, layout.inside // layout.columns // 9), break_long_words=False),
            **mapped.get(r.id, {}),
        })
    drawing = resolve(sketch.drawing)  # the worker knows a kind by its Sketch alone, never loads the registry of kinds
    if places is not None:
        drawing = functools.partial(drawing, places=places)
    if sketch.measure is not None:
        drawing = functools.partial(drawing, measure=sketch.measure)
    chart = drawing(alt.Data(values=values), rows, colours, theme, layout)
    props = {}
    subtitle = [line for text in sketch.context for line in textwrap.wrap(text, 60 if layout.title else 2 * layout.wrap)]
    if layout.title or subtitle:
        extra = {"subtitle": subtitle} if subtitle else {}
        # Vega draws no subtitle under an empty title: the phone variant's title is a space.
        props["title"] = alt.Title(sketch.title if layout.title else " ", anchor="start", **extra)
    # Set on the chart itself: .properties() and .configure() each return a copy, whose LayerChart.__init__ deep-copies
    # every layer again and validates it.
    for name, value in {**props, "config": alt.Config(**theme.config)}.items():
        setattr(chart, name, value)
    return chart


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
    return chart.add_params(hovered).encode(opacity=alt.OpacityValue(**alt.condition(hovered, alt.value(1), alt.value(0.45))))


def _step(rows: list[Row], layout: Layout, least: int) -> alt.Step:
    """A row height that fits the row's wrapped label and figure (about fifteen pixels a line)."""
    lines = max(max(len(textwrap.wrap(r.label, layout.wrap)), len(_figure_lines(r.display, layout))) for r in rows)
    return alt.Step(max(least, 15 * lines + 6))


def _figure_lines(display: str, layout: Layout) -> list[str]:
    return textwrap.wrap(display, layout.figure_wrap, break_on_hyphens=False) or [display]


def _value_labels(base: alt.Chart, theme: Theme) -> alt.Chart:
    return base.mark_text(align="left", dx=4, color=theme.text, lineHeight=15).encode(text=alt.Text("figure:N"))


def _legend(names: list[str], room: int) -> alt.Legend | None:
    """A legend naming each of two or more series whole, in a row if their names fit in `room` pixels, else one a line
    (a long name wrapped); none for one series, which the title names, or for series without names."""
    named = [name for name in names if name]
    if len(named) < 2:
        return None
    width = max(8, (room - _LEGEND_SYMBOL) // _CHARACTER)
    lines = {name: textwrap.wrap(name, width, break_long_words=False, break_on_hyphens=False) for name in named}
    in_row = sum(_LEGEND_SYMBOL + _CHARACTER * len(name) for name in named) + _LEGEND_GAP * (len(named) - 1) <= room
    # A name's lines by the name itself: Vega draws a label given as a list of lines on as many lines.
    label = "{" + ", ".join(f"{json.dumps(name)}: {json.dumps(lines[name])}" for name in named) + "}[datum.label]"
    return alt.Legend(
        title=None, orient="top", direction="horizontal", columns=0 if in_row else 1, labelExpr=label, labelLimit=0,
        values=named, columnPadding=_LEGEND_GAP,
    )


# Room a legend entry takes, in pixels: a symbol and its gap, about eight pixels a character of a 13-pixel label, and
# the space between entries in a row.
_LEGEND_SYMBOL, _CHARACTER, _LEGEND_GAP = 24, 8, 12


def _colour(names: list[str], colours, theme: Theme, room: int) -> alt.Color:
    legend = _legend(names, room)
    return alt.Color("series:N", scale=_scale(names, colours, theme), sort=names, legend=legend)


def draw_paired_bars(data, rows, colours, theme, layout):
    series = list(dict.fromkeys(r.series for r in rows))
    base = alt.Chart(data).encode(y=alt.Y("axis:N", sort=None, axis=_category_axis()))
    # A category fits its label's lines (about fifteen pixels each), derived notes included.
    step = max(24, 15 * max(max(v["axis"].count(LINE_BREAK) + 1, len(v["figure"])) for v in data.values) + 6)
    if len({r.label for r in rows}) < len(rows):  # pairs share a category: each series takes a bar's step of it
        base = base.encode(yOffset=alt.YOffset("series:N", sort=series))
        step = max(24, 15 * max(len(v["figure"]) for v in data.values) + 6)
    x = alt.X("value:Q", title=None, axis=None, scale=alt.Scale(nice=False))
    # A legend may run over the room the value labels take right of the plot, about sixty pixels.
    colour = _colour(series, colours, theme, layout.width + 60)
    stroke = alt.Stroke("series:N", scale=_scale(series, colours, theme), sort=series, legend=None)
    layers = _bounded_bars(base, x, rows, theme, 0.85, color=colour, stroke=stroke)
    return alt.layer(*layers, width=layout.width, height=alt.Step(step))


def draw_bars(data, rows, colours, theme, layout, measure: Measure):
    """Values of one measure, each a bar from zero in one colour, its printed figure at its end."""
    base = alt.Chart(data).encode(y=alt.Y("axis:N", sort=None, axis=_category_axis()))
    step = max(28, 15 * max(max(v["axis"].count(LINE_BREAK) + 1, len(v["figure"])) for v in data.values) + 6)
    x = alt.X("value:Q", title=None, axis=None, scale=alt.Scale(zero=True, nice=False))
    colour = alt.value(theme.series[0])
    layers = _bounded_bars(base, x, rows, theme, 0.7, color=colour, stroke=colour)
    return alt.layer(*layers, width=layout.width, height=alt.Step(step))


# A bound the text prints with a figure: the quantity lies at most at the figure ("up to five"), or beyond it ("more than").
_CEILINGS, _FLOORS = ("at_most", "below"), ("at_least", "above")


def _bounded_bars(base: alt.Chart, x: alt.X, rows: list[Row], theme: Theme, band: float, **colour) -> list[alt.Chart]:
    """Bars with their printed figures at their ends, a bounded figure's bar drawn as a bound: one the quantity is at
    most (or below) is an outline, for it lies somewhere along it; one it is at least (or above) runs on past its end as
    a dashed line. A figure the text gives without a number ("on par") is a label at zero, never a bar."""
    ceiling = f"indexof({json.dumps(list(_CEILINGS))}, datum.bound) >= 0"
    floor = f"indexof({json.dumps(list(_FLOORS))}, datum.bound) >= 0"
    outline = {"fillOpacity": alt.condition(ceiling, alt.value(0.12), alt.value(1)), "strokeDash": alt.condition(ceiling, alt.value([5, 3]), alt.value([1, 0]))}
    bars = _highlight(base.mark_bar(height={"band": band}, strokeWidth=2)).encode(x=x, tooltip=_tooltip(), **outline, **colour)
    # How far past its end a floor's line runs: a tenth of the longest bar.
    reach = max((r.value or 0 for r in rows), default=0) / 10
    end = f"(datum.value === null ? 0 : datum.value) + ({floor} ? {reach} : 0)"
    labels = _value_labels(base.transform_calculate(value=end), theme).encode(x=x)
    if not any(r.bound in _FLOORS for r in rows):
        return [bars, labels]
    beyond = base.transform_filter(floor).transform_calculate(end=f"datum.value + {reach}").mark_rule(strokeDash=[5, 3], strokeWidth=2)
    return [bars, beyond.encode(x=x, x2=alt.X2("end:Q"), stroke=colour["stroke"]), labels]


def draw_magnitude(data, rows, colours, theme, layout, measure: Measure):
    """Amounts as dots, each with a line from the scale's start: a log scale when they span a power of ten or more (amounts
    4% apart would sit on one spot of it), else a scale from zero."""
    values = [r.value for r in rows if r.value]
    low_value, high_value = min(values), max(values)
    logarithmic = low_value > 0 and high_value >= 10 * low_value
    base = alt.Chart().encode(y=alt.Y("axis:N", sort=alt.EncodingSortField("value"), axis=_category_axis()))
    # A currency's symbol before the number; from a million, SI prefixes with B for billions, as English writes them
    # ($1B, not $1G); below it, the number in full (1,000 days, not 1k).
    number = "datum.value >= 1e6 ? replace(format(datum.value, '~s'), 'G', 'B') : format(datum.value, ',')"
    label = f"{json.dumps(measure.symbol)} + ({number})"
    if logarithmic:
        # Ticks and the domain at powers of ten, from one below the smallest amount.
        low, high = math.floor(math.log10(low_value)), math.ceil(math.log10(high_value))
        ticks = [10**e for e in range(low, high + 1, 1 if layout.name == "wide" else 2)]
        scale, start = alt.Scale(type="log", domain=[10**low, 10**high]), 10**low
        axis = alt.Axis(values=ticks, labelExpr=label)
    else:
        scale, start = alt.Scale(zero=True, nice=True), 0
        axis = alt.Axis(labelExpr=label, tickCount=5 if layout.name == "wide" else 3)
    title = ", ".join(part for part in (measure.unit, "log scale" if logarithmic else "") if part)
    x = alt.X("value:Q", scale=scale, title=title, axis=axis)
    # Dots, not bars: on a log scale a bar's length from an arbitrary floor means nothing.
    rule = base.mark_rule(color=theme.grid).encode(x=alt.X("value:Q"), x2=alt.X2(datum=start))
    # A bounded amount's dot is drawn as a bound: a ring for one the amount is at most (or below), for it lies somewhere
    # left of it; an arrowhead right of the dot for one it is at least (or above), its label after the arrowhead.
    ceiling = f"indexof({json.dumps(list(_CEILINGS))}, datum.bound) >= 0"
    floor = f"indexof({json.dumps(list(_FLOORS))}, datum.bound) >= 0"
    ring = {"fillOpacity": alt.condition(ceiling, alt.value(0), alt.value(1))}
    dots = _highlight(base.mark_circle(size=160, opacity=1, color=theme.series[0], stroke=theme.series[0], strokeWidth=2.5)).encode(
        x=x, tooltip=_tooltip(), **ring
    )
    marks = [rule, dots]
    if any(r.bound in _FLOORS for r in rows):
        arrow = base.transform_filter(floor).mark_point(shape="triangle-right", size=80, filled=True, opacity=1, color=theme.series[0])
        marks.append(arrow.encode(x=alt.X("value:Q"), xOffset=alt.value(17)))
    for shown, dx in ((f"!({floor})", 10), (floor, 28)):  # a mark's dx is one for all its texts: one layer each
        marks.append(base.transform_filter(shown).mark_text(align="left", dx=dx, color=theme.text, lineHeight=15).encode(x=alt.X("value:Q"), text=alt.Text("figure:N")))
    kinds = list(dict.fromkeys(r.series for r in rows))
    if kinds == [""]:
        return alt.layer(*marks, data=data, width=layout.width - layout.value_room, height=_step(rows, layout, 34))
    # Amounts of different kinds (spent, pledged, lost) each get a panel of their own, headed by
    # their kind: one scale shows their orders of magnitude without making them parts of one sum.
    # The facet's frame takes about sixteen pixels of the width: the panels give them up, so a phone's chart still fits.
    panel = alt.layer(*marks, width=layout.width - layout.value_room - 16, height=_step(rows, layout, 34))
    header = alt.Header(title=None, labelAngle=0, labelAlign="left", labelAnchor="start", labelFontWeight="bold", labelColor=theme.text, labelFontSize=12, labelPadding=4)
    return alt.FacetChart(data=data, spec=panel, facet=alt.Facet("series:N", sort=kinds, header=header), columns=1, resolve=alt.Resolve(scale=alt.ScaleResolveMap(y="independent")))


def draw_share(data, rows, colours, theme, layout):
    series = [r.series for r in rows]
    stacked = alt.Chart(data).transform_window(order="row_number()").transform_stack(
        stack="value", groupby=[], as_=["x0", "x1"], sort=[alt.SortField("order")]
    ).transform_calculate(mid="(datum.x0 + datum.x1) / 2")
    x = alt.X("x0:Q", title=None, axis=None, scale=alt.Scale(domain=[0, sum(r.value or 0 for r in rows)]))
    scale = _scale(series, colours, theme)
    bars = stacked.mark_bar(height=40).encode(
        x=x,
        x2=alt.X2("x1:Q"),
        color=_colour(series, colours, theme, layout.inside),
        tooltip=_tooltip(),
    )
    # The label sits inside the first segment, whose colour is the scale's first.
    first = stacked.transform_filter("datum.order == 1").mark_text(color=theme.text_on(scale.range[0]), fontWeight="bold", align="left", dx=6).encode(
        x=alt.X("x0:Q"), text=alt.Text("display:N")
    )
    return alt.layer(bars, first, width=layout.inside, height=44)


def draw_timeline(data, rows, colours, theme, layout):
    # Labels of events in the later half of the period sit left of their point, so none runs off the chart.
    first = dt.date.fromisoformat(min(r.date for r in rows))
    last = dt.date.fromisoformat(max(r.end or r.date for r in rows))
    late = f"datum.date >= time('{first + (last - first) / 2}')"
    lines = max(1 + len(textwrap.wrap(r.label, layout.wrap)) for r in rows)
    # Days within one year; across two years months, each with its year; over more, years, at most about six of them.
    years = last.year - first.year
    if years == 0:
        ticks = {"format": "%-d %b", "tickCount": "day" if layout.name == "wide" else "week"}
    elif (last - first).days <= 2 * 366:
        ticks = {"format": "%b %Y", "tickCount": "month"}
    else:
        step = next(s for s in (1, 2, 5, 10, 20, 50, 100, 1000) if years / s <= 6)
        ticks = {"format": "%Y", "tickCount": {"interval": "year", "step": step}}
    base = alt.Chart(data).encode(
        x=alt.X("date:T", title=None, axis=alt.Axis(labelAngle=0, grid=True, **ticks)),
        # Point scale with all outer padding below the last event: its label runs downwards. The order is the rows'
        # own: the layers would otherwise list the spans' ids before the points'.
        y=alt.Y("id:N", sort=[r.id for r in rows], axis=None, scale=alt.Scale(type="point", padding=0.45, align=0.1)),
    )
    # An event of one day is a point; one that lasts (a span, or a month or year the text gives no day of) a bar
    # from its first day to its last.
    one_day = "datum.end == datum.date"
    points = base.transform_filter(one_day).mark_circle(size=140, color=theme.series[0], opacity=1).encode(tooltip=_tooltip())
    spans = base.transform_filter(f"!({one_day})").mark_rule(strokeWidth=10, strokeCap="round", color=theme.series[0]).encode(
        x2=alt.X2("end:T", title=None), tooltip=_tooltip()
    )
    text = alt.Text("lines:N")
    left = base.transform_filter(f"!({late})").mark_text(align="left", dx=10, color=theme.text, lineHeight=16).encode(x=alt.X("end:T", title=None), text=text)
    right = base.transform_filter(late).mark_text(align="right", dx=-10, color=theme.text, lineHeight=16).encode(text=text)
    return alt.layer(spans, points, left, right, width=layout.inside, height=alt.Step(16 * lines + 22))


def draw_grid(data, rows, colours, theme, layout):
    columns = layout.columns
    tiles = alt.Chart(data).transform_window(index="row_number()").transform_calculate(
        col=f"(datum.index - 1) % {columns}", row=f"floor((datum.index - 1) / {columns})"
    )
    position = {"x": alt.X("col:O", axis=None), "y": alt.Y("row:O", axis=None)}
    rect = tiles.mark_rect(color=theme.mark, cornerRadius=4, stroke=theme.background, strokeWidth=6).encode(**position, tooltip=_tooltip())
    text = tiles.mark_text(color=theme.text_on(theme.mark), fontSize=14, fontWeight="bold", lineHeight=17).encode(**position, text=alt.Text("tile:N"))
    return alt.layer(rect, text, width=layout.inside, height=alt.Step(56))


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


def _places(sketch: Sketch, codes: dict[str, str], vendor_dir: Path | None) -> Places:
    if vendor_dir is None:
        raise MissingShapes(f"chart {sketch.id}: a map needs the vendored shapes (vendor_dir)")
    world = load_world(vendor_dir)
    unknown = sorted(f"{row_id} ({code})" for row_id, code in codes.items() if code not in world.names)
    if unknown:
        raise MissingShapes(f"chart {sketch.id}: no country with the code of {', '.join(unknown)} in {WORLD_FILE}")
    return Places(world, codes)


# Degrees within which two marked countries' labels would collide: the western one's goes on its left.
_NEIGHBOURS = (15, 12)


def draw_map(data, rows, colours, theme, layout, places: Places):
    """The world, each listed country filled and marked with a dot and its name (small countries show as dots)."""
    if layout.name != "wide":  # on a phone the world is too small to find Italy on: the map's countries become tiles
        return draw_grid(data, rows, colours, theme, layout)
    projection = {"type": "equalEarth"}
    shapes = alt.NamedData(name=WORLD_DATASET, format=alt.DataFormat(type="topojson", feature="countries"))
    size = {"width": layout.inside, "height": round(layout.inside * 0.49)}
    land = alt.Chart(shapes).mark_geoshape(fill=theme.land, stroke=theme.background, strokeWidth=0.5).project(**projection)
    info = alt.LookupData(data, key="code", fields=["label", "series", "display", "source", "href"])
    marked = (
        alt.Chart(shapes)
        .transform_lookup(lookup="id", from_=info)
        .transform_filter("isValid(datum.label)")
        .mark_geoshape(fill=theme.mark, stroke=theme.background, strokeWidth=0.5, cursor="pointer")
        .encode(tooltip=_tooltip(), href=alt.Href("href:N"))
        .project(**projection)
    )
    points = alt.Chart(data).encode(longitude=alt.Longitude("lon:Q"), latitude=alt.Latitude("lat:Q"))
    dots = points.mark_circle(size=70, opacity=1, color=theme.mark, stroke=theme.background, strokeWidth=1.5, cursor="pointer").encode(
        tooltip=_tooltip(), href=alt.Href("href:N")
    )
    text = {"color": theme.text, "fontSize": 12, "fontWeight": "bold", "stroke": theme.background, "strokeWidth": 3, "strokeOpacity": 0.8}
    halo_left = points.transform_filter("datum.side == 'left'").mark_text(align="right", dx=-7, **text).encode(text=alt.Text("label:N"))
    halo_right = points.transform_filter("datum.side == 'right'").mark_text(align="left", dx=7, **text).encode(text=alt.Text("label:N"))
    # A second pass without the halo stroke, so the letters sit on top of it.
    plain = {**text, "strokeWidth": 0}
    left = points.transform_filter("datum.side == 'left'").mark_text(align="right", dx=-7, **plain).encode(text=alt.Text("label:N"))
    right = points.transform_filter("datum.side == 'right'").mark_text(align="left", dx=7, **plain).encode(text=alt.Text("label:N"))
    return alt.layer(land, marked, dots, halo_left, halo_right, left, right, **size)


def draw_attribution(data, rows, colours, theme, layout):
    base = alt.Chart(data).encode(y=alt.Y("axis:N", sort=None, axis=_category_axis()))
    x = alt.X("value:Q", title="Figures credited", axis=alt.Axis(tickMinStep=1, grid=False))
    bars = _highlight(base.mark_bar(color=theme.series[2])).encode(x=x, tooltip=_tooltip())
    return alt.layer(bars, _value_labels(base, theme).encode(x=x), width=layout.width, height=_step(rows, layout, 28))


# --- the static image -------------------------------------------------------------


_LINK = re.compile(r'<a xlink:href="[^"]*">(.*?)</a>', re.S)


def _unlinked(svg: str) -> str:
    """The static image without the marks' links: an <img> cannot follow them, and vl-convert resolves a
    relative link against a base of its own, another host. The interactive view keeps them."""
    return _LINK.sub(r"\1", svg)

