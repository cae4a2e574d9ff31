"""Chart kinds are declared once (generator/model/chart_kinds.py), and outside code adds one through an entry point."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import textwrap
import typing

import pytest

from conftest import ELLIPSIS, ENV, ROOT, SMALL_REPORT, legend_labels, texts
from generator.charts import draw
from generator.charts import views as charts
from generator.derive.report import derive
from generator.model import schema
from generator.model.chart_kinds import BUILT_IN, ENTRY_POINTS, chart_kinds, resolve
from generator.model.reference import json_schemas, model_docs, type_name
from generator.pipeline import check


def test_the_schema_the_json_schema_and_the_data_reference_list_every_declared_kind():
    names = list(chart_kinds())
    assert list(typing.get_args(schema.ChartSpec.model_fields["kind"].annotation)) == names
    charts = json.loads(json_schemas()["charts"])
    assert charts["$defs"]["ChartSpec"]["properties"]["kind"]["enum"] == names
    [chart_doc] = [doc for doc in model_docs() if doc.file == "charts"]
    [kind_field] = [field for field in chart_doc.fields if field.name == "kind"]
    assert kind_field.type == "one of: " + ", ".join(names) == type_name(schema.ChartSpec.model_fields["kind"].annotation)


def test_every_built_in_kind_names_rows_and_a_drawing_that_exist():
    for kind in BUILT_IN:
        assert callable(resolve(kind.rows)), kind.rows
        assert callable(resolve(kind.draw)), kind.draw


def test_the_readmes_table_of_chart_kinds_is_the_declared_one():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = re.findall(r"^\| `(\w+)` \| (.+) \|$", readme.split("### Charts", 1)[1].split("\n### ", 1)[0], re.M)
    assert table == [(kind.name, kind.description) for kind in BUILT_IN]


LOLLIPOP = '''
from generator.model.chart_kinds import ChartKind

LOLLIPOP = ChartKind(
    "lollipop", "Figures as dots on stems.", rows="lollipop_charts.rows:stems", draw="lollipop_charts.draw:draw_lollipop",
    facts=(2, None), numbers=True,
)
'''
LOLLIPOP_ROWS = '''
from generator.charts.sketch import Row


def stems(spec, report):
    figures = [report.figures[f] for f in spec.facts]
    rows = [Row(fig.id, f"{fig.label} (a stem)", "", fig.fact.value, fig.display, "") for fig in figures]
    return rows, [fig.fact.paragraph for fig in figures]
'''
LOLLIPOP_DRAW = '''
import altair as alt


def draw_lollipop(data, rows, colours, theme, layout):
    base = alt.Chart(data).encode(y=alt.Y("label:N", axis=alt.Axis(labelLimit=400)), x=alt.X("value:Q"))
    return alt.layer(base.mark_rule(), base.mark_circle(), base.mark_text(dx=8, text="a lollipop"), width=layout.width)
'''
WORKER = '''
import json, pickle, sys
from pathlib import Path
from generator.charts import views
from generator.derive.report import derive
from generator.errors import DataError
from generator.model.load import load_sources
from generator.model.reference import json_schemas
from generator.model.validate import validate
from generator.speed import engine
from generator.speed.workers import Workers

project = Path(sys.argv[1])
report = derive(validate(load_sources(project / "data", project / "mkdocs.yml")))
view = views.chart_views(report)["chart-lollipop"]
order = (view.sketch, views._colour_keys(report), {}, None)
(project / "order.pickle").write_bytes(pickle.dumps(order))
with Workers() as workers:  # drawn in a worker process, as a build draws it
    drawn = workers.submit(engine.draw, *order).result()
charts = project / "data" / "charts.yaml"
charts.write_text(charts.read_text().replace("facts: [lumen-development-cost, stack-development-cost]", "facts: [lumen-development-cost]"))
try:
    validate(load_sources(project / "data", project / "mkdocs.yml"))
    problems = []
except DataError as err:
    problems = [p.message for p in err.problems]
schema = json.loads(json_schemas()["charts"])
print(json.dumps({"rows": [r.label for r in view.rows], "svg": drawn["svg"]["light"], "problems": problems, "schema": schema}))
'''


def test_a_kind_an_installed_package_declares_is_validated_rowed_and_drawn(small_report, tmp_path):
    """A package installed beside the generator (here: on the path, with its dist-info) names a ChartKind in the
    `report_site.chart_kinds` entry-point group; a chart of that kind is checked, gets its rows and is drawn."""
    packages = tmp_path / "packages"
    (packages / "lollipop_charts").mkdir(parents=True)
    (packages / "lollipop_charts" / "__init__.py").write_text(LOLLIPOP)
    (packages / "lollipop_charts" / "rows.py").write_text(LOLLIPOP_ROWS)
    (packages / "lollipop_charts" / "draw.py").write_text(LOLLIPOP_DRAW)
    info = packages / "lollipop_charts-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: lollipop-charts\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text(f"[{ENTRY_POINTS}]\nlollipop = lollipop_charts:LOLLIPOP\n")
    with (small_report / "data" / "charts.yaml").open("a", encoding="utf-8") as charts:
        charts.write(textwrap.dedent("""
            - id: chart-lollipop
              kind: lollipop
              title: Development cost as lollipops
              caption: What each company says it spent, drawn by a chart kind from outside the generator.
              facts: [lumen-development-cost, stack-development-cost]
              topic: costs
              section: development
        """))
    env = {**ENV, "PYTHONPATH": str(packages)}
    worker = subprocess.run([sys.executable, "-c", WORKER, str(small_report)], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert worker.returncode == 0, worker.stderr
    out = json.loads(worker.stdout)
    assert out["rows"] == ["Brightwell's development cost (a stem)", "Corvant's development cost (a stem)"]
    assert out["svg"].count(">a lollipop<") == 2 and ">Corvant's development cost (a stem)<" in out["svg"]
    assert out["problems"] == ["a lollipop chart needs at least 2 fact(s) in facts, got 1"]
    assert out["schema"]["$defs"]["ChartSpec"]["properties"]["kind"]["enum"] == [*(kind.name for kind in BUILT_IN), "lollipop"]

    # A worker started afresh draws it from its Sketch alone: the drawing is found by name, without the data model.
    fresh = (
        "import json, pickle, sys\n"
        "from generator.speed import engine\n"
        f"drawn = engine.draw(*pickle.load(open({str(small_report / 'order.pickle')!r}, 'rb')))\n"
        "print(json.dumps([drawn['svg']['light'], sorted(m for m in sys.modules if m == 'pydantic' or m.startswith('generator.model'))]))\n"
    )
    worker = subprocess.run([sys.executable, "-c", fresh], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert worker.returncode == 0, worker.stderr
    svg, imported = json.loads(worker.stdout)
    assert svg.count(">a lollipop<") == 2
    assert "pydantic" not in imported and "generator.model.schema" not in imported, imported


@pytest.mark.parametrize("kind", [kind.name for kind in BUILT_IN])
def test_the_small_report_draws_a_chart_of_each_kind(kind):
    """The small report (tests/fixtures/small-report/) has a chart of every kind: a new kind's first test is its chart there."""
    report = derive(check(SMALL_REPORT))
    views = [view for view in charts.chart_views(report).values() if view.spec.kind == kind]
    assert views, f"add a chart of kind {kind!r} to {SMALL_REPORT / 'data' / 'charts.yaml'}"
    for view in views:
        assert view.rows
        drawn = draw.draw(view.sketch, charts._colour_keys(report), charts._country_codes(view, report), ROOT / "vendor")
        svg = drawn["svg"]["light"]
        assert f">{view.spec.title}<" in svg, view.spec.id
        assert any(f">{row.display}<" in svg or f">{row.label}" in svg for row in view.rows), view.spec.id
        # Every drawing's legend names each of two or more series whole, and a chart of one series has none.
        named = list(dict.fromkeys(row.series for row in view.rows if row.series))
        for variant, drawing in drawn["svg"].items():
            labels = legend_labels(drawing)
            assert all(labels) and not [text for text in texts(drawing) if text.endswith(ELLIPSIS)], (view.spec.id, variant)
            assert not labels or sorted(labels) == sorted(named), (view.spec.id, variant, labels)
            assert labels or len(named) < 2 or kind not in ("paired_bars", "share"), (view.spec.id, variant, "no legend")
