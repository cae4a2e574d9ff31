"""The generator makes a report from any article: `report-site new` → `todo` → build, page roles,
hand-written pages, and the package. None of these tests reads the DeepSeek report's data.

The small article here is made up for the tests (three paragraphs, an organisation as author);
the real reports in examples/ are covered by the tests marked ANY_REPORT.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import (
    ANY_REPORT,
    BUILD_DEADLINE,
    ENV,
    REPORTS,
    ROOT,
    SMALL_REPORT,
    copy_project,
    run_command,
    run_mkdocs,
    search,
)
from generator.errors import DataError
from generator.pipeline import check, generate

TEXT = """\
Harbour Authority Annual Note

The port handled 4.2 million containers in 2024, up from 3.9 million a year earlier.

Director Ana Silva said the new berth "will pay for itself within a decade".
"""


def report_site(project: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    """The `report-site` command (`python -m generator`), run in `project` as a user would."""
    return run_command(project, "generator", *args, check=check)


@pytest.fixture
def new_report(tmp_path) -> Path:
    """A project made by `report-site new` from the small article, untouched."""
    text = tmp_path / "note.txt"
    text.write_text(TEXT, encoding="utf-8")
    report_site(tmp_path, "new", "harbour", "--text", str(text))
    project = tmp_path / "harbour"
    (project / "vendor").symlink_to(ROOT / "vendor", target_is_directory=True)  # else fetched on the first chart
    return project


def append(path: Path, text: str) -> None:
    body = path.read_text(encoding="utf-8")
    path.write_text(body.replace("\n[]\n", "\n") + text, encoding="utf-8")


def problems(project: Path) -> list[str]:
    with pytest.raises(DataError) as info:
        check(project)
    return [str(p) for p in info.value.problems]


def test_new_splits_the_text_into_paragraphs_with_stable_ids_and_names_each_schema(new_report):
    lines = (new_report / "data" / "source-article.txt").read_text(encoding="utf-8").splitlines()
    assert lines == [block.replace("\n", " ") for block in TEXT.strip().split("\n\n")]
    article = yaml.safe_load((new_report / "data" / "article.yaml").read_text(encoding="utf-8"))
    assert [(p["id"], p["starts"]) for p in article["paragraphs"]] == [
        ("p1", "Harbour Authority Annual Note"), ("p2", "The port handled 4.2 million"), ("p3", "Director Ana Silva said the"),
    ]
    for name in ("facts", "entities", "events", "claims", "lists", "glossary", "waivers", "derived", "charts", "pages", "site", "article"):
        first = (new_report / "data" / f"{name}.yaml").read_text(encoding="utf-8").splitlines()[0]
        assert first == f"# yaml-language-server: $schema=schema/{name}.schema.json", name
        assert (new_report / "data" / "schema" / f"{name}.schema.json").exists(), name
    assert "report-site" in (new_report / "mkdocs.yml").read_text(encoding="utf-8")
    assert not [line for line in (new_report / "permalinks.txt").read_text(encoding="utf-8").splitlines() if not line.startswith("#")]


def test_a_new_report_builds_at_once_and_shows_its_numbers_to_do_on_every_page(new_report):
    result = run_mkdocs(new_report, "build", "--strict")
    index = (new_report / "site" / "index.html").read_text(encoding="utf-8")
    # Its people, timeline and glossary pages have no data yet: left out of the site, its navigation and its site map, saying so.
    sitemap = (new_report / "site" / "sitemap.xml").read_text(encoding="utf-8")
    links = {a["href"] for a in BeautifulSoup(index, "html.parser").select("nav a[href]")}
    for page, none in (("people", "entities.yaml names no one"), ("timeline", "events.yaml has no events"), ("glossary", "glossary.yaml has no terms")):
        assert f"/{page}/" not in sitemap and f"{page}/" not in links and not (new_report / "site" / page).exists(), page
        notice = f"INFO    -  report generator: the page '{page}' (template: {page}) is left out of the site, its navigation and its site map while {none}"
        assert notice in result.stderr.splitlines()
    assert "/findings/" in sitemap and "findings/" in links
    # The About page counts only what there is: nothing yet.
    about = BeautifulSoup((new_report / "site" / "about" / "index.html").read_text(encoding="utf-8"), "html.parser").find("article").get_text()
    assert "kept verbatim, one paragraph per line" in about and not re.search(r"(?<![\d.])0 [a-z]", about)
    assert "Draft: numbers of the text no fact covers yet" in index
    assert "the number &#x27;4.2&#x27; is not accounted for" in index or "the number '4.2' is not accounted for" in index
    source = BeautifulSoup((new_report / "site" / "source" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert source.find(id="p2") is not None and "4.2 million containers" in source.find(id="p2").get_text()


def test_todo_lists_each_uncovered_number_with_its_place_and_a_fact_that_pasted_in_covers_it(new_report):
    result = report_site(new_report, "todo", check=False)
    assert result.returncode == 1
    text_file = new_report / "data" / "source-article.txt"
    line = text_file.read_text(encoding="utf-8").splitlines()[1]
    assert f"{text_file}:2:{line.index('4.2') + 1}: the number '4.2' is not accounted for" in result.stdout
    assert f"{text_file}:2:{line.index('2024') + 1}:" in result.stdout
    stub = result.stdout.split(f"{text_file}:2:{line.index('4.2') + 1}:")[1].split("\n\n")[0].split("\n", 1)[1]
    record = yaml.safe_load(stub)[0]
    assert (record["printed"], record["value"], record["paragraph"]) == ("4.2 million", 4200000, "p2")
    assert record["quote"] == "The port handled 4.2 million containers in 2024, up from 3.9 million a year earlier."
    assert (record["topic"], record["section"]) == ("findings", "main")  # the first page that shows facts

    append(new_report / "data" / "facts.yaml", stub.replace("TODO what the figure is, in a few words", "Containers handled").replace(
        "unit: \"TODO\"", "unit: containers").replace("TODO what is measured", "Containers the port handled in a year") + "\n")
    after = report_site(new_report, "todo", check=False).stdout
    assert "'4.2'" not in after and "'3.9'" in after and "'2024'" in after


def test_a_publishing_build_refuses_the_placeholders_and_the_numbers_to_do(new_report):
    result = report_site(new_report, "build", "--publish", check=False)
    assert result.returncode == 1
    assert "mkdocs.yml: site_url: https://example.org/harbour/ is a placeholder" in result.stderr
    assert "data/site.yaml: title: \"TODO the site's title\" is a placeholder" in result.stderr
    assert "data/article.yaml: source: author: 'TODO the author as printed' is a placeholder" in result.stderr

    config = new_report / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("https://example.org/harbour/", "https://reports.harbour.test/"), encoding="utf-8")
    fill_in_metadata(new_report)  # the placeholders gone, the numbers to do left: only a draft shows them
    refused = report_site(new_report, "build", "--publish", check=False)
    assert refused.returncode == 1
    assert "the number '4.2' is not accounted for" in refused.stderr
    assert not (new_report / "site").exists()  # a draft builds (test_a_new_report_builds_at_once_...)


def fill_in_metadata(project: Path) -> None:
    """What an editor writes for the small article's site and source."""
    data = project / "data"
    site = (data / "site.yaml").read_text(encoding="utf-8")
    for old, new in [("TODO the site's title", "The harbour in numbers"), ("TODO a short title", "Harbour"),
                     ("TODO a one-paragraph summary of the report, shown labelled as editorial.", "A reading of the authority's note."),
                     ("TODO your name", "Test Editors Group")]:
        site = site.replace(old, new)
    (data / "site.yaml").write_text(site, encoding="utf-8")
    article = (data / "article.yaml").read_text(encoding="utf-8")
    article = article.replace("TODO what kind of text it is (news release, commentary, fact sheet, speech)", "annual note")
    article = article.replace("TODO the author as printed", "Harbour Authority")
    (data / "article.yaml").write_text(article, encoding="utf-8")


