"""The data model: what an article looks like as data.

Every model here describes *an article* (its paragraphs, figures, people,
claims) and none of it is specific to the article this site was built for.
Field docstrings double as the reference for the YAML files in `data/`.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
    model_validator,
)

from generator.dates import ISO_PATTERN, When

from . import roles
from .chart_kinds import chart_kinds
from .printed import BOUND_PHRASES, BOUND_WORDS, Bound, bound_of, currency_codes, read_printed

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # C0 and C1 controls, except tab and line feed
ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
Id = Field(pattern=ID_PATTERN, description="Stable permalink id: lowercase ASCII, digits and hyphens.")
LANGUAGE_PATTERN = r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$"
STANCE_PATTERN = r"^[a-z][a-z0-9]*(?: [a-z0-9]+|-[a-z0-9]+)*$"
# CITATION.cff's own pattern for a DOI (CFF 1.2.0's schema), so that every DOI the data takes is one CITATION.cff takes.
DOI_PATTERN = r"^10\.[0-9]{4,9}(?:\.[0-9]+)?/[A-Za-z0-9:/_;\-.()\[\]\\]+$"
_DOI_RESOLVER = re.compile(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", re.IGNORECASE)


class Model(BaseModel):
    """Base for every record: unknown keys are errors, not silently dropped."""

    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)

    @field_validator("*")
    @classmethod
    def _plain_text(cls, value: object) -> object:
        """Empty or whitespace-only text is a mistake, and control characters have no place in a report."""
        texts = value if isinstance(value, list) else value.values() if isinstance(value, dict) else [value]
        for text in texts:
            if isinstance(text, str) and not text.strip():
                raise ValueError("expected text, found an empty or whitespace-only string")
            if isinstance(text, str) and (bad := _CONTROL.search(text)):
                raise ValueError(f"expected printable text, found the control character U+{ord(bad.group()):04X}")
        return value


class Anchored(Model):
    """A record with a permalink anchor of its own."""

    id: str = Id
    former_ids: list[str] = []
    """Ids it had before, kept as anchors in the page so links to them still land here."""


class Sourced(Model):
    """A datum that states where in the text it comes from."""

    paragraph: str
    """Id of the paragraph that states it (see `article.yaml`)."""
    quote: str = Field(min_length=1)
    """Verbatim words from that paragraph; checked to occur there exactly."""


# --- article.yaml -----------------------------------------------------------


class ParagraphSpec(Anchored):
    """One line of the source text, in order, with its permalink id."""

    role: Literal["body", "pull-quote", "author-note"] = "body"
    """`pull-quote`: a sentence the text repeats from elsewhere; `author-note`: the byline note."""
    starts: str = Field(min_length=3)
    """The paragraph's first words, checked against the text so ids cannot drift."""
    repeats: str | None = None
    """For a pull quote: the id of the paragraph it repeats."""


class Person(Model):
    """A person or body credited for the site; `family`/`given` when it is a person's name."""

    name: str
    """The name as citations print it when it is not split: a body's name, or a person's in full."""
    family: str | None = None
    """A person's family name, for citation formats; left out for a body."""
    given: str | None = None
    """A person's given names or initials, for citation formats."""
    affiliation: str | None = None
    """Where the person works, as the site credits it."""


class SourceMeta(Model):
    """What the text states about itself. A field left out (or `null`) means: the text does not state it."""

    genre: str
    """What kind of text it is, as a reader would call it, in lowercase: `commentary`, `news release`, `fact sheet`, `speech` (editorial).
    The site names the text by it ("the news release"), and a citation of a text without a title describes it by it."""
    author: str
    """Author's name as printed: a person, or an organisation (the White House, an agency, a newsroom)."""
    author_kind: Literal["person", "organisation"] = "person"
    """`organisation` when the text is issued by a body rather than signed by a person."""
    author_family: str | None = None
    """A person's family name, from the printed name, for citation formats (editorial); an organisation has none."""
    author_given: str | None = None
    """A person's given names or initials, from the printed name, for citation formats (editorial)."""
    affiliation: str | None = None
    """A person's affiliation exactly as printed in the byline note."""
    author_paragraph: str | None = None
    """Id of the byline paragraph, when the text has one."""
    title: str | None = None
    """The title as printed. When the text has none (`null`), citations describe it by its `genre` instead (APA: "[News release]")."""
    excerpt: bool = False
    """`true` when `source_file` keeps part of the published text, not all of it: the site then calls it an excerpt."""
    venue: str | None = None
    """Where it was published: a newspaper, a website, an agency's newsroom."""
    published: dt.date | None = None
    """The date of publication the text states."""
    url: str | None = None
    """Where the text is published online, when it says so."""
    language: str = Field("en", pattern=LANGUAGE_PATTERN)
    """BCP 47 code of the text's language, e.g. `en`, `fr`, `zh-Hans`."""

    @model_validator(mode="after")
    def _name_fits_kind(self) -> SourceMeta:
        if self.author_kind == "person" and self.author_family is None:
            raise ValueError("a person as author needs author_family (and author_given) for citations; an organisation takes author_kind: organisation")
        if self.author_kind == "organisation" and (self.author_family or self.author_given):
            raise ValueError("an organisation as author has no author_family or author_given: its name is `author`")
        return self


