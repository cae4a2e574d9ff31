"""Each chart is drawn once per layout, in stand-in colours, and recoloured into each palette (generator/theme.py).

The contract: that is exactly what drawing it in each palette would give, spec, SVG and PNG alike, but for
the names Altair gives a chart's views (a hash of the chart, colours included), which name nothing a reader sees."""

from __future__ import annotations

import base64
import json
import re

import vl_convert

from conftest import ANY_REPORT, ROOT
from generator import chart_render, charts
from generator.derive import derive
from generator.theme import THEMES

VENDOR = ROOT / "vendor"
VIEW_NAME = re.compile(r"view_[0-9a-f]{16}")


def same_but_view_names(text: str) -> str:
    names: dict[str, str] = {}
    return VIEW_NAME.sub(lambda m: names.setdefault(m.group(), f"view_{len(names)}"), text)


@ANY_REPORT
def test_each_palettes_drawing_is_the_one_drawn_in_that_palette(report_data):
    report = derive(report_data)
    colours = charts._colour_keys(report)
    compared = 0
    for view in charts.chart_views(report).values():
        codes = charts._country_codes(view, report)
        drawn = chart_render.draw(view, colours, codes, VENDOR)
        places = chart_render._places(view.spec, codes, VENDOR) if view.spec.kind == "map" else None
        for theme_name, theme in THEMES.items():
            for layout in charts.LAYOUTS.values():
                variant = charts.variant_name(theme_name, layout)
                spec = chart_render._build(view.spec, view.rows, view.annotations, view.context, colours, theme, layout, places).to_dict(validate=False)
                if places is not None and layout.name == "wide":
                    spec.setdefault("datasets", {})[chart_render.WORLD_DATASET] = places.world.topology
                svg = vl_convert.vegalite_to_svg(spec)
                static = chart_render._unlinked(chart_render.compact_svg_paths(svg) if places is not None else svg)
                assert same_but_view_names(drawn["svg"][variant]) == same_but_view_names(static), f"{view.spec.id} {variant}: SVG"
                assert json.loads(same_but_view_names(drawn["spec"][variant])) == json.loads(same_but_view_names(json.dumps(spec))), f"{view.spec.id} {variant}: spec"
                if variant == "light":
                    assert base64.b64decode(drawn["png"]) == vl_convert.vegalite_to_png(spec, scale=2), f"{view.spec.id}: PNG"
                compared += 1
    assert compared == 4 * len(report_data.charts)
