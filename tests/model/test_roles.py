"""Page roles are declared once (generator/model/roles.py): their templates and the data keep to the declarations.

Validation checks the data's sections against a role (tests/model/test_validate.py); here, the templates: each role has
one, a template lays out exactly the sections its role declares, and one that names another fails its render.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import jinja2
import pytest
import yaml
from jinja2 import nodes

from conftest import SMALL_REPORT
from generator.authoring.scaffold import new_project
from generator.charts.views import VARIANTS, chart_views
from generator.cite.citations import cite_report
from generator.derive.report import derive
from generator.errors import TemplateError
from generator.model.roles import DECLARED
from generator.pipeline import check, render_report_pages
from generator.project import default_templates

PAGES = default_templates() / "pages"


def declared_sections_named(template: Path) -> set[str]:
    """The section ids a template takes from its role's declaration: `sections.method`, `sections["key-figures"]`."""
    tree = jinja2.Environment().parse(template.read_text(encoding="utf-8"))
    named = {n.attr for n in tree.find_all(nodes.Getattr) if isinstance(n.node, nodes.Name) and n.node.name == "sections"}
    named |= {
        n.arg.value
        for n in tree.find_all(nodes.Getitem)
        if isinstance(n.node, nodes.Name) and n.node.name == "sections" and isinstance(n.arg, nodes.Const)
    }
    return named


def test_each_declared_role_has_a_template_and_each_template_a_role():
    assert sorted(role.name for role in DECLARED) == sorted(p.name.removesuffix(".md.j2") for p in PAGES.glob("*.md.j2"))


@pytest.mark.parametrize("role", [r for r in DECLARED if r.sections], ids=lambda r: r.name)
def test_a_template_lays_out_exactly_the_sections_its_role_declares(role):
    assert declared_sections_named(PAGES / f"{role.name}.md.j2") == set(role.sections)


def test_a_section_the_role_does_not_declare_fails_the_render_naming_the_template_line(tmp_path):
    """A renamed section used to lose its content silently: now the template's name for it must be declared."""
    templates = tmp_path / "templates"
    (templates / "pages").mkdir(parents=True)
    about = (PAGES / "about.md.j2").read_text(encoding="utf-8")
    assert about.count("sections.build.id") == 1
    (templates / "pages" / "about.md.j2").write_text(about.replace("sections.build.id", "sections.building.id"), encoding="utf-8")
    line = 1 + about.splitlines().index(next(text for text in about.splitlines() if "sections.build.id" in text))

    report = derive(check(SMALL_REPORT))
    views = {cid: replace(view, sizes=dict.fromkeys(VARIANTS, (1, 1))) for cid, view in chart_views(report).items()}
    dates = {page.id: dt.date(2026, 1, 1) for page in report.pages}
    with pytest.raises(TemplateError) as info:
        render_report_pages(report, [templates, default_templates()], views, cite_report(report, views), dates)
    assert str(info.value).startswith(f"{templates / 'pages' / 'about.md.j2'}:{line}: ")
    assert "'building'" in str(info.value)


def test_the_scaffold_starts_a_project_with_every_role_that_has_a_starter(tmp_path):
    """A new project's pages.yaml is built from the declarations: one page for each role that has a starter entry."""
    text = tmp_path / "text.txt"
    text.write_text("A first paragraph.\n\nA second paragraph.\n", encoding="utf-8")
    new_project(tmp_path / "report", text)
    pages = yaml.safe_load((tmp_path / "report" / "data" / "pages.yaml").read_text(encoding="utf-8"))
    assert sorted(page["template"] for page in pages) == sorted(role.name for role in DECLARED if role.starter)
