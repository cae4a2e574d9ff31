"""Text from data/ comes out as text: never as markup, a link, a script or a template.

Hypothesis puts arbitrary and hostile text into every text field of the
data, renders the pages, turns the Markdown into HTML with the site's own
Markdown extensions, and checks the HTML: no element, attribute, link or
script came from the data, and the text shows exactly as written. A full
`mkdocs build` with hostile text then checks what the theme prints around
the pages (title, navigation, description).
"""

from __future__ import annotations

import json
import re
import types
import typing
from dataclasses import replace

import markdown
import pytest
import yaml
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mkdocs.config import load_config
from pydantic import BaseModel

from conftest import ROOT, run_mkdocs
from generator.charts.views import chart_views
from generator.cite.citations import cite_report
from generator.derive.report import derive
from generator.pages.print_edition import PRINT_EDITION
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


def render_html(data, sizes, cache, converter) -> dict[str, tuple[dict, BeautifulSoup]]:
    """Each page's front matter and body HTML, as MkDocs would make them from the generated Markdown."""
    report = derive(data)
    views = {cid: replace(view, sizes=sizes[cid]) for cid, view in chart_views(report).items()}  # the sizes of the real renders
    dates = {page.id: data.site.date for page in report.pages}
    out = {}
    for path, text_md in render_report_pages(report, find_project(ROOT / "mkdocs.yml").templates, views, cite_report(report, views, cache), dates).items():
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
    """Compared as text is read: whitespace collapsed, and case folded (citation styles title-case titles)."""
    return " ".join(text.split()).casefold()


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
        prose = "".join(s for s in soup.find_all(string=True) if not s.find_parent(["pre", "script"]))
        shown += _check_marked(path, "text", prose, payload)
        for key in ("title", "description"):
            if key in front:  # printed by the theme as HTML: it must be escaped HTML, i.e. parse back to the payload
                shown += _check_marked(path, f"front matter {key}", BeautifulSoup(front[key], "html.parser").get_text(), payload)
    return shown


def _check_marked(path: str, where: str, text: str, payload: str) -> int:
    found = re.findall(f"{START}(.*?){END}", text, flags=re.S)
    for inner in found:
        assert normal(inner) == normal(payload), f"{path} ({where}): shows {inner!r} for {payload!r}"
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
