"""Stage 3, derive: everything computed from the data, before any template runs.

Templates only format; every ratio, share, sort, pinyin reading and
cross-reference the site shows is computed here, each derived figure with
the formula that produced it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from generator.dates import base_language
from generator.model import roles, schema
from generator.model.printed import BOUND_WORDS, Bound, print_amount, read_printed, trim_number

from .pinyin import pinyin_of


@dataclass(frozen=True)
class Figure:
    """A fact as the site shows it."""

    fact: schema.Fact
    display: str
    """The printed figure with its qualifier, e.g. `nearly $1 trillion`."""

    derived = False

    @property
    def id(self) -> str:
        return self.fact.id

    @property
    def label(self) -> str:
        return self.fact.label

    @property
    def topic(self) -> str:
        return self.fact.topic

    @property
    def paragraphs(self) -> list[str]:
        return [self.fact.paragraph]

    @property
    def credited(self) -> list[str]:
        """Ids of the entities the article credits for the figure; empty when the author states it."""
        return self.fact.attributed_to

    @property
    def value(self) -> float | None:
        return self.fact.value

    @property
    def unit(self) -> str:
        return self.fact.unit

    @property
    def currency(self) -> str | None:
        return self.fact.currency

    @property
    def bound(self) -> Bound | None:
        """Which side of the printed figure the quantity lies on, when the text bounds it (`more than`, `up to`)."""
        return self.fact.bound

    @property
    def sign(self) -> str | None:
        """The currency sign the figure is printed with (`$`, `¥`), for figures computed from it."""
        reading = read_printed(self.fact.printed)
        return reading.sign if reading else None


@dataclass(frozen=True)
class Verdict:
    """The article's own statement, recomputed from its figures: does it hold?"""

    says: str
    """What the article states, in its words."""
    holds: bool
    reading: str
    """The arithmetic and the rule it was held to, in words."""


@dataclass(frozen=True)
class Derived:
    """A figure computed from facts, with its formula."""

    spec: schema.DerivationSpec
    value: float
    display: str
    formula: str
    inputs: list[Figure | Derived]
    """The facts it is computed from, or derived figures before it (a `share` of a `sum`)."""
    checks: Figure | None
    paragraphs: list[str]
    verdict: Verdict | None = None
    unit: str = "ratio"
    """What one of `value` is: the inputs' unit for a sum or difference, `percent` for a share, `ratio` for a ratio."""
    currency: str | None = None
    sign: str | None = None
    bound: Bound | None = None
    """Which side of `value` the quantity lies on, from the bounds of its inputs (`at least 67`)."""

    derived = True

    @property
    def id(self) -> str:
        return self.spec.id

    @property
    def label(self) -> str:
        return self.spec.label

    @property
    def topic(self) -> str:
        return self.spec.topic

    @property
    def credited(self) -> list[str]:
        """Ids of the entities the article credits for any input, in order of first mention."""
        return list(dict.fromkeys(e for fig in self.inputs for e in fig.credited))


@dataclass(frozen=True)
class Term:
    term: schema.Term
    transliteration: str | None
    """As written in the data, or pinyin generated for Chinese; None when neither."""

    @property
    def transliteration_language(self) -> str:
        """BCP 47 tag of the transliteration: `zh-Latn-pinyin` for Chinese, `<language>-Latn` otherwise."""
        base = base_language(self.term.language)
        return "zh-Latn-pinyin" if base == "zh" else f"{base}-Latn"


@dataclass(frozen=True)
class Reference:
    """A place on the site that cites something: for "appears in" lists."""

    page: str
    anchor: str
    label: str


@dataclass
class EntityView:
    entity: schema.Entity
    paragraphs: list[str] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)


@dataclass(frozen=True)
class SectionView:
    section: schema.Section
    figures: list[Figure]
    derived: list[Derived]
    claims: list[schema.Claim]
    lists: list[schema.ArticleList]
    charts: list[schema.ChartSpec]
    featured: list[Figure | Derived]
    entities: list[str]
    """Ids of the entities listed in this section."""
    entries: list[EntityEntry] = field(default_factory=list)
    """The same entities as entries: people the article names together (one quote, one role) share one."""


