"""Each chart is drawn once per layout, in stand-in colours, and recoloured into each palette (generator/charts/theme.py).

The contract: that is exactly what drawing it in each palette would give, spec, SVG and PNG alike, but for
the names Altair gives a chart's views (a hash of the chart, colours included), which name nothing a reader sees."""

from __future__ import annotations

import base64
import json
import os
import re

import pytest
import vl_convert

from conftest import ANY_REPORT, ROOT, SMALL_REPORT, copy_project
from generator.charts import draw
from generator.charts import views as charts
from generator.charts.theme import THEMES
from generator.derive.report import derive

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
        drawn = draw.draw(view.sketch, colours, codes, VENDOR)
        places = draw._places(view.sketch, codes, VENDOR) if view.spec.kind == "map" else None
        for theme_name, theme in THEMES.items():
            for layout in charts.LAYOUTS.values():
                variant = charts.variant_name(theme_name, layout)
                layout = draw.fitted(view.sketch, colours, layout, places)[0]  # narrowed as the drawing was
                spec = draw._build(view.sketch, colours, theme, layout, places).to_dict(validate=False)
                if places is not None and layout.name == "wide":
                    spec.setdefault("datasets", {})[draw.WORLD_DATASET] = places.world.topology
                svg = vl_convert.vegalite_to_svg(spec)
                static = draw._unlinked(draw.compact_svg_paths(svg) if places is not None else svg)
                assert same_but_view_names(drawn["svg"][variant]) == same_but_view_names(static), f"{view.spec.id} {variant}: SVG"
                assert json.loads(same_but_view_names(drawn["spec"][variant])) == json.loads(same_but_view_names(json.dumps(spec))), f"{view.spec.id} {variant}: spec"
                if variant == "light":
                    assert base64.b64decode(drawn["png"]) == vl_convert.vegalite_to_png(spec, scale=2), f"{view.spec.id}: PNG"
                compared += 1
    assert compared == 4 * len(report_data.charts)


def test_charts_are_drawn_in_workers_after_vl_convert_ran_in_this_process(tmp_path):
    """vl-convert's engine runs in threads Python does not list; a worker forked beside them waited forever (the
    test suite hung on it). Workers then come from a fork server, and the drawing finishes."""
    import subprocess
    import sys

    script = (
        "import vl_convert\n"
        "from generator.speed.workers import Workers\n"
        "spec = {'mark': 'point', 'data': {'values': [{'a': 1}]}, 'encoding': {'x': {'field': 'a', 'type': 'quantitative'}}}\n"
        "here = vl_convert.vegalite_to_svg(spec)\n"  # the engine's threads now run in this process
        "with Workers() as workers:\n"
        "    assert workers.submit(vl_convert.vegalite_to_svg, spec).result(timeout=60) == here\n"
        "    print(workers.pool._mp_context.get_start_method())\n"
    )
    try:
        done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=60)
    except subprocess.TimeoutExpired:
        pytest.fail("a worker drawing after vl-convert ran here never finished")
    assert done.returncode == 0 and done.stdout.strip() == "forkserver", done.stderr


