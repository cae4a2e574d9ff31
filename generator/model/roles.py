"""Page roles: each kind of page `pages.yaml` can name, declared once.

A page names a `template` (or a hand-written `file`); its role says whether the
site has at most one such page, what in the data makes it needed, the sections
it knows, what can be placed on it, which data files date it, and the entry a
new project starts with. Validation, derivation, page dates, the scaffold and
the templates read these declarations; none restates them. Adding a role is a
declaration here and its template in `templates/pages/<name>.md.j2`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import Literal


@dataclass(frozen=True)
class SectionRole:
    """A section a role's template lays out itself: the data gives its id and title, the template its content."""

    id: str
    shows: str
    """What the template shows in it, in a phrase (error messages quote it)."""
    required: bool = True
    charts: bool = False
    """Charts placed in it are shown."""


@dataclass(frozen=True)
class Need:
    """What in the data makes a role's page necessary, and where a missing page is reported."""

    records: str
    """The dataset's field (`entities`, `events`, …) whose records, when there are any, need the page."""
    file: str
    """The data file to point at, with `loc` inside it."""
    loc: tuple[str | int, ...]
    why: str
    none: str
    """What is true when there are none (the build's notice that the page is left out says it)."""


RECORDS: Literal["records"] = "records"
"""`dated_by` of a page of records: the files holding the records placed on it."""


@dataclass(frozen=True)
class PageRole:
    """One kind of page: its template is `templates/pages/<name>.md.j2`."""

    name: str
    unique: bool = True
    """At most one page has it, and other pages link to it through `report.roles` (paragraphs to `source`, …)."""
    needed: Need | None = None
    """What in the data needs the page; a page of the role is left out of the site (with a notice) while there is none of it."""
    sections: Mapping[str, SectionRole] | None = None
    """The sections it knows, by id; None: any ids the data gives (the page lists what is placed in them)."""
    records: bool = False
    """Facts, claims, lists, derived figures and charts can be placed on it."""
    charts: bool = False
    """Charts can be placed on it (in the sections that show them)."""
    dated_by: tuple[str, ...] | Literal["records"] | None = None
    """Data files, besides `site.yaml` and `pages.yaml`, whose last change dates the page; None: all of `data/`."""
    by_hand: bool = False
    """Written by hand in `docs/` (`file:`), not named as a template."""
    starter: str = ""
    """Its entry in the `pages.yaml` a new project starts with (empty: none)."""
    starter_place: int = 0
    """Where that entry goes among the others: the order of a new project's navigation."""

    def shows_charts(self, section_id: str) -> bool:
        """Whether a chart placed in section `section_id` of such a page is shown."""
        if not self.charts:
            return False
        return self.sections is None or (section_id in self.sections and self.sections[section_id].charts)


def _sections(*sections: SectionRole) -> Mapping[str, SectionRole]:
    return MappingProxyType({section.id: section for section in sections})


NONE: Mapping[str, SectionRole] = MappingProxyType({})
"""No sections: the page's content comes from the data as a whole."""