@dataclass(frozen=True)
class EntityEntry:
    """One entry of the People page: an entity, or the people one passage names together."""

    ids: list[str]
    paragraphs: list[str]
    """Paragraphs that mention any of them, in text order."""
    references: list[Reference]
    """Places on the site that cite any of them."""


@dataclass(frozen=True)
class PageView:
    spec: schema.PageSpec
    sections: list[SectionView]

    @property
    def id(self) -> str:
        return self.spec.id

    @property
    def src_path(self) -> str:
        return f"{self.spec.id}.md"

    @property
    def role(self) -> roles.PageRole:
        """What kind of page it is; templates take its declared sections from here (`page.role.sections.method`)."""
        return self.spec.role

    @property
    def template(self) -> str:
        """The page template it renders with: its own, or `handwritten` for a page written in docs/."""
        return self.role.name

    @property
    def has_charts(self) -> bool:
        return any(view.charts for view in self.sections)


@dataclass(frozen=True)
class Report:
    """The derived view of a dataset: what templates render."""

    data: schema.Dataset
    pages: list[PageView]
    figures: dict[str, Figure]
    derived: dict[str, Derived]
    entities: dict[str, EntityView]
    terms: list[Term]
    events: list[schema.Event]
    paragraph_refs: dict[str, list[Reference]]
    """Paragraph id → the places on the site that cite it."""
    roles: dict[str, str]
    """Page role (`source`, `people`, `timeline`, `glossary`, `about`, …) → the id of the page that has it."""
    left_out: list[str] = field(default_factory=list)
    """Why each page pages.yaml lists but the site leaves out is left out (a glossary page without terms, …)."""

    @cached_property
    def languages(self) -> list[str]:
        """Base language codes the site shows text in: the site's, the article's and the glossary's (`en`, `zh`)."""
        tags = [self.data.site.language, self.data.article.source.language, *(t.language for t in self.data.glossary)]
        return list(dict.fromkeys(base_language(tag) for tag in tags))

    @property
    def the_text(self) -> str:
        """How the site names its source in running text: `the commentary`, `the news release`."""
        return f"the {self.data.article.source.genre}"

    @cached_property
    def unstated(self) -> list[str]:
        """What the source's text does not state about itself, of title, venue and date (for "not stated" notes)."""
        source = self.data.article.source
        return [name for name, value in (("title", source.title), ("venue", source.venue), ("date of publication", source.published)) if value is None]

    @cached_property
    def qualifiers(self) -> list[str]:
        """The hedge words the facts carry, in order of first use (for the About page)."""
        return list(dict.fromkeys(f.qualifier for f in self.data.facts if f.qualifier))

    @cached_property
    def paragraphs(self) -> dict[str, schema.Paragraph]:
        return {p.id: p for p in self.data.paragraphs}

    @cached_property
    def _body_numbers(self) -> dict[str, int]:
        return {p.id: n for n, p in enumerate((p for p in self.data.paragraphs if p.role == "body"), 1)}

    def paragraph_label(self, paragraph_id: str) -> str:
        """How a link to a paragraph reads: `¶7` (its place among the body paragraphs), or its role."""
        paragraph = self.paragraphs[paragraph_id]
        if paragraph.role == "body":
            return f"¶{self._body_numbers[paragraph_id]}"
        return {"pull-quote": "pull quote", "author-note": "author note"}.get(paragraph.role, paragraph.role)

    def page_url(self, page_id: str) -> str:
        """The page's canonical address (MkDocs' directory URLs under `site_url`)."""
        return self.data.site.site_url + ("" if page_id == "index" else f"{page_id}/")