class Article(Model):
    """The text the site is built from: where it is, what it states about itself, and its paragraphs' ids."""

    source_file: str
    """Path of the verbatim text, relative to `data/`; one paragraph per line."""
    source: SourceMeta
    """What the text states about itself (title, author, date, …), for the site and its citations."""
    paragraphs: list[ParagraphSpec]
    """One entry per line of `source_file`, in order: each paragraph's permalink id and first words."""


class Paragraph(Model):
    """A paragraph with its text, as loaded from the source file."""

    id: str
    number: int
    """1-based line number in the source file."""
    role: Literal["body", "pull-quote", "author-note"]
    text: str
    repeats: str | None = None
    former_ids: list[str] = []


# --- site.yaml --------------------------------------------------------------


class Site(Model):
    """The site itself, as its editors present it: title, editors, version and release date (all editorial)."""

    title: str
    """The site's own title (editorial, and labelled so: it is not the text's title)."""
    short_title: str
    """A short form of the title, for the header and the citation keys."""
    description: str
    """One-paragraph editorial summary, shown labelled as editorial."""
    editors: list[Person]
    """Who made the site: its authors in every citation of it."""
    version: str
    """The site's version, e.g. `1.0.0`: citations carry it."""
    date: dt.date
    """Release date of this version: the date citations carry (never the build's clock)."""
    site_url: str
    """Not in site.yaml: taken from `site_url` in mkdocs.yml, so it is set in one place."""
    language: str = Field("en", pattern=LANGUAGE_PATTERN)
    """BCP 47 code of the language the site is written in."""
    publisher: str | None = None
    """Who publishes the site (citation_publisher); left out when unset."""
    doi: str | None = Field(None, json_schema_extra={"pattern": DOI_PATTERN})
    """The DOI registered for this version (e.g. Zenodo's `10.5281/zenodo.1234567`), without `https://doi.org/`: every
    citation, the head metadata, CITATION.cff and zenodo.json then carry it. Left out until one is registered."""
    stances: dict[str, str] = {}
    """What each stance tag on a claim means (editorial), shown on the About page: tag → definition. A claim's `stance` is one of these tags
    (lowercase words, e.g. `in favour`, `against`)."""

    @field_validator("stances")
    @classmethod
    def _stance_tags(cls, stances: dict[str, str]) -> dict[str, str]:
        for tag in stances:
            if not re.fullmatch(STANCE_PATTERN, tag):
                raise ValueError(f"a stance tag is lowercase words or digits, separated by spaces or hyphens, got {tag!r}")
        return stances

    @field_validator("doi")
    @classmethod
    def _doi_form(cls, doi: str | None) -> str | None:
        if doi is None or re.fullmatch(DOI_PATTERN, doi):
            return doi
        if (bare := _DOI_RESOLVER.sub("", doi)) != doi and re.fullmatch(DOI_PATTERN, bare):
            raise ValueError(f"a DOI is written without its resolver: {bare!r}")
        raise ValueError(
            "expected a DOI such as '10.5281/zenodo.1234567': 10., the registrant's number, a slash, the item's own name"
            " (letters, digits and : / _ ; - . ( ) [ ] \\, the characters CITATION.cff takes)"
        )


# --- facts.yaml -------------------------------------------------------------

CURRENCY_PATTERN = r"^[A-Z]{3}$"


def _known_currency(code: str | None) -> str | None:
    if code is not None and code not in currency_codes():
        raise ValueError("expected an ISO 4217 currency code (three capital letters, e.g. `EUR`)")
    return code