DECLARED = (
    PageRole(
        "overview",
        sections=_sections(
            SectionRole("key-figures", "the figures listed in its `featured`, as cards"),
            SectionRole("summary", "the site's description and what the source states about itself"),
            SectionRole("site-map", "every other page with its summary"),
        ),
        starter_place=0,
        starter="""\
- id: index
  title: Overview
  nav_title: Overview
  template: overview
  summary: Key figures at a glance, a short summary and a map of the site.
  sections:
    - id: key-figures
      title: Key figures
      featured: []         # ids of facts or derived figures
    - {id: summary, title: Summary}
    - {id: site-map, title: What is on this site}
""",
    ),
    PageRole(
        "source",
        needed=Need("paragraphs", "article", ("paragraphs",), "every figure links to its paragraph there", "the text has no paragraphs"),
        sections=NONE,
        dated_by=("article.yaml", "source-article.txt"),
        starter_place=5,
        starter="""\
- id: source
  title: Source text
  nav_title: Source text
  template: source
  summary: The whole text, verbatim, with a permalink on every paragraph.
""",
    ),
    PageRole(
        "people",
        needed=Need("entities", "entities", (), "entities.yaml lists people and organisations", "entities.yaml names no one"),
        starter_place=2,
        starter="""\
- id: people
  title: People & organisations
  nav_title: People & organisations
  template: people
  summary: Every person and organisation the text names, with every place it appears.
  sections:
    - {id: people-list, title: People, entity_kinds: [person]}
    - {id: organisations, title: Organisations, entity_kinds: [organisation]}
    - {id: other-names, title: "Places, products and others", entity_kinds: [country, place, product, benchmark, initiative]}
""",
    ),
    PageRole(
        "timeline",
        needed=Need("events", "events", (), "events.yaml has dated events", "events.yaml has no events"),
        charts=True,
        dated_by=("events.yaml", "charts.yaml"),
        starter_place=3,
        starter="""\
- id: timeline
  title: Timeline
  nav_title: Timeline
  template: timeline
  summary: The dated events of the text, in order.
  sections:
    - {id: dated-events, title: Dated events}
""",
    ),
    PageRole(
        "glossary",
        needed=Need("glossary", "glossary", (), "glossary.yaml has terms", "glossary.yaml has no terms"),
        sections=NONE,
        dated_by=("glossary.yaml",),
        starter_place=4,
        starter="""\
- id: glossary
  title: Glossary
  nav_title: Glossary
  template: glossary
  summary: The terms the text explains.
""",
    ),
    PageRole(
        "about",
        sections=_sections(
            SectionRole("method", "how the data was extracted and checked, the stance tags, and the charts placed here", charts=True),
            SectionRole("build", "how the site is built"),
            SectionRole("cite", "how to cite the site, in which formats, and its permanent links"),
            SectionRole("original", "what the original text states about itself, and how to cite it"),
        ),
        charts=True,
        starter_place=7,
        starter="""\
- id: about
  title: About & method
  nav_title: About & method
  template: about
  summary: How the data was extracted, how the site is built, and how to cite it.
  sections:
    - {id: method, title: How the data was extracted}
    - {id: build, title: How the site is built}
    - {id: cite, title: How to cite}
    - {id: original, title: The original text}
""",
    ),
    PageRole(
        "data_reference",
        sections=NONE,
        starter_place=6,
        starter="""\
- id: data-reference
  title: Data reference
  nav_title: Data reference
  template: data_reference
  summary: The fields of every data file, generated from the schema the build validates against.
""",
    ),
    PageRole(
        "topic",
        unique=False,
        records=True,
        charts=True,
        dated_by=RECORDS,
        starter_place=1,
        starter="""\
- id: findings
  title: Findings
  nav_title: Findings
  template: topic
  summary: TODO what this page holds, in one line.
  sections:
    - id: main
      title: TODO a section title
      intro: TODO an editorial introduction (optional; no figures).
""",
    ),
    PageRole("handwritten", unique=False, sections=NONE, by_hand=True),
)

ROLES: dict[str, PageRole] = {role.name: role for role in DECLARED}

PROJECT_TEMPLATE = PageRole("", unique=False, records=True, charts=True)
"""The role of a template a project adds itself: facts, claims, lists and charts can be placed on it, in any section."""


def role_of(template: str | None) -> PageRole:
    """The role of a page with `template` (None: a hand-written page)."""
    if template is None:
        return ROLES["handwritten"]
    return ROLES.get(template) or replace(PROJECT_TEMPLATE, name=template)


def unique_roles() -> list[str]:
    """The roles a site has at most one page of, in declaration order."""
    return [role.name for role in DECLARED if role.unique]


def starter_pages() -> str:
    """The pages a new project's `pages.yaml` lists, in navigation order."""
    starters = sorted((role for role in DECLARED if role.starter), key=lambda role: role.starter_place)
    return "\n".join(role.starter for role in starters)
