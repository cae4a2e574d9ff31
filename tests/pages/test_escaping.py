"""Text from data/ comes out as text: never as markup, a link, a script or a template.

Hypothesis puts arbitrary and hostile text into every text field of the
data, renders the pages, turns the Markdown into HTML with the site's own
Markdown extensions, and checks the HTML: no element, attribute, link or
script came from the data, and the text shows exactly as written. A full
`mkdocs build` with hostile text then checks what the theme prints around
the pages (title, navigation, description). Templates escape by default: a
value printed with no filter shows as text wherever it is printed, and only
the raw filters, each named for where it prints, let markup through.
"""

from __future__ import annotations

import json
import re
import types
import typing
from dataclasses import replace

import jinja2
import markdown
import markupsafe
import pytest
import yaml
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from mkdocs.config import load_config
from pydantic import BaseModel

from conftest import ROOT, run_mkdocs
from generator.charts.views import chart_views
from generator.cite.citations import cite_report
from generator.derive.pinyin import to_pinyin
from generator.derive.report import derive
from generator.errors import TemplateError
from generator.pages.escaping import RAW_FILTERS
from generator.pages.print_edition import PRINT_EDITION
from generator.pages.render import make_environment
from generator.pipeline import check, render_report_pages
from generator.project import find_project
from generator.speed.cache import RenderCache
from generator.speed.drawing import draw_with_cache

HOSTILE = [
    "<script>alert(1)</script>",
    "[x](javascript:alert(1))",
    "{{ 7*7 }}",
    "{% include 'layout.md.j2' %}",
    '"><img src=x onerror=alert(1)>',
    "' onmouseover='alert(1)",
    "&lt;b&gt; &amp; &#60;",
    "</script><script>alert(1)</script>",
    "{: onclick=alert(1) }",
    "# heading\n- item\n1. item\n> quote\n    code",
    "| a | b |\n| --- | --- |",
    "***bold*** _em_ `code` ~~x~~ \\",
    "<!-- comment -->",
    "![img](x.png)",
    "=== \"tab\"\n\n    text",
    "!!! note\n    admonition",
    "<https://example.org>",
    "`` ` ``",
]
START, END = "QZXSTART", "QZXEND"
OUR_FIELD_NAMES = {
    # references, ids and enumerations: validated against the data, never free text
    "id", "paragraph", "topic", "section", "template", "source_file", "author_paragraph", "starts", "site_url",
    "repeats", "maker", "checks", "source_list", "entity", "language", "role_kind", "type_kind", "stance",
}
text = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(st.characters(exclude_categories=("Cc", "Cs")), min_size=1, max_size=40),
    st.lists(st.one_of(st.sampled_from(HOSTILE), st.text(max_size=8)), min_size=2, max_size=4).map("".join),
).filter(lambda s: s.strip() and not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", s))


def text_fields(value, path=()):
    """Paths to every free-text field of the dataset (str annotations, not ids or references)."""
    if isinstance(value, list):
        for index, item in enumerate(value):
            yield from text_fields(item, (*path, index))
        return
    for name, info in type(value).model_fields.items():
        field_value = getattr(value, name)
        if isinstance(field_value, BaseModel) or (isinstance(field_value, list) and field_value and isinstance(field_value[0], BaseModel)):
            yield from text_fields(field_value, (*path, name))
        elif name not in OUR_FIELD_NAMES and isinstance(field_value, str) and _is_text(info.annotation):
            yield (*path, name)


def _is_text(annotation) -> bool:
    """`str` or `str | None`: not a Literal, a date or a list of ids."""
    return annotation is str or (typing.get_origin(annotation) in (typing.Union, types.UnionType) and set(typing.get_args(annotation)) == {str, type(None)})


def replaced(value, path, new):
    """A copy of the (frozen) model tree with the value at `path` replaced."""
    head, *rest = path
    if isinstance(value, list):
        items = list(value)
        items[head] = replaced(items[head], rest, new) if rest else new
        return items
    return value.model_copy(update={head: replaced(getattr(value, head), rest, new) if rest else new})


@pytest.fixture(scope="module")
def baseline(tmp_path_factory):
    data = check(ROOT)
    report = derive(data)
    sizes = {chart_id: view.sizes for chart_id, view in draw_with_cache(report, chart_views(report), ROOT / "vendor", RenderCache(ROOT / ".cache" / "render")).views.items()}
    config = load_config(str(ROOT / "mkdocs.yml"))
    converter = markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs)
    return Baseline(data, sizes, RenderCache(tmp_path_factory.mktemp("cite-cache")), converter)


