"""Stage 2, validate: typed models from the loaded YAML, and cross-checks.

Every problem is collected with its file, line and field before one
DataError is raised, so a user fixes all of them in one pass.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from generator.errors import DataError, Problem

from . import roles, schema
from .chart_kinds import chart_kinds
from .coverage import misdated_events, printed_names, uncovered_numbers
from .figures import check_fact
from .files import DATA_FILES
from .load import Document, Sources


def validate(sources: Sources, templates: list[Path] | None = None, numbers: bool = True) -> schema.Dataset:
    """Return the validated dataset, or raise DataError listing every problem.

    With `templates` (directories, searched in order), each page's template must exist in one of them.
    With `numbers` (the default), a number of the text that nothing accounts for is a problem too;
    a draft leaves them to `todo()`.

    A record that fails its schema is left out and the cross-checks run on
    the rest, so one typo does not hide the problems behind it. References
    to a left-out record's id are not reported as unknown.
    """
    parsed: dict[str, Any] = {}
    documents = dict(sources.documents)
    problems: list[Problem] = []
    for data_file in DATA_FILES:
        name = data_file.name
        doc = documents[name]
        if not data_file.records:
            filled_in = {field: getattr(sources, field) for field in data_file.filled_in}
            data = {**doc.data, **filled_in} if filled_in and isinstance(doc.data, dict) else doc.data
            value, errors = _parse(data_file.model, data, ())
        else:
            value, errors, kept = _parse_records(data_file.model, doc.data)
            documents[name] = doc.keeping(kept)
        problems += [doc.problem(loc, message) for loc, message in errors]
        if value is not None:
            parsed[name] = value
    if len(parsed) < len(DATA_FILES):  # a whole file is unusable: nothing to cross-check against
        raise DataError(problems)

    paragraphs, paragraph_problems = _paragraphs(parsed["article"], sources)
    dataset = schema.Dataset(paragraphs=paragraphs, **parsed)
    known = _raw_ids(sources)
    problems += paragraph_problems + list(_cross_check(dataset, replace(sources, documents=documents), known))
    if templates is not None:
        problems += _page_templates(dataset, documents["pages"], templates)
    if numbers and not problems:  # last: a fact left out or misquoted would also show as a number unaccounted for
        problems += todo(dataset, sources)
    if problems:
        raise DataError(problems)
    return dataset


def todo(dataset: schema.Dataset, sources: Sources) -> list[Problem]:
    """Numbers of the text that no fact, date, name or waiver accounts for, and waivers that cover nothing."""
    return list(uncovered_numbers(dataset, sources.root / dataset.article.source_file, sources.documents["waivers"]))


Errors = list[tuple[tuple[str | int, ...], str]]


def _parse(model: Any, data: Any, prefix: tuple[str | int, ...]) -> tuple[Any, Errors]:
    try:
        return TypeAdapter(model).validate_python(data), []
    except ValidationError as err:
        return None, [((*prefix, *e["loc"]), _message(e)) for e in err.errors()]


def _parse_records(model: Any, data: Any) -> tuple[list[Any] | None, Errors, list[int]]:
    """Validate a list file record by record: the valid records, every error, and the kept records' indexes."""
    if not isinstance(data, list):
        return None, [((), f"expected a list of records, got {type(data).__name__}")], []
    records, errors, kept = [], [], []
    for index, item in enumerate(data):
        value, item_errors = _parse(model, item, (index,))
        errors += item_errors
        if value is not None:
            records.append(value)
            kept.append(index)
    return records, errors, kept


def _raw_ids(sources: Sources) -> dict[str, set[str]]:
    """Every id written in each list file, valid record or not; `sections` holds `page/section` pairs."""
    known = {
        name: {str(r["id"]) for r in doc.data if isinstance(r, dict) and "id" in r}
        for name, doc in sources.documents.items()
        if isinstance(doc.data, list)
    }
    pages = [p for p in sources.documents["pages"].data if isinstance(p, dict)]
    known["sections"] = {
        f"{page.get('id')}/{section.get('id')}" for page in pages for section in page.get("sections") or [] if isinstance(section, dict)
    }
    return known