def test_workers_are_forked_beside_another_pool_but_not_beside_any_other_thread():
    """A build's helpers start while its chart worker draws: a process pool's own threads do not stop a fork (the
    helpers inherit the modules the build imported), any other thread does (a server's, a file watcher's)."""
    import subprocess
    import sys

    script = (
        "import threading, time\n"
        "from generator.speed.workers import Workers\n"
        "with Workers(1) as drawing, Workers(1) as helpers:\n"
        "    drawing.submit(time.sleep, 3)\n"
        "    helpers.submit(time.sleep, 0).result(timeout=60)\n"
        "    print(helpers.pool._mp_context.get_start_method())\n"
        "    threading.Thread(target=time.sleep, args=(3,)).start()\n"
        "    with Workers(1) as beside:\n"
        "        beside.submit(time.sleep, 0).result(timeout=60)\n"
        "        print(beside.pool._mp_context.get_start_method())\n"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and done.stdout.split() == ["fork", "forkserver"], done.stderr


def test_yielding_workers_run_at_a_lower_priority_than_the_build():
    """A build's helpers yield the cores to its chart worker, which the build waits for."""
    from generator.speed.workers import Workers

    with Workers(1, yielding=True) as helpers, Workers(1) as drawing:
        assert helpers.submit(os.nice, 0).result(timeout=60) == os.nice(0) + 10
        assert drawing.submit(os.nice, 0).result(timeout=60) == os.nice(0)


def test_charts_are_drawn_in_vl_converts_own_fonts_and_nothing_started_later_inherits_the_setting(tmp_path):
    """A chart worker fills vl-convert's font database under a fontconfig file of its own (engine.own_fonts): a chart's
    text is drawn in the Liberation Sans built into vl-convert, as where the machine has no fonts at all, not in the
    machine's. Then it puts the environment back: Chromium, started by the same process under the tests, must see
    the machine's fonts."""
    import subprocess
    import sys

    spec = "{'data': {'values': [{}]}, 'mark': {'type': 'text', 'fontSize': 15}, 'encoding': {'text': {'value': 'Training cost, USD 5.6 million'}}}"
    drawn = (
        "import os, sys\n"
        "from generator.charts import draw\nfrom generator.speed import engine\n"
        "os.environ['FONTCONFIG_FILE'] = '/etc/fonts/fonts.conf'\n"
        "engine.start()\n"
        "assert os.environ.get('FONTCONFIG_FILE') == '/etc/fonts/fonts.conf', os.environ.get('FONTCONFIG_FILE')\n"
        f"sys.stdout.buffer.write(draw.vl_convert.vegalite_to_png({spec}))\n"
    )
    (tmp_path / "none").mkdir()
    (tmp_path / "fonts.conf").write_text(f"<fontconfig><dir>{tmp_path / 'none'}</dir></fontconfig>\n", encoding="utf-8")
    bare = f"import sys, vl_convert\nsys.stdout.buffer.write(vl_convert.vegalite_to_png({spec}))\n"
    ours = subprocess.run([sys.executable, "-c", drawn], cwd=ROOT, capture_output=True, timeout=120)
    assert ours.returncode == 0, ours.stderr.decode()
    env = {**os.environ, "FONTCONFIG_FILE": str(tmp_path / "fonts.conf")}
    without_fonts = subprocess.run([sys.executable, "-c", bare], cwd=ROOT, capture_output=True, timeout=120, env=env, check=True)
    assert ours.stdout == without_fonts.stdout


def test_ready_workers_draw_a_chart_layout_by_layout_into_the_same_files(tmp_path):
    """Under `mkdocs serve` the ready workers draw each layout of a chart apart (an edit's author waits for the
    slowest); put together, the drawing is the one a build makes of the whole chart at once."""
    from generator.pipeline import check
    from generator.speed.cache import RenderCache
    from generator.speed.drawing import WorkerDrawing
    from generator.speed.workers import Workers

    report = derive(check(ROOT))
    views = charts.chart_views(report)
    drawn = {}
    for lasting in (False, True):
        with Workers(lasting=lasting) as workers:
            drawing = WorkerDrawing(report, views, RenderCache(tmp_path / str(lasting)), VENDOR, workers)
            assert all(len(parts) == (len(charts.LAYOUTS) if lasting else 1) for parts in drawing.pending.values())
            drawn[lasting] = drawing.result().files
    assert drawn[True] == drawn[False] and len(drawn[True]) > 5 * len(views)


def _started() -> bool:
    """Whether this process runs vl-convert's engine (threads of its own) and has imported the drawing code."""
    import sys

    return len(os.listdir("/proc/self/task")) > 1 and "generator.charts.draw" in sys.modules


def test_a_build_that_draws_every_chart_starts_its_worker_while_mkdocs_loads_its_configuration(project, monkeypatch):
    """engine.drawing_ahead, from the plugin's load_config: with no drawing in the render cache, the build's chart
    worker starts before on_config runs the generator, and has imported the drawing code by the time it is asked to
    draw. A build whose cache holds drawings starts none; `mkdocs serve` ends it, as it keeps workers of its own."""
    import generator.plugin.events as plugin_module
    import generator.speed.search_index
    from generator.speed.cache import RenderCache

    monkeypatch.setattr(generator.speed.search_index, "reuse_entries", lambda: None)  # serve's patch of Material's search

    def loaded(command: str | None = None):
        plugin = plugin_module.ReportSitePlugin()
        errors, _ = plugin.load_config({}, str(project / "mkdocs.yml"))
        assert not errors
        if command:
            plugin.on_startup(command=command, dirty=False)
        return plugin

    plugin = loaded()
    try:
        assert plugin.scheduler.ahead is not None and plugin.scheduler.ahead.processes == 1  # ten charts: one worker
        assert plugin.scheduler.ahead.submit(_started).result(timeout=120)  # its first job was to start
    finally:
        plugin.on_shutdown()
    assert plugin.scheduler.ahead is None
    assert loaded("serve").scheduler.ahead is None
    RenderCache(project / ".cache" / "render").store("chart", "a drawing", b"{}")
    assert loaded().scheduler.ahead is None


def test_a_worker_draws_a_chart_from_its_sketch_without_the_data_model(report_data):
    """A chart worker is sent a Sketch (generator/charts/sketch.py), plain data: drawing it imports neither pydantic nor the
    data model, which the building process has already paid for."""
    import pickle
    import subprocess
    import sys

    report = derive(report_data)
    view = next(iter(charts.chart_views(report).values()))
    order = (view.sketch, charts._colour_keys(report), charts._country_codes(view, report), VENDOR)
    script = (
        "import json, pickle, sys\n"
        "from generator.speed import engine\n"
        "drawn = engine.draw(*pickle.load(sys.stdin.buffer))\n"
        "assert drawn['svg'] and drawn['png']\n"
        "print(json.dumps(sorted(m for m in sys.modules if m == 'pydantic' or m.startswith('generator.'))))\n"
    )
    worker = subprocess.run([sys.executable, "-c", script], input=pickle.dumps(order), cwd=ROOT, capture_output=True, timeout=120)
    assert worker.returncode == 0, worker.stderr.decode()
    imported = json.loads(worker.stdout)
    assert "pydantic" not in imported and "generator.model.schema" not in imported and "generator.charts.views" not in imported, imported


def test_the_scheduled_generation_writes_what_the_plain_pipeline_writes(tmp_path):
    """generator/speed/ only makes the output sooner: with its caches, workers and size placeholders, the generated
    files are the bytes `pipeline.generate()` makes alone, for a cold build and for one that finds every render cached."""
    from generator.pipeline import generate
    from generator.project import find_project
    from generator.speed.scheduler import up_to_date

    project = find_project(copy_project(tmp_path, SMALL_REPORT) / "mkdocs.yml")
    plain = generate(project, draft=True)
    cold = up_to_date(project, draft=True, reuse=False)
    cached = up_to_date(project, draft=True, reuse=False)
    assert plain.files and any(path.endswith(".svg") for path in plain.files)
    assert cold == plain and cached == plain