class Baseline(typing.NamedTuple):
    data: object
    sizes: dict
    cache: RenderCache
    converter: markdown.Markdown

    def __repr__(self) -> str:  # Hypothesis prints the arguments of a failing example: keep it to the point
        return "Baseline(the repository's data)"


TEMPLATES = find_project(ROOT / "mkdocs.yml").templates


def render_html(data, sizes, cache, converter, templates=TEMPLATES) -> dict[str, tuple[dict, BeautifulSoup]]:
    """Each page's front matter and body HTML, as MkDocs would make them from the generated Markdown."""
    report = derive(data)
    views = {cid: replace(view, sizes=sizes[cid]) for cid, view in chart_views(report).items()}  # the sizes of the real renders
    dates = {page.id: data.site.date for page in report.pages}
    out = {}
    for path, text_md in render_report_pages(report, templates, views, cite_report(report, views, cache), dates).items():
        if START not in text_md or path == PRINT_EDITION:
            continue  # the changed field is not on this page; the print edition repeats the pages' own macros
        front, body = ({}, text_md)
        if text_md.startswith("---\n"):
            _, front_text, body = text_md.split("---\n", 2)
            front = yaml.safe_load(front_text)
        converter.reset()
        out[path] = (front, BeautifulSoup(converter.convert(body), "lxml"))
    return out


def normal(text: str) -> str:
    """Compared as text is read: whitespace collapsed, case folded (citation styles title-case titles), and quotation
    marks and apostrophes of any kind alike (citations print them typographic, as Zotero does)."""
    return " ".join(text.split()).casefold().translate(_QUOTATION_MARKS)


_QUOTATION_MARKS = str.maketrans(dict.fromkeys('"‘’“”', "'"))


def assert_literal_everywhere(pages: dict[str, tuple[dict, BeautifulSoup]], payload: str) -> int:
    """No markup came from the payload, and wherever it shows, it shows exactly as written. Returns how often it shows."""
    shown = 0
    for path, (front, soup) in pages.items():
        for element in soup.find_all(True):
            for attribute, value in element.attrs.items():
                assert not attribute.lower().startswith("on"), f"{path}: event handler attribute {attribute!r} on <{element.name}>"
                values = value if isinstance(value, list) else [value]
                for v in values:
                    if attribute in ("href", "src"):
                        assert not v.strip().lower().startswith("javascript:"), f"{path}: {attribute}={v!r}"
                    shown += _check_marked(path, f"<{element.name} {attribute}>", v, payload)
            if element.name == "script":
                assert START not in element.get_text(), f"{path}: data inside a <script>"
            if element.name == "img":
                assert element.get("src") != "x", f"{path}: an <img> from data"
        # Code blocks hold the BibTeX, RIS and CSL-JSON exports: text escaped for those formats, checked in test_citable.
        strings = [s for s in soup.find_all(string=True) if not s.find_parent(["pre", "script"])]
        # A Chinese term with no transliteration in the data shows, beside it, the pinyin derive made of it.
        in_pinyin = [bool(s.find_parent("span", lang=GENERATED_PINYIN)) for s in strings]
        shown += _check_marked(path, "text", "".join(s for s, inside in zip(strings, in_pinyin) if not inside), payload)
        shown += _check_marked(path, "pinyin", "".join(s for s, inside in zip(strings, in_pinyin) if inside), payload, reading_of(payload))
        for key in ("title", "description"):
            if key in front:  # printed by the theme as HTML: it must be escaped HTML, i.e. parse back to the payload
                shown += _check_marked(path, f"front matter {key}", BeautifulSoup(front[key], "html.parser").get_text(), payload)
    return shown


GENERATED_PINYIN = re.compile(r"-Latn-pinyin$")


def reading_of(payload: str) -> str:
    """The pinyin derive makes of a term holding the payload, between the markers."""
    return re.findall(f"{START}(.*?){END}", to_pinyin(f"{START}{payload}{END}"), flags=re.S)[0]


def _check_marked(path: str, where: str, text: str, payload: str, reading: str | None = None) -> int:
    found = re.findall(f"{START}(.*?){END}", text, flags=re.S)
    for inner in found:
        assert normal(inner) in {normal(payload), normal(reading or payload)}, f"{path} ({where}): shows {inner!r} for {payload!r}"
    assert text.count(START) == len(found), f"{path} ({where}): the text from data was cut: {text!r}"
    return len(found)