def _message(error: Mapping[str, Any]) -> str:
    msg = error["msg"].removeprefix("Value error, ")
    value = error.get("input")
    if error["type"] == "missing":
        return "required field is missing"
    if error["type"] == "extra_forbidden":
        return f"unknown field {error['loc'][-1]!r}: the schema has no such key (misspelt?)"
    if isinstance(value, (str, int, float, bool)) or value is None:
        return f"{msg}, got {json.dumps(value, ensure_ascii=False)}"
    return msg


def _paragraphs(article: schema.Article, sources: Sources) -> tuple[list[schema.Paragraph], list[Problem]]:
    doc = sources.documents["article"]
    lines = sources.text_lines
    problems = []
    if len(article.paragraphs) != len(lines):
        problems.append(
            doc.problem(
                ("paragraphs",),
                f"{len(article.paragraphs)} paragraph ids for {len(lines)} lines in {article.source_file}",
            )
        )
    paragraphs = []
    for index, (spec, text) in enumerate(zip(article.paragraphs, lines, strict=False)):  # a count mismatch is reported above
        if not text.startswith(spec.starts):
            problems.append(
                doc.problem(
                    ("paragraphs", index, "starts"),
                    f"line {index + 1} of {article.source_file} starts {text[:40]!r}, not {spec.starts!r}",
                )
            )
        paragraphs.append(
            schema.Paragraph(
                id=spec.id, number=index + 1, role=spec.role, text=text, repeats=spec.repeats, former_ids=spec.former_ids
            )
        )
    return paragraphs, problems