def derive(data: schema.Dataset) -> Report:
    """Compute every derived figure and cross-reference of the site."""
    figures = {f.id: Figure(f, display_figure(f)) for f in data.facts}
    derived: dict[str, Derived] = {}
    for spec in data.derived:  # in file order: an input that is a derived figure comes before (validation sees to it)
        derived[spec.id] = _derive_one(spec, figures, derived, data)
    shown = [page for page in data.pages if not _empty(page, data)]
    roles = schema.role_pages(shown)
    entities = _entity_views(data, roles)
    pages = [_page_view(page, data, figures, derived, entities) for page in shown]
    paragraph_refs = _paragraph_refs(data, roles)
    chinese = [t.term for t in data.glossary if not t.transliteration and base_language(t.language) == "zh"]
    readings = pinyin_of(chinese) if chinese else {}
    terms = [Term(t, t.transliteration or (readings[t.term] if base_language(t.language) == "zh" else None)) for t in data.glossary]
    events = sorted(data.events, key=lambda e: (e.date.sort_key(), e.id))
    left_out = [
        f"the page {page.id!r} (template: {page.template}) is left out of the site, its navigation and its site map while {need.none}"
        for page in data.pages
        if page.id not in roles.values() and (need := page.role.needed) is not None
    ]
    return Report(data, pages, figures, derived, entities, terms, events, paragraph_refs, roles, left_out)


def _empty(page: schema.PageSpec, data: schema.Dataset) -> bool:
    """A role's page with none of the data it shows (a glossary without terms) and no chart placed on it: an empty page."""
    need = page.role.needed
    return need is not None and not getattr(data, need.records) and not any(chart.topic == page.id for chart in data.charts)


# How a bounded input moves a result: a sum and the first term of a difference or quotient move with it, the second
# term of a difference or quotient against it.
_MOVES = {"sum": (1, 1), "difference": (1, -1), "ratio": (1, -1), "share": (1, -1)}
_SIDE: dict[Bound, int] = {"at_most": -1, "below": -1, "at_least": 1, "above": 1, "approximately": 0}


def derived_bound(op: str, bounds: list[Bound | None]) -> Bound | None:
    """The bound of a figure computed by `op` from inputs with these bounds, in order: `at least 67` from 72 − `up to 5`;
    `about` when bounds pull both ways, or an input is only approximate; None when no input is bounded."""
    first, rest = _MOVES[op]
    sides = [(bound, _SIDE[bound] * (first if place == 0 else rest)) for place, bound in enumerate(bounds) if bound is not None]
    directions = {side for _, side in sides}
    if not directions:
        return None
    if len(directions) > 1 or 0 in directions:
        return "approximately"
    strict = any(bound in ("below", "above") for bound, _ in sides)
    if directions == {1}:
        return "above" if strict else "at_least"
    return "below" if strict else "at_most"


def with_bound(text: str, bound: Bound | None) -> str:
    """A computed figure with the words of its bound before it: `at least 67 flights`, `about 25%`."""
    return f"{BOUND_WORDS[bound]} {text}" if bound else text


def display_figure(fact: schema.Fact) -> str:
    """The figure as printed, preceded by its qualifier unless the print already holds it, and followed by its printed
    equivalent in parentheses: `about 3 feet (1 meter)`."""
    shown = fact.printed if fact.equivalent is None else f"{fact.printed} ({fact.equivalent.printed})"
    if fact.qualifier and fact.qualifier not in fact.printed:
        return f"{fact.qualifier} {shown}"
    return shown