@pytest.fixture(scope="module")
def fields(baseline):
    paths = list(text_fields(baseline[0]))
    assert len(paths) > 500, "the walk should reach every record's text"
    return paths


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data(), payload=text)
def test_any_text_in_any_field_comes_out_as_that_text(baseline, fields, data, payload):
    dataset, sizes, cache, converter = baseline
    path = data.draw(st.sampled_from(fields), label="field")
    pages = render_html(replaced(dataset, path, f"{START}{payload}{END}"), sizes, cache, converter)
    assert_literal_everywhere(pages, payload)


SHOWN_FIELDS = [("facts", 0, "label"), ("claims", 0, "gist"), ("charts", 0, "caption"), ("entities", 0, "name"), ("paragraphs", 1, "text")]


@pytest.mark.parametrize("payload", HOSTILE)
def test_each_hostile_string_comes_out_as_text(baseline, payload):
    dataset, sizes, cache, converter = baseline
    for path in SHOWN_FIELDS:
        dataset = replaced(dataset, path, f"{START}{payload}{END}")
    pages = render_html(dataset, sizes, cache, converter)
    assert assert_literal_everywhere(pages, payload) >= len(SHOWN_FIELDS)


@pytest.mark.slow
def test_hostile_text_around_the_pages_comes_out_as_text_in_the_built_site(project):
    """The theme prints the site's and pages' titles and descriptions: they reach it escaped."""
    payload = "<script>alert('x')</script>\"><img src=x onerror=alert(this)> & {{ site }}"  # no digits: editorial text states none
    site_yaml, pages_yaml = project / "data" / "site.yaml", project / "data" / "pages.yaml"
    site = site_yaml.read_text(encoding="utf-8")
    site_yaml.write_text(re.sub(r"(?m)^title: .*$", f"title: {json.dumps(payload)}", site, count=1), encoding="utf-8")
    pages = pages_yaml.read_text(encoding="utf-8")
    pages = re.sub(r"(?m)^  nav_title: .*$", f"  nav_title: {json.dumps(payload)}", pages, count=1)
    pages_yaml.write_text(re.sub(r"(?m)^  summary: .*$", f"  summary: {json.dumps(payload)}", pages, count=1), encoding="utf-8")
    run_mkdocs(project, "build")
    html_pages = sorted((project / "site").rglob("*.html"))
    assert len(html_pages) > 10
    for page in html_pages:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        assert not soup.find("img", src="x"), f"{page}: an <img> from data"
        for script in soup.find_all("script"):
            if script.get("type") == "application/ld+json":  # data, as JSON: it must parse and hold the text
                assert payload in json.dumps(json.loads(script.get_text()), ensure_ascii=False).replace('\\"', '"')
            else:
                assert "alert(" not in script.get_text(), f"{page}: a script from data"
        for element in soup.find_all(True):
            assert not any(a.lower().startswith("on") for a in element.attrs), f"{page}: {element.name} {element.attrs}"
    index = BeautifulSoup((project / "site" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert payload in index.title.get_text()
    assert payload in index.find("meta", attrs={"name": "description"})["content"]
    assert payload in index.select_one(".md-nav__link").get_text() or payload in index.select_one(".md-nav--primary").get_text()


# Where a template may print a value; Markdown reads each place differently.
PLACES = {
    "own line": "{{ value }}\n",
    "line after text": "Text\n{{ value }}\n",
    "inside text": "Before {{ value }} after.\n",
    "emphasis": "*{{ value }}*\n",
    "link text": "[{{ value }}](people.md#x)\n",
    "heading": "## {{ value }} {: #x }\n",
    "table cell": "| What | Figure |\n| --- | --- |\n| {{ value }} | 1 |\n",
    "list item": "- {{ value }}\n",
    "HTML block": '<div class="x" markdown="1">\n{{ value }}\n</div>\n',
}
# What makes a line something else when it starts one: a list, a rule, a heading's underline, a tab, a block, code.
LINE_STARTS = ["*", "|", "- item", "+ item", "1. item", "---", "-- -", "=", "==", '=== "tab"', "??? note", "~~~", "    code", "> quote", "#"]
MARK = "qzxvalue"


@pytest.fixture(scope="module")
def environment() -> jinja2.Environment:
    """The environment the pages render in, with the package's templates."""
    return make_environment(TEMPLATES)


def markdown_to_html(converter: markdown.Markdown, text_md: str) -> BeautifulSoup:
    converter.reset()
    return BeautifulSoup(converter.convert(text_md), "html.parser")


def shown(environment, converter, source: str, value) -> tuple[list, str]:
    """The elements (name and attributes) and the text of the HTML that `source` makes with `value`."""
    soup = markdown_to_html(converter, environment.from_string(source).render(value=value))
    return [(e.name, sorted((k, str(v)) for k, v in e.attrs.items())) for e in soup.find_all(True)], normal(soup.get_text())


def assert_shown_as_text(environment, converter, place: str, payload: str) -> None:
    """`payload` printed with no filter at `place` makes the same elements as a plain word, and shows as typed."""
    elements, text = shown(environment, converter, PLACES[place], MARK)
    assert shown(environment, converter, PLACES[place], payload) == (elements, text.replace(MARK, normal(payload))), f"{place}: {payload!r}"


@pytest.mark.parametrize("place", PLACES)
def test_a_new_field_printed_with_no_filter_shows_as_typed(baseline, environment, place):
    """A field no template printed before, printed with no filter at all: the hostile strings show as text."""
    for payload in HOSTILE + LINE_STARTS:
        assert_shown_as_text(environment, baseline.converter, place, payload)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(place=st.sampled_from(sorted(PLACES)), payload=st.one_of(text, st.sampled_from(LINE_STARTS)))
@example(place="own line", payload="[x](javascript:alert(1))")
def test_any_text_printed_with_no_filter_shows_as_typed(baseline, environment, place, payload):
    assert_shown_as_text(environment, baseline.converter, place, payload)


MARKUP = "**bold** [link](javascript:alert(1)) <i>italic</i> `code`"


def test_only_the_raw_filters_let_markup_through(baseline, environment):
    """Every filter, Jinja's own (`safe` and `e` among them) and the generator's: only those in RAW_FILTERS, each
    named for where it prints, let the value's markup through."""
    through = set()
    for name in sorted(environment.filters):
        try:
            soup = markdown_to_html(baseline.converter, environment.from_string(f"{{{{ value|{name} }}}}\n").render(value=MARKUP))
        except (TypeError, ValueError, AttributeError, jinja2.TemplateError):
            continue  # the filter needs arguments, or another kind of value
        if soup.find(["strong", "a", "i", "code", "script"]):
            through.add(name)
    assert through == set(RAW_FILTERS)


def test_the_markdown_marker_prints_markup(baseline, environment):
    elements, _ = shown(environment, baseline.converter, "{{ value|markdown }}\n", MARKUP)
    assert {"strong", "a", "i", "code"} <= {name for name, _ in elements}


# Ways a template might combine or pass a value (template, value): none marks it as Markdown, so each prints it escaped.
UNMARKED = {
    "Jinja's safe": ("{{ value|safe }}", MARKUP),
    "HTML marked safe in Python": ("{{ value }}", markupsafe.Markup(MARKUP)),
    "a macro's argument": ("{% macro show(v) %}{{ v }}{% endmacro %}{{ show(value) }}", MARKUP),
    "joined with ~ to Markdown": ("{{ (value|markdown) ~ '' }}", MARKUP),
    "a filter after the marker": ("{{ value|markdown|trim }}", MARKUP),
    "a {% set %} block": ("{% set captured %}{{ value|markdown }}{% endset %}{{ captured }}", MARKUP),
    "a loop": ("{% for v in [value] %}{{ v }}{% endfor %}", MARKUP),
    "a conditional": ("{{ value if value else 'none' }}", MARKUP),
}


@pytest.mark.parametrize("how", UNMARKED)
def test_markdown_is_printed_only_through_the_marker(baseline, environment, how):
    source, value = UNMARKED[how]
    assert shown(environment, baseline.converter, source + "\n", value) == ([("p", [])], normal(MARKUP))


def test_a_macro_returns_markdown_with_its_values_escaped(baseline, environment):
    elements, text = shown(environment, baseline.converter, "{% macro bold(v) %}**{{ v }}**{% endmacro %}{{ bold(value) }}\n", MARKUP)
    assert (elements, text) == ([("p", []), ("strong", [])], normal(MARKUP))


def test_an_undefined_value_is_an_error_naming_its_template_and_line(baseline, tmp_path):
    """A typo in a printed value (StrictUndefined, raised as the escaping prints it) stops the build at the template's file and line."""
    override = tmp_path / "pages" / "glossary.md.j2"
    override.parent.mkdir()
    lines = (ROOT / "templates" / "pages" / "glossary.md.j2").read_text(encoding="utf-8").splitlines()
    lines.insert(3, "Typo: {{ page.spec.no_such_field }}")
    override.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(TemplateError) as caught:
        render_html(baseline.data, baseline.sizes, baseline.cache, baseline.converter, [tmp_path, *TEMPLATES])
    assert str(caught.value).startswith(f"{override}:4: ")
    assert "no_such_field" in str(caught.value)