class Equivalent(Model):
    """The same quantity printed again in another unit or currency, beside the figure (usually in parentheses)."""

    printed: str
    """The equivalent exactly as printed, without its parentheses; checked to occur in the fact's `quote`."""
    value: float
    """Its number in base units, held to what is printed as the fact's `value` is."""
    unit: str
    """What one of `value` is, in the equivalent's unit."""
    currency: str | None = Field(None, pattern=CURRENCY_PATTERN)
    """ISO 4217 code when the equivalent is an amount of money."""

    @field_validator("currency")
    @classmethod
    def _currency(cls, code: str | None) -> str | None:
        return _known_currency(code)


class Fact(Anchored, Sourced):
    """One figure the text states."""

    label: str
    """What the figure is, in a few words (shown as its heading)."""
    printed: str
    """The figure exactly as printed, with the noun it counts if wanted (a number, a scale word, a percent sign,
    a currency sign; digits or words); checked to occur in `quote`."""
    value: float | None = None
    """The number printed, in base units (a scale word multiplied out). A figure printed with a scale word or decimals
    is rounded: its value lies within half a unit of the last printed digit. Any other is exact: its value equals it.
    `null` when the figure is not a number."""
    unit: str
    """What one of `value` is, in the text's words: a currency code (`USD`, `EUR`), `percent`, `people`, `tonnes`, `hours`, …"""
    currency: str | None = Field(None, pattern=CURRENCY_PATTERN)
    """ISO 4217 code when the figure is an amount of money; it agrees with a currency sign printed with the figure."""
    measures: str
    """What is measured, in a phrase."""
    about: list[str] = []
    """Entity ids the figure is about."""
    date: dt.date | None = None
    attributed_to: list[str] = []
    """Entity ids the text credits for the figure; empty when the author states it."""
    qualifier: str | None = None
    """Words printed with the figure that hedge or bound it, as printed; checked to occur in `quote`."""
    bound: Bound | None = Field(
        None,
        validate_default=True,
        description="How the quantity stands to the printed figure. Read from `qualifier` when that is one of a bound's phrases;\n"
        "stated, it must agree with them: "
        + "; ".join(
            f"`{bound}`: " + ", ".join(f"“{words}”" for words, its in BOUND_PHRASES.items() if its == bound)
            for bound in BOUND_WORDS
        )
        + ".",
    )
    equivalent: Equivalent | None = None
    """The same quantity printed beside the figure in another unit or currency (a conversion the text gives)."""
    topic: str
    """Id of the page where the figure is discussed in full."""
    section: str
    """Id of the section on that page."""

    @field_validator("currency")
    @classmethod
    def _currency(cls, code: str | None) -> str | None:
        return _known_currency(code)

    @field_validator("bound")
    @classmethod
    def _bound_of_qualifier(cls, bound: Bound | None, info: ValidationInfo) -> Bound | None:
        qualifier, shown = info.data.get("qualifier"), info.data.get("printed")
        reading = read_printed(shown) if shown else None
        implied = {words: its for words, its in ((qualifier, bound_of(qualifier)), (shown, reading and reading.bound)) if its}
        if len(set(implied.values())) > 1 or (bound is not None and implied and bound not in implied.values()):
            stated = "; ".join(f"{words!r} states {its!r}" for words, its in implied.items())
            raise ValueError(f"the bound disagrees with the printed words: {stated}")
        return bound or next(iter(implied.values()), None)


# --- entities.yaml ----------------------------------------------------------

EntityKind = Literal["person", "organisation", "country", "place", "product", "benchmark", "initiative"]


class Entity(Anchored, Sourced):
    """A person, organisation, place or thing the text names."""

    kind: EntityKind
    """What it is; the people page lists each kind in the section that names it."""
    name: str
    """Name as printed in the text."""
    type: str | None = None
    """Sub-kind, in a word or two: `company`, `university`, `government body`, `newspaper`, `city` …"""
    aliases: list[str] = []
    """Other printed forms, used to find every paragraph that mentions the entity."""
    role: str | None = None
    """A person's role as printed."""
    affiliations: list[str] = []
    """Entity ids of organisations the person belongs to."""
    description: str | None = None
    """How the text describes the entity, in its words."""
    maker: str | None = None
    """For a product: the entity id of the organisation the text names as its maker (charts colour by it)."""
    country_code: str | None = None
    """For a country: its ISO 3166-1 numeric code (editorial), which places it on a map, e.g. `250` for France."""
    editorial_note: str | None = None
    """An editor's note, e.g. the usual spelling of a misprinted name. Shown labelled as editorial."""


# --- events.yaml ------------------------------------------------------------