def _derive_one(spec: schema.DerivationSpec, figures: dict[str, Figure], earlier: dict[str, Derived], data: schema.Dataset) -> Derived:
    if spec.op == "count":
        (list_id,) = spec.inputs
        lst = next(x for x in data.lists if x.id == list_id)
        value = float(len(lst.items))
        checks = figures[spec.checks] if spec.checks else None
        display = f"{len(lst.items)}"
        formula = f"items in the list “{lst.title}”"
        verdict = None
        if checks is not None:
            holds = value == checks.fact.value
            reading = f"the list “{lst.title}” has {display} items" + (", as stated" if holds else f", not the stated {checks.fact.printed}")
            verdict = Verdict(f"“{checks.display}”", holds, reading)
        return Derived(spec, value, display, formula, [], checks, [lst.paragraph], verdict, unit=lst.title)

    inputs: list[Figure | Derived] = [figures[i] if i in figures else earlier[i] for i in spec.inputs]
    values = [fig.value for fig in inputs]
    if None in values:
        raise ValueError(f"derived {spec.id}: inputs must have numeric values")
    x, y = (float(v or 0) for v in values[:2])
    language, first = data.site.language, inputs[0]
    unit, currency, sign = first.unit, first.currency, first.sign
    if spec.op == "ratio":
        value = x / y
        display = f"{trim_number(value)}×" if value >= 1 else f"1/{trim_number(1 / value)}"
        formula = f"{inputs[0].display} ÷ {inputs[1].display}"
        unit, currency, sign = "ratio", None, None
    elif spec.op == "share":
        value = 100 * x / y
        display = f"{trim_number(value)}%"
        formula = f"{inputs[0].display} ÷ {inputs[1].display} × 100"
        unit, currency, sign = "percent", None, None
    elif spec.op == "sum":
        value = sum(float(v or 0) for v in values)
        display = print_amount(value, unit, currency, sign, language)
        formula = " + ".join(fig.display for fig in inputs)
    else:  # difference
        value = x - y
        display = print_amount(value, unit, currency, sign, language, difference=True)
        formula = f"{inputs[0].display} − {inputs[1].display}"
    bound = derived_bound(spec.op, [fig.bound for fig in inputs])
    display = with_bound(display, bound)
    checks = figures[spec.checks] if spec.checks else None
    paragraphs = sorted({p for fig in inputs for p in fig.paragraphs}, key=_paragraph_order(data))
    verdict = _against_stated(value if spec.op != "share" else value / 100, formula, checks) if checks else None
    if spec.relation is not None:
        verdict = _relation(spec, inputs[0], inputs[1])
    return Derived(spec, value, display, formula, inputs, checks, paragraphs, verdict, unit, currency, sign, bound)


def _against_stated(value: float, formula: str, stated: Figure) -> Verdict:
    """Hold the computed value to the stated figure at the precision the article prints it.

    `1/18th` holds when 1 ÷ value rounds to 18; `double` (2) or `six` (6)
    when value rounds to it; a printed decimal keeps its decimals. `nearly`
    also asks that the value not exceed the stated figure.
    """
    fact = stated.fact
    says = f"“{stated.display}”"
    if fact.value is None:
        return Verdict(says, False, f"{formula}: the article's figure has no number to hold it to")
    if fraction := re.fullmatch(r"1/(\d+)(?:st|nd|rd|th)?", fact.printed):
        holds = round(1 / value) == int(fraction[1])
        reading = f"{formula} = 1/{1 / value:.2f}, which rounds to 1/{round(1 / value)}"
    else:
        decimals = len(fact.printed.split(".")[1].rstrip("%")) if "." in fact.printed else 0
        rounded = round(value, decimals)
        holds = rounded == round(fact.value, decimals)
        reading = f"{formula} = {value:.2f}".replace(".00", "") + f", which rounds to {trim_number(rounded)}"
    reading += ", as stated" if holds else f", not the stated {fact.printed}"
    if fact.bound in ("below", "at_most", "above", "at_least"):
        under = fact.bound in ("below", "at_most")
        within = value <= fact.value if under else value >= fact.value
        words = fact.qualifier or BOUND_WORDS[fact.bound]
        holds = holds and within
        reading += f", and is {'below' if under == within else 'above'} it, as “{words}” {'says' if within else 'does not allow'}"
    return Verdict(says, holds, reading)


def _relation(spec: schema.DerivationSpec, a: Figure | Derived, b: Figure | Derived) -> Verdict:
    x, y = a.value, b.value
    assert x is not None and y is not None  # validation refuses a relation between facts with no value
    says = f"“{spec.relation_quote}”"
    if spec.relation == "part-of":
        holds = x <= y
        reading = f"{a.display} is {'within' if holds else 'more than'} {b.display}"
    else:  # exceeds
        holds = x > y
        reading = f"{a.display} is {'more' if holds else 'not more'} than {b.display}"
    return Verdict(says, holds, reading)