def fill_in(project: Path) -> None:
    """What an editor writes for the small article: its metadata, a fact and waivers, the person."""
    fill_in_metadata(project)
    data = project / "data"
    append(data / "facts.yaml", """
- id: containers-2024
  label: Containers handled last year
  printed: "4.2 million"
  value: 4200000
  unit: containers
  measures: Containers the port handled in a year
  date: 2024-12-31
  paragraph: p2
  quote: "The port handled 4.2 million containers in 2024"
  topic: findings
  section: main
- id: containers-2023
  label: Containers handled a year earlier
  printed: "3.9 million"
  value: 3900000
  unit: containers
  measures: Containers the port handled in a year
  paragraph: p2
  quote: "up from 3.9 million a year earlier"
  topic: findings
  section: main
""")
    append(data / "waivers.yaml", """
- {paragraph: p2, quote: "containers in 2024", printed: "2024", reason: "the year of the figure, recorded as its date"}
""")
    append(data / "entities.yaml", """
- {id: ana-silva, kind: person, name: Ana Silva, role: Director, paragraph: p3, quote: "Director Ana Silva"}
""")
    append(data / "claims.yaml", """
- {id: berth-pays, by: [ana-silva], stance: assessment, gist: The new berth will pay for itself., paragraph: p3,
   quote: "will pay for itself within a decade", topic: findings, section: main}
""")