def _cross_check(data: schema.Dataset, sources: Sources, known: dict[str, set[str]]) -> Iterator[Problem]:
    docs = sources.documents
    text = {p.id: p.text for p in data.paragraphs}
    entity_ids = known["entities"]
    sections = known["sections"]
    fact_ids = known["facts"]
    list_ids = known["lists"]

    yield from _unique_ids(data, docs)
    yield from _editorial_figures(data, docs)

    for spec_index, spec in enumerate(data.article.paragraphs):
        if spec.repeats is None:
            continue
        if spec.repeats not in text:
            yield docs["article"].problem(("paragraphs", spec_index, "repeats"), f"unknown paragraph {spec.repeats!r}")
        elif text[spec.id] not in text[spec.repeats]:
            yield docs["article"].problem(
                ("paragraphs", spec_index, "repeats"), f"the text of {spec.id!r} does not occur in {spec.repeats!r}"
            )
    author_paragraph = data.article.source.author_paragraph
    if author_paragraph is not None and author_paragraph not in text:
        yield docs["article"].problem(("source", "author_paragraph"), "unknown paragraph id")
    yield from _page_roles(data, docs)

    for name in (data_file.name for data_file in DATA_FILES if data_file.sourced):
        for index, record in enumerate(getattr(data, name)):
            yield from _check_quote(docs[name], index, record, text)
    for i, waiver in enumerate(data.waivers):
        if waiver.printed not in waiver.quote:
            yield docs["waivers"].problem((i, "printed"), f"{waiver.printed!r} does not occur in the quote")

    def refs(name: str, index: int, field: str, values: list[str], known: set[str], what: str) -> Iterator[Problem]:
        for i, value in enumerate(values):
            if value not in known:
                yield docs[name].problem((index, field, i), f"unknown {what} {value!r}")

    page_roles = {page.id: page.role for page in data.pages}
    topic_pages = [page.id for page in data.pages if page.role.records]
    chart_pages = topic_pages + [page.id for page in data.pages if page.role.charts and not page.role.records]

    def placed(name: str, index: int, record: Any) -> Iterator[Problem]:
        allowed = chart_pages if name == "charts" else topic_pages
        # None for a page whose own record is invalid (its sections are still known, from the raw YAML): its error is
        # reported where it is, and it has no role to ask.
        role = page_roles.get(record.topic)
        if role is not None and record.topic not in allowed:
            shown = ", ".join(allowed) or "none: give a page `template: topic`"
            yield docs[name].problem((index, "topic"), f"page {record.topic!r} does not show {name}; pages that do: {shown}")
        elif record.topic not in known["pages"]:
            yield docs[name].problem((index, "topic"), f"no page {record.topic!r} in pages.yaml; pages that show {name}: {', '.join(allowed) or 'none'}")
        elif f"{record.topic}/{record.section}" not in sections:
            yield docs[name].problem((index, "section"), f"no section {record.section!r} on page {record.topic!r}")
        elif name == "charts" and role is not None and not role.shows_charts(record.section):
            showing = ", ".join(s.id for s in (role.sections or {}).values() if s.charts)
            yield docs[name].problem(
                (index, "section"), f"section {record.section!r} of the {role.name} page shows no charts; the sections that do: {showing}"
            )

    derived_ids = known["derived"]
    facts_by_id = {f.id: f for f in data.facts}
    for i, page in enumerate(data.pages):
        for j, section in enumerate(page.sections):
            for k, item in enumerate(section.featured):
                if item not in fact_ids | derived_ids:
                    yield docs["pages"].problem((i, "sections", j, "featured", k), f"unknown fact or derived figure {item!r}")
    for i, fact in enumerate(data.facts):
        yield from refs("facts", i, "about", fact.about, entity_ids, "entity")
        yield from refs("facts", i, "attributed_to", fact.attributed_to, entity_ids, "entity")
        yield from placed("facts", i, fact)
        if fact.printed not in fact.quote:
            yield docs["facts"].problem((i, "printed"), f"{fact.printed!r} does not occur in the quote")
        yield from check_fact(docs["facts"], i, fact)
    for i, entity in enumerate(data.entities):
        yield from refs("entities", i, "affiliations", entity.affiliations, entity_ids, "entity")
    for i, event in enumerate(data.events):
        yield from refs("events", i, "about", event.about, entity_ids, "entity")
    yield from misdated_events(data, docs["events"])
    for i, claim in enumerate(data.claims):
        yield from refs("claims", i, "by", claim.by, entity_ids, "entity")
        yield from placed("claims", i, claim)
        if claim.stance not in data.site.stances:
            defined = ", ".join(repr(s) for s in data.site.stances) or "none yet"
            yield docs["claims"].problem((i, "stance"), f"unknown stance {claim.stance!r}: site.yaml's `stances` defines each tag ({defined})")
    for i, lst in enumerate(data.lists):
        yield from placed("lists", i, lst)
        for j, item in enumerate(lst.items):
            if item.entity is not None and item.entity not in entity_ids:
                yield docs["lists"].problem((i, "items", j, "entity"), f"unknown entity {item.entity!r}")
            if lst.paragraph in text and item.label not in text[lst.paragraph]:  # an unknown paragraph is reported above
                yield docs["lists"].problem((i, "items", j, "label"), f"{item.label!r} does not occur in {lst.paragraph}")
    derived_so_far: dict[str, schema.DerivationSpec] = {}
    for i, spec in enumerate(data.derived):
        yield from _derived_inputs(docs["derived"], i, spec, facts_by_id, derived_so_far, list_ids, fact_ids)
        derived_so_far[spec.id] = spec
        if spec.checks is not None and spec.checks not in fact_ids:
            yield docs["derived"].problem((i, "checks"), f"unknown fact {spec.checks!r}")
        if (spec.relation is None) != (spec.relation_quote is None):
            yield docs["derived"].problem((i, "relation"), "a relation needs relation_quote, the words that state it, and the other way round")
        elif spec.relation_quote is not None and spec.inputs[0] in facts_by_id:
            paragraph = facts_by_id[spec.inputs[0]].paragraph
            if spec.relation_quote not in text.get(paragraph, ""):
                yield docs["derived"].problem((i, "relation_quote"), f"does not occur verbatim in paragraph {paragraph}")
        yield from placed("derived", i, spec)
    for i, chart in enumerate(data.charts):
        yield from refs("charts", i, "facts", chart.facts, fact_ids, "fact")
        yield from refs("charts", i, "groups", list(chart.groups), fact_ids, "fact")
        for fact_id, series in chart.series.items():
            # Any label names a series; one written like an id is taken for a mistyped entity id.
            if series not in entity_ids and _LOOKS_LIKE_ID.fullmatch(series):
                yield docs["charts"].problem(
                    (i, "series", fact_id), f"unknown entity {series!r}; a series that is not an entity is a label, written as it should print"
                )
        for fact_id in chart.panels:
            if fact_id not in chart.facts:
                yield docs["charts"].problem((i, "panels", fact_id), f"{fact_id!r} is not one of this chart's facts")
        yield from refs("charts", i, "derived", chart.derived, derived_ids, "derived figure")
        yield from refs("charts", i, "context", chart.context, fact_ids, "fact")
        if chart.source_list is not None and chart.source_list not in list_ids:
            yield docs["charts"].problem((i, "source_list"), f"unknown list {chart.source_list!r}")
        yield from _chart_inputs(docs["charts"], i, chart, facts_by_id)
        if chart_kinds()[chart.kind].countries:
            yield from _mapped_countries(docs, chart, data)
        yield from placed("charts", i, chart)