def _paragraph_order(data: schema.Dataset):
    order = {p.id: p.number for p in data.paragraphs}
    return lambda pid: order[pid]


def _page_view(
    page: schema.PageSpec,
    data: schema.Dataset,
    figures: dict[str, Figure],
    derived: dict[str, Derived],
    entities: dict[str, EntityView],
) -> PageView:
    def here(record) -> bool:
        return record.topic == page.id and record.section == section.id

    views = []
    for section in page.sections:
        featured = [figures.get(i) or derived[i] for i in section.featured]
        listed = [e for e in data.entities if e.kind in section.entity_kinds]
        views.append(
            SectionView(
                section=section,
                figures=[figures[f.id] for f in data.facts if here(f)],
                derived=[derived[d.id] for d in data.derived if here(d)],
                claims=[c for c in data.claims if here(c)],
                lists=[x for x in data.lists if here(x)],
                charts=[c for c in data.charts if here(c)],
                featured=featured,
                entities=[e.id for e in listed],
                entries=_entries(listed, entities, _paragraph_order(data)),
            )
        )
    return PageView(page, views)


def _entries(listed: list[schema.Entity], views: dict[str, EntityView], order) -> list[EntityEntry]:
    """One entry per entity, except that those one passage names together (same quote, paragraph and role) share one."""
    groups: dict[tuple, list[str]] = {}
    for e in listed:
        groups.setdefault((e.paragraph, e.quote, e.role, tuple(e.affiliations)), []).append(e.id)
    entries = []
    for ids in groups.values():
        paragraphs = sorted({p for i in ids for p in views[i].paragraphs}, key=order)
        references = list(dict.fromkeys(r for i in ids for r in views[i].references))
        entries.append(EntityEntry(ids, paragraphs, references))
    return entries


def _entity_views(data: schema.Dataset, roles: dict[str, str]) -> dict[str, EntityView]:
    views = {e.id: EntityView(e) for e in data.entities}
    for entity in data.entities:
        names = [entity.name, *entity.aliases]
        pattern = _mention_pattern(names)
        # A plain substring test first: it rules out most paragraphs before the pattern's search, which would otherwise run on
        # every paragraph for every entity.
        views[entity.id].paragraphs = [p.id for p in data.paragraphs if any(n in p.text for n in names) and pattern.search(p.text)]

    def cite(entity_ids: list[str], ref: Reference) -> None:
        for entity_id in entity_ids:
            if ref not in views[entity_id].references:
                views[entity_id].references.append(ref)

    for fact in data.facts:
        cite([*fact.about, *fact.attributed_to], Reference(fact.topic, fact.id, fact.label))
    for claim in data.claims:
        cite(claim.by, Reference(claim.topic, claim.id, claim.gist))
    for lst in data.lists:
        cite([i.entity for i in lst.items if i.entity], Reference(lst.topic, lst.id, lst.title))
    for event in data.events:
        cite(event.about, Reference(roles["timeline"], event.id, event.title))
    return views


def _mention_pattern(names: list[str]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?!\w)")


def _paragraph_refs(data: schema.Dataset, roles: dict[str, str]) -> dict[str, list[Reference]]:
    refs: dict[str, list[Reference]] = defaultdict(list)
    for fact in data.facts:
        refs[fact.paragraph].append(Reference(fact.topic, fact.id, fact.label))
    for claim in data.claims:
        refs[claim.paragraph].append(Reference(claim.topic, claim.id, claim.gist))
    for lst in data.lists:
        refs[lst.paragraph].append(Reference(lst.topic, lst.id, lst.title))
    for term in data.glossary:
        refs[term.paragraph].append(Reference(roles["glossary"], term.id, term.term))
    for event in data.events:
        refs[event.paragraph].append(Reference(roles["timeline"], event.id, event.title))
    return dict(refs)
