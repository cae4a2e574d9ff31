"""What a chart's scale and legend say: a legend only for two or more named series, each name whole; a magnitude's scale
from zero unless its amounts span a power of ten; an axis in the values' own unit; a phone's drawing within its column."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from dataclasses import replace

import pytest

from conftest import ELLIPSIS, ROOT, SVG, edit, legend_labels, texts
from generator.charts import draw
from generator.charts import views as charts
from generator.charts.sketch import LAYOUTS, NARROW_SCREEN, PHONE_COLUMN, Measure, Row, Sketch
from generator.derive.report import derive
from generator.pipeline import check

LONG_NAMES = ["National Aeronautics and Space Administration", "Jet Propulsion Laboratory of the California Institute", "AeroVironment"]


def sketch(kind: str, rows: list[Row], measure: Measure | None = None) -> Sketch:
    return Sketch("chart-test", kind, "A test chart", rows, {}, [], f"generator.charts.draw:draw_{kind}", measure=measure)


def amounts(values: list[float], series: list[str] | None = None, label: str | None = None) -> list[Row]:
    names = series or [""] * len(values)
    return [Row(f"f{i}", label or f"Amount {i}", name, value, f"{value:,.0f}", "¶1") for i, (value, name) in enumerate(zip(values, names))]


def drawn(chart: Sketch, colours: dict[str, int] | None = None) -> dict:
    return draw.draw(chart, colours or {}, {}, None)


def x_scale(spec_text: str) -> dict:
    """The value axis's scale of a magnitude chart's spec (its dots' layer)."""
    spec = json.loads(spec_text)
    layers = spec.get("spec", spec)["layer"]
    return next(layer["encoding"]["x"] for layer in layers if layer["mark"]["type"] == "circle")


@pytest.mark.parametrize("kind", ["bars", "paired_bars"])
def test_bars_of_one_series_draw_no_legend(kind):
    measure = Measure("contracts") if kind == "bars" else None
    chart = drawn(sketch(kind, amounts([9589525, 9200000, 5576000]), measure))
    for variant, svg in chart["svg"].items():
        assert legend_labels(svg) == [], (kind, variant)
        assert "9,589,525" in texts(svg)  # the chart is drawn


def test_three_series_of_long_names_each_get_a_whole_legend_entry():
    rows = amounts([9589525, 9200000, 5576000], LONG_NAMES, label="Contract")
    chart = drawn(sketch("paired_bars", rows), {name: i for i, name in enumerate(LONG_NAMES)})
    for variant, svg in chart["svg"].items():
        assert sorted(legend_labels(svg)) == sorted(LONG_NAMES), variant
        assert not [text for text in texts(svg) if text.endswith(ELLIPSIS)], variant
        if variant.endswith("narrow"):
            assert draw.svg_width(svg) <= PHONE_COLUMN, variant


def test_a_legend_of_short_names_is_one_row_and_of_long_ones_one_a_line():
    short = draw._legend(["Lumen 2", "Stack"], 300)
    long = draw._legend(LONG_NAMES, 300)
    assert (short.columns, long.columns) == (0, 1)
    assert draw._legend(["Lumen 2"], 300) is None and draw._legend(["", "Stack"], 300) is None


@pytest.mark.parametrize(
    ("values", "scale_type"),
    [
        ([9200000, 9589525, 9950000], None),  # 8% apart: a log scale would pile them up
        ([1000000, 9900000], None),  # just within a power of ten
        ([1000000, 10000000], "log"),  # a power of ten apart
        ([2500000, 12000000000], "log"),
    ],
)
def test_a_magnitude_chart_is_drawn_from_zero_unless_its_amounts_span_a_power_of_ten(values, scale_type):
    chart = drawn(sketch("magnitude", amounts(values), Measure("US dollars", "$")))
    for variant, spec in chart["spec"].items():
        x = x_scale(spec)
        assert x["scale"].get("type") == scale_type, variant
        assert x["title"] == ("US dollars, log scale" if scale_type else "US dollars"), variant
        if scale_type is None:
            assert x["scale"]["zero"] is True


def test_a_magnitude_chart_of_another_unit_names_it_on_its_axis_without_a_currency():
    chart = drawn(sketch("magnitude", amounts([30, 1000]), Measure("days")))
    svg = chart["svg"]["light"]
    assert "days, log scale" in texts(svg)
    assert "1,000" in texts(svg) and not any(text.startswith("$") for text in texts(svg) if text[1:2].isdigit())
    euros = drawn(sketch("magnitude", amounts([9200000, 9950000]), Measure("euros", "€")))["svg"]["light"]
    assert "€0" in texts(euros) and "euros" in texts(euros)


def test_a_phone_drawing_whose_labels_run_wide_is_narrowed_to_the_phones_column():
    rows = [Row("a", "Demonstration planned (days)", "", 30, "30 days", "¶2"), Row("b", "Extended mission", "", 1000, "almost 1,000 Martian days", "¶18")]
    chart = sketch("paired_bars", rows)
    narrow = LAYOUTS["narrow"]
    unfitted = draw.fitted(chart, {}, replace(narrow, fits=None), None)[2]
    assert draw.svg_width(unfitted) > PHONE_COLUMN  # the case: drawn at the layout's own plot width, it is too wide
    layout, _, svg = draw.fitted(chart, {}, narrow, None)
    assert draw.svg_width(svg) <= PHONE_COLUMN and layout.width < narrow.width


def test_a_series_may_be_any_label_coloured_apart_from_every_entity(small_report):
    edit(small_report, "charts.yaml", "    lumen-development-cost: lumen-2\n", "    lumen-development-cost: Brightwell's pack\n")
    report = derive(check(small_report))
    view = charts.chart_views(report)["chart-development-cost"]
    assert [row.series for row in view.rows] == ["Brightwell's pack", "Stack"]
    colours = charts._colour_keys(report)
    assert colours["Brightwell's pack"] != colours["Stack"]
    svg = drawn(view.sketch, colours)["svg"]["light"]
    assert sorted(legend_labels(svg)) == ["Brightwell's pack", "Stack"]


def test_the_stylesheet_and_the_chart_loader_switch_to_the_narrow_drawings_at_the_same_width():
    """Below NARROW_SCREEN the column is narrower than DESKTOP_COLUMN, which the wide drawings fit."""
    query = f"(max-width: {NARROW_SCREEN}px)"
    assert query in (ROOT / "templates" / "assets" / "stylesheets" / "report.css").read_text(encoding="utf-8")
    assert query in (ROOT / "templates" / "chart-loader.js").read_text(encoding="utf-8")


def bars_of(svg: str) -> dict[str, dict[str, str]]:
    """Each bar or dot of a drawing by its printed figure: its attributes."""
    found = {}
    for element in ET.fromstring(svg).iter(f"{SVG}path"):
        label = element.get("aria-label", "")
        if element.get("aria-roledescription") in ("bar", "circle") and "Figure: " in label:
            found[label.split("Figure: ")[1].split(";")[0]] = element.attrib
    return found


BOUNDED = [
    Row("a", "Flights planned", "", 5, "up to five", "¶2", bound="at_most"),
    Row("b", "Flights performed", "", 72, "72 flights", "¶2"),
    Row("c", "Flights hoped for", "", 30, "more than 30 flights", "¶3", bound="above"),
]


@pytest.mark.parametrize("kind", ["bars", "paired_bars"])
def test_a_bar_of_a_bounded_figure_is_drawn_as_a_bound(kind):
    """A ceiling ("up to") is an outline, a dashed one, the quantity somewhere along it; a floor ("more than") runs on
    past its end as a dashed line; a figure printed as it is, is a solid bar."""
    measure = Measure("flights") if kind == "bars" else None
    for variant, svg in drawn(sketch(kind, BOUNDED, measure))["svg"].items():
        bars = bars_of(svg)
        assert float(bars["up to five"]["fill-opacity"]) < 0.5 and bars["up to five"]["stroke-dasharray"] != "1,0", variant
        for solid in ("72 flights", "more than 30 flights"):
            assert float(bars[solid]["fill-opacity"]) == 1 and bars[solid]["stroke-dasharray"] == "1,0", (variant, solid)
        beyond = [line for line in ET.fromstring(svg).iter(f"{SVG}line") if "end: " in line.get("aria-label", "")]
        assert len(beyond) == 1 and "value: 30;" in beyond[0].get("aria-label"), variant  # the floor's, "more than 30"


def test_a_dot_of_a_bounded_amount_is_a_ring_below_it_or_points_beyond_it():
    rows = [replace(row, value=row.value * 1e6) for row in BOUNDED]
    svg = drawn(sketch("magnitude", rows, Measure("US dollars", "$")))["svg"]["light"]
    dots = bars_of(svg)
    assert float(dots["up to five"]["fill-opacity"]) == 0 and float(dots["72 flights"]["fill-opacity"]) == 1
    arrows = [p for p in ET.fromstring(svg).iter(f"{SVG}path") if p.get("aria-roledescription") == "point"]
    assert [a.get("aria-label") for a in arrows] == ["value: 30000000; axis: Flights hoped for"]


def test_a_part_and_its_whole_give_the_rest_its_source_and_each_derived_figure_once():
    """The rest of a whole is computed by the chart: its Source is the paragraph that prints the whole and the part,
    and the text alternative gives a derived figure once, with its formula (it gave it twice: reader finding N9)."""
    report = derive(check(ROOT))
    view = charts.chart_views(report)["chart-market-loss"]
    rest = next(r for r in view.rows if r.id == "rest")
    whole, part = (report.figures[f].fact.paragraph for f in ("us-tech-market-loss", "nvidia-market-loss"))
    assert whole == part and rest.paragraph == whole and rest.source == report.paragraph_label(whole)
    share = report.derived["nvidia-share-of-market-loss"]
    assert view.description.count(share.spec.label) == 1
    assert f"{share.spec.label}: {share.display} (derived: {share.formula})" in view.description
