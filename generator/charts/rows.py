"""The rows behind each built-in chart kind: one function per kind, named by its declaration (model/chart_kinds.py).

Each takes a chart's spec and the derived report and returns its rows, and the ids of the paragraphs they come from.
"""

from __future__ import annotations

from collections import Counter

from generator.dates import format_when
from generator.derive.report import Figure, Report, derived_bound, trim_number, with_bound
from generator.model import schema
from generator.model.printed import print_amount

from .sketch import Row


def event_rows(spec: schema.ChartSpec, report: Report) -> tuple[list[Row], list[str]]:
    """Every dated event, in order."""
    language = report.data.site.language
    rows = [
        Row(
            e.id, e.title, "", None, format_when(e.date, language, e.end, short=True), report.paragraph_label(e.paragraph),
            date=e.date.first.isoformat(), end=(e.end or e.date).last.isoformat(), paragraph=e.paragraph,
        )
        for e in report.events
    ]
    return rows, list(dict.fromkeys(e.paragraph for e in report.events))


def list_rows(spec: schema.ChartSpec, report: Report) -> tuple[list[Row], list[str]]:
    """The items of the chart's `source_list`."""
    lst = next(x for x in report.data.lists if x.id == spec.source_list)
    source = report.paragraph_label(lst.paragraph)
    rows = [Row(item.entity or item.label, item.label, lst.title, None, item.label, source, paragraph=lst.paragraph) for item in lst.items]
    return rows, [lst.paragraph]


def attribution_rows(spec: schema.ChartSpec, report: Report) -> tuple[list[Row], list[str]]:
    """How many figures the article credits to each entity, most first, and how many it credits to no one."""
    counts = Counter(report.entities[e].entity.name for f in report.data.facts for e in f.attributed_to)
    authored = sum(1 for f in report.data.facts if not f.attributed_to)
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    rows = [Row(label, label, "credited", float(n), _figures(n), "") for label, n in ranked]
    rows.append(Row("author", "The author (no one credited)", "author", float(authored), _figures(authored), ""))
    return rows, []


def figure_rows(spec: schema.ChartSpec, report: Report) -> tuple[list[Row], list[str]]:
    """One row per fact, labelled by its group and coloured by its series (or its panel)."""
    figures = [report.figures[f] for f in spec.facts]
    rows = [
        Row(
            id=fig.id,
            label=spec.groups.get(fig.id, fig.label),
            series=series_name(spec.series[fig.id], report) if fig.id in spec.series else spec.panels.get(fig.id, ""),
            value=fig.fact.value,
            display=fig.display,
            source=report.paragraph_label(fig.fact.paragraph),
            paragraph=fig.fact.paragraph,
            bound=fig.bound,
        )
        for fig in figures
    ]
    return rows, _paragraphs(figures)


def share_rows(spec: schema.ChartSpec, report: Report) -> tuple[list[Row], list[str]]:
    """A part and the rest of its whole; a lone percentage is a part of 100."""
    figures = [report.figures[f] for f in spec.facts]
    part = figures[0]
    # A lone percentage measures something of its subject (participants it outperformed, say): the legend names that.
    series = part.label if len(figures) == 1 else series_name(spec.series.get(part.id, part.fact.about[0]), report)
    first = Row(
        part.id, part.label, series, part.fact.value, part.display, report.paragraph_label(part.fact.paragraph), paragraph=part.fact.paragraph, bound=part.bound
    )
    if len(figures) == 1:
        rest = 100 - part.fact.value
        bound = derived_bound("difference", [None, part.bound])  # 100 minus the part: the part's bound, turned round
        display = f"{with_bound(f'{trim_number(rest)}%', bound)} (derived: 100% − {part.display})"
        rest_row = Row("rest", "The rest", "Rest", rest, display, first.source, paragraph=part.fact.paragraph, derived=True, bound=bound)
        return [first, rest_row], _paragraphs(figures)
    whole = figures[1]
    rest = whole.fact.value - part.fact.value
    # "U.S. tech …" keeps its capital; "Market value …" reads "the market value …".
    lead = whole.label[0].lower() if whole.label[1:2].islower() else whole.label[0]
    label = f"Rest of the {lead + whole.label[1:]}"
    bound = derived_bound("difference", [whole.bound, part.bound])
    amount = print_amount(rest, whole.unit, whole.currency, whole.sign, report.data.site.language)
    display = f"{with_bound(amount, bound)} (derived: {whole.display} − {part.display})"
    # Its source: the paragraphs that print the whole and the part (a link when one paragraph prints both).
    paragraphs = _paragraphs([whole, part])
    source = ", ".join(report.paragraph_label(p) for p in paragraphs)
    shared = paragraphs[0] if len(paragraphs) == 1 else None
    return [first, Row("rest", label, "Rest", rest, display, source, paragraph=shared, derived=True, bound=bound)], _paragraphs(figures)


def series_name(series: str, report: Report) -> str:
    """What a chart's legend calls a series: an entity's name, or the label written in its place."""
    return report.entities[series].entity.name if series in report.entities else series


def _paragraphs(figures: list[Figure]) -> list[str]:
    return list(dict.fromkeys(fig.fact.paragraph for fig in figures))


def _figures(count: int) -> str:
    return f"{count} figure" + ("" if count == 1 else "s")