def test_an_organisation_as_author_without_a_byline_reads_and_cites_right(new_report):
    fill_in(new_report)
    assert report_site(new_report, "todo").stdout.startswith("Every number of the text")
    run_mkdocs(new_report, "build", "--strict")
    site = new_report / "site"
    index = (site / "index.html").read_text(encoding="utf-8")
    assert "Draft:" not in index
    overview = BeautifulSoup(index, "html.parser").find(id="summary").find_next("p").find_next("p").get_text(" ", strip=True)
    assert overview.startswith(("The source is a annual note by Harbour Authority", "The source is an annual note by Harbour Authority"))
    assert "title, venue and date of publication are not stated in the text" in overview
    about = (site / "about" / "index.html").read_text(encoding="utf-8")
    assert "Chinese" not in about and "nearly" not in about.split("How the site is built")[0]
    assert "Harbour Authority" in about
    figures = (site / "findings" / "index.html").read_text(encoding="utf-8")
    assert "Figure stated in the annual note by Harbour Authority (¶2)." in figures  # the citation's provenance note
    assert "Harbour Authority, H." not in figures and ", T." not in figures


def test_role_pages_are_checked_and_a_fact_on_a_page_that_shows_none_is_reported_with_its_line(new_report):
    fill_in(new_report)
    facts = new_report / "data" / "facts.yaml"
    facts.write_text(facts.read_text(encoding="utf-8").replace("  topic: findings\n  section: main\n", "  topic: index\n  section: summary\n", 1), encoding="utf-8")
    line = next(n for n, text in enumerate(facts.read_text(encoding="utf-8").splitlines(), 1) if "topic: index" in text)
    assert f"{facts}:{line}:10: facts[0].topic: page 'index' does not show facts; pages that do: findings" in "\n".join(problems(new_report))

    pages = new_report / "data" / "pages.yaml"
    text = pages.read_text(encoding="utf-8")
    pages.write_text(text.replace("  template: timeline\n", "  template: source\n"), encoding="utf-8")
    found = "\n".join(problems(new_report))
    assert "template: a second 'source' page: pages[" in found


def test_a_report_without_a_timeline_or_glossary_simply_has_none(new_report):
    fill_in(new_report)
    pages = new_report / "data" / "pages.yaml"
    entries = yaml.safe_load(pages.read_text(encoding="utf-8"))
    kept = [p for p in entries if p["template"] not in ("timeline", "glossary")]
    pages.write_text(yaml.safe_dump(kept, sort_keys=False, allow_unicode=True), encoding="utf-8")
    run_mkdocs(new_report, "build", "--strict")
    assert not (new_report / "site" / "timeline").exists() and (new_report / "site" / "findings" / "index.html").exists()


