"""Stage 4, charts: Altair charts from chart definitions, rendered to static SVG.

A handful of chart kinds are implemented once here; each chart on the site
is an instance of one, defined in `data/charts.yaml`. Every chart is built
twice, once per site palette (light, dark), and rendered with vl-convert to
SVG at build time, so a reader sees it without JavaScript.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections import Counter
from dataclasses import dataclass

import altair as alt
import vl_convert

from . import schema
from .derive import Report, trim_number
from .theme import THEMES, Theme

WIDTH = 560


@dataclass(frozen=True)
class Row:
    """One mark of a chart, with where it comes from."""

    label: str
    series: str
    value: float | None
    display: str
    source: str
    """Paragraph label and id, e.g. `¶5`; empty for derived rows."""
    derived: bool = False


@dataclass(frozen=True)
class ChartView:
    """What a page needs to show a chart: files, text alternative and data."""

    spec: schema.ChartSpec
    rows: list[Row]
    description: str
    paragraphs: list[str]
    files: dict[str, str]
    """Variant name (`light`, `dark`, `csv`, `json`, `vega-lite`) → docs-relative path."""
    width: int
    height: int


@dataclass(frozen=True)
class Charts:
    views: dict[str, ChartView]
    files: dict[str, bytes]


def render_charts(report: Report) -> Charts:
    """Build and render every chart defined in the data."""
    colours = _colour_keys(report)
    views: dict[str, ChartView] = {}
    files: dict[str, bytes] = {}
    for spec in report.data.charts:
        rows, paragraphs = _rows(spec, report)
        paths = {name: f"charts/{spec.id}.{ext}" for name, ext in _FILES.items()}
        size = (0, 0)
        for variant, theme in THEMES.items():
            chart = _build(spec, rows, report, colours, theme)
            vl_spec = chart.to_dict()
            svg = vl_convert.vegalite_to_svg(vl_spec)
            files[paths[variant]] = svg.encode("utf-8")
            if variant == "light":
                files[paths["vega-lite"]] = (json.dumps(vl_spec, sort_keys=True, indent=1) + "\n").encode()
                size = _svg_size(svg)
        files[paths["csv"]] = _csv(rows)
        files[paths["json"]] = (json.dumps([r.__dict__ for r in rows], ensure_ascii=False, indent=1) + "\n").encode()
        views[spec.id] = ChartView(spec, rows, describe(spec, rows), paragraphs, paths, *size)
    return Charts(views, files)


_FILES = {"light": "light.svg", "dark": "dark.svg", "csv": "csv", "json": "json", "vega-lite": "vl.json"}


def describe(spec: schema.ChartSpec, rows: list[Row]) -> str:
    """A text alternative generated from the data: every mark with its printed value."""
    parts = [f"{r.label}{' (' + r.series + ')' if r.series and r.series != r.label else ''}: {r.display}" for r in rows]
    return f"{spec.title}. " + "; ".join(parts) + "."


# --- rows: the data behind each chart kind ----------------------------------


def _rows(spec: schema.ChartSpec, report: Report) -> tuple[list[Row], list[str]]:
    name = lambda entity_id: report.entities[entity_id].entity.name  # noqa: E731
    if spec.kind == "timeline":
        rows = [Row(e.date.isoformat(), e.title, None, e.date.strftime("%-d %b %Y"), _src(report, e.paragraph)) for e in report.events]
        return rows, [e.paragraph for e in report.events]
    if spec.kind == "grid":
        lst = next(x for x in report.data.lists if x.id == spec.source_list)
        rows = [Row(item.label, lst.title, None, item.label, _src(report, lst.paragraph)) for item in lst.items]
        return rows, [lst.paragraph]
    if spec.kind == "attribution":
        counts = Counter(name(e) for f in report.data.facts for e in f.attributed_to)
        authored = sum(1 for f in report.data.facts if not f.attributed_to)
        rows = [Row(label, "outlet", float(n), f"{n} figures", "") for label, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
        rows.append(Row("The author (no outlet credited)", "author", float(authored), f"{authored} figures", ""))
        return rows, []

    figures = [report.figures[f] for f in spec.facts]
    rows = [
        Row(
            label=spec.groups.get(fig.id, fig.label),
            series=name(spec.series[fig.id]) if fig.id in spec.series else "",
            value=fig.fact.value,
            display=fig.display,
            source=_src(report, fig.fact.paragraph),
        )
        for fig in figures
    ]
    if spec.kind == "share":
        rows = _share_rows(spec, figures, report)
    paragraphs = list(dict.fromkeys(fig.fact.paragraph for fig in figures))
    return rows, paragraphs


def _share_rows(spec: schema.ChartSpec, figures: list, report: Report) -> list[Row]:
    """A part and the rest of its whole; a lone percentage is a part of 100."""
    part = figures[0]
    series = report.entities[spec.series.get(part.id, part.fact.about[0])].entity.name
    first = Row(part.label, series, part.fact.value, part.display, _src(report, part.fact.paragraph))
    if len(figures) == 1:
        rest = 100 - part.fact.value
        return [first, Row("The rest", "Rest", rest, f"{trim_number(rest)}% (derived: 100% − {part.display})", "", derived=True)]
    whole = figures[1]
    rest = whole.fact.value - part.fact.value
    label = f"Rest of the {whole.label[0].lower() + whole.label[1:]}"
    return [first, Row(label, "Rest", rest, f"{_money(rest, whole.fact.currency)} (derived: {whole.display} − {part.display})", "", derived=True)]


def _src(report: Report, paragraph_id: str) -> str:
    return report.paragraph_label(paragraph_id)


def _money(value: float, currency: str | None) -> str:
    symbol = {"USD": "$", "CNY": "¥"}.get(currency or "", "")
    for scale, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if abs(value) >= scale:
            return f"{symbol}{value / scale:g} {word}"
    return f"{symbol}{value:g}"


# --- colours: one per organisation, the same on every chart -----------------


def _colour_keys(report: Report) -> dict[str, int]:
    """Series name → palette index, by first appearance across all charts."""
    keys: dict[str, int] = {}
    for spec in report.data.charts:
        for entity_id in spec.series.values():
            entity = report.entities[entity_id].entity
            owner = entity.maker or entity.id
            keys.setdefault(owner, len(keys))
    by_name: dict[str, int] = {}
    for spec in report.data.charts:
        for entity_id in spec.series.values():
            entity = report.entities[entity_id].entity
            by_name[entity.name] = keys[entity.maker or entity.id]
    return by_name


def _scale(names: list[str], colours: dict[str, int], theme: Theme) -> alt.Scale:
    return alt.Scale(domain=names, range=[theme.series[colours[n] % len(theme.series)] if n in colours else theme.muted for n in names])


# --- chart kinds --------------------------------------------------------------


def _build(spec: schema.ChartSpec, rows: list[Row], report: Report, colours: dict[str, int], theme: Theme) -> alt.Chart:
    data = alt.Data(values=[{**r.__dict__, "value": r.value} for r in rows])
    builder = {
        "paired_bars": _paired_bars,
        "magnitude": _magnitude,
        "share": _share,
        "timeline": _timeline,
        "grid": _grid,
        "attribution": _attribution,
    }[spec.kind]
    chart = builder(data, rows, colours, theme)
    return chart.properties(title=alt.Title(spec.title, anchor="start"), width=WIDTH).configure(**theme.config)


def _tooltip() -> list[alt.Tooltip]:
    return [alt.Tooltip("label:N", title="What"), alt.Tooltip("display:N", title="Figure"), alt.Tooltip("source:N", title="Source")]


def _paired_bars(data, rows, colours, theme):
    groups = list(dict.fromkeys(r.label for r in rows))
    series = list(dict.fromkeys(r.series for r in rows))
    base = alt.Chart(data).encode(
        y=alt.Y("label:N", sort=groups, title=None, axis=alt.Axis(labelLimit=180)),
        yOffset=alt.YOffset("series:N", sort=series),
    )
    bars = base.mark_bar(height={"band": 0.9}).encode(
        x=alt.X("value:Q", title=None, axis=alt.Axis(labels=False, ticks=False, grid=False, domain=False)),
        color=alt.Color("series:N", scale=_scale(series, colours, theme), legend=alt.Legend(title=None, orient="top")),
        tooltip=_tooltip(),
    )
    labels = base.mark_text(align="left", dx=4, color=theme.text).encode(
        x=alt.X("value:Q"),
        text=alt.Text("display:N"),
    ).transform_calculate(value="datum.value === null ? 0 : datum.value")
    return (bars + labels).properties(height=alt.Step(22))


def _magnitude(data, rows, colours, theme):
    order = [r.label for r in sorted(rows, key=lambda r: r.value or 0)]
    values = [r.value for r in rows if r.value]
    # Bars on a log scale start at the domain's floor: a power of ten below the smallest value.
    domain = [10 ** math.floor(math.log10(min(values))), 10 ** math.ceil(math.log10(max(values)))]
    base = alt.Chart(data).encode(y=alt.Y("label:N", sort=order, title=None, axis=alt.Axis(labelLimit=280)))
    bars = base.mark_bar(color=theme.series[0]).encode(
        x=alt.X(
            "value:Q",
            stack=None,
            scale=alt.Scale(type="log", domain=domain),
            title="US dollars, log scale",
            axis=alt.Axis(format="$~s", values=[10**e for e in range(round(math.log10(domain[0])), round(math.log10(domain[1])) + 1)]),
        ),
        x2=alt.X2(datum=domain[0]),
        tooltip=_tooltip(),
    )
    labels = base.mark_text(align="left", dx=4, color=theme.text).encode(x="value:Q", text="display:N")
    return (bars + labels).properties(height=alt.Step(30))


def _share(data, rows, colours, theme):
    total = sum(r.value or 0 for r in rows)
    series = [r.series for r in rows]
    bars = alt.Chart(data).mark_bar(height=36).encode(
        x=alt.X("value:Q", stack="zero", title=None, axis=alt.Axis(labels=False, ticks=False, grid=False), scale=alt.Scale(domain=[0, total])),
        color=alt.Color("series:N", scale=_scale(series, colours, theme), sort=series, legend=alt.Legend(title=None, orient="top")),
        order=alt.Order("order:Q"),
        tooltip=_tooltip(),
    ).transform_window(order="row_number()")
    return bars.properties(height=50)


def _timeline(data, rows, colours, theme):
    base = alt.Chart(data).encode(y=alt.Y("label:T", title=None, sort="ascending", axis=alt.Axis(format="%-d %b %Y", grid=False)))
    points = base.mark_circle(size=120, color=theme.series[0], opacity=1).encode(tooltip=_tooltip())
    labels = base.mark_text(align="left", dx=12, color=theme.text).encode(text="series:N")
    return (points + labels).properties(height=220)


def _grid(data, rows, colours, theme):
    tiles = alt.Chart(data).transform_window(index="row_number()").transform_calculate(
        col="(datum.index - 1) % 3", row="floor((datum.index - 1) / 3)"
    )
    axis = dict(axis=None)
    rect = tiles.mark_rect(color=theme.series[1], cornerRadius=4, stroke=theme.background, strokeWidth=4).encode(
        x=alt.X("col:O", **axis), y=alt.Y("row:O", **axis), tooltip=_tooltip()
    )
    text = tiles.mark_text(color=theme.on_series, fontSize=15, fontWeight="bold").encode(x=alt.X("col:O", **axis), y=alt.Y("row:O", **axis), text="label:N")
    return (rect + text).properties(height=alt.Step(56))


def _attribution(data, rows, colours, theme):
    order = [r.label for r in rows]
    base = alt.Chart(data).encode(y=alt.Y("label:N", sort=order, title=None, axis=alt.Axis(labelLimit=220)))
    bars = base.mark_bar(color=theme.series[2]).encode(
        x=alt.X("value:Q", title="Figures credited", axis=alt.Axis(tickMinStep=1)), tooltip=_tooltip()
    )
    labels = base.mark_text(align="left", dx=4, color=theme.text).encode(x="value:Q", text="display:N")
    return (bars + labels).properties(height=alt.Step(26))


# --- files ----------------------------------------------------------------------


def _csv(rows: list[Row]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["label", "series", "value", "display", "source", "derived"])
    for r in rows:
        writer.writerow([r.label, r.series, "" if r.value is None else f"{r.value:g}", r.display, r.source, "yes" if r.derived else ""])
    return out.getvalue().encode("utf-8")


def _svg_size(svg: str) -> tuple[int, int]:
    head = svg[: svg.index(">")]
    attrs = dict(part.split("=", 1) for part in head.split() if "=" in part)
    return int(float(attrs["width"].strip('"'))), int(float(attrs["height"].strip('"')))