# A day, a month or a year in ISO 8601 (`YYYY-MM-DD`, `YYYY-MM`, `YYYY`); YAML reads a year alone as a number.
EventDate = Annotated[
    When,
    PlainValidator(When.parse),
    PlainSerializer(str, return_type=str),
    WithJsonSchema({"type": ["string", "integer"], "pattern": ISO_PATTERN}),
]


class Event(Anchored, Sourced):
    """A dated event the text states."""

    date: EventDate
    """When it happened, as precisely as the text says: a day `YYYY-MM-DD`, a month `YYYY-MM` or a year `YYYY`. The
    quote prints it (its year may be left out), or `date_note` says where it comes from."""
    end: EventDate | None = None
    """When an event that lasts ended, as precisely as the text says; the quote prints it too. The timeline draws the
    event as a span from `date` to `end`."""
    title: str
    """What happened, in a few words (editorial)."""
    about: list[str] = []
    """Entity ids of who or what it concerns."""
    date_note: str | None = None
    """Editorial note on the date, e.g. when the year is not printed."""

    @model_validator(mode="after")
    def _ends_after_it_starts(self) -> Event:
        if self.end is not None and self.end.first <= self.date.last:
            raise ValueError(f"end {self.end} is not after date {self.date}: a span ends after it starts")
        return self


# --- claims.yaml ------------------------------------------------------------

class Claim(Anchored, Sourced):
    """Who argues what, in the text's words."""

    by: list[str]
    """Entity ids of who argues it (the text's author included)."""
    stance: str
    """How the claim stands on the text's subject: one of the tags `site.yaml` defines under `stances` (shown on the About page)."""
    gist: str
    """A short editorial paraphrase; the quote is the evidence."""
    topic: str
    """Id of the page that shows it."""
    section: str
    """Id of the section on that page."""


# --- lists.yaml -------------------------------------------------------------


class ListItem(Model):
    """One item of a list, as printed."""

    label: str
    """The item as printed."""
    entity: str | None = None
    """The entity id it names, when it names one: the item links to it."""


class ArticleList(Anchored, Sourced):
    """A list the text gives (three products, five countries, …), item by item."""

    title: str
    """What the list is, in a few words (editorial)."""
    items: list[ListItem]
    """Its items in the text's order."""
    topic: str
    """Id of the page that shows it."""
    section: str
    """Id of the section on that page."""


# --- glossary.yaml ----------------------------------------------------------


class Term(Anchored, Sourced):
    """A term the text explains, often in another language, with the meaning it gives."""

    term: str
    """The term as printed, in its own language."""
    language: str = Field(pattern=LANGUAGE_PATTERN)
    """BCP 47 code of the term's language, e.g. `zh-Hans`, `fr`, `de`."""
    transliteration: str | None = None
    """How it reads in Latin letters. For Chinese, left out, it is pinyin generated with pypinyin."""
    gloss: str
    """What the text gives as its meaning, in the text's language."""


# --- waivers.yaml -----------------------------------------------------------


class Waiver(Sourced):
    """A number in the text that is deliberately not a fact, and why."""

    printed: str
    """The number as printed, e.g. `2024`; checked to occur in `quote`."""
    reason: str
    """Why it is not recorded as a fact (shown nowhere on the site; for editors and reviewers)."""


# --- derived.yaml -----------------------------------------------------------


class DerivationSpec(Anchored):
    """A figure computed from facts. The formula is shown next to the result."""

    label: str
    """What the computed figure is, in a few words (shown as its heading)."""
    op: Literal["ratio", "share", "difference", "sum", "count"]
    """`ratio`: a/b (shown as ×); `share`: a/b as a percentage; `difference`: a−b; `sum`: a+b+…; `count`: items in a list."""
    inputs: list[str]
    """Fact ids (a, b; two or more for `sum`), or one list id for `count`. An input may also be a derived figure
    listed before this one (a `share` of a `sum`, say)."""
    checks: str | None = None
    """Id of a fact whose printed claim this figure is checked against (e.g. `1/18th`, `double`, `six`)."""
    relation: Literal["part-of", "exceeds"] | None = None
    """A relation the article states between the two inputs, checked: `part-of` (a is within b), `exceeds` (a > b)."""
    relation_quote: str | None = None
    """The words that state the relation, verbatim from the first input's paragraph."""
    note: str | None = None
    """Editorial: what the check compares, where its inputs differ from what the article's statement is about, and what agreement can show."""
    topic: str
    """Id of the page that shows it."""
    section: str
    """Id of the section on that page."""


# --- pages.yaml -------------------------------------------------------------