def test_a_hand_written_page_in_the_nav_gets_the_cite_box_metadata_permalinks_and_print_edition(new_report):
    fill_in(new_report)
    (new_report / "docs" / "methods.md").write_text(
        "---\ntitle: ignored\n---\n# Methods\n\nWe read the note twice.\n\n## Sources we used\n\nOnly the note.\n", encoding="utf-8"
    )
    unlisted = run_mkdocs(new_report, "build", "--strict", check=False)
    assert unlisted.returncode == 1 and "docs/methods.md is not in pages.yaml: list each hand-written page there" in unlisted.stderr
    pages = new_report / "data" / "pages.yaml"
    pages.write_text(pages.read_text(encoding="utf-8") + """
- id: methods
  title: How we read the note
  nav_title: Methods
  file: methods.md
  summary: The editors' own account of their reading.
""", encoding="utf-8")
    report_site(new_report, "permalinks", "--add")
    ledger = (new_report / "permalinks.txt").read_text(encoding="utf-8")
    assert "/methods/\n" in ledger and "/methods/#sources-we-used" in ledger
    run_mkdocs(new_report, "build", "--strict")
    page = BeautifulSoup((new_report / "site" / "methods" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert page.find("h1").get_text(strip=True).startswith("How we read the note")
    assert page.find(id="sources-we-used") is not None and "We read the note twice." in page.get_text()
    assert page.find(id="cite-this-page") is not None
    assert page.find("meta", attrs={"name": "citation_title"})["content"] == "How we read the note"
    items = page.select(".md-nav--primary > .md-nav__list > .md-nav__item")
    assert items[-1].get_text(" ", strip=True).startswith("Methods"), [i.get_text(" ", strip=True)[:20] for i in items]
    edition = BeautifulSoup((new_report / "site" / "print" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert edition.find(id="page-methods") is not None and "We read the note twice." in edition.get_text()
    assert (new_report / "docs" / "methods.md").read_text(encoding="utf-8").startswith("---\ntitle: ignored")  # never rewritten


def test_a_project_template_overrides_the_packaged_one_of_the_same_name(new_report):
    fill_in(new_report)
    own = new_report / "templates" / "pages" / "source.md.j2"
    own.parent.mkdir(parents=True)
    own.write_text('{% extends "layout.md.j2" %}\n{% block body %}\nOur own source page.\n{% endblock %}\n', encoding="utf-8")
    files = generate(new_report, draft=True).files
    assert "Our own source page." in files["source.md"].decode()
    assert "Our own source page." not in files["findings.md"].decode()


def test_another_reports_ledger_says_how_to_start_a_new_one(new_report):
    fill_in(new_report)
    (new_report / "permalinks.txt").write_text((ROOT / "permalinks.txt").read_text(encoding="utf-8"), encoding="utf-8")
    result = report_site(new_report, "check", check=False)
    assert result.returncode == 0  # check validates data only
    from generator.pages.permalinks import PermalinkError

    with pytest.raises(PermalinkError) as info:
        generate(new_report, draft=True)
    assert "is this ledger another report's?" in str(info.value) and "delete permalinks.txt" in str(info.value)


def test_the_package_carries_the_plugin_the_command_and_every_default_template(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
                   check=True, capture_output=True, timeout=BUILD_DEADLINE)
    (wheel,) = tmp_path.glob("*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    defaults = {f"generator/templates/{p.relative_to(ROOT / 'templates').as_posix()}" for p in (ROOT / "templates").rglob("*") if p.is_file()}
    assert defaults <= names, sorted(defaults - names)
    assert "generator/charts/vendor.json" in names and "generator/plugin/events.py" in names
    entry_points = next(zipfile.Path(wheel, n).read_text() for n in names if n.endswith("entry_points.txt"))
    assert "report-site = generator.plugin.events:ReportSitePlugin" in entry_points and "report-site = generator.cli:main" in entry_points


def test_the_vendored_pins_agree_with_the_npm_lock():
    import json

    pins = json.loads((ROOT / "generator" / "charts" / "vendor.json").read_text(encoding="utf-8"))
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))["packages"]
    for package, pin in pins.items():
        locked = lock[f"node_modules/{package}"]
        assert (pin["version"], pin["integrity"]) == (locked["version"], locked["integrity"]), package


def test_the_interactive_charts_run_the_vega_that_draws_the_static_ones():
    """The served Vega, Vega-Lite and Vega-Embed (vendor.json) are the versions vl-convert draws with and Altair writes for."""
    import json

    import altair
    import vl_convert

    pins = json.loads((ROOT / "generator" / "charts" / "vendor.json").read_text(encoding="utf-8"))
    served = {package: pins[package]["version"] for package in ("vega", "vega-lite", "vega-embed")}
    drawing = {"vega": vl_convert.get_vega_version(), "vega-lite": altair.SCHEMA_VERSION.lstrip("v"), "vega-embed": vl_convert.get_vega_embed_version()}
    assert served == drawing


@ANY_REPORT
def test_every_figure_claim_and_chart_links_to_its_paragraph_on_the_source_page(site, report_data):
    source_page = next(p.id for p in report_data.pages if p.template == "source")
    source = BeautifulSoup((site / source_page / "index.html").read_text(encoding="utf-8"), "html.parser")
    missing = []
    records = [*report_data.facts, *report_data.claims]
    for record in records:
        page = BeautifulSoup((site / record.topic / "index.html").read_text(encoding="utf-8"), "html.parser")
        box = page.find(id=record.id)
        hrefs = {urlsplit(a["href"]) for a in box.find_all("a", href=True)} if box else set()
        if not any(h.fragment == record.paragraph and h.path.rstrip("/").endswith(source_page) for h in hrefs):
            missing.append(f"{record.topic}/#{record.id} does not link {source_page}/#{record.paragraph}")
        if source.find(id=record.paragraph) is None:
            missing.append(f"{source_page}/ has no paragraph {record.paragraph}")
    assert records and not missing, "\n".join(missing)


@ANY_REPORT
def test_search_finds_each_figure_on_its_page(site, report_data):
    import json

    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    missing = [
        f"{fact.id} ({fact.label})" for fact in report_data.facts
        if not any(doc["location"].startswith(f"{fact.topic}/") and fact.label in doc["text"] for doc in index)
    ]
    assert not missing, missing


@ANY_REPORT
def test_search_in_the_browser_finds_a_figure_and_a_name(page, site_url, report_data):
    fact = report_data.facts[0]
    assert any(path.endswith(f"/{fact.topic}/") for path in search(page, site_url, fact.label)), fact.label
    people = next(p.id for p in report_data.pages if p.template == "people")
    person = next(e for e in report_data.entities if e.kind == "person")
    assert any(path.endswith(f"/{people}/") for path in search(page, site_url, person.name)), person.name


@ANY_REPORT
def test_every_chart_spec_the_site_serves_is_valid_vega_lite(site, report_data):
    """The build skips Altair's validation (it doubles Altair's time): the served specs are checked here, against the schema Altair ships."""
    import json

    import jsonschema
    from altair.vegalite.v6.schema import load_schema

    validator = jsonschema.Draft7Validator(load_schema())
    specs = sorted((site / "charts").glob("*.vl.json"))
    assert len(specs) == 4 * len(report_data.charts)  # light, dark, each wide and narrow
    errors = [f"{path.name}: {error.message[:200]}" for path in specs for error in validator.iter_errors(json.loads(path.read_text(encoding="utf-8")))]
    assert not errors, "\n".join(errors[:20])


def test_a_build_in_which_nothing_changed_reuses_the_output_without_importing_the_renderers(tmp_path):
    """The generator's output is kept under a hash of its inputs: an unchanged project is not generated again, and
    any edit to the data, the templates or the generator's code is (generator/speed/kept.py)."""
    project = copy_project(tmp_path / "project", SMALL_REPORT)
    script = (
        "import sys; from pathlib import Path; from generator.speed.scheduler import up_to_date; from generator.project import find_project\n"
        f"up_to_date(find_project(Path({str(project / 'mkdocs.yml')!r})), draft=True)\n"
        "print(sorted(m for m in ('altair', 'vl_convert', 'citeproc', 'generator.pipeline') if m in sys.modules))\n"
    )

    def build() -> str:
        result = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=ENV, capture_output=True, text=True, timeout=BUILD_DEADLINE, check=True)
        return result.stdout.strip().splitlines()[-1]

    drawn = project / ".cache" / "render" / "chart"
    charts = len(check(project).charts)
    # The first build cites here and draws in worker processes: this one never imports Altair or vl-convert.
    assert build() == "['citeproc', 'generator.pipeline']" and len(list(drawn.iterdir())) == charts
    assert build() == "[]"
    facts = project / "data" / "facts.yaml"
    facts.write_text(facts.read_text(encoding="utf-8") + "\n# an edit that changes no chart or citation\n", encoding="utf-8")
    assert build() == "['generator.pipeline']"  # generated again; charts and citations from their caches
    shutil.rmtree(project / ".cache" / "render" / "chart")
    assert build() == "[]"  # the output is kept whole: a render cache is consulted only when something changed
    facts.write_text(facts.read_text(encoding="utf-8") + "# another\n", encoding="utf-8")
    assert build() == "['generator.pipeline']" and len(list(drawn.iterdir())) == charts  # only what is missing is made: charts, not citations


def test_the_index_worker_splits_chinese_as_jieba_with_its_whole_dictionary():
    """generator/speed/search_index.py gives jieba, sentence by sentence, only the dictionary words each sentence holds: every
    Chinese run of every report's data (and of a few sentences of jieba's own examples) is split as jieba splits it
    with its whole dictionary loaded."""
    import json

    import jieba
    from backrefs import bre

    text = "".join(path.read_text(encoding="utf-8") for report in REPORTS.values() for path in sorted((report / "data").glob("*.*")) if path.is_file())
    runs = sorted(set(bre.compile(r"\p{script: Han}+").findall(text)))
    assert runs, "the data holds Chinese"
    runs += ["我来到北京清华大学", "他来到了网易杭研大厦", "小明硕士毕业于中国科学院计算所，后在日本京都大学深造"]
    script = (
        "import json, sys, jieba\n"
        "from generator.speed.search_index import _segment_by_sentence\n"
        "_segment_by_sentence()\n"
        "assert len(jieba.dt.FREQ) == 0  # nothing read before a sentence came\n"
        "print(json.dumps([list(jieba.cut(run.encode('utf-8'))) for run in json.load(sys.stdin)]))\n"
    )
    worker = subprocess.run([sys.executable, "-c", script], input=json.dumps(runs), cwd=ROOT, capture_output=True, text=True, check=True)
    whole = jieba.Tokenizer()
    assert json.loads(worker.stdout) == [list(whole.cut(run)) for run in runs]


def test_the_search_index_a_worker_makes_is_the_one_materials_search_makes_itself():
    """generator/speed/search_index.py: pages indexed by a worker, placed where Material's search plugin noted them."""
    from types import SimpleNamespace

    from material.plugins.search.plugin import SearchIndex

    from generator.speed.search_index import fill, index_ahead
    from generator.speed.workers import Workers

    config = {"lang": ["en", "zh"], "separator": r"[\s\u200b\-]+", "pipeline": [], "fields": {}}
    pages = [
        SimpleNamespace(url="costs/", title="Costs", content='<h1 id="costs">Costs</h1><p>The 烧钱模式 model</p><h2 id="api">API</h2><p>Prices</p>', toc=[], meta={}),
        SimpleNamespace(url="print/", title="Printable", content="<p>All of it</p>", toc=[], meta={"search": {"exclude": True}}),
        SimpleNamespace(url="", title="Overview", content='<h1 id="overview">Overview</h1><p>Front page</p>', toc=[], meta={}),
    ]
    own = SearchIndex(**config)
    for page in pages:
        own.add_entry_from_context(page)
    search = SimpleNamespace(search_index=SearchIndex(**config))
    with Workers() as workers:
        indexing = index_ahead(search, pages, workers)
        for page in pages:  # as the search plugin does, page by page, while the worker indexes
            search.search_index.add_entry_from_context(page)
        fill(search, indexing)
    assert [e["location"] for e in own.entries] == ["costs/", "costs/#api", ""]  # the excluded page gives none
    assert search.search_index.entries == own.entries and "add_entry_from_context" not in vars(search.search_index)
