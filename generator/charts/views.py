"""Stage 4, charts: what each chart shows, and its drawings (static files).

Each chart kind is declared once (model/chart_kinds.py; rows.py makes the rows of
the built-in ones, draw.py draws them); each chart on the site is an instance of
one, defined in `data/charts.yaml`. Every chart is drawn for each site palette
(light, dark) and each layout (wide; narrow for phones) at build time, so a
reader sees it without JavaScript. The Vega-Lite specs are kept too: the page
upgrades a chart to an interactive view (tooltips) from them, on demand.

A drawing depends on the chart's Sketch (sketch.py: plain data, what the
drawing reads of it), the report's colours and a map's country codes
(`drawing_orders`), so that a build can draw in worker processes and keep
drawings by what they show (generator/speed/drawing.py).
"""

from __future__ import annotations

import base64
import csv
import io
import json
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from babel import numbers

from generator.derive.report import Derived, Report
from generator.model import schema
from generator.model.chart_kinds import chart_kinds, resolve

from .rows import series_name
from .sketch import LAYOUTS, Measure, Row, Sketch, variant_name
from .theme import THEMES


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
    """SVG variant → (width, height) in pixels: none before the drawing, placeholders while it goes on (speed/drawing.py)."""
    measure: Measure | None = None
    """What its facts' values are counted in, for a kind of one measure."""

    @property
    def sketch(self) -> Sketch:
        """What a worker needs to draw it."""
        notes = {
            label: [f"{d.display} (derived{', article: ' + d.checks.display if d.checks else ''})" for d in derived]
            for label, derived in self.annotations.items()
        }
        kind = chart_kinds()[self.spec.kind]
        return Sketch(
            self.spec.id, self.spec.kind, self.spec.title, self.rows, notes, self.context, kind.draw, kind.countries, self.measure
        )


@dataclass(frozen=True)
class Charts:
    views: dict[str, ChartView]
    files: dict[str, bytes]


VARIANTS = [variant_name(theme_name, layout) for theme_name in THEMES for layout in LAYOUTS.values()]
"""Every drawing of a chart: one per palette and layout."""


def drawing_orders(report: Report, views: dict[str, ChartView]) -> dict[str, tuple[Sketch, dict[str, int], dict[str, str]]]:
    """What each chart's drawing depends on: its Sketch, the report's colour of each series, a map's country codes."""
    colours = _colour_keys(report)
    return {chart_id: (view.sketch, colours, _country_codes(view, report)) for chart_id, view in views.items()}


def charts_from_drawings(views: dict[str, ChartView], drawings: dict[str, dict]) -> Charts:
    """The chart files, and each view with its drawings' sizes, from each chart's drawing (charts.draw.draw)."""
    sized: dict[str, ChartView] = {}
    files: dict[str, bytes] = {}
    for chart_id, view in views.items():
        drawn = drawings[chart_id]
        sizes = {}
        for variant, svg in drawn["svg"].items():
            files[view.files[variant]] = svg.encode("utf-8")
            files[view.files[f"spec-{variant}"]] = drawn["spec"][variant].encode("utf-8")
            sizes[variant] = _svg_size(svg)
        files[view.files["png"]] = base64.b64decode(drawn["png"])
        files[view.files["csv"]] = _csv(view.rows)
        files[view.files["json"]] = (json.dumps([asdict(r) for r in view.rows], ensure_ascii=False, indent=1) + "\n").encode()
        sized[chart_id] = replace(view, sizes=sizes)
    return Charts(sized, files)


def draw_charts(report: Report, views: dict[str, ChartView], vendor_dir: Path | None) -> Charts:
    """Every chart drawn here and now (a map takes its shapes from `vendor_dir`)."""
    from . import draw  # deferred: Altair and vl-convert, only where charts are drawn

    drawings = {chart_id: draw.draw(sketch, colours, codes, vendor_dir) for chart_id, (sketch, colours, codes) in drawing_orders(report, views).items()}
    return charts_from_drawings(views, drawings)


def _country_codes(view: ChartView, report: Report) -> dict[str, str]:
    """A map's ISO 3166-1 numeric code of each row's country (none for other kinds)."""
    if not chart_kinds()[view.spec.kind].countries:
        return {}
    return {r.id: report.entities[r.id].entity.country_code for r in view.rows}