def _derived_inputs(
    doc: Document,
    index: int,
    spec: schema.DerivationSpec,
    facts: dict[str, schema.Fact],
    earlier: dict[str, schema.DerivationSpec],
    list_ids: set[str],
    fact_ids: set[str],
) -> Iterator[Problem]:
    """A derived figure's inputs exist, are numbers, are as many as its operation takes, and a sum or difference adds
    amounts of one unit and currency. An input may be a derived figure listed before it (a share of a sum)."""
    if spec.op == "count":
        if len(spec.inputs) != 1:
            yield doc.problem((index, "inputs"), f"count takes 1 input(s), got {len(spec.inputs)}")
        for j, list_id in enumerate(spec.inputs):
            if list_id not in list_ids:
                yield doc.problem((index, "inputs", j), f"unknown list {list_id!r}")
        return
    if spec.op == "sum" and len(spec.inputs) < 2:
        yield doc.problem((index, "inputs"), f"sum takes 2 or more inputs, got {len(spec.inputs)}")
    elif spec.op != "sum" and len(spec.inputs) != 2:
        yield doc.problem((index, "inputs"), f"{spec.op} takes 2 input(s), got {len(spec.inputs)}")
    units: dict[tuple[str, str | None], str] = {}
    for j, input_id in enumerate(spec.inputs):
        if input_id in facts:
            fact = facts[input_id]
            if fact.value is None:
                yield doc.problem((index, "inputs", j), f"fact {input_id!r} has no numeric value (value: null); a {spec.op} needs a number")
            units.setdefault((fact.unit, fact.currency), input_id)
        elif input_id in earlier:
            if earlier[input_id].op in ("sum", "difference"):
                units.setdefault(_derived_unit(earlier[input_id], facts, earlier), input_id)
        elif input_id not in fact_ids:  # an input whose record is invalid is reported where it is
            yield doc.problem((index, "inputs", j), f"unknown fact, or derived figure listed before this one, {input_id!r}")
    if spec.op in ("sum", "difference") and len(units) > 1:
        shown = ", ".join(f"{input_id} is in {unit}" + (f" ({currency})" if currency and currency != unit else "") for (unit, currency), input_id in units.items())
        yield doc.problem((index, "inputs"), f"a {spec.op} takes amounts of one unit: {shown}")


def _derived_unit(
    spec: schema.DerivationSpec, facts: dict[str, schema.Fact], earlier: dict[str, schema.DerivationSpec]
) -> tuple[str, str | None]:
    """The unit and currency of a sum or difference: those of its first input."""
    first = spec.inputs[0] if spec.inputs else ""
    if first in facts:
        return facts[first].unit, facts[first].currency
    if first in earlier and earlier[first].op in ("sum", "difference"):
        return _derived_unit(earlier[first], facts, earlier)
    return "ratio", None


def _chart_inputs(doc: Document, index: int, chart: schema.ChartSpec, facts: dict[str, schema.Fact]) -> Iterator[Problem]:
    """A chart has what its kind's declaration says it draws from, so the build never reaches a chart with nothing to plot."""
    kind = chart_kinds()[chart.kind]
    if kind.source_list and chart.source_list is None:
        yield doc.problem((index, "kind"), f"a {chart.kind} chart needs source_list, the id of the list it shows")
    if kind.facts is not None:
        least, most = kind.facts
        if len(chart.facts) < least or (most is not None and len(chart.facts) > most):
            wanted = f"{least} to {most}" if most else f"at least {least}"
            yield doc.problem((index, "kind"), f"a {chart.kind} chart needs {wanted} fact(s) in facts, got {len(chart.facts)}")
    if kind.one_measure:
        yield from _one_measure(doc, index, chart, facts)
    for field in ("series", "panels") if kind.one_series else ():
        if getattr(chart, field):
            yield doc.problem((index, field), f"a {chart.kind} chart draws its facts as one series; for several, use paired_bars")
    for j, fact_id in enumerate(chart.facts if kind.numbers else []):
        if fact_id in facts and facts[fact_id].value is None:
            yield doc.problem((index, "facts", j), f"fact {fact_id!r} has no numeric value (value: null); a {chart.kind} chart plots numbers")