class Section(Anchored):
    """A section of a page: its heading, and what is placed in it."""

    title: str
    """Its heading."""
    intro: str | None = None
    """Editorial framing, shown labelled; no figures (they come from facts)."""
    featured: list[str] = []
    """Ids of facts or derived figures to show here as well (e.g. key figures on the overview)."""
    entity_kinds: list[EntityKind] = []
    """Kinds of entity listed in this section, in data order (e.g. `person` on the people page)."""


class PageSpec(Model):
    """A page of the site, in navigation order: generated from a template, or written by hand."""

    id: str = Id
    """Page id: also its URL path (`costs` → `/costs/`). The first page is the home page, `index`."""
    title: str
    """The page's heading and title."""
    nav_title: str
    """Its shorter name in the navigation."""
    template: str | None = Field(
        None,
        description="Template in `templates/pages/`, without `.md.j2`: `topic` for a page of facts, claims, lists and charts,\nor a role ("
        + ", ".join(f"`{name}`" for name in roles.unique_roles())
        + ").",
    )
    file: str | None = None
    """Instead of a template: a page written by hand, `docs/<id>.md`. It gets the same cite box, metadata and permalinks."""
    summary: str
    """One line for the site map and the page description (editorial)."""
    sections: list[Section] = []
    """Its sections, in order; a role that lays out its own names the ids it needs."""

    @field_validator("template")
    @classmethod
    def _plain_name(cls, v: str | None) -> str | None:
        if v is not None and not re.fullmatch(r"[a-z_]+", v):
            raise ValueError("a template name is lowercase letters and underscores")
        return v

    @model_validator(mode="after")
    def _template_or_file(self) -> PageSpec:
        if (self.template is None) == (self.file is None):
            raise ValueError("a page has either a `template` (generated) or a `file` (written by hand in docs/), not both or neither")
        return self

    @property
    def role(self) -> roles.PageRole:
        """What kind of page it is (generator/model/roles.py): a role, `topic`, a project's own template, or written by hand."""
        return roles.role_of(self.template)


def role_pages(pages: list[PageSpec]) -> dict[str, str]:
    """Role → the id of the page that has it, for the roles a site has at most one page of (validation sees to it)."""
    return {page.role.name: page.id for page in pages if page.role.unique}


# --- charts.yaml ------------------------------------------------------------


if TYPE_CHECKING:  # a type checker sees a name; pydantic checks it against the declared kinds, built-in and installed
    ChartKindName = str
else:
    ChartKindName = Literal[tuple(chart_kinds())]


class ChartSpec(Anchored):
    """A chart of facts, of one of the declared kinds (the table of kinds is in the README)."""

    kind: ChartKindName
    """The kind of chart: what it draws and which fields it reads."""
    title: str
    """The chart's title (editorial)."""
    caption: str
    """Editorial caption; figures come from the data."""
    facts: list[str] = []
    """Fact ids plotted, in order."""
    groups: dict[str, str] = {}
    """For `bars` and `paired_bars`: fact id → group label (the category on the axis; the fact's label by default)."""
    series: dict[str, str] = {}
    """Fact id → its series (a colour and a legend entry): an entity id, shown as the entity's name and coloured as its
    maker, or any other label, shown as written. A value written like an id (lowercase, no spaces) must be an entity's."""
    panels: dict[str, str] = {}
    """For `magnitude`: fact id → the kind of amount it is (e.g. spent, pledged, lost; editorial). Each kind is drawn in a panel of its own, headed by it, so amounts of different kinds are not read as comparable."""
    source_list: str | None = None
    """For `grid` and `map`: the list id whose items are plotted (for a map, countries with a `country_code`)."""
    derived: list[str] = []
    """Derived figure ids shown on the chart beside their category (e.g. a price ratio), or under its title."""
    context: list[str] = []
    """Fact ids shown under the chart's title as text: figures that belong with it but are not plotted."""
    note: str | None = None
    """A caveat about mixing units, currencies or qualifiers."""
    topic: str
    """Id of the page that shows it."""
    section: str
    """Id of the section on that page."""


# --- the whole, validated ---------------------------------------------------


class Dataset(Model):
    """An article's data after validation: what every later stage reads."""

    site: Site
    article: Article
    paragraphs: list[Paragraph]
    pages: list[PageSpec]
    facts: list[Fact]
    entities: list[Entity]
    events: list[Event]
    claims: list[Claim]
    lists: list[ArticleList]
    glossary: list[Term]
    waivers: list[Waiver]
    derived: list[DerivationSpec]
    charts: list[ChartSpec]