def chart_views(report: Report) -> dict[str, ChartView]:
    """Each chart's text side: rows, annotations, description and file paths (no sizes until rendered)."""
    views = {}
    for spec in report.data.charts:
        rows, paragraphs = resolve(chart_kinds()[spec.kind].rows)(spec, report)
        annotations = _annotations(spec, report)
        facts = _context_facts(spec, report)
        context = facts + _uncarried(annotations, rows)
        paragraphs += [p for p in (report.figures[f].fact.paragraph for f in spec.context) if p not in paragraphs]
        paragraphs.sort(key=lambda p: report.paragraphs[p].number)
        paths = {"png": f"charts/{spec.id}.png", "csv": f"charts/{spec.id}.csv", "json": f"charts/{spec.id}.json"}
        for variant in VARIANTS:
            paths[variant] = f"charts/{spec.id}.{variant}.svg"
            paths[f"spec-{variant}"] = f"charts/{spec.id}.{variant}.vl.json"
        description = describe(spec, rows, annotations, facts)
        measure = _measure([report.figures[f].fact for f in spec.facts]) if chart_kinds()[spec.kind].one_measure else None
        views[spec.id] = ChartView(spec, rows, annotations, context, description, paragraphs, paths, {}, measure)
    return views


def _measure(facts: list[schema.Fact]) -> Measure:
    """What the facts are counted in (validation has them share a unit and currency): a currency by its name."""
    fact = facts[0]
    if fact.currency is None:
        return Measure(fact.unit)
    return Measure(numbers.get_currency_name(fact.currency, count=2, locale="en"), numbers.get_currency_symbol(fact.currency, locale="en"))


def describe(spec: schema.ChartSpec, rows: list[Row], annotations: dict[str, list[Derived]], context: list[str]) -> str:
    """A text alternative generated from the data: every mark with its printed value, each derived figure once with its
    formula, then the context facts (`context`)."""
    parts = []
    for r in rows:
        series = f" ({r.series})" if r.series and r.series not in (r.label, "Rest") else ""
        parts.append(f"{r.label}{series}: {r.display}")
    notes = [f"{label}: {d.display} (derived: {d.formula})" for label, ds in annotations.items() for d in ds]
    notes += context
    return f"{spec.title}. " + "; ".join(parts + notes) + "."


def _annotations(spec: schema.ChartSpec, report: Report) -> dict[str, list[Derived]]:
    """Derived figures to show beside a category: the group of the derivation's first input."""
    out: dict[str, list[Derived]] = {}
    for derived_id in spec.derived:
        d = report.derived[derived_id]
        out.setdefault(spec.groups.get(d.spec.inputs[0], d.spec.label), []).append(d)
    return out


def _context_facts(spec: schema.ChartSpec, report: Report) -> list[str]:
    """The context facts a chart shows under its title (and its text alternative ends with)."""
    return [f"{report.figures[f].label}: {report.figures[f].display}" for f in spec.context]


def _uncarried(annotations: dict[str, list[Derived]], rows: list[Row]) -> list[str]:
    """Derived figures no category carries: shown under the title, after the context facts."""
    labels = {r.label for r in rows}
    return [f"{d.label}: {d.display} (derived)" for label, ds in annotations.items() if label not in labels for d in ds]


# --- colours: one per organisation, the same on every chart -----------------


def _colour_keys(report: Report) -> dict[str, int]:
    """Series name → palette index, by first appearance: an entity takes its maker's colour, a label its own."""
    by_owner: dict[str, int] = {}
    by_name: dict[str, int] = {}
    for spec in report.data.charts:
        for fact_id, series in spec.series.items():
            entity = report.entities[series].entity if series in report.entities else None
            owner = (entity.maker or entity.id) if entity else f"label:{series}"  # a label never shares an entity's colour
            by_name[series_name(series, report)] = by_owner.setdefault(owner, len(by_owner))
            if spec.kind == "share" and len(spec.facts) == 1:  # its segment is named by what it measures
                by_name[report.figures[fact_id].label] = by_name[series_name(series, report)]
    return by_name


# --- files ----------------------------------------------------------------------


def _csv(rows: list[Row]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    dated = any(r.end for r in rows)  # a timeline's rows: the last day of each (of a span, a month, a year) too
    writer.writerow(["id", "label", "series", "value", "display", "source", "derived", "date"] + (["end"] if dated else []))
    for r in rows:
        value = "" if r.value is None else f"{r.value:g}"
        text = [csv_text(t) for t in (r.label, r.series, r.display, r.source)]
        writer.writerow([r.id, *text[:2], value, *text[2:], "yes" if r.derived else "", r.date or ""] + ([r.end if r.end != r.date else ""] if dated else []))
    return out.getvalue().encode("utf-8")


def csv_text(text: str) -> str:
    """A text cell a spreadsheet shows as text: a leading =, +, -, @ would make it a formula (OWASP's rule)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _svg_size(svg: str) -> tuple[int, int]:
    head = svg[: svg.index(">")]
    attrs = dict(part.split("=", 1) for part in head.split() if "=" in part)
    return int(float(attrs["width"].strip('"'))), int(float(attrs["height"].strip('"')))