def _one_measure(doc: Document, index: int, chart: schema.ChartSpec, facts: dict[str, schema.Fact]) -> Iterator[Problem]:
    """A chart of one measure draws its facts on one axis: values in different units on it would read as comparable."""
    plotted = [(j, facts[fact_id]) for j, fact_id in enumerate(chart.facts) if fact_id in facts]
    for j, fact in plotted[1:]:
        first = plotted[0][1]
        if (fact.unit, fact.currency) != (first.unit, first.currency):
            yield doc.problem(
                (index, "facts", j),
                f"a {chart.kind} chart draws one measure: {fact.id!r} is in {_measure(fact)}, {first.id!r} in {_measure(first)}",
            )


def _measure(fact: schema.Fact) -> str:
    return repr(fact.unit) + (f" ({fact.currency})" if fact.currency else "")


_LOOKS_LIKE_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def _mapped_countries(docs: dict[str, Document], chart: schema.ChartSpec, data: schema.Dataset) -> Iterator[Problem]:
    """Every item of a map's list is a country the map can place: an entity with a `country_code`."""
    entities = {e.id: e for e in data.entities}
    for i, lst in enumerate(data.lists):
        if lst.id != chart.source_list:
            continue
        for j, item in enumerate(lst.items):
            entity = entities.get(item.entity) if item.entity else None
            if item.entity is None:
                yield docs["lists"].problem((i, "items", j), f"{chart.id} maps this list: each item needs the entity of its country")
            elif entity is not None and entity.country_code is None:
                yield docs["lists"].problem(
                    (i, "items", j, "entity"), f"{chart.id} maps this list: entity {item.entity!r} needs a country_code (ISO 3166-1 numeric)"
                )


def _page_templates(data: schema.Dataset, doc: Document, templates: list[Path]) -> Iterator[Problem]:
    by_hand = {role.name for role in roles.DECLARED if role.by_hand}
    available = sorted({p.name.removesuffix(".md.j2") for d in templates for p in (d / "pages").glob("*.md.j2")} - by_hand)
    for i, page in enumerate(data.pages):
        if page.template is not None and page.template not in available:
            where = " or ".join(str(d / "pages") for d in templates)
            yield doc.problem((i, "template"), f"no template {page.template!r} in {where} (there are: {', '.join(available)})")


def _page_roles(data: schema.Dataset, docs: dict[str, Document]) -> Iterator[Problem]:
    """The pages the others link to exist, once each: what the data holds decides which are needed."""
    doc = docs["pages"]
    if data.pages and data.pages[0].id != "index":
        yield doc.problem((0, "id"), "the first page is the home page: its id is `index` (usually `template: overview`)")
    seen: dict[str | None, int] = {}
    for i, page in enumerate(data.pages):
        if page.role.unique and page.template in seen:
            yield doc.problem((i, "template"), f"a second {page.template!r} page: pages[{seen[page.template]}] is already the {page.template} page")
        seen.setdefault(page.template, i)
        if page.file is not None and page.file != f"{page.id}.md":
            yield doc.problem((i, "file"), f"a hand-written page's file is docs/<id>.md, here {page.id}.md, so its address is /{page.id}/")
        yield from _page_sections(doc, i, page)
    for role in roles.DECLARED:
        need = role.needed
        if need is not None and getattr(data, need.records) and role.name not in seen:
            yield docs[need.file].problem(need.loc, f"pages.yaml needs a page with `template: {role.name}`: {need.why}")


def _page_sections(doc: Document, index: int, page: schema.PageSpec) -> Iterator[Problem]:
    """A role that lays out its sections itself has each one it requires, and none it does not know."""
    role = page.role
    if role.sections is None:
        return
    if role.by_hand:
        unknown = "a hand-written page has no sections here: its headings are those of its Markdown"
    elif not role.sections:
        unknown = f"the {role.name} role has no sections: its page shows the data as a whole"
    else:
        unknown = f"the {role.name} role has no section {{!r}}; the sections it knows: {', '.join(role.sections)}"
    for j, section in enumerate(page.sections):
        if section.id not in role.sections:
            yield doc.problem((index, "sections", j, "id"), unknown.format(section.id))
    given = {section.id for section in page.sections}
    for wanted in role.sections.values():
        if wanted.required and wanted.id not in given:
            yield doc.problem((index, "sections"), f"the {role.name} role needs a section {wanted.id!r}: {wanted.shows}")


def _editorial_figures(data: schema.Dataset, docs: dict[str, Document]) -> Iterator[Problem]:
    """Editorial text states no figures: a digit outside a printed name (an entity's name or alias, a glossary term) belongs in facts.yaml."""
    names = printed_names(data)
    names_pattern = re.compile("|".join(re.escape(n) for n in names)) if names else None
    texts: list[tuple[str, tuple[str | int, ...], str | None]] = []
    for i, page in enumerate(data.pages):
        texts += [("pages", (i, "title"), page.title), ("pages", (i, "summary"), page.summary)]
        for j, section in enumerate(page.sections):
            texts += [("pages", (i, "sections", j, "title"), section.title), ("pages", (i, "sections", j, "intro"), section.intro)]
    for i, chart in enumerate(data.charts):
        texts += [("charts", (i, field), getattr(chart, field)) for field in ("title", "caption", "note")]
        texts += [("charts", (i, "panels", fact_id), label) for fact_id, label in chart.panels.items()]
        texts += [("charts", (i, "series", fact_id), label) for fact_id, label in chart.series.items() if not _LOOKS_LIKE_ID.fullmatch(label)]
    texts += [("claims", (i, "gist"), c.gist) for i, c in enumerate(data.claims)]
    texts += [("derived", (i, "label"), d.label) for i, d in enumerate(data.derived)]
    texts += [("derived", (i, "note"), d.note) for i, d in enumerate(data.derived)]
    texts += [("facts", (i, "label"), f.label) for i, f in enumerate(data.facts)]
    for name, loc, text in texts:
        if not text:
            continue
        unnamed = names_pattern.sub("\0", text) if names_pattern else text  # a name's place kept, so no two words join
        if figure := re.search(r"[^\s\0]*\d[^\s\0]*", unnamed):
            yield docs[name].problem(
                loc,
                f"editorial text states a figure ({_quoted_figure(unnamed, figure.end())!r}); put it in facts.yaml and show it from there, "
                "or, if it is part of a name, record the name as an entity's name or alias or as a glossary term",
            )


def _quoted_figure(text: str, end: int) -> str:
    """The figure ending at text[:end] as a reader would quote it, with the word before it ("Phase 2", "about 25%")."""
    words = text[:end].split()
    if len(words) > 1 and "\0" not in words[-2] and not words[-2].endswith((".", ",", ";", ":")):
        words = words[-2:]
    else:
        words = words[-1:]
    return " ".join(words).rstrip(".,;:)")


def _check_quote(doc: Document, index: int, record: schema.Sourced, text: dict[str, str]) -> Iterator[Problem]:
    if record.paragraph not in text:
        yield doc.problem((index, "paragraph"), f"unknown paragraph {record.paragraph!r}")
    elif record.quote not in text[record.paragraph]:
        yield doc.problem((index, "quote"), f"does not occur verbatim in paragraph {record.paragraph}")


def _unique_ids(data: schema.Dataset, docs: dict[str, Document]) -> Iterator[Problem]:
    """Every anchor id, current or former, is unique across the site, so `#id` names one thing."""
    seen: dict[str, str] = {}
    located: list[tuple[str, tuple[str | int, ...], Any]] = []
    for name in (data_file.name for data_file in DATA_FILES if data_file.anchored):
        located += [(name, (i,), r) for i, r in enumerate(getattr(data, name))]
    located += [("article", ("paragraphs", i), p) for i, p in enumerate(data.article.paragraphs)]
    located += [("pages", (i, "sections", j), s) for i, p in enumerate(data.pages) for j, s in enumerate(p.sections)]
    records: list[tuple[str, tuple[str | int, ...], str]] = []
    for name, loc, record in located:
        records.append((name, (*loc, "id"), record.id))
        records += [(name, (*loc, "former_ids", k), former) for k, former in enumerate(record.former_ids)]
    page_ids: set[str] = set()
    for i, page in enumerate(data.pages):
        if page.id in page_ids:
            yield docs["pages"].problem((i, "id"), f"page id {page.id!r} is used twice")
        page_ids.add(page.id)
    for name, loc, record_id in records:
        if record_id in seen:
            yield docs[name].problem(loc, f"id {record_id!r} is already used in {seen[record_id]}")
        else:
            seen[record_id] = f"{name}.yaml"
